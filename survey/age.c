/* age.c — the age from a birth year.  A questionnaire that asks 出生年份
 * instead of 年龄 gives the age as the survey year minus the birth year.  The
 * birth year is typed like any number (cells.c: min/max bound the year as
 * written); once every cell of a record is typed, the age replaces it in the
 * record, so that the survey holds one age variable whichever way it was
 * asked and nothing downstream needs to know.  The survey year is the
 * respondent's own `year` cell, else the loading option `year` (--year); a
 * codebook that gives neither is an error before any record is read.
 */
#include "survey/load_internal.h"

#include <stdio.h>
#include <string.h>

/* Ages a birth year may give: as for --age-bands. */
enum { AGE_MAX = 150 };

int ld_age_setup(struct survey *s)
{
    struct survey_impl *im = s->impl;
    im->birth_var = im->year_var = -1;
    for (size_t k = 0; k < s->cb->n_cols; k++) {
        if (s->cb->cols[k].role == ROLE_BIRTH_YEAR)
            im->birth_var = im->col[k].var;
        if (s->cb->cols[k].role == ROLE_YEAR)
            im->year_var = im->col[k].var;
    }
    return 0;
}

/* Whether column COL is among the columns file FI lacks. */
static int absent(const struct survey_file_info *fi, const struct survey_cbcol *col)
{
    for (size_t a = 0; a < fi->n_absent; a++)
        if (fi->absent[a] == col)
            return 1;
    return 0;
}

int ld_age_check(struct file_ctx *fc)
{
    const struct survey *s = fc->s;
    const struct survey_codebook *cb = s->cb;
    if (s->impl->birth_var < 0 || fc->opts->year)
        return 0;
    const struct survey_cbcol *birth = s->vars[s->impl->birth_var].col;
    const struct survey_file_info *fi = &s->files[fc->file];
    if (absent(fi, birth))
        return 0;
    int y = survey_codebook_find_role(cb, ROLE_YEAR);
    if (y >= 0 && !absent(fi, &cb->cols[y]))
        return 0;
    if (y >= 0) /* a wave without the year column */
        return survey_error_set(fc->err, SURVEY_ERR_CODEBOOK, cb->file, birth->line,
                                "birth_year needs the survey year: %s has no year column \"%s\": "
                                "give --year",
                                fi->where, cb->cols[y].column);
    return survey_error_set(fc->err, SURVEY_ERR_CODEBOOK, cb->file, birth->line,
                            "birth_year needs the survey year: add a year column or give --year");
}

enum cell ld_age_from_birth(struct file_ctx *fc, char *why, size_t wn)
{
    const struct survey_impl *im = fc->s->impl;
    int16_t *age = &fc->row[im->birth_var];
    if (*age == SURVEY_MISSING)
        return CELL_OK;
    int born = *age;
    int year = im->year_var >= 0 && fc->row[im->year_var] != SURVEY_MISSING
                   ? fc->row[im->year_var]
                   : fc->opts->year;
    if (!year) { /* this respondent's year is missing, and no --year */
        *age = SURVEY_MISSING;
        return CELL_OK;
    }
    int a = year - born;
    if (a < 0 || a > AGE_MAX) {
        if (wn)
            snprintf(why, wn, "born in %d, %s the survey year %d", born,
                     a < 0 ? "after" : "more than 150 years before", year);
        return CELL_RANGE;
    }
    *age = (int16_t)a;
    return CELL_OK;
}
