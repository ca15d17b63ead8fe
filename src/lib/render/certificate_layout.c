/*
 * The certificate page (certificate_private.h): A4 portrait in points, a
 * double-rule border, the heading, learner, MC title, awarding body and
 * date centred; the Annex I facts as a label/value grid; the learning
 * outcomes as a list cut short with "…and N more" before the footer; the
 * credential id, fingerprint (left out when t->fingerprint is ""), the
 * credential's format and QR code (libqrencode, level M, 4-module quiet
 * zone) in the footer.  Text is laid out by pango at 72 dpi so font
 * sizes are in points on every surface.
 */
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "microcred/errors.h"

#include "certificate_private.h"

#define MARGIN	   62.0
#define TEXT_W	   (MC__CERT_PAGE_W - 2 * MARGIN)
#define QR_SIZE	   92.0
#define FOOTER_TOP (MC__CERT_PAGE_H - MARGIN - QR_SIZE - 14.0)

#define SANS "Noto Sans,Noto Sans Georgian,Noto Sans Armenian,"
/* Families listed so Georgian and Armenian pick Noto over fontconfig's
 * first match (DejaVu); the trailing comma ends the family list. */
#define SERIF "Noto Serif,Noto Serif Georgian,Noto Serif Armenian,"

static void ink(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0.09, 0.18, 0.36);
}
static void gold(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0.70, 0.56, 0.24);
}
static void grey(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0.38, 0.40, 0.44);
}
static void black(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0.10, 0.10, 0.12);
}

/* The page's one PangoContext (72 dpi: font sizes in points), kept on
 * the cairo context by mc__cert_draw(). */
static cairo_user_data_key_t ctx_key;

/* A layout of `text` in `font` ("Noto Sans Bold 12"), `width` points
 * wide, at most `lines` lines (0: no limit) with an ellipsis after. */
static PangoLayout *lay(cairo_t *cr, const char *text, const char *font,
			double width, PangoAlignment align, int lines,
			const char *lang)
{
	PangoLayout *l = pango_layout_new(cairo_get_user_data(cr, &ctx_key));
	PangoFontDescription *fd = pango_font_description_from_string(font);

	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	if (lines) {
		pango_layout_set_height(l, -lines);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	if (lang) {
		PangoAttrList *a = pango_attr_list_new();
		pango_attr_list_insert(
		    a,
		    pango_attr_language_new(pango_language_from_string(lang)));
		pango_layout_set_attributes(l, a);
		pango_attr_list_unref(a);
	}
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draw and free `l` at (x, y); returns the y below it. */
static double show(cairo_t *cr, PangoLayout *l, double x, double y)
{
	double h = height(l);

	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	return y + h;
}

/* A centred line of text across the text column. */
static double centred(cairo_t *cr, const char *text, const char *font,
		      int lines, const char *lang, double y)
{
	return show(
	    cr, lay(cr, text, font, TEXT_W, PANGO_ALIGN_CENTER, lines, lang),
	    MARGIN, y);
}

static void rule(cairo_t *cr, double x0, double x1, double y, double w)
{
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

static void border(cairo_t *cr)
{
	ink(cr);
	cairo_set_line_width(cr, 2.4);
	cairo_rectangle(cr, 22, 22, MC__CERT_PAGE_W - 44, MC__CERT_PAGE_H - 44);
	cairo_stroke(cr);
	gold(cr);
	cairo_set_line_width(cr, 0.9);
	cairo_rectangle(cr, 29, 29, MC__CERT_PAGE_W - 58, MC__CERT_PAGE_H - 58);
	cairo_stroke(cr);
}

/* The QR code of `text` with its quiet zone, `size` points square. */
static int qr(cairo_t *cr, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;
	int r, c, run;

	if (!q)
		return MC_ENOMEM;
	m = size / (q->width + 8);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (r = 0; r < q->width; r++)
		for (c = 0; c < q->width; c += run ? run : 1) {
			run = 0;
			while (c + run < q->width &&
			       (q->data[r * q->width + c + run] & 1))
				run++;
			if (run)
				cairo_rectangle(cr, x + (c + 4) * m,
						y + (r + 4) * m, run * m, m);
		}
	cairo_fill(cr);
	QRcode_free(q);
	return 0;
}

static double facts(cairo_t *cr, const struct mc__cert_text *t, double y)
{
	const double lw = 104.0;
	size_t i;

	for (i = 0; i < t->fact_count; i++) {
		PangoLayout *v = lay(cr, t->facts[i].value, SANS " 8.5",
				     TEXT_W - lw, PANGO_ALIGN_LEFT, 3, t->lang);

		grey(cr);
		show(cr,
		     lay(cr, t->facts[i].label, SANS " Bold 8", lw - 6,
			 PANGO_ALIGN_LEFT, 1, NULL),
		     MARGIN, y + 0.5);
		black(cr);
		y = show(cr, v, MARGIN + lw, y) + 2.5;
	}
	return y;
}

/* The outcomes until `limit`, then "…and N more". */
static double outcomes(cairo_t *cr, const struct mc__cert_text *t, double y,
		       double limit)
{
	char more[64];
	size_t i;

	if (!t->outcome_count)
		return y;
	ink(cr);
	y = show(cr,
		 lay(cr, "Learning outcomes", SANS " Bold 9.5", TEXT_W,
		     PANGO_ALIGN_LEFT, 1, NULL),
		 MARGIN, y) +
	    3;
	for (i = 0; i < t->outcome_count; i++) {
		PangoLayout *l = lay(cr, t->outcomes[i], SANS " 8.5",
				     TEXT_W - 12, PANGO_ALIGN_LEFT, 4, t->lang);
		double need = height(l) + (i + 1 < t->outcome_count ? 14 : 0);

		if (y + need > limit) {
			g_object_unref(l);
			snprintf(more, sizeof(more), "…and %zu more",
				 t->outcome_count - i);
			grey(cr);
			return show(cr,
				    lay(cr, more, SERIF " Italic 9", TEXT_W,
					PANGO_ALIGN_LEFT, 1, NULL),
				    MARGIN + 12, y);
		}
		gold(cr);
		cairo_arc(cr, MARGIN + 4, y + 6.2, 1.6, 0, 6.2832);
		cairo_fill(cr);
		black(cr);
		y = show(cr, l, MARGIN + 12, y) + 2;
	}
	return y;
}

/* A URL ending in a UUID (the credential's id, the QR code's address),
 * in `font`, `width` points wide, at most two lines.  When it does not
 * fit on one, the break goes after its last '/', so the UUID a reader
 * types or compares stays whole instead of wrapping at one of its own
 * hyphens. */
static PangoLayout *url_layout(cairo_t *cr, const char *url, const char *font,
			       double width, PangoAlignment align)
{
	PangoLayout *l = lay(cr, url, font, width, align, 2, NULL);
	const char *slash = url ? strrchr(url, '/') : NULL;
	char text[1024];
	int n;

	if (pango_layout_get_line_count(l) < 2 || !slash || !slash[1])
		return l;
	n = snprintf(text, sizeof(text), "%.*s\n%s", (int)(slash + 1 - url),
		     url, slash + 1);
	if (n < 0 || (size_t)n >= sizeof(text))
		return l;
	g_object_unref(l);
	return lay(cr, text, font, width, align, 2, NULL);
}

static int footer(cairo_t *cr, const struct mc__cert_text *t)
{
	double y = FOOTER_TOP + 6, qx = MC__CERT_PAGE_W - MARGIN - QR_SIZE;
	char caption[600], note[256];
	int rc;

	gold(cr);
	rule(cr, MARGIN, MC__CERT_PAGE_W - MARGIN, FOOTER_TOP - 4, 0.6);
	grey(cr);
	y = show(cr,
		 lay(cr, "Credential ID", SANS " Bold 7", 300, PANGO_ALIGN_LEFT,
		     1, NULL),
		 MARGIN, y + 8);
	black(cr);
	y = show(cr,
		 url_layout(cr, t->cred_id, SANS " 8", 320, PANGO_ALIGN_LEFT),
		 MARGIN, y) +
	    8;
	if (t->fingerprint[0]) { /* "" before the credential's bytes exist */
		grey(cr);
		y = show(cr,
			 lay(cr, "Fingerprint (SHA-256 of the credential)",
			     SANS " Bold 7", 300, PANGO_ALIGN_LEFT, 1, NULL),
			 MARGIN, y);
		black(cr);
		y = show(cr,
			 lay(cr, t->fingerprint, SANS " Bold 11", 300,
			     PANGO_ALIGN_LEFT, 1, NULL),
			 MARGIN, y) +
		    8;
	}
	if (t->format_name)
		snprintf(note, sizeof(note),
			 "This page prints a digital credential: %s. Scan "
			 "the code or open the address to verify it.",
			 t->format_name);
	else
		snprintf(note, sizeof(note),
			 "This page prints a digital credential. Scan the "
			 "code or open the address to verify it.");
	grey(cr);
	show(cr,
	     lay(cr, note, SERIF " Italic 7.5", 300, PANGO_ALIGN_LEFT, 2, NULL),
	     MARGIN, y);

	rc = qr(cr, t->qr, qx, FOOTER_TOP, QR_SIZE);
	snprintf(caption, sizeof(caption), "Verify: %s", t->qr);
	grey(cr);
	show(cr, url_layout(cr, caption, SANS " 6", 180, PANGO_ALIGN_RIGHT),
	     MC__CERT_PAGE_W - MARGIN - 180, FOOTER_TOP + QR_SIZE + 1);
	return rc;
}

int mc__cert_draw(cairo_t *cr, const struct mc__cert_text *t)
{
	double y = MARGIN + 4, cx = MC__CERT_PAGE_W / 2;
	char line[1200];
	PangoContext *ctx = pango_cairo_create_context(cr);
	int rc;

	pango_cairo_context_set_resolution(ctx, 72.0);
	if (cairo_set_user_data(cr, &ctx_key, ctx, g_object_unref) !=
	    CAIRO_STATUS_SUCCESS) {
		g_object_unref(ctx);
		return MC_ENOMEM;
	}
	border(cr);
	ink(cr);
	if (t->heading) {
		y = centred(cr, t->heading, SERIF " Bold 28", 1, t->lang, y);
		grey(cr);
		y = centred(cr, "MICRO-CREDENTIAL", SANS " 10", 1, NULL, y + 1);
	} else {
		y = centred(cr, t->heading_en, SERIF " Bold 28", 1, NULL, y);
	}
	gold(cr);
	rule(cr, cx - 60, cx + 60, y + 10, 1.2);
	y += 22;
	grey(cr);
	y = centred(cr, "awarded to", SERIF " Italic 11", 1, NULL, y);
	ink(cr);
	y = centred(cr, t->learner, SERIF " Bold 30", 1, t->lang, y + 2) + 6;
	grey(cr);
	y = centred(cr, "for the successful completion of", SERIF " Italic 11",
		    1, NULL, y);
	ink(cr);
	y = centred(cr, t->title, SERIF " Bold 17", 3, t->lang, y + 4);
	if (t->title_en) {
		grey(cr);
		y = centred(cr, t->title_en, SERIF " Italic 12", 2, "en",
			    y + 1);
	}
	y += 12;
	black(cr);
	snprintf(line, sizeof(line), "Awarding body: %s", t->awarding);
	y = centred(cr, line, SANS " 10", 2, t->lang, y);
	snprintf(line, sizeof(line), "Date of issue: %s", t->issued);
	y = centred(cr, line, SANS " 10", 1, NULL, y + 2);
	gold(cr);
	rule(cr, MARGIN, MC__CERT_PAGE_W - MARGIN, y + 10, 0.6);
	y = facts(cr, t, y + 18);
	y = outcomes(cr, t, y + 8, FOOTER_TOP - 12);
	(void)y;
	rc = footer(cr, t) != 0 ? MC_ENOMEM : 0;
	if (!rc && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = MC_EIO;
	cairo_set_user_data(cr, &ctx_key, NULL, NULL); /* frees ctx */
	return rc;
}
