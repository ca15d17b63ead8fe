#!/usr/bin/env bash
# Verifying another platform's credential: its status list is fetched over
# HTTP from that platform (a local web server standing in for it), checked
# for authenticity, and read; --offline refuses the network and says so.
# That platform's base URL is not https, so its issuer is a did:key that
# only the reader's list of trusted issuers binds: without it the list is
# not read at all.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed (the test's web server)"; exit 77; }
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE
www="$tmp/www"
mkdir -p "$www"

# A static web server on a free loopback port, serving $www.
cat >"$tmp/serve.js" <<'JS'
const http = require('http'), fs = require('fs'), path = require('path');
const root = process.argv[2];
const srv = http.createServer((req, res) => {
  const f = path.join(root, decodeURIComponent(req.url.split('?')[0]));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, {'content-type': 'application/json'});
  res.end(fs.readFileSync(f));
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
JS
node "$tmp/serve.js" "$www" >"$tmp/port" &
server=$!
at_exit 'kill $server 2>/dev/null'
for i in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
base="http://127.0.0.1:$port"

# The issuing platform.
a=$(mc_db a)
mc_init "$a" --base-url "$base"
expect 0 "demo" -- "$mc" --db "$a" demo
expect 0 "key" -- "$mc" --db "$a" key generate --org am-lori-college
expect 0 "issue" -- "$mc" --db "$a" issue --mc am-lori-cheese-making --learner-name "Արամ Պետրոսյան" --learner-email aram@example.org --out "$tmp/c.json"
url=$(jq -r .credentialStatus.statusListCredential "$tmp/c.json")
publish() {
	mkdir -p "$www/status/am-lori-college/revocation"
	"$mc" --db "$a" status-list get "$url" --out "$www${url#"$base"}"
}
publish

# A verifier elsewhere, with no access to the issuer's database, who
# trusts the issuer.
expect 2 "unbound issuer: cannot tell" -- "$mc" verify --no-db "$tmp/c.json" --json
equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" status.unbound \
	"the list of an unbound issuer is not read"
issuer=$(jq -r .issuer.id "$tmp/c.json")
verify() { "$mc" verify --no-db --trusted "$issuer" "$@"; }
expect 0 "fetched status: valid" -- verify "$tmp/c.json" --json
equal "$(jq -r '.checks[] | select(.check == "status") | .result' "$tmp/out")" passed "status fetched and read"
expect 2 "offline: cannot tell" -- verify --offline "$tmp/c.json" --json
contains "$tmp/out" "the network is not to be used" "offline says why"

expect 0 "revoke" -- "$mc" --db "$a" revoke "$(jq -r .id "$tmp/c.json")" --reason "annulled"
publish
expect 1 "fetched status: revoked" -- verify "$tmp/c.json" --json
contains "$tmp/out" "revoked by the issuer" "revocation seen from elsewhere"

# A forged list (its bits changed under the issuer's proof) is not
# believed: it settles nothing, so cannot tell.
jq '.credentialSubject.encodedList = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQsvoAAAAAAAAAAAAAAAAP4GcwM92tQwAAA"' \
	"$www${url#"$base"}" >"$tmp/forged.json"
cp "$tmp/forged.json" "$www${url#"$base"}"
expect 2 "forged status list" -- verify "$tmp/c.json" --json
contains "$tmp/out" "not an authentic" "forged list refused"

# Gone: cannot tell, never valid.
rm -f "$www${url#"$base"}"
expect 2 "status list missing" -- verify "$tmp/c.json" --json
contains "$tmp/out" "could not be fetched" "missing list reported"
finish
