/* main.c: the gpdigest command: dispatches to the subcommands. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h> /* mallopt */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark.h>
#include <libxml/parser.h>

#include "cli/cli.h"
#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/mem.h"
#include "gpdigest/outdir.h"
#include "gpdigest/output.h"
#include "gpdigest/suggest.h"

#include "gpdigest/version.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"new", gpd_cmd_new, "start a record: records/ID.xml with every field of the form"},
	{"validate", gpd_cmd_validate, "check records against the form schema and the rules"},
	{"list", gpd_cmd_list, "list the records, one line each (filters as in build)"},
	{"build", gpd_cmd_build, "build the compendium, digests and handouts (PDF and Markdown)"},
	{"import", gpd_cmd_import, "turn legacy forms (.docx, HTML export or OCR) into records"},
	{"structure", gpd_cmd_structure, "print each edition's document tree (sections, levels, anchors)"},
	{"schema", gpd_cmd_schema, "print the record format's XML Schema"},
	{"help", gpd_cmd_help, "show the help of gpdigest or of a command"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(FILE *out)
{
	fputs("usage: gpdigest [-C DIR] COMMAND [OPTIONS] [ARGS]\n"
	      "       gpdigest help [COMMAND] | --help | --version\n\n"
	      "Turns \"What Makes The Difference?\" good-practice records into publications.\n"
	      "Run from the project folder (the one holding records/ and templates/) or any\n"
	      "folder inside it: gpdigest finds the project as git finds a repository.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nOptions:\n"
	      "  -C DIR         work as if started in DIR\n"
	      "  -h, --help     show this help\n"
	      "  -V, --version  show the version\n"
	      "\nRun 'gpdigest help COMMAND' for a command's options, 'gpdigest help\n"
	      "diagnostics' for every message's code, 'man gpdigest' for all.\n"
	      "Exit status: 0 success (warnings allowed), 1 content errors, 2 usage or I/O errors.\n",
	      out);
}

static const char *const *command_names(void)
{
	static const char *names[NCOMMANDS];

	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	return names;
}

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* `gpdigest help diagnostics`: every code, its level and its words, as
 * --no-warn and templates/accepted-warnings name them. */
static int help_diagnostics(void)
{
	static const char *const levels[] = {"ok", "warning", "error", "fatal"};

	puts("Every diagnostic gpdigest prints, by code (\"%s\" stands for what it names).\n"
	     "Warnings can be silenced (--no-warn CODE) or accepted for one record\n"
	     "(templates/accepted-warnings: RECORD-ID CODE REASON); errors cannot.\n");
	for (int i = 0; i < GPD_MSG__COUNT; i++)
		printf("%-18s %-8s %s\n", gpd_msg_name((gpd_msg)i),
			levels[gpd_msg_level((gpd_msg)i)], gpd_msg_format((gpd_msg)i));
	return 0;
}

int gpd_cli_help(const char *cmd)
{
	const command *c;
	char *argv[3];

	if (cmd == NULL) {
		help(stdout);
		return 0;
	}
	if (strcmp(cmd, "diagnostics") == 0)
		return help_diagnostics();
	if ((c = find_command(cmd)) == NULL)
		return gpd_cli_suggest(NULL, "command", cmd, command_names(), NCOMMANDS);
	if (c->run == gpd_cmd_help) {
		help(stdout);
		return 0;
	}
	argv[0] = (char *)c->name;
	argv[1] = (char *)"--help";
	argv[2] = NULL;
	return c->run(2, argv);
}

int gpd_cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return gpd_cli_usage_error("help", "help takes one COMMAND, not '%s'", argv[2]);
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs("usage: gpdigest help [COMMAND | diagnostics]\n\n"
		      "Shows the help of gpdigest, of a COMMAND (the same as 'gpdigest COMMAND\n"
		      "--help'), or every diagnostic's code, level and words.\n\n"
		      "  -h, --help         show this help\n", stdout);
		return 0;
	}
	return gpd_cli_help(argc == 2 ? argv[1] : NULL);
}

/* The diagnostics format usage errors are printed in. Front-end state,
 * not the library's: one command line per process, and an error found
 * before its --diagnostics word is parsed must still be printed in the
 * format that word asks for. */
static gpd_format usage_format = GPD_FORMAT_HUMAN;

int gpd_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	gpd_buf text = {0};
	va_list ap;

	va_start(ap, fmt);
	gpd_buf_vprintf(&text, fmt, ap);
	va_end(ap);
	gpd_diag_usage(stderr, usage_format, cmd, text.data ? text.data : "out of memory");
	gpd_buf_free(&text);
	return 2;
}

/* Long options named by the len bytes of name: an exact match wins, else
 * every option it abbreviates. Several that are one option spelt two ways
 * (the same val and argument) count once, as in getopt_long. Returns how
 * many, the first in *hit. */
static size_t match_long(const struct option *opts, const char *name, size_t len,
	const struct option **hit)
{
	size_t n = 0;

	*hit = NULL;
	for (const struct option *o = opts; o->name != NULL; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
			*hit = o;
			return 1;
		}
	for (const struct option *o = opts; o->name != NULL; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (*hit == NULL || (*hit)->val != o->val || (*hit)->has_arg != o->has_arg)
			n++;
		if (*hit == NULL)
			*hit = o;
	}
	return n;
}

/* "option '--fo' is ambiguous; possibilities: --force --format" */
static int ambiguous(const gpd_cli_spec *spec, const char *name, size_t len)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "option '--%.*s' is ambiguous; possibilities:", (int)len, name);
	for (const struct option *o = spec->opts; o->name != NULL; o++)
		if (strncmp(o->name, name, len) == 0)
			gpd_buf_printf(&b, " --%s", o->name);
	gpd_cli_usage_error(spec->cmd, "%s", b.data ? b.data : "an option is ambiguous");
	gpd_buf_free(&b);
	return 2;
}

/* "PRE'--NAME'POST": the option as given, up to any "=value". */
static int option_error(const gpd_cli_spec *spec, const char *pre, const char *dashes,
	const char *name, size_t len, const char *post)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s'%s%.*s'%s", pre, dashes, (int)len, name, post);
	gpd_cli_usage_error(spec->cmd, "%s", b.data ? b.data : "bad option");
	gpd_buf_free(&b);
	return 2;
}

/* "unknown option '--recrods'; did you mean --records?" */
static int unknown_long(const gpd_cli_spec *spec, const char *name, size_t len)
{
	const char *names[128];
	char word[64];
	size_t n = 0;
	const char *near;

	for (const struct option *o = spec->opts; o->name != NULL && n < 128; o++)
		names[n++] = o->name;
	snprintf(word, sizeof(word), "%.*s", (int)len, name);
	near = len < sizeof(word) ? gpd_suggest(word, names, n) : NULL;
	if (near == NULL)
		return option_error(spec, "unknown option ", "--", name, len, "");
	return gpd_cli_usage_error(spec->cmd, "unknown option '--%.*s'; did you mean --%s?",
		(int)len, name, near);
}

static void take_format(const gpd_cli_spec *spec, const struct option *o, const char *value)
{
	if (spec->diag_val != 0 && o != NULL && o->val == spec->diag_val && value != NULL)
		gpd_cli_format(value, &usage_format);
}

/* One "--name[=value]" word at *i (the value may be the next word). When
 * report, an error is printed and 2 returned; else errors are skipped
 * and only the diagnostics format is taken. -1 to go on. */
static int check_long(const gpd_cli_spec *spec, int argc, char **argv, int *i, int report)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '='), *value = eq ? eq + 1 : NULL;
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct option *o;
	size_t n = len > 0 ? match_long(spec->opts, name, len, &o) : 0; /* "--=x" */

	if (n == 0)
		return report ? unknown_long(spec, name, len) : -1;
	if (n > 1)
		return report ? ambiguous(spec, name, len) : -1;
	if (o->has_arg == no_argument && eq != NULL)
		return report ? option_error(spec, "option ", "--",
			o->name, strlen(o->name), " takes no value") : -1;
	if (o->has_arg == required_argument && eq == NULL) {
		if (*i + 1 >= argc)
			return report ? option_error(spec, "option ", "--",
				o->name, strlen(o->name), " needs a value") : -1;
		value = argv[++*i];
	}
	take_format(spec, o, value);
	return -1;
}

/* One cluster of short options ("-fj4", "-o DIR") at *i. */
static int check_short(const gpd_cli_spec *spec, int argc, char **argv, int *i, int report)
{
	const char *w = argv[*i];

	for (size_t j = 1; w[j] != '\0'; j++) {
		const char *p = w[j] == ':' ? NULL : strchr(spec->shortopts, w[j]);

		if (p == NULL)
			return report ? option_error(spec, "unknown option ", "-",
				w + j, 1, "") : -1;
		if (p[1] != ':')
			continue;
		if (w[j + 1] == '\0' && *i + 1 >= argc)
			return report ? option_error(spec, "option ", "-",
				w + j, 1, " needs a value") : -1;
		if (w[j + 1] == '\0')
			++*i;
		return -1;
	}
	return -1;
}

/* Every option word, as getopt_long will see them; operands and what
 * follows "--" are skipped. */
static int check_words(const gpd_cli_spec *spec, int argc, char **argv, int report)
{
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		int rc;

		if (strcmp(w, "--") == 0)
			break;
		if (w[0] != '-' || w[1] == '\0')
			continue;
		rc = w[1] == '-' ? check_long(spec, argc, argv, &i, report) :
			check_short(spec, argc, argv, &i, report);
		if (rc >= 0)
			return rc;
	}
	return -1;
}

int gpd_cli_begin(const gpd_cli_spec *spec, int argc, char **argv)
{
	int rc;

	check_words(spec, argc, argv, 0);
	rc = check_words(spec, argc, argv, 1);
	opterr = 0;
	optind = 1;
	return rc;
}

int gpd_cli_option_error(const gpd_cli_spec *spec, char **argv)
{
	return gpd_cli_usage_error(spec->cmd, "cannot read the option '%s'", argv[optind - 1]);
}

int gpd_cli_filter_option(const char *cmd, gpd_filter *f, int opt, const char *value)
{
	gpd_buf why = {0};
	int rc;

	if (opt < GPD_CLI_OPT_FILTER || opt >= GPD_CLI_OPT_FILTER + GPD_FILTER__COUNT)
		return -1;
	rc = gpd_filter_add(f, (gpd_filter_kind)(opt - GPD_CLI_OPT_FILTER), value, &why);
	if (rc != 0)
		rc = gpd_cli_usage_error(cmd, "%s", rc == -2 ? "out of memory" : why.data ? why.data : "");
	gpd_buf_free(&why);
	return rc;
}

int gpd_cli_format(const char *text, gpd_format *out)
{
	static const struct { const char *name; gpd_format f; } names[] = {
		{"human", GPD_FORMAT_HUMAN}, {"github", GPD_FORMAT_GITHUB},
		{"json", GPD_FORMAT_JSON},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(text, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	return -1;
}

/* Running out of memory where no diagnostics can be reported. */
static void out_of_memory(const char *where)
{
	fprintf(stderr, "gpdigest: error: out of memory (%s) [out-of-memory]\n", where);
}

/* cmark cannot fail an allocation: its own allocator aborts (exit 134,
 * "[cmark] calloc returned null pointer"). The program's policy instead:
 * say so in our format and exit 2. Nothing is lost: a build puts its
 * outputs in place only after every edition has rendered, and the ones
 * already staged are removed here. */
static void cmark_out_of_memory(void)
{
	static const char msg[] = "gpdigest: error: out of memory (in the CommonMark "
		"library, which cannot recover) [out-of-memory]\n";

	gpd_staged_exit();
	gpd_outdir_exit();

	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static void *cmark_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		cmark_out_of_memory();
	return p;
}

static void *cmark_realloc(void *old, size_t size)
{
	void *p = realloc(old, size);

	if (p == NULL)
		cmark_out_of_memory();
	return p;
}

/* "--diagnostics FMT" anywhere on the line, spelt out: the format of a
 * usage error found before a command's own options are read (an unknown
 * command, an option the command does not have). */
static void scan_diagnostics(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--diagnostics=", 14) == 0)
			gpd_cli_format(argv[i] + 14, &usage_format);
		else if (strcmp(argv[i], "--diagnostics") == 0 && i + 1 < argc)
			gpd_cli_format(argv[++i], &usage_format);
	}
}

/* The top level's own options, before any command: --help, --version. */
static int top_option(char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static const gpd_cli_spec spec = {NULL, opts, ":hV", 0};
	char *word[3] = {argv[0], argv[1], NULL};
	int rc = gpd_cli_begin(&spec, 2, word);

	if (rc >= 0)
		return rc;
	switch (getopt_long(2, word, spec.shortopts, opts, NULL)) {
	case 'h':
		help(stdout);
		return 0;
	case 'V':
		printf("gpdigest %s\n", GPD_VERSION);
		return 0;
	default: /* "-" or "--": not an option, and no command either */
		return gpd_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	}
}

/* "-C DIR" (or "-CDIR"), any number of them, before the command: each
 * enters DIR, as git and make do. Returns how many words they took, or
 * -2 (reported). */
static int enter_dirs(int argc, char **argv)
{
	int i = 1;

	while (i < argc && strncmp(argv[i], "-C", 2) == 0) {
		const char *dir = argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[i + 1] : NULL;

		if (dir == NULL) {
			gpd_cli_usage_error(NULL, "option '-C' needs a value");
			return -2;
		}
		if (chdir(dir) != 0) {
			gpd_cli_usage_error(NULL, "-C %s: %s", dir, strerror(errno));
			return -2;
		}
		i += argv[i][2] ? 1 : 2;
	}
	return i - 1;
}

static int run(int argc, char **argv)
{
	const command *c;
	int rc;

	if (argc < 2)
		return gpd_cli_usage_error(NULL, "no command given");
	if (argv[1][0] == '-')
		return top_option(argv);
	if ((c = find_command(argv[1])) == NULL)
		return gpd_cli_suggest(NULL, "command", argv[1], command_names(), NCOMMANDS);
	if (c->run != gpd_cmd_help && c->run != gpd_cmd_schema && (rc = gpd_cli_find_project()) != 0)
		return rc;
	xmlInitParser();
	rc = c->run(argc - 1, argv + 1);
	xmlCleanupParser();
	return rc;
}

int main(int argc, char **argv)
{
	int rc;

	/* Past a file-size limit (ulimit -f) write() fails with EFBIG and the
	 * build reports it and removes its temporaries; the default SIGXFSZ
	 * would kill it mid-write instead, leaving them behind. */
	signal(SIGXFSZ, SIG_IGN);
	/* big arrays mapped on their own and unmapped when freed (limits.h) */
	mallopt(M_MMAP_THRESHOLD, (int)GPD_MMAP_THRESHOLD_BYTES);
	cmark_get_default_mem_allocator()->calloc = cmark_calloc;
	cmark_get_default_mem_allocator()->realloc = cmark_realloc;

	if (gpd_mem_init() != 0)
		return out_of_memory("at the start"), 2;
	scan_diagnostics(argc, argv);
	if ((rc = enter_dirs(argc, argv)) < 0)
		return 2;
	/* argv[rc] becomes the program's name before the command */
	argv[rc] = argv[0];
	rc = run(argc - rc, argv + rc);
	gpd_cli_end();
	/* a library finished a call on the reserve (mem.h): a build has said
	 * so and failed; any other command's answer is not to be trusted */
	if (gpd_mem_exhausted() && rc < 2)
		return out_of_memory("in libxml2 or libharu"), 2;
	return rc;
}
