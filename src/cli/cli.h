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
	/** --master-key-file, or NULL ($MICROCRED_MASTER_KEY_FILE, else for
	 * SQLite "<db>.key"; see mc_store_options) */
	const char *master_key_file;
	const char *argv0;
} cli_globals;

/**
 * One long option of a command: the single place that declares it, from
 * which both parsing (cli_parse) and --help (cli_usage) come.  A command
 * keeps its options in a table indexed by an enum of its own, with
 * designated initializers, and checks the two agree with
 * CLI_OPTIONS_CHECK:
 *
 *     enum { OPT_ORG, OPT_JSON, OPT_COUNT };
 *     static const cli_option options[] = {
 *         [OPT_ORG] = {"org", "ORG", "of one organisation"},
 *         [OPT_JSON] = {"json", NULL, "machine-readable output"},
 *     };
 *     CLI_OPTIONS_CHECK(options, OPT_COUNT);
 *
 * and reads what was given as args.value[OPT_ORG], never by a number.
 * Each option may be given once.
 */
typedef struct {
	const char *name;    /**< without the leading "--" */
	const char *metavar; /**< the value's placeholder; NULL: a flag */
	const char *help;    /**< one sentence, no newline; cli_usage wraps */
} cli_option;

/** The most options a command may have (cli_args.value's size). */
#define CLI_OPTIONS_MAX 24

/** Compile-time check that `table` has exactly `count` entries (its
 * enum's last member) and fits cli_args. */
#define CLI_OPTIONS_CHECK(table, count)                                        \
	_Static_assert(sizeof(table) / sizeof((table)[0]) == (count) &&        \
			   (count) <= CLI_OPTIONS_MAX,                         \
		       #table " does not match its enum")

/** `.options` and `.noptions` of a cli_command from one table. */
#define CLI_OPTIONS(table)                                                     \
	.options = (table), .noptions = sizeof(table) / sizeof((table)[0])

/** One command: "mc import", "search".  Fill it with designated
 * initializers. */
typedef struct {
	const char *name;    /**< one or two words */
	const char *args;    /**< synopsis after the name */
	const char *summary; /**< one line */
	const char *notes;   /**< text after the options, or NULL */
	/** Run with argv[0] = the last word of the name.  Returns an exit
	 * code. */
	int (*run)(const cli_globals *g, int argc, char **argv);
	const char *intro;	   /**< text before the options, or NULL */
	const cli_option *options; /**< its options, or NULL */
	size_t noptions;	   /**< entries of `options` */
} cli_command;

/** NULL-terminated table of every command (main.c). */
extern const cli_command *const cli_commands[];

/** What cli_parse found. */
typedef struct {
	/** By the command's option enum: NULL when absent, "" for a flag
	 * given, else the value. */
	const char *value[CLI_OPTIONS_MAX];
	int npos; /**< positional arguments, moved to argv[0..npos) */
	int help; /**< --help was given and the usage printed */
} cli_args;

/**
 * Print "usage: microcred NAME ARGS", the summary, the intro, the options
 * of the command's table (name, placeholder and help in aligned columns,
 * wrapped at 80) and the notes to `f`.
 */
void cli_usage(FILE *f, const cli_command *cmd);

/** Print the rows of an option table as cli_usage does, for main's own
 * --help. */
void cli_print_options(FILE *f, const cli_option *options, size_t n);

/**
 * Parse argv (argv[0] the command's last word) against cmd->options into
 * `out`.  "--name VALUE" and "--name=VALUE" give a value, "--" ends the
 * options, "-" is positional; positional arguments are compacted to the
 * front of argv.  --help or -h prints the usage to stdout and gives 0
 * with out->help set.  An unknown option, a missing value, a value given
 * to a flag or an option given twice prints the problem, naming the
 * option, and the usage to stderr, and returns EXIT_USAGE.
 */
int cli_parse(cli_args *out, const cli_command *cmd, int argc, char **argv);

/**
 * The parser under cli_parse, for main's global options: as cli_parse,
 * but prints only the problem (prefixed "microcred WHO: ", or
 * "microcred: " when `who` is NULL), not the usage, and prints nothing
 * for --help.  With `stop_at_positional` it stops at the first
 * positional argument, leaves argv as it is and puts that argument's
 * index (argc when none) in *next.
 */
int cli_parse_options(cli_args *out, const char *who, const cli_option *options,
		      size_t n, int argc, char **argv, int stop_at_positional,
		      int *next);

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

/** The --cryptosuite row of the commands that issue OB 3.0 credentials
 * (put it in the command's option table). */
#define CLI_CRYPTOSUITE_OPTION                                                 \
	{                                                                      \
		"cryptosuite", "NAME",                                         \
		    "OB 3.0 signature: eddsa-rdfc-2022 (most wallets and "     \
		    "1EdTech accept it), eddsa-jcs-2022 (simpler, some "       \
		    "wallets refuse it), ecdsa-rdfc-2019 or ecdsa-jcs-2019 "   \
		    "(the organisation's P-256 key); default: the "            \
		    "platform's (`config cryptosuite`), eddsa-rdfc-2022 "      \
		    "unless set"                                               \
	}

/**
 * The cryptosuite `value` names (--cryptosuite NAME) into *out: NULL when
 * not given, the platform's default.  An unknown name prints the problem
 * and the names allowed (mc_cryptosuites), prefixed "microcred WHAT: "
 * ("issue: --cryptosuite"), and returns EXIT_USAGE; else 0.
 */
int cli_cryptosuite(const char **out, const char *what, const char *value);

/** Options shared by `search` and `mc list`, by their index in
 * cli_search_options. */
enum {
	CLI_SEARCH_COUNTRY,
	CLI_SEARCH_SECTOR,
	CLI_SEARCH_EQF,
	CLI_SEARCH_ECTS_MIN,
	CLI_SEARCH_ECTS_MAX,
	CLI_SEARCH_TARGET_GROUP,
	CLI_SEARCH_LANGUAGE,
	CLI_SEARCH_CLUSTER,
	CLI_SEARCH_ORG,
	CLI_SEARCH_STATUS,
	CLI_SEARCH_LANG,
	CLI_SEARCH_LIMIT,
	CLI_SEARCH_OFFSET,
	CLI_SEARCH_FACETS,
	CLI_SEARCH_JSON,
	CLI_SEARCH_NOPTS
};
extern const cli_option cli_search_options[CLI_SEARCH_NOPTS];

/** Fill `o` from `a`, parsed with cli_search_options.  Prints the problem
 * and returns EXIT_USAGE for a bad value. */
int cli_search_fill(mc_search_options *o, const cli_args *a);

/**
 * Run a search command: with `with_query` one positional QUERY and only
 * published MCs by default (search); without, no positional argument and
 * every status by default (mc list).  Prints a table or JSON.
 */
int cli_run_search(const cli_command *cmd, const cli_globals *g, int argc,
		   char **argv, int with_query);

#endif
