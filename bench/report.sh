#!/bin/bash
# Turn two benchmark outputs ("key value" lines) into report.md and a plot.
# Usage: bench/report.sh UPSTREAM.txt OURS.txt OUTDIR
set -euo pipefail
up=$1; ours=$2; out=$3
val() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
row() { printf '| %s | %s | %s |\n' "$1" "$(val "$up" "$2")" "$(val "$ours" "$2")"; }
{
	echo "# secretmem benchmark: upstream vs ours"
	echo
	echo "Same Debian linux-source-6.1 tree and config; upstream is the unpatched tree,"
	echo "ours is the series. QEMU, 2 vCPUs, 4 GB; $(date -u +%Y-%m-%d). Timings are"
	echo "medians of 7 runs within one boot; compare ratios, not absolute times."
	echo
	echo "## First touch, ns per 4 KB page"
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	for t in 1t 2t; do
		for k in secret memfd anon; do row "$k, $t" "touch_ns_${k}_$t"; done
		row "**secret / memfd, $t**" "ratio_secret_memfd_$t"
		row "secret / anon, $t" "ratio_secret_anon_$t"
	done
	echo
	echo "## First touch of 1 GB, 2 MB-aligned (huge mappings)"
	echo
	echo "One thread, one byte per 4 KB page; ns per MB are medians of 3 runs,"
	echo "minor faults and kB are of the last run (-1: not available). \"release\""
	echo "is munmap() and close() of the whole GB: ours clears secret pages there"
	echo "when nothing can write to them any more, so both are shown."
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	for m in minflt ns_per_mb free_ns_per_mb; do
		case $m in
		minflt) d="minor faults" ;;
		ns_per_mb) d="first touch, ns per MB" ;;
		free_ns_per_mb) d="release, ns per MB" ;;
		esac
		row "$d, secret" "huge_${m}_secret"
		row "$d, anon THP" "huge_${m}_anon_thp"
		row "$d, memfd" "huge_${m}_memfd"
	done
	row "**secret / anon THP**" huge_ratio_secret_anon_thp
	row "secret / memfd" huge_ratio_secret_memfd
	row "secret / anon THP, first touch + release" huge_ratio_total_secret_anon_thp
	row "PMD-mapped kB, secret (FilePmdMapped)" huge_pmd_mapped_kb_secret
	row "AnonHugePages kB, anon THP" huge_anon_huge_kb
	echo
	echo "## Kernel TLB-flush IPIs (CAL + TLB) per MB of secret memory faulted"
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	row "IPIs per MB, secret memory" ipis_per_mb
	row "IPIs per MB, memfd_create (baseline: not from secret memory)" ipis_per_mb_memfd
	echo
	echo "## Direct map fragmentation"
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	row "DirectMap4k at boot, kB" boot_directmap4k_kb
	for s in first64 scattered rounds total; do
		case $s in
		first64) d="(a) first 64 MB after boot" ;;
		scattered) d="(b) 512 pages, one free 4 KB page per 2 MB of 1 GB" ;;
		rounds) d="(c) alloc/free rounds with held pipe buffers" ;;
		total) d="whole benchmark run" ;;
		esac
		row "$d: level2 splits" "${s}_level2_splits"
		row "$d: level3 splits" "${s}_level3_splits"
		row "$d: DirectMap4k growth, kB" "${s}_directmap4k_kb"
	done
	echo
	echo "## Pool (ours only; -1: no pool)"
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	row "memory held at rest, kB" pool_kb_rest
	row "memory held after a shrink (drop_caches), kB" pool_kb_shrunk
	row "single-page fallbacks" fallback_pages
	echo
	echo "![first touch](first-touch.png)"
} >"$out/report.md"

{
	for k in secret memfd anon; do
		for t in 1t 2t; do
			echo "\"$k $t\" $(val "$up" "touch_ns_${k}_$t") $(val "$ours" "touch_ns_${k}_$t")"
		done
	done
} >"$out/first-touch.dat"
gnuplot <<GP
set terminal png size 800,450
set output "$out/first-touch.png"
set title "First touch, ns per 4 KB page (lower is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "ns per page"
set yrange [0:*]
set xtics rotate by -20
plot "$out/first-touch.dat" using 2:xtic(1) title "upstream", "" using 3 title "ours"
GP
