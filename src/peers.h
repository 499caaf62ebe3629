/* peers.h: the peers of every answers file of a set from one index, built
 * once in O(n log n) and read in O(naxes log n) per file, with the same
 * figures as peers_compute (score.h), which scans the whole set. */
#ifndef AUTODIAG_PEERS_H
#define AUTODIAG_PEERS_H

#include "model.h"
#include "score.h"

typedef struct peers_index peers_index;

/*
 * Indexes the latest file of each territory of s by kind and population
 * band, with per axis the sorted scores of each group; all[i] scores
 * s->items[i].  s must have been indexed (answers_set_index).  Neither s
 * nor all is copied: both must outlive the index.  Free with
 * peers_index_free.
 */
peers_index *peers_index_new(const guide *g, const answers_set *s, const result *all);

/* The peers of s->items[self] into p (release with peers_release). */
void peers_index_get(const peers_index *x, size_t self, peers *p);

/*
 * The peers of an authority of kind k and population band band (0..4) that
 * has no file in the set: the whole group, no one excluded (count 0 for a
 * band out of range).  Release with peers_release.
 */
void peers_index_group(const peers_index *x, kind k, int band, peers *p);

void peers_index_free(peers_index *x);

#endif
