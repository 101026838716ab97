/* cells.c — typing one cell by its codebook column: a listed code or label,
 * a declared missing answer, a number in range, a time taken, a weight, or an
 * activities cell of several options.  What no label names may be a survey
 * platform's spelling of one: a code written "2.0", a numbered option
 * ("1.男", "A.男", "(1)男"), an option with its fill-in text ("其他〖…〗");
 * a multiple-choice cell is split at the separators no listed option
 * contains.  Most cells are a byte or two, so each column's answer to every
 * such cell is worked out once, in advance.
 */
#include "survey/load_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The detail of a bad value, into WHY (WN bytes; 0: not wanted, as when
   the short cells are typed in advance and only the outcome counts). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void say(char *why, size_t wn, const char *fmt, ...)
{
    if (!wn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, wn, fmt, ap);
    va_end(ap);
}

int16_t ld_likert_score(const struct survey_cbcol *c, long code)
{
    return (int16_t)(c->reverse ? c->min + c->max - code : code);
}

static int listed(const struct survey_cbcol *c, long code)
{
    for (size_t i = 0; i < c->n_values; i++)
        if (c->values[i].code == code)
            return 1;
    return 0;
}

/* What the column's look-up says of the text S: 1 with *CODE (a code, or
   MISSING_MARK), 0 when it is no label, code alias or missing answer.  A
   canonical integer of one to three characters ("3", "-2", "10") is looked
   up in the column's small table, anything else in its hash. */
static int lookup(const struct colinfo *ci, const char *s, size_t len, int *code)
{
    long small;
    if (len && len <= 3 && (s[0] != '0' || len == 1) && !(s[0] == '-' && (len == 1 || s[1] == '0')) &&
        s[0] != '+' && text_int(s, len, &small) == 0 && small >= -128 && small < 128) {
        *code = ci->small[small + 128];
        return *code != SMALL_NONE;
    }
    return len ? strmap_get(&ci->lookup, s, len, code) : 0;
}

/* ## Cells as platforms write them */

static const char *find(const char *s, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; len >= nl && i <= len - nl; i++)
        if (!memcmp(s + i, needle, nl))
            return s + i;
    return NULL;
}

/* "2.0", "-3.00": a whole number a spreadsheet wrote with decimals, into
   OUT as the integer's own text ("2", "-3"); 0 when S is no such number. */
static int decimal_code(const char *s, size_t len, char out[16], size_t *ol)
{
    const char *dot = memchr(s, '.', len);
    if (!dot || dot == s + len - 1)
        return 0;
    for (const char *p = dot + 1; p < s + len; p++)
        if (*p != '0')
            return 0;
    long v;
    if (text_int(s, (size_t)(dot - s), &v) < 0)
        return 0;
    *ol = (size_t)snprintf(out, 16, "%ld", v);
    return 1;
}

/* The number an option's text starts with, as questionnaires number their
   options: "1.男", "1、男", "1)男", "(1)男", "（1）男", "①男" (① to ⑳), "A.男".
   Returns the bytes before the label (the spaces after the number
   included), the number in *NUM and whether it is a letter (A = 1) in
   *LETTER; 0 when S does not start so, or when no label follows (nothing,
   or a digit: "1、2" lists two codes). */
size_t ld_option_number(const char *s, size_t len, long *num, int *letter)
{
    static const char *const ends[] = {".", "、", ")", "．", "）"};
    const unsigned char *u = (const unsigned char *)s;
    size_t end = 0, j = 0;
    *letter = 0;
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xA0 && u[2] <= 0xB3) {
        *num = u[2] - 0xA0 + 1; /* U+2460..U+2473 */
        end = 3;
    } else if (len && (s[0] == '(' || (len >= 3 && !memcmp(s, "（", 3)))) {
        size_t i = s[0] == '(' ? 1 : 3;
        for (j = i; j < len && j - i < 4 && s[j] >= '0' && s[j] <= '9'; j++)
            ;
        if (j == i || text_int(s + i, j - i, num) < 0)
            return 0;
        if (j < len && s[j] == ')')
            end = j + 1;
        else if (len - j >= 3 && !memcmp(s + j, "）", 3))
            end = j + 3;
        else
            return 0;
    } else {
        if (len && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) {
            *num = (s[0] & ~0x20) - 'A' + 1;
            *letter = j = 1;
        } else {
            for (; j < len && j < 4 && s[j] >= '0' && s[j] <= '9'; j++)
                ;
            if (j == 0 || text_int(s, j, num) < 0)
                return 0;
        }
        for (size_t e = 0; e < sizeof ends / sizeof ends[0] && !end; e++) {
            size_t el = strlen(ends[e]);
            if (len - j >= el && !memcmp(s + j, ends[e], el))
                end = j + el;
        }
        if (!end)
            return 0;
    }
    const char *rest = s + end;
    size_t rl = len - end;
    text_trim(&rest, &rl);
    if (!rl || (rest[0] >= '0' && rest[0] <= '9'))
        return 0;
    return (size_t)(rest - s);
}

size_t ld_option_number_digits(const char *s, size_t len, long *num)
{
    static const char *const ends[] = {".", "、", ")", "．", "）"};
    size_t j = 0, end = 0;
    for (; j < len && j < 4 && s[j] >= '0' && s[j] <= '9'; j++)
        ;
    if (j == 0 || text_int(s, j, num) < 0)
        return 0;
    for (size_t e = 0; e < sizeof ends / sizeof ends[0] && !end; e++) {
        size_t el = strlen(ends[e]);
        if (len - j >= el && !memcmp(s + j, ends[e], el))
            end = j + el;
    }
    const char *rest = s + end;
    size_t rl = len - end;
    text_trim(&rest, &rl);
    double d;
    if (!end || !rl || text_double(rest, rl, &d) == 0)
        return 0;
    return (size_t)(rest - s);
}

/* The length of S before a fill-in 〖…〗 that ends it (wjx writes the text
   typed into an option's box so: 其他〖跳广场舞〗), or LEN when it has none. */
size_t ld_before_fill_in(const char *s, size_t len)
{
    const char *open = find(s, len, "〖");
    size_t cl = strlen("〗");
    if (!open || len < cl || memcmp(s + len - cl, "〗", cl))
        return len;
    return (size_t)(open - s);
}

/* The code a cell names in a platform's spelling: a fill-in after the
   option (其他〖跳广场舞〗) or a numbered option (1.男, A.男, (1)男), the
   number then being that of the label's code (a letter: of its place in
   `values`).  1 with *CODE (MISSING_MARK for a missing answer); 0 when S is
   none of these; -1 with WHY when the number names another answer. */
static int platform_form(const struct survey_cbcol *c, const struct colinfo *ci, const char *s,
                         size_t len, int *code, char *why, size_t wn)
{
    double d;
    if (text_double(s, len, &d) == 0) /* "2.5" is a number, not option 2's text */
        return 0;
    const char *t = s;
    size_t tl = ld_before_fill_in(s, len);
    if (tl < len) {
        text_trim(&t, &tl);
        if (!tl)
            return 0;
        if (lookup(ci, t, tl, code))
            return 1;
    }
    long num;
    int letter;
    size_t k = ld_option_number(t, tl, &num, &letter);
    int label;
    /* A label that starts with a digit (an age bracket: 1.18-29岁) is
       numbered too, when the rest is that label. */
    if (!k && (k = ld_option_number_digits(t, tl, &num)) != 0 && !lookup(ci, t + k, tl - k, &label))
        k = 0;
    if (!k || !lookup(ci, t + k, tl - k, &label))
        return 0;
    *code = label;
    if (label == MISSING_MARK) /* "6.说不清": the label says it */
        return 1;
    int named = SMALL_NONE;
    if (letter) {
        long place = num;
        for (size_t i = 0; i < c->n_values && named == SMALL_NONE; i++)
            if (!c->values[i].alias && --place == 0)
                named = c->values[i].code;
    } else {
        /* The number as a cell would hold it: a code, or the code as the
           codebook wrote it for a recoded participation item. */
        char digits[16];
        int dl = snprintf(digits, sizeof digits, "%ld", num);
        if (!lookup(ci, digits, (size_t)dl, &named))
            named = (int)num;
    }
    if (named == label)
        return 1;
    const char *lab = t + k;
    size_t ll = tl - k, shown = text_utf8_prefix(lab, ll, 64);
    if (letter) {
        int place = 0;
        for (size_t i = 0; i < c->n_values; i++)
            if (!c->values[i].alias && (place++, c->values[i].code == label))
                break;
        say(why, wn, "the option letter %c is not that of \"%.*s%s\" (answer %d in values)", t[0],
            (int)shown, lab, shown < ll ? "…" : "", place);
    } else {
        /* The label's code as the codebook writes it (a participation item
           whose yes is not 1 is recoded inside). */
        int written = c->role != ROLE_PARTICIPATION || c->yes_code == 1 ? label
                      : label == 1                                      ? c->yes_code
                      : label == c->yes_code                            ? 1
                                                                        : label;
        say(why, wn, "the option number %ld is not that of \"%.*s%s\" (code %d)", num, (int)shown,
            lab, shown < ll ? "…" : "", written);
    }
    return -1;
}

/* ## Multiple choice */

static const char *const seps[] = {"┋", "|", ";", "，", "、"};

/* The separators of a multiple-choice cell in column C, a bit for each of
   SEPS: those that no listed option's text contains (文体、娱乐活动 keeps 、
   from splitting its column's cells). */
static unsigned separators(const struct survey_cbcol *c)
{
    unsigned mask = 0;
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        size_t i;
        for (i = 0; i < c->n_values; i++)
            if (strstr(c->values[i].text, seps[k]) ||
                (c->values[i].text_en && strstr(c->values[i].text_en, seps[k])))
                break;
        if (i == c->n_values)
            mask |= 1u << k;
    }
    return mask;
}

size_t ld_next_option(const struct colinfo *ci, const char *s, size_t len, size_t i, size_t *sl)
{
    /* An option's own number ("1、议事会") is not a separator. */
    const char *t = s + i;
    size_t tl = len - i;
    text_trim(&t, &tl);
    long num;
    int letter;
    size_t j = (size_t)(t - s) + ld_option_number(t, tl, &num, &letter);
    size_t open = strlen("〖"), close = strlen("〗");
    while (j < len) {
        if (len - j >= open && !memcmp(s + j, "〖", open)) { /* a fill-in is never split */
            const char *e = find(s + j + open, len - j - open, "〗");
            if (e) {
                j = (size_t)(e - s) + close;
                continue;
            }
        }
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            size_t l = strlen(seps[k]);
            if ((ci->seps >> k & 1) && len - j >= l && !memcmp(s + j, seps[k], l)) {
                *sl = l;
                return j;
            }
        }
        j++;
    }
    *sl = 0;
    return len;
}

int ld_option_code(const struct survey_cbcol *c, const struct colinfo *ci, const char *t,
                   size_t tl, int *code, char *why, size_t wn)
{
    long num;
    char canon[16];
    size_t cl;
    if (lookup(ci, t, tl, code))
        return 1;
    if (decimal_code(t, tl, canon, &cl)) {
        if (lookup(ci, canon, cl, code))
            return 1;
        t = canon, tl = cl;
    }
    if (text_int(t, tl, &num) == 0) {
        if (!listed(c, num))
            return 0;
        *code = (int)num;
        return 1;
    }
    return platform_form(c, ci, t, tl, code, why, wn);
}

/* The activities cell: options joined by separators (ld_next_option).
   Each option is a code or a label; "none of these" (code 0) may stand
   alone. */
static enum cell parse_activities(const struct survey_cbcol *c, const struct colinfo *ci,
                                  const char *s, size_t len, int16_t *out, char *why, size_t wn)
{
    /* A multi question's cell is read the same way; its code 0, if listed,
       is an option like any other. */
    int multi = c->role == ROLE_MULTI;
    for (int k = 0; k < ci->nvar; k++)
        out[k] = 0;
    int none = 0, any = 0, code;
    /* The whole cell one missing answer in a platform's spelling. */
    if (ld_option_code(c, ci, s, len, &code, NULL, 0) == 1 && code == MISSING_MARK) {
        for (int k = 0; k < ci->nvar; k++)
            out[k] = SURVEY_MISSING;
        return CELL_OK;
    }
    size_t i = 0;
    while (i <= len) {
        size_t sl, j = ld_next_option(ci, s, len, i, &sl);
        const char *t = s + i;
        size_t tl = j - i;
        text_trim(&t, &tl);
        if (tl) {
            int r = ld_option_code(c, ci, t, tl, &code, why, wn);
            if (r < 0)
                return CELL_BAD;
            if (r == 0) {
                size_t shown = text_utf8_prefix(t, tl, 64);
                say(why, wn, "option \"%.*s%s\" is not one of the listed %s",
                         (int)shown, t, shown < tl ? "…" : "", multi ? "options" : "activities");
                return CELL_BAD;
            }
            if (code == MISSING_MARK) {
                size_t shown = text_utf8_prefix(t, tl, 64);
                say(why, wn, "a missing answer \"%.*s%s\" among chosen options", (int)shown,
                         t, shown < tl ? "…" : "");
                return CELL_BAD;
            }
            if (code == 0 && !multi) {
                none = 1;
            } else {
                int v = 0;
                for (size_t k = 0; k < c->n_values; k++) {
                    if (c->values[k].code == 0 && !multi)
                        continue;
                    if (c->values[k].code == code)
                        break;
                    v++;
                }
                out[v] = 1;
                any = 1;
            }
        }
        i = j + (sl ? sl : 1);
    }
    if (none && any) {
        say(why, wn, "\"none of these\" chosen together with an activity");
        return CELL_BAD;
    }
    return CELL_OK;
}

/* Whether a cell of role R holds a code (or a whole number, as AGE, YEAR
   and BIRTH_YEAR). */
static int takes_codes(enum survey_role r)
{
    return r != ROLE_ID && r != ROLE_TEXT && r != ROLE_IGNORE && r != ROLE_WEIGHT &&
           r != ROLE_DURATION && r != ROLE_ACTIVITIES && r != ROLE_MULTI;
}

/* Type one cell into the row.  WHY receives the detail of a bad value. */
enum cell ld_parse_cell(struct file_ctx *fc, int ci_index, const char *s, size_t len,
                            char *why, size_t wn)
{
    struct survey *s_ = fc->s;
    const struct survey_cbcol *c = &s_->cb->cols[ci_index];
    const struct colinfo *ci = &s_->impl->col[ci_index];
    int16_t *out = ci->var >= 0 ? &fc->row[ci->var] : NULL;
    int code, known = lookup(ci, s, len, &code);
    /* What no label names may be a platform's spelling: a code written
       "2.0" is 2 (AGE and YEAR read it so too); a numbered option or a
       fill-in names an answer of a labelled column. */
    char canon[16];
    long whole;
    /* An age, a year or a birth year is a number; an age asked as brackets
       is a categorical answer like any other (1.18-29岁). */
    int number = (c->role == ROLE_AGE && !c->n_values) || c->role == ROLE_YEAR ||
                 c->role == ROLE_BIRTH_YEAR;
    if (!known && len && takes_codes(c->role) && text_int(s, len, &whole) < 0) {
        size_t cl;
        if (decimal_code(s, len, canon, &cl)) {
            s = canon, len = cl;
            known = lookup(ci, s, len, &code);
        } else if (!number) {
            int r = platform_form(c, ci, s, len, &code, why, wn);
            if (r < 0)
                return CELL_BAD;
            known = r;
        }
    }
    int missing = len == 0 || (known && code == MISSING_MARK);
    if (ld_is_any(c, ci))
        return ld_parse_any(fc, ci_index, s, len, missing, why, wn);

    switch (c->role) {
    case ROLE_ID:
    case ROLE_TEXT:
    case ROLE_IGNORE:
        return CELL_OK;
    case ROLE_ACTIVITIES:
    case ROLE_MULTI:
        if (missing) {
            for (int k = 0; k < ci->nvar; k++)
                out[k] = SURVEY_MISSING;
            return CELL_OK;
        }
        return parse_activities(c, ci, s, len, out, why, wn);
    case ROLE_WEIGHT:
    case ROLE_DURATION: {
        double v = NAN;
        if (!missing) {
            int bad = c->role == ROLE_WEIGHT ? text_double(s, len, &v) < 0 || v < 0
                                             : survey_duration_parse(s, len, &v) < 0;
            if (bad) {
                say(why, wn, "not a %s",
                         c->role == ROLE_WEIGHT ? "non-negative number" : "time taken");
                return CELL_BAD;
            }
        }
        *(c->role == ROLE_WEIGHT ? &fc->weight : &fc->duration) = v;
        return CELL_OK;
    }
    case ROLE_AGE:
        if (c->n_values) /* brackets: a listed code or label */
            goto categorical;
        /* fall through */
    case ROLE_YEAR:
    case ROLE_BIRTH_YEAR: { /* the year as written; load.c makes it an age */
        if (missing) {
            *out = SURVEY_MISSING;
            return CELL_OK;
        }
        long v;
        double d;
        if (text_int(s, len, &v) < 0) {
            if (text_double(s, len, &d) < 0 || d < -32767 || d > 32767) {
                say(why, wn, "not a number");
                return CELL_BAD;
            }
            v = (long)floor(d);
        }
        if (c->has_range ? v < c->min || v > c->max : v <= INT16_MIN || v > INT16_MAX) {
            say(why, wn, "outside %d..%d", c->has_range ? c->min : INT16_MIN + 1,
                     c->has_range ? c->max : INT16_MAX);
            return CELL_RANGE;
        }
        *out = (int16_t)v;
        return CELL_OK;
    }
    case ROLE_SATISFACTION:
    case ROLE_TRUST:
    case ROLE_LIKERT: {
        if (missing) {
            *out = SURVEY_MISSING;
            return CELL_OK;
        }
        long v;
        if (known) {
            v = code;
        } else if (text_int(s, len, &v) < 0) {
            say(why, wn, "not one of the listed answers");
            return CELL_BAD;
        } else if (v < c->min || v > c->max) {
            say(why, wn, "outside %d..%d", c->min, c->max);
            return CELL_RANGE;
        }
        *out = ld_likert_score(c, v);
        return CELL_OK;
    }
    default: /* categorical roles and participation items */
    categorical: {
        if (missing) {
            *out = SURVEY_MISSING;
            return CELL_OK;
        }
        long v;
        if (known) {
            v = code;
        } else if (text_int(s, len, &v) < 0 || (c->n_values ? !listed(c, v)
                                                            : v <= INT16_MIN || v > INT16_MAX)) {
            say(why, wn, "not one of the listed %s", c->n_values ? "answers" : "codes");
            return CELL_BAD;
        }
        *out = (int16_t)v;
        return CELL_OK;
    }
    }
}

/* Type every cell of up to two characters once, for each one-variable
   column, through parse_cell itself: ld_record() then types most cells by one
   table look-up and can never disagree with the slow path.  Also find each
   column's separators and list the Likert variables. */
int ld_plan_columns(struct survey *s)
{
    struct survey_impl *im = s->impl;
    for (size_t k = 0; k < s->cb->n_cols; k++)
        im->col[k].seps = separators(&s->cb->cols[k]);
    struct file_ctx fc = {.s = s};
    if (!(fc.row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *fc.row)))
        return -1;
    for (size_t k = 0; k < s->cb->n_cols; k++) {
        struct colinfo *ci = &im->col[k];
        if (!ld_is_analysed(s->cb->cols[k].role) || ld_is_any(&s->cb->cols[k], ci))
            continue;
        if (!(ci->fast = malloc(FAST_SIZE * sizeof *ci->fast))) {
            free(fc.row);
            return -1;
        }
        for (int i = 0; i < FAST_SIZE; i++) {
            char text[2];
            size_t len = i == 0 ? 0 : i < FAST_TWO ? 1 : 2;
            if (len == 1)
                text[0] = (char)(i - FAST_ONE);
            if (len == 2)
                text[0] = (char)('0' + (i - FAST_TWO) / 10), text[1] = (char)('0' + (i - FAST_TWO) % 10);
            const char *t = text;
            text_trim(&t, &len);
            ci->fast[i] = ld_parse_cell(&fc, (int)k, t, len, NULL, 0) == CELL_OK
                              ? fc.row[ci->var]
                              : FAST_SLOW;
        }
    }
    free(fc.row);
    for (size_t j = 0; j < s->n_vars; j++) {
        if (s->vars[j].role != ROLE_SATISFACTION && s->vars[j].role != ROLE_TRUST &&
            s->vars[j].role != ROLE_LIKERT)
            continue;
        int *l = realloc(im->likert, (im->n_likert + 1) * sizeof *l);
        if (!l)
            return -1;
        im->likert = l;
        im->likert[im->n_likert++] = (int)j;
    }
    return 0;
}
