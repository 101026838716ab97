/* fuzz_load.c — the loader, fed arbitrary bytes as a data file.
 *
 * Input: byte 0 chooses the options, bytes 1-2 the read-chunk size, the rest
 * is the data file.  Byte 0: bit 0 the codebook (built-in, or
 * samples/platform-codebook.csv), bits 1-2 the encoding (auto, utf-8,
 * gb18030, auto), bit 3 --lenient, bit 4 absent_columns_ok, bit 5
 * --min-duration 60, bit 6 the same bytes loaded twice (pooled: every id
 * repeats), bit 7 the analysis rendered as JSON and text.  Chunk: byte 1
 * below 0x80 gives 1..128 bytes, else 1..32768 from both bytes; 0xFFFF the
 * default 256 KiB.
 *
 * Checked: no crash, leak or undefined behaviour; an error names itself;
 * rows_read = rows_loaded + rows_excluded + blank for the survey and each file, one
 * rejected problem per excluded row; survey_finish and stats_analyse succeed
 * on whatever loaded; the --rejects output loaded again with the same
 * codebook gives back exactly the excluded records; loaded in two halves at
 * once (threads = 2) the input gives the same survey, or the same error.
 */
#include "fuzz/fuzz.h"
#include "report/document.h"
#include "report/json.h"

#include <math.h>

static struct survey_codebook *codebooks[2];
static struct survey_bands bands;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    struct survey_error err = {0};
    codebooks[0] = survey_codebook_default(&err);
    codebooks[1] = survey_codebook_parse(fuzz_platform_codebook_csv, fuzz_platform_codebook_csv_len,
                                         "platform-codebook.csv", &err);
    FUZZ_CHECK(codebooks[0] && codebooks[1]);
    FUZZ_CHECK(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err) == 0);
    devnull = fopen("/dev/null", "w");
    FUZZ_CHECK(devnull);
    return 0;
}

/* The rejects written as --rejects writes them, loaded again: as many
   records as were excluded, each rejected again or (a repeated id whose first
   occurrence is not there) loaded. */
static void check_rejects(const struct survey *s, const struct survey_codebook *cb,
                          const struct survey_load_opts *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f);
    FUZZ_CHECK(survey_write_rejects(s, f) == 0);
    FUZZ_CHECK(fclose(f) == 0);
    struct survey *again = survey_new(cb);
    FUZZ_CHECK(again);
    struct survey_error err = {0};
    struct survey_load_opts ro = *o;
    ro.encoding = SURVEY_ENC_AUTO; /* the rejects are UTF-8 whatever the input was */
    int rc = survey_load_mem(again, "rejects.csv", buf, len, &ro, &err);
    if (rc != 0)
        fprintf(stderr, "reloading the rejects: %s:%ld: %s\n", err.file, err.line, err.message);
    FUZZ_CHECK(rc == 0);
    fuzz_check_accounting(again);
    FUZZ_CHECK(again->rows_read == s->rows_excluded);
    survey_free(again);
    free(buf);
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* The loader's result on DATA with O, in two halves, equals S's (RC, ERR). */
static void check_two_halves(const struct survey *s, int rc, const struct survey_error *err,
                             const struct survey_codebook *cb, const char *data, size_t size,
                             struct survey_load_opts o, int twice)
{
    o.threads = 2;
    struct survey *t = survey_new(cb);
    FUZZ_CHECK(t);
    struct survey_error e = {0};
    int rc2 = survey_load_mem(t, "fuzz.csv", data, size, &o, &e);
    if (rc2 == 0 && twice)
        rc2 = survey_load_mem(t, "again.csv", data, size, &o, &e);
    FUZZ_CHECK(rc2 == rc);
    if (rc != 0) {
        FUZZ_CHECK(e.code == err->code && e.line == err->line);
        FUZZ_CHECK(!strcmp(e.file, err->file) && !strcmp(e.message, err->message));
    }
    FUZZ_CHECK(survey_finish(t, &o) == 0);
    FUZZ_CHECK(t->n == s->n && t->n_problems == s->n_problems && t->n_files == s->n_files);
    FUZZ_CHECK(t->rows_read == s->rows_read && t->rows_loaded == s->rows_loaded);
    FUZZ_CHECK(t->warnings == s->warnings && t->speeders == s->speeders &&
               t->straight_liners == s->straight_liners);
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct survey_problem *p = &s->problems[i], *q = &t->problems[i];
        FUZZ_CHECK(p->reason == q->reason && p->line == q->line && !strcmp(p->file, q->file));
        FUZZ_CHECK(!strcmp(p->column, q->column) && !strcmp(p->value, q->value));
        FUZZ_CHECK(!strcmp(p->detail, q->detail) && !strcmp(p->record, q->record));
    }
    for (size_t f = 0; f < s->n_files; f++)
        FUZZ_CHECK(s->files[f].encoding == t->files[f].encoding &&
                   s->files[f].bom == t->files[f].bom &&
                   s->files[f].rows_loaded == t->files[f].rows_loaded);
    for (size_t j = 0; j < s->n_vars; j++)
        FUZZ_CHECK(!s->n || !memcmp(s->vars[j].v, t->vars[j].v, s->n * sizeof *s->vars[j].v));
    for (size_t i = 0; i < s->n; i++) {
        FUZZ_CHECK(!s->weight || same_double(s->weight[i], t->weight[i]));
        FUZZ_CHECK(!s->duration || same_double(s->duration[i], t->duration[i]));
    }
    survey_free(t);
}

static void check_rate(const struct an_rate *r)
{
    FUZZ_CHECK(r->participants <= r->n);
    FUZZ_CHECK(isnan(r->rate) || (r->rate >= -1e-12 && r->rate <= 1 + 1e-12));
}

static void analyse(const struct survey *s, int render)
{
    struct survey_error err = {0};
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    if (!r)
        fprintf(stderr, "stats_analyse: %s\n", err.message);
    FUZZ_CHECK(r);
    if (r->has_participation) {
        check_rate(&r->overall);
        FUZZ_CHECK(r->overall.n <= (double)s->n);
        for (size_t b = 0; b < bands.n; b++)
            check_rate(&r->part_by_age[b]);
    }
    if (render) {
        json_t *root = json_object();
        FUZZ_CHECK(root);
        json_object_set_new(root, "input", report_json_input(&r->input));
        json_object_set_new(root, "age_bands", report_json_age_bands(r->age_bands, r->n_bands));
        report_json_results(root, r);
        FUZZ_CHECK(report_json_write(root, devnull) == 0);
        json_decref(root);
        char **findings;
        long nf = report_findings(r, REPORT_LANG_ZH, &findings);
        FUZZ_CHECK(nf >= 0);
        report_findings_free(findings, nf);
        struct report_options ro = {.format = REPORT_FORMAT_TEXT, .width = 100};
        FUZZ_CHECK(report_document_render(r, REPORT_LANG_EN, &ro, devnull) == 0);
    }
    stats_results_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags = 0, b1 = 0, b2 = 0;
    if (size >= 3) {
        flags = data[0], b1 = data[1], b2 = data[2];
        data += 3, size -= 3;
    }
    struct survey_load_opts o = {
        .encoding = (enum survey_encoding)((flags >> 1 & 3) == 3 ? 0 : flags >> 1 & 3),
        .lenient = flags >> 3 & 1,
        .absent_columns_ok = flags >> 4 & 1,
        .min_duration = flags & 0x20 ? 60 : 0,
        .chunk_size = b1 == 0xFF && b2 == 0xFF ? 0 : b1 < 0x80 ? b1 + 1 : ((b1 & 0x7F) << 8 | b2) + 1,
    };
    const struct survey_codebook *cb = codebooks[flags & 1];
    struct survey *s = survey_new(cb);
    FUZZ_CHECK(s);
    struct survey_error err = {0};
    int rc = survey_load_mem(s, "fuzz.csv", (const char *)data, size, &o, &err);
    if (rc == 0 && flags & 0x40) {
        long before = s->rows_read;
        rc = survey_load_mem(s, "again.csv", (const char *)data, size, &o, &err);
        /* Loaded twice, every record with an id is read twice. */
        FUZZ_CHECK(rc != 0 || s->rows_read == 2 * before);
    }
    if (rc != 0) {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(err.code != SURVEY_ERR_NOMEM);
    }
    fuzz_check_accounting(s);
    FUZZ_CHECK(survey_finish(s, &o) == 0);
    fuzz_check_accounting(s);
    check_two_halves(s, rc, &err, cb, (const char *)data, size, o, flags & 0x40);
    if (rc == 0) {
        if (s->rows_excluded)
            check_rejects(s, cb, &o);
        analyse(s, flags >> 7 & 1);
    }
    survey_free(s);
    return 0;
}
