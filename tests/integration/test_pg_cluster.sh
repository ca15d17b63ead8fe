#!/usr/bin/env bash
# The PostgreSQL ground the store tests stand on (tests/pg/cluster.sh): a
# fresh database per test on the suite's cluster ($MICROCRED_TEST_PG, set
# by scripts/test; without it, on the test's own primary), and a primary
# with a streaming hot standby: a row written on the primary is read on
# the standby once replayed, the standby refuses writes, and stopping
# leaves no server process and no folder behind, also when the process
# that started a cluster is killed.
. "$(dirname "$0")/lib.sh"
pg=$(cd "$(dirname "$0")/../pg" && pwd)/cluster.sh
# shellcheck source=../pg/cluster.sh
. "$pg"
pg_cluster_available 2>"$tmp/why" || skip "$(cat "$tmp/why")"
# (The standby's starter, below, is killed too should the test end early.)
trap '[ -z "${starter:-}" ] || kill -9 "$starter" 2>/dev/null
	pg_cluster_cleanup; rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }
dbname() {
	local n=${1%%\?*}
	echo "${n##*/}"
}
# gone DIR: DIR is removed and no process names it (the postmaster runs
# as "postgres -D DIR/data", the watchdog as "cluster.sh _watch DIR").
gone() {
	for _ in $(seq 100); do
		[ ! -e "$1" ] && ! pgrep -f -- "$1" >/dev/null && break
		sleep 0.1
	done
	if [ -e "$1" ]; then fail "$1 is left behind"; else ok; fi
	if pgrep -af -- "$1" >"$tmp/procs"; then
		fail "processes of $1 are left: $(cat "$tmp/procs")"
	else ok; fi
}

# A folder that is not empty is refused, and kept as it was.
echo keep >"$tmp/keep"
expect 1 "start in a folder that is not empty" -- bash "$pg" start "$tmp"
contains "$tmp/err" "not empty" "the refusal says why"
if [ -f "$tmp/keep" ]; then ok; else fail "the refused folder was changed"; fi

# A primary of the test's own (the suite's cluster is never stopped
# here); without MICROCRED_TEST_PG it is the database part's cluster too,
# so the test runs initdb once.
t=$(now)
pg_cluster_start || {
	fail "the primary did not start"
	finish
}
primary=$PG_CLUSTER_DIR purl=$PG_CLUSTER_URL
echo "primary start (initdb, pg_ctl start, CREATE DATABASE): $(took "$t")"
base=${MICROCRED_TEST_PG:-}
if [ -z "$base" ]; then
	echo "MICROCRED_TEST_PG is not set: databases on this test's primary"
	base=$purl
fi

# A database of the test's own, distinct from another one's.
t=$(now)
db=$(pg_test_db "$base") || {
	fail "pg_test_db on $base"
	finish
}
echo "pg_test_db: $(took "$t")"
db2=$(pg_test_db "$base") || fail "a second pg_test_db on $base"
case $(dbname "$db") in t_*) ok ;; *) fail "pg_test_db named $(dbname "$db")" ;; esac
equal "$(pg_psql "$db" -c 'SELECT current_database()')" "$(dbname "$db")" \
	"pg_test_db's URL names the database it created"
if [ "$(dbname "$db")" != "$(dbname "$db2")" ]; then ok; else
	fail "two pg_test_db gave one database"
fi
expect 0 "a table in the fresh database" -- pg_psql "$db" -c 'CREATE TABLE t (x int)'
equal "$(pg_psql "$db2" -c "SELECT count(*) FROM pg_tables WHERE tablename = 't'")" 0 \
	"the other database does not see it"
# Search on PostgreSQL will fold accents with the unaccent extension.
expect 0 "CREATE EXTENSION unaccent" -- pg_psql "$db" -c 'CREATE EXTENSION unaccent'
equal "$(pg_psql "$db" -c "SELECT unaccent('Crème brûlée, Łódź')")" "Creme brulee, Lodz" \
	"unaccent folds accents"
expect 0 "pg_test_db_drop" -- pg_test_db_drop "$db2"
equal "$(pg_psql "$base" -c "SELECT count(*) FROM pg_database WHERE datname = '$(dbname "$db2")'")" 0 \
	"the dropped database is gone"
pg_test_db_drop "$db" || fail "pg_test_db_drop $db"

# Its streaming hot standby, started by a child process that is killed
# with kill -9 at the end (no trap runs): the standby's watchdog must
# then stop it and remove its folder.
t=$(now)
bash -c '. "$1" && pg_cluster_standby "$2" && echo "$PG_CLUSTER_DIR" >"$3" &&
	exec sleep 120' _ "$pg" "$primary" "$tmp/standby" >"$tmp/standby.out" 2>&1 &
starter=$!
for _ in $(seq 600); do
	[ -s "$tmp/standby" ] && break
	kill -0 $starter 2>/dev/null || break
	sleep 0.1
done
standby=$(cat "$tmp/standby" 2>/dev/null)
if [ -z "$standby" ]; then
	fail "the standby did not start: $(cat "$tmp/standby.out")"
	finish
fi
surl=$(pg_cluster_url "$standby")
echo "standby (pg_basebackup -R, start): $(took "$t")"
if [ "$primary" != "$standby" ]; then ok; else
	fail "the standby shares the primary's folder"
fi
equal "$(pg_psql "$surl" -c 'SELECT pg_is_in_recovery()')" t "the standby is in recovery"
equal "$(pg_psql "$purl" -c 'SELECT pg_is_in_recovery()')" f "the primary is not"

value="row-$RANDOM$RANDOM"
expect 0 "a write on the primary" -- pg_psql "$purl" \
	-c "CREATE TABLE r (v text); INSERT INTO r VALUES ('$value')"
t=$(now)
expect 0 "the standby replays up to the primary" -- pg_cluster_wait_replay "$primary" "$standby" 20
echo "replay wait: $(took "$t")"
equal "$(pg_psql "$surl" -c 'SELECT v FROM r')" "$value" \
	"the row written on the primary is read on the standby"
equal "$(pg_psql "$purl" -c "SELECT state FROM pg_stat_replication")" streaming \
	"the primary streams to the standby"
expect 1 "the standby refuses a write" -- pg_psql "$surl" -c "INSERT INTO r VALUES ('x')"
contains "$tmp/err" "read-only transaction" "the refusal says why"

# The wait is real: with replay paused, it times out; resumed, it returns.
expect 0 "pause the standby's replay" -- pg_psql "$surl" -c 'SELECT pg_wal_replay_pause()'
expect 0 "a second write on the primary" -- pg_psql "$purl" -c "INSERT INTO r VALUES ('two')"
expect 1 "the wait times out while replay is paused" -- \
	pg_cluster_wait_replay "$primary" "$standby" 1
contains "$tmp/err" "has not replayed" "the timeout says why"
equal "$(pg_psql "$surl" -c 'SELECT count(*) FROM r')" 1 "the paused standby lags"
expect 0 "resume the standby's replay" -- pg_psql "$surl" -c 'SELECT pg_wal_replay_resume()'
expect 0 "the wait returns once replay resumes" -- pg_cluster_wait_replay "$primary" "$standby" 20
equal "$(pg_psql "$surl" -c 'SELECT count(*) FROM r')" 2 "the standby has caught up"

# The standby's starter is killed: its watchdog stops and removes it.
t=$(now)
kill -9 $starter
wait $starter 2>/dev/null
gone "$standby"
echo "standby gone after its starter's kill -9: $(took "$t")"

# pg_cluster_cleanup (what callers trap) stops every cluster this shell
# started and removes its folder.
t=$(now)
pg_cluster_cleanup
echo "pg_cluster_cleanup (primary): $(took "$t")"
gone "$primary"
finish
