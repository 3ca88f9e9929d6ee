/* template.h: the editor's CommonMark texts (cover, introduction) with {{placeholders}}. */
#ifndef GPDIGEST_TEMPLATE_H
#define GPDIGEST_TEMPLATE_H

#include <stddef.h>

#include <cmark.h>

#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/utf8.h"

/* What an edition has, for a template's conditional lines: a line holding
 * only {{if NAME}} (or {{if not NAME}}) keeps the lines up to its {{else}}
 * or {{end}} line when the edition has NAME (lacks it), and drops them
 * otherwise. The names (gpd_template_conditions) are the edition kinds and
 * the anchors of the sections an edition may lack. */
typedef enum gpd_template_if {
	GPD_IF_COMPENDIUM,   /* "compendium" */
	GPD_IF_DIGEST,       /* "digest" */
	GPD_IF_HANDOUT,      /* "handout" */
	GPD_IF_PART2,        /* "part-2" */
	GPD_IF_BY_AUTHORITY, /* "index-by-authority" */
	GPD_IF_BY_REGION,    /* "index-by-region" */
	GPD_IF_COVERAGE,     /* "coverage" */
	GPD_IF_SUMMARY,      /* "summary" */
	GPD_IF_UNSTATED,     /* "criterion-not-stated" */
	GPD_IF_SELECTION,    /* "selection": a filter chose the records, not all */
	GPD_IF__COUNT
} gpd_template_if;

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
	unsigned sections;       /* bit 1u << gpd_template_if: the edition has it */
} gpd_template_vars;

typedef struct gpd_template gpd_template;

/* Loads a template, checking that every {{name}} is known: an unknown or
 * unclosed placeholder, or a conditional line that is not alone on its line
 * or not balanced, is an error naming path:line:col. NULL on error. */
GPD_EXPORT gpd_template *gpd_template_load(const char *path, gpd_diag *diag);
GPD_EXPORT gpd_template *gpd_template_parse(const char *name, const char *text,
	size_t len, gpd_diag *diag);
GPD_EXPORT void gpd_template_free(gpd_template *t);

/* The template parsed as CommonMark (raw HTML not trusted) with each
 * placeholder replaced by its value as literal text: values are never read
 * as markup. Caller frees with cmark_node_free; NULL when out of memory. */
GPD_EXPORT cmark_node *gpd_template_expand(const gpd_template *t,
	const gpd_template_vars *vars);

/* A handout's authority with right-to-left letters inside a sentence of
 * a template (not alone in its paragraph or heading, not in code) is a
 * bidi isolate, as a record's words in a line of ours are: expanded as a
 * CMARK_NODE_CUSTOM_INLINE whose on_enter and on_exit are U+2068 FIRST
 * STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, its text a child.
 * The PDF keeps the controls (the layout gives them to the bidi pass
 * alone), the HTML writes <bdi>, the Markdown the text as written. A
 * value that holds isolates of its own (an edition's title, round its
 * right-to-left authority: plan.c) has each made such a node too. */
#define GPD_TEMPLATE_FSI GPD_UTF8_FSI
#define GPD_TEMPLATE_PDI GPD_UTF8_PDI
/* Has every such isolate under root written as open ... close instead
 * ("<bdi>" and "</bdi>" for HTML, "" for Markdown); 0, -1 out of memory. */
GPD_EXPORT int gpd_template_isolates_as(cmark_node *root, const char *open,
	const char *close);

/* Names of the conditions, indexed by gpd_template_if, NULL-terminated. */
GPD_EXPORT const char *const *gpd_template_conditions(void);

#endif
