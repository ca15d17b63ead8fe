/*
 * The verify page's parts (pages_verify*.c): a verification report in the
 * reader's language (pages_verify_report.c), dates as the reader's
 * language writes them (pages_verify_date.c), and the form's inputs read
 * into one credential (pages_verify_input.c).
 */
#ifndef SRV_PAGES_VERIFY_H
#define SRV_PAGES_VERIFY_H

#include <stddef.h>

#include "html.h"
#include "http.h"
#include "microcred/credential.h"

/** Longest owner name and credential URL the form takes, in bytes. */
#define SRV_VERIFY_OWNER_MAX 200
#define SRV_VERIFY_URL_MAX   2048

/**
 * Report `r` for people, in the reader's language: the verdict by name
 * with a sign and a sentence (why, for a verdict that is not "valid";
 * what is missing and what would settle it, for "cannot tell"), then,
 * with `with_about`, what was verified (learner, title, level, credits,
 * the issuer and how its name is bound, the issue date, the credential's
 * page), then every check with its result and reason.  Appended to `h`.
 */
void srv__verify_report_html(srv_html *h, srv_req *req,
			     const mc_verify_report *r, int with_about);

/** How srv__verify_date() shows a date-time. */
enum srv__date_style {
	SRV__DATE_ONLY, /**< the date as written (the writer's own day) */
	SRV__DATE_AUTO, /**< with the time in UTC unless it is midnight */
	SRV__DATE_TIME	/**< with the time in UTC */
};

/**
 * `value`, an RFC 3339 date ("2026-12-07") or date-time, as the reader's
 * language writes a date ("7 грудня 2026", "7. Dezember 2026"), with the
 * time in UTC as `style` says ("7 December 2026, 14:05 UTC"; the date is
 * then UTC's too).  In the request's arena; `value` itself when it is no
 * such date (or out of memory).
 */
const char *srv__verify_date(srv_req *req, const char *value,
			     enum srv__date_style style);

/**
 * `text`, a UI string with "{name}" placeholders, with each replaced by
 * the value of pair `names[i]`, `values[i]` (`n` pairs); in the arena.
 * Plain text: the caller escapes it.  `text` itself when out of memory.
 */
const char *srv__verify_fill(srv_req *req, const char *text,
			     const char *const *names,
			     const char *const *values, size_t n);

/** One credential read from the form, and what it came as. */
struct srv__verify_input {
	const char *data; /**< the credential's bytes (arena or request) */
	size_t len;
	const char *file;   /**< the uploaded file's name, or NULL */
	const char *url;    /**< the URL it was read from, or NULL */
	const char *source; /**< what carried it, for the page: the UI key
			       "verify.from.pdf", ".image", ".file" or
			       ".url"; NULL for pasted text */
	const char *owner;  /**< the owner field, trimmed; NULL when empty */
};

/**
 * Read the verify form of `req` (parsed already) into `in`: exactly one of
 * the file, the pasted text and the URL (a file or text is unwrapped from
 * a PDF, PNG or SVG carrier; a URL is looked up in the store when ours,
 * else fetched when `network`), and the owner.  Returns 0; or -1 with the
 * answer's status in *status and a message for the reader, naming the
 * field, in *message (arena).
 */
int srv__verify_input(srv_req *req, struct srv__verify_input *in, int network,
		      unsigned *status, const char **message);

#endif
