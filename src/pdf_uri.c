/* pdf_uri.c: which link targets may become clickable in a PDF.  Only web,
 * mail and telephone links are kept: javascript:,
 * vbscript:, data:, file: and any other scheme stay plain text. */
#include "pdf.h"

#include <string.h>
#include <strings.h>

int pdf_uri_safe(const char *uri)
{
	static const char *ok[] = { "http:", "https:", "mailto:", "tel:" };
	size_t i, n;

	if (!uri || !*uri)
		return 0;
	for (i = 0; uri[i]; i++)
		if ((unsigned char)uri[i] < 0x20 || uri[i] == 0x7F)
			return 0;
	n = strcspn(uri, ":/?#");
	if (uri[n] != ':')
		return 0;	/* relative: nothing to resolve it against */
	for (i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		if (strlen(ok[i]) == n + 1 && strncasecmp(uri, ok[i], n + 1) == 0)
			return 1;
	return 0;
}
