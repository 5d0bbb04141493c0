#!/bin/bash
# Boot the test kernel in QEMU and run one guest command.
# Usage: [VM_MEM=4G] [VM_NUMA=2] scripts/vm.sh [-k bzImage] [-a "cmdline"] [-n name] [-t timeout] -- guest/CMD [ARGS]
#
# The guest's root file system is the host's, shared read-only over virtio
# 9p (as virtme does), so the guest runs real tools and the test binaries
# built under build/.  guest/init mounts scratch file systems and runs CMD.
# The kernel console goes to build/vm/NAME.console; what CMD prints goes to
# a second serial port, build/vm/NAME.out, which this script also echoes.
# Exit status: CMD's, or 124 on timeout, 125 when the guest died first.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kernel=$top/build/kernel/arch/x86/boot/bzImage
append="secretmem.enable=1"
name=guest
timeout=1800
mem=${VM_MEM:-4G}
# VM_NUMA=2: two NUMA nodes, one vCPU and half the memory each; one
# socket per node, else the kernel warns that the two CPUs share a cache
# across nodes (topology_sane()).
smp=2
numa=()
if [ "${VM_NUMA:-1}" = 2 ]; then
	smp=2,sockets=2,cores=1,threads=1
	half=$((${mem%G} * 512))M
	numa=(-object "memory-backend-ram,id=m0,size=$half" -object "memory-backend-ram,id=m1,size=$half"
	      -numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1)
fi
while getopts "k:a:n:t:" o; do
	case $o in
	k) kernel=$OPTARG ;;
	a) append=$OPTARG ;;
	n) name=$OPTARG ;;
	t) timeout=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -ge 1 ] || { echo "usage: $0 [-k bzImage] [-a cmdline] [-n name] [-t secs] -- CMD [ARGS]" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "vm: qemu-system-x86_64 missing (make deps)" >&2; exit 1; }
[ -r "$kernel" ] || { echo "vm: $kernel missing (make kernel)" >&2; exit 1; }

mkdir -p "$top/build/vm"
accel=$("$top/scripts/vm-accel.sh" "$kernel")
con=$top/build/vm/$name.console
out=$top/build/vm/$name.out
: >"$con"; : >"$out"

echo "vm: booting $(basename "$(dirname "$(dirname "$(dirname "$(dirname "$kernel")")")")") with $accel, '$append', running $*"
set +e
timeout --foreground -k 10 "$timeout" qemu-system-x86_64 \
	-accel "$accel" -cpu max -smp "$smp" -m "$mem" "${numa[@]}" \
	-nographic -no-reboot -nodefaults -display none \
	-kernel "$kernel" \
	-append "console=ttyS0 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro init=$top/guest/init panic=-1 oops=panic $append -- $*" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
	-serial "file:$con" -chardev "file,id=out,path=$out" -serial chardev:out \
	</dev/null >"$top/build/vm/$name.qemu" 2>&1
qrc=$?
set -e
cat "$out"
rc=$(sed -n 's/^GUEST-EXIT: \([0-9]*\).*/\1/p' "$out" | tail -n 1)
if [ $qrc = 124 ]; then
	echo "vm: timed out after ${timeout}s; last console lines ($con):" >&2
	tail -n 30 "$con" >&2
	exit 124
fi
if [ -z "$rc" ]; then
	echo "vm: guest died before finishing (qemu status $qrc); last console lines:" >&2
	tail -n 30 "$con" >&2
	exit 125
fi
exit "$rc"
