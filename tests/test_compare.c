/* test_compare.c — `canyu compare`: waves, changes and their rendering.
 *
 * Against R: the JSON of two runs is built through the library exactly as
 * `canyu compare -f json` builds it (each file loaded into its own survey
 * with absent_columns_ok, stats_compare(), report_json_compare()) and walked
 * against a fixture written by tests/reference/compare.R: every number at
 * relative tolerance 1e-9 (absolute 1e-12 near zero), null against null,
 * strings, booleans, array lengths, and every key both ways.  The runs:
 * samples/boli-2023.csv and boli-2024.csv; and three waves that R generated
 * itself (tests/data/compare-202[123].csv, given out of order, two of them
 * lacking questions, with --age-bands 18-34,35-59,60-).
 *
 * Then the forming of waves: one file holding two years gives the same
 * figures as two files; two files of one year are pooled; waves without a
 * year are named after their files and kept in the order given; every
 * mismatch that is not a "not asked" question is an error with its file.
 * Then edge cases on tiny surveys (a question not asked in the middle wave,
 * a wave with no respondents, intervals cut at ±1 in tiny groups), and the
 * rendering: ▲/▼ marks only on significant changes, ASCII without box or
 * block characters, tables whose lines all have one width, CSV without marks.
 *
 * Run from the repository root (the data are read by relative path).
 */
#include "report/compare.h"
#include "report/json.h"
#include "analysis/compare.h"
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

#define REL 1e-9
#define ABS 1e-12

/* ## Running a comparison through the library */

struct run {
    struct survey_codebook *cb;
    struct survey_bands bands;
    struct survey **s;
    size_t n;
    struct cmp_results *c;
    struct survey_error err;
};

static struct survey_codebook *codebook_from(const char *text)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = text ? survey_codebook_parse(text, strlen(text), "test-codebook", &err)
                                      : survey_codebook_default(&err);
    if (!cb)
        print_error("codebook: %s\n", err.message);
    assert_non_null(cb);
    return cb;
}

/* Start a run with codebook CB (taken over) and bands BANDS. */
static void run_init(struct run *r, struct survey_codebook *cb, const char *bands)
{
    memset(r, 0, sizeof *r);
    r->cb = cb;
    assert_int_equal(survey_bands_parse(bands, &r->bands, &r->err), 0);
    r->s = calloc(16, sizeof *r->s);
    assert_non_null(r->s);
}

static const struct survey_load_opts waves_opts = {.absent_columns_ok = 1};

/* Add a file (TEXT NULL: read PATH; else TEXT in memory named PATH). */
static void run_add(struct run *r, const char *path, const char *text)
{
    assert_true(r->n < 16);
    struct survey *s = survey_new(r->cb);
    assert_non_null(s);
    int rc = text ? survey_load_mem(s, path, text, strlen(text), &waves_opts, &r->err)
                  : survey_load_file(s, path, &waves_opts, &r->err);
    if (rc)
        print_error("%s: %s\n", path, r->err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(s, &waves_opts), 0);
    r->s[r->n++] = s;
}

/* Compare; NULL (with r->err) when stats_compare refuses. */
static struct cmp_results *run_compare(struct run *r)
{
    r->c = stats_compare((const struct survey *const *)r->s, r->n, &r->bands, &r->err);
    return r->c;
}

static void run_free(struct run *r)
{
    stats_compare_free(r->c);
    for (size_t i = 0; i < r->n; i++)
        survey_free(r->s[i]);
    free(r->s);
    survey_bands_free(&r->bands);
    survey_codebook_free(r->cb);
}

/* The JSON of `canyu compare -f json` but "tool", "version" and "findings",
   through text and back as a reader would parse it. */
static json_t *compare_json(const struct cmp_results *c)
{
    json_t *root = report_json_compare(c, REPORT_LANG_ZH, "test");
    assert_non_null(root);
    assert_int_equal(json_object_del(root, "tool"), 0);
    assert_int_equal(json_object_del(root, "version"), 0);
    assert_int_equal(json_object_del(root, "findings"), 0);
    char *text = json_dumps(root, JSON_REAL_PRECISION(17));
    assert_non_null(text);
    json_decref(root);
    json_error_t jerr;
    root = json_loads(text, 0, &jerr);
    assert_non_null(root);
    free(text);
    return root;
}

/* Read a whole file into a new NUL-terminated string. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len + 65536 + 1 > cap) {
            cap = 2 * cap + 65536 + 1;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        got = fread(buf + len, 1, 65536, f);
        len += got;
    } while (got > 0);
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* ## Comparing with a fixture (as in test_analysis.c) */

#include "tests/json_walk.h"

/* Walk GOT (taken over) against the fixture FIXTURE; with WITHOUT_FILES,
   leave out what names the input files ("input", every wave's "files").
   Returns the numbers compared. */
static size_t check_against(const char *name, const char *fixture, json_t *got, int without_files)
{
    json_error_t jerr;
    json_t *want = json_load_file(fixture, 0, &jerr);
    if (!want)
        print_error("%s: %s; regenerate with Rscript tests/reference/compare.R\n", fixture, jerr.text);
    assert_non_null(want);
    if (without_files) {
        json_t *docs[2] = {want, got};
        for (int k = 0; k < 2; k++) {
            json_object_del(docs[k], "input");
            json_t *waves = json_object_get(docs[k], "waves");
            for (size_t i = 0; i < json_array_size(waves); i++)
                json_object_del(json_array_get(waves, i), "files");
        }
    }
    char path[1024] = "";
    struct walk w = {0};
    walk(want, got, path, sizeof path, &w);
    print_message("%s: %zu numbers, %zu nulls and %zu strings/booleans compared with R, %zu "
                  "mismatches; largest relative difference %.2g (%s)\n",
                  name, w.numbers, w.nulls, w.others, w.mismatches, w.max_rel,
                  w.max_path[0] ? w.max_path : "-");
    json_decref(want);
    json_decref(got);
    assert_int_equal(w.mismatches, 0);
    return w.numbers;
}

#define DEFAULT_BANDS "18-29,30-39,40-49,50-59,60-69,70-"

/* ## Against R */

static void test_boli_against_r(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, codebook_from(NULL), DEFAULT_BANDS);
    run_add(&r, "samples/boli-2023.csv", NULL);
    run_add(&r, "samples/boli-2024.csv", NULL);
    assert_non_null(run_compare(&r));
    assert_true(check_against("boli 2023-2024", "tests/reference/compare-boli.json",
                              compare_json(r.c), 0) > 500);
    run_free(&r);
}

static void test_unseen_against_r(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, codebook_from(NULL), "18-34,35-59,60-");
    run_add(&r, "tests/data/compare-2023.csv", NULL);
    run_add(&r, "tests/data/compare-2021.csv", NULL);
    run_add(&r, "tests/data/compare-2022.csv", NULL);
    assert_non_null(run_compare(&r));
    /* chronological, whatever the order given */
    assert_int_equal(r.c->n_waves, 3);
    assert_string_equal(r.c->waves[0].label, "2021");
    assert_string_equal(r.c->waves[2].label, "2023");
    assert_int_equal(r.c->waves[0].n_not_asked, 2);
    assert_true(r.c->activities_differ);
    assert_true(check_against("R's own waves 2021-2023", "tests/reference/compare-unseen.json",
                              compare_json(r.c), 0) > 700);
    run_free(&r);
}

/* ## Forming waves */

/* boli-2023 and boli-2024 in one file: the same figures as two files. */
static void test_one_file_two_years(void **state)
{
    (void)state;
    char *a = slurp("samples/boli-2023.csv"), *b = slurp("samples/boli-2024.csv");
    char *body = strchr(b, '\n') + 1; /* without its header */
    char *both = malloc(strlen(a) + strlen(body) + 1);
    assert_non_null(both);
    strcpy(both, a);
    strcat(both, body);
    struct run r;
    run_init(&r, codebook_from(NULL), DEFAULT_BANDS);
    run_add(&r, "both.csv", both);
    assert_non_null(run_compare(&r));
    assert_int_equal(r.c->n_waves, 2);
    assert_string_equal(r.c->waves[0].label, "2023");
    assert_int_equal(r.c->waves[0].n_files, 1);
    assert_string_equal(r.c->waves[1].files[0], "both.csv");
    check_against("one file, two years", "tests/reference/compare-boli.json", compare_json(r.c), 1);
    run_free(&r);
    free(a);
    free(b);
    free(both);
}

/* boli-2024 split in two files of the same year: pooled into one wave. */
static void test_same_year_pooled(void **state)
{
    (void)state;
    char *b = slurp("samples/boli-2024.csv");
    char *body = strchr(b, '\n') + 1;
    size_t header = (size_t)(body - b);
    char *mid = body;
    for (int k = 0; k < 500; k++)
        mid = strchr(mid, '\n') + 1;
    char *first = strndup(b, (size_t)(mid - b));
    char *second = malloc(header + strlen(mid) + 1);
    assert_non_null(first);
    assert_non_null(second);
    memcpy(second, b, header);
    strcpy(second + header, mid);
    struct run r;
    run_init(&r, codebook_from(NULL), DEFAULT_BANDS);
    run_add(&r, "2024-part1.csv", first);
    run_add(&r, "samples/boli-2023.csv", NULL);
    run_add(&r, "2024-part2.csv", second);
    assert_non_null(run_compare(&r));
    assert_int_equal(r.c->n_waves, 2);
    assert_string_equal(r.c->waves[1].label, "2024");
    assert_int_equal(r.c->waves[1].n_files, 2);
    assert_true(r.c->waves[1].n == 1200);
    check_against("one year in two files", "tests/reference/compare-boli.json", compare_json(r.c), 1);
    run_free(&r);
    free(b);
    free(first);
    free(second);
}

/* The default codebook without its year row. */
static char *codebook_without_year(void)
{
    size_t len;
    const char *text = survey_codebook_default_text(&len);
    char *out = malloc(len + 1), *o = out;
    assert_non_null(out);
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        if (strncmp(line, "year,", 5)) {
            memcpy(o, line, n);
            o += n;
        }
        line += n;
    }
    *o = '\0';
    return out;
}

static void test_file_labels_in_order_given(void **state)
{
    (void)state;
    char *cbtext = codebook_without_year();
    struct run r;
    run_init(&r, codebook_from(cbtext), DEFAULT_BANDS);
    free(cbtext);
    run_add(&r, "samples/boli-2024.csv", NULL);
    run_add(&r, "samples/boli-2023.csv", NULL);
    assert_non_null(run_compare(&r));
    assert_string_equal(r.c->waves[0].label, "boli-2024");
    assert_string_equal(r.c->waves[1].label, "boli-2023");
    assert_false(r.c->waves[0].has_year);
    /* 2024 first: every change has the opposite sign of the fixture's */
    assert_true(r.c->overall.change[0].difference < 0);
    json_t *j = compare_json(r.c);
    assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "waves"), 0), "year")));
    json_decref(j);
    run_free(&r);
}

/* ## Tiny surveys */

static const char tiny_codebook[] =
    "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
    "id,id,编号,ID,,,,,,\n"
    "year,year,年份,Year,,2000,2100,,,\n"
    "community,community,社区,Community,,,,,,1=甲社区;2=乙社区\n"
    "gender,gender,性别,Gender,,,,,,1=男;2=女\n"
    "age,age,年龄,Age,,16,100,,,\n"
    "party,party_member,党员,Party member,,,,,,0=否;1=是\n"
    "act_a,participation,活动A,Activity A,,,,,9,1=是;0=否\n"
    "act_b,participation,活动B,Activity B,,,,,9,1=是;0=否\n"
    "sat_a,satisfaction,满意A,Satisfaction A,svc,1,5,,9,\n"
    "sat_b,satisfaction,满意B,Satisfaction B,svc,1,5,,9,\n"
    "note,text,备注,Note,,,,,,\n";

#define TINY_HEADER "id,year,community,gender,age,party,act_a,act_b,sat_a,sat_b,note\n"

/* N varied respondents of YEAR, ids from FIRST: CSV text in BUF. */
static const char *tiny_wave(char *buf, size_t size, int year, int n, int first, int shift)
{
    size_t len = (size_t)snprintf(buf, size, TINY_HEADER);
    for (int i = 0; i < n; i++) {
        int id = first + i;
        len += (size_t)snprintf(buf + len, size - len, "%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,\n", id,
                                year, 1 + id % 2, 1 + id % 3 % 2, 20 + (id * 7) % 60, id % 5 == 0,
                                (id + shift) % 3 == 0, (id * 3 + shift) % 4 == 0,
                                1 + (id + shift) % 5, 1 + (id * 2 + shift) % 5);
        assert_true(len < size);
    }
    return buf;
}

/* The same without the columns act_b and sat_b. */
static const char *tiny_wave_without_b(char *buf, size_t size, int year, int n, int first)
{
    size_t len = (size_t)snprintf(buf, size, "id,year,community,gender,age,party,act_a,sat_a,note\n");
    for (int i = 0; i < n; i++) {
        int id = first + i;
        len += (size_t)snprintf(buf + len, size - len, "%d,%d,%d,%d,%d,%d,%d,%d,\n", id, year,
                                1 + id % 2, 1 + id % 3 % 2, 20 + (id * 7) % 60, id % 5 == 0,
                                id % 3 == 0, 1 + id % 5);
        assert_true(len < size);
    }
    return buf;
}

static void test_not_asked_in_the_middle(void **state)
{
    (void)state;
    static char a[8192], b[8192], c[8192];
    struct run r;
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", tiny_wave(a, sizeof a, 2021, 60, 1, 0));
    run_add(&r, "b.csv", tiny_wave_without_b(b, sizeof b, 2022, 60, 1));
    run_add(&r, "c.csv", tiny_wave(c, sizeof c, 2023, 60, 1, 1));
    assert_non_null(run_compare(&r));
    const struct cmp_results *x = r.c;
    assert_int_equal(x->n_waves, 3);
    assert_int_equal(x->waves[1].n_not_asked, 2);
    assert_int_equal(x->n_activities, 2);
    /* act_b: not asked in 2022, so neither change is tested */
    assert_false(x->activities[1].wave[1].asked);
    assert_true(x->activities[1].wave[0].asked);
    assert_true(isnan(x->activities[1].change[0].difference));
    assert_true(isnan(x->activities[1].change[1].p_value));
    /* act_a: asked throughout */
    assert_false(isnan(x->activities[0].change[0].difference));
    /* the scale needs both items */
    assert_int_equal(x->n_scales, 1);
    assert_false(x->scales[0].wave[1].asked);
    assert_true(x->scales[0].wave[0].asked && x->scales[0].wave[2].asked);
    assert_true(isnan(x->scales[0].change[0].difference));
    assert_true(isnan(x->scales[0].change[1].difference));
    /* and the text says so */
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    struct report_options o = {.width = 100};
    assert_int_equal(report_compare_render(x, REPORT_LANG_EN, &o, out), 0);
    fclose(out);
    assert_non_null(strstr(text, "not asked"));
    free(text);
    run_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    static char a[8192], b[8192];
    struct run r;

    /* one wave */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "only.csv", tiny_wave(a, sizeof a, 2021, 20, 1, 0));
    assert_null(run_compare(&r));
    assert_string_equal(r.err.file, "only.csv");
    assert_non_null(strstr(r.err.message, "one wave (2021)"));
    run_free(&r);

    /* the same file twice */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "x.csv", tiny_wave(a, sizeof a, 2021, 20, 1, 0));
    run_add(&r, "x.csv", tiny_wave(b, sizeof b, 2022, 20, 1, 0));
    assert_null(run_compare(&r));
    assert_non_null(strstr(r.err.message, "given twice"));
    run_free(&r);

    /* a wave without the age column */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", tiny_wave(a, sizeof a, 2021, 20, 1, 0));
    run_add(&r, "noage.csv",
            "id,year,community,gender,party,act_a,act_b,sat_a,sat_b,note\n1,2022,1,1,0,1,0,3,4,\n");
    assert_null(run_compare(&r));
    assert_string_equal(r.err.file, "noage.csv");
    assert_int_equal(r.err.line, 1);
    assert_non_null(strstr(r.err.message, "\"age\""));
    assert_non_null(strstr(r.err.message, "only questionnaire items"));
    run_free(&r);

    /* a column in none of the files */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", tiny_wave_without_b(a, sizeof a, 2021, 20, 1));
    run_add(&r, "b.csv", tiny_wave_without_b(b, sizeof b, 2022, 20, 1));
    assert_null(run_compare(&r));
    assert_string_equal(r.err.file, "test-codebook");
    assert_non_null(strstr(r.err.message, "\"act_b\" is in none of the files"));
    run_free(&r);

    /* two files of one year that asked different questions */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", tiny_wave(a, sizeof a, 2021, 20, 1, 0));
    run_add(&r, "b1.csv", tiny_wave(b, sizeof b, 2022, 20, 1, 0));
    run_add(&r, "b2.csv", tiny_wave_without_b(a, sizeof a, 2022, 20, 100));
    assert_null(run_compare(&r));
    assert_string_equal(r.err.file, "b2.csv");
    assert_non_null(strstr(r.err.message, "both hold the wave 2022"));
    run_free(&r);

    /* several years, one record without */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "mixed.csv",
            TINY_HEADER "1,2021,1,1,30,0,1,0,3,4,\n2,2022,1,1,30,0,1,0,3,4,\n3,,1,1,30,0,1,0,3,4,\n");
    assert_null(run_compare(&r));
    assert_string_equal(r.err.file, "mixed.csv");
    assert_non_null(strstr(r.err.message, "1 record has no year"));
    run_free(&r);

    /* a file named like another wave's year */
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", tiny_wave(a, sizeof a, 2021, 20, 1, 0));
    run_add(&r, "dir/2021.csv", TINY_HEADER "1,,1,1,30,0,1,0,3,4,\n");
    assert_null(run_compare(&r));
    assert_non_null(strstr(r.err.message, "two waves are labelled \"2021\""));
    run_free(&r);
}

/* A wave with no respondents: nothing to compute, nothing crashes, every
   figure is null. */
static void test_empty_wave(void **state)
{
    (void)state;
    static char a[8192];
    struct run r;
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", tiny_wave(a, sizeof a, 2021, 30, 1, 0));
    run_add(&r, "empty.csv", TINY_HEADER);
    assert_non_null(run_compare(&r));
    assert_string_equal(r.c->waves[1].label, "empty");
    assert_true(r.c->waves[1].n == 0);
    assert_true(isnan(r.c->overall.change[0].difference));
    assert_true(isnan(r.c->scales[0].change[0].difference));
    json_t *j = compare_json(r.c);
    json_t *ch = json_array_get(json_object_get(json_object_get(j, "participation"), "changes"), 0);
    assert_true(json_is_null(json_object_get(ch, "z")));
    json_decref(j);
    char **f;
    long n = report_compare_findings(r.c, REPORT_LANG_EN, &f);
    assert_true(n >= 0);
    report_findings_free(f, n);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    struct report_options o = {.width = 100};
    assert_int_equal(report_compare_render(r.c, REPORT_LANG_EN, &o, out), 0);
    fclose(out);
    assert_null(strstr(text, "nan"));
    free(text);
    run_free(&r);
}

/* Two respondents against one: Wald intervals of tiny groups pass ±1 and
   are cut there, as R's prop.test cuts them. */
static void test_interval_cut(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, codebook_from(tiny_codebook), "18-39,40-");
    run_add(&r, "a.csv", TINY_HEADER "1,2021,1,1,30,0,1,0,3,4,\n2,2021,1,1,30,0,0,0,3,5,\n");
    run_add(&r, "b.csv", TINY_HEADER "1,2022,1,1,30,0,1,1,4,4,\n");
    assert_non_null(run_compare(&r));
    const struct stats_diff *d = &r.c->overall.change[0];
    assert_true(fabs(d->difference - 0.5) < 1e-15);
    assert_true(d->ci_high == 1);
    assert_true(d->ci_low > -1);
    run_free(&r);
}

static void test_direction(void **state)
{
    (void)state;
    struct stats_diff d = {0.1, 0, 0.2, 2.5, NAN, 0.012};
    assert_int_equal(stats_compare_direction(&d), 1);
    d.difference = -0.1;
    assert_int_equal(stats_compare_direction(&d), -1);
    d.p_value = 0.05;
    assert_int_equal(stats_compare_direction(&d), 0);
    d.p_value = NAN;
    assert_int_equal(stats_compare_direction(&d), 0);
    d.p_value = 0.001;
    d.difference = NAN;
    assert_int_equal(stats_compare_direction(&d), 0);
}

/* ## Rendering */

/* boli-2023, boli-2024 and a synthetic 2026 (canyu sample --year 2026 --seed 2026). */
static void three_waves(struct run *r, char **sample)
{
    size_t len = 0;
    FILE *f = open_memstream(sample, &len);
    struct survey_sample_opts so = {.respondents = 1200, .seed = 2026, .year = 2026};
    assert_int_equal(survey_sample_write(f, &so), 0);
    fclose(f);
    run_init(r, codebook_from(NULL), DEFAULT_BANDS);
    run_add(r, "samples/boli-2023.csv", NULL);
    run_add(r, "samples/boli-2024.csv", NULL);
    run_add(r, "boli-2026.csv", *sample);
    assert_non_null(run_compare(r));
}

static char *render(const struct cmp_results *c, enum report_lang lang, struct report_options o)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(report_compare_render(c, lang, &o, out), 0);
    fclose(out);
    return text;
}

/* Every run of table lines (starting with a border or rule character) has
   lines of one display width; every line fits WIDTH. */
static void check_tables_aligned(const char *text, int ambi, size_t width)
{
    size_t run_width = 0, tables = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char *s = strndup(line, n);
        assert_non_null(s);
        size_t w = report_width(s, ambi);
        int table = !strncmp(s, "│", 3) || !strncmp(s, "┌", 3) || !strncmp(s, "├", 3) ||
                    !strncmp(s, "└", 3) || (s[0] == '|' || (s[0] == '+' && s[1] == '-'));
        if (table) {
            if (run_width && w != run_width)
                print_error("table line of width %zu, not %zu: %s\n", w, run_width, s);
            assert_true(!run_width || w == run_width);
            if (!run_width)
                tables++;
            run_width = w;
        } else {
            run_width = 0;
        }
        if (w > width)
            print_error("line wider than %zu: %s\n", width, s);
        assert_true(w <= width);
        free(s);
        line += n + (end != NULL);
    }
    assert_true(tables >= 10);
}

static void test_render_text(void **state)
{
    (void)state;
    char *sample = NULL;
    struct run r;
    three_waves(&r, &sample);
    for (int zh = 0; zh <= 1; zh++) {
        enum report_lang lang = zh ? REPORT_LANG_ZH : REPORT_LANG_EN;
        char *t = render(r.c, lang, (struct report_options){.width = 100});
        check_tables_aligned(t, 1, 100);
        assert_non_null(strstr(t, "▲")); /* the digital services rise significantly */
        assert_non_null(strstr(t, zh ? "各年龄组参与率的变化趋势" : "Participation rate by age group over the waves"));
        assert_non_null(strstr(t, zh ? "各量表指数的变化趋势" : "Scale indices over the waves"));
        assert_non_null(strstr(t, "2024 → 2026"));
        assert_null(strstr(t, "nan"));
        free(t);

        /* ASCII and --ambiwidth 2: no box, block or triangle characters */
        for (int k = 0; k < 2; k++) {
            struct report_options o = {.width = 100, .ascii = k == 0, .ambiwidth = k == 0 ? 1 : 2};
            t = render(r.c, lang, o);
            check_tables_aligned(t, o.ambiwidth, 100);
            assert_null(strstr(t, "\xe2\x94"));
            assert_null(strstr(t, "\xe2\x95"));
            assert_null(strstr(t, "\xe2\x96"));
            assert_non_null(strstr(t, "2024 -> 2026"));
            assert_non_null(strstr(t, "% +"));
            free(t);
        }
    }
    run_free(&r);
    free(sample);
}

/* A mark is shown exactly where the change is significant. */
static void test_marks_only_significant(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, codebook_from(NULL), DEFAULT_BANDS);
    run_add(&r, "samples/boli-2023.csv", NULL);
    run_add(&r, "samples/boli-2024.csv", NULL);
    assert_non_null(run_compare(&r));
    size_t sig = 0;
    for (size_t k = 0; k < r.c->n_items; k++)
        sig += stats_compare_direction(&r.c->items[k].change[0]) != 0;
    for (size_t k = 0; k < r.c->n_scales; k++)
        sig += stats_compare_direction(&r.c->scales[k].change[0]) != 0;
    assert_int_equal(sig, 1); /* only digital services' mean (p = 0.019) */
    char *t = render(r.c, REPORT_LANG_EN, (struct report_options){.width = 100});
    const char *digital = strstr(t, "Item means by wave");
    assert_non_null(digital);
    const char *line = strstr(digital, "Digital (smart community) services");
    assert_non_null(line);
    const char *eol = strchr(line, '\n');
    const char *mark = strstr(line, "▲");
    assert_true(mark && mark < eol);
    line = strstr(digital, "Emergency management");
    eol = strchr(line, '\n');
    mark = strstr(line, "▲");
    assert_true(!mark || mark > eol);
    /* no table line holds a fall */
    for (const char *l = strstr(t, "│"); l; l = strstr(l + 1, "\n│")) {
        const char *e = strchr(l + 1, '\n');
        const char *m = strstr(l, "▼");
        assert_true(!m || (e && m > e));
    }
    free(t);
    run_free(&r);
}

static void test_render_csv_markdown(void **state)
{
    (void)state;
    char *sample = NULL;
    struct run r;
    three_waves(&r, &sample);
    char *t = render(r.c, REPORT_LANG_EN, (struct report_options){.format = REPORT_FORMAT_CSV});
    assert_true(!strncmp(t, "section,table,group,row,column,value\n", 37));
    assert_null(strstr(t, "▲"));
    assert_non_null(strstr(t, "participation,\"Change in participation rate, 2023 → 2024\",,All respondents,Change,"));
    assert_non_null(strstr(t, ",95% CI (low),"));
    assert_non_null(strstr(t, "trust,Top-2 shares by wave,Interpersonal trust,"));
    free(t);
    t = render(r.c, REPORT_LANG_ZH, (struct report_options){.format = REPORT_FORMAT_MARKDOWN});
    assert_non_null(strstr(t, "# 主要发现"));
    assert_non_null(strstr(t, "```text"));
    assert_non_null(strstr(t, "| 组别"));
    free(t);
    run_free(&r);
    free(sample);
}

static void test_findings(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, codebook_from(NULL), DEFAULT_BANDS);
    run_add(&r, "samples/boli-2023.csv", NULL);
    run_add(&r, "samples/boli-2024.csv", NULL);
    assert_non_null(run_compare(&r));
    char **f;
    long n = report_compare_findings(r.c, REPORT_LANG_EN, &f);
    assert_true(n >= 5);
    assert_string_equal(f[0], "Participation did not change significantly from 2023 to 2024 (68.4% "
                              "to 69.7%, +1.4 points, p = 0.463).");
    int digital = 0;
    for (long i = 0; i < n; i++)
        digital |= strstr(f[i], "rose significantly for Digital (smart community) services "
                                "(+0.10, p = 0.019)") != NULL;
    assert_true(digital);
    report_findings_free(f, n);
    n = report_compare_findings(r.c, REPORT_LANG_ZH, &f);
    assert_true(n >= 5);
    assert_non_null(strstr(f[0], "无显著变化"));
    report_findings_free(f, n);
    run_free(&r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boli_against_r),
        cmocka_unit_test(test_unseen_against_r),
        cmocka_unit_test(test_one_file_two_years),
        cmocka_unit_test(test_same_year_pooled),
        cmocka_unit_test(test_file_labels_in_order_given),
        cmocka_unit_test(test_not_asked_in_the_middle),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_empty_wave),
        cmocka_unit_test(test_interval_cut),
        cmocka_unit_test(test_direction),
        cmocka_unit_test(test_render_text),
        cmocka_unit_test(test_marks_only_significant),
        cmocka_unit_test(test_render_csv_markdown),
        cmocka_unit_test(test_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
