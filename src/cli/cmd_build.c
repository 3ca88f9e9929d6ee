/* cmd_build.c: `gpdigest build`: options to gpd_build_opts, filters to an ad-hoc edition. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "gpdigest/build.h"
#include "gpdigest/limits.h"
#include "gpdigest/date.h"
#include "gpdigest/output.h"


static void build_help(void)
{
	fputs("usage: gpdigest build [--check] [--force] [--wait] [--strict] [-q] [-j N]\n"
	      "                      [--format LIST] [--diagnostics FORMAT]\n"
	      "                      [--no-warn CODE] [--verbose] [--records DIR]\n"
	      "                      [--templates DIR] [-o DIR] [FILTERS]\n\n"
	      "Builds every edition declared in templates/publication.xml (the compendium,\n"
	      "one digest per region, one handout per authority) as PDF, Markdown and\n"
	      "HTML (a folder of pages each) in out/. With filters, builds one ad-hoc\n"
	      "edition of the selected records instead, written as compendium.{pdf,md}\n"
	      "and compendium/ into the --out DIR it requires.\n\n"
	      "  --check            write nothing; exit 1 listing every output that is\n"
	      "                     missing, stale or no longer declared,\n"
	      "                     and every file in the output folder\n"
	      "                     that no build wrote\n"
	      "  --force            rebuild every output from scratch, even those that\n"
	      "                     are current (copying no page from the last build)\n"
	      "  --wait             when another build holds the output folder, wait for\n"
	      "                     it instead of failing at once\n"
	      "  --format LIST      formats to build, comma-separated: md, pdf, html\n"
	      "                     (default md,pdf,html)\n"
	      "  -o, --out DIR      output folder (default out/)\n"
	      GPD_CLI_COMMON_HELP
	      "                     and building editions; the output does not depend on N\n"
	      "  -h, --help         show this help\n\n"
	      "Filters (AND across kinds, OR within one; values are the form's option ids\n"
	      "or printed labels, case-insensitive; an authority by any spelling or by its\n"
	      "handout's file name):\n"
	      "  --region R  --authority A  --criterion C (2.4, or 2 for Standard 2)\n"
	      "  --outcome O  --target T  --agency-type K\n\n"
	      "The edition date is SOURCE_DATE_EPOCH when set, else the newest received\n"
	      "date of the edition's records; never the clock.\n\n"
	      "Exit status: 0 built or current, 1 invalid records / empty selection /\n"
	      "stale outputs (--check), 2 usage or I/O errors, 130 or 143 stopped by\n"
	      "Ctrl-C or SIGTERM (its temporary files removed).\n", stdout);
}

/* "md", "pdf,html", ...: each format once, in any order. */
/* The formats of a --format list into *out; 0, or -1 with why in the n
 * bytes at why: an unknown or empty item, or one given twice. */
static int parse_formats(const char *s, unsigned *out, char *why, size_t n)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{"md", GPD_OUTPUT_MD}, {"pdf", GPD_OUTPUT_PDF}, {"html", GPD_OUTPUT_HTML},
	};

	*out = 0;
	for (;;) {
		size_t len = strcspn(s, ","), k = 0;

		while (k < sizeof(names) / sizeof(names[0]) &&
		       !(strlen(names[k].name) == len && strncmp(names[k].name, s, len) == 0))
			k++;
		if (k == sizeof(names) / sizeof(names[0])) {
			if (len == 0)
				snprintf(why, n, "an empty format");
			else
				snprintf(why, n, "unknown format '%.*s'", (int)(len < 60 ? len : 60), s);
			return -1;
		}
		if (*out & names[k].bit) {
			snprintf(why, n, "format '%s' given twice", names[k].name);
			return -1;
		}
		*out |= names[k].bit;
		if (s[len] == '\0')
			return 0;
		s += len + 1;
	}
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > GPD_DEFAULT_MAX_JOBS ? GPD_DEFAULT_MAX_JOBS : (int)n;
}

enum { OPT_CHECK = 256, OPT_WAIT, OPT_FORCE, OPT_FORMAT };

static const struct option opts[] = {
	{"check", no_argument, NULL, OPT_CHECK},
	{"wait", no_argument, NULL, OPT_WAIT},
	{"force", no_argument, NULL, OPT_FORCE},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"out", required_argument, NULL, 'o'},
	GPD_CLI_COMMON_OPTIONS,
	GPD_CLI_FILTER_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const gpd_cli_spec spec = {"build", opts, ":hqj:o:", GPD_CLI_OPT_DIAG};

typedef struct cli_state {
	gpd_build_opts o;
	gpd_cli_common co;
	gpd_filter filter;
	int adhoc, out_given;
} cli_state;

/* One option; returns -1 to go on, or an exit status. */
static int take_option(cli_state *st, int c, char **argv)
{
	int rc;
	char why[100];

	switch (c) {
	case OPT_CHECK: st->o.check = 1; return -1;
	case OPT_WAIT: st->o.wait = 1; return -1;
	case OPT_FORCE: st->o.force = 1; return -1;
	case 'o':
		/* "" would make "/compendium.pdf" of out/compendium.pdf */
		if (*optarg == '\0')
			return gpd_cli_usage_error("build", "--out needs a folder name");
		st->o.out = gpd_cli_path(optarg);
		st->out_given = 1;
		return -1;
	case 'h': build_help(); return 0;
	case OPT_FORMAT:
		if (parse_formats(optarg, &st->o.formats, why, sizeof why) != 0)
			return gpd_cli_usage_error("build", "%s in --format %s (use md, pdf or html, "
				"or a comma-separated list of them: md,pdf,html)", why, optarg);
		return -1;
	default:
		if ((rc = gpd_cli_common_option("build", &st->co, c, optarg)) >= 0)
			return rc == 0 ? -1 : rc;
		rc = gpd_cli_filter_option("build", &st->filter, c, optarg);
		if (rc >= 0) {
			st->adhoc |= rc == 0;
			return rc == 0 ? -1 : rc;
		}
		return gpd_cli_option_error(&spec, argv);
	}
}

typedef struct build_run {
	const gpd_build_opts *o;
	gpd_diag *diag;
} build_run;

static int run_build(void *arg)
{
	const build_run *r = arg;

	return gpd_build(r->o, r->diag);
}

int gpd_cmd_build(int argc, char **argv)
{
	cli_state st = {0};
	gpd_diag *diag;
	int c, rc = -1;

	st.o = (gpd_build_opts){.out = GPD_DEFAULT_OUT,
		.formats = GPD_OUTPUT_MD | GPD_OUTPUT_PDF | GPD_OUTPUT_HTML, .progress = isatty(2),
		.source_date_epoch = getenv("SOURCE_DATE_EPOCH")};
	gpd_cli_common_init(&st.co);
	rc = gpd_cli_begin(&spec, argc, argv);
	while (rc < 0 && (c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1)
		rc = take_option(&st, c, argv);
	st.o.records = st.co.records;
	st.o.templates = st.co.templates;
	st.o.jobs = st.co.jobs > 0 ? st.co.jobs : default_jobs();
	st.o.quiet = st.co.quiet;
	if (rc < 0)
		rc = gpd_cli_check_project("build", st.o.records, st.o.templates);
	if (rc < 0 && optind < argc)
		rc = gpd_cli_usage_error("build", "unexpected argument '%s' (records are read from --records DIR)",
			argv[optind]);
	if (rc < 0 && st.o.source_date_epoch != NULL && *st.o.source_date_epoch != '\0') {
		long long v;
		if (gpd_parse_epoch(st.o.source_date_epoch, &v) != 0)
			rc = gpd_cli_usage_error("build", "SOURCE_DATE_EPOCH must be a number of seconds, not '%s'",
				st.o.source_date_epoch);
	} else if (st.o.source_date_epoch != NULL && *st.o.source_date_epoch == '\0') {
		st.o.source_date_epoch = NULL;
	}
	/* An ad-hoc edition is one compendium: written over the declared
	 * editions in out/, it would replace the compendium and sweep away
	 * every digest and handout. */
	if (rc < 0 && st.adhoc && !st.out_given)
		rc = gpd_cli_usage_error("build", "filters make an ad-hoc edition, which needs its own "
			"--out DIR (out/ holds the declared editions)");
	if (rc >= 0) {
		gpd_filter_free(&st.filter);
		return rc;
	}
	st.o.adhoc = st.adhoc ? &st.filter : NULL;
	/* JSON: standard error holds the one array and nothing else */
	st.o.progress = st.o.progress && !st.o.quiet && st.co.format != GPD_FORMAT_JSON;
	if ((diag = gpd_cli_diag(&st.co)) == NULL) {
		gpd_filter_free(&st.filter);
		return 2;
	}
	rc = gpd_cli_interruptible(st.co.format, run_build, &(build_run){&st.o, diag});
	/* every failure says why, but one whose words found no memory; a
	 * build that fails must not end in silence */
	if (rc != 0 && gpd_diag_worst(diag) < GPD_LEVEL_ERROR)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_INTERNAL,
			"the build failed without saying why (out of memory, most likely)");
	c = gpd_diag_finish(diag, NULL);
	gpd_diag_free(diag);
	gpd_filter_free(&st.filter);
	return rc > c ? rc : c;
}
