#!/usr/bin/env bash
# tests/port_tripwire.mjs, which scripts/test holds on :8080 while the
# suite runs: it records each connection with its request line, answers
# 503, and refuses to start on a port that is taken.
. "$(dirname "$0")/lib.sh"
wire=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}/tests/port_tripwire.mjs
command -v node >/dev/null 2>&1 || { fail "node is needed"; finish; }

node "$wire" 0 "$tmp/log" >"$tmp/wire.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q listening "$tmp/wire.out" && break; sleep 0.1; done
port=$(awk '/^listening/ {print $2}' "$tmp/wire.out")
[ -n "$port" ] && ok || { fail "the tripwire did not start: $(cat "$tmp/wire.out")"; finish; }
[ -e "$tmp/log" ] && fail "a log before any connection" || ok

code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/status/x/revocation/1")
equal "$code" 503 "a connection is answered 503"
contains "$tmp/log" "GET /status/x/revocation/1 HTTP/1.1" "the request line is recorded"
equal "$(wc -l <"$tmp/log")" 1 "one line per connection"

expect 3 "a taken port is refused" -- node "$wire" "$port" "$tmp/log2"
finish
