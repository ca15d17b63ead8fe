#!/usr/bin/env bash
# A node outlives its PostgreSQL's restart and a failover (store_pg.c):
# `microcred serve` on a private cluster reads the catalogue; PostgreSQL
# restarts (pg_ctl restart -m fast) under it; reads, a sign-in and a
# roster job (the background workers) then succeed without restarting
# the node; a restart in the middle of a roster job leaves it finished
# with every learner once.  While PostgreSQL is stopped a request answers
# 503 with Retry-After, the node stays up, and it serves again once
# PostgreSQL is back.  Failover: a node on a multi-host URL (primary and
# hot standby, target_session_attrs=read-write) writes again after the
# primary stops and the standby is promoted; its "listening on" line
# masks the URL's password.
#
# PostgreSQL only (tests/CMakeLists.txt, MC_ITESTS_PG_ONLY), on a cluster
# of its own even when MICROCRED_TEST_PG is set: it stops and restarts
# the cluster, which would break the tests sharing the suite's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../pg/cluster.sh"

for tool in curl jq; do
	command -v $tool >/dev/null || skip "$tool is not installed"
done
pg_cluster_available 2>"$tmp/why" || skip "$(cat "$tmp/why")"
at_exit pg_cluster_cleanup
pg_cluster_start || {
	fail "PostgreSQL did not start"
	finish
}
primary=$PG_CLUSTER_DIR
db=$PG_CLUSTER_URL
unset MICROCRED_MASTER_KEY MICROCRED_DEV_WRITES
export MICROCRED_MASTER_KEY_FILE="$tmp/master.key"

mc_id=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
mc_init "$db"
demo_issuer "$db" $org

# pg DIR ARGS...: pg_ctl on the cluster in DIR, as its owner.
pg() {
	local dir=$1
	shift
	_pg_in "$dir" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 "$@" \
		>>"$tmp/pg_ctl.out" 2>&1
}
# catalogue: the number of published MCs the node lists ("" on failure).
catalogue() {
	http GET "/api/v1/microcredentials?limit=5"
	if [ "$code" = 200 ]; then
		jq -r .total "$tmp/body" 2>/dev/null
	else
		echo "catalogue: $code $(head -c 400 "$tmp/body" | tr "\n" " ")" >&2
	fi
}
# roster N WHAT: a roster job of N learners at WHAT (a mail domain) run
# to its end by the node's workers; fails the test otherwise.
roster() {
	local s
	{
		echo "name,email"
		seq "$1" | awk -v d="$2" '{ printf "Learner %d,l%d@%s\n", $1, $1, d }'
	} >"$tmp/roster.csv"
	http POST /api/v1/microcredentials/$mc_id/rosters \
		-H "Authorization: Bearer $T" -H 'Content-Type: text/csv' \
		--data-binary @"$tmp/roster.csv"
	equal "$code" 202 "roster at $2 accepted"
	job=$(jq -r .job "$tmp/body")
	for _ in $(seq 300); do
		http GET "/api/v1/jobs/$job" -H "Authorization: Bearer $T"
		s=$(jq -r .status "$tmp/body" 2>/dev/null)
		[ "$s" = done ] && break
		sleep 0.1
	done
	equal "$s" done "roster at $2 finished by the workers"
}
# signin: a session over the API (a read of the user, a write of the
# session).
signin() {
	http POST /api/v1/session -H 'Content-Type: application/json' \
		--data '{"email":"ivan@example.org","password":"correct horse battery"}'
}

serve_start "$db" --threads 2
before=$(catalogue)
[ -n "$before" ] && [ "$before" -gt 0 ] && ok ||
	fail "the catalogue before the restart: '$before' (status $code)"
roster 3 before.example.org

# ---- a restart -------------------------------------------------------
pg "$primary" -m fast restart || fail "pg_ctl restart"
# Every worker thread of the node had a connection; each must recover,
# so ask more often than the node has threads.
for i in 1 2 3 4 5 6; do
	equal "$(catalogue)" "$before" "catalogue read $i after the restart"
done
http GET /
equal "$code" 200 "the home page after the restart"
signin
equal "$code" 201 "sign-in after the restart"
roster 4 after.example.org
equal "$(pg_psql "$db" -c "SELECT count(*) FROM credentials")" 7 \
	"every learner issued once"
kill -0 "$server_pid" 2>/dev/null && ok || fail "the node died"

# ---- a restart in the middle of a roster job ----------------------------
# The batch the restart cuts is rolled back; the job goes back to the
# queue and the workers finish it, every learner once.
{
	echo "name,email"
	seq 1500 | awk '{ printf "Learner %d,l%d@middle.example.org\n", $1, $1 }'
} >"$tmp/big.csv"
http POST /api/v1/microcredentials/$mc_id/rosters \
	-H "Authorization: Bearer $T" -H 'Content-Type: text/csv' \
	--data-binary @"$tmp/big.csv"
equal "$code" 202 "a roster of 1500 accepted"
job=$(jq -r .job "$tmp/body")
for _ in $(seq 600); do
	http GET "/api/v1/jobs/$job" -H "Authorization: Bearer $T"
	s=$(jq -r '"\(.status) \(.done)"' "$tmp/body" 2>/dev/null)
	[ "$s" != "${s#running }" ] && [ "${s#running }" -gt 0 ] && break
	sleep 0.05
done
case $s in
"running "[1-9]*) ok ;;
*) fail "the roster never seen running past a batch: '$s'" ;;
esac
pg "$primary" -m fast restart || fail "pg_ctl restart"
for _ in $(seq 600); do
	http GET "/api/v1/jobs/$job" -H "Authorization: Bearer $T"
	s=$(jq -r .status "$tmp/body" 2>/dev/null)
	case $s in done | failed | partial) break ;; esac
	sleep 0.1
done
equal "$s" done "the roster cut by the restart finished"
[ "$s" = done ] || jq -c . "$tmp/body" >&2
equal "$(pg_psql "$db" -c "SELECT count(*) FROM credentials")" 1507 \
	"1500 more learners, each once"

# ---- an outage ---------------------------------------------------------
pg "$primary" -m fast stop || fail "pg_ctl stop"
http GET "/api/v1/microcredentials?q=welding"
equal "$code" 503 "a read while PostgreSQL is down"
equal "$(header Retry-After)" 1 "503 says when to retry"
contains "$tmp/body" "connection was lost" "503 says why"
http POST /api/v1/session -H 'Content-Type: application/json' \
	--data '{"email":"ivan@example.org","password":"correct horse battery"}'
equal "$code" 503 "a sign-in while PostgreSQL is down"
http GET /healthz
equal "$code:$(header Retry-After)" 503:1 \
	"/healthz says the node cannot serve while PostgreSQL is down"
# A page says so in the reader's language, and keeps the database's
# (English, host-naming) message for the log.
http GET "/?q=welding" -H 'Accept-Language: uk'
equal "$code:$(header Retry-After)" 503:1 "a catalogue page while PostgreSQL is down"
contains "$tmp/body" "Спробуйте ще раз" "the page asks to try again, in Ukrainian"
lacks "$tmp/body" "connection" "the page shows no database message"
kill -0 "$server_pid" 2>/dev/null && ok || fail "the node died in the outage"
pg "$primary" start || fail "pg_ctl start"
http GET /healthz
equal "$code:$(jq -r .status "$tmp/body")" 200:ok "/healthz after the outage"
equal "$(catalogue)" "$before" "catalogue read after the outage"
signin
equal "$code" 201 "sign-in after the outage"
roster 2 outage.example.org

kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=

# ---- down before a thread's first request -------------------------------
# A worker thread opens its store at its first request; with PostgreSQL
# down then, a browser gets a page in its language and an API client a
# problem, both 503 with Retry-After.
serve_start "$db" --threads 2
pg "$primary" -m fast stop || fail "pg_ctl stop"
http GET "/?q=welding" -H 'Accept: text/html' -H 'Accept-Language: uk'
equal "$code:$(header Retry-After)" 503:1 "a page on a thread with no store yet"
case "$(header Content-Type)" in text/html*) ok ;; *)
	fail "a browser gets a page, not $(header Content-Type)" ;;
esac
contains "$tmp/body" "Спробуйте ще раз" "the page asks to try again, in Ukrainian"
http GET "/api/v1/microcredentials?q=welding"
equal "$code:$(header Retry-After)" 503:1 "an API read on a thread with no store yet"
equal "$(jq -r .status "$tmp/body")" 503 "a problem document for the API"
http GET /static/style.css
equal "$code" 200 "the style sheet of the error pages, database or not"
pg "$primary" start || fail "pg_ctl start"
equal "$(catalogue)" "$before" "catalogue read once PostgreSQL is back"
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=

# ---- a failover ----------------------------------------------------------
pg_cluster_standby "$primary" || {
	fail "the standby did not start"
	finish
}
standby=$PG_CLUSTER_DIR
pg_cluster_wait_replay "$primary" "$standby" || fail "the standby lags"
# Both hosts, the writable one chosen; a password (trust ignores it)
# that the log must not show.
multi="postgresql://postgres:s3cret-pw@/microcred?host=$primary/sock,$standby/sock"
multi="$multi&port=$(cat "$primary/port"),$(cat "$standby/port")"
multi="$multi&target_session_attrs=read-write"
serve_start "$multi" --threads 2
contains "$tmp/serve.out" "database postgresql://postgres:***@/microcred?host=" \
	"listening on names the multi-host URL"
lacks "$tmp/serve.out" "s3cret-pw" "listening on masks its password"
roster 2 primary.example.org
pg "$primary" -m fast stop || fail "pg_ctl stop (primary)"
pg "$standby" promote || fail "pg_ctl promote"
for _ in $(seq 50); do
	[ "$(pg_psql "$(pg_cluster_url "$standby")" -c 'SELECT pg_is_in_recovery()')" = f ] &&
		break
	sleep 0.1
done
equal "$(catalogue)" "$before" "catalogue read from the promoted standby"
signin
equal "$code" 201 "sign-in on the promoted standby"
roster 3 failover.example.org
equal "$(pg_psql "$(pg_cluster_url "$standby")" -c 'SELECT count(*) FROM credentials')" \
	1514 "every learner issued once, the last ones on the new primary"
kill -0 "$server_pid" 2>/dev/null && ok || fail "the node died in the failover"
finish
