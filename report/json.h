/* json.h — the JSON output of DESIGN.md ("JSON output: stable keys"), built
 * with jansson.  Part of the report module: it formats, it never computes.
 *
 * Functions that return a json_t * transfer a new reference: release it with
 * json_decref().  NaN and infinite numbers become null, never "NaN".
 */
#ifndef CANYU_REPORT_JSON_H
#define CANYU_REPORT_JSON_H

#include "analysis/analysis.h"
#include "survey/survey.h"

#include <jansson.h>
#include <stdio.h>

/* A number, or null when X is NaN or infinite. */
json_t *report_json_number(double x);

/* The "input" object: files, encoding, counts, every excluded record. */
json_t *report_json_input(const struct survey *s);

/* The "age_bands" array of labels. */
json_t *report_json_age_bands(const struct survey_bands *b);

/* Add "weighting", "profile", "participation", "satisfaction", "trust" and
   "association" of R to the object ROOT. */
void report_json_results(json_t *root, const struct an_results *r);

/* Write ROOT to OUT, indented, with a final newline.  0 or -1 on a write error. */
int report_json_write(json_t *root, FILE *out);

#endif
