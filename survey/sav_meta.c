/* sav_meta.c — what an SPSS or Stata file says about its variables besides
 * their cells (sav.c has the parse): user-missing values as cell text, the
 * value-label sets, and each variable's metadata for a drafted codebook
 * (reader.h, struct rd_var_meta): its label, its value labels in code order,
 * its missing values.
 */
#include "survey/sav_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append TEXT to the list *M (N entries) unless it is there already. */
static int missing_add(char ***m, size_t *n, const char *text)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*m)[i], text))
            return 0;
    char **grown = realloc(*m, (*n + 1) * sizeof **m);
    if (!grown)
        return -1;
    *m = grown;
    if (!(grown[*n] = strdup(text)))
        return -1;
    (*n)++;
    return 0;
}

/* User-missing values (SPSS): a discrete value as its cell text; a range of
   whole numbers with at most MISSING_EXPAND values as each of them; any other
   range as "LO..HI", an open end written "lowest" or "highest". */
#define MISSING_EXPAND 100

int sav_collect_missing(struct parse *p, struct var *v, readstat_variable_t *rv)
{
    int n = readstat_variable_get_missing_ranges_count(rv);
    for (int i = 0; i < n; i++) {
        readstat_value_t lo = readstat_variable_get_missing_range_lo(rv, i);
        readstat_value_t hi = readstat_variable_get_missing_range_hi(rv, i);
        if (readstat_value_type(lo) == READSTAT_TYPE_STRING ||
            readstat_value_type(lo) == READSTAT_TYPE_STRING_REF) {
            const char *s = readstat_string_value(lo), *t = readstat_string_value(hi);
            if (!s)
                continue;
            if (!sav_utf8_ok(p, s, strlen(s), 0, "a missing value", v->name))
                return -1;
            if (t && strcmp(s, t)) {
                if (!sav_utf8_ok(p, t, strlen(t), 0, "a missing value", v->name))
                    return -1;
                struct buf b = {0};
                int rc = buf_append(&b, s, strlen(s)) || buf_append(&b, "..", 2) ||
                         buf_append(&b, t, strlen(t)) || missing_add(&v->missing, &v->n_missing, b.data);
                buf_free(&b);
                if (rc)
                    return -1;
            } else if (missing_add(&v->missing, &v->n_missing, s)) {
                return -1;
            }
            continue;
        }
        double a = readstat_double_value(lo), b = readstat_double_value(hi);
        if (isnan(a) || isnan(b))
            continue;
        char ta[48], tb[48];
        if (a == b) {
            if (sav_number_cell(ta, v->cell, lo) && missing_add(&v->missing, &v->n_missing, ta))
                return -1;
            continue;
        }
        if (a > b) {
            double t = a;
            a = b, b = t;
        }
        /* (below 1e15, where x + 1 is the next whole number) */
        if (v->cell == CELL_NUMBER && a == trunc(a) && b == trunc(b) && fabs(a) < 1e15 &&
            fabs(b) < 1e15 && b - a < MISSING_EXPAND) {
            for (double x = a; x <= b; x++) {
                sav_double_text(ta, x);
                if (missing_add(&v->missing, &v->n_missing, ta))
                    return -1;
            }
            continue;
        }
        readstat_value_t va = lo, vb = hi;
        va.v.double_value = a, va.type = READSTAT_TYPE_DOUBLE;
        vb.v.double_value = b, vb.type = READSTAT_TYPE_DOUBLE;
        va.is_system_missing = vb.is_system_missing = 0;
        if (isinf(a))
            strcpy(ta, "lowest");
        else
            sav_number_cell(ta, v->cell, va);
        if (isinf(b))
            strcpy(tb, "highest");
        else
            sav_number_cell(tb, v->cell, vb);
        char range[100];
        snprintf(range, sizeof range, "%s..%s", ta, tb);
        if (missing_add(&v->missing, &v->n_missing, range))
            return -1;
    }
    return 0;
}

int sav_on_value_label(const char *set_field, readstat_value_t value, const char *label, void *ctx)
{
    struct parse *p = ctx;
    if (!set_field || !label)
        return READSTAT_HANDLER_OK;
    /* As on_variable: a Stata name fills its field, unterminated. */
    char set_name[260];
    size_t n = strnlen(set_field, p->labels_max);
    memcpy(set_name, set_field, n);
    set_name[n] = '\0';
    int is_str = readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING;
    /* A label of a missing value (Stata's .a) names no cell. */
    if (!is_str && (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value) ||
                    isnan(readstat_double_value(value))))
        return READSTAT_HANDLER_OK;
    const char *str = is_str ? readstat_string_value(value) : NULL;
    if (is_str && !str)
        return READSTAT_HANDLER_OK;
    if (!sav_utf8_ok(p, label, strlen(label), 0, "a value label", set_name) ||
        (str && !sav_utf8_ok(p, str, strlen(str), 0, "a labelled value", set_name)))
        return READSTAT_HANDLER_ABORT;
    struct labset *s = NULL;
    for (size_t i = p->n_sets; i-- > 0;)
        if (!strcmp(p->sets[i].name, set_name)) {
            s = &p->sets[i];
            break;
        }
    if (!s) {
        if (p->n_sets == p->cap_sets) {
            size_t cap = p->cap_sets ? 2 * p->cap_sets : 8;
            struct labset *grown = realloc(p->sets, cap * sizeof *grown);
            if (!grown)
                return sav_nomem(p);
            p->sets = grown, p->cap_sets = cap;
        }
        s = &p->sets[p->n_sets];
        memset(s, 0, sizeof *s);
        if (!(s->name = strdup(set_name)))
            return sav_nomem(p);
        p->n_sets++;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        struct lab *grown = realloc(s->v, cap * sizeof *grown);
        if (!grown)
            return sav_nomem(p);
        s->v = grown, s->cap = cap;
    }
    struct lab *l = &s->v[s->n];
    memset(l, 0, sizeof *l);
    l->order = s->n;
    l->num = is_str ? 0 : readstat_double_value(value);
    l->str = str ? strdup(str) : NULL;
    l->label = strdup(label);
    s->n++;
    if ((str && !l->str) || !l->label)
        return sav_nomem(p);
    return READSTAT_HANDLER_OK;
}

static int lab_cmp(const void *a, const void *b)
{
    const struct lab *x = a, *y = b;
    int c;
    if (x->str || y->str)
        c = strcmp(x->str ? x->str : "", y->str ? y->str : "");
    else
        c = (x->num > y->num) - (x->num < y->num);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

int sav_describe_var(struct parse *p, struct var *v, struct rd_var_meta *m)
{
    m->name = v->name, v->name = NULL;
    m->label = v->label, v->label = NULL;
    m->missing = v->missing, v->missing = NULL;
    m->n_missing = v->n_missing, v->n_missing = 0;
    m->is_numeric = v->cell == CELL_NUMBER;
    struct labset *s = NULL;
    for (size_t i = 0; v->labels && i < p->n_sets; i++)
        if (!strcmp(p->sets[i].name, v->labels))
            s = &p->sets[i];
    if (!s || !s->n)
        return 0;
    qsort(s->v, s->n, sizeof *s->v, lab_cmp);
    if (!(m->values = calloc(s->n, sizeof *m->values)))
        return -1;
    for (size_t k = 0; k < s->n; k++) {
        const struct lab *l = &s->v[k];
        char num[48];
        const char *code;
        if (l->str) {
            code = l->str;
        } else {
            readstat_value_t val = {.type = READSTAT_TYPE_DOUBLE, .v.double_value = l->num};
            if (v->cell == CELL_TEXT || !sav_number_cell(num, v->cell, val))
                continue; /* a number labelled for a string variable */
            code = num;
        }
        if (m->n_values && !strcmp(m->values[m->n_values - 1].code, code))
            continue; /* a code labelled twice keeps its first label */
        struct rd_value_label *out = &m->values[m->n_values];
        out->code = strdup(code);
        out->label = strdup(l->label);
        if (!out->code || !out->label) {
            free(out->code), free(out->label);
            return -1;
        }
        m->n_values++;
    }
    return 0;
}
