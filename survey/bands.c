/* bands.c — the age groups: parse --age-bands ("18-34,35-59,60-") and place
 * ages in bands, or take the brackets an `age` column lists as its values.
 * Bands are inclusive, ordered and may not overlap; the last may be open
 * ("60-", labelled "60+").  Gaps are allowed: an age in no band belongs to no
 * group, as docs/methods.md says.  Brackets ("1=18-29岁;2=30-39岁;...") are
 * the same thing asked the other way round: the cell holds the bracket's
 * code, and each bracket is one band, in codebook order.  Both kinds go
 * through survey_bands_find, so nothing that groups by age needs to know
 * which it has.  The draft codebook asks here whether an answer reads as a
 * bracket (text_age_bracket).
 */
#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int parse_age(const char *s, size_t len, int *out)
{
    long v;
    if (text_int(s, len, &v) < 0 || v < 0 || v > 150)
        return -1;
    *out = (int)v;
    return 0;
}

int survey_bands_parse(const char *spec, struct survey_bands *out, struct survey_error *err)
{
    out->band = NULL;
    out->n = 0;
    out->coded = 0;
    size_t cap = 0;
    const char *p = spec;
    int rc = 0;
    if (!*spec)
        return survey_error_set(err, SURVEY_ERR_BANDS, "", 0, "empty: give bands such as 18-34,35-59,60-");
    while (rc == 0) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *t = p;
        size_t tl = len;
        text_trim(&t, &tl);
        const char *dash = memchr(t, '-', tl);
        struct survey_band b;
        if (!dash || parse_age(t, (size_t)(dash - t), &b.lo) < 0) {
            rc = survey_error_set(err, SURVEY_ERR_BANDS, "", 0,
                             "age band \"%.*s\" is not LOW-HIGH or LOW- with ages from 0 to 150 "
                             "(e.g. 18-34 or 60-)",
                             (int)tl, t);
            break;
        }
        size_t rest = tl - (size_t)(dash - t) - 1;
        if (rest == 0) {
            b.hi = INT_MAX;
            snprintf(b.label, sizeof b.label, "%d+", b.lo);
        } else if (parse_age(dash + 1, rest, &b.hi) < 0) {
            rc = survey_error_set(err, SURVEY_ERR_BANDS, "", 0,
                             "age band \"%.*s\" is not LOW-HIGH or LOW- with ages from 0 to 150 "
                             "(e.g. 18-34 or 60-)",
                             (int)tl, t);
            break;
        } else {
            snprintf(b.label, sizeof b.label, "%d-%d", b.lo, b.hi);
        }
        if (b.lo > b.hi) {
            rc = survey_error_set(err, SURVEY_ERR_BANDS, "", 0, "age band \"%.*s\" ends before it starts",
                             (int)tl, t);
            break;
        }
        if (out->n && b.lo <= out->band[out->n - 1].hi) {
            rc = survey_error_set(err, SURVEY_ERR_BANDS, "", 0,
                             "age band \"%s\" must start after the band before it (\"%s\") ends: "
                             "bands are ordered and do not overlap",
                             b.label, out->band[out->n - 1].label);
            break;
        }
        if (out->n == cap) {
            cap = cap ? 2 * cap : 8;
            struct survey_band *nb = realloc(out->band, cap * sizeof *nb);
            if (!nb) {
                rc = survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
                break;
            }
            out->band = nb;
        }
        out->band[out->n++] = b;
        if (!e)
            break;
        p = e + 1;
    }
    if (rc < 0)
        survey_bands_free(out);
    return rc;
}

/* ## A bracket's text, for drafts */

static size_t skip_word(const char *s, size_t len, const char *const *words)
{
    for (; *words; words++) {
        size_t n = strlen(*words);
        if (len >= n && !memcmp(s, *words, n))
            return n;
    }
    return 0;
}

int text_age_bracket(const char *s, size_t len, double *key)
{
    static const char *const years[] = {"周岁", "岁", NULL};
    static const char *const dashes[] = {"-", "～", "~", "—", "–", "－", "至", "到", NULL};
    static const char *const above[] = {"及以上", "以上", "或以上", "+", "＋", NULL};
    static const char *const below[] = {"及以下", "以下", "或以下", NULL};
    text_trim(&s, &len);
    size_t i = 0, n;
    long lo = 0, hi;
    while (i < len && i < 3 && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0 || text_int(s, i, &lo) < 0)
        return 0;
    i += skip_word(s + i, len - i, years);
    if ((n = skip_word(s + i, len - i, dashes)) != 0) {
        size_t j = i += n;
        while (i < len && i - j < 3 && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == j || text_int(s + j, i - j, &hi) < 0 || hi < lo)
            return 0;
        i += skip_word(s + i, len - i, years);
        *key = (double)lo;
    } else if ((n = skip_word(s + i, len - i, above)) != 0) {
        i += n;
        *key = (double)lo;
    } else if ((n = skip_word(s + i, len - i, below)) != 0) {
        i += n;
        *key = (double)lo - 1000;
    } else {
        return 0;
    }
    return i == len && lo <= 150;
}

const struct survey_cbcol *survey_codebook_age_brackets(const struct survey_codebook *cb)
{
    int k = cb ? survey_codebook_find_role(cb, ROLE_AGE) : -1;
    return k >= 0 && cb->cols[k].n_values ? &cb->cols[k] : NULL;
}

int survey_bands_from_codebook(const struct survey_codebook *cb, int en, struct survey_bands *out,
                               struct survey_error *err)
{
    *out = (struct survey_bands){.coded = 1};
    const struct survey_cbcol *col = survey_codebook_age_brackets(cb);
    if (!col)
        return survey_error_set(err, SURVEY_ERR_BANDS, cb ? cb->file : "", 0,
                                "the codebook's age lists no brackets");
    if (!(out->band = calloc(col->n_values, sizeof *out->band)))
        return survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
    for (size_t k = 0; k < col->n_values; k++) {
        const struct survey_label *l = &col->values[k];
        if (l->alias) /* (only participation items have aliases) */
            continue;
        struct survey_band *b = &out->band[out->n++];
        b->lo = b->hi = b->code = l->code;
        snprintf(b->label, sizeof b->label, "%s", en && *l->text_en ? l->text_en : l->text);
        text_utf8_clip(b->label);
    }
    return 0;
}

void survey_bands_free(struct survey_bands *b)
{
    free(b->band);
    b->band = NULL;
    b->n = 0;
    b->coded = 0;
}

int survey_bands_find(const struct survey_bands *b, int age)
{
    if (age == SURVEY_MISSING)
        return -1;
    if (b->coded) {
        for (size_t i = 0; i < b->n; i++)
            if (b->band[i].code == age)
                return (int)i;
        return -1;
    }
    for (size_t i = 0; i < b->n; i++)
        if (age >= b->band[i].lo && age <= b->band[i].hi)
            return (int)i;
    return -1;
}
