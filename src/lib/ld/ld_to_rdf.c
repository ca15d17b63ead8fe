/*
 * Deserialize JSON-LD to RDF (JSON-LD 1.1 API section 8): an expanded
 * document to the quads of an RDF dataset.
 *
 * The API builds a node map first (section 7.2: every node object of
 * every graph gathered under its identifier, blank nodes relabelled,
 * then each node's properties turned into triples).  For RDF the
 * gathering is not needed: a dataset is a set, so the triples of a node
 * can be added where the node is met, and mc__rdf_add() drops the
 * duplicates that merging would have removed.  This file walks the
 * expanded document once and adds, for every node object, the triples
 * the node map would have given it, in the graph the node map would have
 * put it in:
 *
 *  - a node's @type values as rdf:type, its properties' values (section
 *    8.3 Object to RDF; lists by section 8.4), its @reverse properties
 *    with subject and object swapped;
 *  - a node's @graph in the graph it names, its @included in the current
 *    graph;
 *  - blank nodes relabelled by one issuer per call ("_:x" -> "b0"), so an
 *    input label never collides with a generated one;
 *  - triples with a relative IRI or an IRI that is not well-formed, and
 *    triples with a blank-node predicate (no generalised RDF), skipped;
 *    a graph whose name is not well-formed is skipped whole.
 *
 * The node map's one error is kept: one node (an @id in a graph) with
 * two different @index values is "conflicting indexes".  Where the walk
 * differs: a named graph inside a graph whose name is dropped is
 * dropped with it.
 *
 * Numbers follow the API's rules (section 8.6): a number with a
 * fractional part, or of 1e21 or more, is an xsd:double.  jsonld.js
 * differs below 1e-6 for numbers with one significant digit (it writes
 * 1e-7 as "0"^^xsd:integer); this file writes "1.0E-7"^^xsd:double.
 *
 * On failure `ds` may hold the quads added before it; the caller frees
 * it as on success.
 *
 * Cost: linear in the size of the document (one hash lookup per blank
 * node label, one per quad in mc__rdf_add()).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"

#include "json/jcs.h"
#include "ld/iri.h"
#include "ld/ld.h"
#include "util/util.h"

#define RDF_TYPE      MC__RDF_NS "type"
#define RDF_FIRST     MC__RDF_NS "first"
#define RDF_REST      MC__RDF_NS "rest"
#define RDF_NIL	      MC__RDF_NS "nil"
#define RDF_VALUE     MC__RDF_NS "value"
#define RDF_LANGUAGE  MC__RDF_NS "language"
#define RDF_DIRECTION MC__RDF_NS "direction"
#define RDF_JSON      MC__RDF_NS "JSON"
#define XSD_BOOLEAN   MC__XSD "boolean"
#define XSD_INTEGER   MC__XSD "integer"
#define XSD_DOUBLE    MC__XSD "double"
#define I18N	      "https://www.w3.org/ns/i18n#"

/* A term being built: `ok` is 0 when there is none (a relative IRI, a
 * dropped value), and a quad with such a term is not added.  The strings
 * are borrowed (from the document, the issuer, constants), held in `buf`
 * or in `owned` (freed by term_done()).  Never copy a struct term: its
 * value may point into its own `buf`. */
struct term {
	struct mc__rdf_term t;
	int ok;
	char *owned;
	char buf[40];
};

struct walk {
	struct mc__rdf_dataset *ds;
	const struct mc__ld_options *opts;
	char *err;
	size_t errlen;
	/* input blank node label -> issued label, made on first use */
	json_t *issued;
	/* "graph id" -> @index of the nodes with one, made on first use */
	json_t *indexes;
	unsigned long counter;
	unsigned depth, max_depth;
	unsigned long nodes, max_nodes;
	int direction; /* 0 none, 1 i18n-datatype, 2 compound-literal */
};

static void term_done(struct term *x)
{
	free(x->owned);
	x->owned = NULL;
}

static void set_iri(struct term *x, const char *iri)
{
	memset(&x->t, 0, sizeof(x->t));
	x->t.kind = MC__RDF_IRI;
	x->t.value = (char *)iri;
	x->ok = 1;
}

/* "b" and the decimal digits of `n` into `buf` (at least 22 bytes):
 * snprintf() cost more than the rest of making a blank node. */
static void blank_label(char *buf, unsigned long n)
{
	char digits[24];
	size_t k = 0, i;

	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	buf[0] = 'b';
	for (i = 0; i < k; i++)
		buf[1 + i] = digits[k - 1 - i];
	buf[1 + k] = '\0';
}

static void set_fresh(struct walk *w, struct term *x)
{
	memset(&x->t, 0, sizeof(x->t));
	blank_label(x->buf, w->counter++);
	x->t.kind = MC__RDF_BLANK;
	x->t.value = x->buf;
	x->ok = 1;
}

/* The term for an identifier of the expanded document: a blank node
 * (relabelled) or a well-formed absolute IRI; anything else gives no
 * term (ok 0). */
static int set_id(struct walk *w, struct term *x, const json_t *id)
{
	const char *s = json_string_value(id);
	json_t *label;

	memset(&x->t, 0, sizeof(x->t));
	x->ok = 0;
	if (s == NULL)
		return 0;
	if (!mc__iri_is_blank(s)) {
		if (mc__iri_is_wellformed(s))
			set_iri(x, s);
		return 0;
	}
	if (w->issued == NULL && (w->issued = json_object()) == NULL)
		return MC_ENOMEM;
	label = json_object_get(w->issued, s);
	if (label == NULL) {
		char next[32];

		blank_label(next, w->counter++);
		label = json_string(next);
		if (label == NULL || json_object_set_new(w->issued, s, label))
			return MC_ENOMEM;
	}
	x->t.kind = MC__RDF_BLANK;
	x->t.value = (char *)json_string_value(label);
	x->ok = 1;
	return 0;
}

static int add(struct walk *w, const struct term *s, const struct term *p,
	       const struct term *o, const struct term *g)
{
	struct mc__rdf_quad q;
	int rc;

	if (!s->ok || !p->ok || !o->ok || !g->ok)
		return 0;
	/* no generalised RDF: predicates are IRIs only */
	if (p->t.kind != MC__RDF_IRI)
		return 0;
	q.s = s->t;
	q.p = p->t;
	q.o = o->t;
	q.g = g->t;
	rc = mc__rdf_add(w->ds, &q);
	if (rc == MC_ETOOBIG)
		mc__set_err(w->err, w->errlen,
			    "too many quads: the dataset holds at most %zu",
			    w->ds->max ? w->ds->max : (size_t)1000000);
	else if (rc != 0)
		mc__set_err(w->err, w->errlen, "out of memory");
	return rc;
}

/* ---- numbers (section 8.6, as jsonld.js writes them) ---------------- */

/* xsd:double in canonical form: one digit, a point, at most 15 more
 * digits without trailing zeros (one kept), "E" and the exponent
 * ("1.1E0", "5.3E1", "1.0E21", "1.0E-7").  That is ECMAScript's
 * toExponential(15) with the zeros dropped, so halfway cases round away
 * from zero. */
static void format_double(char *buf, size_t n, double d)
{
	char tmp[64], exact[64];
	const char *e;
	size_t m;
	int i, tie;

	if (d == 0) {
		snprintf(buf, n, "0.0E0");
		return;
	}
	/* 16 significant digits; printf rounds a tie to even, ECMAScript
	 * away from zero: find a tie from the exact expansion (a tie's
	 * expansion ends at the 17th digit, so 41 digits show it) */
	snprintf(exact, sizeof(exact), "%.40e", fabs(d));
	tie = exact[17] == '5';
	for (i = 18; tie && i < 42; i++)
		tie = exact[i] == '0';
	if (tie)
		d = nextafter(d, d > 0 ? INFINITY : -INFINITY);
	snprintf(tmp, sizeof(tmp), "%.15e", d);
	e = strchr(tmp, 'e');
	m = (size_t)(e - tmp);
	while (m > 0 && tmp[m - 1] == '0' && tmp[m - 2] != '.')
		m--;
	snprintf(buf, n, "%.*sE%d", (int)m, tmp, atoi(e + 1));
}

/* xsd:integer of an integral double below 1e21 in magnitude: its exact
 * decimal digits (ECMAScript's toFixed(0)), "0" for -0. */
static void format_integral(char *buf, size_t n, double d)
{
	if (d == 0)
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%.0f", d);
}

/* ---- literals (section 8.3 steps 4 to 16) --------------------------- */

/* Non-zero for a well-formed BCP 47 tag as JSON-LD processors check it:
 * 1-8 letters, then "-" and 1-8 letters or digits, any number of times. */
static int lang_wellformed(const char *s)
{
	size_t run = 0;
	int first = 1;

	for (;; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\0' || c == '-') {
			if (run == 0 || run > 8)
				return 0;
			if (c == '\0')
				return 1;
			run = 0;
			first = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (!first && c >= '0' && c <= '9')) {
			run++;
		} else {
			return 0;
		}
	}
}

static char *lower(const char *s)
{
	char *out = mc__strdup(s ? s : ""), *p;

	for (p = out; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

static void set_literal(struct term *x, const char *value, const char *dt,
			const char *lang)
{
	memset(&x->t, 0, sizeof(x->t));
	x->t.kind = MC__RDF_LITERAL;
	x->t.value = (char *)value;
	x->t.datatype = (char *)dt;
	x->t.language = (char *)lang;
	x->ok = 1;
}

/* A value object to a literal in `x` (ok 0 when the spec drops it).
 * With rdfDirection compound-literal, the literal's blank node and its
 * triples (added to graph `g`). */
static int value_to_rdf(struct walk *w, const json_t *item,
			const struct term *g, struct term *x)
{
	const json_t *value = json_object_get(item, "@value");
	const json_t *jtype = json_object_get(item, "@type");
	const char *dt = json_string_value(jtype);
	const char *lang =
	    json_string_value(json_object_get(item, "@language"));
	const char *dir =
	    json_string_value(json_object_get(item, "@direction"));
	const char *lex = NULL;
	int rc = 0;

	x->ok = 0;
	if (jtype != NULL && (dt == NULL || (strcmp(dt, "@json") != 0 &&
					     !mc__iri_is_wellformed(dt))))
		return 0;
	if (lang != NULL && !lang_wellformed(lang))
		return 0;

	if (dt != NULL && strcmp(dt, "@json") == 0) {
		size_t len;

		rc = mc__jcs(&x->owned, &len, value);
		if (rc != 0) {
			mc__set_err(w->err, w->errlen,
				    "invalid JSON literal: it has no canonical "
				    "form (RFC 8785)");
			return rc;
		}
		lex = x->owned;
		dt = RDF_JSON;
	} else if (json_is_boolean(value)) {
		lex = json_is_true(value) ? "true" : "false";
		if (dt == NULL)
			dt = XSD_BOOLEAN;
	} else if (json_is_number(value)) {
		double d = json_number_value(value);
		int is_double = dt != NULL && strcmp(dt, XSD_DOUBLE) == 0;

		if (!isfinite(d)) {
			mc__set_err(w->err, w->errlen,
				    "invalid value object value: a number "
				    "that is not finite");
			return MC_EINVALID;
		}
		if (json_is_integer(value) && !is_double) {
			json_int_t i = json_integer_value(value);

			/* beyond 2^53 JSON readers see the nearest double */
			if (i >= -(json_int_t)9007199254740992LL &&
			    i <= (json_int_t)9007199254740992LL)
				snprintf(x->buf, sizeof(x->buf),
					 "%" JSON_INTEGER_FORMAT, i);
			else
				format_integral(x->buf, sizeof(x->buf), d);
			if (dt == NULL)
				dt = XSD_INTEGER;
		} else if (is_double || d != floor(d) || fabs(d) >= 1e21) {
			format_double(x->buf, sizeof(x->buf), d);
			if (dt == NULL)
				dt = XSD_DOUBLE;
		} else {
			format_integral(x->buf, sizeof(x->buf), d);
			if (dt == NULL)
				dt = XSD_INTEGER;
		}
		lex = x->buf;
	} else if (json_is_string(value)) {
		lex = json_string_value(value);
		if (dt == NULL)
			dt = lang != NULL ? MC__RDF_LANGSTRING : MC__XSD_STRING;
	} else {
		/* null, arrays and objects only under @json */
		return 0;
	}

	/* a direction only goes with a string without a datatype (as
	 * expansion makes them): the lexical form is then the document's,
	 * and `owned` and `buf` are free */
	if (!json_is_string(value) || jtype != NULL)
		dir = NULL;
	if (dir != NULL && w->direction == 1) {
		char *l = lower(lang);

		if (l == NULL)
			return MC_ENOMEM;
		x->owned = mc__asprintf(I18N "%s_%s", l, dir);
		free(l);
		if (x->owned == NULL)
			return MC_ENOMEM;
		/* a direction expansion did not check may not make one */
		if (mc__iri_is_wellformed(x->owned))
			set_literal(x, lex, x->owned, NULL);
		return 0;
	}
	if (dir != NULL && w->direction == 2) {
		struct term p, o;
		char *l = NULL;

		memset(&p, 0, sizeof(p));
		memset(&o, 0, sizeof(o));
		set_fresh(w, x);
		set_iri(&p, RDF_VALUE);
		set_literal(&o, lex, MC__XSD_STRING, NULL);
		rc = add(w, x, &p, &o, g);
		if (rc == 0 && lang != NULL) {
			l = lower(lang);
			if (l == NULL)
				return MC_ENOMEM;
			set_iri(&p, RDF_LANGUAGE);
			set_literal(&o, l, MC__XSD_STRING, NULL);
			rc = add(w, x, &p, &o, g);
			free(l);
		}
		if (rc == 0) {
			set_iri(&p, RDF_DIRECTION);
			set_literal(&o, dir, MC__XSD_STRING, NULL);
			rc = add(w, x, &p, &o, g);
		}
		return rc;
	}
	set_literal(x, lex, dt,
		    strcmp(dt, MC__RDF_LANGSTRING) == 0 ? lang : NULL);
	return 0;
}

/* ---- the walk ------------------------------------------------------- */

static int convert(struct walk *w, const json_t *v, const struct term *g,
		   struct term *x, int floating);

static int tick(struct walk *w)
{
	if (++w->nodes > w->max_nodes) {
		mc__set_err(w->err, w->errlen,
			    "document too big: more than %lu values",
			    w->max_nodes);
		return MC_ETOOBIG;
	}
	return 0;
}

/* Each element of `values` (an array or one value) as an object of
 * (s, p) in `g`, or as a subject of (o, p, s) when `reverse`. */
static int add_values(struct walk *w, const struct term *s,
		      const struct term *p, const json_t *values,
		      const struct term *g, int reverse)
{
	size_t i, n = json_is_array(values) ? json_array_size(values) : 1;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const json_t *v =
		    json_is_array(values) ? json_array_get(values, i) : values;
		struct term o;

		memset(&o, 0, sizeof(o));
		/* only node objects can be the subject of a reverse property
		 * (expansion refuses the rest: "invalid reverse property
		 * value") */
		if (reverse && (json_object_get(v, "@value") != NULL ||
				json_object_get(v, "@list") != NULL))
			continue;
		rc = convert(w, v, g, &o, 0);
		if (rc == 0)
			rc =
			    reverse ? add(w, &o, p, s, g) : add(w, s, p, &o, g);
		term_done(&o);
	}
	return rc;
}

/* Elements of `values` that stand alone (top level, @graph, @included):
 * their own triples only. */
static int add_floating(struct walk *w, const json_t *values,
			const struct term *g)
{
	size_t i, n = json_is_array(values) ? json_array_size(values) : 1;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		struct term o;

		memset(&o, 0, sizeof(o));
		rc = convert(w,
			     json_is_array(values) ? json_array_get(values, i)
						   : values,
			     g, &o, 1);
		term_done(&o);
	}
	return rc;
}

/* Section 8.4 List Conversion: the chain's head in `x` (rdf:nil when
 * empty); the items' own triples and the chain added to `g`.  A
 * floating list (no subject refers to it) adds its items' triples only,
 * as the node map never turns it into a chain. */
static int list_to_rdf(struct walk *w, const json_t *list, const struct term *g,
		       struct term *x, int floating)
{
	size_t i, n = json_array_size(list);
	struct term node[2], first, rest, nil, item, *here = x;
	int rc = 0, k = 0;

	if (!json_is_array(list)) {
		mc__set_err(w->err, w->errlen,
			    "invalid set or list object: @list is not an "
			    "array in the expanded document");
		return MC_EINVALID;
	}
	if (floating)
		return add_floating(w, list, g);
	if (n == 0) {
		set_iri(x, RDF_NIL);
		return 0;
	}
	memset(node, 0, sizeof(node));
	memset(&item, 0, sizeof(item));
	set_iri(&first, RDF_FIRST);
	set_iri(&rest, RDF_REST);
	set_iri(&nil, RDF_NIL);
	set_fresh(w, x);
	/* `here` is the list node of item i: x, then node[0], node[1],
	 * node[0]... (two are enough: each is used by two quads) */
	for (i = 0; i < n && rc == 0; i++) {
		rc = convert(w, json_array_get(list, i), g, &item, 0);
		if (rc == 0)
			rc = add(w, here, &first, &item, g);
		term_done(&item);
		if (rc != 0)
			break;
		if (i + 1 < n) {
			set_fresh(w, &node[k]);
			rc = add(w, here, &rest, &node[k], g);
			here = &node[k];
			k ^= 1;
		} else {
			rc = add(w, here, &rest, &nil, g);
		}
	}
	return rc;
}

/* Node map generation step 6.8: one node (an @id in a graph) has one
 * @index at most; a second, different one is "conflicting indexes". */
static int check_index(struct walk *w, const json_t *node, const json_t *id,
		       const struct term *g)
{
	const char *index = json_string_value(json_object_get(node, "@index"));
	const json_t *seen;
	char *key;
	int rc = 0;

	if (index == NULL || !json_is_string(id))
		return 0;
	if (w->indexes == NULL && (w->indexes = json_object()) == NULL)
		return MC_ENOMEM;
	key = mc__asprintf("%s %s", g->t.value ? g->t.value : "",
			   json_string_value(id));
	if (key == NULL)
		return MC_ENOMEM;
	seen = json_object_get(w->indexes, key);
	if (seen == NULL) {
		if (json_object_set_new(w->indexes, key, json_string(index)))
			rc = MC_ENOMEM;
	} else if (strcmp(json_string_value(seen), index) != 0) {
		mc__set_err(w->err, w->errlen,
			    "conflicting indexes: node %s has @index \"%s\" "
			    "and \"%s\"",
			    json_string_value(id), json_string_value(seen),
			    index);
		rc = MC_EINVALID;
	}
	free(key);
	return rc;
}

/* A node object: its identifier in `x`, its triples added. */
static int node_to_rdf(struct walk *w, const json_t *node, const struct term *g,
		       struct term *x)
{
	const json_t *id = json_object_get(node, "@id");
	const json_t *types = json_object_get(node, "@type");
	const json_t *rev = json_object_get(node, "@reverse");
	const json_t *graph = json_object_get(node, "@graph");
	const json_t *value;
	const char *key;
	struct term p;
	size_t i;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	if (id != NULL)
		rc = set_id(w, x, id);
	else
		set_fresh(w, x);
	if (rc == 0 && id != NULL)
		rc = check_index(w, node, id, g);
	if (rc != 0)
		return rc;

	set_iri(&p, RDF_TYPE);
	for (i = 0; rc == 0 && i < json_array_size(types); i++) {
		struct term t;

		memset(&t, 0, sizeof(t));
		rc = set_id(w, &t, json_array_get(types, i));
		if (rc == 0)
			rc = add(w, x, &p, &t, g);
	}
	if (rc == 0 && json_is_string(types)) {
		struct term t;

		memset(&t, 0, sizeof(t));
		rc = set_id(w, &t, types);
		if (rc == 0)
			rc = add(w, x, &p, &t, g);
	}

	json_object_foreach((json_t *)node, key, value)
	{
		if (rc != 0)
			break;
		if (key[0] == '@')
			continue;
		if (mc__iri_is_blank(key) || !mc__iri_is_wellformed(key))
			p.ok = 0; /* the values' own triples still count */
		else
			set_iri(&p, key);
		rc = add_values(w, x, &p, value, g, 0);
	}

	if (rc == 0 && json_is_object(rev)) {
		json_object_foreach((json_t *)rev, key, value)
		{
			if (rc != 0)
				break;
			if (mc__iri_is_wellformed(key))
				set_iri(&p, key);
			else
				p.ok = 0;
			rc = add_values(w, x, &p, value, g, 1);
		}
	}

	if (rc == 0 && graph != NULL && x->ok)
		rc = add_floating(w, graph, x);
	if (rc == 0)
		rc = add_floating(w, json_object_get(node, "@included"), g);
	return rc;
}

/*
 * Convert one element of the expanded document in graph `g`: its own
 * triples are added and `x` gets the term that stands for it (ok 0 when
 * none).  `floating`: no subject refers to it (a value or a list there
 * adds nothing of its own).
 */
static int convert(struct walk *w, const json_t *v, const struct term *g,
		   struct term *x, int floating)
{
	int rc;

	x->ok = 0;
	if (v == NULL)
		return 0;
	rc = tick(w);
	if (rc != 0)
		return rc;
	if (!json_is_object(v) && !json_is_array(v))
		return 0; /* not in an expanded document: nothing to add */
	if (json_object_get(v, "@value") != NULL)
		return floating ? 0 : value_to_rdf(w, v, g, x);

	if (++w->depth > w->max_depth) {
		mc__set_err(w->err, w->errlen,
			    "document too deep: more than %u nested nodes",
			    w->max_depth);
		w->depth--;
		return MC_ETOOBIG;
	}
	if (json_is_array(v))
		rc = add_floating(w, v, g);
	else if (json_object_get(v, "@list") != NULL)
		rc =
		    list_to_rdf(w, json_object_get(v, "@list"), g, x, floating);
	else
		rc = node_to_rdf(w, v, g, x);
	w->depth--;
	return rc;
}

int mc__ld_expanded_to_rdf(struct mc__rdf_dataset *ds, const json_t *expanded,
			   const struct mc__ld_options *opts, char *err,
			   size_t errlen)
{
	static const struct mc__ld_options none;
	struct walk w;
	struct term g;
	int rc;

	if (opts == NULL)
		opts = &none;
	memset(&w, 0, sizeof(w));
	memset(&g, 0, sizeof(g));
	w.ds = ds;
	w.opts = opts;
	w.err = err;
	w.errlen = errlen;
	w.max_depth =
	    opts->max_depth ? opts->max_depth : MC__LD_DEFAULT_MAX_DEPTH;
	w.max_nodes =
	    opts->max_nodes ? opts->max_nodes : MC__LD_DEFAULT_MAX_NODES;
	if (opts->rdf_direction == NULL)
		w.direction = 0;
	else if (strcmp(opts->rdf_direction, "i18n-datatype") == 0)
		w.direction = 1;
	else if (strcmp(opts->rdf_direction, "compound-literal") == 0)
		w.direction = 2;
	else {
		mc__set_err(err, errlen,
			    "invalid rdfDirection: \"%s\" (i18n-datatype or "
			    "compound-literal)",
			    opts->rdf_direction);
		return MC_EINVALID;
	}
	g.t.kind = MC__RDF_NONE;
	g.ok = 1;
	rc = add_floating(&w, expanded, &g);
	json_decref(w.issued);
	json_decref(w.indexes);
	return rc;
}

int mc__ld_to_rdf(struct mc__rdf_dataset *ds, const json_t *doc,
		  const struct mc__ld_options *opts, char *err, size_t errlen)
{
	static const struct mc__ld_options none;
	json_t *expanded = NULL;
	int rc =
	    mc__ld_expand(&expanded, doc, opts ? opts : &none, err, errlen);

	if (rc == 0)
		rc = mc__ld_expanded_to_rdf(ds, expanded, opts, err, errlen);
	json_decref(expanded);
	return rc;
}
