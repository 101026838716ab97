/* test_cautions.c — the cautions analysis/ chooses (analysis/cautions.c)
 * and the findings' words for them (report/document_cautions.c): a
 * chi-square with cells of expected count below 5, an alpha below 0, a
 * scale item that does not vary, a group of fewer than 30 respondents behind
 * a finding — each said exactly when its figures call for it.
 */
#include "analysis/analysis.h"
#include "report/document.h"
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Analyse DATA (a file) with CODEBOOK (NULL: the built-in one), default bands. */
static struct an_results *analyse(const char *codebook, const char *data)
{
    struct survey_error err = {0};
    struct survey_codebook *cb =
        codebook ? survey_codebook_load(codebook, &err) : survey_codebook_default(&err);
    if (!cb)
        print_error("codebook: %s\n", err.message);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    int rc = survey_load_file(s, data, NULL, &err);
    if (rc)
        print_error("%s: %s\n", data, err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    assert_non_null(r);
    survey_free(s);
    survey_codebook_free(cb);
    survey_bands_free(&bands);
    return r;
}

/* samples/boli-2024.csv, its first HEAD records (0: all), with every answer
   in column CONSTANT (NULL: none) set to "3", as a temporary file in PATH. */
static void sample_copy(char *path, size_t head, const char *constant)
{
    FILE *in = fopen("samples/boli-2024.csv", "r");
    assert_non_null(in);
    strcpy(path, "/tmp/canyu-cautions-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w");
    assert_non_null(out);
    char line[8192];
    int col = -1, quoted = 0;
    for (size_t k = 0; fgets(line, sizeof line, in) && (!head || k <= head); k++) {
        if (k == 0 && constant) { /* the sample has no quoted header fields */
            char header[sizeof line];
            int c = 0;
            strcpy(header, line);
            for (char *p = strtok(header, ",\n"); p; p = strtok(NULL, ",\n"), c++)
                if (!strcmp(p, constant))
                    col = c;
            assert_true(col >= 0);
        }
        /* A line that continues a quoted (last) field is copied. */
        int continued = quoted;
        for (const char *q = line; *q; q++)
            quoted ^= *q == '"';
        if (k == 0 || col < 0 || continued) {
            fputs(line, out);
            continue;
        }
        /* Rewrite field COL (no field before it is quoted in the sample). */
        char *p = line;
        for (int c = 0; c < col; c++)
            p = strchr(p, ',') + 1;
        char *end = p + strcspn(p, ",\n");
        fprintf(out, "%.*s3%s", (int)(p - line), line, end);
    }
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static size_t count(const struct an_results *r, enum an_caution_kind kind)
{
    size_t n = 0, from = 0;
    while (an_caution_next(r, kind, AN_ANY, AN_ANY, &from))
        n++;
    return n;
}

/* The Boli sample: large groups, no cell below 5, positive alphas, no
   constant item — nothing to caution. */
static void test_none_for_boli(void **state)
{
    (void)state;
    struct an_results *r = analyse(NULL, "samples/boli-2024.csv");
    assert_int_equal(r->n_cautions, 0);
    assert_null(an_caution_next(r, AN_CAUTION_EXPECTED, AN_ANY, AN_ANY, NULL));
    char **f;
    long n = report_findings(r, REPORT_LANG_EN, &f);
    assert_true(n > 0);
    for (long i = 0; i < n; i++)
        assert_null(strstr(f[i], "Caution"));
    report_findings_free(f, n);
    stats_results_free(r);
}

/* Every question's crosstab is cautioned exactly when a cell's expected
   count is below 5; a negative alpha is cautioned. */
static void test_expected_and_alpha(void **state)
{
    (void)state;
    struct an_results *r = analyse("tests/data/any-codebook.csv", "tests/data/any-data.csv");
    size_t crosstabs = 0;
    for (size_t q = 0; q < r->n_questions; q++)
        for (size_t b = 0; b < r->questions[q].n_by; b++) {
            const struct stats_chisq *t = &r->questions[q].by[b].chisq;
            int want = r->questions[q].type == AN_Q_SINGLE && t->small_expected > 0 &&
                       !isnan(t->statistic);
            crosstabs += (size_t)want;
            assert_int_equal(an_caution_next(r, AN_CAUTION_EXPECTED, (int)q, (int)b, NULL) != NULL,
                             want);
        }
    assert_true(crosstabs > 0);
    assert_int_equal(count(r, AN_CAUTION_EXPECTED), crosstabs);
    size_t negative = 0;
    for (size_t k = 0; k < r->likert.n_scales; k++) {
        int want = r->likert.scales[k].alpha < 0;
        negative += (size_t)want;
        assert_int_equal(an_caution_next(r, AN_CAUTION_NEGATIVE_ALPHA, 2, (int)k, NULL) != NULL,
                         want);
    }
    assert_int_equal(negative, 1);
    assert_int_equal(count(r, AN_CAUTION_NEGATIVE_ALPHA), 1);
    stats_results_free(r);
}

/* 120 respondents: the participation × age test has cells below 5 and its
   finding says so; the age groups and communities behind findings are
   small, and each finding names its small groups with their n. */
static void test_small_groups(void **state)
{
    (void)state;
    char path[64];
    sample_copy(path, 120, NULL);
    struct an_results *r = analyse(NULL, path);
    unlink(path);
    assert_true(r->chisq.small_expected > 0);
    assert_non_null(an_caution_next(r, AN_CAUTION_EXPECTED, -1, 0, NULL));
    size_t from = 0, n = 0;
    const struct an_caution *x;
    while ((x = an_caution_next(r, AN_CAUTION_SMALL_GROUP, AN_ANY, AN_ANY, &from))) {
        const struct an_finding *f = &r->findings[x->a];
        assert_true(x->n > 0 && x->n < AN_SMALL_GROUP);
        if (f->kind == AN_FINDING_AGE_GROUPS) {
            assert_int_equal(x->b, AN_GROUP_AGE);
            assert_true(x->c == f->a || x->c == f->b);
            assert_true(x->n == r->part_by_age[x->c].n);
        } else if (f->kind == AN_FINDING_BARRIERS) {
            assert_int_equal(x->b, AN_GROUP_AGE);
            assert_true(x->n == r->barriers.by_age_n[x->c]);
        } else {
            assert_int_equal(f->kind, AN_FINDING_COMMUNITIES);
            assert_int_equal(x->b, AN_GROUP_COMMUNITY);
            assert_true(x->n == r->satisfaction.scales[f->a].by_community[x->c].n);
        }
        n++;
    }
    assert_true(n > 0);
    /* Every small band behind the barrier finding is named; none is missed. */
    for (size_t i = 0; i < r->n_findings; i++) {
        if (r->findings[i].kind != AN_FINDING_BARRIERS)
            continue;
        for (size_t g = 0; g < r->n_bands; g++) {
            int small = r->main_barrier[g] >= 0 && r->barriers.by_age_n[g] > 0 &&
                        r->barriers.by_age_n[g] < AN_SMALL_GROUP;
            int found = 0;
            from = 0;
            while ((x = an_caution_next(r, AN_CAUTION_SMALL_GROUP, (int)i, AN_ANY, &from)))
                found |= x->c == (int)g;
            assert_int_equal(found, small);
        }
    }
    char **f;
    long nf = report_findings(r, REPORT_LANG_EN, &f);
    int expected = 0, groups = 0;
    for (long i = 0; i < nf; i++) {
        expected += strstr(f[i], "have an expected count below 5 (the smallest is") != NULL;
        groups += strstr(f[i], "Caution: small groups (fewer than 30 respondents) behind this: ") != NULL;
    }
    assert_int_equal(expected, 1);
    assert_true(groups >= 1);
    report_findings_free(f, nf);
    nf = report_findings(r, REPORT_LANG_ZH, &f);
    groups = 0;
    for (long i = 0; i < nf; i++)
        groups += strstr(f[i], "人数不足30人，结论需谨慎看待。") != NULL;
    assert_true(groups >= 1);
    report_findings_free(f, nf);
    stats_results_free(r);
}

/* An item answered 3 by everyone: a zero-variance caution on its scale, with
   the scale's listwise n. */
static void test_zero_variance(void **state)
{
    (void)state;
    char path[64];
    sample_copy(path, 0, "trust_help");
    struct an_results *r = analyse(NULL, path);
    unlink(path);
    const struct an_caution *x = an_caution_next(r, AN_CAUTION_ZERO_VARIANCE, 1, AN_ANY, NULL);
    assert_non_null(x);
    const struct an_scale *S = &r->trust.scales[x->b];
    assert_string_equal(S->name, "interpersonal");
    assert_string_equal(S->items[x->c], "trust_help");
    assert_true(x->n == S->n);
    assert_true(S->item_var[x->c] == 0);
    assert_int_equal(count(r, AN_CAUTION_ZERO_VARIANCE), 1);
    stats_results_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_none_for_boli),
        cmocka_unit_test(test_expected_and_alpha),
        cmocka_unit_test(test_small_groups),
        cmocka_unit_test(test_zero_variance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
