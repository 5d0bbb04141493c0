#!/bin/bash
# make check-arches: prove the series beyond x86-64.  Cross-builds the
# patched tree for arm64, riscv64 and i386, checks that it adds no W=1
# warning on the files it changes and that the full builds are clean, boots
# arm64 under QEMU (TCG) to run the memfd_secret kselftests there, and
# prints "N passed, N failed" over build/results-arm64/*.tap: one line per
# build, two per W=1 check (W=1 comparison, full build log), one per
# kselftest built for arm64, and the arm64 test results.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
res=$top/build/results-arm64
start=$(date +%s)
"$top/scripts/deps-cross.sh"
rm -rf "$res"; mkdir -p "$res"

n=0
echo "TAP version 13" >"$res/builds.tap"
for a in arm64 riscv64 i386; do
	n=$((n + 1)) t=$(date +%s)
	if "$top/scripts/cross-build.sh" "$a"; then
		echo "ok $n build $a in $(($(date +%s) - t))s" >>"$res/builds.tap"
	else
		echo "not ok $n build $a" >>"$res/builds.tap"
	fi
done
echo "1..$n" >>"$res/builds.tap"
cat "$res/builds.tap"

echo "TAP version 13" >"$res/w1.tap"
n=1
for a in arm64 riscv64 i386; do
	"$top/scripts/cross-w1.sh" "$a" $n | tee -a "$res/w1.tap"
	n=$((n + 2))
done
echo "1..$((n - 1))" >>"$res/w1.tap"

if [ -f "$top/build/kernel-arm64/arch/arm64/boot/Image" ]; then
	"$top/scripts/cross-initramfs.sh"
	# 40 minutes: a boot that runs longer counts as a failure.
	"$top/scripts/cross-boot-arm64.sh" 2400
fi
echo "check-arches: finished in $(($(date +%s) - start))s; results in $res"
"$top/scripts/summary.sh" "$res"/*.tap
