#!/usr/bin/env bash
# The printable certificate: `microcred certificate` (PDF and PNG, bad
# input) and the server's /credentials/:uuid/certificate.pdf|.png with the
# links on the credential page.  The PDF is read back with pdftotext and
# pdfinfo (poppler-utils); without them the test is skipped.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null ||
	skip "pdftotext and pdfinfo (poppler-utils) are not installed"
db=$(mc_db cert)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
title_en="MAG welding of steel structures"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org --lang uk --out "$tmp/c1.json"
credid=$(jq -r .id "$tmp/c1.json")
uuid=${credid##*/}

# magic FILE HEX: the file's first bytes, as hex, are HEX.
magic() {
	od -An -tx1 -N$((${#2} / 2)) "$1" | tr -d ' \n'
}

# text PDF: the PDF's text on one line (titles may wrap), into $tmp/text.
text() {
	pdftotext -enc UTF-8 "$1" - | tr -s ' \n\t' '   ' >"$tmp/text"
}

# The CLI: PDF by UUID to a named file.
expect 0 "certificate pdf" -- "$mc" --db "$db" certificate "$uuid" --out "$tmp/c1.pdf"
equal "$(magic "$tmp/c1.pdf" 255044462d)" 255044462d "PDF magic (%PDF-)"
text "$tmp/c1.pdf"
contains "$tmp/text" "Олена Коваль" "learner name on the PDF"
contains "$tmp/text" "$title_en" "MC title (English) on the PDF"
contains "$tmp/text" "Механізоване зварювання MAG" "MC title (learner's language) on the PDF"
contains "$tmp/text" "$uuid" "credential id on the PDF"
pages=$(pdfinfo "$tmp/c1.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
equal "$pages" 1 "one page"

# By URL, PNG, to the default name in the current directory.
mkdir "$tmp/cwd"
(cd "$tmp/cwd" && "$mc" --db "$db" certificate "$credid" --format png) >"$tmp/out" 2>"$tmp/err"
equal "$?" 0 "certificate png by URL"
if [ -f "$tmp/cwd/$uuid.png" ]; then ok; else fail "default name UUID.png: $(ls "$tmp/cwd")"; fi
equal "$(magic "$tmp/cwd/$uuid.png" 89504e470d0a1a0a)" 89504e470d0a1a0a "PNG magic"
(cd "$tmp/cwd" && "$mc" --db "$db" certificate "$uuid") >"$tmp/out" 2>"$tmp/err"
equal "$?" 0 "certificate pdf, default name"
if [ -f "$tmp/cwd/$uuid.pdf" ]; then ok; else fail "default name UUID.pdf: $(ls "$tmp/cwd")"; fi

# --out - writes to standard output (not a terminal here), byte for byte.
expect 0 "certificate to stdout" -- "$mc" --db "$db" certificate "$uuid" --format png --out -
equal "$(magic "$tmp/out" 89504e470d0a1a0a)" 89504e470d0a1a0a "PNG on stdout"
equal "$(wc -c <"$tmp/out")" "$(wc -c <"$tmp/cwd/$uuid.png")" "stdout: the same size as the file"

# In English only (the learner's language otherwise).
expect 0 "certificate --lang en" -- "$mc" --db "$db" certificate "$uuid" --lang en --out "$tmp/en.pdf"
text "$tmp/en.pdf"
contains "$tmp/text" "$title_en" "English certificate has the title"

# Bad input.
expect 1 "unknown credential" -- "$mc" --db "$db" certificate 00000000-0000-4000-8000-000000000000 --out "$tmp/none.pdf"
contains "$tmp/err" "00000000-0000-4000-8000-000000000000" "unknown credential: named in the message"
if [ -e "$tmp/none.pdf" ]; then fail "nothing written for an unknown credential"; else ok; fi
expect 2 "bad format" -- "$mc" --db "$db" certificate "$uuid" --format svg
contains "$tmp/err" "--format" "bad format: names the option"
expect 2 "no credential" -- "$mc" --db "$db" certificate
expect 0 "help" -- "$mc" certificate --help
contains "$tmp/out" "--format" "help lists the options"

# The server.
serve_start "$db"
http GET /credentials/$uuid/certificate.pdf
equal "$code" 200 "GET certificate.pdf"
equal "$(header Content-Type)" application/pdf "PDF content type"
equal "$(header Content-Disposition)" "attachment; filename=\"certificate-$uuid.pdf\"" "PDF is an attachment"
equal "$(magic "$tmp/body" 255044462d)" 255044462d "served PDF magic"
etag=$(header ETag)
[ -n "$etag" ] && ok || fail "PDF has an ETag"
text "$tmp/body"
contains "$tmp/text" "Олена Коваль" "served PDF: learner name"
http GET "/credentials/$uuid/certificate.pdf" -H "If-None-Match: $etag"
equal "$code" 304 "ETag revalidates"
# The PDF attaches the award's other formats: a twin issued later changes
# it, so its ETag changes and the cached copy no longer revalidates.
expect 0 "key generate (RSA, for the VC-JWT twin)" -- "$mc" --db "$db" key generate --org $org --type rsa2048
expect 0 "issue the VC-JWT twin" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" \
	--learner-email olena@example.org --lang uk --format vc-jwt --out "$tmp/c1.jwt"
http GET "/credentials/$uuid/certificate.pdf" -H "If-None-Match: $etag"
equal "$code" 200 "a new twin: the PDF is sent again"
[ "$(header ETag)" != "$etag" ] && ok || fail "a new twin changes the ETag"

http GET /credentials/$uuid/certificate.png
equal "$code" 200 "GET certificate.png"
equal "$(header Content-Type)" image/png "PNG content type"
equal "$(magic "$tmp/body" 89504e470d0a1a0a)" 89504e470d0a1a0a "served PNG magic"

http GET "/credentials/$uuid/certificate.pdf?lang=en"
equal "$code" 200 "?lang=en"
text "$tmp/body"
contains "$tmp/text" "$title_en" "?lang=en: English title"
http GET "/credentials/$uuid/certificate.pdf?lang=%3Cx%3E"
equal "$code" 400 "?lang= not a tag"

http GET /credentials/00000000-0000-4000-8000-000000000000/certificate.pdf
equal "$code" 404 "unknown credential: 404"
http GET /credentials/00000000-0000-4000-8000-000000000000/certificate.png
equal "$code" 404 "unknown credential png: 404"

# A long base URL (as a national platform's is): the id does not fit on
# one line, and the UUID still reads whole on the page, never broken at
# one of its hyphens.  Eight learners, since where the line ends depends
# on the UUID's glyphs.
long=$(mc_db long)
mc_init "$long" --base-url "https://skills.nqa-99999.gov.test"
expect 0 "demo (long base URL)" -- "$mc" --db "$long" demo
expect 0 "key (long base URL)" -- "$mc" --db "$long" key generate --org $org
whole=0
for i in $(seq 8); do
	"$mc" --db "$long" issue --mc $mcid --learner-name "Learner $i" \
		--learner-email "l$i@example.org" --out "$tmp/l$i.json" 2>/dev/null
	u=$(jq -r .id "$tmp/l$i.json")
	u=${u##*/}
	"$mc" --db "$long" certificate "$u" --out "$tmp/l$i.pdf" 2>/dev/null
	text "$tmp/l$i.pdf"
	grep -qF -- "$u" "$tmp/text" && whole=$((whole + 1))
done
equal "$whole" 8 "certificates whose UUID reads whole (long base URL)"
contains "$tmp/text" "credentials/ $u" "the id breaks after its last '/'"

# The credential page links to both.
http GET /credentials/$uuid -H 'Accept: text/html'
equal "$code" 200 "credential page"
contains "$tmp/body" "/credentials/$uuid/certificate.pdf" "page links the PDF"
contains "$tmp/body" "/credentials/$uuid/certificate.png" "page links the PNG"
contains "$tmp/body" "Download certificate (PDF)" "PDF link text"
http GET "/credentials/$uuid?lang=uk" -H 'Accept: text/html'
contains "$tmp/body" "Завантажити сертифікат (PDF)" "PDF link text in Ukrainian"

# A revoked credential's certificate is no longer offered as current
# (test_revoke_twins.sh checks every format of the award); the issuer's
# command line still renders it.
expect 0 "revoke" -- "$mc" --db "$db" revoke "$credid" --reason "test"
http GET /credentials/$uuid/certificate.pdf
equal "$code" 410 "revoked: certificate withdrawn"
expect 0 "revoked: the CLI still renders it" -- "$mc" --db "$db" certificate "$uuid" --out "$tmp/revoked.pdf"

finish
