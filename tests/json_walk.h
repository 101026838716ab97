/* json_walk.h — compare canyu's JSON with an R fixture, key by key, for the
 * cmocka tests (test_analysis.c, test_compare.c).  Numbers match at relative
 * REL or absolute ABS (define both before including), but factor loadings
 * (a path holding ".loadings[") at absolute LOADINGS_ABS, 1e-6 unless defined:
 * the tolerance for a varimax rotation that stops by R's rule; null must match null;
 * strings, booleans and array lengths must be equal; a key on either side
 * that the other lacks is a mismatch (but "tool", "version" and "findings"
 * at the root, which are not statistics).  Include after <cmocka.h> and
 * <jansson.h>.
 */
#ifndef CANYU_TESTS_JSON_WALK_H
#define CANYU_TESTS_JSON_WALK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct walk {
    size_t numbers, nulls, others; /* compared */
    size_t mismatches;
    double max_rel;     /* largest relative difference among matching numbers */
    char max_path[256]; /* and where */
    /* A fixture that holds only some keys (tests/test_unseen.c): keys of
       canyu's output that the fixture lacks are not mismatches, and an array
       of objects named by "column", "scale" or "variable" is matched by that
       name, not by position. */
    int subset;
};

/* Keys of canyu's output that no fixture holds (not statistics). */
static int unchecked_key(const char *key)
{
    static const char *const skip[] = {"tool", "version", "findings"};
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (!strcmp(key, skip[i]))
            return 1;
    return 0;
}

static const char *type_name(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

static void mismatch(struct walk *w, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->mismatches < 200)
        print_error("  %s: %s\n", path[0] ? path : "(root)", msg);
    w->mismatches++;
}

#ifndef LOADINGS_ABS
#define LOADINGS_ABS 1e-6
#endif

static int close_enough(double got, double want)
{
    double d = fabs(got - want);
    return got == want || d <= REL * fabs(want) || d <= ABS;
}

/* close_enough(), or within LOADINGS_ABS for a loading at PATH. */
static int close_enough_at(const char *path, double got, double want)
{
    if (strstr(path, ".loadings["))
        return fabs(got - want) <= LOADINGS_ABS;
    return close_enough(got, want);
}

/* The name of an element of an array of objects, for a subset walk. */
static const char *element_name(const json_t *e)
{
    static const char *const keys[] = {"column", "scale", "variable"};
    for (size_t i = 0; json_is_object(e) && i < sizeof keys / sizeof *keys; i++) {
        const json_t *v = json_object_get(e, keys[i]);
        if (json_is_string(v))
            return json_string_value(v);
    }
    return NULL;
}

/* The element of GOT with the name NAME, or NULL. */
static const json_t *element_named(const json_t *got, const char *name)
{
    for (size_t i = 0; i < json_array_size(got); i++) {
        const char *n = element_name(json_array_get(got, i));
        if (n && !strcmp(n, name))
            return json_array_get(got, i);
    }
    return NULL;
}

static void walk(const json_t *want, const json_t *got, char *path, size_t cap, struct walk *w);

/* Compare GOT (canyu) with WANT (R) at PATH (a buffer of CAP bytes that the
   walk extends and restores). */
static void walk(const json_t *want, const json_t *got, char *path, size_t cap, struct walk *w)
{
    size_t len = strlen(path);
    if (json_is_number(want) && json_is_number(got)) {
        double a = json_number_value(want), b = json_number_value(got);
        w->numbers++;
        double rel = a != 0 ? fabs(b - a) / fabs(a) : fabs(b);
        int ok = close_enough_at(path, b, a);
        if (ok && rel > w->max_rel) {
            w->max_rel = rel;
            snprintf(w->max_path, sizeof w->max_path, "%s", path);
        }
        if (!ok)
            mismatch(w, path, "canyu %.17g, R %.17g (relative difference %.3g)", b, a,
                     a != 0 ? (b - a) / fabs(a) : b - a);
        return;
    }
    if (json_typeof(want) != json_typeof(got) &&
        !(json_is_boolean(want) && json_is_boolean(got))) {
        if (json_is_number(got))
            mismatch(w, path, "canyu %.17g, R %s", json_number_value(got), type_name(want));
        else if (json_is_number(want))
            mismatch(w, path, "canyu %s, R %.17g", type_name(got), json_number_value(want));
        else
            mismatch(w, path, "canyu has %s, R has %s", type_name(got), type_name(want));
        return;
    }
    if (json_is_null(want)) {
        w->nulls++;
        return;
    }
    if (json_is_boolean(want)) {
        w->others++;
        if (json_is_true(want) != json_is_true(got))
            mismatch(w, path, "canyu %s, R %s", json_is_true(got) ? "true" : "false",
                     json_is_true(want) ? "true" : "false");
        return;
    }
    if (json_is_string(want)) {
        w->others++;
        if (strcmp(json_string_value(want), json_string_value(got)))
            mismatch(w, path, "canyu \"%s\", R \"%s\"", json_string_value(got),
                     json_string_value(want));
        return;
    }
    if (json_is_array(want) && w->subset && json_array_size(want) &&
        element_name(json_array_get(want, 0))) {
        for (size_t i = 0; i < json_array_size(want); i++) {
            const char *name = element_name(json_array_get(want, i));
            const json_t *g = name ? element_named(got, name) : NULL;
            snprintf(path + len, cap - len, "[%s]", name ? name : "?");
            if (!g)
                mismatch(w, path, "missing from canyu's output");
            else
                walk(json_array_get(want, i), g, path, cap, w);
            path[len] = '\0';
        }
        return;
    }
    if (json_is_array(want)) {
        if (json_array_size(want) != json_array_size(got)) {
            mismatch(w, path, "canyu has %zu elements, R %zu", json_array_size(got),
                     json_array_size(want));
            return;
        }
        for (size_t i = 0; i < json_array_size(want); i++) {
            snprintf(path + len, cap - len, "[%zu]", i);
            walk(json_array_get(want, i), json_array_get(got, i), path, cap, w);
            path[len] = '\0';
        }
        return;
    }
    /* objects */
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)want, key, v) {
        snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
        const json_t *g = json_object_get(got, key);
        if (!g)
            mismatch(w, path, "missing from canyu's output");
        else
            walk(v, g, path, cap, w);
        path[len] = '\0';
    }
    json_object_foreach((json_t *)got, key, v) {
        if (!w->subset && !json_object_get(want, key) && !(len == 0 && unchecked_key(key))) {
            snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
            mismatch(w, path, "in canyu's output but not in the R fixture (not checked)");
            path[len] = '\0';
        }
    }
}

#endif
