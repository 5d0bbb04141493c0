#!/bin/bash
# Build every commit of the series on its own, as bisecting would, with
# the test VM's configuration (taken from build/kernel/.config; options a
# commit does not know yet are dropped by olddefconfig).  Uses a separate
# worktree (build/bisect) and output directory (build/kernel-bisect).
# Usage: scripts/bisect-check.sh [FIRST]   (start at the FIRST patch, 1-based)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
wt=$top/build/bisect
out=$top/build/kernel-bisect
[ -r "$top/build/kernel/.config" ] || { echo "bisect-check: make kernel first" >&2; exit 1; }
[ -e "$wt/.git" ] || git -C "$tree" worktree add -f --detach "$wt" base >/dev/null
export CCACHE_BASEDIR=$wt CCACHE_NOHASHDIR=1
export KBUILD_BUILD_TIMESTAMP="1970-01-01" KBUILD_BUILD_USER=secretmem KBUILD_BUILD_HOST=vm
mkdir -p "$out"
first=${1:-1}
n=0
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	[ $n -ge "$first" ] || continue
	git -C "$wt" checkout -q --detach "$c"
	echo "bisect-check: $n $(git -C "$wt" log --format='%h %s' -1)"
	cp "$top/build/kernel/.config" "$out/.config"
	make -s -C "$wt" O="$out" olddefconfig >/dev/null
	if ! make -s -C "$wt" O="$out" CC="ccache gcc" HOSTCC="ccache gcc" -j"$(nproc)" bzImage >"$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log"
		echo "bisect-check: commit $n does not build" >&2
		exit 1
	fi
	if grep -q 'warning:' "$out/build.log"; then
		grep 'warning:' "$out/build.log"
		echo "bisect-check: commit $n builds with warnings" >&2
		exit 1
	fi
done
echo "bisect-check: all $n commits build"
