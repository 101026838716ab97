/* csv_results.c — the JSON output turned into tidy CSV rows (see
 * report/csv_results.h for the layout).
 *
 * The walk keeps two stacks: the object keys from the top of the document
 * down to the value (the first is the section, the last the column, those
 * between make the table) and the names of the list elements on the way
 * (the innermost is the row, the next the group, any further out go into
 * the table).  Names are chosen for a whole list at once, so that the
 * elements of one list are named alike and no two the same: a name that
 * would repeat makes the list fall back to positions.
 */
#include "report/csv_results.h"
#include "report/report.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The members that name an element of a list of objects, in order of
   preference: an age group or other group, a wave, a regression term, a
   category, a --by variable, a questionnaire column, a scale, an input file,
   a wave's label, a category's code. */
static const char *const name_keys[] = {"group",    "wave",  "term", "category", "variable",
                                        "column",   "scale", "file", "label",    "code"};

/* Lists of scalars (or of lists) whose elements another list names: one per
   age group (the top-level "age_bands") or one per item (the sibling
   "items"). */
static const struct {
    const char *list;
    const char *names;
    int top; /* NAMES is a key of the document's top, else of the list's parent */
} list_names[] = {
    {"adjusted_residuals", "age_bands", 1}, {"item_total", "items", 0},
    {"alpha_if_deleted", "items", 0},       {"kmo_items", "items", 0},
    {"loadings", "items", 0},
};

struct name {
    char *text; /* owned */
    size_t at;  /* index in the key stack of the key of the list it is in */
};

struct walker {
    FILE *out;
    const json_t *root;
    const json_t **objs; /* the objects from the top down to the value */
    size_t n_objs, cap_objs;
    const char **keys;
    size_t n_keys, cap_keys;
    struct name *names;
    size_t n_names, cap_names;
    int oom;
};

static int push_key(struct walker *w, const char *key)
{
    const char **k = rp_grow(w->keys, &w->cap_keys, w->n_keys, sizeof *k);
    if (!k)
        return w->oom = 1, -1;
    w->keys = k;
    k[w->n_keys++] = key;
    return 0;
}

/* Push a copy of TEXT as the name of an element of the list under the last
   key. */
static int push_name(struct walker *w, const char *text)
{
    struct name *n = rp_grow(w->names, &w->cap_names, w->n_names, sizeof *n);
    if (!n)
        return w->oom = 1, -1;
    w->names = n;
    char *t = strdup(text);
    if (!t)
        return w->oom = 1, -1;
    n[w->n_names++] = (struct name){t, w->n_keys ? w->n_keys - 1 : 0};
    return 0;
}

static void pop_name(struct walker *w)
{
    free(w->names[--w->n_names].text);
}

/* ## Naming the elements of a list */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether the N strings S (N >= 1) are non-empty and all different; sorts S.
   S is scratch the caller gave. */
static int distinct(const char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !s[i][0])
            return 0;
    qsort(s, n, sizeof *s, cmp_str);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(s[i - 1], s[i]))
            return 0;
    return 1;
}

/* The string member KEY of OBJ, or NULL. */
static const char *member_string(const json_t *obj, const char *key)
{
    return json_is_object(obj) ? json_string_value(json_object_get(obj, key)) : NULL;
}

/* A question's group `counts` and `shares`, and its test's
   `adjusted_residuals` (one per category or option): the labels of the
   enclosing question's `categories` or `options` when it has N, or NULL. */
static const json_t *question_labels(const struct walker *w, const char *key, size_t n)
{
    if (strcmp(key, "counts") && strcmp(key, "shares") && strcmp(key, "adjusted_residuals"))
        return NULL;
    for (size_t k = w->n_objs; k-- > 0;) {
        if (!json_object_get(w->objs[k], "type"))
            continue;
        const json_t *c = json_object_get(w->objs[k], "categories");
        if (!c)
            c = json_object_get(w->objs[k], "options");
        if (c)
            return json_is_array(c) && json_array_size(c) == n ? c : NULL;
    }
    return NULL;
}

/* The `groups` of the innermost enclosing object that has them (a
   question's `by` entry), when there are N; else NULL. */
static const json_t *by_groups(const struct walker *w, size_t n)
{
    for (size_t k = w->n_objs; k-- > 0;) {
        const json_t *g = json_object_get(w->objs[k], "groups");
        if (g)
            return json_is_array(g) && json_array_size(g) == n ? g : NULL;
    }
    return NULL;
}

/* How the elements of a list are named. */
struct naming {
    const char *key;        /* a naming member of each element (object lists) */
    int from_to;            /* "FROM→TO" (object lists) */
    const json_t *names;    /* a list of N strings (lists of scalars or lists) */
    const json_t *labelled; /* a list of N objects named by their "label" */
    const json_t *grouped;  /* a list of N objects named by their "group" */
};

/* The naming of the list ARR under KEY in the object PARENT (NULL for a
   list in a list); a zeroed struct means by position.  -1 when out of
   memory. */
static int choose_naming(struct walker *w, const json_t *arr, const char *key,
                         const json_t *parent, struct naming *nm)
{
    *nm = (struct naming){0};
    size_t n = json_array_size(arr);
    if (!n)
        return 0;
    const char **s = malloc(n * sizeof *s);
    if (!s)
        return w->oom = 1, -1;
    if (json_is_object(json_array_get(arr, 0))) {
        for (size_t k = 0; k < sizeof name_keys / sizeof *name_keys && !nm->key; k++) {
            for (size_t i = 0; i < n; i++)
                s[i] = member_string(json_array_get(arr, i), name_keys[k]);
            if (distinct(s, n))
                nm->key = name_keys[k];
        }
        if (!nm->key) {
            char **ft = calloc(n, sizeof *ft);
            int nomem = !ft;
            size_t i = 0;
            for (; !nomem && i < n; i++) {
                const json_t *e = json_array_get(arr, i);
                const char *from = member_string(e, "from"), *to = member_string(e, "to");
                if (!from || !to)
                    break;
                nomem = !(s[i] = ft[i] = rp_format("%s→%s", from, to));
            }
            if (nomem)
                w->oom = 1;
            nm->from_to = !nomem && i == n && distinct(s, n);
            for (size_t j = 0; ft && j < n; j++)
                free(ft[j]);
            free(ft);
        }
    } else if (!parent && !strcmp(key, "adjusted_residuals") && by_groups(w, n)) {
        /* A question's residuals of one category, one per group. */
        const json_t *src = by_groups(w, n);
        for (size_t i = 0; i < n; i++)
            s[i] = member_string(json_array_get(src, i), "group");
        if (distinct(s, n))
            nm->grouped = src;
    } else if (parent && question_labels(w, key, n)) {
        const json_t *src = question_labels(w, key, n);
        for (size_t i = 0; i < n; i++)
            s[i] = member_string(json_array_get(src, i), "label");
        if (distinct(s, n))
            nm->labelled = src;
    } else if (parent) {
        for (size_t k = 0; k < sizeof list_names / sizeof *list_names; k++) {
            if (strcmp(key, list_names[k].list))
                continue;
            const json_t *src = json_object_get(list_names[k].top ? w->root : parent,
                                                list_names[k].names);
            if (json_array_size(src) != n)
                break;
            for (size_t i = 0; i < n; i++)
                s[i] = json_string_value(json_array_get(src, i));
            if (distinct(s, n))
                nm->names = src;
            break;
        }
    }
    free(s);
    return w->oom ? -1 : 0;
}

/* Push the name NM gives element I (an element E) of its list. */
static int push_element_name(struct walker *w, const struct naming *nm, size_t i, const json_t *e)
{
    if (nm->key)
        return push_name(w, member_string(e, nm->key));
    if (nm->from_to) {
        char *t = rp_format("%s→%s", member_string(e, "from"), member_string(e, "to"));
        int rc = t ? push_name(w, t) : (w->oom = 1, -1);
        free(t);
        return rc;
    }
    if (nm->names)
        return push_name(w, json_string_value(json_array_get(nm->names, i)));
    if (nm->labelled)
        return push_name(w, member_string(json_array_get(nm->labelled, i), "label"));
    if (nm->grouped)
        return push_name(w, member_string(json_array_get(nm->grouped, i), "group"));
    char pos[32];
    snprintf(pos, sizeof pos, "%zu", i + 1);
    return push_name(w, pos);
}

/* ## Rows */

/* Append S to the string *T (of length *LEN); -1 when out of memory. */
static int append(char **t, size_t *len, const char *s)
{
    size_t n = strlen(s);
    char *b = realloc(*t, *len + n + 1);
    if (!b)
        return -1;
    memcpy(b + *len, s, n + 1);
    *t = b;
    *len += n;
    return 0;
}

/* Append the names beyond row and group that belong to key index AT, each
   as "[name]". */
static int append_outer(const struct walker *w, size_t at, char **t, size_t *len)
{
    for (size_t i = 0; i + 2 < w->n_names; i++)
        if (w->names[i].at == at &&
            (append(t, len, "[") || append(t, len, w->names[i].text) || append(t, len, "]")))
            return -1;
    return 0;
}

/* The table of the value at the top of the stacks: the keys strictly between
   the section and the column, with the outer names.  NULL when out of
   memory. */
static char *table_path(const struct walker *w)
{
    char *t = calloc(1, 1);
    size_t len = 0, last = w->n_keys - 1;
    if (!t || append_outer(w, 0, &t, &len))
        goto oom;
    for (size_t k = 1; k < last; k++)
        if ((len && append(&t, &len, ".")) || append(&t, &len, w->keys[k]) ||
            append_outer(w, k, &t, &len))
            goto oom;
    if (last > 0 && append_outer(w, last, &t, &len))
        goto oom;
    return t;
oom:
    free(t);
    return NULL;
}

/* X (finite) into BUF as the shortest "%.*g" of 15 to 17 significant digits
   that reads back as X: unrounded, yet 0.3 is "0.3", not
   "0.29999999999999999".  Zero is "0", never "-0". */
static void shortest(char *buf, size_t size, double x)
{
    if (x == 0)
        x = 0;
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* Write the row of the scalar V at the top of the stacks. */
static void emit(struct walker *w, const json_t *v)
{
    char buf[64];
    const char *value = buf;
    switch (json_typeof(v)) {
    case JSON_INTEGER:
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        shortest(buf, sizeof buf, json_real_value(v));
        break;
    case JSON_TRUE:
        value = "true";
        break;
    case JSON_FALSE:
        value = "false";
        break;
    case JSON_STRING:
        value = json_string_value(v);
        break;
    default: /* null: a figure that cannot be computed */
        value = "";
        break;
    }
    char *table = table_path(w);
    if (!table) {
        w->oom = 1;
        return;
    }
    struct report_options o = {.format = REPORT_FORMAT_CSV, .section = w->keys[0]};
    size_t nn = w->n_names;
    rp_csv_row(w->out, &o, table, nn >= 2 ? w->names[nn - 2].text : "",
               nn >= 1 ? w->names[nn - 1].text : "", w->keys[w->n_keys - 1], NAN, value);
    free(table);
}

/* ## The walk */

static void walk(struct walker *w, const json_t *v, const json_t *parent);

/* Push OBJ on the stack of objects; -1 when out of memory. */
static int push_obj(struct walker *w, const json_t *obj)
{
    const json_t **o = rp_grow(w->objs, &w->cap_objs, w->n_objs, sizeof *o);
    if (!o)
        return w->oom = 1, -1;
    w->objs = o;
    o[w->n_objs++] = obj;
    return 0;
}

/* The members of OBJ but SKIP1 and SKIP2 (NULL: none). */
static void walk_object(struct walker *w, const json_t *obj, const char *skip1, const char *skip2)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        if (w->oom)
            return;
        if ((skip1 && !strcmp(key, skip1)) || (skip2 && !strcmp(key, skip2)))
            continue;
        if (push_key(w, key) < 0)
            return;
        walk(w, v, obj);
        w->n_keys--;
    }
}

/* The list ARR under the last key, in the object PARENT (NULL: in a list). */
static void walk_list(struct walker *w, const json_t *arr, const json_t *parent)
{
    struct naming nm;
    if (choose_naming(w, arr, w->keys[w->n_keys - 1], parent, &nm) < 0)
        return;
    for (size_t i = 0; i < json_array_size(arr) && !w->oom; i++) {
        const json_t *e = json_array_get(arr, i);
        if (push_element_name(w, &nm, i, e) < 0)
            return;
        if (json_is_object(e)) {
            if (push_obj(w, e) < 0)
                return;
            walk_object(w, e, nm.key ? nm.key : nm.from_to ? "from" : NULL,
                        nm.from_to ? "to" : NULL);
            w->n_objs--;
        } else
            walk(w, e, NULL);
        pop_name(w);
    }
}

static void walk(struct walker *w, const json_t *v, const json_t *parent)
{
    if (json_is_object(v)) {
        if (push_obj(w, v) < 0)
            return;
        walk_object(w, v, NULL, NULL);
        w->n_objs--;
    }
    else if (json_is_array(v))
        walk_list(w, v, parent);
    else
        emit(w, v);
}

int report_csv_results(const json_t *root, FILE *out)
{
    if (!json_is_object(root))
        return -1;
    struct walker w = {.out = out, .root = root};
    if (fputs("\xEF\xBB\xBF", out) == EOF || report_csv_header(out) < 0)
        return -1;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v) {
        if (!strcmp(key, "tool") || !strcmp(key, "version"))
            continue;
        if (push_key(&w, key) < 0)
            break;
        walk(&w, v, root);
        w.n_keys--;
        if (w.oom)
            break;
    }
    while (w.n_names)
        pop_name(&w);
    free(w.names);
    free(w.keys);
    free(w.objs);
    if (w.oom)
        return -1;
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
