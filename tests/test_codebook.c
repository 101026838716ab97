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
    assert_int_equal(survey_edit_distance("lable_zh", "label_zh"), 2);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_nearest),
        cmocka_unit_test(test_visible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
