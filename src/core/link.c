/* link.c: which URLs and email addresses become live links; every back end and the lint ask here. */
#include "gpdigest/link.h"

#include <string.h>
#include <strings.h>

static const char *const schemes[] = {"http://", "https://", "mailto:"};

/* Spaces and controls end a URL in every reader's eyes but ours. */
static int plain_bytes(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7F)
			return 0;
	return 1;
}

int gpd_link_is_safe(const char *url)
{
	if (url == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			return plain_bytes(url);
	return 0;
}

int gpd_link_is_email(const char *s)
{
	const char *at, *dot;

	if (s == NULL || (at = strchr(s, '@')) == NULL || at == s ||
	    strchr(at + 1, '@') != NULL || !plain_bytes(s) ||
	    strpbrk(s, "<>()[]\\,;:\"") != NULL)
		return 0;
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}
