/*
 * Who is acting (see account.h): signing in with a password, sessions and
 * API tokens, and the principal they resolve to.
 *
 * Secrets are 32 random bytes as base64url; the store keeps only the hex
 * SHA-256 of each, so looking one up is looking up its hash, and a copy of
 * the database lets nobody in.  Sessions end after MC_SESSION_IDLE seconds
 * without use or MC_SESSION_MAX seconds after sign-in, whichever comes
 * first; resolving one records its use at most once a minute, so that a
 * busy client does not cost a write per request.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "account_private.h"
#include "audit_throttle.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

/* Length of a session token, and of an API token with its prefix. */
#define SESSION_TOKEN_LEN 43
#define API_PREFIX	  "mct_"
#define API_TOKEN_LEN	  (4 + 43)
/* Seconds between two recordings of a session's or token's use. */
#define TOUCH_EVERY 60
/* Longest lifetime of an API token, days. */
#define TOKEN_DAYS_MAX 3650

void mc_principal_free(mc_principal *p)
{
	if (!p)
		return;
	mc_user_free(p->user);
	free(p->session_id);
	if (p->csrf)
		mc__secret_free(p->csrf, strlen(p->csrf));
	free(p->token_id);
	free(p->expires_at);
	free(p->actor);
	free(p);
}

/* Non-zero if `s` is `len` base64url characters after `prefix`. */
static int secret_shape(const char *s, const char *prefix, size_t len)
{
	size_t i, plen = strlen(prefix);

	if (!s || strlen(s) != len || strncmp(s, prefix, plen) != 0)
		return 0;
	for (i = plen; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* A principal for user `u` (taken over) with the other fields copied. */
static int principal_new(mc_principal **out, mc_user **u, unsigned scopes,
			 const char *session_id, const char *csrf,
			 const char *token_id, const char *expires_at)
{
	mc_principal *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return MC_ENOMEM;
	p->user = *u;
	*u = NULL;
	p->scopes = scopes;
	p->session_id = mc__strdup(session_id);
	p->csrf = mc__strdup(csrf);
	p->token_id = mc__strdup(token_id);
	p->expires_at = mc__strdup(expires_at);
	p->actor = token_id
		       ? mc__asprintf("user:%s token:%s", p->user->id, token_id)
		       : mc__asprintf("user:%s", p->user->id);
	if (!p->actor || (session_id && !p->session_id) || (csrf && !p->csrf) ||
	    (token_id && !p->token_id) || (expires_at && !p->expires_at)) {
		mc_principal_free(p);
		return MC_ENOMEM;
	}
	*out = p;
	return 0;
}

/* ---- sessions ----------------------------------------------------------- */

/* A hash of a password nobody knows, computed once, so that an unknown
 * email costs the same verification as a known one. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	char pw[33];
	unsigned char raw[16];

	mc__crypto_init();
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	if (mc__password_hash(dummy_hash, pw))
		dummy_hash[0] = '\0';
}

static int wrong(mc_store *store)
{
	return mc__store_error(store, MC_EFORBIDDEN, "wrong email or password");
}

/* `s` cut to 254 bytes, each byte that is not printable ASCII as '?',
 * in `out` (255 bytes): what was typed, safe to print on a terminal. */
static const char *printable(char out[255], const char *s)
{
	size_t i;

	for (i = 0; i < 254 && s[i]; i++)
		out[i] = s[i] > 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
	return out;
}

/* Record a refused sign-in or API token in the audit log, as actor
 * "anonymous": `action`, what was tried (`subject`: the email as typed,
 * never the password; a token's id when it is known) and the `reason`
 * class, within the bound per client address (audit_throttle.c: past it,
 * refusals are counted into one entry).  Best effort: a failure to record
 * does not change the answer. */
static void refused(mc_store *store, const char *action, const char *subject,
		    const char *reason)
{
	mc__audit_refused(store, mc__now(), action, subject, reason);
}

/* Open a session for `u` (taken over) now. */
static int session_open(mc_store *store, char **token, mc_principal **who,
			mc_user **u)
{
	struct mc__session_row r = {0};
	char id[65], created[21], expires[21], idle[21];
	long long now = mc__now();
	int error;

	if ((error = mc__random_secret(token, "")) ||
	    (error = mc__random_secret(&r.csrf, "")))
		goto cleanup;
	mc__hex_sha256(id, *token);
	mc__timestamp_format(created, now);
	mc__timestamp_format(expires, now + MC_SESSION_MAX);
	mc__timestamp_format(idle, now + MC_SESSION_IDLE);
	r.id = id;
	r.user_id = (*u)->id;
	r.created_at = created;
	r.last_seen = created;
	r.expires_at = expires;
	if ((error = store->account->session_put(store, &r)))
		goto cleanup;
	error =
	    principal_new(who, u, MC_SCOPE_ALL, id, r.csrf, NULL,
			  MC_SESSION_IDLE < MC_SESSION_MAX ? idle : expires);

cleanup:
	if (r.csrf)
		mc__secret_free(r.csrf, strlen(r.csrf));
	if (error && *token) {
		mc__secret_free(*token, strlen(*token));
		*token = NULL;
	}
	return error;
}

int mc_session_login(mc_store *store, char **token, mc_principal **who,
		     const char *email, const char *password)
{
	char lower[255], *hash = NULL;
	const char *why;
	mc_user *u = NULL;
	size_t pwlen;
	int error, ok;

	*token = NULL;
	*who = NULL;
	if (!store || !email || !password)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	pthread_once(&dummy_once, dummy_init);
	pwlen = strlen(password);
	if (pwlen > MC_PASSWORD_MAX)
		pwlen = MC_PASSWORD_MAX + 1; /* never matches; bounded cost */
	error = mc__email_normalise(lower, email, &why);
	if (!error)
		error = store->account->user_get(store, &u, &hash, lower);
	if (error && error != MC_ENOTFOUND && error != MC_EINVALID)
		goto cleanup;
	ok = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password,
				      pwlen) == 0;
	if (!hash || !ok || u->disabled) {
		refused(store, "session.refused",
			error == MC_EINVALID ? printable(lower, email) : lower,
			error == MC_EINVALID ? "not an email address"
			: !hash		     ? "unknown email"
			: !ok		     ? "wrong password"
					     : "account disabled");
		error = wrong(store);
		goto cleanup;
	}
	if (mc__password_needs_rehash(hash)) {
		char fresh[crypto_pwhash_STRBYTES];

		/* Best effort: a failed upgrade leaves the old hash. */
		if (mc__password_hash(fresh, password) == 0)
			store->account->user_update(store, u->id, fresh, -1);
		sodium_memzero(fresh, sizeof(fresh));
		mc__store_clear_error(store);
	}
	error = session_open(store, token, who, &u);

cleanup:
	mc_user_free(u);
	free(hash);
	return error;
}

int mc_session_resolve(mc_store *store, mc_principal **who, const char *token)
{
	struct mc__session_row r = {0};
	long long now = mc__now(), last, cap;
	mc_user *u = NULL;
	char id[65], at[21];
	int error;

	*who = NULL;
	if (!store)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (!secret_shape(token, "", SESSION_TOKEN_LEN))
		return mc__store_error(store, MC_ENOTFOUND, "no such session");
	mc__hex_sha256(id, token);
	if ((error = store->account->session_get(store, &r, id)))
		goto cleanup;
	if (sodium_memcmp(r.id, id, 64) != 0 ||
	    mc__timestamp_parse(r.last_seen, &last) ||
	    mc__timestamp_parse(r.expires_at, &cap) ||
	    now >= last + MC_SESSION_IDLE || now >= cap) {
		store->account->session_delete(store, id, NULL, NULL);
		error = mc__store_error(store, MC_ENOTFOUND,
					"session expired: sign in again");
		goto cleanup;
	}
	if ((error = store->account->user_get(store, &u, NULL, r.user_id)))
		goto cleanup;
	if (u->disabled) {
		error = mc__store_error(store, MC_ENOTFOUND,
					"session ended: account disabled");
		goto cleanup;
	}
	if (now - last >= TOUCH_EVERY) {
		mc__timestamp_format(at, now);
		if ((error = store->account->session_touch(store, id, at)))
			goto cleanup;
		last = now;
	}
	mc__timestamp_format(
	    at, last + MC_SESSION_IDLE < cap ? last + MC_SESSION_IDLE : cap);
	error = principal_new(who, &u, MC_SCOPE_ALL, id, r.csrf, NULL, at);

cleanup:
	if (r.csrf)
		sodium_memzero(r.csrf, strlen(r.csrf));
	mc__session_row_clear(&r);
	mc_user_free(u);
	return error;
}

int mc_session_logout(mc_store *store, const char *token)
{
	char id[65];

	if (!store)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (!secret_shape(token, "", SESSION_TOKEN_LEN))
		return 0;
	mc__hex_sha256(id, token);
	return store->account->session_delete(store, id, NULL, NULL);
}

/* ---- API tokens --------------------------------------------------------- */

int mc_token_create(mc_store *store, char **token, mc_token_info **info,
		    const char *user_id, const char *name, unsigned scopes,
		    unsigned days)
{
	mc_token_info t = {0};
	mc_user *u = NULL;
	char id[19], hash[65], created[21], expires[21];
	size_t nlen = name ? strlen(name) : 0;
	long long now = mc__now();
	int error;

	*token = NULL;
	if (info)
		*info = NULL;
	if (!store || !user_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (nlen == 0 || nlen > 100 || !mc__utf8_valid(name, nlen))
		return mc__store_error(store, MC_EINVALID,
				       "name: must be 1..100 bytes of UTF-8");
	if (scopes == 0 || (scopes & ~(unsigned)MC_SCOPE_ALL))
		return mc__store_error(store, MC_EINVALID,
				       "scopes: at least one known scope");
	if (days > TOKEN_DAYS_MAX)
		return mc__store_error(store, MC_EINVALID, "days: at most %d",
				       TOKEN_DAYS_MAX);
	if ((error = store->account->user_get(store, &u, NULL, user_id)))
		return error;
	if ((error = mc__random_secret(token, API_PREFIX)))
		goto cleanup;
	mc__random_id(id, "t-");
	mc__hex_sha256(hash, *token);
	mc__timestamp_format(created, now);
	mc__timestamp_format(expires, now + 86400LL * days);
	t.id = id;
	t.user_id = u->id;
	t.name = (char *)name;
	t.scopes = scopes;
	t.created_at = created;
	t.expires_at = days ? expires : NULL;
	if ((error = store->account->token_put(store, &t, hash)))
		goto cleanup;
	if (info)
		error = store->account->token_find(store, info, hash);

cleanup:
	if (error && *token) {
		mc__secret_free(*token, strlen(*token));
		*token = NULL;
	}
	mc_user_free(u);
	return error;
}

int mc_token_resolve(mc_store *store, mc_principal **who, const char *token)
{
	mc_token_info *t = NULL;
	mc_user *u = NULL;
	long long now = mc__now(), when;
	char hash[65], at[21];
	int error;

	*who = NULL;
	if (!store)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (!secret_shape(token, API_PREFIX, API_TOKEN_LEN)) {
		refused(store, "token.refused", NULL, "not a token");
		return mc__store_error(store, MC_ENOTFOUND, "no such token");
	}
	mc__hex_sha256(hash, token);
	if ((error = store->account->token_find(store, &t, hash))) {
		if (error == MC_ENOTFOUND) {
			refused(store, "token.refused", NULL, "unknown token");
			error = mc__store_error(store, error, "no such token");
		}
		goto cleanup;
	}
	if (t->revoked) {
		refused(store, "token.refused", t->id, "token revoked");
		error = mc__store_error(store, MC_ENOTFOUND, "token revoked");
		goto cleanup;
	}
	if (t->expires_at &&
	    (mc__timestamp_parse(t->expires_at, &when) || now >= when)) {
		refused(store, "token.refused", t->id, "token expired");
		error = mc__store_error(store, MC_ENOTFOUND, "token expired");
		goto cleanup;
	}
	if ((error = store->account->user_get(store, &u, NULL, t->user_id)))
		goto cleanup;
	if (u->disabled) {
		refused(store, "token.refused", t->id, "account disabled");
		error = mc__store_error(store, MC_ENOTFOUND,
					"token's account disabled");
		goto cleanup;
	}
	if (!t->last_used_at || mc__timestamp_parse(t->last_used_at, &when) ||
	    now - when >= TOUCH_EVERY) {
		mc__timestamp_format(at, now);
		if ((error = store->account->token_touch(store, t->id, at)))
			goto cleanup;
	}
	error =
	    principal_new(who, &u, t->scopes, NULL, NULL, t->id, t->expires_at);

cleanup:
	mc_token_info_free(t);
	mc_user_free(u);
	return error;
}

int mc_token_list(mc_store *store, mc_token_info ***out, size_t *count,
		  const char *user_id)
{
	*out = NULL;
	*count = 0;
	if (!store || !user_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	return store->account->token_list(store, out, count, user_id);
}

int mc_token_revoke(mc_store *store, const char *user_id, const char *token_id)
{
	char now[21];

	if (!store || !user_id || !token_id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	mc__timestamp_format(now, mc__now());
	return store->account->token_revoke(store, user_id, token_id, now);
}
