# Shared helpers for the integration tests, which drive the real binary.
# Source this file; it sets $mc (the binary), $tmp (a scratch directory
# removed on exit) and defines the checks below.
set -uo pipefail

mc=${MICROCRED:?MICROCRED must name the microcred binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	checks=$((checks + 1))
}

# expect CODE DESCRIPTION -- COMMAND...: run COMMAND, check its exit code;
# stdout goes to $tmp/out and stderr to $tmp/err.
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$what: exit $got, wanted $want ($*)"
		sed 's/^/  stderr: /' "$tmp/err" | head -20 >&2
	else
		ok
	fi
}

# contains FILE TEXT DESCRIPTION: FILE must contain TEXT (fixed string).
contains() {
	if grep -qF -- "$2" "$1"; then ok; else
		fail "$3: '$2' not in $(basename "$1")"
		head -20 "$1" | sed 's/^/  | /' >&2
	fi
}

lacks() {
	if grep -qF -- "$2" "$1"; then
		fail "$3: '$2' unexpectedly in $(basename "$1")"
	else ok; fi
}

# equal A B DESCRIPTION
equal() {
	if [ "$1" = "$2" ]; then ok; else fail "$3: '$1' != '$2'"; fi
}

finish() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}

# serve_start DB [ARGS...]: start `microcred serve` on a free port with
# the database DB; sets $url (http://127.0.0.1:PORT) and $server_pid, and
# stops the server when the test exits.  Server output goes to
# $tmp/serve.out and $tmp/serve.err.  Fails the test and finishes when the
# server does not come up in 10 s.
serve_start() {
	local db=$1
	shift
	rm -f "$tmp/port"
	"$mc" --db "$db" serve --port 0 --port-file "$tmp/port" "$@" \
		>"$tmp/serve.out" 2>"$tmp/serve.err" &
	server_pid=$!
	trap '[ -n "${server_pid:-}" ] && kill $server_pid 2>/dev/null; rm -rf "$tmp"' EXIT
	for _ in $(seq 100); do
		[ -s "$tmp/port" ] && break
		kill -0 $server_pid 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$tmp/port" ]; then
		fail "server did not start"
		sed 's/^/  stderr: /' "$tmp/serve.err" | head -20 >&2
		finish
	fi
	url="http://127.0.0.1:$(cat "$tmp/port")"
}

# http METHOD PATH [CURL ARGS...]: one request to the server started by
# serve_start; body to $tmp/body, headers to $tmp/hdr, status to $code.
http() {
	local method=$1 path=$2
	shift 2
	code=$(curl -s -g -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' \
		-X "$method" "$@" "$url$path")
}

# header NAME: the first value of response header NAME of the last http.
header() {
	grep -i "^$1:" "$tmp/hdr" | head -1 | cut -d' ' -f2- | tr -d '\r'
}
