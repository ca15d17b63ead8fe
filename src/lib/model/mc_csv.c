/*
 * The CSV catalogue (docs/FORMATS.md): one micro-credential per row.  Each
 * row becomes a JSON object handed to mc__microcred_from_jansson(), so CSV
 * and JSON imports share one set of checks; this file only converts cells
 * (numbers, booleans, lists, language maps, outcome lines) and reports the
 * cells it cannot convert.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "model.h"
#include "util/util.h"

typedef enum {
	COL_STRING,
	COL_INT,
	COL_NUMBER,
	COL_BOOL,
	COL_LIST,
	COL_LANGMAP, /* NAME@TAG */
	COL_OUTCOME, /* CATEGORY@TAG */
	COL_ESCO     /* esco@CATEGORY */
} col_kind;

/* A plain column: where its value goes in the JSON form. */
static const struct {
	const char *name;
	col_kind kind;
	const char *object; /* enclosing object, or NULL at the top */
	const char *key;
} plain_columns[] = {
    {"id", COL_STRING, NULL, "id"},
    {"version", COL_INT, NULL, "version"},
    {"status", COL_STRING, NULL, "status"},
    {"primary_language", COL_STRING, NULL, "primary_language"},
    {"languages", COL_LIST, NULL, "languages"},
    {"provider", COL_STRING, NULL, "provider"},
    {"awarding_bodies", COL_LIST, NULL, "awarding_bodies"},
    {"countries", COL_LIST, NULL, "countries"},
    {"regions", COL_LIST, NULL, "regions"},
    {"sector", COL_STRING, NULL, "sector"},
    {"target_groups", COL_LIST, NULL, "target_groups"},
    {"ects", COL_NUMBER, "workload", "ects"},
    {"ecvet", COL_NUMBER, "workload", "ecvet"},
    {"hours", COL_NUMBER, "workload", "hours"},
    {"eqf_level", COL_INT, NULL, "eqf_level"},
    {"nqf_level", COL_STRING, NULL, "nqf_level"},
    {"assessment", COL_STRING, "assessment", "type"},
    {"mode", COL_STRING, "participation", "mode"},
    {"setting", COL_STRING, "participation", "setting"},
    {"work_based", COL_BOOL, "participation", "work_based"},
    {"volunteering", COL_BOOL, "participation", "volunteering"},
    {"qa_type", COL_STRING, "quality_assurance", "type"},
    {"qa_body", COL_STRING, "quality_assurance", "body"},
    {"supervision", COL_STRING, NULL, "supervision"},
    {"stackability", COL_STRING, "stackability", "type"},
    {"part_of", COL_STRING, "stackability", "part_of"},
    {"licence", COL_STRING, NULL, "licence"},
    {"attribution", COL_STRING, NULL, "attribution"},
};

/* Language-map columns NAME@TAG. */
static const struct {
	const char *name;
	const char *object;
	const char *key;
} langmap_columns[] = {
    {"title", NULL, "title"},
    {"description", NULL, "description"},
    {"assessment_description", "assessment", "description"},
    {"qa_description", "quality_assurance", "description"},
    {"prerequisites", NULL, "prerequisites"},
    {"further_information", NULL, "further_information"},
};

static const char *const categories[] = {"knowledge", "skills",
					 "responsibility_autonomy"};
#define N_CATEGORIES 3

/* One column of the file, as its header named it. */
typedef struct {
	col_kind kind;
	const char *object;
	const char *key;
	const char *tag; /* points into the header copy */
	int category;
} column;

typedef struct {
	char *header_copy; /* the header cells, NUL-separated */
	column *cols;
	size_t count;
} header;

static void header_free(header *h)
{
	free(h->header_copy);
	free(h->cols);
}

/*
 * Map each header cell to a column; an unknown, malformed or repeated
 * column name is a problem of `ctx`.
 */
static int read_header(header *h, mc__jctx *ctx, const mc_csv *csv)
{
	size_t i, j, total = 0;
	char *p;

	for (i = 0; i < csv->count; i++)
		total += strlen(csv->fields[i]) + 1;
	if (!(h->header_copy = malloc(total ? total : 1)) ||
	    !(h->cols = calloc(csv->count ? csv->count : 1, sizeof(column))))
		return MC_ENOMEM;
	h->count = csv->count;
	p = h->header_copy;
	for (i = 0; i < csv->count; i++) {
		const char *name = csv->fields[i];
		column *c = &h->cols[i];
		char show[128], *at;
		int known = 0;

		strcpy(p, name);
		at = strchr(p, '@');
		for (j = 0; j < i; j++)
			if (strcmp(csv->fields[j], name) == 0)
				break;
		if (j < i) {
			mc__jctx_problem(ctx,
					 mc__show(show, sizeof(show), name),
					 "duplicate column");
			p += strlen(name) + 1;
			continue;
		}
		for (j = 0; !at && j < MC__ARRAY_SIZE(plain_columns); j++) {
			if (strcmp(plain_columns[j].name, p) == 0) {
				c->kind = plain_columns[j].kind;
				c->object = plain_columns[j].object;
				c->key = plain_columns[j].key;
				known = 1;
				break;
			}
		}
		if (at) {
			*at = '\0';
			c->tag = at + 1;
			for (j = 0; j < MC__ARRAY_SIZE(langmap_columns); j++) {
				if (strcmp(langmap_columns[j].name, p) == 0) {
					c->kind = COL_LANGMAP;
					c->object = langmap_columns[j].object;
					c->key = langmap_columns[j].key;
					known = 1;
				}
			}
			for (j = 0; j < N_CATEGORIES; j++) {
				if (strcmp(categories[j], p) == 0) {
					c->kind = COL_OUTCOME;
					c->category = (int)j;
					known = 1;
				}
				if (strcmp(p, "esco") == 0 &&
				    strcmp(categories[j], c->tag) == 0) {
					c->kind = COL_ESCO;
					c->category = (int)j;
					known = 1;
				}
			}
			if (known && c->kind != COL_ESCO &&
			    !mc_lang_tag_valid(c->tag)) {
				mc__jctx_problem(
				    ctx, mc__show(show, sizeof(show), name),
				    "invalid language tag in column name");
				known = -1;
			}
		}
		if (!known)
			mc__jctx_problem(ctx,
					 mc__show(show, sizeof(show), name),
					 "unknown column");
		p += strlen(name) + 1;
	}
	return 0;
}

/* The object `name` inside `row`, created on first use; NULL on
 * allocation failure. */
static json_t *sub_object(json_t *row, const char *name)
{
	json_t *o;

	if (!name)
		return row;
	if ((o = json_object_get(row, name)))
		return o;
	if (!(o = json_object()) || json_object_set_new(row, name, o) < 0)
		return NULL;
	return o;
}

static int set_value(json_t *row, const column *c, json_t *v)
{
	json_t *obj;

	if (!v || !(obj = sub_object(row, c->object))) {
		json_decref(v);
		return MC_ENOMEM;
	}
	return json_object_set_new(obj, c->key, v) < 0 ? MC_ENOMEM : 0;
}

static void field_path(char *buf, size_t len, const column *c)
{
	snprintf(buf, len, "%s%s%s", c->object ? c->object : "",
		 c->object ? "." : "", c->key);
}

static int parse_bool(int *out, const char *s)
{
	static const char *const yes[] = {"true", "yes", "1"};
	static const char *const no[] = {"false", "no", "0"};
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Split `s` at `sep` into a JSON array of the trimmed, non-empty parts. */
static json_t *split_list(const char *s, char sep)
{
	json_t *arr = json_array();
	const char *p = s;

	while (arr && *p) {
		const char *end = strchr(p, sep), *a = p, *b;

		if (!end)
			end = p + strlen(p);
		b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a && json_array_append_new(
				 arr, json_stringn(a, (size_t)(b - a))) < 0) {
			json_decref(arr);
			return NULL;
		}
		p = *end ? end + 1 : end;
	}
	return arr;
}

/*
 * Convert one plain or language-map cell into `row`.  A cell that is not
 * a number / integer / boolean as its column needs is a problem of `conv`.
 */
static int convert_cell(json_t *row, mc__jctx *conv, const column *c,
			const char *cell)
{
	char path[128], show[128], *end;
	json_t *obj;
	double d;
	long long n;
	int b;

	if (!*cell)
		return 0;
	field_path(path, sizeof(path), c);
	switch (c->kind) {
	case COL_STRING:
		return set_value(row, c, json_string(cell));
	case COL_INT:
		n = strtoll(cell, &end, 10);
		if (*end || end == cell) {
			mc__jctx_problem(conv, path, "not an integer %s",
					 mc__show(show, sizeof(show), cell));
			return 0;
		}
		return set_value(row, c, json_integer((json_int_t)n));
	case COL_NUMBER:
		d = strtod(cell, &end);
		if (*end || end == cell || !isfinite(d)) {
			mc__jctx_problem(conv, path, "not a number %s",
					 mc__show(show, sizeof(show), cell));
			return 0;
		}
		return set_value(row, c, json_real(d));
	case COL_BOOL:
		if (parse_bool(&b, cell) < 0) {
			mc__jctx_problem(conv, path,
					 "not a boolean %s (true/false, "
					 "yes/no, 1/0)",
					 mc__show(show, sizeof(show), cell));
			return 0;
		}
		return set_value(row, c, json_boolean(b));
	case COL_LIST:
		return set_value(row, c, split_list(cell, ';'));
	case COL_LANGMAP:
		if (!(obj = sub_object(row, c->object)))
			return MC_ENOMEM;
		if (!(obj = sub_object(obj, c->key)))
			return MC_ENOMEM;
		return json_object_set_new(obj, c->tag, json_string(cell)) < 0
			   ? MC_ENOMEM
			   : 0;
	case COL_OUTCOME:
	case COL_ESCO:
		break;
	}
	return 0;
}

/* The lines of a cell (LF or CRLF), trailing empty lines dropped. */
static json_t *cell_lines(const char *cell)
{
	json_t *arr = json_array();
	const char *p = cell;

	while (arr && *p) {
		const char *end = strchr(p, '\n');
		size_t n;

		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (json_array_append_new(arr, json_stringn(p, n)) < 0) {
			json_decref(arr);
			return NULL;
		}
		p = *end ? end + 1 : end;
	}
	while (arr && json_array_size(arr) &&
	       json_string_length(
		   json_array_get(arr, json_array_size(arr) - 1)) == 0)
		json_array_remove(arr, json_array_size(arr) - 1);
	return arr;
}

/*
 * Build the learning outcomes of one row: line n of every CATEGORY@TAG
 * column is outcome n of that category, line n of esco@CATEGORY its ESCO
 * skills.  Categories come in EQF order.
 */
static int convert_outcomes(json_t *row, const header *h, const mc_csv *csv)
{
	json_t *outcomes = NULL, *lines = NULL;
	size_t cat, i, n, k;
	int error = MC_ENOMEM;

	if (!(outcomes = json_array()))
		goto cleanup;
	for (cat = 0; cat < N_CATEGORIES; cat++) {
		size_t first = json_array_size(outcomes), max = 0;

		/* How many outcomes this category has. */
		for (i = 0; i < h->count; i++) {
			if (h->cols[i].kind != COL_OUTCOME ||
			    h->cols[i].category != (int)cat)
				continue;
			if (!(lines = cell_lines(csv->fields[i])))
				goto cleanup;
			if (json_array_size(lines) > max)
				max = json_array_size(lines);
			json_decref(lines);
			lines = NULL;
		}
		for (n = 0; n < max; n++) {
			json_t *o = json_object();

			if (!o || json_array_append_new(outcomes, o) < 0 ||
			    json_object_set_new(o, "category",
						json_string(categories[cat])) <
				0 ||
			    json_object_set_new(o, "text", json_object()) < 0)
				goto cleanup;
		}
		for (i = 0; i < h->count; i++) {
			const column *c = &h->cols[i];

			if ((c->kind != COL_OUTCOME && c->kind != COL_ESCO) ||
			    c->category != (int)cat)
				continue;
			if (!(lines = cell_lines(csv->fields[i])))
				goto cleanup;
			for (k = 0; k < json_array_size(lines) && k < max;
			     k++) {
				json_t *o = json_array_get(outcomes, first + k);
				const char *line =
				    json_string_value(json_array_get(lines, k));

				if (!*line)
					continue;
				if (c->kind == COL_OUTCOME) {
					if (json_object_set_new(
						json_object_get(o, "text"),
						c->tag, json_string(line)) < 0)
						goto cleanup;
				} else if (json_object_set_new(
					       o, "esco_skills",
					       split_list(line, ' ')) < 0) {
					goto cleanup;
				}
			}
			json_decref(lines);
			lines = NULL;
		}
	}
	error = 0;
	if (json_array_size(outcomes)) {
		error =
		    json_object_set_new(row, "learning_outcomes", outcomes) < 0
			? MC_ENOMEM
			: 0;
		outcomes = NULL;
	}

cleanup:
	json_decref(lines);
	json_decref(outcomes);
	return error;
}

void mc__microcred_array_free(mc_microcred **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_microcred_free(list[i]);
	free(list);
}

/*
 * One data row: convert its cells, then parse and check the JSON object.
 * Problems go to `ctx` with "NAME line N" as source; *out is NULL when the
 * row has any.  Returns 0 or MC_ENOMEM.
 */
static int read_row(mc_microcred **out, mc__jctx *ctx, const header *h,
		    const mc_csv *csv, const char *where)
{
	mc_problems conv = MC_PROBLEMS_INIT, rest = MC_PROBLEMS_INIT;
	mc__jctx cctx = {where, &conv, 0, 0};
	mc__jctx rctx = {where, ctx->problems, 0, 0};
	json_t *row = NULL;
	size_t i;
	int error = 0;

	*out = NULL;
	if (csv->count != h->count) {
		mc__jctx_problem(&rctx, NULL,
				 "%zu fields, but the header has %zu",
				 csv->count, h->count);
		goto cleanup;
	}
	if (!(row = json_object())) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < h->count; i++)
		if ((error = convert_cell(row, &cctx, &h->cols[i],
					  csv->fields[i])) < 0)
			goto cleanup;
	if ((error = convert_outcomes(row, h, csv)) < 0 ||
	    (error = cctx.error) < 0)
		goto cleanup;
	error = mc__microcred_from_jansson(out, row, where, &rest);
	if (error == MC_ENOMEM)
		goto cleanup;
	error = 0;
	mc__problems_merge(&rctx, &conv, &rest);
	if (rctx.found && *out) {
		mc_microcred_free(*out);
		*out = NULL;
	}
	if (!rctx.found && !*out)
		rctx.found++; /* counted but not kept: past MC_PROBLEMS_MAX */
	error = rctx.error;

cleanup:
	ctx->found += rctx.found;
	json_decref(row);
	mc_problems_clear(&conv);
	mc_problems_clear(&rest);
	return error;
}

/* Record a CSV syntax error: csv->error reads "line N: reason". */
static void csv_problem(mc__jctx *ctx, const mc_csv *csv, const char *name)
{
	char where[300];
	const char *reason = csv->error;
	const char *colon = strstr(reason, ": ");

	snprintf(where, sizeof(where), "%s line %zu", name, csv->line);
	if (strncmp(reason, "line ", 5) == 0 && colon)
		reason = colon + 2;
	ctx->where = where;
	mc__jctx_problem(ctx, NULL, "%s", reason);
	ctx->where = name;
}

int mc__microcred_from_csv(mc_microcred ***out, size_t *count, const char *data,
			   size_t len, const char *name, mc_problems *problems)
{
	mc__jctx ctx = {name, problems, 0, 0};
	mc_microcred **list = NULL, *mc = NULL;
	size_t *lines = NULL; /* the line of each record in `list` */
	size_t n = 0, alloc = 0, i;
	header h = {NULL, NULL, 0};
	mc_csv csv;
	char where[300];
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (!name)
		name = "";
	ctx.where = name;
	mc__csv_init(&csv, data, len);
	if ((rc = mc__csv_next(&csv)) <= 0) {
		if (rc == MC_ENOMEM) {
			error = MC_ENOMEM;
			goto cleanup;
		}
		if (rc == 0)
			mc__jctx_problem(&ctx, NULL, "no header row");
		else
			csv_problem(&ctx, &csv, name);
		goto cleanup;
	}
	snprintf(where, sizeof(where), "%s line %zu", name, csv.line);
	ctx.where = where;
	if ((error = read_header(&h, &ctx, &csv)) < 0 || ctx.found)
		goto cleanup;
	while ((rc = mc__csv_next(&csv)) > 0) {
		snprintf(where, sizeof(where), "%s line %zu", name, csv.line);
		ctx.where = where;
		if ((error = read_row(&mc, &ctx, &h, &csv, where)) < 0)
			goto cleanup;
		if (!mc)
			continue;
		for (i = 0; i < n; i++)
			if (mc__streq(list[i]->id, mc->id))
				break;
		if (i < n) {
			mc__jctx_problem(&ctx, "id",
					 "duplicate of the record on line %zu",
					 lines[i]);
			mc_microcred_free(mc);
			mc = NULL;
			continue;
		}
		if (n == alloc) {
			size_t a = alloc ? alloc * 2 : 16;
			mc_microcred **l = realloc(list, a * sizeof(*l));
			size_t *ln;

			if (l)
				list = l;
			if (!l || !(ln = realloc(lines, a * sizeof(*ln)))) {
				error = MC_ENOMEM;
				goto cleanup;
			}
			lines = ln;
			alloc = a;
		}
		lines[n] = csv.line;
		list[n++] = mc;
		mc = NULL;
	}
	if (rc == MC_ENOMEM) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (rc < 0)
		csv_problem(&ctx, &csv, name);

cleanup:
	mc_microcred_free(mc);
	free(lines);
	header_free(&h);
	mc__csv_free(&csv);
	if (!error && ctx.error)
		error = ctx.error;
	if (!error && ctx.found)
		error = MC_EINVALID;
	if (error) {
		mc__microcred_array_free(list, n);
	} else {
		*out = list;
		*count = n;
	}
	return error;
}
