/* headings.c: what every format prints the same way: the headings of Standards and criteria, the template values of an edition. */
#include "gpdigest/structure.h"

#include <stdio.h>

#include "gpdigest/buf.h"

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
