/*
 * A local RFC 3161 time-stamp authority for tests: answers POST
 * application/timestamp-query on any path with OpenSSL's TS_RESP_CTX,
 * signing with the TSA certificate and key given.
 *
 *   test_tsa --cert tsa.pem --key tsa.key [--port N] [--bad-imprint]
 *            [--bad-nonce] [--reject]
 *
 * Prints the bound port on the first line of stdout, then serves until
 * SIGTERM or SIGINT.  --bad-imprint stamps a digest that differs from the
 * one asked for, --bad-nonce answers with another nonce, --reject answers
 * status rejection: deliberately wrong answers for negative tests.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ts.h>

#define BODY_MAX (64 * 1024)

static X509 *tsa_cert;
static EVP_PKEY *tsa_key;
static int bad_imprint, bad_nonce, reject;
static volatile sig_atomic_t stop;
static uint64_t serial;

struct body {
	unsigned char data[BODY_MAX];
	size_t len;
	int too_big;
};

static ASN1_INTEGER *next_serial(TS_RESP_CTX *ctx, void *data)
{
	ASN1_INTEGER *s = ASN1_INTEGER_new();

	(void)ctx;
	(void)data;
	if (s)
		ASN1_INTEGER_set_uint64(s, ++serial);
	return s;
}

/* The request as it will be answered (tampered with for the flags). */
static BIO *request_bio(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	TS_REQ *req = d2i_TS_REQ(NULL, &p, (long)len);
	unsigned char *out = NULL;
	BIO *bio = NULL;
	int n;

	if (!req)
		return NULL;
	if (bad_imprint) {
		ASN1_OCTET_STRING *d =
		    TS_MSG_IMPRINT_get_msg(TS_REQ_get_msg_imprint(req));
		unsigned char *b = (unsigned char *)ASN1_STRING_get0_data(d);
		if (ASN1_STRING_length(d) > 0)
			b[0] ^= 0x01;
	}
	if (bad_nonce) {
		ASN1_INTEGER *n2 = ASN1_INTEGER_new();
		ASN1_INTEGER_set(n2, 42);
		TS_REQ_set_nonce(req, n2);
		ASN1_INTEGER_free(n2);
	}
	n = i2d_TS_REQ(req, &out);
	if (n > 0 && (bio = BIO_new(BIO_s_mem())) &&
	    BIO_write(bio, out, n) != n) {
		BIO_free(bio);
		bio = NULL;
	}
	OPENSSL_free(out);
	TS_REQ_free(req);
	return bio;
}

static unsigned char *stamp(const unsigned char *der, size_t len, int *outlen)
{
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	ASN1_OBJECT *policy = OBJ_txt2obj("1.2.3.4.1", 1);
	TS_RESP *resp = NULL;
	BIO *in = request_bio(der, len);
	unsigned char *out = NULL;

	*outlen = 0;
	if (!ctx || !in)
		goto cleanup;
	if (!TS_RESP_CTX_set_signer_cert(ctx, tsa_cert) ||
	    !TS_RESP_CTX_set_signer_key(ctx, tsa_key) ||
	    !TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256()) ||
	    !TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256()) ||
	    !TS_RESP_CTX_set_def_policy(ctx, policy) ||
	    !TS_RESP_CTX_add_md(ctx, EVP_sha256()))
		goto cleanup;
	TS_RESP_CTX_set_serial_cb(ctx, next_serial, NULL);
	if (reject) {
		resp = TS_RESP_new();
		TS_STATUS_INFO *si = TS_STATUS_INFO_new();
		TS_STATUS_INFO_set_status(si, TS_STATUS_REJECTION);
		TS_RESP_set_status_info(resp, si);
		TS_STATUS_INFO_free(si);
	} else {
		resp = TS_RESP_create_response(ctx, in);
	}
	if (resp)
		*outlen = i2d_TS_RESP(resp, &out);
cleanup:
	BIO_free(in);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(ctx);
	ASN1_OBJECT_free(policy);
	ERR_clear_error();
	return *outlen > 0 ? out : NULL;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status,
			     const char *type, void *data, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, data, mode);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *data,
				  size_t *data_size, void **con_cls)
{
	struct body *b = *con_cls;
	const char *ct;
	unsigned char *out;
	int outlen;

	(void)cls;
	(void)url;
	(void)version;
	if (strcmp(method, "POST") != 0)
		return reply(conn, 405, "text/plain", "POST only\n", 10,
			     MHD_RESPMEM_PERSISTENT);
	if (!b) {
		if (!(b = calloc(1, sizeof(*b))))
			return MHD_NO;
		*con_cls = b;
		return MHD_YES;
	}
	if (*data_size) {
		if (b->len + *data_size > BODY_MAX)
			b->too_big = 1;
		else
			memcpy(b->data + b->len, data, *data_size);
		b->len += b->too_big ? 0 : *data_size;
		*data_size = 0;
		return MHD_YES;
	}
	ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (!ct || strcmp(ct, "application/timestamp-query") != 0)
		return reply(conn, 415, "text/plain", "timestamp-query only\n",
			     21, MHD_RESPMEM_PERSISTENT);
	if (b->too_big)
		return reply(conn, 413, "text/plain", "too big\n", 8,
			     MHD_RESPMEM_PERSISTENT);
	out = stamp(b->data, b->len, &outlen);
	if (!out)
		return reply(conn, 400, "text/plain", "bad request\n", 12,
			     MHD_RESPMEM_PERSISTENT);
	{
		enum MHD_Result ret =
		    reply(conn, 200, "application/timestamp-reply", out,
			  (size_t)outlen, MHD_RESPMEM_MUST_COPY);
		OPENSSL_free(out);
		return ret;
	}
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void *load(const char *path, int key)
{
	FILE *f = fopen(path, "r");
	void *v;

	if (!f)
		return NULL;
	v = key ? (void *)PEM_read_PrivateKey(f, NULL, NULL, NULL)
		: (void *)PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	const char *cert = NULL, *key = NULL;
	unsigned port = 0;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cert") == 0 && i + 1 < argc)
			cert = argv[++i];
		else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
			port = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "--bad-imprint") == 0)
			bad_imprint = 1;
		else if (strcmp(argv[i], "--bad-nonce") == 0)
			bad_nonce = 1;
		else if (strcmp(argv[i], "--reject") == 0)
			reject = 1;
		else {
			fprintf(stderr,
				"usage: %s --cert PEM --key PEM [--port N] "
				"[--bad-imprint] [--bad-nonce] [--reject]\n",
				argv[0]);
			return 2;
		}
	}
	if (!cert || !key || !(tsa_cert = load(cert, 0)) ||
	    !(tsa_key = load(key, 1))) {
		fprintf(stderr, "test_tsa: --cert and --key must name PEM "
				"files\n");
		return 2;
	}
	/* One thread: TS_RESP_CTX and the serial counter are not shared. */
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port,
	    NULL, NULL, on_request, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_done,
	    NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "test_tsa: cannot listen\n");
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("%u\n", info ? info->port : 0);
	fflush(stdout);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	X509_free(tsa_cert);
	EVP_PKEY_free(tsa_key);
	return 0;
}
