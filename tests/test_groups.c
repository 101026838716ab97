/* test_groups.c — comparing a mean across groups, crosstabs, quantiles and
 * scale item statistics (stats/stats.h) against R.
 *
 * Every expected value below was computed by R from the same data, with
 * tests/reference/groups.R; its output is pasted verbatim in the block
 * "Reference values from R".  To regenerate:
 *     Rscript tests/reference/groups.R
 * The tests themselves never run R.  Besides R's values they check that the
 * three input forms (group summaries, raw values, count tables) agree, and
 * the edge cases: empty groups, a group of one, one group only, no data,
 * constant data, a zero row and column in a crosstab, values offset by 1e6.
 */
#include "stats/stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

/* cmocka 1.1's assert_float_equal compares floats; this compares doubles at
   relative tolerance REL.  A NAN expectation requires NAN. */
#define assert_close(got, want, rel) assert_close_at((got), (want), (rel), __FILE__, __LINE__)

static void assert_close_at(double got, double want, double rel, const char *file, int line)
{
    if (isnan(want) ? isnan(got) : got == want || fabs(got - want) <= rel * fabs(want))
        return;
    print_error("got %.17g, want %.17g (relative tolerance %g)\n", got, want, rel);
    _fail(file, line);
}

#define REL 1e-9
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ## Reference values from R (tests/reference/groups.R, R 4.2.2, car 3.1-1) */

static const double r_a_n[] = {5, 8, 12, 7};
static const double r_a_mean[] = {3.6000000000000001, 5.875, 2.9166666666666665, 4.1428571428571432};
static const double r_a_sd[] = {1.1401754250991381, 1.1259916264596033, 2.0207259421636903, 0.69006555934235425};
static const double r_a_aov[] = {6.5070416209522728, 3, 28, 0.001765950270447202, 0.4107883582131871};
static const double r_a_welch[] = {7.1103883593434309, 3, 13.135395852453557, 0.0044235295458011402};
static const double r_a_levene[] = {2.6568463689401298, 3, 28, 0.067726507114085441};
static const double r_a_kw[] = {12.787139073233201, 3, 0.005120289169723128};
static const double r_a_offset_aov[] = {6.5070416209560413, 3, 28, 0.0017659502704415733, 0.41078835821332726};
static const double r_a_offset_levene[] = {2.656846368892833, 3, 28, 0.067726507117464099};
static const double r_single_aov[] = {5.3056678851339409, 4, 28, 0.0026135900351135911, 0.43115643414556454};
static const double r_single_levene[] = {2.3705958696856917, 4, 28, 0.076534142225183177};
static const double r_single_kw[] = {13.912385519373009, 4, 0.0075799993068513321};
static const double r_b_student[] = {-0.055555555555555358, -0.036213750419886115, 13, 0.97166209672134396, -3.3697795595044, 3.2586684483932888};
static const double r_b_welch_t[] = {-0.055555555555555358, -0.042546489356171592, 10.984375445775978, 0.96682659774603308, -2.9300154507866729, 2.8189043396755618};
static const double r_b_aov[] = {0.0013114357194738634, 1, 13, 0.97166209672134329, 0.00010086949504731178};
static const double r_b_welch[] = {0.0018102037565348227, 1, 10.984375445775976, 0.96682659774603308};
static const double r_b_levene[] = {8.5679658070124614, 1, 13, 0.011778598172390936};
static const double r_b_kw[] = {0.013888888888892836, 1, 0.90618561575491507};
static const double r_b_student_single[] = {-1.2888888888888896, -0.34390945046174964, 8, 0.73977887419843746, -9.9312309460957611, 7.3534531683179818};
static const double r_ct[] = {10.633911738386285, 6, 0.10037151091971648, 0.24305819763068959};
static const double r_ct_stdres[] = {1.7887071693606489, -1.5560413883368214, -0.34454482471103942, 0.18442777839082936, -0.84157389343190703, 2.7824333745610095, -1.4724867037200025, -0.79108969770126891, -0.88222619516145107, -1.1796040340639578, 1.7222126638471831, 0.57788559639706449};
static const double r_ct_expected[] = {3, 1.8};
static const double r_q[] = {1, 3.75, 4.5, 7.25, 12};
static const double r_q_offset[] = {1000003.75, 1000004.5, 1000007.25};
static const double r_q_two[] = {4.75, 6.5, 8.25};
static const double r_q_probs[] = {1, 2.1000000000000001, 4, 8.9000000000000004, 12};
static const double r_q_a3[] = {1.75, 2, 3.5};
static const double r_item_cov[] = {1.788888888888889, 1.4666666666666666, 1.0333333333333334, 1.5666666666666667, 1.4666666666666666, 1.8222222222222222, 0.84444444444444444, 1.3555555555555556, 1.0333333333333334, 0.84444444444444444, 1.4333333333333333, 1.0333333333333334, 1.5666666666666667, 1.3555555555555556, 1.0333333333333334, 1.788888888888889};
static const double r_item_mean[] = {3.2999999999999998, 3.6000000000000001, 2.8999999999999999, 3.2999999999999998};
static const double r_item_scale_mean[] = {9.8000000000000007, 9.5, 10.199999999999999, 9.8000000000000007};
static const double r_item_scale_var[] = {11.511111111111111, 12.277777777777779, 14.177777777777777, 11.733333333333333};
static const double r_item_total[] = {0.89616560103545806, 0.7751948464705386, 0.64577480801797449, 0.86338619614665679};
static const double r_item_alpha_deleted[] = {0.8426640926640927, 0.88778280542986421, 0.92868338557993724, 0.85511363636363635};
static const double r_item_alpha[] = {0.90824261275272156};

/* ## Data, as in groups.R */

/* Four groups of 5, 8, 12 and 7 answers on a 1..7 scale. */
static const double a_x[] = {3, 4, 4, 5, 2,                    /* group 0 */
                             5, 6, 7, 5, 6, 7, 7, 4,           /* group 1 */
                             1, 2, 2, 3, 7, 1, 6, 2, 5, 1, 3, 2, /* group 2 */
                             4, 4, 5, 4, 3, 5, 4};             /* group 3 */
static const int a_size[] = {5, 8, 12, 7};
#define A_N 32

/* Two groups with decimals and unequal variances. */
static const double b_x[] = {12.1, 14.3, 11.8, 15.2, 13.9, 12.7,
                             10.2, 16.8, 9.5, 18.1, 11.4, 17.3, 8.9, 15.0, 13.3};
static const int b_size[] = {6, 9};
#define B_N 15

/* Group codes 0, 0, ..., 1, 1, ... for groups of the given sizes. */
static void codes(const int *size, size_t ngroups, int *group)
{
    size_t i = 0;
    for (size_t g = 0; g < ngroups; g++)
        for (int j = 0; j < size[g]; j++)
            group[i++] = (int)g;
}

/* A's count table: group × value 1..7. */
static void a_table(double count[4][7])
{
    int group[A_N];
    codes(a_size, 4, group);
    memset(count, 0, 4 * sizeof count[0]);
    for (size_t i = 0; i < A_N; i++)
        count[group[i]][(int)a_x[i] - 1] += 1;
}

static const double levels7[] = {1, 2, 3, 4, 5, 6, 7};

static void check_anova(const struct stats_anova *a, const double *want, double rel)
{
    assert_close(a->statistic, want[0], rel);
    assert_close(a->df1, want[1], 0);
    assert_close(a->df2, want[2], 0);
    assert_close(a->p_value, want[3], rel);
    assert_close(a->eta_squared, want[4], rel);
    assert_close(a->ss_between / (a->ss_between + a->ss_within), want[4], rel);
}

static void check_f(const struct stats_f_test *f, const double *want, double rel)
{
    assert_close(f->statistic, want[0], rel);
    assert_close(f->df1, want[1], 0);
    assert_close(f->df2, want[2], rel);
    assert_close(f->p_value, want[3], rel);
}

static void check_kw(const struct stats_test *t, const double *want)
{
    assert_close(t->statistic, want[0], REL);
    assert_close(t->df, want[1], 0);
    assert_close(t->p_value, want[2], REL);
}

static void check_t(const struct stats_diff *d, const double *want)
{
    assert_close(d->difference, want[0], REL);
    assert_close(d->statistic, want[1], REL);
    assert_close(d->df, want[2], REL);
    assert_close(d->p_value, want[3], REL);
    assert_close(d->ci_low, want[4], REL);
    assert_close(d->ci_high, want[5], REL);
}

static int f_is_nan(const struct stats_f_test *f)
{
    return isnan(f->statistic) && isnan(f->df1) && isnan(f->df2) && isnan(f->p_value);
}

static int diff_is_nan(const struct stats_diff *d)
{
    return isnan(d->difference) && isnan(d->statistic) && isnan(d->df) && isnan(d->p_value) &&
           isnan(d->ci_low) && isnan(d->ci_high);
}

/* No field of a comparison is ever infinite. */
static void assert_no_inf(const struct stats_comparison *c)
{
    const double v[] = {c->n,
                        c->student.difference, c->student.statistic, c->student.df,
                        c->student.p_value, c->student.ci_low, c->student.ci_high,
                        c->welch.difference, c->welch.statistic, c->welch.df, c->welch.p_value,
                        c->welch.ci_low, c->welch.ci_high,
                        c->anova.statistic, c->anova.df1, c->anova.df2, c->anova.p_value,
                        c->anova.ss_between, c->anova.ss_within, c->anova.eta_squared,
                        c->welch_anova.statistic, c->welch_anova.df1, c->welch_anova.df2,
                        c->welch_anova.p_value,
                        c->levene.statistic, c->levene.df1, c->levene.df2, c->levene.p_value,
                        c->kruskal_wallis.statistic, c->kruskal_wallis.df,
                        c->kruskal_wallis.p_value};
    for (size_t i = 0; i < N_OF(v); i++)
        assert_false(isinf(v[i]));
}

/* ## Several groups */

static void test_groups_values(void **state)
{
    (void)state;
    int group[A_N];
    codes(a_size, 4, group);
    struct stats_comparison c;
    assert_int_equal(stats_means_compare_values(a_x, group, A_N, 4, &c), 0);
    assert_int_equal(c.groups, 4);
    assert_close(c.n, A_N, 0);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    check_f(&c.levene, r_a_levene, REL);
    check_kw(&c.kruskal_wallis, r_a_kw);
    /* Four groups: no t tests. */
    assert_true(diff_is_nan(&c.student) && diff_is_nan(&c.welch));
    assert_no_inf(&c);

    struct stats_f_test f;
    assert_int_equal(stats_levene(a_x, group, A_N, 4, &f), 0);
    check_f(&f, r_a_levene, REL);

    /* Observations with a negative group code are left out; an empty group
       (code 2 below, no observations) is dropped. */
    double x[A_N + 3];
    int g[A_N + 3];
    for (size_t i = 0; i < A_N; i++) {
        x[i] = a_x[i];
        g[i] = group[i] >= 2 ? group[i] + 1 : group[i];
    }
    x[A_N] = 100, x[A_N + 1] = -7, x[A_N + 2] = 3;
    g[A_N] = g[A_N + 1] = g[A_N + 2] = -1;
    assert_int_equal(stats_means_compare_values(x, g, A_N + 3, 5, &c), 0);
    assert_int_equal(c.groups, 4);
    assert_close(c.n, A_N, 0);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    check_f(&c.levene, r_a_levene, REL);
    check_kw(&c.kruskal_wallis, r_a_kw);
}

static void test_groups_summaries(void **state)
{
    (void)state;
    struct stats_comparison c;
    assert_int_equal(stats_means_compare(r_a_n, r_a_mean, r_a_sd, 4, &c), 0);
    assert_int_equal(c.groups, 4);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    /* Levene and Kruskal–Wallis need the data. */
    assert_true(f_is_nan(&c.levene) && isnan(c.kruskal_wallis.statistic));
    assert_no_inf(&c);

    /* The summaries stats_describe() gives are the ones to pass. */
    double n[4], mean[4], sd[4];
    const double *x = a_x;
    for (size_t g = 0; g < 4; g++) {
        struct stats_describe d;
        assert_int_equal(stats_describe(x, NULL, (size_t)a_size[g], &d), 0);
        n[g] = d.n, mean[g] = d.mean, sd[g] = d.sd;
        x += a_size[g];
    }
    struct stats_anova a;
    assert_int_equal(stats_anova_oneway(n, mean, sd, 4, &a), 0);
    check_anova(&a, r_a_aov, REL);
    struct stats_f_test f;
    assert_int_equal(stats_welch_anova(n, mean, sd, 4, &f), 0);
    check_f(&f, r_a_welch, REL);

    /* An empty group anywhere is dropped; its mean and SD are not read. */
    const double n5[] = {0, 5, 8, 0, 12, 7}, m5[] = {NAN, mean[0], mean[1], NAN, mean[2], mean[3]},
                 s5[] = {NAN, sd[0], sd[1], NAN, sd[2], sd[3]};
    assert_int_equal(stats_means_compare(n5, m5, s5, 6, &c), 0);
    assert_int_equal(c.groups, 4);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
}

static void test_groups_table(void **state)
{
    (void)state;
    double count[4][7];
    a_table(count);
    struct stats_comparison c;
    assert_int_equal(stats_means_compare_table(&count[0][0], levels7, 4, 7, &c), 0);
    assert_int_equal(c.groups, 4);
    assert_close(c.n, A_N, 0);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    check_f(&c.levene, r_a_levene, REL);
    check_kw(&c.kruskal_wallis, r_a_kw);
    struct stats_f_test f;
    assert_int_equal(stats_levene_table(&count[0][0], levels7, 4, 7, &f), 0);
    check_f(&f, r_a_levene, REL);

    /* An empty group and an empty level (0 and 8, never answered) change
       nothing. */
    double wide[5][9] = {{0}};
    const double levels9[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    for (size_t g = 0; g < 4; g++)
        for (size_t v = 0; v < 7; v++)
            wide[g < 1 ? g : g + 1][v + 1] = count[g][v];
    assert_int_equal(stats_means_compare_table(&wide[0][0], levels9, 5, 9, &c), 0);
    assert_int_equal(c.groups, 4);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    check_f(&c.levene, r_a_levene, REL);
    check_kw(&c.kruskal_wallis, r_a_kw);
}

/* Values offset by 1e6: the statistics are those of the data at zero.
   R's own results for the offset data (r_a_offset_*) differ from those by
   about 1e-12 (relative), the precision both sides can claim. */
static void test_groups_offset(void **state)
{
    (void)state;
    double x[A_N];
    int group[A_N];
    codes(a_size, 4, group);
    for (size_t i = 0; i < A_N; i++)
        x[i] = a_x[i] + 1e6;
    struct stats_comparison c;
    assert_int_equal(stats_means_compare_values(x, group, A_N, 4, &c), 0);
    check_anova(&c.anova, r_a_aov, REL);
    check_anova(&c.anova, r_a_offset_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    check_f(&c.levene, r_a_levene, REL);
    check_f(&c.levene, r_a_offset_levene, REL);
    check_kw(&c.kruskal_wallis, r_a_kw);

    double count[4][7];
    a_table(count);
    double levels[7];
    for (size_t v = 0; v < 7; v++)
        levels[v] = levels7[v] + 1e6;
    assert_int_equal(stats_means_compare_table(&count[0][0], levels, 4, 7, &c), 0);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
    check_f(&c.levene, r_a_levene, REL);
    check_kw(&c.kruskal_wallis, r_a_kw);

    /* Summaries far from zero. */
    double mean[4];
    for (size_t g = 0; g < 4; g++)
        mean[g] = r_a_mean[g] + 1e6;
    assert_int_equal(stats_means_compare(r_a_n, mean, r_a_sd, 4, &c), 0);
    check_anova(&c.anova, r_a_aov, REL);
    check_f(&c.welch_anova, r_a_welch, REL);
}

/* A fifth group with one answer: ANOVA, Levene and Kruskal–Wallis take it;
   Welch's ANOVA is undefined (R stops). */
static void test_groups_single(void **state)
{
    (void)state;
    double x[A_N + 1];
    int group[A_N + 1];
    memcpy(x, a_x, sizeof a_x);
    codes(a_size, 4, group);
    x[A_N] = 6;
    group[A_N] = 4;
    struct stats_comparison c;
    assert_int_equal(stats_means_compare_values(x, group, A_N + 1, 5, &c), 0);
    assert_int_equal(c.groups, 5);
    check_anova(&c.anova, r_single_aov, REL);
    check_f(&c.levene, r_single_levene, REL);
    check_kw(&c.kruskal_wallis, r_single_kw);
    assert_true(f_is_nan(&c.welch_anova));
    assert_no_inf(&c);

    double count[5][7];
    a_table(count);
    memset(count[4], 0, sizeof count[4]);
    count[4][5] = 1;
    assert_int_equal(stats_means_compare_table(&count[0][0], levels7, 5, 7, &c), 0);
    check_anova(&c.anova, r_single_aov, REL);
    check_f(&c.levene, r_single_levene, REL);
    check_kw(&c.kruskal_wallis, r_single_kw);
    assert_true(f_is_nan(&c.welch_anova));

    /* The summary of a group of one may carry SD NAN (stats_describe's). */
    const double n[] = {5, 8, 12, 7, 1};
    const double mean[] = {r_a_mean[0], r_a_mean[1], r_a_mean[2], r_a_mean[3], 6};
    const double sd[] = {r_a_sd[0], r_a_sd[1], r_a_sd[2], r_a_sd[3], NAN};
    assert_int_equal(stats_means_compare(n, mean, sd, 5, &c), 0);
    check_anova(&c.anova, r_single_aov, REL);
    assert_true(f_is_nan(&c.welch_anova));
}

/* ## Two groups */

static void test_two_groups(void **state)
{
    (void)state;
    int group[B_N];
    codes(b_size, 2, group);
    struct stats_comparison c;
    assert_int_equal(stats_means_compare_values(b_x, group, B_N, 2, &c), 0);
    assert_int_equal(c.groups, 2);
    check_t(&c.student, r_b_student);
    check_t(&c.welch, r_b_welch_t);
    check_anova(&c.anova, r_b_aov, REL);
    check_f(&c.welch_anova, r_b_welch, REL);
    check_f(&c.levene, r_b_levene, REL);
    check_kw(&c.kruskal_wallis, r_b_kw);
    /* Textbook identities for two groups: F = t², Welch's F = Welch's t². */
    assert_close(c.anova.statistic, c.student.statistic * c.student.statistic, 1e-12);
    assert_close(c.welch_anova.statistic, c.welch.statistic * c.welch.statistic, 1e-12);
    assert_close(c.welch_anova.df2, c.welch.df, 1e-12);
    assert_close(c.anova.p_value, c.student.p_value, 1e-12);
    assert_no_inf(&c);

    /* The same from summaries, and the t test on its own. */
    struct stats_describe d1, d2;
    stats_describe(b_x, NULL, 6, &d1);
    stats_describe(b_x + 6, NULL, 9, &d2);
    struct stats_diff t;
    assert_int_equal(stats_student_t_test(d1.mean, d1.sd, d1.n, d2.mean, d2.sd, d2.n, &t), 0);
    check_t(&t, r_b_student);
    const double n[] = {d1.n, d2.n}, mean[] = {d1.mean, d2.mean}, sd[] = {d1.sd, d2.sd};
    assert_int_equal(stats_means_compare(n, mean, sd, 2, &c), 0);
    check_t(&c.student, r_b_student);
    check_t(&c.welch, r_b_welch_t);
    check_anova(&c.anova, r_b_aov, REL);
    check_f(&c.welch_anova, r_b_welch, REL);

    /* Two non-empty groups out of four: the t tests compare them, the first
       minus the second. */
    int g4[B_N];
    for (size_t i = 0; i < B_N; i++)
        g4[i] = group[i] == 0 ? 1 : 3;
    assert_int_equal(stats_means_compare_values(b_x, g4, B_N, 4, &c), 0);
    assert_int_equal(c.groups, 2);
    check_t(&c.student, r_b_student);
    check_t(&c.welch, r_b_welch_t);
    /* Swapped: the difference changes sign, the p-values do not. */
    for (size_t i = 0; i < B_N; i++)
        g4[i] = group[i] == 0 ? 3 : 0;
    assert_int_equal(stats_means_compare_values(b_x, g4, B_N, 4, &c), 0);
    assert_close(c.student.difference, -r_b_student[0], REL);
    assert_close(c.student.statistic, -r_b_student[1], REL);
    assert_close(c.student.ci_low, -r_b_student[5], REL);
    assert_close(c.welch.p_value, r_b_welch_t[3], REL);
}

/* A group of one against nine: Student's t exists (pooled SD from the other
   group), Welch's does not. */
static void test_two_groups_single(void **state)
{
    (void)state;
    double x[10];
    int group[10] = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    x[0] = b_x[0];
    memcpy(x + 1, b_x + 6, 9 * sizeof *x);
    struct stats_comparison c;
    assert_int_equal(stats_means_compare_values(x, group, 10, 2, &c), 0);
    check_t(&c.student, r_b_student_single);
    assert_true(diff_is_nan(&c.welch) && f_is_nan(&c.welch_anova));
    assert_no_inf(&c);
    struct stats_diff t;
    struct stats_describe d;
    stats_describe(x + 1, NULL, 9, &d);
    assert_int_equal(stats_student_t_test(x[0], NAN, 1, d.mean, d.sd, 9, &t), 0);
    check_t(&t, r_b_student_single);
    /* Two groups of one: no residual df. */
    assert_int_equal(stats_student_t_test(1, NAN, 1, 2, NAN, 1, &t), -1);
    assert_true(diff_is_nan(&t));
    /* Invalid summaries. */
    assert_int_equal(stats_student_t_test(1, -1, 3, 2, 1, 3, &t), -1);
    assert_int_equal(stats_student_t_test(1, 1, 3, NAN, 1, 3, &t), -1);
    assert_int_equal(stats_student_t_test(1, NAN, 3, 2, 1, 3, &t), -1);
    /* Both groups constant: the difference but no test. */
    assert_int_equal(stats_student_t_test(3, 0, 4, 1, 0, 5, &t), 0);
    assert_true(t.difference == 2 && isnan(t.statistic) && isnan(t.df) && isnan(t.p_value));
}

/* ## Edge cases */

static void test_groups_edges(void **state)
{
    (void)state;
    struct stats_comparison c;
    /* No data, no groups. */
    assert_int_equal(stats_means_compare_values(NULL, NULL, 0, 0, &c), 0);
    assert_int_equal(c.groups, 0);
    assert_true(isnan(c.anova.statistic) && isnan(c.anova.eta_squared) && f_is_nan(&c.levene));
    assert_no_inf(&c);
    assert_int_equal(stats_means_compare_values(NULL, NULL, 0, 3, &c), 0);
    assert_true(c.groups == 0 && c.n == 0 && isnan(c.kruskal_wallis.statistic));
    assert_int_equal(stats_means_compare(NULL, NULL, NULL, 0, &c), 0);
    assert_int_equal(stats_means_compare_table(NULL, NULL, 0, 0, &c), 0);
    assert_true(isnan(c.anova.p_value));

    /* One group only (the others empty). */
    const double x[] = {1, 2, 3, 4, 5};
    const int one[] = {1, 1, 1, 1, 1};
    assert_int_equal(stats_means_compare_values(x, one, 5, 3, &c), 0);
    assert_true(c.groups == 1 && c.n == 5);
    assert_true(isnan(c.anova.statistic) && isnan(c.anova.eta_squared) &&
                isnan(c.anova.ss_between) && f_is_nan(&c.welch_anova) && f_is_nan(&c.levene) &&
                isnan(c.kruskal_wallis.statistic) && diff_is_nan(&c.student));
    assert_no_inf(&c);

    /* Constant data: no variation anywhere. */
    const double same[] = {1e6 + 3, 1e6 + 3, 1e6 + 3, 1e6 + 3, 1e6 + 3, 1e6 + 3};
    const int g3[] = {0, 0, 1, 1, 2, 2};
    assert_int_equal(stats_means_compare_values(same, g3, 6, 3, &c), 0);
    assert_int_equal(c.groups, 3);
    assert_true(isnan(c.anova.statistic) && isnan(c.anova.df1) && isnan(c.anova.df2) &&
                isnan(c.anova.p_value) && isnan(c.anova.eta_squared));
    assert_true(c.anova.ss_between == 0 && c.anova.ss_within == 0);
    assert_true(f_is_nan(&c.welch_anova) && f_is_nan(&c.levene) &&
                isnan(c.kruskal_wallis.statistic));
    assert_no_inf(&c);

    /* Constant within groups, different between: F would divide by zero;
       eta² = 1.  Groups of two make Levene's deviations constant too. */
    const double steps[] = {1e6 + 2, 1e6 + 2, 1e6 + 2, 1e6 + 5, 1e6 + 5};
    const int g2[] = {0, 0, 0, 1, 1};
    assert_int_equal(stats_means_compare_values(steps, g2, 5, 2, &c), 0);
    assert_true(isnan(c.anova.statistic) && isnan(c.anova.p_value));
    assert_close(c.anova.eta_squared, 1, 0);
    assert_close(c.anova.ss_within, 0, 0);
    assert_close(c.anova.ss_between, 3.0 * 2 / 5 * 9, 1e-12);
    assert_close(c.student.difference, -3, 0);
    assert_true(isnan(c.student.statistic) && isnan(c.welch.statistic));
    assert_true(f_is_nan(&c.welch_anova) && f_is_nan(&c.levene));
    /* Kruskal–Wallis still has ranks to compare. */
    assert_true(isfinite(c.kruskal_wallis.statistic));
    assert_no_inf(&c);
    const double pairs[] = {1, 3, 4, 8, 10, 14};
    assert_int_equal(stats_means_compare_values(pairs, g3, 6, 3, &c), 0);
    assert_true(isfinite(c.anova.statistic) && f_is_nan(&c.levene));

    /* Every group of one: no residual df. */
    const int each[] = {0, 1, 2};
    assert_int_equal(stats_means_compare_values(x, each, 3, 3, &c), 0);
    assert_true(isnan(c.anova.statistic) && isnan(c.anova.df2) && f_is_nan(&c.welch_anova));
    assert_close(c.anova.eta_squared, 1, 0);
    assert_no_inf(&c);

    /* Invalid input. */
    const int bad[] = {0, 1, 3, 0, 1};
    assert_int_equal(stats_means_compare_values(x, bad, 5, 3, &c), -1);
    assert_true(c.groups == 0 && isnan(c.anova.statistic));
    struct stats_f_test f;
    assert_int_equal(stats_levene(x, bad, 5, 3, &f), -1);
    assert_true(f_is_nan(&f));
    const double inf[] = {1, 2, INFINITY, 4, 5};
    const int skip[] = {0, 0, -1, 1, 1};
    assert_int_equal(stats_means_compare_values(inf, one, 5, 3, &c), -1);
    /* A non-finite value outside every group is not read. */
    assert_int_equal(stats_means_compare_values(inf, skip, 5, 2, &c), 0);
    assert_true(c.groups == 2 && c.n == 4);
    const double neg_n[] = {3, -1}, nm[] = {1, 2}, ns[] = {1, 1}, nan_sd[] = {1, NAN};
    assert_int_equal(stats_means_compare(neg_n, nm, ns, 2, &c), -1);
    const double n2[] = {3, 3};
    assert_int_equal(stats_means_compare(n2, nm, nan_sd, 2, &c), -1);
    struct stats_anova a;
    assert_int_equal(stats_anova_oneway(n2, nm, nan_sd, 2, &a), -1);
    assert_true(isnan(a.eta_squared));
    assert_int_equal(stats_welch_anova(neg_n, nm, ns, 2, &f), -1);
    const double count[] = {1, 2, 3, 4}, levels[] = {1, 2}, down[] = {2, 1};
    const double negc[] = {1, -2, 3, 4};
    assert_int_equal(stats_means_compare_table(count, down, 2, 2, &c), -1);
    assert_int_equal(stats_means_compare_table(negc, levels, 2, 2, &c), -1);
    assert_int_equal(stats_levene_table(count, down, 2, 2, &f), -1);
    assert_int_equal(stats_means_compare_table(count, levels, 2, 2, &c), 0);
    assert_int_equal(c.groups, 2);
}

/* ## Crosstab */

static const double ct34[12] = {12, 5, 8, 2, 7, 14, 6, 1, 9, 8, 15, 3};

static void test_crosstab(void **state)
{
    (void)state;
    struct stats_chisq c;
    double res[12];
    assert_int_equal(stats_chisq_test(ct34, 3, 4, &c, res), 0);
    assert_close(c.statistic, r_ct[0], REL);
    assert_close(c.df, r_ct[1], 0);
    assert_close(c.p_value, r_ct[2], REL);
    assert_close(c.cramers_v, r_ct[3], REL);
    assert_true(c.rows == 3 && c.cols == 4 && c.n == 90);
    for (size_t k = 0; k < 12; k++)
        assert_close(res[k], r_ct_stdres[k], REL);
    assert_int_equal(c.small_expected, (size_t)r_ct_expected[0]);
    assert_close(c.min_expected, r_ct_expected[1], REL);

    /* A zero row and a zero column are dropped: the same test, NAN
       residuals in them, their zero expected counts not counted. */
    double wide[4][5] = {{0}};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++)
            wide[i < 1 ? i : i + 1][j < 2 ? j : j + 1] = ct34[i * 4 + j];
    double wres[20];
    assert_int_equal(stats_chisq_test(&wide[0][0], 4, 5, &c, wres), 0);
    assert_close(c.statistic, r_ct[0], REL);
    assert_close(c.df, r_ct[1], 0);
    assert_close(c.p_value, r_ct[2], REL);
    assert_close(c.cramers_v, r_ct[3], REL);
    assert_true(c.rows == 3 && c.cols == 4);
    assert_int_equal(c.small_expected, (size_t)r_ct_expected[0]);
    assert_close(c.min_expected, r_ct_expected[1], REL);
    for (size_t j = 0; j < 5; j++)
        assert_true(isnan(wres[1 * 5 + j]));
    for (size_t i = 0; i < 4; i++)
        assert_true(isnan(wres[i * 5 + 2]));
    assert_close(wres[0 * 5 + 3], r_ct_stdres[0 * 4 + 2], REL);
    assert_close(wres[3 * 5 + 4], r_ct_stdres[2 * 4 + 3], REL);

    /* Weighted counts are taken as counts: doubling every count doubles X²
       and the expected counts and leaves V alone. */
    double dbl[12];
    for (size_t k = 0; k < 12; k++)
        dbl[k] = 2 * ct34[k];
    assert_int_equal(stats_chisq_test(dbl, 3, 4, &c, NULL), 0);
    assert_close(c.statistic, 2 * r_ct[0], REL);
    assert_close(c.cramers_v, r_ct[3], REL);
    assert_close(c.min_expected, 2 * r_ct_expected[1], REL);
    assert_int_equal(c.small_expected, 3);
    /* Scaled by 3, the smallest column's expected counts reach 5.4, 5.6
       and 7: none is below 5. */
    for (size_t k = 0; k < 12; k++)
        dbl[k] = 3 * ct34[k];
    assert_int_equal(stats_chisq_test(dbl, 3, 4, &c, NULL), 0);
    assert_int_equal(c.small_expected, 0);
    assert_close(c.min_expected, 5.4, 1e-12);

    /* A single non-empty row: no test, no expected counts. */
    const double one_row[8] = {0, 0, 0, 0, 3, 4, 5, 6};
    assert_int_equal(stats_chisq_test(one_row, 2, 4, &c, NULL), 0);
    assert_true(isnan(c.statistic) && c.small_expected == 0 && isnan(c.min_expected));
}

/* ## Quantiles */

static const double qx[12] = {7, 2, 9, 4, 4, 1, 12, 4, 6, 3, 8, 5};

static void check_quartiles(const struct stats_quartiles *q, const double *five)
{
    assert_close(q->min, five[0], REL);
    assert_close(q->q1, five[1], REL);
    assert_close(q->median, five[2], REL);
    assert_close(q->q3, five[3], REL);
    assert_close(q->max, five[4], REL);
}

/* qx as a count table over the levels 0..13 (0 and 13 empty). */
static void qx_table(double *levels, double *count)
{
    for (size_t v = 0; v < 14; v++) {
        levels[v] = (double)v;
        count[v] = 0;
    }
    for (size_t i = 0; i < 12; i++)
        count[(size_t)qx[i]] += 1;
}

static void test_quantiles(void **state)
{
    (void)state;
    struct stats_quartiles q;
    assert_int_equal(stats_quartiles(qx, 12, &q), 0);
    assert_close(q.n, 12, 0);
    check_quartiles(&q, r_q);

    double s[12];
    memcpy(s, qx, sizeof s);
    assert_int_equal(stats_quartiles(s, 12, &q), 0);
    assert_true(memcmp(s, qx, sizeof s) == 0); /* the input is not sorted in place */
    /* Other probabilities, on sorted values. */
    const double sorted[12] = {1, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9, 12};
    const double probs[5] = {0, 0.1, 0.33, 0.9, 1};
    for (size_t i = 0; i < 5; i++)
        assert_close(stats_quantile_sorted(sorted, 12, probs[i]), r_q_probs[i], REL);
    assert_true(isnan(stats_quantile_sorted(sorted, 12, -0.1)));
    assert_true(isnan(stats_quantile_sorted(sorted, 12, 1.5)));
    assert_true(isnan(stats_quantile_sorted(sorted, 12, NAN)));

    /* Offset by 1e6: the positions interpolate exactly. */
    double off[12];
    for (size_t i = 0; i < 12; i++)
        off[i] = qx[i] + 1e6;
    assert_int_equal(stats_quartiles(off, 12, &q), 0);
    assert_close(q.q1, r_q_offset[0], 0);
    assert_close(q.median, r_q_offset[1], 0);
    assert_close(q.q3, r_q_offset[2], 0);

    const double two[2] = {10, 3};
    assert_int_equal(stats_quartiles(two, 2, &q), 0);
    assert_true(q.min == 3 && q.max == 10);
    assert_close(q.q1, r_q_two[0], REL);
    assert_close(q.median, r_q_two[1], REL);
    assert_close(q.q3, r_q_two[2], REL);

    /* a3 (group 2 of the comparisons). */
    assert_int_equal(stats_quartiles(a_x + 13, 12, &q), 0);
    assert_close(q.q1, r_q_a3[0], REL);
    assert_close(q.median, r_q_a3[1], REL);
    assert_close(q.q3, r_q_a3[2], REL);

    /* n = 1, constant data, n = 0, a non-finite value. */
    const double one = 4.5;
    assert_int_equal(stats_quartiles(&one, 1, &q), 0);
    assert_true(q.min == 4.5 && q.q1 == 4.5 && q.median == 4.5 && q.q3 == 4.5 && q.max == 4.5);
    const double same[5] = {2, 2, 2, 2, 2};
    assert_int_equal(stats_quartiles(same, 5, &q), 0);
    assert_true(q.min == 2 && q.q1 == 2 && q.median == 2 && q.q3 == 2 && q.max == 2);
    assert_int_equal(stats_quartiles(NULL, 0, &q), 0);
    assert_true(q.n == 0 && isnan(q.min) && isnan(q.median) && isnan(q.max));
    assert_true(isnan(stats_quantile_sorted(NULL, 0, 0.5)));
    const double bad[3] = {1, NAN, 2};
    assert_int_equal(stats_quartiles(bad, 3, &q), -1);
    assert_true(isnan(q.median));
}

static void test_quantiles_table(void **state)
{
    (void)state;
    double levels[14], count[14];
    qx_table(levels, count);
    struct stats_quartiles q;
    assert_int_equal(stats_quartiles_table(levels, count, 14, &q), 0);
    assert_close(q.n, 12, 0);
    check_quartiles(&q, r_q);
    const double probs[5] = {0, 0.1, 0.33, 0.9, 1};
    for (size_t i = 0; i < 5; i++)
        assert_close(stats_quantile_table(levels, count, 14, probs[i]), r_q_probs[i], REL);

    /* Group 2 of the comparisons from its row of the count table. */
    double a[4][7];
    a_table(a);
    assert_int_equal(stats_quartiles_table(levels7, a[2], 7, &q), 0);
    assert_close(q.q1, r_q_a3[0], REL);
    assert_close(q.median, r_q_a3[1], REL);
    assert_close(q.q3, r_q_a3[2], REL);
    assert_true(q.min == 1 && q.max == 7);

    /* Offset levels. */
    for (size_t v = 0; v < 14; v++)
        levels[v] += 1e6;
    assert_int_equal(stats_quartiles_table(levels, count, 14, &q), 0);
    assert_close(q.q1, r_q_offset[0], 0);
    assert_close(q.median, r_q_offset[1], 0);
    assert_close(q.q3, r_q_offset[2], 0);

    /* One observation; an empty table; invalid tables. */
    const double lv[3] = {1, 2, 3}, c1[3] = {0, 1, 0}, c0[3] = {0, 0, 0};
    assert_int_equal(stats_quartiles_table(lv, c1, 3, &q), 0);
    assert_true(q.n == 1 && q.min == 2 && q.q1 == 2 && q.median == 2 && q.q3 == 2 && q.max == 2);
    assert_int_equal(stats_quartiles_table(lv, c0, 3, &q), 0);
    assert_true(q.n == 0 && isnan(q.min) && isnan(q.median));
    assert_true(isnan(stats_quantile_table(lv, c0, 3, 0.5)));
    const double half[3] = {1, 0.5, 2}, negc[3] = {1, -1, 2}, down[3] = {1, 3, 2};
    assert_int_equal(stats_quartiles_table(lv, half, 3, &q), -1);
    assert_true(isnan(q.median));
    assert_int_equal(stats_quartiles_table(lv, negc, 3, &q), -1);
    assert_int_equal(stats_quartiles_table(down, c1, 3, &q), -1);
    assert_true(isnan(stats_quantile_table(down, c1, 3, 0.5)));
}

/* ## Item statistics of a scale */

static const double items[10][4] = {{4, 5, 3, 4}, {2, 3, 2, 3}, {5, 4, 4, 5}, {3, 3, 1, 2},
                                    {4, 5, 5, 4}, {1, 2, 2, 1}, {3, 4, 2, 3}, {5, 5, 4, 4},
                                    {2, 1, 3, 2}, {4, 4, 3, 5}};

static void test_item_statistics(void **state)
{
    (void)state;
    struct stats_cov *acc = stats_cov_new(4);
    assert_non_null(acc);
    double mean[4] = {0};
    for (size_t r = 0; r < 10; r++) {
        stats_cov_add(acc, items[r]);
        for (size_t i = 0; i < 4; i++)
            mean[i] += items[r][i] / 10;
    }
    double cov[16];
    stats_cov_matrix(acc, cov);
    stats_cov_free(acc);
    for (size_t k = 0; k < 16; k++)
        assert_close(cov[k], r_item_cov[k], REL);

    /* The whole SPSS table: two columns from here, two from alpha. */
    double smean[4], svar[4], it[4], del[4];
    assert_int_equal(stats_scale_if_deleted(cov, mean, 4, smean, svar), 0);
    struct stats_alpha a;
    assert_int_equal(stats_alpha_from_cov(cov, 4, 10, &a, it, del), 0);
    assert_close(a.alpha, r_item_alpha[0], REL);
    for (size_t i = 0; i < 4; i++) {
        assert_close(smean[i], r_item_scale_mean[i], REL);
        assert_close(svar[i], r_item_scale_var[i], REL);
        assert_close(it[i], r_item_total[i], REL);
        assert_close(del[i], r_item_alpha_deleted[i], REL);
    }
    /* From R's matrix and means, one output at a time. */
    assert_int_equal(stats_scale_if_deleted(r_item_cov, NULL, 4, NULL, svar), 0);
    assert_int_equal(stats_scale_if_deleted(NULL, r_item_mean, 4, smean, NULL), 0);
    for (size_t i = 0; i < 4; i++) {
        assert_close(smean[i], r_item_scale_mean[i], REL);
        assert_close(svar[i], r_item_scale_var[i], REL);
    }

    /* The same from exact integer sums, and offset by 1e6. */
    uint64_t sum[4] = {0}, cross[16] = {0};
    for (size_t r = 0; r < 10; r++)
        for (size_t q = 0; q < 4; q++) {
            sum[q] += (uint64_t)items[r][q];
            for (size_t s = q; s < 4; s++)
                cross[q * 4 + s] += (uint64_t)(items[r][q] * items[r][s]);
        }
    stats_cov_from_sums(sum, cross, 4, 10, cov);
    double off[4];
    for (size_t i = 0; i < 4; i++)
        off[i] = (double)sum[i] / 10 + 1e6;
    assert_int_equal(stats_scale_if_deleted(cov, off, 4, smean, svar), 0);
    for (size_t i = 0; i < 4; i++) {
        assert_close(smean[i], r_item_scale_mean[i] + 3e6, REL);
        assert_close(svar[i], r_item_scale_var[i], REL);
    }
}

static void test_item_statistics_edges(void **state)
{
    (void)state;
    double smean[2] = {0, 0}, svar[2] = {0, 0};
    const double cov1[1] = {2}, mean1[1] = {3};
    /* One item: nothing is left when it is deleted. */
    assert_int_equal(stats_scale_if_deleted(cov1, mean1, 1, smean, svar), -1);
    assert_true(isnan(smean[0]) && isnan(svar[0]));
    /* Two items: the other item's own mean and variance. */
    const double cov2[4] = {2, 0.5, 0.5, 3}, mean2[2] = {1, 4};
    assert_int_equal(stats_scale_if_deleted(cov2, mean2, 2, smean, svar), 0);
    assert_true(smean[0] == 4 && smean[1] == 1 && svar[0] == 3 && svar[1] == 2);
    /* n < 2: the covariance matrix is NAN, so are the variances. */
    const double nan4[4] = {NAN, NAN, NAN, NAN};
    assert_int_equal(stats_scale_if_deleted(nan4, mean2, 2, smean, svar), 0);
    assert_true(smean[0] == 4 && isnan(svar[0]) && isnan(svar[1]));
}

int main(void)
{
    /* As in canyu's main(): GSL reports errors by return code only. */
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_values),
        cmocka_unit_test(test_groups_summaries),
        cmocka_unit_test(test_groups_table),
        cmocka_unit_test(test_groups_offset),
        cmocka_unit_test(test_groups_single),
        cmocka_unit_test(test_two_groups),
        cmocka_unit_test(test_two_groups_single),
        cmocka_unit_test(test_groups_edges),
        cmocka_unit_test(test_crosstab),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_quantiles_table),
        cmocka_unit_test(test_item_statistics),
        cmocka_unit_test(test_item_statistics_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
