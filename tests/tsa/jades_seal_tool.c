/*
 * Seal a file with JAdES for the interop test, and verify one:
 *
 *   jades_seal_tool seal RS256|PS256|ES256 IN OUT CERT_PEM KEY_PEM [TSA_URL]
 *       makes a fresh key and self-signed seal certificate (written as
 *       CERT_PEM and KEY_PEM), seals IN into OUT (B-T with TSA_URL)
 *   jades_seal_tool verify FILE
 *       exits 0 when the signature (and a sigTst, if any) verify, 1 not
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "crypto/jades.h"
#include "pem_signer.h"
#include "util/util.h"

static int do_verify(const char *path)
{
	struct mc__jades *j = NULL;
	char *data = NULL, err[256] = "";
	size_t len = 0;
	int rc;

	if ((rc = mc__read_file(&data, &len, path, MC__JADES_MAX + 1, err,
				sizeof(err))) == 0 &&
	    (rc = mc__jades_parse(&j, data, len, err, sizeof(err))) == 0 &&
	    (rc = mc__jades_verify_signature(j, err, sizeof(err))) == 0 &&
	    j->sigtst)
		rc = mc__jades_verify_timestamp(j, NULL, NULL, NULL, err,
						sizeof(err));
	printf("%s\n", rc ? err : "verified");
	mc__jades_free(j);
	free(data);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct mc__jades_sign_opts o = {0};
	struct mc__seal_signer *s;
	char *data = NULL, *out = NULL, err[256] = "";
	size_t len = 0, outlen = 0;
	EVP_PKEY *pk;
	X509 *c;
	FILE *f;
	int rc;

	if (argc == 3 && strcmp(argv[1], "verify") == 0)
		return do_verify(argv[2]);
	if (argc < 7 || strcmp(argv[1], "seal") != 0) {
		fprintf(stderr,
			"usage: %s seal ALG IN OUT CERT KEY [TSA_URL] | "
			"verify FILE\n",
			argv[0]);
		return 2;
	}
	pk = test_key(argv[2][0] == 'E' ? "EC" : "RSA", 2048);
	c = test_cert(pk, "microcred TEST seal", NULL, NULL, NULL);
	if ((f = fopen(argv[5], "w"))) {
		PEM_write_X509(f, c);
		fclose(f);
	}
	if ((f = fopen(argv[6], "w"))) {
		PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL);
		fclose(f);
	}
	s = test_signer(pk, &c, 1, argv[2]);
	X509_free(c);
	o.level = argc > 7 ? MC__JADES_B_T : MC__JADES_B_B;
	o.tsa_url = argc > 7 ? argv[7] : NULL;
	rc = mc__read_file(&data, &len, argv[3], MC__JADES_MAX, err,
			   sizeof(err));
	if (!rc)
		rc = mc__jades_seal(&out, &outlen, data, len, s, &o, err,
				    sizeof(err));
	if (!rc && (f = fopen(argv[4], "w"))) {
		fwrite(out, 1, outlen, f);
		fclose(f);
	}
	if (rc)
		fprintf(stderr, "seal: %s\n", err);
	s->destroy(s);
	free(data);
	free(out);
	return rc ? 1 : 0;
}
