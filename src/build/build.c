/* build.c: runs a build: loads inputs, plans editions, renders the changed ones in parallel, writes atomically. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h> /* malloc_trim */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gpdigest/catalogue.h"
#include "gpdigest/date.h"
#include "gpdigest/fontref.h"
#include "gpdigest/hash.h"
#include "gpdigest/html.h"
#include "gpdigest/input.h"
#include "gpdigest/layout.h"
#include "gpdigest/limits.h"
#include "gpdigest/mem.h"
#include "gpdigest/load.h"
#include "gpdigest/outdir.h"
#include "gpdigest/output.h"
#include "gpdigest/pool.h"
#include "gpdigest/render.h"
#include "gpdigest/style.h"
#include "gpdigest/template.h"
#include "gpdigest/version.h"
#include "build/manifest.h"
#include "build/site.h"
#include "build/statcache.h"

typedef struct named_template {
	char *name;
	gpd_template *t;
} named_template;

/* What one edition's job produced, merged by the main thread in plan order
 * so that nothing depends on how many jobs ran. */
typedef struct job_result {
	gpd_diag *diag;
	int status;         /* 0, 1 stale (check), 2 failed */
	int skipped;        /* current: nothing rendered */
	uint64_t inputs;
	uint64_t content[2]; /* md, pdf */
	/* A changed output is written to a temporary file beside its target
	 * as soon as it is rendered (so memory holds one edition at a time,
	 * not all of them); once every edition has rendered, all are renamed
	 * into place, or, if anything failed (memory, a page limit, a full
	 * disk), all are removed and out/ is left as it was. Failure
	 * injection found a failed PDF beside its new Markdown, editions half
	 * new and half old, and temporaries left behind when cmark aborted on
	 * a failed malloc (main.c now removes them: gpd_staged_exit). */
	gpd_staged *staged[2]; /* the temporary file beside each target; NULL: none */
	gpd_site site;      /* the HTML site's files: rendered, or kept as they are */
} job_result;

typedef struct build {
	const gpd_build_opts *o;
	gpd_diag *diag;
	gpd_catalogue *cat;
	gpd_publication *pub;
	gpd_style style;
	gpd_style_file *style_file;
	gpd_records recs;
	gpd_plan plan;
	named_template *tpls;
	size_t ntpls;
	size_t foreign;     /* files no build wrote, found by --check */
	uint64_t shared;    /* hash of inputs every edition depends on */
	uint64_t program;   /* this program and its deflater (manifest "program") */
	gpd_outdir od;      /* the output folder, open and locked */
	gpd_manifest old;
	gpd_pool *pool;     /* --jobs workers: reading, rendering, deflating */
	gpd_html_theme *theme; /* the HTML's page template and stylesheet */
	gpd_manifest html_files; /* the HTML files the editions declare (hashes unused) */
	job_result *results;
	size_t next_job, done_jobs;
	size_t pages;       /* PDF pages typeset so far, for the progress line */
	size_t running;     /* record bytes of the editions being rendered */
	size_t budget;      /* at most this many at once (memory_budget) */
	gpd_layout_pages *compendium_pages; /* its page streams, for the PDFs after it */
	pthread_mutex_t lock;
} build;

static const char *const exts[2] = {"md", "pdf"};

static int wants(const build *b, int k)
{
	return (b->o->formats & (k == 0 ? GPD_OUTPUT_MD : GPD_OUTPUT_PDF)) != 0;
}

static char *join(const char *dir, const char *name, const char *ext)
{
	gpd_buf p = {0};

	gpd_buf_printf(&p, "%s/%s%s%s", dir, name, ext ? "." : "", ext ? ext : "");
	return gpd_buf_take(&p);
}

/* ---- inputs ---- */

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* An OpenType file's table directories: each face's table records carry
 * every table's checksum and length, so they stand for the file's content
 * without reading it (Noto CJK's collections are 20 to 27 MB each, and
 * every build hashes every font its chains name). 0, or -1 when the file
 * is no OpenType font. */
static int hash_sfnt(uint64_t *h, int fd, off_t size)
{
	unsigned char head[12 + 4 * 64], dir[12 + 16 * 512];
	unsigned nfaces = 1, off[64] = {0};

	if (pread(fd, head, 12, 0) != 12)
		return -1;
	if (memcmp(head, "ttcf", 4) == 0) {
		nfaces = be32(head + 8) < 64 ? be32(head + 8) : 64;
		if (pread(fd, head + 12, 4 * nfaces, 12) != (ssize_t)(4 * nfaces))
			return -1;
		for (unsigned i = 0; i < nfaces; i++)
			off[i] = be32(head + 12 + 4 * i);
		*h = gpd_hash(*h, head, 12 + 4 * nfaces);
	}
	for (unsigned i = 0; i < nfaces; i++) {
		unsigned n;
		if (pread(fd, dir, 12, off[i]) != 12 || (be32(dir) != 0x00010000u
		    && memcmp(dir, "OTTO", 4) != 0 && memcmp(dir, "true", 4) != 0))
			return -1;
		n = (unsigned)dir[4] << 8 | dir[5];
		n = n < 512 ? n : 512;
		if (pread(fd, dir + 12, 16 * n, (off_t)off[i] + 12) != (ssize_t)(16 * n))
			return -1;
		*h = gpd_hash(*h, dir, 12 + 16 * n);
	}
	*h = gpd_hash(*h, &size, sizeof size);
	return 0;
}

/* A font the chains name ("name.ttc#2": its file, fontref.h): by its
 * table directories, or all its bytes when it is no OpenType font. */
static uint64_t hash_file(uint64_t h, const char *path)
{
	char *data = NULL, *file;
	size_t len = 0, flen;
	struct stat st;
	int rc, fd;

	gpd_font_ref(path, &flen);
	if (!(file = strndup(path, flen)))
		return gpd_hash_str(h, "<unreadable>");
	h = gpd_hash_str(h, path);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	rc = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? hash_sfnt(&h, fd, st.st_size) : -1;
	if (fd >= 0)
		close(fd);
	if (rc != 0) {
		rc = gpd_read_all(file, GPD_MAX_OUTPUT_BYTES, &data, &len);
		if (rc == 0)
			h = gpd_hash(h, data, len);
		else
			h = gpd_hash_str(h, rc > 0 ? "<missing>" : "<unreadable>");
		free(data);
	}
	free(file);
	return h;
}

/* A file of the templates folder, read as the loaders read it: a symbolic
 * link or a FIFO is neither followed nor waited on (the loaders refuse it,
 * and hashing must not read what a link reaches either). */
static uint64_t hash_template(uint64_t h, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	gpd_read_status rc = gpd_read_regular(path, GPD_MAX_OUTPUT_BYTES, &data, &len, NULL);

	h = gpd_hash_str(h, path);
	if (rc == GPD_READ_OK)
		h = gpd_hash(h, data, len);
	else
		h = gpd_hash_str(h, rc == GPD_READ_MISSING ? "<missing>" : "<unreadable>");
	free(data);
	return h;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of the templates folder, in name order: the editor's texts,
 * the style, the catalogue and the publication file. */
static uint64_t hash_templates(uint64_t h, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL)
		return gpd_hash_str(h, "<no templates>");
	while ((e = readdir(d)) != NULL) {
		char **p;
		if (e->d_name[0] == '.' || (p = realloc(names, (n + 1) * sizeof(*p))) == NULL)
			continue;
		names = p;
		if ((names[n] = join(dir, e->d_name, NULL)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		h = hash_template(h, names[i]);
		free(names[i]);
	}
	free(names);
	return h;
}

/* The program, with the deflater whose bytes its PDFs hold: a rebuild
 * copies deflated pages only from files a build by the same one wrote. */
static uint64_t program_id(void)
{
	uint64_t h = gpd_hash_str(GPD_HASH_INIT, GPD_IDENTITY);

	return gpd_hash_str(gpd_hash_str(h, "deflater"), gpd_layout_deflater());
}

/* Everything every edition depends on: the program, the options that shape
 * the bytes, the templates folder and the fonts. */
static uint64_t hash_shared(const build *b)
{
	uint64_t h = b->program;
	const char *font;
	char fmt[8];

	snprintf(fmt, sizeof(fmt), "%u", b->o->formats);
	h = gpd_hash_str(h, fmt);
	h = gpd_hash_str(h, b->o->source_date_epoch ? b->o->source_date_epoch : "-");
	h = hash_templates(h, b->o->templates);
	for (size_t k = 0; (b->o->formats & GPD_OUTPUT_PDF) &&
	     gpd_style_font_slot(&b->style, k, &font); k++)
		h = font ? hash_file(h, font) : gpd_hash_str(h, "-");
	return h;
}

static uint64_t hash_edition(const build *b, const gpd_edition *e)
{
	uint64_t h = b->shared;

	h = gpd_hash_str(h, e->title);
	h = gpd_hash_str(h, e->output);
	h = gpd_hash_str(h, e->selection);
	h = gpd_hash_str(h, e->authority);
	h = gpd_hash_str(h, e->region);
	h = gpd_hash(h, &e->kind, sizeof(e->kind));
	for (size_t i = 0; i < e->n; i++) {
		h = gpd_hash_str(h, e->recs[i]->path);
		h = gpd_hash(h, &e->recs[i]->source_hash, sizeof(uint64_t));
	}
	return h;
}

/* ---- templates ---- */

/* Loads a template once however many editions use it; NULL is reported
 * (once: a template that fails is remembered as failed, not read and
 * reported again for the next edition that uses it). */
static const gpd_template *template_named(build *b, const char *name)
{
	named_template *p;
	char *path;
	gpd_template *t;

	for (size_t i = 0; i < b->ntpls; i++)
		if (strcmp(b->tpls[i].name, name) == 0)
			return b->tpls[i].t;
	path = join(b->o->templates, name, NULL);
	t = path ? gpd_template_load(path, b->diag) : NULL;
	p = path ? realloc(b->tpls, (b->ntpls + 1) * sizeof(*p)) : NULL;
	if (p != NULL) {
		b->tpls = p;
		p[b->ntpls] = (named_template){gpd_strdup(name), t};
	}
	if (p == NULL || p[b->ntpls].name == NULL) {
		/* the template's own failures are said by gpd_template_load */
		gpd_diag_report(b->diag, path ? path : name, 0, 0, GPD_F_NOMEM, "");
		gpd_template_free(t);
		t = NULL;
	} else {
		b->ntpls++;
	}
	free(path);
	return t;
}

static int load_templates(build *b)
{
	int rc = 0;

	for (size_t i = 0; i < b->pub->n; i++) {
		if (template_named(b, b->pub->editions[i].cover) == NULL)
			rc = -1;
		if (template_named(b, b->pub->editions[i].introduction) == NULL)
			rc = -1;
	}
	return rc;
}

/* ---- loading ---- */

static gpd_publication *adhoc_publication(const gpd_filter *f)
{
	gpd_publication *pub = calloc(1, sizeof(*pub));
	gpd_edition_def *e = pub ? calloc(1, sizeof(*e)) : NULL;

	if (e == NULL) {
		free(pub);
		return NULL;
	}
	pub->editions = e;
	pub->n = 1;
	e->kind = GPD_EDITION_COMPENDIUM;
	e->name = gpd_strdup("selection");
	e->title = gpd_strdup("Selected good practice");
	e->output = gpd_strdup("compendium");
	e->cover = gpd_strdup("cover.md");
	e->introduction = gpd_strdup("introduction.md");
	if (gpd_filter_copy(&e->filter, f) != 0 || !e->name || !e->title ||
	    !e->output || !e->cover || !e->introduction) {
		gpd_publication_free(pub);
		return NULL;
	}
	return pub;
}

/* The publication file gives the title and publisher even to ad-hoc
 * editions; the editions themselves come from the command line then. */
static int load_publication(build *b)
{
	char *path = join(b->o->templates, "publication.xml", NULL);
	gpd_publication *file = path ? gpd_publication_load(path, b->diag) : NULL;

	free(path);
	if (file == NULL)
		return -1;
	if (b->o->adhoc == NULL) {
		b->pub = file;
		return 0;
	}
	b->pub = adhoc_publication(b->o->adhoc);
	if (b->pub == NULL) {
		gpd_publication_free(file);
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	b->pub->title = file->title;
	b->pub->publisher = file->publisher;
	b->pub->subject = file->subject;
	b->pub->keywords = file->keywords;
	file->title = file->publisher = file->subject = file->keywords = NULL;
	gpd_publication_free(file);
	return 0;
}

static int load_inputs(build *b)
{
	char *cat = join(b->o->templates, "standards.xml", NULL);
	char *style = join(b->o->templates, "style.xml", NULL);
	const char *paths[1] = {b->o->records};

	if (cat == NULL || style == NULL) {
		free(cat);
		free(style);
		return -1;
	}
	b->cat = gpd_catalogue_load(cat, b->diag);
	b->style_file = gpd_style_load(style, b->o->templates, &b->style, b->diag);
	free(cat);
	free(style);
	if (b->cat == NULL || b->style_file == NULL || load_publication(b) != 0 ||
	    load_templates(b) != 0)
		return -1;
	if ((b->o->formats & GPD_OUTPUT_HTML) && (b->theme = gpd_html_theme_load(b->o->templates,
	    b->style.lang, b->diag)) == NULL)
		return -1;
	return gpd_load_records_on(paths, 1, b->cat, b->pool, b->diag, &b->recs);
}

/* Each ad-hoc authority must name an authority some record has, or the
 * user is told which there are (a usage error, like an unknown region). */
static int check_adhoc_authorities(build *b)
{
	gpd_buf why = {0};
	int rc = 0;

	if (b->o->adhoc != NULL &&
	    gpd_filter_check_authorities(b->o->adhoc, b->recs.items, b->recs.n, &why) != 0) {
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_F_USAGE, why.data);
		rc = -1;
	}
	gpd_buf_free(&why);
	return rc;
}

static int check_selections(build *b)
{
	int rc = 0;

	for (size_t i = 0; i < b->plan.n; i++) {
		gpd_buf what = {0};

		if (b->plan.items[i].n > 0)
			continue;
		gpd_buf_printf(&what, "edition %s", b->plan.items[i].output);
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_E_EMPTY_SELECTION,
			what.data ? what.data : b->plan.items[i].output);
		gpd_buf_free(&what);
		rc = -1;
	}
	if (b->plan.n == 0) {
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_E_EMPTY_SELECTION,
			"the publication (it declares no edition)");
		rc = -1;
	}
	return rc;
}

/* ---- one edition ---- */

static gpd_edition_info edition_info(const build *b, const gpd_edition *e,
	char *date, size_t n)
{
	gpd_edition_info ed = {0};
	long long epoch = gpd_edition_epoch(b->o->source_date_epoch, e->recs, e->n);
	char iso[16];

	gpd_epoch_date(epoch, iso, sizeof(iso));
	ed.date_format = gpd_style_date_format(b->style_file);
	gpd_date_format(iso, ed.date_format, date, n);
	ed.kind = e->kind;
	ed.publication = b->pub->title;
	ed.publisher = b->pub->publisher;
	ed.subject = b->pub->subject;
	ed.keywords = b->pub->keywords;
	ed.title = e->title;
	ed.selection = e->selection;
	ed.authority = e->authority;
	ed.region = e->region;
	ed.date = date;
	ed.epoch = epoch;
	for (size_t i = 0; i < b->ntpls; i++) {
		if (strcmp(b->tpls[i].name, e->def->cover) == 0)
			ed.cover = b->tpls[i].t;
		if (strcmp(b->tpls[i].name, e->def->introduction) == 0)
			ed.introduction = b->tpls[i].t;
	}
	ed.catalogue = b->cat;
	ed.output = e->output;
	return ed;
}

/* True when the manifest says the file was made from these inputs and the
 * file on disk still has the bytes the manifest recorded. */
static int is_current(const build *b, const char *rel, uint64_t inputs)
{
	const gpd_manifest_entry *m = gpd_manifest_find(&b->old, rel);
	char *data = NULL;
	size_t len = 0;
	int ok;

	if (m == NULL || m->inputs != inputs ||
	    gpd_outdir_read(&b->od, rel, GPD_MAX_OUTPUT_BYTES, &data, &len) != 0)
		return 0;
	ok = gpd_hash(GPD_HASH_INIT, data, len) == m->content;
	free(data);
	return ok;
}

/* Whether the file at rel (its bytes: data, len) is the one a build with
 * these very inputs, by a program of this output format, wrote: then a
 * plain build would take it as current. */
static int same_program_wrote(const build *b, const char *rel, uint64_t inputs,
	const char *data, size_t len)
{
	const gpd_manifest_entry *m = gpd_manifest_find(&b->old, rel);

	return m != NULL && b->old.program == b->program && m->inputs == inputs &&
	       gpd_hash(GPD_HASH_INIT, data, len) == m->content;
}

/* Compares (under --check) one rendered output, made from inputs, or
 * stages it for commit_outputs to put in place (many: one of a site's
 * pages, flushed with the rest). Unchanged bytes are not rewritten, so a
 * file's mtime changes only with its content. */
static int deliver(build *b, const char *rel, uint64_t inputs, const gpd_buf *bytes,
	const gpd_buf *known, gpd_staged **staged, int many, gpd_diag *diag)
{
	char *own = NULL;
	const char *old = NULL;
	size_t len = 0;
	int have, rc = 0;

	if (known != NULL && known->data != NULL) { /* read already (previous_pdf) */
		have = 0;
		old = known->data;
		len = known->len;
	} else if (!b->o->check && gpd_manifest_find(&b->old, rel) == NULL) {
		/* no build of ours wrote it: written without looking (a first
		 * build of 10,000 records' HTML would try 38,000 missing files) */
		have = 1;
	} else {
		have = gpd_outdir_read(&b->od, rel, GPD_MAX_OUTPUT_BYTES, &own, &len);
		old = own;
	}
	if (have == 0 && len == bytes->len && memcmp(old, bytes->data, len) == 0) {
		rc = 0;
	} else if (b->o->check) {
		char *shown = gpd_outdir_shown(&b->od, rel);
		gpd_buf msg = {0};

		if (have == 0 && same_program_wrote(b, rel, inputs, old, len))
			gpd_buf_printf(&msg, "%s is stale (differs from what a build writes), though "
				"the manifest says a build with the same inputs and output format ("
				GPD_OUTPUT_FORMAT ") wrote it, so a plain build keeps it: either it was "
				"edited by hand, or the program's output changed and GPD_OUTPUT_FORMAT "
				"(include/gpdigest/version.h) must be raised; 'gpdigest build --force' "
				"regenerates it", shown);
		else
			gpd_buf_printf(&msg, "%s is %s; run 'gpdigest build' to regenerate it", shown,
				have == 0 ? "stale (differs from what a build writes)" : "missing");
		gpd_diag_report(diag, NULL, 0, 0, GPD_E_STALE, msg.data);
		gpd_buf_free(&msg);
		free(shown);
		rc = 1;
	} else if ((many ? gpd_outdir_stage_unsynced : gpd_outdir_stage)(&b->od, rel, bytes->data,
		   bytes->len, diag, staged) != 0) {
		rc = 2; /* reported */
	}
	free(own);
	return rc;
}

/* A render that failed on content (a page limit: an error) fails the
 * build with 1; out of memory or an internal error (fatal) with 2. */
static int failed_status(const gpd_diag *diag)
{
	return gpd_diag_worst(diag) == GPD_LEVEL_ERROR ? 1 : 2;
}

static int render(build *b, const gpd_corpus *c, const gpd_edition_info *ed,
	int k, gpd_buf *prev, gpd_buf *out, gpd_diag *diag)
{
	size_t pages = 0;
	const gpd_layout_pages *shared;
	gpd_layout_pages *made = NULL;
	int rc;

	if (k == 0)
		return gpd_render_md(c, ed, out, diag);
	pthread_mutex_lock(&b->lock);
	shared = b->compendium_pages;
	pthread_mutex_unlock(&b->lock);
	rc = gpd_render_pdf_counted(c, ed, &b->style, prev, shared, b->pool, out, diag, &pages);
	/* A digest's or a handout's pages are mostly the compendium's (the
	 * same record, laid out alike): the compendium, which renders alone
	 * and first (memory_budget), lends them its deflated streams. Whether
	 * one is copied or deflated again, the bytes are the same. */
	if (rc == 0 && shared == NULL && ed->kind == GPD_EDITION_COMPENDIUM && b->plan.n > 1)
		made = gpd_layout_pages_new(out->data, out->len);
	pthread_mutex_lock(&b->lock);
	b->pages += pages;
	if (made != NULL && b->compendium_pages == NULL) {
		b->compendium_pages = made;
		made = NULL;
	}
	pthread_mutex_unlock(&b->lock);
	gpd_layout_pages_free(made);
	return rc;
}

/* A big edition's Markdown and HTML are rendered by other workers while
 * this one lays out the PDF: the three take the same corpus, read-only.
 * The results are delivered, and their diagnostics passed on, in the order
 * the one-thread loop below uses (Markdown first; no PDF after a failed
 * Markdown; the site last, and not after a failure), so nothing depends
 * on it. */
#define PAIR_MIN_RECORDS 200

typedef struct md_job {
	build *b;
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	const char *rel;
	job_result *r;      /* only its Markdown slots (k = 0) are touched */
	gpd_diag *diag;
	uint64_t content;
	int rc, st;
} md_job;

/* Renders the Markdown and stages it (or, under --check, compares it),
 * so writing it is done by the time the PDF is. */
static void md_task(void *arg)
{
	md_job *j = arg;
	gpd_buf bytes = {0};

	j->rc = render(j->b, j->c, j->ed, 0, NULL, &bytes, j->diag);
	/* the Markdown tree is freed into this thread's malloc arena, where
	 * the PDF (on another thread) cannot reuse it: give it back now, not
	 * after the write */
	malloc_trim(0);
	if (j->rc == 0) {
		j->content = gpd_hash(GPD_HASH_INIT, bytes.data, bytes.len);
		j->st = deliver(j->b, j->rel, j->r->inputs, &bytes, NULL, &j->r->staged[0], 0, j->diag);
	}
	gpd_buf_free(&bytes);
	malloc_trim(0);
}

static int wants_html(const build *b);
static void render_site(build *b, const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_edition *e, job_result *r);

/* The HTML site of a big edition, also on another worker while the PDF is
 * laid out: into a result of its own (diagnostics, status, files), merged
 * after the Markdown's and the PDF's. */
typedef struct site_task {
	build *b;
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	const gpd_edition *e;
	job_result r;
} site_task;

static void run_site_task(void *arg)
{
	site_task *t = arg;

	render_site(t->b, t->c, t->ed, t->e, &t->r);
}

/* The site's result into r, as render_site would have left it there: not
 * at all when the Markdown or the PDF failed (its staged files removed,
 * as the one-thread path never renders them). */
static void merge_site(job_result *r, site_task *t)
{
	if (r->status != 2) {
		gpd_diag_merge(r->diag, t->r.diag);
		if (t->r.status > r->status)
			r->status = t->r.status;
		r->site = t->r.site;
	} else {
		gpd_site_free(&t->r.site);
	}
	gpd_diag_free(t->r.diag);
}

/* Returns -1, having done nothing, when it cannot start (then the caller
 * renders the two in turn), else 0 with r->status set, and the site too
 * (*site_done) when the build wants one. */
static int render_pair(build *b, const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_edition *e, char *const rel[2], gpd_buf *prev, job_result *r, int *site_done)
{
	md_job md = {b, c, ed, rel[0], r, gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL), 0, 0, 0};
	gpd_diag *pdf_diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_tasks *tasks = gpd_tasks_new(b->pool);
	site_task site = {b, c, ed, e, {0}};
	gpd_buf pdf = {0};
	int pdf_rc, st;

	*site_done = 0;
	if (md.diag == NULL || pdf_diag == NULL || tasks == NULL) {
		gpd_diag_free(md.diag);
		gpd_diag_free(pdf_diag);
		gpd_tasks_free(tasks);
		return -1;
	}
	gpd_tasks_add(tasks, md_task, &md);
	if (wants_html(b) && (site.r.diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL)) != NULL) {
		site.r.inputs = r->inputs;
		gpd_tasks_add(tasks, run_site_task, &site);
		*site_done = 1;
	}
	pdf_rc = render(b, c, ed, 1, prev, &pdf, pdf_diag);
	gpd_tasks_free(tasks); /* the Markdown and the site are done (here, if no worker took them) */
	gpd_diag_merge(r->diag, md.diag);
	if (md.rc != 0) {
		r->status = 2;
	} else {
		r->content[0] = md.content;
		if (md.st > r->status)
			r->status = md.st;
	}
	if (r->status != 2) {
		gpd_diag_merge(r->diag, pdf_diag);
		if (pdf_rc != 0) {
			r->status = failed_status(r->diag);
		} else {
			r->content[1] = gpd_hash(GPD_HASH_INIT, pdf.data, pdf.len);
			st = deliver(b, rel[1], r->inputs, &pdf, prev, &r->staged[1], 0, r->diag);
			if (st > r->status)
				r->status = st;
		}
	}
	if (*site_done)
		merge_site(r, &site);
	gpd_buf_free(&pdf);
	gpd_diag_free(md.diag);
	gpd_diag_free(pdf_diag);
	return 0;
}

/* The PDF the last build wrote for rel, into prev, when the render may copy
 * its unchanged pages (gpd_layout_reuse_from; the render takes prev over,
 * so deliver reads the file again to compare): a build by this very program
 * and deflater wrote it, and it is still the file the manifest recorded;
 * --force asks for nothing to be taken from the last build. Otherwise
 * prev stays empty. */
static void previous_pdf(const build *b, const char *rel, gpd_buf *prev)
{
	const gpd_manifest_entry *m = gpd_manifest_find(&b->old, rel);
	char *data = NULL;
	size_t len = 0;

	/* --check renders afresh: out/ and its manifest are untrusted, and
	 * streams copied from a file re-deflated by someone else would have
	 * it confirm that file's bytes (the same content, other bytes) */
	if (m == NULL || b->o->force || b->o->check || b->old.program != b->program ||
	    gpd_outdir_read(&b->od, rel, GPD_MAX_OUTPUT_BYTES, &data, &len) != 0)
		return;
	if (gpd_hash(GPD_HASH_INIT, data, len) != m->content) {
		free(data);
		return;
	}
	prev->data = data;
	prev->len = prev->cap = len;
}

/* ---- the HTML site ---- */

static int wants_html(const build *b)
{
	return (b->o->formats & GPD_OUTPUT_HTML) != 0;
}

/* Whether edition e's site is as this build would write it: the manifest
 * lists its files as built from these inputs, and each still holds the
 * bytes recorded. Its files are then kept (r->site). Without html, the
 * site is not this build's business (1). */
static int site_current(build *b, const gpd_edition *e, job_result *r)
{
	uint64_t inputs;
	long n;
	int ok;

	if (!wants_html(b))
		return 1;
	n = gpd_site_from_manifest(&r->site, &b->old, e->output, &inputs);
	ok = n > 0 && inputs == r->inputs;
	for (size_t i = 0; ok && i < r->site.n; i++)
		ok = is_current(b, r->site.files[i].rel, r->inputs);
	if (!ok)
		gpd_site_free(&r->site);
	return ok;
}

/* Under --check, the stale files of one site named one by one; beyond
 * that, counted. */
#define STALE_PAGES_SHOWN 5

typedef struct site_job {
	build *b;
	const gpd_edition *e;
	job_result *r;
	gpd_diag *quiet;   /* --check: the stale files not shown */
	size_t stale;
	gpd_buf rel;
} site_job;

/* One file of the site, as the renderer hands it over: compared, or
 * staged to be put in place with the rest of the build's outputs. */
static int deliver_page(void *ctx, const char *name, const char *data, size_t len)
{
	site_job *j = ctx;
	const gpd_buf bytes = {(char *)data, len, len, 0};
	gpd_staged *staged = NULL;
	int st;

	j->rel.len = 0;
	gpd_buf_printf(&j->rel, "%s/%s", j->e->output, name);
	if (gpd_buf_failed(&j->rel) || !gpd_output_name_ok(j->rel.data)) {
		gpd_buf msg = {0};

		gpd_buf_printf(&msg, "an HTML page would be written as %s, a name the manifest "
			"refuses", j->rel.data ? j->rel.data : name);
		gpd_diag_report(j->r->diag, NULL, 0, 0, GPD_F_INTERNAL, msg.data);
		gpd_buf_free(&msg);
		j->r->status = 2;
		return -1;
	}
	st = deliver(j->b, j->rel.data, j->r->inputs, &bytes, NULL, &staged, 1,
		j->stale < STALE_PAGES_SHOWN || j->quiet == NULL ? j->r->diag : j->quiet);
	j->stale += st == 1;
	if (st == 2 || gpd_site_add(&j->r->site, j->rel.data,
	    gpd_hash(GPD_HASH_INIT, data, len), staged) != 0) {
		if (st != 2)
			gpd_diag_report(j->r->diag, NULL, 0, 0, GPD_F_NOMEM, "");
		j->r->status = 2;
		return -1;
	}
	if (st > j->r->status)
		j->r->status = st;
	return 0;
}

static void render_site(build *b, const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_edition *e, job_result *r)
{
	site_job j = {b, e, r, NULL, 0, {0}};

	if (!wants_html(b))
		return;
	if (b->o->check)
		j.quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	if (gpd_render_html(c, ed, b->theme, deliver_page, &j, r->diag) != 0 && r->status != 2)
		r->status = failed_status(r->diag);
	if (j.stale > STALE_PAGES_SHOWN) {
		gpd_buf msg = {0};
		char *shown = gpd_outdir_shown(&b->od, e->output);

		gpd_buf_printf(&msg, "and %zu more files of %s/ are stale or missing; run "
			"'gpdigest build' to regenerate them", j.stale - STALE_PAGES_SHOWN,
			shown ? shown : e->output);
		gpd_diag_report(r->diag, NULL, 0, 0, GPD_E_STALE, msg.data);
		gpd_buf_free(&msg);
		free(shown);
	}
	gpd_diag_free(j.quiet);
	gpd_buf_free(&j.rel);
}

/* The site's files in the manifest m, and among the files the editions
 * declare. A build without html keeps the site as the last build left it. */
static int collect_site(build *b, gpd_manifest *m, const gpd_edition *e, job_result *r)
{
	uint64_t inputs;

	if (!wants_html(b) && gpd_site_from_manifest(&r->site, &b->old, e->output, &inputs) < 0)
		return 2;
	for (size_t i = 0; i < r->site.n; i++) {
		const gpd_site_file *f = &r->site.files[i];
		const gpd_manifest_entry *old = gpd_manifest_find(&b->old, f->rel);

		if (gpd_manifest_set(&b->html_files, f->rel, 0, 0) != 0 ||
		    (r->status == 0 && gpd_manifest_set(m, f->rel, wants_html(b) || !old ?
		     r->inputs : old->inputs, f->content) != 0))
			return 2;
	}
	return 0;
}

/* Puts every staged page in place (worst == 0), else removes them. Pages
 * are staged unflushed (gpd_outdir_stage_unsynced): one flush of the file
 * system before the renames, one after. Returns the new worst. */
static int commit_sites(build *b, int worst)
{
	int any = 0;

	for (size_t i = 0; b->results && i < b->plan.n; i++)
		any |= gpd_site_staged(&b->results[i].site);
	if (!any)
		return worst;
	if (worst == 0 && gpd_outdir_sync(&b->od) != 0) {
		gpd_diag_report(b->diag, b->o->out, 0, 0, GPD_F_WRITE, strerror(errno));
		worst = 2;
	}
	for (size_t i = 0; i < b->plan.n; i++)
		if (gpd_site_commit(&b->results[i].site, worst != 0, b->diag) != 0)
			worst = 2;
	if (worst == 0)
		gpd_outdir_sync(&b->od);
	return worst;
}

static void run_edition(build *b, size_t i)
{
	const gpd_edition *e = &b->plan.items[i];
	job_result *r = &b->results[i];
	gpd_corpus *c = NULL;
	gpd_edition_info ed;
	char date[GPD_DATE_MAX];
	char *rel[2] = {NULL, NULL};
	gpd_buf prev = {0};
	int current = !b->o->force && !b->o->check;
	int site_done = 0;

	r->inputs = hash_edition(b, e);
	for (int k = 0; k < 2; k++) {
		if (!wants(b, k))
			continue;
		rel[k] = join(".", e->output, exts[k]);
		if (rel[k] == NULL) {
			r->status = 2;
			goto out;
		}
		memmove(rel[k], rel[k] + 2, strlen(rel[k] + 2) + 1); /* drop "./" */
		current = current && is_current(b, rel[k], r->inputs);
	}
	current = current && site_current(b, e, r);
	if (current) {
		r->skipped = 1;
		for (int k = 0; k < 2; k++)
			if (rel[k])
				r->content[k] = gpd_manifest_find(&b->old, rel[k])->content;
		goto out;
	}
	gpd_site_free(&r->site); /* its files, if current, are rendered anew */
	c = gpd_corpus_build(e->recs, e->n, b->cat);
	if (c == NULL) {
		gpd_diag_report(r->diag, NULL, 0, 0, GPD_F_NOMEM, "");
		r->status = 2;
		goto out;
	}
	ed = edition_info(b, e, date, sizeof(date));
	if (wants(b, 1))
		previous_pdf(b, rel[1], &prev);
	if (wants(b, 0) && wants(b, 1) && gpd_pool_size(b->pool) > 1 && e->n >= PAIR_MIN_RECORDS &&
	    render_pair(b, c, &ed, e, rel, &prev, r, &site_done) == 0) {
		if (site_done)
			goto out;
		goto html;
	}
	for (int k = 0; k < 2 && r->status != 2; k++) {
		gpd_buf bytes = {0};
		int st;

		if (!wants(b, k))
			continue;
		if (render(b, c, &ed, k, &prev, &bytes, r->diag) != 0) {
			r->status = failed_status(r->diag);
		} else {
			r->content[k] = gpd_hash(GPD_HASH_INIT, bytes.data, bytes.len);
			st = deliver(b, rel[k], r->inputs, &bytes, k == 1 ? &prev : NULL, &r->staged[k], 0, r->diag);
			if (st > r->status)
				r->status = st;
		}
		gpd_buf_free(&bytes);
	}
html:
	if (r->status != 2)
		render_site(b, c, &ed, e, r);
out:
	gpd_buf_free(&prev);
	gpd_corpus_free(c);
	for (int k = 0; k < 2; k++)
		free(rel[k]);
}

static void show_progress(build *b)
{
	if (!b->o->progress)
		return;
	fprintf(stderr, "\rgpdigest: %zu records read, %zu of %zu editions done, %zu pages ",
		b->recs.n, b->done_jobs, b->plan.n, b->pages);
	fflush(stderr);
}

/* The record bytes an edition renders: its memory grows with them (the
 * corpus, the Markdown tree, the laid-out PDF, the staged bytes). The
 * HTML alone holds one page at a time, whatever the edition's size: a
 * build of nothing else admits its editions together. */
static size_t edition_bytes(const build *b, const gpd_edition *e)
{
	size_t n = 0;

	if (!(b->o->formats & (GPD_OUTPUT_MD | GPD_OUTPUT_PDF)))
		return 0;
	for (size_t i = 0; i < e->n; i++)
		n += e->recs[i]->source_bytes;
	return n;
}

/* Editions rendered at once hold at most as many record bytes as the run
 * read (or one edition, whatever its size), so --jobs never multiplies
 * the memory of one big edition: five 7 MB records in three editions of
 * all five took twice the memory of one with --jobs 2 (issue 15). A
 * compendium renders alone; digests and handouts share the cores. */
static size_t memory_budget(const build *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->recs.n; i++)
		n += b->recs.items[i]->source_bytes;
	return n;
}

typedef struct admission {
	build *b;
	size_t job;   /* the edition taken, once taken */
	size_t cost;  /* its record bytes */
	int none;     /* no edition was left */
} admission;

/* Takes the next edition in the plan when it fits in the budget beside
 * the editions being rendered (one alone always fits), or finds none
 * left: 1 then. Editions are taken, and start, in plan order: the
 * compendium, first, renders alone however the workers happen to start,
 * and the editions after it copy its pages (render). An edition is not
 * taken before it can start: a worker waiting for room may run another
 * worker's task, and that one must never wait on an edition the first
 * holds. */
static int try_take(void *arg)
{
	admission *a = arg;
	build *b = a->b;
	int ok = 1;

	pthread_mutex_lock(&b->lock);
	if (b->next_job >= b->plan.n) {
		a->none = 1;
	} else {
		if (a->job != b->next_job || a->cost == SIZE_MAX) {
			a->job = b->next_job;
			a->cost = edition_bytes(b, &b->plan.items[a->job]);
		}
		ok = b->running == 0 || b->running + a->cost <= b->budget;
		if (ok) {
			b->running += a->cost;
			b->next_job++;
		}
	}
	pthread_mutex_unlock(&b->lock);
	return ok;
}

/* Takes editions, in plan order, until none is left: the calling thread
 * and a task on each other worker run this. */
static void worker(void *arg)
{
	build *b = arg;

	for (;;) {
		admission a = {b, 0, SIZE_MAX, 0};

		/* waiting for room, the worker runs what is queued meanwhile:
		 * the Markdown and the pages of the editions being rendered */
		gpd_pool_help_until(b->pool, try_take, &a);
		if (a.none)
			return;
		gpd_pool_notify(b->pool); /* the next edition may fit too */
		run_edition(b, a.job);
		if (a.cost >= GPD_TRIM_MIN_BYTES)
			malloc_trim(0); /* a big edition's memory, back for the next */
		pthread_mutex_lock(&b->lock);
		b->running -= a.cost;
		b->done_jobs++;
		show_progress(b);
		pthread_mutex_unlock(&b->lock);
		gpd_pool_notify(b->pool); /* room, perhaps, for a waiting edition */
	}
}

/* Runs every edition on the pool's workers; the results are merged in
 * plan order afterwards, so output and diagnostics do not depend on it. */
static int run_jobs(build *b)
{
	size_t nworkers = gpd_pool_size(b->pool);
	gpd_tasks *tasks;

	b->results = calloc(b->plan.n ? b->plan.n : 1, sizeof(*b->results));
	if (b->results == NULL)
		return -1;
	for (size_t i = 0; i < b->plan.n; i++)
		if ((b->results[i].diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL)) == NULL)
			return -1;
	if (nworkers > b->plan.n)
		nworkers = b->plan.n;
	if (pthread_mutex_init(&b->lock, NULL) != 0)
		return -1;
	b->budget = memory_budget(b);
	tasks = gpd_tasks_new(b->pool);
	for (size_t t = 1; t < nworkers; t++)
		gpd_tasks_add(tasks, worker, b);
	worker(b); /* the calling thread works too */
	gpd_tasks_free(tasks);
	pthread_mutex_destroy(&b->lock);
	if (b->o->progress)
		fputs("\r\033[K", stderr);
	return 0;
}

/* ---- finishing ---- */

/* In either format: a --format md build does not undeclare the PDFs. */
static int is_declared(const build *b, const char *rel)
{
	if (gpd_site_is_file(rel)) /* a page: declared when its edition still has it */
		return gpd_manifest_find(&b->html_files, rel) != NULL;
	for (size_t i = 0; i < b->plan.n; i++) {
		const char *o = b->plan.items[i].output;
		size_t n = strlen(o);

		for (int k = 0; k < 2; k++)
			if (strncmp(rel, o, n) == 0 && rel[n] == '.' &&
			    strcmp(rel + n + 1, exts[k]) == 0)
				return 1;
	}
	return 0;
}

/* Whether the file at rel still holds the bytes the last build wrote. */
static int as_written(const build *b, const gpd_manifest_entry *m)
{
	char *data = NULL;
	size_t len = 0;
	int same = gpd_outdir_read(&b->od, m->path, GPD_MAX_OUTPUT_BYTES, &data, &len) == 0 &&
		gpd_hash(GPD_HASH_INIT, data, len) == m->content;

	free(data);
	return same;
}

/* The folder of a site whose last file was just removed goes too (only
 * when empty: while the site has other files, nothing happens). */
static void remove_site_folder(const build *b, const char *page)
{
	const char *slash = strrchr(page, '/');
	char *dir = strndup(page, (size_t)(slash - page));

	if (dir != NULL)
		gpd_outdir_rmdir(&b->od, dir);
	free(dir);
}

/* Outputs a previous build made that no edition declares any more: under
 * --check they are reported, otherwise removed. Only a regular file the
 * manifest lists (a name gpd_manifest_parse has checked) that still holds
 * the bytes the manifest recorded is removed: never a link, a folder, or
 * a file someone else wrote or changed since (that one is kept, with a
 * warning). */
static int sweep_undeclared(build *b)
{
	int stale = 0;

	for (size_t i = 0; i < b->old.n; i++) {
		const gpd_manifest_entry *m = &b->old.items[i];
		char *shown;
		struct stat st;
		gpd_buf msg = {0};

		if (is_declared(b, m->path) || gpd_outdir_stat(&b->od, m->path, &st) != 0 ||
		    !S_ISREG(st.st_mode) || (shown = gpd_outdir_shown(&b->od, m->path)) == NULL)
			continue;
		if (!as_written(b, m)) {
			gpd_diag_report(b->diag, shown, 0, 0, GPD_W_KEPT, NULL);
		} else if (b->o->check) {
			gpd_buf_printf(&msg, "%s is not declared by any edition any more; "
				"run 'gpdigest build' to remove it", shown);
			gpd_diag_report(b->diag, NULL, 0, 0, GPD_E_STALE, msg.data);
			stale = 1;
		} else if (gpd_outdir_unlink(&b->od, m->path) < 0) {
			gpd_diag_report(b->diag, shown, 0, 0, GPD_F_WRITE, strerror(errno));
		} else if (gpd_site_is_file(m->path)) {
			remove_site_folder(b, m->path);
		}
		gpd_buf_free(&msg);
		free(shown);
	}
	return stale;
}

/* Under --check: a file in the output folder that no build wrote (not an
 * output, not in the manifest) is reported. A build keeps such files
 * (someone's work), but the folder is published as it is: a page or an
 * .htaccess planted in a pull request would go out with the editions. */
static void report_foreign(void *ctx, const char *rel)
{
	build *b = ctx;
	char *shown;
	gpd_buf msg = {0};

	if (is_declared(b, rel) || gpd_manifest_find(&b->old, rel) != NULL)
		return;
	shown = gpd_outdir_shown(&b->od, rel);
	gpd_buf_printf(&msg, "%s was not written by a build, and would be published with "
		"the editions; remove it, or keep it outside %s", shown ? shown : rel, b->o->out);
	gpd_diag_report(b->diag, NULL, 0, 0, GPD_E_STALE, msg.data);
	b->foreign++;
	gpd_buf_free(&msg);
	free(shown);
}

/* Under --check, a temporary file an interrupted build left is stale. */
static void report_temporary(void *ctx, const char *rel)
{
	build *b = ctx;
	char *shown = gpd_outdir_shown(&b->od, rel);
	gpd_buf msg = {0};

	gpd_buf_printf(&msg, "%s is a temporary file an interrupted build left; "
		"run 'gpdigest build' to remove it", shown ? shown : rel);
	gpd_diag_report(b->diag, NULL, 0, 0, GPD_E_STALE, msg.data);
	gpd_buf_free(&msg);
	free(shown);
}

/* A build killed between writing a temporary file and renaming it leaves
 * the temporary behind. Holding the lock, a build knows no other build
 * is writing, so it clears them from the output folder and from each
 * folder of `outputs` (names relative to the folder; count n, or the
 * manifest's when from_manifest); --check reports them. Returns how many
 * there were. */
static size_t sweep_temporaries(build *b, int from_manifest)
{
	size_t found, n = from_manifest ? b->old.n : b->plan.n;
	int remove = !b->o->check;
	void (*fn)(void *, const char *) = b->o->check ? report_temporary : NULL;

	found = gpd_outdir_temporaries(&b->od, "", remove, fn, b);
	for (size_t i = 0; i < n; i++) {
		const char *o = from_manifest ? b->old.items[i].path : b->plan.items[i].output;
		const char *slash = strrchr(o, '/');
		char dir[256];

		if (slash == NULL || (size_t)(slash - o) >= sizeof(dir))
			continue;
		memcpy(dir, o, (size_t)(slash - o));
		dir[slash - o] = '\0';
		/* sorted by folder in both lists: each folder once */
		if (i > 0) {
			const char *p = from_manifest ? b->old.items[i - 1].path :
				b->plan.items[i - 1].output;
			if (strncmp(p, o, (size_t)(slash - o) + 1) == 0 &&
			    strchr(p + (slash - o) + 1, '/') == NULL)
				continue;
		}
		found += gpd_outdir_temporaries(&b->od, dir, remove, fn, b);
	}
	for (size_t i = 0; !from_manifest && wants_html(b) && i < n; i++) /* the sites */
		found += gpd_outdir_temporaries(&b->od, b->plan.items[i].output, remove, fn, b);
	return found;
}

/* Puts every staged output in place when the whole build succeeded
 * (worst == 0), else removes them all. Nothing is left staged. Returns
 * the new worst. */
/* Every staged file can go into place (gpd_staged_check): checked for all
 * before the first is renamed, so that one that cannot leaves out/ as it
 * was rather than half the build's files in it. 0, or 2 (reported). */
static int check_outputs(build *b)
{
	int worst = 0;

	for (size_t i = 0; b->results && i < b->plan.n; i++) {
		job_result *r = &b->results[i];

		for (int k = 0; k < 2; k++)
			if (r->staged[k] != NULL && gpd_staged_check(r->staged[k], b->diag) != 0)
				worst = 2;
		if (gpd_site_check(&r->site, b->diag) != 0)
			worst = 2;
	}
	return worst;
}

static int commit_outputs(build *b, int worst)
{
	if (worst == 0)
		worst = check_outputs(b);
	for (size_t i = 0; b->results && i < b->plan.n; i++)
		for (int k = 0; k < 2; k++) {
			job_result *r = &b->results[i];

			if (r->staged[k] == NULL)
				continue;
			if (worst != 0)
				gpd_abandon_staged(r->staged[k]);
			else if (gpd_commit_staged(r->staged[k], b->diag) != 0)
				worst = 2;
			r->staged[k] = NULL;
		}
	return commit_sites(b, worst);
}

/* Merges the jobs' diagnostics and manifest entries in plan order. */
static int collect_results(build *b, gpd_manifest *m, size_t *built, size_t *current)
{
	int worst = 0;

	for (size_t i = 0; i < b->plan.n; i++) {
		job_result *r = &b->results[i];
		const gpd_edition *e = &b->plan.items[i];

		gpd_diag_merge(b->diag, r->diag);
		if (r->status > worst)
			worst = r->status;
		if (r->status == 0 || r->skipped)
			*(r->skipped ? current : built) += 1;
		for (int k = 0; k < 2 && r->status == 0; k++) {
			char *rel = join(".", e->output, exts[k]);
			const gpd_manifest_entry *old = rel ? gpd_manifest_find(&b->old, rel + 2) : NULL;

			/* a format not built this time (--format) stays tracked as
			 * it was: the edition still declares it */
			if (rel == NULL ||
			    (wants(b, k) && gpd_manifest_set(m, rel + 2, r->inputs, r->content[k]) != 0) ||
			    (!wants(b, k) && old && gpd_manifest_set(m, rel + 2, old->inputs, old->content) != 0))
				worst = 2;
			free(rel);
		}
		if (collect_site(b, m, e, r) != 0)
			worst = 2;
	}
	return worst;
}

/* How many of d's diagnostics of this code are counted (not accepted). */
static size_t count_code(const gpd_diag *d, gpd_msg code)
{
	size_t n = 0;

	for (size_t i = 0; i < gpd_diag_size(d); i++) {
		const gpd_diagnostic *g = gpd_diag_at(d, i);

		n += g->code == code && g->hidden == GPD_SHOWN;
	}
	return n;
}

/* The closing line. Its errors are those printed: under --strict the
 * warnings are among them (a warning made an error is no longer counted
 * as a warning), and under --check only a stale output is "out of date". */
static void summary(const build *b, size_t built, size_t current, double secs)
{
	size_t failed = b->plan.n - built - current;
	size_t errors = gpd_diag_count(b->diag, GPD_LEVEL_ERROR)
		+ gpd_diag_count(b->diag, GPD_LEVEL_FATAL);
	size_t warnings = gpd_diag_count(b->diag, GPD_LEVEL_WARNING);
	char failed_text[32] = "";
	gpd_buf text = {0};

	if (b->o->quiet)
		return;
	if (failed)
		snprintf(failed_text, sizeof(failed_text), "%zu failed, ", failed);
	if (b->o->check) {
		size_t stale = count_code(b->diag, GPD_E_STALE);

		gpd_buf_printf(&text, "checked %zu edition%s against %s: %s", b->plan.n,
			b->plan.n == 1 ? "" : "s", b->o->out, stale ? "out of date" : "current");
		if (errors > stale)
			gpd_buf_printf(&text, ", %zu %serror%s", errors - stale, stale ? "other " : "",
				errors - stale == 1 ? "" : "s");
	} else {
		gpd_buf_printf(&text, "%zu edition%s built, %zu current, %s", built,
			built == 1 ? "" : "s", current, failed_text);
		if (errors)
			gpd_buf_printf(&text, "%zu error%s, ", errors, errors == 1 ? "" : "s");
		gpd_buf_printf(&text, "%zu warning%s, %.1f s", warnings, warnings == 1 ? "" : "s",
			secs);
	}
	/* through the collector: in JSON it ends the one array */
	if (text.data != NULL)
		gpd_diag_summary(b->diag, text.data);
	gpd_buf_free(&text);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void free_build(build *b)
{
	commit_outputs(b, 2); /* anything still pending is abandoned */
	for (size_t i = 0; b->results && i < b->plan.n; i++) {
		gpd_diag_free(b->results[i].diag);
		gpd_site_free(&b->results[i].site);
	}
	free(b->results);
	for (size_t i = 0; i < b->ntpls; i++) {
		free(b->tpls[i].name);
		gpd_template_free(b->tpls[i].t);
	}
	free(b->tpls);
	gpd_plan_free(&b->plan);
	gpd_records_free(&b->recs);
	gpd_publication_free(b->pub);
	gpd_style_file_free(b->style_file);
	gpd_catalogue_free(b->cat);
	gpd_manifest_free(&b->old);
	gpd_manifest_free(&b->html_files);
	gpd_html_theme_free(b->theme);
	gpd_outdir_close(&b->od);
	gpd_pool_free(b->pool);
	gpd_layout_pages_free(b->compendium_pages);
}

static int status_of(const gpd_diag *diag)
{
	gpd_level w = gpd_diag_worst(diag);

	return w == GPD_LEVEL_FATAL ? 2 : w == GPD_LEVEL_ERROR ? 1 : 0;
}

/* ---- the no-op fast path ---- */

/* The manifest's `inputs`: everything a build reads (the shared inputs,
 * and each record file's name and bytes), and whether the editions were
 * the declared ones. Equal hashes mean a build would read the same. */
static uint64_t all_inputs(uint64_t shared, int adhoc, size_t n,
	const char *(*path_of)(const void *, size_t), uint64_t (*hash_of)(const void *, size_t),
	const void *ctx)
{
	uint64_t h = gpd_hash_str(shared, adhoc ? "ad-hoc editions" : "declared editions");
	char num[32];

	snprintf(num, sizeof(num), "%zu", n);
	h = gpd_hash_str(h, num);
	for (size_t i = 0; i < n; i++) {
		uint64_t rh = hash_of(ctx, i);

		h = gpd_hash_str(h, path_of(ctx, i));
		h = gpd_hash(h, &rh, sizeof(rh));
	}
	return h;
}

static const char *rec_path(const void *ctx, size_t i)
{
	return ((const gpd_records *)ctx)->items[i]->path;
}

static uint64_t rec_hash(const void *ctx, size_t i)
{
	return ((const gpd_records *)ctx)->items[i]->source_hash;
}

typedef struct file_hashes {
	const gpd_paths *files;
	uint64_t *h;
} file_hashes;

static const char *file_path(const void *ctx, size_t i)
{
	return ((const file_hashes *)ctx)->files->items[i];
}

static uint64_t file_hash(const void *ctx, size_t i)
{
	return ((const file_hashes *)ctx)->h[i];
}

/* The edition an output belongs to, as the length of its name: a page's
 * folder ("compendium/x.html"), else the output without .md or .pdf. */
static size_t edition_stem(const char *p)
{
	const char *end = gpd_site_is_file(p) ? strrchr(p, '/') : strrchr(p, '.');

	return end ? (size_t)(end - p) : strlen(p);
}

/* The number of editions the manifest tracks. */
static size_t manifest_editions(const gpd_manifest *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n; i++) {
		const char *p = m->items[i].path;
		size_t stem = edition_stem(p);
		int seen = 0;

		for (size_t j = i; j-- > 0 && !seen;) {
			const char *q = m->items[j].path;

			if (edition_stem(q) == stem && strncmp(p, q, stem) == 0)
				seen = 1;
			else if (strncmp(p, q, stem) != 0)
				break; /* sorted: the same stem is adjacent */
		}
		n += !seen;
	}
	return n;
}

/* A build whose inputs (record files, templates, fonts, program, options)
 * hash as the manifest says, and whose outputs are the files that build
 * wrote, would read everything only to render nothing: say so at once,
 * with the diagnostics it would print. Returns the exit status, or -1 to
 * take the full path (which then decides from content as ever). */
static int fast_noop(build *b, double start)
{
	gpd_diag *scratch = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	const char *paths[1] = {b->o->records};
	char *style = join(b->o->templates, "style.xml", NULL);
	gpd_paths files = {0};
	file_hashes fh = {&files, NULL};
	uint64_t key;
	int rc = -1;

	if (scratch == NULL || style == NULL)
		goto out;
	b->style_file = gpd_style_load(style, b->o->templates, &b->style, scratch);
	if (b->style_file == NULL || gpd_diag_size(scratch) > 0 ||
	    gpd_find_records(paths, 1, &files, scratch) != 0 || files.n > GPD_MAX_RECORDS ||
	    (fh.h = calloc(files.n ? files.n : 1, sizeof(*fh.h))) == NULL)
		goto out;
	for (size_t i = 0; i < files.n; i++) {
		char *data = NULL;
		size_t len = 0;

		/* the reader every record goes through: a symbolic link or a
		 * FIFO is refused, and the full path says so */
		if (gpd_read_regular(files.items[i], GPD_MAX_FILE_BYTES, &data, &len,
			NULL) != GPD_READ_OK)
			goto out; /* the full path says what is wrong */
		fh.h[i] = gpd_hash(GPD_HASH_INIT, data, len);
		free(data);
	}
	key = all_inputs(hash_shared(b), 0, files.n, file_path, file_hash, &fh);
	if (key != b->old.inputs || !gpd_statcache_matches(&b->od, &b->old) ||
	    gpd_manifest_replay_diags(&b->old, b->diag) != 0)
		goto out;
	if (gpd_diag_worst(b->diag) >= GPD_LEVEL_ERROR) {
		/* --strict over warnings: what the full path says, too */
		if (!b->o->quiet)
			gpd_diag_summary(b->diag, "nothing written: the inputs have errors");
		rc = status_of(b->diag);
		goto out;
	}
	sweep_temporaries(b, 1);
	b->plan.n = manifest_editions(&b->old);
	summary(b, 0, b->plan.n, now() - start);
	b->plan.n = 0;
	rc = status_of(b->diag);
out:
	if (rc < 0) {
		gpd_style_file_free(b->style_file);
		b->style_file = NULL;
		b->style = (gpd_style){0};
	}
	free(fh.h);
	gpd_paths_free(&files);
	free(style);
	gpd_diag_free(scratch);
	return rc;
}

/* Makes the output folder a build found missing, and locks it. A build
 * that made it at the same time may have written it meanwhile: that is a
 * gpdigest output folder, and this build's outputs replace its own. */
static int create_out(build *b)
{
	if (b->od.fd >= 0 || b->o->check)
		return 0;
	gpd_outdir_close(&b->od);
	return gpd_outdir_open(&b->od, b->o->out, 1, 1, b->diag) == 0 &&
		gpd_outdir_lock(&b->od, 0, b->o->wait, b->diag) == 0 ? 0 : -1;
}

/* Under --check, every output current: the manifest must hold what a
 * build would write, so that a clone's first build changes no committed
 * file. 1 when it does not (reported), else 0. */
static int manifest_stale(build *b, const gpd_manifest *m)
{
	gpd_buf want = {0};
	char *have = NULL, *shown;
	size_t len = 0;
	int stale;

	gpd_manifest_format(m, &want);
	stale = !gpd_buf_failed(&want) && (b->od.fd < 0 || gpd_outdir_read(&b->od,
		GPD_MANIFEST_NAME, GPD_MAX_MANIFEST_BYTES, &have, &len) != 0 ||
		len != want.len || memcmp(have, want.data, len) != 0);
	if (stale && (shown = gpd_outdir_shown(&b->od, GPD_MANIFEST_NAME)) != NULL) {
		gpd_buf msg = {0};

		gpd_buf_printf(&msg, "%s is not what a build writes (the outputs are current, "
			"but what it records of them or of the diagnostics is not); run 'gpdigest "
			"build' to rewrite it", shown);
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_E_STALE, msg.data);
		gpd_buf_free(&msg);
		free(shown);
	}
	free(have);
	gpd_buf_free(&want);
	return stale;
}

/* Everything after the inputs loaded cleanly: plan, render, write. */
static int produce(build *b, double start)
{
	gpd_manifest m = {0};
	size_t built = 0, current = 0, nload;
	int worst, stale, stale_temps = 0;

	switch (gpd_plan_make(b->pub, b->recs.items, b->recs.n, b->diag, &b->plan)) {
	case 0:
		break;
	case -2: /* two editions make one output: said */
		return 1;
	default:
		return gpd_diag_report(b->diag, NULL, 0, 0, GPD_F_NOMEM, ""), 2;
	}
	if (check_adhoc_authorities(b) != 0)
		return 2;
	if (check_selections(b) != 0)
		return 1;
	if (create_out(b) != 0)
		return 2;
	if (sweep_temporaries(b, 0) > 0 && b->o->check)
		stale_temps = 1;
	nload = gpd_diag_size(b->diag); /* what a no-op build would report */
	if (run_jobs(b) != 0)
		return gpd_diag_report(b->diag, NULL, 0, 0, GPD_F_NOMEM, ""), 2;
	worst = collect_results(b, &m, &built, &current);
	/* a library ran out of memory and finished on the reserve (mem.h):
	 * nothing it made is trusted, and nothing is written */
	if (gpd_mem_exhausted()) {
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_F_NOMEM, "");
		worst = 2;
	}
	worst = commit_outputs(b, worst);
	if (worst != 0 && !b->o->check) {
		built = 0; /* rendered, but nothing was written */
		gpd_outdir_unmake(&b->od); /* nor any folder made for it */
	}
	/* a failed build removes nothing either */
	stale = b->o->check || worst == 0 ? sweep_undeclared(b) : 0;
	/* out/digests/london/page.html is three deep; anything deeper is
	 * reported as its folder */
	if (b->o->check) {
		gpd_outdir_walk(&b->od, 3, report_foreign, b);
		stale |= b->foreign > 0;
	}
	if (worst == 0) {
		m.inputs = b->recs.failed ? 0 : all_inputs(b->shared, b->o->adhoc != NULL,
			b->recs.n, rec_path, rec_hash, &b->recs);
		m.program = b->program;
		m.adhoc = b->o->adhoc != NULL;
		gpd_manifest_save_diags(&m, b->diag, nload);
	}
	if (b->o->check && worst == 0 && !stale && !stale_temps)
		stale = manifest_stale(b, &m);
	if (!b->o->check && worst == 0) {
		if (gpd_manifest_write(&b->od, &m, b->diag) != 0)
			worst = 2;
		else
			gpd_statcache_write(&b->od, &m);
	}
	gpd_manifest_free(&m);
	summary(b, built, current, now() - start);
	if (worst == 2)
		return 2;
	return stale || stale_temps || worst == 1 ? 1 : status_of(b->diag);
}

/* Opens and locks the output folder and reads its manifest, refusing,
 * before anything is written, every folder a build must not write into. */
static int open_out(build *b)
{
	const gpd_build_opts *o = b->o;

	/* a folder that does not exist yet is made only once the inputs are
	 * known to be good (create_out), so a failed build leaves none */
	if (gpd_outdir_check_place(o->out, o->records, o->templates, b->diag) != 0 ||
	    gpd_outdir_open(&b->od, o->out, 0, !o->check, b->diag) != 0 ||
	    gpd_outdir_lock(&b->od, o->check, o->wait, b->diag) != 0 ||
	    gpd_manifest_read(&b->od, &b->old, b->diag) != 0)
		return -1;
	/* an ad-hoc edition is one compendium: over the declared editions it
	 * would replace the compendium and sweep away every digest and
	 * handout */
	if (o->adhoc != NULL && !o->check && b->old.n > 0 && !b->old.adhoc) {
		gpd_buf msg = {0};

		gpd_buf_printf(&msg, "'%s' holds the declared editions, and filters make an ad-hoc "
			"edition that would replace them; pass another --out", o->out);
		gpd_diag_report(b->diag, NULL, 0, 0, GPD_F_OUTPUT_FOLDER, msg.data);
		gpd_buf_free(&msg);
		return -1;
	}
	return 0;
}

int gpd_build(const gpd_build_opts *o, gpd_diag *diag)
{
	build b = {0};
	double start = now();
	int rc;

	b.o = o;
	b.diag = diag;
	b.od = (gpd_outdir){.fd = -1, .lock_fd = -1};
	b.program = program_id();
	if (open_out(&b) != 0) {
		free_build(&b);
		return 2;
	}
	if (!o->check && !o->force && o->adhoc == NULL && b.old.inputs != 0 && b.old.n > 0 &&
	    (rc = fast_noop(&b, start)) >= 0) {
		free_build(&b);
		return rc;
	}
	/* NULL when out of memory: then everything runs on this thread */
	b.pool = gpd_pool_new((size_t)(o->jobs > 1 ? o->jobs : 1));
	if (load_inputs(&b) != 0 || gpd_diag_worst(diag) >= GPD_LEVEL_ERROR) {
		rc = status_of(diag) ? status_of(diag) : 2;
		if (!o->quiet)
			gpd_diag_summary(diag, o->check ? "nothing checked: the inputs have errors" :
				"nothing written: the inputs have errors");
		free_build(&b);
		return rc;
	}
	b.shared = hash_shared(&b);
	rc = produce(&b, start);
	free_build(&b);
	return rc;
}
