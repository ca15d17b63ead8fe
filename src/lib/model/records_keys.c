/*
 * Records of issuer keys and seals as the store returns them, and what frees
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/keys.h"
#include "microcred/seal.h"

void mc_key_info_free(mc_key_info *k)
{
	if (!k)
		return;
	free(k->id);
	free(k->org_id);
	free(k->created_at);
	free(k->retired_at);
	free(k->public_jwk);
	free(k->public_multibase);
	free(k->verification_method);
	free(k);
}

void mc_key_list_free(mc_key_info **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_key_info_free(list[i]);
	free(list);
}

void mc_seal_info_free(mc_seal_info *s)
{
	if (!s)
		return;
	free(s->id);
	free(s->org_id);
	free(s->alg);
	free(s->subject);
	free(s->issuer);
	free(s->serial);
	free(s->not_before);
	free(s->not_after);
	free(s->organization);
	free(s->country);
	free(s->org_identifier);
	free(s->fingerprint);
	free(s->chain_pem);
	free(s->created_at);
	free(s->retired_at);
	free(s);
}

void mc_seal_list_free(mc_seal_info **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_seal_info_free(list[i]);
	free(list);
}
