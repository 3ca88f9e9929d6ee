/* lint.c: rules beyond the schema; each rule is one function and one row of the message table. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/lint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gpdigest/authority.h"
#include "gpdigest/link.h"
#include "render/md_bound.h"

typedef struct lint {
	gpd_record *rec;
	const gpd_catalogue *cat;
	gpd_diag *diag;
	size_t errors;
} lint;

static void say(lint *l, gpd_pos pos, gpd_msg code, const char *arg)
{
	gpd_pos p = pos.line ? pos : l->rec->pos[GPD_FIELD_RECORD];

	gpd_diag_report(l->diag, l->rec->path, p.line, p.col, code, arg);
	if (gpd_msg_level(code) >= GPD_LEVEL_ERROR)
		l->errors++;
	else
		l->rec->nwarnings++;
}

/* A criterion and where it stands in the record, for sorting. */
typedef struct crit_at {
	gpd_criterion c;
	size_t at;
} crit_at;

static int by_value_then_place(const void *a, const void *b)
{
	const crit_at *x = a, *y = b;
	int c = gpd_criterion_cmp(&x->c, &y->c);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Which criteria repeat an earlier one: sorted once, so a record listing
 * 300,000 criteria is O(n log n), not the O(n^2) pairwise scan that also
 * reported n^2/2 warnings (one per earlier copy) for one repeated number.
 * NULL when out of memory (the duplicate rule is then skipped). */
static unsigned char *repeats(const gpd_record *rec)
{
	crit_at *v = malloc(rec->ncriteria * sizeof(*v));
	unsigned char *dup = calloc(rec->ncriteria, 1);

	if (v == NULL || dup == NULL) {
		free(v);
		free(dup);
		return NULL;
	}
	for (size_t i = 0; i < rec->ncriteria; i++)
		v[i] = (crit_at){rec->criteria[i], i};
	qsort(v, rec->ncriteria, sizeof(*v), by_value_then_place);
	for (size_t i = 1; i < rec->ncriteria; i++)
		if (gpd_criterion_cmp(&v[i].c, &v[i - 1].c) == 0)
			dup[v[i].at] = 1;
	free(v);
	return dup;
}

static void check_criteria(lint *l)
{
	const gpd_record *rec = l->rec;
	unsigned char *dup;

	if (rec->ncriteria == 0) {
		say(l, rec->pos[GPD_FIELD_CRITERIA], GPD_W_NO_CRITERION, NULL);
		return;
	}
	dup = repeats(rec);
	for (size_t i = 0; i < rec->ncriteria; i++) {
		gpd_criterion_text num = gpd_criterion_str(rec->criteria[i]);

		if (l->cat != NULL && !gpd_catalogue_has(l->cat, rec->criteria[i]))
			say(l, rec->criteria[i].pos, GPD_W_UNKNOWN_CRITERION, num.s);
		if (dup != NULL && dup[i])
			say(l, rec->criteria[i].pos, GPD_W_DUP_CRITERION, num.s);
	}
	free(dup);
}

/* "Please specify": a ticked box needs its text, and a text needs its box. */
static void check_specify(lint *l)
{
	const gpd_record *rec = l->rec;

	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		for (size_t i = 0; i < grp->count; i++)
			if (grp->options[i].specify && (rec->ticks[g] & GPD_TICK(i)) &&
			    gpd_record_specified(rec, (gpd_group)g, (unsigned)i) == NULL)
				say(l, rec->group_pos[g], GPD_E_SPECIFY_MISSING,
					grp->options[i].label);
	}
	for (size_t i = 0; i < rec->nspecified; i++) {
		const gpd_specified *s = &rec->specified[i];

		if (!(rec->ticks[s->group] & GPD_TICK(s->option)))
			say(l, s->pos, GPD_W_SPECIFY_UNTICKED,
				gpd_form_group(s->group)->options[s->option].label);
	}
}

static void check_texts(lint *l)
{
	for (int t = 0; t < GPD_TEXT__COUNT; t++) {
		const gpd_text_def *def = gpd_form_text((gpd_text_field)t);

		if (def->required && l->rec->text[t] == NULL)
			say(l, l->rec->text_pos[t], GPD_E_EMPTY_TEXT, def->question);
	}
	if (l->rec->title == NULL)
		say(l, l->rec->pos[GPD_FIELD_TITLE], GPD_E_EMPTY_TEXT, "title");
	if (l->rec->authority == NULL)
		say(l, l->rec->pos[GPD_FIELD_AUTHORITY], GPD_E_EMPTY_TEXT, "authority");
	if (l->rec->agency == NULL)
		say(l, l->rec->pos[GPD_FIELD_AGENCY], GPD_E_EMPTY_TEXT, GPD_Q_AGENCY);
}

/* The id is the file name (and the anchor), so the two must agree. */
static void check_filename(lint *l)
{
	const char *path = l->rec->path, *base = strrchr(path, '/');
	size_t n, idlen = strlen(l->rec->id);

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
		n -= 4;
	if (n != idlen || strncmp(base, l->rec->id, n) != 0)
		say(l, l->rec->pos[GPD_FIELD_RECORD], GPD_E_ID_FILENAME, l->rec->id);
}

/* Record ids are anchors in the publications, beside the sections' own
 * anchors (render.h, corpus.c), and names of pages in the HTML editions,
 * beside their first page, index.html (html.h): an id must not take one
 * of theirs. */
static void check_reserved(lint *l)
{
	static const char *const names[] = {"contents", "introduction", "part-1", "part-2",
		"criterion-not-stated", "indexes", "index-by-authority", "index-by-region",
		"coverage", "summary", "index"};
	static const char *const prefixes[] = {"standard-", "criterion-", "outcome-",
		"authority-", "region-", "target-"};
	const char *id = l->rec->id;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(id, names[i]) == 0)
			goto reserved;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(id, prefixes[i], strlen(prefixes[i])) == 0)
			goto reserved;
	return;
reserved:
	say(l, l->rec->pos[GPD_FIELD_RECORD], GPD_E_RESERVED_ID, id);
}

/* Free text nested deeper than the renderers keep (md_bound.h) is printed
 * flat there; the editor hears it here, once per field. */
static void check_nesting_of(lint *l, const char *text, const char *element, gpd_pos pos)
{
	cmark_node *doc;

	if (text == NULL || (doc = cmark_parse_document(text, strlen(text),
	    CMARK_OPT_DEFAULT)) == NULL)
		return;
	if (gpd_md_too_deep(doc, GPD_MD_MAX_DEPTH))
		say(l, pos, GPD_W_DEEP_NESTING, element);
	cmark_node_free(doc);
}

static void check_nesting(lint *l)
{
	const gpd_record *rec = l->rec;

	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		check_nesting_of(l, rec->text[t], gpd_form_text((gpd_text_field)t)->element,
			rec->text_pos[t]);
	for (size_t i = 0; i < rec->nattachments; i++)
		check_nesting_of(l, rec->attachments[i].body, "attachment",
			rec->attachments[i].pos);
}

size_t gpd_lint_record(gpd_record *rec, const gpd_catalogue *cat, gpd_diag *diag)
{
	lint l = {rec, cat, diag, 0};
	const char *email = rec->contact[GPD_CONTACT_EMAIL];

	check_filename(&l);
	check_reserved(&l);
	check_criteria(&l);
	if (rec->ticks[GPD_GROUP_OUTCOME] == 0)
		say(&l, rec->group_pos[GPD_GROUP_OUTCOME], GPD_W_NO_OUTCOME, NULL);
	if (rec->ticks[GPD_GROUP_REGION] == 0)
		say(&l, rec->group_pos[GPD_GROUP_REGION], GPD_W_NO_REGION, NULL);
	check_specify(&l);
	check_texts(&l);
	if (email != NULL && !gpd_link_is_email(email))
		say(&l, rec->contact_pos[GPD_CONTACT_EMAIL], GPD_W_BAD_EMAIL, email);
	check_nesting(&l);
	return l.errors;
}

static int by_id(const void *a, const void *b)
{
	const gpd_record *const *x = a, *const *y = b;
	int c = strcmp((*x)->id, (*y)->id);

	return c ? c : strcmp((*x)->path, (*y)->path);
}

long gpd_lint_corpus(gpd_record *const *recs, size_t n, gpd_diag *diag)
{
	gpd_record **sorted;
	long errors = 0;

	if (n < 2)
		return 0;
	if (gpd_authority_unify(recs, n, diag) != 0)
		return -1;
	sorted = malloc(n * sizeof(*sorted));
	if (sorted == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	memcpy(sorted, recs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_id);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(sorted[i]->id, sorted[i - 1]->id) != 0)
			continue;
		gpd_diag_report(diag, sorted[i]->path, sorted[i]->pos[GPD_FIELD_RECORD].line,
			sorted[i]->pos[GPD_FIELD_RECORD].col, GPD_E_DUP_ID, sorted[i]->id);
		errors++;
	}
	free(sorted);
	return errors;
}
