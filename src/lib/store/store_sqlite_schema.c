/*
 * SQLite backend: opening a database, telling ours from anything else,
 * migrating the schema, transactions and the statement caches.
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

static const char *const migrations[] = {
    schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6,
};

#define SCHEMA_VERSION ((int)MC__ARRAY_SIZE(migrations))

static const char *const stmt_sql[SQ__COUNT] = {
    [SQ_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [SQ_META_SET] = "INSERT INTO meta(key, value) VALUES(?1, ?2)"
		    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [SQ_ORG_UPSERT] =
	"INSERT INTO organisations(id, country, region, type,"
	" short_name, legal_identifier, website)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" ON CONFLICT(id) DO UPDATE SET country = excluded.country,"
	" region = excluded.region, type = excluded.type,"
	" short_name = excluded.short_name,"
	" legal_identifier = excluded.legal_identifier,"
	" website = excluded.website",
    [SQ_ORG_NAMES_DEL] = "DELETE FROM org_names WHERE org_id = ?1",
    [SQ_ORG_NAME_INS] = "INSERT OR REPLACE INTO org_names(org_id, ord,"
			" lang, text) VALUES(?1, ?2, ?3, ?4)",
    [SQ_ORG_GET] = "SELECT id, country, region, type, short_name,"
		   " legal_identifier, website FROM organisations"
		   " WHERE id = ?1",
    [SQ_ORG_NAMES_GET] = "SELECT lang, text FROM org_names"
			 " WHERE org_id = ?1 ORDER BY ord",
    [SQ_ORG_LIST] = "SELECT id FROM organisations"
		    " WHERE ?1 IS NULL OR country = ?1 ORDER BY id",
    [SQ_ORG_EXISTS] = "SELECT 1 FROM organisations WHERE id = ?1",
    [SQ_CLUSTER_UPSERT] = "INSERT INTO clusters(id, kind) VALUES(?1, ?2)"
			  " ON CONFLICT(id) DO UPDATE"
			  " SET kind = excluded.kind",
    [SQ_CLUSTER_TEXTS_DEL] = "DELETE FROM cluster_texts"
			     " WHERE cluster_id = ?1",
    [SQ_CLUSTER_TEXT_INS] = "INSERT OR REPLACE INTO cluster_texts("
			    "cluster_id, field, ord, lang, text)"
			    " VALUES(?1, ?2, ?3, ?4, ?5)",
    [SQ_CLUSTER_ORGS_DEL] = "DELETE FROM cluster_orgs"
			    " WHERE cluster_id = ?1",
    [SQ_CLUSTER_ORG_INS] = "INSERT OR IGNORE INTO cluster_orgs("
			   "cluster_id, org_id, ord) VALUES(?1, ?2,"
			   " (SELECT count(*) FROM cluster_orgs"
			   "  WHERE cluster_id = ?1))",
    [SQ_CLUSTER_MCS_DEL] = "DELETE FROM cluster_mcs WHERE cluster_id = ?1",
    [SQ_CLUSTER_MC_INS] = "INSERT OR IGNORE INTO cluster_mcs("
			  "cluster_id, mc_id, ord) VALUES(?1, ?2,"
			  " (SELECT count(*) FROM cluster_mcs"
			  "  WHERE cluster_id = ?1))",
    [SQ_CLUSTER_GET] = "SELECT kind FROM clusters WHERE id = ?1",
    [SQ_CLUSTER_TEXTS_GET] = "SELECT field, lang, text FROM cluster_texts"
			     " WHERE cluster_id = ?1 ORDER BY field, ord",
    [SQ_CLUSTER_ORGS_GET] = "SELECT org_id FROM cluster_orgs"
			    " WHERE cluster_id = ?1 ORDER BY ord",
    [SQ_CLUSTER_MCS_GET] = "SELECT mc_id FROM cluster_mcs"
			   " WHERE cluster_id = ?1 ORDER BY ord",
    [SQ_CLUSTER_IDS] = "SELECT id FROM clusters ORDER BY id",
    [SQ_MC_EXISTS] = "SELECT 1 FROM mcs WHERE id = ?1",
    [SQ_MC_FIND] = "SELECT seq FROM mc_versions"
		   " WHERE id = ?1 AND version = ?2",
    [SQ_MCS_INS] = "INSERT OR IGNORE INTO mcs(id) VALUES(?1)",
    [SQ_MC_INS] = "INSERT INTO mc_versions(id, version, status, doc,"
		  " created_at, updated_at, provider, country, sector,"
		  " eqf_level, ects, primary_language, title_en, titles)"
		  " VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10,"
		  " ?11, ?12, ?13)",
    [SQ_MC_UPD] = "UPDATE mc_versions SET status = ?3, doc = ?4,"
		  " updated_at = ?5, provider = ?6, country = ?7,"
		  " sector = ?8, eqf_level = ?9, ects = ?10,"
		  " primary_language = ?11, title_en = ?12, titles = ?13"
		  " WHERE seq = ?14",
    [SQ_MC_COUNTRIES_DEL] = "DELETE FROM mc_countries WHERE seq = ?1",
    [SQ_MC_GROUPS_DEL] = "DELETE FROM mc_target_groups WHERE seq = ?1",
    [SQ_MC_LANGS_DEL] = "DELETE FROM mc_languages WHERE seq = ?1",
    [SQ_MC_ORGS_DEL] = "DELETE FROM mc_orgs WHERE seq = ?1",
    [SQ_MC_FTS_DEL] = "DELETE FROM mc_fts WHERE rowid = ?1",
    [SQ_MC_COUNTRY_INS] = "INSERT OR IGNORE INTO mc_countries(seq,"
			  " country) VALUES(?1, ?2)",
    [SQ_MC_GROUP_INS] = "INSERT OR IGNORE INTO mc_target_groups(seq,"
			" target_group) VALUES(?1, ?2)",
    [SQ_MC_LANG_INS] = "INSERT OR IGNORE INTO mc_languages(seq, lang)"
		       " VALUES(?1, ?2)",
    [SQ_MC_ORG_INS] = "INSERT OR IGNORE INTO mc_orgs(seq, org_id)"
		      " VALUES(?1, ?2)",
    [SQ_MC_FTS_INS] = "INSERT INTO mc_fts(rowid, title, description,"
		      " outcomes, skills_and_orgs)"
		      " VALUES(?1, ?2, ?3, ?4, ?5)",
    [SQ_ESCO_LABELS] = "SELECT label FROM esco_concepts WHERE uri = ?1",
    [SQ_MC_GET_VERSION] = "SELECT doc, version, status FROM mc_versions"
			  " WHERE id = ?1 AND version = ?2",
    [SQ_MC_GET_LATEST] = "SELECT doc, version, status FROM mc_versions"
			 " WHERE id = ?1 ORDER BY version DESC LIMIT 1",
    [SQ_MC_GET_PUBLISHED] = "SELECT doc, version, status FROM mc_versions"
			    " WHERE id = ?1 AND status = 'published'"
			    " ORDER BY version DESC LIMIT 1",
    [SQ_MC_VERSIONS] = "SELECT version, status, updated_at"
		       " FROM mc_versions WHERE id = ?1 ORDER BY version",
    [SQ_MC_SET_STATUS] = "UPDATE mc_versions SET status = ?3,"
			 " updated_at = ?4 WHERE id = ?1 AND version = ?2",
    [SQ_MC_IDS] = "SELECT id FROM mcs ORDER BY id",
    [SQ_MC_EVENT_INS] = "INSERT INTO mc_events(id, version, from_status,"
			" to_status, actor, note, at)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_MC_HIT] = "SELECT id, version, status, provider, country, sector,"
		  " eqf_level, ects, primary_language, titles"
		  " FROM mc_versions WHERE seq = ?1",
    [SQ_ESCO_FIND] = "SELECT seq FROM esco_concepts"
		     " WHERE uri = ?1 AND lang = ?2",
    [SQ_ESCO_INS] = "INSERT INTO esco_concepts(uri, lang, concept_type,"
		    " skill_type, reuse_level, label, alt_labels,"
		    " description) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [SQ_ESCO_UPD] = "UPDATE esco_concepts SET concept_type = ?3,"
		    " skill_type = ?4, reuse_level = ?5, label = ?6,"
		    " alt_labels = ?7, description = ?8 WHERE seq = ?9",
    [SQ_ESCO_FTS_DEL] = "DELETE FROM esco_fts WHERE rowid = ?1",
    [SQ_ESCO_FTS_INS] = "INSERT INTO esco_fts(rowid, label, alt_labels)"
			" VALUES(?1, ?2, ?3)",
    [SQ_ESCO_GET] = "SELECT uri, lang, concept_type, skill_type,"
		    " reuse_level, label, alt_labels, description"
		    " FROM esco_concepts WHERE uri = ?1"
		    " ORDER BY lang = 'en' DESC, lang LIMIT 1",
    [SQ_ESCO_LOOKUP] = "SELECT c.uri, c.lang, c.concept_type,"
		       " c.skill_type, c.reuse_level, c.label,"
		       " c.alt_labels, c.description"
		       " FROM esco_fts JOIN esco_concepts c"
		       " ON c.seq = esco_fts.rowid"
		       " WHERE esco_fts MATCH ?1"
		       " ORDER BY bm25(esco_fts, 4.0, 1.0), c.label, c.uri"
		       " LIMIT ?2",
    [SQ_KEY_INS] = "INSERT INTO keys(id, org_id, type, public_jwk,"
		   " public_multibase, verification_method, sealed,"
		   " created_at, retired_at)"
		   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [SQ_KEY_GET] = "SELECT id, org_id, type, created_at, retired_at,"
		   " public_jwk, public_multibase, verification_method,"
		   " sealed FROM keys WHERE id = ?1",
    [SQ_KEY_LIST] = "SELECT id, org_id, type, created_at, retired_at,"
		    " public_jwk, public_multibase, verification_method"
		    " FROM keys WHERE ?1 IS NULL OR org_id = ?1"
		    " ORDER BY created_at, rowid",
    [SQ_KEY_RETIRE] = "UPDATE keys SET retired_at = ?2"
		      " WHERE id = ?1 AND retired_at IS NULL",
    [SQ_KEY_EXISTS] = "SELECT 1 FROM keys WHERE id = ?1",
    [SQ_CRED_INS] = "INSERT INTO credentials(id, mc_id, mc_version,"
		    " org_id, format, learner_key, data, issued_at)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [SQ_CRED_LINK] = "UPDATE status_entries SET credential_seq = ?1"
		     " WHERE list_seq = (SELECT seq FROM status_lists"
		     "  WHERE url = ?2) AND idx = ?3 AND purpose = ?4"
		     " AND credential_seq IS NULL",
    [SQ_CRED_GET] = "SELECT id, mc_id, mc_version, org_id, format, data,"
		    " issued_at FROM credentials WHERE id = ?1",
    [SQ_CRED_FIND] = "SELECT id, mc_id, mc_version, org_id, format, data,"
		     " issued_at FROM credentials WHERE mc_id = ?1"
		     " AND mc_version = ?2 AND learner_key = ?3"
		     " AND format = ?4",
    [SQ_CRED_IDS_OF_MC] = "SELECT id FROM credentials WHERE mc_id = ?1"
			  " ORDER BY seq",
    [SQ_CRED_REFS] = "SELECT e.purpose, l.url, e.idx FROM credentials c"
		     " JOIN status_entries e ON e.credential_seq = c.seq"
		     " JOIN status_lists l ON l.seq = e.list_seq"
		     " WHERE c.id = ?1 ORDER BY e.purpose",
    [SQ_CRED_EXISTS] = "SELECT 1 FROM credentials WHERE id = ?1",
    [SQ_SL_ROOM] = "SELECT seq, url, size FROM status_lists"
		   " WHERE org_id = ?1 AND purpose = ?2 AND used < size"
		   " ORDER BY seq DESC LIMIT 1",
    [SQ_SL_COUNT] = "SELECT count(*) FROM status_lists"
		    " WHERE org_id = ?1 AND purpose = ?2",
    [SQ_SL_INS] = "INSERT INTO status_lists(url, org_id, purpose, size,"
		  " bits, taken, used, updated_at)"
		  " VALUES(?1, ?2, ?3, ?4, zeroblob(?4 / 8), zeroblob(?4 / 8),"
		  " 0, ?5)",
    [SQ_SL_USED] = "UPDATE status_lists SET used = used + 1"
		   " WHERE seq = ?1",
    [SQ_SL_FIND] = "SELECT seq, size FROM status_lists WHERE url = ?1",
    [SQ_SL_TOUCH] = "UPDATE status_lists SET signed_json = NULL,"
		    " updated_at = ?2 WHERE seq = ?1",
    [SQ_SL_GET] = "SELECT url, org_id, purpose, size, bits, signed_json,"
		  " updated_at FROM status_lists WHERE url = ?1",
    [SQ_SL_SIGNED] = "UPDATE status_lists SET signed_json = ?2"
		     " WHERE url = ?1",
    [SQ_SL_INFOS] = "SELECT url, org_id, purpose, size, used, bits"
		    " FROM status_lists ORDER BY org_id, purpose, seq",
    [SQ_SE_INS] = "INSERT INTO status_entries(list_seq, idx,"
		  " credential_seq, purpose) VALUES(?1, ?2, NULL, ?3)",
    [SQ_AUDIT_INS] = "INSERT INTO audit(at, actor, action, subject,"
		     " reason, org_id, client)"
		     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_USER_INS] = "INSERT INTO users(id, email, name, pwhash,"
		    " platform_admin, disabled, created_at)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_USER_GET] = "SELECT id, email, name, platform_admin, disabled,"
		    " created_at, pwhash FROM users"
		    " WHERE id = ?1 OR email = ?1",
    [SQ_USER_LIST] = "SELECT id, email, name, platform_admin, disabled,"
		     " created_at, pwhash FROM users WHERE ?1 IS NULL"
		     " OR id IN (SELECT user_id FROM memberships"
		     "  WHERE org_id = ?1) ORDER BY email",
    [SQ_USER_MEMBERSHIPS] = "SELECT org_id, roles FROM memberships"
			    " WHERE user_id = ?1 ORDER BY org_id",
    [SQ_ADMIN_COUNT] = "SELECT count(*) FROM users"
		       " WHERE platform_admin = 1 AND disabled = 0",
    [SQ_USER_SET_HASH] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
    [SQ_USER_SET_DISABLED] = "UPDATE users SET disabled = ?2"
			     " WHERE id = ?1",
    [SQ_USER_SET_NAME] = "UPDATE users SET name = ?2 WHERE id = ?1",
    [SQ_MEMBER_UPSERT] = "INSERT INTO memberships(user_id, org_id, roles)"
			 " VALUES(?1, ?2, ?3) ON CONFLICT(user_id, org_id)"
			 " DO UPDATE SET roles = excluded.roles",
    [SQ_MEMBER_DEL] = "DELETE FROM memberships"
		      " WHERE user_id = ?1 AND org_id = ?2",
    [SQ_SESSION_INS] = "INSERT INTO sessions(id, user_id, csrf,"
		       " created_at, last_seen, expires_at)"
		       " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [SQ_SESSION_GET] = "SELECT id, user_id, csrf, created_at, last_seen,"
		       " expires_at FROM sessions WHERE id = ?1",
    [SQ_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?2"
			 " WHERE id = ?1",
    [SQ_SESSION_DEL] = "DELETE FROM sessions WHERE id = ?1",
    [SQ_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?1",
    [SQ_TOKEN_INS] = "INSERT INTO api_tokens(id, user_id, name, hash,"
		     " scopes, created_at, expires_at)"
		     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_TOKEN_FIND] = "SELECT id, user_id, name, scopes, created_at,"
		      " expires_at, last_used_at, revoked_at"
		      " FROM api_tokens WHERE hash = ?1",
    [SQ_TOKEN_LIST] = "SELECT id, user_id, name, scopes, created_at,"
		      " expires_at, last_used_at, revoked_at"
		      " FROM api_tokens WHERE user_id = ?1"
		      " ORDER BY created_at, id",
    [SQ_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = ?3"
			" WHERE id = ?2 AND user_id = ?1"
			" AND revoked_at IS NULL",
    [SQ_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = ?2"
		       " WHERE id = ?1",
    /* Two statements, so that an organisation's entries come from the
     * audit_org index rather than a walk of the whole log. */
    [SQ_AUDIT_LIST] = "SELECT n, at, actor, action, subject, org_id,"
		      " reason, client FROM audit WHERE n < ?2"
		      " ORDER BY n DESC LIMIT ?3",
    [SQ_AUDIT_LIST_ORG] = "SELECT n, at, actor, action, subject, org_id,"
			  " reason, client FROM audit"
			  " WHERE org_id = ?1 AND n < ?2"
			  " ORDER BY n DESC LIMIT ?3",
    [SQ_MC_HISTORY] = "SELECT n, version, from_status, to_status, actor,"
		      " note, at FROM mc_events WHERE id = ?1"
		      " AND (?2 = 0 OR version = ?2) ORDER BY n",
    /* The audit_subject index finds it. */
    [SQ_AUDIT_LAST] = "SELECT at, reason FROM audit WHERE subject = ?1"
		      " AND action = ?2 ORDER BY n DESC LIMIT 1",
};

static const char *const status_names[] = {
    "draft", "in_review", "approved", "published", "retired",
};

const char *mc__sq_status_name(int status)
{
	if (status < 0 || status >= (int)MC__ARRAY_SIZE(status_names))
		return NULL;
	return status_names[status];
}

int mc__sq_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < (int)MC__ARRAY_SIZE(status_names); i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

int mc__sq_error(struct mc__sqlite *h, const char *what)
{
	int rc = sqlite3_extended_errcode(h->db);
	int code = MC_EDB;

	if ((rc & 0xFF) == SQLITE_CONSTRAINT)
		code = MC_EINVALID;
	return mc__store_error(&h->base, code, "%s: %s", what,
			       sqlite3_errmsg(h->db));
}

sqlite3_stmt *mc__sq_stmt(struct mc__sqlite *h, enum mc__sq_stmt id)
{
	sqlite3_stmt *st = h->stmts[id];

	if (!st) {
		if (sqlite3_prepare_v3(h->db, stmt_sql[id], -1,
				       SQLITE_PREPARE_PERSISTENT, &st,
				       NULL) != SQLITE_OK) {
			mc__sq_error(h, "prepare");
			return NULL;
		}
		h->stmts[id] = st;
		return st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

sqlite3_stmt *mc__sq_dyn(struct mc__sqlite *h, const char *sql)
{
	size_t i, victim = 0;
	sqlite3_stmt *st = NULL;

	for (i = 0; i < MC__SQ_DYN_MAX; i++) {
		if (h->dyn[i].sql && strcmp(h->dyn[i].sql, sql) == 0) {
			h->dyn[i].used = ++h->tick;
			sqlite3_reset(h->dyn[i].stmt);
			sqlite3_clear_bindings(h->dyn[i].stmt);
			return h->dyn[i].stmt;
		}
		if (h->dyn[i].used < h->dyn[victim].used)
			victim = i;
	}
	if (sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		mc__sq_error(h, "prepare");
		return NULL;
	}
	free(h->dyn[victim].sql);
	sqlite3_finalize(h->dyn[victim].stmt);
	h->dyn[victim].stmt = NULL;
	if (!(h->dyn[victim].sql = mc__strdup(sql))) {
		sqlite3_finalize(st);
		mc__store_error(&h->base, MC_ENOMEM, "out of memory");
		return NULL;
	}
	h->dyn[victim].stmt = st;
	h->dyn[victim].used = ++h->tick;
	return st;
}

/* Run SQL without results; 0 or the handle's message and MC_EDB. */
static int exec(struct mc__sqlite *h, const char *sql, const char *what)
{
	if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return mc__sq_error(h, what);
	return 0;
}

int mc__sq_begin(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	char sql[48];
	int error;

	if (h->depth == 0)
		snprintf(sql, sizeof(sql), "%s",
			 h->readonly ? "BEGIN" : "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof(sql), "SAVEPOINT mc%d", h->depth);
	if ((error = exec(h, sql, "begin")))
		return error;
	h->depth++;
	return 0;
}

int mc__sq_commit(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	char sql[48];
	int error;

	if (h->depth == 0)
		return mc__store_error(s, MC_EUSAGE,
				       "commit: no transaction open");
	if (h->depth == 1)
		snprintf(sql, sizeof(sql), "COMMIT");
	else
		snprintf(sql, sizeof(sql), "RELEASE mc%d", h->depth - 1);
	if ((error = exec(h, sql, "commit"))) {
		/* A failed COMMIT leaves the transaction open: end it. */
		if (h->depth == 1 && !sqlite3_get_autocommit(h->db))
			sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
		else if (h->depth > 1)
			return error;
		h->depth--;
		return error;
	}
	h->depth--;
	return 0;
}

int mc__sq_rollback(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	char sql[80];
	int error = 0;

	if (h->depth == 0)
		return mc__store_error(s, MC_EUSAGE,
				       "rollback: no transaction open");
	if (h->depth == 1) {
		/* SQLite may already have rolled back (e.g. on SQLITE_FULL). */
		if (!sqlite3_get_autocommit(h->db))
			error = exec(h, "ROLLBACK", "rollback");
	} else {
		snprintf(sql, sizeof(sql), "ROLLBACK TO mc%d; RELEASE mc%d",
			 h->depth - 1, h->depth - 1);
		error = exec(h, sql, "rollback");
	}
	h->depth--;
	return error;
}

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
static int migrate(struct mc__sqlite *h)
{
	long long version;
	char sql[96];
	int error = 0;

	for (;;) {
		if ((error = exec(h, "BEGIN IMMEDIATE", "migrate")))
			return error;
		if (query_int(h->db, "PRAGMA user_version", &version) !=
		    SQLITE_OK) {
			error = mc__sq_error(h, "migrate");
			goto cleanup;
		}
		if (version >= SCHEMA_VERSION)
			break;
		if ((error = exec(h, migrations[version], "migrate")))
			goto cleanup;
		snprintf(
		    sql, sizeof(sql),
		    "PRAGMA application_id = %d; PRAGMA user_version = %lld",
		    MC__SQLITE_APP_ID, version + 1);
		if ((error = exec(h, sql, "migrate")))
			goto cleanup;
		if ((error = exec(h, "COMMIT", "migrate")))
			goto cleanup;
	}
	error = exec(h, "COMMIT", "migrate");
	return error;

cleanup:
	sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	return error;
}

/* Decide whether the open file is ours, new, or something else. */
static int identify(struct mc__sqlite *h, const char *path, long long *version)
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

int mc__sq_open_db(struct mc__sqlite *h, const char *path,
		   const mc_store_options *opts)
{
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	long long version = 0;
	int rc, error = 0;

	h->readonly = opts->readonly;
	if (opts->readonly)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE |
			 (opts->create ? SQLITE_OPEN_CREATE : 0);
	/* A new database holds sealed keys, accounts and every learner's
	 * credential: it is made 0600, like the master key file, whatever
	 * the umask (SQLite gives its -wal and -shm files the database's
	 * mode).  Not for ":memory:" or URIs. */
	if (!opts->readonly && opts->create && strcmp(path, ":memory:") != 0 &&
	    strncmp(path, "file:", 5) != 0) {
		int fd =
		    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return mc__store_error(&h->base, MC_EIO, "%s: %s", path,
					       strerror(errno));
	}
	rc = sqlite3_open_v2(path, &h->db, flags, NULL);
	if (rc != SQLITE_OK) {
		if (!h->db)
			return mc__store_error(&h->base, MC_ENOMEM,
					       "out of memory");
		if (access(path, F_OK) != 0 && errno == ENOENT)
			return mc__store_error(&h->base, MC_ENOTFOUND,
					       "%s: no such database", path);
		return mc__store_error(&h->base, MC_EIO, "%s: %s", path,
				       sqlite3_errmsg(h->db));
	}
	sqlite3_extended_result_codes(h->db, 1);
	sqlite3_busy_timeout(h->db, 5000);
	if ((error = identify(h, path, &version)))
		return error;
	if (opts->readonly && version < SCHEMA_VERSION)
		return mc__store_error(&h->base, MC_EVERSION,
				       "database is schema version %lld, this "
				       "program needs %d; open it read-write "
				       "once to upgrade it",
				       version, SCHEMA_VERSION);
	if (!opts->readonly &&
	    (error = exec(h, "PRAGMA journal_mode = WAL", "open")))
		return error;
	if ((error = exec(h,
			  "PRAGMA synchronous = NORMAL;"
			  " PRAGMA foreign_keys = ON;"
			  " PRAGMA temp_store = MEMORY",
			  "open")))
		return error;
	/* A database at the current schema needs no migration, and no write
	 * lock to find that out: user_version only ever grows, so a reader
	 * that saw SCHEMA_VERSION cannot be wrong.  Older ones take the lock
	 * in migrate() and re-read it there. */
	if (!opts->readonly && version < SCHEMA_VERSION && (error = migrate(h)))
		return error;
	h->base.schema_version = SCHEMA_VERSION;
	return 0;
}

void mc__sq_close_db(struct mc__sqlite *h)
{
	size_t i;

	for (i = 0; i < SQ__COUNT; i++) {
		sqlite3_finalize(h->stmts[i]);
		h->stmts[i] = NULL;
	}
	for (i = 0; i < MC__SQ_DYN_MAX; i++) {
		sqlite3_finalize(h->dyn[i].stmt);
		free(h->dyn[i].sql);
		h->dyn[i].stmt = NULL;
		h->dyn[i].sql = NULL;
	}
	if (h->db && h->depth && !sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h->db);
	h->db = NULL;
}
