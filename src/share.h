/* share.h: where autodiag finds what it ships beside the program: the
 * default theme and the guide that `new` copies (PREFIX/share/autodiag). */
#ifndef AUTODIAG_SHARE_H
#define AUTODIAG_SHARE_H

/* PREFIX/share/autodiag, set by the Makefile. */
#ifndef AUTODIAG_SHARE
#define AUTODIAG_SHARE "/usr/local/share/autodiag"
#endif

/*
 * The installed data directory: $AUTODIAG_SHARE when set (a relocated
 * install), else the PREFIX/share/autodiag compiled in.  Static storage.
 */
const char *share_dir(void);

/*
 * The directory that holds the running program (from /proc/self/exe), into
 * out (PATH_MAX bytes); 0, or -1 when it cannot be known.
 */
int exe_dir(char *out);

/*
 * The theme a build uses: given when not NULL, else ./themes/default, else
 * share_dir()/themes/default, else themes/default beside the program (a
 * source checkout).  Returns a string to free, or NULL when none exists
 * (reported as an error).
 */
char *theme_find(const char *given);

/*
 * The directory holding the guide to copy (content/site.yaml and
 * answers/): share_dir(), else beside the program.  Returns a string to
 * free, or NULL (reported).
 */
char *guide_find(void);

#endif
