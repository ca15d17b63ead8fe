#!/usr/bin/env bash
# The response cache of two nodes on one database (src/server/cache.c,
# cache_watch.c): a catalogue write through node A shows in node B's very
# next cached reads.  On PostgreSQL node B learns of it from a notice
# (LISTEN/NOTIFY) and does not ask the database for its change counters
# before each cached read: /healthz?cache=1 shows notified, polls that do
# not move over many cached reads, and a notice for the write.  When B's
# listening connection is cut, B asks the counters again until it has
# listened anew, then goes back to notices, and a write made meanwhile
# still shows.  On SQLite (one file, two processes) there are no notices:
# B asks the counters before every cached read, as before.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	command -v $tool >/dev/null || skip "$tool is not installed"
done
db=$(mc_db notify) || {
	fail "mc_db"
	finish
}
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
admin=admin@example.org
password=notify-test-password-7
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
export MICROCRED_ADMIN_EMAIL=$admin MICROCRED_ADMIN_PASSWORD=$password
export MICROCRED_THREADS=4 MICROCRED_JOB_WORKERS=0
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# node NAME: start a node; sets url_NAME and pid_NAME.
node() {
	serve_start "$db"
	eval "url_$1=\$url pid_$1=\$server_pid"
	cp "$tmp/serve.err" "$tmp/serve-$1.err" 2>/dev/null || true
	server_pid= # this test stops its nodes itself
	at_exit "kill \$pid_$1 2>/dev/null"
}
# stat NAME FIELD: a counter of node NAME's cache.
stat() {
	curl -s "$(eval "echo \$url_$1")/healthz?cache=1" | jq -r ".cache.$2"
}
# region NAME: the organisation's region as node NAME answers, cached.
region() {
	curl -s "$(eval "echo \$url_$1")/api/v1/organisations/$org" |
		jq -r .region
}
# set_region VALUE: a catalogue write through node A's API.
set_region() {
	url=$url_a
	curl -s "$url/api/v1/organisations/$org" |
		jq --arg r "$1" '.region = $r' >"$tmp/org.json"
	http PUT /api/v1/organisations/$org -b "$tmp/cookies" \
		-H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
		--data-binary @"$tmp/org.json"
	equal "$code" 200 "region $1 written through node A"
}
# shows VALUE WHAT: node B answers VALUE, checked at once and, for the
# notice's few milliseconds, for up to a second; prints how long it took.
shows() {
	local i got
	for i in $(seq 20); do
		got=$(region b)
		if [ "$got" = "$1" ]; then
			echo "node B showed $1 on read $i"
			ok
			return
		fi
		sleep 0.05
	done
	fail "$2: node B still answers '$got', not '$1'"
}
# notified NAME WANT: wait up to 10 s for node NAME's listener state.
notified() {
	local s
	for _ in $(seq 100); do
		s=$(stat "$1" notified)
		[ "$s" = "$2" ] && break
		sleep 0.1
	done
	equal "$s" "$2" "node $1 notified = $2"
}

node a
node b
url=$url_a
http POST /api/v1/session -H 'Content-Type: application/json' \
	--data-binary "{\"email\": \"$admin\", \"password\": \"$password\"}" \
	-c "$tmp/cookies"
equal "$code" 201 "sign in on node A"
csrf=$(jq -r .csrf "$tmp/body")

if [ "$mc_backend" = postgresql ]; then
	notified b true
else
	notified b false
fi

# Cached reads on B: hits, and how many counter queries they cost (after
# a first read on each worker, whose first look at the counters moves the
# generation on when it asks).
for _ in $(seq 12); do region b >/dev/null; done
hits=$(stat b hits)
polls=$(stat b polls)
for _ in $(seq 20); do region b >/dev/null; done
h=$(stat b hits)
if [ "$mc_backend" = postgresql ]; then
	[ "$h" -ge $((hits + 20)) ] && ok || fail "20 reads on B: $((h - hits)) hits"
else # a worker not reached before asks for the first time: a miss
	[ "$h" -ge $((hits + 15)) ] && ok || fail "20 reads on B: $((h - hits)) hits"
fi
p=$(stat b polls)
if [ "$mc_backend" = postgresql ]; then
	equal "$p" "$polls" "no counter query for 20 cached reads on B"
else
	[ "$p" -ge $((polls + 20)) ] && ok ||
		fail "SQLite: 20 cached reads on B asked $((p - polls)) times"
fi

# A write through A shows on B at once.
notices=$(stat b notices)
set_region "Notify Oblast"
shows "Notify Oblast" "a write through node A"
if [ "$mc_backend" = postgresql ]; then
	n=$(stat b notices)
	[ "$n" -gt "$notices" ] && ok || fail "node B got no notice of the write"
	equal "$(stat b polls)" "$polls" "still no counter query on B"
else
	equal "$(stat b notices)" 0 "SQLite: no notices"
fi

if [ "$mc_backend" = postgresql ]; then
	# Cut B's listening connection (A's too: they look alike); a write
	# while they reconnect still shows, and B listens again.
	gen=$(stat b generation)
	db_sql "$db" "SELECT count(pg_terminate_backend(pid))
		FROM pg_stat_activity WHERE datname = current_database()
		AND query LIKE 'LISTEN %'" >/dev/null
	set_region "Reconnect Oblast"
	shows "Reconnect Oblast" "a write while node B reconnects"
	notified b true
	g=$(stat b generation)
	[ "$g" -gt "$gen" ] && ok || fail "node B's generation did not move"
	grep -q "cache listener" "$tmp/serve.err" && ok ||
		fail "node B's log does not say its listener lost the connection"
	polls=$(stat b polls)
	for _ in $(seq 10); do region b >/dev/null; done
	equal "$(stat b polls)" "$polls" "no counter query once listening again"
	set_region "Again Oblast"
	shows "Again Oblast" "a write after node B listens again"
fi

kill -TERM "$pid_a" "$pid_b"
wait "$pid_a" "$pid_b" 2>/dev/null
finish
