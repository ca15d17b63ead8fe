# Shared helpers for the integration tests, which drive the real binary.
# Source this file; it sets $mc (the binary), $tmp (a scratch directory
# removed on exit) and defines the checks below.
set -uo pipefail

mc=${MICROCRED:?MICROCRED must name the microcred binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	checks=$((checks + 1))
}

# expect CODE DESCRIPTION -- COMMAND...: run COMMAND, check its exit code;
# stdout goes to $tmp/out and stderr to $tmp/err.
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$what: exit $got, wanted $want ($*)"
		sed 's/^/  stderr: /' "$tmp/err" | head -20 >&2
	else
		ok
	fi
}

# contains FILE TEXT DESCRIPTION: FILE must contain TEXT (fixed string).
contains() {
	if grep -qF -- "$2" "$1"; then ok; else
		fail "$3: '$2' not in $(basename "$1")"
		head -20 "$1" | sed 's/^/  | /' >&2
	fi
}

lacks() {
	if grep -qF -- "$2" "$1"; then
		fail "$3: '$2' unexpectedly in $(basename "$1")"
	else ok; fi
}

# equal A B DESCRIPTION
equal() {
	if [ "$1" = "$2" ]; then ok; else fail "$3: '$1' != '$2'"; fi
}

finish() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}
