/*
 * A PDF's attached credential: the embedded files of any PDF (ISO 32000-1
 * 7.11.4), found without trusting its cross-reference table, which
 * damaged, edited and linearised files often get wrong.  The whole file is
 * scanned for "N G obj" headers (stream data skipped by its /Length); an
 * embedded file is a stream with /Type /EmbeddedFile, or one that a file
 * specification's /EF names (file specifications inside compressed
 * object streams included).  The first, in file order, that is a
 * credential once decoded (no filter or FlateDecode) is the one.  When an
 * object number is defined again by an incremental update, the last
 * definition counts.
 *
 * Bounded, so that no input costs more than linear time or much memory: at
 * most MAX_OBJS objects (and MAX_NAMES file names) are remembered, an object's
 * value is read within VALUE_MAX bytes and values that are not there cost at
 * most WASTE(n) bytes in all (past that the file is called damaged), object
 * numbers are looked up in a sorted index, object streams are inflated to
 * OBJSTM_MAX bytes (OBJSTM_BUDGET in all) and searched for at most EF_MAX file
 * specifications, embedded files are inflated to MC_CREDENTIAL_MAX and at
 * most MAX_CANDS of them are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "microcred/errors.h"

#include "extract_private.h"
#include "pdf_private.h"
#include "util/util.h"

#define MAX_OBJS      (1u << 19)
#define MAX_NAMES     64
#define MAX_CANDS     64
#define OBJSTM_MAX    (8u * 1024 * 1024)
#define OBJSTM_BUDGET (64u * 1024 * 1024)
#define VALUE_MAX     (256u * 1024)
#define WASTE(n)      (4 * (n) + 16u * 1024 * 1024)
#define EF_MAX	      1024

/* One object remembered: a stream, an integer (for /Length N 0 R), or a
 * file specification. */
struct obj {
	size_t num;
	size_t vs, ve;	/* the value (a stream's dictionary) */
	size_t ds, de;	/* stream data; ds == 0: not a stream */
	int complete;	/* the stream ends with endstream */
	size_t len_ref; /* /Length N 0 R: N + 1, else 0 */
};

/* An object's place in the index: by number, then position. */
struct slot {
	size_t num, pos;
};

/* A file specification's name for the stream its /EF names. */
struct name {
	size_t target;
	char text[64]; /* its /UF or /F */
};

struct scan {
	const char *d;
	size_t n;
	struct obj *objs;
	size_t count, alloc;
	size_t *ef; /* stream numbers named by /EF, sorted once scanned */
	size_t nef, aef;
	struct slot *index;
	size_t waste; /* bytes read for values that were not there */
	struct name names[MAX_NAMES];
	size_t nnames;
};

static int push(struct scan *s, const struct obj *o)
{
	struct obj *grown;

	if (s->count == MAX_OBJS)
		return 0;
	if (s->count == s->alloc) {
		size_t a = s->alloc ? s->alloc * 2 : 64;

		if (!(grown = realloc(s->objs, a * sizeof(*grown))))
			return MC_ENOMEM;
		s->objs = grown;
		s->alloc = a;
	}
	s->objs[s->count++] = *o;
	return 0;
}

static int push_ef(struct scan *s, size_t num)
{
	size_t *grown;

	if (s->nef == MAX_OBJS)
		return 0;
	if (s->nef == s->aef) {
		size_t a = s->aef ? s->aef * 2 : 8;

		if (!(grown = realloc(s->ef, a * sizeof(*grown))))
			return MC_ENOMEM;
		s->ef = grown;
		s->aef = a;
	}
	s->ef[s->nef++] = num;
	return 0;
}

/* The object number of an "N G obj" header whose "obj" is at `k`, or -1. */
static int header(const char *d, size_t k, size_t *num)
{
	size_t i = k, e;

	if (i == 0 || !mc__pdf_white((unsigned char)d[i - 1]))
		return -1;
	while (i > 0 && mc__pdf_white((unsigned char)d[i - 1]))
		i--;
	e = i;
	while (i > 0 && d[i - 1] >= '0' && d[i - 1] <= '9')
		i--;
	if (i == e || i == 0 || !mc__pdf_white((unsigned char)d[i - 1]))
		return -1;
	while (i > 0 && mc__pdf_white((unsigned char)d[i - 1]))
		i--;
	e = i;
	while (i > 0 && d[i - 1] >= '0' && d[i - 1] <= '9')
		i--;
	if (i == e || (i > 0 && !mc__pdf_white((unsigned char)d[i - 1]) &&
		       !mc__pdf_delim((unsigned char)d[i - 1])))
		return -1;
	return mc__pdf_int(d, i, e, num);
}

/* Where the data of the stream whose dictionary ends at `ve` lies. */
static void stream_data(struct scan *s, struct obj *o, size_t kw_end)
{
	const char *d = s->d, *hit;
	size_t n = s->n, ds = kw_end, len, ls, le;

	if (ds < n && d[ds] == '\r')
		ds++;
	if (ds < n && d[ds] == '\n')
		ds++;
	o->ds = ds;
	if (mc__pdf_dict_get(d, n, o->vs, "Length", &ls, &le) == 0) {
		if (mc__pdf_int(d, ls, le, &len) == 0 && len <= n - ds &&
		    mc__pdf_keyword(d, n, ds + len, "endstream")) {
			o->de = ds + len;
			o->complete = 1;
			return;
		}
		if (mc__pdf_ref(d, ls, le, &len) == 0 && len < (size_t)-1)
			o->len_ref = len + 1;
	}
	if ((hit = mc__memfind(d + ds, n - ds, "endstream", 9)) != NULL) {
		o->de = (size_t)(hit - d);
		if (o->de > ds && d[o->de - 1] == '\n')
			o->de--;
		if (o->de > ds && d[o->de - 1] == '\r')
			o->de--;
		o->complete = 1;
	} else {
		o->de = n;
	}
}

/* A file specification's /EF stream (/F, else /UF) and its name.
 * Returns 0 or MC_ENOMEM. */
static int filespec(struct scan *s, struct obj *o, size_t es)
{
	const char *d = s->d;
	size_t vs, ve, num;

	if ((mc__pdf_dict_get(d, s->n, es, "F", &vs, &ve) < 0 &&
	     mc__pdf_dict_get(d, s->n, es, "UF", &vs, &ve) < 0) ||
	    mc__pdf_ref(d, vs, ve, &num) < 0)
		return 0;
	if (s->nnames < MAX_NAMES &&
	    (mc__pdf_dict_get(d, s->n, o->vs, "UF", &vs, &ve) == 0 ||
	     mc__pdf_dict_get(d, s->n, o->vs, "F", &vs, &ve) == 0)) {
		s->names[s->nnames].target = num;
		mc__pdf_text(d, vs, ve, s->names[s->nnames].text,
			     sizeof(s->names[s->nnames].text));
		s->nnames++;
	}
	return push_ef(s, num);
}

/* The value at `i`, read within VALUE_MAX bytes; a value that is not
 * there counts its window as waste.  0, -1, or MC_EINVALID past the
 * waste allowed. */
static int value(struct scan *s, const char *d, size_t n, size_t i, size_t *vs,
		 size_t *ve)
{
	size_t lim = n - i > VALUE_MAX ? i + VALUE_MAX : n;

	if (mc__pdf_value(d, lim, i, vs, ve) == 0)
		return 0;
	s->waste += lim - i;
	return s->waste > WASTE(s->n) ? MC_EINVALID : -1;
}

/* Scan the file for objects; keeps streams, integers and file
 * specifications. */
static int scan_objects(struct scan *s, size_t *seen)
{
	const char *d = s->d, *hit;
	size_t n = s->n, i = 0, k, end, es, ee, v;
	int error;

	*seen = 0;
	while (i < n && (hit = mc__memfind(d + i, n - i, "obj", 3)) != NULL) {
		struct obj o;

		k = (size_t)(hit - d);
		i = k + 3;
		memset(&o, 0, sizeof(o));
		if (header(d, k, &o.num) < 0 ||
		    (i < n && !mc__pdf_white((unsigned char)d[i]) &&
		     !mc__pdf_delim((unsigned char)d[i])))
			continue;
		if ((error = value(s, d, n, i, &o.vs, &o.ve)) == MC_EINVALID)
			return error;
		if (error)
			continue;
		(*seen)++;
		i = o.ve;
		if (d[o.vs] == '<' && o.vs + 1 < n && d[o.vs + 1] == '<') {
			if ((end = mc__pdf_keyword(d, n, o.ve, "stream"))) {
				stream_data(s, &o, end);
				i = o.de;
			} else {
				/* A file specification, or nothing wanted. */
				if (mc__pdf_dict_get(d, n, o.vs, "EF", &es,
						     &ee) == 0 &&
				    d[es] == '<' &&
				    (error = filespec(s, &o, es)) < 0)
					return error;
				continue;
			}
		} else if (mc__pdf_int(d, o.vs, o.ve, &v) < 0) {
			continue;
		}
		if ((error = push(s, &o)) < 0)
			return error;
	}
	return 0;
}

static int by_num(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int by_value(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort the objects by number into s->index. */
static int build_index(struct scan *s)
{
	size_t i;

	if (s->count && !(s->index = malloc(s->count * sizeof(*s->index))))
		return MC_ENOMEM;
	for (i = 0; i < s->count; i++) {
		s->index[i].num = s->objs[i].num;
		s->index[i].pos = i;
	}
	if (s->count)
		qsort(s->index, s->count, sizeof(*s->index), by_num);
	return 0;
}

/* The last definition of object `num` (its position in s->objs), or
 * -1. */
static long find(const struct scan *s, size_t num)
{
	size_t lo = 0, hi = s->count, mid;

	/* The first entry with a number above `num`... */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->index[mid].num <= num)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...follows the last definition of `num`. */
	if (lo == 0 || s->index[lo - 1].num != num)
		return -1;
	return (long)s->index[lo - 1].pos;
}

/* Non-zero when a file specification's /EF names stream `num`. */
static int named_by_ef(const struct scan *s, size_t num)
{
	size_t lo = 0, hi = s->nef, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->ef[mid] < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nef && s->ef[lo] == num;
}

/* Streams whose /Length is a reference: their data as that says. */
static void resolve_lengths(struct scan *s)
{
	size_t i, len;
	long j;

	for (i = 0; i < s->count; i++) {
		struct obj *o = &s->objs[i];

		if (!o->len_ref || (j = find(s, o->len_ref - 1)) < 0 ||
		    s->objs[j].ds ||
		    mc__pdf_int(s->d, s->objs[j].vs, s->objs[j].ve, &len) < 0)
			continue;
		if (len <= s->n - o->ds &&
		    mc__pdf_keyword(s->d, s->n, o->ds + len, "endstream")) {
			o->de = o->ds + len;
			o->complete = 1;
		}
	}
}

/* The stream's data decoded (no filter, or FlateDecode) into a new
 * buffer of at most `max` bytes.  Returns 0, MC_EINVALID with `why`
 * (damaged, or a filter not read), MC_ETOOBIG, MC_ENOMEM. */
static int decode(const struct scan *s, const struct obj *o, size_t max,
		  char **out, size_t *outlen, char *why, size_t whylen)
{
	const char *d = s->d;
	size_t fs, fe, ps, pe, vs, ve, pred = 1, inner;

	if (!o->complete) {
		mc__set_err(why, whylen, "its data has no end (truncated)");
		return MC_EINVALID;
	}
	if (mc__pdf_dict_get(d, s->n, o->vs, "Filter", &fs, &fe) < 0) {
		if (o->de - o->ds > max) {
			mc__set_err(why, whylen, "more than %zu bytes", max);
			return MC_ETOOBIG;
		}
		if (!(*out = malloc(o->de - o->ds + 1)))
			return MC_ENOMEM;
		memcpy(*out, d + o->ds, o->de - o->ds);
		(*out)[o->de - o->ds] = '\0';
		*outlen = o->de - o->ds;
		return 0;
	}
	if (d[fs] == '[') { /* a one-filter array */
		if (mc__pdf_value(d, fe, fs + 1, &vs, &ve) < 0 ||
		    mc__pdf_skip(d, fe, ve) != fe - 1) {
			mc__set_err(why, whylen, "a chain of filters");
			return MC_EINVALID;
		}
		fs = vs;
		fe = ve;
	}
	if (!mc__pdf_is_name(d, fs, fe, "FlateDecode") &&
	    !mc__pdf_is_name(d, fs, fe, "Fl")) {
		mc__set_err(why, whylen, "filter %.*s, which is not read",
			    (int)(fe - fs > 40 ? 40 : fe - fs), d + fs);
		return MC_EINVALID;
	}
	if (mc__pdf_dict_get(d, s->n, o->vs, "DecodeParms", &ps, &pe) == 0) {
		inner = d[ps] == '[' ? mc__pdf_skip(d, pe, ps + 1) : ps;
		if (inner < pe && d[inner] == '<' &&
		    mc__pdf_dict_get(d, pe, inner, "Predictor", &vs, &ve) ==
			0 &&
		    (mc__pdf_int(d, vs, ve, &pred) < 0 || pred > 1)) {
			mc__set_err(why, whylen,
				    "a FlateDecode predictor, which is not "
				    "read");
			return MC_EINVALID;
		}
	}
	return mc__inflate(out, outlen, (const unsigned char *)d + o->ds,
			   o->de - o->ds, max, why, whylen);
}

/* File specifications inside object streams: their /EF targets. */
static int scan_object_streams(struct scan *s)
{
	size_t i, budget = OBJSTM_BUDGET, len, vs, ve, es, ee, fs, fe, num;
	size_t efs = 0, lim;
	char *text, why[64];
	const char *p;
	int error = 0;

	for (i = 0; i < s->count && !error && budget; i++) {
		const struct obj *o = &s->objs[i];

		if (!o->ds ||
		    mc__pdf_dict_get(s->d, s->n, o->vs, "Type", &vs, &ve) < 0 ||
		    !mc__pdf_is_name(s->d, vs, ve, "ObjStm"))
			continue;
		error = decode(s, o, budget < OBJSTM_MAX ? budget : OBJSTM_MAX,
			       &text, &len, why, sizeof(why));
		if (error == MC_ENOMEM)
			return error;
		if (error) {
			error = 0;
			continue;
		}
		budget -= len;
		for (p = text; efs < EF_MAX &&
			       (p = mc__memfind(p, len - (size_t)(p - text),
						"/EF", 3)) != NULL;
		     p += 3, efs++) {
			es = (size_t)(p - text) + 3;
			lim = len - es > 4096 ? es + 4096 : len;
			if (mc__pdf_value(text, lim, es, &es, &ee) < 0 ||
			    text[es] != '<')
				continue;
			if ((mc__pdf_dict_get(text, len, es, "F", &fs, &fe) ==
				 0 ||
			     mc__pdf_dict_get(text, len, es, "UF", &fs, &fe) ==
				 0) &&
			    mc__pdf_ref(text, fs, fe, &num) == 0 &&
			    (error = push_ef(s, num)) < 0)
				break;
		}
		free(text);
	}
	return error;
}

/* Non-zero when stream `i` is an embedded file (typed so, or named by a
 * file specification's /EF) and the last definition of its number. */
static int embedded(const struct scan *s, size_t i)
{
	const struct obj *o = &s->objs[i];
	size_t vs, ve;

	if (find(s, o->num) != (long)i)
		return 0;
	if (mc__pdf_dict_get(s->d, s->n, o->vs, "Type", &vs, &ve) == 0 &&
	    mc__pdf_is_name(s->d, vs, ve, "EmbeddedFile"))
		return 1;
	return named_by_ef(s, o->num);
}

/* The name a file specification gives stream `num`, or NULL. */
static const char *name_of(const struct scan *s, size_t num)
{
	const char *name = NULL;
	size_t j;

	for (j = 0; j < s->nnames; j++)
		if (s->names[j].target == num && s->names[j].text[0])
			name = s->names[j].text;
	return name;
}

int mc__extract_pdf(const char *d, size_t n, char **out, size_t *outlen,
		    char *err, size_t errlen)
{
	struct scan s;
	char why[160], damage[320] = "", *text = NULL, where[128];
	size_t seen = 0, i, len, files = 0, considered = 0;
	const char *name;
	int error, big = 0;

	memset(&s, 0, sizeof(s));
	s.d = d;
	s.n = n;

	if ((error = scan_objects(&s, &seen)) < 0) {
		if (error == MC_EINVALID)
			mc__set_err(err, errlen,
				    "PDF: damaged beyond reading (objects "
				    "whose values do not end, after %zu "
				    "objects)",
				    seen);
		goto cleanup;
	}
	if (!seen) {
		mc__set_err(err, errlen,
			    "PDF: no objects (damaged, or not a PDF)");
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = build_index(&s)) < 0)
		goto cleanup;
	resolve_lengths(&s);
	if ((error = scan_object_streams(&s)) < 0)
		goto cleanup;
	if (s.nef)
		qsort(s.ef, s.nef, sizeof(*s.ef), by_value);
	for (i = 0; i < s.count && considered < MAX_CANDS; i++) {
		if (!s.objs[i].ds || !embedded(&s, i))
			continue;
		name = name_of(&s, s.objs[i].num);
		considered++;
		files++;
		if (name)
			snprintf(where, sizeof(where),
				 "PDF: attached file '%s' (object %zu)", name,
				 s.objs[i].num);
		else
			snprintf(where, sizeof(where),
				 "PDF: attached file (object %zu)",
				 s.objs[i].num);
		error = decode(&s, &s.objs[i], MC_CREDENTIAL_MAX, &text, &len,
			       why, sizeof(why));
		if (error == MC_ENOMEM)
			goto cleanup;
		if (error == MC_ETOOBIG)
			big = 1;
		if (error) {
			if (!damage[0])
				snprintf(damage, sizeof(damage), "%s: %s",
					 where, why);
			continue;
		}
		if (mc__extract_is_credential(text, len)) {
			error = mc__extract_take(out, outlen, text, len, where,
						 err, errlen);
			free(text);
			goto cleanup;
		}
		free(text);
		text = NULL;
	}
	if (damage[0]) {
		mc__set_err(err, errlen, "%s", damage);
		error = big ? MC_ETOOBIG : MC_EINVALID;
	} else if (files) {
		mc__set_err(err, errlen,
			    "PDF: %zu attached file%s, none of them a signed "
			    "credential",
			    files, files == 1 ? "" : "s");
		error = MC_ENOTFOUND;
	} else {
		mc__set_err(err, errlen, "PDF: no attached credential%s",
			    mc__memfind(d, n, "/Encrypt", 8)
				? " (the PDF is encrypted: its attachments "
				  "cannot be read)"
				: "");
		error = MC_ENOTFOUND;
	}

cleanup:
	free(s.objs);
	free(s.ef);
	free(s.index);
	return error;
}
