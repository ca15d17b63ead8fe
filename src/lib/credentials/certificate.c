/*
 * Printable certificates (certificate.h): gathers the text of one
 * certificate through the public API (credential, MC version awarded,
 * organisations) and renders the page (certificate_layout.c) to PDF or
 * PNG with cairo.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/catalogue.h"
#include "microcred/certificate.h"
#include "microcred/credential.h"

#include "issue_private.h"
#include "render/certificate_private.h"
#include "crypto/crypto.h"
#include "europass/edc.h"
#include "europass/edc_concepts.h"
#include "render/pdf_private.h"
#include "util/util.h"

/* Largest certificate file accepted from cairo (a page is ~100 KB). */
#define MC__CERT_MAX (32u * 1024u * 1024u)

void mc_certificate_fingerprint(char buf[20], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[MC__SHA256_LEN];
	size_t i, o = 0;

	mc__sha256(d, data, len);
	for (i = 0; i < 8; i++) {
		if (i && i % 2 == 0)
			buf[o++] = ' ';
		buf[o++] = hex[d[i] >> 4];
		buf[o++] = hex[d[i] & 15];
	}
	buf[o] = '\0';
}

int mc_certificate_qr_payload(mc_store *store, char **out, const char *id)
{
	mc_credential *c = NULL;
	int rc;

	if (!store || !out || !id)
		return MC_EUSAGE;
	*out = NULL;
	if ((rc = mc_credential_get(store, &c, id)) != 0)
		return rc;
	*out = mc__strdup(c->id);
	mc_credential_free(c);
	return *out ? 0 : MC_ENOMEM;
}

void mc__cert_text_clear(struct mc__cert_text *t)
{
	size_t i;

	free(t->learner);
	free(t->awarding);
	free(t->issued);
	free(t->qr);
	for (i = 0; i < t->fact_count; i++)
		free(t->facts[i].value);
	free((void *)t->outcomes);
	memset(t, 0, sizeof(*t));
}

/* The heading in a few languages of the partner countries; NULL: print
 * the English one alone. */
static const char *heading_for(const char *lang)
{
	static const char *const table[][2] = {
	    {"uk", "Мікрокваліфікація"},   {"ka", "მიკროკვალიფიკაცია"},
	    {"hy", "Միկրոորակավորում"},	   {"de", "Mikro-Credential"},
	    {"fr", "Micro-certification"}, {"es", "Microcredencial"},
	    {"it", "Microcredenziale"},	   {"pl", "Mikropoświadczenie"},
	    {"ro", "Micro-certificat"},	   {"ru", "Микроквалификация"},
	    {"az", "Mikro-kvalifikasiya"}, {"ro-MD", "Micro-certificat"}};
	size_t i;

	if (!lang)
		return NULL;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strncmp(lang, table[i][0], 2) == 0 &&
		    (lang[2] == '\0' || lang[2] == '-'))
			return table[i][1];
	return NULL;
}

/* The credential's document as JSON (mc_credential_document: OB3 as
 * stored, the VC-JWT payload's "vc" member or the payload, the EDC sealed
 * payload).  NULL if unreadable. */
static json_t *credential_json(const mc_credential *c)
{
	char *text = NULL;
	size_t len = 0;
	json_t *doc, *vc;

	if (mc_credential_document(&text, &len, c->data, c->len, c->format) < 0)
		return NULL;
	doc = json_loadb(text, len, 0, NULL);
	free(text);
	if (c->format == MC_FORMAT_VC_JWT &&
	    (vc = json_object_get(doc, "vc")) != NULL) {
		json_incref(vc);
		json_decref(doc);
		return vc;
	}
	return doc;
}

/* The language the credential was issued in, copied into `buf`; "" if
 * none: achievement.inLanguage for OB3 and VC-JWT, for an EDC the BCP 47
 * tag of displayParameter.primaryLanguage (an EU authority concept). */
static void credential_lang(char buf[36], const mc_credential *c)
{
	json_t *doc = credential_json(c), *subject, *primary;
	const char *l;

	buf[0] = '\0';
	if (c->format == MC_FORMAT_EDC) {
		primary =
		    json_object_get(json_object_get(doc, "displayParameter"),
				    "primaryLanguage");
		if (mc__edc_lang_tag(buf, json_string_value(json_object_get(
					      primary, "id"))) < 0)
			buf[0] = '\0';
		json_decref(doc);
		return;
	}
	subject = json_object_get(doc, "credentialSubject");
	if (json_is_array(subject))
		subject = json_array_get(subject, 0);
	l = json_string_value(json_object_get(
	    json_object_get(subject, "achievement"), "inLanguage"));
	if (l && strlen(l) < 36)
		strcpy(buf, l);
	json_decref(doc);
}

/* The credential's format as the footer names it. */
static const char *format_name(mc_credential_format f)
{
	switch (f) {
	case MC_FORMAT_EDC:
		return "European Digital Credential (Europass), sealed";
	case MC_FORMAT_VC_JWT:
		return "W3C Verifiable Credential (VC-JWT), signed";
	case MC_FORMAT_OB3:
		return "Open Badges 3.0 (W3C Verifiable Credential), signed";
	}
	return NULL;
}

/* "work-based" -> "Work based" (vocabulary names made readable). */
static void human(mc_buf *b, const char *name)
{
	size_t start = b->len;
	char *p;

	if (!name || mc__buf_puts(b, name) < 0)
		return;
	for (p = b->ptr + start; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	p = b->ptr + start;
	if (*p >= 'a' && *p <= 'z')
		*p = (char)toupper((unsigned char)*p);
}

static char *org_name(mc_store *store, const char *id, const char *lang)
{
	mc_org *org = NULL;
	char *name;

	if (!id || mc_org_get(store, &org, id) != 0)
		return mc__strdup(id ? id : "");
	name = mc__strdup(mc_langmap_pick(&org->name, lang, "en"));
	mc_org_free(org);
	return name;
}

static int add_fact(struct mc__cert_text *t, const char *label, mc_buf *b)
{
	char *v = mc__buf_detach(b);

	if (!v)
		return MC_ENOMEM;
	if (!*v || t->fact_count == MC__CERT_FACTS) {
		free(v);
		return 0;
	}
	t->facts[t->fact_count].label = label;
	t->facts[t->fact_count++].value = v;
	return 0;
}

/* Fill `t` for learner `learner` (owned by `t` after the call, freed on
 * failure too), credential `id` issued at `issued_at` (RFC 3339; the date
 * is printed), MC `mc`, in `lang`; the fingerprint is the caller's. */
static int gather(mc_store *store, struct mc__cert_text *t, char *learner,
		  const char *id, const char *issued_at, const mc_microcred *mc,
		  const char *lang)
{
	const char *p = mc->primary_language, *s;
	mc_buf b = MC_BUF_INIT(1u << 20);
	size_t i;
	int rc = 0;
	char *n;

	t->lang = lang;
	t->heading_en = "Micro-credential";
	t->heading = heading_for(lang);
	t->learner = learner ? learner : mc__strdup("");
	t->title = mc_langmap_pick(&mc->title, lang, p);
	t->title_en = mc_langmap_get(&mc->title, "en");
	if (t->title_en && mc__streq(t->title_en, t->title))
		t->title_en = NULL;
	t->issued = mc__strdup(issued_at ? issued_at : "");
	if (t->issued && strlen(t->issued) > 10)
		t->issued[10] = '\0';
	t->cred_id = id;
	t->qr = mc__strdup(id);

	for (i = 0; i < mc->awarding_bodies.count; i++) {
		n = org_name(store, mc->awarding_bodies.items[i], lang);
		mc__buf_printf(&b, "%s%s", i ? "; " : "", n ? n : "");
		free(n);
	}
	if (!mc->awarding_bodies.count && mc->provider) {
		n = org_name(store, mc->provider, lang);
		mc__buf_puts(&b, n ? n : "");
		free(n);
	}
	t->awarding = mc__buf_detach(&b);

	/* Annex I 8: level */
	if (mc->eqf_level)
		mc__buf_printf(&b, "EQF %d", mc->eqf_level);
	if (mc->nqf_level)
		mc__buf_printf(&b, "%sNQF %s", b.len ? "  ·  " : "",
			       mc->nqf_level);
	rc |= add_fact(t, "Level", &b);
	/* Annex I 7: workload */
	if (mc->ects > 0)
		mc__buf_printf(&b, "%g ECTS", mc->ects);
	if (mc->ecvet > 0)
		mc__buf_printf(&b, "%s%g ECVET", b.len ? "  ·  " : "",
			       mc->ecvet);
	if (mc->hours > 0)
		mc__buf_printf(&b, "%s%g hours of learning",
			       b.len ? "  ·  " : "", mc->hours);
	rc |= add_fact(t, "Credits", &b);
	/* Annex I 9 */
	human(&b, mc_assessment_name(mc->assessment));
	if ((s = mc_langmap_pick(&mc->assessment_description, lang, p)))
		mc__buf_printf(&b, ": %s", s);
	rc |= add_fact(t, "Assessment", &b);
	/* Annex I 10 */
	human(&b, mc_mode_name(mc->mode));
	if (mc->work_based)
		mc__buf_puts(&b, ", work-based learning");
	if (mc->volunteering)
		mc__buf_puts(&b, ", volunteering");
	rc |= add_fact(t, "Participation", &b);
	/* Annex I 11 */
	human(&b, mc_qa_name(mc->qa_type));
	if (mc->qa_body) {
		n = org_name(store, mc->qa_body, lang);
		mc__buf_printf(&b, " by %s", n ? n : "");
		free(n);
	}
	rc |= add_fact(t, "Quality assurance", &b);
	s = mc_langmap_pick(&mc->prerequisites, lang, p);
	mc__buf_puts(&b, s && *s ? s : "None");
	rc |= add_fact(t, "Prerequisites", &b);
	/* Annex I 3 */
	for (i = 0; i < mc->countries.count; i++) {
		s = mc_country_name(mc->countries.items[i]);
		mc__buf_printf(&b, "%s%s", i ? ", " : "",
			       s ? s : mc->countries.items[i]);
	}
	for (i = 0; i < mc->regions.count; i++)
		mc__buf_printf(&b, "%s%s", i ? ", " : " (",
			       mc->regions.items[i]);
	if (mc->regions.count)
		mc__buf_puts(&b, ")");
	rc |= add_fact(t, "Country", &b);

	/* Annex I 6 */
	if (mc->outcome_count) {
		t->outcomes = calloc(mc->outcome_count, sizeof(*t->outcomes));
		if (!t->outcomes)
			rc = MC_ENOMEM;
		for (i = 0; t->outcomes && i < mc->outcome_count; i++) {
			s = mc_langmap_pick(&mc->outcomes[i].text, lang, p);
			if (s)
				t->outcomes[t->outcome_count++] = s;
		}
	}
	mc__buf_free(&b);
	if (!t->learner || !t->awarding || !t->issued || !t->qr || !t->title)
		rc = MC_ENOMEM;
	return rc ? MC_ENOMEM : 0;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
			     unsigned int length)
{
	return mc__buf_add(closure, data, length) == 0
		   ? CAIRO_STATUS_SUCCESS
		   : CAIRO_STATUS_WRITE_ERROR;
}

static int render_pdf(mc_buf *b, const struct mc__cert_text *t)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
	    to_buf, b, MC__CERT_PAGE_W, MC__CERT_PAGE_H);
	cairo_t *cr;
	int rc;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
				       t->title ? t->title : "");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
				       "microcred");
	cr = cairo_create(s);
	rc = mc__cert_draw(cr, t);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = MC_EIO;
	cairo_surface_destroy(s);
	return rc;
}

static int render_png(mc_buf *b, const struct mc__cert_text *t, unsigned dpi)
{
	double k = dpi / 72.0;
	cairo_surface_t *s = cairo_image_surface_create(
	    CAIRO_FORMAT_RGB24, (int)ceil(MC__CERT_PAGE_W * k),
	    (int)ceil(MC__CERT_PAGE_H * k));
	cairo_t *cr = cairo_create(s);
	int rc;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	rc = mc__cert_draw(cr, t);
	cairo_destroy(cr);
	if (!rc && cairo_surface_write_to_png_stream(s, to_buf, b) !=
		       CAIRO_STATUS_SUCCESS)
		rc = MC_EIO;
	cairo_surface_destroy(s);
	return rc;
}

/* Attach `files` to the PDF in `b`: cairo's PDF always takes the update,
 * so a failure here is a failure to render (MC_EIO). */
static int attach(mc_buf *b, const struct mc__pdf_file *files, size_t n)
{
	char now[21], date[24];
	int rc;

	mc__utc_now(now); /* YYYY-MM-DDTHH:MM:SSZ */
	snprintf(date, sizeof(date), "D:%.4s%.2s%.2s%.2s%.2s%.2sZ", now,
		 now + 5, now + 8, now + 11, now + 14, now + 17);
	rc = mc__pdf_attach(b, files, n, date);
	return rc == MC_EINVALID ? MC_EIO : rc;
}

/* The file a credential is attached as, by its format. */
static void file_for(struct mc__pdf_file *f, const mc_credential *c)
{
	switch (c->format) {
	case MC_FORMAT_VC_JWT:
		f->name = "credential.jwt";
		f->mime = "application/vc+jwt";
		f->desc = "The signed credential (W3C VC-JWT)";
		break;
	case MC_FORMAT_EDC:
		f->name = "credential-edc.json";
		f->mime = "application/jose+json";
		f->desc = "The sealed European Digital Credential (JAdES)";
		break;
	case MC_FORMAT_OB3:
	default:
		f->name = "credential.json";
		f->mime = "application/json";
		f->desc = "The signed credential (Open Badges 3.0)";
		break;
	}
	f->data = c->data;
	f->len = c->len;
}

/* Credential `c` and its twins (the same award in its other formats, one
 * file per format), into `files` (at most 3; the twins into `twins`, which
 * the caller frees).  Twins that cannot be read are left out. */
static int gather_files(mc_store *store, const mc_credential *c,
			struct mc__pdf_file files[3], size_t *n,
			mc_credential *twins[2])
{
	mc_credential_ref *refs = NULL;
	size_t count = 0, i, j, t = 0;
	int rc;

	file_for(&files[0], c);
	*n = 1;
	if ((rc = mc_credential_siblings(store, &refs, &count, c->id)) < 0)
		return rc == MC_ENOMEM ? rc : 0;
	for (i = 0; i < count && t < 2; i++) {
		mc_credential *s = NULL;
		struct mc__pdf_file f;
		int dup = 0;

		if (mc_credential_get(store, &s, refs[i].id) != 0)
			continue;
		file_for(&f, s);
		for (j = 0; j < *n; j++)
			dup |= strcmp(files[j].name, f.name) == 0;
		if (dup) {
			mc_credential_free(s);
			continue;
		}
		twins[t++] = s;
		files[(*n)++] = f;
	}
	mc_credential_refs_free(refs, count);
	return 0;
}

/* Check `opts` into `o` (defaults filled in).  0 or MC_EINVALID. */
static int check_options(mc_certificate_options *o,
			 const mc_certificate_options *opts)
{
	mc_certificate_options d = MC_CERTIFICATE_OPTIONS_INIT;

	*o = opts ? *opts : d;
	if (o->version != MC_CERTIFICATE_OPTIONS_VERSION ||
	    (o->format != MC_CERT_PDF && o->format != MC_CERT_PNG) ||
	    o->png_dpi > 600 || (o->png_dpi && o->png_dpi < 24) ||
	    (o->lang && !mc_lang_tag_valid(o->lang)))
		return MC_EINVALID;
	if (!o->png_dpi)
		o->png_dpi = 96;
	return 0;
}

/* Gather and draw one page of a credential in format `format`; `learner`
 * is taken over (see gather); `fingerprint` may be NULL (no fingerprint
 * line).  A PDF gets `files` attached, a PNG the first of them baked
 * (none when `nfiles` is 0). */
static int render_page(mc_store *store, unsigned char **out, size_t *len,
		       const mc_microcred *mc, char *learner, const char *id,
		       const char *issued_at, const char *fingerprint,
		       mc_credential_format format,
		       const mc_certificate_options *o, const char *lang,
		       const struct mc__pdf_file *files, size_t nfiles)
{
	struct mc__cert_text t;
	mc_buf b = MC_BUF_INIT(MC__CERT_MAX);
	int rc;

	memset(&t, 0, sizeof(t));
	rc = gather(store, &t, learner, id, issued_at, mc, lang);
	t.format_name = format_name(format);
	if (!rc && fingerprint)
		snprintf(t.fingerprint, sizeof(t.fingerprint), "%s",
			 fingerprint);
	if (!rc)
		rc = o->format == MC_CERT_PDF ? render_pdf(&b, &t)
					      : render_png(&b, &t, o->png_dpi);
	if (!rc && o->format == MC_CERT_PDF && nfiles)
		rc = attach(&b, files, nfiles);
	/* A PNG is a baked badge: Open Badges 3.0 bakes a JSON credential
	 * or a compact JWS, not a sealed EDC. */
	if (!rc && o->format == MC_CERT_PNG && nfiles &&
	    strcmp(files[0].mime, "application/jose+json") != 0)
		rc = mc__png_bake(&b, files[0].data, files[0].len) == MC_ENOMEM
			 ? MC_ENOMEM
			 : 0;
	mc__cert_text_clear(&t);
	if (!rc) {
		*len = b.len;
		if (!(*out = (unsigned char *)mc__buf_detach(&b)))
			rc = MC_ENOMEM;
	}
	mc__buf_free(&b);
	return rc;
}

int mc_certificate_render(mc_store *store, unsigned char **out, size_t *len,
			  const char *id, const mc_certificate_options *opts)
{
	mc_certificate_options o;
	mc_credential *c = NULL, *twins[2] = {NULL, NULL};
	mc_microcred *mc = NULL;
	struct mc__pdf_file files[3];
	size_t nfiles = 0;
	char clang[36], fp[20];
	const char *lang;
	int rc;

	if (!store || !out || !len || !id)
		return MC_EUSAGE;
	*out = NULL;
	*len = 0;
	if ((rc = check_options(&o, opts)) != 0)
		return rc;
	if ((rc = mc_credential_get(store, &c, id)) != 0)
		return rc;
	if ((rc = mc_catalogue_get(store, &mc, c->mc_id, c->mc_version)) != 0)
		goto done;
	credential_lang(clang, c);
	lang = o.lang ? o.lang : *clang ? clang : mc->primary_language;
	mc_certificate_fingerprint(fp, c->data, c->len);
	if (o.format == MC_CERT_PDF &&
	    (rc = gather_files(store, c, files, &nfiles, twins)) < 0)
		goto done;
	if (o.format == MC_CERT_PNG) {
		file_for(&files[0], c);
		nfiles = 1;
	}
	rc = render_page(store, out, len, mc,
			 mc__credential_learner_name(c->data, c->format), c->id,
			 c->issued_at, fp, c->format, &o, lang, files, nfiles);
done:
	mc_credential_free(twins[0]);
	mc_credential_free(twins[1]);
	mc_microcred_free(mc);
	mc_credential_free(c);
	return rc;
}

/* The EDC's own image (issue_edc.c): the footer names the EDC format. */
int mc__certificate_render_for(mc_store *store, unsigned char **out,
			       size_t *len, const mc_microcred *mc,
			       const mc_learner *learner, const char *id,
			       const char *issued_at,
			       const mc_certificate_options *opts)
{
	mc_certificate_options o;
	const char *lang;
	int rc;

	if (!store || !out || !len || !mc || !learner || !learner->name || !id)
		return MC_EUSAGE;
	*out = NULL;
	*len = 0;
	if ((rc = check_options(&o, opts)) != 0)
		return rc;
	lang = o.lang ? o.lang
	       : learner->lang && mc_lang_tag_valid(learner->lang)
		   ? learner->lang
		   : mc->primary_language;
	return render_page(store, out, len, mc, mc__strdup(learner->name), id,
			   issued_at, NULL, MC_FORMAT_EDC, &o, lang, NULL, 0);
}
