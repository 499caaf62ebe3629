/* diag.c: writes diagnostics to stderr and counts them. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

#include "buf.h"

int diag_errors, diag_warnings;
int diag_quiet;

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
	buf_addc(&b, '\n');
	if (!diag_quiet)
		fwrite(b.ptr, 1, b.len, stderr);
	buf_release(&b);
}

void diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	diag_errors++;
	va_start(ap, fmt);
	report("error", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	diag_warnings++;
	va_start(ap, fmt);
	report("warning", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_reset(void)
{
	diag_errors = diag_warnings = 0;
}
