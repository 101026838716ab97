/* document.c — the report as researchers read it.  Every heading, label,
 * note and finding comes from one table of messages in Chinese and English;
 * the analyses' results become report.h tables and charts in the manual's
 * order: findings, data, profile, participation, satisfaction, trust,
 * association, methods.  Nothing here computes a statistic: it picks, orders
 * and formats what stats/ computed.
 */
#include "report/document.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ## Messages */

enum msg {
    M_FINDINGS, M_DATA, M_PROFILE, M_PARTICIPATION, M_SATISFACTION, M_TRUST, M_ASSOCIATION,
    M_METHODS, M_FILES, M_FILE, M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_EXCLUDED_BY_REASON,
    M_REASON, M_RECORDS, M_QUALITY, M_WARNING, M_RESPONDENTS, M_SPEEDERS, M_STRAIGHT,
    M_LENIENT, M_NONE_EXCLUDED, M_SAMPLE_PROFILE, M_N, M_SHARE, M_AGE_GROUP, M_GENDER,
    M_PARTY, M_SUBDISTRICT, M_COMMUNITY, M_NO_AGE_GROUP, M_PART_BY_AGE, M_PART_BY_COMM,
    M_PART_BY_ACT, M_PARTICIPANTS, M_RATE, M_CI_LOW, M_CI_HIGH, M_ADJ_RES, M_OVERALL,
    M_TEST_NOTE, M_ACT_BY_AGE, M_ACTIVITY, M_INTENSITY, M_MEAN, M_SD, M_BARRIERS,
    M_ITEMS, M_ITEM, M_TOP2, M_DISTRIBUTION, M_SCALES, M_SCALE, M_K, M_ALPHA, M_STD_ALPHA,
    M_INDEX_MEAN, M_INDEX_BY_AGE, M_INDEX_BY_COMM, M_KW_NOTE, M_SPEARMAN, M_RHO, M_P,
    M_LOGIT, M_TERM, M_OR, M_OR_LOW, M_OR_HIGH, M_LOGIT_NOTE, M_LOGIT_FAILED, M_NO_DATA,
    M_WEIGHTS_NONE, M_WEIGHTS_COLUMN, M_WEIGHTS_RAKING, M_ALL_MISSING, M_NO_ITEMS,
    M_LOGIT_TOO_FEW,
    M_TITLE,
    M_COUNT
};

static const struct { const char *en, *zh; } msgs[M_COUNT] = {
    [M_TITLE] = {"Resident participation survey report", "社区居民参与调查报告"},
    [M_FINDINGS] = {"Findings", "主要发现"},
    [M_DATA] = {"Data", "数据"},
    [M_PROFILE] = {"Sample profile", "样本概况"},
    [M_PARTICIPATION] = {"Participation", "社区参与"},
    [M_SATISFACTION] = {"Satisfaction", "满意度"},
    [M_TRUST] = {"Trust", "信任"},
    [M_ASSOCIATION] = {"Association", "关联分析"},
    [M_METHODS] = {"Methods", "方法说明"},
    [M_FILES] = {"Input files", "输入文件"},
    [M_FILE] = {"File", "文件"},
    [M_ENCODING] = {"Encoding", "编码"},
    [M_READ] = {"Read", "读取"},
    [M_LOADED] = {"Loaded", "载入"},
    [M_EXCLUDED] = {"Excluded", "排除"},
    [M_EXCLUDED_BY_REASON] = {"Excluded records by reason", "排除记录及原因"},
    [M_REASON] = {"Reason", "原因"},
    [M_RECORDS] = {"Records", "记录数"},
    [M_QUALITY] = {"Data-quality warnings (records kept)", "数据质量提示（记录保留）"},
    [M_WARNING] = {"Warning", "提示"},
    [M_RESPONDENTS] = {"Respondents", "人数"},
    [M_SPEEDERS] = {"Answered much faster than the rest", "答题过快"},
    [M_STRAIGHT] = {"Same answer to every Likert item", "量表题全部同一答案"},
    [M_LENIENT] = {"Invalid values made missing (--lenient)", "无效值按缺失处理（--lenient）"},
    [M_NONE_EXCLUDED] = {"No record was excluded.", "没有记录被排除。"},
    [M_SAMPLE_PROFILE] = {"Respondents by group", "样本构成"},
    [M_N] = {"n", "人数"},
    [M_SHARE] = {"Share", "占比"},
    [M_AGE_GROUP] = {"Age group", "年龄组"},
    [M_GENDER] = {"Gender", "性别"},
    [M_PARTY] = {"Party member", "党员"},
    [M_SUBDISTRICT] = {"Subdistrict", "街道"},
    [M_COMMUNITY] = {"Community", "社区"},
    [M_NO_AGE_GROUP] = {"In no age group (age missing or outside the bands)",
                        "不属于任何年龄组（年龄缺失或不在分组内）"},
    [M_PART_BY_AGE] = {"Participation rate by age group (95% CI)", "各年龄组参与率（95%置信区间）"},
    [M_PART_BY_COMM] = {"Participation rate by community (95% CI)", "各社区参与率（95%置信区间）"},
    [M_PART_BY_ACT] = {"Participation by activity (95% CI)", "各类活动参与率（95%置信区间）"},
    [M_PARTICIPANTS] = {"Participants", "参与人数"},
    [M_RATE] = {"Rate", "参与率"},
    [M_CI_LOW] = {"95% CI low", "置信下限"},
    [M_CI_HIGH] = {"95% CI high", "置信上限"},
    [M_ADJ_RES] = {"Adj. residual", "调整残差"},
    [M_OVERALL] = {"All respondents", "全体"},
    [M_TEST_NOTE] = {"Participant × age group: chi-square(%s) = %s, p %s, Cramér's V = %s; "
                     "linear-by-linear trend M² = %s, p %s. Adjusted residuals beyond ±1.96 "
                     "mark age groups that differ from the whole.",
                     "参与×年龄组：卡方(%s) = %s，p %s，Cramér's V = %s；线性趋势检验 M² = %s，"
                     "p %s。调整残差绝对值大于1.96的年龄组与总体有显著差异。"},
    [M_ACT_BY_AGE] = {"Participation rate by activity and age group", "各类活动分年龄组参与率"},
    [M_ACTIVITY] = {"Activity", "活动"},
    [M_INTENSITY] = {"Number of activities taken part in, by age group", "参与活动项数（分年龄组）"},
    [M_MEAN] = {"Mean", "均值"},
    [M_SD] = {"SD", "标准差"},
    [M_BARRIERS] = {"Main reason for not taking part, by age group", "未参与或很少参与的主要原因（分年龄组）"},
    [M_ITEMS] = {"Items", "题项"},
    [M_ITEM] = {"Item", "题项"},
    [M_TOP2] = {"Top-2 share", "前两级占比"},
    [M_DISTRIBUTION] = {"Distribution of answers", "回答分布"},
    [M_SCALES] = {"Scales (index 0–100)", "量表（指数0–100）"},
    [M_SCALE] = {"Scale", "量表"},
    [M_K] = {"Items", "题数"},
    [M_ALPHA] = {"Cronbach's α", "Cronbach's α"},
    [M_STD_ALPHA] = {"Std. α", "标准化α"},
    [M_INDEX_MEAN] = {"Index mean", "指数均值"},
    [M_INDEX_BY_AGE] = {"Index by age group", "指数（分年龄组）"},
    [M_INDEX_BY_COMM] = {"Index by community", "指数（分社区）"},
    [M_KW_NOTE] = {"Kruskal–Wallis across age groups: H = %s, df = %s, p %s; across "
                   "communities: H = %s, df = %s, p %s.",
                   "Kruskal–Wallis检验：年龄组间 H = %s，自由度 = %s，p %s；社区间 H = %s，"
                   "自由度 = %s，p %s。"},
    [M_SPEARMAN] = {"Spearman correlation of each index with participation intensity",
                    "各指数与参与活动项数的Spearman相关"},
    [M_RHO] = {"rho", "rho"},
    [M_P] = {"p", "p"},
    [M_LOGIT] = {"Logistic regression of taking part", "参与的logistic回归"},
    [M_TERM] = {"Term", "变量"},
    [M_OR] = {"Odds ratio", "优势比"},
    [M_OR_LOW] = {"OR 95% CI low", "优势比下限"},
    [M_OR_HIGH] = {"OR 95% CI high", "优势比上限"},
    [M_LOGIT_NOTE] = {"n = %s complete cases; reference groups: the first age group, the "
                      "lowest gender and party codes; indices per point (0–100). Unweighted.",
                      "完整个案 n = %s；参照组：第一个年龄组、性别与党员的最小编码；指数每增加1分。"
                      "未加权。"},
    [M_LOGIT_FAILED] = {"The model did not converge (separation or too few cases): no "
                        "estimates are reported.",
                        "模型未收敛（完全分离或个案过少），不报告估计值。"},
    [M_NO_DATA] = {"No data.", "无数据。"},
    [M_LOGIT_TOO_FEW] = {"Too few complete cases to fit the logistic model.",
                         "完整个案过少，无法拟合logistic回归。"},
    [M_WEIGHTS_NONE] = {"Unweighted: every respondent counts once.", "未加权：每位受访者计为1。"},
    [M_WEIGHTS_COLUMN] = {"Weighted by the weight column: effective n = %s, design effect = %s.",
                          "按权重列加权：有效样本量 = %s，设计效应 = %s。"},
    [M_WEIGHTS_RAKING] = {"Raked to population margins in %s iterations: effective n = %s, "
                          "design effect = %s.",
                          "按总体边际分布迭代加权（%s次迭代）：有效样本量 = %s，设计效应 = %s。"},
    [M_ALL_MISSING] = {"Every participation answer is missing: no participation figures.",
                       "参与题全部缺失，无法计算参与指标。"},
    [M_NO_ITEMS] = {"The codebook has no participation items: no participation figures.",
                    "编码簿中没有参与题，无法计算参与指标。"},
};

static const char *const methods_en[] = {
    "A participant answered yes to at least one activity; respondents whose activity answers "
    "are all missing are left out of participation figures. Intensity is the number of "
    "activities answered yes.",
    "Rates carry 95% Wilson score intervals. The age-group test is Pearson's chi-square without "
    "continuity correction, with Cramér's V, adjusted standardized residuals and the "
    "linear-by-linear trend test.",
    "Likert items: mean, SD, 95% t interval, and the share in the two highest levels. A scale "
    "index is the mean of a respondent's item scores rescaled to 0–100, for respondents who "
    "answered every item; reverse-worded items are recoded first. Reliability is Cronbach's "
    "alpha.",
    "Groups are compared with the Kruskal–Wallis test (tie-corrected); indices and "
    "participation intensity with Spearman's rho; taking part is modelled by logistic "
    "regression.",
    "With weights, rates, shares and means are weighted and their intervals use Kish's "
    "effective n; n is always the unweighted count; tests, alpha, correlations and the "
    "logistic model are unweighted.",
};
static const char *const methods_zh[] = {
    "参与者指至少参加过一项活动的受访者；活动题全部缺失者不计入参与指标。参与强度为参加活动的项数。",
    "参与率给出95% Wilson置信区间。年龄组差异采用不加连续性校正的Pearson卡方检验，并报告Cramér's "
    "V、调整标准化残差和线性趋势检验。",
    "李克特题报告均值、标准差、95% t置信区间和前两级占比。量表指数为受访者各题得分均值换算到0–100，"
    "仅计入全部题目作答者；反向题先反向计分。信度为Cronbach's alpha。",
    "组间比较采用Kruskal–Wallis检验（含结校正）；指数与参与强度采用Spearman相关；是否参与采用logistic"
    "回归。",
    "加权时，比例、占比和均值为加权估计，置信区间用Kish有效样本量；n始终为未加权人数；检验、alpha、"
    "相关和logistic回归不加权。",
};

/* The reasons a record is excluded or flagged, by their stable keys, in the
   order the report lists them. */
static const struct { const char *key, *en, *zh; } reason_text[] = {
    {"field_count", "Wrong number of fields", "字段数不符"},
    {"invalid_value", "Invalid value", "无效值"},
    {"out_of_range", "Value out of range", "超出取值范围"},
    {"duplicate_id", "Repeated id", "编号重复"},
    {"invalid_made_missing", "Invalid value made missing", "无效值按缺失处理"},
    {"speeder", "Speeder", "答题过快"},
    {"straight_liner", "Straight-lining", "同一答案"},
    {"unknown_column", "Column not in the codebook", "编码簿未列出的列"},
};
#define N_REASONS (sizeof reason_text / sizeof reason_text[0])

struct doc {
    const struct an_results *r;
    enum report_lang lang;
    struct rp_writer w;
};

static const char *T(const struct doc *d, enum msg m)
{
    return d->lang == REPORT_LANG_ZH ? msgs[m].zh : msgs[m].en;
}

static const char *L(const struct doc *d, const char *zh, const char *en)
{
    return d->lang == REPORT_LANG_ZH ? zh : en;
}

/* A number as the report prints it (ASCII-safe dash for missing values). */
static const char *fmt(const struct doc *d, char *buf, double v, enum report_cell_class cls)
{
    return report_number_format(buf, REPORT_NUMBER_SIZE, v, cls, d->w.o->ascii);
}

/* A p-value as it follows "p" in prose: "= 0.042", "< 0.001". */
static const char *p_after(const struct doc *d, char *buf, double p)
{
    char num[REPORT_NUMBER_SIZE];
    report_number_format(num, sizeof num, p, REPORT_CELL_PVALUE, d->w.o->ascii);
    if (num[0] == '<')
        snprintf(buf, REPORT_NUMBER_SIZE, "< %.24s", num + 1);
    else
        snprintf(buf, REPORT_NUMBER_SIZE, "= %.24s", num);
    return buf;
}

/* ## Rendering helpers: each records the first failure in d->w.rc */

static void heading(struct doc *d, enum msg m)
{
    rp_heading(&d->w, T(d, m));
}

static void sentence(struct doc *d, const char *s)
{
    rp_sentences(&d->w, &s, 1);
}

/* ## Findings */

/* The main barrier of each age group, "18-29组：没有时间（42.0%）；…". */
static char *barrier_list(const struct an_results *r, int zh)
{
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
        fprintf(m, zh ? "%s%s组：%s（%s）" : "%s%s: %s (%s)", any ? (zh ? "；" : "; ") : "",
                r->age_bands[g], row[best].label, a);
        any = 1;
    }
    if (fclose(m) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* One finding of R phrased in LANG; NULL when out of memory. */
static char *phrase(const struct an_results *r, const struct an_finding *f, int zh)
{
    char a[REPORT_NUMBER_SIZE], b[REPORT_NUMBER_SIZE], c[REPORT_NUMBER_SIZE],
        d2[REPORT_NUMBER_SIZE], p[48];
    switch (f->kind) {
    case AN_FINDING_PARTICIPATION:
        report_number_format(a, sizeof a, r->overall.rate, REPORT_CELL_PERCENT, 1);
        return zh ? rp_format("总体参与率为%s（n = %.0f）。", a, r->overall.n)
                  : rp_format("%s of respondents took part in at least one activity (n = %.0f).",
                              a, r->overall.n);
    case AN_FINDING_NO_PARTICIPATION: {
        enum msg m = f->a ? M_ALL_MISSING : M_NO_ITEMS;
        return rp_format("%s", zh ? msgs[m].zh : msgs[m].en);
    }
    case AN_FINDING_AGE_GROUPS: {
        const struct an_rate *H = &r->part_by_age[f->a], *Lo = &r->part_by_age[f->b];
        report_number_format(a, sizeof a, H->rate, REPORT_CELL_PERCENT, 1);
        report_number_format(b, sizeof b, Lo->rate, REPORT_CELL_PERCENT, 1);
        report_number_format(c, sizeof c, r->chisq.cramers_v, REPORT_CELL_STAT, 1);
        rp_p_phrase(p, sizeof p, r->chisq.p_value);
        if (f->significant)
            return zh ? rp_format("参与率随年龄组差异显著：%s组最高（%s），%s组最低（%s）；"
                                  "卡方(%.0f) = %.1f，%s，Cramér's V = %s。",
                                  H->group, a, Lo->group, b, r->chisq.df, r->chisq.statistic, p, c)
                      : rp_format("Participation differs by age group: highest among %s (%s), "
                                  "lowest among %s (%s); chi-square(%.0f) = %.1f, %s, "
                                  "Cramér's V = %s.",
                                  H->group, a, Lo->group, b, r->chisq.df, r->chisq.statistic, p,
                                  c);
        return zh ? rp_format("各年龄组参与率（%s组%s至%s组%s）差异不显著（%s）。", Lo->group, b,
                              H->group, a, p)
                  : rp_format("Participation does not differ significantly by age group "
                              "(from %s among %s to %s among %s; %s).",
                              b, Lo->group, a, H->group, p);
    }
    case AN_FINDING_TOP_ACTIVITY: {
        const struct an_activity *A = &r->activities[f->a];
        report_number_format(a, sizeof a, A->all.rate, REPORT_CELL_PERCENT, 1);
        return zh ? rp_format("参与最多的活动是“%s”（%s）。", A->label_zh, a)
                  : rp_format("The most common activity is %s (%s).", A->label_en, a);
    }
    case AN_FINDING_BARRIERS: {
        char *list = barrier_list(r, zh);
        char *s = !list ? NULL
                  : zh  ? rp_format("未参与或很少参与的主要原因——%s。", list)
                        : rp_format("Main reason for not taking part, by age group — %s.", list);
        free(list);
        return s;
    }
    case AN_FINDING_SATISFACTION: {
        const struct an_item *Lo = &r->satisfaction.items[f->a], *H = &r->satisfaction.items[f->b];
        report_number_format(a, sizeof a, Lo->stat.mean, REPORT_CELL_MEAN, 1);
        report_number_format(b, sizeof b, Lo->top2, REPORT_CELL_PERCENT, 1);
        report_number_format(c, sizeof c, H->stat.mean, REPORT_CELL_MEAN, 1);
        report_number_format(d2, sizeof d2, H->top2, REPORT_CELL_PERCENT, 1);
        return zh ? rp_format("满意度最低的是“%s”（均值%s，满意%s），最高的是“%s”（均值%s，满意%s）。",
                              Lo->label_zh, a, b, H->label_zh, c, d2)
                  : rp_format("Satisfaction is lowest with %s (mean %s, %s satisfied) and "
                              "highest with %s (mean %s, %s satisfied).",
                              Lo->label_en, a, b, H->label_en, c, d2);
    }
    case AN_FINDING_COMMUNITIES: {
        const struct an_scale *sc = &r->satisfaction.scales[f->a];
        rp_p_phrase(p, sizeof p, sc->test_community.p_value);
        if (f->significant)
            return zh ? rp_format("“%s”指数在社区间差异显著（Kruskal–Wallis H = %.1f，%s）。",
                                  sc->name, sc->test_community.statistic, p)
                      : rp_format("The %s index differs between communities (Kruskal–Wallis H = "
                                  "%.1f, %s).",
                                  sc->name, sc->test_community.statistic, p);
        return zh ? rp_format("“%s”指数在社区间差异不显著（%s）。", sc->name, p)
                  : rp_format("The %s index does not differ significantly between "
                              "communities (%s).",
                              sc->name, p);
    }
    case AN_FINDING_TRUST: {
        const struct an_scale *Lo = &r->trust.scales[f->a], *H = &r->trust.scales[f->b];
        report_number_format(a, sizeof a, Lo->index.mean, REPORT_CELL_MEAN, 1);
        report_number_format(b, sizeof b, H->index.mean, REPORT_CELL_MEAN, 1);
        return zh ? rp_format("信任指数（0–100）：“%s”为%s，低于“%s”的%s。", Lo->name, a, H->name, b)
                  : rp_format("On the 0–100 trust indices, %s trust (%s) is lower than %s "
                              "trust (%s).",
                              Lo->name, a, H->name, b);
    }
    case AN_FINDING_MODEL_FAILED: {
        enum msg m = f->a ? M_LOGIT_TOO_FEW : M_LOGIT_FAILED;
        return rp_format("%s", zh ? msgs[m].zh : msgs[m].en);
    }
    case AN_FINDING_PREDICTOR: {
        if (f->a < 0)
            return rp_format("%s", zh ? "logistic回归中没有显著的预测变量（p ≥ 0.05）。"
                                      : "No term of the logistic model is significant "
                                        "(p ≥ 0.05).");
        const struct an_term *t = &r->terms[f->a];
        report_number_format(a, sizeof a, t->odds_ratio, REPORT_CELL_STAT, 1);
        report_number_format(b, sizeof b, t->or_ci_low, REPORT_CELL_STAT, 1);
        report_number_format(c, sizeof c, t->or_ci_high, REPORT_CELL_STAT, 1);
        rp_p_phrase(p, sizeof p, t->p_value);
        return zh ? rp_format("logistic回归中对是否参与影响最强的是 %s（优势比%s，95%%置信区间"
                              "%s–%s，%s）。",
                              t->term, a, b, c, p)
                  : rp_format("The strongest predictor of taking part is %s (odds ratio "
                              "%s, 95%% CI %s–%s, %s).",
                              t->term, a, b, c, p);
    }
    }
    return NULL;
}

long report_findings(const struct an_results *r, enum report_lang lang, char ***out)
{
    struct rp_list l = {0};
    for (size_t i = 0; i < r->n_findings; i++)
        rp_list_add(&l, phrase(r, &r->findings[i], lang == REPORT_LANG_ZH));
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

/* ## Sections */

static void section_findings(struct doc *d)
{
    heading(d, M_FINDINGS);
    char **f;
    long n = report_findings(d->r, d->lang, &f);
    if (n < 0) {
        d->w.rc = -1;
        return;
    }
    rp_sentences(&d->w, (const char *const *)f, (size_t)n);
    report_findings_free(f, n);
}

static void section_data(struct doc *d)
{
    const struct an_input *s = &d->r->input;
    heading(d, M_DATA);
    struct report_table *t = report_table_new(T(d, M_FILES), 4);
    if (t) {
        report_table_set_stub(t, T(d, M_FILE));
        enum msg cols[] = {M_ENCODING, M_READ, M_LOADED, M_EXCLUDED};
        for (size_t c = 0; c < 4; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t i = 0; i < s->n_files; i++) {
            report_table_add_row(t, s->files[i].name);
            char enc[32];
            snprintf(enc, sizeof enc, "%.20s%s", s->files[i].encoding,
                     s->files[i].bom ? " (BOM)" : "");
            report_table_set_text(t, i, 0, enc);
            report_table_set_cell(t, i, 1, (double)s->files[i].rows_read, REPORT_CELL_COUNT);
            report_table_set_cell(t, i, 2, (double)s->files[i].rows_loaded, REPORT_CELL_COUNT);
            report_table_set_cell(t, i, 3, (double)s->files[i].rows_excluded, REPORT_CELL_COUNT);
        }
    }
    rp_put_table(&d->w, t);
    if (s->rows_excluded) {
        long count[N_REASONS] = {0};
        for (size_t i = 0; i < s->n_problems; i++)
            for (size_t k = 0; k < N_REASONS; k++)
                if (s->problems[i].rejects && !strcmp(s->problems[i].reason, reason_text[k].key))
                    count[k]++;
        t = report_table_new(T(d, M_EXCLUDED_BY_REASON), 1);
        if (t) {
            report_table_set_stub(t, T(d, M_REASON));
            report_table_set_column(t, 0, T(d, M_RECORDS));
            for (size_t k = 0; k < N_REASONS; k++) {
                if (!count[k])
                    continue;
                report_table_add_row(t, L(d, reason_text[k].zh, reason_text[k].en));
                report_table_set_cell(t, t->nrows - 1, 0, (double)count[k], REPORT_CELL_COUNT);
            }
            report_table_set_note(t, L(d, "每条记录见 canyu validate。",
                                       "canyu validate lists every record."));
        }
        rp_put_table(&d->w, t);
    } else {
        sentence(d, T(d, M_NONE_EXCLUDED));
    }
    t = report_table_new(T(d, M_QUALITY), 1);
    if (t) {
        report_table_set_stub(t, T(d, M_WARNING));
        report_table_set_column(t, 0, T(d, M_RESPONDENTS));
        report_table_add_row(t, T(d, M_SPEEDERS));
        report_table_set_cell(t, 0, 0, (double)s->speeders, REPORT_CELL_COUNT);
        report_table_add_row(t, T(d, M_STRAIGHT));
        report_table_set_cell(t, 1, 0, (double)s->straight_liners, REPORT_CELL_COUNT);
        report_table_add_row(t, T(d, M_LENIENT));
        report_table_set_cell(t, 2, 0, (double)s->warnings, REPORT_CELL_COUNT);
    }
    rp_put_table(&d->w, t);
}

static void profile_rows(struct doc *d, struct report_table *t, enum msg group,
                         const struct an_share *sh, size_t n)
{
    if (!n)
        return;
    report_table_add_group(t, T(d, group));
    for (size_t i = 0; i < n; i++) {
        report_table_add_row(t, sh[i].label);
        report_table_set_cell(t, t->nrows - 1, 0, sh[i].n, REPORT_CELL_COUNT);
        report_table_set_cell(t, t->nrows - 1, 1, sh[i].share, REPORT_CELL_PERCENT);
    }
}

static void section_profile(struct doc *d)
{
    const struct an_results *r = d->r;
    heading(d, M_PROFILE);
    struct report_table *t = report_table_new(T(d, M_SAMPLE_PROFILE), 2);
    if (t) {
        report_table_set_column(t, 0, T(d, M_N));
        report_table_set_column(t, 1, T(d, M_SHARE));
        profile_rows(d, t, M_AGE_GROUP, r->age_group, r->n_bands);
        if (r->age_group_missing > 0) {
            report_table_add_row(t, T(d, M_NO_AGE_GROUP));
            report_table_set_cell(t, t->nrows - 1, 0, r->age_group_missing, REPORT_CELL_COUNT);
        }
        profile_rows(d, t, M_GENDER, r->gender, r->n_gender);
        profile_rows(d, t, M_PARTY, r->party_member, r->n_party_member);
        profile_rows(d, t, M_SUBDISTRICT, r->subdistrict, r->n_subdistrict);
        profile_rows(d, t, M_COMMUNITY, r->community, r->n_community);
        report_table_set_note(t, L(d, "占比为该项有效回答者中的比例。",
                                   "Shares are of respondents with a known value."));
    }
    rp_put_table(&d->w, t);
}

static struct report_bars *rate_bars(const struct doc *d, enum msg title, const struct an_rate *rates,
                                     size_t n)
{
    struct report_bars *b = report_bars_new(T(d, title), REPORT_CELL_PERCENT);
    if (!b)
        return NULL;
    b->max = 1;
    for (size_t i = 0; i < n; i++)
        if (report_bars_add(b, rates[i].group, rates[i].rate, rates[i].ci_low, rates[i].ci_high,
                            rates[i].n) < 0) {
            report_bars_free(b);
            return NULL;
        }
    return b;
}

static void section_participation(struct doc *d)
{
    const struct an_results *r = d->r;
    size_t nb = r->n_bands;
    heading(d, M_PARTICIPATION);
    if (!r->has_participation || r->overall.n == 0) {
        sentence(d, T(d, r->has_participation ? M_ALL_MISSING : M_NO_ITEMS));
        return;
    }
    rp_put_bars(&d->w, rate_bars(d, M_PART_BY_AGE, r->part_by_age, nb));
    char a[6][REPORT_NUMBER_SIZE];
    struct report_table *t = report_table_new(NULL, 6);
    if (t) {
        report_table_set_stub(t, T(d, M_AGE_GROUP));
        enum msg cols[] = {M_N, M_PARTICIPANTS, M_RATE, M_CI_LOW, M_CI_HIGH, M_ADJ_RES};
        for (size_t c = 0; c < 6; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t g = 0; g <= nb; g++) {
            const struct an_rate *x = g < nb ? &r->part_by_age[g] : &r->overall;
            report_table_add_row(t, g < nb ? x->group : T(d, M_OVERALL));
            report_table_set_cell(t, g, 0, x->n, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 1, x->participants, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 2, x->rate, REPORT_CELL_PERCENT);
            report_table_set_cell(t, g, 3, x->ci_low, REPORT_CELL_PERCENT);
            report_table_set_cell(t, g, 4, x->ci_high, REPORT_CELL_PERCENT);
            if (g < nb)
                report_table_set_cell(t, g, 5, r->adjusted_residuals[g], REPORT_CELL_STAT);
        }
        char *note = rp_format(T(d, M_TEST_NOTE), fmt(d, a[0], r->chisq.df, REPORT_CELL_COUNT),
                            fmt(d, a[1], r->chisq.statistic, REPORT_CELL_STAT),
                            p_after(d, a[2], r->chisq.p_value),
                            fmt(d, a[3], r->chisq.cramers_v, REPORT_CELL_STAT),
                            fmt(d, a[4], r->linear_by_linear.statistic, REPORT_CELL_STAT),
                            p_after(d, a[5], r->linear_by_linear.p_value));
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);
    if (r->n_community)
        rp_put_bars(&d->w, rate_bars(d, M_PART_BY_COMM, r->part_by_community, r->n_community));

    /* Activities: a chart of the overall rates, then a table by age group. */
    struct report_bars *b = report_bars_new(T(d, M_PART_BY_ACT), REPORT_CELL_PERCENT);
    if (b) {
        for (size_t k = 0; k < r->n_activities; k++) {
            const struct an_activity *A = &r->activities[k];
            report_bars_add(b, L(d, A->label_zh, A->label_en), A->all.rate, A->all.ci_low,
                            A->all.ci_high, A->all.n);
        }
    }
    rp_put_bars(&d->w, b);
    t = report_table_new(T(d, M_ACT_BY_AGE), nb + 1);
    if (t) {
        report_table_set_stub(t, T(d, M_ACTIVITY));
        for (size_t g = 0; g < nb; g++)
            report_table_set_column(t, g, r->age_bands[g]);
        report_table_set_column(t, nb, T(d, M_OVERALL));
        for (size_t k = 0; k < r->n_activities; k++) {
            const struct an_activity *A = &r->activities[k];
            report_table_add_row(t, L(d, A->label_zh, A->label_en));
            for (size_t g = 0; g < nb; g++)
                report_table_set_cell(t, k, g, A->by_age[g].rate, REPORT_CELL_PERCENT);
            report_table_set_cell(t, k, nb, A->all.rate, REPORT_CELL_PERCENT);
        }
    }
    rp_put_table(&d->w, t);

    t = report_table_new(T(d, M_INTENSITY), 3);
    if (t) {
        report_table_set_stub(t, T(d, M_AGE_GROUP));
        report_table_set_column(t, 0, T(d, M_N));
        report_table_set_column(t, 1, T(d, M_MEAN));
        report_table_set_column(t, 2, T(d, M_SD));
        for (size_t g = 0; g <= nb; g++) {
            const struct an_mean *m = g < nb ? &r->intensity_by_age[g] : &r->intensity;
            report_table_add_row(t, g < nb ? r->age_bands[g] : T(d, M_OVERALL));
            report_table_set_cell(t, g, 0, m->n, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 1, m->mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, g, 2, m->sd, REPORT_CELL_MEAN);
        }
    }
    rp_put_table(&d->w, t);

    if (r->has_barriers) {
        const struct an_barriers *B = &r->barriers;
        t = report_table_new(T(d, M_BARRIERS), nb + 1);
        if (t) {
            report_table_set_stub(t, T(d, M_REASON));
            for (size_t g = 0; g < nb; g++)
                report_table_set_column(t, g, r->age_bands[g]);
            report_table_set_column(t, nb, T(d, M_OVERALL));
            for (size_t k = 0; k < B->n_cat; k++) {
                report_table_add_row(t, B->cat[k].label);
                for (size_t g = 0; g < nb; g++)
                    report_table_set_cell(t, k, g, B->by_age[g * B->n_cat + k].share,
                                          REPORT_CELL_PERCENT);
                report_table_set_cell(t, k, nb, B->cat[k].share, REPORT_CELL_PERCENT);
            }
            report_table_add_row(t, T(d, M_N));
            for (size_t g = 0; g < nb; g++)
                report_table_set_cell(t, B->n_cat, g, B->by_age_n[g], REPORT_CELL_COUNT);
            report_table_set_cell(t, B->n_cat, nb, B->n, REPORT_CELL_COUNT);
        }
        rp_put_table(&d->w, t);
    }
}

/* Level labels of an item: the codebook's value labels, else the codes. */
static const char *level_label(const struct an_item *it, int code, char *buf, size_t size)
{
    const char *lab = it->levels ? it->levels[code - it->min] : NULL;
    if (lab)
        return lab;
    snprintf(buf, size, "%d", code);
    return buf;
}

static void section_likert(struct doc *d, enum msg heading_msg, const struct an_likert *Lk)
{
    const struct an_results *r = d->r;
    size_t nb = r->n_bands;
    heading(d, heading_msg);
    if (!Lk->n_items) {
        sentence(d, T(d, M_NO_DATA));
        return;
    }
    struct report_table *t = report_table_new(T(d, M_ITEMS), 6);
    if (t) {
        report_table_set_stub(t, T(d, M_ITEM));
        enum msg cols[] = {M_N, M_MEAN, M_SD, M_CI_LOW, M_CI_HIGH, M_TOP2};
        for (size_t c = 0; c < 6; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t k = 0; k < Lk->n_items; k++) {
            const struct an_item *it = &Lk->items[k];
            report_table_add_row(t, L(d, it->label_zh, it->label_en));
            report_table_set_cell(t, k, 0, it->stat.n, REPORT_CELL_COUNT);
            report_table_set_cell(t, k, 1, it->stat.mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 2, it->stat.sd, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 3, it->stat.ci_low, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 4, it->stat.ci_high, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 5, it->top2, REPORT_CELL_PERCENT);
        }
        report_table_set_note(t, L(d, "反向题已反向计分。", "Reverse-worded items are recoded."));
    }
    rp_put_table(&d->w, t);

    /* Diverging bars, one chart per run of items sharing a range. */
    for (size_t k0 = 0; k0 < Lk->n_items && d->w.rc == 0;) {
        const struct an_item *first = &Lk->items[k0];
        size_t levels = (size_t)(first->max - first->min + 1), k1 = k0;
        while (k1 < Lk->n_items && Lk->items[k1].min == first->min &&
               Lk->items[k1].max == first->max)
            k1++;
        const char **lab = calloc(levels, sizeof *lab);
        char (*num)[16] = calloc(levels, sizeof *num);
        double *share = calloc(levels, sizeof *share);
        struct report_likert *ch = NULL;
        if (lab && num && share) {
            for (size_t q = 0; q < levels; q++)
                lab[q] = level_label(first, first->min + (int)q, num[q], sizeof num[q]);
            ch = report_likert_new(T(d, M_DISTRIBUTION), levels, lab);
        }
        for (size_t k = k0; ch && k < k1; k++) {
            const struct an_item *it = &Lk->items[k];
            for (size_t q = 0; q < levels; q++)
                share[q] = it->stat.n > 0 ? it->distribution[q] / it->stat.n : NAN;
            if (report_likert_add(ch, L(d, it->label_zh, it->label_en), share, it->stat.n) < 0)
                d->w.rc = -1;
        }
        rp_put_likert(&d->w, ch);
        free(lab);
        free(num);
        free(share);
        k0 = k1;
    }

    t = report_table_new(T(d, M_SCALES), 7);
    if (t) {
        report_table_set_stub(t, T(d, M_SCALE));
        enum msg cols[] = {M_K, M_N, M_ALPHA, M_STD_ALPHA, M_INDEX_MEAN, M_SD, M_CI_LOW};
        for (size_t c = 0; c < 7; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        report_table_set_column(t, 6, L(d, "95%置信区间", "95% CI"));
        for (size_t k = 0; k < Lk->n_scales; k++) {
            const struct an_scale *S = &Lk->scales[k];
            char ci[2][REPORT_NUMBER_SIZE], *range;
            report_table_add_row(t, S->name);
            report_table_set_cell(t, k, 0, (double)S->k, REPORT_CELL_COUNT);
            report_table_set_cell(t, k, 1, S->n, REPORT_CELL_COUNT);
            report_table_set_cell(t, k, 2, S->alpha, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 3, S->std_alpha, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 4, S->index.mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 5, S->index.sd, REPORT_CELL_MEAN);
            fmt(d, ci[0], S->index.ci_low, REPORT_CELL_MEAN);
            fmt(d, ci[1], S->index.ci_high, REPORT_CELL_MEAN);
            range = rp_format(d->w.o->ascii ? "%s-%s" : "%s–%s", ci[0], ci[1]);
            if (!range || report_table_set_text(t, k, 6, range) < 0)
                d->w.rc = -1;
            free(range);
        }
    }
    rp_put_table(&d->w, t);

    /* Each scale's index by age group and by community, with its tests. */
    for (size_t k = 0; k < Lk->n_scales; k++) {
        const struct an_scale *S = &Lk->scales[k];
        char *title = rp_format("%s: %s", S->name, T(d, M_INDEX_BY_AGE));
        t = title ? report_table_new(title, nb) : NULL;
        free(title);
        if (t) {
            report_table_set_stub(t, "");
            for (size_t g = 0; g < nb; g++)
                report_table_set_column(t, g, r->age_bands[g]);
            report_table_add_row(t, T(d, M_MEAN));
            report_table_add_row(t, T(d, M_SD));
            report_table_add_row(t, T(d, M_N));
            for (size_t g = 0; g < nb; g++) {
                report_table_set_cell(t, 0, g, S->by_age[g].mean, REPORT_CELL_MEAN);
                report_table_set_cell(t, 1, g, S->by_age[g].sd, REPORT_CELL_MEAN);
                report_table_set_cell(t, 2, g, S->by_age[g].n, REPORT_CELL_COUNT);
            }
        }
        rp_put_table(&d->w, t);
        if (r->n_community) {
            title = rp_format("%s: %s", S->name, T(d, M_INDEX_BY_COMM));
            t = title ? report_table_new(title, 3) : NULL;
            free(title);
            if (t) {
                char a[6][REPORT_NUMBER_SIZE];
                report_table_set_stub(t, T(d, M_COMMUNITY));
                report_table_set_column(t, 0, T(d, M_N));
                report_table_set_column(t, 1, T(d, M_MEAN));
                report_table_set_column(t, 2, T(d, M_SD));
                for (size_t q = 0; q < r->n_community; q++) {
                    report_table_add_row(t, S->by_community[q].group);
                    report_table_set_cell(t, q, 0, S->by_community[q].n, REPORT_CELL_COUNT);
                    report_table_set_cell(t, q, 1, S->by_community[q].mean, REPORT_CELL_MEAN);
                    report_table_set_cell(t, q, 2, S->by_community[q].sd, REPORT_CELL_MEAN);
                }
                char *note = rp_format(T(d, M_KW_NOTE), fmt(d, a[0], S->test_age.statistic, REPORT_CELL_STAT),
                                    fmt(d, a[1], S->test_age.df, REPORT_CELL_COUNT),
                                    p_after(d, a[2], S->test_age.p_value),
                                    fmt(d, a[3], S->test_community.statistic, REPORT_CELL_STAT),
                                    fmt(d, a[4], S->test_community.df, REPORT_CELL_COUNT),
                                    p_after(d, a[5], S->test_community.p_value));
                if (!note || report_table_set_note(t, note) < 0)
                    d->w.rc = -1;
                free(note);
            }
            rp_put_table(&d->w, t);
        }
    }
}

static void section_association(struct doc *d)
{
    const struct an_results *r = d->r;
    heading(d, M_ASSOCIATION);
    if (r->n_spearman) {
        struct report_table *t = report_table_new(T(d, M_SPEARMAN), 3);
        if (t) {
            report_table_set_stub(t, T(d, M_SCALE));
            report_table_set_column(t, 0, T(d, M_N));
            report_table_set_column(t, 1, T(d, M_RHO));
            report_table_set_column(t, 2, T(d, M_P));
            for (size_t k = 0; k < r->n_spearman; k++) {
                report_table_add_row(t, r->spearman[k].scale);
                report_table_set_cell(t, k, 0, r->spearman[k].n, REPORT_CELL_COUNT);
                report_table_set_cell(t, k, 1, r->spearman[k].rho, REPORT_CELL_STAT);
                report_table_set_cell(t, k, 2, r->spearman[k].p_value, REPORT_CELL_PVALUE);
            }
        }
        rp_put_table(&d->w, t);
    }
    if (!r->logit_fitted)
        return;
    if (!r->logit_converged) {
        sentence(d, T(d, r->logit_n <= (double)r->n_terms ? M_LOGIT_TOO_FEW : M_LOGIT_FAILED));
        return;
    }
    struct report_table *t = report_table_new(T(d, M_LOGIT), 6);
    if (t) {
        report_table_set_stub(t, T(d, M_TERM));
        report_table_set_column(t, 0, L(d, "系数", "Coef."));
        report_table_set_column(t, 1, L(d, "标准误", "SE"));
        report_table_set_column(t, 2, T(d, M_OR));
        report_table_set_column(t, 3, T(d, M_OR_LOW));
        report_table_set_column(t, 4, T(d, M_OR_HIGH));
        report_table_set_column(t, 5, T(d, M_P));
        for (size_t k = 0; k < r->n_terms; k++) {
            const struct an_term *x = &r->terms[k];
            report_table_add_row(t, x->term);
            report_table_set_cell(t, k, 0, x->coef, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 1, x->se, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 2, x->odds_ratio, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 3, x->or_ci_low, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 4, x->or_ci_high, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 5, x->p_value, REPORT_CELL_PVALUE);
        }
        char n[REPORT_NUMBER_SIZE];
        char *note = rp_format(T(d, M_LOGIT_NOTE), fmt(d, n, r->logit_n, REPORT_CELL_COUNT));
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);
}

static void section_methods(struct doc *d)
{
    const struct an_results *r = d->r;
    heading(d, M_METHODS);
    const char *items[7];
    size_t n = 0;
    const char *const *m = d->lang == REPORT_LANG_ZH ? methods_zh : methods_en;
    for (size_t i = 0; i < sizeof methods_en / sizeof methods_en[0]; i++)
        items[n++] = m[i];
    char a[3][REPORT_NUMBER_SIZE];
    char *w = NULL;
    if (r->weighting == AN_WEIGHT_NONE)
        w = rp_format("%s", T(d, M_WEIGHTS_NONE));
    else if (r->weighting == AN_WEIGHT_COLUMN)
        w = rp_format(T(d, M_WEIGHTS_COLUMN), fmt(d, a[0], r->effective_n, REPORT_CELL_MEAN),
                   fmt(d, a[1], r->design_effect, REPORT_CELL_STAT));
    else
        w = rp_format(T(d, M_WEIGHTS_RAKING), fmt(d, a[2], r->rake_iterations, REPORT_CELL_COUNT),
                   fmt(d, a[0], r->effective_n, REPORT_CELL_MEAN),
                   fmt(d, a[1], r->design_effect, REPORT_CELL_STAT));
    if (!w) {
        d->w.rc = -1;
        return;
    }
    items[n++] = w;
    rp_sentences(&d->w, items, n);
    free(w);
}

/* The report of R in LANG as a document; NULL when out of memory.  O is
   what sentences are formatted for. */
static struct report_doc *build(const struct an_results *r, enum report_lang lang,
                                const struct report_options *o)
{
    struct report_doc *doc = report_doc_new(T(&(struct doc){.lang = lang}, M_TITLE),
                                            lang == REPORT_LANG_ZH ? "zh" : "en");
    if (!doc)
        return NULL;
    struct doc d = {r, lang, {o, doc, NULL, 0}};
    static const struct {
        void (*fn)(struct doc *);
        const char *name;
    } sections[] = {
        {section_findings, "findings"},   {section_data, "data"},
        {section_profile, "profile"},     {section_participation, "participation"},
        {NULL, "satisfaction"},           {NULL, "trust"},
        {section_association, "association"}, {section_methods, "methods"},
    };
    for (size_t i = 0; i < sizeof sections / sizeof sections[0] && d.w.rc == 0; i++) {
        d.w.key = sections[i].name;
        if (sections[i].fn)
            sections[i].fn(&d);
        else if (!strcmp(sections[i].name, "satisfaction"))
            section_likert(&d, M_SATISFACTION, &r->satisfaction);
        else
            section_likert(&d, M_TRUST, &r->trust);
    }
    if (d.w.rc < 0) {
        report_doc_free(doc);
        return NULL;
    }
    return doc;
}

int report_document_render(const struct an_results *r, enum report_lang lang,
                           const struct report_options *o, FILE *out)
{
    struct report_doc *doc = build(r, lang, o);
    int rc = report_doc_render(doc, o, out);
    report_doc_free(doc);
    return rc;
}
