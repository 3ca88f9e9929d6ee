/* form.h: the paper form's option lists and question labels, defined once as data. */
#ifndef GPDIGEST_FORM_H
#define GPDIGEST_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/export.h"

/* The tick-box groups of the form, in the order the form asks them. */
typedef enum gpd_group {
	GPD_GROUP_OUTCOME,         /* Every Child Matters outcomes */
	GPD_GROUP_TARGET,          /* Target group(s) */
	GPD_GROUP_AGENCY_TYPE,     /* Type of agency/organisation */
	GPD_GROUP_REGION,          /* Region where work was developed */
	GPD_GROUP_EVIDENCE_BASIS,  /* Underlying evidence */
	GPD_GROUP_IMPACT_SOURCE,   /* Source of evidence of impact */
	GPD_GROUP_IMPACT_FINDING,  /* What this evidence suggests */
	GPD_GROUP_PROCESS_FINDING, /* Evidence about the process */
	GPD_GROUP_REPORT,          /* Feedback/evaluation report available */
	GPD_GROUP__COUNT
} gpd_group;

/* One tick box: a stable id (used in records and on the command line),
 * the label exactly as printed on the form, and whether the form asks
 * for a "please specify" text beside it. */
typedef struct gpd_option {
	const char *id;
	const char *label;
	int specify;
} gpd_option;

/* A tick-box group: its XML element, the question as printed, its options. */
typedef struct gpd_option_group {
	const char *element;   /* element name in the record */
	const char *question;  /* the form's wording */
	const char *heading;   /* a short label for indexes and tables */
	const gpd_option *options;
	size_t count;
	int single;            /* at most one box may be ticked */
} gpd_option_group;

/* The bit for option index i in a tick set; groups have at most
 * GPD_MAX_OPTIONS options (form.c asserts it of every list). */
#define GPD_TICK(i) ((uint64_t)1 << (i))
#define GPD_MAX_OPTIONS 64

/* The number of ECM outcomes on the form, for arrays sized by them (the
 * corpus's Part 2); form.c asserts that its list has exactly this many. */
#define GPD_OUTCOME_COUNT 5

/* The group's definition; never NULL for a valid group. Static storage. */
GPD_EXPORT const gpd_option_group *gpd_form_group(gpd_group group);

/* Index of the option whose id or printed label equals text (ASCII
 * case-insensitive), or -1. */
GPD_EXPORT int gpd_form_find(gpd_group group, const char *text);

/* Index of the option whose id equals id exactly, or -1. */
GPD_EXPORT int gpd_form_find_id(gpd_group group, const char *id);

/* The option's name for headings, titles and tables: its printed label
 * without the form's "(please specify ...)" ("National"); the label
 * itself for the others. NULL for a bad group or option. Static storage. */
GPD_EXPORT const char *gpd_form_option_name(gpd_group group, size_t option);

/* Free-text questions of the form, in form order. */
typedef enum gpd_text_field {
	GPD_TEXT_PURPOSE,
	GPD_TEXT_DESCRIPTION,
	GPD_TEXT_STRUCTURES,
	GPD_TEXT_TOOLS,
	GPD_TEXT_EVIDENCE_NOTES,
	GPD_TEXT__COUNT
} gpd_text_field;

typedef struct gpd_text_def {
	const char *element;   /* element name in the record */
	const char *question;  /* the form's wording */
	int required;          /* an empty value is an error */
} gpd_text_def;

/* The free-text question's definition. Static storage. */
GPD_EXPORT const gpd_text_def *gpd_form_text(gpd_text_field field);

/* Contact details, in the order the form prints them. */
typedef enum gpd_contact_field {
	GPD_CONTACT_NAME,
	GPD_CONTACT_ADDRESS,
	GPD_CONTACT_TEL,
	GPD_CONTACT_EMAIL,
	GPD_CONTACT_FAX,
	GPD_CONTACT_MOB,
	GPD_CONTACT__COUNT
} gpd_contact_field;

typedef struct gpd_contact_def {
	const char *element;
	const char *label;
} gpd_contact_def;

GPD_EXPORT const gpd_contact_def *gpd_form_contact(gpd_contact_field field);

/* The form's questions in the order the form asks them, as data, so every
 * renderer prints a record in the same order (mandoc's action tables are
 * the model): each renderer supplies one handler per part. */
typedef enum gpd_form_part {
	GPD_PART_CRITERIA,
	GPD_PART_GROUP,      /* which: a gpd_group */
	GPD_PART_AGENCY,
	GPD_PART_TEXT,       /* which: a gpd_text_field */
	GPD_PART_EVIDENCE,   /* the evidence question's heading */
	GPD_PART_CONTACT,
	GPD_PART_ATTACHMENTS
} gpd_form_part;

typedef struct gpd_form_step {
	gpd_form_part part;
	int which;
	int nested; /* under the evidence heading */
} gpd_form_step;

/* The steps, and their number. Static storage. */
GPD_EXPORT const gpd_form_step *gpd_form_steps(size_t *count);

/* The elements of a record, in the order the schema requires them (the
 * form's order, after the editorial fields): each with its parent, the
 * kind of value it holds, whether a record must have it, and the label
 * an editor knows it by. The schema is written from this table, and the
 * diagnostics name fields by it. */
typedef enum gpd_element_kind {
	GPD_ELEMENT_LINE,        /* one line of text */
	GPD_ELEMENT_DATE,        /* YYYY-MM-DD */
	GPD_ELEMENT_CRITERIA,    /* <criterion>S.C</criterion>... */
	GPD_ELEMENT_GROUP,       /* a tick-box group (its gpd_group: which) */
	GPD_ELEMENT_TEXT,        /* free text, CommonMark */
	GPD_ELEMENT_EVIDENCE,    /* the evidence question's parts */
	GPD_ELEMENT_CONTACT,     /* the contact details */
	GPD_ELEMENT_ATTACHMENTS  /* <attachment title="...">text</attachment>... */
} gpd_element_kind;

typedef struct gpd_form_element {
	const char *element;
	const char *parent;    /* "record", "evidence" or "contact" */
	gpd_element_kind kind;
	int which;             /* the gpd_group of a group, the gpd_text_field
	                        * of a text, the gpd_contact_field of a contact
	                        * detail */
	int required;          /* the schema requires it (it may be empty) */
	const char *label;     /* what the editor calls an editorial field,
	                        * or NULL: the question's own table has it
	                        * (gpd_form_element_label) */
} gpd_form_element;

/* The table, and its length. Static storage. */
GPD_EXPORT const gpd_form_element *gpd_form_elements(size_t *count);

/* What the form calls e: its question (or label), as printed. */
GPD_EXPORT const char *gpd_form_element_label(const gpd_form_element *e);

/* The element called name inside parent ("record", "evidence",
 * "contact"), or NULL. */
GPD_EXPORT const gpd_form_element *gpd_form_find_element(const char *parent, const char *name);

/* Wording of the form's other questions, for renderers and the importer. */
#define GPD_Q_FORM_TITLE "What Makes The Difference? Good practice example"
#define GPD_Q_CRITERIA "National Leaving Care Standards criteria"
#define GPD_Q_AGENCY \
	"Name(s) and region of agency/organisation in which this piece of work was developed"
#define GPD_Q_EVIDENCE "In what sense is this 'good practice'? The evidence"
#define GPD_Q_CONTACT \
	"Contact details for further information about this piece of work and the evidence of its impact"
#define GPD_Q_ATTACHMENTS "Attached documents"

#endif
