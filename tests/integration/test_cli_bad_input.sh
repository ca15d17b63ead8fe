#!/usr/bin/env bash
# Bad input through the command line: a clear message naming the file,
# record or line, field and reason; exit 1 (rejected) or 2 (usage,
# system); nothing already stored lost or half-written.
. "$(dirname "$0")/lib.sh"
db=$(mc_db bad)
example="$MC_SOURCE_DIR/docs/examples/mc-example.json"

jq '{organisations: .organisations}' "$MC_SOURCE_DIR/data/demo/00-organisations.json" >"$tmp/orgs.json"
expect 0 "orgs" -- "$mc" --db "$db" org import "$tmp/orgs.json"
expect 0 "good MC" -- "$mc" --db "$db" mc import "$example"
expect 0 "export before" -- "$mc" --db "$db" mc export
cp "$tmp/out" "$tmp/before.json"

still_intact() {
	expect 0 "export after $1" -- "$mc" --db "$db" mc export
	if cmp -s "$tmp/out" "$tmp/before.json"; then ok; else fail "$1 changed what was stored"; fi
}

# Malformed JSON.
printf '{"id": "x", "title": {"en": "t"},\n  "eqf_level": }\n' >"$tmp/malformed.json"
expect 1 "malformed JSON" -- "$mc" --db "$db" mc import "$tmp/malformed.json"
contains "$tmp/err" "malformed.json" "names the file"
contains "$tmp/err" "line 2" "names the line"
still_intact "malformed JSON"

# Invalid UTF-8.
printf '{"id": "x", "title": {"en": "caf\xe9"}}' >"$tmp/latin1.json"
expect 1 "invalid UTF-8" -- "$mc" --db "$db" mc import "$tmp/latin1.json"
contains "$tmp/err" "line 1 column 33: invalid UTF-8" "says where the invalid UTF-8 is"

# Every problem of a record at once, with field paths.
jq '.id = "ua-bad" | .eqf_level = 9 | .participation.mode = "telepathy"
    | .learning_outcomes = [] | .workload = {} | .countries = ["XX"]
    | .title.en = 42' "$example" >"$tmp/many.json"
expect 1 "many problems" -- "$mc" --db "$db" mc import "$tmp/many.json"
contains "$tmp/err" "eqf_level: must be 1..8, got 9" "EQF range"
contains "$tmp/err" "participation.mode" "unknown enum value named"
contains "$tmp/err" "telepathy" "the bad value is quoted"
contains "$tmp/err" "learning_outcomes: at least one required" "outcomes required"
contains "$tmp/err" "workload" "workload required"
contains "$tmp/err" "countries[0]" "bad country code"
contains "$tmp/err" "title.en" "wrong type"
n=$(grep -c "many.json" "$tmp/err")
if [ "$n" -ge 7 ]; then ok; else fail "all problems reported: only $n lines"; fi

# Unknown keys are refused, not dropped.
jq '.colour = "blue"' "$example" >"$tmp/unknown.json"
expect 1 "unknown key" -- "$mc" --db "$db" mc import "$tmp/unknown.json"
contains "$tmp/err" "colour" "unknown key named"

# All or nothing per file: a good record with a bad one stores neither.
jq -s '[(.[0] | .id = "ua-good-one"), (.[0] | .id = "ua-bad-one" | .eqf_level = 0)]' "$example" >"$tmp/mixed.json"
expect 1 "mixed file" -- "$mc" --db "$db" mc import "$tmp/mixed.json"
contains "$tmp/err" "record 2 (ua-bad-one)" "names the record"
expect 1 "good record not stored" -- "$mc" --db "$db" mc show ua-good-one
still_intact "mixed file"

# Duplicate identifiers in one file.
jq -s '[.[0], .[0]]' "$example" >"$tmp/dup.json"
expect 1 "duplicate ids" -- "$mc" --db "$db" mc import "$tmp/dup.json"
contains "$tmp/err" "duplicate" "duplicate reported"

# Unknown organisation.
jq '.provider = "nobody"' "$example" >"$tmp/noorg.json"
expect 1 "unknown org" -- "$mc" --db "$db" mc import "$tmp/noorg.json"
contains "$tmp/err" "provider: unknown organisation 'nobody'" "unknown organisation"

# Oversized field and file.
long=$(head -c 9000 /dev/zero | tr '\0' 'a')
jq --arg t "$long" '.description.en = $t' "$example" >"$tmp/long.json"
expect 1 "oversized field" -- "$mc" --db "$db" mc import "$tmp/long.json"
contains "$tmp/err" "description.en" "oversized field named"
head -c $((65 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$tmp/huge.json"
expect 1 "oversized file" -- "$mc" --db "$db" mc import "$tmp/huge.json"
contains "$tmp/err" "limit" "size limit named"
rm -f "$tmp/huge.json"
still_intact "oversized input"

# CSV: a good catalogue imports; a broken one names the line.
cat >"$tmp/good.csv" <<'CSV'
id,primary_language,languages,title@en,title@uk,provider,awarding_bodies,countries,sector,target_groups,eqf_level,ects,hours,assessment,mode,qa_type,knowledge@en,knowledge@uk,skills@en,skills@uk
ua-csv-drywall,uk,uk,Drywall partitions,Каркасні перегородки з гіпсокартону,ua-rokytne-lyceum,ua-rokytne-lyceum,UA,0732,adults;idps,3,2,50,practical_demonstration,onsite,internal,"The learner can name the parts of a metal stud frame.","Здобувач освіти називає елементи металевого каркаса.","The learner can build a partition with a door opening.","Здобувач освіти монтує перегородку з дверним прорізом."
CSV
expect 0 "CSV import" -- "$mc" --db "$db" mc import "$tmp/good.csv"
expect 0 "CSV MC stored" -- "$mc" --db "$db" mc show ua-csv-drywall --lang uk
contains "$tmp/out" "Каркасні перегородки" "CSV Cyrillic kept"
expect 0 "export after CSV" -- "$mc" --db "$db" mc export
cp "$tmp/out" "$tmp/before.json"
printf 'id,title@en\n"ua-x,unterminated\n' >"$tmp/broken.csv"
expect 1 "broken CSV" -- "$mc" --db "$db" mc import "$tmp/broken.csv"
contains "$tmp/err" "line 2" "CSV line named"

# Databases that are not ours, or newer than the program.
if [ "$mc_backend" = sqlite ]; then
	echo "hello" >"$tmp/text.db"
	expect 2 "text file as database" -- "$mc" --db "$tmp/text.db" mc list
	contains "$tmp/err" "not a microcred database" "not ours"
fi
other=$(mc_db other)
db_sql "$other" "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);"
expect 2 "other app's database" -- "$mc" --db "$other" mc list
contains "$tmp/err" "not a microcred database" "other application's database"
equal "$(db_sql "$other" 'SELECT count(*) FROM t')" 1 "other database untouched"
newer=$(mc_db newer)
if [ "$mc_backend" = sqlite ]; then
	cp "$db" "$newer"
	db_sql "$newer" "PRAGMA user_version = 999;"
else
	mc_init "$newer"
	db_sql "$newer" "INSERT INTO schema_version(version, applied_at) VALUES (999, 'later')"
fi
expect 2 "newer database" -- "$mc" --db "$newer" mc list
contains "$tmp/err" "999" "newer schema version named"

# Search queries.
expect 1 "unclosed quote" -- "$mc" --db "$db" search '"welding'
contains "$tmp/err" "position" "query error names the position"
expect 2 "bad eqf" -- "$mc" --db "$db" search x --eqf 9
expect 2 "bad status" -- "$mc" --db "$db" mc list --status done

# Usage.
expect 2 "no command" -- "$mc"
expect 2 "unknown command" -- "$mc" frobnicate
expect 2 "unknown option" -- "$mc" --db "$db" mc list --colour
expect 0 "help" -- "$mc" mc import --help
contains "$tmp/out" "usage: microcred" "help shows usage"
expect 1 "missing MC" -- "$mc" --db "$db" mc show no-such-mc
contains "$tmp/err" "no-such-mc" "missing MC named"

still_intact "all of the above"
finish
