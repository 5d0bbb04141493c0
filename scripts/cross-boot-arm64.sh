#!/bin/bash
# Boot the arm64 kernel (build/kernel-arm64) under qemu-system-aarch64 -M virt
# (TCG) with build/cross-arm64/initramfs.cpio.gz, whose /init runs the
# memfd_secret kselftests and the dmesg and kmemleak checks.  rodata=full:
# without it arm64 maps its direct map with blocks and cannot take single
# pages out of it, so memfd_secret() is refused.  The tests' TAP comes back
# on a virtio console (build/vm/arm64.out), apart from the kernel's log
# (build/vm/arm64.console), and goes to build/results-arm64/arm64.tap; a
# boot that dies or times out without a failing test is a failure.
# Usage: scripts/cross-boot-arm64.sh [timeout-seconds]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
timeout=${1:-2400}
kernel=$top/build/kernel-arm64/arch/arm64/boot/Image
initrd=$top/build/cross-arm64/initramfs.cpio.gz
res=$top/build/results-arm64
mkdir -p "$top/build/vm" "$res"
con=$top/build/vm/arm64.console out=$top/build/vm/arm64.out
: >"$con"; : >"$out"
# The fuzzer's million calls and a 15 s stress take too long under TCG.
params="MEMFD_SECRET_STRESS_SECONDS=15 MEMFD_SECRET_FUZZ_CALLS=100000"
echo "cross-boot-arm64: booting with TCG, timeout ${timeout}s"
start=$(date +%s)
timeout --foreground -k 10 "$timeout" qemu-system-aarch64 \
	-M virt -cpu max -smp 2 -m 2G -accel tcg \
	-nographic -no-reboot -nodefaults -display none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyAMA0 rodata=full secretmem.enable=1 panic=-1 oops=panic $params" \
	-serial "file:$con" \
	-device virtio-serial-device -chardev "file,id=out,path=$out" -device virtconsole,chardev=out \
	</dev/null >"$top/build/vm/arm64.qemu" 2>&1
qrc=$?
# The virtio console is a tty: its lines end in CR LF.
tr -d '\r' <"$out" | grep -v '^GUEST-EXIT' >"$res/arm64.tap"
rc=$(sed -n 's/^GUEST-EXIT: \([0-9]*\).*/\1/p' "$out" | tail -n 1)
echo "cross-boot-arm64: guest finished in $(($(date +%s) - start))s (qemu $qrc, guest ${rc:-none})"
if [ "${rc:-x}" != 0 ] && ! grep -q '^not ok' "$res/arm64.tap"; then
	[ $qrc = 124 ] && why="timed out after ${timeout}s" || why="died before finishing (qemu $qrc, guest ${rc:-no status})"
	echo "not ok 1 arm64 boot $why (console: $con)" | tee -a "$res/arm64.tap"
	tail -n 20 "$con" >&2
fi
exit 0
