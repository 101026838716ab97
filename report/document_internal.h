/* document_internal.h — what the report's document sources share (report/
 * only): the catalogue of its zh/en messages (document_msgs.c), the state of
 * a document being built, and the small helpers every section uses.  The
 * document is built by document.c (the sections and their order),
 * document_findings.c (the findings in words), document_scales.c (the
 * Likert sections with their reliability and validity) and
 * document_questions.c (every single, multi and numeric question).
 */
#ifndef CANYU_REPORT_DOCUMENT_INTERNAL_H
#define CANYU_REPORT_DOCUMENT_INTERNAL_H

#include "report/document.h"
#include "report/report_internal.h"

#include <stdio.h>

/* ## The catalogue (document_msgs.c) */

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
    M_QUESTIONS, M_CATEGORY, M_FREQ_TITLE, M_CROSS_TITLE, M_CHISQ_NOTE,
    M_FROM_DATA, M_DESC_TITLE, M_MEDIAN, M_Q1, M_Q3, M_MIN, M_MAX, M_COMP_TITLE, M_T_NOTE,
    M_F_NOTE, M_ALL_SHOWN,
    M_LIST_SEP, M_SENTENCE_SEP, M_REVERSE_NOTE, M_TWO_LEVEL_NOTE, M_LIKERT_BINNED,
    M_EXPECTED_CAUTION, M_NEGATIVE_ALPHA, M_ZERO_VARIANCE, M_SMALL_GROUPS, M_SMALL_AGE_GROUP,
    M_SMALL_OTHER_GROUP,
    M_Q_WEIGHTED, M_OPTION, M_MULTI_TITLE, M_MULTI_CROSS_TITLE, M_COUNT_CHOSEN,
    M_PCT_RESPONSES, M_PCT_CASES, M_RESPONSES_TOTAL, M_CASES, M_MULTI_NOTE,
    M_MULTI_NOTE_OPTIONS, M_METHODS_QUESTIONS,
    M_PART_BY_COL,
    M_FIND_PRED_AGE, M_FIND_PRED_LEVEL, M_FIND_PRED_SCALE, M_FIND_PRED_NUMERIC,
    M_FIND_PRED_NONE, M_LOGIT_NOTE_NOREF, M_LOGIT_REF_ITEM, M_LOGIT_LIST_SEP,
    M_LOGIT_DROPPED, M_DROP_NO_ANSWERS, M_DROP_ONE_LEVEL, M_DROP_CONSTANT,
    M_COUNT
};


/* One message in English and Chinese. */
struct rp_msg {
    const char *en, *zh;
};
extern const struct rp_msg rp_doc_msgs[M_COUNT];

/* Kaiser's (1974) readings of a KMO, highest first; the last row's MIN is
   -INFINITY. */
struct rp_kmo_reading {
    double min;
    enum msg m;
};
extern const struct rp_kmo_reading rp_doc_kmo_reading[];

/* ## A document being built */

struct doc {
    const struct an_results *r;
    enum report_lang lang;
    struct rp_writer w;
};

static inline const char *msg_in(enum report_lang lang, enum msg m)
{
    return lang == REPORT_LANG_ZH ? rp_doc_msgs[m].zh : rp_doc_msgs[m].en;
}

static inline const char *T(const struct doc *d, enum msg m)
{
    return msg_in(d->lang, m);
}

/* A label of the data in the report's language: the English one when the
   codebook gives one, else the label as written. */
static inline const char *LB(const struct doc *d, const char *zh, const char *en)
{
    return d->lang == REPORT_LANG_ZH || !en || !*en ? zh : en;
}

static inline const char *L(const struct doc *d, const char *zh, const char *en)
{
    return d->lang == REPORT_LANG_ZH ? zh : en;
}

/* A number as the report prints it (ASCII-safe dash for missing values). */
static inline const char *fmt(const struct doc *d, char *buf, double v, enum report_cell_class cls)
{
    return report_number_format(buf, REPORT_NUMBER_SIZE, v, cls, d->w.o->ascii);
}

/* A p-value as it follows "p" in prose: "= 0.042", "< 0.001". */
static inline const char *p_after(const struct doc *d, char *buf, double p)
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

static inline void heading(struct doc *d, enum msg m)
{
    rp_heading(&d->w, T(d, m));
}

static inline void sentence(struct doc *d, const char *s)
{
    rp_sentences(&d->w, &s, 1);
}


/* ## The comparison of a mean across groups (document.c) */

/* The notes under a comparison: Student's and Welch's t (two groups), the
   ANOVA with η², Welch's ANOVA, Levene and Kruskal–Wallis.  A new string, or
   NULL when out of memory. */
/* The name of grouping BY, and of its group G, in D's language. */
const char *rp_doc_by_label(const struct doc *d, const struct an_qby *by);
const char *rp_doc_group_label(const struct doc *d, const struct an_qby *by, size_t g);

char *rp_doc_comparison_note(const struct doc *d, const struct stats_comparison *c);

/* The table of BY's groups (n, mean, SD) with those notes, titled by
   SUBJECT (a question's or a scale's label) and the grouping. */
void rp_doc_comparison_table(struct doc *d, const char *subject, const struct an_qby *by);

/* ## The sections in other files */

/* The satisfaction, trust or other-scales section of LK under HEADING_MSG
   (document_scales.c). */
void rp_doc_section_likert(struct doc *d, enum msg heading_msg, const struct an_likert *Lk);

/* ## Cautions in words (document_cautions.c); analysis/ chose them */

/* NOTE (owned), followed by the caution on the chi-square at A, B (A = -1:
   participant × age group, B = 0; else question A's grouping B) when there
   is one.  Returns the new note; NULL when NOTE is NULL or out of memory. */
char *rp_doc_expected_note(const struct doc *d, char *note, int a, int b);

/* The cautions on LK's scales (negative alpha, an item that does not vary),
   as sentences. */
void rp_doc_scale_cautions(struct doc *d, const struct an_likert *Lk);

/* SENTENCE (owned), finding I of R in LANG, followed by its cautions (the
   test behind it, the small groups behind it).  NULL when SENTENCE is NULL
   or out of memory. */
char *rp_doc_finding_cautions(const struct an_results *r, size_t i, enum report_lang lang,
                              char *sentence);
/* The questions section: every single, multi and numeric question
   (document_questions.c). */
void rp_doc_section_questions(struct doc *d);

#endif
