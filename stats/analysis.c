/* analysis.c — from a loaded survey to the results of DESIGN.md's report:
 * profile, participation by age group and community with its tests, per
 * activity, intensity and barriers; every satisfaction and trust item and
 * scale (index, Cronbach's alpha, Kruskal–Wallis across communities and age
 * groups); Spearman of each index with participation intensity and the
 * logistic model of taking part; weights from a weight column or raking.
 *
 * Each figure follows the definitions in DESIGN.md ("Statistics"); the
 * primitives in stats.h hold the formulas and their sources.  The
 * respondents are read once, into count tables (see "The survey as count
 * tables" below), and every figure is computed from the tables.
 */
#include "stats/analysis.h"
#include "survey/survey.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything the results own is allocated through this bump list, freed at
   once by stats_results_free(). */
struct alloc_node {
    struct alloc_node *next;
    max_align_t align[];
};

struct results_box {
    struct an_results r;
    struct alloc_node *mem;
    int oom;
};

static void *take(struct results_box *b, size_t count, size_t size)
{
    if (b->oom)
        return NULL;
    if (count && size > ((size_t)-1 - sizeof(struct alloc_node)) / count) {
        b->oom = 1;
        return NULL;
    }
    struct alloc_node *n = calloc(1, sizeof *n + (count ? count * size : 1));
    if (!n) {
        b->oom = 1;
        return NULL;
    }
    n->next = b->mem;
    b->mem = n;
    return n->align;
}

void stats_results_free(struct an_results *r)
{
    if (!r)
        return;
    struct results_box *b = (struct results_box *)r;
    for (struct alloc_node *n = b->mem, *next; n; n = next) {
        next = n->next;
        free(n);
    }
    free(b);
}

/* ## Accumulators */

/* A (weighted) proportion: count, n, and the sums for Kish's effective n. */
struct prop_acc {
    double n, x, sw, sw2, swx;
};

/* Rate and Wilson interval; with weights the interval uses Kish's effective n
   (p·n_eff successes in n_eff trials). */
static void prop_rate(const struct prop_acc *a, int weighted, struct an_rate *out)
{
    out->n = a->n;
    out->participants = a->x;
    out->rate = out->ci_low = out->ci_high = NAN;
    if (a->n <= 0 || a->sw <= 0)
        return;
    out->rate = a->swx / a->sw;
    if (!weighted) {
        stats_wilson_ci(a->x, a->n, 0.05, &out->ci_low, &out->ci_high);
    } else {
        double neff = a->sw * a->sw / a->sw2;
        stats_wilson_ci(out->rate * neff, neff, 0.05, &out->ci_low, &out->ci_high);
    }
}

static void mean_result(const struct stats_moments *m, const char *group, struct an_mean *out)
{
    struct stats_describe d;
    stats_moments_result(m, &d);
    out->group = group;
    out->n = d.n;
    out->mean = d.mean;
    out->sd = d.sd;
    out->ci_low = d.ci_low;
    out->ci_high = d.ci_high;
}

/* ## The survey as count tables
 *
 * Every figure below is a function of a few small tables: respondents (and,
 * with weights, their weights) counted by age group and participation
 * intensity, by community and taking part, by age group and each activity or
 * barrier, by level of each Likert item, by scale index value with age group,
 * community or intensity, and by the logistic model's predictor pattern.
 * Survey answers take few values: Likert codes, yes/no, a handful of age
 * groups and communities, and scale indices, which lie on the grid
 * 100·j/(k·L), j = 0..k·L, for k items whose ranges have the least common
 * multiple L.  So the tables are small, means and SDs come from them exactly
 * as from the respondents (stats_moments_add_many), and the rank tests count
 * instead of sorting.
 *
 * One pass over the respondents fills every table.  It walks the columns in
 * blocks of BLOCK respondents: each block's age group, community, intensity
 * and index codes are derived into scratch that stays in cache, column by
 * column, then counted; no respondent-length array is allocated.  On two
 * cores each half of the respondents is counted into its own tables, which
 * are then added: counts are exact, so the split changes nothing but the
 * rounding of weighted sums.
 */

#define BLOCK 1024
#define LANES 4
/* A scale's index code is the numerator j of 100·j/(k·L); CODE_NONE marks a
   respondent who left an item of the scale unanswered. */
#define CODE_NONE UINT16_MAX
#define GRID_MAX (CODE_NONE - 1)
/* The logistic model's predictor patterns are counted in a table indexed by
   pattern (age group, gender, party, every index code) when there are at most
   this many possible patterns; otherwise the fit pools rows itself. */
#define KEYS_DIRECT ((size_t)1 << 20)
/* Below this many respondents a second thread costs more than it saves. */
#define THREAD_MIN 100000

/* Sums of weights in a table cell (weighted analyses only). */
struct wsum {
    double sw, sw2, npos;
};

/* A column's codes mapped to table rows: ROW[x - LO] for LO <= x < LO + LEN,
   NONE for every other code and for missing. */
struct lut {
    int lo;
    size_t len;
    uint16_t *row;
    uint16_t none;
};

static size_t lut_get(const struct lut *l, int x)
{
    size_t d = (size_t)((long)x - l->lo);
    return d < l->len ? l->row[d] : l->none;
}

/* One scale: its items and where its tables are. */
struct scale_def {
    struct an_scale *S;
    const struct survey_var **var; /* the k items */
    uint16_t *mult;                /* L / (max - min) per item */
    size_t k, ncode;               /* ncode = k·L + 1 grid points */
    double *val;                   /* the index value of each code */
    size_t by_age, by_comm, spear; /* cells: age row × code, community row × code,
                                      code × intensity (counts only) */
    size_t sums;                   /* k item sums, then k×k cross-products */
};

struct ctx {
    struct results_box *box;
    const struct survey *s;
    const struct survey_bands *bands;
    size_t n, nb;
    const double *w;  /* NULL = unweighted */
    double *wbuf;     /* owned weights (column or raked) */
    struct survey_error *err;

    const struct survey_var *age, *community, *gender, *party, *subdistrict, *barrier;
    /* Rows: age group (nb = none), community (n_comm = none), value index. */
    struct lut age_row, comm_row, gender_row, party_row, sub_row, bar_row;
    size_t n_comm, n_bar;
    const struct survey_var **act; /* participation items */
    size_t n_act;
    const struct survey_var **item; /* Likert items: satisfaction, then trust */
    size_t n_item;
    struct scale_def *sd;           /* scales: satisfaction, then trust */
    size_t n_sd, kmax;

    /* Table layout: offsets of cells in struct tally's arrays. */
    size_t cells, nsums;
    size_t age_part;  /* (nb+1) × (n_act+2): age row × intensity, n_act+1 = unknown */
    size_t comm_part; /* (n_comm+1) × 3: community row × not taking part, taking part, unknown */
    size_t gender_at, party_at, sub_at;
    size_t act_at;    /* per activity (nb+1) × 2: age row × no, yes */
    size_t bar_at;    /* (nb+1) × n_bar */
    size_t *item_at;  /* per item, one cell per level */

    /* Predictor patterns of the logistic model, counted by key when direct. */
    int direct;
    size_t keys, ng, np; /* key space; gender and party code ranges */
    int glo, plo;        /* their lowest codes */
};

/* The counts of one pass (or half of one). */
struct tally {
    uint32_t *n;
    struct wsum *w;    /* NULL when unweighted */
    uint64_t *sums;    /* the scales' item sums and cross-products */
    uint32_t *trials;  /* per predictor pattern (direct only) */
    uint32_t *succ;
};

/* The index of CODE among COL's value labels, or -1. */
static int value_index(const struct survey_cbcol *col, int code)
{
    for (size_t k = 0; k < col->n_values; k++)
        if (col->values[k].code == code)
            return (int)k;
    return -1;
}

/* Rows for a categorical column: the value label's index, NONE = n_values.
   Returns 0 or -1 (out of memory). */
static int lut_values(struct ctx *c, struct lut *l, const struct survey_var *v)
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
    l->row = take(c->box, l->len, sizeof *l->row);
    if (!l->row)
        return -1;
    for (size_t d = 0; d < l->len; d++)
        l->row[d] = l->none;
    for (size_t k = col->n_values; k-- > 0;) /* the first label of a code wins */
        l->row[col->values[k].code - lo] = (uint16_t)k;
    return 0;
}

/* Rows for the age column: the band, NONE = nb, over the ages present. */
static int lut_bands(struct ctx *c)
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
    l->row = take(c->box, l->len, sizeof *l->row);
    if (!l->row)
        return -1;
    for (size_t d = 0; d < l->len; d++) {
        int b = survey_bands_find(c->bands, lo + (int)d);
        l->row[d] = b < 0 ? l->none : (uint16_t)b;
    }
    return 0;
}

static size_t age_of(const struct ctx *c, size_t i)
{
    return c->age ? lut_get(&c->age_row, c->age->v[i]) : c->nb;
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

static void tally_free(struct tally *t)
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
    uint16_t *age, *comm, *inten, *yes;
    uint16_t *code; /* n_sd × BLOCK */
    uint16_t *a;    /* kmax × BLOCK: item scores less their minimum, 0 when incomplete */
    uint32_t *g;
    uint8_t *flag;
    int16_t *pad;   /* a short block's column, padded with missing values */
};

static int scratch_new(const struct ctx *c, struct scratch *b)
{
    uint16_t *mem = malloc((4 + c->n_sd + c->kmax) * BLOCK * sizeof *mem);
    *b = (struct scratch){mem,
                          mem + BLOCK,
                          mem + 2 * BLOCK,
                          mem + 3 * BLOCK,
                          mem + 4 * BLOCK,
                          mem + (4 + c->n_sd) * BLOCK,
                          malloc(BLOCK * sizeof *b->g),
                          malloc(BLOCK),
                          malloc(BLOCK * sizeof *b->pad)};
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
    uint64_t *sum = t->sums + sd->sums, *cross = sum + sd->k;
    for (size_t q = 0; q < sd->k; q++) {
        uint16_t *restrict a = b->a + q * BLOCK;
        uint32_t s = 0;
        for (size_t i = 0; i < BLOCK; i++) {
            a[i] &= (uint16_t)(miss[i] - 1); /* 0 if missing */
            s += a[i];
        }
        sum[q] += s;
    }
    for (size_t q = 0; q < sd->k; q++) {
        uint64_t rq = (uint64_t)(sd->var[q]->col->max - sd->var[q]->col->min);
        for (size_t r = q; r < sd->k; r++) {
            uint64_t rr = rq * (uint64_t)(sd->var[r]->col->max - sd->var[r]->col->min);
            cross[q * sd->k + r] += dot(b->a + q * BLOCK, b->a + r * BLOCK, rr);
        }
    }
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
    for (size_t i = 0; i < m; i++) {
        count(t, c->age_part + age[i] * (ni + 2) + inten[i], w, i);
        count(t, c->comm_part + comm[i] * 3 + (inten[i] > ni ? 2 : inten[i] > 0), w, i);
    }

    /* Profile. */
    const struct {
        const struct survey_var *v;
        const struct lut *l;
        size_t at;
    } prof[] = {{c->gender, &c->gender_row, c->gender_at},
                {c->party, &c->party_row, c->party_at},
                {c->subdistrict, &c->sub_row, c->sub_at}};
    for (size_t q = 0; q < sizeof prof / sizeof *prof; q++) {
        if (!prof[q].v || !prof[q].l->len)
            continue;
        const int16_t *x = prof[q].v->v + i0;
        for (size_t i = 0; i < m; i++) {
            size_t k = lut_get(prof[q].l, x[i]);
            if (k != prof[q].l->none)
                count(t, prof[q].at + k, w, i);
        }
    }

    /* Activities and barriers by age group. */
    for (size_t a = 0; a < ni; a++) {
        const int16_t *x = c->act[a]->v + i0;
        size_t at = c->act_at + a * (nb + 1) * 2;
        for (size_t i = 0; i < m; i++)
            if (x[i] != SURVEY_MISSING)
                count(t, at + age[i] * 2 + (x[i] == 1), w, i);
    }
    if (c->barrier && c->bar_row.len) {
        const int16_t *x = c->barrier->v + i0;
        for (size_t i = 0; i < m; i++) {
            size_t k = lut_get(&c->bar_row, x[i]);
            if (k != c->bar_row.none)
                count(t, c->bar_at + age[i] * c->n_bar + k, w, i);
        }
    }

    /* Likert items by level. */
    for (size_t q = 0; q < c->n_item; q++) {
        const int16_t *x = c->item[q]->v + i0;
        size_t at = c->item_at[q] - (size_t)c->item[q]->col->min;
        for (size_t i = 0; i < m; i++)
            if (x[i] != SURVEY_MISSING)
                count(t, at + (size_t)x[i], w, i);
    }

    /* Scale indices by age group, community and intensity. */
    for (size_t sc = 0; sc < c->n_sd; sc++) {
        const struct scale_def *sd = &c->sd[sc];
        uint16_t *code = b->code + sc * BLOCK;
        count_scale(sd, t, b, code, i0, m);
        for (size_t i = 0; i < m; i++) {
            if (code[i] == CODE_NONE)
                continue;
            count(t, sd->by_age + age[i] * sd->ncode + code[i], w, i);
            count(t, sd->by_comm + comm[i] * sd->ncode + code[i], w, i);
            if (inten[i] <= ni)
                t->n[LANES * (sd->spear + code[i] * (ni + 1) + inten[i]) + (i & (LANES - 1))]++;
        }
    }

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

/* Fill T (allocated here; free with tally_free) with the counts of every
   respondent.  Returns 0 or -1 (out of memory). */
static int count_all(const struct ctx *c, struct tally *t)
{
    struct worker half[2] = {{c, 0, c->n, {0}, 0}, {c, c->n, c->n, {0}, 0}};
    if (tally_new(c, &half[0].t) < 0) {
        tally_free(&half[0].t);
        return -1;
    }
    pthread_t th;
    int threaded = 0;
    if (c->n >= THREAD_MIN) {
        /* Split on a block boundary; without memory or a thread, count alone. */
        half[0].i1 = half[1].i0 = (c->n / 2 + BLOCK - 1) / BLOCK * BLOCK;
        if (tally_new(c, &half[1].t) == 0 && pthread_create(&th, NULL, work, &half[1]) == 0)
            threaded = 1;
        else
            half[0].i1 = c->n;
    }
    work(&half[0]);
    if (threaded) {
        pthread_join(th, NULL);
        if (half[1].rc == 0)
            tally_merge(c, &half[0].t, &half[1].t);
    }
    tally_free(&half[1].t);
    *t = half[0].t;
    return half[0].rc == 0 && (!threaded || half[1].rc == 0) ? 0 : -1;
}

/* ## Reading the tables */

static double cell_n(const struct tally *t, size_t cell)
{
    uint32_t n = 0;
    for (size_t l = 0; l < LANES; l++)
        n += t->n[LANES * cell + l];
    return n;
}

/* The (weighted) total of a cell: its count without weights. */
static double cell_sw(const struct tally *t, size_t cell)
{
    return t->w ? t->w[cell].sw : cell_n(t, cell);
}

/* Adds the respondents of CELL, who all have the value X, to M. */
static void cell_moments(const struct tally *t, size_t cell, double x, struct stats_moments *m)
{
    double n = cell_n(t, cell);
    if (n == 0)
        return;
    if (t->w)
        stats_moments_add_many(m, x, n, t->w[cell].npos, t->w[cell].sw, t->w[cell].sw2);
    else
        stats_moments_add_many(m, x, n, n, n, n);
}

/* Adds the respondents of CELL, who all answered YES (1) or not (0), to A. */
static void cell_prop(const struct tally *t, size_t cell, int yes, struct prop_acc *a)
{
    double n = cell_n(t, cell), sw = cell_sw(t, cell), sw2 = t->w ? t->w[cell].sw2 : n;
    a->n += n;
    a->x += yes ? n : 0;
    a->sw += sw;
    a->sw2 += sw2;
    a->swx += yes ? sw : 0;
}

/* ## Profile */

/* Shares of a categorical variable's values from its cells AT + value. */
static struct an_share *profile_of(struct ctx *c, const struct tally *t,
                                   const struct survey_var *v, size_t at, size_t *count)
{
    *count = 0;
    if (!v || !v->col->n_values)
        return NULL;
    size_t k = v->col->n_values;
    struct an_share *sh = take(c->box, k, sizeof *sh);
    if (!sh)
        return NULL;
    double total = 0;
    for (size_t j = 0; j < k; j++)
        total += cell_sw(t, at + j);
    for (size_t j = 0; j < k; j++) {
        sh[j].label = v->col->values[j].text;
        sh[j].code = v->col->values[j].code;
        sh[j].n = cell_n(t, at + j);
        sh[j].share = total > 0 ? cell_sw(t, at + j) / total : NAN;
    }
    *count = k;
    return sh;
}

static void profile(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    size_t ni = c->n_act;
    r->age_group = take(c->box, c->nb ? c->nb : 1, sizeof *r->age_group);
    double *sw = take(c->box, c->nb + 1, sizeof *sw);
    if (!r->age_group || !sw)
        return;
    double total = 0;
    for (size_t b = 0; b <= c->nb; b++)
        for (size_t j = 0; j < ni + 2; j++) {
            size_t cell = c->age_part + b * (ni + 2) + j;
            if (b == c->nb) {
                r->age_group_missing += cell_n(t, cell);
                continue;
            }
            r->age_group[b].n += cell_n(t, cell);
            sw[b] += cell_sw(t, cell);
            total += cell_sw(t, cell);
        }
    for (size_t b = 0; b < c->nb; b++) {
        r->age_group[b].label = c->bands->band[b].label;
        r->age_group[b].code = (int)b;
        r->age_group[b].share = total > 0 ? sw[b] / total : NAN;
    }
    r->gender = profile_of(c, t, c->gender, c->gender_at, &r->n_gender);
    r->party_member = profile_of(c, t, c->party, c->party_at, &r->n_party_member);
    r->subdistrict = profile_of(c, t, c->subdistrict, c->sub_at, &r->n_subdistrict);
    /* Communities: every respondent is in one of the community × taking
       part cells. */
    if (!c->community)
        return;
    r->community = take(c->box, c->n_comm, sizeof *r->community);
    if (!r->community)
        return;
    total = 0;
    for (size_t k = 0; k < c->n_comm * 3; k++)
        total += cell_sw(t, c->comm_part + k);
    for (size_t k = 0; k < c->n_comm; k++) {
        struct an_share *e = &r->community[k];
        double ksw = 0;
        for (size_t j = 0; j < 3; j++) {
            e->n += cell_n(t, c->comm_part + k * 3 + j);
            ksw += cell_sw(t, c->comm_part + k * 3 + j);
        }
        e->label = c->community->col->values[k].text;
        e->code = c->community->col->values[k].code;
        e->share = total > 0 ? ksw / total : NAN;
    }
    r->n_community = c->n_comm;
}

/* ## Participation */

static void participation(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    size_t nb = c->nb, ni = c->n_act;
    r->part_by_age = take(c->box, nb ? nb : 1, sizeof *r->part_by_age);
    r->intensity_by_age = take(c->box, nb ? nb : 1, sizeof *r->intensity_by_age);
    r->adjusted_residuals = take(c->box, nb ? nb : 1, sizeof *r->adjusted_residuals);
    r->part_by_community = take(c->box, c->n_comm ? c->n_comm : 1, sizeof *r->part_by_community);
    r->activities = take(c->box, ni ? ni : 1, sizeof *r->activities);
    /* rows: participant yes / no; columns: age groups (+ a spare for nb = 0) */
    double *table = take(c->box, 2 * (nb + 1), sizeof *table);
    double *stdres = take(c->box, 2 * (nb + 1), sizeof *stdres);
    double *succ = take(c->box, nb + 1, sizeof *succ), *tot = take(c->box, nb + 1, sizeof *tot);
    if (c->box->oom)
        return;
    r->has_participation = ni > 0;
    int weighted = c->w != NULL;

    /* Overall, by age group, intensity: the age × intensity cells. */
    struct prop_acc all = {0};
    struct stats_moments inten;
    stats_moments_init(&inten);
    for (size_t b = 0; b <= nb; b++) {
        struct prop_acc by_age = {0};
        struct stats_moments inten_age;
        stats_moments_init(&inten_age);
        for (size_t j = 0; j <= ni; j++) {
            size_t cell = c->age_part + b * (ni + 2) + j;
            cell_prop(t, cell, j > 0, &all);
            cell_prop(t, cell, j > 0, &by_age);
            if (b < nb) {
                cell_moments(t, cell, (double)j, &inten_age);
                table[(j > 0 ? 0 : nb) + b] += cell_n(t, cell);
            }
        }
        if (b == nb)
            continue;
        prop_rate(&by_age, weighted, &r->part_by_age[b]);
        r->part_by_age[b].group = c->bands->band[b].label;
        mean_result(&inten_age, c->bands->band[b].label, &r->intensity_by_age[b]);
    }
    /* The overall intensity, value by value over every age row. */
    for (size_t j = 0; j <= ni; j++) {
        struct stats_moments v;
        stats_moments_init(&v);
        double n = 0, npos = 0, sw = 0, sw2 = 0;
        for (size_t b = 0; b <= nb; b++) {
            size_t cell = c->age_part + b * (ni + 2) + j;
            n += cell_n(t, cell);
            sw += cell_sw(t, cell);
            sw2 += t->w ? t->w[cell].sw2 : cell_n(t, cell);
            npos += t->w ? t->w[cell].npos : cell_n(t, cell);
        }
        if (n > 0)
            stats_moments_add_many(&inten, (double)j, n, npos, sw, sw2);
    }
    prop_rate(&all, weighted, &r->overall);
    mean_result(&inten, NULL, &r->intensity);
    for (size_t k = 0; k < c->n_comm; k++) {
        struct prop_acc a = {0};
        cell_prop(t, c->comm_part + k * 3, 0, &a);
        cell_prop(t, c->comm_part + k * 3 + 1, 1, &a);
        prop_rate(&a, weighted, &r->part_by_community[k]);
        r->part_by_community[k].group = c->community->col->values[k].text;
    }

    /* The tests are unweighted: counts of respondents. */
    stats_chisq_test(table, 2, nb, &r->chisq, stdres);
    for (size_t b = 0; b < nb; b++)
        r->adjusted_residuals[b] = r->chisq.rows == 2 ? stdres[b] : NAN;
    if (r->chisq.rows < 2) { /* no variation in taking part: nothing to test */
        r->chisq.statistic = r->chisq.df = r->chisq.p_value = r->chisq.cramers_v = NAN;
    }
    for (size_t b = 0; b < nb; b++) {
        succ[b] = table[b];
        tot[b] = table[b] + table[nb + b];
    }
    struct stats_test lbl;
    if (stats_linear_by_linear(succ, tot, NULL, nb, &lbl) == 0)
        r->linear_by_linear = (struct an_test){lbl.statistic, lbl.df, lbl.p_value};
    else
        r->linear_by_linear = (struct an_test){NAN, NAN, NAN};

    /* Per activity, overall and by age group. */
    for (size_t a = 0; a < ni; a++) {
        const struct survey_var *v = c->act[a];
        struct an_activity *act = &r->activities[r->n_activities++];
        act->column = v->name;
        act->label_zh = v->label_zh;
        act->label_en = v->label_en;
        act->by_age = take(c->box, nb ? nb : 1, sizeof *act->by_age);
        if (!act->by_age)
            return;
        struct prop_acc acc = {0};
        for (size_t b = 0; b <= nb; b++) {
            struct prop_acc by_age = {0};
            for (int yes = 0; yes < 2; yes++) {
                size_t cell = c->act_at + (a * (nb + 1) + b) * 2 + (size_t)yes;
                cell_prop(t, cell, yes, &acc);
                cell_prop(t, cell, yes, &by_age);
            }
            if (b < nb) {
                prop_rate(&by_age, weighted, &act->by_age[b]);
                act->by_age[b].group = c->bands->band[b].label;
            }
        }
        prop_rate(&acc, weighted, &act->all);
    }

    /* Barriers: the main reason for not taking part, overall and by age. */
    if (!c->barrier || !c->n_bar)
        return;
    struct an_barriers *B = &r->barriers;
    size_t k = c->n_bar;
    r->has_barriers = 1;
    B->n_cat = k;
    B->cat = take(c->box, k, sizeof *B->cat);
    B->by_age = take(c->box, k * (nb ? nb : 1), sizeof *B->by_age);
    B->by_age_n = take(c->box, nb ? nb : 1, sizeof *B->by_age_n);
    double *tot_age = take(c->box, nb + 1, sizeof *tot_age), *sw_all = take(c->box, k, sizeof *sw_all);
    if (c->box->oom)
        return;
    double tot_all = 0;
    for (size_t g = 0; g <= nb; g++)
        for (size_t j = 0; j < k; j++) {
            size_t cell = c->bar_at + g * k + j;
            B->n += cell_n(t, cell);
            B->cat[j].n += cell_n(t, cell);
            sw_all[j] += cell_sw(t, cell);
            tot_all += cell_sw(t, cell);
            if (g < nb) {
                B->by_age_n[g] += cell_n(t, cell);
                B->by_age[g * k + j].n = cell_n(t, cell);
                tot_age[g] += cell_sw(t, cell);
            }
        }
    for (size_t j = 0; j < k; j++) {
        B->cat[j].label = c->barrier->col->values[j].text;
        B->cat[j].code = c->barrier->col->values[j].code;
        B->cat[j].share = tot_all > 0 ? sw_all[j] / tot_all : NAN;
        for (size_t g = 0; g < nb; g++) {
            struct an_share *e = &B->by_age[g * k + j];
            e->label = B->cat[j].label;
            e->code = B->cat[j].code;
            e->share = tot_age[g] > 0 ? cell_sw(t, c->bar_at + g * k + j) / tot_age[g] : NAN;
        }
    }
}

/* ## Likert items and scales */

static void likert_items(struct ctx *c, const struct tally *t, struct an_likert *L, size_t first)
{
    for (size_t q = 0; q < L->n_items; q++) {
        struct an_item *it = &L->items[q];
        size_t at = c->item_at[first + q], levels = (size_t)(it->max - it->min + 1);
        struct stats_moments m;
        stats_moments_init(&m);
        double top = 0, sw = 0;
        for (size_t l = 0; l < levels; l++) {
            it->distribution[l] = cell_n(t, at + l);
            cell_moments(t, at + l, it->min + (double)l, &m);
            sw += cell_sw(t, at + l);
            if (it->min + (int)l >= it->max - 1)
                top += cell_sw(t, at + l);
        }
        mean_result(&m, NULL, &it->stat);
        it->top2 = sw > 0 ? top / sw : NAN;
    }
}

/* Kruskal–Wallis across the first NG rows of a scale's ROW × code cells at
   AT (unweighted counts). */
static struct an_test kruskal(struct ctx *c, const struct tally *t, const struct scale_def *sd,
                              size_t at, size_t ng)
{
    struct an_test out = {NAN, NAN, NAN};
    if (!ng)
        return out;
    double *count = malloc(ng * sd->ncode * sizeof *count);
    if (!count) {
        c->box->oom = 1;
        return out;
    }
    for (size_t k = 0; k < ng * sd->ncode; k++)
        count[k] = cell_n(t, at + k);
    struct stats_test kw;
    int rc = stats_kruskal_wallis_table(count, ng, sd->ncode, &kw);
    free(count);
    if (rc == 0)
        out = (struct an_test){kw.statistic, kw.df, kw.p_value};
    else if (rc == -2)
        c->box->oom = 1;
    return out;
}

/* Alpha, the index's descriptives by group and its Kruskal–Wallis tests. */
static void scale_result(struct ctx *c, const struct tally *t, const struct scale_def *sd)
{
    struct an_scale *S = sd->S;
    size_t k = sd->k, nc = sd->ncode;
    struct stats_moments mall;
    stats_moments_init(&mall);
    S->by_age = take(c->box, c->nb ? c->nb : 1, sizeof *S->by_age);
    S->by_community = take(c->box, c->n_comm ? c->n_comm : 1, sizeof *S->by_community);
    if (c->box->oom)
        return;
    /* Overall: value by value over every age row (incl. no age group). */
    for (size_t g = 0; g < nc; g++) {
        double n = 0, npos = 0, sw = 0, sw2 = 0;
        for (size_t b = 0; b <= c->nb; b++) {
            size_t cell = sd->by_age + b * nc + g;
            n += cell_n(t, cell);
            sw += cell_sw(t, cell);
            sw2 += t->w ? t->w[cell].sw2 : cell_n(t, cell);
            npos += t->w ? t->w[cell].npos : cell_n(t, cell);
        }
        if (n > 0)
            stats_moments_add_many(&mall, sd->val[g], n, npos, sw, sw2);
    }
    S->n = mall.n;
    mean_result(&mall, NULL, &S->index);
    for (size_t b = 0; b < c->nb; b++) {
        struct stats_moments m;
        stats_moments_init(&m);
        for (size_t g = 0; g < nc; g++)
            cell_moments(t, sd->by_age + b * nc + g, sd->val[g], &m);
        mean_result(&m, c->bands->band[b].label, &S->by_age[b]);
    }
    for (size_t q = 0; q < c->n_comm; q++) {
        struct stats_moments m;
        stats_moments_init(&m);
        for (size_t g = 0; g < nc; g++)
            cell_moments(t, sd->by_comm + q * nc + g, sd->val[g], &m);
        mean_result(&m, c->community->col->values[q].text, &S->by_community[q]);
    }
    S->test_age = kruskal(c, t, sd, sd->by_age, c->nb);
    S->test_community = kruskal(c, t, sd, sd->by_comm, c->n_comm);

    S->alpha = S->std_alpha = NAN;
    if (k < 2)
        return;
    S->item_total = take(c->box, k, sizeof *S->item_total);
    if (k >= 3)
        S->alpha_if_deleted = take(c->box, k, sizeof *S->alpha_if_deleted);
    double *cov = malloc(k * k * sizeof *cov);
    if (!cov || c->box->oom) {
        free(cov);
        c->box->oom = 1;
        return;
    }
    stats_cov_from_sums(t->sums + sd->sums, t->sums + sd->sums + k, k, (uint64_t)S->n, cov);
    struct stats_alpha a;
    if (S->n > 0 &&
        stats_alpha_from_cov(cov, k, (size_t)S->n, &a, S->item_total, S->alpha_if_deleted) == 0) {
        S->alpha = a.alpha;
        S->std_alpha = a.std_alpha;
    } else {
        for (size_t q = 0; q < k; q++) {
            S->item_total[q] = NAN;
            if (S->alpha_if_deleted)
                S->alpha_if_deleted[q] = NAN;
        }
    }
    free(cov);
}

/* ## Association */

static void spearman(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    if (!c->n_sd)
        return;
    r->spearman = take(c->box, c->n_sd, sizeof *r->spearman);
    if (!r->spearman)
        return;
    size_t ny = c->n_act + 1;
    for (size_t sc = 0; sc < c->n_sd; sc++) {
        const struct scale_def *sd = &c->sd[sc];
        double *count = malloc(sd->ncode * ny * sizeof *count);
        if (!count) {
            c->box->oom = 1;
            return;
        }
        for (size_t k = 0; k < sd->ncode * ny; k++)
            count[k] = cell_n(t, sd->spear + k);
        struct stats_spearman sp;
        struct an_spearman *o = &r->spearman[r->n_spearman++];
        o->scale = sd->S->name;
        o->rho = o->p_value = NAN;
        int rc = stats_spearman_table(count, sd->ncode, ny, &sp);
        free(count);
        o->n = sp.n;
        if (rc == 0) {
            o->rho = sp.rho;
            o->p_value = sp.p_value;
        } else if (rc == -2) {
            c->box->oom = 1;
        }
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Dummy columns of a categorical variable: every code present among complete
   cases but the lowest (at most 64). */
struct factor {
    const struct survey_var *v;
    int codes[64];
    size_t n_codes; /* non-reference levels */
};

/* The logistic model's predictors. */
struct design {
    const struct ctx *c;
    const struct factor *f;
    size_t ref, nbands;
    const int *age_present;
    const uint32_t *resp; /* complete case -> respondent (when not direct) */
    uint16_t *code;       /* scratch: n_sd index codes */
};

/* The predictors of a respondent in age group AGE with gender and party codes
   GX and PX and index codes CODE into X. */
static void fill_row(const struct design *d, size_t age, int gx, int px, const uint16_t *code,
                     double *x)
{
    size_t col = 0;
    x[col++] = 1;
    for (size_t b = d->ref + 1; b < d->nbands; b++)
        if (d->age_present[b])
            x[col++] = age == b;
    int fx[2] = {gx, px};
    for (int q = 0; q < 2; q++)
        for (size_t k = 0; k < d->f[q].n_codes; k++)
            x[col++] = fx[q] == d->f[q].codes[k];
    for (size_t sc = 0; sc < d->c->n_sd; sc++)
        x[col++] = d->c->sd[sc].val[code[sc]];
}

/* Respondent I's index code on scale SD, or CODE_NONE. */
static uint16_t scale_code(const struct scale_def *sd, size_t i)
{
    uint32_t g = 0;
    for (size_t q = 0; q < sd->k; q++) {
        int x = sd->var[q]->v[i];
        if (x == SURVEY_MISSING)
            return CODE_NONE;
        g += (uint32_t)(x - sd->var[q]->col->min) * sd->mult[q];
    }
    return (uint16_t)g;
}

/* Respondent I's participation intensity, or n_act + 1 when unknown. */
static size_t intensity_of(const struct ctx *c, size_t i)
{
    size_t yes = 0;
    int known = 0;
    for (size_t a = 0; a < c->n_act; a++) {
        known |= c->act[a]->v[i] != SURVEY_MISSING;
        yes += c->act[a]->v[i] == 1;
    }
    return known ? yes : c->n_act + 1;
}

static const double *design_row(void *vd, size_t obs, double *x)
{
    const struct design *d = vd;
    const struct ctx *c = d->c;
    size_t i = d->resp[obs];
    for (size_t sc = 0; sc < c->n_sd; sc++)
        d->code[sc] = scale_code(&c->sd[sc], i);
    fill_row(d, age_of(c, i), c->gender ? c->gender->v[i] : 0, c->party ? c->party->v[i] : 0,
             d->code, x);
    return x;
}

/* Key K's age group, gender and party codes and index codes. */
static size_t key_decode(const struct ctx *c, size_t k, int *gx, int *px, uint16_t *code)
{
    for (size_t sc = c->n_sd; sc-- > 0;) {
        code[sc] = (uint16_t)(k % c->sd[sc].ncode);
        k /= c->sd[sc].ncode;
    }
    *px = *gx = 0;
    if (c->party) {
        *px = c->plo + (int)(k % c->np);
        k /= c->np;
    }
    if (c->gender) {
        *gx = c->glo + (int)(k % c->ng);
        k /= c->ng;
    }
    return k;
}

/* Complete cases: participation known, an age group, gender, party, every
   index.  With direct keys the tally holds them by pattern; otherwise they
   are found here and listed in *RESP with the outcome in *Y. */
static size_t complete_cases(struct ctx *c, const struct tally *t, size_t nbands,
                             int *age_present, struct factor *f, uint32_t **resp, double **y)
{
    size_t n = 0;
    int seen[2][65];
    size_t ns[2] = {0, 0};
    if (c->direct) {
        uint16_t *code = malloc((c->n_sd ? c->n_sd : 1) * sizeof *code);
        uint8_t *gseen = calloc(c->ng + c->np + 1, 1), *pseen = gseen + c->ng;
        if (!code || !gseen) {
            free(code), free(gseen);
            c->box->oom = 1;
            return 0;
        }
        for (size_t k = 0; k < c->keys; k++) {
            if (!t->trials[k])
                continue;
            int gx, px;
            size_t age = key_decode(c, k, &gx, &px, code);
            n += t->trials[k];
            age_present[age] = 1;
            gseen[gx - c->glo] = 1;
            pseen[px - c->plo] = 1;
        }
        for (size_t g = 0; g < c->ng && ns[0] < 65; g++)
            if (gseen[g])
                seen[0][ns[0]++] = c->glo + (int)g;
        for (size_t g = 0; g < c->np && ns[1] < 65; g++)
            if (pseen[g])
                seen[1][ns[1]++] = c->plo + (int)g;
        free(code), free(gseen);
    } else {
        char *ok = calloc(c->n ? c->n : 1, 1);
        if (!ok) {
            c->box->oom = 1;
            return 0;
        }
        for (size_t i = 0; i < c->n; i++) {
            size_t age = age_of(c, i);
            int good = age < nbands && intensity_of(c, i) <= c->n_act;
            good = good && (!c->gender || c->gender->v[i] != SURVEY_MISSING);
            good = good && (!c->party || c->party->v[i] != SURVEY_MISSING);
            for (size_t sc = 0; sc < c->n_sd && good; sc++)
                good = scale_code(&c->sd[sc], i) != CODE_NONE;
            ok[i] = (char)good;
            if (good) {
                n++;
                age_present[age] = 1;
            }
        }
        for (int q = 0; q < 2; q++)
            for (size_t i = 0; i < c->n && f[q].v && ns[q] < 65; i++) {
                if (!ok[i])
                    continue;
                size_t k = 0;
                while (k < ns[q] && seen[q][k] != f[q].v->v[i])
                    k++;
                if (k == ns[q])
                    seen[q][ns[q]++] = f[q].v->v[i];
            }
        *y = malloc((n ? n : 1) * sizeof **y);
        *resp = malloc((n ? n : 1) * sizeof **resp);
        if (!*y || !*resp) {
            free(ok);
            c->box->oom = 1;
            return 0;
        }
        size_t row = 0;
        for (size_t i = 0; i < c->n; i++)
            if (ok[i]) {
                (*resp)[row] = (uint32_t)i;
                (*y)[row++] = intensity_of(c, i) > 0;
            }
        free(ok);
    }
    /* Each factor's codes present among complete cases, ascending: the
       lowest is the reference, the others get a dummy column each. */
    for (int q = 0; q < 2; q++) {
        if (!f[q].v)
            continue;
        qsort(seen[q], ns[q], sizeof *seen[q], cmp_int);
        for (size_t k = 1; k < ns[q]; k++)
            f[q].codes[f[q].n_codes++] = seen[q][k];
    }
    return n;
}

/* The predictor patterns of the direct tally as grouped binomial data. */
static struct stats_logit *fit_patterns(struct ctx *c, const struct tally *t,
                                        const struct design *d, size_t p)
{
    size_t npat = 0;
    for (size_t k = 0; k < c->keys; k++)
        npat += t->trials[k] > 0;
    double *x = malloc((npat ? npat : 1) * p * sizeof *x);
    double *succ = malloc((npat ? npat : 1) * sizeof *succ);
    double *trials = malloc((npat ? npat : 1) * sizeof *trials);
    struct stats_logit *fit = NULL;
    if (x && succ && trials) {
        size_t row = 0;
        for (size_t k = 0; k < c->keys; k++) {
            if (!t->trials[k])
                continue;
            int gx, px;
            size_t age = key_decode(c, k, &gx, &px, d->code);
            fill_row(d, age, gx, px, d->code, x + row * p);
            succ[row] = t->succ[k];
            trials[row++] = t->trials[k];
        }
        fit = stats_logit_fit_grouped(x, succ, trials, npat, p);
    }
    free(x), free(succ), free(trials);
    return fit;
}

static void logistic(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    if (!r->has_participation)
        return;
    int age_present[256] = {0};
    size_t nbands = c->nb < 256 ? c->nb : 256;
    struct factor f[2] = {{.v = c->gender}, {.v = c->party}};
    uint32_t *resp = NULL;
    double *Y = NULL;
    uint16_t *code = malloc((c->n_sd ? c->n_sd : 1) * sizeof *code);
    size_t n = code ? complete_cases(c, t, nbands, age_present, f, &resp, &Y) : 0;
    size_t ref = 0;
    while (ref < nbands && !age_present[ref])
        ref++;
    size_t p = 1;
    for (size_t b = ref + 1; b < nbands; b++)
        p += age_present[b];
    p += f[0].n_codes + f[1].n_codes + c->n_sd;
    r->logit_n = (double)n;
    r->logit_fitted = 1;
    r->terms = take(c->box, p, sizeof *r->terms);
    if (!code || !r->terms || c->box->oom) {
        free(Y), free(resp), free(code);
        c->box->oom = 1;
        return;
    }
    /* Term names. */
    size_t k = 0;
    r->terms[k++].term = "(intercept)";
    for (size_t b = ref + 1; b < nbands; b++)
        if (age_present[b]) {
            char *name = take(c->box, 40, 1);
            if (name)
                snprintf(name, 40, "age_group=%s", c->bands->band[b].label);
            r->terms[k++].term = name;
        }
    for (int q = 0; q < 2; q++)
        for (size_t j = 0; j < f[q].n_codes; j++) {
            const char *lab = survey_cbcol_label(f[q].v->col, f[q].codes[j]);
            size_t len = (lab ? strlen(lab) : 12) + 20;
            char *name = take(c->box, len, 1);
            if (name && lab)
                snprintf(name, len, "%s=%s", q ? "party_member" : "gender", lab);
            else if (name)
                snprintf(name, len, "%s=%d", q ? "party_member" : "gender", f[q].codes[j]);
            r->terms[k++].term = name;
        }
    for (size_t sc = 0; sc < c->n_sd; sc++)
        r->terms[k++].term = (char *)c->sd[sc].S->name;
    r->n_terms = p;
    struct design dz = {c, f, ref, nbands, age_present, resp, code};
    struct stats_logit *fit = c->direct ? fit_patterns(c, t, &dz, p)
                                        : stats_logit_fit_rows(design_row, &dz, Y, n, p);
    if (!fit) {
        c->box->oom = 1;
    } else {
        r->logit_converged = fit->converged;
        for (size_t j = 0; j < p; j++) {
            struct an_term *T = &r->terms[j];
            T->coef = fit->coef[j];
            T->se = fit->se[j];
            T->z = fit->z[j];
            T->p_value = fit->p_value[j];
            T->odds_ratio = fit->odds_ratio[j];
            T->or_ci_low = fit->or_ci_low[j];
            T->or_ci_high = fit->or_ci_high[j];
        }
        stats_logit_free(fit);
    }
    free(Y), free(resp), free(code);
}

/* ## Setting up the tables */

/* The items of a section (ROLE) and its scales: items sharing a scale name,
   in order of first appearance, each on its grid.  Appends to C's items and
   scale definitions.  Returns 0, or -1 with C->err filled when a scale's
   grid is too fine (or out of memory, with C->box->oom set). */
static int likert_setup(struct ctx *c, enum survey_role role, struct an_likert *L)
{
    const struct survey *s = c->s;
    size_t n_items = 0, first = c->n_item;
    for (size_t j = 0; j < s->n_vars; j++)
        n_items += s->vars[j].role == role;
    if (!n_items)
        return 0;
    L->items = take(c->box, n_items, sizeof *L->items);
    L->scales = take(c->box, n_items, sizeof *L->scales);
    if (!L->items || !L->scales)
        return -1;
    for (size_t j = 0; j < s->n_vars; j++) {
        const struct survey_var *v = &s->vars[j];
        if (v->role != role)
            continue;
        struct an_item *it = &L->items[L->n_items++];
        c->item[c->n_item++] = v;
        it->column = v->name;
        it->label_zh = v->label_zh;
        it->label_en = v->label_en;
        it->min = v->col->min;
        it->max = v->col->max;
        it->distribution = take(c->box, (size_t)(it->max - it->min + 1), sizeof *it->distribution);
        if (!it->distribution)
            return -1;
    }
    const struct survey_var **var = c->item + first;
    for (size_t k = 0; k < L->n_items; k++) {
        const char *name = var[k]->col->scale;
        size_t sc;
        for (sc = 0; sc < L->n_scales; sc++)
            if (!strcmp(L->scales[sc].name, name))
                break;
        if (sc < L->n_scales)
            continue;
        struct an_scale *S = &L->scales[L->n_scales++];
        struct scale_def *sd = &c->sd[c->n_sd++];
        S->name = name;
        for (size_t q = k; q < L->n_items; q++)
            S->k += !strcmp(var[q]->col->scale, name);
        S->items = take(c->box, S->k, sizeof *S->items);
        S->item_index = take(c->box, S->k, sizeof *S->item_index);
        sd->var = take(c->box, S->k, sizeof *sd->var);
        sd->mult = take(c->box, S->k, sizeof *sd->mult);
        if (c->box->oom)
            return -1;
        sd->S = S;
        sd->k = S->k;
        c->kmax = sd->k > c->kmax ? sd->k : c->kmax;
        /* The grid: L = lcm of the items' ranges; item q counts L/range_q
           per point, so the code k·L means every item at its maximum. */
        uint64_t lcm = 1;
        size_t m = 0;
        for (size_t q = k; q < L->n_items; q++) {
            if (strcmp(var[q]->col->scale, name))
                continue;
            S->item_index[m] = q;
            S->items[m] = L->items[q].column;
            sd->var[m++] = var[q];
            uint64_t range = (uint64_t)(var[q]->col->max - var[q]->col->min), a = lcm, b = range;
            while (b) {
                uint64_t t = a % b;
                a = b;
                b = t;
            }
            lcm = lcm / a * range;
            if (lcm * sd->k > GRID_MAX)
                return survey_error_set(
                    c->err, SURVEY_ERR_LIMIT, "", 0,
                    "scale \"%s\": its items' ranges put the index on a grid of more than "
                    "%d points (items × the least common multiple of their ranges), more "
                    "than canyu supports",
                    name, GRID_MAX);
        }
        for (size_t q = 0; q < sd->k; q++)
            sd->mult[q] = (uint16_t)(lcm / (uint64_t)(sd->var[q]->col->max - sd->var[q]->col->min));
        sd->ncode = sd->k * (size_t)lcm + 1;
        sd->val = take(c->box, sd->ncode, sizeof *sd->val);
        if (!sd->val)
            return -1;
        /* Each item rescaled to 0..1 then averaged: the same as rescaling the
           item mean when the items share a range. */
        for (size_t g = 0; g < sd->ncode; g++)
            sd->val[g] = 100.0 * ((double)g / (double)lcm) / (double)sd->k;
    }
    return 0;
}

/* Offsets of every table in struct tally, and whether the logistic model's
   patterns are counted directly. */
static int layout(struct ctx *c)
{
    size_t nb1 = c->nb + 1, ni = c->n_act, at = 0;
    c->age_part = at, at += nb1 * (ni + 2);
    c->comm_part = at, at += (c->n_comm + 1) * 3;
    c->gender_at = at, at += c->gender ? c->gender->col->n_values : 0;
    c->party_at = at, at += c->party ? c->party->col->n_values : 0;
    c->sub_at = at, at += c->subdistrict ? c->subdistrict->col->n_values : 0;
    c->act_at = at, at += ni * nb1 * 2;
    c->bar_at = at, at += nb1 * c->n_bar;
    c->item_at = take(c->box, c->n_item ? c->n_item : 1, sizeof *c->item_at);
    if (!c->item_at)
        return -1;
    for (size_t q = 0; q < c->n_item; q++)
        c->item_at[q] = at, at += (size_t)(c->item[q]->col->max - c->item[q]->col->min + 1);
    for (size_t sc = 0; sc < c->n_sd; sc++) {
        struct scale_def *sd = &c->sd[sc];
        sd->by_age = at, at += nb1 * sd->ncode;
        sd->by_comm = at, at += (c->n_comm + 1) * sd->ncode;
        sd->spear = at, at += sd->ncode * (ni + 1);
        if (sd->k >= 2) {
            sd->sums = c->nsums;
            c->nsums += sd->k + sd->k * sd->k;
        }
    }
    c->cells = at;

    /* Pattern keys: age group, then gender and party (as code - lowest code
       present), then every index code. */
    const struct survey_var *f[2] = {c->gender, c->party};
    int lo[2] = {0, 0};
    size_t range[2] = {1, 1};
    for (int q = 0; q < 2; q++) {
        if (!f[q])
            continue;
        int l = INT16_MAX, h = INT16_MIN;
        for (size_t i = 0; i < c->n; i++) {
            int x = f[q]->v[i];
            if (x != SURVEY_MISSING) {
                l = x < l ? x : l;
                h = x > h ? x : h;
            }
        }
        if (l <= h)
            lo[q] = l, range[q] = (size_t)(h - l + 1);
    }
    c->glo = lo[0], c->ng = range[0], c->plo = lo[1], c->np = range[1];
    size_t keys = c->nb * c->ng * c->np;
    for (size_t sc = 0; sc < c->n_sd && keys <= KEYS_DIRECT; sc++)
        keys *= c->sd[sc].ncode;
    c->direct = c->n_act > 0 && c->nb > 0 && c->nb <= 256 && keys <= KEYS_DIRECT;
    c->keys = c->direct ? keys : 0;
    return 0;
}

/* ## Weights and raking */

static int rake(struct ctx *c, const struct an_margins *M)
{
    struct an_results *r = &c->box->r;
    /* Variables in order of first appearance in the margins file. */
    const char *vars[16];
    size_t nv = 0;
    for (size_t m = 0; m < M->n; m++) {
        size_t v;
        for (v = 0; v < nv; v++)
            if (!strcmp(vars[v], M->m[m].variable))
                break;
        if (v == nv) {
            if (nv == 16)
                return survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, M->m[m].line,
                                   "more than 16 raking variables");
            vars[nv++] = M->m[m].variable;
        }
    }
    int *cat[16] = {0};
    const struct survey_var *svar[16] = {0};
    double *share[16] = {0};
    size_t ncat[16] = {0};
    int rc = 0;
    for (size_t v = 0; v < nv && rc == 0; v++) {
        const struct survey_var *sv = NULL;
        size_t levels;
        if (!strcmp(vars[v], "age_group")) {
            levels = c->nb;
        } else {
            enum survey_role role;
            for (role = 0; role < ROLE_COUNT; role++)
                if (!strcmp(survey_role_name(role), vars[v]))
                    break;
            int categorical = role == ROLE_SUBDISTRICT || role == ROLE_COMMUNITY ||
                              role == ROLE_GENDER || role == ROLE_PARTY_MEMBER;
            sv = categorical ? survey_var_by_role(c->s, role) : NULL;
            if (!sv || !sv->col->n_values) {
                for (size_t m = 0; m < M->n; m++)
                    if (M->m[m].variable == vars[v] || !strcmp(M->m[m].variable, vars[v])) {
                        rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, M->m[m].line,
                                         "unknown raking variable \"%s\" (use age_group, "
                                         "gender, party_member, subdistrict or community, with "
                                         "value labels in the codebook)",
                                         vars[v]);
                        break;
                    }
                break;
            }
            levels = sv->col->n_values;
        }
        svar[v] = sv;
        ncat[v] = levels;
        cat[v] = malloc((c->n ? c->n : 1) * sizeof *cat[v]);
        share[v] = calloc(levels ? levels : 1, sizeof *share[v]);
        char *given = calloc(levels ? levels : 1, 1);
        if (!cat[v] || !share[v] || !given) {
            free(given);
            rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, M->file, 0, "out of memory");
            break;
        }
        for (size_t m = 0; m < M->n && rc == 0; m++) {
            const struct an_margin *mg = &M->m[m];
            if (strcmp(mg->variable, vars[v]))
                continue;
            long k = -1;
            if (!sv) {
                for (size_t b = 0; b < c->nb; b++)
                    if (!strcmp(c->bands->band[b].label, mg->category))
                        k = (long)b;
            } else {
                for (size_t q = 0; q < levels; q++) {
                    char code[16];
                    snprintf(code, sizeof code, "%d", sv->col->values[q].code);
                    if (!strcmp(sv->col->values[q].text, mg->category) ||
                        !strcmp(code, mg->category))
                        k = (long)q;
                }
            }
            if (k < 0)
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, mg->line,
                                 "%s has no category \"%s\"%s", vars[v], mg->category,
                                 sv ? "" : " (age groups are named as --age-bands labels them)");
            else if (given[k])
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, mg->line,
                                 "%s category \"%s\" is given twice", vars[v], mg->category);
            else {
                given[k] = 1;
                share[v][k] = mg->share;
            }
        }
        for (size_t i = 0; i < c->n && rc == 0; i++) {
            int k = sv ? (sv->v[i] == SURVEY_MISSING ? -1 : value_index(sv->col, sv->v[i]))
                       : (age_of(c, i) < c->nb ? (int)age_of(c, i) : -1);
            if (k >= 0 && !given[k]) {
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                                 "the margins give no share for %s \"%s\", which respondents "
                                 "have",
                                 vars[v],
                                 sv ? sv->col->values[k].text : c->bands->band[k].label);
            }
            cat[v][i] = k;
        }
        free(given);
    }
    if (rc == 0) {
        /* Respondents with no category on a raking variable cannot be raked. */
        for (size_t v = 0; v < nv && rc == 0; v++)
            for (size_t i = 0; i < c->n && rc == 0; i++)
                if (cat[v][i] < 0)
                    rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                                     "raking on %s needs every respondent in a category, but "
                                     "some have none (a missing value%s)",
                                     vars[v], strcmp(vars[v], "age_group") ? "" : " or an age in no band");
    }
    if (rc == 0) {
        struct stats_rake_info info;
        enum stats_rake_status st = stats_rake((const int *const *)cat, ncat,
                                               (const double *const *)share, nv, c->n, c->wbuf,
                                               &info);
        r->rake_iterations = info.iterations;
        if (st == STATS_RAKE_ERR_EMPTY)
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                             "%s category \"%s\" has a share but no respondents",
                             vars[info.var],
                             svar[info.var] ? svar[info.var]->col->values[info.category].text
                                            : c->bands->band[info.category].label);
        else if (st != STATS_RAKE_OK)
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0, "raking failed: %s",
                             stats_rake_strerror(st));
    }
    for (size_t v = 0; v < nv; v++) {
        free(cat[v]);
        free(share[v]);
    }
    return rc;
}

/* ## Entry point */

struct an_results *stats_analyse(const struct survey *s, const struct survey_bands *bands,
                                 const struct an_margins *margins, struct survey_error *err)
{
    struct results_box *box = calloc(1, sizeof *box);
    if (!box) {
        survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
        return NULL;
    }
    struct an_results *r = &box->r;
    r->survey = s;
    r->bands = bands;
    struct ctx c = {.box = box, .s = s, .bands = bands, .n = s->n, .nb = bands->n, .err = err};
    struct tally t = {0};
    c.age = survey_var_by_role(s, ROLE_AGE);
    c.community = survey_var_by_role(s, ROLE_COMMUNITY);
    if (c.community && !c.community->col->n_values)
        c.community = NULL;
    c.n_comm = c.community ? c.community->col->n_values : 0;
    c.gender = survey_var_by_role(s, ROLE_GENDER);
    c.party = survey_var_by_role(s, ROLE_PARTY_MEMBER);
    c.subdistrict = survey_var_by_role(s, ROLE_SUBDISTRICT);
    c.barrier = survey_var_by_role(s, ROLE_BARRIER);
    c.n_bar = c.barrier ? c.barrier->col->n_values : 0;
    size_t n_likert = 0;
    for (size_t j = 0; j < s->n_vars; j++) {
        c.n_act += s->vars[j].role == ROLE_PARTICIPATION;
        n_likert += s->vars[j].role == ROLE_SATISFACTION || s->vars[j].role == ROLE_TRUST;
    }
    c.act = take(box, c.n_act ? c.n_act : 1, sizeof *c.act);
    c.item = take(box, n_likert ? n_likert : 1, sizeof *c.item);
    c.sd = take(box, n_likert ? n_likert : 1, sizeof *c.sd);
    if (box->oom || lut_bands(&c) < 0 || lut_values(&c, &c.comm_row, c.community) < 0 ||
        lut_values(&c, &c.gender_row, c.gender) < 0 ||
        lut_values(&c, &c.party_row, c.party) < 0 ||
        lut_values(&c, &c.sub_row, c.subdistrict) < 0 ||
        lut_values(&c, &c.bar_row, c.barrier) < 0)
        goto oom;
    for (size_t j = 0, a = 0; j < s->n_vars; j++)
        if (s->vars[j].role == ROLE_PARTICIPATION)
            c.act[a++] = &s->vars[j];

    /* Weights: the weight column (a missing weight counts as 0), then raking. */
    if (s->weight || margins) {
        c.wbuf = take(box, s->n ? s->n : 1, sizeof *c.wbuf);
        if (!c.wbuf)
            goto oom;
        for (size_t i = 0; i < s->n; i++)
            c.wbuf[i] = s->weight ? (isnan(s->weight[i]) ? 0 : s->weight[i]) : 1.0;
        r->weighting = s->weight ? AN_WEIGHT_COLUMN : AN_WEIGHT_NONE;
        if (margins) {
            if (rake(&c, margins) < 0)
                goto fail;
            r->weighting = AN_WEIGHT_RAKING;
        }
        c.w = c.wbuf;
        r->effective_n = stats_kish_neff(c.w, s->n);
        r->design_effect = stats_design_effect(c.w, s->n);
    } else {
        r->effective_n = (double)s->n;
        r->design_effect = s->n ? 1.0 : NAN;
    }

    if (likert_setup(&c, ROLE_SATISFACTION, &r->satisfaction) < 0 ||
        likert_setup(&c, ROLE_TRUST, &r->trust) < 0) {
        if (box->oom)
            goto oom;
        goto fail;
    }
    if (layout(&c) < 0 || count_all(&c, &t) < 0)
        goto oom;
    profile(&c, &t);
    participation(&c, &t);
    likert_items(&c, &t, &r->satisfaction, 0);
    likert_items(&c, &t, &r->trust, r->satisfaction.n_items);
    for (size_t sc = 0; sc < c.n_sd && !box->oom; sc++)
        scale_result(&c, &t, &c.sd[sc]);
    if (!box->oom) {
        spearman(&c, &t);
        logistic(&c, &t);
    }
    if (box->oom)
        goto oom;
    tally_free(&t);
    return r;
oom:
    survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
fail:
    tally_free(&t);
    stats_results_free(r);
    return NULL;
}

/* ## Margins file */

/* One record of a margins file: "variable,category,share", the header
   skipped, blank records ignored. */
struct margins_ctx {
    struct an_margins *out;
    size_t cap;
    struct survey_error *err;
};

static char *trimmed(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static int margins_record(void *vc, size_t n, const char *const *field, const size_t *len,
                          long line)
{
    struct margins_ctx *c = vc;
    struct an_margins *out = c->out;
    int blank = 1;
    for (size_t i = 0; i < n && blank; i++)
        for (size_t k = 0; k < len[i] && blank; k++)
            blank = field[i][k] == ' ' || field[i][k] == '\t';
    if (blank)
        return 0;
    if (n != 3)
        return survey_error_set(c->err, SURVEY_ERR_MARGINS, out->file, line,
                                "expected three fields: variable,category,share");
    char *var = trimmed(field[0], len[0]), *cat = trimmed(field[1], len[1]);
    char *share_text = trimmed(field[2], len[2]);
    int rc = 0;
    if (!var || !cat || !share_text) {
        rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, out->file, 0, "out of memory");
    } else if (line == 1 && !strcmp(var, "variable")) {
        free(var), free(cat), free(share_text);
        return 0; /* the header */
    }
    char *end = NULL;
    double share = 0;
    if (rc == 0) {
        errno = 0;
        share = strtod(share_text, &end);
        if (end == share_text || *end || errno || !(share >= 0 && share <= 1))
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, out->file, line,
                                  "share \"%s\" is not a number between 0 and 1", share_text);
    }
    if (rc == 0 && out->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        struct an_margin *m = realloc(out->m, cap * sizeof *m);
        if (!m)
            rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, out->file, 0, "out of memory");
        else {
            out->m = m;
            c->cap = cap;
        }
    }
    free(share_text);
    if (rc < 0) {
        free(var);
        free(cat);
        return rc;
    }
    out->m[out->n++] = (struct an_margin){var, cat, share, line};
    return 0;
}

int stats_margins_load(const char *path, struct an_margins *out, struct survey_error *err)
{
    memset(out, 0, sizeof *out);
    out->file = strdup(path);
    if (!out->file)
        return survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
    struct margins_ctx c = {out, 0, err};
    /* The loader's reader: a BOM, GB18030 as Excel saves it on Chinese
       Windows, quoted categories and CRLF are all read as in the data. */
    int rc = survey_csv_read(path, SURVEY_ENC_AUTO, margins_record, &c, err);
    if (rc < 0 && err && err->code != SURVEY_ERR_MARGINS && err->code != SURVEY_ERR_NOMEM &&
        err->code != SURVEY_ERR_IO)
        err->code = SURVEY_ERR_MARGINS;
    if (rc == 0 && out->n == 0)
        rc = survey_error_set(err, SURVEY_ERR_MARGINS, path, 0, "no margins in the file");
    /* Each variable's shares must sum to 1. */
    for (size_t i = 0; i < out->n && rc == 0; i++) {
        double sum = 0;
        int first = 1;
        for (size_t j = 0; j < out->n; j++)
            if (!strcmp(out->m[j].variable, out->m[i].variable)) {
                sum += out->m[j].share;
                first = first && j >= i;
            }
        if (first && fabs(sum - 1) > 1e-6)
            rc = survey_error_set(err, SURVEY_ERR_MARGINS, path, out->m[i].line,
                                  "the shares of %s sum to %.6g, not 1", out->m[i].variable, sum);
    }
    if (rc < 0)
        stats_margins_free(out);
    return rc;
}

void stats_margins_free(struct an_margins *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->m[i].variable);
        free(m->m[i].category);
    }
    free(m->m);
    free(m->file);
    memset(m, 0, sizeof *m);
}
