/* link.h: the one rule for which URLs and addresses in record text become live links. */
#ifndef GPDIGEST_LINK_H
#define GPDIGEST_LINK_H

#include "gpdigest/export.h"

/* True when url may be a live link in any output: an absolute http://,
 * https:// or mailto: URL (scheme case-insensitive) with no space, no
 * control character and no DEL in it. Everything else (javascript:, data:,
 * relative and fragment links, "<https://example.com/a b>") prints as its
 * text, in the Markdown and the PDF alike. NULL is not safe. */
GPD_EXPORT int gpd_link_is_safe(const char *url);

/* True when s is an email address: one '@' with text before it, a dot in
 * the domain with text on both sides, and nothing that needs quoting (no
 * space, control character, DEL or any of <>()[]\,;:"). The lint warns
 * about a contact email that is not one, and only one becomes a mailto:
 * link. */
GPD_EXPORT int gpd_link_is_email(const char *s);

#endif
