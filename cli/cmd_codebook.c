/* cmd_codebook.c — `canyu codebook`: print the built-in default codebook, the
 * questionnaire of samples/, as a starting point to copy and edit.
 */
#include "cli/cli.h"
#include "cli/output.h"
#include "survey/survey.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] = "usage: canyu codebook [-o FILE]\n"
                            "Print the built-in codebook (samples/codebook.csv) to copy and edit.\n";

int cmd_codebook(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    const char *out = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        if (c == 'o') {
            out = optarg;
        } else if (c == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        } else {
            cli_error("codebook: bad option '%s' (try 'canyu codebook --help')", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("codebook: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    struct cli_output w;
    FILE *f = cli_output_open(&w, out);
    if (!f)
        return EXIT_DATA;
    size_t len;
    const char *text = survey_codebook_default_text(&len);
    fwrite(text, 1, len, f); /* a write error is caught on closing */
    return cli_output_end(&w, 0) == 0 ? EXIT_OK : EXIT_DATA;
}
