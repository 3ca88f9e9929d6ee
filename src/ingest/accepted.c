/* accepted.c: reads templates/accepted-warnings into the diagnostics collector. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/accepted.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/input.h"
#include "gpdigest/limits.h"
#include "gpdigest/suggest.h"

/* Lower-case letters, digits and single hyphens, as a record id is. */
static int is_id(const char *s, size_t n)
{
	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/* The warning codes, for "did you mean". */
static const char *nearest_warning(const char *word)
{
	const char *names[GPD_MSG__COUNT];
	size_t n = 0;

	for (int i = 0; i < GPD_MSG__COUNT; i++)
		if (gpd_msg_level((gpd_msg)i) == GPD_LEVEL_WARNING)
			names[n++] = gpd_msg_name((gpd_msg)i);
	return gpd_suggest(word, names, n);
}

static int bad(gpd_diag *diag, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(gpd_diag *diag, const char *path, unsigned line, const char *fmt, ...)
{
	gpd_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	gpd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	gpd_buf_puts(&b, "; a line is RECORD-ID CODE REASON (e.g. \"tower-hamlets-contact-policy "
		"no-outcome the form's ECM boxes were lost in the export\")");
	gpd_diag_report(diag, path, line, 1, GPD_E_TEMPLATE, b.data ? b.data : "");
	gpd_buf_free(&b);
	return -1;
}

/* One line: 0, or -1 (reported). */
static int accept_line(char *s, const char *path, unsigned line, gpd_diag *diag)
{
	char *id, *code, *reason;
	size_t idn, coden;
	int c;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#')
		return 0;
	id = s;
	idn = strcspn(id, " \t");
	code = id + idn + strspn(id + idn, " \t");
	coden = strcspn(code, " \t");
	reason = code + coden + strspn(code + coden, " \t");
	if (!is_id(id, idn)) {
		id[idn] = '\0';
		return bad(diag, path, line, "'%s' is not a record id", id);
	}
	id[idn] = '\0';
	code[coden] = '\0';
	if ((c = gpd_msg_by_name(code)) < 0) {
		const char *near = nearest_warning(code);
		gpd_buf b = {0};

		gpd_buf_printf(&b, "'%s' is no diagnostic code%s%s%s", code, near ? " (did you mean " : "",
			near ? near : "", near ? "?)" : "");
		bad(diag, path, line, "%s", b.data ? b.data : code);
		gpd_buf_free(&b);
		return -1;
	}
	if (gpd_msg_level((gpd_msg)c) != GPD_LEVEL_WARNING)
		return bad(diag, path, line, "'%s' is not a warning: only warnings can be accepted", code);
	if (*reason == '\0')
		return bad(diag, path, line, "the line accepting %s gives no reason", code);
	if (gpd_diag_accept(diag, id, (gpd_msg)c) != 0) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	return 0;
}

int gpd_accepted_load(const char *path, gpd_diag *diag)
{
	char *data = NULL, *line, *save = NULL;
	const char *kind;
	size_t len = 0;
	unsigned n = 0;
	int rc = 0;

	switch (gpd_read_regular(path, GPD_MAX_FILE_BYTES, &data, &len, &kind)) {
	case GPD_READ_OK:
		break;
	case GPD_READ_MISSING:
		return 0;
	case GPD_READ_REFUSED:
		gpd_diag_report(diag, path, 0, 0, GPD_F_NOT_REGULAR, kind);
		return -1;
	default:
		gpd_diag_report(diag, path, 0, 0, GPD_F_IO, strerror(errno));
		free(data);
		return -1;
	}
	if (memchr(data, '\0', len) != NULL) {
		free(data);
		return bad(diag, path, 1, "%s", "the file holds a NUL byte: it is not text");
	}
	/* lines counted by hand: strtok_r would skip the empty ones */
	/* every line is read, so every mistake is named at once */
	for (line = data; line != NULL; line = save) {
		char *nl = strchr(line, '\n');

		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		n++;
		if (accept_line(line, path, n, diag) != 0)
			rc = -1;
	}
	free(data);
	return rc;
}
