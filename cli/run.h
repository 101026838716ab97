/* run.h — what the report, validate and compare commands share between
   parsing their options and printing their verdict: the codebook, loading
   the files, the --strict check, and writing the results in the format
   asked for (cli/ internal).  Every function prints its own errors, in the
   one shape "canyu: FILE:LINE: message". */
#ifndef CANYU_CLI_RUN_H
#define CANYU_CLI_RUN_H

#include "analysis/analysis.h"
#include "analysis/compare.h"
#include "cli/options.h"
#include "cli/output.h"
#include "survey/survey.h"

/* ## Input */

/* O's codebook: -c FILE; else, when MAY_DRAFT and the first file carries
   its own labels (SPSS, Stata), a draft from them, said on standard error
   unless --quiet; else the built-in one.  NULL after printing the error.
   compare does not draft: one wave's labels need not fit the others. */
struct survey_codebook *cli_codebook(const struct cli_options *o, int may_draft);

/* A new survey typed by CB holding FILES[0..N_FILES), read one after
   another with O's loading options (ABSENT_OK: a codebook column a file
   lacks is "not asked", as for waves) and a progress bar each, then
   finished.  Returns EXIT_OK, or EXIT_DATA after printing the error; *S is
   then whatever was built (free it). */
int cli_load_survey(const struct cli_options *o, const struct survey_codebook *cb,
                    char *const *files, int n_files, int absent_ok, struct survey **s);

/* Load the codebook (cli_codebook, drafting allowed) and every file into
   one survey, and with --rejects write the rejected records to REJECTS,
   finished but not committed: the command commits it (cli_output_commit)
   when it succeeds, so that a command that fails leaves no --rejects file,
   or discards it.  On an error prints it and returns EXIT_DATA; *CB and *S
   are then whatever was built (free them). */
int cli_load(const struct cli_options *o, struct survey_codebook **cb, struct survey **s,
             struct cli_output *rejects);

/* Unless --quiet, one line on standard error for each file of S with
   rejected records or values made missing, in the report language.
   Returns EXIT_DATA (after saying so) when every record read was rejected,
   else EXIT_OK. */
int cli_note_rejections(const struct cli_options *o, const struct survey *s);

/* With --strict, EXCLUDED records rejected in all are an error: EXIT_DATA
   after saying so.  Else EXIT_OK. */
int cli_strict(const struct cli_options *o, long excluded);

/* ## Output */

/* What a command writes: the results of one survey (report) or of waves
   (compare); exactly one is not NULL. */
struct cli_results {
    const struct an_results *report;
    const struct cmp_results *compare;
};

/* Write RES to -o FILE (or standard output) through W in O's format and
   language: JSON, and for CSV the same object as rows; else the document
   rendered as text, Markdown, HTML or xlsx.  The output is finished, not
   committed: the command commits W (cli_output_commit) with its other
   outputs, or discards it.  0, or -1 after printing the error. */
int cli_write(const struct cli_options *o, const struct cli_results *res, struct cli_output *w);

#endif
