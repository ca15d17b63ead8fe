/*
 * The UI's languages: message catalogues web/i18n/LANG.json (a flat
 * object {"key": "text"}), built into the server.  Adding a language is
 * adding a file.  MC content (titles, outcomes ...) has its own languages
 * in the records; srv_req_lang() picks both.
 */
#ifndef SRV_I18N_H
#define SRV_I18N_H

#include <stddef.h>

#include "http.h"

/**
 * The reader's language, chosen once per request: ?lang=, then the "lang"
 * cookie, then Accept-Language, then "en".  Always one of the UI
 * languages (srv_i18n_languages()).
 */
const char *srv_req_lang(srv_req *req);

/** The UI string `key` in the request's language, else English, else the
 * key itself (never NULL). */
const char *srv_t(srv_req *req, const char *key);

/** The UI languages, sorted, "en" among them; *n gets the count. */
const char *const *srv_i18n_languages(size_t *n);

/** The language's own name ("Українська") for the switch. */
const char *srv_i18n_native_name(const char *lang);

#endif
