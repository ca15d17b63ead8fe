# Shared helpers for the integration tests, which drive the real binary.
# Source this file; it sets $mc (the binary), $tmp (a scratch directory
# removed on exit) and defines the checks below.
set -uo pipefail

mc=${MICROCRED:?MICROCRED must name the microcred binary}
tmp=$(mktemp -d)
# at_exit CMD: run CMD (a string, eval'd) when the test exits, after those
# registered earlier and before $tmp is removed.  serve_start registers the
# server's stop here, so a test's own cleanups (a PostgreSQL cluster, a
# helper server) survive it; a test that sets its own EXIT trap replaces
# all of this and must clean up $tmp itself.
exit_cmds=()
at_exit() { exit_cmds+=("$1"); }
run_exit_cmds() {
	local c
	for c in "${exit_cmds[@]}"; do eval "$c" || true; done
	mc_db_cleanup
	rm -rf "$tmp"
}
trap run_exit_cmds EXIT
failures=0
checks=0
skipped_parts=0

# The store's backend, MC_TEST_BACKEND (tests/CMakeLists.txt registers each
# integration test once per backend): "sqlite" (the default) or
# "postgresql".  Tests make their databases with mc_db and read them with
# db_sql, which take the backend into account; a part of a test about
# SQLite's file itself tests [ "$mc_backend" = sqlite ].
mc_backend=${MC_TEST_BACKEND:-sqlite}
case $mc_backend in
sqlite) ;;
postgresql)
	# shellcheck source=../pg/cluster.sh
	. "$(dirname "${BASH_SOURCE[0]}")/../pg/cluster.sh"
	pg_cluster_available 2>"$tmp/why" || {
		echo "skipped: $(cat "$tmp/why")"
		rm -rf "$tmp"
		exit 77
	}
	# The suite's cluster (scripts/test), else one of this test's own,
	# stopped by mc_db_cleanup at exit (and by its watchdog should the
	# test be killed).
	mc_pg_base=${MICROCRED_TEST_PG:-} mc_pg_own=
	if [ -z "$mc_pg_base" ]; then
		pg_cluster_start || {
			echo "FAIL: PostgreSQL did not start" >&2
			rm -rf "$tmp"
			exit 1
		}
		mc_pg_base=$PG_CLUSTER_URL mc_pg_own=$PG_CLUSTER_DIR
	fi
	;;
*)
	echo "FAIL: MC_TEST_BACKEND=$mc_backend: sqlite or postgresql" >&2
	rm -rf "$tmp"
	exit 1
	;;
esac

# mc_db NAME: print the location of a new, empty database of this test:
# $tmp/NAME.db on SQLite; on PostgreSQL the URL of a fresh database
# (pg_test_db), dropped at exit.  Use it as db=$(mc_db NAME) and quote
# "$db" everywhere: a URL holds '?' and '&'.  When no database can be made
# it says why on stderr and prints nothing, so the test's init fails.
mc_db() {
	local url
	case $mc_backend in
	sqlite) echo "$tmp/$1.db" ;;
	postgresql)
		url=$(pg_test_db "$mc_pg_base") || return 1
		echo "$url" >>"$tmp/.pg-dbs"
		echo "$url"
		;;
	esac
}

# mc_db_cleanup: drop the databases mc_db made and stop this test's own
# cluster (run at exit, after the at_exit commands stopped the servers).
mc_db_cleanup() {
	local url
	[ "$mc_backend" = postgresql ] || return 0
	if [ -f "$tmp/.pg-dbs" ]; then
		while read -r url; do
			pg_test_db_drop "$url" 2>/dev/null || true
		done <"$tmp/.pg-dbs"
		rm -f "$tmp/.pg-dbs"
	fi
	# By its folder: a test that sources cluster.sh again forgets the
	# clusters started before.
	[ -z "$mc_pg_own" ] || pg_cluster_stop "$mc_pg_own"
}

# db_sql DB SQL: run SQL on the database DB with the backend's own client
# (sqlite3, or psql through pg_psql); rows on stdout, columns joined by
# '|'.  Keep SQL to what both dialects read alike.
db_sql() {
	case $mc_backend in
	sqlite) sqlite3 -cmd '.timeout 5000' "$1" "$2" ;;
	postgresql) pg_psql "$1" -c "$2" ;;
	esac
}

# A base URL of this test's own that nothing on the machine answers: the
# reserved top-level name .test (RFC 6761) never resolves, so a credential
# minted by this test's database that names its status list or issuer
# profile never reaches a server the test did not start (such as
# `scripts/demo` on :8080, or another copy of the suite).
test_base="http://t$$-${RANDOM}${RANDOM}.test"

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

# skip_part REASON: a part of this test could not run (a fixture absent,
# say).  The test then ends as skipped (exit 77) unless something failed,
# so ctest reports it and `scripts/test` refuses a skipped test; a part
# left out never ends as a pass.
skip_part() {
	echo "skipped: $*"
	skipped_parts=$((skipped_parts + 1))
}

# skip REASON: the whole test cannot run here; ends it as skipped (77).
skip() {
	echo "skipped: $*"
	exit 77
}

# demo_issuer DB ORG: the demo catalogue on the initialised DB, a signing
# key for ORG, and ivan@example.org (password "correct horse battery",
# in $tmp/pw) an issuer of ORG with an API token of every scope, which it
# puts in $T.  Without a token the test ends there.
demo_issuer() {
	local db=$1 org=$2
	expect 0 "demo" -- "$mc" --db "$db" demo
	expect 0 "key generate" -- "$mc" --db "$db" key generate --org "$org"
	printf 'correct horse battery\n' >"$tmp/pw"
	expect 0 "user add" -- "$mc" --db "$db" user add \
		--email ivan@example.org --name ivan --password-file "$tmp/pw"
	expect 0 "grant" -- "$mc" --db "$db" user grant \
		--user ivan@example.org --org "$org" --roles issuer
	T=$("$mc" --db "$db" token create --user ivan@example.org --name t \
		--scopes all 2>"$tmp/err" | grep -m1 '^mct_')
	case "$T" in mct_*) ok ;; *)
		fail "token create printed no token"
		finish
		;;
	esac
}

# mc_init DB [ARGS...]: `microcred init` on DB with this test's own base
# URL ($test_base) unless ARGS name one; output as for expect.  On
# PostgreSQL, which keeps no key beside a database, it exports
# MICROCRED_MASTER_KEY_FILE=$tmp/master.key (made by init) unless the test
# has set a master key itself.
mc_init() {
	local db=$1
	shift
	if [ "$mc_backend" = postgresql ] && [ -z "${MICROCRED_MASTER_KEY_FILE:-}" ] &&
		[ -z "${MICROCRED_MASTER_KEY:-}" ]; then
		export MICROCRED_MASTER_KEY_FILE="$tmp/master.key"
	fi
	case " $* " in
	*" --base-url "*) expect 0 "init $db" -- "$mc" --db "$db" init "$@" ;;
	*) expect 0 "init $db" -- "$mc" --db "$db" init --base-url "$test_base" "$@" ;;
	esac
}

finish() {
	echo "$checks checks, $failures failed, $skipped_parts parts skipped"
	[ "$failures" -eq 0 ] || exit 1
	[ "$skipped_parts" -eq 0 ] || exit 77
	exit 0
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
	# Once: the server running at exit (a test that stops one empties
	# $server_pid, so a reused pid is never killed).
	if [ -z "${serve_stop_registered:-}" ]; then
		at_exit '[ -z "${server_pid:-}" ] || kill "$server_pid" 2>/dev/null'
		serve_stop_registered=1
	fi
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
