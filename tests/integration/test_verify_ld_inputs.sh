#!/usr/bin/env bash
# Hostile JSON-LD against `microcred verify`: an eddsa-rdfc-2022 credential
# changed into deep nesting, a huge array, thousands of repeated contexts,
# a redefined protected term, an inline context, a malformed IRI, an
# invalid language tag, a term no context defines, a poison graph of
# blank nodes (every node linked to every other), numbers that overflow
# or do not round-trip, 10 MB of JSON and a context nobody pinned.  Each
# must end with a named reason and exit 1 (not valid) or 2 (cannot tell),
# within a few seconds and never by a crash; the untouched credential
# stays valid.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
db=$(mc_db ld)
m() { "$mc" --db "$db" "$@"; }

mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "key" -- m key generate --org am-lori-college
expect 0 "issue OB 3.0 (eddsa-rdfc-2022)" -- m issue --mc am-lori-cheese-making \
	--learner-name "Անի Սարգսյան" --learner-email ani@example.org --out "$tmp/ob3.json"
equal "$(jq -r '.proof[0].cryptosuite' "$tmp/ob3.json")" eddsa-rdfc-2022 "signed with eddsa-rdfc-2022"
expect 0 "the credential as issued is valid" -- m verify "$tmp/ob3.json"

python3 - "$tmp/ob3.json" "$tmp" <<'PY'
import copy, json, sys
src, out = sys.argv[1], sys.argv[2]
d = json.load(open(src))
text = json.dumps(d, ensure_ascii=False)
def put(name, doc=None, raw=None):
    with open(f"{out}/{name}.json", "w") as f:
        f.write(raw if raw is not None else json.dumps(doc, ensure_ascii=False))
def changed(**top):
    x = copy.deepcopy(d)
    x.update(top)
    return x
put("deep", raw=text.replace('"type"', '"description": ' + '[' * 1500 + '"x"' + ']' * 1500 + ', "type"', 1))
put("huge_array", changed(description=["n%d" % i for i in range(300000)]))
put("contexts", changed(**{"@context": d["@context"] + [d["@context"][0]] * 2000}))
put("protected", changed(**{"@context": d["@context"] + [{"VerifiableCredential": "urn:x:forged"}]}))
put("bad_iri", changed(id="http://exa mple.org/ bad<>"))
put("bad_language", changed(description={"@value": "x", "@language": "not a tag!"}))
x = copy.deepcopy(d)
x["credentialSubject"]["favouriteColour"] = "green"
put("undefined_term", x)
n = 30
put("poison", changed(**{"@included": [
    {"@id": "_:b%d" % i,
     "https://example.org/rel": [{"@id": "_:b%d" % j} for j in range(n) if j != i]}
    for i in range(n)]}))
put("overflow", raw=text.replace('"type"', '"description": 1e400, "type"', 1))
put("bigint", raw=text.replace('"type"', '"description": 123456789012345678901234567890, "type"', 1))
put("ten_mb", changed(description="a" * (10 * 1024 * 1024)))
put("unknown_context", changed(**{"@context": d["@context"] + ["https://unknown.example/context.jsonld"]}))
PY

# case FILE EXIT CODE [TEXT]: verify FILE, which must exit EXIT within 10 s
# with the proof (or format) check's code CODE, and TEXT in its reason.
case_() {
	local f=$1 want=$2 code=$3 text=${4:-} rc t0 t1 got
	t0=$(date +%s%N)
	timeout 20 "$mc" --db "$db" verify "$tmp/$f.json" --json >"$tmp/$f.out" 2>"$tmp/$f.err"
	rc=$?
	t1=$(date +%s%N)
	equal "$rc" "$want" "$f: exit code"
	if [ $(((t1 - t0) / 1000000)) -lt 10000 ]; then ok; else
		fail "$f: took $(((t1 - t0) / 1000000)) ms"
	fi
	if [ "$code" = - ]; then
		contains "$tmp/$f.err" "$text" "$f: the reason"
		return
	fi
	got=$(jq -r '[.checks[] | select(.check == "proof" or .check == "format") |
		select(.result != "passed")][0] | .code' "$tmp/$f.out")
	equal "$got" "$code" "$f: the failed check"
	[ -z "$text" ] || contains "$tmp/$f.out" "$text" "$f: the reason"
}
case_ deep 2 proof.too_complex "nesting deeper than"
case_ huge_array 2 proof.too_complex "more than 200000 values"
case_ protected 1 proof.malformed "protected term redefinition"
case_ bad_iri 1 proof.bad_signature
case_ bad_language 1 proof.malformed "invalid language tag"
case_ undefined_term 1 proof.undefined_term "favouriteColour"
case_ poison 2 proof.too_complex "canonicalisation work limit"
case_ overflow 1 format.bad_json "overflow"
case_ bigint 1 proof.bad_signature
case_ ten_mb 2 - "more than"
case_ unknown_context 2 proof.unknown_context "unknown.example"
# Contexts that change nothing in the RDF (thousands of repeats) leave
# the signature valid, as the spec says; they cost time, not a crash.
expect 0 "2000 repeated contexts: still the same dataset" -- m verify "$tmp/contexts.json"
finish
