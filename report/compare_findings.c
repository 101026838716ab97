/* compare_findings.c — the findings of a comparison of waves in Chinese or
 * English: for each pair of consecutive waves, whether participation changed
 * overall, in which age groups and activities it rose, fell or did not
 * change, each index's change, the items whose mean changed, and what a wave
 * did not ask.  A change is called significant by stats_compare_direction().
 */
#include "report/compare.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The findings on one kind of rate (age groups or activities) for the pair
   of waves I, I+1: which rose, which fell, which did not change. */
static void rates_finding(struct rp_list *l, int zh, const struct cmp_results *c, size_t i,
                          const struct cmp_rates *rs, size_t n, int age)
{
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
            fputs(zh ? "、" : ", ", f);
        /* Activity labels may hold quotes of their own: none added. */
        fprintf(f, zh && age ? "%s组" : "%s", label);
        if (k < 2) {
            char a[REPORT_NUMBER_SIZE], p[48];
            rp_num(a, d->difference, REPORT_CELL_PERCENT_CHANGE, 1);
            rp_p_phrase(p, sizeof p, d->p_value);
            fprintf(f, zh ? "（%s个百分点，%s）" : " (%s points, %s)", a, p);
        }
        count[k]++;
    }
    char *s[3];
    for (int k = 0; k < 3; k++)
        s[k] = rp_text_close(&part[k]);
    if (!s[0] || !s[1] || !s[2]) {
        l->oom = 1;
    } else if (tested) {
        const char *what = zh ? (age ? "分年龄组看" : "分活动看") : (age ? "By age group" : "By activity");
        if (count[2] == tested) {
            rp_list_add(l, zh ? rp_format("%s，从%s到%s，各%s参与率均无显著变化。", what, A, B,
                               age ? "年龄组" : "活动")
                      : rp_format("%s, participation did not change significantly from %s to %s "
                               "in any %s.",
                               what, A, B, age ? "age group" : "activity"));
        } else {
            struct rp_text t;
            rp_text_open(&t);
            if (t.f) {
                int any = 0;
                if (zh) {
                    fprintf(t.f, "%s，从%s到%s，", what, A, B);
                    if (count[0])
                        fprintf(t.f, "%s参与率显著上升的有%s", any++ ? "；" : "", s[0]);
                    if (count[1])
                        fprintf(t.f, "%s参与率显著下降的有%s", any++ ? "；" : "", s[1]);
                    if (count[2])
                        fprintf(t.f, "%s无显著变化的有%s", any++ ? "；" : "", s[2]);
                    fputs("。", t.f);
                } else {
                    fprintf(t.f, "%s from %s to %s, participation ", what, A, B);
                    const char *in = age ? "among" : "in";
                    if (count[0])
                        fprintf(t.f, "%srose significantly %s %s", any++ ? "; " : "", in, s[0]);
                    if (count[1])
                        fprintf(t.f, "%sfell significantly %s %s", any++ ? "; " : "", in, s[1]);
                    if (count[2])
                        fprintf(t.f, "%sdid not change significantly %s %s", any++ ? "; " : "",
                                in, s[2]);
                    fputs(".", t.f);
                }
            }
            rp_list_add(l, rp_text_close(&t));
        }
    }
    for (int k = 0; k < 3; k++)
        free(s[k]);
}

static void overall_finding(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
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
        rp_list_add(l, zh ? rp_format("总体参与率从%s的%s显著%s到%s的%s（%s个百分点，95%%置信区间%s至%s，%s）。",
                           A, ra, dir > 0 ? "上升" : "下降", B, rb, df, lo, hi, p)
                  : rp_format("Participation %s significantly from %s in %s to %s in %s (%s "
                           "points, 95%% CI %s to %s, %s).",
                           dir > 0 ? "rose" : "fell", ra, A, rb, B, df, lo, hi, p));
    else
        rp_list_add(l, zh ? rp_format("总体参与率从%s到%s无显著变化（%s至%s，%s个百分点，%s）。", A, B, ra, rb,
                           df, p)
                  : rp_format("Participation did not change significantly from %s to %s (%s to "
                           "%s, %s points, %s).",
                           A, B, ra, rb, df, p));
}

static void scale_findings(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
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
        int dir = stats_compare_direction(d);
        if (dir)
            rp_list_add(l, zh ? rp_format("“%s”指数从%s的%s显著%s到%s的%s（%s，95%%置信区间%s至%s，%s）。",
                               m->label_zh, A, ma, dir > 0 ? "上升" : "下降", B, mb, df, lo, hi, p)
                      : rp_format("The index “%s” %s significantly from %s in %s to %s in %s (%s, "
                               "95%% CI %s to %s, %s).",
                               m->label_en, dir > 0 ? "rose" : "fell", ma, A, mb, B, df, lo, hi, p));
        else
            rp_list_add(l, zh ? rp_format("“%s”指数从%s到%s无显著变化（%s至%s，%s）。", m->label_zh, A,
                                          B, ma, mb, p)
                      : rp_format("The index “%s” did not change significantly from %s to %s (%s "
                               "to %s, %s).",
                               m->label_en, A, B, ma, mb, p));
    }
}

static void item_findings(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
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
            fputs(zh ? "、" : ", ", f);
        fprintf(f, zh ? "“%s”（%s，%s）" : "%s (%s, %s)", zh ? m->label_zh : m->label_en, a, p);
        count[j]++;
    }
    char *s0 = rp_text_close(&part[0]), *s1 = rp_text_close(&part[1]);
    size_t same = tested - count[0] - count[1];
    if (!s0 || !s1) {
        l->oom = 1;
    } else if (tested && same == tested) {
        rp_list_add(l, zh ? rp_format("从%s到%s，各题项均值均无显著变化（共%zu项）。", A, B, tested)
                  : rp_format("No item mean changed significantly from %s to %s (%zu items).", A, B,
                           tested));
    } else if (tested) {
        struct rp_text t;
        rp_text_open(&t);
        if (t.f) {
            int any = 0;
            if (zh) {
                fprintf(t.f, "题项均值从%s到%s：", A, B);
                if (count[0])
                    fprintf(t.f, "%s显著上升的有%s", any++ ? "；" : "", s0);
                if (count[1])
                    fprintf(t.f, "%s显著下降的有%s", any++ ? "；" : "", s1);
                if (same)
                    fprintf(t.f, "；其余%zu项无显著变化", same);
                fputs("。", t.f);
            } else {
                fprintf(t.f, "Item means from %s to %s ", A, B);
                if (count[0])
                    fprintf(t.f, "%srose significantly for %s", any++ ? "; " : "", s0);
                if (count[1])
                    fprintf(t.f, "%sfell significantly for %s", any++ ? "; " : "", s1);
                if (same)
                    fprintf(t.f, "; the other %zu item%s did not change significantly", same,
                            same == 1 ? "" : "s");
                fputs(".", t.f);
            }
        }
        rp_list_add(l, rp_text_close(&t));
    }
    free(s0);
    free(s1);
}

/* A column's label in LANG: the codebook's, else its header. */
const char *rp_compare_col_label(const struct cmp_column *col, int zh)
{
    const char *s = zh ? col->label_zh : col->label_en;
    return s && *s ? s : col->column;
}

static void not_asked_findings(struct rp_list *l, int zh, const struct cmp_results *c)
{
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_wave *cw = &c->waves[w];
        struct rp_text t;
        size_t n = 0;
        rp_text_open(&t);
        for (size_t a = 0; t.f && a < cw->n_not_asked; a++) {
            if (!cw->not_asked[a].is_question)
                continue;
            if (n++)
                fputs(zh ? "、" : "; ", t.f);
            fprintf(t.f, zh ? "“%s”" : "%s", rp_compare_col_label(&cw->not_asked[a], zh));
        }
        /* The scales that lose an item lose their index in that wave. */
        struct rp_text sc;
        size_t ns = 0;
        rp_text_open(&sc);
        for (size_t k = 0; sc.f && k < c->n_scales; k++) {
            if (c->scales[k].wave[w].asked)
                continue;
            if (ns++)
                fputs(zh ? "、" : " and ", sc.f);
            fprintf(sc.f, "“%s”", zh ? c->scales[k].label_zh : c->scales[k].label_en);
        }
        char *s = rp_text_close(&t), *scales = rp_text_close(&sc);
        if (!s || !scales) {
            free(s);
            free(scales);
            l->oom = 1;
            return;
        }
        if (n && ns)
            rp_list_add(l, zh ? rp_format("%s未调查：%s，与该期有关的变化未作检验；%s指数需要全部题目，该期不计算。",
                               cw->label, s, scales)
                      : rp_format("Not asked in %s: %s. Changes to or from that wave are not tested "
                               "for %s, nor for the ind%s %s, which need%s every item.",
                               cw->label, s, n == 1 ? "it" : "them", ns == 1 ? "ex" : "ices",
                               scales, ns == 1 ? "s" : ""));
        else if (n)
            rp_list_add(l, zh ? rp_format("%s未调查：%s，与该期有关的变化未作检验。", cw->label, s)
                      : rp_format("Not asked in %s: %s. Changes to or from that wave are not tested "
                               "for %s.",
                               cw->label, s, n == 1 ? "it" : "them"));
        free(s);
        free(scales);
    }
    if (c->activities_differ)
        rp_list_add(l, rp_format("%s", zh ? "各期调查的活动不完全相同，总体参与率所依据的活动范围不同，宜逐项比较。"
                               : "The activities asked differ between waves, so the overall "
                                 "participation rate counts different lists of activities; "
                                 "compare activity by activity."));
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
