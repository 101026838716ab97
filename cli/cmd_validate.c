/* cmd_validate.c — `canyu validate`: every problem in the data, one per line,
 * then a summary.  Exit 1 if any record was rejected (or a file could not be
 * read), else 0: warnings alone do not fail validation.
 */
#include "cli/options.h"
#include "cli/output.h"
#include "cli/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: canyu validate [OPTIONS] FILE...\n"
    "List every rejected record and data-quality warning, one per line:\n"
    "  FILE:LINE: column \"...\": value \"...\": reason\n"
    "Exit status: 0 no record rejected, 1 a record rejected or a file error, 2 usage error.\n\n"
    "  -c, --codebook FILE   the questionnaire's codebook (default: built in)\n"
    "      --encoding E      auto, utf-8 or gb18030 (default auto)\n"
    "      --sheet NAME       an xlsx file's sheet to read (default: the first in tab order)\n"
    "      --lenient         an invalid value becomes missing (a warning) instead of\n"
    "                        rejecting its record\n"
    "      --min-duration S  also flag responses faster than S seconds\n"
    "      --year YYYY       the survey year, for a birth_year column when there is no\n"
    "                        year column (or a respondent's year is blank)\n"
    "      --threads N       threads at work, 1 or 2: a large file read in two parts at\n"
    "                        once, the statistics of 100,000 respondents or more on two\n"
    "                        (default: 2 when the machine has two processors)\n"
    "      --rejects FILE    write the rejected records, with line and reason, as CSV\n"
    "  -q, --quiet           print only the summary (and no progress bar)\n";

static void print_problem(FILE *out, const struct survey_problem *p)
{
    fprintf(out, "%s:%ld: ", p->file, p->line);
    if (!survey_reason_rejects(p->reason))
        fputs("warning: ", out);
    if (*p->column)
        fprintf(out, "column \"%s\": ", p->column);
    if (*p->column && p->reason != REASON_UNKNOWN_COLUMN)
        fprintf(out, "value \"%s\": ", p->value);
    fprintf(out, "%s\n", p->detail);
}

/* Problems in input order: by file, then line (rejections come before the
   warnings found after loading, so they are sorted here). */
static const struct survey *sort_survey;
static int by_place(const void *a, const void *b)
{
    const struct survey_problem *p = *(const struct survey_problem *const *)a;
    const struct survey_problem *q = *(const struct survey_problem *const *)b;
    size_t fp = 0, fq = 0;
    for (size_t i = 0; i < sort_survey->n_files; i++) {
        if (sort_survey->files[i].name == p->file)
            fp = i;
        if (sort_survey->files[i].name == q->file)
            fq = i;
    }
    if (fp != fq)
        return fp < fq ? -1 : 1;
    if (p->line != q->line)
        return p->line < q->line ? -1 : 1;
    return p < q ? -1 : p > q;
}

int cmd_validate(int argc, char **argv)
{
    struct cli_options o;
    int rc = cli_options_parse(argc, argv, usage, &o);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (o.n_model) {
        cli_error("validate: --model does not apply: validate checks the data, not a model; "
                  "give --model to 'canyu report'");
        return EXIT_USAGE;
    }
    if (o.n_by) {
        cli_error("validate: --by does not apply: validate checks the data, not a comparison; "
                  "give --by to 'canyu report'");
        return EXIT_USAGE;
    }
    struct survey_codebook *cb;
    struct survey *s;
    struct cli_output rejects = {0};
    rc = cli_load(&o, &cb, &s, &rejects);
    /* Every check report makes of the codebook and the data, the analysis's
       own included (a scale whose index grid is too fine): validate passes
       nothing that report then refuses. */
    if (rc == EXIT_OK) {
        struct survey_bands bands;
        struct survey_error err = {0};
        struct an_options aopt = {.factors = (size_t)o.factors, .threads = o.load.threads};
        if ((rc = cli_bands(&o, cb, "validate", &bands)) == EXIT_OK) {
            struct an_results *res = stats_analyse_with(s, &bands, NULL, &aopt, &err);
            if (!res) {
                cli_print_error(&err);
                rc = EXIT_DATA;
            }
            stats_results_free(res);
            survey_bands_free(&bands);
        }
    }
    const struct survey_problem **order = NULL;
    if (rc == EXIT_OK && !(order = malloc((s->n_problems + 1) * sizeof *order))) {
        cli_error("out of memory");
        rc = EXIT_DATA;
    }
    if (rc == EXIT_OK) {
        long ignored = 0;
        for (size_t i = 0; i < s->n_problems; i++) {
            order[i] = &s->problems[i];
            ignored += s->problems[i].reason == REASON_UNKNOWN_COLUMN;
        }
        sort_survey = s;
        qsort(order, s->n_problems, sizeof *order, by_place);
        for (size_t i = 0; i < s->n_problems && !o.quiet; i++)
            print_problem(stdout, order[i]);
        printf("%ld records read, %ld loaded, %ld rejected, %ld blank; %ld invalid values made "
               "missing, %ld speeders, %ld straight-liners, %ld columns ignored\n",
               s->rows_read, s->rows_loaded, s->rows_excluded, s->blank, s->warnings, s->speeders,
               s->straight_liners, ignored);
        /* The listing and --rejects, or (an error) neither. */
        if (cli_stdout_flush() < 0 || cli_output_commit(&rejects) < 0)
            rc = EXIT_DATA;
        else
            rc = s->rows_excluded ? EXIT_DATA : EXIT_OK;
    }
    cli_output_discard(&rejects);
    free(order);
    survey_free(s);
    survey_codebook_free(cb);
    return rc;
}
