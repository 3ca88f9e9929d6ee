/* test_ingest.c: record bytes to the model: every field lands, positions are kept, bad input is refused. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/hash.h"
#include "gpdigest/ingest.h"
#include "gpdigest/load.h"
#include "gpdigest/record.h"

/* A record using every part of the format; the comment is its line number. */
static const char full[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                   /* 1 */
	"<record xmlns=\"urn:x-gpdigest:record\" version=\"1\" id=\"sample-record\">\n"    /* 2 */
	"  <title>Sample title</title>\n"                                                /* 3 */
	"  <authority>Sampleton</authority>\n"                                           /* 4 */
	"  <received>2026-01-02</received>\n"                                            /* 5 */
	"  <criteria>\n"                                                                 /* 6 */
	"    <criterion>2.11</criterion>\n"                                              /* 7 */
	"    <criterion>1.4</criterion>\n"                                               /* 8 */
	"  </criteria>\n"                                                                /* 9 */
	"  <outcomes>\n"                                                                 /* 10 */
	"    <tick option=\"stay-safe\"/>\n"                                             /* 11 */
	"    <tick option=\"achieve-economic-well-being\"/>\n"                           /* 12 */
	"  </outcomes>\n"                                                                /* 13 */
	"  <agency>Sample Leaving Care Team, Sampleton &amp; District</agency>\n"        /* 14 */
	"  <target-groups>\n"                                                            /* 15 */
	"    <tick option=\"uasc\"/>\n"                                                  /* 16 */
	"    <tick option=\"others\"/>\n"                                                /* 17 */
	"    <specify option=\"others\">Grandparents</specify>\n"                        /* 18 */
	"  </target-groups>\n"                                                           /* 19 */
	"  <purpose>\n"                                                                  /* 20 */
	"    First paragraph\n"                                                          /* 21 */
	"    goes on.\n"                                                                 /* 22 */
	"\n"                                                                             /* 23 */
	"    - one\n"                                                                    /* 24 */
	"      continued\n"                                                              /* 25 */
	"    - two\n"                                                                    /* 26 */
	"  </purpose>\n"                                                                 /* 27 */
	"  <description>What was done &lt;and&gt; why.</description>\n"                 /* 28 */
	"  <structures>Posts\n"                                                          /* 29 */
	"  and groups</structures>\n"                                                    /* 30 */
	"  <agency-types>\n"                                                             /* 31 */
	"    <tick option=\"la-unitary\"/>\n"                                            /* 32 */
	"    <tick option=\"multi-agency\"/>\n"                                          /* 33 */
	"    <specify option=\"multi-agency\">PCT and police</specify>\n"                /* 34 */
	"  </agency-types>\n"                                                            /* 35 */
	"  <regions><tick option=\"national\"/><specify option=\"national\">Wales</specify></regions>\n" /* 36 */
	"  <tools>A toolkit</tools>\n"                                                   /* 37 */
	"  <evidence>\n"                                                                 /* 38 */
	"    <evidence-basis><tick option=\"local-research\"/></evidence-basis>\n"       /* 39 */
	"    <impact-source><tick option=\"none\"/><tick option=\"not-known\"/></impact-source>\n" /* 40 */
	"    <impact-findings><tick option=\"other\"/></impact-findings>\n"              /* 41 */
	"    <process-findings><tick option=\"not-known\"/></process-findings>\n"        /* 42 */
	"    <notes>Award 2005.</notes>\n"                                               /* 43 */
	"  </evidence>\n"                                                                /* 44 */
	"  <report-available><tick option=\"yes\"/></report-available>\n"                /* 45 */
	"  <contact>\n"                                                                  /* 46 */
	"    <name>Ann Example</name>\n"                                                 /* 47 */
	"    <address>1 High Street\n"                                                   /* 48 */
	"    Sampleton</address>\n"                                                      /* 49 */
	"    <tel>0100 000 000</tel>\n"                                                  /* 50 */
	"    <email>ann@example.org</email>\n"                                           /* 51 */
	"    <fax></fax>\n"                                                              /* 52 */
	"    <mob>  </mob>\n"                                                            /* 53 */
	"  </contact>\n"                                                                 /* 54 */
	"  <attachments>\n"                                                              /* 55 */
	"    <attachment title=\"Contact policy\">\n"                                    /* 56 */
	"      # Contact policy\n"                                                       /* 57 */
	"\n"                                                                             /* 58 */
	"      1. Introduction\n"                                                        /* 59 */
	"\n"                                                                             /* 60 */
	"          indented code stays indented\n"                                       /* 61 */
	"    </attachment>\n"                                                            /* 62 */
	"    <attachment title=\"Empty\"/>\n"                                            /* 63 */
	"  </attachments>\n"                                                             /* 64 */
	"</record>\n";                                                                   /* 65 */

/* Only the required parts. */
static const char minimal[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<record xmlns=\"urn:x-gpdigest:record\" version=\"1\" id=\"minimal\">\n"
	"<title>T</title><authority>A</authority><received>2026-11-23</received>\n"
	"<criteria/><agency>Ag</agency><purpose>P</purpose><description>D</description>\n"
	"</record>\n";

typedef struct fixture {
	gpd_diag *diag;
	gpd_ingest *in;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	f->in = f->diag ? gpd_ingest_new(f->diag) : NULL;
	if (f->in == NULL)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	gpd_ingest_free(f->in);
	gpd_diag_free(f->diag);
	free(f);
	return 0;
}

static gpd_record *ingest(fixture *f, const char *name, const char *text)
{
	return gpd_ingest_memory(f->in, name, text, strlen(text));
}

/* Asserts the collector holds exactly one diagnostic, with this code,
 * naming this file (and this line when line > 0). */
static void expect_one(fixture *f, const char *name, gpd_msg code, unsigned line)
{
	const gpd_diagnostic *g;

	if (gpd_diag_size(f->diag) != 1) {
		for (size_t i = 0; i < gpd_diag_size(f->diag); i++)
			print_message("  %s\n", gpd_diag_at(f->diag, i)->text);
		fail_msg("expected 1 diagnostic [%s], got %zu", gpd_msg_name(code),
			gpd_diag_size(f->diag));
	}
	g = gpd_diag_at(f->diag, 0);
	if (g->code != code)
		fail_msg("expected [%s], got [%s]: %s", gpd_msg_name(code),
			gpd_msg_name(g->code), g->text);
	assert_non_null(g->file);
	assert_string_equal(g->file, name);
	if (line > 0)
		assert_int_equal(g->line, line);
	assert_true(g->line > 0);
	assert_true(g->col > 0);
}

/* Asserts the first diagnostic has this code (libxml2 may add consequences). */
static void expect_first(fixture *f, const char *name, gpd_msg code)
{
	const gpd_diagnostic *g = gpd_diag_at(f->diag, 0);

	assert_non_null(g);
	if (g->code != code)
		fail_msg("expected [%s], got [%s]: %s", gpd_msg_name(code),
			gpd_msg_name(g->code), g->text);
	assert_string_equal(g->file, name);
	for (size_t i = 0; i < gpd_diag_size(f->diag); i++)
		assert_true(gpd_diag_at(f->diag, i)->level >= GPD_LEVEL_ERROR);
}

static void test_full_record(void **state)
{
	fixture *f = *state;
	gpd_record *r = ingest(f, "dir/sample-record.xml", full);
	const gpd_option_group *tg = gpd_form_group(GPD_GROUP_TARGET);

	if (r == NULL) {
		for (size_t i = 0; i < gpd_diag_size(f->diag); i++)
			print_message("  %s\n", gpd_diag_at(f->diag, i)->text);
		fail_msg("the full record did not ingest");
	}
	assert_int_equal(gpd_diag_size(f->diag), 0);

	assert_string_equal(r->path, "dir/sample-record.xml");
	assert_string_equal(r->id, "sample-record");
	assert_string_equal(r->title, "Sample title");
	assert_string_equal(r->authority, "Sampleton");
	assert_string_equal(r->received, "2026-01-02");
	assert_string_equal(r->agency, "Sample Leaving Care Team, Sampleton & District");

	/* criteria in document order, not sorted */
	assert_int_equal(r->ncriteria, 2);
	assert_int_equal(r->criteria[0].standard, 2);
	assert_int_equal(r->criteria[0].number, 11);
	assert_int_equal(r->criteria[1].standard, 1);
	assert_int_equal(r->criteria[1].number, 4);

	/* tick bits: exactly the boxes ticked */
	assert_int_equal(r->ticks[GPD_GROUP_OUTCOME], GPD_TICK(1) | GPD_TICK(4));
	assert_int_equal(r->ticks[GPD_GROUP_TARGET],
		GPD_TICK(gpd_form_find_id(GPD_GROUP_TARGET, "uasc")) |
		GPD_TICK(tg->count - 1));
	assert_int_equal(r->ticks[GPD_GROUP_AGENCY_TYPE],
		GPD_TICK(0) | GPD_TICK(gpd_form_find_id(GPD_GROUP_AGENCY_TYPE, "multi-agency")));
	assert_int_equal(r->ticks[GPD_GROUP_REGION], GPD_TICK(0));
	assert_int_equal(r->ticks[GPD_GROUP_EVIDENCE_BASIS],
		GPD_TICK(gpd_form_find_id(GPD_GROUP_EVIDENCE_BASIS, "local-research")));
	assert_int_equal(r->ticks[GPD_GROUP_IMPACT_SOURCE], GPD_TICK(3) | GPD_TICK(4));
	assert_int_equal(r->ticks[GPD_GROUP_IMPACT_FINDING], GPD_TICK(2));
	assert_int_equal(r->ticks[GPD_GROUP_PROCESS_FINDING], GPD_TICK(3));
	assert_int_equal(r->ticks[GPD_GROUP_REPORT], GPD_TICK(0));

	/* "please specify" texts, by group and option */
	assert_int_equal(r->nspecified, 3);
	assert_string_equal(gpd_record_specified(r, GPD_GROUP_TARGET,
		(unsigned)(tg->count - 1)), "Grandparents");
	assert_string_equal(gpd_record_specified(r, GPD_GROUP_AGENCY_TYPE,
		(unsigned)gpd_form_find_id(GPD_GROUP_AGENCY_TYPE, "multi-agency")),
		"PCT and police");
	assert_string_equal(gpd_record_specified(r, GPD_GROUP_REGION, 0), "Wales");
	assert_null(gpd_record_specified(r, GPD_GROUP_AGENCY_TYPE,
		(unsigned)gpd_form_find_id(GPD_GROUP_AGENCY_TYPE, "other")));

	/* free texts: entities decoded, indentation removed so CommonMark is
	 * not read as a code block, inner structure kept */
	assert_string_equal(r->text[GPD_TEXT_PURPOSE],
		"First paragraph\ngoes on.\n\n- one\n  continued\n- two");
	assert_string_equal(r->text[GPD_TEXT_DESCRIPTION], "What was done <and> why.");
	/* the first line has no indent, so nothing is removed */
	assert_string_equal(r->text[GPD_TEXT_STRUCTURES], "Posts\n  and groups");
	assert_string_equal(r->text[GPD_TEXT_TOOLS], "A toolkit");
	assert_string_equal(r->text[GPD_TEXT_EVIDENCE_NOTES], "Award 2005.");

	/* contact: blank fields read as absent */
	assert_string_equal(r->contact[GPD_CONTACT_NAME], "Ann Example");
	assert_string_equal(r->contact[GPD_CONTACT_ADDRESS], "1 High Street\n    Sampleton");
	assert_string_equal(r->contact[GPD_CONTACT_TEL], "0100 000 000");
	assert_string_equal(r->contact[GPD_CONTACT_EMAIL], "ann@example.org");
	assert_null(r->contact[GPD_CONTACT_FAX]);
	assert_null(r->contact[GPD_CONTACT_MOB]);

	/* attachments: title, dedented CommonMark body; an empty one is "" */
	assert_int_equal(r->nattachments, 2);
	assert_string_equal(r->attachments[0].title, "Contact policy");
	assert_string_equal(r->attachments[0].body,
		"# Contact policy\n\n1. Introduction\n\n    indented code stays indented");
	assert_string_equal(r->attachments[1].title, "Empty");
	assert_non_null(r->attachments[1].body);
	assert_string_equal(r->attachments[1].body, "");
	assert_int_equal(r->nwarnings, 0);
	gpd_record_free(r);
}

static void assert_pos(gpd_pos p, unsigned line, unsigned col)
{
	if (p.line != line || p.col != col)
		fail_msg("position %u:%u, expected %u:%u", p.line, p.col, line, col);
}

static void test_positions(void **state)
{
	fixture *f = *state;
	gpd_record *r = ingest(f, "sample-record.xml", full);

	assert_non_null(r);
	assert_pos(r->pos[GPD_FIELD_RECORD], 2, 1);
	assert_pos(r->pos[GPD_FIELD_TITLE], 3, 3);
	assert_pos(r->pos[GPD_FIELD_AUTHORITY], 4, 3);
	assert_pos(r->pos[GPD_FIELD_RECEIVED], 5, 3);
	assert_pos(r->pos[GPD_FIELD_CRITERIA], 6, 3);
	assert_pos(r->criteria[0].pos, 7, 5);
	assert_pos(r->criteria[1].pos, 8, 5);
	assert_pos(r->group_pos[GPD_GROUP_OUTCOME], 10, 3);
	assert_pos(r->pos[GPD_FIELD_AGENCY], 14, 3);
	assert_pos(r->group_pos[GPD_GROUP_TARGET], 15, 3);
	assert_pos(r->specified[0].pos, 18, 5);
	assert_pos(r->text_pos[GPD_TEXT_PURPOSE], 20, 3);
	assert_pos(r->text_pos[GPD_TEXT_DESCRIPTION], 28, 3);
	assert_pos(r->group_pos[GPD_GROUP_AGENCY_TYPE], 31, 3);
	/* several elements on one line: each found at its own column */
	assert_pos(r->group_pos[GPD_GROUP_REGION], 36, 3);
	assert_pos(r->specified[2].pos, 36, 37);
	assert_pos(r->group_pos[GPD_GROUP_EVIDENCE_BASIS], 39, 5);
	assert_pos(r->text_pos[GPD_TEXT_EVIDENCE_NOTES], 43, 5);
	assert_pos(r->group_pos[GPD_GROUP_REPORT], 45, 3);
	assert_pos(r->pos[GPD_FIELD_CONTACT], 46, 3);
	assert_pos(r->contact_pos[GPD_CONTACT_EMAIL], 51, 5);
	assert_pos(r->attachments[0].pos, 56, 5);
	assert_pos(r->attachments[1].pos, 63, 5);
	/* absent groups have no position */
	gpd_record_free(r);

	r = ingest(f, "minimal.xml", minimal);
	assert_non_null(r);
	assert_pos(r->group_pos[GPD_GROUP_OUTCOME], 0, 0);
	assert_pos(r->text_pos[GPD_TEXT_TOOLS], 0, 0);
	assert_pos(r->pos[GPD_FIELD_AGENCY], 4, 12);
	assert_pos(r->text_pos[GPD_TEXT_DESCRIPTION], 4, 51);
	gpd_record_free(r);
}

static void test_minimal_record(void **state)
{
	fixture *f = *state;
	gpd_record *r = ingest(f, "minimal.xml", minimal);

	assert_non_null(r);
	assert_int_equal(gpd_diag_size(f->diag), 0);
	assert_string_equal(r->id, "minimal");
	assert_int_equal(r->ncriteria, 0);
	assert_int_equal(r->nspecified, 0);
	assert_int_equal(r->nattachments, 0);
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		assert_int_equal(r->ticks[g], 0);
	assert_string_equal(r->text[GPD_TEXT_PURPOSE], "P");
	assert_null(r->text[GPD_TEXT_STRUCTURES]);
	assert_null(r->text[GPD_TEXT_TOOLS]);
	assert_null(r->text[GPD_TEXT_EVIDENCE_NOTES]);
	for (int c = 0; c < GPD_CONTACT__COUNT; c++)
		assert_null(r->contact[c]);
	gpd_record_free(r);
}

/* Removing the XML's indentation never changes what a text means: a field
 * indented as code past its closing tag's line (more than one level) stays
 * code; prose one level in loses its indentation, however deep the XML. */
static void test_dedent_keeps_code(void **state)
{
	fixture *f = *state;
	gpd_record *r = ingest(f, "minimal.xml",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<record xmlns=\"urn:x-gpdigest:record\" version=\"1\" id=\"minimal\">\n"
		"<title>T</title><authority>A</authority><received>2026-11-23</received>\n"
		"<criteria/><agency>Ag</agency>\n"
		"    <purpose>\n"
		"      Prose, one level in.\n"
		"    </purpose>\n"
		"  <description>\n"
		"        def x():\n"
		"\n"
		"            return 1\n"
		"  </description>\n"
		"  <tools>\n"
		"        Ends on the tag's line, so all\n"
		"        shared indentation goes</tools>\n"
		"</record>\n");

	assert_non_null(r);
	assert_string_equal(r->text[GPD_TEXT_PURPOSE], "Prose, one level in.");
	assert_string_equal(r->text[GPD_TEXT_DESCRIPTION], "    def x():\n\n        return 1");
	assert_string_equal(r->text[GPD_TEXT_TOOLS],
		"Ends on the tag's line, so all\nshared indentation goes");
	gpd_record_free(r);
}

/* One substitution in the minimal record; the result must be refused. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n;
	char *out;

	if (at == NULL)
		fail_msg("'%s' not in the record", from);
	n = strlen(text) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	return out;
}

static void refused(fixture *f, const char *from, const char *to, gpd_msg code)
{
	char *text = replace(minimal, from, to);
	gpd_record *r = ingest(f, "case.xml", text);

	if (r != NULL)
		fail_msg("accepted after replacing '%s' by '%s'", from, to);
	expect_first(f, "case.xml", code);
	free(text);
}

static void test_schema_refusals(void **state)
{
	static const struct { const char *from, *to; } cases[] = {
		{"<purpose>P</purpose>", ""},                     /* missing required */
		{"version=\"1\"", "version=\"2\""},                /* unknown version */
		{"version=\"1\"", ""},                             /* no version */
		{"id=\"minimal\"", "id=\"Minimal\""},              /* id not a slug */
		{"id=\"minimal\"", ""},                            /* no id */
		{"2026-11-23", "23/11/2026"},                      /* not a date */
		{"<criteria/>", "<criteria><criterion>02.4</criterion></criteria>"},
		{"<criteria/>", "<criteria><criterion>2.4.1</criterion></criteria>"},
		{"<criteria/>", "<criteria><criterion> 2.4</criterion></criteria>"},
		{"<criteria/>", "<criteria/><outcomes><tick option=\"be-happy\"/></outcomes>"},
		{"<criteria/>", "<criteria/><outcomes><tick option=\"stay-safe\"/>"
			"<tick option=\"stay-safe\"/></outcomes>"},      /* ticked twice */
		{"<criteria/>", "<criteria/><outcomes><specify option=\"stay-safe\">x</specify></outcomes>"},
		{"<title>T</title>", "<title>T</title><title>U</title>"},
		{"<title>T</title>", "<title>T&#10;U</title>"},    /* a line field */
		{"<description>D</description>", "<description>D</description>"
			"<report-available><tick option=\"yes\"/><tick option=\"no\"/></report-available>"},
		{"<description>D</description>", "<description><b>D</b></description>"},
		{"<description>D</description>", "<description>D</description><extra/>"},
		{"<agency>Ag</agency>", "<agency>Ag</agency><fun xmlns=\"urn:other\"/>"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture *f;

		teardown(state);
		assert_int_equal(setup(state), 0);
		f = *state;
		refused(f, cases[i].from, cases[i].to, GPD_E_SCHEMA);
	}
}

static void test_root_and_namespace(void **state)
{
	fixture *f = *state;
	char *t = replace(minimal, "urn:x-gpdigest:record", "urn:x-gpdigest:other");
	gpd_record *r = ingest(f, "ns.xml", t);

	assert_null(r);
	expect_one(f, "ns.xml", GPD_E_SCHEMA, 2);
	assert_non_null(strstr(gpd_diag_at(f->diag, 0)->text, "urn:x-gpdigest:other"));
	free(t);

	teardown(state);
	setup(state);
	f = *state;
	t = replace(minimal, " xmlns=\"urn:x-gpdigest:record\"", "");
	assert_null(ingest(f, "nons.xml", t));
	expect_one(f, "nons.xml", GPD_E_SCHEMA, 2);
	assert_non_null(strstr(gpd_diag_at(f->diag, 0)->text, "no namespace"));
	free(t);

	teardown(state);
	setup(state);
	f = *state;
	assert_null(ingest(f, "root.xml",
		"<standards xmlns=\"urn:x-gpdigest:standards\"/>"));
	expect_one(f, "root.xml", GPD_E_SCHEMA, 1);
	assert_non_null(strstr(gpd_diag_at(f->diag, 0)->text, "<standards>"));
}

static void test_malformed(void **state)
{
	static const struct { const char *text; gpd_msg code; unsigned line; } cases[] = {
		{"<record xmlns=\"urn:x-gpdigest:record\">\n<title>x</record>\n", GPD_E_XML, 2},
		{"just text\n", GPD_E_XML, 1},
		{"<?xml version=\"1.0\"?>\n<!-- nothing but a comment -->\n", GPD_E_XML, 0},
		{"<a>\xC3\x28</a>", GPD_E_ENCODING, 1},           /* broken sequence */
		{"<a>\n\n\xC0\xAF</a>", GPD_E_ENCODING, 3},        /* overlong '/' */
		{"<a>\xED\xA0\x80</a>", GPD_E_ENCODING, 1},        /* UTF-16 surrogate */
		{"<a>\xF4\x90\x80\x80</a>", GPD_E_ENCODING, 1},    /* past U+10FFFF */
		{"<a>caf\xE9</a>", GPD_E_ENCODING, 1},             /* Latin-1 */
		{"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>caf\xC3\xA9</a>",
			GPD_E_ENCODING, 1},                            /* mislabelled */
		{"<a>\x01</a>", GPD_E_XML, 1},                     /* control character */
		{"<a>&#27;</a>", GPD_E_XML, 1},
		{"<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", GPD_E_DTD, 1},
		{"<a>&x;</a>", GPD_E_XML, 1},                      /* undeclared entity: named, never expanded */
		{"<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>", GPD_E_DTD, 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture *f;

		teardown(state);
		assert_int_equal(setup(state), 0);
		f = *state;
		if (ingest(f, "bad.xml", cases[i].text) != NULL)
			fail_msg("case %zu was accepted", i);
		/* libxml2 may add consequences (at most 5 in all); the first
		 * diagnostic is the cause */
		expect_first(f, "bad.xml", cases[i].code);
		assert_true(gpd_diag_size(f->diag) <= 5);
		if (cases[i].line > 0)
			assert_int_equal(gpd_diag_at(f->diag, 0)->line, cases[i].line);
		if (cases[i].code != GPD_E_XML)
			assert_int_equal(gpd_diag_size(f->diag), 1);
	}
}

static void test_empty_and_entities_free(void **state)
{
	fixture *f = *state;

	assert_null(gpd_ingest_memory(f->in, "empty.xml", "", 0));
	expect_one(f, "empty.xml", GPD_E_EMPTY_FILE, 1);

	/* the five predefined entities and character references are fine */
	{
		char *t = replace(minimal, "<purpose>P</purpose>",
			"<purpose>&lt;&gt;&amp;&quot;&apos;&#233;&#x263A;</purpose>");
		gpd_record *r;

		teardown(state);
		setup(state);
		f = *state;
		r = ingest(f, "minimal.xml", t);
		assert_non_null(r);
		assert_string_equal(r->text[GPD_TEXT_PURPOSE], "<>&\"'\xC3\xA9\xE2\x98\xBA");
		gpd_record_free(r);
		free(t);
	}
}

/* A reader is reusable: a bad file does not spoil the next good one. */
static void test_reuse_after_error(void **state)
{
	fixture *f = *state;
	gpd_record *r;

	assert_null(ingest(f, "bad.xml", "<oops"));
	r = ingest(f, "minimal.xml", minimal);
	assert_non_null(r);
	gpd_record_free(r);
	r = ingest(f, "sample-record.xml", full);
	assert_non_null(r);
	gpd_record_free(r);
	assert_int_equal(gpd_diag_size(f->diag), 1);
}

/* A reader keeps one schema validation context from record to record:
 * a record the schema refuses gets the same messages from it as from a
 * new reader, every time, and leaves nothing behind for the next. */
static void test_schema_context_reused(void **state)
{
	fixture *f = *state;
	const char *head = "<title>T</title>";
	char *untitled = malloc(sizeof(minimal));
	const char *at = strstr(minimal, head);
	gpd_diag *fresh_diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_ingest *fresh = gpd_ingest_new(fresh_diag);
	gpd_record *r;
	size_t n;

	assert_non_null(untitled);
	assert_non_null(at);
	assert_non_null(fresh);
	/* the minimal record without its title: well-formed, not valid */
	memcpy(untitled, minimal, (size_t)(at - minimal));
	strcpy(untitled + (at - minimal), at + strlen(head));
	assert_null(gpd_ingest_memory(fresh, "untitled.xml", untitled, strlen(untitled)));
	n = gpd_diag_size(fresh_diag);
	assert_true(n > 0);

	r = ingest(f, "minimal.xml", minimal);
	assert_non_null(r);
	gpd_record_free(r);
	assert_int_equal(gpd_diag_size(f->diag), 0);
	for (int round = 1; round <= 2; round++) {
		assert_null(ingest(f, "untitled.xml", untitled));
		assert_int_equal(gpd_diag_size(f->diag), round * n);
		for (size_t i = 0; i < n; i++) {
			const gpd_diagnostic *a = gpd_diag_at(f->diag, (round - 1) * n + i);
			const gpd_diagnostic *b = gpd_diag_at(fresh_diag, i);

			assert_int_equal(a->code, b->code);
			assert_int_equal(a->line, b->line);
			assert_int_equal(a->col, b->col);
			assert_string_equal(a->text ? a->text : "", b->text ? b->text : "");
		}
		r = ingest(f, "sample-record.xml", full);
		assert_non_null(r);
		gpd_record_free(r);
		assert_int_equal(gpd_diag_size(f->diag), round * n);
	}
	gpd_ingest_free(fresh);
	gpd_diag_free(fresh_diag);
	free(untitled);
}

/* A reader keeps its parser context from one clean document to the next:
 * each of these, read in turn by one reader, gets the same diagnostics as
 * from a new reader, whatever came before it (a namespace prefix declared
 * in the one before is not known in the next; a parse stopped at a
 * DOCTYPE or broken off leaves nothing behind). */
static void test_parser_context_reused(void **state)
{
	static const char prefixed[] =
		"<record xmlns=\"urn:x-gpdigest:record\" xmlns:p=\"urn:p\" version=\"1\" "
		"id=\"p\"><p:x/></record>\n";
	static const char undeclared[] =
		"<record xmlns=\"urn:x-gpdigest:record\" version=\"1\" id=\"p\"><p:x/></record>\n";
	static const char doctype[] =
		"<!DOCTYPE record [<!ENTITY e \"x\">]>\n<record>&e;</record>\n";
	static const char latin1[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<record/>\n";
	static const char unclosed[] =
		"<record xmlns=\"urn:x-gpdigest:record\" xmlns:p=\"urn:p\"><p:x>";
	char deep[64 + 300 * 5 + 1]; /* past libxml2's depth, where it halts */
	const char *const docs[] = {minimal, prefixed, undeclared, prefixed, doctype, full,
		unclosed, undeclared, minimal, latin1, deep, undeclared, full, undeclared};
	fixture *f = *state;

	strcpy(deep, "<record xmlns=\"urn:x-gpdigest:record\" xmlns:p=\"urn:p\">");
	for (int i = 0; i < 300; i++)
		strcat(deep, "<p:x>");

	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		gpd_diag *fresh_diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_ingest *fresh = gpd_ingest_new(fresh_diag);
		size_t before = gpd_diag_size(f->diag), n;
		gpd_record *a, *b;

		assert_non_null(fresh);
		a = ingest(f, "doc.xml", docs[d]);
		b = gpd_ingest_memory(fresh, "doc.xml", docs[d], strlen(docs[d]));
		assert_int_equal(a != NULL, b != NULL);
		n = gpd_diag_size(fresh_diag);
		assert_int_equal(gpd_diag_size(f->diag) - before, n);
		for (size_t i = 0; i < n; i++) {
			const gpd_diagnostic *x = gpd_diag_at(f->diag, before + i);
			const gpd_diagnostic *y = gpd_diag_at(fresh_diag, i);

			assert_int_equal(x->code, y->code);
			assert_int_equal(x->line, y->line);
			assert_int_equal(x->col, y->col);
			assert_string_equal(x->text ? x->text : "", y->text ? y->text : "");
		}
		/* the cases that should fail do, and say so */
		assert_int_equal(n == 0, docs[d] == minimal || docs[d] == full);
		gpd_record_free(a);
		gpd_record_free(b);
		gpd_ingest_free(fresh);
		gpd_diag_free(fresh_diag);
	}
}

/* A kept parser context remembers every name it has read (libxml2's
 * dictionary, which refuses to grow past 10 MB): a reader of many files
 * of distinct names (24 MB of them in all) reads the last as the first,
 * not out of memory. */
static void test_parser_context_names_bounded(void **state)
{
	enum { FILES = 120, NAMES = 20000 };
	fixture *f = *state;
	gpd_buf doc = {0};

	for (int d = 0; d < FILES; d++) {
		gpd_buf_free(&doc);
		gpd_buf_puts(&doc, "<r>");
		for (int i = 0; i < NAMES; i++)
			gpd_buf_printf(&doc, "<n%03d%05d/>", d, i);
		gpd_buf_puts(&doc, "</r>\n");
		assert_false(gpd_buf_failed(&doc));
		assert_null(ingest(f, "names.xml", doc.data));
		/* the root is not a record: that is all there is to say */
		assert_int_equal(gpd_diag_size(f->diag), (size_t)d + 1);
		assert_int_equal(gpd_diag_at(f->diag, (size_t)d)->code, GPD_E_SCHEMA);
	}
	gpd_buf_free(&doc);
}

static void test_ingest_file(void **state)
{
	fixture *f = *state;
	char dir[] = "/tmp/gpd-test-ingest-XXXXXX";
	char path[128], link[128];
	FILE *out;
	gpd_record *r;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/minimal.xml", dir);
	out = fopen(path, "wb");
	assert_non_null(out);
	fputs(minimal, out);
	fclose(out);
	r = gpd_ingest_file(f->in, path);
	assert_non_null(r);
	assert_string_equal(r->path, path);
	/* the file's bytes hashed, for a build; a check that builds nothing
	 * turns that off */
	assert_true(r->source_hash == gpd_hash(GPD_HASH_INIT, minimal, strlen(minimal)));
	gpd_record_free(r);
	gpd_ingest_set_hash(f->in, 0);
	r = gpd_ingest_file(f->in, path);
	assert_non_null(r);
	assert_true(r->source_hash == 0);
	gpd_record_free(r);
	gpd_ingest_set_hash(f->in, 1);

	/* a missing file is an I/O problem (exit 2), not bad content */
	snprintf(path, sizeof(path), "%s/missing.xml", dir);
	assert_null(gpd_ingest_file(f->in, path));
	assert_int_equal(gpd_diag_size(f->diag), 1);
	assert_int_equal(gpd_diag_at(f->diag, 0)->level, GPD_LEVEL_FATAL);
	assert_int_equal(gpd_diag_at(f->diag, 0)->code, GPD_F_IO);

	/* a folder is not a record file */
	assert_null(gpd_ingest_file(f->in, dir));
	assert_int_equal(gpd_diag_at(f->diag, 1)->code, GPD_F_NOT_REGULAR);

	/* nor is a symbolic link, even to a good record */
	snprintf(link, sizeof(link), "%s/link.xml", dir);
	snprintf(path, sizeof(path), "%s/minimal.xml", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_null(gpd_ingest_file(f->in, link));
	assert_int_equal(gpd_diag_size(f->diag), 3);
	assert_int_equal(gpd_diag_at(f->diag, 2)->code, GPD_F_NOT_REGULAR);
	assert_string_equal(gpd_diag_at(f->diag, 2)->file, link);
	unlink(link);

	unlink(path);
	rmdir(dir);
}

/* gpd_load_records over the seed records: all ingest, none is an error. */
static void test_load_seed_records(void **state)
{
	const char *src = getenv("GPD_SOURCE_DIR");
	char path[4096];
	const char *paths[1] = {path};
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_records recs;

	(void)state;
	snprintf(path, sizeof(path), "%s/records", src ? src : ".");
	assert_int_equal(gpd_load_records(paths, 1, NULL, d, &recs), 0);
	assert_int_equal(recs.n, 5);
	assert_int_equal(recs.failed, 0);
	assert_int_equal(gpd_diag_count(d, GPD_LEVEL_ERROR), 0);
	assert_int_equal(gpd_diag_count(d, GPD_LEVEL_FATAL), 0);
	/* sorted by file name */
	for (size_t i = 1; i < recs.n; i++)
		assert_true(strcmp(recs.items[i - 1]->path, recs.items[i]->path) < 0);
	assert_string_equal(recs.items[0]->id, "birmingham-peer-education");
	assert_int_equal(recs.items[0]->ncriteria, 0);
	/* seed 001 ticks two agency types */
	assert_string_equal(recs.items[1]->id, "thurrock-sexual-health-worker");
	assert_int_equal(__builtin_popcountll(recs.items[1]->ticks[GPD_GROUP_AGENCY_TYPE]), 2);
	/* 002 and 004 carry attachments */
	for (size_t i = 0; i < recs.n; i++) {
		int has = strcmp(recs.items[i]->id, "tower-hamlets-user-involvement") == 0 ||
			strcmp(recs.items[i]->id, "tower-hamlets-contact-policy") == 0;

		assert_int_equal(recs.items[i]->nattachments > 0, has);
	}
	gpd_records_free(&recs);
	gpd_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dedent_keeps_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_and_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_entities_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reuse_after_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_context_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parser_context_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parser_context_names_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest_file, setup, teardown),
		cmocka_unit_test(test_load_seed_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
