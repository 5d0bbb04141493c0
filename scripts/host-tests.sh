#!/bin/bash
# Host-side checks, as TAP: the man page renders without warnings.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
echo "TAP version 13"
echo "1..2"
page=$top/man/memfd_secret.2
warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
if [ -r "$page" ] && [ -z "$warn" ]; then
	echo "ok 1 man page renders without warnings"
else
	echo "$warn" | sed 's/^/# /'
	echo "not ok 1 man page renders without warnings"
fi
text=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null)
missing=
for s in NAME SYNOPSIS DESCRIPTION "RETURN VALUE" ERRORS NOTES; do
	grep -q "^$s" <<<"$text" || missing+=" $s"
done
for w in O_CLOEXEC EINVAL ENOSYS RLIMIT_MEMLOCK secretmem.enable=1 SIGBUS MAP_PRIVATE; do
	grep -q -- "$w" <<<"$text" || missing+=" $w"
done
if [ -z "$missing" ]; then
	echo "ok 2 man page documents sections, flags, errors and limits"
else
	echo "not ok 2 man page lacks:$missing"
fi
