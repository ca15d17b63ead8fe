#!/usr/bin/env bash
# One client must not block everyone.  An attacker on 127.0.0.2 holds
# 1,100 connections (more than the server's 1,024) and trickles a header
# byte on each every half second, reconnecting whatever is closed; while
# it does, /healthz from 127.0.0.1 must answer within 2 s, with the
# shipped defaults (the per-address limit, connections_per_address 64,
# does it: the attack is over before the 10 s header deadline).  Then, on
# a server with header_timeout 2, a connection that trickles its headers
# is closed at the deadline, though it is never idle long enough for the
# idle timeout; after an answer on keep-alive the next request's headers
# get the same time; but headers that came in time and wait unread while
# the server's one worker is busy are the server's delay, and they are
# answered.  Linux loopback takes every address of 127/8, so the
# attacker binds 127.0.0.2 and the slow clients 127.0.0.3.  Prints the
# figures.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed for raw sockets"
command -v curl >/dev/null 2>&1 || skip "curl is needed"

attackers=1100
# The attacker and the server each need a descriptor per connection.
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 1500 ] ||
	skip "open files are limited to $(ulimit -n); the test needs 1500"
python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.2", 0))' 2>/dev/null ||
	skip "cannot bind 127.0.0.2 (loopback is not 127.0.0.0/8 here)"

db=$(mc_db slow)
mc_init "$db"
export MICROCRED_ADMIN_PASSWORD=slow-test-password-1

cat >"$tmp/attack.py" <<'EOF'
# attack.py PORT N STATUS STOP: hold N connections from 127.0.0.2, send
# one header byte on each every 0.5 s, reconnect those closed; write
# "open refused" counts to STATUS each round; end when STOP exists (or
# after 60 s).
import errno, os, socket, sys, time
port, n, status, stop = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
socks = [None] * n
sent = [0] * n
closed = 0
start = time.time()
head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
while not os.path.exists(stop) and time.time() - start < 60:
    alive = 0
    for i in range(n):
        s = socks[i]
        if s is None:
            s = socket.socket()
            s.setblocking(False)
            s.bind(("127.0.0.2", 0))
            s.connect_ex(("127.0.0.1", port))
            socks[i], sent[i] = s, 0
            continue
        try:
            if s.recv(1, socket.MSG_PEEK) == b"":
                raise ConnectionResetError
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            socks[i] = None
            closed += 1
            continue
        try:
            byte = head[sent[i]:sent[i] + 1] or b"x"
            sent[i] += s.send(byte)
            alive += 1
        except BlockingIOError:
            alive += 1  # still connecting
        except OSError as e:
            if e.errno == errno.ENOTCONN:
                alive += 1
                continue
            s.close()
            socks[i] = None
            closed += 1
    with open(status + ".new", "w") as f:
        f.write("%d %d\n" % (alive, closed))
    os.replace(status + ".new", status)
    time.sleep(0.5)
EOF

cat >"$tmp/busy.py" <<'EOF'
# busy.py PORT DB PASSWORD [PSQL]: a client connects, and while the
# server's one worker thread is kept busy for 3 s (a sign-in waits for the
# database, which this script holds locked: SQLite's write lock, or with
# PSQL, the psql to run, PostgreSQL's lock on the users table) it sends
# its whole request at once.  Its headers wait unread past the deadline,
# but it is the server that is late: prints "answered SECONDS" (since
# connecting), or "closed SECONDS".
import json, socket, sqlite3, subprocess, sys, time
port, db, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
b = socket.create_connection(("127.0.0.1", port))
t0 = time.time()
time.sleep(0.3)  # the server has taken the connection: its clock runs
if len(sys.argv) > 4:
    lock = subprocess.Popen([sys.argv[4], "-X", "-q", "-d", db, "-c",
                             "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE;"
                             " SELECT pg_sleep(4); COMMIT;"], stdout=subprocess.DEVNULL)
    time.sleep(0.5)  # connected, the lock taken
else:
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
body = json.dumps({"email": "admin@localhost", "password": password}).encode()
a = socket.create_connection(("127.0.0.1", port))
a.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
time.sleep(0.5)  # the worker is in the sign-in, waiting for the lock
b.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
time.sleep(3)
if len(sys.argv) > 4:
    lock.wait()
else:
    lock.execute("COMMIT")
b.settimeout(5)
try:
    data = b.recv(65536)
except OSError:
    data = b""
print("%s %.2f" % ("answered" if data.startswith(b"HTTP/1.1 200") else "closed", time.time() - t0))
EOF

cat >"$tmp/slow.py" <<'EOF'
# slow.py PORT MODE: a client from 127.0.0.3 that trickles header bytes
# every 0.25 s.  MODE "fresh": from connecting; "keepalive": after one
# complete request and its answer; "inside": completes its headers in
# 1 s and must be answered.  Prints "closed SECONDS" (since connecting,
# or since the answer), "answered SECONDS", or "open SECONDS" at 8 s.
import socket, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.bind(("127.0.0.3", 0))
s.connect(("127.0.0.1", port))
req = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
t0 = time.time()
if mode == "keepalive":
    s.sendall(req)
    got = b""
    while b'"status"' not in got or not got.rstrip().endswith(b"}"):
        got += s.recv(65536)
    t0 = time.time()
s.settimeout(0.25)
sent = 0
trickle = req if mode == "inside" else b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"x" * 1000
step = 8 if mode == "inside" else 1
while time.time() - t0 < 8:
    try:
        if sent < len(trickle):
            s.send(trickle[sent:sent + step])
            sent += step
        data = s.recv(65536)
        if data == b"":
            print("closed %.2f" % (time.time() - t0))
            sys.exit(0)
        if data.startswith(b"HTTP/1.1 200"):
            print("answered %.2f" % (time.time() - t0))
            sys.exit(0)
    except socket.timeout:
        pass
    except OSError:
        print("closed %.2f" % (time.time() - t0))
        sys.exit(0)
print("open %.2f" % (time.time() - t0))
EOF

# The attack, on a server with the shipped defaults (64 connections per
# address, 10 s for headers: the attack is over before any deadline).
serve_start "$db" --threads 2 --access-log "$tmp/access.log"
port=$(cat "$tmp/port")
python3 "$tmp/attack.py" "$port" "$attackers" "$tmp/attack" "$tmp/stop" 2>"$tmp/attack.err" &
attack_pid=$!
at_exit 'touch "$tmp/stop"; kill $attack_pid 2>/dev/null'
sleep 3 # every connection made, the server's limits reached

# /healthz from 127.0.0.1, ten times, each within 2 s.
: >"$tmp/times"
for _ in $(seq 10); do
	out=$(curl -s -o /dev/null --max-time 2 -w '%{http_code} %{time_total}' "$url/healthz")
	echo "$out" >>"$tmp/times"
	sleep 0.2
done
read -r held refused <"$tmp/attack"
answered=$(awk '$1 == 200' "$tmp/times" | wc -l)
stats=$(awk '$1 == 200 { print $2 }' "$tmp/times" | sort -n |
	awk '{ t[NR] = $1 } END { if (NR) printf "min %.3f s, median %.3f s, max %.3f s", t[1], t[int((NR + 1) / 2)], t[NR] }')
echo "attack: $attackers connections from 127.0.0.2, $held open now, $refused closed by the server so far"
echo "/healthz from 127.0.0.1 under attack: $answered/10 answered within 2 s${stats:+ ($stats)}"
equal "$answered" 10 "/healthz answers within 2 s while one address floods the server"
kill -0 $attack_pid 2>/dev/null && ok || fail "the attacker died: $(tail -3 "$tmp/attack.err")"
[ "${refused:-0}" -gt 0 ] && ok || fail "the server closed none of the attacker's connections"
touch "$tmp/stop"
wait $attack_pid 2>/dev/null

# The server still serves after the attack.
code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$url/healthz")
equal "$code" 200 "healthz after the attack"
kill $server_pid
wait $server_pid 2>/dev/null
# Thousands of refused connections, but only a line or two of them in the
# server's log: libmicrohttpd's messages are shown once per 10 s a kind.
lines=$(grep -c "connection limit" "$tmp/serve.err")
echo "server log: $lines lines about the connection limit"
[ "$lines" -ge 1 ] && [ "$lines" -le 3 ] && ok ||
	fail "$lines lines about the connection limit in the server's log (1 to 3 expected)"

# The deadline, on a server that gives 2 s (set in the environment, which
# the settings read too; the idle timeout stays 30 s, which trickling
# never reaches): a trickler is closed at 2 s (+ the quarter-second
# sweep), never before; a keep-alive connection gets 2 s for its next
# request's headers; a client that completes its headers in time is
# answered.
export MICROCRED_HEADER_TIMEOUT=2
serve_start "$db" --threads 2
port=$(cat "$tmp/port")
read -r what secs < <(python3 "$tmp/slow.py" "$port" fresh)
echo "trickling client: $what after $secs s (header_timeout 2 s, idle timeout 30 s)"
equal "$what" closed "a client trickling its headers is closed"
awk -v s="$secs" 'BEGIN { exit !(s >= 1.9 && s <= 4) }' && ok ||
	fail "closed after $secs s, not about the 2 s deadline"
read -r what secs < <(python3 "$tmp/slow.py" "$port" keepalive)
echo "keep-alive client trickling its second request: $what after $secs s"
equal "$what" closed "keep-alive: the next request's headers have the deadline too"
awk -v s="$secs" 'BEGIN { exit !(s >= 1.5 && s <= 4) }' && ok ||
	fail "keep-alive: closed after $secs s, not about 2 s after the answer"
read -r what secs < <(python3 "$tmp/slow.py" "$port" inside)
equal "$what" answered "a client that completes its headers in time is answered"
kill $server_pid
wait $server_pid 2>/dev/null

# A request whose headers came in time but wait unread, the server's one
# worker busy: the server is late, not the client, and it is answered.
serve_start "$db" --threads 1
port=$(cat "$tmp/port")
busy=(python3 "$tmp/busy.py" "$port" "$db" "$MICROCRED_ADMIN_PASSWORD")
[ "$mc_backend" = sqlite ] || busy+=("$PG_BIN/psql")
read -r what secs < <("${busy[@]}")
echo "client waiting on a busy server: $what after $secs s"
equal "$what" answered "headers that wait on a busy worker are not the client's fault"

finish
