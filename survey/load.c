/* load.c — records to a columnar survey, by the loading rules of docs/codebook.md.
 *
 * Each file's header is matched to the codebook once; then every record is
 * typed cell by cell into a row buffer and either committed to the columns or
 * rejected whole, with file, line, column, value and reason.  Nothing is
 * allocated per cell: labels and missing answers are found in one hash map per
 * column, numbers are parsed without strtod, and the columns grow by doubling.
 * Ids go into a hash map so a repeated id is caught in any of the pooled files.
 * The other parts of the loader are listed in load_internal.h.
 */
#include "survey/survey.h"
#include "survey/load_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *survey_encoding_name(enum survey_encoding enc)
{
    static const char *const names[] = {
        [SURVEY_ENC_AUTO] = "auto", [SURVEY_ENC_UTF8] = "utf-8", [SURVEY_ENC_GB18030] = "gb18030"};
    return (unsigned)enc <= SURVEY_ENC_GB18030 ? names[enc] : "unknown";
}

/* ## Building an empty survey */

int ld_is_analysed(enum survey_role r)
{
    return r != ROLE_ID && r != ROLE_WEIGHT && r != ROLE_DURATION && r != ROLE_TEXT &&
           r != ROLE_IGNORE && r != ROLE_ACTIVITIES && r != ROLE_MULTI && r != ROLE_SCALE;
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
    im->part.arena = &im->arena;
    im->col = calloc(cb->n_cols ? cb->n_cols : 1, sizeof *im->col);
    if (!im->col || cb->n_cols > INT_MAX)
        goto fail;
    size_t vcap = 0;
    for (size_t i = 0; i < cb->n_cols; i++) {
        const struct survey_cbcol *c = &cb->cols[i];
        struct colinfo *ci = &im->col[i];
        ci->var = -1;
        /* Codebook columns are unique (survey_codebook_parse checks). */
        if (strmap_put(&im->columns, c->column, strlen(c->column), (int)i, NULL) < 0)
            goto fail;
        /* A cell may hold the code, the label or its English label. */
        for (size_t k = 0; k < c->n_values; k++)
            if (strmap_put(&ci->lookup, c->values[k].text, strlen(c->values[k].text),
                           c->values[k].code, NULL) < 0 ||
                (c->values[k].text_en && *c->values[k].text_en &&
                 strmap_put(&ci->lookup, c->values[k].text_en, strlen(c->values[k].text_en),
                            c->values[k].code, NULL) < 0))
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
        /* The keys that are "-128".."127" as printed: a column has few keys,
           and a codebook may have 40,000 columns. */
        for (int v = 0; v < 256; v++)
            ci->small[v] = SMALL_NONE;
        for (size_t j = 0; j < ci->lookup.cap; j++) {
            const struct strmap_slot *sl = &ci->lookup.slot[j];
            long v;
            char key[8];
            if (sl->key && text_int(sl->key, sl->len, &v) == 0 && v >= -128 && v < 128 &&
                snprintf(key, sizeof key, "%ld", v) == (int)sl->len && !memcmp(key, sl->key, sl->len))
                ci->small[v + 128] = sl->value;
        }
        if (ld_is_analysed(c->role)) {
            ci->var = (int)s->n_vars;
            ci->nvar = 1;
            /* A birth year gives the age (age.c). */
            struct survey_var v = {.role = c->role == ROLE_BIRTH_YEAR ? ROLE_AGE : c->role,
                                   .col = c, .label_zh = c->label_zh,
                                   .label_en = c->label_en, .values = c->values,
                                   .n_values = c->n_values};
            if (!(v.name = arena_strndup(&im->arena, c->column, strlen(c->column))) ||
                add_var(s, &vcap, v) < 0)
                goto fail;
        } else if (c->role == ROLE_ACTIVITIES || c->role == ROLE_MULTI) {
            /* One variable per option; for activities code 0 is "none of
               these", for a multi question an option like any other. */
            int multi = c->role == ROLE_MULTI;
            ci->var = (int)s->n_vars;
            for (size_t k = 0; k < c->n_values; k++) {
                if (c->values[k].code == 0 && !multi) {
                    ci->none_code = 1;
                    continue;
                }
                const char *en = c->values[k].text_en;
                struct survey_var v = {.role = multi ? ROLE_MULTI : ROLE_PARTICIPATION, .col = c,
                                       .option = c->values[k].code,
                                       .label_zh = c->values[k].text,
                                       .label_en = multi && en && *en ? en : c->values[k].text};
                v.name = arena_printf(&im->arena, "%s[%s]", c->column, c->values[k].text);
                if (!v.name || add_var(s, &vcap, v) < 0)
                    goto fail;
                ci->nvar++;
            }
        }
    }
    if (ld_any_setup(s) < 0 || ld_age_setup(s) < 0 || ld_plan_columns(s) < 0)
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
    size_t cap = im ? im->part.cap : 0;
    for (size_t i = 0; i < s->n_vars; i++) {
        big_free(s->vars[i].v, cap * sizeof(int16_t));
        big_free(s->vars[i].d, cap * sizeof(double));
    }
    ld_any_free(s);
    free(s->vars);
    big_free(s->weight, cap * sizeof(double));
    big_free(s->duration, cap * sizeof(double));
    for (size_t i = 0; i < s->n_files; i++)
        free(s->files[i].absent);
    free(s->files);
    if (im) {
        if (im->col)
            for (size_t i = 0; i < s->cb->n_cols; i++) {
                strmap_free(&im->col[i].lookup);
                free(im->col[i].fast);
            }
        free(im->col);
        strmap_free(&im->columns);
        ld_part_free(&im->part);
        free(im->file_first_row);
        free(im->file_header);
        free(im->likert);
        arena_free(&im->arena);
        free(im);
    }
    free(s);
}

void ld_part_free(struct ld_part *part)
{
    ld_idset_free(&part->ids);
    free(part->lines.row);
    free(part->lines.line);
    free(part->straight);
    free(part->problems);
}

void ld_publish(struct survey *s)
{
    const struct ld_part *part = &s->impl->part;
    s->n = part->n;
    s->problems = part->problems;
    s->n_problems = part->n_problems;
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

/* ## One file: its header, then its records */

/* Every codebook column the header at LINE lacks (SEEN[k] 0), at once: each
   with the nearest of the N data headers UNNAMED (at fields AT) that the
   codebook does not name, invisible characters shown.  Returns 0 when none
   is missing, else -1 with FC->err naming them all. */
static int missing_columns(struct file_ctx *fc, long line, const int *seen, const char *const *unnamed,
                           const size_t *at, size_t n)
{
    const struct survey_codebook *cb = fc->s->cb;
    const char *fname = fc->s->files[fc->file].where;
    struct survey_error *all = calloc(1, sizeof *all);
    if (!all)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
    /* With the built-in codebook, a file of another questionnaire lacks most
       of its columns: say first what to do. */
    for (size_t k = 0; cb->builtin && k < cb->n_cols; k++)
        if (!seen[k]) {
            survey_error_add(all, SURVEY_ERR_HEADER, fname, line,
                             "the built-in codebook describes the Boli County samples: give this "
                             "file's own with -c FILE (canyu codebook %s -o codebook.csv drafts "
                             "one)",
                             fc->s->files[fc->file].name);
            break;
        }
    for (size_t k = 0; k < cb->n_cols; k++) {
        if (seen[k])
            continue;
        char place[300], want[160], near[160];
        survey_cbcol_place(cb, &cb->cols[k], place, sizeof place);
        survey_visible(want, sizeof want, cb->cols[k].column, strlen(cb->cols[k].column));
        /* Suggestions for the problems that will be shown; the rest are only
           counted. */
        int j = survey_error_count(all) < 1 + SURVEY_ERROR_MORE && n
                    ? survey_nearest(cb->cols[k].column, unnamed, n)
                    : -1;
        if (j >= 0)
            survey_error_add(all, SURVEY_ERR_HEADER, fname, line,
                             "the codebook's column \"%s\" (%s) is not in the data; the nearest "
                             "header is \"%s\" (field %zu)",
                             want, place, survey_visible(near, sizeof near, unnamed[j],
                                                         strlen(unnamed[j])),
                             at[j]);
        else
            survey_error_add(all, SURVEY_ERR_HEADER, fname, line,
                             "the codebook's column \"%s\" (%s) is not in the data", want, place);
    }
    int rc = all->code != SURVEY_OK ? -1 : 0;
    if (rc < 0)
        *fc->err = *all;
    free(all);
    return rc;
}

/* Match the header REC to the codebook: each field's column and plan, the
   columns the file lacks, the header kept for --rejects. */
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
    /* The data headers the codebook does not name, to suggest the nearest of
       them for a codebook column the data lacks. */
    const char **unnamed = malloc((rec->n ? rec->n : 1) * sizeof *unnamed);
    size_t *unnamed_at = malloc((rec->n ? rec->n : 1) * sizeof *unnamed_at), n_unnamed = 0;
    /* Headers given to several columns (wjx heads the rows of a matrix
       question 标题): the codebook names the Nth of them 标题#N.  FIRST[i] is
       the first field with field I's header, OCC[i] which of them it is
       (from 1), COUNT[first] how many there are. */
    size_t *first = malloc((rec->n ? rec->n : 1) * sizeof *first);
    size_t *occ = malloc((rec->n ? rec->n : 1) * sizeof *occ);
    size_t *count = calloc(rec->n ? rec->n : 1, sizeof *count);
    struct strmap heads = {0};
    struct buf name = {0};
    if (!unnamed || !unnamed_at || !first || !occ || !count)
        rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
    for (size_t i = 0; i < rec->n && rc == 0; i++) {
        const char *h = rec->field[i];
        size_t hl = rec->len[i];
        text_trim(&h, &hl);
        int f;
        int got = rec->n <= INT_MAX ? strmap_put(&heads, h, hl, (int)i, &f) : -1;
        if (got < 0)
            rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
        first[i] = got == 1 ? (size_t)f : i;
        occ[i] = ++count[first[i]];
    }
    for (size_t i = 0; i < rec->n && rc == 0; i++) {
        const char *h = rec->field[i];
        size_t hl = rec->len[i];
        text_trim(&h, &hl);
        fc->colof[i] = -1;
        size_t n_same = count[first[i]];
        name.len = 0;
        char num[24];
        snprintf(num, sizeof num, "#%zu", occ[i]);
        if (buf_append(&name, h, hl) < 0 || buf_append(&name, num, strlen(num)) < 0) {
            rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
            break;
        }
        int k, bare = strmap_get(&s->impl->columns, h, hl, &k);
        if (n_same > 1 && bare && !strmap_get(&s->impl->columns, name.data, name.len, &(int){0})) {
            size_t second = first[i] + 1;
            while (first[second] != first[i])
                second++;
            const char *col = cb->cols[k].column;
            if (n_same == 2)
                rc = survey_error_set(fc->err, SURVEY_ERR_HEADER, fname, rec->line,
                                      "column \"%s\" appears twice in the header (fields %zu and "
                                      "%zu): name them \"%s#1\" and \"%s#2\" in the codebook",
                                      col, first[i] + 1, second + 1, col, col);
            else
                rc = survey_error_set(fc->err, SURVEY_ERR_HEADER, fname, rec->line,
                                      "column \"%s\" appears %zu times in the header (fields %zu, "
                                      "%zu, …): name them \"%s#1\", \"%s#2\", … in the codebook",
                                      col, n_same, first[i] + 1, second + 1, col, col);
            break;
        }
        if (n_same > 1 || !bare)
            bare = strmap_get(&s->impl->columns, name.data, name.len, &k);
        if (bare) {
            if (seen[k])
                rc = survey_error_set(fc->err, SURVEY_ERR_HEADER, fname, rec->line,
                                      "column \"%s\" appears twice in the header (fields %d and "
                                      "%zu)",
                                      cb->cols[k].column, seen[k], i + 1);
            seen[k] = (int)i + 1;
            fc->colof[i] = k;
        }
        if (rc == 0 && fc->colof[i] < 0) {
            /* A repeated header is named as the codebook would name it. */
            char *col = n_same > 1 ? arena_strndup(&s->impl->arena, name.data, name.len)
                                   : arena_strndup(&s->impl->arena, h, hl);
            if (!col || ld_add_problem(s, fc->out, REASON_UNKNOWN_COLUMN, fc->file, rec->line, col, "", 0,
                                    "not in the codebook; ignored", NULL) < 0)
                rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
            unnamed_at[n_unnamed] = i + 1;
            unnamed[n_unnamed++] = col;
        }
    }
    free(first);
    free(occ);
    free(count);
    strmap_free(&heads);
    buf_free(&name);
    if (rc == 0 && !fc->opts->absent_columns_ok)
        rc = missing_columns(fc, rec->line, seen, unnamed, unnamed_at, n_unnamed);
    free(unnamed);
    free(unnamed_at);
    for (size_t k = 0; k < cb->n_cols && rc == 0; k++) {
        if (seen[k])
            continue;
        const struct survey_cbcol **a = realloc(fi->absent, (fi->n_absent + 1) * sizeof *a);
        if (!a) {
            rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
            break;
        }
        fi->absent = a;
        a[fi->n_absent++] = &cb->cols[k];
    }
    free(seen);
    if (rc == 0)
        rc = ld_age_check(fc);
    if (rc == 0 && !(fc->plan = malloc(rec->n * sizeof *fc->plan)))
        rc = survey_error_set(fc->err, SURVEY_ERR_NOMEM, fname, 0, "out of memory");
    /* Every record takes at least a byte per field (its commas and line
       end): room for that many respondents is reserved at once.  Only room:
       under a limit on address space (ulimit -v) it may not be had, and the
       arrays then grow as they fill. */
    if (rc == 0 && fc->size)
        ld_reserve_rows(s, fc->out->n + fc->size / rec->n + 1);
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

/* The detail of a repeated id first seen at respondent FIRST of FC's part:
   in the survey's own part, any file's; in a half's, this file's. */
static void repeat_detail(const struct file_ctx *fc, size_t first, char *detail, size_t size)
{
    const struct survey *s = fc->s;
    size_t file = fc->out == &s->impl->part ? ld_row_file(s, first) : fc->file;
    snprintf(detail, size, "repeated id, first seen at %s:%lu", s->files[file].where,
             (unsigned long)ld_line_of(&fc->out->lines, first));
    text_utf8_clip(detail);
}

/* Whether every field of REC is empty after trimming (an empty line has no
   fields).  Most records have something in their first field: one look. */
static int blank_record(const struct rd_record *rec)
{
    for (size_t i = 0; i < rec->n; i++) {
        const char *v = rec->field[i];
        size_t vl = rec->len[i];
        if (vl == 0)
            continue;
        text_trim(&v, &vl);
        if (vl)
            return 0;
    }
    return 1;
}

int ld_record(void *vfc, const struct rd_record *rec)
{
    struct file_ctx *fc = vfc;
    int blank = blank_record(rec);
    if (!fc->have_header) /* the header is the first record that is not blank */
        return blank ? 0 : header(fc, rec);
    struct survey *s = fc->s;
    const struct survey_impl *im = s->impl;
    struct ld_part *out = fc->out;
    const struct survey_codebook *cb = s->cb;
    fc->count.read++;
    if (blank) { /* whatever its field count */
        fc->count.blank++;
        return 0;
    }
    if (rec->n != fc->n_fields) {
        char detail[96];
        snprintf(detail, sizeof detail, "wrong number of fields: expected %zu, found %zu", fc->n_fields,
                 rec->n);
        return ld_reject(fc, rec, REASON_FIELD_COUNT, "", "", 0, detail);
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
        enum cell rc = ld_parse_cell(fc, k, v, vl, why, sizeof why);
        if (rc == CELL_OK)
            continue;
        if (rc == CELL_NOMEM)
            return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                    "out of memory");
        enum survey_reason reason = rc == CELL_RANGE ? REASON_OUT_OF_RANGE : REASON_INVALID_VALUE;
        if (!fc->opts->lenient)
            return ld_reject(fc, rec, reason, cb->cols[k].column, v, vl, why);
        /* --lenient: the value becomes missing and the record stays. */
        const struct colinfo *ci = &im->col[k];
        for (int j = 0; j < ci->nvar; j++)
            fc->row[ci->var + j] = SURVEY_MISSING;
        if (cb->cols[k].role == ROLE_WEIGHT)
            fc->weight = NAN;
        if (cb->cols[k].role == ROLE_DURATION)
            fc->duration = NAN;
        if (ld_add_problem(s, out, REASON_LENIENT_MISSING, fc->file, rec->line,
                           cb->cols[k].column, v, vl, why, NULL) < 0)
            return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                    "out of memory");
        fc->count.warnings++;
    }
    if (im->birth_var >= 0) {
        char why[160];
        if (ld_age_from_birth(fc, why, sizeof why) != CELL_OK) {
            const struct survey_cbcol *bc = s->vars[im->birth_var].col;
            const char *v = "";
            size_t vl = 0;
            for (size_t i = 0; i < rec->n; i++)
                if (fc->plan[i].col == (int)(bc - cb->cols)) {
                    v = rec->field[i], vl = rec->len[i];
                    text_trim(&v, &vl);
                }
            if (!fc->opts->lenient)
                return ld_reject(fc, rec, REASON_OUT_OF_RANGE, bc->column, v, vl, why);
            fc->row[im->birth_var] = SURVEY_MISSING;
            if (ld_add_problem(s, out, REASON_LENIENT_MISSING, fc->file, rec->line, bc->column,
                               v, vl, why, NULL) < 0)
                return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                        "out of memory");
            fc->count.warnings++;
        }
    }
    size_t at = out->base + out->n; /* the row it goes to */
    if (at >= INT_MAX - 1)
        return survey_error_set(fc->err, SURVEY_ERR_LIMIT, s->files[fc->file].where, rec->line,
                                "more than %d respondents", INT_MAX - 1);
    int grown = ld_grow_rows(s, out);
    if (grown == -2)
        return survey_error_set(fc->err, SURVEY_ERR_LIMIT, s->files[fc->file].where, rec->line,
                                "%zu respondents is as many as this machine's memory holds "
                                "(about %zu bytes each): split the input, or use a larger machine",
                                at, ld_bytes_per_respondent(s));
    if (grown < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    if (id) {
        size_t first = 0;
        int rc = ld_idset_add(&out->ids, id, idlen, out->n, &first);
        if (rc < 0)
            return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                               "out of memory");
        if (rc == 1) {
            char detail[320];
            repeat_detail(fc, first, detail, sizeof detail);
            int idcol = survey_codebook_find_role(cb, ROLE_ID);
            return ld_reject(fc, rec, REASON_DUPLICATE_ID, cb->cols[idcol].column, id, idlen, detail);
        }
    }
    for (size_t j = 0; j < s->n_vars; j++)
        s->vars[j].v[at] = fc->row[j];
    for (size_t q = 0; q < im->n_numeric; q++) {
        int j = im->numeric[q];
        s->vars[j].d[at] = fc->row[j] == SURVEY_MISSING ? NAN : fc->drow[j];
    }
    if (s->weight)
        s->weight[at] = fc->weight;
    if (s->duration)
        s->duration[at] = fc->duration;
    if (ld_lines_note(&out->lines, out->n, rec->line) < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    if (ld_straight_lined(s, fc->row) && ld_note_straight(out, out->n) < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    out->n++;
    fc->count.loaded++;
    return 0;
}

/* ## Reading a file: its format, its reader */

long ld_add_file(struct survey *s, const char *name)
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
    first[s->n_files] = im->part.n;
    memset(&f[s->n_files], 0, sizeof *f);
    f[s->n_files].halves = 1;
    f[s->n_files].format = "csv";
    if (!(f[s->n_files].name = arena_strndup(&im->arena, name, strlen(name))))
        return -1;
    f[s->n_files].where = f[s->n_files].name;
    return (long)s->n_files++;
}

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
    long n = ld_read_at(src, 0, head, sizeof head, err);
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
    long file = ld_add_file(s, src->name);
    if (file < 0)
        return survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0,
                                "out of memory (or too many files)");
    struct file_ctx fc = {.s = s, .out = &s->impl->part, .file = (size_t)file, .opts = opts,
                          .err = err, .size = src->size};
    fc.row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *fc.row);
    fc.drow = malloc((s->n_vars ? s->n_vars : 1) * sizeof *fc.drow);
    if (!fc.drow) {
        free(fc.row);
        fc.row = NULL;
    }
    struct csv_reader *r =
        fc.row ? csv_reader_new(s->files[file].name, opts->encoding, ld_record, &fc) : NULL;
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
        rc = cls->read(&in, ld_record, &fc, &info, err);
    } else if (rc == 0) {
        rc = src->fd >= 0 || src->mem ? ld_feed_halves(&fc, r, src, &late_enc, err)
                                      : ld_feed(src, 0, 0, r, NULL, 1, err);
        if (rc == 0)
            rc = csv_reader_finish(r, err);
    }
    if (rc == 0 && src->progress && opts->progress) /* all read, whatever the halves told */
        opts->progress(opts->progress_ctx, src->progress->total, src->progress->total);
    if (rc == 0 && !fc.have_header)
        rc = survey_error_set(err, SURVEY_ERR_EMPTY, src->name, 0,
                              "the file is empty: no header line");
    struct survey_file_info *fi = &s->files[file];
    fi->rows_read = fc.count.read;
    fi->rows_loaded = fc.count.loaded;
    fi->rows_excluded = fc.count.excluded;
    fi->blank = fc.count.blank;
    s->rows_read += fc.count.read;
    s->rows_loaded += fc.count.loaded;
    s->rows_excluded += fc.count.excluded;
    s->blank += fc.count.blank;
    s->warnings += fc.count.warnings;
    ld_publish(s);
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
    free(fc.drow);
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
