/*
 * The command line's shared pieces: the command table entry (tmux's
 * cmd_entry), the global options every command sees, and helpers for
 * opening the store and reporting errors.  Commands hold no business
 * logic: they parse arguments, call the library and print.
 */
#ifndef MC_CLI_H
#define MC_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "microcred/microcred.h"

/** Exit codes: 0 ok, 1 input rejected, 2 usage or system error. */
#define EXIT_REJECTED 1
#define EXIT_USAGE    2

/** Options given before the command. */
typedef struct {
	const char *db; /**< --db, $MICROCRED_DB, or "microcred.db" */
	const char *argv0;
} cli_globals;

/** One command: "mc import", "search". */
typedef struct {
	const char *name;    /**< one or two words */
	const char *args;    /**< usage after the name */
	const char *summary; /**< one line */
	const char *help;    /**< options, one per line, or NULL */
	/** Run with argv[0] = the last word of the name.  Returns an exit
	 * code. */
	int (*run)(const cli_globals *g, int argc, char **argv);
} cli_command;

/** NULL-terminated table of every command (main.c). */
extern const cli_command *const cli_commands[];

/** Print "usage: microcred NAME ARGS" and the help text to `f`. */
void cli_usage(FILE *f, const cli_command *cmd);

/**
 * Parse argv for a command.  `spec` lists long options as "name" for a
 * flag or "name=" for one that takes a value; results go to `values`
 * (NULL when absent, "" for a flag given) in spec order.  Positional
 * arguments are compacted to the front of argv; their count goes to
 * *npos.  --help prints usage and gives 0 with *help set.  On a bad
 * option prints the problem and usage to stderr, returns EXIT_USAGE.
 */
int cli_parse(const cli_command *cmd, int argc, char **argv,
	      const char *const *spec, const char **values, int *npos,
	      int *help);

/** Open the store; on failure print the reason and return NULL. */
mc_store *cli_open(const cli_globals *g);

/** Print the store's message for `error` and return the exit code. */
int cli_fail(mc_store *store, int error);

/** Print every problem, one per line, to stderr. */
void cli_print_problems(const mc_problems *p);

/**
 * Write `data` to `path` atomically (a temporary file renamed over it, so
 * no reader ever sees half a file; with `durable` fsync'd first), or to
 * standard output when `path` is NULL or "-", with a final newline.
 * Prints the problem and returns -1 on failure.
 */
int cli_write_file(const char *path, const char *data, size_t len, int durable);
#define cli_write_output(path, data, len) cli_write_file(path, data, len, 1)

/** Write binary `data` exactly (no final newline) to standard output
 * ("-") or atomically to `path`.  Prints the problem and returns -1 on
 * failure. */
int cli_write_binary(const char *path, const unsigned char *data, size_t len);

/**
 * Read a whole file ("-": standard input) of at most `max` bytes into a
 * NUL-terminated buffer the caller frees.  Returns 0, or MC_EIO /
 * MC_ETOOBIG / MC_ENOMEM with the reason in `err`.
 */
int cli_read_file(char **out, size_t *len, const char *path, size_t max,
		  char *err, size_t errlen);

/** Parse a non-negative integer option; prints and returns -1 if bad. */
long cli_number(const char *option, const char *value, long max);

#endif

/** Options shared by `search` and `mc list`, in this order:
 * country= sector= eqf= target-group= language= cluster= org= status=
 * lang= limit= offset= facets json ects-min= ects-max=. */
extern const char *const cli_search_spec[];
#define CLI_SEARCH_NOPTS 15
#define CLI_SEARCH_HELP                                                        \
	"  --country CC        issuer country (ISO 3166-1 alpha-2)\n"          \
	"  --sector CODE       ISCED-F field; '07' matches all of 07xx\n"      \
	"  --eqf N             EQF level 1..8\n"                               \
	"  --ects-min N        at least N ECTS credits\n"                      \
	"  --ects-max N        at most N ECTS credits\n"                       \
	"  --target-group G    adults, unemployed, idps, returnees, ...\n"     \
	"  --language TAG      MCs with text in this language\n"               \
	"  --cluster ID        members of a cluster\n"                         \
	"  --org ID            provider or awarding body\n"                    \
	"  --status S          draft, in_review, approved, published, "        \
	"retired, any\n"                                                       \
	"  --lang TAG          show titles in this language\n"                 \
	"  --limit N           at most N results (default 20, max 1000)\n"     \
	"  --offset N          skip the first N results\n"                     \
	"  --facets            count results per country, sector, ...\n"       \
	"  --json              machine-readable output\n"

/** Fill search options from values parsed with cli_search_spec.  Prints
 * the problem and returns EXIT_USAGE for a bad value. */
int cli_search_options(mc_search_options *o, const char **v);

/**
 * Run a search command: with `with_query` one positional QUERY and only
 * published MCs by default (search); without, no positional argument and
 * every status by default (mc list).  Prints a table or JSON.
 */
int cli_run_search(const cli_command *cmd, const cli_globals *g, int argc,
		   char **argv, int with_query);
