/* pdf_hpdf.c: libharu 2.3.0 internals replaced, for speed, by definitions
 * that give the very same bytes.
 *
 * Why by hand: a report costs ~28 ms of CPU, three quarters of it inside
 * libharu (callgrind, 10 reports): HPDF_MemCpy and HPDF_MemSet copy and
 * fill one byte at a time (20% of a report: every stream buffer goes
 * through them), and HPDF_Stream_WriteToStreamWithDeflate deflates every
 * stream of every document (36%), although the CIDToGIDMap (128 KB per
 * font), the CMaps and many font subsets are the same from one report to
 * the next.  Then, at 154 M instructions a report: the font subset
 * (HPDF_TTFontDef_SaveFontData, 13%) reads the font file and its own
 * output 4 bytes at a time, a million calls a report; and the glyph of a
 * code point (HPDF_TTFontDef_GetGlyphid, 3%, called for each character
 * measured) is a linear search of the cmap.  libharu has no hook for any
 * of these, and its calls to its own exported functions go through the
 * PLT, so defining them here (in the executable, searched first by the
 * dynamic linker) replaces them for libharu too.
 *
 * The output must stay byte-identical: MemCpy and MemSet keep libharu's
 * return values and forward-copy semantics; the deflate keeps zlib's
 * default level with libharu's zlib calls (deflateInit_, level
 * Z_DEFAULT_COMPRESSION), whose output does not depend on how the input
 * is cut, and a stream seen twice is deflated once (cache below); the
 * glyph ids are libharu's own, remembered; the font subset is built in
 * memory with libharu's layout (tables in its order, unpadded, its
 * checksums).  Any other libharu version, an encrypted document, or a font
 * missing a table gets libharu's own function (dlsym RTLD_NEXT), and so
 * does everything but MemCpy and MemSet (libharu's semantics, nothing to
 * compare) when AUTODIAG_LIBHARU=1 is set: tests/check-hpdf.sh
 * builds reports both ways and compares the bytes, and AUTODIAG_LIBHARU=
 * verify runs both subsets and aborts when they differ.  The PDF back-ends
 * run single-threaded in each job (pdf_doc.c); only the deflate cache is
 * locked.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf.h"

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						 HPDF_Encrypt e);

enum { OWN, LIBHARU, VERIFY };

static int mode = -1;

/* OWN: this file's definitions; LIBHARU: libharu's own (AUTODIAG_LIBHARU=1);
 * VERIFY: both, compared (AUTODIAG_LIBHARU=verify).  Also OWN only with
 * the libharu version this file was written against. */
static int mode_init(void)
{
	const char *e = getenv("AUTODIAG_LIBHARU");

	if (strcmp(HPDF_GetVersion(), "2.3.0") != 0 || (e && !strcmp(e, "1")))
		mode = LIBHARU;
	else
		mode = e && !strcmp(e, "verify") ? VERIFY : OWN;
	return mode;
}

static inline int hpdf_mode(void)
{
	return mode >= 0 ? mode : mode_init();
}

/* libharu's own definition of name (the next one after this executable's). */
static void *libharu_fn(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

/* libharu's HPDF_MemCpy: a forward byte copy returning out + n. */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n == 2) { /* the 65,536 cells of each font's CIDToGIDMap */
		out[0] = in[0];
		out[1] = in[1];
		return out + 2;
	}
	/* most calls copy a few bytes (710,000 calls per report, 64,000 of
	 * them of 2 bytes per font): a loop beats the call to memmove; so does
	 * libharu's forward copy when the two overlap */
	if (n <= 32 || (out > in && out < in + n)) {
		HPDF_UINT i;
		for (i = 0; i < n; i++)
			out[i] = in[i];
	} else {
		memmove(out, in, n);
	}
	return out + n;
}

/* libharu's HPDF_MemSet: returns s + n (not s). */
void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/*
 * The deflate cache: raw stream -> its deflated bytes.  A stream enters on
 * its second sighting (the hashes of recent misses are kept), so that page
 * contents, which rarely repeat, do not push out the font data, which do.
 * At most ZC_BYTES of raw + deflated bytes per process; the least recently
 * used entry goes first.  Entries are compared in full, not by hash only.
 */
#define ZC_MAX 512
#define ZC_BYTES (24u << 20)
#define ZC_SEEN 1024

struct zentry {
	uint64_t hash;
	unsigned char *raw, *z;
	size_t nraw, nz;
	unsigned long long used;
};

static struct {
	pthread_mutex_t lock;
	struct zentry e[ZC_MAX];
	size_t n, bytes;
	uint64_t seen[ZC_SEEN];
	size_t nseen;
	unsigned long long tick;
} zc = { PTHREAD_MUTEX_INITIALIZER, { { 0, NULL, NULL, 0, 0, 0 } }, 0, 0, { 0 }, 0, 0 };

/* 64-bit hash of p (FNV-1a over 8-byte words, then the tail). */
static uint64_t zc_hash(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* The cached deflate of raw (nraw bytes), copied into *z; 1 on a hit. */
static int zc_get(uint64_t h, const unsigned char *raw, size_t nraw, unsigned char **z,
		  size_t *nz)
{
	size_t i;
	int hit = 0;

	pthread_mutex_lock(&zc.lock);
	for (i = 0; i < zc.n && !hit; i++) {
		struct zentry *x = &zc.e[i];
		if (x->hash == h && x->nraw == nraw && !memcmp(x->raw, raw, nraw)) {
			*z = malloc(x->nz ? x->nz : 1);
			if (*z) {
				memcpy(*z, x->z, x->nz);
				*nz = x->nz;
				x->used = ++zc.tick;
				hit = 1;
			}
		}
	}
	pthread_mutex_unlock(&zc.lock);
	return hit;
}

static void zc_evict_one(void)
{
	size_t i, old = 0;

	for (i = 1; i < zc.n; i++)
		if (zc.e[i].used < zc.e[old].used)
			old = i;
	zc.bytes -= zc.e[old].nraw + zc.e[old].nz;
	free(zc.e[old].raw);
	free(zc.e[old].z);
	zc.e[old] = zc.e[--zc.n];
}

/* Remembers that raw deflates to z, if raw was seen before. */
static void zc_put(uint64_t h, const unsigned char *raw, size_t nraw, const unsigned char *z,
		   size_t nz)
{
	size_t i, need = nraw + nz;
	int seen = 0;
	struct zentry *x;

	if (need > ZC_BYTES / 4)
		return;
	pthread_mutex_lock(&zc.lock);
	for (i = 0; i < ZC_SEEN && i < zc.nseen && !seen; i++)
		seen = zc.seen[i] == h;
	if (!seen) {
		zc.seen[zc.nseen++ % ZC_SEEN] = h;
		pthread_mutex_unlock(&zc.lock);
		return;
	}
	while (zc.n && (zc.n == ZC_MAX || zc.bytes + need > ZC_BYTES))
		zc_evict_one();
	x = &zc.e[zc.n];
	x->raw = malloc(nraw ? nraw : 1);
	x->z = malloc(nz ? nz : 1);
	if (x->raw && x->z) {
		memcpy(x->raw, raw, nraw);
		memcpy(x->z, z, nz);
		x->hash = h, x->nraw = nraw, x->nz = nz, x->used = ++zc.tick;
		zc.bytes += need;
		zc.n++;
	} else {
		free(x->raw);
		free(x->z);
	}
	pthread_mutex_unlock(&zc.lock);
}

/* The whole of src, read from its start; NULL on a libharu error. */
static unsigned char *read_all(HPDF_Stream src, size_t *n)
{
	size_t cap = HPDF_Stream_Size(src) + 1, len = 0;
	unsigned char *p = malloc(cap);

	if (!p || HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET) != HPDF_OK) {
		free(p);
		return NULL;
	}
	for (;;) {
		HPDF_UINT size;
		HPDF_STATUS ret;
		if (cap - len < HPDF_STREAM_BUF_SIZ) {
			unsigned char *q = realloc(p, cap * 2);
			if (!q) {
				free(p);
				return NULL;
			}
			p = q, cap *= 2;
		}
		size = HPDF_STREAM_BUF_SIZ;
		ret = HPDF_Stream_Read(src, p + len, &size);
		len += size;
		if (ret == HPDF_STREAM_EOF)
			break;
		if (ret != HPDF_OK) {
			free(p);
			return NULL;
		}
	}
	*n = len;
	return p;
}

/*
 * raw deflated as libharu does; 0 or a zlib error code.  One z_stream per
 * process, reset between streams (deflateReset gives the state of a fresh
 * deflateInit with the same parameters, without its five allocations).
 */
static int deflate_all(const unsigned char *raw, size_t nraw, unsigned char **z, size_t *nz)
{
	static z_stream s;
	static int ready;
	int ret;

	if (!ready) {
		memset(&s, 0, sizeof s);
		ret = deflateInit_(&s, Z_DEFAULT_COMPRESSION, ZLIB_VERSION, sizeof(z_stream));
		if (ret != Z_OK)
			return ret;
		ready = 1;
	} else if ((ret = deflateReset(&s)) != Z_OK) {
		return ret;
	}
	*nz = deflateBound(&s, (uLong)nraw);
	*z = malloc(*nz ? *nz : 1);
	if (!*z)
		return Z_MEM_ERROR;
	s.next_in = (Bytef *)raw;
	s.avail_in = (uInt)nraw;
	s.next_out = *z;
	s.avail_out = (uInt)*nz;
	ret = deflate(&s, Z_FINISH);
	*nz = s.total_out;
	if (ret != Z_STREAM_END) {
		free(*z);
		*z = NULL;
		return ret == Z_OK ? Z_BUF_ERROR : ret;
	}
	return 0;
}

typedef HPDF_STATUS (*deflate_fn)(HPDF_Stream, HPDF_Stream, HPDF_Encrypt);

/* libharu's own function, for what this file does not handle. */
static HPDF_STATUS libharu_deflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e)
{
	deflate_fn f = (deflate_fn)(uintptr_t)libharu_fn("HPDF_Stream_WriteToStreamWithDeflate");

	if (!f || f == HPDF_Stream_WriteToStreamWithDeflate)
		return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, Z_VERSION_ERROR);
	return f(src, dst, e);
}

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						 HPDF_Encrypt e)
{
	unsigned char *raw, *z = NULL;
	size_t nraw = 0, nz = 0;
	uint64_t h;
	HPDF_STATUS ret;
	int zret;

	if (e || hpdf_mode() == LIBHARU)
		return libharu_deflate(src, dst, e);
	if (!(raw = read_all(src, &nraw)))
		return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, Z_MEM_ERROR);
	h = zc_hash(raw, nraw);
	if (!zc_get(h, raw, nraw, &z, &nz)) {
		if ((zret = deflate_all(raw, nraw, &z, &nz)) != 0) {
			free(raw);
			return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, zret);
		}
		zc_put(h, raw, nraw, z, nz);
	}
	free(raw);
	ret = HPDF_Stream_Write(dst, z, (HPDF_UINT)nz);
	free(z);
	if (ret != HPDF_OK)
		return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, ret);
	return HPDF_OK;
}

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

	if (!own && !(own = (glyphid_fn)(uintptr_t)libharu_fn("HPDF_TTFontDef_GetGlyphid")))
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

	if (hpdf_mode() == LIBHARU || !(t = tfont_of(def))) {
		glyphid_fn own = (glyphid_fn)(uintptr_t)libharu_fn("HPDF_TTFontDef_GetGlyphid");
		return own ? own(def, unicode) : 0;
	}
	return glyph_of(t, unicode);
}

void HPDF_FontDef_Free(HPDF_FontDef def)
{
	fontdef_free_fn own = (fontdef_free_fn)(uintptr_t)libharu_fn("HPDF_FontDef_Free");
	size_t i;

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
	size_t cap = 1 << 16, len = 0;
	unsigned char *p;

	if (t->file || t->unreadable) {
		*n = t->nfile;
		return t->file;
	}
	t->unreadable = 1;
	if (!a->stream || HPDF_Stream_Seek(a->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    !(p = malloc(cap)))
		return NULL;
	for (;;) {
		HPDF_UINT size = HPDF_STREAM_BUF_SIZ;
		HPDF_STATUS ret;
		if (cap - len < HPDF_STREAM_BUF_SIZ) {
			unsigned char *q = realloc(p, cap *= 2);
			if (!q) {
				free(p);
				return NULL;
			}
			p = q;
		}
		ret = HPDF_Stream_Read(a->stream, p + len, &size);
		len += size;
		if (ret == HPDF_STREAM_EOF)
			break;
		if (ret != HPDF_OK) {
			free(p);
			return NULL;
		}
	}
	t->file = p, t->nfile = len, t->unreadable = 0;
	*n = len;
	return p;
}

typedef struct obuf {
	unsigned char *p;
	size_t n, cap;
	int failed;
} obuf;

static void ob_add(obuf *o, const void *s, size_t n)
{
	if (o->failed)
		return;
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap : 1 << 16;
		unsigned char *q;
		while (cap < o->n + n)
			cap *= 2;
		if (!(q = realloc(o->p, cap))) {
			o->failed = 1;
			return;
		}
		o->p = q, o->cap = cap;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void ob_u16(obuf *o, unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	ob_add(o, b, 2);
}

static void ob_u32(obuf *o, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	ob_add(o, b, 4);
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
	HPDF_TTFontDefAttr a = def->attr;
	unsigned char chunk[HPDF_STREAM_BUF_SIZ];
	int ok = 0;

	if (!m)
		return 0;
	if (own(def, m) == HPDF_OK && HPDF_Stream_Seek(m, 0, HPDF_SEEK_SET) == HPDF_OK) {
		HPDF_STATUS ret;
		do {
			HPDF_UINT size = sizeof chunk;
			ret = HPDF_Stream_Read(m, chunk, &size);
			ob_add(out, chunk, size);
		} while (ret == HPDF_OK);
		ok = ret == HPDF_STREAM_EOF && !out->failed;
		*length1 = a->length1;
	}
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

	if (!own && !(own = (save_font_fn)(uintptr_t)libharu_fn("HPDF_TTFontDef_SaveFontData")))
		return HPDF_SetError(def->error, HPDF_INVALID_FONTDEF_DATA, 0);
	if (hpdf_mode() == LIBHARU || !(t = tfont_of(def)) || !make_subset(t, &o, &length1)) {
		free(o.p);
		return own(def, stream);
	}
	if (hpdf_mode() == VERIFY) {
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

	if (!own && !(own = (char_width_fn)(uintptr_t)libharu_fn("HPDF_TTFontDef_GetCharWidth")))
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

	if (!own && !(own = (text_width_fn)(uintptr_t)libharu_fn("HPDF_Font_TextWidth")))
		return tw;
	if (hpdf_mode() == LIBHARU || len > HPDF_LIMIT_MAX_STRING_LEN || !text ||
	    !(t = utf8_font(font)) || !text_width(t, text, len, &tw))
		return own(font, text, len);
	if (hpdf_mode() == VERIFY) {
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
	if (hpdf_mode() == VERIFY) {
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
	if (!enc || hpdf_mode() == LIBHARU || strcmp(enc->name, "UTF-8") != 0 ||
	    !enc->encode_text_fn || enc->encode_text_fn == encode_utf8)
		return;
	if (libharu_encode && libharu_encode != enc->encode_text_fn)
		return; /* not the function seen first: leave it */
	libharu_encode = enc->encode_text_fn;
	enc->encode_text_fn = encode_utf8;
}

typedef HPDF_STATUS (*write_binary_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT,
				       HPDF_Encrypt);

/* libharu's hex dump of data (upper case, no separator), a buffer's worth
 * at a time. */
HPDF_STATUS HPDF_Stream_WriteBinary(HPDF_Stream stream, const HPDF_BYTE *data, HPDF_UINT len,
				    HPDF_Encrypt e)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[1024];
	HPDF_UINT i = 0;
	HPDF_STATUS ret = HPDF_OK;

	if (e || hpdf_mode() == LIBHARU) {
		write_binary_fn own = (write_binary_fn)(uintptr_t)libharu_fn(
			"HPDF_Stream_WriteBinary");
		return own ? own(stream, data, len, e) : HPDF_INVALID_OPERATION;
	}
	while (i < len && ret == HPDF_OK) {
		HPDF_UINT k = 0, end = len - i > sizeof buf / 2 ? i + sizeof buf / 2 : len;
		for (; i < end; i++) {
			buf[k] = hex[data[i] >> 4];
			buf[k + 1] = hex[data[i] & 15];
			k += 2;
		}
		ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, k);
	}
	return ret;
}

/* libharu's HPDF_StrLen: the length of s, at most maxlen unless negative. */
HPDF_UINT HPDF_StrLen(const char *s, HPDF_INT maxlen)
{
	if (!s)
		return 0;
	return (HPDF_UINT)(maxlen < 0 ? strlen(s) : strnlen(s, (size_t)maxlen));
}

/*
 * Arrays of numbers (the W widths of each font, about 2,000 numbers, and
 * the boxes): libharu writes "[ ", each element and a space, then "]",
 * with two stream writes per number.  This writes such an array, and the
 * arrays of numbers inside it, in one; any other element (names,
 * references, reals, hidden or indirect objects) leaves it to libharu.
 */
typedef HPDF_STATUS (*array_write_fn)(HPDF_Array, HPDF_Stream, HPDF_Encrypt);

static int numbers_of(HPDF_Array a, obuf *o, int depth)
{
	HPDF_UINT i;

	ob_add(o, "[ ", 2);
	for (i = 0; i < a->list->count; i++) {
		HPDF_Obj_Header *h = a->list->obj[i];
		HPDF_UINT16 c = h->obj_class & HPDF_OCLASS_ANY;
		if (!(h->obj_id & HPDF_OTYPE_DIRECT) ||
		    (h->obj_id & (HPDF_OTYPE_INDIRECT | HPDF_OTYPE_HIDDEN)))
			return 0;
		if (c == HPDF_OCLASS_NUMBER) {
			char num[HPDF_INT_LEN + 8];
			char *e = HPDF_IToA(num, ((HPDF_Number)h)->value, num + sizeof num - 1);
			ob_add(o, num, (size_t)(e - num));
		} else if (c != HPDF_OCLASS_ARRAY || depth > 4 ||
			   !numbers_of((HPDF_Array)h, o, depth + 1)) {
			return 0;
		}
		ob_add(o, " ", 1);
	}
	ob_add(o, "]", 1);
	return !o->failed;
}

/* libharu's writing of a into a stream of its own, read back into o. */
static int libharu_array(array_write_fn own, HPDF_Array a, obuf *o)
{
	HPDF_Stream m = HPDF_MemStream_New(a->mmgr, HPDF_STREAM_BUF_SIZ);
	unsigned char chunk[HPDF_STREAM_BUF_SIZ];
	HPDF_STATUS ret;
	int ok = 0;

	if (!m)
		return 0;
	if (own(a, m, NULL) == HPDF_OK && HPDF_Stream_Seek(m, 0, HPDF_SEEK_SET) == HPDF_OK) {
		do {
			HPDF_UINT size = sizeof chunk;
			ret = HPDF_Stream_Read(m, chunk, &size);
			ob_add(o, chunk, size);
		} while (ret == HPDF_OK);
		ok = ret == HPDF_STREAM_EOF && !o->failed;
	}
	HPDF_Stream_Free(m);
	return ok;
}

HPDF_STATUS HPDF_Array_Write(HPDF_Array a, HPDF_Stream stream, HPDF_Encrypt e)
{
	static array_write_fn own;
	obuf o = { NULL, 0, 0, 0 };
	HPDF_STATUS ret;

	if (!own && !(own = (array_write_fn)(uintptr_t)libharu_fn("HPDF_Array_Write")))
		return HPDF_INVALID_OBJECT;
	if (hpdf_mode() == LIBHARU || !a || !a->list || !numbers_of(a, &o, 0)) {
		free(o.p);
		return own(a, stream, e);
	}
	if (hpdf_mode() == VERIFY) {
		obuf v = { NULL, 0, 0, 0 };
		if (!libharu_array(own, a, &v) || v.n != o.n || memcmp(v.p, o.p, o.n)) {
			fprintf(stderr, "autodiag: array \"%.*s\" differs from libharu's\n",
				(int)(o.n < 80 ? o.n : 80), (const char *)o.p);
			abort();
		}
		free(v.p);
	}
	ret = HPDF_Stream_Write(stream, o.p, (HPDF_UINT)o.n);
	free(o.p);
	return ret;
}

/*
 * libharu's allocator for the job documents (HPDF_NewEx): a report makes
 * and frees about 300,000 small objects (numbers, names, list blocks),
 * often more of one size than malloc's per-thread cache holds, and every
 * stream grows by 4 KB blocks, which that cache does not keep.  Blocks up
 * to 4 KB come from 256 KB slabs, by size class of 16 bytes, and go back
 * to their class's free list; larger ones are malloc's.  A 16-byte header
 * before each block holds its class.  The slabs stay until
 * pdf_hpdf_pool_release (no document may still use them then).  Under
 * AddressSanitizer every block is malloc's, so that it checks libharu too.
 */
#define POOL_CLASSES 257
#define POOL_SLAB (256u << 10)

struct pool_slab {
	struct pool_slab *next;
	size_t used;
	unsigned char *mem;
};

static struct {
	void *free[POOL_CLASSES + 1];
	struct pool_slab *slabs;
} pool;

#if defined(__SANITIZE_ADDRESS__)
#define POOL_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_OFF 1
#endif
#endif
#ifndef POOL_OFF
#define POOL_OFF 0
#endif

static void *pool_carve(size_t need)
{
	struct pool_slab *s = pool.slabs;
	void *p;

	if (!s || POOL_SLAB - s->used < need) {
		if (!(s = malloc(sizeof *s)) || !(s->mem = malloc(POOL_SLAB))) {
			free(s);
			return NULL;
		}
		s->used = 0;
		s->next = pool.slabs;
		pool.slabs = s;
	}
	p = s->mem + s->used;
	s->used += need;
	return p;
}

void *HPDF_STDCALL pdf_hpdf_alloc(HPDF_UINT size)
{
	size_t c = size ? ((size_t)size + 15) / 16 : 1;
	unsigned char *h;

	if (POOL_OFF || c > POOL_CLASSES) {
		if (!(h = malloc((size_t)size + 16)))
			return NULL;
		memset(h, 0, 16); /* class 0: malloc's */
		return h + 16;
	}
	if (pool.free[c]) {
		h = pool.free[c];
		memcpy(&pool.free[c], h + 16, sizeof(void *));
	} else if (!(h = pool_carve(16 + 16 * c))) {
		return NULL;
	}
	memcpy(h, &c, sizeof c);
	return h + 16;
}

void HPDF_STDCALL pdf_hpdf_free(void *p)
{
	unsigned char *h = (unsigned char *)p - 16;
	size_t c;

	if (!p)
		return;
	memcpy(&c, h, sizeof c);
	if (!c) {
		free(h);
		return;
	}
	memcpy(h + 16, &pool.free[c], sizeof(void *));
	pool.free[c] = h;
}

void pdf_hpdf_pool_release(void)
{
	while (pool.slabs) {
		struct pool_slab *s = pool.slabs;
		pool.slabs = s->next;
		free(s->mem);
		free(s);
	}
	memset(pool.free, 0, sizeof pool.free);
}
