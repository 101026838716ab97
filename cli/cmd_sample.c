/* cmd_sample.c — `canyu sample`: write a synthetic Boli County survey.
 *
 * The options choose the sample (size, seed, year) and its shape (the
 * default codebook's coded columns, or an online platform's text export);
 * survey_sample_write() does the drawing and the CSV.  With -o the sample is
 * written to a temporary file beside the target and renamed over it only
 * when every byte was written, so a failed write never leaves a half-written
 * sample under the target's name.  A target that exists and is not a regular
 * file (a terminal, a pipe, /dev/full) is written in place: renaming over a
 * device would replace it.
 */
#include "cli/cli.h"
#include "survey/survey.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Write the sample to standard output, or to an existing non-regular file
   in place.  Returns an exit code. */
static int write_direct(const char *name, const struct survey_sample_opts *opts)
{
    FILE *out = stdout;
    if (name) {
        out = fopen(name, "w");
        if (!out) {
            cli_error("%s: %s", name, strerror(errno));
            return EXIT_DATA;
        }
    }
    int failed = survey_sample_write(out, opts) < 0;
    int saved = errno;
    if (name && fclose(out) == EOF && !failed) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        cli_error("%s: write error: %s", name ? name : "standard output",
                  saved ? strerror(saved) : "unknown error");
        return EXIT_DATA;
    }
    return EXIT_OK;
}

/* Write the sample to a temporary file in PATH's directory, then rename it
   to PATH.  Returns an exit code; on failure nothing is left behind. */
static int write_atomic(const char *path, const struct survey_sample_opts *opts)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof ".tmp-XXXXXX");
    if (!tmp) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");

    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error("%s: cannot create a temporary file beside it: %s", path, strerror(errno));
        free(tmp);
        return EXIT_DATA;
    }
    /* mkstemp creates the file 0600; give the sample the usual mode. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);

    FILE *out = fdopen(fd, "w");
    if (!out) {
        cli_error("%s: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return EXIT_DATA;
    }
    errno = 0;
    int failed = survey_sample_write(out, opts) < 0;
    int saved = errno;
    if (!failed && fsync(fileno(out)) != 0 && errno != EINVAL) {
        failed = 1;
        saved = errno;
    }
    if (fclose(out) == EOF && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(tmp, path) != 0) {
        cli_error("%s: cannot rename %s to it: %s", path, tmp, strerror(errno));
        unlink(tmp);
        free(tmp);
        return EXIT_DATA;
    }
    if (failed) {
        cli_error("%s: write error: %s", path, saved ? strerror(saved) : "unknown error");
        unlink(tmp);
        free(tmp);
        return EXIT_DATA;
    }
    free(tmp);
    return EXIT_OK;
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

    if (!output || !strcmp(output, "-"))
        return write_direct(NULL, &opts);
    struct stat st;
    if (stat(output, &st) == 0 && !S_ISREG(st.st_mode))
        return write_direct(output, &opts);
    return write_atomic(output, &opts);
}
