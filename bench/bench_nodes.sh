#!/usr/bin/env bash
# bench_nodes: issuing and catalogue reads on one machine's SQLite file
# beside one and two nodes on one PostgreSQL database, each figure beside
# its baseline measured in the same run.
#
# 1. Issuing rate: a roster of ISSUE_N learners (default 1000) for one MC
#    of the demo catalogue, issued by `microcred issue-batch` (the
#    library's mc_roster_issue, what a node's roster job runs):
#    - on an SQLite file (the baseline),
#    - on a PostgreSQL database by one process (one node),
#    - on another PostgreSQL database by two processes at once, each
#      with half the learners (two nodes sharing the work: both
#      allocate status indexes from the same lists of the same
#      organisation),
#    credentials per second of wall time, with the ratios PG1/SQLite and
#    PG2/PG1, and how often (sampled five times a second) a node waited
#    for the other's lock.  After the two-node run the database is
#    checked: every learner once, every (list, index) once.
# 2. HTTP catalogue reads: GET /api/v1/microcredentials?q=...&facets=1
#    (a search with facets) with the response cache off, so every answer
#    reads the database: wrk with 2 x ISSUE_CONNS connections against one
#    node, then ISSUE_CONNS against each of two nodes on the same database
#    at once (summed); requests per second, median and p99 latency, and
#    the ratio two/one.  Only 2xx answers count (bench/count.lua).
# 3. Search on both backends: bench_search_pg (beside the binary, in
#    bench/) at SEARCH_N MCs (default 100,000; 0 skips it): the same
#    generated catalogue imported into an SQLite file and a PostgreSQL
#    database of the same cluster, SEARCH_Q queries (default 40) on each,
#    median and p99 and the PostgreSQL/SQLite ratios.  Importing 100,000
#    MCs twice takes several minutes.
#
# The cluster is a private one (tests/pg/cluster.sh: a temporary folder,
# a Unix socket, fsync off), stopped and removed at the end with every
# file of the run.  Everything shares this machine's cores: PostgreSQL,
# the nodes, wrk and the issuing processes; the output says how many.
#
# usage: bench_nodes.sh
#   MICROCRED     the binary (default: first of build-rel/microcred,
#                 build/microcred in the source tree)
#   ISSUE_N       learners in the roster (default 1000)
#   WRK_DURATION  wrk's -d for each read figure (default 10s)
#   READ_CONNS    connections per node when two nodes are read
#                 (default 16; one node gets twice as many)
#   SEARCH_N      MCs in the search catalogue (default 100000; 0: skip)
#   SEARCH_Q      search queries on each backend (default 40)
# Needs bash, curl, jq, wrk and PostgreSQL 15; says which are missing and
# exits 77.  Exits 1 when a check fails (a learner issued twice, an index
# used twice, an answer not 2xx), 2 on a setup error.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${ISSUE_N:-1000}
duration=${WRK_DURATION:-10s}
conns=${READ_CONNS:-16}
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
# зварювання (welding), percent-encoded.
q='%D0%B7%D0%B2%D0%B0%D1%80%D1%8E%D0%B2%D0%B0%D0%BD%D0%BD%D1%8F'
path="/api/v1/microcredentials?q=$q&facets=1"

missing=
for tool in curl jq wrk psql; do
	command -v $tool >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "bench_nodes: skipped: missing:$missing (needs bash, curl, jq, wrk, psql)"
	exit 77
fi
# shellcheck source=../tests/pg/cluster.sh
. "$root/tests/pg/cluster.sh"
if ! pg_cluster_available 2>/dev/null; then
	echo "bench_nodes: skipped: $(pg_cluster_available 2>&1)"
	exit 77
fi

mc=${MICROCRED:-}
if [ -z "$mc" ]; then
	for f in "$root/build-rel/microcred" "$root/build/microcred"; do
		[ -x "$f" ] && { mc=$f; break; }
	done
fi
if [ -z "$mc" ] || [ ! -x "$mc" ]; then
	echo "bench_nodes: no microcred binary: set MICROCRED or build" \
		"build-rel/ or build/" >&2
	exit 2
fi

unset MICROCRED_MASTER_KEY MICROCRED_DEV_WRITES MICROCRED_THREADS MICROCRED_DB
export MICROCRED_CONNECTIONS_PER_ADDRESS=0
export MICROCRED_CACHE_BYTES=0
export MICROCRED_ADMIN_EMAIL=admin@example.org
export MICROCRED_ADMIN_PASSWORD=bench-only-password-9
tmp=$(mktemp -d)
export MICROCRED_MASTER_KEY_FILE="$tmp/master.key"
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	pg_cluster_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "bench_nodes: $*" >&2
	exit 2
}
failed=

# run WHAT COMMAND...: run COMMAND quietly; on failure show its stderr.
run() {
	local what=$1
	shift
	if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
		sed 's/^/  stderr: /' "$tmp/err" | head -20 >&2
		die "$what failed"
	fi
}

# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

now() { date +%s.%N; }

# platform DB: a database with the demo catalogue, the issuer's key and
# one credential issued, so its status lists exist (the first issue makes
# them, holding the organisation's list lock until it commits).
platform() {
	run "init $1" "$mc" --db "$1" init --base-url "http://bench-$$.test"
	run "demo $1" "$mc" --db "$1" demo
	run "key $1" "$mc" --db "$1" key generate --org $org --type ed25519
	run "issue $1" "$mc" --db "$1" issue --mc $mcid \
		--learner-name "First Learner" --learner-email first@example.org
}

# roster FILE FIRST COUNT: learners FIRST .. FIRST + COUNT - 1.
roster() {
	awk -v a="$2" -v n="$3" 'BEGIN { print "name,email";
		for (i = a; i < a + n; i++)
			printf "Learner %d,learner%d@example.org\n", i, i }' >"$1"
}

# issue DB ROSTER: issue-batch in the background; its pid in $!.
issue() {
	"$mc" --db "$1" issue-batch --mc $mcid "$2" --jsonl /dev/null \
		>"$2.out" 2>&1 &
}

pg_cluster_start >"$tmp/cluster.out" 2>&1 ||
	die "PostgreSQL did not start: $(tail -3 "$tmp/cluster.out")"
cluster=$PG_CLUSTER_URL
newdb() {
	pg_test_db "$cluster" || die "no database"
}
sq="$tmp/bench.db"
pg1=$(newdb)
pg2=$(newdb)
platform "$sq"
platform "$pg1"
platform "$pg2"
roster "$tmp/all.csv" 1 "$n"
roster "$tmp/half1.csv" 1 $((n / 2))
roster "$tmp/half2.csv" $((n / 2 + 1)) $((n - n / 2))

cores=$(nproc)
echo "bench_nodes: $("$mc" --version 2>/dev/null | head -1), $n learners;" \
	"$cores cores shared by PostgreSQL, the nodes, wrk and the issuing" \
	"processes (load average $(cut -d' ' -f1 /proc/loadavg) at the start)"

# ---- 1. issuing ----------------------------------------------------------

# timed DB ROSTER...: issue each roster at once on DB, one process each;
# sets $secs (wall time until the last ends) and $rate (credentials/s).
timed() {
	local db=$1 t0 t1 p r status=0
	local -a mine=()
	shift
	t0=$(now)
	for r in "$@"; do
		issue "$db" "$r"
		mine+=($!)
		pids+=($!)
	done
	for p in "${mine[@]}"; do
		wait "$p" || status=$?
	done
	t1=$(now)
	if [ $status -ne 0 ]; then
		for r in "$@"; do sed 's/^/  /' "$r.out" | head -5 >&2; done
		die "issue-batch failed"
	fi
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')
}

timed "$sq" "$tmp/all.csv"
sq_rate=$rate
printf 'issue: SQLite, one process: %d credentials in %s s, %s/s (the baseline)\n' \
	"$n" "$secs" "$rate"
timed "$pg1" "$tmp/all.csv"
pg1_rate=$rate
printf 'issue: PostgreSQL, one node: %d credentials in %s s, %s/s, PG1/SQLite %sx\n' \
	"$n" "$secs" "$rate" "$(ratio "$pg1_rate" "$sq_rate")"
# While two nodes issue, sample five times a second whether a session of
# theirs waits for a lock (another transaction's): on a machine with few
# cores the rate hides it, the samples do not.
sample() {
	while :; do
		pg_psql "$pg2" -c "SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database()
			AND wait_event_type = 'Lock'" 2>/dev/null || echo 0
		sleep 0.2
	done >"$tmp/waits"
}
sample &
sampler=$!
pids+=($sampler)
timed "$pg2" "$tmp/half1.csv" "$tmp/half2.csv"
kill "$sampler" 2>/dev/null
wait "$sampler" 2>/dev/null
pg2_rate=$rate
waits=$(awk '$1 > 0 { w++ } END { printf "%d of %d", w, NR }' "$tmp/waits")
printf 'issue: PostgreSQL, two nodes at once (%d + %d learners): %d credentials in %s s, %s/s, PG2/PG1 %sx; a node waited for a lock in %s samples\n' \
	$((n / 2)) $((n - n / 2)) "$n" "$secs" "$rate" \
	"$(ratio "$pg2_rate" "$pg1_rate")" "$waits"

# Every learner once, every status index once, two per credential.
creds=$(pg_psql "$pg2" -c "SELECT count(*) FROM credentials")
learners=$(pg_psql "$pg2" -c "SELECT count(DISTINCT learner_key) FROM credentials")
entries=$(pg_psql "$pg2" -c "SELECT count(*) FROM status_entries
	WHERE credential_seq IS NOT NULL")
distinct=$(pg_psql "$pg2" -c "SELECT count(DISTINCT (list_seq, idx))
	FROM status_entries WHERE credential_seq IS NOT NULL")
check="$creds credentials for $learners learners, $distinct distinct status indexes of $entries entries"
if [ "$creds" = $((n + 1)) ] && [ "$learners" = $((n + 1)) ] &&
	[ "$entries" = $((2 * n + 2)) ] && [ "$distinct" = "$entries" ]; then
	echo "issue: two nodes checked: $check"
else
	echo "issue: two nodes FAILED: $check (expected $((n + 1)) with the first, $((2 * n + 2)))"
	failed="$failed issue-check"
fi

# ---- 2. catalogue reads --------------------------------------------------

# serve NAME: a node on $pg1; its URL in url_NAME, its pid in pid_NAME.
serve() {
	local name=$1 p
	rm -f "$tmp/port.$name"
	"$mc" --db "$pg1" serve --port 0 --port-file "$tmp/port.$name" \
		--access-log /dev/null >"$tmp/serve.$name.out" \
		2>"$tmp/serve.$name.err" &
	p=$!
	pids+=($p)
	for _ in $(seq 100); do
		[ -s "$tmp/port.$name" ] && break
		kill -0 $p 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$tmp/port.$name" ]; then
		sed 's/^/  stderr: /' "$tmp/serve.$name.err" | head -20 >&2
		die "node $name did not start"
	fi
	printf -v "url_$name" 'http://127.0.0.1:%s' "$(cat "$tmp/port.$name")"
	printf -v "pid_$name" '%s' "$p"
	local u="http://127.0.0.1:$(cat "$tmp/port.$name")" code
	code=$(curl -s -g -o "$tmp/body" -w '%{http_code}' "$u$path")
	[ "$code" = 200 ] || die "node $name: HTTP $code from $path"
	jq -e '.total >= 1' "$tmp/body" >/dev/null 2>&1 ||
		die "node $name: $path found nothing"
}

# ms_of PERCENTILE FILE: that latency percentile of wrk output, in ms.
ms_of() {
	awk -v p="$1" '$1 == p {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		f = -1; if (u == "us") f = 0.001; if (u == "ms") f = 1;
		if (u == "s") f = 1000; if (u == "m") f = 60000;
		printf "%.2f", v * f }' "$2"
}

# load OUT URL CONNS: wrk in the background against URL; its pid in $!.
load() {
	wrk -t1 -c"$3" -d"$duration" --latency -s "$root/bench/get.lua" \
		"$2$path" >"$1" 2>&1 &
}

# figures OUT: "RPS P50 P99" of a finished wrk run (2xx only); marks the
# run failed on answers not 2xx or socket errors.
figures() {
	local ok other sockerr secs
	read -r _ _ ok _ other _ sockerr _ secs < <(grep '^mc-count:' "$1")
	[ -n "${secs:-}" ] || die "no mc-count line from wrk: $(head -3 "$1")"
	if [ "$other" != 0 ] || [ "$sockerr" != 0 ]; then
		echo "reads: $other answers not 2xx, $sockerr socket errors" >&2
		failed="$failed reads"
	fi
	echo "$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')" \
		"$(ms_of 50% "$1")" "$(ms_of 99% "$1")"
}

serve a
load "$tmp/wrk.one" "$url_a" $((2 * conns))
wait $!
read -r one p50 p99 < <(figures "$tmp/wrk.one")
printf 'reads: one node, %d connections: %s requests/s, median %s ms, p99 %s ms\n' \
	$((2 * conns)) "$one" "$p50" "$p99"

serve b
load "$tmp/wrk.a" "$url_a" "$conns"
wa=$!
load "$tmp/wrk.b" "$url_b" "$conns"
wb=$!
wait $wa
wait $wb
read -r ra a50 a99 < <(figures "$tmp/wrk.a")
read -r rb b50 b99 < <(figures "$tmp/wrk.b")
two=$(awk -v a="$ra" -v b="$rb" 'BEGIN { printf "%.1f", a + b }')
printf 'reads: two nodes, %d connections each, at once: %s requests/s (%s + %s), median %s / %s ms, p99 %s / %s ms, two/one %sx\n' \
	"$conns" "$two" "$ra" "$rb" "$a50" "$b50" "$a99" "$b99" \
	"$(ratio "$two" "$one")"
threads=$(sed -n 's/.*(\([0-9]*\) threads.*/\1/p' "$tmp/serve.a.out")
echo "reads: the response cache is off (every answer reads the database);" \
	"each node has ${threads:-?} worker threads, each with its own database" \
	"connection; the same $cores cores serve PostgreSQL, both nodes and wrk, so" \
	"a second node brings no cores of its own: above 1x it overlaps the" \
	"first node's waits on the database, it does not scale out"

for p in "$pid_a" "$pid_b"; do
	kill -TERM "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
pids=()

# ---- 3. search on both backends ----------------------------------------

search_n=${SEARCH_N:-100000}
search_bench="$(dirname "$mc")/bench/bench_search_pg"
if [ "$search_n" = 0 ]; then
	echo "search: skipped (SEARCH_N=0)"
elif [ ! -x "$search_bench" ]; then
	echo "search: skipped: no $search_bench (build the bench targets)"
else
	MICROCRED_TEST_PG=$cluster TMPDIR=$tmp "$search_bench" "$search_n" \
		"${SEARCH_Q:-40}" 2>&1 | sed 's/^/search: /' ||
		failed="$failed search"
fi

if [ -n "$failed" ]; then
	echo "bench_nodes: FAILED:$failed"
	exit 1
fi
exit 0
