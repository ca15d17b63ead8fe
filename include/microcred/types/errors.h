/*
 * microcred - error codes and problem lists.
 *
 * Every library function that can fail returns an int: 0 on success or a
 * negative MC_E* code.  A human message naming the field and the reason rides
 * on the handle the function was called with (mc_store_errmsg()).  Functions
 * that check a whole record at once (validation, import) also fill an
 * mc_problems list so that every problem of a record is reported, not only
 * the first.
 */
#ifndef MICROCRED_TYPES_ERRORS_H
#define MICROCRED_TYPES_ERRORS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Library error codes; always negative, 0 is success. */
typedef enum {
	MC_OK = 0,
	MC_ENOMEM = -1,	     /**< allocation failed */
	MC_EINVALID = -2,    /**< input rejected: see the message / problems */
	MC_ENOTFOUND = -3,   /**< no such record */
	MC_EEXISTS = -4,     /**< record already exists */
	MC_EIO = -5,	     /**< file could not be read or written */
	MC_EDB = -6,	     /**< database error */
	MC_ESTATE = -7,	     /**< operation not allowed in the record's state */
	MC_ETOOBIG = -8,     /**< input exceeds a documented size limit */
	MC_EVERSION = -9,    /**< database is newer than this program */
	MC_ENOTOURS = -10,   /**< file is not a microcred database */
	MC_EUSAGE = -11,     /**< caller passed bad arguments */
	MC_EBADSIG = -12,    /**< signature does not verify (credentials) */
	MC_EREVOKED = -13,   /**< credential revoked (credentials) */
	MC_EFORBIDDEN = -14, /**< caller may not do this */
	MC_ENOTSUP = -15,    /**< not available on this backend or build */
	MC_ERETRY = -16	     /**< conflicting concurrent writer: try again */
} mc_error;

/**
 * Short English name of an error code ("not found", "invalid input").
 * Never NULL; unknown codes give "unknown error".
 */
const char *mc_error_str(int code);

/**
 * The exit code a command-line front door uses for an error code:
 * 0 for MC_OK, 1 for rejected input (MC_EINVALID, MC_ENOTFOUND, MC_EEXISTS,
 * MC_ESTATE, MC_ETOOBIG, MC_EBADSIG, MC_EREVOKED, MC_EFORBIDDEN), 2 for usage
 * and system errors.
 */
int mc_error_exit_code(int code);

/** The HTTP status a server front door answers for an error code. */
int mc_error_http_status(int code);

/** One problem found in a record. */
typedef struct {
	char
	    *where; /**< source: "demo.json record 3 (id ua-weld)", may be "" */
	char *field;  /**< field path: "learning_outcomes[2].text", or "" */
	char *reason; /**< why: "must be 1..8, got 9" */
} mc_problem;

/** A growable list of problems; zero-initialise with MC_PROBLEMS_INIT.
 * `count` are kept in `items`; `found` counts every problem added, those
 * past MC_PROBLEMS_MAX too: whether a step found a problem is decided by
 * `found`, never by `count`, which stops growing. */
typedef struct {
	mc_problem *items;
	size_t count;
	size_t alloc;
	size_t found;
} mc_problems;

#define MC_PROBLEMS_INIT                                                       \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/** At most this many problems are kept; later ones are counted, not kept. */
#define MC_PROBLEMS_MAX 1000

/**
 * Append a problem.  `where` and `field` may be NULL.  The reason is a
 * printf format.  Returns 0 or MC_ENOMEM.  Past MC_PROBLEMS_MAX entries the
 * problem is dropped and 0 returned.
 */
int mc_problems_add(mc_problems *list, const char *where, const char *field,
		    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/**
 * Format problem `i` as "where: field: reason" into a fresh string the
 * caller frees, or NULL on allocation failure.
 */
char *mc_problem_format(const mc_problem *p);

/** Free every entry and reset the list to empty.  NULL-safe. */
void mc_problems_clear(mc_problems *list);

#ifdef __cplusplus
}
#endif

#endif
