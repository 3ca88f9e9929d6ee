/* layout_deflate.c: compresses the finished pages' content streams on all cores, as the layout leaves them behind and before libharu saves. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_gstate.h>
#include <hpdf_list.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "gpdigest/buf.h"
#include "gpdigest/pool.h"
#include "layout/layout_deflate.h"
#include "layout/layout_flate.h"
#include "layout/layout_hpdf.h"
#include "layout/layout_reuse.h"

/*
 * libharu deflates every page's content streams one after another while
 * it saves, on one core, with zlib; for a long edition that is most of the
 * run. Here the content streams (a page's body, final once the layout has
 * moved to the next page unless it waits for a page number, and the
 * running head and page number drawn in a stream of their own by
 * finish()) are deflated on every core beforehand with libdeflate
 * (layout_flate.c, level GPD_FLATE_PAGE_LEVEL), and each stream's data is
 * swapped for its deflated bytes. The dictionary keeps its FlateDecode
 * filter, so libharu writes "/Filter [/FlateDecode]" as before; a write
 * hook, which libharu calls after the dictionary's entries and before the
 * stream data, then turns the filter off so the already deflated bytes are
 * copied as they are. The uncompressed page data is freed early.
 *
 * A stream libharu holds in an unexpected way is left to it (its zlib:
 * other bytes, as the program built without these patches writes); out
 * of memory fails the save rather than write other bytes.
 */

#if GPD_HPDF_PATCHES

/* One content stream: its data in libharu's 4096-byte pieces, and the
 * deflated bytes once a thread has made them. */
typedef struct zjob {
	HPDF_Dict dict;
	HPDF_Stream stream;
	unsigned char **chunks;
	size_t nchunks, size, chunk_size;
	unsigned char *out;
	size_t outlen;
	int borrowed;     /* out points into the previous save: not ours to free */
	atomic_int state; /* 0 waiting, 1 taken, 2 deflated, 3 failed */
	struct gpd_zpool *p;
} zjob;

/* A worker's deflater, made for its first stream and kept for the next. */
typedef struct zworker {
	struct libdeflate_compressor *c;
} zworker;

/* The pages being deflated. A page's body is handed over as a task on the
 * layout's pool (gpd_layout_set_pool) once the layout has moved past it
 * (gpd__deflate_early), so the other cores deflate while it lays out the
 * rest and the uncompressed body is freed early; finish() hands over the
 * rest (the running heads and numbers, pages that waited for a page
 * number) as it draws them (gpd__deflate_page). The streams handed over
 * are jobs 0..n, in blocks of JOB_BLOCK that never move (a worker holds
 * its job's address while more are added). */
#define JOB_BLOCK 1024

struct gpd_zpool {
	zjob **blk;
	size_t n, nblk;
	gpd_pool *pool;         /* may be NULL: the caller deflates alone */
	gpd_tasks *tasks;       /* the pages handed over */
	zworker *w;             /* one per worker of the pool */
	const gpd_reuse *reuse; /* the previous save's streams, or NULL */
	const gpd_reuse *shared; /* another document's (borrowed), or NULL */
	atomic_size_t reused;
	size_t installed;       /* jobs 0..installed are swapped in */
};
typedef struct gpd_zpool zpool;

static zjob *job(const zpool *p, size_t k)
{
	return &p->blk[k / JOB_BLOCK][k % JOB_BLOCK];
}

/* The stream's pieces in one buffer: libdeflate takes its input whole. */
static unsigned char *gather(const zjob *j)
{
	unsigned char *data = malloc(j->size);

	for (size_t k = 0, done = 0; data && k < j->nchunks; k++) {
		size_t n = j->size - done < j->chunk_size ? j->size - done : j->chunk_size;

		memcpy(data + done, j->chunks[k], n);
		done += n;
	}
	return data;
}

/* A stream's deflated bytes: the previous save's when they are provably
 * the same (layout_reuse.c), else freshly deflated. */
static int make_job(zpool *p, zworker *w, zjob *j)
{
	unsigned char *data = gather(j);
	const unsigned char *old;
	size_t zlen;
	int rc = -1;

	if (!data)
		return -1;
	if ((old = gpd__reuse_find(p->reuse, data, j->size, &zlen)) != NULL ||
	    (old = gpd__reuse_find(p->shared, data, j->size, &zlen)) != NULL) {
		j->out = (unsigned char *)old;
		j->outlen = zlen;
		j->borrowed = 1;
		atomic_fetch_add(&p->reused, 1);
		rc = 0;
	} else if (w->c || (w->c = libdeflate_alloc_compressor(GPD_FLATE_PAGE_LEVEL)) != NULL) {
		rc = gpd__flate(w->c, GPD_FLATE_PAGE_LEVEL, data, j->size, &j->out, &j->outlen);
	}
	free(data);
	return rc;
}

static void run_job(zpool *p, zworker *w, zjob *j)
{
	atomic_store(&j->state, 1);
	if (make_job(p, w, j) != 0) {
		if (!j->borrowed)
			free(j->out);
		j->out = NULL;
		atomic_store(&j->state, 3);
	} else {
		atomic_store(&j->state, 2);
	}
}

/* One stream, on whichever worker runs it, with that worker's deflater. */
static void page_task(void *arg)
{
	zjob *j = arg;

	run_job(j->p, &j->p->w[gpd_pool_worker(j->p->pool)], j);
}

/* Called by libharu between the dictionary's entries (Filter included)
 * and its stream data: the data is deflated already. */
static HPDF_STATUS raw_from_here(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)stream;
	dict->filter = HPDF_STREAM_FILTER_NONE;
	return HPDF_OK;
}

/* ...and after it: the filter is put back, so a document saved again
 * (gpd_layout_save_mem may be called twice) is written the same again. */
static HPDF_STATUS rearm(HPDF_Dict dict)
{
	dict->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return HPDF_OK;
}

/* Main thread only (libharu's allocator): swaps in the deflated bytes. */
static void install(zjob *j)
{
	HPDF_MemStreamAttr m = (HPDF_MemStreamAttr)j->stream->attr;

	if (atomic_load(&j->state) != 2 || !j->out)
		return;
	HPDF_MemStream_FreeData(j->stream);
	/* the deflated bytes in one piece of their own size rather than in
	 * 4096-byte ones: a running head deflates to a few hundred bytes, and
	 * a long edition keeps every page until it is saved */
	m->buf_siz = m->w_pos = (HPDF_UINT)j->outlen;
	if (HPDF_Stream_Write(j->stream, j->out, (HPDF_UINT)j->outlen) != HPDF_OK) {
		/* cannot happen short of memory; libharu's error handler has
		 * been told, and the save will fail */
		if (!j->borrowed)
			free(j->out);
		j->out = NULL;
		return;
	}
	j->dict->write_fn = raw_from_here;
	j->dict->after_write_fn = rearm;
	if (!j->borrowed)
		free(j->out);
	j->out = NULL;
	free(j->chunks);
	j->chunks = NULL;
}

/* A page whose content streams libharu would deflate and leave unchanged
 * until then: in page-description mode with no open graphics state, so
 * its before-write step appends nothing. */
static int page_final(HPDF_Page page)
{
	HPDF_PageAttr a = page ? (HPDF_PageAttr)page->attr : NULL;

	return a && a->contents && a->gmode == HPDF_GMODE_PAGE_DESCRIPTION &&
	       !(a->gstate && a->gstate->prev);
}

/* ...and one of those streams, as libharu holds it: in memory, in pieces
 * of its buf_siz bytes; *nchunks is how many. */
static int eligible(HPDF_Dict c, size_t *nchunks)
{
	HPDF_Stream s = c ? c->stream : NULL;
	HPDF_MemStreamAttr m;

	if (!s || c->filter != HPDF_STREAM_FILTER_FLATE_DECODE || c->write_fn ||
	    c->after_write_fn || s->type != HPDF_STREAM_MEMORY || s->size == 0)
		return 0;
	m = (HPDF_MemStreamAttr)s->attr;
	if (!m || !m->buf || m->buf_siz == 0 || (size_t)m->buf->count * m->buf_siz < s->size)
		return 0;
	*nchunks = m->buf->count;
	return 1;
}

int gpd__deflate_new_stream(gpd_layout *L, size_t i, unsigned piece)
{
	HPDF_Page pg = L->pages[i].page;
	HPDF_MemStreamAttr m;

	if (HPDF_Page_New_Content_Stream(pg, NULL) != HPDF_OK)
		return -1;
	/* still empty: its pieces can be made smaller than libharu's 4096 */
	m = (HPDF_MemStreamAttr)((HPDF_PageAttr)pg->attr)->stream->attr;
	if (((HPDF_PageAttr)pg->attr)->stream->type == HPDF_STREAM_MEMORY && m->buf->count == 0 &&
	    piece > 0)
		m->buf_siz = m->w_pos = piece;
	return 0;
}

void gpd__deflate_start(gpd_layout *L)
{
	zpool *p;

	if (L->zpool || L->err || L->pdf->encrypt_on)
		return;
	/* out of memory fails the save: libharu's zlib would write other bytes */
	if (!(p = calloc(1, sizeof *p))) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return;
	}
	p->pool = L->pool;
	p->w = calloc(gpd_pool_size(p->pool), sizeof *p->w);
	p->tasks = gpd_tasks_new(p->pool);
	if (!p->w || !p->tasks) {
		gpd_tasks_free(p->tasks);
		free(p->w);
		free(p);
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return;
	}
	p->reuse = gpd__reuse_index(L->reuse_pdf, L->reuse_len);
	p->shared = gpd__pages_index(L->shared);
	L->zpool = p;
}

/* The next job's place, a new block when the last is full; NULL when out
 * of memory. */
static zjob *next_job(gpd_layout *L, zpool *p)
{
	if (p->n == p->nblk * JOB_BLOCK) {
		zjob **blk = realloc(p->blk, (p->nblk + 1) * sizeof *blk);

		if (blk)
			p->blk = blk;
		if (!blk || !(blk[p->nblk] = calloc(JOB_BLOCK, sizeof **blk))) {
			gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
			return NULL;
		}
		p->nblk++;
	}
	return job(p, p->n);
}

/* Hands content stream c over to the workers. */
static void add_stream(gpd_layout *L, zpool *p, HPDF_Dict c)
{
	HPDF_MemStreamAttr m;
	size_t nch;
	zjob *j;

	if (!eligible(c, &nch) || !(j = next_job(L, p)))
		return;
	/* filled in before it is handed over; n is the laying-out thread's */
	j->p = p;
	j->dict = c;
	j->stream = c->stream;
	m = (HPDF_MemStreamAttr)j->stream->attr;
	j->size = j->stream->size;
	j->chunk_size = m->buf_siz;
	j->nchunks = (j->size + j->chunk_size - 1) / j->chunk_size;
	if (!(j->chunks = malloc(j->nchunks * sizeof *j->chunks))) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return;
	}
	for (size_t k = 0; k < j->nchunks; k++)
		j->chunks[k] = m->buf->obj[k];
	p->n++;
	gpd_tasks_add(p->tasks, page_task, j);
}

/* Nothing draws on a page the layout has left but what the page waits
 * for (layout_save.c's finish()); should anything ever do, its bytes
 * would be lost or the stream broken, so the save fails instead. */
static void drawn_after(gpd_layout *L)
{
	gpd__fail(L, GPD_LAYOUT_EPDF, "a page was drawn on after it was deflated");
}

/* Swaps in the streams deflated so far, in order (the laying-out thread
 * only: libharu's allocator), so their uncompressed data goes early. */
static void install_ready(gpd_layout *L, zpool *p)
{
	zjob *j;

	while (!L->err && p->installed < p->n &&
	       atomic_load(&(j = job(p, p->installed))->state) >= 2) {
		if (j->stream->size != j->size)
			drawn_after(L);
		install(j);
		p->installed++;
	}
}

/* Page i's content streams from the first-th on. */
static void hand_over(gpd_layout *L, zpool *p, size_t i, size_t first)
{
	HPDF_Page pg = L->pages[i].page;
	HPDF_Array all;
	size_t n = 0;

	/* one stream, or an array of them (layout_save.c: body, furniture) */
	all = (HPDF_Array)HPDF_Dict_GetItem(pg, "Contents", HPDF_OCLASS_ARRAY);
	if (!all) {
		HPDF_Error_Reset(pg->error);
		if (first == 0)
			add_stream(L, p, ((HPDF_PageAttr)pg->attr)->contents);
		n = 1;
	}
	for (HPDF_UINT k = 0; all && k < all->list->count; k++, n++) {
		HPDF_Dict c = HPDF_Array_GetItem(all, k, HPDF_OCLASS_DICT);

		if (!c)
			HPDF_Error_Reset(pg->error);
		if (n >= first)
			add_stream(L, p, c);
	}
	L->pages[i].handed = n;
}

void gpd__deflate_page(gpd_layout *L, size_t i)
{
	zpool *p = L->zpool;
	HPDF_Page pg = i < L->npages ? L->pages[i].page : NULL;

	if (!p || L->err || !page_final(pg))
		return;
	hand_over(L, p, i, L->pages[i].handed);
	install_ready(L, p);
}

void gpd__deflate_early(gpd_layout *L)
{
	zpool *p;

	if (!L->pool || L->err)
		return;
	if (!L->zpool)
		gpd__deflate_start(L);
	if (!(p = L->zpool))
		return;
	/* Nothing draws on a page left behind (the marked-content sequence
	 * open on it was ended as the new page came, gpd__tag_page_added) but
	 * what finish() adds: the page numbers some pages wait for (those
	 * pages wait too), and the running head, in a stream of its own. */
	for (; L->early + 1 < L->npages; L->early++) {
		pageinfo *pi = &L->pages[L->early];

		if (!pi->numbers && page_final(pi->page))
			hand_over(L, p, L->early, 0);
	}
	install_ready(L, p);
	/* the other cores busy elsewhere (the Markdown of the same
	 * edition): past L->max_pending streams waiting, this thread
	 * deflates the oldest itself, or their raw bytes pile up (at 10,000
	 * records, 15,000 pages' worth, 170 MB, at the build's peak) */
	while (!L->err && p->n - p->installed > (L->reuse_pdf ? L->max_pending_reuse
	       : L->max_pending) && gpd_tasks_help(p->tasks))
		install_ready(L, p);
}

void gpd__deflate_finish(gpd_layout *L)
{
	zpool *p = L->zpool;

	if (!p)
		return;
	L->zpool = NULL;
	/* The finishing thread deflates too, and swaps in every finished page
	 * as it goes, so the uncompressed data is freed early. After a failure
	 * nothing is swapped in: the document is not saved. */
	while (!L->err && gpd_tasks_help(p->tasks))
		install_ready(L, p);
	gpd_tasks_free(p->tasks); /* the pages other workers took */
	for (size_t w = 0; w < gpd_pool_size(p->pool); w++)
		libdeflate_free_compressor(p->w[w].c);
	install_ready(L, p);
	for (size_t i = 0; i < p->n && !L->err; i++) {
		zjob *j = job(p, i);

		if (atomic_load(&j->state) == 3) /* out of memory */
			gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		else if (j->stream->size != j->outlen) /* drawn on once swapped */
			drawn_after(L);
	}
	for (size_t i = 0; i < p->n; i++) {
		if (!job(p, i)->borrowed)
			free(job(p, i)->out);
		free(job(p, i)->chunks);
	}
	if (p->n)
		L->pages_reused = atomic_load(&p->reused);
	gpd__reuse_free((gpd_reuse *)p->reuse);
	/* every page is deflated: the previous save is of no more use */
	free(L->reuse_owned);
	L->reuse_owned = NULL;
	L->reuse_pdf = NULL;
	L->reuse_len = 0;
	for (size_t b = 0; b < p->nblk; b++)
		free(p->blk[b]);
	free(p->blk);
	free(p->w);
	free(p);
}

/* ---- libharu's file, in one piece -------------------------------------- */

/*
 * libharu writes its file into a memory stream of 4096-byte pieces, which
 * the save copied out into one buffer (layout_save.c's read_back): at
 * 10,000 records 25,000 pieces, a list of them that grows twenty at a
 * time, a copy of a hundred megabytes and its page faults, then 25,000
 * frees. The stream written instead appends to one buffer, which the
 * save takes as it is (realloc moves a large block by remapping, not
 * copying). libharu's own functions see a memory stream with no pieces.
 */
typedef struct savebuf {
	HPDF_MemStreamAttr_Rec m; /* first: libharu's FreeData reads it */
	gpd_buf b;
} savebuf;

static HPDF_STATUS savebuf_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	savebuf *sb = s->attr;

	gpd_buf_append(&sb->b, (const char *)p, n);
	return gpd_buf_failed(&sb->b) ? HPDF_SetError(s->error, HPDF_FAILD_TO_ALLOC_MEM, 0) : HPDF_OK;
}

static void savebuf_free(HPDF_Stream s)
{
	savebuf *sb = s->attr;

	gpd_buf_free(&sb->b);
	HPDF_List_Free(sb->m.buf);
	HPDF_FreeMem(s->mmgr, sb);
	s->attr = NULL;
}

/* About how long libharu's file will be: its streams (deflated by now)
 * and a short dictionary for every object. The buffer starts that big:
 * a large block is mapped, its pages used only as written, and grows by
 * remapping; grown from small it was copied once on the heap (whose
 * freed 32 MB stayed resident). */
static size_t file_estimate(HPDF_Doc pdf)
{
	HPDF_List l = pdf->xref->entries;
	size_t n = 4096;

	for (HPDF_UINT i = 0; i < l->count; i++) {
		HPDF_XrefEntry en = (HPDF_XrefEntry)HPDF_List_ItemAt(l, i);
		const HPDF_Obj_Header *h = en ? (const HPDF_Obj_Header *)en->obj : NULL;

		n += 160;
		if (h && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && ((HPDF_Dict)en->obj)->stream)
			n += ((HPDF_Dict)en->obj)->stream->size;
	}
	return n;
}

void gpd__save_buf_begin(gpd_layout *L)
{
	HPDF_Stream s;
	savebuf *sb;

	if (L->pdf->stream) /* a second save: ours already, or libharu's */
		return;
	if (!(s = HPDF_MemStream_New(L->pdf->mmgr, HPDF_STREAM_BUF_SIZ)))
		return;
	if (!(sb = HPDF_GetMem(s->mmgr, sizeof *sb))) {
		HPDF_Stream_Free(s);
		return;
	}
	memset(sb, 0, sizeof *sb);
	sb->b.cap = file_estimate(L->pdf);
	if (!(sb->b.data = malloc(sb->b.cap)))
		sb->b.cap = 0; /* grown as it goes, then */
	sb->m = *(HPDF_MemStreamAttr)s->attr;
	HPDF_FreeMem(s->mmgr, s->attr);
	s->attr = sb;
	s->write_fn = savebuf_write;
	s->free_fn = savebuf_free;
	L->pdf->stream = s;
}

unsigned char *gpd__save_buf_take(HPDF_Stream s, size_t *len)
{
	savebuf *sb = s->write_fn == savebuf_write ? s->attr : NULL;
	unsigned char *out;

	if (!sb || gpd_buf_failed(&sb->b) || sb->b.len != s->size)
		return NULL;
	out = (unsigned char *)sb->b.data;
	*len = sb->b.len;
	sb->b = (gpd_buf){0};
	s->size = 0;
	return out ? out : calloc(1, 1);
}

#else /* libharu deflates every stream itself while it saves */

int gpd__deflate_new_stream(gpd_layout *L, size_t i, unsigned piece)
{
	(void)piece;
	return HPDF_Page_New_Content_Stream(L->pages[i].page, NULL) == HPDF_OK ? 0 : -1;
}

void gpd__deflate_start(gpd_layout *L)
{
	(void)L;
}

void gpd__deflate_page(gpd_layout *L, size_t i)
{
	(void)L;
	(void)i;
}

void gpd__deflate_early(gpd_layout *L)
{
	(void)L;
}

void gpd__deflate_finish(gpd_layout *L)
{
	(void)L;
}

void gpd__save_buf_begin(gpd_layout *L)
{
	(void)L;
}

unsigned char *gpd__save_buf_take(HPDF_Stream s, size_t *len)
{
	(void)s;
	(void)len;
	return NULL;
}

#endif
