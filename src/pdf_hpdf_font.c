/* pdf_hpdf_font.c: libharu 2.3.0's TrueType and text internals replaced,
 * for speed, by definitions that give the very same bytes (see
 * pdf_hpdf.c for how, and for AUTODIAG_LIBHARU).
 *
 * Why by hand: at 154 M instructions a report, the font subset
 * (HPDF_TTFontDef_SaveFontData, 13%) read the font file and its own output
 * 4 bytes at a time, a million calls a report; the glyph of a code point
 * (HPDF_TTFontDef_GetGlyphid, 3%, asked for each character measured) is a
 * linear search of the cmap; each string shown is measured (7%) and
 * encoded (7%) character by character through libharu's UTF-8 decoder.
 * Here the glyph ids and widths are libharu's own answers, remembered; the
 * subset is built in memory with libharu's layout (tables in its order,
 * unpadded, its checksums); a font missing a table, another encoder or
 * malformed UTF-8 goes to libharu.  HPDF_Page_TextOut, the one way text is
 * written, makes the same checks and writes the same bytes in two writes
 * instead of libharu's ten calls a string.
 */
#define _GNU_SOURCE
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_hpdf.h"

/*
 * What this file keeps of each TrueType definition: the glyph id of each
 * code point asked for (libharu's answer, remembered), and the font file's
 * bytes for the subsets.  A definition leaves the table when libharu
 * frees it (HPDF_FontDef_Free below), so that an address used again is
 * not taken for the old font.
 */
#define TF_MAX 32

struct tfont {
	HPDF_FontDef def;
	uint16_t gid[65536];
	uint64_t known[65536 / 64];
	HPDF_INT16 width[65536]; /* HPDF_TTFontDef_GetCharWidth's, where wknown */
	uint64_t wknown[65536 / 64];
	unsigned char *file; /* NULL until read; see font_file */
	size_t nfile;
	int unreadable;
};

static struct tfont *tf[TF_MAX];
static size_t ntf;

typedef HPDF_UINT16 (*glyphid_fn)(HPDF_FontDef, HPDF_UINT16);
typedef void (*fontdef_free_fn)(HPDF_FontDef);
typedef HPDF_STATUS (*save_font_fn)(HPDF_FontDef, HPDF_Stream);

/* def's entry, made on first use; NULL when the table is full. */
static struct tfont *tfont_of(HPDF_FontDef def)
{
	static size_t last;
	size_t i;

	if (last < ntf && tf[last]->def == def)
		return tf[last];
	for (i = 0; i < ntf; i++)
		if (tf[i]->def == def)
			return tf[last = i];
	if (ntf == TF_MAX || !(tf[ntf] = calloc(1, sizeof(struct tfont))))
		return NULL;
	tf[ntf]->def = def;
	return tf[last = ntf++];
}

static inline int bit(const uint64_t *set, unsigned i)
{
	return set[i >> 6] >> (i & 63) & 1;
}

static inline void set_bit(uint64_t *set, unsigned i)
{
	set[i >> 6] |= (uint64_t)1 << (i & 63);
}

static HPDF_UINT16 glyph_ask(struct tfont *t, HPDF_UINT16 unicode)
{
	static glyphid_fn own;

	if (!own && !(own = (glyphid_fn)(uintptr_t)pdf_hpdf_own("HPDF_TTFontDef_GetGlyphid")))
		return 0;
	t->gid[unicode] = own(t->def, unicode);
	set_bit(t->known, unicode);
	return t->gid[unicode];
}

static inline HPDF_UINT16 glyph_of(struct tfont *t, HPDF_UINT16 unicode)
{
	return bit(t->known, unicode) ? t->gid[unicode] : glyph_ask(t, unicode);
}

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef def, HPDF_UINT16 unicode)
{
	struct tfont *t;

	if (hpdf_mode() == MODE_LIBHARU || !(t = tfont_of(def))) {
		glyphid_fn own = (glyphid_fn)(uintptr_t)pdf_hpdf_own("HPDF_TTFontDef_GetGlyphid");
		return own ? own(def, unicode) : 0;
	}
	return glyph_of(t, unicode);
}

void HPDF_FontDef_Free(HPDF_FontDef def)
{
	fontdef_free_fn own = (fontdef_free_fn)(uintptr_t)pdf_hpdf_own("HPDF_FontDef_Free");
	size_t i;

	pdf_hpdf_type0_forget(def);
	for (i = 0; i < ntf; i++)
		if (tf[i]->def == def) {
			free(tf[i]->file);
			free(tf[i]);
			tf[i] = tf[--ntf];
			break;
		}
	if (own)
		own(def);
}

/*
 * The font subset, as libharu's HPDF_TTFontDef_SaveFontData writes it:
 * the offset table (the font's own search fields, 13 tables), the
 * directory, then the 13 tables in REQUIRED_TAGS order, unpadded: "head"
 * rewritten with a new checkSumAdjustment, "glyf" holding only the glyphs
 * flagged as used (the others empty), "loca" its new offsets, "name" with
 * the subset tag before each family and full name, the others copied.
 */
static const char *const REQUIRED_TAGS[13] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
	"hmtx", "loca", "maxp", "name", "post", "prep",
};

/* The bytes of def's font file; NULL when libharu's stream cannot be read. */
static const unsigned char *font_file(struct tfont *t, size_t *n)
{
	HPDF_TTFontDefAttr a = t->def->attr;
	obuf o = { NULL, 0, 0, 0 };

	if (!t->file && !t->unreadable) {
		if (a->stream && ob_stream(&o, a->stream)) {
			t->file = o.p, t->nfile = o.n;
		} else {
			free(o.p);
			t->unreadable = 1;
		}
	}
	*n = t->nfile;
	return t->file;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The table tag of def, or NULL. */
static const HPDF_TTFTable *find_table(HPDF_TTFontDefAttr a, const char *tag)
{
	HPDF_UINT i;

	for (i = 0; i < a->offset_tbl.num_tables; i++)
		if (!memcmp(a->offset_tbl.table[i].tag, tag, 4))
			return &a->offset_tbl.table[i];
	return NULL;
}

/* Bytes [off, off + len) of the file into o; 0 when they are not there. */
static int copy_file(obuf *o, const unsigned char *f, size_t nf, size_t off, size_t len)
{
	if (off > nf || len > nf - off)
		return 0;
	ob_add(o, f + off, len);
	return 1;
}

static void write_head(obuf *o, HPDF_TTFontDefAttr a, size_t *csum_at)
{
	const HPDF_TTF_FontHeader *h = &a->header;

	ob_add(o, h->version_number, 4);
	ob_u32(o, h->font_revision);
	*csum_at = o->n;
	ob_u32(o, 0);
	ob_u32(o, h->magic_number);
	ob_u16(o, h->flags);
	ob_u16(o, h->units_per_em);
	ob_add(o, h->created, 8);
	ob_add(o, h->modified, 8);
	ob_u16(o, (uint16_t)h->x_min);
	ob_u16(o, (uint16_t)h->y_min);
	ob_u16(o, (uint16_t)h->x_max);
	ob_u16(o, (uint16_t)h->y_max);
	ob_u16(o, h->mac_style);
	ob_u16(o, h->lowest_rec_ppem);
	ob_u16(o, (uint16_t)h->font_direction_hint);
	ob_u16(o, (uint16_t)h->index_to_loc_format);
	ob_u16(o, (uint16_t)h->glyph_data_format);
}

/* "glyf" with the flagged glyphs; their new offsets in loc[0..num_glyphs]. */
static int write_glyf(obuf *o, HPDF_TTFontDefAttr a, const unsigned char *f, size_t nf,
		      uint32_t *loc)
{
	size_t start = o->n;
	uint32_t save = 0;
	int short_loc = a->header.index_to_loc_format == 0;
	HPDF_UINT16 i;

	for (i = 0; i < a->num_glyphs; i++) {
		uint32_t off = a->glyph_tbl.offsets[i];
		uint32_t len = a->glyph_tbl.offsets[i + 1] - off;
		if (a->glyph_tbl.flgs[i] != 1) {
			loc[i] = save;
			continue;
		}
		loc[i] = (uint32_t)(o->n - start);
		if (short_loc) {
			loc[i] /= 2;
			len *= 2;
			off *= 2;
		}
		if (!copy_file(o, f, nf, (size_t)a->glyph_tbl.base_offset + off, len))
			return 0;
		save = (uint32_t)(o->n - start);
		if (short_loc)
			save /= 2;
	}
	loc[a->num_glyphs] = save;
	return 1;
}

/* "name" with tag before the family (1) and full (4) names. */
static int write_name(obuf *o, HPDF_TTFontDefAttr a, const HPDF_TTFTable *tbl,
		      const unsigned char *f, size_t nf)
{
	obuf str = { NULL, 0, 0, 0 };
	HPDF_UINT i;
	int ok = 1;

	ob_u16(o, a->name_tbl.format);
	ob_u16(o, a->name_tbl.count);
	ob_u16(o, a->name_tbl.string_offset);
	for (i = 0; i < a->name_tbl.count && ok; i++) {
		const HPDF_TTF_NameRecord *r = &a->name_tbl.name_records[i];
		size_t len = r->length, at = str.n;
		if (r->name_id == 1 || r->name_id == 4) {
			int wide = r->platform_id == 0 || r->platform_id == 3;
			size_t n = wide ? sizeof a->tag_name2 : sizeof a->tag_name;
			ob_add(&str, wide ? a->tag_name2 : a->tag_name, n);
			len += n;
		}
		ob_u16(o, r->platform_id);
		ob_u16(o, r->encoding_id);
		ob_u16(o, r->language_id);
		ob_u16(o, r->name_id);
		ob_u16(o, (uint16_t)len);
		ob_u16(o, (uint16_t)at);
		ok = copy_file(&str, f, nf,
			       (size_t)tbl->offset + a->name_tbl.string_offset + r->offset,
			       r->length);
	}
	ob_add(o, str.p, str.n);
	ok = ok && !str.failed;
	free(str.p);
	return ok;
}

/* The sum of the big-endian words of p[0..n), the last one zero-padded. */
static uint32_t table_sum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4)
		s += be32(p + i);
	if (i < n) {
		unsigned char w[4] = { 0, 0, 0, 0 };
		memcpy(w, p + i, n - i);
		s += be32(w);
	}
	return s;
}

/*
 * def's subset into *out, as libharu writes it (see above), and its
 * length1; 0 when it cannot be made here (the caller then asks libharu).
 */
static int make_subset(struct tfont *t, obuf *out, HPDF_UINT *length1)
{
	HPDF_TTFontDefAttr a = t->def->attr;
	const uint32_t base = 12 + 16 * 13;
	uint32_t off[13], len[13], csum = 0xB1B0AFBA, *loc;
	obuf tb = { NULL, 0, 0, 0 };
	size_t nf, csum_at = 0, i, j;
	const unsigned char *f = font_file(t, &nf);
	int ok = f && a->glyph_tbl.offsets && a->glyph_tbl.flgs;

	for (i = 0; i < 13 && ok; i++)
		ok = find_table(a, REQUIRED_TAGS[i]) != NULL;
	if (!ok || !(loc = malloc(sizeof(uint32_t) * ((size_t)a->num_glyphs + 1))))
		return 0;
	for (i = 0; i < 13 && ok; i++) {
		const HPDF_TTFTable *tbl = find_table(a, REQUIRED_TAGS[i]);
		off[i] = (uint32_t)tb.n;
		if (!strcmp(REQUIRED_TAGS[i], "head")) {
			write_head(&tb, a, &csum_at);
		} else if (!strcmp(REQUIRED_TAGS[i], "glyf")) {
			ok = write_glyf(&tb, a, f, nf, loc);
		} else if (!strcmp(REQUIRED_TAGS[i], "loca")) {
			for (j = 0; j <= a->num_glyphs; j++) {
				if (a->header.index_to_loc_format == 0)
					ob_u16(&tb, (uint16_t)loc[j]);
				else
					ob_u32(&tb, loc[j]);
			}
		} else if (!strcmp(REQUIRED_TAGS[i], "name")) {
			ok = write_name(&tb, a, tbl, f, nf);
		} else {
			ok = copy_file(&tb, f, nf, tbl->offset, tbl->length);
		}
		len[i] = (uint32_t)(tb.n - off[i]);
	}
	free(loc);
	ok = ok && !tb.failed;
	if (ok) {
		/* the directory's checksums are those of checkSumAdjustment 0;
		 * then libharu sums the whole words of the tables only (not the
		 * directory), and stores the adjustment big-endian */
		ob_u32(out, a->offset_tbl.sfnt_version);
		ob_u16(out, 13);
		ob_u16(out, a->offset_tbl.search_range);
		ob_u16(out, a->offset_tbl.entry_selector);
		ob_u16(out, a->offset_tbl.range_shift);
		for (i = 0; i < 13; i++) {
			ob_add(out, REQUIRED_TAGS[i], 4);
			ob_u32(out, table_sum(tb.p + off[i], len[i]));
			ob_u32(out, off[i] + base);
			ob_u32(out, len[i]);
		}
		for (j = 0; j + 4 <= tb.n; j += 4)
			csum -= be32(tb.p + j);
		tb.p[csum_at] = (unsigned char)(csum >> 24);
		tb.p[csum_at + 1] = (unsigned char)(csum >> 16);
		tb.p[csum_at + 2] = (unsigned char)(csum >> 8);
		tb.p[csum_at + 3] = (unsigned char)csum;
		ob_add(out, tb.p, tb.n);
		*length1 = (HPDF_UINT)(tb.n + base);
		ok = !out->failed;
	}
	free(tb.p);
	return ok;
}

/* libharu's subset of def, written into a stream of its own and read back;
 * 0 on failure. */
static int libharu_subset(save_font_fn own, HPDF_FontDef def, obuf *out, HPDF_UINT *length1)
{
	HPDF_Stream m = HPDF_MemStream_New(def->mmgr, HPDF_STREAM_BUF_SIZ);
	int ok = m && own(def, m) == HPDF_OK && ob_stream(out, m);

	if (ok)
		*length1 = ((HPDF_TTFontDefAttr)def->attr)->length1;
	if (m)
		HPDF_Stream_Free(m);
	return ok;
}

HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef def, HPDF_Stream stream)
{
	static save_font_fn own;
	obuf o = { NULL, 0, 0, 0 };
	HPDF_TTFontDefAttr a = def->attr;
	struct tfont *t;
	HPDF_UINT length1 = 0;
	HPDF_STATUS ret;

	if (!own && !(own = (save_font_fn)(uintptr_t)pdf_hpdf_own("HPDF_TTFontDef_SaveFontData")))
		return HPDF_SetError(def->error, HPDF_INVALID_FONTDEF_DATA, 0);
	if (hpdf_mode() == MODE_LIBHARU || !(t = tfont_of(def)) || !make_subset(t, &o, &length1)) {
		free(o.p);
		return own(def, stream);
	}
	if (hpdf_mode() == MODE_VERIFY) {
		obuf v = { NULL, 0, 0, 0 };
		HPDF_UINT vlength1 = 0;
		if (!libharu_subset(own, def, &v, &vlength1) || v.n != o.n ||
		    memcmp(v.p, o.p, o.n) || vlength1 != length1) {
			fprintf(stderr, "autodiag: font subset of %s differs from libharu's "
					"(%zu bytes against %zu)\n", def->base_font, o.n, v.n);
			abort();
		}
		free(v.p);
		fprintf(stderr, "autodiag: font subset of %s (%zu bytes): the same as libharu's\n",
			def->base_font, o.n);
	}
	a->length1 = length1;
	ret = HPDF_Stream_Write(stream, o.p, (HPDF_UINT)o.n);
	free(o.p);
	return ret;
}

/*
 * Text on the UTF-8 route.  libharu measures each string shown (for the
 * next text position) byte by byte through its UTF-8 decoder and
 * HPDF_TTFontDef_GetCharWidth, and encodes it again the same way for the
 * page (UTF-16BE code units, as hex).  For valid UTF-8 of the Basic
 * Multilingual Plane both are a sum and a concatenation over characters:
 * a character's width is asked of libharu once per font, and again
 * whenever its glyph is not yet flagged as used in the current document
 * (GetCharWidth flags it, and its components, for the subset).  Anything
 * else (other fonts, other encoders, 4-byte or malformed UTF-8) goes to
 * libharu.
 */

typedef HPDF_TextWidth (*text_width_fn)(HPDF_Font, const HPDF_BYTE *, HPDF_UINT);
typedef HPDF_INT16 (*char_width_fn)(HPDF_FontDef, HPDF_UINT16);

/* font's TrueType entry when it is on the UTF-8 route, else NULL. */
static struct tfont *utf8_font(HPDF_Font font)
{
	HPDF_FontAttr a;

	if (!HPDF_Font_Validate(font) || !(a = font->attr) || a->type != HPDF_FONT_TYPE0_TT || !a->text_width_fn ||
	    a->writing_mode != HPDF_WMODE_HORIZONTAL || !a->fontdef ||
	    a->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE || !a->fontdef->attr ||
	    !a->encoder || strcmp(a->encoder->name, "UTF-8") != 0)
		return NULL;
	return tfont_of(a->fontdef);
}

/* The width libharu gives cp in t, flagging its glyph as libharu does. */
static HPDF_UINT char_width_ask(struct tfont *t, HPDF_UINT16 cp)
{
	static char_width_fn own;

	if (!own && !(own = (char_width_fn)(uintptr_t)pdf_hpdf_own("HPDF_TTFontDef_GetCharWidth")))
		return 0;
	t->width[cp] = own(t->def, cp);
	set_bit(t->wknown, cp);
	return (HPDF_UINT)t->width[cp];
}

static inline HPDF_UINT char_width(struct tfont *t, HPDF_TTFontDefAttr a, HPDF_UINT16 cp)
{
	HPDF_UINT16 gid;

	if (!bit(t->wknown, cp))
		return char_width_ask(t, cp);
	gid = glyph_of(t, cp);
	if (gid < a->num_glyphs && !a->glyph_tbl.flgs[gid])
		return char_width_ask(t, cp);
	return (HPDF_UINT)t->width[cp];
}

/* The next code point of s[*i..len) (below U+10000), or -1 unless valid
 * UTF-8 of such a code point starts there. */
static inline long utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	unsigned c = s[*i];

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xE0) == 0xC0 && *i + 1 < len && (s[*i + 1] & 0xC0) == 0x80) {
		c = (c & 0x1F) << 6 | (s[*i + 1] & 0x3F);
		*i += 2;
		return c < 0x80 ? -1 : (long)c;
	}
	if ((c & 0xF0) == 0xE0 && *i + 2 < len && (s[*i + 1] & 0xC0) == 0x80 &&
	    (s[*i + 2] & 0xC0) == 0x80) {
		c = (c & 0x0F) << 12 | (unsigned)(s[*i + 1] & 0x3F) << 6 | (s[*i + 2] & 0x3F);
		*i += 3;
		return c < 0x800 ? -1 : (long)c;
	}
	return -1;
}

static int is_white(unsigned c)
{
	return c == 0x00 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

/* The sum over text of what libharu gives each character; 0 unless text
 * is valid UTF-8 below U+10000. */
static int text_width(struct tfont *t, const HPDF_BYTE *text, HPDF_UINT len, HPDF_TextWidth *tw)
{
	HPDF_TTFontDefAttr a = t->def->attr;
	size_t i = 0;

	while (i < len) {
		long c = utf8_next(text, len, &i);
		if (c < 0)
			return 0;
		tw->width += char_width(t, a, (HPDF_UINT16)c);
		tw->numspace += is_white((unsigned)c);
		tw->numchars++;
	}
	tw->numwords = tw->numspace + (len && !is_white(text[len - 1]));
	return 1;
}

HPDF_TextWidth HPDF_Font_TextWidth(HPDF_Font font, const HPDF_BYTE *text, HPDF_UINT len)
{
	static text_width_fn own;
	HPDF_TextWidth tw = { 0, 0, 0, 0 };
	struct tfont *t;

	if (!own && !(own = (text_width_fn)(uintptr_t)pdf_hpdf_own("HPDF_Font_TextWidth")))
		return tw;
	if (hpdf_mode() == MODE_LIBHARU || len > HPDF_LIMIT_MAX_STRING_LEN || !text ||
	    !(t = utf8_font(font)) || !text_width(t, text, len, &tw))
		return own(font, text, len);
	if (hpdf_mode() == MODE_VERIFY) {
		HPDF_TextWidth v = own(font, text, len);
		if (memcmp(&v, &tw, sizeof tw)) {
			fprintf(stderr, "autodiag: width of \"%.*s\" differs from libharu's\n",
				(int)len, (const char *)text);
			abort();
		}
	}
	return tw;
}

static HPDF_Encoder_EncodeText_Func libharu_encode;

/* The UTF-8 encoder's encode_text_fn: UTF-16BE code units, malloc'd. */
static char *encode_utf8(HPDF_Encoder enc, const char *text, HPDF_UINT len, HPDF_UINT *length)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char *out = malloc(len ? 2 * (size_t)len : 1);
	size_t i = 0, n = 0;

	while (out && i < len) {
		long c = utf8_next(s, len, &i);
		if (c < 0) {
			free(out);
			out = NULL;
			break;
		}
		out[n++] = (unsigned char)(c >> 8);
		out[n++] = (unsigned char)(c & 0xFF);
	}
	if (!out)
		return libharu_encode(enc, text, len, length);
	*length = (HPDF_UINT)n;
	if (hpdf_mode() == MODE_VERIFY) {
		HPDF_UINT vn = 0;
		char *v = libharu_encode(enc, text, len, &vn);
		if (!v || vn != *length || memcmp(v, out, vn)) {
			fprintf(stderr, "autodiag: encoding of \"%.*s\" differs from libharu's\n",
				(int)len, text);
			abort();
		}
		free(v);
	}
	return (char *)out;
}

void pdf_hpdf_encoder(HPDF_Encoder enc)
{
	if (!enc || hpdf_mode() == MODE_LIBHARU || strcmp(enc->name, "UTF-8") != 0 ||
	    !enc->encode_text_fn || enc->encode_text_fn == encode_utf8)
		return;
	if (libharu_encode && libharu_encode != enc->encode_text_fn)
		return; /* not the function seen first: leave it */
	libharu_encode = enc->encode_text_fn;
	enc->encode_text_fn = encode_utf8;
}


/*
 * libharu's HPDF_Page_TextOut (MoveTextPos then ShowText), the one way
 * autodiag writes text: the same checks, the same float operations on the
 * text matrix, and the same bytes ("x y Td", then "<hex> Tj" for the
 * TrueType fonts), each in one write instead of five.  A text libharu
 * would cut (over its length limit) goes to libharu's own.
 */
typedef HPDF_STATUS (*text_out_fn)(HPDF_Page, HPDF_REAL, HPDF_REAL, const char *);

/* The "x y Td" of libharu's HPDF_Page_MoveTextPos, into attr's stream. */
static HPDF_STATUS move_text_pos(HPDF_Page page, HPDF_PageAttr attr, HPDF_REAL x, HPDF_REAL y)
{
	char buf[64], *p = buf;

	p = HPDF_FToA(p, x, buf + sizeof buf - 1);
	*p++ = ' ';
	p = HPDF_FToA(p, y, buf + sizeof buf - 1);
	memcpy(p, " Td\012", 4);
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p + 4 - buf)) !=
	    HPDF_OK)
		return HPDF_CheckError(page->error);
	attr->text_matrix.x += x * attr->text_matrix.a + y * attr->text_matrix.c;
	attr->text_matrix.y += y * attr->text_matrix.d + x * attr->text_matrix.b;
	attr->text_pos.x = attr->text_matrix.x;
	attr->text_pos.y = attr->text_matrix.y;
	return HPDF_OK;
}

/* "<hex> Tj" of text (len bytes) for a Type0 font, as libharu's
 * InternalWriteText and ShowText write it. */
static HPDF_STATUS show_cid_text(HPDF_PageAttr attr, HPDF_FontAttr fa, const char *text,
				 HPDF_UINT len)
{
	HPDF_Encoder enc = fa->encoder;
	const unsigned char *code = (const unsigned char *)text;
	char *encoded = NULL, small[512], *out = small, *end;
	HPDF_UINT n = len;
	HPDF_STATUS ret;

	if (enc->encode_text_fn) {
		if (!(encoded = (enc->encode_text_fn)(enc, text, len, &n)))
			return HPDF_FAILD_TO_ALLOC_MEM;
		code = (const unsigned char *)encoded;
	}
	if (2 * (size_t)n + 8 > sizeof small && !(out = malloc(2 * (size_t)n + 8))) {
		free(encoded);
		return HPDF_FAILD_TO_ALLOC_MEM;
	}
	out[0] = '<';
	end = pdf_hpdf_hex(out + 1, code, n);
	memcpy(end, "> Tj\012", 5);
	ret = HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)out, (HPDF_UINT)(end + 5 - out));
	if (out != small)
		free(out);
	free(encoded);
	return ret;
}

HPDF_STATUS HPDF_Page_TextOut(HPDF_Page page, HPDF_REAL xpos, HPDF_REAL ypos, const char *text)
{
	static text_out_fn own;
	HPDF_STATUS ret;
	HPDF_PageAttr attr;
	HPDF_FontAttr fa;
	HPDF_TransMatrix m;
	HPDF_REAL x, y, tw;

	if (!own && !(own = (text_out_fn)(uintptr_t)pdf_hpdf_own("HPDF_Page_TextOut")))
		return HPDF_INVALID_OPERATION;
	if (hpdf_mode() == MODE_LIBHARU || (text && strlen(text) >= HPDF_LIMIT_MAX_STRING_LEN))
		return own(page, xpos, ypos, text);
	if ((ret = HPDF_Page_CheckState(page, HPDF_GMODE_TEXT_OBJECT)) != HPDF_OK)
		return ret;
	attr = (HPDF_PageAttr)page->attr;
	m = attr->text_matrix; /* TextPos_AbsToRel */
	if (m.a == 0) {
		x = (ypos - m.y - (xpos - m.x) * m.d / m.c) / m.b;
		y = (xpos - m.x) / m.c;
	} else {
		y = (ypos - m.y - (xpos - m.x) * m.b / m.a) / (m.d - m.c * m.b / m.a);
		x = (xpos - m.x - y * m.c) / m.a;
	}
	if ((ret = move_text_pos(page, attr, x, y)) != HPDF_OK)
		return ret;
	/* HPDF_Page_ShowText */
	if (!text || !text[0])
		return HPDF_OK;
	if (!attr->gstate->font)
		return HPDF_RaiseError(page->error, HPDF_PAGE_FONT_NOT_FOUND, 0);
	if (!(tw = HPDF_Page_TextWidth(page, text)))
		return HPDF_OK;
	fa = (HPDF_FontAttr)attr->gstate->font->attr;
	if (fa->type == HPDF_FONT_TYPE0_TT || fa->type == HPDF_FONT_TYPE0_CID)
		ret = show_cid_text(attr, fa, text, (HPDF_UINT)strlen(text));
	else if ((ret = HPDF_Stream_WriteEscapeText(attr->stream, text)) == HPDF_OK)
		ret = HPDF_Stream_WriteStr(attr->stream, " Tj\012");
	if (ret != HPDF_OK)
		return HPDF_CheckError(page->error);
	if (attr->gstate->writing_mode == HPDF_WMODE_HORIZONTAL) {
		attr->text_pos.x += tw * attr->text_matrix.a;
		attr->text_pos.y += tw * attr->text_matrix.b;
	} else {
		attr->text_pos.x -= tw * attr->text_matrix.b;
		attr->text_pos.y -= tw * attr->text_matrix.a;
	}
	return HPDF_OK;
}
