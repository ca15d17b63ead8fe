#!/usr/bin/env bash
# HTTP framing, on raw sockets: a body over body_max is refused with 413
# before any of it is read; "Expect: 100-continue" on a request that will
# be refused gets the refusal and no "100 Continue"; an unknown
# expectation gets 417; Content-Length with Transfer-Encoding gets 400
# and the connection is closed, so a request pipelined behind it is never
# answered.  Every refusal here closes the connection.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed for raw sockets"

db=$(mc_db framing)
mc_init "$db"
# A platform admin's API token, to reach the handlers' reading of bodies.
printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "user add root" -- "$mc" --db "$db" user add --email root@example.org \
	--name root --password-file "$tmp/pw" --platform-admin
root_token=$("$mc" --db "$db" token create --user root@example.org \
	--name t-root --scopes all 2>"$tmp/err" | grep -m1 '^mct_')
case $root_token in mct_*) ok ;; *) fail "token create printed no token" ;; esac
serve_start "$db" --body-max 4096 --access-log "$tmp/access.log"
port=$(cat "$tmp/port")

# The raw client: sends a request (printf escapes), and when --body is
# given sends it after a "100 Continue"; prints everything received, then
# "--closed" when the server closed the connection or "--open" when it
# sent nothing more for WAIT seconds (default 2).
cat >"$tmp/raw.py" <<'EOF'
import socket, sys, time
port, request = int(sys.argv[1]), sys.argv[2].encode().decode("unicode_escape")
body, wait = None, 2.0
args = sys.argv[3:]
while args:
    if args[0] == "--body":
        body = args[1].encode()
    elif args[0] == "--wait":
        wait = float(args[1])
    args = args[2:]
s = socket.create_connection(("127.0.0.1", port))
s.sendall(request.encode("latin-1"))
got, state = b"", "--open"
s.settimeout(wait)
while True:
    try:
        chunk = s.recv(65536)
    except socket.timeout:
        break
    except ConnectionResetError:
        state = "--closed"
        break
    if not chunk:
        state = "--closed"
        break
    got += chunk
    if body is not None and b"100 Continue\r\n\r\n" in got:
        s.sendall(body)
        body = None
sys.stdout.write(got.decode("latin-1").replace("\r", "") + "\n" + state + "\n")
EOF

# raw NAME REQUEST [--body B] [--wait S]: $tmp/NAME holds what came back.
raw() {
	local name=$1
	shift
	python3 "$tmp/raw.py" "$port" "$@" >"$tmp/$name" 2>&1
}
# statuses FILE: how many HTTP status lines FILE holds (100 Continue too).
statuses() {
	grep -o 'HTTP/1\.[01] [1-5][0-9][0-9] ' "$1" | wc -l
}

H='Host: 127.0.0.1\r\n'
JSON='Content-Type: application/json\r\n'
EXPECT='Expect: 100-continue\r\n'

# 1. Content-Length over body_max: 413 at once, though no byte of the
#    body was sent, and the connection is closed.
raw big "POST /credentials/verify HTTP/1.1\r\n$H${JSON}Content-Length: 100000\r\n\r\n"
contains "$tmp/big" "HTTP/1.1 413" "a body over body_max is refused before it is sent"
contains "$tmp/big" "larger than 4096 bytes" "413 names the limit"
contains "$tmp/big" "--closed" "the connection is closed after the 413"
equal "$(statuses "$tmp/big")" 1 "one answer"

# 2. Expect: 100-continue on requests that will be refused: the refusal,
#    never "100 Continue", and the connection closed (the body is never
#    read).
expect_refused() { # NAME STATUS DESCRIPTION REQUEST
	raw "$1" "$4"
	contains "$tmp/$1" "HTTP/1.1 $2" "$3: $2"
	lacks "$tmp/$1" "100 Continue" "$3: no 100 Continue"
	contains "$tmp/$1" "--closed" "$3: closed"
}
expect_refused too_large 413 "too large" \
	"POST /credentials/verify HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 100000\r\n\r\n"
expect_refused unknown_route 404 "unknown route" \
	"POST /no/such/thing HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 10\r\n\r\n"
expect_refused wrong_method 405 "wrong method" \
	"POST /healthz HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 10\r\n\r\n"
contains "$tmp/wrong_method" "Allow: GET, HEAD" "405 names the methods"
expect_refused anonymous 401 "no credentials for a write" \
	"POST /api/v1/microcredentials HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 10\r\n\r\n"
expect_refused content_type 415 "a type no route takes" \
	"POST /api/v1/session HTTP/1.1\r\n${H}Content-Type: text/plain\r\n${EXPECT}Content-Length: 10\r\n\r\n"
expect_refused bad_path 400 "a path with .." \
	"POST /api/v1/../session HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 10\r\n\r\n"

# Every write of the API (web/openapi.json, which test_openapi keeps in
# step with the route table) expecting 100-continue without credentials:
# 401 at once where the description asks for a token or session, "100
# Continue" where it asks for none (signing in, verifying); so the
# server's list of writes that need no principal stays right.
python3 - "${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}/web/openapi.json" >"$tmp/writes" <<'EOF'
import json, re, sys
for path, ops in json.load(open(sys.argv[1]))["paths"].items():
    for method, op in ops.items():
        if method in ("post", "put", "delete", "patch"):
            print(method.upper(), re.sub(r"\{[^}]*\}", "x", path),
                  "secured" if op.get("security") else "open")
EOF
[ "$(wc -l <"$tmp/writes")" -ge 20 ] && ok || fail "openapi.json lists $(wc -l <"$tmp/writes") writes"
while read -r method path kind; do
	raw write "$method $path HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 2\r\n\r\n" --wait 0.5
	if [ "$kind" = secured ]; then
		contains "$tmp/write" "HTTP/1.1 401" "$method $path, anonymous, expecting 100-continue: 401"
		lacks "$tmp/write" "100 Continue" "$method $path, anonymous: no 100 Continue"
	else
		contains "$tmp/write" "HTTP/1.1 100 Continue" "$method $path takes anonymous requests: 100 Continue"
	fi
done <"$tmp/writes"
for path in /login /verify; do
	raw write "POST $path HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\n${EXPECT}Content-Length: 2\r\n\r\n" --wait 0.5
	contains "$tmp/write" "HTTP/1.1 100 Continue" "POST $path takes anonymous forms: 100 Continue"
done

# Every write of the route tables (src/server/routes*.c: the API, the
# pages, the workspace), anonymous: the handler's own answer with the
# body read (no Expect) and the early one (expecting 100-continue) agree.
# A route declared SRV_ROUTE_SIGNED_IN is refused by its handler without a
# principal (401, or to a browser 303 to the sign-in page), and expecting
# 100-continue gets that same refusal at once; a route declared
# SRV_ROUTE_ANONYMOUS is not refused for want of one, and gets "100
# Continue".  And as the platform admin (a token, no Expect), a body of
# each type the line declares is never answered 415 by the handler, and
# text/plain is never taken where the line does not say so.  So a declaration
# that says other than its handler fails.  (":action" and ":answer" are
# named: an unknown one is 404 before the principal is asked for; other
# parameters are "x", so a handler that looks up its record first answers
# 404 before reading the body, and its types are checked only early.)
cat >"$tmp/walk.py" <<'EOF2'
import glob, re, socket, sys
port, src, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
row = re.compile(r'\{"(POST|PUT|DELETE|PATCH)",\s*"([^"]+)",\s*\w+,'
                 r'\s*([^,}]+),\s*([^}]+)\}')

def send(request, wait):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request.encode("latin-1"))
    s.settimeout(wait)
    got = b""
    while True:
        try:
            chunk = s.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        got += chunk
    s.close()
    return got.decode("latin-1")

def status(answer):  # the first status that is not 100
    m = re.search(r"HTTP/1\.[01] ([2-5]\d\d)", answer)
    return m.group(1) if m else "none"

def check(good, what):
    print("ok" if good else "FAIL: " + what)

# A small body of each SRV_BODY_* type, as the route tables name them.
bodies = [
    ("SRV_BODY_JSON", "application/json", "{}"),
    ("SRV_BODY_LD_JSON", "application/ld+json", "{}"),
    ("SRV_BODY_JWT", "application/jwt", "e30.e30.x"),
    ("SRV_BODY_MULTIPART", "multipart/form-data; boundary=b",
     '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--b--\r\n'),
    ("SRV_BODY_FORM", "application/x-www-form-urlencoded", "a=b"),
    ("SRV_BODY_CSV", "text/csv", "a,b"),
]

routes = 0
for f in sorted(glob.glob(src + "/src/server/routes*.c")):
    for method, pattern, flags, body in row.findall(open(f).read()):
        routes += 1
        path = pattern.replace(":action", "submit").replace(":answer", "accept")
        path = re.sub(r":[^/]+", "x", path)
        ctype, data = (("application/x-www-form-urlencoded", "a=b") if "FORM" in body
                       else ("text/csv", "a,b") if "CSV" in body
                       else ("application/json", "{}"))
        accept = ("application/json" if path.startswith(("/api/", "/credentials/"))
                  else "text/html")
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\n"
                f"Content-Type: {ctype}\r\nContent-Length: {len(data)}\r\n")
        answer = send(head + "Connection: close\r\n\r\n" + data, 2)
        early = send(head + "Expect: 100-continue\r\n\r\n", 0.5)
        got, now = status(answer), status(early)
        signin = got == "401" or (got == "303" and "\r\nLocation: /login?next=" in answer)
        where = f"{method} {path} ({f.split('/')[-1]})"
        if "SRV_ROUTE_SIGNED_IN" in flags:
            check(signin, f"{where} is declared SRV_ROUTE_SIGNED_IN, but its handler "
                          f"answers {got} to an anonymous request")
            check(now == got and "100 Continue" not in early,
                  f"{where}, anonymous, expecting 100-continue: {now}, not the "
                  f"handler's {got} at once")
        elif "SRV_ROUTE_ANONYMOUS" in flags:
            check(not signin, f"{where} is declared SRV_ROUTE_ANONYMOUS, but its "
                              f"handler asks an anonymous request to sign in ({got})")
            check("HTTP/1.1 100 Continue" in early,
                  f"{where} takes anonymous requests, yet expecting 100-continue: {now}")
        else:
            check(False, f"{where} declares neither SRV_ROUTE_SIGNED_IN nor SRV_ROUTE_ANONYMOUS")
        # As the platform admin, each type the line declares is read by
        # the handler (never 415), and a type it does not declare is
        # never taken (no 2xx or 3xx).
        bits = {b.strip() for b in body.split("|")}
        if "SRV_BODY_FORMS" in bits:
            bits |= {"SRV_BODY_FORM", "SRV_BODY_MULTIPART"}
        sent = [(t, b) for bit, t, b in bodies if bit in bits] or [("text/plain", "x")]
        if not bits & {"SRV_BODY_NONE", "SRV_BODY_ANY"}:
            sent.append(("text/plain", "x"))
        for ctype, data in sent:
            answer = send(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Accept: {accept}\r\nAuthorization: Bearer {token}\r\n"
                          f"Content-Type: {ctype}\r\nContent-Length: {len(data)}\r\n"
                          f"Connection: close\r\n\r\n{data}", 2)
            got = status(answer)
            if ctype == "text/plain" and sent[0][0] != "text/plain":
                check(got[0] == "4", f"{where} declares no text/plain, yet its "
                                     f"handler answers {got} to it")
            else:
                check(got != "415", f"{where} declares {ctype} (or none, or any), "
                                    f"yet its handler answers 415 to it")
print("routes", routes)
EOF2
python3 "$tmp/walk.py" "$port" "$MC_SOURCE_DIR" "$root_token" >"$tmp/walk" 2>&1 || fail "walk.py: $(tail -1 "$tmp/walk")"
while read -r line; do
	case $line in
	ok) ok ;;
	routes\ *) [ "${line#routes }" -ge 40 ] && ok || fail "the route tables list ${line#routes } writes" ;;
	*) fail "${line#FAIL: }" ;;
	esac
done <"$tmp/walk"
grep -q '^routes ' "$tmp/walk" || fail "walk.py did not finish"

# A workspace form, anonymous, from a browser, expecting 100-continue:
# the sign-in page, as its handler answers, not a bare 401.
raw ws_form "POST /workspace/mc/new HTTP/1.1\r\n${H}Accept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\n${EXPECT}Content-Length: 2\r\n\r\n"
contains "$tmp/ws_form" "HTTP/1.1 303" "an anonymous workspace form expecting 100-continue: 303"
contains "$tmp/ws_form" "Location: /login?next=/workspace/mc/new" "to the sign-in page, then back"
lacks "$tmp/ws_form" "100 Continue" "an anonymous workspace form: no 100 Continue"
contains "$tmp/ws_form" "--closed" "an anonymous workspace form: closed"

# Each route's own body types (routes.h), not every type of any route:
# a sign-in form takes no JSON, the API's sign-in no form, a workspace
# form (with a session cookie, so past the 401) no JSON; each 415 names
# what the route takes.
expect_refused login_json 415 "JSON to the sign-in form" \
	"POST /login HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 2\r\n\r\n"
contains "$tmp/login_json" "POST /login takes only application/x-www-form-urlencoded, multipart/form-data" "415 names the form types"
expect_refused session_form 415 "a form to POST /api/v1/session" \
	"POST /api/v1/session HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\n${EXPECT}Content-Length: 3\r\n\r\n"
contains "$tmp/session_form" "takes only application/json" "415 names JSON"
expect_refused ws_json 415 "JSON to a workspace form" \
	"POST /workspace/mc/new HTTP/1.1\r\n${H}Cookie: mc_session=x\r\n$JSON${EXPECT}Content-Length: 2\r\n\r\n"
raw ws_form_cookie "POST /workspace/mc/new HTTP/1.1\r\n${H}Cookie: mc_session=x\r\nContent-Type: multipart/form-data; boundary=b\r\n${EXPECT}Content-Length: 2\r\n\r\n" --wait 0.5
contains "$tmp/ws_form_cookie" "HTTP/1.1 100 Continue" "a workspace form with a session cookie: 100 Continue"
raw roster_csv "POST /api/v1/microcredentials/x/rosters HTTP/1.1\r\n${H}Authorization: Bearer x\r\nContent-Type: text/csv\r\n${EXPECT}Content-Length: 2\r\n\r\n" --wait 0.5
contains "$tmp/roster_csv" "HTTP/1.1 100 Continue" "a roster as text/csv with a token: 100 Continue"
expect_refused roster_json 415 "JSON as a roster" \
	"POST /api/v1/microcredentials/x/rosters HTTP/1.1\r\n${H}Authorization: Bearer x\r\n$JSON${EXPECT}Content-Length: 2\r\n\r\n"

# 3. An expectation the server does not know: 417, on any method.
expect_refused unknown_expect 417 "unknown expectation" \
	"POST /credentials/verify HTTP/1.1\r\n$H${JSON}Expect: 200-ok\r\nContent-Length: 2\r\n\r\n"
raw unknown_expect_get "GET /healthz HTTP/1.1\r\n${H}Expect: something\r\n\r\n"
contains "$tmp/unknown_expect_get" "HTTP/1.1 417" "unknown expectation on a GET: 417"

# 4. A request that will be taken still gets "100 Continue" and then its
#    answer (verify takes an anonymous JSON body; {} is no credential).
raw continue "POST /credentials/verify HTTP/1.1\r\n$H$JSON${EXPECT}Content-Length: 2\r\n\r\n" --body '{}'
contains "$tmp/continue" "HTTP/1.1 100 Continue" "an acceptable request is told to continue"
contains "$tmp/continue" "HTTP/1.1 400" "and then answered (not a credential)"
equal "$(statuses "$tmp/continue")" 2 "100, then the answer"

# 5. Content-Length and Transfer-Encoding together: 400, the connection
#    closed, and the pipelined request behind it never answered.
raw smuggle "POST /credentials/verify HTTP/1.1\r\n$H${JSON}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\n$H\r\n"
contains "$tmp/smuggle" "HTTP/1.1 400" "CL + TE: 400"
contains "$tmp/smuggle" "framing is ambiguous" "CL + TE: says why"
contains "$tmp/smuggle" "--closed" "CL + TE: the connection is closed"
equal "$(statuses "$tmp/smuggle")" 1 "CL + TE: the pipelined request is not answered"
lacks "$tmp/smuggle" '"status": "ok"' "CL + TE: no healthz answer"
raw cl_twice "POST /credentials/verify HTTP/1.1\r\n$H${JSON}Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}GET /healthz HTTP/1.1\r\n$H\r\n"
contains "$tmp/cl_twice" "HTTP/1.1 400" "Content-Length twice: 400"
equal "$(statuses "$tmp/cl_twice")" 1 "Content-Length twice: nothing pipelined is answered"
raw te_gzip "POST /credentials/verify HTTP/1.1\r\n$H${JSON}Transfer-Encoding: gzip\r\n\r\n"
contains "$tmp/te_gzip" "HTTP/1.1 501" "a transfer coding other than chunked: 501"

# 6. Ordinary requests keep their connection: two pipelined GETs, two
#    answers; a small POST is read and answered as before.
raw keepalive "GET /healthz HTTP/1.1\r\n$H\r\nGET /healthz HTTP/1.1\r\n$H\r\n" --wait 1
equal "$(statuses "$tmp/keepalive")" 2 "pipelined GETs are both answered"
contains "$tmp/keepalive" "--open" "and the connection stays open"
raw small "POST /credentials/verify HTTP/1.1\r\n$H${JSON}Content-Length: 2\r\nConnection: close\r\n\r\n{}"
contains "$tmp/small" "HTTP/1.1 400" "a small body is read and judged"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
	--data '{}' "$url/api/v1/session")
[ "$code" -ge 400 ] && [ "$code" -ne 413 ] && ok || fail "curl POST of a small body: $code"

finish
