/* record_xml.c: serialising the record model to record XML. Written by
 * hand rather than through a DOM so the layout matches the hand-made
 * records in records/ (two-space indent, one element per line, text kept
 * verbatim) and is byte-for-byte reproducible. */
#include "gpdigest/record_xml.h"

#include <stdlib.h>

/* Appends s escaped for XML content (attr: also for a quoted attribute);
 * quotes stay as written in content, as in the hand-made records. */
static void put_escaped(gpd_buf *b, const char *s, int attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': gpd_buf_puts(b, "&amp;"); break;
		case '<': gpd_buf_puts(b, "&lt;"); break;
		case '>': gpd_buf_puts(b, "&gt;"); break;
		case '"':
			gpd_buf_puts(b, attr ? "&quot;" : "\"");
			break;
		case '\n':
			gpd_buf_puts(b, attr ? "&#10;" : "\n");
			break;
		default: gpd_buf_putc(b, *s); break;
		}
	}
}

/* ' xml:lang="lang"' when the part has a language of its own (NULL: none,
 * the record's or the edition's): what the reader keeps (ingest.c's
 * lang_of) is written back, so a record read and written keeps it. */
static void lang_attr(gpd_buf *b, const char *lang)
{
	if (lang == NULL)
		return;
	gpd_buf_puts(b, " xml:lang=\"");
	put_escaped(b, lang, 1);
	gpd_buf_putc(b, '"');
}

/* <name>text</name> on its own line (with lang, its xml:lang); an empty
 * element when text is NULL. */
static void element_lang(gpd_buf *b, int depth, const char *name, const char *text,
	const char *lang)
{
	gpd_buf_printf(b, "%*s<%s", depth * 2, "", name);
	lang_attr(b, lang);
	if (text == NULL) {
		gpd_buf_puts(b, "/>\n");
		return;
	}
	gpd_buf_putc(b, '>');
	put_escaped(b, text, 0);
	gpd_buf_printf(b, "</%s>\n", name);
}

static void element(gpd_buf *b, int depth, const char *name, const char *text)
{
	element_lang(b, depth, name, text, NULL);
}

/* A tick group: its ticks in option order, then its "please specify" texts. */
static void group(gpd_buf *b, int depth, const gpd_record *rec, gpd_group g)
{
	const gpd_option_group *def = gpd_form_group(g);
	int any = rec->ticks[g] != 0;

	for (size_t i = 0; i < rec->nspecified; i++)
		any |= rec->specified[i].group == g;
	gpd_buf_printf(b, "%*s<%s%s\n", depth * 2, "", def->element, any ? ">" : "/>");
	if (!any)
		return;
	for (size_t i = 0; i < def->count; i++)
		if (rec->ticks[g] & GPD_TICK(i))
			gpd_buf_printf(b, "%*s<tick option=\"%s\"/>\n", depth * 2 + 2, "",
				def->options[i].id);
	for (size_t i = 0; i < def->count; i++) {
		const gpd_specified *s = gpd_record_find_specified(rec, g, (unsigned)i);

		if (s == NULL || s->text == NULL)
			continue;
		gpd_buf_printf(b, "%*s<specify option=\"%s\"", depth * 2 + 2, "",
			def->options[i].id);
		lang_attr(b, s->lang);
		gpd_buf_putc(b, '>');
		put_escaped(b, s->text, 0);
		gpd_buf_puts(b, "</specify>\n");
	}
	gpd_buf_printf(b, "%*s</%s>\n", depth * 2, "", def->element);
}

static void text_field(gpd_buf *b, const gpd_record *rec, gpd_text_field t, int depth)
{
	const gpd_text_def *def = gpd_form_text(t);

	if (rec->text[t] != NULL || def->required)
		element_lang(b, depth, def->element, rec->text[t] ? rec->text[t] : "",
			rec->text_lang[t]);
}

static void criteria(gpd_buf *b, const gpd_record *rec)
{
	if (rec->ncriteria == 0) {
		gpd_buf_puts(b, "  <criteria/>\n");
		return;
	}
	gpd_buf_puts(b, "  <criteria>\n");
	for (size_t i = 0; i < rec->ncriteria; i++)
		gpd_buf_printf(b, "    <criterion>%s</criterion>\n", gpd_criterion_str(rec->criteria[i]).s);
	gpd_buf_puts(b, "  </criteria>\n");
}

static void evidence(gpd_buf *b, const gpd_record *rec)
{
	static const gpd_group groups[] = {GPD_GROUP_EVIDENCE_BASIS,
		GPD_GROUP_IMPACT_SOURCE, GPD_GROUP_IMPACT_FINDING,
		GPD_GROUP_PROCESS_FINDING};

	gpd_buf_puts(b, "  <evidence>\n");
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		group(b, 2, rec, groups[i]);
	text_field(b, rec, GPD_TEXT_EVIDENCE_NOTES, 2);
	gpd_buf_puts(b, "  </evidence>\n");
}

static void contact(gpd_buf *b, const gpd_record *rec)
{
	int any = 0;

	for (int f = 0; f < GPD_CONTACT__COUNT; f++)
		any |= rec->contact[f] != NULL;
	if (!any)
		return;
	gpd_buf_puts(b, "  <contact>\n");
	for (int f = 0; f < GPD_CONTACT__COUNT; f++)
		if (rec->contact[f] != NULL)
			element(b, 2, gpd_form_contact((gpd_contact_field)f)->element,
				rec->contact[f]);
	gpd_buf_puts(b, "  </contact>\n");
}

static void attachments(gpd_buf *b, const gpd_record *rec)
{
	if (rec->nattachments == 0)
		return;
	gpd_buf_puts(b, "  <attachments>\n");
	for (size_t i = 0; i < rec->nattachments; i++) {
		gpd_buf_puts(b, "    <attachment title=\"");
		put_escaped(b, rec->attachments[i].title ? rec->attachments[i].title : "", 1);
		gpd_buf_putc(b, '"');
		lang_attr(b, rec->attachments[i].lang);
		gpd_buf_putc(b, '>');
		put_escaped(b, rec->attachments[i].body ? rec->attachments[i].body : "", 0);
		gpd_buf_puts(b, "</attachment>\n");
	}
	gpd_buf_puts(b, "  </attachments>\n");
}

void gpd_record_xml(const gpd_record *rec, gpd_buf *b)
{
	gpd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<record xmlns=\"" GPD_RECORD_NS "\" version=\"" GPD_RECORD_VERSION
		"\" id=\"");
	put_escaped(b, rec->id ? rec->id : "", 1);
	gpd_buf_putc(b, '"');
	lang_attr(b, rec->lang);
	gpd_buf_puts(b, ">\n");
	element(b, 1, "title", rec->title ? rec->title : "");
	element(b, 1, "authority", rec->authority ? rec->authority : "");
	element(b, 1, "received", rec->received ? rec->received : "");
	criteria(b, rec);
	group(b, 1, rec, GPD_GROUP_OUTCOME);
	element(b, 1, "agency", rec->agency ? rec->agency : "");
	group(b, 1, rec, GPD_GROUP_TARGET);
	text_field(b, rec, GPD_TEXT_PURPOSE, 1);
	text_field(b, rec, GPD_TEXT_DESCRIPTION, 1);
	text_field(b, rec, GPD_TEXT_STRUCTURES, 1);
	group(b, 1, rec, GPD_GROUP_AGENCY_TYPE);
	group(b, 1, rec, GPD_GROUP_REGION);
	text_field(b, rec, GPD_TEXT_TOOLS, 1);
	evidence(b, rec);
	group(b, 1, rec, GPD_GROUP_REPORT);
	contact(b, rec);
	attachments(b, rec);
	gpd_buf_puts(b, "</record>\n");
}

char *gpd_record_to_xml(const gpd_record *rec, size_t *len)
{
	gpd_buf b = {0};

	gpd_record_xml(rec, &b);
	*len = b.len;
	return gpd_buf_take(&b);
}
