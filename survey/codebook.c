/* codebook.c — parse and check a codebook: one CSV row per questionnaire
 * column (docs/codebook.md).  Like the data, a codebook saved by Excel or
 * WPS may be GB18030 or carry a BOM; the same reader decodes it.  A
 * researcher edits this file by hand in Excel/WPS, so the parser forgives
 * what such editing leaves (headings in any letter case, a stray comma after
 * the last heading, a `note` column, full-width `；` and `＝` typed by an
 * input method) and reports every real mistake, all of them in one pass,
 * each with the codebook's line: an unknown heading or role (with the nearest
 * one suggested), a duplicate column, min > max, a malformed or duplicate
 * value label, a role that may appear only once appearing twice, a
 * participation item whose yes cannot be told.  Invisible characters in the
 * names quoted are shown as <U+00A0> and the like.
 *
 * Two rules are applied here so that the loader need not know them: the
 * file-wide missing row (`*`) is merged into every column's missing list, and
 * a participation item whose yes is not code 1 is recoded so that it is
 * (survey.h, yes_code).
 *
 * This file holds the entry points, the codebook's own header and the rows
 * that describe a column; codebook_internal.h says what the other
 * codebook_*.c files hold.
 */
#include "survey/survey.h"
#include "survey/codebook_internal.h"
#include "survey/survey_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Limits on a codebook's shape: fields in a row (a codebook has ten
   headings; Excel may add empty fields) and columns described (a data
   record holds at most 1,048,576 fields). */
enum { CODEBOOK_MAX_FIELDS = 1024, CODEBOOK_MAX_COLUMNS = 1 << 20 };

const char *const cb_field_names[F_COUNT] = {
    "column", "role",    "label_zh", "label_en", "scale", "min",
    "max",    "reverse", "missing",  "values",   "note",
};

/* Whether LEN bytes at S are NAME in any ASCII letter case ("Column"). */
int cb_heading_is(const char *s, size_t len, const char *name)
{
    if (strlen(name) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)s[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (a != (unsigned char)name[i])
            return 0;
    }
    return 1;
}

/* Out of memory: stop the parse.  Returns -1. */
int cb_nomem(struct parse_ctx *c)
{
    c->oom = 1;
    return survey_error_set(c->fatal, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
}

/* One more problem of the codebook, on LINE.  Returns -1. */
int cb_problem(struct parse_ctx *c, long line, const char *fmt, ...)
{
    char msg[sizeof c->problems.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    text_utf8_clip(msg);
    return survey_error_add(&c->problems, SURVEY_ERR_CODEBOOK, c->name, line, "%s", msg);
}

/* S for a message: invisible characters shown, at most about 200 bytes. */
const char *cb_vis(struct parse_ctx *c, const char *s)
{
    char buf[208];
    survey_visible(buf, sizeof buf, s, strlen(s));
    char *p = arena_strndup(&c->box->arena, buf, strlen(buf));
    if (!p) {
        cb_nomem(c);
        return "";
    }
    return p;
}

static char *dup_trim(struct parse_ctx *c, const char *s, size_t len)
{
    text_trim(&s, &len);
    char *p = arena_strndup(&c->box->arena, s, len);
    if (!p)
        cb_nomem(c);
    return p;
}

/* The header: known headings in any letter case and order; empty headings
   at the end (a stray comma after the last one) are no column. */
static int header(struct parse_ctx *c, const struct rd_record *rec)
{
    for (int f = 0; f < F_COUNT; f++)
        c->map[f] = -1;
    size_t used = 0; /* headings up to the last non-empty one */
    for (size_t i = 0; i < rec->n; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        if (i == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
            s += 3, len -= 3;
        text_trim(&s, &len);
        if (len)
            used = i + 1;
    }
    for (size_t i = 0; i < used; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        if (i == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
            s += 3, len -= 3;
        text_trim(&s, &len);
        int f;
        for (f = 0; f < F_COUNT; f++)
            if (cb_heading_is(s, len, cb_field_names[f]))
                break;
        if (!len) {
            cb_problem(c, rec->line,
                       "codebook heading %zu is empty (only empty headings after the last one are "
                       "allowed; headings: " FIELD_LIST ")",
                       i + 1);
        } else if (f == F_COUNT) {
            char *h = dup_trim(c, s, len);
            if (!h)
                return -1;
            int near = survey_nearest(h, cb_field_names, F_COUNT);
            char hint[48] = "";
            if (near >= 0)
                snprintf(hint, sizeof hint, "did you mean \"%s\"? ", cb_field_names[near]);
            cb_problem(c, rec->line, "unknown codebook heading \"%s\" (%sheadings: " FIELD_LIST ")",
                       cb_vis(c, h), hint);
        } else if (c->map[f] >= 0) {
            cb_problem(c, rec->line, "codebook heading \"%s\" appears twice", cb_field_names[f]);
        } else {
            c->map[f] = (int)i;
        }
    }
    if (c->oom)
        return -1;
    if (c->map[F_COLUMN] < 0 || c->map[F_ROLE] < 0) {
        /* Without them no row can be read: stop here. */
        cb_problem(c, rec->line, "the codebook header needs at least \"column\" and \"role\"");
        return -1;
    }
    c->have_header = 1;
    return 0;
}

const char *cb_get(const struct parse_ctx *c, const struct rd_record *rec, enum field f)
{
    int i = c->map[f];
    return i >= 0 && (size_t)i < rec->n ? rec->field[i] : "";
}

/* FIELD of REC, trimmed, in the arena; NULL when out of memory. */
char *cb_field(struct parse_ctx *c, const struct rd_record *rec, enum field f)
{
    const char *s = cb_get(c, rec, f);
    return dup_trim(c, s, strlen(s));
}

static int row(void *vc, const struct rd_record *rec)
{
    struct parse_ctx *c = vc;
    if (rec->n == 0) /* an empty line */
        return 0;
    if (rec->n > CODEBOOK_MAX_FIELDS) /* a data file given as the codebook: stop */
        return survey_error_add(&c->problems, SURVEY_ERR_LIMIT, c->name, rec->line,
                                "more than %d fields in a codebook row (a codebook has ten "
                                "columns)",
                                CODEBOOK_MAX_FIELDS);
    if (!c->have_header)
        return header(c, rec);
    struct codebook_box *box = c->box;
    struct survey_codebook *cb = &box->cb;
    /* A row of empty cells (Excel leaves them) is not a column. */
    int blank = 1;
    for (size_t i = 0; i < rec->n && blank; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        text_trim(&s, &len);
        blank = len == 0;
    }
    if (blank)
        return 0;
    char *column = cb_field(c, rec, F_COLUMN), *role = column ? cb_field(c, rec, F_ROLE) : NULL;
    if (!role)
        return -1;
    if (!strcmp(column, "*") || !strcmp(role, "missing"))
        return cb_missing_row(c, rec, column, role);
    if (!strcmp(role, cb_roles[ROLE_SCALE].name))
        return cb_scale_row(c, rec, column);
    if (cb->n_cols == CODEBOOK_MAX_COLUMNS)
        return survey_error_add(&c->problems, SURVEY_ERR_LIMIT, c->name, rec->line,
                                "the codebook describes more than %d columns, more than a data "
                                "record may hold",
                                CODEBOOK_MAX_COLUMNS);
    if (cb->n_cols == box->cap) {
        size_t cap = box->cap ? 2 * box->cap : 32;
        struct survey_cbcol *cols = realloc(cb->cols, cap * sizeof *cols);
        if (!cols)
            return cb_nomem(c);
        cb->cols = cols;
        box->cap = cap;
    }
    struct survey_cbcol *col = &cb->cols[cb->n_cols];
    memset(col, 0, sizeof *col);
    col->line = rec->line;
    col->role = ROLE_IGNORE;
    col->yes_code = 1;
    cb->n_cols++;
    long line = rec->line;

    col->column = column;
    char *min, *max, *rev;
    if (!(col->label_zh = cb_field(c, rec, F_LABEL_ZH)) ||
        !(col->label_en = cb_field(c, rec, F_LABEL_EN)) ||
        !(col->scale = cb_field(c, rec, F_SCALE)) || !(min = cb_field(c, rec, F_MIN)) ||
        !(max = cb_field(c, rec, F_MAX)) || !(rev = cb_field(c, rec, F_REVERSE)) ||
        !(col->note = cb_field(c, rec, F_NOTE)))
        return -1;
    const char *scol = cb_vis(c, col->column);
    if (!*col->column)
        cb_problem(c, line, "empty column name");
    /* Columns by hash: a codebook of 40,000 columns is checked in no time. */
    int first, seen = *col->column ? strmap_put(&c->columns, col->column, strlen(col->column),
                                                (int)(cb->n_cols - 1), &first)
                                   : 0;
    if (seen < 0)
        return cb_nomem(c);
    if (seen == 1)
        cb_problem(c, line, "column \"%s\" is already described on line %ld", scol,
                   cb->cols[first].line);
    int r;
    for (r = 0; r < ROLE_COUNT; r++)
        if (!strcmp(cb_roles[r].name, role))
            break;
    int role_ok = r < ROLE_COUNT;
    if (!role_ok)
        cb_unknown_role(c, line, col->column, role);
    else
        col->role = (enum survey_role)r;
    if (role_ok && cb_roles[r].once)
        for (size_t i = 0; i + 1 < cb->n_cols; i++)
            if (cb->cols[i].role == col->role) {
                cb_problem(c, line,
                           "column \"%s\": role \"%s\" is already given to \"%s\" on line %ld; it "
                           "may appear once",
                           scol, role, cb_vis(c, cb->cols[i].column), cb->cols[i].line);
                break;
            }
    /* The age is asked once: as an age, a bracket or a birth year. */
    int asks_age = role_ok && (col->role == ROLE_AGE || col->role == ROLE_BIRTH_YEAR);
    for (size_t i = 0; asks_age && i + 1 < cb->n_cols; i++) {
        enum survey_role o = cb->cols[i].role;
        if ((col->role == ROLE_AGE && o == ROLE_BIRTH_YEAR) ||
            (col->role == ROLE_BIRTH_YEAR && o == ROLE_AGE)) {
            cb_problem(c, line,
                       "column \"%s\": role \"%s\" and role \"%s\" of \"%s\" on line %ld both give "
                       "the age: keep one of them",
                       scol, role, cb_roles[o].name, cb_vis(c, cb->cols[i].column),
                       cb->cols[i].line);
            break;
        }
    }
    if (!*col->label_zh)
        col->label_zh = *col->label_en ? col->label_en : col->column;
    if (!*col->label_en)
        col->label_en = col->label_zh;
    enum role_kind kind = role_ok ? cb_roles[r].kind : KIND_TEXT;
    if (kind == KIND_LIKERT && !*col->scale)
        col->scale = (char *)cb_roles[r].name;

    if (kind == KIND_LIKERT) {
        col->min = 1;
        col->max = 5;
        col->has_range = 1;
    }
    int range_ok = 1;
    if (col->role == ROLE_NUMERIC) {
        if (*min && cb_parse_bound(c, line, col, "min", min, &col->dmin) < 0)
            range_ok = 0;
        if (*max && cb_parse_bound(c, line, col, "max", max, &col->dmax) < 0)
            range_ok = 0;
    } else {
        if (*min && cb_parse_int(c, line, col, "min", min, &col->min) < 0)
            range_ok = 0;
        if (*max && cb_parse_int(c, line, col, "max", max, &col->max) < 0)
            range_ok = 0;
    }
    if (*min || *max) {
        if (!*min || !*max) {
            cb_problem(c, line, "column \"%s\": give both min and max, or neither", scol);
            range_ok = 0;
        }
        col->has_range = 1;
    }
    if (range_ok && col->has_range && col->role == ROLE_NUMERIC && col->dmin > col->dmax) {
        cb_problem(c, line, "column \"%s\": min %s is greater than max %s", scol, min, max);
        range_ok = 0;
    }
    if (range_ok && col->has_range && col->role != ROLE_NUMERIC && col->min > col->max) {
        cb_problem(c, line, "column \"%s\": min %d is greater than max %d", scol, col->min,
                   col->max);
        range_ok = 0;
    }
    if (range_ok && kind == KIND_LIKERT && col->min == col->max) {
        cb_problem(c, line, "column \"%s\": a Likert item needs min < max", scol);
        range_ok = 0;
    }

    if (*rev && strcmp(rev, "0") && strcmp(rev, "1"))
        cb_problem(c, line, "column \"%s\": reverse must be 1, 0 or blank, not \"%s\"", scol,
                   cb_vis(c, rev));
    col->reverse = !strcmp(rev, "1");
    if (col->reverse && role_ok && kind != KIND_LIKERT)
        cb_problem(
            c, line,
            "column \"%s\": only Likert items (satisfaction, trust, likert) can be reverse-worded",
            scol);

    char *missing = cb_field(c, rec, F_MISSING);
    if (!missing)
        return -1;
    cb_ascii_separators(missing, 0);
    long nm = cb_split(c, missing, &col->missing);
    if (nm < 0)
        return -1;
    col->n_missing = (size_t)nm;

    char *values = cb_field(c, rec, F_VALUES);
    if (!values)
        return -1;
    cb_ascii_separators(values, 1);
    if (cb_parse_values(c, col, values) < 0)
        return -1;
    if (!role_ok)
        return c->oom ? -1 : 0;
    /* An age with values was asked as brackets: they are the age groups. */
    if (col->n_values && (kind == KIND_TEXT || (kind == KIND_NUMBER && col->role != ROLE_AGE)))
        cb_problem(c, line, "column \"%s\": role \"%s\" takes no value labels", scol,
                   cb_roles[r].name);
    if (col->n_values && col->role == ROLE_AGE && (*min || *max))
        cb_problem(c, line,
                   "column \"%s\": an age asked as brackets (values) takes no min or max: the "
                   "brackets are the age groups",
                   scol);
    if (!*values && col->role == ROLE_PARTICIPATION && cb_parse_values(c, col, "1=是;0=否") < 0)
        return -1;
    if (!*values && col->role == ROLE_ACTIVITIES)
        cb_problem(c, line, "column \"%s\": an activities column needs its options in values",
                   scol);
    if (cb_option_rules(c, col, values) < 0)
        return -1;
    for (size_t i = 0; i < col->n_values; i++) {
        int code = col->values[i].code;
        if (kind == KIND_LIKERT && range_ok && (code < col->min || code > col->max))
            cb_problem(c, line, "column \"%s\": code %d is outside %d..%d", scol, code, col->min,
                       col->max);
    }
    if (col->role == ROLE_PARTICIPATION && cb_participation_yes(c, col) < 0)
        return -1;
    return c->oom ? -1 : 0;
}

struct survey_codebook *survey_codebook_parse(const char *text, size_t len, const char *name,
                                              struct survey_error *err)
{
    struct codebook_box *box = calloc(1, sizeof *box);
    struct parse_ctx *c = box ? calloc(1, sizeof *c) : NULL;
    struct survey_error *rerr = c ? calloc(1, sizeof *rerr) : NULL;
    if (!rerr) {
        free(c);
        free(box);
        survey_error_set(err, SURVEY_ERR_NOMEM, name, 0, "out of memory");
        return NULL;
    }
    struct survey_codebook *cb = &box->cb;
    cb->file = arena_strndup(&box->arena, name, strlen(name));
    *c = (struct parse_ctx){.box = box, .name = cb->file, .fatal = rerr};
    struct csv_reader *r = cb->file ? csv_reader_new(cb->file, SURVEY_ENC_AUTO, row, c) : NULL;
    int rc = r ? 0 : cb_nomem(c);
    if (rc == 0)
        rc = csv_reader_feed(r, text, len, rerr);
    if (rc == 0)
        rc = csv_reader_finish(r, rerr);
    csv_reader_free(r);
    /* A reader's error (a NUL byte, a bad quote, invalid bytes) stops the
       parse: it comes after the problems of the rows read before it. */
    if (rerr->code != SURVEY_OK && rerr->code != SURVEY_ERR_NOMEM)
        survey_error_add(&c->problems, rerr->code, rerr->file, rerr->line, "%s", rerr->message);
    else if (rc == 0 && !c->have_header && c->problems.code == SURVEY_OK)
        cb_problem(c, 0, "the codebook is empty");
    else if (rc == 0 && cb->n_cols == 0 && c->problems.code == SURVEY_OK)
        cb_problem(c, 1, "the codebook describes no columns");
    if (rc == 0 && c->problems.code == SURVEY_OK)
        cb_merge_missing(c);
    struct survey_error *why = c->oom || rerr->code == SURVEY_ERR_NOMEM ? rerr
                               : c->problems.code != SURVEY_OK          ? &c->problems
                                                                        : NULL;
    if (why && err)
        *err = *why;
    free(rerr);
    strmap_free(&c->columns);
    strmap_free(&c->scales);
    free(c);
    if (why) {
        survey_codebook_free(cb);
        return NULL;
    }
    return cb;
}

struct survey_codebook *survey_codebook_load(const char *path, struct survey_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        survey_error_set(err, SURVEY_ERR_IO, path, 0, "cannot open the codebook: %s", strerror(errno));
        return NULL;
    }
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    int rc = 0;
    /* At most SURVEY_SMALL_MAX bytes: a regular file tells its size at once,
       a stream (a pipe, /dev/zero) is counted as it is read. */
    struct stat st;
    int large = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
                (unsigned long long)st.st_size > SURVEY_SMALL_MAX;
    while (rc == 0 && !large && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        large = b.len + n > SURVEY_SMALL_MAX;
        if (!large)
            rc = buf_append(&b, chunk, n);
    }
    int bad = ferror(f);
    fclose(f);
    if (large) {
        buf_free(&b);
        survey_error_set(err, SURVEY_ERR_LIMIT, path, 0,
                         "the codebook is larger than %zu MiB: a codebook is a small CSV file, "
                         "one row per data column (is this the data file?)",
                         SURVEY_SMALL_MAX >> 20);
        return NULL;
    }
    if (rc < 0 || bad) {
        buf_free(&b);
        survey_error_set(err, rc < 0 ? SURVEY_ERR_NOMEM : SURVEY_ERR_IO, path, 0,
                    rc < 0 ? "out of memory" : "cannot read the codebook");
        return NULL;
    }
    struct survey_codebook *cb = survey_codebook_parse(b.data ? b.data : "", b.len, path, err);
    buf_free(&b);
    return cb;
}

extern const char *const survey_codebook_default_csv;
extern const unsigned long survey_codebook_default_csv_len;

const char *survey_codebook_default_text(size_t *len)
{
    if (len)
        *len = survey_codebook_default_csv_len;
    return survey_codebook_default_csv;
}

struct survey_codebook *survey_codebook_default(struct survey_error *err)
{
    struct survey_codebook *cb = survey_codebook_parse(
        survey_codebook_default_csv, survey_codebook_default_csv_len, "(built-in codebook)", err);
    if (cb)
        cb->builtin = 1;
    return cb;
}

void survey_codebook_free(struct survey_codebook *cb)
{
    if (!cb)
        return;
    struct codebook_box *box = (struct codebook_box *)cb;
    for (size_t i = 0; i < cb->n_cols; i++) {
        free(cb->cols[i].missing);
        free(cb->cols[i].values);
    }
    free(cb->cols);
    free(cb->missing_all);
    free(cb->scales);
    arena_free(&box->arena);
    free(box);
}
