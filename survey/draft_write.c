/* draft_write.c — the draft codebook's rows: a column's role, range,
 * missing answers and values, written as CSV.
 */
#include "survey/draft_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_first(const void *a, const void *b)
{
    const struct dval *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static int cmp_number(const void *a, const void *b)
{
    double x = strtod(((const struct dval *)a)->text, NULL);
    double y = strtod(((const struct dval *)b)->text, NULL);
    return (x > y) - (x < y);
}

/* Age brackets by age (don't-know answers last, then as first seen). */
static int cmp_age(const void *a, const void *b)
{
    const struct dval *x = a, *y = b;
    double kx = 1e9, ky = 1e9;
    if (!draft_dont_know(x->text))
        text_age_bracket(x->text, strlen(x->text), &kx);
    if (!draft_dont_know(y->text))
        text_age_bracket(y->text, strlen(y->text), &ky);
    return kx != ky ? (kx > ky) - (kx < ky) : (x->first > y->first) - (x->first < y->first);
}

/* ## Writing */

static int put_field(struct buf *b, const char *s, int last)
{
    size_t len = strlen(s);
    return csv_write_record(b, &s, &len, 1) < 0 || buf_putc(b, last ? '\n' : ',') < 0 ? -1 : 0;
}

/* VALS listed as values: "1=非常不满意;2=不满意;…" (codes from 1 in order),
   or the numbers themselves when the answers are numbers. */
static int by_number(const void *a, const void *b)
{
    const struct dval *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static int put_values(struct buf *b, struct dval *vals, size_t n, int numeric, int zero_none)
{
    struct buf v = {0};
    int rc = 0;
    size_t code = 1;
    /* Answers that came numbered (1.男, 2.女) keep their numbers as codes,
       letters (A.男) their places, so that the cells load as written. */
    /* Labelled answers get codes: their platform numbers when every one came
       numbered (1.男, 2.女) with numbers of its own, else their places in
       order of first appearance.  A code alone among them (a spreadsheet's
       2.0) is a labelled answer again and is not listed; other codes alone
       are listed as themselves. */
    int coded = 0, all_bare = 1;
    for (size_t k = 0; k < n; k++)
        all_bare &= vals[k].bare;
    if (!all_bare && !numeric && !zero_none) {
        /* Some answers numbered (4.同意) and others not (非常同意): the
           numbered keep their numbers, the others take codes above them. */
        int numbered = 0;
        long top = 0;
        for (size_t k = 0; k < n; k++)
            if (!vals[k].bare && vals[k].number > 0) {
                numbered = vals[k].letter ? -1 : numbered < 0 ? -1 : 1;
                top = vals[k].number > top ? vals[k].number : top;
            }
        for (size_t k = 0; numbered > 0 && k < n; k++)
            for (size_t q = k + 1; q < n; q++)
                if (!vals[k].bare && !vals[q].bare && vals[k].number > 0 &&
                    vals[k].number == vals[q].number)
                    numbered = 0;
        long place = 0;
        for (size_t k = 0; k < n; k++)
            if (!vals[k].bare && numbered <= 0)
                vals[k].number = ++place;
            else if (!vals[k].bare && vals[k].number <= 0)
                vals[k].number = ++top;
        size_t kept = 0;
        for (size_t k = 0; k < n; k++) {
            int dup = 0;
            for (size_t q = 0; vals[k].bare && q < n && !dup; q++)
                dup = !vals[q].bare && vals[q].number == vals[k].number;
            if (!dup)
                vals[kept++] = vals[k];
        }
        n = kept;
        qsort(vals, n, sizeof *vals, by_number);
        coded = 1; /* every value's code is its NUMBER */
    }
    for (size_t k = 0; k < n && rc == 0; k++) {
        char num[32];
        if (k)
            rc = buf_putc(&v, ';');
        if (rc == 0 && numeric == 2) { /* a single question's codes: 3=3 */
            rc = buf_append(&v, vals[k].text, strlen(vals[k].text)) < 0 || buf_putc(&v, '=') < 0 ||
                         buf_append(&v, vals[k].text, strlen(vals[k].text)) < 0
                     ? -1
                     : 0;
        } else if (rc == 0 && numeric) {
            rc = buf_append(&v, vals[k].text, strlen(vals[k].text));
        } else if (rc == 0) {
            int none = zero_none && (!strcmp(vals[k].text, "无") || !strcmp(vals[k].text, "都没有") ||
                                     !strcmp(vals[k].text, "以上都没有") ||
                                     !strcmp(vals[k].text, "没有参加过"));
            if (coded)
                snprintf(num, sizeof num, "%ld=", vals[k].number);
            else
                snprintf(num, sizeof num, "%zu=", none ? (size_t)0 : code++);
            rc = buf_append(&v, num, strlen(num)) < 0 ||
                         buf_append(&v, vals[k].text, strlen(vals[k].text)) < 0
                     ? -1
                     : 0;
        }
    }
    if (rc == 0)
        rc = put_field(b, v.data ? v.data : "", 0);
    buf_free(&v);
    return rc;
}

/* An SPSS or Stata column with value labels: its labelled codes in code
   order, then any code seen without a label, the user-missing codes left to
   `missing`; LO and HI the range of the codes listed. */
static int meta_values(const struct dcol *c, struct buf *v, struct buf *missing, double *lo,
                       double *hi)
{
    const struct rd_var_meta *m = c->meta;
    int rc = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < m->n_missing && rc == 0; k++)
        rc = (missing->len && buf_putc(missing, ';') < 0) ||
                     buf_append(missing, m->missing[k], strlen(m->missing[k])) < 0
                 ? -1
                 : 0;
    for (size_t k = 0; k < m->n_values + c->n_vals && rc == 0; k++) {
        const char *code = k < m->n_values ? m->values[k].code : c->vals[k - m->n_values].text;
        const char *label = k < m->n_values ? m->values[k].label : code;
        if (draft_is_missing_meta(m, code))
            continue;
        if (k >= m->n_values) { /* seen: listed already when labelled */
            size_t q;
            for (q = 0; q < m->n_values && strcmp(m->values[q].code, code); q++)
                ;
            if (q < m->n_values)
                continue;
        }
        double x;
        if (text_double(code, strlen(code), &x) == 0) {
            *lo = x < *lo ? x : *lo;
            *hi = x > *hi ? x : *hi;
        }
        rc = (v->len && buf_putc(v, ';') < 0) || buf_append(v, code, strlen(code)) < 0 ||
                     buf_putc(v, '=') < 0 || buf_append(v, label, strlen(label)) < 0
                 ? -1
                 : 0;
    }
    return rc;
}

/* Whether S is one of the yes answers a draft takes for participation. */
static int yes_word(const char *s)
{
    static const char *const yes[] = {"是", "有", "参加", "参加过", "参与过"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!strcmp(s, yes[i]))
            return 1;
    return !strcmp(s, "yes") || !strcmp(s, "Yes") || !strcmp(s, "YES");
}

/* A participation item's values: 1=是;2=否 for one coded 1 and 2; nothing
   for codes 1 and 0 (the default, 1=是;0=否); for worded answers, the
   words seen, yes first, each with the number it came with (1.是, 2.否)
   when every one came numbered, else yes 1 and no 0. */
static int participation_values(struct buf *b, const struct dcol *c)
{
    if (c->yes12)
        return put_field(b, "1=是;2=否", 0);
    if (c->all_num || !c->n_vals)
        return put_field(b, "", 0);
    int numbered = 1;
    for (size_t k = 0; k < c->n_vals; k++)
        numbered &= c->vals[k].number > 0 && !c->vals[k].letter && !c->vals[k].bare;
    if (c->n_vals == 2 && c->vals[0].number == c->vals[1].number)
        numbered = 0;
    struct buf v = {0};
    int rc = 0;
    for (int yes = 1; yes >= 0 && rc == 0; yes--)
        for (size_t k = 0; k < c->n_vals && rc == 0; k++) {
            if (yes_word(c->vals[k].text) != yes)
                continue;
            char num[32];
            snprintf(num, sizeof num, "%s%ld=", v.len ? ";" : "",
                     numbered ? c->vals[k].number : (long)yes);
            rc = buf_append(&v, num, strlen(num)) < 0 ||
                         buf_append(&v, c->vals[k].text, strlen(c->vals[k].text)) < 0
                     ? -1
                     : 0;
        }
    /* one answer only: the other is listed too, so that yes can be told */
    if (rc == 0 && c->n_vals == 1 && numbered && !yes_word(c->vals[0].text))
        rc = buf_append(&v, c->vals[0].number == 1 ? ";2=是" : ";1=是",
                        strlen(";1=是"));
    else if (rc == 0 && c->n_vals == 1 && numbered)
        ;
    else if (rc == 0 && c->n_vals == 1 && yes_word(c->vals[0].text))
        rc = buf_append(&v, ";0=否", strlen(";0=否"));
    else if (rc == 0 && c->n_vals == 1)
        rc = buf_append(&v, ";1=是", strlen(";1=是"));
    if (rc == 0)
        rc = put_field(b, v.data ? v.data : "", 0);
    buf_free(&v);
    return rc;
}

int draft_write_row(struct buf *b, struct dcol *c)
{
    if (c->meta && c->meta->n_values &&
        ((c->role == ROLE_AGE && c->brackets) || c->role == ROLE_GENDER || c->role == ROLE_SUBDISTRICT || c->role == ROLE_COMMUNITY ||
         c->role == ROLE_PARTY_MEMBER || c->role == ROLE_BARRIER || c->role == ROLE_SATISFACTION ||
         c->role == ROLE_TRUST || c->role == ROLE_PARTICIPATION || c->role == ROLE_SINGLE ||
         c->role == ROLE_LIKERT)) {
        struct buf v = {0}, missing = {0};
        double lo, hi;
        char los[32] = "", his[32] = "";
        int rc = meta_values(c, &v, &missing, &lo, &hi);
        if ((c->role == ROLE_SATISFACTION || c->role == ROLE_TRUST || c->role == ROLE_LIKERT) &&
            lo <= hi) {
            snprintf(los, sizeof los, "%.0f", lo);
            snprintf(his, sizeof his, "%.0f", hi);
        }
        rc = rc < 0 || put_field(b, c->header, 0) < 0 ||
                     put_field(b, survey_role_name(c->role), 0) < 0 ||
                     put_field(b, c->wording, 0) < 0 || put_field(b, "", 0) < 0 ||
                     put_field(b, c->scale, 0) < 0 || put_field(b, los, 0) < 0 ||
                     put_field(b, his, 0) < 0 || put_field(b, "", 0) < 0 ||
                     put_field(b, missing.data ? missing.data : "", 0) < 0 ||
                     put_field(b, v.data ? v.data : "", 0) < 0 || put_field(b, c->note, 1) < 0
                 ? -1
                 : 0;
        buf_free(&v);
        buf_free(&missing);
        return rc;
    }
    char lo[32] = "", hi[32] = "";
    struct buf missing = {0};
    int rc = 0, numeric_values = 0, list = 0;
    if ((c->role == ROLE_AGE && !c->brackets) || c->role == ROLE_YEAR ||
        c->role == ROLE_BIRTH_YEAR) {
        snprintf(lo, sizeof lo, "%.0f", c->min);
        snprintf(hi, sizeof hi, "%.0f", c->max);
    }
    switch (c->role) {
    case ROLE_AGE: /* brackets, in age order */
        if (c->brackets) {
            list = 1;
            qsort(c->vals, c->n_vals, sizeof *c->vals, cmp_age);
        }
        break;
    case ROLE_GENDER: case ROLE_SUBDISTRICT: case ROLE_COMMUNITY: case ROLE_PARTY_MEMBER:
    case ROLE_BARRIER:
        list = 1;
        if (c->all_num) {
            qsort(c->vals, c->n_vals, sizeof *c->vals, cmp_number);
            numeric_values = 1;
        } else {
            qsort(c->vals, c->n_vals, sizeof *c->vals, cmp_first);
        }
        break;
    case ROLE_SINGLE: /* codes ascending, written code=code; else answers as first seen */
        list = 1;
        if (c->all_num) {
            qsort(c->vals, c->n_vals, sizeof *c->vals, cmp_number);
            numeric_values = 2;
        } else {
            qsort(c->vals, c->n_vals, sizeof *c->vals, cmp_first);
        }
        break;
    case ROLE_SATISFACTION: case ROLE_TRUST: case ROLE_LIKERT:
        if (c->all_num) {
            snprintf(lo, sizeof lo, "%.0f", c->min < 1 ? c->min : 1);
            snprintf(hi, sizeof hi, "%.0f", c->max > 5 ? c->max : 5);
        } else {
            size_t levels = 0;
            for (size_t k = 0; k < c->n_vals; k++)
                levels += !draft_marker(c, c->vals[k].text);
            snprintf(lo, sizeof lo, "1");
            snprintf(hi, sizeof hi, "%zu", levels);
            list = 1;
        }
        break;
    case ROLE_PARTICIPATION:
        break;
    default:
        break;
    }
    /* Don't-know answers and skip markers of an analysed column are missing
       (a listed column's numbers aside: they are its codes); an SPSS
       column's user-missing values too. */
    int analysed = c->role != ROLE_TEXT && c->role != ROLE_IGNORE && c->role != ROLE_MULTI &&
                   c->role != ROLE_ACTIVITIES && c->role != ROLE_ID;
    for (size_t k = 0; c->meta && analysed && k < c->meta->n_missing && rc == 0; k++)
        if ((missing.len && buf_putc(&missing, ';') < 0) ||
            buf_append(&missing, c->meta->missing[k], strlen(c->meta->missing[k])) < 0)
            rc = -1;
    size_t kept = 0;
    for (size_t k = 0; analysed && k < c->n_vals && rc == 0; k++) {
        if (draft_marker(c, c->vals[k].text)) {
            if ((missing.len && buf_putc(&missing, ';') < 0) ||
                buf_append(&missing, c->vals[k].text, strlen(c->vals[k].text)) < 0)
                rc = -1;
            continue;
        }
        c->vals[kept++] = c->vals[k];
    }
    if (analysed)
        c->n_vals = kept;
    /* A skip marker among a multiple-choice column's answers is missing too. */
    kept = 0;
    int opts = c->role == ROLE_ACTIVITIES || c->role == ROLE_MULTI;
    for (size_t k = 0; opts && k < c->n_opts && rc == 0; k++) {
        if (draft_marker(c, c->opts[k].text)) {
            if ((missing.len && buf_putc(&missing, ';') < 0) ||
                buf_append(&missing, c->opts[k].text, strlen(c->opts[k].text)) < 0)
                rc = -1;
            continue;
        }
        c->opts[kept++] = c->opts[k];
    }
    if (opts)
        c->n_opts = kept;
    rc = rc < 0 ? -1
         : put_field(b, c->header, 0) < 0 || put_field(b, survey_role_name(c->role), 0) < 0 ||
                 put_field(b, c->label ? c->label : c->wording, 0) < 0 || put_field(b, "", 0) < 0 ||
                 put_field(b, c->question ? c->question : c->scale, 0) < 0 || put_field(b, lo, 0) < 0 || put_field(b, hi, 0) < 0 ||
                 put_field(b, "", 0) < 0 || put_field(b, missing.data ? missing.data : "", 0) < 0
             ? -1
             : 0;
    if (rc == 0) {
        if (opts)
            rc = put_values(b, c->opts, c->n_opts, 0, c->role == ROLE_ACTIVITIES);
        else if (list)
            rc = put_values(b, c->vals, c->n_vals, numeric_values, 0);
        else if (c->role == ROLE_OPTION)
            rc = put_field(b, c->all_num ? "" : "1=选中;0=未选中", 0);
        else if (c->role == ROLE_PARTICIPATION)
            rc = participation_values(b, c);
        else
            rc = put_field(b, "", 0);
    }
    if (rc == 0)
        rc = put_field(b, c->note, 1);
    buf_free(&missing);
    return rc;
}

int draft_write_scales(struct buf *b, const struct draft *d)
{
    /* An option question's row: its name is the columns' shared stem. */
    for (size_t i = 0; i < d->n_col; i++) {
        const char *q = d->col[i].question;
        size_t j;
        if (!q)
            continue;
        for (j = 0; j < i && !(d->col[j].question && !strcmp(d->col[j].question, q)); j++)
            ;
        if (j < i)
            continue;
        const char *ql = d->col[i].qlabel ? d->col[i].qlabel : q;
        if (put_field(b, q, 0) < 0 || put_field(b, "scale", 0) < 0 || put_field(b, ql, 0) < 0)
            return -1;
        for (int f = 0; f <= 7; f++)
            if (put_field(b, f < 7 ? "" : "the label of the multiple-choice question whose "
                                          "options are the option columns of this scale: "
                                          "check it, add label_en",
                          f == 7) < 0)
                return -1;
    }
    for (size_t k = 0; k < d->n_scales; k++)
        if (put_field(b, d->scales[k].name, 0) < 0 || put_field(b, "scale", 0) < 0 ||
            put_field(b, d->scales[k].label, 0) < 0)
            return -1;
        else
            for (int f = 0; f <= 7; f++)
                if (put_field(b, f < 7 ? "" : "the label of the likert items' scale of this "
                                              "name: check it, add label_en",
                              f == 7) < 0)
                    return -1;
    return 0;
}
