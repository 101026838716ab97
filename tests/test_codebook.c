/* test_codebook.c — the codebook parser and its helpers: every rule of
 * docs/codebook.md on the codebook file itself, each error message in full,
 * several errors reported at once, the suggestions ("did you mean ...?") and
 * invisible characters made visible in messages; the edit distance that
 * makes the suggestions, on code points after NFKC case folding.
 */
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Internal helpers of survey/ (declared in survey/survey_internal.h, which
   only survey/ includes): tested here through their declarations. */
size_t survey_edit_distance(const char *a, const char *b);
int survey_nearest(const char *s, const char *const *cand, size_t n);
char *survey_visible(char *out, size_t size, const char *s, size_t len);

/* ## The edit distance */

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(survey_edit_distance("", ""), 0);
    assert_int_equal(survey_edit_distance("abc", ""), 3);
    assert_int_equal(survey_edit_distance("", "abc"), 3);
    assert_int_equal(survey_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(survey_edit_distance("satisfation", "satisfaction"), 1);
    /* A transposition of neighbours is one edit, not two. */
    assert_int_equal(survey_edit_distance("lable_zh", "label_zh"), 1);
    assert_int_equal(survey_edit_distance("yaer", "year"), 1);
    assert_int_equal(survey_edit_distance("ab", "ba"), 1);
    assert_int_equal(survey_edit_distance("abc", "ca"), 3); /* OSA: no edit of a moved pair */
    assert_int_equal(survey_edit_distance("性别您的", "您的性别"), 4);
    /* Code points, not bytes: one Chinese character is one edit. */
    assert_int_equal(survey_edit_distance("您的性别", "您的姓别"), 1);
    assert_int_equal(survey_edit_distance("年龄", "年龄段"), 1);
    /* Trimmed (ASCII white space, the ideographic space) and case-folded. */
    assert_int_equal(survey_edit_distance("  Role\t", "role"), 0);
    assert_int_equal(survey_edit_distance("\xE3\x80\x80年龄", "年龄"), 0);
    assert_int_equal(survey_edit_distance("COLUMN", "column"), 0);
    /* NFKC: a full-width colon is a colon, full-width letters are letters,
       a no-break space is a space (and trimmed at the ends). */
    assert_int_equal(survey_edit_distance("1、您的性别：", "1、您的性别:"), 0);
    assert_int_equal(survey_edit_distance("ｒｏｌｅ", "role"), 0);
    assert_int_equal(survey_edit_distance("\xC2\xA0年龄\xC2\xA0", "年龄"), 0);
    assert_int_equal(survey_edit_distance("a\xC2\xA0" "b", "a b"), 0);
    /* A zero-width space is dropped (default-ignorable). */
    assert_int_equal(survey_edit_distance("年\xE2\x80\x8B龄", "年龄"), 0);
    /* Composed and decomposed forms are equal. */
    assert_int_equal(survey_edit_distance("caf\xC3\xA9", "cafe\xCC\x81"), 0);
    /* Symmetric. */
    assert_int_equal(survey_edit_distance("participation", "partcipation"), 1);
    assert_int_equal(survey_edit_distance("partcipation", "participation"), 1);
    /* Long strings, past the stack buffers (128 code points). */
    char a[1201], b[1201];
    for (int i = 0; i < 400; i++)
        memcpy(a + 3 * i, "参", 3), memcpy(b + 3 * i, i == 200 ? "加" : "参", 3);
    a[1200] = b[1200] = '\0';
    assert_int_equal(survey_edit_distance(a, a), 0);
    assert_int_equal(survey_edit_distance(a, b), 1);
    assert_int_equal(survey_edit_distance(a, "参"), 399);
    assert_int_equal(survey_edit_distance("参", b), 399);
    /* Bytes that are not UTF-8 are compared byte by byte. */
    assert_int_equal(survey_edit_distance("a\xFF" "b", "a\xFE" "b"), 1);
}

static void test_nearest(void **state)
{
    (void)state;
    const char *const roles[] = {"id", "age", "gender", "satisfaction", "trust", "text"};
    assert_int_equal(survey_nearest("satisfation", roles, 6), 3);
    assert_int_equal(survey_nearest("aeg", roles, 6), 1);
    assert_int_equal(survey_nearest("Gender", roles, 6), 2);
    assert_int_equal(survey_nearest("ages", roles, 6), 1);
    assert_int_equal(survey_nearest("tex", roles, 6), 5);
    /* The nearer wins ("trxt": 2 from "trust", 1 from "text"); of equals, the
       first ("tet": 1 from "text", 2 from "trust"; "xe": 2 from "age", "id"). */
    assert_int_equal(survey_nearest("trxt", roles, 6), 5);
    assert_int_equal(survey_nearest("tet", roles, 6), 5);
    assert_int_equal(survey_nearest("xe", roles, 6), -1);
    /* Nothing near enough: no suggestion. */
    assert_int_equal(survey_nearest("colour", roles, 6), -1);
    assert_int_equal(survey_nearest("xyz", roles, 6), -1);
    assert_int_equal(survey_nearest("", roles, 6), -1);
    assert_int_equal(survey_nearest("age", roles, 0), -1);
    const char *const headers[] = {"1、您的性别:", "2、您的年龄:", "3、您所在的社区:"};
    assert_int_equal(survey_nearest("1、您的性别：", headers, 3), 0);
    assert_int_equal(survey_nearest("2、您的年纪:", headers, 3), 1);
    assert_int_equal(survey_nearest("您所在的社区", headers, 3), 2);
}

/* ## Invisible characters in messages */

static void test_visible(void **state)
{
    (void)state;
    char out[64];
#define VIS(s) survey_visible(out, sizeof out, s, strlen(s))
    assert_string_equal(VIS("年龄"), "年龄");
    assert_string_equal(VIS("a b"), "a b");
    assert_string_equal(VIS("年龄\xC2\xA0"), "年龄<U+00A0>");
    assert_string_equal(VIS("年\xE2\x80\x8B龄"), "年<U+200B>龄");
    assert_string_equal(VIS("您的\xE3\x80\x80性别"), "您的<U+3000>性别");
    assert_string_equal(VIS("a\tb"), "a<U+0009>b");
    assert_string_equal(VIS("a\r\nb"), "a<U+000D><U+000A>b");
    assert_string_equal(VIS("\xEF\xBB\xBFid"), "<U+FEFF>id");
    assert_string_equal(VIS("x\xE2\x80\x83y"), "x<U+2003>y"); /* em space */
    assert_string_equal(VIS("a\xFF"), "a<0xFF>");
    assert_string_equal(VIS(""), "");
    /* Cut at a whole character or code, with an ellipsis. */
    char small[12];
    assert_string_equal(survey_visible(small, sizeof small, "abcdefghijklmnop", 16), "abcdefgh…");
    assert_string_equal(survey_visible(small, sizeof small, "参加参加参加", 18), "参加…");
    assert_string_equal(survey_visible(small, sizeof small, "a\xC2\xA0\xC2\xA0", 5), "a…");
    char room[13]; /* "a<U+00A0>…" and its NUL */
    assert_string_equal(survey_visible(room, sizeof room, "a\xC2\xA0\xC2\xA0", 5), "a<U+00A0>…");
    assert_string_equal(survey_visible(small, sizeof small, "abcdefghijk", 11), "abcdefghijk");
    assert_string_equal(survey_visible(small, 1, "abc", 3), "");
    /* LEN bytes only: the rest is not read. */
    assert_string_equal(survey_visible(out, sizeof out, "abc\xC2\xA0", 3), "abc");
#undef VIS
}


/* ## Parsing, and the problems of a codebook */

#define H "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
#define ROLES                                                                                 \
    "id, year, subdistrict, community, gender, age, party_member, participation, activities, " \
    "barrier, satisfaction, trust, weight, duration, text, ignore, single, multi, option, numeric, " \
    "likert, scale, birth_year"

static struct survey_codebook *parse(const char *text)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(text, strlen(text), "cb.csv", &err);
    if (!cb)
        fail_msg("codebook refused: %s:%ld: %s", err.file, err.line, err.message);
    return cb;
}

/* TEXT is refused with exactly the problems WANT: "LINE: message" each, then
   "+N" for N omitted ones, ending with NULL. */
static void refused(const char *text, ...)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(text, strlen(text), "bad.csv", &err);
    if (cb) {
        survey_codebook_free(cb);
        fail_msg("codebook accepted:\n%s", text);
    }
    assert_string_equal(err.file, "bad.csv");
    va_list ap;
    va_start(ap, text);
    size_t k = 0;
    for (const char *want; (want = va_arg(ap, const char *)) != NULL; k++) {
        if (want[0] == '+') {
            assert_int_equal(err.n_omitted, strtoul(want + 1, NULL, 10));
            assert_int_equal(k, 1 + err.n_more);
            k--;
            continue;
        }
        if (k > err.n_more)
            fail_msg("expected problem %zu \"%s\", but only %zu were found", k + 1, want,
                     1 + err.n_more);
        char got[600];
        snprintf(got, sizeof got, "%ld: %s", k ? err.more[k - 1].line : err.line,
                 k ? err.more[k - 1].message : err.message);
        assert_string_equal(got, want);
    }
    va_end(ap);
    if (k != 1 + err.n_more)
        fail_msg("%zu problems expected, %zu found; the next: %s", k, 1 + err.n_more,
                 err.more[k - 1].message);
}

static void test_problems_at_once(void **state)
{
    (void)state;
    refused(H "id,id,,,,,,,,\n"
              "year,yaer,,,,,,,,\n"
              "id,text,,,,,,,,\n"
              "age,age,,,,90,18,,,\n"
              "gender,gender,,,,,,,,1=男;x=女;1=女;2=男\n"
              "community,age,,,,,x,,,\n"
              "sat,satisfation,,,,1,5,2,,1=a;6=b\n"
              "t,trust,,,,1,5,,,1=a;9=b\n"
              "w,weight,,,,,,1,,1=a\n"
              "a,activities,,,,,,,,\n",
            "3: column \"year\": unknown role \"yaer\" (did you mean \"year\"? roles: " ROLES ")",
            "4: column \"id\" is already described on line 2",
            "5: column \"age\": min 90 is greater than max 18",
            "6: column \"gender\": malformed value label \"x=女\" (expected CODE=LABEL with a "
            "whole-number code)",
            "6: column \"gender\": code 1 is listed twice",
            "6: column \"gender\": label \"男\" is listed twice",
            "7: column \"community\": role \"age\" is already given to \"age\" on line 5; it may "
            "appear once",
            "7: column \"community\": max \"x\" is not a whole number between -32767 and 32767",
            "7: column \"community\": give both min and max, or neither",
            "8: column \"sat\": unknown role \"satisfation\" (did you mean \"satisfaction\"? "
            "roles: " ROLES ")",
            "8: column \"sat\": reverse must be 1, 0 or blank, not \"2\"",
            "9: column \"t\": code 9 is outside 1..5",
            "10: column \"w\": only Likert items (satisfaction, trust, likert) can be reverse-worded",
            "10: column \"w\": role \"weight\" takes no value labels",
            "11: column \"a\": an activities column needs its options in values", NULL);
    /* No role, an empty column name, an empty label. */
    refused(H "a,,,,,,,,,\n"
              ",id,,,,,,,,\n"
              "g,gender,,,,,,,,1=男;;2=女\n",
            "2: column \"a\": no role given (roles: " ROLES ")", "3: empty column name",
            "4: column \"g\": empty value label in \"1=男;;2=女\"", NULL);
    /* A Likert item needs two levels. */
    refused(H "t,trust,,,,3,3,,,\n", "2: column \"t\": a Likert item needs min < max", NULL);
    /* The codebook as a whole. */
    refused("", "0: the codebook is empty", NULL);
    refused(H, "1: the codebook describes no columns", NULL);
    refused(H "\n,,,,\n", "1: the codebook describes no columns", NULL);
}

/* The multiple-response roles: a multi column lists its options and takes
   no scale; an option column names its question in scale, is coded 1 and 0,
   and its question's name is no Likert scale's; all named at once. */
static void test_multi_option_problems(void **state)
{
    (void)state;
    refused(H "id,id,,,,,,,,\n"
              "ch,multi,,,,,,,,\n"
              "ch2,multi,,,q,,,,,a;b\n"
              "o1,option,,,,,,,,\n"
              "o2,option,,,q2,,,,,1=是;2=否\n"
              "l1,likert,,,q3,1,5,,,\n"
              "o3,option,,,q3,,,,,\n"
              "o4,option,,,q4,,,,,\n"
              "l2,likert,,,q4,1,5,,,\n"
              "o5,option,,,q5,,,1,,\n",
            "3: column \"ch\": a multi column needs its options in values",
            "4: column \"ch2\": a multi column is a question of its own and takes no scale "
            "(scale \"q\")",
            "5: column \"o1\": an option column needs its question's name in scale (the columns "
            "of one question share it)",
            "6: column \"o2\": an option column is coded 1 (chosen) and 0 (not chosen), not 2",
            "8: column \"o3\": scale \"q3\" is a Likert scale on line 7; an option question and "
            "a Likert scale need different names",
            "10: column \"l2\": scale \"q4\" is a question of option columns on line 9; an "
            "option question and a Likert scale need different names",
            "11: column \"o5\": only Likert items (satisfaction, trust, likert) can be "
            "reverse-worded",
            NULL);
    /* What is allowed: options relabelled, a multi's code 0 an option. */
    struct survey_codebook *cb = parse(H "ch,multi,渠道,,,,,,,0=无|none;1=微信|WeChat\n"
                                         "o1,option,微信,,channels,,,,,1=是;0=否\n"
                                         "o2,option,电视,,channels,,,,9,\n"
                                         "channels,scale,信息渠道,Channels,,,,,,\n");
    assert_non_null(cb);
    assert_int_equal(cb->cols[0].role, ROLE_MULTI);
    assert_int_equal(cb->cols[0].n_values, 2);
    assert_int_equal(cb->cols[1].role, ROLE_OPTION);
    assert_string_equal(survey_cbcol_label(&cb->cols[1], 1), "是");
    assert_int_equal(cb->cols[2].n_values, 2);
    assert_string_equal(survey_cbcol_label_en(&cb->cols[2], 1), "chosen");
    assert_string_equal(survey_cbcol_label(&cb->cols[2], 0), "未选中");
    survey_codebook_free(cb);
}

static void test_problems_capped(void **state)
{
    (void)state;
    char text[4096];
    size_t at = (size_t)snprintf(text, sizeof text, "%s", H);
    for (int i = 1; i <= 40; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "c%d,nope,,,,,,,,\n", i);
    struct survey_error err = {0};
    assert_null(survey_codebook_parse(text, strlen(text), "many.csv", &err));
    assert_int_equal(err.code, SURVEY_ERR_CODEBOOK);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.n_more, SURVEY_ERROR_MORE);
    assert_int_equal(err.n_omitted, 40 - 1 - SURVEY_ERROR_MORE);
    assert_int_equal(survey_error_count(&err), 40);
    for (size_t k = 0; k < err.n_more; k++) {
        char want[600];
        snprintf(want, sizeof want, "column \"c%zu\": unknown role \"nope\" (roles: " ROLES ")",
                 k + 2);
        assert_int_equal(err.more[k].line, (long)k + 3);
        assert_string_equal(err.more[k].message, want);
    }
    /* survey_error_set makes it one problem again. */
    survey_error_set(&err, SURVEY_ERR_IO, "x", 0, "gone");
    assert_int_equal(err.n_more, 0);
    assert_int_equal(err.n_omitted, 0);
    assert_int_equal(survey_error_count(&err), 1);
    struct survey_error none = {0};
    assert_int_equal(survey_error_count(&none), 0);
    assert_int_equal(survey_error_add(&none, SURVEY_ERR_CODEBOOK, "f", 7, "a %d", 1), -1);
    assert_int_equal(survey_error_add(&none, SURVEY_ERR_IO, "g", 9, "b"), -1);
    assert_int_equal(none.code, SURVEY_ERR_CODEBOOK);
    assert_string_equal(none.file, "f");
    assert_int_equal(none.line, 7);
    assert_string_equal(none.message, "a 1");
    assert_int_equal(none.n_more, 1);
    assert_int_equal(none.more[0].line, 9);
    assert_string_equal(none.more[0].message, "b");
    assert_int_equal(survey_error_add(NULL, SURVEY_ERR_IO, "g", 9, "b"), -1);
}

static void test_problems_then_reader_error(void **state)
{
    (void)state;
    /* The rows before a NUL byte are checked; the NUL ends the list. */
    static const char text[] = H "a,idd,,,,,,,,\n\0b,age,,,,,,,,\n";
    struct survey_error err = {0};
    assert_null(survey_codebook_parse(text, sizeof text - 1, "nul.csv", &err));
    assert_int_equal(err.code, SURVEY_ERR_CODEBOOK);
    assert_int_equal(err.n_more, 1);
    assert_int_equal(err.more[0].line, 3);
    assert_non_null(strstr(err.more[0].message, "a NUL byte"));
    /* Alone, the reader's error keeps its own code. */
    static const char nul[] = H "a,id,,,,,,,,\n\0";
    memset(&err, 0, sizeof err);
    assert_null(survey_codebook_parse(nul, sizeof nul - 1, "nul.csv", &err));
    assert_int_equal(err.code, SURVEY_ERR_ENCODING);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.n_more, 0);
    /* An unbalanced quote. */
    refused(H "a,idd,,,,,,,,\n\"b,age\n",
            "2: column \"a\": unknown role \"idd\" (did you mean \"id\"? roles: " ROLES ")",
            "3: unbalanced quote: the quoted field in the record starting here never ends", NULL);
}

static void test_invisible_in_messages(void **state)
{
    (void)state;
    refused(H "i\xC2\xA0" "d,id,,,,,,,,\n"
              "i\xC2\xA0" "d,text,,,,,,,,\n"
              "age,a\xE2\x80\x8Bge,,,,,,,,\n"
              "g,gender,,,,,,,,1=男\xE3\x80\x80性;2=男\xE3\x80\x80性\n"
              "\"t\tx\",trust,,,,1,5,2\xC2\xA0" "2,,\n",
            "3: column \"i<U+00A0>d\" is already described on line 2",
            "4: column \"age\": unknown role \"a<U+200B>ge\" (did you mean \"age\"? roles: " ROLES
            ")",
            "5: column \"g\": label \"男<U+3000>性\" is listed twice",
            "6: column \"t<U+0009>x\": reverse must be 1, 0 or blank, not \"2<U+00A0>2\"", NULL);
}

static void test_place(void **state)
{
    (void)state;
    char buf[80];
    struct survey_codebook *cb = parse(H "a,id,,,,,,,,\nb,age,,,,,,,,\n");
    assert_int_equal(cb->builtin, 0);
    assert_string_equal(survey_cbcol_place(cb, &cb->cols[1], buf, sizeof buf), "cb.csv:3");
    survey_codebook_free(cb);
    struct survey_error err = {0};
    cb = survey_codebook_default(&err);
    assert_non_null(cb);
    assert_int_equal(cb->builtin, 1);
    assert_string_equal(cb->file, "(built-in codebook)");
    assert_string_equal(survey_cbcol_place(cb, &cb->cols[0], buf, sizeof buf),
                        "line 2 of the built-in codebook");
    survey_codebook_free(cb);
}

/* ## The codebook's header */

#define HEADINGS "headings: column, role, label_zh, label_en, scale, min, max, reverse, missing, values, note"

static void test_headings(void **state)
{
    (void)state;
    /* Any letter case, any order, a note column, empty headings at the end. */
    struct survey_codebook *cb = parse("\xEF\xBB\xBF Column ,NOTE,ROLE,Label_ZH,label_en,Values,,\n"
                                       "g,my remark,gender,性别,Gender,1=男;2=女,,\n"
                                       "a,,age,,,,\n");
    assert_int_equal(cb->n_cols, 2);
    assert_string_equal(cb->cols[0].column, "g");
    assert_int_equal(cb->cols[0].role, ROLE_GENDER);
    assert_string_equal(cb->cols[0].label_zh, "性别");
    assert_string_equal(cb->cols[0].label_en, "Gender");
    assert_string_equal(cb->cols[0].note, "my remark");
    assert_int_equal(cb->cols[0].n_values, 2);
    assert_string_equal(cb->cols[1].note, "");
    assert_int_equal(cb->cols[1].role, ROLE_AGE);
    survey_codebook_free(cb);
    /* A cell under an empty trailing heading is no field. */
    cb = parse("column,role,\na,id,whatever\n");
    assert_int_equal(cb->n_cols, 1);
    survey_codebook_free(cb);
    /* The full header with a note. */
    cb = parse("column,role,label_zh,label_en,scale,min,max,reverse,missing,values,note\n"
               "t,trust,信任,Trust,inst,1,7,1,9,,guessed from the wording\n");
    assert_int_equal(cb->cols[0].max, 7);
    assert_int_equal(cb->cols[0].reverse, 1);
    assert_string_equal(cb->cols[0].note, "guessed from the wording");
    survey_codebook_free(cb);

    /* Every unknown heading, the nearest known one when one is near. */
    refused("column,role,lable_zh,colour,valeus\na,id,,,\nb,idd,,,\n",
            "1: unknown codebook heading \"lable_zh\" (did you mean \"label_zh\"? " HEADINGS ")",
            "1: unknown codebook heading \"colour\" (" HEADINGS ")",
            "1: unknown codebook heading \"valeus\" (did you mean \"values\"? " HEADINGS ")",
            "3: column \"b\": unknown role \"idd\" (did you mean \"id\"? roles: " ROLES ")", NULL);
    /* Full-width letters are suggested as themselves; invisible characters shown. */
    refused("ｃｏｌｕｍｎ,role\xC2\xA0x\na,id\n",
            "1: unknown codebook heading \"ｃｏｌｕｍｎ\" (did you mean \"column\"? " HEADINGS ")",
            "1: unknown codebook heading \"role<U+00A0>x\" (did you mean \"role\"? " HEADINGS ")",
            "1: the codebook header needs at least \"column\" and \"role\"", NULL);
    /* An empty heading before the last. */
    refused("column,,role\na,,id\n",
            "1: codebook heading 2 is empty (only empty headings after the last one are allowed; "
            HEADINGS ")", NULL);
    /* A heading twice, in two letter cases. */
    refused("column,role,Role\na,id,id\n", "1: codebook heading \"role\" appears twice", NULL);
    refused("column,label_zh\na,x\n", "1: the codebook header needs at least \"column\" and \"role\"",
            NULL);
    refused(",,\n", "1: the codebook header needs at least \"column\" and \"role\"", NULL);
}

/* ## Full-width separators */

static void test_fullwidth_separators(void **state)
{
    (void)state;
    struct survey_codebook *cb = parse(H "g,gender,,,,,,,,1=男；2=女\n"
                                         "p,party_member,,,,,,,,0＝否；1＝是\n"
                                         "b,barrier,,,,,,,9；说不清；a＝b,没有时间；不感兴趣;其他\n"
                                         "c,community,,,,,,,,1=甲社区；\n");
    const struct survey_cbcol *g = &cb->cols[0], *p = &cb->cols[1], *b = &cb->cols[2];
    assert_int_equal(g->n_values, 2);
    assert_string_equal(survey_cbcol_label(g, 1), "男");
    assert_string_equal(survey_cbcol_label(g, 2), "女");
    assert_int_equal(p->n_values, 2);
    assert_string_equal(survey_cbcol_label(p, 0), "否");
    assert_string_equal(survey_cbcol_label(p, 1), "是");
    /* In missing, `；` separates; `＝` is no separator there and stays. */
    assert_int_equal(b->n_missing, 3);
    assert_string_equal(b->missing[0], "9");
    assert_string_equal(b->missing[1], "说不清");
    assert_string_equal(b->missing[2], "a＝b");
    assert_int_equal(b->n_values, 3);
    assert_string_equal(survey_cbcol_label(b, 2), "不感兴趣");
    assert_string_equal(survey_cbcol_label(b, 3), "其他");
    assert_int_equal(cb->cols[3].n_values, 1);
    survey_codebook_free(cb);
    /* The problems name the labels as read. */
    refused(H "g,gender,,,,,,,,1=男；1=女；x＝y\n",
            "2: column \"g\": code 1 is listed twice",
            "2: column \"g\": malformed value label \"x=y\" (expected CODE=LABEL with a whole-number "
            "code)", NULL);
}

/* ## Labels in two languages */

static void test_bilingual_labels(void **state)
{
    (void)state;
    struct survey_codebook *cb = parse(H "g,gender,,,,,,,,1=男|male;2 = 女 | female \n"
                                         "b,barrier,,,,,,,,没有时间|no time;不感兴趣;其他|\n"
                                         "c,community,,,,,,,,1＝甲社区｜A；2＝乙社区|B\n");
    const struct survey_cbcol *g = &cb->cols[0], *b = &cb->cols[1], *c = &cb->cols[2];
    assert_int_equal(g->n_values, 2);
    assert_string_equal(g->values[1].text, "女");
    assert_string_equal(g->values[1].text_en, "female");
    assert_string_equal(survey_cbcol_label(g, 1), "男");
    assert_string_equal(survey_cbcol_label_en(g, 1), "male");
    assert_string_equal(survey_cbcol_label_en(g, 2), "female");
    assert_null(survey_cbcol_label_en(g, 3));
    assert_null(survey_cbcol_label(g, 3));
    /* Without an English label, the Chinese one. */
    assert_string_equal(b->values[1].text_en, "");
    assert_string_equal(survey_cbcol_label_en(b, 1), "no time");
    assert_string_equal(survey_cbcol_label_en(b, 2), "不感兴趣");
    assert_string_equal(survey_cbcol_label(b, 3), "其他");
    assert_string_equal(survey_cbcol_label_en(b, 3), "其他");
    /* A full-width bar is no separator (only ； and ＝ are read as ASCII). */
    assert_string_equal(survey_cbcol_label(c, 1), "甲社区｜A");
    assert_string_equal(survey_cbcol_label_en(c, 2), "B");
    /* A cell holding either label means the code. */
    int code = 0;
    assert_int_equal(survey_cbcol_code(g, "male", 4, &code), 1);
    assert_int_equal(code, 1);
    assert_int_equal(survey_cbcol_code(g, "女", strlen("女"), &code), 1);
    assert_int_equal(code, 2);
    assert_int_equal(survey_cbcol_code(g, "female", 6, &code), 1);
    assert_int_equal(code, 2);
    assert_int_equal(survey_cbcol_code(g, "Male", 4, &code), 0);
    assert_int_equal(survey_cbcol_code(g, "男|male", strlen("男|male"), &code), 0);
    assert_int_equal(survey_cbcol_code(b, "", 0, &code), 0);
    /* A code is no label (a cell's number is compared with the codes). */
    assert_int_equal(survey_cbcol_code(g, "2", 1, &code), 0);
    survey_codebook_free(cb);

    /* Every label, in either language, once. */
    refused(H "g,gender,,,,,,,,1=男|male;2=女|male\n"
              "h,party_member,,,,,,,,1=是|yes;2=yes\n"
              "i,barrier,,,,,,,,1=a|b;2=b|c\n"
              "j,community,,,,,,,,1=|A;|B;2=甲|甲\n",
            "2: column \"g\": label \"male\" is listed twice",
            "3: column \"h\": label \"yes\" is listed twice",
            "4: column \"i\": label \"b\" is listed twice",
            "5: column \"j\": value label \"1=|A\" has no label before \"|\" (expected CODE=LABEL or "
            "CODE=LABEL|ENGLISH LABEL)",
            "5: column \"j\": value label \"|B\" has no label before \"|\" (expected CODE=LABEL or "
            "CODE=LABEL|ENGLISH LABEL)", NULL);
}

/* ## The file-wide missing row */

static void test_missing_row(void **state)
{
    (void)state;
    struct survey_codebook *cb = parse(H "id,id,,,,,,,,\n"
                                         "*,missing,,,,,,,-2；-3;(跳过); (空) ,\n"
                                         "g,gender,,,,,,,9;-2,1=男;2=女\n"
                                         "a,age,,,,16,100,,,\n");
    assert_int_equal(cb->n_cols, 3); /* the row is no column */
    assert_int_equal(cb->n_missing_all, 4);
    assert_int_equal(cb->missing_all_line, 3);
    assert_string_equal(cb->missing_all[0], "-2");
    assert_string_equal(cb->missing_all[3], "(空)");
    /* Merged into every column, after its own, once. */
    const struct survey_cbcol *g = &cb->cols[1], *a = &cb->cols[2];
    assert_int_equal(g->n_missing, 5);
    const char *want_g[] = {"9", "-2", "-3", "(跳过)", "(空)"};
    for (size_t k = 0; k < 5; k++)
        assert_string_equal(g->missing[k], want_g[k]);
    assert_int_equal(a->n_missing, 4);
    assert_string_equal(a->missing[0], "-2");
    assert_int_equal(cb->cols[0].n_missing, 4);

    /* The loader, unchanged, reads them as missing in every column. */
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    static const char data[] = "id,g,a\n1,(跳过),-3\n2,1,(空)\n3,-2,40\n4,9,-2\n5,2,17\n";
    struct survey_error err = {0};
    assert_int_equal(survey_load_mem(s, "d.csv", data, strlen(data), NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    assert_int_equal(s->rows_loaded, 5);
    const struct survey_var *gv = survey_var_by_role(s, ROLE_GENDER),
                            *av = survey_var_by_role(s, ROLE_AGE);
    const int16_t want_gv[] = {SURVEY_MISSING, 1, SURVEY_MISSING, SURVEY_MISSING, 2};
    const int16_t want_av[] = {SURVEY_MISSING, SURVEY_MISSING, 40, SURVEY_MISSING, 17};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(gv->v[i], want_gv[i]);
        assert_int_equal(av->v[i], want_av[i]);
    }
    survey_free(s);
    survey_codebook_free(cb);

    /* Without one, nothing is merged. */
    cb = parse(H "g,gender,,,,,,,9,1=男\n");
    assert_int_equal(cb->n_missing_all, 0);
    assert_null(cb->missing_all);
    assert_int_equal(cb->missing_all_line, 0);
    assert_int_equal(cb->cols[0].n_missing, 1);
    survey_codebook_free(cb);

    refused(H "*,missing,,,,,,,-2,\n"
              "*,missing,,,,,,,-3,\n"
              "*,ignore,,,,,,,-3,\n"
              "x,missing,,,,,,,-3,\n"
              "g,gender,,,,,,,,1=男\n",
            "3: the file-wide missing row (column \"*\") is already given on line 2",
            "4: column \"*\" is the file-wide missing row: its role is \"missing\", not \"ignore\"",
            "5: column \"x\": role \"missing\" is for the file-wide missing row, whose column is "
            "\"*\"", NULL);
    refused(H "*,missing,缺失,,,1,2,,-2,1=a\n"
              "g,gender,,,,,,,,1=男\n",
            "2: the file-wide missing row (column \"*\") takes only \"missing\", not label_zh, min, "
            "max, values", NULL);
    refused(H "*,missing,,,,,,,  ,\ng,gender,,,,,,,,1=男\n",
            "2: the file-wide missing row (column \"*\") lists no answers in \"missing\"", NULL);
    /* A codebook of only the row describes no columns. */
    refused(H "*,missing,,,,,,,-2,\n", "1: the codebook describes no columns", NULL);
}

/* ## Yes and no in participation items */

/* The column's values as "code=text" (aliases as "code<-text"), joined by ';'. */
static const char *values_of(const struct survey_cbcol *col, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < col->n_values; k++)
        at += (size_t)snprintf(buf + at, size - at, "%s%d%s%s", k ? ";" : "", col->values[k].code,
                               col->values[k].alias ? "<-" : "=", col->values[k].text);
    return buf;
}

static void test_participation_yes(void **state)
{
    (void)state;
    struct survey_codebook *cb = parse(H "a,participation,,,,,,,,\n"
                                         "b,participation,,,,,,,,1=是;2=否\n"
                                         "c,participation,,,,,,,9,1=否;2=是\n"
                                         "d,participation,,,,,,,,0=是;1=否\n"
                                         "e,participation,,,,,,,,否;是\n"
                                         "f,participation,,,,,,,,1=No|否;2=YES\n"
                                         "g,participation,,,,,,,,2=参加过;3=没参加过\n"
                                         "h,participation,,,,,,,,1=没有;2=有;3=说不清\n"
                                         "i,participation,,,,,,,,0=否;1=是;9=不适用\n"
                                         "j,participation,,,,,,,,5=参与过;6=未参与\n");
    char buf[256];
    struct {
        int yes_code;
        const char *values;
    } want[] = {
        {1, "1=是;0=否"},                        /* the default */
        {1, "1=是;2=否"},                        /* wjx's coding: nothing to recode */
        {2, "2=否;1=是;1<-2;2<-1"},              /* yes and code 1 swap, the written codes alias */
        {1, "0=是;1=否"},                        /* codes 1 and 0: 1 is yes whatever the labels */
        {2, "2=否;1=是;1<-2;2<-1"},              /* bare labels: codes 1 and 2 */
        {2, "2=No;1=YES;1<-2;2<-1"},             /* yes in any letter case */
        {2, "1=参加过;3=没参加过;1<-2"},         /* no code 1 to swap with */
        {2, "2=没有;1=有;3=说不清;1<-2;2<-1"},
        {1, "0=否;1=是;9=不适用"},
        {5, "1=参与过;6=未参与;1<-5"},
    };
    assert_int_equal(cb->n_cols, 10);
    for (size_t i = 0; i < cb->n_cols; i++) {
        assert_int_equal(cb->cols[i].yes_code, want[i].yes_code);
        assert_string_equal(values_of(&cb->cols[i], buf, sizeof buf), want[i].values);
    }
    /* Labels are found by their new codes; aliases are no labels. */
    const struct survey_cbcol *c = &cb->cols[2];
    assert_string_equal(survey_cbcol_label(c, 1), "是");
    assert_string_equal(survey_cbcol_label(c, 2), "否");
    assert_string_equal(survey_cbcol_label_en(c, 1), "是");
    int code = 0;
    assert_int_equal(survey_cbcol_code(c, "2", 1, &code), 1);
    assert_int_equal(code, 1);
    assert_int_equal(survey_cbcol_code(c, "否", strlen("否"), &code), 1);
    assert_int_equal(code, 2);
    assert_string_equal(survey_cbcol_label_en(&cb->cols[5], 2), "否");
    /* Every other column's yes_code is 1. */
    survey_codebook_free(cb);
    cb = parse(H "g,gender,,,,,,,,1=男;2=女\nx,activities,,,,,,,,1=志愿服务;0=以上都没有\n");
    assert_int_equal(cb->cols[0].yes_code, 1);
    assert_int_equal(cb->cols[1].yes_code, 1);
    survey_codebook_free(cb);

    /* The loader, unchanged, reads the recoded item: yes is 1, no is not. */
    cb = parse(H "id,id,,,,,,,,\n"
                 "c,participation,,,,,,,9,1=否;2=是\n"
                 "g,participation,,,,,,,,2=参加过;3=没参加过\n");
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    static const char data[] = "id,c,g\n1,1,2\n2,2,3\n3,是,参加过\n4,否,没参加过\n5,9,\n6, 2 ,x\n";
    struct survey_error err = {0};
    assert_int_equal(survey_load_mem(s, "d.csv", data, strlen(data), NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    assert_int_equal(s->rows_loaded, 5);
    assert_int_equal(s->rows_excluded, 1); /* "x" is no answer of g */
    const struct survey_var *cv = survey_var_by_name(s, "c"), *gv = survey_var_by_name(s, "g");
    const int16_t want_c[] = {2, 1, 1, 2, SURVEY_MISSING};
    const int16_t want_g[] = {1, 3, 1, 3, SURVEY_MISSING};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(cv->v[i], want_c[i]);
        assert_int_equal(gv->v[i], want_g[i]);
    }
    survey_free(s);
    survey_codebook_free(cb);

    /* An item whose yes cannot be told is a problem on its line. */
    refused(H "a,participation,,,,,,,,1=男|male;2=女\n"
              "b,participation,,,,,,,,1=经常;2=偶尔;3=从不\n"
              "c,participation,,,,,,,,1=是;2=参加过\n"
              "d,participation,,,,,,,,2=有|yes;3=没有|no\n"
              "e,participation,,,,,,,,0=否;2=否认\n",
            "2: column \"a\": cannot tell which answer of this participation item is yes: label it "
            "是, 有, 参加, 参加过, 参与过 or yes, or code yes 1 and no 0",
            "3: column \"b\": cannot tell which answer of this participation item is yes: label it "
            "是, 有, 参加, 参加过, 参与过 or yes, or code yes 1 and no 0",
            "4: column \"c\": two answers of this participation item read as yes, 1=是 and 2=参加过: "
            "only one may",
            "6: column \"e\": cannot tell which answer of this participation item is yes: label it "
            "是, 有, 参加, 参加过, 参与过 or yes, or code yes 1 and no 0", NULL);
}

/* The age asked once: as an age, as brackets or as a birth year. */
static void test_age_roles(void **state)
{
    (void)state;
    refused(H "id,id,,,,,,,,\n"
              "a,age,,,,16,100,,,\n"
              "b,birth_year,,,,1900,2010,,,\n"
              "c,birth_year,,,,,,,,1=x\n"
              "d,age,,,,18,99,,,18-29岁;30岁以上\n",
            "4: column \"b\": role \"birth_year\" and role \"age\" of \"a\" on line 3 both give "
            "the age: keep one of them",
            "5: column \"c\": role \"birth_year\" is already given to \"b\" on line 4; it may "
            "appear once",
            "5: column \"c\": role \"birth_year\" and role \"age\" of \"a\" on line 3 both give "
            "the age: keep one of them",
            "5: column \"c\": role \"birth_year\" takes no value labels",
            "6: column \"d\": role \"age\" is already given to \"a\" on line 3; it may appear once",
            "6: column \"d\": role \"age\" and role \"birth_year\" of \"b\" on line 4 both give "
            "the age: keep one of them",
            "6: column \"d\": an age asked as brackets (values) takes no min or max: the brackets "
            "are the age groups",
            NULL);
    /* Brackets as bare labels (codes 1, 2, ...) or with English labels. */
    struct survey_codebook *cb = parse(H "a,age,,,,,,,说不清,18-29岁|18-29;30-59岁;60岁以上|60+\n");
    const struct survey_cbcol *age = survey_codebook_age_brackets(cb);
    assert_non_null(age);
    assert_int_equal(age->n_values, 3);
    assert_int_equal(age->values[2].code, 3);
    struct survey_bands b;
    struct survey_error err = {0};
    assert_int_equal(survey_bands_from_codebook(cb, 0, &b, &err), 0);
    assert_int_equal(b.n, 3);
    assert_true(b.coded);
    assert_string_equal(b.band[0].label, "18-29岁");
    assert_string_equal(b.band[2].label, "60岁以上");
    assert_int_equal(survey_bands_find(&b, 2), 1);
    assert_int_equal(survey_bands_find(&b, 4), -1);
    assert_int_equal(survey_bands_find(&b, SURVEY_MISSING), -1);
    survey_bands_free(&b);
    assert_int_equal(survey_bands_from_codebook(cb, 1, &b, &err), 0);
    assert_string_equal(b.band[0].label, "18-29");
    assert_string_equal(b.band[1].label, "30-59岁"); /* no English label: the Chinese */
    assert_string_equal(b.band[2].label, "60+");
    survey_bands_free(&b);
    survey_codebook_free(cb);
    /* An age in years lists no brackets. */
    cb = parse(H "a,age,,,,16,100,,,\nb,year,,,,,,,,\n");
    assert_null(survey_codebook_age_brackets(cb));
    assert_int_equal(survey_bands_from_codebook(cb, 0, &b, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_BANDS);
    survey_codebook_free(cb);
    cb = parse(H "b,birth_year,,,,1900,2010,,,\n");
    assert_int_equal(cb->cols[0].role, ROLE_BIRTH_YEAR);
    assert_string_equal(survey_role_name(ROLE_BIRTH_YEAR), "birth_year");
    survey_codebook_free(cb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_nearest),
        cmocka_unit_test(test_visible),
        cmocka_unit_test(test_problems_at_once),
        cmocka_unit_test(test_problems_capped),
        cmocka_unit_test(test_multi_option_problems),
        cmocka_unit_test(test_problems_then_reader_error),
        cmocka_unit_test(test_invisible_in_messages),
        cmocka_unit_test(test_place),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_fullwidth_separators),
        cmocka_unit_test(test_bilingual_labels),
        cmocka_unit_test(test_missing_row),
        cmocka_unit_test(test_participation_yes),
        cmocka_unit_test(test_age_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
