#!/bin/bash
# Run every test: the kselftests and guest checks in a VM booted with
# secretmem.enable=1, again in a VM booted without it (memfd_secret must
# be ENOSYS there), and the host-side checks.  Prints "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
st=$top/build/selftests
res=$top/build/results
rm -rf "$res"; mkdir -p "$res"
start=$(date +%s)

tests=("$st"/memfd_secret*)
[ -x "${tests[0]}" ] || { echo "test: no kselftests in $st (make selftests)" >&2; exit 1; }

# One boot: its TAP goes to $res/NAME.tap.  A boot that fails without
# reporting a failing test (no boot, guest died, timeout) is a failure.
boot() {
	local name=$1 append=$2 timeout=$3 rc
	shift 3
	"$top/scripts/vm.sh" -n "$name" -a "$append" -t "$timeout" -- run-tests "$@"
	rc=$?
	grep -v '^GUEST-EXIT' "$top/build/vm/$name.out" >"$res/$name.tap"
	if [ $rc != 0 ] && ! grep -q '^not ok' "$res/$name.tap"; then
		echo "not ok 1 boot $name failed with status $rc" | tee -a "$res/$name.tap"
	fi
}
boot enabled "secretmem.enable=1" 2400 "${tests[@]}" "$top/guest/stress-ng-secretmem"
boot disabled "" 600 "${tests[@]}"
"$top/scripts/host-tests.sh" >"$res/host.tap"
cat "$res/host.tap"

echo "test: finished in $(($(date +%s) - start))s; results in $res"
"$top/scripts/summary.sh" "$res"/*.tap
