/* load.c — records to a columnar survey, by the loading rules of docs/codebook.md.
 *
 * Each file's header is matched to the codebook once; then every record is
 * typed cell by cell into a row buffer and either committed to the columns or
 * rejected whole, with file, line, column, value and reason.  Nothing is
 * allocated per cell: labels and missing answers are found in one hash map per
 * column, numbers are parsed without strtod, and the columns grow by doubling.
 * Ids go into a hash map so a repeated id is caught in any of the pooled files.
 */
#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MISSING_MARK INT_MIN

/* What the loader knows about one codebook column. */
#define SMALL_NONE (INT_MIN + 1)

/* Cells of at most two characters, typed in advance: the empty cell at
   [0], one byte B at [1 + B], two digits "DE" at [FAST_TWO + 10 D + E].  A
   value is what the cell stores; FAST_SLOW sends the cell through parse_cell
   (an error to report, or nothing known in advance). */
enum { FAST_ONE = 1, FAST_TWO = 257, FAST_SIZE = 357 };
#define FAST_SLOW INT32_MIN

struct colinfo {
    struct strmap lookup; /* label or missing answer -> code or MISSING_MARK */
    int small[256];       /* what lookup says of "-128".."127": most cells are
                             such codes, so they skip the hash (SMALL_NONE: not
                             a key) */
    int var;              /* the first variable it feeds, or -1 */
    int nvar;             /* 1, or the options of an activities column */
    int none_code;        /* activities: has a "none of these" code 0 */
    int32_t *fast;        /* FAST_SIZE entries for one-variable columns, or NULL */
};

/* How record() treats each field of a file. */
enum field_kind { FIELD_SKIP, FIELD_FAST, FIELD_ID, FIELD_OTHER };
struct field_plan {
    int col;  /* codebook column, or -1 */
    int kind; /* enum field_kind */
};

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

static void idset_free(struct idset *ids);

/* Each respondent's line, kept only where it is not the line of the
   respondent before plus one: a file's first respondent, and those after a
   multi-line comment, a rejected record or a blank line. */
struct line_map {
    uint32_t *row, *line;
    size_t count, cap;
};
static int plan_columns(struct survey *s);

struct survey_impl {
    struct arena arena;
    struct colinfo *col;
    struct idset ids;
    size_t cap;        /* capacity of the per-respondent arrays */
    struct line_map lines;
    size_t *file_first_row; /* each file's first respondent */
    size_t problems_cap;
    char **file_header; /* each file's header as CSV, for --rejects */
    int finished;
    int borrowed;       /* the per-respondent arrays are another survey's */
    int *likert;        /* the Likert variables, for straight-lining */
    size_t n_likert;
    uint32_t *straight; /* respondents who straight-lined, in order */
    size_t n_straight, straight_cap;
};

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

const char *survey_encoding_name(enum survey_encoding enc)
{
    static const char *const names[] = {
        [SURVEY_ENC_AUTO] = "auto", [SURVEY_ENC_UTF8] = "utf-8", [SURVEY_ENC_GB18030] = "gb18030"};
    return (unsigned)enc <= SURVEY_ENC_GB18030 ? names[enc] : "unknown";
}

/* ## Building an empty survey */

static int is_analysed(enum survey_role r)
{
    return r != ROLE_ID && r != ROLE_WEIGHT && r != ROLE_DURATION && r != ROLE_TEXT &&
           r != ROLE_IGNORE && r != ROLE_ACTIVITIES;
}

static int add_var(struct survey *s, size_t *cap, struct survey_var v)
{
    if (s->n_vars == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        struct survey_var *nv = realloc(s->vars, nc * sizeof *nv);
        if (!nv)
            return -1;
        s->vars = nv;
        *cap = nc;
    }
    s->vars[s->n_vars++] = v;
    return 0;
}

struct survey *survey_new(const struct survey_codebook *cb)
{
    struct survey *s = calloc(1, sizeof *s);
    struct survey_impl *im = s ? calloc(1, sizeof *im) : NULL;
    if (!im) {
        free(s);
        return NULL;
    }
    s->cb = cb;
    s->impl = im;
    im->col = calloc(cb->n_cols ? cb->n_cols : 1, sizeof *im->col);
    if (!im->col)
        goto fail;
    size_t vcap = 0;
    for (size_t i = 0; i < cb->n_cols; i++) {
        const struct survey_cbcol *c = &cb->cols[i];
        struct colinfo *ci = &im->col[i];
        ci->var = -1;
        for (size_t k = 0; k < c->n_values; k++)
            if (strmap_put(&ci->lookup, c->values[k].text, strlen(c->values[k].text),
                           c->values[k].code, NULL) < 0)
                goto fail;
        /* A declared missing answer wins over a label or code of the same text. */
        for (size_t k = 0; k < c->n_missing; k++) {
            int old;
            int rc = strmap_put(&ci->lookup, c->missing[k], strlen(c->missing[k]), MISSING_MARK,
                                &old);
            if (rc < 0)
                goto fail;
            if (rc == 1) {
                uint32_t h = strmap_hash(c->missing[k], strlen(c->missing[k]));
                for (size_t j = 0; j < ci->lookup.cap; j++)
                    if (ci->lookup.slot[j].key && ci->lookup.slot[j].hash == h &&
                        !strcmp(ci->lookup.slot[j].key, c->missing[k]))
                        ci->lookup.slot[j].value = MISSING_MARK;
            }
        }
        for (int v = -128; v < 128; v++) {
            char key[8];
            int code, len = snprintf(key, sizeof key, "%d", v);
            ci->small[v + 128] = strmap_get(&ci->lookup, key, (size_t)len, &code) ? code : SMALL_NONE;
        }
        if (is_analysed(c->role)) {
            ci->var = (int)s->n_vars;
            ci->nvar = 1;
            struct survey_var v = {.role = c->role, .col = c, .label_zh = c->label_zh,
                                   .label_en = c->label_en};
            if (!(v.name = arena_strndup(&im->arena, c->column, strlen(c->column))) ||
                add_var(s, &vcap, v) < 0)
                goto fail;
        } else if (c->role == ROLE_ACTIVITIES) {
            ci->var = (int)s->n_vars;
            for (size_t k = 0; k < c->n_values; k++) {
                if (c->values[k].code == 0) {
                    ci->none_code = 1;
                    continue;
                }
                struct survey_var v = {.role = ROLE_PARTICIPATION, .col = c,
                                       .option = c->values[k].code,
                                       .label_zh = c->values[k].text,
                                       .label_en = c->values[k].text};
                v.name = arena_printf(&im->arena, "%s[%s]", c->column, c->values[k].text);
                if (!v.name || add_var(s, &vcap, v) < 0)
                    goto fail;
                ci->nvar++;
            }
        }
    }
    if (plan_columns(s) < 0)
        goto fail;
    return s;
fail:
    survey_free(s);
    return NULL;
}

void survey_free(struct survey *s)
{
    if (!s)
        return;
    struct survey_impl *im = s->impl;
    int own = im && !im->borrowed;
    for (size_t i = 0; i < s->n_vars && own; i++)
        big_free(s->vars[i].v, im->cap * sizeof(int16_t));
    free(s->vars);
    if (own) {
        big_free(s->weight, im->cap * sizeof(double));
        big_free(s->duration, im->cap * sizeof(double));
    }
    for (size_t i = 0; i < s->n_files; i++)
        free(s->files[i].absent);
    free(s->files);
    free(s->problems);
    if (im) {
        if (im->col)
            for (size_t i = 0; i < s->cb->n_cols; i++) {
                strmap_free(&im->col[i].lookup);
                free(im->col[i].fast);
            }
        free(im->col);
        idset_free(&im->ids);
        free(im->lines.row);
        free(im->lines.line);
        free(im->file_first_row);
        free(im->file_header);
        free(im->likert);
        free(im->straight);
        arena_free(&im->arena);
        free(im);
    }
    free(s);
}

const struct survey_var *survey_var_by_role(const struct survey *s, enum survey_role role)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (s->vars[i].role == role)
            return &s->vars[i];
    return NULL;
}

const struct survey_var *survey_var_by_name(const struct survey *s, const char *name)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (!strcmp(s->vars[i].name, name))
            return &s->vars[i];
    return NULL;
}

/* ## Ids */

static const char *idset_id(const struct idset *ids, size_t k)
{
    return ids->bytes.data + (ids->off ? ids->off[k] : k * (ids->width + 1));
}

static size_t idset_row(const struct idset *ids, size_t k)
{
    return ids->row ? ids->row[k] : k;
}

/* Room for one more entry in *A (capacity *CAP), starting it when NULL with
   the values the implicit form stood for: K * STEP for the first COUNT. */
static int idset_grow_array(uint32_t **a, size_t *cap, size_t count, size_t step)
{
    if (*a && count < *cap)
        return 0;
    size_t nc = *cap > count ? *cap : count < 1024 ? 1024 : 2 * count;
    uint32_t *p = realloc(*a, nc * sizeof *p);
    if (!p)
        return -1;
    if (!*a)
        for (size_t k = 0; k < count; k++)
            p[k] = (uint32_t)(k * step);
    *a = p;
    *cap = nc;
    return 0;
}

/* Shorter ids first, then byte order. */
static int idset_cmp(const struct idset *ids, size_t k, const char *id, size_t len)
{
    const char *other = idset_id(ids, k);
    size_t olen = strlen(other);
    if (olen != len)
        return olen < len ? -1 : 1;
    return memcmp(other, id, len);
}

static uint64_t *idset_find(const struct idset *ids, const char *id, size_t len, uint32_t hash)
{
    size_t i = hash & (ids->cap - 1);
    while (ids->slot[i]) {
        if ((uint32_t)(ids->slot[i] >> 32) == hash) {
            const char *other = idset_id(ids, (uint32_t)ids->slot[i] - 1);
            if (!memcmp(other, id, len) && other[len] == '\0')
                return &ids->slot[i];
        }
        i = (i + 1) & (ids->cap - 1);
    }
    return &ids->slot[i];
}

/* Make room in the hash table for one more id (all of them when it is new). */
static int idset_grow(struct idset *ids)
{
    if ((ids->count + 1) * 2 <= ids->cap)
        return 0;
    size_t cap = ids->cap ? 2 * ids->cap : 1024;
    while ((ids->count + 1) * 2 > cap)
        cap *= 2;
    uint64_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    if (ids->slot) {
        for (size_t i = 0; i < ids->cap; i++) {
            if (!ids->slot[i])
                continue;
            size_t j = (ids->slot[i] >> 32) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = ids->slot[i];
        }
    } else {
        for (size_t k = 0; k < ids->count; k++) {
            const char *id = idset_id(ids, k);
            uint32_t hash = strmap_hash(id, strlen(id));
            size_t j = hash & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = (uint64_t)hash << 32 | (uint32_t)(k + 1);
        }
    }
    free(ids->slot);
    ids->slot = slot;
    ids->cap = cap;
    return 0;
}

/* Append ID of respondent ROW as the next entry. */
static int idset_append(struct idset *ids, const char *id, size_t len, size_t row)
{
    if (ids->count == 0 && !ids->off)
        ids->width = len;
    if ((ids->off || len != ids->width) &&
        idset_grow_array(&ids->off, &ids->off_cap, ids->count, ids->width + 1) < 0)
        return -1;
    if ((ids->row || row != ids->count) &&
        idset_grow_array(&ids->row, &ids->row_cap, ids->count, 1) < 0)
        return -1;
    if (ids->bytes.len + len + 1 > UINT32_MAX || buf_reserve(&ids->bytes, len + 1) < 0)
        return -1;
    if (ids->off)
        ids->off[ids->count] = (uint32_t)ids->bytes.len;
    if (ids->row)
        ids->row[ids->count] = (uint32_t)row;
    memcpy(ids->bytes.data + ids->bytes.len, id, len);
    ids->bytes.data[ids->bytes.len + len] = '\0';
    ids->bytes.len += len + 1;
    ids->count++;
    return 0;
}

/* While sorted: whether ID is in the list (1, *ROW set). */
static int idset_search(const struct idset *ids, const char *id, size_t len, size_t *row)
{
    size_t lo = 0, hi = ids->count; /* the first entry not before ID */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idset_cmp(ids, mid, id, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == ids->count || idset_cmp(ids, lo, id, len) != 0)
        return 0;
    *row = idset_row(ids, lo);
    return 1;
}

/* Whether ID is in the set (1, *ROW set to its respondent). */
static int idset_has(const struct idset *ids, const char *id, size_t len, size_t *row)
{
    if (!ids->unsorted)
        return idset_search(ids, id, len, row);
    const uint64_t *at = idset_find(ids, id, len, strmap_hash(id, len));
    if (!*at)
        return 0;
    *row = idset_row(ids, (uint32_t)*at - 1);
    return 1;
}

/* Add ID for respondent ROW.  Returns 0, 1 with *FIRST (the respondent) set
   when the id was seen before, -1 when out of memory. */
static int idset_add(struct idset *ids, const char *id, size_t len, size_t row, size_t *first)
{
    if (!ids->unsorted) {
        if (ids->count == 0 || idset_cmp(ids, ids->count - 1, id, len) < 0)
            return idset_append(ids, id, len, row);
        if (idset_search(ids, id, len, first))
            return 1;
        ids->unsorted = 1; /* out of order: from here on, the table */
    }
    if (idset_grow(ids) < 0)
        return -1;
    uint32_t hash = strmap_hash(id, len);
    uint64_t *at = idset_find(ids, id, len, hash);
    if (*at) {
        *first = idset_row(ids, (uint32_t)*at - 1);
        return 1;
    }
    if (idset_append(ids, id, len, row) < 0)
        return -1;
    *at = (uint64_t)hash << 32 | (uint32_t)ids->count;
    return 0;
}

/* Append every id of B, all after A's last, their respondents shifted by
   SHIFT: the list stays sorted.  In the usual case (ids of one width, one
   per respondent) the bytes are all there is to copy. */
static int idset_append_all(struct idset *a, const struct idset *b, size_t shift)
{
    if (!a->off && !b->off && !a->row && !b->row && (a->count == 0 || a->width == b->width) &&
        a->count == shift) {
        if (a->bytes.len + b->bytes.len > UINT32_MAX ||
            buf_append(&a->bytes, b->bytes.data, b->bytes.len) < 0)
            return -1;
        a->width = b->width;
        a->count += b->count;
        return 0;
    }
    for (size_t k = 0; k < b->count; k++) {
        const char *id = idset_id(b, k);
        if (idset_append(a, id, strlen(id), idset_row(b, k) + shift) < 0)
            return -1;
    }
    return 0;
}

/* ## Lines */

static int lines_note(struct line_map *m, size_t row, long line)
{
    if (m->count && m->line[m->count - 1] + (row - m->row[m->count - 1]) == (unsigned long)line)
        return 0;
    if (m->count == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        uint32_t *r = realloc(m->row, cap * sizeof *r);
        if (r)
            m->row = r;
        uint32_t *l = r ? realloc(m->line, cap * sizeof *l) : NULL;
        if (!l)
            return -1;
        m->line = l;
        m->cap = cap;
    }
    m->row[m->count] = (uint32_t)row;
    m->line[m->count++] = (uint32_t)line;
    return 0;
}

static long line_of(const struct line_map *m, size_t row)
{
    size_t lo = 0, hi = m->count; /* the last point at or before ROW */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->row[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return m->count ? (long)(m->line[lo] + (row - m->row[lo])) : 0;
}

static void idset_free(struct idset *ids)
{
    free(ids->slot);
    free(ids->off);
    free(ids->row);
    buf_free(&ids->bytes);
}

/* ## Problems */

static int add_problem(struct survey *s, enum survey_reason reason, size_t file, long line,
                       const char *column, const char *value, size_t vlen, const char *detail,
                       const char *record)
{
    struct survey_impl *im = s->impl;
    if (s->n_problems == im->problems_cap) {
        size_t cap = im->problems_cap ? 2 * im->problems_cap : 64;
        struct survey_problem *p = realloc(s->problems, cap * sizeof *p);
        if (!p)
            return -1;
        s->problems = p;
        im->problems_cap = cap;
    }
    struct survey_problem *p = &s->problems[s->n_problems];
    p->reason = reason;
    p->file = s->files[file].where;
    p->line = line;
    p->column = arena_strndup(&im->arena, column ? column : "", column ? strlen(column) : 0);
    p->value = arena_strndup(&im->arena, value ? value : "", value ? vlen : 0);
    p->detail = arena_strndup(&im->arena, detail ? detail : "", detail ? strlen(detail) : 0);
    p->record = arena_strndup(&im->arena, record ? record : "", record ? strlen(record) : 0);
    if (!p->column || !p->value || !p->detail || !p->record)
        return -1;
    s->n_problems++;
    return 0;
}

/* ## Loading one file */

struct file_ctx {
    struct survey *s;
    size_t file;
    const struct survey_load_opts *opts;
    struct survey_error *err;
    int have_header;
    size_t n_fields;
    int *colof;   /* data field -> codebook column, or -1 */
    struct field_plan *plan; /* per data field */
    size_t size;             /* the input's bytes, or 0 if unknown */
    int16_t *row; /* the record being typed, one per variable */
    double weight, duration;
    struct buf scratch;
    const struct rd_info *info; /* a reader's, for a format other than CSV */
};

enum cell { CELL_OK, CELL_BAD, CELL_RANGE };

static int16_t likert_score(const struct survey_cbcol *c, long code)
{
    return (int16_t)(c->reverse ? c->min + c->max - code : code);
}

static int listed(const struct survey_cbcol *c, long code)
{
    for (size_t i = 0; i < c->n_values; i++)
        if (c->values[i].code == code)
            return 1;
    return 0;
}

/* The activities cell: options joined by ┋ | ; ， or 、.  Each option is a code
   or a label; "none of these" (code 0) may stand alone. */
static enum cell parse_activities(const struct survey_cbcol *c, const struct colinfo *ci,
                                  const char *s, size_t len, int16_t *out, char *why, size_t wn)
{
    static const char *const seps[] = {"┋", "|", ";", "，", "、"};
    for (int k = 0; k < ci->nvar; k++)
        out[k] = 0;
    int none = 0, any = 0;
    size_t i = 0;
    while (i <= len) {
        size_t j = i, sl = 0;
        while (j < len) {
            size_t k;
            for (k = 0; k < sizeof seps / sizeof seps[0]; k++) {
                sl = strlen(seps[k]);
                if (len - j >= sl && !memcmp(s + j, seps[k], sl))
                    break;
            }
            if (k < sizeof seps / sizeof seps[0])
                break;
            j++;
            sl = 0;
        }
        const char *t = s + i;
        size_t tl = j - i;
        text_trim(&t, &tl);
        if (tl) {
            int code;
            long num;
            if (!strmap_get(&ci->lookup, t, tl, &code)) {
                if (text_int(t, tl, &num) < 0 || !listed(c, num)) {
                    size_t shown = text_utf8_prefix(t, tl, 64);
                    snprintf(why, wn, "option \"%.*s%s\" is not one of the listed activities",
                             (int)shown, t, shown < tl ? "…" : "");
                    return CELL_BAD;
                }
                code = (int)num;
            }
            if (code == MISSING_MARK) {
                size_t shown = text_utf8_prefix(t, tl, 64);
                snprintf(why, wn, "a missing answer \"%.*s%s\" among chosen options", (int)shown,
                         t, shown < tl ? "…" : "");
                return CELL_BAD;
            }
            if (code == 0) {
                none = 1;
            } else {
                int v = 0;
                for (size_t k = 0; k < c->n_values; k++) {
                    if (c->values[k].code == 0)
                        continue;
                    if (c->values[k].code == code)
                        break;
                    v++;
                }
                out[v] = 1;
                any = 1;
            }
        }
        i = j + (sl ? sl : 1);
    }
    if (none && any) {
        snprintf(why, wn, "\"none of these\" chosen together with an activity");
        return CELL_BAD;
    }
    return CELL_OK;
}

/* Type one cell into the row.  WHY receives the detail of a bad value. */
static enum cell parse_cell(struct file_ctx *fc, int ci_index, const char *s, size_t len,
                            char *why, size_t wn)
{
    struct survey *s_ = fc->s;
    const struct survey_cbcol *c = &s_->cb->cols[ci_index];
    const struct colinfo *ci = &s_->impl->col[ci_index];
    int16_t *out = ci->var >= 0 ? &fc->row[ci->var] : NULL;
    int code, known;
    /* A canonical integer of one to three characters ("3", "-2", "10") is
       looked up in the column's small table, anything else in its hash. */
    long small;
    if (len && len <= 3 && (s[0] != '0' || len == 1) && !(s[0] == '-' && (len == 1 || s[1] == '0')) &&
        s[0] != '+' && text_int(s, len, &small) == 0 && small >= -128 && small < 128) {
        code = ci->small[small + 128];
        known = code != SMALL_NONE;
    } else {
        known = len ? strmap_get(&ci->lookup, s, len, &code) : 0;
    }
    int missing = len == 0 || (known && code == MISSING_MARK);

    switch (c->role) {
    case ROLE_ID:
    case ROLE_TEXT:
    case ROLE_IGNORE:
        return CELL_OK;
    case ROLE_ACTIVITIES:
        if (missing) {
            for (int k = 0; k < ci->nvar; k++)
                out[k] = SURVEY_MISSING;
            return CELL_OK;
        }
        return parse_activities(c, ci, s, len, out, why, wn);
    case ROLE_WEIGHT:
    case ROLE_DURATION: {
        double v = NAN;
        if (!missing) {
            int bad = c->role == ROLE_WEIGHT ? text_double(s, len, &v) < 0 || v < 0
                                             : survey_duration_parse(s, len, &v) < 0;
            if (bad) {
                snprintf(why, wn, "not a %s",
                         c->role == ROLE_WEIGHT ? "non-negative number" : "time taken");
                return CELL_BAD;
            }
        }
        *(c->role == ROLE_WEIGHT ? &fc->weight : &fc->duration) = v;
        return CELL_OK;
    }
    case ROLE_AGE:
    case ROLE_YEAR: {
        if (missing) {
            *out = SURVEY_MISSING;
            return CELL_OK;
        }
        long v;
        double d;
        if (text_int(s, len, &v) < 0) {
            if (text_double(s, len, &d) < 0 || d < -32767 || d > 32767) {
                snprintf(why, wn, "not a number");
                return CELL_BAD;
            }
            v = (long)floor(d);
        }
        if (c->has_range ? v < c->min || v > c->max : v <= INT16_MIN || v > INT16_MAX) {
            snprintf(why, wn, "outside %d..%d", c->has_range ? c->min : INT16_MIN + 1,
                     c->has_range ? c->max : INT16_MAX);
            return CELL_RANGE;
        }
        *out = (int16_t)v;
        return CELL_OK;
    }
    case ROLE_SATISFACTION:
    case ROLE_TRUST: {
        if (missing) {
            *out = SURVEY_MISSING;
            return CELL_OK;
        }
        long v;
        if (known) {
            v = code;
        } else if (text_int(s, len, &v) < 0) {
            snprintf(why, wn, "not one of the listed answers");
            return CELL_BAD;
        } else if (v < c->min || v > c->max) {
            snprintf(why, wn, "outside %d..%d", c->min, c->max);
            return CELL_RANGE;
        }
        *out = likert_score(c, v);
        return CELL_OK;
    }
    default: { /* categorical roles and participation items */
        if (missing) {
            *out = SURVEY_MISSING;
            return CELL_OK;
        }
        long v;
        if (known) {
            v = code;
        } else if (text_int(s, len, &v) < 0 || (c->n_values ? !listed(c, v)
                                                            : v <= INT16_MIN || v > INT16_MAX)) {
            snprintf(why, wn, "not one of the listed %s", c->n_values ? "answers" : "codes");
            return CELL_BAD;
        }
        *out = (int16_t)v;
        return CELL_OK;
    }
    }
}

/* Type every cell of up to two characters once, for each one-variable
   column, through parse_cell itself: record() then types most cells by one
   table look-up and can never disagree with the slow path.  Also list the
   Likert variables. */
static int plan_columns(struct survey *s)
{
    struct survey_impl *im = s->impl;
    struct file_ctx fc = {.s = s};
    char why[160];
    if (!(fc.row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *fc.row)))
        return -1;
    for (size_t k = 0; k < s->cb->n_cols; k++) {
        struct colinfo *ci = &im->col[k];
        if (!is_analysed(s->cb->cols[k].role))
            continue;
        if (!(ci->fast = malloc(FAST_SIZE * sizeof *ci->fast))) {
            free(fc.row);
            return -1;
        }
        for (int i = 0; i < FAST_SIZE; i++) {
            char text[2];
            size_t len = i == 0 ? 0 : i < FAST_TWO ? 1 : 2;
            if (len == 1)
                text[0] = (char)(i - FAST_ONE);
            if (len == 2)
                text[0] = (char)('0' + (i - FAST_TWO) / 10), text[1] = (char)('0' + (i - FAST_TWO) % 10);
            const char *t = text;
            text_trim(&t, &len);
            ci->fast[i] = parse_cell(&fc, (int)k, t, len, why, sizeof why) == CELL_OK
                              ? fc.row[ci->var]
                              : FAST_SLOW;
        }
    }
    free(fc.row);
    for (size_t j = 0; j < s->n_vars; j++) {
        if (s->vars[j].role != ROLE_SATISFACTION && s->vars[j].role != ROLE_TRUST)
            continue;
        int *l = realloc(im->likert, (im->n_likert + 1) * sizeof *l);
        if (!l)
            return -1;
        im->likert = l;
        im->likert[im->n_likert++] = (int)j;
    }
    return 0;
}

/* Bytes the in-memory survey takes per respondent at most. */
static size_t bytes_per_respondent(const struct survey *s)
{
    return s->n_vars * sizeof(int16_t) + 2 * sizeof(double) /* weight, duration */ +
           16 /* an id */;
}

/* Whether N respondents fit in three quarters of the machine's memory:
   beyond that Linux would kill the process instead of failing malloc, and a
   researcher gets no message at all. */
static int fits_in_memory(const struct survey *s, size_t n)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return 1;
    double ram = (double)pages * (double)page;
    return (double)n * (double)bytes_per_respondent(s) <= 0.75 * ram;
}

/* Give every per-respondent array room for CAP respondents (see bigmem.c:
   room nobody writes to costs nothing). */
/* Resize the K-th per-respondent array of S (its variables, then the
   weights and the durations, when the codebook has them) from room for OLD
   respondents to room for CAP.  0, or -1 out of memory (a shrink never is). */
static int resize_row_array(struct survey *s, size_t k, size_t old, size_t cap)
{
    if (k < s->n_vars) {
        int16_t *v = big_resize(s->vars[k].v, old * sizeof *v, cap * sizeof *v);
        if (!v)
            return -1;
        s->vars[k].v = v;
        return 0;
    }
    enum survey_role role = k == s->n_vars ? ROLE_WEIGHT : ROLE_DURATION;
    double **a = role == ROLE_WEIGHT ? &s->weight : &s->duration;
    if (survey_codebook_find_role(s->cb, role) < 0)
        return 0;
    double *d = big_resize(*a, old * sizeof *d, cap * sizeof *d);
    if (!d)
        return -1;
    *a = d;
    return 0;
}

static int reserve_rows(struct survey *s, size_t cap)
{
    struct survey_impl *im = s->impl;
    if (cap <= im->cap)
        return 0;
    if (im->borrowed) /* the room of another survey: it cannot grow here */
        return -1;
    size_t k, n = s->n_vars + 2;
    for (k = 0; k < n && resize_row_array(s, k, im->cap, cap) == 0; k++)
        ;
    if (k < n) { /* all or none: give back what grew */
        while (k-- > 0)
            resize_row_array(s, k, cap, im->cap);
        return -1;
    }
    im->cap = cap;
    return 0;
}

/* Room for one more respondent: 0, -1 out of memory, -2 when the machine's
   memory is full (checked every 64Ki respondents). */
static int grow_rows(struct survey *s)
{
    if ((s->n & 0xFFFF) == 0 && !fits_in_memory(s, s->n + 0x10000) &&
        !fits_in_memory(s, s->n + 1))
        return -2;
    if (s->n < s->impl->cap)
        return 0;
    return reserve_rows(s, s->impl->cap ? 2 * s->impl->cap : 1024);
}

/* The file respondent ROW came from: files load one after another. */
static size_t row_file(const struct survey *s, size_t row)
{
    const size_t *first = s->impl->file_first_row;
    size_t lo = 0, hi = s->n_files; /* the last file starting at or before ROW */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (first[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int header(struct file_ctx *fc, const struct rd_record *rec)
{
    struct survey *s = fc->s;
    const struct survey_codebook *cb = s->cb;
    struct survey_file_info *fi = &s->files[fc->file];
    if (fc->info && fc->info->sheet[0] &&
        !(fi->where = arena_printf(&s->impl->arena, "%s:%s", fi->name, fc->info->sheet)))
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, fi->name, 0, "out of memory");
    const char *fname = fi->where;
    fc->n_fields = rec->n;
    fc->colof = malloc(rec->n * sizeof *fc->colof);
    int *seen = calloc(cb->n_cols ? cb->n_cols : 1, sizeof *seen);
    if (!fc->colof || !seen) {
        free(seen);
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
    }
    int rc = 0;
    for (size_t i = 0; i < rec->n && rc == 0; i++) {
        const char *h = rec->field[i];
        size_t hl = rec->len[i];
        text_trim(&h, &hl);
        fc->colof[i] = -1;
        for (size_t k = 0; k < cb->n_cols; k++) {
            if (strlen(cb->cols[k].column) == hl && !memcmp(cb->cols[k].column, h, hl)) {
                if (seen[k])
                    rc = survey_error_set(fc->err, SURVEY_ERR_HEADER, fname, rec->line,
                                     "column \"%s\" appears twice in the header (fields %d and "
                                     "%zu)",
                                     cb->cols[k].column, seen[k], i + 1);
                seen[k] = (int)i + 1;
                fc->colof[i] = (int)k;
                break;
            }
        }
        if (rc == 0 && fc->colof[i] < 0) {
            char *col = arena_strndup(&s->impl->arena, h, hl);
            if (!col || add_problem(s, REASON_UNKNOWN_COLUMN, fc->file, rec->line, col, "", 0,
                                    "not in the codebook; ignored", NULL) < 0)
                rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
        }
    }
    for (size_t k = 0; k < cb->n_cols && rc == 0; k++) {
        if (seen[k])
            continue;
        if (!fc->opts->absent_columns_ok) {
            rc = survey_error_set(fc->err, SURVEY_ERR_HEADER, fname, rec->line,
                                  "the codebook's column \"%s\" (%s:%ld) is not in the data",
                                  cb->cols[k].column, cb->file, cb->cols[k].line);
            break;
        }
        const struct survey_cbcol **a = realloc(fi->absent, (fi->n_absent + 1) * sizeof *a);
        if (!a) {
            rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
            break;
        }
        fi->absent = a;
        a[fi->n_absent++] = &cb->cols[k];
    }
    free(seen);
    if (rc == 0 && !(fc->plan = malloc(rec->n * sizeof *fc->plan)))
        rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
    /* Every record takes at least a byte per field (its commas and line
       end): room for that many respondents is reserved at once.  Only room:
       under a limit on address space (ulimit -v) it may not be had, and the
       arrays then grow as they fill. */
    if (rc == 0 && fc->size)
        reserve_rows(s, s->n + fc->size / rec->n + 1);
    for (size_t i = 0; i < rec->n && rc == 0; i++) {
        int k = fc->colof[i];
        enum survey_role role = k >= 0 ? cb->cols[k].role : ROLE_IGNORE;
        fc->plan[i].col = k;
        fc->plan[i].kind = role == ROLE_TEXT || role == ROLE_IGNORE ? FIELD_SKIP
                           : role == ROLE_ID                        ? FIELD_ID
                           : s->impl->col[k].fast                   ? FIELD_FAST
                                                                    : FIELD_OTHER;
    }
    if (rc == 0) {
        fc->scratch.len = 0;
        if (csv_write_record(&fc->scratch, rec->field, rec->len, rec->n) < 0 ||
            !(s->impl->file_header[fc->file] =
                  arena_strndup(&s->impl->arena, fc->scratch.data, fc->scratch.len)))
            rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
    }
    fc->have_header = 1;
    return rc;
}

static int reject(struct file_ctx *fc, const struct rd_record *rec, enum survey_reason reason,
                  const char *column, const char *value, size_t vlen, const char *detail)
{
    struct survey *s = fc->s;
    fc->scratch.len = 0;
    if (csv_write_record(&fc->scratch, rec->field, rec->len, rec->n) < 0 ||
        add_problem(s, reason, fc->file, rec->line, column, value, vlen, detail,
                    fc->scratch.data ? fc->scratch.data : "") < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0, "out of memory");
    s->rows_excluded++;
    s->files[fc->file].rows_excluded++;
    return 0;
}

static void repeat_detail(const struct survey *s, size_t first, char *detail, size_t size)
{
    snprintf(detail, size, "repeated id, first seen at %s:%lu", s->files[row_file(s, first)].where,
             (unsigned long)line_of(&s->impl->lines, first));
    text_utf8_clip(detail);
}

/* Whether ROW gives the same answer to every one of at least six Likert
   items (reverse-worded items compared as answered); *RAW gets the answer. */
static int straight_answer(const struct survey *s, const int16_t *row, int *raw, int *answered)
{
    const struct survey_impl *im = s->impl;
    int n = 0, first = 0;
    for (size_t k = 0; k < im->n_likert; k++) {
        const struct survey_var *v = &s->vars[im->likert[k]];
        int16_t x = row[im->likert[k]];
        if (x == SURVEY_MISSING)
            continue;
        int r = likert_score(v->col, x); /* undoes the reverse coding */
        if (n++ == 0)
            first = r;
        else if (r != first)
            return 0;
    }
    *raw = first;
    *answered = n;
    return n >= 6;
}

static int straight_lined(const struct survey *s, const int16_t *row)
{
    int raw, answered;
    return straight_answer(s, row, &raw, &answered);
}

static int note_straight(struct survey_impl *im, size_t row)
{
    if (im->n_straight == im->straight_cap) {
        size_t cap = im->straight_cap ? 2 * im->straight_cap : 64;
        uint32_t *p = realloc(im->straight, cap * sizeof *p);
        if (!p)
            return -1;
        im->straight = p;
        im->straight_cap = cap;
    }
    im->straight[im->n_straight++] = (uint32_t)row;
    return 0;
}

static int record(void *vfc, const struct rd_record *rec)
{
    struct file_ctx *fc = vfc;
    if (!fc->have_header)
        return header(fc, rec);
    struct survey *s = fc->s;
    struct survey_impl *im = s->impl;
    const struct survey_codebook *cb = s->cb;
    s->rows_read++;
    s->files[fc->file].rows_read++;
    if (rec->n != fc->n_fields) {
        char detail[96];
        snprintf(detail, sizeof detail, "wrong number of fields: expected %zu, found %zu", fc->n_fields,
                 rec->n);
        return reject(fc, rec, REASON_FIELD_COUNT, "", "", 0, detail);
    }
    fc->weight = fc->duration = NAN;
    /* Columns this file lacks stay missing (the others are typed below). */
    const struct survey_file_info *fi = &s->files[fc->file];
    for (size_t a = 0; a < fi->n_absent; a++) {
        const struct colinfo *ci = &im->col[fi->absent[a] - cb->cols];
        for (int j = 0; j < ci->nvar; j++)
            fc->row[ci->var + j] = SURVEY_MISSING;
    }
    const char *id = NULL;
    size_t idlen = 0;
    for (size_t i = 0; i < rec->n; i++) {
        const struct field_plan *pl = &fc->plan[i];
        int k = pl->col;
        if (pl->kind == FIELD_SKIP)
            continue;
        const char *v = rec->field[i];
        size_t vl = rec->len[i];
        if (pl->kind == FIELD_FAST) {
            const struct colinfo *ci = &im->col[k];
            const unsigned char *u = (const unsigned char *)v;
            int32_t x = vl == 0   ? ci->fast[0]
                        : vl == 1 ? ci->fast[FAST_ONE + u[0]]
                        : vl == 2 && (unsigned)(u[0] - '0') < 10 && (unsigned)(u[1] - '0') < 10
                            ? ci->fast[FAST_TWO + 10 * (u[0] - '0') + (u[1] - '0')]
                            : FAST_SLOW;
            if (x != FAST_SLOW) {
                fc->row[ci->var] = (int16_t)x;
                continue;
            }
        }
        text_trim(&v, &vl);
        if (pl->kind == FIELD_ID) {
            if (vl) {
                id = v;
                idlen = vl;
            }
            continue;
        }
        char why[160];
        enum cell rc = parse_cell(fc, k, v, vl, why, sizeof why);
        if (rc == CELL_OK)
            continue;
        enum survey_reason reason = rc == CELL_RANGE ? REASON_OUT_OF_RANGE : REASON_INVALID_VALUE;
        if (!fc->opts->lenient)
            return reject(fc, rec, reason, cb->cols[k].column, v, vl, why);
        /* --lenient: the value becomes missing and the record stays. */
        const struct colinfo *ci = &im->col[k];
        for (int j = 0; j < ci->nvar; j++)
            fc->row[ci->var + j] = SURVEY_MISSING;
        if (cb->cols[k].role == ROLE_WEIGHT)
            fc->weight = NAN;
        if (cb->cols[k].role == ROLE_DURATION)
            fc->duration = NAN;
        if (add_problem(s, REASON_LENIENT_MISSING, fc->file, rec->line, cb->cols[k].column, v,
                        vl, why, NULL) < 0)
            return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                               "out of memory");
        s->warnings++;
    }
    if (s->n >= INT_MAX - 1)
        return survey_error_set(fc->err, SURVEY_ERR_LIMIT, s->files[fc->file].where, rec->line,
                                "more than %d respondents", INT_MAX - 1);
    int grown = grow_rows(s);
    if (grown == -2)
        return survey_error_set(fc->err, SURVEY_ERR_LIMIT, s->files[fc->file].where, rec->line,
                                "%zu respondents is as many as this machine's memory holds "
                                "(about %zu bytes each): split the input, or use a larger machine",
                                s->n, bytes_per_respondent(s));
    if (grown < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    if (id) {
        size_t first = 0;
        int rc = idset_add(&im->ids, id, idlen, s->n, &first);
        if (rc < 0)
            return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                               "out of memory");
        if (rc == 1) {
            char detail[320];
            repeat_detail(s, first, detail, sizeof detail);
            int idcol = survey_codebook_find_role(cb, ROLE_ID);
            return reject(fc, rec, REASON_DUPLICATE_ID, cb->cols[idcol].column, id, idlen, detail);
        }
    }
    for (size_t j = 0; j < s->n_vars; j++)
        s->vars[j].v[s->n] = fc->row[j];
    if (s->weight)
        s->weight[s->n] = fc->weight;
    if (s->duration)
        s->duration[s->n] = fc->duration;
    if (lines_note(&im->lines, s->n, rec->line) < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    if (straight_lined(s, fc->row) && note_straight(im, s->n) < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    s->n++;
    s->rows_loaded++;
    s->files[fc->file].rows_loaded++;
    return 0;
}

/* Register a new file; returns its index or -1. */
static long add_file(struct survey *s, const char *name)
{
    struct survey_impl *im = s->impl;
    if (s->n_files >= UINT16_MAX)
        return -1;
    struct survey_file_info *f = realloc(s->files, (s->n_files + 1) * sizeof *f);
    if (!f)
        return -1;
    s->files = f;
    char **h = realloc(im->file_header, (s->n_files + 1) * sizeof *h);
    if (!h)
        return -1;
    im->file_header = h;
    h[s->n_files] = NULL;
    size_t *first = realloc(im->file_first_row, (s->n_files + 1) * sizeof *first);
    if (!first)
        return -1;
    im->file_first_row = first;
    first[s->n_files] = s->n;
    memset(&f[s->n_files], 0, sizeof *f);
    f[s->n_files].halves = 1;
    f[s->n_files].format = "csv";
    if (!(f[s->n_files].name = arena_strndup(&im->arena, name, strlen(name))))
        return -1;
    f[s->n_files].where = f[s->n_files].name;
    return (long)s->n_files++;
}

/* ## Sources
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

static void progress_add(struct progress *p, size_t n, int tell)
{
    if (!p)
        return;
    size_t done = atomic_fetch_add(&p->done, n) + n;
    if (tell && p->opts->progress)
        p->opts->progress(p->opts->progress_ctx, done, p->total);
}

/* At most N bytes at offset OFF into BUF; the count, or -1 with ERR set. */
static long read_at(const struct source *src, size_t off, char *buf, size_t n,
                    struct survey_error *err)
{
    if (src->mem) {
        if (off >= src->size)
            return 0;
        size_t k = src->size - off < n ? src->size - off : n;
        memcpy(buf, src->mem + off, k);
        return (long)k;
    }
    for (;;) {
        ssize_t k = pread(src->fd, buf, n, (off_t)off);
        if (k >= 0)
            return (long)k;
        if (errno != EINTR)
            return survey_error_set(err, SURVEY_ERR_IO, src->name, 0, "read error: %s",
                                    strerror(errno));
    }
}

/* Feed bytes [FROM, TO) to R (TO is ignored for a stream, read to its end).
   STOP, when set by another thread, ends the feeding early (returns 0).
   TELL: this thread reports progress. */
static int feed(const struct source *src, size_t from, size_t to, struct csv_reader *r,
                _Atomic int *stop, int tell, struct survey_error *err)
{
    if (src->mem) {
        for (size_t off = from; off < to && !(stop && *stop); off += src->chunk) {
            size_t n = to - off < src->chunk ? to - off : src->chunk;
            if (csv_reader_feed(r, src->mem + off, n, err) < 0)
                return -1;
            progress_add(src->progress, n, tell);
        }
        return 0;
    }
    char *buf = malloc(src->chunk);
    if (!buf)
        return survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0, "out of memory");
    int rc = 0;
    if (src->fd < 0) {
        size_t n;
        if (src->head_len) {
            rc = csv_reader_feed(r, src->head, src->head_len, err);
            progress_add(src->progress, src->head_len, tell);
        }
        while (rc == 0 && (n = fread(buf, 1, src->chunk, src->stream)) > 0) {
            rc = csv_reader_feed(r, buf, n, err);
            progress_add(src->progress, n, tell);
        }
        if (rc == 0 && ferror(src->stream))
            rc = survey_error_set(err, SURVEY_ERR_IO, src->name, 0, "read error: %s",
                                  strerror(errno));
    } else {
        for (size_t off = from; rc == 0 && off < to && !(stop && *stop);) {
            long n = read_at(src, off, buf, to - off < src->chunk ? to - off : src->chunk, err);
            if (n <= 0) { /* an error, or the file shrank: read what is there */
                rc = n < 0 ? -1 : 0;
                break;
            }
            rc = csv_reader_feed(r, buf, (size_t)n, err);
            progress_add(src->progress, (size_t)n, tell);
            off += (size_t)n;
        }
    }
    free(buf);
    return rc;
}

/* ## Two halves at once
 *
 * A large file is cut in two at a line end outside any quoted field, and a
 * second thread loads the second half while the first loads the first.  The
 * cut is exact: in well-formed CSV a quote opens or closes a quoted field, or
 * is half of a doubled quote, so a line end is outside quotes exactly when an
 * even number of quotes precedes it.  Malformed CSV stops the first half at
 * the same record as it would stop the whole file.
 *
 * Counting the line ends before the cut gives the second half its first line
 * and a bound on the first half's respondents: the second thread writes its
 * respondents into the survey's own arrays right after that bound, so that
 * nothing is copied (when no record of the first half was rejected or blank,
 * they are already in place; else they move down).  Its ids, problems and
 * counts go into a survey of its own, appended at the end.  Whenever the
 * halves might not add up to what one reader would have made -- the first
 * half not ending where the second begins, an error in the second half, an
 * id in both halves -- the second half is dropped and the first half's
 * reader goes on through it alone, so the result is always the one-thread
 * result.
 */
enum { SPLIT_MIN = 8 << 20 }; /* smaller files: one thread */

/* What find_cut learns of the bytes before the cut. */
struct cut {
    size_t at;        /* just after the first line end at or after the middle
                         with an even number of quotes before it; 0: none */
    size_t high;      /* the first non-ASCII byte, or the size if none before AT */
    long lines;       /* line ends before AT ("\r\n" counts once) */
    long outside;     /* of which outside quoted fields: records and blank lines */
};

/* Whether any byte of the 8 in W is C. */
static int has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (0x0101010101010101u * c);
    return ((x - 0x0101010101010101u) & ~x & 0x8080808080808080u) != 0;
}

static void find_cut(const struct source *src, size_t mid, struct cut *c, struct survey_error *err)
{
    enum { BLOCK = 1 << 20 };
    memset(c, 0, sizeof *c);
    c->high = src->size;
    char *buf = src->mem ? NULL : malloc(BLOCK);
    if (!src->mem && !buf)
        return;
    size_t quotes = 0;
    int prev_cr = 0;
    for (size_t off = 0; off < src->size && !c->at;) {
        size_t want = src->size - off < BLOCK ? src->size - off : BLOCK;
        const char *b = src->mem ? src->mem + off : buf;
        long n = src->mem ? (long)want : read_at(src, off, buf, want, err);
        if (n <= 0)
            break;
        const unsigned char *u = (const unsigned char *)b;
        for (size_t i = 0; i < (size_t)n; i++) {
            /* Most of a survey is digits and commas: skip eight at a time. */
            while ((size_t)n - i >= 8) {
                uint64_t w;
                memcpy(&w, u + i, 8);
                if (has_byte(w, '"') || has_byte(w, '\n') || has_byte(w, '\r') ||
                    (c->high == src->size && (w & 0x8080808080808080u)))
                    break;
                i += 8;
                prev_cr = 0;
            }
            if (i == (size_t)n)
                break;
            unsigned char ch = u[i];
            if (ch >= 0x80 && c->high == src->size)
                c->high = off + i;
            if (ch == '"') {
                quotes++;
            } else if (ch == '\r' || (ch == '\n' && !prev_cr)) {
                c->lines++;
                c->outside += quotes % 2 == 0;
            }
            prev_cr = ch == '\r';
            if (ch == '\n' && quotes % 2 == 0 && off + i >= mid) {
                c->at = off + i + 1;
                break;
            }
        }
        off += (size_t)n;
    }
    free(buf);
    if (c->at >= src->size)
        c->at = 0;
    if (c->high >= c->at)
        c->high = src->size;
}

/* The second half.  Its thread finds the cut (after MID) while the first
   thread reads up to MID, then tells it through CUT and the condition. */
struct half {
    struct survey *s;     /* the second half's own ids, problems and counts */
    struct survey *whole; /* the survey both halves fill */
    struct file_ctx fc;
    struct csv_reader *r;
    const struct source *src;
    size_t mid;
    size_t first_row; /* the whole survey's respondents before this file */
    size_t cap;       /* its arrays' room, fixed while the halves load */
    size_t row;       /* where the second half's respondents go */
    long line;        /* the line the second half starts on */
    pthread_mutex_t lock;
    pthread_cond_t found;
    int cut_known; /* under LOCK */
    size_t cut;    /* 0: no cut, one thread reads everything */
    _Atomic int stop;
    struct survey_error err;
    int rc;
};

static void tell_cut(struct half *h, size_t cut)
{
    pthread_mutex_lock(&h->lock);
    h->cut = cut;
    h->cut_known = 1;
    pthread_cond_signal(&h->found);
    pthread_mutex_unlock(&h->lock);
}

static size_t wait_cut(struct half *h)
{
    pthread_mutex_lock(&h->lock);
    while (!h->cut_known)
        pthread_cond_wait(&h->found, &h->lock);
    size_t cut = h->cut;
    pthread_mutex_unlock(&h->lock);
    return cut;
}

/* The encoding one reader of the whole file would decide, as far as it
   concerns bytes after CUT: a byte order mark or a choice decides at the
   start, else the window at the first non-ASCII byte HIGH if it comes before
   the cut; else the second half decides for itself (AUTO). */
static enum survey_encoding half_encoding(const struct half *h, size_t high, size_t cut)
{
    unsigned char head[3], window[4096];
    long nh = read_at(h->src, 0, (char *)head, sizeof head, NULL);
    long nw = high < cut ? read_at(h->src, high, (char *)window, sizeof window, NULL) : 0;
    return csv_sniff(head, nh > 0 ? (size_t)nh : 0, window, nw > 0 ? (size_t)nw : 0,
                     h->fc.opts->encoding);
}

/* Point the second half's arrays into the whole survey's, from ROW on. */
static void borrow_rows(struct half *h)
{
    struct survey *t = h->s, *w = h->whole;
    for (size_t j = 0; j < w->n_vars; j++)
        t->vars[j].v = w->vars[j].v + h->row;
    t->weight = w->weight ? w->weight + h->row : NULL;
    t->duration = w->duration ? w->duration + h->row : NULL;
    t->impl->cap = h->cap - h->row;
    t->impl->borrowed = 1;
}

static void *load_half(void *vh)
{
    struct half *h = vh;
    struct cut c;
    find_cut(h->src, h->mid, &c, &h->err);
    /* Room for the most respondents the second half can hold after the most
       the first can (its records, less the header), or one thread. */
    h->row = h->first_row + (size_t)(c.outside > 0 ? c.outside - 1 : 0);
    if (c.at && h->row + (h->src->size - c.at) / h->fc.n_fields + 2 > h->cap)
        c.at = 0;
    h->line = c.lines + 1;
    if (c.at) {
        borrow_rows(h);
        csv_reader_resume(h->r, half_encoding(h, c.high, c.at), h->line);
    }
    tell_cut(h, c.at);
    if (!c.at)
        return NULL;
    h->rc = feed(h->src, c.at, h->src->size, h->r, &h->stop, 0, &h->err);
    if (h->rc == 0)
        h->rc = csv_reader_finish(h->r, &h->err);
    return NULL;
}

/* Append the second half H to S's file FILE, the first half having loaded
   up to respondent S->n.  0, 1 when the halves do not fit together (an id in
   both), -1 out of memory. */
static int append_half(struct survey *s, size_t file, struct half *h)
{
    struct survey_impl *im = s->impl;
    struct survey *t = h->s;
    struct idset *a = &im->ids, *b = &t->impl->ids;
    size_t n1 = s->n, n2 = t->n, row;
    int in_order = !a->unsorted && !b->unsorted &&
                   (a->count == 0 || b->count == 0 ||
                    idset_cmp(a, a->count - 1, idset_id(b, 0), strlen(idset_id(b, 0))) < 0);
    for (size_t k = 0; k < b->count && !in_order; k++)
        if (idset_has(a, idset_id(b, k), strlen(idset_id(b, k)), &row))
            return 1;
    if (in_order) {
        if (idset_append_all(a, b, n1) < 0)
            return -1;
    } else {
        for (size_t k = 0; k < b->count; k++) {
            const char *id = idset_id(b, k);
            if (idset_add(a, id, strlen(id), idset_row(b, k) + n1, &row) != 0)
                return -1; /* a repeat was ruled out above */
        }
    }
    if (h->row > n1) { /* records of the first half were rejected or blank */
        for (size_t j = 0; j < s->n_vars; j++)
            memmove(s->vars[j].v + n1, s->vars[j].v + h->row, n2 * sizeof *s->vars[j].v);
        if (s->weight)
            memmove(s->weight + n1, s->weight + h->row, n2 * sizeof *s->weight);
        if (s->duration)
            memmove(s->duration + n1, s->duration + h->row, n2 * sizeof *s->duration);
    }
    for (size_t k = 0; k < t->impl->n_straight; k++)
        if (note_straight(im, t->impl->straight[k] + n1) < 0)
            return -1;
    for (size_t k = 0; k < t->impl->lines.count; k++)
        if (lines_note(&im->lines, t->impl->lines.row[k] + n1, t->impl->lines.line[k]) < 0)
            return -1;
    s->n += n2;
    for (size_t k = 0; k < t->n_problems; k++) {
        const struct survey_problem *p = &t->problems[k];
        if (add_problem(s, p->reason, file, p->line, p->column, p->value, strlen(p->value),
                        p->detail, p->record) < 0)
            return -1;
    }
    struct survey_file_info *f = &s->files[file];
    const struct survey_file_info *g = &t->files[0];
    s->rows_read += t->rows_read;
    s->rows_loaded += t->rows_loaded;
    s->rows_excluded += t->rows_excluded;
    s->warnings += t->warnings;
    f->rows_read += g->rows_read;
    f->rows_loaded += g->rows_loaded;
    f->rows_excluded += g->rows_excluded;
    return 0;
}

/* Load SRC into R's survey in two halves when it pays (see above); else, or
   for whatever the halves leave, in one.  *LATE_ENC gets the second half's
   encoding when only it decided one (the first half was all ASCII). */
static int feed_halves(struct file_ctx *fc, struct csv_reader *r, const struct source *src,
                       enum survey_encoding *late_enc, struct survey_error *err)
{
    struct survey *s = fc->s;
    const struct survey_load_opts *opts = fc->opts;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int two = opts->threads >= 2 || (opts->threads == 0 && cpus >= 2 && src->size >= SPLIT_MIN);
    size_t pos = 0;
    /* The header first: the second half needs the first half's column plan. */
    while (two && !fc->have_header && pos < src->size) {
        size_t n = src->size - pos < src->chunk ? src->size - pos : src->chunk;
        if (feed(src, pos, pos + n, r, NULL, 1, err) < 0)
            return -1;
        pos += n;
    }
    if (!two || !fc->have_header || pos == src->size)
        return feed(src, pos, src->size, r, NULL, 1, err);

    struct half h = {.whole = s, .src = src, .mid = pos + (src->size - pos) / 2,
                     .first_row = s->impl->file_first_row[fc->file],
                     .cap = s->impl->cap};
    h.s = survey_new(s->cb);
    int ok = h.s && add_file(h.s, s->files[fc->file].name) == 0;
    const struct survey_file_info *fi = &s->files[fc->file];
    if (ok && fi->n_absent) {
        ok = (h.s->files[0].absent = malloc(fi->n_absent * sizeof *fi->absent)) != NULL;
        if (ok) {
            memcpy(h.s->files[0].absent, fi->absent, fi->n_absent * sizeof *fi->absent);
            h.s->files[0].n_absent = fi->n_absent;
        }
    }
    h.fc = (struct file_ctx){.s = h.s, .file = 0, .opts = opts, .err = &h.err, .have_header = 1,
                             .n_fields = fc->n_fields, .colof = fc->colof, .plan = fc->plan};
    ok = ok && (h.fc.row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *h.fc.row)) != NULL &&
         (h.r = csv_reader_new(s->files[fc->file].name, opts->encoding, record, &h.fc)) != NULL;
    pthread_t thread;
    int started = ok && pthread_mutex_init(&h.lock, NULL) == 0;
    if (started && pthread_cond_init(&h.found, NULL) != 0) {
        pthread_mutex_destroy(&h.lock);
        started = 0;
    }
    if (started && pthread_create(&thread, NULL, load_half, &h) != 0) {
        pthread_cond_destroy(&h.found);
        pthread_mutex_destroy(&h.lock);
        started = 0;
    }
    /* Up to the middle while the other thread finds the cut, which is never
       before the middle; then up to the cut.  The first half's respondents
       stay below the second's (see load_half), so the arrays never grow. */
    size_t cut = 0;
    int rc = 0;
    if (started) {
        rc = feed(src, pos, h.mid, r, NULL, 1, err);
        cut = wait_cut(&h);
        pos = h.mid;
        if (rc == 0 && cut) {
            rc = feed(src, pos, cut, r, NULL, 1, err);
            pos = cut;
        }
        if (rc < 0)
            h.stop = 1;
        pthread_join(thread, NULL);
        pthread_cond_destroy(&h.found);
        pthread_mutex_destroy(&h.lock);
    }
    if (cut && rc == 0 && h.rc == 0 && csv_reader_at_record_start(r) &&
        csv_reader_line(r) == h.line && s->n <= h.row) {
        if (!csv_reader_decided(r) && csv_reader_decided(h.r))
            *late_enc = csv_reader_encoding(h.r, NULL);
        int m = append_half(s, fc->file, &h);
        if (m < 0)
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0, "out of memory");
        if (m == 0) {
            s->files[fc->file].halves = 2;
            pos = src->size;
        }
    }
    csv_reader_free(h.r);
    free(h.fc.row);
    buf_free(&h.fc.scratch);
    survey_free(h.s);
    if (rc < 0)
        return rc;
    return feed(src, pos, src->size, r, NULL, 1, err); /* one reader for what is left */
}

/* SRC->SIZE: the input's bytes when known, else 0. */
/* The reader for SRC's format, from its first bytes, or NULL for text (CSV).
   A stream's first bytes are already in SRC->head.  *RC is set to -1 (with
   ERR) when they cannot be read. */
static const struct rd_class *detect(const struct source *src, struct survey_error *err, int *rc)
{
    if (src->mem)
        return rd_detect((const unsigned char *)src->mem, src->size < RD_HEAD ? src->size : RD_HEAD);
    if (src->fd < 0)
        return rd_detect((const unsigned char *)src->head, src->head_len);
    char head[RD_HEAD];
    long n = read_at(src, 0, head, sizeof head, err);
    if (n < 0) {
        *rc = -1;
        return NULL;
    }
    return rd_detect((const unsigned char *)head, (size_t)n);
}

static int load(struct survey *s, const struct source *src, const struct survey_load_opts *opts,
                struct survey_error *err)
{
    static const struct survey_load_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    long file = add_file(s, src->name);
    if (file < 0)
        return survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0,
                                "out of memory (or too many files)");
    struct file_ctx fc = {.s = s, .file = (size_t)file, .opts = opts, .err = err, .size = src->size};
    fc.row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *fc.row);
    struct csv_reader *r =
        fc.row ? csv_reader_new(s->files[file].name, opts->encoding, record, &fc) : NULL;
    int rc = r ? 0 : survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0, "out of memory");
    enum survey_encoding late_enc = SURVEY_ENC_AUTO;
    const struct rd_class *cls = rc == 0 ? detect(src, err, &rc) : NULL;
    struct rd_info info = {.format = "csv"};
    if (cls) {
        fc.info = &info;
        struct rd_input in = {.name = src->name, .path = src->mem ? NULL : src->path,
                              .mem = src->mem, .size = src->size, .opts = opts};
        info.format = cls->name;
        info.encoding = SURVEY_ENC_UTF8;
        rc = cls->read(&in, record, &fc, &info, err);
    } else if (rc == 0) {
        rc = src->fd >= 0 || src->mem ? feed_halves(&fc, r, src, &late_enc, err)
                                      : feed(src, 0, 0, r, NULL, 1, err);
        if (rc == 0)
            rc = csv_reader_finish(r, err);
    }
    if (rc == 0 && src->progress && opts->progress) /* all read, whatever the halves told */
        opts->progress(opts->progress_ctx, src->progress->total, src->progress->total);
    if (rc == 0 && !fc.have_header)
        rc = survey_error_set(err, SURVEY_ERR_EMPTY, src->name, 0,
                              "the file is empty: no header line");
    struct survey_file_info *fi = &s->files[file];
    if (cls) {
        fi->format = cls->name == info.format ? cls->name : info.format;
        fi->encoding = info.encoding;
        fi->encoding_name = info.encoding_name;
        if (info.sheet[0] && !(fi->sheet = arena_strndup(&s->impl->arena, info.sheet,
                                                         strlen(info.sheet))) && rc == 0)
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0, "out of memory");
    } else if (r) {
        fi->encoding = csv_reader_encoding(r, &fi->bom);
        if (late_enc != SURVEY_ENC_AUTO)
            fi->encoding = late_enc;
    }
    csv_reader_free(r);
    free(fc.row);
    free(fc.colof);
    free(fc.plan);
    buf_free(&fc.scratch);
    return rc;
}

int survey_load_mem(struct survey *s, const char *name, const char *data, size_t len,
                    const struct survey_load_opts *opts, struct survey_error *err)
{
    struct progress pr = {.opts = opts, .total = len};
    struct source src = {.name = name, .mem = data ? data : "", .fd = -1, .size = len,
                         .chunk = opts && opts->chunk_size ? opts->chunk_size : 256 << 10,
                         .progress = opts && opts->progress ? &pr : NULL};
    return load(s, &src, opts, err);
}

int survey_load_file(struct survey *s, const char *path, const struct survey_load_opts *opts,
                     struct survey_error *err)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return survey_error_set(err, SURVEY_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    int regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    struct progress pr = {.opts = opts, .total = regular ? (size_t)st.st_size : 0};
    struct source src = {.name = is_stdin ? "(stdin)" : path, .stream = f,
                         .fd = regular && !is_stdin ? fileno(f) : -1,
                         .size = regular ? (size_t)st.st_size : 0,
                         .chunk = opts && opts->chunk_size ? opts->chunk_size : 256 << 10,
                         .progress = opts && opts->progress ? &pr : NULL,
                         .path = regular && !is_stdin ? path : NULL};
    /* A stream is read once: its first bytes tell the format; a spreadsheet
       or SPSS file, which its reader needs whole, is then read into memory. */
    char head[RD_HEAD];
    struct buf whole = {0};
    int rc = 0;
    if (src.fd < 0) {
        src.head = head;
        src.head_len = fread(head, 1, sizeof head, f);
        if (ferror(f))
            rc = survey_error_set(err, SURVEY_ERR_IO, src.name, 0, "read error: %s",
                                  strerror(errno));
        else if (rd_detect((const unsigned char *)head, src.head_len)) {
            size_t n = src.head_len;
            rc = buf_append(&whole, head, n);
            while (rc == 0 && n > 0 && (rc = buf_reserve(&whole, src.chunk)) == 0) {
                n = fread(whole.data + whole.len, 1, src.chunk, f);
                whole.len += n;
            }
            if (rc < 0)
                rc = survey_error_set(err, SURVEY_ERR_NOMEM, src.name, 0, "out of memory");
            else if (ferror(f))
                rc = survey_error_set(err, SURVEY_ERR_IO, src.name, 0, "read error: %s",
                                      strerror(errno));
            src.mem = whole.data;
            src.size = whole.len;
            src.head_len = 0;
        }
    }
    if (rc == 0)
        rc = load(s, &src, opts, err);
    buf_free(&whole);
    if (!is_stdin)
        fclose(f);
    return rc;
}

/* ## Data-quality warnings */

/* The k-th smallest of V[0..n), reordering V (Wirth's selection: on return
   everything before index K is <= V[K] and everything after is >= V[K]). */
static double select_kth(double *v, size_t n, size_t k)
{
    size_t l = 0, r = n - 1;
    while (l < r) {
        double x = v[k];
        size_t i = l, j = r;
        do {
            while (v[i] < x)
                i++;
            while (x < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        } while (i <= j);
        if (j < k)
            l = i;
        if (k < i)
            r = j;
    }
    return v[k];
}

/* The median of the N durations D that are not NaN: 1 and *MEDIAN, 0 when
   there are none, -1 out of memory.  Whole seconds under three hours, as
   nearly all are, are counted; anything else is selected. */
static int duration_median(const double *d, size_t n, double *median)
{
    enum { SPAN = 3 * 3600 };
    uint32_t *count = calloc(SPAN, sizeof *count);
    if (!count)
        return -1;
    size_t m = 0, i;
    for (i = 0; i < n; i++) {
        if (isnan(d[i]))
            continue;
        if (!(d[i] >= 0 && d[i] < SPAN && d[i] == (double)(int)d[i]) || m == UINT32_MAX)
            break;
        count[(int)d[i]]++;
        m++;
    }
    if (i == n) {
        int lo = -1, hi = -1; /* the values of ranks (m - 1) / 2 and m / 2 */
        size_t seen = 0;
        for (int v = 0; v < SPAN && hi < 0; v++) {
            seen += count[v];
            if (lo < 0 && seen > (m - 1) / 2)
                lo = v;
            if (seen > m / 2)
                hi = v;
        }
        free(count);
        if (!m)
            return 0;
        *median = lo == hi ? lo : (lo + hi) / 2.0;
        return 1;
    }
    free(count);
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    m = 0;
    for (i = 0; i < n; i++)
        if (!isnan(d[i]))
            v[m++] = d[i];
    if (m) {
        *median = select_kth(v, m, (m - 1) / 2);
        if (m % 2 == 0) {
            double hi = v[m / 2];
            for (i = m / 2; i < m; i++)
                if (v[i] < hi)
                    hi = v[i];
            *median = (*median + hi) / 2;
        }
    }
    free(v);
    return m > 0;
}

int survey_finish(struct survey *s, const struct survey_load_opts *opts)
{
    struct survey_impl *im = s->impl;
    if (im->finished)
        return 0;
    im->finished = 1;
    double min_duration = opts ? opts->min_duration : 0;
    double limit = min_duration;
    if (s->duration) {
        double median;
        int m = duration_median(s->duration, s->n, &median);
        if (m < 0)
            return -1;
        if (m && median / 3 > limit)
            limit = median / 3;
        char detail[96];
        int dcol = survey_codebook_find_role(s->cb, ROLE_DURATION);
        for (size_t i = 0; i < s->n && limit > 0; i++) {
            if (isnan(s->duration[i]) || s->duration[i] >= limit)
                continue;
            snprintf(detail, sizeof detail, "speeder: took %.0f s, under %.0f s", s->duration[i], limit);
            char val[32];
            snprintf(val, sizeof val, "%.0f", s->duration[i]);
            if (add_problem(s, REASON_SPEEDER, row_file(s, i), line_of(&im->lines, i),
                            s->cb->cols[dcol].column, val, strlen(val), detail, NULL) < 0)
                return -1;
            s->speeders++;
        }
    }
    /* Straight-liners were noted as they loaded (see record()). */
    int16_t *row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *row);
    if (!row)
        return -1;
    for (size_t k = 0; k < im->n_straight; k++) {
        size_t i = im->straight[k];
        for (size_t j = 0; j < s->n_vars; j++)
            row[j] = s->vars[j].v[i];
        int first, answered;
        straight_answer(s, row, &first, &answered);
        char detail[96], val[16];
        snprintf(detail, sizeof detail, "straight-lining: answered %d to all %d Likert items",
                 first, answered);
        snprintf(val, sizeof val, "%d", first);
        if (add_problem(s, REASON_STRAIGHT_LINER, row_file(s, i), line_of(&im->lines, i), "", val,
                        strlen(val), detail, NULL) < 0) {
            free(row);
            return -1;
        }
        s->straight_liners++;
    }
    free(row);
    return 0;
}

/* ## Rejected records */

int survey_write_rejects(const struct survey *s, FILE *out)
{
    const struct survey_impl *im = s->impl;
    const char *header = NULL;
    for (size_t i = 0; i < s->n_files && !header; i++)
        header = im->file_header[i];
    fprintf(out, "canyu_file,canyu_line,canyu_reason,%s\n", header ? header : "");
    struct buf b = {0}, reason = {0};
    int rc = 0;
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
        if (csv_write_record(&b, f, l, 3) < 0) {
            rc = -1;
            break;
        }
        if (fprintf(out, "%s,%s\n", b.data, p->record) < 0)
            rc = -1;
    }
    buf_free(&b);
    buf_free(&reason);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
