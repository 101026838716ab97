/* test_keyed.c — several groupings of the same values at once
 * (stats/stats.h: stats_sort_tagged, stats_kruskal_wallis_keyed,
 * stats_means_compare_keyed).  The keyed forms are how a numeric question
 * is compared across age group and every --by column in one pass; they
 * must give the figures of one grouping at a time bit for bit, and those
 * are checked against R (test_stats_models.c, test_groups.c).  Here: R's
 * Kruskal–Wallis of test_stats.h's small data, a value by hand, and the
 * keyed results against stats_means_compare_sorted() on data with ties,
 * respondents in no group and an empty group.
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

#include "tests/test_stats.h"

/* Two groupings in one key: A (AN groups) the digit of weight 1, B the
   digit of weight AN + 1; a digit is the group + 1, 0 for none. */
enum { AN = 4, BN = 3, KEYS = (AN + 1) * (BN + 1) };

static int32_t map_a[KEYS], map_b[KEYS];

static void make_maps(void)
{
    for (int k = 0; k < KEYS; k++) {
        map_a[k] = k % (AN + 1) - 1;
        map_b[k] = k / (AN + 1) - 1;
    }
}

static uint16_t key_of(int a, int b)
{
    return (uint16_t)((a + 1) + (AN + 1) * (b + 1));
}

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static void assert_same_diff(const struct stats_diff *a, const struct stats_diff *b)
{
    assert_true(same(a->difference, b->difference) && same(a->ci_low, b->ci_low) &&
                same(a->ci_high, b->ci_high) && same(a->statistic, b->statistic) &&
                same(a->df, b->df) && same(a->p_value, b->p_value));
}

static void assert_same_f(const struct stats_f_test *a, const struct stats_f_test *b)
{
    assert_true(same(a->statistic, b->statistic) && same(a->df1, b->df1) &&
                same(a->df2, b->df2) && same(a->p_value, b->p_value));
}

/* Every field of two comparisons, bit for bit. */
static void assert_same_comparison(const struct stats_comparison *a,
                                   const struct stats_comparison *b)
{
    assert_int_equal(a->groups, b->groups);
    assert_true(same(a->n, b->n));
    assert_same_diff(&a->student, &b->student);
    assert_same_diff(&a->welch, &b->welch);
    assert_true(same(a->anova.statistic, b->anova.statistic) &&
                same(a->anova.df1, b->anova.df1) && same(a->anova.df2, b->anova.df2) &&
                same(a->anova.p_value, b->anova.p_value) &&
                same(a->anova.ss_between, b->anova.ss_between) &&
                same(a->anova.ss_within, b->anova.ss_within) &&
                same(a->anova.eta_squared, b->anova.eta_squared));
    assert_same_f(&a->welch_anova, &b->welch_anova);
    assert_same_f(&a->levene, &b->levene);
    assert_true(same(a->kruskal_wallis.statistic, b->kruskal_wallis.statistic) &&
                same(a->kruskal_wallis.df, b->kruskal_wallis.df) &&
                same(a->kruskal_wallis.p_value, b->kruskal_wallis.p_value));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_sort_tagged(void **state)
{
    (void)state;
    /* Negative, zero of both signs, ties, halves and large values. */
    double x[12] = {3, -1.5, 0.0, 1e6, -0.0, 2.5, 3, -1e-300, 7, 2.5, 1e300, -1.5};
    uint32_t tag[12], tt[12];
    double tx[12];
    for (uint32_t i = 0; i < 12; i++)
        tag[i] = i;
    const double want[12] = {-1.5, -1.5, -1e-300, -0.0, 0.0, 2.5, 2.5, 3, 3, 7, 1e6, 1e300};
    const uint32_t want_tag[12] = {1, 11, 7, 4, 2, 5, 9, 0, 6, 8, 3, 10}; /* stable */
    assert_int_equal(stats_sort_tagged(x, tag, 12, tx, tt), 0);
    for (size_t i = 0; i < 12; i++) {
        assert_true(same(x[i], want[i]));
        assert_int_equal(tag[i], want_tag[i]);
    }
    assert_true(signbit(x[3]) && !signbit(x[4]));
    /* Not finite: nothing moves. */
    double y[3] = {2, NAN, 1};
    uint32_t ty[3] = {0, 1, 2};
    assert_int_equal(stats_sort_tagged(y, ty, 3, tx, tt), -1);
    assert_true(y[0] == 2 && isnan(y[1]) && y[2] == 1 && ty[0] == 0 && ty[2] == 2);
    double inf[2] = {INFINITY, 1};
    assert_int_equal(stats_sort_tagged(inf, ty, 2, tx, tt), -1);
    assert_int_equal(stats_sort_tagged(NULL, NULL, 0, NULL, NULL), 0);

    /* Many values spread over every digit, against qsort's order. */
    enum { N = 5000 };
    static double big[N], sorted[N], tbig[N];
    static uint32_t tb[N], ttb[N];
    uint64_t r = 88172645463325252u;
    for (size_t i = 0; i < N; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        double v = (double)(r >> 11) / 9007199254740992.0 * 2e6 - 1e6;
        big[i] = sorted[i] = i % 7 == 0 ? 42.25 : v; /* and ties */
        tb[i] = (uint32_t)i;
    }
    assert_int_equal(stats_sort_tagged(big, tb, N, tbig, ttb), 0);
    for (size_t i = 1; i < N; i++) {
        assert_true(big[i - 1] <= big[i]);
        if (big[i - 1] == big[i])
            assert_true(tb[i - 1] < tb[i]);
    }
    for (size_t i = 0; i < N; i++)
        assert_true(same(big[i], sorted[tb[i]]));

    /* Values of few significant bits (sums of money in halves, years), whose
       items are packed into one word with their tags: the same order, the
       tags with their values, ties in their first order; tags of no bits
       and all values equal. */
    for (int kind = 0; kind < 3; kind++) {
        for (size_t i = 0; i < N; i++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            big[i] = sorted[i] = kind == 2 ? 7 : kind ? (double)(r % 61) : (double)(r % 200001) / 2;
            tb[i] = kind == 1 ? 0 : (uint32_t)i;
        }
        assert_int_equal(stats_sort_tagged(big, tb, N, tbig, ttb), 0);
        for (size_t i = 1; i < N; i++) {
            assert_true(big[i - 1] <= big[i]);
            if (kind != 1 && big[i - 1] == big[i])
                assert_true(tb[i - 1] < tb[i]);
        }
        for (size_t i = 0; kind != 1 && i < N; i++)
            assert_true(same(big[i], sorted[tb[i]]));
        for (size_t i = 0; kind == 1 && i < N; i++)
            assert_int_equal(tb[i], 0);
        if (kind == 1) {
            /* Sorted, the values are those of qsort. */
            qsort(sorted, N, sizeof *sorted, cmp_double);
            for (size_t i = 0; i < N; i++)
                assert_true(same(big[i], sorted[i]));
        }
    }
}

static void test_kruskal_keyed(void **state)
{
    (void)state;
    make_maps();
    /* test_stats_models.c's small data (R: kruskal.test) as grouping A,
       sorted here; grouping B by hand: the two values 1 against the two
       values 5, ranks 1.5, 1.5 | 3.5, 3.5: H = 12/(4·5)·(2·1 + 2·1) = 2.4,
       over the tie correction 1 - 2·(2³ - 2)/(4³ - 4) = 0.8: 3. */
    double x[17] = {2.5, 3, 3, 4, 1, 2, 2.5, 5, 4, 4, 3.5, 1, 2, 3, 5, 99, -7};
    const int g[17] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -1};
    uint32_t tag[17], tt[17];
    double tx[17];
    for (uint32_t i = 0; i < 17; i++)
        tag[i] = i;
    assert_int_equal(stats_sort_tagged(x, tag, 17, tx, tt), 0);
    uint16_t key[17];
    for (size_t i = 0; i < 17; i++) {
        /* B: the lowest two and the two values of 5. */
        int b = x[i] <= 1 && x[i] > -7 ? 0 : x[i] == 5 ? 1 : -1;
        key[i] = key_of(g[tag[i]], b);
    }
    const struct stats_keyed_by by[2] = {{map_a, AN}, {map_b, BN}};
    struct stats_test t[2];
    assert_int_equal(stats_kruskal_wallis_keyed(x, key, 17, by, 2, t), 0);
    assert_close(t[0].statistic, r_kw_small[0], REL);
    assert_close(t[0].df, r_kw_small[1], 0);
    assert_close(t[0].p_value, r_kw_small[2], REL);
    assert_close(t[1].statistic, 3, REL);
    assert_near(t[1].df, 1, 0);

    /* Out of order: NAN for a grouping that includes the value, not for one
       that leaves it out (1 against 3: H = 12/(2·3)·(0.25 + 0.25) = 1). */
    const double down[3] = {1, 3, 2};
    const uint16_t kd[3] = {key_of(0, 0), key_of(1, 1), key_of(0, -1)};
    assert_int_equal(stats_kruskal_wallis_keyed(down, kd, 3, by, 2, t), 0);
    assert_true(isnan(t[0].statistic));
    assert_close(t[1].statistic, 1, REL);
    assert_int_equal(stats_kruskal_wallis_keyed(NULL, NULL, 0, by, 2, t), 0);
    assert_true(isnan(t[0].statistic) && isnan(t[1].p_value));
}

static void test_compare_keyed(void **state)
{
    (void)state;
    make_maps();
    enum { N = 6000 };
    static double x[N], sx[N], tx[N];
    static uint16_t key[N], skey[N];
    static uint32_t tag[N], tt[N];
    static int ga[N], gb[N], sga[N], sgb[N];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < N; i++) {
            /* Many distinct values, then few (ties); values offset by 1e6. */
            x[i] = pass ? 1e6 + (double)((i * 7919) % 11) : (double)((i * 7919) % 5003) / 4;
            ga[i] = i % 13 == 0 ? -1 : (int)((i * 31) % AN);
            gb[i] = i % 5 == 0 ? -1 : (int)((i * 17) % 2); /* group 2 of B is empty */
            key[i] = key_of(ga[i], gb[i]);
            sx[i] = x[i];
            tag[i] = key[i];
        }
        assert_int_equal(stats_sort_tagged(sx, tag, N, tx, tt), 0);
        for (size_t i = 0; i < N; i++) {
            skey[i] = (uint16_t)tag[i];
            sga[i] = map_a[skey[i]];
            sgb[i] = map_b[skey[i]];
        }
        const struct stats_keyed_by by[2] = {{map_a, AN}, {map_b, BN}};
        struct stats_comparison c[2], a, b;
        assert_int_equal(stats_means_compare_keyed(x, key, sx, skey, N, by, 2, c), 0);
        assert_int_equal(stats_means_compare_sorted(x, ga, sx, sga, N, AN, &a), 0);
        assert_int_equal(stats_means_compare_sorted(x, gb, sx, sgb, N, BN, &b), 0);
        assert_true(c[0].kruskal_wallis.statistic > 0 && c[0].levene.statistic > 0);
        assert_int_equal(c[1].groups, 2);
        assert_false(isnan(c[1].student.p_value));
        assert_same_comparison(&c[0], &a);
        assert_same_comparison(&c[1], &b);
    }

    /* A grouping with a group code out of range is refused (all NAN), the
       other is not; a value not finite in a group refuses every grouping
       that includes it. */
    int32_t bad[KEYS];
    for (int k = 0; k < KEYS; k++)
        bad[k] = map_b[k] < 0 ? -1 : 7;
    const struct stats_keyed_by by2[2] = {{map_a, AN}, {bad, BN}};
    struct stats_comparison c[2], a;
    assert_int_equal(stats_means_compare_keyed(x, key, sx, skey, N, by2, 2, c), 0);
    assert_int_equal(c[1].groups, 0);
    assert_true(isnan(c[1].anova.statistic) && isnan(c[1].kruskal_wallis.statistic));
    assert_int_equal(stats_means_compare_sorted(x, ga, sx, sga, N, AN, &a), 0);
    assert_same_comparison(&c[0], &a);
    const double y[4] = {1, 2, NAN, 4};
    const uint16_t ky[4] = {key_of(0, 0), key_of(1, 0), key_of(1, -1), key_of(0, 1)};
    const double sy[4] = {1, 2, 4, NAN};
    const uint16_t sky[4] = {key_of(0, 0), key_of(1, 0), key_of(0, 1), key_of(1, -1)};
    const struct stats_keyed_by by[2] = {{map_a, AN}, {map_b, BN}};
    assert_int_equal(stats_means_compare_keyed(y, ky, sy, sky, 4, by, 2, c), 0);
    assert_true(isnan(c[0].anova.statistic) && c[0].groups == 0);
    assert_int_equal(c[1].groups, 2);
    assert_close(c[1].student.difference, 1.5 - 4, REL);
    assert_int_equal(stats_means_compare_keyed(NULL, NULL, NULL, NULL, 0, by, 2, c), 0);
    assert_true(isnan(c[0].anova.statistic) && isnan(c[1].kruskal_wallis.statistic));
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_tagged),
        cmocka_unit_test(test_kruskal_keyed),
        cmocka_unit_test(test_compare_keyed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
