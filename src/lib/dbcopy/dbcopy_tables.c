/*
 * The tables that are data, as every backend has them, in foreign-key
 * order.  A table or column added to the schema must be added here (or
 * to a backend's rebuilt or own list, store_rows.h): mc_store_copy()
 * refuses a database holding one it does not know, so nothing is left
 * behind silently.
 *
 * Not here, because the target rebuilds them from these: the facets of
 * each MC version (mc_countries, mc_target_groups, mc_languages,
 * mc_orgs) and the search texts (SQLite's mc_fts and esco_fts,
 * PostgreSQL's mc_search and esco_search).  Nor a backend's bookkeeping
 * (SQLite's changes, PostgreSQL's schema_version).
 *
 * Types: i integer, r real, t text, b blob (store_rows.h).
 */
#include "dbcopy.h"

#define TABLE(name, key, types, ...)                                           \
	{                                                                      \
		name, key, types, (const char *const[]){__VA_ARGS__},          \
		    sizeof((const char *const[]){__VA_ARGS__}) /               \
			sizeof(const char *)                                   \
	}

const struct mc__table mc__copy_tables[] = {
    TABLE("meta", "key", "tt", "key", "value"),
    TABLE("organisations", "id", "ttttttt", "id", "country", "region", "type",
	  "short_name", "legal_identifier", "website"),
    TABLE("org_names", "org_id, lang", "titt", "org_id", "ord", "lang", "text"),
    TABLE("mcs", "id", "t", "id"),
    TABLE("clusters", "id", "tt", "id", "kind"),
    TABLE("cluster_texts", "cluster_id, field, lang", "ttitt", "cluster_id",
	  "field", "ord", "lang", "text"),
    TABLE("cluster_orgs", "cluster_id, org_id", "tti", "cluster_id", "org_id",
	  "ord"),
    TABLE("cluster_mcs", "cluster_id, mc_id", "tti", "cluster_id", "mc_id",
	  "ord"),
    TABLE("mc_versions", "seq", "ititttttttirttt", "seq", "id", "version",
	  "status", "doc", "created_at", "updated_at", "provider", "country",
	  "sector", "eqf_level", "ects", "primary_language", "title_en",
	  "titles"),
    TABLE("mc_events", "n", "itittttt", "n", "id", "version", "from_status",
	  "to_status", "actor", "note", "at"),
    TABLE("esco_concepts", "seq", "itttttttt", "seq", "uri", "lang",
	  "concept_type", "skill_type", "reuse_level", "label", "alt_labels",
	  "description"),
    TABLE("users", "id", "ttttiit", "id", "email", "name", "pwhash",
	  "platform_admin", "disabled", "created_at"),
    TABLE("memberships", "user_id, org_id", "tti", "user_id", "org_id",
	  "roles"),
    TABLE("sessions", "id", "tttttt", "id", "user_id", "csrf", "created_at",
	  "last_seen", "expires_at"),
    TABLE("api_tokens", "id", "ttttitttt", "id", "user_id", "name", "hash",
	  "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"),
    TABLE("keys", "seq", "ittttttbtt", "seq", "id", "org_id", "type",
	  "public_jwk", "public_multibase", "verification_method", "sealed",
	  "created_at", "retired_at"),
    TABLE("seals", "seq", "ittiittbttttttttttt", "seq", "id", "org_id", "is_ca",
	  "is_test", "alg", "chain_pem", "sealed", "subject", "issuer",
	  "serial", "not_before", "not_after", "organization", "country",
	  "org_identifier", "fingerprint", "created_at", "retired_at"),
    TABLE("credentials", "seq", "ittitttbt", "seq", "id", "mc_id", "mc_version",
	  "org_id", "format", "learner_key", "data", "issued_at"),
    TABLE("status_lists", "seq", "itttibbitt", "seq", "url", "org_id",
	  "purpose", "size", "bits", "taken", "used", "signed_json",
	  "updated_at"),
    TABLE("status_entries", "list_seq, idx", "iiit", "list_seq", "idx",
	  "credential_seq", "purpose"),
    TABLE("audit", "n", "ittttttt", "n", "at", "actor", "action", "subject",
	  "reason", "org_id", "client"),
    TABLE("org_recognitions", "org_id, country, kind", "ttttt", "org_id",
	  "country", "kind", "granted_by", "granted_at"),
    TABLE("mc_consents", "mc_id, org_id", "ttttttt", "mc_id", "org_id", "state",
	  "requested_by", "requested_at", "decided_by", "decided_at"),
    TABLE("jobs", "seq", "ittttttbttttttiiitt", "seq", "id", "kind", "state",
	  "org_id", "subject", "payload", "input", "created_by", "client",
	  "created_at", "updated_at", "node", "lease_until", "claims", "done",
	  "total", "result", "finished_at"),
};

const size_t mc__copy_ntables = MC__ARRAY_SIZE(mc__copy_tables);
