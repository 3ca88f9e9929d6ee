/* buf.c: the growable string buffer. */
#include "gpdigest/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for extra bytes plus the terminating NUL. */
static int reserve(gpd_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > (size_t)-1 / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void gpd_buf_append(gpd_buf *b, const char *s, size_t len)
{
	if (reserve(b, len) != 0)
		return;
	if (len > 0)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

char *gpd_buf_extend(gpd_buf *b, size_t n)
{
	if (reserve(b, n) != 0)
		return NULL;
	b->len += n;
	b->data[b->len] = '\0';
	return b->data + b->len - n;
}

void gpd_buf_puts(gpd_buf *b, const char *s)
{
	gpd_buf_append(b, s, strlen(s));
}

void gpd_buf_putc(gpd_buf *b, char c)
{
	gpd_buf_append(b, &c, 1);
}

/* Formatted once, straight into the room the buffer has, and again only
 * when it did not fit: most are short, and a printf's fixed cost is most
 * of a short one's (measuring first doubled it: a tenth of an HTML build). */
void gpd_buf_vprintf(gpd_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	size_t room;
	int n;

	if (reserve(b, 64) != 0)
		return;
	room = b->cap - b->len;
	va_copy(again, ap);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	if (n >= 0 && (size_t)n < room) {
		b->len += (size_t)n;
	} else if (n >= 0 && reserve(b, (size_t)n) == 0) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	} else {
		b->failed = 1;
		b->data[b->len] = '\0'; /* what vsnprintf left past the end is not ours */
	}
	va_end(again);
}

void gpd_buf_printf(gpd_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gpd_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void gpd_buf_put_xml(gpd_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': gpd_buf_puts(b, "&lt;"); break;
		case '>': gpd_buf_puts(b, "&gt;"); break;
		case '&': gpd_buf_puts(b, "&amp;"); break;
		case '"': gpd_buf_puts(b, "&quot;"); break;
		case '\'': gpd_buf_puts(b, "&apos;"); break;
		default: gpd_buf_putc(b, *s); break;
		}
	}
}

int gpd_buf_failed(const gpd_buf *b)
{
	return b->failed;
}

void gpd_buf_adopt(gpd_buf *b, char *s)
{
	if (s == NULL)
		return;
	if (b->data == NULL && !b->failed) {
		b->len = strlen(s);
		b->cap = b->len + 1;
		b->data = s;
		return;
	}
	gpd_buf_puts(b, s);
	free(s);
}

char *gpd_buf_take(gpd_buf *b)
{
	char *s;

	if (b->failed) {
		gpd_buf_free(b);
		return NULL;
	}
	if (b->data == NULL) {
		if (reserve(b, 0) != 0)
			return NULL;
		b->data[0] = '\0';
	}
	s = b->data;
	*b = (gpd_buf){0};
	return s;
}

void gpd_buf_free(gpd_buf *b)
{
	free(b->data);
	*b = (gpd_buf){0};
}

char *gpd_strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = malloc(n);
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}
