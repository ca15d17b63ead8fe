/*
 * Shared command-line helpers: option parsing, opening the store,
 * reporting errors and problems.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_usage(FILE *f, const cli_command *cmd)
{
	fprintf(f, "usage: microcred [--db PATH] %s%s%s\n%s\n", cmd->name,
		*cmd->args ? " " : "", cmd->args, cmd->summary);
	if (cmd->help)
		fprintf(f, "\n%s", cmd->help);
}

static int find_option(const char *const *spec, const char *name, size_t n,
		       int *takes_value)
{
	int i;

	for (i = 0; spec && spec[i]; i++) {
		size_t len = strcspn(spec[i], "=");

		if (len == n && strncmp(spec[i], name, n) == 0) {
			*takes_value = spec[i][len] == '=';
			return i;
		}
	}
	return -1;
}

int cli_parse(const cli_command *cmd, int argc, char **argv,
	      const char *const *spec, const char **values, int *npos,
	      int *help)
{
	int i, n = 0, only_positional = 0;

	*help = 0;
	for (i = 0; spec && spec[i]; i++)
		values[i] = NULL;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq;
		int k, takes_value;

		if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
			argv[n++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli_usage(stdout, cmd);
			*help = 1;
			return 0;
		}
		if (strncmp(arg, "--", 2) != 0) {
			fprintf(stderr, "microcred %s: unknown option '%s'\n",
				cmd->name, arg);
			goto usage;
		}
		arg += 2;
		eq = strchr(arg, '=');
		k = find_option(spec, arg,
				eq ? (size_t)(eq - arg) : strlen(arg),
				&takes_value);
		if (k < 0) {
			fprintf(stderr, "microcred %s: unknown option '--%s'\n",
				cmd->name, arg);
			goto usage;
		}
		if (!takes_value) {
			if (eq) {
				fprintf(stderr,
					"microcred %s: --%.*s takes no value\n",
					cmd->name, (int)(eq - arg), arg);
				goto usage;
			}
			values[k] = "";
		} else if (eq) {
			values[k] = eq + 1;
		} else if (i + 1 < argc) {
			values[k] = argv[++i];
		} else {
			fprintf(stderr, "microcred %s: --%s needs a value\n",
				cmd->name, arg);
			goto usage;
		}
	}
	*npos = n;
	return 0;

usage:
	cli_usage(stderr, cmd);
	return EXIT_USAGE;
}

mc_store *cli_open(const cli_globals *g)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	mc_store *store = NULL;
	char *msg = NULL;
	int error;

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

const char *const cli_search_spec[] = {
    "country=",	 "sector=",   "eqf=",	   "target-group=",
    "language=", "cluster=",  "org=",	   "status=",
    "lang=",	 "limit=",    "offset=",   "facets",
    "json",	 "ects-min=", "ects-max=", NULL,
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

int cli_search_options(mc_search_options *o, const char **v)
{
	long n;

	o->country = v[0];
	o->sector = v[1];
	if (v[2]) {
		if ((n = cli_number("eqf", v[2], 8)) < 1) {
			if (n == 0)
				fprintf(stderr, "microcred: --eqf: must be "
						"1..8, got 0\n");
			return EXIT_USAGE;
		}
		o->eqf_level = (int)n;
	}
	o->target_group = v[3];
	o->language = v[4];
	o->cluster = v[5];
	o->organisation = v[6];
	if (v[7]) {
		mc_status st;

		if (strcmp(v[7], "any") == 0) {
			o->status = -1;
		} else if (mc_status_parse(&st, v[7]) < 0) {
			fprintf(stderr,
				"microcred: --status: unknown value '%s'; "
				"expected draft, in_review, approved, "
				"published, retired or any\n",
				v[7]);
			return EXIT_USAGE;
		} else {
			o->status = (int)st;
		}
	}
	o->lang = v[8];
	if (v[9]) {
		if ((n = cli_number("limit", v[9], MC_SEARCH_LIMIT_MAX)) < 0)
			return EXIT_USAGE;
		o->limit = (size_t)n;
	}
	if (v[10]) {
		if ((n = cli_number("offset", v[10], 100000000)) < 0)
			return EXIT_USAGE;
		o->offset = (size_t)n;
	}
	o->facets = v[11] != NULL;
	if ((v[13] && ects_option(&o->ects_min, "ects-min", v[13]) < 0) ||
	    (v[14] && ects_option(&o->ects_max, "ects-max", v[14]) < 0))
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
	const char *v[CLI_SEARCH_NOPTS];
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse(cmd, argc, argv, cli_search_spec, v, &npos,
			    &help)) ||
	    help)
		return rc;
	if (npos != with_query) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!with_query)
		o.status = -1;
	if ((rc = cli_search_options(&o, v)))
		return rc;
	o.query = with_query ? argv[0] : NULL;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_search(store, &r, &o)) < 0)
		rc = cli_fail(store, error);
	else
		rc = print_search(store, r, &o, v[12] != NULL);
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
