/* render.c: what both renderers print the same way: headings of sections, template values. */
#include "gpdigest/render.h"

#include <stdio.h>

gpd_template_vars gpd_edition_vars(const gpd_edition_info *ed, const gpd_corpus *c)
{
	gpd_template_vars v = {
		ed->publication, ed->publisher, ed->title, ed->date, ed->selection,
		ed->authority ? ed->authority : "", ed->region ? ed->region : "",
		c->nrecords, c->nauthorities, 0,
	};

	return v;
}

char *gpd_criterion_heading(const gpd_criterion_section *cs)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "Standard %u \xC2\xB7 Criterion %s", cs->crit.standard,
		gpd_criterion_str(cs->crit).s);
	if (cs->title != NULL)
		gpd_buf_printf(&b, ": %s", cs->title);
	return gpd_buf_take(&b);
}

char *gpd_standard_heading(const gpd_standard_section *s)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "Standard %u", s->number);
	if (s->title != NULL)
		gpd_buf_printf(&b, ": %s", s->title);
	return gpd_buf_take(&b);
}

int gpd_record_has_evidence(const gpd_record *rec)
{
	size_t n;
	const gpd_form_step *steps = gpd_form_steps(&n);

	for (size_t i = 0; i < n; i++) {
		if (!steps[i].nested)
			continue;
		if (steps[i].part == GPD_PART_GROUP && rec->ticks[steps[i].which] != 0)
			return 1;
		if (steps[i].part == GPD_PART_TEXT && rec->text[steps[i].which] != NULL)
			return 1;
	}
	return 0;
}
