/*
 * Attaching files to a finished PDF (pdf_private.h) by an incremental
 * update (ISO 32000-1 7.5.6): the original bytes stay as they are, new
 * objects and a new catalog follow, with a cross-reference section whose
 * trailer points back (/Prev) to the old one.  cairo (1.16) writes no
 * attachments itself; this is how the certificate carries its credential.
 * The catalog gets /AF (associated files, as PDF/A-3 and PDF 2.0 name
 * them) besides the /Names /EmbeddedFiles tree every reader knows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "microcred/errors.h"

#include "pdf_private.h"
#include "util/util.h"

/* The last occurrence of `s` in d[0..n) that starts a token, or -1. */
static long rfind(const char *d, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	if (k > n)
		return -1;
	for (i = n - k + 1; i-- > 0;)
		if (memcmp(d + i, s, k) == 0 &&
		    (i == 0 || mc__pdf_white((unsigned char)d[i - 1]) ||
		     mc__pdf_delim((unsigned char)d[i - 1])))
			return (long)i;
	return -1;
}

/* The dictionary of the last definition of object `num`, or -1. */
static long object_dict(const char *d, size_t n, size_t num)
{
	char head[32];
	long at;
	size_t s;

	snprintf(head, sizeof(head), "%zu 0 obj", num);
	if ((at = rfind(d, n, head)) < 0)
		return -1;
	s = mc__pdf_skip(d, n, (size_t)at + strlen(head));
	if (s + 1 >= n || d[s] != '<' || d[s + 1] != '<')
		return -1;
	return (long)s;
}

struct copy {
	mc_buf *to;
	const char *skip[2];
};

/* Copy an entry unless its key is one of c->skip. */
static int copy_entry(const char *d, size_t ks, size_t ke, size_t vs, size_t ve,
		      void *payload)
{
	struct copy *c = payload;
	size_t i;

	for (i = 0; i < 2; i++)
		if (c->skip[i] && mc__pdf_is_name(d, ks, ke, c->skip[i]))
			return 0;
	if (mc__buf_add(c->to, d + ks, ke - ks) < 0 ||
	    mc__buf_puts(c->to, " ") < 0 ||
	    mc__buf_add(c->to, d + vs, ve - vs) < 0 ||
	    mc__buf_puts(c->to, "\n   ") < 0)
		return MC_ENOMEM;
	return 0;
}

/* A name, its non-regular characters as #xx ("application#2Fjson"). */
static int put_name(mc_buf *b, const char *s)
{
	int error = mc__buf_puts(b, "/");

	for (; !error && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7f || c == '#' || mc__pdf_delim(c))
			error = mc__buf_printf(b, "#%02X", c);
		else
			error = mc__buf_add(b, s, 1);
	}
	return error;
}

/* What the update keeps of the old file. */
struct old {
	size_t size, root, prev;
	mc_buf catalog; /* the catalog's entries but /Names and /AF */
	mc_buf names;	/* the old /Names entries but /EmbeddedFiles */
	mc_buf trailer; /* the old trailer's /Info and /ID */
};

static int read_old(struct old *o, const char *d, size_t n)
{
	struct copy c;
	size_t vs, ve, t;
	long sx, tr, cat, nd;
	int rc;

	if ((sx = rfind(d, n, "startxref")) < 0 ||
	    mc__pdf_value(d, n, (size_t)sx + 9, &vs, &ve) < 0 ||
	    mc__pdf_int(d, vs, ve, &o->prev) < 0 ||
	    (tr = rfind(d, (size_t)sx, "trailer")) < 0)
		return MC_EINVALID;
	t = mc__pdf_skip(d, n, (size_t)tr + 7);
	if (mc__pdf_dict_get(d, n, t, "Size", &vs, &ve) < 0 ||
	    mc__pdf_int(d, vs, ve, &o->size) < 0 ||
	    mc__pdf_dict_get(d, n, t, "Root", &vs, &ve) < 0 ||
	    mc__pdf_ref(d, vs, ve, &o->root) < 0 ||
	    (cat = object_dict(d, n, o->root)) < 0)
		return MC_EINVALID;
	c.to = &o->trailer;
	c.skip[0] = c.skip[1] = NULL;
	if ((mc__pdf_dict_get(d, n, t, "Info", &vs, &ve) == 0 &&
	     (mc__buf_puts(&o->trailer, "/Info ") < 0 ||
	      mc__buf_add(&o->trailer, d + vs, ve - vs) < 0 ||
	      mc__buf_puts(&o->trailer, "\n   ") < 0)) ||
	    (mc__pdf_dict_get(d, n, t, "ID", &vs, &ve) == 0 &&
	     (mc__buf_puts(&o->trailer, "/ID ") < 0 ||
	      mc__buf_add(&o->trailer, d + vs, ve - vs) < 0 ||
	      mc__buf_puts(&o->trailer, "\n   ") < 0)))
		return MC_ENOMEM;
	c.to = &o->catalog;
	c.skip[0] = "Names";
	c.skip[1] = "AF";
	if ((rc = mc__pdf_dict_each(d, n, (size_t)cat, copy_entry, &c)) != 0)
		return rc < 0 && rc != MC_ENOMEM ? MC_EINVALID : rc;
	if (mc__pdf_dict_get(d, n, (size_t)cat, "Names", &vs, &ve) < 0)
		return 0;
	nd = (long)vs;
	if (d[vs] != '<' &&
	    (mc__pdf_ref(d, vs, ve, &t) < 0 || (nd = object_dict(d, n, t)) < 0))
		return MC_EINVALID;
	c.to = &o->names;
	c.skip[0] = "EmbeddedFiles";
	c.skip[1] = NULL;
	rc = mc__pdf_dict_each(d, n, (size_t)nd, copy_entry, &c);
	return rc < 0 && rc != MC_ENOMEM ? MC_EINVALID : rc;
}

static int put_stream(mc_buf *b, size_t num, const struct mc__pdf_file *f,
		      const char *date)
{
	uLongf zlen = compressBound((uLong)f->len);
	unsigned char *z = malloc(zlen ? zlen : 1);
	int error;

	if (!z)
		return MC_ENOMEM;
	if (compress2(z, &zlen, f->data, (uLong)f->len, 9) != Z_OK) {
		free(z);
		return MC_ENOMEM;
	}
	error = mc__buf_printf(b,
			       "%zu 0 obj\n<< /Type /EmbeddedFile\n   "
			       "/Subtype ",
			       num);
	if (!error)
		error = put_name(b, f->mime);
	if (!error)
		error = mc__buf_printf(b,
				       "\n   /Filter /FlateDecode\n   /Length "
				       "%lu\n   /Params << /Size %zu",
				       (unsigned long)zlen, f->len);
	if (!error && date)
		error = mc__buf_printf(b, " /ModDate (%s)", date);
	if (!error)
		error = mc__buf_puts(b, " >>\n>>\nstream\n");
	if (!error)
		error = mc__buf_add(b, z, zlen);
	if (!error)
		error = mc__buf_puts(b, "\nendstream\nendobj\n");
	free(z);
	return error;
}

static int put_filespec(mc_buf *b, size_t num, const struct mc__pdf_file *f)
{
	int error =
	    mc__buf_printf(b, "%zu 0 obj\n<< /Type /Filespec\n   /F ", num);

	if (!error)
		error = mc__pdf_put_string(b, f->name);
	if (!error)
		error = mc__buf_puts(b, "\n   /UF ");
	if (!error)
		error = mc__pdf_put_string(b, f->name);
	if (!error && f->desc) {
		error = mc__buf_puts(b, "\n   /Desc ");
		if (!error)
			error = mc__pdf_put_string(b, f->desc);
	}
	if (!error)
		error =
		    mc__buf_printf(b,
				   "\n   /AFRelationship /Source\n   /EF << "
				   "/F %zu 0 R /UF %zu 0 R >>\n>>\nendobj\n",
				   num - 1, num - 1);
	return error;
}

static int by_name(const void *a, const void *b)
{
	const struct mc__pdf_file *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

int mc__pdf_attach(mc_buf *b, const struct mc__pdf_file *files, size_t count,
		   const char *date)
{
	struct old o;
	const struct mc__pdf_file **sorted = NULL;
	size_t *offsets = NULL, i, first, tree, xref, cat_at;
	int error;

	if (!count)
		return 0;
	memset(&o, 0, sizeof(o));
	o.catalog.max = o.names.max = o.trailer.max = 1u << 20;
	if ((error = read_old(&o, b->ptr, b->len)) != 0)
		goto cleanup;
	first = o.size;
	tree = first + 2 * count;
	if (!(offsets = calloc(2 * count + 1, sizeof(*offsets))) ||
	    !(sorted = calloc(count, sizeof(*sorted)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (b->len && b->ptr[b->len - 1] != '\n' &&
	    (error = mc__buf_puts(b, "\n")) < 0)
		goto cleanup;
	for (i = 0; i < count && !error; i++) {
		offsets[2 * i] = b->len;
		error = put_stream(b, first + 2 * i, &files[i], date);
		offsets[2 * i + 1] = b->len;
		if (!error)
			error = put_filespec(b, first + 2 * i + 1, &files[i]);
		sorted[i] = &files[i];
	}
	/* The name tree: one leaf, its keys in byte order. */
	qsort(sorted, count, sizeof(*sorted), by_name);
	offsets[2 * count] = b->len;
	if (!error)
		error = mc__buf_printf(b, "%zu 0 obj\n<< /Names [", tree);
	for (i = 0; i < count && !error; i++) {
		error = mc__buf_puts(b, i ? "\n            " : " ");
		if (!error)
			error = mc__pdf_put_string(b, sorted[i]->name);
		if (!error)
			error = mc__buf_printf(
			    b, " %zu 0 R",
			    first + 2 * (size_t)(sorted[i] - files) + 1);
	}
	if (!error)
		error = mc__buf_puts(b, " ]\n>>\nendobj\n");
	/* The catalog again: its entries, /Names and /AF. */
	cat_at = b->len;
	if (!error)
		error = mc__buf_printf(b, "%zu 0 obj\n<< ", o.root);
	if (!error && o.catalog.len)
		error = mc__buf_add(b, o.catalog.ptr, o.catalog.len);
	if (!error)
		error = mc__buf_puts(b, "/Names << ");
	if (!error && o.names.len)
		error = mc__buf_add(b, o.names.ptr, o.names.len);
	if (!error)
		error = mc__buf_printf(b, "/EmbeddedFiles %zu 0 R >>\n   /AF [",
				       tree);
	for (i = 0; i < count && !error; i++)
		error = mc__buf_printf(b, " %zu 0 R", first + 2 * i + 1);
	if (!error)
		error = mc__buf_puts(b, " ]\n>>\nendobj\n");
	/* Cross-references: the catalog, then the new objects. */
	xref = b->len;
	if (!error)
		error = mc__buf_printf(b,
				       "xref\n%zu 1\n%010zu 00000 n \n%zu "
				       "%zu\n",
				       o.root, cat_at, first, 2 * count + 1);
	for (i = 0; i < 2 * count + 1 && !error; i++)
		error = mc__buf_printf(b, "%010zu 00000 n \n", offsets[i]);
	if (!error)
		error = mc__buf_printf(b,
				       "trailer\n<< /Size %zu\n   /Root %zu 0 "
				       "R\n   ",
				       tree + 1, o.root);
	if (!error && o.trailer.len)
		error = mc__buf_add(b, o.trailer.ptr, o.trailer.len);
	if (!error)
		error = mc__buf_printf(
		    b, "/Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", o.prev,
		    xref);

cleanup:
	mc__buf_free(&o.catalog);
	mc__buf_free(&o.names);
	mc__buf_free(&o.trailer);
	free(offsets);
	free(sorted);
	return error;
}
