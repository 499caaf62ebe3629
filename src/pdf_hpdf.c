/* pdf_hpdf.c: three libharu 2.3.0 internals replaced, for speed, by
 * definitions that give the very same bytes.
 *
 * Why by hand: a report costs ~28 ms of CPU, three quarters of it inside
 * libharu (callgrind, 10 reports): HPDF_MemCpy and HPDF_MemSet copy and
 * fill one byte at a time (20% of a report: every stream buffer goes
 * through them), and HPDF_Stream_WriteToStreamWithDeflate deflates every
 * stream of every document (36%), although the CIDToGIDMap (128 KB per
 * font), the CMaps and many font subsets are the same from one report to
 * the next.  libharu has no hook for either, and its calls to its own
 * exported functions go through the PLT, so defining them here (in the
 * executable, searched first by the dynamic linker) replaces them for
 * libharu too.  The output must stay byte-identical: MemCpy and MemSet keep
 * libharu's return values and forward-copy semantics; the deflate keeps
 * zlib's default level with libharu's zlib calls (deflateInit_, level
 * Z_DEFAULT_COMPRESSION), whose output does not depend on how the input
 * is cut, and a stream seen twice is deflated once (cache below).  Any
 * other libharu version, or an encrypted document, gets libharu's own
 * function (dlsym RTLD_NEXT).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						 HPDF_Encrypt e);

/* libharu's HPDF_MemCpy: a forward byte copy returning out + n. */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
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

/* raw deflated as libharu does; 0 or a zlib error code. */
static int deflate_all(const unsigned char *raw, size_t nraw, unsigned char **z, size_t *nz)
{
	z_stream s;
	int ret;

	memset(&s, 0, sizeof s);
	ret = deflateInit_(&s, Z_DEFAULT_COMPRESSION, ZLIB_VERSION, sizeof(z_stream));
	if (ret != Z_OK)
		return ret;
	*nz = deflateBound(&s, (uLong)nraw);
	*z = malloc(*nz ? *nz : 1);
	if (!*z) {
		deflateEnd(&s);
		return Z_MEM_ERROR;
	}
	s.next_in = (Bytef *)raw;
	s.avail_in = (uInt)nraw;
	s.next_out = *z;
	s.avail_out = (uInt)*nz;
	ret = deflate(&s, Z_FINISH);
	*nz = s.total_out;
	deflateEnd(&s);
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
	deflate_fn f = (deflate_fn)(uintptr_t)dlsym(RTLD_NEXT,
						    "HPDF_Stream_WriteToStreamWithDeflate");

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

	if (e || strcmp(HPDF_GetVersion(), "2.3.0") != 0)
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
