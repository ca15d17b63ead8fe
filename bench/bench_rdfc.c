/*
 * bench_rdfc: eddsa-rdfc-2022 verification of our demo credential, one
 * core, each figure beside a baseline measured in the same run:
 *
 * - the whole proof check (mc__di_verify(): JSON-LD expansion and toRdf
 *   of the proof configuration and the document, RDFC-1.0, SHA-256,
 *   Ed25519) interleaved (bench_rate.h) with the raw libsodium Ed25519
 *   verify rate of a 64-byte message: the ratio says what the Linked
 *   Data work costs on top of the signature;
 * - where the time goes: expansion, toRdf, canonicalisation, hashing and
 *   the signature, each timed alone on the same document, in
 *   microseconds per credential (the aim: canonicalisation under 100 us);
 * - the same credential verified by @digitalbazaar/eddsa-rdfc-2022-
 *   cryptosuite (tests/interop/bench-verify-rdfc.mjs) when node and
 *   tests/interop/node_modules are found: our rate over node's (aim:
 *   10x or better).
 *
 * The credential: the demo catalogue's MC_ID issued to a Ukrainian
 * learner, re-signed with a fresh did:key (named as the issuer) so that
 * node can resolve the key offline.  usage: bench_rdfc [SECONDS]   (default 3
 * per task)
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "bench_rate.h"
#include "credentials/proof.h"
#include "crypto/crypto.h"
#include "ld/ld.h"
#include "microcred/microcred.h"

#define MCID "ua-mag-welding-steel-structures"

struct ctx {
	json_t *signed_doc, *doc, *config, *expanded;
	struct mc__rdf_dataset ds;
	char *canon;
	size_t canon_len;
	unsigned char pk[32], sig[64], msg[64];
};

static int do_verify(void *arg)
{
	struct ctx *c = arg;
	const char *vm;
	char err[256];

	return mc__di_verify(c->signed_doc, NULL, 0, &vm, err, sizeof(err));
}

static int do_raw(void *arg)
{
	struct ctx *c = arg;

	return crypto_sign_verify_detached(c->sig, c->msg, sizeof(c->msg),
					   c->pk);
}

static int do_expand(void *arg)
{
	struct ctx *c = arg;
	struct mc__ld_options o = {0};
	json_t *out = NULL;
	char err[256];
	int error;

	o.safe = 1;
	error = mc__ld_expand(&out, c->doc, &o, err, sizeof(err));
	json_decref(out);
	return error;
}

static int do_to_rdf(void *arg)
{
	struct ctx *c = arg;
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__ld_options o = {0};
	char err[256];
	int error;

	o.safe = 1;
	error = mc__ld_expanded_to_rdf(&ds, c->expanded, &o, err, sizeof(err));
	mc__rdf_dataset_free(&ds);
	return error;
}

static int do_rdfc(void *arg)
{
	struct ctx *c = arg;
	char *out = NULL, err[256];
	size_t len = 0;
	int error = mc__rdfc(&out, &len, &c->ds, NULL, err, sizeof(err));

	free(out);
	return error;
}

static int do_hash(void *arg)
{
	struct ctx *c = arg;
	unsigned char h[32];

	mc__sha256(h, c->canon, c->canon_len);
	return h[0] == 0 && h[1] == 0 && h[2] == 0 && h[3] == 0 && h[4] == 0
		   ? 0
		   : 0;
}

/* The issuer named as the did:key of `vm` (a verifier checks that the
 * key's controller is the issuer). */
static int issued_by(json_t *doc, const char *vm)
{
	json_t *issuer = json_object_get(doc, "issuer");
	size_t n = strcspn(vm, "#");

	return json_object_set_new(issuer, "id", json_stringn(vm, n)) ? -1 : 0;
}

/* The signed demo credential, re-signed with a fresh did:key. */
static int make_credential(struct ctx *c, const char *dir)
{
	mc_issue_options io = MC_ISSUE_OPTIONS_INIT;
	mc_learner l = {0};
	mc_problems p = {0};
	mc_import_report ir;
	mc_credential *cred = NULL;
	mc_key_info *ki = NULL;
	mc_microcred *mc = NULL;
	mc_store *store = NULL;
	struct mc__key *key = NULL;
	char db[4200], *msg = NULL, *vm = NULL, err[512];
	int error;

	memset(&ir, 0, sizeof(ir));
	snprintf(db, sizeof(db), "%s/db", dir);
	if ((error = mc_store_open(&store, db, NULL, &msg)) < 0 ||
	    (error = mc_store_set_base_url(store, "http://bench.test")) < 0 ||
	    (error = mc_catalogue_load_demo(store, &ir, &p)) < 0 ||
	    (error = mc_catalogue_get(store, &mc, MCID, 0)) < 0 ||
	    (error = mc_key_generate(store, &ki, mc->awarding_bodies.items[0],
				     MC_KEY_ED25519)) < 0) {
		fprintf(stderr, "setup: %s\n",
			msg	? msg
			: store ? mc_store_errmsg(store)
				: "");
		goto cleanup;
	}
	l.name = "Олена Коваленко";
	l.email = "olena@example.org";
	l.lang = "uk";
	if ((error = mc_credential_issue(store, &cred, MCID, 0, &l, &io, &p)) <
	    0) {
		fprintf(stderr, "issue: %s\n", mc_store_errmsg(store));
		goto cleanup;
	}
	if (!(c->signed_doc = json_loadb(cred->data, cred->len, 0, NULL)) ||
	    (error = mc__key_generate(&key, MC__KEY_ED25519)) < 0 ||
	    (error = mc__key_export_ed25519(c->pk, key)) < 0 ||
	    (error = mc__didkey_vm_from_ed25519(&vm, c->pk)) < 0 ||
	    (error = issued_by(c->signed_doc, vm)) < 0 ||
	    (error = mc__di_sign(c->signed_doc, key, vm, "2026-12-07T00:00:00Z",
				 1, MC__SUITE_EDDSA_RDFC_2022, err,
				 sizeof(err))) < 0) {
		fprintf(stderr, "re-sign: %s\n", err);
		error = error ? error : -1;
		goto cleanup;
	}
	c->doc = json_copy(c->signed_doc);
	json_object_del(c->doc, "proof");
	c->config = json_deep_copy(
	    json_array_get(json_object_get(c->signed_doc, "proof"), 0));
	json_object_del(c->config, "proofValue");
	json_object_set(c->config, "@context",
			json_object_get(c->doc, "@context"));
	randombytes_buf(c->msg, sizeof(c->msg));
	{
		unsigned char *s = NULL;
		size_t slen = 0;

		if ((error = mc__sign(&s, &slen, key, "EdDSA", c->msg,
				      sizeof(c->msg), err, sizeof(err))) < 0)
			goto cleanup;
		memcpy(c->sig, s, 64);
		free(s);
	}

cleanup:
	mc__key_free(key);
	free(vm);
	free(msg);
	mc_credential_free(cred);
	mc_key_info_free(ki);
	mc_microcred_free(mc);
	mc_problems_clear(&p);
	mc_store_free(store);
	unlink(db);
	return error;
}

/* Run the node verifier on `file`; its rate into *rate.  -1 with `why`
 * when it could not run. */
static int node_rate(double *rate, const char *file, char *why, size_t wcap)
{
	const char *roots[3] = {".", getenv("MC_SOURCE_DIR"), NULL};
	char src[4096], script[4300], cmd[9000], line[512], *slash;
	FILE *p;
	int i, found = 0;

	snprintf(src, sizeof(src), "%s", __FILE__);
	if ((slash = strrchr(src, '/')))
		snprintf(slash, sizeof(src) - (size_t)(slash - src), "/..");
	roots[2] = src;
	for (i = 0; i < 3 && !found; i++) {
		char nm[4300];
		struct stat st;

		if (!roots[i] || strchr(roots[i], '\''))
			continue;
		snprintf(script, sizeof(script),
			 "%.4000s/tests/interop/bench-verify-rdfc.mjs",
			 roots[i]);
		snprintf(nm, sizeof(nm), "%.4000s/tests/interop/node_modules",
			 roots[i]);
		found = access(script, R_OK) == 0 && stat(nm, &st) == 0;
	}
	if (!found) {
		snprintf(why, wcap,
			 "tests/interop/bench-verify-rdfc.mjs or its "
			 "node_modules not found (npm ci --prefix "
			 "tests/interop)");
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "node '%s' '%s' 2>&1", script, file);
	if (!(p = popen(cmd, "r"))) {
		snprintf(why, wcap, "cannot run node");
		return -1;
	}
	*rate = 0;
	while (fgets(line, sizeof(line), p)) {
		char *v = strstr(line, "verify: ");

		if (v)
			*rate = strtod(v + 8, NULL);
		else
			fputs(line, stdout);
	}
	if (pclose(p) != 0 || *rate <= 0) {
		snprintf(why, wcap, "bench-verify-rdfc.mjs failed");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3;
	char dir[] = "/tmp/bench-rdfc-XXXXXX", file[64], why[512], err[256];
	struct ctx c;
	struct mc__ld_options o = {0};
	struct rate_task pair[2], parts[4];
	double us[4], node = 0;
	FILE *f;
	int k, rc = 0;

	memset(&c, 0, sizeof(c));
	c.ds.max = 0;
	if (secs <= 0 || sodium_init() < 0 || !mkdtemp(dir))
		return 2;
	setenv("MICROCRED_MASTER_KEY",
	       "000102030405060708090a0b0c0d0e0f"
	       "101112131415161718191a1b1c1d1e1f",
	       1);
	if (make_credential(&c, dir) < 0) {
		rmdir(dir);
		return 1;
	}
	o.safe = 1;
	if (mc__ld_expand(&c.expanded, c.doc, &o, err, sizeof(err)) < 0 ||
	    mc__ld_expanded_to_rdf(&c.ds, c.expanded, &o, err, sizeof(err)) <
		0 ||
	    mc__rdfc(&c.canon, &c.canon_len, &c.ds, NULL, err, sizeof(err)) <
		0) {
		fprintf(stderr, "pipeline: %s\n", err);
		return 1;
	}
	printf("bench_rdfc: the demo credential %s (%zu quads, %zu bytes of "
	       "canonical N-Quads), eddsa-rdfc-2022, one core, %.1f s per "
	       "task\n",
	       MCID, c.ds.len, c.canon_len, secs);

	pair[0] = (struct rate_task){"verify", do_verify, &c, 0, 0, 0};
	pair[1] = (struct rate_task){"raw", do_raw, &c, 0, 0, 0};
	if (rate_measure(pair, 2, secs) < 0) {
		fprintf(stderr, "a verification failed\n");
		return 1;
	}
	printf("verify: %.0f eddsa-rdfc-2022 proofs per CPU second; raw "
	       "Ed25519 verify %.0f/s in the same run; ratio %.1f%% of the "
	       "raw rate\n",
	       rate_of(&pair[0]), rate_of(&pair[1]),
	       100.0 * rate_of(&pair[0]) / rate_of(&pair[1]));

	parts[0] = (struct rate_task){"expand", do_expand, &c, 0, 0, 0};
	parts[1] = (struct rate_task){"toRdf", do_to_rdf, &c, 0, 0, 0};
	parts[2] = (struct rate_task){"RDFC-1.0", do_rdfc, &c, 0, 0, 0};
	parts[3] = (struct rate_task){"SHA-256", do_hash, &c, 0, 0, 0};
	if (rate_measure(parts, 4, secs / 2) < 0)
		return 1;
	printf("where the time goes, per document (the proof configuration "
	       "adds a small second pass):\n");
	for (k = 0; k < 4; k++) {
		us[k] = 1e6 / rate_of(&parts[k]);
		printf("  %-9s %8.1f us\n", parts[k].name, us[k]);
	}
	printf("  %-9s %8.1f us\n", "Ed25519", 1e6 / rate_of(&pair[1]));
	printf("canonicalisation (toRdf + RDFC-1.0) %.1f us per credential "
	       "(aim: under 100 us)\n",
	       us[1] + us[2]);

	snprintf(file, sizeof(file), "%s/credential.json", dir);
	if ((f = fopen(file, "w"))) {
		json_dumpf(c.signed_doc, f, JSON_COMPACT);
		fclose(f);
	}
	if (node_rate(&node, file, why, sizeof(why)) < 0)
		printf("node: comparison not run: %s\n", why);
	else
		printf("node @digitalbazaar/eddsa-rdfc-2022-cryptosuite: %.0f "
		       "verifications per second; ours %.1fx node's\n",
		       node, rate_of(&pair[0]) / node);
	unlink(file);
	rmdir(dir);
	json_decref(c.signed_doc);
	json_decref(c.doc);
	json_decref(c.config);
	json_decref(c.expanded);
	mc__rdf_dataset_free(&c.ds);
	free(c.canon);
	return rc;
}
