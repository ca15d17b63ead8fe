#!/usr/bin/env bash
# tests/pg/cluster.sh: throwaway PostgreSQL 15 clusters for the tests.
# A bash library to source, and a command line (same functions).  See
# tests/pg/README.md for how a test gets a database.
#
# Each cluster lives in one folder of its own (mktemp -d under $TMPDIR or
# /tmp, owned by `postgres` when we are root, since initdb refuses root):
#   DIR/data        the data directory (initdb, or pg_basebackup -R)
#   DIR/sock        its Unix socket; listen_addresses = '' (no TCP at all)
#   DIR/log         the server log;  DIR/port  its port number
# so two copies of the suite never share a socket, a lock file or a data
# directory, whatever ports they pick.  Debian's own cluster "15/main"
# (/var/run/postgresql, port 5432), when its package started one, is
# neither used nor touched.  Settings are for tests, never for data that
# matters: fsync = off, synchronous_commit = off, trust authentication on
# the socket, superuser `postgres`, UTF-8 with the C.UTF-8 locale.
#
# Library (source it; every function returns non-zero with a message on
# stderr when it fails):
#   pg_cluster_available        0 when PostgreSQL 15 is installed here
#   pg_cluster_start [DIR]      a primary with database "microcred"; sets
#                               PG_CLUSTER_DIR and PG_CLUSTER_URL
#   pg_cluster_standby PRIMARYDIR [DIR]
#                               a streaming hot standby of PRIMARYDIR
#                               (pg_basebackup -R); sets the same two
#   pg_cluster_wait_replay PRIMARYDIR STANDBYDIR [SECONDS]
#                               wait until the standby has replayed all
#                               the primary has committed (default 30 s)
#   pg_cluster_url DIR [DBNAME] the libpq URL of a cluster's database:
#                               postgresql:///DB?host=DIR/sock&port=N&user=postgres
#   pg_cluster_stop DIR         stop the cluster (fast) and remove DIR
#   pg_cluster_cleanup          stop every cluster this shell started,
#                               standbys first: `trap pg_cluster_cleanup EXIT`
#   pg_test_db [URL]            create database t_<random> on the cluster of
#                               URL (default $MICROCRED_TEST_PG); print its URL
#   pg_test_db_drop URL         drop that database again
#   pg_psql URL [PSQL ARGS]     psql -X -At -v ON_ERROR_STOP=1 on URL
#
# Nothing is left behind: callers trap pg_cluster_cleanup, and besides,
# each cluster has a watchdog (its own session, so it outlives a killed
# test) that stops it and removes its folder once the process that
# started it is gone: $PG_CLUSTER_OWNER when set, else the sourcing
# shell ($$).  The command line starts no watchdog unless
# PG_CLUSTER_OWNER is set, as its clusters outlive it by design.
#
# Command line:
#   tests/pg/cluster.sh start [DIR]              prints export lines:
#       eval "$(tests/pg/cluster.sh start)"      sets PG_CLUSTER_DIR,
#                                                MICROCRED_TEST_PG
#   tests/pg/cluster.sh standby PRIMARYDIR [DIR] same, for the standby
#   tests/pg/cluster.sh wait PRIMARYDIR STANDBYDIR [SECONDS]
#   tests/pg/cluster.sh test-db [URL]            prints a fresh database's URL
#   tests/pg/cluster.sh available                exit 0, or 1 saying why not
#   tests/pg/cluster.sh stop DIR
#
# MC_PG_BIN names another PostgreSQL's bin folder (default Debian 12's
# /usr/lib/postgresql/15/bin).

# PG_CLUSTER_DIR and PG_CLUSTER_URL are set for the caller.
# shellcheck disable=SC2034
PG_BIN=${MC_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_CLUSTER_USER=postgres
_pg_self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
_pg_started=()  # folders this shell started, oldest first
_pg_owner=${PG_CLUSTER_OWNER:-$$}

_pg_err() { echo "tests/pg/cluster.sh: $*" >&2; }

# pg_cluster_available: 0 when the server binaries and (as root) the
# postgres user are here; otherwise 1 and the reason on stderr.
pg_cluster_available() {
	if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
		_pg_err "PostgreSQL 15 is not installed: no $PG_BIN/initdb" \
			"(scripts/deps test installs postgresql-15)"
		return 1
	fi
	if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		_pg_err "running as root and there is no postgres user to run initdb as"
		return 1
	fi
}

# _pg_in DIR COMMAND...: run COMMAND in DIR as the cluster's owner
# (postgres when we are root), without the caller's libpq variables
# (PGHOST, PGPORT, PGDATABASE ...), which would otherwise redirect it.
_pg_in() {
	local dir=$1
	shift
	local unset=() v
	for v in $(compgen -e); do
		case $v in PG[A-Z]*) unset+=(-u "$v") ;; esac
	done
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$dir" && env "${unset[@]}" runuser -u postgres -- "$@")
	else
		(cd "$dir" && env "${unset[@]}" "$@")
	fi
}

# _pg_folder [DIR]: make the cluster's folder (DIR, which must be absent or
# empty, else a fresh mktemp -d) owned by the cluster's owner; print its
# absolute path.  Refuses paths the socket cannot live under (length, or
# characters a libpq URL would have to escape).
_pg_folder() {
	local dir=${1:-}
	if [ -z "$dir" ]; then
		dir=$(mktemp -d "${TMPDIR:-/tmp}/mc-pg.XXXXXX") || return 1
	else
		mkdir -p "$dir" || return 1
		if [ -n "$(ls -A "$dir")" ]; then
			_pg_err "$dir: not empty; a cluster needs a folder of its own"
			return 1
		fi
	fi
	dir=$(cd "$dir" && pwd -P) || return 1
	case $dir in
	*[!A-Za-z0-9/._+-]*)
		_pg_err "$dir: only letters, digits and / . _ + - are allowed" \
			"(the path goes into a URL unescaped)"
		rmdir "$dir"
		return 1
		;;
	esac
	# sockaddr_un holds 107 bytes: DIR/sock/.s.PGSQL.NNNNN must fit.
	if [ $((${#dir} + 20)) -gt 107 ]; then
		_pg_err "$dir: too long for a Unix socket path (set TMPDIR=/tmp)"
		rmdir "$dir"
		return 1
	fi
	chmod 0700 "$dir" || return 1
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir" || return 1
		if ! runuser -u postgres -- test -w "$dir"; then
			_pg_err "$dir: the postgres user cannot reach it; every folder" \
				"above it must be searchable by postgres (as under /tmp)"
			rm -rf "$dir"
			return 1
		fi
	fi
	echo "$dir"
}

# _pg_port: a port number for the socket's name.  No TCP is opened and
# the socket is in the cluster's own folder, so a collision is harmless;
# a random one still keeps two copies' log lines apart.
_pg_port() {
	echo $((20000 + (RANDOM * 32768 + RANDOM) % 40000))
}

# _pg_conf DIR PORT: the settings of a test cluster, appended to its
# postgresql.conf (a later line wins over an earlier one).
_pg_conf() {
	cat >>"$1/data/postgresql.conf" <<EOF

# tests/pg/cluster.sh: a throwaway test cluster.
listen_addresses = ''
port = $2
unix_socket_directories = '$1/sock'
fsync = off
synchronous_commit = off
wal_level = replica
max_wal_senders = 10
hot_standby = on
max_connections = 200
EOF
	echo "$2" >"$1/port"
}

# _pg_launch DIR: pg_ctl start, waiting until connections are accepted;
# prints the log's end when the server does not come up.
_pg_launch() {
	local dir=$1
	if ! _pg_in "$dir" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
		start >"$dir/pg_ctl.out" 2>&1; then
		_pg_err "PostgreSQL did not start in $dir:"
		tail -n 20 "$dir/pg_ctl.out" "$dir/log" 2>/dev/null | sed 's/^/  /' >&2
		return 1
	fi
	rm -f "$dir/pg_ctl.out"
}

# _pg_guard DIR: remember DIR for pg_cluster_cleanup and start its
# watchdog (unless the command line runs without PG_CLUSTER_OWNER).
_pg_guard() {
	_pg_started+=("$1")
	[ -n "$_pg_owner" ] || return 0
	setsid bash "$_pg_self" _watch "$1" "$_pg_owner" </dev/null >/dev/null 2>&1 &
}

# _pg_watch DIR OWNERPID: the watchdog; stops the cluster when OWNERPID
# has gone and DIR is still there.  Exits quietly once DIR is removed.
_pg_watch() {
	echo $$ >"$1/watchdog.pid" 2>/dev/null || exit 0
	while [ -d "$1" ] && kill -0 "$2" 2>/dev/null; do
		sleep 1
	done
	[ -d "$1" ] || exit 0
	rm -f "$1/watchdog.pid"
	pg_cluster_stop "$1"
}

# pg_cluster_start [DIR]: initdb, configure and start a primary in DIR
# (absent or empty; default a fresh mktemp -d), create database
# "microcred".  Sets PG_CLUSTER_DIR and PG_CLUSTER_URL (that database).
# On failure nothing is left: the folder is removed.
pg_cluster_start() {
	local dir
	pg_cluster_available || return 1
	dir=$(_pg_folder "${1:-}") || return 1
	_pg_guard "$dir"
	if ! _pg_in "$dir" mkdir -m 0700 "$dir/sock" ||
		! _pg_in "$dir" "$PG_BIN/initdb" -D "$dir/data" -U "$PG_CLUSTER_USER" \
			--auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync \
			>"$dir/initdb.log" 2>&1; then
		_pg_err "initdb failed in $dir:"
		tail -n 20 "$dir/initdb.log" 2>/dev/null | sed 's/^/  /' >&2
		pg_cluster_stop "$dir"
		return 1
	fi
	rm -f "$dir/initdb.log"
	_pg_conf "$dir" "$(_pg_port)"
	printf '%s\n' 'local all all trust' 'local replication all trust' \
		>"$dir/data/pg_hba.conf"
	if ! _pg_launch "$dir" ||
		! pg_psql "$(pg_cluster_url "$dir" postgres)" -c 'CREATE DATABASE microcred' >/dev/null; then
		pg_cluster_stop "$dir"
		return 1
	fi
	PG_CLUSTER_DIR=$dir
	PG_CLUSTER_URL=$(pg_cluster_url "$dir")
}

# pg_cluster_standby PRIMARYDIR [DIR]: a hot standby streaming from the
# primary in PRIMARYDIR, made with pg_basebackup -R (which writes
# primary_conninfo and standby.signal), on its own socket in DIR.  Sets
# PG_CLUSTER_DIR and PG_CLUSTER_URL as pg_cluster_start does.
pg_cluster_standby() {
	local primary=${1:?pg_cluster_standby PRIMARYDIR [DIR]} dir
	if [ ! -s "$primary/port" ]; then
		_pg_err "$primary: not a cluster folder of tests/pg/cluster.sh"
		return 1
	fi
	pg_cluster_available || return 1
	dir=$(_pg_folder "${2:-}") || return 1
	_pg_guard "$dir"
	if ! _pg_in "$dir" mkdir -m 0700 "$dir/sock" ||
		! _pg_in "$dir" "$PG_BIN/pg_basebackup" -D "$dir/data" -R -X stream \
			--checkpoint=fast --no-sync -h "$primary/sock" \
			-p "$(cat "$primary/port")" -U "$PG_CLUSTER_USER" \
			>"$dir/basebackup.log" 2>&1; then
		_pg_err "pg_basebackup from $primary failed:"
		tail -n 20 "$dir/basebackup.log" 2>/dev/null | sed 's/^/  /' >&2
		pg_cluster_stop "$dir"
		return 1
	fi
	rm -f "$dir/basebackup.log"
	_pg_conf "$dir" "$(_pg_port)"
	if ! _pg_launch "$dir"; then
		pg_cluster_stop "$dir"
		return 1
	fi
	PG_CLUSTER_DIR=$dir
	PG_CLUSTER_URL=$(pg_cluster_url "$dir")
}

# pg_cluster_wait_replay PRIMARYDIR STANDBYDIR [SECONDS]: return once the
# standby's pg_last_wal_replay_lsn() has reached the end of the WAL the
# primary had on entry, so every transaction committed before the call
# is visible on the standby; 1 after SECONDS (default 30).  The primary's
# end is pg_current_wal_insert_lsn(), not pg_current_wal_lsn(): with
# synchronous_commit = off a commit returns before its WAL is written,
# and the write position can still be short of it.
pg_cluster_wait_replay() {
	local primary=$1 standby=$2 secs=${3:-30} lsn got end
	lsn=$(pg_psql "$(pg_cluster_url "$primary" postgres)" \
		-c 'SELECT pg_current_wal_insert_lsn()') || return 1
	end=$((SECONDS + secs))
	while :; do
		got=$(pg_psql "$(pg_cluster_url "$standby" postgres)" \
			-c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn") || return 1
		[ "$got" = t ] && return 0
		if [ "$SECONDS" -ge "$end" ]; then
			_pg_err "the standby in $standby has not replayed up to $lsn" \
				"after ${secs}s (at $(pg_psql "$(pg_cluster_url "$standby" postgres)" \
					-c 'SELECT pg_last_wal_replay_lsn()'))"
			return 1
		fi
		sleep 0.05
	done
}

# pg_cluster_url DIR [DBNAME]: the libpq URL of database DBNAME (default
# microcred) of the cluster in DIR.
pg_cluster_url() {
	local port
	port=$(cat "$1/port") || return 1
	echo "postgresql:///${2:-microcred}?host=$1/sock&port=$port&user=$PG_CLUSTER_USER"
}

# pg_cluster_stop DIR: stop the cluster in DIR (fast shutdown, then
# immediate if that fails), its watchdog, and remove DIR.  Safe to call
# twice, and on a half-made folder.
pg_cluster_stop() {
	local dir=${1:?pg_cluster_stop DIR} pid i
	# Written for `set -e` callers too (an EXIT trap): nothing here may
	# fail out of the function.
	pid=$(cat "$dir/watchdog.pid" 2>/dev/null) || pid=
	if [ -n "$pid" ] && [ "$pid" != "$$" ]; then
		# The watchdog leads its own process group (setsid): it and its sleep.
		kill -- "-$pid" 2>/dev/null || true
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		_pg_in "$dir" "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop \
			>/dev/null 2>&1 ||
			_pg_in "$dir" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 \
				stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir" || true
	for i in "${!_pg_started[@]}"; do
		if [ "${_pg_started[$i]}" = "$dir" ]; then unset '_pg_started[i]'; fi
	done
	return 0
}

# pg_cluster_cleanup: stop every cluster this shell started and has not
# stopped, newest first (so a standby goes before its primary).
pg_cluster_cleanup() {
	local i dirs=("${_pg_started[@]}")
	for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
		pg_cluster_stop "${dirs[$i]}"
	done
}

# pg_psql URL [PSQL ARGS...]: psql without ~/.psqlrc, unaligned tuples
# only, stopping at the first error (message on stderr; exit 1 for an
# error in a -c command, 3 in a script, 2 when the connection fails).
pg_psql() {
	local url=$1
	shift
	"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$url" "$@"
}

# _pg_with_db URL DBNAME: URL naming database DBNAME instead.
_pg_with_db() {
	case $1 in
	postgres://*/* | postgresql://*/*) ;;
	*)
		_pg_err "$1: not a postgresql:// URL with a database path"
		return 1
		;;
	esac
	# Keep scheme://authority/, swap the path up to '?' (or the end).
	echo "$1" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\\1$2#"
}

# pg_test_db [URL]: create a fresh, empty database t_<random> on the
# cluster of URL (default $MICROCRED_TEST_PG) and print its URL.  Each
# test makes its own, so tests and copies of the suite never share one.
pg_test_db() {
	local url=${1:-${MICROCRED_TEST_PG:-}} name
	if [ -z "$url" ]; then
		_pg_err "pg_test_db: no URL and MICROCRED_TEST_PG is not set"
		return 1
	fi
	name=t_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	# FILE_COPY: half the time of the default WAL_LOG for a small template.
	pg_psql "$url" -c "CREATE DATABASE $name STRATEGY = FILE_COPY" >/dev/null ||
		return 1
	_pg_with_db "$url" "$name"
}

# pg_test_db_drop URL: drop the database URL names (connections to it
# are ended first).
pg_test_db_drop() {
	local name
	name=$(pg_psql "$1" -c 'SELECT current_database()') || return 1
	pg_psql "$(_pg_with_db "$1" postgres)" \
		-c "DROP DATABASE \"$name\" WITH (FORCE)" >/dev/null
}

# _pg_exports DIR: the export lines the command line prints.
_pg_exports() {
	printf "export PG_CLUSTER_DIR='%s'\n" "$1"
	printf "export MICROCRED_TEST_PG='%s'\n" "$(pg_cluster_url "$1")"
}

_pg_usage() {
	echo "usage: tests/pg/cluster.sh start [DIR] | standby PRIMARYDIR [DIR]" \
		"| wait PRIMARYDIR STANDBYDIR [SECONDS] | test-db [URL] | stop DIR" \
		"| available" >&2
	exit 2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -uo pipefail
	# The command line's clusters outlive it: a watchdog only on request.
	_pg_owner=${PG_CLUSTER_OWNER:-}
	case ${1:-} in
	start)
		pg_cluster_start "${2:-}" || exit 1
		_pg_exports "$PG_CLUSTER_DIR"
		;;
	standby)
		[ $# -ge 2 ] || _pg_usage
		pg_cluster_standby "$2" "${3:-}" || exit 1
		_pg_exports "$PG_CLUSTER_DIR"
		;;
	wait)
		[ $# -ge 3 ] || _pg_usage
		pg_cluster_wait_replay "$2" "$3" "${4:-30}" || exit 1
		;;
	available) pg_cluster_available || exit 1 ;;
	test-db) pg_test_db "${2:-}" || exit 1 ;;
	stop)
		[ $# -ge 2 ] || _pg_usage
		pg_cluster_stop "$2"
		;;
	_watch) _pg_watch "$2" "$3" ;;
	*) _pg_usage ;;
	esac
fi
