/* stats.h — the statistics canyu reports, as pure functions on plain arrays.
 *
 * Every function here takes arrays and counts and returns a status or fills a
 * result struct: nothing prints, exits or keeps global state.  Inputs are
 * valid data only (the caller drops missing values) unless a function says
 * otherwise.  A statistic that cannot be computed (n = 0, n = 1, constant
 * data, all weights zero, too few groups) is NAN, never a crash; the JSON
 * writer turns NAN into null.  Formulas and the R functions they reproduce
 * are given with each declaration; tests/test_stats*.c check them against
 * values from R (tests/reference/primitives.R), and tests/test_groups.c the
 * group comparisons, crosstab counts, quantiles and item statistics
 * (tests/reference/groups.R).
 *
 * Weights: `const double *w` may be NULL (all weights 1).  Weights are
 * analytic (sampling or raking) weights: they change estimates, not the
 * number of observations; `n` is always the unweighted count and precision
 * comes from Kish's effective n.  Weights must be finite and >= 0.
 *
 * Ownership: functions that return a pointer transfer ownership; free it with
 * the matching `_free()`, which accepts NULL.  `const` arguments are borrowed.
 * Functions documented as allocating use scratch memory that is freed before
 * they return and report out-of-memory as an error.
 *
 * GSL: main() calls gsl_set_error_handler_off(); these functions check GSL's
 * return codes themselves.
 */
#ifndef CANYU_STATS_H
#define CANYU_STATS_H

#include <stddef.h>
#include <stdint.h>

/* z(0.975), the normal quantile used for every 95% interval built on z. */
#define STATS_Z975 1.959963984540054

/* ## Results shared by several tests */

/* A test statistic with its degrees of freedom and p-value (all NAN when the
   test is undefined). */
struct stats_test {
    double statistic;
    double df;
    double p_value;
};

/* A difference between two groups with its 95% CI and test.  For a z test
   DF is NAN. */
struct stats_diff {
    double difference; /* estimate for group 1 minus group 2 */
    double ci_low, ci_high;
    double statistic; /* t or z */
    double df;
    double p_value; /* two-sided */
};

/* ## Proportions */

/* Wilson score interval for X successes in N trials at confidence 1 - ALPHA,
   without continuity correction (R prop.test(x, n, correct = FALSE)$conf.int).
   X and N need not be integers: for a weighted proportion p with Kish's
   effective n (stats_kish_neff), pass X = p * n_eff and N = n_eff.
   Returns 0, or -1 if N <= 0, X outside 0..N, ALPHA outside (0, 1) or an
   argument is not finite (then *LO and *HI are NAN). */
int stats_wilson_ci(double x, double n, double alpha, double *lo, double *hi);

/* Pooled two-proportion z test of p1 = X1/N1 against p2 = X2/N2:
   z = (p1 - p2) / sqrt(p(1-p)(1/N1 + 1/N2)) with p = (X1+X2)/(N1+N2); z^2
   equals R prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$statistic.
   The 95% CI of p1 - p2 is the unpooled Wald interval
   d ± z(0.975)·sqrt(p1(1-p1)/N1 + p2(1-p2)/N2).
   Returns 0, or -1 (all fields NAN) if N1 or N2 <= 0 or X outside 0..N.
   z, p_value are NAN when p is 0 or 1 (no variation). */
int stats_prop_z_test(double x1, double n1, double x2, double n2, struct stats_diff *out);

/* ## Descriptives */

/* Running weighted mean and variance (West 1979, the weighted form of
   Welford's algorithm): one pass, stable for large offsets, no allocation.
   Use one per group: init, add every value, then stats_moments_result(). */
struct stats_moments {
    double n;     /* number of values added (weights ignored) */
    double n_pos; /* number of values with weight > 0 */
    double sum_w;
    double sum_w2;
    double mean;
    double m2; /* sum of w·(x - mean)^2 */
};

struct stats_describe {
    double n;        /* unweighted count */
    double sum_w;    /* sum of weights (= n without weights) */
    double n_eff;    /* Kish effective n, (Σw)^2/Σw^2 (= n without weights) */
    double mean;     /* weighted mean */
    double sd;       /* see stats_moments_result() */
    double ci_low;   /* 95% CI for the mean */
    double ci_high;
};

void stats_moments_init(struct stats_moments *acc);
/* Adds X with analytic weight W (use 1 when unweighted; W = 0 counts in n
   only).  X and W must be finite, W >= 0. */
void stats_moments_add(struct stats_moments *acc, double x, double w);

/* Adds COUNT values all equal to X, NPOS of them with a positive weight,
   their weights summing to SUM_W and their squares to SUM_W2 (unweighted:
   pass the count for all four).  The same accumulator as COUNT calls of
   stats_moments_add() up to rounding: a block of equal values has no spread
   of its own and merges by the pairwise update of Chan, Golub and LeVeque
   (1979).  This is how a count table (Likert levels, index values on a grid)
   is described without visiting every respondent. */
void stats_moments_add_many(struct stats_moments *acc, double x, double count, double npos,
                            double sum_w, double sum_w2);

/* n, mean, SD and the t-based 95% CI of the values added.
   Unweighted: SD with divisor n - 1, CI = mean ± t(0.975, n-1)·SD/√n
   (R mean(), sd(), t.test()$conf.int).
   Weighted: SD^2 = m/(m-1)·Σw(x - mean)^2/Σw with m the number of positive
   weights, which is survey::svyvar() on svydesign(ids = ~1, weights = ~w)
   (verified in tests/reference/primitives.R); it reduces to the n - 1 formula
   when all weights are 1.  CI = mean ± t(0.975, n_eff - 1)·SD/√n_eff with
   Kish's effective n.
   mean is NAN when Σw = 0; sd and the CI are NAN when fewer than two values
   have positive weight or n_eff <= 1. */
void stats_moments_result(const struct stats_moments *acc, struct stats_describe *out);

/* stats_moments over X[0..N) with weights W (NULL = all 1).
   Returns 0, or -1 if a value or weight is not finite or a weight is
   negative (then every field but n is NAN). */
int stats_describe(const double *x, const double *w, size_t n, struct stats_describe *out);

/* ## Weights */

/* Kish's effective sample size (Σw)^2 / Σw^2 of N weights; NAN if N = 0 or
   all weights are zero. */
double stats_kish_neff(const double *w, size_t n);

/* Kish's design effect due to weighting, N / n_eff = 1 + CV^2 of the weights
   (CV with the population variance, divisor N); NAN as stats_kish_neff. */
double stats_design_effect(const double *w, size_t n);

/* ## Contingency tables */

struct stats_chisq {
    double statistic; /* Pearson X^2, no continuity correction */
    double df;        /* (rows - 1)(cols - 1) of the non-empty table */
    double p_value;   /* chi-square upper tail */
    double cramers_v; /* sqrt(X^2 / (n·(min(rows, cols) - 1))) */
    double n;         /* table total */
    size_t rows, cols; /* rows and columns with a non-zero total */
    size_t small_expected; /* cells of the non-empty table with E < 5 */
    double min_expected;   /* smallest E there */
};

/* Pearson chi-square test of independence for the R×C table TABLE
   (row-major counts, r = row, c = column), as R chisq.test(t, correct =
   FALSE) on the table with its empty rows and columns removed.
   If STDRES is not NULL it receives R×C adjusted standardized residuals
   (R chisq.test()$stdres): (O - E) / sqrt(E·(1 - row/n)·(1 - col/n)),
   NAN in dropped rows and columns.
   The expected counts E = row·col/n of the non-empty table (R
   chisq.test()$expected) give SMALL_EXPECTED, the number of its cells with
   E < 5 out of rows·cols, and MIN_EXPECTED, as SPSS's footnote to the test
   says them.
   TABLE may hold weighted counts (Σw per cell); the test then treats them as
   counts, as SPSS does under WEIGHT BY.  canyu's tests use respondents.
   Returns 0, or -1 if a count is negative or not finite.  Every result is
   NAN (SMALL_EXPECTED 0) when fewer than two non-empty rows or columns
   remain. */
int stats_chisq_test(const double *table, size_t r, size_t c, struct stats_chisq *out,
                     double *stdres);

/* Linear-by-linear association for a K×2 table given, per ordered row,
   SUCCESSES out of TOTAL: M^2 = (n - 1)·r^2 on 1 df, with r the Pearson
   correlation between the row score and the 0/1 outcome over all n
   observations (Agresti, Categorical Data Analysis, 2nd ed., §3.4.1).
   SCORES gives each row's score; NULL means 1, 2, ..., K.  Empty rows add
   nothing.  Returns 0, or -1 for invalid counts (SUCCESSES outside
   0..TOTAL); the result is NAN when r is undefined (fewer than two non-empty
   rows with distinct scores, or all outcomes equal) or n < 2. */
int stats_linear_by_linear(const double *successes, const double *total, const double *scores,
                           size_t k, struct stats_test *out);

/* ## Ranks and rank tests
 *
 * Ties get average ranks and ties are exact equality of doubles, as in R.
 * Values must be finite.  The tests count instead of sorting when the data
 * have at most STATS_RANK_COUNTING_MAX distinct values (Likert codes, index
 * values on a grid, activity counts): O(n log d) time and O(d) memory for d
 * distinct values; otherwise they sort a copy, O(n log n) time, O(n) memory.
 * Either way they allocate scratch memory and return -2 if it fails. */

#define STATS_RANK_COUNTING_MAX 4096

/* Average ranks (1-based) of X[0..N) into RANKS[0..N) (R rank(x)).
   Returns 0, -1 if a value is not finite, -2 if out of memory. */
int stats_rank_average(const double *x, size_t n, double *ranks);

/* Kruskal–Wallis rank-sum test of X[i] across groups GROUP[i]
   (R kruskal.test(x, g)): H = 12/(N(N+1))·Σ n_g (R̄_g - (N+1)/2)^2 divided by
   the tie correction 1 - Σ(t^3 - t)/(N^3 - N); df = non-empty groups - 1;
   p from the chi-square upper tail.
   GROUP[i] is in 0..NGROUPS-1, or negative for "no group" (the observation
   is left out, e.g. an age outside every band).
   Returns 0, -1 for a group code >= NGROUPS or a non-finite value in a
   group, -2 if out of memory.  The result is NAN with fewer than two non-empty groups or when
   all values are tied. */
int stats_kruskal_wallis(const double *x, const int *group, size_t n, size_t ngroups,
                         struct stats_test *out);

/* The permutation ORDER[0..N) that sorts X[0..N) in ascending order
   (stable: equal values keep their order), for the *_sorted functions, so
   that the values of a question are sorted once for all its statistics.
   O(n) (a radix sort).  Returns 0, -1 if a value is not finite, -2 if out
   of memory. */
int stats_sort_order(const double *x, size_t n, size_t *order);

/* Sorts X[0..N) into ascending order in place, moving TAG[i] with X[i]
   (stable), with TX and TTAG (N each) as scratch: O(n), a radix sort, so
   that the values of a question are sorted once for all its statistics.
   Returns 0, -1 if a value is not finite (X and TAG unchanged), -2 if out
   of memory. */
int stats_sort_tagged(double *x, uint32_t *tag, size_t n, double *tx, uint32_t *ttag);

/* One of several groupings of the same values, read through a key: value
   i is in group MAP[KEY[i]] (negative: in none) of NGROUPS.  A key is a
   respondent's cell of all the groupings at once, so that one array of
   keys serves every grouping. */
struct stats_keyed_by {
    const int32_t *map;
    size_t ngroups;
};

/* stats_kruskal_wallis_sorted() for each of the K groupings BY of the
   values X[0..N) in ascending order with keys KEY, into OUT[0..K), in one
   pass: the same results.  Returns 0 (a grouping with a group code out of
   range, a value not finite or out of order has NAN), -2 if out of
   memory. */
int stats_kruskal_wallis_keyed(const double *x, const uint16_t *key, size_t n,
                               const struct stats_keyed_by *by, size_t k, struct stats_test *out);

/* stats_kruskal_wallis() of values X[0..N) already in ascending order,
   GROUP[i] the group of X[i] (e.g. through stats_sort_order()): the same
   result, without ranking the values again.  O(n + groups × distinct
   values).  Returns -1 also for values out of order. */
int stats_kruskal_wallis_sorted(const double *x, const int *group, size_t n, size_t ngroups,
                                struct stats_test *out);

/* stats_kruskal_wallis() from a count table: COUNT[g * NVALUES + v] is the
   number of observations of group g with the v-th smallest distinct value
   (columns in ascending order of value; empty columns and groups are
   allowed).  O(groups × values) time, O(groups) scratch.  Returns 0, -1 for
   a negative or non-finite count, -2 if out of memory; the result is NAN as
   for stats_kruskal_wallis(). */
int stats_kruskal_wallis_table(const double *count, size_t ngroups, size_t nvalues,
                               struct stats_test *out);

struct stats_spearman {
    double n;
    double rho;     /* Pearson correlation of average ranks */
    double t;       /* rho·sqrt((n - 2)/(1 - rho^2)) */
    double df;      /* n - 2 */
    double p_value; /* two-sided, from t on n - 2 df */
};

/* Spearman rank correlation of X and Y with its t-approximation p-value,
   as R cor.test(x, y, method = "spearman", exact = FALSE).
   Returns 0, -1 for a non-finite value, -2 if out of memory.  rho is NAN for
   n < 2 or constant X or Y; t and p are NAN for n < 3; |rho| = 1 gives
   t = ±INFINITY and p = 0. */
int stats_spearman(const double *x, const double *y, size_t n, struct stats_spearman *out);

/* stats_spearman() from a count table: COUNT[i * NY + j] is the number of
   pairs whose x is the i-th and whose y is the j-th smallest value (rows and
   columns in ascending order of value; empty ones are allowed).
   O(NX × NY) time, O(NX + NY) scratch.  Returns 0, -1 for a negative or
   non-finite count, -2 if out of memory. */
int stats_spearman_table(const double *count, size_t nx, size_t ny, struct stats_spearman *out);

/* ## Reliability */

/* Running means and covariance matrix of K variables (Welford's co-moment
   update), for Cronbach's alpha over millions of rows without keeping them. */
struct stats_cov;

/* A new accumulator for K >= 1 variables, or NULL if out of memory or K = 0. */
struct stats_cov *stats_cov_new(size_t k);
void stats_cov_free(struct stats_cov *acc);
/* Adds one complete row of K finite values. */
void stats_cov_add(struct stats_cov *acc, const double *row);
/* Number of rows added. */
size_t stats_cov_n(const struct stats_cov *acc);
/* Fills COV[K*K] (row-major) with sample covariances (divisor n - 1); NAN
   when fewer than two rows were added. */
void stats_cov_matrix(const struct stats_cov *acc, double *cov);

/* The K×K sample covariance matrix COV (row-major, divisor n - 1) of N rows
   of non-negative integers from their exact sums: SUM[q] = Σ x_q and
   CROSS[q * K + r] = Σ x_q·x_r (only q <= r is read).  Each covariance is
   (Σ x_q x_r - Σ x_q Σ x_r / N) / (N - 1) with the numerator formed in
   integers, so nothing cancels: the result is within an ulp or two of the
   exact value however far the data sit from zero.  The sums must not have
   overflowed, and N·max(x)^2 must stay below 2^63 (over a billion rows of
   values up to 65535).  COV is NAN when N < 2. */
void stats_cov_from_sums(const uint64_t *sum, const uint64_t *cross, size_t k, uint64_t n,
                         double *cov);

struct stats_alpha {
    double n;         /* rows (listwise complete) */
    double alpha;     /* k/(k-1)·(1 - Σ var_i / var_total) */
    double std_alpha; /* k·r̄/(1 + (k-1)·r̄), r̄ = mean inter-item correlation */
};

/* Cronbach's alpha from the K×K sample covariance matrix COV of N rows.
   ITEM_TOTAL[K] (may be NULL) receives each item's corrected item-total
   correlation (with the sum of the other items); ALPHA_IF_DELETED[K] (may be
   NULL) receives alpha of the other K-1 items, NAN for K < 3.
   alpha is NAN when K < 2 or the total variance is 0; std_alpha is NAN when
   an item has variance 0; an item-total correlation is NAN when the item or
   the rest is constant.  Returns 0, or -1 if K < 2 (everything NAN). */
int stats_alpha_from_cov(const double *cov, size_t k, size_t n, struct stats_alpha *out,
                         double *item_total, double *alpha_if_deleted);

/* Cronbach's alpha of the N×K row-major matrix X (complete rows only), as
   stats_alpha_from_cov().  Allocates K×K scratch; returns 0, -1 if K < 2,
   -2 if out of memory. */
int stats_alpha(const double *x, size_t n, size_t k, struct stats_alpha *out,
                double *item_total, double *alpha_if_deleted);

/* ## Logistic regression */

enum stats_logit_status {
    STATS_LOGIT_OK = 0,
    STATS_LOGIT_NOT_CONVERGED, /* 50 iterations without meeting the criterion */
    STATS_LOGIT_SEPARATION,    /* fitted probabilities numerically 0 or 1 */
    STATS_LOGIT_SINGULAR,      /* X'WX not positive definite (collinear terms) */
    STATS_LOGIT_TOO_FEW        /* n <= p, or the outcome does not vary */
};

/* A fitted model: P terms; the arrays point into the same allocation. */
struct stats_logit {
    enum stats_logit_status status;
    int converged; /* status == STATS_LOGIT_OK; otherwise every number is NAN */
    int iterations;
    size_t n, p;
    double deviance;
    double *coef, *se, *z, *p_value;
    double *odds_ratio, *or_ci_low, *or_ci_high; /* exp(coef ± z(0.975)·se) */
};

/* Logistic regression of Y[0..N) (each 0 or 1) on the N×P row-major design
   matrix X (include a column of 1s for the intercept), unweighted, by
   iteratively reweighted least squares with a Cholesky factorisation of X'WX
   (GSL), starting from mu = (y + 0.5)/2 like R glm.fit.  Iterates until
   |Δdeviance| < 1e-10 — or below the rounding floor 1e-13·deviance, which
   only matters beyond about a thousand observations — for at most 50
   iterations.  SE from the inverse information, z = coef/se, two-sided normal
   p, odds ratio with its Wald 95% CI (R glm(family = binomial) with
   confint.default).  Separation (a fitted probability within 10·DBL_EPSILON
   of 0 or 1, R's own warning threshold) is reported as not converged.
   Returns NULL only if out of memory or P = 0; free with stats_logit_free().
   Y must hold only 0 and 1 (else status TOO_FEW); X must be finite. */
struct stats_logit *stats_logit_fit(const double *x, const double *y, size_t n, size_t p);

/* Observation I's P predictors: a pointer to them, or BUF (P doubles) filled
   with them.  Called once per observation per iteration. */
typedef const double *(*stats_logit_row_fn)(void *ctx, size_t i, double *buf);

/* stats_logit_fit() with the design matrix built row by row by ROW, so that
   no N×P matrix need exist: a million respondents with a dozen terms would
   take 96 MB. */
struct stats_logit *stats_logit_fit_rows(stats_logit_row_fn row, void *ctx, const double *y,
                                         size_t n, size_t p);

/* stats_logit_fit() on grouped binomial data: row i of the N×P row-major
   matrix X stands for TRIALS[i] observations (a whole number >= 1), SUCC[i]
   of them successes (0..TRIALS[i]).  The same fit, and the same iterations,
   as stats_logit_fit() on the observations one by one; fit->n is the number
   of observations, Σ TRIALS.  Survey predictors repeat (age groups, yes/no
   answers, indices on a grid), so a caller that can pool its observations by
   identical predictor rows cheaply (by an integer key, say) fits a million of
   them in a pass over a few thousand rows. */
struct stats_logit *stats_logit_fit_grouped(const double *x, const double *succ,
                                            const double *trials, size_t n, size_t p);
void stats_logit_free(struct stats_logit *fit);

/* ## Two-sample comparisons from summary statistics */

/* Welch's two-sample t test of mean1 - mean2 from each group's mean, SD and
   n (R t.test(x1, x2), var.equal = FALSE): t = d / se, se^2 = s1^2/n1 +
   s2^2/n2, Welch–Satterthwaite df, two-sided p, 95% CI d ± t(0.975, df)·se.
   Returns 0, or -1 (all NAN) if n1 < 2 or n2 < 2 or an input is not finite;
   t, df, p and the CI are NAN when both SDs are 0. */
int stats_welch_t_test(double mean1, double sd1, double n1, double mean2, double sd2, double n2,
                       struct stats_diff *out);

/* ## Comparing a mean across groups
 *
 * Student's and Welch's t for two groups, one-way ANOVA, Welch's ANOVA,
 * Levene's test and Kruskal–Wallis, for a numeric answer or a scale index by
 * age group or any grouping.  The tests are unweighted, as every test in
 * canyu: n is a number of respondents, and a count table's counts are
 * frequencies.  A group with n = 0 is not a group of the test (R drops unused
 * factor levels), nor is an observation whose group code is negative.  An F
 * or t test that is undefined — fewer than two non-empty groups, no residual
 * degrees of freedom, or a zero within-group variance that it divides by —
 * is NAN in its statistic, df and p, never ±INFINITY.
 *
 * Group summaries (n, mean, SD) are enough for the t tests and both ANOVAs;
 * Levene's test and Kruskal–Wallis need the values or a count table.
 * Summaries read n[g] >= 0, mean[g] when n[g] > 0 and SD[g] (divisor
 * n - 1) when n[g] >= 2; a group of one may have SD NAN, as
 * stats_moments_result() gives it.  The raw-value and table forms are
 * accurate for data far from zero (values offset by 1e6). */

/* An F test: statistic, numerator and denominator df, upper-tail p (all
   NAN when the test is undefined). */
struct stats_f_test {
    double statistic;
    double df1, df2;
    double p_value;
};

/* A one-way analysis of variance. */
struct stats_anova {
    double statistic; /* F = (SS_between/df1) / (SS_within/df2) */
    double df1;       /* groups - 1 */
    double df2;       /* n - groups */
    double p_value;   /* F upper tail */
    double ss_between; /* Σ n_g (mean_g - grand mean)^2 */
    double ss_within;  /* Σ (n_g - 1) sd_g^2 */
    double eta_squared; /* SS_between / (SS_between + SS_within) */
};

/* Student's two-sample t test of mean1 - mean2 with the pooled variance
   s^2 = ((n1-1)s1^2 + (n2-1)s2^2)/(n1+n2-2) (R t.test(x1, x2, var.equal =
   TRUE), i.e. t.test(y ~ g, var.equal = TRUE) with group 1 the first level):
   t = d / (s·sqrt(1/n1 + 1/n2)) on n1 + n2 - 2 df, two-sided p, 95% CI
   d ± t(0.975, df)·se.  The SD of a group of one is not read.
   Returns 0, or -1 (all NAN) if n1 < 1, n2 < 1, n1 + n2 < 3 or an input
   read is not finite or an SD is negative; t, df, p and the CI are NAN when
   the pooled SD is 0 (difference still set). */
int stats_student_t_test(double mean1, double sd1, double n1, double mean2, double sd2, double n2,
                         struct stats_diff *out);

/* One-way ANOVA of NGROUPS groups from their summaries N, MEAN, SD (R
   summary(aov(y ~ g)): F, df, Pr(>F); eta^2 = SS_between / SS_total, the
   "Sum Sq" of g over the total).  Between-group sums are formed from
   differences of means, so means offset by 1e6 lose nothing.
   Fewer than two non-empty groups: all NAN.  F, df1, df2 and p are NAN when
   n - groups = 0 or SS_within = 0; the sums of squares and eta^2 are still
   given (eta^2 = 1 then), eta^2 is NAN when SS_total = 0.
   Returns 0, or -1 (all NAN) for an invalid summary (see above). */
int stats_anova_oneway(const double *n, const double *mean, const double *sd, size_t ngroups,
                       struct stats_anova *out);

/* Welch's heteroscedastic one-way ANOVA (Welch 1951; R oneway.test(y ~ g,
   var.equal = FALSE)): with w_g = n_g/s_g^2, W = Σw_g, m = Σw_g·mean_g/W and
   λ = Σ(1 - w_g/W)^2/(n_g - 1) / (k^2 - 1) over the k non-empty groups,
   F = Σw_g(mean_g - m)^2 / ((k - 1)(1 + 2(k - 2)λ)) on k - 1 and 1/(3λ) df.
   For two groups F is Welch's t squared.  NAN with fewer than two non-empty
   groups, a non-empty group of n < 2 (R stops: "not enough observations")
   or an SD of 0.  Returns 0, or -1 (all NAN) for an invalid summary. */
int stats_welch_anova(const double *n, const double *mean, const double *sd, size_t ngroups,
                      struct stats_f_test *out);

/* Levene's test of equal variances with deviations from the group MEANS
   (car::leveneTest(y ~ g, center = mean), SPSS's Levene statistic): the
   one-way ANOVA F of z_i = |x_i - mean_g| on groups - 1 and n - groups df.
   X[i] belongs to group GROUP[i] in 0..NGROUPS-1, or to none if negative.
   Two passes over the data.  NAN as stats_anova_oneway() on the z: fewer
   than two non-empty groups, every group of one, or z constant within
   every group (e.g. constant data, or groups of two).
   Returns 0, -1 for a group code >= NGROUPS or a non-finite value in a
   group, -2 if out of memory (O(NGROUPS) scratch). */
int stats_levene(const double *x, const int *group, size_t n, size_t ngroups,
                 struct stats_f_test *out);

/* stats_levene() from a count table: COUNT[g * NVALUES + v] observations of
   group g equal VALUES[v]; VALUES strictly ascending (the layout of
   stats_kruskal_wallis_table()).  O(groups × values).  Returns 0, -1 for a
   negative or non-finite count or values not finite and strictly ascending,
   -2 if out of memory. */
int stats_levene_table(const double *count, const double *values, size_t ngroups, size_t nvalues,
                       struct stats_f_test *out);

/* Every test of a mean across groups, for one grouping. */
struct stats_comparison {
    size_t groups; /* non-empty groups */
    double n;      /* observations in them */
    /* Only when exactly two groups are non-empty: the first (lower index)
       minus the second, as R t.test(y ~ g) orders factor levels.  NAN
       otherwise. */
    struct stats_diff student; /* stats_student_t_test() */
    struct stats_diff welch;   /* stats_welch_t_test() */
    struct stats_anova anova;
    struct stats_f_test welch_anova;
    struct stats_f_test levene;       /* NAN from summaries */
    struct stats_test kruskal_wallis; /* NAN from summaries */
};

/* The t tests and both ANOVAs from group summaries (Levene and
   Kruskal–Wallis need the data: NAN).  Returns 0, or -1 (all NAN, groups 0)
   for an invalid summary. */
int stats_means_compare(const double *n, const double *mean, const double *sd, size_t ngroups,
                        struct stats_comparison *out);

/* Every test from the values X[0..N) and their group codes (as
   stats_levene()); Kruskal–Wallis is stats_kruskal_wallis().  Group means
   and SDs are accumulated per group by Welford's update of the values minus
   the group's first value.  Returns 0, -1 for a group code >= NGROUPS or a
   non-finite value in a group, -2 if out of memory (then all NAN). */
int stats_means_compare_values(const double *x, const int *group, size_t n, size_t ngroups,
                               struct stats_comparison *out);

/* stats_means_compare_values() with the same values also in ascending
   order, SX[i] of group SGROUP[i] (its Kruskal–Wallis is
   stats_kruskal_wallis_sorted(SX, SGROUP)): the same results. */
int stats_means_compare_sorted(const double *x, const int *group, const double *sx,
                               const int *sgroup, size_t n, size_t ngroups,
                               struct stats_comparison *out);

/* stats_means_compare_sorted() for each of the K groupings BY (keys KEY
   of X, SKEY of SX) into OUT[0..K), every pass over the values serving all
   groupings: the same results, bit for bit (SX NULL: no Kruskal–Wallis,
   NAN, for a caller that runs stats_kruskal_wallis_keyed() apart).
   Returns 0 (a grouping whose
   values stats_means_compare_sorted() would refuse is all NAN), -2 if out
   of memory (then all NAN). */
int stats_means_compare_keyed(const double *x, const uint16_t *key, const double *sx,
                              const uint16_t *skey, size_t n, const struct stats_keyed_by *by,
                              size_t k, struct stats_comparison *out);

/* Every test from a count table (layout of stats_levene_table());
   Kruskal–Wallis is stats_kruskal_wallis_table().  The same results as
   stats_means_compare_values() on the values the table counts, up to
   rounding.  Returns 0, -1 for an invalid table (see stats_levene_table()),
   -2 if out of memory (then all NAN). */
int stats_means_compare_table(const double *count, const double *values, size_t ngroups,
                              size_t nvalues, struct stats_comparison *out);

/* ## Quantiles
 *
 * R's default sample quantile, quantile(x, p, type = 7) (Hyndman and Fan
 * 1996, definition 7): at position h = 1 + (n - 1)·p of the sorted values,
 * interpolating linearly between the neighbouring order statistics.
 * Unweighted.  Values must be finite. */

struct stats_quartiles {
    double n;
    double min;
    double q1;     /* quantile(type = 7) at 0.25 */
    double median; /* at 0.5 */
    double q3;     /* at 0.75 */
    double max;
};

/* The P-quantile of the N values X sorted in ascending order.  NAN when
   N = 0 or P is outside 0..1. */
double stats_quantile_sorted(const double *x, size_t n, double p);

/* Min, quartiles and max of X[0..N) in any order (sorts a copy: O(n log n)
   time, O(n) scratch).  Returns 0 (all NAN but n when N = 0), -1 if a value
   is not finite, -2 if out of memory. */
int stats_quartiles(const double *x, size_t n, struct stats_quartiles *out);

/* stats_quartiles() of X[0..N) already in ascending order (no copy, no
   sort: O(1) after the check).  Returns 0, -1 if a value is not finite or
   out of order. */
int stats_quartiles_sorted(const double *x, size_t n, struct stats_quartiles *out);

/* The P-quantile of the values a count table holds: COUNT[v] observations
   equal VALUES[v], VALUES strictly ascending, counts whole numbers >= 0
   (zero counts allowed).  O(NVALUES).  NAN for an empty or invalid table or
   P outside 0..1. */
double stats_quantile_table(const double *values, const double *count, size_t nvalues,
                            double p);

/* stats_quartiles() of a count table (as stats_quantile_table()).  Returns
   0 (all NAN but n when the table is empty), or -1 for an invalid table
   (all NAN). */
int stats_quartiles_table(const double *values, const double *count, size_t nvalues,
                          struct stats_quartiles *out);

/* ## Item statistics of a scale
 *
 * SPSS RELIABILITY /SUMMARY=TOTAL reports per item: scale mean if item
 * deleted, scale variance if item deleted, corrected item-total correlation
 * and Cronbach's alpha if item deleted.  The last two are ITEM_TOTAL and
 * ALPHA_IF_DELETED of stats_alpha_from_cov(); this gives the first two, from
 * the same listwise sample's covariance matrix and item means. */

/* For each of the K items, the mean SCALE_MEAN[i] = Σ_{j≠i} mean_j and the
   sample variance SCALE_VAR[i] = Σ_{j≠i} Σ_{l≠i} COV_jl of the sum of the
   other items (R mean(rowSums(x[, -i])) and var(rowSums(x[, -i]))).  COV is
   K×K row-major with divisor n - 1 (stats_cov_matrix(),
   stats_cov_from_sums()); MEAN the item means.  Either output may be NULL,
   and MEAN or COV may be NULL when its output is.  A NAN covariance (n < 2)
   gives NAN variances.  Returns 0, or -1 if K < 2 (outputs NAN). */
int stats_scale_if_deleted(const double *cov, const double *mean, size_t k, double *scale_mean,
                           double *scale_var);

/* ## Raking */

enum stats_rake_status {
    STATS_RAKE_OK = 0,
    STATS_RAKE_ERR_ARGS,      /* no variables, a NULL array, or a bad starting weight */
    STATS_RAKE_ERR_SHARES,    /* a share < 0, or a variable's shares not summing to 1 ± 1e-6 */
    STATS_RAKE_ERR_MISSING,   /* a respondent's category is < 0 or >= ncat */
    STATS_RAKE_ERR_EMPTY,     /* a category with a positive share has no weight */
    STATS_RAKE_ERR_NOCONVERGE, /* 100 iterations without meeting the criterion */
    STATS_RAKE_ERR_NOMEM
};

/* Where raking stopped or failed. */
struct stats_rake_info {
    int iterations;   /* full adjustment cycles over all variables */
    double max_error; /* largest |weighted share - target| / target at the end */
    size_t var;       /* for ERR_SHARES, ERR_MISSING, ERR_EMPTY: the variable */
    size_t category;  /* for ERR_EMPTY: the category */
    size_t respondent; /* for ERR_MISSING: the respondent */
};

/* Rakes the weights W[0..N) by iterative proportional fitting (Deming and
   Stephan 1940; survey::rake) to NVARS margins.  CAT[v][i] is respondent i's
   category index on variable v, in 0..NCAT[v]-1 (a missing category is an
   error: drop or impute such respondents first).  SHARE[v][c] is the target
   share of category c of variable v; the shares of a variable must sum to
   1 within 1e-6 and are then renormalised to sum to exactly 1.
   W holds the starting weights (all 1, or a weight column) and receives the
   raked weights; their total stays the starting total.  A cycle adjusts each
   variable in turn; raking stops when the largest relative margin error
   |Σw[c]/Σw - share| / share (absolute error for a zero share) is below
   1e-10, after at most 100 cycles.
   Returns STATS_RAKE_OK or an error.  Argument errors (ARGS, SHARES,
   MISSING, an EMPTY category at the start) leave W unchanged; on
   ERR_NOCONVERGE, or ERR_EMPTY found during raking (a zero share emptied a
   category of another variable), W holds the last weights.  INFO may be
   NULL. */
enum stats_rake_status stats_rake(const int *const *cat, const size_t *ncat,
                                  const double *const *share, size_t nvars, size_t n, double *w,
                                  struct stats_rake_info *info);

/* A short English description of STATUS. */
const char *stats_rake_strerror(enum stats_rake_status status);

/* ## Validity (factor analysis)
 *
 * The validity of a set of items, as Chinese survey papers report it: the
 * Kaiser–Meyer–Olkin measure of sampling adequacy, Bartlett's test of
 * sphericity, and an exploratory factor analysis by principal components
 * with varimax rotation.  Everything works on the items' K×K correlation
 * matrix (row-major), so the data are reduced to sums and cross-products in
 * one pass (stats_cov_from_sums, or the stats_cov accumulator) and no
 * function here visits a respondent.  Cost: O(K^3) time, O(K^2) scratch. */

/* The correlation matrix COR[K*K] of the covariance matrix COV[K*K]
   (row-major; COR may be COV): COV_ij/sqrt(COV_ii·COV_jj), the diagonal
   exactly 1 (R cov2cor()).  An item whose variance is 0 or not finite has
   NAN in its row and column, diagonal included.  Returns 0, or -1 if there
   is such an item; then *ITEM (ITEM may be NULL) is the first one. */
int stats_cor_from_cov(const double *cov, size_t k, double *cor, size_t *item);

/* The K×K correlation matrix of N rows of non-negative integers from their
   exact sums, as stats_cov_from_sums() followed by stats_cor_from_cov()
   (R cor()).  Returns as stats_cor_from_cov(); with N < 2 every variance is
   NAN and the first item is reported. */
int stats_cor_from_sums(const uint64_t *sum, const uint64_t *cross, size_t k, uint64_t n,
                        double *cor, size_t *item);

/* Pivots below this mean an item is a linear combination of the items
   before it: 1 - R^2 of item j regressed on items 0..j-1 (the squared
   diagonal of the Cholesky factor of the correlation matrix) < 1e-8. */
#define STATS_FACTOR_SINGULAR_TOL 1e-8

enum stats_factor_status {
    STATS_FACTOR_OK = 0,
    STATS_FACTOR_ERR_ARGS,     /* K < 2, a NULL array, more factors than items, a diagonal
                                  entry other than 1, or a stray non-finite entry */
    STATS_FACTOR_ERR_CONSTANT, /* the item has variance 0: its diagonal entry is 0 or not
                                  finite, or its correlations with every other item are */
    STATS_FACTOR_ERR_SINGULAR, /* the matrix is singular or not positive definite: the
                                  item is (nearly) a linear combination of earlier items */
    STATS_FACTOR_ERR_NUMERIC,  /* GSL failed (eigenvalues or SVD did not converge) */
    STATS_FACTOR_ERR_NOMEM
};

/* The validity of K items.  One allocation: the arrays point into it;
   free with stats_factor_free(). */
struct stats_factor {
    size_t k;       /* items */
    size_t factors; /* K: factors kept */
    double n;       /* respondents behind the correlation matrix */
    double kmo;     /* overall MSA (psych::KMO()$MSA); NAN when no item correlates */
    double *kmo_items;        /* [k] each item's MSA (psych::KMO()$MSAi); NAN likewise */
    struct stats_test bartlett; /* χ², df, p (psych::cortest.bartlett(r, n)) */
    double *eigenvalues;      /* [k] of the correlation matrix, descending */
    double *loadings;         /* [k × factors] rotated, row-major: item i, factor f at
                                 loadings[i * factors + f] */
    double *ss_loadings;      /* [factors] column sums of squared loadings, descending */
    double *variance_pct;     /* [factors] 100·ss_loadings / k */
    double *cumulative_pct;   /* [factors] running sum of variance_pct */
    int iterations;           /* varimax iterations run (0 when factors = 1) */
};

/* KMO, Bartlett's test and a varimax-rotated principal component analysis of
   the K×K correlation matrix COR of N respondents; only its diagonal and
   lower triangle (j <= i) are read.
     Partial correlations (the anti-image) come from Q = COR^-1 by Cholesky:
     q_ij = Q_ij/sqrt(Q_ii·Q_jj).  KMO = Σ r_ij^2 / (Σ r_ij^2 + Σ q_ij^2) over
     i != j; item j's MSA the same sums over column j (psych::KMO).
     Bartlett: χ² = -(N - 1 - (2K + 5)/6)·ln|COR| on K(K - 1)/2 df, p from
     the chi-square upper tail (psych::cortest.bartlett(r, n)); all NAN when
     N - 1 - (2K + 5)/6 <= 0 or N is not finite.
     Components: the eigenvectors v_f of COR times sqrt(λ_f), for the first
     NFACTORS, or when NFACTORS = 0 as many as there are eigenvalues > 1 (at
     least one).  With two or more, rotated by stats_varimax().  Then, as
     psych::principal(r, nfactors, rotate = "varimax"): factors ordered by
     ss_loadings, largest first (ties keep their order), and each factor's
     sign chosen so that its loadings sum to >= 0.
   The identity matrix gives KMO NAN and χ² 0 (p = 1).
   Returns STATS_FACTOR_OK and *OUT, or an error and *OUT = NULL; for
   ERR_CONSTANT and ERR_SINGULAR, *ITEM (ITEM may be NULL) is the offending
   item (0-based): the zero-variance item, or the first item that the items
   before it explain to within STATS_FACTOR_SINGULAR_TOL (a copy of an
   earlier item is reported, not the original).  No loading is ever NAN. */
enum stats_factor_status stats_factor(const double *cor, size_t k, double n, size_t nfactors,
                                      struct stats_factor **out, size_t *item);
void stats_factor_free(struct stats_factor *fa);

/* A short English description of STATUS. */
const char *stats_factor_strerror(enum stats_factor_status status);

/* Varimax rotation of the P×K row-major loadings A into OUT (OUT may be A),
   exactly as R stats::varimax(a, normalize = TRUE, eps = 1e-5): rows scaled
   to unit length (Kaiser normalisation), T = I, d = 0; then up to 1000
   times: Z = X·T, B = X'(Z∘Z∘Z - Z·diag(colSums(Z∘Z))/P), SVD B = U·D·V',
   T = U·V', d_prev = d, d = ΣD, stop when d < d_prev·(1 + 1e-5); finally
   OUT = X·T with the rows scaled back.  R's stopping rule, not full
   convergence, is what is reproduced.  A row of zeros stays zeros (R would
   divide by 0 and return NAN everywhere).  K = 1 copies A.
   *ITERATIONS (may be NULL) receives the iterations run, 0 for K = 1.
   Allocates scratch; returns 0, -1 if P or K is 0 or GSL's SVD fails, -2
   if out of memory. */
int stats_varimax(const double *a, size_t p, size_t k, double *out, int *iterations);

#endif
