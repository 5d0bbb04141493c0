#!/bin/bash
# checkpatch.pl --strict on every patch in the series: 0 errors, 0 warnings,
# 0 checks.  Usage: scripts/checkpatch.sh TREE DIR
#
# Two questions checkpatch asks are answered here instead:
# - "does MAINTAINERS need updating?" of a patch that deletes files: for a
#   patch that only deletes (adds no file) the answer is no.  Patches that
#   add files must update MAINTAINERS.
# - "ENOSYS means 'invalid syscall nr'" on any mention: memfd_secret(2)
#   returns ENOSYS when disabled, which is that meaning and its ABI.  The
#   check is replaced by a narrower one: an added line of kernel C may
#   mention ENOSYS only as "return -ENOSYS;" (documentation may name it,
#   tests under tools/testing/ assert it).
set -uo pipefail
export PATH=/usr/bin:/bin:$PATH		# Debian's python3, with python3-ply
tree=$(realpath "$1"); dir=$(realpath "$2")
bad=0
n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	extra=(--ignore ENOSYS)
	grep -q '^new file mode' "$dir/$p" || extra+=(--ignore FILE_PATH_CHANGES)
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict --quiet "${extra[@]}" "$dir/$p" 2>&1)
	enosys=$(awk '/^\+\+\+ /{ c = ($2 ~ /\.[ch]$/ && $2 !~ /^b\/tools\/testing\//) } c && /^\+.*\<ENOSYS\>/ && !/^\+[ \t]*return -ENOSYS;$/' "$dir/$p")
	[ -n "$enosys" ] && out+=$'\n'"ENOSYS used other than as 'return -ENOSYS;':"$'\n'"$enosys"
	if [ -n "$out" ]; then
		echo "checkpatch: $p:"; echo "$out"; bad=1
	fi
done <"$dir/series"
[ $bad = 0 ] && echo "checkpatch: $n patches clean (--strict)" && exit 0
echo "checkpatch: problems found" >&2
exit 1
