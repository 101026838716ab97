/* compare.h — rendering a comparison of waves (analysis/compare.h): the text,
 * Markdown and CSV document with ▲/▼ marks and trend charts, the JSON of
 * docs/json.md ("canyu compare"), and the findings in Chinese or
 * English.  Part of the report module: it picks, orders and formats what
 * stats_compare() computed, and decides nothing but how it reads (a change
 * is marked or called significant by stats_compare_direction()).
 *
 * Ownership: report_compare_findings() returns sentences the caller frees
 * with report_findings_free() (report/document.h); report_compare_json()
 * adds new references to ROOT; the renderer writes to the FILE * it is given.
 */
#ifndef CANYU_REPORT_COMPARE_H
#define CANYU_REPORT_COMPARE_H

#include "report/document.h"
#include "report/report.h"
#include "analysis/compare.h"

#include <jansson.h>
#include <stdio.h>

/* Plain-language findings of C in LANG, for each pair of consecutive waves:
   whether participation changed overall, in which age groups and activities
   it changed significantly and in which not, each index's change, the items
   whose mean changed significantly (and how many did not), and what was not
   asked in which wave.  Returns the count and sets *OUT, or -1 when out of
   memory. */
long report_compare_findings(const struct cmp_results *c, enum report_lang lang, char ***out);

/* Render C in LANG with options O (text, Markdown or CSV): findings, waves,
   participation, scale indices, satisfaction items, trust items, methods.
   Per section a table of the waves side by side, marked ▲/▼ (ASCII +/-)
   where a value differs significantly from the previous wave, and one table
   per pair of consecutive waves with each change, its 95% interval, the test
   statistic and p; with three or more waves, trend charts of participation
   by age group and of each index.  CSV gives the same tables as tidy rows of
   numbers, without marks.  Returns 0, or -1 when out of memory or on a write
   error. */
int report_compare_render(const struct cmp_results *c, enum report_lang lang,
                          const struct report_options *o, FILE *out);

/* Add to ROOT the keys of `canyu compare --format json` that describe the
   comparison: "input", "waves", "age_bands", "weighting", "participation",
   "scales" and "items" (docs/json.md's layout, extended with intervals, age
   groups, activities and items). */
void report_compare_json(json_t *root, const struct cmp_results *c);

#endif
