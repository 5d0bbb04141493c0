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

"$top/scripts/vm.sh" -n enabled -a "secretmem.enable=1" -t 2400 -- run-tests "${tests[@]}"
cp "$top/build/vm/enabled.out" "$res/enabled.tap"
"$top/scripts/vm.sh" -n disabled -a "" -t 600 -- run-tests "${tests[@]}"
cp "$top/build/vm/disabled.out" "$res/disabled.tap"
"$top/scripts/host-tests.sh" >"$res/host.tap"
cat "$res/host.tap"

echo "test: finished in $(($(date +%s) - start))s; results in $res"
"$top/scripts/summary.sh" "$res"/*.tap
