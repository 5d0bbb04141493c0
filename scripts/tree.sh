#!/bin/bash
# Prepare build/linux: Debian's linux-source-6.1 as a git repository whose
# first commit (tag "base") is the pristine tree, with patches/series applied.
# Usage: scripts/tree.sh [tarball]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-/usr/src/linux-source-6.1.tar.xz}
tree=$top/build/linux

die() { echo "tree: $*" >&2; exit 1; }
[ -r "$src" ] || die "$src missing (apt-get install linux-source-6.1, or make deps)"

if [ ! -d "$tree/.git" ]; then
	echo "tree: unpacking $src into $tree"
	rm -rf "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -C "$tree.tmp" --strip-components=1 -xf "$src"
	cd "$tree.tmp"
	git init -q -b master
	git config user.name "secretmem base"
	git config user.email "secretmem@localhost"
	git config core.autocrlf false
	git add -A -f .
	git -c commit.gpgsign=false commit -q -m "Debian linux-source-6.1 $(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)"
	git tag base
	cd "$top"
	mv "$tree.tmp" "$tree"
fi

cd "$tree"
git rev-parse -q --verify base >/dev/null || die "$tree has no tag base"
if [ "${APPLY:-1}" = 1 ]; then
	applied=$(git rev-list --count base..HEAD)
	if [ "$applied" != 0 ]; then
		echo "tree: $applied commits already on base, not re-applying (make reset to start over)"
		exit 0
	fi
	n=0
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		git am -q --keep-cr "$top/patches/$p" || { git am --abort; die "$p does not apply"; }
		n=$((n + 1))
	done < "$top/patches/series"
	echo "tree: applied $n patches on base"
fi
