/*
 * Issuing credentials: checking the learner, building the Open Badges
 * document, allocating its status entries, sealing it (Data Integrity or
 * VC-JWT) and storing it exactly once per learner.
 */
#include "issue_private.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys/keys_private.h"
#include "model/model.h"
#include "ob3.h"
#include "proof.h"
#include "util/timeutil.h"
#include "crypto/trust.h"
#include "util/util.h"

/* ---- checking the learner ------------------------------------------------ */

/* Non-zero for a plausible address: local@domain.tld, no spaces or
 * control characters, RFC 5321 lengths. */
static int email_valid(const char *s)
{
	const char *at = strchr(s, '@'), *dot, *p;
	size_t len = strlen(s);

	if (!at || at == s || len > 254 || (size_t)(at - s) > 64 ||
	    strchr(at + 1, '@'))
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == ',' ||
		    *p == ';' || *p == '<' || *p == '>')
			return 0;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

/* The first code point of `s` (valid UTF-8) that has no place in a name
 * or a short text signed into a credential, or 0: C0 and C1 controls,
 * DEL, and the invisible direction marks and overrides that make text
 * read otherwise than it is stored (U+200E, U+200F, U+061C, U+202A to
 * U+202E, U+2066 to U+2069).  *at gets its byte offset. */
static unsigned long bad_char(const char *s, size_t *at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (u[i]) {
		unsigned long c = u[i];
		size_t n = 1;

		if (c >= 0xf0) {
			c = ((c & 0x07) << 18) | ((u[i + 1] & 0x3fUL) << 12) |
			    ((u[i + 2] & 0x3fUL) << 6) | (u[i + 3] & 0x3f);
			n = 4;
		} else if (c >= 0xe0) {
			c = ((c & 0x0f) << 12) | ((u[i + 1] & 0x3fUL) << 6) |
			    (u[i + 2] & 0x3f);
			n = 3;
		} else if (c >= 0xc0) {
			c = ((c & 0x1f) << 6) | (u[i + 1] & 0x3f);
			n = 2;
		}
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x200e ||
		    c == 0x200f || c == 0x061c ||
		    (c >= 0x202a && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069)) {
			*at = i;
			return c;
		}
		i += n;
	}
	return 0;
}

static int text_ok(mc_problems *p, const char *where, const char *field,
		   const char *s, size_t max)
{
	size_t len = strlen(s), at = 0;
	unsigned long c;

	if (!mc__utf8_valid(s, len))
		return mc_problems_add(p, where, field, "invalid UTF-8");
	if (len > max)
		return mc_problems_add(p, where, field, "longer than %zu bytes",
				       max);
	if ((c = bad_char(s, &at)))
		return mc_problems_add(p, where, field,
				       "contains the invisible control "
				       "character U+%04lX at byte %zu",
				       c, at);
	return 0;
}

int mc__learner_check(const mc_learner *l, const mc_issue_options *o,
		      const char *where, mc_problems *p)
{
	size_t before = p->found;
	int error = 0;

	if (!l->name || !*l->name)
		error = mc_problems_add(p, where, "learner.name", "required");
	else
		error = text_ok(p, where, "learner.name", l->name, 200);
	if (!error && (!l->email || !*l->email) &&
	    (!l->identifier || !*l->identifier))
		error = mc_problems_add(p, where, "learner.email",
					"an email or an identifier is "
					"required");
	if (!error && l->email && *l->email)
		error = text_ok(p, where, "learner.email", l->email, 254);
	if (!error && p->found == before && l->email && *l->email &&
	    !email_valid(l->email))
		error =
		    mc_problems_add(p, where, "learner.email",
				    "not an email address: '%.80s'", l->email);
	if (!error && l->identifier && *l->identifier)
		error =
		    text_ok(p, where, "learner.identifier", l->identifier, 128);
	if (!error && l->date_of_birth && *l->date_of_birth &&
	    !mc__date_valid(l->date_of_birth))
		error = mc_problems_add(p, where, "learner.date_of_birth",
					"must be a date YYYY-MM-DD, got "
					"'%.40s'",
					l->date_of_birth);
	if (!error && l->lang && *l->lang && !mc_lang_tag_valid(l->lang))
		error = mc_problems_add(p, where, "learner.lang",
					"not a language tag: '%.40s'", l->lang);
	if (!error && o->grade && *o->grade)
		error = text_ok(p, where, "grade", o->grade, 64);
	if (!error && o->assessed_on && *o->assessed_on &&
	    !mc__date_valid(o->assessed_on))
		error = mc_problems_add(p, where, "assessed_on",
					"must be a date YYYY-MM-DD, got "
					"'%.40s'",
					o->assessed_on);
	if (!error && o->valid_until && *o->valid_until &&
	    !mc__timestamp_valid(o->valid_until))
		error = mc_problems_add(p, where, "valid_until",
					"must be a UTC time "
					"YYYY-MM-DDTHH:MM:SSZ, got '%.40s'",
					o->valid_until);
	if (error < 0)
		return error;
	return p->found > before ? MC_EINVALID : 0;
}

char *mc__learner_key(const mc_learner *l)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	char *in, *q;

	if (l->email && *l->email) {
		in = mc__asprintf("email:%s", l->email);
		for (q = in ? in + 6 : NULL; q && *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
	} else {
		in = mc__asprintf("id:%s", l->identifier);
	}
	if (!in)
		return NULL;
	crypto_hash_sha256(digest, (const unsigned char *)in, strlen(in));
	free(in);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	return strdup(hex);
}

/* ---- the issuer context ---------------------------------------------------
 */

static int alg_key_type(mc_key_type *out, const char *alg)
{
	if (strcmp(alg, "RS256") == 0)
		*out = MC_KEY_RSA2048;
	else if (strcmp(alg, "ES256") == 0)
		*out = MC_KEY_P256;
	else if (strcmp(alg, "EdDSA") == 0)
		*out = MC_KEY_ED25519;
	else
		return MC_EINVALID;
	return 0;
}

/* A seal that every verifier would refuse (expired, not yet valid, no
 * seal key usage) is refused before anything is issued with it. */
static int seal_usable(mc_store *store, const struct mc__seal_signer *seal)
{
	char err[300];

	if (mc__trust_check_leaf(seal->chain[0], seal->chain_len[0],
				 (time_t)mc__now(), err, sizeof(err)) < 0)
		return mc__store_error(store, MC_ESTATE,
				       "seal %s of %s: %s; create or import "
				       "a valid seal",
				       seal->info->id, seal->info->org_id, err);
	return 0;
}

/* The Data Integrity suite of an OB 3.0 issue: the options' or the
 * platform's default; its key's alg into is->alg. */
static int choose_suite(struct mc__issuer *is, const char *name)
{
	int error;

	if (!name && (error = mc_cryptosuite_default(is->store, &name)) < 0)
		return error;
	if (mc__suite_parse(&is->suite, name) < 0)
		return mc__store_error(
		    is->store, MC_EINVALID,
		    "cryptosuite: '%s' is not one of " MC__SUITES_ALLOWED,
		    name);
	is->alg =
	    mc__suite_key_type(is->suite) == MC__KEY_P256 ? "ES256" : "EdDSA";
	return 0;
}

int mc__issuer_open(struct mc__issuer *is, mc_store *store, const char *mc_id,
		    unsigned mc_version, const mc_issue_options *o)
{
	mc_credential_format format = o->format;
	mc_key_type type = MC_KEY_ED25519;
	int error;

	memset(is, 0, sizeof(*is));
	is->store = store;
	is->format = format;
	is->alg = format == MC_FORMAT_VC_JWT
		      ? (o->jwt_alg ? o->jwt_alg : "RS256")
		      : "EdDSA";
	mc__store_clear_error(store);
	if (mc__crypto_init() < 0)
		return mc__store_error(store, MC_EIO, "no random source");
	if (format == MC_FORMAT_EDC)
		is->alg = "EdDSA"; /* the seal's own alg is used instead */
	if (format == MC_FORMAT_OB3 &&
	    (error = choose_suite(is, o->cryptosuite)) < 0)
		return error;
	if (alg_key_type(&type, is->alg) < 0)
		return mc__store_error(store, MC_EINVALID,
				       "alg: '%s' is not one of RS256, ES256, "
				       "EdDSA",
				       is->alg);
	if (mc_version)
		error = mc_catalogue_get(store, &is->mc, mc_id, mc_version);
	else if ((error = store->catalogue->mc_get_published(
		      store, &is->mc, mc_id)) == MC_ENOTFOUND)
		mc__store_error(store, error,
				"no published version of micro-credential '%s'",
				mc_id);
	if (error < 0)
		goto fail;
	if (is->mc->status != MC_STATUS_PUBLISHED) {
		error = mc__store_error(store, MC_ESTATE,
					"%s v%u is %s: only published "
					"micro-credentials are awarded",
					mc_id, is->mc->version,
					mc_status_name(is->mc->status));
		goto fail;
	}
	if ((error = store->catalogue->org_get(
		 store, &is->org, is->mc->awarding_bodies.items[0])) < 0 ||
	    (error = mc_catalogue_uri(store, &is->mc_uri, mc_id,
				      is->mc->version)) < 0 ||
	    (format != MC_FORMAT_EDC &&
	     (error = mc_org_did(store, &is->issuer_id, is->org->id)) < 0))
		goto fail;
	if (format == MC_FORMAT_EDC) {
		error = mc__seal_signer_open(store, &is->seal, is->org->id);
		if (!error)
			error = seal_usable(store, is->seal);
	} else
		error = mc__key_load_signer(store, &is->key, &is->key_info,
					    is->org->id, type);
	if (error < 0)
		goto fail;
	return 0;

fail:
	mc__issuer_close(is);
	return error;
}

void mc__issuer_close(struct mc__issuer *is)
{
	size_t i;

	for (i = 0; i < is->ncache; i++)
		json_decref(is->cache[i].achievement);
	mc_microcred_free(is->mc);
	mc_org_free(is->org);
	free(is->mc_uri);
	free(is->issuer_id);
	mc__key_free(is->key);
	mc_key_info_free(is->key_info);
	mc__seal_signer_free(is->seal);
	memset(is, 0, sizeof(*is));
}

/* The cached achievement for this learner's language (built on a miss;
 * NULL when the cache is full or on allocation failure: then the
 * document builds its own). */
static json_t *achievement_for(struct mc__issuer *is,
			       const struct mc__ob3_input *in)
{
	const char *lang = in->learner->lang ? in->learner->lang : "";
	int graded = in->opts->grade != NULL;
	size_t i;

	for (i = 0; i < is->ncache; i++)
		if (is->cache[i].graded == graded &&
		    strcmp(is->cache[i].lang, lang) == 0)
			return is->cache[i].achievement;
	if (is->ncache == MC__ARRAY_SIZE(is->cache) ||
	    strlen(lang) >= sizeof(is->cache[0].lang))
		return NULL;
	if (!(is->cache[i].achievement =
		  mc__ob3_achievement(in, in->learner->lang)))
		return NULL;
	snprintf(is->cache[i].lang, sizeof(is->cache[i].lang), "%s", lang);
	is->cache[i].graded = graded;
	is->ncache++;
	return is->cache[i].achievement;
}

/* Build and seal the document; *data gets the credential's bytes. */
static int seal(struct mc__issuer *is, char **data, const mc_learner *l,
		const mc_issue_options *o, const char *id, const char *now,
		const struct mc__status_ref *refs, size_t nrefs)
{
	unsigned char rnd[16];
	char salt[33], err[256] = "";
	struct mc__ob3_input in;
	json_t *doc;
	int error = 0;

	if (is->format == MC_FORMAT_EDC)
		return mc__issue_seal_edc(is, data, l, o, id, now);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(salt, sizeof(salt), rnd, sizeof(rnd));
	memset(&in, 0, sizeof(in));
	in.mc = is->mc;
	in.mc_uri = is->mc_uri;
	in.issuer = is->org;
	in.issuer_id = is->issuer_id;
	in.learner = l;
	in.opts = o;
	in.id = id;
	in.issued_at = now;
	in.salt = salt;
	in.status = refs;
	in.nstatus = nrefs;
	in.store = is->store;
	in.achievement = achievement_for(is, &in);
	if (!(doc = mc__ob3_build(&in)))
		return MC_ENOMEM;
	if (is->format == MC_FORMAT_OB3) {
		error =
		    mc__di_sign(doc, is->key, is->key_info->verification_method,
				now, 1, is->suite, err, sizeof(err));
		if (!error && !(*data = mc__json_dump(doc)))
			error = MC_ENOMEM;
	} else {
		error = mc__jwt_sign(data, doc, is->key, is->alg,
				     is->key_info->verification_method, err,
				     sizeof(err));
	}
	json_decref(doc);
	if (error < 0 && error != MC_ENOMEM)
		mc__store_error(is->store, error, "sealing: %s", err);
	return error;
}

int mc__issue_one(struct mc__issuer *is, mc_credential **out,
		  const mc_learner *l, const mc_issue_options *o)
{
	mc_store *s = is->store;
	struct mc__status_ref refs[2];
	mc_credential *c = NULL;
	char *key = NULL, uuid[37], now[21];
	size_t i;
	int error;

	*out = NULL;
	memset(refs, 0, sizeof(refs));
	if (!(key = mc__learner_key(l)))
		return MC_ENOMEM;
	error = s->cred->cred_find(s, out, is->mc->id, is->mc->version, key,
				   is->format);
	if (error != MC_ENOTFOUND) {
		if (!error)
			(*out)->created = 0;
		goto cleanup;
	}
	error = 0;
	mc__store_clear_error(s);
	if (!(c = calloc(1, sizeof(*c)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (o->now)
		snprintf(now, sizeof(now), "%s", o->now);
	else
		mc__utc_now(now);
	mc__uuid4(uuid);
	c->id = mc__asprintf("%s/credentials/%s", s->base_url, uuid);
	c->mc_id = strdup(is->mc->id);
	c->org_id = strdup(is->org->id);
	c->issued_at = strdup(now);
	c->mc_version = is->mc->version;
	c->format = is->format;
	c->created = 1;
	if (!c->id || !c->mc_id || !c->org_id || !c->issued_at) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	snprintf(refs[0].purpose, sizeof(refs[0].purpose), "revocation");
	snprintf(refs[1].purpose, sizeof(refs[1].purpose), "suspension");
	for (i = 0; i < 2 && !error; i++)
		error = s->cred->status_alloc(s, &refs[i], is->org->id,
					      randombytes_random());
	if (error < 0 ||
	    (error = seal(is, &c->data, l, o, c->id, now, refs, 2)) < 0)
		goto cleanup;
	c->len = strlen(c->data);
	if ((error = s->cred->cred_put(s, c, key, refs, 2)) < 0 ||
	    (error = s->audit->add(s, o->actor, "credential.issue", c->id,
				   c->org_id, NULL)) < 0)
		goto cleanup;
	*out = c;
	c = NULL;

cleanup:
	for (i = 0; i < 2; i++)
		free(refs[i].list_url);
	mc_credential_free(c);
	free(key);
	return error;
}

int mc_credential_issue(mc_store *store, mc_credential **out, const char *mc_id,
			unsigned mc_version, const mc_learner *learner,
			const mc_issue_options *opts, mc_problems *problems)
{
	mc_issue_options defaults = MC_ISSUE_OPTIONS_INIT;
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	struct mc__issuer is;
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	mc__store_clear_error(store);
	if ((error = mc__learner_check(learner, opts, NULL, p)) < 0) {
		if (error == MC_EINVALID && p->count) {
			char *first =
			    mc_problem_format(&p->items[p->count - 1]);

			mc__store_error(store, error, "%s",
					first ? first : "invalid learner");
			free(first);
		}
		goto cleanup;
	}
	if ((error = mc__issuer_open(&is, store, mc_id, mc_version, opts)) < 0)
		goto cleanup;
	if ((error = store->core->begin(store)) == 0) {
		error = mc__issue_one(&is, out, learner, opts);
		if (error < 0)
			store->core->rollback(store);
		else if ((error = store->core->commit(store)) == 0)
			mc__store_clear_error(store);
		if (error < 0) {
			mc_credential_free(*out);
			*out = NULL;
		}
	}
	mc__issuer_close(&is);

cleanup:
	mc_problems_clear(&local);
	return error;
}

int mc_credential_get(mc_store *store, mc_credential **out, const char *id)
{
	char *full = NULL;
	int error;

	mc__store_clear_error(store);
	if (!strstr(id, "://") &&
	    !(full = mc__asprintf("%s/credentials/%s", store->base_url, id)))
		return MC_ENOMEM;
	error = store->cred->cred_get(store, out, full ? full : id);
	if (error == MC_ENOTFOUND)
		mc__store_error(store, error, "no credential '%s'", id);
	free(full);
	return error;
}

int mc_credential_siblings(mc_store *store, mc_credential_ref **out,
			   size_t *count, const char *id)
{
	char *full = NULL;
	int error;

	*out = NULL;
	*count = 0;
	mc__store_clear_error(store);
	if (!strstr(id, "://") &&
	    !(full = mc__asprintf("%s/credentials/%s", store->base_url, id)))
		return MC_ENOMEM;
	error = store->cred->cred_siblings(store, out, count, full ? full : id);
	free(full);
	return error;
}
