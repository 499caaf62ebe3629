/* pdf_theme.c: reads themes/<name>/pdf.yaml (fonts, hyphenation patterns,
 * colours, margins) through the ydoc layer; what it omits keeps a default. */
#include "pdf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "util.h"
#include "ydoc.h"

#define MM 2.8346457	/* points per millimetre */

static const char *font_keys[LF_COUNT] = { "regular", "bold", "italic",
					   "bold-italic", "mono" };
static const char *font_defaults[LF_COUNT] = {
	"/usr/share/fonts/truetype/lato/Lato-Regular.ttf",
	"/usr/share/fonts/truetype/lato/Lato-Bold.ttf",
	"/usr/share/fonts/truetype/lato/Lato-Italic.ttf",
	"/usr/share/fonts/truetype/lato/Lato-BoldItalic.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
};

static void theme_defaults(pdf_theme *th)
{
	size_t i;

	memset(th, 0, sizeof(*th));
	for (i = 0; i < LF_COUNT; i++)
		th->fonts[i] = xstrdup(font_defaults[i]);
	th->hyphenation = xstrdup(HYPH_FR_DIC);
	th->primary = 0x1f4e79;
	th->accent = 0xc55a11;
	th->text = 0x222222;
	th->muted = 0x666666;
	th->light = 0xeef3f8;
	th->rule = 0xb8c4d0;
	th->levels[0] = 0xc0392b;
	th->levels[1] = 0xe0a800;
	th->levels[2] = 0x2e8b57;
	th->margin_top = 25 * MM;
	th->margin_bottom = 22 * MM;
	th->margin_left = 22 * MM;
	th->margin_right = 22 * MM;
	th->body_size = 10;
}

/* A path from the theme: relative ones are read from theme_dir. */
static char *theme_path(const char *theme_dir, const char *p)
{
	buf b = BUF_INIT;

	if (p[0] != '/')
		buf_printf(&b, "%s/", theme_dir);
	buf_adds(&b, p);
	return buf_detach(&b);
}

/* Reports keys of map not in allowed (NULL-terminated); 1 when any. */
static int check_keys(const char *file, const ynode *map, const char *what,
		      const char *const *allowed)
{
	size_t i, k;
	int bad = 0;

	for (i = 0; i + 1 < map->n; i += 2) {
		const ynode *key = map->items[i];
		for (k = 0; allowed[k]; k++)
			if (key->kind == Y_SCALAR && !strcmp(key->str, allowed[k]))
				break;
		if (!allowed[k]) {
			diag_error(file, key->line, key->col, "unknown key \"%s\" in %s",
				   key->kind == Y_SCALAR ? key->str : "?", what);
			bad = 1;
		}
	}
	return bad;
}

/* Whether n is a mapping (reported when not); NULL is fine (absent). */
static int is_map(const char *file, const ynode *n, const char *key)
{
	if (!n || n->kind == Y_MAP)
		return 1;
	diag_error(file, n->line, n->col, "\"%s\" must be a mapping, not %s", key,
		   ynode_describe(n));
	return 0;
}

static int set_string(const char *file, const char *theme_dir, const ynode *n,
		      char **out)
{
	if (!n)
		return 0;
	if (n->kind != Y_SCALAR || !n->len) {
		diag_error(file, n->line, n->col, "expected a file name, found %s",
			   ynode_describe(n));
		return 1;
	}
	free(*out);
	*out = theme_path(theme_dir, n->str);
	return 0;
}

static int set_color(const char *file, const ynode *map, const char *key,
		     unsigned *out)
{
	const ynode *n = ymap_get(map, key);
	char *end;
	unsigned long v;

	if (!n)
		return 0;
	if (n->kind == Y_SCALAR && n->len == 7 && n->str[0] == '#' &&
	    strspn(n->str + 1, "0123456789abcdefABCDEF") == 6) {
		v = strtoul(n->str + 1, &end, 16);
		if (*end == '\0') {
			*out = (unsigned)v;
			return 0;
		}
	}
	diag_error(file, n->line, n->col, "colour \"%s\" must be written \"#rrggbb\" (six "
		   "hexadecimal digits)", key);
	return 1;
}

static int set_number(const char *file, const ynode *map, const char *key,
		      double lo, double hi, double scale, double *out)
{
	const ynode *n = ymap_get(map, key);
	double v;

	if (!n)
		return 0;
	if (!yscalar_number(n, &v) || v < lo || v > hi) {
		diag_error(file, n->line, n->col, "\"%s\" must be a number from %g to %g",
			   key, lo, hi);
		return 1;
	}
	*out = v * scale;
	return 0;
}

static int read_theme(const char *file, const char *theme_dir, const ynode *root,
		      pdf_theme *th)
{
	static const char *ckeys[] = { "primary", "accent", "text", "muted",
				       "light", "rule", "low", "middle", "high" };
	unsigned *cvals[] = { &th->primary, &th->accent, &th->text, &th->muted,
			      &th->light, &th->rule, &th->levels[0],
			      &th->levels[1], &th->levels[2] };
	static const char *const rkeys[] = { "fonts", "hyphenation", "colors", "margins",
					     "body-size", NULL };
	static const char *const fkeys[] = { "regular", "bold", "italic", "bold-italic",
					     "mono", NULL };
	static const char *const ckeys0[] = { "primary", "accent", "text", "muted", "light",
					      "rule", "low", "middle", "high", NULL };
	static const char *const mkeys[] = { "top", "bottom", "left", "right", NULL };
	const ynode *fonts = ymap_get(root, "fonts");
	const ynode *colors = ymap_get(root, "colors");
	const ynode *m = ymap_get(root, "margins");
	const ynode *h = ymap_get(root, "hyphenation");
	int bad = 0;
	size_t i;

	bad |= check_keys(file, root, "pdf.yaml", rkeys);
	if (!is_map(file, fonts, "fonts"))
		bad = 1, fonts = NULL;
	if (!is_map(file, colors, "colors"))
		bad = 1, colors = NULL;
	if (!is_map(file, m, "margins"))
		bad = 1, m = NULL;
	if (fonts)
		bad |= check_keys(file, fonts, "\"fonts\"", fkeys);
	if (colors)
		bad |= check_keys(file, colors, "\"colors\"", ckeys0);
	if (m)
		bad |= check_keys(file, m, "\"margins\"", mkeys);
	for (i = 0; fonts && i < LF_COUNT; i++) {
		const ynode *n = ymap_get(fonts, font_keys[i]);
		bad |= set_string(file, theme_dir, n, &th->fonts[i]);
		if (n)
			th->font_line[i] = n->line, th->font_col[i] = n->col;
	}
	bad |= set_string(file, theme_dir, h, &th->hyphenation);
	if (h)
		th->hyph_line = h->line, th->hyph_col = h->col;
	for (i = 0; colors && i < sizeof(ckeys) / sizeof(*ckeys); i++)
		bad |= set_color(file, colors, ckeys[i], cvals[i]);
	if (m) {
		bad |= set_number(file, m, "top", 5, 60, MM, &th->margin_top);
		bad |= set_number(file, m, "bottom", 5, 60, MM, &th->margin_bottom);
		bad |= set_number(file, m, "left", 5, 60, MM, &th->margin_left);
		bad |= set_number(file, m, "right", 5, 60, MM, &th->margin_right);
	}
	bad |= set_number(file, root, "body-size", 6, 16, 1, &th->body_size);
	return bad;
}

int pdf_theme_load(const char *theme_dir, pdf_theme *th)
{
	buf path = BUF_INIT, text = BUF_INIT;
	ynode *root;
	int ok = 0, st = 0;

	theme_defaults(th);
	buf_printf(&path, "%s/pdf.yaml", theme_dir);
	if (read_file(path.ptr, &text) != 0) {
		if (errno != ENOENT) {
			diag_error(path.ptr, 0, 0, "cannot read: %s", strerror(errno));
			st = 3;
		}
		goto done;
	}
	root = ydoc_parse(path.ptr, text.ptr, text.len, 1, &ok);
	if (!ok) {
		st = 1;
	} else if (root && root->kind != Y_MAP) {
		diag_error(path.ptr, root->line, root->col,
			   "expected a mapping, found %s", ynode_describe(root));
		st = 1;
	} else if (root && read_theme(path.ptr, theme_dir, root, th)) {
		st = 1;
	}
	ynode_free(root);
done:
	buf_release(&path);
	buf_release(&text);
	return st;
}

void pdf_theme_release(pdf_theme *th)
{
	size_t i;

	for (i = 0; i < LF_COUNT; i++)
		free(th->fonts[i]);
	free(th->hyphenation);
	memset(th, 0, sizeof(*th));
}
