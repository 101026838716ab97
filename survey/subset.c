/* subset.c — a survey of some respondents of loaded surveys (survey_subset).
 *
 * A subset is built as any survey is: survey_new() types it by the
 * codebook, so its variables, their order and names, and everything
 * survey_free() releases are those of a loaded survey.  Then, instead of
 * records, the chosen respondents' cells are copied column by column (a
 * whole survey in one memcpy per variable), and the survey is marked
 * finished: the categories of a question without values are already in
 * their final order in the surveys picked from.
 *
 * Those categories are the one thing that needs more than a copy when the
 * picks come from several surveys: each survey coded the answers it found
 * by itself.  The subset's categories are then what loading the surveys'
 * respondents together would have given (survey_finish's rule, cells_any.c):
 * numbers in numeric order coded by themselves when every category is a
 * number, else the categories in order of first appearance (the first
 * survey's, then those new in the next, ...) coded 1, 2, ...; each survey's
 * codes are mapped to those.
 */
#include "survey/survey.h"
#include "survey/load_internal.h"

#include <stdlib.h>
#include <string.h>

/* ## Categories from the data, merged */

/* One merged category: its text, and the number it is when it is one. */
struct cat {
    const char *text; /* borrowed from the survey it was first seen in */
    long num;
    size_t at; /* first appearance */
};

static int by_num(const void *a, const void *b)
{
    const struct cat *x = a, *y = b;
    return x->num != y->num ? (x->num < y->num ? -1 : 1) : (x->at < y->at ? -1 : x->at > y->at);
}

/* The categories of variable J over the picks, into SUB's own storage for
   the question (its loader's ld_dyn), and for each pick P the code its
   survey's code C becomes at MAP[P][C - INT16_MIN] (MAP[P] NULL: codes are
   kept).  0, or -1 when out of memory. */
static int merge_categories(struct survey *sub, size_t j, const struct survey_pick *picks,
                            size_t n_picks, int16_t **map)
{
    struct survey_var *var = &sub->vars[j];
    struct ld_dyn *dy = sub->impl->col[var->col - sub->cb->cols].dyn;
    struct strmap seen = {0};
    struct cat *cat = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    /* The union, in order of first appearance. */
    for (size_t p = 0; p < n_picks; p++) {
        const struct survey_var *v = &picks[p].from->vars[j];
        for (size_t k = 0; k < v->n_values; k++) {
            const char *t = v->values[k].text;
            int dup = strmap_put(&seen, t, strlen(t), (int)n, NULL);
            if (dup < 0)
                goto out;
            if (dup)
                continue;
            if (n == cap) {
                size_t nc = cap ? 2 * cap : 16;
                struct cat *c = realloc(cat, nc * sizeof *c);
                if (!c)
                    goto out;
                cat = c;
                cap = nc;
            }
            cat[n] = (struct cat){.text = t, .at = n};
            n++;
        }
    }
    int numbers = 1;
    for (size_t k = 0; k < n && numbers; k++)
        numbers = text_int(cat[k].text, strlen(cat[k].text), &cat[k].num) == 0 &&
                  cat[k].num > INT16_MIN && cat[k].num <= INT16_MAX;
    if (numbers)
        qsort(cat, n, sizeof *cat, by_num);
    /* The new code of the category first seen at AT, by AT. */
    int *code_at = malloc((n ? n : 1) * sizeof *code_at);
    dy->values = calloc(n ? n : 1, sizeof *dy->values);
    if (!code_at || !dy->values) {
        free(code_at);
        goto out;
    }
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        int code = numbers ? (int)cat[k].num : (int)m + 1;
        /* Spellings of one number ("3", "03") are one category. */
        if (!(numbers && m && dy->values[m - 1].code == code)) {
            size_t len = strlen(cat[k].text);
            char *text = arena_strndup(&sub->impl->arena, cat[k].text, len);
            if (!text) {
                free(code_at);
                goto out;
            }
            dy->values[m++] = (struct survey_label){.code = code, .text = text,
                                                    .text_en = text + len};
        }
        code_at[cat[k].at] = code;
    }
    dy->n = dy->cap = m;
    var->values = dy->values;
    var->n_values = m;
    /* Each pick's codes, mapped where any changes. */
    for (size_t p = 0; p < n_picks; p++) {
        const struct survey_var *v = &picks[p].from->vars[j];
        int same = 1;
        for (size_t k = 0; k < v->n_values && same; k++) {
            const char *t = v->values[k].text;
            int at = 0;
            strmap_get(&seen, t, strlen(t), &at);
            same = code_at[at] == v->values[k].code;
        }
        if (same)
            continue;
        if (!(map[p] = malloc(((size_t)INT16_MAX - INT16_MIN + 1) * sizeof *map[p]))) {
            free(code_at);
            goto out;
        }
        for (long c = INT16_MIN; c <= INT16_MAX; c++)
            map[p][c - INT16_MIN] = (int16_t)c;
        for (size_t k = 0; k < v->n_values; k++) {
            const char *t = v->values[k].text;
            int at = 0;
            strmap_get(&seen, t, strlen(t), &at);
            map[p][v->values[k].code - INT16_MIN] = (int16_t)code_at[at];
        }
    }
    free(code_at);
    rc = 0;
out:
    free(cat);
    strmap_free(&seen);
    return rc;
}

/* ## Copying the respondents */

/* Copy to DST the cells of SRC's respondents ROWS[0..N) (NULL: all SRC_N
   of them), through MAP (NULL: as they are). */
static void copy_codes(int16_t *dst, const int16_t *src, size_t src_n, const size_t *rows,
                       size_t n, const int16_t *map)
{
    size_t m = rows ? n : src_n;
    if (m == 0)
        return;
    if (!rows && !map) {
        memcpy(dst, src, m * sizeof *dst);
        return;
    }
    for (size_t i = 0; i < m; i++) {
        int16_t x = src[rows ? rows[i] : i];
        dst[i] = map && x != SURVEY_MISSING ? map[x - INT16_MIN] : x;
    }
}

static void copy_doubles(double *dst, const double *src, size_t src_n, const size_t *rows,
                         size_t n)
{
    if (!rows) {
        if (src_n)
            memcpy(dst, src, src_n * sizeof *dst);
        return;
    }
    for (size_t i = 0; i < n; i++)
        dst[i] = src[rows[i]];
}

static size_t pick_n(const struct survey_pick *p)
{
    return p->rows ? p->n : p->from->n;
}

/* Room for N respondents in SUB's variables, and in its weights and
   durations when WEIGHTS and DURATIONS; the survey's part knows the room, as
   survey_free() needs. */
static int reserve(struct survey *sub, size_t n, int weights, int durations)
{
    size_t cap = n ? n : 1;
    sub->impl->part.cap = cap;
    for (size_t j = 0; j < sub->n_vars; j++) {
        struct survey_var *v = &sub->vars[j];
        if (!(v->v = big_resize(NULL, 0, cap * sizeof *v->v)))
            return -1;
        if (v->role == ROLE_NUMERIC && !(v->d = big_resize(NULL, 0, cap * sizeof *v->d)))
            return -1;
    }
    if (weights && !(sub->weight = big_resize(NULL, 0, cap * sizeof *sub->weight)))
        return -1;
    if (durations && !(sub->duration = big_resize(NULL, 0, cap * sizeof *sub->duration)))
        return -1;
    return 0;
}

static struct survey *fail(struct survey *sub, struct survey_error *err, enum survey_status code,
                           const char *message)
{
    survey_free(sub);
    survey_error_set(err, code, "", 0, "%s", message);
    return NULL;
}

/* ## The entry point */

struct survey *survey_subset(const struct survey_pick *picks, size_t n_picks, unsigned flags,
                             struct survey_error *err)
{
    if (n_picks == 0)
        return fail(NULL, err, SURVEY_ERR_EMPTY, "no survey to take respondents from");
    const struct survey_codebook *cb = picks[0].from->cb;
    size_t n = 0;
    for (size_t p = 0; p < n_picks; p++) {
        const struct survey *s = picks[p].from;
        if (s->cb != cb)
            return fail(NULL, err, SURVEY_ERR_HEADER,
                        "the surveys were loaded with different codebooks");
        for (size_t i = 0; picks[p].rows && i < picks[p].n; i++)
            if (picks[p].rows[i] >= s->n)
                return fail(NULL, err, SURVEY_ERR_LIMIT,
                            "a respondent asked for is beyond the survey's last");
        if (pick_n(&picks[p]) > SIZE_MAX / sizeof(double) - n)
            return fail(NULL, err, SURVEY_ERR_LIMIT, "too many respondents");
        n += pick_n(&picks[p]);
    }
    int weights = !(flags & SURVEY_SUBSET_NO_WEIGHTS) &&
                  survey_codebook_find_role(cb, ROLE_WEIGHT) >= 0;
    int durations = !(flags & SURVEY_SUBSET_NO_DURATIONS) &&
                    survey_codebook_find_role(cb, ROLE_DURATION) >= 0;
    struct survey *sub = survey_new(cb);
    if (!sub || reserve(sub, n, weights, durations) < 0)
        return fail(sub, err, SURVEY_ERR_NOMEM, "out of memory");
    int16_t **map = calloc(n_picks, sizeof *map);
    if (!map)
        return fail(sub, err, SURVEY_ERR_NOMEM, "out of memory");
    int failed = 0;
    for (size_t j = 0; j < sub->n_vars && !failed; j++) {
        struct survey_var *v = &sub->vars[j];
        if (v->from_data && merge_categories(sub, j, picks, n_picks, map) < 0)
            failed = 1;
        size_t at = 0;
        for (size_t p = 0; p < n_picks && !failed; p++) {
            const struct survey_pick *pk = &picks[p];
            const struct survey_var *src = &pk->from->vars[j];
            copy_codes(v->v + at, src->v, pk->from->n, pk->rows, pk->n, map[p]);
            if (v->d)
                copy_doubles(v->d + at, src->d, pk->from->n, pk->rows, pk->n);
            at += pick_n(pk);
        }
        for (size_t p = 0; p < n_picks; p++) {
            free(map[p]);
            map[p] = NULL;
        }
    }
    free(map);
    if (failed)
        return fail(sub, err, SURVEY_ERR_NOMEM, "out of memory");
    size_t at = 0;
    for (size_t p = 0; p < n_picks; p++) {
        const struct survey_pick *pk = &picks[p];
        /* A survey that loaded no respondent may have no arrays yet. */
        if (weights && pk->from->weight)
            copy_doubles(sub->weight + at, pk->from->weight, pk->from->n, pk->rows, pk->n);
        if (durations && pk->from->duration)
            copy_doubles(sub->duration + at, pk->from->duration, pk->from->n, pk->rows, pk->n);
        at += pick_n(pk);
    }
    sub->impl->part.n = n;
    sub->impl->finished = 1;
    ld_publish(sub);
    sub->rows_read = sub->rows_loaded = (long)n;
    return sub;
}
