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
    M_ITEM_STATS, M_SCALE_MEAN_DEL, M_SCALE_VAR_DEL, M_ITEM_TOTAL, M_ALPHA_DEL,
    M_ITEM_STATS_NOTE, M_VALIDITY, M_ALL_ITEMS, M_KMO, M_KMO_READING, M_BARTLETT,
    M_DF, M_FACTORS, M_CUM_PCT, M_VAR_EXPLAINED, M_VALIDITY_NOTE, M_VARIANCE, M_COMPONENT,
    M_EIGENVALUE, M_PCT_VAR, M_ROT_SS, M_ROT_PCT, M_ROT_CUM, M_EXT_SS, M_EXT_PCT, M_EXT_CUM, M_VARIANCE_NOTE,
    M_VARIANCE_NOTE_FIXED, M_LOADINGS_ROT, M_LOADINGS_ONE, M_FACTOR_N, M_LOADINGS_NOTE,
    M_LOADINGS_ONE_NOTE, M_VAL_TOO_FEW, M_VAL_CONSTANT, M_VAL_SINGULAR, M_VAL_FAILED,
    M_SET_SATISFACTION, M_SET_TRUST, M_FIND_CROSS, M_FIND_VALID_ONE, M_FIND_VALID_MANY,
    M_FIND_UNSUITED,
    M_KMO_MARVELLOUS, M_KMO_MERITORIOUS, M_KMO_MIDDLING, M_KMO_MEDIOCRE, M_KMO_MISERABLE,
    M_KMO_UNACCEPTABLE,
    M_TITLE, M_BLANK, M_BLANK_NOTE, M_OTHER_SCALES,
    M_QUESTIONS, M_CATEGORY, M_FREQ_TITLE, M_CROSS_TITLE, M_CHISQ_NOTE, M_SMALL_EXPECTED,
    M_FROM_DATA, M_DESC_TITLE, M_MEDIAN, M_Q1, M_Q3, M_MIN, M_MAX, M_COMP_TITLE, M_T_NOTE,
    M_F_NOTE, M_ALL_SHOWN,
    M_COUNT
};

static const struct { const char *en, *zh; } msgs[M_COUNT] = {
    [M_TITLE] = {"Resident participation survey report", "社区居民参与调查报告"},
    [M_QUESTIONS] = {"Questions", "各题分析"},
    [M_CATEGORY] = {"Answer", "选项"},
    [M_FREQ_TITLE] = {"%s: answers (95%% CI)", "%s：各选项频数（95%%置信区间）"},
    [M_CROSS_TITLE] = {"%s by %s (%% of each group)", "%s × %s（各组内百分比）"},
    [M_CHISQ_NOTE] = {"Chi-square(%s) = %s, p %s, Cramér's V = %s.",
                      "卡方检验：χ²(%s) = %s，p %s，Cramér's V = %s。"},
    [M_SMALL_EXPECTED] = {" %s of %s cells have an expected count below 5: read the test with "
                          "caution.",
                          "有%s个单元格（共%s个）期望频数小于5，检验结果需谨慎解读。"},
    [M_FROM_DATA] = {"The codebook lists no answers for this question: they are those found in "
                     "the data.",
                     "编码表未列出本题选项：选项取自数据中出现的回答。"},
    [M_DESC_TITLE] = {"%s: descriptive statistics", "%s：描述统计"},
    [M_MEDIAN] = {"Median", "中位数"},
    [M_Q1] = {"Q1", "下四分位数"},
    [M_Q3] = {"Q3", "上四分位数"},
    [M_MIN] = {"Min", "最小值"},
    [M_MAX] = {"Max", "最大值"},
    [M_COMP_TITLE] = {"%s by %s", "%s × %s"},
    [M_T_NOTE] = {"Student's t(%s) = %s, p %s; Welch's t(%s) = %s, p %s. ",
                  "独立样本t检验：t(%s) = %s，p %s；Welch t(%s) = %s，p %s。"},
    [M_F_NOTE] = {"ANOVA F(%s, %s) = %s, p %s, η² = %s; Welch's F(%s, %s) = %s, p %s; Levene's "
                  "F(%s, %s) = %s, p %s; Kruskal–Wallis H(%s) = %s, p %s.",
                  "方差分析：F(%s, %s) = %s，p %s，η² = %s；Welch F(%s, %s) = %s，p %s；"
                  "Levene方差齐性检验：F(%s, %s) = %s，p %s；Kruskal–Wallis H(%s) = %s，p %s。"},
    [M_ALL_SHOWN] = {"Unweighted. Respondents who did not answer, or in no group, are left out.",
                     "未加权。未作答或不属于任何分组的受访者不计入。"},
    [M_FINDINGS] = {"Findings", "主要发现"},
    [M_DATA] = {"Data", "数据"},
    [M_PROFILE] = {"Sample profile", "样本概况"},
    [M_PARTICIPATION] = {"Participation", "社区参与"},
    [M_SATISFACTION] = {"Satisfaction", "满意度"},
    [M_TRUST] = {"Trust", "信任"},
    [M_OTHER_SCALES] = {"Other scales", "其他量表"},
    [M_ASSOCIATION] = {"Association", "关联分析"},
    [M_METHODS] = {"Methods", "方法说明"},
    [M_FILES] = {"Input files", "输入文件"},
    [M_FILE] = {"File", "文件"},
    [M_ENCODING] = {"Encoding", "编码"},
    [M_READ] = {"Read", "读取"},
    [M_LOADED] = {"Loaded", "载入"},
    [M_EXCLUDED] = {"Excluded", "排除"},
    [M_BLANK] = {"Blank", "空白"},
    [M_BLANK_NOTE] = {"Blank records (every field empty) are neither respondents nor errors: "
                      "read = loaded + excluded + blank.",
                      "空白记录（所有字段为空）既不计为受访者也不算错误：读取 = 载入 + 排除 + 空白。"},
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
    [M_ITEM_STATS] = {"Item-total statistics", "项总计统计"},
    [M_SCALE_MEAN_DEL] = {"Mean if deleted", "删除该项后均值"},
    [M_SCALE_VAR_DEL] = {"Variance if deleted", "删除该项后方差"},
    [M_ITEM_TOTAL] = {"Item-total r", "校正项总计相关"},
    [M_ALPHA_DEL] = {"α if deleted", "删除该项后α"},
    [M_ITEM_STATS_NOTE] = {"SPSS's item-total statistics: the mean and variance of the scale "
                           "(the sum of its items) without the item, the item's correlation "
                           "with the sum of the other items (corrected item-total correlation) "
                           "and Cronbach's α of the other items. Each scale on its respondents "
                           "who answered all of its items (n as in the table above).",
                           "即SPSS的“项总计统计”：删除该项后量表（各题得分之和）的均值与方差、该题与"
                           "其余各题之和的相关（校正的项总计相关性）以及其余各题的Cronbach's α。各量表"
                           "均基于回答了其全部题项的受访者（人数同上表）。"},
    [M_VALIDITY] = {"Validity: KMO and Bartlett's test of sphericity",
                    "效度：KMO和Bartlett球形检验"},
    [M_ALL_ITEMS] = {"All items", "全部题项"},
    [M_KMO] = {"KMO", "KMO"},
    [M_KMO_READING] = {"KMO reading", "KMO评价"},
    [M_BARTLETT] = {"Bartlett χ²", "Bartlett χ²"},
    [M_DF] = {"df", "自由度"},
    [M_FACTORS] = {"Factors", "因子数"},
    [M_CUM_PCT] = {"Cumulative %", "累计贡献率"},
    [M_VAR_EXPLAINED] = {"Variance explained", "解释率"},
    [M_VALIDITY_NOTE] = {"KMO read as Kaiser (1974) does: 0.9 or more marvellous, 0.8–0.9 "
                         "meritorious (good), 0.7–0.8 middling, 0.6–0.7 mediocre, 0.5–0.6 "
                         "miserable, below 0.5 unacceptable (unsuitable for a factor analysis). "
                         "Bartlett's test with p < 0.05: the items are correlated enough to be "
                         "factored. Variance explained: the share of the items' variance that "
                         "the factors kept explain together. Each row on its respondents who "
                         "answered all of its items; unweighted.",
                         "KMO按Kaiser（1974）的标准解读：0.9及以上为极好，0.8–0.9为良好，0.7–0.8为"
                         "中等，0.6–0.7为一般，0.5–0.6为较差，低于0.5为不可接受（不适合做因子分析）。"
                         "Bartlett球形检验p < 0.05表示题项间相关足以做因子分析。解释率为所保留的因子"
                         "共同解释的方差比例。每行均基于回答了其全部题项的受访者；未加权。"},
    [M_VARIANCE] = {"Total variance explained", "总方差解释"},
    [M_COMPONENT] = {"Component", "成分"},
    [M_EIGENVALUE] = {"Eigenvalue", "特征值"},
    [M_PCT_VAR] = {"% of variance", "方差贡献率"},
    [M_ROT_SS] = {"Rotated SS loadings", "旋转后载荷平方和"},
    [M_ROT_PCT] = {"Rotated % of variance", "旋转后方差贡献率"},
    [M_ROT_CUM] = {"Rotated cumulative %", "旋转后累计贡献率"},
    [M_EXT_SS] = {"Extracted SS loadings", "提取载荷平方和"},
    [M_EXT_PCT] = {"Extracted % of variance", "提取的方差贡献率"},
    [M_EXT_CUM] = {"Extracted cumulative %", "提取的累计贡献率"},
    [M_VARIANCE_NOTE] = {"Principal components of the correlation matrix of all %1$s items, "
                         "on the %2$s respondents who answered every one; factors kept: %3$s, "
                         "those with eigenvalue above 1.",
                         "对全部%1$s个题项的相关矩阵做主成分分析，基于全部作答的%2$s名受访者；"
                         "保留特征值大于1的%3$s个因子。"},
    [M_VARIANCE_NOTE_FIXED] = {"Principal components of the correlation matrix of all %1$s "
                               "items, on the %2$s respondents who answered every one; factors "
                               "kept: %3$s, as --factors asks.",
                               "对全部%1$s个题项的相关矩阵做主成分分析，基于全部作答的%2$s名受访者；"
                               "按--factors保留%3$s个因子。"},
    [M_LOADINGS_ROT] = {"Rotated component matrix (varimax)", "旋转后的成分矩阵（最大方差法）"},
    [M_LOADINGS_ONE] = {"Component matrix", "成分矩阵"},
    [M_FACTOR_N] = {"Factor %zu", "因子%zu"},
    [M_LOADINGS_NOTE] = {"Principal components, varimax rotation with Kaiser normalisation. "
                         "Loadings below 0.4 in absolute value are left blank; each item is "
                         "listed under the factor it loads on most.",
                         "主成分法提取，最大方差法（Kaiser标准化）旋转。绝对值小于0.4的载荷不显示；"
                         "各题项列在其载荷最高的因子之下。"},
    [M_LOADINGS_ONE_NOTE] = {"Principal components; a single factor, so nothing is rotated. "
                             "Loadings below 0.4 in absolute value are left blank; items by "
                             "loading, highest first.",
                             "主成分法提取；只有一个因子，不做旋转。绝对值小于0.4的载荷不显示；"
                             "题项按载荷从高到低排列。"},
    [M_VAL_TOO_FEW] = {"%1$s: no factor analysis, since only %2$s respondents answered all %3$s "
                       "items; it needs more respondents than items.",
                       "%1$s无法做因子分析：全部%3$s个题项均作答的只有%2$s人，受访者须多于题项数。"},
    [M_VAL_CONSTANT] = {"%1$s: no factor analysis, since every respondent gave “%2$s” the same "
                        "answer: an item that does not vary correlates with nothing.",
                        "%1$s无法做因子分析：所有受访者对“%2$s”的回答相同，不变的题项与其他题项"
                        "无相关可言。"},
    [M_VAL_SINGULAR] = {"%1$s: no factor analysis, since “%2$s” is (almost) a linear combination "
                        "of the items before it, a copy of another item for instance: the "
                        "correlation matrix is singular. Drop or correct that item.",
                        "%1$s无法做因子分析：“%2$s”（几乎）是前面题项的线性组合（例如与另一题重复），"
                        "相关矩阵奇异。请删除或更正该题项。"},
    [M_VAL_FAILED] = {"%1$s: no factor analysis, since the eigenvalues could not be computed.",
                      "%1$s无法做因子分析：特征值计算未收敛。"},
    [M_SET_SATISFACTION] = {"the satisfaction items", "满意度题项"},
    [M_SET_TRUST] = {"the trust items", "信任题项"},
    [M_FIND_CROSS] = {"In the factor analysis of %1$s, “%2$s” (scale “%3$s”) loads more on the "
                      "factor of “%4$s” (%5$s) than on that of its own scale (%6$s): it may "
                      "measure the other scale's construct.",
                      "%1$s的因子分析中，“%2$s”（属“%3$s”量表）在“%4$s”量表的因子上的载荷（%5$s）"
                      "高于在本量表因子上的载荷（%6$s），可能更多地测量了另一量表的内容。"},
    [M_FIND_VALID_ONE] = {"The factor analysis of %1$s (KMO = %2$s, %3$s; Bartlett's test %4$s) "
                          "finds %5$s factor, explaining %6$s of their variance.",
                          "%1$s的因子分析（KMO = %2$s，%3$s；Bartlett球形检验%4$s）提取%5$s个因子，"
                          "解释%6$s的方差。"},
    [M_FIND_VALID_MANY] = {"The factor analysis of %1$s (KMO = %2$s, %3$s; Bartlett's test %4$s) "
                           "finds %5$s factors, explaining %6$s of their variance together.",
                           "%1$s的因子分析（KMO = %2$s，%3$s；Bartlett球形检验%4$s）提取%5$s个因子，"
                           "累计解释%6$s的方差。"},
    [M_FIND_UNSUITED] = {"By KMO (%2$s, %3$s) and Bartlett's test (%4$s), %1$s are not suited to "
                         "a factor analysis.",
                         "从KMO（%2$s，%3$s）和Bartlett球形检验（%4$s）看，%1$s不适合做因子分析。"},
    [M_KMO_MARVELLOUS] = {"marvellous", "极好"},
    [M_KMO_MERITORIOUS] = {"meritorious", "良好"},
    [M_KMO_MIDDLING] = {"middling", "中等"},
    [M_KMO_MEDIOCRE] = {"mediocre", "一般"},
    [M_KMO_MISERABLE] = {"miserable", "较差"},
    [M_KMO_UNACCEPTABLE] = {"unacceptable", "不可接受"},
};

/* Kaiser's (1974) reading of a KMO: the first row whose bound it reaches. */
static const struct {
    double min;
    enum msg m;
} kmo_reading[] = {
    {0.9, M_KMO_MARVELLOUS}, {0.8, M_KMO_MERITORIOUS}, {0.7, M_KMO_MIDDLING},
    {0.6, M_KMO_MEDIOCRE},   {0.5, M_KMO_MISERABLE},   {-INFINITY, M_KMO_UNACCEPTABLE},
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
    "Item statistics are SPSS's item-total statistics. Validity, for all items of a section "
    "and for each scale of three or more items: the Kaiser–Meyer–Olkin measure (KMO), "
    "Bartlett's test of sphericity, and principal components of the items' correlation matrix "
    "keeping the factors of eigenvalue above 1 (or --factors N for a section's items), "
    "varimax-rotated as R's stats::varimax does. Both use the respondents who answered every "
    "item concerned.",
    "Groups are compared with the Kruskal–Wallis test (tie-corrected); indices and "
    "participation intensity with Spearman's rho; taking part is modelled by logistic "
    "regression.",
    "With weights, rates, shares and means are weighted and their intervals use Kish's "
    "effective n; n is always the unweighted count; tests, alpha, item statistics, validity, "
    "correlations and the logistic model are unweighted.",
};
static const char *const methods_zh[] = {
    "参与者指至少参加过一项活动的受访者；活动题全部缺失者不计入参与指标。参与强度为参加活动的项数。",
    "参与率给出95% Wilson置信区间。年龄组差异采用不加连续性校正的Pearson卡方检验，并报告Cramér's "
    "V、调整标准化残差和线性趋势检验。",
    "李克特题报告均值、标准差、95% t置信区间和前两级占比。量表指数为受访者各题得分均值换算到0–100，"
    "仅计入全部题目作答者；反向题先反向计分。信度为Cronbach's alpha。",
    "题项统计即SPSS的“项总计统计”。效度针对每部分的全部题项及每个含3个及以上题项的量表："
    "KMO抽样适合性检验、Bartlett球形检验，以及对题项相关矩阵做主成分分析，保留特征值大于1的因子"
    "（各部分全部题项可用--factors N指定因子数），按R的stats::varimax做最大方差旋转。二者均基于"
    "相关题项全部作答的受访者。",
    "组间比较采用Kruskal–Wallis检验（含结校正）；指数与参与强度采用Spearman相关；是否参与采用logistic"
    "回归。",
    "加权时，比例、占比和均值为加权估计，置信区间用Kish有效样本量；n始终为未加权人数；检验、alpha、"
    "题项统计、效度、相关和logistic回归不加权。",
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

static const char *msg_in(enum report_lang lang, enum msg m)
{
    return lang == REPORT_LANG_ZH ? msgs[m].zh : msgs[m].en;
}

static const char *T(const struct doc *d, enum msg m)
{
    return msg_in(d->lang, m);
}

/* A label of the data in the report's language: the English one when the
   codebook gives one, else the label as written. */
static const char *LB(const struct doc *d, const char *zh, const char *en)
{
    return d->lang == REPORT_LANG_ZH || !en || !*en ? zh : en;
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
                r->age_bands[g], zh || !row[best].label_en ? row[best].label : row[best].label_en, a);
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
                                  sc->label_zh, sc->test_community.statistic, p)
                      : rp_format("The index “%s” differs between communities (Kruskal–Wallis "
                                  "H = %.1f, %s).",
                                  sc->label_en, sc->test_community.statistic, p);
        return zh ? rp_format("“%s”指数在社区间差异不显著（%s）。", sc->label_zh, p)
                  : rp_format("The index “%s” does not differ significantly between "
                              "communities (%s).",
                              sc->label_en, p);
    }
    case AN_FINDING_TRUST: {
        const struct an_scale *Lo = &r->trust.scales[f->a], *H = &r->trust.scales[f->b];
        report_number_format(a, sizeof a, Lo->index.mean, REPORT_CELL_MEAN, 1);
        report_number_format(b, sizeof b, H->index.mean, REPORT_CELL_MEAN, 1);
        return zh ? rp_format("信任指数（0–100）：“%s”为%s，低于“%s”的%s。", Lo->label_zh, a,
                              H->label_zh, b)
                  : rp_format("On the 0–100 trust indices, “%s” (%s) is lower than “%s” (%s).",
                              Lo->label_en, a, H->label_en, b);
    }
    case AN_FINDING_VALIDITY: {
        const struct an_likert *Lk = f->a ? &r->trust : &r->satisfaction;
        const struct an_validity *V = Lk->validity;
        enum report_lang lang = zh ? REPORT_LANG_ZH : REPORT_LANG_EN;
        const char *words = NULL;
        for (size_t w = 0; !isnan(V->kmo) && !words; w++)
            if (V->kmo >= kmo_reading[w].min)
                words = msg_in(lang, kmo_reading[w].m);
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
        enum report_lang lang = zh ? REPORT_LANG_ZH : REPORT_LANG_EN;
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
                              t->term_zh, a, b, c, p)
                  : rp_format("The strongest predictor of taking part is %s (odds ratio "
                              "%s, 95%% CI %s–%s, %s).",
                              t->term_en, a, b, c, p);
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
    /* Blank records and a file's format get columns only when some file has
       them: most surveys are CSV files without empty rows. */
    int blank = s->blank > 0, format = 0;
    for (size_t i = 0; i < s->n_files; i++)
        format |= strcmp(s->files[i].format, "csv") != 0;
    struct report_table *t = report_table_new(T(d, M_FILES), 4 + (size_t)blank);
    if (t) {
        report_table_set_stub(t, T(d, M_FILE));
        enum msg cols[] = {M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_BLANK};
        for (size_t c = 0; c < 4 + (size_t)blank; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t i = 0; i < s->n_files; i++) {
            const struct an_file *f = &s->files[i];
            report_table_add_row(t, format ? f->where : f->name);
            char enc[48];
            snprintf(enc, sizeof enc, "%s%.20s%s", format ? f->format : "",
                     format ? ", " : "", f->encoding);
            if (f->bom)
                strcat(enc, " (BOM)");
            report_table_set_text(t, i, 0, enc);
            report_table_set_cell(t, i, 1, (double)f->rows_read, REPORT_CELL_COUNT);
            report_table_set_cell(t, i, 2, (double)f->rows_loaded, REPORT_CELL_COUNT);
            report_table_set_cell(t, i, 3, (double)f->rows_excluded, REPORT_CELL_COUNT);
            if (blank)
                report_table_set_cell(t, i, 4, (double)f->blank, REPORT_CELL_COUNT);
        }
        if (blank)
            report_table_set_note(t, T(d, M_BLANK_NOTE));
    }
    rp_put_table(&d->w, t);
    if (s->rows_excluded) {
        long count[N_REASONS] = {0};
        for (size_t i = 0; i < s->n_problems; i++)
            for (size_t k = 0; k < N_REASONS; k++)
                if (!strcmp(s->problems[i].reason, reason_text[k].key))
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
        report_table_add_row(t, LB(d, sh[i].label, sh[i].label_en));
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

/* ## Questions: every single-choice and numeric question */

static const char *by_label(const struct doc *d, const struct an_qby *by)
{
    return LB(d, by->label_zh, by->label_en);
}

static const char *group_label(const struct doc *d, const struct an_qby *by, size_t g)
{
    return LB(d, by->groups[g], by->groups_en[g]);
}

static void single_tables(struct doc *d, const struct an_question *q, const char *qlabel)
{
    char *title = rp_format(T(d, M_FREQ_TITLE), qlabel);
    struct report_table *t = title ? report_table_new(title, 4) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    report_table_set_stub(t, T(d, M_CATEGORY));
    enum msg cols[] = {M_N, M_SHARE, M_CI_LOW, M_CI_HIGH};
    for (size_t c = 0; c < 4; c++)
        report_table_set_column(t, c, T(d, cols[c]));
    for (size_t k = 0; k < q->n_cat; k++) {
        report_table_add_row(t, LB(d, q->cat[k].label, q->cat[k].label_en));
        report_table_set_cell(t, k, 0, q->cat[k].n, REPORT_CELL_COUNT);
        report_table_set_cell(t, k, 1, q->cat[k].share, REPORT_CELL_PERCENT);
        report_table_set_cell(t, k, 2, q->ci_low[k], REPORT_CELL_PERCENT);
        report_table_set_cell(t, k, 3, q->ci_high[k], REPORT_CELL_PERCENT);
    }
    report_table_add_row(t, T(d, M_OVERALL));
    report_table_set_cell(t, q->n_cat, 0, q->n, REPORT_CELL_COUNT);
    if (q->from_data && report_table_set_note(t, T(d, M_FROM_DATA)) < 0)
        d->w.rc = -1;
    rp_put_table(&d->w, t);
    for (size_t y = 0; y < q->n_by && d->w.rc == 0; y++) {
        const struct an_qby *by = &q->by[y];
        size_t ng = by->n_groups, nc = q->n_cat;
        title = rp_format(T(d, M_CROSS_TITLE), qlabel, by_label(d, by));
        t = title ? report_table_new(title, ng) : NULL;
        free(title);
        if (!t) {
            d->w.rc = -1;
            return;
        }
        report_table_set_stub(t, T(d, M_CATEGORY));
        for (size_t g = 0; g < ng; g++)
            report_table_set_column(t, g, group_label(d, by, g));
        for (size_t c = 0; c < nc; c++) {
            report_table_add_row(t, LB(d, q->cat[c].label, q->cat[c].label_en));
            for (size_t g = 0; g < ng; g++)
                if (by->group_n[g] > 0)
                    report_table_set_cell(t, c, g, by->counts[g * nc + c] / by->group_n[g],
                                          REPORT_CELL_PERCENT);
        }
        report_table_add_row(t, T(d, M_N));
        for (size_t g = 0; g < ng; g++)
            report_table_set_cell(t, nc, g, by->group_n[g], REPORT_CELL_COUNT);
        char a[6][REPORT_NUMBER_SIZE];
        char *note = rp_format(T(d, M_CHISQ_NOTE), fmt(d, a[0], by->chisq.df, REPORT_CELL_COUNT),
                               fmt(d, a[1], by->chisq.statistic, REPORT_CELL_STAT),
                               p_after(d, a[2], by->chisq.p_value),
                               fmt(d, a[3], by->chisq.cramers_v, REPORT_CELL_STAT));
        if (note && by->chisq.small_expected) {
            char *more = rp_format(T(d, M_SMALL_EXPECTED),
                                   fmt(d, a[4], (double)by->chisq.small_expected,
                                       REPORT_CELL_COUNT),
                                   fmt(d, a[5], (double)(by->chisq.rows * by->chisq.cols),
                                       REPORT_CELL_COUNT));
            char *both = more ? rp_format("%s%s", note, more) : NULL;
            free(more);
            free(note);
            note = both;
        }
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
        rp_put_table(&d->w, t);
    }
}

static void numeric_tables(struct doc *d, const struct an_question *q, const char *qlabel)
{
    char *title = rp_format(T(d, M_DESC_TITLE), qlabel);
    struct report_table *t = title ? report_table_new(title, 8) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    enum msg cols[] = {M_N, M_MEAN, M_SD, M_MIN, M_Q1, M_MEDIAN, M_Q3, M_MAX};
    double v[] = {q->n, q->mean, q->sd, q->quart.min, q->quart.q1, q->quart.median,
                  q->quart.q3, q->quart.max};
    for (size_t c = 0; c < 8; c++)
        report_table_set_column(t, c, T(d, cols[c]));
    report_table_add_row(t, qlabel);
    for (size_t c = 0; c < 8; c++)
        report_table_set_cell(t, 0, c, v[c], c ? REPORT_CELL_MEAN : REPORT_CELL_COUNT);
    rp_put_table(&d->w, t);
    for (size_t y = 0; y < q->n_by && d->w.rc == 0; y++) {
        const struct an_qby *by = &q->by[y];
        title = rp_format(T(d, M_COMP_TITLE), qlabel, by_label(d, by));
        t = title ? report_table_new(title, 3) : NULL;
        free(title);
        if (!t) {
            d->w.rc = -1;
            return;
        }
        report_table_set_stub(t, by_label(d, by));
        report_table_set_column(t, 0, T(d, M_N));
        report_table_set_column(t, 1, T(d, M_MEAN));
        report_table_set_column(t, 2, T(d, M_SD));
        for (size_t g = 0; g < by->n_groups; g++) {
            report_table_add_row(t, group_label(d, by, g));
            report_table_set_cell(t, g, 0, by->means[g].n, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 1, by->means[g].mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, g, 2, by->means[g].sd, REPORT_CELL_MEAN);
        }
        const struct stats_comparison *c = &by->comparison;
        char a[19][REPORT_NUMBER_SIZE], k[3][REPORT_NUMBER_SIZE];
        char *tn = NULL;
        if (isfinite(c->student.statistic))
            tn = rp_format(T(d, M_T_NOTE), fmt(d, a[0], c->student.df, REPORT_CELL_STAT),
                           fmt(d, a[1], c->student.statistic, REPORT_CELL_STAT),
                           p_after(d, a[2], c->student.p_value),
                           fmt(d, a[3], c->welch.df, REPORT_CELL_STAT),
                           fmt(d, a[4], c->welch.statistic, REPORT_CELL_STAT),
                           p_after(d, a[5], c->welch.p_value));
        char *fn = rp_format(
            T(d, M_F_NOTE), fmt(d, a[6], c->anova.df1, REPORT_CELL_COUNT),
            fmt(d, a[7], c->anova.df2, REPORT_CELL_COUNT),
            fmt(d, a[8], c->anova.statistic, REPORT_CELL_STAT), p_after(d, a[9], c->anova.p_value),
            fmt(d, a[10], c->anova.eta_squared, REPORT_CELL_STAT),
            fmt(d, a[11], c->welch_anova.df1, REPORT_CELL_COUNT),
            fmt(d, a[12], c->welch_anova.df2, REPORT_CELL_STAT),
            fmt(d, a[13], c->welch_anova.statistic, REPORT_CELL_STAT),
            p_after(d, a[14], c->welch_anova.p_value),
            fmt(d, a[15], c->levene.df1, REPORT_CELL_COUNT),
            fmt(d, a[16], c->levene.df2, REPORT_CELL_COUNT),
            fmt(d, a[17], c->levene.statistic, REPORT_CELL_STAT),
            p_after(d, a[18], c->levene.p_value), fmt(d, k[0], c->kruskal_wallis.df, REPORT_CELL_COUNT),
            fmt(d, k[1], c->kruskal_wallis.statistic, REPORT_CELL_STAT),
            p_after(d, k[2], c->kruskal_wallis.p_value));
        char *note = fn ? rp_format("%s%s", tn ? tn : "", fn) : NULL;
        free(tn);
        free(fn);
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
        rp_put_table(&d->w, t);
    }
}

static void section_questions(struct doc *d)
{
    const struct an_results *r = d->r;
    if (!r->n_questions)
        return;
    heading(d, M_QUESTIONS);
    sentence(d, T(d, M_ALL_SHOWN));
    for (size_t i = 0; i < r->n_questions && d->w.rc == 0; i++) {
        const struct an_question *q = &r->questions[i];
        const char *qlabel = LB(d, q->label_zh, q->label_en);
        if (q->type == AN_Q_SINGLE)
            single_tables(d, q, qlabel);
        else
            numeric_tables(d, q, qlabel);
    }
}

static struct report_bars *rate_bars(const struct doc *d, enum msg title, const struct an_rate *rates,
                                     size_t n)
{
    struct report_bars *b = report_bars_new(T(d, title), REPORT_CELL_PERCENT);
    if (!b)
        return NULL;
    b->max = 1;
    for (size_t i = 0; i < n; i++)
        if (report_bars_add(b, LB(d, rates[i].group, rates[i].group_en), rates[i].rate,
                            rates[i].ci_low, rates[i].ci_high,
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
                report_table_add_row(t, LB(d, B->cat[k].label, B->cat[k].label_en));
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
static const char *level_label(const struct doc *d, const struct an_item *it, int code, char *buf,
                               size_t size)
{
    const char *lab = it->levels ? LB(d, it->levels[code - it->min],
                                      it->levels_en ? it->levels_en[code - it->min] : NULL)
                                 : NULL;
    if (lab)
        return lab;
    snprintf(buf, size, "%d", code);
    return buf;
}

/* ## Reliability and validity of a section's scales */

/* Kaiser's word for KMO, or NULL when there is no KMO. */
static const char *kmo_words(const struct doc *d, double kmo)
{
    if (isnan(kmo))
        return NULL;
    size_t i = 0;
    while (kmo < kmo_reading[i].min)
        i++;
    return T(d, kmo_reading[i].m);
}

/* The label of the item in column COL of LK (the column itself if none). */
static const char *item_label(const struct doc *d, const struct an_likert *Lk, const char *col)
{
    for (size_t q = 0; q < Lk->n_items; q++)
        if (!strcmp(Lk->items[q].column, col))
            return L(d, Lk->items[q].label_zh, Lk->items[q].label_en);
    return col;
}

/* SPSS's item-total statistics of every scale of 2+ items, grouped by scale
   when there are several. */
static void item_stats_table(struct doc *d, const struct an_likert *Lk)
{
    size_t any = 0;
    for (size_t k = 0; k < Lk->n_scales; k++)
        any += Lk->scales[k].scale_mean_if_deleted != NULL;
    if (!any)
        return;
    struct report_table *t = report_table_new(T(d, M_ITEM_STATS), 4);
    if (t) {
        report_table_set_stub(t, T(d, M_ITEM));
        enum msg cols[] = {M_SCALE_MEAN_DEL, M_SCALE_VAR_DEL, M_ITEM_TOTAL, M_ALPHA_DEL};
        for (size_t c = 0; c < 4; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t k = 0; k < Lk->n_scales; k++) {
            const struct an_scale *S = &Lk->scales[k];
            if (!S->scale_mean_if_deleted)
                continue;
            if (Lk->n_scales > 1)
                report_table_add_group(t, LB(d, S->label_zh, S->label_en));
            for (size_t q = 0; q < S->k; q++) {
                const struct an_item *it = &Lk->items[S->item_index[q]];
                report_table_add_row(t, L(d, it->label_zh, it->label_en));
                size_t row = t->nrows - 1;
                report_table_set_cell(t, row, 0, S->scale_mean_if_deleted[q], REPORT_CELL_MEAN);
                report_table_set_cell(t, row, 1, S->scale_var_if_deleted[q], REPORT_CELL_MEAN);
                report_table_set_cell(t, row, 2, S->item_total[q], REPORT_CELL_STAT);
                report_table_set_cell(t, row, 3,
                                      S->alpha_if_deleted ? S->alpha_if_deleted[q] : NAN,
                                      REPORT_CELL_STAT);
            }
        }
        report_table_set_note(t, T(d, M_ITEM_STATS_NOTE));
    }
    rp_put_table(&d->w, t);
}

/* Why the validity V of NAME could not be computed, as a sentence (NULL
   when out of memory). */
static char *validity_failure(const struct doc *d, const struct an_likert *Lk, const char *name,
                              const struct an_validity *V)
{
    char a[2][REPORT_NUMBER_SIZE];
    char *msg = NULL;
    switch (V->status) {
    case AN_VALIDITY_OK: break;
    case AN_VALIDITY_TOO_FEW:
        msg = rp_format(T(d, M_VAL_TOO_FEW), name, fmt(d, a[0], V->n, REPORT_CELL_COUNT),
                        fmt(d, a[1], (double)V->k, REPORT_CELL_COUNT));
        break;
    case AN_VALIDITY_CONSTANT:
    case AN_VALIDITY_SINGULAR:
        msg = rp_format(T(d, V->status == AN_VALIDITY_CONSTANT ? M_VAL_CONSTANT : M_VAL_SINGULAR),
                        name, item_label(d, Lk, V->item));
        break;
    case AN_VALIDITY_FAILED: msg = rp_format(T(d, M_VAL_FAILED), name); break;
    }
    return msg;
}

/* Eigenvalues of every component, and the kept factors' SS loadings after
   rotation (SPSS's "Total Variance Explained"). */
static void variance_table(struct doc *d, const struct an_validity *V)
{
    int rot = V->factors >= 2;
    struct report_table *t = report_table_new(T(d, M_VARIANCE), 6);
    if (t) {
        report_table_set_stub(t, T(d, M_COMPONENT));
        enum msg cols[] = {M_EIGENVALUE, M_PCT_VAR, M_CUM_PCT, rot ? M_ROT_SS : M_EXT_SS,
                           rot ? M_ROT_PCT : M_EXT_PCT, rot ? M_ROT_CUM : M_EXT_CUM};
        for (size_t c = 0; c < 6; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t i = 0; i < V->k; i++) {
            char label[24];
            snprintf(label, sizeof label, "%zu", i + 1);
            report_table_add_row(t, label);
            report_table_set_cell(t, i, 0, V->eigenvalues[i], REPORT_CELL_STAT);
            report_table_set_cell(t, i, 1, V->eigen_pct[i] / 100, REPORT_CELL_PERCENT);
            report_table_set_cell(t, i, 2, V->eigen_cum[i] / 100, REPORT_CELL_PERCENT);
            if (i >= V->factors)
                continue;
            report_table_set_cell(t, i, 3, V->ss_loadings[i], REPORT_CELL_STAT);
            report_table_set_cell(t, i, 4, V->variance_pct[i] / 100, REPORT_CELL_PERCENT);
            report_table_set_cell(t, i, 5, V->cumulative_pct[i] / 100, REPORT_CELL_PERCENT);
        }
        char a[3][REPORT_NUMBER_SIZE];
        char *note = rp_format(T(d, V->fixed ? M_VARIANCE_NOTE_FIXED : M_VARIANCE_NOTE),
                               fmt(d, a[0], (double)V->k, REPORT_CELL_COUNT),
                               fmt(d, a[1], V->n, REPORT_CELL_COUNT),
                               fmt(d, a[2], (double)V->factors, REPORT_CELL_COUNT));
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);
}

/* The loadings of V (a section's set of LK's items), SPSS's sorted and
   suppressed display: items grouped under the factor of their largest
   |loading|, by that loading, highest first; |loading| < 0.4 blank. */
static void loadings_table(struct doc *d, const struct an_likert *Lk, const struct an_validity *V)
{
    size_t K = V->factors, k = V->k, with_scale = Lk->n_scales > 1;
    size_t *order = malloc(k * sizeof *order), *scale = calloc(k, sizeof *scale);
    struct report_table *t = order && scale ? report_table_new(T(d, K >= 2 ? M_LOADINGS_ROT
                                                                           : M_LOADINGS_ONE),
                                                               K + with_scale)
                                            : NULL;
    if (t) {
        for (size_t s = 0; s < Lk->n_scales; s++)
            for (size_t q = 0; q < Lk->scales[s].k; q++)
                scale[Lk->scales[s].item_index[q]] = s;
        /* Insertion sort: stable, so equal loadings keep codebook order. */
        for (size_t i = 0; i < k; i++) {
            size_t j = i, f = V->main_factor[i];
            double l = fabs(V->loadings[i * K + f]);
            while (j > 0) {
                size_t p = order[j - 1], g = V->main_factor[p];
                if (g < f || (g == f && fabs(V->loadings[p * K + g]) >= l))
                    break;
                order[j] = p;
                j--;
            }
            order[j] = i;
        }
        report_table_set_stub(t, T(d, M_ITEM));
        if (with_scale)
            report_table_set_column(t, 0, T(d, M_SCALE));
        for (size_t f = 0; f < K; f++) {
            char *col = rp_format(T(d, M_FACTOR_N), f + 1);
            if (!col || report_table_set_column(t, with_scale + f, col) < 0)
                d->w.rc = -1;
            free(col);
        }
        for (size_t r = 0; r < k; r++) {
            size_t i = order[r];
            report_table_add_row(t, item_label(d, Lk, V->items[i]));
            if (with_scale)
                report_table_set_text(
                    t, r, 0, LB(d, Lk->scales[scale[i]].label_zh, Lk->scales[scale[i]].label_en));
            for (size_t f = 0; f < K; f++)
                if (fabs(V->loadings[i * K + f]) >= 0.4)
                    report_table_set_cell(t, r, with_scale + f, V->loadings[i * K + f],
                                          REPORT_CELL_STAT);
        }
        report_table_set_note(t, T(d, K >= 2 ? M_LOADINGS_NOTE : M_LOADINGS_ONE_NOTE));
    } else {
        d->w.rc = -1;
    }
    free(order);
    free(scale);
    rp_put_table(&d->w, t);
}

/* The validity of LK's items together and of each scale of 3+ items: KMO
   and Bartlett for each, then the eigenvalues and loadings of the whole set.
   A scale holding every item of the section is the set itself and is shown
   once. */
static void validity_block(struct doc *d, const struct an_likert *Lk)
{
    const struct an_validity **set = malloc((1 + Lk->n_scales) * sizeof *set);
    const char **name = malloc((1 + Lk->n_scales) * sizeof *name);
    size_t n = 0, ok = 0;
    if (!set || !name) {
        free(set);
        free(name);
        d->w.rc = -1;
        return;
    }
    if (Lk->validity) {
        set[n] = Lk->validity;
        name[n++] = T(d, M_ALL_ITEMS);
    }
    for (size_t k = 0; k < Lk->n_scales; k++) {
        const struct an_scale *S = &Lk->scales[k];
        if (S->validity && S->k < Lk->n_items) {
            set[n] = S->validity;
            name[n++] = LB(d, S->label_zh, S->label_en);
        }
    }
    for (size_t i = 0; i < n; i++)
        ok += set[i]->status == AN_VALIDITY_OK;
    if (ok) {
        struct report_table *t = report_table_new(T(d, M_VALIDITY), 9);
        if (t) {
            report_table_set_stub(t, T(d, M_SCALE));
            enum msg cols[] = {M_K,  M_N, M_KMO,     M_KMO_READING,  M_BARTLETT,
                               M_DF, M_P, M_FACTORS, M_VAR_EXPLAINED};
            for (size_t c = 0; c < 9; c++)
                report_table_set_column(t, c, T(d, cols[c]));
            for (size_t i = 0; i < n; i++) {
                const struct an_validity *V = set[i];
                if (V->status != AN_VALIDITY_OK)
                    continue;
                report_table_add_row(t, name[i]);
                size_t row = t->nrows - 1;
                const char *words = kmo_words(d, V->kmo);
                report_table_set_cell(t, row, 0, (double)V->k, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 1, V->n, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 2, V->kmo, REPORT_CELL_STAT);
                if (words)
                    report_table_set_text(t, row, 3, words);
                report_table_set_cell(t, row, 4, V->bartlett.statistic, REPORT_CELL_STAT);
                report_table_set_cell(t, row, 5, V->bartlett.df, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 6, V->bartlett.p_value, REPORT_CELL_PVALUE);
                report_table_set_cell(t, row, 7, (double)V->factors, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 8, V->cumulative_pct[V->factors - 1] / 100,
                                      REPORT_CELL_PERCENT);
            }
            report_table_set_note(t, T(d, M_VALIDITY_NOTE));
        }
        rp_put_table(&d->w, t);
    }
    /* The sets that could not be analysed, in one list. */
    struct rp_list why = {0};
    for (size_t i = 0; i < n; i++)
        if (set[i]->status != AN_VALIDITY_OK)
            rp_list_add(&why, validity_failure(d, Lk, name[i], set[i]));
    if (why.oom)
        d->w.rc = -1;
    else if (why.n)
        rp_sentences(&d->w, (const char *const *)why.s, (size_t)why.n);
    rp_list_free(why.s, why.n);
    free(set);
    free(name);
    if (Lk->validity && Lk->validity->status == AN_VALIDITY_OK) {
        variance_table(d, Lk->validity);
        loadings_table(d, Lk, Lk->validity);
    }
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
        int reversed = 0, two_levels = 0;
        for (size_t k = 0; k < Lk->n_items; k++) {
            reversed |= Lk->items[k].reverse;
            two_levels |= Lk->items[k].max - Lk->items[k].min == 1;
        }
        const char *note = reversed && two_levels
                               ? L(d, "反向题已反向计分。两级题项无前两级占比（恒为100%）。",
                                   "Reverse-worded items are recoded. A 2-level item has no top-2 "
                                   "share (it would always be 100%).")
                           : reversed ? L(d, "反向题已反向计分。", "Reverse-worded items are recoded.")
                           : two_levels
                               ? L(d, "两级题项无前两级占比（恒为100%）。",
                                   "A 2-level item has no top-2 share (it would always be 100%).")
                               : NULL;
        if (note)
            report_table_set_note(t, note);
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
                lab[q] = level_label(d, first, first->min + (int)q, num[q], sizeof num[q]);
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
            report_table_add_row(t, LB(d, S->label_zh, S->label_en));
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
    /* A negative alpha is no reliability: said, not hidden. */
    for (size_t k = 0; k < Lk->n_scales; k++)
        if (Lk->scales[k].alpha < 0) {
            const struct an_scale *S = &Lk->scales[k];
            char a[REPORT_NUMBER_SIZE];
            fmt(d, a, S->alpha, REPORT_CELL_STAT);
            char *s = d->lang == REPORT_LANG_ZH
                          ? rp_format("注意：“%s”的Cronbach's α为%s，低于0：题目之间负相关，"
                                      "不构成一个量表（是否有反向题未标为 reverse？）。",
                                      S->label_zh, a)
                          : rp_format("Caution: the alpha of “%s” is %s, below 0: its items "
                                      "correlate negatively and do not form one scale (is a "
                                      "reverse-worded item not marked reverse?).",
                                      S->label_en, a);
            if (!s)
                d->w.rc = -1;
            else
                sentence(d, s);
            free(s);
        }
    item_stats_table(d, Lk);
    validity_block(d, Lk);

    /* Each scale's index by age group and by community, with its tests. */
    for (size_t k = 0; k < Lk->n_scales; k++) {
        const struct an_scale *S = &Lk->scales[k];
        char *title = rp_format("%s: %s", LB(d, S->label_zh, S->label_en), T(d, M_INDEX_BY_AGE));
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
            title = rp_format("%s: %s", LB(d, S->label_zh, S->label_en), T(d, M_INDEX_BY_COMM));
            t = title ? report_table_new(title, 3) : NULL;
            free(title);
            if (t) {
                char a[6][REPORT_NUMBER_SIZE];
                report_table_set_stub(t, T(d, M_COMMUNITY));
                report_table_set_column(t, 0, T(d, M_N));
                report_table_set_column(t, 1, T(d, M_MEAN));
                report_table_set_column(t, 2, T(d, M_SD));
                for (size_t q = 0; q < r->n_community; q++) {
                    report_table_add_row(
                        t, LB(d, S->by_community[q].group, S->by_community[q].group_en));
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
                report_table_add_row(t, LB(d, r->spearman[k].label_zh, r->spearman[k].label_en));
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
            report_table_add_row(t, d->lang == REPORT_LANG_ZH ? x->term_zh : x->term_en);
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
    const char *items[sizeof methods_en / sizeof methods_en[0] + 1];
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
        {section_profile, "profile"},     {section_questions, "questions"},
        {section_participation, "participation"},
        {NULL, "satisfaction"},           {NULL, "trust"},
        {NULL, "likert"},
        {section_association, "association"}, {section_methods, "methods"},
    };
    for (size_t i = 0; i < sizeof sections / sizeof sections[0] && d.w.rc == 0; i++) {
        d.w.key = sections[i].name;
        if (sections[i].fn)
            sections[i].fn(&d);
        else if (!strcmp(sections[i].name, "satisfaction"))
            section_likert(&d, M_SATISFACTION, &r->satisfaction);
        else if (!strcmp(sections[i].name, "trust"))
            section_likert(&d, M_TRUST, &r->trust);
        else if (r->likert.n_items) /* other scales: left out when there are none */
            section_likert(&d, M_OTHER_SCALES, &r->likert);
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
