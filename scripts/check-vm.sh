#!/bin/bash
# make check-vm: the whole vm kselftest suite (run_vmtests.sh) of the
# patched tree, built once, run on our kernel and, with "upstream", on
# upstream's (the unpatched tree, same config, as make bench builds it),
# each in a VM with two NUMA nodes.  TAP per kernel in build/results-vm/,
# and with both a test-by-test table (table.md) that fails on any test
# passing on upstream and failing on ours.  On ours alone (CI) a failure
# counts unless configs/vm-known-failures lists it as failing on upstream
# too, with the reason.
# Usage: scripts/check-vm.sh ours|upstream...
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
res=build/results-vm
known=configs/vm-known-failures
mkdir -p "$res"
start=$(date +%s)
scripts/vm-selftests.sh build/linux build/kernel build/vmtests
for k in "$@"; do
	kout=build/kernel
	if [ "$k" = upstream ]; then
		scripts/build-upstream.sh configs/vm.config configs/vm-suite.config configs/secretmem.config
		kout=build/kernel-upstream
	fi
	img=$kout/arch/x86/boot/bzImage
	t0=$(date +%s)
	VM_NUMA=2 scripts/vm.sh -k "$img" -n "vmtests-$k" -t 3000 -- run-vmtests "$top/build/vmtests" "$top/$kout/.config" >/dev/null || true
	cp "build/vm/vmtests-$k.out" "$res/$k.log"
	awk -v known="$known" -f scripts/vmtests-tap.awk "$res/$k.log" >"$res/$k.tap"
	echo "check-vm: $k: $(grep -c '^ok' "$res/$k.tap") ok, $(grep -c '^not ok' "$res/$k.tap") not ok in $(($(date +%s) - t0))s"
done
rc=0
if [ -s "$res/ours.tap" ] && [ -s "$res/upstream.tap" ]; then
	scripts/vm-compare.sh "$res/upstream.tap" "$res/ours.tap" "$known" >"$res/table.md" || rc=1
	cat "$res/table.md"
fi
echo "check-vm: finished in $(($(date +%s) - start))s; results in $res"
for k in "$@"; do [ "$k" = ours ] && { scripts/summary.sh "$res/ours.tap" || rc=1; }; done
exit $rc
