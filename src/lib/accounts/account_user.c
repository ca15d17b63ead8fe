/*
 * Users and their roles in organisations (see account.h): the names of
 * roles and scopes, checking and hashing passwords, creating users, the
 * first-run platform admin, memberships, and users as JSON.
 *
 * Every write of several rows is one transaction: changing a password ends
 * the user's sessions and revokes their API tokens, and disabling a user
 * ends their sessions, in the same transaction.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_private.h"
#include "crypto/crypto.h"
#include "util/encoding.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

/* OWASP Password Storage Cheat Sheet, minimum for argon2id: m = 19 MiB,
 * t = 2, p = 1 (libsodium always uses one lane). */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024 * 1024)

/* ---- roles and scopes --------------------------------------------------- */

static const char *const role_names[] = {"admin", "designer", "reviewer",
					 "issuer", "viewer"};
static const char *const scope_names[] = {
    "read", "catalogue", "review", "issue", "revoke", "keys", "admin"};

/* The name of the single bit `bit` in `names`, or NULL. */
static const char *bit_name(const char *const *names, size_t n, unsigned bit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

/* Parse a comma-separated list of names into bits; "none" gives 0 and
 * "all" gives `all` when `all` is non-zero. */
static int bits_parse(unsigned *out, const char *text, const char *const *names,
		      size_t n, unsigned all, const char *what, char *err,
		      size_t errlen)
{
	const char *p = text, *end;
	unsigned bits = 0;
	size_t i, len;

	*out = 0;
	if (!text || !*text) {
		mc__set_err(err, errlen, "%s: empty", what);
		return MC_EINVALID;
	}
	if (strcmp(text, "none") == 0)
		return 0;
	if (all && strcmp(text, "all") == 0) {
		*out = all;
		return 0;
	}
	while (*p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len &&
			    strncmp(names[i], p, len) == 0)
				break;
		if (i == n) {
			mc__set_err(err, errlen, "%s: unknown '%.*s'", what,
				    (int)(len > 40 ? 40 : len), p);
			return MC_EINVALID;
		}
		bits |= 1u << i;
		p += len + (end ? 1 : 0);
		if (end && !*p) {
			mc__set_err(err, errlen, "%s: trailing comma", what);
			return MC_EINVALID;
		}
	}
	*out = bits;
	return 0;
}

static void bits_format(char *buf, size_t len, unsigned bits,
			const char *const *names, size_t n)
{
	size_t i, used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		int w;

		if (!(bits & (1u << i)))
			continue;
		w = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
			     names[i]);
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
	}
}

const char *mc_role_name(unsigned role)
{
	return bit_name(role_names, MC__ARRAY_SIZE(role_names), role);
}

int mc_roles_parse(unsigned *out, const char *text, char *err, size_t errlen)
{
	return bits_parse(out, text, role_names, MC__ARRAY_SIZE(role_names), 0,
			  "roles", err, errlen);
}

void mc_roles_format(char *buf, size_t len, unsigned roles)
{
	bits_format(buf, len, roles, role_names, MC__ARRAY_SIZE(role_names));
}

const char *mc_scope_name(unsigned scope)
{
	return bit_name(scope_names, MC__ARRAY_SIZE(scope_names), scope);
}

int mc_scopes_parse(unsigned *out, const char *text, char *err, size_t errlen)
{
	return bits_parse(out, text, scope_names, MC__ARRAY_SIZE(scope_names),
			  MC_SCOPE_ALL, "scopes", err, errlen);
}

void mc_scopes_format(char *buf, size_t len, unsigned scopes)
{
	bits_format(buf, len, scopes, scope_names, MC__ARRAY_SIZE(scope_names));
}

/* ---- secrets and checks ------------------------------------------------- */

void mc__hex_sha256(char out[65], const char *s)
{
	unsigned char d[MC__SHA256_LEN];

	mc__sha256(d, s, strlen(s));
	sodium_bin2hex(out, 65, d, sizeof(d));
}

int mc__random_secret(char **out, const char *prefix)
{
	unsigned char raw[32];
	char *b64 = NULL;
	int error;

	*out = NULL;
	if ((error = mc__crypto_init()))
		return error;
	randombytes_buf(raw, sizeof(raw));
	error = mc__b64url_encode(&b64, raw, sizeof(raw));
	mc__wipe(raw, sizeof(raw));
	if (error)
		return error;
	*out = mc__asprintf("%s%s", prefix, b64);
	mc__secret_free(b64, strlen(b64));
	return *out ? 0 : MC_ENOMEM;
}

void mc__random_id(char out[19], const char *prefix)
{
	unsigned char raw[8];

	mc__crypto_init();
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, prefix, 2);
	sodium_bin2hex(out + 2, 17, raw, sizeof(raw));
}

int mc__password_check(const char *password, mc_problems *p)
{
	size_t len = password ? strlen(password) : 0;

	if (len < MC_PASSWORD_MIN)
		return mc_problems_add(p, NULL, "password",
				       "shorter than %d bytes",
				       MC_PASSWORD_MIN);
	if (len > MC_PASSWORD_MAX)
		return mc_problems_add(p, NULL, "password",
				       "longer than %d bytes", MC_PASSWORD_MAX);
	if (!mc__utf8_valid(password, len))
		return mc_problems_add(p, NULL, "password", "not valid UTF-8");
	return 0;
}

int mc__password_hash(char out[crypto_pwhash_STRBYTES], const char *password)
{
	if (mc__crypto_init() ||
	    crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT,
				  PW_MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return MC_EIO;
	return 0;
}

int mc__password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, PW_OPSLIMIT, PW_MEMLIMIT) !=
	       0;
}

int mc__email_normalise(char out[255], const char *email, const char **why)
{
	size_t len = email ? strlen(email) : 0, i, at = 0, ats = 0;
	const char *dot;

	*why = NULL;
	if (len == 0)
		*why = "empty";
	else if (len > 254)
		*why = "longer than 254 bytes";
	if (*why)
		return MC_EINVALID;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)email[i];

		if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c)) {
			*why = "not an email address (unexpected character)";
			return MC_EINVALID;
		}
		if (c == '@') {
			at = i;
			ats++;
		}
		out[i] = (char)tolower(c);
	}
	out[len] = '\0';
	/* A dotless domain is allowed only for "localhost": the first-run
	 * admin of a machine that has no domain yet. */
	dot = strrchr(out, '.');
	if (ats != 1 || at == 0 || at > 64 ||
	    (!dot && strcmp(out + at + 1, "localhost") != 0) ||
	    (dot && (dot < out + at + 2 || !dot[1])) || strstr(out, "..") ||
	    out[at + 1] == '.') {
		*why = "not an email address";
		return MC_EINVALID;
	}
	return 0;
}

/* Problems with a display name: 1..200 bytes of UTF-8, no control
 * characters. */
static int name_check(const char *name, mc_problems *p)
{
	size_t len = name ? strlen(name) : 0, i;

	if (len == 0)
		return mc_problems_add(p, NULL, "name", "empty");
	if (len > 200)
		return mc_problems_add(p, NULL, "name",
				       "longer than 200 bytes");
	if (!mc__utf8_valid(name, len))
		return mc_problems_add(p, NULL, "name", "not valid UTF-8");
	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return mc_problems_add(p, NULL, "name",
					       "contains a control character");
	return 0;
}

/* ---- users -------------------------------------------------------------- */

unsigned mc_user_roles(const mc_user *u, const char *org_id)
{
	size_t i;

	if (!u || !org_id)
		return 0;
	for (i = 0; i < u->nmemberships; i++)
		if (strcmp(u->memberships[i].org_id, org_id) == 0)
			return u->memberships[i].roles;
	return 0;
}

/* Check and insert a user inside the caller's transaction. */
static int create(mc_store *store, mc_user **out, const char *email,
		  const char *name, const char *password, int platform_admin,
		  mc_problems *p)
{
	char lower[255], id[19], now[21], hash[crypto_pwhash_STRBYTES];
	const char *why;
	size_t before = p->found;
	mc_user u = {0};
	int error;

	if (mc__email_normalise(lower, email, &why) &&
	    mc_problems_add(p, NULL, "email", "%s", why) < 0)
		return MC_ENOMEM;
	if (name_check(name, p) < 0 || mc__password_check(password, p) < 0)
		return MC_ENOMEM;
	if (p->found > before)
		return mc__store_problems_error(store, MC_EINVALID, p);
	if ((error = mc__password_hash(hash, password)))
		return mc__store_error(store, error,
				       "password: hashing failed");
	mc__random_id(id, "u-");
	mc__timestamp_format(now, mc__now());
	u.id = id;
	u.email = lower;
	u.name = (char *)name;
	u.platform_admin = platform_admin ? 1 : 0;
	u.created_at = now;
	error = store->account->user_put(store, &u, hash);
	sodium_memzero(hash, sizeof(hash));
	if (error == MC_EEXISTS)
		mc_problems_add(p, NULL, "email", "'%s' already has an account",
				lower);
	if (!error && out)
		error = store->account->user_get(store, out, NULL, id);
	return error;
}

int mc_user_create(mc_store *store, mc_user **out, const char *email,
		   const char *name, const char *password, int platform_admin,
		   mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	int error;

	if (out)
		*out = NULL;
	if (!store)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if ((error = store->core->begin(store)))
		return error;
	error = create(store, out, email, name, password, platform_admin,
		       problems ? problems : &local);
	if (error) {
		store->core->rollback(store);
		if (out) {
			mc_user_free(*out);
			*out = NULL;
		}
	} else {
		error = store->core->commit(store);
	}
	mc_problems_clear(&local);
	return error;
}

int mc_user_get(mc_store *store, mc_user **out, const char *id_or_email)
{
	char lower[255];
	const char *why;

	*out = NULL;
	if (!store || !id_or_email)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (strchr(id_or_email, '@')) {
		if (mc__email_normalise(lower, id_or_email, &why))
			return mc__store_error(store, MC_ENOTFOUND,
					       "no user '%.254s'", id_or_email);
		id_or_email = lower;
	}
	return store->account->user_get(store, out, NULL, id_or_email);
}

int mc_user_list(mc_store *store, mc_user ***out, size_t *count)
{
	if (!store)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	return store->account->user_list(store, out, count, NULL);
}

int mc_member_list(mc_store *store, mc_user ***out, size_t *count,
		   const char *org_id)
{
	if (!store || !org_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	return store->account->user_list(store, out, count, org_id);
}

/* Run `error = step` in a transaction: commit on 0, else roll back. */
static int finish(mc_store *store, int error)
{
	if (error) {
		store->core->rollback(store);
		return error;
	}
	return store->core->commit(store);
}

void mc_revoked_clear(mc_revoked *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ntokens; i++)
		free(r->tokens[i]);
	free(r->tokens);
	memset(r, 0, sizeof(*r));
}

/* Non-zero when `password` is the user's current one (the stored hash
 * `hash` of the user).  Bounded cost for long input, as at sign-in. */
static int password_right(const char *hash, const char *password)
{
	size_t len = strlen(password);

	if (len > MC_PASSWORD_MAX)
		return 0;
	return crypto_pwhash_str_verify(hash, password, len) == 0;
}

/* Revoke every live API token of `user_id` (inside the caller's
 * transaction), adding their ids to `r`. */
static int revoke_tokens(mc_store *store, mc_revoked *r, const char *user_id,
			 const char *now)
{
	mc_token_info **list = NULL;
	size_t n = 0, i;
	char **ids;
	int error;

	if ((error = store->account->token_list(store, &list, &n, user_id)))
		return error;
	for (i = 0; i < n && !error; i++) {
		if (list[i]->revoked)
			continue;
		if ((error = store->account->token_revoke(store, user_id,
							  list[i]->id, now)))
			break;
		if (!(ids = realloc(r->tokens,
				    (r->ntokens + 1) * sizeof(*ids)))) {
			error = MC_ENOMEM;
			break;
		}
		r->tokens = ids;
		if (!(ids[r->ntokens] = mc__strdup(list[i]->id)))
			error = MC_ENOMEM;
		else
			r->ntokens++;
	}
	mc_token_list_free(list, n);
	return error;
}

int mc_user_set_password(mc_store *store, mc_revoked *revoked,
			 const char *user_id, const char *current,
			 const char *password, mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	mc_revoked ended = MC_REVOKED_INIT;
	char hash[crypto_pwhash_STRBYTES], now[21], *old = NULL;
	mc_user *u = NULL;
	size_t before = p->found;
	int error;

	if (revoked)
		*revoked = ended;
	if (!store || !user_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	memset(hash, 0, sizeof(hash));
	if (mc__password_check(password, p) < 0) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (p->found > before) {
		error = mc__store_problems_error(store, MC_EINVALID, p);
		goto cleanup;
	}
	if ((error = mc__password_hash(hash, password))) {
		error =
		    mc__store_error(store, error, "password: hashing failed");
		goto cleanup;
	}
	if ((error = store->core->begin(store)))
		goto cleanup;
	error = store->account->user_get(store, &u, &old, user_id);
	if (!error && current && !password_right(old, current)) {
		mc_problems_add(p, NULL, "current_password", "wrong password");
		error = mc__store_error(store, MC_EFORBIDDEN,
					"current_password: wrong password");
	}
	mc__timestamp_format(now, mc__now());
	if (!error)
		error = store->account->user_update(store, u->id, hash, -1);
	if (!error)
		error = store->account->session_delete(store, NULL, u->id,
						       &ended.sessions);
	if (!error)
		error = revoke_tokens(store, &ended, u->id, now);
	error = finish(store, error);
	if (error == MC_ENOTFOUND)
		mc__store_error(store, error, "no user '%s'", user_id);
	if (!error && revoked) {
		*revoked = ended;
		memset(&ended, 0, sizeof(ended));
	}

cleanup:
	sodium_memzero(hash, sizeof(hash));
	if (old)
		mc__secret_free(old, strlen(old));
	mc_revoked_clear(&ended);
	mc_user_free(u);
	mc_problems_clear(&local);
	return error;
}

int mc_user_set_name(mc_store *store, const char *user_id, const char *name,
		     mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	size_t before = p->found;
	int error;

	if (!store || !user_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (name_check(name, p) < 0) {
		error = MC_ENOMEM;
	} else if (p->found > before) {
		error = mc__store_problems_error(store, MC_EINVALID, p);
	} else {
		/* One statement: its own transaction. */
		error = store->account->user_set_name(store, user_id, name);
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no user '%s'", user_id);
	}
	mc_problems_clear(&local);
	return error;
}

int mc_user_set_disabled(mc_store *store, const char *user_id, int disabled)
{
	int error;

	if (!store || !user_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if ((error = store->core->begin(store)))
		return error;
	error =
	    store->account->user_update(store, user_id, NULL, disabled ? 1 : 0);
	if (!error && disabled)
		error =
		    store->account->session_delete(store, NULL, user_id, NULL);
	error = finish(store, error);
	if (error == MC_ENOTFOUND)
		mc__store_error(store, error, "no user '%s'", user_id);
	return error;
}

int mc_member_set(mc_store *store, const char *user_id, const char *org_id,
		  unsigned roles)
{
	mc_user *u = NULL;
	mc_org *org = NULL;
	int error;

	if (!store || !user_id || !org_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (roles & ~(unsigned)MC_ROLE_ALL)
		return mc__store_error(store, MC_EINVALID,
				       "roles: unknown role bits 0x%x", roles);
	if ((error = store->core->begin(store)))
		return error;
	if ((error = store->account->user_get(store, &u, NULL, user_id)))
		goto cleanup;
	if ((error = store->catalogue->org_get(store, &org, org_id))) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no organisation '%s'",
					org_id);
		goto cleanup;
	}
	error = store->account->member_set(store, u->id, org_id, roles);

cleanup:
	error = finish(store, error);
	mc_user_free(u);
	mc_org_free(org);
	return error;
}

/* A random password of 20 characters from an alphabet without look-alikes
 * (no 0/O/o, 1/l/I). */
static int random_password(char **out)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ"
				       "abcdefghijkmnpqrstuvwxyz"
				       "23456789";
	char *pw;
	size_t i;

	if (mc__crypto_init())
		return MC_EIO;
	if (!(pw = malloc(21)))
		return MC_ENOMEM;
	for (i = 0; i < 20; i++)
		pw[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	pw[20] = '\0';
	*out = pw;
	return 0;
}

int mc_user_bootstrap(mc_store *store, mc_user **out, const char *email,
		      const char *password, char **generated)
{
	mc_problems p = MC_PROBLEMS_INIT;
	char *pw = NULL;
	long long admins = 0;
	int error;

	if (out)
		*out = NULL;
	if (generated)
		*generated = NULL;
	if (!store || !email || (!password && !generated))
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (!password) {
		if ((error = random_password(&pw)))
			return error;
		password = pw;
	}
	if ((error = store->core->begin(store)))
		goto cleanup;
	error = store->account->admin_count(store, &admins);
	if (!error && admins > 0)
		error = mc__store_error(store, MC_EEXISTS,
					"a platform admin exists already: "
					"nothing to bootstrap");
	if (!error)
		error = create(store, out, email, "Platform admin", password, 1,
			       &p);
	error = finish(store, error);
	if (!error && pw) {
		*generated = pw;
		pw = NULL;
	}

cleanup:
	if (error && out) {
		mc_user_free(*out);
		*out = NULL;
	}
	if (pw)
		mc__secret_free(pw, strlen(pw));
	mc_problems_clear(&p);
	return error;
}

/* ---- JSON --------------------------------------------------------------- */

/* An array of the names of the bits set in `bits`. */
static json_t *names_array(unsigned bits, const char *const *names, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *user_to_jansson(const mc_user *u)
{
	json_t *o = json_object(), *m = json_array();
	size_t i;

	if (!o || !m) {
		json_decref(o);
		json_decref(m);
		return NULL;
	}
	json_object_set_new(o, "id", json_string(u->id));
	json_object_set_new(o, "email", json_string(u->email));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "platform_admin",
			    json_boolean(u->platform_admin));
	json_object_set_new(o, "disabled", json_boolean(u->disabled));
	json_object_set_new(o, "created_at", json_string(u->created_at));
	for (i = 0; i < u->nmemberships; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "org_id",
				    json_string(u->memberships[i].org_id));
		json_object_set_new(e, "roles",
				    names_array(u->memberships[i].roles,
						role_names,
						MC__ARRAY_SIZE(role_names)));
		json_array_append_new(m, e);
	}
	json_object_set_new(o, "memberships", m);
	return o;
}

int mc_user_to_json(char **out, const mc_user *u)
{
	json_t *o;

	*out = NULL;
	if (!u)
		return MC_EUSAGE;
	if (!(o = user_to_jansson(u)))
		return MC_ENOMEM;
	*out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return *out ? 0 : MC_ENOMEM;
}

int mc_token_info_to_json(char **out, const mc_token_info *t)
{
	json_t *o;

	*out = NULL;
	if (!t)
		return MC_EUSAGE;
	if (!(o = json_object()))
		return MC_ENOMEM;
	json_object_set_new(o, "id", json_string(t->id));
	json_object_set_new(o, "user_id", json_string(t->user_id));
	json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(
	    o, "scopes",
	    names_array(t->scopes, scope_names, MC__ARRAY_SIZE(scope_names)));
	json_object_set_new(o, "created_at", json_string(t->created_at));
	json_object_set_new(o, "expires_at",
			    t->expires_at ? json_string(t->expires_at)
					  : json_null());
	json_object_set_new(o, "last_used_at",
			    t->last_used_at ? json_string(t->last_used_at)
					    : json_null());
	json_object_set_new(o, "revoked", json_boolean(t->revoked));
	*out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return *out ? 0 : MC_ENOMEM;
}
