/* pdf_hpdf_type0.c: libharu 2.3.0's HPDF_Type0Font_New replaced, for
 * speed, by a definition that makes the very same objects (see pdf_hpdf.c
 * for how, and for AUTODIAG_LIBHARU).
 *
 * Why by hand: libharu makes a TrueType font's objects again for each
 * document, and its static CIDFontType2_New walks all 65,536 cells of the
 * encoder twice (a glyph id, then a width each) to build the same W array
 * and CIDToGIDMap: 4 M instructions per font and document, 11% of a
 * report's PDF (callgrind).  libharu has no hook for it.
 *
 * Here the first document that makes a font from a definition gets
 * libharu's own function, and what it made is recorded: the bytes of the W
 * array, the CIDToGIDMap and the CMap, the dictionary keys in their order,
 * libharu's static functions it hung on the font, and the encoder's tables
 * as they were.  The next documents get the same objects made from the
 * record, by the same exported calls in the same order (so the same object
 * numbers; the W array, of direct objects, is left empty and written as
 * its recorded bytes, pdf_hpdf_array_known),
 * as long as the encoder's tables are those recorded; the names, widths
 * and bounding box are read from the definition each time, as libharu
 * does.  Anything that does not have the recorded shape (another encoder,
 * a CID font, no embedding) stays with libharu.  AUTODIAG_LIBHARU=verify
 * makes every font with libharu's function and aborts when it differs
 * from the record; tests/check-hpdf.sh compares whole files both ways.
 */
#define _GNU_SOURCE
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_hpdf.h"

typedef HPDF_Font (*type0_new_fn)(HPDF_MMgr, HPDF_FontDef, HPDF_Encoder, HPDF_Xref);

/* The keys libharu gives each dictionary, in its order. */
static const char *const FONT_KEYS[] = { "Type", "BaseFont", "Subtype", "Encoding",
					 "ToUnicode", "DescendantFonts" };
static const char *const CMAP_KEYS[] = { "Length", "Type", "CMapName", "CIDSystemInfo",
					 "WMode" };
static const char *const CID_KEYS[] = { "Type", "Subtype", "DW", "DW2", "W", "CIDToGIDMap",
					"CIDSystemInfo" };

/* What libharu made for one definition and encoder. */
struct t0rec {
	HPDF_FontDef def;
	HPDF_Encoder enc;
	HPDF_Encoder_ToUnicode_Func to_unicode;
	HPDF_UNICODE unicode_map[256][256];	/* the encoder's tables then */
	HPDF_UINT16 cid_map[256][256];
	obuf wbytes;	/* the W array (runs of first cid and widths) as written */
	obuf map, cmap;	/* the CIDToGIDMap and CMap streams' bytes */
	HPDF_Dict_FreeFunc free_fn;
	HPDF_Dict_BeforeWriteFunc before_write_fn;
	HPDF_Font_TextWidths_Func text_width_fn;
	HPDF_Font_MeasureText_Func measure_text_fn;
};

#define T0_MAX 32
static struct t0rec *t0[T0_MAX];
static size_t nt0;

static struct t0rec *t0_find(HPDF_FontDef def, HPDF_Encoder enc)
{
	size_t i;

	for (i = 0; i < nt0; i++)
		if (t0[i]->def == def && t0[i]->enc == enc)
			return t0[i];
	return NULL;
}

static void t0_free(struct t0rec *r)
{
	free(r->wbytes.p);
	free(r->map.p);
	free(r->cmap.p);
	free(r);
}

void pdf_hpdf_type0_forget(HPDF_FontDef def)
{
	size_t i = 0;

	while (i < nt0)
		if (t0[i]->def == def) {
			t0_free(t0[i]);
			t0[i] = t0[--nt0];
		} else {
			i++;
		}
}

/* Whether dict d's keys are keys[0..n), in that order. */
static int has_keys(HPDF_Dict d, const char *const *keys, size_t n)
{
	size_t i;

	if (!d || !d->list || d->list->count != n)
		return 0;
	for (i = 0; i < n; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(d->list, (HPDF_UINT)i);
		if (!e || strcmp(e->key, keys[i]) != 0)
			return 0;
	}
	return 1;
}

/* The bytes of stream s (its read position left at the start); 0 on failure. */
static int record_stream(obuf *o, HPDF_Stream s)
{
	int ok = s && ob_stream(o, s);

	if (s)
		HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET);
	return ok;
}

/* A record of font, made by libharu from def and enc; NULL when it does
 * not have the shape this file makes again. */
static struct t0rec *record(HPDF_Font font, HPDF_FontDef def, HPDF_Encoder enc)
{
	HPDF_FontAttr a = font ? font->attr : NULL;
	HPDF_CMapEncoderAttr ea = enc->attr;
	struct t0rec *r;
	HPDF_Font cid;

	if (!a || a->type != HPDF_FONT_TYPE0_TT || !(cid = a->descendant_font) || !a->map_stream ||
	    !a->cmap_stream || a->fontdef != def || a->encoder != enc ||
	    !has_keys(font, FONT_KEYS, 6) || !has_keys(a->cmap_stream, CMAP_KEYS, 5) ||
	    !has_keys(cid, CID_KEYS, 7) || font->write_fn || cid->before_write_fn ||
	    cid->free_fn || cid->attr || !(r = calloc(1, sizeof *r)))
		return NULL;
	r->def = def;
	r->enc = enc;
	r->to_unicode = enc->to_unicode_fn;
	memcpy(r->unicode_map, ea->unicode_map, sizeof r->unicode_map);
	memcpy(r->cid_map, ea->cid_map, sizeof r->cid_map);
	r->free_fn = font->free_fn;
	r->before_write_fn = font->before_write_fn;
	r->text_width_fn = a->text_width_fn;
	r->measure_text_fn = a->measure_text_fn;
	if (!pdf_hpdf_array_bytes(HPDF_Dict_GetItem(cid, "W", HPDF_OCLASS_ARRAY), &r->wbytes) ||
	    !record_stream(&r->map, a->map_stream->stream) ||
	    !record_stream(&r->cmap, a->cmap_stream->stream)) {
		t0_free(r);
		return NULL;
	}
	return r;
}

/* Whether two records say the same (verify mode). */
static int same_record(const struct t0rec *a, const struct t0rec *b)
{
	return a->wbytes.n == b->wbytes.n && !memcmp(a->wbytes.p, b->wbytes.p, a->wbytes.n) &&
	       a->map.n == b->map.n && !memcmp(a->map.p, b->map.p, a->map.n) &&
	       a->cmap.n == b->cmap.n && !memcmp(a->cmap.p, b->cmap.p, a->cmap.n) &&
	       a->free_fn == b->free_fn && a->before_write_fn == b->before_write_fn &&
	       a->text_width_fn == b->text_width_fn && a->measure_text_fn == b->measure_text_fn;
}

/* Whether r was recorded with the encoder as it is now. */
static int still_valid(const struct t0rec *r, HPDF_Encoder enc)
{
	HPDF_CMapEncoderAttr ea = enc->attr;

	return enc->to_unicode_fn == r->to_unicode &&
	       !memcmp(ea->cid_map, r->cid_map, sizeof r->cid_map) &&
	       !memcmp(ea->unicode_map, r->unicode_map, sizeof r->unicode_map);
}

/* A CIDSystemInfo dictionary of ea's registry, ordering and supplement,
 * made with mmgr and added to owner, as libharu adds it; HPDF_OK or not. */
static HPDF_STATUS system_info(HPDF_Dict owner, HPDF_MMgr mmgr, HPDF_CMapEncoderAttr ea)
{
	HPDF_Dict info = HPDF_Dict_New(mmgr);
	HPDF_STATUS ret = HPDF_OK;

	if (!info || HPDF_Dict_Add(owner, "CIDSystemInfo", info) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	ret += HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, ea->registry, NULL));
	ret += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, ea->ordering, NULL));
	ret += HPDF_Dict_AddNumber(info, "Supplement", ea->suppliment);
	return ret;
}

/* CreateCMap's dictionary stream, its bytes from r. */
static HPDF_Dict replay_cmap(const struct t0rec *r, HPDF_Encoder enc, HPDF_Xref xref)
{
	HPDF_CMapEncoderAttr ea = enc->attr;
	HPDF_Dict cmap = HPDF_DictStream_New(enc->mmgr, xref);
	HPDF_STATUS ret = HPDF_OK;

	if (!cmap)
		return NULL;
	ret += HPDF_Dict_AddName(cmap, "Type", "CMap");
	ret += HPDF_Dict_AddName(cmap, "CMapName", enc->name);
	if (ret != HPDF_OK || system_info(cmap, enc->mmgr, ea) != HPDF_OK)
		return NULL;
	ret += HPDF_Dict_AddNumber(cmap, "WMode", (HPDF_UINT32)ea->writing_mode);
	ret += HPDF_Stream_Write(cmap->stream, r->cmap.p, (HPDF_UINT)r->cmap.n);
	return ret == HPDF_OK ? cmap : NULL;
}

/* CIDFontType2_New's descendant font, its W and CIDToGIDMap from r. */
static HPDF_Font replay_cid(const struct t0rec *r, HPDF_Font parent, HPDF_Xref xref)
{
	HPDF_FontAttr attr = parent->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_CMapEncoderAttr ea = attr->encoder->attr;
	HPDF_STATUS ret = HPDF_OK;
	HPDF_Font font = HPDF_Dict_New(parent->mmgr);
	HPDF_Array array;

	if (!font || HPDF_Xref_Add(xref, font) != HPDF_OK)
		return NULL;
	parent->before_write_fn = r->before_write_fn;
	ret += HPDF_Dict_AddName(font, "Type", "Font");
	ret += HPDF_Dict_AddName(font, "Subtype", "CIDFontType2");
	ret += HPDF_Dict_AddNumber(font, "DW", def->missing_width);
	if (ret != HPDF_OK || !(array = HPDF_Array_New(font->mmgr)) ||
	    HPDF_Dict_Add(font, "DW2", array) != HPDF_OK)
		return NULL;
	ret += HPDF_Array_AddNumber(array, (HPDF_INT32)def->font_bbox.bottom);
	ret += HPDF_Array_AddNumber(array,
				    (HPDF_INT32)(def->font_bbox.bottom - def->font_bbox.top));
	/* W: direct objects, written as recorded (no object number to keep) */
	if (ret != HPDF_OK || !(array = HPDF_Array_New(font->mmgr)) ||
	    HPDF_Dict_Add(font, "W", array) != HPDF_OK)
		return NULL;
	pdf_hpdf_array_known(array, r->wbytes.p, r->wbytes.n);
	attr->map_stream = HPDF_DictStream_New(font->mmgr, xref);
	if (!attr->map_stream || HPDF_Dict_Add(font, "CIDToGIDMap", attr->map_stream) != HPDF_OK ||
	    HPDF_Stream_Write(attr->map_stream->stream, r->map.p, (HPDF_UINT)r->map.n) != HPDF_OK)
		return NULL;
	return system_info(font, parent->mmgr, ea) == HPDF_OK ? font : NULL;
}

/* HPDF_Type0Font_New on its TrueType, Identity-H route, from r. */
static HPDF_Font replay(const struct t0rec *r, HPDF_MMgr mmgr, HPDF_FontDef def,
			HPDF_Encoder enc, HPDF_Xref xref)
{
	HPDF_CMapEncoderAttr ea = enc->attr;
	HPDF_Dict font = HPDF_Dict_New(mmgr);
	HPDF_STATUS ret = HPDF_OK;
	HPDF_Array descendants;
	HPDF_FontAttr attr;

	if (!font)
		return NULL;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	if (!(attr = HPDF_GetMem(mmgr, sizeof(HPDF_FontAttr_Rec)))) {
		HPDF_Dict_Free(font);
		return NULL;
	}
	font->write_fn = NULL;
	font->free_fn = r->free_fn;
	font->attr = attr;
	memset(attr, 0, sizeof(HPDF_FontAttr_Rec));
	attr->writing_mode = ea->writing_mode;
	attr->text_width_fn = r->text_width_fn;
	attr->measure_text_fn = r->measure_text_fn;
	attr->fontdef = def;
	attr->encoder = enc;
	attr->xref = xref;
	if (HPDF_Xref_Add(xref, font) != HPDF_OK)
		return NULL;
	ret += HPDF_Dict_AddName(font, "Type", "Font");
	ret += HPDF_Dict_AddName(font, "BaseFont", def->base_font);
	ret += HPDF_Dict_AddName(font, "Subtype", "Type0");
	ret += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	if (!(attr->cmap_stream = replay_cmap(r, enc, xref)))
		return NULL;
	ret += HPDF_Dict_Add(font, "ToUnicode", attr->cmap_stream);
	if (ret != HPDF_OK || !(descendants = HPDF_Array_New(mmgr)) ||
	    HPDF_Dict_Add(font, "DescendantFonts", descendants) != HPDF_OK)
		return NULL;
	attr->descendant_font = replay_cid(r, font, xref);
	attr->type = HPDF_FONT_TYPE0_TT;
	if (!attr->descendant_font || HPDF_Array_Add(descendants, attr->descendant_font) != HPDF_OK)
		return NULL;
	return font;
}

HPDF_Font HPDF_Type0Font_New(HPDF_MMgr mmgr, HPDF_FontDef def, HPDF_Encoder enc, HPDF_Xref xref)
{
	static type0_new_fn own;
	struct t0rec *r, *now;
	HPDF_Font font;
	int mode = hpdf_mode();

	if (!own && !(own = (type0_new_fn)(uintptr_t)pdf_hpdf_own("HPDF_Type0Font_New")))
		return NULL;
	if (mode == MODE_LIBHARU || !def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    !def->attr || !((HPDF_TTFontDefAttr)def->attr)->embedding || !enc ||
	    enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr ||
	    strcmp(((HPDF_CMapEncoderAttr)enc->attr)->ordering, "Identity-H") != 0)
		return own(mmgr, def, enc, xref);
	r = t0_find(def, enc);
	if (r && mode == MODE_OWN && still_valid(r, enc))
		return replay(r, mmgr, def, enc, xref);
	font = own(mmgr, def, enc, xref);
	if (!font || !(now = record(font, def, enc)))
		return font;
	if (r && mode == MODE_VERIFY && still_valid(r, enc)) {
		if (!same_record(r, now)) {
			fprintf(stderr, "autodiag: the objects of font %s differ from those "
					"recorded\n", def->base_font);
			abort();
		}
		fprintf(stderr, "autodiag: the objects of font %s: the same as recorded\n",
			def->base_font);
	}
	if (r) { /* recorded again: the encoder changed, or verify mode */
		pdf_hpdf_type0_forget(def);
	}
	if (nt0 < T0_MAX)
		t0[nt0++] = now;
	else
		t0_free(now);
	return font;
}
