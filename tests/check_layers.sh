#!/usr/bin/env bash
# The library's layers hold: a file of src/lib/FOLDER/ includes headers of
# its own folder and of the folders its README.md lists after "May
# include:", and (given the object files) calls only functions defined in
# those folders.  A call or include upward is named with the file, the
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
fi

if [ $fail -ne 0 ]; then
	echo "FAIL: the library's layers (src/lib/*/README.md)"
	exit 1
fi
echo "ok: every include and call of src/lib stays in its layer"
