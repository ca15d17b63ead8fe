/*
 * Fuzz target: verify arbitrary bytes as a credential without a store
 * (Data Integrity JSON, compact VC-JWT or a JAdES-sealed EDC, detected).
 *
 * Checks, beyond "no crash, no leak":
 * - only 0, MC_ENOMEM and MC_ETOOBIG come back, and 0 with a report of
 *   the seven named checks (nine for a sealed EDC), each with a result
 *   and a reason;
 * - a report says "valid" only when the proof check passed (an EDC's
 *   seal and trust) and no check failed, and "invalid" only when one
 *   did;
 * - the report turns into JSON that parses and agrees with it;
 * - the same bytes give the same verdict twice.
 * Offline only: the verifier must never reach for the network.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "microcred/credential.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"format", "proof",	"issuer", "validity",
				    "status", "schema", "trust",  "owner"};
static const char *const edc_names[] = {
    "format", "seal",	    "issuer", "trust",	      "timestamp",
    "owner",  "revocation", "expiry", "accreditation"};

static void fail(const char *why, const mc_verify_report *r)
{
	size_t i;

	fprintf(stderr, "fuzz_verify: %s\n", why);
	for (i = 0; r && i < r->count; i++)
		fprintf(stderr, "  %s: %s (%s)\n", r->checks[i].name,
			mc_check_result_name(r->checks[i].result),
			r->checks[i].reason ? r->checks[i].reason : "NULL");
	abort();
}

/* The report's own promises. */
static void check_report(const mc_verify_report *r)
{
	int edc = r->format && strcmp(r->format, "edc+jades") == 0;
	const char *const *want = edc ? edc_names : names;
	size_t n = edc ? sizeof(edc_names) / sizeof(edc_names[0])
		       : sizeof(names) / sizeof(names[0]);
	int failed = 0;
	size_t i;

	if (r->count != n || !r->checks)
		fail("not the format's checks", r);
	for (i = 0; i < r->count; i++) {
		const mc_check *c = &r->checks[i];

		if (!c->name || strcmp(c->name, want[i]) != 0)
			fail("checks out of order", r);
		if (c->result != MC_CHECK_PASSED &&
		    c->result != MC_CHECK_FAILED &&
		    c->result != MC_CHECK_SKIPPED)
			fail("a check with no result", r);
		if (!c->reason)
			fail("a check without a reason", r);
		if (!c->code || !mc_verify_message(c->code))
			fail("a reason without a known code", r);
		failed |= c->result == MC_CHECK_FAILED;
	}
	switch (r->verdict) {
	case MC_VERDICT_VALID:
		if (r->checks[1].result != MC_CHECK_PASSED)
			fail("valid without a verified proof", r);
		if (edc && r->checks[3].result != MC_CHECK_PASSED)
			fail("a valid EDC without a trusted seal", r);
		if (!edc && r->checks[2].result != MC_CHECK_PASSED)
			fail("valid without an issuer bound to the key", r);
		if (failed)
			fail("valid with a failed check", r);
		if (r->checks[0].result != MC_CHECK_PASSED)
			fail("valid without a recognised format", r);
		break;
	case MC_VERDICT_FORGED:
		if (r->checks[1].result != MC_CHECK_FAILED &&
		    r->checks[2].result != MC_CHECK_FAILED)
			fail("forged, but neither signature nor issuer failed",
			     r);
		break;
	case MC_VERDICT_INVALID:
	case MC_VERDICT_REVOKED:
	case MC_VERDICT_SUSPENDED:
	case MC_VERDICT_EXPIRED:
	case MC_VERDICT_NOT_YET_VALID:
		if (!failed)
			fail("not valid without a failed check", r);
		break;
	case MC_VERDICT_UNKNOWN:
		for (i = 0; i < r->count; i++)
			if (r->checks[i].result != MC_CHECK_PASSED)
				break;
		if (i == r->count)
			fail("cannot tell, with every check passed", r);
		break;
	default:
		fail("no verdict", r);
	}
}

/* The JSON form says what the report says. */
static void check_json(const mc_verify_report *r)
{
	static const char *const classes[] = {"valid", "invalid", "unknown"};
	char *text = NULL;
	json_t *j, *checks;
	size_t i;
	int rc = mc_verify_report_to_json(&text, r);

	if (rc == MC_ENOMEM)
		return;
	if (rc != 0 || !text)
		fail("report to JSON failed", r);
	if (!(j = json_loads(text, 0, NULL)))
		fail("report JSON does not parse", r);
	checks = json_object_get(j, "checks");
	if (json_is_true(json_object_get(j, "verified")) !=
		(r->verdict == MC_VERDICT_VALID) ||
	    strcmp(json_string_value(json_object_get(j, "verdict")),
		   classes[mc_verdict_class(r->verdict)]) != 0 ||
	    strcmp(json_string_value(json_object_get(j, "verdictName")),
		   mc_verdict_name(r->verdict)) != 0 ||
	    json_array_size(checks) != r->count)
		fail("report JSON disagrees", r);
	for (i = 0; i < r->count; i++)
		if (strcmp(json_string_value(json_object_get(
			       json_array_get(checks, i), "result")),
			   mc_check_result_name(r->checks[i].result)) != 0)
			fail("report JSON disagrees on a check", r);
	json_decref(j);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL, *again = NULL;
	int rc;

	o.offline = 1;
	o.now = "2026-11-25T10:00:00Z";
	rc = mc_credential_verify(NULL, &r, (const char *)data, size, &o);
	if (rc == MC_ENOMEM || rc == MC_ETOOBIG) {
		if (r)
			fail("a report with an error", r);
		return 0;
	}
	if (rc != 0 || !r)
		fail("unexpected return code", NULL);
	check_report(r);
	check_json(r);
	if (mc_credential_verify(NULL, &again, (const char *)data, size, &o) ==
	    0) {
		size_t i;

		if (again->verdict != r->verdict)
			fail("the same bytes, another verdict", again);
		for (i = 0; i < r->count; i++)
			if (again->checks[i].result != r->checks[i].result)
				fail("the same bytes, another check", again);
	}
	mc_verify_report_free(again);
	mc_verify_report_free(r);
	return 0;
}
