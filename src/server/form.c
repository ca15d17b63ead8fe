/*
 * Form bodies (see form.h).  Placeholder.
 */
#include "form.h"

int mc_form_parse(mc_req *req, char *err, size_t errlen)
{
	(void)req;
	(void)err;
	(void)errlen;
	return MC_EUSAGE;
}

const char *mc_form_get(mc_req *req, const char *name)
{
	(void)req;
	(void)name;
	return NULL;
}

const char **mc_form_get_all(mc_req *req, const char *name, size_t *n)
{
	(void)req;
	(void)name;
	*n = 0;
	return NULL;
}

int mc_form_file(mc_req *req, const char *name, const char **data, size_t *len,
		 const char **filename)
{
	(void)req;
	(void)name;
	(void)data;
	(void)len;
	(void)filename;
	return MC_ENOTFOUND;
}

int mc_form_parse_buffer(struct mc_form **out, mc_arena *arena,
			 const char *content_type, const char *body, size_t len,
			 char *err, size_t errlen)
{
	(void)out;
	(void)arena;
	(void)content_type;
	(void)body;
	(void)len;
	(void)err;
	(void)errlen;
	return MC_EUSAGE;
}
