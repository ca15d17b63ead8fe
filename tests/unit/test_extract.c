/*
 * Unit tests for extract.h: the credential found in a PDF's attached files
 * (typed streams, streams named only by a file specification, one inside a
 * compressed object stream, a /Length by reference, a later definition),
 * a baked PNG (plain and compressed iTXt) and a baked SVG (CDATA, verify=,
 * the prefix undeclared); every damaged form named as damaged, every
 * carrier without a credential as carrying none; every prefix and every
 * byte flipped of each carrier read without a crash; the attachments
 * pdf_attach.c adds read back; URLs refused before any fetch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

#include "microcred/credential.h"
#include "microcred/extract.h"

#include "render/certificate_private.h"
#include "render/extract_private.h"
#include "render/pdf_private.h"
#include "util/util.h"

#define CRED                                                                   \
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"            \
	"\"type\":[\"VerifiableCredential\"],\"id\":\"urn:uuid:1\"}"
#define CRED2                                                                  \
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"            \
	"\"id\":\"urn:uuid:2\"}"
#define JWS "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"

struct got {
	int rc;
	char *out;
	size_t len;
	mc_carrier carrier;
	char err[512];
};

static struct got extract(const void *data, size_t len)
{
	struct got g;

	memset(&g, 0, sizeof(g));
	g.rc = mc_credential_extract(data, len, &g.out, &g.len, &g.carrier,
				     g.err, sizeof(g.err));
	return g;
}

static void expect_found(const void *data, size_t len, mc_carrier carrier,
			 const char *want)
{
	struct got g = extract(data, len);

	if (g.rc != 0)
		print_error("unexpected %d: %s\n", g.rc, g.err);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.carrier, carrier);
	assert_int_equal(g.len, strlen(want));
	assert_string_equal(g.out, want);
	free(g.out);
}

static void expect_error(const void *data, size_t len, int rc,
			 const char *in_err)
{
	struct got g = extract(data, len);

	if (g.rc != rc)
		print_error("got %d (%s), wanted %d\n", g.rc, g.err, rc);
	assert_int_equal(g.rc, rc);
	assert_null(g.out);
	if (in_err && !strstr(g.err, in_err))
		fail_msg("'%s' not in '%s'", in_err, g.err);
}

/* ---- raw ---------------------------------------------------------------- */

static void raw_passes_through(void **state)
{
	const char garbage[] = "  not a credential \x01\x02";

	(void)state;
	expect_found(CRED, strlen(CRED), MC_CARRIER_RAW, CRED);
	expect_found(JWS, strlen(JWS), MC_CARRIER_RAW, JWS);
	/* Unchanged, blanks and all: the verifier judges it. */
	expect_found(garbage, strlen(garbage), MC_CARRIER_RAW, garbage);
	expect_found("", 0, MC_CARRIER_RAW, "");
	/* Markup without an <svg> (a web page) is no carrier. */
	expect_found("<html><p>x</p></html>", 21, MC_CARRIER_RAW,
		     "<html><p>x</p></html>");
	assert_string_equal(mc_carrier_name(MC_CARRIER_PDF), "pdf");
	assert_string_equal(mc_carrier_name((mc_carrier)99), "raw");
}

static void too_big(void **state)
{
	char *big = calloc(1, (size_t)MC_CARRIER_MAX + 1);

	(void)state;
	assert_non_null(big);
	memset(big, ' ', MC_CREDENTIAL_MAX + 1);
	expect_error(big, MC_CREDENTIAL_MAX + 1, MC_ETOOBIG, "more than");
	expect_error(big, (size_t)MC_CARRIER_MAX + 1, MC_ETOOBIG, "more than");
	free(big);
}

static void bad_arguments(void **state)
{
	char *out = NULL;
	size_t len = 0;
	mc_carrier c;

	(void)state;
	assert_int_equal(
	    mc_credential_extract(NULL, 3, &out, &len, &c, NULL, 0), MC_EUSAGE);
	assert_int_equal(mc_credential_extract("x", 1, NULL, &len, &c, NULL, 0),
			 MC_EUSAGE);
}

/* ---- PNG ---------------------------------------------------------------- */

static void put32(mc_buf *b, uint32_t v)
{
	unsigned char p[4] = {(unsigned char)(v >> 24),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 8),
			      (unsigned char)v};

	assert_int_equal(mc__buf_add(b, p, 4), 0);
}

static void chunk(mc_buf *b, const char *type, const void *data, size_t len,
		  int crc_ok)
{
	uLong crc = crc32(0L, Z_NULL, 0);

	crc = crc32(crc, (const Bytef *)type, 4);
	crc = crc32(crc, data, (uInt)len);
	put32(b, (uint32_t)len);
	assert_int_equal(mc__buf_add(b, type, 4), 0);
	assert_int_equal(mc__buf_add(b, data, len), 0);
	put32(b, (uint32_t)crc ^ (crc_ok ? 0 : 1));
}

/* An iTXt chunk's data: keyword, flag, method, "", "", text. */
static size_t itxt(unsigned char *out, const char *keyword, const char *text,
		   int compress)
{
	size_t k = strlen(keyword) + 1, n;
	uLongf zlen = 4096;

	memcpy(out, keyword, k);
	out[k] = (unsigned char)compress;
	out[k + 1] = 0;
	out[k + 2] = 0; /* language tag */
	out[k + 3] = 0; /* translated keyword */
	n = k + 4;
	if (compress) {
		assert_int_equal(compress2(out + n, &zlen, (const Bytef *)text,
					   strlen(text), 9),
				 Z_OK);
		return n + zlen;
	}
	memcpy(out + n, text, strlen(text));
	return n + strlen(text);
}

/* A 1x1 PNG, with `extra` chunk data after IHDR when given. */
static void png(mc_buf *b, const char *type, const unsigned char *extra,
		size_t extra_len, int crc_ok)
{
	static const unsigned char sig[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0,
					       1, 8, 0, 0, 0, 0};
	unsigned char idat[64];
	uLongf zlen = sizeof(idat);
	const unsigned char row[2] = {0, 0};

	assert_int_equal(compress2(idat, &zlen, row, 2, 9), Z_OK);
	assert_int_equal(mc__buf_add(b, sig, 8), 0);
	chunk(b, "IHDR", ihdr, sizeof(ihdr), 1);
	if (extra)
		chunk(b, type, extra, extra_len, crc_ok);
	chunk(b, "IDAT", idat, zlen, 1);
	chunk(b, "IEND", "", 0, 1);
}

static void png_baked(void **state)
{
	unsigned char data[4096];
	mc_buf b = MC_BUF_INIT(1u << 20);
	size_t n;

	(void)state;
	n = itxt(data, "openbadgecredential", "\n  " CRED "\n", 0);
	png(&b, "iTXt", data, n, 1);
	expect_found(b.ptr, b.len, MC_CARRIER_PNG, CRED);
	mc__buf_free(&b);

	n = itxt(data, "openbadgecredential", CRED, 1);
	png(&b, "iTXt", data, n, 1);
	expect_found(b.ptr, b.len, MC_CARRIER_PNG, CRED);
	mc__buf_free(&b);

	n = itxt(data, "openbadgecredential", JWS, 0);
	png(&b, "iTXt", data, n, 1);
	expect_found(b.ptr, b.len, MC_CARRIER_PNG, JWS);
	mc__buf_free(&b);
}

static void png_without_credential(void **state)
{
	unsigned char data[4096];
	mc_buf b = MC_BUF_INIT(1u << 20);
	size_t n;

	(void)state;
	png(&b, NULL, NULL, 0, 1);
	expect_error(b.ptr, b.len, MC_ENOTFOUND, "openbadgecredential");
	mc__buf_free(&b);
	/* Open Badges 2.0 baking: named, not taken for a credential. */
	n = itxt(data, "openbadges", "https://example.org/assertion/1", 0);
	png(&b, "iTXt", data, n, 1);
	expect_error(b.ptr, b.len, MC_ENOTFOUND, "2.0");
	mc__buf_free(&b);
	/* Another keyword. */
	n = itxt(data, "Comment", CRED, 0);
	png(&b, "iTXt", data, n, 1);
	expect_error(b.ptr, b.len, MC_ENOTFOUND, NULL);
	mc__buf_free(&b);
}

static void png_damaged(void **state)
{
	unsigned char data[4096];
	mc_buf b = MC_BUF_INIT(1u << 20);
	size_t n, cut, itxt_end;

	(void)state;
	n = itxt(data, "openbadgecredential", CRED, 0);
	png(&b, "iTXt", data, n, 0);
	expect_error(b.ptr, b.len, MC_EINVALID, "chunk 2 (iTXt)");
	expect_error(b.ptr, b.len, MC_EINVALID, "CRC mismatch");
	mc__buf_free(&b);

	/* Cut anywhere before the end of the iTXt chunk: truncated. */
	png(&b, "iTXt", data, n, 1);
	itxt_end = 8 + 25 + 12 + n;
	for (cut = 8; cut < itxt_end; cut++)
		expect_error(b.ptr, cut, MC_EINVALID, NULL);
	expect_error(b.ptr, 8 + 25, MC_EINVALID, "without IEND");
	/* After it, the rest is not needed. */
	expect_found(b.ptr, itxt_end, MC_CARRIER_PNG, CRED);

	/* A length beyond the file. */
	b.ptr[8 + 25] = 0x7f;
	expect_error(b.ptr, b.len, MC_EINVALID, "beyond the end");
	b.ptr[8 + 25] = (char)0xff;
	expect_error(b.ptr, b.len, MC_EINVALID, "beyond the end");
	mc__buf_free(&b);

	/* IHDR must come first. */
	n = itxt(data, "openbadgecredential", CRED, 0);
	assert_int_equal(mc__buf_add(&b, "\x89PNG\r\n\x1a\n", 8), 0);
	chunk(&b, "iTXt", data, n, 1);
	expect_error(b.ptr, b.len, MC_EINVALID, "IHDR");
	mc__buf_free(&b);

	/* Compressed text that is not zlib; a bad compression method. */
	n = itxt(data, "openbadgecredential", CRED, 0);
	data[strlen("openbadgecredential") + 1] = 1;
	png(&b, "iTXt", data, n, 1);
	expect_error(b.ptr, b.len, MC_EINVALID, "compressed text");
	mc__buf_free(&b);
	data[strlen("openbadgecredential") + 2] = 7;
	png(&b, "iTXt", data, n, 1);
	expect_error(b.ptr, b.len, MC_EINVALID, "compression flag");
	mc__buf_free(&b);
	/* No end to the language tag. */
	png(&b, "iTXt", (const unsigned char *)"openbadgecredential\0\0\0en",
	    strlen("openbadgecredential") + 5, 1);
	expect_error(b.ptr, b.len, MC_EINVALID, "language tag");
	mc__buf_free(&b);
}

/* Our baking (the certificate PNG) reads back; only a PNG is baked. */
static void png_bake_reads_back(void **state)
{
	mc_buf b = MC_BUF_INIT(1u << 20);

	(void)state;
	png(&b, NULL, NULL, 0, 1);
	assert_int_equal(mc__png_bake(&b, JWS, strlen(JWS)), 0);
	expect_found(b.ptr, b.len, MC_CARRIER_PNG, JWS);
	/* Right after IHDR. */
	assert_memory_equal(b.ptr + 33 + 4, "iTXt", 4);
	mc__buf_free(&b);
	assert_int_equal(mc__buf_puts(&b, "%PDF-1.7"), 0);
	assert_int_equal(mc__png_bake(&b, JWS, strlen(JWS)), MC_EINVALID);
	mc__buf_free(&b);
}

/* ---- SVG ---------------------------------------------------------------- */

#define SVG_HEAD                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
	"<svg xmlns=\"http://www.w3.org/2000/svg\" "                           \
	"xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\" "             \
	"viewBox=\"0 0 512 512\">\n"

static void svg_baked(void **state)
{
	static const char *const cdata =
	    SVG_HEAD "<openbadges:credential>\n  <![CDATA[\n" CRED
		     "\n  ]]>\n</openbadges:credential><circle r=\"5\"/></svg>";
	static const char *const verify =
	    SVG_HEAD "<openbadges:credential verify=\" " JWS
		     " \"></openbadges:credential></svg>";
	static const char *const other_prefix =
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\"><g><ob:credential "
	    "verify=\"" JWS "\"/></g></svg>";
	static const char *const undeclared =
	    "<svg "
	    "xmlns=\"http://www.w3.org/2000/svg\"><openbadges:credential>" CRED
	    "</openbadges:credential></svg>";
	static const char *const doctype =
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG "
	    "1.1//EN\" "
	    "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">"
	    "<openbadges:credential verify=\"" JWS "\"/></svg>";
	static const char *const escaped =
	    SVG_HEAD "<openbadges:credential>{&quot;@context&quot;:[]}"
		     "</openbadges:credential></svg>";

	(void)state;
	expect_found(cdata, strlen(cdata), MC_CARRIER_SVG, CRED);
	expect_found(verify, strlen(verify), MC_CARRIER_SVG, JWS);
	expect_found(other_prefix, strlen(other_prefix), MC_CARRIER_SVG, JWS);
	expect_found(undeclared, strlen(undeclared), MC_CARRIER_SVG, CRED);
	expect_found(doctype, strlen(doctype), MC_CARRIER_SVG, JWS);
	expect_found(escaped, strlen(escaped), MC_CARRIER_SVG,
		     "{\"@context\":[]}");
}

static void svg_refused(void **state)
{
	static const char *const none = SVG_HEAD "<circle r=\"5\"/></svg>";
	static const char *const empty =
	    SVG_HEAD "<openbadges:credential>  </openbadges:credential></svg>";
	static const char *const ob2 =
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion "
	    "verify=\"https://example.org/a/1\"/></svg>";
	static const char *const wrong_ns =
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:openbadges=\"https://example.org/other\"><openbadges:"
	    "credential verify=\"" JWS "\"/></svg>";
	static const char *const entity =
	    "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]>"
	    "<svg>&a;</svg>";
	static const char *const not_svg =
	    "<html><svg/><openbadges:credential verify=\"" JWS "\"/></html>";
	static const char *const broken =
	    SVG_HEAD "<openbadges:credential verify=\"" JWS "\">";

	(void)state;
	expect_error(none, strlen(none), MC_ENOTFOUND,
		     "no <openbadges:credential>");
	expect_error(empty, strlen(empty), MC_ENOTFOUND, "empty");
	expect_error(ob2, strlen(ob2), MC_ENOTFOUND, "2.0");
	expect_error(wrong_ns, strlen(wrong_ns), MC_ENOTFOUND, NULL);
	expect_error(entity, strlen(entity), MC_EINVALID, "entity");
	expect_error(not_svg, strlen(not_svg), MC_EINVALID, "<html>");
	expect_error(broken, strlen(broken), MC_EINVALID, "not well-formed");
}

/* ---- PDF ---------------------------------------------------------------- */

/* Lengths of the objects stream() made (they hold binary data; an
 * address used again gets its new length). */
static struct {
	const char *p;
	size_t n;
} made[16];

static size_t obj_len(const char *p)
{
	size_t i;

	for (i = 0; i < 16; i++)
		if (made[i].p == p)
			return made[i].n;
	return strlen(p);
}

/* A PDF of objects `objs` (numbered from 1) with a cross-reference table
 * and trailer. */
static void pdf(mc_buf *b, const char *const *objs, size_t n)
{
	size_t offs[32], i, x;

	assert_true(n < 32);
	assert_int_equal(mc__buf_puts(b, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), 0);
	for (i = 0; i < n; i++) {
		offs[i] = b->len;
		assert_int_equal(mc__buf_printf(b, "%zu 0 obj\n", i + 1), 0);
		assert_int_equal(mc__buf_add(b, objs[i], obj_len(objs[i])), 0);
		assert_int_equal(mc__buf_puts(b, "\nendobj\n"), 0);
	}
	x = b->len;
	assert_int_equal(
	    mc__buf_printf(b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(
		    mc__buf_printf(b, "%010zu 00000 n \n", offs[i]), 0);
	assert_int_equal(mc__buf_printf(b,
					"trailer\n<< /Size %zu /Root 1 0 R "
					">>\nstartxref\n%zu\n%%%%EOF\n",
					n + 1, x),
			 0);
}

#define CATALOG "<< /Type /Catalog /Pages 2 0 R >>"
#define PAGES	"<< /Type /Pages /Kids [] /Count 0 >>"

/* "<< dict /Length N >>\nstream\nDATA\nendstream" for `data`. */
static char *stream(const char *dict, const void *data, size_t len)
{
	mc_buf b = MC_BUF_INIT(1u << 20);
	size_t n, i;
	char *p;

	assert_int_equal(
	    mc__buf_printf(&b, "<< %s /Length %zu >>\nstream\n", dict, len), 0);
	assert_int_equal(mc__buf_add(&b, data, len), 0);
	assert_int_equal(mc__buf_puts(&b, "\nendstream"), 0);
	n = b.len;
	p = mc__buf_detach(&b);
	for (i = 0; i < 16; i++)
		if (!made[i].p || made[i].p == p || i == 15) {
			made[i].p = p;
			made[i].n = n;
			break;
		}
	return p;
}

static char *flate(const char *dict, const char *text)
{
	unsigned char z[4096];
	uLongf zlen = sizeof(z);

	assert_int_equal(
	    compress2(z, &zlen, (const Bytef *)text, strlen(text), 9), Z_OK);
	return stream(dict, z, zlen);
}

static void pdf_embedded_files(void **state)
{
	mc_buf b = MC_BUF_INIT(1u << 20);
	char *s1, *s2;

	(void)state;
	/* Uncompressed, typed: after an attachment that is no credential. */
	s1 = stream("/Type /EmbeddedFile /Subtype /text#2Fplain", "hello", 5);
	s2 = stream("/Type /Embedded#46ile", CRED, strlen(CRED));
	{
		const char *objs[] = {CATALOG, PAGES, s1, s2};

		pdf(&b, objs, 4);
	}
	expect_found(b.ptr, b.len, MC_CARRIER_PDF, CRED);
	mc__buf_free(&b);
	free(s1);
	free(s2);

	/* FlateDecode (in an array), untyped, named by a file
	 * specification's /EF only. */
	s1 = flate("/Filter [/FlateDecode]", JWS);
	{
		const char *objs[] = {
		    CATALOG, PAGES,
		    "<< /Type /Filespec /F (c.jwt) /EF << /F 4 0 R >> >>", s1};

		pdf(&b, objs, 4);
	}
	expect_found(b.ptr, b.len, MC_CARRIER_PDF, JWS);
	mc__buf_free(&b);
	free(s1);
}

static void pdf_object_stream(void **state)
{
	/* The file specification inside a compressed object stream; the
	 * embedded file's stream has no /Type. */
	const char *spec = "<< /Type /Filespec /UF <FEFF0063> "
			   "/EF << /UF 5 0 R >> >>";
	char head[32], text[256], dict[80];
	mc_buf b = MC_BUF_INIT(1u << 20);
	char *objstm, *file;

	(void)state;
	snprintf(head, sizeof(head), "3 0 ");
	snprintf(text, sizeof(text), "%s%s", head, spec);
	snprintf(dict, sizeof(dict),
		 "/Type /ObjStm /Filter /FlateDecode /N 1 /First %zu",
		 strlen(head));
	objstm = flate(dict, text);
	file = stream("", CRED, strlen(CRED));
	{
		const char *objs[] = {CATALOG, PAGES, "null", objstm, file};

		pdf(&b, objs, 5);
	}
	expect_found(b.ptr, b.len, MC_CARRIER_PDF, CRED);
	mc__buf_free(&b);
	free(objstm);
	free(file);
}

static void pdf_length_by_reference(void **state)
{
	/* The data holds "endstream": only its /Length (a reference to an
	 * object after it, as cairo writes) says where it ends. */
	const char *data = "{\"@context\":[],\"note\":\"a endstream b\"}";
	mc_buf b = MC_BUF_INIT(1u << 20);
	char obj3[256], obj4[24];

	(void)state;
	snprintf(obj3, sizeof(obj3),
		 "<< /Type /EmbeddedFile /Length 4 0 R >>\nstream\n%s\n"
		 "endstream",
		 data);
	snprintf(obj4, sizeof(obj4), "%zu", strlen(data));
	{
		const char *objs[] = {CATALOG, PAGES, obj3, obj4};

		pdf(&b, objs, 4);
	}
	expect_found(b.ptr, b.len, MC_CARRIER_PDF, data);
	mc__buf_free(&b);
}

static void pdf_later_definition(void **state)
{
	/* An incremental update redefines object 3: the new file counts. */
	mc_buf b = MC_BUF_INIT(1u << 20);
	char *s1 = stream("/Type /EmbeddedFile", CRED, strlen(CRED));
	char *s2 = stream("/Type /EmbeddedFile", CRED2, strlen(CRED2));
	const char *objs[] = {CATALOG, PAGES, s1};

	(void)state;
	pdf(&b, objs, 3);
	assert_int_equal(mc__buf_printf(&b, "3 0 obj\n%s\nendobj\n", s2), 0);
	expect_found(b.ptr, b.len, MC_CARRIER_PDF, CRED2);
	mc__buf_free(&b);
	free(s1);
	free(s2);
}

static void pdf_without_credential(void **state)
{
	mc_buf b = MC_BUF_INIT(1u << 20);
	char *s1 = stream("/Type /EmbeddedFile", "<invoice/>", 10);

	(void)state;
	{
		const char *objs[] = {CATALOG, PAGES};

		pdf(&b, objs, 2);
	}
	expect_error(b.ptr, b.len, MC_ENOTFOUND, "no attached credential");
	mc__buf_free(&b);
	{
		const char *objs[] = {CATALOG, PAGES, s1};

		pdf(&b, objs, 3);
	}
	expect_error(b.ptr, b.len, MC_ENOTFOUND, "1 attached file, none");
	mc__buf_free(&b);
	free(s1);
}

static void pdf_damaged(void **state)
{
	mc_buf b = MC_BUF_INIT(1u << 20);
	char *s1, *full;
	size_t at;

	(void)state;
	expect_error("%PDF-1.7\nnothing here\n", 22, MC_EINVALID, "no objects");
	/* Compressed data that is not zlib. */
	s1 = stream("/Type /EmbeddedFile /Filter /FlateDecode", "garbage!", 8);
	{
		const char *objs[] = {CATALOG, PAGES, s1};

		pdf(&b, objs, 3);
	}
	expect_error(b.ptr, b.len, MC_EINVALID, "object 3");
	mc__buf_free(&b);
	free(s1);
	/* A filter not read. */
	s1 = stream("/Type /EmbeddedFile /Filter /LZWDecode", "x", 1);
	{
		const char *objs[] = {CATALOG, PAGES, s1};

		pdf(&b, objs, 3);
	}
	expect_error(b.ptr, b.len, MC_EINVALID, "LZWDecode");
	mc__buf_free(&b);
	free(s1);
	/* Cut inside the embedded file's data: no endstream. */
	s1 = flate("/Type /EmbeddedFile /Filter /FlateDecode", CRED);
	{
		const char *objs[] = {CATALOG, PAGES, s1};

		pdf(&b, objs, 3);
	}
	full = b.ptr;
	at = (size_t)(strstr(full, "stream\n") - full) + 12;
	expect_error(full, at, MC_EINVALID, "truncated");
	mc__buf_free(&b);
	free(s1);
}

/* Where `text` is in the PDF `b` (binary-safe), or NULL. */
static const char *in(const mc_buf *b, const char *text)
{
	return mc__memfind(b->ptr, b->len, text, strlen(text));
}

static void pdf_attach_reads_back(void **state)
{
	struct mc__pdf_file files[2] = {
	    {"credential.jwt", "application/vc+jwt", "the (VC-JWT)", JWS,
	     strlen(JWS)},
	    {"credential.json", "application/json", NULL, CRED, strlen(CRED)}};
	mc_buf b = MC_BUF_INIT(1u << 20);
	const char *objs[] = {
	    "<< /Type /Catalog /Pages 2 0 R /Names << /Dests 3 0 R >> >>",
	    PAGES, "<< /Names [] >>"};

	(void)state;
	pdf(&b, objs, 3);
	assert_int_equal(mc__pdf_attach(&b, files, 2, "D:20261207120000Z"), 0);
	/* The first given is the first read. */
	expect_found(b.ptr, b.len, MC_CARRIER_PDF, JWS);
	assert_non_null(in(&b, "/AF [ 5 0 R 7 0 R ]"));
	assert_non_null(in(&b, "/Dests 3 0 R"));
	assert_non_null(in(&b, "/EmbeddedFiles 8 0 R"));
	/* The name tree's keys in byte order. */
	assert_non_null(in(&b, "(credential.json) 7 0 R"));
	assert_true(in(&b, "(credential.json) 7 0 R") <
		    in(&b, "(credential.jwt) 5 0 R"));
	assert_non_null(in(&b, "/Subtype /application#2Fvc+jwt"));
	assert_non_null(in(&b, "/Desc (the \\(VC-JWT\\))"));
	assert_non_null(in(&b, "/Prev "));
	mc__buf_free(&b);

	/* No trailer: not a PDF this can update. */
	assert_int_equal(mc__buf_puts(&b, "%PDF-1.7\n1 0 obj\n<< >>\nendobj\n"),
			 0);
	assert_int_equal(mc__pdf_attach(&b, files, 1, NULL), MC_EINVALID);
	mc__buf_free(&b);
}

/* Inputs made to cost quadratic time in a naive reader: unterminated
 * strings after every header, and many streams with /Length by reference
 * and file specifications.  Each must be read in linear time. */
static void pdf_adversarial(void **state)
{
	mc_buf b = MC_BUF_INIT(64u << 20);
	clock_t t0;
	size_t i;

	(void)state;
	assert_int_equal(mc__buf_puts(&b, "%PDF-1.7\n"), 0);
	while (b.len < (8u << 20))
		assert_int_equal(mc__buf_puts(&b, "1 0 obj ("), 0);
	t0 = clock();
	expect_error(b.ptr, b.len, MC_EINVALID, "damaged beyond reading");
	assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
	mc__buf_free(&b);

	assert_int_equal(mc__buf_puts(&b, "%PDF-1.7\n"), 0);
	for (i = 1; b.len < (8u << 20); i += 3)
		assert_int_equal(
		    mc__buf_printf(&b,
				   "%zu 0 obj << /Length %zu 0 R >> stream\nx\n"
				   "endstream endobj %zu 0 obj 1 endobj %zu 0 "
				   "obj << /EF << /F %zu 0 R >> >> endobj\n",
				   i, i + 1, i + 1, i + 2, i),
		    0);
	t0 = clock();
	expect_error(b.ptr, b.len, MC_ENOTFOUND, "attached files, none");
	assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
	mc__buf_free(&b);
}

/* ---- any input ------------------------------------------------------------
 */

static void check_any(const char *data, size_t len)
{
	struct got g = extract(data, len);

	if (g.rc == 0) {
		assert_non_null(g.out);
		assert_int_equal(g.out[g.len], '\0');
	} else {
		assert_true(g.rc == MC_ENOTFOUND || g.rc == MC_EINVALID ||
			    g.rc == MC_ETOOBIG);
		assert_null(g.out);
		assert_true(g.err[0] != '\0');
	}
	free(g.out);
}

/* Every prefix, and every byte flipped, of each carrier. */
static void every_prefix_and_flip(void **state)
{
	unsigned char data[4096];
	mc_buf b[3] = {MC_BUF_INIT(1u << 20), MC_BUF_INIT(1u << 20),
		       MC_BUF_INIT(1u << 20)};
	struct mc__pdf_file f = {"credential.json", "application/json", NULL,
				 CRED, strlen(CRED)};
	const char *objs[] = {CATALOG, PAGES};
	size_t i, k, n;

	(void)state;
	pdf(&b[0], objs, 2);
	assert_int_equal(mc__pdf_attach(&b[0], &f, 1, NULL), 0);
	n = itxt(data, "openbadgecredential", CRED, 1);
	png(&b[1], "iTXt", data, n, 1);
	assert_int_equal(mc__buf_puts(&b[2], SVG_HEAD
				      "<openbadges:credential><![CDATA[" CRED
				      "]]></openbadges:credential></svg>"),
			 0);
	for (k = 0; k < 3; k++) {
		for (i = 0; i <= b[k].len; i++)
			check_any(b[k].ptr, i);
		for (i = 0; i < b[k].len; i++) {
			b[k].ptr[i] ^= 0x20;
			check_any(b[k].ptr, b[k].len);
			b[k].ptr[i] ^= 0x20;
		}
		mc__buf_free(&b[k]);
	}
}

/* ---- URLs ------------------------------------------------------------------
 */

static void url_refused(void **state)
{
	char *out = NULL, err[256];
	size_t len = 0;

	(void)state;
	assert_int_equal(mc_credential_from_url(NULL, "https://example.org/c/1",
						0, &out, &len, err,
						sizeof(err)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(err, "offline"));
	assert_int_equal(mc_credential_from_url(NULL, "https://ex ample.org/",
						1, &out, &len, err,
						sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "position 11"));
	assert_int_equal(mc_credential_from_url(NULL, "ftp://example.org/c", 1,
						&out, &len, err, sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(
	    mc_credential_from_url(NULL, "", 1, &out, &len, err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(
	    mc_credential_from_url(NULL, "123e4567-e89b-42d3-a456-426614174000",
				   1, &out, &len, err, sizeof(err)),
	    MC_ENOTFOUND);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(raw_passes_through),
	    cmocka_unit_test(too_big),
	    cmocka_unit_test(bad_arguments),
	    cmocka_unit_test(png_baked),
	    cmocka_unit_test(png_without_credential),
	    cmocka_unit_test(png_damaged),
	    cmocka_unit_test(png_bake_reads_back),
	    cmocka_unit_test(svg_baked),
	    cmocka_unit_test(svg_refused),
	    cmocka_unit_test(pdf_embedded_files),
	    cmocka_unit_test(pdf_object_stream),
	    cmocka_unit_test(pdf_length_by_reference),
	    cmocka_unit_test(pdf_later_definition),
	    cmocka_unit_test(pdf_without_credential),
	    cmocka_unit_test(pdf_damaged),
	    cmocka_unit_test(pdf_attach_reads_back),
	    cmocka_unit_test(pdf_adversarial),
	    cmocka_unit_test(every_prefix_and_flip),
	    cmocka_unit_test(url_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
