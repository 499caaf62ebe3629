/* test_mustache_spec.c: runs every test of the official Mustache spec (core
 * modules and ~inheritance) against mustache.c.  The YAML files are read
 * with libyaml from $MUSTACHE_SPEC_DIR, else ../shared/spec/mustache/.  The
 * spec is not part of the repository: when MUSTACHE_SPEC_DIR is unset and
 * ../shared is absent (a bare clone), the test prints that it is skipped and
 * passes; a MUSTACHE_SPEC_DIR that is set must hold the spec (CI sets it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <yaml.h>

#include "buf.h"
#include "mustache.h"
#include "util.h"
#include "value.h"

#define SPEC_DIR "../shared/spec/mustache/"
#define SPEC_MIN_TESTS 163

typedef struct tally {
	int run, passed;
} tally;

/* One spec file to run, and the totals it adds to. */
typedef struct spec_file {
	const char *name;
	tally *total;
} spec_file;

/* What the find callback needs: the test's `partials` mapping. */
typedef struct partials {
	yaml_document_t *doc;
	yaml_node_t *map;
} partials;

static const char *scalar(yaml_node_t *n, size_t *len)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		*len = 0;
		return "";
	}
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

/* Value for key in mapping node map, or NULL. */
static yaml_node_t *map_get(yaml_document_t *doc, yaml_node_t *map,
			    const char *key)
{
	yaml_node_pair_t *p;
	size_t len;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(yaml_document_get_node(doc, p->key), &len);
		if (len == strlen(key) && !memcmp(k, key, len))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

/* Whether s is a YAML core schema number: [-+]digits[.digits][e[-+]digits]. */
static int is_number(const char *s)
{
	size_t i = (*s == '-' || *s == '+'), digits = 0;

	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits && (s[i] == 'e' || s[i] == 'E')) {
		i += 1 + (s[i + 1] == '-' || s[i + 1] == '+');
		if (!(s[i] >= '0' && s[i] <= '9'))
			return 0;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return digits && !s[i];
}

/* A plain scalar typed by the YAML core schema; quoted ones are strings. */
static value *scalar_value(yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return v_strn(s, n->data.scalar.length);
	if (!strcmp(s, "true") || !strcmp(s, "false"))
		return v_bool(*s == 't');
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null"))
		return v_null();
	if (is_number(s))
		return v_num(strtod(s, NULL));
	return v_strn(s, n->data.scalar.length);
}

/* Converts the YAML node n to a value tree. */
static value *to_value(yaml_document_t *doc, yaml_node_t *n)
{
	value *v;

	if (!n)
		return v_null();
	if (n->type == YAML_SCALAR_NODE)
		return scalar_value(n);
	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *it;

		v = v_list();
		for (it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top; it++)
			v_push(v, to_value(doc, yaml_document_get_node(doc, *it)));
		return v;
	}
	v = v_map();
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		size_t len;
		const char *k = scalar(yaml_document_get_node(doc, p->key), &len);
		v_set(v, k, to_value(doc, yaml_document_get_node(doc, p->value)));
	}
	return v;
}

/* mustache_env.find over the test's partials; names them as files. */
static int find_partial(void *ctx, const char *name, const char **src,
			size_t *len, const char **file)
{
	partials *p = ctx;
	yaml_node_t *n = map_get(p->doc, p->map, name);

	if (!n || n->type != YAML_SCALAR_NODE)
		return -1;
	*src = scalar(n, len);
	*file = name;
	return 0;
}

/* Runs one spec test; prints what differs.  Returns whether it passed. */
static int spec_run_one(yaml_document_t *doc, yaml_node_t *test, const char *file)
{
	partials p = { doc, map_get(doc, test, "partials") };
	mustache_env env = { find_partial, &p, NULL };
	size_t nlen, tlen, elen;
	const char *name = scalar(map_get(doc, test, "name"), &nlen);
	const char *tmpl = scalar(map_get(doc, test, "template"), &tlen);
	const char *want = scalar(map_get(doc, test, "expected"), &elen);
	value *data = to_value(doc, map_get(doc, test, "data"));
	mustache *t = mustache_compile(name, tmpl, tlen);
	buf out = BUF_INIT;
	int ok = t && mustache_render(t, data, &env, &out) == 0 &&
		 out.len == elen && !memcmp(out.ptr, want, elen);

	if (!ok)
		printf("FAIL %s: %.*s\n--- template\n%.*s\n--- expected\n%.*s\n"
		       "--- got\n%.*s\n---\n", file, (int)nlen, name, (int)tlen,
		       tmpl, (int)elen, want, (int)out.len, out.ptr);
	buf_release(&out);
	mustache_free(t);
	mustache_env_release(&env);
	v_free(data);
	return ok;
}

/* Loads the YAML file at path into doc.  0, or -1 with a message. */
static int load_doc(const char *path, yaml_document_t *doc)
{
	buf text = BUF_INIT;
	yaml_parser_t parser;
	int rc = -1;

	if (read_file(path, &text) < 0) {
		printf("cannot read %s (set MUSTACHE_SPEC_DIR)\n", path);
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.ptr,
				     text.len);
	if (yaml_parser_load(&parser, doc) && yaml_document_get_root_node(doc))
		rc = 0;
	else
		printf("%s: YAML error: %s\n", path,
		       parser.problem ? parser.problem : "empty document");
	yaml_parser_delete(&parser);
	buf_release(&text);
	return rc;
}

/* Runs every test of one spec file; all must pass. */
static void test_spec_file(void **state)
{
	const spec_file *sf = *state;
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	yaml_document_t doc;
	yaml_node_t *tests;
	yaml_node_item_t *it;
	tally t = { 0, 0 };
	buf path = BUF_INIT;

	dir = dir && *dir ? dir : SPEC_DIR;
	buf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
		   sf->name);
	assert_int_equal(load_doc(path.ptr, &doc), 0);
	tests = map_get(&doc, yaml_document_get_root_node(&doc), "tests");
	assert_true(tests && tests->type == YAML_SEQUENCE_NODE);
	for (it = tests->data.sequence.items.start;
	     it < tests->data.sequence.items.top; it++) {
		t.run++;
		t.passed += spec_run_one(&doc, yaml_document_get_node(&doc, *it),
				     sf->name);
	}
	printf("mustache spec %s: %d/%d passed\n", sf->name, t.passed, t.run);
	sf->total->run += t.run;
	sf->total->passed += t.passed;
	yaml_document_delete(&doc);
	buf_release(&path);
	assert_int_equal(t.passed, t.run);
}

/* The whole spec ran: at least SPEC_MIN_TESTS tests, all passed. */
static void test_spec_total(void **state)
{
	const tally *total = *state;

	printf("mustache spec: %d/%d passed\n", total->passed, total->run);
	assert_true(total->run >= SPEC_MIN_TESTS);
	assert_int_equal(total->passed, total->run);
}

int main(void)
{
	const char *env = getenv("MUSTACHE_SPEC_DIR");
	tally total = { 0, 0 };
	spec_file files[] = {
		{ "comments.yml", &total },	{ "delimiters.yml", &total },
		{ "interpolation.yml", &total }, { "inverted.yml", &total },
		{ "partials.yml", &total },	{ "sections.yml", &total },
		{ "~inheritance.yml", &total },
	};
	const struct CMUnitTest tests[] = {
		{ "comments.yml", test_spec_file, NULL, NULL, &files[0] },
		{ "delimiters.yml", test_spec_file, NULL, NULL, &files[1] },
		{ "interpolation.yml", test_spec_file, NULL, NULL, &files[2] },
		{ "inverted.yml", test_spec_file, NULL, NULL, &files[3] },
		{ "partials.yml", test_spec_file, NULL, NULL, &files[4] },
		{ "sections.yml", test_spec_file, NULL, NULL, &files[5] },
		{ "~inheritance.yml", test_spec_file, NULL, NULL, &files[6] },
		cmocka_unit_test_prestate(test_spec_total, &total),
	};

	if ((!env || !*env) && access(SPEC_DIR "comments.yml", R_OK) != 0) {
		printf("mustache spec: SKIPPED (no " SPEC_DIR
		       " beside the repository; set MUSTACHE_SPEC_DIR to run it)\n");
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
