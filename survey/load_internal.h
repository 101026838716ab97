/* load_internal.h — what the loader's sources share.  Only the survey/ sources
 * include this file.
 *
 * The loader is cut along its seams, one file each:
 *   load.c      survey_new/free, header matching, the record sink ld_record(),
 *               reader dispatch and the load entry points
 *   rows.c      the per-respondent arrays: room, growth, the memory check
 *   cells.c     typing one cell (codes, labels, numbers, activities, the
 *               platforms' spellings) and the table that types short cells
 *               in advance
 *   age.c       the age from a birth year and the survey year
 *   ids.c       the set of ids seen (a repeated id) and each respondent's line
 *   problems.c  rejections and warnings, and the --rejects file
 *   quality.c   speeders and straight-liners, after the last file
 *   source.c    bytes from memory, a regular file or a stream
 *   split.c     a large file read in two halves at once
 *
 * Ownership is as in survey.h: everything here belongs to the survey whose
 * `impl` holds it, and is freed by survey_free().  Functions returning int
 * return 0, or -1 when out of memory, unless they say otherwise.
 */
#ifndef CANYU_SURVEY_LOAD_INTERNAL_H
#define CANYU_SURVEY_LOAD_INTERNAL_H

#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

/* ## Columns and cells */

/* A looked-up text that is a declared missing answer. */
#define MISSING_MARK INT_MIN
/* colinfo.small: the number is no key of the column's look-up. */
#define SMALL_NONE (INT_MIN + 1)

/* Cells of at most two characters, typed in advance: the empty cell at
   [0], one byte B at [1 + B], two digits "DE" at [FAST_TWO + 10 D + E].  A
   value is what the cell stores; FAST_SLOW sends the cell through
   ld_parse_cell (an error to report, or nothing known in advance). */
enum { FAST_ONE = 1, FAST_TWO = 257, FAST_SIZE = 357 };
#define FAST_SLOW INT32_MIN

/* What the loader knows about one codebook column. */
struct colinfo {
    struct strmap lookup; /* label or missing answer -> code or MISSING_MARK */
    int small[256];       /* what lookup says of "-128".."127": most cells are
                             such codes, so they skip the hash (SMALL_NONE: not
                             a key) */
    int var;              /* the first variable it feeds, or -1 */
    int nvar;             /* 1, or the options of an activities column */
    int none_code;        /* activities: has a "none of these" code 0 */
    int32_t *fast;        /* FAST_SIZE entries for one-variable columns, or NULL */
    struct ld_dyn *dyn;   /* a `single` question without values: its categories
                             as found, or NULL */
    unsigned seps;        /* what splits a multiple-choice cell: a bit for each of
                             ┋ | ; ， 、 that no listed option contains */
};

/* The categories of a `single` question without values, as the data give
   them (cells_any.c): each distinct answer text gets the next code 1, 2, ...
   while loading; survey_finish turns them to numeric order when every one
   is a number. */
struct ld_dyn {
    struct strmap seen;        /* answer text -> code */
    struct survey_label *values; /* code k at [k - 1]; texts in the survey's arena */
    size_t n, cap;
};

/* How ld_record() treats each field of a file. */
enum field_kind { FIELD_SKIP, FIELD_FAST, FIELD_ID, FIELD_OTHER };
struct field_plan {
    int col;  /* codebook column, or -1 */
    int kind; /* enum field_kind */
};

/* ## Ids and lines (ids.c) */

/* The ids seen so far, to reject a repeated one.  BYTES holds the ids in the
   order added, each followed by a NUL.  Survey exports nearly always list
   their ids in order, so while every id comes after the one before (shorter
   ids first, then byte order: "9" before "10"), the list itself is sorted, a
   new id only needs comparing with the last, and a look-up is a binary
   search: no table at all.  The first id out of order turns on a hash table:
   a slot holds an id's index + 1 in its low 32 bits (0 = empty) and its hash
   in the high 32 bits, so a probe rarely reads another id.
   While every id has the same length WIDTH, OFF (where each id starts) is
   not kept; while the k-th id is respondent k's (every respondent has one),
   ROW is not kept: the usual export then costs its ids' bytes and no more. */
struct idset {
    struct buf bytes;
    size_t count;
    size_t width;   /* while OFF is NULL */
    uint32_t *off;  /* or NULL */
    uint32_t *row;  /* or NULL */
    size_t off_cap, row_cap;
    int unsorted;   /* the hash table is in use */
    uint64_t *slot;
    size_t cap;     /* a power of two */
};

/* The K-th id added, and its respondent. */
const char *ld_idset_id(const struct idset *ids, size_t k);
size_t ld_idset_row(const struct idset *ids, size_t k);
/* The K-th id against ID: shorter ids first, then byte order. */
int ld_idset_cmp(const struct idset *ids, size_t k, const char *id, size_t len);
/* Whether ID is in the set (1, *ROW set to its respondent). */
int ld_idset_has(const struct idset *ids, const char *id, size_t len, size_t *row);
/* Add ID for respondent ROW.  Returns 0, 1 with *FIRST (the respondent) set
   when the id was seen before, -1 when out of memory. */
int ld_idset_add(struct idset *ids, const char *id, size_t len, size_t row, size_t *first);
/* Append every id of B, all after A's last, their respondents shifted by
   SHIFT. */
int ld_idset_append_all(struct idset *a, const struct idset *b, size_t shift);
void ld_idset_free(struct idset *ids);

/* Each respondent's line, kept only where it is not the line of the
   respondent before plus one: a file's first respondent, and those after a
   multi-line comment, a rejected record or a blank line. */
struct line_map {
    uint32_t *row, *line;
    size_t count, cap;
};

/* Note that respondent ROW starts on LINE. */
int ld_lines_note(struct line_map *m, size_t row, long line);
/* The line respondent ROW starts on (0 when nothing was noted). */
long ld_line_of(const struct line_map *m, size_t row);

/* ## What loading adds */

/* What the records of an input add to a survey: its respondents (written
   into the survey's own per-respondent arrays from row BASE on), their ids,
   lines and straight-liners (numbered from BASE: 0 is row BASE), and the
   problems found.  A survey keeps one, from row 0 (impl->part); the second
   of two halves fills one of its own, appended to the survey's when both
   halves are done (split.c).  Problem strings go into ARENA. */
struct ld_part {
    size_t base;        /* the survey's row of this part's first respondent */
    size_t n, cap;      /* respondents, and the arrays' room from BASE */
    struct idset ids;
    struct line_map lines;
    uint32_t *straight; /* respondents who straight-lined, in order */
    size_t n_straight, straight_cap;
    struct survey_problem *problems;
    size_t n_problems, problems_cap;
    struct arena *arena;
};

/* Free what PART holds (not its arena, not the rows). */
void ld_part_free(struct ld_part *part);

/* Records one sink saw of one file: read = loaded + excluded + blank. */
struct ld_counts {
    long read, loaded, excluded, blank, warnings;
};

struct survey_impl {
    struct arena arena;
    struct colinfo *col;
    struct strmap columns;  /* codebook column name -> its index */
    struct ld_part part;    /* what the files loaded so far added */
    size_t *file_first_row; /* each file's first respondent */
    char **file_header;     /* each file's header as CSV, for --rejects */
    int finished;
    int *likert;            /* the Likert variables, for straight-lining */
    size_t n_likert;
    int *numeric;           /* the numeric variables (their D arrays) */
    size_t n_numeric;
    size_t n_dyn;           /* `single` questions whose categories come from the data */
    int birth_var, year_var; /* the variables of the birth_year and year columns, or -1 */
};

/* Make the survey's public fields (n, problems) tell what its part holds. */
void ld_publish(struct survey *s);

/* ## Loading one file (load.c) */

/* A record sink's state.  S is read only (its codebook, columns, files and
   arrays) except through OUT, the part the records go to: S's own, or for
   the second of two halves one of its own. */
struct file_ctx {
    struct survey *s;
    struct ld_part *out;
    size_t file;
    struct ld_counts count; /* this file's records, as this sink saw them */
    const struct survey_load_opts *opts;
    struct survey_error *err;
    int have_header;
    size_t n_fields;
    int *colof;   /* data field -> codebook column, or -1 */
    struct field_plan *plan; /* per data field */
    size_t size;             /* the input's bytes, or 0 if unknown */
    int16_t *row; /* the record being typed, one per variable */
    double *drow; /* the numeric answers of the record, one per variable */
    double weight, duration;
    struct buf scratch;
    const struct rd_info *info; /* a reader's, for a format other than CSV */
};

/* Whether a column of role R gives an analysed variable of its own. */
int ld_is_analysed(enum survey_role r);
/* The record sink every reader feeds (an rd_sink; VFC is a struct file_ctx):
   the header first, then each record typed, committed or rejected. */
int ld_record(void *vfc, const struct rd_record *rec);
/* Register a new file named NAME; its index, or -1. */
long ld_add_file(struct survey *s, const char *name);

/* ## Per-respondent arrays (rows.c) */

/* Bytes the in-memory survey takes per respondent at most. */
size_t ld_bytes_per_respondent(const struct survey *s);
/* Room for CAP respondents in every per-respondent array, all or none. */
int ld_reserve_rows(struct survey *s, size_t cap);
/* Room in S's arrays for one more respondent of OUT: 0, -1 out of memory
   (or OUT, another's part, is full), -2 when the machine's memory is full. */
int ld_grow_rows(struct survey *s, const struct ld_part *out);
/* The file respondent ROW came from. */
size_t ld_row_file(const struct survey *s, size_t row);

/* ## Cells (cells.c) */

/* A cell typed, invalid, out of range, or out of memory (CELL_NOMEM: the
   load stops with an error, no record is rejected for it). */
enum cell { CELL_OK, CELL_BAD, CELL_RANGE, CELL_NOMEM };

/* A Likert answer CODE as scored (reverse-worded items turned round); the
   same function turns a score back into the answer. */
int16_t ld_likert_score(const struct survey_cbcol *c, long code);
/* Type one cell S (LEN bytes, trimmed) of codebook column CI_INDEX into
   FC's row.  WHY (WN bytes) receives the detail of a bad value; WN 0 asks
   for none (WHY may then be NULL). */
enum cell ld_parse_cell(struct file_ctx *fc, int ci_index, const char *s, size_t len, char *why,
                        size_t wn);
/* Fill each one-variable column's table of short cells and each column's
   separators, and list the Likert variables. */
int ld_plan_columns(struct survey *s);
/* Where the option of a multiple-choice cell S (LEN bytes) that starts at I
   ends: at the next of CI's separators, a fill-in 〖…〗 and an option's own
   number ("1、议事会") not counting; *SL gets the separator's length (0 at
   the end). */
size_t ld_next_option(const struct colinfo *ci, const char *s, size_t len, size_t i, size_t *sl);

/* The length of a platform's option number before the label in S (`1.男`,
   `A.男`, `(1)男`, `①男`: 2, 2, 3, 3), with the number in *NUM and *LETTER
   set when it is a letter (A = 1); 0 when S has none. */
size_t ld_option_number(const char *s, size_t len, long *num, int *letter);

/* As ld_option_number for a number of digits, but the label may start with
   a digit (1.18-29岁: 2): 0 when S has no such number or the rest is a
   number alone (2.5, 1、2).  For columns whose labels start with digits: a
   caller checks that the rest is one of them. */
size_t ld_option_number_digits(const char *s, size_t len, long *num);

/* The length of S before a fill-in 〖…〗 that ends it (其他〖跳广场舞〗), or
   LEN when it has none. */
size_t ld_before_fill_in(const char *s, size_t len);
/* The code the option T (TL bytes, trimmed) of column C names: a label, a
   listed code (also written "2.0"), a missing answer (MISSING_MARK), or a
   platform's spelling of a label (其他〖…〗, 1.男, A.男, (1)男).  1 with
   *CODE; 0 when it names none; -1 with WHY (WN bytes, 0 for none) when its
   number names another answer than its label. */
int ld_option_code(const struct survey_cbcol *c, const struct colinfo *ci, const char *t,
                   size_t tl, int *code, char *why, size_t wn);

/* ## Cells of any questionnaire (cells_any.c) */

/* Whether column C (its loader's info CI) is typed by ld_parse_any: a
   numeric question, or a `single` one without values. */
int ld_is_any(const struct survey_cbcol *c, const struct colinfo *ci);
/* Type such a cell (MISSING: blank or a declared missing answer). */
enum cell ld_parse_any(struct file_ctx *fc, int ci_index, const char *s, size_t len, int missing,
                       char *why, size_t wn);
/* Set up the variables of S's new roles after survey_new made them: the
   numeric list and each single question's categories.  0 or -1. */
int ld_any_setup(struct survey *s);
/* After the last file: categories from the data in numeric order when
   every one is a number.  0 or -1. */
int ld_any_finish(struct survey *s);
void ld_any_free(struct survey *s);

/* ## The age from a birth year (age.c) */

/* Find S's birth-year and year variables (after survey_new made them). */
int ld_age_setup(struct survey *s);
/* At a file's header: 0, or -1 with FC's error filled when the codebook has
   a birth year and neither a year column (in this file) nor opts->year. */
int ld_age_check(struct file_ctx *fc);
/* After a record's cells are typed: its birth year made its age (the year
   cell's year, else opts->year; missing when neither).  CELL_RANGE with WHY
   when the year gives an age below 0 or above 150. */
enum cell ld_age_from_birth(struct file_ctx *fc, char *why, size_t wn);

/* ## Problems (problems.c) */

/* Add to OUT a problem of S's file FILE at LINE.  COLUMN, VALUE (VLEN bytes),
   DETAIL and RECORD (the record as CSV) may be NULL; all are copied. */
int ld_add_problem(const struct survey *s, struct ld_part *out, enum survey_reason reason,
                   size_t file, long line, const char *column, const char *value, size_t vlen,
                   const char *detail, const char *record);
/* Reject REC for REASON: listed, counted, with the record kept as CSV.  0, or
   -1 with FC's error filled. */
int ld_reject(struct file_ctx *fc, const struct rd_record *rec, enum survey_reason reason,
              const char *column, const char *value, size_t vlen, const char *detail);

/* ## Data quality (quality.c) */

/* Whether ROW straight-lines (the same answer to six Likert items or more). */
int ld_straight_lined(const struct survey *s, const int16_t *row);
/* Note that respondent ROW of OUT straight-lined. */
int ld_note_straight(struct ld_part *out, size_t row);

/* ## Sources (source.c)
 *
 * Bytes come from memory, from a regular file read at offsets (pread), or
 * from a stream read in order (standard input, a pipe).  Memory and regular
 * files have a known size and can be read in two halves at once.
 */
struct source {
    const char *name;
    const char *mem; /* memory, or NULL */
    FILE *stream;    /* a stream when there is no FD, or NULL */
    int fd;          /* a regular file, or -1 */
    size_t size;     /* memory's or the regular file's bytes */
    size_t chunk;
    struct progress *progress;
    const char *path;     /* a regular file's path, for readers that open it */
    const char *head;     /* a stream's first bytes, read to tell its format */
    size_t head_len;
};

/* Read progress: the bytes both halves have read, told to the caller's
   callback by the thread that called the loader only. */
struct progress {
    const struct survey_load_opts *opts;
    _Atomic size_t done;
    size_t total;
};

/* At most N bytes at offset OFF into BUF; the count, or -1 with ERR set. */
long ld_read_at(const struct source *src, size_t off, char *buf, size_t n,
                struct survey_error *err);
/* Feed bytes [FROM, TO) to R (TO is ignored for a stream, read to its end).
   STOP, when set by another thread, ends the feeding early (returns 0).
   TELL: this thread reports progress.  0, or -1 with ERR filled. */
int ld_feed(const struct source *src, size_t from, size_t to, struct csv_reader *r,
            _Atomic int *stop, int tell, struct survey_error *err);

/* ## Two halves at once (split.c) */

/* Load SRC into FC's survey through R, in two halves at once when it pays;
   else, or for whatever the halves leave, in one.  *LATE_ENC gets the second
   half's encoding when only it decided one (the first half was all ASCII).
   0, or -1 with ERR filled. */
int ld_feed_halves(struct file_ctx *fc, struct csv_reader *r, const struct source *src,
                   enum survey_encoding *late_enc, struct survey_error *err);

#endif
