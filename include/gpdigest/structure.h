/* structure.h: the edition document model: the publication's sections, levels, titles and anchors, decided once for every back end. */
#ifndef GPDIGEST_STRUCTURE_H
#define GPDIGEST_STRUCTURE_H

#include <stddef.h>
#include <stdio.h>

#include <cmark.h>

#include "gpdigest/corpus.h"
#include "gpdigest/edition.h"
#include "gpdigest/export.h"
#include "gpdigest/template.h"

/* The sections every edition has, their anchors and titles, shared by the
 * renderers so the PDF and the Markdown read the same. Records use their
 * id as anchor; the corpus names its own sections ("criterion-2-11"). */
#define GPD_A_CONTENTS "contents"
#define GPD_A_INTRODUCTION "introduction"
#define GPD_A_PART1 "part-1"
#define GPD_A_UNSTATED "criterion-not-stated"
#define GPD_A_PART2 "part-2"
#define GPD_A_INDEXES "indexes"
#define GPD_A_BY_AUTHORITY "index-by-authority"
#define GPD_A_BY_REGION "index-by-region"
#define GPD_A_COVERAGE "coverage"
#define GPD_A_SUMMARY "summary"

#define GPD_T_CONTENTS "Contents"
#define GPD_T_INTRODUCTION "About this publication"
#define GPD_T_PART1 "Part 1: Examples by National Leaving Care Standards criterion"
#define GPD_T_UNSTATED "Criterion not stated"
#define GPD_T_PART2 "Part 2: Examples by Every Child Matters outcome"
#define GPD_T_INDEXES "Indexes"
#define GPD_T_BY_AUTHORITY "Index by authority"
#define GPD_T_BY_REGION "Index by region"
#define GPD_T_COVERAGE "Coverage summary"
#define GPD_T_COV_CRITERIA "Examples by criterion and outcome"
#define GPD_T_COV_REGIONS "Examples by region"
#define GPD_T_SUMMARY "Summary"

/* The placeholder values of an edition, for gpd_template_expand. */
GPD_EXPORT gpd_template_vars gpd_edition_vars(const gpd_edition_info *ed,
	const gpd_corpus *c);

/* Heading text of a criterion section: "Standard 2 · Criterion 2.4" with
 * the catalogue's title appended when there is one. Caller frees. */
GPD_EXPORT char *gpd_criterion_heading(const gpd_criterion_section *cs);
GPD_EXPORT char *gpd_standard_heading(const gpd_standard_section *s);

/*
 * The tree of one edition: cover, contents, introduction, the parts, the
 * Standards, criteria, records (with their answered questions in the
 * form's order and their attachments), the groups of Part 2 and the
 * indexes, the coverage and summary tables. Every heading of the
 * publication is a node here, with its level, title and anchor; the
 * Markdown headings, the PDF headings, the PDF outline and both contents
 * are walks of this tree, so the formats cannot disagree about them.
 *
 * Anchors are unique in the edition and derived from what a node is
 * (record ids, criterion numbers, slugs of labels), never from positions.
 * Record ids are claimed first, so a record keeps its id as its anchor
 * (its permanent address); a section whose anchor is already taken gets
 * "-2", "-3" ... in tree order.
 */

typedef enum gpd_node_kind {
	GPD_NODE_DOCUMENT,     /* the root */
	GPD_NODE_COVER,        /* the cover template (no heading of its own) */
	GPD_NODE_CONTENTS,
	GPD_NODE_INTRODUCTION, /* title from the template's first heading */
	GPD_NODE_PART,         /* role: gpd_part_role */
	GPD_NODE_STANDARD,     /* std: the corpus' Standard, NULL when not stated */
	GPD_NODE_CRITERION,    /* crit: the corpus' criterion, NULL when not stated */
	GPD_NODE_REFERENCE,    /* rec: a record printed in full elsewhere */
	GPD_NODE_RECORD,       /* rec: a record in full */
	GPD_NODE_FIELD,        /* rec, step: one answered question of the form */
	GPD_NODE_ATTACHMENT,   /* rec, index: one attached document */
	GPD_NODE_GROUP,        /* group: an outcome, authority or region and its records */
	GPD_NODE_TABLE,        /* role: gpd_table_role */
	GPD_NODE__COUNT
} gpd_node_kind;

typedef enum gpd_part_role {
	GPD_ROLE_PART1,
	GPD_ROLE_PART2,
	GPD_ROLE_BY_AUTHORITY,
	GPD_ROLE_BY_REGION,
	GPD_ROLE_COVERAGE,
	GPD_ROLE_SUMMARY
} gpd_part_role;

typedef enum gpd_table_role {
	GPD_TABLE_COVERAGE_CRITERIA, /* records per criterion x outcome */
	GPD_TABLE_COVERAGE_REGIONS,  /* records per region */
	GPD_TABLE_SUMMARY_CRITERIA,  /* a handout's criteria, with counts */
	GPD_TABLE_SUMMARY_OUTCOMES,
	GPD_TABLE_SUMMARY_TARGETS
} gpd_table_role;

/* The formats that show a node, as bits. */
enum {
	GPD_SHOW_MD = 1,
	GPD_SHOW_PDF = 2,
	GPD_SHOW_HTML = 4
};

#define GPD_NODE_NONE ((size_t)-1)

/* One node. Nodes are stored in document order (preorder); the node's
 * descendants are the nodes from index + 1 up to end (exclusive). */
typedef struct gpd_node {
	gpd_node_kind kind;
	int role;                /* part and table roles; 0 elsewhere */
	int level;               /* heading level 1..6; 0: no heading */
	int in_contents;         /* listed in the contents */
	unsigned formats;        /* the formats that show it: GPD_SHOW_* */
	const char *title;       /* the heading, contents and outline text */
	const char *anchor;      /* unique in the edition; NULL without a heading */
	const char *running;     /* the PDF running head from here on; NULL keeps it */
	const gpd_record *rec;
	const gpd_standard_section *std;
	const gpd_criterion_section *crit;
	const gpd_group_section *group;
	const gpd_form_step *step;
	size_t index;            /* an attachment's index in rec */
	size_t parent;           /* GPD_NODE_NONE for the root */
	size_t end;              /* one past the last descendant */
} gpd_node;

typedef struct gpd_structure gpd_structure;

/* Records beyond this many are left out of the contents (the outline, the
 * headings and the indexes still list them), so a national compendium's
 * contents stay a few pages long. */
#define GPD_CONTENTS_RECORDS_MAX 300

/* Builds the tree of an edition from its corpus. c and ed (and what they
 * point to) are borrowed and must outlive the structure. Returns NULL when
 * out of memory. Free with gpd_structure_free. */
GPD_EXPORT gpd_structure *gpd_structure_build(const gpd_corpus *c,
	const gpd_edition_info *ed);
GPD_EXPORT void gpd_structure_free(gpd_structure *s);

/* The nodes, in document order; node 0 is the root. Owned by s. */
GPD_EXPORT const gpd_node *gpd_structure_nodes(const gpd_structure *s, size_t *n);

/* The next sibling of node i (GPD_NODE_NONE after the last), and its first
 * child (GPD_NODE_NONE when it has none). */
GPD_EXPORT size_t gpd_structure_next(const gpd_structure *s, size_t i);
GPD_EXPORT size_t gpd_structure_child(const gpd_structure *s, size_t i);

/* Anchors of what references point to: the record's node in full, a
 * criterion's section, a group's heading. NULL when the edition has none. */
GPD_EXPORT const char *gpd_structure_record_anchor(const gpd_structure *s,
	const gpd_record *rec);
GPD_EXPORT const char *gpd_structure_criterion_anchor(const gpd_structure *s,
	const gpd_criterion *crit);
GPD_EXPORT const char *gpd_structure_group_anchor(const gpd_structure *s,
	const gpd_group_section *g);

/* The kind's name as the dump prints it ("criterion"). Static storage. */
GPD_EXPORT const char *gpd_node_kind_name(gpd_node_kind kind);

/* The template values of the edition, with the sections it has set for
 * the templates' {{if ...}} lines. */
GPD_EXPORT gpd_template_vars gpd_structure_vars(const gpd_structure *s);

/* The cover or introduction template expanded, without the heading the
 * introduction node took its title from. Caller frees with
 * cmark_node_free; NULL when t is NULL or out of memory. */
GPD_EXPORT cmark_node *gpd_structure_expand(const gpd_structure *s,
	const gpd_template *t, int is_introduction);

/* Prints the tree as indented text, one node a line (as cmark -t xml and
 * mandoc -T tree do): "kind level anchor formats contents title", formats
 * as "md,pdf,html".
 * 0, or -1 when writing failed. */
GPD_EXPORT int gpd_structure_dump(const gpd_structure *s, FILE *out);

#endif
