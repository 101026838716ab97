/* options.h — options shared by the report, validate and compare commands
   (cli/ internal); cli/run.h loads their input. */
#ifndef CANYU_CLI_OPTIONS_H
#define CANYU_CLI_OPTIONS_H

#include "cli/cli.h"
#include "cli/output.h"
#include "report/document.h"
#include "survey/survey.h"


/* --by options at most, and columns they name in all. */
#define CLI_MAX_BY 16
#define CLI_MAX_BY_COLUMNS 64

enum cli_format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_CSV, FORMAT_JSON, FORMAT_HTML, FORMAT_XLSX };

struct cli_options {
    const char *cmd; /* the command's name, for messages */
    const char *codebook, *output, *age_bands, *rake, *rejects;
    enum cli_format format;
    int lang_zh, strict, ascii, ambiwidth, width, quiet;
    int factors; /* --factors: factors kept for a section's validity; 0 = by eigenvalue */
    int age_bands_given; /* --age-bands was given (else AGE_BANDS is the default) */
    const char *by[CLI_MAX_BY]; /* --by, as given (a list of columns each) */
    int n_by;
    const char *model[CLI_MAX_BY]; /* --model, as given (a list of terms each) */
    int n_model;
    struct survey_load_opts load;
    char **files;
    int n_files;
};

/* Parse ARGV (argv[0] is the command's name).  Without -f, the format
   follows -o's extension (.txt, .md, .csv, .json, .xlsx), else text.  Returns 0; 1 when --help or
   --version was printed (exit 0); -1 after a usage error was printed (exit 2). */
int cli_options_parse(int argc, char **argv, const char *usage, struct cli_options *o);

/* The terms of O's --model options: each option a term of S as a whole (a
   column's name may hold a comma), else a comma-separated list of them, each
   one an_model_check() accepts.  Returns EXIT_OK with at most
   CLI_MAX_BY_COLUMNS names in TERMS (*N of them, pointing into *BUF, which
   the caller frees), or EXIT_USAGE after saying why (EXIT_DATA when out of
   memory). */
/* How to read one list option (--by, --model): its name and what it names
   (for messages), whether an argument as a whole is one name (a header may
   hold a comma), and the check of each name (0, else -1 with why). */
struct cli_list_kind {
    const char *option, *things;
    int (*whole)(const struct survey *s, const char *arg);
    int (*check)(const struct survey *s, const char *name, char *why, size_t size);
};

/* The names in ARGS (N_ARGS options): each argument one name as a whole,
   else a comma-separated list; each checked.  Returns EXIT_OK, or EXIT_USAGE
   after saying why (EXIT_DATA when out of memory).  *BUF holds the names. */
int cli_resolve_list(const struct survey *s, const char *const *args, int n_args,
                     const struct cli_list_kind *kind, const char **names, size_t *n,
                     char **buf);

int cli_resolve_model(const struct cli_options *o, const struct survey *s, const char **terms,
                      size_t *n, char **buf);

/* -1 after printing why when OUTPUT (-o) is the same file as INPUT (by
   device and inode), else 0: for commands that take no cli_options. */
int cli_refuse_overwrite(const char *cmd, const char *output, const char *input);

/* A progress bar on standard error while a file of 8 MiB or more loads,
   when standard error is a terminal and --quiet is not given. */
struct cli_progress {
    const char *file;
    int ascii, pct, shown;
};
/* O's loading options, with P's bar for FILE when it is wanted. */
struct survey_load_opts cli_progress_begin(const struct cli_options *o, struct cli_progress *p,
                                           const char *file);
/* Clear the bar, if one was drawn. */
void cli_progress_end(struct cli_progress *p);

/* EXIT_USAGE, after saying why, when --age-bands is given with CB whose
   age column lists brackets (they are the age groups); else EXIT_OK.  CMD
   names the command. */
int cli_refuse_brackets(const struct cli_options *o, const struct survey_codebook *cb,
                        const char *cmd);

/* The age groups for CB: its age column's brackets when it lists them (in
   O's language; --age-bands is then a usage error), else O's --age-bands.
   Returns EXIT_OK with *BANDS to free (survey_bands_free), or, after saying
   why, EXIT_USAGE or EXIT_DATA (out of memory).  CMD names the command in
   messages. */
int cli_bands(const struct cli_options *o, const struct survey_codebook *cb, const char *cmd,
              struct survey_bands *bands);

/* The report module's options for O's format, width and glyphs. */
struct report_options cli_render_options(const struct cli_options *o);
/* O's language. */
enum report_lang cli_lang(const struct cli_options *o);
/* Before a CSV: a UTF-8 byte order mark, without which Excel and WPS read the
   file in the system's code page.  0, or -1 on a write error. */
int cli_csv_bom(const struct report_options *ro, FILE *out);
/* Print ERR as "canyu: FILE:LINE: message". */
void cli_print_error(const struct survey_error *err);

#endif
