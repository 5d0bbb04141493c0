#!/bin/bash
# W=1 check of one architecture for make check-arches.  Compiles each .c
# file the series changes (outside tools/) with W=1, in the patched tree
# (build/kernel-ARCH, as built by scripts/cross-build.sh) and in the
# pristine tree at tag "base" (build/upstream if bench.sh made it, else a
# worktree build/base-cross) with the same .config, out of tree in
# build/kernel-base-ARCH after make prepare.  Warnings are compared without
# line and column numbers: any warning the patched tree has and the base
# tree has not fails, and so does any warning in the patched full build's
# log (build/cross/build-ARCH.log).  Prints two TAP lines.
# Usage: scripts/cross-w1.sh arm64|riscv64|i386 TAP-NUMBER
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=$1 num=$2
source "$top/scripts/cross-env.sh" "$arch"
src=$top/build/linux out=$top/build/kernel-$arch
bout=$top/build/kernel-base-$arch
dir=$top/build/cross/w1-$arch
log=$top/build/cross/build-$arch.log
mkdir -p "$dir"
[ -f "$out/.config" ] || { echo "not ok $num $arch: no build in $out"; exit 0; }

base=$top/build/upstream
if [ ! -d "$base" ]; then
	base=$top/build/base-cross
	[ -d "$base" ] || git -C "$src" worktree add -f --detach "$base" base >/dev/null 2>&1
fi

# The objects this configuration builds: a file whose object the full
# build did not make (x86's set_memory.c on arm64) is not compiled here.
objs=()
while IFS= read -r f; do
	[ -e "$out/${f%.c}.o" ] && objs+=("${f%.c}.o")
done < <(git -C "$src" diff --name-only base..HEAD -- '*.c' ':!tools/')

# W=1 warnings of the objects in tree $1 (output $2), normalised: no tree
# prefix (kbuild names the tree relative to the output directory, as
# ../linux or ../base-cross), no line or column, sorted (duplicates kept,
# comm counts them).
w1() {
	local tree=$1 kout=$2 o rel
	rel=$(realpath --relative-to="$kout" "$tree")
	for o in "${objs[@]}"; do
		kmake "$tree" "$kout" W=1 "$o" 2>&1 || echo "error: $o failed to build"
	done | { grep -E 'warning:|error:' || true; } |
		sed -E "s#($tree|$rel)/##g; s#^([^: ]+):[0-9]+:([0-9]+:)? #\1: #" | LC_ALL=C sort
}

exec 9>"$top/build/.kbuild.lock"
flock 9
w1 "$src" "$out" >"$dir/patched.txt"
mkdir -p "$bout"
cmp -s "$out/.config" "$bout/.config" || cp "$out/.config" "$bout/.config"
if ! { kmake "$base" "$bout" olddefconfig && kmake "$base" "$bout" prepare; } >"$dir/base-prepare.log" 2>&1; then
	echo "not ok $num $arch W=1: make prepare failed in $base (log: $dir/base-prepare.log)"
	exit 0
fi
w1 "$base" "$bout" >"$dir/base.txt"
exec 9>&-

LC_ALL=C comm -23 "$dir/patched.txt" "$dir/base.txt" >"$dir/new.txt"
np=$(wc -l <"$dir/patched.txt") nb=$(wc -l <"$dir/base.txt") nn=$(wc -l <"$dir/new.txt")
sed 's/^/# new: /' "$dir/new.txt"
what="$arch W=1 on ${#objs[@]} objects the series changes: $np warnings patched, $nb base, $nn new"
[ "$nn" = 0 ] && echo "ok $num $what" || echo "not ok $num $what"
nw=$(grep -c 'warning:' "$log" || true)
grep 'warning:' "$log" | sed 's/^/# /' || true
[ "$nw" = 0 ] && echo "ok $((num + 1)) $arch full build: no warning" ||
	echo "not ok $((num + 1)) $arch full build: $nw warnings"
