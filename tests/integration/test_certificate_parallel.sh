#!/usr/bin/env bash
# Certificates under load: 500 `microcred certificate` runs in 4 processes
# at once, on one database (rendering only reads it).  Every run exits 0,
# writes a PDF that pdfinfo reads as one page and says nothing on stderr
# but "wrote ...".  A teardown of cairo's and fontconfig's static data at
# exit made some runs abort (exit 134, cairo's "_cairo_hash_table_destroy:
# Assertion ... live_entries == 0"), more often the busier the machine: 5
# of 500 at a load average of 15, 2 of 1,500 at 4.  So the binary is also
# checked for those calls, which fails whatever the load.
. "$(dirname "$0")/lib.sh"
command -v pdfinfo >/dev/null ||
	skip "pdfinfo (poppler-utils) is not installed"
runs=500
procs=4
db=$(mc_db cert)
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES

# The binary imports neither teardown: cairo_debug_reset_static_data()
# asserts and FcFini() frees while pango still holds fonts.
if command -v nm >/dev/null; then
	nm -D --undefined-only "$mc" | awk '{print $NF}' |
		grep -E '^(cairo_debug_reset_static_data|FcFini)(@|$)' >"$tmp/teardown"
	equal "$(tr '\n' ' ' <"$tmp/teardown")" "" "font teardown imported by $(basename "$mc")"
else
	skip_part "nm (binutils) is not installed: the binary's imports"
fi

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc ua-mag-welding-steel-structures --learner-name "Олена Коваль" --learner-email olena@example.org --lang uk --out "$tmp/c1.json"
uuid=$(jq -r .id "$tmp/c1.json")
uuid=${uuid##*/}

# In the sanitizer build, LeakSanitizer's check at each exit would spend
# most of the run symbolizing the stacks of fontconfig's caches that
# tests/lsan.supp suppresses; a leak still fails the run (and its stderr
# check below), only its report is left unsymbolized here
# (test_certificate.sh renders with symbols).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}symbolize=0"

# render K: runs/procs certificates by process K, the exit code of each
# run in $tmp/pdf/K-I.code and what pdfinfo reads from its PDF in
# K-I.info.
mkdir "$tmp/pdf"
render() {
	local k=$1 i f
	for ((i = 0; i < runs / procs; i++)); do
		f="$tmp/pdf/$k-$i"
		"$mc" --db "$db" certificate "$uuid" --lang en --out "$f.pdf" \
			>/dev/null 2>"$f.err"
		echo $? >"$f.code"
		pdfinfo "$f.pdf" >"$f.info" 2>&1
	done
}

start=$SECONDS
for k in $(seq $procs); do
	render "$k" 2>/dev/null &
done
wait
echo "$runs certificates by $procs processes in $((SECONDS - start)) s"

# One line per run: "K-I EXIT PAGES" (PAGES - when pdfinfo read none).
(cd "$tmp/pdf" && awk '
	{ n = FILENAME; sub(/\.[a-z]*$/, "", n) }
	FILENAME ~ /\.code$/ { code[n] = $1 }
	FILENAME ~ /\.info$/ && /^Pages:/ { pages[n] = $2 }
	END { for (n in code) print n, code[n], (n in pages ? pages[n] : "-") }
' ./*.code ./*.info) >"$tmp/runs"
equal "$(wc -l <"$tmp/runs")" $runs "runs recorded"
aborted=$(awk '$2 == 134' "$tmp/runs" | wc -l)
equal "$aborted" 0 "runs aborted (exit 134)"
awk '$2 != 0 {print $2}' "$tmp/runs" | sort | uniq -c >"$tmp/codes"
equal "$(cat "$tmp/codes")" "" "runs that exited non-zero (count, exit)"
equal "$(awk '$3 != 1' "$tmp/runs" | wc -l)" 0 "PDFs pdfinfo does not read as one page"
# Anything on stderr besides "wrote FILE (N bytes)": a warning, an
# assertion, a sanitizer's report.
cat "$tmp"/pdf/*.err | grep -v '^wrote .*\.pdf ([0-9]* bytes)$' >"$tmp/noise"
if [ -s "$tmp/noise" ]; then
	fail "stderr of the runs: $(sort "$tmp/noise" | uniq -c | sort -rn | head -5)"
else
	ok
fi
bad=$(awk '$2 != 0 || $3 != 1 {print $1; exit}' "$tmp/runs")
if [ -n "$bad" ]; then
	echo "first failed run $bad:" >&2
	sed 's/^/  stderr: /' "$tmp/pdf/$bad.err" | head -10 >&2
fi

finish
