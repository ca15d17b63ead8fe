#!/usr/bin/env bash
# The response cache with notices (cache_watch.c) and a read_db standby:
# a notified node skips the change counter query for reads of db, but
# the standby's answers may lag behind a notice, so they are kept apart.
# With the standby's replay paused, an MC retired on the primary (a
# notice) is still published in an anonymous read from the standby, which
# the cache keeps; when the standby fails and anonymous reads go to db,
# the next read shows the MC retired, never the standby's answer from the
# cache.  PostgreSQL only: a primary and its hot standby of its own.
. "$(dirname "$0")/lib.sh"
pg=$(cd "$(dirname "$0")/../pg" && pwd)/cluster.sh
# shellcheck source=../pg/cluster.sh
. "$pg"

for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 || skip "$tool is not installed"
done
pg_cluster_available 2>"$tmp/why" ||
	skip "needs a PostgreSQL primary and hot standby: $(cat "$tmp/why")"
# The server stops before the clusters (at_exit runs in order).
at_exit '[ -z "${server_pid:-}" ] || { kill "$server_pid"; wait "$server_pid"; } 2>/dev/null'
at_exit pg_cluster_cleanup

pg_cluster_start || {
	fail "the primary did not start"
	finish
}
primary=$PG_CLUSTER_DIR purl=$PG_CLUSTER_URL
pg_cluster_standby "$primary" || {
	fail "the standby did not start"
	finish
}
standby=$PG_CLUSTER_DIR surl=$PG_CLUSTER_URL

mcid=ua-mag-welding-steel-structures
unset MICROCRED_MASTER_KEY MICROCRED_DEV_WRITES MICROCRED_READ_DB
export MICROCRED_MASTER_KEY_FILE=$tmp/master.key
mc_init "$purl"
expect 0 "demo" -- "$mc" --db "$purl" demo
expect 0 "the standby replays the setup" -- \
	pg_cluster_wait_replay "$primary" "$standby" 30

serve_start "$purl" --read-db "$surl" --threads 2
stat() {
	curl -s "$url/healthz?cache=1" | jq -r ".cache.$1"
}
for _ in $(seq 100); do
	[ "$(stat notified)" = true ] && break
	sleep 0.1
done
equal "$(stat notified)" true "the node listens for notices"

# The standby stops replaying; the primary retires the MC, and the node
# is notified of it.
expect 0 "pause the standby's replay" -- pg_psql "$surl" \
	-c 'SELECT pg_wal_replay_pause()'
notices=$(stat notices)
expect 0 "retire on the primary" -- "$mc" --db "$purl" mc retire $mcid
for _ in $(seq 50); do
	[ "$(stat notices)" -gt "$notices" ] && break
	sleep 0.1
done
[ "$(stat notices)" -gt "$notices" ] && ok || fail "no notice of the retirement"

# Anonymous reads: the paused standby's state, cached.
hits=$(stat hits)
for i in 1 2 3 4; do
	http GET "/mc/$mcid/v1"
	equal "$(jq -r .status "$tmp/body")" published \
		"anonymous read $i: the paused standby's state"
done
[ "$(stat hits)" -gt "$hits" ] && ok || fail "the standby's answer was not cached"

# The standby fails (a read that must wait for it finds it gone): reads
# go to db for a while, and must not be answered from the cache with the
# standby's answer.
pg_cluster_stop "$standby"
http GET "/mc/$mcid/v1" -H "Cookie: mc_rw=ffffffff"
equal "$code" 200 "a read-your-writes read with the standby gone"
for _ in $(seq 50); do
	grep -q 'catalogue reads go to db' "$tmp/serve.err" && break
	sleep 0.1
done
contains "$tmp/serve.err" "catalogue reads go to db" "the standby is left alone"
for i in 1 2 3; do
	http GET "/mc/$mcid/v1"
	equal "$(jq -r .status "$tmp/body")" retired \
		"anonymous read $i from db: the primary's state"
done
finish
