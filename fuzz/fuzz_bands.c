/* fuzz_bands.c — the --age-bands parser, fed arbitrary bytes as the option's
 * value (cut at the first NUL, as argv would be).
 *
 * Bands that parse are used to analyse a fixed synthetic survey of 200
 * respondents.
 *
 * Checked: no crash, leak or undefined behaviour; an error names itself and
 * leaves no bands; parsed bands are ordered, lo <= hi, do not overlap, carry a
 * label, and survey_bands_find places every age 0..150 in the band that holds
 * it or in none; the analysis succeeds.
 */
#include "fuzz/fuzz.h"

#include <limits.h>

static struct survey *fixed;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fixed = fuzz_fixed_survey(200);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    FUZZ_CHECK(spec);
    memcpy(spec, data, size);
    spec[size] = '\0';
    struct survey_bands b;
    struct survey_error err = {0};
    if (survey_bands_parse(spec, &b, &err) != 0) {
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(err.code == SURVEY_ERR_BANDS);
        FUZZ_CHECK(b.n == 0 && b.band == NULL);
        free(spec);
        return 0;
    }
    FUZZ_CHECK(b.n >= 1);
    for (size_t i = 0; i < b.n; i++) {
        const struct survey_band *d = &b.band[i];
        FUZZ_CHECK(d->lo >= 0 && d->lo <= d->hi);
        FUZZ_CHECK(d->hi <= 150 || (d->hi == INT_MAX && i == b.n - 1));
        FUZZ_CHECK(i == 0 || d->lo > b.band[i - 1].hi);
        FUZZ_CHECK(d->label[0] && memchr(d->label, '\0', sizeof d->label));
    }
    FUZZ_CHECK(survey_bands_find(&b, SURVEY_MISSING) == -1);
    for (int age = -1; age <= 151; age++) {
        int k = survey_bands_find(&b, age);
        int want = -1;
        for (size_t i = 0; i < b.n; i++)
            if (age >= b.band[i].lo && age <= b.band[i].hi)
                want = (int)i;
        FUZZ_CHECK(k == want);
    }
    struct an_results *r = stats_analyse(fixed, &b, NULL, &err);
    FUZZ_CHECK(r);
    stats_results_free(r);
    survey_bands_free(&b);
    free(spec);
    return 0;
}
