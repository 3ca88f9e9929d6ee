/* buf.h: a growable byte buffer, the one string builder every module uses. */
#ifndef GPDIGEST_BUF_H
#define GPDIGEST_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "gpdigest/export.h"

/* A NUL-terminated growable string. Zero-initialise it ({0}); free with
 * gpd_buf_free. Once an append fails (out of memory) the buffer stays
 * failed: further appends do nothing and gpd_buf_failed() is true, so a
 * writer checks once at the end instead of after every call. */
typedef struct gpd_buf {
	char *data;
	size_t len;
	size_t cap;
	int failed;
} gpd_buf;

GPD_EXPORT void gpd_buf_append(gpd_buf *b, const char *s, size_t len);
GPD_EXPORT void gpd_buf_puts(gpd_buf *b, const char *s);
GPD_EXPORT void gpd_buf_putc(gpd_buf *b, char c);
GPD_EXPORT void gpd_buf_printf(gpd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
GPD_EXPORT void gpd_buf_vprintf(gpd_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends s with XML's five special characters escaped. */
GPD_EXPORT void gpd_buf_put_xml(gpd_buf *b, const char *s);
GPD_EXPORT int gpd_buf_failed(const gpd_buf *b);
/* Lengthens b by n bytes for the caller to fill; returns where they start,
 * or NULL (b failed) when out of memory. */
GPD_EXPORT char *gpd_buf_extend(gpd_buf *b, size_t n);
/* Hands the string to the caller (who frees it with free()) and resets b.
 * NULL if the buffer failed. Never NULL for an empty, healthy buffer. */
GPD_EXPORT char *gpd_buf_take(gpd_buf *b);
/* The reverse: b, empty, takes over s (malloc'd, NUL-terminated) as its
 * content, with no copy (a large text, made by a library, is not held
 * twice); a b with content appends s. s is freed or b's either way. */
GPD_EXPORT void gpd_buf_adopt(gpd_buf *b, char *s);
GPD_EXPORT void gpd_buf_free(gpd_buf *b);

/* strdup that accepts NULL (returns NULL). */
GPD_EXPORT char *gpd_strdup(const char *s);

#endif
