/* document_cautions.c — the cautions of a report in words.  Which figures
 * need one is chosen by analysis/ (an_cautions, in the results); here each
 * is said where its figure is shown: after a chi-square's note, after the
 * scales table of a section, and after the finding it qualifies. */
#include "report/document_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The chi-square that caution (A, B) of kind AN_CAUTION_EXPECTED is about. */
static const struct stats_chisq *chisq_at(const struct an_results *r, int a, int b)
{
    return a < 0 ? (b > 0 ? &r->part_by[b - 1].chisq : &r->chisq) : &r->questions[a].by[b].chisq;
}

/* "N cells (M%) have an expected count below 5 ...", or NULL when out of
   memory. */
static char *expected_sentence(enum report_lang lang, const struct stats_chisq *t, int plain)
{
    char a[3][REPORT_NUMBER_SIZE];
    double cells = (double)(t->rows * t->cols);
    return rp_format(msg_in(lang, M_EXPECTED_CAUTION),
                     rp_num(a[0], (double)t->small_expected, REPORT_CELL_COUNT, plain),
                     rp_num(a[1], cells > 0 ? (double)t->small_expected / cells : NAN,
                            REPORT_CELL_PERCENT, plain),
                     rp_num(a[2], t->min_expected, REPORT_CELL_MEAN, plain));
}

/* FIRST, a separator and SECOND as one text; both are freed.  NULL when
   either is NULL or out of memory. */
static char *joined(enum report_lang lang, char *first, char *second)
{
    char *s = first && second ? rp_format("%s%s%s", first, *first ? msg_in(lang, M_SENTENCE_SEP) : "",
                                          second)
                              : NULL;
    free(first);
    free(second);
    return s;
}

char *rp_doc_expected_note(const struct doc *d, char *note, int a, int b)
{
    if (!note || !an_caution_next(d->r, AN_CAUTION_EXPECTED, a, b, NULL))
        return note;
    return joined(d->lang, note, expected_sentence(d->lang, chisq_at(d->r, a, b), d->w.o->ascii));
}

void rp_doc_scale_cautions(struct doc *d, const struct an_likert *Lk)
{
    const struct an_results *r = d->r;
    int section = Lk == &r->satisfaction ? 0 : Lk == &r->trust ? 1 : 2;
    const struct an_caution *x;
    char a[2][REPORT_NUMBER_SIZE];
    for (size_t from = 0; d->w.rc == 0 &&
                          (x = an_caution_next(r, AN_CAUTION_NEGATIVE_ALPHA, section, AN_ANY, &from));) {
        const struct an_scale *S = &Lk->scales[x->b];
        char *s = rp_format(T(d, M_NEGATIVE_ALPHA), LB(d, S->label_zh, S->label_en),
                            fmt(d, a[0], S->alpha, REPORT_CELL_STAT));
        if (!s)
            d->w.rc = -1;
        else
            sentence(d, s);
        free(s);
    }
    for (size_t from = 0; d->w.rc == 0 &&
                          (x = an_caution_next(r, AN_CAUTION_ZERO_VARIANCE, section, AN_ANY, &from));) {
        const struct an_scale *S = &Lk->scales[x->b];
        const struct an_item *it = &Lk->items[S->item_index[x->c]];
        char *s = rp_format(T(d, M_ZERO_VARIANCE), LB(d, S->label_zh, S->label_en),
                            L(d, it->label_zh, it->label_en), fmt(d, a[1], x->n, REPORT_CELL_COUNT));
        if (!s)
            d->w.rc = -1;
        else
            sentence(d, s);
        free(s);
    }
}

/* The small groups behind finding I, "70+ (n = 12), ...", or "" for none;
   NULL when out of memory. */
static char *small_groups(const struct an_results *r, size_t i, enum report_lang lang)
{
    struct rp_text t;
    rp_text_open(&t);
    const struct an_caution *x;
    size_t any = 0;
    for (size_t from = 0; t.f && (x = an_caution_next(r, AN_CAUTION_SMALL_GROUP, (int)i, AN_ANY, &from));) {
        char n[REPORT_NUMBER_SIZE];
        const char *label;
        enum rp_msg_id m;
        if (x->b == AN_GROUP_AGE) {
            label = r->age_bands[x->c];
            m = M_SMALL_AGE_GROUP;
        } else {
            const struct an_mean *c =
                &r->satisfaction.scales[r->findings[i].a].by_community[x->c];
            label = lang == REPORT_LANG_ZH || !c->group_en || !*c->group_en ? c->group : c->group_en;
            m = M_SMALL_OTHER_GROUP;
        }
        char *one = rp_format(msg_in(lang, m), label, rp_num(n, x->n, REPORT_CELL_COUNT, 1));
        if (!one) {
            fclose(t.f);
            free(t.s);
            return NULL;
        }
        fprintf(t.f, "%s%s", any++ ? msg_in(lang, M_LIST_SEP) : "", one);
        free(one);
    }
    return rp_text_close(&t);
}

char *rp_doc_finding_cautions(const struct an_results *r, size_t i, enum report_lang lang,
                              char *sentence)
{
    if (!sentence)
        return NULL;
    const struct an_finding *f = &r->findings[i];
    if (f->kind == AN_FINDING_AGE_GROUPS && an_caution_next(r, AN_CAUTION_EXPECTED, -1, 0, NULL))
        sentence = joined(lang, sentence, expected_sentence(lang, &r->chisq, 1));
    if (!sentence || !an_caution_next(r, AN_CAUTION_SMALL_GROUP, (int)i, AN_ANY, NULL))
        return sentence;
    char *list = small_groups(r, i, lang);
    char *note = list ? rp_format(msg_in(lang, M_SMALL_GROUPS), list, AN_SMALL_GROUP) : NULL;
    free(list);
    return joined(lang, sentence, note);
}
