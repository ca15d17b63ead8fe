/*
 * The server's seal settings (seal_config.h).
 */
#include <stdlib.h>
#include <string.h>

#include "seal_config.h"

static mc_trust_anchors *anchors;
static char *accreditation, *tsa;
static int offline;

void srv_seal_config_offline(int on)
{
	offline = on;
}

int srv_seal_config_init(const char *files, const char *accr,
			 const char *tsa_url, char *err, size_t errlen)
{
	const char *list[16];
	char *copy = NULL, *tok, *save = NULL;
	size_t n = 0;
	int error = 0;

	if (files && *files) {
		if (!(copy = strdup(files)))
			return MC_ENOMEM;
		for (tok = strtok_r(copy, ",", &save); tok && n < 16;
		     tok = strtok_r(NULL, ",", &save))
			list[n++] = tok;
		error = mc_trust_anchors_load(&anchors, list, n, err, errlen);
		free(copy);
		if (error < 0)
			return error;
	}
	if ((accr && !(accreditation = strdup(accr))) ||
	    (tsa_url && *tsa_url && !(tsa = strdup(tsa_url)))) {
		srv_seal_config_shutdown();
		return MC_ENOMEM;
	}
	return 0;
}

void srv_seal_config_verify(mc_verify_options *o)
{
	o->anchors = anchors;
	o->accreditation_file = accreditation;
	o->offline = offline;
}

const char *srv_seal_config_tsa(void)
{
	return tsa;
}

void srv_seal_config_shutdown(void)
{
	mc_trust_anchors_free(anchors);
	anchors = NULL;
	free(accreditation);
	free(tsa);
	accreditation = tsa = NULL;
}
