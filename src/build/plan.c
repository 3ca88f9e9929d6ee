/* plan.c: expands the declared editions against the records into concrete outputs with safe names. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/edition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/authority.h"
#include "gpdigest/corpus.h"
#include "gpdigest/limits.h"
#include "gpdigest/output.h"
#include "gpdigest/utf8.h"


typedef struct planner {
	const gpd_publication *pub;
	gpd_record *const *recs;
	size_t n;
	gpd_plan *plan;
	size_t cap;
	gpd_diag *diag;
	int clash; /* an output two definitions make: reported */
	/* the last name unique_output made: folder, slug and its number */
	const char *last_folder;
	char last_slug[GPD_MAX_SLUG_BYTES];
	unsigned last_k;
} planner;

/* title with every {{key}} replaced by value. Caller frees. A value with
 * right-to-left letters (an authority named in Arabic or Urdu) goes in
 * between FSI and PDI, a bidi isolate, as a template sentence's
 * {{authority}} does (template.c): it takes its own direction and leaves
 * the title's to the template's words ("{{authority}}: good practice"
 * would otherwise be a right-to-left title, set flush right and read
 * from the colon). The back ends set it so (the PDF's bidi pass, the
 * HTML's <bdi>, plain text's own isolate); other titles keep their bytes. */
static char *fill(const char *title, const char *key, const char *value)
{
	gpd_buf b = {0};
	size_t klen = strlen(key);
	int iso = gpd_utf8_has_rtl(value, SIZE_MAX);

	while (*title) {
		if (strncmp(title, "{{", 2) == 0 && strncmp(title + 2, key, klen) == 0 &&
		    strncmp(title + 2 + klen, "}}", 2) == 0) {
			gpd_buf_puts(&b, iso ? GPD_UTF8_FSI : "");
			gpd_buf_puts(&b, value);
			gpd_buf_puts(&b, iso ? GPD_UTF8_PDI : "");
			title += klen + 4;
		} else {
			gpd_buf_putc(&b, *title++);
		}
	}
	return gpd_buf_take(&b);
}

/* The edition of the plan that writes out, or NULL. */
static const gpd_edition *holder(const gpd_plan *plan, const char *out)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->items[i].output != NULL && strcmp(plan->items[i].output, out) == 0)
			return &plan->items[i];
	return NULL;
}

/* Two definitions make the same output: one declares it (a plain
 * edition's output="digests/london"), the other makes it for who, one of
 * its regions or authorities (each="region", output="digests"). Neither
 * is moved: the declared name is what readers link to and out/ keeps,
 * and a -2 chosen for either would change with the records. An error at
 * the declared edition's line, naming the other's. */
static void clash(planner *p, const gpd_edition_def *declared, const gpd_edition_def *each,
	const char *who)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "<edition name=\"%s\" output=\"%s\"> is also where edition \"%s\" "
		"(line %u) writes its edition for %s: give this edition an output outside %s/, "
		"so each edition has its own files", declared->name, declared->output, each->name,
		each->pos.line, who, each->output);
	gpd_diag_report(p->diag, p->pub->path, declared->pos.line, declared->pos.col,
		GPD_E_PUBLICATION, gpd_buf_failed(&b) ? "two editions make one output" : b.data);
	gpd_buf_free(&b);
	p->clash = 1;
}

/* The region or authority a generated edition is for. */
static const char *made_for(const gpd_edition *e)
{
	return e->authority != NULL ? e->authority : e->region ? e->region : "?";
}

/* folder/slug, with -2, -3 ... appended until no earlier edition has it;
 * a name with nothing to slug (no letter or digit in any table) takes the
 * slug of fallback (a record id) when there is one; who is the region or
 * authority it is for, in words. Only names def itself made are passed
 * over: one another definition declared is a clash, and the name is given
 * as it is (the plan is not built).
 * Names that slug alike come in a row (authorities are sorted), so the
 * count goes on from the last one: counting from 1 each time made N such
 * names cost N^3 (2,000 Cyrillic authority names, all "x": 4 s; 10,000:
 * minutes). Numbers below the last one were all taken then, and still are. */
static char *unique_output(planner *p, const gpd_edition_def *def, const char *name,
	const char *fallback, const char *who)
{
	const char *folder = def->output;
	char slug[GPD_MAX_SLUG_BYTES];
	gpd_buf b = {0};
	unsigned k = 1;

	if (!gpd_slug(name, slug, sizeof(slug)) && fallback != NULL)
		gpd_slug(fallback, slug, sizeof(slug));
	if (p->last_k > 0 && p->last_folder == folder && strcmp(p->last_slug, slug) == 0)
		k = p->last_k + 1;
	for (;; k++) {
		const gpd_edition *h = NULL;

		gpd_buf_free(&b);
		gpd_buf_printf(&b, "%s/%s", folder, slug);
		if (k > 1)
			gpd_buf_printf(&b, "-%u", k);
		if (!gpd_buf_failed(&b) && (h = holder(p->plan, b.data)) != NULL && h->def != def)
			clash(p, h->def, def, who);
		else if (!gpd_buf_failed(&b) && h != NULL)
			continue;
		p->last_folder = folder;
		snprintf(p->last_slug, sizeof(p->last_slug), "%s", slug);
		p->last_k = k;
		return gpd_buf_take(&b);
	}
}

static gpd_edition *new_edition(planner *p, const gpd_edition_def *def)
{
	gpd_edition *e;

	if (p->plan->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		gpd_edition *q = realloc(p->plan->items, cap * sizeof(*q));
		if (q == NULL)
			return NULL;
		p->plan->items = q;
		p->cap = cap;
	}
	e = &p->plan->items[p->plan->n];
	*e = (gpd_edition){def, def->kind, NULL, NULL, NULL, NULL, NULL, NULL, 0};
	e->recs = malloc((p->n ? p->n : 1) * sizeof(*e->recs));
	if (e->recs == NULL)
		return NULL;
	p->plan->n++;
	return e;
}

/* Fills e with the records that pass the definition's filter and extra. */
static void select_into(planner *p, gpd_edition *e, const gpd_filter *extra)
{
	for (size_t i = 0; i < p->n; i++)
		if (gpd_filter_match(&e->def->filter, p->recs[i]) &&
		    (extra == NULL || gpd_filter_match(extra, p->recs[i])))
			e->recs[e->n++] = p->recs[i];
}

static char *describe(const gpd_filter *base, const gpd_filter *extra)
{
	gpd_filter both;
	gpd_buf b = {0};

	if (gpd_filter_copy(&both, base) != 0)
		return NULL;
	for (int g = 0; extra && g < GPD_GROUP__COUNT; g++)
		both.ticks[g] |= extra->ticks[g];
	for (size_t i = 0; extra && i < extra->nauthorities; i++)
		if (gpd_filter_add(&both, GPD_FILTER_AUTHORITY, extra->authorities[i], &b) != 0)
			gpd_buf_free(&b);
	gpd_buf_free(&b);
	gpd_filter_describe(&both, &b);
	gpd_filter_free(&both);
	return gpd_buf_take(&b);
}

/* The one region every record of e ticks, or NULL. */
static const char *common_region(const gpd_edition *e)
{
	uint64_t all = ~(uint64_t)0;
	const gpd_option_group *g = gpd_form_group(GPD_GROUP_REGION);

	for (size_t i = 0; i < e->n; i++)
		all &= e->recs[i]->ticks[GPD_GROUP_REGION];
	for (size_t o = 0; e->n > 0 && o < g->count; o++)
		if (all == GPD_TICK(o))
			return gpd_form_option_name(GPD_GROUP_REGION, o);
	return NULL;
}

static int plan_single(planner *p, const gpd_edition_def *def)
{
	gpd_edition *e = new_edition(p, def);
	const gpd_edition *h;

	if (e == NULL)
		return -1;
	select_into(p, e, NULL);
	e->title = gpd_strdup(def->title);
	e->output = gpd_strdup(def->output);
	e->selection = describe(&def->filter, NULL);
	e->region = common_region(e);
	if (e->output != NULL && (h = holder(p->plan, e->output)) != e)
		clash(p, def, h->def, made_for(h));
	return e->title && e->output && e->selection ? 0 : -1;
}

static int plan_regions(planner *p, const gpd_edition_def *def)
{
	const gpd_option_group *g = gpd_form_group(GPD_GROUP_REGION);

	for (size_t o = 0; o < g->count; o++) {
		gpd_filter extra = {0};
		gpd_edition *e = new_edition(p, def);

		if (e == NULL)
			return -1;
		extra.ticks[GPD_GROUP_REGION] = GPD_TICK(o);
		select_into(p, e, &extra);
		if (e->n == 0) { /* only regions that have records get a digest */
			free(e->recs);
			p->plan->n--;
			continue;
		}
		e->region = gpd_form_option_name(GPD_GROUP_REGION, o);
		e->title = fill(def->title, "region", e->region);
		e->output = unique_output(p, def, g->options[o].id, NULL, e->region);
		e->selection = describe(&def->filter, &extra);
		if (!e->title || !e->output || !e->selection)
			return -1;
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int c = gpd_authority_cmp(x, y);

	return c ? c : strcmp(x, y);
}

/* A record's authority and its place in the run's order. */
typedef struct by_authority {
	const char *name; /* borrowed */
	size_t i;
} by_authority;

static int cmp_authority(const void *a, const void *b)
{
	const by_authority *x = a, *y = b;
	int c = cmp_name(&x->name, &y->name);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int cmp_index(const void *a, const void *b)
{
	const by_authority *x = a, *y = b;

	return (x->i > y->i) - (x->i < y->i);
}

/* The records by authority, sorted so each authority's records are one
 * run, each run in cmp_name order of its spellings. Names with one key
 * are one authority (gpd_authority_cmp: the filter compares them so, and
 * two handouts would hold the same records). The lint has respelled them
 * alike (gpd_authority_unify); else the first in cmp_name order names
 * it, whatever the load order. One sort, not a pass over every record
 * for every authority (150 authorities of 10,000 records took a tenth of
 * a build). */
static by_authority *by_authorities(planner *p, size_t *count)
{
	by_authority *v = malloc((p->n ? p->n : 1) * sizeof(*v));
	size_t m = 0;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (p->recs[i]->authority != NULL) /* only a record with errors */
			v[m++] = (by_authority){p->recs[i]->authority, i};
	qsort(v, m, sizeof(*v), cmp_authority);
	*count = m;
	return v;
}

/* The id of e's first record in id order: a handout's name when its
 * authority's name has nothing to slug. */
static const char *first_id(const gpd_edition *e)
{
	const char *id = NULL;

	for (size_t i = 0; i < e->n; i++)
		if (e->recs[i]->id != NULL && (id == NULL || strcmp(e->recs[i]->id, id) < 0))
			id = e->recs[i]->id;
	return id;
}

/* One authority's handout: the records of run v[0, n) that pass the
 * definition's filter, in the plan's order. */
static int plan_authority(planner *p, const gpd_edition_def *def, by_authority *v, size_t n)
{
	const char *name = v[0].name; /* before the run is put in record order */
	gpd_filter extra = {0};
	gpd_buf ignore = {0};
	gpd_edition *e = new_edition(p, def);
	int rc = 0;

	if (e == NULL || gpd_filter_add(&extra, GPD_FILTER_AUTHORITY, name, &ignore) != 0) {
		rc = -1;
		goto out;
	}
	qsort(v, n, sizeof(*v), cmp_index);
	for (size_t k = 0; k < n; k++)
		if (gpd_filter_match(&def->filter, p->recs[v[k].i]))
			e->recs[e->n++] = p->recs[v[k].i];
	if (e->n == 0) {
		free(e->recs);
		p->plan->n--;
		goto out;
	}
	e->authority = gpd_strdup(name);
	e->region = common_region(e);
	e->title = fill(def->title, "authority", name);
	e->output = unique_output(p, def, name, first_id(e), name);
	e->selection = describe(&def->filter, &extra);
	if (!e->authority || !e->title || !e->output || !e->selection)
		rc = -1;
out:
	gpd_filter_free(&extra);
	gpd_buf_free(&ignore);
	return rc;
}

static int plan_authorities(planner *p, const gpd_edition_def *def)
{
	size_t count = 0;
	by_authority *v = by_authorities(p, &count);
	int rc = v ? 0 : -1;

	for (size_t a = 0, b; rc == 0 && a < count; a = b) {
		for (b = a + 1; b < count && gpd_authority_cmp(v[a].name, v[b].name) == 0; b++)
			;
		rc = plan_authority(p, def, v + a, b - a);
	}
	free(v);
	return rc;
}

int gpd_plan_make(const gpd_publication *pub, gpd_record *const *recs, size_t n,
	gpd_diag *diag, gpd_plan *out)
{
	/* the records the editions hold: a draft (a field every record needs
	 * is empty: lint.c) stays out until it is filled in */
	gpd_record **held = malloc((n ? n : 1) * sizeof(*held));
	size_t k = 0;
	planner p = {pub, NULL, 0, out, 0, diag, 0, NULL, "", 0};

	*out = (gpd_plan){0};
	if (held == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!recs[i]->draft)
			held[k++] = recs[i];
	p.recs = held;
	p.n = k;
	for (size_t i = 0; i < pub->n; i++) {
		const gpd_edition_def *def = &pub->editions[i];
		int rc = def->each == GPD_EACH_REGION ? plan_regions(&p, def) :
			def->each == GPD_EACH_AUTHORITY ? plan_authorities(&p, def) :
			plan_single(&p, def);

		if (rc != 0 || p.clash) {
			gpd_plan_free(out);
			free(held);
			return rc != 0 ? -1 : -2;
		}
	}
	free(held);
	return 0;
}

void gpd_plan_free(gpd_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		gpd_edition *e = &plan->items[i];
		free(e->title);
		free(e->output);
		free(e->selection);
		free(e->authority);
		free(e->recs);
	}
	free(plan->items);
	*plan = (gpd_plan){0};
}
