/*
 * UI languages (see i18n.h).
 *
 * The catalogues are the embedded assets "i18n/LANG.json" and
 * "i18n/AREA.LANG.json" (parts kept in files of their own).  They are
 * parsed once, on first use, into one table per language sorted by key;
 * a file that is not a flat object of strings is skipped with a message
 * on stderr (a build with a broken file still serves the others).
 * After that the tables are read-only and shared by every thread.
 */
#include "i18n.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"

#define LANGS_MAX 32
#define LANG_LEN  16

struct entry {
	const char *key, *text; /* owned by the table's json */
};

struct catalogue {
	char lang[LANG_LEN];
	struct entry *entries;
	size_t count;
	json_t *json;
};

static struct catalogue cats[LANGS_MAX];
static const char *lang_names[LANGS_MAX];
static size_t ncats;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
		      ((const struct entry *)b)->key);
}

static int cat_cmp(const void *a, const void *b)
{
	return strcmp(((const struct catalogue *)a)->lang,
		      ((const struct catalogue *)b)->lang);
}

/*
 * The language of asset `name` into `out`: "i18n/uk.json" (the UI
 * catalogue) and "i18n/AREA.uk.json" (a part of it kept apart, as the
 * verifier's reasons in "reasons.uk.json") are both "uk".  0, or -1 for
 * another asset or a name that is no language tag.
 */
static int asset_lang(char out[LANG_LEN], const char *name)
{
	const char *dot;
	size_t n, i;

	if (strncmp(name, "i18n/", 5) != 0)
		return -1;
	name += 5;
	n = strlen(name);
	if (n < 7 || strcmp(name + n - 5, ".json") != 0)
		return -1;
	n -= 5;
	for (dot = name + n; dot > name && dot[-1] != '.'; dot--)
		;
	n -= (size_t)(dot - name);
	name = dot;
	if (n < 2 || n >= LANG_LEN)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			return -1;
		out[i] = (char)tolower((unsigned char)name[i]);
	}
	out[i] = '\0';
	return 0;
}

/* The catalogue of `lang`, added when there is none yet; NULL when the
 * table is full. */
static struct catalogue *cat_for(const char *lang)
{
	size_t i;

	for (i = 0; i < ncats; i++)
		if (strcmp(cats[i].lang, lang) == 0)
			return &cats[i];
	if (ncats == LANGS_MAX || !(cats[ncats].json = json_object()))
		return NULL;
	snprintf(cats[ncats].lang, LANG_LEN, "%s", lang);
	return &cats[ncats++];
}

/* Add asset `a`'s strings to the catalogue of `lang`.  A file that is
 * not a flat object of strings is skipped whole, and a key another file
 * of the language already has keeps its first text; both with a message
 * on stderr. */
static void load_one(const struct srv_asset *a, const char *lang)
{
	struct catalogue *c = cat_for(lang);
	json_error_t jerr;
	const char *key;
	json_t *part, *v;

	if (!c)
		return;
	part = json_loadb(a->data, a->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(part)) {
		fprintf(stderr, "microcred: %s: not a JSON object (%s)\n",
			a->name, jerr.text);
		json_decref(part);
		return;
	}
	json_object_foreach(part, key, v)
	{
		if (!json_is_string(v)) {
			fprintf(stderr,
				"microcred: %s: \"%s\" is not a string\n",
				a->name, key);
			json_decref(part);
			return;
		}
	}
	json_object_foreach(part, key, v)
	{
		if (json_object_get(c->json, key))
			fprintf(stderr, "microcred: %s: \"%s\" is twice\n",
				a->name, key);
		else
			json_object_set(c->json, key, v);
	}
	json_decref(part);
}

/* The sorted table of catalogue `c`'s strings. */
static void index_cat(struct catalogue *c)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	c->count = json_object_size(c->json);
	if (!(c->entries =
		  calloc(c->count ? c->count : 1, sizeof(*c->entries)))) {
		c->count = 0;
		return;
	}
	json_object_foreach(c->json, key, v)
	{
		c->entries[i].key = key;
		c->entries[i].text = json_string_value(v);
		i++;
	}
	qsort(c->entries, c->count, sizeof(*c->entries), entry_cmp);
}

static void load(void)
{
	const struct srv_asset *a;
	char lang[LANG_LEN];
	size_t i;

	for (a = srv_assets; a->name; a++)
		if (asset_lang(lang, a->name) == 0)
			load_one(a, lang);
	qsort(cats, ncats, sizeof(*cats), cat_cmp);
	for (i = 0; i < ncats; i++) {
		index_cat(&cats[i]);
		lang_names[i] = cats[i].lang;
	}
	if (ncats == 0) { /* no catalogue at all: keys, in "English" */
		snprintf(cats[0].lang, LANG_LEN, "en");
		lang_names[0] = cats[0].lang;
		ncats = 1;
	}
}

static const struct catalogue *find_cat(const char *lang)
{
	size_t i;

	pthread_once(&once, load);
	for (i = 0; i < ncats; i++)
		if (strcmp(cats[i].lang, lang) == 0)
			return &cats[i];
	return NULL;
}

static const char *lookup(const struct catalogue *c, const char *key)
{
	struct entry k = {key, NULL}, *e;

	if (!c || !c->count)
		return NULL;
	e = bsearch(&k, c->entries, c->count, sizeof(*c->entries), entry_cmp);
	return e ? e->text : NULL;
}

const char *const *srv_i18n_languages(size_t *n)
{
	pthread_once(&once, load);
	*n = ncats;
	return lang_names;
}

const char *srv_i18n_native_name(const char *lang)
{
	const char *name = lookup(find_cat(lang), "language.native");

	return name ? name : lang;
}

/*
 * The UI language for tag `tag` (first `n` bytes): the catalogue of the
 * whole tag ("pt-br"), else of its primary subtag ("uk" for "uk-UA"), as
 * the table's own string; NULL when there is none.
 */
static const char *ui_lang(const char *tag, size_t n)
{
	char buf[LANG_LEN];
	const struct catalogue *c;
	size_t i;

	if (n == 0 || n >= LANG_LEN)
		return NULL;
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)tag[i]);
	buf[n] = '\0';
	if ((c = find_cat(buf)))
		return c->lang;
	buf[strcspn(buf, "-_")] = '\0';
	return (c = find_cat(buf)) ? c->lang : NULL;
}

/* The value of cookie `name` in a Cookie header, into `out`; 0 or -1. */
static int cookie_value(char *out, size_t outlen, const char *header,
			const char *name)
{
	size_t nl = strlen(name), vl;
	const char *p = header;

	while (p && *p) {
		p += strspn(p, " ;");
		if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
			p += nl + 1;
			vl = strcspn(p, ";");
			if (vl >= outlen)
				return -1;
			memcpy(out, p, vl);
			out[vl] = '\0';
			return 0;
		}
		p = strchr(p, ';');
	}
	return -1;
}

/*
 * The best UI language of an Accept-Language header (RFC 9110 12.5.4):
 * the one with the highest q; among equal q the first listed.  q=0 means
 * "not this one".  Malformed entries are ignored.
 */
static const char *accept_language(const char *header)
{
	const char *best = NULL, *p = header, *l;
	double best_q = 0;

	while (*p) {
		size_t n;
		double q = 1;
		const char *qs, *end;

		p += strspn(p, " ,");
		n = strcspn(p, " ;,");
		end = p + strcspn(p, ",");
		if ((qs = strstr(p, "q=")) && qs < end)
			q = strtod(qs + 2, NULL);
		if (q > best_q && q <= 1 && (l = ui_lang(p, n))) {
			best = l;
			best_q = q;
		}
		p = end;
	}
	return best;
}

const char *srv_req_lang(srv_req *req)
{
	const char *v, *l = NULL;
	char buf[LANG_LEN];

	if (req->lang_)
		return req->lang_;
	if ((v = srv_req_query(req, "lang")))
		l = ui_lang(v, strlen(v));
	if (!l && (v = srv_req_header(req, "Cookie")) &&
	    cookie_value(buf, sizeof(buf), v, "lang") == 0)
		l = ui_lang(buf, strlen(buf));
	if (!l && (v = srv_req_header(req, "Accept-Language")))
		l = accept_language(v);
	if (!l)
		l = ui_lang("en", 2);
	if (!l) /* no English catalogue: the first language there is */
		l = lang_names[0];
	return req->lang_ = l;
}

const char *srv_t(srv_req *req, const char *key)
{
	const char *t = lookup(find_cat(srv_req_lang(req)), key);

	if (!t)
		t = lookup(find_cat("en"), key);
	return t ? t : key;
}
