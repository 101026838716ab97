/* document_internal.h — what the report's document sources share (report/
 * only): the catalogue of its zh/en messages (messages.h), the state of
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
#include "report/messages.h"

#include <stdio.h>

/* ## Readings of the catalogue (messages.h) */

/* Kaiser's (1974) readings of a KMO, highest first; the last row's MIN is
   -INFINITY. */
struct rp_kmo_reading {
    double min;
    enum rp_msg_id m;
};
extern const struct rp_kmo_reading rp_doc_kmo_reading[];

/* ## A document being built */

struct doc {
    const struct an_results *r;
    enum report_lang lang;
    struct rp_writer w;
};

static inline const char *msg_in(enum report_lang lang, enum rp_msg_id m)
{
    return rp_msg_text(lang, m);
}

static inline const char *T(const struct doc *d, enum rp_msg_id m)
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

static inline void heading(struct doc *d, enum rp_msg_id m)
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
void rp_doc_section_likert(struct doc *d, enum rp_msg_id heading_msg, const struct an_likert *Lk);

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
