/* filter.c: selections of records (region, authority, criterion, outcome, target group, agency type). */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/edition.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/authority.h"
#include "gpdigest/corpus.h"
#include "gpdigest/limits.h"
#include "gpdigest/slug.h"
#include "gpdigest/suggest.h"

/* The kinds in option order; the tick-box kinds name their form group. */
static const struct {
	const char *name;
	const char *label;
	int group; /* gpd_group, or -1 */
} kinds[GPD_FILTER__COUNT] = {
	[GPD_FILTER_REGION] = {"region", "Region", GPD_GROUP_REGION},
	[GPD_FILTER_AUTHORITY] = {"authority", "Authority", -1},
	[GPD_FILTER_CRITERION] = {"criterion", "Criterion", -1},
	[GPD_FILTER_OUTCOME] = {"outcome", "ECM outcome", GPD_GROUP_OUTCOME},
	[GPD_FILTER_TARGET] = {"target", "Target group", GPD_GROUP_TARGET},
	[GPD_FILTER_AGENCY_TYPE] = {"agency-type", "Agency type", GPD_GROUP_AGENCY_TYPE},
};

const char *gpd_filter_kind_name(gpd_filter_kind kind)
{
	return (unsigned)kind < GPD_FILTER__COUNT ? kinds[kind].name : NULL;
}

int gpd_filter_kind_find(const char *name)
{
	for (int k = 0; k < GPD_FILTER__COUNT; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return -1;
}

static void list_valid(gpd_buf *why, const char *value, gpd_filter_kind kind)
{
	const gpd_option_group *g = gpd_form_group((gpd_group)kinds[kind].group);
	const char *words[2 * GPD_MAX_OPTIONS], *near;

	for (size_t i = 0; i < g->count; i++) {
		words[2 * i] = g->options[i].id;
		words[2 * i + 1] = g->options[i].label;
	}
	near = gpd_suggest(value, words, 2 * g->count);
	gpd_buf_printf(why, "unknown %s '%s'", kinds[kind].name, value);
	if (near != NULL)
		gpd_buf_printf(why, "; did you mean '%s'? Valid %ss:", near, kinds[kind].name);
	else
		gpd_buf_printf(why, "; valid %ss:", kinds[kind].name);
	for (size_t i = 0; i < g->count; i++)
		gpd_buf_printf(why, "%s %s (%s)", i ? "," : "", g->options[i].id,
			g->options[i].label);
}

static int add_criterion(gpd_filter *f, const char *value, gpd_buf *why)
{
	gpd_criterion c;
	gpd_criterion *p;
	char *dotted = NULL;

	if (strchr(value, '.') == NULL) {
		gpd_buf b = {0};
		gpd_buf_printf(&b, "%s.1", value);
		dotted = gpd_buf_take(&b);
		if (dotted == NULL)
			return -2;
	}
	if (gpd_criterion_parse(dotted ? dotted : value, &c) != 0) {
		free(dotted);
		gpd_buf_printf(why, "unknown criterion '%s'; give a criterion number "
			"such as 2.4, or a Standard number such as 2", value);
		return -1;
	}
	if (dotted != NULL)
		c.number = 0;
	free(dotted);
	p = realloc(f->criteria, (f->ncriteria + 1) * sizeof(*p));
	if (p == NULL)
		return -2;
	f->criteria = p;
	c.pos = (gpd_pos){0, 0};
	f->criteria[f->ncriteria++] = c;
	return 0;
}

int gpd_filter_add(gpd_filter *f, gpd_filter_kind kind, const char *value,
	gpd_buf *why)
{
	if ((unsigned)kind >= GPD_FILTER__COUNT)
		return -1;
	if (kind == GPD_FILTER_CRITERION)
		return add_criterion(f, value, why);
	if (kind == GPD_FILTER_AUTHORITY) {
		char **p = realloc(f->authorities, (f->nauthorities + 1) * sizeof(*p));
		if (p == NULL)
			return -2;
		f->authorities = p;
		if ((p[f->nauthorities] = gpd_strdup(value)) == NULL)
			return -2;
		f->nauthorities++;
		return 0;
	}
	int i = gpd_form_find((gpd_group)kinds[kind].group, value);
	if (i < 0) {
		list_valid(why, value, kind);
		return -1;
	}
	f->ticks[kinds[kind].group] |= GPD_TICK(i);
	return 0;
}

/* Whether a filter's value names the authority: any spelling of it
 * (gpd_authority_cmp), or its handout's file name ("tower-hamlets"). */
static int names_authority(const char *value, const char *authority)
{
	char slug[GPD_MAX_SLUG_BYTES];

	return authority != NULL && (gpd_authority_cmp(authority, value) == 0 ||
		(gpd_slug(authority, slug, sizeof(slug)) && strcmp(slug, value) == 0));
}

static int has_authority(gpd_record *const *recs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names_authority(name, recs[i]->authority))
			return 1;
	return 0;
}

/* The authority of the records nearest a misspelt one, or NULL. */
static const char *near_authority(gpd_record *const *recs, size_t n, const char *value)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		const char *a = recs[i]->authority, *one[1];

		if (a == NULL)
			continue;
		one[0] = a;
		if (gpd_suggest(value, one, 1) != NULL && gpd_edit_distance(value, a) < best_d) {
			best = a;
			best_d = gpd_edit_distance(value, a);
		}
	}
	return best;
}

int gpd_filter_check_authorities(const gpd_filter *f, gpd_record *const *recs,
	size_t n, gpd_buf *why)
{
	for (size_t i = 0; i < f->nauthorities; i++) {
		int first = 1;

		const char *near;

		if (has_authority(recs, n, f->authorities[i]))
			continue;
		gpd_buf_printf(why, "unknown authority '%s'", f->authorities[i]);
		if ((near = near_authority(recs, n, f->authorities[i])) != NULL)
			gpd_buf_printf(why, "; did you mean '%s'? Authorities with records:", near);
		else
			gpd_buf_puts(why, "; authorities with records:");
		for (size_t j = 0; j < n; j++) /* each once, in record order */
			if (recs[j]->authority != NULL && !has_authority(recs, j, recs[j]->authority)) {
				gpd_buf_printf(why, "%s %s", first ? "" : ",", recs[j]->authority);
				first = 0;
			}
		if (first)
			gpd_buf_puts(why, " none");
		return -1;
	}
	return 0;
}

int gpd_filter_is_empty(const gpd_filter *f)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (f->ticks[g])
			return 0;
	return f->nauthorities == 0 && f->ncriteria == 0;
}

static int match_criteria(const gpd_filter *f, const gpd_record *rec)
{
	for (size_t i = 0; i < f->ncriteria; i++)
		for (size_t j = 0; j < rec->ncriteria; j++)
			if (rec->criteria[j].standard == f->criteria[i].standard &&
			    (f->criteria[i].number == 0 ||
			     rec->criteria[j].number == f->criteria[i].number))
				return 1;
	return 0;
}

int gpd_filter_match(const gpd_filter *f, const gpd_record *rec)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (f->ticks[g] && !(f->ticks[g] & rec->ticks[g]))
			return 0;
	if (f->ncriteria > 0 && !match_criteria(f, rec))
		return 0;
	if (f->nauthorities > 0) {
		size_t i = 0;
		while (i < f->nauthorities && !names_authority(f->authorities[i], rec->authority))
			i++;
		if (i == f->nauthorities)
			return 0;
	}
	return 1;
}

static void describe_ticks(const gpd_filter *f, gpd_filter_kind k, gpd_buf *out)
{
	gpd_group g = (gpd_group)kinds[k].group;
	const gpd_option_group *grp = gpd_form_group(g);
	int first = 1;

	if (f->ticks[g] == 0)
		return;
	gpd_buf_printf(out, "%s%s: ", out->len ? "; " : "", kinds[k].label);
	for (size_t i = 0; i < grp->count; i++)
		if (f->ticks[g] & GPD_TICK(i)) {
			gpd_buf_printf(out, "%s%s", first ? "" : " or ", gpd_form_option_name(g, i));
			first = 0;
		}
}

void gpd_filter_describe(const gpd_filter *f, gpd_buf *out)
{
	gpd_buf b = {0};

	for (int k = 0; k < GPD_FILTER__COUNT; k++) {
		if (kinds[k].group >= 0) {
			describe_ticks(f, (gpd_filter_kind)k, &b);
		} else if (k == GPD_FILTER_AUTHORITY && f->nauthorities) {
			gpd_buf_printf(&b, "%sAuthority: ", b.len ? "; " : "");
			for (size_t i = 0; i < f->nauthorities; i++)
				gpd_buf_printf(&b, "%s%s", i ? " or " : "", f->authorities[i]);
		} else if (k == GPD_FILTER_CRITERION && f->ncriteria) {
			gpd_buf_printf(&b, "%s", b.len ? "; " : "");
			for (size_t i = 0; i < f->ncriteria; i++) {
				gpd_criterion c = f->criteria[i];
				if (c.number == 0)
					gpd_buf_printf(&b, "%sStandard %u", i ? " or " : "", c.standard);
				else
					gpd_buf_printf(&b, "%sCriterion %s", i ? " or " : "",
						gpd_criterion_str(c).s);
			}
		}
	}
	gpd_buf_puts(out, b.len ? b.data : GPD_SELECTION_ALL);
	gpd_buf_free(&b);
}

int gpd_filter_copy(gpd_filter *dst, const gpd_filter *src)
{
	*dst = (gpd_filter){0};
	memcpy(dst->ticks, src->ticks, sizeof(dst->ticks));
	if (src->ncriteria) {
		dst->criteria = malloc(src->ncriteria * sizeof(*dst->criteria));
		if (dst->criteria == NULL)
			return -1;
		memcpy(dst->criteria, src->criteria, src->ncriteria * sizeof(*dst->criteria));
		dst->ncriteria = src->ncriteria;
	}
	for (size_t i = 0; i < src->nauthorities; i++) {
		gpd_buf ignore = {0};
		int rc = gpd_filter_add(dst, GPD_FILTER_AUTHORITY, src->authorities[i], &ignore);
		gpd_buf_free(&ignore);
		if (rc != 0) {
			gpd_filter_free(dst);
			return -1;
		}
	}
	return 0;
}

void gpd_filter_free(gpd_filter *f)
{
	for (size_t i = 0; i < f->nauthorities; i++)
		free(f->authorities[i]);
	free(f->authorities);
	free(f->criteria);
	*f = (gpd_filter){0};
}
