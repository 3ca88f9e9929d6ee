/* structure.c: builds an edition's document tree (sections, levels, titles, unique anchors) once, for every back end. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/structure.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/edition.h"
#include "gpdigest/hash.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"

/* Titles of the sections the model adds around the corpus' own. */
#define T_PART1_HANDOUT "Examples by National Leaving Care Standards criterion"
#define T_STANDARD_UNSTATED "Standard not stated"
#define A_STANDARD_UNSTATED "standard-not-stated"
#define T_INTRO_HANDOUT "About this handout"
#define T_SUM_CRITERIA "Criteria of the National Leaving Care Standards"
#define T_SUM_OUTCOMES "Every Child Matters outcomes"
#define T_SUM_TARGETS "Target groups"

/* One anchor taken, and the suffix to try next for another node that
 * wants it (so a thousand authorities with the same slug stay linear). */
typedef struct taken {
	const char *anchor;
	unsigned next;
} taken;

/* A record's pointer and its anchor, sorted by pointer for lookups. */
typedef struct rec_anchor {
	const gpd_record *rec;
	const char *anchor;
} rec_anchor;

struct gpd_structure {
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	gpd_node *nodes;
	size_t n, cap;
	size_t open;             /* the node new nodes are added under */
	char **strings;          /* titles and anchors the model made */
	size_t nstrings, capstrings;
	taken *set;              /* open-addressing set of the anchors taken */
	size_t setcap, setn;
	rec_anchor *recs;        /* by pointer */
	size_t nrecs;
	const char **crit_anchor;   /* per coverage row (criterion, in order) */
	const char **group_anchor[4]; /* outcomes, authorities, regions, targets */
	const char *unstated_anchor;
	const char *intro_title;
	unsigned sections;       /* template conditions this edition meets */
	gpd_node sink;           /* absorbs writes to a node that could not be added */
	int failed;
};

#define HAS(s, what) (((s)->sections >> (what)) & 1u)

/* ---- strings and anchors ---- */

static char *keep(gpd_structure *s, char *str)
{
	if (str == NULL) {
		s->failed = 1;
		return NULL;
	}
	if (s->nstrings == s->capstrings) {
		size_t cap = s->capstrings ? 2 * s->capstrings : 64;
		char **p = realloc(s->strings, cap * sizeof(*p));
		if (p == NULL) {
			free(str);
			s->failed = 1;
			return NULL;
		}
		s->strings = p, s->capstrings = cap;
	}
	return s->strings[s->nstrings++] = str;
}

static size_t slot(const gpd_structure *s, const char *a)
{
	size_t i = (size_t)gpd_hash(GPD_HASH_INIT, a, strlen(a)) & (s->setcap - 1);

	while (s->set[i].anchor != NULL && strcmp(s->set[i].anchor, a) != 0)
		i = (i + 1) & (s->setcap - 1);
	return i;
}

static int grow_set(gpd_structure *s)
{
	taken *old = s->set;
	size_t oldcap = s->setcap;

	s->setcap = oldcap ? 2 * oldcap : 1024;
	s->set = calloc(s->setcap, sizeof(*s->set));
	if (s->set == NULL) {
		s->set = old, s->setcap = oldcap;
		return -1;
	}
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].anchor != NULL)
			s->set[slot(s, old[i].anchor)] = old[i];
	free(old);
	return 0;
}

/* Takes base as an anchor, or base-2, base-3 ... when it is taken: the
 * first claimant keeps the plain form. The result lives as long as s
 * (base itself when it is free: borrowed strings must outlive s). */
static const char *claim(gpd_structure *s, const char *base)
{
	const char *a = base;
	gpd_buf b = {0};
	size_t i, first;
	unsigned k;

	if (base == NULL || s->failed)
		return NULL;
	if (2 * (s->setn + 1) > s->setcap && grow_set(s) != 0) {
		s->failed = 1;
		return NULL;
	}
	first = slot(s, base);
	k = s->set[first].next ? s->set[first].next : 2;
	for (i = first; s->set[i].anchor != NULL; i = slot(s, a), k++) {
		b.len = 0;
		gpd_buf_printf(&b, "%s-%u", base, k);
		if (gpd_buf_failed(&b)) {
			gpd_buf_free(&b);
			s->failed = 1;
			return NULL;
		}
		a = b.data;
	}
	if (a != base) {
		s->set[first].next = k; /* the base's entry: it is taken */
		if ((a = keep(s, gpd_buf_take(&b))) == NULL)
			return NULL;
	}
	gpd_buf_free(&b);
	s->set[i] = (taken){a, 0};
	s->setn++;
	return a;
}

/* ---- nodes ---- */

/* Appends a node under the open one; returns its index (GPD_NODE_NONE
 * when out of memory). */
static size_t add(gpd_structure *s, gpd_node_kind kind, int level, const char *title,
	const char *anchor)
{
	gpd_node *n;

	if (s->failed)
		return GPD_NODE_NONE;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		gpd_node *p = realloc(s->nodes, cap * sizeof(*p));
		if (p == NULL) {
			s->failed = 1;
			return GPD_NODE_NONE;
		}
		s->nodes = p, s->cap = cap;
	}
	n = &s->nodes[s->n];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->level = level;
	n->title = title ? title : "";
	n->anchor = level > 0 ? claim(s, anchor) : NULL;
	n->formats = GPD_SHOW_MD | GPD_SHOW_PDF | GPD_SHOW_HTML;
	n->parent = s->open;
	n->end = s->n + 1;
	return s->n++;
}

/* The same for a node whose anchor was claimed already (claim_targets). */
static size_t add_at(gpd_structure *s, gpd_node_kind kind, int level, const char *title,
	const char *claimed)
{
	size_t k = add(s, kind, 0, title, NULL);

	if (k != GPD_NODE_NONE) {
		s->nodes[k].level = level;
		s->nodes[k].anchor = claimed;
	}
	return k;
}

/* Makes node i the one new nodes go under, until leave(). */
static void enter(gpd_structure *s, size_t i)
{
	if (i != GPD_NODE_NONE)
		s->open = i;
}

static void leave(gpd_structure *s)
{
	size_t i = s->open;

	if (s->failed || i == GPD_NODE_NONE)
		return;
	s->nodes[i].end = s->n;
	s->open = s->nodes[i].parent;
}

/* Node i, or the sink when it could not be added (out of memory: the
 * build fails at the end, so callers need not check each node). */
static gpd_node *at(gpd_structure *s, size_t i)
{
	return i == GPD_NODE_NONE ? &s->sink : &s->nodes[i];
}

/* ---- records ---- */

/* True when s shows nothing: the form left it blank (utf8.h's one rule). */
static int blank(const char *s)
{
	return gpd_utf8_visibly_empty(s);
}

static const char *record_title(const gpd_record *rec)
{
	return blank(rec->title) ? rec->id : rec->title;
}

/* True when the record answers the question of this step. */
static int answered(const gpd_record *rec, const gpd_form_step *st)
{
	switch (st->part) {
	case GPD_PART_CRITERIA: return rec->ncriteria > 0;
	case GPD_PART_GROUP: return rec->ticks[st->which] != 0;
	case GPD_PART_AGENCY: return !blank(rec->agency);
	case GPD_PART_TEXT: return !blank(rec->text[st->which]);
	case GPD_PART_EVIDENCE: return gpd_record_has_evidence(rec);
	case GPD_PART_CONTACT:
		for (int f = 0; f < GPD_CONTACT__COUNT; f++)
			if (!blank(rec->contact[f]))
				return 1;
		return 0;
	case GPD_PART_ATTACHMENTS:
		for (size_t i = 0; i < rec->nattachments; i++)
			if (!blank(rec->attachments[i].title) || !blank(rec->attachments[i].body))
				return 1;
		return 0;
	}
	return 0;
}

static const char *question(const gpd_form_step *st)
{
	switch (st->part) {
	case GPD_PART_CRITERIA: return GPD_Q_CRITERIA;
	case GPD_PART_GROUP: return gpd_form_group((gpd_group)st->which)->question;
	case GPD_PART_AGENCY: return GPD_Q_AGENCY;
	case GPD_PART_TEXT: return gpd_form_text((gpd_text_field)st->which)->question;
	case GPD_PART_EVIDENCE: return GPD_Q_EVIDENCE;
	case GPD_PART_CONTACT: return GPD_Q_CONTACT;
	case GPD_PART_ATTACHMENTS: return GPD_Q_ATTACHMENTS;
	}
	return "";
}

/* Attachments, one level below the record: anchors "ID--attachment-N"
 * (attachments have no id of their own; N is their place in the record).
 * Should a record's id be that very string, the record keeps it (records
 * claim first) and the attachment's anchor gets "-2". */
static void attachments(gpd_structure *s, const gpd_record *rec, const char *id, int level)
{
	for (size_t i = 0; i < rec->nattachments && !s->failed; i++) {
		const gpd_attachment *a = &rec->attachments[i];
		gpd_buf b = {0};
		char *base;
		size_t k;

		if (blank(a->title) && blank(a->body))
			continue;
		gpd_buf_printf(&b, "%s--attachment-%zu", id, i + 1);
		base = keep(s, gpd_buf_take(&b));
		k = add(s, GPD_NODE_ATTACHMENT, level, blank(a->title) ? "Attached document" :
			a->title, base);
		at(s, k)->rec = rec;
		at(s, k)->index = i;
	}
}

static const char *anchor_of_record(const gpd_structure *s, const gpd_record *rec);

/* A record in full: its heading, then each answered question in the form's order. */
static void record(gpd_structure *s, const gpd_record *rec, int level)
{
	size_t nsteps, r;
	const gpd_form_step *steps = gpd_form_steps(&nsteps);
	const char *anchor = anchor_of_record(s, rec);

	r = add_at(s, GPD_NODE_RECORD, level, record_title(rec), anchor);
	at(s, r)->rec = rec;
	at(s, r)->running = at(s, r)->title; /* its pages name it */
	at(s, r)->in_contents = s->c->nrecords <= GPD_CONTENTS_RECORDS_MAX;
	enter(s, r);
	for (size_t i = 0; i < nsteps && !s->failed; i++) {
		size_t f;

		if (!answered(rec, &steps[i]))
			continue;
		f = add(s, GPD_NODE_FIELD, 0, question(&steps[i]), NULL);
		at(s, f)->rec = rec;
		at(s, f)->step = &steps[i];
		if (steps[i].part == GPD_PART_ATTACHMENTS) {
			enter(s, f);
			attachments(s, rec, anchor ? anchor : rec->id, level + 1);
			leave(s);
		}
	}
	leave(s);
}

/* ---- the parts ---- */

static size_t part(gpd_structure *s, gpd_part_role role, const char *title,
	const char *anchor, const char *running)
{
	size_t p = role == GPD_ROLE_PART1 ? add_at(s, GPD_NODE_PART, 1, title, GPD_A_PART1) :
		add(s, GPD_NODE_PART, 1, title, anchor);

	at(s, p)->role = (int)role;
	at(s, p)->in_contents = 1;
	at(s, p)->running = running;
	return p;
}

static void criterion(gpd_structure *s, const gpd_criterion_section *cs, size_t row)
{
	size_t k = add_at(s, GPD_NODE_CRITERION, 3, keep(s, gpd_criterion_heading(cs)),
		s->crit_anchor[row]);

	at(s, k)->crit = cs;
	at(s, k)->running = at(s, k)->title;
	at(s, k)->in_contents = 1;
	enter(s, k);
	for (size_t e = 0; e < cs->n; e++)  /* references first: they point elsewhere */
		if (!cs->entries[e].in_full)
			at(s, add(s, GPD_NODE_REFERENCE, 0, record_title(cs->entries[e].rec),
				NULL))->rec = cs->entries[e].rec;
	for (size_t e = 0; e < cs->n && !s->failed; e++)
		if (cs->entries[e].in_full)
			record(s, cs->entries[e].rec, 4);
	leave(s);
}

/* Records whose form names no criterion sit where a criterion would: a
 * "Criterion not stated" section (level 3) in a "Standard not stated"
 * (level 2), so their records are at the level of every other record. */
static void unstated(gpd_structure *s)
{
	const gpd_corpus *c = s->c;
	size_t st, k;

	if (c->nunstated == 0)
		return;
	st = add(s, GPD_NODE_STANDARD, 2, T_STANDARD_UNSTATED, A_STANDARD_UNSTATED);
	at(s, st)->in_contents = 1;
	enter(s, st);
	k = add_at(s, GPD_NODE_CRITERION, 3, GPD_T_UNSTATED, s->unstated_anchor);
	at(s, k)->running = GPD_T_UNSTATED;
	at(s, k)->in_contents = 1;
	enter(s, k);
	for (size_t e = 0; e < c->nunstated && !s->failed; e++)
		record(s, c->unstated[e].rec, 4);
	leave(s);
	leave(s);
}

static void part1(gpd_structure *s)
{
	const gpd_corpus *c = s->c;
	int handout = s->ed->kind == GPD_EDITION_HANDOUT;
	size_t row = 0;

	enter(s, part(s, GPD_ROLE_PART1, handout ? T_PART1_HANDOUT : GPD_T_PART1,
		GPD_A_PART1, handout ? "Examples" : "Part 1"));
	for (size_t i = 0; i < c->nstandards && !s->failed; i++) {
		const gpd_standard_section *ss = &c->standards[i];
		size_t k = add(s, GPD_NODE_STANDARD, 2, keep(s, gpd_standard_heading(ss)),
			ss->anchor);

		at(s, k)->std = ss;
		at(s, k)->in_contents = 1;
		enter(s, k);
		for (size_t j = 0; j < ss->n && !s->failed; j++)
			criterion(s, &ss->criteria[j], row++);
		leave(s);
	}
	unstated(s);
	leave(s);
}

/* Headings of groups with records (Part 2, the indexes). */
static void groups(gpd_structure *s, const gpd_group_section *g, size_t n,
	const char **anchors, int in_contents)
{
	for (size_t i = 0; i < n && anchors != NULL && !s->failed; i++) {
		size_t k;

		if (g[i].n == 0)
			continue;
		k = add_at(s, GPD_NODE_GROUP, 2, g[i].label, anchors[i]);
		at(s, k)->group = &g[i];
		at(s, k)->in_contents = in_contents;
	}
}

static void table(gpd_structure *s, gpd_table_role role, const char *title,
	const char *anchor)
{
	at(s, add(s, GPD_NODE_TABLE, 2, title, anchor))->role = (int)role;
}

/* Part 2, the indexes and coverage, or a handout's summary: as sections() decided. */
static void back_matter(gpd_structure *s)
{
	const gpd_corpus *c = s->c;

	if (HAS(s, GPD_IF_SUMMARY)) {
		enter(s, part(s, GPD_ROLE_SUMMARY, GPD_T_SUMMARY, GPD_A_SUMMARY, GPD_T_SUMMARY));
		table(s, GPD_TABLE_SUMMARY_CRITERIA, T_SUM_CRITERIA, "summary-criteria");
		table(s, GPD_TABLE_SUMMARY_OUTCOMES, T_SUM_OUTCOMES, "summary-outcomes");
		table(s, GPD_TABLE_SUMMARY_TARGETS, T_SUM_TARGETS, "summary-targets");
		leave(s);
	}
	if (HAS(s, GPD_IF_PART2)) {
		enter(s, part(s, GPD_ROLE_PART2, GPD_T_PART2, GPD_A_PART2, "Part 2"));
		groups(s, c->outcomes, c->noutcomes, s->group_anchor[0], 1);
		leave(s);
	}
	if (HAS(s, GPD_IF_BY_AUTHORITY)) {
		enter(s, part(s, GPD_ROLE_BY_AUTHORITY, GPD_T_BY_AUTHORITY, GPD_A_BY_AUTHORITY,
			GPD_T_BY_AUTHORITY));
		groups(s, c->authorities, c->nauth_sections, s->group_anchor[1], 0);
		leave(s);
	}
	if (HAS(s, GPD_IF_BY_REGION)) {
		enter(s, part(s, GPD_ROLE_BY_REGION, GPD_T_BY_REGION, GPD_A_BY_REGION,
			GPD_T_BY_REGION));
		groups(s, c->regions, c->nregions, s->group_anchor[2], 0);
		leave(s);
	}
	if (HAS(s, GPD_IF_COVERAGE)) {
		enter(s, part(s, GPD_ROLE_COVERAGE, GPD_T_COVERAGE, GPD_A_COVERAGE, GPD_T_COVERAGE));
		table(s, GPD_TABLE_COVERAGE_CRITERIA, GPD_T_COV_CRITERIA, "coverage-by-criterion");
		if (HAS(s, GPD_IF_BY_REGION)) /* its rows link to the region index */
			table(s, GPD_TABLE_COVERAGE_REGIONS, GPD_T_COV_REGIONS, "coverage-by-region");
		leave(s);
	}
}

/* ---- anchors claimed before the tree is built ---- */

static int cmp_rec_anchor(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const rec_anchor *)a)->rec;
	uintptr_t y = (uintptr_t)((const rec_anchor *)b)->rec;

	return x < y ? -1 : x > y;
}

static const char *anchor_of_record(const gpd_structure *s, const gpd_record *rec)
{
	rec_anchor key = {rec, NULL};
	const rec_anchor *r = s->nrecs ? bsearch(&key, s->recs, s->nrecs, sizeof(key),
		cmp_rec_anchor) : NULL;

	return r ? r->anchor : NULL;
}

/* Records first (their ids are permanent addresses), then every section a
 * reference may point to, in document order, so links can be made before
 * the node they point to exists. */
static void claim_targets(gpd_structure *s)
{
	const gpd_corpus *c = s->c;
	const gpd_group_section *arrays[4] = {c->outcomes, c->authorities, c->regions, c->targets};
	size_t counts[4] = {c->noutcomes, c->nauth_sections, c->nregions, c->ntargets};
	int shown[4] = {HAS(s, GPD_IF_PART2), HAS(s, GPD_IF_BY_AUTHORITY),
		HAS(s, GPD_IF_BY_REGION), 0};
	size_t row = 0;

	s->recs = calloc(c->nrecords ? c->nrecords : 1, sizeof(*s->recs));
	s->crit_anchor = calloc(c->coverage_rows ? c->coverage_rows : 1, sizeof(char *));
	if (s->recs == NULL || s->crit_anchor == NULL) {
		s->failed = 1;
		return;
	}
	for (size_t i = 0; i < c->nrecords; i++)
		s->recs[s->nrecs++] = (rec_anchor){c->records[i], claim(s, c->records[i]->id)};
	qsort(s->recs, s->nrecs, sizeof(*s->recs), cmp_rec_anchor);
	for (const char *fixed[] = {GPD_A_CONTENTS, GPD_A_INTRODUCTION, GPD_A_PART1, NULL},
	     **f = fixed; *f; f++)
		claim(s, *f); /* the tree's front matter uses them as they are */
	for (size_t i = 0; i < c->nstandards; i++)
		for (size_t j = 0; j < c->standards[i].n; j++)
			s->crit_anchor[row++] = claim(s, c->standards[i].criteria[j].anchor);
	if (c->nunstated > 0)
		s->unstated_anchor = claim(s, GPD_A_UNSTATED);
	for (int k = 0; k < 4; k++) {
		s->group_anchor[k] = calloc(counts[k] ? counts[k] : 1, sizeof(char *));
		if (s->group_anchor[k] == NULL) {
			s->failed = 1;
			return;
		}
		for (size_t i = 0; i < counts[k]; i++)
			if (arrays[k][i].n > 0 && shown[k])
				s->group_anchor[k][i] = claim(s, arrays[k][i].anchor);
	}
}

/* ---- the introduction's title ---- */

/* The text of a heading node's inline content. */
static char *heading_text(cmark_node *h)
{
	gpd_buf b = {0};
	cmark_iter *it = cmark_iter_new(h);
	cmark_event_type ev;

	gpd_buf_puts(&b, "");
	while (it != NULL && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			gpd_buf_puts(&b, cmark_node_get_literal(n));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			gpd_buf_putc(&b, ' ');
	}
	cmark_iter_free(it);
	return gpd_buf_take(&b);
}

/* The introduction is titled by its template's opening heading (the
 * editor's words, on the page and in the contents alike), else by the
 * edition's kind. */
static void intro_title(gpd_structure *s)
{
	gpd_template_vars v = gpd_structure_vars(s);
	cmark_node *doc = gpd_template_expand(s->ed->introduction, &v);
	cmark_node *first = doc ? cmark_node_first_child(doc) : NULL;

	s->intro_title = s->ed->kind == GPD_EDITION_HANDOUT ? T_INTRO_HANDOUT : GPD_T_INTRODUCTION;
	if (doc == NULL)
		s->failed = 1;
	if (first != NULL && cmark_node_get_type(first) == CMARK_NODE_HEADING) {
		char *t = heading_text(first);

		if (t != NULL && !blank(t))
			s->intro_title = keep(s, t);
		else
			free(t);
	}
	gpd_md_free(doc);
}

/* ---- the whole ---- */

/* The sections the edition has, decided here once: the tree is built from
 * them, and the templates' {{if ...}} lines test them. An index with a
 * single heading (a handout's one authority, a digest's one region) would
 * only repeat the cover, so it is left out; a handout ends with its
 * summary instead of Part 2, the indexes and the coverage tables. */
static unsigned sections(const gpd_corpus *c, const gpd_edition_info *ed)
{
	gpd_edition_kind kind = ed->kind;
	unsigned m = 0;

	if (ed->selection != NULL && strcmp(ed->selection, GPD_SELECTION_ALL) != 0)
		m |= 1u << GPD_IF_SELECTION;

	m |= 1u << (kind == GPD_EDITION_HANDOUT ? GPD_IF_HANDOUT :
		kind == GPD_EDITION_DIGEST ? GPD_IF_DIGEST : GPD_IF_COMPENDIUM);
	if (c->nunstated > 0)
		m |= 1u << GPD_IF_UNSTATED;
	if (kind == GPD_EDITION_HANDOUT)
		return m | 1u << GPD_IF_SUMMARY;
	m |= 1u << GPD_IF_PART2 | 1u << GPD_IF_COVERAGE;
	if (c->nauth_sections > 1)
		m |= 1u << GPD_IF_BY_AUTHORITY;
	if (c->nregions > 1)
		m |= 1u << GPD_IF_BY_REGION;
	return m;
}

static void front_matter(gpd_structure *s)
{
	size_t k;

	add(s, GPD_NODE_COVER, 0, s->ed->title, NULL);
	/* contents, introduction and part-1 were claimed up front */
	k = add_at(s, GPD_NODE_CONTENTS, 1, GPD_T_CONTENTS, GPD_A_CONTENTS);
	at(s, k)->running = GPD_T_CONTENTS;
	if (s->ed->introduction == NULL)
		return;
	intro_title(s);
	k = add_at(s, GPD_NODE_INTRODUCTION, 1, s->intro_title, GPD_A_INTRODUCTION);
	at(s, k)->running = s->intro_title;
	at(s, k)->in_contents = 1;
}

gpd_structure *gpd_structure_build(const gpd_corpus *c, const gpd_edition_info *ed)
{
	gpd_structure *s = calloc(1, sizeof(*s));
	size_t root;

	if (s == NULL)
		return NULL;
	s->c = c;
	s->ed = ed;
	s->open = GPD_NODE_NONE;
	s->sections = sections(c, ed);
	claim_targets(s);
	root = add(s, GPD_NODE_DOCUMENT, 0, ed->title, NULL);
	enter(s, root);
	front_matter(s);
	part1(s);
	back_matter(s);
	leave(s);
	if (s->failed) {
		gpd_structure_free(s);
		return NULL;
	}
	return s;
}

void gpd_structure_free(gpd_structure *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nstrings; i++)
		free(s->strings[i]);
	free(s->strings);
	free(s->nodes);
	free(s->set);
	free(s->recs);
	free(s->crit_anchor);
	for (int k = 0; k < 4; k++)
		free(s->group_anchor[k]);
	free(s);
}

const gpd_node *gpd_structure_nodes(const gpd_structure *s, size_t *n)
{
	*n = s->n;
	return s->nodes;
}

size_t gpd_structure_next(const gpd_structure *s, size_t i)
{
	size_t p = s->nodes[i].parent;
	size_t next = s->nodes[i].end;

	if (p == GPD_NODE_NONE || next >= s->nodes[p].end)
		return GPD_NODE_NONE;
	return next;
}

size_t gpd_structure_child(const gpd_structure *s, size_t i)
{
	return i + 1 < s->nodes[i].end ? i + 1 : GPD_NODE_NONE;
}

const char *gpd_structure_record_anchor(const gpd_structure *s, const gpd_record *rec)
{
	return anchor_of_record(s, rec);
}

const char *gpd_structure_criterion_anchor(const gpd_structure *s, const gpd_criterion *k)
{
	const gpd_corpus *c = s->c;
	size_t row = 0;

	if (k == NULL)
		return s->unstated_anchor;
	for (size_t i = 0; i < c->nstandards; row += c->standards[i++].n) {
		const gpd_standard_section *ss = &c->standards[i];
		size_t lo = 0, hi = ss->n;

		if (ss->number != k->standard)
			continue;
		while (lo < hi) { /* a Standard may have many criteria */
			size_t mid = lo + (hi - lo) / 2;
			int d = gpd_criterion_cmp(&ss->criteria[mid].crit, k);

			if (d == 0)
				return s->crit_anchor[row + mid];
			if (d < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	return NULL;
}

const char *gpd_structure_group_anchor(const gpd_structure *s, const gpd_group_section *g)
{
	const gpd_corpus *c = s->c;
	const gpd_group_section *arrays[3] = {c->outcomes, c->authorities, c->regions};
	size_t counts[3] = {c->noutcomes, c->nauth_sections, c->nregions};

	for (int k = 0; k < 3; k++)
		if (counts[k] > 0 && g >= arrays[k] && g < arrays[k] + counts[k])
			return s->group_anchor[k][g - arrays[k]];
	return NULL;
}

const char *gpd_node_kind_name(gpd_node_kind kind)
{
	static const char *const names[GPD_NODE__COUNT] = {
		[GPD_NODE_DOCUMENT] = "document", [GPD_NODE_COVER] = "cover",
		[GPD_NODE_CONTENTS] = "contents", [GPD_NODE_INTRODUCTION] = "introduction",
		[GPD_NODE_PART] = "part", [GPD_NODE_STANDARD] = "standard",
		[GPD_NODE_CRITERION] = "criterion", [GPD_NODE_REFERENCE] = "reference",
		[GPD_NODE_RECORD] = "record", [GPD_NODE_FIELD] = "field",
		[GPD_NODE_ATTACHMENT] = "attachment", [GPD_NODE_GROUP] = "group",
		[GPD_NODE_TABLE] = "table",
	};
	_Static_assert(sizeof(names) / sizeof(names[0]) == GPD_NODE__COUNT, "a name per kind");

	return (unsigned)kind < GPD_NODE__COUNT ? names[kind] : "?";
}

gpd_template_vars gpd_structure_vars(const gpd_structure *s)
{
	gpd_template_vars v = gpd_edition_vars(s->ed, s->c);

	v.sections = s->sections;
	return v;
}

cmark_node *gpd_structure_expand(const gpd_structure *s, const gpd_template *t,
	int is_introduction)
{
	gpd_template_vars v = gpd_structure_vars(s);
	cmark_node *doc, *first;

	if (t == NULL || (doc = gpd_template_expand(t, &v)) == NULL)
		return NULL;
	first = cmark_node_first_child(doc);
	if (is_introduction && first != NULL && cmark_node_get_type(first) == CMARK_NODE_HEADING) {
		char *text = heading_text(first);

		if (text == NULL) { /* out of memory: not the heading printed twice */
			gpd_md_free(doc);
			return NULL;
		}
		/* the heading the introduction node is titled by: the renderers
		 * print the node's heading instead */
		if (strcmp(text, s->intro_title ? s->intro_title : "") == 0)
			gpd_md_free(first);
		free(text);
	}
	return doc;
}

/* A title on one line: control characters (a line break in a title) as spaces. */
static void put_line(FILE *out, const char *t)
{
	gpd_buf line = {0}, shown = {0};

	/* a break in a heading is a space; C1 and bidi controls a record's
	 * title may hold print as diagnostics print them (\u{202E}) */
	for (; t != NULL && *t; t++)
		gpd_buf_putc(&line, (unsigned char)*t < 0x20 || *t == 0x7F ? ' ' : *t);
	gpd_diag_put_visible(&shown, line.data);
	if (shown.data != NULL)
		fputs(shown.data, out);
	gpd_buf_free(&line);
	gpd_buf_free(&shown);
}

/* "md,pdf,html": the formats that show a node ("-" for none). */
static const char *format_list(unsigned formats, char buf[16])
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{GPD_SHOW_MD, "md"}, {GPD_SHOW_PDF, "pdf"}, {GPD_SHOW_HTML, "html"},
	};

	buf[0] = '\0';
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (formats & names[k].bit) {
			if (buf[0] != '\0')
				strcat(buf, ",");
			strcat(buf, names[k].name);
		}
	return buf[0] ? buf : "-";
}

int gpd_structure_dump(const gpd_structure *s, FILE *out)
{
	char fmts[16];

	size_t depth = 0;
	size_t *stack = calloc(s->n + 1, sizeof(*stack)); /* ends of the open nodes */

	if (stack == NULL)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const gpd_node *n = &s->nodes[i];

		while (depth > 0 && stack[depth - 1] <= i)
			depth--;
		fprintf(out, "%*s%s %d %s %s %s ", (int)(2 * depth), "", gpd_node_kind_name(n->kind),
			n->level, n->anchor ? n->anchor : "-", format_list(n->formats, fmts),
			n->in_contents ? "toc" : "-");
		put_line(out, n->title);
		fputc('\n', out);
		stack[depth++] = n->end;
	}
	free(stack);
	return ferror(out) ? -1 : 0;
}
