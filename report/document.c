/* document.c — the report as researchers read it.  Every heading, label,
 * note and finding comes from one catalogue of messages in Chinese and
 * English (messages.c);
 * the analyses' results become report.h tables and charts in the manual's
 * order: findings, data, profile, participation, satisfaction, trust,
 * association, methods.  Nothing here computes a statistic: it picks, orders
 * and formats what stats/ computed.
 */
#include "report/document.h"
#include "report/document_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The methods, in order. */
static const enum rp_msg_id methods[] = {
    M_METHOD_PARTICIPANT, M_METHOD_RATES,       M_METHOD_LIKERT,
    M_METHOD_VALIDITY,    M_METHOD_ASSOCIATION, M_METHOD_WEIGHTS,
};

/* The reasons a record is excluded or flagged, by their stable keys, in the
   order the report lists them. */
static const struct {
    const char *key;
    enum rp_msg_id m;
} reason_text[] = {
    {"field_count", M_REASON_FIELD_COUNT},
    {"invalid_value", M_REASON_INVALID_VALUE},
    {"out_of_range", M_REASON_OUT_OF_RANGE},
    {"duplicate_id", M_REASON_DUPLICATE_ID},
    {"invalid_made_missing", M_REASON_INVALID_MADE_MISSING},
    {"speeder", M_REASON_SPEEDER},
    {"straight_liner", M_REASON_STRAIGHT_LINER},
    {"unknown_column", M_REASON_UNKNOWN_COLUMN},
};
#define N_REASONS (sizeof reason_text / sizeof reason_text[0])

/* ## Sections */

static void section_findings(struct doc *d)
{
    heading(d, M_FINDINGS);
    char **f;
    long n = report_findings(d->r, d->lang, &f);
    if (n < 0) {
        d->w.rc = -1;
        return;
    }
    rp_sentences(&d->w, (const char *const *)f, (size_t)n);
    report_findings_free(f, n);
}

static void section_data(struct doc *d)
{
    const struct an_input *s = &d->r->input;
    heading(d, M_DATA);
    /* Blank records and a file's format get columns only when some file has
       them: most surveys are CSV files without empty rows. */
    int blank = s->blank > 0, format = 0;
    for (size_t i = 0; i < s->n_files; i++)
        format |= strcmp(s->files[i].format, "csv") != 0;
    struct report_table *t = report_table_new(T(d, M_FILES), 4 + (size_t)blank);
    if (t) {
        report_table_set_stub(t, T(d, M_FILE));
        enum rp_msg_id cols[] = {M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_BLANK};
        for (size_t c = 0; c < 4 + (size_t)blank; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t i = 0; i < s->n_files; i++) {
            const struct an_file *f = &s->files[i];
            report_table_add_row(t, format ? f->where : f->name);
            char enc[48];
            snprintf(enc, sizeof enc, "%s%.20s%s", format ? f->format : "",
                     format ? ", " : "", f->encoding);
            if (f->bom)
                strcat(enc, " (BOM)");
            report_table_set_text(t, i, 0, enc);
            report_table_set_cell(t, i, 1, (double)f->rows_read, REPORT_CELL_COUNT);
            report_table_set_cell(t, i, 2, (double)f->rows_loaded, REPORT_CELL_COUNT);
            report_table_set_cell(t, i, 3, (double)f->rows_excluded, REPORT_CELL_COUNT);
            if (blank)
                report_table_set_cell(t, i, 4, (double)f->blank, REPORT_CELL_COUNT);
        }
        if (blank)
            report_table_set_note(t, T(d, M_BLANK_NOTE));
    }
    rp_put_table(&d->w, t);
    if (s->rows_excluded) {
        long count[N_REASONS] = {0};
        for (size_t i = 0; i < s->n_problems; i++)
            for (size_t k = 0; k < N_REASONS; k++)
                if (!strcmp(s->problems[i].reason, reason_text[k].key))
                    count[k]++;
        t = report_table_new(T(d, M_EXCLUDED_BY_REASON), 1);
        if (t) {
            report_table_set_stub(t, T(d, M_REASON));
            report_table_set_column(t, 0, T(d, M_RECORDS));
            for (size_t k = 0; k < N_REASONS; k++) {
                if (!count[k])
                    continue;
                report_table_add_row(t, T(d, reason_text[k].m));
                report_table_set_cell(t, t->nrows - 1, 0, (double)count[k], REPORT_CELL_COUNT);
            }
            report_table_set_note(t, T(d, M_VALIDATE_NOTE));
        }
        rp_put_table(&d->w, t);
    } else {
        sentence(d, T(d, M_NONE_EXCLUDED));
    }
    t = report_table_new(T(d, M_QUALITY), 1);
    if (t) {
        report_table_set_stub(t, T(d, M_WARNING));
        report_table_set_column(t, 0, T(d, M_RESPONDENTS));
        report_table_add_row(t, T(d, M_SPEEDERS));
        report_table_set_cell(t, 0, 0, (double)s->speeders, REPORT_CELL_COUNT);
        report_table_add_row(t, T(d, M_STRAIGHT));
        report_table_set_cell(t, 1, 0, (double)s->straight_liners, REPORT_CELL_COUNT);
        report_table_add_row(t, T(d, M_LENIENT));
        report_table_set_cell(t, 2, 0, (double)s->warnings, REPORT_CELL_COUNT);
    }
    rp_put_table(&d->w, t);
}

static void profile_rows(struct doc *d, struct report_table *t, enum rp_msg_id group,
                         const struct an_share *sh, size_t n)
{
    if (!n)
        return;
    report_table_add_group(t, T(d, group));
    for (size_t i = 0; i < n; i++) {
        report_table_add_row(t, LB(d, sh[i].label, sh[i].label_en));
        report_table_set_cell(t, t->nrows - 1, 0, sh[i].n, REPORT_CELL_COUNT);
        report_table_set_cell(t, t->nrows - 1, 1, sh[i].share, REPORT_CELL_PERCENT);
    }
}

static void section_profile(struct doc *d)
{
    const struct an_results *r = d->r;
    heading(d, M_PROFILE);
    struct report_table *t = report_table_new(T(d, M_SAMPLE_PROFILE), 2);
    if (t) {
        report_table_set_column(t, 0, T(d, M_N));
        report_table_set_column(t, 1, T(d, M_SHARE));
        profile_rows(d, t, M_AGE_GROUP, r->age_group, r->n_bands);
        if (r->age_group_missing > 0) {
            report_table_add_row(t, T(d, M_NO_AGE_GROUP));
            report_table_set_cell(t, t->nrows - 1, 0, r->age_group_missing, REPORT_CELL_COUNT);
        }
        profile_rows(d, t, M_GENDER, r->gender, r->n_gender);
        profile_rows(d, t, M_PARTY, r->party_member, r->n_party_member);
        profile_rows(d, t, M_SUBDISTRICT, r->subdistrict, r->n_subdistrict);
        profile_rows(d, t, M_COMMUNITY, r->community, r->n_community);
        report_table_set_note(t, T(d, M_SHARE_NOTE));
    }
    rp_put_table(&d->w, t);
}

/* ## Groupings: labels of a --by grouping, and the comparison of a mean */

const char *rp_doc_by_label(const struct doc *d, const struct an_qby *by)
{
    return LB(d, by->label_zh, by->label_en);
}

const char *rp_doc_group_label(const struct doc *d, const struct an_qby *by, size_t g)
{
    return LB(d, by->groups[g], by->groups_en[g]);
}

/* The note under participation by --by column K: the chi-square test, and
   its caution when cells have an expected count below 5.  A new string, or
   NULL. */
static char *part_by_note(const struct doc *d, size_t k)
{
    const struct stats_chisq *x = &d->r->part_by[k].chisq;
    char a[4][REPORT_NUMBER_SIZE];
    char *note = rp_format(T(d, M_CHISQ_NOTE), fmt(d, a[0], x->df, REPORT_CELL_COUNT),
                           fmt(d, a[1], x->statistic, REPORT_CELL_STAT),
                           p_after(d, a[2], x->p_value),
                           fmt(d, a[3], x->cramers_v, REPORT_CELL_STAT));
    return rp_doc_expected_note(d, note, -1, (int)k + 1);
}

char *rp_doc_comparison_note(const struct doc *d, const struct stats_comparison *c)
{
    char a[19][REPORT_NUMBER_SIZE], k[3][REPORT_NUMBER_SIZE];
    char *tn = NULL;
    if (isfinite(c->student.statistic))
        tn = rp_format(T(d, M_T_NOTE), fmt(d, a[0], c->student.df, REPORT_CELL_COUNT),
                       fmt(d, a[1], c->student.statistic, REPORT_CELL_STAT),
                       p_after(d, a[2], c->student.p_value),
                       fmt(d, a[3], c->welch.df, REPORT_CELL_STAT),
                       fmt(d, a[4], c->welch.statistic, REPORT_CELL_STAT),
                       p_after(d, a[5], c->welch.p_value));
    char *fn = rp_format(
        T(d, M_F_NOTE), fmt(d, a[6], c->anova.df1, REPORT_CELL_COUNT),
        fmt(d, a[7], c->anova.df2, REPORT_CELL_COUNT),
        fmt(d, a[8], c->anova.statistic, REPORT_CELL_STAT), p_after(d, a[9], c->anova.p_value),
        fmt(d, a[10], c->anova.eta_squared, REPORT_CELL_STAT),
        fmt(d, a[11], c->welch_anova.df1, REPORT_CELL_COUNT),
        fmt(d, a[12], c->welch_anova.df2, REPORT_CELL_STAT),
        fmt(d, a[13], c->welch_anova.statistic, REPORT_CELL_STAT),
        p_after(d, a[14], c->welch_anova.p_value),
        fmt(d, a[15], c->levene.df1, REPORT_CELL_COUNT),
        fmt(d, a[16], c->levene.df2, REPORT_CELL_COUNT),
        fmt(d, a[17], c->levene.statistic, REPORT_CELL_STAT),
        p_after(d, a[18], c->levene.p_value), fmt(d, k[0], c->kruskal_wallis.df, REPORT_CELL_COUNT),
        fmt(d, k[1], c->kruskal_wallis.statistic, REPORT_CELL_STAT),
        p_after(d, k[2], c->kruskal_wallis.p_value));
    /* A t note that failed fails the whole note: none is dropped silently. */
    char *note = fn && (tn || !isfinite(c->student.statistic))
                     ? rp_format("%s%s", tn ? tn : "", fn)
                     : NULL;
    free(tn);
    free(fn);
    return note;
}

void rp_doc_comparison_table(struct doc *d, const char *subject, const struct an_qby *by)
{
    char *title = rp_format(T(d, M_COMP_TITLE), subject, rp_doc_by_label(d, by));
    struct report_table *t = title ? report_table_new(title, 3) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    report_table_set_stub(t, rp_doc_by_label(d, by));
    report_table_set_column(t, 0, T(d, M_N));
    report_table_set_column(t, 1, T(d, M_MEAN));
    report_table_set_column(t, 2, T(d, M_SD));
    for (size_t g = 0; g < by->n_groups; g++) {
        report_table_add_row(t, rp_doc_group_label(d, by, g));
        report_table_set_cell(t, g, 0, by->means[g].n, REPORT_CELL_COUNT);
        report_table_set_cell(t, g, 1, by->means[g].mean, REPORT_CELL_MEAN);
        report_table_set_cell(t, g, 2, by->means[g].sd, REPORT_CELL_MEAN);
    }
    char *note = rp_doc_comparison_note(d, &by->comparison);
    if (!note || report_table_set_note(t, note) < 0)
        d->w.rc = -1;
    free(note);
    rp_put_table(&d->w, t);
}

static struct report_bars *rate_bars(const struct doc *d, enum rp_msg_id title, const struct an_rate *rates,
                                     size_t n)
{
    struct report_bars *b = report_bars_new(T(d, title), REPORT_CELL_PERCENT);
    if (!b)
        return NULL;
    b->max = 1;
    for (size_t i = 0; i < n; i++)
        if (report_bars_add(b, LB(d, rates[i].group, rates[i].group_en), rates[i].rate,
                            rates[i].ci_low, rates[i].ci_high,
                            rates[i].n) < 0) {
            report_bars_free(b);
            return NULL;
        }
    return b;
}

/* Participation by a --by column: each category's rate with its interval
   and adjusted residual, and the chi-square test. */
static void participation_by(struct doc *d, size_t k)
{
    const struct an_part_by *P = &d->r->part_by[k];
    char *title = rp_format(T(d, M_PART_BY_COL), LB(d, P->label_zh, P->label_en));
    struct report_table *t = title ? report_table_new(title, 6) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    report_table_set_stub(t, LB(d, P->label_zh, P->label_en));
    enum rp_msg_id cols[] = {M_N, M_PARTICIPANTS, M_RATE, M_CI_LOW, M_CI_HIGH, M_ADJ_RES};
    for (size_t c = 0; c < 6; c++)
        report_table_set_column(t, c, T(d, cols[c]));
    for (size_t g = 0; g < P->n_groups; g++) {
        const struct an_rate *x = &P->rates[g];
        report_table_add_row(t, LB(d, x->group, x->group_en));
        report_table_set_cell(t, g, 0, x->n, REPORT_CELL_COUNT);
        report_table_set_cell(t, g, 1, x->participants, REPORT_CELL_COUNT);
        report_table_set_cell(t, g, 2, x->rate, REPORT_CELL_PERCENT);
        report_table_set_cell(t, g, 3, x->ci_low, REPORT_CELL_PERCENT);
        report_table_set_cell(t, g, 4, x->ci_high, REPORT_CELL_PERCENT);
        report_table_set_cell(t, g, 5, P->adjusted_residuals[g], REPORT_CELL_STAT);
    }
    char *note = part_by_note(d, k);
    if (!note || report_table_set_note(t, note) < 0)
        d->w.rc = -1;
    free(note);
    rp_put_table(&d->w, t);
}

static void section_participation(struct doc *d)
{
    const struct an_results *r = d->r;
    size_t nb = r->n_bands;
    heading(d, M_PARTICIPATION);
    if (!r->has_participation || r->overall.n == 0) {
        sentence(d, T(d, r->has_participation ? M_ALL_MISSING : M_NO_ITEMS));
        return;
    }
    rp_put_bars(&d->w, rate_bars(d, M_PART_BY_AGE, r->part_by_age, nb));
    char a[6][REPORT_NUMBER_SIZE];
    struct report_table *t = report_table_new(NULL, 6);
    if (t) {
        report_table_set_stub(t, T(d, M_AGE_GROUP));
        enum rp_msg_id cols[] = {M_N, M_PARTICIPANTS, M_RATE, M_CI_LOW, M_CI_HIGH, M_ADJ_RES};
        for (size_t c = 0; c < 6; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t g = 0; g <= nb; g++) {
            const struct an_rate *x = g < nb ? &r->part_by_age[g] : &r->overall;
            report_table_add_row(t, g < nb ? x->group : T(d, M_OVERALL));
            report_table_set_cell(t, g, 0, x->n, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 1, x->participants, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 2, x->rate, REPORT_CELL_PERCENT);
            report_table_set_cell(t, g, 3, x->ci_low, REPORT_CELL_PERCENT);
            report_table_set_cell(t, g, 4, x->ci_high, REPORT_CELL_PERCENT);
            if (g < nb)
                report_table_set_cell(t, g, 5, r->adjusted_residuals[g], REPORT_CELL_STAT);
        }
        char *note = rp_format(T(d, M_TEST_NOTE), fmt(d, a[0], r->chisq.df, REPORT_CELL_COUNT),
                            fmt(d, a[1], r->chisq.statistic, REPORT_CELL_STAT),
                            p_after(d, a[2], r->chisq.p_value),
                            fmt(d, a[3], r->chisq.cramers_v, REPORT_CELL_STAT),
                            fmt(d, a[4], r->linear_by_linear.statistic, REPORT_CELL_STAT),
                            p_after(d, a[5], r->linear_by_linear.p_value));
        note = rp_doc_expected_note(d, note, -1, 0);
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);
    if (r->n_community)
        rp_put_bars(&d->w, rate_bars(d, M_PART_BY_COMM, r->part_by_community, r->n_community));
    for (size_t k = 0; k < r->n_part_by && d->w.rc == 0; k++)
        participation_by(d, k);

    /* Activities: a chart of the overall rates, then a table by age group. */
    struct report_bars *b = report_bars_new(T(d, M_PART_BY_ACT), REPORT_CELL_PERCENT);
    if (b) {
        for (size_t k = 0; k < r->n_activities; k++) {
            const struct an_activity *A = &r->activities[k];
            report_bars_add(b, L(d, A->label_zh, A->label_en), A->all.rate, A->all.ci_low,
                            A->all.ci_high, A->all.n);
        }
    }
    rp_put_bars(&d->w, b);
    t = report_table_new(T(d, M_ACT_BY_AGE), nb + 1);
    if (t) {
        report_table_set_stub(t, T(d, M_ACTIVITY));
        for (size_t g = 0; g < nb; g++)
            report_table_set_column(t, g, r->age_bands[g]);
        report_table_set_column(t, nb, T(d, M_OVERALL));
        for (size_t k = 0; k < r->n_activities; k++) {
            const struct an_activity *A = &r->activities[k];
            report_table_add_row(t, L(d, A->label_zh, A->label_en));
            for (size_t g = 0; g < nb; g++)
                report_table_set_cell(t, k, g, A->by_age[g].rate, REPORT_CELL_PERCENT);
            report_table_set_cell(t, k, nb, A->all.rate, REPORT_CELL_PERCENT);
        }
    }
    rp_put_table(&d->w, t);

    t = report_table_new(T(d, M_INTENSITY), 3);
    if (t) {
        report_table_set_stub(t, T(d, M_AGE_GROUP));
        report_table_set_column(t, 0, T(d, M_N));
        report_table_set_column(t, 1, T(d, M_MEAN));
        report_table_set_column(t, 2, T(d, M_SD));
        for (size_t g = 0; g <= nb; g++) {
            const struct an_mean *m = g < nb ? &r->intensity_by_age[g] : &r->intensity;
            report_table_add_row(t, g < nb ? r->age_bands[g] : T(d, M_OVERALL));
            report_table_set_cell(t, g, 0, m->n, REPORT_CELL_COUNT);
            report_table_set_cell(t, g, 1, m->mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, g, 2, m->sd, REPORT_CELL_MEAN);
        }
    }
    rp_put_table(&d->w, t);

    if (r->has_barriers) {
        const struct an_barriers *B = &r->barriers;
        t = report_table_new(T(d, M_BARRIERS), nb + 1);
        if (t) {
            report_table_set_stub(t, T(d, M_REASON));
            for (size_t g = 0; g < nb; g++)
                report_table_set_column(t, g, r->age_bands[g]);
            report_table_set_column(t, nb, T(d, M_OVERALL));
            for (size_t k = 0; k < B->n_cat; k++) {
                report_table_add_row(t, LB(d, B->cat[k].label, B->cat[k].label_en));
                for (size_t g = 0; g < nb; g++)
                    report_table_set_cell(t, k, g, B->by_age[g * B->n_cat + k].share,
                                          REPORT_CELL_PERCENT);
                report_table_set_cell(t, k, nb, B->cat[k].share, REPORT_CELL_PERCENT);
            }
            report_table_add_row(t, T(d, M_N));
            for (size_t g = 0; g < nb; g++)
                report_table_set_cell(t, B->n_cat, g, B->by_age_n[g], REPORT_CELL_COUNT);
            report_table_set_cell(t, B->n_cat, nb, B->n, REPORT_CELL_COUNT);
        }
        rp_put_table(&d->w, t);
    }
}

/* The note under the logistic table: its n, each categorical variable's
   reference level and the predictors left out, in D's language.  NULL when
   out of memory. */
static char *logit_note(struct doc *d)
{
    const struct an_results *r = d->r;
    int zh = d->lang == REPORT_LANG_ZH;
    char *s = NULL, *list = NULL;
    size_t len = 0, list_len = 0;
    FILE *m = open_memstream(&s, &len), *l = m ? open_memstream(&list, &list_len) : NULL;
    /* Every write is checked: printf with positional arguments may fail to
       allocate without marking the stream, and a shorter note would be a
       wrong one. */
    int ok = m && l;
    for (size_t k = 0; ok && k < r->n_logit_ref; k++) {
        const struct an_reference *x = &r->logit_ref[k];
        if (x->label)
            ok = fputs(list_len ? T(d, M_LOGIT_LIST_SEP) : "", l) != EOF &&
                 fprintf(l, T(d, M_LOGIT_REF_ITEM), zh ? x->var_zh : x->var_en,
                         zh ? x->label : x->label_en) >= 0 &&
                 fflush(l) == 0;
    }
    ok = l && !ferror(l) && ok;
    ok = l && fclose(l) == 0 && list && ok; /* LIST NULL: the close's realloc failed */
    char n[REPORT_NUMBER_SIZE];
    fmt(d, n, r->logit_n, REPORT_CELL_COUNT);
    if (ok)
        ok = fprintf(m, T(d, list_len ? M_LOGIT_NOTE : M_LOGIT_NOTE_NOREF), n, list) >= 0;
    free(list);
    if (ok && r->n_logit_dropped) {
        static const enum rp_msg_id why[] = {[AN_DROP_NO_ANSWERS] = M_DROP_NO_ANSWERS,
                                       [AN_DROP_ONE_LEVEL] = M_DROP_ONE_LEVEL,
                                       [AN_DROP_CONSTANT] = M_DROP_CONSTANT};
        list = NULL;
        l = open_memstream(&list, &list_len);
        ok = l != NULL;
        for (size_t k = 0; ok && k < r->n_logit_dropped; k++) {
            const struct an_dropped *x = &r->logit_dropped[k];
            ok = fputs(k ? T(d, M_LOGIT_LIST_SEP) : "", l) != EOF &&
                 fprintf(l, T(d, why[x->reason]), zh ? x->label_zh : x->label_en) >= 0;
        }
        ok = l && !ferror(l) && ok;
        ok = l && fclose(l) == 0 && list && ok;
        if (ok)
            ok = fprintf(m, T(d, M_LOGIT_DROPPED), list) >= 0;
        free(list);
    }
    ok = m && !ferror(m) && ok;
    if (!m || fclose(m) != 0 || !s || !ok) {
        free(s);
        return NULL;
    }
    return s;
}

/* Level labels of an item: the codebook's value labels, else the codes. */
static void section_association(struct doc *d)
{
    const struct an_results *r = d->r;
    heading(d, M_ASSOCIATION);
    if (r->n_spearman) {
        struct report_table *t = report_table_new(T(d, M_SPEARMAN), 3);
        if (t) {
            report_table_set_stub(t, T(d, M_SCALE));
            report_table_set_column(t, 0, T(d, M_N));
            report_table_set_column(t, 1, T(d, M_RHO));
            report_table_set_column(t, 2, T(d, M_P));
            for (size_t k = 0; k < r->n_spearman; k++) {
                report_table_add_row(t, LB(d, r->spearman[k].label_zh, r->spearman[k].label_en));
                report_table_set_cell(t, k, 0, r->spearman[k].n, REPORT_CELL_COUNT);
                report_table_set_cell(t, k, 1, r->spearman[k].rho, REPORT_CELL_STAT);
                report_table_set_cell(t, k, 2, r->spearman[k].p_value, REPORT_CELL_PVALUE);
            }
        }
        rp_put_table(&d->w, t);
    }
    if (!r->logit_fitted)
        return;
    if (!r->logit_converged) {
        sentence(d, T(d, r->logit_n <= (double)r->n_terms ? M_LOGIT_TOO_FEW : M_LOGIT_FAILED));
        if (r->n_logit_dropped) {
            char *note = logit_note(d);
            if (note)
                sentence(d, note);
            else
                d->w.rc = -1;
            free(note);
        }
        return;
    }
    struct report_table *t = report_table_new(T(d, M_LOGIT), 6);
    if (t) {
        report_table_set_stub(t, T(d, M_TERM));
        report_table_set_column(t, 0, T(d, M_COEF));
        report_table_set_column(t, 1, T(d, M_SE));
        report_table_set_column(t, 2, T(d, M_OR));
        report_table_set_column(t, 3, T(d, M_OR_LOW));
        report_table_set_column(t, 4, T(d, M_OR_HIGH));
        report_table_set_column(t, 5, T(d, M_P));
        for (size_t k = 0; k < r->n_terms; k++) {
            const struct an_term *x = &r->terms[k];
            report_table_add_row(t, d->lang == REPORT_LANG_ZH ? x->term_zh : x->term_en);
            report_table_set_cell(t, k, 0, x->coef, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 1, x->se, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 2, x->odds_ratio, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 3, x->or_ci_low, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 4, x->or_ci_high, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 5, x->p_value, REPORT_CELL_PVALUE);
        }
        char *note = logit_note(d);
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);
}

static void section_methods(struct doc *d)
{
    const struct an_results *r = d->r;
    heading(d, M_METHODS);
    const char *items[sizeof methods / sizeof methods[0] + 2];
    size_t n = 0;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        items[n++] = T(d, methods[i]);
    if (r->n_questions)
        items[n++] = T(d, M_METHODS_QUESTIONS);
    char a[3][REPORT_NUMBER_SIZE];
    char *w = NULL;
    if (r->weighting == AN_WEIGHT_NONE)
        w = rp_format("%s", T(d, M_WEIGHTS_NONE));
    else if (r->weighting == AN_WEIGHT_COLUMN)
        w = rp_format(T(d, M_WEIGHTS_COLUMN), fmt(d, a[0], r->effective_n, REPORT_CELL_MEAN),
                   fmt(d, a[1], r->design_effect, REPORT_CELL_STAT));
    else
        w = rp_format(T(d, M_WEIGHTS_RAKING), fmt(d, a[2], r->rake_iterations, REPORT_CELL_COUNT),
                   fmt(d, a[0], r->effective_n, REPORT_CELL_MEAN),
                   fmt(d, a[1], r->design_effect, REPORT_CELL_STAT));
    if (!w) {
        d->w.rc = -1;
        return;
    }
    items[n++] = w;
    rp_sentences(&d->w, items, n);
    free(w);
}

/* The report of R in LANG as a document; NULL when out of memory.  O is
   what sentences are formatted for. */
static struct report_doc *build(const struct an_results *r, enum report_lang lang,
                                const struct report_options *o)
{
    struct report_doc *doc = report_doc_new(T(&(struct doc){.lang = lang}, M_TITLE),
                                            lang == REPORT_LANG_ZH ? "zh" : "en");
    if (!doc)
        return NULL;
    struct doc d = {r, lang, {o, doc, NULL, 0}};
    static const struct {
        void (*fn)(struct doc *);
        const char *name;
    } sections[] = {
        {section_findings, "findings"},   {section_data, "data"},
        {section_profile, "profile"},     {rp_doc_section_questions, "questions"},
        {section_participation, "participation"},
        {NULL, "satisfaction"},           {NULL, "trust"},
        {NULL, "likert"},
        {section_association, "association"}, {section_methods, "methods"},
    };
    for (size_t i = 0; i < sizeof sections / sizeof sections[0] && d.w.rc == 0; i++) {
        d.w.key = sections[i].name;
        if (sections[i].fn)
            sections[i].fn(&d);
        else if (!strcmp(sections[i].name, "satisfaction"))
            rp_doc_section_likert(&d, M_SATISFACTION, &r->satisfaction);
        else if (!strcmp(sections[i].name, "trust"))
            rp_doc_section_likert(&d, M_TRUST, &r->trust);
        else if (r->likert.n_items) /* other scales: left out when there are none */
            rp_doc_section_likert(&d, M_OTHER_SCALES, &r->likert);
    }
    if (d.w.rc < 0) {
        report_doc_free(doc);
        return NULL;
    }
    return doc;
}

int report_document_render(const struct an_results *r, enum report_lang lang,
                           const struct report_options *o, FILE *out)
{
    struct report_doc *doc = build(r, lang, o);
    int rc = report_doc_render(doc, o, out);
    report_doc_free(doc);
    return rc;
}

