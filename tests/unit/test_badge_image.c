/*
 * Unit tests for generated badge images (badge.h, badge_image.c): the
 * same MC version gives the same PNG and SVG bytes, the PNG is a 512 x 512
 * PNG, the SVG is well-formed XML whose text reads back as the title
 * (with "<", "&" and Georgian in it), long titles end with an ellipsis,
 * two MCs differ, organisations get their initials, and bad arguments
 * are refused; the badge is a PNG and an SVG that mc_credential_extract()
 * reads (every chunk's CRC) and finds no credential in, and once baked
 * (mc__png_bake) gives the credential back.  With MC_BADGE_SAMPLES=DIR set, the
 * images are also written there to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "microcred/badge.h"
#include "microcred/extract.h"
#include "microcred/organisation.h"

#include "render/certificate_private.h"

#include "sample_mc.h"

static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
					 '\r', '\n', 0x1a, '\n'};

/* The sample MC with `lang`'s title set to `title` (NULL: unchanged),
 * primary language `primary` and id `id` (NULL: unchanged). */
static mc_microcred *sample(const char *id, const char *primary,
			    const char *title)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;

	assert_int_equal(sample_parse(&mc, sample_mc_object(), &problems), 0);
	mc_problems_clear(&problems);
	if (id) {
		free(mc->id);
		mc->id = strdup(id);
	}
	if (primary) {
		free(mc->primary_language);
		mc->primary_language = strdup(primary);
	}
	if (title)
		assert_int_equal(
		    mc_langmap_set(&mc->title, mc->primary_language, title), 0);
	return mc;
}

static mc_org *org(const char *id, const char *lang, const char *name,
		   const char *short_name)
{
	mc_org *o = NULL;

	assert_int_equal(mc_org_new(&o), 0);
	o->id = strdup(id);
	assert_int_equal(mc_langmap_set(&o->name, lang, name), 0);
	if (short_name)
		o->short_name = strdup(short_name);
	o->country = strdup("UA");
	return o;
}

/* Write `data` to $MC_BADGE_SAMPLES/name when that is set. */
static void keep(const char *name, const unsigned char *data, size_t len)
{
	const char *dir = getenv("MC_BADGE_SAMPLES");
	char path[512];
	FILE *f;

	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb"))) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void png_same_bytes_and_size(void **state)
{
	mc_microcred *mc = sample(NULL, NULL, NULL);
	mc_org *o = org("ua-dniprorudne-lyceum", "uk",
			"Дніпрорудненський професійний ліцей", NULL);
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	(void)state;
	assert_int_equal(mc_badge_image(&a, &alen, mc, o, MC_IMAGE_PNG), 0);
	assert_int_equal(mc_badge_image(&b, &blen, mc, o, MC_IMAGE_PNG), 0);
	keep("badge-uk.png", a, alen);
	assert_true(alen > 1000);
	assert_memory_equal(a, png_sig, 8);
	/* IHDR first: width and height. */
	assert_memory_equal(a + 12, "IHDR", 4);
	assert_int_equal(be32(a + 16), MC_BADGE_IMAGE_SIZE);
	assert_int_equal(be32(a + 20), MC_BADGE_IMAGE_SIZE);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_string_equal(mc_image_media_type(MC_IMAGE_PNG), "image/png");
	free(a);
	free(b);
	mc_org_free(o);
	mc_microcred_free(mc);
}

/* Every <text> of the SVG's root group, joined by spaces, into `out`. */
static void svg_texts(const unsigned char *svg, size_t len, char *out,
		      size_t outlen, char *title, size_t titlelen)
{
	xmlDocPtr doc = xmlReadMemory((const char *)svg, (int)len, "badge.svg",
				      "UTF-8", XML_PARSE_NONET);
	xmlNodePtr root, n, t;

	assert_non_null(doc); /* well-formed */
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "svg");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href,
			    "http://www.w3.org/2000/svg");
	out[0] = title[0] = '\0';
	for (n = root->children; n; n = n->next) {
		xmlChar *c;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "title") == 0) {
			c = xmlNodeGetContent(n);
			snprintf(title, titlelen, "%s", (const char *)c);
			xmlFree(c);
		}
		if (strcmp((const char *)n->name, "g") != 0)
			continue;
		for (t = n->children; t; t = t->next) {
			if (t->type != XML_ELEMENT_NODE)
				continue;
			c = xmlNodeGetContent(t);
			snprintf(out + strlen(out), outlen - strlen(out),
				 "%s%s", *out ? " " : "", (const char *)c);
			xmlFree(c);
		}
	}
	xmlFreeDoc(doc);
}

static void svg_escaped_and_well_formed(void **state)
{
	const char *title = "<b>Зварювання & ქართული შედუღება</b>";
	mc_microcred *mc = sample(NULL, NULL, title);
	mc_org *o = org("ua-x", "uk", "Ліцей \"Дніпро\" & Co", NULL);
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	char texts[4096], t[1024];

	(void)state;
	assert_int_equal(mc_badge_image(&a, &alen, mc, o, MC_IMAGE_SVG), 0);
	assert_int_equal(mc_badge_image(&b, &blen, mc, o, MC_IMAGE_SVG), 0);
	keep("badge-escaped.svg", a, alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_true(alen < 8192); /* text, not glyph outlines */
	svg_texts(a, alen, texts, sizeof(texts), t, sizeof(t));
	assert_string_equal(t, title);
	/* The lines, joined, are the title's words in order. */
	assert_non_null(strstr(texts, "<b>Зварювання &"));
	assert_non_null(strstr(texts, "ქართული"));
	assert_non_null(strstr(texts, "Ліцей \"Дніпро\" & Co"));
	assert_non_null(strstr(texts, "EQF LEVEL 3"));
	assert_non_null(strstr((const char *)a, "&lt;b&gt;"));
	assert_non_null(strstr((const char *)a, "&amp;"));
	assert_non_null(strstr((const char *)a, "xml:lang=\"uk\""));
	assert_string_equal(mc_image_media_type(MC_IMAGE_SVG), "image/svg+xml");
	free(a);
	free(b);
	mc_org_free(o);
	mc_microcred_free(mc);
}

/* Georgian and Armenian titles lay out in lines (their own fonts), and a
 * title too long for four lines ends with an ellipsis. */
static void scripts_and_ellipsis(void **state)
{
	static const struct {
		const char *lang, *title, *file;
	} cases[] = {
	    {"ka", "ხელით რკალური შედუღების საფუძვლები", "badge-ka"},
	    {"hy", "Ձեռքով աղեղային եռակցման հիմունքներ", "badge-hy"},
	};
	char long_title[2048] = "", texts[8192], t[2048], name[64];
	unsigned char *a = NULL;
	size_t alen = 0, i;
	mc_microcred *mc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mc = sample(NULL, cases[i].lang, cases[i].title);
		assert_int_equal(
		    mc_badge_image(&a, &alen, mc, NULL, MC_IMAGE_SVG), 0);
		snprintf(name, sizeof(name), "%s.svg", cases[i].file);
		keep(name, a, alen);
		svg_texts(a, alen, texts, sizeof(texts), t, sizeof(t));
		assert_string_equal(t, cases[i].title);
		free(a);
		assert_int_equal(
		    mc_badge_image(&a, &alen, mc, NULL, MC_IMAGE_PNG), 0);
		snprintf(name, sizeof(name), "%s.png", cases[i].file);
		keep(name, a, alen);
		assert_memory_equal(a, png_sig, 8);
		free(a);
		mc_microcred_free(mc);
	}
	for (i = 0; i < 30; i++)
		strcat(long_title, "შედუღება ");
	mc = sample(NULL, "ka", long_title);
	assert_int_equal(mc_badge_image(&a, &alen, mc, NULL, MC_IMAGE_SVG), 0);
	svg_texts(a, alen, texts, sizeof(texts), t, sizeof(t));
	assert_non_null(strstr(texts, "\xe2\x80\xa6"));
	/* At most four title lines: label, four lines, the EQF ribbon. */
	{
		size_t lines = 0;
		const char *p = (const char *)a;

		while ((p = strstr(p, "<text ")) != NULL) {
			lines++;
			p++;
		}
		assert_int_equal(lines, 6);
	}
	free(a);
	mc_microcred_free(mc);
}

static void mcs_differ(void **state)
{
	mc_microcred *x = sample(NULL, NULL, NULL);
	mc_microcred *y = sample("ua-other-mc", NULL, NULL);
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	(void)state;
	assert_int_equal(mc_badge_image(&a, &alen, x, NULL, MC_IMAGE_PNG), 0);
	assert_int_equal(mc_badge_image(&b, &blen, y, NULL, MC_IMAGE_PNG), 0);
	assert_false(alen == blen && memcmp(a, b, alen) == 0);
	free(a);
	free(b);
	/* Another field, another colour. */
	free(y->sector);
	y->sector = strdup("0611");
	free(y->id);
	y->id = strdup(x->id);
	assert_int_equal(mc_badge_image(&a, &alen, x, NULL, MC_IMAGE_SVG), 0);
	assert_int_equal(mc_badge_image(&b, &blen, y, NULL, MC_IMAGE_SVG), 0);
	assert_false(alen == blen && memcmp(a, b, alen) == 0);
	free(a);
	free(b);
	mc_microcred_free(x);
	mc_microcred_free(y);
}

static void org_initials(void **state)
{
	static const struct {
		const char *lang, *name, *short_name, *expect;
	} cases[] = {
	    {"en", "Federal Institute for Vocational Education and Training",
	     "BIBB", "BIBB"},
	    {"en", "Dniprorudne Professional Lyceum", NULL, "DPL"},
	    {"uk", "Дніпрорудненський професійний ліцей", NULL, "Д"},
	    {"ka", "თბილისის სახელმწიფო კოლეჯი", NULL, "თს"},
	    {"en", "Saxon & Co <Dresden>", "a very long short name", "SCD"},
	};
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0, i;
	char texts[1024], t[512];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mc_org *o = org("org-x", cases[i].lang, cases[i].name,
				cases[i].short_name);

		assert_int_equal(mc_org_image(&a, &alen, o, MC_IMAGE_SVG), 0);
		svg_texts(a, alen, texts, sizeof(texts), t, sizeof(t));
		assert_string_equal(texts, cases[i].expect);
		assert_string_equal(t, cases[i].name);
		free(a);
		assert_int_equal(mc_org_image(&a, &alen, o, MC_IMAGE_PNG), 0);
		assert_int_equal(mc_org_image(&b, &blen, o, MC_IMAGE_PNG), 0);
		if (i == 0)
			keep("org.png", a, alen);
		assert_memory_equal(a, png_sig, 8);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
		free(a);
		free(b);
		mc_org_free(o);
	}
}

static void extract_and_bake(void **state)
{
	static const char vc[] = "{\"@context\": [], \"id\": \"urn:x\"}";
	mc_microcred *mc = sample(NULL, NULL, NULL);
	mc_buf b = MC_BUF_INIT(8u * 1024u * 1024u);
	unsigned char *a = NULL;
	size_t alen = 0, outlen = 0;
	mc_carrier carrier;
	char *out = NULL, err[256];

	(void)state;
	assert_int_equal(mc_badge_image(&a, &alen, mc, NULL, MC_IMAGE_PNG), 0);
	assert_int_equal(mc_credential_extract((const char *)a, alen, &out,
					       &outlen, &carrier, err,
					       sizeof(err)),
			 MC_ENOTFOUND);
	assert_int_equal(carrier, MC_CARRIER_PNG);
	assert_int_equal(mc__buf_add(&b, a, alen), 0);
	assert_int_equal(mc__png_bake(&b, vc, strlen(vc)), 0);
	assert_int_equal(mc_credential_extract(b.ptr, b.len, &out, &outlen,
					       &carrier, err, sizeof(err)),
			 0);
	assert_string_equal(out, vc);
	free(out);
	mc__buf_free(&b);
	free(a);
	assert_int_equal(mc_badge_image(&a, &alen, mc, NULL, MC_IMAGE_SVG), 0);
	assert_int_equal(mc_credential_extract((const char *)a, alen, &out,
					       &outlen, &carrier, err,
					       sizeof(err)),
			 MC_ENOTFOUND);
	assert_int_equal(carrier, MC_CARRIER_SVG);
	free(a);
	mc_microcred_free(mc);
}

static void bad_arguments(void **state)
{
	mc_microcred *mc = sample(NULL, NULL, NULL);
	unsigned char *a = NULL;
	size_t alen = 0;

	(void)state;
	assert_int_equal(mc_badge_image(NULL, &alen, mc, NULL, MC_IMAGE_PNG),
			 MC_EUSAGE);
	assert_int_equal(mc_badge_image(&a, &alen, NULL, NULL, MC_IMAGE_PNG),
			 MC_EUSAGE);
	assert_int_equal(mc_org_image(&a, &alen, NULL, MC_IMAGE_SVG),
			 MC_EUSAGE);
	mc_langmap_clear(&mc->title);
	assert_int_equal(mc_badge_image(&a, &alen, mc, NULL, MC_IMAGE_SVG),
			 MC_EUSAGE);
	assert_null(a);
	mc_microcred_free(mc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(png_same_bytes_and_size),
	    cmocka_unit_test(svg_escaped_and_well_formed),
	    cmocka_unit_test(scripts_and_ellipsis),
	    cmocka_unit_test(mcs_differ),
	    cmocka_unit_test(org_initials),
	    cmocka_unit_test(extract_and_bake),
	    cmocka_unit_test(bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
