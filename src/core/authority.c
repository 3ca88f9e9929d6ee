/* authority.c: the authority key (one authority however it is spelled) and the spelling every output prints. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/authority.h"

#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "gpdigest/utf8.h"

/* Walks a name's key one byte at a time, so comparing needs no copy. */
typedef struct key_iter {
	const unsigned char *s; /* the next character of the name */
	const char *out;        /* bytes of the current character still to give */
	size_t nout;
	int space;              /* a separator is due before the next letter */
	int any;                /* the key has a letter */
	char one[2];
} key_iter;

static void key_start(key_iter *it, const char *name)
{
	memset(it, 0, sizeof(*it));
	it->s = (const unsigned char *)name;
}

/* The key's next byte, or -1 at its end. */
static int key_next(key_iter *it)
{
	while (it->nout == 0) {
		const char *a = NULL;
		size_t len;

		if (*it->s == '\0')
			return -1;
		switch (gpd_fold_char(it->s, &len, &a, it->one)) {
		case GPD_FOLD_ALNUM:
			it->out = a;
			it->nout = strlen(a);
			break;
		case GPD_FOLD_OTHER: { /* no table spells it: itself, or the letters a
		                        * presentation form shows */
			uint32_t cp = 0;
			const char *letters = gpd_utf8_decode(it->s, len, &cp) ? gpd_fold_compat(cp) : NULL;

			it->out = letters ? letters : (const char *)it->s;
			it->nout = letters ? strlen(letters) : len;
			break;
		}
		case GPD_FOLD_SPACE:
			it->space = it->any;
			break;
		case GPD_FOLD_PUNCT:
		case GPD_FOLD_MARK:
			break;
		}
		it->s += len;
	}
	if (it->space) {
		it->space = 0;
		return ' ';
	}
	it->any = 1;
	it->nout--;
	return (unsigned char)*it->out++;
}

/* Appends name's key bytes to out; whether it has a letter. */
static int put_key(const char *name, gpd_buf *out)
{
	key_iter it;
	int c;

	key_start(&it, name);
	while ((c = key_next(&it)) >= 0)
		gpd_buf_putc(out, (char)c);
	return it.any;
}

void gpd_authority_key(const char *name, gpd_buf *out)
{
	if (!put_key(name ? name : "", out))
		gpd_buf_puts(out, name ? name : "");
}

int gpd_authority_cmp(const char *a, const char *b)
{
	key_iter x, y;
	int c, d;

	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	key_start(&x, a);
	key_start(&y, b);
	do {
		c = key_next(&x);
		d = key_next(&y);
	} while (c == d && c >= 0);
	if (c != d)
		return c < d ? -1 : 1;
	return x.any ? 0 : strcmp(a, b); /* no letters: only itself */
}

/* A record and its authority's key, made once (a sort would make each
 * key again at every comparison: 3 % of validating 10,000 records). */
typedef struct keyed {
	gpd_record *rec;
	size_t at;       /* the key's offset in the keys' buffer... */
	const char *key; /* ...and, once that is complete, the key */
	int any;         /* it has a letter (gpd_authority_cmp's x.any) */
} keyed;

/* In gpd_authority_cmp's order: a name without letters before one with,
 * two without by their bytes, two with by their keys. */
static int key_cmp(const keyed *a, const keyed *b)
{
	if (a->any != b->any)
		return a->any ? 1 : -1;
	return a->any ? strcmp(a->key, b->key) : strcmp(a->rec->authority, b->rec->authority);
}

/* Records by key, then spelling, then id: each authority's spellings in
 * runs, each run in id order. */
static int by_key_spelling_id(const void *p, const void *q)
{
	const keyed *x = p, *y = q;
	const gpd_record *a = x->rec, *b = y->rec;
	int c = key_cmp(x, y);

	if (c == 0)
		c = strcmp(a->authority, b->authority);
	return c ? c : strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

/* v[0..m) with their keys, sorted by_key_spelling_id; the keys live in
 * *keys. 0, or -1 out of memory. */
static int sort_keyed(keyed *v, size_t m, gpd_buf *keys)
{
	for (size_t i = 0; i < m; i++) {
		v[i].at = keys->len;
		v[i].any = put_key(v[i].rec->authority, keys);
		gpd_buf_putc(keys, '\0');
	}
	if (gpd_buf_failed(keys))
		return -1;
	for (size_t i = 0; i < m; i++)
		v[i].key = keys->data + v[i].at;
	qsort(v, m, sizeof(*v), by_key_spelling_id);
	return 0;
}

/* Of the spellings in v[0..n) (one authority, sorted), the one printed:
 * the most records', then the one whose first record comes first by id. */
static const char *printed(const keyed *v, size_t n, int *several)
{
	size_t best = 0, best_n = 0;

	*several = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[j].rec->authority, v[i].rec->authority) == 0; j++)
			;
		*several |= i > 0;
		if (j - i > best_n || (j - i == best_n && strcmp(v[i].rec->id ? v[i].rec->id : "",
		    v[best].rec->id ? v[best].rec->id : "") < 0))
			best = i, best_n = j - i;
	}
	return v[best].rec->authority;
}

/* Warns about, and respells, every record of v[0..n) not spelled as show. */
static int respell(const keyed *v, size_t n, const char *show, gpd_diag *diag)
{
	char *keep = gpd_strdup(show); /* show belongs to a record of v */
	int rc = keep ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		gpd_record *r = v[i].rec;
		gpd_buf msg = {0};
		char *now;

		if (strcmp(r->authority, keep) == 0)
			continue;
		gpd_buf_printf(&msg, "\"%s\" is the authority \"%s\" spelled another way; "
			"the publications print \"%s\"", r->authority, keep, keep);
		if (gpd_buf_failed(&msg) || (now = gpd_strdup(keep)) == NULL) {
			rc = -1;
		} else {
			gpd_diag_report(diag, r->path, r->pos[GPD_FIELD_AUTHORITY].line,
				r->pos[GPD_FIELD_AUTHORITY].col, GPD_W_AUTHORITY_SPELLING, msg.data);
			r->nwarnings++;
			free(r->authority);
			r->authority = now;
		}
		gpd_buf_free(&msg);
	}
	free(keep);
	return rc;
}

int gpd_authority_unify(gpd_record *const *recs, size_t n, gpd_diag *diag)
{
	keyed *v = malloc((n ? n : 1) * sizeof(*v));
	gpd_buf keys = {0};
	size_t m = 0;
	int rc = 0;

	if (v == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (recs[i]->authority != NULL) /* only a record with errors */
			v[m++].rec = recs[i];
	rc = sort_keyed(v, m, &keys);
	for (size_t i = 0, j; rc == 0 && i < m; i = j) {
		int several;
		const char *show;

		for (j = i + 1; j < m && key_cmp(&v[i], &v[j]) == 0; j++)
			;
		show = printed(v + i, j - i, &several);
		if (several)
			rc = respell(v + i, j - i, show, diag);
	}
	free(v);
	gpd_buf_free(&keys);
	if (rc == 0)
		return 0;
nomem:
	gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	return -1;
}
