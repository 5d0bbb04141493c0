#!/bin/bash
# Build the secret memory kselftests of the patched tree
# (tools/testing/selftests/vm/memfd_secret*.c) with its own kselftest
# Makefile, against the kernel's exported headers, and the guest's demo.
# Usage: scripts/selftests.sh TREE KOUT OUT
set -euo pipefail
tree=$(realpath "$1"); kout=$(realpath "$2"); out=$(realpath -m "$3")
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
rm -f "$out"/memfd_secret*
targets=()
for c in "$tree"/tools/testing/selftests/vm/memfd_secret*.c; do
	[ -e "$c" ] || continue
	t=$(basename "$c" .c)
	targets+=("$out/$t")
done
if [ ${#targets[@]} -gt 0 ]; then
	make -s -C "$tree/tools/testing/selftests/vm" OUTPUT="$out" \
		KHDR_INCLUDES="-isystem $kout/usr/include" "${targets[@]}"
fi
gcc -O2 -Wall -Wextra -Werror -isystem "$kout/usr/include" -o "$out/demo" "$top/guest/demo.c"
echo "selftests: built ${#targets[@]} kselftest(s) and the demo in $out"
