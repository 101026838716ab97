/* test_survey.c — the loader's input side: the encodings, line numbers
 * across embedded newlines, the activities and platform spellings of cells,
 * and every fixture parsed at every chunk size (and in two halves at once)
 * giving the same survey.  The codebook-driven loading rules are in
 * test_survey_rules.c.
 */
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_survey.h"

/* ## Encodings */

static char *to_gb18030(const char *utf8, size_t *out_len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = 4 * inleft + 16, outleft = cap;
    char *out = malloc(cap), *in = (char *)utf8, *o = out;
    assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *out_len = cap - outleft;
    return out;
}

static const char ZH_DATA[] = "id,community,gender,age,act_a,sat_a,sat_b,dur,note\n"
                              "1,长安社区,女,30,是,满意,说不清,1分,\n"
                              "2,南城社区,男,66,否,一般,2,2分30秒,\"楼道灯坏了，\n请修\"\n"
                              "3,南城社区,男,150,否,一般,2,2分30秒,\n"
                              "4,长安社区,女,40,是,非常满意,3,59秒,𠀀\n";

static void check_zh(const struct survey *s)
{
    assert_int_equal(s->n, 3);
    assert_int_equal(s->rows_excluded, 1);
    assert_int_equal(nth_reject(s, 0)->line, 5); /* after a two-line comment */
    assert_int_equal(survey_var_by_role(s, ROLE_COMMUNITY)->v[1], 2);
    assert_int_equal(survey_var_by_role(s, ROLE_GENDER)->v[0], 2);
    assert_int_equal(survey_var_by_name(s, "act_a")->v[0], 1);
    assert_int_equal(survey_var_by_name(s, "sat_a")->v[2], 5);
    assert_true(fabs(s->duration[1] - 150) < 1e-12);
}

static void test_gb18030_every_chunk(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    size_t len;
    char *gb = to_gb18030(ZH_DATA, &len);
    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        int rc;
        struct survey_error err;
        struct survey *s = load(cb, gb, len, chunk, 0, &rc, &err);
        if (rc)
            fail_msg("chunk %zu: %s:%ld: %s", chunk, err.file, err.line, err.message);
        assert_int_equal(s->files[0].encoding, SURVEY_ENC_GB18030);
        check_zh(s);
        survey_free(s);
    }
    free(gb);
    /* The same bytes in UTF-8, with a BOM, at every chunk size. */
    char *u8 = malloc(sizeof ZH_DATA + 3);
    memcpy(u8, "\xEF\xBB\xBF", 3);
    memcpy(u8 + 3, ZH_DATA, sizeof ZH_DATA);
    for (size_t chunk = 1; chunk <= sizeof ZH_DATA + 3; chunk++) {
        int rc;
        struct survey_error err;
        struct survey *s = load(cb, u8, sizeof ZH_DATA + 2, chunk, 0, &rc, &err);
        assert_int_equal(rc, 0);
        assert_int_equal(s->files[0].encoding, SURVEY_ENC_UTF8);
        assert_int_equal(s->files[0].bom, 1);
        check_zh(s);
        survey_free(s);
    }
    free(u8);
    survey_codebook_free(cb);
}

static void test_invalid_bytes(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    int rc;
    struct survey_error err;
    /* Valid UTF-8 decides the encoding; a stray byte on line 3 is an error there. */
    const char bad_utf8[] = "id,community,gender,age,act_a,sat_a,sat_b,dur,note\n"
                            "1,长安社区,1,30,1,5,5,60,\n"
                            "2,1,1,30,1,5,5,60,\xFF\n";
    for (size_t chunk = 1; chunk < sizeof bad_utf8; chunk++) {
        struct survey *s = load(cb, bad_utf8, sizeof bad_utf8 - 1, chunk, 0, &rc, &err);
        assert_int_equal(rc, -1);
        assert_int_equal(err.code, SURVEY_ERR_ENCODING);
        assert_int_equal(err.line, 3);
        survey_free(s);
    }
    /* GB18030 cut in the middle of a character at the end of the file. */
    size_t len;
    char *gb = to_gb18030("id,community,gender,age,act_a,sat_a,sat_b,dur,note\n"
                          "1,长安社区,1,30,1,5,5,60,\n2,1,1,30,1,5,5,60,好",
                          &len);
    for (size_t chunk = 1; chunk <= len; chunk++) {
        struct survey *s = load(cb, gb, len - 1, chunk, 0, &rc, &err);
        assert_int_equal(rc, -1);
        assert_int_equal(err.code, SURVEY_ERR_ENCODING);
        assert_int_equal(err.line, 3);
        assert_non_null(strstr(err.message, "ends inside"));
        survey_free(s);
    }
    free(gb);
    /* Forced UTF-8 on GB18030 bytes names the line and suggests the fix. */
    gb = to_gb18030(ZH_DATA, &len);
    struct survey *s = survey_new(cb);
    struct survey_load_opts o = {.encoding = SURVEY_ENC_UTF8};
    assert_int_equal(survey_load_mem(s, "d.csv", gb, len, &o, &err), -1);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "--encoding gb18030"));
    survey_free(s);
    free(gb);
    survey_codebook_free(cb);
}

/* ## Activities and platform durations */

static void test_activities(void **state)
{
    (void)state;
    const char cbtext[] =
        "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
        "序号,id,,,,,,,,\n"
        "6、参加过哪些活动?,activities,活动,Activities,,,,,(跳过),1=议事会;2=志愿服务;3=文体活动;0=以上都没有\n"
        "所用时间,duration,,,,,,,,\n";
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(cbtext, strlen(cbtext), "p.csv", &err);
    assert_non_null(cb);
    const char data[] = "序号,6、参加过哪些活动?,所用时间\n"
                        "1,议事会┋文体活动,1小时2分3秒\n"
                        "2,以上都没有,45秒\n"
                        "3,2|3,10\n"
                        "4,,10\n"
                        "5,志愿服务、议事会,10\n"
                        "6,(跳过),10\n"
                        "7,议事会┋跳舞,10\n"
                        "8,以上都没有┋议事会,10\n";
    struct survey *s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "p.csv", data, strlen(data), NULL, &err), 0);
    assert_int_equal(s->n_vars, 3);
    assert_string_equal(s->vars[0].name, "6、参加过哪些活动?[议事会]");
    assert_int_equal(s->vars[2].option, 3);
    static const int16_t want[6][3] = {{1, 0, 1}, {0, 0, 0}, {0, 1, 1},
                                       {SURVEY_MISSING, SURVEY_MISSING, SURVEY_MISSING},
                                       {1, 1, 0},
                                       {SURVEY_MISSING, SURVEY_MISSING, SURVEY_MISSING}};
    assert_int_equal(s->n, 6);
    for (size_t i = 0; i < 6; i++)
        for (size_t k = 0; k < 3; k++)
            assert_int_equal(s->vars[k].v[i], want[i][k]);
    assert_true(fabs(s->duration[0] - 3723) < 1e-12);
    assert_int_equal(s->rows_excluded, 2);
    assert_int_equal(nth_reject(s, 0)->line, 8);
    assert_int_equal(nth_reject(s, 1)->line, 9);
    survey_free(s);
    survey_codebook_free(cb);
}

/* The coded and the platform-style sample of the same respondents load to the
   same participation items (the platform's ┋-joined activities column against
   the coded export's six yes/no columns) and the same durations. */
static void test_platform_equals_coded(void **state)
{
    (void)state;
    struct survey_error err = {0};
    struct survey_codebook *coded_cb = survey_codebook_default(&err);
    struct survey_codebook *plat_cb = survey_codebook_load("samples/platform-codebook.csv", &err);
    if (!plat_cb)
        fail_msg("%s:%ld: %s", err.file, err.line, err.message);
    struct survey *sv[2];
    for (int style = 0; style < 2; style++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        struct survey_sample_opts o = {.respondents = 400, .seed = 7, .year = 2023,
                                       .style = style ? SAMPLE_PLATFORM : SAMPLE_CODED};
        assert_int_equal(survey_sample_write(f, &o), 0);
        fclose(f);
        sv[style] = survey_new(style ? plat_cb : coded_cb);
        if (survey_load_mem(sv[style], "s.csv", buf, len, NULL, &err) < 0)
            fail_msg("style %d: %s:%ld: %s", style, err.file, err.line, err.message);
        free(buf);
        assert_int_equal(sv[style]->rows_excluded, 0);
    }
    assert_int_equal(sv[0]->n, sv[1]->n);
    size_t n_items = 0;
    for (size_t i = 0; i < sv[0]->n_vars; i++) {
        if (sv[0]->vars[i].role != ROLE_PARTICIPATION)
            continue;
        /* The k-th coded item is the k-th option of the platform's column. */
        size_t seen = 0, j;
        for (j = 0; j < sv[1]->n_vars; j++)
            if (sv[1]->vars[j].role == ROLE_PARTICIPATION && seen++ == n_items)
                break;
        assert_true(j < sv[1]->n_vars);
        assert_memory_equal(sv[0]->vars[i].v, sv[1]->vars[j].v, sv[0]->n * sizeof(int16_t));
        n_items++;
    }
    assert_int_equal(n_items, 6);
    for (size_t r = 0; r < sv[0]->n; r++)
        assert_true(fabs(sv[0]->duration[r] - sv[1]->duration[r]) < 1e-9);
    /* Every analysed role agrees too. */
    static const enum survey_role roles[] = {ROLE_COMMUNITY, ROLE_GENDER, ROLE_AGE,
                                             ROLE_PARTY_MEMBER, ROLE_BARRIER};
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
        assert_memory_equal(survey_var_by_role(sv[0], roles[k])->v,
                            survey_var_by_role(sv[1], roles[k])->v, sv[0]->n * sizeof(int16_t));
    survey_free(sv[0]);
    survey_free(sv[1]);
    survey_codebook_free(coded_cb);
    survey_codebook_free(plat_cb);
}

/* ## Every fixture at every chunk size */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void same_survey(const struct survey *a, const struct survey *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->rows_read, b->rows_read);
    assert_int_equal(a->rows_excluded, b->rows_excluded);
    assert_int_equal(a->blank, b->blank);
    assert_int_equal(a->n_problems, b->n_problems);
    for (size_t i = 0; i < a->n_problems; i++) {
        assert_int_equal(a->problems[i].line, b->problems[i].line);
        assert_string_equal(a->problems[i].record, b->problems[i].record);
    }
    for (size_t i = 0; i < a->n_vars; i++)
        assert_memory_equal(a->vars[i].v, b->vars[i].v, a->n * sizeof(int16_t));
}

/* ## Two halves at once give the one-thread survey */

static void same_double(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(isnan(a[i]) && isnan(b[i])) && a[i] != b[i])
            fail_msg("respondent %zu: %g against %g", i, a[i], b[i]);
}

/* Everything a loaded and finished survey holds. */
static void same_survey_exactly(const struct survey *a, const struct survey *b)
{
    same_survey(a, b);
    assert_int_equal(a->rows_loaded, b->rows_loaded);
    assert_int_equal(a->warnings, b->warnings);
    assert_int_equal(a->speeders, b->speeders);
    assert_int_equal(a->straight_liners, b->straight_liners);
    for (size_t i = 0; i < a->n_problems; i++) {
        const struct survey_problem *p = &a->problems[i], *q = &b->problems[i];
        assert_int_equal(p->reason, q->reason);
        assert_string_equal(p->file, q->file);
        assert_string_equal(p->column, q->column);
        assert_string_equal(p->value, q->value);
        assert_string_equal(p->detail, q->detail);
    }
    assert_int_equal(a->n_files, b->n_files);
    for (size_t f = 0; f < a->n_files; f++) {
        assert_int_equal(a->files[f].encoding, b->files[f].encoding);
        assert_int_equal(a->files[f].bom, b->files[f].bom);
        assert_int_equal(a->files[f].rows_read, b->files[f].rows_read);
        assert_int_equal(a->files[f].rows_loaded, b->files[f].rows_loaded);
        assert_int_equal(a->files[f].rows_excluded, b->files[f].rows_excluded);
        assert_int_equal(a->files[f].blank, b->files[f].blank);
    }
    assert_int_equal(a->weight == NULL, b->weight == NULL);
    assert_int_equal(a->duration == NULL, b->duration == NULL);
    if (a->weight)
        same_double(a->weight, b->weight, a->n);
    if (a->duration)
        same_double(a->duration, b->duration, a->n);
}

/* Load DATA once with one thread and at a few chunk sizes in two halves;
   the results must agree, errors included.  Returns how many of the loads
   really went in two halves: at most 3 for data under 256 KiB, which the
   default chunk reads whole with the header, before any cut. */
static int halves_agree(const struct survey_codebook *cb, const char *data, size_t len,
                        enum survey_encoding enc)
{
    int merged = 0;
    static const size_t chunks[] = {0, 5, 64, 4096};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        struct survey *sv[2];
        struct survey_error e[2] = {{0}, {0}};
        int rc[2];
        for (int t = 0; t < 2; t++) {
            struct survey_load_opts o = {.threads = t + 1, .encoding = enc, .chunk_size = chunks[c]};
            sv[t] = survey_new(cb);
            rc[t] = survey_load_mem(sv[t], "d.csv", data, len, &o, &e[t]);
            if (rc[t] == 0)
                assert_int_equal(survey_finish(sv[t], &o), 0);
        }
        assert_int_equal(rc[0], rc[1]);
        if (rc[0] == 0) {
            same_survey_exactly(sv[0], sv[1]);
            assert_int_equal(sv[0]->files[0].halves, 1);
            merged += sv[1]->files[0].halves == 2;
        } else {
            assert_int_equal(e[0].code, e[1].code);
            assert_int_equal(e[0].line, e[1].line);
            assert_string_equal(e[0].message, e[1].message);
        }
        survey_free(sv[0]);
        survey_free(sv[1]);
    }
    return merged;
}

static void test_two_halves(void **state)
{
    (void)state;
    struct survey_error err = {0};
    struct survey_codebook *dflt = survey_codebook_default(&err);
    struct survey_codebook *plat = survey_codebook_load("samples/platform-codebook.csv", &err);
    struct survey_codebook *cb = codebook();
    assert_non_null(dflt);
    assert_non_null(plat);
    size_t len;
    /* The samples: GB18030, CRLF, multi-line comments, rejected records,
       speeders and straight-liners. */
    char *data = slurp("samples/platform-export.csv", &len);
    /* Its last record repeats an id of the first half: one reader after all. */
    assert_int_equal(halves_agree(plat, data, len, SURVEY_ENC_AUTO), 0);
    char *last = data + len - 2;
    while (last[-1] != '\n')
        last--;
    assert_true(!strncmp(last, "12,", 3));
    assert_int_equal(halves_agree(plat, data, (size_t)(last - data), SURVEY_ENC_AUTO), 3);
    free(data);
    data = slurp("samples/boli-2024.csv", &len);
    assert_int_equal(halves_agree(dflt, data, len, SURVEY_ENC_AUTO), 3);
    free(data);

    enum { ROWS = 400 };
    char *d = malloc(ROWS * 80 + 200);
    assert_non_null(d);
    /* Ids out of order in each half, repeats within the second half, bad
       values on both sides, a quoted line end, a blank line, a BOM. */
    size_t n = (size_t)sprintf(d, "\xEF\xBB\xBF%s", HEADER);
    for (int i = 0; i < ROWS; i++) {
        int id = i < 300 ? (i * 37) % 300 : ROWS + i % 50; /* the cut is near row 200 */
        n += (size_t)sprintf(d + n, "%d,%d,1,%s,1,%d,5,%d,%s\n", id, 1 + i % 2,
                             i % 41 == 3 ? "abc" : "30", 1 + i % 5, 100 + i,
                             i % 29 == 0 ? "\"a,\nb\"" : "");
        if (i % 97 == 0)
            n += (size_t)sprintf(d + n, "\n");
    }
    assert_int_equal(halves_agree(cb, d, n, SURVEY_ENC_AUTO), 3);
    /* An id of the first half again in the second: one reader after all. */
    n += (size_t)sprintf(d + n, "0,1,1,30,1,5,5,100,\n");
    assert_int_equal(halves_agree(cb, d, n, SURVEY_ENC_AUTO), 0);

    /* All ASCII before the cut, GB18030 after it: the second half decides
       the file's encoding, as one reader would. */
    n = (size_t)sprintf(d, "%s", HEADER);
    for (int i = 0; i < ROWS; i++)
        n += (size_t)sprintf(d + n, "%d,1,1,30,1,5,5,100,%s\n", i, i > ROWS * 3 / 4 ? "\xC4\xE3" : "");
    assert_int_equal(halves_agree(cb, d, n, SURVEY_ENC_AUTO), 3);
    /* A GB18030 file whose first three bytes also read as UTF-8: the window
       after the first non-ASCII byte decides, for both halves. */
    n = (size_t)sprintf(d, "\xE9\x97\xB0\xA1,%s", HEADER);
    for (int i = 0; i < ROWS; i++)
        n += (size_t)sprintf(d + n, "x,%d,1,1,%s,1,5,5,100,%s\n", i, i == 350 ? "abc" : "30",
                             i == 350 ? "\xE9\x97\xB0\x41" : "");
    assert_int_equal(halves_agree(cb, d, n, SURVEY_ENC_AUTO), 3);
    n = (size_t)sprintf(d, "%s", HEADER);
    for (int i = 0; i < ROWS; i++)
        n += (size_t)sprintf(d + n, "%d,1,1,30,1,5,5,100,%s\n", i, i > ROWS * 3 / 4 ? "\xC4\xE3" : "");
    /* Invalid bytes and an unbalanced quote in the second half: the same
       errors, with the same lines. */
    size_t k = (size_t)(strstr(d, "\n350,") - d) + 1;
    d[k + 2] = '\xFF';
    assert_int_equal(halves_agree(cb, d, n, SURVEY_ENC_UTF8), 0);
    d[k + 2] = '"';
    assert_int_equal(halves_agree(cb, d, n, SURVEY_ENC_AUTO), 0);
    free(d);
    survey_codebook_free(cb);
    survey_codebook_free(plat);
    survey_codebook_free(dflt);
}

static void fixture_every_chunk(const char *data_path, const char *cb_path, size_t max_chunk)
{
    struct survey_error err = {0};
    struct survey_codebook *cb =
        cb_path ? survey_codebook_load(cb_path, &err) : survey_codebook_default(&err);
    if (!cb)
        fail_msg("%s:%ld: %s", err.file, err.line, err.message);
    size_t len;
    char *data = slurp(data_path, &len);
    struct survey *ref = survey_new(cb);
    if (survey_load_mem(ref, data_path, data, len, NULL, &err) < 0)
        fail_msg("%s:%ld: %s", err.file, err.line, err.message);
    assert_int_equal(ref->rows_read, ref->rows_loaded + ref->rows_excluded + ref->blank);
    for (size_t chunk = 1; chunk <= max_chunk && chunk <= len; chunk++) {
        struct survey *s = survey_new(cb);
        struct survey_load_opts o = {.chunk_size = chunk};
        if (survey_load_mem(s, data_path, data, len, &o, &err) < 0)
            fail_msg("chunk %zu: %s:%ld: %s", chunk, err.file, err.line, err.message);
        same_survey(ref, s);
        survey_free(s);
    }
    survey_free(ref);
    free(data);
    survey_codebook_free(cb);
}

static void test_fixtures_every_chunk(void **state)
{
    (void)state;
    /* Every chunk size from one byte up to past the decision window, then the
       file's own length: the platform export is GB18030 with CRLF, quoted
       comments with newlines, and deliberately bad records. */
    fixture_every_chunk("samples/platform-export.csv", "samples/platform-codebook.csv", 4200);
    fixture_every_chunk("samples/boli-2023.csv", NULL, 300);
    fixture_every_chunk("tests/data/small-gb18030.csv", "tests/data/small-codebook.csv", 100000);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gb18030_every_chunk),  cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_activities),           cmocka_unit_test(test_platform_equals_coded),
        cmocka_unit_test(test_fixtures_every_chunk), cmocka_unit_test(test_two_halves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
