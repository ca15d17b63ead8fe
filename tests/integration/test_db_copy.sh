#!/usr/bin/env bash
# microcred db copy: a platform from SQLite to PostgreSQL and back to a
# new SQLite file, every table's count and hash equal on all three, the
# data tables' rows equal in sqlite3's own dumps, credentials verifying and
# search answering the same on the copies; a non-empty target refused and
# left as it was; a row changed on the target behind the copy's back (a
# trigger, on SQLite and on PostgreSQL) caught and rolled back; a table,
# a column or a schema version the copy does not know refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../pg/cluster.sh"
pg_cluster_available 2>"$tmp/why" || skip "$(cat "$tmp/why")"
command -v sqlite3 >/dev/null || skip "sqlite3 (the command) is not installed"
at_exit pg_cluster_cleanup
base=${MICROCRED_TEST_PG:-}
if [ -z "$base" ]; then # ctest run by hand
	pg_cluster_start || {
		fail "PostgreSQL did not start"
		finish
	}
	base=$PG_CLUSTER_URL
fi
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DB
a="$tmp/a.db" c="$tmp/c.db"
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum

# ---- a platform on SQLite -------------------------------------------------
mc_init "$a"
# ESCO first: an MC's search text holds the labels of its ESCO skills, so
# MCs indexed before an import have older texts than the copy rebuilds.
esco=${MC_SOURCE_DIR:-$(dirname "$0")/../..}/../shared/fixtures/esco
if [ -f "$esco/transversalSkillsCollection_en.csv" ]; then
	expect 0 "esco import" -- "$mc" --db "$a" esco import "$esco/transversalSkillsCollection_en.csv"
else
	skip_part "no ESCO fixture at $esco: ESCO rows not copied"
fi
expect 0 "demo" -- "$mc" --db "$a" demo
# The master key, which is not in the database: the copies use this file.
key="$a.key"
[ -f "$key" ] || key=${MICROCRED_MASTER_KEY_FILE:-$tmp/master.key}
expect 0 "key" -- "$mc" --db "$a" key generate --org $org
expect 0 "p256 key" -- "$mc" --db "$a" key generate --org $org --type p256
expect 0 "issue ob3" -- "$mc" --db "$a" issue --mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org --out "$tmp/ob3.json"
expect 0 "issue vc-jwt" -- "$mc" --db "$a" issue --mc $mcid --learner-name "Test JWT" --learner-id UA-JWT --format vc-jwt --alg ES256 --out "$tmp/jwt.jwt"
expect 0 "issue to revoke" -- "$mc" --db "$a" issue --mc $mcid --learner-name "Revoked One" --learner-email r@example.org --out "$tmp/rev.json"
expect 0 "revoke" -- "$mc" --db "$a" revoke "$(jq -r .id "$tmp/rev.json")" --reason "assessment found invalid"
printf 'a good long password\n' >"$tmp/pw"
expect 0 "user add" -- "$mc" --db "$a" user add --email ana@example.org --name "Ана Адмін" --password-file "$tmp/pw"
expect 0 "grant" -- "$mc" --db "$a" user grant --user ana@example.org --org $org --roles issuer
expect 0 "token" -- "$mc" --db "$a" token create --user ana@example.org --name batch --scopes issue --days 30

# A finished background job whose input holds a NUL byte (jobs are made by
# the server's roster import; here written directly).
sqlite3 "$a" "INSERT INTO jobs(id, kind, state, payload, input, created_at,
	updated_at, done, total, result, finished_at) VALUES ('job-1', 'roster',
	'done', '{}', X'00ff0a', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z',
	1, 1, '{\"issued\": 1}', '2026-01-01T00:00:01Z')" || fail "insert a job"

# The tool's table: "name rows hash" of the rows checked ok, and of all.
checked() { awk '$4 == "ok" { print $1, $2, $3 }' "$1"; }

# ---- SQLite -> PostgreSQL -> SQLite -----------------------------------------
pg=$(pg_test_db "$base") || {
	fail "pg_test_db"
	finish
}
expect 0 "copy sqlite -> postgresql" -- "$mc" db copy --from "sqlite:$a" --to "$pg"
cp "$tmp/out" "$tmp/copy1"
lacks "$tmp/copy1" "MISMATCH" "no table differs"
contains "$tmp/copy1" "mc_search" "PostgreSQL's search texts rebuilt"
contains "$tmp/copy1" "copied" "summary line"
equal "$(checked "$tmp/copy1" | wc -l)" 24 "every data table checked ok"
equal "$(awk '$1 == "credentials" { print $2 }' "$tmp/copy1")" 3 "three credentials"
equal "$(awk '$1 == "users" { print $2 }' "$tmp/copy1")" 1 "the user"
equal "$(awk '$1 == "api_tokens" { print $2 }' "$tmp/copy1")" 1 "the token"
equal "$(awk '$1 == "jobs" { print $2 }' "$tmp/copy1")" 1 "the job"
expect 0 "copy postgresql -> sqlite" -- "$mc" db copy --from "$pg" --to "$c"
cp "$tmp/out" "$tmp/copy2"
if [ "$(checked "$tmp/copy1")" = "$(checked "$tmp/copy2")" ]; then ok; else
	fail "counts and hashes differ between the two copies"
	diff <(checked "$tmp/copy1") <(checked "$tmp/copy2") | head >&2
fi
contains "$tmp/copy2" "mc_fts" "SQLite's search index rebuilt"
# A third way round: SQLite to SQLite gives the same hashes.
expect 0 "copy sqlite -> sqlite" -- "$mc" db copy --from "$a" --to "$tmp/b.db"
equal "$(checked "$tmp/out")" "$(checked "$tmp/copy1")" "SQLite to SQLite: same hashes"

# sqlite3's own dump of every data table: the same rows in a.db and c.db
# (sorted: a table without a rowid of its own is numbered anew).
for t in $(checked "$tmp/copy1" | cut -d' ' -f1); do
	if diff <(sqlite3 "$a" ".dump $t" | grep '^INSERT' | sort) \
		<(sqlite3 "$c" ".dump $t" | grep '^INSERT' | sort) >"$tmp/dumpdiff"; then
		ok
	else
		fail "sqlite3 .dump $t differs between the original and the round trip"
		head -4 "$tmp/dumpdiff" >&2
	fi
done
# The derived tables too, rebuilt: the same rows.
for t in mc_countries mc_target_groups mc_languages mc_orgs; do
	equal "$(sqlite3 "$c" ".dump $t" | grep '^INSERT' | sort | md5sum)" \
		"$(sqlite3 "$a" ".dump $t" | grep '^INSERT' | sort | md5sum)" "rebuilt $t"
done
equal "$(sqlite3 "$c" 'SELECT count(*) FROM mc_fts')" \
	"$(sqlite3 "$a" 'SELECT count(*) FROM mc_fts')" "mc_fts rows"

# ---- the copies work ------------------------------------------------------------
for db in "$pg" "$c"; do
	expect 0 "verify ob3 on the copy" -- "$mc" --db "$db" verify "$tmp/ob3.json" --json
	equal "$(jq -r .verdict "$tmp/out")" valid "ob3 valid on $(basename "${db%%\?*}")"
	expect 0 "verify vc-jwt on the copy" -- "$mc" --db "$db" verify "$tmp/jwt.jwt" --json
	equal "$(jq -r .verdict "$tmp/out")" valid "vc-jwt valid on $(basename "${db%%\?*}")"
	expect 1 "verify revoked on the copy" -- "$mc" --db "$db" verify "$tmp/rev.json" --json
	equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" \
		status.ours_revoked_on "still revoked on $(basename "${db%%\?*}")"
done
for q in welding software зварювання "digital skills" data; do
	"$mc" --db "$a" search "$q" --json >"$tmp/s1" 2>&1
	"$mc" --db "$c" search "$q" --json >"$tmp/s2" 2>&1
	if cmp -s "$tmp/s1" "$tmp/s2" && [ "$(jq '.total' "$tmp/s1")" -gt 0 ]; then ok; else
		fail "search '$q' answers differently on the round trip"
		diff "$tmp/s1" "$tmp/s2" | head -6 >&2
	fi
	# PostgreSQL's own search over its rebuilt texts: the same hits.
	"$mc" --db "$pg" search "$q" --json >"$tmp/s3" 2>&1
	equal "$(jq -c '[.total, [.hits[].id]]' "$tmp/s3")" \
		"$(jq -c '[.total, [.hits[].id]]' "$tmp/s1")" "search '$q' on PostgreSQL"
done
# ESCO look-ups by words over the rebuilt label indexes: the same answer
# on the SQLite round trip, the same concepts on PostgreSQL (whose ranking
# may order ties otherwise; a database imported there directly does the
# same).
if [ -f "$esco/transversalSkillsCollection_en.csv" ]; then
	for q in communicate "team work" language; do
		"$mc" --db "$a" esco find "$q" --json >"$tmp/e1" 2>&1
		"$mc" --db "$c" esco find "$q" --json >"$tmp/e2" 2>&1
		"$mc" --db "$pg" esco find "$q" --json >"$tmp/e3" 2>&1
		if cmp -s "$tmp/e1" "$tmp/e2" && [ "$(jq -c '[.. | .uri? // empty] | length' "$tmp/e1")" -gt 0 ]; then ok; else
			fail "esco find '$q' answers differently on the round trip"
			diff "$tmp/e1" "$tmp/e2" | head -4 >&2
		fi
		equal "$(jq -c '[.. | .uri? // empty] | sort' "$tmp/e3")" \
			"$(jq -c '[.. | .uri? // empty] | sort' "$tmp/e1")" "esco find '$q' on PostgreSQL"
	done
fi

# The sealed keys came as they were: each copy issues with the same
# master key file (on PostgreSQL the new rows take numbers past the
# copied ones: credentials, status entries, audit).
for db in "$c" "$pg"; do
	expect 0 "issue on the copy" -- env MICROCRED_MASTER_KEY_FILE="$key" "$mc" --db "$db" issue --mc $mcid --learner-name "After Copy" --learner-email after@example.org --out "$tmp/after.json"
	expect 0 "verify what the copy issued" -- "$mc" --db "$db" verify "$tmp/after.json"
	expect 0 "revoke on the copy" -- env MICROCRED_MASTER_KEY_FILE="$key" "$mc" --db "$db" revoke "$(jq -r .id "$tmp/after.json")" --reason "test"
done

# ---- a target that holds data is refused and left as it was ---------------
before=$(sqlite3 "$c" .dump | md5sum)
expect 1 "copy into a non-empty SQLite" -- "$mc" db copy --from "$a" --to "$c"
contains "$tmp/err" "the target is not empty: table meta has 1 rows" "names the table"
equal "$(sqlite3 "$c" .dump | md5sum)" "$before" "the non-empty target is unchanged"
pg_before=$(pg_psql "$pg" -Atc 'SELECT count(*) FROM audit')
expect 1 "copy into a non-empty PostgreSQL" -- "$mc" db copy --from "$a" --to "$pg"
contains "$tmp/err" "the target is not empty" "PostgreSQL: refused"
equal "$(pg_psql "$pg" -Atc 'SELECT count(*) FROM audit')" "$pg_before" "PostgreSQL target unchanged"

# ---- a row changed behind the copy's back is caught ----------------------
d="$tmp/d.db"
expect 0 "an empty database" -- "$mc" --db "$d" org list
sqlite3 "$d" "CREATE TRIGGER corrupt AFTER INSERT ON org_names
	WHEN NEW.org_id = '$org' BEGIN
	UPDATE org_names SET text = text || '!' WHERE org_id = NEW.org_id
	AND lang = NEW.lang; END;"
expect 2 "copy over a corrupting trigger" -- "$mc" db copy --from "$a" --to "$d"
contains "$tmp/err" "table org_names: the copy differs from the source" "the table is named"
contains "$tmp/out" "MISMATCH" "the table printed as a mismatch"
equal "$(sqlite3 "$d" 'SELECT count(*) FROM organisations')" 0 "rolled back: nothing kept"
pg2=$(pg_test_db "$base") || fail "pg_test_db"
expect 0 "an empty PostgreSQL database" -- "$mc" --db "$pg2" org list
pg_psql "$pg2" -qc "CREATE FUNCTION corrupt() RETURNS trigger LANGUAGE plpgsql
	AS \$\$ BEGIN NEW.learner_key := NEW.learner_key || 'x'; RETURN NEW; END \$\$;
	CREATE TRIGGER corrupt BEFORE INSERT ON credentials
	FOR EACH ROW EXECUTE FUNCTION corrupt();" >/dev/null
expect 2 "copy over a corrupting PostgreSQL trigger" -- "$mc" db copy --from "$a" --to "$pg2"
contains "$tmp/err" "table credentials: the copy differs from the source" "PostgreSQL: the table is named"
equal "$(pg_psql "$pg2" -Atc 'SELECT count(*) FROM organisations')" 0 "PostgreSQL: rolled back"
# An insert PostgreSQL refuses (inserts travel in batches): named, undone.
pg3=$(pg_test_db "$base") || fail "pg_test_db"
expect 0 "another empty PostgreSQL database" -- "$mc" --db "$pg3" org list
pg_psql "$pg3" -qc "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql
	AS \$\$ BEGIN RAISE EXCEPTION 'refused by the test'; END \$\$;
	CREATE TRIGGER refuse BEFORE INSERT ON status_entries
	FOR EACH ROW EXECUTE FUNCTION refuse();" >/dev/null
expect 2 "copy into a PostgreSQL that refuses a row" -- "$mc" db copy --from "$a" --to "$pg3"
contains "$tmp/err" "status_entries" "the refusing table is named"
contains "$tmp/err" "refused by the test" "PostgreSQL's reason is given"
equal "$(pg_psql "$pg3" -Atc 'SELECT count(*) FROM credentials')" 0 "PostgreSQL: nothing kept"

# ---- what the copy does not know is refused --------------------------------
cp "$a" "$tmp/x.db"
sqlite3 "$tmp/x.db" "CREATE TABLE extra(x)"
expect 2 "an unknown table" -- "$mc" db copy --from "$tmp/x.db" --to "$tmp/x2.db"
contains "$tmp/err" "table extra is not known to this copy" "names the table"
cp "$a" "$tmp/y.db"
sqlite3 "$tmp/y.db" "ALTER TABLE users ADD COLUMN nickname TEXT"
expect 2 "an unknown column" -- "$mc" db copy --from "$tmp/y.db" --to "$tmp/y2.db"
contains "$tmp/err" "column users.nickname is not known to this copy" "names the column"
cp "$a" "$tmp/z.db"
sqlite3 "$tmp/z.db" "PRAGMA user_version = 99"
expect 2 "a newer schema" -- "$mc" db copy --from "$tmp/z.db" --to "$tmp/z2.db"
contains "$tmp/err" "upgrade microcred" "newer refused"
sqlite3 "$tmp/z.db" "PRAGMA user_version = 6"
expect 2 "an older schema" -- "$mc" db copy --from "$tmp/z.db" --to "$tmp/z2.db"
contains "$tmp/err" "open it read-write once to upgrade it" "older refused, not migrated"
equal "$(sqlite3 "$tmp/z.db" 'PRAGMA user_version')" 6 "the source was not migrated"
expect 2 "no --to" -- "$mc" db copy --from "$a"

finish
