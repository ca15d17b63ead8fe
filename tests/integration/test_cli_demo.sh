#!/usr/bin/env bash
# The demo catalogue through the command line: coverage target met in
# every partner country, multilingual search, facets, export round trip.
. "$(dirname "$0")/lib.sh"
db=$(mc_db demo)

mc_init "$db" --base-url https://skills.demo.test/
contains "$tmp/out" "base URL https://skills.demo.test" "init prints the base URL"
expect 0 "demo" -- "$mc" --db "$db" demo
contains "$tmp/out" "17 organisations" "demo loads the 17 partners"

# Loading the demo again changes nothing.
expect 0 "demo twice" -- "$mc" --db "$db" demo
contains "$tmp/out" "0 organisations, 0 clusters, 0 micro-credentials created, 0 updated" "demo is idempotent"

# Every partner country has ten or more published MCs.
expect 0 "coverage --json" -- "$mc" --db "$db" coverage --json
for cc in UA MK GE AM RS ME; do
	n=$(jq -r --arg cc "$cc" '.countries[] | select(.country == $cc) | .published' "$tmp/out")
	below=$(jq -r --arg cc "$cc" '.countries[] | select(.country == $cc) | .below_target' "$tmp/out")
	if [ -n "$n" ] && [ "$n" -ge 10 ]; then ok; else fail "coverage: $cc has '$n' published MCs"; fi
	equal "$below" false "coverage: $cc not below target"
done
sectors=$(jq '[.sectors[] | select(.country == "UA")] | length' "$tmp/out")
if [ "$sectors" -ge 2 ]; then ok; else fail "coverage: UA spans $sectors broad fields, wanted >= 2"; fi
expect 0 "coverage table" -- "$mc" --db "$db" coverage
lacks "$tmp/out" "BELOW TARGET" "no partner country below target"

# Clusters: at least three, each with members.
expect 0 "cluster list" -- "$mc" --db "$db" cluster list
n=$(wc -l <"$tmp/out")
if [ "$n" -ge 3 ]; then ok; else fail "cluster list: $n clusters"; fi

# Search in the scripts of the programme.
search_finds() { # QUERY COUNTRY DESCRIPTION
	expect 0 "$3" -- "$mc" --db "$db" search "$1" --json --limit 50
	local hits
	hits=$(jq -r --arg cc "$2" '[.hits[] | select(.country == $cc)] | length' "$tmp/out")
	if [ "$hits" -ge 1 ]; then ok; else fail "$3: no $2 hit for '$1'"; fi
}
search_finds "зварювання" UA "Ukrainian query"
search_finds "welding" UA "English query finds Ukrainian MCs by their English title"
search_finds "ЗВАРЮВАННЯ" UA "Cyrillic search ignores case"

# Every country's own language finds its own MCs: take a word of the
# first MC's title in the primary language and search for it.
for cc in UA MK GE AM RS ME; do
	expect 0 "list $cc" -- "$mc" --db "$db" mc list --country "$cc" --json --limit 1
	id=$(jq -r '.hits[0].id' "$tmp/out")
	expect 0 "export $id" -- "$mc" --db "$db" mc export "$id"
	lang=$(jq -r '.[0].primary_language' "$tmp/out")
	word=$(jq -r --arg l "$lang" '[.[0].title[$l] | splits("[\\s,.:;()\"«»„“–/-]+") | select(length > 5)] | .[0]' "$tmp/out")
	expect 0 "search '$word'" -- "$mc" --db "$db" search "$word" --json --limit 100
	found=$(jq -r --arg id "$id" '[.hits[] | select(.id == $id)] | length' "$tmp/out")
	equal "$found" 1 "$cc: '$word' ($lang) finds $id"
done

# Titles come in the reader's language.
expect 0 "search --lang uk" -- "$mc" --db "$db" search welding --lang uk --json
equal "$(jq -r '.hits[0].title_lang' "$tmp/out")" uk "title in the reader's language"

# Filters and facets.
expect 0 "facets" -- "$mc" --db "$db" search "" --facets --json --limit 1000 --country GE
equal "$(jq -r '[.hits[] | select(.country != "GE")] | length' "$tmp/out")" 0 "country filter"
equal "$(jq -r '.facets.country[0].value' "$tmp/out")" GE "country facet"
total=$(jq -r '.total' "$tmp/out")
sum=$(jq -r '[.facets.eqf_level[].count] | add' "$tmp/out")
equal "$sum" "$total" "EQF facet counts add up to the total"
expect 0 "eqf filter" -- "$mc" --db "$db" search "" --eqf 4 --json --limit 1000
equal "$(jq -r '[.hits[] | select(.eqf_level != 4)] | length' "$tmp/out")" 0 "EQF filter"
expect 0 "target group filter" -- "$mc" --db "$db" search "" --target-group idps --json --limit 1000
if [ "$(jq -r '.total' "$tmp/out")" -ge 1 ]; then ok; else fail "no MC for IDPs"; fi

# Export, import into a fresh database, export again: same bytes.
expect 0 "export all" -- "$mc" --db "$db" mc export --all-versions --out "$tmp/export.json"
expect 0 "org export" -- "$mc" --db "$db" org list --json
jq '{organisations: .}' "$tmp/out" >"$tmp/orgs.json"
fresh=$(mc_db fresh)
expect 0 "fresh import orgs" -- "$mc" --db "$fresh" org import "$tmp/orgs.json"
expect 0 "fresh import MCs" -- "$mc" --db "$fresh" mc import "$tmp/export.json"
expect 0 "re-export" -- "$mc" --db "$fresh" mc export --all-versions --out "$tmp/export2.json"
if cmp -s "$tmp/export.json" "$tmp/export2.json"; then ok; else fail "export -> import -> export differs"; fi
expect 0 "import again" -- "$mc" --db "$fresh" mc import "$tmp/export.json"
contains "$tmp/out" "0 created, 0 updated" "importing an export twice changes nothing"

finish
