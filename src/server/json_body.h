/*
 * JSON request bodies for the write handlers: the Content-Type check, the
 * parse (with the position of a syntax error), and typed fields that
 * answer 400 naming the field when the type is wrong.  Unknown fields are
 * ignored by design: clients may send more than a handler reads.
 */
#ifndef SRV_JSON_BODY_H
#define SRV_JSON_BODY_H

#include <jansson.h>

#include "http.h"

/** A 400 problem naming `field` and `reason` (also in "errors"). */
int srv_body_bad(srv_resp *resp, const char *field, const char *reason);

/**
 * The request body as a JSON object (a new reference, caller decrefs).
 * NULL with `resp` filled: 415 when the Content-Type is not
 * application/json, 400 "body: malformed JSON at line L column C
 * (position P): ..." or "body: must be a JSON object".
 */
json_t *srv_body_object(srv_req *req, srv_resp *resp);

/*
 * Typed fields of `obj`.  Each returns 1 when present (with *out set), 0
 * when absent (or JSON null; *out untouched), or -1 after answering 400
 * "FIELD: must be a ..." (or "FIELD: required" when `required` is set and
 * the field is absent).  Strings point into `obj`.
 */
int srv_body_string(srv_resp *resp, json_t *obj, const char *field,
		    const char **out, int required);
int srv_body_bool(srv_resp *resp, json_t *obj, const char *field, int *out,
		  int required);
/** An integer within min..max. */
int srv_body_uint(srv_resp *resp, json_t *obj, const char *field, unsigned *out,
		  unsigned min, unsigned max, int required);
/**
 * An array of strings joined with commas into `buf` ("designer,issuer"),
 * for the library's *_parse functions; -1 (400) when an item is not a
 * string, contains a comma, or the whole does not fit.
 */
int srv_body_string_list(srv_resp *resp, json_t *obj, const char *field,
			 char *buf, size_t len, int required);

#endif
