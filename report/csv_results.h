/* csv_results.h — `--format csv`: every figure of a command's JSON output as
 * one tidy CSV table, for a spreadsheet's pivot table.  Part of the report
 * module: it formats, it never computes.
 *
 * The table is made from the very JSON object that `--format json` writes
 * (report/json.h, report/compare.h), walked key by key, so the two formats
 * cannot disagree: a figure added to the JSON is a row of the CSV without a
 * change here, under its JSON key.  The layout, documented for users in
 * docs/json.md ("CSV output"):
 *
 *     section,table,group,row,column,value
 *
 * one row per scalar of the JSON (but "tool" and "version" at the top):
 *
 * - SECTION is the top-level key ("participation", "findings").
 * - COLUMN is the JSON key that holds the value ("rate", "ci_low",
 *   "chi_square", "p_value"); for an element of a list of scalars, the
 *   list's key ("adjusted_residuals", "distribution", "findings").
 * - ROW names the innermost list element on the value's path, GROUP the one
 *   enclosing it; both are empty outside lists.  An element of a list of
 *   objects is named by the first of its members "group", "wave", "term",
 *   "category", "variable", "column", "scale", "file", "label", "code" that
 *   every element of the list has as a non-empty string, the values all
 *   different, or else "FROM→TO" from "from" and "to", or else by its
 *   position 1, 2, …; that naming member is not repeated as a row.  A list
 *   of scalars or lists is named by position, except "adjusted_residuals"
 *   (by the top-level "age_bands") and "item_total", "alpha_if_deleted",
 *   "kmo_items" and "loadings" (by the sibling "items"), when the names fit.
 * - TABLE is the path of keys between SECTION and COLUMN, joined by ".";
 *   list elements further out than GROUP are written after their list's
 *   key as "[name]" ("[name]" first when the list is the section itself).
 * - VALUE: numbers unrounded: integers as integers, others as the shortest
 *   "%.*g" of 15 to 17 significant digits that reads back as the same double
 *   (a p-value is "8.565062662059372e-31", never "<0.001"; 0.3 is "0.3");
 *   true and false as "true" and "false"; text as it is; null (a figure that
 *   cannot be computed) empty.  An empty list or object gives no row.
 *
 * So (section, table, group, row, column) names one figure, and a pivot of
 * one (section, table) with ROW down and COLUMN across is the report's
 * table: participation,by_age_group,,18-29,rate,0.4175824175824176.
 * The text starts with a UTF-8 byte order mark (without which Excel and WPS
 * read a CSV in the system's code page) and the header line; fields are
 * quoted as RFC 4180 says; lines end in LF.
 *
 * Ownership: ROOT is borrowed and left unchanged.
 */
#ifndef CANYU_REPORT_CSV_RESULTS_H
#define CANYU_REPORT_CSV_RESULTS_H

#include <jansson.h>
#include <stdio.h>

/* Write the JSON object ROOT (`canyu report` or `canyu compare`) to OUT as
   the table above.  Returns 0, or -1 when ROOT is not an object, when out of
   memory or when OUT reports a write error. */
int report_csv_results(const json_t *root, FILE *out);

#endif
