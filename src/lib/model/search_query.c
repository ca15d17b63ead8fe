/*
 * Parser of the catalogue's query language and its translation to FTS5.
 * The parser works on bytes; positions in messages are counted in
 * characters so that they point at the right place in any script.
 */
#include "search_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/catalogue.h"
#include "microcred/errors.h"
#include "util/util.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* 1-based character position of byte offset `off` in `s`. */
static size_t char_pos(const char *s, size_t off)
{
	size_t i, n = 1;

	for (i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

void mc__query_free(struct mc__query *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->count; i++)
		free(q->terms[i].text);
	free(q->public_states);
	free(q->visible);
	free(q);
}

int mc__query_empty(const struct mc__query *q)
{
	return !q || q->count == 0;
}

void mc__query_prefix_last(struct mc__query *q)
{
	size_t i;

	if (!q)
		return;
	for (i = q->count; i > 0; i--) {
		struct mc__query_term *t = &q->terms[i - 1];

		if (t->negated)
			continue;
		if (!t->phrase)
			t->prefix = 1;
		return;
	}
}

/* Append a term; the OR pending before it (at byte `or_at`, or -1) joins
 * it to the previous term.  Returns 0, MC_EINVALID (message in err) or
 * MC_ENOMEM.  Takes ownership of `text` in every case. */
static int add_term(struct mc__query *q, char *text, const char *s, size_t at,
		    int phrase, int prefix, int negated, long or_at, char *err,
		    size_t errlen)
{
	struct mc__query_term *t;

	if (!text)
		return MC_ENOMEM;
	if (q->count == MC__QUERY_TERMS_MAX) {
		snprintf(err, errlen, "query: position %zu: more than %d terms",
			 char_pos(s, at), MC__QUERY_TERMS_MAX);
		free(text);
		return MC_EINVALID;
	}
	if (or_at >= 0) {
		if (negated || q->terms[q->count - 1].negated) {
			snprintf(err, errlen,
				 "query: position %zu: OR next to an "
				 "excluded term",
				 char_pos(s, (size_t)or_at));
			free(text);
			return MC_EINVALID;
		}
		q->terms[q->count - 1].or_next = 1;
	}
	t = &q->terms[q->count++];
	t->text = text;
	t->phrase = phrase;
	t->prefix = prefix;
	t->negated = negated;
	t->or_next = 0;
	t->pos = char_pos(s, at);
	return 0;
}

int mc__query_parse(struct mc__query **out, const char *text, char *err,
		    size_t errlen)
{
	struct mc__query *q = NULL;
	size_t len, i = 0, bad, positives = 0, k;
	long or_at = -1;
	int error = 0;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!text)
		text = "";
	len = strlen(text);
	if (len > MC_SEARCH_QUERY_MAX) {
		snprintf(err, errlen, "query: longer than %d bytes",
			 MC_SEARCH_QUERY_MAX);
		return MC_EINVALID;
	}
	bad = mc__utf8_valid_prefix(text, len);
	if (bad < len) {
		snprintf(err, errlen, "query: position %zu: invalid UTF-8",
			 char_pos(text, bad));
		return MC_EINVALID;
	}
	if (!(q = calloc(1, sizeof(*q))))
		return MC_ENOMEM;

	for (;;) {
		size_t start, end;
		int negated = 0, prefix = 0;

		while (i < len && is_space(text[i]))
			i++;
		if (i == len)
			break;
		start = i;
		if (text[i] == '-') {
			negated = 1;
			i++;
			if (i == len || is_space(text[i])) {
				snprintf(err, errlen,
					 "query: position %zu: '-' without "
					 "a term",
					 char_pos(text, start));
				error = MC_EINVALID;
				goto cleanup;
			}
		}
		if (text[i] == '"') {
			const char *close = strchr(text + i + 1, '"');

			if (!close) {
				snprintf(err, errlen,
					 "query: position %zu: quote not "
					 "closed",
					 char_pos(text, i));
				error = MC_EINVALID;
				goto cleanup;
			}
			end = (size_t)(close - text);
			for (k = i + 1; k < end && is_space(text[k]); k++)
				;
			if (k == end) {
				snprintf(err, errlen,
					 "query: position %zu: empty phrase",
					 char_pos(text, i));
				error = MC_EINVALID;
				goto cleanup;
			}
			if (end + 1 < len && text[end + 1] == '*')
				prefix = 1;
			error = add_term(
			    q, mc__strndup(text + i + 1, end - i - 1), text,
			    start, 1, prefix, negated, or_at, err, errlen);
			if (error)
				goto cleanup;
			or_at = -1;
			i = end + 1 + (size_t)prefix;
			continue;
		}
		end = i;
		while (end < len && !is_space(text[end]) && text[end] != '"')
			end++;
		if (!negated && end - i == 2 &&
		    memcmp(text + i, "OR", 2) == 0) {
			if (q->count == 0 || or_at >= 0) {
				snprintf(err, errlen,
					 "query: position %zu: OR needs a "
					 "term before it",
					 char_pos(text, i));
				error = MC_EINVALID;
				goto cleanup;
			}
			or_at = (long)i;
			i = end;
			continue;
		}
		k = end;
		while (k > i && text[k - 1] == '*') {
			prefix = 1;
			k--;
		}
		if (k == i) {
			snprintf(err, errlen,
				 "query: position %zu: '*' without a word",
				 char_pos(text, start));
			error = MC_EINVALID;
			goto cleanup;
		}
		error = add_term(q, mc__strndup(text + i, k - i), text, start,
				 0, prefix, negated, or_at, err, errlen);
		if (error)
			goto cleanup;
		or_at = -1;
		i = end;
	}
	if (or_at >= 0) {
		snprintf(err, errlen,
			 "query: position %zu: OR needs a term after it",
			 char_pos(text, (size_t)or_at));
		error = MC_EINVALID;
		goto cleanup;
	}
	for (k = 0; k < q->count; k++)
		if (!q->terms[k].negated)
			positives++;
	if (q->count && !positives) {
		snprintf(err, errlen,
			 "query: position %zu: only excluded terms; add one "
			 "to search for",
			 q->terms[0].pos);
		error = MC_EINVALID;
		goto cleanup;
	}
	*out = q;
	q = NULL;

cleanup:
	mc__query_free(q);
	return error;
}

/* Append one term as an FTS5 string: "text" with quotes doubled, then
 * " *" for a prefix. */
static int put_term(mc_buf *b, const struct mc__query_term *t)
{
	const char *p;
	int error;

	if ((error = mc__buf_add(b, "\"", 1)))
		return error;
	for (p = t->text; *p; p++) {
		if (*p == '"' && (error = mc__buf_add(b, "\"", 1)))
			return error;
		if ((error = mc__buf_add(b, p, 1)))
			return error;
	}
	return mc__buf_puts(b, t->prefix ? "\" *" : "\"");
}

int mc__query_to_fts5(char **out, const struct mc__query *q)
{
	/* Each byte of a term may double; plus operators per term. */
	mc_buf b = MC_BUF_INIT(2 * MC_SEARCH_QUERY_MAX +
			       16 * MC__QUERY_TERMS_MAX + 64);
	size_t i, groups = 0, negatives = 0;
	int error = 0, in_group = 0;

	*out = NULL;
	if (mc__query_empty(q))
		return 0;
	if ((error = mc__buf_puts(&b, "(")))
		goto cleanup;
	for (i = 0; i < q->count; i++) {
		const struct mc__query_term *t = &q->terms[i];

		if (t->negated) {
			negatives++;
			continue;
		}
		if (!in_group) {
			if (groups++ && (error = mc__buf_puts(&b, " AND ")))
				goto cleanup;
			if ((error = mc__buf_puts(&b, "(")))
				goto cleanup;
			in_group = 1;
		}
		if ((error = put_term(&b, t)))
			goto cleanup;
		if (t->or_next) {
			if ((error = mc__buf_puts(&b, " OR ")))
				goto cleanup;
		} else {
			if ((error = mc__buf_puts(&b, ")")))
				goto cleanup;
			in_group = 0;
		}
	}
	if ((error = mc__buf_puts(&b, ")")))
		goto cleanup;
	if (negatives) {
		size_t n = 0;

		if ((error = mc__buf_puts(&b, " NOT (")))
			goto cleanup;
		for (i = 0; i < q->count; i++) {
			if (!q->terms[i].negated)
				continue;
			if (n++ && (error = mc__buf_puts(&b, " OR ")))
				goto cleanup;
			if ((error = put_term(&b, &q->terms[i])))
				goto cleanup;
		}
		if ((error = mc__buf_puts(&b, ")")))
			goto cleanup;
	}
	if (!(*out = mc__buf_detach(&b)))
		error = MC_ENOMEM;

cleanup:
	mc__buf_free(&b);
	return error == MC_ETOOBIG ? MC_ENOMEM : error;
}
