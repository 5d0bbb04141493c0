#!/bin/bash
# Test-by-test table of the vm suite on upstream's kernel and ours, in
# Markdown, from the two TAP files scripts/vmtests-tap.awk wrote.  Exit 1
# if a test passes on upstream and fails on ours, or fails on both with no
# reason in KNOWN (configs/vm-known-failures).
# Usage: scripts/vm-compare.sh UPSTREAM.tap OURS.tap KNOWN
set -euo pipefail
awk -v known="$3" '
function result(line) {
	if (line ~ /^ok/) return (line ~ /# SKIP/) ? "skip" : "pass"
	return "FAIL"
}
function name(line) {
	sub(/^(not )?ok [0-9]+ /, "", line); sub(/ # .*/, "", line); return line
}
BEGIN {
	FS = "\t"
	while ((getline l < known) > 0) if (l !~ /^#/ && l != "") { split(l, f, "\t"); why[f[1]] = f[2] }
	FS = " "
}
/^(not )?ok [0-9]+/ {
	t = name($0)
	if (FNR == NR) { up[t] = result($0) } else { us[t] = result($0) }
	if (!(t in seen)) { seen[t] = 1; order[++n] = t }
}
END {
	print "| test | upstream | ours | note |"
	print "|---|---|---|---|"
	bad = 0
	for (i = 1; i <= n; i++) {
		t = order[i]; u = (t in up) ? up[t] : "-"; o = (t in us) ? us[t] : "-"
		note = ""
		if (o == "FAIL" && u == "pass") { note = "**REGRESSION**"; bad++ }
		else if (o == "FAIL" && u == "FAIL") {
			if (t in why) note = why[t]; else { note = "**fails on both, unexplained**"; bad++ }
		} else if (o == "FAIL") { note = "**fails on ours**"; bad++ }
		else if (u == "FAIL" && t ~ /memfd_secret/) note = "tests what only our series provides"
		else if (u == "FAIL" || u == "skip" || o == "skip") note = (t in why) ? why[t] : ""
		printf "| %s | %s | %s | %s |\n", t, u, o, note
		cnt[u "/" o]++
	}
	print ""
	for (k in cnt) printf "- upstream/ours %s: %d\n", k, cnt[k]
	printf "- regressions or unexplained failures: %d\n", bad
	exit bad ? 1 : 0
}' "$1" "$2"
