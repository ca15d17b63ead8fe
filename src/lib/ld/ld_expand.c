/*
 * JSON-LD 1.1 Expansion (API section 5.1), Value Expansion (5.3) and the
 * expand() wrapper (the result is always an array; a top-level object
 * holding only @graph gives its @graph).
 *
 * Recursion is bounded by max_depth and the work by max_nodes, so deep
 * or huge documents end with MC_ETOOBIG instead of exhausting the stack
 * or the time.  In safe mode a key or a type that would be dropped
 * because it expands to no absolute IRI, and a node identifier left
 * relative, are errors naming where they were.
 */
#include <stdlib.h>
#include <string.h>

#include "ld/iri.h"
#include "ld/ld_private.h"
#include "microcred/errors.h"

#define NOMEM(st) mc__ld_nomem(st)

static int expand(json_t **out, struct mc__ld_state *st,
		  const struct mc__ld_ctx *ac, const char *aprop,
		  const json_t *element, int from_map);

/* ---- helpers ------------------------------------------------------- */

static json_t *jstr(const char *s)
{
	return json_string_nocheck(s);
}

/* The path of keys to the current value, for safe mode's messages. */
static const char *path_str(struct mc__ld_state *st, char *buf, size_t len)
{
	size_t used = 0;
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < st->pathlen && used + 1 < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? "." : "",
				 st->path[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

/* Safe mode's refusal: "<reason>: <path>.<key> \"<value>\"". */
static int unsafe(struct mc__ld_state *st, const char *reason, const char *key,
		  const char *what)
{
	char p[200];

	path_str(st, p, sizeof(p));
	if (!key && what)
		return mc__ld_fail(st, MC_EINVALID, "%s: %s \"%s\"", reason,
				   p[0] ? p : "(top level)", what);
	if (!key)
		return mc__ld_fail(st, MC_EINVALID, "%s: %s", reason,
				   p[0] ? p : "(top level)");
	if (what)
		return mc__ld_fail(st, MC_EINVALID, "%s: %s%s%s \"%s\"", reason,
				   p, p[0] ? "." : "", key, what);
	return mc__ld_fail(st, MC_EINVALID, "%s: %s%s%s", reason, p,
			   p[0] ? "." : "", key);
}

static int undefined(struct mc__ld_state *st, const char *key, const char *what)
{
	return unsafe(st, "undefined term", key, what);
}

/* A well-formed BCP 47 language tag, as jsonld.js tests it. */
static int is_language_tag(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; *s; s++) {
		if (*s == '-') {
			if (n == 0)
				return 0;
			n = 0;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')) ||
		    ++n > 8)
			return 0;
	}
	return n > 0;
}

static int check_language(struct mc__ld_state *st, const char *key,
			  const char *lang)
{
	if (st->opts->safe && lang && !is_language_tag(lang))
		return unsafe(st, "invalid language tag", key, lang);
	return 0;
}

/* Append `v` (stolen; its items when an array) to array `arr`. */
static int append(json_t *arr, json_t *v)
{
	size_t i;
	json_t *e;

	if (!v)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if (json_array_append(arr, e))
				goto fail;
		}
		json_decref(v);
		return 0;
	}
	return json_array_append_new(arr, v) ? -1 : 0;
fail:
	json_decref(v);
	return -1;
}

/* `v` (stolen) as an array (null: empty). */
static json_t *as_array(json_t *v)
{
	json_t *a;

	if (json_is_array(v))
		return v;
	a = json_array();
	if (a && v && json_array_append_new(a, v)) {
		json_decref(a);
		return NULL;
	}
	if (!a)
		json_decref(v);
	return a;
}

/* Add `v` (stolen) to the array under `key` of `obj`. */
static int add_value(json_t *obj, const char *key, json_t *v)
{
	json_t *arr = json_object_get(obj, key);

	if (!arr) {
		arr = json_array();
		if (!arr || json_object_set_new_nocheck(obj, key, arr)) {
			json_decref(v);
			return -1;
		}
	} else if (!json_is_array(arr)) {
		json_t *a = json_array();
		if (!a || json_array_append(a, arr) ||
		    json_object_set_new_nocheck(obj, key, a)) {
			json_decref(a);
			json_decref(v);
			return -1;
		}
		arr = a;
	}
	return append(arr, v);
}

static int is_list_object(const json_t *v)
{
	return json_is_object(v) && json_object_get(v, "@list");
}

static int is_value_object(const json_t *v)
{
	return json_is_object(v) && json_object_get(v, "@value");
}

static int is_graph_object(const json_t *v)
{
	const char *k;
	json_t *e;

	if (!json_is_object(v) || !json_object_get(v, "@graph"))
		return 0;
	json_object_foreach((json_t *)v, k, e)
	{
		if (strcmp(k, "@graph") != 0 && strcmp(k, "@id") != 0 &&
		    strcmp(k, "@index") != 0)
			return 0;
	}
	return 1;
}

static int is_abs_or_blank(const char *s)
{
	return s && (mc__iri_is_absolute(s) || mc__iri_is_blank(s));
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- Value Expansion (5.3) ----------------------------------------- */

static int value_expand(json_t **out, struct mc__ld_state *st,
			const struct mc__ld_ctx *ac,
			const struct mc__ld_term *td, const json_t *value)
{
	const char *type = td ? td->type : NULL, *iri, *lang, *dir;
	json_t *r;
	int rc;

	*out = NULL;
	if (type && json_is_string(value) &&
	    (strcmp(type, "@id") == 0 || strcmp(type, "@vocab") == 0)) {
		if ((rc = mc__ld_expand_iri(&iri, st, ac,
					    json_string_value(value), 1,
					    type[1] == 'v')) != 0)
			return rc;
		if (st->opts->safe && !is_abs_or_blank(iri))
			return unsafe(st,
				      type[1] == 'v' ? "undefined term"
						     : "relative IRI",
				      NULL, json_string_value(value));
		r = json_object();
		if (!r || json_object_set_new_nocheck(
			      r, "@id", iri ? jstr(iri) : json_null())) {
			json_decref(r);
			return NOMEM(st);
		}
		*out = r;
		return 0;
	}
	r = json_object();
	if (!r || json_object_set_nocheck(r, "@value", (json_t *)value))
		goto nomem;
	if (type && strcmp(type, "@id") != 0 && strcmp(type, "@vocab") != 0 &&
	    strcmp(type, "@none") != 0) {
		if (json_object_set_new_nocheck(r, "@type", jstr(type)))
			goto nomem;
	} else if (json_is_string(value)) {
		lang = td && td->has_lang ? td->lang : ac->lang;
		dir = td && td->has_dir ? td->dir : ac->dir;
		if (check_language(st, NULL, lang)) {
			json_decref(r);
			return MC_EINVALID;
		}
		if (lang &&
		    json_object_set_new_nocheck(r, "@language", jstr(lang)))
			goto nomem;
		if (dir &&
		    json_object_set_new_nocheck(r, "@direction", jstr(dir)))
			goto nomem;
	}
	*out = r;
	return 0;
nomem:
	json_decref(r);
	return NOMEM(st);
}

/* ---- Expansion of a map's entries (steps 13 and 14) ---------------- */

struct entries {
	const struct mc__ld_ctx *ac;  /* active context */
	const struct mc__ld_ctx *tsc; /* type-scoped context */
	const char *aprop;
	const char *input_type;
	json_t *result;
};

static int keyword_entry(struct mc__ld_state *st, struct entries *e,
			 const char *key, const char *eprop,
			 const json_t *value, json_t *nests);

static int language_map(json_t **out, struct mc__ld_state *st,
			const struct mc__ld_ctx *ac,
			const struct mc__ld_term *td, const json_t *value)
{
	const char *lang, *dir = ac->dir, *el;
	json_t *ev = json_array(), *lv, *item, *o;
	size_t i;
	int rc;

	if (!ev)
		return NOMEM(st);
	if (td->has_dir)
		dir = td->dir;
	json_object_foreach((json_t *)value, lang, lv)
	{
		int none = strcmp(lang, "@none") == 0;
		if (!none && (rc = check_language(st, NULL, lang)) != 0)
			goto fail;
		if (!none) {
			if ((rc = mc__ld_expand_iri(&el, st, ac, lang, 0, 1)) !=
			    0)
				goto fail;
			none = el && strcmp(el, "@none") == 0;
		}
		if (json_is_array(lv)) {
			json_array_foreach(lv, i, item)
			{
				if ((rc = mc__ld_tick(st)) != 0)
					goto fail;
				if (json_is_null(item))
					continue;
				if (!json_is_string(item)) {
					rc = mc__ld_fail(
					    st, MC_EINVALID,
					    "invalid language map value: %s",
					    td->name);
					goto fail;
				}
				o = json_pack("{sO}", "@value", item);
				if (!o ||
				    (!none &&
				     json_object_set_new_nocheck(o, "@language",
								 jstr(lang))) ||
				    (dir && json_object_set_new_nocheck(
						o, "@direction", jstr(dir))) ||
				    json_array_append_new(ev, o)) {
					rc = NOMEM(st);
					goto fail;
				}
			}
			continue;
		}
		if (json_is_null(lv))
			continue;
		if (!json_is_string(lv)) {
			rc = mc__ld_fail(st, MC_EINVALID,
					 "invalid language map value: %s",
					 td->name);
			goto fail;
		}
		o = json_pack("{sO}", "@value", lv);
		if (!o ||
		    (!none &&
		     json_object_set_new_nocheck(o, "@language", jstr(lang))) ||
		    (dir &&
		     json_object_set_new_nocheck(o, "@direction", jstr(dir))) ||
		    json_array_append_new(ev, o)) {
			rc = NOMEM(st);
			goto fail;
		}
	}
	*out = ev;
	return 0;
fail:
	json_decref(ev);
	return rc;
}

/* Step 13.8: index, id and type maps. */
static int index_map(json_t **out, struct mc__ld_state *st,
		     const struct mc__ld_ctx *ac, const char *key,
		     const struct mc__ld_term *td, const json_t *value)
{
	unsigned c = td->container;
	const char *index_key = td->index ? td->index : "@index";
	const char *index, *ei;
	json_t *ev = json_array(), *iv, *items = NULL, *item;
	size_t i;
	int rc = 0;

	if (!ev)
		return NOMEM(st);
	json_object_foreach((json_t *)value, index, iv)
	{
		const struct mc__ld_ctx *mc = ac;
		json_t *arr;
		if (c & (MC__LD_C_ID | MC__LD_C_TYPE))
			mc = ac->previous ? ac->previous : ac;
		if (c & MC__LD_C_TYPE) {
			const struct mc__ld_term *it =
			    mc__ld_term_get(mc, index);
			if (it && it->has_context &&
			    (rc = mc__ld_process_context(
				 &mc, st, mc, it->context, it->ctx_base, 0, 1,
				 1, it->frozen)) != 0)
				goto fail;
		}
		if ((rc = mc__ld_expand_iri(&ei, st, ac, index, 0, 1)) != 0)
			goto fail;
		if (!(arr = as_array(json_incref(iv)))) {
			rc = NOMEM(st);
			goto fail;
		}
		rc = expand(&items, st, mc, key, arr, 1);
		json_decref(arr);
		if (rc != 0)
			goto fail;
		if (!items)
			continue;
		if (!json_is_array(items) && !(items = as_array(items))) {
			rc = NOMEM(st);
			goto fail;
		}
		for (i = 0; i < json_array_size(items); i++) {
			int none = ei && strcmp(ei, "@none") == 0;
			item = json_array_get(items, i);
			if ((c & MC__LD_C_GRAPH) && !is_graph_object(item)) {
				json_t *g = json_pack("{s[O]}", "@graph", item);
				if (!g || json_array_set_new(items, i, g)) {
					rc = NOMEM(st);
					goto fail;
				}
				item = g;
			}
			if ((c & MC__LD_C_INDEX) &&
			    strcmp(index_key, "@index") != 0 && !none) {
				const char *eik;
				json_t *re, *list, *old, *iw = jstr(index);
				rc =
				    iw ? value_expand(
					     &re, st, ac,
					     mc__ld_term_get(ac, index_key), iw)
				       : NOMEM(st);
				json_decref(iw);
				if (rc != 0)
					goto fail;
				if ((rc = mc__ld_expand_iri(
					 &eik, st, ac, index_key, 0, 1)) != 0) {
					json_decref(re);
					goto fail;
				}
				if (is_value_object(item)) {
					json_decref(re);
					rc = mc__ld_fail(
					    st, MC_EINVALID,
					    "invalid value object: %s: a "
					    "value in a property-valued index",
					    key);
					goto fail;
				}
				if (!eik || !json_is_object(item)) {
					json_decref(re);
					continue;
				}
				list = json_array();
				old = json_object_get(item, eik);
				if (!list || json_array_append_new(list, re) ||
				    (old && append(list, json_incref(old))) ||
				    json_object_set_new_nocheck(item, eik,
								list)) {
					rc = NOMEM(st);
					goto fail;
				}
			} else if ((c & MC__LD_C_INDEX) &&
				   json_is_object(item) &&
				   !json_object_get(item, "@index") && !none) {
				if (json_object_set_new_nocheck(item, "@index",
								jstr(index))) {
					rc = NOMEM(st);
					goto fail;
				}
			} else if ((c & MC__LD_C_ID) && json_is_object(item) &&
				   !json_object_get(item, "@id") && !none) {
				const char *id;
				if ((rc = mc__ld_expand_iri(&id, st, ac, index,
							    1, 0)) != 0)
					goto fail;
				if (json_object_set_new_nocheck(
					item, "@id",
					id ? jstr(id) : json_null())) {
					rc = NOMEM(st);
					goto fail;
				}
			} else if ((c & MC__LD_C_TYPE) &&
				   json_is_object(item) && !none) {
				json_t *types = json_array(),
				       *old = json_object_get(item, "@type");
				if (st->opts->safe && !is_abs_or_blank(ei)) {
					json_decref(types);
					rc = unsafe(st, "undefined term", NULL,
						    index);
					goto fail;
				}
				if (!types ||
				    json_array_append_new(
					types, ei ? jstr(ei) : json_null()) ||
				    (old && append(types, json_incref(old))) ||
				    json_object_set_new_nocheck(item, "@type",
								types)) {
					rc = NOMEM(st);
					goto fail;
				}
			}
		}
		if (append(ev, items)) {
			items = NULL;
			rc = NOMEM(st);
			goto fail;
		}
		items = NULL;
	}
	*out = ev;
	return 0;
fail:
	json_decref(items);
	json_decref(ev);
	return rc;
}

/* Steps 13.5 to 13.14 for a key that is not a keyword. */
/* `td`: the term definition of `key` in e->ac (NULL: none). */
static int term_entry(struct mc__ld_state *st, struct entries *e,
		      const char *key, const char *eprop, const json_t *value,
		      const struct mc__ld_term *td)
{
	unsigned c = td ? td->container : 0;
	json_t *ev = NULL, *t;
	unsigned pathlen = st->pathlen;
	size_t i;
	int rc;

	if (pathlen < st->max_depth + 1)
		st->path[st->pathlen++] = key;
	if (td && td->type && strcmp(td->type, "@json") == 0) {
		ev = json_pack("{sOss}", "@value", value, "@type", "@json");
		rc = ev ? 0 : NOMEM(st);
	} else if ((c & MC__LD_C_LANGUAGE) && json_is_object(value)) {
		rc = language_map(&ev, st, e->ac, td, value);
	} else if ((c & (MC__LD_C_INDEX | MC__LD_C_TYPE | MC__LD_C_ID)) &&
		   json_is_object(value)) {
		rc = index_map(&ev, st, e->ac, key, td, value);
	} else {
		rc = expand(&ev, st, e->ac, key, value, 0);
	}
	st->pathlen = pathlen;
	if (rc != 0)
		return rc;
	if (!ev)
		return 0;
	if ((c & MC__LD_C_LIST) && !is_list_object(ev)) {
		json_t *l = json_object(), *a = as_array(ev);
		if (!l || !a || json_object_set_new_nocheck(l, "@list", a)) {
			json_decref(l);
			return NOMEM(st);
		}
		ev = l;
	}
	if ((c & MC__LD_C_GRAPH) && !(c & (MC__LD_C_ID | MC__LD_C_INDEX))) {
		if (!(ev = as_array(ev)))
			return NOMEM(st);
		for (i = 0; i < json_array_size(ev); i++) {
			t = json_pack("{s[O]}", "@graph",
				      json_array_get(ev, i));
			if (!t || json_array_set_new(ev, i, t)) {
				json_decref(ev);
				return NOMEM(st);
			}
		}
	}
	if (td && td->reverse) {
		json_t *rm = json_object_get(e->result, "@reverse");
		if (!rm) {
			rm = json_object();
			if (!rm || json_object_set_new_nocheck(
				       e->result, "@reverse", rm)) {
				json_decref(ev);
				return NOMEM(st);
			}
		}
		if (!(ev = as_array(ev)))
			return NOMEM(st);
		for (i = 0; i < json_array_size(ev); i++) {
			t = json_array_get(ev, i);
			if (is_value_object(t) || is_list_object(t)) {
				json_decref(ev);
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid reverse property "
						   "value: %s",
						   key);
			}
		}
		return add_value(rm, eprop, ev) ? NOMEM(st) : 0;
	}
	return add_value(e->result, eprop, ev) ? NOMEM(st) : 0;
}

static int expand_entries(struct mc__ld_state *st, struct entries *e,
			  const json_t *element)
{
	const char *key, *eprop, *nk;
	const struct mc__ld_term *td;
	json_t *value, *nests = NULL, *nv, *item;
	size_t i, j;
	int rc = 0;

	json_object_foreach((json_t *)element, key, value)
	{
		if (strcmp(key, "@context") == 0)
			continue;
		if ((rc = mc__ld_expand_key(&eprop, &td, st, e->ac, key)) != 0)
			goto done;
		if (!eprop ||
		    (!strchr(eprop, ':') && !mc__ld_is_keyword(eprop))) {
			if (st->opts->safe) {
				rc = undefined(st, key, NULL);
				goto done;
			}
			continue;
		}
		if (mc__ld_is_keyword(eprop)) {
			if (!nests && !(nests = json_array())) {
				rc = NOMEM(st);
				goto done;
			}
			rc = keyword_entry(st, e, key, eprop, value, nests);
		} else {
			rc = term_entry(st, e, key, eprop, value, td);
		}
		if (rc != 0)
			goto done;
	}
	/* 14. nested properties */
	json_array_foreach(nests, i, nv)
	{
		const json_t *vals;
		const struct mc__ld_term *nt;
		struct entries ne = *e;
		nk = json_string_value(nv);
		nt = mc__ld_term_get(e->ac, nk);
		if (nt && nt->has_context &&
		    (rc = mc__ld_process_context(&ne.ac, st, e->ac, nt->context,
						 nt->ctx_base, 1, 1, 1,
						 nt->frozen)) != 0)
			goto done;
		vals = json_object_get(element, nk);
		for (j = 0;
		     j < (json_is_array(vals) ? json_array_size(vals) : 1);
		     j++) {
			const char *k2, *x;
			json_t *v2;
			item = json_is_array(vals) ? json_array_get(vals, j)
						   : (json_t *)vals;
			if (!json_is_object(item)) {
				rc = mc__ld_fail(st, MC_EINVALID,
						 "invalid @nest value: %s", nk);
				goto done;
			}
			json_object_foreach(item, k2, v2)
			{
				if ((rc = mc__ld_expand_iri(&x, st, ne.ac, k2,
							    0, 1)) != 0)
					goto done;
				if (x && strcmp(x, "@value") == 0) {
					rc = mc__ld_fail(
					    st, MC_EINVALID,
					    "invalid @nest value: %s", nk);
					goto done;
				}
			}
			if ((rc = mc__ld_tick(st)) != 0)
				goto done;
			if (++st->depth > st->max_depth) {
				st->depth--;
				rc = mc__ld_fail(st, MC_ETOOBIG,
						 "nesting deeper than %u",
						 st->max_depth);
				goto done;
			}
			rc = expand_entries(st, &ne, item);
			st->depth--;
			if (rc != 0)
				goto done;
		}
	}
done:
	json_decref(nests);
	return rc;
}

static int keyword_entry(struct mc__ld_state *st, struct entries *e,
			 const char *key, const char *eprop,
			 const json_t *value, json_t *nests)
{
	json_t *res = e->result, *ev = NULL, *x;
	const char *s;
	size_t i;
	int rc;

	if (e->aprop && strcmp(e->aprop, "@reverse") == 0)
		return mc__ld_fail(st, MC_EINVALID,
				   "invalid reverse property map: %s in "
				   "@reverse",
				   key);
	if (json_object_get(res, eprop) && strcmp(eprop, "@included") != 0 &&
	    strcmp(eprop, "@type") != 0)
		return mc__ld_fail(st, MC_EINVALID, "colliding keywords: %s",
				   eprop);
	if (strcmp(eprop, "@id") == 0) {
		const char *id;
		if (!json_is_string(value))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @id value: %s", key);
		if ((rc = mc__ld_expand_iri(
			 &id, st, e->ac, json_string_value(value), 1, 0)) != 0)
			return rc;
		if (st->opts->safe && !is_abs_or_blank(id))
			return unsafe(st, "relative IRI", key,
				      json_string_value(value));
		ev = id ? jstr(id) : json_null();
	} else if (strcmp(eprop, "@type") == 0) {
		const char *t;
		json_t *old = json_object_get(res, "@type");
		if (!json_is_string(value)) {
			if (!json_is_array(value))
				goto bad_type;
			json_array_foreach(value, i, x)
			{
				if (!json_is_string(x))
					goto bad_type;
			}
		}
		ev = json_is_array(value) || old ? json_array() : NULL;
		if (old && ev && append(ev, json_incref(old)))
			return NOMEM(st);
		for (i = 0;
		     i < (json_is_array(value) ? json_array_size(value) : 1);
		     i++) {
			x = json_is_array(value) ? json_array_get(value, i)
						 : (json_t *)value;
			if ((rc = mc__ld_expand_iri(&t, st, e->tsc,
						    json_string_value(x), 1,
						    1)) != 0) {
				json_decref(ev);
				return rc;
			}
			if (st->opts->safe && !is_abs_or_blank(t) &&
			    !mc__ld_is_keyword(t)) {
				json_decref(ev);
				return undefined(st, key, json_string_value(x));
			}
			if (!t)
				continue;
			if (!ev) {
				ev = jstr(t);
			} else if (json_array_append_new(ev, jstr(t))) {
				json_decref(ev);
				return NOMEM(st);
			}
		}
		if (!ev)
			return 0;
	} else if (strcmp(eprop, "@graph") == 0) {
		if ((rc = expand(&ev, st, e->ac, "@graph", value, 0)) != 0)
			return rc;
		if (!(ev = as_array(ev)))
			return NOMEM(st);
	} else if (strcmp(eprop, "@included") == 0) {
		json_t *old;
		if (st->v10)
			return 0;
		/* "@included" as the active property keeps values and lists,
		 * so that they are refused below instead of dropped */
		if ((rc = expand(&ev, st, e->ac, "@included", value, 0)) != 0)
			return rc;
		if (!(ev = as_array(ev)))
			return NOMEM(st);
		json_array_foreach(ev, i, x)
		{
			if (!json_is_object(x) ||
			    json_object_get(x, "@value") ||
			    json_object_get(x, "@list") ||
			    json_object_get(x, "@set")) {
				json_decref(ev);
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid @included value: "
						   "%s",
						   key);
			}
		}
		old = json_object_get(res, "@included");
		if (old) {
			json_incref(old);
			if (append(old, ev)) {
				json_decref(old);
				return NOMEM(st);
			}
			ev = old;
		}
	} else if (strcmp(eprop, "@value") == 0) {
		if (e->input_type && strcmp(e->input_type, "@json") == 0) {
			if (st->v10)
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid value object "
						   "value: @json in JSON-LD "
						   "1.0");
		} else if (json_is_object(value) || json_is_array(value)) {
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid value object value: %s",
					   key);
		}
		ev = json_incref((json_t *)value);
	} else if (strcmp(eprop, "@language") == 0) {
		if (!json_is_string(value))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid language-tagged string: "
					   "%s",
					   key);
		if ((rc = check_language(st, key, json_string_value(value))) !=
		    0)
			return rc;
		ev = json_incref((json_t *)value);
	} else if (strcmp(eprop, "@direction") == 0) {
		if (st->v10)
			return 0;
		s = json_string_value(value);
		if (!s || (strcmp(s, "ltr") != 0 && strcmp(s, "rtl") != 0))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid base direction: %s", key);
		ev = json_incref((json_t *)value);
	} else if (strcmp(eprop, "@index") == 0) {
		if (!json_is_string(value))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @index value: %s", key);
		ev = json_incref((json_t *)value);
	} else if (strcmp(eprop, "@list") == 0) {
		if (!e->aprop || strcmp(e->aprop, "@graph") == 0)
			return 0;
		if ((rc = expand(&ev, st, e->ac, e->aprop, value, 0)) != 0)
			return rc;
		if (!(ev = as_array(ev)))
			return NOMEM(st);
		json_array_foreach(ev, i, x)
		{
			if (st->v10 && is_list_object(x)) {
				json_decref(ev);
				return mc__ld_fail(st, MC_EINVALID,
						   "list of lists: %s (JSON-LD "
						   "1.0)",
						   key);
			}
		}
	} else if (strcmp(eprop, "@set") == 0) {
		if ((rc = expand(&ev, st, e->ac, e->aprop, value, 0)) != 0)
			return rc;
		if (!ev && !(ev = json_array()))
			return NOMEM(st);
	} else if (strcmp(eprop, "@reverse") == 0) {
		const char *p;
		json_t *items, *rm;
		if (!json_is_object(value))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @reverse value: %s", key);
		if ((rc = expand(&ev, st, e->ac, "@reverse", value, 0)) != 0)
			return rc;
		if (!json_is_object(ev)) {
			json_decref(ev);
			return 0;
		}
		if ((x = json_object_get(ev, "@reverse")) != NULL) {
			json_object_foreach(x, p, items)
			{
				if (add_value(res, p, json_incref(items))) {
					json_decref(ev);
					return NOMEM(st);
				}
			}
		}
		rm = NULL;
		json_object_foreach(ev, p, items)
		{
			if (strcmp(p, "@reverse") == 0)
				continue;
			if (!rm) {
				rm = json_object_get(res, "@reverse");
				if (!rm) {
					rm = json_object();
					if (!rm || json_object_set_new_nocheck(
						       res, "@reverse", rm)) {
						json_decref(ev);
						return NOMEM(st);
					}
				}
			}
			for (i = 0; i < json_array_size(items); i++) {
				x = json_array_get(items, i);
				if (is_value_object(x) || is_list_object(x)) {
					rc = mc__ld_fail(
					    st, MC_EINVALID,
					    "invalid reverse property value: "
					    "%s",
					    p); /* p lives in ev */
					json_decref(ev);
					return rc;
				}
			}
			if (add_value(rm, p, json_incref(items))) {
				json_decref(ev);
				return NOMEM(st);
			}
		}
		json_decref(ev);
		return 0;
	} else if (strcmp(eprop, "@nest") == 0) {
		return json_array_append_new(nests, jstr(key)) ? NOMEM(st) : 0;
	} else {
		/* @context is skipped earlier; other keywords (e.g. @base
		 * in a node object) carry nothing to expand */
		return 0;
	}
	if (json_object_set_new_nocheck(res, eprop, ev))
		return NOMEM(st);
	return 0;
bad_type:
	return mc__ld_fail(st, MC_EINVALID, "invalid type value: %s", key);
}

/* ---- Expansion (5.1) ----------------------------------------------- */

/* Steps 15 to 19 on a map's result (stolen): *out gets the final value. */
static int finish_map(json_t **out, struct mc__ld_state *st, json_t *result,
		      const char *aprop)
{
	json_t *v, *t;
	const char *k;
	size_t n = json_object_size(result);

	*out = NULL;
	if ((v = json_object_get(result, "@value")) != NULL ||
	    json_object_get(result, "@value")) {
		t = json_object_get(result, "@type");
		json_object_foreach(result, k, v)
		{
			if (strcmp(k, "@direction") && strcmp(k, "@index") &&
			    strcmp(k, "@language") && strcmp(k, "@type") &&
			    strcmp(k, "@value"))
				goto bad_value;
		}
		if (t && (json_object_get(result, "@language") ||
			  json_object_get(result, "@direction")))
			goto bad_value;
		v = json_object_get(result, "@value");
		if (t && json_is_string(t) &&
		    strcmp(json_string_value(t), "@json") == 0) {
			/* any JSON */		} else if (json_is_null(v)) {
				json_decref(result);
				return st->opts->safe
					   ? unsafe(
						 st,
						 "dropped value: @value null",
						 NULL, NULL)
					   : 0;
			} else if (!json_is_string(v) &&
				   json_object_get(result, "@language")) {
				json_decref(result);
				return mc__ld_fail(
				    st, MC_EINVALID,
				    "invalid language-tagged value");
			} else if (t &&
				   (!json_is_string(t) ||
				    !mc__iri_is_absolute(
					json_string_value(t)) ||
				    strpbrk(json_string_value(t), " \t\r\n"))) {
				json_decref(result);
				return mc__ld_fail(
				    st, MC_EINVALID,
				    "invalid typed value: @type must "
				    "be one absolute IRI");
			}
	} else if ((t = json_object_get(result, "@type")) != NULL &&
		   !json_is_array(t)) {
		json_t *a = json_array();
		if (!a || json_array_append(a, t) ||
		    json_object_set_new_nocheck(result, "@type", a)) {
			json_decref(a);
			json_decref(result);
			return NOMEM(st);
		}
	} else if (json_object_get(result, "@set") ||
		   json_object_get(result, "@list")) {
		if (n > 2 || (n == 2 && !json_object_get(result, "@index"))) {
			json_decref(result);
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid set or list object");
		}
		if ((v = json_object_get(result, "@set")) != NULL) {
			json_incref(v);
			json_decref(result);
			*out = v;
			return 0;
		}
	}
	n = json_object_size(result);
	if (n == 1 && json_object_get(result, "@language")) {
		json_decref(result);
		return st->opts->safe ? unsafe(st,
					       "dropped value: an object with "
					       "only @language",
					       NULL, NULL)
				      : 0;
	}
	if (!aprop || strcmp(aprop, "@graph") == 0) {
		if (n == 0 || json_object_get(result, "@value") ||
		    json_object_get(result, "@list") ||
		    (n == 1 && json_object_get(result, "@id"))) {
			json_decref(result);
			return st->opts->safe
				   ? unsafe(st,
					    "dropped value: a node with no "
					    "properties or a value outside "
					    "any property",
					    NULL, NULL)
				   : 0;
		}
	}
	*out = result;
	return 0;
bad_value:
	json_decref(result);
	return mc__ld_fail(st, MC_EINVALID,
			   "invalid value object: unexpected entries or "
			   "@type with @language");
}

static int expand_map(json_t **out, struct mc__ld_state *st,
		      const struct mc__ld_ctx *ac, const char *aprop,
		      const json_t *element, int from_map)
{
	const struct mc__ld_term *apd =
	    aprop ? mc__ld_term_get(ac, aprop) : NULL;
	const char *key, *x, *tkeys_buf[8], **tkeys = tkeys_buf;
	size_t ntk = 0, i, j;
	struct entries e;
	const json_t *c;
	json_t *value;
	int rc;

	*out = NULL;
	/* 7. a node object leaves the scope of a type-scoped context */
	if (ac->previous && !from_map) {
		int revert = 1;
		json_object_foreach((json_t *)element, key, value)
		{
			if ((rc = mc__ld_expand_iri(&x, st, ac, key, 0, 1)) !=
			    0)
				return rc;
			if (x && (strcmp(x, "@value") == 0 ||
				  (strcmp(x, "@id") == 0 &&
				   json_object_size(element) == 1))) {
				revert = 0;
				break;
			}
		}
		if (revert)
			ac = ac->previous;
	}
	if (apd && apd->has_context &&
	    (rc = mc__ld_process_context(&ac, st, ac, apd->context,
					 apd->ctx_base, 1, 1, 1,
					 apd->frozen)) != 0)
		return rc;
	if ((c = json_object_get(element, "@context")) != NULL &&
	    (rc = mc__ld_process_context(&ac, st, ac, c, st->opts->base, 0, 1,
					 1, 0)) != 0)
		return rc;
	memset(&e, 0, sizeof(e));
	e.tsc = ac;
	e.aprop = aprop;
	/* 11. type-scoped contexts, keys and values in order */
	json_object_foreach((json_t *)element, key, value)
	{
		if ((rc = mc__ld_expand_iri(&x, st, ac, key, 0, 1)) != 0)
			goto done;
		if (!x || strcmp(x, "@type") != 0)
			continue;
		if (ntk == MC__ARRAY_SIZE(tkeys_buf)) {
			const char **n = mc__ld_alloc(
			    st, sizeof(*n) * json_object_size(element));
			if (!n) {
				rc = NOMEM(st);
				goto done;
			}
			memcpy(n, tkeys, sizeof(*n) * ntk);
			tkeys = n;
		}
		tkeys[ntk++] = key;
	}
	if (ntk > 1)
		qsort(tkeys, ntk, sizeof(*tkeys), key_cmp);
	for (i = 0; i < ntk; i++) {
		const json_t *tv = json_object_get(element, tkeys[i]);
		size_t n = json_is_array(tv) ? json_array_size(tv) : 1;
		const char *sbuf[8], **sorted = sbuf;
		size_t ns = 0;
		if (n > MC__ARRAY_SIZE(sbuf) &&
		    !(sorted = mc__ld_alloc(st, sizeof(*sorted) * n))) {
			rc = NOMEM(st);
			goto done;
		}
		for (j = 0; j < n; j++) {
			const json_t *t =
			    json_is_array(tv) ? json_array_get(tv, j) : tv;
			if (json_is_string(t))
				sorted[ns++] = json_string_value(t);
		}
		if (ns > 1)
			qsort(sorted, ns, sizeof(*sorted), key_cmp);
		for (j = 0; j < ns; j++) {
			const struct mc__ld_term *td =
			    mc__ld_term_get(e.tsc, sorted[j]);
			if (td && td->has_context &&
			    (rc = mc__ld_process_context(
				 &ac, st, ac, td->context, td->ctx_base, 0, 0,
				 1, td->frozen)) != 0)
				goto done;
		}
		if (i == 0 && ns) {
			const json_t *last =
			    json_is_array(tv)
				? json_array_get(tv, json_array_size(tv) - 1)
				: tv;
			if (json_is_string(last) &&
			    (rc = mc__ld_expand_iri(&e.input_type, st, ac,
						    json_string_value(last), 0,
						    1)) != 0)
				goto done;
		}
	}
	e.ac = ac;
	if (!(e.result = json_object())) {
		rc = NOMEM(st);
		goto done;
	}
	if ((rc = expand_entries(st, &e, element)) != 0)
		goto done;
	rc = finish_map(out, st, e.result, aprop);
	e.result = NULL;
done:
	json_decref(e.result);
	return rc;
}

static int expand(json_t **out, struct mc__ld_state *st,
		  const struct mc__ld_ctx *ac, const char *aprop,
		  const json_t *element, int from_map)
{
	const struct mc__ld_term *apd;
	json_t *r = NULL, *ev;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!element || json_is_null(element))
		return 0;
	if ((rc = mc__ld_tick(st)) != 0)
		return rc;
	if (!json_is_array(element) && !json_is_object(element)) {
		if (!aprop || strcmp(aprop, "@graph") == 0)
			return st->opts->safe
				   ? unsafe(st,
					    "dropped value: a value outside "
					    "any property",
					    NULL, NULL)
				   : 0;
		apd = mc__ld_term_get(ac, aprop);
		if (apd && apd->has_context) {
			if ((rc = mc__ld_process_context(
				 &ac, st, ac, apd->context, apd->ctx_base, 1, 1,
				 1, apd->frozen)) != 0)
				return rc;
			apd = mc__ld_term_get(ac, aprop);
		}
		return value_expand(out, st, ac, apd, element);
	}
	if (++st->depth > st->max_depth) {
		st->depth--;
		return mc__ld_fail(st, MC_ETOOBIG, "nesting deeper than %u",
				   st->max_depth);
	}
	if (json_is_object(element)) {
		rc = expand_map(out, st, ac, aprop, element, from_map);
		goto done;
	}
	apd = aprop ? mc__ld_term_get(ac, aprop) : NULL;
	if (!(r = json_array())) {
		rc = NOMEM(st);
		goto done;
	}
	for (i = 0; i < json_array_size(element); i++) {
		if ((rc = expand(&ev, st, ac, aprop, json_array_get(element, i),
				 from_map)) != 0)
			goto done;
		if (st->v10 && apd && (apd->container & MC__LD_C_LIST) &&
		    (json_is_array(ev) || is_list_object(ev))) {
			json_decref(ev);
			rc = mc__ld_fail(st, MC_EINVALID,
					 "list of lists: %s (JSON-LD 1.0)",
					 aprop);
			goto done;
		}
		if (apd && (apd->container & MC__LD_C_LIST) &&
		    json_is_array(ev)) {
			json_t *l = json_object();
			if (!l || json_object_set_new_nocheck(l, "@list", ev)) {
				json_decref(l);
				rc = NOMEM(st);
				goto done;
			}
			ev = l;
		}
		if (append(r, ev)) {
			rc = NOMEM(st);
			goto done;
		}
	}
	*out = r;
	r = NULL;
done:
	json_decref(r);
	st->depth--;
	return rc;
}

/* ---- the expand() wrapper ------------------------------------------ */

int mc__ld_expand(json_t **out, const json_t *doc,
		  const struct mc__ld_options *opts, char *err, size_t errlen)
{
	static const struct mc__ld_options defaults;
	struct mc__ld_state st;
	const struct mc__ld_ctx *ac;
	json_t *r = NULL;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = 0;
	if (!opts)
		opts = &defaults;
	if ((rc = mc__ld_state_init(&st, opts, err, errlen)) != 0)
		goto done;
	ac = mc__ld_ctx_initial();
	if (opts->expand_context) {
		const json_t *ec = opts->expand_context;
		if (json_is_object(ec) && json_object_get(ec, "@context"))
			ec = json_object_get(ec, "@context");
		if ((rc = mc__ld_process_context(&ac, &st, ac, ec, opts->base,
						 0, 1, 1, 0)) != 0)
			goto done;
	}
	if ((rc = expand(&r, &st, ac, NULL, doc, 0)) != 0)
		goto done;
	if (json_is_object(r) && json_object_size(r) == 1 &&
	    json_object_get(r, "@graph")) {
		json_t *g = json_incref(json_object_get(r, "@graph"));
		json_decref(r);
		r = g;
	}
	if (!(r = as_array(r))) {
		rc = NOMEM(&st);
		goto done;
	}
	*out = r;
	r = NULL;
done:
	json_decref(r);
	mc__ld_state_free(&st);
	return rc;
}
