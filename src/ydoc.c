/* ydoc.c: builds ynode trees from libyaml's event stream, with positions. */
#include "ydoc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

/* Longest scalar accepted, in bytes: far above any title, note or
 * descriptor, far below what could exhaust memory or a page layout. */
#define YDOC_MAX_SCALAR 65536

/* The nodes, strings and item lists of one document come from one arena of
 * chunks, freed at once with the root: a fiche makes some 3,000 of them,
 * and freeing them one by one was 8 % of the time to load a guide. */
#define YCHUNK (32 * 1024 - 64)
typedef struct ychunk {
	struct ychunk *next;
	size_t used, cap;
	max_align_t data[];
} ychunk;

typedef struct builder {
	ychunk *arena;
	const char *file;
	int first_line;
	size_t nodes;
	int failed;
	const char *text;	/* the input, to place reader errors */
	size_t len;
} builder;

static void *yalloc(builder *b, size_t n)
{
	ychunk *c = b->arena;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!c || c->cap - c->used < n) {
		size_t cap = n > YCHUNK ? n : YCHUNK;
		c = xmalloc(sizeof *c + cap);
		c->next = b->arena;
		c->used = 0;
		c->cap = cap;
		b->arena = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void arena_free(ychunk *c)
{
	while (c) {
		ychunk *next = c->next;
		free(c);
		c = next;
	}
}

static ynode *ynode_new(builder *b, ykind kind, yaml_mark_t m)
{
	ynode *n = memset(yalloc(b, sizeof *n), 0, sizeof *n);
	n->kind = kind;
	n->line = (int)m.line + b->first_line;
	n->col = (int)m.column + 1;
	b->nodes++;
	return n;
}

static void ynode_push(builder *b, ynode *parent, ynode *child)
{
	if (parent->n == parent->cap) {
		ynode **items;
		parent->cap = parent->cap ? parent->cap * 2 : 8;
		items = yalloc(b, parent->cap * sizeof *items);
		if (parent->n)
			memcpy(items, parent->items, parent->n * sizeof *items);
		parent->items = items;
	}
	parent->items[parent->n++] = child;
}

void ynode_free(ynode *n)
{
	if (n)
		arena_free(n->arena);
}

static void parse_error(builder *b, yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	const char *what = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_MEMORY_ERROR)
		die_oom();
	if (p->error == YAML_READER_ERROR && p->problem_offset < b->len) {
		/* libyaml gives a byte offset, not a mark: the character's own
		 * line and column, and which character it is */
		int line, col;
		text_position(b->text, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			diag_error(b->file, line + b->first_line - 1, col, "invalid YAML: %s (U+%04X)",
				   what, (unsigned)p->problem_value);
		else
			diag_error(b->file, line + b->first_line - 1, col, "invalid YAML: %s", what);
		b->failed = 1;
		return;
	}
	if (p->context)
		diag_error(b->file, (int)m.line + b->first_line, (int)m.column + 1,
			   "invalid YAML: %s %s (started at line %d, column %d)", what,
			   p->context, (int)p->context_mark.line + b->first_line,
			   (int)p->context_mark.column + 1);
	else
		diag_error(b->file, (int)m.line + b->first_line, (int)m.column + 1,
			   "invalid YAML: %s", what);
	b->failed = 1;
}

static int key_equal(const ynode *a, const ynode *b)
{
	return a->kind == Y_SCALAR && b->kind == Y_SCALAR && a->len == b->len &&
	       !memcmp(a->str, b->str, a->len);
}

/* Reports a key already present in map (the pair being added is the last). */
static void check_duplicate(builder *b, const ynode *map, const ynode *key)
{
	size_t i;

	if (key->kind != Y_SCALAR) {
		diag_error(b->file, key->line, key->col, "mapping keys must be strings");
		b->failed = 1;
		return;
	}
	for (i = 0; i + 1 < map->n; i += 2) {
		if (key_equal(map->items[i], key)) {
			diag_error(b->file, key->line, key->col,
				   "duplicate key \"%s\" (first at line %d)", key->str,
				   map->items[i]->line);
			b->failed = 1;
			return;
		}
	}
}

/*
 * Reports an explicit tag (!!str, !!binary, !local...): it would change how a
 * value reads (a quoted-looking number, a binary blob), so autodiag takes
 * every value as written instead.
 */
static void check_tag(builder *b, const ynode *n, const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;

	if (!tag)
		return;
	if (!strncmp(t, core, sizeof core - 1))
		diag_error(b->file, n->line, n->col, "YAML tag \"!!%.40s\" is not supported; "
			   "write the value without it", t + sizeof core - 1);
	else
		diag_error(b->file, n->line, n->col, "YAML tag \"%.40s\" is not supported; "
			   "write the value without it", t);
	b->failed = 1;
}

/* Adds a finished node to its parent (or makes it the root). */
static void attach(builder *b, ynode **stack, size_t depth, ynode **root, ynode *n)
{
	ynode *parent;

	if (!depth) {
		*root = n;
		return;
	}
	parent = stack[depth - 1];
	ynode_push(b, parent, n);
	if (parent->kind == Y_MAP && parent->n % 2 == 1)
		check_duplicate(b, parent, n);
}

static ynode *build(builder *b, yaml_parser_t *p)
{
	ynode *stack[YDOC_MAX_DEPTH + 1];
	size_t depth = 0;
	ynode *root = NULL;
	int docs = 0, done = 0;
	yaml_event_t ev;

	while (!done) {
		if (!yaml_parser_parse(p, &ev)) {
			parse_error(b, p);
			break;
		}
		yaml_mark_t m = ev.start_mark;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_error(b->file, (int)m.line + b->first_line, (int)m.column + 1,
					   "only one YAML document is allowed here");
				b->failed = 1;
				done = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_error(b->file, (int)m.line + b->first_line, (int)m.column + 1,
				   "YAML aliases are not supported; write the value out");
			b->failed = 1;
			done = 1;
			break;
		case YAML_SCALAR_EVENT: {
			ynode *n = ynode_new(b, Y_SCALAR, m);
			n->str = yalloc(b, ev.data.scalar.length + 1);
			if (ev.data.scalar.length)
				memcpy(n->str, ev.data.scalar.value, ev.data.scalar.length);
			n->str[ev.data.scalar.length] = '\0';
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			check_tag(b, n, ev.data.scalar.tag);
			if (n->len > YDOC_MAX_SCALAR) {
				diag_error(b->file, n->line, n->col, "string longer than %d bytes",
					   YDOC_MAX_SCALAR);
				b->failed = 1;
			}
			attach(b, stack, depth, &root, n);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			ynode *n = ynode_new(b, ev.type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ, m);
			check_tag(b, n, ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.tag
									  : ev.data.sequence_start.tag);
			attach(b, stack, depth, &root, n);
			if (depth == YDOC_MAX_DEPTH) {
				diag_error(b->file, n->line, n->col,
					   "YAML nesting deeper than %d levels", YDOC_MAX_DEPTH);
				b->failed = 1;
				done = 1;
				break;
			}
			stack[depth++] = n;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth)
				depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (!done && b->nodes > YDOC_MAX_NODES) {
			diag_error(b->file, (int)m.line + b->first_line, (int)m.column + 1,
				   "YAML document has more than %d nodes", YDOC_MAX_NODES);
			b->failed = 1;
			done = 1;
		}
	}
	return root;
}

/* Reports tabs used for indentation, which YAML forbids, with a clear message. */
static void check_tabs(builder *b, const char *text, size_t len)
{
	size_t i = 0;
	int line = b->first_line;

	while (i < len) {
		size_t col = 0;
		while (i < len && text[i] == ' ')
			i++, col++;
		if (i < len && text[i] == '\t') {
			diag_error(b->file, line, (int)col + 1,
				   "tab character in indentation; indent with spaces");
			b->failed = 1;
			return;
		}
		while (i < len && text[i] != '\n')
			i++;
		i++;
		line++;
	}
}

ynode *ydoc_parse(const char *file, const char *text, size_t len,
		  int first_line, int *ok)
{
	builder b = { NULL, file, first_line, 0, 0, text, len };
	yaml_parser_t p;
	ynode *root = NULL;

	check_tabs(&b, text, len);
	if (b.failed) {
		*ok = 0;
		return NULL;
	}
	if (!yaml_parser_initialize(&p))
		die_oom();
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	root = build(&b, &p);
	yaml_parser_delete(&p);
	if (root)
		root->arena = b.arena;
	else
		arena_free(b.arena);
	*ok = !b.failed;
	if (b.failed) {
		ynode_free(root);
		return NULL;
	}
	if (root && root->kind == Y_SCALAR && yscalar_is_null(root)) {
		ynode_free(root);
		root = NULL;
	}
	return root;
}

ynode *ymap_get(const ynode *map, const char *key)
{
	size_t i;

	if (!map || map->kind != Y_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (map->items[i]->kind == Y_SCALAR && !strcmp(map->items[i]->str, key))
			return map->items[i + 1];
	return NULL;
}

int yscalar_is_null(const ynode *n)
{
	if (n->kind != Y_SCALAR || !n->plain)
		return 0;
	return !n->len || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
	       !strcmp(n->str, "Null") || !strcmp(n->str, "NULL");
}

int yscalar_int(const ynode *n, long *out)
{
	char *end;
	long v;

	if (n->kind != Y_SCALAR || !n->plain || !n->len)
		return 0;
	if (strspn(n->str + (n->str[0] == '-' || n->str[0] == '+'), "0123456789") !=
	    n->len - (n->str[0] == '-' || n->str[0] == '+'))
		return 0;
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (errno || *end)
		return 0;
	*out = v;
	return 1;
}

int yscalar_number(const ynode *n, double *out)
{
	char *end;
	double v;
	long i;

	if (yscalar_int(n, &i)) {
		*out = (double)i;
		return 1;
	}
	if (n->kind != Y_SCALAR || !n->plain || !n->len)
		return 0;
	if (strspn(n->str, "+-0123456789.eE") != n->len)
		return 0;
	v = strtod(n->str, &end);
	if (*end || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

const char *ynode_describe(const ynode *n)
{
	long i;
	double d;

	if (!n)
		return "nothing";
	switch (n->kind) {
	case Y_MAP: return "a mapping";
	case Y_SEQ: return "a list";
	case Y_SCALAR: break;
	}
	if (yscalar_is_null(n))
		return "an empty value";
	if (yscalar_int(n, &i))
		return "an integer";
	if (yscalar_number(n, &d))
		return "a number";
	if (n->plain && (!strcmp(n->str, "true") || !strcmp(n->str, "false")))
		return "a boolean";
	return "a string";
}
