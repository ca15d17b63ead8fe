/*
 * What a verifier is configured with: seal trust anchors (loaded once,
 * shared) and the accreditation list.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "microcred/credential.h"
#include "crypto/trust.h"
#include "util/util.h"
#include "verify_private.h"

/** Largest accreditation list read, in bytes. */
#define ACCREDITATION_MAX (16u * 1024 * 1024)

int mc_trust_anchors_load(mc_trust_anchors **out, const char *const *files,
			  size_t count, char *err, size_t errlen)
{
	struct mc__trust *t = NULL;
	char why[512] = "";
	size_t i;
	int error;

	*out = NULL;
	if ((error = mc__trust_new(&t)) < 0)
		return error;
	for (i = 0; i < count; i++)
		if ((error = mc__trust_add_file(t, files[i], why,
						sizeof(why))) < 0) {
			mc__set_err(err, errlen, "%s: %s", files[i], why);
			mc__trust_free(t);
			return error;
		}
	*out = t;
	return 0;
}

void mc_trust_anchors_free(mc_trust_anchors *t)
{
	mc__trust_free(t);
}

/* Equal, or equal up to a "#fragment" of `id`. */
static int same_id(const char *listed, const char *id)
{
	size_t n = strlen(listed);

	if (!id)
		return 0;
	if (strcmp(listed, "*") == 0 || strcmp(listed, id) == 0)
		return 1;
	return strncmp(listed, id, n) == 0 && id[n] == '#';
}

int mc__accreditation_match(const char *path, const char *awarding_body,
			    const char *qualification)
{
	char *text = NULL, why[256];
	size_t len = 0, i;
	json_t *root, *list, *e;
	int error = MC_ENOTFOUND;

	if (mc__read_file(&text, &len, path, ACCREDITATION_MAX, why,
			  sizeof(why)) < 0)
		return MC_EINVALID;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	list = json_object_get(root, "accreditations");
	if (!json_is_array(list)) {
		json_decref(root);
		return MC_EINVALID;
	}
	json_array_foreach(list, i, e)
	{
		const char *b =
		    json_string_value(json_object_get(e, "awardingBody"));
		const char *q =
		    json_string_value(json_object_get(e, "qualification"));

		if (b && q && awarding_body && strcmp(b, awarding_body) == 0 &&
		    same_id(q, qualification)) {
			error = 0;
			break;
		}
	}
	json_decref(root);
	return error;
}
