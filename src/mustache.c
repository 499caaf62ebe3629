/* mustache.c: the Mustache template engine of mustache.h.
 *
 * Debian packages no C Mustache library, so this is a small one of our own,
 * written to the official spec v1.3 and its optional inheritance module (no
 * lambdas, no dynamic names); tests/unit/test_mustache_spec.c runs every
 * spec test.  Compiling lexes the source into a flat token array (set
 * delimiter tags act there), pairs sections, drops standalone lines, builds
 * a node tree and reindents blocks; rendering walks that tree with a context
 * stack.  Partials and parents are compiled once, into env->cache.
 *
 * What the spec leaves open: the empty string is falsey (0 is truthy);
 * booleans interpolate as "true" and "false", lists and maps as nothing;
 * {{x}} escapes & < > " ' (html_escape_attr).  Indentation is added to each
 * non-empty line of template text, never inside interpolated data.
 */
#include "mustache.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "util.h"

#define MAX_NEST 100	/* sections, parents and blocks inside each other */
#define MAX_DEPTH 100	/* partials and parents rendered inside each other */
#define MAX_STEPS 1000000	/* section items and partials in one render */
#define MAX_OUTPUT (64u << 20)	/* bytes one render may write (checked at each step) */

/* Kinds of tokens; the first eight are also the kinds of nodes. */
enum tkind {
	T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_PARENT, T_BLOCK,
	T_PARTIAL, T_CLOSE, T_COMMENT, T_DELIM
};

/* A token of the flat array that the lexer produces (offsets in source). */
typedef struct tok {
	enum tkind kind;
	size_t off, len;	/* the text, or the whole tag */
	size_t name, nlen;	/* a tag's name, trimmed */
	size_t match;		/* an opening tag's closing tag */
	size_t group;		/* tags of one group may share a standalone line */
	size_t ws, wslen;	/* the whitespace before the tag on its line */
	unsigned char hidden;	/* inside a parent but not in one of its blocks */
	unsigned char gone;	/* blank text of a standalone line */
	unsigned char alone;	/* tag on a standalone line */
} tok;

typedef struct node node;
struct node {
	enum tkind kind;
	const char *text;	/* T_TEXT, in the template's copy of the source */
	size_t len;
	char *name;		/* tags */
	size_t nlen0;		/* the length of its first part (up to a dot) */
	const char *key;	/* that part as an interned key, once found (node_key) */
	const void *keyspace;	/* the key table key is from */
	const char *ws;		/* whitespace the tag stood on; for a block, */
	size_t wslen;		/* after reindent, its indentation */
	size_t off;		/* source offset, for diagnostics */
	node *kids;		/* sections and blocks: content; parents: blocks */
	size_t nkids;
	unsigned char bol;	/* T_TEXT starting a line of the source */
	unsigned char alone;	/* tag on a standalone line */
};

struct mustache {
	char *file;
	char *src;
	size_t len;
	node *root;
	size_t nroot;
};

typedef struct compiler {
	mustache *t;
	const char *src;	/* t->src */
	size_t len;
	const char *open, *close;	/* the current delimiters */
	size_t olen, clen;
	tok *toks;
	size_t n, cap;
} compiler;

static int fail(const compiler *c, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports a syntax error at source offset off; returns -1. */
static int fail(const compiler *c, size_t off, const char *fmt, ...)
{
	buf msg = BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	text_position(c->src, off, &line, &col);
	diag_error(c->t->file, line, col, "%s", msg.ptr);
	buf_release(&msg);
	return -1;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int is_open(enum tkind k)
{
	return k == T_SECTION || k == T_INVERTED || k == T_PARENT ||
	       k == T_BLOCK;
}

/* Offset of the first nd[0..nlen) in s[from..to), or to. */
static size_t find(const char *s, size_t from, size_t to, const char *nd,
		   size_t nlen)
{
	while (from + nlen <= to) {
		const char *p = memchr(s + from, nd[0], to - from - nlen + 1);
		if (!p)
			break;
		from = (size_t)(p - s);
		if (!memcmp(p, nd, nlen))
			return from;
		from++;
	}
	return to;
}

static tok *lex_push(compiler *c, enum tkind kind, size_t off, size_t len)
{
	tok *k;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->toks = xrealloc(c->toks, c->cap * sizeof *c->toks);
	}
	k = &c->toks[c->n++];
	*k = (tok){ .kind = kind, .off = off, .len = len };
	return k;
}

/* Adds src[from..to) as text tokens of at most one line each. */
static void lex_text(compiler *c, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(c->src + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - c->src) + 1 : to;

		lex_push(c, T_TEXT, from, end - from);
		from = end;
	}
}

static enum tkind sigil_kind(char ch)
{
	switch (ch) {
	case '#': return T_SECTION;
	case '^': return T_INVERTED;
	case '/': return T_CLOSE;
	case '>': return T_PARTIAL;
	case '<': return T_PARENT;
	case '$': return T_BLOCK;
	case '!': return T_COMMENT;
	case '=': return T_DELIM;
	case '&':
	case '{': return T_RAW;
	default: return T_VAR;
	}
}

/*
 * Finds the end of a tag's content, which starts at p: the closing
 * delimiter, right after `want` ('}' or '=') unless want is 0.  Returns
 * where the content ends and sets *next past the tag; c->len if unclosed.
 */
static size_t tag_close(const compiler *c, size_t p, char want, size_t *next)
{
	size_t q = p;

	while ((q = find(c->src, q, c->len, c->close, c->clen)) < c->len) {
		if (!want || (q > p && c->src[q - 1] == want)) {
			*next = q + c->clen;
			return want ? q - 1 : q;
		}
		q++;
	}
	return c->len;
}

/* Applies the set delimiter tag at `at`, whose content is src[p..e). */
static int lex_delims(compiler *c, size_t at, size_t p, size_t e)
{
	size_t w[4], i;

	for (i = 0; i < 4; i += 2) {
		while (p < e && is_space(c->src[p]))
			p++;
		w[i] = p;
		while (p < e && !is_space(c->src[p]))
			p++;
		w[i + 1] = p;
	}
	while (p < e && is_space(c->src[p]))
		p++;
	if (w[0] == w[1] || w[2] == w[3] || p != e)
		return fail(c, at, "bad delimiter change");
	c->open = c->src + w[0];
	c->olen = w[1] - w[0];
	c->close = c->src + w[2];
	c->clen = w[3] - w[2];
	return 0;
}

static int unclosed(const compiler *c, size_t at, char want)
{
	return fail(c, at, "unclosed tag, expected \"%s%.*s\"",
		    want == '}' ? "}" : want == '=' ? "=" : "", (int)c->clen,
		    c->close);
}

/*
 * Checks the name src[p..e) of the tag at `at` (closed after `want`): not
 * empty, no space inside.  An opening delimiter or a line end inside means
 * that the tag was left open and ran into the next one.
 */
static int lex_name(const compiler *c, size_t at, size_t p, size_t e,
		    char want)
{
	size_t i;

	if (p == e)
		return fail(c, at, "empty tag");
	if (memchr(c->src + p, '\n', e - p) ||
	    find(c->src, p, e, c->open, c->olen) < e)
		return unclosed(c, at, want);
	for (i = p; i < e; i++)
		if (is_space(c->src[i]))
			return fail(c, at, "bad tag name \"%.*s\"", (int)(e - p),
				    c->src + p);
	return 0;
}

/* Lexes the tag that opens at `at`.  Returns the offset past it, or 0
 * after reporting an error. */
static size_t lex_tag(compiler *c, size_t at)
{
	size_t p = at + c->olen, e, next = 0;
	enum tkind kind = T_VAR;
	char want = 0;
	tok *k;

	while (p < c->len && is_space(c->src[p]))
		p++;
	if (p < c->len && (kind = sigil_kind(c->src[p])) != T_VAR) {
		want = c->src[p] == '{' ? '}' : c->src[p] == '=' ? '=' : 0;
		p++;
	}
	if ((e = tag_close(c, p, want, &next)) == c->len) {
		unclosed(c, at, want);
		return 0;
	}
	if (kind == T_DELIM) {
		if (lex_delims(c, at, p, e) < 0)
			return 0;
		lex_push(c, kind, at, next - at);
		return next;
	}
	while (p < e && is_space(c->src[p]))
		p++;
	while (e > p && is_space(c->src[e - 1]))
		e--;
	if (kind != T_COMMENT && lex_name(c, at, p, e, want) < 0)
		return 0;
	k = lex_push(c, kind, at, next - at);
	k->name = p;
	k->nlen = e - p;
	return next;
}

/* Splits the source into text and tag tokens.  0, or -1 after reporting. */
static int lex(compiler *c)
{
	size_t pos = 0;

	while (pos < c->len) {
		size_t at = find(c->src, pos, c->len, c->open, c->olen);

		lex_text(c, pos, at);
		if (at == c->len)
			break;
		if (!(pos = lex_tag(c, at)))
			return -1;
	}
	return 0;
}

static const char *open_what(enum tkind k)
{
	return k == T_PARENT ? "parent" : k == T_BLOCK ? "block" : "section";
}

/* Pairs the closing tag i with the innermost open one. */
static int pair_close(compiler *c, size_t i, const size_t *stack,
		      size_t *depth)
{
	tok *k = &c->toks[i], *o;
	size_t oi;

	if (!*depth)
		return fail(c, k->off, "unexpected section close \"%.*s\"",
			    (int)k->nlen, c->src + k->name);
	oi = stack[--*depth];
	o = &c->toks[oi];
	if (o->nlen != k->nlen || memcmp(c->src + o->name, c->src + k->name,
					 k->nlen))
		return fail(c, k->off,
			    "mismatched section close \"%.*s\", expected \"%.*s\"",
			    (int)k->nlen, c->src + k->name, (int)o->nlen,
			    c->src + o->name);
	o->match = i;
	k->hidden = o->hidden;
	/* A parent's closing tag, and those of its blocks, join its group. */
	k->group = o->kind == T_PARENT || o->group != oi ? o->group : i;
	return 0;
}

/*
 * Pairs opening and closing tags, and marks what a parent ignores: all but
 * its blocks.  A parent and its blocks' tags form one group.  Returns 0, or
 * -1 after reporting.
 */
static int pair(compiler *c)
{
	size_t stack[MAX_NEST], depth = 0, i;
	const tok *o;

	for (i = 0; i < c->n; i++) {
		tok *k = &c->toks[i];
		const tok *up = depth ? &c->toks[stack[depth - 1]] : NULL;

		if (k->kind == T_CLOSE) {
			if (pair_close(c, i, stack, &depth) < 0)
				return -1;
			continue;
		}
		k->hidden = up && (up->hidden ||
				   (up->kind == T_PARENT && k->kind != T_BLOCK));
		k->group = up && up->kind == T_PARENT ? up->group : i;
		if (!is_open(k->kind))
			continue;
		if (depth == MAX_NEST)
			return fail(c, k->off, "sections nested deeper than %d levels",
				    MAX_NEST);
		stack[depth++] = i;
	}
	if (!depth)
		return 0;
	o = &c->toks[stack[depth - 1]];
	return fail(c, o->off, "unclosed %s \"%.*s\"", open_what(o->kind),
		    (int)o->nlen, c->src + o->name);
}

/* Whether text is spaces and tabs, then maybe a line end. */
static int blank(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i == len || (s[i] == '\n' && i + 1 == len) ||
	       (s[i] == '\r' && i + 2 == len && s[i + 1] == '\n');
}

/*
 * Whether the line of tokens [a, b) stands alone: besides blank text it
 * holds tags of one group only, none of them an interpolation.  Sets
 * *first to its first tag.  What a parent ignores does not count.
 */
static int line_alone(const compiler *c, size_t a, size_t b, size_t *first)
{
	size_t i;

	*first = b;
	for (i = a; i < b; i++) {
		const tok *k = &c->toks[i];

		if (k->hidden)
			continue;
		if (k->kind == T_TEXT) {
			if (!blank(c->src + k->off, k->len))
				return 0;
		} else if (k->kind == T_VAR || k->kind == T_RAW) {
			return 0;
		} else if (*first == b) {
			*first = i;
		} else if (k->group != c->toks[*first].group) {
			return 0;
		}
	}
	return *first < b;
}

/*
 * Applies the standalone rule to the line [a, b): the blank text of a
 * standalone line goes and its tags take the leading whitespace.  A block
 * tag that starts a line that is not standalone also notes the whitespace
 * before it, which is its indentation.
 */
static void line_mark(compiler *c, size_t a, size_t b)
{
	tok *lead = &c->toks[a], *k;
	size_t first, i;

	if (lead->kind != T_TEXT || lead->hidden || a + 1 == b ||
	    !blank(c->src + lead->off, lead->len))
		lead = NULL;
	if (!line_alone(c, a, b, &first)) {
		k = &c->toks[lead ? a + 1 : a];
		if (k->kind == T_BLOCK && lead) {
			k->ws = lead->off;
			k->wslen = lead->len;
		}
		return;
	}
	for (i = a; i < b; i++) {
		k = &c->toks[i];
		if (k->hidden)
			continue;
		if (k->kind == T_TEXT)
			k->gone = 1;
		else
			k->alone = 1;
	}
	if (lead) {
		c->toks[first].ws = lead->off;
		c->toks[first].wslen = lead->len;
	}
}

/* Runs line_mark over each line of the token array. */
static void mark_lines(compiler *c)
{
	size_t a, b;

	for (a = 0; a < c->n; a = b) {
		b = a;
		while (b < c->n && !(c->toks[b].kind == T_TEXT &&
				     c->src[c->toks[b].off + c->toks[b].len - 1] == '\n'))
			b++;
		if (b < c->n)
			b++;
		line_mark(c, a, b);
	}
}

static void node_init(const compiler *c, const tok *k, node *nd)
{
	*nd = (node){ .kind = k->kind, .off = k->off, .alone = k->alone };
	if (k->kind == T_TEXT) {
		nd->text = c->src + k->off;
		nd->len = k->len;
		nd->bol = !k->off || c->src[k->off - 1] == '\n';
		return;
	}
	nd->name = xstrndup(c->src + k->name, k->nlen);
	nd->nlen0 = strcspn(nd->name, ".");
	if (k->wslen) {
		nd->ws = c->src + k->ws;
		nd->wslen = k->wslen;
	}
}

/* Builds the nodes of tokens [from, to): only the blocks when blocks_only
 * (the content of a parent). */
static void build(const compiler *c, size_t from, size_t to, int blocks_only,
		  node **out, size_t *nout)
{
	node *v = NULL;
	size_t n = 0, cap = 0, i;

	for (i = from; i < to; i++) {
		const tok *k = &c->toks[i];
		node *nd;

		if (blocks_only && k->kind != T_BLOCK) {
			if (is_open(k->kind))
				i = k->match;
			continue;
		}
		if (k->gone || k->kind == T_COMMENT || k->kind == T_DELIM)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		nd = &v[n++];
		node_init(c, k, nd);
		if (is_open(k->kind)) {
			build(c, i + 1, k->match, k->kind == T_PARENT, &nd->kids,
			      &nd->nkids);
			i = k->match;
		}
	}
	*out = v;
	*nout = n;
}

/* Removes from *s the part of ind[0..ilen) that it starts with. */
static void strip(const char **s, size_t *len, const char *ind, size_t ilen)
{
	size_t i = 0;

	while (i < ilen && i < *len && (*s)[i] == ind[i])
		i++;
	if (!i)
		return;
	*s += i;
	*len -= i;
}

/* Removes indentation ind from each line that starts in nodes v[0..n). */
static void strip_lines(node *v, size_t n, const char *ind, size_t ilen)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].kind == T_TEXT && v[i].bol)
			strip(&v[i].text, &v[i].len, ind, ilen);
		else if (v[i].kind != T_TEXT)
			strip(&v[i].ws, &v[i].wslen, ind, ilen);
		strip_lines(v[i].kids, v[i].nkids, ind, ilen);
	}
}

/*
 * Sets the indentation of each block, outer blocks first.  A block whose
 * opening tag stands alone has the indentation of its first line of
 * content: it is removed from each of its lines here and added back when
 * rendering, to whatever content fills the block.  Otherwise a block at
 * the start of a line is indented by the whitespace before it.
 */
static void reindent(node *v, size_t n)
{
	size_t i, w;

	for (i = 0; i < n; i++) {
		node *b = &v[i], *f = b->kids;

		if (b->kind == T_BLOCK && b->alone && b->nkids) {
			if (f->kind != T_TEXT) {
				b->ws = f->ws;
				b->wslen = f->wslen;
			} else {
				for (w = 0; f->bol && w < f->len &&
					    (f->text[w] == ' ' || f->text[w] == '\t'); w++)
					;
				b->ws = f->text;
				b->wslen = w;
			}
			strip_lines(b->kids, b->nkids, b->ws, b->wslen);
		}
		reindent(b->kids, b->nkids);
	}
}

static void nodes_free(node *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		nodes_free(v[i].kids, v[i].nkids);
	}
	free(v);
}

void mustache_free(mustache *t)
{
	if (!t)
		return;
	nodes_free(t->root, t->nroot);
	free(t->src);
	free(t->file);
	free(t);
}

/*
 * Compiles src[0..len) into a tree that owns a copy of the source.
 * Returns NULL after reporting the first syntax error at its position.
 * Free with mustache_free.
 */
mustache *mustache_compile(const char *file, const char *src, size_t len)
{
	mustache *t = xcalloc(1, sizeof *t);
	compiler c = { .t = t, .len = len, .open = "{{", .close = "}}",
		       .olen = 2, .clen = 2 };

	t->file = file ? xstrdup(file) : NULL;
	t->src = xstrndup(src, len);
	t->len = len;
	c.src = t->src;
	if (lex(&c) < 0 || pair(&c) < 0) {
		free(c.toks);
		mustache_free(t);
		return NULL;
	}
	mark_lines(&c);
	build(&c, 0, c.n, 0, &t->root, &t->nroot);
	reindent(t->root, t->nroot);
	free(c.toks);
	return t;
}

/* The parents being rendered, innermost first: their blocks override. */
typedef struct frame frame;
struct frame {
	const node *parent;
	const mustache *t;	/* the template the parent tag is in */
	const frame *prev;
};

/* Partials compiled once, in env->cache; t is NULL when name does not
 * compile, and absent is set when env->find does not know it. */
typedef struct pentry {
	char *name;
	mustache *t;
	int absent;
} pentry;

typedef struct pcache {
	pentry *e;
	size_t n, cap;
} pcache;

typedef struct render {
	buf *out;
	mustache_env *env;
	buf indent;		/* added before each line of template text */
	int bol;		/* out is at the start of a template line */
	int depth;		/* partials and parents being rendered */
	long steps;		/* section items and partials rendered so far */
	const value **stack;	/* the context stack, top last */
	size_t n, cap;
} render;

static int render_nodes(render *r, const mustache *t, const node *v,
			size_t n, const frame *fr);

/* The entry of env->cache for name, compiling it on first use. */
static const pentry *partial_entry(mustache_env *env, const char *name)
{
	pcache *pc = env->cache;
	pentry *e;
	const char *src = NULL, *file = NULL;
	size_t len = 0, i;

	if (!pc)
		pc = env->cache = xcalloc(1, sizeof *pc);
	for (i = 0; i < pc->n; i++)
		if (!strcmp(pc->e[i].name, name))
			return &pc->e[i];
	if (pc->n == pc->cap) {
		pc->cap = pc->cap ? 2 * pc->cap : 16;
		pc->e = xrealloc(pc->e, pc->cap * sizeof *pc->e);
	}
	e = &pc->e[pc->n++];
	e->name = xstrdup(name);
	e->t = NULL;
	e->absent = env->find(env->ctx, name, &src, &len, &file) < 0;
	if (!e->absent)
		e->t = mustache_compile(file, src, len);
	return e;
}

void mustache_env_release(mustache_env *env)
{
	pcache *pc = env ? env->cache : NULL;
	size_t i;

	if (!pc)
		return;
	for (i = 0; i < pc->n; i++) {
		free(pc->e[i].name);
		mustache_free(pc->e[i].t);
	}
	free(pc->e);
	free(pc);
	env->cache = NULL;
}

/*
 * Sets *p to the compiled partial name.  Returns 1, 0 when there is no
 * such template (or no env), -1 when it does not compile (reported once,
 * when first met).
 */
static int partial_get(mustache_env *env, const char *name,
		       const mustache **p)
{
	const pentry *e;

	if (!env || !env->find)
		return 0;
	e = partial_entry(env, name);
	*p = e->t;
	return e->absent ? 0 : e->t ? 1 : -1;
}

static void push(render *r, const value *v)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->stack = xrealloc(r->stack, r->cap * sizeof *r->stack);
	}
	r->stack[r->n++] = v;
}

/* m's value at key k, an interned key (v_key); NULL when none. */
static const value *map_get(const value *m, const char *k)
{
	size_t i;

	if (!m || m->kind != V_MAP || !k)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (m->keys[i] == k)
			return m->items[i];
	return NULL;
}

/*
 * The interned key of the first part of nd's name, looked up once per
 * template in each thread's key table (v_key) instead of at each use: a
 * page looks up thousands of names.  The node is the template's own, so
 * the cache is set through a cast; NULL (no value has the key yet) is
 * looked up again next time.
 */
static const char *node_key(const node *nd)
{
	node *m = (node *)(uintptr_t)nd;
	const void *space = v_keyspace();

	if (!m->key || m->keyspace != space) {
		m->key = v_key(nd->name, nd->nlen0);
		m->keyspace = space;
	}
	return m->key;
}

/*
 * Resolves nd's name: "." is the top of the context stack; otherwise the first
 * part of a dotted name is looked up from the top of the stack down, and
 * each further part in the value found.  NULL when anything is missing.
 */
static const value *lookup(const render *r, const node *nd)
{
	const char *name = nd->name;
	const value *v = NULL;
	size_t i = r->n, len = nd->nlen0;

	if (!strcmp(name, "."))
		return r->n ? r->stack[r->n - 1] : NULL;
	const char *k = node_key(nd);

	if (!k)	/* no map has this key */
		return NULL;
	while (i > 0 && !(v = map_get(r->stack[--i], k)))
		;
	while (v && name[len]) {
		name += len + 1;
		len = strcspn(name, ".");
		v = map_get(v, v_key(name, len));
	}
	return v;
}

static int truthy(const value *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case V_NULL: return 0;
	case V_BOOL: return v->b;
	case V_STR: return v->len > 0;
	case V_LIST: return v->n > 0;
	case V_NUM:
	case V_MAP: break;
	}
	return 1;
}

/* Adds the indentation when out is at the start of a template line. */
static void line_start(render *r)
{
	if (r->bol)
		buf_add(r->out, r->indent.ptr, r->indent.len);
	r->bol = 0;
}

/* Appends one line (or the end of one) of template text. */
static void emit_text(render *r, const char *s, size_t len)
{
	if (!len)
		return;
	if (s[0] != '\n' && !(s[0] == '\r' && len > 1 && s[1] == '\n'))
		line_start(r);
	buf_add(r->out, s, len);
	r->bol = s[len - 1] == '\n';
}

/* Appends number d: integers in full (fmt_double alone gives "4e+01" for
 * 40), others in their shortest form. */
static void emit_number(buf *out, double d)
{
	if (fabs(d) < 9007199254740992.0 && d == floor(d) && d != 0)
		fmt_fixed(out, d, 0);
	else
		fmt_double(out, d);
}

/* Appends an interpolated value, HTML-escaped when escape is set. */
static void emit_value(render *r, const value *v, int escape)
{
	const char *s;
	size_t len;

	if (!v)
		return;
	switch (v->kind) {
	case V_STR:
		s = v->str;
		len = v->len;
		break;
	case V_BOOL:
		s = v->b ? "true" : "false";
		len = strlen(s);
		break;
	case V_NUM:
		line_start(r);
		emit_number(r->out, v->num);
		return;
	case V_NULL:
	case V_LIST:
	case V_MAP:
	default:
		return;
	}
	if (!len)
		return;
	line_start(r);
	if (escape)
		html_escape_attr(r->out, s, len);
	else
		buf_add(r->out, s, len);
}

static const char *node_what(const node *nd)
{
	return nd->kind == T_PARENT ? "parent" :
	       nd->kind == T_PARTIAL ? "partial" : "section";
}

/*
 * Counts one more section item or partial against the budget of a render,
 * which keeps a recursion that branches (but stays under MAX_DEPTH) from
 * running for ever.  Returns 0, or -1 after reporting at nd, in t.
 */
static int step(render *r, const mustache *t, const node *nd)
{
	int line, col;

	if (r->out->len > MAX_OUTPUT) {
		if (r->steps <= MAX_STEPS) {	/* report once */
			text_position(t->src, nd->off, &line, &col);
			diag_error(t->file, line, col, "%s \"%s\" takes the output over %u MiB",
				   node_what(nd), nd->name, MAX_OUTPUT >> 20);
		}
		r->steps = MAX_STEPS + 1;
		return -1;
	}
	if (++r->steps <= MAX_STEPS)
		return 0;
	text_position(t->src, nd->off, &line, &col);
	diag_error(t->file, line, col,
		   "%s \"%s\" takes the render over %d section items and partials",
		   node_what(nd), nd->name, MAX_STEPS);
	return -1;
}

/* Renders a section's content with v pushed on the context stack. */
static int render_with(render *r, const mustache *t, const node *nd,
		       const frame *fr, const value *v)
{
	int rc;

	if (step(r, t, nd) < 0)
		return -1;
	push(r, v);
	rc = render_nodes(r, t, nd->kids, nd->nkids, fr);
	r->n--;
	return rc;
}

static int render_section(render *r, const mustache *t, const node *nd,
			  const frame *fr)
{
	const value *v = lookup(r, nd);
	size_t i;
	int rc = 0;

	if (nd->kind == T_INVERTED)
		return truthy(v) ? 0 : render_nodes(r, t, nd->kids, nd->nkids, fr);
	if (!truthy(v))
		return 0;
	if (v->kind != V_LIST)
		return render_with(r, t, nd, fr, v);
	for (i = 0; i < v->n && !rc; i++)
		rc = render_with(r, t, nd, fr, v->items[i]);
	return rc;
}

/*
 * Renders block nd: the content that the outermost parent being rendered
 * gives it (in that parent's own frame), else its default content.  Either
 * is indented by the block's indentation.
 */
static int render_block(render *r, const mustache *t, const node *nd,
			const frame *fr)
{
	const frame *owner = NULL, *f;
	const node *body = nd;
	size_t i, mark = r->indent.len;
	int rc;

	for (f = fr; f; f = f->prev) {
		for (i = 0; i < f->parent->nkids; i++) {
			if (!strcmp(f->parent->kids[i].name, nd->name)) {
				body = &f->parent->kids[i];
				owner = f;
				break;
			}
		}
	}
	buf_add(&r->indent, nd->ws, nd->wslen);
	if (nd->alone)
		r->bol = 1;
	if (owner)
		rc = render_nodes(r, owner->t, body->kids, body->nkids, owner->prev);
	else
		rc = render_nodes(r, t, nd->kids, nd->nkids, fr);
	buf_setlen(&r->indent, mark);
	return rc;
}

/*
 * Renders partial or parent nd, indented by the whitespace of its
 * standalone line.  A missing template renders as nothing; one that does
 * not compile (reported once), nests too deep or goes over the budget of
 * steps gives -1.
 */
static int render_partial(render *r, const mustache *t, const node *nd,
			  const frame *fr)
{
	frame f = { nd, t, fr };
	const mustache *p = NULL;
	size_t mark = r->indent.len;
	int rc = partial_get(r->env, nd->name, &p);

	if (rc <= 0)
		return rc;
	if (step(r, t, nd) < 0)
		return -1;
	if (r->depth == MAX_DEPTH) {
		int line, col;

		text_position(t->src, nd->off, &line, &col);
		diag_error(t->file, line, col, "%s \"%s\" nested deeper than %d levels",
			   node_what(nd), nd->name, MAX_DEPTH);
		return -1;
	}
	buf_add(&r->indent, nd->ws, nd->wslen);
	if (nd->alone)
		r->bol = 1;
	r->depth++;
	rc = render_nodes(r, p, p->root, p->nroot, nd->kind == T_PARENT ? &f : fr);
	r->depth--;
	buf_setlen(&r->indent, mark);
	return rc;
}

static int render_nodes(render *r, const mustache *t, const node *v,
			size_t n, const frame *fr)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		switch (v[i].kind) {
		case T_TEXT:
			emit_text(r, v[i].text, v[i].len);
			break;
		case T_VAR:
		case T_RAW:
			emit_value(r, lookup(r, &v[i]), v[i].kind == T_VAR);
			break;
		case T_SECTION:
		case T_INVERTED:
			rc = render_section(r, t, &v[i], fr);
			break;
		case T_BLOCK:
			rc = render_block(r, t, &v[i], fr);
			break;
		case T_PARTIAL:
		case T_PARENT:
			rc = render_partial(r, t, &v[i], fr);
			break;
		default:
			break;
		}
	}
	return rc;
}

/*
 * Renders t with data (may be NULL) as the root context, appending to out.
 * Returns 0, or -1 when a partial fails (reported); out then holds what
 * was rendered before.  Thread safety: t is only read, env->cache written.
 */
int mustache_render(const mustache *t, const value *data, mustache_env *env,
		    buf *out)
{
	render r = { .out = out, .env = env, .indent = BUF_INIT, .bol = 1 };
	int rc;

	if (data)
		push(&r, data);
	rc = render_nodes(&r, t, t->root, t->nroot, NULL);
	free(r.stack);
	buf_release(&r.indent);
	return rc < 0 ? -1 : 0;
}
