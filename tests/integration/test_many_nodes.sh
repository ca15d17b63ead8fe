#!/usr/bin/env bash
# Many nodes, one platform (docs/OPERATIONS.md): a PostgreSQL primary and
# a streaming hot standby made with pg_basebackup, two `microcred serve`
# nodes on the primary that send anonymous catalogue reads to the standby
# (read_db).  2,000 credentials are issued through both nodes at once (a
# roster of 1,000 uploaded to each); node A is killed with kill -9 in the
# middle of its roster job.  Checked: every learner holds exactly one
# credential, no status-list entry is used twice, node B finished the
# killed node's job after its lease (job_lease 5 s), the standby holds
# what the primary holds, and catalogue reads are the standby's: while
# its replay is paused, an anonymous read shows the catalogue as it was,
# a signed-in read (the primary) shows the change, and once replay goes on
# the anonymous read shows it too.  PostgreSQL only: a cluster of its own
# (the standby's replay is paused, which the suite's shared cluster must
# never see).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../pg/cluster.sh"
pg_cluster_available 2>"$tmp/why" || skip "$(cat "$tmp/why")"
for tool in curl jq; do
	command -v $tool >/dev/null || skip "$tool is not installed"
done

# At exit: the nodes, then the standby, then the primary.
pid_a= pid_b= p_dir= s_dir=
stop_all() {
	[ -z "$pid_a" ] || kill -9 "$pid_a" 2>/dev/null
	[ -z "$pid_b" ] || kill -9 "$pid_b" 2>/dev/null
	[ -z "$s_dir" ] || pg_cluster_stop "$s_dir"
	[ -z "$p_dir" ] || pg_cluster_stop "$p_dir"
}
at_exit stop_all
pg_cluster_start || {
	fail "primary did not start"
	finish
}
p_dir=$PG_CLUSTER_DIR db=$PG_CLUSTER_URL
pg_cluster_standby "$p_dir" || {
	fail "standby did not start"
	finish
}
s_dir=$PG_CLUSTER_DIR standby=$PG_CLUSTER_URL

mc_id=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
other_mc=am-fruit-drying
unset MICROCRED_MASTER_KEY MICROCRED_DEV_WRITES
export MICROCRED_MASTER_KEY_FILE="$tmp/master.key" # made by init
mc_init "$db"
demo_issuer "$db" $org
pg_cluster_wait_replay "$p_dir" "$s_dir" 60 && ok || fail "standby caught up"

# node NAME: start a node on the primary reading the catalogue from the
# standby; sets url_NAME and pid_NAME.
node() {
	MICROCRED_READ_DB=$standby serve_start "$db" --job-lease 5
	eval "url_$1=\$url pid_$1=\$server_pid"
	cp "$tmp/serve.out" "$tmp/serve-$1.out" 2>/dev/null || true
	server_pid= # stop_all stops the nodes
}
# on NAME METHOD PATH [CURL ARGS...]: a request to node NAME as ivan.
on() {
	local n=$1
	shift
	url=$(eval "echo \$url_$n")
	http "$1" "$2" -H "Authorization: Bearer $T" "${@:3}"
}
# anon NAME PATH: an anonymous GET to node NAME.
anon() {
	url=$(eval "echo \$url_$1")
	http GET "$2"
}
# roster FILE N DOMAIN: N learners at DOMAIN.
roster() {
	{
		echo "name,email"
		seq "$2" | awk -v d="$3" '{ printf "Learner %d,l%d@%s\n", $1, $1, d }'
	} >"$1"
}
# upload NAME FILE VAR: a roster job on node NAME; its id in VAR.
upload() {
	on "$1" POST /api/v1/microcredentials/$mc_id/rosters \
		-H 'Content-Type: text/csv' --data-binary @"$2"
	equal "$code" 202 "roster accepted by node $1"
	eval "$3=\$(jq -r .job \"\$tmp/body\")"
}
# job_col JOB COLUMN: a column of the job's row on the primary.
job_col() {
	pg_psql "$db" -c "SELECT $2 FROM jobs WHERE id = '$1'"
}
# wait_done NAME JOB SECONDS: until node NAME says JOB is done.
wait_done() {
	local s
	for _ in $(seq $((10 * $3))); do
		on "$1" GET /api/v1/jobs/$2
		s=$(jq -r .status "$tmp/body" 2>/dev/null)
		[ "$s" = done ] && return 0
		sleep 0.1
	done
	fail "job $2 on node $1: '$s' after $3 s, not done"
	return 1
}

node a
grep -q "catalogue reads from" "$tmp/serve-a.out" && ok ||
	fail "node A says where catalogue reads go: $(cat "$tmp/serve-a.out")"

# Node A's id in the jobs table: the node of a small job it ran alone.
roster "$tmp/r0.csv" 5 example.edu
upload a "$tmp/r0.csv" job0
wait_done a "$job0" 60
node_a=$(job_col "$job0" node)
[ -n "$node_a" ] && ok || fail "node A's id"

node b

# 2,000 credentials through both nodes at once.
roster "$tmp/ra.csv" 1000 a.example.org
roster "$tmp/rb.csv" 1000 b.example.org
upload a "$tmp/ra.csv" job_a &
up_a=$!
upload b "$tmp/rb.csv" job_b_unused &
up_b=$!
wait "$up_a" "$up_b" # not `wait`: the nodes are this shell's children too
# The subshells' ids are lost; the two newest jobs are theirs.
read -r job_a job_b < <(pg_psql "$db" -c \
	"SELECT string_agg(id, ' ' ORDER BY seq) FROM (SELECT id, seq FROM jobs
	 WHERE id <> '$job0' ORDER BY seq) j")
[ -n "$job_a" ] && [ -n "$job_b" ] && ok || fail "two roster jobs queued"

# Node A killed in the middle of a roster it runs, past its first batch.
victim=
for _ in $(seq 600); do
	victim=$(pg_psql "$db" -c "SELECT id FROM jobs WHERE state = 'running'
		AND node = '$node_a' AND done > 0 AND done < total LIMIT 1")
	[ -n "$victim" ] && break
	sleep 0.1
done
if [ -z "$victim" ]; then
	fail "node A never ran a roster past a batch: $(pg_psql "$db" -c \
		"SELECT id, state, node, done, total FROM jobs")"
	finish
fi
done_at_kill=$(job_col "$victim" done)
kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null
echo "node A killed with $done_at_kill of 1000 rows of job $victim done"
[ "$done_at_kill" -lt 1000 ] && ok || fail "the kill came after the job"

wait_done b "$job_a" 240
wait_done b "$job_b" 240
equal "$(job_col "$victim" "node <> '$node_a'")" t \
	"the killed node's job finished by node B"
[ "$(job_col "$victim" claims)" -ge 2 ] && ok ||
	fail "the killed node's job was claimed again"

creds() { pg_psql "$1" -c "SELECT $2 FROM credentials"; }
equal "$(creds "$db" "count(*)")" 2005 "2,005 credentials"
equal "$(creds "$db" "count(DISTINCT learner_key)")" 2005 \
	"every learner exactly once"
equal "$(creds "$db" \
	"count(DISTINCT convert_from(data, 'UTF8')::json->'credentialStatus'->>'id')")" \
	2005 "no status-list entry used twice"
equal "$(pg_psql "$db" -c "SELECT count(*) FROM audit
	WHERE action = 'credential.issue'")" 2005 "one issue entry per learner"

# The standby holds what the primary holds.
pg_cluster_wait_replay "$p_dir" "$s_dir" 60 && ok || fail "standby caught up"
equal "$(creds "$standby" "count(*)")" 2005 "the standby's credentials"

# Catalogue reads come from the standby: with its replay paused, an
# anonymous read shows the MC as it was, a signed-in one (the primary)
# the change; after replay, both show it.
status_of() { jq -r '.status // .error // empty' "$tmp/body"; }
anon b /api/v1/microcredentials/$other_mc
equal "$code" 200 "anonymous MC read"
before=$(status_of)
pg_psql "$standby" -c "SELECT pg_wal_replay_pause()" >/dev/null
expect 0 "retire $other_mc on the primary" -- "$mc" --db "$db" mc retire \
	"$other_mc"
anon b /api/v1/microcredentials/$other_mc
equal "$code:$(status_of)" "200:$before" \
	"anonymous read during paused replay: the standby's catalogue"
on b GET /api/v1/microcredentials/$other_mc
after=$(status_of)
[ "$after" != "$before" ] && ok ||
	fail "signed-in read ($code) shows the retirement: '$after'"
pg_psql "$standby" -c "SELECT pg_wal_replay_resume()" >/dev/null
pg_cluster_wait_replay "$p_dir" "$s_dir" 60 && ok || fail "standby caught up"
for _ in $(seq 50); do
	anon b /api/v1/microcredentials/$other_mc
	[ "$(status_of)" = "$after" ] && break
	sleep 0.1
done
equal "$(status_of)" "$after" "anonymous read after replay: the retirement"

kill -TERM "$pid_b"
wait "$pid_b" 2>/dev/null
pid_b=
finish
