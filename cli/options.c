/* options.c — the options shared by report, validate and compare, and the
 * progress bar while their files load (run.c loads them).  Diagnostics are
 * printed in one shape: "canyu: FILE:LINE: message".
 */
#include "cli/options.h"
#include "cli/output.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    OPT_LANG = 256, OPT_ENCODING, OPT_AGE_BANDS, OPT_RAKE, OPT_LENIENT, OPT_STRICT, OPT_REJECTS,
    OPT_ASCII, OPT_AMBIWIDTH, OPT_WIDTH, OPT_MIN_DURATION, OPT_THREADS, OPT_SHEET, OPT_VERSION,
    OPT_FACTORS,
    OPT_BY, OPT_YEAR, OPT_MODEL
};

static const struct option long_opts[] = {
    {"codebook", required_argument, NULL, 'c'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"age-bands", required_argument, NULL, OPT_AGE_BANDS},
    {"rake", required_argument, NULL, OPT_RAKE},
    {"lenient", no_argument, NULL, OPT_LENIENT},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"ascii", no_argument, NULL, OPT_ASCII},
    {"ambiwidth", required_argument, NULL, OPT_AMBIWIDTH},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"min-duration", required_argument, NULL, OPT_MIN_DURATION},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"sheet", required_argument, NULL, OPT_SHEET},
    {"factors", required_argument, NULL, OPT_FACTORS},
    {"by", required_argument, NULL, OPT_BY},
    {"year", required_argument, NULL, OPT_YEAR},
    {"model", required_argument, NULL, OPT_MODEL},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int default_lang_zh(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return !strncmp(v, "zh", 2);
    }
    return 0;
}

/* Formats by name (-f) and by the output file's extension (-o, when -f is
   not given). */
static const struct {
    const char *name;
    enum cli_format format;
} formats[] = {
    {"text", FORMAT_TEXT}, {"markdown", FORMAT_MARKDOWN}, {"csv", FORMAT_CSV},
    {"json", FORMAT_JSON}, {"html", FORMAT_HTML},         {"xlsx", FORMAT_XLSX},
};
static const struct {
    const char *ext;
    enum cli_format format;
} extensions[] = {
    {".txt", FORMAT_TEXT}, {".md", FORMAT_MARKDOWN}, {".markdown", FORMAT_MARKDOWN},
    {".csv", FORMAT_CSV},  {".json", FORMAT_JSON},   {".html", FORMAT_HTML},
    {".htm", FORMAT_HTML}, {".xlsx", FORMAT_XLSX},
};

/* The format named NAME, or -1. */
static int format_named(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcmp(name, formats[i].name))
            return (int)formats[i].format;
    return -1;
}

/* The format PATH's extension names (case aside), or -1. */
static int format_of_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return -1;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if (!strcasecmp(dot, extensions[i].ext))
            return (int)extensions[i].format;
    return -1;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* PATH names the file ST describes ("-": standard input). */
static int same_file(const char *path, const struct stat *st)
{
    struct stat in;
    int ok = strcmp(path, "-") ? stat(path, &in) == 0 : fstat(STDIN_FILENO, &in) == 0;
    return ok && in.st_dev == st->st_dev && in.st_ino == st->st_ino;
}

/* The directory part of PATH and its last part, split in DIR (BASE points
   into PATH). */
static void split_path(const char *path, char *dir, size_t size, const char **base)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    *base = slash ? slash + 1 : path;
    if (!slash)
        snprintf(dir, size, ".");
    else
        snprintf(dir, size, "%.*s", n ? (int)n : 1, n ? path : "/");
}

/* Outputs A and B would be written to the same file: an existing file under
   both names, or one name to be made in one directory. */
static int same_destination(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0)
        return same_file(b, &sa);
    char da[4096], db[4096];
    const char *ba, *bb;
    split_path(a, da, sizeof da, &ba);
    split_path(b, db, sizeof db, &bb);
    return !strcmp(ba, bb) && stat(da, &sa) == 0 && stat(db, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* An output that is one of the inputs would be destroyed: the rename of the
   finished output replaces it (a survey is often the only copy).  Files are
   compared by device and inode, so a hard link, a symbolic link or another
   spelling of the name is caught; an output that does not exist yet, or is
   a device or FIFO written in place, replaces nothing.  Returns 0, or -1
   after printing the error, before anything was read or written. */
static int check_outputs(const struct cli_options *o, const char *cmd)
{
    const struct {
        const char *opt, *path;
    } out[] = {{"-o", o->output}, {"--rejects", o->rejects}};
    for (size_t k = 0; k < sizeof out / sizeof out[0]; k++) {
        struct stat st;
        const char *path = out[k].path;
        if (!path || !strcmp(path, "-") || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        const char *what = NULL, *which = NULL;
        for (int i = 0; i < o->n_files && !what; i++)
            if (same_file(o->files[i], &st))
                what = "the input", which = o->files[i];
        if (!what && o->codebook && same_file(o->codebook, &st))
            what = "the codebook", which = o->codebook;
        if (!what && o->rake && same_file(o->rake, &st))
            what = "the margins file", which = o->rake;
        if (what) {
            cli_error("%s: %s %s is the same file as %s %s: refusing to overwrite it "
                      "(nothing was read or written)",
                      cmd, out[k].opt, path, what, strcmp(which, "-") ? which : "(standard input)");
            return -1;
        }
    }
    if (o->output && o->rejects && strcmp(o->output, "-") && strcmp(o->rejects, "-") &&
        same_destination(o->output, o->rejects)) {
        cli_error("%s: -o %s and --rejects %s are the same file", cmd, o->output, o->rejects);
        return -1;
    }
    return 0;
}

int cli_resolve_list(const struct survey *s, const char *const *args, int n_args,
                     const struct cli_list_kind *kind, const char **names, size_t *n,
                     char **buf)
{
    size_t total = 0;
    for (int k = 0; k < n_args; k++)
        total += strlen(args[k]) + 1;
    char *p = *buf = malloc(total ? total : 1);
    if (!p) {
        cli_error("report: out of memory");
        return EXIT_DATA;
    }
    char why[1024];
    *n = 0;
    for (int k = 0; k < n_args; k++) {
        const char *a = args[k];
        int whole = kind->whole(s, a) || !strchr(a, ',');
        while (*a || whole) {
            size_t len = whole ? strlen(a) : strcspn(a, ",");
            memcpy(p, a, len);
            p[len] = '\0';
            a += len + (a[len] == ',');
            if (*p) {
                if (kind->check(s, p, why, sizeof why) < 0) {
                    cli_error("report: %s", why);
                    return EXIT_USAGE;
                }
                if (*n == CLI_MAX_BY_COLUMNS) {
                    cli_error("report: %s names more than %d %s", kind->option,
                              CLI_MAX_BY_COLUMNS, kind->things);
                    return EXIT_USAGE;
                }
                names[(*n)++] = p;
            }
            p += len + 1;
            if (whole)
                break;
        }
    }
    return EXIT_OK;
}

static int model_whole(const struct survey *s, const char *a)
{
    char why[1024];
    return an_model_check(s, a, why, sizeof why) == 0;
}

int cli_resolve_model(const struct cli_options *o, const struct survey *s, const char **terms,
                      size_t *n, char **buf)
{
    static const struct cli_list_kind kind = {"--model", "terms", model_whole, an_model_check};
    int rc = cli_resolve_list(s, o->model, o->n_model, &kind, terms, n, buf);
    if (rc != EXIT_OK)
        return rc;
    if (o->n_model && !*n) {
        cli_error("report: --model names no term");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_refuse_overwrite(const char *cmd, const char *output, const char *input)
{
    struct stat st;
    if (!output || !input || !strcmp(output, "-") || stat(output, &st) != 0 ||
        !S_ISREG(st.st_mode) || !same_file(input, &st))
        return 0;
    cli_error("%s: -o %s is the same file as the input %s: refusing to overwrite it (nothing "
              "was read or written)",
              cmd, output, strcmp(input, "-") ? input : "(standard input)");
    return -1;
}

int cli_options_parse(int argc, char **argv, const char *usage, struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = FORMAT_TEXT;
    o->lang_zh = default_lang_zh();
    o->age_bands = SURVEY_DEFAULT_BANDS;
    o->ambiwidth = 1;
    o->load.encoding = SURVEY_ENC_AUTO;
    const char *cmd = argv[0];
    o->cmd = cmd;
    optind = 1;
    opterr = 0;
    int c, f, format_given = 0;
    long v;
    while ((c = getopt_long(argc, argv, ":c:f:o:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'c': o->codebook = optarg; break;
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'h': fputs(usage, stdout); return 1;
        case OPT_VERSION: printf("canyu %s\n", CANYU_VERSION); return 1;
        case 'f':
            if ((f = format_named(optarg)) < 0) {
                cli_error("%s: --format must be text, markdown, csv, json, html or xlsx, not '%s'", cmd,
                          optarg);
                return -1;
            }
            o->format = (enum cli_format)f;
            format_given = 1;
            break;
        case OPT_LANG:
            if (strcmp(optarg, "zh") && strcmp(optarg, "en")) {
                cli_error("%s: --lang must be zh or en, not '%s'", cmd, optarg);
                return -1;
            }
            o->lang_zh = !strcmp(optarg, "zh");
            break;
        case OPT_ENCODING:
            if (!strcmp(optarg, "auto")) o->load.encoding = SURVEY_ENC_AUTO;
            else if (!strcasecmp(optarg, "utf-8") || !strcasecmp(optarg, "utf8"))
                o->load.encoding = SURVEY_ENC_UTF8;
            else if (!strcasecmp(optarg, "gb18030") || !strcasecmp(optarg, "gbk"))
                o->load.encoding = SURVEY_ENC_GB18030;
            else {
                cli_error("%s: --encoding must be auto, utf-8 or gb18030, not '%s'", cmd, optarg);
                return -1;
            }
            break;
        case OPT_AGE_BANDS: {
            /* Checked at once: a bad spec is a usage error before anything is read. */
            struct survey_bands b;
            struct survey_error err = {0};
            if (survey_bands_parse(optarg, &b, &err) < 0 && err.code != SURVEY_ERR_NOMEM) {
                cli_error("%s: --age-bands: %s", cmd, err.message);
                return -1;
            } /* (out of memory: said, exit 1, when the bands are made: cli_bands) */
            survey_bands_free(&b);
            o->age_bands = optarg;
            o->age_bands_given = 1;
            break;
        }
        case OPT_YEAR:
            if (parse_long(optarg, 1, 9999, &v) < 0) {
                cli_error("%s: --year must be a year from 1 to 9999, not '%s'", cmd, optarg);
                return -1;
            }
            o->load.year = (int)v;
            break;
        case OPT_RAKE: o->rake = optarg; break;
        case OPT_LENIENT: o->load.lenient = 1; break;
        case OPT_STRICT: o->strict = 1; break;
        case OPT_REJECTS: o->rejects = optarg; break;
        case OPT_ASCII: o->ascii = 1; break;
        case OPT_AMBIWIDTH:
            if (parse_long(optarg, 1, 2, &v) < 0) {
                cli_error("%s: --ambiwidth must be 1 or 2, not '%s'", cmd, optarg);
                return -1;
            }
            o->ambiwidth = (int)v;
            break;
        case OPT_WIDTH:
            if (parse_long(optarg, 40, 1000, &v) < 0) {
                cli_error("%s: --width must be a number from 40 to 1000, not '%s'", cmd, optarg);
                return -1;
            }
            o->width = (int)v;
            break;
        case OPT_MIN_DURATION: {
            char *end;
            double d = strtod(optarg, &end);
            if (!*optarg || *end || !(d >= 0 && d < 1e9)) {
                cli_error("%s: --min-duration must be a number of seconds, not '%s'", cmd, optarg);
                return -1;
            }
            o->load.min_duration = d;
            break;
        }
        case OPT_SHEET:
            o->load.sheet = optarg;
            break;
        case OPT_THREADS:
            if (parse_long(optarg, 1, 2, &v) < 0) {
                cli_error("%s: --threads must be 1 or 2, not '%s'", cmd, optarg);
                return -1;
            }
            o->load.threads = (int)v;
            break;
        case OPT_FACTORS:
            if (parse_long(optarg, 1, 1000, &v) < 0) {
                cli_error("%s: --factors must be a number from 1 to 1000, not '%s'", cmd, optarg);
                return -1;
            }
            o->factors = (int)v;
            break;
        case OPT_BY:
            if (o->n_by == CLI_MAX_BY) {
                cli_error("%s: at most %d --by options", cmd, CLI_MAX_BY);
                return -1;
            }
            o->by[o->n_by++] = optarg;
            break;
        case OPT_MODEL:
            if (o->n_model == CLI_MAX_BY) {
                cli_error("%s: at most %d --model options", cmd, CLI_MAX_BY);
                return -1;
            }
            o->model[o->n_model++] = optarg;
            break;
        case ':':
            cli_error("%s: option '%s' needs a value", cmd, argv[optind - 1]);
            return -1;
        default:
            cli_error("%s: unknown option '%s' (try 'canyu %s --help')", cmd, argv[optind - 1], cmd);
            return -1;
        }
    }
    int to_stdout = !o->output || !strcmp(o->output, "-");
    if (!format_given && !to_stdout && (f = format_of_path(o->output)) >= 0)
        o->format = (enum cli_format)f;
    if (o->format == FORMAT_XLSX && to_stdout && isatty(STDOUT_FILENO)) {
        cli_error("%s: an xlsx workbook is not for a terminal: give -o FILE.xlsx", cmd);
        return -1;
    }
    o->files = argv + optind;
    o->n_files = argc - optind;
    if (o->n_files == 0) {
        cli_error("%s: no input file (try 'canyu %s --help')", cmd, cmd);
        return -1;
    }
    if (check_outputs(o, cmd) < 0)
        return -1;
    if (!o->width) {
        /* The terminal's width when writing to one, else $COLUMNS, else 100. */
        struct winsize ws;
        const char *cols = getenv("COLUMNS");
        long w;
        if (!o->output && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
            ws.ws_col >= 40)
            o->width = ws.ws_col;
        else
            o->width = cols && parse_long(cols, 40, 1000, &w) == 0 ? (int)w : 100;
    }
    /* Block and box-drawing characters need a UTF-8 terminal. */
    if (!o->ascii && o->format == FORMAT_TEXT && setlocale(LC_CTYPE, "")) {
        const char *cs = nl_langinfo(CODESET);
        if (!cs || (strcasecmp(cs, "UTF-8") && strcasecmp(cs, "utf8")))
            o->ascii = 1;
    }
    return 0;
}

/* Why --age-bands cannot be given with CB, or NULL when it can. */
static const struct survey_cbcol *brackets_refuse(const struct cli_options *o,
                                                  const struct survey_codebook *cb)
{
    return o->age_bands_given ? survey_codebook_age_brackets(cb) : NULL;
}

static void say_brackets(const char *cmd, const struct survey_codebook *cb,
                         const struct survey_cbcol *age)
{
    char place[300];
    cli_error("%s: --age-bands does not apply: the codebook's age column \"%s\" (%s) lists "
              "brackets, and they are the age groups (leave out --age-bands, or give the age in "
              "years without values)",
              cmd, age->column, survey_cbcol_place(cb, age, place, sizeof place));
}

int cli_refuse_brackets(const struct cli_options *o, const struct survey_codebook *cb,
                        const char *cmd)
{
    const struct survey_cbcol *age = brackets_refuse(o, cb);
    if (!age)
        return EXIT_OK;
    say_brackets(cmd, cb, age);
    return EXIT_USAGE;
}

int cli_bands(const struct cli_options *o, const struct survey_codebook *cb, const char *cmd,
              struct survey_bands *bands)
{
    struct survey_error err = {0};
    *bands = (struct survey_bands){0};
    if (cli_refuse_brackets(o, cb, cmd) != EXIT_OK)
        return EXIT_USAGE;
    int rc = survey_codebook_age_brackets(cb)
                 ? survey_bands_from_codebook(cb, !o->lang_zh, bands, &err)
                 : survey_bands_parse(o->age_bands, bands, &err);
    if (rc < 0) {
        cli_error("%s: %s", cmd, err.message);
        return err.code == SURVEY_ERR_NOMEM ? EXIT_DATA : EXIT_USAGE;
    }
    return EXIT_OK;
}

struct report_options cli_render_options(const struct cli_options *o)
{
    return (struct report_options){
        .format = o->format == FORMAT_MARKDOWN ? REPORT_FORMAT_MARKDOWN
                  : o->format == FORMAT_CSV    ? REPORT_FORMAT_CSV
                  : o->format == FORMAT_HTML   ? REPORT_FORMAT_HTML
                  : o->format == FORMAT_XLSX   ? REPORT_FORMAT_XLSX
                                               : REPORT_FORMAT_TEXT,
        .width = o->format == FORMAT_TEXT ? (size_t)o->width : 0,
        .ascii = o->ascii,
        .ambiwidth = o->ambiwidth,
    };
}

enum report_lang cli_lang(const struct cli_options *o)
{
    return o->lang_zh ? REPORT_LANG_ZH : REPORT_LANG_EN;
}

int cli_csv_bom(const struct report_options *ro, FILE *out)
{
    return ro->format == REPORT_FORMAT_CSV && fputs("\xEF\xBB\xBF", out) == EOF ? -1 : 0;
}

static void print_problem(const char *file, long line, const char *message)
{
    if (file[0] && line > 0)
        cli_error("%s:%ld: %s", file, line, message);
    else if (file[0])
        cli_error("%s: %s", file, message);
    else
        cli_error("%s", message);
}

/* Every problem the error names (a codebook names all of its own at once). */
void cli_print_error(const struct survey_error *err)
{
    print_problem(err->file, err->line, err->message);
    for (size_t i = 0; i < err->n_more && i < SURVEY_ERROR_MORE; i++)
        print_problem(err->file, err->more[i].line, err->more[i].message);
    if (err->n_omitted) {
        char more[64];
        snprintf(more, sizeof more, "%zu more problem%s not shown", err->n_omitted,
                 err->n_omitted == 1 ? "" : "s");
        print_problem(err->file, 0, more);
    }
}

/* ## A progress bar on a terminal */

enum { PROGRESS_MIN = 8 << 20, PROGRESS_BAR = 30 };

static void progress_draw(void *ctx, size_t done, size_t total)
{
    struct cli_progress *p = ctx;
    if (total < PROGRESS_MIN)
        return;
    int pct = done >= total ? 100 : (int)(done * 100 / total);
    if (pct == p->pct)
        return;
    p->pct = pct;
    int fill = pct * PROGRESS_BAR / 100;
    fprintf(stderr, "\rcanyu: %s ", p->file);
    for (int i = 0; i < PROGRESS_BAR; i++)
        fputs(i < fill ? (p->ascii ? "#" : "█") : (p->ascii ? "-" : "░"), stderr);
    fprintf(stderr, " %3d%%", pct);
    fflush(stderr);
    p->shown = 1;
}

struct survey_load_opts cli_progress_begin(const struct cli_options *o, struct cli_progress *p,
                                           const char *file)
{
    struct survey_load_opts lo = o->load;
    *p = (struct cli_progress){.file = file, .ascii = o->ascii, .pct = -1};
    if (!o->quiet && isatty(STDERR_FILENO)) {
        const char *cs = setlocale(LC_CTYPE, "") ? nl_langinfo(CODESET) : NULL;
        if (!cs || (strcasecmp(cs, "UTF-8") && strcasecmp(cs, "utf8")))
            p->ascii = 1; /* the bar's blocks need a UTF-8 terminal */
        lo.progress = progress_draw;
        lo.progress_ctx = p;
    }
    return lo;
}

void cli_progress_end(struct cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr); /* the bar's line, cleared */
    p->shown = 0;
}
