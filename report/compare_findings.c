/* compare_findings.c — the findings of a comparison of waves in Chinese or
 * English: for each pair of consecutive waves, whether participation changed
 * overall, in which age groups and activities it rose, fell or did not
 * change, each index's change, the items whose mean changed, and what a wave
 * did not ask.  A change is called significant by stats_compare_direction().
 */
#include "report/compare.h"
#include "report/report_internal.h"
#include "report/messages.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Write message M in LANG to F with the arguments that follow. */
static void put(FILE *f, enum report_lang lang, enum rp_msg_id m, ...)
{
    va_list ap;
    va_start(ap, m);
    vfprintf(f, rp_msg_text(lang, m), ap);
    va_end(ap);
}

/* The findings on one kind of rate (age groups or activities) for the pair
   of waves I, I+1: which rose, which fell, which did not change. */
static void rates_finding(struct rp_list *l, int zh, const struct cmp_results *c, size_t i,
                          const struct cmp_rates *rs, size_t n, int age)
{
    enum report_lang lang = rp_msg_lang(zh);
    const char *A = c->waves[i].label, *B = c->waves[i + 1].label;
    struct rp_text part[3];
    size_t count[3] = {0, 0, 0}, tested = 0;
    for (int k = 0; k < 3; k++)
        rp_text_open(&part[k]);
    for (size_t j = 0; j < n; j++) {
        const struct stats_diff *d = &rs[j].change[i];
        if (isnan(d->difference))
            continue;
        tested++;
        int dir = stats_compare_direction(d);
        int k = dir > 0 ? 0 : dir < 0 ? 1 : 2;
        FILE *f = part[k].f;
        if (!f)
            continue;
        const char *label = zh ? rs[j].label_zh : rs[j].label_en;
        if (count[k])
            fputs(rp_msg_text(lang, M_LIST_SEP), f);
        /* Activity labels may hold quotes of their own: none added. */
        if (age)
            put(f, lang, M_CF_AGE_LABEL, label);
        else
            fputs(label, f);
        if (k < 2) {
            char a[REPORT_NUMBER_SIZE], p[48];
            rp_num(a, d->difference, REPORT_CELL_PERCENT_CHANGE, 1);
            rp_p_phrase(p, sizeof p, d->p_value);
            put(f, lang, M_CF_RATE_CHANGE, a, p);
        }
        count[k]++;
    }
    char *s[3];
    for (int k = 0; k < 3; k++)
        s[k] = rp_text_close(&part[k]);
    if (!s[0] || !s[1] || !s[2]) {
        l->oom = 1;
    } else if (tested) {
        const char *what = rp_msg_text(lang, age ? M_CF_BY_AGE : M_CF_BY_ACTIVITY);
        if (count[2] == tested) {
            rp_list_add(l, rp_msg_format(lang, age ? M_CF_AGE_SAME : M_CF_ACT_SAME, what, A, B));
        } else {
            static const enum rp_msg_id parts[2][3] = {
                {M_CF_ACT_ROSE, M_CF_ACT_FELL, M_CF_ACT_STEADY},
                {M_CF_AGE_ROSE, M_CF_AGE_FELL, M_CF_AGE_STEADY},
            };
            struct rp_text t;
            rp_text_open(&t);
            if (t.f) {
                int any = 0;
                put(t.f, lang, M_CF_RATES_HEAD, what, A, B);
                for (int k = 0; k < 3; k++) {
                    if (!count[k])
                        continue;
                    if (any++)
                        fputs(rp_msg_text(lang, M_LOGIT_LIST_SEP), t.f);
                    put(t.f, lang, parts[age != 0][k], s[k]);
                }
                fputs(rp_msg_text(lang, M_CF_END), t.f);
            }
            rp_list_add(l, rp_text_close(&t));
        }
    }
    for (int k = 0; k < 3; k++)
        free(s[k]);
}

static void overall_finding(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
    enum report_lang lang = rp_msg_lang(zh);
    const struct cmp_rate *a = &c->overall.wave[i], *b = &c->overall.wave[i + 1];
    const struct stats_diff *d = &c->overall.change[i];
    if (!a->asked || !b->asked || isnan(d->difference))
        return;
    const char *A = c->waves[i].label, *B = c->waves[i + 1].label;
    char ra[REPORT_NUMBER_SIZE], rb[REPORT_NUMBER_SIZE], df[REPORT_NUMBER_SIZE],
        lo[REPORT_NUMBER_SIZE], hi[REPORT_NUMBER_SIZE], p[48];
    rp_num(ra, a->rate, REPORT_CELL_PERCENT, 1);
    rp_num(rb, b->rate, REPORT_CELL_PERCENT, 1);
    rp_num(df, d->difference, REPORT_CELL_PERCENT_CHANGE, 1);
    rp_num(lo, d->ci_low, REPORT_CELL_PERCENT_CHANGE, 1);
    rp_num(hi, d->ci_high, REPORT_CELL_PERCENT_CHANGE, 1);
    rp_p_phrase(p, sizeof p, d->p_value);
    int dir = stats_compare_direction(d);
    if (dir)
        rp_list_add(l, rp_msg_format(lang, dir > 0 ? M_CF_OVERALL_ROSE : M_CF_OVERALL_FELL, A, B,
                                     ra, rb, df, lo, hi, p));
    else
        rp_list_add(l, rp_msg_format(lang, M_CF_OVERALL_SAME, A, B, ra, rb, df, p));
}

static void scale_findings(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
    enum report_lang lang = rp_msg_lang(zh);
    const char *A = c->waves[i].label, *B = c->waves[i + 1].label;
    for (size_t k = 0; k < c->n_scales; k++) {
        const struct cmp_means *m = &c->scales[k];
        const struct stats_diff *d = &m->change[i];
        if (isnan(d->difference))
            continue;
        char ma[REPORT_NUMBER_SIZE], mb[REPORT_NUMBER_SIZE], df[REPORT_NUMBER_SIZE],
            lo[REPORT_NUMBER_SIZE], hi[REPORT_NUMBER_SIZE], p[48];
        rp_num(ma, m->wave[i].mean, REPORT_CELL_MEAN, 1);
        rp_num(mb, m->wave[i + 1].mean, REPORT_CELL_MEAN, 1);
        rp_num(df, d->difference, REPORT_CELL_MEAN_CHANGE, 1);
        rp_num(lo, d->ci_low, REPORT_CELL_MEAN_CHANGE, 1);
        rp_num(hi, d->ci_high, REPORT_CELL_MEAN_CHANGE, 1);
        rp_p_phrase(p, sizeof p, d->p_value);
        const char *label = zh ? m->label_zh : m->label_en;
        int dir = stats_compare_direction(d);
        if (dir)
            rp_list_add(l, rp_msg_format(lang, dir > 0 ? M_CF_SCALE_ROSE : M_CF_SCALE_FELL, label,
                                         A, B, ma, mb, df, lo, hi, p));
        else
            rp_list_add(l, rp_msg_format(lang, M_CF_SCALE_SAME, label, A, B, ma, mb, p));
    }
}

static void item_findings(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
    enum report_lang lang = rp_msg_lang(zh);
    const char *A = c->waves[i].label, *B = c->waves[i + 1].label;
    struct rp_text part[2];
    size_t count[2] = {0, 0}, tested = 0;
    rp_text_open(&part[0]);
    rp_text_open(&part[1]);
    for (size_t k = 0; k < c->n_items; k++) {
        const struct cmp_means *m = &c->items[k];
        const struct stats_diff *d = &m->change[i];
        if (isnan(d->difference))
            continue;
        tested++;
        int dir = stats_compare_direction(d);
        if (!dir)
            continue;
        int j = dir > 0 ? 0 : 1;
        FILE *f = part[j].f;
        if (!f)
            continue;
        char a[REPORT_NUMBER_SIZE], p[48];
        rp_num(a, d->difference, REPORT_CELL_MEAN_CHANGE, 1);
        rp_p_phrase(p, sizeof p, d->p_value);
        if (count[j])
            fputs(rp_msg_text(lang, M_LIST_SEP), f);
        put(f, lang, M_CF_ITEM_CHANGE, zh ? m->label_zh : m->label_en, a, p);
        count[j]++;
    }
    char *s[2] = {rp_text_close(&part[0]), rp_text_close(&part[1])};
    size_t same = tested - count[0] - count[1];
    if (!s[0] || !s[1]) {
        l->oom = 1;
    } else if (tested && same == tested) {
        rp_list_add(l, rp_msg_format(lang, M_CF_ITEMS_SAME, A, B, tested));
    } else if (tested) {
        static const enum rp_msg_id parts[2] = {M_CF_ITEMS_ROSE, M_CF_ITEMS_FELL};
        struct rp_text t;
        rp_text_open(&t);
        if (t.f) {
            int any = 0;
            put(t.f, lang, M_CF_ITEMS_HEAD, A, B);
            for (int k = 0; k < 2; k++) {
                if (!count[k])
                    continue;
                if (any++)
                    fputs(rp_msg_text(lang, M_LOGIT_LIST_SEP), t.f);
                put(t.f, lang, parts[k], s[k]);
            }
            if (same)
                put(t.f, lang, same == 1 ? M_CF_ITEMS_OTHER_ONE : M_CF_ITEMS_OTHER, same);
            fputs(rp_msg_text(lang, M_CF_END), t.f);
        }
        rp_list_add(l, rp_text_close(&t));
    }
    free(s[0]);
    free(s[1]);
}

/* A column's label in LANG: the codebook's, else its header. */
const char *rp_compare_col_label(const struct cmp_column *col, int zh)
{
    const char *s = zh ? col->label_zh : col->label_en;
    return s && *s ? s : col->column;
}

static void not_asked_findings(struct rp_list *l, int zh, const struct cmp_results *c)
{
    enum report_lang lang = rp_msg_lang(zh);
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_wave *cw = &c->waves[w];
        struct rp_text t;
        size_t n = 0;
        rp_text_open(&t);
        for (size_t a = 0; t.f && a < cw->n_not_asked; a++) {
            if (!cw->not_asked[a].is_question)
                continue;
            if (n++)
                fputs(rp_msg_text(lang, M_CF_QUESTION_SEP), t.f);
            put(t.f, lang, M_CF_QUESTION, rp_compare_col_label(&cw->not_asked[a], zh));
        }
        /* The scales that lose an item lose their index in that wave. */
        struct rp_text sc;
        size_t ns = 0;
        rp_text_open(&sc);
        for (size_t k = 0; sc.f && k < c->n_scales; k++) {
            if (c->scales[k].wave[w].asked)
                continue;
            if (ns++)
                fputs(rp_msg_text(lang, M_CF_SCALE_SEP), sc.f);
            fprintf(sc.f, "“%s”", zh ? c->scales[k].label_zh : c->scales[k].label_en);
        }
        char *s = rp_text_close(&t), *scales = rp_text_close(&sc);
        if (!s || !scales) {
            free(s);
            free(scales);
            l->oom = 1;
            return;
        }
        /* By the number of questions (it, them) and of indices lost. */
        static const enum rp_msg_id with_scales[2][2] = {
            {M_CF_NOT_ASKED_INDICES, M_CF_NOT_ASKED_INDEX},
            {M_CF_NOT_ASKED_ONE_INDICES, M_CF_NOT_ASKED_ONE_INDEX},
        };
        if (n && ns)
            rp_list_add(l, rp_msg_format(lang, with_scales[n == 1][ns == 1], cw->label, s, scales));
        else if (n)
            rp_list_add(l, rp_msg_format(lang, n == 1 ? M_CF_NOT_ASKED_ONE : M_CF_NOT_ASKED,
                                         cw->label, s));
        free(s);
        free(scales);
    }
    if (c->activities_differ)
        rp_list_add(l, rp_format("%s", rp_msg_text(lang, M_CF_ACTIVITIES_DIFFER)));
}

long report_compare_findings(const struct cmp_results *c, enum report_lang lang, char ***out)
{
    struct rp_list l = {0};
    int zh = lang == REPORT_LANG_ZH;
    for (size_t i = 0; i + 1 < c->n_waves; i++) {
        overall_finding(&l, zh, c, i);
        rates_finding(&l, zh, c, i, c->by_age, c->n_bands, 1);
        rates_finding(&l, zh, c, i, c->activities, c->n_activities, 0);
        scale_findings(&l, zh, c, i);
        item_findings(&l, zh, c, i);
    }
    not_asked_findings(&l, zh, c);
    if (l.oom) {
        rp_list_free(l.s, l.n);
        return -1;
    }
    *out = l.s;
    return l.n;
}
