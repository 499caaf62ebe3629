/* watch.h: recursive inotify watches on the inputs of `autodiag serve`. */
#ifndef AUTODIAG_WATCH_H
#define AUTODIAG_WATCH_H

#include <stddef.h>

typedef struct watch watch;

/*
 * Watches every directory below each of the n roots (a root that is a file
 * is watched itself; a missing one is skipped).  Returns NULL when inotify
 * cannot be used (reported).  Free with watch_free.
 */
watch *watch_new(const char *const *roots, size_t n);
void watch_free(watch *w);

/* The descriptor to poll for reading. */
int watch_fd(const watch *w);

/*
 * Reads the pending events: returns 1 when one of them may change the
 * build (editor swap and backup files are ignored), else 0.  Directories
 * created meanwhile get watched too.
 */
int watch_read(watch *w);

/* Walks the roots again, watching what appeared (after a build, to catch
 * directories created between two events or a root replaced). */
void watch_rescan(watch *w);

#endif
