#!/usr/bin/env bash
# The generated images Open Badges 3.0 credentials point at, served by
# `microcred serve`: /mc/ID/vN/badge.png|svg (immutable),
# /mc/ID/badge.png|svg (the latest published version, cached briefly) and
# /org/ID/image.png|svg; their content types, caching headers, ETags and
# magic; a credential's achievement.image and issuer.image name them and
# they resolve on the server; unknown MCs and organisations are 404, a bad
# version a 4xx; a draft's badge is shown privately to a member of its
# awarding body and hidden from others.
. "$(dirname "$0")/lib.sh"
command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
db=$(mc_db badge)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES

mc_init "$db"
demo_issuer "$db" $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" \
	--learner-email olena@example.org --lang uk --out "$tmp/c1.json"

# magic FILE HEX: the file's first bytes, as hex.
magic() {
	od -An -tx1 -N$((${#2} / 2)) "$1" | tr -d ' \n'
}
png=89504e470d0a1a0a

# The credential names the images.
ach_image=$(jq -r '.credentialSubject.achievement.image.id' "$tmp/c1.json")
ach_id=$(jq -r '.credentialSubject.achievement.id' "$tmp/c1.json")
equal "$ach_image" "$ach_id/badge.png" "achievement.image.id is the version's badge"
equal "$(jq -r '.credentialSubject.achievement.image.type' "$tmp/c1.json")" Image "achievement.image.type"
equal "$(jq -r '.credentialSubject.achievement.image.caption' "$tmp/c1.json")" \
	"$(jq -r '.credentialSubject.achievement.name' "$tmp/c1.json")" "achievement.image.caption is the title"
issuer_image=$(jq -r '.issuer.image.id' "$tmp/c1.json")
equal "$issuer_image" "$test_base/org/$org/image.png" "issuer.image.id"
equal "$(jq -r '.issuer.image.type' "$tmp/c1.json")" Image "issuer.image.type"
equal "$(jq -r '.issuer.image.caption' "$tmp/c1.json")" "$(jq -r '.issuer.name' "$tmp/c1.json")" "issuer.image.caption"
equal "$(jq -r '.issuer.url | test("^https?://")' "$tmp/c1.json")" true "issuer.url"
equal "$(jq -r '.credentialSubject.achievement.creator.image.id' "$tmp/c1.json")" "$issuer_image" "creator.image"

serve_start "$db"

# They resolve on the server (the base URL mapped to it).
http GET "${ach_image#"$test_base"}"
equal "$code" 200 "GET achievement.image.id"
equal "$(header Content-Type)" image/png "badge PNG content type"
equal "$(magic "$tmp/body" $png)" $png "badge PNG magic"
equal "$(header Cache-Control)" "public, max-age=31536000, immutable" "a version's badge is immutable"
etag=$(header ETag)
[ -n "$etag" ] && ok || fail "badge has an ETag"
cp "$tmp/body" "$tmp/badge1.png"
http GET "${ach_image#"$test_base"}" -H "If-None-Match: $etag"
equal "$code" 304 "ETag revalidates"
http GET "${ach_image#"$test_base"}"
cmp -s "$tmp/body" "$tmp/badge1.png" && ok || fail "the same badge twice: the same bytes"
equal "$(header Cache-Control)" "public, max-age=31536000, immutable" "from the server's cache: still immutable"
http GET "${issuer_image#"$test_base"}"
equal "$code" 200 "GET issuer.image.id"
equal "$(header Content-Type)" image/png "organisation PNG content type"
equal "$(magic "$tmp/body" $png)" $png "organisation PNG magic"
[ -n "$(header ETag)" ] && ok || fail "organisation image has an ETag"
http HEAD "${issuer_image#"$test_base"}"
equal "$code" 200 "HEAD organisation image"

# SVG: well-formed, the title in it, the same as the PNG's version.
version=${ach_id##*/}
http GET "/mc/$mcid/$version/badge.svg"
equal "$code" 200 "GET badge.svg"
equal "$(header Content-Type)" image/svg+xml "badge SVG content type"
xmllint --noout "$tmp/body" 2>"$tmp/xmlerr" && ok || fail "badge SVG is not well-formed: $(head -3 "$tmp/xmlerr")"
contains "$tmp/body" "Механізоване зварювання MAG" "badge SVG: the Ukrainian title"
http GET "/org/$org/image.svg"
equal "$code" 200 "GET organisation image.svg"
xmllint --noout "$tmp/body" 2>/dev/null && ok || fail "organisation SVG is not well-formed"

# The unversioned URL: the latest published version, cached briefly.
http GET "/mc/$mcid/badge.png"
equal "$code" 200 "GET /mc/ID/badge.png"
equal "$(header Cache-Control)" "public, max-age=300" "the latest version's badge: short cache"
cmp -s "$tmp/body" "$tmp/badge1.png" && ok || fail "the latest badge is version $version's"

# Georgian and Armenian MCs.
for m in ge-wine-tourism-qvevri am-lori-cheese-making; do
	http GET "/mc/$m/v1/badge.png"
	equal "$code" 200 "$m: badge.png"
	equal "$(magic "$tmp/body" $png)" $png "$m: PNG magic"
	http GET "/mc/$m/v1/badge.svg"
	xmllint --noout "$tmp/body" 2>/dev/null && ok || fail "$m: SVG not well-formed"
done
contains "$tmp/body" 'xml:lang="hy"' "the Armenian title is marked as such"

# Bad input.
http GET /mc/no-such-mc/badge.png
equal "$code" 404 "unknown MC: 404"
http GET /mc/no-such-mc/v1/badge.svg
equal "$code" 404 "unknown MC version: 404"
http GET "/mc/$mcid/v99/badge.png"
equal "$code" 404 "unknown version: 404"
http GET "/mc/$mcid/1/badge.png"
equal "$code" 404 "a version not vN: 404"
contains "$tmp/body" "version" "a bad version: named"
http GET "/mc/$mcid/v0/badge.png"
equal "$code" 404 "v0: 404"
http GET "/mc/%3Cx%3E/badge.png"
[ "${code:0:1}" = 4 ] && ok || fail "an id with <>: 4xx, got $code"
http GET /org/no-such-org/image.png
equal "$code" 404 "unknown organisation: 404"
http POST "${ach_image#"$test_base"}"
[ "${code:0:1}" = 4 ] && ok || fail "POST to a badge: 4xx, got $code"

# A draft: a new version of the MC is not public.
expect 0 "export" -- "$mc" --db "$db" mc export $mcid --out "$tmp/mc.json"
if [ -s "$tmp/mc.json" ]; then
	jq '(if type == "array" then .[0] else . end) | del(.version, .status) | .description.en = "A draft change."' "$tmp/mc.json" >"$tmp/draft.json"
	expect 0 "save a draft" -- "$mc" --db "$db" mc import "$tmp/draft.json"
	next="v$((${version#v} + 1))"
	expect 0 "versions" -- "$mc" --db "$db" mc versions $mcid
	contains "$tmp/out" "draft" "the draft is stored"
	http GET "/mc/$mcid/$next/badge.png"
	equal "$code" 404 "a draft's badge: hidden from an anonymous reader"
	http GET "/mc/$mcid/$next/badge.png" -H "Authorization: Bearer $T"
	equal "$code" 200 "a draft's badge: shown to a member of its awarding body"
	equal "$(header Cache-Control)" "private, no-store" "a draft's badge is private"
	http GET "/mc/$mcid/$next/badge.png"
	equal "$code" 404 "a draft's badge: not kept for anonymous readers"
	http GET "/mc/$mcid/badge.png"
	cmp -s "$tmp/body" "$tmp/badge1.png" && ok || fail "the latest published badge is unchanged by a draft"
else
	skip_part "mc export wrote nothing"
fi

finish
