#!/usr/bin/env bash
# tests/no_skips.sh JUNIT.xml: refuse a test run in which any test did
# not run in full.  Reads the JUnit report of `ctest --output-junit`
# (written with the passed tests' whole output) and names each test that
# ctest skipped (exit 77, SKIP_RETURN_CODE), that cmocka reported a
# skipped case for ("[  SKIPPED ]"), or whose output has a line saying a
# part was left out ("skipped: ...", "SKIP ...", "note: ...").  Exit 0
# when every test ran every check, 1 when some did not, 2 on usage.
set -euo pipefail
junit=${1:-}
if [ -z "$junit" ] || [ ! -r "$junit" ]; then
	echo "usage: tests/no_skips.sh JUNIT.xml (from ctest --output-junit)" >&2
	exit 2
fi
grep -q '<testsuite' "$junit" || {
	echo "$junit: not a JUnit report (no <testsuite>)" >&2
	exit 2
}

awk '
function flag(why) {
	if (!(name in seen)) { order[++n] = name; seen[name] = why }
}
/<testcase / {
	name = $0
	sub(/.*<testcase name="/, "", name)
	sub(/".*/, "", name)
	if ($0 ~ /status="(notrun|disabled)"/) flag("skipped by ctest")
	next
}
/<skipped/ && name != "" { flag("skipped by ctest") }
/\[  SKIPPED \]/ && name != "" { flag("cmocka skipped a case: " $0) }
name != "" {
	line = $0
	sub(/^[ \t]*(<system-out>)?[ \t]*/, "", line)
	if (tolower(line) ~ /^(note|skipped|skip)([: (]|$)/)
		flag("left a part out: " line)
}
/<\/testcase>/ { name = "" }
END {
	for (i = 1; i <= n; i++)
		printf "not run in full: %s (%s)\n", order[i], seen[order[i]]
	exit n > 0
}' "$junit"
