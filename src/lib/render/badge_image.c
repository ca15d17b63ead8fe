/*
 * Generated badge images (badge.h): an MC version's badge and an
 * organisation's initials, each drawn once as a list of shapes and text
 * lines and written either by cairo (PNG) or as SVG text.
 *
 * Text is broken into lines by pango with fixed font options (no hinting,
 * 72 dpi: sizes are pixels), so the SVG's <text> lines are the PNG's.  A
 * title longer than its lines ends with an ellipsis.  Everything drawn
 * depends only on the records passed in: the same records give the same
 * bytes (PNG: cairo's writer with the same fonts; SVG: integers only, no
 * locale).
 */
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/badge.h"
#include "microcred/errors.h"
#include "microcred/langmap.h"

#include "util/util.h"

#define SIZE	  MC_BADGE_IMAGE_SIZE
#define CENTRE	  (SIZE / 2)
#define MAX_LINES 4
#define IMAGE_MAX (8u * 1024u * 1024u)

/* Families listed so Georgian and Armenian pick Noto over fontconfig's
 * first match; the SVG names the same ones for its readers' fonts. */
#define FAMILIES "Noto Sans,Noto Sans Georgian,Noto Sans Armenian,"
#define SVG_FAMILIES                                                           \
	"'Noto Sans','Noto Sans Georgian','Noto Sans Armenian',sans-serif"

#define INK  "#1a2333"
#define GREY "#4a5160"

/* One colour per ISCED-F 2013 broad field (00 to 10). */
static const char *const palette[] = {
    "#4a5568", "#2b6cb0", "#805ad5", "#b83280", "#c05621", "#2c7a7b",
    "#3949ab", "#c53030", "#2f855a", "#00838f", "#975a16"};

#define NCOLOURS (sizeof(palette) / sizeof(palette[0]))

enum shape { SHAPE_CIRCLE, SHAPE_HEXAGON, SHAPE_SHIELD, SHAPE_OCTAGON };

#define MAX_POINTS 16

/* A filled or stroked outline in image coordinates (integers, so the SVG
 * and the PNG draw the same points). */
struct outline {
	int circle; /* 1: a circle of radius r at the centre */
	int r;
	int n;
	int x[MAX_POINTS], y[MAX_POINTS];
};

/* A block of centred text: lines already broken, their baselines. */
struct block {
	const char *family; /* pango font description without size */
	int px;		    /* font size in pixels */
	int bold;
	const char *fill;
	const char *lang; /* BCP 47 or NULL */
	int width;	  /* wrap width in pixels */
	int n;
	char *line[MAX_LINES];
	int baseline[MAX_LINES]; /* absolute, filled by place() */
	int top, height;
	PangoLayout *layout; /* the joined lines, for cairo */
};

/* Everything one image draws. */
struct picture {
	const char *colour, *dark;
	char dark_buf[8];
	struct outline outer, inner, ribbon;
	int has_inner, has_ribbon;
	struct block text[4];
	int ntext;
	const char *label; /* <title> of the SVG, the full text */
};

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void rgb(const char *hex, double *r, double *g, double *b)
{
	unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);

	*r = ((v >> 16) & 255) / 255.0;
	*g = ((v >> 8) & 255) / 255.0;
	*b = (v & 255) / 255.0;
}

/* `hex` three quarters as bright, into out[8]. */
static const char *darker(char out[8], const char *hex)
{
	unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);

	snprintf(out, 8, "#%02x%02x%02x", ((v >> 16) & 255) * 3 / 4,
		 ((v >> 8) & 255) * 3 / 4, (v & 255) * 3 / 4);
	return out;
}

/* A regular polygon of `n` corners and radius `r` about the centre, the
 * first corner at `start` degrees (0: right, -90: up). */
static void polygon(struct outline *o, int n, int r, double start)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->n = n;
	for (i = 0; i < n; i++) {
		double a = (start + 360.0 * i / n) * G_PI / 180.0;

		o->x[i] = (int)lround(CENTRE + r * cos(a));
		o->y[i] = (int)lround(CENTRE + r * sin(a));
	}
}

/* The shield: a flat top, straight sides, a point at the bottom, inset by
 * `in` pixels. */
static void shield(struct outline *o, int in)
{
	static const int x[] = {60, 452, 452, 256, 60};
	static const int y[] = {36, 36, 284, 480, 284};
	int i;

	memset(o, 0, sizeof(*o));
	o->n = 5;
	for (i = 0; i < 5; i++) {
		o->x[i] = x[i] + (x[i] < CENTRE ? in : x[i] > CENTRE ? -in : 0);
		o->y[i] = y[i] + (i < 2 ? in : i == 3 ? -in * 3 / 2 : 0);
	}
}

static void shape(struct outline *o, enum shape s, int in)
{
	switch (s) {
	case SHAPE_CIRCLE:
		memset(o, 0, sizeof(*o));
		o->circle = 1;
		o->r = 240 - in;
		break;
	case SHAPE_HEXAGON:
		polygon(o, 6, 244 - in, -90);
		break;
	case SHAPE_SHIELD:
		shield(o, in);
		break;
	default:
		polygon(o, 8, 246 - in, 22.5);
		break;
	}
}

/* The ribbon across the lower part: a band `h` high with notched ends. */
static void ribbon(struct outline *o, int top, int h)
{
	const int x[] = {20, 492, 470, 492, 20, 42};
	const int y[] = {top, top, top + h / 2, top + h, top + h, top + h / 2};
	int i;

	memset(o, 0, sizeof(*o));
	o->n = 6;
	for (i = 0; i < 6; i++) {
		o->x[i] = x[i];
		o->y[i] = y[i];
	}
}

/* ---- text ------------------------------------------------------------ */

static PangoContext *text_context(void)
{
	PangoContext *ctx =
	    pango_font_map_create_context(pango_cairo_font_map_get_default());
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	return ctx;
}

static PangoLayout *layout(PangoContext *ctx, const struct block *b,
			   const char *text, int wrap)
{
	PangoLayout *l = pango_layout_new(ctx);
	PangoFontDescription *fd =
	    pango_font_description_from_string(b->family);

	pango_font_description_set_absolute_size(fd, b->px * PANGO_SCALE);
	if (b->bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (wrap) {
		pango_layout_set_width(l, b->width * PANGO_SCALE);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	}
	if (b->lang) {
		PangoAttrList *a = pango_attr_list_new();

		pango_attr_list_insert(
		    a, pango_attr_language_new(
			   pango_language_from_string(b->lang)));
		pango_layout_set_attributes(l, a);
		pango_attr_list_unref(a);
	}
	pango_layout_set_text(l, text, -1);
	return l;
}

/* A copy of s[0..n) without the spaces and line ends around it. */
static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
		     s[n - 1] == '\t'))
		n--;
	return mc__strndup(s, n);
}

/* The longest start of `rest` that fits b->width on one line with an
 * ellipsis after it, cut after a word when one ends in its second half. */
static char *ellipsized(PangoContext *ctx, const struct block *b,
			const char *rest, size_t start_len)
{
	PangoLayout *l = layout(ctx, b, "", 0);
	size_t k = start_len;
	char *cand = NULL, *out;
	int w = 0;

	for (;;) {
		char *t = trimmed(rest, k);

		free(cand);
		cand = t ? mc__asprintf("%s\xe2\x80\xa6", t) : NULL;
		free(t);
		if (!cand)
			break;
		pango_layout_set_text(l, cand, -1);
		pango_layout_get_pixel_size(l, &w, NULL);
		if (w <= b->width || k == 0)
			break;
		k = (size_t)(g_utf8_find_prev_char(rest, rest + k)
				 ? g_utf8_find_prev_char(rest, rest + k) - rest
				 : 0);
	}
	g_object_unref(l);
	if (cand && k > 0) {
		size_t sp = k;

		while (sp > k / 2 && rest[sp - 1] != ' ')
			sp--;
		if (sp > k / 2) {
			char *t = trimmed(rest, sp);

			out = t ? mc__asprintf("%s\xe2\x80\xa6", t) : NULL;
			free(t);
			if (out) {
				free(cand);
				cand = out;
			}
		}
	}
	return cand;
}

/* Break `text` into at most `max` lines of b->width; the last one ends
 * with an ellipsis when the text is longer.  Then lay the lines out for
 * drawing.  0 or MC_ENOMEM. */
static int set_text(PangoContext *ctx, struct block *b, const char *text,
		    int max)
{
	PangoLayout *l = layout(ctx, b, text, 1);
	int n = pango_layout_get_line_count(l), i, error = 0;
	mc_buf joined = MC_BUF_INIT(64 * 1024);
	PangoRectangle rect;

	for (i = 0; i < n && b->n < max && !error; i++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
		const char *s = text + line->start_index;
		char *t = b->n == max - 1 && i < n - 1
			      ? ellipsized(ctx, b, s, (size_t)line->length)
			      : trimmed(s, (size_t)line->length);

		if (!t)
			error = MC_ENOMEM;
		else if (!*t)
			free(t); /* an empty line between paragraphs */
		else
			b->line[b->n++] = t;
	}
	g_object_unref(l);
	for (i = 0; i < b->n && !error; i++)
		error =
		    mc__buf_printf(&joined, "%s%s", i ? "\n" : "", b->line[i]);
	if (!error && b->n) {
		b->layout = layout(ctx, b, joined.ptr, 1);
		pango_layout_get_pixel_extents(b->layout, NULL, &rect);
		b->height = rect.height;
	}
	mc__buf_free(&joined);
	return error;
}

/* Put block `b` with its top at `top`: its baselines. */
static void place(struct block *b, int top)
{
	PangoLayoutIter *it;
	int i = 0;

	b->top = top;
	if (!b->layout)
		return;
	it = pango_layout_get_iter(b->layout);
	do {
		if (i < b->n)
			b->baseline[i] =
			    top +
			    (int)lround(pango_layout_iter_get_baseline(it) /
					(double)PANGO_SCALE);
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* An empty block of text in the house families. */
static void style(struct block *b, int px, int bold, const char *fill,
		  const char *lang, int width)
{
	memset(b, 0, sizeof(*b));
	b->family = FAMILIES;
	b->px = px;
	b->bold = bold;
	b->fill = fill;
	b->lang = lang;
	b->width = width;
}

static void block_clear(struct block *b)
{
	int i;

	for (i = 0; i < b->n; i++)
		free(b->line[i]);
	if (b->layout)
		g_object_unref(b->layout);
	memset(b, 0, sizeof(*b));
}

static void picture_clear(struct picture *p)
{
	int i;

	for (i = 0; i < p->ntext; i++)
		block_clear(&p->text[i]);
}

/* ---- writing ----------------------------------------------------------- */

static void trace(cairo_t *cr, const struct outline *o)
{
	int i;

	if (o->circle) {
		cairo_arc(cr, CENTRE, CENTRE, o->r, 0, 2 * G_PI);
		return;
	}
	for (i = 0; i < o->n; i++)
		(i ? cairo_line_to : cairo_move_to)(cr, o->x[i], o->y[i]);
	cairo_close_path(cr);
}

static void source(cairo_t *cr, const char *hex)
{
	double r, g, b;

	rgb(hex, &r, &g, &b);
	cairo_set_source_rgb(cr, r, g, b);
}

static cairo_status_t to_buf(void *payload, const unsigned char *data,
			     unsigned int len)
{
	return mc__buf_add(payload, data, len) ? CAIRO_STATUS_WRITE_ERROR
					       : CAIRO_STATUS_SUCCESS;
}

static int write_png(mc_buf *out, const struct picture *p)
{
	cairo_surface_t *s =
	    cairo_image_surface_create(CAIRO_FORMAT_ARGB32, SIZE, SIZE);
	cairo_t *cr = cairo_create(s);
	int i, rc = 0;

	cairo_set_antialias(cr, CAIRO_ANTIALIAS_GRAY);
	source(cr, p->colour);
	trace(cr, &p->outer);
	cairo_fill(cr);
	if (p->has_inner) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		trace(cr, &p->inner);
		cairo_fill_preserve(cr);
		source(cr, p->colour);
		cairo_set_line_width(cr, 3);
		cairo_stroke(cr);
	}
	if (p->has_ribbon) {
		source(cr, p->dark);
		trace(cr, &p->ribbon);
		cairo_fill(cr);
	}
	for (i = 0; i < p->ntext; i++) {
		const struct block *b = &p->text[i];

		if (!b->layout)
			continue;
		source(cr, b->fill);
		cairo_move_to(cr, CENTRE - b->width / 2, b->top);
		pango_cairo_show_layout(cr, b->layout);
	}
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = MC_EIO;
	cairo_destroy(cr);
	if (!rc && cairo_surface_write_to_png_stream(s, to_buf, out) !=
		       CAIRO_STATUS_SUCCESS)
		rc = out->len >= out->max ? MC_ETOOBIG : MC_EIO;
	cairo_surface_destroy(s);
	return rc;
}

/* `s` escaped for XML text and attribute values; control characters,
 * which XML 1.0 cannot carry, are left out. */
static int xml_text(mc_buf *b, const char *s)
{
	int error = 0;

	for (; s && *s && !error; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			error = mc__buf_puts(b, "&amp;");
			break;
		case '<':
			error = mc__buf_puts(b, "&lt;");
			break;
		case '>':
			error = mc__buf_puts(b, "&gt;");
			break;
		case '"':
			error = mc__buf_puts(b, "&quot;");
			break;
		case '\'':
			error = mc__buf_puts(b, "&apos;");
			break;
		default:
			if (c >= 0x20 || c == '\t')
				error = mc__buf_add(b, s, 1);
		}
	}
	return error;
}

/* `before`, `text` escaped, `after`: 0, MC_ETOOBIG or MC_ENOMEM. */
static int quoted(mc_buf *b, const char *before, const char *text,
		  const char *after)
{
	int error = mc__buf_puts(b, before);

	if (!error)
		error = xml_text(b, text);
	if (!error)
		error = mc__buf_puts(b, after);
	return error;
}

static int svg_outline(mc_buf *b, const struct outline *o, const char *attrs)
{
	int i, error;

	if (o->circle)
		return mc__buf_printf(
		    b, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" %s/>\n", CENTRE,
		    CENTRE, o->r, attrs);
	error = mc__buf_puts(b, "<polygon points=\"");
	for (i = 0; i < o->n && !error; i++)
		error = mc__buf_printf(b, "%s%d,%d", i ? " " : "", o->x[i],
				       o->y[i]);
	if (!error)
		error = mc__buf_printf(b, "\" %s/>\n", attrs);
	return error;
}

static int write_svg(mc_buf *out, const struct picture *p)
{
	char attrs[96];
	int i, k, error;

	error = mc__buf_printf(
	    out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n<title>",
	    SIZE, SIZE, SIZE, SIZE);
	if (!error)
		error = xml_text(out, p->label);
	if (!error)
		error = mc__buf_puts(out, "</title>\n");
	snprintf(attrs, sizeof(attrs), "fill=\"%s\"", p->colour);
	if (!error)
		error = svg_outline(out, &p->outer, attrs);
	snprintf(attrs, sizeof(attrs),
		 "fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"3\"",
		 p->colour);
	if (!error && p->has_inner)
		error = svg_outline(out, &p->inner, attrs);
	snprintf(attrs, sizeof(attrs), "fill=\"%s\"", p->dark);
	if (!error && p->has_ribbon)
		error = svg_outline(out, &p->ribbon, attrs);
	if (!error)
		error = mc__buf_printf(out,
				       "<g font-family=\"%s\" "
				       "text-anchor=\"middle\">\n",
				       SVG_FAMILIES);
	for (i = 0; i < p->ntext && !error; i++) {
		const struct block *b = &p->text[i];

		for (k = 0; k < b->n && !error; k++) {
			error = mc__buf_printf(
			    out,
			    "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s "
			    "fill=\"%s\"",
			    CENTRE, b->baseline[k], b->px,
			    b->bold ? " font-weight=\"700\"" : "", b->fill);
			if (!error && b->lang)
				error =
				    quoted(out, " xml:lang=\"", b->lang, "\"");
			if (!error)
				error =
				    quoted(out, ">", b->line[k], "</text>\n");
		}
	}
	if (!error)
		error = mc__buf_puts(out, "</g>\n</svg>\n");
	return error;
}

static int finish(unsigned char **out, size_t *len, const struct picture *p,
		  mc_image_format format)
{
	mc_buf b = MC_BUF_INIT(IMAGE_MAX);
	int error =
	    format == MC_IMAGE_SVG ? write_svg(&b, p) : write_png(&b, p);

	if (!error && !b.ptr)
		error = MC_EIO;
	if (error) {
		mc__buf_free(&b);
		return error;
	}
	*len = b.len;
	*out = (unsigned char *)b.ptr;
	return 0;
}

/* ---- the two pictures -------------------------------------------------- */

const char *mc_image_media_type(mc_image_format format)
{
	return format == MC_IMAGE_SVG ? "image/svg+xml" : "image/png";
}

/* The palette entry of an ISCED-F code's broad field ("0715" -> 07), or
 * of `id`'s hash when there is no code. */
static const char *field_colour(const char *sector, const char *id)
{
	if (sector && sector[0] >= '0' && sector[0] <= '9' &&
	    sector[1] >= '0' && sector[1] <= '9') {
		unsigned f = (unsigned)(sector[0] - '0') * 10 +
			     (unsigned)(sector[1] - '0');

		if (f < NCOLOURS)
			return palette[f];
	}
	return palette[fnv1a(id) % NCOLOURS];
}

/* Lay out the blocks one below the other, `gap` pixels apart, centred
 * on `centre` but never above `min_top`. */
static void stack(struct picture *p, int centre, int min_top, int gap)
{
	int i, total = 0, y;

	for (i = 0; i < p->ntext; i++)
		total += p->text[i].height + (i ? gap : 0);
	y = centre - total / 2;
	if (y < min_top)
		y = min_top;
	for (i = 0; i < p->ntext; i++) {
		place(&p->text[i], y);
		y += p->text[i].height + gap;
	}
}

int mc_badge_image(unsigned char **out, size_t *len, const mc_microcred *mc,
		   const mc_org *org, mc_image_format format)
{
	struct picture p;
	PangoContext *ctx = NULL;
	const char *title, *org_name = NULL;
	struct block *eqf;
	char level[32];
	enum shape s;
	int error;

	if (!out || !len || !mc || !mc->id)
		return MC_EUSAGE;
	*out = NULL;
	*len = 0;
	title = mc_langmap_pick(&mc->title, mc->primary_language, NULL);
	if (!title)
		return MC_EUSAGE;
	if (org)
		org_name =
		    mc_langmap_pick(&org->name, mc->primary_language, NULL);
	memset(&p, 0, sizeof(p));
	p.label = title;
	p.colour = field_colour(mc->sector, mc->id);
	p.dark = darker(p.dark_buf, p.colour);
	s = (enum shape)(fnv1a(mc->id) % 4);
	shape(&p.outer, s, 0);
	shape(&p.inner, s, 22);
	p.has_inner = 1;
	ribbon(&p.ribbon, 372, 60);
	p.has_ribbon = 1;

	ctx = text_context();
	style(&p.text[0], 17, 1, p.colour, NULL, 300);
	style(&p.text[1], 28, 1, INK, mc->primary_language, 300);
	style(&p.text[2], 17, 0, GREY, mc->primary_language, 250);
	p.ntext = org_name && *org_name ? 3 : 2;
	error = set_text(ctx, &p.text[0], "MICRO-CREDENTIAL", 1);
	if (!error)
		error = set_text(ctx, &p.text[1], title, MAX_LINES);
	if (!error && p.ntext == 3)
		error = set_text(ctx, &p.text[2], org_name, 2);
	if (error)
		goto cleanup;
	stack(&p, 228, 84, 12);

	/* The EQF level on the ribbon, a block of its own. */
	eqf = &p.text[p.ntext];
	style(eqf, 30, 1, "#ffffff", NULL, 420);
	if (mc->eqf_level > 0)
		snprintf(level, sizeof(level), "EQF LEVEL %d", mc->eqf_level);
	else
		snprintf(level, sizeof(level), "MICRO-CREDENTIAL");
	if ((error = set_text(ctx, eqf, level, 1)) < 0)
		goto cleanup;
	p.ntext++;
	place(eqf, 372 + (60 - eqf->height) / 2);
	error = finish(out, len, &p, format);

cleanup:
	picture_clear(&p);
	if (ctx)
		g_object_unref(ctx);
	return error;
}

/* Up to three initials of `name` into out[32]: the first letter of each
 * word that starts with a capital, or of its first two words when none
 * does (scripts without case). */
static void initials(char out[32], const char *name)
{
	const char *w;
	size_t len = 0;
	int count = 0, pass;

	out[0] = '\0';
	for (pass = 0; pass < 2 && count == 0; pass++) {
		int at_start = 1;

		for (w = name; w && *w && count < (pass ? 2 : 3);
		     w = g_utf8_next_char(w)) {
			gunichar c = g_utf8_get_char_validated(w, -1);

			if (c == (gunichar)-1 || c == (gunichar)-2)
				break;
			if (!g_unichar_isalnum(c)) {
				at_start = 1;
				continue;
			}
			if (at_start && (pass || g_unichar_isupper(c)) &&
			    len + 6 < 32) {
				/* Georgian keeps Mkhedruli: few fonts
				 * have its capitals (Mtavruli). */
				if (g_unichar_get_script(c) !=
				    G_UNICODE_SCRIPT_GEORGIAN)
					c = g_unichar_toupper(c);
				len += (size_t)g_unichar_to_utf8(c, out + len);
				out[len] = '\0';
				count++;
			}
			at_start = 0;
		}
	}
}

int mc_org_image(unsigned char **out, size_t *len, const mc_org *org,
		 mc_image_format format)
{
	struct picture p;
	PangoContext *ctx;
	const char *name;
	char text[32];
	glong chars;
	int error;

	if (!out || !len || !org || !org->id)
		return MC_EUSAGE;
	*out = NULL;
	*len = 0;
	name = mc_langmap_pick(&org->name, "en", NULL);
	if (org->short_name && *org->short_name &&
	    g_utf8_validate(org->short_name, -1, NULL) &&
	    g_utf8_strlen(org->short_name, -1) <= 4)
		snprintf(text, sizeof(text), "%s", org->short_name);
	else
		initials(text, name);
	if (!*text)
		snprintf(text, sizeof(text), "?");
	chars = g_utf8_strlen(text, -1);
	memset(&p, 0, sizeof(p));
	p.label = name ? name : org->id;
	p.colour = palette[fnv1a(org->id) % NCOLOURS];
	p.dark = darker(p.dark_buf, p.colour);
	shape(&p.outer, SHAPE_CIRCLE, 8);
	ctx = text_context();
	style(&p.text[0],
	      chars <= 2   ? 190
	      : chars == 3 ? 150
			   : 118,
	      1, "#ffffff", NULL, 480);
	p.ntext = 1;
	error = set_text(ctx, &p.text[0], text, 1);
	if (!error) {
		PangoRectangle ink;

		/* Centre the letters' ink, not their line box. */
		pango_layout_get_pixel_extents(p.text[0].layout, &ink, NULL);
		place(&p.text[0], CENTRE - ink.y - ink.height / 2);
		error = finish(out, len, &p, format);
	}
	picture_clear(&p);
	g_object_unref(ctx);
	return error;
}
