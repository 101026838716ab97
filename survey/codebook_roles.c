/* codebook_roles.c — the roles a codebook column may take and their rules:
 * the role table, an unknown role with the nearest one suggested, a
 * participation item's yes, and the rules of the multiple-response roles
 * (`multi`, `option`) and of the names Likert scales and option questions
 * share.
 */
#include "survey/survey.h"
#include "survey/codebook_internal.h"
#include "survey/survey_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct role_def cb_roles[ROLE_COUNT] = {
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
    return (unsigned)role < ROLE_COUNT ? cb_roles[role].name : NULL;
}

/* The problem of an unknown ROLE on LINE: the nearest role, if one is near,
   and the list of roles. */
void cb_unknown_role(struct parse_ctx *c, long line, const char *column, const char *role)
{
    const char *names[ROLE_COUNT];
    char list[256];
    size_t at = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        names[r] = cb_roles[r].name;
        at +=
            (size_t)snprintf(list + at, sizeof list - at, "%s%s", r ? ", " : "", cb_roles[r].name);
    }
    if (!*role) {
        cb_problem(c, line, "column \"%s\": no role given (roles: %s)", cb_vis(c, column), list);
        return;
    }
    int near = survey_nearest(role, names, ROLE_COUNT);
    char hint[64] = "";
    if (near >= 0)
        snprintf(hint, sizeof hint, "did you mean \"%s\"? ", cb_roles[near].name);
    cb_problem(c, line, "column \"%s\": unknown role \"%s\" (%sroles: %s)", cb_vis(c, column),
               cb_vis(c, role), hint, list);
}

/* Whether LABEL says yes (是, 有, 参加, 参加过, 参与过, or yes in any case). */
static int says_yes(const char *label)
{
    static const char *const yes[] = {"是", "有", "参加", "参加过", "参与过"};
    for (size_t k = 0; k < sizeof yes / sizeof yes[0]; k++)
        if (!strcmp(label, yes[k]))
            return 1;
    return cb_heading_is(label, strlen(label), "yes");
}

/* A participation item's yes: code 1 when codes 1 and 0 are both listed,
   else the value labelled yes.  The loader and the analysis read code 1 as
   yes, so an item whose yes is another code Y is recoded here, invisibly:
   yes takes code 1 and the value that had code 1 (if any) takes Y, and the
   digits of each code as written become an alias label of its new code (a
   cell "2" still means the value the codebook coded 2).  Returns -1 only
   when out of memory. */
int cb_participation_yes(struct parse_ctx *c, struct survey_cbcol *col)
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
    const char *scol = cb_vis(c, col->column);
    if (n_yes != 1) {
        if (n_yes == 0)
            cb_problem(c, col->line,
                       "column \"%s\": cannot tell which answer of this participation item is yes: "
                       "label it 是, 有, 参加, 参加过, 参与过 or yes, or code yes 1 and no 0",
                       scol);
        else
            cb_problem(
                c, col->line,
                "column \"%s\": two answers of this participation item read as yes, %d=%s and "
                "%d=%s: only one may",
                scol, col->values[yes].code, cb_vis(c, col->values[yes].text),
                col->values[second].code, cb_vis(c, col->values[second].text));
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
        return cb_nomem(c);
    col->values = v;
    char *ytext = arena_printf(&c->box->arena, "%d", y);
    char *onetext = arena_strndup(&c->box->arena, "1", 1);
    if (!ytext || !onetext)
        return cb_nomem(c);
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

/* The rules of the multiple-response roles.  A `multi` column lists its
   options in `values`.  An `option` column names its question in `scale`
   (the columns of one question share it, and no Likert item may use the
   same name) and is coded 1 (chosen) and 0 (not chosen): VALUES may relabel
   those two codes and no other; blank, it is `1=选中|chosen;0=未选中|not
   chosen`.  Returns 0, or -1 when out of memory. */
int cb_option_rules(struct parse_ctx *c, struct survey_cbcol *col, const char *values)
{
    const char *scol = cb_vis(c, col->column);
    long line = col->line;
    if (col->role == ROLE_MULTI && !*values)
        cb_problem(c, line, "column \"%s\": a multi column needs its options in values", scol);
    if (col->role == ROLE_MULTI && *col->scale)
        cb_problem(c, line,
                   "column \"%s\": a multi column is a question of its own and takes no scale "
                   "(scale \"%s\")",
                   scol, cb_vis(c, col->scale));
    int likert = cb_roles[col->role].kind == KIND_LIKERT;
    if (col->role != ROLE_OPTION && !likert)
        return c->oom ? -1 : 0;
    if (col->role == ROLE_OPTION) {
        if (!*col->scale)
            cb_problem(c, line,
                       "column \"%s\": an option column needs its question's name in scale (the "
                       "columns of one question share it)",
                       scol);
        if (!*values && cb_parse_values(c, col, "1=选中|chosen;0=未选中|not chosen") < 0)
            return -1;
        for (size_t i = 0; i < col->n_values; i++)
            if (col->values[i].code != 0 && col->values[i].code != 1) {
                cb_problem(c, line,
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
        return cb_nomem(c);
    const struct survey_cbcol *o = seen == 1 ? &c->box->cb.cols[first] : NULL;
    if (o && (o->role == ROLE_OPTION) != (col->role == ROLE_OPTION))
        cb_problem(c, line,
                   "column \"%s\": scale \"%s\" is %s on line %ld; an option question and a "
                   "Likert scale need different names",
                   scol, cb_vis(c, col->scale),
                   o->role == ROLE_OPTION ? "a question of option columns" : "a Likert scale",
                   o->line);
    return c->oom ? -1 : 0;
}
