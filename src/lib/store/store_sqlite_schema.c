/*
 * SQLite backend: the schema, telling ours from anything else, and
 * migrating it.  Statements live in the topic files that run them.
 *
 * A microcred database carries PRAGMA application_id MC__SQLITE_APP_ID and
 * PRAGMA user_version = the schema version.  The schema grows by
 * migrations: an ordered array of SQL steps, step i taking the database
 * from version i to i + 1, each in its own transaction together with the
 * user_version bump.
 */
#include "store_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* Version 1: the catalogue, its search index and ESCO. */
static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"

    "CREATE TABLE organisations("
    " id TEXT PRIMARY KEY, country TEXT NOT NULL, region TEXT,"
    " type TEXT NOT NULL, short_name TEXT, legal_identifier TEXT,"
    " website TEXT);"
    "CREATE INDEX organisations_country ON organisations(country, id);"
    "CREATE TABLE org_names("
    " org_id TEXT NOT NULL REFERENCES organisations(id)"
    "  ON DELETE CASCADE,"
    " ord INTEGER NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY(org_id, lang)) WITHOUT ROWID;"

    /* Every MC id with at least one version; what clusters refer to. */
    "CREATE TABLE mcs(id TEXT PRIMARY KEY) WITHOUT ROWID;"

    "CREATE TABLE clusters(id TEXT PRIMARY KEY, kind TEXT NOT NULL);"
    "CREATE TABLE cluster_texts("
    " cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
    " field TEXT NOT NULL, ord INTEGER NOT NULL, lang TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " PRIMARY KEY(cluster_id, field, lang)) WITHOUT ROWID;"
    "CREATE TABLE cluster_orgs("
    " cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
    " org_id TEXT NOT NULL REFERENCES organisations(id),"
    " ord INTEGER NOT NULL,"
    " PRIMARY KEY(cluster_id, org_id)) WITHOUT ROWID;"
    "CREATE INDEX cluster_orgs_org ON cluster_orgs(org_id);"
    "CREATE TABLE cluster_mcs("
    " cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,"
    " mc_id TEXT NOT NULL REFERENCES mcs(id),"
    " ord INTEGER NOT NULL,"
    " PRIMARY KEY(cluster_id, mc_id)) WITHOUT ROWID;"
    "CREATE INDEX cluster_mcs_mc ON cluster_mcs(mc_id, cluster_id);"

    /* One row per MC version.  `seq` is the stable rowid the search
     * index and the facet tables refer to; (id, version) is the key.
     * `doc` is the JSON form; the other columns are copies for filters
     * and result lists, `titles` the title map (see titles_encode). */
    "CREATE TABLE mc_versions("
    " seq INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL REFERENCES mcs(id),"
    " version INTEGER NOT NULL CHECK(version >= 1),"
    " status TEXT NOT NULL, doc TEXT NOT NULL,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " provider TEXT, country TEXT, sector TEXT, eqf_level INTEGER,"
    " ects REAL, primary_language TEXT, title_en TEXT, titles TEXT,"
    " UNIQUE(id, version));"
    "CREATE INDEX mc_versions_status ON mc_versions(status, id, version);"
    "CREATE INDEX mc_versions_sector ON mc_versions(sector);"
    "CREATE TABLE mc_countries("
    " seq INTEGER NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " country TEXT NOT NULL, PRIMARY KEY(seq, country)) WITHOUT ROWID;"
    "CREATE INDEX mc_countries_value ON mc_countries(country, seq);"
    "CREATE TABLE mc_target_groups("
    " seq INTEGER NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " target_group TEXT NOT NULL,"
    " PRIMARY KEY(seq, target_group)) WITHOUT ROWID;"
    "CREATE INDEX mc_target_groups_value"
    " ON mc_target_groups(target_group, seq);"
    "CREATE TABLE mc_languages("
    " seq INTEGER NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " lang TEXT NOT NULL, PRIMARY KEY(seq, lang)) WITHOUT ROWID;"
    "CREATE INDEX mc_languages_value ON mc_languages(lang, seq);"
    "CREATE TABLE mc_orgs("
    " seq INTEGER NOT NULL REFERENCES mc_versions(seq) ON DELETE CASCADE,"
    " org_id TEXT NOT NULL, PRIMARY KEY(seq, org_id)) WITHOUT ROWID;"
    "CREATE INDEX mc_orgs_value ON mc_orgs(org_id, seq);"
    "CREATE TABLE mc_events("
    " n INTEGER PRIMARY KEY, id TEXT NOT NULL, version INTEGER NOT NULL,"
    " from_status TEXT, to_status TEXT NOT NULL, actor TEXT, note TEXT,"
    " at TEXT NOT NULL);"
    "CREATE INDEX mc_events_id ON mc_events(id, version, n);"
    "CREATE TRIGGER mc_events_append_only BEFORE UPDATE ON mc_events"
    " BEGIN SELECT RAISE(ABORT, 'mc_events is append-only'); END;"
    "CREATE TRIGGER mc_events_no_delete BEFORE DELETE ON mc_events"
    " BEGIN SELECT RAISE(ABORT, 'mc_events is append-only'); END;"

    /* Full text: one row per MC version, rowid = mc_versions.seq, every
     * language of a text in one column. */
    "CREATE VIRTUAL TABLE mc_fts USING fts5("
    " title, description, outcomes, skills_and_orgs,"
    " tokenize = 'unicode61 remove_diacritics 2');"

    "CREATE TABLE esco_concepts("
    " seq INTEGER PRIMARY KEY, uri TEXT NOT NULL, lang TEXT NOT NULL,"
    " concept_type TEXT NOT NULL, skill_type TEXT, reuse_level TEXT,"
    " label TEXT NOT NULL, alt_labels TEXT, description TEXT,"
    " UNIQUE(uri, lang));"
    "CREATE VIRTUAL TABLE esco_fts USING fts5("
    " label, alt_labels, tokenize = 'unicode61 remove_diacritics 2');";

/* Version 2: issuer keys, issued credentials, status lists and the audit
 * log.  A status list index is allocated by inserting its status_entries
 * row (credential_seq NULL until cred_put links it), so allocation holds
 * in the database's transactions, not in a process's memory.
 * status_lists.taken has one bit per allocated index (MSB first, as in
 * bits), written in the same transaction as the row: the free-index probe
 * reads 16 KiB instead of walking runs of rows, which took tens of
 * milliseconds per index in a nearly full list.  The credentials UNIQUE
 * index also serves look-ups by mc_id. */
static const char schema_v2[] =
    "CREATE TABLE keys("
    " id TEXT PRIMARY KEY,"
    " org_id TEXT NOT NULL REFERENCES organisations(id),"
    " type TEXT NOT NULL, public_jwk TEXT NOT NULL,"
    " public_multibase TEXT, verification_method TEXT,"
    " sealed BLOB NOT NULL, created_at TEXT NOT NULL, retired_at TEXT);"
    "CREATE INDEX keys_org ON keys(org_id, type);"

    "CREATE TABLE credentials("
    " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " mc_id TEXT NOT NULL, mc_version INTEGER NOT NULL,"
    " org_id TEXT NOT NULL, format TEXT NOT NULL,"
    " learner_key TEXT NOT NULL, data BLOB NOT NULL,"
    " issued_at TEXT NOT NULL,"
    " UNIQUE(mc_id, mc_version, learner_key, format),"
    " FOREIGN KEY(mc_id, mc_version)"
    "  REFERENCES mc_versions(id, version));"

    "CREATE TABLE status_lists("
    " seq INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,"
    " org_id TEXT NOT NULL,"
    " purpose TEXT NOT NULL"
    "  CHECK(purpose IN ('revocation', 'suspension')),"
    " size INTEGER NOT NULL CHECK(size > 0 AND size % 8 = 0),"
    " bits BLOB NOT NULL, taken BLOB NOT NULL,"
    " used INTEGER NOT NULL DEFAULT 0,"
    " signed_json TEXT, updated_at TEXT NOT NULL);"
    "CREATE INDEX status_lists_org ON status_lists(org_id, purpose, seq);"
    "CREATE TABLE status_entries("
    " list_seq INTEGER NOT NULL REFERENCES status_lists(seq),"
    " idx INTEGER NOT NULL,"
    " credential_seq INTEGER REFERENCES credentials(seq),"
    " purpose TEXT NOT NULL,"
    " PRIMARY KEY(list_seq, idx)) WITHOUT ROWID;"
    "CREATE UNIQUE INDEX status_entries_cred"
    " ON status_entries(credential_seq, purpose);"

    "CREATE TABLE audit("
    " n INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT,"
    " action TEXT NOT NULL, subject TEXT, reason TEXT);"
    "CREATE INDEX audit_subject ON audit(subject, n);"
    "CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;";

/* Version 3: accounts.  Users with argon2id password hashes, their roles
 * per organisation (memberships.roles: the MC_ROLE_* bit set), sessions
 * and API tokens stored only as the hex SHA-256 of their secret
 * (api_tokens.scopes: the MC_SCOPE_* bit set), the organisation of each
 * audit entry, and indexes for listing credentials newest first by
 * issuer or MC.  Times are "YYYY-MM-DDTHH:MM:SSZ", which sort as text. */
static const char schema_v3[] =
    "CREATE TABLE users("
    " id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL, pwhash TEXT NOT NULL,"
    " platform_admin INTEGER NOT NULL DEFAULT 0,"
    " disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);"
    "CREATE TABLE memberships("
    " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " org_id TEXT NOT NULL REFERENCES organisations(id),"
    " roles INTEGER NOT NULL CHECK(roles > 0),"
    " PRIMARY KEY(user_id, org_id)) WITHOUT ROWID;"
    "CREATE INDEX memberships_org ON memberships(org_id, user_id);"
    "CREATE TABLE sessions("
    " id TEXT PRIMARY KEY,"
    " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " csrf TEXT NOT NULL, created_at TEXT NOT NULL,"
    " last_seen TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE api_tokens("
    " id TEXT PRIMARY KEY,"
    " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,"
    " scopes INTEGER NOT NULL, created_at TEXT NOT NULL,"
    " expires_at TEXT, last_used_at TEXT, revoked_at TEXT);"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);"
    "ALTER TABLE audit ADD COLUMN org_id TEXT;"
    "CREATE INDEX audit_org ON audit(org_id, n);"
    "CREATE INDEX credentials_org ON credentials(org_id, seq);"
    "CREATE INDEX credentials_mc ON credentials(mc_id, seq);";

/* Version 4: seals.  X.509 seal certificates of organisations and the
 * test CAs that sign test seals (org_id NULL, is_ca 1), each with its
 * PKCS#8 private key sealed under the master key (the id as associated
 * data), its chain as PEM (leaf first) and the subject facts the EDC
 * issuer needs.  An organisation's active seal is its newest row with no
 * retired_at. */
static const char schema_v4[] =
    "CREATE TABLE seals("
    " id TEXT PRIMARY KEY,"
    " org_id TEXT REFERENCES organisations(id),"
    " is_ca INTEGER NOT NULL DEFAULT 0, is_test INTEGER NOT NULL DEFAULT 0,"
    " alg TEXT NOT NULL, chain_pem TEXT NOT NULL, sealed BLOB NOT NULL,"
    " subject TEXT NOT NULL, issuer TEXT NOT NULL, serial TEXT NOT NULL,"
    " not_before TEXT NOT NULL, not_after TEXT NOT NULL,"
    " organization TEXT, country TEXT, org_identifier TEXT,"
    " fingerprint TEXT NOT NULL,"
    " created_at TEXT NOT NULL, retired_at TEXT,"
    " CHECK((is_ca = 1) = (org_id IS NULL)));"
    "CREATE INDEX seals_org ON seals(org_id, created_at);";

/* Version 5: who reviews and who awards.  org_recognitions holds what
 * the platform admin registered: an organisation recognised as a QA body
 * for a country (kind 'qa_body'), or a provider allowed to review its own
 * MCs (kind 'self_accrediting', for the provider's country); withdrawing
 * deletes the row (the audit log keeps both).  mc_consents holds, per MC
 * and awarding body other than the provider, whether that body's admin
 * accepted to award it: 'pending' from the draft's save until decided. */
static const char schema_v5[] =
    "CREATE TABLE org_recognitions("
    " org_id TEXT NOT NULL REFERENCES organisations(id),"
    " country TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK(kind IN ('qa_body', 'self_accrediting')),"
    " granted_by TEXT, granted_at TEXT NOT NULL,"
    " PRIMARY KEY(org_id, country, kind)) WITHOUT ROWID;"
    "CREATE INDEX org_recognitions_country"
    " ON org_recognitions(country, kind, org_id);"
    "CREATE TABLE mc_consents("
    " mc_id TEXT NOT NULL REFERENCES mcs(id),"
    " org_id TEXT NOT NULL REFERENCES organisations(id),"
    " state TEXT NOT NULL"
    "  CHECK(state IN ('pending', 'accepted', 'declined')),"
    " requested_by TEXT, requested_at TEXT NOT NULL,"
    " decided_by TEXT, decided_at TEXT,"
    " PRIMARY KEY(mc_id, org_id)) WITHOUT ROWID;"
    "CREATE INDEX mc_consents_org ON mc_consents(org_id, state, mc_id);";

/* Version 6: the client address of each audit entry (the peer, or the
 * address a trusted proxy forwarded; NULL from the command line). */
static const char schema_v6[] = "ALTER TABLE audit ADD COLUMN client TEXT;";

/* Version 7: a change counter per topic.  changes holds one row per
 * topic of the store (store.h, mc_store_changes()); triggers on every
 * table of a topic add one to its counter after each row written,
 * inserted, updated or deleted, inside the writer's transaction, so no
 * write can forget it and a rolled-back write leaves it as it was.  The
 * FTS tables (mc_fts, esco_fts) are written only together with a counted
 * table (triggers cannot be put on virtual tables).  Written so that it
 * can run again over what it made (tests that rebuild an older database
 * by dropping tables leave the counters).  A table added by a
 * later version gets its COUNTED() line there (test_store_changes checks
 * that every table has its three triggers). */
#define COUNT_ON(table, topic, event, when)                                    \
	"CREATE TRIGGER IF NOT EXISTS changes_" table "_" when " AFTER " event \
	" ON " table " BEGIN UPDATE changes SET counter = counter + 1"         \
	" WHERE topic = '" topic "'; END;"
#define COUNTED(table, topic)                                                  \
	COUNT_ON(table, topic, "INSERT", "ins")                                \
	COUNT_ON(table, topic, "UPDATE", "upd")                                \
	COUNT_ON(table, topic, "DELETE", "del")

/* One counted table per line. */
/* clang-format off */
static const char schema_v7[] =
    "CREATE TABLE IF NOT EXISTS changes(topic TEXT PRIMARY KEY,"
    " counter INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO changes(topic) VALUES ('settings'), ('catalogue'),"
    " ('esco'), ('accounts'), ('keys'), ('credentials'), ('audit'),"
    " ('policy');"
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
    COUNTED("esco_concepts", "esco")
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

/* Version 8: background jobs (store_sqlite_jobs.c), in the database so
 * that any node of a platform answers a job's status and takes over a job
 * whose node stopped renewing its lease.  seq orders claims, oldest
 * first; jobs_waiting serves the claim's search.  Counted as topic
 * "jobs".  Written to run again over what it made, as version 7. */
/* clang-format off */
static const char schema_v8[] =
    "CREATE TABLE IF NOT EXISTS jobs("
    " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK(state IN ('queued', 'running', 'done',"
    "  'partial', 'failed')),"
    " org_id TEXT, subject TEXT, payload TEXT NOT NULL, input BLOB,"
    " created_by TEXT, client TEXT, created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL, node TEXT, lease_until TEXT,"
    " claims INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0,"
    " total INTEGER NOT NULL DEFAULT 0, result TEXT, finished_at TEXT);"
    "CREATE INDEX IF NOT EXISTS jobs_waiting ON jobs(state, seq);"
    "CREATE INDEX IF NOT EXISTS jobs_org ON jobs(org_id, seq);"
    "INSERT OR IGNORE INTO changes(topic) VALUES ('jobs');"
    COUNTED("jobs", "jobs");
/* clang-format on */

/* Version 9: nothing on SQLite.  PostgreSQL's version 9 makes its
 * counter trigger notify listening nodes (mc_store_listen()); the step
 * keeps the two backends' version numbers naming the same tables. */
static const char schema_v9[] = "";

/* Version 10: rate limits (store_sqlite_limits.c), one row per bucket
 * taken from lately, keyed by class and the client's address bytes (4 for
 * IPv4, the /64 for IPv6).  Not counted: the backend's bookkeeping, which
 * no cache reads and db copy leaves behind.  Written to run again over
 * what it made, as version 7. */
static const char schema_v10[] =
    "CREATE TABLE IF NOT EXISTS rate_buckets(class TEXT NOT NULL,"
    " key BLOB NOT NULL, tat REAL NOT NULL, granted INTEGER NOT NULL,"
    " PRIMARY KEY(class, key)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS rate_buckets_tat ON rate_buckets(tat);";

/* Version 11: nothing on SQLite, whose one writer allocates status
 * indexes from the `taken` bits.  PostgreSQL's version 11 allocates them
 * from a counter per list (store_pg_schema.c). */
static const char schema_v11[] = "";

/* Version 12: nothing on SQLite, whose FTS5 index keeps its own pages.
 * PostgreSQL's version 12 keeps search documents uncompressed in their
 * rows (store_pg_schema.c). */
static const char schema_v12[] = "";

/* Version 13: nothing on SQLite.  PostgreSQL's version 13 bounds the
 * search indexes' pending lists (store_pg_schema.c). */
static const char schema_v13[] = "";

/* Version 14: nothing on SQLite.  PostgreSQL's version 14 keeps what a
 * search filters on beside each search document (store_pg_schema.c). */
static const char schema_v14[] = "";

/* clang-format off */
static const char *const migrations[] = {
    schema_v1, schema_v2, schema_v3, schema_v4, schema_v5,
    schema_v6, schema_v7, schema_v8, schema_v9, schema_v10,
    schema_v11, schema_v12, schema_v13, schema_v14,
};
/* clang-format on */

#define SCHEMA_VERSION ((int)MC__ARRAY_SIZE(migrations))

const int mc__sq_schema_version = SCHEMA_VERSION;

/* One integer from a PRAGMA or query; SQLite's result code on failure. */
static int query_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		goto cleanup;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}

cleanup:
	sqlite3_finalize(st);
	return rc;
}

/* Apply migration steps until the database is at SCHEMA_VERSION.  Each
 * step re-reads user_version inside its transaction, so two processes
 * opening an old database at once do not apply a step twice. */
int mc__sq_schema_migrate(struct mc__sqlite *h)
{
	long long version;
	char sql[96];
	int error = 0;

	for (;;) {
		if ((error = mc__sq_exec(h, "BEGIN IMMEDIATE", "migrate")))
			return error;
		if (query_int(h->db, "PRAGMA user_version", &version) !=
		    SQLITE_OK) {
			error = mc__sq_error(h, "migrate");
			goto cleanup;
		}
		if (version >= SCHEMA_VERSION)
			break;
		if ((error = mc__sq_exec(h, migrations[version], "migrate")))
			goto cleanup;
		snprintf(
		    sql, sizeof(sql),
		    "PRAGMA application_id = %d; PRAGMA user_version = %lld",
		    MC__SQLITE_APP_ID, version + 1);
		if ((error = mc__sq_exec(h, sql, "migrate")))
			goto cleanup;
		if ((error = mc__sq_exec(h, "COMMIT", "migrate")))
			goto cleanup;
	}
	error = mc__sq_exec(h, "COMMIT", "migrate");
	return error;

cleanup:
	sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	return error;
}

/* Decide whether the open file is ours, new, or something else. */
int mc__sq_schema_check(struct mc__sqlite *h, const char *path,
			long long *version)
{
	long long app_id, tables;
	int rc;

	rc = query_int(h->db, "PRAGMA application_id", &app_id);
	if (rc == SQLITE_OK)
		rc = query_int(h->db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = query_int(h->db, "SELECT count(*) FROM sqlite_master",
			       &tables);
	if ((rc & 0xFF) == SQLITE_NOTADB)
		return mc__store_error(&h->base, MC_ENOTOURS,
				       "%s: not a microcred database", path);
	if (rc != SQLITE_OK)
		return mc__store_error(&h->base, MC_EDB, "%s: %s", path,
				       sqlite3_errmsg(h->db));
	if (app_id == 0 && tables == 0 && *version == 0)
		return 0; /* empty: becomes ours */
	if (app_id != MC__SQLITE_APP_ID)
		return mc__store_error(&h->base, MC_ENOTOURS,
				       "%s: not a microcred database", path);
	if (*version > SCHEMA_VERSION)
		return mc__store_error(&h->base, MC_EVERSION,
				       "database is schema version %lld, this "
				       "program knows %d; upgrade microcred",
				       *version, SCHEMA_VERSION);
	return 0;
}
