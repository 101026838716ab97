/* compare.c — yearly waves: forming them from the input files, analysing each
 * and testing the change between consecutive ones (see compare.h).
 *
 * A wave's respondents are taken into a survey of their own
 * (survey_subset: its pieces pooled, a file of several years cut to one,
 * without weights), so that one call of stats_analyse() per wave gives its
 * figures exactly as `canyu report` would on that wave's data, unweighted.
 * The copy costs two bytes per respondent and variable, and lives only
 * while its wave is analysed.
 *
 * The tests are the primitives of stats.h, already checked against R: the
 * pooled two-proportion z test (z^2 = prop.test(correct = FALSE)$statistic)
 * with the unpooled Wald interval of the difference, and Welch's t test
 * (t.test) from each wave's mean, SD and n.
 */
#include "analysis/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## Which columns a wave may lack: questionnaire items, and the columns
   compare does not use (weights among them: figures are unweighted). */

static int may_be_absent(enum survey_role role)
{
    switch (role) {
    case ROLE_PARTICIPATION:
    case ROLE_ACTIVITIES:
    case ROLE_BARRIER:
    case ROLE_SATISFACTION:
    case ROLE_TRUST:
    case ROLE_YEAR:
    case ROLE_WEIGHT:
    case ROLE_DURATION:
    case ROLE_TEXT:
    case ROLE_IGNORE:
        return 1;
    default:
        return 0;
    }
}

static int absent_in(const struct survey_file_info *fi, const struct survey_cbcol *col)
{
    for (size_t a = 0; a < fi->n_absent; a++)
        if (fi->absent[a] == col)
            return 1;
    return 0;
}

/* ## Building the waves */

struct piece {
    size_t input;  /* which input survey */
    int all;       /* every respondent of it, else those of YEAR */
    int year;
};

struct build {
    int has_year, year;
    char *label;
    struct piece *pieces;
    size_t n_pieces;
};

struct builds {
    struct build *b;
    size_t n;
};

static void builds_free(struct builds *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->b[i].label);
        free(w->b[i].pieces);
    }
    free(w->b);
}

static struct build *builds_add(struct builds *w, int has_year, int year, const char *label)
{
    struct build *b = realloc(w->b, (w->n + 1) * sizeof *b);
    if (!b)
        return NULL;
    w->b = b;
    b = &w->b[w->n];
    memset(b, 0, sizeof *b);
    b->has_year = has_year;
    b->year = year;
    b->label = strdup(label);
    if (!b->label)
        return NULL;
    w->n++;
    return b;
}

static int build_add_piece(struct build *b, size_t input, int all, int year)
{
    struct piece *p = realloc(b->pieces, (b->n_pieces + 1) * sizeof *p);
    if (!p)
        return -1;
    b->pieces = p;
    b->pieces[b->n_pieces++] = (struct piece){input, all, year};
    return 0;
}

/* The wave of YEAR, created at the end when there is none yet. */
static struct build *builds_year(struct builds *w, int year)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->b[i].has_year && w->b[i].year == year)
            return &w->b[i];
    char label[16];
    snprintf(label, sizeof label, "%d", year);
    return builds_add(w, 1, year, label);
}

/* A file's name without directory and extension: "data/boli-2024.csv" is
   "boli-2024"; standard input is "stdin". */
static void file_label(const char *path, char *out, size_t size)
{
    if (!strcmp(path, "-")) {
        snprintf(out, size, "stdin");
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), base);
}

static int by_year(const void *a, const void *b)
{
    const struct build *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The distinct years of S (sorted, into a new array *YEARS, count returned
   in *N) and the number of records without one.  -1 when out of memory. */
static int years_of(const struct survey *s, const struct survey_var *yv, int **years, size_t *n,
                    size_t *blank)
{
    *years = NULL;
    *n = *blank = 0;
    if (!yv) {
        *blank = s->n;
        return 0;
    }
    int *y = malloc((s->n ? s->n : 1) * sizeof *y);
    if (!y)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (yv->v[i] == SURVEY_MISSING)
            (*blank)++;
        else
            y[m++] = yv->v[i];
    }
    qsort(y, m, sizeof *y, cmp_int);
    size_t d = 0;
    for (size_t i = 0; i < m; i++)
        if (d == 0 || y[d - 1] != y[i])
            y[d++] = y[i];
    *years = y;
    *n = d;
    return 0;
}

static const char *input_name(const struct survey *s)
{
    return s->n_files ? s->files[0].name : "";
}

/* Check the inputs against each other and group them into waves. */
static int form_waves(const struct survey *const *in, size_t n_in, struct builds *w,
                      struct survey_error *err)
{
    const struct survey_codebook *cb = in[0]->cb;
    for (size_t f = 0; f < n_in; f++) {
        if (in[f]->n_files != 1)
            return survey_error_set(err, SURVEY_ERR_HEADER, input_name(in[f]), 0,
                                    "each wave's survey must be loaded from one file");
        if (in[f]->cb != cb)
            return survey_error_set(err, SURVEY_ERR_HEADER, input_name(in[f]), 0,
                                    "the files were loaded with different codebooks");
        for (size_t g = 0; g < f; g++)
            if (!strcmp(input_name(in[f]), input_name(in[g])))
                return survey_error_set(err, SURVEY_ERR_HEADER, input_name(in[f]), 0,
                                        "the file is given twice");
        const struct survey_file_info *fi = &in[f]->files[0];
        for (size_t a = 0; a < fi->n_absent; a++) {
            const struct survey_cbcol *col = fi->absent[a];
            char place[300];
            if (!may_be_absent(col->role))
                return survey_error_set(
                    err, SURVEY_ERR_HEADER, fi->name, 1,
                    "the codebook's column \"%s\" (%s, role %s) is not in the data; a wave "
                    "may lack only questionnaire items (participation, activities, barrier, "
                    "satisfaction, trust)",
                    col->column, survey_cbcol_place(cb, col, place, sizeof place),
                    survey_role_name(col->role));
        }
    }
    for (size_t k = 0; k < cb->n_cols; k++) {
        size_t lacking = 0;
        for (size_t f = 0; f < n_in; f++)
            lacking += absent_in(&in[f]->files[0], &cb->cols[k]);
        if (lacking == n_in)
            return survey_error_set(err, SURVEY_ERR_HEADER, cb->file, cb->cols[k].line,
                                    "column \"%s\" is in none of the files: is this the "
                                    "codebook of these waves?",
                                    cb->cols[k].column);
    }

    int ycol = survey_codebook_find_role(cb, ROLE_YEAR);
    for (size_t f = 0; f < n_in; f++) {
        const struct survey_var *yv = ycol >= 0 ? survey_var_by_role(in[f], ROLE_YEAR) : NULL;
        int *years;
        size_t ny, blank;
        if (years_of(in[f], yv, &years, &ny, &blank) < 0)
            return survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
        int rc = 0;
        if (ny == 0) {
            char label[256];
            file_label(input_name(in[f]), label, sizeof label);
            struct build *b = builds_add(w, 0, 0, label);
            rc = b ? build_add_piece(b, f, 1, 0) : -1;
        } else if (ny == 1) {
            struct build *b = builds_year(w, years[0]);
            rc = b ? build_add_piece(b, f, 1, years[0]) : -1;
        } else if (blank) {
            int lo = years[0], hi = years[ny - 1];
            free(years);
            return survey_error_set(err, SURVEY_ERR_HEADER, input_name(in[f]), 0,
                                    "%zu record%s no year, but the file holds several years "
                                    "(%d to %d): a record needs its year to belong to a wave",
                                    blank, blank == 1 ? " has" : "s have", lo, hi);
        } else {
            for (size_t y = 0; y < ny && rc == 0; y++) {
                struct build *b = builds_year(w, years[y]);
                rc = b ? build_add_piece(b, f, 0, years[y]) : -1;
            }
        }
        free(years);
        if (rc < 0)
            return survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
    }

    int all_years = 1;
    for (size_t i = 0; i < w->n; i++)
        all_years &= w->b[i].has_year;
    if (all_years)
        qsort(w->b, w->n, sizeof *w->b, by_year); /* years are distinct: stable enough */

    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(w->b[i].label, w->b[j].label))
                return survey_error_set(
                    err, SURVEY_ERR_HEADER, input_name(in[w->b[i].pieces[0].input]), 0,
                    "two waves are labelled \"%s\" (from %s and %s): rename a file",
                    w->b[i].label, input_name(in[w->b[j].pieces[0].input]),
                    input_name(in[w->b[i].pieces[0].input]));

    /* The files of one wave must have asked the same questions. */
    for (size_t i = 0; i < w->n; i++) {
        const struct build *b = &w->b[i];
        const struct survey_file_info *f0 = &in[b->pieces[0].input]->files[0];
        for (size_t p = 1; p < b->n_pieces; p++) {
            const struct survey_file_info *fp = &in[b->pieces[p].input]->files[0];
            for (size_t k = 0; k < cb->n_cols; k++) {
                int a0 = absent_in(f0, &cb->cols[k]), ap = absent_in(fp, &cb->cols[k]);
                if (a0 != ap)
                    return survey_error_set(
                        err, SURVEY_ERR_HEADER, a0 ? f0->name : fp->name, 1,
                        "the column \"%s\" is not in this file but is in %s, and both hold "
                        "the wave %s: the files of one wave must have the same columns",
                        cb->cols[k].column, a0 ? fp->name : f0->name, b->label);
            }
        }
    }

    if (w->n < 2) {
        if (n_in == 1)
            return survey_error_set(err, SURVEY_ERR_HEADER, input_name(in[0]), 0,
                                    "the file holds one wave (%s): compare needs two or more "
                                    "(a file per wave, or a year column with several years)",
                                    w->n ? w->b[0].label : "");
        return survey_error_set(err, SURVEY_ERR_HEADER, input_name(in[0]), 0,
                                "the files hold one wave (%s): compare needs two or more",
                                w->n ? w->b[0].label : "");
    }
    return 0;
}

/* ## A wave's own survey */

/* The respondents of B's pieces, in input order, as a survey of their own
   without weights or durations (survey_subset).  NULL when out of memory. */
static struct survey *wave_survey(const struct survey *const *in, const struct build *b,
                                  struct survey_error *err)
{
    struct survey_pick *picks = calloc(b->n_pieces, sizeof *picks);
    size_t **rows = calloc(b->n_pieces, sizeof *rows);
    struct survey *v = NULL;
    if (!picks || !rows)
        goto out;
    for (size_t p = 0; p < b->n_pieces; p++) {
        const struct survey *s = in[b->pieces[p].input];
        picks[p].from = s;
        if (b->pieces[p].all)
            continue;
        /* A file of several years: its respondents of this one. */
        const struct survey_var *yv = survey_var_by_role(s, ROLE_YEAR);
        if (!(rows[p] = malloc((s->n ? s->n : 1) * sizeof *rows[p])))
            goto out;
        for (size_t i = 0; i < s->n; i++)
            if (yv->v[i] == b->pieces[p].year)
                rows[p][picks[p].n++] = i;
        picks[p].rows = rows[p];
    }
    v = survey_subset(picks, b->n_pieces, SURVEY_SUBSET_NO_WEIGHTS | SURVEY_SUBSET_NO_DURATIONS,
                      err);
out:
    for (size_t p = 0; rows && p < b->n_pieces; p++)
        free(rows[p]);
    free(rows);
    free(picks);
    return v;
}

/* A copy of S (NULL for NULL); sets *FAILED when out of memory. */
static char *dupe(const char *s, int *failed)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *failed = 1;
    return d;
}

/* Whether a column of ROLE is an item of the questionnaire, as opposed to a
   column compare does not use. */
static int is_question(enum survey_role r)
{
    return r == ROLE_PARTICIPATION || r == ROLE_ACTIVITIES || r == ROLE_BARRIER ||
           r == ROLE_SATISFACTION || r == ROLE_TRUST;
}

/* ## Series across the waves */

static int wave_asked(const struct cmp_wave *w, const struct survey_cbcol *col)
{
    for (size_t a = 0; a < w->n_not_asked; a++)
        if (!strcmp(w->not_asked[a].column, col->column))
            return 0;
    return 1;
}

/* The name of the scale of L whose items include COLUMN, or NULL. */
static const char *scale_of(const struct an_likert *L, const char *column)
{
    for (size_t k = 0; k < L->n_scales; k++)
        for (size_t q = 0; q < L->scales[k].k; q++)
            if (!strcmp(L->scales[k].items[q], column))
                return L->scales[k].name;
    return NULL;
}

static struct cmp_rate rate_of(int asked, const struct an_rate *r)
{
    if (!asked)
        return (struct cmp_rate){0, 0, NAN, NAN, NAN, NAN};
    return (struct cmp_rate){1, r->n, r->participants, r->rate, r->ci_low, r->ci_high};
}

static struct cmp_mean mean_of(int asked, const struct an_mean *m)
{
    if (!asked)
        return (struct cmp_mean){0, 0, NAN, NAN, NAN, NAN, NAN, NAN};
    return (struct cmp_mean){1, m->n, m->mean, m->sd, m->ci_low, m->ci_high, NAN, NAN};
}

static const struct stats_diff no_diff = {NAN, NAN, NAN, NAN, NAN, NAN};

/* The z test of B's rate against A's.  A difference of two proportions lies
   in -1..1, so its interval is cut there, as R's prop.test cuts it (only
   tiny groups reach the bounds). */
static void prop_change(const struct cmp_rate *a, const struct cmp_rate *b, struct stats_diff *d)
{
    *d = no_diff;
    if (!a->asked || !b->asked ||
        stats_prop_z_test(b->participants, b->n, a->participants, a->n, d) < 0) {
        *d = no_diff;
        return;
    }
    if (d->ci_low < -1)
        d->ci_low = -1;
    if (d->ci_high > 1)
        d->ci_high = 1;
}

static void rates_changes(struct cmp_rates *r, size_t nw)
{
    for (size_t i = 0; i + 1 < nw; i++)
        prop_change(&r->wave[i], &r->wave[i + 1], &r->change[i]);
}

static void means_changes(struct cmp_means *m, size_t nw)
{
    for (size_t i = 0; i + 1 < nw; i++) {
        const struct cmp_mean *a = &m->wave[i], *b = &m->wave[i + 1];
        struct stats_diff *d = &m->change[i];
        *d = no_diff;
        if (a->asked && b->asked &&
            stats_welch_t_test(b->mean, b->sd, b->n, a->mean, a->sd, a->n, d) < 0)
            *d = no_diff;
        if (!m->top2_change)
            continue;
        struct cmp_rate ra = {a->asked, a->n, a->top2_count, a->top2, NAN, NAN};
        struct cmp_rate rb = {b->asked, b->n, b->top2_count, b->top2, NAN, NAN};
        prop_change(&ra, &rb, &m->top2_change[i]);
    }
}

static int rates_alloc(struct cmp_rates *r, size_t nw)
{
    r->wave = calloc(nw, sizeof *r->wave);
    r->change = calloc(nw, sizeof *r->change);
    return r->wave && r->change ? 0 : -1;
}

static int means_alloc(struct cmp_means *m, size_t nw, int item)
{
    m->wave = calloc(nw, sizeof *m->wave);
    m->change = calloc(nw, sizeof *m->change);
    if (item)
        m->top2_change = calloc(nw, sizeof *m->top2_change);
    return m->wave && m->change && (!item || m->top2_change) ? 0 : -1;
}

/* Items and scales of one section (satisfaction or trust). */
static int likert_series(struct cmp_results *c, const struct survey *s0, enum cmp_section section)
{
    size_t nw = c->n_waves;
    const struct an_likert *L0 =
        section == CMP_SATISFACTION ? &c->waves[0].r->satisfaction : &c->waves[0].r->trust;
    for (size_t k = 0; k < L0->n_items; k++) {
        const struct an_item *it0 = &L0->items[k];
        const struct survey_var *v = survey_var_by_name(s0, it0->column);
        struct cmp_means *m = &c->items[c->n_items++];
        m->name = it0->column;
        m->label_zh = it0->label_zh;
        m->label_en = it0->label_en;
        m->section = section;
        m->scale = scale_of(L0, it0->column);
        if (means_alloc(m, nw, 1) < 0)
            return -1;
        for (size_t w = 0; w < nw; w++) {
            const struct an_likert *L =
                section == CMP_SATISFACTION ? &c->waves[w].r->satisfaction : &c->waves[w].r->trust;
            const struct an_item *it = &L->items[k];
            int asked = v && wave_asked(&c->waves[w], v->col);
            m->wave[w] = mean_of(asked, &it->stat);
            if (asked) {
                double top = 0;
                for (int q = it->max - 1 < it->min ? it->min : it->max - 1; q <= it->max; q++)
                    top += it->distribution[q - it->min];
                m->wave[w].top2 = it->top2;
                m->wave[w].top2_count = top;
            }
        }
        means_changes(m, nw);
    }
    for (size_t k = 0; k < L0->n_scales; k++) {
        const struct an_scale *S0 = &L0->scales[k];
        struct cmp_means *m = &c->scales[c->n_scales++];
        m->name = m->scale = S0->name;
        m->label_zh = S0->label_zh;
        m->label_en = S0->label_en;
        m->section = section;
        m->items = S0->items;
        m->k = S0->k;
        if (means_alloc(m, nw, 0) < 0)
            return -1;
        for (size_t w = 0; w < nw; w++) {
            const struct an_likert *L =
                section == CMP_SATISFACTION ? &c->waves[w].r->satisfaction : &c->waves[w].r->trust;
            int asked = 1;
            for (size_t q = 0; q < S0->k; q++) {
                const struct survey_var *v = survey_var_by_name(s0, S0->items[q]);
                asked &= v && wave_asked(&c->waves[w], v->col);
            }
            m->wave[w] = mean_of(asked, &L->scales[k].index);
        }
        means_changes(m, nw);
    }
    return 0;
}

/* The series of C's waves; S0 (any input: they share one codebook) finds
   each column's codebook row. */
static int series(struct cmp_results *c, const struct survey *s0)
{
    size_t nw = c->n_waves, nb = c->n_bands;

    /* Participation: asked in a wave when any activity was. */
    int *any = calloc(nw, sizeof *any);
    if (!any)
        return -1;
    const struct an_results *r0 = c->waves[0].r;
    c->activities = calloc(r0->n_activities ? r0->n_activities : 1, sizeof *c->activities);
    c->by_age = calloc(nb ? nb : 1, sizeof *c->by_age);
    if (!c->activities || !c->by_age) {
        free(any);
        return -1;
    }
    for (size_t k = 0; k < r0->n_activities; k++) {
        const struct an_activity *a0 = &r0->activities[k];
        const struct survey_var *v = survey_var_by_name(s0, a0->column);
        struct cmp_rates *r = &c->activities[c->n_activities++];
        r->column = a0->column;
        r->label_zh = a0->label_zh;
        r->label_en = a0->label_en;
        if (rates_alloc(r, nw) < 0) {
            free(any);
            return -1;
        }
        for (size_t w = 0; w < nw; w++) {
            int asked = v && wave_asked(&c->waves[w], v->col);
            any[w] |= asked;
            c->activities_differ |= !asked;
            r->wave[w] = rate_of(asked, &c->waves[w].r->activities[k].all);
        }
        rates_changes(r, nw);
    }
    int failed = rates_alloc(&c->overall, nw) < 0;
    for (size_t w = 0; !failed && w < nw; w++)
        c->overall.wave[w] = rate_of(any[w] && c->waves[w].r->has_participation,
                                     &c->waves[w].r->overall);
    if (!failed)
        rates_changes(&c->overall, nw);
    for (size_t b = 0; !failed && b < nb; b++) {
        struct cmp_rates *r = &c->by_age[b];
        r->label_zh = r->label_en = c->age_bands[b];
        failed = rates_alloc(r, nw) < 0;
        for (size_t w = 0; !failed && w < nw; w++)
            r->wave[w] = rate_of(any[w] && c->waves[w].r->has_participation,
                                 &c->waves[w].r->part_by_age[b]);
        if (!failed)
            rates_changes(r, nw);
    }
    free(any);
    if (failed)
        return -1;

    size_t n_items = r0->satisfaction.n_items + r0->trust.n_items;
    size_t n_scales = r0->satisfaction.n_scales + r0->trust.n_scales;
    c->items = calloc(n_items ? n_items : 1, sizeof *c->items);
    c->scales = calloc(n_scales ? n_scales : 1, sizeof *c->scales);
    if (!c->items || !c->scales)
        return -1;
    if (likert_series(c, s0, CMP_SATISFACTION) < 0 || likert_series(c, s0, CMP_TRUST) < 0)
        return -1;
    return 0;
}

/* ## Entry points */

struct cmp_results *stats_compare(const struct survey *const *inputs, size_t n_inputs,
                                  const struct survey_bands *bands, struct survey_error *err)
{
    if (n_inputs == 0) {
        survey_error_set(err, SURVEY_ERR_HEADER, "", 0, "no input file");
        return NULL;
    }
    struct builds w = {0};
    if (form_waves(inputs, n_inputs, &w, err) < 0) {
        builds_free(&w);
        return NULL;
    }
    struct cmp_results *c = calloc(1, sizeof *c);
    if (!c)
        goto nomem;
    const struct survey_codebook *cb = inputs[0]->cb;
    int failed = 0;
    c->weights_ignored = survey_codebook_find_role(cb, ROLE_WEIGHT) >= 0;
    c->inputs = calloc(n_inputs, sizeof *c->inputs);
    c->age_bands = calloc(bands->n ? bands->n : 1, sizeof *c->age_bands);
    c->waves = calloc(w.n, sizeof *c->waves);
    if (!c->inputs || !c->age_bands || !c->waves)
        goto nomem;
    for (size_t i = 0; i < n_inputs; i++, c->n_inputs++) {
        const struct survey_file_info *fi = &inputs[i]->files[0];
        c->inputs[i] = (struct an_file){
            .name = dupe(fi->name, &failed),
            .where = dupe(fi->where, &failed),
            .format = dupe(fi->format, &failed),
            .sheet = dupe(fi->sheet, &failed),
            .encoding = dupe(fi->encoding_name ? fi->encoding_name
                                               : survey_encoding_name(fi->encoding), &failed),
            .bom = fi->bom,
            .rows_read = fi->rows_read,
            .rows_loaded = fi->rows_loaded,
            .rows_excluded = fi->rows_excluded,
            .blank = fi->blank,
        };
        c->rows_excluded += inputs[i]->rows_excluded;
    }
    for (; c->n_bands < bands->n; c->n_bands++)
        c->age_bands[c->n_bands] = dupe(bands->band[c->n_bands].label, &failed);
    if (failed)
        goto nomem;
    for (size_t i = 0; i < w.n; i++) {
        struct build *b = &w.b[i];
        struct cmp_wave *cw = &c->waves[c->n_waves++];
        cw->label = b->label;
        b->label = NULL;
        cw->has_year = b->has_year;
        cw->year = b->year;
        cw->files = calloc(b->n_pieces, sizeof *cw->files);
        if (!cw->files)
            goto nomem;
        for (size_t p = 0; p < b->n_pieces; p++) {
            const char *name = input_name(inputs[b->pieces[p].input]);
            size_t q;
            for (q = 0; q < cw->n_files && strcmp(cw->files[q], name); q++)
                ;
            if (q == cw->n_files && !(cw->files[cw->n_files++] = dupe(name, &failed)))
                goto nomem;
        }
        const struct survey_file_info *fi = &inputs[b->pieces[0].input]->files[0];
        cw->not_asked = calloc(fi->n_absent ? fi->n_absent : 1, sizeof *cw->not_asked);
        if (!cw->not_asked)
            goto nomem;
        for (size_t k = 0; k < cb->n_cols; k++) {
            const struct survey_cbcol *col = &cb->cols[k];
            if (!absent_in(fi, col))
                continue;
            cw->not_asked[cw->n_not_asked++] = (struct cmp_column){
                dupe(col->column, &failed), dupe(col->label_zh, &failed),
                dupe(col->label_en, &failed), is_question(col->role)};
            if (failed)
                goto nomem;
        }
        /* One wave's respondents at a time: its results stand alone. */
        struct survey *ws = wave_survey(inputs, b, err);
        if (!ws)
            goto nomem;
        cw->n = (double)ws->n;
        cw->r = stats_analyse(ws, bands, NULL, err);
        survey_free(ws);
        if (!cw->r) {
            builds_free(&w);
            stats_compare_free(c);
            return NULL;
        }
    }
    builds_free(&w);
    if (series(c, inputs[0]) < 0) {
        stats_compare_free(c);
        survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
        return NULL;
    }
    return c;
nomem:
    builds_free(&w);
    stats_compare_free(c);
    survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
    return NULL;
}

static void rates_free(struct cmp_rates *r)
{
    free(r->wave);
    free(r->change);
}

static void means_free(struct cmp_means *m)
{
    free(m->wave);
    free(m->change);
    free(m->top2_change);
}

void stats_compare_free(struct cmp_results *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_waves; i++) {
        struct cmp_wave *w = &c->waves[i];
        free(w->label);
        for (size_t f = 0; f < w->n_files; f++)
            free(w->files[f]);
        free(w->files);
        for (size_t a = 0; a < w->n_not_asked; a++) {
            free(w->not_asked[a].column);
            free(w->not_asked[a].label_zh);
            free(w->not_asked[a].label_en);
        }
        free(w->not_asked);
        stats_results_free(w->r);
    }
    free(c->waves);
    for (size_t i = 0; i < c->n_inputs; i++) {
        const struct an_file *f = &c->inputs[i];
        free((char *)f->name);
        free((char *)f->where);
        free((char *)f->format);
        free((char *)f->sheet);
        free((char *)f->encoding);
    }
    free(c->inputs);
    for (size_t b = 0; b < c->n_bands; b++)
        free((char *)c->age_bands[b]);
    free(c->age_bands);
    rates_free(&c->overall);
    for (size_t b = 0; c->by_age && b < c->n_bands; b++)
        rates_free(&c->by_age[b]);
    free(c->by_age);
    for (size_t k = 0; k < c->n_activities; k++)
        rates_free(&c->activities[k]);
    free(c->activities);
    for (size_t k = 0; k < c->n_scales; k++)
        means_free(&c->scales[k]);
    free(c->scales);
    for (size_t k = 0; k < c->n_items; k++)
        means_free(&c->items[k]);
    free(c->items);
    free(c);
}

int stats_compare_direction(const struct stats_diff *d)
{
    if (!(d->p_value < AN_ALPHA) || isnan(d->difference) || d->difference == 0)
        return 0;
    return d->difference > 0 ? 1 : -1;
}
