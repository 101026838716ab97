/* test_survey_rules.c — the loader's rules: codebook errors, each with its
 * line, the codebook's defaults, every loading rule (values and labels,
 * rejections, blank records, repeated ids, the --rejects file, header
 * errors, absent columns), the quality warnings and the age bands.  The
 * encodings and chunk sizes are in test_survey.c.
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

/* ## Codebook errors, each with its line */

static void expect_codebook_error(const char *text, long line, const char *needle)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(text, strlen(text), "bad.csv", &err);
    if (cb) {
        survey_codebook_free(cb);
        fail_msg("codebook accepted; expected an error containing \"%s\"", needle);
    }
    assert_int_equal(err.code, SURVEY_ERR_CODEBOOK);
    assert_int_equal(err.line, line);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_codebook_errors(void **state)
{
    (void)state;
    const char *h = "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n";
    char buf[1024];
#define CB(rows) (snprintf(buf, sizeof buf, "%s%s", h, rows), buf)
    expect_codebook_error(CB("a,id,,,,,,,,\nb,colour,,,,,,,,\n"), 3, "unknown role \"colour\"");
    expect_codebook_error(CB("a,id,,,,,,,,\na,age,,,,,,,,\n"), 3, "already described on line 2");
    expect_codebook_error(CB("a,age,,,,90,18,,,\n"), 2, "min 90 is greater than max 18");
    expect_codebook_error(CB("a,gender,,,,,,,,1=男;x=女\n"), 2, "malformed value label");
    expect_codebook_error(CB("a,gender,,,,,,,,1=男;1=女\n"), 2, "code 1 is listed twice");
    expect_codebook_error(CB("a,gender,,,,,,,,1=男;2=男\n"), 2, "label \"男\" is listed twice");
    expect_codebook_error(CB("a,age,,,,,,,,\nb,age,,,,,,,,\n"), 3, "may appear once");
    expect_codebook_error(CB("a,trust,,,,1,5,2,,\n"), 2, "reverse must be 1, 0 or blank");
    expect_codebook_error(CB("a,trust,,,,1,5,,,1=x;6=y\n"), 2, "code 6 is outside 1..5");
    expect_codebook_error(CB("a,activities,,,,,,,,\n"), 2, "needs its options");
    expect_codebook_error(CB("a,age,,,,,x,,,\n"), 2, "max \"x\" is not a whole number");
    expect_codebook_error("column,role,colour\n", 1, "unknown codebook heading \"colour\"");
    expect_codebook_error(h, 1, "describes no columns");
#undef CB
}

static void test_codebook_defaults(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    assert_int_equal(cb->n_cols, 9);
    const struct survey_cbcol *act = &cb->cols[4], *sat = &cb->cols[6];
    assert_int_equal(act->n_values, 2); /* participation defaults to 1=是;0=否 */
    assert_string_equal(survey_cbcol_label(act, 0), "否");
    assert_string_equal(sat->scale, "svc");
    assert_int_equal(sat->reverse, 1);
    assert_int_equal(sat->min, 1);
    assert_int_equal(sat->max, 5);
    survey_codebook_free(cb);

    struct survey_error err = {0};
    cb = survey_codebook_default(&err);
    assert_non_null(cb);
    assert_true(survey_codebook_find_role(cb, ROLE_AGE) >= 0);
    survey_codebook_free(cb);
}

/* ## Loading rules */

static void test_values_and_labels(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    const char data[] = "\xEF\xBB\xBFid,community,gender,age,act_a,sat_a,sat_b,dur,note\r\n"
                        "1,1,男,30,1,5,5,2分3秒,\r\n"
                        "2, 南城社区 ,2,45.9,0,非常满意,1,123秒,\"a, \"\"quoted\"\"\r\nnote\"\r\n"
                        "3,\xE3\x80\x80" "1\xE3\x80\x80,,,9,说不清,,61,\r\n";
    int rc;
    struct survey_error err;
    struct survey *s = load(cb, data, sizeof data - 1, 0, 0, &rc, &err);
    assert_int_equal(rc, 0);
    assert_int_equal(s->n, 3);
    assert_int_equal(s->files[0].bom, 1);
    const struct survey_var *com = survey_var_by_role(s, ROLE_COMMUNITY);
    const struct survey_var *gen = survey_var_by_role(s, ROLE_GENDER);
    const struct survey_var *age = survey_var_by_role(s, ROLE_AGE);
    const struct survey_var *act = survey_var_by_name(s, "act_a");
    const struct survey_var *sa = survey_var_by_name(s, "sat_a");
    const struct survey_var *sb = survey_var_by_name(s, "sat_b");
    assert_int_equal(com->v[1], 2);  /* label text, trimmed */
    assert_int_equal(com->v[2], 1);  /* ideographic spaces trimmed */
    assert_int_equal(gen->v[0], 1);  /* label */
    assert_int_equal(gen->v[2], SURVEY_MISSING);
    assert_int_equal(age->v[1], 45); /* whole years */
    assert_int_equal(act->v[2], SURVEY_MISSING); /* declared missing code 9 */
    assert_int_equal(sa->v[1], 5);
    assert_int_equal(sa->v[2], SURVEY_MISSING); /* 说不清 */
    assert_int_equal(sb->v[0], 1);               /* reverse-worded: 1 + 5 - 5 */
    assert_int_equal(sb->v[1], 5);
    assert_true(fabs(s->duration[0] - 123) < 1e-12);
    assert_true(fabs(s->duration[1] - 123) < 1e-12);
    assert_true(fabs(s->duration[2] - 61) < 1e-12);
    assert_int_equal(s->rows_read, 3);
    assert_int_equal(s->rows_excluded, 0);
    survey_free(s);
    survey_codebook_free(cb);
}

static void test_rejections(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    char data[2048];
    snprintf(data, sizeof data,
             "%s"
             "1,1,1,30,1,5,5,100,\n"        /* line 2: fine */
             "2,1,1,30,1,5,5,100\n"         /* 3: a field short */
             "3,7,1,30,1,5,5,100,\n"        /* 4: unknown community code */
             "4,1,1,150,1,5,5,100,\n"       /* 5: age out of range */
             "\n"                           /* 6: blank line */
             "5,1,1,30,1,6,5,100,\n"        /* 7: Likert out of range */
             "6,1,1,30,1,5,5,100,\"two\nlines\"\n" /* 8-9: fine */
             "1,1,1,30,1,5,5,100,\n"        /* 10: repeated id */
             "7,长按社区,1,30,1,5,5,100,\n" /* 11: a typo in a label */
             "8,1,1,abc,1,5,5,100,\n"       /* 12: non-numeric age */
             "9,1,1,30,2,5,5,100,\n"        /* 13: participation must be 1/0 */
             "10,1,1,30,1,5,5,3 minutes,\n", /* 14: unreadable duration */
             HEADER);
    int rc;
    struct survey_error err;
    struct survey *s = load(cb, data, strlen(data), 0, 0, &rc, &err);
    assert_int_equal(rc, 0);
    assert_int_equal(s->rows_read, 12);
    assert_int_equal(s->rows_loaded, 2);
    assert_int_equal(s->rows_excluded, 9);
    assert_int_equal(s->blank, 1); /* the empty line */
    assert_int_equal(s->rows_read, s->rows_loaded + s->rows_excluded + s->blank);
    static const struct {
        long line;
        enum survey_reason reason;
        const char *column, *value;
    } want[] = {
        {3, REASON_FIELD_COUNT, "", ""},        {4, REASON_INVALID_VALUE, "community", "7"},
        {5, REASON_OUT_OF_RANGE, "age", "150"}, {7, REASON_OUT_OF_RANGE, "sat_a", "6"},
        {10, REASON_DUPLICATE_ID, "id", "1"},   {11, REASON_INVALID_VALUE, "community", "长按社区"},
        {12, REASON_INVALID_VALUE, "age", "abc"}, {13, REASON_INVALID_VALUE, "act_a", "2"},
        {14, REASON_INVALID_VALUE, "dur", "3 minutes"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct survey_problem *p = nth_reject(s, i);
        assert_non_null(p);
        assert_int_equal(p->line, want[i].line);
        assert_int_equal(p->reason, want[i].reason);
        assert_string_equal(p->column, want[i].column);
        assert_string_equal(p->value, want[i].value);
        assert_string_equal(p->file, "d.csv");
    }
    assert_null(nth_reject(s, 9));
    const struct survey_problem *dup = nth_reject(s, 4);
    assert_non_null(strstr(dup->detail, "first seen at d.csv:2"));
    assert_non_null(strstr(nth_reject(s, 0)->detail, "expected 9, found 8"));
    survey_free(s);

    /* --lenient: invalid values become missing, counted as warnings. */
    s = load(cb, data, strlen(data), 0, 1, &rc, &err);
    assert_int_equal(rc, 0);
    assert_int_equal(s->rows_excluded, 2); /* the short record and the repeated id */
    assert_int_equal(s->rows_loaded, 9);
    assert_int_equal(s->warnings, 7);
    assert_int_equal(survey_var_by_role(s, ROLE_AGE)->v[2], SURVEY_MISSING);
    survey_free(s);
    survey_codebook_free(cb);
}

/* Repeated ids, against a plain search of the earlier accepted rows: ids in
   order (where the loader keeps no table), repeats among them, then ids out
   of order, of other lengths and repeated again (where it switches to its
   hash table); blank ids here and there. */
/* Blank records: every field empty after trimming (spaces, U+3000), or an
   empty line, whatever the field count.  Never respondents, never problems,
   counted as blank; blank records before the header are no header; a final
   line end starts no record.  The same at every chunk size and in two
   halves. */
static void test_blank_records(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    char data[1024];
    snprintf(data, sizeof data,
             "\n"
             ",,,,,,,,\n"                   /* before the header: skipped */
             "%s"
             "1,1,1,30,1,5,5,100,\n"        /* line 4 */
             ",,,,,,,,\n"                   /* 5: all commas */
             "\n"                           /* 6: an empty line */
             "2,1,1,30,1,5,5,100,\n"        /* 7 */
             "\r\n"                         /* 8: an empty CRLF line */
             " , \xe3\x80\x80,,,,,,,\"\"\n" /* 9: spaces, U+3000, a quoted empty field */
             ",,\n"                         /* 10: too few fields, all empty */
             ",,,,,,,,,,,,\n"               /* 11: too many fields, all empty */
             "3,1,1,150,1,5,5,100,\n"       /* 12: rejected */
             "4,1,1,30,1,5,5,100,\n",       /* 13, and a final line end */
             HEADER);
    size_t len = strlen(data);
    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        int rc;
        struct survey_error err;
        struct survey *s = load(cb, data, len, chunk, 0, &rc, &err);
        assert_int_equal(rc, 0);
        assert_int_equal(s->n, 3);
        assert_int_equal(s->rows_loaded, 3);
        assert_int_equal(s->rows_excluded, 1);
        assert_int_equal(s->blank, 6);
        assert_int_equal(s->rows_read, 10);
        assert_int_equal(s->files[0].blank, 6);
        assert_int_equal(s->files[0].rows_read, 10);
        assert_int_equal(s->n_problems, 1);
        assert_int_equal(s->problems[0].line, 12);
        assert_int_equal(survey_var_by_role(s, ROLE_AGE)->v[2], 30); /* id 4 */
        survey_free(s);
    }
    /* In two halves: a blank record on each side of the cut. */
    struct buf {
        char *p;
        size_t len;
    } d = {0};
    FILE *f = open_memstream(&d.p, &d.len);
    assert_non_null(f);
    fputs(HEADER, f);
    for (int i = 1; i <= 4000; i++)
        fprintf(f, i % 1000 == 0 ? ",,,,,,,,\n\n" : "%d,1,1,30,1,5,5,100,\n", i);
    fclose(f);
    for (int threads = 1; threads <= 2; threads++) {
        struct survey *s = survey_new(cb);
        struct survey_load_opts o = {.threads = threads, .chunk_size = 4096};
        struct survey_error err = {0};
        assert_int_equal(survey_load_mem(s, "d.csv", d.p, d.len, &o, &err), 0);
        assert_int_equal(s->files[0].halves, threads);
        assert_int_equal(s->n, 3996);
        assert_int_equal(s->blank, 8);
        assert_int_equal(s->rows_read, 4004);
        assert_int_equal(s->rows_excluded, 0);
        survey_free(s);
    }
    free(d.p);
    survey_codebook_free(cb);
}

static void test_repeated_ids(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    enum { ROWS = 3000 };
    static char ids[ROWS][16];
    for (int i = 0; i < ROWS; i++) {
        if (i < 1000)
            snprintf(ids[i], sizeof ids[i], "%d", i % 97 == 50 ? i / 3 : i + 1);
        else if (i < 2000)
            snprintf(ids[i], sizeof ids[i], "%d", (i * 7919) % 1500 + 1);
        else
            snprintf(ids[i], sizeof ids[i], "x%d", (i * 31) % 700);
        if (i % 37 == 5 || (i > 400 && i < 420))
            ids[i][0] = '\0'; /* a blank id: missing, never a repeat */
    }
    struct buf_ {
        char *p;
        size_t len;
    } d = {malloc(ROWS * 40 + 100), 0};
    assert_non_null(d.p);
    d.len += (size_t)sprintf(d.p, "%s", HEADER);
    for (int i = 0; i < ROWS; i++)
        d.len += (size_t)sprintf(d.p + d.len, "%s,1,1,30,1,5,5,100,\n", ids[i]);
    int rc;
    struct survey_error err;
    struct survey *s = load(cb, d.p, d.len, 0, 0, &rc, &err);
    assert_int_equal(rc, 0);
    size_t k = 0, loaded = 0;
    for (int i = 0; i < ROWS; i++) {
        int first = -1;
        for (int j = 0; j < i && first < 0 && ids[i][0]; j++)
            if (!strcmp(ids[j], ids[i]))
                first = j;
        if (first < 0) {
            loaded++;
            continue;
        }
        const struct survey_problem *p = nth_reject(s, k++);
        assert_non_null(p);
        assert_int_equal(p->line, i + 2);
        assert_string_equal(p->value, ids[i]);
        char where[64];
        snprintf(where, sizeof where, "first seen at d.csv:%d", first + 2);
        if (!strstr(p->detail, where))
            fail_msg("line %d: \"%s\" lacks \"%s\"", i + 2, p->detail, where);
    }
    assert_null(nth_reject(s, k));
    assert_true(k > 100);
    assert_int_equal(s->rows_loaded, (long)loaded);
    survey_free(s);
    free(d.p);
    survey_codebook_free(cb);
}

static void test_rejects_file(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    char data[512];
    snprintf(data, sizeof data, "%s1,1,1,30,1,5,5,100,\n2,1,1,150,1,5,5,100,\"a,b\"\n", HEADER);
    int rc;
    struct survey_error err;
    struct survey *s = load(cb, data, strlen(data), 0, 0, &rc, &err);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(survey_write_rejects(s, f), 0);
    fclose(f);
    assert_string_equal(out, "canyu_file,canyu_line,canyu_reason,id,community,gender,age,act_a,"
                             "sat_a,sat_b,dur,note\n"
                             "d.csv,3,\"column \"\"age\"\": value \"\"150\"\": outside 16..100\","
                             "2,1,1,150,1,5,5,100,\"a,b\"\n");
    free(out);
    survey_free(s);
    survey_codebook_free(cb);
}

/* The rejects file of S, as a string (free it). */
static char *rejects_text(const struct survey *s)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    assert_int_equal(survey_write_rejects(s, f), 0);
    fclose(f);
    return out;
}

/* Pooled files whose columns come in different orders: each rejected record
   is written under its own file's headings, in one header that is the union
   of the files' (a heading only one file has, a repeated heading counted per
   appearance, the extra fields of a record too long at the end). */
static void test_rejects_pooled_orders(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    struct survey_error err = {0};
    char a[512];
    snprintf(a, sizeof a, "%s1,1,1,30,1,5,5,100,\n2,1,1,150,1,5,5,100,\"a,b\"\n", HEADER);
    const char *b = "note,dur,sat_b,sat_a,act_a,age,gender,community,id,extra,extra\n"
                    "x,100,5,5,1,40,2,1,3,e1,f1\n"
                    ",100,5,5,1,40,9,1,4,e2,f2\n"
                    "y,100,5,5,1,40,2,1,5,e3,f3,z\n";
    assert_int_equal(survey_load_mem(s, "a.csv", a, strlen(a), NULL, &err), 0);
    assert_int_equal(survey_load_mem(s, "b.csv", b, strlen(b), NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    char *out = rejects_text(s);
    assert_string_equal(out,
                        "canyu_file,canyu_line,canyu_reason,id,community,gender,age,act_a,sat_a,"
                        "sat_b,dur,note,extra,extra\n"
                        "a.csv,3,\"column \"\"age\"\": value \"\"150\"\": outside 16..100\","
                        "2,1,1,150,1,5,5,100,\"a,b\",,\n"
                        "b.csv,3,\"column \"\"gender\"\": value \"\"9\"\": not one of the listed "
                        "answers\",4,1,9,40,1,5,5,100,,e2,f2\n"
                        "b.csv,4,\"wrong number of fields: expected 11, found 12\","
                        "5,1,2,40,1,5,5,100,y,e3,f3,z\n");
    free(out);
    survey_free(s);

    /* The same header in every file (the usual case): written as read. */
    s = survey_new(cb);
    assert_non_null(s);
    char c[512];
    snprintf(c, sizeof c, "%s7,1,1,30,1,5,5,100,\n8,1,7,30,1,5,5,100,\n", HEADER);
    assert_int_equal(survey_load_mem(s, "a.csv", a, strlen(a), NULL, &err), 0);
    assert_int_equal(survey_load_mem(s, "c.csv", c, strlen(c), NULL, &err), 0);
    out = rejects_text(s);
    assert_string_equal(out, "canyu_file,canyu_line,canyu_reason,id,community,gender,age,act_a,"
                             "sat_a,sat_b,dur,note\n"
                             "a.csv,3,\"column \"\"age\"\": value \"\"150\"\": outside 16..100\","
                             "2,1,1,150,1,5,5,100,\"a,b\"\n"
                             "c.csv,3,\"column \"\"gender\"\": value \"\"7\"\": not one of the "
                             "listed answers\",8,1,7,30,1,5,5,100,\n");
    free(out);
    survey_free(s);
    survey_codebook_free(cb);
}

static void test_header_errors(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    int rc;
    struct survey_error err;
    const char missing_col[] = "id,community,gender,age,act_a,sat_a,dur,note\n";
    struct survey *s = load(cb, missing_col, strlen(missing_col), 0, 0, &rc, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, SURVEY_ERR_HEADER);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "\"sat_b\" (cb.csv:8) is not in the data"));
    survey_free(s);

    const char extra[] = "id,community,gender,age,act_a,sat_a,sat_b,dur,note,来源IP\n"
                         "1,1,1,30,1,5,5,100,,1.2.3.4\n";
    s = load(cb, extra, strlen(extra), 0, 0, &rc, &err);
    assert_int_equal(rc, 0);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->problems[0].reason, REASON_UNKNOWN_COLUMN);
    assert_string_equal(s->problems[0].column, "来源IP");
    survey_free(s);

    s = load(cb, "", 0, 0, 0, &rc, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, SURVEY_ERR_EMPTY);
    survey_free(s);

    const char unbalanced[] = "id,community,gender,age,act_a,sat_a,sat_b,dur,note\n"
                              "1,1,1,30,1,5,5,100,\"never\nends\n";
    s = load(cb, unbalanced, strlen(unbalanced), 0, 0, &rc, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, SURVEY_ERR_CSV);
    assert_int_equal(err.line, 2);
    survey_free(s);

    const char badquote[] = "id,community,gender,age,act_a,sat_a,sat_b,dur,note\n"
                            "1,1,1,30,1,5,5,100,ok\n"
                            "2,1,1,30,1,5,5,100,\"x\"y\n";
    s = load(cb, badquote, strlen(badquote), 0, 0, &rc, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, SURVEY_ERR_CSV);
    assert_int_equal(err.line, 3);
    survey_free(s);
    survey_codebook_free(cb);
}

/* A wave whose questionnaire lacks a column: with absent_columns_ok its
   values are missing ("not asked") and the file's info names the column. */
/* A wide codebook (matched by hash): the header's messages are as for a
   narrow one, naming the right fields and codebook lines. */
static void test_wide_header(void **state)
{
    (void)state;
    enum { COLS = 3000 };
    char *text = NULL, *head = NULL;
    size_t tl = 0, hl = 0;
    FILE *c = open_memstream(&text, &tl), *h = open_memstream(&head, &hl);
    assert_non_null(c);
    assert_non_null(h);
    fputs("column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n", c);
    for (int i = 0; i < COLS; i++) {
        fprintf(c, "q%d,participation,,,,,,,,\n", i);
        fprintf(h, "%sq%d", i ? "," : "", COLS - 1 - i); /* the header reversed */
    }
    fprintf(c, "q%d,participation,,,,,,,,\n", 17); /* line COLS + 2 */
    fclose(c);
    fclose(h);
    struct survey_error err = {0};
    assert_null(survey_codebook_parse(text, tl, "wide.csv", &err));
    assert_int_equal(err.line, COLS + 2);
    assert_string_equal(err.message, "column \"q17\" is already described on line 19");
    struct survey_codebook *cb = survey_codebook_parse(text, tl - strlen("q17,participation,,,,,,,,\n"),
                                                       "wide.csv", &err);
    assert_non_null(cb);
    assert_int_equal(cb->n_cols, COLS);
    /* Every column found: one record loads. */
    char *data = malloc(hl + 2 * COLS + 8);
    assert_non_null(data);
    size_t n = (size_t)sprintf(data, "%s\n", head);
    for (int i = 0; i < COLS; i++)
        n += (size_t)sprintf(data + n, "%s1", i ? "," : "");
    n += (size_t)sprintf(data + n, "\n");
    struct survey *s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "d.csv", data, n, NULL, &err), 0);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->n_vars, COLS);
    survey_free(s);
    /* The 101st field again where the 100th should be: q2899 twice, q2900 missing. */
    char *dup = strstr(head, ",q2900,");
    assert_non_null(dup);
    memcpy(dup, ",q2899", 6);
    s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "d.csv", head, hl, NULL, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_HEADER);
    assert_string_equal(err.message, "column \"q2899\" appears twice in the header (fields 100 and 101): "
                        "name them \"q2899#1\" and \"q2899#2\" in the codebook");
    survey_free(s);
    memcpy(dup, ",q3999", 6); /* not in the codebook: ignored; q2900 is missing */
    s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "d.csv", head, hl, NULL, &err), -1);
    assert_string_equal(err.message,
                        "the codebook's column \"q2900\" (wide.csv:2902) is not in the data");
    survey_free(s);
    free(data);
    free(text);
    free(head);
    survey_codebook_free(cb);
}

static void test_absent_columns(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook();
    const char data[] = "id,community,gender,age,act_a,sat_a,dur,note\n"
                        "1,1,1,30,1,5,100,\n2,2,2,40,0,4,100,\n";
    struct survey *s = survey_new(cb);
    struct survey_error err = {0};
    struct survey_load_opts o = {.absent_columns_ok = 1};
    assert_int_equal(survey_load_mem(s, "w.csv", data, strlen(data), &o, &err), 0);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->files[0].n_absent, 1);
    assert_string_equal(s->files[0].absent[0]->column, "sat_b");
    const struct survey_var *sb = survey_var_by_name(s, "sat_b");
    assert_int_equal(sb->v[0], SURVEY_MISSING);
    assert_int_equal(sb->v[1], SURVEY_MISSING);
    assert_int_equal(survey_var_by_name(s, "sat_a")->v[1], 4);
    survey_free(s);
    survey_codebook_free(cb);
}

/* ## Quality warnings */

static void test_quality_warnings(void **state)
{
    (void)state;
    const char cbtext[] = "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
                          "id,id,,,,,,,,\nt,duration,,,,,,,,\n"
                          "q1,trust,,,,,,,,\nq2,trust,,,,,,,,\nq3,trust,,,,,,1,,\n"
                          "q4,trust,,,,,,,,\nq5,trust,,,,,,,,\nq6,trust,,,,,,,,\n";
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(cbtext, strlen(cbtext), "c", &err);
    assert_non_null(cb);
    const char data[] = "id,t,q1,q2,q3,q4,q5,q6\n"
                        "1,300,4,4,4,4,4,4\n" /* straight line (q3 raw 4 is score 2) */
                        "2,300,4,4,2,4,4,4\n"
                        "3,90,3,3,3,3,3,\n"   /* speeder (< 300/3); 5 answers: no straight line */
                        "4,310,1,2,3,4,5,1\n"
                        "5,290,5,4,3,2,1,2\n";
    struct survey *s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "q.csv", data, strlen(data), NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    assert_int_equal(s->speeders, 1);
    assert_int_equal(s->straight_liners, 1);
    int seen = 0;
    for (size_t i = 0; i < s->n_problems; i++) {
        if (s->problems[i].reason == REASON_SPEEDER)
            assert_int_equal(s->problems[i].line, 4), seen++;
        if (s->problems[i].reason == REASON_STRAIGHT_LINER)
            assert_int_equal(s->problems[i].line, 2), seen++;
    }
    assert_int_equal(seen, 2);
    survey_free(s);

    /* The median of an even count is the mean of the middle two: counted for
       whole seconds, selected when a duration has a fraction or runs past
       three hours.  Each time it is 315 s, so the limit is 105 s. */
    static const char *const times[][4] = {
        {"330", "90", "600", "300"}, {"329.5", "90", "600", "300.5"}, {"330", "90", "20000", "300"}};
    for (size_t k = 0; k < 3; k++) {
        char d[256];
        snprintf(d, sizeof d, "id,t,q1,q2,q3,q4,q5,q6\n1,%s,,,,,,\n2,%s,,,,,,\n3,%s,,,,,,\n4,%s,,,,,,\n",
                 times[k][0], times[k][1], times[k][2], times[k][3]);
        s = survey_new(cb);
        assert_int_equal(survey_load_mem(s, "q.csv", d, strlen(d), NULL, &err), 0);
        assert_int_equal(survey_finish(s, NULL), 0);
        assert_int_equal(s->speeders, 1);
        assert_int_equal(s->n_problems, 1);
        assert_string_equal(s->problems[0].detail, "speeder: took 90 s, under 105 s");
        survey_free(s);
    }
    survey_codebook_free(cb);
}

/* ## Age bands */

static void test_bands(void **state)
{
    (void)state;
    struct survey_bands b;
    struct survey_error err = {0};
    assert_int_equal(survey_bands_parse("18-34,35-59,60-", &b, &err), 0);
    assert_int_equal(b.n, 3);
    assert_string_equal(b.band[2].label, "60+");
    assert_int_equal(survey_bands_find(&b, 17), -1);
    assert_int_equal(survey_bands_find(&b, 34), 0);
    assert_int_equal(survey_bands_find(&b, 35), 1);
    assert_int_equal(survey_bands_find(&b, 99), 2);
    assert_int_equal(survey_bands_find(&b, SURVEY_MISSING), -1);
    survey_bands_free(&b);
    const char *bad[] = {"", "18-34,30-59", "35-59,18-34", "40-30", "a-b", "18", "18-34,,60-",
                         "60-,70-"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (survey_bands_parse(bad[i], &b, &err) == 0)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(err.code, SURVEY_ERR_BANDS);
    }
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codebook_errors),      cmocka_unit_test(test_codebook_defaults),
        cmocka_unit_test(test_values_and_labels),    cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_blank_records),        cmocka_unit_test(test_repeated_ids),
        cmocka_unit_test(test_rejects_file),         cmocka_unit_test(test_rejects_pooled_orders),
        cmocka_unit_test(test_header_errors),        cmocka_unit_test(test_wide_header),
        cmocka_unit_test(test_absent_columns),       cmocka_unit_test(test_quality_warnings),
        cmocka_unit_test(test_bands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
