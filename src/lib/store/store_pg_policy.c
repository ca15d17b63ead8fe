/*
 * PostgreSQL backend: who reviews and who awards: QA-body recognitions and
 * awarding bodies' consents.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static int recognition_put(mc_store *s, const mc_recognition *r)
{
	(void)r;
	return mc__pg_notsup(s, "recognition_put");
}

static int recognition_delete(mc_store *s, const char *org_id,
			      const char *country, mc_recognition_kind kind)
{
	(void)org_id;
	(void)country;
	(void)kind;
	return mc__pg_notsup(s, "recognition_delete");
}

static int recognition_list(mc_store *s, mc_recognition **out, size_t *count,
			    const char *org_id, const char *country)
{
	(void)out;
	(void)count;
	(void)org_id;
	(void)country;
	return mc__pg_notsup(s, "recognition_list");
}

static int consent_request(mc_store *s, const char *mc_id, const char *org_id,
			   const char *actor, const char *at)
{
	(void)mc_id;
	(void)org_id;
	(void)actor;
	(void)at;
	return mc__pg_notsup(s, "consent_request");
}

static int consent_decide(mc_store *s, const char *mc_id, const char *org_id,
			  mc_consent_state state, const char *actor,
			  const char *at)
{
	(void)mc_id;
	(void)org_id;
	(void)state;
	(void)actor;
	(void)at;
	return mc__pg_notsup(s, "consent_decide");
}

static int consent_list(mc_store *s, mc_consent **out, size_t *count,
			const char *org_id, const char *mc_id)
{
	(void)out;
	(void)count;
	(void)org_id;
	(void)mc_id;
	return mc__pg_notsup(s, "consent_list");
}

const struct mc__store_policy_ops mc__pg_policy = {
    .recognition_put = recognition_put,
    .recognition_delete = recognition_delete,
    .recognition_list = recognition_list,
    .consent_request = consent_request,
    .consent_decide = consent_decide,
    .consent_list = consent_list,
};
