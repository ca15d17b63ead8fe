#!/usr/bin/env bash
# Two `microcred serve` nodes on one database share the per-address rate
# limits (the store's buckets, mc_rate_take): with rate_login = 3, sign-in
# attempts split across the nodes are counted together, so the 4th within
# the minute gets 429 with Retry-After whichever node answers; the same
# for verifications (rate_verify = 2).  Behind a trusted proxy, an IPv6
# client is counted by its /64, and another address has its own budget.
# When the store cannot answer (its table dropped here), each node falls
# back to a budget in its own memory, says so once in its log, and still
# answers 429 over the limit; once the table is back, they share again.  On each backend (one SQLite file shared by
# two processes, or one PostgreSQL database).
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	command -v $tool >/dev/null || skip "$tool is not installed"
done
db=$(mc_db limits) || {
	fail "mc_db"
	finish
}
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_TEST_NOW MICROCRED_RATE_LOGIN MICROCRED_RATE_VERIFY \
	MICROCRED_ADMIN_PASSWORD MICROCRED_ADMIN_EMAIL
export MICROCRED_TRUSTED_PROXIES=127.0.0.1
mc_init "$db"
printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "user add" -- "$mc" --db "$db" user add --email alice@example.org \
	--name alice --password-file "$tmp/pw"

# node NAME: start a node with its own output files; sets url_NAME and
# pid_NAME.
node() {
	rm -f "$tmp/port-$1"
	"$mc" --db "$db" serve --port 0 --port-file "$tmp/port-$1" \
		--rate-login 3 --rate-verify 2 \
		>"$tmp/serve-$1.out" 2>"$tmp/serve-$1.err" &
	eval "pid_$1=$!"
	at_exit "kill \$pid_$1 2>/dev/null"
	for _ in $(seq 100); do
		[ -s "$tmp/port-$1" ] && break
		sleep 0.1
	done
	if [ ! -s "$tmp/port-$1" ]; then
		fail "node $1 did not start"
		sed 's/^/  stderr: /' "$tmp/serve-$1.err" | head -20 >&2
		finish
	fi
	eval "url_$1=http://127.0.0.1:$(cat "$tmp/port-$1")"
}
# signin NAME FROM: a sign-in with a wrong password on node NAME from
# client address FROM (X-Forwarded-For through the trusted proxy).
signin() {
	url=$(eval "echo \$url_$1")
	http POST /api/v1/session -H 'Content-Type: application/json' \
		-H "X-Forwarded-For: $2" \
		--data-binary '{"email":"alice@example.org","password":"not the password"}'
}
# verify NAME FROM: a verification (of nothing much) on node NAME.
verify() {
	url=$(eval "echo \$url_$1")
	http POST /credentials/verify -H 'Content-Type: application/json' \
		-H "X-Forwarded-For: $2" --data-binary '{}'
}
# limited WHAT: the last answer was 429 with a Retry-After of 1..60 s.
limited() {
	local retry
	equal "$code" 429 "$1"
	retry=$(header Retry-After)
	case "$retry" in [1-9] | [1-5][0-9] | 60) ok ;; *) fail "$1: Retry-After '$retry'" ;; esac
}

node a
node b

# Sign-ins from one address, split across the nodes.
ip=203.0.113.7
signin a $ip && equal "$code" 403 "attempt 1 on node a"
signin b $ip && equal "$code" 403 "attempt 2 on node b"
signin a $ip && equal "$code" 403 "attempt 3 on node a"
signin b $ip && limited "attempt 4 on node b"
signin a $ip && limited "attempt 5 on node a"
equal "$(jq -r .status "$tmp/body")" 429 "429 problem details"
# Another address has a budget of its own.
signin b 198.51.100.20 && equal "$code" 403 "another address on node b"

# An IPv6 client by its /64: hosts of one prefix share one budget.
signin a 2001:db8:1:2::1 && equal "$code" 403 "IPv6 attempt 1 on node a"
signin b 2001:db8:1:2::dead:beef && equal "$code" 403 "IPv6 attempt 2 (same /64) on node b"
signin a 2001:db8:1:2:ffff::9 && equal "$code" 403 "IPv6 attempt 3 (same /64) on node a"
signin b 2001:db8:1:2::1 && limited "IPv6 attempt 4 (same /64) on node b"
signin b 2001:db8:1:3::1 && equal "$code" 403 "the next /64 on node b"

# Verifications, split across the nodes too.
ip=203.0.113.8
verify a $ip && [ "$code" != 429 ] && ok || fail "verification 1 on node a: $code"
verify b $ip && [ "$code" != 429 ] && ok || fail "verification 2 on node b: $code"
verify a $ip && limited "verification 3 on node a"

# The buckets hold the bytes of the rule, no more: 4 for IPv4, 8 for a /64.
equal "$(db_sql "$db" "SELECT count(*) FROM rate_buckets WHERE length(key) NOT IN (4, 8)")" \
	0 "stored keys are 4 or 8 bytes"
equal "$(db_sql "$db" "SELECT count(*) FROM rate_buckets WHERE length(key) = 8")" \
	2 "two IPv6 /64 buckets"
for n in a b; do
	lacks "$tmp/serve-$n.err" "memory" "node $n used the shared buckets"
done

# The store cannot answer: each node counts in its own memory, says so
# once, and still refuses the 4th attempt of an address.
db_sql "$db" "DROP TABLE rate_buckets" >/dev/null
ip=192.0.2.99
for i in 1 2 3; do
	signin a $ip && equal "$code" 403 "outage: attempt $i on node a"
done
signin a $ip && limited "outage: attempt 4 on node a (its memory)"
signin b $ip && equal "$code" 403 "outage: node b counts on its own"
equal "$(grep -c "rate limits: the database did not answer" "$tmp/serve-a.err")" \
	1 "node a logs the outage once"
contains "$tmp/serve-a.err" "counting in this node's memory" "and says what it does"

# The store answers again: after a few seconds left alone (RATE_STORE_RETRY
# in src/server/auth.c) the nodes share the buckets again, and say so.
db_sql "$db" "CREATE TABLE rate_buckets(class TEXT NOT NULL, key BYTEA NOT NULL,
	tat DOUBLE PRECISION NOT NULL, granted BOOLEAN NOT NULL, PRIMARY KEY(class, key))" >/dev/null
signin b 192.0.2.101 && equal "$code" 403 "just after the outage, on node b"
equal "$(db_sql "$db" "SELECT count(*) FROM rate_buckets")" 0 \
	"node b, whose take failed a moment ago, leaves the store alone for now"
sleep 5.5
signin a 192.0.2.100 && equal "$code" 403 "after the outage, on node a"
contains "$tmp/serve-a.err" "rate limits: shared through the database again" "node a says the buckets are shared again"
equal "$(db_sql "$db" "SELECT count(*) FROM rate_buckets")" 1 "the attempt is in the store's buckets"

finish
