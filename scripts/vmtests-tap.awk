#!/usr/bin/awk -f
# Turn run_vmtests.sh output into TAP: each "running CMD" banner, then
# [PASS], [FAIL] or [SKIP], is one result named after CMD (without "./").
# A test that fails on upstream's kernel too is listed with the reason in
# the file given as -v known=FILE ("name<TAB>reason"); its failure is
# reported as TODO, which does not count as a failure.  A banner with no
# verdict (the guest died, or the suite hung) is a failure.  Other TAP
# lines in the output (the dmesg check) are passed on renumbered.
BEGIN {
	FS = "\t"
	if (known != "")
		while ((getline line < known) > 0) {
			if (line ~ /^#/ || line == "") continue
			split(line, f, "\t")
			why[f[1]] = f[2]
		}
	FS = " "
}
{ sub(/\r$/, "") }
function verdict(v, r) {
	n++
	if (v == "PASS") out[n] = "ok " n " " cur
	else if (v == "SKIP") out[n] = "ok " n " " cur " # SKIP"
	else if (cur in why) out[n] = "not ok " n " " cur " # TODO fails on upstream too: " why[cur]
	else out[n] = "not ok " n " " cur (r != "" ? " # " r : "")
	cur = ""
}
/^running / {
	if (cur != "") verdict("FAIL", "no verdict")
	cur = substr($0, 9); gsub(/\.\//, "", cur)
	next
}
/^\[(PASS|FAIL|SKIP)\]$/ { if (cur != "") verdict(substr($0, 2, 4), ""); next }
/^(not )?ok [0-9]+ / && cur == "" {
	n++; line = $0
	sub(/^(not )?ok [0-9]+ /, "", line)
	# One name whatever the verdict, so that the two kernels' rows meet.
	if (line ~ /^dmesg /) line = "dmesg check # " substr(line, 7)
	out[n] = ($1 == "not" ? "not ok " : "ok ") n " " line
	next
}
END {
	if (cur != "") verdict("FAIL", "no verdict (guest died or timed out)")
	print "TAP version 13"
	print "1.." n
	for (i = 1; i <= n; i++) print out[i]
}
