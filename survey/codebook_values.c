/* codebook_values.c — the codebook's lists: value labels (`1=是;0=否`,
 * `1=男|Male`), missing answers, the file-wide missing row and its merge into
 * every column, the full-width `；` and `＝` an input method types, and the
 * numbers of `min` and `max`.
 */
#include "survey/survey.h"
#include "survey/codebook_internal.h"
#include "survey/survey_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A whole number in INT16_MIN+1..INT16_MAX into *OUT; else a problem. */
int cb_parse_int(struct parse_ctx *c, long line, const struct survey_cbcol *col, const char *what,
                 const char *s, int *out)
{
    long v;
    if (text_int(s, strlen(s), &v) < 0 || v <= INT16_MIN || v > INT16_MAX)
        return cb_problem(c, line,
                          "column \"%s\": %s \"%s\" is not a whole number between %d and %d",
                          cb_vis(c, col->column), what, cb_vis(c, s), INT16_MIN + 1, INT16_MAX);
    *out = (int)v;
    return 0;
}

/* A number with decimals into *OUT; else a problem. */
int cb_parse_bound(struct parse_ctx *c, long line, const struct survey_cbcol *col, const char *what,
                   const char *s, double *out)
{
    if (text_double(s, strlen(s), out) < 0 || !isfinite(*out))
        return cb_problem(c, line, "column \"%s\": %s \"%s\" is not a number",
                          cb_vis(c, col->column), what, cb_vis(c, s));
    return 0;
}

/* Split S at ';' into trimmed parts.  Returns the count, or -1 when out of
   memory. */
long cb_split(struct parse_ctx *c, const char *s, char ***out)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    *out = NULL;
    while (*s) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *p = s;
        size_t pl = len;
        text_trim(&p, &pl);
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                free(v);
                return cb_nomem(c);
            }
            v = nv;
        }
        if (!(v[n] = arena_strndup(&c->box->arena, p, pl))) {
            free(v);
            return cb_nomem(c);
        }
        n++;
        s += len + (e != NULL);
    }
    *out = v;
    return (long)n;
}

/* "1=是;0=否" or "是;否" (codes 1, 2, ...).  Codes and labels must be unique.
   Each malformed label is a problem and is left out.  Returns 0, or -1 when
   out of memory. */
int cb_parse_values(struct parse_ctx *c, struct survey_cbcol *col, const char *spec)
{
    char **part;
    long n = cb_split(c, spec, &part);
    if (n < 0)
        return -1;
    col->values = n ? calloc((size_t)n, sizeof *col->values) : NULL;
    if (n && !col->values) {
        free(part);
        return cb_nomem(c);
    }
    size_t kept = 0;
    const char *scol = cb_vis(c, col->column);
    for (long i = 0; i < n; i++) {
        char *p = part[i];
        char *eq = strchr(p, '=');
        struct survey_label lab = {0};
        if (!*p) {
            cb_problem(c, col->line, "column \"%s\": empty value label in \"%s\"", scol,
                       cb_vis(c, spec));
            continue;
        }
        char *text = p;
        if (eq) {
            *eq = '\0';
            const char *code = p;
            size_t cl = strlen(code);
            text_trim(&code, &cl);
            text = eq + 1;
            long v;
            if (text_int(code, cl, &v) < 0 || v <= INT16_MIN || v > INT16_MAX) {
                cb_problem(c, col->line,
                           "column \"%s\": malformed value label \"%s=%s\" (expected "
                           "CODE=LABEL with a whole-number code)",
                           scol, cb_vis(c, p), cb_vis(c, text));
                continue;
            }
            lab.code = (int)v;
        } else {
            lab.code = (int)i + 1;
        }
        /* "男|male": the Chinese label, then the English one. */
        char *bar = strchr(text, '|');
        const char *zh = text, *en = bar ? bar + 1 : text + strlen(text);
        size_t zl = bar ? (size_t)(bar - text) : strlen(text), el = strlen(en);
        text_trim(&zh, &zl);
        text_trim(&en, &el);
        if (zl == 0) {
            if (bar)
                cb_problem(
                    c, col->line,
                    "column \"%s\": value label \"%s%s%s\" has no label before \"|\" (expected "
                    "CODE=LABEL or CODE=LABEL|ENGLISH LABEL)",
                    scol, eq ? cb_vis(c, p) : "", eq ? "=" : "", cb_vis(c, text));
            else
                cb_problem(c, col->line,
                           "column \"%s\": malformed value label \"%s=%s\" (expected "
                           "CODE=LABEL with a whole-number code)",
                           scol, cb_vis(c, p), cb_vis(c, text));
            continue;
        }
        ((char *)zh)[zl] = '\0';
        ((char *)en)[el] = '\0';
        lab.text = (char *)zh;
        lab.text_en = (char *)en;
        int dup = 0;
        for (size_t k = 0; k < kept && !dup; k++) {
            const struct survey_label *o = &col->values[k];
            const char *same = NULL;
            if (!strcmp(o->text, lab.text) || (*o->text_en && !strcmp(o->text_en, lab.text)))
                same = lab.text;
            else if (*lab.text_en &&
                     (!strcmp(o->text, lab.text_en) || !strcmp(o->text_en, lab.text_en)))
                same = lab.text_en;
            if (o->code == lab.code)
                dup = cb_problem(c, col->line, "column \"%s\": code %d is listed twice", scol,
                                 lab.code);
            else if (same)
                dup = cb_problem(c, col->line, "column \"%s\": label \"%s\" is listed twice", scol,
                                 cb_vis(c, same));
        }
        if (!dup)
            col->values[kept++] = lab;
    }
    col->n_values = kept;
    free(part);
    return c->oom ? -1 : 0;
}

/* An input method types `；` and `＝` as easily as `;` and `=`: read them as
   those, in place.  EQ: also `＝` (in `values`; a `missing` answer keeps its
   own text). */
void cb_ascii_separators(char *s, int eq)
{
    char *o = s;
    for (const char *p = s; *p;) {
        /* (Byte by byte: the string's NUL stops the comparison.) */
        int wide = (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC;
        if (wide && (unsigned char)p[2] == 0x9B) { /* U+FF1B FULLWIDTH SEMICOLON */
            *o++ = ';';
            p += 3;
        } else if (eq && wide && (unsigned char)p[2] == 0x9D) { /* U+FF1D FULLWIDTH EQUALS SIGN */
            *o++ = '=';
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
}

/* The file-wide missing row, `*,missing,,,,,,,-2;-3;(跳过),`: its answers
   are missing in every column.  (A row whose column is `*` or whose role is
   `missing` is this row or a mistake.) */
int cb_missing_row(struct parse_ctx *c, const struct rd_record *rec, const char *column,
                   const char *role)
{
    struct survey_codebook *cb = &c->box->cb;
    long line = rec->line;
    if (strcmp(column, "*")) {
        cb_problem(c, line,
                   "column \"%s\": role \"missing\" is for the file-wide missing row, whose column "
                   "is \"*\"",
                   cb_vis(c, column));
        return c->oom ? -1 : 0;
    }
    if (strcmp(role, "missing")) {
        cb_problem(c, line,
                   "column \"*\" is the file-wide missing row: its role is \"missing\", not \"%s\"",
                   cb_vis(c, role));
        return c->oom ? -1 : 0;
    }
    int again = cb->missing_all_line != 0;
    if (again)
        cb_problem(c, line, "the file-wide missing row (column \"*\") is already given on line %ld",
                   cb->missing_all_line);
    static const enum field others[] = {F_LABEL_ZH, F_LABEL_EN, F_SCALE, F_MIN,
                                        F_MAX,      F_REVERSE,  F_VALUES};
    char given[128] = "";
    size_t at = 0;
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
        const char *s = cb_get(c, rec, others[k]);
        size_t len = strlen(s);
        text_trim(&s, &len);
        if (len)
            at += (size_t)snprintf(given + at, sizeof given - at, "%s%s", at ? ", " : "",
                                   cb_field_names[others[k]]);
    }
    if (at)
        cb_problem(c, line,
                   "the file-wide missing row (column \"*\") takes only \"missing\", not %s",
                   given);
    if (again)
        return c->oom ? -1 : 0;
    char *missing = cb_field(c, rec, F_MISSING);
    if (!missing)
        return -1;
    cb_ascii_separators(missing, 0);
    long n = cb_split(c, missing, &cb->missing_all);
    if (n < 0)
        return -1;
    cb->n_missing_all = (size_t)n;
    cb->missing_all_line = line;
    if (!n)
        cb_problem(c, line,
                   "the file-wide missing row (column \"*\") lists no answers in \"missing\"");
    return c->oom ? -1 : 0;
}

/* Add the file-wide missing answers to every column's own, once each. */
int cb_merge_missing(struct parse_ctx *c)
{
    struct survey_codebook *cb = &c->box->cb;
    if (!cb->n_missing_all)
        return 0;
    for (size_t i = 0; i < cb->n_cols; i++) {
        struct survey_cbcol *col = &cb->cols[i];
        char **m = realloc(col->missing, (col->n_missing + cb->n_missing_all) * sizeof *m);
        if (!m)
            return cb_nomem(c);
        col->missing = m;
        for (size_t k = 0; k < cb->n_missing_all; k++) {
            size_t j;
            for (j = 0; j < col->n_missing && strcmp(m[j], cb->missing_all[k]); j++)
                ;
            if (j == col->n_missing && *cb->missing_all[k])
                m[col->n_missing++] = cb->missing_all[k];
        }
    }
    return 0;
}
