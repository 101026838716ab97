/* draft_options.c — the draft codebook's option columns: a multiple-choice
 * question exported one column per option, as 问卷星 does.
 *
 * Such a question's columns share a stem and add the option to it: the
 * option in brackets after the question (`7、您参加过哪些活动:(志愿服务)`,
 * full-width `（…）` too), or a number after an underscore (`Q7_1`, the
 * names of 问卷星's SPSS export).  Their answers are 1 (chosen) and 0 (not),
 * or the words 选中 and 未选中.  Two columns or more of one stem whose
 * answers are only these are proposed as `option` columns of one question,
 * the stem as its name (`scale`) and the option as each column's label
 * (numbered SPSS variables whose labels hold question and option, Q7_1
 * "7、…:志愿服务": the labels' common start up to a colon labels the question).
 * They are read before any other role is guessed, so that a column of
 * options is never taken for a yes/no participation item or a party member
 * question (`您的身份:(党员)`).
 */
#include "survey/draft_internal.h"

#include <stdlib.h>
#include <string.h>

int draft_option_answer(const char *s)
{
    return !strcmp(s, "0") || !strcmp(s, "1") || !strcmp(s, "选中") || !strcmp(s, "未选中");
}

/* Whether the LEN bytes at S end with SUFFIX. */
static int ends(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && !memcmp(s + len - n, suffix, n);
}

/* The stem (its length into *STEM_LEN) and the option label of header H
   when H names one option; 0 when it does not.  *LABEL is the text inside
   the brackets, or NULL for a numbered name (Q7_1: the column's wording is
   the label). */
static int split_header(const char *h, size_t *stem_len, const char **label, size_t *label_len)
{
    size_t n = strlen(h);
    static const char *const open[] = {"(", "（"}, *const close[] = {")", "）"};
    for (size_t b = 0; b < 2; b++) {
        if (!ends(h, n, close[b]))
            continue;
        size_t end = n - strlen(close[b]), ol = strlen(open[b]);
        const char *at = NULL;
        for (const char *p = strstr(h, open[b]); p && (size_t)(p - h) < end; p = strstr(p + 1, open[b]))
            at = p;
        if (!at || at == h || (size_t)(at - h) + ol >= end)
            return 0;
        *stem_len = (size_t)(at - h);
        *label = at + ol;
        *label_len = end - (size_t)(at - h) - ol;
        return 1;
    }
    size_t k = n;
    while (k && h[k - 1] >= '0' && h[k - 1] <= '9')
        k--;
    if (k == n || k < 2 || h[k - 1] != '_')
        return 0;
    *stem_len = k - 1;
    *label = NULL;
    *label_len = 0;
    return 1;
}

/* Whether C's answers (skip markers and don't-know answers aside) are an
   option column's: some, and each 0, 1, 选中 or 未选中. */
static int option_answers(const struct dcol *c)
{
    size_t n = 0;
    if (c->many || c->multi || !c->answered)
        return 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        if (draft_marker(c, c->vals[k].text))
            continue;
        if (!draft_option_answer(c->vals[k].text))
            return 0;
        n++;
    }
    return n > 0;
}

/* Numbered options whose labels carry the wording (问卷星's SPSS export:
   Q7_1 "7、您参加过哪些活动:志愿服务"): the labels' common start up to its last
   colon is the question's label and the rest each option's, when every
   option keeps some.  The columns of STEM from the I-th on. */
static void split_wordings(struct draft *d, const char *const *stem, size_t i)
{
    const char *first = d->col[i].wording;
    size_t n = strlen(first);
    for (size_t j = i + 1; j < d->n_col; j++) {
        if (!stem[j] || strcmp(stem[j], stem[i]))
            continue;
        const char *w = d->col[j].wording;
        size_t k = 0;
        while (k < n && w[k] == first[k])
            k++;
        n = k;
    }
    size_t cut = 0; /* after the last ':' or '：' */
    for (size_t k = 0; k < n; k++)
        if (first[k] == ':')
            cut = k + 1;
        else if (k + 3 <= n && !memcmp(first + k, "：", 3))
            cut = k + 3;
    if (!cut)
        return;
    for (size_t j = i; j < d->n_col; j++)
        if (stem[j] && !strcmp(stem[j], stem[i]) && !d->col[j].wording[cut])
            return;
    char *q = arena_strndup(&d->arena, first, cut);
    if (!q)
        return; /* out of memory: the labels stay whole */
    for (size_t j = i; j < d->n_col; j++)
        if (stem[j] && !strcmp(stem[j], stem[i])) {
            d->col[j].qlabel = q;
            d->col[j].label = d->col[j].wording + cut;
        }
}

int draft_guess_options(struct draft *d)
{
    const char **stem = calloc(d->n_col ? d->n_col : 1, sizeof *stem);
    if (!stem)
        return -1;
    for (size_t i = 0; i < d->n_col; i++) {
        struct dcol *c = &d->col[i];
        size_t sl, ll;
        const char *label;
        if (c->used || !option_answers(c) || !split_header(c->header, &sl, &label, &ll))
            continue;
        if (!(stem[i] = arena_strndup(&d->arena, c->header, sl))) {
            free(stem);
            return -1;
        }
        c->label = label ? arena_strndup(&d->arena, label, ll) : c->wording;
        if (!c->label) {
            free(stem);
            return -1;
        }
    }
    for (size_t i = 0; i < d->n_col; i++) {
        struct dcol *c = &d->col[i];
        if (!stem[i])
            continue;
        size_t same = 0;
        int clash = 0;
        for (size_t j = 0; j < d->n_col; j++) {
            same += stem[j] && !strcmp(stem[j], stem[i]);
            /* the question's name must not be another column's */
            clash |= !strcmp(d->col[j].header, stem[i]);
        }
        if (same < 2 || clash)
            continue;
        size_t j = 0;
        while (j < i && !(stem[j] && !strcmp(stem[j], stem[i])))
            j++;
        if (j == i && c->label == c->wording && strcmp(c->wording, c->header))
            split_wordings(d, stem, i);
        c->role = ROLE_OPTION;
        c->used = 1;
        c->question = stem[i];
        const char *h = stem[i];
        int part = strstr(h, "参加") || strstr(h, "参与");
        snprintf(c->note, sizeof c->note,
                 "one column per option of a multiple-choice question (1 chosen, 0 not): an "
                 "option of the question named in scale%s",
                 part ? "; on taking part: role participation counts it as a participation item"
                      : "");
    }
    free(stem);
    return 0;
}
