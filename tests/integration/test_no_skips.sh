#!/usr/bin/env bash
# tests/no_skips.sh, the check that makes a skipped test fail the suite:
# on the JUnit report of a real ctest run of small tests that skip in
# each way ours can (exit 77, a cmocka-style skipped case, a part left
# out with "skipped:" or "note:"), it names each and fails; on a run in
# which every test ran in full it passes.
. "$(dirname "$0")/lib.sh"
check=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}/tests/no_skips.sh
command -v cmake >/dev/null 2>&1 && command -v ctest >/dev/null 2>&1 ||
	{ fail "cmake and ctest are needed"; finish; }

# run_suite NAME SCRIPT...: a ctest project whose tests run each shell
# SCRIPT; its JUnit report is $tmp/NAME.xml.
run_suite() {
	local name=$1 i=0
	shift
	mkdir -p "$tmp/$name"
	{
		echo 'cmake_minimum_required(VERSION 3.20)'
		echo 'project(s NONE)'
		echo 'enable_testing()'
		for s in "$@"; do
			i=$((i + 1))
			printf '%s\n' "$s" >"$tmp/$name/t$i.sh"
			echo "add_test(NAME t$i COMMAND sh $tmp/$name/t$i.sh)"
			echo "set_tests_properties(t$i PROPERTIES SKIP_RETURN_CODE 77)"
		done
	} >"$tmp/$name/CMakeLists.txt"
	cmake -S "$tmp/$name" -B "$tmp/$name/b" >/dev/null 2>&1 &&
		(cd "$tmp/$name/b" && ctest --test-output-size-passed 1048576 \
			--output-junit "$tmp/$name.xml" >/dev/null 2>&1)
	[ -s "$tmp/$name.xml" ] && ok || fail "$name: ctest wrote no report"
}

long=$(printf 'echo line %s; ' $(seq 300))
run_suite clean 'echo "12 checks, 0 failed, 0 parts skipped"' \
	"$long echo done" 'echo "[ PASSED ] 3 test(s)."'
expect 0 "a run in which every test ran in full passes" -- "$check" "$tmp/clean.xml"

run_suite skips 'echo "skipped: fixtures absent"; exit 77' \
	'echo "[  SKIPPED ] test_vector"; echo "[  PASSED  ] 2 test(s)."' \
	"echo 'note: the sample not checked'; $long echo ok" \
	"$long echo 'skipped: B-T part'; echo '3 checks, 0 failed, 1 parts skipped'" \
	'echo fine'
expect 1 "a run with skips fails" -- "$check" "$tmp/skips.xml"
contains "$tmp/out" "t1 (skipped by ctest)" "exit 77 named"
contains "$tmp/out" "t2 (cmocka skipped a case" "cmocka skip named"
contains "$tmp/out" "t3 (left a part out: note:" "a note: branch named, early in long output"
contains "$tmp/out" "t4 (left a part out: skipped: B-T part" "a skipped part named, late in long output"
lacks "$tmp/out" "t5" "a test that ran in full is not named"

printf 'not xml\n' >"$tmp/bad.xml"
expect 2 "not a JUnit report" -- "$check" "$tmp/bad.xml"
expect 2 "no report" -- "$check" "$tmp/absent.xml"
finish
