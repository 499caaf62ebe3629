/* yaml_out.c: double-quoted YAML scalars for the files autodiag writes. */
#include "yaml_out.h"

void yaml_quote(buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)c);
		} else if (c == '\n') {
			buf_adds(out, "\\n");
		} else if (c == '\t') {
			buf_adds(out, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			buf_printf(out, "\\x%02x", c);
		} else {
			buf_addc(out, (char)c);
		}
	}
	buf_addc(out, '"');
}
