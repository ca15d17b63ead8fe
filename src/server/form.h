/*
 * HTML form bodies: application/x-www-form-urlencoded and
 * multipart/form-data (file uploads), parsed once per request into the
 * arena.  Names and values are checked: valid UTF-8 (for text fields), at
 * most SRV_FORM_FIELDS_MAX fields.
 */
#ifndef SRV_FORM_H
#define SRV_FORM_H

#include <stddef.h>

#include "http.h"

#define SRV_FORM_FIELDS_MAX 512

/**
 * Parse the request body as a form (once; later calls return the first
 * result).  Returns 0; MC_EINVALID for a body that is not a well-formed
 * form of its Content-Type or has invalid UTF-8 in a text field (the
 * reason, naming the field, in `err`); MC_EUSAGE when the Content-Type is
 * not a form type.
 */
int srv_form_parse(srv_req *req, char *err, size_t errlen);

/** Value of text field `name` (the first, if repeated), or NULL. */
const char *srv_form_get(srv_req *req, const char *name);

/** Every value of a repeated field, in order; *n gets the count. */
const char **srv_form_get_all(srv_req *req, const char *name, size_t *n);

/** An uploaded file field: its bytes (not NUL-terminated), length and
 * the client's file name (may be NULL).  Returns 0 or MC_ENOTFOUND. */
int srv_form_file(srv_req *req, const char *name, const char **data,
		  size_t *len, const char **filename);

/*
 * The parsers themselves, for the fuzz target: parse `body` of
 * `content_type` into arena memory; returns as srv_form_parse().
 */
struct srv_form;
int srv_form_parse_buffer(struct srv_form **out, srv_arena *arena,
			  const char *content_type, const char *body,
			  size_t len, char *err, size_t errlen);

#endif
