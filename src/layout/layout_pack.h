/* layout_pack.h: libharu's saved objects read back, so that layout_tag.c can write the file again with every dictionary in an object stream. */
#ifndef GPD_LAYOUT_PACK_H
#define GPD_LAYOUT_PACK_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	PK_FREE,   /* no object, or a stream's length, which becomes direct */
	PK_PLAIN,  /* anything but a stream: its text goes into an object stream */
	PK_STREAM  /* a stream: written again at the top level, length direct */
} gpd_pk_kind;

typedef struct gpd_pk_obj {
	uint8_t kind;
	/* PK_PLAIN: the object's text; PK_STREAM: its dictionary up to the
	 * value of /Length ("<<\n/Length ") */
	const unsigned char *text;
	size_t tlen;
	/* PK_STREAM: the dictionary after the length's value, to ">>" */
	const unsigned char *rest;
	size_t rlen;
	/* PK_STREAM: the stream's bytes */
	const unsigned char *data;
	size_t dlen;
} gpd_pk_obj;

typedef struct gpd_pk_file {
	gpd_pk_obj *obj;           /* by object number, 0 .. count - 1 */
	uint32_t count;            /* libharu's /Size */
	size_t head;               /* bytes of the header ("%PDF-1.7" and its binary line) */
	const unsigned char *trailer; /* the trailer's entries but /Size, */
	size_t trlen;                 /* each on its own line */
} gpd_pk_file;

/* The decimal number at *p (at most max digits, bounded by end), *p moved
 * past it; -1 when there is none. Both readers of our PDFs use it
 * (this file and layout_reuse.c). */
long long gpd__pdf_digits(const unsigned char **p, const unsigned char *end, int max);

/* Reads libharu's file of len bytes (a classic cross-reference table
 * after "startxref"); 0, or -1 when it is not as libharu writes it. The
 * objects point into pdf, which must outlive f. */
int gpd__pack_read(const unsigned char *pdf, size_t len, gpd_pk_file *f);
void gpd__pack_free(gpd_pk_file *f);

#endif
