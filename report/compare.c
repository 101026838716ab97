/* compare.c — the comparison of waves as researchers read it, and as JSON.
 *
 * Every heading, label, note, finding and methods sentence comes from one
 * table of messages in Chinese and English, as in document.c.  Each section
 * shows the waves side by side (a value that differs significantly from the
 * previous wave's carries ▲ or ▼, in ASCII + or -) and then, per pair of
 * consecutive waves, the changes with their 95% intervals and tests.  With
 * three or more waves, trend charts show participation by age group and
 * each index over the waves.  Nothing here computes a statistic: whether a
 * change is significant is stats_compare_direction()'s answer.
 *
 * Marked cells are text ("55.1% ▲"), and a table aligns text to the left;
 * so the numbers of a marked column are padded on the left to one width,
 * which lines them up on their last digit with the marks in one column.
 */
#include "report/compare.h"
#include "report/json.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ## Messages */

enum msg {
    M_FINDINGS, M_WAVES, M_PARTICIPATION, M_SCALES, M_SAT_ITEMS, M_TRUST_ITEMS, M_METHODS,
    M_INPUT_FILES, M_FILE, M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_WAVE_COL, M_WAVES_TABLE,
    M_WAVE, M_FILES, M_RESPONDENTS, M_NOT_ASKED_COL, M_NONE, M_EXCLUDED_NOTE,
    M_NOT_ASKED, M_GROUP, M_OVERALL, M_AGE_GROUP, M_ACTIVITY, M_SATISFACTION, M_TRUST,
    M_PART_TREND, M_PART_BY_WAVE, M_PART_CHANGE, M_CI, M_Z, M_T, M_DF, M_P,
    M_RATE_LEGEND, M_SCALE_TREND, M_SCALE_BY_WAVE, M_SCALE_CHANGE, M_SCALE, M_CHANGE,
    M_MEAN_LEGEND, M_ITEM_MEANS, M_ITEM_TOP2, M_ITEM, M_MEAN_CHANGE_T, M_TOP2_CHANGE_T,
    M_TOP2_LEGEND, M_MEAN_NOTE, M_TOP2_NOTE, M_RATE_NOTE,
    M_NO_DATA,
    M_TITLE,
    M_COUNT
};

static const struct { const char *en, *zh; } msgs[M_COUNT] = {
    [M_TITLE] = {"Resident participation survey: waves compared", "社区居民参与调查：各期比较"},
    [M_FINDINGS] = {"Findings", "主要发现"},
    [M_WAVES] = {"Waves", "各期数据"},
    [M_PARTICIPATION] = {"Participation", "社区参与"},
    [M_SCALES] = {"Scale indices (0–100)", "量表指数（0–100）"},
    [M_SAT_ITEMS] = {"Satisfaction items", "满意度题项"},
    [M_TRUST_ITEMS] = {"Trust items", "信任题项"},
    [M_METHODS] = {"Methods", "方法说明"},
    [M_INPUT_FILES] = {"Input files", "输入文件"},
    [M_FILE] = {"File", "文件"},
    [M_ENCODING] = {"Encoding", "编码"},
    [M_READ] = {"Read", "读取"},
    [M_LOADED] = {"Loaded", "载入"},
    [M_EXCLUDED] = {"Excluded", "排除"},
    [M_WAVE_COL] = {"Waves", "期次"},
    [M_WAVES_TABLE] = {"Waves compared", "比较的各期"},
    [M_WAVE] = {"Wave", "期次"},
    [M_FILES] = {"Files", "文件"},
    [M_RESPONDENTS] = {"Respondents", "人数"},
    [M_NOT_ASKED_COL] = {"Not asked in this wave", "本期未调查的题目"},
    [M_NONE] = {"none", "无"},
    [M_EXCLUDED_NOTE] = {"Excluded records are left out of every figure; canyu validate lists "
                         "each with its reason.",
                         "被排除的记录不计入任何指标；canyu validate 列出每条记录及原因。"},
    [M_NOT_ASKED] = {"not asked", "未调查"},
    [M_GROUP] = {"Group", "组别"},
    [M_OVERALL] = {"All respondents", "全体"},
    [M_AGE_GROUP] = {"Age group", "年龄组"},
    [M_ACTIVITY] = {"Activity", "活动"},
    [M_SATISFACTION] = {"Satisfaction", "满意度"},
    [M_TRUST] = {"Trust", "信任"},
    [M_PART_TREND] = {"Participation rate by age group over the waves",
                      "各年龄组参与率的变化趋势"},
    [M_PART_BY_WAVE] = {"Participation rate by wave", "各期参与率"},
    [M_PART_CHANGE] = {"Change in participation rate", "参与率的变化"},
    [M_CI] = {"95% CI", "95%置信区间"},
    [M_Z] = {"z", "z"},
    [M_T] = {"t", "t"},
    [M_DF] = {"df", "自由度"},
    [M_P] = {"p", "p"},
    [M_RATE_LEGEND] = {"%s / %s: significantly higher / lower than in the previous wave "
                       "(two-proportion z test, p < 0.05).",
                       "%s / %s：比上一期显著升高 / 降低（两比例z检验，p < 0.05）。"},
    [M_SCALE_TREND] = {"Scale indices over the waves (0–100)", "各量表指数的变化趋势（0–100）"},
    [M_SCALE_BY_WAVE] = {"Scale indices by wave (0–100)", "各期量表指数（0–100）"},
    [M_SCALE_CHANGE] = {"Change in scale indices", "量表指数的变化"},
    [M_SCALE] = {"Scale", "量表"},
    [M_CHANGE] = {"Change", "变化"},
    [M_MEAN_LEGEND] = {"%s / %s: significantly higher / lower than in the previous wave "
                       "(Welch's t test, p < 0.05).",
                       "%s / %s：比上一期显著升高 / 降低（Welch t检验，p < 0.05）。"},
    [M_ITEM_MEANS] = {"Item means by wave", "各期题项均值"},
    [M_ITEM_TOP2] = {"Top-2 shares by wave", "各期前两级占比"},
    [M_ITEM] = {"Item", "题项"},
    [M_MEAN_CHANGE_T] = {"Change in item means", "题项均值的变化"},
    [M_TOP2_CHANGE_T] = {"Change in top-2 shares", "前两级占比的变化"},
    [M_TOP2_LEGEND] = {"%s / %s: significantly higher / lower than in the previous wave "
                       "(two-proportion z test, p < 0.05). The top-2 share is the share "
                       "answering in the two highest levels.",
                       "%s / %s：比上一期显著升高 / 降低（两比例z检验，p < 0.05）。前两级占比"
                       "为回答最高两个等级的比例。"},
    [M_MEAN_NOTE] = {"Welch's t test. Reverse-worded items are recoded.",
                     "Welch t检验。反向题已反向计分。"},
    [M_TOP2_NOTE] = {"Changes in percentage points; two-proportion z test.",
                     "变化以百分点表示；两比例z检验。"},
    [M_RATE_NOTE] = {"Changes in percentage points; two-proportion z test.",
                     "变化以百分点表示；两比例z检验。"},
    [M_NO_DATA] = {"No data.", "无数据。"},
};

static const char *const methods_en[] = {
    "Waves: a file holding one year is the wave of that year, files holding the same year are "
    "pooled and a file holding several years is split by year; a file without a year column "
    "is a wave labelled with its name. Each wave is compared with the next.",
    "A participant answered yes to at least one activity asked in that wave; respondents whose "
    "activity answers are all missing are left out of participation figures, and respondents "
    "in no age band out of the by-age figures. Rates carry 95% Wilson intervals.",
    "A change in a rate or a top-2 share is in percentage points and is tested with the pooled "
    "two-proportion z test (R prop.test without continuity correction); its 95% interval is "
    "the unpooled Wald interval.",
    "Scale indices (an item-score mean rescaled to 0–100, for respondents who answered every "
    "item) and item means are compared with Welch's t test (R t.test); the interval is "
    "Welch's 95% t interval of the difference.",
    "%s and %s mark changes significant at p < 0.05 (two-sided), without correction for the "
    "number of comparisons: among many comparisons a few are significant by chance.",
    "A question a wave did not ask is shown as not asked there, and changes to or from that "
    "wave are not tested; a scale is not asked when any of its items was not.",
};
static const char *const methods_zh[] = {
    "分期：只含一个年份的文件即该年一期，同一年份的多个文件合并为一期，含多个年份的文件按年份拆分；没有"
    "年份列的文件自成一期，以文件名标记。每一期与下一期比较。",
    "参与者指在该期所调查的活动中至少参加一项的受访者；活动题全部缺失者不计入参与指标，不属于任何年龄组"
    "者不计入分年龄组指标。参与率给出95% Wilson置信区间。",
    "比例和前两级占比的变化以百分点表示，采用合并方差的两比例z检验（R prop.test，不加连续性校正），"
    "变化的95%置信区间为非合并的Wald区间。",
    "量表指数（全部题目作答者各题得分均值换算到0–100）和题项均值的变化采用Welch t检验（R t.test），"
    "置信区间为差值的Welch 95% t区间。",
    "%s和%s标记p < 0.05（双侧）的显著变化，未对比较次数作校正：比较很多时，少数显著结果可能出于偶然。",
    "某期未调查的题目标为“未调查”，与该期有关的变化不作检验；量表中任一题未调查，该量表即视为未调查。",
};

/* The sentence on marks, for CSV, which has none. */
static const char *const significance[2] = {
    "Changes are significant at p < 0.05 (two-sided), without correction for the number of "
    "comparisons: among many comparisons a few are significant by chance.",
    "显著性以p < 0.05（双侧）判断，未对比较次数作校正：比较很多时，少数显著结果可能出于偶然。"};

static const char *const weights_none[2] = {"Unweighted: every respondent counts once.",
                                            "未加权：每位受访者计为1。"};
static const char *const weights_ignored[2] = {
    "Unweighted: the codebook's weight column is ignored, because comparing weighted estimates "
    "between waves is beyond canyu's definitions; every figure counts each respondent once.",
    "未加权：编码簿中的权重列被忽略，因为各期加权估计的比较超出了canyu的定义范围；所有指标中每位受访"
    "者计为1。"};

struct doc {
    const struct cmp_results *c;
    enum report_lang lang;
    struct rp_writer w;
    int plain; /* ASCII marks and arrows */
    int marks; /* text and Markdown: marked text cells; CSV: plain numbers */
};

static const char *T(const struct doc *d, enum msg m)
{
    return d->lang == REPORT_LANG_ZH ? msgs[m].zh : msgs[m].en;
}

static const char *L(const struct doc *d, const char *zh, const char *en)
{
    return d->lang == REPORT_LANG_ZH ? zh : en;
}

static const char *up_mark(const struct doc *d)
{
    return d->plain ? "+" : "▲";
}

static const char *down_mark(const struct doc *d)
{
    return d->plain ? "-" : "▼";
}



static const char *num(char *buf, double v, enum report_cell_class cls, int plain)
{
    return report_number_format(buf, REPORT_NUMBER_SIZE, v, cls, plain);
}


/* ## Findings */



/* A growing string (open_memstream) for sentences built from parts. */
struct text {
    char *s;
    size_t len;
    FILE *f;
};

static void text_open(struct text *t)
{
    t->s = NULL;
    t->len = 0;
    t->f = open_memstream(&t->s, &t->len);
}

/* The text, or NULL when out of memory (the caller frees it). */
static char *text_close(struct text *t)
{
    if (!t->f || fclose(t->f) != 0) {
        free(t->s);
        return NULL;
    }
    return t->s;
}

static void flist_free(char **f, long n)
{
    for (long i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

/* The findings on one kind of rate (age groups or activities) for the pair
   of waves I, I+1: which rose, which fell, which did not change. */
static void rates_finding(struct rp_list *l, int zh, const struct cmp_results *c, size_t i,
                          const struct cmp_rates *rs, size_t n, int age)
{
    const char *A = c->waves[i].label, *B = c->waves[i + 1].label;
    struct text part[3];
    size_t count[3] = {0, 0, 0}, tested = 0;
    for (int k = 0; k < 3; k++)
        text_open(&part[k]);
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
            num(a, d->difference, REPORT_CELL_PERCENT_CHANGE, 1);
            rp_p_phrase(p, sizeof p, d->p_value);
            fprintf(f, zh ? "（%s个百分点，%s）" : " (%s points, %s)", a, p);
        }
        count[k]++;
    }
    char *s[3];
    for (int k = 0; k < 3; k++)
        s[k] = text_close(&part[k]);
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
            struct text t;
            text_open(&t);
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
            rp_list_add(l, text_close(&t));
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
    num(ra, a->rate, REPORT_CELL_PERCENT, 1);
    num(rb, b->rate, REPORT_CELL_PERCENT, 1);
    num(df, d->difference, REPORT_CELL_PERCENT_CHANGE, 1);
    num(lo, d->ci_low, REPORT_CELL_PERCENT_CHANGE, 1);
    num(hi, d->ci_high, REPORT_CELL_PERCENT_CHANGE, 1);
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
        num(ma, m->wave[i].mean, REPORT_CELL_MEAN, 1);
        num(mb, m->wave[i + 1].mean, REPORT_CELL_MEAN, 1);
        num(df, d->difference, REPORT_CELL_MEAN_CHANGE, 1);
        num(lo, d->ci_low, REPORT_CELL_MEAN_CHANGE, 1);
        num(hi, d->ci_high, REPORT_CELL_MEAN_CHANGE, 1);
        rp_p_phrase(p, sizeof p, d->p_value);
        int dir = stats_compare_direction(d);
        if (dir)
            rp_list_add(l, zh ? rp_format("“%s”指数从%s的%s显著%s到%s的%s（%s，95%%置信区间%s至%s，%s）。",
                               m->name, A, ma, dir > 0 ? "上升" : "下降", B, mb, df, lo, hi, p)
                      : rp_format("The %s index %s significantly from %s in %s to %s in %s (%s, "
                               "95%% CI %s to %s, %s).",
                               m->name, dir > 0 ? "rose" : "fell", ma, A, mb, B, df, lo, hi, p));
        else
            rp_list_add(l, zh ? rp_format("“%s”指数从%s到%s无显著变化（%s至%s，%s）。", m->name, A, B, ma, mb, p)
                      : rp_format("The %s index did not change significantly from %s to %s (%s to "
                               "%s, %s).",
                               m->name, A, B, ma, mb, p));
    }
}

static void item_findings(struct rp_list *l, int zh, const struct cmp_results *c, size_t i)
{
    const char *A = c->waves[i].label, *B = c->waves[i + 1].label;
    struct text part[2];
    size_t count[2] = {0, 0}, tested = 0;
    text_open(&part[0]);
    text_open(&part[1]);
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
        num(a, d->difference, REPORT_CELL_MEAN_CHANGE, 1);
        rp_p_phrase(p, sizeof p, d->p_value);
        if (count[j])
            fputs(zh ? "、" : ", ", f);
        fprintf(f, zh ? "“%s”（%s，%s）" : "%s (%s, %s)", zh ? m->label_zh : m->label_en, a, p);
        count[j]++;
    }
    char *s0 = text_close(&part[0]), *s1 = text_close(&part[1]);
    size_t same = tested - count[0] - count[1];
    if (!s0 || !s1) {
        l->oom = 1;
    } else if (tested && same == tested) {
        rp_list_add(l, zh ? rp_format("从%s到%s，各题项均值均无显著变化（共%zu项）。", A, B, tested)
                  : rp_format("No item mean changed significantly from %s to %s (%zu items).", A, B,
                           tested));
    } else if (tested) {
        struct text t;
        text_open(&t);
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
        rp_list_add(l, text_close(&t));
    }
    free(s0);
    free(s1);
}

/* A column's label in LANG: the codebook's, else its header. */
static const char *col_label(const struct cmp_column *col, int zh)
{
    const char *s = zh ? col->label_zh : col->label_en;
    return s && *s ? s : col->column;
}

static void not_asked_findings(struct rp_list *l, int zh, const struct cmp_results *c)
{
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_wave *cw = &c->waves[w];
        struct text t;
        size_t n = 0;
        text_open(&t);
        for (size_t a = 0; t.f && a < cw->n_not_asked; a++) {
            if (!cw->not_asked[a].is_question)
                continue;
            if (n++)
                fputs(zh ? "、" : "; ", t.f);
            fprintf(t.f, zh ? "“%s”" : "%s", col_label(&cw->not_asked[a], zh));
        }
        /* The scales that lose an item lose their index in that wave. */
        struct text sc;
        size_t ns = 0;
        text_open(&sc);
        for (size_t k = 0; sc.f && k < c->n_scales; k++) {
            if (c->scales[k].wave[w].asked)
                continue;
            if (ns++)
                fputs(zh ? "、" : " and ", sc.f);
            fprintf(sc.f, zh ? "“%s”" : "%s", c->scales[k].name);
        }
        char *s = text_close(&t), *scales = text_close(&sc);
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
                               "for %s, nor for the %s ind%s, which need%s every item.",
                               cw->label, s, n == 1 ? "it" : "them", scales,
                               ns == 1 ? "ex" : "ices", ns == 1 ? "s" : ""));
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
        flist_free(l.s, l.n);
        return -1;
    }
    *out = l.s;
    return l.n;
}

/* ## Rendering helpers: each records the first failure in d->w.rc */



static void heading(struct doc *d, enum msg m)
{
    rp_heading(&d->w, T(d, m));
}

static void sentences(struct doc *d, const char *const *s, size_t n)
{
    rp_sentences(&d->w, s, n);
}

static void note(struct doc *d, struct report_table *t, char *s)
{
    if (!s || (t && report_table_set_note(t, s) < 0))
        d->w.rc = -1;
    free(s);
}

/* The wave labels, for columns and charts. */
static const char **wave_labels(const struct cmp_results *c)
{
    const char **w = malloc(c->n_waves * sizeof *w);
    for (size_t i = 0; w && i < c->n_waves; i++)
        w[i] = c->waves[i].label;
    return w;
}

/* "Title, 2023 → 2024" */
static char *pair_title(const struct doc *d, enum msg m, size_t i)
{
    return rp_format(d->lang == REPORT_LANG_ZH ? "%s：%s %s %s" : "%s, %s %s %s", T(d, m),
                  d->c->waves[i].label, d->plain ? "->" : "→", d->c->waves[i + 1].label);
}

/* One cell of a marked column: the value, whether it was asked, and its
   mark (+1 ▲, -1 ▼, 0 none). */
struct mcell {
    size_t row;
    double value;
    int asked, dir;
};

/* Fill column COL of T from the N cells CELL.  Text and Markdown: text cells
   with the numbers padded to one width and the marks after them; CSV:
   numbers.  Not asked: the words "not asked". */
static void marked_column(struct doc *d, struct report_table *t, size_t col,
                          const struct mcell *cell, size_t n, enum report_cell_class cls)
{
    if (!t)
        return;
    char (*s)[REPORT_NUMBER_SIZE] = malloc((n ? n : 1) * sizeof *s);
    if (!s) {
        d->w.rc = -1;
        return;
    }
    size_t width = 0;
    int ambi = rp_ambi(d->w.o);
    for (size_t i = 0; i < n; i++) {
        num(s[i], cell[i].value, cls, d->plain);
        size_t w = report_width(s[i], ambi);
        if (cell[i].asked && w > width)
            width = w;
    }
    for (size_t i = 0; i < n && d->w.rc == 0; i++) {
        int rc;
        if (!cell[i].asked) {
            rc = report_table_set_text(t, cell[i].row, col, T(d, M_NOT_ASKED));
        } else if (!d->marks) {
            rc = report_table_set_cell(t, cell[i].row, col, cell[i].value, cls);
        } else {
            size_t w = report_width(s[i], ambi);
            const char *mark = cell[i].dir > 0 ? up_mark(d) : cell[i].dir < 0 ? down_mark(d) : "";
            char *text = rp_format("%*s%s%s%s", (int)(width > w ? width - w : 0), "", s[i],
                                *mark ? " " : "", mark);
            rc = text ? report_table_set_text(t, cell[i].row, col, text) : -1;
            free(text);
        }
        if (rc < 0)
            d->w.rc = -1;
    }
    free(s);
}

/* The interval of a change: one text cell "[-1.2, +3.4]" at column COL, or
   in CSV two numbers at COL and COL + 1.  Returns the next column. */
static size_t ci_cells(struct doc *d, struct report_table *t, size_t row, size_t col,
                       const struct stats_diff *x, enum report_cell_class cls)
{
    if (!t)
        return col + 1;
    if (!d->marks) {
        if (report_table_set_cell(t, row, col, x->ci_low, cls) < 0 ||
            report_table_set_cell(t, row, col + 1, x->ci_high, cls) < 0)
            d->w.rc = -1;
        return col + 2;
    }
    if (!isnan(x->ci_low)) {
        char lo[REPORT_NUMBER_SIZE], hi[REPORT_NUMBER_SIZE];
        char *s = rp_format("[%s, %s]", num(lo, x->ci_low, cls, d->plain), num(hi, x->ci_high, cls, d->plain));
        if (!s || report_table_set_text(t, row, col, s) < 0)
            d->w.rc = -1;
        free(s);
    }
    return col + 1;
}

/* Set the headers of CI columns (one, or low and high in CSV) from COL on;
   returns the next column. */
static size_t ci_headers(struct doc *d, struct report_table *t, size_t col, enum msg m)
{
    if (!t)
        return col + 1;
    if (!d->marks) {
        char *lo = rp_format("%s (%s)", T(d, m), L(d, "下限", "low"));
        char *hi = rp_format("%s (%s)", T(d, m), L(d, "上限", "high"));
        if (!lo || !hi || report_table_set_column(t, col, lo) < 0 ||
            report_table_set_column(t, col + 1, hi) < 0)
            d->w.rc = -1;
        free(lo);
        free(hi);
        return col + 2;
    }
    if (report_table_set_column(t, col, T(d, m)) < 0)
        d->w.rc = -1;
    return col + 1;
}

/* Columns a CI takes. */
static size_t ci_width(const struct doc *d)
{
    return d->marks ? 1 : 2;
}

static char *legend(const struct doc *d, enum msg m)
{
    return rp_format(T(d, m), up_mark(d), down_mark(d));
}

/* ## Sections */

static void section_findings(struct doc *d)
{
    heading(d, M_FINDINGS);
    char **f;
    long n = report_compare_findings(d->c, d->lang, &f);
    if (n < 0) {
        d->w.rc = -1;
        return;
    }
    sentences(d, (const char *const *)f, (size_t)n);
    flist_free(f, n);
}

static void section_waves(struct doc *d)
{
    const struct cmp_results *c = d->c;
    int zh = d->lang == REPORT_LANG_ZH;
    heading(d, M_WAVES);
    struct report_table *t = report_table_new(T(d, M_WAVES_TABLE), 3);
    if (t) {
        report_table_set_stub(t, T(d, M_WAVE));
        report_table_set_column(t, 0, T(d, M_FILES));
        report_table_set_column(t, 1, T(d, M_RESPONDENTS));
        report_table_set_column(t, 2, T(d, M_NOT_ASKED_COL));
        for (size_t w = 0; w < c->n_waves && d->w.rc == 0; w++) {
            const struct cmp_wave *cw = &c->waves[w];
            struct text files, na;
            text_open(&files);
            text_open(&na);
            for (size_t f = 0; files.f && f < cw->n_files; f++)
                fprintf(files.f, "%s%s", f ? (zh ? "、" : ", ") : "", cw->files[f]);
            size_t n = 0;
            for (size_t a = 0; na.f && a < cw->n_not_asked; a++)
                if (cw->not_asked[a].is_question)
                    fprintf(na.f, "%s%s", n++ ? (zh ? "、" : "; ") : "",
                            col_label(&cw->not_asked[a], zh));
            char *fs = text_close(&files), *ns = text_close(&na);
            if (!fs || !ns || report_table_add_row(t, cw->label) < 0 ||
                report_table_set_text(t, w, 0, fs) < 0 ||
                report_table_set_cell(t, w, 1, cw->n, REPORT_CELL_COUNT) < 0 ||
                report_table_set_text(t, w, 2, n ? ns : T(d, M_NONE)) < 0)
                d->w.rc = -1;
            free(fs);
            free(ns);
        }
    }
    rp_put_table(&d->w, t);

    long excluded = c->rows_excluded;
    t = report_table_new(T(d, M_INPUT_FILES), 5);
    if (t) {
        report_table_set_stub(t, T(d, M_FILE));
        enum msg cols[] = {M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_WAVE_COL};
        for (size_t k = 0; k < 5; k++)
            report_table_set_column(t, k, T(d, cols[k]));
        for (size_t i = 0; i < c->n_inputs && d->w.rc == 0; i++) {
            const struct an_file *fi = &c->inputs[i];
            char enc[32];
            snprintf(enc, sizeof enc, "%s%s", fi->encoding,
                     fi->bom ? " (BOM)" : "");
            struct text waves;
            text_open(&waves);
            size_t n = 0;
            for (size_t w = 0; waves.f && w < c->n_waves; w++)
                for (size_t f = 0; f < c->waves[w].n_files; f++)
                    if (!strcmp(c->waves[w].files[f], fi->name))
                        fprintf(waves.f, "%s%s", n++ ? (zh ? "、" : ", ") : "", c->waves[w].label);
            char *ws = text_close(&waves);
            if (!ws || report_table_add_row(t, fi->name) < 0 ||
                report_table_set_text(t, i, 0, enc) < 0 ||
                report_table_set_cell(t, i, 1, (double)fi->rows_read, REPORT_CELL_COUNT) < 0 ||
                report_table_set_cell(t, i, 2, (double)fi->rows_loaded, REPORT_CELL_COUNT) < 0 ||
                report_table_set_cell(t, i, 3, (double)fi->rows_excluded, REPORT_CELL_COUNT) < 0 ||
                report_table_set_text(t, i, 4, ws) < 0)
                d->w.rc = -1;
            free(ws);
        }
        if (excluded)
            note(d, t, rp_format("%s", T(d, M_EXCLUDED_NOTE)));
    }
    rp_put_table(&d->w, t);
}

/* The rows of the participation tables: overall, the age groups, the
   activities, with group headers. */
struct prow {
    const char *label;
    const struct cmp_rates *r; /* NULL: a group header */
};

static size_t participation_rows(const struct doc *d, struct prow *rows)
{
    const struct cmp_results *c = d->c;
    size_t n = 0;
    rows[n++] = (struct prow){T(d, M_OVERALL), &c->overall};
    rows[n++] = (struct prow){T(d, M_AGE_GROUP), NULL};
    for (size_t b = 0; b < c->n_bands; b++)
        rows[n++] = (struct prow){c->age_bands[b], &c->by_age[b]};
    if (c->n_activities) {
        rows[n++] = (struct prow){T(d, M_ACTIVITY), NULL};
        for (size_t k = 0; k < c->n_activities; k++)
            rows[n++] = (struct prow){L(d, c->activities[k].label_zh, c->activities[k].label_en),
                                      &c->activities[k]};
    }
    return n;
}

/* Add ROWS to T; returns the table row of each (group headers get none). */
static void add_rows(struct doc *d, struct report_table *t, const struct prow *rows, size_t n,
                     size_t *at)
{
    for (size_t i = 0; t && i < n; i++) {
        int rc = rows[i].r ? report_table_add_row(t, rows[i].label)
                           : report_table_add_group(t, rows[i].label);
        if (rc < 0)
            d->w.rc = -1;
        at[i] = t->nrows - 1;
    }
}

static void section_participation(struct doc *d)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves, nb = c->n_bands;
    heading(d, M_PARTICIPATION);
    const char **waves = wave_labels(c);
    size_t cap = 3 + nb + c->n_activities;
    struct prow *rows = malloc(cap * sizeof *rows);
    size_t *at = malloc(cap * sizeof *at);
    struct mcell *cells = malloc(cap * sizeof *cells);
    double *values = malloc(nw * sizeof *values);
    if (!waves || !rows || !at || !cells || !values) {
        d->w.rc = -1;
        goto done;
    }
    size_t n = participation_rows(d, rows);

    if (nw >= 3) {
        struct report_trend *tr = report_trend_new(T(d, M_PART_TREND), REPORT_CELL_PERCENT, nw, waves);
        for (size_t g = 0; tr && g <= nb; g++) {
            const struct cmp_rates *r = g == 0 ? &c->overall : &c->by_age[g - 1];
            for (size_t w = 0; w < nw; w++)
                values[w] = r->wave[w].asked ? r->wave[w].rate : NAN;
            if (report_trend_add(tr, g == 0 ? T(d, M_OVERALL) : c->age_bands[g - 1],
                                 values) < 0)
                d->w.rc = -1;
        }
        rp_put_trend(&d->w, tr);
    }

    struct report_table *t = report_table_new(T(d, M_PART_BY_WAVE), nw);
    if (t) {
        report_table_set_stub(t, T(d, M_GROUP));
        for (size_t w = 0; w < nw; w++)
            report_table_set_column(t, w, waves[w]);
        add_rows(d, t, rows, n, at);
        for (size_t w = 0; w < nw; w++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                if (!rows[i].r)
                    continue;
                const struct cmp_rate *x = &rows[i].r->wave[w];
                cells[m++] = (struct mcell){at[i], x->rate, x->asked,
                                            w ? stats_compare_direction(&rows[i].r->change[w - 1]) : 0};
            }
            marked_column(d, t, w, cells, m, REPORT_CELL_PERCENT);
        }
        if (d->marks)
            note(d, t, legend(d, M_RATE_LEGEND));
    }
    rp_put_table(&d->w, t);

    for (size_t i = 0; i + 1 < nw && d->w.rc == 0; i++) {
        char *title = pair_title(d, M_PART_CHANGE, i);
        size_t ncols = 3 + ci_width(d);
        t = title ? report_table_new(title, ncols) : NULL;
        free(title);
        if (t) {
            report_table_set_stub(t, T(d, M_GROUP));
            report_table_set_column(t, 0, T(d, M_CHANGE));
            size_t col = ci_headers(d, t, 1, M_CI);
            report_table_set_column(t, col, T(d, M_Z));
            report_table_set_column(t, col + 1, T(d, M_P));
            add_rows(d, t, rows, n, at);
            size_t m = 0;
            for (size_t r = 0; r < n; r++) {
                if (!rows[r].r)
                    continue;
                const struct cmp_rates *x = rows[r].r;
                const struct stats_diff *ch = &x->change[i];
                int asked = x->wave[i].asked && x->wave[i + 1].asked;
                cells[m++] = (struct mcell){at[r], ch->difference, asked, stats_compare_direction(ch)};
                if (!asked)
                    continue;
                ci_cells(d, t, at[r], 1, ch, REPORT_CELL_PERCENT_CHANGE);
                if (report_table_set_cell(t, at[r], col, ch->statistic, REPORT_CELL_STAT) < 0 ||
                    report_table_set_cell(t, at[r], col + 1, ch->p_value, REPORT_CELL_PVALUE) < 0)
                    d->w.rc = -1;
            }
            marked_column(d, t, 0, cells, m, REPORT_CELL_PERCENT_CHANGE);
            note(d, t, rp_format("%s", T(d, M_RATE_NOTE)));
        }
        rp_put_table(&d->w, t);
    }
done:
    free(waves);
    free(rows);
    free(at);
    free(cells);
    free(values);
}

/* Rows of a table of means: the scales (grouped by section), or one
   section's items (grouped by scale). */
struct mrow {
    const char *label;
    const struct cmp_means *m; /* NULL: a group header */
};

static size_t scale_rows(const struct doc *d, struct mrow *rows)
{
    const struct cmp_results *c = d->c;
    size_t n = 0;
    enum cmp_section sec[] = {CMP_SATISFACTION, CMP_TRUST};
    enum msg name[] = {M_SATISFACTION, M_TRUST};
    for (size_t s = 0; s < 2; s++) {
        int first = 1;
        for (size_t k = 0; k < c->n_scales; k++) {
            if (c->scales[k].section != sec[s])
                continue;
            if (first)
                rows[n++] = (struct mrow){T(d, name[s]), NULL};
            first = 0;
            rows[n++] = (struct mrow){c->scales[k].name, &c->scales[k]};
        }
    }
    return n;
}

static size_t item_rows(const struct doc *d, enum cmp_section section, struct mrow *rows)
{
    const struct cmp_results *c = d->c;
    size_t n = 0;
    for (size_t k = 0; k < c->n_scales; k++) {
        const struct cmp_means *s = &c->scales[k];
        if (s->section != section)
            continue;
        rows[n++] = (struct mrow){s->name, NULL};
        for (size_t q = 0; q < c->n_items; q++) {
            const struct cmp_means *it = &c->items[q];
            if (it->section == section && it->scale && !strcmp(it->scale, s->name))
                rows[n++] = (struct mrow){L(d, it->label_zh, it->label_en), it};
        }
    }
    return n;
}

static void add_mrows(struct doc *d, struct report_table *t, const struct mrow *rows, size_t n,
                      size_t *at)
{
    for (size_t i = 0; t && i < n; i++) {
        int rc = rows[i].m ? report_table_add_row(t, rows[i].label)
                           : report_table_add_group(t, rows[i].label);
        if (rc < 0)
            d->w.rc = -1;
        at[i] = t->nrows - 1;
    }
}

/* A table of the waves side by side: the mean (TOP2 0) or the top-2 share
   (TOP2 1) of each row, marked by its test against the previous wave. */
static void means_by_wave(struct doc *d, const char *title, const char *stub,
                          const struct mrow *rows, size_t n, int top2, enum msg legend_msg)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves;
    size_t *at = malloc((n ? n : 1) * sizeof *at);
    struct mcell *cells = malloc((n ? n : 1) * sizeof *cells);
    struct report_table *t = at && cells ? report_table_new(title, nw) : NULL;
    if (t) {
        report_table_set_stub(t, stub);
        for (size_t w = 0; w < nw; w++)
            report_table_set_column(t, w, c->waves[w].label);
        add_mrows(d, t, rows, n, at);
        for (size_t w = 0; w < nw; w++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                const struct cmp_means *x = rows[i].m;
                if (!x)
                    continue;
                const struct stats_diff *ch = w ? (top2 ? &x->top2_change[w - 1] : &x->change[w - 1]) : NULL;
                cells[m++] = (struct mcell){at[i], top2 ? x->wave[w].top2 : x->wave[w].mean,
                                            x->wave[w].asked, ch ? stats_compare_direction(ch) : 0};
            }
            marked_column(d, t, w, cells, m, top2 ? REPORT_CELL_PERCENT : REPORT_CELL_MEAN);
        }
        if (d->marks)
            note(d, t, legend(d, legend_msg));
    }
    rp_put_table(&d->w, t);
    free(at);
    free(cells);
}

static void section_scales(struct doc *d)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves;
    heading(d, M_SCALES);
    if (!c->n_scales) {
        const char *s = T(d, M_NO_DATA);
        sentences(d, &s, 1);
        return;
    }
    size_t cap = 2 + c->n_scales;
    struct mrow *rows = malloc(cap * sizeof *rows);
    size_t *at = malloc(cap * sizeof *at);
    struct mcell *cells = malloc(cap * sizeof *cells);
    const char **waves = wave_labels(c);
    double *values = malloc(nw * sizeof *values);
    if (!rows || !at || !cells || !waves || !values) {
        d->w.rc = -1;
        goto done;
    }
    size_t n = scale_rows(d, rows);
    if (nw >= 3) {
        struct report_trend *tr = report_trend_new(T(d, M_SCALE_TREND), REPORT_CELL_MEAN, nw, waves);
        if (tr)
            tr->max = 100;
        for (size_t k = 0; tr && k < c->n_scales; k++) {
            for (size_t w = 0; w < nw; w++)
                values[w] = c->scales[k].wave[w].asked ? c->scales[k].wave[w].mean : NAN;
            if (report_trend_add(tr, c->scales[k].name, values) < 0)
                d->w.rc = -1;
        }
        rp_put_trend(&d->w, tr);
    }
    means_by_wave(d, T(d, M_SCALE_BY_WAVE), T(d, M_SCALE), rows, n, 0, M_MEAN_LEGEND);

    for (size_t i = 0; i + 1 < nw && d->w.rc == 0; i++) {
        char *title = pair_title(d, M_SCALE_CHANGE, i);
        size_t ncols = 4 + ci_width(d);
        struct report_table *t = title ? report_table_new(title, ncols) : NULL;
        free(title);
        if (t) {
            report_table_set_stub(t, T(d, M_SCALE));
            report_table_set_column(t, 0, T(d, M_CHANGE));
            size_t col = ci_headers(d, t, 1, M_CI);
            report_table_set_column(t, col, T(d, M_T));
            report_table_set_column(t, col + 1, T(d, M_DF));
            report_table_set_column(t, col + 2, T(d, M_P));
            add_mrows(d, t, rows, n, at);
            size_t m = 0;
            for (size_t r = 0; r < n; r++) {
                const struct cmp_means *x = rows[r].m;
                if (!x)
                    continue;
                const struct stats_diff *ch = &x->change[i];
                int asked = x->wave[i].asked && x->wave[i + 1].asked;
                cells[m++] = (struct mcell){at[r], ch->difference, asked, stats_compare_direction(ch)};
                if (!asked)
                    continue;
                ci_cells(d, t, at[r], 1, ch, REPORT_CELL_MEAN_CHANGE);
                if (report_table_set_cell(t, at[r], col, ch->statistic, REPORT_CELL_STAT) < 0 ||
                    report_table_set_cell(t, at[r], col + 1, ch->df, REPORT_CELL_STAT) < 0 ||
                    report_table_set_cell(t, at[r], col + 2, ch->p_value, REPORT_CELL_PVALUE) < 0)
                    d->w.rc = -1;
            }
            marked_column(d, t, 0, cells, m, REPORT_CELL_MEAN_CHANGE);
        }
        rp_put_table(&d->w, t);
    }
done:
    free(rows);
    free(at);
    free(cells);
    free(waves);
    free(values);
}

static void section_items(struct doc *d, enum msg heading_msg, enum cmp_section section)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves;
    heading(d, heading_msg);
    size_t cap = c->n_scales + c->n_items + 1;
    struct mrow *rows = malloc(cap * sizeof *rows);
    size_t *at = malloc(cap * sizeof *at);
    struct mcell *mean = malloc(cap * sizeof *mean);
    if (!rows || !at || !mean) {
        d->w.rc = -1;
        goto done;
    }
    size_t n = item_rows(d, section, rows);
    if (!n) {
        const char *s = T(d, M_NO_DATA);
        sentences(d, &s, 1);
        goto done;
    }
    means_by_wave(d, T(d, M_ITEM_MEANS), T(d, M_ITEM), rows, n, 0, M_MEAN_LEGEND);
    means_by_wave(d, T(d, M_ITEM_TOP2), T(d, M_ITEM), rows, n, 1, M_TOP2_LEGEND);

    for (size_t i = 0; i + 1 < nw && d->w.rc == 0; i++) {
        /* Means, then top-2 shares: two tables, as for scales and rates. */
        for (int top2 = 0; top2 <= 1 && d->w.rc == 0; top2++) {
            char *title = pair_title(d, top2 ? M_TOP2_CHANGE_T : M_MEAN_CHANGE_T, i);
            size_t ncols = (top2 ? 3 : 4) + ci_width(d);
            struct report_table *t = title ? report_table_new(title, ncols) : NULL;
            free(title);
            if (t) {
                report_table_set_stub(t, T(d, M_ITEM));
                report_table_set_column(t, 0, T(d, M_CHANGE));
                size_t col = ci_headers(d, t, 1, M_CI);
                report_table_set_column(t, col, T(d, top2 ? M_Z : M_T));
                if (!top2)
                    report_table_set_column(t, col + 1, T(d, M_DF));
                size_t pcol = top2 ? col + 1 : col + 2;
                report_table_set_column(t, pcol, T(d, M_P));
                add_mrows(d, t, rows, n, at);
                size_t m = 0;
                for (size_t r = 0; r < n; r++) {
                    const struct cmp_means *x = rows[r].m;
                    if (!x)
                        continue;
                    const struct stats_diff *ch = top2 ? &x->top2_change[i] : &x->change[i];
                    int asked = x->wave[i].asked && x->wave[i + 1].asked;
                    mean[m++] = (struct mcell){at[r], ch->difference, asked, stats_compare_direction(ch)};
                    if (!asked)
                        continue;
                    ci_cells(d, t, at[r], 1, ch,
                             top2 ? REPORT_CELL_PERCENT_CHANGE : REPORT_CELL_MEAN_CHANGE);
                    if (report_table_set_cell(t, at[r], col, ch->statistic, REPORT_CELL_STAT) < 0 ||
                        (!top2 && report_table_set_cell(t, at[r], col + 1, ch->df, REPORT_CELL_STAT) < 0) ||
                        report_table_set_cell(t, at[r], pcol, ch->p_value, REPORT_CELL_PVALUE) < 0)
                        d->w.rc = -1;
                }
                marked_column(d, t, 0, mean, m,
                              top2 ? REPORT_CELL_PERCENT_CHANGE : REPORT_CELL_MEAN_CHANGE);
                note(d, t, rp_format("%s", T(d, top2 ? M_TOP2_NOTE : M_MEAN_NOTE)));
            }
            rp_put_table(&d->w, t);
        }
    }
done:
    free(rows);
    free(at);
    free(mean);
}

static void section_methods(struct doc *d)
{
    heading(d, M_METHODS);
    int zh = d->lang == REPORT_LANG_ZH;
    const char *const *m = zh ? methods_zh : methods_en;
    size_t nm = sizeof methods_en / sizeof methods_en[0];
    const char *items[sizeof methods_en / sizeof methods_en[0] + 1];
    char *marks = NULL;
    for (size_t i = 0; i < nm; i++) {
        if (!strstr(m[i], "%s")) {
            items[i] = m[i];
        } else if (!d->marks) {
            items[i] = significance[zh];
        } else {
            free(marks);
            if (!(marks = rp_format(m[i], up_mark(d), down_mark(d))))
                d->w.rc = -1;
            items[i] = marks ? marks : "";
        }
    }
    items[nm] = d->c->weights_ignored ? weights_ignored[zh] : weights_none[zh];
    sentences(d, items, nm + 1);
    free(marks);
}

int report_compare_render(const struct cmp_results *c, enum report_lang lang,
                          const struct report_options *o, FILE *out)
{
    const struct rp_glyphs *gl = rp_glyphs_for(o);
    struct report_doc *doc = report_doc_new(lang == REPORT_LANG_ZH ? msgs[M_TITLE].zh
                                                                   : msgs[M_TITLE].en,
                                            lang == REPORT_LANG_ZH ? "zh" : "en");
    if (!doc)
        return -1;
    struct doc d = {c, lang, {o, doc, NULL, 0}, gl->plain, o->format != REPORT_FORMAT_CSV};
    d.w.key = "findings";
    section_findings(&d);
    d.w.key = "waves";
    if (d.w.rc == 0)
        section_waves(&d);
    d.w.key = "participation";
    if (d.w.rc == 0)
        section_participation(&d);
    d.w.key = "scales";
    if (d.w.rc == 0)
        section_scales(&d);
    d.w.key = "satisfaction";
    if (d.w.rc == 0)
        section_items(&d, M_SAT_ITEMS, CMP_SATISFACTION);
    d.w.key = "trust";
    if (d.w.rc == 0)
        section_items(&d, M_TRUST_ITEMS, CMP_TRUST);
    d.w.key = "methods";
    if (d.w.rc == 0)
        section_methods(&d);
    int rc = d.w.rc == 0 ? report_doc_render(doc, o, out) : -1;
    report_doc_free(doc);
    return rc;
}

/* ## JSON */

static json_t *jnum(double x)
{
    return report_json_number(x);
}

static json_t *jcount(double x)
{
    return isfinite(x) ? json_integer((json_int_t)llround(x)) : json_null();
}

static json_t *change_obj(const struct cmp_results *c, size_t i, const struct stats_diff *d,
                          int t_test, int with_waves)
{
    json_t *o = json_object();
    if (with_waves) {
        json_object_set_new(o, "from", json_string(c->waves[i].label));
        json_object_set_new(o, "to", json_string(c->waves[i + 1].label));
    }
    json_object_set_new(o, "difference", jnum(d->difference));
    json_object_set_new(o, "ci_low", jnum(d->ci_low));
    json_object_set_new(o, "ci_high", jnum(d->ci_high));
    json_object_set_new(o, t_test ? "t" : "z", jnum(d->statistic));
    if (t_test)
        json_object_set_new(o, "df", jnum(d->df));
    json_object_set_new(o, "p_value", jnum(d->p_value));
    return o;
}

static void rates_json(json_t *o, const struct cmp_results *c, const struct cmp_rates *r)
{
    json_t *bw = json_array(), *ch = json_array();
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_rate *x = &r->wave[w];
        json_t *e = json_object();
        json_object_set_new(e, "wave", json_string(c->waves[w].label));
        json_object_set_new(e, "asked", json_boolean(x->asked));
        json_object_set_new(e, "n", jcount(x->n));
        json_object_set_new(e, "participants", x->asked ? jcount(x->participants) : json_null());
        json_object_set_new(e, "rate", jnum(x->rate));
        json_object_set_new(e, "ci_low", jnum(x->ci_low));
        json_object_set_new(e, "ci_high", jnum(x->ci_high));
        json_array_append_new(bw, e);
    }
    for (size_t i = 0; i + 1 < c->n_waves; i++)
        json_array_append_new(ch, change_obj(c, i, &r->change[i], 0, 1));
    json_object_set_new(o, "by_wave", bw);
    json_object_set_new(o, "changes", ch);
}

static void means_json(json_t *o, const struct cmp_results *c, const struct cmp_means *m, int item)
{
    json_t *bw = json_array(), *ch = json_array();
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_mean *x = &m->wave[w];
        json_t *e = json_object();
        json_object_set_new(e, "wave", json_string(c->waves[w].label));
        json_object_set_new(e, "asked", json_boolean(x->asked));
        json_object_set_new(e, "n", jcount(x->n));
        json_object_set_new(e, "mean", jnum(x->mean));
        json_object_set_new(e, "sd", jnum(x->sd));
        json_object_set_new(e, "ci_low", jnum(x->ci_low));
        json_object_set_new(e, "ci_high", jnum(x->ci_high));
        if (item)
            json_object_set_new(e, "top2", jnum(x->top2));
        json_array_append_new(bw, e);
    }
    for (size_t i = 0; i + 1 < c->n_waves; i++) {
        json_t *e = change_obj(c, i, &m->change[i], 1, 1);
        if (item)
            json_object_set_new(e, "top2", change_obj(c, i, &m->top2_change[i], 0, 0));
        json_array_append_new(ch, e);
    }
    json_object_set_new(o, "by_wave", bw);
    json_object_set_new(o, "changes", ch);
}

static const char *section_name(enum cmp_section sec)
{
    return sec == CMP_SATISFACTION ? "satisfaction" : "trust";
}

void report_compare_json(json_t *root, const struct cmp_results *c)
{
    json_t *in = json_object(), *files = json_array();
    for (size_t i = 0; i < c->n_inputs; i++) {
        const struct an_file *fi = &c->inputs[i];
        json_t *f = json_object();
        json_object_set_new(f, "file", json_string(fi->name));
        json_object_set_new(f, "encoding", json_string(fi->encoding));
        json_object_set_new(f, "rows_read", json_integer(fi->rows_read));
        json_object_set_new(f, "rows_loaded", json_integer(fi->rows_loaded));
        json_object_set_new(f, "rows_excluded", json_integer(fi->rows_excluded));
        json_array_append_new(files, f);
    }
    json_object_set_new(in, "files", files);
    json_object_set_new(root, "input", in);

    json_t *waves = json_array();
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_wave *cw = &c->waves[w];
        json_t *o = json_object(), *f = json_array(), *na = json_array();
        json_object_set_new(o, "label", json_string(cw->label));
        json_object_set_new(o, "year", cw->has_year ? json_integer(cw->year) : json_null());
        for (size_t k = 0; k < cw->n_files; k++)
            json_array_append_new(f, json_string(cw->files[k]));
        json_object_set_new(o, "files", f);
        json_object_set_new(o, "rows_loaded", jcount(cw->n));
        for (size_t k = 0; k < cw->n_not_asked; k++)
            json_array_append_new(na, json_string(cw->not_asked[k].column));
        json_object_set_new(o, "not_asked", na);
        json_array_append_new(waves, o);
    }
    json_object_set_new(root, "waves", waves);
    json_t *bands = json_array();
    for (size_t b = 0; b < c->n_bands; b++)
        json_array_append_new(bands, json_string(c->age_bands[b]));
    json_object_set_new(root, "age_bands", bands);
    json_t *wt = json_object();
    json_object_set_new(wt, "method", json_string("none"));
    json_object_set_new(wt, "weights_ignored", json_boolean(c->weights_ignored));
    json_object_set_new(root, "weighting", wt);

    json_t *p = json_object();
    rates_json(p, c, &c->overall);
    json_t *ba = json_array();
    for (size_t b = 0; b < c->n_bands; b++) {
        json_t *o = json_object();
        json_object_set_new(o, "group", json_string(c->age_bands[b]));
        rates_json(o, c, &c->by_age[b]);
        json_array_append_new(ba, o);
    }
    json_object_set_new(p, "by_age_group", ba);
    json_t *acts = json_array();
    for (size_t k = 0; k < c->n_activities; k++) {
        const struct cmp_rates *r = &c->activities[k];
        json_t *o = json_object();
        json_object_set_new(o, "column", json_string(r->column));
        json_object_set_new(o, "label", json_string(r->label_zh));
        json_object_set_new(o, "label_en", json_string(r->label_en));
        rates_json(o, c, r);
        json_array_append_new(acts, o);
    }
    json_object_set_new(p, "activities", acts);
    json_object_set_new(root, "participation", p);

    json_t *scales = json_array();
    for (size_t k = 0; k < c->n_scales; k++) {
        const struct cmp_means *m = &c->scales[k];
        json_t *o = json_object(), *items = json_array();
        json_object_set_new(o, "scale", json_string(m->name));
        json_object_set_new(o, "section", json_string(section_name(m->section)));
        for (size_t q = 0; q < m->k; q++)
            json_array_append_new(items, json_string(m->items[q]));
        json_object_set_new(o, "items", items);
        means_json(o, c, m, 0);
        json_array_append_new(scales, o);
    }
    json_object_set_new(root, "scales", scales);

    json_t *items = json_array();
    for (size_t k = 0; k < c->n_items; k++) {
        const struct cmp_means *m = &c->items[k];
        json_t *o = json_object();
        json_object_set_new(o, "column", json_string(m->name));
        json_object_set_new(o, "label", json_string(m->label_zh));
        json_object_set_new(o, "label_en", json_string(m->label_en));
        json_object_set_new(o, "section", json_string(section_name(m->section)));
        json_object_set_new(o, "scale", m->scale ? json_string(m->scale) : json_null());
        means_json(o, c, m, 1);
        json_array_append_new(items, o);
    }
    json_object_set_new(root, "items", items);
}
