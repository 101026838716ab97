/* cmd_report.c — `canyu report`: load, analyse, render.  This file only wires
 * the modules together: survey/ loads, analysis/ computes, report/ renders.
 */
#include "cli/options.h"
#include "cli/output.h"
#include "cli/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: canyu report [OPTIONS] FILE...\n"
    "The full report on one survey (several files are pooled into one).\n\n"
    "  -c, --codebook FILE    the questionnaire's codebook (default: built in)\n"
    "  -f, --format F         text, markdown, csv, json, html or xlsx (default: from the\n"
    "                         -o file's extension, else text); xlsx needs -o or a redirect\n"
    "  -o, --output FILE      write to FILE (atomically) instead of standard output\n"
    "      --lang zh|en       report language (default from LC_ALL/LC_MESSAGES/LANG)\n"
    "      --encoding E       auto, utf-8 or gb18030 (default auto)\n"
    "      --sheet NAME       an xlsx file's sheet to read (default: the first in tab order)\n"
    "      --age-bands B      e.g. 18-34,35-59,60- (default " SURVEY_DEFAULT_BANDS ";\n"
    "                         not with an age asked as brackets, whose brackets are the groups)\n"
    "      --year YYYY        the survey year, for a birth_year column when there is no year\n"
    "                         column (or a respondent's year is blank)\n"
    "      --rake FILE        rake the weights to population margins (variable,category,share)\n"
    "      --lenient          an invalid value becomes missing instead of rejecting its record\n"
    "      --strict           any rejected record is an error (exit 1)\n"
    "      --rejects FILE     write the rejected records, with line and reason, as CSV\n"
    "      --min-duration S   flag responses faster than S seconds as speeders\n"
    "      --threads N        threads at work, 1 or 2: a large file read in two parts at\n"
    "                         once, the statistics of 100,000 respondents or more on two\n"
    "                         (default: 2 when the machine has two processors)\n"
    "      --by COLUMN[,COLUMN]  group every question, participation and every scale\n"
    "                         index by these categorical columns as well as by age\n"
    "                         group (repeatable)\n"
    "      --model TERMS      the logistic model's predictors instead of the default: columns\n"
    "                         (single, numeric, gender, ...), scales or age_group, comma-\n"
    "                         separated (repeatable)\n"
    "      --factors N        keep N factors in the factor analysis of each section's items\n"
    "                         (default: those with eigenvalue above 1)\n"
    "      --ascii            plain ASCII: no box-drawing or block characters\n"
    "      --ambiwidth 1|2    how wide the terminal draws ambiguous-width characters\n"
    "      --width N          the page width (default: the terminal's, else $COLUMNS, else 100)\n"
    "  -q, --quiet            no progress or notes on standard error\n";

/* The columns of O's --by options: each option a column of S as a whole
   (a header may hold a comma), else a comma-separated list of them.  Each
   must be able to group respondents.  Returns EXIT_OK, or EXIT_USAGE after
   saying why (EXIT_DATA when out of memory).  *BUF holds the names. */
static int by_whole(const struct survey *s, const char *a)
{
    return survey_var_by_name(s, a) != NULL;
}

static int resolve_by(const struct cli_options *o, const struct survey *s, const char **by,
                      size_t *n, char **buf)
{
    static const struct cli_list_kind kind = {"--by", "columns", by_whole, an_by_check};
    return cli_resolve_list(s, o->by, o->n_by, &kind, by, n, buf);
}

int cmd_report(int argc, char **argv)
{
    struct cli_options o;
    int rc = cli_options_parse(argc, argv, usage, &o);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    struct survey_bands bands = {0};
    struct survey_error err = {0};
    struct survey_codebook *cb;
    struct survey *s;
    struct cli_output rejects = {0}, w = {0};
    rc = cli_load(&o, &cb, &s, &rejects);
    if (rc == EXIT_OK)
        rc = cli_bands(&o, cb, "report", &bands);
    if (rc == EXIT_OK)
        rc = cli_note_rejections(&o, s);
    if (rc == EXIT_OK && (rc = cli_strict(&o, s->rows_excluded)) != EXIT_OK)
        /* The verdict on the data, not a failure: --rejects says why. */
        cli_output_commit(&rejects);
    struct survey_margins margins = {0};
    struct an_results *res = NULL;
    struct an_options aopt = {.factors = (size_t)o.factors, .threads = o.load.threads};
    char *by_buf = NULL;
    const char *by[CLI_MAX_BY_COLUMNS];
    if (rc == EXIT_OK && o.n_by) {
        rc = resolve_by(&o, s, by, &aopt.n_by, &by_buf);
        aopt.by = by;
    }
    char *model_buf = NULL;
    const char *model[CLI_MAX_BY_COLUMNS];
    if (rc == EXIT_OK && o.n_model) {
        rc = cli_resolve_model(&o, s, model, &aopt.n_model, &model_buf);
        aopt.model = model;
    }
    if (rc == EXIT_OK && o.rake && survey_margins_load(o.rake, &margins, &err) < 0) {
        cli_print_error(&err);
        rc = EXIT_DATA;
    }
    if (rc == EXIT_OK &&
        !(res = stats_analyse_with(s, &bands, o.rake ? &margins : NULL, &aopt, &err))) {
        cli_print_error(&err);
        rc = EXIT_DATA;
    }
    /* The results stand alone: the survey is gone before they are rendered. */
    survey_margins_free(&margins);
    free(by_buf);
    free(model_buf);
    survey_free(s);
    survey_codebook_free(cb);
    survey_bands_free(&bands);
    s = NULL;
    cb = NULL;
    if (rc == EXIT_OK && cli_write(&o, &(struct cli_results){.report = res}, &w) < 0)
        rc = EXIT_DATA;
    /* Both outputs, or neither. */
    if (rc == EXIT_OK && (cli_output_commit(&rejects) < 0 || cli_output_commit(&w) < 0))
        rc = EXIT_DATA;
    cli_output_discard(&rejects);
    cli_output_discard(&w);
    stats_results_free(res);
    return rc;
}
