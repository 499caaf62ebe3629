/* util.c: allocation that aborts on failure, whole-file I/O, UTF-8 checks. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void die_oom(void)
{
	fputs("autodiag: error: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int read_file(const char *path, buf *out)
{
	struct stat st;
	char chunk[65536];
	size_t total = 0;
	ssize_t n;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int e = 0;

	if (fd < 0)
		return -1;
	/* Regular files only: a FIFO or a device may block or never end. */
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		total += (size_t)n;
		if (total > MAX_FILE_SIZE) {
			close(fd);
			errno = EFBIG;
			return -1;
		}
		buf_add(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

/* Length of the UTF-8 sequence at s (at most len bytes), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned cp;

	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	return n;
}

size_t utf8_check(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		/* runs of plain ASCII (no NUL) eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ull) ||
			    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = utf8_seq(u + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

void text_advance(const char *s, size_t from, size_t to, int *line, int *col)
{
	int l = *line, c = *col;
	size_t i;

	for (i = from; i < to; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80 && !(ch == '\r' && s[i + 1] == '\n')) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

void text_position(const char *s, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	text_advance(s, 0, off, line, col);
}

int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int e;

	if (!f)
		return -1;
	if (len && fwrite(data, 1, len, f) != len) {
		e = errno;
		fclose(f);
		errno = e;
		return -1;
	}
	if (fclose(f) != 0)
		return -1;
	return 0;
}

int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	char *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST) {
		int e = errno;
		free(p);
		errno = e;
		return -1;
	}
	free(p);
	return 0;
}

static const double pow10_of[] = { 1, 10, 100, 1000, 10000 };

/* Appends u in decimal, at least `digits` digits (zero-padded). */
static void put_uint(buf *out, unsigned long long u, int digits)
{
	char tmp[24], *e = tmp + sizeof tmp, *p = e;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) || e - p < digits);
	buf_add(out, p, (size_t)(e - p));
}

/*
 * d * 10^decimals rounded to the nearest integer into *r, as printf rounds
 * d's exact value; 0 when that cannot be told from the double product
 * (too large, not finite, or within 1e-7 of a half: then printf decides).
 */
static int scaled_round(double d, int decimals, unsigned long long *r)
{
	double x = fabs(d) * pow10_of[decimals], fl, frac;

	if (!(x < 1e15))	/* also NaN */
		return 0;
	fl = floor(x);
	frac = x - fl;	/* exact below 2^52 */
	if (fabs(frac - 0.5) < 1e-7)
		return 0;
	*r = (unsigned long long)fl + (frac > 0.5);
	return 1;
}

void fmt_fixed(buf *out, double d, int decimals)
{
	unsigned long long r, scale;

	if (decimals < 0 || decimals > 4 || !scaled_round(d, decimals, &r)) {
		buf_printf(out, "%.*f", decimals, d);
		return;
	}
	scale = (unsigned long long)pow10_of[decimals];
	if (signbit(d))
		buf_addc(out, '-');
	put_uint(out, r / scale, 1);
	if (decimals) {
		buf_addc(out, '.');
		put_uint(out, r % scale, decimals);
	}
}

void fmt_double(buf *out, double d)
{
	char tmp[40];
	int prec, j;

	if (d == 0) {
		BUF_LIT(out, "0");
		return;
	}
	if (d == floor(d) && fabs(d) < 1e15) {
		/* whole numbers in full: "40", not the shorter "4e+01" (what
		 * "%.0f" gives, without printf: scores.json has millions) */
		if (d < 0)
			buf_addc(out, '-');
		put_uint(out, (unsigned long long)fabs(d), 1);
		return;
	}
	/* a number of up to 4 decimals (scores: 2.4, 0.75) that reads back
	 * from them: those digits are what %.15g gives, without printf */
	for (j = 1; j <= 4 && fabs(d) >= 1e-4 && fabs(d) < 1e10; j++) {
		unsigned long long r, scale = (unsigned long long)pow10_of[j];
		if (!scaled_round(d, j, &r) || (double)r / (double)scale != fabs(d))
			continue;
		while (r % 10 == 0)	/* %g drops trailing zeros */
			r /= 10, scale /= 10;
		if (d < 0)
			buf_addc(out, '-');
		put_uint(out, r / scale, 1);
		if (scale > 1) {
			buf_addc(out, '.');
			put_uint(out, r % scale, (int)(scale == 10 ? 1 : scale == 100 ? 2
						     : scale == 1000 ? 3 : 4));
		}
		return;
	}
	/* %.15g is the shortest form whenever one of 15 digits or fewer reads
	 * back (15-digit decimals are spaced wider than a double's rounding) */
	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	buf_adds(out, tmp);
}

int id_valid(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

int date_valid(const char *d)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, dd;

	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-' ||
	    strspn(d, "0123456789-") != 10)
		return 0;
	y = atoi(d);
	m = atoi(d + 5);
	dd = atoi(d + 8);
	if (y < 1900 || m < 1 || m > 12 || dd < 1 || dd > days[m - 1])
		return 0;
	if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}
