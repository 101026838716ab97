/* test_stats.h — what the tests of stats/ (test_stats.c, test_stats_models.c)
 * share: comparisons of doubles, the reference values computed by R and the
 * data sets they were computed from.
 *
 * Every expected value below was computed by R from the same data, with
 * tests/reference/primitives.R; its output is pasted verbatim in the block
 * "Reference values from R".  To regenerate:
 *     Rscript tests/reference/primitives.R
 * The tests themselves never run R.  Include after <cmocka.h>.
 */
#ifndef CANYU_TESTS_TEST_STATS_H
#define CANYU_TESTS_TEST_STATS_H

#include <math.h>
#include <stddef.h>

/* cmocka 1.1's assert_float_equal compares floats; this compares doubles at
   relative tolerance REL.  A NAN expectation requires NAN. */
#define assert_close(got, want, rel) assert_close_at((got), (want), (rel), __FILE__, __LINE__)
/* Absolute tolerance, for expectations that are (or may underflow to) 0. */
#define assert_near(got, want, tol) assert_near_at((got), (want), (tol), __FILE__, __LINE__)

static void assert_close_at(double got, double want, double rel, const char *file, int line)
{
    if (isnan(want) ? isnan(got) : got == want || fabs(got - want) <= rel * fabs(want))
        return;
    print_error("got %.17g, want %.17g (relative tolerance %g)\n", got, want, rel);
    _fail(file, line);
}

static void assert_near_at(double got, double want, double tol, const char *file, int line)
{
    if (fabs(got - want) <= tol)
        return;
    print_error("got %.17g, want %.17g (absolute tolerance %g)\n", got, want, tol);
    _fail(file, line);
}

#define REL 1e-9
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ## Reference values from R (tests/reference/primitives.R, R 4.2.2, survey 4.1.1) */

static const double r_wilson_37_120[] = {0.23272736988916301, 0.39582997723800678};
static const double r_wilson_0_15[] = {0, 0.20388330103584854};
static const double r_wilson_15_15[] = {0.79611669896415138, 1};
static const double r_wilson_1_1[] = {0.2065493143772375, 1};
static const double r_wilson_37_120_90[] = {0.24385619835333927, 0.38126261286639368};
static const double r_wilson_weighted[] = {0.31486991698998873, 0.51712289727772376};
static const double r_desc[] = {12, 3.4166666666666665, 1.3113721705515067, 2.5834605406892539, 4.24987279264408};
static const double r_desc_offset[] = {1000003.4166666666, 1.3113721705515067, 1000002.5834605407, 1000004.2498727927};
static const double r_desc_weighted[] = {3.4150943396226414, 1.2246854143897143, 9.3876717415521718, 2.5007232238296342, 4.3294654554156491};
static const double r_kish[] = {9.3876717415521718, 1.2782722202444525, 1.2782722202444523};
static const double r_chisq_4x2[] = {25.89803130588859, 3, 1.0017940315270451e-05, 0.34310104068288022};
static const double r_chisq_4x2_stdres[] = {-3.5365903090450979, 3.5365903090450979, -2.0032360119933457, 2.0032360119933457, 1.1832418380604828, -1.1832418380604828, 4.0872694329439403, -4.0872694329439403};
static const double r_chisq_3x3[] = {30.262228166474475, 4, 4.3281769839841857e-06, 0.32993474483695651};
static const double r_chisq_3x3_stdres[] = {-1.5376725954904549, 2.9752864082927823, -1.272723607380881, 4.7982556146719517, -2.7891782955950766, -1.9615038029204503, -3.0664971749463983, -0.23015883513823127, 3.0920681390307783};
static const double r_chisq_2x2[] = {2.6478284476127749, 1, 0.10369145666730897};
static const double r_lbl[] = {25.463771386402282, 1, 4.5076846196971326e-07};
static const double r_lbl_scores[] = {24.677564330059681, 1, 6.7768507964331132e-07};
static const double r_kw_small[] = {0.89416058394160591, 2, 0.63949256009544131};
static const double r_kw_big[] = {27902.355311181997, 10, 0};
static const double r_kw_sort[] = {0.17693530173857608, 4, 0.99631005601909817};
static const double r_spearman_small[] = {0.84164234017429451, 4.9283936816308689, 0.00059736693041617141};
static const double r_rank_spx[] = {1, 2.5, 2.5, 4.5, 7, 7, 7, 9, 10, 11, 4.5, 12};
static const double r_spearman_big[] = {0.32900750776765969, 0};
static const double r_spearman_sort[] = {-9.7514803215409035e-05, 0.9889976691606468};
static const double r_alpha[] = {0.93145218754453474, 0.93066561026966033};
static const double r_alpha_item_total[] = {0.9541091077681757, 0.75572904413845021, 0.79273591273134114, 0.86469203054747046};
static const double r_alpha_if_deleted[] = {0.87032418952618451, 0.9364754098360657, 0.92548746518105851, 0.90234375};
static const double r_alpha_2items[] = {0.88188976377952755, 0.88588484321449334, 0.79514656794589078};
static const double r_alpha_offset[] = {0.93145218754453474};
static const double r_logit_coef[] = {-3.8358213088805004, 0.90882575668450716, 1.3884590793986265, 0.041841647504713121};
static const double r_logit_se[] = {1.6025929840021347, 0.9674550179410506, 0.90467133406137501, 0.022525989412007352};
static const double r_logit_z[] = {-2.3935093608742464, 0.93939846280262318, 1.534766303653466, 1.8574832270146442};
static const double r_logit_p[] = {0.016688055485816009, 0.34752620195755662, 0.12484124260881857, 0.063242435337532793};
static const double r_logit_or[] = {0.021583604382638247, 2.481407046337051, 4.0086682518916446, 1.0427293468825989};
static const double r_logit_or_low[] = {0.00093324216144995565, 0.37256221493744718, 0.68067920174758445, 0.99769418203289861};
static const double r_logit_or_high[] = {0.49917588101941096, 16.527121330983562, 23.607921488517906, 1.0897973651953785};
static const double r_logit_deviance[] = {44.581869484505717};
static const double r_welch_input[] = {66.785714285714292, 8.3808170984752586, 7, 80.055555555555557, 6.916666666666667, 9};
static const double r_welch[] = {-13.269841269841265, -3.3870155954975365, 11.599460550242336, 0.0056472719488976997, -21.838924464754822, -4.7007580749277098};
static const double r_prop_z[] = {-0.10192307692307695, -1.6272149358989962, 0.10369145666730871, -0.22388427382805842, 0.020038119981904537};
static const double r_rake_weights[] = {0.95571704301433769, 1.3949636387708537, 0.63770233491908568, 0.95571704301433769, 1.9050969632777057, 0.79712791864885701, 0.78727716665558145, 1.0512887473157713, 1.1624696989757113, 1.1321802033778485, 0.55798954305420001, 1.1624696989757113};

/* ## The data sets, as in primitives.R */

static const double likert[] = {3, 5, 2, 4, 4, 1, 5, 3, 2, 4, 5, 3};
static const double likert_w[] = {1.5, 0.5, 2, 1, 1, 0.8, 1.2, 3, 0.7, 1.1, 2.2, 0.9};

static const double age_yes[] = {12, 18, 30, 41};
static const double age_no[] = {38, 35, 27, 19};

static const double items[12][4] = {
    {4, 5, 4, 3}, {3, 3, 4, 3}, {5, 5, 5, 4}, {2, 3, 2, 2}, {4, 4, 3, 4}, {1, 2, 2, 1},
    {3, 4, 3, 3}, {5, 4, 5, 5}, {2, 2, 3, 2}, {4, 3, 4, 4}, {3, 3, 2, 3}, {4, 5, 4, 5},
};
#endif
