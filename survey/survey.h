/* survey.h — loading questionnaire exports into an in-memory survey.
 *
 * The survey module turns bytes into a columnar `struct survey`: it detects and
 * converts the encoding (UTF-8 with or without BOM, GB18030) with iconv, splits
 * records with libcsv in strict mode, types every cell through a codebook
 * (roles, value labels, missing codes, ranges, reverse-worded items) and keeps
 * an account of every record it did not load, with file, line, column, value
 * and reason.  Nothing here prints or exits; errors are values.
 *
 * Ownership: functions that return a pointer transfer ownership; free it with
 * the matching `_free()`, which accepts NULL.  `const` arguments are borrowed.
 * A `struct survey` borrows its codebook: keep the codebook alive until the
 * survey is freed.
 *
 * Missing values: every analysed cell is an `int16_t`.  A value is a code (for
 * categorical roles and participation items), a recoded Likert score, or an
 * age in whole years (or, for an age asked as brackets, the bracket's code;
 * for a birth year, the age it gives); SURVEY_MISSING marks a blank cell, a declared missing
 * answer, or (under --lenient) an invalid one.  Weights and durations are
 * doubles, NAN when missing.
 */
#ifndef CANYU_SURVEY_H
#define CANYU_SURVEY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ## Errors */

enum survey_status {
    SURVEY_OK = 0,
    SURVEY_ERR_NOMEM,    /* out of memory */
    SURVEY_ERR_IO,       /* a file could not be opened or read */
    SURVEY_ERR_ENCODING, /* a byte sequence invalid in the file's encoding */
    SURVEY_ERR_CSV,      /* malformed CSV (an unbalanced quote) */
    SURVEY_ERR_CODEBOOK, /* the codebook is malformed */
    SURVEY_ERR_HEADER,   /* the data header does not fit the codebook */
    SURVEY_ERR_BANDS,    /* malformed --age-bands */
    SURVEY_ERR_MARGINS,  /* malformed margins file */
    SURVEY_ERR_EMPTY,    /* no header at all */
    SURVEY_ERR_LIMIT     /* a size canyu does not support */
};

/* Up to this many further problems are kept after an error's first one. */
#define SURVEY_ERROR_MORE 16

/* Where and why an operation failed.  FILE may be empty; LINE is 0 when no line
   applies.  MESSAGE is a complete sentence without the "canyu: FILE:LINE: "
   prefix.

   Most errors are one problem.  An input that is checked as a whole (a
   codebook) names every problem at once: the first in CODE, LINE and
   MESSAGE, the next N_MORE (at most SURVEY_ERROR_MORE) in MORE, each with its
   line in the same FILE, in the order found (line order), and N_OMITTED
   counts those left out.  A caller that prints only MESSAGE still prints the
   first problem; one that prints them all prints MESSAGE, then each entry of
   MORE, then a count of the omitted ones.  A zeroed struct is "no error". */
struct survey_error_entry {
    long line;
    char message[512];
};

struct survey_error {
    enum survey_status code;
    char file[256];
    long line;
    char message[512];
    size_t n_more;
    struct survey_error_entry more[SURVEY_ERROR_MORE];
    size_t n_omitted;
};

/* Fill ERR (if not NULL) with CODE, FILE (may be NULL), LINE and a
   printf-style message, as its only problem (N_MORE and N_OMITTED become 0).
   Always returns -1, so callers can write `return survey_error_set(...)`.
   Other modules use it for their own errors. */
int survey_error_set(struct survey_error *err, enum survey_status code, const char *file,
                     long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Add one problem to ERR (if not NULL): when ERR holds no error yet (CODE is
   SURVEY_OK, as in a zeroed struct) it becomes the first, as survey_error_set
   would make it; otherwise it goes to MORE, or is counted in N_OMITTED when
   MORE is full (CODE and FILE of a further problem are those of the first).
   Always returns -1. */
int survey_error_add(struct survey_error *err, enum survey_status code, const char *file,
                     long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* How many problems ERR names: 0 for no error, else 1 + N_MORE + N_OMITTED. */
size_t survey_error_count(const struct survey_error *err);

/* A short English name for CODE ("out of memory", "encoding error", ...). */
const char *survey_strerror(enum survey_status code);

/* ## Codebook */

enum survey_role {
    ROLE_ID,
    ROLE_YEAR,
    ROLE_SUBDISTRICT,
    ROLE_COMMUNITY,
    ROLE_GENDER,
    ROLE_AGE,
    ROLE_PARTY_MEMBER,
    ROLE_PARTICIPATION,
    ROLE_ACTIVITIES,
    ROLE_BARRIER,
    ROLE_SATISFACTION,
    ROLE_TRUST,
    ROLE_WEIGHT,
    ROLE_DURATION,
    ROLE_TEXT,
    ROLE_IGNORE,
    ROLE_SINGLE,  /* any single-choice question */
    ROLE_MULTI,   /* any multiple-response question in one cell (options joined by
                     ┋, |, ;, ， or 、 as for activities) */
    ROLE_OPTION,  /* one option of a multiple-response question, one column per
                     option (1 chosen, 0 not); its `scale` names the question */
    ROLE_NUMERIC, /* any number (income, years lived); decimals allowed */
    ROLE_LIKERT,  /* a Likert item of any other scale */
    ROLE_SCALE,   /* a row that labels a scale: never a column (survey_codebook.scales) */
    ROLE_BIRTH_YEAR, /* the year of birth: the age is the survey year minus it */
    ROLE_COUNT
};

/* The role's name as written in a codebook ("party_member"), or NULL. */
const char *survey_role_name(enum survey_role role);

/* One value label: CODE is what a cell may hold as a number, TEXT (the
   Chinese label) or TEXT_EN (the English one, `1=男|male`) what it may hold as
   a label (all three map to CODE).  TEXT_EN is "" when not given.  ALIAS
   marks no label but another spelling of CODE, TEXT being the digits of the
   code the codebook wrote before a participation item was recoded (see
   yes_code): a reader of the cells looks it up like a label; anything that
   shows or counts labels skips it. */
struct survey_label {
    int code;
    char *text;
    char *text_en;
    int alias;
};

/* One codebook row, i.e. one questionnaire column. */
struct survey_cbcol {
    char *column; /* header text, trimmed */
    enum survey_role role;
    char *label_zh, *label_en; /* never NULL; may be "" */
    char *scale;               /* Likert roles: the index name (default: role name) */
    int min, max;              /* range; Likert default 1..5 */
    int has_range;             /* min/max were given or defaulted */
    int reverse;               /* reverse-worded Likert item */
    char **missing;            /* answers meaning "missing", trimmed: the column's
                                  own, then those of the file-wide missing row
                                  not already listed (merged when parsed, so a
                                  reader of the codebook need not look at
                                  missing_all) */
    size_t n_missing;
    struct survey_label *values; /* value labels in codebook order, then the
                                    aliases of a recoded participation item */
    size_t n_values;
    /* Participation items: the code the codebook gives yes (1 for every other
       column).  Yes is code 1 when codes 1 and 0 are both listed, else the
       value labelled 是, 有, 参加, 参加过, 参与过 or yes (wjx writes 1=是;2=否).
       The loader and the analysis read code 1 as yes and any other code as no,
       so an item whose yes is another code is recoded when parsed: in VALUES
       (and so in the loaded data) yes has code 1, the value that had code 1
       takes YES_CODE, and each of the two codes as written stays an alias
       (`1=否;2=是` becomes 1=是, 2=否 and the aliases "2" -> 1, "1" -> 2).  If
       no value had code 1, a cell holding 1 then reads as yes too. */
    int yes_code;
    /* Numeric questions: the bounds as given (decimals allowed), valid when
       HAS_RANGE. */
    double dmin, dmax;
    char *note;                  /* the `note` column: the author's remark, never
                                    used; "" when none */
    long line;                   /* line in the codebook file */
};

/* A `scale` row: the labels of a scale's name. */
struct survey_scale_label {
    char *name;               /* the scale's name, as items give it in `scale` */
    char *label_zh, *label_en; /* never NULL; the name when not given */
    long line;
};

struct survey_codebook {
    char *file;  /* the name used in messages; "(built-in codebook)" for the default */
    int builtin; /* 1 for survey_codebook_default()'s */
    struct survey_cbcol *cols;
    size_t n_cols;
    /* The file-wide missing row (`*,missing,,,,,,,-2;-3;(跳过),`): its answers,
       already merged into every column's `missing`, and its line (0: none).
       It is no column: it is not in COLS. */
    char **missing_all;
    size_t n_missing_all;
    long missing_all_line;
    /* The `scale` rows, in codebook order.  They are no columns either. */
    struct survey_scale_label *scales;
    size_t n_scales;
};

/* The label of scale NAME in CB (Chinese, or English when EN), or NAME
   itself when the codebook gives it no `scale` row. */
const char *survey_scale_label(const struct survey_codebook *cb, const char *name, int en);

/* Parse a codebook from TEXT (LEN bytes, UTF-8, optional BOM).  NAME is used
   in error messages.  Returns NULL and fills ERR on a malformed codebook,
   naming every problem at once (ERR's first problem and its MORE entries),
   each with its codebook line: an unknown heading or role (with the nearest
   one suggested), a duplicate column, min > max, malformed value labels, a
   role used twice that may appear once, ...  Invisible characters in the
   names and values quoted are shown as <U+00A0> and the like.  An error that
   stops the reading (a NUL byte, an unbalanced quote, out of memory) ends the
   list. */
struct survey_codebook *survey_codebook_parse(const char *text, size_t len, const char *name,
                                              struct survey_error *err);

/* Read and parse the codebook file PATH. */
struct survey_codebook *survey_codebook_load(const char *path, struct survey_error *err);

/* The built-in default questionnaire (samples/codebook.csv, compiled in). */
struct survey_codebook *survey_codebook_default(struct survey_error *err);

/* The built-in codebook's CSV text, NUL-terminated, and its length. */
const char *survey_codebook_default_text(size_t *len);

struct survey_load_opts;

/* Whether the file PATH carries its own variable labels and value labels
   (SPSS .sav/.zsav/.por, Stata .dta), so that a draft codebook from it
   (survey_codebook_draft_text) can stand for a codebook.  0 for standard input
   and for a file that cannot be read. */
int survey_file_self_describing(const char *path);

/* A draft codebook for the data file PATH ("-": standard input),
   read as survey_load_file() would read it (OPTS: encoding, sheet; NULL for
   the defaults): one row per column with the header as `column` and
   `label_zh`, a role guessed from the header's wording and the answers, the
   answers seen as `values` (Likert wordings in scale order, numbers
   ascending, others in order of first appearance), don't-know answers
   (说不清, 不知道, ...) as `missing`, ranges covering every number seen, and a
   `note` on each guess.  A column that fits no role is kept as text, so the
   draft loads the file it came from.  Returns the draft as a NUL-terminated
   string of *LEN bytes, which the caller frees, or NULL with ERR filled. */
char *survey_codebook_draft_text(const char *path, const struct survey_load_opts *opts,
                                 size_t *len, struct survey_error *err);

void survey_codebook_free(struct survey_codebook *cb);

/* Where column COL of CB is described, for messages: "codebook.csv:7", or
   "line 7 of the built-in codebook".  Written to BUF (SIZE bytes); returns BUF. */
const char *survey_cbcol_place(const struct survey_codebook *cb, const struct survey_cbcol *col,
                               char *buf, size_t size);

/* The index of the first column with ROLE, or -1. */
int survey_codebook_find_role(const struct survey_codebook *cb, enum survey_role role);

/* The (Chinese) label of CODE in column COL, or NULL when COL has no such label. */
const char *survey_cbcol_label(const struct survey_cbcol *col, int code);

/* The English label of CODE in column COL, the Chinese one when none was
   given, or NULL when COL has no such label. */
const char *survey_cbcol_label_en(const struct survey_cbcol *col, int code);

/* Whether S (LEN bytes, compared exactly: trim it first) is the Chinese or
   the English label of one of COL's values, or an alias; then 1 and *CODE
   set, else 0. */
int survey_cbcol_code(const struct survey_cbcol *col, const char *s, size_t len, int *code);

/* ## The in-memory survey */

#define SURVEY_MISSING INT16_MIN

/* One analysed variable.  Every codebook column with an analysed role gives
   one variable, except an `activities` column, which gives one participation
   variable per listed option (code 0, "none of these", gives none), and a
   `multi` column, which gives one ROLE_MULTI variable per listed option
   (every code, 0 included, is an option), named "HEADER[LABEL]", 1 when the
   cell lists the option, 0 when it does not, SURVEY_MISSING when the cell is
   missing.  An `option` column is one ROLE_OPTION variable: 1 chosen, 0 not,
   SURVEY_MISSING blank or missing; the columns sharing its `scale` are one
   question.  A
   `birth_year` column gives the age variable (role ROLE_AGE, the age in
   whole years: the survey year minus the birth year, see
   survey_load_opts.year); an `age` column with values (brackets) gives
   the bracket's code (survey_bands_from_codebook). */
struct survey_var {
    char *name;                       /* the column, or "HEADER[LABEL]" for an option */
    enum survey_role role;            /* ROLE_PARTICIPATION for an activities option */
    const struct survey_cbcol *col;   /* the codebook row (borrowed) */
    int option;                       /* the option's code for an activities or
                                         multi option, else 0 */
    const char *label_zh, *label_en;  /* the item's labels (borrowed) */
    int16_t *v;                       /* one value per loaded respondent; for a
                                         numeric question 1 when answered, else
                                         SURVEY_MISSING (the value is in D) */
    double *d;                        /* numeric questions: the answers (NAN
                                         missing); NULL for every other role */
    /* The categories of a categorical variable: the codebook's values, or
       for a `single` question without them, those found in the data (after
       survey_finish: numeric order when every answer is a number, each
       coded by it, else order of first appearance coded 1, 2, ...; then
       FROM_DATA is 1).  Aliases are never among them for FROM_DATA. */
    const struct survey_label *values;
    size_t n_values;
    int from_data;
};

enum survey_encoding { SURVEY_ENC_AUTO, SURVEY_ENC_UTF8, SURVEY_ENC_GB18030 };

/* "utf-8", "gb18030" or "auto". */
const char *survey_encoding_name(enum survey_encoding enc);

/* Why a record was excluded or flagged.  Rejections exclude the record;
   warnings do not. */
enum survey_reason {
    REASON_FIELD_COUNT,     /* reject: wrong number of fields */
    REASON_INVALID_VALUE,   /* reject: not a listed code or label, not a number */
    REASON_OUT_OF_RANGE,    /* reject: a number outside min..max */
    REASON_DUPLICATE_ID,    /* reject: the id was seen earlier */
    REASON_MISSING_ID,      /* reject: a blank id */
    REASON_LENIENT_MISSING, /* warning: invalid value made missing (--lenient) */
    REASON_SPEEDER,         /* warning: answered much faster than the rest */
    REASON_STRAIGHT_LINER,  /* warning: the same answer to every Likert item */
    REASON_UNKNOWN_COLUMN,  /* warning: a data column the codebook does not name */
    REASON_COUNT
};

/* Whether REASON excludes the record. */
int survey_reason_rejects(enum survey_reason reason);
/* A short English phrase for REASON ("wrong number of fields"). */
const char *survey_reason_text(enum survey_reason reason);
/* A stable identifier ("field_count", "duplicate_id"). */
const char *survey_reason_key(enum survey_reason reason);

/* One rejected record or one warning.  COLUMN and VALUE may be "" (a record
   with the wrong field count has no single column).  RECORD is the record as
   it was, in UTF-8 CSV without its line terminator (rejections only, else ""). */
struct survey_problem {
    enum survey_reason reason;
    const char *file;   /* the file's `where`: "data.csv", "data.xlsx:Sheet1" */
    long line;
    const char *column;
    const char *value;
    const char *detail; /* the reason in full: "outside 16..100", "wrong number of
                           fields: expected 31, found 30" */
    const char *record;
};

struct survey_file_info {
    char *name;
    char *where;                   /* what messages and problems name: NAME, or
                                      NAME:SHEET for a spreadsheet (then a line
                                      is the sheet's row) */
    const char *format;            /* "csv", "xlsx", "xls", "sav", "zsav", "por" or "dta" */
    char *sheet;                   /* xlsx: the sheet read; NULL otherwise */
    enum survey_encoding encoding; /* as detected or given; UTF8 for xlsx */
    const char *encoding_name;     /* SPSS/Stata: the file's own encoding, else NULL
                                      (then survey_encoding_name(encoding)) */
    int bom;
    long rows_read, rows_loaded, rows_excluded;
    long blank;                    /* blank records: read, never loaded nor excluded */
    int halves;                    /* 2 when read in two halves at once, else 1 */
    /* Codebook columns this file lacks (only with absent_columns_ok): their
       values are missing for its respondents. */
    const struct survey_cbcol **absent;
    size_t n_absent;
};

struct survey {
    const struct survey_codebook *cb;
    size_t n;                 /* loaded respondents */
    struct survey_var *vars;  /* analysed variables, in codebook order */
    size_t n_vars;
    double *weight;           /* per respondent, or NULL when the codebook has no weight */
    double *duration;         /* seconds per respondent (NAN missing), or NULL */
    struct survey_file_info *files;
    size_t n_files;
    /* Records read after the header: rows_read = rows_loaded + rows_excluded
       + blank, for the survey and for each file.  A blank record (every field
       empty after trimming, or an empty line) is never a respondent, never
       an error and never listed in problems. */
    long rows_read, rows_loaded, rows_excluded;
    long blank;
    long warnings;            /* invalid values made missing under --lenient */
    long speeders, straight_liners;
    struct survey_problem *problems; /* rejections and warnings, in input order */
    size_t n_problems;
    struct survey_impl *impl; /* internal */
};

struct survey_load_opts {
    enum survey_encoding encoding; /* SURVEY_ENC_AUTO by default */
    int lenient;                   /* invalid values become missing */
    size_t chunk_size;             /* bytes per read; 0 = 256 KiB */
    double min_duration;           /* speeders: also under this many seconds; 0 = off */
    int absent_columns_ok;         /* a codebook column missing from a file is "not
                                      asked" (values missing, listed in the file's
                                      info) instead of an error: for yearly waves
                                      whose questionnaires differ */
    const char *sheet;             /* xlsx: the sheet to read by name; NULL for the
                                      first in tab order */
    int year;                      /* the survey year for a `birth_year` column when
                                      a respondent's `year` cell is missing or the
                                      codebook has no `year` column; 0 = none (then a
                                      codebook with birth_year and no year column is
                                      an error, SURVEY_ERR_CODEBOOK, naming its line) */
    int threads;                   /* 0: two halves of a large file (8 MiB or more)
                                      at once on a machine with two processors or
                                      more; 1: one; 2: two whenever the input can be
                                      cut (the result is the same) */
    /* Called as reading goes on, from the loading thread: bytes read of the
       current input, and its size (0 when unknown, as for a pipe). */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
};

/* A new empty survey typed by CB (borrowed).  NULL when out of memory. */
struct survey *survey_new(const struct survey_codebook *cb);
void survey_free(struct survey *s);

/* Append the records of the file PATH ("-" for standard input).  Returns 0,
   or -1 with ERR filled on an error that stops the file (unreadable, invalid
   encoding, malformed CSV, a header that does not fit the codebook).  Records
   rejected by the loading rules are not errors: they are counted and listed
   in s->problems. */
int survey_load_file(struct survey *s, const char *path, const struct survey_load_opts *opts,
                     struct survey_error *err);

/* The same for LEN bytes in memory; NAME names them in messages. */
int survey_load_mem(struct survey *s, const char *name, const char *data, size_t len,
                    const struct survey_load_opts *opts, struct survey_error *err);

/* After the last file: flag speeders and straight-liners (these need every
   respondent).  Returns 0 or -1 when out of memory. */
int survey_finish(struct survey *s, const struct survey_load_opts *opts);

/* The first variable with ROLE, or NULL. */
const struct survey_var *survey_var_by_role(const struct survey *s, enum survey_role role);
/* The variable named NAME, or NULL. */
const struct survey_var *survey_var_by_name(const struct survey *s, const char *name);

/* The index of the name among CAND[0..N) nearest to S as a reader sees them
   (the edit distance after trimming and NFKC case folding, survey/suggest.c),
   the first of equals; -1 when none is near enough to suggest.  For "did you
   mean" hints in other modules' messages. */
int survey_nearest(const char *s, const char *const *cand, size_t n);

/* Write the rejected records as CSV (UTF-8): file, line, column, value, reason,
   then the record's own fields.  Returns 0 or -1 on a write error. */
int survey_write_rejects(const struct survey *s, FILE *out);

/* ## Margins for raking */

struct survey_margin {
    char *variable;      /* "age_group" or a categorical role name */
    char *category;      /* label or code as written */
    double share;
    long line;           /* in the margins file */
};

struct survey_margins {
    char *file;
    struct survey_margin *m;
    size_t n;
};

/* Read a margins file (CSV: variable,category,share).  Returns 0, or -1 with
   ERR filled (file and line) on a malformed file. */
int survey_margins_load(const char *path, struct survey_margins *out, struct survey_error *err);
void survey_margins_free(struct survey_margins *m);

/* ## Age bands */

/* The age groups, of one of two kinds: ranges of ages in years (from
   --age-bands), or the brackets an `age` column lists as its values (the
   question asked "18-29岁, 30-39岁, ..."), whose cells hold the bracket's
   code.  Everything that groups by age asks survey_bands_find and shows
   LABEL, whichever kind it is. */
struct survey_band {
    int lo, hi;      /* ranges: inclusive; hi = INT_MAX for an open band "60-" */
    int code;        /* brackets: the value's code */
    char label[96];  /* "18-34", "60+", or the bracket's label ("60岁及以上") */
};

struct survey_bands {
    struct survey_band *band;
    size_t n;
    int coded;       /* 1: brackets, matched by CODE; 0: ranges, by LO..HI */
};

/* Parse "18-34,35-59,60-".  Bands must be ordered, non-overlapping, lo <= hi.
   Returns 0, or -1 with ERR filled. */
int survey_bands_parse(const char *spec, struct survey_bands *out, struct survey_error *err);
/* The age column of CB when it lists brackets (an `age` row with values),
   else NULL. */
const struct survey_cbcol *survey_codebook_age_brackets(const struct survey_codebook *cb);
/* The brackets of CB's age column as age groups, in codebook order, each
   labelled with its Chinese label, or when EN its English one (the Chinese
   when none was given).  Returns 0, or -1 with ERR filled (out of memory, or
   SURVEY_ERR_BANDS when CB's age lists no brackets). */
int survey_bands_from_codebook(const struct survey_codebook *cb, int en, struct survey_bands *out,
                               struct survey_error *err);
void survey_bands_free(struct survey_bands *b);
/* The band index of AGE (an age, or a bracket's code for coded bands), or
   -1 when AGE is missing or in no band. */
int survey_bands_find(const struct survey_bands *b, int age);

#define SURVEY_DEFAULT_BANDS "18-29,30-39,40-49,50-59,60-69,70-"

/* ## Synthetic samples (survey/sample.c) */

enum survey_sample_style {
    SAMPLE_CODED,   /* the default codebook's columns, answers as codes */
    SAMPLE_PLATFORM /* an online-platform text export: Chinese question headers,
                       option text, one multiple-choice activities column,
                       durations as "N分M秒", a metadata column */
};

struct survey_sample_opts {
    long respondents;   /* default 1200 */
    unsigned long seed; /* default 1 */
    int year;           /* default 2024 */
    enum survey_sample_style style;
};

/* Write a synthetic Boli County survey as UTF-8 CSV.  The same options give
   the same bytes; the two styles give the same respondents.  Returns 0, or -1
   on a write error. */
int survey_sample_write(FILE *out, const struct survey_sample_opts *opts);

/* ## Subsets of respondents (survey/subset.c) */

/* Respondents of the survey FROM (borrowed): ROWS[0..N), each below FROM->n,
   in that order (repeats allowed); or, when ROWS is NULL, all of them in
   order (N is then ignored). */
struct survey_pick {
    const struct survey *from;
    const size_t *rows;
    size_t n;
};

/* What survey_subset leaves out, when asked: the weights (WEIGHT is then
   NULL, so that an analysis of the subset is unweighted) and the durations. */
enum { SURVEY_SUBSET_NO_WEIGHTS = 1, SURVEY_SUBSET_NO_DURATIONS = 2 };

/* A new survey of the respondents of PICKS[0..N_PICKS), one pick after
   another: every variable's cells, numeric answers, weights and durations
   copied (but what FLAGS leaves out), typed by the picks' one codebook,
   which the subset borrows as they do.  The categories of a question
   without values are those of the surveys picked from; from several
   surveys, merged as loading them together would have (docs/codebook.md)
   and recoded to match.  The subset read no file: it has no files and no
   problems, rows_read = rows_loaded = n, and nothing excluded, blank or
   flagged.  It is finished; load no file into it.  Free it with
   survey_free(); the surveys picked from may go first.  Returns NULL with
   ERR filled when N_PICKS is 0 (SURVEY_ERR_EMPTY), the surveys have
   different codebooks (SURVEY_ERR_HEADER), a row is beyond its survey
   (SURVEY_ERR_LIMIT), or out of memory (SURVEY_ERR_NOMEM). */
struct survey *survey_subset(const struct survey_pick *picks, size_t n_picks, unsigned flags,
                             struct survey_error *err);

#endif
