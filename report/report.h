/* report.h — rendering results as text tables and charts, Markdown, CSV and
 * HTML.
 *
 * The report module formats values it is given; it never computes a
 * statistic.  An analysis describes its output as data — a `struct
 * report_table` of classed cells, or a chart (`struct report_bars`,
 * `struct report_likert`, `struct report_trend`) — and one call renders it to
 * a `FILE *` in the format and style that `struct report_options` asks for.
 * The module alone decides decimals (report_number_format), display widths
 * (report_width: CJK characters take two columns), borders and glyphs.
 * Labels arrive already translated: the language is the caller's business.
 * JSON output lives apart, in report/json.h, and the CSV that the commands
 * write, made from that JSON, in report/csv_results.h.
 *
 * A whole report is a `struct report_doc`: sections of blocks (headings,
 * lists of sentences, tables, charts) built first, then rendered by one
 * backend per format.  Builders latch failure: a table or chart one of whose
 * builders failed, or a document one of whose blocks did, is refused by the
 * renderer (-1), so a report is whole or an error even where a caller did not
 * check every return.
 *
 * Ownership: functions that return a pointer transfer ownership; free it with
 * the matching `_free()`, which accepts NULL.  `const` arguments are borrowed:
 * builders copy every string and array they are given.  Builders return 0, or
 * -1 when out of memory (the object is then unchanged and still valid, and
 * marked failed).
 * Renderers return 0, or -1 when out of memory or when OUT reports a write
 * error.
 *
 * Glyphs: by default tables are drawn with box-drawing characters and charts
 * with block elements.  Those characters are East Asian "ambiguous" width:
 * terminals with CJK fonts often draw them two columns wide, which breaks
 * alignment.  So with `ascii` set, or with `ambiwidth` 2, every border, bar,
 * mark and ellipsis is drawn with ASCII (`+-|`, `#`, `...`): characters whose
 * width no terminal disputes.  Labels are never altered; with ambiwidth 2 the
 * ambiguous characters they hold are counted two columns wide.
 */
#ifndef CANYU_REPORT_H
#define CANYU_REPORT_H

#include <stddef.h>
#include <stdio.h>

/* ## Options */

enum report_format {
    REPORT_FORMAT_TEXT,     /* aligned plain text for a terminal or a .txt file */
    REPORT_FORMAT_MARKDOWN, /* GitHub pipe tables; charts as fenced text blocks */
    REPORT_FORMAT_CSV,      /* tidy rows of the tables shown: see "CSV" below */
    REPORT_FORMAT_HTML,     /* HTML: three-line tables, SVG charts; see "HTML" */
    REPORT_FORMAT_XLSX      /* an Excel workbook: documents only, see "Excel" below */
};

/* How to render.  A zeroed struct is valid: text, no width limit for tables,
   Unicode glyphs, ambiguous characters one column wide, empty section. */
struct report_options {
    enum report_format format;
    /* Maximum line width in columns.  Tables wrap labels and headers to fit
       (a table whose numbers alone are wider is drawn wider); charts truncate
       labels with an ellipsis and shorten bars.  0: tables are not limited
       and charts are REPORT_CHART_WIDTH wide. */
    size_t width;
    int ascii;           /* nonzero: only ASCII in borders, bars and marks */
    int ambiwidth;       /* 1 or 2 (0 means 1): see "Glyphs" above */
    const char *section; /* CSV: the first field of every row; NULL = "" */
};

/* Width of a chart when struct report_options.width is 0. */
#define REPORT_CHART_WIDTH 80

/* ## Display width */

/* Columns a terminal uses to show the UTF-8 string UTF8: 2 for East Asian
   wide and fullwidth characters, 0 for combining marks and control
   characters, AMBIWIDTH (1 or 2) for East Asian ambiguous characters, 1 for
   the rest.  A byte that is not valid UTF-8 counts 1. */
size_t report_width(const char *utf8, int ambiwidth);

/* A copy of UTF8 cut to at most WIDTH columns.  When the text does not fit
   (or holds a newline, where it is cut) the copy ends in "…" ("..." when
   ASCII is nonzero) within the WIDTH; combining marks stay with their base
   character.  NULL when out of memory. */
char *report_truncate(const char *utf8, size_t width, int ambiwidth, int ascii);

/* Where to break UTF8 to wrap it at WIDTH columns (WIDTH >= 1).  Returns the
   length in bytes of the first line (without the spaces where it breaks) and
   sets *NEXT to the offset where the following line starts; *NEXT is the
   length of UTF8 after the last line.  Lines break at a newline, else at the
   last space or the last place next to a wide (CJK) character that lets the
   line fit (Chinese breaks between any two characters), never before closing
   punctuation such as "，" or "）" and never before a combining mark; a word
   longer than WIDTH is cut.  A single character wider than WIDTH makes a line
   of its own. */
size_t report_wrap(const char *utf8, size_t width, int ambiwidth, size_t *next);

/* ## Numbers */

/* What a number is, which decides how it prints.  One class per cell. */
enum report_cell_class {
    REPORT_CELL_EMPTY,          /* nothing: a blank cell */
    REPORT_CELL_TEXT,           /* the cell's text, not a number */
    REPORT_CELL_COUNT,          /* integer without separators: "1234" */
    REPORT_CELL_PERCENT,        /* a share 0..1 as a percentage: "42.3%" */
    REPORT_CELL_PERCENT_CHANGE, /* a difference of shares, signed percentage
                                   points without a unit: "+3.2", "-0.8" */
    REPORT_CELL_MEAN,           /* means, SDs, index scores: "3.46" */
    REPORT_CELL_MEAN_CHANGE,    /* a difference of means, signed: "+0.25" */
    REPORT_CELL_STAT,           /* test statistics, coefficients, correlations,
                                   alpha: "12.345", "-0.072" */
    REPORT_CELL_PVALUE,         /* "<0.001" below 0.001, else "0.042" */
    REPORT_CELL_RATIO           /* odds ratios, design effects: "1.85" */
};

/* Size of a buffer that holds any formatted number. */
#define REPORT_NUMBER_SIZE 32

/* Format VALUE as class CLS into BUF (SIZE bytes; REPORT_NUMBER_SIZE always
   suffices) and return BUF.  Rounding is half away from zero on the decimal
   value (0.9995 as PERCENT is "100.0%"); a value that rounds to zero never
   shows a minus sign.  NaN and infinities print "—" ("-" when ASCII is
   nonzero), never "nan" or "inf".  EMPTY and TEXT give "". */
char *report_number_format(char *buf, size_t size, double value,
                           enum report_cell_class cls, int ascii);

/* ## Tables */

/* A mark beside a number: whether it changed significantly since the
   previous wave.  SAME marks a number of a marked column that did not. */
enum report_mark { REPORT_MARK_NONE, REPORT_MARK_SAME, REPORT_MARK_UP, REPORT_MARK_DOWN };

/* One cell: a number with its class (and perhaps a mark), or text. */
struct report_cell {
    double value;
    enum report_cell_class cls; /* EMPTY until set */
    char *text;                 /* owned; set for TEXT cells only */
    enum report_mark mark;      /* numbers only */
};

/* One row: a label and NCOLS cells, or a group header (IS_GROUP: a label
   alone, under which the following rows are indented, until the next group
   header). */
struct report_row {
    char *label;
    int is_group;
    struct report_cell *cells; /* NCOLS cells; NULL for a group header */
};

/* A table: a column of row labels (the stub) and NCOLS data columns.  Read
   the fields freely; change them through the functions below.  Columns of
   numbers are right-aligned, the stub and columns of text left-aligned. */
struct report_table {
    char *title;        /* may be NULL */
    char *stub;         /* header of the row-label column; NULL = blank */
    size_t ncols;
    char **columns;     /* NCOLS headers; NULL = blank */
    size_t nrows;
    struct report_row *rows;
    char *note;         /* a footnote printed under the table; may be NULL */
    size_t cap;         /* allocated rows */
    int failed;         /* a builder below failed (out of memory, a bad
                           position): the table is incomplete */
};

/* A table titled TITLE (NULL for none) with NCOLS data columns and no rows.
   NULL when out of memory. */
struct report_table *report_table_new(const char *title, size_t ncols);
void report_table_free(struct report_table *t);

/* Set the header of the stub, of data column COL (< NCOLS), or the footnote. */
int report_table_set_stub(struct report_table *t, const char *label);
int report_table_set_column(struct report_table *t, size_t col, const char *label);
int report_table_set_note(struct report_table *t, const char *note);

/* Append a row labelled LABEL with every cell EMPTY; it is row t->nrows - 1. */
int report_table_add_row(struct report_table *t, const char *label);
/* Append a group header. */
int report_table_add_group(struct report_table *t, const char *label);

/* Set the cell at ROW, COL (ROW not a group header) to VALUE of class CLS
   (not TEXT), or to a copy of TEXT.  Returns -1 also for a bad position. */
int report_table_set_cell(struct report_table *t, size_t row, size_t col,
                          double value, enum report_cell_class cls);
int report_table_set_text(struct report_table *t, size_t row, size_t col,
                          const char *text);
/* Mark the number at ROW, COL.  Text and Markdown write a marked number
   followed by ▲ or ▼ (ASCII + or -), the numbers of a column's marked cells
   padded to one width so that they line up on their last digit with the
   marks in one column; HTML and xlsx keep the number a number with the mark
   beside it; CSV writes the number alone. */
int report_table_set_mark(struct report_table *t, size_t row, size_t col, enum report_mark mark);

/* Render T.  Text: a bordered grid whose lines all have the same display
   width, the title above and the note below; headers, labels and text
   cells wrap to fit the width.  Markdown: the title in bold, a pipe table,
   group headers in bold.  CSV: one row per non-empty cell. */
int report_table_render(const struct report_table *t, const struct report_options *o,
                        FILE *out);

/* ## Charts
 *
 * A chart titles itself, draws every bar on one scale from zero, and prints
 * the numbers it draws.  Markdown wraps the text chart in a ```text fence
 * under its bold title; CSV gives the numbers as tidy rows.  Values below
 * zero are drawn as zero; NaN draws nothing and prints "—". */

/* Horizontal bars, one per category, each with an optional 95% CI (drawn as
   a whisker ├──┼──┤ on the line under the bar, and printed) and its n. */
struct report_bar {
    char *label;
    double value, ci_low, ci_high; /* bounds NaN: no CI */
    double n;                      /* NaN: not shown */
};

struct report_bars {
    char *title;                 /* may be NULL */
    enum report_cell_class cls;  /* how values print: PERCENT for shares */
    double max;                  /* end of the scale; 0 = a round number at or
                                    above every value and bound */
    size_t n, cap;
    struct report_bar *bars;
    int failed;                  /* an add failed: the chart is incomplete */
};

/* An empty chart titled TITLE (NULL for none) whose values are of class CLS.
   NULL when out of memory. */
struct report_bars *report_bars_new(const char *title, enum report_cell_class cls);
void report_bars_free(struct report_bars *b);
int report_bars_add(struct report_bars *b, const char *label, double value,
                    double ci_low, double ci_high, double n);
int report_bars_render(const struct report_bars *b, const struct report_options *o,
                       FILE *out);

/* Diverging Likert bars: per item, the shares of levels 1..K.  Levels below
   the middle extend left of a centre line, levels above it right; with K
   odd the middle (neutral) level is split evenly across the line.  Every
   level has its own fill, named in a legend; the share below the middle is
   printed at the left of the bar, the share above it at the right. */
struct report_likert_item {
    char *label;
    double *shares; /* K shares, normally summing to 1 */
    double n;       /* NaN: not shown */
};

struct report_likert {
    char *title;   /* may be NULL */
    size_t k;      /* levels, >= 2 */
    char **levels; /* K level labels for the legend, lowest first */
    size_t n, cap;
    struct report_likert_item *items;
    int failed;    /* an add failed: the chart is incomplete */
};

/* The most levels a chart draws one by one; an item with more is drawn in
   bins of neighbouring levels (report_likert_bins). */
#define REPORT_LIKERT_MAX 11

/* A chart of K levels (2 <= K <= REPORT_LIKERT_MAX) labelled
   LEVELS[0..K-1].  NULL when out of memory or K is outside that range. */
struct report_likert *report_likert_new(const char *title, size_t k,
                                        const char *const *levels);
/* How to draw LEVELS levels: returns the number of bins B, and FIRST[0..B]
   (REPORT_LIKERT_MAX + 1 entries) receives the first level (from 0) of each
   bin, FIRST[B] = LEVELS.  Up to REPORT_LIKERT_MAX levels each level is its
   own bin; beyond, neighbouring levels are grouped into 5 bins (an odd
   number of levels) or 6 (an even number), as equal as can be and
   symmetric about the middle, so that the middle bin holds the middle
   level and the chart still diverges from it.  0 for LEVELS < 2. */
size_t report_likert_bins(size_t levels, size_t *first);
void report_likert_free(struct report_likert *l);
/* Add an item with its K SHARES (each share of answers at that level). */
int report_likert_add(struct report_likert *l, const char *label,
                      const double *shares, double n);
int report_likert_render(const struct report_likert *l, const struct report_options *o,
                         FILE *out);

/* A trend over waves: per series (a rate, an index), one bar per wave, all
   on one scale, so a change reads as a change in length. */
struct report_series {
    char *label;
    double *values; /* NWAVES values; NaN: no data for that wave */
};

struct report_trend {
    char *title;                /* may be NULL */
    enum report_cell_class cls; /* how values print */
    double max;                 /* as for struct report_bars */
    size_t nwaves;
    char **waves;               /* NWAVES wave labels, oldest first */
    size_t n, cap;
    struct report_series *series;
    int failed;                 /* an add failed: the chart is incomplete */
};

/* A chart of NWAVES >= 1 waves labelled WAVES.  NULL when out of memory. */
struct report_trend *report_trend_new(const char *title, enum report_cell_class cls,
                                      size_t nwaves, const char *const *waves);
void report_trend_free(struct report_trend *t);
/* Add a series with its NWAVES VALUES. */
int report_trend_add(struct report_trend *t, const char *label, const double *values);
int report_trend_render(const struct report_trend *t, const struct report_options *o,
                        FILE *out);

/* ## Headings and prose */

/* A section heading of LEVEL 1 or 2.  Text: the title over a rule of '='
   (level 1) or '-' (level 2); Markdown: "#" or "##"; CSV: nothing. */
int report_heading_render(const char *title, int level, const struct report_options *o,
                          FILE *out);

/* A bulleted list of N sentences (findings, notes).  Text: "- " bullets with
   the lines wrapped to the width and indented under the bullet; Markdown: a
   list; CSV: one row per item (column "text"). */
int report_list_render(const char *const *items, size_t n,
                       const struct report_options *o, FILE *out);

/* ## Documents
 *
 * A document is a list of sections, each a key (the CSV rows' first field:
 * "participation"), a title, and the blocks under it.  Blocks own what they
 * hold.  Rendering walks the blocks with the backend of the format asked for:
 * text, Markdown and CSV render block by block as the functions above do. */

enum report_block_kind {
    REPORT_BLOCK_HEADING, /* TEXT at LEVEL 1 (a section's title) or 2 */
    REPORT_BLOCK_LIST,    /* ITEMS: sentences (findings, notes) */
    REPORT_BLOCK_TABLE,
    REPORT_BLOCK_BARS,
    REPORT_BLOCK_LIKERT,
    REPORT_BLOCK_TREND
};

struct report_block {
    enum report_block_kind kind;
    size_t section;      /* index in the document's sections */
    int level;           /* HEADING */
    char *text;          /* HEADING */
    char **items;        /* LIST: N_ITEMS sentences */
    size_t n_items;
    struct report_table *table;
    struct report_bars *bars;
    struct report_likert *likert;
    struct report_trend *trend;
};

struct report_section {
    char *key;   /* stable identifier: "findings", "participation", ... */
    char *title; /* the first level-1 heading under it, or NULL */
};

struct report_doc {
    char *title; /* the document's own title (HTML <title>, workbook) */
    char *lang;  /* "zh" or "en" */
    struct report_section *sections;
    size_t n_sections, cap_sections;
    struct report_block *blocks;
    size_t n_blocks, cap_blocks;
    int failed;  /* a block could not be added, or was incomplete */
};

/* An empty document.  NULL when out of memory. */
struct report_doc *report_doc_new(const char *title, const char *lang);
void report_doc_free(struct report_doc *d);

/* Start a section KEY: the blocks added from now on belong to it. */
int report_doc_section(struct report_doc *d, const char *key);
/* Add a heading; the first level-1 heading of a section is its title. */
int report_doc_heading(struct report_doc *d, const char *title, int level);
/* Add a list of N sentences (copied). */
int report_doc_list(struct report_doc *d, const char *const *items, size_t n);
/* Add a table or chart, taking ownership (it is freed with the document, or
   at once on failure).  NULL, or an object one of whose builders failed,
   marks the document failed. */
int report_doc_table(struct report_doc *d, struct report_table *t);
int report_doc_bars(struct report_doc *d, struct report_bars *b);
int report_doc_likert(struct report_doc *d, struct report_likert *l);
int report_doc_trend(struct report_doc *d, struct report_trend *t);

/* Render D in O's format to OUT.  Returns 0, or -1 when D failed, when out
   of memory or when OUT reports a write error. */
int report_doc_render(const struct report_doc *d, const struct report_options *o, FILE *out);

/* ## HTML
 *
 * A document in HTML is one self-contained page: <!DOCTYPE html>, UTF-8,
 * inline CSS, no script and nothing fetched from elsewhere (no font, image
 * or link outside the page).  The document's title is the <title> and the
 * <h1>; a table of contents links to every titled section; each section is a
 * <section> whose id is its key (when the key is a plain name: letters,
 * digits, '-' and '_', not used before; else "section-N"), starting a new
 * page in print (A4).  Level-1 headings are <h2>, level-2 <h3>, lists <ul>.
 * Tables are three-line tables (a thick rule above the header and under the
 * last row, a thin one under the header, no vertical rule): the title is the
 * caption above, the note a paragraph below, numbers right-aligned as the
 * text table formats them, group headers a row of their own with the rows
 * under them indented.  Each chart is one <figure> holding one inline
 * <svg role="img"> with the chart's title as its <title> and caption: bars
 * with their CI as whiskers, diverging Likert bars with a legend, trends as
 * lines over the waves.  Every caller's string is escaped.  The block
 * renderers above, given REPORT_FORMAT_HTML, write the block's fragment
 * alone (no page around it). */
/* ## Excel
 *
 * REPORT_FORMAT_XLSX renders documents only (report_doc_render; the block
 * renderers above return -1 for it) and writes the bytes of an .xlsx file,
 * going through a temporary file in $TMPDIR (else /tmp) that is removed
 * afterwards.  One worksheet per section, named after its title (Excel's
 * rules: at most 31 characters, none of []:*?/\, unique); the workbook's
 * title property is the document's title.  Every table is a three-line
 * table: a thick rule above the header row, a thin one under it, a thick one
 * under the last row, no vertical rules; its title in bold above it, its
 * note below it.  Rows under a group header are indented.  Numbers are
 * stored unrounded, with a number format per class (shares stay fractions
 * shown as percentages, differences of shares too, signed: "+3.2%"; p values
 * below 0.001 show "<0.001"); NaN is an empty cell.  A chart is written as its data (a table) with a native Excel chart
 * beside it: bars as dots with their 95% CI drawn as whiskers (high-low
 * lines between two series of the bounds), Likert distributions as 100%
 * stacked bars in colours diverging from the neutral level, trends as lines
 * over the waves.  Width, ASCII and ambiwidth do not apply. */

/* ## CSV
 *
 * `canyu report -f csv` and `canyu compare -f csv` are not rendered from the
 * document: they are every figure of the JSON output, one row each, named by
 * the JSON keys (report_csv_results, report/csv_results.h).  What follows is
 * the CSV of a document's blocks as they are displayed, for a caller of the
 * library who wants the tables it sees.
 *
 * A document is one CSV table of tidy rows
 *
 *     section,table,group,row,column,value
 *
 * where TABLE is the table's or chart's title, GROUP the current group header
 * (a chart of several series: the series), ROW the row label and COLUMN the
 * column label (charts: "value", "ci_low", "ci_high", "n", a level label or a
 * wave label).  VALUE is the number at full precision ("%.15g"; shares stay
 * 0..1), the text of a TEXT cell, or empty for NaN.  Fields are quoted as RFC
 * 4180 says (a field holding a comma, quote, CR or LF is enclosed in quotes,
 * quotes doubled); lines end in LF.  Write the header once, then render every
 * block with format REPORT_FORMAT_CSV. */
int report_csv_header(FILE *out);

#endif
