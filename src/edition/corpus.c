/* corpus.c: orders and groups an edition's records once, so every renderer walks the same structure. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/corpus.h"
#include "gpdigest/authority.h"
#include "gpdigest/limits.h"
#include "gpdigest/slug.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Titles as a reader looks them up: by the same key as authorities
 * (accented letters with their base letter, Greek and Cyrillic
 * transliterated, case and punctuation aside), then as spelled. */
static int cmp_text(const char *a, const char *b)
{
	int c = gpd_authority_cmp(a ? a : "", b ? b : "");

	return c ? c : strcmp(a ? a : "", b ? b : "");
}

int gpd_record_cmp(const gpd_record *a, const gpd_record *b)
{
	int c = gpd_authority_cmp(a->authority, b->authority);

	if (c == 0)
		c = cmp_text(a->title, b->title);
	return c ? c : strcmp(a->id, b->id);
}

static int cmp_rec_ptr(const void *a, const void *b)
{
	return gpd_record_cmp(*(const gpd_record *const *)a,
		*(const gpd_record *const *)b);
}

static int cmp_entry(const void *a, const void *b)
{
	return gpd_record_cmp(((const gpd_entry *)a)->rec, ((const gpd_entry *)b)->rec);
}

static int cmp_crit(const void *a, const void *b)
{
	return gpd_criterion_cmp(a, b);
}

const gpd_criterion *gpd_record_first_criterion(const gpd_record *rec)
{
	return rec->ncriteria ? &rec->criteria[rec->first_criterion] : NULL;
}

/* The distinct criteria cited by the records, in numeric order. */
static gpd_criterion *distinct_criteria(const gpd_corpus *c, size_t *n)
{
	size_t total = 0, k = 0;
	gpd_criterion *all;

	for (size_t i = 0; i < c->nrecords; i++)
		total += c->records[i]->ncriteria;
	all = malloc((total ? total : 1) * sizeof(*all));
	if (all == NULL)
		return NULL;
	for (size_t i = 0; i < c->nrecords; i++)
		for (size_t j = 0; j < c->records[i]->ncriteria; j++)
			all[k++] = c->records[i]->criteria[j];
	qsort(all, total, sizeof(*all), cmp_crit);
	*n = 0;
	for (size_t i = 0; i < total; i++)
		if (*n == 0 || gpd_criterion_cmp(&all[*n - 1], &all[i]) != 0)
			all[(*n)++] = all[i];
	return all;
}

/* How many of crits[i], crits[i + 1] ... (in numeric order) are of its Standard. */
static size_t run_of_standard(const gpd_criterion *crits, size_t i, size_t n)
{
	size_t j = i;

	while (j < n && crits[j].standard == crits[i].standard)
		j++;
	return j - i;
}

/* Makes the standards and their (empty) criterion sections. */
static int make_sections(gpd_corpus *c, const gpd_criterion *crits, size_t n,
	const gpd_catalogue *cat)
{
	for (size_t i = 0; i < n; i++) {
		gpd_standard_section *s = c->nstandards ? &c->standards[c->nstandards - 1] : NULL;
		gpd_criterion_section *cs;

		if (s == NULL || s->number != crits[i].standard) {
			s = &c->standards[c->nstandards++];
			s->number = crits[i].standard;
			s->title = gpd_catalogue_standard_title(cat, s->number);
			snprintf(s->anchor, sizeof(s->anchor), "standard-%u", s->number);
			/* room for its own criteria: for all n in each Standard,
			 * a record citing 1.1 ... 999.250 asked for 18 GB */
			s->criteria = calloc(run_of_standard(crits, i, n), sizeof(*s->criteria));
			if (s->criteria == NULL)
				return -1;
		}
		cs = &s->criteria[s->n++];
		cs->crit = crits[i];
		cs->crit.pos = (gpd_pos){0, 0};
		cs->title = gpd_catalogue_criterion_title(cat, crits[i]);
		snprintf(cs->anchor, sizeof(cs->anchor), "criterion-%u-%u",
			crits[i].standard, crits[i].number);
	}
	return 0;
}

static int cmp_standard_number(const void *key, const void *elem)
{
	unsigned k = *(const unsigned *)key, n = ((const gpd_standard_section *)elem)->number;

	return (k > n) - (k < n);
}

static int cmp_section_crit(const void *key, const void *elem)
{
	return gpd_criterion_cmp(key, &((const gpd_criterion_section *)elem)->crit);
}

/* Standards, and the criteria of each, are in numeric order
 * (make_sections), so a section is found by halving twice. */
static gpd_criterion_section *find_section(gpd_corpus *c, const gpd_criterion *k)
{
	gpd_standard_section *s = bsearch(&k->standard, c->standards, c->nstandards,
		sizeof(*c->standards), cmp_standard_number);

	return s ? bsearch(k, s->criteria, s->n, sizeof(*s->criteria), cmp_section_crit) : NULL;
}

/* Grows *arr to hold n + 1 items, doubling at powers of two so that
 * appending stays linear for sections of thousands of records. */
static void *reserve_one(void *arr, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return arr;
	return realloc(arr, (n ? 2 * n : 1) * size);
}

static int push_entry(gpd_entry **arr, size_t *n, const gpd_record *rec, int full)
{
	gpd_entry *p = reserve_one(*arr, *n, sizeof(*p));

	if (p == NULL)
		return -1;
	*arr = p;
	p[(*n)++] = (gpd_entry){rec, full};
	return 0;
}

/* Part 1: each record in full under its first criterion, as a reference
 * under every other one it cites, each once. A criterion the record gave
 * already finds the record last in its section (records are distinct and
 * filed one after another): one step, where comparing each criterion with
 * every earlier one made a record citing 5.2 100,000 times take 27 s. */
static int fill_part1(gpd_corpus *c)
{
	for (size_t i = 0; i < c->nrecords; i++) {
		const gpd_record *rec = c->records[i];
		const gpd_criterion *first = gpd_record_first_criterion(rec);

		if (first == NULL && push_entry(&c->unstated, &c->nunstated, rec, 1) != 0)
			return -1;
		for (size_t j = 0; j < rec->ncriteria; j++) {
			gpd_criterion_section *cs = find_section(c, &rec->criteria[j]);

			if (cs == NULL || (cs->n > 0 && cs->entries[cs->n - 1].rec == rec))
				continue;
			if (push_entry(&cs->entries, &cs->n, rec,
			    gpd_criterion_cmp(&rec->criteria[j], first) == 0) != 0)
				return -1;
		}
	}
	for (size_t s = 0; s < c->nstandards; s++)
		for (size_t i = 0; i < c->standards[s].n; i++)
			qsort(c->standards[s].criteria[i].entries, c->standards[s].criteria[i].n,
				sizeof(gpd_entry), cmp_entry);
	if (c->nunstated > 0) /* qsort(NULL, 0, ...) is undefined */
		qsort(c->unstated, c->nunstated, sizeof(gpd_entry), cmp_entry);
	return 0;
}

static int push_rec(gpd_group_section *g, const gpd_record *rec)
{
	const gpd_record **p = reserve_one((void *)g->recs, g->n, sizeof(*p));

	if (p == NULL)
		return -1;
	g->recs = p;
	g->recs[g->n++] = rec;
	return 0;
}

/* An anchor built from a label: the prefix, then the label's file-name
 * slug (slug.h: accents dropped, Greek and Cyrillic transliterated, "x"
 * when nothing is left), so an anchor is always a plain name that can
 * also name a file (the HTML edition's pages). */
static void anchor_from(char *buf, size_t n, const char *prefix, const char *label)
{
	char slug[GPD_MAX_SLUG_BYTES];

	gpd_slug(label, slug, sizeof(slug));
	snprintf(buf, n, "%s%s", prefix, slug);
}

/* An authority's anchor: from its name, or when the name gives no slug
 * (Arabic, Hebrew, Chinese, Bengali...) from its first record's id, as
 * its handout's file name is. All such were "authority-x", "-x-2", "-x-3"
 * in the order of their names: a page's address (the HTML edition's
 * authority-x-3.html) passed to another authority when one was added. */
static void authority_anchor(char *buf, size_t n, const gpd_record *first)
{
	char slug[GPD_MAX_SLUG_BYTES];

	if (!gpd_slug(first->authority, slug, sizeof(slug)))
		gpd_slug(first->id, slug, sizeof(slug));
	snprintf(buf, n, "authority-%s", slug);
}

/* Part 2 and the region index share this: one section per option of a
 * group (in form order) plus "not stated", each with the records ticking it. */
static int fill_by_group(gpd_corpus *c, gpd_group group, gpd_group_section *out,
	size_t *nout, int keep_empty, const char *prefix, const char *unstated)
{
	const gpd_option_group *g = gpd_form_group(group);

	*nout = 0;
	for (size_t o = 0; o <= g->count; o++) {
		gpd_group_section *sec = &out[*nout];
		int stated = o < g->count;

		*sec = (gpd_group_section){stated ? gpd_form_option_name(group, o) : unstated, "",
			stated ? (int)o : -1, NULL, 0};
		anchor_from(sec->anchor, sizeof(sec->anchor), prefix,
			stated ? g->options[o].id : "not-stated");
		for (size_t i = 0; i < c->nrecords; i++) {
			uint64_t t = c->records[i]->ticks[group];
			if ((stated ? (t & GPD_TICK(o)) != 0 : t == 0) &&
			    push_rec(sec, c->records[i]) != 0)
				return -1;
		}
		if (sec->n > 0 || (keep_empty && stated))
			(*nout)++;
	}
	return 0;
}

static int fill_authorities(gpd_corpus *c)
{
	c->authorities = calloc(c->nrecords ? c->nrecords : 1, sizeof(*c->authorities));
	if (c->authorities == NULL)
		return -1;
	for (size_t i = 0; i < c->nrecords; i++) {
		const gpd_record *rec = c->records[i];
		gpd_group_section *a = c->nauth_sections ?
			&c->authorities[c->nauth_sections - 1] : NULL;

		if (a == NULL || gpd_authority_cmp(a->label, rec->authority) != 0) {
			a = &c->authorities[c->nauth_sections++];
			a->label = rec->authority;
			a->option = -1;
			authority_anchor(a->anchor, sizeof(a->anchor), rec);
		}
		if (push_rec(a, rec) != 0)
			return -1;
	}
	c->nauthorities = c->nauth_sections;
	return 0;
}

static int fill_coverage(gpd_corpus *c)
{
	size_t rows = 1, row = 0;

	for (size_t s = 0; s < c->nstandards; s++)
		rows += c->standards[s].n;
	c->coverage_rows = rows;
	c->coverage_cols = gpd_form_group(GPD_GROUP_OUTCOME)->count + 1;
	c->coverage = calloc(rows * c->coverage_cols, sizeof(unsigned));
	if (c->coverage == NULL)
		return -1;
	for (size_t r = 0; r < rows; r++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r);
		size_t n = cs ? cs->n : c->nunstated;

		for (size_t i = 0; i < n; i++) {
			uint64_t t = (cs ? cs->entries[i].rec : c->unstated[i].rec)->ticks[GPD_GROUP_OUTCOME];
			for (size_t o = 0; o + 1 < c->coverage_cols; o++)
				c->coverage[row * c->coverage_cols + o] += (t & GPD_TICK(o)) != 0;
			c->coverage[row * c->coverage_cols + c->coverage_cols - 1] += t == 0;
		}
		row++;
	}
	return 0;
}

const gpd_criterion_section *gpd_corpus_coverage_row(const gpd_corpus *c, size_t r)
{
	for (size_t s = 0; s < c->nstandards; s++) {
		if (r < c->standards[s].n)
			return &c->standards[s].criteria[r];
		r -= c->standards[s].n;
	}
	return NULL;
}

gpd_corpus *gpd_corpus_build(const gpd_record *const *recs, size_t n,
	const gpd_catalogue *cat)
{
	gpd_corpus *c = calloc(1, sizeof(*c));
	gpd_criterion *crits = NULL;
	size_t ncrits = 0;

	if (c == NULL)
		return NULL;
	c->records = malloc((n ? n : 1) * sizeof(*c->records));
	if (c->records == NULL)
		goto fail;
	if (n > 0)
		memcpy(c->records, recs, n * sizeof(*recs));
	c->nrecords = n;
	qsort(c->records, n, sizeof(*c->records), cmp_rec_ptr);
	crits = distinct_criteria(c, &ncrits);
	c->standards = calloc(ncrits ? ncrits : 1, sizeof(*c->standards));
	if (crits == NULL || c->standards == NULL ||
	    make_sections(c, crits, ncrits, cat) != 0 || fill_part1(c) != 0 ||
	    fill_by_group(c, GPD_GROUP_OUTCOME, c->outcomes, &c->noutcomes, 1,
		"outcome-", "Outcome not stated") != 0 ||
	    fill_authorities(c) != 0 || fill_coverage(c) != 0)
		goto fail;
	c->regions = calloc(gpd_form_group(GPD_GROUP_REGION)->count + 1, sizeof(*c->regions));
	if (c->regions == NULL || fill_by_group(c, GPD_GROUP_REGION, c->regions,
	    &c->nregions, 0, "region-", "Region not stated") != 0)
		goto fail;
	c->targets = calloc(gpd_form_group(GPD_GROUP_TARGET)->count + 1, sizeof(*c->targets));
	if (c->targets == NULL || fill_by_group(c, GPD_GROUP_TARGET, c->targets,
	    &c->ntargets, 0, "target-", "Target group not stated") != 0)
		goto fail;
	free(crits);
	return c;
fail:
	free(crits);
	gpd_corpus_free(c);
	return NULL;
}

static void free_groups(gpd_group_section *g, size_t n)
{
	for (size_t i = 0; g != NULL && i < n; i++)
		free(g[i].recs);
}

void gpd_corpus_free(gpd_corpus *c)
{
	if (c == NULL)
		return;
	for (size_t s = 0; c->standards && s < c->nstandards; s++) {
		for (size_t i = 0; i < c->standards[s].n; i++)
			free(c->standards[s].criteria[i].entries);
		free(c->standards[s].criteria);
	}
	free(c->standards);
	free(c->unstated);
	free_groups(c->outcomes, c->noutcomes);
	free_groups(c->authorities, c->nauth_sections);
	free(c->authorities);
	free_groups(c->regions, c->nregions);
	free(c->regions);
	free_groups(c->targets, c->ntargets);
	free(c->targets);
	free(c->coverage);
	free(c->records);
	free(c);
}
