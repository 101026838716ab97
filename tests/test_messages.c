/* test_messages.c — the catalogue of report/'s messages (report/messages.h):
 * every id has a Chinese and an English text, neither empty; the two
 * languages of an id take the same arguments with the same conversions
 * (numbered "%1$s" or in order "%s", never mixed, and numbered ones from 1
 * with no gap, as printf needs); no two ids hold the same pair; and
 * rp_msg_format puts numbered arguments where each language wants them.
 * The checker itself is tried on pairs that must fail.
 */
#include "report/messages.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## The arguments of a format */

#define MAX_ARGS 32

/* The arguments FMT takes: SPEC[i] the length modifier and conversion of
   argument i + 1 ("s", "zu", "d", ".0f" keeps only "f").  Returns the number
   of arguments, or -1 (with WHY) for a format printf may not take: numbered
   and unnumbered conversions mixed, a gap in the numbers, one argument
   converted two ways, '*' widths, an unknown conversion. */
static int args_of(const char *fmt, char spec[MAX_ARGS][4], const char **why)
{
    int n = 0, numbered = -1, seen[MAX_ARGS] = {0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        p++;
        int idx = 0, num = 0;
        const char *q = p;
        while (isdigit((unsigned char)*q))
            idx = idx * 10 + (*q++ - '0');
        if (*q == '$' && q > p) {
            num = 1;
            p = q + 1;
        } else {
            idx = 0;
        }
        if (numbered >= 0 && numbered != num) {
            *why = "numbered and unnumbered conversions mixed";
            return -1;
        }
        numbered = num;
        if (!num)
            idx = n + 1;
        if (idx < 1 || idx > MAX_ARGS) {
            *why = "argument number out of range";
            return -1;
        }
        while (*p && strchr("-+ #0'", *p))
            p++;
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (*p == '*') {
            *why = "'*' width or precision";
            return -1;
        }
        char s[4] = {0};
        size_t k = 0;
        while (*p && strchr("hlLzjt", *p) && k < 2)
            s[k++] = *p++;
        if (!*p || !strchr("diouxXeEfFgGaAcs", *p)) {
            *why = "unknown conversion";
            return -1;
        }
        s[k] = *p;
        if (seen[idx - 1] && strcmp(spec[idx - 1], s)) {
            *why = "one argument converted two ways";
            return -1;
        }
        seen[idx - 1] = 1;
        memcpy(spec[idx - 1], s, sizeof s);
        if (idx > n)
            n = idx;
    }
    for (int i = 0; i < n; i++)
        if (!seen[i]) {
            *why = "a gap in the argument numbers";
            return -1;
        }
    return n;
}

/* Whether ZH and EN take the same arguments; WHY says what is wrong. */
static int same_args(const char *zh, const char *en, const char **why)
{
    char a[MAX_ARGS][4], b[MAX_ARGS][4];
    int na = args_of(zh, a, why);
    if (na < 0)
        return 0;
    int nb = args_of(en, b, why);
    if (nb < 0)
        return 0;
    if (na != nb) {
        *why = "a different number of arguments";
        return 0;
    }
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i])) {
            *why = "an argument converted differently";
            return 0;
        }
    return 1;
}

/* ## Tests */

static void test_both_languages(void **state)
{
    (void)state;
    for (int id = 0; id < RP_MSG_COUNT; id++) {
        /* The one message empty by design: Chinese runs sentences on with
           no space between them. */
        if (id == M_SENTENCE_SEP) {
            assert_string_equal(rp_msgs[id].zh, "");
            assert_string_equal(rp_msgs[id].en, " ");
            continue;
        }
        if (!rp_msgs[id].zh || !*rp_msgs[id].zh || !rp_msgs[id].en || !*rp_msgs[id].en) {
            print_error("message %d lacks a language\n", id);
            fail();
        }
        assert_ptr_equal(rp_msg_text(REPORT_LANG_ZH, id), rp_msgs[id].zh);
        assert_ptr_equal(rp_msg_text(REPORT_LANG_EN, id), rp_msgs[id].en);
    }
}

static void test_same_arguments(void **state)
{
    (void)state;
    for (int id = 0; id < RP_MSG_COUNT; id++) {
        const char *why = "";
        if (rp_msg_plain[id]) {
            /* Plain text, never given to printf: marked so because it holds
               a percent sign ("95% CI", "% of cases"). */
            int percent = 0;
            for (const char *p = rp_msgs[id].en; *p; p++)
                percent |= *p == '%';
            for (const char *p = rp_msgs[id].zh; *p; p++)
                percent |= *p == '%';
            if (!percent || strstr(rp_msgs[id].zh, "%%") || strstr(rp_msgs[id].en, "%%")) {
                print_error("message %d (%s) is marked text but holds no single '%%'\n", id,
                            rp_msgs[id].en);
                fail();
            }
            continue;
        }
        if (!same_args(rp_msgs[id].zh, rp_msgs[id].en, &why)) {
            print_error("message %d (%s): %s\n", id, rp_msgs[id].en, why);
            fail();
        }
    }
}

static void test_no_duplicates(void **state)
{
    (void)state;
    for (int i = 0; i < RP_MSG_COUNT; i++)
        for (int j = i + 1; j < RP_MSG_COUNT; j++)
            if (!strcmp(rp_msgs[i].zh, rp_msgs[j].zh) && !strcmp(rp_msgs[i].en, rp_msgs[j].en)) {
                print_error("messages %d and %d are the same: %s\n", i, j, rp_msgs[i].en);
                fail();
            }
}

/* The checker tells good pairs from bad ones. */
static void test_checker(void **state)
{
    (void)state;
    const char *why = "";
    assert_true(same_args("%1$s的%2$d", "%2$d of %1$s", &why));
    assert_true(same_args("%s：%.1f%%", "%s: %.3f%%", &why));
    assert_true(same_args("100%%", "none", &why));
    assert_true(same_args("%1$s %1$s %2$zu", "%2$zu %1$s", &why));
    assert_false(same_args("%s %d", "%d %s", &why));
    assert_false(same_args("%1$s", "%s %s", &why));
    assert_false(same_args("%2$s", "%2$s", &why));
    assert_string_equal(why, "a gap in the argument numbers");
    assert_false(same_args("%1$s %s", "%1$s %s", &why));
    assert_string_equal(why, "numbered and unnumbered conversions mixed");
    assert_false(same_args("%1$s %1$d", "%1$s", &why));
    assert_false(same_args("%*d", "%*d", &why));
    assert_false(same_args("%zu", "%u", &why));
}

/* FMT with its string arguments written in by hand: "%k$s" and the k-th
   "%s" become "<k>", "%%" becomes "%".  NULL unless FMT takes only strings. */
static char *by_hand(const char *fmt)
{
    char *out = malloc(strlen(fmt) * 2 + 1), *o = out;
    assert_non_null(out);
    int next = 1;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            *o++ = *p;
            continue;
        }
        if (p[1] == '%') {
            *o++ = '%';
            p++;
            continue;
        }
        int k = 0;
        const char *q = p + 1;
        while (isdigit((unsigned char)*q))
            k = k * 10 + (*q++ - '0');
        if (*q == '$' && q[1] == 's') {
            p = q + 1;
        } else if (p[1] == 's') {
            k = next++;
            p++;
        } else {
            free(out);
            return NULL;
        }
        o += sprintf(o, "<%d>", k);
    }
    *o = '\0';
    return out;
}

/* Every message of string arguments formats as written by hand, in both
   languages; and some of them order their arguments differently in zh and
   en, which is what the numbers are for. */
static void test_format_order(void **state)
{
    (void)state;
    size_t checked = 0, reordered = 0;
    for (int id = 0; id < RP_MSG_COUNT; id++) {
        char spec[MAX_ARGS][4];
        const char *why;
        if (rp_msg_plain[id] || args_of(rp_msgs[id].en, spec, &why) > 9)
            continue;
        char *want[2] = {by_hand(rp_msgs[id].zh), by_hand(rp_msgs[id].en)};
        if (want[0] && want[1]) {
            char *zh = rp_msg_format(REPORT_LANG_ZH, id, "<1>", "<2>", "<3>", "<4>", "<5>",
                                     "<6>", "<7>", "<8>", "<9>");
            char *en = rp_msg_format(REPORT_LANG_EN, id, "<1>", "<2>", "<3>", "<4>", "<5>",
                                     "<6>", "<7>", "<8>", "<9>");
            assert_non_null(zh);
            assert_non_null(en);
            assert_string_equal(zh, want[0]);
            assert_string_equal(en, want[1]);
            checked++;
            /* The order the arguments first appear in. */
            char oz[16] = "", oe[16] = "";
            for (const char *p = zh; (p = strchr(p, '<')); p++)
                if (isdigit((unsigned char)p[1]) && !strchr(oz, p[1]) && strlen(oz) < 15)
                    oz[strlen(oz)] = p[1];
            for (const char *p = en; (p = strchr(p, '<')); p++)
                if (isdigit((unsigned char)p[1]) && !strchr(oe, p[1]) && strlen(oe) < 15)
                    oe[strlen(oe)] = p[1];
            reordered += strcmp(oz, oe) != 0;
            free(zh);
            free(en);
        }
        free(want[0]);
        free(want[1]);
    }
    assert_true(checked > 50);
    assert_true(reordered > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_languages), cmocka_unit_test(test_same_arguments),
        cmocka_unit_test(test_no_duplicates),  cmocka_unit_test(test_checker),
        cmocka_unit_test(test_format_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
