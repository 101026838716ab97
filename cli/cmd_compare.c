/* cmd_compare.c — `canyu compare`: yearly waves side by side with tests of
 * change.  This file only wires the modules together: survey/ loads each
 * file into its own survey (a codebook column a file lacks loads as "not
 * asked"), analysis/compare.h forms the waves and computes, report/compare.h
 * renders.
 */
#include "cli/options.h"
#include "cli/output.h"
#include "cli/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: canyu compare [OPTIONS] FILE FILE...\n"
    "Waves side by side, one file per wave, with tests of the change between\n"
    "consecutive waves.  With a year column in the codebook, a file holding one year\n"
    "is the wave of that year (files of the same year are pooled, a file holding\n"
    "several years is split) and waves are in chronological order; otherwise each\n"
    "file is a wave, named after the file, in the order given.  A codebook column\n"
    "that a file lacks is reported as not asked in that wave.\n\n"
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
    "      --lenient          an invalid value becomes missing instead of rejecting its record\n"
    "      --strict           any rejected record is an error (exit 1)\n"
    "      --min-duration S   flag responses faster than S seconds as speeders\n"
    "      --threads N        read a large file in N (1 or 2) parts at once (default: 2\n"
    "                         when the machine has two processors)\n"
    "      --ascii            plain ASCII: no box-drawing or block characters\n"
    "      --ambiwidth 1|2    how wide the terminal draws ambiguous-width characters\n"
    "      --width N          the page width (default: $COLUMNS, else 100)\n"
    "  -q, --quiet            no progress bar or warnings on standard error\n"
    "Figures are unweighted (a weight column is ignored; --rake does not apply).\n";

/* Load every file into its own survey (a codebook column a file lacks is
   "not asked").  Prints the error and returns EXIT_DATA on failure; *S then
   holds what was built (free it). */
static int load_waves(const struct cli_options *o, const struct survey_codebook *cb,
                      struct survey **s)
{
    for (int i = 0; i < o->n_files; i++) {
        if (cli_load_survey(o, cb, &o->files[i], 1, 1, &s[i]) != EXIT_OK)
            return EXIT_DATA;
        if (cli_note_rejections(o, s[i]) != EXIT_OK)
            return EXIT_DATA;
        /* A data column the codebook does not name is ignored (docs/codebook.md);
           say so, since a wave's new question would be ignored this way. */
        for (size_t k = 0; k < s[i]->n_problems && !o->quiet; k++) {
            const struct survey_problem *p = &s[i]->problems[k];
            if (p->reason == REASON_UNKNOWN_COLUMN)
                cli_error("%s:%ld: warning: column \"%s\" is not in the codebook; ignored",
                          p->file, p->line, p->column);
        }
    }
    return EXIT_OK;
}

int cmd_compare(int argc, char **argv)
{
    struct cli_options o;
    int rc = cli_options_parse(argc, argv, usage, &o);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (o.rake) {
        cli_error("compare: --rake does not apply: waves are compared unweighted");
        return EXIT_USAGE;
    }
    if (o.n_model) {
        cli_error("compare: --model does not apply: waves are compared without a logistic model; "
                  "give --model to 'canyu report'");
        return EXIT_USAGE;
    }
    if (o.n_by) {
        cli_error("compare: --by does not apply: waves are compared by age group; "
                  "give --by to 'canyu report' on each wave");
        return EXIT_USAGE;
    }
    if (o.rejects) {
        cli_error("compare: --rejects does not apply here; use 'canyu validate --rejects FILE' "
                  "on each wave");
        return EXIT_USAGE;
    }
    struct survey_bands bands = {0};
    struct survey_error err = {0};
    struct survey_codebook *cb = cli_codebook(&o, 0);
    struct survey **s = calloc((size_t)o.n_files, sizeof *s);
    struct cmp_results *res = NULL;
    struct cli_output w = {0};
    if (!cb) {
        rc = EXIT_DATA;
    } else if (!s) {
        cli_error("out of memory");
        rc = EXIT_DATA;
    } else if ((rc = cli_bands(&o, cb, "compare", &bands)) == EXIT_OK) {
        rc = load_waves(&o, cb, s);
    }
    if (rc == EXIT_OK) {
        long excluded = 0;
        for (int i = 0; i < o.n_files; i++)
            excluded += s[i]->rows_excluded;
        rc = cli_strict(&o, excluded);
    }
    if (rc == EXIT_OK &&
        !(res = stats_compare((const struct survey *const *)s, (size_t)o.n_files, &bands, &err))) {
        cli_print_error(&err);
        rc = EXIT_DATA;
    }
    if (rc == EXIT_OK && (cli_write(&o, &(struct cli_results){.compare = res}, &w) < 0 ||
                          cli_output_commit(&w) < 0))
        rc = EXIT_DATA;
    cli_output_discard(&w);
    stats_compare_free(res);
    for (int i = 0; s && i < o.n_files; i++)
        survey_free(s[i]);
    free(s);
    survey_codebook_free(cb);
    survey_bands_free(&bands);
    return rc;
}
