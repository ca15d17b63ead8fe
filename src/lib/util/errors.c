/*
 * Error codes: names, and the one table that maps them to exit codes and
 * HTTP statuses; problem lists.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "util.h"

static const struct {
	int code;
	const char *name;
	int exit_code;
	int http_status;
} error_table[] = {
    {MC_OK, "ok", 0, 200},
    {MC_ENOMEM, "out of memory", 2, 500},
    {MC_EINVALID, "invalid input", 1, 422},
    {MC_ENOTFOUND, "not found", 1, 404},
    {MC_EEXISTS, "already exists", 1, 409},
    {MC_EIO, "input/output error", 2, 500},
    {MC_EDB, "database error", 2, 500},
    {MC_ESTATE, "not allowed in this state", 1, 409},
    {MC_ETOOBIG, "too large", 1, 413},
    {MC_EVERSION, "database is newer than this program", 2, 500},
    {MC_ENOTOURS, "not a microcred database", 2, 500},
    {MC_EUSAGE, "bad arguments", 2, 400},
    {MC_EBADSIG, "signature does not verify", 1, 422},
    {MC_EREVOKED, "revoked", 1, 410},
    {MC_EFORBIDDEN, "forbidden", 1, 403},
    {MC_ENOTSUP, "not supported here", 2, 501},
    {MC_ERETRY, "busy: another writer conflicted, try again", 2, 503},
};

static int find(int code)
{
	size_t i;

	for (i = 0; i < MC__ARRAY_SIZE(error_table); i++)
		if (error_table[i].code == code)
			return (int)i;
	return -1;
}

const char *mc_error_str(int code)
{
	int i = find(code);

	return i < 0 ? "unknown error" : error_table[i].name;
}

int mc_error_exit_code(int code)
{
	int i = find(code);

	return i < 0 ? 2 : error_table[i].exit_code;
}

int mc_error_http_status(int code)
{
	int i = find(code);

	return i < 0 ? 500 : error_table[i].http_status;
}

int mc_problems_add(mc_problems *list, const char *where, const char *field,
		    const char *fmt, ...)
{
	va_list ap;
	mc_problem *p;

	list->found++;
	if (list->count >= MC_PROBLEMS_MAX)
		return 0;
	if (list->count == list->alloc) {
		size_t alloc = list->alloc ? list->alloc * 2 : 8;
		mc_problem *items =
		    realloc(list->items, alloc * sizeof(*items));

		if (!items)
			return MC_ENOMEM;
		list->items = items;
		list->alloc = alloc;
	}
	p = &list->items[list->count];
	va_start(ap, fmt);
	p->reason = mc__vasprintf(fmt, ap);
	va_end(ap);
	p->where = strdup(where ? where : "");
	p->field = strdup(field ? field : "");
	if (!p->reason || !p->where || !p->field) {
		free(p->reason);
		free(p->where);
		free(p->field);
		return MC_ENOMEM;
	}
	list->count++;
	return 0;
}

char *mc_problem_format(const mc_problem *p)
{
	return mc__asprintf("%s%s%s%s%s", p->where, *p->where ? ": " : "",
			    p->field, *p->field ? ": " : "", p->reason);
}

void mc_problems_clear(mc_problems *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++) {
		free(list->items[i].where);
		free(list->items[i].field);
		free(list->items[i].reason);
	}
	free(list->items);
	list->items = NULL;
	list->count = list->alloc = list->found = 0;
}
