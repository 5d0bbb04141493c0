#!/bin/bash
# Build the arm64 guest's initramfs, build/cross-arm64/initramfs.cpio.gz:
# the static arm64 busybox (scripts/deps-cross.sh), the series' kselftests
# (tools/testing/selftests/vm/memfd_secret*.c) cross-compiled statically with
# their own kselftest Makefile against the arm64 build's uapi headers, as
# scripts/selftests.sh does for x86, and guest/run-tests, check-dmesg,
# check-kmemleak with guest/init-initramfs as /init.
# A kselftest that does not build for arm64 is left out and reported as a
# failing TAP line in build/results-arm64/build-tests.tap.
# Usage: scripts/cross-initramfs.sh [TREE [KOUT]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$(realpath "${1:-$top/build/linux}")
kout=$(realpath "${2:-$top/build/kernel-arm64}")
dir=$top/build/cross-arm64
root=$dir/root
[ -x "$dir/busybox" ] || { echo "cross-initramfs: $dir/busybox missing (scripts/deps-cross.sh)" >&2; exit 1; }
[ -d "$kout/usr/include" ] || { echo "cross-initramfs: no headers in $kout/usr (scripts/cross-build.sh arm64)" >&2; exit 1; }
rm -rf "$root" "$dir/selftests"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,run,root,guest,tests} "$dir/selftests"
res=$top/build/results-arm64
mkdir -p "$res"
tap=$res/build-tests.tap
echo "TAP version 13" >"$tap"
n=0 built=0
for c in "$tree"/tools/testing/selftests/vm/memfd_secret*.c; do
	t=$(basename "$c" .c)
	n=$((n + 1))
	if make -s -C "$tree/tools/testing/selftests/vm" OUTPUT="$dir/selftests" \
		CC=aarch64-linux-gnu-gcc LDFLAGS=-static \
		KHDR_INCLUDES="-isystem $kout/usr/include" "$dir/selftests/$t" >"$dir/selftests/$t.log" 2>&1; then
		cp "$dir/selftests/$t" "$root/tests/"
		echo "ok $n build $t for arm64" >>"$tap"
		built=$((built + 1))
	else
		sed 's/^/# /' "$dir/selftests/$t.log" | grep -E 'error|Error' >>"$tap" || true
		echo "not ok $n build $t for arm64" >>"$tap"
	fi
done
echo "1..$n" >>"$tap"
cp "$dir/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$top/guest/run-tests" "$top/guest/check-dmesg" "$top/guest/check-kmemleak" "$root/guest/"
cp "$top/guest/init-initramfs" "$root/init"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$dir/initramfs.cpio.gz"
echo "cross-initramfs: $built of $n kselftests built, in $dir/initramfs.cpio.gz"
