#!/usr/bin/env bash
# The signed-in workspace in a real browser (tests/browser/workspace.mjs):
# Debian's chromium driven by playwright-core against the real server on a
# demo database.  A designer creates an MC (seeing a validation problem
# beside its field first) and submits it, a reviewer of the QA body
# comments and approves, the designer publishes, an issuer issues it to
# one learner, the credential page opens, /verify says valid, the issuer
# revokes it, /verify fails on status, and a page in Ukrainian shows a UI
# string of web/i18n/uk.json and the demo MC's Ukrainian title.
#
# Screenshots of every step go to ${MC_ARTIFACTS:-$PWD/artifacts}/browser/.
# Skipped (77) only when chromium, node >= 18 or tests/browser/node_modules
# (npm ci --prefix tests/browser) is missing.
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
chromium=${MC_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "SKIP: $chromium not found (Debian package chromium; scripts/deps test)"
	exit 77
fi
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node is not installed (needs node >= 18)"
	exit 77
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
	echo "SKIP: node $(node --version) is older than 18"
	exit 77
fi
if [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
	echo "SKIP: tests/browser/node_modules missing (npm ci --prefix tests/browser)"
	exit 77
fi

artefacts=${MC_ARTIFACTS:-$PWD/artifacts}/browser
rm -rf "$artefacts"
mkdir -p "$artefacts"

db=$(mc_db browser)
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
printf 'browser-test-%s\n' "$RANDOM$RANDOM" >"$tmp/password"
for who in designer:$org:designer reviewer:ua-nqa:reviewer issuer:$org:issuer; do
	name=${who%%:*}
	rest=${who#*:}
	expect 0 "user add $name" -- "$mc" --db "$db" user add \
		--email "$name@browser.test" --name "Browser $name" \
		--password-file "$tmp/password"
	expect 0 "user grant $name" -- "$mc" --db "$db" user grant \
		--user "$name@browser.test" --org "${rest%%:*}" --roles "${rest#*:}"
done
[ "$failures" -eq 0 ] || finish

serve_start "$db"
start=$(date +%s)
timeout 300 node "$root/tests/browser/workspace.mjs" "$url" "$artefacts" \
	"$tmp/password" "$root/data/demo" "$root/web/i18n" \
	>"$tmp/browser.out" 2>"$tmp/browser.err"
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
finish
