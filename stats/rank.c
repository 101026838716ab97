/* rank.c — average ranks, the Kruskal–Wallis test and Spearman's rho.
 *
 * Survey data have few distinct values: Likert codes, counts of activities,
 * index values on a grid of 100/(k·(max-min)) points.  Ranking them does not
 * need a sort.  A "ranker" first counts the distinct values in a small hash
 * table keyed by the value's bits; if there are at most
 * STATS_RANK_COUNTING_MAX of them, it sorts just those, gives each its
 * average rank, and each value's rank is then one hash look-up away: O(n)
 * time and O(d) memory.  With more distinct values it falls back to sorting
 * (value, index) pairs, O(n log n).  Ties are exact equality, as in R (0 and
 * -0 are one value).
 *
 * Kruskal–Wallis: W. H. Kruskal and W. A. Wallis (1952), JASA 47, with the
 * tie correction of their eq. (1.2), as R kruskal.test().  H is computed
 * from ranks centred on (N+1)/2, which are multiples of 1/2 whose group sums
 * are exact, instead of the textbook 12/(N(N+1))·ΣR²/n - 3(N+1) that
 * cancels about six digits at N = 10⁶.
 *
 * Spearman: C. Spearman (1904); the p-value is the t approximation that R
 * cor.test(method = "spearman", exact = FALSE) uses (R's pspearman() for
 * n > 1290 or exact = FALSE).
 */
#include "stats/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* Average ranks for the values X[i] with INCLUDE[i] >= 0 (all if INCLUDE is
   NULL).  Exactly one of the two representations is used: a table of
   distinct values (d > 0 or n = 0) or a full array of ranks by index. */
#define RANK_SLOTS (2 * STATS_RANK_COUNTING_MAX) /* load factor <= 1/2 */

struct ranker {
    const double *x;
    double *uniq;  /* distinct values, in order of appearance */
    double *urank; /* their counts, then their average ranks */
    int32_t *slot; /* RANK_SLOTS: index into uniq + 1, or 0 for empty */
    size_t d;
    double *ranks; /* fallback: rank of x[i], indexed by i */
    double n;      /* values included */
    double ties;   /* Σ(t³ - t) over tied blocks */
};

struct pair {
    double v;
    size_t i;
};

static int pair_cmp(const void *a, const void *b)
{
    double x = ((const struct pair *)a)->v, y = ((const struct pair *)b)->v;
    return (x > y) - (x < y);
}

/* The slot of value V: where it is, or the empty slot where it would go. */
static size_t slot_of(const struct ranker *r, double v)
{
    uint64_t bits;
    if (v == 0)
        v = 0; /* -0 ties with 0 */
    memcpy(&bits, &v, sizeof bits);
    bits ^= bits >> 29;
    bits *= 0xbf58476d1ce4e5b9u;
    bits ^= bits >> 32;
    size_t i = (size_t)bits & (RANK_SLOTS - 1);
    while (r->slot[i] && r->uniq[r->slot[i] - 1] != v)
        i = (i + 1) & (RANK_SLOTS - 1);
    return i;
}

static void ranker_free(struct ranker *r)
{
    free(r->uniq);
    free(r->slot);
    free(r->ranks);
}

/* The order of finite doubles as unsigned integers: the sign bit flipped
   for a positive value, every bit for a negative one (-0 comes just before
   +0, and the two still compare equal as doubles). */
static uint64_t order_key(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b >> 63 ? ~b : b | ((uint64_t)1 << 63);
}

/* Sort the M pairs P by value: a least-significant-digit radix sort on
   16-bit digits of order_key (four passes at most, a pass skipped when
   every value shares its digit), so that a million answers sort in a few
   passes over memory instead of n·log n comparisons.  Stable, which ranks
   do not need: ties get their average rank.  Falls back to qsort() when
   the scratch cannot be allocated. */
static void sort_pairs(struct pair *p, size_t m)
{
    enum { BITS = 16, BUCKETS = 1 << BITS };
    struct pair *tmp = m > 256 ? malloc(m * sizeof *tmp) : NULL;
    size_t *count = tmp ? malloc(BUCKETS * sizeof *count) : NULL;
    if (!count) {
        free(tmp);
        qsort(p, m, sizeof *p, pair_cmp);
        return;
    }
    struct pair *from = p, *to = tmp;
    for (unsigned shift = 0; shift < 64; shift += BITS) {
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < m; i++)
            count[(order_key(from[i].v) >> shift) & (BUCKETS - 1)]++;
        if (count[(order_key(from[0].v) >> shift) & (BUCKETS - 1)] == m)
            continue; /* one digit for all: the order stands */
        size_t at = 0;
        for (size_t d = 0; d < BUCKETS; d++) {
            size_t c = count[d];
            count[d] = at;
            at += c;
        }
        for (size_t i = 0; i < m; i++)
            to[count[(order_key(from[i].v) >> shift) & (BUCKETS - 1)]++] = from[i];
        struct pair *t = from;
        from = to;
        to = t;
    }
    if (from != p)
        memcpy(p, from, m * sizeof *p);
    free(count);
    free(tmp);
}

/* Fallback: sort (value, index) pairs and give each block of ties its
   average rank.  Returns 0 or -2 (out of memory). */
static int ranker_sort(struct ranker *r, const int *include, size_t n)
{
    size_t m = (size_t)r->n;
    struct pair *p = malloc((m ? m : 1) * sizeof *p);
    r->ranks = malloc((n ? n : 1) * sizeof *r->ranks);
    if (!p || !r->ranks) {
        free(p);
        return -2;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        r->ranks[i] = NAN;
        if (!include || include[i] >= 0)
            p[k++] = (struct pair){r->x[i], i};
    }
    sort_pairs(p, m);
    for (size_t s = 0; s < m;) {
        size_t e = s + 1;
        while (e < m && p[e].v == p[s].v)
            e++;
        double t = (double)(e - s);
        double avg = ((double)s + 1 + (double)e) / 2; /* ranks s+1 .. e */
        for (size_t j = s; j < e; j++)
            r->ranks[p[j].i] = avg;
        r->ties += t * t * t - t;
        s = e;
    }
    free(p);
    return 0;
}

/* Ranks X[0..N) (those with INCLUDE[i] >= 0).  The values must be finite.
   Returns 0 or -2 (out of memory). */
static int ranker_init(struct ranker *r, const double *x, const int *include, size_t n)
{
    *r = (struct ranker){.x = x};
    r->uniq = malloc(2 * STATS_RANK_COUNTING_MAX * sizeof *r->uniq);
    r->slot = calloc(RANK_SLOTS, sizeof *r->slot);
    if (!r->uniq || !r->slot)
        return -2;
    r->urank = r->uniq + STATS_RANK_COUNTING_MAX;
    double *count = r->urank; /* counts first, ranks later, in place */
    int few = 1;
    for (size_t i = 0; i < n; i++) {
        if (include && include[i] < 0)
            continue;
        r->n += 1;
        if (!few)
            continue;
        size_t k = slot_of(r, x[i]);
        if (r->slot[k]) {
            count[r->slot[k] - 1] += 1;
            continue;
        }
        if (r->d == STATS_RANK_COUNTING_MAX) {
            few = 0;
            continue;
        }
        r->uniq[r->d] = x[i] == 0 ? 0 : x[i];
        count[r->d] = 1;
        r->slot[k] = (int32_t)++r->d;
    }
    if (!few) {
        free(r->uniq);
        free(r->slot);
        r->uniq = r->urank = NULL;
        r->slot = NULL;
        r->d = 0;
        r->n = 0;
        for (size_t i = 0; i < n; i++)
            r->n += !include || include[i] >= 0;
        return ranker_sort(r, include, n);
    }
    /* Average ranks of the distinct values: sort (value, count) pairs. */
    struct pair *vc = malloc((r->d ? r->d : 1) * sizeof *vc);
    if (!vc)
        return -2;
    for (size_t k = 0; k < r->d; k++)
        vc[k] = (struct pair){r->uniq[k], k};
    qsort(vc, r->d, sizeof *vc, pair_cmp);
    double before = 0;
    double *rank = malloc((r->d ? r->d : 1) * sizeof *rank);
    if (!rank) {
        free(vc);
        return -2;
    }
    for (size_t k = 0; k < r->d; k++) {
        double t = count[vc[k].i];
        rank[vc[k].i] = before + (t + 1) / 2;
        r->ties += t * t * t - t;
        before += t;
    }
    memcpy(r->urank, rank, r->d * sizeof *rank);
    free(rank);
    free(vc);
    return 0;
}

static double ranker_get(const struct ranker *r, size_t i)
{
    if (r->ranks)
        return r->ranks[i];
    return r->urank[r->slot[slot_of(r, r->x[i])] - 1];
}

int stats_rank_average(const double *x, size_t n, double *ranks)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return -1;
    struct ranker r;
    if (ranker_init(&r, x, NULL, n) != 0) {
        ranker_free(&r);
        return -2;
    }
    for (size_t i = 0; i < n; i++)
        ranks[i] = ranker_get(&r, i);
    ranker_free(&r);
    return 0;
}

/* H with the tie correction, from ACC: per group, the sum of its ranks
   centred on (NN + 1) / 2 divided by SCALE, then its count; NN respondents,
   TIES the sum of t³ - t over tied values.  OUT's fields stay NaN when there
   are fewer than two groups or every answer is the same. */
static void kruskal_result(const double *acc, double scale, size_t ngroups, double nn, double ties,
                           struct stats_test *out)
{
    size_t k = 0;
    double h = 0;
    for (size_t g = 0; g < ngroups; g++) {
        double ng = acc[2 * g + 1];
        if (ng > 0) {
            k++;
            double sum = acc[2 * g] * scale;
            h += sum * sum / ng; /* n_g·(R̄_g - centre)² */
        }
    }
    double correction = 1 - ties / (nn * nn * nn - nn);
    if (k < 2 || !(correction > 0))
        return;
    h = 12 / (nn * (nn + 1)) * h / correction;
    out->statistic = h;
    out->df = (double)(k - 1);
    out->p_value = gsl_cdf_chisq_Q(h, out->df);
}

int stats_kruskal_wallis(const double *x, const int *group, size_t n, size_t ngroups,
                         struct stats_test *out)
{
    out->statistic = out->df = out->p_value = NAN;
    for (size_t i = 0; i < n; i++)
        if (group[i] >= 0 && ((size_t)group[i] >= ngroups || !isfinite(x[i])))
            return -1;
    if (ngroups == 0)
        return 0;

    /* Per group: sum of centred ranks, then count. */
    double *acc = calloc(2 * ngroups, sizeof *acc);
    struct ranker r;
    if (!acc || ranker_init(&r, x, group, n) != 0) {
        if (acc)
            ranker_free(&r);
        free(acc);
        return -2;
    }
    double nn = r.n, centre = (nn + 1) / 2;
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0)
            continue;
        acc[2 * (size_t)group[i]] += ranker_get(&r, i) - centre;
        acc[2 * (size_t)group[i] + 1] += 1;
    }
    double ties = r.ties;
    ranker_free(&r);
    kruskal_result(acc, 1, ngroups, nn, ties, out);
    free(acc);
    return 0;
}

int stats_sort_order(const double *x, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return -1;
    struct pair *p = malloc((n ? n : 1) * sizeof *p);
    if (!p)
        return -2;
    for (size_t i = 0; i < n; i++)
        p[i] = (struct pair){x[i], i};
    sort_pairs(p, n);
    for (size_t i = 0; i < n; i++)
        order[i] = p[i].i;
    free(p);
    return 0;
}

/* An LSD radix sort on the 11-bit digits of order_key: one pass counts
   every digit, then one pass per digit that not every value shares (values
   with short mantissas, such as integers and halves, skip the low digits).
   A bucket array of 2,048 stays in the first-level cache. */
enum { DIGIT_BITS = 11, DIGIT_VALUES = 1 << DIGIT_BITS, DIGITS = (64 + DIGIT_BITS - 1) / DIGIT_BITS };

static size_t digit_of(double v, unsigned d)
{
    return (size_t)(order_key(v) >> (d * DIGIT_BITS)) & (DIGIT_VALUES - 1);
}

/* The double whose order_key is K. */
static double from_order_key(uint64_t k)
{
    uint64_t b = k >> 63 ? k & ~((uint64_t)1 << 63) : ~k;
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static unsigned bit_length(uint64_t v)
{
    unsigned n = 0;
    while (v)
        n++, v >>= 1;
    return n;
}

/* Sorting (value, tag) items packed into one 64-bit word: the bits of
   order_key where the values differ (SPAN of them from bit LO, the others
   shared, as in K0) above the tag's TB bits.  Eight bytes an item, and
   passes only over the bits that differ: values of a few significant bits
   (money, years) sort in two or three passes. */
static int sort_packed(double *x, uint32_t *tag, size_t n, double *tx, uint64_t k0, unsigned lo,
                       unsigned span, unsigned tb)
{
    unsigned digits = (span + DIGIT_BITS - 1) / DIGIT_BITS;
    size_t *count = calloc((size_t)digits * DIGIT_VALUES, sizeof *count);
    if (!count)
        return -2;
    uint64_t field = span == 64 ? ~(uint64_t)0 : ((uint64_t)1 << span) - 1;
    /* The items go to TX, then between TX and X, as bit patterns. */
    for (size_t i = 0; i < n; i++) {
        uint64_t f = (order_key(x[i]) >> lo) & field, p = f << tb | tag[i];
        memcpy(&tx[i], &p, sizeof p);
        for (unsigned d = 0; d < digits; d++)
            count[d * DIGIT_VALUES + ((f >> (d * DIGIT_BITS)) & (DIGIT_VALUES - 1))]++;
    }
    double *from = tx, *to = x;
    for (unsigned d = 0; d < digits; d++) {
        size_t *c = count + (size_t)d * DIGIT_VALUES;
        unsigned shift = tb + d * DIGIT_BITS;
        uint64_t p;
        memcpy(&p, &from[0], sizeof p);
        if (c[(p >> shift) & (DIGIT_VALUES - 1)] == n)
            continue;
        for (size_t v = 0, at = 0; v < DIGIT_VALUES; v++) {
            size_t k = c[v];
            c[v] = at;
            at += k;
        }
        for (size_t i = 0; i < n; i++) {
            memcpy(&p, &from[i], sizeof p);
            memcpy(&to[c[(p >> shift) & (DIGIT_VALUES - 1)]++], &p, sizeof p);
        }
        double *t = from;
        from = to, to = t;
    }
    uint64_t shared = k0 & ~(field << lo), tmask = tb ? ((uint64_t)1 << tb) - 1 : 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t p;
        memcpy(&p, &from[i], sizeof p);
        tag[i] = (uint32_t)(p & tmask);
        x[i] = from_order_key(shared | ((p >> tb) & field) << lo);
    }
    free(count);
    return 0;
}

int stats_sort_tagged(double *x, uint32_t *tag, size_t n, double *tx, uint32_t *ttag)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return -1;
    if (n < 2)
        return 0;
    uint64_t k0 = order_key(x[0]), differ = 0;
    uint32_t tags = 0;
    for (size_t i = 0; i < n; i++) {
        differ |= order_key(x[i]) ^ k0;
        tags |= tag[i];
    }
    if (!differ)
        return 0; /* all equal: the order stands */
    unsigned lo = 0;
    while (!(differ >> lo & 1))
        lo++;
    unsigned span = bit_length(differ) - lo, tb = bit_length(tags);
    if (span + tb <= 64)
        return sort_packed(x, tag, n, tx, k0, lo, span, tb);
    size_t *count = calloc(DIGITS * DIGIT_VALUES, sizeof *count);
    if (!count)
        return -2;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = order_key(x[i]);
        for (unsigned d = 0; d < DIGITS; d++)
            count[d * DIGIT_VALUES + ((k >> (d * DIGIT_BITS)) & (DIGIT_VALUES - 1))]++;
    }
    double *fx = x, *to_x = tx;
    uint32_t *ft = tag, *to_t = ttag;
    for (unsigned d = 0; d < DIGITS; d++) {
        size_t *c = count + d * DIGIT_VALUES;
        if (c[digit_of(fx[0], d)] == n)
            continue; /* one digit for all: the order stands */
        for (size_t v = 0, at = 0; v < DIGIT_VALUES; v++) {
            size_t k = c[v];
            c[v] = at;
            at += k;
        }
        for (size_t i = 0; i < n; i++) {
            size_t j = c[digit_of(fx[i], d)]++;
            to_x[j] = fx[i];
            to_t[j] = ft[i];
        }
        double *sx = fx;
        fx = to_x, to_x = sx;
        uint32_t *st = ft;
        ft = to_t, to_t = st;
    }
    if (fx != x) {
        memcpy(x, fx, n * sizeof *x);
        memcpy(tag, ft, n * sizeof *tag);
    }
    free(count);
    return 0;
}

#define KEYED_KEYS 65536 /* the values of a uint16_t key */

/* One grouping's Kruskal–Wallis in stats_kruskal_wallis_keyed(): as the
   locals of stats_kruskal_wallis_sorted(). */
struct kw_state {
    const int32_t *map;
    size_t ngroups;
    double *acc, *block;
    double nn, centre, before, ties, t;
    int ok;
};

int stats_kruskal_wallis_keyed(const double *x, const uint16_t *key, size_t n,
                               const struct stats_keyed_by *by, size_t k, struct stats_test *out)
{
    size_t cells = 0;
    for (size_t y = 0; y < k; y++) {
        out[y].statistic = out[y].df = out[y].p_value = NAN;
        cells += 3 * by[y].ngroups;
    }
    struct kw_state *st = calloc(k ? k : 1, sizeof *st);
    double *acc = calloc(cells ? cells : 1, sizeof *acc);
    if (!st || !acc) {
        free(st), free(acc);
        return -2;
    }
    for (size_t y = 0, at = 0; y < k; y++) {
        st[y] = (struct kw_state){.map = by[y].map, .ngroups = by[y].ngroups, .acc = acc + at,
                                  .block = acc + at + 2 * by[y].ngroups, .ok = by[y].ngroups > 0};
        at += 3 * by[y].ngroups;
    }
    /* The checks of stats_kruskal_wallis_sorted(), each grouping's: at once
       for all when every value is finite and in order; the count of each
       key, then each grouping's values. */
    int in_order = 1;
    for (size_t i = 0; i < n; i++)
        in_order &= isfinite(x[i]) && (i == 0 || x[i] >= x[i - 1]);
    size_t *per_key = calloc(KEYED_KEYS, sizeof *per_key);
    if (!per_key) {
        free(st), free(acc);
        return -2;
    }
    for (size_t i = 0; i < n; i++)
        per_key[key[i]]++;
    for (size_t y = 0; y < k; y++)
        for (size_t kk = 0; kk < KEYED_KEYS; kk++) {
            if (!per_key[kk] || st[y].map[kk] < 0)
                continue; /* (MAP covers the keys in use only) */
            int32_t g = st[y].map[kk];
            st[y].nn += (double)per_key[kk];
            if ((size_t)g >= st[y].ngroups)
                st[y].ok = 0;
        }
    free(per_key);
    for (size_t i = 0; i < n && !in_order; i++)
        for (size_t y = 0; y < k; y++)
            if (st[y].map[key[i]] >= 0 && (!isfinite(x[i]) || (i > 0 && !(x[i] >= x[i - 1]))))
                st[y].ok = 0;
    for (size_t y = 0; y < k; y++)
        st[y].centre = (st[y].nn + 1) / 2;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || (i > 0 && x[i] != x[i - 1])) {
            for (size_t y = 0; y < k; y++) {
                struct kw_state *s = &st[y];
                if (!(s->t > 0))
                    continue;
                double r = s->before + (s->t + 1) / 2 - s->centre;
                for (size_t g = 0; g < s->ngroups; g++)
                    if (s->block[g] > 0) {
                        s->acc[2 * g] += s->block[g] * r;
                        s->acc[2 * g + 1] += s->block[g];
                        s->block[g] = 0;
                    }
                s->ties += s->t * s->t * s->t - s->t;
                s->before += s->t;
                s->t = 0;
            }
            if (i == n)
                break;
        }
        uint16_t kk = key[i];
        for (size_t y = 0; y < k; y++) {
            int32_t g = st[y].map[kk];
            if (g >= 0 && st[y].ok) {
                st[y].block[g] += 1;
                st[y].t += 1;
            }
        }
    }
    for (size_t y = 0; y < k; y++)
        if (st[y].ok)
            kruskal_result(st[y].acc, 1, st[y].ngroups, st[y].nn, st[y].ties, &out[y]);
    free(st), free(acc);
    return 0;
}

int stats_kruskal_wallis_sorted(const double *x, const int *group, size_t n, size_t ngroups,
                                struct stats_test *out)
{
    out->statistic = out->df = out->p_value = NAN;
    for (size_t i = 0; i < n; i++)
        if (group[i] >= 0 && ((size_t)group[i] >= ngroups || !isfinite(x[i]) ||
                              (i > 0 && !(x[i] >= x[i - 1]))))
            return -1;
    if (ngroups == 0)
        return 0;
    /* Per group: sum of centred ranks, then count; the counts of the
       current block of equal values. */
    double *acc = calloc(3 * ngroups, sizeof *acc);
    if (!acc)
        return -2;
    double *block = acc + 2 * ngroups;
    double nn = 0;
    for (size_t i = 0; i < n; i++)
        nn += group[i] >= 0;
    /* A block's average rank, centred, times its count in a group: exact
       (a multiple of 1/2), as the ranker's sums one rank at a time are;
       the tie sum in ascending order of value, as the ranker's. */
    double centre = (nn + 1) / 2, before = 0, ties = 0, t = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || (i > 0 && x[i] != x[i - 1])) {
            if (t > 0) {
                double r = before + (t + 1) / 2 - centre;
                for (size_t g = 0; g < ngroups; g++)
                    if (block[g] > 0) {
                        acc[2 * g] += block[g] * r;
                        acc[2 * g + 1] += block[g];
                        block[g] = 0;
                    }
                ties += t * t * t - t;
                before += t;
                t = 0;
            }
            if (i == n)
                break;
        }
        if (group[i] >= 0) {
            block[group[i]] += 1;
            t += 1;
        }
    }
    kruskal_result(acc, 1, ngroups, nn, ties, out);
    free(acc);
    return 0;
}

int stats_kruskal_wallis_table(const double *count, size_t ngroups, size_t nvalues,
                               struct stats_test *out)
{
    out->statistic = out->df = out->p_value = NAN;
    double nn = 0;
    for (size_t i = 0; i < ngroups * nvalues; i++) {
        if (!isfinite(count[i]) || count[i] < 0)
            return -1;
        nn += count[i];
    }
    if (ngroups == 0)
        return 0;
    /* Per group: twice the sum of centred ranks, then count.  Twice a
       value's average rank centred on (N+1)/2 is the integer
       2·before + t - N, so these sums are exact. */
    double *acc = calloc(2 * ngroups, sizeof *acc);
    if (!acc)
        return -2;
    double before = 0, ties = 0;
    for (size_t v = 0; v < nvalues; v++) {
        double t = 0;
        for (size_t g = 0; g < ngroups; g++)
            t += count[g * nvalues + v];
        if (t == 0)
            continue;
        double r2 = 2 * before + t - nn;
        for (size_t g = 0; g < ngroups; g++) {
            acc[2 * g] += count[g * nvalues + v] * r2;
            acc[2 * g + 1] += count[g * nvalues + v];
        }
        ties += t * t * t - t;
        before += t;
    }
    kruskal_result(acc, 0.5, ngroups, nn, ties, out);
    free(acc);
    return 0;
}

/* rho from the centred rank sums of squares and products, then t and p
   (OUT->n already set). */
static void spearman_result(double sxx, double syy, double sxy, struct stats_spearman *out)
{
    if (!(sxx > 0) || !(syy > 0))
        return;
    double rho = sxy / sqrt(sxx * syy);
    if (rho > 1)
        rho = 1;
    if (rho < -1)
        rho = -1;
    out->rho = rho;
    if (out->n < 3)
        return;
    double df = out->n - 2;
    out->df = df;
    if (fabs(rho) == 1) {
        out->t = rho * INFINITY;
        out->p_value = 0;
        return;
    }
    out->t = rho * sqrt(df / (1 - rho * rho));
    out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->t), df);
}

int stats_spearman(const double *x, const double *y, size_t n, struct stats_spearman *out)
{
    *out = (struct stats_spearman){(double)n, NAN, NAN, NAN, NAN};
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return -1;
    if (n < 2)
        return 0;
    struct ranker rx, ry;
    int rcx = ranker_init(&rx, x, NULL, n);
    int rcy = rcx == 0 ? ranker_init(&ry, y, NULL, n) : -2;
    if (rcx != 0 || rcy != 0) {
        ranker_free(&rx);
        if (rcx == 0)
            ranker_free(&ry);
        return -2;
    }
    double centre = ((double)n + 1) / 2, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double a = ranker_get(&rx, i) - centre, b = ranker_get(&ry, i) - centre;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
    }
    ranker_free(&rx);
    ranker_free(&ry);
    spearman_result(sxx, syy, sxy, out);
    return 0;
}

int stats_spearman_table(const double *count, size_t nx, size_t ny, struct stats_spearman *out)
{
    double n = 0;
    for (size_t i = 0; i < nx * ny; i++) {
        if (!isfinite(count[i]) || count[i] < 0) {
            *out = (struct stats_spearman){NAN, NAN, NAN, NAN, NAN};
            return -1;
        }
        n += count[i];
    }
    *out = (struct stats_spearman){n, NAN, NAN, NAN, NAN};
    if (n < 2)
        return 0;
    /* Centred average ranks of the rows (x) and of the columns (y). */
    double *a = malloc((nx + ny ? nx + ny : 1) * sizeof *a), *b = a + nx;
    if (!a)
        return -2;
    double centre = (n + 1) / 2, before = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t j = 0; j < ny; j++)
        b[j] = 0;
    for (size_t i = 0; i < nx; i++) {
        double t = 0;
        for (size_t j = 0; j < ny; j++) {
            t += count[i * ny + j];
            b[j] += count[i * ny + j];
        }
        a[i] = before + (t + 1) / 2 - centre;
        sxx += t * a[i] * a[i];
        before += t;
    }
    before = 0;
    for (size_t j = 0; j < ny; j++) {
        double t = b[j];
        b[j] = before + (t + 1) / 2 - centre;
        syy += t * b[j] * b[j];
        before += t;
    }
    for (size_t i = 0; i < nx; i++)
        for (size_t j = 0; j < ny; j++)
            sxy += count[i * ny + j] * a[i] * b[j];
    free(a);
    spearman_result(sxx, syy, sxy, out);
    return 0;
}
