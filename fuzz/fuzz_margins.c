/* fuzz_margins.c — the margins parser (--rake FILE), fed arbitrary bytes.
 *
 * survey_margins_load reads a path, so each input is written to one temporary
 * file per process first.  Margins that parse are then used to rake a fixed
 * synthetic survey of 300 respondents (built-in codebook, default age bands).
 *
 * Checked: no crash, leak or undefined behaviour; an error names itself and
 * the margins file; parsed margins have shares in 0..1 summing to 1 per
 * variable; raking either fails with an error that says why or gives raked
 * weights with an effective n no larger than n.
 */
#include "fuzz/fuzz.h"

#include <math.h>
#include <unistd.h>

static char path[4096];
static int fd = -1;
static struct survey *fixed;
static struct survey_bands bands;

static void cleanup(void)
{
    if (fd >= 0)
        unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/canyu-fuzz-margins-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(path);
    FUZZ_CHECK(fd >= 0);
    atexit(cleanup);
    fixed = fuzz_fixed_survey(300);
    struct survey_error err = {0};
    FUZZ_CHECK(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err) == 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FUZZ_CHECK(ftruncate(fd, 0) == 0);
    FUZZ_CHECK(size == 0 || pwrite(fd, data, size, 0) == (ssize_t)size);
    struct survey_margins m;
    struct survey_error err = {0};
    if (survey_margins_load(path, &m, &err) != 0) {
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(err.code == SURVEY_ERR_MARGINS);
        FUZZ_CHECK(!strcmp(err.file, path));
        FUZZ_CHECK(m.n == 0 && m.m == NULL && m.file == NULL);
        return 0;
    }
    FUZZ_CHECK(m.n > 0 && m.file && !strcmp(m.file, path));
    for (size_t i = 0; i < m.n; i++) {
        const struct survey_margin *g = &m.m[i];
        FUZZ_CHECK(g->variable && g->category);
        FUZZ_CHECK(g->share >= 0 && g->share <= 1);
        FUZZ_CHECK(g->line >= 1 && (i == 0 || g->line > m.m[i - 1].line));
        double sum = 0;
        for (size_t j = 0; j < m.n; j++)
            if (!strcmp(m.m[j].variable, g->variable))
                sum += m.m[j].share;
        FUZZ_CHECK(fabs(sum - 1) <= 1e-6);
    }
    struct an_results *r = stats_analyse(fixed, &bands, &m, &err);
    if (!r) {
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(err.code == SURVEY_ERR_MARGINS);
    } else {
        FUZZ_CHECK(r->weighting == AN_WEIGHT_RAKING);
        FUZZ_CHECK(isnan(r->effective_n) || r->effective_n <= (double)fixed->n * (1 + 1e-9));
        stats_results_free(r);
    }
    survey_margins_free(&m);
    return 0;
}
