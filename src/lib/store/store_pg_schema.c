/*
 * PostgreSQL backend: telling our database from anything else, creating
 * and migrating the schema.
 *
 * The tables and constraints are those of the SQLite backend's latest
 * schema (store_sqlite_schema.c), in PostgreSQL types: BIGSERIAL for the
 * row numbers SQLite calls rowid, BYTEA for sealed keys, credential bytes
 * and status bits, TEXT for times in the same "YYYY-MM-DDTHH:MM:SSZ"
 * form.  Text compares and sorts by its bytes (T, COLLATE "C"), as
 * SQLite's BINARY does, so lists come back in the same order on both
 * backends whatever the database's locale.  Schema versions count as on
 * SQLite, so one number means the same tables on both backends: the first
 * step creates version 6 at once.
 *
 * A microcred database has a `schema_version` table, one row per applied
 * step.  Each step runs in one transaction holding a transaction-level
 * advisory lock and re-reads the version under it, so two nodes opening
 * a new or old database at once apply each step once: the second waits,
 * then finds the work done.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* The advisory lock held while migrating: 'MCRD' and 1. */
#define MIGRATE_LOCK "5567034945155252225" /* 0x4D43524400000001 */

/* The type of every text column. */
#define T "TEXT COLLATE \"C\""

/* Rows of the append-only tables are never changed or removed. */
#define APPEND_ONLY(table)                                                     \
	"CREATE TRIGGER " table "_append_only BEFORE UPDATE OR DELETE"         \
	" ON " table " FOR EACH ROW EXECUTE FUNCTION mc_append_only();"        \
	"CREATE TRIGGER " table "_no_truncate BEFORE TRUNCATE ON " table       \
	" FOR EACH STATEMENT EXECUTE FUNCTION mc_append_only();"

/* Version 6 (SQLite's versions 1 to 6): settings, the catalogue and its
 * search texts, ESCO, keys, credentials, status lists, the audit log,
 * accounts, seals, recognitions and consents.  See store_sqlite_schema.c
 * for what each table holds; differences are noted here. */
static const char schema_v6[] =
    "CREATE FUNCTION mc_append_only() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME"
    " USING ERRCODE = 'integrity_constraint_violation'; END $$;"

    "CREATE TABLE meta(key " T " PRIMARY KEY, value " T " NOT NULL);"

    "CREATE TABLE organisations("
    " id " T " PRIMARY KEY, country " T " NOT NULL, region " T ","
    " type " T " NOT NULL, short_name " T ", legal_identifier " T ","
    " website " T ");"
    "CREATE INDEX organisations_country ON organisations(country, id);"
    "CREATE TABLE org_names("
    " org_id " T " NOT NULL REFERENCES organisations(id)"
    "  ON DELETE CASCADE,"
    " ord INTEGER NOT NULL, lang " T " NOT NULL, text " T " NOT NULL,"
    " PRIMARY KEY(org_id, lang));"

    "CREATE TABLE mcs(id " T " PRIMARY KEY);"

    "CREATE TABLE clusters(id " T " PRIMARY KEY, kind " T " NOT NULL);"
    "CREATE TABLE cluster_texts("
    " cluster_id " T " NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
    " field " T " NOT NULL, ord INTEGER NOT NULL, lang " T " NOT NULL,"
    " text " T " NOT NULL,"
    " PRIMARY KEY(cluster_id, field, lang));"
    "CREATE TABLE cluster_orgs("
    " cluster_id " T " NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
    " org_id " T " NOT NULL REFERENCES organisations(id),"
    " ord INTEGER NOT NULL,"
    " PRIMARY KEY(cluster_id, org_id));"
    "CREATE INDEX cluster_orgs_org ON cluster_orgs(org_id);"
    "CREATE TABLE cluster_mcs("
    " cluster_id " T " NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
    " mc_id " T " NOT NULL REFERENCES mcs(id),"
    " ord INTEGER NOT NULL,"
    " PRIMARY KEY(cluster_id, mc_id));"
    "CREATE INDEX cluster_mcs_mc ON cluster_mcs(mc_id, cluster_id);"

    "CREATE TABLE mc_versions("
    " seq BIGSERIAL PRIMARY KEY,"
    " id " T " NOT NULL REFERENCES mcs(id),"
    " version INTEGER NOT NULL CHECK(version >= 1),"
    " status " T " NOT NULL, doc " T " NOT NULL,"
    " created_at " T " NOT NULL, updated_at " T " NOT NULL,"
    " provider " T ", country " T ", sector " T ", eqf_level INTEGER,"
    " ects DOUBLE PRECISION, primary_language " T ", title_en " T ","
    " titles " T ","
    " UNIQUE(id, version));"
    "CREATE INDEX mc_versions_status ON mc_versions(status, id, version);"
    "CREATE INDEX mc_versions_sector ON mc_versions(sector);"
    "CREATE TABLE mc_countries("
    " seq BIGINT NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " country " T " NOT NULL, PRIMARY KEY(seq, country));"
    "CREATE INDEX mc_countries_value ON mc_countries(country, seq);"
    "CREATE TABLE mc_target_groups("
    " seq BIGINT NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " target_group " T " NOT NULL,"
    " PRIMARY KEY(seq, target_group));"
    "CREATE INDEX mc_target_groups_value"
    " ON mc_target_groups(target_group, seq);"
    "CREATE TABLE mc_languages("
    " seq BIGINT NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " lang " T " NOT NULL, PRIMARY KEY(seq, lang));"
    "CREATE INDEX mc_languages_value ON mc_languages(lang, seq);"
    "CREATE TABLE mc_orgs("
    " seq BIGINT NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " org_id " T " NOT NULL, PRIMARY KEY(seq, org_id));"
    "CREATE INDEX mc_orgs_value ON mc_orgs(org_id, seq);"
    "CREATE TABLE mc_events("
    " n BIGSERIAL PRIMARY KEY, id " T " NOT NULL, version INTEGER NOT NULL,"
    " from_status " T ", to_status " T " NOT NULL, actor " T ", note " T ","
    " at " T " NOT NULL);"
    "CREATE INDEX mc_events_id ON mc_events(id, version, n);" APPEND_ONLY(
	"mc_events")

    /* SQLite's mc_fts: the four texts of each MC version, every
     * language of a text in one column, for full-text search. */
    "CREATE TABLE mc_search("
    " seq BIGINT PRIMARY KEY REFERENCES mc_versions(seq)"
    "  ON DELETE CASCADE,"
    " title " T " NOT NULL, description " T " NOT NULL,"
    " outcomes " T " NOT NULL, skills_and_orgs " T " NOT NULL,"
    /* their words as mc_fts has them (store_pg_search.c) */
    " doc TSVECTOR NOT NULL DEFAULT '');"
    /* kept in the row, not in the TOAST table, and compressed with lz4
     * where the server has it (decompressing twice as fast as pglz):
     * ranking reads the doc of every match */
    "ALTER TABLE mc_search ALTER COLUMN doc SET STORAGE MAIN;"
    "DO $$ BEGIN EXECUTE 'ALTER TABLE mc_search"
    " ALTER COLUMN doc SET COMPRESSION lz4';"
    " EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL;"
    " END $$;"
    "CREATE INDEX mc_search_doc ON mc_search USING gin(doc);"

    "CREATE TABLE esco_concepts("
    " seq BIGSERIAL PRIMARY KEY, uri " T " NOT NULL, lang " T " NOT NULL,"
    " concept_type " T " NOT NULL, skill_type " T ", reuse_level " T ","
    " label " T " NOT NULL, alt_labels " T ", description " T ","
    " UNIQUE(uri, lang));"
    /* SQLite's esco_fts: the words of each concept's labels
     * (store_pg_search.c) */
    "CREATE TABLE esco_search("
    " seq BIGINT PRIMARY KEY REFERENCES esco_concepts(seq)"
    "  ON DELETE CASCADE,"
    " doc TSVECTOR NOT NULL);"
    "CREATE INDEX esco_search_doc ON esco_search USING gin(doc);"

    /* seq: the insertion order SQLite's rowid gives key_list. */
    "CREATE TABLE keys("
    " id " T " PRIMARY KEY, seq BIGSERIAL NOT NULL,"
    " org_id " T " NOT NULL REFERENCES organisations(id),"
    " type " T " NOT NULL, public_jwk " T " NOT NULL,"
    " public_multibase " T ", verification_method " T ","
    " sealed BYTEA NOT NULL, created_at " T " NOT NULL, retired_at " T ");"
    "CREATE INDEX keys_org ON keys(org_id, type);"

    "CREATE TABLE credentials("
    " seq BIGSERIAL PRIMARY KEY, id " T " NOT NULL UNIQUE,"
    " mc_id " T " NOT NULL, mc_version INTEGER NOT NULL,"
    " org_id " T " NOT NULL, format " T " NOT NULL,"
    " learner_key " T " NOT NULL, data BYTEA NOT NULL,"
    " issued_at " T " NOT NULL,"
    " UNIQUE(mc_id, mc_version, learner_key, format),"
    " FOREIGN KEY(mc_id, mc_version)"
    "  REFERENCES mc_versions(id, version));"
    "CREATE INDEX credentials_org ON credentials(org_id, seq);"
    "CREATE INDEX credentials_mc ON credentials(mc_id, seq);"

    "CREATE TABLE status_lists("
    " seq BIGSERIAL PRIMARY KEY, url " T " NOT NULL UNIQUE,"
    " org_id " T " NOT NULL,"
    " purpose " T " NOT NULL"
    "  CHECK(purpose IN ('revocation', 'suspension')),"
    " size INTEGER NOT NULL CHECK(size > 0 AND size % 8 = 0),"
    " bits BYTEA NOT NULL, taken BYTEA NOT NULL,"
    " used INTEGER NOT NULL DEFAULT 0,"
    " signed_json " T ", updated_at " T " NOT NULL);"
    "CREATE INDEX status_lists_org ON status_lists(org_id, purpose, seq);"
    "CREATE TABLE status_entries("
    " list_seq BIGINT NOT NULL REFERENCES status_lists(seq),"
    " idx INTEGER NOT NULL,"
    " credential_seq BIGINT REFERENCES credentials(seq),"
    " purpose " T " NOT NULL,"
    " PRIMARY KEY(list_seq, idx));"
    "CREATE UNIQUE INDEX status_entries_cred"
    " ON status_entries(credential_seq, purpose);"

    /* Allocate a status index (store_pg_cred.c's status_alloc) in one
     * statement, so in one round trip and atomic on its own: under the
     * advisory lock of (organisation, purpose), the newest list with room
     * (list N + 1 created when none has), the first free index at or
     * after p_random % size wrapping past the end (full bytes skipped),
     * marked in `taken` and given its status_entries row.  Bits are MSB
     * first; get_bit/set_bit count from each byte's least significant
     * bit, hence i / 8 * 8 + 7 - i % 8. */
    "CREATE FUNCTION mc_status_alloc(p_org TEXT, p_purpose TEXT,"
    " p_random BIGINT, p_size INTEGER, p_base TEXT, p_now TEXT,"
    " OUT o_url TEXT, OUT o_idx INTEGER) LANGUAGE plpgsql AS $$"
    " DECLARE l RECORD; n BIGINT; i INTEGER; k INTEGER;"
    " BEGIN"
    "  PERFORM pg_advisory_xact_lock(hashtextextended("
    "   'microcred status ' || p_org || ' ' || p_purpose, 0));"
    "  SELECT s.seq, s.url, s.size, s.taken INTO l FROM status_lists s"
    "   WHERE s.org_id = p_org AND s.purpose = p_purpose"
    "   AND s.used < s.size ORDER BY s.seq DESC LIMIT 1;"
    "  IF NOT FOUND THEN"
    "   SELECT count(*) INTO n FROM status_lists s"
    "    WHERE s.org_id = p_org AND s.purpose = p_purpose;"
    "   INSERT INTO status_lists AS s(url, org_id, purpose, size, bits,"
    "    taken, used, updated_at) VALUES(p_base || '/status/' || p_org"
    "    || '/' || p_purpose || '/' || (n + 1), p_org, p_purpose, p_size,"
    "    decode(repeat('00', p_size / 8), 'hex'),"
    "    decode(repeat('00', p_size / 8), 'hex'), 0, p_now)"
    "    RETURNING s.seq, s.url, s.size, s.taken INTO l;"
    "  END IF;"
    "  i := (p_random % l.size)::integer; k := 0;"
    "  WHILE k < l.size LOOP"
    "   IF i % 8 = 0 AND get_byte(l.taken, i / 8) = 255 THEN"
    "    i := (i + 8) % l.size; k := k + 8; CONTINUE;"
    "   END IF;"
    "   IF get_bit(l.taken, i / 8 * 8 + 7 - i % 8) = 0 THEN"
    "    UPDATE status_lists s SET used = s.used + 1,"
    "     taken = set_bit(s.taken, i / 8 * 8 + 7 - i % 8, 1)"
    "     WHERE s.seq = l.seq;"
    "    INSERT INTO status_entries(list_seq, idx, credential_seq,"
    "     purpose) VALUES(l.seq, i, NULL, p_purpose);"
    "    o_url := l.url; o_idx := i; RETURN;"
    "   END IF;"
    "   i := (i + 1) % l.size; k := k + 1;"
    "  END LOOP;"
    "  RAISE EXCEPTION 'status list %: full, but counted as having room',"
    "   l.url;"
    " END $$;"

    "CREATE TABLE audit("
    " n BIGSERIAL PRIMARY KEY, at " T " NOT NULL, actor " T ","
    " action " T " NOT NULL, subject " T ", reason " T ", org_id " T ","
    " client " T ");"
    "CREATE INDEX audit_subject ON audit(subject, n);"
    "CREATE INDEX audit_org ON audit(org_id, n);" APPEND_ONLY("audit")

	"CREATE TABLE users("
	" id " T " PRIMARY KEY, email " T " NOT NULL UNIQUE,"
	" name " T " NOT NULL, pwhash " T " NOT NULL,"
	" platform_admin INTEGER NOT NULL DEFAULT 0,"
	" disabled INTEGER NOT NULL DEFAULT 0, created_at " T " NOT NULL);"
	"CREATE TABLE memberships("
	" user_id " T " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" org_id " T " NOT NULL REFERENCES organisations(id),"
	" roles INTEGER NOT NULL CHECK(roles > 0),"
	" PRIMARY KEY(user_id, org_id));"
	"CREATE INDEX memberships_org ON memberships(org_id, user_id);"
	"CREATE TABLE sessions("
	" id " T " PRIMARY KEY,"
	" user_id " T " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" csrf " T " NOT NULL, created_at " T " NOT NULL,"
	" last_seen " T " NOT NULL, expires_at " T " NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE api_tokens("
	" id " T " PRIMARY KEY,"
	" user_id " T " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" name " T " NOT NULL, hash " T " NOT NULL UNIQUE,"
	" scopes BIGINT NOT NULL, created_at " T " NOT NULL,"
	" expires_at " T ", last_used_at " T ", revoked_at " T ");"
	"CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);"

	/* seq: the insertion order SQLite's rowid gives seal_list. */
	"CREATE TABLE seals("
	" id " T " PRIMARY KEY, seq BIGSERIAL NOT NULL,"
	" org_id " T " REFERENCES organisations(id),"
	" is_ca INTEGER NOT NULL DEFAULT 0, is_test INTEGER NOT NULL DEFAULT 0,"
	" alg " T " NOT NULL, chain_pem " T " NOT NULL, sealed BYTEA NOT NULL,"
	" subject " T " NOT NULL, issuer " T " NOT NULL, serial " T " NOT NULL,"
	" not_before " T " NOT NULL, not_after " T " NOT NULL,"
	" organization " T ", country " T ", org_identifier " T ","
	" fingerprint " T " NOT NULL,"
	" created_at " T " NOT NULL, retired_at " T ","
	" CHECK((is_ca = 1) = (org_id IS NULL)));"
	"CREATE INDEX seals_org ON seals(org_id, created_at);"

	"CREATE TABLE org_recognitions("
	" org_id " T " NOT NULL REFERENCES organisations(id),"
	" country " T " NOT NULL,"
	" kind " T " NOT NULL CHECK(kind IN ('qa_body', 'self_accrediting')),"
	" granted_by " T ", granted_at " T " NOT NULL,"
	" PRIMARY KEY(org_id, country, kind));"
	"CREATE INDEX org_recognitions_country"
	" ON org_recognitions(country, kind, org_id);"
	"CREATE TABLE mc_consents("
	" mc_id " T " NOT NULL REFERENCES mcs(id),"
	" org_id " T " NOT NULL REFERENCES organisations(id),"
	" state " T " NOT NULL"
	"  CHECK(state IN ('pending', 'accepted', 'declined')),"
	" requested_by " T ", requested_at " T " NOT NULL,"
	" decided_by " T ", decided_at " T ","
	" PRIMARY KEY(mc_id, org_id));"
	"CREATE INDEX mc_consents_org ON mc_consents(org_id, state, mc_id);";

/* Version 7 (SQLite's version 7): a change counter per topic, for caches
 * above the store (mc_store_changes()).  A constraint trigger on every
 * table of a topic, deferred to the commit, adds one to the topic's
 * counter once per transaction (a transaction-local setting remembers
 * it): the counter moves with the commit that wrote, never before it, and
 * the counter row is locked only while the writer commits, not for the
 * whole transaction, so writers of one topic on several nodes do not wait
 * for each other's transactions (SQLite, with its one writer, counts in
 * the statement).  A rolled-back write leaves it as it was. */
#define COUNTED(table, topic)                                                  \
	"CREATE CONSTRAINT TRIGGER changes_" table " AFTER INSERT OR UPDATE"   \
	" OR DELETE ON " table " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"   \
	" EXECUTE FUNCTION mc_count_change('" topic "');"

/* One counted table per line. */
/* clang-format off */
static const char schema_v7[] =
    "CREATE TABLE changes(topic " T " PRIMARY KEY,"
    " counter BIGINT NOT NULL DEFAULT 0);"
    "INSERT INTO changes(topic) VALUES ('settings'), ('catalogue'),"
    " ('esco'), ('accounts'), ('keys'), ('credentials'), ('audit'),"
    " ('policy');"
    "CREATE FUNCTION mc_count_change() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN"
    "  IF current_setting('microcred.changed_' || TG_ARGV[0], true) = 't'"
    "  THEN RETURN NULL; END IF;"
    "  PERFORM set_config('microcred.changed_' || TG_ARGV[0], 't', true);"
    "  UPDATE changes SET counter = counter + 1 WHERE topic = TG_ARGV[0];"
    "  RETURN NULL;"
    " END $$;"
    COUNTED("meta", "settings")
    COUNTED("organisations", "catalogue")
    COUNTED("org_names", "catalogue")
    COUNTED("mcs", "catalogue")
    COUNTED("clusters", "catalogue")
    COUNTED("cluster_texts", "catalogue")
    COUNTED("cluster_orgs", "catalogue")
    COUNTED("cluster_mcs", "catalogue")
    COUNTED("mc_versions", "catalogue")
    COUNTED("mc_countries", "catalogue")
    COUNTED("mc_target_groups", "catalogue")
    COUNTED("mc_languages", "catalogue")
    COUNTED("mc_orgs", "catalogue")
    COUNTED("mc_events", "catalogue")
    COUNTED("mc_search", "catalogue")
    COUNTED("esco_concepts", "esco")
    COUNTED("esco_search", "esco")
    COUNTED("users", "accounts")
    COUNTED("memberships", "accounts")
    COUNTED("sessions", "accounts")
    COUNTED("api_tokens", "accounts")
    COUNTED("keys", "keys")
    COUNTED("seals", "keys")
    COUNTED("credentials", "credentials")
    COUNTED("status_lists", "credentials")
    COUNTED("status_entries", "credentials")
    COUNTED("audit", "audit")
    COUNTED("org_recognitions", "policy")
    COUNTED("mc_consents", "policy");
/* clang-format on */

/* Version 8 (SQLite's version 8): background jobs (store_pg_jobs.c), as
 * on SQLite; a claim takes the oldest waiting row FOR UPDATE SKIP LOCKED.
 * Counted as topic "jobs". */
/* clang-format off */
static const char schema_v8[] =
    "CREATE TABLE jobs("
    " seq BIGSERIAL PRIMARY KEY, id " T " NOT NULL UNIQUE,"
    " kind " T " NOT NULL,"
    " state " T " NOT NULL CHECK(state IN ('queued', 'running', 'done',"
    "  'partial', 'failed')),"
    " org_id " T ", subject " T ", payload " T " NOT NULL, input BYTEA,"
    " created_by " T ", client " T ", created_at " T " NOT NULL,"
    " updated_at " T " NOT NULL, node " T ", lease_until " T ","
    " claims INTEGER NOT NULL DEFAULT 0, done BIGINT NOT NULL DEFAULT 0,"
    " total BIGINT NOT NULL DEFAULT 0, result " T ", finished_at " T ");"
    "CREATE INDEX jobs_waiting ON jobs(state, seq);"
    "CREATE INDEX jobs_org ON jobs(org_id, seq);"
    "INSERT INTO changes(topic) VALUES ('jobs');"
    COUNTED("jobs", "jobs");
/* clang-format on */

/* Version 9 (SQLite's version 9, which does nothing there): the counter
 * trigger also sends a notice on channel MC__PG_CHANNEL with the topic's
 * name as payload, once per topic per transaction, for nodes that keep
 * caches (mc_store_listen(), store_pg_watch.c).  A notice is
 * transactional: PostgreSQL delivers it when the writer commits, never
 * for a rolled-back write. */
/* clang-format off */
static const char schema_v9[] =
    "CREATE OR REPLACE FUNCTION mc_count_change() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN"
    "  IF current_setting('microcred.changed_' || TG_ARGV[0], true) = 't'"
    "  THEN RETURN NULL; END IF;"
    "  PERFORM set_config('microcred.changed_' || TG_ARGV[0], 't', true);"
    "  UPDATE changes SET counter = counter + 1 WHERE topic = TG_ARGV[0];"
    "  PERFORM pg_notify('" MC__PG_CHANNEL "', TG_ARGV[0]);"
    "  RETURN NULL;"
    " END $$;";
/* clang-format on */

/* Version 10 (SQLite's version 10): rate limits (store_pg_limits.c), as
 * on SQLite, in an UNLOGGED table: the buckets are not worth the WAL,
 * standbys do not need them, and a crash that empties them leaves every
 * bucket full.  Not counted (the backend's bookkeeping). */
static const char schema_v10[] =
    "CREATE UNLOGGED TABLE rate_buckets(class " T " NOT NULL,"
    " key BYTEA NOT NULL, tat DOUBLE PRECISION NOT NULL,"
    " granted BOOLEAN NOT NULL, PRIMARY KEY(class, key));"
    "CREATE INDEX rate_buckets_tat ON rate_buckets(tat);";

/* Version 11 (SQLite's version 11, which does nothing there): status
 * indexes from a counter per list instead of the list's `taken` bits.
 * Version 6's mc_status_alloc() rewrote the list row (two 16 KiB byteas)
 * for every index and held the (organisation, purpose) lock until the
 * allocating transaction ended, so a roster batch slowed as it grew and
 * two nodes issuing for one organisation took turns batch by batch.
 *
 * Now each list has a SEQUENCE mc_status_next_<list seq> and a row in
 * status_counters with a random key.  An index is the next number of the
 * sequence, mapped through a keyed permutation of 0 .. size - 1
 * (mc_status_permute: a four-round Feistel network on the smallest even
 * number of bits that holds size, cycle-walking back into range), so
 * indexes are spread at random yet never repeat.  nextval() is not
 * transactional: it neither waits for nor is undone by another
 * transaction, so nodes allocate in the same list at once without
 * waiting, and a rolled-back allocation leaves its index unused for good.
 * The status_entries primary key, inserted ON CONFLICT DO NOTHING, skips
 * the indexes a list had before this version (or before db copy brought
 * it here): the counter walks every index once, so a list still fills.
 * The (organisation, purpose) advisory lock is taken only to make a list
 * or a counter: when there is none, or the newest list's counter has run
 * out.  `taken` and `used` are no longer kept (status_list_infos counts
 * the entries); mc_status_taken() rebuilds `taken` from the entries for
 * db copy.  mc_cred_put() stores a credential in one round trip instead
 * of five.  Counted as topic "credentials". */
/* clang-format off */
static const char schema_v11[] =
    "CREATE TABLE status_counters("
    " list_seq BIGINT PRIMARY KEY REFERENCES status_lists(seq),"
    " perm_key BIGINT NOT NULL);"
    COUNTED("status_counters", "credentials")

    /* p_n (0 .. p_size - 1) to its index: a bijection of that range. */
    "CREATE FUNCTION mc_status_permute(p_n BIGINT, p_size BIGINT,"
    " p_key BIGINT) RETURNS BIGINT LANGUAGE plpgsql IMMUTABLE STRICT AS $$"
    " DECLARE h INTEGER := 1; m BIGINT; x BIGINT := p_n; a BIGINT;"
    " b BIGINT; t BIGINT; r INTEGER;"
    " BEGIN"
    "  WHILE (1::bigint << (2 * h)) < p_size LOOP h := h + 1; END LOOP;"
    "  m := (1::bigint << h) - 1;"
    "  LOOP"
    "   a := x >> h; b := x & m;"
    "   FOR r IN 1..4 LOOP"
    "    t := a # (hashint8extended(b, p_key + r) & m); a := b; b := t;"
    "   END LOOP;"
    "   x := (a << h) | b;"
    "   EXIT WHEN x < p_size;"
    "  END LOOP;"
    "  RETURN x;"
    " END $$;"

    /* The `taken` bits of list p_list (p_size bits, MSB first) as its
     * status_entries have them. */
    "CREATE FUNCTION mc_status_taken(p_list BIGINT, p_size INTEGER)"
    " RETURNS BYTEA LANGUAGE sql STABLE AS $$"
    " SELECT decode(string_agg(lpad(to_hex(coalesce(e.v, 0)), 2, '0'),"
    "  '' ORDER BY g.b), 'hex')"
    " FROM generate_series(0, p_size / 8 - 1) g(b)"
    " LEFT JOIN (SELECT idx / 8 AS b, sum(128 >> (idx % 8))::integer AS v"
    "  FROM status_entries WHERE list_seq = p_list GROUP BY 1) e"
    " ON e.b = g.b $$;"

    /* Same arguments and answer as version 6's; p_random is the key of
     * a counter it makes. */
    "CREATE OR REPLACE FUNCTION mc_status_alloc(p_org TEXT, p_purpose TEXT,"
    " p_random BIGINT, p_size INTEGER, p_base TEXT, p_now TEXT,"
    " OUT o_url TEXT, OUT o_idx INTEGER) LANGUAGE plpgsql AS $$"
    " DECLARE v_seq BIGINT; v_url TEXT; v_size INTEGER; w_seq BIGINT;"
    " k BIGINT; n BIGINT; i BIGINT; v_full BOOLEAN; v_made BOOLEAN := false;"
    " BEGIN"
    "  LOOP"
    "   v_seq := NULL; v_full := true;"
    "   SELECT s.seq, s.url, s.size INTO v_seq, v_url, v_size"
    "    FROM status_lists s WHERE s.org_id = p_org"
    "    AND s.purpose = p_purpose ORDER BY s.seq DESC LIMIT 1;"
    "   IF v_seq IS NOT NULL THEN"
    "    SELECT c.perm_key INTO k FROM status_counters c"
    "     WHERE c.list_seq = v_seq;"
    "    IF FOUND THEN"
    "     LOOP"
    "      n := nextval(('mc_status_next_' || v_seq)::regclass);"
    "      EXIT WHEN n >= v_size;"
    "      i := mc_status_permute(n, v_size, k);"
    "      INSERT INTO status_entries(list_seq, idx, credential_seq,"
    "       purpose) VALUES(v_seq, i, NULL, p_purpose)"
    "       ON CONFLICT DO NOTHING;"
    "      IF FOUND THEN o_url := v_url; o_idx := i; RETURN; END IF;"
    "     END LOOP;"
    "    ELSE"
    "     v_full := false;"
    "    END IF;"
    "   END IF;"
    "   IF v_made THEN"
    "    RAISE EXCEPTION 'status list %: no free index in a new list',"
    "     v_url;"
    "   END IF;"
    "   PERFORM pg_advisory_xact_lock(hashtextextended("
    "    'microcred status ' || p_org || ' ' || p_purpose, 0));"
    "   w_seq := NULL;"
    "   SELECT s.seq INTO w_seq FROM status_lists s WHERE s.org_id = p_org"
    "    AND s.purpose = p_purpose ORDER BY s.seq DESC LIMIT 1;"
    "   IF w_seq IS DISTINCT FROM v_seq THEN CONTINUE; END IF;"
    "   IF NOT v_full THEN"
    "    SELECT count(*) INTO n FROM status_entries e"
    "     WHERE e.list_seq = v_seq;"
    "    INSERT INTO status_counters(list_seq, perm_key)"
    "     VALUES(v_seq, p_random) ON CONFLICT DO NOTHING;"
    "    IF FOUND THEN"
    "     EXECUTE format('CREATE SEQUENCE %I MINVALUE 0 START %s',"
    "      'mc_status_next_' || v_seq,"
    "      CASE WHEN n >= v_size THEN v_size ELSE 0 END);"
    "    END IF;"
    "    CONTINUE;"
    "   END IF;"
    "   SELECT count(*) INTO n FROM status_lists s"
    "    WHERE s.org_id = p_org AND s.purpose = p_purpose;"
    "   INSERT INTO status_lists AS s(url, org_id, purpose, size, bits,"
    "    taken, used, updated_at) VALUES(p_base || '/status/' || p_org"
    "    || '/' || p_purpose || '/' || (n + 1), p_org, p_purpose, p_size,"
    "    decode(repeat('00', p_size / 8), 'hex'), '', 0, p_now)"
    "    RETURNING s.seq INTO w_seq;"
    "   INSERT INTO status_counters(list_seq, perm_key)"
    "    VALUES(w_seq, p_random);"
    "   EXECUTE format('CREATE SEQUENCE %I MINVALUE 0 START 0',"
    "    'mc_status_next_' || w_seq);"
    "   v_made := true;"
    "  END LOOP;"
    " END $$;"

    /* Store a credential and link its status entries (store_pg_cred.c's
     * cred_put) in one statement, so in one round trip: o_code 'ok',
     * 'id' (the id is taken), 'learner' (the learner's credential is
     * there), 'mc' (no such MC version) or 'ref' (entry o_ref, from 0,
     * was not allocated or is in use).  What it wrote is undone on every
     * answer but 'ok' (the block's exception is a subtransaction on the
     * server), so the caller's transaction stays usable. */
    "CREATE FUNCTION mc_cred_put(p_id TEXT, p_mc TEXT, p_version INTEGER,"
    " p_org TEXT, p_format TEXT, p_learner TEXT, p_data BYTEA, p_at TEXT,"
    " p_urls TEXT[], p_idx INTEGER[], p_purposes TEXT[],"
    " OUT o_code TEXT, OUT o_ref INTEGER) LANGUAGE plpgsql AS $$"
    " DECLARE v_seq BIGINT; r INTEGER;"
    " BEGIN"
    "  o_code := 'ok';"
    "  BEGIN"
    "   INSERT INTO credentials(id, mc_id, mc_version, org_id, format,"
    "    learner_key, data, issued_at) VALUES(p_id, p_mc, p_version, p_org,"
    "    p_format, p_learner, p_data, p_at)"
    "    ON CONFLICT DO NOTHING RETURNING seq INTO v_seq;"
    "   IF v_seq IS NULL THEN"
    "    o_code := CASE WHEN EXISTS(SELECT 1 FROM credentials c"
    "     WHERE c.id = p_id) THEN 'id' ELSE 'learner' END;"
    "    RETURN;"
    "   END IF;"
    "   FOR r IN 1 .. coalesce(array_length(p_urls, 1), 0) LOOP"
    "    UPDATE status_entries e SET credential_seq = v_seq"
    "     WHERE e.list_seq = (SELECT l.seq FROM status_lists l"
    "     WHERE l.url = p_urls[r]) AND e.idx = p_idx[r]"
    "     AND e.purpose = p_purposes[r] AND e.credential_seq IS NULL;"
    "    IF NOT FOUND THEN"
    "     o_code := 'ref'; o_ref := r - 1;"
    "     RAISE EXCEPTION 'status entry % not allocated', r - 1;"
    "    END IF;"
    "   END LOOP;"
    "  EXCEPTION"
    "   WHEN foreign_key_violation THEN o_code := 'mc';"
    "   WHEN raise_exception THEN NULL;"
    "  END;"
    " END $$;";
/* clang-format on */

/* Version 12 (SQLite's version 12, which does nothing there): search
 * documents kept whole in their row.  A search decompresses the doc of
 * every match twice (to match it and to rank it), and rows were
 * compressed as soon as they passed 2 KB, which every MC with texts in a
 * few languages does.  Now a row is compressed only past 8160 bytes
 * (toast_tuple_target): the texts first, the doc last, so the doc stays
 * as it is unless the row cannot fit a page otherwise.  The docs already
 * stored are rewritten so (doc || '' is the same tsvector, decompressed),
 * which also rebuilds mc_search_doc; a rewrite resets a column's storage
 * and compression, so they are set again in the same command. */
/* clang-format off */
static const char schema_v12[] =
    "ALTER TABLE mc_search SET (toast_tuple_target = 8160);"
    "DO $$ BEGIN EXECUTE 'ALTER TABLE mc_search"
    " ALTER COLUMN doc TYPE TSVECTOR USING doc || ''''::tsvector,"
    " ALTER COLUMN doc SET STORAGE MAIN,"
    " ALTER COLUMN doc SET COMPRESSION lz4';"
    " EXCEPTION WHEN feature_not_supported OR syntax_error THEN"
    "  ALTER TABLE mc_search"
    "  ALTER COLUMN doc TYPE TSVECTOR USING doc || ''::tsvector,"
    "  ALTER COLUMN doc SET STORAGE MAIN;"
    " END $$;";
/* clang-format on */

/* Version 13 (SQLite's version 13, which does nothing there): the GIN
 * indexes of search and ESCO look-up keep at most 64 kB of words not yet
 * merged into the index (gin_pending_list_limit, 4 MB by default).
 * Every search reads all of that pending list, and after an import it
 * held megabytes until autovacuum came: 12 ms of every search on the
 * bench catalogue half imported.  Writers now merge a few documents at
 * a time; the lists pending now are merged at once. */
/* clang-format off */
static const char schema_v13[] =
    "ALTER INDEX mc_search_doc SET (gin_pending_list_limit = 64);"
    "ALTER INDEX esco_search_doc SET (gin_pending_list_limit = 64);"
    "DO $$ BEGIN"
    " PERFORM gin_clean_pending_list('mc_search_doc'::regclass);"
    " PERFORM gin_clean_pending_list('esco_search_doc'::regclass);"
    " END $$;";
/* clang-format on */

/* Version 14 (SQLite's version 14, which does nothing there): each
 * search row carries what a search's filters, visibility rules, facets
 * and ties read of its MC version (id, version, status, sector,
 * eqf_level, ects), so that a search reads mc_versions only for the page
 * it returns, not three index pages per match.  A trigger fills them
 * from mc_versions when a search row is inserted (mc_put, and rebuilding
 * after db copy), and another copies them when an MC version's status or
 * facets change (mc_set_status, replacing a draft).  The rows already
 * stored are filled here, then the table is rewritten (a change of
 * type that is none, which also rebuilds its indexes) so that filling
 * them leaves no dead half behind for searches to read past, and
 * analysed so that the planner knows the new columns. */
/* clang-format off */
static const char schema_v14[] =
    "ALTER TABLE mc_search ADD COLUMN id " T ","
    " ADD COLUMN version INTEGER, ADD COLUMN status " T ","
    " ADD COLUMN sector " T ", ADD COLUMN eqf_level INTEGER,"
    " ADD COLUMN ects DOUBLE PRECISION;"
    "CREATE FUNCTION mc_search_keys() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN"
    "  SELECT v.id, v.version, v.status, v.sector, v.eqf_level, v.ects"
    "  INTO NEW.id, NEW.version, NEW.status, NEW.sector, NEW.eqf_level,"
    "  NEW.ects FROM mc_versions v WHERE v.seq = NEW.seq;"
    "  RETURN NEW;"
    " END $$;"
    "CREATE TRIGGER mc_search_keys BEFORE INSERT ON mc_search"
    " FOR EACH ROW EXECUTE FUNCTION mc_search_keys();"
    "CREATE FUNCTION mc_versions_search() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN"
    "  UPDATE mc_search SET id = NEW.id, version = NEW.version,"
    "  status = NEW.status, sector = NEW.sector,"
    "  eqf_level = NEW.eqf_level, ects = NEW.ects WHERE seq = NEW.seq;"
    "  RETURN NULL;"
    " END $$;"
    "CREATE TRIGGER mc_versions_search AFTER UPDATE ON mc_versions"
    " FOR EACH ROW WHEN ((OLD.id, OLD.version, OLD.status, OLD.sector,"
    " OLD.eqf_level, OLD.ects) IS DISTINCT FROM (NEW.id, NEW.version,"
    " NEW.status, NEW.sector, NEW.eqf_level, NEW.ects))"
    " EXECUTE FUNCTION mc_versions_search();"
    "UPDATE mc_search s SET id = v.id, version = v.version,"
    " status = v.status, sector = v.sector, eqf_level = v.eqf_level,"
    " ects = v.ects FROM mc_versions v WHERE v.seq = s.seq;"
    /* the change counter's deferred triggers run now: ALTER TABLE
     * refuses a table with trigger events pending */
    "SET CONSTRAINTS ALL IMMEDIATE;"
    "ALTER TABLE mc_search ALTER COLUMN status TYPE " T
    " USING status || '';"
    "ANALYZE mc_search;";
/* clang-format on */

/* Steps in order: `sql` takes the database to `version`. */
/* clang-format off */
static const struct {
	int version;
	const char *sql;
} migrations[] = {
    {6, schema_v6},
    {7, schema_v7},
    {8, schema_v8},
    {9, schema_v9},
    {10, schema_v10},
    {11, schema_v11},
    {12, schema_v12},
    {13, schema_v13},
    {14, schema_v14},
};
/* clang-format on */

#define SCHEMA_VERSION (migrations[MC__ARRAY_SIZE(migrations) - 1].version)

static const struct mc__pg_sql VERSION_TABLE = {
    "schema_version_table", "SELECT to_regclass('schema_version') IS NOT NULL,"
			    " (SELECT count(*) FROM pg_catalog.pg_class c"
			    "  JOIN pg_catalog.pg_namespace n"
			    "  ON n.oid = c.relnamespace"
			    "  WHERE n.nspname = current_schema()"
			    "  AND c.relkind IN ('r', 'v', 'm', 'p', 'f'))"};
static const struct mc__pg_sql VERSION_GET = {"schema_version_get",
					      "SELECT coalesce(max(version), 0)"
					      " FROM schema_version"};
static const struct mc__pg_sql VERSION_ADD = {
    "schema_version_add", "INSERT INTO schema_version(version, applied_at)"
			  " VALUES($1, $2)"};
static const struct mc__pg_sql MIGRATE_LOCK_SQL = {
    "schema_lock", "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")"};

/*
 * The schema version of the connected database into *version: 0 for an
 * empty schema (which becomes ours), MC_ENOTOURS for one holding tables
 * but no schema_version, MC_EVERSION for one newer than this program.
 */
static int identify(struct mc__pg *h, int *version)
{
	PGresult *res = NULL;
	int error;

	*version = 0;
	if ((error = mc__pg_exec(h, &res, &VERSION_TABLE, "open", 0, NULL)))
		return error;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		long long tables = mc__pg_ll(res, 0, 1);

		PQclear(res);
		if (tables == 0)
			return 0;
		return mc__store_error(&h->base, MC_ENOTOURS,
				       "%s: not a microcred database (it has "
				       "%lld tables but no schema_version)",
				       PQdb(h->conn), tables);
	}
	PQclear(res);
	if ((error = mc__pg_exec(h, &res, &VERSION_GET, "open", 0, NULL)))
		return error;
	*version = (int)mc__pg_ll(res, 0, 0);
	PQclear(res);
	if (*version > SCHEMA_VERSION)
		return mc__store_error(&h->base, MC_EVERSION,
				       "database is schema version %d, this "
				       "program knows %d; upgrade microcred",
				       *version, SCHEMA_VERSION);
	return 0;
}

/* Run the steps the database lacks, each in its own transaction. */
static int migrate(struct mc__pg *h)
{
	char now[21], num[24];
	size_t i;
	int version, error;

	for (i = 0; i < MC__ARRAY_SIZE(migrations); i++) {
		PGresult *res;

		if ((error = mc__pg_begin(&h->base)))
			return error;
		if ((error = mc__pg_exec(h, NULL, &MIGRATE_LOCK_SQL, "migrate",
					 0, NULL)) ||
		    (error = identify(h, &version)))
			goto cleanup;
		if (version >= migrations[i].version) {
			error = mc__pg_commit(&h->base);
			if (error)
				return error;
			continue;
		}
		if (version == 0) {
			res = PQexec(h->conn, "CREATE TABLE schema_version("
					      " version INTEGER PRIMARY KEY,"
					      " applied_at TEXT NOT NULL)");
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
				error = mc__pg_error(h, res, "migrate");
			PQclear(res);
			if (error)
				goto cleanup;
		}
		res = PQexec(h->conn, migrations[i].sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			error = mc__pg_error(h, res, "migrate");
		PQclear(res);
		if (error)
			goto cleanup;
		mc__utc_now(now);
		mc__pg_int(num, migrations[i].version);
		if ((error = MC__PG_EXEC(h, NULL, &VERSION_ADD, "migrate", num,
					 now)))
			goto cleanup;
		if ((error = mc__pg_commit(&h->base)))
			return error;
	}
	return 0;

cleanup:
	mc__pg_rollback(&h->base);
	return error;
}

int mc__pg_schema(struct mc__pg *h, const mc_store_options *opts)
{
	int version = 0, error;

	if ((error = identify(h, &version)))
		return error;
	if (version < SCHEMA_VERSION) {
		if (opts->readonly)
			return mc__store_error(
			    &h->base, MC_EVERSION,
			    "database is schema version %d, this program "
			    "needs %d; open it read-write once to upgrade it",
			    version, SCHEMA_VERSION);
		if ((error = migrate(h)))
			return error;
	}
	h->base.schema_version = SCHEMA_VERSION;
	return 0;
}
