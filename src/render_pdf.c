/* render_pdf.c: the PDF back end: walks the corpus and typesets it through the layout engine. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/link.h"
#include "gpdigest/render.h"
#include "pdf_text.h"

#ifndef GPD_VERSION
#define GPD_VERSION "0.0.0"
#endif

/* Visual levels: parts, Standards, criteria; a record's title stands out
 * at level 2 under its criterion's smaller heading. */
enum { H_PART = 1, H_STANDARD = 2, H_CRITERION = 3, H_RECORD = 2, H_FIELD = 4 };

/* Records beyond this many are left out of the contents (the outline and
 * the indexes still list them), so a national compendium's contents stay
 * a few pages long. */
#define CONTENTS_RECORDS_MAX 300

typedef struct pdf {
	gpd_layout *L;
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	gpd_diag *diag;
	const gpd_record *current; /* whose text is being typeset, for warnings */
	gpd_pos where;             /* and which of its fields */
	int rc;                    /* first layout status that was not OK */
} pdf;

static void check(pdf *p, int rc)
{
	if (p->rc == 0 && rc < 0)
		p->rc = rc;
}

/* The layout engine's warnings become diagnostics, attributed to the record
 * being typeset when there is one: by kind, never by their text. */
static void on_warning(void *ctx, gpd_layout_warn kind, const char *arg)
{
	pdf *p = ctx;
	const char *file = p->current ? p->current->path : NULL;
	char text[300];

	switch (kind) {
	case GPD_LAYOUT_W_MISSING_GLYPH:
		gpd_diag_report(p->diag, file, file ? p->where.line : 0,
			file ? p->where.col : 0, GPD_W_MISSING_GLYPH, arg);
		break;
	case GPD_LAYOUT_W_UNRESOLVED_ANCHOR:
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_W_UNRESOLVED_LINK, arg);
		break;
	default:
		gpd_diag_report(p->diag, file, 0, 0, GPD_W_PDF,
			gpd_layout_warn_text(kind, arg, text, sizeof text));
		break;
	}
}

static gpd_run text_run(const char *s, gpd_face face)
{
	return (gpd_run){s ? s : "", GPD_RUN_STRLEN, face, NULL, NULL, NULL};
}

static gpd_run link_run(const char *s, gpd_face face, const char *anchor)
{
	return (gpd_run){s ? s : "", GPD_RUN_STRLEN, face, NULL, anchor, NULL};
}

static gpd_run pageref_run(const char *anchor)
{
	return (gpd_run){"", 0, GPD_FACE_REGULAR, NULL, NULL, anchor};
}

static void heading(pdf *p, int level, const char *text, const char *anchor)
{
	gpd_run r = text_run(text, GPD_FACE_BOLD);

	check(p, gpd_layout_heading(p->L, level, &r, 1, anchor));
}

static void para(pdf *p, const gpd_run *runs, size_t n)
{
	check(p, gpd_layout_paragraph(p->L, runs, n));
}

static void plain(pdf *p, const char *text, gpd_face face)
{
	gpd_run r = text_run(text, face);

	para(p, &r, 1);
}

static gpd_outline_id outline(pdf *p, gpd_outline_id parent, const char *title)
{
	gpd_outline_id id = gpd_layout_outline(p->L, parent, title);

	if (id < 0) {
		check(p, id);
		return GPD_OUTLINE_ROOT;
	}
	return id;
}

static const char *title_of(const gpd_record *rec)
{
	return rec->title && *rec->title ? rec->title : rec->id;
}

/* ---- one record, reading like the form ---- */

/* A question of the form: kept with its answer, never alone at a page foot. */
static void label(pdf *p, const char *question)
{
	gpd_run r = text_run(question, GPD_FACE_BOLD);

	check(p, gpd_layout_label(p->L, &r, 1));
}

static void part_criteria(pdf *p, const gpd_record *rec)
{
	gpd_buf b = {0};

	if (rec->ncriteria == 0)
		return;
	label(p, GPD_Q_CRITERIA);
	for (size_t i = 0; i < rec->ncriteria; i++)
		gpd_buf_printf(&b, "%s%s", i ? ", " : "", gpd_criterion_str(rec->criteria[i]).s);
	plain(p, b.data, GPD_FACE_REGULAR);
	gpd_buf_free(&b);
}

/* A tick-box group: the question, then each ticked box with its printed
 * label and any "please specify" text. Unticked boxes are left out. */
static void part_group(pdf *p, const gpd_record *rec, gpd_group g)
{
	const gpd_option_group *grp = gpd_form_group(g);

	if (rec->ticks[g] == 0)
		return;
	label(p, grp->question);
	for (unsigned o = 0; o < grp->count; o++) {
		const char *spec = gpd_record_specified(rec, g, o);
		gpd_run r[3] = {text_run(grp->options[o].label, GPD_FACE_REGULAR),
			text_run(": ", GPD_FACE_REGULAR), text_run(spec, GPD_FACE_ITALIC)};

		if (rec->ticks[g] & GPD_TICK(o))
			check(p, gpd_layout_tick(p->L, GPD_TICK_BOX_CHECKED, r, spec ? 3 : 1));
	}
	check(p, gpd_layout_space(p->L, 5));
}

static void part_text(pdf *p, const gpd_record *rec, gpd_text_field t)
{
	if (rec->text[t] == NULL)
		return;
	label(p, gpd_form_text(t)->question);
	check(p, gpd_pdf_markdown(p->L, rec->text[t], H_FIELD - 1));
}

static void part_contact(pdf *p, const gpd_record *rec)
{
	int any = 0;

	for (int f = 0; f < GPD_CONTACT__COUNT; f++) {
		const char *v = rec->contact[f];
		gpd_buf url = {0};
		gpd_run r[2];

		if (v == NULL)
			continue;
		if (!any++)
			label(p, GPD_Q_CONTACT);
		r[0] = text_run(gpd_form_contact((gpd_contact_field)f)->label, GPD_FACE_ITALIC);
		r[1] = text_run(v, GPD_FACE_REGULAR);
		if (f == GPD_CONTACT_EMAIL && gpd_link_is_email(v)) {
			gpd_buf_printf(&url, "mailto:%s", v);
			r[1].link_uri = url.data;
		}
		{
			gpd_run line[3] = {r[0], text_run(": ", GPD_FACE_ITALIC), r[1]};
			para(p, line, 3);
		}
		gpd_buf_free(&url);
	}
}

static void part_attachments(pdf *p, const gpd_record *rec)
{
	for (size_t i = 0; i < rec->nattachments; i++) {
		const gpd_attachment *a = &rec->attachments[i];

		if (i == 0)
			label(p, GPD_Q_ATTACHMENTS);
		heading(p, H_CRITERION, a->title && *a->title ? a->title : "Attached document", NULL);
		if (a->body != NULL)
			check(p, gpd_pdf_markdown(p->L, a->body, H_CRITERION - 1));
	}
}

/* Where in the record file a step's text comes from, for warnings. */
static gpd_pos step_pos(const gpd_record *rec, const gpd_form_step *s)
{
	switch (s->part) {
	case GPD_PART_CRITERIA: return rec->pos[GPD_FIELD_CRITERIA];
	case GPD_PART_GROUP: return rec->group_pos[s->which];
	case GPD_PART_TEXT: return rec->text_pos[s->which];
	case GPD_PART_AGENCY: return rec->pos[GPD_FIELD_AGENCY];
	case GPD_PART_CONTACT: return rec->pos[GPD_FIELD_CONTACT];
	case GPD_PART_ATTACHMENTS:
		return rec->nattachments ? rec->attachments[0].pos : rec->pos[GPD_FIELD_RECORD];
	default: return rec->pos[GPD_FIELD_RECORD];
	}
}

static void record_step(pdf *p, const gpd_record *rec, const gpd_form_step *s)
{
	p->where = step_pos(rec, s);
	if (p->where.line == 0)
		p->where = rec->pos[GPD_FIELD_RECORD];
	switch (s->part) {
	case GPD_PART_CRITERIA: part_criteria(p, rec); break;
	case GPD_PART_GROUP: part_group(p, rec, (gpd_group)s->which); break;
	case GPD_PART_TEXT: part_text(p, rec, (gpd_text_field)s->which); break;
	case GPD_PART_CONTACT: part_contact(p, rec); break;
	case GPD_PART_ATTACHMENTS: part_attachments(p, rec); break;
	case GPD_PART_AGENCY:
		if (rec->agency) {
			label(p, GPD_Q_AGENCY);
			plain(p, rec->agency, GPD_FACE_REGULAR);
		}
		break;
	case GPD_PART_EVIDENCE:
		if (gpd_record_has_evidence(rec))
			heading(p, H_FIELD, GPD_Q_EVIDENCE, NULL);
		break;
	}
}

static void record_full(pdf *p, const gpd_record *rec, gpd_outline_id parent)
{
	size_t nsteps;
	const gpd_form_step *steps = gpd_form_steps(&nsteps);
	gpd_run meta[3] = {text_run(rec->authority, GPD_FACE_ITALIC),
		text_run(" \xC2\xB7 form received ", GPD_FACE_ITALIC),
		text_run(rec->received, GPD_FACE_ITALIC)};

	p->current = rec;
	p->where = rec->pos[GPD_FIELD_TITLE];
	outline(p, parent, title_of(rec));
	heading(p, H_RECORD, title_of(rec), rec->id);
	para(p, meta, rec->received ? 3 : 1);
	for (size_t i = 0; i < nsteps && p->rc == 0; i++)
		record_step(p, rec, &steps[i]);
	p->current = NULL;
}

/* "See Title (Authority), printed in full under Criterion 2.4, page N." */
static void cross_reference(pdf *p, const gpd_record *rec, const char *lead)
{
	const gpd_criterion *first = gpd_record_first_criterion(rec);
	char where[64];
	gpd_run r[7];

	if (first)
		snprintf(where, sizeof(where), ", Criterion %s, page ", gpd_criterion_str(*first).s);
	else
		snprintf(where, sizeof(where), ", criterion not stated, page ");
	r[0] = text_run(lead, GPD_FACE_REGULAR);
	r[1] = link_run(title_of(rec), GPD_FACE_ITALIC, rec->id);
	r[2] = text_run(" (", GPD_FACE_REGULAR);
	r[3] = text_run(rec->authority, GPD_FACE_REGULAR);
	r[4] = text_run(")", GPD_FACE_REGULAR);
	r[5] = text_run(where, GPD_FACE_REGULAR);
	r[6] = pageref_run(rec->id);
	para(p, r, 7);
}

/* ---- the publication ---- */

static void template_page(pdf *p, const gpd_template *t)
{
	gpd_template_vars v = gpd_edition_vars(p->ed, p->c);
	cmark_node *doc;

	if (t == NULL)
		return;
	doc = gpd_template_expand(t, &v);
	if (doc == NULL) {
		check(p, GPD_LAYOUT_ENOMEM);
		return;
	}
	check(p, gpd_pdf_blocks(p->L, doc, 0));
	cmark_node_free(doc);
}

static void cover(pdf *p)
{
	check(p, gpd_layout_set_furniture(p->L, 0));
	check(p, gpd_layout_space(p->L, 150));
	if (p->ed->cover != NULL) {
		template_page(p, p->ed->cover);
	} else {
		heading(p, H_PART, p->ed->publication, NULL);
		heading(p, H_STANDARD, p->ed->title, NULL);
	}
	check(p, gpd_layout_page_break(p->L));
	check(p, gpd_layout_set_furniture(p->L, 1));
}

static void toc(pdf *p, int level, const char *text, const char *anchor)
{
	gpd_run r = text_run(text, level == 1 ? GPD_FACE_BOLD : GPD_FACE_REGULAR);

	check(p, gpd_layout_toc_entry(p->L, level, &r, 1, anchor));
}

static void contents_part1(pdf *p)
{
	const gpd_corpus *c = p->c;
	int records = c->nrecords <= CONTENTS_RECORDS_MAX;

	toc(p, 1, GPD_T_PART1, GPD_A_PART1);
	for (size_t s = 0; s < c->nstandards; s++) {
		char *h = gpd_standard_heading(&c->standards[s]);
		toc(p, 2, h, c->standards[s].anchor);
		free(h);
		for (size_t i = 0; i < c->standards[s].n; i++) {
			const gpd_criterion_section *cs = &c->standards[s].criteria[i];
			char *ch = gpd_criterion_heading(cs);
			toc(p, 3, ch, cs->anchor);
			free(ch);
			for (size_t e = 0; records && e < cs->n; e++)
				if (cs->entries[e].in_full)
					toc(p, 4, title_of(cs->entries[e].rec), cs->entries[e].rec->id);
		}
	}
	if (c->nunstated > 0)
		toc(p, 2, GPD_T_UNSTATED, GPD_A_UNSTATED);
	for (size_t e = 0; records && e < c->nunstated; e++)
		toc(p, 4, title_of(c->unstated[e].rec), c->unstated[e].rec->id);
}

static void contents(pdf *p)
{
	check(p, gpd_layout_set_section(p->L, "Contents"));
	heading(p, H_PART, GPD_T_CONTENTS, GPD_A_CONTENTS);
	toc(p, 1, GPD_T_INTRODUCTION, GPD_A_INTRODUCTION);
	contents_part1(p);
	if (p->ed->kind == GPD_EDITION_HANDOUT) {
		toc(p, 1, GPD_T_SUMMARY, GPD_A_SUMMARY);
		return;
	}
	toc(p, 1, GPD_T_PART2, GPD_A_PART2);
	for (size_t i = 0; i < p->c->noutcomes; i++)
		if (p->c->outcomes[i].n > 0)
			toc(p, 2, p->c->outcomes[i].label, p->c->outcomes[i].anchor);
	if (p->c->nauth_sections > 1)
		toc(p, 1, GPD_T_BY_AUTHORITY, GPD_A_BY_AUTHORITY);
	if (p->c->nregions > 1)
		toc(p, 1, GPD_T_BY_REGION, GPD_A_BY_REGION);
	toc(p, 1, GPD_T_COVERAGE, GPD_A_COVERAGE);
}

static void introduction(pdf *p)
{
	check(p, gpd_layout_page_break(p->L));
	check(p, gpd_layout_anchor(p->L, GPD_A_INTRODUCTION));
	outline(p, GPD_OUTLINE_ROOT, GPD_T_INTRODUCTION);
	template_page(p, p->ed->introduction);
}

/* A criterion starts a new page (unless it is its Standard's first, which
 * shares the Standard's heading), and so does each record in full. */
static void criterion(pdf *p, const gpd_criterion_section *cs, gpd_outline_id parent,
	int first)
{
	char *h = gpd_criterion_heading(cs);
	gpd_outline_id o;
	int placed = 0;

	if (!first)
		check(p, gpd_layout_page_break(p->L));
	check(p, gpd_layout_set_section(p->L, h));
	o = outline(p, parent, h);
	heading(p, H_CRITERION, h, cs->anchor);
	free(h);
	for (size_t e = 0; e < cs->n && p->rc == 0; e++) {
		if (!cs->entries[e].in_full)
			continue;
		if (placed++)
			check(p, gpd_layout_page_break(p->L));
		record_full(p, cs->entries[e].rec, o);
	}
	for (size_t e = 0; e < cs->n; e++)
		if (!cs->entries[e].in_full)
			cross_reference(p, cs->entries[e].rec, "Also relevant to this criterion: ");
}

static void part1(pdf *p)
{
	const gpd_corpus *c = p->c;
	const char *title = GPD_T_PART1;
	gpd_outline_id part;

	check(p, gpd_layout_page_break(p->L));
	check(p, gpd_layout_set_section(p->L, "Part 1"));
	part = outline(p, GPD_OUTLINE_ROOT, title);
	heading(p, H_PART, title, GPD_A_PART1);
	for (size_t s = 0; s < c->nstandards && p->rc == 0; s++) {
		char *h = gpd_standard_heading(&c->standards[s]);
		gpd_outline_id o;

		if (s > 0)
			check(p, gpd_layout_page_break(p->L));
		o = outline(p, part, h);
		heading(p, H_STANDARD, h, c->standards[s].anchor);
		free(h);
		for (size_t i = 0; i < c->standards[s].n && p->rc == 0; i++)
			criterion(p, &c->standards[s].criteria[i], o, i == 0);
	}
	if (c->nunstated > 0) {
		gpd_outline_id o;
		if (c->nstandards > 0)
			check(p, gpd_layout_page_break(p->L));
		check(p, gpd_layout_set_section(p->L, GPD_T_UNSTATED));
		o = outline(p, part, GPD_T_UNSTATED);
		heading(p, H_STANDARD, GPD_T_UNSTATED, GPD_A_UNSTATED);
		for (size_t e = 0; e < c->nunstated && p->rc == 0; e++) {
			if (e > 0)
				check(p, gpd_layout_page_break(p->L));
			record_full(p, c->unstated[e].rec, o);
		}
	}
}

/* ---- Part 2, indexes, coverage, summary ---- */

static void reference_item(pdf *p, const gpd_record *rec)
{
	check(p, gpd_layout_item_begin(p->L));
	cross_reference(p, rec, "");
	check(p, gpd_layout_item_end(p->L));
}

static void reference_list(pdf *p, const gpd_record *const *recs, size_t n)
{
	if (n == 0) {
		plain(p, "No example in this edition.", GPD_FACE_ITALIC);
		return;
	}
	check(p, gpd_layout_list_begin(p->L, 0, 1));
	for (size_t i = 0; i < n && p->rc == 0; i++)
		reference_item(p, recs[i]);
	check(p, gpd_layout_list_end(p->L));
}

/* One heading per section with records; sections with none are named
 * together in one sentence instead of as empty headings. */
static void group_sections(pdf *p, const gpd_group_section *g, size_t n,
	gpd_outline_id parent, int level)
{
	gpd_buf empty = {0};

	for (size_t i = 0; i < n; i++)
		if (g[i].n == 0)
			gpd_buf_printf(&empty, "%s%s", empty.len ? "; " : "", g[i].label);
	if (empty.len > 0) {
		gpd_run r[3] = {text_run("No example in this edition is recorded as contributing to: ",
			GPD_FACE_REGULAR), text_run(empty.data, GPD_FACE_ITALIC), text_run(".", GPD_FACE_REGULAR)};
		para(p, r, 3);
	}
	gpd_buf_free(&empty);
	for (size_t i = 0; i < n && p->rc == 0; i++) {
		if (g[i].n == 0)
			continue;
		outline(p, parent, g[i].label);
		heading(p, level, g[i].label, g[i].anchor);
		reference_list(p, g[i].recs, g[i].n);
	}
}

static gpd_outline_id part_start(pdf *p, const char *title, const char *section,
	const char *anchor)
{
	gpd_outline_id o;

	check(p, gpd_layout_page_break(p->L));
	check(p, gpd_layout_set_section(p->L, section));
	o = outline(p, GPD_OUTLINE_ROOT, title);
	heading(p, H_PART, title, anchor);
	return o;
}

static void part2(pdf *p)
{
	const char *title = GPD_T_PART2;
	gpd_outline_id o = part_start(p, title, "Part 2", GPD_A_PART2);

	plain(p, "Each example is listed under every outcome its form ticks, with the "
		"page where it is printed in full.", GPD_FACE_REGULAR);
	group_sections(p, p->c->outcomes, p->c->noutcomes, o, H_STANDARD);
}

/* An index with a single heading (a digest's one region) says nothing the
 * cover does not, so it is left out, as in the Markdown. */
static void indexes(pdf *p)
{
	gpd_outline_id o;

	if (p->c->nauth_sections > 1) {
		o = part_start(p, GPD_T_BY_AUTHORITY, GPD_T_INDEXES, GPD_A_BY_AUTHORITY);
		group_sections(p, p->c->authorities, p->c->nauth_sections, o, H_CRITERION);
	}
	if (p->c->nregions > 1) {
		o = part_start(p, GPD_T_BY_REGION, GPD_T_INDEXES, GPD_A_BY_REGION);
		group_sections(p, p->c->regions, p->c->nregions, o, H_CRITERION);
	}
}

/* The coverage table: records per criterion (rows) and ECM outcome. */
static void coverage_table(pdf *p)
{
	const gpd_corpus *c = p->c;
	size_t cols = c->coverage_cols + 1, rows = c->coverage_rows + 1;
	const gpd_option_group *g = gpd_form_group(GPD_GROUP_OUTCOME);
	gpd_cell *cells = calloc(rows * cols, sizeof(*cells));
	gpd_run *runs = calloc(rows * cols, sizeof(*runs));
	char (*nums)[16] = calloc(rows * cols, sizeof(*nums));
	float *frac = calloc(cols, sizeof(*frac));

	if (!cells || !runs || !nums || !frac) {
		check(p, GPD_LAYOUT_ENOMEM);
		goto out;
	}
	for (size_t j = 0; j < cols; j++) {
		const char *h = j == 0 ? "Criterion" : j < cols - 1 ? g->options[j - 1].label : "Outcome not stated";
		runs[j] = text_run(h, GPD_FACE_BOLD);
		/* narrow criterion numbers leave the outcome columns room for
		 * their longest word ("contribution") unbroken */
		frac[j] = j == 0 ? 0.8f : 1.0f;
	}
	for (size_t r = 1; r < rows; r++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r - 1);
		if (cs)
			gpd_criterion_format(cs->crit, nums[r * cols], 16);
		runs[r * cols] = text_run(cs ? nums[r * cols] : "Not stated", GPD_FACE_REGULAR);
		for (size_t j = 1; j < cols; j++) {
			snprintf(nums[r * cols + j], 16, "%u", c->coverage[(r - 1) * c->coverage_cols + j - 1]);
			runs[r * cols + j] = text_run(nums[r * cols + j], GPD_FACE_REGULAR);
		}
	}
	for (size_t i = 0; i < rows * cols; i++)
		cells[i] = (gpd_cell){&runs[i], 1};
	{
		gpd_table t = {cols, rows, frac, cells, 1};
		check(p, gpd_layout_table(p->L, &t));
	}
out:
	free(cells);
	free(runs);
	free(nums);
	free(frac);
}

static void region_table(pdf *p)
{
	const gpd_corpus *c = p->c;
	size_t rows = c->nregions + 1;
	gpd_cell *cells = calloc(rows * 2, sizeof(*cells));
	gpd_run *runs = calloc(rows * 2, sizeof(*runs));
	char (*nums)[16] = calloc(rows, sizeof(*nums));
	const float frac[2] = {3.0f, 1.0f};

	if (!cells || !runs || !nums) {
		check(p, GPD_LAYOUT_ENOMEM);
	} else {
		runs[0] = text_run("Region", GPD_FACE_BOLD);
		runs[1] = text_run("Examples", GPD_FACE_BOLD);
		for (size_t r = 1; r < rows; r++) {
			snprintf(nums[r], 16, "%zu", c->regions[r - 1].n);
			runs[r * 2] = text_run(c->regions[r - 1].label, GPD_FACE_REGULAR);
			runs[r * 2 + 1] = text_run(nums[r], GPD_FACE_REGULAR);
		}
		for (size_t i = 0; i < rows * 2; i++)
			cells[i] = (gpd_cell){&runs[i], 1};
		gpd_table t = {2, rows, frac, cells, 1};
		check(p, gpd_layout_table(p->L, &t));
	}
	free(cells);
	free(runs);
	free(nums);
}

static void coverage(pdf *p)
{
	gpd_outline_id o = part_start(p, GPD_T_COVERAGE, GPD_T_COVERAGE, GPD_A_COVERAGE);

	outline(p, o, GPD_T_COV_CRITERIA);
	heading(p, H_CRITERION, GPD_T_COV_CRITERIA, NULL);
	coverage_table(p);
	if (p->c->nregions > 1) {
		outline(p, o, GPD_T_COV_REGIONS);
		heading(p, H_CRITERION, GPD_T_COV_REGIONS, NULL);
		region_table(p);
	}
}

/* A handout's last page: what the authority's examples cover. */
static void handout_summary(pdf *p)
{
	const gpd_corpus *c = p->c;
	gpd_outline_id o = part_start(p, GPD_T_SUMMARY, GPD_T_SUMMARY, GPD_A_SUMMARY);

	(void)o;
	heading(p, H_CRITERION, "Criteria of the National Leaving Care Standards", NULL);
	check(p, gpd_layout_list_begin(p->L, 0, 1));
	for (size_t s = 0; s < c->nstandards; s++)
		for (size_t i = 0; i < c->standards[s].n; i++) {
			char *h = gpd_criterion_heading(&c->standards[s].criteria[i]);
			char count[32];
			gpd_run r[3] = {link_run(h, GPD_FACE_REGULAR, c->standards[s].criteria[i].anchor),
				text_run(count, GPD_FACE_REGULAR)};
			snprintf(count, sizeof(count), " (%zu)", c->standards[s].criteria[i].n);
			check(p, gpd_layout_item_begin(p->L));
			para(p, r, 2);
			check(p, gpd_layout_item_end(p->L));
			free(h);
		}
	if (c->nunstated) {
		check(p, gpd_layout_item_begin(p->L));
		plain(p, GPD_T_UNSTATED, GPD_FACE_REGULAR);
		check(p, gpd_layout_item_end(p->L));
	}
	check(p, gpd_layout_list_end(p->L));
	for (int k = 0; k < 2; k++) {
		const gpd_group_section *g = k == 0 ? c->outcomes : c->targets;
		size_t n = k == 0 ? c->noutcomes : c->ntargets;
		heading(p, H_CRITERION, k == 0 ? "Every Child Matters outcomes" : "Target groups", NULL);
		for (size_t i = 0; i < n; i++) {
			char count[32];
			gpd_run r[2] = {text_run(g[i].label, GPD_FACE_REGULAR), text_run(count, GPD_FACE_REGULAR)};
			if (g[i].n == 0)
				continue;
			snprintf(count, sizeof(count), " (%zu)", g[i].n);
			check(p, gpd_layout_tick(p->L, g[i].option >= 0 ? GPD_TICK_BOX_CHECKED :
				GPD_TICK_BOX_EMPTY, r, 2));
		}
	}
}

static void document(pdf *p)
{
	gpd_buf running = {0};

	gpd_buf_printf(&running, "%s \xC2\xB7 %s", p->ed->publication ? p->ed->publication : "",
		p->ed->title ? p->ed->title : "");
	check(p, gpd_layout_set_running_title(p->L, running.data ? running.data : ""));
	gpd_buf_free(&running);
	cover(p);
	contents(p);
	introduction(p);
	part1(p);
	if (p->ed->kind == GPD_EDITION_HANDOUT) {
		handout_summary(p);
		return;
	}
	part2(p);
	indexes(p);
	coverage(p);
}

/* The layout's failure as a diagnostic that says what to do: the page
 * limit names the edition and the setting (the layout's own "more than N
 * pages" named neither), memory is memory; anything else is internal. */
static void report_failure(const pdf *p, const gpd_style *style)
{
	gpd_buf b = {0};

	if (p->rc == GPD_LAYOUT_EPAGES) {
		gpd_buf_printf(&b, "the PDF of \"%s\" needs more than %d pages, the limit the "
			"style sets (<limits max-pages=\"%d\"/> in style.xml)",
			p->ed->title ? p->ed->title : "", style->max_pages, style->max_pages);
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_E_LIMIT, b.data ? b.data : "page limit");
	} else if (p->rc == GPD_LAYOUT_ENOMEM) {
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_F_NOMEM, " (typesetting the PDF)");
	} else {
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_F_INTERNAL, gpd_layout_errmsg(p->L));
	}
	gpd_buf_free(&b);
}

int gpd_render_pdf(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, gpd_buf *out, gpd_diag *diag)
{
	return gpd_render_pdf_counted(c, ed, style, NULL, out, diag, NULL);
}

int gpd_render_pdf_counted(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, const gpd_buf *previous, gpd_buf *out, gpd_diag *diag,
	size_t *pages)
{
	pdf p = {NULL, c, ed, diag, NULL, {0, 0}, 0};
	gpd_buf title = {0};
	unsigned char *bytes = NULL;
	size_t len = 0;

	p.L = gpd_layout_new(style, on_warning, &p);
	if (p.L == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_INTERNAL,
			"the PDF layout could not start (out of memory, or a font cannot be read)");
		return -1;
	}
	document(&p);
	gpd_buf_printf(&title, "%s: %s", ed->publication ? ed->publication : "", ed->title ? ed->title : "");
	if (p.rc == 0) {
		gpd_docinfo info = {title.data, ed->publisher, ed->subject, ed->keywords,
			"gpdigest " GPD_VERSION, (time_t)ed->epoch};
		if (previous != NULL)
			gpd_layout_reuse_from(p.L, previous->data, previous->len);
		p.rc = gpd_layout_save_mem(p.L, &info, &bytes, &len);
	}
	if (p.rc != 0)
		report_failure(&p, style);
	if (pages != NULL)
		*pages = p.rc == 0 ? (size_t)gpd_layout_page_count(p.L) : 0;
	/* the document's objects go before the bytes are copied: for a long
	 * edition they are most of the memory */
	gpd_layout_free(p.L);
	if (p.rc == 0) {
		gpd_buf_append(out, (const char *)bytes, len);
		if (gpd_buf_failed(out)) /* else it would fail without a word */
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, " (keeping the PDF)");
	}
	free(bytes);
	gpd_buf_free(&title);
	return p.rc == 0 && !gpd_buf_failed(out) ? 0 : -1;
}
