/* limits.h: every resource limit of gpdigest, each named once here (README's "Limits" table says the same). */
#ifndef GPDIGEST_LIMITS_H
#define GPDIGEST_LIMITS_H

#include <stddef.h>

/* A limit as text, for messages and the generated schemas:
 * GPD_LIMIT_TEXT(GPD_MAX_RECORDS) is "100000". Only for the limits below
 * that are plain numbers. */
#define GPD_LIMIT_TEXT_(x) #x
#define GPD_LIMIT_TEXT(x) GPD_LIMIT_TEXT_(x)

/* ---- inputs (reaching one is a diagnostic) ---- */

/* Largest file read as input, in MiB: a record, a template, the style,
 * the publication file, the catalogue, a legacy form given to import. A
 * record is a few kilobytes. Over it: `too-large`. */
#define GPD_MAX_FILE_MIB 8
#define GPD_MAX_FILE_BYTES ((size_t)GPD_MAX_FILE_MIB << 20)

/* A Word document (.docx) given to import is a zip archive of at most
 * GPD_MAX_FILE_MIB; of it the importer unpacks only the parts it reads
 * (word/document.xml, styles, numbering), each to at most
 * GPD_MAX_DOCX_PART_MIB and packed at most GPD_MAX_DOCX_RATIO to one (Word
 * packs its XML about 4 to 10 to one; a zip bomb packs a thousand to one),
 * from an archive of at most GPD_MAX_DOCX_ENTRIES entries. Over any of
 * them: an `import` error naming the entry; nothing is unpacked further. */
#define GPD_MAX_DOCX_PART_MIB 8
#define GPD_MAX_DOCX_PART_BYTES ((size_t)GPD_MAX_DOCX_PART_MIB << 20)
#define GPD_MAX_DOCX_RATIO 100
#define GPD_MAX_DOCX_ENTRIES 10000
/* Most tags ('<') in one part, counted before it is parsed: libxml2 keeps
 * about 130 bytes for each element and each text between them, so 8 MiB
 * of "<a/>x", packed 76 to one into 110 KB, took 438 MB. Word's XML is
 * verbose (the forms tests/import/docx writes take 13 to 15 bytes a tag,
 * pandoc's documents 25), so 500,000 tags is a document.xml of 6 MiB or
 * more: thousands of pages, where a form is a few. */
#define GPD_MAX_DOCX_PART_TAGS 500000

/* Most lines a form given to import may have (a Word document's
 * paragraphs, table cells' counted, are its lines). A form is a few
 * hundred lines and its attachment a few thousand; the importer keeps a
 * few hundred bytes for each line, so 8 MiB of one-character lines would
 * take a gigabyte. Over it: an `import` error at the first line past it;
 * nothing is read. */
#define GPD_MAX_IMPORT_LINES 500000

/* Most characters in one free-text field or attachment (1 MiB), the record
 * schema's maxLength: over it, a `limit` error. */
#define GPD_MAX_TEXT_CHARS 1048576

/* Most characters in a one-line field (title, authority, agency, contact;
 * the publication's title and edition titles): over it, `schema`. */
#define GPD_MAX_LINE_CHARS 400
/* A record id: lower-case letters and digits in runs joined by single hyphens. */
#define GPD_MAX_ID_CHARS 80
/* Threads: --jobs takes 1 to GPD_MAX_JOBS; the default is one per core, at most GPD_DEFAULT_MAX_JOBS. */
#define GPD_MAX_JOBS 256
#define GPD_DEFAULT_MAX_JOBS 64

/* Most records one run reads: far above a national collection, low enough
 * that a runaway folder is refused instead of exhausting memory. Over it:
 * `too-many-records`. */
#define GPD_MAX_RECORDS 100000

/* Most bytes of record files one run reads, all files together. A build's
 * peak memory is bounded by about 20 times its input plus 150 MB (README,
 * "Memory"; tests/security/case-05-memory.sh checks it), so this keeps a
 * run within about 10 GB; a bigger input is refused, with a `limit` error
 * naming this limit, from the files' sizes before any is read, instead of
 * being killed by the kernel part way through. */
#define GPD_MAX_INPUT_MIB 512
#define GPD_MAX_INPUT_BYTES ((unsigned long long)GPD_MAX_INPUT_MIB << 20)

/* Deepest CommonMark nesting a renderer sees: block quotes and lists
 * together, and emphasis, links and images together (the PDF layout holds
 * at most this many lists and quotes). Deeper: printed flat, with a
 * `deep-nesting` warning. */
#define GPD_MD_MAX_DEPTH 32

/* Pieces one text (a record's free-text field or attachment, a template)
 * may parse into (md_bound.h, gpd_md_pieces: each run of emphasis marks,
 * each bracket, line end and the like, and the text between them). cmark
 * keeps some 200 to 300 bytes for each while it parses, so a 1 MiB field
 * of "_*_*..." (a million pieces) took 289 MB to build, past the memory
 * bound of 20 x the input + 150 MB; at this many a text stays within it
 * (the worst shape, "_*_*...", 149 MB). Prose is some 100,000 pieces a
 * MiB, and a field of a million characters with every word emphasised
 * 515,000. More: a `limit` error at the field (the template's line 1),
 * before it is parsed. */
#define GPD_MD_MAX_PIECES 500000

/* Work cmark's inline parser may do for one paragraph's brackets: its
 * image openers ('![') times the links it may hold (the fewer of its '['
 * and its ']'): md_bound.h (cmark
 * 0.30 walks back over every open image each time it makes a link, and
 * the Debian 12 library is 0.30.2). 43,690 "![[]()" in a field (256 KiB)
 * took 45 s to build, and the time grows with the square; at this bound a
 * paragraph costs about 0.1 s a parse, and a gallery of 5,000 linked
 * images in one paragraph still reads. More: a `limit` error at the
 * paragraph's line (a record's text or a template), before it is parsed. */
#define GPD_MD_MAX_BRACKET_WORK 50000000

/* Links (annotations) in one PDF edition. Each costs the layout a few
 * hundred bytes held until the file is saved, so text made of nothing but
 * links would otherwise need some 35 times its size; past the limit the
 * rest print as plain text, with one `pdf` warning naming the limit. The
 * Markdown keeps them as links. */
#define GPD_MAX_PDF_LINKS 100000
/* Attributes in one start tag of a record or template file (a record's
 * elements have at most 3): more is an [xml] error before libxml2 reads
 * the file, as its check for a repeated attribute compares each with every
 * earlier one (100,000 attributes, a 1.2 MB file, took 15 s). */
#define GPD_MAX_XML_ATTRIBUTES 64
/* Elements in one record or template file: more is an [xml] error before
 * libxml2 reads the file. A document tree costs a few hundred bytes an
 * element, so 8 MiB of "<a/>x" took 445 MB to validate, past the memory
 * bound (20 x the input + 150 MB); at this many the tree stays within it
 * for any file, and a record of 250,000 criteria still reads. */
#define GPD_MAX_XML_ELEMENTS 500000
/* A reader of records keeps its libxml2 parser context from one file to
 * the next while the context's dictionary (the names and blank runs of
 * every file it has read) holds at most this many bytes: libxml2 refuses
 * to grow one past XML_MAX_DICTIONARY_LIMIT (10 MB), which a new context
 * never nears with a file of GPD_MAX_FILE_BYTES, and a kept one must not
 * either. */
#define GPD_XML_KEEP_DICT_BYTES ((size_t)1 << 20)

/* Combining marks in a row that the PDF shapes as one cluster: Unicode's
 * stream-safe text format (UAX #15) allows 30. A longer run (a record of
 * one letter and 450,000 accents) made HarfBuzz's time grow with the
 * square of the run; past the limit the marks are shaped in runs of this
 * many, not placed on the letter, and a warning says so. */
#define GPD_MAX_MARK_RUN 30

/* Pages in one PDF edition when the style's <limits max-pages="N"/> sets
 * none: more is a `limit` error naming the edition; nothing is written. */
#define GPD_DEFAULT_MAX_PAGES 60000

/* Conditional lines ({{if NAME}} ... {{end}}) nested in one template: an
 * introduction needs two or three. Deeper: a `template` error at the
 * {{if ...}} past it. (template.c keeps one bit a level.) */
#define GPD_MAX_IF_DEPTH 16

/* Diagnostics printed per file; the rest are counted, not printed. */
#define GPD_MAX_XML_ERRORS 5
#define GPD_MAX_SCHEMA_ERRORS 20
#define GPD_MAX_TEMPLATE_ERRORS 20
/* Characters one missing-glyph warning names (those the PDF's fonts lack
 * in one field of a record); the rest are counted, not named. */
#define GPD_MAX_MISSING_GLYPHS_NAMED 8

/* ---- the build's own files (written by gpdigest, read back) ---- */

/* Bytes of a slug with its NUL: the longest name an edition's output takes
 * from an authority (63 characters; long names are cut, then made unique
 * with -2, -3 ...). */
#define GPD_MAX_SLUG_BYTES 64

/* Longest path of an output, relative to the output folder: an edition's
 * output (publication.xml allows 120 characters, and each="..." adds
 * "/slug", up to about 70 more), then for the HTML "/" and a record id
 * (the record schema allows 80) and ".html". A manifest line naming a
 * longer one is refused. */
#define GPD_MAX_OUTPUT_PATH 300

/* Largest output file a build reads back (to hash it or reuse its pages). */
#define GPD_MAX_OUTPUT_BYTES ((size_t)1 << 31)

/* Memory one PDF layout keeps for shaped words (a cache: past it, it is
 * emptied and words are shaped again). */
#define GPD_SHAPE_CACHE_BYTES ((size_t)16 << 20)

/* An allocation of this many bytes or more is mapped on its own and
 * unmapped when freed (mallopt M_MMAP_THRESHOLD, set by the program at
 * its start). glibc's threshold otherwise starts at 128 KiB and rises to
 * the size of each mapped block freed, up to 32 MiB, after which a
 * paragraph's arrays, grown by doubling, are carved from the heap between
 * cmark's small nodes and stay there once freed: a record of six 480 KiB
 * attachments of "_*_*..." held 122 MB of heap at its peak and 212 MB
 * resident, past its bound (20 x the input + 150 MB); set, 149 MB, with
 * no change in the time of a 1,000-record compendium. */
#define GPD_MMAP_THRESHOLD_BYTES ((size_t)1 << 20)

/* An edition rendered from this many record bytes or more gives its freed
 * memory back to the system when it is done (it was freed into its
 * thread's arena, where the next edition, on another thread, could not
 * reuse it). */
#define GPD_TRIM_MIN_BYTES ((size_t)1 << 20)

/* A block the PDF layout held back (until the page it starts on was
 * decided) and whose buffers grew past this gives them back once drawn:
 * the layout holds a few blocks at a time, and each slot would otherwise
 * keep the largest paragraph it ever held. */
#define GPD_HELD_KEEP_BYTES ((size_t)1 << 20)

/* Memory set aside at the start for libxml2 and libharu to finish a call
 * in when memory runs out (mem.h): more than loading a font or compiling
 * the record schema takes. */
#define GPD_MEM_RESERVE_BYTES ((size_t)16 << 20)

/* Largest manifest (out/.gpdigest-manifest) a build reads: about 200,000
 * outputs' lines. */
#define GPD_MAX_MANIFEST_BYTES ((size_t)64 << 20)

#endif
