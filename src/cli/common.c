/* common.c: what the commands share: the project folder found from where the user is, paths given from there, and the options of every command that reads records. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef GPD_SHARE_DIR
#define GPD_SHARE_DIR "../share/gpdigest"
#endif
#include "gpdigest/accepted.h"
#include "gpdigest/input.h"
#include "gpdigest/limits.h"
#include "gpdigest/buf.h"
#include "gpdigest/outdir.h"
#include "gpdigest/output.h"
#include "gpdigest/suggest.h"

/* ---- the project ---- */

/* Front-end state, one command line per process: the folder the user is
 * in, relative to the project folder the program moved to ("" when the
 * same), and the paths made from it (freed at exit). */
static char *user_dir;
static char **made;
static size_t nmade;
static int found;            /* a project folder was found */
static char searched[PATH_MAX]; /* where the search started */

static int is_dir(const char *dir, const char *name)
{
	gpd_buf p = {0};
	struct stat st;
	int yes;

	gpd_buf_printf(&p, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
	yes = p.data != NULL && stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	gpd_buf_free(&p);
	return yes;
}

int gpd_cli_find_project(void)
{
	char cwd[PATH_MAX], dir[PATH_MAX];
	char *slash;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return 0; /* the paths as given, from wherever this is */
	memcpy(dir, cwd, sizeof(dir));
	memcpy(searched, cwd, sizeof(searched));
	/* from here up to /, the first folder holding records/ and
	 * templates/, as git looks for .git; else the first holding records/,
	 * whose templates are then the installed ones */
	for (int pass = 0; !found && pass < 2; pass++) {
		memcpy(dir, cwd, sizeof(dir));
		for (;;) {
			if (is_dir(dir, GPD_DEFAULT_RECORDS) &&
			    (pass == 1 || is_dir(dir, GPD_DEFAULT_TEMPLATES))) {
				found = 1;
				break;
			}
			if ((slash = strrchr(dir, '/')) == NULL || strcmp(dir, "/") == 0)
				break;
			slash[slash == dir] = '\0';
		}
	}
	if (!found)
		return 0; /* none: the paths as given */
	if (strcmp(dir, cwd) == 0)
		return 0;
	if (chdir(dir) != 0)
		return gpd_cli_usage_error(NULL, "cannot enter the project folder %s: %s", dir,
			strerror(errno));
	/* the project holds the user's folder: the rest of cwd, past "dir/" */
	user_dir = gpd_strdup(cwd + strlen(dir) + (strcmp(dir, "/") != 0));
	return user_dir == NULL ? gpd_cli_usage_error(NULL, "out of memory") : 0;
}

int gpd_cli_check_project(const char *cmd, const char *records, const char *templates)
{
	struct stat st;
	const char *missing = records && strcmp(records, GPD_DEFAULT_RECORDS) == 0 &&
		stat(records, &st) != 0 ? GPD_DEFAULT_RECORDS "/" :
		templates && strcmp(templates, gpd_cli_default_templates()) == 0 &&
		stat(templates, &st) != 0 ? GPD_DEFAULT_TEMPLATES "/" : NULL;

	if (found || missing == NULL)
		return -1;
	return gpd_cli_usage_error(cmd, "no project here: no folder from %s up holds records/ "
		"and templates/ (this one has no %s); run gpdigest in a project, give -C DIR, or "
		"name the folders (--records, --templates)", searched[0] ? searched : ".", missing);
}

const char *gpd_cli_user_dir(void)
{
	return user_dir;
}

/* Appends the path a to b, resolving "." and ".." by name: "records/../x"
 * is "x". A ".." past the start is kept. */
static void put_normal(gpd_buf *b, const char *a)
{
	while (*a) {
		size_t n = strcspn(a, "/");

		if (n == 1 && a[0] == '.') {
			/* nothing */
		} else if (n == 2 && a[0] == '.' && a[1] == '.' && b->len > 0 &&
			   !(b->len >= 2 && strcmp(b->data + b->len - 2, "..") == 0 &&
			     (b->len == 2 || b->data[b->len - 3] == '/'))) {
			while (b->len > 0 && b->data[b->len - 1] != '/')
				b->len--;
			if (b->len > 0)
				b->len--;
			b->data[b->len] = '\0';
		} else if (n > 0) {
			if (b->len > 0)
				gpd_buf_putc(b, '/');
			gpd_buf_append(b, a, n);
		}
		a += n + (a[n] == '/');
	}
}

const char *gpd_cli_path(const char *arg)
{
	gpd_buf b = {0};
	char **p;

	if (user_dir == NULL || arg == NULL || arg[0] == '/')
		return arg;
	put_normal(&b, user_dir);
	put_normal(&b, arg);
	if (b.len == 0)
		gpd_buf_puts(&b, ".");
	if (gpd_buf_failed(&b) || (p = realloc(made, (nmade + 1) * sizeof(*p))) == NULL) {
		gpd_buf_free(&b);
		return arg;
	}
	made = p;
	made[nmade++] = b.data;
	return b.data;
}

int gpd_cli_linked_records(const char *dir, gpd_diag *diag)
{
	if (!gpd_folder_is_link(dir, strlen(dir)))
		return 0;
	gpd_diag_report(diag, dir, 0, 0, GPD_F_NOT_REGULAR,
		"a symbolic link to a folder (no record is written through it)");
	return 1;
}

void gpd_cli_end(void)
{
	for (size_t i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	free(user_dir);
	made = NULL;
	nmade = 0;
	user_dir = NULL;
}

/* ---- the options of commands that read records ---- */

int gpd_cli_jobs(const char *cmd, const char *arg, int *out)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (end == arg || *end || n < 1 || n > GPD_MAX_JOBS)
		return gpd_cli_usage_error(cmd, "--jobs takes a number from 1 to "
			GPD_LIMIT_TEXT(GPD_MAX_JOBS) ", not '%s'", arg);
	*out = (int)n;
	return 0;
}

static int no_warn(const char *cmd, gpd_cli_common *c, const char *arg)
{
	int code = gpd_msg_by_name(arg);
	const char *near;

	if (code >= 0 && gpd_msg_level((gpd_msg)code) == GPD_LEVEL_WARNING) {
		if (c->nno_warn < sizeof(c->no_warn) / sizeof(c->no_warn[0]))
			c->no_warn[c->nno_warn++] = code;
		return 0;
	}
	if (code >= 0)
		return gpd_cli_usage_error(cmd, "--no-warn takes a warning's code; '%s' is an error, "
			"which cannot be silenced", arg);
	near = gpd_msg_nearest_warning(arg);
	return gpd_cli_usage_error(cmd, "--no-warn: no warning '%s'%s%s%s (the codes are in "
		"'gpdigest help diagnostics')", arg, near ? "; did you mean " : "", near ? near : "",
		near ? "?" : "");
}

/* A folder option's value: not "" ("/compendium.pdf" would be made of
 * out/compendium.pdf), and from where the user is. */
static int folder(const char *cmd, const char *name, const char *arg, const char **out)
{
	if (*arg == '\0')
		return gpd_cli_usage_error(cmd, "--%s needs a folder name", name);
	*out = gpd_cli_path(arg);
	return 0;
}

int gpd_cli_common_option(const char *cmd, gpd_cli_common *c, int opt, const char *arg)
{
	switch (opt) {
	case GPD_CLI_OPT_DIAG:
		if (gpd_cli_format(arg, &c->format) != 0)
			return gpd_cli_usage_error(cmd, "unknown diagnostics format '%s' (use human, "
				"github or json)", arg);
		return 0;
	case GPD_CLI_OPT_STRICT: c->strict = 1; return 0;
	case 'q': c->quiet = 1; return 0;
	case GPD_CLI_OPT_VERBOSE: c->verbose = 1; return 0;
	case GPD_CLI_OPT_NO_WARN: return no_warn(cmd, c, arg);
	case GPD_CLI_OPT_RECORDS: return folder(cmd, "records", arg, &c->records);
	case GPD_CLI_OPT_TEMPLATES: return folder(cmd, "templates", arg, &c->templates);
	case 'j': return gpd_cli_jobs(cmd, arg, &c->jobs);
	default: return -1;
	}
}

/* The templates installed with the program (GPD_SHARE_DIR, relative to
 * the folder the program is in, e.g. ../share/gpdigest), when they are
 * there; NULL otherwise (a program run from its build folder). */
static const char *installed_templates(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	if (snprintf(path, sizeof(path), "%s/%s/%s", exe, GPD_SHARE_DIR, GPD_DEFAULT_TEMPLATES) >=
	    (int)sizeof(path) || !is_dir(path, "."))
		return NULL;
	return path;
}

const char *gpd_cli_default_templates(void)
{
	const char *installed;

	if (is_dir(".", GPD_DEFAULT_TEMPLATES) || (installed = installed_templates()) == NULL)
		return GPD_DEFAULT_TEMPLATES;
	return installed;
}

void gpd_cli_common_init(gpd_cli_common *c)
{
	*c = (gpd_cli_common){.format = GPD_FORMAT_HUMAN, .records = GPD_DEFAULT_RECORDS,
		.templates = gpd_cli_default_templates()};
}

gpd_diag *gpd_cli_diag(const gpd_cli_common *c)
{
	gpd_diag *d = gpd_diag_new(c->format, c->strict, stderr);
	gpd_buf path = {0};

	if (d == NULL) {
		/* no collector to report through: say it directly */
		fputs("gpdigest: error: out of memory [out-of-memory]\n", stderr);
		return NULL;
	}
	gpd_diag_set_errors_only(d, c->quiet);
	gpd_diag_set_verbose(d, c->verbose);
	if (gpd_diag_set_base(d, user_dir) != 0)
		gpd_diag_report(d, NULL, 0, 0, GPD_F_NOMEM, "");
	for (size_t i = 0; i < c->nno_warn; i++)
		if (gpd_diag_accept(d, NULL, (gpd_msg)c->no_warn[i]) != 0)
			gpd_diag_report(d, NULL, 0, 0, GPD_F_NOMEM, "");
	gpd_buf_printf(&path, "%s/%s", c->templates, GPD_ACCEPTED_FILE);
	if (gpd_buf_failed(&path)) /* not read: accepted warnings would show */
		gpd_diag_report(d, NULL, 0, 0, GPD_F_NOMEM, "");
	else
		gpd_accepted_load(path.data, d);
	gpd_buf_free(&path);
	return d;
}

int gpd_cli_suggest(const char *cmd, const char *what, const char *word,
	const char *const *words, size_t n)
{
	const char *near = gpd_suggest(word, words, n);

	if (near != NULL)
		return gpd_cli_usage_error(cmd, "unknown %s '%s'; did you mean '%s'?", what, word, near);
	return gpd_cli_usage_error(cmd, "unknown %s '%s'", what, word);
}

/* ---- Ctrl-C and SIGTERM while a command writes files ---- */

/* Every thread blocks them, and one thread waits for them, so the
 * clean-up runs as ordinary code (not in a signal handler): it removes
 * the staged temporaries (no new one can appear after), says so, and
 * exits 130 or 143 as a shell expects. A signal the program started with
 * ignored stays ignored (a shell ignores SIGINT for a job it runs in the
 * background, so that Ctrl-C stops the script and not the job; nohup and
 * make do the same), as a blocked one would otherwise wait to be taken. */
typedef struct interrupt_watch {
	sigset_t set;
	gpd_format format;
	atomic_int done; /* set by the command's thread, read by the watcher */
} interrupt_watch;

static void *watch_signals(void *arg)
{
	interrupt_watch *w = arg;
	gpd_diag *d;
	int sig = 0;

	while (sigwait(&w->set, &sig) != 0)
		;
	if (atomic_load(&w->done))
		return NULL;
	gpd_staged_exit();
	gpd_outdir_exit();
	d = gpd_diag_new(w->format, 0, stderr);
	if (d != NULL) {
		gpd_diag_report(d, NULL, 0, 0, GPD_F_INTERRUPTED, sig == SIGINT ? "SIGINT" : "SIGTERM");
		gpd_diag_finish(d, NULL);
	}
	_exit(128 + sig);
}

/* Fills *set with SIGINT and SIGTERM, leaving out one that is ignored;
 * returns one of them (to wake the watcher with), 0 when both are. */
static int watch_set(sigset_t *set)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa;
	int wake = 0;

	sigemptyset(set);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			continue;
		sigaddset(set, sigs[i]);
		wake = sigs[i];
	}
	return wake;
}

int gpd_cli_interruptible(gpd_format format, int (*run)(void *arg), void *arg)
{
	interrupt_watch w = {.format = format};
	int wake = watch_set(&w.set);
	sigset_t old;
	pthread_t th;
	int rc, blocked, watching;

	blocked = wake != 0 && pthread_sigmask(SIG_BLOCK, &w.set, &old) == 0;
	watching = blocked && pthread_create(&th, NULL, watch_signals, &w) == 0;
	rc = run(arg);
	if (watching) {
		atomic_store(&w.done, 1);
		pthread_kill(th, wake); /* wakes the watcher, which now just returns */
		pthread_join(th, NULL);
	}
	if (blocked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
