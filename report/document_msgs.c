/* document_msgs.c — the catalogue of the report's messages: every heading,
 * column, note and sentence of the document in English and Chinese, by the
 * names of document_internal.h, and Kaiser's readings of a KMO. */
#include "report/document_internal.h"

#include <math.h>

const struct rp_msg rp_doc_msgs[M_COUNT] = {
    [M_TITLE] = {"Resident participation survey report", "社区居民参与调查报告"},
    [M_QUESTIONS] = {"Questions", "各题分析"},
    [M_CATEGORY] = {"Answer", "选项"},
    [M_FREQ_TITLE] = {"%s: answers (95%% CI)", "%s：各选项频数（95%%置信区间）"},
    [M_CROSS_TITLE] = {"%s by %s (%% of each group)", "%s × %s（各组内百分比）"},
    [M_CHISQ_NOTE] = {"Chi-square(%s) = %s, p %s, Cramér's V = %s.",
                      "卡方检验：χ²(%s) = %s，p %s，Cramér's V = %s。"},
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
    [M_PART_BY_COL] = {"Participation by %s (95%% CI)", "按%s分组的参与率（95%%置信区间）"},
    [M_T_NOTE] = {"Student's t(%s) = %s, p %s; Welch's t(%s) = %s, p %s. ",
                  "独立样本t检验：t(%s) = %s，p %s；Welch t(%s) = %s，p %s。"},
    [M_F_NOTE] = {"ANOVA F(%s, %s) = %s, p %s, η² = %s; Welch's F(%s, %s) = %s, p %s; Levene's "
                  "F(%s, %s) = %s, p %s; Kruskal–Wallis H(%s) = %s, p %s.",
                  "方差分析：F(%s, %s) = %s，p %s，η² = %s；Welch F(%s, %s) = %s，p %s；"
                  "Levene方差齐性检验：F(%s, %s) = %s，p %s；Kruskal–Wallis H(%s) = %s，p %s。"},
    [M_ALL_SHOWN] = {"Unweighted. Respondents who did not answer, or in no group, are left out.",
                     "未加权。未作答或不属于任何分组的受访者不计入。"},
    [M_Q_WEIGHTED] = {"Shares and means are weighted (see Methods) and their intervals use "
                      "Kish's effective n; n and counts are unweighted, and so are the tests. "
                      "Respondents who did not answer, or in no group, are left out.",
                      "占比和均值为加权估计（见方法说明），置信区间用Kish有效样本量；人数与频数"
                      "未加权，各项检验也未加权。未作答或不属于任何分组的受访者不计入。"},
    [M_METHODS_QUESTIONS] = {"Questions: a single-choice question's shares carry Wilson "
                             "intervals and its crosstabs Pearson's chi-square, Cramér's V and "
                             "adjusted residuals; a multiple-response question is reported as "
                             "SPSS's MULT RESPONSE does (% of responses, % of cases; its cases "
                             "answered it, or chose at least one of its option columns); a "
                             "numeric question is compared across groups by t tests, ANOVA, "
                             "Welch's ANOVA, Levene's test and Kruskal–Wallis.",
                             "各题分析：单选题占比给出Wilson置信区间，交叉表报告Pearson卡方、"
                             "Cramér's V和调整残差；多选题按SPSS多重响应分析报告响应百分比和个案"
                             "百分比（个案为作答者，选项列形式则为至少选择一项者）；数值题的组间"
                             "比较采用t检验、方差分析、Welch方差分析、Levene检验和Kruskal–Wallis检验。"},
    [M_OPTION] = {"Option", "选项"},
    [M_MULTI_TITLE] = {"%s: multiple response", "%s：多选题各选项"},
    [M_MULTI_CROSS_TITLE] = {"%s by %s (%% of each group's cases)",
                             "%s × %s（占各组个案百分比）"},
    [M_COUNT_CHOSEN] = {"Count", "频数"},
    [M_PCT_RESPONSES] = {"% of responses", "响应百分比"},
    [M_PCT_CASES] = {"% of cases", "个案百分比"},
    [M_RESPONSES_TOTAL] = {"Responses", "响应合计"},
    [M_CASES] = {"Cases", "个案数"},
    [M_MULTI_NOTE] = {"Several options may be chosen, so the %% of cases add up to more than "
                      "100%%. Cases: the %1$s respondents who answered; %2$s options chosen in "
                      "all.",
                      "多选题每人可选多项，个案百分比之和可超过100%%。个案为作答的%1$s名受访者，"
                      "共选择%2$s项。"},
    [M_MULTI_NOTE_OPTIONS] = {"Several options may be chosen, so the %% of cases add up to "
                              "more than 100%%. Cases: the %1$s respondents who chose at least "
                              "one option; %2$s options chosen in all.",
                              "多选题每人可选多项，个案百分比之和可超过100%%。个案为至少选择一项的"
                              "%1$s名受访者，共选择%2$s项。"},
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
    [M_LOGIT_NOTE] = {"n = %1$s complete cases. Reference groups: %2$s. Odds ratios of an "
                      "index are per point (0–100), of a number per unit. Unweighted.",
                      "完整个案 n = %1$s。参照组：%2$s。指数的优势比为每增加1分（0–100）、数值题为"
                      "每增加1个单位。未加权。"},
    [M_LOGIT_NOTE_NOREF] = {"n = %1$s complete cases. Odds ratios of an index are per point "
                            "(0–100), of a number per unit. Unweighted.",
                            "完整个案 n = %1$s。指数的优势比为每增加1分（0–100）、数值题为每增加1个"
                            "单位。未加权。"},
    [M_LOGIT_REF_ITEM] = {"%2$s (%1$s)", "%1$s为“%2$s”"},
    [M_LOGIT_LIST_SEP] = {"; ", "；"},
    [M_LOGIT_DROPPED] = {" Left out of the model, since it cannot be estimated: %s.",
                         "以下变量无法估计，未纳入模型：%s。"},
    [M_DROP_NO_ANSWERS] = {"%s (no respondent answered it)", "%s（无人作答）"},
    [M_DROP_ONE_LEVEL] = {"%s (one answer only among the complete cases)",
                          "%s（完整个案中只有一种回答）"},
    [M_DROP_CONSTANT] = {"%s (the same value for every complete case)",
                         "%s（完整个案的取值全部相同）"},
    [M_FIND_PRED_AGE] = {"Logistic regression: compared with residents aged %1$s, those aged %2$s "
                         "have %3$s times the odds of taking part (95%% CI %4$s–%5$s, %6$s).",
                         "logistic回归显示：与%1$s年龄组的居民相比，%2$s年龄组的居民参与的优势是其"
                         "%3$s倍（95%%置信区间%4$s–%5$s，%6$s）。"},
    [M_FIND_PRED_LEVEL] = {"Logistic regression: compared with respondents answering “%2$s” "
                           "to “%1$s”, those answering “%3$s” have %4$s times the odds of "
                           "taking part (95%% CI %5$s–%6$s, %7$s).",
                           "logistic回归显示：与%1$s为“%2$s”的受访者相比，%1$s为“%3$s”的受访者参与的"
                           "优势是其%4$s倍（95%%置信区间%5$s–%6$s，%7$s）。"},
    [M_FIND_PRED_SCALE] = {"Logistic regression: each index point more on “%1$s” (0–100) "
                           "multiplies the odds of taking part by %2$s (95%% CI %3$s–%4$s, %5$s).",
                           "logistic回归显示：“%1$s”指数（0–100）每高1分，参与的优势变为原来的%2$s倍"
                           "（95%%置信区间%3$s–%4$s，%5$s）。"},
    [M_FIND_PRED_NUMERIC] = {"Logistic regression: each unit more of “%1$s” multiplies the odds "
                             "of taking part by %2$s (95%% CI %3$s–%4$s, %5$s).",
                             "logistic回归显示：“%1$s”每增加1个单位，参与的优势变为原来的%2$s倍"
                             "（95%%置信区间%3$s–%4$s，%5$s）。"},
    [M_FIND_PRED_NONE] = {"No term of the logistic model is significant (p ≥ 0.05).",
                          "logistic回归中没有显著的预测变量（p ≥ 0.05）。"},
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
    [M_LIST_SEP] = {", ", "、"},
    [M_SENTENCE_SEP] = {" ", ""},
    [M_REVERSE_NOTE] = {"Reverse-worded: %s, shown as answered; the scale indices, α, the item "
                        "statistics and the validity use the recoded score (min + max − answer).",
                        "反向题：%s，按原始回答列示；量表指数、α系数、项总计统计和效度分析使用反向计分"
                        "（最小值 + 最大值 − 回答）。"},
    [M_TWO_LEVEL_NOTE] = {"A 2-level item has no top-2 share (it would always be 100%).",
                          "两级题项无前两级占比（恒为100%）。"},
    [M_LIKERT_BINNED] = {"These items have %1$s levels (%2$s to %3$s), too many to draw one by "
                         "one: the chart groups neighbouring answers into %4$s bins, each "
                         "labelled with its range; the items table gives every item's mean, SD "
                         "and interval over all its levels.",
                         "这些题项有%1$s个等级（%2$s至%3$s），逐级作图过多：图中将相邻回答合并为"
                         "%4$s组，各组标明取值范围；各题基于全部等级的均值、标准差和置信区间见题项表。"},
    [M_EXPECTED_CAUTION] = {"Caution: %1$s cells (%2$s) have an expected count below 5 (the "
                            "smallest is %3$s), so the chi-square's p-value may be inaccurate.",
                            "注意：%1$s个单元格（%2$s）的期望频数小于5（最小为%3$s），卡方检验的p值"
                            "可能不准确。"},
    [M_NEGATIVE_ALPHA] = {"Caution: the alpha of “%1$s” is %2$s, below 0: its items correlate "
                          "negatively and do not form one scale (is a reverse-worded item not "
                          "marked reverse?).",
                          "注意：“%1$s”的Cronbach's α为%2$s，低于0：题目之间负相关，不构成一个量表"
                          "（是否有反向题未标为 reverse？）。"},
    [M_ZERO_VARIANCE] = {"Caution: all %3$s respondents who answered every item of “%1$s” gave "
                         "“%2$s” the same answer: an item that does not vary adds nothing to the "
                         "scale's reliability, and its item-total correlation cannot be computed.",
                         "注意：回答了“%1$s”全部题项的%3$s名受访者对“%2$s”的回答完全相同：不变的"
                         "题项对量表信度没有贡献，其校正项总计相关无法计算。"},
    [M_SMALL_GROUPS] = {"Caution: small groups (fewer than %2$d respondents) behind this: %1$s.",
                        "注意：%1$s人数不足%2$d人，结论需谨慎看待。"},
    [M_SMALL_AGE_GROUP] = {"%1$s (n = %2$s)", "%1$s组（n = %2$s）"},
    [M_SMALL_OTHER_GROUP] = {"%1$s (n = %2$s)", "%1$s（n = %2$s）"},
};

/* Kaiser's (1974) reading of a KMO: the first row whose bound it reaches. */
const struct rp_kmo_reading rp_doc_kmo_reading[] = {
    {0.9, M_KMO_MARVELLOUS}, {0.8, M_KMO_MERITORIOUS}, {0.7, M_KMO_MIDDLING},
    {0.6, M_KMO_MEDIOCRE},   {0.5, M_KMO_MISERABLE},   {-INFINITY, M_KMO_UNACCEPTABLE},
};
