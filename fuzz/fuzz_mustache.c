/* fuzz_mustache.c: libFuzzer entry for the Mustache engine: the input is a
 * template (and also its own partial "p") rendered over a small context. */
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "mustache.h"

static const uint8_t *cur;
static size_t cur_len;

static int find(void *ctx, const char *name, const char **src, size_t *len, const char **file)
{
	(void)ctx;
	if (strcmp(name, "p"))
		return -1;
	*src = (const char *)cur;
	*len = cur_len;
	*file = "p.mustache";
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	value *root = v_map(), *list;
	mustache_env env = { find, NULL, NULL };
	mustache *t;
	buf out = BUF_INIT;

	diag_quiet = 1;
	cur = data;
	cur_len = size;
	v_set(root, "a", v_str("<b>&\"'"));
	v_set(root, "n", v_num(1.5));
	v_set(root, "t", v_bool(1));
	list = v_set(root, "l", v_list());
	v_push(list, v_str("x"));
	v_set(v_push(list, v_map()), "a", v_num(2));
	t = mustache_compile("fuzz.mustache", (const char *)data, size);
	if (t) {
		if (out.len < (1u << 20))
			mustache_render(t, root, &env, &out);
		mustache_free(t);
	}
	mustache_env_release(&env);
	buf_release(&out);
	v_free(root);
	return 0;
}
