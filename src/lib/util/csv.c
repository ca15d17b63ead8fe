/*
 * RFC 4180 CSV reader.  One pass over the input; fields are copied out so
 * that quotes can be undone, each bounded by MC_CSV_FIELD_MAX.
 */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "util.h"

void mc__csv_init(mc_csv *csv, const char *data, size_t len)
{
	memset(csv, 0, sizeof(*csv));
	csv->data = data;
	csv->len = len;
	csv->next_line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		csv->pos = 3;
}

static void clear_row(mc_csv *csv)
{
	size_t i;

	for (i = 0; i < csv->count; i++)
		free(csv->fields[i]);
	csv->count = 0;
}

static int push_field(mc_csv *csv, mc_buf *b)
{
	char *s;

	if (csv->count == MC_CSV_FIELDS_MAX) {
		snprintf(csv->error, sizeof(csv->error),
			 "line %zu: more than %d fields", csv->line,
			 MC_CSV_FIELDS_MAX);
		return MC_EINVALID;
	}
	if (b->len && !mc__utf8_valid(b->ptr, b->len)) {
		snprintf(csv->error, sizeof(csv->error),
			 "line %zu: field %zu: invalid UTF-8", csv->line,
			 csv->count + 1);
		return MC_EINVALID;
	}
	if (csv->count == csv->alloc) {
		size_t alloc = csv->alloc ? csv->alloc * 2 : 16;
		char **f = realloc(csv->fields, alloc * sizeof(*f));

		if (!f)
			return MC_ENOMEM;
		csv->fields = f;
		csv->alloc = alloc;
	}
	if (!(s = mc__buf_detach(b)))
		return MC_ENOMEM;
	csv->fields[csv->count++] = s;
	return 0;
}

int mc__csv_next(mc_csv *csv)
{
	mc_buf field = MC_BUF_INIT(MC_CSV_FIELD_MAX);
	int error = 0;

	clear_row(csv);
	csv->error[0] = '\0';

	/* Skip blank lines. */
	while (csv->pos < csv->len &&
	       (csv->data[csv->pos] == '\n' || csv->data[csv->pos] == '\r')) {
		if (csv->data[csv->pos] == '\n')
			csv->next_line++;
		csv->pos++;
	}
	if (csv->pos >= csv->len)
		return 0;
	csv->line = csv->next_line;

	for (;;) {
		int quoted = 0;

		if (csv->pos < csv->len && csv->data[csv->pos] == '"') {
			quoted = 1;
			csv->pos++;
			for (;;) {
				char c;

				if (csv->pos >= csv->len) {
					snprintf(csv->error, sizeof(csv->error),
						 "line %zu: field %zu: quote "
						 "not closed",
						 csv->line, csv->count + 1);
					error = MC_EINVALID;
					goto cleanup;
				}
				c = csv->data[csv->pos++];
				if (c == '"') {
					if (csv->pos < csv->len &&
					    csv->data[csv->pos] == '"')
						csv->pos++;
					else
						break;
				} else if (c == '\n') {
					csv->next_line++;
				}
				if ((error = mc__buf_add(&field, &c, 1)) < 0)
					goto too_big;
			}
		}
		while (csv->pos < csv->len) {
			char c = csv->data[csv->pos];

			if (c == ',' || c == '\n' || c == '\r')
				break;
			if (quoted || c == '"') {
				snprintf(csv->error, sizeof(csv->error),
					 "line %zu: field %zu: %s", csv->line,
					 csv->count + 1,
					 quoted
					     ? "text after closing quote"
					     : "quote inside unquoted field");
				error = MC_EINVALID;
				goto cleanup;
			}
			if ((error = mc__buf_add(&field, &c, 1)) < 0)
				goto too_big;
			csv->pos++;
		}
		if ((error = push_field(csv, &field)) < 0)
			goto cleanup;
		if (csv->pos >= csv->len)
			break;
		if (csv->data[csv->pos] == ',') {
			csv->pos++;
			continue;
		}
		/* End of row: CRLF or LF (a lone CR ends it too). */
		if (csv->data[csv->pos] == '\r')
			csv->pos++;
		if (csv->pos < csv->len && csv->data[csv->pos] == '\n')
			csv->pos++;
		csv->next_line++;
		break;
	}
	mc__buf_free(&field);
	return 1;

too_big:
	if (error == MC_ETOOBIG) {
		snprintf(csv->error, sizeof(csv->error),
			 "line %zu: field %zu: longer than %d bytes", csv->line,
			 csv->count + 1, MC_CSV_FIELD_MAX);
		error = MC_EINVALID;
	}
cleanup:
	mc__buf_free(&field);
	clear_row(csv);
	return error;
}

int mc__csv_skip_line(mc_csv *csv)
{
	while (csv->pos < csv->len && csv->data[csv->pos] != '\n')
		csv->pos++;
	if (csv->pos >= csv->len)
		return -1;
	csv->pos++;
	csv->next_line = csv->line + 1;
	return 0;
}

int mc__csv_find(const mc_csv *csv, const char *name)
{
	size_t i;

	for (i = 0; i < csv->count; i++)
		if (strcmp(csv->fields[i], name) == 0)
			return (int)i;
	return -1;
}

void mc__csv_free(mc_csv *csv)
{
	clear_row(csv);
	free(csv->fields);
	csv->fields = NULL;
	csv->alloc = 0;
}
