/* ydoc.h: YAML documents as small trees with positions, built from libyaml
 * events.  This layer rejects what autodiag never accepts (aliases, several
 * documents, duplicate keys, tabs in indentation) and enforces size limits,
 * so the loader above it only checks shapes and types. */
#ifndef AUTODIAG_YDOC_H
#define AUTODIAG_YDOC_H

#include <stddef.h>

typedef enum ykind { Y_SCALAR, Y_SEQ, Y_MAP } ykind;

typedef struct ynode ynode;
struct ynode {
	ykind kind;
	int line, col;	/* 1-based, in the file */
	int plain;	/* scalar written without quotes (so it may be a number) */
	char *str;	/* scalar text, NUL-terminated */
	size_t len;
	ynode **items;	/* Y_SEQ: items; Y_MAP: key, value, key, value... */
	size_t n;	/* number of items (twice the pairs for a map) */
	size_t cap;
	void *arena;	/* the root's: the memory of the whole tree */
};

/* Limits against hostile input. */
#define YDOC_MAX_DEPTH 64
#define YDOC_MAX_NODES 200000

/*
 * Parses text[0..len) (no BOM) as one YAML document whose first line is line
 * first_line of file.  Returns the root (NULL for an empty document) and
 * sets *ok to 1, or reports every problem through diag and sets *ok to 0.
 * Free the root with ynode_free: the tree is one block of memory.
 */
ynode *ydoc_parse(const char *file, const char *text, size_t len,
		  int first_line, int *ok);
void ynode_free(ynode *n);

/* Value for key in a map node, or NULL. */
ynode *ymap_get(const ynode *map, const char *key);

/* Whether a scalar is YAML null (empty plain, ~, null). */
int yscalar_is_null(const ynode *n);

/* A plain scalar that is a decimal integer: 1 and *out set, else 0. */
int yscalar_int(const ynode *n, long *out);
/* A plain scalar that is a finite number: 1 and *out set, else 0. */
int yscalar_number(const ynode *n, double *out);

/* "a mapping", "a list", "a string"... for messages. */
const char *ynode_describe(const ynode *n);

#endif
