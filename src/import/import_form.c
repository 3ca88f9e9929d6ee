/* import_form.c: reads the segment stream of a form (import_html.c or
 * import_ocr.c made it) into a record. The form is a sequence of questions;
 * each heading, recognised from the form's own wording (form.h), says where
 * the following answer, tick boxes or contact details belong. Scans break
 * headings over lines, interleave a heading with its answer or two columns
 * of boxes, and garble labels, so the parser tracks which heading words are
 * still to come, matches each box's label among the groups whose headings
 * were just read, and re-joins labels broken over lines. Whatever it cannot
 * place or read becomes a warning naming the input line; it never guesses. */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hb.h>

#include "gpdigest/utf8.h"
#include "import/import_priv.h"

typedef enum q_kind { Q_TITLE, Q_AGENCY, Q_GROUP, Q_TEXT, Q_EVIDENCE,
	Q_CONTACT, Q_CRITERIA } q_kind;

typedef struct question {
	q_kind kind;
	int which;          /* the group or text field */
	const char *text;   /* the heading as printed */
	imp_words words;
	int seen;
} question;

/* The heading sentence that states the criteria; the form prints the
 * numbers in the gap after "criteria". */
#define CRITERIA_LINE "This example of good practice relates to criteria of the " \
	"National Leaving Care Standards contributing to ECM outcomes"

#define MAX_Q 20
#define MAX_SPECIFY 8
#define MAX_BOXLESS 32
#define MAX_CONTACT_LINES 32
#define MAX_LOOSE_CHECKS 500 /* lines tried as option lines without a box */
#define MAX_WARNINGS 100 /* per input: junk must not flood the report */

typedef struct boxless {
	unsigned line, col;
	int option;
} boxless;

typedef struct specify {
	gpd_group group;
	unsigned option;
	gpd_buf text;
	gpd_pos pos;
} specify;

/* Lines a scan left that are no answer, reported once a kind: where the
 * first and last are, how many, the first's words. */
typedef struct left_out {
	unsigned line, col, last, n;
	char first[40];
} left_out;

typedef struct parser {
	imp_doc *doc;
	gpd_record *rec;
	const char *name;
	gpd_diag *diag;
	question q[MAX_Q];
	size_t nq;
	int cur;                    /* index into q, or -1 */
	int criteria_seen;
	int garbled;                /* the text being read is a box whose label
	                             * named no option, among other boxes */
	unsigned criteria_open;     /* the sentence's line when it ended at the blank */
	size_t open_criteria;       /* criteria before the ones read on that line */
	char left[IMP_MAX_QWORDS][40]; /* words of the heading still to come */
	char split_rest[40];        /* the end of a heading word split at a line */
	size_t nleft;
	gpd_group active[GPD_GROUP__COUNT]; /* groups whose boxes come next */
	size_t nactive;
	int boxes_since_heading;
	uint64_t seen_opt[GPD_GROUP__COUNT];
	unsigned boxes_in[GPD_GROUP__COUNT];
	boxless loose[GPD_GROUP__COUNT][MAX_BOXLESS];
	size_t nloose[GPD_GROUP__COUNT];
	int last_specify;           /* index into spec, -1 */
	int open_spec;              /* a ticked box still without its text, -1 ... */
	unsigned open_spec_line;    /* ... on this line */
	specify spec[MAX_SPECIFY];
	size_t nspec;
	gpd_buf text[GPD_TEXT__COUNT];
	gpd_buf agency, contact;
	gpd_pos contact_pos;
	gpd_pos contact_at[MAX_CONTACT_LINES]; /* the input line of each line of contact */
	size_t ncontact_at;
	unsigned contact_line, contact_last;
	int mob_seen;
	size_t nboxes;
	int failed;                 /* refused: not a form */
	int ended;                  /* the form has ended (an attachment follows) */
	size_t seg;                 /* the segment being read */
	gpd_pos doubt[GPD_GROUP__COUNT]; /* the first warning on a group's boxes */
	size_t unmatched[GPD_GROUP__COUNT]; /* ticked boxes reported unmatched there */
	size_t loose_checks;        /* lines tried as option lines */
	size_t empty_boxes, ticked_boxes; /* boxes read, by state */
	size_t criteria_seg;        /* the one that holds the criteria sentence */
	size_t attach_line;
	unsigned nwarn;
	struct {                    /* a run of lines no answer took */
		unsigned line, col, last, n;
		char first[80];
		int kind;               /* unread_kind */
	} unread;
	left_out debris;            /* the scan's debris */
	left_out furniture;         /* its page headers and footers */
	int after_furniture;        /* one was the last line read */
} parser;

/* ---- reporting ---- */

/* Appends at most max bytes of s to b, cut at a UTF-8 boundary. */
static void put_excerpt(gpd_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		gpd_buf_puts(b, s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	gpd_buf_append(b, s, max);
	gpd_buf_puts(b, "...");
}

static void warn(parser *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void warn(parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	if (++p->nwarn > MAX_WARNINGS) {
		if (p->nwarn == MAX_WARNINGS + 1)
			gpd_diag_report(p->diag, p->name, line, col, GPD_W_IMPORT,
				"too many problems; further import warnings for this "
				"input are not shown");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* a problem of the whole input is reported at its start */
	gpd_diag_report(p->diag, p->name, line ? line : 1, line ? col : 1,
		GPD_W_IMPORT, msg);
}

/* What a run of unread lines is. */
typedef enum unread_kind { U_BEFORE, U_TEXT } unread_kind;

/* Reports the pending run of unread lines as one warning. */
static void unread_flush(parser *p)
{
	static const char *const what[] = {"text before the form's questions ignored",
		"text not read as part of any answer"};

	if (p->unread.n == 0)
		return;
	if (p->unread.last > p->unread.line)
		warn(p, p->unread.line, p->unread.col, "%s (lines %u-%u): \"%s\"",
			what[p->unread.kind], p->unread.line, p->unread.last, p->unread.first);
	else
		warn(p, p->unread.line, p->unread.col, "%s: \"%s\"", what[p->unread.kind],
			p->unread.first);
	p->unread.n = 0;
}

/* Text no answer takes: lines in a run (a block the reading order
 * misplaced) make one warning. */
static void unread(parser *p, unread_kind kind, const char *text, const imp_seg *s)
{
	if (p->unread.n > 0 && (s->line > p->unread.last + 2 || p->unread.kind != (int)kind))
		unread_flush(p);
	if (p->unread.n++ == 0) {
		gpd_buf b = {0};

		put_excerpt(&b, text, sizeof(p->unread.first) - 8);
		snprintf(p->unread.first, sizeof(p->unread.first), "%s", b.data ? b.data : "");
		gpd_buf_free(&b);
		p->unread.line = s->line;
		p->unread.col = s->col;
		p->unread.kind = (int)kind;
	}
	p->unread.last = s->line;
}

/* A scan's debris (a table's rules read as "fe)", "0)", "Pe EAI"): not
 * content, but counted, and named in one warning at the end in case it
 * was ("N/A" is debris too). */
static void note_left_out(parser *p, const char *text, const imp_seg *s, int furniture)
{
	left_out *d = furniture ? &p->furniture : &p->debris;

	if (d->n++ == 0) {
		gpd_buf b = {0};

		put_excerpt(&b, text, sizeof(d->first) - 8);
		snprintf(d->first, sizeof(d->first), "%s", b.data ? b.data : "");
		gpd_buf_free(&b);
		d->line = s->line;
		d->col = s->col;
	}
	d->last = s->line;
}

static void debris_seen(parser *p, const char *text, const imp_seg *s)
{
	note_left_out(p, text, s, 0);
}

static void debris_report(parser *p)
{
	if (p->debris.n > 0)
		warn(p, p->debris.line, p->debris.col, "scan debris ignored: %u short "
			"fragment%s on lines %u-%u, the first \"%s\"", p->debris.n,
			p->debris.n == 1 ? "" : "s", p->debris.line, p->debris.last, p->debris.first);
	if (p->furniture.n > 0)
		warn(p, p->furniture.line, p->furniture.col, "page header%s or footer%s left "
			"out: %u line%s with a page number on lines %u-%u, the first \"%s\"; "
			"confirm no answer was among them", p->furniture.n == 1 ? "" : "s",
			p->furniture.n == 1 ? "" : "s", p->furniture.n, p->furniture.n == 1 ? "" : "s",
			p->furniture.line, p->furniture.last, p->furniture.first);
}

/* True when s holds nothing but blanks and a header's separators. */
static int only_separators(const char *s, const char *end)
{
	for (; s < end && *s; s++)
		if (!isspace((unsigned char)*s) && strchr("-|/()[].:,", *s) == NULL)
			return 0;
	return 1;
}

/* A scan's running header or footer: a short line that begins or ends
 * with "Page 3" or "Page 3 of 5" (a page's number as a word processor
 * prints it; "see page 3 of the report." is an answer's). It ran into the
 * answer it interrupted ("... health organisations Tower Hamlets Leaving
 * Care Service Page 1 of 3 such as ..."), or, holding the form's title,
 * was read as a second form and the whole form refused. */
static int page_furniture(const char *t)
{
	if (strlen(t) > 120)
		return 0;
	for (const char *q = t; (q = strcasestr(q, "page")) != NULL; q += 4) {
		const char *d = q + 4;

		if (q > t && isalnum((unsigned char)q[-1]))
			continue;
		while (*d == ' ' || *d == '.' || *d == ':')
			d++;
		if (d == q + 4 || !isdigit((unsigned char)*d))
			continue;
		while (isdigit((unsigned char)*d))
			d++;
		if (strncasecmp(d, " of ", 4) == 0 && isdigit((unsigned char)d[4]))
			for (d += 4; isdigit((unsigned char)*d); d++)
				;
		if (only_separators(t, q) || only_separators(d, d + strlen(d)))
			return 1;
	}
	return 0;
}

/* A short quotable excerpt of s in buf. */
static const char *excerpt(const char *s, char *buf, size_t n)
{
	gpd_buf b = {0};

	put_excerpt(&b, s, n > 8 ? n - 8 : 0);
	snprintf(buf, n, "%s", b.data ? b.data : "");
	gpd_buf_free(&b);
	return buf;
}

static const char *label_of(gpd_group g, int option)
{
	return gpd_form_group(g)->options[option].label;
}

/* Notes where the import doubted a group's boxes: a group left empty is
 * reported there, once (the rules' "no region ticked" is not said again). */
static void doubt(parser *p, gpd_group g, unsigned line, unsigned col)
{
	if (p->doubt[g].line == 0)
		p->doubt[g] = (gpd_pos){line, col};
}

/* ---- the question table ---- */

static void add_q(parser *p, q_kind kind, int which, const char *text)
{
	question *q = &p->q[p->nq++];

	q->kind = kind;
	q->which = which;
	q->text = text;
	imp_words_split(&q->words, text);
}

/* The form's questions in form order, worded as form.h prints them. */
static void build_questions(parser *p)
{
	static const gpd_group before[] = {GPD_GROUP_TARGET};
	static const gpd_text_field texts1[] = {GPD_TEXT_PURPOSE,
		GPD_TEXT_DESCRIPTION, GPD_TEXT_STRUCTURES};
	static const gpd_group groups1[] = {GPD_GROUP_AGENCY_TYPE, GPD_GROUP_REGION};
	static const gpd_group evidence[] = {GPD_GROUP_EVIDENCE_BASIS,
		GPD_GROUP_IMPACT_SOURCE, GPD_GROUP_IMPACT_FINDING,
		GPD_GROUP_PROCESS_FINDING, GPD_GROUP_REPORT};

	add_q(p, Q_TITLE, 0, GPD_Q_FORM_TITLE);
	add_q(p, Q_CRITERIA, GPD_GROUP_OUTCOME, CRITERIA_LINE);
	add_q(p, Q_AGENCY, 0, GPD_Q_AGENCY);
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++)
		add_q(p, Q_GROUP, before[i], gpd_form_group(before[i])->question);
	for (size_t i = 0; i < sizeof(texts1) / sizeof(texts1[0]); i++)
		add_q(p, Q_TEXT, texts1[i], gpd_form_text(texts1[i])->question);
	for (size_t i = 0; i < sizeof(groups1) / sizeof(groups1[0]); i++)
		add_q(p, Q_GROUP, groups1[i], gpd_form_group(groups1[i])->question);
	add_q(p, Q_TEXT, GPD_TEXT_TOOLS, gpd_form_text(GPD_TEXT_TOOLS)->question);
	add_q(p, Q_EVIDENCE, 0, GPD_Q_EVIDENCE);
	for (size_t i = 0; i < sizeof(evidence) / sizeof(evidence[0]); i++)
		add_q(p, Q_GROUP, evidence[i], gpd_form_group(evidence[i])->question);
	add_q(p, Q_CONTACT, 0, GPD_Q_CONTACT);
}

static int is_evidence_group(gpd_group g)
{
	return g == GPD_GROUP_EVIDENCE_BASIS || g == GPD_GROUP_IMPACT_SOURCE ||
		g == GPD_GROUP_IMPACT_FINDING || g == GPD_GROUP_PROCESS_FINDING;
}

/* ---- headings ---- */

/* True when the text's words j and j + 1 are q's word k split by the scan
 * ("agency /organisation" for "agency/organisation", "prac tice"). */
static int split_word(const imp_words *q, size_t k, const imp_words *t, size_t j)
{
	size_t a, b;

	if (j + 1 >= t->n || (a = strlen(t->w[j])) + (b = strlen(t->w[j + 1])) != strlen(q->w[k]))
		return 0;
	return a >= 2 && b >= 2 && strncmp(q->w[k], t->w[j], a) == 0 &&
		imp_word_like(q->w[k] + a, t->w[j + 1]);
}

/* How many of q's first words the text's first words match; *tn gets how
 * many of the text's words they took (two for a word the scan split). */
static size_t prefix_words(const imp_words *q, const imp_words *t, size_t *partial, size_t *tn)
{
	size_t k = 0, j = 0;

	while (k < q->n && j < t->n) {
		if (imp_word_like(q->w[k], t->w[j]))
			j++;
		else if (k >= 2 && split_word(q, k, t, j))
			j += 2;
		else
			break;
		k++;
	}
	*partial = 0;
	if (k >= 2 && j + 1 == t->n && k < q->n && strlen(t->w[j]) >= 3 &&
	    strncmp(q->w[k], t->w[j], strlen(t->w[j])) == 0) {
		*partial = strlen(t->w[j]); /* "good prac" / "tice": a word split */
		k++;
		j++;
	}
	*tn = j;
	return k;
}

/* Bytes of the number a copy of the form put before a question ("3. ",
 * "12) ", "Q3 ", "Q.3: ", "(c) ", "c) ", "iv. "; as a scan reads them, "5, ",
 * "{c) ", "QS " for Q5), with the blanks after it, else 0. Only the shapes
 * of a number: a word, or a box the scan read as "(1", is not one. */
static size_t question_number(const char *s)
{
	size_t i = 0, n;

	if (s[0] != '\0' && strchr("({[", s[0]) != NULL && isalnum((unsigned char)s[1]) &&
	    (s[2] == ')' || (isalnum((unsigned char)s[2]) && s[3] == ')')))
		i = s[2] == ')' ? 3 : 4;                      /* (c) (12) */
	else {
		if ((s[0] == 'Q' || s[0] == 'q') && (isdigit((unsigned char)s[1]) ||
		    (s[1] == '.' && isdigit((unsigned char)s[2]))))
			i = s[1] == '.' ? 2 : 1;              /* Q3 Q.3 */
		else if (s[0] == 'Q' && s[1] != '\0' && strchr("SOIlBZ", s[1]) != NULL &&
		    (s[2] == ' ' || isdigit((unsigned char)s[2])))
			i = 1;            /* "QS" for Q5: a scan's digit as a letter */
		n = i;
		while ((isdigit((unsigned char)s[i]) || (n == 1 && i < 3 && s[i] != '\0' &&
		       strchr("SOIlBZ", s[i]) != NULL)) && i < n + 2)
			i++;
		if (i == n && (islower((unsigned char)s[0]) || strchr("IVX", s[0]) != NULL))
			while (i < 4 && s[i] != '\0' && strchr("ivxIVX", s[i]) != NULL)
				i++;                          /* iv. */
		if (i == n && islower((unsigned char)s[0]))
			i = 1;                                /* c) */
		if (i == n || (n == 0 && strchr(".,):", s[i]) == NULL) ||
		    (s[i] == '.' && isdigit((unsigned char)s[i + 1])))
			return 0;                             /* not 3.1, a criterion */
		i += strchr(".,):", s[i]) != NULL && s[i] != '\0';
	}
	if (s[i] != ' ' && s[i] != '\t')
		return 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

/* The unseen question whose heading starts text best (longest match, then
 * form order), or -1. A match needs two words, or one long word that is all
 * the text; *used gets the bytes of text the heading words took. A number
 * before the heading ("3. Purpose ...") is taken with it. */
static int heading_start(parser *p, const char *text, size_t *used, size_t *k_out)
{
	imp_words t;
	size_t best_k = 0, best_j = 0, best_part = 0, part, tn, num = question_number(text);
	int best = -1;

	if (num == 0) { /* a rule or a speck before the number: "| 13.", "[ 11.", "‘14:" */
		size_t lead = 0;

		while (lead < 4 && text[lead] != '\0') {
			if (strchr("|![]'`", text[lead]) != NULL)
				lead++;
			else if ((unsigned char)text[lead] == 0xE2 && (unsigned char)text[lead + 1] == 0x80 &&
			    text[lead + 2] != '\0')
				lead += 3; /* a curly quote */
			else
				break;
		}
		lead += lead > 0 && text[lead] == ' ';
		num = lead > 0 && question_number(text + lead) ? lead + question_number(text + lead) : 0;
	}

	imp_words_split(&t, text + num);
	for (size_t i = 0; i < p->nq; i++) {
		size_t k;

		if (p->q[i].seen || p->q[i].kind == Q_CRITERIA)
			continue;
		k = prefix_words(&p->q[i].words, &t, &part, &tn);
		if (k < 2 && !(k == 1 && t.n == 1 && strlen(t.w[0]) >= 6 &&
		    p->q[i].words.n > 1))
			continue;
		if (k > best_k) {
			best_k = k;
			best_j = tn;
			best = (int)i;
			best_part = part;
		}
	}
	if (best >= 0) {
		*used = num + t.end[best_j - 1];
		*k_out = best_k;
		p->split_rest[0] = '\0';
		if (best_part > 0) /* the rest of the split word starts the next line */
			snprintf(p->split_rest, sizeof(p->split_rest), "%s",
				p->q[best].words.w[best_k - 1] + best_part);
	}
	return best;
}

/* Takes w out of the words still to come; 1 if it was there. */
static int take_left(char (*left)[40], size_t *n, const char *w)
{
	for (size_t i = 0; i < *n; i++)
		if (imp_word_like(left[i], w)) {
			memmove(left[i], left[*n - 1], sizeof(left[0]));
			(*n)--;
			return 1;
		}
	return 0;
}

/* Takes the word two pieces make ("prac" "tice": a word the scan split)
 * out of the words still to come; 1 if it was there. */
static int take_pair(char (*left)[40], size_t *n, const char *a, const char *b)
{
	char w[40];
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb >= sizeof(w))
		return 0;
	memcpy(w, a, la);
	memcpy(w + la, b, lb + 1);
	return take_left(left, n, w);
}

/* True (and the two words taken) when the two words after t's word r
 * are both still to come: word r is a heading word the scan garbled. */
static int skip_garbled(char (*left)[40], size_t *n, const imp_words *t, size_t r)
{
	char copy[IMP_MAX_QWORDS][40];
	size_t m = *n;

	if (r + 2 >= t->n)
		return 0;
	memcpy(copy, left, sizeof(copy));
	if (!take_left(copy, &m, t->w[r + 1]) || !take_left(copy, &m, t->w[r + 2]))
		return 0;
	memcpy(left, copy, sizeof(copy));
	*n = m;
	return 1;
}

/* Bytes of text that continue the current heading (a broken heading's
 * later lines, in any order): all its words, or a leading run of at least
 * two; 0 when the text is not heading. */
static size_t continuation(parser *p, const char *text)
{
	char left[IMP_MAX_QWORDS][40];
	size_t nleft = p->nleft, r = 0;
	imp_words t;

	if (p->nleft == 0)
		return 0;
	memcpy(left, p->left, sizeof(left));
	imp_words_split(&t, text);
	if (p->split_rest[0] != '\0' && t.n > 1 && imp_word_like(t.w[0], p->split_rest))
		r = 1; /* "tice’? The evidence" after "good prac" */
	p->split_rest[0] = '\0';
	if (r == 0 && t.n > 1 && take_pair(left, &nleft, t.w[0], t.w[1]))
		r = 2; /* "tools /resources developed" */
	else if (r == 0 && strlen(t.w[0]) <= 3 && skip_garbled(left, &nleft, &t, 0))
		r = 3; /* "good practi" / "ice'? The evidence": a split word's
		        * tail the scan garbled, then the heading's next words */
	while (r < t.n && take_left(left, &nleft, t.w[r]))
		r++;
	while (r > 0 && r + 1 < t.n) {
		if (take_pair(left, &nleft, t.w[r], t.w[r + 1]))
			r += 2; /* "prac tice" */
		else if (skip_garbled(left, &nleft, &t, r))
			r += 3; /* a word the scan garbled: "up (€.g. posts" */
		else
			break;
		while (r < t.n && take_left(left, &nleft, t.w[r]))
			r++;
	}
	if (r == 1 && r < t.n) { /* one word, then a box: "developed “I Local ..." */
		imp_seg box;
		const char *rest = text + t.end[0];

		while (*rest == ' ')
			rest++;
		if (imp_box_prefix(rest, strlen(rest), p->doc->html, &box) == 0)
			return 0;
	} else if (r == 0 || (r < 2 && r < t.n)) {
		return 0;
	}
	if (r == t.n && t.n == IMP_MAX_QWORDS)
		return 0; /* the text may go on beyond the words split */
	memcpy(p->left, left, sizeof(left));
	p->nleft = nleft;
	return t.end[r - 1];
}

static void set_left(parser *p, const imp_words *w, size_t from)
{
	p->nleft = 0;
	for (size_t i = from; i < w->n; i++)
		memcpy(p->left[p->nleft++], w->w[i], sizeof(p->left[0]));
}

/* Makes question i current: later text and boxes belong to it. */
static void enter(parser *p, int i, const imp_seg *s)
{
	question *q = &p->q[i];
	gpd_group g = (gpd_group)q->which;

	int prev_group = p->cur >= 0 && p->q[p->cur].kind == Q_GROUP;

	q->seen = 1;
	p->cur = i;
	p->last_specify = -1;
	if (q->kind == Q_GROUP || q->kind == Q_CRITERIA) {
		/* Headings with no box between them were printed side by
		 * side; their boxes follow together. */
		if (p->boxes_since_heading > 0 || !prev_group)
			p->nactive = 0;
		p->active[p->nactive++] = g;
		p->boxes_since_heading = 0;
	} else {
		p->nactive = 0;
	}
	if (q->kind == Q_CONTACT) {
		p->contact_pos = (gpd_pos){s->line, s->col};
		p->contact_line = p->contact_last = s->line;
	}
}

/* ---- criteria ---- */

/* True when text is (the start of) the sentence that states the criteria:
 * it names them and says what they are criteria of. */
static int criteria_line(const char *text)
{
	const char *c = strcasestr(text, "criteri");

	return c != NULL && (strcasestr(text, "relates to") != NULL ||
		strcasestr(c, "national") != NULL || strcasestr(c, "leaving care") != NULL);
}

/* Reads one token written in the blank: a criterion "S.C", or several
 * glued by commas ("4.3,6.1"); anything else ("2,4", "S.2", "2.l1") is
 * reported, never repaired. Returns the criteria added. */
static size_t criterion_token(parser *p, char *tok, const imp_seg *s, unsigned col)
{
	gpd_criterion crit;
	size_t n = 0;
	char *save = NULL, copy[24];

	snprintf(copy, sizeof(copy), "%s", tok);
	if (gpd_criterion_parse(tok, &crit) != 0) {
		for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save))
			if (gpd_criterion_parse(part, &crit) != 0) {
				warn(p, s->line, col, "cannot read criterion \"%s\"; left out", tok);
				return 0;
			}
		snprintf(copy, sizeof(copy), "%s", tok);
		save = NULL;
	} else {
		copy[strcspn(copy, ",")] = '\0';
	}
	for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		if (gpd_criterion_parse(part, &crit) != 0)
			continue;
		crit.pos = (gpd_pos){s->line, col};
		if (gpd_record_add_criterion(p->rec, crit) != 0)
			p->doc->nomem = 1;
		n++;
	}
	return n;
}

/* The criteria written in the printed blank of the heading sentence
 * ("relates to criteria 2.4 of ...", "criteria_1.1 _ of", "criteria
 * _3.2_ of"): the tokens between the word "criteria" and the next word
 * "of", split at blanks, underscores (the blank's line), ";", "and", "&";
 * a blank with nothing in it states no criterion (the lint says so). */
static int criteria_tokens(parser *p, const char *from, const char *text, const imp_seg *s)
{
	char num[24];

	for (const char *c = from; *c;) {
		size_t n = 0;

		while (*c && (isspace((unsigned char)*c) || strchr("_;\\", *c)))
			c++;
		while (c[n] && !isspace((unsigned char)c[n]) && !strchr("_;\\", c[n]))
			n++;
		if (n == 0)
			break;
		snprintf(num, sizeof(num), "%.*s", (int)(n < 20 ? n : 20), c);
		c += n;
		while (strlen(num) > 0 && strchr(",.:", num[strlen(num) - 1]))
			num[strlen(num) - 1] = '\0';
		if (strcasecmp(num, "of") == 0)
			return 1;
		if (strcasecmp(num, "and") == 0 || strcmp(num, "&") == 0 || num[0] == '\0')
			continue;
		criterion_token(p, num, s, (unsigned)(s->col + (c - n - text)));
	}
	return 0;
}

static void read_criteria(parser *p, const char *text, const imp_seg *s)
{
	const char *from = strcasestr(text, "criteri");

	p->criteria_seen = 1;
	p->rec->pos[GPD_FIELD_CRITERIA] = (gpd_pos){s->line, s->col};
	while (isalpha((unsigned char)*from))
		from++;
	/* the line may end at the blank: its numbers start the next line */
	p->open_criteria = p->rec->ncriteria;
	p->criteria_open = criteria_tokens(p, from, text, s) ? 0 : s->line;
}

/* The rest of a sentence that ended at its blank: "2.11 of the National
 * ..." (numbers, or the blank's underscores, then "of the National" or
 * "of ... Leaving Care"), on the next line or, where the scan's reading
 * order put it, further on. Returns 1 when it was read. */
static int criteria_rest(parser *p, const char *text, const imp_seg *s)
{
	const char *of = strcasestr(text, " of ");

	if (strncasecmp(text, "of ", 3) == 0 && (strcasestr(text, "national") ||
	    strcasestr(text, "leaving care"))) {
		p->criteria_open = 0; /* the blank closed: its line's numbers stand */
		return 0;             /* the words are the heading's */
	}
	if (of == NULL || (of - text) > 40 || !(isdigit((unsigned char)text[0]) ||
	    text[0] == '_') || !(strcasestr(of, "national") || strcasestr(of, "leaving care")))
		return 0;
	p->criteria_open = 0;
	criteria_tokens(p, text, text, s);
	return 1;
}

/* ---- tick boxes ---- */

typedef struct placed {
	int group;         /* -1 when not placed */
	imp_match m;
	int ambiguous_groups;
	int out_of_place;
	int duplicate;
} placed;

/* Finds the option a label names: among the groups just asked first (the
 * first one that has it and has not had it yet), then, when no such group
 * has it, among all groups if exactly one has it. */
static placed place_label(parser *p, const char *text)
{
	placed r = {-1, {-1, 0, {-1, -1}, 0, 0}, 0, 0, 0};
	placed dup = r, amb = r;

	for (size_t i = 0; i < p->nactive; i++) {
		imp_match m;

		imp_match_label(p->active[i], text, &m);
		if (m.ambiguous && amb.group < 0) {
			amb.group = (int)p->active[i];
			amb.m = m;
		}
		if (m.option < 0)
			continue;
		if (!(p->seen_opt[p->active[i]] & GPD_TICK(m.option))) {
			r.group = (int)p->active[i];
			r.m = m;
			return r;
		}
		if (dup.group < 0) {
			dup.group = (int)p->active[i];
			dup.m = m;
			dup.duplicate = 1;
		}
	}
	if (amb.group >= 0)
		return amb;
	if (dup.group >= 0)
		return dup;
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		imp_match m;
		int active = 0;

		for (size_t i = 0; i < p->nactive; i++)
			active |= p->active[i] == (gpd_group)g;
		if (active)
			continue;
		imp_match_label((gpd_group)g, text, &m);
		if (m.option < 0)
			continue;
		/* labels differ across questions: the closer reading wins
		 * ("Others (please specify)" is not "Other (please specify)"),
		 * two as close are two questions' options */
		if (r.group >= 0 && m.distance >= r.m.distance) {
			r.ambiguous_groups |= m.distance == r.m.distance;
			continue;
		}
		r.ambiguous_groups = 0;
		r.group = g;
		r.m = m;
		r.out_of_place = p->nactive > 0;
	}
	return r;
}

static int placed_ok(const placed *pl)
{
	return pl->group >= 0 && pl->m.option >= 0 && !pl->ambiguous_groups;
}

static specify *specify_for(parser *p, gpd_group g, unsigned option, const imp_seg *s)
{
	for (size_t i = 0; i < p->nspec; i++)
		if (p->spec[i].group == g && p->spec[i].option == option)
			return &p->spec[i];
	if (p->nspec == MAX_SPECIFY)
		return NULL;
	p->spec[p->nspec] = (specify){g, option, {0}, {s->line, s->col}};
	return &p->spec[p->nspec++];
}

static void append_words(gpd_buf *b, const char *text)
{
	if (b->len > 0)
		gpd_buf_putc(b, ' ');
	gpd_buf_puts(b, text);
}

static int loose_label(parser *p, const char *text, const imp_seg *s);

/* Text on the line after a ticked "please specify" box that has no text
 * yet: in two columns, the text written under the right column's box
 * shares its line with the left column's next option. 1 if taken. */
static int open_specify(parser *p, const char *text, const imp_seg *s)
{
	specify *sp;

	if (p->open_spec < 0 || s->line <= p->open_spec_line || s->line > p->open_spec_line + 2)
		return 0;
	sp = &p->spec[p->open_spec];
	p->open_spec = -1;
	if (sp->text.len > 0)
		return 0;
	append_words(&sp->text, text);
	return 1;
}

/* Text written after an option's label: a "please specify" answer, notes
 * on the evidence, or the form's own "click here to view". */
static int debris(const char *s);

/* What the character at *s is to the rules on specks, *s moved past it:
 * CH_LETTER a letter or digit (ASCII or not: "Łódź"), CH_SCRIPT a letter
 * of a script without case (Bengali, Arabic, Chinese: a scan of a form
 * filled in in one holds whole words of them, never specks of ASCII), a
 * combining mark (CH_MARK: part of the letter before), else CH_OTHER. */
enum { CH_OTHER, CH_LETTER, CH_SCRIPT, CH_MARK };

static int char_kind(const char **s)
{
	uint32_t c = (unsigned char)**s;
	size_t n = c < 0x80 ? 1 : gpd_utf8_decode((const unsigned char *)*s, strlen(*s), &c);

	*s += n ? n : 1;
	if (c < 0x80)
		return isalnum((int)c) ? CH_LETTER : CH_OTHER;
	switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), c)) {
	case HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER:
		return CH_SCRIPT;
	case HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER:
	case HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER:
	case HB_UNICODE_GENERAL_CATEGORY_TITLECASE_LETTER:
	case HB_UNICODE_GENERAL_CATEGORY_MODIFIER_LETTER:
	case HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER:
		return CH_LETTER;
	case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
	case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
	case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
		return CH_MARK;
	default:
		return CH_OTHER;
	}
}

/* True when s has two letters in a row (of any script, marks within a
 * letter): a word, not a scan's specks. A "please specify" text in
 * Bengali was dropped as specks. */
static int letter_pair(const char *s)
{
	int prev = 0;

	while (*s) {
		int k = char_kind(&s);

		if (k == CH_MARK)
			continue;
		if (k != CH_OTHER && prev)
			return 1;
		prev = k != CH_OTHER;
	}
	return 0;
}

static void after_label(parser *p, gpd_group g, int option, const char *rest,
	const imp_seg *s)
{
	char buf[80];
	specify *sp;

	while (*rest && (ispunct((unsigned char)*rest) || isspace((unsigned char)*rest)) &&
	       *rest != '(')
		rest++;
	if (*rest == '\0')
		return;
	if (!p->doc->html && !letter_pair(rest) && strchr(rest, 'X') == NULL) {
		debris_seen(p, rest, s); /* a speck read as "a" or "i ,": no answer */
		return;
	}
	if (gpd_form_group(g)->options[option].specify &&
	    (sp = specify_for(p, g, (unsigned)option, s)) != NULL) {
		append_words(&sp->text, rest);
		return;
	}
	if (g == GPD_GROUP_REPORT && strcasestr(rest, "click here") != NULL)
		return;
	if (open_specify(p, rest, s) || loose_label(p, rest, s))
		return;
	if (is_evidence_group(g) && !p->doc->html && debris(rest)) {
		debris_seen(p, rest, s); /* "Not known ne": a speck, not notes */
		return;
	}
	if (is_evidence_group(g)) {
		append_words(&p->text[GPD_TEXT_EVIDENCE_NOTES], rest);
		return;
	}
	warn(p, s->line, s->col, "text after \"%s\" not read: \"%s\"",
		label_of(g, option), excerpt(rest, buf, sizeof(buf)));
}

/* Records what one box with a placed label says. */
static void apply_box(parser *p, const imp_seg *s, const char *text,
	const placed *pl)
{
	gpd_group g = (gpd_group)pl->group;
	int o = pl->m.option;
	char buf[80];

	p->seen_opt[g] |= GPD_TICK(o);
	p->boxes_in[g]++;
	p->empty_boxes += s->box == IMP_BOX_EMPTY;
	p->ticked_boxes += s->box == IMP_BOX_TICKED;
	if (p->rec->group_pos[g].line == 0)
		p->rec->group_pos[g] = (gpd_pos){s->line, s->col};
	/* a tick on a label the scan damaged more than a letter is doubtful */
	if (pl->m.distance > 1 && s->box == IMP_BOX_TICKED)
		warn(p, s->line, s->col, "read \"%s\" as \"%s\" (%s); confirm",
			excerpt(text, buf, sizeof(buf)), label_of(g, o),
			gpd_form_group(g)->heading);
	if (s->box == IMP_BOX_UNREADABLE) {
		doubt(p, g, s->line, s->col);
		warn(p, s->line, s->col, "%s: cannot read the tick box \"%s\" before "
			"\"%s\"; left unticked", gpd_form_group(g)->heading, s->shape,
			label_of(g, o));
	} else if (s->box == IMP_BOX_TICKED) {
		if (pl->out_of_place)
			warn(p, s->line, s->col, "ticked \"%s\" found among other "
				"questions' boxes; taken as %s", label_of(g, o),
				gpd_form_group(g)->heading);
		p->rec->ticks[g] |= GPD_TICK(o);
	}
	p->last_specify = -1;
	if (gpd_form_group(g)->options[o].specify) {
		specify *sp = specify_for(p, g, (unsigned)o, s);

		p->last_specify = sp ? (int)(sp - p->spec) : -1;
	}
	after_label(p, g, o, text + pl->m.used, s);
	if (p->last_specify >= 0 && s->box == IMP_BOX_TICKED &&
	    p->spec[p->last_specify].text.len == 0) {
		p->open_spec = p->last_specify;
		p->open_spec_line = s->line;
	}
}

/* Reports a box whose label could not be placed; only a ticked or
 * unreadable box loses information. */
static void unplaced_box(parser *p, const imp_seg *s, const char *text,
	const placed *pl)
{
	char buf[80];

	p->last_specify = -1;
	if (pl->group >= 0 && pl->m.ambiguous)
		p->seen_opt[pl->group] |= GPD_TICK(pl->m.cand[0]) | GPD_TICK(pl->m.cand[1]);
	if (s->box == IMP_BOX_EMPTY)
		return;
	for (size_t i = 0; i < p->nactive && pl->group < 0; i++)
		p->unmatched[p->active[i]]++; /* one of its options, we cannot say which */
	if (pl->group >= 0)
		doubt(p, (gpd_group)pl->group, s->line, s->col);
	if (pl->group >= 0 && pl->m.ambiguous)
		warn(p, s->line, s->col, "ticked \"%s\" could be \"%s\" or \"%s\" "
			"(%s); left unticked", excerpt(text, buf, sizeof(buf)),
			label_of((gpd_group)pl->group, pl->m.cand[0]),
			label_of((gpd_group)pl->group, pl->m.cand[1]),
			gpd_form_group((gpd_group)pl->group)->heading);
	else if (pl->ambiguous_groups)
		warn(p, s->line, s->col, "ticked \"%s\" is an option of more than "
			"one question and none is being read here; left unticked",
			excerpt(text, buf, sizeof(buf)));
	else if (*text == '\0')
		warn(p, s->line, s->col, "a tick box \"%s\" with no label; ignored",
			s->shape);
	else
		warn(p, s->line, s->col, "cannot match ticked \"%s\" to an option "
			"of the form; left unticked", excerpt(text, buf, sizeof(buf)));
}

/* A box label joined with text from the next line. */
static char *joined(const char *a, const char *b, size_t blen)
{
	gpd_buf j = {0};

	gpd_buf_puts(&j, a);
	gpd_buf_putc(&j, ' ');
	gpd_buf_append(&j, b, blen);
	return gpd_buf_take(&j);
}

/* True when the segment at i is a plain line that could end a broken label:
 * the next line, no blank line before, and not a heading. */
static int label_tail(parser *p, size_t i)
{
	const imp_seg *s;
	size_t used, k;

	if (i >= p->doc->nsegs)
		return 0;
	s = &p->doc->segs[i];
	/* a scan often puts a blank line between a label's two lines */
	return s->box == IMP_BOX_NONE && (s->brk == 1 || (s->brk == 2 && !p->doc->html &&
		!isupper((unsigned char)s->text[0]))) && heading_start(p, s->text, &used, &k) < 0;
}

/* Word boundaries of s: offsets after each word, at most max. */
static size_t word_ends(const char *s, size_t *ends, size_t max)
{
	size_t n = 0, i = 0;

	while (s[i] && n < max) {
		while (s[i] == ' ')
			i++;
		if (!s[i])
			break;
		while (s[i] && s[i] != ' ')
			i++;
		ends[n++] = i;
	}
	return n;
}

/* Tries to complete the unplaced labels of one line's boxes (at most two)
 * with the next line, which a scan of two columns shares between them.
 * On success stores the joined labels in lab[] and returns 1. */
static int rejoin(parser *p, size_t *bx, size_t nb, placed *pl, char **lab,
	const char *tail)
{
	size_t miss[2], nm = 0, ends[64], nw = word_ends(tail, ends, 64);

	for (size_t k = 0; k < nb; k++)
		if (!placed_ok(&pl[k]) && !pl[k].m.ambiguous) {
			if (nm == 2)
				return 0;
			miss[nm++] = k;
		}
	if (nm == 0)
		return 0;
	for (size_t cut = nm == 1 ? nw : 1; cut <= nw; cut++) {
		size_t a = nm == 1 ? strlen(tail) : ends[cut - 1];
		char *l0 = joined(p->doc->segs[bx[miss[0]]].text, tail, a);
		char *l1 = nm == 2 ? joined(p->doc->segs[bx[miss[1]]].text,
			tail + a + (tail[a] == ' '), strlen(tail + a) - (tail[a] == ' ')) : NULL;
		placed q0 = l0 ? place_label(p, l0) : pl[miss[0]];
		placed q1 = l1 ? place_label(p, l1) : q0;

		if (l0 != NULL && placed_ok(&q0) && (nm == 1 || (l1 && placed_ok(&q1)))) {
			lab[miss[0]] = l0;
			pl[miss[0]] = q0;
			if (nm == 2) {
				lab[miss[1]] = l1;
				pl[miss[1]] = q1;
			}
			return 1;
		}
		free(l0);
		free(l1);
		if (nm == 1)
			break;
	}
	return 0;
}

static int read_text(parser *p, const imp_seg *s);
static int has_alnum(const char *s);

/* A weak box whose label names no option was not a box: its shape and
 * label are read as the text they are ("I Think", "Tel: No"). */
/* True when segment i is a box before an option's label (not a heading
 * whose number looked like a box, "1. Name(s) ..."). */
static int option_seg(parser *p, size_t i)
{
	const imp_seg *s = &p->doc->segs[i];
	placed pl;

	if (s->box == IMP_BOX_NONE)
		return 0;
	pl = place_label(p, s->text);
	return placed_ok(&pl);
}

static void as_text(parser *p, const imp_seg *s, const char *text)
{
	gpd_buf b = {0};
	imp_seg t = *s;

	if (s->suffix)
		gpd_buf_printf(&b, "%s%s", text, s->shape);
	else
		gpd_buf_printf(&b, "%s%s%s", s->shape, *text ? " " : "", text);
	if (gpd_buf_failed(&b)) {
		p->doc->nomem = 1;
	} else {
		size_t i = (size_t)(s - p->doc->segs);

		t.box = IMP_BOX_NONE;
		t.text = b.data;
		p->garbled = i < p->doc->nsegs && ((i > 0 && option_seg(p, i - 1)) ||
			(i + 1 < p->doc->nsegs && option_seg(p, i + 1)));
		if (!p->ended && !read_text(p, &t))
			p->ended = 1;
		p->garbled = 0;
	}
	gpd_buf_free(&b);
}

/* What one box with its (placed or not) label says. */
static void box_verdict(parser *p, const imp_seg *s, const char *text, const placed *pl)
{
	size_t used, k;

	if (pl->duplicate && s->box == IMP_BOX_EMPTY)
		return;
	if (placed_ok(pl) && !pl->m.ambiguous)
		apply_box(p, s, text, pl);
	else if (!s->strong && !(pl->group >= 0 && pl->m.ambiguous))
		as_text(p, s, text);
	else if (!p->doc->html && s->box == IMP_BOX_EMPTY && pl->group < 0 &&
	    heading_start(p, text, &used, &k) >= 0 && k >= 2)
		as_text(p, s, text); /* a question's number or a rule the scan
		                       * read as a box's edges: "| 11. Source ..." */
	else
		unplaced_box(p, s, text, pl);
}

/* Reads the boxes that share one line, starting at segment i; returns the
 * index of the first segment not consumed. */
static size_t read_boxes(parser *p, size_t i)
{
	size_t bx[16], nb = 0, next;
	placed pl[16];
	char *lab[16] = {0};

	do {
		bx[nb++] = i++;
	} while (nb < 16 && i < p->doc->nsegs && p->doc->segs[i].box != IMP_BOX_NONE &&
		 p->doc->segs[i].brk == 0);
	next = i;
	p->nboxes += nb;
	if (p->nboxes > IMP_MAX_BOXES) {
		p->failed = 1;
		return p->doc->nsegs;
	}
	for (size_t k = 0; k < nb; k++) {
		pl[k] = place_label(p, p->doc->segs[bx[k]].text);
		/* a line's second "Not known" is the next question's */
		if (placed_ok(&pl[k]) && !pl[k].m.ambiguous)
			p->seen_opt[pl[k].group] |= GPD_TICK(pl[k].m.option);
	}
	if (label_tail(p, next) && rejoin(p, bx, nb, pl, lab, p->doc->segs[next].text))
		next++;
	for (size_t k = 0; k < nb; k++) {
		const imp_seg *s = &p->doc->segs[bx[k]];
		const char *text = lab[k] ? lab[k] : s->text;

		box_verdict(p, s, text, &pl[k]);
		free(lab[k]); /* a rejoined label is ours (fuzz: a leak) */
	}
	p->boxes_since_heading += (int)nb;
	return next;
}

/* ---- answers ---- */

/* A box the scan read as a short word ("es London"): reported. */
static void word_box(parser *p, gpd_group g, int o, const char *word, size_t n,
	const imp_seg *s)
{
	unread_flush(p);
	doubt(p, g, s->line, s->col);
	if (!(p->seen_opt[g] & GPD_TICK(o)))
		warn(p, s->line, s->col, "%s: cannot read the tick box \"%.*s\" before "
			"\"%s\"; left unticked", gpd_form_group(g)->heading, (int)n, word,
			label_of(g, o));
	p->seen_opt[g] |= GPD_TICK(o);
	p->boxes_in[g]++;
}

/* The label at t, after what may be a box the scan read as a word or two
 * (at most MAX_JUNK bytes: "es ", "( Tl ", "| [Tl ") or glued to the
 * label's capital ("CINot known"): *junk gets the box's bytes. */
#define MAX_JUNK 5
static size_t chars(const char *t, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)t[i] & 0xC0) != 0x80;
	return c;
}

static placed junk_label(parser *p, const char *t, size_t *junk)
{
	size_t w1 = strcspn(t, " "), w2 = t[w1] == ' ' ? strcspn(t + w1 + 1, " ") : 0;
	size_t c1 = chars(t, w1), c2 = w2 ? chars(t + w1 + 1, w2) : 0;
	size_t cand[3 + MAX_JUNK], nc = 0;
	placed pl = {-1, {-1, 0, {-1, -1}, 0, 0}, 0, 0, 0};

	cand[nc++] = 0;
	if (c1 <= 3 && t[w1] == ' ')
		cand[nc++] = w1 + 1;
	if (c1 + c2 <= MAX_JUNK && w2 > 0 && t[w1 + 1 + w2] == ' ')
		cand[nc++] = w1 + 1 + w2 + 1;
	for (size_t k = 1; k <= 3 && k < w1; k++)
		if (isupper((unsigned char)t[k]) && islower((unsigned char)t[k + 1]))
			cand[nc++] = k;
	for (size_t i = 0; i < nc; i++) {
		pl = place_label(p, t + cand[i]);
		if (placed_ok(&pl) && !pl.m.ambiguous && pl.m.used > 0) {
			*junk = cand[i] ? cand[i] - (t[cand[i] - 1] == ' ') : 0;
			return pl;
		}
	}
	pl.group = -1;
	return pl;
}

/* A line of options whose boxes the scan read as words or lost ("a Young
 * people from ... groups ml Young people as trainers", "( Tl Not known
 * ( Ct Independent evaluation"): each option reported, never stored as
 * another answer's text. What follows the options (a question the scan
 * put beside them) is read as text. 1 when the line starts with two
 * options, or one behind what was its box. */
static int option_line(parser *p, const char *text, const imp_seg *s)
{
	struct { placed pl; const char *word; size_t n; } it[4];
	size_t n = 0;
	const char *t = text;

	while (*t != '\0' && n < 4) {
		size_t junk = 0;
		placed pl = junk_label(p, t, &junk);

		if (pl.group < 0)
			break;
		it[n].word = t;
		it[n].n = junk;
		it[n++].pl = pl;
		t += (t[junk] == ' ' ? junk + 1 : junk) + pl.m.used;
		while (*t != '\0' && !isalnum((unsigned char)*t) && *t != '(' && *t != '|' &&
		       *t != '[' && *t != '{')
			t++;
		while (*t == ' ')
			t++;
	}
	if (n == 0 || (n == 1 && it[0].n == 0))
		return 0;
	for (size_t i = 0; i < n; i++) {
		gpd_group g = (gpd_group)it[i].pl.group;
		int o = it[i].pl.m.option;

		if (it[i].n > 0) {
			word_box(p, g, o, it[i].word, it[i].n, s);
		} else {
			if (p->nloose[g] < MAX_BOXLESS)
				p->loose[g][p->nloose[g]++] = (boxless){s->line, s->col, o};
			p->seen_opt[g] |= GPD_TICK(o);
		}
	}
	if (*t != '\0' && has_alnum(t)) {
		imp_seg rest = *s;

		rest.text = (char *)t;
		rest.col = s->col + (unsigned)(t - text);
		rest.brk = 0;
		read_text(p, &rest);
	}
	return 1;
}

/* True when nothing but punctuation follows. */
static int ends_here(const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* The option a whole text names (a label alone on its line): in a group
 * being read, else in the one group that has it. 1 when found. */
static int whole_label(parser *p, const char *text, gpd_group *g_out, int *opt)
{
	int found = 0;
	unsigned best = 0;

	for (size_t i = 0; i < p->nactive; i++) {
		imp_match m;

		imp_match_label(p->active[i], text, &m);
		if (m.option >= 0 && ends_here(text + m.used)) {
			*g_out = p->active[i];
			*opt = m.option;
			return 1;
		}
	}
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		imp_match m;

		imp_match_label((gpd_group)g, text, &m);
		if (m.option < 0 || !ends_here(text + m.used) || (found && m.distance > best))
			continue;
		/* two questions have it as closely, and neither is being read */
		found = found && m.distance == best ? 2 : 1;
		best = m.distance;
		*g_out = (gpd_group)g;
		*opt = m.option;
	}
	return found == 1;
}

/* An option label written without its box (an export that dropped the
 * ticks, a box the scan lost, or one it read as a letter: "es London"),
 * wherever the reading order put it: noted, never ticked, never stored as
 * another answer's text. */
static int loose_label(parser *p, const char *text, const imp_seg *s)
{
	gpd_group g;
	int o;
	size_t junk = strcspn(text, " ");

	/* every line of text is looked at, but a form has a few dozen such
	 * lines: past a budget, text is text (hostile input stays linear) */
	if (p->loose_checks >= MAX_LOOSE_CHECKS || strlen(text) > 200)
		return 0;
	p->loose_checks++;

	if (whole_label(p, text, &g, &o)) {
		if (p->nloose[g] < MAX_BOXLESS)
			p->loose[g][p->nloose[g]++] = (boxless){s->line, s->col, o};
		p->seen_opt[g] |= GPD_TICK(o);
		/* a question's options without their boxes (an export that lost
		 * them) end the headings printed side by side, as boxes do: the
		 * next question's labels are its own */
		p->boxes_since_heading += p->doc->html || p->boxes_in[g] == 0;
		return 1;
	}
	/* a box the scan read as a word of one to three letters */
	if (!p->doc->html && junk > 0 && junk <= 3 && text[junk] != '\0' &&
	    whole_label(p, text + junk + 1, &g, &o)) {
		word_box(p, g, o, text, junk, s);
		return 1;
	}
	return !p->doc->html && option_line(p, text, s);
}

/* True when the text being read is an option line the scan garbled
 * beyond reading ("Ciegnior managemenb" for a circled "Senior
 * management"): in a scan, a box whose label named no option beside an
 * option's box, or a line between two options' boxes. An answer's text is
 * not among boxes (a "please specify" text is, and is taken before this is
 * asked). */
static int among_boxes(parser *p)
{
	const imp_doc *d = p->doc;
	size_t i = p->seg;

	if (d->html)
		return 0;
	return p->garbled || (i > 0 && i + 1 < d->nsegs && d->segs[i].box == IMP_BOX_NONE &&
		option_seg(p, i - 1) && option_seg(p, i + 1));
}

static void group_text(parser *p, const char *text, const imp_seg *s)
{
	question *q = &p->q[p->cur];

	if (loose_label(p, text, s))
		return;
	if (p->last_specify >= 0) {
		append_words(&p->spec[p->last_specify].text, text);
		return;
	}
	if (open_specify(p, text, s))
		return;
	if (among_boxes(p)) {
		unread(p, U_TEXT, text, s);
		return;
	}
	if (q->kind == Q_EVIDENCE || (q->kind == Q_GROUP &&
	    is_evidence_group((gpd_group)q->which))) {
		append_words(&p->text[GPD_TEXT_EVIDENCE_NOTES], text);
		return;
	}
	unread(p, U_TEXT, text, s);
}

/* Appends a line of an answer to b: a new paragraph, else a space; in a
 * scan, a line that ends in a hyphen after a letter is joined to the next
 * without one ("community-" "based" was "community- based"; the hyphen is
 * kept, as Word does not hyphenate: a compound's, not a word cut). */
static void free_text(parser *p, gpd_buf *b, const char *text, const imp_seg *s)
{
	int para = s->brk == 2 || (s->brk == 1 && p->doc->html);

	/* a page's end between two lines of a sentence is no paragraph's */
	if (p->after_furniture && b->len > 0 && strchr(".!?:", b->data[b->len - 1]) == NULL)
		para = 0;
	p->after_furniture = 0;

	if (b->len > 0 && !para && !p->doc->html && b->len >= 2 && b->data[b->len - 1] == '-' &&
	    (isalpha((unsigned char)b->data[b->len - 2]) ||
	     (unsigned char)b->data[b->len - 2] >= 0x80) &&
	    (islower((unsigned char)text[0]) || (unsigned char)text[0] >= 0x80)) {
		gpd_buf_puts(b, text);
		return;
	}
	if (b->len > 0)
		gpd_buf_puts(b, para ? "\n\n" : " ");
	gpd_buf_puts(b, text);
}

/* A contact label ("Tel:") at the start of text. */
static int contact_label_at(const char *text)
{
	imp_words w;

	imp_words_split(&w, text);
	if (w.n == 0)
		return 0;
	for (int f = 0; f < GPD_CONTACT__COUNT; f++)
		if (strcasecmp(w.w[0], gpd_form_contact((gpd_contact_field)f)->label) == 0 ||
		    strcmp(w.w[0], "email") == 0 || strcmp(w.w[0], "telephone") == 0 ||
		    strcmp(w.w[0], "mobile") == 0)
			return strchr(text, ':') != NULL;
	return 0;
}

/* A contact line: "Tel: ...", the label word right before its colon. */
static int contact_line(const char *text)
{
	size_t n = 0;

	while (isalpha((unsigned char)text[n]) || text[n] == '-')
		n++;
	if (n == 0 || n > 10 || text[n + (text[n] == ' ')] != ':')
		return 0;
	return contact_label_at(text);
}

/* True when form content (a box whose label names an option, a contact
 * line, a question not yet read) comes within a dozen lines after segment
 * p->seg: text there is out of the scan's reading order, not the start of
 * the attached document. */
static int form_goes_on(parser *p, unsigned line)
{
	for (size_t k = p->seg + 1; k < p->doc->nsegs && p->doc->segs[k].line <= line + 12; k++) {
		const imp_seg *t = &p->doc->segs[k];
		size_t used, words;

		if (t->box != IMP_BOX_NONE) {
			placed pl = place_label(p, t->text);

			if (t->strong || placed_ok(&pl))
				return 1;
		} else if (contact_line(t->text) ||
		    (heading_start(p, t->text, &used, &words) >= 0 && words >= 3)) {
			return 1;
		}
	}
	return 0;
}

static void add_contact(parser *p, const char *text, const imp_seg *s)
{
	if (contact_label_at(text)) {
		imp_words w;

		imp_words_split(&w, text);
		p->mob_seen |= strcmp(w.w[0], "mob") == 0 || strcmp(w.w[0], "mobile") == 0;
	}
	if (p->contact_pos.line == 0)
		p->contact_pos = (gpd_pos){s->line, s->col};
	if (p->contact.len > 0)
		gpd_buf_putc(&p->contact, '\n');
	gpd_buf_puts(&p->contact, text);
	if (p->ncontact_at < MAX_CONTACT_LINES)
		p->contact_at[p->ncontact_at++] = (gpd_pos){s->line, s->col};
	p->contact_last = s->line;
}

/* Contact details: on the heading's line, labelled, or the next line of a
 * labelled value; anything else after the contact block starts the
 * attached document, unless form content follows (the scan read the form
 * out of order): then a line next to the block continues a value ("Ladywood,
 * / Birmingham, B1 2PL"), and one further off is reported. Returns 0 when
 * the form has ended. */
static int contact_text(parser *p, const char *text, const imp_seg *s)
{
	if (!contact_label_at(text) && s->line != p->contact_line &&
	    (p->mob_seen || s->brk == 2 || s->line != p->contact_last + 1)) {
		if (!form_goes_on(p, s->line)) {
			p->attach_line = s->line;
			return 0;
		}
		if (p->mob_seen || s->line > p->contact_last + 2) {
			unread(p, U_TEXT, text, s);
			return 1;
		}
	}
	unread_flush(p);
	add_contact(p, text, s);
	return 1;
}

/* A scan's debris: a line of a few characters that are not a word
 * (a table's rules read as "fe)", "0)", "Pe EAI"). */
static int debris(const char *s)
{
	size_t alnum = 0, run = 0, longest = 0, script = 0, script_run = 0;

	if (strchr(s, 'X') != NULL)
		return 0; /* a tick mark, its label elsewhere: reported */
	while (*s) {
		int k = char_kind(&s);

		if (k == CH_MARK)
			continue;
		if (k == CH_OTHER) {
			run = script_run = 0;
			continue;
		}
		alnum++;
		longest = ++run > longest ? run : longest;
		script_run = k == CH_SCRIPT ? script_run + 1 : 0;
		script = script_run > script ? script_run : script;
	}
	/* two letters of a caseless script in a row are a word ("李明"): a
	 * Bengali or Arabic agency was dropped as specks, the form refused */
	return script < 2 && (alnum <= 3 || (alnum <= 6 && longest <= 3));
}

static int has_alnum(const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Text that is not a heading: the answer to the current question. Returns
 * 0 when the form has ended (the attached document starts). */
static int answer(parser *p, const char *text, const imp_seg *s)
{
	question *q = p->cur >= 0 ? &p->q[p->cur] : NULL;

	if (!has_alnum(text))
		return 1; /* rules and specks: nothing to lose */
	if (q != NULL && q->kind == Q_CONTACT)
		return contact_text(p, text, s);
	if (contact_line(text) && strlen(text) < 100) {
		/* "Tel: ..." wherever the reading order put it */
		unread_flush(p);
		add_contact(p, text, s);
		return 1;
	}
	if (q == NULL || q->kind == Q_TITLE) {
		unread(p, U_BEFORE, text, s);
		return 1;
	}
	if (!p->doc->html && page_furniture(text)) {
		note_left_out(p, text, s, 1);
		p->after_furniture = 1;
		return 1;
	}
	if (!p->doc->html && debris(text)) {
		debris_seen(p, text, s);
		return 1;
	}
	if (q->kind != Q_GROUP && q->kind != Q_CRITERIA && q->kind != Q_EVIDENCE &&
	    loose_label(p, text, s))
		return 1;
	if ((q->kind == Q_AGENCY || q->kind == Q_TEXT) && among_boxes(p)) {
		unread(p, U_TEXT, text, s);
		return 1;
	}
	unread_flush(p);
	switch (q->kind) {
	case Q_AGENCY:
		if (p->rec->pos[GPD_FIELD_AGENCY].line == 0)
			p->rec->pos[GPD_FIELD_AGENCY] = (gpd_pos){s->line, s->col};
		append_words(&p->agency, text);
		break;
	case Q_TEXT:
		if (p->rec->text_pos[q->which].line == 0)
			p->rec->text_pos[q->which] = (gpd_pos){s->line, s->col};
		free_text(p, &p->text[q->which], text, s);
		break;
	default:
		group_text(p, text, s);
		break;
	}
	return 1;
}

/* A box on a heading's line ("developed “I Local authority ..."): the scan
 * put the last word of a heading in the left cell beside the first box in
 * the right one. 1 when text after the heading was a box and is read. */
static int box_after_heading(parser *p, const char *text, const imp_seg *s)
{
	imp_seg b = *s;
	size_t n = imp_box_prefix(text, strlen(text), p->doc->html, &b);
	placed pl;

	if (n == 0)
		return 0;
	b.text = (char *)text + n;
	pl = place_label(p, b.text);
	unread_flush(p);
	box_verdict(p, &b, b.text, &pl);
	p->boxes_since_heading++;
	return 1;
}

/* A heading's first word alone on a line ("Service.") is the heading only
 * when the next line goes on with its second word ("structures and"). */
static int next_goes_on(parser *p, const question *q)
{
	const imp_seg *n = p->seg + 1 < p->doc->nsegs ? &p->doc->segs[p->seg + 1] : NULL;
	imp_words w;

	if (n == NULL || n->box != IMP_BOX_NONE || q->words.n < 2)
		return 0;
	imp_words_split(&w, n->text);
	return w.n > 0 && imp_word_like(w.w[0], q->words.w[1]);
}

/* A plain segment: headings (possibly several, possibly broken) and the
 * answer after them. Returns 0 when the form has ended. */
/* A table row's first line, the question cell's first word beside the
 * answer's first option, whose box the scan read as a word ("(n)
 * Feedback/evaluation i Yes, click here to view"): the unseen question
 * that word starts (a long word: one word of a heading is not enough
 * else), or -1; *used gets the bytes up to the word's end. */
static int heading_beside_box(parser *p, const char *text, size_t *used)
{
	size_t num = question_number(text), junk;
	imp_words t;
	placed pl;

	imp_words_split(&t, text + num);
	if (t.n < 2 || strlen(t.w[0]) < 6)
		return -1;
	for (size_t i = 0; i < p->nq; i++) {
		const char *rest = text + num + t.end[0];

		if (p->q[i].seen || p->q[i].kind == Q_CRITERIA || p->q[i].words.n < 2 ||
		    !imp_word_like(p->q[i].words.w[0], t.w[0]))
			continue;
		while (*rest == ' ')
			rest++;
		pl = junk_label(p, rest, &junk);
		if (pl.group < 0 || junk == 0)
			return -1;
		*used = num + t.end[0];
		return (int)i;
	}
	return -1;
}

static int read_text(parser *p, const imp_seg *s)
{
	const char *text = s->text;
	imp_seg part = *s;

	while (*text != '\0') {
		size_t used = 0, k = 0;
		int h;

		if (p->criteria_open && criteria_rest(p, text, s))
			return 1;
		if (!p->criteria_seen && criteria_line(text)) {
			imp_words w;

			enter(p, 1, s);
			p->criteria_seg = p->seg;
			read_criteria(p, text, s);
			imp_words_split(&w, text);
			set_left(p, &p->q[1].words, 0);
			for (size_t i = 0; i < w.n; i++)
				take_left(p->left, &p->nleft, w.w[i]);
			return 1;
		}
		if ((h = heading_start(p, text, &used, &k)) >= 0 &&
		    (k > 1 || next_goes_on(p, &p->q[h]))) {
			enter(p, h, &part);
			set_left(p, &p->q[h].words, k);
		} else if ((used = continuation(p, text)) != 0) {
			;
		} else if ((h = heading_beside_box(p, text, &used)) >= 0) {
			enter(p, h, &part);
			set_left(p, &p->q[h].words, 1);
		} else {
			return answer(p, text, &part);
		}
		text += used;
		while (*text != '\0' && strchr(" :?.,;", *text))
			text++;
		part.col = s->col + (unsigned)(text - s->text);
		part.brk = 0;
		if (box_after_heading(p, text, &part))
			return 1;
	}
	return 1;
}

/* ---- contact details ---- */

/* The contact field a label word names, or -1. */
static int contact_field(const char *word)
{
	static const struct { const char *alias; gpd_contact_field f; } aliases[] = {
		{"e-mail", GPD_CONTACT_EMAIL}, {"telephone", GPD_CONTACT_TEL},
		{"phone", GPD_CONTACT_TEL}, {"mobile", GPD_CONTACT_MOB},
	};

	for (int f = 0; f < GPD_CONTACT__COUNT; f++)
		if (strcasecmp(word, gpd_form_contact((gpd_contact_field)f)->label) == 0)
			return f;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(word, aliases[i].alias) == 0)
			return (int)aliases[i].f;
	return -1;
}

/* A one-line value (agency, contact, "please specify") as plain text:
 * spaces collapsed, a Markdown export's escapes ("Young People\'s"), hard
 * breaks (a "\" ending a line) and autolink brackets ("<jo@x.gov.uk>")
 * removed, trailing punctuation dropped; NULL when nothing is left. */
/* True when the character at s is a letter, digit or mark of any script:
 * a value's last word, however short ("Jan Ł", "李 明"), not a speck. */
static int word_char(const char *s)
{
	const char *t = s;

	return char_kind(&t) != CH_OTHER;
}

static char *plain_value(const char *s, size_t n, int strip, int *nomem)
{
	gpd_buf b = {0};

	for (size_t i = 0; i < n; i++) {
		int sp = isspace((unsigned char)s[i]);

		if (s[i] == '\\' && (i + 1 == n || isspace((unsigned char)s[i + 1])))
			continue; /* a hard break */
		if (s[i] == '\\' && ispunct((unsigned char)s[i + 1]))
			i++; /* an escape */
		if (sp && (b.len == 0 || b.data[b.len - 1] == ' '))
			continue;
		gpd_buf_putc(&b, sp ? ' ' : s[i]);
	}
	/* trailing punctuation, and a table's rule the scan read as "|"; a
	 * lone mark after a space is a speck ("Leaving Care Service .", "‘",
	 * "°"), where a value's own full stop is not ("Ltd.") */
	for (;;) {
		size_t k = b.len;

		while (k > 0 && ((unsigned char)b.data[k - 1] & 0xC0) == 0x80)
			k--; /* the last character's first byte */
		if (b.len > 0 && (b.data[b.len - 1] == ' ' ||
		    (strip && strchr(".,;:|!_[]{}", b.data[b.len - 1]))))
			b.data[--b.len] = '\0';
		else if (k >= 2 && b.data[k - 2] == ' ' && !isalnum((unsigned char)b.data[k - 1]) &&
		    strchr("()[]{}<>\"%$#&*+", b.data[k - 1]) == NULL && !word_char(b.data + k - 1))
			b.data[b.len = k - 1] = '\0'; /* " .", " \xE2\x80\x98", " \xC2\xB0" */
		else
			break;
	}
	if (b.len >= 2 && b.data[0] == '<' && b.data[b.len - 1] == '>' &&
	    memchr(b.data, ' ', b.len) == NULL) { /* <jo.bird@towerhamlets.gov.uk> */
		memmove(b.data, b.data + 1, b.len - 2);
		b.data[b.len -= 2] = '\0';
	}
	if (b.len == 0 || gpd_buf_failed(&b)) {
		*nomem |= gpd_buf_failed(&b);
		gpd_buf_free(&b);
		return NULL;
	}
	return gpd_buf_take(&b);
}

/* A buffer's text as plain_value makes it; the buffer is freed. */
static char *take_plain(parser *p, gpd_buf *b)
{
	char *v = NULL;

	if (gpd_buf_failed(b))
		p->doc->nomem = 1;
	else if (b->len > 0)
		v = plain_value(b->data, b->len, 0, &p->doc->nomem);
	gpd_buf_free(b);
	return v;
}

/* Where the contact block's text at s came from (its input line). */
static gpd_pos contact_line_pos(const parser *p, const char *s)
{
	size_t k = 0;

	for (const char *c = p->contact.data; c != NULL && c < s && *c; c++)
		k += *c == '\n';
	if (k < p->ncontact_at)
		return p->contact_at[k];
	return p->contact_pos;
}

static size_t digits(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += isdigit((unsigned char)*s) != 0;
	return n;
}

/* Removes the blanks a scan put beside an address's "@". */
static void join_at(char *v)
{
	char *w = v;

	for (const char *r = v; *r; r++)
		if (!(*r == ' ' && (r[1] == '@' || (r > v && r[-1] == '@'))))
			*w++ = *r;
	*w = '\0';
}

static void set_contact(parser *p, int f, const char *s, size_t n)
{
	char *v = plain_value(s, n, 1, &p->doc->nomem), buf[80];

	if (v == NULL)
		return;
	if (p->rec->contact[f] != NULL) {
		warn(p, p->contact_pos.line, p->contact_pos.col, "a second %s "
			"\"%s\" in the contact details ignored",
			gpd_form_contact((gpd_contact_field)f)->label,
			excerpt(v, buf, sizeof(buf)));
		free(v);
		return;
	}
	if (f == GPD_CONTACT_EMAIL && strchr(v, '@') != NULL)
		join_at(v); /* "jo.bird @ kent.gov.uk": an address has no blank */
	if ((f == GPD_CONTACT_TEL || f == GPD_CONTACT_FAX || f == GPD_CONTACT_MOB) &&
	    !p->doc->html && digits(v) < 6) {
		/* a scan's specks after an empty "Fax:" ("\"+", "7 s"): no number
		 * has fewer than six digits */
		warn(p, contact_line_pos(p, s).line, contact_line_pos(p, s).col,
			"%s \"%s\" is not a number; left empty",
			gpd_form_contact((gpd_contact_field)f)->label, excerpt(v, buf, sizeof(buf)));
		free(v);
		return;
	}
	p->rec->contact[f] = v;
	p->rec->contact_pos[f] = contact_line_pos(p, s);
}

/* The text before the first label: "Name, address" when the form's
 * labels were not used (one run-on paragraph). */
static void contact_prefix(parser *p, const char *s, size_t n)
{
	const char *comma = memchr(s, ',', n);
	size_t k = comma ? (size_t)(comma - s) : n;

	if (p->rec->contact[GPD_CONTACT_NAME] == NULL) {
		set_contact(p, GPD_CONTACT_NAME, s, k);
		if (comma)
			set_contact(p, GPD_CONTACT_ADDRESS, comma + 1, n - k - 1);
	} else {
		set_contact(p, GPD_CONTACT_ADDRESS, s, n);
	}
}

/* Splits the contact block at its labels ("Tel:", "Email:") into fields. */
static void split_contact(parser *p, const char *text)
{
	size_t at[32], end[32], n = 0, len = strlen(text);
	int field[32];

	for (size_t i = 0; i < len && n < 32; i++) {
		char word[16];
		size_t k = 0, j = i;

		if (i > 0 && !isspace((unsigned char)text[i - 1]) && text[i - 1] != ',' &&
		    text[i - 1] != '.')
			continue;
		while (j < len && (isalpha((unsigned char)text[j]) || text[j] == '-') && k < 15)
			word[k++] = text[j++];
		word[k] = '\0';
		while (j < len && text[j] == ' ')
			j++;
		if (k == 0 || j >= len || text[j] != ':' || contact_field(word) < 0)
			continue;
		at[n] = i;
		end[n] = j + 1;
		field[n++] = contact_field(word);
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		size_t stop = i + 1 < n ? at[i + 1] : len;

		set_contact(p, field[i], text + end[i], stop - end[i]);
	}
	if (n == 0 || at[0] > 0)
		contact_prefix(p, text, n ? at[0] : len);
}

/* ---- finishing ---- */

/* The buffer's text, or NULL when empty; a failed buffer is out of memory. */
static char *take(parser *p, gpd_buf *b)
{
	if (gpd_buf_failed(b))
		p->doc->nomem = 1;
	if (b->len == 0 || gpd_buf_failed(b)) {
		gpd_buf_free(b);
		return NULL;
	}
	return gpd_buf_take(b);
}

/* Boxless labels: one warning for a group the export lost every box of,
 * else one per label. */
static void report_loose(parser *p)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		size_t n = p->nloose[g];

		if (n == 0)
			continue;
		if (p->rec->group_pos[g].line == 0)
			p->rec->group_pos[g] = (gpd_pos){p->loose[g][0].line, p->loose[g][0].col};
		if (p->empty_boxes == 0 && p->ticked_boxes > 0)
			continue; /* the input marks ticks only ("X Label"): the rest are not */
		doubt(p, (gpd_group)g, p->loose[g][0].line, p->loose[g][0].col);
		if (p->boxes_in[g] == 0 && n >= 2) {
			warn(p, p->loose[g][0].line, p->loose[g][0].col,
				"the %s options are listed without tick boxes "
				"(lines %u-%u): the ticks are lost; left empty",
				gpd_form_group((gpd_group)g)->heading,
				p->loose[g][0].line, p->loose[g][n - 1].line);
			continue;
		}
		for (size_t i = 0; i < n; i++)
			warn(p, p->loose[g][i].line, p->loose[g][i].col,
				"%s: \"%s\" has no tick box (lost in the scan?); left unticked",
				gpd_form_group((gpd_group)g)->heading,
				label_of((gpd_group)g, p->loose[g][i].option));
	}
}

/* Options of a group that was read but never met (the scan lost their
 * lines, or read them beyond recognition): one warning a group. */
static void report_missing(parser *p)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);
		uint64_t all = grp->count >= 64 ? ~(uint64_t)0 : GPD_TICK(grp->count) - 1;
		uint64_t missing = all & ~p->seen_opt[g];
		gpd_buf b = {0};
		size_t n = 0;

		if (p->seen_opt[g] == 0 || missing == 0)
			continue;
		for (size_t i = 0; i < grp->count; i++)
			if (missing & GPD_TICK(i)) {
				if (n < 4)
					gpd_buf_printf(&b, "%s\"%s\"", n ? ", " : "", grp->options[i].label);
				n++;
			}
		if (n <= p->unmatched[g]) {
			gpd_buf_free(&b); /* the boxes already reported as unmatched */
			continue;
		}
		if (n > 4)
			gpd_buf_printf(&b, " and %zu more", n - 4);
		doubt(p, (gpd_group)g, p->rec->group_pos[g].line, p->rec->group_pos[g].col);
		warn(p, p->rec->group_pos[g].line, p->rec->group_pos[g].col,
			"%s: %s not found in the input; left unticked", grp->heading,
			b.data ? b.data : "options");
		gpd_buf_free(&b);
	}
}

/* A scanned group whose boxes all read empty: OCR reads an X, but a tick
 * drawn otherwise (a check mark, a filled box, a circled label) comes out
 * as the bracket-like edges of an empty box, which no rule on the text can
 * tell from one; and people answer every question of the form but the
 * outcomes, so a question left unanswered is rarer than a lost mark. One
 * warning a group, in place of the validator's no-outcome and no-region
 * (one warning a line), unless a box of it was reported already (those
 * warnings name the group too); an export's empty box is what the form
 * says. */
static void report_unticked(parser *p)
{
	if (p->doc->html)
		return;
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		if (p->boxes_in[g] == 0 || p->rec->ticks[g] != 0 || p->doubt[g].line != 0)
			continue;
		warn(p, p->rec->group_pos[g].line, p->rec->group_pos[g].col,
			"%s: none of its %u boxes reads as ticked; a tick that is not an X "
			"(a check mark, a filled box, a circle) reads as an empty box: "
			"confirm on the paper", gpd_form_group((gpd_group)g)->heading,
			p->boxes_in[g]);
	}
}

/* Questions never met: one warning naming them. */
static void report_unseen(parser *p)
{
	gpd_buf b = {0};
	size_t n = 0;

	for (size_t i = 0; i < p->nq; i++)
		if (!p->q[i].seen && p->q[i].kind != Q_TITLE) {
			if (n < 3)
				gpd_buf_printf(&b, "%s\"%s\"", n ? ", " : "", p->q[i].text);
			n++;
		}
	if (n > 3)
		gpd_buf_printf(&b, " and %zu more", n - 3);
	if (n > 0)
		warn(p, 0, 0, "question%s %s not found in the input; %s left empty",
			n == 1 ? "" : "s", b.data ? b.data : "", n == 1 ? "its answer is" :
			"their answers are");
	gpd_buf_free(&b);
}

/* A ticked "please specify" box whose text is missing is left for the
 * editor (a record may not tick it without the text); the rest stands. */
static void check_specified(parser *p)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		for (size_t i = 0; i < grp->count; i++) {
			gpd_pos at = p->rec->group_pos[g];

			if (!grp->options[i].specify || !(p->rec->ticks[g] & GPD_TICK(i)) ||
			    gpd_record_specified(p->rec, (gpd_group)g, (unsigned)i) != NULL)
				continue;
			for (size_t k = 0; k < p->nspec; k++)
				if (p->spec[k].group == (gpd_group)g && p->spec[k].option == i)
					at = p->spec[k].pos;
			warn(p, at.line, at.col, "\"%s\" is ticked but its text is missing; "
				"left unticked", grp->options[i].label);
			p->rec->ticks[g] &= ~GPD_TICK(i);
		}
	}
}

/* A single-choice group with more than one tick is not read. */
static void check_single(parser *p)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		uint64_t t = p->rec->ticks[g];

		if (!gpd_form_group((gpd_group)g)->single || (t & (t - 1)) == 0)
			continue;
		warn(p, p->rec->group_pos[g].line, p->rec->group_pos[g].col,
			"more than one box ticked for \"%s\", which takes one; "
			"left empty", gpd_form_group((gpd_group)g)->question);
		p->rec->ticks[g] = 0;
	}
}

/* Numbers read in a blank whose sentence never goes on ("criteria _2.1"
 * and then "contributing to ECM outcomes:"): the scan lost what followed
 * them, and a digit of theirs may be lost with it (2.11 read as 2.1, a
 * criterion too): left out and reported, as a damaged number is. */
static void check_open_criteria(parser *p)
{
	gpd_record *r = p->rec;
	char buf[16];

	if (p->criteria_open == 0 || r->ncriteria <= p->open_criteria)
		return;
	gpd_criterion_format(r->criteria[p->open_criteria], buf, sizeof(buf));
	warn(p, p->criteria_open, r->criteria[p->open_criteria].pos.col ?
		r->criteria[p->open_criteria].pos.col : 1,
		"criterion \"%s\"%s read where the scan lost the rest of the sentence "
		"(\"of the National ...\"): a digit may be lost too; left out", buf,
		r->ncriteria - p->open_criteria > 1 ? " and the others" : "");
	r->ncriteria = p->open_criteria;
	r->first_criterion = 0;
	for (size_t i = 1; i < r->ncriteria; i++)
		if (gpd_criterion_cmp(&r->criteria[i], &r->criteria[r->first_criterion]) < 0)
			r->first_criterion = i;
}

static void finish(parser *p)
{
	check_open_criteria(p);
	unread_flush(p);
	debris_report(p);
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		p->rec->text[t] = take(p, &p->text[t]);
	p->rec->agency = take_plain(p, &p->agency);
	for (size_t i = 0; i < p->nspec; i++) {
		char *text = take_plain(p, &p->spec[i].text);

		if (text != NULL && gpd_record_add_specified(p->rec, p->spec[i].group,
		    p->spec[i].option, text, p->spec[i].pos) != 0)
			p->doc->nomem = 1;
	}
	if (gpd_buf_failed(&p->contact))
		p->doc->nomem = 1;
	split_contact(p, p->contact.data ? p->contact.data : "");
	gpd_buf_free(&p->contact);
	report_loose(p);
	report_missing(p);
	check_specified(p);
	check_single(p);
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (p->rec->ticks[g] == 0 && p->doubt[g].line != 0)
			p->rec->group_pos[g] = p->doubt[g];
	report_unticked(p);
	report_unseen(p);
}

/* The line where a second form starts, after the first one's criteria
 * sentence: another such sentence, or the form's title followed within
 * three pieces by "Good practice example" or the sentence. 0 when none. */
static unsigned second_form(parser *p)
{
	for (size_t k = p->criteria_seg + 1; p->criteria_seen && k < p->doc->nsegs; k++) {
		const imp_seg *s = &p->doc->segs[k];
		imp_words w;
		size_t part, tn;

		if (s->box != IMP_BOX_NONE || (!p->doc->html && page_furniture(s->text)))
			continue; /* a running header with the form's title in it */
		if (criteria_line(s->text) && strcasestr(s->text, "good practice") != NULL)
			return s->line;
		imp_words_split(&w, s->text);
		if (prefix_words(&p->q[0].words, &w, &part, &tn) < 4)
			continue;
		for (size_t j = k; j < k + 4 && j < p->doc->nsegs; j++)
			if (strcasestr(p->doc->segs[j].text, "good practice example") != NULL ||
			    criteria_line(p->doc->segs[j].text))
				return s->line;
	}
	return 0;
}

int imp_parse_form(imp_doc *doc, gpd_record *rec, const char *name,
	gpd_diag *diag, size_t *attach_line)
{
	parser *p = calloc(1, sizeof(*p));
	unsigned second;
	int rc;

	if (p == NULL)
		return -1;
	*p = (parser){.doc = doc, .rec = rec, .name = name, .diag = diag,
		.cur = -1, .last_specify = -1, .open_spec = -1};
	build_questions(p);
	rec->pos[GPD_FIELD_RECORD] = (gpd_pos){1, 1}; /* what the rules say of the whole form */
	for (size_t i = 0; i < doc->nsegs && !p->failed;) {
		const imp_seg *s = &doc->segs[i];

		p->seg = i;
		if (s->box != IMP_BOX_NONE) {
			i = read_boxes(p, i);
			if (p->ended)
				break;
			continue;
		}
		if (!read_text(p, s))
			break;
		i++;
	}
	*attach_line = p->attach_line;
	if (!p->failed && (second = second_form(p)) != 0) {
		gpd_buf b = {0};

		gpd_buf_printf(&b, "a second form starts at line %u: import each form from "
			"a file of its own (nothing imported)", second);
		gpd_diag_report(diag, name, second, 1, GPD_E_IMPORT,
			b.data ? b.data : "a second form starts here");
		gpd_buf_free(&b);
		p->failed = 2;
	}
	if (p->failed == 1) {
		gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT,
			"more tick boxes than any form has: not a form export");
	}
	if (p->failed) {
		for (int t = 0; t < GPD_TEXT__COUNT; t++)
			gpd_buf_free(&p->text[t]);
		gpd_buf_free(&p->agency);
		gpd_buf_free(&p->contact);
		for (size_t i = 0; i < p->nspec; i++)
			gpd_buf_free(&p->spec[i].text);
	} else {
		finish(p);
	}
	rc = p->failed ? -1 : 0;
	free(p);
	return rc;
}
