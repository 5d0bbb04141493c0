#!/bin/bash
# Turn two benchmark outputs ("key value" lines) into report.md and a plot.
# Usage: bench/report.sh UPSTREAM.txt OURS.txt OUTDIR
# (with UPSTREAM-numa.txt and OURS-numa.txt beside them if the NUMA boot ran)
set -euo pipefail
up=$1; ours=$2; out=$3
# The guest's serial console ends its lines in CR LF: drop the CR.
# A key the run did not reach (timeout) shows as "n/a".
val() {
	local v=""
	[ -r "$1" ] && v=$(tr -d '\r' <"$1" | awk -v k="$2" '$1 == k { print $2 }')
	echo "${v:-n/a}"
}
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
	echo "One thread, one byte per 4 KB page. Each kind starts after drop_caches:"
	echo "its first run is cold (secret blocks come from the page allocator and"
	echo "must be zeroed, taken out of the direct map, and cleared again when"
	echo "released), the 3 later ones warm (median shown). Minor faults and kB are"
	echo "of the last run (-1: not available). \"release\" is munmap() and close()"
	echo "of the whole GB: ours clears secret pages there, when nothing can write"
	echo "to them any more, so the totals are shown too."
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	for m in minflt cold_ns_per_mb cold_free_ns_per_mb ns_per_mb free_ns_per_mb; do
		case $m in
		minflt) d="minor faults" ;;
		cold_ns_per_mb) d="cold first touch, ns per MB" ;;
		cold_free_ns_per_mb) d="cold release, ns per MB" ;;
		ns_per_mb) d="warm first touch, ns per MB" ;;
		free_ns_per_mb) d="warm release, ns per MB" ;;
		esac
		row "$d, secret" "huge_${m}_secret"
		row "$d, anon THP" "huge_${m}_anon_thp"
		row "$d, memfd" "huge_${m}_memfd"
	done
	row "secret / anon THP, cold first touch" huge_cold_ratio_secret_anon_thp
	row "**secret / anon THP, cold first touch + release**" huge_cold_ratio_total_secret_anon_thp
	row "**secret / anon THP, warm first touch**" huge_ratio_secret_anon_thp
	row "secret / memfd, warm first touch" huge_ratio_secret_memfd
	row "secret / anon THP, warm first touch + release" huge_ratio_total_secret_anon_thp
	row "kernel TLB-flush IPIs per MB faulted and released, cold" huge_cold_ipis_per_mb_secret
	row "kernel TLB-flush IPIs per MB faulted and released, warm" huge_ipis_per_mb_secret
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
	echo "## Memory kept by an unprivileged user"
	echo
	echo "As nobody with an 8 MB RLIMIT_MEMLOCK: 512 rounds of \"fault one byte"
	echo "through a 2 MB-aligned mapping of the next 2 MB of a 1 GB secret file,"
	echo "punch the other 511 pages out (upstream: not supported), munmap\"; then,"
	echo "while the file is still open, how far MemFree fell, per MB of the limit."
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	row "**memory held per MB of RLIMIT_MEMLOCK**" attack_held_per_limit
	row "pool growth, kB (-1: no pool)" attack_pool_kb
	echo
	echo "## TLB flushes a user can cause"
	echo
	echo "Pinned to CPU 0, 256 rounds of a loop; function call and TLB shootdown"
	echo "interrupts CPU 1 takes per round (-1: the kernel cannot run the loop)."
	echo "\"punch\": touch a byte of a 2 MB-aligned 2 MB mapping (one PMD on ours),"
	echo "punch the 2 MB out. \"close\": make a 2 MB file, map, touch a byte, unmap,"
	echo "close."
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	row "**punch loop: IPIs to the other CPU per round**" flushloop_punch_ipis_per_round
	row "**close loop: IPIs to the other CPU per round**" flushloop_close_ipis_per_round
	echo
	echo "## Fault cost and pool size"
	echo
	echo "A secret file of 64 MB, or of 2 GB, faulted in 4 KB pages and closed,"
	echo "leaves that much idle in our pool; then the first 4 KB fault of a new"
	echo "file (right after the close), and ns per 4 KB page to touch 64 MB in"
	echo "4 KB pages and in huge mappings."
	echo
	echo "| | upstream | ours |"
	echo "|---|---|---|"
	for z in 64m 2g; do
		row "first 4 KB fault after closing $z, us" "poolsize_${z}_first_fault_us"
		row "4 KB faults, $z idle, ns per page" "poolsize_${z}_4k_ns_per_page"
		row "huge faults, $z idle, ns per page" "poolsize_${z}_huge_ns_per_page"
	done
	if [ -r "${up%.txt}-numa.txt" ] || [ -r "${ours%.txt}-numa.txt" ]; then
		nrow() { printf '| %s | %s | %s |\n' "$1" "$(val "${up%.txt}-numa.txt" "$2")" "$(val "${ours%.txt}-numa.txt" "$2")"; }
		echo
		echo "## NUMA placement"
		echo
		echo "A second boot with two nodes (CPU 0 on node 0, CPU 1 on node 1): 64 MB"
		echo "faulted in 4 KB pages, share of its pages on the node expected (the"
		echo "faulting CPU's, or the one bound to), from their PFNs. Each run frees"
		echo "its memory before the next."
		echo
		echo "| | upstream | ours |"
		echo "|---|---|---|"
		for c in local_cpu0 local_cpu0_again local_cpu1_after_cpu0_freed local_cpu1_again \
			 local_cpu0_after_cpu1_freed set_mempolicy_bind_other mbind_bind_other; do
			nrow "$c" "numa_$c"
		done
		echo
		echo "The flush loop moving between the nodes: 256 rounds, each on the other"
		echo "CPU (and node), of \"make a 2 MB secret file, map it 2 MB-aligned, touch"
		echo "one byte, unmap and close it\"; function call and TLB shootdown"
		echo "interrupts of all CPUs per round (memfd: what the moves alone cost), and"
		echo "pool blocks given back per round (-1: no pool)."
		echo
		echo "| | upstream | ours |"
		echo "|---|---|---|"
		nrow "**NUMA flush loop: IPIs per round, secret**" numa_flushloop_secret_ipis_per_round
		nrow "NUMA flush loop: IPIs per round, memfd" numa_flushloop_memfd_ipis_per_round
		nrow "NUMA flush loop: blocks given back per round" numa_flushloop_released_per_round
	fi
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
