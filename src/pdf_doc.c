/* pdf_doc.c: one PDF document through libharu: embedded TrueType fonts on
 * the UTF-8 route, glyph widths for the layout engine, the flow of boxes,
 * and the final drawing (pages, running headers, footers, links,
 * destinations, bookmarks). */
#include "pdf.h"

#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "layout_cache.h"
#include "pdf_hpdf.h"
#include "util.h"

#define PDF_LEADING 1.35

static void hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	pdf_doc *d = data;

	if (!d->error)
		diag_error(NULL, 0, 0, "PDF library error 0x%04X (detail %u)",
			   (unsigned)e, (unsigned)detail);
	d->error = 1;
}

/*
 * libharu 2.3.0 gives UTF-8 fonts a ToUnicode CMap that is not valid (a
 * cidrange where bfranges belong), so text extraction depends on each
 * reader's fallbacks.  Codes are Unicode code points there, so the right
 * map is the identity: this rewrites that stream with it.
 */
static void fix_to_unicode(pdf_doc *d, HPDF_Font font)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	static buf map;	/* the same for every font: made once */
	char line[64];
	unsigned hi[256], n = 0, i, a;

	if (!tu || !tu->stream)
		return;
	if (!map.len) {
		buf_adds(&map, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
			       "begincmap\n/CIDSystemInfo << /Registry (Adobe) "
			       "/Ordering (UCS) /Supplement 0 >> def\n"
			       "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			       "1 begincodespacerange\n<0000> <FFFF>\n"
			       "endcodespacerange\n");
		for (i = 0; i < 256; i++)
			if (i < 0xD8 || i > 0xDF)
				hi[n++] = i;
		for (a = 0; a < n; a += 100) {
			unsigned e = a + 100 < n ? a + 100 : n;
			snprintf(line, sizeof(line), "%u beginbfrange\n", e - a);
			buf_adds(&map, line);
			for (i = a; i < e; i++) {
				snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n",
					 hi[i], hi[i], hi[i]);
				buf_adds(&map, line);
			}
			buf_adds(&map, "endbfrange\n");
		}
		buf_adds(&map, "endcmap\nCMapName currentdict /CMap "
			       "defineresource pop\nend\nend\n");
	}
	HPDF_MemStream_FreeData(tu->stream);
	HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)map.ptr, (HPDF_UINT)map.len);
	(void)d;
}

/*
 * Fonts map the code points below PDF_MAX_CP (Latin, Greek, Cyrillic,
 * punctuation, symbols, arrows, shapes) and the Latin ligatures (U+FB00 to
 * U+FB06): others are shown as missing.
 */
#define PDF_MAX_CP 0x2E00u

static int cp_mapped(unsigned c)
{
	return c >= 0x20 && (c < PDF_MAX_CP || (c >= 0xFB00 && c <= 0xFB06));
}

/* Sets (on) or clears the UTF-8 encoder's cells of the mapped code points
 * (cp_mapped) that font definition def has, walking its cmap segments. */
static void mark_font_cps(HPDF_CMapEncoderAttr ea, HPDF_FontDef def, int on)
{
	HPDF_TTFontDefAttr ta = def->attr;
	unsigned s, nseg = ta->cmap.seg_count_x2 / 2u, c;

	for (s = 0; s < nseg; s++)
		for (c = ta->cmap.start_count[s]; c <= ta->cmap.end_count[s] && c <= 0xFB06;
		     c++) {
			if (c >= PDF_MAX_CP && c < 0xFB00)
				c = 0xFB00;	/* skip to the ligatures */
			if (c > ta->cmap.end_count[s] || !cp_mapped(c))
				continue;
			if (on && !HPDF_TTFontDef_GetGlyphid(def, (HPDF_UNICODE)c))
				continue;
			ea->cid_map[c >> 8][c & 255] = on ? (HPDF_UINT16)c : 0;
			ea->unicode_map[c >> 8][c & 255] = on ? (HPDF_UNICODE)c : 0;
		}
}

/*
 * HPDF_GetFont on the UTF-8 route looks up all 65,536 code points in the
 * font's cmap, one linear search each (libharu 2.3.0, CIDFontType2_New):
 * about 7 ms per font and per document, most of the time of a report.
 * When the encoder looks like a plain CMap encoder, it maps only the cells
 * of its cid_map, so this fills them with the code points the font has
 * (CID = code point, as on the UTF-8 route), and restores the encoder.
 * cid_map[0][0..7] is the UTF-8 decoder's scratch state: saved and zeroed.
 */
static HPDF_Font new_font(pdf_doc *d, const char *name)
{
	HPDF_Encoder enc = HPDF_GetEncoder(d->pdf, "UTF-8");
	HPDF_FontDef def = HPDF_GetFontDef(d->pdf, name);
	HPDF_Encoder_ToUnicode_Func to_unicode;
	HPDF_CMapEncoderAttr ea;
	HPDF_UINT16 scratch[8];
	HPDF_Font font;

	pdf_hpdf_encoder(enc);
	if (!enc || !enc->attr || !def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    !def->attr)
		return HPDF_GetFont(d->pdf, name, "UTF-8");
	ea = enc->attr;
	to_unicode = enc->to_unicode_fn;
	memcpy(scratch, ea->cid_map[0], sizeof(scratch));
	memset(ea->cid_map[0], 0, sizeof(scratch));
	mark_font_cps(ea, def, 1);
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	font = HPDF_GetFont(d->pdf, name, "UTF-8");
	enc->to_unicode_fn = to_unicode;
	mark_font_cps(ea, def, 0);
	memcpy(ea->cid_map[0], scratch, sizeof(scratch));
	return font;
}

/*
 * A document is kept per process from one PDF to the next (see
 * pdf_doc_init): HPDF_NewDoc empties it but keeps its font definitions,
 * which saves parsing the TrueType files again for each report (6% of a
 * report's instructions, callgrind).  libharu tags each embedded font of a
 * document in load order (HPDFAA+, HPDFAB+...; the tag is reset by
 * HPDF_NewDoc): a definition used again is given the tag its load would
 * have given it, so that the bytes are the same as with a fresh document.
 * The back-ends run single-threaded in each job: one spare is enough.
 */
static struct {
	HPDF_Doc pdf;
	size_t nloaded;
	char *loaded_file[LF_COUNT];
	const char *loaded_name[LF_COUNT];
} spare;

/* The name of the definition d's document holds for font file, newly
 * tagged as if just loaded; NULL when it has none. */
static const char *known_font(pdf_doc *d, const char *file)
{
	HPDF_FontDef def;
	char tag[7];
	size_t i;
	int k;

	for (i = 0; i < d->nloaded; i++)
		if (!strcmp(d->loaded_file[i], file))
			break;
	if (i == d->nloaded || !(def = HPDF_GetFontDef(d->pdf, d->loaded_name[i])) ||
	    def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return NULL;
	/* LoadTTFontFromStream's tag: HPDFAA first, then the next one */
	if (d->pdf->ttfont_tag[0] == 0) {
		memcpy(d->pdf->ttfont_tag, "HPDFAA", 6);
	} else {
		for (k = 5; k >= 0; k--) {
			d->pdf->ttfont_tag[k] += 1;
			if (d->pdf->ttfont_tag[k] > 'Z')
				d->pdf->ttfont_tag[k] = 'A';
			else
				break;
		}
	}
	memcpy(tag, d->pdf->ttfont_tag, 6);
	tag[6] = 0;
	HPDF_TTFontDef_SetTagName(def, tag);
	return d->loaded_name[i];
}

static void remember_font(pdf_doc *d, const char *file, const char *name)
{
	if (d->nloaded < LF_COUNT) {
		d->loaded_file[d->nloaded] = xstrdup(file);
		d->loaded_name[d->nloaded++] = name;
	}
}

/* libharu's error handler of the spare document: nobody to tell. */
static void spare_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	(void)e;
	(void)detail;
	(void)data;
}

/* Empties d's document and keeps it, with the fonts it loaded, as the
 * spare that the next pdf_doc_init takes (d no longer holds them). */
static void keep_spare(pdf_doc *d)
{
	d->pdf->error.error_fn = spare_error;
	d->pdf->error.user_data = NULL;
	if (HPDF_NewDoc(d->pdf) != HPDF_OK)
		return;
	spare.pdf = d->pdf;
	spare.nloaded = d->nloaded;
	memcpy(spare.loaded_file, d->loaded_file, sizeof spare.loaded_file);
	memcpy(spare.loaded_name, d->loaded_name, sizeof spare.loaded_name);
	d->pdf = NULL;
	d->nloaded = 0;
}

/* The paragraphs laid out by the documents of this process, all measured
 * with the fonts of the one theme of the build (emptied with the kept
 * document, when the theme goes). */
#define PARA_CACHE_BYTES (16u << 20)
static lay_cache *para_cache;

static void forget_fonts(size_t n, char **files)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i]);
}

void pdf_theme_check_release(void)
{
	pdf_doc_cache_free();
	hyph_keep(NULL, NULL);
}

void pdf_doc_cache_free(void)
{
	if (para_cache && hpdf_mode() == MODE_VERIFY && lay_cache_nverified(para_cache))
		fprintf(stderr, "autodiag: %zu paragraphs from the layout cache: the same as laid out again\n",
			lay_cache_nverified(para_cache));
	lay_cache_free(para_cache);
	para_cache = NULL;
	if (spare.pdf)
		HPDF_Free(spare.pdf);
	pdf_hpdf_pool_release();
	forget_fonts(spare.nloaded, spare.loaded_file);
	memset(&spare, 0, sizeof spare);
}

/* The font for f, loaded and embedded on first use; NULL on failure. */
static HPDF_Font get_font(pdf_doc *d, int f)
{
	const char *name;

	if (f < 0 || f >= LF_COUNT)
		f = LF_REGULAR;
	if (d->fonts[f])
		return d->fonts[f];
	name = known_font(d, d->th->fonts[f]);
	if (!name && (name = HPDF_LoadTTFontFromFile(d->pdf, d->th->fonts[f], HPDF_TRUE)))
		remember_font(d, d->th->fonts[f], name);
	if (!name) {
		diag_error(d->th->fonts[f], 0, 0, "cannot load this TrueType font");
		d->error = 1;
		return f == LF_REGULAR ? NULL : get_font(d, LF_REGULAR);
	}
	d->fonts[f] = new_font(d, name);
	if (d->fonts[f])
		fix_to_unicode(d, d->fonts[f]);
	return d->fonts[f];
}

static int has_glyph(HPDF_Font font, unsigned cp)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;

	if (!cp_mapped(cp))
		return 0;
	return HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UNICODE)cp) != 0;
}

/*
 * The characters beyond ASCII of the PDF back-end's own texts (labels,
 * bullets, arrows; spaces have substitutes): pdf_theme_check warns once,
 * before the jobs start, about a font that lacks one, so that no document
 * repeats it.  tests/check-theme.sh fails when src/pdf*.c uses one that is
 * not listed here.
 */
static const unsigned own_chars[] = {
	0x00AB, 0x00B7, 0x00BB, 0x00C0, 0x00C9, 0x00D7, 0x00E0, 0x00E7, 0x00E8,
	0x00E9, 0x00EA, 0x00F4, 0x00F9, 0x00FB, 0x2013, 0x2014, 0x2019, 0x2022,
	0x2192,
};

static int own_char(unsigned cp)
{
	size_t i;

	for (i = 0; i < sizeof(own_chars) / sizeof(*own_chars); i++)
		if (own_chars[i] == cp)
			return 1;
	return 0;
}

/* Reports cp missing from font f once per document; a character of the
 * back-end's own texts was reported once for all by pdf_theme_check. */
static void report_missing(pdf_doc *d, int f, unsigned cp)
{
	size_t i;

	for (i = 0; i < d->nmissing; i++)
		if (d->missing[i] == cp)
			return;
	if (d->nmissing < sizeof(d->missing) / sizeof(*d->missing))
		d->missing[d->nmissing++] = cp;
	if (own_char(cp))
		return;
	diag_warning(d->src_file, d->src_line, 0,
		     "character U+%04X is missing from font \"%s\"; shown as \"?\"",
		     cp, d->th->fonts[f]);
}

/* A replacement the font has for cp, or 0. */
static unsigned substitute(HPDF_Font font, unsigned cp)
{
	static const unsigned narrow[] = { 0x2009, 0x00A0, ' ' };
	size_t i;

	if (cp == 0x202F || cp == 0x2009 || cp == 0x2007)
		for (i = 0; i < 3; i++)
			if (has_glyph(font, narrow[i]))
				return narrow[i];
	if ((cp == 0x2011 || cp == 0x2010) && has_glyph(font, '-'))
		return '-';
	if (cp == LAY_NEWLINE)
		return ' ';
	return 0;
}

/* The layout engine's width callback (see lay_width_fn). */
static double glyph_width(void *ctx, int f, unsigned *cp)
{
	pdf_doc *d = ctx;
	HPDF_Font font;
	unsigned c = *cp;

	if (f < 0 || f >= LF_COUNT)
		f = LF_REGULAR;
	/* the layout asks once per character: the known ones first */
	if (c <= 0xFFFF && d->widths[f] && d->widths[f][c] >= 0)
		return d->widths[f][c];
	if (!(font = get_font(d, f)))
		return 500;
	if (!d->widths[f]) {
		size_t i;
		d->widths[f] = xmalloc(65536 * sizeof(float));
		for (i = 0; i < 65536; i++)
			d->widths[f][i] = -1;
	}
	if (!has_glyph(font, c)) {
		unsigned s = substitute(font, c);
		if (!s) {
			if (c != LAY_NEWLINE)
				report_missing(d, f, c);
			s = '?';
		}
		*cp = s;
		return glyph_width(ctx, f, cp);
	}
	if (c > 0xFFFF)
		return 500;
	d->widths[f][c] = (float)HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)c);
	return d->widths[f][c];
}

/* libharu's error handler while checking fonts: no message (the check
 * reports each font itself). */
static void check_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	pdf_doc *d = data;

	(void)e;
	(void)detail;
	d->error = 1;
}

/* One warning listing the characters of the back-end's own texts that font
 * lacks (shown as "?"), at the place pdf.yaml names it. */
static void check_own_chars(HPDF_Font font, const char *at, int line, int col,
			    const char *name, const char *path)
{
	buf list = BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < sizeof(own_chars) / sizeof(*own_chars); i++) {
		char u[4];
		if (has_glyph(font, own_chars[i]))
			continue;
		if (n++)
			BUF_LIT(&list, " ");
		buf_add(&list, u, lay_utf8_put(u, own_chars[i]));
	}
	if (n)
		diag_warning(at, line, col,
			     "%s font \"%s\" lacks %zu character%s of autodiag's own texts (%s); "
			     "shown as \"?\"", name, path, n, n > 1 ? "s" : "", list.ptr);
	buf_release(&list);
}

/*
 * Puts the font file behind definition def in memory (a memory stream at
 * the same read position); 0 on failure.  libharu reads a font's file
 * again for each subset and each composite glyph: a document handed to
 * the jobs must not leave them one file offset to share, which each
 * job's reads would move under the others.
 */
static int font_in_memory(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = def && def->type == HPDF_FONTDEF_TYPE_TRUETYPE ? def->attr : NULL;
	HPDF_BYTE chunk[HPDF_STREAM_BUF_SIZ];
	HPDF_Stream old, m;
	HPDF_UINT32 pos;
	HPDF_STATUS ret;

	if (!a || !(old = a->stream))
		return 0;
	if (old->type == HPDF_STREAM_MEMORY)
		return 1;
	pos = HPDF_Stream_Tell(old);
	if (!(m = HPDF_MemStream_New(def->mmgr, HPDF_STREAM_BUF_SIZ)) ||
	    HPDF_Stream_Seek(old, 0, HPDF_SEEK_SET) != HPDF_OK) {
		if (m)
			HPDF_Stream_Free(m);
		return 0;
	}
	do {
		HPDF_UINT size = sizeof chunk;
		ret = HPDF_Stream_Read(old, chunk, &size);
		if (size && HPDF_Stream_Write(m, chunk, size) != HPDF_OK)
			ret = HPDF_FILE_IO_ERROR;
	} while (ret == HPDF_OK);
	if (ret != HPDF_STREAM_EOF || HPDF_Stream_Seek(m, (HPDF_INT32)pos, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Seek(old, (HPDF_INT32)pos, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(m);
		return 0;
	}
	a->stream = m;
	HPDF_Stream_Free(old);
	return 1;
}

int pdf_theme_check(const char *theme_dir)
{
	static const char *const names[LF_COUNT] = { "regular", "bold", "italic",
						     "bold-italic", "mono" };
	buf yaml = BUF_INIT;
	pdf_theme th;
	pdf_doc d;
	hyph *h;
	int st = pdf_theme_load(theme_dir, &th), f, hand;

	if (st) {
		pdf_theme_release(&th);
		return st;
	}
	buf_printf(&yaml, "%s/pdf.yaml", theme_dir);
	memset(&d, 0, sizeof d);
	d.th = &th;
	pdf_hpdf_arrays_forget();
	/* made as pdf_doc_init makes one: the jobs take it over (below) */
	if (!(d.pdf = HPDF_NewEx(check_error, pdf_hpdf_alloc, pdf_hpdf_free, 0, &d))) {
		diag_error(NULL, 0, 0, "cannot start a PDF document");
		st = 3;
	}
	if (d.pdf) {
		HPDF_UseUTFEncodings(d.pdf);
		HPDF_SetCurrentEncoder(d.pdf, "UTF-8");
	}
	for (f = 0; d.pdf && f < LF_COUNT; f++) {
		/* the diagnostic goes where pdf.yaml names the font, or to the
		 * font itself when it is a default */
		const char *at = th.font_line[f] ? yaml.ptr : th.fonts[f];
		const char *name;
		HPDF_Font font;
		if (access(th.fonts[f], R_OK) != 0) {
			diag_error(at, th.font_line[f], th.font_col[f], "%s font \"%s\": cannot read: %s",
				   names[f], th.fonts[f], strerror(errno));
			st = 3;
			continue;
		}
		d.error = 0;
		name = HPDF_LoadTTFontFromFile(d.pdf, th.fonts[f], HPDF_TRUE);
		if (name && !d.error)
			remember_font(&d, th.fonts[f], name);
		font = name && !d.error ? new_font(&d, name) : NULL;
		if (!font || d.error) {
			diag_error(at, th.font_line[f], th.font_col[f],
				   "%s font \"%s\" is not a TrueType font that can be embedded",
				   names[f], th.fonts[f]);
			st = st > 1 ? st : 1;
			HPDF_ResetError(d.pdf);
			continue;
		}
		if (!has_glyph(font, '?')) {
			diag_error(at, th.font_line[f], th.font_col[f],
				   "%s font \"%s\" has no \"?\", the glyph that stands for "
				   "missing characters", names[f], th.fonts[f]);
			st = st > 1 ? st : 1;
		} else {
			check_own_chars(font, at, th.font_line[f], th.font_col[f], names[f],
					th.fonts[f]);
		}
	}
	/*
	 * A good theme's fonts and patterns stay loaded for the jobs, which
	 * are forked after this and inherit them: the document, emptied,
	 * becomes the spare that each job's first PDF takes (pdf_doc_init),
	 * with its font definitions (and what pdf_hpdf_type0.c recorded of
	 * their objects), and the patterns are kept for hyph_load.
	 */
	hand = d.pdf && !st && !d.error && !spare.pdf;
	for (f = 0; hand && (size_t)f < d.nloaded; f++)
		hand = font_in_memory(HPDF_GetFontDef(d.pdf, d.loaded_name[f]));
	pdf_hpdf_arrays_forget();
	if (hand)
		keep_spare(&d);
	if (d.pdf)
		HPDF_Free(d.pdf);
	forget_fonts(d.nloaded, d.loaded_file);
	if (!st && !(h = hyph_load(th.hyphenation))) {
		diag_warning(th.hyph_line ? yaml.ptr : th.hyphenation, th.hyph_line, th.hyph_col,
			     "hyphenation patterns \"%s\" cannot be used; PDFs are not hyphenated",
			     th.hyphenation);
	} else if (!st) {
		hyph_keep(h, th.hyphenation);
	}
	buf_release(&yaml);
	pdf_theme_release(&th);
	return st;
}

int pdf_doc_init(pdf_doc *d, const build_ctx *ctx, const pdf_theme *th,
		 const hyph *h)
{
	memset(d, 0, sizeof(*d));
	d->ctx = ctx;
	d->th = th;
	pdf_hpdf_arrays_forget(); /* those of the document HPDF_NewDoc empties */
	if (spare.pdf) {
		/* emptied by HPDF_NewDoc, its UTF-8 encoders and fonts kept */
		d->pdf = spare.pdf;
		d->nloaded = spare.nloaded;
		memcpy(d->loaded_file, spare.loaded_file, sizeof d->loaded_file);
		memcpy(d->loaded_name, spare.loaded_name, sizeof d->loaded_name);
		memset(&spare, 0, sizeof spare);
		d->pdf->error.error_fn = hpdf_error;
		d->pdf->error.user_data = d;
	} else {
		d->pdf = HPDF_NewEx(hpdf_error, pdf_hpdf_alloc, pdf_hpdf_free, 0, d);
		if (!d->pdf) {
			diag_error(NULL, 0, 0, "cannot start a PDF document");
			return 3;
		}
		HPDF_UseUTFEncodings(d->pdf);
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	d->env.width = glyph_width;
	d->env.ctx = d;
	d->env.hyph = h;
	d->env.leading = PDF_LEADING;
	if (!para_cache)
		para_cache = lay_cache_new(PARA_CACHE_BYTES);
	d->env.cache = para_cache;
	d->env.cache_verify = hpdf_mode() == MODE_VERIFY;
	d->page_w = 595.276;	/* A4 */
	d->page_h = 841.89;
	d->text_w = d->page_w - th->margin_left - th->margin_right;
	d->text_h = d->page_h - th->margin_top - th->margin_bottom;
	lay_doc_init(&d->lay);
	if (!get_font(d, LF_REGULAR))
		return 3;
	return 0;
}

void pdf_doc_release(pdf_doc *d)
{
	size_t i;

	pdf_hpdf_arrays_forget();

	if (d->pdf && !d->error && !spare.pdf)
		keep_spare(d);
	if (d->pdf)
		HPDF_Free(d->pdf);
	forget_fonts(d->nloaded, d->loaded_file);
	for (i = 0; i < LF_COUNT; i++)
		free(d->widths[i]);
	for (i = 0; i < d->nsections; i++)
		free(d->sections[i]);
	free(d->sections);
	for (i = 0; i < d->noutlines; i++)
		free(d->outlines[i].title);
	free(d->outlines);
	lay_doc_release(&d->lay);
	memset(d, 0, sizeof(*d));
}

lay_style pdf_style(const pdf_doc *d, int font, double size, unsigned color)
{
	lay_style st = { font, size, color, NULL, -1 };

	(void)d;
	return st;
}

/* ---- the flow ---- */

int pdf_anchor_new(pdf_doc *d)
{
	return d->nanchors++;
}

void pdf_flow_anchor(pdf_doc *d, int a)
{
	lay_box *b = lay_doc_add(&d->lay, 0);
	lay_op *op = lay_box_op(b, OP_ANCHOR);

	op->dest = a;
	b->keep_with_next = 1;
}

void pdf_outline_add(pdf_doc *d, int level, const char *title, int anchor)
{
	pdf_outline *o;

	d->outlines = xrealloc(d->outlines, (d->noutlines + 1) * sizeof(*o));
	o = &d->outlines[d->noutlines++];
	o->level = level;
	o->title = xstrdup(title);
	o->anchor = anchor;
}

void pdf_flow_section(pdf_doc *d, const char *title)
{
	lay_box *b;

	d->sections = xrealloc(d->sections, (d->nsections + 1) * sizeof(char *));
	d->sections[d->nsections] = xstrdup(title ? title : "");
	b = lay_doc_add(&d->lay, 0);
	b->section = (int)d->nsections++;
	b->keep_with_next = 1;
}

void pdf_flow_page_break(pdf_doc *d)
{
	lay_box *b = lay_doc_add(&d->lay, 0);

	b->break_before = 1;
	b->keep_with_next = 1;
}

void pdf_flow_space(pdf_doc *d, double pt)
{
	lay_box *b = lay_doc_add(&d->lay, 0);

	b->space_before = pt;
	b->keep_with_next = 1;
}

long pdf_flow_para(pdf_doc *d, const lay_para *p, double x, double w, int align,
		   double space, int keep)
{
	size_t n, i;
	lay_box *lines = lay_para_lines(p, &d->env, w, align, &n);
	long first = (long)d->lay.n;

	for (i = 0; i < n; i++) {
		lay_box *b = lay_doc_add(&d->lay, lines[i].height);
		lay_box_merge(b, &lines[i], x, 0);
		b->space_before = i == 0 ? space : 0;
		/* Headings go with what follows; no line alone at a page edge. */
		b->keep_with_next = keep || (n > 1 && (i == 0 || i + 2 == n));
	}
	free(lines);
	return n ? first : -1;
}

long pdf_flow_text(pdf_doc *d, const lay_style *st, const char *text, double x,
		   double w, int align, double space, int keep)
{
	lay_para *p = lay_para_new();
	long first;

	lay_para_add(p, st, text);
	first = pdf_flow_para(d, p, x, w, align, space, keep);
	lay_para_free(p);
	return first;
}

long pdf_flow_heading(pdf_doc *d, const char *text, double size, unsigned color,
		      double space)
{
	lay_style st = pdf_style(d, LF_BOLD, size, color);

	return pdf_flow_text(d, &st, text, 0, d->text_w, LA_LEFT, space, 1);
}

double pdf_box_para(pdf_doc *d, lay_box *box, const lay_para *p, double x,
		    double y, double w, int align)
{
	size_t n, i;
	lay_box *lines = lay_para_lines(p, &d->env, w, align, &n);
	double h = 0;

	for (i = 0; i < n; i++) {
		double lh = lines[i].height;
		lay_box_merge(box, &lines[i], x, y + h);
		h += lh;
	}
	free(lines);
	return h;
}

void pdf_cover_band(pdf_doc *d, lay_box *content, double h, double space_before)
{
	lay_box *b = lay_doc_add(&d->lay, h);

	b->space_before = space_before;
	lay_box_rect(b, 0, 0, d->text_w, h, d->th->primary, LAY_NONE, 0);
	lay_box_rect(b, 0, h - 6, d->text_w, 6, d->th->accent, LAY_NONE, 0);
	lay_box_merge(b, content, 0, 0);
}

double pdf_box_text(pdf_doc *d, lay_box *box, const lay_style *st,
		    const char *text, double x, double y, double w, int align)
{
	lay_para *p = lay_para_new();
	double h;

	lay_para_add(p, st, text);
	h = pdf_box_para(d, box, p, x, y, w, align);
	lay_para_free(p);
	return h;
}

/* ---- drawing ---- */

typedef struct anchor_pos {
	int page;	/* -1 when never placed */
	double y;	/* PDF user space */
} anchor_pos;

typedef struct render {
	pdf_doc *d;
	HPDF_Page *pages;
	int npages;
	anchor_pos *anchors;
	HPDF_Destination *dests;
	/* The open text object, so that consecutive texts share it and set
	 * font and colour only when they change. */
	HPDF_Page text_page;
	int font;
	double size;
	unsigned color;
} render;

static void end_text(render *r)
{
	if (r->text_page)
		HPDF_Page_EndText(r->text_page);
	r->text_page = NULL;
}

static void set_fill(HPDF_Page pg, unsigned c)
{
	HPDF_Page_SetRGBFill(pg, ((c >> 16) & 255) / 255.0f,
			     ((c >> 8) & 255) / 255.0f, (c & 255) / 255.0f);
}

static void set_stroke(HPDF_Page pg, unsigned c)
{
	HPDF_Page_SetRGBStroke(pg, ((c >> 16) & 255) / 255.0f,
			       ((c >> 8) & 255) / 255.0f, (c & 255) / 255.0f);
}

static void draw_text(render *r, HPDF_Page pg, int f, double size, unsigned color,
		      double x, double y, const char *text)
{
	HPDF_Font font = get_font(r->d, f);

	if (!font || !text || !*text)
		return;
	if (color == LAY_NONE)
		color = 0;
	if (r->text_page != pg) {
		end_text(r);
		HPDF_Page_BeginText(pg);
		r->text_page = pg;
		r->font = -1;
		r->color = LAY_NONE;
	}
	if (r->font != f || r->size != size) {
		HPDF_Page_SetFontAndSize(pg, font, (HPDF_REAL)size);
		r->font = f;
		r->size = size;
	}
	if (r->color != color) {
		set_fill(pg, color);
		r->color = color;
	}
	HPDF_Page_TextOut(pg, (HPDF_REAL)x, (HPDF_REAL)y, text);
}

/* Colours for op's path: set before the path is built. */
static void paint_colors(HPDF_Page pg, const lay_op *op)
{
	if (op->fill != LAY_NONE)
		set_fill(pg, op->fill);
	if (op->color != LAY_NONE) {
		set_stroke(pg, op->color);
		HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(op->line_width > 0 ? op->line_width : 0.5));
	}
}

/* Fill and/or stroke the current path. */
static void paint(HPDF_Page pg, const lay_op *op)
{
	if (op->fill != LAY_NONE && op->color != LAY_NONE)
		HPDF_Page_FillStroke(pg);
	else if (op->fill != LAY_NONE)
		HPDF_Page_Fill(pg);
	else
		HPDF_Page_Stroke(pg);
}

static void draw_link(render *r, HPDF_Page pg, const lay_op *op, double x,
		      double top)
{
	HPDF_Rect rect;
	HPDF_Annotation a = NULL;

	rect.left = (HPDF_REAL)x;
	rect.right = (HPDF_REAL)(x + op->w);
	rect.top = (HPDF_REAL)top;
	rect.bottom = (HPDF_REAL)(top - op->h);
	if (op->text && pdf_uri_safe(op->text))
		a = HPDF_Page_CreateURILinkAnnot(pg, rect, op->text);
	else if (op->dest >= 0 && op->dest < r->d->nanchors && r->dests[op->dest])
		a = HPDF_Page_CreateLinkAnnot(pg, rect, r->dests[op->dest]);
	if (a)
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

/* Draws op of a box whose top-left corner is (x0, y0) in user space. */
static void draw_op(render *r, HPDF_Page pg, const lay_op *op, double x0, double y0)
{
	double x = x0 + op->x, y = y0 - op->y;
	char num[32];
	size_t i;

	if (op->kind != OP_TEXT && op->kind != OP_ANCHOR)
		end_text(r);
	switch (op->kind) {
	case OP_TEXT:
		if (!op->text && op->dest >= 0 && op->dest < r->d->nanchors) {
			/* A page number, right-aligned at x. */
			lay_style st = pdf_style(r->d, op->font, op->size, op->color);
			snprintf(num, sizeof(num), "%d", r->anchors[op->dest].page + 1);
			x -= lay_text_width(&r->d->env, &st, num);
			draw_text(r, pg, op->font, op->size, op->color, x, y, num);
		} else {
			draw_text(r, pg, op->font, op->size, op->color, x, y, op->text);
		}
		break;
	case OP_RECT:
		paint_colors(pg, op);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)(y - op->h),
				    (HPDF_REAL)op->w, (HPDF_REAL)op->h);
		paint(pg, op);
		break;
	case OP_LINE:
		set_stroke(pg, op->color == LAY_NONE ? 0 : op->color);
		HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(op->line_width > 0 ? op->line_width : 0.5));
		HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)y);
		HPDF_Page_LineTo(pg, (HPDF_REAL)(x + op->w), (HPDF_REAL)(y - op->h));
		HPDF_Page_Stroke(pg);
		break;
	case OP_POLY:
		if (op->npts < 2)
			break;
		paint_colors(pg, op);
		for (i = 0; i < op->npts; i++) {
			HPDF_REAL px = (HPDF_REAL)(x0 + op->pts[2 * i]);
			HPDF_REAL py = (HPDF_REAL)(y0 - op->pts[2 * i + 1]);
			if (i == 0)
				HPDF_Page_MoveTo(pg, px, py);
			else
				HPDF_Page_LineTo(pg, px, py);
		}
		HPDF_Page_ClosePath(pg);
		paint(pg, op);
		break;
	case OP_LINK:
		draw_link(r, pg, op, x, y);
		break;
	case OP_ANCHOR:
		break;
	}
}

/* Running header (the section) and footer ("page x / y") of page i. */
static void draw_page_frame(render *r, int i, int section)
{
	pdf_doc *d = r->d;
	const pdf_theme *th = d->th;
	HPDF_Page pg = r->pages[i];
	lay_style st = pdf_style(d, LF_REGULAR, 8, th->muted);
	char foot[64];
	double top = d->page_h - th->margin_top + 18, w;
	size_t k;

	if (section >= 0 && (size_t)section < d->nsections &&
	    d->sections[section][0]) {
		lay_box b;
		lay_box_init(&b);
		/* Through the layout engine, so that a long title is cut to
		 * one line instead of overflowing. */
		pdf_box_text(d, &b, &st, d->sections[section], 0, 0, d->text_w, LA_LEFT);
		for (k = 0; k < b.nops; k++)	/* its first line only */
			if (b.ops[k].kind == OP_TEXT && b.ops[k].y == b.ops[0].y)
				draw_text(r, pg, LF_REGULAR, 8, th->muted,
					  th->margin_left + b.ops[k].x, top, b.ops[k].text);
		lay_box_release(&b);
	}
	end_text(r);
	set_stroke(pg, th->rule);
	HPDF_Page_SetLineWidth(pg, 0.5);
	HPDF_Page_MoveTo(pg, (HPDF_REAL)th->margin_left, (HPDF_REAL)(top - 5));
	HPDF_Page_LineTo(pg, (HPDF_REAL)(d->page_w - th->margin_right),
			 (HPDF_REAL)(top - 5));
	HPDF_Page_Stroke(pg);
	snprintf(foot, sizeof(foot), "page %d / %d", i + 1, r->npages);
	w = lay_text_width(&d->env, &st, foot);
	draw_text(r, pg, LF_REGULAR, 8, th->muted, (d->page_w - w) / 2,
		  th->margin_bottom - 24, foot);
	end_text(r);
}

/* Records where each anchor landed and makes its destination. */
static void place_anchors(render *r)
{
	pdf_doc *d = r->d;
	size_t i, k;
	int a;

	r->anchors = xcalloc((size_t)d->nanchors + 1, sizeof(*r->anchors));
	r->dests = xcalloc((size_t)d->nanchors + 1, sizeof(*r->dests));
	for (a = 0; a < d->nanchors; a++)
		r->anchors[a].page = -1;
	for (i = 0; i < d->lay.n; i++) {
		const lay_box *b = &d->lay.boxes[i];
		for (k = 0; k < b->nops; k++) {
			const lay_op *op = &b->ops[k];
			if (op->kind != OP_ANCHOR || op->dest < 0 || op->dest >= d->nanchors)
				continue;
			r->anchors[op->dest].page = b->page;
			r->anchors[op->dest].y = d->page_h - d->th->margin_top - b->y + 12;
		}
	}
	for (a = 0; a < d->nanchors; a++) {
		HPDF_Destination dst;
		if (r->anchors[a].page < 0)
			continue;
		dst = HPDF_Page_CreateDestination(r->pages[r->anchors[a].page]);
		if (dst)
			HPDF_Destination_SetFitH(dst, (HPDF_REAL)r->anchors[a].y);
		r->dests[a] = dst;
	}
}

static void make_outlines(render *r)
{
	pdf_doc *d = r->d;
	HPDF_Outline parent = NULL, o;
	HPDF_Encoder enc = HPDF_GetEncoder(d->pdf, "UTF-8");
	size_t i;

	for (i = 0; i < d->noutlines; i++) {
		const pdf_outline *ol = &d->outlines[i];
		o = HPDF_CreateOutline(d->pdf, ol->level > 0 ? parent : NULL,
				       ol->title, enc);
		if (!o)
			continue;
		if (ol->anchor >= 0 && ol->anchor < d->nanchors && r->dests[ol->anchor])
			HPDF_Outline_SetDestination(o, r->dests[ol->anchor]);
		if (ol->level == 0) {
			parent = o;
			HPDF_Outline_SetOpened(o, HPDF_TRUE);
		}
	}
}

/* The running header of each page: the section in force at its first
 * box with content. */
static int *page_sections(render *r)
{
	pdf_doc *d = r->d;
	int *sec = xmalloc((size_t)r->npages * sizeof(int));
	int cur = -1, p;
	size_t i;

	for (p = 0; p < r->npages; p++)
		sec[p] = -2;
	for (i = 0; i < d->lay.n; i++) {
		const lay_box *b = &d->lay.boxes[i];
		if (b->section >= 0)
			cur = b->section;
		if (b->height > 0 && sec[b->page] == -2)
			sec[b->page] = cur;
	}
	for (p = 0; p < r->npages; p++)
		if (sec[p] == -2)
			sec[p] = p > 0 ? sec[p - 1] : -1;
	return sec;
}

static void draw_pages(render *r)
{
	pdf_doc *d = r->d;
	int *sec = page_sections(r);
	size_t i, k;
	int p;

	for (p = d->cover ? 1 : 0; p < r->npages; p++)
		draw_page_frame(r, p, sec[p]);
	free(sec);
	for (i = 0; i < d->lay.n; i++) {
		const lay_box *b = &d->lay.boxes[i];
		double x0 = d->th->margin_left;
		double y0 = d->page_h - d->th->margin_top - b->y;
		for (k = 0; k < b->nops; k++)
			draw_op(r, r->pages[b->page], &b->ops[k], x0, y0);
	}
	end_text(r);
}

/* Sets the document information; dates only from SOURCE_DATE_EPOCH. */
static void set_info(pdf_doc *d, const char *title)
{
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "autodiag");
	if (d->ctx->source_date >= 0) {
		time_t t = (time_t)d->ctx->source_date;
		struct tm tm;
		HPDF_Date date;
		gmtime_r(&t, &tm);
		memset(&date, 0, sizeof(date));
		date.year = tm.tm_year + 1900;
		date.month = tm.tm_mon + 1;
		date.day = tm.tm_mday;
		date.hour = tm.tm_hour;
		date.minutes = tm.tm_min;
		date.seconds = tm.tm_sec;
		date.ind = 'Z';
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
	}
}

int pdf_doc_save(pdf_doc *d, const char *path, const char *title)
{
	render r = { d, NULL, 0, NULL, NULL, NULL, -1, 0, LAY_NONE };
	int i, st = 0;

	r.npages = lay_paginate(&d->lay, d->text_h);
	r.pages = xcalloc((size_t)r.npages, sizeof(*r.pages));
	for (i = 0; i < r.npages; i++) {
		r.pages[i] = HPDF_AddPage(d->pdf);
		HPDF_Page_SetSize(r.pages[i], HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	}
	place_anchors(&r);
	draw_pages(&r);
	make_outlines(&r);
	if (d->noutlines)
		HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	set_info(d, title);
	if (d->shared && !d->error)
		pdf_hpdf_predeflate(d->pdf);
	if (d->error || HPDF_SaveToFile(d->pdf, path) != HPDF_OK) {
		diag_error(path, 0, 0, "cannot write the PDF file");
		st = 3;
	}
	pdf_hpdf_predeflate_end();
	free(r.pages);
	free(r.anchors);
	free(r.dests);
	return st;
}
