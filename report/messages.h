/* messages.h — the catalogue of every zh/en string report/ writes: one id
 * per message, its Chinese and English text in messages.c (report/ only).
 *
 * A message that takes arguments is a printf format.  Where the two
 * languages put the arguments in different orders, both use positional
 * conversions ("%1$s", "%2$.1f"); either way both languages take the same
 * arguments with the same conversions (tests/test_messages.c checks it), so
 * one call, rp_msg_format(lang, id, ...), serves both.
 */
#ifndef CANYU_REPORT_MESSAGES_H
#define CANYU_REPORT_MESSAGES_H

#include "report/document.h"

#include <stdarg.h>

enum rp_msg_id {
    /* The report (document*.c) */
    M_FINDINGS, M_DATA, M_PROFILE, M_PARTICIPATION, M_SATISFACTION, M_TRUST, M_ASSOCIATION,
    M_METHODS, M_FILES, M_FILE, M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_EXCLUDED_BY_REASON,
    M_REASON, M_RECORDS, M_QUALITY, M_WARNING, M_RESPONDENTS, M_SPEEDERS, M_STRAIGHT, M_LENIENT,
    M_NONE_EXCLUDED, M_SAMPLE_PROFILE, M_N, M_SHARE, M_AGE_GROUP, M_GENDER, M_PARTY,
    M_SUBDISTRICT, M_COMMUNITY, M_NO_AGE_GROUP, M_PART_BY_AGE, M_PART_BY_COMM, M_PART_BY_ACT,
    M_PARTICIPANTS, M_RATE, M_CI_LOW, M_CI_HIGH, M_ADJ_RES, M_OVERALL, M_TEST_NOTE,
    M_ACT_BY_AGE, M_ACTIVITY, M_INTENSITY, M_MEAN, M_SD, M_BARRIERS, M_ITEMS, M_ITEM, M_TOP2,
    M_DISTRIBUTION, M_SCALES, M_SCALE, M_K, M_ALPHA, M_STD_ALPHA, M_INDEX_MEAN, M_INDEX_BY_AGE,
    M_INDEX_BY_COMM, M_KW_NOTE, M_SPEARMAN, M_RHO, M_P, M_LOGIT, M_TERM, M_OR, M_OR_LOW,
    M_OR_HIGH, M_LOGIT_NOTE, M_LOGIT_FAILED, M_NO_DATA, M_WEIGHTS_NONE, M_WEIGHTS_COLUMN,
    M_WEIGHTS_RAKING, M_ALL_MISSING, M_NO_ITEMS, M_LOGIT_TOO_FEW, M_ITEM_STATS,
    M_SCALE_MEAN_DEL, M_SCALE_VAR_DEL, M_ITEM_TOTAL, M_ALPHA_DEL, M_ITEM_STATS_NOTE, M_VALIDITY,
    M_ALL_ITEMS, M_KMO, M_KMO_READING, M_BARTLETT, M_DF, M_FACTORS, M_CUM_PCT, M_VAR_EXPLAINED,
    M_VALIDITY_NOTE, M_VARIANCE, M_COMPONENT, M_EIGENVALUE, M_PCT_VAR, M_ROT_SS, M_ROT_PCT,
    M_ROT_CUM, M_EXT_SS, M_EXT_PCT, M_EXT_CUM, M_VARIANCE_NOTE, M_VARIANCE_NOTE_FIXED,
    M_LOADINGS_ROT, M_LOADINGS_ONE, M_FACTOR_N, M_LOADINGS_NOTE, M_LOADINGS_ONE_NOTE,
    M_VAL_TOO_FEW, M_VAL_CONSTANT, M_VAL_SINGULAR, M_VAL_FAILED, M_SET_SATISFACTION,
    M_SET_TRUST, M_FIND_CROSS, M_FIND_VALID_ONE, M_FIND_VALID_MANY, M_FIND_UNSUITED,
    M_KMO_MARVELLOUS, M_KMO_MERITORIOUS, M_KMO_MIDDLING, M_KMO_MEDIOCRE, M_KMO_MISERABLE,
    M_KMO_UNACCEPTABLE, M_TITLE, M_BLANK, M_BLANK_NOTE, M_OTHER_SCALES, M_QUESTIONS, M_CATEGORY,
    M_FREQ_TITLE, M_CROSS_TITLE, M_CHISQ_NOTE, M_FROM_DATA, M_DESC_TITLE, M_MEDIAN, M_Q1, M_Q3,
    M_MIN, M_MAX, M_COMP_TITLE, M_T_NOTE, M_F_NOTE, M_ALL_SHOWN, M_LIST_SEP, M_SENTENCE_SEP,
    M_REVERSE_NOTE, M_TWO_LEVEL_NOTE, M_LIKERT_BINNED, M_EXPECTED_CAUTION, M_NEGATIVE_ALPHA,
    M_ZERO_VARIANCE, M_SMALL_GROUPS, M_SMALL_AGE_GROUP, M_SMALL_OTHER_GROUP, M_Q_WEIGHTED,
    M_OPTION, M_MULTI_TITLE, M_MULTI_CROSS_TITLE, M_COUNT_CHOSEN, M_PCT_RESPONSES, M_PCT_CASES,
    M_RESPONSES_TOTAL, M_CASES, M_MULTI_NOTE, M_MULTI_NOTE_OPTIONS, M_METHODS_QUESTIONS,
    M_PART_BY_COL, M_FIND_PRED_AGE, M_FIND_PRED_LEVEL, M_FIND_PRED_SCALE, M_FIND_PRED_NUMERIC,
    M_FIND_PRED_NONE, M_LOGIT_NOTE_NOREF, M_LOGIT_REF_ITEM, M_LOGIT_LIST_SEP, M_LOGIT_DROPPED,
    M_DROP_NO_ANSWERS, M_DROP_ONE_LEVEL, M_DROP_CONSTANT,
    /* The comparison of waves (compare*.c) */
    M_WAVES, M_CMP_SCALES, M_SAT_ITEMS, M_TRUST_ITEMS, M_WAVE_COL, M_WAVES_TABLE, M_WAVE,
    M_CMP_FILES, M_NOT_ASKED_COL, M_NONE, M_EXCLUDED_NOTE, M_NOT_ASKED, M_GROUP, M_PART_TREND,
    M_PART_BY_WAVE, M_PART_CHANGE, M_CI, M_Z, M_T, M_RATE_LEGEND, M_SCALE_TREND,
    M_SCALE_BY_WAVE, M_SCALE_CHANGE, M_CHANGE, M_MEAN_LEGEND, M_ITEM_MEANS, M_ITEM_TOP2,
    M_MEAN_CHANGE_T, M_TOP2_CHANGE_T, M_TOP2_LEGEND, M_MEAN_NOTE, M_TOP2_NOTE, M_CMP_TITLE,
    /* Excel charts (xlsx_charts.c) */
    M_VALUE, M_XLSX_SHARE, M_XLSX_WAVE, M_CI_MINUS, M_CI_PLUS,
    /* Findings of the comparison (compare_findings.c) */
    M_CF_AGE_LABEL, M_CF_RATE_CHANGE, M_CF_BY_AGE, M_CF_BY_ACTIVITY, M_CF_AGE_SAME,
    M_CF_ACT_SAME, M_CF_RATES_HEAD, M_CF_AGE_ROSE, M_CF_AGE_FELL, M_CF_AGE_STEADY,
    M_CF_ACT_ROSE, M_CF_ACT_FELL, M_CF_ACT_STEADY, M_CF_END, M_CF_OVERALL_ROSE,
    M_CF_OVERALL_FELL, M_CF_OVERALL_SAME, M_CF_SCALE_ROSE, M_CF_SCALE_FELL, M_CF_SCALE_SAME,
    M_CF_ITEM_CHANGE, M_CF_ITEMS_SAME, M_CF_ITEMS_HEAD, M_CF_ITEMS_ROSE, M_CF_ITEMS_FELL,
    M_CF_ITEMS_OTHER_ONE, M_CF_ITEMS_OTHER, M_CF_QUESTION_SEP, M_CF_QUESTION, M_CF_SCALE_SEP,
    M_CF_NOT_ASKED_ONE, M_CF_NOT_ASKED, M_CF_NOT_ASKED_ONE_INDEX, M_CF_NOT_ASKED_ONE_INDICES,
    M_CF_NOT_ASKED_INDEX, M_CF_NOT_ASKED_INDICES, M_CF_ACTIVITIES_DIFFER,
    /* Findings of the report (document_findings.c) */
    M_DF_BARRIER, M_DF_PARTICIPATION, M_DF_AGE_DIFFER, M_DF_AGE_SAME, M_DF_TOP_ACTIVITY,
    M_DF_BARRIERS, M_DF_SATISFACTION, M_DF_COMM_DIFFER, M_DF_COMM_SAME, M_DF_TRUST,
    RP_MSG_COUNT
};

/* One message in Chinese and English.  TEXT: the message is plain text,
   never a format (its '%' is a percent sign, as in "95% CI"). */
struct rp_msg {
    const char *zh, *en;
    int text;
};
#define RP_MSG_TEXT 1

/* The catalogue, by id. */
extern const struct rp_msg rp_msgs[RP_MSG_COUNT];

/* The text of ID in LANG (a format when the message takes arguments). */
const char *rp_msg_text(enum report_lang lang, enum rp_msg_id id);

/* ID in LANG formatted with the arguments that follow; a new string, NULL
   when out of memory.  ID is a format (not marked RP_MSG_TEXT). */
char *rp_msg_format(enum report_lang lang, enum rp_msg_id id, ...);
char *rp_msg_vformat(enum report_lang lang, enum rp_msg_id id, va_list ap);

/* ZH (nonzero) as a language. */
static inline enum report_lang rp_msg_lang(int zh)
{
    return zh ? REPORT_LANG_ZH : REPORT_LANG_EN;
}

#endif
