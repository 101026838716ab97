/* document.h — the whole report: findings, data, profile, participation,
 * satisfaction, trust, association and methods, built from analysis results
 * as tables and charts (report.h) in Chinese or English, and the findings as
 * plain-language sentences.  Part of the report module: it only compares and
 * formats numbers the analyses computed.
 *
 * Ownership: report_findings() returns sentences the caller frees with
 * report_findings_free(); everything else writes to the FILE * it is given.
 */
#ifndef CANYU_REPORT_DOCUMENT_H
#define CANYU_REPORT_DOCUMENT_H

#include "report/report.h"
#include "analysis/analysis.h"

enum report_lang { REPORT_LANG_EN, REPORT_LANG_ZH };

/* Plain-language findings drawn from R in LANG: which age group takes part
   most and least (with the test), the main barriers, the lowest and highest
   rated services, interpersonal against institutional trust, each section's
   factor analysis and the items that load more on another scale's factor
   than on their own scale's, the strongest predictor of taking part.  A finding is stated only when the numbers
   support it (a difference is called one only when its test gives p < 0.05).
   Returns the count and sets *OUT, or -1 when out of memory. */
long report_findings(const struct an_results *r, enum report_lang lang, char ***out);
void report_findings_free(char **f, long n);

/* Render the full report of R in LANG with options O (text, Markdown or
   CSV).  Returns 0, or -1 when out of memory or on a write error. */
int report_document_render(const struct an_results *r, enum report_lang lang,
                           const struct report_options *o, FILE *out);

#endif
