/* manifest.c: reading and writing the build manifest that makes rebuilds incremental. */
#define _POSIX_C_SOURCE 200809L
#include "build/manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/output.h"

#define HEADER "gpdigest-manifest 1"

/* The longest part of a bad line a diagnostic quotes. */
#define QUOTE_MAX 80

/* Exactly 16 lower-case hex digits, as gpd_manifest_write writes them. */
static int parse_hex(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n != 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
			s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* The first wrong line, reported once reading has stopped (a path named a
 * second time is found only then). why NULL: none. */
typedef struct bad_line {
	unsigned lineno;
	const char *line;
	size_t n;          /* how much of it a diagnostic may quote */
	const char *why;
} bad_line;

/* An entry and the line it was read from. */
typedef struct read_entry {
	gpd_manifest_entry e;
	unsigned lineno;
	const char *line;
	size_t n;
} read_entry;

/* A manifest being read: the entries are collected in file order and
 * sorted once at the end (inserting each in its place made a forged
 * manifest of a million entries in descending order take minutes). */
typedef struct reader {
	gpd_manifest *m;
	read_entry *v;
	size_t n, cap;
	bad_line bad;
} reader;

/* Reports a line that is not one this program writes, quoting at most
 * QUOTE_MAX bytes of it (the diagnostics printer escapes what it holds). */
static void report_bad(gpd_diag *diag, const char *shown, const bad_line *b)
{
	gpd_buf msg = {0};

	gpd_buf_printf(&msg, "the output folder's manifest is damaged: the line '%.*s%s' %s; "
		"nothing is written or deleted: restore the manifest (git checkout) or remove it "
		"and build again", (int)(b->n > QUOTE_MAX ? QUOTE_MAX : b->n), b->line,
		b->n > QUOTE_MAX ? "..." : "", b->why);
	gpd_diag_report(diag, shown, b->lineno, 0, GPD_F_MANIFEST, msg.data);
	gpd_buf_free(&msg);
}

/* "NAME HEX16" for one of the hashes; 1 when line is not one. An
 * "outputs" line (the file times earlier versions kept here, which made
 * every clone's manifest differ: statcache.h) is read and forgotten. */
static int parse_hash_line(gpd_manifest *m, const char *line, size_t n)
{
	uint64_t forgotten;
	/* where each goes (an "outputs" hash nowhere: not by an offset of
	 * 0, which is where `inputs` is) */
	const struct { const char *name; uint64_t *to; } keys[] = {
		{"inputs ", &m->inputs},
		{"program ", &m->program},
		{"outputs ", &forgotten},
	};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t kl = strlen(keys[k].name);

		if (n > kl && strncmp(line, keys[k].name, kl) == 0)
			return parse_hex(line + kl, n - kl, keys[k].to);
	}
	return 1;
}

/* Appends an entry read from line lineno; 0 or -1 (out of memory). */
static int push_entry(reader *r, const char *path, uint64_t in, uint64_t content,
	unsigned lineno, const char *line, size_t n)
{
	char *copy;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		read_entry *p = realloc(r->v, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		r->v = p;
		r->cap = cap;
	}
	if ((copy = gpd_strdup(path)) == NULL)
		return -1;
	r->v[r->n++] = (read_entry){{copy, in, content}, lineno, line, n};
	return 0;
}

/* An entry: "PATH\tHEX16\tHEX16". 0, -1 bad (why set), -2 no memory. A
 * path named twice is found when the entries are sorted (finish). */
static int parse_entry(reader *r, const char *line, size_t n, unsigned lineno,
	const char **why)
{
	const char *t1 = memchr(line, '\t', n), *t2;
	uint64_t in, content;
	char path[GPD_MAX_OUTPUT_PATH + 1];

	*why = "is not a line gpdigest writes";
	if (t1 == NULL || (t2 = memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line))) == NULL ||
	    parse_hex(t1 + 1, (size_t)(t2 - t1 - 1), &in) != 0 ||
	    parse_hex(t2 + 1, n - (size_t)(t2 + 1 - line), &content) != 0)
		return -1;
	*why = "names a file no build writes (an output is a slug, or folder/slug, "
		"with an output extension)";
	if ((size_t)(t1 - line) >= sizeof(path))
		return -1;
	memcpy(path, line, (size_t)(t1 - line));
	path[t1 - line] = '\0';
	if (!gpd_output_name_ok(path))
		return -1;
	return push_entry(r, path, in, content, lineno, line, n) == 0 ? 0 : -2;
}

/* One line (without its newline): 0, -1 bad, -2 no memory. r->bad is set
 * to the line first, so that a bad one needs only its why. */
static int parse_line(reader *r, const char *line, size_t n, unsigned lineno)
{
	gpd_manifest *m = r->m;
	int rc;

	r->bad = (bad_line){lineno, line, n, "is not a line gpdigest writes"};
	if (memchr(line, '\0', n) != NULL) {
		r->bad.n = 0;
		r->bad.why = "holds a NUL byte";
		return -1;
	}
	if (lineno == 1) {
		r->bad.why = "is not the manifest header '" HEADER "'";
		return n == strlen(HEADER) && memcmp(line, HEADER, n) == 0 ? 0 : -1;
	}
	if ((rc = parse_hash_line(m, line, n)) <= 0) {
		r->bad.why = "has a malformed hash";
		return rc == 0 ? 0 : -1;
	}
	if (n == strlen("editions declared") && memcmp(line, "editions declared", n) == 0) {
		m->adhoc = 0;
		return 0;
	}
	if (n == strlen("editions ad-hoc") && memcmp(line, "editions ad-hoc", n) == 0) {
		m->adhoc = 1;
		return 0;
	}
	if (n >= 5 && memcmp(line, "diag ", 5) == 0) {
		/* replayed only when every field is well-formed (build.c) */
		gpd_buf_printf(&m->diags, "%.*s\n", (int)(n - 5), line + 5);
		return gpd_buf_failed(&m->diags) ? -2 : 0;
	}
	return parse_entry(r, line, n, lineno, &r->bad.why);
}

static int by_path_then_line(const void *a, const void *b)
{
	const read_entry *x = a, *y = b;
	int c = strcmp(x->e.path, y->e.path);

	return c ? c : (x->lineno > y->lineno) - (x->lineno < y->lineno);
}

/* Sorts the entries read; a path named again makes the later line bad, the
 * earliest such line unless an earlier one was bad already: the line an
 * insertion at each line's turn would have stopped at. */
static void sort_entries(reader *r)
{
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), by_path_then_line);
	for (size_t i = 1; i < r->n; i++) {
		const read_entry *e = &r->v[i];

		if (strcmp(e->e.path, r->v[i - 1].e.path) == 0 &&
		    (r->bad.why == NULL || e->lineno < r->bad.lineno))
			r->bad = (bad_line){e->lineno, e->line, e->n, "names an output a second time"};
	}
}

/* Moves the sorted entries into r->m; 0 or -1 (out of memory). */
static int take_entries(reader *r)
{
	gpd_manifest *m = r->m;

	if (r->n == 0)
		return 0;
	if ((m->items = malloc(r->n * sizeof(*m->items))) == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++)
		m->items[i] = r->v[i].e;
	m->n = m->cap = r->n;
	r->n = 0;
	return 0;
}

/* Once reading has stopped (rc: the last line's), the entries are sorted
 * and checked, then reported or handed over; 0, or -1 reported. */
static int finish(reader *r, int rc, const char *shown, gpd_diag *diag)
{
	if (rc == 0)
		r->bad.why = NULL; /* it described the last line read, a good one */
	if (rc != -2) {
		sort_entries(r);
		rc = r->bad.why != NULL ? -1 : take_entries(r) == 0 ? 0 : -2;
	}
	if (rc == -1)
		report_bad(diag, shown, &r->bad);
	if (rc == -2)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].e.path);
	free(r->v);
	return rc == 0 ? 0 : -1;
}

int gpd_manifest_parse(const char *data, size_t len, const char *shown, gpd_manifest *m,
	gpd_diag *diag)
{
	reader r = {m, NULL, 0, 0, {0, NULL, 0, NULL}};
	unsigned lineno = 0;
	int rc = 0;

	*m = (gpd_manifest){0};
	for (size_t at = 0; at < len && rc == 0;) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (data + at)) : len - at;

		rc = parse_line(&r, data + at, n, ++lineno);
		at += n + 1;
	}
	if ((rc = finish(&r, rc, shown, diag)) != 0)
		gpd_manifest_free(m);
	return rc;
}

int gpd_manifest_read(const gpd_outdir *od, gpd_manifest *m, gpd_diag *diag)
{
	char *data = NULL, *shown = gpd_outdir_shown(od, GPD_MANIFEST_NAME);
	size_t len = 0;
	int rc;

	*m = (gpd_manifest){0};
	if (shown == NULL)
		return gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, ""), -1;
	rc = gpd_outdir_read(od, GPD_MANIFEST_NAME, GPD_MAX_MANIFEST_BYTES, &data, &len);
	if (rc == 0) {
		rc = gpd_manifest_parse(data, len, shown, m, diag);
	} else if (rc < 0) {
		gpd_buf msg = {0};

		gpd_buf_printf(&msg, "%s cannot be read (a symbolic link, not a regular file, or over "
			"%zu MiB); nothing is written or deleted", shown, GPD_MAX_MANIFEST_BYTES >> 20);
		gpd_diag_report(diag, shown, 0, 0, GPD_F_MANIFEST, msg.data);
		gpd_buf_free(&msg);
	} else {
		rc = 0; /* none yet */
	}
	free(data);
	free(shown);
	return rc;
}

static long find_index(const gpd_manifest *m, const char *path)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->items[mid].path, path);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

const gpd_manifest_entry *gpd_manifest_find(const gpd_manifest *m, const char *path)
{
	long i = find_index(m, path);

	return i >= 0 ? &m->items[i] : NULL;
}

int gpd_manifest_set(gpd_manifest *m, const char *path, uint64_t inputs, uint64_t content)
{
	long i = find_index(m, path);
	size_t at;

	if (i >= 0) {
		m->items[i].inputs = inputs;
		m->items[i].content = content;
		return 0;
	}
	at = (size_t)(-i - 1);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		gpd_manifest_entry *p = realloc(m->items, cap * sizeof(*p));
		if (p == NULL)
			return -1;
		m->items = p;
		m->cap = cap;
	}
	memmove(&m->items[at + 1], &m->items[at], (m->n - at) * sizeof(*m->items));
	m->items[at] = (gpd_manifest_entry){gpd_strdup(path), inputs, content};
	if (m->items[at].path == NULL) {
		memmove(&m->items[at], &m->items[at + 1], (m->n - at) * sizeof(*m->items));
		return -1;
	}
	m->n++;
	return 0;
}

void gpd_manifest_format(const gpd_manifest *m, gpd_buf *b)
{
	gpd_buf_printf(b, HEADER "\ninputs %016" PRIx64 "\n", m->inputs);
	/* whose deflated pages a rebuild may copy (build.c, layout_reuse.c) */
	gpd_buf_printf(b, "program %016" PRIx64 "\n", m->program);
	/* a filtered build never writes over the declared editions */
	gpd_buf_printf(b, "editions %s\n", m->adhoc ? "ad-hoc" : "declared");
	for (const char *d = m->diags.data, *eol; d && *d; d = eol + 1) {
		if ((eol = strchr(d, '\n')) == NULL)
			break;
		gpd_buf_printf(b, "diag %.*s\n", (int)(eol - d), d);
	}
	for (size_t i = 0; i < m->n; i++)
		gpd_buf_printf(b, "%s\t%016" PRIx64 "\t%016" PRIx64 "\n", m->items[i].path,
			m->items[i].inputs, m->items[i].content);
}

int gpd_manifest_write(const gpd_outdir *od, gpd_manifest *m, gpd_diag *diag)
{
	gpd_buf b = {0};
	gpd_staged *staged;
	char *old = NULL;
	size_t len = 0;
	int rc = -1;

	gpd_manifest_format(m, &b);
	if (gpd_buf_failed(&b)) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	} else if (gpd_outdir_read(od, GPD_MANIFEST_NAME, GPD_MAX_MANIFEST_BYTES, &old, &len) == 0 &&
		   len == b.len && memcmp(old, b.data, len) == 0) {
		/* an unchanged manifest is not rewritten, so a no-op build
		 * leaves every mtime in the folder as it was */
		rc = 0;
	} else if (gpd_outdir_stage(od, GPD_MANIFEST_NAME, b.data, b.len, diag, &staged) == 0) {
		rc = gpd_commit_staged(staged, diag);
	}
	free(old);
	gpd_buf_free(&b);
	return rc;
}

void gpd_manifest_free(gpd_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->items[i].path);
	free(m->items);
	gpd_buf_free(&m->diags);
	*m = (gpd_manifest){0};
}

/* ---- the diagnostics record ---- */

/* A diagnostic as one manifest line: file line col code text, each field
 * %-escaped so it holds no blank, tab or newline ("*": no file). */
static void put_field(gpd_buf *b, const char *s)
{
	if (s == NULL) {
		gpd_buf_puts(b, "*");
		return;
	}
	if (*s == '\0')
		gpd_buf_puts(b, "%");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '%' || c == '*' || c == 0x7F)
			gpd_buf_printf(b, "%%%02X", c);
		else
			gpd_buf_putc(b, (char)c);
	}
}

void gpd_manifest_save_diags(gpd_manifest *m, const gpd_diag *diag, size_t n)
{
	gpd_buf *out = &m->diags;

	for (size_t i = 0; i < n; i++) {
		const gpd_diagnostic *g = gpd_diag_at(diag, i);

		put_field(out, g->file);
		/* the code by name: a code added to the table does not renumber
		 * what a committed manifest says */
		gpd_buf_printf(out, " %u %u %s ", g->line, g->col, gpd_msg_name(g->code));
		put_field(out, g->text);
		gpd_buf_putc(out, '\n');
	}
}

/* Decodes one field in place; returns its end (the blank or NUL after). */
static char *take_field(char *s, char **field)
{
	char *o = s, *r = s;

	*field = s;
	if (*s == '*' && (s[1] == ' ' || s[1] == '\0')) {
		*field = NULL;
		return s + 1;
	}
	if (*s == '%' && (s[1] == ' ' || s[1] == '\0')) {
		*s = '\0';
		return s + 1;
	}
	while (*r && *r != ' ') {
		unsigned v;

		if (*r == '%' && sscanf(r + 1, "%2x", &v) == 1 && r[1] && r[2]) {
			*o++ = (char)v;
			r += 3;
		} else {
			*o++ = *r++;
		}
	}
	if (*r == ' ')
		r++;
	*o = '\0';
	return r;
}

/* Reports again what the build that wrote the manifest reported while
 * reading its inputs: the same inputs make the same diagnostics. The text
 * is the code's message with its one "%s" filled, so the argument is what
 * lies between the message's two parts. Returns -1 on anything odd. */
int gpd_manifest_replay_diags(const gpd_manifest *m, gpd_diag *diag)
{
	const gpd_buf *saved = &m->diags;
	char *copy, *line, *save = NULL;
	int rc = 0;

	if (gpd_buf_failed(saved))
		return -1;
	if (saved->len == 0)
		return 0;
	if ((copy = gpd_strdup(saved->data)) == NULL)
		return -1;
	/* first check every line, so nothing is reported unless all are good */
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		char *work = pass == 0 ? gpd_strdup(saved->data) : copy;

		if (work == NULL) {
			rc = -1;
			break;
		}
		for (line = strtok_r(work, "\n", &save); line && rc == 0;
		     line = strtok_r(NULL, "\n", &save)) {
			char *file, *text, *p, *end, *name;
			unsigned long ln, col;
			int code;
			const char *fmt, *hole;
			size_t pre, post, tlen;

			p = take_field(line, &file);
			ln = strtoul(p, &end, 10);
			col = end > p ? strtoul(end, &end, 10) : 0;
			name = end + (*end == ' ');
			end = strchr(name, ' ');
			if (end == NULL) {
				rc = -1;
				break;
			}
			*end = '\0';
			if ((code = gpd_msg_by_name(name)) < 0) {
				rc = -1;
				break;
			}
			take_field(end + 1, &text);
			fmt = gpd_msg_format((gpd_msg)code);
			hole = strstr(fmt, "%s");
			tlen = text ? strlen(text) : 0;
			pre = hole ? (size_t)(hole - fmt) : 0;
			post = hole ? strlen(hole + 2) : 0;
			if (text == NULL || (hole == NULL && strcmp(text, fmt) != 0) ||
			    (hole != NULL && (tlen < pre + post || strncmp(text, fmt, pre) != 0 ||
			     strcmp(text + tlen - post, hole + 2) != 0))) {
				rc = -1;
				break;
			}
			if (pass == 1) {
				text[tlen - post] = '\0';
				gpd_diag_report(diag, file, (unsigned)ln, (unsigned)col, (gpd_msg)code,
					hole ? text + pre : NULL);
			}
		}
		if (pass == 0)
			free(work);
	}
	free(copy);
	return rc;
}
