/*
 * Issuing a European Digital Credential: the certificate page rendered
 * for displayParameter, the ELM document (edc.c), and the JAdES seal with
 * the awarding body's X.509 seal (jades.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "europass/edc.h"
#include "issue_private.h"
#include "crypto/jades.h"
#include "util/util.h"

int mc__issue_seal_edc(struct mc__issuer *is, char **data, const mc_learner *l,
		       const mc_issue_options *o, const char *id,
		       const char *now)
{
	mc_certificate_options copts = MC_CERTIFICATE_OPTIONS_INIT;
	struct mc__jades_sign_opts jopts;
	struct mc__edc_input in;
	unsigned char *png = NULL;
	size_t png_len = 0, out_len = 0;
	char *status_url = NULL, *payload = NULL, err[512] = "";
	json_t *doc = NULL;
	int error;

	*data = NULL;
	copts.format = MC_CERT_PNG;
	copts.lang = l->lang;
	if ((error = mc__certificate_render_for(
		 is->store, &png, &png_len, is->mc, l, id, now, &copts)) < 0)
		goto cleanup;
	if (!(status_url = mc__asprintf("%s/status", id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	memset(&in, 0, sizeof(in));
	in.mc = is->mc;
	in.mc_uri = is->mc_uri;
	in.awarding = is->org;
	in.seal = is->seal->info;
	in.learner = l;
	in.opts = o;
	in.id = id;
	in.issued_at = now;
	in.status_url = status_url;
	in.png = png;
	in.png_len = png_len;
	in.store = is->store;
	if (!(doc = mc__edc_build(&in)) ||
	    !(payload = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	memset(&jopts, 0, sizeof(jopts));
	jopts.level = o->tsa_url ? MC__JADES_B_T : MC__JADES_B_B;
	jopts.tsa_url = o->tsa_url;
	jopts.sig_time = o->now;
	error = mc__jades_seal(data, &out_len, payload, strlen(payload),
			       is->seal, &jopts, err, sizeof(err));
	if (error < 0 && error != MC_ENOMEM)
		mc__store_error(is->store, error, "sealing: %s", err);

cleanup:
	json_decref(doc);
	free(payload);
	free(png);
	free(status_url);
	return error;
}
