#!/bin/sh
# Count TAP results in the given files and print "N passed, N failed"
# (skips counted apart, and known failures marked "# TODO", which TAP
# does not count as failures).  Exit 1 if anything failed or nothing ran.
awk '
/^ok [0-9]+/ { if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) skip++; else pass++; next }
/^not ok [0-9]+/ { if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) skip++; else if ($0 ~ /# *TODO/) todo++; else { fail++; print "FAIL: " FILENAME ": " $0 } next }
END {
	if (skip) printf "%d skipped\n", skip
	if (todo) printf "%d known failures (TODO)\n", todo
	printf "%d passed, %d failed\n", pass, fail
	exit (fail || !pass) ? 1 : 0
}' "$@"
