#!/bin/bash
# make bench: build upstream's implementation (the unpatched Debian tree)
# and ours from the same tree with the same config, boot each, run
# bench/secretmem-bench in the guest, and write build/bench/report.md with
# a plot.  Usage: scripts/bench.sh [MB-per-touch-run [rounds]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
mkdir -p "$out"
cd "$top"

# Upstream: the base commit of build/linux, checked out beside it.
scripts/build-upstream.sh configs/vm.config configs/vm-suite.config configs/secretmem.config
scripts/build.sh build/linux build/kernel configs/vm.config configs/vm-suite.config configs/secretmem.config
gcc -O2 -Wall -Wextra -Werror -o "$out/secretmem-bench" bench/secretmem-bench.c -lpthread

for k in upstream ours; do
	img=build/kernel/arch/x86/boot/bzImage
	[ $k = upstream ] && img=build/kernel-upstream/arch/x86/boot/bzImage
	scripts/vm.sh -k "$img" -n "bench-$k" -t 3600 -- "$out/secretmem-bench" "$@" >/dev/null
	grep -v '^GUEST-EXIT' "build/vm/bench-$k.out" | tr -d '\r' >"$out/$k.txt"
	# The NUMA placement table: a second boot, two nodes.
	VM_NUMA=2 scripts/vm.sh -k "$img" -n "bench-$k-numa" -t 1200 -- "$out/secretmem-bench" numa >/dev/null
	grep -v '^GUEST-EXIT' "build/vm/bench-$k-numa.out" | tr -d '\r' >"$out/$k-numa.txt"
done
bench/report.sh "$out/upstream.txt" "$out/ours.txt" "$out"
echo "bench: report in $out/report.md, plot in $out/first-touch.png"
