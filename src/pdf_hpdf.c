/* pdf_hpdf.c: libharu 2.3.0 internals replaced, for speed, by definitions
 * that give the very same bytes; this file holds the memory and stream
 * ones, pdf_hpdf_font.c the TrueType and text ones.
 *
 * Why by hand: libharu has no hook for any of them, and a report's PDF
 * cost 196 M instructions (callgrind), mostly in them: byte-wise copies
 * and fills (HPDF_MemCpy, HPDF_MemSet: every stream buffer goes through
 * them), the deflate of every stream of every document although the
 * CIDToGIDMap (128 KB per font), the CMaps and many font subsets are the
 * same from one report to the next, two stream writes per number of each
 * font's widths (HPDF_Array_Write), string lengths counted byte by byte,
 * 300,000 small allocations per report through malloc, and in
 * pdf_hpdf_font.c the font subsets, glyph lookups, text widths and text
 * encoding.  libharu's calls to its own exported functions go through the
 * PLT, so defining them here (in the executable, searched first by the
 * dynamic linker) replaces them for libharu too; the allocator is given
 * through HPDF_NewEx.
 *
 * The output must stay byte-identical: MemCpy and MemSet keep libharu's
 * return values and forward-copy semantics; the deflate keeps zlib's
 * default level with libharu's zlib calls (deflateInit_, level
 * Z_DEFAULT_COMPRESSION), whose output does not depend on how the input
 * is cut, and a stream seen twice is deflated once (cache below).  Any
 * other libharu version or an encrypted document gets libharu's own
 * function (dlsym RTLD_NEXT), and so does everything but MemCpy, MemSet
 * and StrLen (libharu's semantics, nothing to compare) when
 * AUTODIAG_LIBHARU=1 is set; AUTODIAG_LIBHARU=verify makes the subsets,
 * widths, encodings and arrays both ways and aborts on a difference.
 * tests/check-hpdf.sh builds every PDF both ways and compares the bytes.
 * The PDF back-ends run single-threaded in each job (pdf_doc.c); only the
 * deflate cache is locked.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf.h"
#include "pdf_hpdf.h"
#include "util.h"

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						 HPDF_Encrypt e);

int pdf_hpdf_mode_now = -1;

/* MODE_OWN: this file's definitions; MODE_LIBHARU: libharu's own (AUTODIAG_LIBHARU=1);
 * MODE_VERIFY: both, compared (AUTODIAG_LIBHARU=verify).  Also MODE_OWN only with
 * the libharu version this file was written against. */
int pdf_hpdf_mode_init(void)
{
	const char *e = getenv("AUTODIAG_LIBHARU");

	if (strcmp(HPDF_GetVersion(), "2.3.0") != 0 || (e && !strcmp(e, "1")))
		pdf_hpdf_mode_now = MODE_LIBHARU;
	else
		pdf_hpdf_mode_now = e && !strcmp(e, "verify") ? MODE_VERIFY : MODE_OWN;
	return pdf_hpdf_mode_now;
}

void *pdf_hpdf_own(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

void ob_add(obuf *o, const void *s, size_t n)
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

void ob_u16(obuf *o, unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	ob_add(o, b, 2);
}

void ob_u32(obuf *o, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	ob_add(o, b, 4);
}

int ob_stream(obuf *o, HPDF_Stream m)
{
	unsigned char chunk[HPDF_STREAM_BUF_SIZ];
	HPDF_STATUS ret;

	if (HPDF_Stream_Seek(m, 0, HPDF_SEEK_SET) != HPDF_OK)
		return 0;
	do {
		HPDF_UINT size = sizeof chunk;
		ret = HPDF_Stream_Read(m, chunk, &size);
		ob_add(o, chunk, size);
	} while (ret == HPDF_OK);
	return ret == HPDF_STREAM_EOF && !o->failed;
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

/*
 * raw deflated as libharu does, with s (ready says whether it was
 * initialised); 0 or a zlib error code.  One z_stream per thread, reset
 * between streams (deflateReset gives the state of a fresh deflateInit with
 * the same parameters, without its five allocations).
 */
static int deflate_with(z_stream *sp, int *ready, const unsigned char *raw, size_t nraw,
			unsigned char **z, size_t *nz)
{
	int ret;

	if (!*ready) {
		memset(sp, 0, sizeof *sp);
		ret = deflateInit_(sp, Z_DEFAULT_COMPRESSION, ZLIB_VERSION, sizeof(z_stream));
		if (ret != Z_OK)
			return ret;
		*ready = 1;
	} else if ((ret = deflateReset(sp)) != Z_OK) {
		return ret;
	}
	*nz = deflateBound(sp, (uLong)nraw);
	*z = malloc(*nz ? *nz : 1);
	if (!*z)
		return Z_MEM_ERROR;
	sp->next_in = (Bytef *)raw;
	sp->avail_in = (uInt)nraw;
	sp->next_out = *z;
	sp->avail_out = (uInt)*nz;
	ret = deflate(sp, Z_FINISH);
	*nz = sp->total_out;
	if (ret != Z_STREAM_END) {
		free(*z);
		*z = NULL;
		return ret == Z_OK ? Z_BUF_ERROR : ret;
	}
	return 0;
}

/* The z_stream of the thread that runs the back-ends. */
static z_stream main_z;
static int main_z_ready;

static int deflate_all(const unsigned char *raw, size_t nraw, unsigned char **z, size_t *nz)
{
	return deflate_with(&main_z, &main_z_ready, raw, nraw, z, nz);
}

/*
 * Page contents deflated ahead (pdf_hpdf_predeflate): the stream, its size
 * and hash then, and its deflate (the bytes read are freed at once).  A
 * stream is taken from here only if it is the same stream with the same
 * size and hash when libharu writes it: libharu only appends to a page's
 * stream (it may end a text object there first).
 */
struct pre {
	HPDF_Stream src;
	uint64_t hash;
	unsigned char *z;
	size_t nraw, nz;
};
static struct pre *pre;
static size_t npre, pre_next;
static pthread_mutex_t pre_lock = PTHREAD_MUTEX_INITIALIZER;

static void pre_run(z_stream *s, int *ready)
{
	size_t i;

	/* each thread reads the streams it deflates, under a lock: a read
	 * at the end of a stream sets the document's error state */
	while ((i = __atomic_fetch_add(&pre_next, 1, __ATOMIC_RELAXED)) < npre) {
		obuf o = { NULL, 0, 0, 0 };
		unsigned char *fit;
		int got;
		pthread_mutex_lock(&pre_lock);
		got = ob_stream(&o, pre[i].src);
		pthread_mutex_unlock(&pre_lock);
		if (got && o.n &&
		    deflate_with(s, ready, o.p, o.n, &pre[i].z, &pre[i].nz) == 0) {
			pre[i].nraw = o.n;
			pre[i].hash = zc_hash(o.p, o.n);
			if ((fit = realloc(pre[i].z, pre[i].nz ? pre[i].nz : 1)))
				pre[i].z = fit;	/* held until the save: no room to spare */
		} else {
			pre[i].z = NULL;
		}
		free(o.p);
	}
}

static void *pre_worker(void *arg)
{
	z_stream s;
	int ready = 0;

	(void)arg;
	pre_run(&s, &ready);
	if (ready)
		deflateEnd(&s);
	return NULL;
}

void pdf_hpdf_predeflate(HPDF_Doc pdf)
{
	HPDF_UINT i, n = pdf && pdf->page_list ? pdf->page_list->count : 0;
	pthread_t worker;

	if (npre || n < PREDEFLATE_MIN_PAGES || pdf->encrypt_on || hpdf_mode() == MODE_LIBHARU)
		return;
	pre = calloc(n, sizeof *pre);
	for (i = 0; pre && i < n; i++) {
		HPDF_Page page = HPDF_List_ItemAt(pdf->page_list, i);
		HPDF_PageAttr a = page ? page->attr : NULL;
		if (a && a->contents && a->stream &&
		    (a->contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE))
			pre[npre++].src = a->stream;
	}
	pre_next = 0;
	if (npre > 1 && pthread_create(&worker, NULL, pre_worker, NULL) == 0) {
		pre_run(&main_z, &main_z_ready);
		pthread_join(worker, NULL);
	} else {
		pre_run(&main_z, &main_z_ready);
	}
}

void pdf_hpdf_predeflate_end(void)
{
	size_t i;

	for (i = 0; i < npre; i++)
		free(pre[i].z);
	free(pre);
	pre = NULL;
	npre = 0;
}

/* The deflate of src (nraw bytes, hash h) made ahead, handed over into *z;
 * 1 when there is one. */
static int pre_take(HPDF_Stream src, uint64_t h, size_t nraw, unsigned char **z, size_t *nz)
{
	size_t i;

	for (i = 0; i < npre; i++) {
		struct pre *x = &pre[i];
		if (x->z && x->src == src && x->hash == h && x->nraw == nraw) {
			*z = x->z;
			*nz = x->nz;
			x->z = NULL;
			return 1;
		}
	}
	return 0;
}

typedef HPDF_STATUS (*deflate_fn)(HPDF_Stream, HPDF_Stream, HPDF_Encrypt);

/* libharu's own function, for what this file does not handle. */
static HPDF_STATUS libharu_deflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e)
{
	deflate_fn f = (deflate_fn)(uintptr_t)pdf_hpdf_own("HPDF_Stream_WriteToStreamWithDeflate");

	if (!f || f == HPDF_Stream_WriteToStreamWithDeflate)
		return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, Z_VERSION_ERROR);
	return f(src, dst, e);
}

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						 HPDF_Encrypt e)
{
	obuf whole = { NULL, 0, 0, 0 };
	unsigned char *raw, *z = NULL;
	size_t nraw = 0, nz = 0;
	uint64_t h;
	HPDF_STATUS ret;
	int zret;

	if (e || hpdf_mode() == MODE_LIBHARU)
		return libharu_deflate(src, dst, e);
	if (!ob_stream(&whole, src)) {
		free(whole.p);
		return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, Z_MEM_ERROR);
	}
	if (!whole.p && !(whole.p = malloc(1))) /* an empty stream: a pointer all the same */
		return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, Z_MEM_ERROR);
	raw = whole.p, nraw = whole.n;
	h = zc_hash(raw, nraw);
	if (!pre_take(src, h, nraw, &z, &nz) && !zc_get(h, raw, nraw, &z, &nz)) {
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
 * libharu's HPDF_Stream_Write, for a memory stream whose current buffer
 * has room: the bytes copied there at once, instead of through
 * HPDF_MemStream_WriteFunc and HPDF_MemStream_InWrite (the same effect:
 * the buffer's position and the stream's size moved on).  Everything else
 * (a file stream, a new buffer to take, a stream in error) is libharu's.
 */
typedef HPDF_STATUS (*stream_write_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT);

HPDF_STATUS HPDF_Stream_Write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
	static stream_write_fn own, mem_write;
	HPDF_MemStreamAttr a;

	if (!own) {
		mem_write = (stream_write_fn)(uintptr_t)dlsym(RTLD_DEFAULT,
							      "HPDF_MemStream_WriteFunc");
		if (!(own = (stream_write_fn)(uintptr_t)pdf_hpdf_own("HPDF_Stream_Write")))
			return HPDF_INVALID_OPERATION;
	}
	if (stream && mem_write && (stream_write_fn)stream->write_fn == mem_write &&
	    hpdf_mode() != MODE_LIBHARU && (a = stream->attr) && a->w_ptr && stream->error &&
	    stream->error->error_no == HPDF_OK && size <= a->buf_siz - a->w_pos) {
		if (size)
			memcpy(a->w_ptr, ptr, size);
		a->w_ptr += size;
		a->w_pos += size;
		stream->size += size;
		return HPDF_OK;
	}
	return own(stream, ptr, size);
}

typedef HPDF_STATUS (*write_binary_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT,
				       HPDF_Encrypt);

char *pdf_hpdf_hex(char *out, const unsigned char *data, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		*out++ = hex[data[i] >> 4];
		*out++ = hex[data[i] & 15];
	}
	return out;
}

/* libharu's hex dump of data (pdf_hpdf_hex), a buffer's worth at a time. */
HPDF_STATUS HPDF_Stream_WriteBinary(HPDF_Stream stream, const HPDF_BYTE *data, HPDF_UINT len,
				    HPDF_Encrypt e)
{
	char buf[1024];
	HPDF_UINT i = 0;
	HPDF_STATUS ret = HPDF_OK;

	if (e || hpdf_mode() == MODE_LIBHARU) {
		write_binary_fn own = (write_binary_fn)(uintptr_t)pdf_hpdf_own(
			"HPDF_Stream_WriteBinary");
		return own ? own(stream, data, len, e) : HPDF_INVALID_OPERATION;
	}
	while (i < len && ret == HPDF_OK) {
		HPDF_UINT n = len - i > sizeof buf / 2 ? (HPDF_UINT)sizeof buf / 2 : len - i;
		ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf,
					(HPDF_UINT)(pdf_hpdf_hex(buf, data + i, n) - buf));
		i += n;
	}
	return ret;
}

/*
 * libharu 2.3.0's HPDF_FToA (every coordinate of every page goes through
 * it): the value clamped to +-32767, its integer part and five decimals
 * computed with the same float and double operations, written without
 * trailing zeros.  Anything unusual (a value that is not a number, digits
 * out of range, a short buffer) gets libharu's own function.
 */
typedef char *(*ftoa_fn)(char *, HPDF_REAL, char *);

static char *ftoa_fast(char *s, HPDF_REAL val, char *eptr)
{
	char digits[HPDF_REAL_LEN + 2], *p = s;
	HPDF_INT32 int_val, fpart_val;
	int n = 0, k;

	if (val > HPDF_LIMIT_MAX_REAL)
		val = HPDF_LIMIT_MAX_REAL;
	else if (val < HPDF_LIMIT_MIN_REAL)
		val = HPDF_LIMIT_MIN_REAL;
	if (!(val == val) || eptr - s < HPDF_REAL_LEN)
		return NULL;
	if (val < 0) {
		*p++ = '-';
		val = -val;
	}
	int_val = (HPDF_INT32)(val + 0.000005);
	fpart_val = (HPDF_INT32)((HPDF_REAL)(val - int_val + 0.000005) * 100000);
	if (int_val < 0 || int_val > HPDF_LIMIT_MAX_REAL || fpart_val < 0 || fpart_val > 99999)
		return NULL;
	do
		digits[n++] = (char)('0' + int_val % 10);
	while ((int_val /= 10) > 0);
	while (n)
		*p++ = digits[--n];
	*p = '.';
	for (k = 5; k >= 1; k--, fpart_val /= 10)
		p[k] = (char)('0' + fpart_val % 10);
	/* as libharu: the trailing zeros and the point turned into NULs from
	 * the end, and no terminator after a last digit that stays */
	for (p += 5; p > s; p--) {
		if (*p != '0') {
			if (*p == '.')
				*p = 0;
			break;
		}
		*p = 0;
	}
	return *p == 0 ? p : p + 1;
}

/* In verify mode: both ways into buffers of the same filling, compared
 * whole. */
static void ftoa_verify(ftoa_fn own, HPDF_REAL val)
{
	char a[16], b[16], *ea, *eb;

	memset(a, 'x', sizeof a);
	memset(b, 'x', sizeof b);
	ea = ftoa_fast(a, val, a + HPDF_REAL_LEN);
	eb = own(b, val, b + HPDF_REAL_LEN);
	if (ea && (ea - a != eb - b || memcmp(a, b, sizeof a))) {
		fprintf(stderr, "autodiag: %.9g written \"%.16s\", libharu writes \"%.16s\"\n",
			(double)val, a, b);
		abort();
	}
}

char *HPDF_FToA(char *s, HPDF_REAL val, char *eptr)
{
	static ftoa_fn own;
	char *end;

	if (!own && !(own = (ftoa_fn)(uintptr_t)pdf_hpdf_own("HPDF_FToA")))
		return s;
	if (hpdf_mode() == MODE_LIBHARU || !(end = ftoa_fast(s, val, eptr)))
		return own(s, val, eptr);
	if (hpdf_mode() == MODE_VERIFY)
		ftoa_verify(own, val);
	return end;
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
	int ok = m && own(a, m, NULL) == HPDF_OK && ob_stream(o, m);

	if (m)
		HPDF_Stream_Free(m);
	return ok;
}

int pdf_hpdf_array_bytes(HPDF_Array a, obuf *o)
{
	return a && a->list && numbers_of(a, o, 0);
}

/*
 * Arrays of the document being made whose bytes are known without their
 * elements: the W array of a font made again from its record
 * (pdf_hpdf_type0.c), written as recorded.  Forgotten with the document.
 */
static struct known_array {
	HPDF_Array a;
	const void *p;
	size_t n;
} *known;
static size_t nknown, capknown;

void pdf_hpdf_array_known(HPDF_Array a, const void *p, size_t n)
{
	if (nknown == capknown) {
		capknown = capknown ? 2 * capknown : 8;
		known = xrealloc(known, capknown * sizeof *known);
	}
	known[nknown++] = (struct known_array){ a, p, n };
}

void pdf_hpdf_arrays_forget(void)
{
	nknown = 0;
}

HPDF_STATUS HPDF_Array_Write(HPDF_Array a, HPDF_Stream stream, HPDF_Encrypt e)
{
	static array_write_fn own;
	obuf o = { NULL, 0, 0, 0 };
	HPDF_STATUS ret;
	size_t i;

	for (i = 0; i < nknown; i++)
		if (known[i].a == a)
			return HPDF_Stream_Write(stream, known[i].p, (HPDF_UINT)known[i].n);
	if (!own && !(own = (array_write_fn)(uintptr_t)pdf_hpdf_own("HPDF_Array_Write")))
		return HPDF_INVALID_OBJECT;
	if (hpdf_mode() == MODE_LIBHARU || !a || !a->list || !numbers_of(a, &o, 0)) {
		free(o.p);
		return own(a, stream, e);
	}
	if (hpdf_mode() == MODE_VERIFY) {
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
