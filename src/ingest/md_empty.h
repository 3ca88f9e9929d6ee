/* md_empty.h: whether CommonMark text shows nothing once read as a reader sees it (internal). */
#ifndef GPDIGEST_MD_EMPTY_H
#define GPDIGEST_MD_EMPTY_H

/* Whether the CommonMark text md (NULL: none) is visibly empty as printed:
 * utf8.h's rule (gpd_utf8_visibly_empty) applied to the text after
 * CommonMark has decoded its character references, so "&#x200B;",
 * "&#8203;", "&shy;" or "&nbsp;" alone are as empty as the characters they
 * stand for written as themselves. A reference to a character that shows
 * (&#65;), one kept as written (escaped, in code, unknown) and any markup
 * that prints (a list, a rule, a heading) show. A NUL-terminated UTF-8
 * text; it is parsed only when nothing but invisible characters and
 * references is in it, so ordinary text costs a few bytes' look. Out of
 * memory, the text counts as showing. */
int gpd_md_visibly_empty(const char *md);

#endif
