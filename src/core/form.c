/* form.c: the form's option lists as printed on the paper form; every other module reads these. */
#include "gpdigest/form.h"

#include <string.h>
#include <strings.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const gpd_option outcomes[] = {
	{"be-healthy", "Be healthy", 0},
	{"stay-safe", "Stay safe", 0},
	{"enjoy-and-achieve", "Enjoy and achieve", 0},
	{"make-a-positive-contribution", "Make a positive contribution", 0},
	{"achieve-economic-well-being", "Achieve economic well being", 0},
};

/* The form prints these in two columns; this is column one, then column two. */
static const gpd_option targets[] = {
	{"disabled", "Disabled young people", 0},
	{"mental-health", "Young people with mental health needs", 0},
	{"uasc", "Unaccompanied asylum seeking children (UASC)", 0},
	{"bme", "Young people from black and minority ethnic groups", 0},
	{"neet", "Young people not in education, training and employment (NEET)", 0},
	{"older-looked-after-15", "Older looked after children 15+", 0},
	{"foster-carers", "Foster carers", 0},
	{"girls-and-boys", "Girls and boys", 0},
	{"young-researchers", "Young people involved as researchers", 0},
	{"service-managers", "Service managers", 0},
	{"councillors", "Executive and lead members/councillors", 0},
	{"lead-professionals", "Lead professionals (social workers/personal advisors)", 0},
	{"other-care-workers", "Other support/care workers", 0},
	{"parents", "Parents", 0},
	{"youth-workers", "Youth workers", 0},
	{"information-workers", "Information workers", 0},
	{"in-custody", "Young people in custody", 0},
	{"young-parents", "Young parents", 0},
	{"young-people-16", "Young people 16+", 0},
	{"involved-in-services", "Young people involved in services(SUI)", 0},
	{"young-people-19", "Young people 19+ years", 0},
	{"girls-only", "Girls only", 0},
	{"boys-only", "Boys only", 0},
	{"young-trainers", "Young people as trainers", 0},
	{"senior-management", "Senior management", 0},
	{"leaving-care", "Young people leaving care", 0},
	{"researchers", "Researchers/evaluators", 0},
	{"trainers", "Trainers", 0},
	{"others", "Others (please specify)", 1},
};

static const gpd_option agency_types[] = {
	{"la-unitary", "Local authority department - unitary", 0},
	{"la-metropolitan", "Local authority department - metropolitan", 0},
	{"la-borough", "Local authority department - borough council", 0},
	{"la-county", "Local authority department - county (shire) council", 0},
	{"la-city", "Local authority department - city council", 0},
	{"la-london-borough", "Local authority department - London borough", 0},
	{"voluntary", "Voluntary organisation", 0},
	{"multi-agency", "Multi-agency (please specify agencies involved)", 1},
	{"health", "Health agency (e.g. PCT, NHS Trust)", 0},
	{"education", "Education agency", 0},
	{"youth-justice", "Youth justice agency", 0},
	{"youth-service", "Youth service", 0},
	{"other", "Other (please specify)", 1},
};

static const gpd_option regions[] = {
	{"national", "National (please specify UK nation i.e. England, Scotland, Wales, N. Ireland)", 1},
	{"nw-england", "NW England", 0},
	{"ne-england", "NE England", 0},
	{"sw-england", "SW England", 0},
	{"se-england", "SE England", 0},
	{"london", "London", 0},
	{"east-midlands", "East Midlands", 0},
	{"west-midlands", "West Midlands", 0},
};

static const gpd_option evidence_basis[] = {
	{"none", "None - new exploratory/developmental", 0},
	{"not-known", "Not known", 0},
	{"practitioner", "Practitioner knowledge/experience only", 0},
	{"published-research", "Published research evidence", 0},
	{"local-research", "Local research / evaluation", 0},
};

static const gpd_option impact_sources[] = {
	{"independent", "Independent evaluation", 0},
	{"internal", "Internal / self-evaluation", 0},
	{"anecdotal", "Anecdotal / impressions", 0},
	{"none", "None", 0},
	{"not-known", "Not known", 0},
};

/* The form asks two questions with these same four boxes. */
static const gpd_option findings[] = {
	{"positive", "Positive impact (if any)", 0},
	{"negative", "Negative impact (if any)", 0},
	{"other", "Other impact", 0},
	{"not-known", "Not known", 0},
};

static const gpd_option report[] = {
	{"yes", "Yes", 0},
	{"no", "No", 0},
};

_Static_assert(N(outcomes) == GPD_OUTCOME_COUNT, "GPD_OUTCOME_COUNT is the outcome list's length");
_Static_assert(N(outcomes) <= GPD_MAX_OPTIONS && N(targets) <= GPD_MAX_OPTIONS &&
	N(agency_types) <= GPD_MAX_OPTIONS && N(regions) <= GPD_MAX_OPTIONS &&
	N(evidence_basis) <= GPD_MAX_OPTIONS && N(impact_sources) <= GPD_MAX_OPTIONS &&
	N(findings) <= GPD_MAX_OPTIONS && N(report) <= GPD_MAX_OPTIONS,
	"a tick set (GPD_TICK) holds at most GPD_MAX_OPTIONS options");

static const gpd_option_group groups[GPD_GROUP__COUNT] = {
	[GPD_GROUP_OUTCOME] = {"outcomes", "Contributing to ECM outcomes",
		"ECM outcome", outcomes, N(outcomes), 0},
	[GPD_GROUP_TARGET] = {"target-groups", "Target group(s)",
		"Target group", targets, N(targets), 0},
	[GPD_GROUP_AGENCY_TYPE] = {"agency-types",
		"Type of agency/organisation in which this work was developed",
		"Agency type", agency_types, N(agency_types), 0},
	[GPD_GROUP_REGION] = {"regions", "Region where work was developed",
		"Region", regions, N(regions), 0},
	[GPD_GROUP_EVIDENCE_BASIS] = {"evidence-basis",
		"Underlying evidence used to develop the interventions in this piece of work",
		"Underlying evidence", evidence_basis, N(evidence_basis), 0},
	[GPD_GROUP_IMPACT_SOURCE] = {"impact-source",
		"Source of evidence available to show the impact of the interventions used in this work",
		"Source of evidence", impact_sources, N(impact_sources), 0},
	[GPD_GROUP_IMPACT_FINDING] = {"impact-findings",
		"What this evidence/information suggests",
		"Evidence suggests", findings, N(findings), 0},
	[GPD_GROUP_PROCESS_FINDING] = {"process-findings",
		"Type of evidence about the 'process' of delivering the interventions used in this work",
		"Process evidence", findings, N(findings), 0},
	[GPD_GROUP_REPORT] = {"report-available",
		"Feedback/evaluation report available on this site?",
		"Report available", report, N(report), 1},
};

static const gpd_text_def texts[GPD_TEXT__COUNT] = {
	[GPD_TEXT_PURPOSE] = {"purpose", "Purpose and intended outcomes of this work", 1},
	[GPD_TEXT_DESCRIPTION] = {"description",
		"Description of what was carried out in this piece of work (the intervention/s)", 1},
	[GPD_TEXT_STRUCTURES] = {"structures",
		"Service structures and processes that were set up (e.g. posts, partnership groups etc)", 0},
	[GPD_TEXT_TOOLS] = {"tools",
		"Name(s) of tools/resources developed as part of this work", 0},
	[GPD_TEXT_EVIDENCE_NOTES] = {"notes", "Notes on the evidence", 0},
};

static const gpd_contact_def contacts[GPD_CONTACT__COUNT] = {
	[GPD_CONTACT_NAME] = {"name", "Name"},
	[GPD_CONTACT_ADDRESS] = {"address", "Address"},
	[GPD_CONTACT_TEL] = {"tel", "Tel"},
	[GPD_CONTACT_EMAIL] = {"email", "Email"},
	[GPD_CONTACT_FAX] = {"fax", "Fax"},
	[GPD_CONTACT_MOB] = {"mob", "Mob"},
};

const gpd_option_group *gpd_form_group(gpd_group group)
{
	if ((unsigned)group >= GPD_GROUP__COUNT)
		return NULL;
	return &groups[group];
}

int gpd_form_find_id(gpd_group group, const char *id)
{
	const gpd_option_group *g = gpd_form_group(group);

	if (g == NULL || id == NULL)
		return -1;
	/* the first letters, before a call to strcmp: ingest asks this for
	 * every box ticked, and most options of a group differ in it */
	for (size_t i = 0; i < g->count; i++)
		if (g->options[i].id[0] == id[0] && strcmp(g->options[i].id, id) == 0)
			return (int)i;
	return -1;
}

int gpd_form_find(gpd_group group, const char *text)
{
	const gpd_option_group *g = gpd_form_group(group);

	if (g == NULL || text == NULL)
		return -1;
	for (size_t i = 0; i < g->count; i++)
		if (strcasecmp(g->options[i].id, text) == 0 ||
		    strcasecmp(g->options[i].label, text) == 0)
			return (int)i;
	return -1;
}

/* Names of the boxes whose printed label asks for a text: the label
 * without its "(please specify ...)", for headings, titles and tables. */
static const struct {
	gpd_group group;
	const char *id, *name;
} names[] = {
	{GPD_GROUP_TARGET, "others", "Others"},
	{GPD_GROUP_AGENCY_TYPE, "multi-agency", "Multi-agency"},
	{GPD_GROUP_AGENCY_TYPE, "other", "Other"},
	{GPD_GROUP_REGION, "national", "National"},
};

const char *gpd_form_option_name(gpd_group group, size_t option)
{
	const gpd_option_group *g = gpd_form_group(group);

	if (g == NULL || option >= g->count)
		return NULL;
	for (size_t i = 0; i < N(names); i++)
		if (names[i].group == group && strcmp(names[i].id, g->options[option].id) == 0)
			return names[i].name;
	return g->options[option].label;
}

const gpd_text_def *gpd_form_text(gpd_text_field field)
{
	if ((unsigned)field >= GPD_TEXT__COUNT)
		return NULL;
	return &texts[field];
}

const gpd_contact_def *gpd_form_contact(gpd_contact_field field)
{
	if ((unsigned)field >= GPD_CONTACT__COUNT)
		return NULL;
	return &contacts[field];
}

#define GROUP(g) GPD_ELEMENT_GROUP, g
static const gpd_form_element elements[] = {
	{"title", "record", GPD_ELEMENT_LINE, 0, 1, "Title"},
	{"authority", "record", GPD_ELEMENT_LINE, 0, 1, "Authority"},
	{"received", "record", GPD_ELEMENT_DATE, 0, 1, "Date received"},
	{"criteria", "record", GPD_ELEMENT_CRITERIA, 0, 1, GPD_Q_CRITERIA},
	{"outcomes", "record", GROUP(GPD_GROUP_OUTCOME), 0, NULL},
	{"agency", "record", GPD_ELEMENT_LINE, 0, 1, GPD_Q_AGENCY},
	{"target-groups", "record", GROUP(GPD_GROUP_TARGET), 0, NULL},
	{"purpose", "record", GPD_ELEMENT_TEXT, GPD_TEXT_PURPOSE, 1, NULL},
	{"description", "record", GPD_ELEMENT_TEXT, GPD_TEXT_DESCRIPTION, 1, NULL},
	{"structures", "record", GPD_ELEMENT_TEXT, GPD_TEXT_STRUCTURES, 0, NULL},
	{"agency-types", "record", GROUP(GPD_GROUP_AGENCY_TYPE), 0, NULL},
	{"regions", "record", GROUP(GPD_GROUP_REGION), 0, NULL},
	{"tools", "record", GPD_ELEMENT_TEXT, GPD_TEXT_TOOLS, 0, NULL},
	{"evidence", "record", GPD_ELEMENT_EVIDENCE, 0, 0, GPD_Q_EVIDENCE},
	{"evidence-basis", "evidence", GROUP(GPD_GROUP_EVIDENCE_BASIS), 0, NULL},
	{"impact-source", "evidence", GROUP(GPD_GROUP_IMPACT_SOURCE), 0, NULL},
	{"impact-findings", "evidence", GROUP(GPD_GROUP_IMPACT_FINDING), 0, NULL},
	{"process-findings", "evidence", GROUP(GPD_GROUP_PROCESS_FINDING), 0, NULL},
	{"notes", "evidence", GPD_ELEMENT_TEXT, GPD_TEXT_EVIDENCE_NOTES, 0, NULL},
	{"report-available", "record", GROUP(GPD_GROUP_REPORT), 0, NULL},
	{"contact", "record", GPD_ELEMENT_CONTACT, 0, 0, GPD_Q_CONTACT},
	{"name", "contact", GPD_ELEMENT_LINE, GPD_CONTACT_NAME, 0, NULL},
	{"address", "contact", GPD_ELEMENT_TEXT, GPD_CONTACT_ADDRESS, 0, NULL},
	{"tel", "contact", GPD_ELEMENT_LINE, GPD_CONTACT_TEL, 0, NULL},
	{"email", "contact", GPD_ELEMENT_LINE, GPD_CONTACT_EMAIL, 0, NULL},
	{"fax", "contact", GPD_ELEMENT_LINE, GPD_CONTACT_FAX, 0, NULL},
	{"mob", "contact", GPD_ELEMENT_LINE, GPD_CONTACT_MOB, 0, NULL},
	{"attachments", "record", GPD_ELEMENT_ATTACHMENTS, 0, 0, GPD_Q_ATTACHMENTS},
};
#undef GROUP

const gpd_form_element *gpd_form_elements(size_t *count)
{
	*count = N(elements);
	return elements;
}

const char *gpd_form_element_label(const gpd_form_element *e)
{
	if (e->label != NULL)
		return e->label;
	switch (e->kind) {
	case GPD_ELEMENT_GROUP: return groups[e->which].question;
	case GPD_ELEMENT_TEXT:
		/* the contact's address is text too */
		return strcmp(e->parent, "contact") != 0 ? texts[e->which].question :
			contacts[e->which].label;
	default: return contacts[e->which].label;
	}
}

const gpd_form_element *gpd_form_find_element(const char *parent, const char *name)
{
	for (size_t i = 0; parent != NULL && name != NULL && i < N(elements); i++)
		if (strcmp(elements[i].parent, parent) == 0 && strcmp(elements[i].element, name) == 0)
			return &elements[i];
	return NULL;
}

static const gpd_form_step steps[] = {
	{GPD_PART_CRITERIA, 0, 0},
	{GPD_PART_GROUP, GPD_GROUP_OUTCOME, 0},
	{GPD_PART_AGENCY, 0, 0},
	{GPD_PART_GROUP, GPD_GROUP_TARGET, 0},
	{GPD_PART_TEXT, GPD_TEXT_PURPOSE, 0},
	{GPD_PART_TEXT, GPD_TEXT_DESCRIPTION, 0},
	{GPD_PART_TEXT, GPD_TEXT_STRUCTURES, 0},
	{GPD_PART_GROUP, GPD_GROUP_AGENCY_TYPE, 0},
	{GPD_PART_GROUP, GPD_GROUP_REGION, 0},
	{GPD_PART_TEXT, GPD_TEXT_TOOLS, 0},
	{GPD_PART_EVIDENCE, 0, 0},
	{GPD_PART_GROUP, GPD_GROUP_EVIDENCE_BASIS, 1},
	{GPD_PART_GROUP, GPD_GROUP_IMPACT_SOURCE, 1},
	{GPD_PART_GROUP, GPD_GROUP_IMPACT_FINDING, 1},
	{GPD_PART_GROUP, GPD_GROUP_PROCESS_FINDING, 1},
	{GPD_PART_TEXT, GPD_TEXT_EVIDENCE_NOTES, 1},
	{GPD_PART_GROUP, GPD_GROUP_REPORT, 0},
	{GPD_PART_CONTACT, 0, 0},
	{GPD_PART_ATTACHMENTS, 0, 0},
};

const gpd_form_step *gpd_form_steps(size_t *count)
{
	*count = N(steps);
	return steps;
}
