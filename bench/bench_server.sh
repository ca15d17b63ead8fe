#!/usr/bin/env bash
# bench_server: the HTTP server under load, each figure beside a baseline
# measured in the same run against the same server process.
#
# Two servers on the same demo catalogue, one after the other:
#
# 1. the response cache off (cache_bytes = 0): every answer is computed,
#    the miss path.  GET /healthz (the baseline: routing, a tiny JSON body,
#    the thread pool), then
#    - search: GET /api/v1/microcredentials?q=зварювання&facets=1, one URL;
#    - search, varied: distinct searches with facets, one per word of the
#      catalogue's titles (bench/paths.lua cycles through them);
#    - MC page: GET /mc/ua-mag-welding-steel-structures/v1, one URL;
#    - MC page, varied: every /mc/ID/vN of the catalogue in turn;
#    - the same MC page and a catalogue search as HTML, the pages people
#      read (Accept: text/html; GET /?q=...);
#    - verify: POST /credentials/verify of an issued credential
#      (bench/verify.lua), also beside the library's own single-core
#      verification rate per CPU second, the "verify:" line of
#      bench_credentials --quick run in this script.
# 2. the response cache on (the default 8 MiB): /healthz again, then the
#    two single URLs, answered from the cache after the first request (the
#    hit path).
#
# Each is wrk -t2 -c64 -d10s --latency.  Only 2xx answers count as served
# (bench/count.lua counts them in wrk's response(); for verify, only
# reports that say verified): any other answer or socket error makes the
# figure invalid and the script exit 1 at the end.  Rates are compared per
# core: 2xx answers per CPU second of the server process (user + system,
# from /proc/PID/stat, over the load), so a server using both cores is not
# compared with a library using one; the cores it used are printed.  The
# figures: that rate as a ratio of the same server's /healthz rate (target
# >= 0.5x), p99 latency (target < 20 ms), the cache's hit and miss
# counts, and for each server its peak resident memory, VmHWM (target <
# 50 MiB), and its exit status after SIGTERM (must be 0).  Rate limits on
# verification are off (rate_verify = 0).  The database's base URL is
# http://bench-PID.test, which nothing answers.
#
# usage: bench_server.sh [BENCH_CREDENTIALS]
#   MICROCRED          the binary (default: first of build-rel/microcred,
#                      build/microcred in the source tree)
#   BENCH_CREDENTIALS  bench_credentials (default: $1, else the one built
#                      beside $MICROCRED, else build-rel/bench/, build/bench/)
#   WRK_DURATION       wrk's -d (default 10s)
# Needs bash, curl, jq and wrk; says which are missing and exits 77.
# Exits 1 when a load got an answer other than 2xx or a socket error.
# The database is in a temporary directory removed at the end; the server
# logs to /dev/null so that a terminal does not slow it.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
duration=${WRK_DURATION:-10s}
conns=64
wthreads=2
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
# зварювання (welding), percent-encoded.
q='%D0%B7%D0%B2%D0%B0%D1%80%D1%8E%D0%B2%D0%B0%D0%BD%D0%BD%D1%8F'

missing=
for tool in curl jq wrk; do
	command -v $tool >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "bench_server: skipped: missing:$missing (needs bash, curl, jq, wrk)"
	exit 77
fi

mc=${MICROCRED:-}
if [ -z "$mc" ]; then
	for f in "$root/build-rel/microcred" "$root/build/microcred"; do
		[ -x "$f" ] && { mc=$f; break; }
	done
fi
if [ -z "$mc" ] || [ ! -x "$mc" ]; then
	echo "bench_server: no microcred binary: set MICROCRED or build" \
		"build-rel/ or build/" >&2
	exit 2
fi

benchcred=${1:-${BENCH_CREDENTIALS:-}}
if [ -z "$benchcred" ]; then
	for f in "$(dirname "$mc")/bench/bench_credentials" \
		"$root/build-rel/bench/bench_credentials" \
		"$root/build/bench/bench_credentials"; do
		[ -x "$f" ] && { benchcred=$f; break; }
	done
fi

unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
unset MICROCRED_CACHE_BYTES MICROCRED_THREADS
# wrk opens its connections from one address; the per-address limit (64
# by default) is for the open internet, not for a load generator.
export MICROCRED_CONNECTIONS_PER_ADDRESS=0
export MICROCRED_RATE_VERIFY=0
export MICROCRED_ADMIN_EMAIL=admin@example.org
export MICROCRED_ADMIN_PASSWORD=bench-only-password-9
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "bench_server: $*" >&2
	exit 2
}

# run WHAT COMMAND...: run COMMAND quietly; on failure show its stderr.
run() {
	local what=$1
	shift
	if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
		sed 's/^/  stderr: /' "$tmp/err" | head -20 >&2
		die "$what failed"
	fi
}

db="$tmp/bench.db"
run init "$mc" --db "$db" init --base-url "http://bench-$$.test"
run demo "$mc" --db "$db" demo
run "key generate" "$mc" --db "$db" key generate --org $org
run issue "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" \
	--learner-email olena@example.org --lang uk --out "$tmp/cred.json"
jq -c '{verifiableCredential: .}' "$tmp/cred.json" >"$tmp/verify.json" ||
	die "cannot build the verify request"

# The library's own rate first, before the server takes any CPU.
lib_rate=
lib_note="bench_credentials not found (pass its path as \$1 or BENCH_CREDENTIALS)"
if [ -n "$benchcred" ] && [ -x "$benchcred" ]; then
	"$benchcred" --quick >"$tmp/bc.out" 2>"$tmp/bc.err"
	lib_rate=$(sed -n 's/^verify: .* \([0-9][0-9]*\) credentials per CPU second .*/\1/p' \
		"$tmp/bc.out" | head -1)
	if [ -z "$lib_rate" ]; then
		lib_note="no 'verify:' line from $benchcred --quick"
		sed 's/^/  stderr: /' "$tmp/bc.err" | head -5 >&2
	fi
fi

# serve [ENV=VALUE...]: start the server; sets $pid, $url, $sthreads.
serve() {
	rm -f "$tmp/port"
	env "$@" "$mc" --db "$db" serve --port 0 --port-file "$tmp/port" \
		--access-log /dev/null >"$tmp/serve.out" 2>"$tmp/serve.err" &
	pid=$!
	for _ in $(seq 100); do
		[ -s "$tmp/port" ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$tmp/port" ]; then
		sed 's/^/  stderr: /' "$tmp/serve.err" | head -20 >&2
		die "server did not start"
	fi
	url="http://127.0.0.1:$(cat "$tmp/port")"
	sthreads=$(sed -n 's/.*(\([0-9]*\) threads.*/\1/p' "$tmp/serve.out")
}

# halt NAME: print the server's peak memory, stop it with SIGTERM and
# check it exits 0.
halt() {
	local status
	hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' /proc/$pid/status)
	m=$(meets "$hwm" "<" 50)
	[ -n "$m" ] && missed="$missed $1-memory"
	printf 'memory: %s server peak resident (VmHWM) %s MiB (target < 50 MiB)%s\n' \
		"$1" "$hwm" "$m"
	kill -TERM $pid
	for _ in $(seq 50); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $pid 2>/dev/null; then
		kill -KILL $pid
		wait $pid 2>/dev/null
		pid=
		die "server still running 5 s after SIGTERM"
	fi
	wait $pid
	status=$?
	pid=
	printf 'shutdown: %s server, SIGTERM, exit status %d (must be 0)\n' \
		"$1" $status
	[ $status -eq 0 ] || die "server exited $status after SIGTERM"
}

# One request of each kind first: each must answer 200 with what we expect,
# or the load figures would measure errors.
check() {
	local what=$1 path=$2 test=$3 code
	shift 3
	code=$(curl -s -g -o "$tmp/body" -w '%{http_code}' "$@" "$url$path")
	[ "$code" = 200 ] || die "$what: HTTP $code from $path"
	jq -e "$test" "$tmp/body" >/dev/null 2>&1 ||
		die "$what: $path: response fails $test"
}

# cpu_ticks: user + system clock ticks of the server so far.
hz=$(getconf CLK_TCK)
cpu_ticks() {
	awk '{ print $14 + $15 }' /proc/$pid/stat
}

# load NAME PATH [WRK ARGS...]: wrk against PATH with a script that counts
# 2xx answers (bench/get.lua unless ARGS give one with -s); sets rps (2xx
# per second), percpu (2xx per server CPU second), cores (server CPU
# seconds per second), p50 and p99 (ms), and errs (empty, or a note on
# the answers not 2xx and socket errors, which also marks the run invalid).
invalid=
load() {
	local name=$1 path=$2 out="$tmp/wrk.$1" script="$root/bench/get.lua"
	local t0 t1 ok other sockerr secs
	shift 2
	case " $* " in *" -s "*) script= ;; esac
	t0=$(cpu_ticks)
	wrk -t$wthreads -c$conns -d"$duration" --latency ${script:+-s "$script"} \
		"$@" "$url$path" >"$out" 2>&1 ||
		die "$name: wrk failed: $(head -3 "$out")"
	t1=$(cpu_ticks)
	read -r _ _ ok _ other _ sockerr _ secs < <(grep '^mc-count:' "$out")
	[ -n "$secs" ] || die "$name: no mc-count line from wrk's script"
	rps=$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')
	percpu=$(awk -v n="$ok" -v t=$((t1 - t0)) -v hz="$hz" \
		'BEGIN { printf "%.1f", (t > 0 ? n / (t / hz) : 0) }')
	cores=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v s="$secs" \
		'BEGIN { printf "%.2f", t / hz / s }')
	p50=$(ms_of 50% "$out")
	p99=$(ms_of 99% "$out")
	[ -n "$p99" ] || die "$name: cannot read wrk output"
	errs=
	if [ "$other" != 0 ] || [ "$sockerr" != 0 ]; then
		errs=", INVALID: $other answers not 2xx, $sockerr socket errors"
		invalid="$invalid $name"
	fi
}

# ms_of PERCENTILE FILE: that latency percentile of wrk output, in ms.
ms_of() {
	awk -v p="$1" '$1 == p {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		f = -1; if (u == "us") f = 0.001; if (u == "ms") f = 1;
		if (u == "s") f = 1000; if (u == "m") f = 60000;
		printf "%.2f", v * f }' "$2"
}

# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
# meets A OP B: prints "" when A OP B holds, else " MISSED".
meets() {
	awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {
		ok = op == ">=" ? a >= b : a < b; print ok ? "" : " MISSED" }'
}
# cache: "cache hits H, misses M, bypassed B", the cache's counters since
# the last call.
cache_h0=0
cache_m0=0
cache_b0=0
cache() {
	local h m b
	curl -s "$url/healthz?cache=1" >"$tmp/health"
	h=$(jq -r '.cache.hits // 0' "$tmp/health")
	m=$(jq -r '.cache.misses // 0' "$tmp/health")
	b=$(jq -r '.cache.bypass // 0' "$tmp/health")
	printf 'cache hits %s, misses %s, bypassed %s' $((h - cache_h0)) \
		$((m - cache_m0)) $((b - cache_b0))
	cache_h0=$h
	cache_m0=$m
	cache_b0=$b
}
missed=

# bench NAME LABEL PATH [WRK ARGS...]: load, then one line of figures
# against $base, the /healthz rate of the same server.
bench() {
	local name=$1 label=$2 path=$3 r m1 m2 c
	shift 3
	cache >/dev/null
	load "$name" "$path" "$@"
	c=$(cache)
	r=$(ratio "$percpu" "$base")
	m1=$(meets "$r" ">=" 0.5)
	m2=$(meets "$p99" "<" 20)
	[ -n "$m1" ] && missed="$missed $name-rate"
	[ -n "$m2" ] && missed="$missed $name-p99"
	printf '%s: %s %.0f 2xx/s on %s cores, %.0f per server CPU second, ratio %sx healthz (target >= 0.5x)%s, p50 %s ms, p99 %s ms (target < 20 ms)%s; %s%s\n' \
		"$name" "$label" "$rps" "$cores" "$percpu" "$r" "$m1" "$p50" \
		"$p99" "$m2" "$c" "$errs"
}

# healthz NAME: the baseline of this server.
healthz() {
	local m
	load "$1" /healthz
	base=$percpu
	m=$(meets "$p99" "<" 20)
	[ -n "$m" ] && missed="$missed $1-p99"
	printf '%s: GET /healthz %.0f 2xx/s on %s cores, %.0f per server CPU second, p50 %s ms, p99 %s ms (target < 20 ms)%s%s; the baseline\n' \
		"$1" "$rps" "$cores" "$percpu" "$p50" "$p99" "$m" "$errs"
}

searchq="/api/v1/microcredentials?q=$q&facets=1"
mcpath="/mc/$mcid/v1"
htmlq="/?q=$q"

printf 'bench_server: demo catalogue, %s, wrk -t%d -c%d -d%s --latency, %s cores\n' \
	"$mc" $wthreads $conns "$duration" "$(nproc)"

# ---- 1. cache off: every answer computed ----------------------------------

serve MICROCRED_CACHE_BYTES=0
check healthz /healthz '.status == "ok"'
check search "$searchq" '.total >= 1 and (.facets | type) == "object"'
check "MC page" "$mcpath" '.id == "'$mcid'"'
check verify /credentials/verify '.verified == true' -X POST \
	-H 'Content-Type: application/json' --data-binary @"$tmp/verify.json"

# The varied paths: every MC version's URI, and a search with facets for
# each distinct word of 5 letters or more of the titles shown.
curl -s -g "$url/api/v1/microcredentials?status=any&limit=1000" >"$tmp/all" ||
	die "cannot list the catalogue"
jq -r '.hits[] | "/mc/\(.id)/v\(.version)"' "$tmp/all" >"$tmp/mc.paths"
jq -r '[.hits[].title | ascii_downcase | splits("[^\\p{L}]+")
	| select(length >= 5)] | unique | .[]
	| "/api/v1/microcredentials?q=\(@uri)&facets=1"' "$tmp/all" \
	>"$tmp/search.paths"
nmc=$(wc -l <"$tmp/mc.paths")
nsearch=$(wc -l <"$tmp/search.paths")
[ "$nmc" -ge 10 ] && [ "$nsearch" -ge 10 ] ||
	die "too few varied paths ($nmc MCs, $nsearch searches)"

printf 'server 1: response cache off (cache_bytes = 0), %s threads: the miss path\n' \
	"${sthreads:-?}"
healthz healthz
bench search "GET /api/v1/microcredentials?q=зварювання&facets=1" "$searchq"
MC_PATHS="$tmp/search.paths" bench search-varied \
	"GET $nsearch distinct searches with facets" /healthz \
	-s "$root/bench/paths.lua"
bench mc-page "GET $mcpath" "$mcpath"
bench mc-page-html "GET $mcpath, Accept: text/html (the page people read)" \
	"$mcpath" -H 'Accept: text/html'
bench search-html "GET /?q=зварювання (the catalogue page)" "$htmlq"
MC_PATHS="$tmp/mc.paths" bench mc-page-varied "GET $nmc distinct /mc/ID/vN" \
	/healthz -s "$root/bench/paths.lua"

MC_VERIFY_BODY="$tmp/verify.json" load verify /credentials/verify \
	-s "$root/bench/verify.lua"
r=$(ratio "$percpu" "$base")
m2=$(meets "$p99" "<" 20)
[ -n "$m2" ] && missed="$missed verify-p99"
if [ -n "$lib_rate" ]; then
	rl=$(ratio "$percpu" "$lib_rate")
	m1=$(meets "$rl" ">=" 0.5)
	[ -n "$m1" ] && missed="$missed verify-rate"
	lib="library mc_credential_verify $lib_rate per CPU second (bench_credentials --quick), ratio ${rl}x the library per CPU second (target >= 0.5x)$m1"
else
	lib="library comparison not made: $lib_note"
	invalid="$invalid verify-library"
fi
printf 'verify: POST /credentials/verify %.0f verified 2xx/s on %s cores, %.0f per server CPU second (%sx healthz), %s, p50 %s ms, p99 %s ms (target < 20 ms)%s%s\n' \
	"$rps" "$cores" "$percpu" "$r" "$lib" "$p50" "$p99" "$m2" "$errs"
halt "cache-off"

# ---- 2. cache on: the same URL again and again ----------------------------

serve
cache_h0=0
cache_m0=0
cache_b0=0
check "MC page" "$mcpath" '.id == "'$mcid'"'
printf 'server 2: response cache on (default 8 MiB), %s threads: the hit path\n' \
	"${sthreads:-?}"
healthz healthz-2
bench search-cached "GET /api/v1/microcredentials?q=зварювання&facets=1" \
	"$searchq"
bench mc-page-cached "GET $mcpath" "$mcpath"
bench mc-page-html-cached "GET $mcpath, Accept: text/html" "$mcpath" \
	-H 'Accept: text/html'
bench search-html-cached "GET /?q=зварювання" "$htmlq"
halt "cache-on"

if [ -n "$missed" ]; then
	echo "targets missed:$missed"
else
	echo "targets: all met"
fi
if [ -n "$invalid" ]; then
	echo "bench_server: invalid figures (answers not 2xx, socket errors or no library rate):$invalid" >&2
	exit 1
fi
