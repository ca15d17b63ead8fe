#!/usr/bin/env bash
# What `microcred verify` takes besides a credential file: the PDF
# certificate (the credential attached to it when it is made, read back
# by poppler's pdfdetach and checked by qpdf when installed), a PNG or SVG
# baked by an independent baker (Python, the Open Badges 3.0 baking rules:
# an iTXt chunk "openbadgecredential", an <openbadges:credential>
# element), and a URL (ours looked up, another's fetched from a local
# HTTP server); damaged carriers, carriers without a credential, a
# tampered and a revoked credential, and the exit codes of each.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
command -v pdfdetach >/dev/null 2>&1 || skip "pdfdetach (poppler-utils) is not installed"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
db=$(mc_db v)
m() { "$mc" --db "$db" "$@"; }

mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "key" -- m key generate --org am-lori-college
expect 0 "test CA" -- m cert create-test-ca --out "$tmp/ca.pem"
expect 0 "test seal" -- m cert create-test-seal am-lori-college
learner=(--mc am-lori-cheese-making --learner-name "Անի Սարգսյան" --learner-email ani@example.org)
expect 0 "issue OB 3.0" -- m issue "${learner[@]}" --out "$tmp/ob3.json"
expect 0 "issue VC-JWT" -- m issue "${learner[@]}" --format vc-jwt --alg EdDSA --out "$tmp/c.jwt"
expect 0 "issue EDC" -- m issue "${learner[@]}" --format edc --out "$tmp/edc.jsonld"
id=$(jq -r .id "$tmp/ob3.json")
uuid=${id##*/}
# The stored bytes (the CLI's --out adds a final newline).
printf '%s' "$(cat "$tmp/ob3.json")" >"$tmp/ob3.bytes"
printf '%s' "$(cat "$tmp/c.jwt")" >"$tmp/jwt.bytes"

# --- the PDF certificate carries the credential and its twins ----------
expect 0 "certificate" -- m certificate "$uuid" --out "$tmp/cert.pdf"
pdfdetach -list "$tmp/cert.pdf" >"$tmp/list" 2>&1
contains "$tmp/list" "3 embedded files" "three attached files"
contains "$tmp/list" "credential.json" "the OB 3.0 credential"
contains "$tmp/list" "credential.jwt" "the VC-JWT twin"
contains "$tmp/list" "credential-edc.json" "the EDC twin"
mkdir -p "$tmp/det"
pdfdetach -saveall -o "$tmp/det" "$tmp/cert.pdf" >/dev/null 2>&1
if cmp -s "$tmp/det/credential.json" "$tmp/ob3.bytes"; then ok; else
	fail "pdfdetach's credential.json is not the stored credential"; fi
if cmp -s "$tmp/det/credential.jwt" "$tmp/jwt.bytes"; then ok; else
	fail "pdfdetach's credential.jwt is not the stored VC-JWT"; fi
m verify "$tmp/det/credential-edc.json" --json >"$tmp/out" 2>/dev/null
equal "$(jq -r .format "$tmp/out")" edc+jades "the attached EDC is the sealed EDC"
printf '%s' "$(cat "$tmp/edc.jsonld")" >"$tmp/edc.bytes"
if cmp -s "$tmp/det/credential-edc.json" "$tmp/edc.bytes"; then ok; else
	fail "pdfdetach's credential-edc.json is not the stored EDC"; fi
if command -v qpdf >/dev/null 2>&1; then
	expect 0 "qpdf --check" -- qpdf --check "$tmp/cert.pdf"
	qpdf --list-attachments "$tmp/cert.pdf" >"$tmp/qlist" 2>&1
	contains "$tmp/qlist" "credential.json" "qpdf lists the attachment"
else
	echo "note: qpdf is not installed; the PDF's structure is checked by pdfdetach only"
fi
# The page still renders as before: poppler reads its text.
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext -enc UTF-8 "$tmp/cert.pdf" - | tr -s ' \n' '  ' >"$tmp/text"
	contains "$tmp/text" "Անի Սարգսյան" "the page still shows the learner"
fi

expect 0 "verify the PDF" -- m verify "$tmp/cert.pdf"
equal "$(head -1 "$tmp/out")" "VALID: $id" "the PDF's credential is valid"
contains "$tmp/out" "from: pdf" "says it came from the PDF"
contains "$tmp/out" "learner: Անի Սարգսյան" "what was verified: the learner"
contains "$tmp/out" "name bound by: catalogue" "how the issuer's name is bound"
expect 0 "verify the PDF --json" -- m verify "$tmp/cert.pdf" --json
equal "$(jq -r .verdictName "$tmp/out")" valid "JSON report as before"
# The certificate of the VC-JWT attaches the VC-JWT first.
jwt_id=$(python3 -c 'import sys,base64,json; p=open(sys.argv[1]).read().split(".")[1]; p+="="*(-len(p)%4); d=json.loads(base64.urlsafe_b64decode(p)); print(d.get("jti") or d["vc"]["id"])' "$tmp/c.jwt")
expect 0 "certificate of the VC-JWT" -- m certificate "${jwt_id##*/}" --out "$tmp/cert-jwt.pdf"
pdfdetach -list "$tmp/cert-jwt.pdf" >"$tmp/list" 2>&1
contains "$tmp/list" "3 embedded files" "the VC-JWT's certificate attaches the three"
# The verifier reads the certificate's own credential: attached first.
expect 0 "verify the VC-JWT's PDF" -- m verify "$tmp/cert-jwt.pdf" --json
equal "$(jq -r .format "$tmp/out")" vc-jwt "the VC-JWT is what is verified"
expect 0 "verify the OB 3.0 credential's PDF" -- m verify "$tmp/cert.pdf" --json
equal "$(jq -r .format "$tmp/out")" ob3+di "the OB 3.0 credential is what is verified"

# A PDF without a credential (written by hand, as any other tool would).
python3 - "$tmp/plain.pdf" <<'PY'
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
out = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
expect 2 "a PDF without a credential: cannot tell" -- m verify "$tmp/plain.pdf"
contains "$tmp/err" "no attached credential" "says the PDF carries none"
contains "$tmp/err" "QR code" "points to the QR code"

# Another tool's PDF: qpdf attaches the credential, its file specification
# compressed into an object stream with a cross-reference stream.
if command -v qpdf >/dev/null 2>&1; then
	expect 0 "qpdf attaches" -- qpdf --add-attachment "$tmp/ob3.bytes" \
		--key=c.json --mimetype=application/json -- \
		--object-streams=generate "$tmp/plain.pdf" "$tmp/qpdf.pdf"
	expect 0 "a credential qpdf attached" -- m verify "$tmp/qpdf.pdf"
	contains "$tmp/out" "from: pdf" "read from qpdf's PDF"
fi

# The attachments damaged: their compressed data broken.
python3 - "$tmp/cert.pdf" "$tmp/damaged.pdf" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = 0
while True:
    i = d.find(b"/Type /EmbeddedFile", i + 1)
    if i < 0:
        break
    s = d.index(b"stream\n", i) + 7
    for k in range(s + 2, s + 40):
        d[k] ^= 0x5a
open(sys.argv[2], "wb").write(d)
PY
expect 1 "a damaged attachment: malformed" -- m verify "$tmp/damaged.pdf"
contains "$tmp/err" "attached file 'credential.json'" "names the damaged file"
head -c 2000 "$tmp/cert.pdf" >"$tmp/trunc.pdf"
expect 2 "a PDF cut short before its attachment: none found" -- m verify "$tmp/trunc.pdf"

# --- baked images, baked by Python ---------------------------------------
expect 0 "certificate PNG" -- m certificate "$uuid" --format png --out "$tmp/cert.png"
cat >"$tmp/bake.py" <<'PY'
# bake.py png|svg IN|- CREDENTIAL OUT [compress|jws|break-crc|none]
import struct, sys, zlib
kind, src, cred, out = sys.argv[1:5]
mode = sys.argv[5] if len(sys.argv) > 5 else ""
text = open(cred, "rb").read().strip()
if kind == "png":
    d = open(src, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n"
    # Drop a credential baked before (at most one may be there).
    i, kept = 8, bytearray(d[:8])
    while i < len(d):
        n = struct.unpack(">I", d[i:i + 4])[0]
        c = d[i:i + 12 + n]
        if not (c[4:8] == b"iTXt" and c[8:].startswith(b"openbadgecredential\x00")):
            kept += c
        i += 12 + n
    d = bytes(kept)
    n = struct.unpack(">I", d[8:12])[0]
    end_ihdr = 8 + 12 + n
    flag = 1 if mode == "compress" else 0
    body = zlib.compress(text) if flag else text
    data = b"openbadgecredential\x00" + bytes([flag, 0]) + b"\x00\x00" + body
    crc = zlib.crc32(b"iTXt" + data) & 0xffffffff
    if mode == "break-crc":
        crc ^= 1
    chunk = struct.pack(">I", len(data)) + b"iTXt" + data + struct.pack(">I", crc)
    if mode == "none":
        chunk = b""
    open(out, "wb").write(d[:end_ihdr] + chunk + d[end_ihdr:])
else:
    t = text.decode()
    if mode == "jws":
        el = '<openbadges:credential verify="%s"></openbadges:credential>' % t
    elif mode == "none":
        el = ""
    else:
        el = "<openbadges:credential><![CDATA[\n%s\n]]></openbadges:credential>" % t
    open(out, "w").write('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" '
        'viewBox="0 0 512 512">\n  %s\n'
        '  <circle cx="256" cy="256" r="200" fill="#226"/>\n</svg>\n' % el)
PY
bake() { python3 "$tmp/bake.py" "$@"; }
# Our certificate PNG is itself a baked badge: read by Python, every CRC
# right, the chunk's text the stored credential.
python3 - "$tmp/cert.png" "$tmp/ob3.bytes" <<'PY' && ok || fail "the certificate PNG is not baked as Open Badges 3.0 says"
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
want = open(sys.argv[2], "rb").read()
i, found, first = 8, [], None
while i < len(d):
    n = struct.unpack(">I", d[i:i + 4])[0]
    t, data = d[i + 4:i + 8], d[i + 8:i + 8 + n]
    assert zlib.crc32(t + data) & 0xffffffff == struct.unpack(">I", d[i + 8 + n:i + 12 + n])[0]
    first = first or t
    if t == b"iTXt" and data.startswith(b"openbadgecredential\x00"):
        k = len(b"openbadgecredential\x00")
        assert data[k:k + 2] == b"\x00\x00", "uncompressed"
        lang_end = data.index(b"\x00", k + 2)
        tkey_end = data.index(b"\x00", lang_end + 1)
        found.append(data[tkey_end + 1:])
    i += 12 + n
assert first == b"IHDR" and found == [want], found
PY
expect 0 "the certificate PNG verifies" -- m verify "$tmp/cert.png"
contains "$tmp/out" "from: png" "read from the certificate PNG"
bake png "$tmp/cert.png" "$tmp/ob3.json" "$tmp/b.png"
expect 0 "baked PNG (JSON)" -- m verify "$tmp/b.png"
contains "$tmp/out" "from: png" "says it came from a PNG"
bake png "$tmp/cert.png" "$tmp/c.jwt" "$tmp/bj.png"
expect 0 "baked PNG (VC-JWT)" -- m verify "$tmp/bj.png" --json
equal "$(jq -r .format "$tmp/out")" vc-jwt "the PNG's VC-JWT verified"
bake png "$tmp/cert.png" "$tmp/ob3.json" "$tmp/bz.png" compress
expect 0 "baked PNG, compressed iTXt" -- m verify "$tmp/bz.png"
bake png "$tmp/cert.png" "$tmp/ob3.json" "$tmp/bc.png" break-crc
expect 1 "baked PNG with a broken CRC: malformed" -- m verify "$tmp/bc.png"
contains "$tmp/err" "CRC mismatch" "names the CRC"
bake png "$tmp/cert.png" "$tmp/ob3.json" "$tmp/none.png" none
expect 2 "a PNG without a credential: cannot tell" -- m verify "$tmp/none.png"
contains "$tmp/err" "openbadgecredential" "names the chunk it looked for"
head -c 3000 "$tmp/b.png" >"$tmp/bt.png"
expect 1 "a truncated PNG: malformed" -- m verify "$tmp/bt.png"

bake svg - "$tmp/ob3.json" "$tmp/b.svg"
expect 0 "baked SVG (JSON in CDATA)" -- m verify "$tmp/b.svg"
contains "$tmp/out" "from: svg" "says it came from an SVG"
bake svg - "$tmp/c.jwt" "$tmp/bj.svg" jws
expect 0 "baked SVG (VC-JWT in verify=)" -- m verify "$tmp/bj.svg" --json
equal "$(jq -r .format "$tmp/out")" vc-jwt "the SVG's VC-JWT verified"
bake svg - "$tmp/ob3.json" "$tmp/n.svg" none
expect 2 "an SVG without a credential: cannot tell" -- m verify "$tmp/n.svg"
head -c 300 "$tmp/b.svg" >"$tmp/bt.svg"
expect 1 "a truncated SVG: malformed" -- m verify "$tmp/bt.svg"
contains "$tmp/err" "not well-formed" "says why"

# A tampered credential baked into an image is forged.
sed 's/Անի Սարգսյան/Անի Սարգսյանը/' "$tmp/ob3.json" >"$tmp/tampered.json"
bake png "$tmp/cert.png" "$tmp/tampered.json" "$tmp/tampered.png"
expect 1 "tampered credential in a PNG" -- m verify "$tmp/tampered.png"
equal "$(head -1 "$tmp/out" | cut -d: -f1)" FORGED "a tampered credential is forged"

# --- URLs -----------------------------------------------------------------
expect 0 "our id as URL" -- m verify "$id"
contains "$tmp/out" "from: url (this platform's, from its database)" "says it came from our database"
expect 0 "our page's certificate URL" -- m verify "$id/certificate.pdf?lang=en"
expect 0 "our UUID" -- m verify "$uuid"
expect 1 "an id of ours never issued" -- m verify "${id%/*}/00000000-0000-4000-8000-000000000000"
contains "$tmp/err" "no such credential" "says so"
expect 2 "another's URL, offline" -- m verify --offline https://credentials.example.org/c/1
contains "$tmp/err" "offline" "says fetching is off"
expect 2 "not https" -- m verify ftp://example.org/c.json
# Another platform's address: a local HTTP server (loopback HTTP is what
# the verifier's fetch allows besides HTTPS) serving a baked image.
mkdir -p "$tmp/www"
cp "$tmp/b.png" "$tmp/www/badge.png"
cp "$tmp/ob3.json" "$tmp/www/c.json"
python3 - "$tmp/www" "$tmp/port" >/dev/null 2>&1 <<'PY' &
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
s = http.server.HTTPServer(("127.0.0.1", 0), h)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
www_pid=$!
at_exit 'kill $www_pid 2>/dev/null'
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
if [ -s "$tmp/port" ]; then
	www="http://127.0.0.1:$(cat "$tmp/port")"
	expect 0 "a fetched credential" -- m verify "$www/c.json"
	contains "$tmp/out" "from: url (fetched)" "says it was fetched"
	expect 0 "a fetched baked PNG" -- m verify "$www/badge.png"
	printf '<!doctype html><html><body>A credential</body></html>' >"$tmp/www/page.html"
	expect 2 "a fetched web page" -- m verify "$www/page.html"
	contains "$tmp/err" "a web page, not a credential" "says it is a web page"
	expect 2 "a fetched 404" -- m verify "$www/missing.json"
	contains "$tmp/err" "404" "names the status"
else
	fail "the local HTTP server did not start"
fi

# --- revoked: every carrier says so ----------------------------------------
expect 0 "revoke" -- m revoke "$id" --reason "Issued in error"
expect 1 "revoked, from the PDF made before" -- m verify "$tmp/cert.pdf"
equal "$(head -1 "$tmp/out" | cut -d: -f1)" REVOKED "the PDF's credential is revoked"
expect 1 "revoked, from the baked PNG" -- m verify "$tmp/b.png"
expect 1 "revoked, by URL" -- m verify "$id"

finish
