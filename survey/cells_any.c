/* cells_any.c — the cells of questions any questionnaire has beyond the Boli
 * study's roles: a numeric answer (income, years lived; decimals allowed,
 * within optional bounds), kept as a double beside the int16 variables, and
 * the answer to a `single` question whose codebook lists no values, whose
 * categories are then the answers found in the data.  ld_parse_cell hands
 * these cells here; the categories are put in their final order once every
 * file is loaded (ld_any_finish, from survey_finish).
 */
#include "survey/load_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A single question's categories from the data: at most this many. */
#define DYN_MAX 32000

int ld_is_any(const struct survey_cbcol *c, const struct colinfo *ci)
{
    return c->role == ROLE_NUMERIC || (c->role == ROLE_SINGLE && ci->dyn);
}

enum cell ld_parse_any(struct file_ctx *fc, int ci_index, const char *s, size_t len, int missing,
                       char *why, size_t wn)
{
    struct survey *sv = fc->s;
    const struct survey_cbcol *c = &sv->cb->cols[ci_index];
    struct colinfo *ci = &sv->impl->col[ci_index];
    int16_t *out = &fc->row[ci->var];
    if (c->role == ROLE_NUMERIC) {
        double d = NAN;
        *out = SURVEY_MISSING;
        if (fc->drow)
            fc->drow[ci->var] = NAN;
        if (missing)
            return CELL_OK;
        if (text_double(s, len, &d) < 0 || !isfinite(d)) {
            if (wn)
                snprintf(why, wn, "not a number");
            return CELL_BAD;
        }
        if (c->has_range && (d < c->dmin || d > c->dmax)) {
            if (wn)
                snprintf(why, wn, "outside %.15g..%.15g", c->dmin, c->dmax);
            return CELL_RANGE;
        }
        *out = 1;
        if (fc->drow)
            fc->drow[ci->var] = d;
        return CELL_OK;
    }
    /* A single question without values: a new answer is a new category. */
    if (missing) {
        *out = SURVEY_MISSING;
        return CELL_OK;
    }
    struct ld_dyn *dy = ci->dyn;
    int code;
    if (strmap_get(&dy->seen, s, len, &code)) {
        *out = (int16_t)code;
        return CELL_OK;
    }
    if (dy->n >= DYN_MAX) {
        if (wn)
            snprintf(why, wn, "more than %d different answers to a question without values",
                     DYN_MAX);
        return CELL_BAD;
    }
    if (dy->n == dy->cap) {
        size_t cap = dy->cap ? 2 * dy->cap : 16;
        struct survey_label *v = realloc(dy->values, cap * sizeof *v);
        if (!v)
            return CELL_NOMEM;
        dy->values = v;
        dy->cap = cap;
        sv->vars[ci->var].values = v; /* never left pointing at the old block */
    }
    char *text = arena_strndup(&sv->impl->arena, s, len);
    code = (int)dy->n + 1;
    if (!text || strmap_put(&dy->seen, s, len, code, NULL) < 0)
        return CELL_NOMEM;
    dy->values[dy->n++] = (struct survey_label){.code = code, .text = text, .text_en = text + len};
    struct survey_var *var = &sv->vars[ci->var];
    var->values = dy->values;
    var->n_values = dy->n;
    *out = (int16_t)code;
    return CELL_OK;
}

int ld_any_setup(struct survey *s)
{
    struct survey_impl *im = s->impl;
    for (size_t j = 0; j < s->n_vars; j++) {
        struct survey_var *v = &s->vars[j];
        if (v->role == ROLE_NUMERIC) {
            int *l = realloc(im->numeric, (im->n_numeric + 1) * sizeof *l);
            if (!l)
                return -1;
            im->numeric = l;
            im->numeric[im->n_numeric++] = (int)j;
        }
        if (v->role == ROLE_SINGLE && !v->col->n_values) {
            struct colinfo *ci = &im->col[v->col - s->cb->cols];
            if (!(ci->dyn = calloc(1, sizeof *ci->dyn)))
                return -1;
            v->from_data = 1;
            v->values = NULL;
            v->n_values = 0;
            im->n_dyn++;
        }
    }
    return 0;
}

struct order {
    long num;
    size_t at; /* first-appearance index */
};

static int by_num(const void *a, const void *b)
{
    const struct order *x = a, *y = b;
    return x->num != y->num ? (x->num < y->num ? -1 : 1) : (x->at < y->at ? -1 : x->at > y->at);
}

/* One question's categories in their final order and codes: those no loaded
   respondent gave (a rejected record's) are dropped; numbers in numeric
   order, coded by themselves, when every answer is one (spellings of one
   number, "3" and "03", are one category); else first appearance, coded 1,
   2, ... */
static int finish_one(struct survey *s, struct survey_var *var, struct ld_dyn *dy)
{
    size_t n = dy->n;
    if (!n)
        return 0;
    size_t *count = calloc(n, sizeof *count);
    struct order *ord = calloc(n, sizeof *ord);
    int *map = calloc(n + 1, sizeof *map);
    struct survey_label *nv = calloc(n, sizeof *nv);
    if (!count || !ord || !map || !nv) {
        free(count), free(ord), free(map), free(nv);
        return -1;
    }
    for (size_t i = 0; i < s->n; i++)
        if (var->v[i] != SURVEY_MISSING && var->v[i] >= 1 && (size_t)var->v[i] <= n)
            count[var->v[i] - 1]++;
    size_t kept = 0;
    int numbers = 1;
    for (size_t k = 0; k < n; k++) {
        if (!count[k])
            continue;
        long num;
        const char *t = dy->values[k].text;
        if (text_int(t, strlen(t), &num) < 0 || num <= INT16_MIN || num > INT16_MAX)
            numbers = 0;
        ord[kept++] = (struct order){.num = numbers ? num : 0, .at = k};
    }
    if (numbers)
        qsort(ord, kept, sizeof *ord, by_num);
    size_t m = 0;
    for (size_t k = 0; k < kept; k++) {
        const struct survey_label *old = &dy->values[ord[k].at];
        int code = numbers ? (int)ord[k].num : (int)m + 1;
        if (!(numbers && m && nv[m - 1].code == code))
            nv[m++] = (struct survey_label){.code = code, .text = old->text,
                                            .text_en = old->text_en};
        map[ord[k].at + 1] = code;
    }
    for (size_t i = 0; i < s->n; i++)
        if (var->v[i] != SURVEY_MISSING && var->v[i] >= 1 && (size_t)var->v[i] <= n)
            var->v[i] = (int16_t)map[var->v[i]];
    free(dy->values);
    dy->values = nv;
    dy->n = dy->cap = m;
    /* Later look-ups (none: loading is over) would need the new codes. */
    strmap_free(&dy->seen);
    memset(&dy->seen, 0, sizeof dy->seen);
    var->values = nv;
    var->n_values = m;
    free(count), free(ord), free(map);
    return 0;
}

int ld_any_finish(struct survey *s)
{
    struct survey_impl *im = s->impl;
    if (!im->n_dyn)
        return 0;
    for (size_t j = 0; j < s->n_vars; j++) {
        struct survey_var *var = &s->vars[j];
        struct colinfo *ci = var->col ? &im->col[var->col - s->cb->cols] : NULL;
        if (var->role == ROLE_SINGLE && ci && ci->dyn && finish_one(s, var, ci->dyn) < 0)
            return -1;
    }
    return 0;
}

void ld_any_free(struct survey *s)
{
    struct survey_impl *im = s->impl;
    if (!im)
        return;
    if (im->col)
        for (size_t i = 0; i < s->cb->n_cols; i++)
            if (im->col[i].dyn) {
                strmap_free(&im->col[i].dyn->seen);
                free(im->col[i].dyn->values);
                free(im->col[i].dyn);
            }
    free(im->numeric);
}
