#!/usr/bin/env bash
# HTTP framing, on raw sockets: a body over body_max is refused with 413
# before any of it is read; "Expect: 100-continue" on a request that will
# be refused gets the refusal and no "100 Continue"; an unknown
# expectation gets 417; Content-Length with Transfer-Encoding gets 400
# and the connection is closed, so a request pipelined behind it is never
# answered.  Every refusal here closes the connection.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed for raw sockets"

db="$tmp/framing.db"
mc_init "$db"
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
