/* value.h: a small JSON-like data tree.  It is the data that templates
 * render (Mustache contexts) and that the JSON exports serialise, so every
 * back-end builds its view of the model once, as values.  A tree is made,
 * read and freed in one thread (the build jobs and exports are
 * single-threaded; the loader's threads make none). */
#ifndef AUTODIAG_VALUE_H
#define AUTODIAG_VALUE_H

#include <stddef.h>

#include "buf.h"

typedef enum vkind { V_NULL, V_BOOL, V_NUM, V_STR, V_LIST, V_MAP } vkind;

/* A string this short lives in its value (str points to inl). */
#define V_INLINE 40

typedef struct value value;
struct value {
	vkind kind;
	int b;		/* V_BOOL */
	double num;	/* V_NUM */
	char *str;	/* V_STR, NUL-terminated, owned (or inl) */
	size_t len;	/* V_STR byte length */
	value **items;	/* V_LIST items, V_MAP values */
	/* V_MAP keys, insertion order; interned (one copy per key and
	 * thread, never freed), so a map's keys differ as pointers */
	const char **keys;
	size_t n, cap;
	char inl[V_INLINE];
};

value *v_null(void);
value *v_bool(int b);
value *v_num(double d);
value *v_str(const char *s);		/* copies s; NULL gives V_NULL */
value *v_strn(const char *s, size_t len);
value *v_list(void);
value *v_map(void);

/* Appends item to a list; the list owns it.  Returns item. */
value *v_push(value *list, value *item);
/* Sets key in a map (replacing an existing one); the map owns val.  Returns val. */
value *v_set(value *map, const char *key, value *val);
/* Looks key up in a map; NULL when absent or when map is not a map. */
value *v_get(const value *map, const char *key);
void v_free(value *v);
/* The interned key s[0..len): what the keys of any map of this thread that
 * has it point to (compare them as pointers), or NULL when no map of this
 * thread was ever given it. */
const char *v_key(const char *s, size_t len);
/* The identity of this thread's key table: a key from v_key is valid where
 * v_keyspace() is the same. */
const void *v_keyspace(void);
/* Detaches key's value from a map (the key then holds null) and returns it:
 * how a view gives back a value it only borrowed.  NULL when absent. */
value *v_take(value *map, const char *key);

/* Serialises v as JSON: indent < 0 gives one line, else pretty printed with
 * that many spaces.  Numbers use the shortest round-trip form; NaN is null. */
void v_json(buf *out, const value *v, int indent);
/* Appends s as a JSON string literal (quotes included). */
void json_string(buf *out, const char *s, size_t len);

#endif
