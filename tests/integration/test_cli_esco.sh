#!/usr/bin/env bash
# ESCO: import the official CSV exports and look skills up by label.
. "$(dirname "$0")/lib.sh"
esco="${MC_FIXTURES:-}/esco"
if [ ! -d "$esco" ]; then
	echo "skipped: ESCO fixtures not found at '$esco' (../shared/fixtures is absent)"
	exit 77
fi
db=$(mc_db esco)

expect 0 "import skills" -- "$mc" --db "$db" esco import "$esco/transversalSkillsCollection_en.csv" "$esco/ictSkillsCollection_en.csv"
contains "$tmp/out" "107 concepts" "all transversal skills"
expect 0 "import occupations and ISCO" -- "$mc" --db "$db" esco import "$esco/occupations_en.sample40.csv" "$esco/ISCOGroups_en.csv"
contains "$tmp/out" "619 concepts" "all ISCO groups"
expect 0 "find by preferred label" -- "$mc" --db "$db" esco find "solve technical problems" --json
equal "$(jq -r '.[0].uri' "$tmp/out")" "http://data.europa.eu/esco/skill/14832d87-2f2f-4895-b290-e4760ebae42a" "preferred label"
expect 0 "find by alternative label" -- "$mc" --db "$db" esco find "counsel others" --json
equal "$(jq -r '.[0].uri' "$tmp/out")" "http://data.europa.eu/esco/skill/045f71e6-0699-4169-8a54-9c6b96f3174d" "alternative label"
expect 0 "prefix" -- "$mc" --db "$db" esco find "technical direc" --json
contains "$tmp/out" "occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34" "prefix on the last word"
expect 0 "show" -- "$mc" --db "$db" esco show http://data.europa.eu/esco/skill/045f71e6-0699-4169-8a54-9c6b96f3174d
contains "$tmp/out" "give advice to others" "label shown"
contains "$tmp/out" "transversal" "reuse level shown"
# Re-import replaces, does not duplicate.
expect 0 "re-import" -- "$mc" --db "$db" esco import "$esco/transversalSkillsCollection_en.csv"
expect 0 "find after re-import" -- "$mc" --db "$db" esco find "give advice" --json
equal "$(jq '[.[] | select(.uri == "http://data.europa.eu/esco/skill/045f71e6-0699-4169-8a54-9c6b96f3174d")] | length' "$tmp/out")" 1 "no duplicates"
# A broken export is refused whole.
printf 'conceptType,conceptUri,preferredLabel\nKnowledgeSkillCompetence,http://example.org/x,thing\n' >"$tmp/bad.csv"
expect 1 "bad URI" -- "$mc" --db "$db" esco import "$tmp/bad.csv"
contains "$tmp/err" "line 2" "line named"
contains "$tmp/err" "conceptUri" "column named"
finish
