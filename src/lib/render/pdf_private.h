/*
 * Just enough of PDF (ISO 32000) to find and add attached files: a lexer
 * over a PDF's bytes that finds the end of any value, a dictionary's
 * entries and its names, with every index bounded by the buffer.  Shared
 * by the reader of attachments (extract_pdf.c) and the writer that adds
 * the credential to a certificate (pdf_attach.c).
 *
 * Positions are byte offsets into `d[0..n)`; a span is [start, end).
 * Nesting deeper than MC__PDF_DEPTH is refused as damaged.
 */
#ifndef MC_PDF_PRIVATE_H
#define MC_PDF_PRIVATE_H

#include <stddef.h>

#include "util/util.h"

#define MC__PDF_DEPTH 64

/** The offset of the first byte at or after `i` that is neither white
 * space nor part of a comment (n at the end). */
size_t mc__pdf_skip(const char *d, size_t n, size_t i);

/** The value starting at or after `i` (blanks skipped): a dictionary, an
 * array, a string, a name, a number, a keyword, or an indirect reference
 * "N G R" taken as one value.  Sets *start and *end; returns 0, or -1 when
 * no value is there, it is damaged, or it runs past `n`. */
int mc__pdf_value(const char *d, size_t n, size_t i, size_t *start,
		  size_t *end);

/** In the dictionary starting at `dict` ("<<"), the value of key `key`
 * (without its slash; names compared after #xx decoding).  Returns 0 with
 * its span, -1 when absent or the dictionary is damaged. */
int mc__pdf_dict_get(const char *d, size_t n, size_t dict, const char *key,
		     size_t *start, size_t *end);

/** Call `fn` for each entry of the dictionary at `dict`: the key's span
 * (with its slash) and the value's.  Stops when `fn` returns non-zero and
 * returns that; -1 when the dictionary is damaged. */
int mc__pdf_dict_each(const char *d, size_t n, size_t dict,
		      int (*fn)(const char *d, size_t ks, size_t ke, size_t vs,
				size_t ve, void *payload),
		      void *payload);

/** Non-zero when the span is the name /NAME (`name` without its slash,
 * #xx escapes in the span decoded). */
int mc__pdf_is_name(const char *d, size_t s, size_t e, const char *name);

/** The span as a non-negative integer (at most 2^53); 0 or -1. */
int mc__pdf_int(const char *d, size_t s, size_t e, size_t *out);

/** The span as an indirect reference "N G R": N in *num; 0 or -1. */
int mc__pdf_ref(const char *d, size_t s, size_t e, size_t *num);

/** The offset just past keyword `kw` at `i` (after blanks) when it is
 * there and ends at a delimiter or white space, else 0. */
size_t mc__pdf_keyword(const char *d, size_t n, size_t i, const char *kw);

/** Non-zero for PDF white space. */
int mc__pdf_white(unsigned char c);

/** Non-zero for a PDF delimiter: ( ) < > [ ] { } / %. */
int mc__pdf_delim(unsigned char c);

/** The literal string span `(…)` or `<hex>` decoded to bytes (escapes,
 * hex, UTF-16BE with a BOM reduced to its ASCII characters, others as
 * '?') into `buf` of `size` bytes, NUL-terminated, truncated to fit. */
void mc__pdf_text(const char *d, size_t s, size_t e, char *buf, size_t size);

/** Append `s` to `b` as a PDF literal string "(…)", escaping ( ) \ and
 * bytes outside printable ASCII. */
int mc__pdf_put_string(mc_buf *b, const char *s);

/** A file to attach to a PDF. */
struct mc__pdf_file {
	const char *name; /**< file name, ASCII ("credential.json") */
	const char *mime; /**< media type ("application/json") */
	const char *desc; /**< description, ASCII */
	const void *data;
	size_t len;
};

/**
 * Attach `files` to the PDF in `b` (a whole file with a cross-reference
 * table and trailer, as cairo writes it) by appending an incremental
 * update: for each file a FlateDecode /EmbeddedFile stream and a
 * /Filespec with /AFRelationship /Source; a name tree of them (sorted by
 * name) as the catalog's /Names /EmbeddedFiles; the catalog again, with
 * its old entries, the old /Names entries other than /EmbeddedFiles, and
 * /AF listing the files in the order given; a cross-reference section and
 * a trailer with /Prev (the old trailer's /Info and /ID kept).  `date` is
 * the files' /ModDate, "D:YYYYMMDDHHMMSSZ", or NULL.
 * Returns 0, MC_EINVALID (`b` holds no PDF this can update: no trailer,
 * startxref or catalog), MC_ETOOBIG (past b->max), MC_ENOMEM.  On failure
 * `b` may hold part of the update: discard it.
 */
int mc__pdf_attach(mc_buf *b, const struct mc__pdf_file *files, size_t count,
		   const char *date);

#endif
