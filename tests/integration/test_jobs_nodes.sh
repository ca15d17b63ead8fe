#!/usr/bin/env bash
# Two `microcred serve` nodes on one database share the roster jobs
# (src/lib/jobs, src/server/jobs.c): an upload to node A is answered by
# node B too; node A stopped with SIGTERM puts its running job back in the
# queue and node B completes it at once; node A killed with SIGKILL in the
# middle of a roster leaves the job under its lease, and node B takes it
# over when the lease runs out (job_lease, 5 s here: the default 60 s
# would fail the takeover's deadline).  A node with job_workers 0 runs no
# job.  Every learner is issued exactly once.  On each backend (one SQLite file shared by two processes, or one
# PostgreSQL database).
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	command -v $tool >/dev/null || skip "$tool is not installed"
done
db=$(mc_db nodes) || {
	fail "mc_db"
	finish
}

mc_id=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
mc_init "$db"
demo_issuer "$db" $org

# node NAME [ARGS...]: start a node; sets url_NAME and pid_NAME.
node() {
	local name=$1
	shift
	serve_start "$db" --job-lease 5 "$@"
	set -- "$name"
	eval "url_$1=\$url pid_$1=\$server_pid"
	cp "$tmp/serve.err" "$tmp/serve-$1.err" 2>/dev/null || true
	server_pid= # this test stops its nodes itself
	at_exit "kill -9 \$pid_$1 2>/dev/null"
}
# on NAME METHOD PATH [CURL ARGS...]: a request to node NAME.
on() {
	local n=$1
	shift
	url=$(eval "echo \$url_$n")
	http "$1" "$2" -H "Authorization: Bearer $T" "${@:3}"
}
# roster FILE N: N learners.
roster() {
	{
		echo "name,email"
		seq "$2" | awk '{ printf "Learner %d,l%d@example.org\n", $1, $1 }'
	} >"$1"
}
# upload NAME FILE: a roster job on node NAME; its id in $job.
upload() {
	on "$1" POST /api/v1/microcredentials/$mc_id/rosters \
		-H 'Content-Type: text/csv' --data-binary @"$2"
	equal "$code" 202 "roster accepted by node $1"
	job=$(jq -r .job "$tmp/body")
}
# status NAME: the job's status as node NAME answers it, "status done".
status() {
	on "$1" GET /api/v1/jobs/$job
	jq -r '"\(.status) \(.done)"' "$tmp/body" 2>/dev/null
}
# wait_for NAME WANT SECONDS: until node NAME says the job is WANT.
wait_for() {
	local s
	for _ in $(seq $((10 * $3))); do
		s=$(status "$1")
		[ "${s%% *}" = "$2" ] && return 0
		sleep 0.1
	done
	fail "job $job on node $1: '$s' after $3 s, not $2"
	return 1
}
# issued: credentials in the database.
issued() {
	db_sql "$db" "SELECT count(*) FROM credentials"
}

# Settings: a lease too short to cover a batch is refused, naming it.
expect 2 "job_lease 2 refused" -- "$mc" --db "$db" serve --port 0 \
	--job-lease 2
grep -q "job_lease" "$tmp/err" && ok || fail "the refusal names job_lease"

# A node with no job workers queues its upload and runs nothing; a second
# node with workers finishes it.
node a --job-workers 0
roster "$tmp/r0.csv" 5
sed -i 's/@example.org/@example.edu/' "$tmp/r0.csv"
upload a "$tmp/r0.csv"
sleep 2
equal "$(status a)" "queued 0" "job_workers 0: the job waits"
node b
wait_for a done 30
kill -TERM "$pid_a"
wait "$pid_a" 2>/dev/null
node a

# Every thread of a node but the main one blocks SIGTERM and SIGINT (the
# main thread takes them in sigwait, which unblocks them while it waits),
# or a signal landing on a job worker would kill the node without putting
# its job back.
for st in /proc/"$pid_a"/task/*/status; do
	[ "$st" = "/proc/$pid_a/task/$pid_a/status" ] && continue
	blk=$(awk '/^SigBlk:/ { print $2 }' "$st")
	[ $((0x$blk & 0x4002)) = $((0x4002)) ] && ok ||
		fail "thread $(basename "$(dirname "$st")") of node A: SigBlk $blk lacks SIGTERM/SIGINT"
done

# An upload to A, its status from B, every learner once.
roster "$tmp/r1.csv" 20
upload a "$tmp/r1.csv"
wait_for b done 30
equal "$(jq -r '"\(.issued) \(.existing) \(.total)"' "$tmp/body")" \
	"20 0 20" "job from node A, answered by node B"
equal "$(issued)" 25 "20 learners"

# SIGTERM on A while it runs a roster: the job goes back to the queue,
# B completes it.
roster "$tmp/r2.csv" 2000
sed -i 's/@example.org/@example.com/' "$tmp/r2.csv"
upload a "$tmp/r2.csv"
wait_for b running 30
kill -TERM "$pid_a"
wait "$pid_a" 2>/dev/null
wait_for b done 120
equal "$(issued)" 2025 "2000 more learners, each once"
equal "$(db_sql "$db" "SELECT count(DISTINCT learner_key) FROM credentials")" \
	2025 "distinct learners"

# SIGKILL on A in the middle: B takes the job over after the lease.
node a
roster "$tmp/r3.csv" 2000
sed -i 's/@example.org/@example.net/' "$tmp/r3.csv"
upload a "$tmp/r3.csv"
for _ in $(seq 1200); do
	s=$(status b)
	[ "$s" != "${s#running }" ] && [ "${s#running }" -gt 0 ] && break
	sleep 0.1
done
case $s in
"running "[1-9]*) ok ;;
*) fail "job $job never seen running past a batch: '$s'" ;;
esac
kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null
killed_at=$SECONDS
equal "$(db_sql "$db" "SELECT state FROM jobs WHERE id = '$job'")" \
	running "the killed node's job still running under its lease"
for _ in $(seq 300); do
	[ "$(db_sql "$db" "SELECT claims FROM jobs WHERE id = '$job'")" = 2 ] &&
		break
	sleep 0.1
done
took=$((SECONDS - killed_at))
echo "taken over $took s after the kill (job_lease 5 s)"
[ "$took" -le 20 ] && ok || fail "taken over after $took s, not within the 5 s lease (+ polls)"
wait_for b done 120
equal "$(db_sql "$db" "SELECT claims FROM jobs WHERE id = '$job'")" \
	2 "taken over once"
equal "$(issued)" 4025 "2000 more learners, each once"
equal "$(db_sql "$db" "SELECT count(*) FROM audit WHERE action = 'credential.issue'")" \
	4025 "one issue entry per learner"
kill -TERM "$pid_b"
wait "$pid_b" 2>/dev/null
finish
