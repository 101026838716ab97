/* test_csv_out.c — `--format csv`: every figure of the JSON, as tidy rows.
 *
 * The JSON object of a run is built through the library as `canyu report
 * -f json` and `canyu compare -f json` build it ("tool", "version", the
 * results, "findings"), then written as CSV by report_csv_results() and read
 * back with a strict RFC 4180 reader written here.  For the report on
 * samples/boli-2024.csv, the comparison of boli-2023 and boli-2024, and the
 * three waves tests/data/compare-202[123].csv (given out of order, two
 * lacking questions, --age-bands 18-34,35-59,60-):
 *
 * - the text starts with a UTF-8 byte order mark and the header line; every
 *   record has six fields; no two rows name the same figure (section,
 *   table, group, row, column);
 * - for each section and JSON key, the JSON's numbers and the CSV's numeric
 *   values in that section and column are the same multiset, compared
 *   exactly (the CSV is unrounded); nulls and empty strings are as many as
 *   empty values, booleans as "true"/"false";
 * - no value is "<0.001" or otherwise not a number in a p_value column;
 * - the test statistics are where docs/json.md says: χ², df, p, Cramér's V,
 *   M² (linear_by_linear), H (kruskal_wallis), the logistic n, a change's
 *   t and df; every ci_low and ci_high of the JSON is a row;
 * - the findings are rows of section "findings", word for word.
 *
 * Then the mapping itself on a hand-made object (names, positions, FROM→TO,
 * outer names in the table, quoting, numbers' text) compared byte for byte,
 * and the errors: not an object, a write error.
 *
 * Run from the repository root (the data are read by relative path).
 */
#include "report/csv_results.h"
#include "analysis/analysis.h"
#include "analysis/compare.h"
#include "report/compare.h"
#include "report/document.h"
#include "report/json.h"
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

/* ## Building the JSON of a run, as the commands do */

/* `canyu report -f json --lang en FILE` with the default age bands. */
static json_t *report_root(const char *file)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_default(&err);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    assert_int_equal(survey_load_file(s, file, NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    assert_non_null(r);
    json_t *root = report_json_report(r, REPORT_LANG_EN, "test");
    assert_non_null(root);
    stats_results_free(r);
    survey_bands_free(&bands);
    survey_free(s);
    survey_codebook_free(cb);
    return root;
}

/* `canyu compare -f json --lang en --age-bands BANDS FILES...` (NULL-ended). */
static json_t *compare_root(const char *bands_spec, const char *const *files)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_default(&err);
    assert_non_null(cb);
    struct survey *s[8];
    size_t n = 0;
    const struct survey_load_opts lo = {.absent_columns_ok = 1};
    for (; files[n]; n++) {
        assert_true(n < 8);
        assert_non_null(s[n] = survey_new(cb));
        assert_int_equal(survey_load_file(s[n], files[n], &lo, &err), 0);
        assert_int_equal(survey_finish(s[n], &lo), 0);
    }
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(bands_spec, &bands, &err), 0);
    struct cmp_results *c = stats_compare((const struct survey *const *)s, n, &bands, &err);
    assert_non_null(c);
    json_t *root = report_json_compare(c, REPORT_LANG_EN, "test");
    assert_non_null(root);
    stats_compare_free(c);
    for (size_t i = 0; i < n; i++)
        survey_free(s[i]);
    survey_bands_free(&bands);
    survey_codebook_free(cb);
    return root;
}

/* ROOT as CSV text (a new string). */
static char *to_csv(const json_t *root)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(report_csv_results(root, f), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* ## Reading the CSV back (RFC 4180, strictly) */

enum { SECTION, TABLE, GROUP, ROW, COLUMN, VALUE, NFIELDS };

struct csv_row {
    char *f[NFIELDS];
};

struct csv {
    struct csv_row *rows; /* the header not included */
    size_t n;
};

/* One field starting at *P; advances *P past it and the separator, sets
   *END to the separator ('\n' or ','). */
static char *read_field(const char **p, char *end)
{
    const char *s = *p;
    size_t cap = strlen(s) + 1, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    if (*s == '"') {
        s++;
        for (;;) {
            assert_true(*s != '\0'); /* an unterminated quote */
            if (*s == '"' && s[1] == '"') {
                out[len++] = '"';
                s += 2;
            } else if (*s == '"') {
                s++;
                break;
            } else {
                out[len++] = *s++;
            }
        }
    } else {
        while (*s && *s != ',' && *s != '\n') {
            assert_true(*s != '"' && *s != '\r'); /* a bare quote or CR */
            out[len++] = *s++;
        }
    }
    assert_true(*s == ',' || *s == '\n');
    *end = *s++;
    out[len] = '\0';
    *p = s;
    return out;
}

static struct csv parse_csv(const char *text)
{
    static const char header[] = "\xEF\xBB\xBF" "section,table,group,row,column,value\n";
    assert_memory_equal(text, header, sizeof header - 1);
    const char *p = text + sizeof header - 1;
    struct csv c = {0};
    size_t cap = 0;
    while (*p) {
        if (c.n == cap) {
            cap = cap ? 2 * cap : 1024;
            c.rows = realloc(c.rows, cap * sizeof *c.rows);
            assert_non_null(c.rows);
        }
        struct csv_row *r = &c.rows[c.n++];
        for (int k = 0; k < NFIELDS; k++) {
            char end;
            r->f[k] = read_field(&p, &end);
            assert_int_equal(end, k + 1 < NFIELDS ? ',' : '\n'); /* six fields a record */
        }
    }
    return c;
}

static void csv_free(struct csv *c)
{
    for (size_t i = 0; i < c->n; i++)
        for (int k = 0; k < NFIELDS; k++)
            free(c->rows[i].f[k]);
    free(c->rows);
}

/* The value of the row (SECTION, TABLE, GROUP, ROW, COLUMN), or NULL. */
static const char *lookup(const struct csv *c, const char *section, const char *table,
                          const char *group, const char *row, const char *column)
{
    for (size_t i = 0; i < c->n; i++) {
        char *const *f = c->rows[i].f;
        if (!strcmp(f[SECTION], section) && !strcmp(f[TABLE], table) && !strcmp(f[GROUP], group) &&
            !strcmp(f[ROW], row) && !strcmp(f[COLUMN], column))
            return f[VALUE];
    }
    return NULL;
}

/* Whether S is a whole number; sets *X. */
static int as_number(const char *s, double *x)
{
    char *end;
    if (!*s)
        return 0;
    *x = strtod(s, &end);
    return *end == '\0';
}

/* The row's value is the JSON number at PATH ("a.b.0.c") of ROOT, exactly. */
static void expect_figure(const struct csv *c, const json_t *root, const char *path,
                          const char *section, const char *table, const char *group,
                          const char *row, const char *column)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const json_t *j = root;
    for (char *save, *part = strtok_r(buf, ".", &save); part; part = strtok_r(NULL, ".", &save))
        j = json_is_array(j) ? json_array_get(j, strtoul(part, NULL, 10))
                             : json_object_get(j, part);
    if (!json_is_number(j))
        print_error("%s: not a number in the JSON\n", path);
    assert_true(json_is_number(j));
    const char *v = lookup(c, section, table, group, row, column);
    if (!v)
        print_error("no row %s,%s,%s,%s,%s (for %s)\n", section, table, group, row, column, path);
    assert_non_null(v);
    double x;
    assert_true(as_number(v, &x));
    if (x != json_number_value(j))
        print_error("%s: CSV %s, JSON %.17g\n", path, v, json_number_value(j));
    assert_true(x == json_number_value(j));
}

/* ## Every figure of the JSON is in the CSV */

/* A (section, key) and its scalars. */
struct bucket {
    char section[64], key[64];
    double *x;
    size_t n, cap;
    size_t empties, trues, falses;
};

struct buckets {
    struct bucket *b;
    size_t n;
};

static struct bucket *bucket_of(struct buckets *bs, const char *section, const char *key)
{
    for (size_t i = 0; i < bs->n; i++)
        if (!strcmp(bs->b[i].section, section) && !strcmp(bs->b[i].key, key))
            return &bs->b[i];
    bs->b = realloc(bs->b, (bs->n + 1) * sizeof *bs->b);
    assert_non_null(bs->b);
    struct bucket *b = &bs->b[bs->n++];
    memset(b, 0, sizeof *b);
    snprintf(b->section, sizeof b->section, "%s", section);
    snprintf(b->key, sizeof b->key, "%s", key);
    return b;
}

static void bucket_add(struct bucket *b, double x)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->x = realloc(b->x, b->cap * sizeof *b->x);
        assert_non_null(b->x);
    }
    b->x[b->n++] = x;
}

static void buckets_free(struct buckets *bs)
{
    for (size_t i = 0; i < bs->n; i++)
        free(bs->b[i].x);
    free(bs->b);
}

/* Put every scalar under V (reached by KEY, the nearest object key, in
   SECTION) in its bucket. */
static void collect_json(struct buckets *bs, const char *section, const char *key, const json_t *v)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach((json_t *)v, k, m) collect_json(bs, section, k, m);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            collect_json(bs, section, key, json_array_get(v, i));
    } else if (json_is_number(v)) {
        bucket_add(bucket_of(bs, section, key), json_number_value(v));
    } else if (json_is_null(v) || (json_is_string(v) && !json_string_value(v)[0])) {
        bucket_of(bs, section, key)->empties++;
    } else if (json_is_boolean(v)) {
        struct bucket *b = bucket_of(bs, section, key);
        if (json_is_true(v))
            b->trues++;
        else
            b->falses++;
    } else {
        /* Text that reads as a number would be indistinguishable from one in
           the CSV; none of these runs has any but names of list elements
           ("2021" names a wave), which are no values. */
        static const char *const names[] = {"group", "wave", "label", "from", "to"};
        int naming = 0;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            naming |= !strcmp(key, names[i]);
        double x;
        if (as_number(json_string_value(v), &x) && !naming)
            fail_msg("JSON text \"%s\" under %s.%s reads as a number", json_string_value(v),
                     section, key);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmp_row(const void *a, const void *b)
{
    const struct csv_row *x = a, *y = b;
    for (int k = 0; k < VALUE; k++) {
        int c = strcmp(x->f[k], y->f[k]);
        if (c)
            return c;
    }
    return 0;
}

/* Check CSV against ROOT as the header comment says; returns the numbers
   compared. */
static size_t check_complete(const char *name, const json_t *root, const struct csv *c)
{
    /* no two rows name the same figure */
    struct csv_row *sorted = malloc(c->n * sizeof *sorted);
    assert_non_null(sorted);
    memcpy(sorted, c->rows, c->n * sizeof *sorted);
    qsort(sorted, c->n, sizeof *sorted, cmp_row);
    for (size_t i = 1; i < c->n; i++)
        if (!cmp_row(&sorted[i - 1], &sorted[i]))
            fail_msg("%s: two rows %s,%s,%s,%s,%s", name, sorted[i].f[0], sorted[i].f[1],
                     sorted[i].f[2], sorted[i].f[3], sorted[i].f[4]);
    free(sorted);

    struct buckets want = {0}, got = {0};
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v) {
        if (strcmp(key, "tool") && strcmp(key, "version"))
            collect_json(&want, key, key, v);
    }
    for (size_t i = 0; i < c->n; i++) {
        char *const *f = c->rows[i].f;
        assert_string_not_equal(f[SECTION], "tool");
        assert_string_not_equal(f[SECTION], "version");
        double x;
        if (!f[VALUE][0])
            bucket_of(&got, f[SECTION], f[COLUMN])->empties++;
        else if (!strcmp(f[VALUE], "true"))
            bucket_of(&got, f[SECTION], f[COLUMN])->trues++;
        else if (!strcmp(f[VALUE], "false"))
            bucket_of(&got, f[SECTION], f[COLUMN])->falses++;
        else if (as_number(f[VALUE], &x))
            bucket_add(bucket_of(&got, f[SECTION], f[COLUMN]), x);
        if (!strcmp(f[COLUMN], "p_value") && f[VALUE][0] && !as_number(f[VALUE], &x))
            fail_msg("%s: p_value \"%s\" is not a number", name, f[VALUE]);
        if (strstr(f[VALUE], "<0.001") || !strcmp(f[VALUE], "nan") || !strcmp(f[VALUE], "inf"))
            fail_msg("%s: value \"%s\"", name, f[VALUE]);
    }
    size_t numbers = 0, n_got = got.n; /* CSV buckets: each holds a value */
    for (size_t i = 0; i < want.n; i++) {
        struct bucket *w = &want.b[i], *g = bucket_of(&got, w->section, w->key);
        if (w->n)
            qsort(w->x, w->n, sizeof *w->x, cmp_double);
        if (g->n)
            qsort(g->x, g->n, sizeof *g->x, cmp_double);
        if (w->n != g->n || w->empties != g->empties || w->trues != g->trues ||
            w->falses != g->falses)
            fail_msg("%s: %s/%s: JSON %zu numbers, %zu empty, %zu true, %zu false; CSV %zu, %zu, "
                     "%zu, %zu",
                     name, w->section, w->key, w->n, w->empties, w->trues, w->falses, g->n,
                     g->empties, g->trues, g->falses);
        for (size_t k = 0; k < w->n; k++)
            if (w->x[k] != g->x[k])
                fail_msg("%s: %s/%s: JSON %.17g, CSV %.17g", name, w->section, w->key, w->x[k],
                         g->x[k]);
        numbers += w->n;
    }
    /* and nothing in the CSV that the JSON does not hold */
    assert_int_equal(n_got, want.n);
    print_message("%s: %zu rows, %zu numbers equal to the JSON's in %zu (section, key) pairs\n",
                  name, c->n, numbers, want.n);
    buckets_free(&want);
    buckets_free(&got);
    return numbers;
}

/* Rows with column KEY; and the JSON's members named KEY. */
static size_t csv_count(const struct csv *c, const char *column)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += !strcmp(c->rows[i].f[COLUMN], column);
    return n;
}

static size_t json_count(const json_t *v, const char *key)
{
    size_t n = 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach((json_t *)v, k, m) n += !strcmp(k, key) + json_count(m, key);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            n += json_count(json_array_get(v, i), key);
    }
    return n;
}

static void check_findings(const json_t *root, const struct csv *c)
{
    const json_t *f = json_object_get(root, "findings");
    assert_true(json_array_size(f) > 0);
    for (size_t i = 0; i < json_array_size(f); i++) {
        char pos[32];
        snprintf(pos, sizeof pos, "%zu", i + 1);
        const char *v = lookup(c, "findings", "", "", pos, "findings");
        assert_non_null(v);
        assert_string_equal(v, json_string_value(json_array_get(f, i)));
    }
    assert_int_equal(csv_count(c, "findings"), json_array_size(f));
}

/* ## The report */

static void test_report(void **state)
{
    (void)state;
    json_t *root = report_root("samples/boli-2024.csv");
    char *text = to_csv(root);
    struct csv c = parse_csv(text);
    assert_true(check_complete("report boli-2024", root, &c) > 800);

    /* the tests, by their JSON keys */
    expect_figure(&c, root, "participation.test_age_group.chi_square", "participation",
                  "test_age_group", "", "", "chi_square");
    expect_figure(&c, root, "participation.test_age_group.df", "participation", "test_age_group",
                  "", "", "df");
    expect_figure(&c, root, "participation.test_age_group.p_value", "participation",
                  "test_age_group", "", "", "p_value");
    expect_figure(&c, root, "participation.test_age_group.cramers_v", "participation",
                  "test_age_group", "", "", "cramers_v");
    expect_figure(&c, root, "participation.test_age_group.linear_by_linear.statistic",
                  "participation", "test_age_group.linear_by_linear", "", "", "statistic");
    expect_figure(&c, root, "participation.test_age_group.linear_by_linear.p_value",
                  "participation", "test_age_group.linear_by_linear", "", "", "p_value");
    expect_figure(&c, root, "participation.test_age_group.adjusted_residuals.5", "participation",
                  "test_age_group", "", "70+", "adjusted_residuals");
    expect_figure(&c, root, "satisfaction.scales.0.test_community.kruskal_wallis", "satisfaction",
                  "scales.test_community", "", "services", "kruskal_wallis");
    expect_figure(&c, root, "satisfaction.scales.0.test_community.df", "satisfaction",
                  "scales.test_community", "", "services", "df");
    expect_figure(&c, root, "trust.scales.1.test_age_group.kruskal_wallis", "trust",
                  "scales.test_age_group", "", "institutional", "kruskal_wallis");
    expect_figure(&c, root, "association.logistic.n", "association", "logistic", "", "", "n");
    expect_figure(&c, root, "association.logistic.terms.0.or_ci_low", "association",
                  "logistic.terms", "", "(intercept)", "or_ci_low");
    expect_figure(&c, root, "association.spearman.0.rho", "association", "spearman", "",
                  "services", "rho");
    /* rows and groups: an age group, a community in a scale, an item's level */
    expect_figure(&c, root, "participation.by_age_group.0.ci_low", "participation",
                  "by_age_group", "", "18-29", "ci_low");
    expect_figure(&c, root, "participation.by_age_group.0.ci_high", "participation",
                  "by_age_group", "", "18-29", "ci_high");
    expect_figure(&c, root, "satisfaction.scales.0.by_community.0.mean", "satisfaction",
                  "scales.by_community", "services", "Chang'an", "mean");
    expect_figure(&c, root, "satisfaction.scales.0.item_total.0", "satisfaction", "scales",
                  "services", "sat_environment", "item_total");
    expect_figure(&c, root, "satisfaction.items.0.distribution.4", "satisfaction", "items",
                  "sat_environment", "5", "distribution");
    expect_figure(&c, root, "participation.barriers.by_age_group.0.categories.0.share",
                  "participation", "barriers.by_age_group.categories", "18-29", "No time",
                  "share");
    assert_string_equal(lookup(&c, "participation", "activities", "", "act_council", "label_en"),
                        "Residents' council or consultation meetings");
    assert_string_equal(lookup(&c, "association", "logistic", "", "", "converged"), "true");

    /* every interval bound, and the p-values unrounded */
    assert_int_equal(csv_count(&c, "ci_low"), json_count(root, "ci_low"));
    assert_int_equal(csv_count(&c, "ci_high"), json_count(root, "ci_high"));
    assert_true(csv_count(&c, "ci_low") >= 40);
    assert_int_equal(csv_count(&c, "p_value"), json_count(root, "p_value"));
    assert_string_equal(lookup(&c, "participation", "test_age_group", "", "", "p_value"),
                        "8.565062662059372e-31");
    check_findings(root, &c);

    csv_free(&c);
    free(text);
    json_decref(root);
}

/* ## The comparison */

static void test_compare_three_waves(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/compare-2023.csv",
                                        "tests/data/compare-2021.csv",
                                        "tests/data/compare-2022.csv", NULL};
    json_t *root = compare_root("18-34,35-59,60-", files);
    char *text = to_csv(root);
    struct csv c = parse_csv(text);
    assert_true(check_complete("compare 2021-2023", root, &c) > 700);

    /* waves by their labels, changes as FROM→TO */
    expect_figure(&c, root, "participation.by_wave.0.rate", "participation", "by_wave", "", "2021",
                  "rate");
    expect_figure(&c, root, "participation.changes.1.z", "participation", "changes", "",
                  "2022→2023", "z");
    expect_figure(&c, root, "participation.by_age_group.2.changes.0.p_value", "participation",
                  "by_age_group.changes", "60+", "2021→2022", "p_value");
    expect_figure(&c, root, "scales.0.changes.1.t", "scales", "changes", "services", "2022→2023",
                  "t");
    expect_figure(&c, root, "scales.0.changes.1.df", "scales", "changes", "services", "2022→2023",
                  "df");
    expect_figure(&c, root, "scales.0.changes.1.ci_high", "scales", "changes", "services",
                  "2022→2023", "ci_high");
    expect_figure(&c, root, "items.0.changes.1.top2.p_value", "items", "changes.top2",
                  "sat_environment", "2022→2023", "p_value");
    /* a question the first wave did not ask: asked false, its figures empty */
    assert_string_equal(lookup(&c, "items", "by_wave", "sat_digital", "2021", "asked"), "false");
    assert_string_equal(lookup(&c, "items", "by_wave", "sat_digital", "2021", "mean"), "");
    assert_string_equal(lookup(&c, "items", "changes", "sat_digital", "2021→2022", "t"), "");
    assert_string_equal(lookup(&c, "waves", "", "2021", "2", "not_asked"), "sat_digital");

    assert_int_equal(csv_count(&c, "ci_low"), json_count(root, "ci_low"));
    assert_int_equal(csv_count(&c, "ci_high"), json_count(root, "ci_high"));
    assert_int_equal(csv_count(&c, "t"), json_count(root, "t"));
    assert_true(csv_count(&c, "t") > 0);
    check_findings(root, &c);

    csv_free(&c);
    free(text);
    json_decref(root);
}

static void test_compare_boli(void **state)
{
    (void)state;
    static const char *const files[] = {"samples/boli-2023.csv", "samples/boli-2024.csv", NULL};
    json_t *root = compare_root(SURVEY_DEFAULT_BANDS, files);
    char *text = to_csv(root);
    struct csv c = parse_csv(text);
    assert_true(check_complete("compare boli 2023-2024", root, &c) > 500);
    expect_figure(&c, root, "participation.changes.0.difference", "participation", "changes", "",
                  "2023→2024", "difference");
    check_findings(root, &c);
    csv_free(&c);
    free(text);
    json_decref(root);
}

/* ## The mapping, byte for byte */

static void test_mapping(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *root = json_loads(
        "{\"tool\": \"canyu\", \"version\": \"0\","
        " \"age_bands\": [\"18-29\", \"30+\"],"
        " \"s\": {\"n\": 3, \"x\": 0.3, \"neg0\": -0.0, \"tiny\": 1e-300,"
        "        \"big\": 9007199254740993,"
        "        \"third\": 0.33333333333333331, \"none\": null, \"ok\": true, \"no\": false,"
        "        \"empty\": [], \"nothing\": {}, \"adjusted_residuals\": [1.5, -1.5],"
        "        \"by\": [{\"group\": \"a,\\\"b\\\"\\nc\", \"rate\": 0.5},"
        "               {\"group\": \"d\", \"rate\": 0.25}],"
        "        \"same\": [{\"group\": \"x\", \"v\": 1}, {\"group\": \"x\", \"v\": 2}],"
        "        \"changes\": [{\"from\": \"2021\", \"to\": \"2022\", \"z\": 1}],"
        "        \"scales\": [{\"scale\": \"k\", \"items\": [\"i1\", \"i2\"],"
        "                      \"item_total\": [0.1, 0.2], \"eigenvalues\": [2, 0.5],"
        "                      \"loadings\": [[0.7], [0.6]],"
        "                      \"deep\": [{\"group\": \"g\","
        "                                 \"cells\": [{\"category\": \"c\", \"n\": 1}]}]}]},"
        " \"list\": [{\"label\": \"w1\", \"files\": [\"f.csv\"]}],"
        " \"findings\": [\"One, two.\"]}",
        0, &jerr);
    assert_non_null(root);
    char *text = to_csv(root);
    static const char want[] =
        "\xEF\xBB\xBF"
        "section,table,group,row,column,value\n"
        "age_bands,,,1,age_bands,18-29\n"
        "age_bands,,,2,age_bands,30+\n"
        "s,,,,n,3\n"
        "s,,,,x,0.3\n"
        "s,,,,neg0,0\n"
        "s,,,,tiny,1e-300\n"
        "s,,,,big,9007199254740993\n"
        "s,,,,third,0.3333333333333333\n"
        "s,,,,none,\n"
        "s,,,,ok,true\n"
        "s,,,,no,false\n"
        "s,,,18-29,adjusted_residuals,1.5\n"
        "s,,,30+,adjusted_residuals,-1.5\n"
        "s,by,,\"a,\"\"b\"\"\nc\",rate,0.5\n"
        "s,by,,d,rate,0.25\n"
        "s,same,,1,group,x\n"
        "s,same,,1,v,1\n"
        "s,same,,2,group,x\n"
        "s,same,,2,v,2\n"
        "s,changes,,2021→2022,z,1\n"
        "s,scales,k,1,items,i1\n"
        "s,scales,k,2,items,i2\n"
        "s,scales,k,i1,item_total,0.1\n"
        "s,scales,k,i2,item_total,0.2\n"
        "s,scales,k,1,eigenvalues,2\n"
        "s,scales,k,2,eigenvalues,0.5\n"
        "s,scales[k],i1,1,loadings,0.7\n"
        "s,scales[k],i2,1,loadings,0.6\n"
        "s,scales[k].deep.cells,g,c,n,1\n"
        "list,,w1,1,files,f.csv\n"
        "findings,,,1,findings,\"One, two.\"\n";
    if (strcmp(text, want))
        print_error("got:\n%s\n", text);
    assert_string_equal(text, want);
    free(text);
    json_decref(root);
}

static void test_errors(void **state)
{
    (void)state;
    json_t *a = json_array();
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(report_csv_results(a, f), -1);
    assert_int_equal(report_csv_results(NULL, f), -1);
    fclose(f);
    json_decref(a);
    /* a full disk is an error, not a short table */
    json_t *root = report_root("samples/boli-2024.csv");
    f = fopen("/dev/full", "w");
    if (f) {
        assert_int_equal(report_csv_results(root, f), -1);
        fclose(f);
    }
    json_decref(root);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_compare_three_waves),
        cmocka_unit_test(test_compare_boli),
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
