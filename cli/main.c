/* main.c — canyu's entry point: dispatch to a subcommand. */
#include "cli/cli.h"
#include "cli/output.h"

#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("canyu: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Every allocation jansson makes, through a counter of failures. */
static atomic_int json_alloc_failed;

static void *json_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        atomic_store(&json_alloc_failed, 1);
    return p;
}

int cli_json_failed(void)
{
    return atomic_load(&json_alloc_failed);
}

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"report", cmd_report, "the full report (several files = one pooled survey)"},
    {"validate", cmd_validate, "every problem in the data, one per line"},
    {"compare", cmd_compare, "waves side by side (one file per year) with tests of change"},
    {"sample", cmd_sample, "write a synthetic Boli County survey"},
    {"codebook", cmd_codebook, "draft a codebook for a data file, or print the built-in one"},
};

static void usage(FILE *out)
{
    fputs("usage: canyu COMMAND [OPTIONS] [FILE...]\n\n"
          "Statistics and reports from resident-participation survey exports.\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'canyu COMMAND --help' lists a command's options.\n", out);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    cli_output_init();
    json_set_alloc_funcs(json_alloc, free);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("canyu %s\n", CANYU_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'canyu --help')", argv[1]);
    return EXIT_USAGE;
}
