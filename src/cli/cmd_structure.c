/* cmd_structure.c: `gpdigest structure`: prints each edition's document tree (the sections every format shows). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/corpus.h"
#include "gpdigest/load.h"
#include "gpdigest/structure.h"
#include "gpdigest/template.h"

static void structure_help(void)
{
	fputs("usage: gpdigest structure [--edition OUTPUT] [--records DIR] [--templates DIR]\n"
	      "                          [-q] [--strict] [--diagnostics FORMAT] [-j N]\n\n"
	      "Prints the document tree of every edition declared in\n"
	      "templates/publication.xml (or only the one whose output is OUTPUT, e.g.\n"
	      "compendium, digests/london, handouts/thurrock): the sections, in order,\n"
	      "that both the Markdown and the PDF show. One node a line, indented by\n"
	      "depth: KIND LEVEL ANCHOR FORMATS TOC TITLE, where LEVEL is the heading\n"
	      "level (0: no heading), ANCHOR the link target (-: none), FORMATS md,pdf,\n"
	      "TOC 'toc' when the node is listed in the contents (else -). Each edition\n"
	      "starts with a line 'edition OUTPUT'.\n\n"
	      "  --edition OUTPUT   only this edition\n"
	      GPD_CLI_COMMON_HELP
	      "  -h, --help         show this help\n\n"
	      "Exit status: 0 printed, 1 invalid records, 2 usage (no such edition) or\n"
	      "I/O errors.\n", stdout);
}

typedef struct structure_opts {
	const char *records, *templates, *edition;
	size_t jobs;
} structure_opts;

static char *path_in(const char *dir, const char *name)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s/%s", dir, name);
	return gpd_buf_take(&b);
}

/* Loads a template of the templates folder; NULL for none (name NULL) or on error (*bad set). */
static gpd_template *template_of(const structure_opts *o, const char *name, gpd_diag *diag,
	int *bad)
{
	char *path = name ? path_in(o->templates, name) : NULL;
	gpd_template *t = path ? gpd_template_load(path, diag) : NULL;

	if (name != NULL && t == NULL)
		*bad = 1;
	free(path);
	return t;
}

/* One edition's tree on stdout. 0, or -1 (reported). */
static int dump_edition(const structure_opts *o, const gpd_edition *e,
	const gpd_publication *pub, const gpd_catalogue *cat, gpd_diag *diag)
{
	int bad = 0, rc = -1;
	gpd_template *cover = template_of(o, e->def->cover, diag, &bad);
	gpd_template *intro = template_of(o, e->def->introduction, diag, &bad);
	gpd_corpus *c = bad ? NULL : gpd_corpus_build(e->recs, e->n, cat);
	gpd_edition_info ed = {e->kind, pub->title, pub->publisher, pub->subject, pub->keywords,
		e->title, e->selection, e->authority, e->region, "", 0, cover, intro, cat,
		NULL, e->output};
	gpd_structure *s = c ? gpd_structure_build(c, &ed) : NULL;

	if (s != NULL) {
		printf("edition %s\n", e->output);
		rc = gpd_structure_dump(s, stdout);
	} else if (!bad) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	}
	gpd_structure_free(s);
	gpd_corpus_free(c);
	gpd_template_free(cover);
	gpd_template_free(intro);
	return rc;
}

/* --edition names no edition with records: a usage error listing those there are. */
static void unknown_edition(const char *name, const gpd_plan *plan, gpd_diag *diag)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "no edition '%s'; the editions are:", name);
	for (size_t i = 0; i < plan->n; i++)
		if (plan->items[i].n > 0)
			gpd_buf_printf(&b, " %s", plan->items[i].output);
	gpd_diag_report(diag, NULL, 0, 0, GPD_F_USAGE, b.data ? b.data : "no such edition");
	gpd_buf_free(&b);
}

static void run_structure(const structure_opts *o, gpd_diag *diag)
{
	const char *paths[1] = {o->records};
	char *cat_path = path_in(o->templates, GPD_CATALOGUE_FILE);
	char *pub_path = path_in(o->templates, "publication.xml");
	gpd_catalogue *cat = NULL;
	gpd_publication *pub = NULL;
	gpd_records recs = {0};
	gpd_plan plan = {0};
	size_t shown = 0;
	int rc;

	if (cat_path == NULL || pub_path == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		goto done;
	}
	if ((access(cat_path, F_OK) == 0 && (cat = gpd_catalogue_load(cat_path, diag)) == NULL) ||
	    (pub = gpd_publication_load(pub_path, diag)) == NULL ||
	    gpd_load_records_jobs(paths, 1, cat, (size_t)o->jobs, diag, &recs) != 0)
		goto done;
	rc = gpd_plan_make(pub, recs.items, recs.n, diag, &plan);
	if (rc != 0) {
		if (rc == -1) /* else two editions make one output: said */
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		goto done;
	}
	for (size_t i = 0; i < plan.n; i++) {
		if (plan.items[i].n == 0 || (o->edition && strcmp(o->edition, plan.items[i].output) != 0))
			continue;
		shown++;
		if (dump_edition(o, &plan.items[i], pub, cat, diag) != 0)
			goto done;
	}
	if (shown == 0 && o->edition != NULL)
		unknown_edition(o->edition, &plan, diag);
	else if (shown == 0)
		gpd_diag_report(diag, NULL, 0, 0, GPD_E_EMPTY_SELECTION,
			"the publication (it declares no edition)");
	if (fflush(stdout) != 0 || ferror(stdout))
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_WRITE, "the standard output");
done:
	gpd_plan_free(&plan);
	gpd_records_free(&recs);
	gpd_publication_free(pub);
	gpd_catalogue_free(cat);
	free(cat_path);
	free(pub_path);
}

enum { OPT_EDITION = 256 };

static const struct option opts[] = {
	{"edition", required_argument, NULL, OPT_EDITION},
	GPD_CLI_COMMON_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const gpd_cli_spec spec = {"structure", opts, ":hqj:", GPD_CLI_OPT_DIAG};

int gpd_cmd_structure(int argc, char **argv)
{
	structure_opts o = {NULL, NULL, NULL, 0};
	gpd_cli_common co;
	gpd_diag *diag;
	int c, rc;

	gpd_cli_common_init(&co);
	if ((rc = gpd_cli_begin(&spec, argc, argv)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1) {
		if (c == OPT_EDITION) {
			o.edition = optarg;
		} else if (c == 'h') {
			structure_help();
			return 0;
		} else if ((rc = gpd_cli_common_option("structure", &co, c, optarg)) != 0) {
			return rc < 0 ? gpd_cli_option_error(&spec, argv) : rc;
		}
	}
	if (optind < argc)
		return gpd_cli_usage_error("structure", "unexpected argument '%s'", argv[optind]);
	if ((rc = gpd_cli_check_project("structure", co.records, co.templates)) >= 0)
		return rc;
	if ((diag = gpd_cli_diag(&co)) == NULL)
		return 2;
	o.records = co.records;
	o.templates = co.templates;
	o.jobs = (size_t)co.jobs;
	run_structure(&o, diag);
	rc = gpd_diag_finish(diag, NULL);
	gpd_diag_free(diag);
	return rc;
}
