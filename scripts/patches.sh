#!/bin/bash
# Regenerate patches/ and patches/series from the commits on top of the
# "base" tag in the kernel tree.  Usage: scripts/patches.sh TREE DIR
set -euo pipefail
tree=$1; dir=$2
[ -d "$tree/.git" ] || { echo "patches: no tree at $tree (make tree)" >&2; exit 1; }
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "patches: $tree has uncommitted changes; commit them first" >&2
	exit 1
fi
mkdir -p "$dir"
rm -f "$dir"/*.patch
git -C "$tree" format-patch -q --no-signature --zero-commit --no-numbered \
	-o "$(realpath "$dir")" base..HEAD
(cd "$dir" && ls -1 ./*.patch 2>/dev/null | sed 's|^\./||') >"$dir/series"
echo "patches: $(wc -l <"$dir/series") patches in $dir"
