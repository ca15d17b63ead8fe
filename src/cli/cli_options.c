/*
 * Command-line options from one table per command (cli_option): the parser
 * and the --help text both read it, so what a command accepts and what
 * its help lists cannot differ.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Options whose "--name METAVAR" is wider than this get their help on the
 * next line; the others share one column. */
#define NAME_WIDTH_MAX 22
/* Help text is wrapped to end before this column. */
#define LINE_WIDTH 80

/* A table that could mislead the parser (a hole left by a designated
 * initializer, a name given twice, too many entries) is a programming
 * error: say which and abort, so the tests that run every command's
 * --help find it. */
static void check_table(const char *who, const cli_option *o, size_t n)
{
	size_t i, j;

	if (n > CLI_OPTIONS_MAX) {
		fprintf(stderr,
			"microcred %s: internal error: %zu options, "
			"more than CLI_OPTIONS_MAX\n",
			who ? who : "", n);
		abort();
	}
	for (i = 0; i < n; i++) {
		if (!o[i].name || !*o[i].name || !o[i].help) {
			fprintf(stderr,
				"microcred %s: internal error: option %zu of "
				"the table has no name or no help\n",
				who ? who : "", i);
			abort();
		}
		for (j = 0; j < i; j++)
			if (strcmp(o[i].name, o[j].name) == 0) {
				fprintf(stderr,
					"microcred %s: internal error: --%s "
					"is in the table twice\n",
					who ? who : "", o[i].name);
				abort();
			}
	}
}

static size_t name_width(const cli_option *o)
{
	return 2 + strlen(o->name) + (o->metavar ? 1 + strlen(o->metavar) : 0);
}

/* Write `text` from column `col` on (the cursor is there), wrapped at
 * word boundaries before LINE_WIDTH; continuation lines start at `col`. */
static void put_wrapped(FILE *f, const char *text, size_t col)
{
	size_t room = LINE_WIDTH - 1 > col + 20 ? LINE_WIDTH - 1 - col : 20;
	size_t used = 0;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (used && used + 1 + word > room) {
			fprintf(f, "\n%*s", (int)col, "");
			used = 0;
		}
		if (used) {
			fputc(' ', f);
			used++;
		}
		fwrite(text, 1, word, f);
		used += word;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

void cli_print_options(FILE *f, const cli_option *options, size_t n)
{
	size_t i, width = 0, col;

	check_table(NULL, options, n);
	for (i = 0; i < n; i++) {
		size_t w = name_width(&options[i]);

		if (w <= NAME_WIDTH_MAX && w > width)
			width = w;
	}
	col = 2 + width + 2;
	for (i = 0; i < n; i++) {
		const cli_option *o = &options[i];
		size_t w = name_width(o);

		fprintf(f, "  --%s%s%s", o->name, o->metavar ? " " : "",
			o->metavar ? o->metavar : "");
		if (w > width)
			fprintf(f, "\n%*s", (int)col, "");
		else
			fprintf(f, "%*s", (int)(col - 2 - w), "");
		put_wrapped(f, o->help, col);
	}
}

void cli_usage(FILE *f, const cli_command *cmd)
{
	fprintf(f, "usage: microcred [--db PATH] %s%s%s\n%s\n", cmd->name,
		*cmd->args ? " " : "", cmd->args, cmd->summary);
	if (cmd->intro)
		fprintf(f, "\n%s", cmd->intro);
	if (cmd->noptions) {
		fprintf(f, "\nOptions:\n");
		cli_print_options(f, cmd->options, cmd->noptions);
	}
	if (cmd->notes)
		fprintf(f, "\n%s", cmd->notes);
}

static void problem(const char *who, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "microcred%s%s: ", who ? " " : "", who ? who : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_parse_options(cli_args *out, const char *who, const cli_option *options,
		      size_t n, int argc, char **argv, int stop_at_positional,
		      int *next)
{
	int i, npos = 0, only_positional = 0;

	memset(out, 0, sizeof(*out));
	check_table(who, options, n);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq;
		size_t len, k;

		if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (stop_at_positional)
				break;
			argv[npos++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_positional = 1;
			if (stop_at_positional) {
				i++;
				break;
			}
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			out->help = 1;
			break;
		}
		if (strncmp(arg, "--", 2) != 0) {
			problem(who, "unknown option '%s'", arg);
			return EXIT_USAGE;
		}
		arg += 2;
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		for (k = 0; k < n; k++)
			if (strncmp(options[k].name, arg, len) == 0 &&
			    options[k].name[len] == '\0')
				break;
		if (k == n) {
			problem(who, "unknown option '--%.*s'", (int)len, arg);
			return EXIT_USAGE;
		}
		if (out->value[k]) {
			problem(who, "--%s given more than once",
				options[k].name);
			return EXIT_USAGE;
		}
		if (!options[k].metavar) {
			if (eq) {
				problem(who, "--%s takes no value",
					options[k].name);
				return EXIT_USAGE;
			}
			out->value[k] = "";
		} else if (eq) {
			out->value[k] = eq + 1;
		} else if (i + 1 < argc) {
			out->value[k] = argv[++i];
		} else {
			problem(who, "--%s needs a value (%s)", options[k].name,
				options[k].metavar);
			return EXIT_USAGE;
		}
	}
	out->npos = npos;
	if (next)
		*next = i;
	return 0;
}

int cli_parse(cli_args *out, const cli_command *cmd, int argc, char **argv)
{
	int rc = cli_parse_options(out, cmd->name, cmd->options, cmd->noptions,
				   argc, argv, 0, NULL);

	if (rc) {
		cli_usage(stderr, cmd);
		return rc;
	}
	if (out->help)
		cli_usage(stdout, cmd);
	return 0;
}
