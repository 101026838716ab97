/* cmd_sample.c — `canyu sample`: write a synthetic Boli County survey.
 *
 * The options choose the sample (size, seed, year) and its shape (the
 * default codebook's coded columns, or an online platform's text export);
 * survey_sample_write() does the drawing and the CSV; cli/output.c writes
 * the file atomically.
 */
#include "cli/cli.h"
#include "cli/output.h"
#include "survey/survey.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RESPONDENTS 10000000L

static void sample_usage(FILE *out)
{
    fputs("usage: canyu sample [OPTIONS]\n\n"
          "Write a synthetic Boli County resident-participation survey as UTF-8 CSV.\n"
          "The same options always give the same bytes; both styles give the same\n"
          "respondents.\n\n"
          "options:\n"
          "  -n, --respondents N   number of respondents (default 1200)\n"
          "  -s, --seed S          random seed, a non-negative integer (default 1)\n"
          "  -y, --year Y          survey year, 2000..2100 (default 2024)\n"
          "      --style STYLE     coded: the default codebook's columns and codes (default);\n"
          "                        platform: an online survey platform's text export\n"
          "                        (load it with -c samples/platform-codebook.csv)\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  -h, --help            show this help\n",
          out);
}

/* Parse a whole decimal number in LO..HI; 0 on success. */
static int parse_long(const char *text, long lo, long hi, long *value)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return -1;
    *value = v;
    return 0;
}

static int parse_seed(const char *text, unsigned long *value)
{
    char *end;
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '-' || *p == '+')
        return -1;
    errno = 0;
    unsigned long v = strtoul(p, &end, 10);
    if (end == p || *end != '\0' || errno == ERANGE)
        return -1;
    *value = v;
    return 0;
}

int cmd_sample(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"respondents", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"year", required_argument, NULL, 'y'},
        {"style", required_argument, NULL, 'S'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct survey_sample_opts opts = {1200, 1, 2024, SAMPLE_CODED};
    const char *output = NULL;
    long value;
    int c;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":n:s:y:o:h", long_options, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_long(optarg, 1, MAX_RESPONDENTS, &value) < 0) {
                cli_error("--respondents: '%s' is not a whole number in 1..%ld", optarg,
                          MAX_RESPONDENTS);
                return EXIT_USAGE;
            }
            opts.respondents = value;
            break;
        case 's':
            if (parse_seed(optarg, &opts.seed) < 0) {
                cli_error("--seed: '%s' is not a non-negative whole number up to %lu", optarg,
                          ULONG_MAX);
                return EXIT_USAGE;
            }
            break;
        case 'y':
            if (parse_long(optarg, 2000, 2100, &value) < 0) {
                cli_error("--year: '%s' is not a year in 2000..2100", optarg);
                return EXIT_USAGE;
            }
            opts.year = (int)value;
            break;
        case 'S':
            if (!strcmp(optarg, "coded"))
                opts.style = SAMPLE_CODED;
            else if (!strcmp(optarg, "platform"))
                opts.style = SAMPLE_PLATFORM;
            else {
                cli_error("--style: '%s' is not one of coded, platform", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'o':
            if (!*optarg) {
                cli_error("-o: an empty file name");
                return EXIT_USAGE;
            }
            output = optarg;
            break;
        case 'h':
            sample_usage(stdout);
            return fflush(stdout) == EOF ? EXIT_DATA : EXIT_OK;
        case ':':
            cli_error("sample: option '%s' needs a value (try 'canyu sample --help')",
                      argv[optind - 1]);
            return EXIT_USAGE;
        default:
            if (optopt)
                cli_error("sample: unknown option '-%c' (try 'canyu sample --help')", optopt);
            else
                cli_error("sample: unknown option '%s' (try 'canyu sample --help')",
                          argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("sample: unexpected argument '%s' (sample reads no files)", argv[optind]);
        return EXIT_USAGE;
    }

    struct cli_output w;
    FILE *out = cli_output_open(&w, output);
    if (!out)
        return EXIT_DATA;
    return cli_output_end(&w, survey_sample_write(out, &opts)) == 0 ? EXIT_OK : EXIT_DATA;
}
