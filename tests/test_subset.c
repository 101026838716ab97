/* test_subset.c — survey_subset(): some respondents of loaded surveys as a
 * survey of their own.
 *
 * Every cell of a subset is its respondent's cell in the survey it came
 * from (codes, numeric answers, weights, durations), in the order asked;
 * the weights and durations are left out when asked.  A subset pooling
 * surveys loaded one file each analyses exactly as one survey loaded from
 * all those files: the JSON of both, but for its "input" account, is equal
 * (the Boli samples of 2023 and 2024; and a questionnaire of canyu's own
 * split in two, whose questions without values found their categories in
 * each half apart).  Categories merged from several surveys follow the
 * loader's rule; the errors are named.
 *
 * Run from the repository root (the data are read by relative path).
 */
#include "survey/survey.h"
#include "analysis/analysis.h"
#include "report/json.h"

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

static struct survey_codebook *codebook_file(const char *path)
{
    struct survey_error err = {0};
    struct survey_codebook *cb =
        path ? survey_codebook_load(path, &err) : survey_codebook_default(&err);
    if (!cb)
        fail_msg("codebook: %s", err.message);
    return cb;
}

static struct survey_codebook *codebook_text(const char *text)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(text, strlen(text), "cb.csv", &err);
    if (!cb)
        fail_msg("codebook: %s", err.message);
    return cb;
}

/* Load the files PATHS[0..N) into one survey (TEXTS[i] not NULL: that text
   in memory, named PATHS[i]). */
static struct survey *load(const struct survey_codebook *cb, const char *const *paths,
                           const char *const *texts, size_t n)
{
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    struct survey_error err = {0};
    for (size_t i = 0; i < n; i++) {
        int rc = texts && texts[i]
                     ? survey_load_mem(s, paths[i], texts[i], strlen(texts[i]), NULL, &err)
                     : survey_load_file(s, paths[i], NULL, &err);
        if (rc < 0)
            fail_msg("%s: %s", paths[i], err.message);
    }
    assert_int_equal(survey_finish(s, NULL), 0);
    return s;
}

static struct survey *subset(const struct survey_pick *picks, size_t n, unsigned flags)
{
    struct survey_error err = {0};
    struct survey *sub = survey_subset(picks, n, flags, &err);
    if (!sub)
        fail_msg("survey_subset: %s", err.message);
    return sub;
}

/* The JSON of S's report without its "input" account, as text. */
static char *report_json(const struct survey *s)
{
    struct survey_bands bands;
    struct survey_error err = {0};
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    if (!r)
        fail_msg("stats_analyse: %s", err.message);
    json_t *root = report_json_report(r, REPORT_LANG_EN, "test");
    assert_non_null(root);
    assert_int_equal(json_object_del(root, "input"), 0);
    char *text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(1) | JSON_REAL_PRECISION(17));
    assert_non_null(text);
    json_decref(root);
    stats_results_free(r);
    survey_bands_free(&bands);
    return text;
}

static void assert_same_report(const struct survey *a, const struct survey *b)
{
    char *x = report_json(a), *y = report_json(b);
    if (strcmp(x, y)) {
        size_t i = 0;
        while (x[i] == y[i])
            i++;
        size_t from = i > 200 ? i - 200 : 0;
        fail_msg("the reports differ at byte %zu:\n%.300s\n--- against ---\n%.300s", i, x + from,
                 y + from);
    }
    free(x);
    free(y);
}

/* Every cell of SUB's respondents AT.. is that of FROM's respondents ROWS
   (NULL: all), weights and durations when SUB has them. */
static void assert_cells(const struct survey *sub, size_t at, const struct survey *from,
                         const size_t *rows, size_t n)
{
    if (!rows)
        n = from->n;
    assert_true(at + n <= sub->n);
    assert_int_equal(sub->n_vars, from->n_vars);
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        for (size_t j = 0; j < sub->n_vars; j++) {
            assert_string_equal(sub->vars[j].name, from->vars[j].name);
            assert_int_equal(sub->vars[j].v[at + i], from->vars[j].v[r]);
            if (from->vars[j].d) {
                assert_non_null(sub->vars[j].d);
                double x = sub->vars[j].d[at + i], y = from->vars[j].d[r];
                assert_true(x == y || (isnan(x) && isnan(y)));
            }
        }
        if (sub->weight)
            assert_true(sub->weight[at + i] == from->weight[r] ||
                        (isnan(sub->weight[at + i]) && isnan(from->weight[r])));
        if (sub->duration)
            assert_true(sub->duration[at + i] == from->duration[r] ||
                        (isnan(sub->duration[at + i]) && isnan(from->duration[r])));
    }
}

/* ## Cells */

static void test_rows_and_flags(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook_file("tests/data/weighted-codebook.csv");
    const char *path = "tests/data/weighted.csv";
    struct survey *s = load(cb, &path, NULL, 1);
    assert_non_null(s->weight);
    assert_non_null(s->duration);
    assert_true(s->n > 100);
    /* Every third respondent backwards, and the first twice. */
    size_t rows[300], n = 0;
    for (size_t i = s->n; i-- > 0 && n < 299;)
        if (i % 3 == 1)
            rows[n++] = i;
    rows[n++] = 0;
    rows[n++] = 0;
    struct survey_pick pick = {s, rows, n};
    struct survey *sub = subset(&pick, 1, 0);
    assert_int_equal(sub->n, n);
    assert_int_equal(sub->rows_read, (long)n);
    assert_int_equal(sub->rows_loaded, (long)n);
    assert_int_equal(sub->rows_excluded, 0);
    assert_int_equal(sub->n_files, 0);
    assert_int_equal(sub->n_problems, 0);
    assert_ptr_equal(sub->cb, cb);
    assert_non_null(sub->weight);
    assert_non_null(sub->duration);
    assert_cells(sub, 0, s, rows, n);
    /* Finished: survey_finish leaves it as it is. */
    assert_int_equal(survey_finish(sub, NULL), 0);
    assert_int_equal(sub->n, n);
    assert_int_equal(sub->speeders, 0);

    struct survey *bare = subset(&pick, 1, SURVEY_SUBSET_NO_WEIGHTS | SURVEY_SUBSET_NO_DURATIONS);
    assert_null(bare->weight);
    assert_null(bare->duration);
    assert_cells(bare, 0, s, rows, n);
    struct survey *nodur = subset(&pick, 1, SURVEY_SUBSET_NO_DURATIONS);
    assert_non_null(nodur->weight);
    assert_null(nodur->duration);

    /* Weighted or not, as asked. */
    struct survey_bands bands;
    struct survey_error err = {0};
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *rw = stats_analyse(sub, &bands, NULL, &err);
    struct an_results *ru = stats_analyse(bare, &bands, NULL, &err);
    assert_non_null(rw);
    assert_non_null(ru);
    assert_int_equal(rw->weighting, AN_WEIGHT_COLUMN);
    assert_int_equal(ru->weighting, AN_WEIGHT_NONE);
    stats_results_free(rw);
    stats_results_free(ru);
    survey_bands_free(&bands);

    /* All of them, and none. */
    struct survey_pick all = {s, NULL, 12345};
    struct survey *whole = subset(&all, 1, 0);
    assert_int_equal(whole->n, s->n);
    assert_cells(whole, 0, s, NULL, 0);
    assert_same_report(whole, s);
    struct survey_pick none = {s, rows, 0};
    struct survey *empty = subset(&none, 1, 0);
    assert_int_equal(empty->n, 0);

    /* The subset stands alone. */
    survey_free(s);
    assert_string_equal(sub->vars[0].name, "year");
    survey_free(sub);
    survey_free(bare);
    survey_free(nodur);
    survey_free(whole);
    survey_free(empty);
    survey_codebook_free(cb);
}

/* ## Pooling: as if loaded together */

static void test_pool_boli(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook_file(NULL);
    const char *paths[] = {"samples/boli-2023.csv", "samples/boli-2024.csv"};
    struct survey *a = load(cb, &paths[0], NULL, 1), *b = load(cb, &paths[1], NULL, 1);
    struct survey *both = load(cb, paths, NULL, 2);
    struct survey_pick picks[] = {{a, NULL, 0}, {b, NULL, 0}};
    struct survey *sub = subset(picks, 2, 0);
    assert_int_equal(sub->n, a->n + b->n);
    assert_int_equal(sub->n, both->n);
    assert_cells(sub, 0, a, NULL, 0);
    assert_cells(sub, a->n, b, NULL, 0);
    assert_cells(sub, 0, both, NULL, 0);
    assert_same_report(sub, both);
    survey_free(sub);
    survey_free(both);
    survey_free(a);
    survey_free(b);
    survey_codebook_free(cb);
}

/* The text of lines FROM..TO (from 1, the header being line 0) of PATH,
   after its header. */
static char *lines_of(const char *path, int from, int to)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *out = NULL, line[4096];
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    for (int k = 0; fgets(line, sizeof line, f); k++)
        if (k == 0 || (k >= from && k <= to))
            fputs(line, m);
    fclose(f);
    fclose(m);
    return out;
}

static void test_pool_found_categories(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook_file("tests/data/any-codebook.csv");
    const char *path = "tests/data/any-data.csv";
    struct survey *whole = load(cb, &path, NULL, 1);
    assert_int_equal(whole->rows_excluded, 0);
    assert_int_equal(whole->n, 90);
    char *first = lines_of(path, 1, 40), *second = lines_of(path, 41, 90);
    const char *names[] = {"a.csv"};
    const char *t1[] = {first}, *t2[] = {second};
    struct survey *a = load(cb, names, t1, 1), *b = load(cb, names, t2, 1);
    struct survey_pick picks[] = {{a, NULL, 0}, {b, NULL, 0}};
    struct survey *sub = subset(picks, 2, 0);
    assert_int_equal(sub->n, 90);
    /* The halves found their categories apart, and the same as the whole. */
    const struct survey_var *vw = survey_var_by_name(whole, "住房");
    const struct survey_var *vs = survey_var_by_name(sub, "住房");
    assert_true(vw->from_data && vs->from_data);
    assert_int_equal(vs->n_values, vw->n_values);
    for (size_t k = 0; k < vw->n_values; k++) {
        assert_int_equal(vs->values[k].code, vw->values[k].code);
        assert_string_equal(vs->values[k].text, vw->values[k].text);
    }
    assert_cells(sub, 0, whole, NULL, 0);
    assert_same_report(sub, whole);
    survey_free(a);
    survey_free(b);
    assert_cells(sub, 0, whole, NULL, 0);
    survey_free(sub);
    survey_free(whole);
    free(first);
    free(second);
    survey_codebook_free(cb);
}

/* Two surveys' categories of a question without values, merged. */
static void test_merge_rule(void **state)
{
    (void)state;
    struct survey_codebook *cb =
        codebook_text("column,role,missing\nid,id,\nq,single,\nn,single,-1\n");
    const char *names[] = {"a.csv"};
    const char *ta[] = {"id,q,n\n1,b,3\n2,a,1\n3,b,-1\n4,,3\n"};
    const char *tb[] = {"id,q,n\n1,c,2\n2,a,03\n3,c,1\n"};
    struct survey *a = load(cb, names, ta, 1), *b = load(cb, names, tb, 1);
    struct survey_pick picks[] = {{a, NULL, 0}, {b, NULL, 0}};
    struct survey *sub = subset(picks, 2, 0);
    assert_int_equal(sub->n, 7);

    /* Texts: first appearance over the surveys in turn, coded 1, 2, ... */
    const struct survey_var *q = survey_var_by_name(sub, "q");
    assert_int_equal(q->n_values, 3);
    const char *want_q[] = {"b", "a", "c"};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(q->values[k].code, k + 1);
        assert_string_equal(q->values[k].text, want_q[k]);
    }
    const int16_t q_cells[] = {1, 2, 1, SURVEY_MISSING, 3, 2, 3};
    for (int i = 0; i < 7; i++)
        assert_int_equal(q->v[i], q_cells[i]);

    /* Numbers: numeric order coded by themselves, "03" being 3. */
    const struct survey_var *n = survey_var_by_name(sub, "n");
    assert_int_equal(n->n_values, 3);
    for (int k = 0; k < 3; k++)
        assert_int_equal(n->values[k].code, k + 1);
    assert_string_equal(n->values[2].text, "3");
    const int16_t n_cells[] = {3, 1, SURVEY_MISSING, 3, 2, 3, 1};
    for (int i = 0; i < 7; i++)
        assert_int_equal(n->v[i], n_cells[i]);

    /* One survey: its categories as they are. */
    struct survey *only = subset(&picks[1], 1, 0);
    const struct survey_var *qb = survey_var_by_name(b, "q"), *qo = survey_var_by_name(only, "q");
    assert_int_equal(qo->n_values, qb->n_values);
    for (size_t k = 0; k < qb->n_values; k++) {
        assert_int_equal(qo->values[k].code, qb->values[k].code);
        assert_string_equal(qo->values[k].text, qb->values[k].text);
    }
    assert_cells(only, 0, b, NULL, 0);
    survey_free(only);
    survey_free(sub);
    survey_free(a);
    survey_free(b);
    survey_codebook_free(cb);
}

/* ## Errors */

static void test_errors(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook_text("column,role\nid,id\nq,single\n");
    struct survey_codebook *cb2 = codebook_text("column,role\nid,id\nq,single\n");
    const char *names[] = {"a.csv"};
    const char *t[] = {"id,q\n1,x\n2,y\n"};
    struct survey *a = load(cb, names, t, 1), *b = load(cb2, names, t, 1);
    struct survey_error err = {0};

    assert_null(survey_subset(NULL, 0, 0, &err));
    assert_int_equal(err.code, SURVEY_ERR_EMPTY);

    struct survey_pick two[] = {{a, NULL, 0}, {b, NULL, 0}};
    memset(&err, 0, sizeof err);
    assert_null(survey_subset(two, 2, 0, &err));
    assert_int_equal(err.code, SURVEY_ERR_HEADER);
    assert_non_null(strstr(err.message, "different codebooks"));

    size_t rows[] = {1, 2};
    struct survey_pick beyond = {a, rows, 2};
    memset(&err, 0, sizeof err);
    assert_null(survey_subset(&beyond, 1, 0, &err));
    assert_int_equal(err.code, SURVEY_ERR_LIMIT);

    /* A NULL error struct is allowed. */
    assert_null(survey_subset(&beyond, 1, 0, NULL));
    survey_free(a);
    survey_free(b);
    survey_codebook_free(cb);
    survey_codebook_free(cb2);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_flags),
        cmocka_unit_test(test_pool_boli),
        cmocka_unit_test(test_pool_found_categories),
        cmocka_unit_test(test_merge_rule),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
