#!/bin/bash
# Run every test: the kselftests and guest checks in a VM booted with
# secretmem.enable=1, again in a VM booted without it (memfd_secret must
# be ENOSYS there), the cgroup v1 test in a boot of its own, and the
# host-side checks.  Prints "N passed, N failed".
# Usage: scripts/test.sh [-k KOUT] [-a "kernel parameters"]
#   -k  kernel build directory (default build/kernel); results go to
#       build/results for it, build/results-NAME for build/kernel-NAME
#   -a  added to both boots' command lines (the tests read settings such
#       as MEMFD_SECRET_STRESS_SECONDS=600 from their environment)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
st=$top/build/selftests
kout=$top/build/kernel
extra=""
while getopts "k:a:" o; do
	case $o in
	k) kout=$(realpath "$OPTARG") ;;
	a) extra=$OPTARG ;;
	*) exit 2 ;;
	esac
done
kind=$(basename "$kout"); kind=${kind#kernel}
res=$top/build/results$kind
rm -rf "$res"; mkdir -p "$res"
start=$(date +%s)

tests=("$st"/memfd_secret*)
[ -x "${tests[0]}" ] || { echo "test: no kselftests in $st (make selftests)" >&2; exit 1; }
# The hardware error tests last: a poisoned page keeps its block in the
# pool for good, which the pool and bound tests would count.
tests=($(printf '%s\n' "${tests[@]}" | grep -v hwpoison) "$st/memfd_secret_hwpoison")

# One boot: its TAP goes to $res/NAME.tap.  A boot that fails without
# reporting a failing test (no boot, guest died, timeout) is a failure.
boot() {
	local name=$1 append=$2 timeout=$3 rc
	shift 3
	"$top/scripts/vm.sh" -n "$name$kind" -k "$kout/arch/x86/boot/bzImage" \
		-a "$append $extra" -t "$timeout" -- run-tests "$@"
	rc=$?
	grep -v '^GUEST-EXIT' "$top/build/vm/$name$kind.out" >"$res/$name.tap"
	if [ $rc != 0 ] && ! grep -q '^not ok' "$res/$name.tap"; then
		echo "not ok 1 boot $name failed with status $rc" | tee -a "$res/$name.tap"
	fi
}
boot enabled "secretmem.enable=1" 4800 "${tests[@]}" "$top/guest/stress-ng-secretmem"
boot disabled "" 600 "${tests[@]}"
# Moving the memory controller to cgroup v1 at run time is only clean in a
# boot that never used it on v2: the charge-moving test gets its own.
# 100 s on the debug kernel here (its kmemleak scans take a minute); 600
# leaves room for a slower machine.
boot cgroupv1 "secretmem.enable=1 MEMFD_SECRET_CGROUP_V1=1" 600 "$st/memfd_secret_memcg_v1"
"$top/scripts/host-tests.sh" >"$res/host.tap"
cat "$res/host.tap"

echo "test: finished in $(($(date +%s) - start))s; results in $res"
"$top/scripts/summary.sh" "$res"/*.tap
