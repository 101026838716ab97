/* codebook.c — parse and check a codebook: one CSV row per questionnaire
 * column (docs/codebook.md).  Like the data, a codebook saved by Excel or
 * WPS may be GB18030 or carry a BOM; the same reader decodes it.  A
 * researcher edits this file by hand in Excel/WPS, so the parser forgives
 * what such editing leaves (headings in any letter case, a stray comma after
 * the last heading, a `note` column, full-width `；` and `＝` typed by an
 * input method) and reports every real mistake, all of them in one pass,
 * each with the codebook's line: an unknown heading or role (with the nearest
 * one suggested), a duplicate column, min > max, a malformed or duplicate
 * value label, a role that may appear only once appearing twice, a
 * participation item whose yes cannot be told.  Invisible characters in the
 * names quoted are shown as <U+00A0> and the like.
 *
 * Two rules are applied here so that the loader need not know them: the
 * file-wide missing row (`*`) is merged into every column's missing list, and
 * a participation item whose yes is not code 1 is recoded so that it is
 * (survey.h, yes_code).
 */
#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Limits on a codebook's shape: fields in a row (a codebook has ten
   headings; Excel may add empty fields) and columns described (a data
   record holds at most 1,048,576 fields). */
enum { CODEBOOK_MAX_FIELDS = 1024, CODEBOOK_MAX_COLUMNS = 1 << 20 };

enum role_kind { KIND_TEXT, KIND_NUMBER, KIND_CATEGORY, KIND_LIKERT, KIND_MULTI };

static const struct role_def {
    const char *name;
    enum role_kind kind;
    int once; /* may appear at most once */
} roles[ROLE_COUNT] = {
    [ROLE_ID] = {"id", KIND_TEXT, 1},
    [ROLE_YEAR] = {"year", KIND_NUMBER, 1},
    [ROLE_SUBDISTRICT] = {"subdistrict", KIND_CATEGORY, 1},
    [ROLE_COMMUNITY] = {"community", KIND_CATEGORY, 1},
    [ROLE_GENDER] = {"gender", KIND_CATEGORY, 1},
    [ROLE_AGE] = {"age", KIND_NUMBER, 1},
    [ROLE_PARTY_MEMBER] = {"party_member", KIND_CATEGORY, 1},
    [ROLE_PARTICIPATION] = {"participation", KIND_CATEGORY, 0},
    [ROLE_ACTIVITIES] = {"activities", KIND_MULTI, 0},
    [ROLE_BARRIER] = {"barrier", KIND_CATEGORY, 1},
    [ROLE_SATISFACTION] = {"satisfaction", KIND_LIKERT, 0},
    [ROLE_TRUST] = {"trust", KIND_LIKERT, 0},
    [ROLE_WEIGHT] = {"weight", KIND_NUMBER, 1},
    [ROLE_DURATION] = {"duration", KIND_NUMBER, 1},
    [ROLE_TEXT] = {"text", KIND_TEXT, 0},
    [ROLE_IGNORE] = {"ignore", KIND_TEXT, 0},
    [ROLE_SINGLE] = {"single", KIND_CATEGORY, 0},
    [ROLE_MULTI] = {"multi", KIND_MULTI, 0},
    [ROLE_OPTION] = {"option", KIND_CATEGORY, 0},
    [ROLE_NUMERIC] = {"numeric", KIND_NUMBER, 0},
    [ROLE_LIKERT] = {"likert", KIND_LIKERT, 0},
    [ROLE_SCALE] = {"scale", KIND_TEXT, 0},
    [ROLE_BIRTH_YEAR] = {"birth_year", KIND_NUMBER, 1},
};

const char *survey_role_name(enum survey_role role)
{
    return (unsigned)role < ROLE_COUNT ? roles[role].name : NULL;
}

/* The codebook and the arena that holds its strings, freed together. */
struct codebook_box {
    struct survey_codebook cb;
    struct arena arena;
    size_t cap;
};

enum field { F_COLUMN, F_ROLE, F_LABEL_ZH, F_LABEL_EN, F_SCALE, F_MIN, F_MAX, F_REVERSE,
             F_MISSING, F_VALUES, F_NOTE, F_COUNT };
static const char *const field_names[F_COUNT] = {
    "column", "role",    "label_zh", "label_en", "scale", "min",
    "max",    "reverse", "missing",  "values",   "note",
};
#define FIELD_LIST                                                                           \
    "column, role, label_zh, label_en, scale, min, max, reverse, missing, values, note"

/* Whether LEN bytes at S are NAME in any ASCII letter case ("Column"). */
static int heading_is(const char *s, size_t len, const char *name)
{
    if (strlen(name) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)s[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (a != (unsigned char)name[i])
            return 0;
    }
    return 1;
}

struct parse_ctx {
    struct codebook_box *box;
    const char *name;
    int map[F_COUNT]; /* field -> position in the record, or -1 */
    int have_header;
    struct survey_error problems; /* every problem found, in line order */
    struct survey_error *fatal;   /* what stops the parse: out of memory */
    int oom;
    struct strmap columns;        /* column name -> its index in cb->cols */
    struct strmap scales;         /* a Likert scale's or option question's name ->
                                     the index of its first column */
};

/* Out of memory: stop the parse.  Returns -1. */
static int nomem(struct parse_ctx *c)
{
    c->oom = 1;
    return survey_error_set(c->fatal, SURVEY_ERR_NOMEM, c->name, 0, "out of memory");
}

/* One more problem of the codebook, on LINE.  Returns -1. */
static int problem(struct parse_ctx *c, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int problem(struct parse_ctx *c, long line, const char *fmt, ...)
{
    char msg[sizeof c->problems.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    text_utf8_clip(msg);
    return survey_error_add(&c->problems, SURVEY_ERR_CODEBOOK, c->name, line, "%s", msg);
}

/* S for a message: invisible characters shown, at most about 200 bytes. */
static const char *vis(struct parse_ctx *c, const char *s)
{
    char buf[208];
    survey_visible(buf, sizeof buf, s, strlen(s));
    char *p = arena_strndup(&c->box->arena, buf, strlen(buf));
    if (!p) {
        nomem(c);
        return "";
    }
    return p;
}

static char *dup_trim(struct parse_ctx *c, const char *s, size_t len)
{
    text_trim(&s, &len);
    char *p = arena_strndup(&c->box->arena, s, len);
    if (!p)
        nomem(c);
    return p;
}

/* The header: known headings in any letter case and order; empty headings
   at the end (a stray comma after the last one) are no column. */
static int header(struct parse_ctx *c, const struct rd_record *rec)
{
    for (int f = 0; f < F_COUNT; f++)
        c->map[f] = -1;
    size_t used = 0; /* headings up to the last non-empty one */
    for (size_t i = 0; i < rec->n; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        if (i == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
            s += 3, len -= 3;
        text_trim(&s, &len);
        if (len)
            used = i + 1;
    }
    for (size_t i = 0; i < used; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        if (i == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
            s += 3, len -= 3;
        text_trim(&s, &len);
        int f;
        for (f = 0; f < F_COUNT; f++)
            if (heading_is(s, len, field_names[f]))
                break;
        if (!len) {
            problem(c, rec->line,
                    "codebook heading %zu is empty (only empty headings after the last one are "
                    "allowed; headings: " FIELD_LIST ")",
                    i + 1);
        } else if (f == F_COUNT) {
            char *h = dup_trim(c, s, len);
            if (!h)
                return -1;
            int near = survey_nearest(h, field_names, F_COUNT);
            char hint[48] = "";
            if (near >= 0)
                snprintf(hint, sizeof hint, "did you mean \"%s\"? ", field_names[near]);
            problem(c, rec->line, "unknown codebook heading \"%s\" (%sheadings: " FIELD_LIST ")",
                    vis(c, h), hint);
        } else if (c->map[f] >= 0) {
            problem(c, rec->line, "codebook heading \"%s\" appears twice", field_names[f]);
        } else {
            c->map[f] = (int)i;
        }
    }
    if (c->oom)
        return -1;
    if (c->map[F_COLUMN] < 0 || c->map[F_ROLE] < 0) {
        /* Without them no row can be read: stop here. */
        problem(c, rec->line, "the codebook header needs at least \"column\" and \"role\"");
        return -1;
    }
    c->have_header = 1;
    return 0;
}

/* A whole number in INT16_MIN+1..INT16_MAX into *OUT; else a problem. */
static int parse_int(struct parse_ctx *c, long line, const struct survey_cbcol *col,
                     const char *what, const char *s, int *out)
{
    long v;
    if (text_int(s, strlen(s), &v) < 0 || v <= INT16_MIN || v > INT16_MAX)
        return problem(c, line, "column \"%s\": %s \"%s\" is not a whole number between %d and %d",
                       vis(c, col->column), what, vis(c, s), INT16_MIN + 1, INT16_MAX);
    *out = (int)v;
    return 0;
}

/* Split S at ';' into trimmed parts.  Returns the count, or -1 when out of
   memory. */
static long split(struct parse_ctx *c, const char *s, char ***out)
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
                return nomem(c);
            }
            v = nv;
        }
        if (!(v[n] = arena_strndup(&c->box->arena, p, pl))) {
            free(v);
            return nomem(c);
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
static int parse_values(struct parse_ctx *c, struct survey_cbcol *col, const char *spec)
{
    char **part;
    long n = split(c, spec, &part);
    if (n < 0)
        return -1;
    col->values = n ? calloc((size_t)n, sizeof *col->values) : NULL;
    if (n && !col->values) {
        free(part);
        return nomem(c);
    }
    size_t kept = 0;
    const char *scol = vis(c, col->column);
    for (long i = 0; i < n; i++) {
        char *p = part[i];
        char *eq = strchr(p, '=');
        struct survey_label lab = {0};
        if (!*p) {
            problem(c, col->line, "column \"%s\": empty value label in \"%s\"", scol, vis(c, spec));
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
                problem(c, col->line,
                        "column \"%s\": malformed value label \"%s=%s\" (expected "
                        "CODE=LABEL with a whole-number code)",
                        scol, vis(c, p), vis(c, text));
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
                problem(c, col->line,
                        "column \"%s\": value label \"%s%s%s\" has no label before \"|\" (expected "
                        "CODE=LABEL or CODE=LABEL|ENGLISH LABEL)",
                        scol, eq ? vis(c, p) : "", eq ? "=" : "", vis(c, text));
            else
                problem(c, col->line,
                        "column \"%s\": malformed value label \"%s=%s\" (expected "
                        "CODE=LABEL with a whole-number code)",
                        scol, vis(c, p), vis(c, text));
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
                dup = problem(c, col->line, "column \"%s\": code %d is listed twice", scol,
                              lab.code);
            else if (same)
                dup = problem(c, col->line, "column \"%s\": label \"%s\" is listed twice", scol,
                              vis(c, same));
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
static void ascii_separators(char *s, int eq)
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

static const char *get(const struct parse_ctx *c, const struct rd_record *rec, enum field f)
{
    int i = c->map[f];
    return i >= 0 && (size_t)i < rec->n ? rec->field[i] : "";
}

/* FIELD of REC, trimmed, in the arena; NULL when out of memory. */
static char *field(struct parse_ctx *c, const struct rd_record *rec, enum field f)
{
    const char *s = get(c, rec, f);
    return dup_trim(c, s, strlen(s));
}

/* The problem of an unknown ROLE on LINE: the nearest role, if one is near,
   and the list of roles. */
static void unknown_role(struct parse_ctx *c, long line, const char *column, const char *role)
{
    const char *names[ROLE_COUNT];
    char list[256];
    size_t at = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        names[r] = roles[r].name;
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", r ? ", " : "", roles[r].name);
    }
    if (!*role) {
        problem(c, line, "column \"%s\": no role given (roles: %s)", vis(c, column), list);
        return;
    }
    int near = survey_nearest(role, names, ROLE_COUNT);
    char hint[64] = "";
    if (near >= 0)
        snprintf(hint, sizeof hint, "did you mean \"%s\"? ", roles[near].name);
    problem(c, line, "column \"%s\": unknown role \"%s\" (%sroles: %s)", vis(c, column),
            vis(c, role), hint, list);
}

/* Whether LABEL says yes (是, 有, 参加, 参加过, 参与过, or yes in any case). */
static int says_yes(const char *label)
{
    static const char *const yes[] = {"是", "有", "参加", "参加过", "参与过"};
    for (size_t k = 0; k < sizeof yes / sizeof yes[0]; k++)
        if (!strcmp(label, yes[k]))
            return 1;
    return heading_is(label, strlen(label), "yes");
}

/* A participation item's yes: code 1 when codes 1 and 0 are both listed,
   else the value labelled yes.  The loader and the analysis read code 1 as
   yes, so an item whose yes is another code Y is recoded here, invisibly:
   yes takes code 1 and the value that had code 1 (if any) takes Y, and the
   digits of each code as written become an alias label of its new code (a
   cell "2" still means the value the codebook coded 2).  Returns -1 only
   when out of memory. */
static int participation_yes(struct parse_ctx *c, struct survey_cbcol *col)
{
    col->yes_code = 1;
    int has0 = 0, has1 = 0;
    for (size_t k = 0; k < col->n_values; k++) {
        has0 |= col->values[k].code == 0;
        has1 |= col->values[k].code == 1;
    }
    if ((has0 && has1) || !col->n_values)
        return 0;
    size_t yes = 0, n_yes = 0, second = 0;
    for (size_t k = 0; k < col->n_values; k++) {
        if (!says_yes(col->values[k].text) && !says_yes(col->values[k].text_en))
            continue;
        if (n_yes++ == 0)
            yes = k;
        else if (n_yes == 2)
            second = k;
    }
    const char *scol = vis(c, col->column);
    if (n_yes != 1) {
        if (n_yes == 0)
            problem(c, col->line,
                    "column \"%s\": cannot tell which answer of this participation item is yes: "
                    "label it 是, 有, 参加, 参加过, 参与过 or yes, or code yes 1 and no 0",
                    scol);
        else
            problem(c, col->line,
                    "column \"%s\": two answers of this participation item read as yes, %d=%s and "
                    "%d=%s: only one may",
                    scol, col->values[yes].code, vis(c, col->values[yes].text),
                    col->values[second].code, vis(c, col->values[second].text));
        return c->oom ? -1 : 0;
    }
    int y = col->values[yes].code;
    col->yes_code = y;
    if (y == 1)
        return 0;
    size_t had = col->n_values, one = had;
    for (size_t k = 0; k < had; k++)
        if (col->values[k].code == 1)
            one = k;
    struct survey_label *v = realloc(col->values, (had + 2) * sizeof *v);
    if (!v)
        return nomem(c);
    col->values = v;
    char *ytext = arena_printf(&c->box->arena, "%d", y);
    char *onetext = arena_strndup(&c->box->arena, "1", 1);
    if (!ytext || !onetext)
        return nomem(c);
    char *none = onetext + 1; /* "" */
    v[yes].code = 1;
    v[col->n_values++] =
        (struct survey_label){.code = 1, .text = ytext, .text_en = none, .alias = 1};
    if (one < had) {
        v[one].code = y;
        v[col->n_values++] =
            (struct survey_label){.code = y, .text = onetext, .text_en = none, .alias = 1};
    }
    return 0;
}

/* The file-wide missing row, `*,missing,,,,,,,-2;-3;(跳过),`: its answers
   are missing in every column.  (A row whose column is `*` or whose role is
   `missing` is this row or a mistake.) */
static int missing_row(struct parse_ctx *c, const struct rd_record *rec, const char *column,
                       const char *role)
{
    struct survey_codebook *cb = &c->box->cb;
    long line = rec->line;
    if (strcmp(column, "*")) {
        problem(c, line,
                "column \"%s\": role \"missing\" is for the file-wide missing row, whose column "
                "is \"*\"",
                vis(c, column));
        return c->oom ? -1 : 0;
    }
    if (strcmp(role, "missing")) {
        problem(c, line,
                "column \"*\" is the file-wide missing row: its role is \"missing\", not \"%s\"",
                vis(c, role));
        return c->oom ? -1 : 0;
    }
    int again = cb->missing_all_line != 0;
    if (again)
        problem(c, line, "the file-wide missing row (column \"*\") is already given on line %ld",
                cb->missing_all_line);
    static const enum field others[] = {F_LABEL_ZH, F_LABEL_EN, F_SCALE, F_MIN,
                                        F_MAX,      F_REVERSE,  F_VALUES};
    char given[128] = "";
    size_t at = 0;
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
        const char *s = get(c, rec, others[k]);
        size_t len = strlen(s);
        text_trim(&s, &len);
        if (len)
            at += (size_t)snprintf(given + at, sizeof given - at, "%s%s", at ? ", " : "",
                                   field_names[others[k]]);
    }
    if (at)
        problem(c, line, "the file-wide missing row (column \"*\") takes only \"missing\", not %s",
                given);
    if (again)
        return c->oom ? -1 : 0;
    char *missing = field(c, rec, F_MISSING);
    if (!missing)
        return -1;
    ascii_separators(missing, 0);
    long n = split(c, missing, &cb->missing_all);
    if (n < 0)
        return -1;
    cb->n_missing_all = (size_t)n;
    cb->missing_all_line = line;
    if (!n)
        problem(c, line,
                "the file-wide missing row (column \"*\") lists no answers in \"missing\"");
    return c->oom ? -1 : 0;
}

/* Add the file-wide missing answers to every column's own, once each. */
static int merge_missing(struct parse_ctx *c)
{
    struct survey_codebook *cb = &c->box->cb;
    if (!cb->n_missing_all)
        return 0;
    for (size_t i = 0; i < cb->n_cols; i++) {
        struct survey_cbcol *col = &cb->cols[i];
        char **m = realloc(col->missing, (col->n_missing + cb->n_missing_all) * sizeof *m);
        if (!m)
            return nomem(c);
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

/* A `scale` row, `services,scale,服务满意度,Satisfaction with services,,,,,,`:
   the labels of the scale named in `column`; it takes no other field. */
static int scale_row(struct parse_ctx *c, const struct rd_record *rec, const char *name)
{
    struct codebook_box *box = c->box;
    struct survey_codebook *cb = &box->cb;
    long line = rec->line;
    if (!*name) {
        problem(c, line, "a scale row needs the scale's name in \"column\"");
        return c->oom ? -1 : 0;
    }
    for (size_t k = 0; k < cb->n_scales; k++)
        if (!strcmp(cb->scales[k].name, name)) {
            problem(c, line, "scale \"%s\" is already labelled on line %ld", vis(c, name),
                    cb->scales[k].line);
            return c->oom ? -1 : 0;
        }
    static const enum field others[] = {F_SCALE, F_MIN, F_MAX, F_REVERSE, F_MISSING, F_VALUES};
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
        const char *s = get(c, rec, others[k]);
        size_t len = strlen(s);
        text_trim(&s, &len);
        if (len)
            problem(c, line, "scale \"%s\": a scale row takes only its labels, not \"%s\"",
                    vis(c, name), field_names[others[k]]);
    }
    struct survey_scale_label *v = realloc(cb->scales, (cb->n_scales + 1) * sizeof *v);
    if (!v)
        return nomem(c);
    cb->scales = v;
    struct survey_scale_label *sl = &v[cb->n_scales];
    if (!(sl->label_zh = field(c, rec, F_LABEL_ZH)) || !(sl->label_en = field(c, rec, F_LABEL_EN)))
        return -1;
    sl->name = (char *)name;
    sl->line = line;
    if (!*sl->label_zh)
        sl->label_zh = *sl->label_en ? sl->label_en : sl->name;
    if (!*sl->label_en)
        sl->label_en = sl->label_zh;
    cb->n_scales++;
    return c->oom ? -1 : 0;
}

const char *survey_scale_label(const struct survey_codebook *cb, const char *name, int en)
{
    for (size_t k = 0; cb && name && k < cb->n_scales; k++)
        if (!strcmp(cb->scales[k].name, name))
            return en ? cb->scales[k].label_en : cb->scales[k].label_zh;
    return name;
}

/* A number with decimals into *OUT; else a problem. */
static int parse_bound(struct parse_ctx *c, long line, const struct survey_cbcol *col,
                       const char *what, const char *s, double *out)
{
    if (text_double(s, strlen(s), out) < 0 || !isfinite(*out))
        return problem(c, line, "column \"%s\": %s \"%s\" is not a number", vis(c, col->column),
                       what, vis(c, s));
    return 0;
}

/* The rules of the multiple-response roles.  A `multi` column lists its
   options in `values`.  An `option` column names its question in `scale`
   (the columns of one question share it, and no Likert item may use the
   same name) and is coded 1 (chosen) and 0 (not chosen): VALUES may relabel
   those two codes and no other; blank, it is `1=选中|chosen;0=未选中|not
   chosen`.  Returns 0, or -1 when out of memory. */
static int option_rules(struct parse_ctx *c, struct survey_cbcol *col, const char *values)
{
    const char *scol = vis(c, col->column);
    long line = col->line;
    if (col->role == ROLE_MULTI && !*values)
        problem(c, line, "column \"%s\": a multi column needs its options in values", scol);
    if (col->role == ROLE_MULTI && *col->scale)
        problem(c, line,
                "column \"%s\": a multi column is a question of its own and takes no scale "
                "(scale \"%s\")",
                scol, vis(c, col->scale));
    int likert = roles[col->role].kind == KIND_LIKERT;
    if (col->role != ROLE_OPTION && !likert)
        return c->oom ? -1 : 0;
    if (col->role == ROLE_OPTION) {
        if (!*col->scale)
            problem(c, line,
                    "column \"%s\": an option column needs its question's name in scale (the "
                    "columns of one question share it)",
                    scol);
        if (!*values && parse_values(c, col, "1=选中|chosen;0=未选中|not chosen") < 0)
            return -1;
        for (size_t i = 0; i < col->n_values; i++)
            if (col->values[i].code != 0 && col->values[i].code != 1) {
                problem(c, line,
                        "column \"%s\": an option column is coded 1 (chosen) and 0 (not "
                        "chosen), not %d",
                        scol, col->values[i].code);
                break;
            }
    }
    /* One name, one kind of question: options or Likert items. */
    if (!*col->scale)
        return c->oom ? -1 : 0;
    int first, seen = strmap_put(&c->scales, col->scale, strlen(col->scale),
                                 (int)(c->box->cb.n_cols - 1), &first);
    if (seen < 0)
        return nomem(c);
    const struct survey_cbcol *o = seen == 1 ? &c->box->cb.cols[first] : NULL;
    if (o && (o->role == ROLE_OPTION) != (col->role == ROLE_OPTION))
        problem(c, line,
                "column \"%s\": scale \"%s\" is %s on line %ld; an option question and a "
                "Likert scale need different names",
                scol, vis(c, col->scale),
                o->role == ROLE_OPTION ? "a question of option columns" : "a Likert scale",
                o->line);
    return c->oom ? -1 : 0;
}

static int row(void *vc, const struct rd_record *rec)
{
    struct parse_ctx *c = vc;
    if (rec->n == 0) /* an empty line */
        return 0;
    if (rec->n > CODEBOOK_MAX_FIELDS) /* a data file given as the codebook: stop */
        return survey_error_add(&c->problems, SURVEY_ERR_LIMIT, c->name, rec->line,
                                "more than %d fields in a codebook row (a codebook has ten "
                                "columns)",
                                CODEBOOK_MAX_FIELDS);
    if (!c->have_header)
        return header(c, rec);
    struct codebook_box *box = c->box;
    struct survey_codebook *cb = &box->cb;
    /* A row of empty cells (Excel leaves them) is not a column. */
    int blank = 1;
    for (size_t i = 0; i < rec->n && blank; i++) {
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        text_trim(&s, &len);
        blank = len == 0;
    }
    if (blank)
        return 0;
    char *column = field(c, rec, F_COLUMN), *role = column ? field(c, rec, F_ROLE) : NULL;
    if (!role)
        return -1;
    if (!strcmp(column, "*") || !strcmp(role, "missing"))
        return missing_row(c, rec, column, role);
    if (!strcmp(role, roles[ROLE_SCALE].name))
        return scale_row(c, rec, column);
    if (cb->n_cols == CODEBOOK_MAX_COLUMNS)
        return survey_error_add(&c->problems, SURVEY_ERR_LIMIT, c->name, rec->line,
                                "the codebook describes more than %d columns, more than a data "
                                "record may hold",
                                CODEBOOK_MAX_COLUMNS);
    if (cb->n_cols == box->cap) {
        size_t cap = box->cap ? 2 * box->cap : 32;
        struct survey_cbcol *cols = realloc(cb->cols, cap * sizeof *cols);
        if (!cols)
            return nomem(c);
        cb->cols = cols;
        box->cap = cap;
    }
    struct survey_cbcol *col = &cb->cols[cb->n_cols];
    memset(col, 0, sizeof *col);
    col->line = rec->line;
    col->role = ROLE_IGNORE;
    col->yes_code = 1;
    cb->n_cols++;
    long line = rec->line;

    col->column = column;
    char *min, *max, *rev;
    if (!(col->label_zh = field(c, rec, F_LABEL_ZH)) ||
        !(col->label_en = field(c, rec, F_LABEL_EN)) || !(col->scale = field(c, rec, F_SCALE)) ||
        !(min = field(c, rec, F_MIN)) || !(max = field(c, rec, F_MAX)) ||
        !(rev = field(c, rec, F_REVERSE)) || !(col->note = field(c, rec, F_NOTE)))
        return -1;
    const char *scol = vis(c, col->column);
    if (!*col->column)
        problem(c, line, "empty column name");
    /* Columns by hash: a codebook of 40,000 columns is checked in no time. */
    int first, seen = *col->column ? strmap_put(&c->columns, col->column, strlen(col->column),
                                                (int)(cb->n_cols - 1), &first)
                                   : 0;
    if (seen < 0)
        return nomem(c);
    if (seen == 1)
        problem(c, line, "column \"%s\" is already described on line %ld", scol,
                cb->cols[first].line);
    int r;
    for (r = 0; r < ROLE_COUNT; r++)
        if (!strcmp(roles[r].name, role))
            break;
    int role_ok = r < ROLE_COUNT;
    if (!role_ok)
        unknown_role(c, line, col->column, role);
    else
        col->role = (enum survey_role)r;
    if (role_ok && roles[r].once)
        for (size_t i = 0; i + 1 < cb->n_cols; i++)
            if (cb->cols[i].role == col->role) {
                problem(c, line,
                        "column \"%s\": role \"%s\" is already given to \"%s\" on line %ld; it "
                        "may appear once",
                        scol, role, vis(c, cb->cols[i].column), cb->cols[i].line);
                break;
            }
    /* The age is asked once: as an age, a bracket or a birth year. */
    int asks_age = role_ok && (col->role == ROLE_AGE || col->role == ROLE_BIRTH_YEAR);
    for (size_t i = 0; asks_age && i + 1 < cb->n_cols; i++) {
        enum survey_role o = cb->cols[i].role;
        if ((col->role == ROLE_AGE && o == ROLE_BIRTH_YEAR) ||
            (col->role == ROLE_BIRTH_YEAR && o == ROLE_AGE)) {
            problem(c, line,
                    "column \"%s\": role \"%s\" and role \"%s\" of \"%s\" on line %ld both give "
                    "the age: keep one of them",
                    scol, role, roles[o].name, vis(c, cb->cols[i].column), cb->cols[i].line);
            break;
        }
    }
    if (!*col->label_zh)
        col->label_zh = *col->label_en ? col->label_en : col->column;
    if (!*col->label_en)
        col->label_en = col->label_zh;
    enum role_kind kind = role_ok ? roles[r].kind : KIND_TEXT;
    if (kind == KIND_LIKERT && !*col->scale)
        col->scale = (char *)roles[r].name;

    if (kind == KIND_LIKERT) {
        col->min = 1;
        col->max = 5;
        col->has_range = 1;
    }
    int range_ok = 1;
    if (col->role == ROLE_NUMERIC) {
        if (*min && parse_bound(c, line, col, "min", min, &col->dmin) < 0)
            range_ok = 0;
        if (*max && parse_bound(c, line, col, "max", max, &col->dmax) < 0)
            range_ok = 0;
    } else {
        if (*min && parse_int(c, line, col, "min", min, &col->min) < 0)
            range_ok = 0;
        if (*max && parse_int(c, line, col, "max", max, &col->max) < 0)
            range_ok = 0;
    }
    if (*min || *max) {
        if (!*min || !*max) {
            problem(c, line, "column \"%s\": give both min and max, or neither", scol);
            range_ok = 0;
        }
        col->has_range = 1;
    }
    if (range_ok && col->has_range && col->role == ROLE_NUMERIC && col->dmin > col->dmax) {
        problem(c, line, "column \"%s\": min %s is greater than max %s", scol, min, max);
        range_ok = 0;
    }
    if (range_ok && col->has_range && col->role != ROLE_NUMERIC && col->min > col->max) {
        problem(c, line, "column \"%s\": min %d is greater than max %d", scol, col->min, col->max);
        range_ok = 0;
    }
    if (range_ok && kind == KIND_LIKERT && col->min == col->max) {
        problem(c, line, "column \"%s\": a Likert item needs min < max", scol);
        range_ok = 0;
    }

    if (*rev && strcmp(rev, "0") && strcmp(rev, "1"))
        problem(c, line, "column \"%s\": reverse must be 1, 0 or blank, not \"%s\"", scol,
                vis(c, rev));
    col->reverse = !strcmp(rev, "1");
    if (col->reverse && role_ok && kind != KIND_LIKERT)
        problem(c, line, "column \"%s\": only Likert items (satisfaction, trust, likert) can be reverse-worded",
                scol);

    char *missing = field(c, rec, F_MISSING);
    if (!missing)
        return -1;
    ascii_separators(missing, 0);
    long nm = split(c, missing, &col->missing);
    if (nm < 0)
        return -1;
    col->n_missing = (size_t)nm;

    char *values = field(c, rec, F_VALUES);
    if (!values)
        return -1;
    ascii_separators(values, 1);
    if (parse_values(c, col, values) < 0)
        return -1;
    if (!role_ok)
        return c->oom ? -1 : 0;
    /* An age with values was asked as brackets: they are the age groups. */
    if (col->n_values && (kind == KIND_TEXT || (kind == KIND_NUMBER && col->role != ROLE_AGE)))
        problem(c, line, "column \"%s\": role \"%s\" takes no value labels", scol, roles[r].name);
    if (col->n_values && col->role == ROLE_AGE && (*min || *max))
        problem(c, line,
                "column \"%s\": an age asked as brackets (values) takes no min or max: the "
                "brackets are the age groups",
                scol);
    if (!*values && col->role == ROLE_PARTICIPATION && parse_values(c, col, "1=是;0=否") < 0)
        return -1;
    if (!*values && col->role == ROLE_ACTIVITIES)
        problem(c, line, "column \"%s\": an activities column needs its options in values", scol);
    if (option_rules(c, col, values) < 0)
        return -1;
    for (size_t i = 0; i < col->n_values; i++) {
        int code = col->values[i].code;
        if (kind == KIND_LIKERT && range_ok && (code < col->min || code > col->max))
            problem(c, line, "column \"%s\": code %d is outside %d..%d", scol, code, col->min,
                    col->max);
    }
    if (col->role == ROLE_PARTICIPATION && participation_yes(c, col) < 0)
        return -1;
    return c->oom ? -1 : 0;
}

struct survey_codebook *survey_codebook_parse(const char *text, size_t len, const char *name,
                                              struct survey_error *err)
{
    struct codebook_box *box = calloc(1, sizeof *box);
    struct parse_ctx *c = box ? calloc(1, sizeof *c) : NULL;
    struct survey_error *rerr = c ? calloc(1, sizeof *rerr) : NULL;
    if (!rerr) {
        free(c);
        free(box);
        survey_error_set(err, SURVEY_ERR_NOMEM, name, 0, "out of memory");
        return NULL;
    }
    struct survey_codebook *cb = &box->cb;
    cb->file = arena_strndup(&box->arena, name, strlen(name));
    *c = (struct parse_ctx){.box = box, .name = cb->file, .fatal = rerr};
    struct csv_reader *r = cb->file ? csv_reader_new(cb->file, SURVEY_ENC_AUTO, row, c) : NULL;
    int rc = r ? 0 : nomem(c);
    if (rc == 0)
        rc = csv_reader_feed(r, text, len, rerr);
    if (rc == 0)
        rc = csv_reader_finish(r, rerr);
    csv_reader_free(r);
    /* A reader's error (a NUL byte, a bad quote, invalid bytes) stops the
       parse: it comes after the problems of the rows read before it. */
    if (rerr->code != SURVEY_OK && rerr->code != SURVEY_ERR_NOMEM)
        survey_error_add(&c->problems, rerr->code, rerr->file, rerr->line, "%s", rerr->message);
    else if (rc == 0 && !c->have_header && c->problems.code == SURVEY_OK)
        problem(c, 0, "the codebook is empty");
    else if (rc == 0 && cb->n_cols == 0 && c->problems.code == SURVEY_OK)
        problem(c, 1, "the codebook describes no columns");
    if (rc == 0 && c->problems.code == SURVEY_OK)
        merge_missing(c);
    struct survey_error *why = c->oom || rerr->code == SURVEY_ERR_NOMEM ? rerr
                               : c->problems.code != SURVEY_OK        ? &c->problems
                                                                      : NULL;
    if (why && err)
        *err = *why;
    free(rerr);
    strmap_free(&c->columns);
    strmap_free(&c->scales);
    free(c);
    if (why) {
        survey_codebook_free(cb);
        return NULL;
    }
    return cb;
}

struct survey_codebook *survey_codebook_load(const char *path, struct survey_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        survey_error_set(err, SURVEY_ERR_IO, path, 0, "cannot open the codebook: %s", strerror(errno));
        return NULL;
    }
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    int rc = 0;
    /* At most SURVEY_SMALL_MAX bytes: a regular file tells its size at once,
       a stream (a pipe, /dev/zero) is counted as it is read. */
    struct stat st;
    int large = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
                (unsigned long long)st.st_size > SURVEY_SMALL_MAX;
    while (rc == 0 && !large && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        large = b.len + n > SURVEY_SMALL_MAX;
        if (!large)
            rc = buf_append(&b, chunk, n);
    }
    int bad = ferror(f);
    fclose(f);
    if (large) {
        buf_free(&b);
        survey_error_set(err, SURVEY_ERR_LIMIT, path, 0,
                         "the codebook is larger than %zu MiB: a codebook is a small CSV file, "
                         "one row per data column (is this the data file?)",
                         SURVEY_SMALL_MAX >> 20);
        return NULL;
    }
    if (rc < 0 || bad) {
        buf_free(&b);
        survey_error_set(err, rc < 0 ? SURVEY_ERR_NOMEM : SURVEY_ERR_IO, path, 0,
                    rc < 0 ? "out of memory" : "cannot read the codebook");
        return NULL;
    }
    struct survey_codebook *cb = survey_codebook_parse(b.data ? b.data : "", b.len, path, err);
    buf_free(&b);
    return cb;
}

extern const char *const survey_codebook_default_csv;
extern const unsigned long survey_codebook_default_csv_len;

const char *survey_codebook_default_text(size_t *len)
{
    if (len)
        *len = survey_codebook_default_csv_len;
    return survey_codebook_default_csv;
}

struct survey_codebook *survey_codebook_default(struct survey_error *err)
{
    struct survey_codebook *cb = survey_codebook_parse(
        survey_codebook_default_csv, survey_codebook_default_csv_len, "(built-in codebook)", err);
    if (cb)
        cb->builtin = 1;
    return cb;
}

const char *survey_cbcol_place(const struct survey_codebook *cb, const struct survey_cbcol *col,
                               char *buf, size_t size)
{
    if (cb->builtin)
        snprintf(buf, size, "line %ld of the built-in codebook", col->line);
    else
        snprintf(buf, size, "%s:%ld", cb->file, col->line);
    text_utf8_clip(buf);
    return buf;
}

void survey_codebook_free(struct survey_codebook *cb)
{
    if (!cb)
        return;
    struct codebook_box *box = (struct codebook_box *)cb;
    for (size_t i = 0; i < cb->n_cols; i++) {
        free(cb->cols[i].missing);
        free(cb->cols[i].values);
    }
    free(cb->cols);
    free(cb->missing_all);
    free(cb->scales);
    arena_free(&box->arena);
    free(box);
}

int survey_codebook_find_role(const struct survey_codebook *cb, enum survey_role role)
{
    for (size_t i = 0; i < cb->n_cols; i++)
        if (cb->cols[i].role == role)
            return (int)i;
    return -1;
}

static const struct survey_label *label_of(const struct survey_cbcol *col, int code)
{
    for (size_t i = 0; i < col->n_values; i++)
        if (col->values[i].code == code && !col->values[i].alias)
            return &col->values[i];
    return NULL;
}

const char *survey_cbcol_label(const struct survey_cbcol *col, int code)
{
    const struct survey_label *l = label_of(col, code);
    return l ? l->text : NULL;
}

const char *survey_cbcol_label_en(const struct survey_cbcol *col, int code)
{
    const struct survey_label *l = label_of(col, code);
    return !l ? NULL : *l->text_en ? l->text_en : l->text;
}

int survey_cbcol_code(const struct survey_cbcol *col, const char *s, size_t len, int *code)
{
    for (size_t i = 0; i < col->n_values; i++) {
        const struct survey_label *l = &col->values[i];
        if ((strlen(l->text) == len && !memcmp(l->text, s, len)) ||
            (*l->text_en && strlen(l->text_en) == len && !memcmp(l->text_en, s, len))) {
            *code = l->code;
            return 1;
        }
    }
    return 0;
}
