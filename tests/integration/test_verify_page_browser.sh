#!/usr/bin/env bash
# The verify page in a real browser (tests/browser/verify.mjs): Debian's
# chromium driven by playwright-core against the real server on a demo
# database.  A reader uploads a PDF certificate (valid, with the owner's
# name), gives a credential URL, uploads a revoked credential, pastes a
# tampered one, uploads a PDF without a credential, another school's
# correctly signed credential ("cannot tell", never "not valid"), reads
# the page in Ukrainian (no reason left in English) and on a phone.
#
# Screenshots of every step go to ${MC_ARTIFACTS:-$PWD/artifacts}/verify-page/.
# Skipped (77) only when chromium, node >= 18 or tests/browser/node_modules
# (npm ci --prefix tests/browser) is missing.
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
chromium=${MC_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "$chromium not found (Debian package chromium; scripts/deps test)"
command -v node >/dev/null 2>&1 || skip "node is not installed (needs node >= 18)"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || skip "node $(node --version) is older than 18"
[ -d "$root/tests/browser/node_modules/playwright-core" ] ||
	skip "tests/browser/node_modules missing (npm ci --prefix tests/browser)"

artefacts=${MC_ARTIFACTS:-$PWD/artifacts}/verify-page
rm -rf "$artefacts"
mkdir -p "$artefacts"
files="$tmp/files"
mkdir -p "$files"

db=$(mc_db browser)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "Olena Koval" --learner-email olena@example.org \
	--lang uk --out "$files/c1.json"
expect 0 "issue another" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "Petro Bondar" --learner-email petro@example.org \
	--out "$files/c2.json"
expect 0 "revoke it" -- "$mc" --db "$db" revoke "$(jq -r .id "$files/c2.json")" \
	--reason "Issued in error"
[ "$failures" -eq 0 ] || finish
jq -r .id "$files/c1.json" >"$files/c1.id"
jq -c '.credentialSubject.name = "Mallory"' "$files/c1.json" >"$files/tampered.json"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$files/plain.pdf"

# Another school's credential signed with its own did:key ("cannot
# tell"), when the independent signer and the fixture are here.
fixture=${MC_FIXTURES:-$root/../shared/fixtures}/ob3/ob3_minimal_openbadgecredential.json
if [ -f "$fixture" ] && [ -d "$root/tests/interop/node_modules/@digitalbazaar/vc" ]; then
	jq 'del(.credentialStatus)' "$fixture" >"$tmp/theirs.unsigned.json"
	expect 0 "another issuer signs (did:key)" -- node "$root/tests/interop/sign-di.mjs" \
		--proof-array "$tmp/theirs.unsigned.json" "$files/unbound.json"
else
	skip_part "cannot tell: needs ../shared/fixtures/ob3 and tests/interop/node_modules (npm ci --prefix tests/interop)"
fi

serve_start "$db"
expect 0 "the PDF certificate" -- curl -sf -o "$files/cert.pdf" \
	"$url/credentials/$(basename "$(cat "$files/c1.id")")/certificate.pdf"
start=$(date +%s)
timeout 300 node "$root/tests/browser/verify.mjs" "$url" "$artefacts" \
	"$files" "$root/web/i18n" >"$tmp/browser.out" 2>"$tmp/browser.err"
rc=$?
cat "$tmp/browser.out"
if [ $rc -ne 0 ]; then
	fail "browser steps (exit $rc); screenshots in $artefacts"
	sed 's/^/  | /' "$tmp/browser.err" | head -40 >&2
	sed 's/^/  server: /' "$tmp/serve.err" | tail -20 >&2
else
	ok
fi
echo "browser steps took $(($(date +%s) - start)) s; screenshots in $artefacts"
ls "$artefacts"/*.png >/dev/null 2>&1 && ok || fail "no screenshots saved"
lacks "$tmp/serve.err" "Sanitizer" "no sanitizer report from the server"
finish
