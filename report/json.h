/* json.h — the JSON output (its stable keys are listed in docs/json.md), built
 * with jansson.  Part of the report module: it formats, it never computes.
 *
 * Functions that return a json_t * transfer a new reference: release it with
 * json_decref().  NaN and infinite numbers become null, never "NaN".  A
 * string that is not valid UTF-8 (a file name, say) is written with each
 * invalid byte replaced by U+FFFD, never dropped.
 *
 * Out of memory: jansson's constructors return NULL and its setters -1, and
 * an object built without checking each of them lacks keys, silently.  Every
 * builder here checks every call and either returns the whole object or
 * NULL (or -1): never an object with a key missing.  report_json_set() and
 * report_json_append() are the checks, for other builders to use: each
 * latches a failure in *FAILED (which it never clears), so that a builder
 * checks once, at its end.
 */
#ifndef CANYU_REPORT_JSON_H
#define CANYU_REPORT_JSON_H

#include "analysis/analysis.h"
#include "analysis/compare.h"
#include "report/document.h"

#include <jansson.h>
#include <stdio.h>

/* ## The documents */

/* The whole object `canyu report --format json` writes: "tool" ("canyu"),
   "version" (VERSION), "input" and "age_bands" (R's account of its input),
   the results of R (see report_json_results) and "findings" in LANG.  NULL
   when out of memory. */
json_t *report_json_report(const struct an_results *r, enum report_lang lang, const char *version);

/* The whole object `canyu compare --format json` writes: "tool", "version",
   the comparison (report_compare_json, report/compare.h) and "findings" in
   LANG.  NULL when out of memory. */
json_t *report_json_compare(const struct cmp_results *c, enum report_lang lang, const char *version);

/* Write ROOT to OUT, indented, with a final newline.  0, or -1 on a write
   error or out of memory. */
int report_json_write(json_t *root, FILE *out);

/* ## The parts */

/* A number, or null when X is NaN or infinite (NULL when out of memory). */
json_t *report_json_number(double x);

/* A string: S, or when S is not valid UTF-8 a copy with each invalid byte
   replaced by U+FFFD.  NULL when out of memory. */
json_t *report_json_string(const char *s);

/* The "input" object: files, encoding, counts, every excluded record. */
json_t *report_json_input(const struct an_input *in);

/* The "age_bands" array of labels. */
json_t *report_json_age_bands(const char *const *labels, size_t n);

/* Add "weighting", "profile", "participation", "satisfaction", "trust" and
   "association" of R to the object ROOT.  0, or -1 when out of memory (ROOT
   then holds some of them: drop it). */
int report_json_results(json_t *root, const struct an_results *r);

/* ## Checked building */

/* Set OBJ's KEY to VALUE, taking VALUE's reference; a NULL VALUE or OBJ, or
   a failure of jansson's, sets *FAILED to 1. */
void report_json_set(int *failed, json_t *obj, const char *key, json_t *value);

/* Append VALUE to the array ARR, the same way. */
void report_json_append(int *failed, json_t *arr, json_t *value);

#endif
