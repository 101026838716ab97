/* codebook.c — parse and check a codebook: one CSV row per questionnaire
 * column (docs/codebook.md).  Like the data, a codebook saved by Excel or
 * WPS may be GB18030 or carry a BOM; the same reader decodes it.  Every mistake is reported with the
 * codebook's line, because a researcher edits this file by hand in Excel/WPS:
 * an unknown role, a duplicate column, min > max, a malformed or duplicate
 * value label, a role that may appear only once appearing twice.
 */
#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Limits on a codebook's shape: fields in a row (a codebook has ten
   headings; Excel may add empty fields) and columns described (a data
   record holds at most 1,048,576 fields). */
enum { CODEBOOK_MAX_FIELDS = 1024, CODEBOOK_MAX_COLUMNS = 1 << 20 };

enum role_kind { KIND_TEXT, KIND_NUMBER, KIND_CATEGORY, KIND_LIKERT, KIND_MULTI };

static const struct role_def {
    const char *name;
    enum role_kind kind;
    int once; /* may appear at most once */
} roles[ROLE_COUNT] = {
    [ROLE_ID] = {"id", KIND_TEXT, 1},
    [ROLE_YEAR] = {"year", KIND_NUMBER, 1},
    [ROLE_SUBDISTRICT] = {"subdistrict", KIND_CATEGORY, 1},
    [ROLE_COMMUNITY] = {"community", KIND_CATEGORY, 1},
    [ROLE_GENDER] = {"gender", KIND_CATEGORY, 1},
    [ROLE_AGE] = {"age", KIND_NUMBER, 1},
    [ROLE_PARTY_MEMBER] = {"party_member", KIND_CATEGORY, 1},
    [ROLE_PARTICIPATION] = {"participation", KIND_CATEGORY, 0},
    [ROLE_ACTIVITIES] = {"activities", KIND_MULTI, 0},
    [ROLE_BARRIER] = {"barrier", KIND_CATEGORY, 1},
    [ROLE_SATISFACTION] = {"satisfaction", KIND_LIKERT, 0},
    [ROLE_TRUST] = {"trust", KIND_LIKERT, 0},
    [ROLE_WEIGHT] = {"weight", KIND_NUMBER, 1},
    [ROLE_DURATION] = {"duration", KIND_NUMBER, 1},
    [ROLE_TEXT] = {"text", KIND_TEXT, 0},
    [ROLE_IGNORE] = {"ignore", KIND_TEXT, 0},
};

const char *survey_role_name(enum survey_role role)
{
    return (unsigned)role < ROLE_COUNT ? roles[role].name : NULL;
}

/* The codebook and the arena that holds its strings, freed together. */
struct codebook_box {
    struct survey_codebook cb;
    struct arena arena;
    size_t cap;
};

enum field { F_COLUMN, F_ROLE, F_LABEL_ZH, F_LABEL_EN, F_SCALE, F_MIN, F_MAX, F_REVERSE,
             F_MISSING, F_VALUES, F_COUNT };
static const char *const field_names[F_COUNT] = {
    "column", "role", "label_zh", "label_en", "scale", "min", "max", "reverse", "missing", "values",
};

struct parse_ctx {
    struct codebook_box *box;
    const char *name;
    int map[F_COUNT]; /* field -> position in the record, or -1 */
    int have_header;
    struct strmap columns; /* column name -> its index in cb->cols */
    struct survey_error *err;
};

static char *dup_trim(struct parse_ctx *c, const char *s, size_t len)
{
    text_trim(&s, &len);
    char *p = arena_strndup(&c->box->arena, s, len);
    if (!p)
        survey_error_set(c->err, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
    return p;
}

static int header(struct parse_ctx *c, const struct rd_record *rec)
{
    for (int f = 0; f < F_COUNT; f++)
        c->map[f] = -1;
    for (size_t i = 0; i < rec->n; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        if (i == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
            s += 3, len -= 3;
        text_trim(&s, &len);
        int f;
        for (f = 0; f < F_COUNT; f++)
            if (strlen(field_names[f]) == len && !memcmp(field_names[f], s, len))
                break;
        if (f == F_COUNT)
            return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                               "unknown codebook heading \"%.*s\" (expected column,role,label_zh,"
                               "label_en,scale,min,max,reverse,missing,values)",
                               (int)len, s);
        if (c->map[f] >= 0)
            return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                               "codebook heading \"%s\" appears twice", field_names[f]);
        c->map[f] = (int)i;
    }
    if (c->map[F_COLUMN] < 0 || c->map[F_ROLE] < 0)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "the codebook header needs at least \"column\" and \"role\"");
    c->have_header = 1;
    return 0;
}

static int parse_int(struct parse_ctx *c, long line, const char *what, const char *s, int *out)
{
    long v;
    if (text_int(s, strlen(s), &v) < 0 || v <= INT16_MIN || v > INT16_MAX)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, line,
                           "%s \"%s\" is not a whole number between %d and %d", what, s,
                           INT16_MIN + 1, INT16_MAX);
    *out = (int)v;
    return 0;
}

/* Split S at ';' into trimmed, non-empty parts.  Returns the count, or -1. */
static long split(struct parse_ctx *c, const char *s, char ***out)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    while (*s) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *p = s;
        size_t pl = len;
        text_trim(&p, &pl);
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                free(v);
                survey_error_set(c->err, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
                return -1;
            }
            v = nv;
        }
        v[n] = arena_strndup(&c->box->arena, p, pl);
        if (!v[n]) {
            free(v);
            survey_error_set(c->err, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
            return -1;
        }
        n++;
        s += len + (e != NULL);
    }
    *out = v;
    return (long)n;
}

/* "1=是;0=否" or "是;否" (codes 1, 2, ...).  Codes and labels must be unique. */
static int parse_values(struct parse_ctx *c, struct survey_cbcol *col, const char *spec)
{
    char **part;
    long n = split(c, spec, &part);
    if (n < 0)
        return -1;
    int rc = 0;
    col->values = n ? calloc((size_t)n, sizeof *col->values) : NULL;
    if (n && !col->values) {
        free(part);
        return survey_error_set(c->err, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
    }
    for (long i = 0; i < n && rc == 0; i++) {
        char *p = part[i];
        char *eq = strchr(p, '=');
        struct survey_label *lab = &col->values[i];
        if (!*p) {
            rc = survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, col->line,
                             "column \"%s\": empty value label in \"%s\"", col->column, spec);
        } else if (eq) {
            *eq = '\0';
            const char *code = p, *text = eq + 1;
            size_t cl = strlen(code), tl = strlen(text);
            text_trim(&code, &cl);
            text_trim(&text, &tl);
            long v;
            if (text_int(code, cl, &v) < 0 || v <= INT16_MIN || v > INT16_MAX || tl == 0) {
                rc = survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, col->line,
                                 "column \"%s\": malformed value label \"%s=%s\" (expected "
                                 "CODE=LABEL with a whole-number code)",
                                 col->column, p, eq + 1);
            } else {
                lab->code = (int)v;
                lab->text = (char *)text;
                ((char *)text)[tl] = '\0';
            }
        } else {
            lab->code = (int)i + 1;
            lab->text = p;
        }
        for (long k = 0; k < i && rc == 0; k++) {
            if (col->values[k].code == lab->code)
                rc = survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, col->line,
                                 "column \"%s\": code %d is listed twice", col->column, lab->code);
            else if (!strcmp(col->values[k].text, lab->text))
                rc = survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, col->line,
                                 "column \"%s\": label \"%s\" is listed twice", col->column,
                                 lab->text);
        }
    }
    col->n_values = (size_t)n;
    free(part);
    return rc;
}

static const char *get(const struct parse_ctx *c, const struct rd_record *rec, enum field f)
{
    int i = c->map[f];
    return i >= 0 && (size_t)i < rec->n ? rec->field[i] : "";
}

static int row(void *vc, const struct rd_record *rec)
{
    struct parse_ctx *c = vc;
    if (rec->n == 0) /* an empty line */
        return 0;
    if (rec->n > CODEBOOK_MAX_FIELDS)
        return survey_error_set(c->err, SURVEY_ERR_LIMIT, c->name, rec->line,
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
    if (cb->n_cols == CODEBOOK_MAX_COLUMNS)
        return survey_error_set(c->err, SURVEY_ERR_LIMIT, c->name, rec->line,
                                "the codebook describes more than %d columns, more than a data "
                                "record may hold",
                                CODEBOOK_MAX_COLUMNS);
    if (cb->n_cols == box->cap) {
        size_t cap = box->cap ? 2 * box->cap : 32;
        struct survey_cbcol *cols = realloc(cb->cols, cap * sizeof *cols);
        if (!cols)
            return survey_error_set(c->err, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
        cb->cols = cols;
        box->cap = cap;
    }
    struct survey_cbcol *col = &cb->cols[cb->n_cols];
    memset(col, 0, sizeof *col);
    col->line = rec->line;
    cb->n_cols++;

    const char *s;
    if (!(col->column = dup_trim(c, get(c, rec, F_COLUMN), strlen(get(c, rec, F_COLUMN)))))
        return -1;
    if (!*col->column)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line, "empty column name");
    int first;
    int seen = strmap_put(&c->columns, col->column, strlen(col->column), (int)(cb->n_cols - 1),
                          &first);
    if (seen < 0)
        return survey_error_set(c->err, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
    if (seen == 1)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                                "column \"%s\" is already described on line %ld", col->column,
                                cb->cols[first].line);
    char *role = dup_trim(c, get(c, rec, F_ROLE), strlen(get(c, rec, F_ROLE)));
    if (!role)
        return -1;
    int r;
    for (r = 0; r < ROLE_COUNT; r++)
        if (!strcmp(roles[r].name, role))
            break;
    if (r == ROLE_COUNT)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": unknown role \"%s\"", col->column, role);
    col->role = (enum survey_role)r;
    if (roles[r].once)
        for (size_t i = 0; i + 1 < cb->n_cols; i++)
            if (cb->cols[i].role == col->role)
                return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                                   "column \"%s\": role \"%s\" is already given to \"%s\" on "
                                   "line %ld; it may appear once",
                                   col->column, role, cb->cols[i].column, cb->cols[i].line);
    if (!(col->label_zh = dup_trim(c, get(c, rec, F_LABEL_ZH), strlen(get(c, rec, F_LABEL_ZH)))) ||
        !(col->label_en = dup_trim(c, get(c, rec, F_LABEL_EN), strlen(get(c, rec, F_LABEL_EN)))) ||
        !(col->scale = dup_trim(c, get(c, rec, F_SCALE), strlen(get(c, rec, F_SCALE)))))
        return -1;
    if (!*col->label_zh)
        col->label_zh = *col->label_en ? col->label_en : col->column;
    if (!*col->label_en)
        col->label_en = col->label_zh;
    enum role_kind kind = roles[r].kind;
    if (kind == KIND_LIKERT && !*col->scale)
        col->scale = (char *)roles[r].name;

    char *min = dup_trim(c, get(c, rec, F_MIN), strlen(get(c, rec, F_MIN)));
    char *max = dup_trim(c, get(c, rec, F_MAX), strlen(get(c, rec, F_MAX)));
    if (!min || !max)
        return -1;
    if (kind == KIND_LIKERT) {
        col->min = 1;
        col->max = 5;
        col->has_range = 1;
    }
    if (*min && parse_int(c, rec->line, "min", min, &col->min) < 0)
        return -1;
    if (*max && parse_int(c, rec->line, "max", max, &col->max) < 0)
        return -1;
    if (*min || *max) {
        if (!*min || !*max)
            return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                               "column \"%s\": give both min and max, or neither", col->column);
        col->has_range = 1;
    }
    if (col->has_range && col->min > col->max)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": min %d is greater than max %d", col->column, col->min,
                           col->max);
    if (kind == KIND_LIKERT && col->min == col->max)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": a Likert item needs min < max", col->column);

    s = get(c, rec, F_REVERSE);
    char *rev = dup_trim(c, s, strlen(s));
    if (!rev)
        return -1;
    if (*rev && strcmp(rev, "0") && strcmp(rev, "1"))
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": reverse must be 1, 0 or blank, not \"%s\"", col->column,
                           rev);
    col->reverse = !strcmp(rev, "1");
    if (col->reverse && kind != KIND_LIKERT)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": only satisfaction and trust items can be reverse-worded",
                           col->column);

    char **miss;
    long nm = split(c, get(c, rec, F_MISSING), &miss);
    if (nm < 0)
        return -1;
    col->missing = miss;
    col->n_missing = (size_t)nm;

    s = get(c, rec, F_VALUES);
    if (parse_values(c, col, s) < 0)
        return -1;
    if (col->n_values && (kind == KIND_TEXT || kind == KIND_NUMBER))
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": role \"%s\" takes no value labels", col->column,
                           roles[r].name);
    if (!col->n_values && col->role == ROLE_PARTICIPATION &&
        parse_values(c, col, "1=是;0=否") < 0)
        return -1;
    if (!col->n_values && kind == KIND_MULTI)
        return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                           "column \"%s\": an activities column needs its options in values",
                           col->column);
    for (size_t i = 0; i < col->n_values; i++) {
        int code = col->values[i].code;
        if (kind == KIND_LIKERT && (code < col->min || code > col->max))
            return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                               "column \"%s\": code %d is outside %d..%d", col->column, code,
                               col->min, col->max);
        if (col->role == ROLE_PARTICIPATION && code != 0 && code != 1)
            return survey_error_set(c->err, SURVEY_ERR_CODEBOOK, c->name, rec->line,
                               "column \"%s\": participation codes are 1 (yes) and 0 (no), not %d",
                               col->column, code);
    }
    return 0;
}

struct survey_codebook *survey_codebook_parse(const char *text, size_t len, const char *name,
                                              struct survey_error *err)
{
    struct codebook_box *box = calloc(1, sizeof *box);
    if (!box) {
        survey_error_set(err, SURVEY_ERR_NOMEM, name, 0, "out of memory");
        return NULL;
    }
    struct survey_codebook *cb = &box->cb;
    cb->file = arena_strndup(&box->arena, name, strlen(name));
    struct parse_ctx c = {.box = box, .name = cb->file, .err = err};
    struct csv_reader *r = cb->file ? csv_reader_new(cb->file, SURVEY_ENC_AUTO, row, &c) : NULL;
    int rc = r ? 0 : survey_error_set(err, SURVEY_ERR_NOMEM, name, 0, "out of memory");
    if (rc == 0)
        rc = csv_reader_feed(r, text, len, err);
    if (rc == 0)
        rc = csv_reader_finish(r, err);
    csv_reader_free(r);
    strmap_free(&c.columns);
    if (rc == 0 && !c.have_header)
        rc = survey_error_set(err, SURVEY_ERR_CODEBOOK, name, 0, "the codebook is empty");
    if (rc == 0 && cb->n_cols == 0)
        rc = survey_error_set(err, SURVEY_ERR_CODEBOOK, name, 1, "the codebook describes no columns");
    if (rc < 0) {
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
    return survey_codebook_parse(survey_codebook_default_csv, survey_codebook_default_csv_len,
                                 "(built-in codebook)", err);
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
    arena_free(&box->arena);
    free(box);
}

int survey_codebook_find_role(const struct survey_codebook *cb, enum survey_role role)
{
    for (size_t i = 0; i < cb->n_cols; i++)
        if (cb->cols[i].role == role)
            return (int)i;
    return -1;
}

const char *survey_cbcol_label(const struct survey_cbcol *col, int code)
{
    for (size_t i = 0; i < col->n_values; i++)
        if (col->values[i].code == code)
            return col->values[i].text;
    return NULL;
}
