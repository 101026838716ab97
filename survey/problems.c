/* problems.c — the reasons a record is rejected or flagged, the list of
 * problems a survey keeps, and the --rejects file: every rejected record with
 * its file, line and reason.
 */
#include "survey/load_internal.h"

#include <stdlib.h>
#include <string.h>

static const struct reason_def {
    const char *key, *text;
    int rejects;
} reasons[REASON_COUNT] = {
    [REASON_FIELD_COUNT] = {"field_count", "wrong number of fields", 1},
    [REASON_INVALID_VALUE] = {"invalid_value", "invalid value", 1},
    [REASON_OUT_OF_RANGE] = {"out_of_range", "value out of range", 1},
    [REASON_DUPLICATE_ID] = {"duplicate_id", "repeated id", 1},
    [REASON_LENIENT_MISSING] = {"invalid_made_missing", "invalid value made missing", 0},
    [REASON_SPEEDER] = {"speeder", "answered much faster than the rest", 0},
    [REASON_STRAIGHT_LINER] = {"straight_liner", "same answer to every Likert item", 0},
    [REASON_UNKNOWN_COLUMN] = {"unknown_column", "column not in the codebook, ignored", 0},
};

int survey_reason_rejects(enum survey_reason r)
{
    return (unsigned)r < REASON_COUNT && reasons[r].rejects;
}
const char *survey_reason_text(enum survey_reason r)
{
    return (unsigned)r < REASON_COUNT ? reasons[r].text : "unknown";
}
const char *survey_reason_key(enum survey_reason r)
{
    return (unsigned)r < REASON_COUNT ? reasons[r].key : "unknown";
}

/* ## Problems */

int ld_add_problem(const struct survey *s, struct ld_part *out, enum survey_reason reason,
                   size_t file, long line, const char *column, const char *value, size_t vlen,
                   const char *detail, const char *record)
{
    if (out->n_problems == out->problems_cap) {
        size_t cap = out->problems_cap ? 2 * out->problems_cap : 64;
        struct survey_problem *p = realloc(out->problems, cap * sizeof *p);
        if (!p)
            return -1;
        out->problems = p;
        out->problems_cap = cap;
    }
    struct arena *a = out->arena;
    struct survey_problem *p = &out->problems[out->n_problems];
    p->reason = reason;
    p->file = s->files[file].where;
    p->line = line;
    p->column = arena_strndup(a, column ? column : "", column ? strlen(column) : 0);
    p->value = arena_strndup(a, value ? value : "", value ? vlen : 0);
    p->detail = arena_strndup(a, detail ? detail : "", detail ? strlen(detail) : 0);
    p->record = arena_strndup(a, record ? record : "", record ? strlen(record) : 0);
    if (!p->column || !p->value || !p->detail || !p->record)
        return -1;
    out->n_problems++;
    return 0;
}

int ld_reject(struct file_ctx *fc, const struct rd_record *rec, enum survey_reason reason,
              const char *column, const char *value, size_t vlen, const char *detail)
{
    const struct survey *s = fc->s;
    fc->scratch.len = 0;
    if (csv_write_record(&fc->scratch, rec->field, rec->len, rec->n) < 0 ||
        ld_add_problem(s, fc->out, reason, fc->file, rec->line, column, value, vlen, detail,
                       fc->scratch.data ? fc->scratch.data : "") < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    fc->count.excluded++;
    return 0;
}

/* ## Rejected records
 *
 * The rejects file is one CSV that loads again: three columns of canyu's
 * (file, line, reason), then the data's own.  When every file has the same
 * header, the data's columns are that header and each record is written as
 * it was read.  When pooled files order or name their columns differently,
 * the data's columns are the union of the headers (first appearance first; a
 * heading repeated in one header counts once per appearance) and each
 * record's fields are placed under its own file's columns, empty where its
 * file has no such column; a record with more fields than its header keeps
 * the extra ones at the end.
 */

/* Fields of one CSV record, split again. */
struct fields {
    struct buf bytes; /* each field NUL-terminated */
    size_t *off, *len;
    size_t n, cap;
};

static int take_fields(void *vf, const struct rd_record *rec)
{
    struct fields *f = vf;
    if (f->n || rec->n == 0) /* one record only (a rejected record is one) */
        return 0;
    if (rec->n > f->cap) {
        size_t *o = realloc(f->off, rec->n * sizeof *o);
        if (o)
            f->off = o;
        size_t *l = o ? realloc(f->len, rec->n * sizeof *l) : NULL;
        if (!l)
            return -1;
        f->len = l;
        f->cap = rec->n;
    }
    f->bytes.len = 0;
    for (size_t i = 0; i < rec->n; i++) {
        f->off[i] = f->bytes.len;
        f->len[i] = rec->len[i];
        if (buf_append(&f->bytes, rec->field[i], rec->len[i]) < 0 || buf_putc(&f->bytes, '\0') < 0)
            return -1;
    }
    f->n = rec->n;
    return 0;
}

/* Split the CSV record TEXT (UTF-8, as csv_write_record wrote it) into F. */
static int split_record(const char *text, struct fields *f)
{
    f->n = 0;
    struct csv_reader *r = csv_reader_new("(rejects)", SURVEY_ENC_UTF8, take_fields, f);
    if (!r)
        return -1;
    csv_reader_resume(r, SURVEY_ENC_UTF8, 1); /* a leading U+FEFF is data here */
    int rc = csv_reader_feed(r, text, strlen(text), NULL);
    if (rc == 0)
        rc = csv_reader_finish(r, NULL);
    csv_reader_free(r);
    return rc;
}

static const char *field_at(const struct fields *f, size_t i)
{
    return f->bytes.data + f->off[i];
}

static void fields_free(struct fields *f)
{
    buf_free(&f->bytes);
    free(f->off);
    free(f->len);
}

/* The union of the files' headers: NAMES (the columns' headings, each as
   first written) and, for each file, the column each of its fields goes
   under. */
struct columns {
    const char **names;
    size_t *name_len;
    size_t n, cap;
    size_t **place;      /* per file: its field i goes under column place[i] */
    size_t *width;       /* per file: its header's fields */
};

static int add_column(struct columns *c, const char *name, size_t len)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        const char **nn = realloc(c->names, cap * sizeof *nn);
        if (nn)
            c->names = nn;
        size_t *nl = nn ? realloc(c->name_len, cap * sizeof *nl) : NULL;
        if (!nl)
            return -1;
        c->name_len = nl;
        c->cap = cap;
    }
    c->names[c->n] = name;
    c->name_len[c->n++] = len;
    return 0;
}

static int union_columns(const struct survey *s, struct columns *c, struct arena *a)
{
    struct strmap seen = {0};  /* trimmed heading, NUL, its appearance -> column */
    struct strmap names = {0}; /* in one header: trimmed heading -> its first field */
    size_t *again = NULL;      /* per first field: the heading's appearances so far */
    struct fields h = {0};
    struct buf key = {0};
    int rc = 0;
    if (!(c->place = calloc(s->n_files, sizeof *c->place)) ||
        !(c->width = calloc(s->n_files, sizeof *c->width)))
        rc = -1;
    for (size_t f = 0; f < s->n_files && rc == 0; f++) {
        const char *text = s->impl->file_header[f];
        if (!text)
            continue;
        size_t *ag;
        if (split_record(text, &h) < 0 ||
            !(c->place[f] = malloc((h.n ? h.n : 1) * sizeof **c->place)) ||
            !(ag = realloc(again, (h.n ? h.n : 1) * sizeof *ag))) {
            rc = -1;
            break;
        }
        again = ag;
        c->width[f] = h.n;
        strmap_free(&names);
        for (size_t i = 0; i < h.n; i++) {
            const char *name = field_at(&h, i), *t = name;
            size_t len = h.len[i], tl = len;
            text_trim(&t, &tl);
            int first, col;
            int put = strmap_put(&names, t, tl, (int)i, &first);
            if (put == 0)
                again[first = (int)i] = 0;
            else if (put == 1)
                again[first]++;
            char nth[24];
            int nl = snprintf(nth, sizeof nth, "%zu", again[first]);
            key.len = 0;
            if (put < 0 || buf_append(&key, t, tl) < 0 || buf_putc(&key, '\0') < 0 ||
                buf_append(&key, nth, (size_t)nl) < 0) {
                rc = -1;
                break;
            }
            if (!strmap_get(&seen, key.data, key.len, &col)) {
                char *kept = arena_strndup(a, name, len);
                col = (int)c->n;
                if (!kept || add_column(c, kept, len) < 0 ||
                    strmap_put(&seen, key.data, key.len, col, NULL) < 0) {
                    rc = -1;
                    break;
                }
            }
            c->place[f][i] = (size_t)col;
        }
    }
    strmap_free(&seen);
    strmap_free(&names);
    free(again);
    fields_free(&h);
    buf_free(&key);
    return rc;
}

static void columns_free(const struct survey *s, struct columns *c)
{
    for (size_t f = 0; c->place && f < s->n_files; f++)
        free(c->place[f]);
    free(c->place);
    free(c->width);
    free(c->names);
    free(c->name_len);
}

/* Whether every file read has the header of the first: the usual case. */
static const char *common_header(const struct survey *s, int *same)
{
    const char *first = NULL;
    *same = 1;
    for (size_t i = 0; i < s->n_files; i++) {
        const char *h = s->impl->file_header[i];
        if (!h)
            continue;
        if (!first)
            first = h;
        else if (strcmp(h, first))
            *same = 0;
    }
    return first;
}

/* The file problem P is of, looking from *AT on (problems come file by file). */
static size_t problem_file(const struct survey *s, const struct survey_problem *p, size_t *at)
{
    for (size_t k = 0; k < s->n_files; k++) {
        size_t f = (*at + k) % s->n_files;
        if (s->files[f].where == p->file)
            return *at = f;
    }
    return 0;
}

/* Append P's record to B, its fields placed under C's columns. */
static int placed_record(const struct survey *s, const struct survey_problem *p,
                         const struct columns *c, size_t *at, struct fields *rec,
                         const char ***field, size_t **len, size_t *cap, struct buf *b)
{
    size_t f = problem_file(s, p, at);
    if (split_record(p->record, rec) < 0)
        return -1;
    size_t w = c->width[f];
    size_t n = c->n + (rec->n > w ? rec->n - w : 0);
    if (n > *cap) {
        const char **nf = realloc(*field, n * sizeof *nf);
        if (nf)
            *field = nf;
        size_t *nl = nf ? realloc(*len, n * sizeof *nl) : NULL;
        if (!nl)
            return -1;
        *len = nl;
        *cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        (*field)[i] = "";
        (*len)[i] = 0;
    }
    for (size_t i = 0; i < rec->n; i++) {
        size_t to = i < w ? c->place[f][i] : c->n + (i - w);
        (*field)[to] = field_at(rec, i);
        (*len)[to] = rec->len[i];
    }
    return csv_write_record(b, *field, *len, n);
}

int survey_write_rejects(const struct survey *s, FILE *out)
{
    int same;
    const char *header = common_header(s, &same);
    struct columns cols = {0};
    struct arena names = {0};
    struct buf b = {0}, reason = {0}, rec = {0};
    struct fields fields = {0};
    const char **field = NULL;
    size_t *flen = NULL, fcap = 0, at = 0;
    int rc = 0;
    if (!same) {
        rc = union_columns(s, &cols, &names);
        if (rc == 0 && (rc = csv_write_record(&rec, cols.names, cols.name_len, cols.n)) == 0)
            header = rec.data;
    }
    if (rc == 0)
        fprintf(out, "canyu_file,canyu_line,canyu_reason,%s\n", header ? header : "");
    for (size_t i = 0; i < s->n_problems && rc == 0; i++) {
        const struct survey_problem *p = &s->problems[i];
        if (!survey_reason_rejects(p->reason))
            continue;
        /* The value in full: a fixed buffer would cut a long one, perhaps
           inside a character. */
        reason.len = 0;
        if (*p->column &&
            (buf_append(&reason, "column \"", 8) < 0 ||
             buf_append(&reason, p->column, strlen(p->column)) < 0 ||
             buf_append(&reason, "\": value \"", 10) < 0 ||
             buf_append(&reason, p->value, strlen(p->value)) < 0 ||
             buf_append(&reason, "\": ", 3) < 0)) {
            rc = -1;
            break;
        }
        if (buf_append(&reason, p->detail, strlen(p->detail)) < 0) {
            rc = -1;
            break;
        }
        char line[24];
        snprintf(line, sizeof line, "%ld", p->line);
        const char *f[3] = {p->file, line, reason.data};
        size_t l[3] = {strlen(p->file), strlen(line), reason.len};
        b.len = 0;
        if (csv_write_record(&b, f, l, 3) < 0 || buf_putc(&b, ',') < 0) {
            rc = -1;
            break;
        }
        if (same ? buf_append(&b, p->record, strlen(p->record)) < 0
                 : placed_record(s, p, &cols, &at, &fields, &field, &flen, &fcap, &b) < 0) {
            rc = -1;
            break;
        }
        if (fprintf(out, "%s\n", b.data) < 0)
            rc = -1;
    }
    buf_free(&b);
    buf_free(&reason);
    buf_free(&rec);
    fields_free(&fields);
    free(field);
    free(flen);
    columns_free(s, &cols);
    arena_free(&names);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
