/* draft_guess.c — the draft codebook's guesses: a role for each column from
 * its header's wording and its answers, Likert wordings ranked, and a note
 * saying why.
 */
#include "survey/draft_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ## Likert wordings
 *
 * 非常不X < 不X < 不太X < 一般/中等 < 比较X < X < 非常X: the rank of a wording,
 * its stem X in *STEM (empty for the neutral answer), or 0 when the wording
 * is none of these. */

struct prefix {
    const char *p;
    int rank;
};

static const struct prefix prefixes[] = {
    {"非常不", 1}, {"很不", 1}, {"完全不", 1}, {"极不", 1}, {"十分不", 1},
    {"不太", 3},   {"不大", 3}, {"比较不", 3}, {"较不", 3}, {"不", 2},
    {"比较", 5},   {"较为", 5}, {"较", 5},     {"非常", 7}, {"很", 7},
    {"十分", 7},   {"完全", 7}, {"极其", 7},
};

static const char *const neutral[] = {"一般", "中等", "中立", "一般般", "普通", "还行", "中间"};

int draft_likert_rank(const char *s, const char **stem)
{
    for (size_t i = 0; i < sizeof neutral / sizeof *neutral; i++)
        if (!strcmp(s, neutral[i])) {
            *stem = "";
            return 4;
        }
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i].p);
        if (!strncmp(s, prefixes[i].p, n) && s[n]) {
            *stem = s + n;
            return prefixes[i].rank;
        }
    }
    *stem = s;
    return 6;
}

/* Answers that mean "don't know", and platforms' markers of a question not
   answered: listed as missing, not as a level or category. */
int draft_dont_know(const char *s)
{
    static const char *const dk[] = {"说不清", "不知道", "不清楚", "说不好", "不了解", "不好说",
                                     "无法回答", "不确定", "(跳过)", "（跳过）", "(空)", "（空）"};
    for (size_t i = 0; i < sizeof dk / sizeof *dk; i++)
        if (!strcmp(s, dk[i]))
            return 1;
    return 0;
}

/* Whether C's answers are Likert wordings of one stem (three levels or more,
   the don't-know answers aside); orders C->vals by rank when they are. */
static int cmp_rank(const void *a, const void *b)
{
    const struct dval *x = a, *y = b;
    const char *s;
    int rx = draft_dont_know(x->text) ? 99 : draft_likert_rank(x->text, &s);
    int ry = draft_dont_know(y->text) ? 99 : draft_likert_rank(y->text, &s);
    return rx != ry ? rx - ry : (x->first > y->first) - (x->first < y->first);
}

static int is_likert_words(struct dcol *c)
{
    if (c->many || c->all_num || c->n_vals < 3)
        return 0;
    const char *stem0 = NULL;
    size_t levels = 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        const char *t = c->vals[k].text, *stem;
        if (draft_dont_know(t))
            continue;
        int r = draft_likert_rank(t, &stem);
        if (r == 4)
            goto counted;
        if (strlen(stem) > 12) /* a sentence, not a wording */
            return 0;
        if (!stem0)
            stem0 = stem;
        else if (strcmp(stem, stem0))
            return 0;
    counted:
        levels++;
    }
    if (levels < 3 || !stem0)
        return 0;
    qsort(c->vals, c->n_vals, sizeof *c->vals, cmp_rank);
    return 1;
}

/* ## Roles */

static int has(const char *s, const char *word)
{
    return strstr(s, word) != NULL;
}

static int has_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (has(s, *words))
            return 1;
    return 0;
}

/* A categorical column: few distinct answers, mostly short. */
static int categorical(const struct dcol *c)
{
    return !c->many && c->n_vals >= 1 && c->n_vals <= 40 && c->answered > 0 &&
           c->total_len / (size_t)c->answered <= 40;
}

static int yes_no(const struct dcol *c)
{
    static const char *const yes[] = {"是", "有", "参加", "参加过", "参与过", "yes", "Yes", "1"};
    static const char *const no[] = {"否", "没有", "无", "未参加", "没参加过", "no", "No", "0"};
    if (c->n_vals < 1 || c->n_vals > 2)
        return 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        int ok = 0;
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
            ok |= !strcmp(c->vals[k].text, yes[i]) || !strcmp(c->vals[k].text, no[i]);
        if (!ok)
            return 0;
    }
    return 1;
}

/* A role that one column at most may take, with the header words that ask
   for it and whether the answers fit. */
struct once_rule {
    enum survey_role role;
    const char *const *words;
    int (*fits)(const struct dcol *);
};

static int fits_id(const struct dcol *c)
{
    return c->many || (c->n_vals > 0 && (long)c->n_vals == c->answered);
}

static int fits_age_years(const struct dcol *c)
{
    return c->all_int && c->answered > 0 && c->min >= 0 && c->max <= 200;
}

/* Answers that are age brackets, two or more (don't-know answers aside). */
static int fits_brackets(const struct dcol *c)
{
    size_t n = 0;
    if (!categorical(c) || c->multi || c->all_num)
        return 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        double key;
        if (draft_dont_know(c->vals[k].text))
            continue;
        if (!text_age_bracket(c->vals[k].text, strlen(c->vals[k].text), &key))
            return 0;
        n++;
    }
    return n >= 2;
}

/* An SPSS or Stata variable whose value labels are age brackets (two or
   more; user-missing and don't-know codes aside): its codes are brackets,
   not ages. */
static int meta_brackets(const struct dcol *c)
{
    const struct rd_var_meta *m = c->meta;
    size_t n = 0;
    for (size_t k = 0; m && k < m->n_values; k++) {
        const char *t = m->values[k].label;
        double key;
        if (draft_dont_know(t) || draft_is_missing_meta(m, m->values[k].code))
            continue;
        if (!text_age_bracket(t, strlen(t), &key))
            return 0;
        n++;
    }
    return n >= 2;
}

static int fits_age(const struct dcol *c)
{
    return meta_brackets(c) || fits_age_years(c) || fits_brackets(c);
}

static const char *const w_birth[] = {"出生年份", "出生年", "出生", "birth", "Birth", "BIRTH",
                                      NULL};

/* Plausible years of birth. */
static int fits_birth_year(const struct dcol *c)
{
    return c->all_int && c->answered > 0 && c->min >= 1900 && c->max <= 2100;
}

static int fits_year(const struct dcol *c)
{
    /* "birth year" holds the word "year" too */
    return c->all_int && c->answered > 0 && c->min >= 1900 && c->max <= 2200 &&
           !has_any(c->wording, w_birth);
}

static int fits_weight(const struct dcol *c)
{
    return c->all_num && c->answered > 0 && c->min >= 0;
}

static int fits_duration(const struct dcol *c)
{
    return c->all_dur && c->answered > 0;
}

static int fits_category(const struct dcol *c)
{
    return categorical(c) && !c->multi;
}

static const char *const w_id[] = {"序号", "编号", "答卷编号", "id", "ID", NULL};
static const char *const w_year[] = {"调查年份", "年度", "year", NULL};
static const char *const w_age[] = {"年龄", "age", NULL};
static const char *const w_gender[] = {"性别", "gender", NULL};
static const char *const w_sub[] = {"街道", "乡镇", "subdistrict", NULL};
static const char *const w_comm[] = {"社区", "小区", "community", NULL};
static const char *const w_party[] = {"党员", "政治面貌", NULL};
static const char *const w_dur[] = {"所用时间", "答题时长", "用时", "duration", NULL};
static const char *const w_weight[] = {"权重", "weight", NULL};
static const char *const w_barrier[] = {"原因", "reason", NULL};

static const struct once_rule once_rules[] = {
    {ROLE_ID, w_id, fits_id},
    {ROLE_DURATION, w_dur, fits_duration},
    {ROLE_AGE, w_age, fits_age},
    {ROLE_BIRTH_YEAR, w_birth, fits_birth_year}, /* unless the age is asked */
    {ROLE_YEAR, w_year, fits_year},
    {ROLE_GENDER, w_gender, fits_category},
    {ROLE_SUBDISTRICT, w_sub, fits_category},
    {ROLE_COMMUNITY, w_comm, fits_category},
    {ROLE_PARTY_MEMBER, w_party, fits_category},
    {ROLE_WEIGHT, w_weight, fits_weight},
    {ROLE_BARRIER, w_barrier, fits_category},
};

/* Platform metadata: never analysed. */
static const char *const w_meta[] = {"提交答卷时间", "开始时间", "结束时间", "来源", "来自IP",
                                     "IP", "填写设备", "操作系统", "浏览器", "地理位置", NULL};
static const char *const w_part[] = {"参加", "参与", NULL};

int draft_is_missing_meta(const struct rd_var_meta *m, const char *code)
{
    for (size_t k = 0; k < m->n_missing; k++)
        if (!strcmp(m->missing[k], code))
            return 1;
    return 0;
}

/* The stem X of a column's Likert wordings ("满意", "同意"), from its value
   labels when an SPSS file has them, else from its answers; NULL when they
   are not Likert wordings. */
static const char *likert_stem(struct dcol *c)
{
    const struct rd_var_meta *m = c->meta;
    if (m && m->n_values >= 3) {
        const char *stem0 = NULL;
        size_t levels = 0;
        for (size_t k = 0; k < m->n_values; k++) {
            const char *stem, *t = m->values[k].label;
            if (draft_dont_know(t) || draft_is_missing_meta(m, m->values[k].code))
                continue;
            int rank = draft_likert_rank(t, &stem);
            levels++;
            if (rank == 4)
                continue;
            if (strlen(stem) > 12 || (stem0 && strcmp(stem, stem0)))
                return NULL;
            stem0 = stem;
        }
        return levels >= 3 ? stem0 : NULL;
    }
    if (!is_likert_words(c))
        return NULL;
    for (size_t k = 0; k < c->n_vals; k++) {
        const char *stem;
        if (!draft_dont_know(c->vals[k].text) && draft_likert_rank(c->vals[k].text, &stem) != 4)
            return stem;
    }
    return NULL;
}

void draft_guess(struct draft *d)
{
    /* Roles one column may take: the shortest header with the word whose
       answers fit. */
    int age_taken = 0;
    for (size_t r = 0; r < sizeof once_rules / sizeof *once_rules; r++) {
        const struct once_rule *o = &once_rules[r];
        struct dcol *best = NULL;
        for (size_t i = 0; i < d->n_col; i++) {
            struct dcol *c = &d->col[i];
            if (c->used || has_any(c->wording, w_meta) || !has_any(c->wording, o->words) ||
                !o->fits(c))
                continue;
            if (!best || strlen(c->wording) < strlen(best->wording))
                best = c;
        }
        if (best && o->role == ROLE_BIRTH_YEAR && age_taken) {
            snprintf(best->note, sizeof best->note,
                     "a birth year, but the age is asked too (role age): kept as text");
            best->role = ROLE_TEXT;
            best->used = 1;
            continue;
        }
        if (best) {
            best->role = o->role;
            best->used = 1;
            age_taken |= o->role == ROLE_AGE;
            best->brackets =
                o->role == ROLE_AGE && (meta_brackets(best) || !fits_age_years(best));
            if (best->brackets)
                snprintf(best->note, sizeof best->note,
                         "header names it (age) and the answers are age brackets: they are the "
                         "age groups, in this order");
            else if (o->role == ROLE_BIRTH_YEAR)
                snprintf(best->note, sizeof best->note,
                         "header names it (birth_year): age = survey year - birth year, the "
                         "survey year from a year column or --year; the range is the years "
                         "seen, %.0f..%.0f",
                         best->min, best->max);
            else if (o->role == ROLE_AGE || o->role == ROLE_YEAR)
                snprintf(best->note, sizeof best->note,
                         "header names it (%s); the range is the answers seen, %.0f..%.0f: "
                         "narrow it to reject impossible answers",
                         survey_role_name(o->role), best->min, best->max);
            else
                snprintf(best->note, sizeof best->note, "header names it (%s) and the answers fit",
                         survey_role_name(o->role));
        }
    }
    for (size_t i = 0; i < d->n_col; i++) {
        struct dcol *c = &d->col[i];
        if (c->used)
            continue;
        c->used = 1;
        int trust = has(c->wording, "信任") || has(c->wording, "同意") ||
                    has(c->wording, "trust") || has(c->wording, "agree");
        int satisfied = has(c->wording, "满意") || has(c->wording, "satisf");
        const char *stem = c->multi ? NULL : likert_stem(c);
        if (stem) {
            trust |= has(stem, "信任") || has(stem, "同意");
            satisfied |= has(stem, "满意");
        }
        if (has_any(c->wording, w_meta)) {
            c->role = ROLE_IGNORE;
            snprintf(c->note, sizeof c->note, "platform metadata");
        } else if (c->answered == 0) {
            c->role = ROLE_IGNORE;
            snprintf(c->note, sizeof c->note, "no answers in the file");
        } else if (c->multi && c->n_opts && has_any(c->wording, w_part)) {
            c->role = ROLE_ACTIVITIES;
            snprintf(c->note, sizeof c->note,
                     "answers joined by ┋: a multiple-choice question on taking part, read as "
                     "activities");
        } else if (c->multi && c->n_opts) {
            c->role = ROLE_MULTI;
            snprintf(c->note, sizeof c->note,
                     "answers joined by ┋: a multiple-response question, each option counted");
        } else if (yes_no(c) && has_any(c->wording, w_part)) {
            c->role = ROLE_PARTICIPATION;
            snprintf(c->note, sizeof c->note, "yes/no answers to a question on taking part");
        } else if ((satisfied || trust) &&
                   (stem || (c->all_int && c->min >= 1 && c->max <= 10 && c->n_vals >= 2 &&
                             !c->many))) {
            c->role = trust ? ROLE_TRUST : ROLE_SATISFACTION;
            snprintf(c->note, sizeof c->note, "%s, on %s",
                     stem ? "Likert wordings" : "answers on a numeric scale",
                     trust ? "trust or agreement (信任/同意)" : "satisfaction (满意)");
        } else if (stem) {
            c->role = ROLE_TEXT;
            snprintf(c->note, sizeof c->note,
                     "Likert wordings of another scale: kept as text, not analysed");
        } else {
            c->role = ROLE_TEXT;
            snprintf(c->note, sizeof c->note,
                     c->all_num ? "numbers: kept as text, not analysed"
                     : categorical(c) ? "a single-choice question: kept as text, not analysed"
                                      : "free text: kept, not analysed");
        }
    }
}
