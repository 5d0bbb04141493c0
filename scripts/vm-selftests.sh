#!/bin/bash
# Build the whole vm kselftest suite of the patched tree
# (tools/testing/selftests/vm, every program run_vmtests.sh runs) against
# the kernel's exported headers, with run_vmtests.sh and its helper scripts
# beside the programs, as "make install" would lay them out.
# Usage: scripts/vm-selftests.sh TREE KOUT OUT
set -euo pipefail
tree=$(realpath "$1"); kout=$(realpath "$2"); out=$(realpath -m "$3")
vm=$tree/tools/testing/selftests/vm
rm -rf "$out"; mkdir -p "$out"
make -s -C "$vm" OUTPUT="$out" KHDR_INCLUDES="-isystem $kout/usr/include" -j"$(nproc)" all >"$out.log" 2>&1 ||
	{ tail -n 30 "$out.log" >&2; echo "vm-selftests: build failed (log: $out.log)" >&2; exit 1; }
cp "$vm"/*.sh "$out/"
echo "vm-selftests: built $(find "$out" -maxdepth 1 -type f -perm -u+x ! -name '*.sh' | wc -l) programs in $out"
