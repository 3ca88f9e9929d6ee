/* template.h: the editor's CommonMark texts (cover, introduction) with {{placeholders}}. */
#ifndef GPDIGEST_TEMPLATE_H
#define GPDIGEST_TEMPLATE_H

#include <stddef.h>

#include <cmark.h>

#include "gpdigest/diag.h"
#include "gpdigest/export.h"

/* The values a template may use, one field per placeholder name. */
typedef struct gpd_template_vars {
	const char *title;       /* {{title}}: the publication's title */
	const char *publisher;   /* {{publisher}} */
	const char *edition;     /* {{edition}}: this edition's name */
	const char *date;        /* {{date}}: the edition date, YYYY-MM-DD */
	const char *selection;   /* {{selection}}: the filter that made it */
	const char *authority;   /* {{authority}}: a handout's authority, or "" */
	const char *region;      /* {{region}}: a digest's region, or "" */
	size_t records;          /* {{records}} */
	size_t authorities;      /* {{authorities}} */
} gpd_template_vars;

typedef struct gpd_template gpd_template;

/* Loads a template, checking that every {{name}} is known: an unknown or
 * unclosed placeholder is an error naming path:line:col. NULL on error. */
GPD_EXPORT gpd_template *gpd_template_load(const char *path, gpd_diag *diag);
GPD_EXPORT gpd_template *gpd_template_parse(const char *name, const char *text,
	size_t len, gpd_diag *diag);
GPD_EXPORT void gpd_template_free(gpd_template *t);

/* The template parsed as CommonMark (raw HTML not trusted) with each
 * placeholder replaced by its value as literal text: values are never read
 * as markup. Caller frees with cmark_node_free; NULL when out of memory. */
GPD_EXPORT cmark_node *gpd_template_expand(const gpd_template *t,
	const gpd_template_vars *vars);

#endif
