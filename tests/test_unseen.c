/* test_unseen.c — a questionnaire canyu was not written for, against R.
 *
 * tests/reference/unseen.R draws a yearly community survey unlike canyu's
 * samples (age asked as brackets, yes/no coded 1=是;2=否, a file-wide missing
 * row, a ┋-joined multiple-response cell and one 0/1 column per option, single
 * questions with and without value lists, numbers, a third Likert scale, a
 * reverse-worded trust item), writes its data and codebook in the new style and
 * computes every figure of the new JSON keys from first principles.  This test
 * runs the canyu beside it (BUILD/canyu, found from argv[0]) the way a user
 * would,
 *
 *     canyu report -f json --lang zh --by 性别 -c tests/data/unseen-codebook.csv
 *           tests/data/unseen-data.csv
 *
 * and compares every number of the fixture at relative 1e-9 (the fixture holds
 * a subset of the keys; arrays of questions, scales and groupings are matched
 * by name).  It also checks the Chinese text report names no scale or model
 * term by its codebook id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REL 1e-9
#define ABS 1e-12

#include "tests/json_walk.h"

static char canyu[PATH_MAX];

static const char command_args[] =
    " report --lang zh --by 性别 -c tests/data/unseen-codebook.csv tests/data/unseen-data.csv";

/* The standard output of canyu with FORMAT ("json", "text"), or NULL. */
static char *run(const char *format, size_t *len)
{
    char cmd[PATH_MAX + 256];
    snprintf(cmd, sizeof cmd, "%s%s -f %s --width 100 2>&1", canyu, command_args, format);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
        }
    }
    int rc = pclose(p);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (rc != 0) {
        print_error("%s exited with %d:\n%.2000s\n", cmd, rc, buf);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static void test_against_r(void **state)
{
    (void)state;
    size_t len = 0;
    char *out = run("json", &len);
    assert_non_null(out);
    json_error_t jerr;
    json_t *got = json_loadb(out, len, 0, &jerr);
    if (!got)
        print_error("canyu's JSON: %s (line %d)\n", jerr.text, jerr.line);
    free(out);
    assert_non_null(got);
    /* Every record loads: the file is as a platform would export it. */
    json_t *input = json_object_get(got, "input");
    assert_int_equal(json_integer_value(json_object_get(input, "rows_excluded")), 0);
    assert_int_equal(json_integer_value(json_object_get(input, "rows_loaded")), 420);

    json_t *want = json_load_file("tests/reference/unseen.json", 0, &jerr);
    if (!want)
        print_error("%s; regenerate with Rscript tests/reference/unseen.R\n", jerr.text);
    assert_non_null(want);
    char path[1024] = "";
    struct walk w = {.subset = 1};
    walk(want, got, path, sizeof path, &w);
    print_message("unseen questionnaire: %zu numbers, %zu nulls and %zu strings compared with "
                  "R, %zu mismatches; largest relative difference %.2g (%s)\n",
                  w.numbers, w.nulls, w.others, w.mismatches, w.max_rel,
                  w.max_path[0] ? w.max_path : "-");
    json_decref(want);
    json_decref(got);
    assert_true(w.numbers > 900);
    assert_int_equal(w.mismatches, 0);
}

/* The zh report shows labels: no scale name, term id or option column of the
   codebook appears bare in it. */
static void test_zh_words(void **state)
{
    (void)state;
    size_t len = 0;
    char *out = run("text", &len);
    assert_non_null(out);
    static const char *const ids[] = {
        "services",       "interpersonal", "safety",      "age_group",
        "gender=",        "party_member",  "participant", "(intercept)",
    };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        const char *hit = strstr(out, ids[i]);
        if (hit)
            print_error("the zh report holds \"%s\": ...%.80s...\n", ids[i],
                        hit > out + 40 ? hit - 40 : out);
        assert_null(hit);
    }
    /* The brackets are the age groups, and the scale labels are used. */
    assert_non_null(strstr(out, "65岁及以上"));
    assert_non_null(strstr(out, "人际信任"));
    assert_non_null(strstr(out, "安全感"));
    free(out);
}

int main(int argc, char **argv)
{
    (void)argc;
    /* BUILD/tests/test_unseen → BUILD/canyu */
    snprintf(canyu, sizeof canyu, "%s", argv[0]);
    char *slash = strrchr(canyu, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(canyu, sizeof canyu, ".");
    size_t n = strlen(canyu);
    snprintf(canyu + n, sizeof canyu - n, "/../canyu");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_r),
        cmocka_unit_test(test_zh_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
