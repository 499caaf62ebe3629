/* value.c: the JSON-like data tree and its JSON writer.
 *
 * Memory: a page's view is tens of thousands of small values made and
 * freed in turn, and a third of the site's instructions went to malloc
 * and free (callgrind).  So a freed value goes to a free list of its
 * thread and is taken again by the next one made, a short string lives
 * inside its value, and map keys (the views' field names and ids, a small
 * set) are interned.  Under AddressSanitizer values come from malloc, so
 * that a use after free is caught. */
#include "value.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define V_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define V_POOL 0
#endif
#endif
#ifndef V_POOL
#define V_POOL 1
#endif

/* Freed values, linked through items. */
static __thread value *spare;

static value *v_new(vkind kind)
{
	value *v = spare;

	if (V_POOL && v) {
		spare = (value *)(void *)v->items;
		memset(v, 0, sizeof *v);
	} else {
		v = xcalloc(1, sizeof *v);
	}
	v->kind = kind;
	return v;
}

static void v_drop(value *v)
{
	if (V_POOL) {
		v->items = (value **)(void *)spare;
		spare = v;
	} else {
		free(v);
	}
}

/* The interned keys: open addressing, a power-of-two number of slots. */
static __thread struct {
	char **slot;
	size_t n, cap;
} keytab;

static uint64_t key_hash(const char *k, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h;
}

static const char *intern(const char *key)
{
	size_t i;

	if (2 * (keytab.n + 1) > keytab.cap) {
		size_t cap = keytab.cap ? keytab.cap * 2 : 512, k;
		char **slot = xcalloc(cap, sizeof *slot);
		for (k = 0; k < keytab.cap; k++) {
			if (!keytab.slot[k])
				continue;
			for (i = key_hash(keytab.slot[k], strlen(keytab.slot[k])) & (cap - 1); slot[i];
			     i = (i + 1) & (cap - 1))
				;
			slot[i] = keytab.slot[k];
		}
		free(keytab.slot);
		keytab.slot = slot;
		keytab.cap = cap;
	}
	for (i = key_hash(key, strlen(key)) & (keytab.cap - 1); keytab.slot[i];
	     i = (i + 1) & (keytab.cap - 1))
		if (!strcmp(keytab.slot[i], key))
			return keytab.slot[i];
	keytab.n++;
	return keytab.slot[i] = xstrdup(key);
}

const void *v_keyspace(void)
{
	return &keytab;
}

const char *v_key(const char *s, size_t len)
{
	size_t i;

	if (!keytab.cap)
		return NULL;
	for (i = key_hash(s, len) & (keytab.cap - 1); keytab.slot[i]; i = (i + 1) & (keytab.cap - 1))
		if (!strncmp(keytab.slot[i], s, len) && !keytab.slot[i][len])
			return keytab.slot[i];
	return NULL;
}

value *v_null(void) { return v_new(V_NULL); }
value *v_list(void) { return v_new(V_LIST); }
value *v_map(void) { return v_new(V_MAP); }

value *v_bool(int b)
{
	value *v = v_new(V_BOOL);
	v->b = !!b;
	return v;
}

value *v_num(double d)
{
	value *v;

	if (isnan(d))
		return v_null();
	v = v_new(V_NUM);
	v->num = d;
	return v;
}

value *v_strn(const char *s, size_t len)
{
	value *v = v_new(V_STR);

	if (len < sizeof v->inl) {
		memcpy(v->inl, s, len);
		v->inl[len] = '\0';
		v->str = v->inl;
	} else {
		v->str = xstrndup(s, len);
	}
	v->len = len;
	return v;
}

value *v_str(const char *s)
{
	return s ? v_strn(s, strlen(s)) : v_null();
}

static void v_reserve(value *v)
{
	if (v->n < v->cap)
		return;
	v->cap = v->cap ? v->cap * 2 : 8;
	v->items = xrealloc(v->items, v->cap * sizeof *v->items);
	if (v->kind == V_MAP)
		v->keys = xrealloc(v->keys, v->cap * sizeof *v->keys);
}

value *v_push(value *list, value *item)
{
	v_reserve(list);
	list->items[list->n++] = item;
	return item;
}

value *v_set(value *map, const char *key, value *val)
{
	const char *k = intern(key);
	size_t i;

	for (i = 0; i < map->n; i++) {
		if (map->keys[i] == k) {
			v_free(map->items[i]);
			map->items[i] = val;
			return val;
		}
	}
	v_reserve(map);
	map->keys[map->n] = k;
	map->items[map->n++] = val;
	return val;
}

value *v_get(const value *map, const char *key)
{
	size_t i;

	if (!map || map->kind != V_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return map->items[i];
	return NULL;
}

void v_free(value *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++)
		v_free(v->items[i]);
	free(v->items);
	free(v->keys);
	if (v->str != v->inl)
		free(v->str);
	v_drop(v);
}

value *v_take(value *map, const char *key)
{
	size_t i;
	value *v;

	if (!map || map->kind != V_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key)) {
			v = map->items[i];
			map->items[i] = v_null();
			return v;
		}
	return NULL;
}

void json_string(buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	buf_addc(out, '"');
	for (;;) {
		size_t n = scan_json(s, len);
		unsigned char c;
		buf_add(out, s, n);
		if (n == len)
			break;
		switch (c = (unsigned char)s[n]) {
		case '"': BUF_LIT(out, "\\\""); break;
		case '\\': BUF_LIT(out, "\\\\"); break;
		case '\n': BUF_LIT(out, "\\n"); break;
		case '\r': BUF_LIT(out, "\\r"); break;
		case '\t': BUF_LIT(out, "\\t"); break;
		case '<': BUF_LIT(out, "\\u003c"); break; /* safe inside <script> */
		default:
			BUF_LIT(out, "\\u00");
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 15]);
		}
		s += n + 1;
		len -= n + 1;
	}
	buf_addc(out, '"');
}

static void newline(buf *out, int indent, int depth)
{
	if (indent < 0)
		return;
	buf_addc(out, '\n');
	for (int i = 0; i < indent * depth; i++)
		buf_addc(out, ' ');
}

static void json_rec(buf *out, const value *v, int indent, int depth)
{
	size_t i;

	switch (v->kind) {
	case V_NULL: BUF_LIT(out, "null"); return;
	case V_BOOL: buf_adds(out, v->b ? "true" : "false"); return;
	case V_NUM: fmt_double(out, v->num); return;
	case V_STR: json_string(out, v->str, v->len); return;
	case V_LIST:
	case V_MAP: break;
	}
	buf_addc(out, v->kind == V_LIST ? '[' : '{');
	for (i = 0; i < v->n; i++) {
		if (i)
			buf_addc(out, ',');
		newline(out, indent, depth + 1);
		if (v->kind == V_MAP) {
			json_string(out, v->keys[i], strlen(v->keys[i]));
			buf_adds(out, indent < 0 ? ":" : ": ");
		}
		json_rec(out, v->items[i], indent, depth + 1);
	}
	if (v->n)
		newline(out, indent, depth);
	buf_addc(out, v->kind == V_LIST ? ']' : '}');
}

void v_json(buf *out, const value *v, int indent)
{
	json_rec(out, v, indent, 0);
}
