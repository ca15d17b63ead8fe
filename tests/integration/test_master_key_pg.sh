#!/usr/bin/env bash
# The master key on PostgreSQL, which has no folder to keep a key beside:
# without a setting the first use of the key fails with what to set and no
# key file appears anywhere; with $MICROCRED_MASTER_KEY_FILE two "nodes"
# (two working folders) seal and open with the one key file, another key
# file is refused, and so is a key file group or others may access.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../pg/cluster.sh"
pg_cluster_available 2>"$tmp/why" || skip "$(cat "$tmp/why")"
at_exit pg_cluster_cleanup
base=${MICROCRED_TEST_PG:-}
if [ -z "$base" ]; then # ctest run by hand
	pg_cluster_start || {
		fail "PostgreSQL did not start"
		finish
	}
	base=$PG_CLUSTER_URL
fi
db=$(pg_test_db "$base") || {
	fail "pg_test_db"
	finish
}
org=ua-dniprorudne-lyceum
orgs="$(cd "$(dirname "$0")/../.." && pwd)/data/demo/00-organisations.json"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE

mkdir -p "$tmp/keys" "$tmp/node1" "$tmp/node2"
key="$tmp/keys/master.key"
other="$tmp/keys/other.key"
(
	umask 077
	head -c 32 /dev/urandom >"$key"
	head -c 32 /dev/urandom >"$other"
)

# ---- no setting: nothing made up, a clear error at the first use -------
cd "$tmp/node1" || exit 1
mc_init "$db"
lacks "$tmp/out" "new master key" "init makes no key for PostgreSQL"
expect 0 "org import" -- "$mc" --db "$db" org import "$orgs"
expect 2 "key generate without a master key" -- "$mc" --db "$db" key generate --org $org
contains "$tmp/err" "no master key: set master_key_file or MICROCRED_MASTER_KEY_FILE" "says what to set"
[ -n "$(ls -A "$tmp/node1")" ] && fail "a file appeared in the working folder: $(ls -A "$tmp/node1")" || ok

# ---- one key file for every node --------------------------------------
export MICROCRED_MASTER_KEY_FILE="$key"
expect 0 "key generate (node 1)" -- "$mc" --db "$db" key generate --org $org
expect 0 "test CA (node 1)" -- "$mc" --db "$db" cert create-test-ca
cd "$tmp/node2" || exit 1
expect 0 "test seal (node 2 opens node 1's CA key)" -- "$mc" --db "$db" cert create-test-seal $org
[ -n "$(ls -A "$tmp/node1" "$tmp/node2" | grep -v ':$' | grep .)" ] &&
	fail "a file appeared in a node's folder" || ok

# ---- another key file: refused -----------------------------------------
expect 2 "test seal with another key file" -- env MICROCRED_MASTER_KEY_FILE="$other" \
	"$mc" --db "$db" cert create-test-seal $org
contains "$tmp/err" "test-ca-1" "the sealed key is named"
contains "$tmp/err" "master key" "the master key is blamed"

# ---- a key file group or others may access: refused --------------------
chmod 640 "$key"
expect 2 "key generate with a loose key file" -- "$mc" --db "$db" key generate --org $org
contains "$tmp/err" "$key" "the loose key file is named"
contains "$tmp/err" "mode 0640" "its mode is named"
chmod 600 "$key"

finish
