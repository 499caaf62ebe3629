/* test_mustache.c: what a template author sees from mustache.c beyond the
 * spec: syntax errors at their FILE:LINE:COL, the partial recursion limit,
 * partials compiled once, repeatable renders and our choices on truthiness
 * and escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

/* stderr redirected to a temporary file while a call runs. */
typedef struct capture {
	FILE *tmp;
	int saved;
} capture;

static void capture_start(capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->tmp), 2) >= 0);
}

/* Restores stderr; returns what was written to it (caller frees). */
static char *capture_end(capture *c)
{
	buf out = BUF_INIT;
	char chunk[512];
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->tmp);
	while ((n = fread(chunk, 1, sizeof chunk, c->tmp)) > 0)
		buf_add(&out, chunk, n);
	fclose(c->tmp);
	return buf_detach(&out);
}

/* Compiles src as "page.mustache", which must fail with exactly `want` on
 * stderr. */
static void check_error(const char *src, const char *want)
{
	capture c;
	mustache *t;
	char *got;

	diag_reset();
	capture_start(&c);
	t = mustache_compile("page.mustache", src, strlen(src));
	got = capture_end(&c);
	assert_null(t);
	assert_int_equal(diag_errors, 1);
	assert_string_equal(got, want);
	free(got);
}

static void test_unclosed_section(void **state)
{
	(void)state;
	check_error("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n</ul>\n",
		    "page.mustache:2:3: error: unclosed section \"items\"\n");
	check_error("{{#a}}{{#b}}{{/b}}",
		    "page.mustache:1:1: error: unclosed section \"a\"\n");
	check_error("x\n{{<base}}{{$title}}T{{/title}}",
		    "page.mustache:2:1: error: unclosed parent \"base\"\n");
}

static void test_mismatched_close(void **state)
{
	(void)state;
	check_error("{{#a}}\n  {{#b}}x{{/a}}{{/b}}",
		    "page.mustache:2:10: error: mismatched section close \"a\", "
		    "expected \"b\"\n");
	check_error("ok\n  {{/a}}",
		    "page.mustache:2:3: error: unexpected section close \"a\"\n");
}

static void test_unclosed_tag(void **state)
{
	(void)state;
	check_error("Bonjour {{nom}\n",
		    "page.mustache:1:9: error: unclosed tag, expected \"}}\"\n");
	/* Columns count characters, not bytes. */
	check_error("<p>Évaluée : {{{note}}</p>",
		    "page.mustache:1:14: error: unclosed tag, expected \"}}}\"\n");
	check_error("{{=<% %>=}}\n<%#a%>\n  <%x",
		    "page.mustache:3:3: error: unclosed tag, expected \"%>\"\n");
	check_error("a {{}} b", "page.mustache:1:3: error: empty tag\n");
	/* A tag left open swallows text up to the next closing delimiter. */
	check_error("<p>{{nom} et\n{{prenom}}</p>",
		    "page.mustache:1:4: error: unclosed tag, expected \"}}\"\n");
	check_error("{{#a}{{/a}}",
		    "page.mustache:1:1: error: unclosed tag, expected \"}}\"\n");
	check_error("{{nom complet}}",
		    "page.mustache:1:1: error: bad tag name \"nom complet\"\n");
}

static void test_bad_delimiters(void **state)
{
	(void)state;
	check_error("x\n {{=<%=}}",
		    "page.mustache:2:2: error: bad delimiter change\n");
	check_error("{{=<% %> [ =}}",
		    "page.mustache:1:1: error: bad delimiter change\n");
}

/* Templates as a NULL-terminated name, source, name... array, for
 * mustache_env.find, which counts its calls. */
typedef struct lib {
	const char *const *files;
	int calls;
} lib;

static int lib_find(void *ctx, const char *name, const char **src,
		    size_t *len, const char **file)
{
	lib *l = ctx;
	size_t i;

	l->calls++;
	for (i = 0; l->files[i]; i += 2) {
		if (!strcmp(l->files[i], name)) {
			*src = l->files[i + 1];
			*len = strlen(*src);
			*file = name;
			return 0;
		}
	}
	return -1;
}

static void test_recursion_limit(void **state)
{
	static const char *const files[] = { "loop", "x\n{{>loop}}", NULL };
	lib l = { files, 0 };
	mustache_env env = { lib_find, &l, NULL };
	mustache *t = mustache_compile("page.mustache", "{{>loop}}", 9);
	buf out = BUF_INIT;
	capture c;
	char *got;

	(void)state;
	diag_reset();
	capture_start(&c);
	assert_int_equal(mustache_render(t, NULL, &env, &out), -1);
	got = capture_end(&c);
	assert_string_equal(got, "loop:2:1: error: partial \"loop\" nested "
				 "deeper than 100 levels\n");
	assert_int_equal(l.calls, 1);
	free(got);
	buf_release(&out);
	mustache_free(t);
	mustache_env_release(&env);
	assert_null(env.cache);
}

/* Nested sections over a list multiply: 10^7 items would take a while,
 * so a render stops at a million section items and partials. */
static void test_step_limit(void **state)
{
	static const char src[] = "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}"
				  "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}";
	mustache *t = mustache_compile("page.mustache", src, sizeof src - 1);
	value *v = v_map(), *l = v_set(v, "l", v_list());
	buf out = BUF_INIT;
	capture c;
	char *got;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		v_push(l, v_num(i));
	capture_start(&c);
	assert_int_equal(mustache_render(t, v, NULL, &out), -1);
	got = capture_end(&c);
	assert_string_equal(got, "page.mustache:1:7: error: section \"l\" takes "
				 "the render over 1000000 section items and "
				 "partials\n");
	free(got);
	buf_release(&out);
	v_free(v);
	mustache_free(t);
}

/* A partial that does not compile fails every render, reported once. */
static void test_broken_partial(void **state)
{
	static const char *const files[] = { "bad", "{{#x}}", NULL };
	lib l = { files, 0 };
	mustache_env env = { lib_find, &l, NULL };
	mustache *t = mustache_compile("page", "a{{>bad}}b{{>none}}", 19);
	buf out = BUF_INIT;
	capture c;
	char *got;

	(void)state;
	diag_reset();
	capture_start(&c);
	assert_int_equal(mustache_render(t, NULL, &env, &out), -1);
	assert_int_equal(mustache_render(t, NULL, &env, &out), -1);
	got = capture_end(&c);
	assert_string_equal(got, "bad:1:1: error: unclosed section \"x\"\n");
	assert_int_equal(diag_errors, 1);
	free(got);
	buf_release(&out);
	mustache_free(t);
	mustache_env_release(&env);
}

/* The view of a small page, as a back-end would build it. */
static value *page_view(void)
{
	value *v = v_map(), *items = v_set(v, "fiches", v_list()), *f;

	v_set(v, "titre", v_str("Diagnostic <numérique>"));
	f = v_push(items, v_map());
	v_set(f, "nom", v_str("Données"));
	v_set(f, "score", v_num(72.5));
	f = v_push(items, v_map());
	v_set(f, "nom", v_str("Sécurité & RGPD"));
	v_set(f, "score", v_num(40));
	return v;
}

static void test_render_twice(void **state)
{
	static const char *const files[] = {
		"base", "<html>\n  <title>{{$title}}Autodiag{{/title}}</title>\n"
			"  <body>\n    {{$body}}\n    {{/body}}\n  </body>\n</html>\n",
		"fiche", "<li>{{nom}} : {{score}} %</li>\n",
		NULL
	};
	static const char src[] =
		"{{<base}}\n{{$title}}{{titre}}{{/title}}\n{{$body}}\n"
		"<ul>\n{{#fiches}}\n  {{>fiche}}\n{{/fiches}}\n</ul>\n"
		"{{/body}}\n{{/base}}\n";
	static const char want[] =
		"<html>\n  <title>Diagnostic &lt;numérique&gt;</title>\n"
		"  <body>\n    <ul>\n      <li>Données : 72.5 %</li>\n"
		"      <li>Sécurité &amp; RGPD : 40 %</li>\n    </ul>\n"
		"  </body>\n</html>\n";
	lib l = { files, 0 };
	mustache_env env = { lib_find, &l, NULL };
	mustache *t = mustache_compile("page", src, sizeof src - 1);
	value *view = page_view();
	buf a = BUF_INIT, b = BUF_INIT;

	(void)state;
	assert_non_null(t);
	assert_int_equal(mustache_render(t, view, &env, &a), 0);
	assert_int_equal(mustache_render(t, view, &env, &b), 0);
	assert_string_equal(a.ptr, want);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	assert_int_equal(l.calls, 2);	/* base and fiche, compiled once */
	buf_release(&a);
	buf_release(&b);
	v_free(view);
	mustache_free(t);
	mustache_env_release(&env);
}

/* Each tag's key is looked up once and kept: a name no value had at the
 * first render (so not kept) is found at the next, once a value has it,
 * and a kept key still finds its value in other data. */
static void test_key_kept(void **state)
{
	static const char src[] = "[{{zq_never_seen_key}}|{{#zq_list}}{{zq_item.zq_x}};{{/zq_list}}]";
	mustache *t = mustache_compile("page", src, sizeof src - 1);
	value *a = v_map(), *b = v_map(), *l, *it;
	buf out = BUF_INIT;

	(void)state;
	assert_non_null(t);
	assert_int_equal(mustache_render(t, a, NULL, &out), 0);
	assert_string_equal(out.ptr, "[|]");
	v_set(b, "zq_never_seen_key", v_str("now"));
	l = v_set(b, "zq_list", v_list());
	it = v_set(v_push(l, v_map()), "zq_item", v_map());
	v_set(it, "zq_x", v_num(1));
	it = v_set(v_push(l, v_map()), "zq_item", v_map());
	v_set(it, "zq_x", v_num(2));
	buf_reset(&out);
	assert_int_equal(mustache_render(t, b, NULL, &out), 0);
	assert_string_equal(out.ptr, "[now|1;2;]");
	v_set(a, "zq_never_seen_key", v_str("again"));
	buf_reset(&out);
	assert_int_equal(mustache_render(t, a, NULL, &out), 0);
	assert_string_equal(out.ptr, "[again|]");
	buf_release(&out);
	v_free(a);
	v_free(b);
	mustache_free(t);
}

/* What the spec leaves open: "" is falsey, 0 truthy, booleans print, '
 * is escaped, integers print whole; a render appends to out and works
 * without data or env. */
static void test_choices(void **state)
{
	static const char src[] = "{{#e}}E{{/e}}{{^e}}no e{{/e}}|"
				  "{{#z}}{{z}}{{/z}}|{{t}}|{{q}}|{{{q}}}|{{l}}|"
				  "{{#n}}{{.}} {{/n}}";
	value *v = v_map(), *n;
	mustache *t = mustache_compile("page", src, sizeof src - 1);
	buf out = BUF_INIT;

	(void)state;
	v_set(v, "e", v_str(""));
	v_set(v, "z", v_num(0));
	v_set(v, "t", v_bool(1));
	v_set(v, "q", v_str("l'\"a\""));
	v_push(v_set(v, "l", v_list()), v_num(1));
	n = v_set(v, "n", v_list());
	v_push(n, v_num(40));
	v_push(n, v_num(-100));
	v_push(n, v_num(1e6));
	v_push(n, v_num(0.25));
	v_push(n, v_num(-0.0));
	BUF_LIT(&out, ">");
	assert_int_equal(mustache_render(t, v, NULL, &out), 0);
	assert_string_equal(out.ptr, ">no e|0|true|l&#39;&quot;a&quot;|l'\"a\"||"
			    "40 -100 1000000 0.25 0 ");
	buf_reset(&out);
	assert_int_equal(mustache_render(t, NULL, NULL, &out), 0);
	assert_string_equal(out.ptr, "no e||||||");
	buf_release(&out);
	v_free(v);
	mustache_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unclosed_section),
		cmocka_unit_test(test_mismatched_close),
		cmocka_unit_test(test_unclosed_tag),
		cmocka_unit_test(test_bad_delimiters),
		cmocka_unit_test(test_recursion_limit),
		cmocka_unit_test(test_step_limit),
		cmocka_unit_test(test_broken_partial),
		cmocka_unit_test(test_render_twice),
		cmocka_unit_test(test_key_kept),
		cmocka_unit_test(test_choices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
