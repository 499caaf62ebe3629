/* value.c: the JSON-like data tree and its JSON writer. */
#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static value *v_new(vkind kind)
{
	value *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
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
	v->str = xstrndup(s, len);
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
	size_t i;

	for (i = 0; i < map->n; i++) {
		if (!strcmp(map->keys[i], key)) {
			v_free(map->items[i]);
			map->items[i] = val;
			return val;
		}
	}
	v_reserve(map);
	map->keys[map->n] = xstrdup(key);
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
	for (i = 0; i < v->n; i++) {
		v_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
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

/* Whether byte c is written as is inside a JSON string. */
static int json_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != '<';
}

void json_string(buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start;

	buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (json_plain(c)) {	/* copy the whole run at once */
			for (start = i; i + 1 < len && json_plain((unsigned char)s[i + 1]);)
				i++;
			buf_add(out, s + start, i + 1 - start);
			continue;
		}
		switch (c) {
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
