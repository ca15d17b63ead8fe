/*
 * N-Quads: the reader (RDF 1.1 N-Quads, the W3C suites' input) and the
 * writer of canonical N-Quads (RDFC-1.0 section 4.4, RDF 1.2 N-Quads
 * canonical form), which is what a proof hashes.
 *
 * Terms are C strings, so U+0000 (which a literal may hold) is kept as
 * the two bytes C0 80 (the "modified UTF-8" of Java); the writer turns
 * them back into \u0000.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ld.h"
#include "microcred/errors.h"
#include "util/encoding.h"

/* The longest term (IRI, label, literal or datatype) the reader takes,
 * and the longest language tag. */
#define NQ_MAX_TERM 1048576u
#define NQ_MAX_LANG 256u

/* ---- reader ------------------------------------------------------------ */

struct reader {
	const char *p, *end;
	const char *line_start;
	size_t line;
	mc_buf buf; /* the term being decoded */
	char *err;
	size_t errlen;
};

static int fail(struct reader *r, int code, const char *reason)
{
	mc__set_err(r->err, r->errlen, "line %zu, column %zu: %s", r->line,
		    (size_t)(r->p - r->line_start) + 1, reason);
	return code;
}

/* Append code point `cp` as UTF-8 (U+0000 as C0 80). */
static int put_cp(struct reader *r, uint32_t cp)
{
	char b[4];
	size_t n;
	int error;

	if (cp == 0) {
		b[0] = (char)0xC0;
		b[1] = (char)0x80;
		n = 2;
	} else if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if ((error = mc__buf_add(&r->buf, b, n)) == MC_ETOOBIG)
		return fail(r, MC_ETOOBIG, "term longer than 1 MiB");
	return error;
}

static int put_bytes(struct reader *r, const char *s, size_t n)
{
	int error = mc__buf_add(&r->buf, s, n);

	if (error == MC_ETOOBIG)
		return fail(r, MC_ETOOBIG, "term longer than 1 MiB");
	return error;
}

/* Decode the UCHAR at r->p ("\u" 4 hex or "\U" 8 hex) into *cp. */
static int read_uchar(struct reader *r, uint32_t *cp)
{
	int n = r->p[1] == 'u' ? 4 : 8, i, v;

	*cp = 0;
	if (r->end - r->p < 2 + n)
		return fail(r, MC_EINVALID, "truncated \\u or \\U escape");
	for (i = 0; i < n; i++) {
		if ((v = mc__hex_digit(r->p[2 + i])) < 0)
			return fail(r, MC_EINVALID,
				    "\\u or \\U escape with a non-hex digit");
		*cp = (*cp << 4) | (uint32_t)v;
	}
	if (*cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return fail(r, MC_EINVALID,
			    "escape of a surrogate or beyond U+10FFFF");
	r->p += 2 + n;
	return 0;
}

/* Decode one UTF-8 sequence at `p` (already validated): its code point
 * and length. */
static uint32_t utf8_at(const char *p, size_t *n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if (u[0] < 0xE0) {
		*n = 2;
		return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	}
	if (u[0] < 0xF0) {
		*n = 3;
		return ((uint32_t)(u[0] & 0x0F) << 12) |
		       ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
	}
	*n = 4;
	return ((uint32_t)(u[0] & 0x07) << 18) |
	       ((uint32_t)(u[1] & 0x3F) << 12) |
	       ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

static int iri_forbidden(uint32_t c)
{
	return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
	       c == '}' || c == '|' || c == '^' || c == '`' || c == '\\';
}

/* IRIREF at r->p ('<'): the decoded IRI in r->buf.  N-Quads IRIs are
 * absolute: a scheme and ':' first. */
static int read_iri(struct reader *r)
{
	const char *run, *start;
	size_t i;
	int error;

	r->buf.len = 0;
	start = r->p++;
	for (;;) {
		run = r->p;
		while (r->p < r->end && *r->p != '>' && *r->p != '\\' &&
		       !iri_forbidden((unsigned char)*r->p))
			r->p++;
		if (r->p > run && (error = put_bytes(r, run, r->p - run)) < 0)
			return error;
		if (r->p >= r->end)
			return fail(r, MC_EINVALID, "IRI without its '>'");
		if (*r->p == '>')
			break;
		if (*r->p == '\\') {
			const char *esc = r->p;
			uint32_t cp;

			if (r->p + 1 >= r->end ||
			    (r->p[1] != 'u' && r->p[1] != 'U'))
				return fail(r, MC_EINVALID,
					    "IRI with an escape other than "
					    "\\u or \\U");
			if ((error = read_uchar(r, &cp)) < 0)
				return error;
			if (iri_forbidden(cp)) {
				r->p = esc;
				return fail(
				    r, MC_EINVALID,
				    "IRI with an escaped character that "
				    "IRIs may not hold");
			}
			if ((error = put_cp(r, cp)) < 0)
				return error;
			continue;
		}
		return fail(r, MC_EINVALID,
			    "IRI with a space, control character or one of "
			    "<\"{}|^`");
	}
	r->p++; /* '>' */
	for (i = 0; i < r->buf.len; i++) {
		char c = r->buf.ptr[i];

		if (c == ':' && i > 0)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (i > 0 && ((c >= '0' && c <= '9') || c == '+' ||
				 c == '-' || c == '.'))))
			break;
	}
	r->p = start;
	return fail(r, MC_EINVALID, "relative IRI (N-Quads IRIs are absolute)");
}

static int pn_chars_base(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
	       (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
	       (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
	       (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
	       (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	       (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static int pn_chars(uint32_t c)
{
	return pn_chars_base(c) || c == '_' || c == ':' || c == '-' ||
	       (c >= '0' && c <= '9') || c == 0xB7 ||
	       (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* BLANK_NODE_LABEL at r->p ("_:"): the label without "_:" in r->buf. */
static int read_bnode(struct reader *r)
{
	const char *start, *last = NULL;
	uint32_t c;
	size_t n;

	r->buf.len = 0;
	if (r->end - r->p < 3 || r->p[1] != ':')
		return fail(r, MC_EINVALID, "blank node label without \"_:\"");
	r->p += 2;
	start = r->p;
	c = utf8_at(r->p, &n);
	if (!(pn_chars_base(c) || c == '_' || c == ':' ||
	      (c >= '0' && c <= '9')))
		return fail(r, MC_EINVALID,
			    "blank node label starting with a character "
			    "labels may not start with");
	r->p += n;
	last = r->p;
	while (r->p < r->end) {
		c = utf8_at(r->p, &n);
		if (c == '.') {
			r->p += n;
			continue;
		}
		if (!pn_chars(c))
			break;
		r->p += n;
		last = r->p;
	}
	r->p = last; /* a label does not end with '.' */
	return put_bytes(r, start, last - start);
}

/* STRING_LITERAL_QUOTE at r->p ('"'): the decoded value in r->buf. */
static int read_string(struct reader *r)
{
	const char *run;
	int error;

	r->buf.len = 0;
	r->p++;
	for (;;) {
		uint32_t cp;

		run = r->p;
		while (r->p < r->end && *r->p != '"' && *r->p != '\\' &&
		       *r->p != '\n' && *r->p != '\r')
			r->p++;
		if (r->p > run && (error = put_bytes(r, run, r->p - run)) < 0)
			return error;
		if (r->p >= r->end || *r->p == '\n' || *r->p == '\r')
			return fail(r, MC_EINVALID,
				    "literal without its closing '\"'");
		if (*r->p == '"')
			break;
		if (r->p + 1 >= r->end)
			return fail(r, MC_EINVALID, "'\\' at the end");
		switch (r->p[1]) {
		case 't':
			cp = '\t';
			break;
		case 'b':
			cp = '\b';
			break;
		case 'n':
			cp = '\n';
			break;
		case 'r':
			cp = '\r';
			break;
		case 'f':
			cp = '\f';
			break;
		case '"':
			cp = '"';
			break;
		case '\'':
			cp = '\'';
			break;
		case '\\':
			cp = '\\';
			break;
		case 'u':
		case 'U':
			if ((error = read_uchar(r, &cp)) < 0)
				return error;
			if ((error = put_cp(r, cp)) < 0)
				return error;
			continue;
		default:
			return fail(r, MC_EINVALID,
				    "unknown escape in a literal (\\t \\b \\n "
				    "\\r \\f \\\" \\' \\\\ \\u \\U)");
		}
		r->p += 2;
		if ((error = put_cp(r, cp)) < 0)
			return error;
	}
	r->p++;
	return 0;
}

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
}

static int read_term(struct reader *r, struct mc__rdf_term *t, int literal)
{
	int error;

	memset(t, 0, sizeof(*t));
	if (r->p < r->end && *r->p == '<') {
		t->kind = MC__RDF_IRI;
		error = read_iri(r);
	} else if (r->p < r->end && *r->p == '_') {
		t->kind = MC__RDF_BLANK;
		error = read_bnode(r);
	} else if (literal && r->p < r->end && *r->p == '"') {
		t->kind = MC__RDF_LITERAL;
		error = read_string(r);
	} else {
		return fail(r, MC_EINVALID,
			    literal ? "expected an IRI, a blank node or a "
				      "literal"
				    : "expected an IRI or a blank node");
	}
	if (error < 0)
		return error;
	if (!(t->value = mc__strndup(r->buf.ptr ? r->buf.ptr : "", r->buf.len)))
		return MC_ENOMEM;
	if (t->kind != MC__RDF_LITERAL)
		return 0;
	if (r->p < r->end && *r->p == '@') {
		const char *tag = ++r->p;
		int sub = 0, n = 0;

		for (; r->p < r->end; r->p++, n++) {
			char c = *r->p;

			if (c == '-' && n > 0) {
				sub = 1;
				n = -1;
			} else if (!((c >= 'a' && c <= 'z') ||
				     (c >= 'A' && c <= 'Z') ||
				     (sub && c >= '0' && c <= '9'))) {
				break;
			}
		}
		if (n <= 0)
			return fail(r, MC_EINVALID, "malformed language tag");
		if ((size_t)(r->p - tag) > NQ_MAX_LANG)
			return fail(r, MC_ETOOBIG,
				    "language tag longer than 256 characters");
		if (!(t->language = mc__strndup(tag, r->p - tag)) ||
		    !(t->datatype = mc__strdup(MC__RDF_LANGSTRING)))
			return MC_ENOMEM;
		return 0;
	}
	if (r->end - r->p >= 2 && r->p[0] == '^' && r->p[1] == '^') {
		r->p += 2;
		if (r->p >= r->end || *r->p != '<')
			return fail(r, MC_EINVALID, "expected an IRI after ^^");
		if ((error = read_iri(r)) < 0)
			return error;
		if (!(t->datatype = mc__strndup(r->buf.ptr ? r->buf.ptr : "",
						r->buf.len)))
			return MC_ENOMEM;
		return 0;
	}
	return (t->datatype = mc__strdup(MC__XSD_STRING)) ? 0 : MC_ENOMEM;
}

static void term_clear(struct mc__rdf_term *t)
{
	free(t->value);
	free(t->datatype);
	free(t->language);
	memset(t, 0, sizeof(*t));
}

/* One statement at r->p (not at a blank line): added to `ds`. */
static int read_statement(struct reader *r, struct mc__rdf_dataset *ds)
{
	struct mc__rdf_quad q;
	int error;

	memset(&q, 0, sizeof(q));
	if ((error = read_term(r, &q.s, 0)) < 0)
		goto cleanup;
	skip_ws(r);
	if (r->p >= r->end || *r->p != '<') {
		error = fail(r, MC_EINVALID, "expected a predicate IRI");
		goto cleanup;
	}
	if ((error = read_term(r, &q.p, 0)) < 0)
		goto cleanup;
	skip_ws(r);
	if ((error = read_term(r, &q.o, 1)) < 0)
		goto cleanup;
	skip_ws(r);
	if (r->p < r->end && (*r->p == '<' || *r->p == '_')) {
		if ((error = read_term(r, &q.g, 0)) < 0)
			goto cleanup;
		skip_ws(r);
	}
	if (r->p >= r->end || *r->p != '.') {
		error = fail(r, MC_EINVALID,
			     "expected '.' at the end of the statement");
		goto cleanup;
	}
	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == '#')
		while (r->p < r->end && *r->p != '\n' && *r->p != '\r')
			r->p++;
	if (r->p < r->end && *r->p != '\n' && *r->p != '\r') {
		error = fail(r, MC_EINVALID,
			     "more after the statement's '.' on its line");
		goto cleanup;
	}
	if ((error = mc__rdf_add(ds, &q)) == MC_ETOOBIG)
		error =
		    fail(r, MC_ETOOBIG, "more quads than the dataset takes");

cleanup:
	term_clear(&q.s);
	term_clear(&q.p);
	term_clear(&q.o);
	term_clear(&q.g);
	return error;
}

int mc__nquads_parse(struct mc__rdf_dataset *ds, const char *text, size_t len,
		     char *err, size_t errlen)
{
	struct reader r;
	size_t valid;
	int error = 0;

	memset(&r, 0, sizeof(r));
	r.p = r.line_start = text;
	r.end = text + len;
	r.line = 1;
	r.buf = (mc_buf)MC_BUF_INIT(NQ_MAX_TERM);
	r.err = err;
	r.errlen = errlen;
	if ((valid = mc__utf8_valid_prefix(text, len)) < len) {
		/* Name the line of the first bad byte. */
		const char *bad = text + valid;

		for (; r.p < bad; r.p++)
			if (*r.p == '\n') {
				r.line++;
				r.line_start = r.p + 1;
			}
		return fail(&r, MC_EINVALID, "invalid UTF-8 or a NUL byte");
	}
	while (r.p < r.end) {
		skip_ws(&r);
		if (r.p < r.end && *r.p == '#')
			while (r.p < r.end && *r.p != '\n' && *r.p != '\r')
				r.p++;
		if (r.p < r.end && *r.p != '\n' && *r.p != '\r' &&
		    (error = read_statement(&r, ds)) < 0)
			break;
		if (r.p < r.end) {
			/* EOL: CR, LF or CRLF counts as one line. */
			if (*r.p == '\r' && r.p + 1 < r.end && r.p[1] == '\n')
				r.p++;
			r.p++;
			r.line++;
			r.line_start = r.p;
		}
	}
	mc__buf_free(&r.buf);
	return error;
}

/* ---- writer ------------------------------------------------------------ */

/* What a byte becomes in canonical N-Quads: 0 itself, 1 \u00XX, or the
 * letter of its ECHAR ('n' for \n); 3 marks the terminating NUL.
 *
 * Literals (RDFC-1.0 and the suite's expected output): \" \\ \b \t \n \f
 * \r as ECHAR, the other controls and DEL as \u00XX.
 *
 * IRIs are written as they are, as canonical N-Quads and the JavaScript
 * implementations (rdf-canonize) write them, except the bytes that would
 * end the line or the term early: controls, space, < > " and \, as
 * \u00XX.  An IRI the reader accepts holds none of them; one from
 * elsewhere (JSON-LD) that does is no IRI, and escaping it keeps two
 * different datasets from ever having the same canonical form.
 *
 * The bytes C0 80 (U+0000, see the top) are \u0000 in both. */
static unsigned char lit_esc[256], iri_esc[256];

static void esc_tables_fill(void)
{
	unsigned c;

	for (c = 0; c < 0x20; c++)
		lit_esc[c] = iri_esc[c] = 1;
	lit_esc[0] = iri_esc[0] = 3; /* the end */
	lit_esc[0x7F] = 1;
	lit_esc['\b'] = 'b';
	lit_esc['\t'] = 't';
	lit_esc['\n'] = 'n';
	lit_esc['\f'] = 'f';
	lit_esc['\r'] = 'r';
	lit_esc['"'] = '"';
	lit_esc['\\'] = '\\';
	lit_esc[0xC0] = iri_esc[0xC0] = 2; /* maybe C0 80 */
	iri_esc[' '] = iri_esc['<'] = iri_esc['>'] = iri_esc['"'] = 1;
	iri_esc['\\'] = 1;
}

static pthread_once_t esc_once = PTHREAD_ONCE_INIT;

/* Output staged in a small buffer, so a quad is one mc__buf_add(); the
 * first error sticks. */
struct writer {
	mc_buf *out;
	size_t n;
	int error;
	char tmp[1024];
};

static void wr_flush(struct writer *w)
{
	if (w->n && !w->error)
		w->error = mc__buf_add(w->out, w->tmp, w->n);
	w->n = 0;
}

static inline void wr_put(struct writer *w, const void *p, size_t len)
{
	if (w->n + len > sizeof(w->tmp)) {
		wr_flush(w);
		if (len > sizeof(w->tmp)) {
			if (!w->error)
				w->error = mc__buf_add(w->out, p, len);
			return;
		}
	}
	memcpy(w->tmp + w->n, p, len);
	w->n += len;
}

/* Word-at-a-time tests (eight bytes of a uint64_t): non-zero when some
 * byte is below `n` (n <= 128), or equal to `c`.  Exact about whether
 * there is one, not about which. */
#define ONES	       0x0101010101010101ull
#define HIGHS	       0x8080808080808080ull
#define HAS_LESS(x, n) (((x)-ONES * (n)) & ~(x)&HIGHS)
#define HAS_BYTE(x, c) HAS_LESS((x) ^ (ONES * (c)), 1)

/* Non-zero when the eight bytes at `p` may hold one that put_escaped()
 * does not copy as it is (a superset of the table's non-zero entries). */
static int word_needs_escape(const unsigned char *p, int literal)
{
	uint64_t x;

	memcpy(&x, p, 8);
	if (literal)
		return (HAS_LESS(x, 0x20) | HAS_BYTE(x, '"') |
			HAS_BYTE(x, '\\') | HAS_BYTE(x, 0x7F) |
			HAS_BYTE(x, 0xC0)) != 0;
	return (HAS_LESS(x, 0x21) | HAS_BYTE(x, '<') | HAS_BYTE(x, '>') |
		HAS_BYTE(x, '"') | HAS_BYTE(x, '\\') | HAS_BYTE(x, 0xC0)) != 0;
}

#if defined(__SSE2__)
/* word_needs_escape() for the 16 bytes at `p`, exact. */
static int block_needs_escape(const unsigned char *p, int literal)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* bytes below 0x20 (0x21 in IRIs): unchanged by max with 0x1F */
	__m128i low = _mm_set1_epi8(literal ? 0x1F : 0x20);
	__m128i m = _mm_cmpeq_epi8(_mm_max_epu8(x, low), low);

	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC0)));
	if (literal) {
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
	} else {
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
	}
	return _mm_movemask_epi8(m) != 0;
}
#endif

static void put_escaped(struct writer *w, const char *s, int literal)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *esc = literal ? lit_esc : iri_esc;
	const unsigned char *u = (const unsigned char *)s, *run;
	const unsigned char *end = u + strlen(s);
	char e[6];

	pthread_once(&esc_once, esc_tables_fill);
	for (;;) {
		size_t n;

		/* long runs of plain text (literals are whole paragraphs)
		 * 16 or 8 bytes at a time, never past the NUL at `end` */
		run = u;
#if defined(__SSE2__)
		while (end - u >= 16 && !block_needs_escape(u, literal))
			u += 16;
#endif
		while (end - u >= 8 && !word_needs_escape(u, literal))
			u += 8;
		for (; !esc[*u]; u++)
			;
		if (u > run)
			wr_put(w, run, u - run);
		if (*u == 0)
			return;
		if (esc[*u] == 2 && u[1] != 0x80) {
			/* A C0 lead byte that is not U+0000: as it is. */
			wr_put(w, u++, 1);
			continue;
		}
		if (esc[*u] > 3) {
			e[0] = '\\';
			e[1] = (char)esc[*u];
			n = 2;
		} else {
			unsigned c = esc[*u] == 2 ? 0 : *u;

			memcpy(e, "\\u00", 4);
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			n = 6;
			if (esc[*u] == 2)
				u++;
		}
		wr_put(w, e, n);
		u++;
	}
}

static void put_term(struct writer *w, const struct mc__rdf_term *t,
		     const char *(*bnode)(void *arg, const char *label),
		     void *arg)
{
	const char *v = t->value ? t->value : "";

	switch (t->kind) {
	case MC__RDF_IRI:
		wr_put(w, "<", 1);
		put_escaped(w, v, 0);
		wr_put(w, ">", 1);
		return;
	case MC__RDF_BLANK:
		if (bnode)
			v = bnode(arg, v);
		wr_put(w, "_:", 2);
		wr_put(w, v, strlen(v));
		return;
	case MC__RDF_LITERAL:
		wr_put(w, "\"", 1);
		put_escaped(w, v, 1);
		wr_put(w, "\"", 1);
		if (t->language && t->language[0]) {
			wr_put(w, "@", 1);
			wr_put(w, t->language, strlen(t->language));
		} else if (t->datatype &&
			   strcmp(t->datatype, MC__XSD_STRING) != 0) {
			wr_put(w, "^^<", 3);
			put_escaped(w, t->datatype, 0);
			wr_put(w, ">", 1);
		}
		return;
	case MC__RDF_NONE:
		break;
	}
}

int mc__nquads_write_quad(mc_buf *out, const struct mc__rdf_quad *q,
			  const char *(*bnode)(void *arg, const char *label),
			  void *arg)
{
	struct writer w;
	size_t len = out->len;

	w.out = out;
	w.n = 0;
	w.error = 0;
	put_term(&w, &q->s, bnode, arg);
	wr_put(&w, " ", 1);
	put_term(&w, &q->p, bnode, arg);
	wr_put(&w, " ", 1);
	put_term(&w, &q->o, bnode, arg);
	if (q->g.kind != MC__RDF_NONE) {
		wr_put(&w, " ", 1);
		put_term(&w, &q->g, bnode, arg);
	}
	wr_put(&w, " .\n", 3);
	wr_flush(&w);
	if (w.error < 0) {
		out->len = len; /* nothing of a quad that did not fit */
		if (out->ptr)
			out->ptr[len] = '\0';
	}
	return w.error;
}
