/*
 * The MC editor's form, shared by workspace_mc.c only: the Annex I fields
 * as strings, read from a record's JSON form or from a POSTed form,
 * applied back onto a record, and rendered with each problem beside its
 * field.  Select options and checkboxes submit the vocabulary codes and
 * show their labels in the reader's language.
 */
#ifndef SRV_WORKSPACE_EDITOR_H
#define SRV_WORKSPACE_EDITOR_H

#include <stddef.h>

#include "html.h"
#include "http.h"

/* What the form shows, as strings (arena or borrowed; never NULL once
 * filled, except `groups` when `ngroups` is 0). */
typedef struct {
	const char *id, *provider, *lang, *title, *description;
	const char *lo[3]; /* knowledge, skills, responsibility: lines */
	const char *eqf, *ects, *hours, *assessment, *mode, *qa_type, *qa_body;
	const char *languages, *sector, *licence;
	const char **groups;
	size_t ngroups;
} srv_ws_mcform;

/* A problem mapped to the form's input that shows it. */
typedef struct {
	const char *input;  /* form field, or NULL: shown at the top only */
	const char *field;  /* the record's field path ("" when none) */
	const char *reason; /* why, without the path */
} srv_ws_err;

typedef struct {
	srv_ws_err *items;
	size_t count;
} srv_ws_errs;

/** The form's values from record `rec` (JSON form), texts in `lang`. */
void srv_ws_form_from_json(srv_ws_mcform *out, srv_req *req, const json_t *rec,
			   const char *lang);

/** The form's values as posted (srv_ws_form() parsed the body). */
void srv_ws_form_from_post(srv_ws_mcform *out, srv_req *req);

/**
 * Apply form `f` to `rec`, a copy of `stored` (the stored record, or an
 * empty object when `is_new`): fields the form does not show are kept.
 */
void srv_ws_form_apply(json_t *rec, srv_req *req, const srv_ws_mcform *f,
		       const json_t *stored, int is_new);

/** Add a problem of record field `field` (NULL: general); copies both. */
void srv_ws_errs_add(srv_ws_errs *e, srv_req *req, const char *field,
		     const char *reason);

/**
 * The editor: a summary of `e` at the top (naming each field by its
 * label where known), then the form posting to `action` with each
 * problem's reason beside its field.
 */
void srv_ws_editor(srv_html *h, srv_req *req, const srv_ws_mcform *f,
		   const srv_ws_errs *e, int is_new, const char *action);

#endif
