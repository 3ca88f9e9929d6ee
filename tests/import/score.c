/* score.c: the importer measured against a corpus with known truth.
 *
 *   import_score [--truth DIR] [--min-recall R] [--min-precision P]
 *                [--max-invented N] [--min-criteria F] [--min-contact F]
 *                [--max-warnings W] [--max-silent N] [--max-wrong-criteria N]
 *                [--show TEXT]
 *                INPUT|DIR|INPUT=TRUTH...
 *
 * Each input (a form's OCR text or export; a folder stands for the files in
 * it, in name order) is imported as `gpdigest import` does it (read, then
 * checked as `validate` would), and the record is compared with the truth:
 * INPUT=TRUTH names it, else it is DIR/NAME.xml where NAME is the input's
 * file name up to its first '-' or '.' (scans/f07-2.txt: truth/f07.xml).
 * A table gives, per input, the ticks read correctly, invented (ticked but
 * not in the truth) and missed, whether the criteria, the agency and the
 * contact fields are right, how close the free texts are, and the warnings
 * the import raised; then the totals: tick precision and recall, invented
 * ticks, the share of forms whose criteria were read, of contact fields
 * read, and the mean warnings per form. A missed tick is "silent" (sil)
 * when no warning names its group (its heading or question, as the
 * importer's warnings do) or its option (the label in quotes): a tick lost
 * without a word to the editor. The exit status is 1 when a total
 * misses a bound given on the command line (the Acceptance of issue 21),
 * 2 on a usage or I/O error. --show prints the diagnostics of the inputs
 * whose path contains TEXT. */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gpdigest/diag.h"
#include "gpdigest/import.h"
#include "gpdigest/ingest.h"
#include "gpdigest/record.h"

typedef struct totals {
	size_t forms, failed;
	size_t truth_ticks, tp, fp, fn, silent;
	size_t crit_ok, crit_wrong, contact_ok, contact_n, agency_ok, spec_ok, spec_n;
	size_t warnings, max_warnings;
	double text_sim;
	size_t text_n;
} totals;

typedef struct opts {
	const char *truth_dir;
	const char *show;
	double min_recall, min_precision, min_criteria, min_contact, max_warnings;
	long max_invented, max_silent, max_wrong_criteria;
} opts;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) != NULL) {
		*len = fread(data, 1, (size_t)n, f);
		data[*len] = '\0';
	}
	fclose(f);
	return data;
}

static int popcount(uint64_t v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Equal after collapsing runs of white space. */
static int same_words(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (;;) {
		while (isspace((unsigned char)*a))
			a++;
		while (isspace((unsigned char)*b))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		while (*a && *b && !isspace((unsigned char)*a) && *a == *b) {
			a++;
			b++;
		}
		if (!(*a == '\0' || isspace((unsigned char)*a)) ||
		    !(*b == '\0' || isspace((unsigned char)*b)))
			return 0;
	}
}

/* Lower-case words of letters and digits. */
static size_t words(const char *s, char ***out)
{
	size_t n = 0, cap = 64;
	char **w = malloc(cap * sizeof(*w));

	while (w != NULL && *s) {
		char buf[64];
		size_t k = 0;

		while (*s && !isalnum((unsigned char)*s))
			s++;
		while (*s && !isspace((unsigned char)*s)) {
			if (isalnum((unsigned char)*s) && k + 1 < sizeof(buf))
				buf[k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (k == 0)
			continue;
		buf[k] = '\0';
		if (n == cap) {
			char **p = realloc(w, (cap *= 2) * sizeof(*w));

			if (p == NULL)
				break;
			w = p;
		}
		w[n++] = strdup(buf);
	}
	*out = w;
	return w ? n : 0;
}

/* Longest common subsequence of words over the longer text's length;
 * 1 when both are empty. */
static double similarity(const char *a, const char *b)
{
	char **wa, **wb;
	size_t na = words(a ? a : "", &wa), nb = words(b ? b : "", &wb);
	size_t *prev = calloc(nb + 1, sizeof(size_t)), *cur = calloc(nb + 1, sizeof(size_t));
	double r;

	for (size_t i = 1; prev && cur && i <= na; i++) {
		for (size_t j = 1; j <= nb; j++)
			cur[j] = strcmp(wa[i - 1], wb[j - 1]) == 0 ? prev[j - 1] + 1 :
				cur[j - 1] > prev[j] ? cur[j - 1] : prev[j];
		memcpy(prev, cur, (nb + 1) * sizeof(size_t));
	}
	r = na == 0 && nb == 0 ? 1.0 : (double)(prev ? prev[nb] : 0) / (double)(na > nb ? na : nb);
	for (size_t i = 0; i < na; i++)
		free(wa[i]);
	for (size_t i = 0; i < nb; i++)
		free(wb[i]);
	free(wa);
	free(wb);
	free(prev);
	free(cur);
	return r;
}

static gpd_record *read_truth(const char *path)
{
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_ingest *in;
	gpd_record *rec = NULL;

	if (quiet == NULL)
		return NULL;
	gpd_diag_set_quiet(quiet, 1);
	if ((in = gpd_ingest_new(quiet)) != NULL)
		rec = gpd_ingest_file(in, path);
	if (rec == NULL)
		for (size_t i = 0; i < gpd_diag_size(quiet); i++)
			fprintf(stderr, "import_score: %s: %s\n", path, gpd_diag_at(quiet, i)->text);
	gpd_ingest_free(in);
	gpd_diag_free(quiet);
	return rec;
}

/* The record an input makes, as written and read back; NULL when refused. */
static gpd_record *import_one(const char *path, gpd_diag *diag)
{
	gpd_import_opts o = {NULL, "2026-11-23", -1, NULL};
	size_t len = 0, xlen;
	char *data = slurp(path, &len), *xml = NULL;
	gpd_record *rec, *back = NULL;

	if (data == NULL)
		return NULL;
	rec = gpd_import_memory(path, data, len, &o, diag);
	if (rec != NULL && gpd_import_check(rec, path, diag, &xml, &xlen) == 0) {
		gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_ingest *in;

		gpd_diag_set_quiet(quiet, 1);
		in = gpd_ingest_new(quiet);
		back = gpd_ingest_memory(in, "imported.xml", xml, xlen);
		gpd_ingest_free(in);
		gpd_diag_free(quiet);
	}
	gpd_record_free(rec);
	free(xml);
	free(data);
	return back;
}

/* True when a holds a criterion b does not: one read wrong, not missed. */
static int criteria_wrong(const gpd_record *a, const gpd_record *b)
{
	for (size_t i = 0; i < a->ncriteria; i++) {
		size_t j = 0;

		while (j < b->ncriteria && gpd_criterion_cmp(&a->criteria[i], &b->criteria[j]) != 0)
			j++;
		if (j == b->ncriteria)
			return 1;
	}
	return 0;
}

static int criteria_equal(const gpd_record *a, const gpd_record *b)
{
	if (a->ncriteria != b->ncriteria)
		return 0;
	for (size_t i = 0; i < a->ncriteria; i++)
		if (gpd_criterion_cmp(&a->criteria[i], &b->criteria[i]) != 0)
			return 0;
	return 1;
}

static void show(const char *path, const gpd_diag *diag)
{
	for (size_t i = 0; i < gpd_diag_size(diag); i++) {
		const gpd_diagnostic *g = gpd_diag_at(diag, i);

		printf("    %u:%u: %s [%s]\n", g->line, g->col, g->text, gpd_msg_name(g->code));
	}
	(void)path;
}

static void diff_line(const char *what, const char *got, const char *want)
{
	if (!same_words(got, want))
		printf("    %s: read \"%s\", truth \"%s\"\n", what, got ? got : "", want ? want : "");
}

/* Under --show: what differs from the truth. */
static void show_diff(const gpd_record *got, const gpd_record *want)
{
	if (got == NULL)
		return;
	diff_line("agency", got->agency, want->agency);
	for (int c = 0; c < GPD_CONTACT__COUNT; c++)
		diff_line(gpd_form_contact((gpd_contact_field)c)->element, got->contact[c],
			want->contact[c]);
	for (size_t i = 0; i < want->nspecified; i++) {
		const gpd_specified *s = &want->specified[i];

		diff_line("specify", gpd_record_specified(got, s->group, s->option), s->text);
	}
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		for (size_t i = 0; i < gpd_form_group((gpd_group)g)->count; i++) {
			uint64_t b = GPD_TICK(i);

			if ((got->ticks[g] & b) != (want->ticks[g] & b))
				printf("    %s \"%s\": %s\n", gpd_form_group((gpd_group)g)->element,
					gpd_form_group((gpd_group)g)->options[i].label,
					got->ticks[g] & b ? "INVENTED" : "missed");
		}
	if (!criteria_equal(got, want))
		printf("    criteria: %zu read, %zu in the truth\n", got->ncriteria, want->ncriteria);
	for (int x = 0; x < GPD_TEXT__COUNT; x++)
		if (similarity(got->text[x], want->text[x]) < 0.9)
			printf("    %s: %.2f similar; read \"%.60s\"\n",
				gpd_form_text((gpd_text_field)x)->element,
				similarity(got->text[x], want->text[x]), got->text[x] ? got->text[x] : "");
}

/* True when a warning names group g (its heading, "Target group") or
 * option o of it (its label in quotes, "\"Girls only\"", at its line). */
static int tick_warned(const gpd_diag *diag, int g, size_t o)
{
	const char *h = gpd_form_group((gpd_group)g)->heading;
	char label[160];

	snprintf(label, sizeof(label), "\"%s\"", gpd_form_group((gpd_group)g)->options[o].label);
	for (size_t i = 0; i < gpd_diag_size(diag); i++) {
		const gpd_diagnostic *d = gpd_diag_at(diag, i);

		if (d->level == GPD_LEVEL_WARNING && (strcasestr(d->text, h) != NULL ||
		    strstr(d->text, label) != NULL ||
		    strstr(d->text, gpd_form_group((gpd_group)g)->question) != NULL))
			return 1;
	}
	return 0;
}

/* Scores one input against its truth; prints its row. */
static void score(const char *input, const char *truth_path, const opts *o, totals *t)
{
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_record *want = read_truth(truth_path), *got;
	int tp = 0, fp = 0, fn = 0, silent = 0, contact_ok = 0, contact_n = 0, crit, agency;
	double sim = 0;
	size_t warn;
	const char *base = strrchr(input, '/') ? strrchr(input, '/') + 1 : input;

	if (want == NULL) {
		fprintf(stderr, "import_score: cannot read the truth %s\n", truth_path);
		exit(2);
	}
	gpd_diag_set_quiet(diag, 1);
	got = import_one(input, diag);
	warn = gpd_diag_count(diag, GPD_LEVEL_WARNING);
	t->forms++;
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		uint64_t have = got ? got->ticks[g] : 0;

		tp += popcount(have & want->ticks[g]);
		fp += popcount(have & ~want->ticks[g]);
		fn += popcount(want->ticks[g] & ~have);
		for (size_t k = 0; got != NULL && k < gpd_form_group((gpd_group)g)->count; k++)
			silent += (want->ticks[g] & ~have & GPD_TICK(k)) != 0 && !tick_warned(diag, g, k);
	}
	for (int c = 0; c < GPD_CONTACT__COUNT; c++) {
		const char *a = got ? got->contact[c] : NULL, *b = want->contact[c];

		if (a == NULL && b == NULL)
			continue;
		contact_n++;
		contact_ok += same_words(a, b);
	}
	for (size_t i = 0; i < want->nspecified; i++) {
		const gpd_specified *s = &want->specified[i];

		t->spec_n++;
		t->spec_ok += got && same_words(gpd_record_specified(got, s->group, s->option), s->text);
	}
	crit = got && criteria_equal(got, want);
	agency = got && same_words(got->agency, want->agency);
	for (int x = 0; x < GPD_TEXT__COUNT; x++)
		sim += similarity(got ? got->text[x] : NULL, want->text[x]);
	sim /= GPD_TEXT__COUNT;
	printf("%-28s %4d %3d %3d %3d  %-4s %3d/%-3d %-4s %5.2f %4d %5zu%s\n", base, tp, fp, fn,
		silent, crit ? "ok" : "-", contact_ok, contact_n, agency ? "ok" : "-", sim,
		got ? (int)got->nattachments : 0, warn, got ? "" : "  REFUSED");
	if (o->show != NULL && strstr(input, o->show) != NULL) {
		show(input, diag);
		show_diff(got, want);
	}
	t->failed += got == NULL;
	t->truth_ticks += (size_t)(tp + fn);
	t->tp += (size_t)tp;
	t->fp += (size_t)fp;
	t->fn += (size_t)fn;
	t->silent += (size_t)silent;
	t->crit_ok += (size_t)crit;
	t->crit_wrong += got != NULL && criteria_wrong(got, want);
	t->agency_ok += (size_t)agency;
	t->contact_ok += (size_t)contact_ok;
	t->contact_n += (size_t)contact_n;
	t->warnings += warn;
	if (warn > t->max_warnings)
		t->max_warnings = warn;
	t->text_sim += sim;
	t->text_n++;
	gpd_record_free(got);
	gpd_record_free(want);
	gpd_diag_free(diag);
}

/* The truth of an input by the naming rule. */
static char *truth_of(const char *input, const char *dir)
{
	const char *base = strrchr(input, '/') ? strrchr(input, '/') + 1 : input;
	size_t n = strcspn(base, "-.");
	size_t len = strlen(dir) + n + 6;
	char *p = malloc(len);

	if (p != NULL)
		snprintf(p, len, "%s/%.*s.xml", dir, (int)n, base);
	return p;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Scores an argument: INPUT=TRUTH, a folder, or an input. */
static void score_arg(const char *arg, const opts *o, totals *t)
{
	const char *eq = strchr(arg, '=');
	struct stat st;

	if (eq != NULL) {
		char *in = strndup(arg, (size_t)(eq - arg));

		score(in, eq + 1, o, t);
		free(in);
	} else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(arg);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0;

		while (d != NULL && (e = readdir(d)) != NULL) {
			size_t len = strlen(arg) + strlen(e->d_name) + 2;
			char **p;

			if (e->d_name[0] == '.' || (p = realloc(names, (n + 1) * sizeof(*p))) == NULL)
				continue;
			names = p;
			names[n] = malloc(len);
			snprintf(names[n++], len, "%s/%s", arg, e->d_name);
		}
		if (d != NULL)
			closedir(d);
		qsort(names, n, sizeof(*names), by_name);
		for (size_t i = 0; i < n; i++) {
			score_arg(names[i], o, t);
			free(names[i]);
		}
		free(names);
	} else {
		char *truth;

		if (o->truth_dir == NULL) {
			fprintf(stderr, "import_score: %s: no truth (give --truth DIR or INPUT=TRUTH)\n", arg);
			exit(2);
		}
		truth = truth_of(arg, o->truth_dir);
		score(arg, truth, o, t);
		free(truth);
	}
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 1.0;
}

/* Prints the totals; returns 1 when one misses its bound. */
static int summary(const totals *t, const opts *o)
{
	double precision = ratio(t->tp, t->tp + t->fp), recall = ratio(t->tp, t->truth_ticks);
	double crit = ratio(t->crit_ok, t->forms), contact = ratio(t->contact_ok, t->contact_n);
	double warn = t->forms ? (double)t->warnings / (double)t->forms : 0;
	int bad = 0;

	printf("\n%zu inputs, %zu refused\n", t->forms, t->failed);
	printf("ticks: %zu in the truth, %zu read correctly, %zu invented, %zu missed\n",
		t->truth_ticks, t->tp, t->fp, t->fn);
	printf("tick precision %.3f, recall %.3f\n", precision, recall);
	printf("missed ticks no warning names (silent): %zu\n", t->silent);
	printf("criteria read in %zu of %zu (%.1f %%), a wrong one in %zu\n", t->crit_ok, t->forms,
		100 * crit, t->crit_wrong);
	printf("contact fields read %zu of %zu (%.1f %%)\n", t->contact_ok, t->contact_n, 100 * contact);
	printf("agency read in %zu of %zu; specify texts %zu of %zu\n", t->agency_ok, t->forms,
		t->spec_ok, t->spec_n);
	printf("free-text word similarity, mean %.3f\n", t->text_n ? t->text_sim / (double)t->text_n : 0);
	printf("warnings per input: mean %.1f, most %zu\n", warn, t->max_warnings);
#define BOUND(cond, ...) do { if (!(cond)) { printf("FAILS: " __VA_ARGS__); putchar('\n'); bad = 1; } } while (0)
	BOUND(t->failed == 0, "%zu inputs refused", t->failed);
	BOUND(recall >= o->min_recall, "recall %.3f < %.3f", recall, o->min_recall);
	BOUND(precision >= o->min_precision, "precision %.3f < %.3f", precision, o->min_precision);
	BOUND(o->max_invented < 0 || (long)t->fp <= o->max_invented, "%zu invented ticks > %ld",
		t->fp, o->max_invented);
	BOUND(o->max_silent < 0 || (long)t->silent <= o->max_silent,
		"%zu missed ticks unreported > %ld", t->silent, o->max_silent);
	BOUND(o->max_wrong_criteria < 0 || (long)t->crit_wrong <= o->max_wrong_criteria,
		"%zu forms with a wrong criterion > %ld", t->crit_wrong, o->max_wrong_criteria);
	BOUND(crit >= o->min_criteria, "criteria %.3f < %.3f", crit, o->min_criteria);
	BOUND(contact >= o->min_contact, "contact %.3f < %.3f", contact, o->min_contact);
	BOUND(o->max_warnings < 0 || warn <= o->max_warnings, "warnings %.1f > %.1f", warn,
		o->max_warnings);
#undef BOUND
	return bad;
}

int main(int argc, char **argv)
{
	opts o = {NULL, NULL, 0, 0, 0, 0, -1, -1, -1, -1};
	totals t = {0};
	int i = 1;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL)
			break;
		if (strcmp(argv[i], "--truth") == 0)
			o.truth_dir = v;
		else if (strcmp(argv[i], "--show") == 0)
			o.show = v;
		else if (strcmp(argv[i], "--min-recall") == 0)
			o.min_recall = atof(v);
		else if (strcmp(argv[i], "--min-precision") == 0)
			o.min_precision = atof(v);
		else if (strcmp(argv[i], "--max-invented") == 0)
			o.max_invented = atol(v);
		else if (strcmp(argv[i], "--min-criteria") == 0)
			o.min_criteria = atof(v);
		else if (strcmp(argv[i], "--min-contact") == 0)
			o.min_contact = atof(v);
		else if (strcmp(argv[i], "--max-warnings") == 0)
			o.max_warnings = atof(v);
		else if (strcmp(argv[i], "--max-silent") == 0)
			o.max_silent = atol(v);
		else if (strcmp(argv[i], "--max-wrong-criteria") == 0)
			o.max_wrong_criteria = atol(v);
		else
			break;
	}
	if (i >= argc || strncmp(argv[i], "--", 2) == 0) {
		fputs("usage: import_score [--truth DIR] [--min-recall R] [--min-precision P] "
		      "[--max-invented N] [--min-criteria F] [--min-contact F] [--max-warnings W] "
		      "[--max-silent N] [--max-wrong-criteria N] [--show TEXT] INPUT|DIR|INPUT=TRUTH...\n", stderr);
		return 2;
	}
	printf("%-28s %4s %3s %3s %3s  %-4s %7s %-4s %5s %4s %5s\n", "input", "tick", "inv", "mis",
		"sil", "crit", "contact", "agcy", "text", "att", "warn");
	for (; i < argc; i++)
		score_arg(argv[i], &o, &t);
	return summary(&t, &o);
}
