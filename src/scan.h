/* scan.h: the length of the run of bytes, from the start of a string, that
 * HTML or JSON escaping copies as they are.  Sixteen bytes at a time with
 * SSE2, which every x86-64 has, else byte by byte: escaping was a fifth of
 * the instructions of a site's pages (callgrind, 250 fiches), one table
 * lookup and branch per byte of nearly every byte written.
 *
 * Why by hand: no packaged library scans for a set of bytes (strcspn stops
 * at NUL, and our strings hold their length). */
#ifndef AUTODIAG_SCAN_H
#define AUTODIAG_SCAN_H

#include <stddef.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Bytes escaped in HTML text: & < >; in attributes also " and '. */
static inline int scan_html_special(unsigned char c, int attr)
{
	return c == '&' || c == '<' || c == '>' || (attr && (c == '"' || c == '\''));
}

/* Bytes escaped in a JSON string: controls, ", \ and < (for <script>). */
static inline int scan_json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == '<';
}

static inline size_t scan_html(const char *s, size_t len, int attr)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
	const __m128i quot = _mm_set1_epi8(attr ? '"' : '&');
	const __m128i apos = _mm_set1_epi8(attr ? '\'' : '&');

	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
					 _mm_or_si128(_mm_cmpeq_epi8(x, gt),
						      _mm_or_si128(_mm_cmpeq_epi8(x, quot),
								   _mm_cmpeq_epi8(x, apos))));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	while (i < len && !scan_html_special((unsigned char)s[i], attr))
		i++;
	return i;
}

static inline size_t scan_json(const char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i quot = _mm_set1_epi8('"'), bsl = _mm_set1_epi8('\\');
	const __m128i lt = _mm_set1_epi8('<'), ctl = _mm_set1_epi8(0x1f);

	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* x <= 0x1f unsigned: max(x, 0x1f) == 0x1f */
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl),
					 _mm_or_si128(_mm_cmpeq_epi8(x, quot),
						      _mm_or_si128(_mm_cmpeq_epi8(x, bsl),
								   _mm_cmpeq_epi8(x, lt))));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	while (i < len && !scan_json_special((unsigned char)s[i]))
		i++;
	return i;
}

#endif
