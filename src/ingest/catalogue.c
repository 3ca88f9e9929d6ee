/* catalogue.c: reads the standards catalogue (templates/standards.xml). */
#include "gpdigest/catalogue.h"

#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/utf8.h"
#include "ingest/xml.h"

typedef struct entry {
	gpd_criterion crit; /* number 0: the Standard itself */
	char *title;        /* NULL when the editor gave none */
} entry;

/* Each part of a criterion number has at most three digits
 * (gpd_criterion_parse), so one bit a number says which are listed. */
#define NUMBERS 1000

struct gpd_catalogue {
	entry *entries;
	size_t n;
	unsigned char *seen; /* while it is read: NUMBERS * NUMBERS bits */
};

void gpd_catalogue_free(gpd_catalogue *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n; i++)
		free(cat->entries[i].title);
	free(cat->entries);
	free(cat->seen);
	free(cat);
}

/* Adds c: 0, 1 when it is listed already, -1 when out of memory. */
static int add(gpd_catalogue *cat, gpd_criterion c, const xmlNode *node)
{
	size_t k = (size_t)c.standard * NUMBERS + c.number;
	xmlChar *t;
	entry *p;

	if (cat->seen[k / 8] & (1u << (k % 8)))
		return 1;
	cat->seen[k / 8] |= (unsigned char)(1u << (k % 8));
	t = xmlGetProp(node, (const xmlChar *)"title");
	p = realloc(cat->entries, (cat->n + 1) * sizeof(*p));
	if (p == NULL) {
		xmlFree(t);
		return -1;
	}
	cat->entries = p;
	p[cat->n].crit = c;
	p[cat->n].title = t && *t ? gpd_strdup((const char *)t) : NULL;
	xmlFree(t);
	if (t != NULL && p[cat->n].title == NULL)
		return -1;
	cat->n++;
	return 0;
}

static void complain(gpd_diag *diag, const char *name, const char *data,
	size_t len, const xmlNode *node, const char *what)
{
	gpd_pos pos = gpd_xml_pos(data, len, node);

	gpd_diag_report(diag, name, pos.line, pos.col, GPD_E_CATALOGUE, what);
}

/* A title="..." that shows nothing (blanks, zero width spaces: the
 * heading printed "Criterion 1.4: " and nothing) or is longer than a
 * one-line field may be (a heading of 100,000 characters was printed
 * whole): said at the element. 1 when so. */
static int bad_title(gpd_diag *diag, const char *name, const char *data, size_t len,
	const xmlNode *node)
{
	xmlChar *t = xmlGetProp(node, (const xmlChar *)"title");
	size_t n = t ? gpd_utf8_chars((const char *)t) : 0;
	gpd_buf b = {0};

	if (t != NULL && gpd_utf8_visibly_empty((const char *)t))
		gpd_buf_printf(&b, "<%s title=\"...\"> shows nothing: leave title out (the heading "
			"reads \"Standard 2 \xC2\xB7 Criterion 2.4\") or give the Standards' own wording",
			(const char *)node->name);
	else if (n > GPD_MAX_LINE_CHARS)
		gpd_buf_printf(&b, "<%s title=\"...\"> is %zu characters long; a title holds at "
			"most %d", (const char *)node->name, n, GPD_MAX_LINE_CHARS);
	xmlFree(t);
	if (b.len == 0 && !gpd_buf_failed(&b))
		return 0;
	complain(diag, name, data, len, node, b.data ? b.data : "a bad title");
	gpd_buf_free(&b);
	return 1;
}

/* Adds c, listed at node; 1 (said) when it was listed before (most
 * likely a typo for a number left out, which nothing else would show),
 * or out of memory. */
static int listed(gpd_catalogue *cat, gpd_criterion c, const xmlNode *node,
	const char *name, const char *data, size_t len, gpd_diag *diag)
{
	gpd_buf b = {0};
	int rc = add(cat, c, node);

	if (rc < 0) {
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		return 1;
	}
	if (rc == 0)
		return 0;
	if (c.number == 0)
		gpd_buf_printf(&b, "standard %u is listed twice: list each standard once, "
			"with all its criteria in it", c.standard);
	else
		gpd_buf_printf(&b, "criterion %s is listed twice: list each criterion once",
			gpd_criterion_str(c).s);
	complain(diag, name, data, len, node, b.data ? b.data : "a number listed twice");
	gpd_buf_free(&b);
	return 1;
}

/* One <standard number="N"> with its <criterion number="N.C"> children. */
static int read_standard(gpd_catalogue *cat, const char *name, const char *data,
	size_t len, const xmlNode *std, gpd_diag *diag)
{
	xmlChar *num = xmlGetProp(std, (const xmlChar *)"number");
	gpd_buf b = {0};
	gpd_criterion s;
	int rc = -1;

	gpd_buf_printf(&b, "%s.1", num ? (const char *)num : "");
	if (gpd_buf_failed(&b)) { /* not the number's fault */
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		goto out;
	}
	if (num == NULL || gpd_criterion_parse(b.data, &s) != 0) {
		complain(diag, name, data, len, std, "a <standard> needs number=\"N\" (1 to 999)");
		goto out;
	}
	s.number = 0;
	if (bad_title(diag, name, data, len, std) || listed(cat, s, std, name, data, len, diag))
		goto out;
	for (const xmlNode *c = std->children; c; c = c->next) {
		xmlChar *cn;
		gpd_criterion crit;
		int bad;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		cn = xmlGetProp(c, (const xmlChar *)"number");
		bad = !gpd_xml_is(c, GPD_CATALOGUE_NS, "criterion") || cn == NULL ||
		      gpd_criterion_parse((const char *)cn, &crit) != 0 ||
		      crit.standard != s.standard;
		xmlFree(cn);
		if (bad) {
			complain(diag, name, data, len, c,
				"expected <criterion number=\"S.C\"/> with S the enclosing standard's number");
			goto out;
		}
		if (bad_title(diag, name, data, len, c) || listed(cat, crit, c, name, data, len, diag))
			goto out;
	}
	rc = 0;
out:
	xmlFree(num);
	gpd_buf_free(&b);
	return rc;
}

gpd_catalogue *gpd_catalogue_parse(const char *name, const char *data,
	size_t len, gpd_diag *diag)
{
	xmlDoc *doc = gpd_xml_parse(name, data, len, diag);
	gpd_catalogue *cat = NULL;
	xmlNode *root;

	if (doc == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (!gpd_xml_is(root, GPD_CATALOGUE_NS, "standards")) {
		complain(diag, name, data, len, root,
			"the catalogue's root must be <standards xmlns=\"" GPD_CATALOGUE_NS "\">");
		goto out;
	}
	cat = calloc(1, sizeof(*cat));
	if (cat != NULL && (cat->seen = calloc(NUMBERS * NUMBERS / 8 + 1, 1)) == NULL) {
		free(cat);
		cat = NULL;
	}
	if (cat == NULL) {
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		goto out;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!gpd_xml_is(c, GPD_CATALOGUE_NS, "standard")) {
			complain(diag, name, data, len, c, "expected <standard>");
			goto fail;
		}
		if (read_standard(cat, name, data, len, c, diag) != 0)
			goto fail;
	}
	goto out;
fail:
	gpd_catalogue_free(cat);
	cat = NULL;
out:
	if (cat != NULL) {
		free(cat->seen);
		cat->seen = NULL;
	}
	xmlFreeDoc(doc);
	return cat;
}

gpd_catalogue *gpd_catalogue_load(const char *path, gpd_diag *diag)
{
	char *data = NULL;
	size_t len = 0;
	gpd_catalogue *cat;

	gpd_xml_harden();
	if (gpd_xml_read_file(path, GPD_MAX_FILE_BYTES, &data, &len, diag) != 0)
		return NULL;
	cat = gpd_catalogue_parse(path, data, len, diag);
	free(data);
	return cat;
}

static const entry *find(const gpd_catalogue *cat, unsigned s, unsigned n)
{
	for (size_t i = 0; cat != NULL && i < cat->n; i++)
		if (cat->entries[i].crit.standard == s && cat->entries[i].crit.number == n)
			return &cat->entries[i];
	return NULL;
}

int gpd_catalogue_has(const gpd_catalogue *cat, gpd_criterion c)
{
	return find(cat, c.standard, c.number) != NULL;
}

const char *gpd_catalogue_criterion_title(const gpd_catalogue *cat, gpd_criterion c)
{
	const entry *e = find(cat, c.standard, c.number);

	return e ? e->title : NULL;
}

const char *gpd_catalogue_standard_title(const gpd_catalogue *cat, unsigned standard)
{
	const entry *e = find(cat, standard, 0);

	return e ? e->title : NULL;
}
