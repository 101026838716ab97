/* model.c — what the names of --model mean: which column, scale or role
 * each names and how it enters the logistic model (association.c fits it),
 * and the message for a name that is no term, with the nearest that is. */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The categorical roles a model takes, with the word that starts their
   Chinese terms. */
static const struct {
    enum survey_role role;
    const char *zh;
} factor_roles[] = {
    {ROLE_GENDER, "性别"},      {ROLE_PARTY_MEMBER, "党员"}, {ROLE_SUBDISTRICT, "街道"},
    {ROLE_COMMUNITY, "社区"},   {ROLE_BARRIER, "未参与原因"},
};

const char *an_factor_word(enum survey_role role)
{
    for (size_t k = 0; k < sizeof factor_roles / sizeof *factor_roles; k++)
        if (factor_roles[k].role == role)
            return factor_roles[k].zh;
    return NULL;
}

/* Whether S has a scale NAME (a Likert item's `scale`). */
static int has_scale(const struct survey *s, const char *name)
{
    for (size_t j = 0; j < s->n_vars; j++) {
        enum survey_role r = s->vars[j].role;
        if ((r == ROLE_SATISFACTION || r == ROLE_TRUST || r == ROLE_LIKERT) &&
            !strcmp(s->vars[j].col->scale, name))
            return 1;
    }
    return 0;
}

int an_model_resolve(const struct survey *s, const char *name, struct an_term_src *t)
{
    *t = (struct an_term_src){0};
    const struct survey_var *v = survey_var_by_name(s, name);
    if (v) {
        t->v = v;
        if (v->role == ROLE_SINGLE) {
            t->kind = AN_PRED_FACTOR;
        } else if (v->role == ROLE_NUMERIC) {
            t->kind = AN_PRED_NUMERIC;
        } else if (v->role == ROLE_AGE) {
            t->kind = AN_PRED_AGE;
        } else if (an_factor_word(v->role)) {
            t->kind = AN_PRED_FACTOR;
            t->by_role = 1;
        } else {
            return -2;
        }
        return 0;
    }
    if (!strcmp(name, "age_group")) {
        t->kind = AN_PRED_AGE;
        t->v = survey_var_by_role(s, ROLE_AGE);
        return t->v ? 0 : -2;
    }
    for (size_t k = 0; k < sizeof factor_roles / sizeof *factor_roles; k++)
        if (!strcmp(name, survey_role_name(factor_roles[k].role))) {
            t->kind = AN_PRED_FACTOR;
            t->by_role = 1;
            t->v = survey_var_by_role(s, factor_roles[k].role);
            return t->v ? 0 : -2;
        }
    if (has_scale(s, name)) {
        t->kind = AN_PRED_SCALE;
        t->scale = name;
        return 0;
    }
    return -1;
}

/* NAME appended to the N names of CAND unless there already; the count. */
static size_t add_name(const char **cand, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(cand[k], name))
            return n;
    cand[n] = name;
    return n + 1;
}

int an_model_check(const struct survey *s, const char *name, char *why, size_t size)
{
    struct an_term_src t;
    int rc = an_model_resolve(s, name, &t);
    if (rc == 0)
        return 0;
    /* The valid terms, for the nearest. */
    size_t cap = s->n_vars + 8, n = 0;
    const char **cand = malloc(cap * sizeof *cand);
    if (!cand) {
        snprintf(why, size, "--model %s: out of memory", name);
        return -1;
    }
    if (survey_var_by_role(s, ROLE_AGE))
        n = add_name(cand, n, "age_group");
    for (size_t k = 0; k < sizeof factor_roles / sizeof *factor_roles; k++)
        if (survey_var_by_role(s, factor_roles[k].role))
            n = add_name(cand, n, survey_role_name(factor_roles[k].role));
    for (size_t j = 0; j < s->n_vars && n + 1 < cap; j++) {
        const struct survey_var *v = &s->vars[j];
        struct an_term_src u;
        if (v->role == ROLE_SATISFACTION || v->role == ROLE_TRUST || v->role == ROLE_LIKERT)
            n = add_name(cand, n, v->col->scale);
        else if (an_model_resolve(s, v->name, &u) == 0)
            n = add_name(cand, n, v->name);
    }
    int near = survey_nearest(name, cand, n);
    char hint[320] = "";
    if (near >= 0 && strcmp(cand[near], name)) {
        snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", cand[near]);
    } else {
        size_t at = (size_t)snprintf(hint, sizeof hint, " (terms:");
        for (size_t k = 0; k < n && at < sizeof hint; k++)
            at += (size_t)snprintf(hint + at, sizeof hint - at, "%s %s", k ? "," : "", cand[k]);
        if (at < sizeof hint)
            snprintf(hint + at, sizeof hint - at, "%s)", n ? "" : " none");
    }
    const struct survey_var *v = t.v;
    if (rc == -1)
        snprintf(why, size, "--model %s: the codebook has no column, scale or role of that name%s",
                 name, hint);
    else if (v && (v->role == ROLE_SATISFACTION || v->role == ROLE_TRUST ||
                   v->role == ROLE_LIKERT))
        snprintf(why, size,
                 "--model %s: a Likert item is no term of the model; name its scale instead "
                 "(--model %s)",
                 name, v->col->scale);
    else if (v)
        snprintf(why, size,
                 "--model %s: its role is %s; a term is a single, numeric or categorical "
                 "column, a scale or age_group%s",
                 name, survey_role_name(v->role), hint);
    else
        snprintf(why, size, "--model %s: the codebook has no %s column%s", name,
                 !strcmp(name, "age_group") ? "age" : name, hint);
    free(cand);
    return -1;
}
