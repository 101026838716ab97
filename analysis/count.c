/* count.c — the survey as count tables: one pass over the respondents (on
 * two threads for large surveys) fills every table the sections read, and
 * the layout of those tables.  See "The survey as count tables" in
 * analysis_internal.h. */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int an_value_index(const struct survey_cbcol *col, int code)
{
    for (size_t k = 0; k < col->n_values; k++)
        if (col->values[k].code == code)
            return (int)k;
    return -1;
}

int an_lut_values(struct ctx *c, struct lut *l, const struct survey_var *v)
{
    *l = (struct lut){0};
    if (!v || !v->col->n_values)
        return 0;
    const struct survey_cbcol *col = v->col;
    int lo = col->values[0].code, hi = lo;
    for (size_t k = 0; k < col->n_values; k++) {
        lo = col->values[k].code < lo ? col->values[k].code : lo;
        hi = col->values[k].code > hi ? col->values[k].code : hi;
    }
    l->lo = lo;
    l->len = (size_t)(hi - lo + 1);
    l->none = (uint16_t)col->n_values;
    l->row = an_take(c->box, l->len, sizeof *l->row);
    if (!l->row)
        return -1;
    for (size_t d = 0; d < l->len; d++)
        l->row[d] = l->none;
    for (size_t k = col->n_values; k-- > 0;) /* the first label of a code wins */
        l->row[col->values[k].code - lo] = (uint16_t)k;
    return 0;
}

int an_lut_bands(struct ctx *c)
{
    struct lut *l = &c->age_row;
    *l = (struct lut){.none = (uint16_t)c->nb};
    if (!c->age)
        return 0;
    int lo = INT16_MAX, hi = INT16_MIN;
    for (size_t i = 0; i < c->n; i++) {
        int x = c->age->v[i];
        if (x != SURVEY_MISSING) {
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
    }
    if (lo > hi)
        return 0;
    l->lo = lo;
    l->len = (size_t)(hi - lo + 1);
    l->row = an_take(c->box, l->len, sizeof *l->row);
    if (!l->row)
        return -1;
    for (size_t d = 0; d < l->len; d++) {
        int b = survey_bands_find(c->bands, lo + (int)d);
        l->row[d] = b < 0 ? l->none : (uint16_t)b;
    }
    return 0;
}

int an_by_setup(struct ctx *c, const struct an_options *opt)
{
    size_t n = opt ? opt->n_by : 0;
    c->by = an_take(c->box, n ? n : 1, sizeof *c->by);
    if (!c->by)
        return -1;
    for (size_t k = 0; k < n; k++) {
        const struct survey_var *v = survey_var_by_name(c->s, opt->by[k]);
        char why[8];
        if (!v || an_by_check(c->s, opt->by[k], why, sizeof why) < 0)
            continue;
        struct by_def *b = &c->by[c->n_by++];
        b->var = v;
        /* The categories: the values that are no alias.  An alias reads as
           its code's category, through the code look-up. */
        int lo = INT16_MAX, hi = INT16_MIN;
        for (size_t j = 0; j < v->n_values; j++) {
            b->ng += !v->values[j].alias;
            lo = v->values[j].code < lo ? v->values[j].code : lo;
            hi = v->values[j].code > hi ? v->values[j].code : hi;
        }
        b->groups = an_take(c->box, b->ng ? b->ng : 1, sizeof *b->groups);
        b->groups_en = an_take(c->box, b->ng ? b->ng : 1, sizeof *b->groups_en);
        b->row = (struct lut){.lo = lo, .len = (size_t)(hi - lo + 1), .none = (uint16_t)b->ng};
        b->row.row = an_take(c->box, b->row.len, sizeof *b->row.row);
        if (!b->groups || !b->groups_en || !b->row.row)
            return -1;
        for (size_t d = 0; d < b->row.len; d++)
            b->row.row[d] = b->row.none;
        for (size_t j = 0, g = 0; j < v->n_values; j++) {
            const struct survey_label *l = &v->values[j];
            if (l->alias)
                continue;
            b->groups[g] = an_str(c->box, l->text);
            b->groups_en[g] = an_str(c->box, l->text_en && *l->text_en ? l->text_en : l->text);
            if (b->row.row[l->code - lo] == b->row.none)
                b->row.row[l->code - lo] = (uint16_t)g;
            g++;
        }
    }
    return c->box->oom ? -1 : 0;
}

static int tally_new(const struct ctx *c, struct tally *t)
{
    *t = (struct tally){0};
    t->n = calloc(LANES * (c->cells ? c->cells : 1), sizeof *t->n);
    t->w = c->w ? calloc(c->cells ? c->cells : 1, sizeof *t->w) : NULL;
    t->sums = calloc(c->nsums ? c->nsums : 1, sizeof *t->sums);
    if (c->direct) {
        t->trials = calloc(c->keys, sizeof *t->trials);
        t->succ = calloc(c->keys, sizeof *t->succ);
    }
    return t->n && (t->w || !c->w) && t->sums && (!c->direct || (t->trials && t->succ)) ? 0
                                                                                       : -1;
}

void an_tally_free(struct tally *t)
{
    free(t->n);
    free(t->w);
    free(t->sums);
    free(t->trials);
    free(t->succ);
}

/* A += B. */
static void tally_merge(const struct ctx *c, struct tally *a, const struct tally *b)
{
    for (size_t k = 0; k < LANES * c->cells; k++)
        a->n[k] += b->n[k];
    if (a->w)
        for (size_t k = 0; k < c->cells; k++) {
            a->w[k].sw += b->w[k].sw;
            a->w[k].sw2 += b->w[k].sw2;
            a->w[k].npos += b->w[k].npos;
        }
    for (size_t k = 0; k < c->nsums; k++)
        a->sums[k] += b->sums[k];
    if (c->direct)
        for (size_t k = 0; k < c->keys; k++) {
            a->trials[k] += b->trials[k];
            a->succ[k] += b->succ[k];
        }
}

/* Count respondent I (of a block whose weights are W, NULL = unweighted)
   in CELL. */
static inline void count(const struct tally *t, size_t cell, const double *w, size_t i)
{
    t->n[LANES * cell + (i & (LANES - 1))]++;
    if (w) {
        struct wsum *s = &t->w[cell];
        s->sw += w[i];
        s->sw2 += w[i] * w[i];
        s->npos += w[i] > 0;
    }
}

/* Per-block scratch.  The loops that derive values from columns run over
   whole blocks (BLOCK, a constant) on restrict-qualified pointers, the shape
   the compiler vectorizes even at -O2; a short last block is padded. */
struct scratch {
    uint16_t *age, *comm, *inten, *yes, *taking, *zero;
    uint16_t *tmp;  /* 2 × BLOCK: a table's column dimensions */
    uint16_t *by;   /* n_by × BLOCK: each --by column's row */
    uint16_t *code; /* n_sd × BLOCK */
    uint16_t *a;    /* kmax × BLOCK: item scores less their minimum, 0 when incomplete */
    uint32_t *g;
    uint8_t *flag;
    int16_t *pad;   /* a short block's column, padded with missing values */
};

static int scratch_new(const struct ctx *c, struct scratch *b)
{
    uint16_t *mem = malloc((8 + c->n_by + c->n_sd + c->kmax) * BLOCK * sizeof *mem);
    *b = (struct scratch){mem,
                          mem + BLOCK,
                          mem + 2 * BLOCK,
                          mem + 3 * BLOCK,
                          mem + 4 * BLOCK,
                          mem + 5 * BLOCK,
                          mem + 6 * BLOCK,
                          mem + 8 * BLOCK,
                          mem + (8 + c->n_by) * BLOCK,
                          mem + (8 + c->n_by + c->n_sd) * BLOCK,
                          malloc(BLOCK * sizeof *b->g),
                          malloc(BLOCK),
                          malloc(BLOCK * sizeof *b->pad)};
    if (mem)
        memset(b->zero, 0, BLOCK * sizeof *b->zero);
    return mem && b->g && b->flag && b->pad ? 0 : -1;
}

static void scratch_free(struct scratch *b)
{
    free(b->age);
    free(b->g);
    free(b->flag);
    free(b->pad);
}

/* Column V's values for respondents I0..I0+M, as BLOCK values: in place, or
   copied into the scratch padding when the block is short. */
static const int16_t *column(const struct survey_var *v, struct scratch *b, size_t i0,
                             size_t m)
{
    if (m == BLOCK)
        return v->v + i0;
    memcpy(b->pad, v->v + i0, m * sizeof *b->pad);
    for (size_t i = m; i < BLOCK; i++)
        b->pad[i] = SURVEY_MISSING;
    return b->pad;
}

/* Σ A[i]·B[i] over a block of item scores whose ranges multiply to RR.  A
   product is at most 65534² < 2^32; while a block's sum fits 32 bits too
   the loop is one the compiler vectorizes. */
static uint64_t dot(const uint16_t *restrict a, const uint16_t *restrict b, uint64_t rr)
{
    uint64_t total = 0;
    if (rr <= UINT32_MAX / BLOCK) {
        uint32_t part = 0;
        for (size_t i = 0; i < BLOCK; i++)
            part += (uint32_t)a[i] * b[i];
        total = part;
    } else {
        for (size_t i = 0; i < BLOCK; i++)
            total += (uint32_t)a[i] * b[i];
    }
    return total;
}

/* The codes of column V for respondents I0..I0+M into ROW, through L. */
static void rows_of(const struct lut *l, const struct survey_var *v, size_t i0, size_t m,
                    uint16_t *row)
{
    for (size_t i = 0; i < m; i++)
        row[i] = v ? (uint16_t)lut_get(l, v->v[i0 + i]) : l->none;
}

/* Add the sums SUM[K] and cross-products SUM[K + q·K + r] (q <= r) of the K
   item scores in B->a (less each item's minimum) over the rows of the block
   that B->flag does not mark incomplete; the scores of incomplete rows are
   zeroed on the way. */
static void cross_products(const struct survey_var *const *var, size_t k, uint64_t *sum,
                           struct scratch *b)
{
    const uint8_t *restrict miss = b->flag;
    uint64_t *cross = sum + k;
    for (size_t q = 0; q < k; q++) {
        uint16_t *restrict a = b->a + q * BLOCK;
        uint32_t s = 0;
        for (size_t i = 0; i < BLOCK; i++) {
            a[i] &= (uint16_t)(miss[i] - 1); /* 0 if missing */
            s += a[i];
        }
        sum[q] += s;
    }
    for (size_t q = 0; q < k; q++) {
        uint64_t rq = (uint64_t)(var[q]->col->max - var[q]->col->min);
        for (size_t r = q; r < k; r++) {
            uint64_t rr = rq * (uint64_t)(var[r]->col->max - var[r]->col->min);
            cross[q * k + r] += dot(b->a + q * BLOCK, b->a + r * BLOCK, rr);
        }
    }
}

/* Index codes of scale SD for a block, and its alpha sums. */
static void count_scale(const struct scale_def *sd, struct tally *t, struct scratch *b,
                        uint16_t *restrict code, size_t i0, size_t m)
{
    uint8_t *restrict miss = b->flag;
    uint32_t *restrict g = b->g;
    memset(miss, 0, BLOCK);
    memset(g, 0, BLOCK * sizeof *g);
    for (size_t q = 0; q < sd->k; q++) {
        const int16_t *restrict x = column(sd->var[q], b, i0, m);
        int min = sd->var[q]->col->min;
        uint32_t mult = sd->mult[q];
        uint16_t *restrict a = b->a + q * BLOCK;
        for (size_t i = 0; i < BLOCK; i++) {
            miss[i] |= x[i] == SURVEY_MISSING;
            a[i] = (uint16_t)(x[i] - min);
            g[i] += a[i] * mult;
        }
    }
    /* Branch-free selections below, so that the loops vectorize. */
    for (size_t i = 0; i < BLOCK; i++)
        code[i] = (uint16_t)(g[i] | (uint16_t)-miss[i]); /* CODE_NONE if missing */
    if (sd->k < 2)
        return;
    /* Alpha: sums and cross-products of the complete rows. */
    cross_products(sd->var, sd->k, t->sums + sd->sums, b);
}

/* A section's sums and cross-products over the respondents of a block who
   answered every one of its items, and their count. */
static void count_set(const struct set_def *set, struct tally *t, struct scratch *b,
                      size_t i0, size_t m)
{
    uint8_t *restrict miss = b->flag;
    memset(miss, 0, BLOCK);
    for (size_t q = 0; q < set->k; q++) {
        const int16_t *restrict x = column(set->var[q], b, i0, m);
        int min = set->var[q]->col->min;
        uint16_t *restrict a = b->a + q * BLOCK;
        for (size_t i = 0; i < BLOCK; i++) {
            miss[i] |= x[i] == SURVEY_MISSING;
            a[i] = (uint16_t)(x[i] - min);
        }
    }
    uint64_t *sum = t->sums + set->sums;
    uint32_t complete = 0;
    for (size_t i = 0; i < BLOCK; i++)
        complete += miss[i] ^ 1;
    sum[set->k + set->k * set->k] += complete;
    cross_products(set->var, set->k, sum, b);
}

/* Dimension D of respondents I0..I0+M: a block's derived values, or column
   values mapped into TMP. */
static const uint16_t *dim_of(const struct ctx *c, const struct an_dim *d, struct scratch *b,
                              uint16_t *restrict tmp, size_t i0, size_t m)
{
    switch (d->kind) {
    case AN_DIM_ONE:
        return b->zero;
    case AN_DIM_AGE:
        return b->age;
    case AN_DIM_COMMUNITY:
        return b->comm;
    case AN_DIM_INTENSITY:
        return b->inten;
    case AN_DIM_TAKING:
        return b->taking;
    case AN_DIM_BY:
        return b->by + d->index * BLOCK;
    case AN_DIM_CODE:
        return b->code + d->index * BLOCK;
    case AN_DIM_VALUE:
        rows_of(d->l, d->v, i0, m, tmp);
        return tmp;
    case AN_DIM_YES: {
        const int16_t *restrict x = d->v->v + i0;
        for (size_t i = 0; i < m; i++)
            tmp[i] = (uint16_t)(x[i] == SURVEY_MISSING ? 2 : x[i] == 1);
        return tmp;
    }
    case AN_DIM_LEVEL: {
        const int16_t *restrict x = d->v->v + i0;
        int min = d->v->col->min;
        for (size_t i = 0; i < m; i++)
            tmp[i] = (uint16_t)(x[i] == SURVEY_MISSING ? UINT16_MAX : x[i] - min);
        return tmp;
    }
    }
    (void)c;
    return b->zero;
}

/* Count respondents I0..I0+M. */
static void count_block(const struct ctx *c, struct tally *t, struct scratch *b, size_t i0,
                        size_t m)
{
    const double *w = c->w ? c->w + i0 : NULL;
    size_t nb = c->nb, ni = c->n_act;
    uint16_t *age = b->age, *comm = b->comm;
    uint16_t *restrict inten = b->inten, *restrict yes = b->yes;
    rows_of(&c->age_row, c->age, i0, m, age);
    rows_of(&c->comm_row, c->community, i0, m, comm);

    /* Participation: intensity, or ni + 1 when every item is missing. */
    uint8_t *restrict known = b->flag;
    memset(known, 0, BLOCK);
    memset(yes, 0, BLOCK * sizeof *yes);
    for (size_t a = 0; a < ni; a++) {
        const int16_t *restrict x = column(c->act[a], b, i0, m);
        for (size_t i = 0; i < BLOCK; i++) {
            known[i] |= x[i] != SURVEY_MISSING;
            yes[i] += x[i] == 1;
        }
    }
    for (size_t i = 0; i < BLOCK; i++) /* yes is 0 when every item is missing */
        inten[i] = (uint16_t)(yes[i] + (known[i] ^ 1) * (ni + 1));
    uint16_t *restrict taking = b->taking;
    for (size_t i = 0; i < BLOCK; i++)
        taking[i] = (uint16_t)(inten[i] > ni ? 2 : inten[i] > 0);
    for (size_t y = 0; y < c->n_by; y++)
        rows_of(&c->by[y].row, c->by[y].var, i0, m, b->by + y * BLOCK);
    /* Scale index codes (and their alpha sums). */
    for (size_t sc = 0; sc < c->n_sd; sc++)
        count_scale(&c->sd[sc], t, b, b->code + sc * BLOCK, i0, m);

    /* Every declared table. */
    for (size_t h = 0; h < c->n_table; h++) {
        const struct an_table *x = &c->table[h];
        const uint16_t *r = dim_of(c, &x->row, b, b->tmp, i0, m);
        const uint16_t *k = dim_of(c, &x->col, b, b->tmp + BLOCK, i0, m);
        size_t nr = x->row.size, nk = x->col.size;
        const double *tw = x->counts_only ? NULL : w;
        if (x->row.kind == AN_DIM_ONE) { /* one-way: the row is always 0 */
            uint32_t *restrict n = t->n + LANES * x->at;
            if (!tw) {
                for (size_t i = 0; i < m; i++)
                    if (k[i] < nk)
                        n[LANES * k[i] + (i & (LANES - 1))]++;
            } else {
                for (size_t i = 0; i < m; i++)
                    if (k[i] < nk)
                        count(t, x->at + k[i], tw, i);
            }
        } else if (!tw) {
            uint32_t *restrict n = t->n + LANES * x->at;
            for (size_t i = 0; i < m; i++)
                if (r[i] < nr && k[i] < nk)
                    n[LANES * (r[i] * nk + k[i]) + (i & (LANES - 1))]++;
        } else {
            for (size_t i = 0; i < m; i++)
                if (r[i] < nr && k[i] < nk)
                    count(t, x->at + r[i] * nk + k[i], tw, i);
        }
    }

    /* Each section's items together, for its validity. */
    for (size_t q = 0; q < c->n_set; q++)
        if (!c->set[q].span)
            count_set(&c->set[q], t, b, i0, m);

    /* The logistic model's complete cases by predictor pattern. */
    if (!c->direct)
        return;
    for (size_t i = 0; i < m; i++) {
        int ok = age[i] < nb && inten[i] <= ni;
        size_t key = age[i];
        if (c->gender) {
            int x = c->gender->v[i0 + i];
            ok = ok && x != SURVEY_MISSING;
            key = key * c->ng + (size_t)(x - c->glo);
        }
        if (c->party) {
            int x = c->party->v[i0 + i];
            ok = ok && x != SURVEY_MISSING;
            key = key * c->np + (size_t)(x - c->plo);
        }
        for (size_t sc = 0; sc < c->n_sd; sc++) {
            uint16_t g = b->code[sc * BLOCK + i];
            ok = ok && g != CODE_NONE;
            key = key * c->sd[sc].ncode + g;
        }
        if (ok) {
            t->trials[key]++;
            t->succ[key] += inten[i] > 0;
        }
    }
}

struct worker {
    const struct ctx *c;
    size_t i0, i1;
    struct tally t;
    int rc;
};

static void *work(void *arg)
{
    struct worker *wk = arg;
    struct scratch b;
    wk->rc = scratch_new(wk->c, &b);
    for (size_t i = wk->i0; i < wk->i1 && wk->rc == 0; i += BLOCK)
        count_block(wk->c, &wk->t, &b, i, wk->i1 - i < BLOCK ? wk->i1 - i : BLOCK);
    scratch_free(&b);
    return NULL;
}

int an_count_all(const struct ctx *c, struct tally *t)
{
    struct worker half[2] = {{c, 0, c->n, {0}, 0}, {c, c->n, c->n, {0}, 0}};
    if (tally_new(c, &half[0].t) < 0) {
        an_tally_free(&half[0].t);
        return -1;
    }
    pthread_t th;
    int threaded = 0;
    int split = 0;
    if (c->n >= THREAD_MIN) {
        /* Split on a block boundary, each half counted into its own tables
           and those added, with a second thread or without (the same
           figures: weighted sums are rounded as the halves add them);
           without memory, count alone. */
        half[0].i1 = half[1].i0 = (c->n / 2 + BLOCK - 1) / BLOCK * BLOCK;
        if (tally_new(c, &half[1].t) == 0) {
            split = 1;
            threaded = c->two_threads && pthread_create(&th, NULL, work, &half[1]) == 0;
        } else {
            half[0].i1 = c->n;
        }
    }
    work(&half[0]);
    if (split && !threaded)
        work(&half[1]);
    if (threaded)
        pthread_join(th, NULL);
    if (split && half[1].rc == 0)
        tally_merge(c, &half[0].t, &half[1].t);
    an_tally_free(&half[1].t);
    *t = half[0].t;
    return half[0].rc == 0 && (!split || half[1].rc == 0) ? 0 : -1;
}

/* ## Reading the tables */

double an_cell_n(const struct tally *t, size_t cell)
{
    uint32_t n = 0;
    for (size_t l = 0; l < LANES; l++)
        n += t->n[LANES * cell + l];
    return n;
}

double an_cell_sw(const struct tally *t, size_t cell)
{
    return t->w ? t->w[cell].sw : an_cell_n(t, cell);
}

void an_cell_moments(const struct tally *t, size_t cell, double x, struct stats_moments *m)
{
    double n = an_cell_n(t, cell);
    if (n == 0)
        return;
    if (t->w)
        stats_moments_add_many(m, x, n, t->w[cell].npos, t->w[cell].sw, t->w[cell].sw2);
    else
        stats_moments_add_many(m, x, n, n, n, n);
}

void an_cell_prop(const struct tally *t, size_t cell, int yes, struct prop_acc *a)
{
    double n = an_cell_n(t, cell), sw = an_cell_sw(t, cell), sw2 = t->w ? t->w[cell].sw2 : n;
    a->n += n;
    a->x += yes ? n : 0;
    a->sw += sw;
    a->sw2 += sw2;
    a->swx += yes ? sw : 0;
}

/* The number of values of D in C. */
static size_t dim_size(const struct ctx *c, const struct an_dim *d)
{
    switch (d->kind) {
    case AN_DIM_ONE:
        return 1;
    case AN_DIM_AGE:
        return c->nb + 1;
    case AN_DIM_COMMUNITY:
        return c->n_comm + 1;
    case AN_DIM_INTENSITY:
        return d->size && d->size < c->n_act + 2 ? d->size : c->n_act + 2;
    case AN_DIM_TAKING:
        return 3;
    case AN_DIM_BY:
        return c->by[d->index].ng + 1;
    case AN_DIM_CODE:
        return c->sd[d->index].ncode;
    case AN_DIM_VALUE:
        return d->l->none;
    case AN_DIM_YES:
        return 2;
    case AN_DIM_LEVEL:
        return (size_t)(d->v->col->max - d->v->col->min + 1);
    }
    return 0;
}

int an_declare(struct ctx *c, struct an_dim row, struct an_dim col, int counts_only,
               const char *what)
{
    if (c->n_table == c->cap_table) {
        size_t cap = c->cap_table ? 2 * c->cap_table : 32;
        struct an_table *t = an_take(c->box, cap, sizeof *t);
        if (!t)
            return -1;
        if (c->n_table)
            memcpy(t, c->table, c->n_table * sizeof *t);
        c->table = t, c->cap_table = cap;
    }
    row.size = dim_size(c, &row);
    col.size = dim_size(c, &col);
    c->table[c->n_table] = (struct an_table){row, col, counts_only, what, 0};
    return (int)c->n_table++;
}

size_t an_declare_sums(struct ctx *c, size_t k, int with_listwise)
{
    size_t at = c->nsums;
    c->nsums += k + k * k + (with_listwise != 0);
    return at;
}

int an_layout(struct ctx *c)
{
    size_t at = 0;
    for (size_t h = 0; h < c->n_table; h++) {
        c->table[h].at = at;
        at += c->table[h].row.size * c->table[h].col.size;
    }
    c->cells = at;
    return 0;
}
