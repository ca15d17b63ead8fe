#!/usr/bin/env bash
# Interop: the Commission's SHACL shapes for European Digital Credentials
# (EDC-generic-no-cv and EDC-generic-full, ELM 3.1 and 3.2) check what we
# build, with rdf-validate-shacl through shacl.mjs (offline JSON-LD
# expansion with the given contexts).
#   positive control: the Commission's MC sample (the sealed one's payload:
#     the unsigned sample lacks "issued" and the issuer's eIDAS identifier,
#     which EDC adds at sealing) conforms to generic-full 3.1;
#   negative control: a copy without "issuer" does not;
#   ours (Ukrainian and Georgian learners, with the rendered page): all four
#     shape files.  ELM 3.1 types credentialStatus as an xsd:anyURI literal
#     and its context has no CredentialStatus class, so the 3.1 runs check
#     a copy without credentialStatus (the 3.2 form we emit); 3.2 checks it.
# Ours is the payload of what `microcred issue --format edc` seals on a
# fresh demo database (test CA and test seals, as scripts/demo makes them).
# Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed"; exit 77; }
command -v jq >/dev/null 2>&1 || { echo "skipped: jq is not installed"; exit 77; }
[ -d "$here/node_modules/rdf-validate-shacl" ] ||
	{ echo "skipped: run 'npm ci --prefix tests/interop' first"; exit 77; }
fx=${MC_FIXTURES:-${MC_SHARED:-$MC_SOURCE_DIR/../shared}/fixtures}
edc="$fx/edc"
[ -f "$edc/EDC-generic-full.ttl" ] && [ -f "$edc/elm-3.2-LTS/EDC-generic-full.ttl" ] ||
	{ echo "skipped: $edc (the EDC shapes) is absent"; exit 77; }

ctx=http://data.europa.eu/snb/model/context/edc-ap
c31=(--context "$ctx=$edc/edc-ap-context.jsonld")
c32=(--context "$ctx=$edc/elm-3.2-LTS/edc-ap-context.jsonld")
full31=(--shapes "$edc/EDC-generic-full.ttl")
nocv31=(--shapes "$edc/EDC-generic-no-cv.ttl")
full32=(--shapes "$edc/elm-3.2-LTS/EDC-generic-full.ttl")
nocv32=(--shapes "$edc/elm-3.2-LTS/EDC-generic-no-cv.ttl")

# shacl WANT DESCRIPTION ARGS...: run shacl.mjs, check its exit code and
# show its report when it is not the one wanted.
shacl() {
	local want=$1 what=$2
	shift 2
	node "$here/shacl.mjs" --quiet "$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$what: exit $got, wanted $want"
		cat "$tmp/out" "$tmp/err" | head -30 | sed 's/^/  | /' >&2
	else
		ok
	fi
}

# Controls: the validator accepts the Commission's sample and refuses it
# without an issuer (the shapes are really applied).
shacl 0 "Commission MC sample conforms to generic-full 3.1" \
	"${full31[@]}" "${c31[@]}" "$edc/Sample-MC-Annex1-signed.jsonld"
jq '.payload | fromjson | del(.issuer)' "$edc/Sample-MC-Annex1-signed.jsonld" >"$tmp/no-issuer.jsonld"
shacl 1 "sample without issuer fails generic-full 3.1" \
	"${full31[@]}" "${c31[@]}" "$tmp/no-issuer.jsonld"
contains "$tmp/out" "credentials#issuer" "the missing issuer is reported"
shacl 0 "minimal MC sample conforms to generic-no-cv 3.1" \
	"${nocv31[@]}" "${c31[@]}" "$edc/minimal-edc-mc-unsigned.jsonld"
shacl 2 "an unknown context is refused (offline loader)" \
	"${full31[@]}" "$edc/minimal-edc-mc-unsigned.jsonld"

# Ours: a Ukrainian and a Georgian learner, issued and sealed by the CLI;
# the payload (the credential as sealed) is what the shapes check.
db="$tmp/shacl.db"
m() { "$mc" --db "$db" "$@"; }
mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "create-test-ca" -- m cert create-test-ca
for o in ua-dniprorudne-lyceum ge-skills-agency; do
	expect 0 "create-test-seal $o" -- m cert create-test-seal $o
done
mkdir -p "$tmp/ours"
expect 0 "issue edc (uk)" -- m issue --mc ua-mag-welding-steel-structures \
	--learner-name "Олена Коваль" --learner-email olena@example.org --lang uk \
	--format edc --out "$tmp/ours/sealed-uk.jsonld"
expect 0 "issue edc (ka)" -- m issue --mc ge-hotel-front-office \
	--learner-name "ნინო ბერიძე" --learner-email nino@example.org --lang ka \
	--format edc --out "$tmp/ours/sealed-ka.jsonld"
for lang in uk ka; do
	expect 0 "our sealed EDC ($lang) verifies" -- m verify "$tmp/ours/sealed-$lang.jsonld"
	jq -r .payload "$tmp/ours/sealed-$lang.jsonld" >"$tmp/ours/edc-$lang.jsonld" ||
		fail "no payload in our sealed EDC ($lang)"
done
for lang in uk ka; do
	f="$tmp/ours/edc-$lang.jsonld"
	[ -s "$f" ] || { fail "no EDC issued for $lang"; continue; }
	case "$(jq -r '.displayParameter.individualDisplay[0].displayDetail.image.content' "$f")" in
	iVBORw0KGgo*) ok ;; *) fail "the rendered page is a base64 PNG ($lang)" ;;
	esac
	shacl 0 "ours ($lang) conforms to generic-no-cv 3.2" "${nocv32[@]}" "${c32[@]}" "$f"
	shacl 0 "ours ($lang) conforms to generic-full 3.2" "${full32[@]}" "${c32[@]}" "$f"
	jq 'del(.credentialStatus)' "$f" >"$tmp/ours/edc-$lang-3.1.jsonld"
	shacl 0 "ours ($lang) conforms to generic-no-cv 3.1" "${nocv31[@]}" "${c31[@]}" "$tmp/ours/edc-$lang-3.1.jsonld"
	shacl 0 "ours ($lang) conforms to generic-full 3.1" "${full31[@]}" "${c31[@]}" "$tmp/ours/edc-$lang-3.1.jsonld"
	# Negative: without the seal's eIDAS identifier the issuer fails.
	jq 'del(.issuer.eIDASIdentifier)' "$f" >"$tmp/ours/bad-$lang.jsonld"
	shacl 1 "ours ($lang) without eIDASIdentifier fails generic-no-cv 3.2" \
		"${nocv32[@]}" "${c32[@]}" "$tmp/ours/bad-$lang.jsonld"
done
finish
