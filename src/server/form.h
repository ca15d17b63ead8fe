/*
 * HTML form bodies: application/x-www-form-urlencoded and
 * multipart/form-data (file uploads), parsed once per request into the
 * arena.  Names and values are checked: valid UTF-8 (for text fields), at
 * most MC_FORM_FIELDS_MAX fields.
 */
#ifndef MC_SERVER_FORM_H
#define MC_SERVER_FORM_H

#include <stddef.h>

#include "http.h"

#define MC_FORM_FIELDS_MAX 512

/**
 * Parse the request body as a form (once; later calls return the first
 * result).  Returns 0; MC_EINVALID for a body that is not a well-formed
 * form of its Content-Type or has invalid UTF-8 in a text field (the
 * reason, naming the field, in `err`); MC_EUSAGE when the Content-Type is
 * not a form type.
 */
int mc_form_parse(mc_req *req, char *err, size_t errlen);

/** Value of text field `name` (the first, if repeated), or NULL. */
const char *mc_form_get(mc_req *req, const char *name);

/** Every value of a repeated field, in order; *n gets the count. */
const char **mc_form_get_all(mc_req *req, const char *name, size_t *n);

/** An uploaded file field: its bytes (not NUL-terminated), length and
 * the client's file name (may be NULL).  Returns 0 or MC_ENOTFOUND. */
int mc_form_file(mc_req *req, const char *name, const char **data, size_t *len,
		 const char **filename);

/*
 * The parsers themselves, for the fuzz target: parse `body` of
 * `content_type` into arena memory; returns as mc_form_parse().
 */
struct mc_form;
int mc_form_parse_buffer(struct mc_form **out, mc_arena *arena,
			 const char *content_type, const char *body, size_t len,
			 char *err, size_t errlen);

#endif
