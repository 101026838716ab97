/* cmd_codebook.c — `canyu codebook`: print the built-in default codebook, the
 * questionnaire of samples/, as a starting point to copy and edit; or, with
 * a data file, a draft codebook for that file.
 */
#include "cli/cli.h"
#include "cli/options.h"
#include "cli/output.h"
#include "survey/survey.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: canyu codebook [-o FILE] [--sheet NAME] [--encoding auto|utf-8|gb18030] [DATA]\n"
    "Without DATA, print the built-in codebook (samples/codebook.csv) to copy and edit.\n"
    "With DATA (CSV, xlsx or SPSS), print a draft codebook for that file: roles guessed\n"
    "from the headers and answers, the answers listed, a note on each guess.\n";

int cmd_codebook(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"sheet", required_argument, NULL, 'S'},
                                         {"encoding", required_argument, NULL, 'E'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    struct survey_load_opts lo = {0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        if (c == 'o') {
            out = optarg;
        } else if (c == 'S') {
            lo.sheet = optarg;
        } else if (c == 'E') {
            if (!strcmp(optarg, "auto"))
                lo.encoding = SURVEY_ENC_AUTO;
            else if (!strcmp(optarg, "utf-8") || !strcmp(optarg, "utf8"))
                lo.encoding = SURVEY_ENC_UTF8;
            else if (!strcmp(optarg, "gb18030"))
                lo.encoding = SURVEY_ENC_GB18030;
            else {
                cli_error("codebook: --encoding must be auto, utf-8 or gb18030");
                return EXIT_USAGE;
            }
        } else if (c == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        } else {
            cli_error("codebook: bad option '%s' (try 'canyu codebook --help')", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        cli_error("codebook: unexpected argument '%s'", argv[optind + 1]);
        return EXIT_USAGE;
    }
    const char *data = optind < argc ? argv[optind] : NULL;
    if (cli_refuse_overwrite("codebook", out, data) < 0)
        return EXIT_USAGE;
    /* The draft is made in memory first, so that a file that cannot be read
       leaves no output behind. */
    char *text = NULL;
    size_t len = 0;
    if (data) {
        struct survey_error err = {0};
        if (!(text = survey_codebook_draft_text(data, &lo, &len, &err))) {
            if (err.line)
                cli_error("%s:%ld: %s", err.file, err.line, err.message);
            else
                cli_error("%s: %s", err.file, err.message);
            return EXIT_DATA;
        }
    }
    struct cli_output w;
    FILE *f = cli_output_open(&w, out);
    if (!f) {
        free(text);
        return EXIT_DATA;
    }
    if (data) {
        fwrite(text, 1, len, f);
        free(text);
    } else {
        const char *builtin = survey_codebook_default_text(&len);
        fwrite(builtin, 1, len, f);
    }
    return cli_output_end(&w, 0) == 0 ? EXIT_OK : EXIT_DATA;
}
