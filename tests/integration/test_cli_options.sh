#!/usr/bin/env bash
# Every command's options are declared once (src/cli: a cli_option table)
# and both its parser and its --help come from there.  For every command
# `microcred --help` lists: its --help must list each option the parser
# takes, as a flag or with a value as the parser does, and nothing the
# parser refuses; and a bad option (unknown, missing its value, a value
# given to a flag, given twice) must be refused with exit 2, a message
# naming the option and the usage on stderr.
#
# The parser is probed from outside: `CMD --NAME=x --zz-no-such-option`
# never runs the command, and its error says whether --NAME is unknown
# (the first error), a flag ("takes no value") or takes a value (the
# error is then about --zz-no-such-option).
. "$(dirname "$0")/lib.sh"

src=${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# No probe may get as far as opening a database; if one did, it is this.
export MICROCRED_DB="$tmp/never.db"
bogus=zz-no-such-option

# probe NAME CMD...: how CMD's parser takes --NAME: unknown, flag, value,
# or "other: MESSAGE".
probe() {
	local name=$1
	shift
	"$mc" "$@" "--$name=x" "--$bogus" </dev/null >/dev/null 2>"$tmp/probe"
	if grep -qE "unknown option '--$name(=|')" "$tmp/probe"; then
		echo unknown
	elif grep -qF -- "--$name takes no value" "$tmp/probe"; then
		echo flag
	elif grep -qF "unknown option '--$bogus" "$tmp/probe"; then
		echo value
	else
		echo "other: $(head -1 "$tmp/probe")"
	fi
}

# rows FILE: "NAME METAVAR" (METAVAR empty for a flag) for each option
# row of a help text: two spaces, --NAME, optionally one space and a
# placeholder, then two spaces or the end of the line.
rows() {
	sed -nE 's/^  --([a-z0-9][a-z0-9-]*)( ([^ ]+))?(  .*)?$/\1 \3/p' "$1"
}

expect 0 "microcred --help" -- "$mc" --help
cp "$tmp/out" "$tmp/main-help"
sed -n '/^Commands:$/,/^$/p' "$tmp/main-help" | sed -nE 's/^  (.*[^ ])  +.*$/\1/p' >"$tmp/commands"
globals=$(rows "$tmp/main-help" | cut -d' ' -f1 | tr '\n' ' ')
ncommands=$(wc -l <"$tmp/commands")
[ "$ncommands" -gt 50 ] && ok || fail "only $ncommands commands in microcred --help"
case " $globals " in *" db "*) ok ;; *) fail "--db not among the global options: $globals" ;; esac

# The texts that show the options in use, for the names a parser might
# take without its help saying so.
usage_texts=("$src"/tests/integration/*.sh "$src"/tests/interop/*.sh "$src"/docs/*.md "$src"/README.md "$src"/scripts/demo)

while IFS= read -r cmd; do
	read -ra words <<<"$cmd"
	"$mc" "${words[@]}" --help </dev/null >"$tmp/help" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$tmp/help" ]; then
		fail "$cmd --help: exit $rc"
		continue
	fi
	ok
	rows "$tmp/help" >"$tmp/rows"
	listed=" $(cut -d' ' -f1 "$tmp/rows" | tr '\n' ' ') "

	# (a) Each option the help lists is one the parser takes, as listed.
	while read -r name metavar; do
		got=$(probe "$name" "${words[@]}")
		want=$([ -n "$metavar" ] && echo value || echo flag)
		if [ "$got" = "$want" ]; then ok; else
			fail "$cmd --help lists --$name${metavar:+ $metavar} but the parser says: $got"
		fi
	done <"$tmp/rows"

	# Option rows fit in 80 columns.
	long=$(sed -n '/^Options:$/,/^$/p' "$tmp/help" | awk 'length > 79' | head -1)
	[ -z "$long" ] && ok || fail "$cmd --help: line wider than 79 columns: $long"

	# Every --name the help mentions (usage line, notes) is one of its
	# options, a global option or --help.
	for name in $(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/help" | sed 's/^--//' | sort -u); do
		case "$listed $globals help " in
		*" $name "*) ok ;;
		*) fail "$cmd --help mentions --$name, which it does not list as an option" ;;
		esac
	done

	# The usage line's placeholder for an option is the table's.
	usage_line=$(head -1 "$tmp/help")
	while read -r name metavar; do
		[ -n "$metavar" ] || continue
		shown=$(grep -oE -- "--$name [^] [)]+" <<<"$usage_line" | head -1 | cut -d' ' -f2)
		if [ -z "$shown" ] || [ "$shown" = "$metavar" ]; then ok; else
			fail "$cmd: usage says --$name $shown, the options say --$name $metavar"
		fi
	done <"$tmp/rows"

	# (a) The parser takes nothing the help leaves out: every --name used
	# with this command in the tests, docs and scripts, or named in its
	# help, is listed or refused as unknown.
	candidates=$( { grep -hF -- "$cmd " "${usage_texts[@]}" 2>/dev/null; cat "$tmp/help"; } |
		grep -oE -- '--[a-z][a-z0-9-]*[a-z0-9]' | sed 's/^--//' | sort -u)
	for name in $candidates; do
		case "$listed help " in *" $name "*) continue ;; esac
		got=$(probe "$name" "${words[@]}")
		if [ "$got" = unknown ]; then ok; else
			fail "$cmd accepts --$name ($got) but its --help does not list it"
		fi
	done

	# (b) A bad option is refused, named, with the usage on stderr.
	expect 2 "$cmd --$bogus" -- "$mc" "${words[@]}" "--$bogus"
	contains "$tmp/err" "unknown option '--$bogus'" "$cmd names the unknown option"
	contains "$tmp/err" "usage: microcred" "$cmd: usage after an unknown option"
	[ -s "$tmp/out" ] && fail "$cmd --$bogus wrote to stdout" || ok
	# The parser does the same for every option: check the first option
	# with a value and the first flag.
	{
		grep -m1 ' .' "$tmp/rows"
		grep -m1 ' $' "$tmp/rows"
	} >"$tmp/some"
	while read -r name metavar; do
		if [ -n "$metavar" ]; then
			expect 2 "$cmd --$name without a value" -- "$mc" "${words[@]}" "--$name"
			contains "$tmp/err" "--$name needs a value" "$cmd names the option missing its value"
			twice=("--$name=x" "--$name" y)
		else
			twice=("--$name" "--$name")
		fi
		expect 2 "$cmd --$name twice" -- "$mc" "${words[@]}" "${twice[@]}" "--$bogus"
		contains "$tmp/err" "--$name given more than once" "$cmd names the repeated option"
		contains "$tmp/err" "usage: microcred" "$cmd: usage after a repeated option"
	done <"$tmp/some"
done <"$tmp/commands"

# The global options, before the command.
expect 2 "global --$bogus" -- "$mc" "--$bogus" demo
contains "$tmp/err" "unknown option '--$bogus'" "names the unknown global option"
contains "$tmp/err" "usage: microcred" "usage after an unknown global option"
expect 2 "--db without a value" -- "$mc" --db
contains "$tmp/err" "--db" "names --db"
expect 2 "--db twice" -- "$mc" --db "$tmp/a.db" --db "$tmp/b.db" "--$bogus" demo
contains "$tmp/err" "--db given more than once" "names the repeated --db"
expect 2 "--version with a value" -- "$mc" --version=1
contains "$tmp/err" "--version takes no value" "names the flag given a value"
[ -e "$tmp/never.db" ] && fail "a probe opened the database" || ok

finish
