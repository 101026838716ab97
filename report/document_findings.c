/* document_findings.c — the findings of a report in words: each finding the
 * analysis chose (analysis/findings.c) phrased in Chinese or English with
 * the numbers behind it. */
#include "report/document_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The main barrier of each age group, "18-29: No time (42.0%); ...". */
static char *barrier_list(const struct an_results *r, enum report_lang lang)
{
    int zh = lang == REPORT_LANG_ZH;
    char *s = NULL, a[REPORT_NUMBER_SIZE];
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    if (!m)
        return NULL;
    int any = 0;
    for (size_t g = 0; g < r->n_bands; g++) {
        int best = r->main_barrier[g];
        if (best < 0)
            continue;
        const struct an_share *row = r->barriers.by_age + g * r->barriers.n_cat;
        report_number_format(a, sizeof a, row[best].share, REPORT_CELL_PERCENT, 1);
        if (any)
            fputs(msg_in(lang, M_LOGIT_LIST_SEP), m);
        fprintf(m, msg_in(lang, M_DF_BARRIER), r->age_bands[g],
                zh || !row[best].label_en ? row[best].label : row[best].label_en, a);
        any = 1;
    }
    if (fclose(m) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* One finding of R phrased in LANG; NULL when out of memory. */
static char *phrase(const struct an_results *r, const struct an_finding *f, enum report_lang lang)
{
    int zh = lang == REPORT_LANG_ZH;
    char a[REPORT_NUMBER_SIZE], b[REPORT_NUMBER_SIZE], c[REPORT_NUMBER_SIZE],
        d2[REPORT_NUMBER_SIZE], p[48];
    switch (f->kind) {
    case AN_FINDING_PARTICIPATION:
        report_number_format(a, sizeof a, r->overall.rate, REPORT_CELL_PERCENT, 1);
        return rp_msg_format(lang, M_DF_PARTICIPATION, a, r->overall.n);
    case AN_FINDING_NO_PARTICIPATION: {
        enum rp_msg_id m = f->a ? M_ALL_MISSING : M_NO_ITEMS;
        return rp_format("%s", msg_in(lang, m));
    }
    case AN_FINDING_AGE_GROUPS: {
        const struct an_rate *H = &r->part_by_age[f->a], *Lo = &r->part_by_age[f->b];
        report_number_format(a, sizeof a, H->rate, REPORT_CELL_PERCENT, 1);
        report_number_format(b, sizeof b, Lo->rate, REPORT_CELL_PERCENT, 1);
        report_number_format(c, sizeof c, r->chisq.cramers_v, REPORT_CELL_STAT, 1);
        rp_p_phrase(p, sizeof p, r->chisq.p_value);
        if (f->significant)
            return rp_msg_format(lang, M_DF_AGE_DIFFER, H->group, a, Lo->group, b, r->chisq.df,
                                 r->chisq.statistic, p, c);
        return rp_msg_format(lang, M_DF_AGE_SAME, Lo->group, b, H->group, a, p);
    }
    case AN_FINDING_TOP_ACTIVITY: {
        const struct an_activity *A = &r->activities[f->a];
        report_number_format(a, sizeof a, A->all.rate, REPORT_CELL_PERCENT, 1);
        return rp_msg_format(lang, M_DF_TOP_ACTIVITY, zh ? A->label_zh : A->label_en, a);
    }
    case AN_FINDING_BARRIERS: {
        char *list = barrier_list(r, lang);
        char *s = list ? rp_msg_format(lang, M_DF_BARRIERS, list) : NULL;
        free(list);
        return s;
    }
    case AN_FINDING_SATISFACTION: {
        const struct an_item *Lo = &r->satisfaction.items[f->a], *H = &r->satisfaction.items[f->b];
        report_number_format(a, sizeof a, Lo->stat.mean, REPORT_CELL_MEAN, 1);
        report_number_format(b, sizeof b, Lo->top2, REPORT_CELL_PERCENT, 1);
        report_number_format(c, sizeof c, H->stat.mean, REPORT_CELL_MEAN, 1);
        report_number_format(d2, sizeof d2, H->top2, REPORT_CELL_PERCENT, 1);
        return rp_msg_format(lang, M_DF_SATISFACTION, zh ? Lo->label_zh : Lo->label_en, a, b,
                             zh ? H->label_zh : H->label_en, c, d2);
    }
    case AN_FINDING_COMMUNITIES: {
        const struct an_scale *sc = &r->satisfaction.scales[f->a];
        rp_p_phrase(p, sizeof p, sc->test_community.p_value);
        const char *label = zh ? sc->label_zh : sc->label_en;
        if (f->significant)
            return rp_msg_format(lang, M_DF_COMM_DIFFER, label, sc->test_community.statistic, p);
        return rp_msg_format(lang, M_DF_COMM_SAME, label, p);
    }
    case AN_FINDING_TRUST: {
        const struct an_scale *Lo = &r->trust.scales[f->a], *H = &r->trust.scales[f->b];
        report_number_format(a, sizeof a, Lo->index.mean, REPORT_CELL_MEAN, 1);
        report_number_format(b, sizeof b, H->index.mean, REPORT_CELL_MEAN, 1);
        return rp_msg_format(lang, M_DF_TRUST, zh ? Lo->label_zh : Lo->label_en, a,
                             zh ? H->label_zh : H->label_en, b);
    }
    case AN_FINDING_VALIDITY: {
        const struct an_likert *Lk = f->a ? &r->trust : &r->satisfaction;
        const struct an_validity *V = Lk->validity;
        const char *words = NULL;
        for (size_t w = 0; !isnan(V->kmo) && !words; w++)
            if (V->kmo >= rp_doc_kmo_reading[w].min)
                words = msg_in(lang, rp_doc_kmo_reading[w].m);
        char kf[REPORT_NUMBER_SIZE], pct[REPORT_NUMBER_SIZE];
        report_number_format(a, sizeof a, V->kmo, REPORT_CELL_STAT, 1);
        report_number_format(kf, sizeof kf, (double)V->factors, REPORT_CELL_COUNT, 1);
        report_number_format(pct, sizeof pct, V->cumulative_pct[V->factors - 1] / 100,
                             REPORT_CELL_PERCENT, 1);
        rp_p_phrase(p, sizeof p, V->bartlett.p_value);
        return rp_format(msg_in(lang, !f->significant  ? M_FIND_UNSUITED
                                      : V->factors == 1 ? M_FIND_VALID_ONE
                                                        : M_FIND_VALID_MANY),
                         msg_in(lang, f->a ? M_SET_TRUST : M_SET_SATISFACTION), a,
                         words ? words : "-", p, kf, pct);
    }
    case AN_FINDING_CROSS_LOADING: {
        const struct an_likert *Lk = f->a ? &r->trust : &r->satisfaction;
        const struct an_validity *V = Lk->validity;
        size_t K = V->factors, i = (size_t)f->b;
        const struct an_scale *own = &Lk->scales[f->c], *other = &Lk->scales[f->d];
        const struct an_item *it = &Lk->items[i];
        report_number_format(a, sizeof a, V->loadings[i * K + V->main_factor[i]],
                             REPORT_CELL_STAT, 1);
        report_number_format(b, sizeof b, V->loadings[i * K + V->scale_factor[f->c]],
                             REPORT_CELL_STAT, 1);
        return rp_format(msg_in(lang, M_FIND_CROSS),
                         msg_in(lang, f->a ? M_SET_TRUST : M_SET_SATISFACTION),
                         zh ? it->label_zh : it->label_en, zh ? own->label_zh : own->label_en,
                         zh ? other->label_zh : other->label_en, a, b);
    }
    case AN_FINDING_MODEL_FAILED: {
        enum rp_msg_id m = f->a ? M_LOGIT_TOO_FEW : M_LOGIT_FAILED;
        return rp_format("%s", msg_in(lang, m));
    }
    case AN_FINDING_PREDICTOR: {
        if (f->a < 0)
            return rp_format("%s", msg_in(lang, M_FIND_PRED_NONE));
        const struct an_term *t = &r->terms[f->a];
        /* An odds ratio of a level is read as "times the odds"; one per
           point or unit lies near 1 and needs its third decimal. */
        enum report_cell_class cls = t->kind == AN_TERM_LEVEL ? REPORT_CELL_RATIO : REPORT_CELL_STAT;
        report_number_format(a, sizeof a, t->odds_ratio, cls, 1);
        report_number_format(b, sizeof b, t->or_ci_low, cls, 1);
        report_number_format(c, sizeof c, t->or_ci_high, cls, 1);
        rp_p_phrase(p, sizeof p, t->p_value);
        const char *var = zh ? t->var_zh : t->var_en;
        if (t->kind == AN_TERM_SCALE || t->kind == AN_TERM_NUMERIC)
            return rp_format(msg_in(lang, t->kind == AN_TERM_SCALE ? M_FIND_PRED_SCALE
                                                                   : M_FIND_PRED_NUMERIC),
                             var, a, b, c, p);
        const struct an_reference *ref = &r->logit_ref[t->reference];
        const char *level = zh ? t->level_zh : t->level_en;
        const char *base = zh ? ref->label : ref->label_en;
        if (!strcmp(ref->variable, "age_group"))
            return rp_format(msg_in(lang, M_FIND_PRED_AGE), base, level, a, b, c, p);
        return rp_format(msg_in(lang, M_FIND_PRED_LEVEL), var, base, level, a, b, c, p);
    }
    }
    return NULL;
}

long report_findings(const struct an_results *r, enum report_lang lang, char ***out)
{
    struct rp_list l = {0};
    for (size_t i = 0; i < r->n_findings; i++)
        rp_list_add(&l, rp_doc_finding_cautions(r, i, lang,
                                                phrase(r, &r->findings[i], lang)));
    if (l.oom) {
        report_findings_free(l.s, l.n);
        return -1;
    }
    *out = l.s;
    return l.n;
}

void report_findings_free(char **f, long n)
{
    rp_list_free(f, n);
}

