/*
 * UI languages (see i18n.h).  Placeholder: English keys only.
 */
#include "i18n.h"

static const char *const langs[] = {"en"};

const char *mc_req_lang(mc_req *req)
{
	(void)req;
	return "en";
}

const char *mc_t(mc_req *req, const char *key)
{
	(void)req;
	return key;
}

const char *const *mc_i18n_languages(size_t *n)
{
	*n = 1;
	return langs;
}

const char *mc_i18n_native_name(const char *lang)
{
	return lang;
}
