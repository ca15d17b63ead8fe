#!/usr/bin/env bash
# The library's layers hold: a file of src/lib/FOLDER/ includes headers of
# its own folder and of the folders its README.md lists after "May
# include:", and (given the object files) calls only functions defined in
# those folders.  The public headers keep types below operations: a types
# header (include/microcred/types.h, types/*.h) includes only types
# headers, and src/lib/store/ reaches no public operations header through
# any include.  A call or include upward is named with the file, the
# folder it reaches and why, and the check fails.
#
# Usage: tests/check_layers.sh SRCDIR [OBJECT.o ...]
#   SRCDIR   the project's root (src/lib/*/README.md are read there)
#   OBJECT   the library's object files (ctest passes mc_objects'), whose
#            path names their folder: .../src/lib/FOLDER/NAME.c.o
set -euo pipefail

src=${1:?usage: check_layers.sh SRCDIR [OBJECT.o ...]}
shift
lib=$src/src/lib
fail=0

# allowed[F] = " F a b c " (its own folder and what its README lists).
declare -A allowed
for readme in "$lib"/*/README.md; do
	folder=$(basename "$(dirname "$readme")")
	line=$(grep -m1 '^May include:' "$readme" || true)
	if [ -z "$line" ]; then
		echo "$readme: no 'May include:' line"
		fail=1
		continue
	fi
	list=${line#May include:}
	list=${list//(nothing of src\/lib)/}
	allowed[$folder]=" $folder $list "
done

# Every source of the library sits in a folder that has a README.
for f in "$lib"/*.c "$lib"/*.h; do
	[ -e "$f" ] || continue
	echo "${f#"$src"/}: a library file outside every layer folder"
	fail=1
done
for dir in "$lib"/*/; do
	folder=$(basename "$dir")
	if [ -z "${allowed[$folder]+x}" ]; then
		echo "src/lib/$folder/: no README.md saying what it may include"
		fail=1
	fi
done

# Includes.
while IFS= read -r file; do
	folder=$(basename "$(dirname "$file")")
	rel=${file#"$src"/}
	while IFS=: read -r lineno header; do
		case $header in
		microcred/*) continue ;;
		*/*)
			target=${header%%/*}
			if [ ! -e "$lib/$header" ]; then
				echo "$rel:$lineno: includes \"$header\", which is no library header"
				fail=1
			elif [[ ${allowed[$folder]:-} != *" $target "* ]]; then
				echo "$rel:$lineno: includes \"$header\": $folder/ may not include $target/ (src/lib/$folder/README.md)"
				fail=1
			fi
			;;
		*)
			if [ ! -e "$(dirname "$file")/$header" ] && [ -e "$lib/$header" ]; then
				echo "$rel:$lineno: includes \"$header\" without its folder"
				fail=1
			fi
			;;
		esac
	done < <(grep -n '^#[[:space:]]*include[[:space:]]*"' "$file" |
		sed 's/^\([0-9]*\):#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1:\2/')
done < <(find "$lib" -mindepth 2 -name '*.[ch]' | sort)

# Public headers: types below operations (include/microcred/types.h).  A
# types header is types.h or types/*.h, or a header that declares nothing
# and only includes types.h (kept for its name, as errors.h); every other
# public header is an operations header.  Types headers include only types
# headers, and the store (src/lib/store/) reaches, through every include
# it follows, only types headers and store.h (its own handle).
src_real=$(realpath "$src")
pub=$src_real/include
store_may_include=" microcred/store.h "

# Set `target` to the file an include names, as the compiler finds it from
# `from`: beside the including file, then in src/lib, then in include/;
# "" if none (a system header).
declare -A resolved
resolve() {
	local dir=${1%/*} header=$2 candidate
	if [ -z "${resolved[$dir:$header]+x}" ]; then
		resolved[$dir:$header]=
		for candidate in "$dir/$header" "$src_real/src/lib/$header" \
			"$pub/$header"; do
			if [ -f "$candidate" ]; then
				resolved[$dir:$header]=$(realpath "$candidate")
				break
			fi
		done
	fi
	target=${resolved[$dir:$header]}
}

# The includes of a file, one "LINE:HEADER" per line ("..." and <...>).
includes_of() {
	grep -n '^#[[:space:]]*include[[:space:]]*["<]' "$1" |
		sed 's/^\([0-9]*\):#[[:space:]]*include[[:space:]]*["<]\([^">]*\)[">].*/\1:\2/'
}

# Whether the file $1 (a real path) is a types header.
declare -A types_header
is_types_header() {
	local rel=${1#"$pub"/}
	case $rel in
	microcred/types.h | microcred/types/*.h) return 0 ;;
	microcred/*.h) ;;
	*) return 1 ;;
	esac
	# Declares nothing: without comments, its guard and `#include
	# "types.h"`, nothing is left.
	if [ -z "${types_header[$1]+x}" ]; then
		types_header[$1]=$(perl -0777 -pe 's{/\*.*?\*/}{}gs' "$1" |
			grep -c -v -e '^[[:space:]]*$' -e '^#[[:space:]]*ifndef ' \
				-e '^#[[:space:]]*define [A-Z_]*_H[[:space:]]*$' \
				-e '^#[[:space:]]*endif' \
				-e '^#[[:space:]]*include "types.h"' || true)
	fi
	[ "${types_header[$1]}" = 0 ]
}

for file in "$pub"/microcred/types.h "$pub"/microcred/types/*.h; do
	[ -e "$file" ] || continue
	while IFS=: read -r lineno header; do
		resolve "$file" "$header"
		[ -n "$target" ] || continue # a system header
		if ! is_types_header "$target"; then
			echo "${file#"$src_real"/}:$lineno: includes \"$header\": a types header includes only types headers"
			fail=1
		fi
	done < <(includes_of "$file")
done

# Walk the includes of every store file, each header once; `via` is the
# chain that reached it.
declare -A store_seen
check_store_includes() {
	local file=$1 via=$2 lineno header target rel
	while IFS=: read -r lineno header; do
		resolve "$file" "$header"
		[ -n "$target" ] || continue
		rel=${target#"$pub"/}
		if [ "$rel" != "$target" ] &&
			[[ $store_may_include != *" $rel "* ]] &&
			! is_types_header "$target"; then
			echo "$via${file#"$src_real"/}:$lineno: includes \"$header\", an operations header: src/lib/store/ includes only the types (include/microcred/types.h) and microcred/store.h"
			fail=1
			continue
		fi
		[ -z "${store_seen[$target]+x}" ] || continue
		store_seen[$target]=1
		check_store_includes "$target" "$via${file#"$src_real"/}:$lineno -> "
	done < <(includes_of "$file")
}
while IFS= read -r file; do
	[ -z "${store_seen[$file]+x}" ] || continue
	store_seen[$file]=1
	check_store_includes "$file" ""
done < <(find "$src_real/src/lib/store" -name '*.[ch]' | sort)

# Calls: which folder defines each global symbol, and who uses it.
if [ $# -gt 0 ]; then
	defs=$(mktemp)
	uses=$(mktemp)
	trap 'rm -f "$defs" "$uses"' EXIT
	for obj in "$@"; do
		case $obj in
		*/src/lib/*/*.o) ;;
		*) continue ;; # generated sources (the demo catalogue)
		esac
		folder=${obj%/*}
		folder=${folder##*/}
		name=${obj##*/}
		nm --defined-only -g --format=posix "$obj" |
			awk -v f="$folder" '{ print $1, f }' >>"$defs"
		nm -u --format=posix "$obj" |
			awk -v f="$folder" -v n="$folder/${name%.o}" '{ print $1, f, n }' >>"$uses"
	done
	while read -r user_folder user file_symbols; do
		echo "src/lib/$user calls up into $user_folder: $file_symbols"
		fail=1
	done < <(awk -v allow="$(for k in "${!allowed[@]}"; do printf '%s=%s;' "$k" "${allowed[$k]}"; done)" '
		BEGIN {
			n = split(allow, parts, ";")
			for (i = 1; i <= n; i++) {
				if (parts[i] == "") continue
				eq = index(parts[i], "=")
				ok[substr(parts[i], 1, eq - 1)] = substr(parts[i], eq + 1)
			}
		}
		NR == FNR { where[$1] = $2; next }
		($1 in where) {
			g = where[$1]
			if (index(ok[$2], " " g " ") == 0)
				bad[g " " $3] = bad[g " " $3] " " $1
		}
		END { for (k in bad) print k bad[k] }' "$defs" "$uses" | sort)

	# A types header declares only functions the store may call: defined
	# in a folder src/lib/store/README.md lists (util, json, model).
	while read -r file name folder; do
		[[ ${allowed[store]:-} == *" $folder "* ]] && continue
		where=nowhere
		[ "$folder" = - ] || where="in src/lib/$folder/"
		echo "$file: declares $name(), defined $where: a types header declares only functions the store may call (src/lib/store/README.md)"
		fail=1
	done < <(for file in "$pub"/microcred/types.h "$pub"/microcred/types/*.h; do
		[ -e "$file" ] || continue
		perl -0777 -pe 's{/\*.*?\*/}{}gs' "$file" |
			grep -oE '\bmc_[a-z0-9_]+[[:space:]]*\(' | tr -d ' \t(' |
			sort -u | sed "s|^|${file#"$src_real"/} |" || true
	done | awk 'NR == FNR { where[$1] = $2; next }
		{ print $1, $2, ($2 in where) ? where[$2] : "-" }' "$defs" -)
fi

if [ $fail -ne 0 ]; then
	echo "FAIL: the library's layers (src/lib/*/README.md)"
	exit 1
fi
echo "ok: every include and call of src/lib stays in its layer"
