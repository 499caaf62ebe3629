/* diag.h: diagnostics in GCC style, "FILE:LINE:COL: error: MESSAGE". */
#ifndef AUTODIAG_DIAG_H
#define AUTODIAG_DIAG_H

/* Counts of what was reported since the start (or diag_reset). */
extern int diag_errors, diag_warnings;

/* Set to make diagnostics go to a buffer-less sink (fuzzing): no output. */
extern int diag_quiet;

/* Reports an error at file:line:col (line 0: no position; col 0: no column). */
void diag_error(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_reset(void);

/* Sends the calling thread's diagnostics to b (appended, one line each, as
 * they would be written) instead of stderr, until diag_capture(NULL).  The
 * counts above are shared by all threads. */
struct buf;
void diag_capture(struct buf *b);

#endif
