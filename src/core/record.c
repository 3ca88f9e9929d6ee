/* record.c: creating, filling and freeing the record model. */
#include "gpdigest/record.h"
#include "gpdigest/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gpd_record_id_ok(const char *s, size_t n)
{
	if (n == 0 || n > GPD_MAX_ID_CHARS || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

gpd_record *gpd_record_new(void)
{
	return calloc(1, sizeof(gpd_record));
}

void gpd_record_drop_content(gpd_record *rec)
{
	free(rec->title);
	free(rec->received);
	free(rec->agency);
	free(rec->criteria);
	for (size_t i = 0; i < rec->nspecified; i++) {
		free(rec->specified[i].text);
		free(rec->specified[i].lang);
	}
	free(rec->specified);
	for (size_t i = 0; i < GPD_TEXT__COUNT; i++) {
		free(rec->text[i]);
		free(rec->text_lang[i]);
		rec->text[i] = rec->text_lang[i] = NULL;
	}
	free(rec->lang);
	for (size_t i = 0; i < GPD_CONTACT__COUNT; i++) {
		free(rec->contact[i]);
		rec->contact[i] = NULL;
	}
	for (size_t i = 0; i < rec->nattachments; i++) {
		free(rec->attachments[i].title);
		free(rec->attachments[i].body);
		free(rec->attachments[i].lang);
	}
	free(rec->attachments);
	rec->title = rec->received = rec->agency = rec->lang = NULL;
	rec->criteria = NULL;
	rec->specified = NULL;
	rec->attachments = NULL;
	rec->ncriteria = rec->nspecified = rec->nattachments = rec->first_criterion = 0;
}

void gpd_record_free(gpd_record *rec)
{
	if (rec == NULL)
		return;
	gpd_record_drop_content(rec);
	free(rec->path);
	free(rec->id);
	free(rec->authority);
	free(rec);
}

/* Makes room for element `count` of an array that only ever grows through
 * here: its capacity is the power of two at or above count, so it is
 * reallocated only when count is 0 or a power of two. One element at a
 * time made a record of 200,000 attachments or criteria quadratic wherever
 * realloc copies (under ASan: minutes; the schema sets no maximum). */
static void *grow(void *array, size_t count, size_t size)
{
	if (count >= SIZE_MAX / size / 2)
		return NULL;
	if (count > 0 && (count & (count - 1)) != 0)
		return array; /* room left */
	return realloc(array, (count ? 2 * count : 1) * size);
}

int gpd_record_add_criterion(gpd_record *rec, gpd_criterion c)
{
	gpd_criterion *p = grow(rec->criteria, rec->ncriteria, sizeof(*p));

	if (p == NULL)
		return -1;
	rec->criteria = p;
	if (rec->ncriteria > 0 && gpd_criterion_cmp(&c, &p[rec->first_criterion]) < 0)
		rec->first_criterion = rec->ncriteria;
	rec->criteria[rec->ncriteria++] = c;
	return 0;
}

int gpd_record_add_specified(gpd_record *rec, gpd_group group,
	unsigned option, char *text, gpd_pos pos)
{
	gpd_specified *p = grow(rec->specified, rec->nspecified, sizeof(*p));

	if (p == NULL) {
		free(text);
		return -1;
	}
	rec->specified = p;
	p[rec->nspecified++] = (gpd_specified){group, option, text, pos, NULL};
	return 0;
}

const gpd_specified *gpd_record_find_specified(const gpd_record *rec,
	gpd_group group, unsigned option)
{
	for (size_t i = 0; i < rec->nspecified; i++)
		if (rec->specified[i].group == group &&
		    rec->specified[i].option == option)
			return &rec->specified[i];
	return NULL;
}

const char *gpd_record_specified(const gpd_record *rec, gpd_group group,
	unsigned option)
{
	const gpd_specified *s = gpd_record_find_specified(rec, group, option);

	return s != NULL ? s->text : NULL;
}

int gpd_record_add_attachment(gpd_record *rec, char *title, char *body,
	gpd_pos pos)
{
	gpd_attachment *p = grow(rec->attachments, rec->nattachments, sizeof(*p));

	if (p == NULL) {
		free(title);
		free(body);
		return -1;
	}
	rec->attachments = p;
	p[rec->nattachments++] = (gpd_attachment){title, body, pos, NULL};
	return 0;
}

/* Reads 1..999 without a leading zero; returns the end or NULL. */
static const char *parse_part(const char *s, unsigned *out)
{
	unsigned v = 0;
	int digits = 0;

	if (*s == '0')
		return NULL;
	while (*s >= '0' && *s <= '9' && digits < 4) {
		v = v * 10 + (unsigned)(*s++ - '0');
		digits++;
	}
	if (digits == 0 || digits > 3)
		return NULL;
	*out = v;
	return s;
}

int gpd_criterion_parse(const char *text, gpd_criterion *out)
{
	gpd_criterion c = {0, 0, {0, 0}};
	const char *s = parse_part(text, &c.standard);

	if (s == NULL || *s != '.')
		return -1;
	s = parse_part(s + 1, &c.number);
	if (s == NULL || *s != '\0')
		return -1;
	*out = c;
	return 0;
}

int gpd_criterion_cmp(const gpd_criterion *a, const gpd_criterion *b)
{
	if (a->standard != b->standard)
		return a->standard < b->standard ? -1 : 1;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return 0;
}

gpd_criterion_text gpd_criterion_str(gpd_criterion c)
{
	gpd_criterion_text t;

	snprintf(t.s, sizeof(t.s), "%u.%u", c.standard, c.number);
	return t;
}

void gpd_criterion_format(gpd_criterion c, char *buf, size_t n)
{
	if (n > 0)
		snprintf(buf, n, "%s", gpd_criterion_str(c).s);
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
