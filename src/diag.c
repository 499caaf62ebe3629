/* diag.c: writes diagnostics to stderr (or, in a thread that asked, to its
 * buffer: see diag_capture) and counts them. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

#include "buf.h"

int diag_errors, diag_warnings;
int diag_quiet;

/* Where this thread's diagnostics go instead of stderr; NULL: stderr. */
static _Thread_local buf *capture;

void diag_capture(buf *b)
{
	capture = b;
}

/*
 * Writes line to stderr with its control characters (from the input: a file
 * name, a YAML escape such as "\e" in a key) shown as \xNN, so that a
 * diagnostic can neither drive the terminal nor span several lines.
 */
static void write_printable(const buf *line)
{
	buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < line->len; i++) {
		unsigned char c = (unsigned char)line->ptr[i];
		if (c < 0x20 || c == 0x7f)
			buf_printf(&out, "\\x%02x", c);
		else
			buf_addc(&out, c);
	}
	buf_addc(&out, '\n');
	if (capture)
		buf_add(capture, out.ptr, out.len);
	else
		fwrite(out.ptr, 1, out.len, stderr);
	buf_release(&out);
}

static void report(const char *kind, const char *file, int line, int col,
		   const char *fmt, va_list ap)
{
	buf b = BUF_INIT;

	if (file && line > 0 && col > 0)
		buf_printf(&b, "%s:%d:%d: ", file, line, col);
	else if (file && line > 0)
		buf_printf(&b, "%s:%d: ", file, line);
	else if (file)
		buf_printf(&b, "%s: ", file);
	else
		buf_adds(&b, "autodiag: ");
	buf_printf(&b, "%s: ", kind);
	buf_vprintf(&b, fmt, ap);
	if (!diag_quiet)
		write_printable(&b);
	buf_release(&b);
}

void diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&diag_errors, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	report("error", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&diag_warnings, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	report("warning", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_reset(void)
{
	diag_errors = diag_warnings = 0;
}
