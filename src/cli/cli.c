/*
 * Shared command-line helpers: opening the store, reporting errors and
 * problems, files, and the search options of `search` and `mc list'.
 * Option parsing is in cli_options.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

mc_store *cli_open(const cli_globals *g)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	mc_store *store = NULL;
	char *msg = NULL;
	int error;

	opts.master_key_file = g->master_key_file;
	if ((error = mc_store_open(&store, g->db, &opts, &msg)) < 0) {
		fprintf(stderr, "microcred: %s: %s\n", g->db,
			msg ? msg : mc_error_str(error));
		free(msg);
		return NULL;
	}
	return store;
}

int cli_fail(mc_store *store, int error)
{
	const char *msg = store ? mc_store_errmsg(store) : "";

	fprintf(stderr, "microcred: %s\n", *msg ? msg : mc_error_str(error));
	return mc_error_exit_code(error);
}

void cli_print_problems(const mc_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		char *line = mc_problem_format(&p->items[i]);

		fprintf(stderr, "%s\n", line ? line : p->items[i].reason);
		free(line);
	}
	if (p->count >= MC_PROBLEMS_MAX)
		fprintf(stderr, "(only the first %d problems are shown)\n",
			MC_PROBLEMS_MAX);
}

long cli_number(const char *option, const char *value, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (errno || end == value || *end || n < 0 || n > max) {
		fprintf(stderr,
			"microcred: --%s: must be a number 0..%ld, got "
			"'%s'\n",
			option, max, value);
		return -1;
	}
	return n;
}

const cli_option cli_search_options[CLI_SEARCH_NOPTS] = {
    [CLI_SEARCH_COUNTRY] = {"country", "CC",
			    "issuer country (ISO 3166-1 alpha-2)"},
    [CLI_SEARCH_SECTOR] = {"sector", "CODE",
			   "ISCED-F field; '07' matches all of 07xx"},
    [CLI_SEARCH_EQF] = {"eqf", "N", "EQF level 1..8"},
    [CLI_SEARCH_ECTS_MIN] = {"ects-min", "N", "at least N ECTS credits"},
    [CLI_SEARCH_ECTS_MAX] = {"ects-max", "N", "at most N ECTS credits"},
    [CLI_SEARCH_TARGET_GROUP] = {"target-group", "G",
				 "adults, unemployed, idps, returnees, ..."},
    [CLI_SEARCH_LANGUAGE] = {"language", "TAG",
			     "MCs with text in this language"},
    [CLI_SEARCH_CLUSTER] = {"cluster", "ID", "members of a cluster"},
    [CLI_SEARCH_ORG] = {"org", "ID", "provider or awarding body"},
    [CLI_SEARCH_STATUS] = {"status", "S",
			   "draft, in_review, approved, published, retired, "
			   "any"},
    [CLI_SEARCH_LANG] = {"lang", "TAG", "show titles in this language"},
    [CLI_SEARCH_LIMIT] = {"limit", "N",
			  "at most N results (default 20, max 1000)"},
    [CLI_SEARCH_OFFSET] = {"offset", "N", "skip the first N results"},
    [CLI_SEARCH_FACETS] = {"facets", NULL,
			   "count results per country, sector, ..."},
    [CLI_SEARCH_JSON] = {"json", NULL, "machine-readable output"},
};

/* ECTS credits `s` for --`name` into *out: 0..1000; -1 after a message. */
static int ects_option(double *out, const char *name, const char *s)
{
	char *end;

	*out = strtod(s, &end);
	if (end == s || *end || !(*out >= 0 && *out <= 1000)) {
		fprintf(stderr,
			"microcred: --%s: must be a number of ECTS credits "
			"0..1000, got '%s'\n",
			name, s);
		return -1;
	}
	return 0;
}

int cli_search_fill(mc_search_options *o, const cli_args *a)
{
	const char *const *v = a->value;
	long n;

	o->country = v[CLI_SEARCH_COUNTRY];
	o->sector = v[CLI_SEARCH_SECTOR];
	if (v[CLI_SEARCH_EQF]) {
		if ((n = cli_number("eqf", v[CLI_SEARCH_EQF], 8)) < 1) {
			if (n == 0)
				fprintf(stderr, "microcred: --eqf: must be "
						"1..8, got 0\n");
			return EXIT_USAGE;
		}
		o->eqf_level = (int)n;
	}
	o->target_group = v[CLI_SEARCH_TARGET_GROUP];
	o->language = v[CLI_SEARCH_LANGUAGE];
	o->cluster = v[CLI_SEARCH_CLUSTER];
	o->organisation = v[CLI_SEARCH_ORG];
	if (v[CLI_SEARCH_STATUS]) {
		const char *s = v[CLI_SEARCH_STATUS];
		mc_status st;

		if (strcmp(s, "any") == 0) {
			o->status = -1;
		} else if (mc_status_parse(&st, s) < 0) {
			fprintf(stderr,
				"microcred: --status: unknown value '%s'; "
				"expected draft, in_review, approved, "
				"published, retired or any\n",
				s);
			return EXIT_USAGE;
		} else {
			o->status = (int)st;
		}
	}
	o->lang = v[CLI_SEARCH_LANG];
	if (v[CLI_SEARCH_LIMIT]) {
		if ((n = cli_number("limit", v[CLI_SEARCH_LIMIT],
				    MC_SEARCH_LIMIT_MAX)) < 0)
			return EXIT_USAGE;
		o->limit = (size_t)n;
	}
	if (v[CLI_SEARCH_OFFSET]) {
		if ((n = cli_number("offset", v[CLI_SEARCH_OFFSET],
				    100000000)) < 0)
			return EXIT_USAGE;
		o->offset = (size_t)n;
	}
	o->facets = v[CLI_SEARCH_FACETS] != NULL;
	if ((v[CLI_SEARCH_ECTS_MIN] &&
	     ects_option(&o->ects_min, "ects-min", v[CLI_SEARCH_ECTS_MIN]) <
		 0) ||
	    (v[CLI_SEARCH_ECTS_MAX] &&
	     ects_option(&o->ects_max, "ects-max", v[CLI_SEARCH_ECTS_MAX]) < 0))
		return EXIT_USAGE;
	return 0;
}

static int print_search(mc_store *store, const mc_search_result *r,
			const mc_search_options *o, int json)
{
	size_t i, j;

	if (json) {
		char *s = NULL;

		if (mc_search_result_to_json(&s, store, r, o->offset) < 0)
			return EXIT_USAGE;
		printf("%s\n", s);
		free(s);
		return 0;
	}
	printf("%zu result%s%s\n", r->total, r->total == 1 ? "" : "s",
	       r->count < r->total ? " (showing a page)" : "");
	for (i = 0; i < r->count; i++) {
		const mc_search_hit *h = &r->hits[i];

		printf("%-34s v%-2u %-10s %-2s EQF %d %-4s %s\n", h->id,
		       h->version, mc_status_name(h->status),
		       h->country ? h->country : "", h->eqf_level,
		       h->sector ? h->sector : "", h->title ? h->title : "");
	}
	if (r->facet_count)
		printf("\n");
	for (i = 0; i < r->facet_count; i++) {
		printf("%s:", r->facets[i].name);
		for (j = 0; j < r->facets[i].count; j++)
			printf(" %s (%zu)", r->facets[i].values[j].value,
			       r->facets[i].values[j].count);
		printf("\n");
	}
	return 0;
}

int cli_run_search(const cli_command *cmd, const cli_globals *g, int argc,
		   char **argv, int with_query)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (a.npos != with_query) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!with_query)
		o.status = -1;
	if ((rc = cli_search_fill(&o, &a)))
		return rc;
	o.query = with_query ? argv[0] : NULL;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_search(store, &r, &o)) < 0)
		rc = cli_fail(store, error);
	else
		rc = print_search(store, r, &o,
				  a.value[CLI_SEARCH_JSON] != NULL);
	mc_search_result_free(r);
	mc_store_free(store);
	return rc;
}

int cli_write_file(const char *path, const char *data, size_t len, int durable)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (!path || strcmp(path, "-") == 0) {
		ok = fwrite(data, 1, len, stdout) == len &&
		     fputc('\n', stdout) != EOF && fflush(stdout) == 0;
		return ok ? 0 : -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (!(f = fopen(tmp, "wb"))) {
		perror(tmp);
		return -1;
	}
	ok = fwrite(data, 1, len, f) == len && fputc('\n', f) != EOF &&
	     fflush(f) == 0 && (!durable || fsync(fileno(f)) == 0);
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		perror(path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int cli_read_file(char **out, size_t *len, const char *path, size_t max,
		  char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 0, n;
	char *buf = NULL, *p;
	int error = 0;

	*out = NULL;
	*len = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return MC_EIO;
	}
	for (;;) {
		if (*len + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			if (!(p = realloc(buf, cap))) {
				error = MC_ENOMEM;
				break;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, 65536, f);
		*len += n;
		if (*len > max) {
			snprintf(err, errlen,
				 "%s: larger than the limit of %zu "
				 "bytes",
				 path, max);
			error = MC_ETOOBIG;
			break;
		}
		if (n == 0) {
			if (ferror(f)) {
				snprintf(err, errlen, "%s: read error", path);
				error = MC_EIO;
			}
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (error < 0) {
		free(buf);
		*len = 0;
		return error;
	}
	buf[*len] = '\0';
	*out = buf;
	return 0;
}

/* Write the binary `data` exactly (no final newline) to standard output,
 * or atomically to `path` (a temporary file renamed over it).  Prints the
 * problem and returns -1 on failure. */
int cli_write_binary(const char *path, const unsigned char *data, size_t len)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (strcmp(path, "-") == 0) {
		ok = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
		if (!ok)
			perror("microcred: standard output");
		return ok ? 0 : -1;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path,
			     (long)getpid()) >= sizeof(tmp)) {
		fprintf(stderr, "microcred: --out: path too long\n");
		return -1;
	}
	if (!(f = fopen(tmp, "wb"))) {
		perror(tmp);
		return -1;
	}
	ok = fwrite(data, 1, len, f) == len && fflush(f) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		perror(path);
		unlink(tmp);
		return -1;
	}
	return 0;
}
