/* messages.c — the catalogue of report/'s messages: every heading, column,
 * note, finding and methods sentence of the report and of the comparison of
 * waves, in Chinese and in English (see messages.h).
 */
#include "report/messages.h"

#include <stdio.h>
#include <stdlib.h>

const struct rp_msg rp_msgs[RP_MSG_COUNT] = {
    /* ## The report (document*.c) */

    [M_FINDINGS] = {"主要发现", "Findings"},
    [M_DATA] = {"数据", "Data"},
    [M_PROFILE] = {"样本概况", "Sample profile"},
    [M_PARTICIPATION] = {"社区参与", "Participation"},
    [M_SATISFACTION] = {"满意度", "Satisfaction"},
    [M_TRUST] = {"信任", "Trust"},
    [M_ASSOCIATION] = {"关联分析", "Association"},
    [M_METHODS] = {"方法说明", "Methods"},
    [M_FILES] = {"输入文件", "Input files"},
    [M_FILE] = {"文件", "File"},
    [M_ENCODING] = {"编码", "Encoding"},
    [M_READ] = {"读取", "Read"},
    [M_LOADED] = {"载入", "Loaded"},
    [M_EXCLUDED] = {"排除", "Excluded"},
    [M_EXCLUDED_BY_REASON] = {"排除记录及原因", "Excluded records by reason"},
    [M_REASON] = {"原因", "Reason"},
    [M_RECORDS] = {"记录数", "Records"},
    [M_QUALITY] = {"数据质量提示（记录保留）", "Data-quality warnings (records kept)"},
    [M_WARNING] = {"提示", "Warning"},
    [M_RESPONDENTS] = {"人数", "Respondents"},
    [M_SPEEDERS] = {"答题过快", "Answered much faster than the rest"},
    [M_STRAIGHT] = {"量表题全部同一答案", "Same answer to every Likert item"},
    [M_LENIENT] = {"无效值按缺失处理（--lenient）", "Invalid values made missing (--lenient)"},
    [M_NONE_EXCLUDED] = {"没有记录被排除。", "No record was excluded."},
    [M_SAMPLE_PROFILE] = {"样本构成", "Respondents by group"},
    [M_N] = {"人数", "n"},
    [M_SHARE] = {"占比", "Share"},
    [M_AGE_GROUP] = {"年龄组", "Age group"},
    [M_GENDER] = {"性别", "Gender"},
    [M_PARTY] = {"党员", "Party member"},
    [M_SUBDISTRICT] = {"街道", "Subdistrict"},
    [M_COMMUNITY] = {"社区", "Community"},
    [M_NO_AGE_GROUP] = {"不属于任何年龄组（年龄缺失或不在分组内）",
                        "In no age group (age missing or outside the bands)"},
    [M_PART_BY_AGE] = {"各年龄组参与率（95%置信区间）",
                       "Participation rate by age group (95% CI)"},
    [M_PART_BY_COMM] = {"各社区参与率（95%置信区间）",
                        "Participation rate by community (95% CI)"},
    [M_PART_BY_ACT] = {"各类活动参与率（95%置信区间）",
                       "Participation by activity (95% CI)"},
    [M_PARTICIPANTS] = {"参与人数", "Participants"},
    [M_RATE] = {"参与率", "Rate"},
    [M_CI_LOW] = {"置信下限", "95% CI low"},
    [M_CI_HIGH] = {"置信上限", "95% CI high"},
    [M_ADJ_RES] = {"调整残差", "Adj. residual"},
    [M_OVERALL] = {"全体", "All respondents"},
    [M_TEST_NOTE] = {"参与×年龄组：卡方(%s) = %s，p %s，Cramér's V = %s；线性趋势检验 M² = %s，p "
                     "%s。调整残差绝对值大于1.96的年龄组与总体有显著差异。",
                     "Participant × age group: chi-square(%s) = %s, p %s, Cramér's V = %s; "
                     "linear-by-linear trend M² = %s, p %s. Adjusted residuals beyond ±1.96 mark "
                     "age groups that differ from the whole."},
    [M_ACT_BY_AGE] = {"各类活动分年龄组参与率", "Participation rate by activity and age group"},
    [M_ACTIVITY] = {"活动", "Activity"},
    [M_INTENSITY] = {"参与活动项数（分年龄组）",
                     "Number of activities taken part in, by age group"},
    [M_MEAN] = {"均值", "Mean"},
    [M_SD] = {"标准差", "SD"},
    [M_BARRIERS] = {"未参与或很少参与的主要原因（分年龄组）",
                    "Main reason for not taking part, by age group"},
    [M_ITEMS] = {"题项", "Items"},
    [M_ITEM] = {"题项", "Item"},
    [M_TOP2] = {"前两级占比", "Top-2 share"},
    [M_DISTRIBUTION] = {"回答分布", "Distribution of answers"},
    [M_SCALES] = {"量表（指数0–100）", "Scales (index 0–100)"},
    [M_SCALE] = {"量表", "Scale"},
    [M_K] = {"题数", "Items"},
    [M_ALPHA] = {"Cronbach's α", "Cronbach's α"},
    [M_STD_ALPHA] = {"标准化α", "Std. α"},
    [M_INDEX_MEAN] = {"指数均值", "Index mean"},
    [M_INDEX_BY_AGE] = {"指数（分年龄组）", "Index by age group"},
    [M_INDEX_BY_COMM] = {"指数（分社区）", "Index by community"},
    [M_KW_NOTE] = {"Kruskal–Wallis检验：年龄组间 H = %s，自由度 = %s，p %s；社区间 H = %s，自由度 "
                   "= %s，p %s。",
                   "Kruskal–Wallis across age groups: H = %s, df = %s, p %s; across communities: "
                   "H = %s, df = %s, p %s."},
    [M_SPEARMAN] = {"各指数与参与活动项数的Spearman相关",
                    "Spearman correlation of each index with participation intensity"},
    [M_RHO] = {"rho", "rho"},
    [M_P] = {"p", "p"},
    [M_LOGIT] = {"参与的logistic回归", "Logistic regression of taking part"},
    [M_TERM] = {"变量", "Term"},
    [M_OR] = {"优势比", "Odds ratio"},
    [M_OR_LOW] = {"优势比下限", "OR 95% CI low"},
    [M_OR_HIGH] = {"优势比上限", "OR 95% CI high"},
    [M_LOGIT_NOTE] = {"完整个案 n = %1$s。参照组：%2$s。指数的优势比为每增加1分（0–100）、"
                      "数值题为每增加1个单位。未加权。",
                      "n = %1$s complete cases. Reference groups: %2$s. Odds ratios of an index "
                      "are per point (0–100), of a number per unit. Unweighted."},
    [M_LOGIT_FAILED] = {"模型未收敛（完全分离或个案过少），不报告估计值。",
                        "The model did not converge (separation or too few cases): no estimates "
                        "are reported."},
    [M_NO_DATA] = {"无数据。", "No data."},
    [M_WEIGHTS_NONE] = {"未加权：每位受访者计为1。", "Unweighted: every respondent counts once."},
    [M_WEIGHTS_COLUMN] = {"按权重列加权：有效样本量 = %s，设计效应 = %s。",
                          "Weighted by the weight column: effective n = %s, design effect = %s."},
    [M_WEIGHTS_RAKING] = {"按总体边际分布迭代加权（%s次迭代）：有效样本量 = %s，设计效应 = %s。",
                          "Raked to population margins in %s iterations: effective n = %s, design "
                          "effect = %s."},
    [M_ALL_MISSING] = {"参与题全部缺失，无法计算参与指标。",
                       "Every participation answer is missing: no participation figures."},
    [M_NO_ITEMS] = {"编码簿中没有参与题，无法计算参与指标。",
                    "The codebook has no participation items: no participation figures."},
    [M_LOGIT_TOO_FEW] = {"完整个案过少，无法拟合logistic回归。",
                         "Too few complete cases to fit the logistic model."},
    [M_ITEM_STATS] = {"项总计统计", "Item-total statistics"},
    [M_SCALE_MEAN_DEL] = {"删除该项后均值", "Mean if deleted"},
    [M_SCALE_VAR_DEL] = {"删除该项后方差", "Variance if deleted"},
    [M_ITEM_TOTAL] = {"校正项总计相关", "Item-total r"},
    [M_ALPHA_DEL] = {"删除该项后α", "α if deleted"},
    [M_ITEM_STATS_NOTE] = {"即SPSS的“项总计统计”：删除该项后量表（各题得分之和）的均值与方差、"
                           "该题与其余各题之和的相关（校正的项总计相关性）以及其余各题的Cronbach's"
                           " α。各量表均基于回答了其全部题项的受访者（人数同上表）。",
                           "SPSS's item-total statistics: the mean and variance of the scale (the "
                           "sum of its items) without the item, the item's correlation with the "
                           "sum of the other items (corrected item-total correlation) and "
                           "Cronbach's α of the other items. Each scale on its respondents who "
                           "answered all of its items (n as in the table above)."},
    [M_VALIDITY] = {"效度：KMO和Bartlett球形检验",
                    "Validity: KMO and Bartlett's test of sphericity"},
    [M_ALL_ITEMS] = {"全部题项", "All items"},
    [M_KMO] = {"KMO", "KMO"},
    [M_KMO_READING] = {"KMO评价", "KMO reading"},
    [M_BARTLETT] = {"Bartlett χ²", "Bartlett χ²"},
    [M_DF] = {"自由度", "df"},
    [M_FACTORS] = {"因子数", "Factors"},
    [M_CUM_PCT] = {"累计贡献率", "Cumulative %"},
    [M_VAR_EXPLAINED] = {"解释率", "Variance explained"},
    [M_VALIDITY_NOTE] = {"KMO按Kaiser（1974）的标准解读：0.9及以上为极好，0.8–0.9为良好，"
                         "0.7–0.8为中等，0.6–0.7为一般，0.5–0.6为较差，低于0.5为不可接受（不适合做"
                         "因子分析）。Bartlett球形检验p < "
                         "0.05表示题项间相关足以做因子分析。解释率为所保留的因子共同解释的方差比例"
                         "。每行均基于回答了其全部题项的受访者；未加权。",
                         "KMO read as Kaiser (1974) does: 0.9 or more marvellous, 0.8–0.9 "
                         "meritorious (good), 0.7–0.8 middling, 0.6–0.7 mediocre, 0.5–0.6 "
                         "miserable, below 0.5 unacceptable (unsuitable for a factor analysis). "
                         "Bartlett's test with p < 0.05: the items are correlated enough to be "
                         "factored. Variance explained: the share of the items' variance that the "
                         "factors kept explain together. Each row on its respondents who answered "
                         "all of its items; unweighted."},
    [M_VARIANCE] = {"总方差解释", "Total variance explained"},
    [M_COMPONENT] = {"成分", "Component"},
    [M_EIGENVALUE] = {"特征值", "Eigenvalue"},
    [M_PCT_VAR] = {"方差贡献率", "% of variance"},
    [M_ROT_SS] = {"旋转后载荷平方和", "Rotated SS loadings"},
    [M_ROT_PCT] = {"旋转后方差贡献率", "Rotated % of variance"},
    [M_ROT_CUM] = {"旋转后累计贡献率", "Rotated cumulative %"},
    [M_EXT_SS] = {"提取载荷平方和", "Extracted SS loadings"},
    [M_EXT_PCT] = {"提取的方差贡献率", "Extracted % of variance"},
    [M_EXT_CUM] = {"提取的累计贡献率", "Extracted cumulative %"},
    [M_VARIANCE_NOTE] = {"对全部%1$s个题项的相关矩阵做主成分分析，基于全部作答的%2$s名受访者；"
                         "保留特征值大于1的%3$s个因子。",
                         "Principal components of the correlation matrix of all %1$s items, on "
                         "the %2$s respondents who answered every one; factors kept: %3$s, those "
                         "with eigenvalue above 1."},
    [M_VARIANCE_NOTE_FIXED] = {"对全部%1$s个题项的相关矩阵做主成分分析，基于全部作答的%2$s名受访者"
                               "；按--factors保留%3$s个因子。",
                               "Principal components of the correlation matrix of all %1$s items, "
                               "on the %2$s respondents who answered every one; factors kept: "
                               "%3$s, as --factors asks."},
    [M_LOADINGS_ROT] = {"旋转后的成分矩阵（最大方差法）", "Rotated component matrix (varimax)"},
    [M_LOADINGS_ONE] = {"成分矩阵", "Component matrix"},
    [M_FACTOR_N] = {"因子%zu", "Factor %zu"},
    [M_LOADINGS_NOTE] = {"主成分法提取，最大方差法（Kaiser标准化）旋转。绝对值小于0.4的载荷不显示"
                         "；各题项列在其载荷最高的因子之下。",
                         "Principal components, varimax rotation with Kaiser normalisation. "
                         "Loadings below 0.4 in absolute value are left blank; each item is "
                         "listed under the factor it loads on most."},
    [M_LOADINGS_ONE_NOTE] = {"主成分法提取；只有一个因子，不做旋转。绝对值小于0.4的载荷不显示；"
                             "题项按载荷从高到低排列。",
                             "Principal components; a single factor, so nothing is rotated. "
                             "Loadings below 0.4 in absolute value are left blank; items by "
                             "loading, highest first."},
    [M_VAL_TOO_FEW] = {"%1$s无法做因子分析：全部%3$s个题项均作答的只有%2$s人，受访者须多于题项数。",
                       "%1$s: no factor analysis, since only %2$s respondents answered all %3$s "
                       "items; it needs more respondents than items."},
    [M_VAL_CONSTANT] = {"%1$s无法做因子分析：所有受访者对“%2$s”的回答相同，不变的题项与其他题项无"
                        "相关可言。",
                        "%1$s: no factor analysis, since every respondent gave “%2$s” the same "
                        "answer: an item that does not vary correlates with nothing."},
    [M_VAL_SINGULAR] = {"%1$s无法做因子分析：“%2$s”（几乎）是前面题项的线性组合（例如与另一题重复"
                        "），相关矩阵奇异。请删除或更正该题项。",
                        "%1$s: no factor analysis, since “%2$s” is (almost) a linear combination "
                        "of the items before it, a copy of another item for instance: the "
                        "correlation matrix is singular. Drop or correct that item."},
    [M_VAL_FAILED] = {"%1$s无法做因子分析：特征值计算未收敛。",
                      "%1$s: no factor analysis, since the eigenvalues could not be computed."},
    [M_SET_SATISFACTION] = {"满意度题项", "the satisfaction items"},
    [M_SET_TRUST] = {"信任题项", "the trust items"},
    [M_FIND_CROSS] = {"%1$s的因子分析中，“%2$s”（属“%3$s”量表）在“%4$s”量表的因子上的载荷（%5$s）"
                      "高于在本量表因子上的载荷（%6$s），可能更多地测量了另一量表的内容。",
                      "In the factor analysis of %1$s, “%2$s” (scale “%3$s”) loads more on the "
                      "factor of “%4$s” (%5$s) than on that of its own scale (%6$s): it may "
                      "measure the other scale's construct."},
    [M_FIND_VALID_ONE] = {"%1$s的因子分析（KMO = %2$s，%3$s；Bartlett球形检验%4$s）"
                          "提取%5$s个因子，解释%6$s的方差。",
                          "The factor analysis of %1$s (KMO = %2$s, %3$s; Bartlett's test %4$s) "
                          "finds %5$s factor, explaining %6$s of their variance."},
    [M_FIND_VALID_MANY] = {"%1$s的因子分析（KMO = %2$s，%3$s；Bartlett球形检验%4$s）"
                           "提取%5$s个因子，累计解释%6$s的方差。",
                           "The factor analysis of %1$s (KMO = %2$s, %3$s; Bartlett's test %4$s) "
                           "finds %5$s factors, explaining %6$s of their variance together."},
    [M_FIND_UNSUITED] = {"从KMO（%2$s，%3$s）和Bartlett球形检验（%4$s）看，%1$s不适合做因子分析。",
                         "By KMO (%2$s, %3$s) and Bartlett's test (%4$s), %1$s are not suited to "
                         "a factor analysis."},
    [M_KMO_MARVELLOUS] = {"极好", "marvellous"},
    [M_KMO_MERITORIOUS] = {"良好", "meritorious"},
    [M_KMO_MIDDLING] = {"中等", "middling"},
    [M_KMO_MEDIOCRE] = {"一般", "mediocre"},
    [M_KMO_MISERABLE] = {"较差", "miserable"},
    [M_KMO_UNACCEPTABLE] = {"不可接受", "unacceptable"},
    [M_TITLE] = {"社区居民参与调查报告", "Resident participation survey report"},
    [M_BLANK] = {"空白", "Blank"},
    [M_BLANK_NOTE] = {"空白记录（所有字段为空）既不计为受访者也不算错误：读取 = 载入 + 排除 + "
                      "空白。",
                      "Blank records (every field empty) are neither respondents nor errors: read "
                      "= loaded + excluded + blank."},
    [M_OTHER_SCALES] = {"其他量表", "Other scales"},
    [M_QUESTIONS] = {"各题分析", "Questions"},
    [M_CATEGORY] = {"选项", "Answer"},
    [M_FREQ_TITLE] = {"%s：各选项频数（95%%置信区间）", "%s: answers (95%% CI)"},
    [M_CROSS_TITLE] = {"%s × %s（各组内百分比）", "%s by %s (%% of each group)"},
    [M_CHISQ_NOTE] = {"卡方检验：χ²(%s) = %s，p %s，Cramér's V = %s。",
                      "Chi-square(%s) = %s, p %s, Cramér's V = %s."},
    [M_FROM_DATA] = {"编码表未列出本题选项：选项取自数据中出现的回答。",
                     "The codebook lists no answers for this question: they are those found in "
                     "the data."},
    [M_DESC_TITLE] = {"%s：描述统计", "%s: descriptive statistics"},
    [M_MEDIAN] = {"中位数", "Median"},
    [M_Q1] = {"下四分位数", "Q1"},
    [M_Q3] = {"上四分位数", "Q3"},
    [M_MIN] = {"最小值", "Min"},
    [M_MAX] = {"最大值", "Max"},
    [M_COMP_TITLE] = {"%s × %s", "%s by %s"},
    [M_T_NOTE] = {"独立样本t检验：t(%s) = %s，p %s；Welch t(%s) = %s，p %s。",
                  "Student's t(%s) = %s, p %s; Welch's t(%s) = %s, p %s. "},
    [M_F_NOTE] = {"方差分析：F(%s, %s) = %s，p %s，η² = %s；Welch F(%s, %s) = %s，p "
                  "%s；Levene方差齐性检验：F(%s, %s) = %s，p %s；Kruskal–Wallis H(%s) = %s，p %s。",
                  "ANOVA F(%s, %s) = %s, p %s, η² = %s; Welch's F(%s, %s) = %s, p %s; Levene's "
                  "F(%s, %s) = %s, p %s; Kruskal–Wallis H(%s) = %s, p %s."},
    [M_ALL_SHOWN] = {"未加权。未作答或不属于任何分组的受访者不计入。",
                     "Unweighted. Respondents who did not answer, or in no group, are left out."},
    [M_LIST_SEP] = {"、", ", "},
    [M_SENTENCE_SEP] = {"", " "},
    [M_REVERSE_NOTE] = {"反向题：%s，按原始回答列示；量表指数、α系数、项总计统计和效度分析使用反向"
                        "计分（最小值 + 最大值 − 回答）。",
                        "Reverse-worded: %s, shown as answered; the scale indices, α, the item "
                        "statistics and the validity use the recoded score (min + max − answer)."},
    [M_TWO_LEVEL_NOTE] = {"两级题项无前两级占比（恒为100%）。",
                          "A 2-level item has no top-2 share (it would always be 100%)."},
    [M_LIKERT_BINNED] = {"这些题项有%1$s个等级（%2$s至%3$s），逐级作图过多：图中将相邻回答合并为"
                         "%4$s组，各组标明取值范围；各题基于全部等级的均值、标准差和置信区间见题项"
                         "表。",
                         "These items have %1$s levels (%2$s to %3$s), too many to draw one by "
                         "one: the chart groups neighbouring answers into %4$s bins, each "
                         "labelled with its range; the items table gives every item's mean, SD "
                         "and interval over all its levels."},
    [M_EXPECTED_CAUTION] = {"注意：%1$s个单元格（%2$s）的期望频数小于5（最小为%3$s），"
                            "卡方检验的p值可能不准确。",
                            "Caution: %1$s cells (%2$s) have an expected count below 5 (the "
                            "smallest is %3$s), so the chi-square's p-value may be inaccurate."},
    [M_NEGATIVE_ALPHA] = {"注意：“%1$s”的Cronbach's "
                          "α为%2$s，低于0：题目之间负相关，不构成一个量表（是否有反向题未标为 "
                          "reverse？）。",
                          "Caution: the alpha of “%1$s” is %2$s, below 0: its items correlate "
                          "negatively and do not form one scale (is a reverse-worded item not "
                          "marked reverse?)."},
    [M_ZERO_VARIANCE] = {"注意：回答了“%1$s”全部题项的%3$s名受访者对“%2$s”的回答完全相同："
                         "不变的题项对量表信度没有贡献，其校正项总计相关无法计算。",
                         "Caution: all %3$s respondents who answered every item of “%1$s” gave "
                         "“%2$s” the same answer: an item that does not vary adds nothing to the "
                         "scale's reliability, and its item-total correlation cannot be computed."},
    [M_SMALL_GROUPS] = {"注意：%1$s人数不足%2$d人，结论需谨慎看待。",
                        "Caution: small groups (fewer than %2$d respondents) behind this: %1$s."},
    [M_SMALL_AGE_GROUP] = {"%1$s组（n = %2$s）", "%1$s (n = %2$s)"},
    [M_SMALL_OTHER_GROUP] = {"%1$s（n = %2$s）", "%1$s (n = %2$s)"},
    [M_Q_WEIGHTED] = {"占比和均值为加权估计（见方法说明），置信区间用Kish有效样本量；"
                      "人数与频数未加权，各项检验也未加权。未作答或不属于任何分组的受访者不计入。",
                      "Shares and means are weighted (see Methods) and their intervals use Kish's "
                      "effective n; n and counts are unweighted, and so are the tests. "
                      "Respondents who did not answer, or in no group, are left out."},
    [M_OPTION] = {"选项", "Option"},
    [M_MULTI_TITLE] = {"%s：多选题各选项", "%s: multiple response"},
    [M_MULTI_CROSS_TITLE] = {"%s × %s（占各组个案百分比）", "%s by %s (%% of each group's cases)"},
    [M_COUNT_CHOSEN] = {"频数", "Count"},
    [M_PCT_RESPONSES] = {"响应百分比", "% of responses"},
    [M_PCT_CASES] = {"个案百分比", "% of cases"},
    [M_RESPONSES_TOTAL] = {"响应合计", "Responses"},
    [M_CASES] = {"个案数", "Cases"},
    [M_MULTI_NOTE] = {"多选题每人可选多项，个案百分比之和可超过100%%。个案为作答的%1$s名受访者，"
                      "共选择%2$s项。",
                      "Several options may be chosen, so the %% of cases add up to more than "
                      "100%%. Cases: the %1$s respondents who answered; %2$s options chosen in "
                      "all."},
    [M_MULTI_NOTE_OPTIONS] = {"多选题每人可选多项，个案百分比之和可超过100%%。"
                              "个案为至少选择一项的%1$s名受访者，共选择%2$s项。",
                              "Several options may be chosen, so the %% of cases add up to more "
                              "than 100%%. Cases: the %1$s respondents who chose at least one "
                              "option; %2$s options chosen in all."},
    [M_METHODS_QUESTIONS] = {"各题分析：单选题占比给出Wilson置信区间，交叉表报告Pearson卡方、"
                             "Cramér's V和调整残差；多选题按SPSS多重响应分析报告响应百分比和个案百"
                             "分比（个案为作答者，选项列形式则为至少选择一项者）；"
                             "数值题的组间比较采用t检验、方差分析、Welch方差分析、Levene检验和Krus"
                             "kal–Wallis检验。",
                             "Questions: a single-choice question's shares carry Wilson intervals "
                             "and its crosstabs Pearson's chi-square, Cramér's V and adjusted "
                             "residuals; a multiple-response question is reported as SPSS's MULT "
                             "RESPONSE does (% of responses, % of cases; its cases answered it, "
                             "or chose at least one of its option columns); a numeric question is "
                             "compared across groups by t tests, ANOVA, Welch's ANOVA, Levene's "
                             "test and Kruskal–Wallis."},
    [M_PART_BY_COL] = {"按%s分组的参与率（95%%置信区间）", "Participation by %s (95%% CI)"},
    [M_FIND_PRED_AGE] = {"logistic回归显示：与%1$s年龄组的居民相比，%2$s年龄组的居民参与的优势是其"
                         "%3$s倍（95%%置信区间%4$s–%5$s，%6$s）。",
                         "Logistic regression: compared with residents aged %1$s, those aged %2$s "
                         "have %3$s times the odds of taking part (95%% CI %4$s–%5$s, %6$s)."},
    [M_FIND_PRED_LEVEL] = {"logistic回归显示：与%1$s为“%2$s”的受访者相比，%1$s为“%3$s”的受访者参与"
                           "的优势是其%4$s倍（95%%置信区间%5$s–%6$s，%7$s）。",
                           "Logistic regression: compared with respondents answering “%2$s” to "
                           "“%1$s”, those answering “%3$s” have %4$s times the odds of taking "
                           "part (95%% CI %5$s–%6$s, %7$s)."},
    [M_FIND_PRED_SCALE] = {"logistic回归显示：“%1$s”指数（0–100）每高1分，参与的优势变为原来的%2$s"
                           "倍（95%%置信区间%3$s–%4$s，%5$s）。",
                           "Logistic regression: each index point more on “%1$s” (0–100) "
                           "multiplies the odds of taking part by %2$s (95%% CI %3$s–%4$s, %5$s)."},
    [M_FIND_PRED_NUMERIC] = {"logistic回归显示：“%1$s”每增加1个单位，参与的优势变为原来的%2$s倍（9"
                             "5%%置信区间%3$s–%4$s，%5$s）。",
                             "Logistic regression: each unit more of “%1$s” multiplies the odds "
                             "of taking part by %2$s (95%% CI %3$s–%4$s, %5$s)."},
    [M_FIND_PRED_NONE] = {"logistic回归中没有显著的预测变量（p ≥ 0.05）。",
                          "No term of the logistic model is significant (p ≥ 0.05)."},
    [M_LOGIT_NOTE_NOREF] = {"完整个案 n = %1$s。指数的优势比为每增加1分（0–100）、"
                            "数值题为每增加1个单位。未加权。",
                            "n = %1$s complete cases. Odds ratios of an index are per point "
                            "(0–100), of a number per unit. Unweighted."},
    [M_LOGIT_REF_ITEM] = {"%1$s为“%2$s”", "%2$s (%1$s)"},
    [M_LOGIT_LIST_SEP] = {"；", "; "},
    [M_LOGIT_DROPPED] = {"以下变量无法估计，未纳入模型：%s。",
                         " Left out of the model, since it cannot be estimated: %s."},
    [M_DROP_NO_ANSWERS] = {"%s（无人作答）", "%s (no respondent answered it)"},
    [M_DROP_ONE_LEVEL] = {"%s（完整个案中只有一种回答）",
                          "%s (one answer only among the complete cases)"},
    [M_DROP_CONSTANT] = {"%s（完整个案的取值全部相同）",
                         "%s (the same value for every complete case)"},

    /* ## The comparison of waves (compare*.c) */

    [M_WAVES] = {"各期数据", "Waves"},
    [M_CMP_SCALES] = {"量表指数（0–100）", "Scale indices (0–100)"},
    [M_SAT_ITEMS] = {"满意度题项", "Satisfaction items"},
    [M_TRUST_ITEMS] = {"信任题项", "Trust items"},
    [M_WAVE_COL] = {"期次", "Waves"},
    [M_WAVES_TABLE] = {"比较的各期", "Waves compared"},
    [M_WAVE] = {"期次", "Wave"},
    [M_CMP_FILES] = {"文件", "Files"},
    [M_NOT_ASKED_COL] = {"本期未调查的题目", "Not asked in this wave"},
    [M_NONE] = {"无", "none"},
    [M_EXCLUDED_NOTE] = {"被排除的记录不计入任何指标；canyu validate 列出每条记录及原因。",
                         "Excluded records are left out of every figure; canyu validate lists "
                         "each with its reason."},
    [M_NOT_ASKED] = {"未调查", "not asked"},
    [M_GROUP] = {"组别", "Group"},
    [M_PART_TREND] = {"各年龄组参与率的变化趋势", "Participation rate by age group over the waves"},
    [M_PART_BY_WAVE] = {"各期参与率", "Participation rate by wave"},
    [M_PART_CHANGE] = {"参与率的变化", "Change in participation rate"},
    [M_CI] = {"95%置信区间", "95% CI"},
    [M_Z] = {"z", "z"},
    [M_T] = {"t", "t"},
    [M_RATE_LEGEND] = {"%s / %s：比上一期显著升高 / 降低（两比例z检验，p < 0.05）。",
                       "%s / %s: significantly higher / lower than in the previous wave "
                       "(two-proportion z test, p < 0.05)."},
    [M_SCALE_TREND] = {"各量表指数的变化趋势（0–100）", "Scale indices over the waves (0–100)"},
    [M_SCALE_BY_WAVE] = {"各期量表指数（0–100）", "Scale indices by wave (0–100)"},
    [M_SCALE_CHANGE] = {"量表指数的变化", "Change in scale indices"},
    [M_CHANGE] = {"变化", "Change"},
    [M_MEAN_LEGEND] = {"%s / %s：比上一期显著升高 / 降低（Welch t检验，p < 0.05）。",
                       "%s / %s: significantly higher / lower than in the previous wave (Welch's "
                       "t test, p < 0.05)."},
    [M_ITEM_MEANS] = {"各期题项均值", "Item means by wave"},
    [M_ITEM_TOP2] = {"各期前两级占比", "Top-2 shares by wave"},
    [M_MEAN_CHANGE_T] = {"题项均值的变化", "Change in item means"},
    [M_TOP2_CHANGE_T] = {"前两级占比的变化", "Change in top-2 shares"},
    [M_TOP2_LEGEND] = {"%s / %s：比上一期显著升高 / 降低（两比例z检验，p < "
                       "0.05）。前两级占比为回答最高两个等级的比例。",
                       "%s / %s: significantly higher / lower than in the previous wave "
                       "(two-proportion z test, p < 0.05). The top-2 share is the share answering "
                       "in the two highest levels."},
    [M_MEAN_NOTE] = {"Welch t检验。反向题已反向计分。",
                     "Welch's t test. Reverse-worded items are recoded."},
    [M_TOP2_NOTE] = {"变化以百分点表示；两比例z检验。",
                     "Changes in percentage points; two-proportion z test."},
    [M_CMP_TITLE] = {"社区居民参与调查：各期比较", "Resident participation survey: waves compared"},

    /* ## Excel charts (xlsx_charts.c) */

    [M_VALUE] = {"数值", "Value"},
    [M_XLSX_SHARE] = {"回答占比", "Share of answers"},
    [M_XLSX_WAVE] = {"调查轮次", "Wave"},
    [M_CI_MINUS] = {"误差线：数值 - 置信下限", "Error bar: value - CI low"},
    [M_CI_PLUS] = {"误差线：置信上限 - 数值", "Error bar: CI high - value"},

    /* ## Findings of the comparison (compare_findings.c) */

    [M_CF_AGE_LABEL] = {"%s组", "%s"},
    [M_CF_RATE_CHANGE] = {"（%s个百分点，%s）", " (%s points, %s)"},
    [M_CF_BY_AGE] = {"分年龄组看", "By age group"},
    [M_CF_BY_ACTIVITY] = {"分活动看", "By activity"},
    [M_CF_AGE_SAME] = {"%s，从%s到%s，各年龄组参与率均无显著变化。",
                       "%s, participation did not change significantly from %s to %s in any age "
                       "group."},
    [M_CF_ACT_SAME] = {"%s，从%s到%s，各活动参与率均无显著变化。",
                       "%s, participation did not change significantly from %s to %s in any "
                       "activity."},
    [M_CF_RATES_HEAD] = {"%s，从%s到%s，", "%s from %s to %s, participation "},
    [M_CF_AGE_ROSE] = {"参与率显著上升的有%s", "rose significantly among %s"},
    [M_CF_AGE_FELL] = {"参与率显著下降的有%s", "fell significantly among %s"},
    [M_CF_AGE_STEADY] = {"无显著变化的有%s", "did not change significantly among %s"},
    [M_CF_ACT_ROSE] = {"参与率显著上升的有%s", "rose significantly in %s"},
    [M_CF_ACT_FELL] = {"参与率显著下降的有%s", "fell significantly in %s"},
    [M_CF_ACT_STEADY] = {"无显著变化的有%s", "did not change significantly in %s"},
    [M_CF_END] = {"。", "."},
    [M_CF_OVERALL_ROSE] = {"总体参与率从%1$s的%3$s显著上升到%2$s的%4$s（%5$s个百分点，95%%置信区间"
                           "%6$s至%7$s，%8$s）。",
                           "Participation rose significantly from %3$s in %1$s to %4$s in %2$s "
                           "(%5$s points, 95%% CI %6$s to %7$s, %8$s)."},
    [M_CF_OVERALL_FELL] = {"总体参与率从%1$s的%3$s显著下降到%2$s的%4$s（%5$s个百分点，95%%置信区间"
                           "%6$s至%7$s，%8$s）。",
                           "Participation fell significantly from %3$s in %1$s to %4$s in %2$s "
                           "(%5$s points, 95%% CI %6$s to %7$s, %8$s)."},
    [M_CF_OVERALL_SAME] = {"总体参与率从%s到%s无显著变化（%s至%s，%s个百分点，%s）。",
                           "Participation did not change significantly from %s to %s (%s to %s, "
                           "%s points, %s)."},
    [M_CF_SCALE_ROSE] = {"“%1$s”指数从%2$s的%4$s显著上升到%3$s的%5$s（%6$s，95%%置信区间%7$s至"
                         "%8$s，%9$s）。",
                         "The index “%1$s” rose significantly from %4$s in %2$s to %5$s in %3$s "
                         "(%6$s, 95%% CI %7$s to %8$s, %9$s)."},
    [M_CF_SCALE_FELL] = {"“%1$s”指数从%2$s的%4$s显著下降到%3$s的%5$s（%6$s，95%%置信区间%7$s至"
                         "%8$s，%9$s）。",
                         "The index “%1$s” fell significantly from %4$s in %2$s to %5$s in %3$s "
                         "(%6$s, 95%% CI %7$s to %8$s, %9$s)."},
    [M_CF_SCALE_SAME] = {"“%s”指数从%s到%s无显著变化（%s至%s，%s）。",
                         "The index “%s” did not change significantly from %s to %s (%s to %s, "
                         "%s)."},
    [M_CF_ITEM_CHANGE] = {"“%s”（%s，%s）", "%s (%s, %s)"},
    [M_CF_ITEMS_SAME] = {"从%s到%s，各题项均值均无显著变化（共%zu项）。",
                         "No item mean changed significantly from %s to %s (%zu items)."},
    [M_CF_ITEMS_HEAD] = {"题项均值从%s到%s：", "Item means from %s to %s "},
    [M_CF_ITEMS_ROSE] = {"显著上升的有%s", "rose significantly for %s"},
    [M_CF_ITEMS_FELL] = {"显著下降的有%s", "fell significantly for %s"},
    [M_CF_ITEMS_OTHER_ONE] = {"；其余%zu项无显著变化",
                              "; the other %zu item did not change significantly"},
    [M_CF_ITEMS_OTHER] = {"；其余%zu项无显著变化",
                          "; the other %zu items did not change significantly"},
    [M_CF_QUESTION_SEP] = {"、", "; "},
    [M_CF_QUESTION] = {"“%s”", "%s"},
    [M_CF_SCALE_SEP] = {"、", " and "},
    [M_CF_NOT_ASKED_ONE] = {"%s未调查：%s，与该期有关的变化未作检验。",
                            "Not asked in %s: %s. Changes to or from that wave are not tested for "
                            "it."},
    [M_CF_NOT_ASKED] = {"%s未调查：%s，与该期有关的变化未作检验。",
                        "Not asked in %s: %s. Changes to or from that wave are not tested for "
                        "them."},
    [M_CF_NOT_ASKED_ONE_INDEX] = {"%s未调查：%s，与该期有关的变化未作检验；%s指数需要全部题目，"
                                  "该期不计算。",
                                  "Not asked in %s: %s. Changes to or from that wave are not "
                                  "tested for it, nor for the index %s, which needs every item."},
    [M_CF_NOT_ASKED_ONE_INDICES] = {"%s未调查：%s，与该期有关的变化未作检验；%s指数需要全部题目"
                                    "，该期不计算。",
                                    "Not asked in %s: %s. Changes to or from that wave are not "
                                    "tested for it, nor for the indices %s, which need every "
                                    "item."},
    [M_CF_NOT_ASKED_INDEX] = {"%s未调查：%s，与该期有关的变化未作检验；%s指数需要全部题目，该期"
                              "不计算。",
                              "Not asked in %s: %s. Changes to or from that wave are not tested "
                              "for them, nor for the index %s, which needs every item."},
    [M_CF_NOT_ASKED_INDICES] = {"%s未调查：%s，与该期有关的变化未作检验；%s指数需要全部题目，该期"
                                "不计算。",
                                "Not asked in %s: %s. Changes to or from that wave are not tested "
                                "for them, nor for the indices %s, which need every item."},
    [M_CF_ACTIVITIES_DIFFER] = {"各期调查的活动不完全相同，总体参与率所依据的活动范围不同，宜逐项比较"
                                "。",
                                "The activities asked differ between waves, so the overall "
                                "participation rate counts different lists of activities; "
                                "compare activity by activity."},

    /* ## Findings of the report (document_findings.c) */

    [M_DF_BARRIER] = {"%s组：%s（%s）", "%s: %s (%s)"},
    [M_DF_PARTICIPATION] = {"总体参与率为%s（n = %.0f）。",
                            "%s of respondents took part in at least one activity (n = %.0f)."},
    [M_DF_AGE_DIFFER] = {"参与率随年龄组差异显著：%s组最高（%s），%s组最低（%s）；卡方(%.0f) = "
                         "%.1f，%s，Cramér's V = %s。",
                         "Participation differs by age group: highest among %s (%s), lowest "
                         "among %s (%s); chi-square(%.0f) = %.1f, %s, Cramér's V = %s."},
    [M_DF_AGE_SAME] = {"各年龄组参与率（%1$s组%2$s至%3$s组%4$s）差异不显著（%5$s）。",
                       "Participation does not differ significantly by age group (from %2$s "
                       "among %1$s to %4$s among %3$s; %5$s)."},
    [M_DF_TOP_ACTIVITY] = {"参与最多的活动是“%s”（%s）。", "The most common activity is %s (%s)."},
    [M_DF_BARRIERS] = {"未参与或很少参与的主要原因——%s。",
                       "Main reason for not taking part, by age group — %s."},
    [M_DF_SATISFACTION] = {"满意度最低的是“%s”（均值%s，满意%s），最高的是“%s”（均值%s，满意%s）。",
                           "Satisfaction is lowest with %s (mean %s, %s satisfied) and highest "
                           "with %s (mean %s, %s satisfied)."},
    [M_DF_COMM_DIFFER] = {"“%s”指数在社区间差异显著（Kruskal–Wallis H = %.1f，%s）。",
                          "The index “%s” differs between communities (Kruskal–Wallis H = %.1f, "
                          "%s)."},
    [M_DF_COMM_SAME] = {"“%s”指数在社区间差异不显著（%s）。",
                        "The index “%s” does not differ significantly between communities (%s)."},
    [M_DF_TRUST] = {"信任指数（0–100）：“%s”为%s，低于“%s”的%s。",
                    "On the 0–100 trust indices, “%s” (%s) is lower than “%s” (%s)."},

    /* ## Methods of the comparison (compare.c) */

    [M_CMP_METHOD_WAVES] = {"分期：只含一个年份的文件即该年一期，同一年份的多个文件合并为一期，"
                            "含多个年份的文件按年份拆分；没有年份列的文件自成一期，以文件名标记。"
                            "每一期与下一期比较。",
                            "Waves: a file holding one year is the wave of that year, files "
                            "holding the same year are pooled and a file holding several years is "
                            "split by year; a file without a year column is a wave labelled with "
                            "its name. Each wave is compared with the next."},
    [M_CMP_METHOD_PARTICIPANT] = {"参与者指在该期所调查的活动中至少参加一项的受访者；"
                                  "活动题全部缺失者不计入参与指标，不属于任何年龄组者不计入分年龄"
                                  "组指标。参与率给出95% Wilson置信区间。",
                                  "A participant answered yes to at least one activity asked in "
                                  "that wave; respondents whose activity answers are all missing "
                                  "are left out of participation figures, and respondents in no "
                                  "age band out of the by-age figures. Rates carry 95% Wilson "
                                  "intervals."},
    [M_CMP_METHOD_RATES] = {"比例和前两级占比的变化以百分点表示，采用合并方差的两比例z检验（R "
                            "prop.test，不加连续性校正），变化的95%置信区间为非合并的Wald区间。",
                            "A change in a rate or a top-2 share is in percentage points and is "
                            "tested with the pooled two-proportion z test (R prop.test without "
                            "continuity correction); its 95% interval is the unpooled Wald "
                            "interval."},
    [M_CMP_METHOD_MEANS] = {"量表指数（全部题目作答者各题得分均值换算到0–100）"
                            "和题项均值的变化采用Welch t检验（R t.test），置信区间为差值的Welch "
                            "95% t区间。",
                            "Scale indices (an item-score mean rescaled to 0–100, for respondents "
                            "who answered every item) and item means are compared with Welch's t "
                            "test (R t.test); the interval is Welch's 95% t interval of the "
                            "difference."},
    [M_CMP_METHOD_MARKS] = {"%s和%s标记p < "
                            "0.05（双侧）的显著变化，未对比较次数作校正：比较很多时，"
                            "少数显著结果可能出于偶然。",
                            "%s and %s mark changes significant at p < 0.05 (two-sided), without "
                            "correction for the number of comparisons: among many comparisons a "
                            "few are significant by chance."},
    [M_CMP_METHOD_NOT_ASKED] = {"某期未调查的题目标为“未调查”，与该期有关的变化不作检验；"
                                "量表中任一题未调查，该量表即视为未调查。",
                                "A question a wave did not ask is shown as not asked there, and "
                                "changes to or from that wave are not tested; a scale is not "
                                "asked when any of its items was not."},
    [M_CMP_METHOD_SIGNIFICANCE] = {"显著性以p < "
                                   "0.05（双侧）判断，未对比较次数作校正：比较很多时，"
                                   "少数显著结果可能出于偶然。",
                                   "Changes are significant at p < 0.05 (two-sided), without "
                                   "correction for the number of comparisons: among many "
                                   "comparisons a few are significant by chance."},
    [M_CMP_WEIGHTS_IGNORED] = {"未加权：编码簿中的权重列被忽略，因为各期加权估计的比较超出了canyu"
                               "的定义范围；所有指标中每位受访者计为1。",
                               "Unweighted: the codebook's weight column is ignored, because "
                               "comparing weighted estimates between waves is beyond canyu's "
                               "definitions; every figure counts each respondent once."},

    /* ## Methods and reasons of the report (document.c) */

    [M_METHOD_PARTICIPANT] = {"参与者指至少参加过一项活动的受访者；活动题全部缺失者不计入参与指标。"
                       "参与强度为参加活动的项数。",
                       "A participant answered yes to at least one activity; respondents whose "
                       "activity answers are all missing are left out of participation figures. "
                       "Intensity is the number of activities answered yes."},
    [M_METHOD_RATES] = {"参与率给出95% Wilson置信区间。年龄组差异采用不加连续性校正的Pears"
                                "on卡方检验，并报告Cramér's V、调整标准化残差和线性趋势检验。",
                                "Rates carry 95% Wilson score intervals. The age-group test is "
                                "Pearson's chi-square without continuity correction, with "
                                "Cramér's V, adjusted standardized residuals and the "
                                "linear-by-linear trend test."},
    [M_METHOD_LIKERT] = {"李克特题报告均值、标准差、95"
                         "% t置信区间和前两级占比。量表指数为受访者各题得分均值换算到0–100，"
                         "仅计入全部题目作答者；反向题先反向计分。信度为Cronbach's alpha。",
                         "Likert items: mean, SD, 95% t interval, and the share in the two "
                         "highest levels. A scale index is the mean of a respondent's item scores "
                         "rescaled to 0–100, for respondents who answered every item; "
                         "reverse-worded items are recoded first. Reliability is Cronbach's alpha."},
    [M_METHOD_VALIDITY] = {"题项统计即SPSS的“项总计统计”。效度针对每部分的全部题项及每个含3个及以"
                           "上题项的量表：KMO抽样适合性检验、Bartlett球形检验，"
                           "以及对题项相关矩阵做主成分分析，保留特征值大于1的因子（各部分全部题项"
                           "可用--factors N指定因子数），按R的stats::varimax做最大方差旋转。"
                           "二者均基于相关题项全部作答的受访者。",
                           "Item statistics are SPSS's item-total statistics. Validity, for all "
                           "items of a section and for each scale of three or more items: the "
                           "Kaiser–Meyer–Olkin measure (KMO), Bartlett's test of sphericity, and "
                           "principal components of the items' correlation matrix keeping the "
                           "factors of eigenvalue above 1 (or --factors N for a section's items), "
                           "varimax-rotated as R's stats::varimax does. Both use the respondents "
                           "who answered every item concerned."},
    [M_METHOD_ASSOCIATION] = {"组间比较采用Kruskal–Wallis检验（含结校正）；指数与参与强度采用Spear"
                              "man相关；是否参与采用logistic回归。",
                              "Groups are compared with the Kruskal–Wallis test (tie-corrected); "
                              "indices and participation intensity with Spearman's rho; taking "
                              "part is modelled by logistic regression."},
    [M_METHOD_WEIGHTS] = {"加权时，比例、占比和均值为加权估计，置信区间用Kish有效样本量；"
                          "n始终为未加权人数；检验、alpha、题项统计、效度、相关和logistic回归不加"
                          "权。",
                          "With weights, rates, shares and means are weighted and their intervals "
                          "use Kish's effective n; n is always the unweighted count; tests, "
                          "alpha, item statistics, validity, correlations and the logistic model "
                          "are unweighted."},
    [M_REASON_FIELD_COUNT] = {"字段数不符", "Wrong number of fields"},
    [M_REASON_INVALID_VALUE] = {"无效值", "Invalid value"},
    [M_REASON_OUT_OF_RANGE] = {"超出取值范围", "Value out of range"},
    [M_REASON_DUPLICATE_ID] = {"编号重复", "Repeated id"},
    [M_REASON_INVALID_MADE_MISSING] = {"无效值按缺失处理", "Invalid value made missing"},
    [M_REASON_SPEEDER] = {"答题过快", "Speeder"},
    [M_REASON_STRAIGHT_LINER] = {"同一答案", "Straight-lining"},
    [M_REASON_UNKNOWN_COLUMN] = {"编码簿未列出的列", "Column not in the codebook"},

    /* ## Labels and notes of the report and the comparison */

    [M_VALIDATE_NOTE] = {"每条记录见 canyu validate。", "canyu validate lists every record."},
    [M_SHARE_NOTE] = {"占比为该项有效回答者中的比例。",
                      "Shares are of respondents with a known value."},
    [M_COEF] = {"系数", "Coef."},
    [M_SE] = {"标准误", "SE"},
    [M_LOW] = {"下限", "low"},
    [M_HIGH] = {"上限", "high"},
    [M_CMP_PAIR_TITLE] = {"%s：%s %s %s", "%s, %s %s %s"},
    [M_CONTENTS] = {"目录", "Contents"},
};

/* The messages that are plain text, never a format (their '%' is a percent
   sign, as in "95% CI"). */
const unsigned char rp_msg_plain[RP_MSG_COUNT] = {
    [M_PART_BY_AGE] = 1,
    [M_PART_BY_COMM] = 1,
    [M_PART_BY_ACT] = 1,
    [M_CI_LOW] = 1,
    [M_CI_HIGH] = 1,
    [M_OR_LOW] = 1,
    [M_OR_HIGH] = 1,
    [M_CUM_PCT] = 1,
    [M_PCT_VAR] = 1,
    [M_ROT_PCT] = 1,
    [M_ROT_CUM] = 1,
    [M_EXT_PCT] = 1,
    [M_EXT_CUM] = 1,
    [M_TWO_LEVEL_NOTE] = 1,
    [M_PCT_RESPONSES] = 1,
    [M_PCT_CASES] = 1,
    [M_METHODS_QUESTIONS] = 1,
    [M_CI] = 1,
    [M_CMP_METHOD_PARTICIPANT] = 1,
    [M_CMP_METHOD_RATES] = 1,
    [M_CMP_METHOD_MEANS] = 1,
    [M_METHOD_RATES] = 1,
    [M_METHOD_LIKERT] = 1,
};

const char *rp_msg_text(enum report_lang lang, enum rp_msg_id id)
{
    return lang == REPORT_LANG_ZH ? rp_msgs[id].zh : rp_msgs[id].en;
}

char *rp_msg_vformat(enum report_lang lang, enum rp_msg_id id, va_list ap)
{
    const char *fmt = rp_msg_text(lang, id);
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

char *rp_msg_format(enum report_lang lang, enum rp_msg_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *s = rp_msg_vformat(lang, id, ap);
    va_end(ap);
    return s;
}
