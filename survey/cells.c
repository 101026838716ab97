/* cells.c — typing one cell by its codebook column: a listed code or label,
 * a declared missing answer, a number in range, a time taken, a weight, or an
 * activities cell of several options.  Most cells are a byte or two, so each
 * column's answer to every such cell is worked out once, in advance.
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

/* The activities cell: options joined by ┋ | ; ， or 、.  Each option is a code
   or a label; "none of these" (code 0) may stand alone. */
static enum cell parse_activities(const struct survey_cbcol *c, const struct colinfo *ci,
                                  const char *s, size_t len, int16_t *out, char *why, size_t wn)
{
    static const char *const seps[] = {"┋", "|", ";", "，", "、"};
    for (int k = 0; k < ci->nvar; k++)
        out[k] = 0;
    int none = 0, any = 0;
    size_t i = 0;
    while (i <= len) {
        size_t j = i, sl = 0;
        while (j < len) {
            size_t k;
            for (k = 0; k < sizeof seps / sizeof seps[0]; k++) {
                sl = strlen(seps[k]);
                if (len - j >= sl && !memcmp(s + j, seps[k], sl))
                    break;
            }
            if (k < sizeof seps / sizeof seps[0])
                break;
            j++;
            sl = 0;
        }
        const char *t = s + i;
        size_t tl = j - i;
        text_trim(&t, &tl);
        if (tl) {
            int code;
            long num;
            if (!strmap_get(&ci->lookup, t, tl, &code)) {
                if (text_int(t, tl, &num) < 0 || !listed(c, num)) {
                    size_t shown = text_utf8_prefix(t, tl, 64);
                    say(why, wn, "option \"%.*s%s\" is not one of the listed activities",
                             (int)shown, t, shown < tl ? "…" : "");
                    return CELL_BAD;
                }
                code = (int)num;
            }
            if (code == MISSING_MARK) {
                size_t shown = text_utf8_prefix(t, tl, 64);
                say(why, wn, "a missing answer \"%.*s%s\" among chosen options", (int)shown,
                         t, shown < tl ? "…" : "");
                return CELL_BAD;
            }
            if (code == 0) {
                none = 1;
            } else {
                int v = 0;
                for (size_t k = 0; k < c->n_values; k++) {
                    if (c->values[k].code == 0)
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

/* Type one cell into the row.  WHY receives the detail of a bad value. */
enum cell ld_parse_cell(struct file_ctx *fc, int ci_index, const char *s, size_t len,
                            char *why, size_t wn)
{
    struct survey *s_ = fc->s;
    const struct survey_cbcol *c = &s_->cb->cols[ci_index];
    const struct colinfo *ci = &s_->impl->col[ci_index];
    int16_t *out = ci->var >= 0 ? &fc->row[ci->var] : NULL;
    int code, known;
    /* A canonical integer of one to three characters ("3", "-2", "10") is
       looked up in the column's small table, anything else in its hash. */
    long small;
    if (len && len <= 3 && (s[0] != '0' || len == 1) && !(s[0] == '-' && (len == 1 || s[1] == '0')) &&
        s[0] != '+' && text_int(s, len, &small) == 0 && small >= -128 && small < 128) {
        code = ci->small[small + 128];
        known = code != SMALL_NONE;
    } else {
        known = len ? strmap_get(&ci->lookup, s, len, &code) : 0;
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
    case ROLE_YEAR: {
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
    default: { /* categorical roles and participation items */
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
   table look-up and can never disagree with the slow path.  Also list the
   Likert variables. */
int ld_plan_columns(struct survey *s)
{
    struct survey_impl *im = s->impl;
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
