/* weighting.c — raking: iterative proportional fitting of the weights to a
 * margins file's shares. */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## Weights and raking */

int an_rake(struct ctx *c, const struct survey_margins *M)
{
    struct an_results *r = &c->box->r;
    /* Variables in order of first appearance in the margins file. */
    const char *vars[16];
    size_t nv = 0;
    for (size_t m = 0; m < M->n; m++) {
        size_t v;
        for (v = 0; v < nv; v++)
            if (!strcmp(vars[v], M->m[m].variable))
                break;
        if (v == nv) {
            if (nv == 16)
                return survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, M->m[m].line,
                                   "more than 16 raking variables");
            vars[nv++] = M->m[m].variable;
        }
    }
    int *cat[16] = {0};
    const struct survey_var *svar[16] = {0};
    double *share[16] = {0};
    size_t ncat[16] = {0};
    int rc = 0;
    for (size_t v = 0; v < nv && rc == 0; v++) {
        const struct survey_var *sv = NULL;
        size_t levels;
        if (!strcmp(vars[v], "age_group")) {
            levels = c->nb;
        } else {
            enum survey_role role;
            for (role = 0; role < ROLE_COUNT; role++)
                if (!strcmp(survey_role_name(role), vars[v]))
                    break;
            int categorical = role == ROLE_SUBDISTRICT || role == ROLE_COMMUNITY ||
                              role == ROLE_GENDER || role == ROLE_PARTY_MEMBER;
            sv = categorical ? survey_var_by_role(c->s, role) : NULL;
            if (!sv || !sv->col->n_values) {
                for (size_t m = 0; m < M->n; m++)
                    if (M->m[m].variable == vars[v] || !strcmp(M->m[m].variable, vars[v])) {
                        rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, M->m[m].line,
                                         "unknown raking variable \"%s\" (use age_group, "
                                         "gender, party_member, subdistrict or community, with "
                                         "value labels in the codebook)",
                                         vars[v]);
                        break;
                    }
                break;
            }
            levels = sv->col->n_values;
        }
        svar[v] = sv;
        ncat[v] = levels;
        cat[v] = malloc((c->n ? c->n : 1) * sizeof *cat[v]);
        share[v] = calloc(levels ? levels : 1, sizeof *share[v]);
        char *given = calloc(levels ? levels : 1, 1);
        if (!cat[v] || !share[v] || !given) {
            free(given);
            rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, M->file, 0, "out of memory");
            break;
        }
        for (size_t m = 0; m < M->n && rc == 0; m++) {
            const struct survey_margin *mg = &M->m[m];
            if (strcmp(mg->variable, vars[v]))
                continue;
            long k = -1;
            if (!sv) {
                for (size_t b = 0; b < c->nb; b++) {
                    /* A bracket also by its code and either label. */
                    const struct survey_cbcol *ac = c->bands->coded && c->age ? c->age->col : NULL;
                    char code[16];
                    snprintf(code, sizeof code, "%d", c->bands->band[b].code);
                    int q = ac ? an_value_index(ac, c->bands->band[b].code) : -1;
                    if (!strcmp(c->bands->band[b].label, mg->category) ||
                        (ac && (!strcmp(code, mg->category) ||
                                (q >= 0 && (!strcmp(ac->values[q].text, mg->category) ||
                                            !strcmp(ac->values[q].text_en, mg->category))))))
                        k = (long)b;
                }
            } else {
                for (size_t q = 0; q < levels; q++) {
                    char code[16];
                    snprintf(code, sizeof code, "%d", sv->col->values[q].code);
                    if (!strcmp(sv->col->values[q].text, mg->category) ||
                        !strcmp(code, mg->category))
                        k = (long)q;
                }
            }
            if (k < 0)
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, mg->line,
                                 "%s has no category \"%s\"%s", vars[v], mg->category,
                                 sv ? "" : " (age groups are named as --age-bands labels them)");
            else if (given[k])
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, mg->line,
                                 "%s category \"%s\" is given twice", vars[v], mg->category);
            else {
                given[k] = 1;
                share[v][k] = mg->share;
            }
        }
        for (size_t i = 0; i < c->n && rc == 0; i++) {
            int k = sv ? (sv->v[i] == SURVEY_MISSING ? -1 : an_value_index(sv->col, sv->v[i]))
                       : (an_age_of(c, i) < c->nb ? (int)an_age_of(c, i) : -1);
            if (k >= 0 && !given[k]) {
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                                 "the margins give no share for %s \"%s\", which respondents "
                                 "have",
                                 vars[v],
                                 sv ? sv->col->values[k].text : c->bands->band[k].label);
            }
            cat[v][i] = k;
        }
        free(given);
    }
    if (rc == 0) {
        /* Respondents with no category on a raking variable cannot be raked. */
        for (size_t v = 0; v < nv && rc == 0; v++)
            for (size_t i = 0; i < c->n && rc == 0; i++)
                if (cat[v][i] < 0)
                    rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                                     "raking on %s needs every respondent in a category, but "
                                     "some have none (a missing value%s)",
                                     vars[v], strcmp(vars[v], "age_group") ? "" : " or an age in no band");
    }
    if (rc == 0) {
        struct stats_rake_info info;
        enum stats_rake_status st = stats_rake((const int *const *)cat, ncat,
                                               (const double *const *)share, nv, c->n, c->wbuf,
                                               &info);
        r->rake_iterations = info.iterations;
        if (st == STATS_RAKE_ERR_EMPTY)
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                             "%s category \"%s\" has a share but no respondents",
                             vars[info.var],
                             svar[info.var] ? svar[info.var]->col->values[info.category].text
                                            : c->bands->band[info.category].label);
        else if (st != STATS_RAKE_OK)
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0, "raking failed: %s",
                             stats_rake_strerror(st));
    }
    for (size_t v = 0; v < nv; v++) {
        free(cat[v]);
        free(share[v]);
    }
    return rc;
}
