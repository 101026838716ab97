/* cmd_validate.c — `canyu validate`: every problem in the data, one per line,
 * then a summary.  Exit 1 if any record was rejected (or a file could not be
 * read), else 0: warnings alone do not fail validation.
 */
#include "cli/options.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: canyu validate [OPTIONS] FILE...\n"
    "List every rejected record and data-quality warning, one per line:\n"
    "  FILE:LINE: column \"...\": value \"...\": reason\n"
    "Exit status: 0 no record rejected, 1 a record rejected or a file error, 2 usage error.\n\n"
    "  -c, --codebook FILE   the questionnaire's codebook (default: built in)\n"
    "      --encoding E      auto, utf-8 or gb18030 (default auto)\n"
    "      --lenient         an invalid value becomes missing (a warning) instead of\n"
    "                        rejecting its record\n"
    "      --min-duration S  also flag responses faster than S seconds\n"
    "      --rejects FILE    write the rejected records, with line and reason, as CSV\n"
    "  -q, --quiet           print only the summary\n";

static void print_problem(FILE *out, const struct survey_problem *p)
{
    fprintf(out, "%s:%ld: ", p->file, p->line);
    if (!survey_reason_rejects(p->reason))
        fputs("warning: ", out);
    if (*p->column)
        fprintf(out, "column \"%s\": ", p->column);
    if (*p->column && p->reason != REASON_UNKNOWN_COLUMN)
        fprintf(out, "value \"%s\": ", p->value);
    if (*p->detail)
        fprintf(out, "%s (%s)\n", p->detail, survey_reason_text(p->reason));
    else
        fprintf(out, "%s\n", survey_reason_text(p->reason));
}

int cmd_validate(int argc, char **argv)
{
    struct cli_options o;
    int rc = cli_options_parse(argc, argv, usage, &o);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    struct survey_codebook *cb;
    struct survey *s;
    rc = cli_load(&o, &cb, &s);
    if (rc == EXIT_OK) {
        long ignored = 0;
        for (size_t i = 0; i < s->n_problems; i++) {
            if (s->problems[i].reason == REASON_UNKNOWN_COLUMN)
                ignored++;
            if (!o.quiet)
                print_problem(stdout, &s->problems[i]);
        }
        printf("%ld records read, %ld loaded, %ld rejected; %ld invalid values made missing, "
               "%ld speeders, %ld straight-liners, %ld columns ignored\n",
               s->rows_read, s->rows_loaded, s->rows_excluded, s->warnings, s->speeders,
               s->straight_liners, ignored);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("write error on standard output");
            rc = EXIT_DATA;
        } else {
            rc = s->rows_excluded ? EXIT_DATA : EXIT_OK;
        }
    }
    survey_free(s);
    survey_codebook_free(cb);
    return rc;
}
