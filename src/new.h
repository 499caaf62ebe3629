/* new.h: `autodiag new DIR [--minimal]` (new.c). */
#ifndef AUTODIAG_NEW_H
#define AUTODIAG_NEW_H

/*
 * Fills dir (created when missing) with a guide that builds at once: the
 * shipped guide's content/ and answers/, or a skeleton when minimal.
 * Returns 0, 2 when dir exists and is not empty, or 3 on an I/O failure
 * (reported).
 */
int new_guide(const char *dir, int minimal);

#endif
