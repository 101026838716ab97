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
    int rx = draft_dont_know(x->text) || x->marker ? 99 : draft_likert_rank(x->text, &s);
    int ry = draft_dont_know(y->text) || y->marker ? 99 : draft_likert_rank(y->text, &s);
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
        if (draft_marker(c, t))
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
    size_t n = 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        int ok = 0;
        if (draft_marker(c, c->vals[k].text))
            continue;
        n++;
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
            ok |= !strcmp(c->vals[k].text, yes[i]) || !strcmp(c->vals[k].text, no[i]);
        if (!ok)
            return 0;
    }
    return n >= 1 && n <= 2;
}

static int coded_yes_no(const struct dcol *c);
static const char *const w_part[] = {"参加", "参与", "take part", "participat", NULL};

/* A yes/no question on taking part (您是否参加过社区活动): a participation
   item, whatever other role's word (社区) its header holds. */
static int part_yes_no(const struct dcol *c)
{
    return (yes_no(c) || coded_yes_no(c)) && has_any(c->wording, w_part);
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
        if (draft_marker(c, c->vals[k].text))
            continue;
        if (c->vals[k].bare && c->vals[k].number <= 40) /* a code among the brackets */
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

/* Answers 1 and 2 (one of them at least, skip markers aside): a yes/no
   question coded as 问卷星 codes it, 1=是;2=否. */
static int coded_yes_no(const struct dcol *c)
{
    size_t n = 0;
    if (!c->all_int || c->many)
        return 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        if (draft_marker(c, c->vals[k].text))
            continue;
        if (strcmp(c->vals[k].text, "1") && strcmp(c->vals[k].text, "2"))
            return 0;
        n++;
    }
    return n > 0;
}

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
        if (!draft_marker(c, c->vals[k].text) && draft_likert_rank(c->vals[k].text, &stem) != 4)
            return stem;
    }
    return NULL;
}

int draft_marker(const struct dcol *c, const char *s)
{
    return draft_dont_know(s) || (c->skip_codes && (!strcmp(s, "-2") || !strcmp(s, "-3")));
}

/* -2 and -3 are wjx's markers of a question skipped while no other answer
   of the column is a negative number; else they are numbers like the rest.
   A column whose only numbers were markers is not one of numbers. */
static void settle_markers(struct dcol *c)
{
    if (c->skip_codes && c->min < 0) {
        double lo = c->skip_codes & 2 ? -3 : -2, hi = c->skip_codes & 1 ? -2 : -3;
        c->min = lo < c->min ? lo : c->min;
        c->max = hi > c->max ? hi : c->max;
        c->skip_codes = 0;
    }
    if (c->min > c->max)
        c->all_num = c->all_int = 0;
    for (size_t k = 0; k < c->n_vals; k++)
        c->vals[k].marker = c->skip_codes && draft_marker(c, c->vals[k].text) &&
                            !draft_dont_know(c->vals[k].text);
}

/* ## The full scale
 *
 * Likert wordings are coded by their place on the whole scale, not among the
 * levels answered, so that 不满意 is 2 even when nobody answered 非常不满意.
 * The rule, from the ranks of draft_likert_rank (1 非常不X, 2 不X, 3 不太X,
 * 4 一般, 5 比较X, 6 X, 7 非常X): a column whose wordings include an extreme
 * (rank 1 or 7), with no rank given by two wordings, is a full scale; it is a
 * 7-point scale when both 不X and 不太X, or both 比较X and X, are among its
 * wordings, else a 5-point scale with the places 非常不X=1, 不X or 不太X=2,
 * 一般=3, 比较X or X=4, 非常X=5.  The places nobody answered are listed too,
 * worded 非常不X, 不太X (不X when X is worded without 比较), 一般, 比较X (X when
 * 不X is worded without 不太), 非常X.  Wordings without an extreme (不满意,
 * 一般, 满意) are a scale of the levels seen. */
static int full_scale(struct draft *d, struct dcol *c, const char *stem)
{
    const char *word[8] = {0};
    int by_rank[8] = {0};
    for (size_t k = 0; k < c->n_vals; k++) {
        const char *st, *t = c->vals[k].text;
        if (draft_marker(c, t))
            continue;
        int r = draft_likert_rank(t, &st);
        if (r < 1 || r > 7 || by_rank[r]++)
            return 0;
        word[r] = t;
    }
    if (!by_rank[1] && !by_rank[7])
        return 0;
    int seven = (by_rank[2] && by_rank[3]) || (by_rank[5] && by_rank[6]);
    int places = seven ? 7 : 5;
    /* the rank that stands for each place */
    int rank_of[8];
    if (seven) {
        for (int p = 1; p <= 7; p++)
            rank_of[p] = p;
    } else {
        rank_of[1] = 1;
        rank_of[2] = by_rank[3] ? 3 : by_rank[2] ? 2 : by_rank[5] ? 3 : 2;
        rank_of[3] = 4;
        rank_of[4] = by_rank[5] ? 5 : by_rank[6] ? 6 : by_rank[3] ? 5 : 6;
        rank_of[5] = 7;
    }
    static const char *const prefix[8] = {"", "非常不", "不", "不太", "", "比较", "", "非常"};
    size_t n_words = 0;
    for (size_t k = 0; k < c->n_vals; k++)
        n_words += !draft_marker(c, c->vals[k].text);
    size_t n = c->n_vals - n_words + (size_t)places;
    struct dval *v = calloc(n, sizeof *v);
    if (!v)
        return 0; /* the levels seen, as before */
    for (int p = 1; p <= places; p++) {
        int r = rank_of[p];
        const char *t = word[r];
        if (!t)
            t = r == 4 ? "一般" : arena_printf(&d->arena, "%s%s", prefix[r], stem);
        if (!t) {
            free(v);
            return 0;
        }
        v[p - 1] = (struct dval){.text = (char *)t, .first = (size_t)p, .number = p};
    }
    size_t m = (size_t)places;
    for (size_t k = 0; k < c->n_vals; k++)
        if (draft_marker(c, c->vals[k].text))
            v[m++] = c->vals[k];
    free(c->vals);
    c->vals = v;
    c->n_vals = c->cap = n;
    c->place = places;
    return 1;
}

/* ## Scales
 *
 * Likert items of one scale: the columns whose header has one stem — the
 * part before the last "—" (wjx's matrix question, 8、您对…—环境卫生), or the
 * header without its number (安全1, 安全2; 标题#1, 标题#2) — and, for
 * wordings, one Likert stem.  Each scale is named likert1, likert2, ... and
 * labelled with that stem. */
static const char *header_stem(struct draft *d, const struct dcol *c)
{
    const char *h = c->wording;
    const char *dash = NULL;
    for (const char *p = strstr(h, "—"); p; p = strstr(p + 1, "—"))
        dash = p;
    size_t n = dash ? (size_t)(dash - h) : strlen(h);
    if (!dash)
        while (n && ((h[n - 1] >= '0' && h[n - 1] <= '9') || h[n - 1] == '#' ||
                     h[n - 1] == '_' || h[n - 1] == '-' || h[n - 1] == '.'))
            n--;
    const char *t = arena_strndup(&d->arena, h, n);
    return t ? t : "";
}

/* The scale of likert item C: a name given, and a label for its row. */
static int name_scale(struct draft *d, struct dcol *c, const char *stem)
{
    const char *key = header_stem(d, c);
    const char *label = *key && strcmp(key, "标题") ? key : stem && *stem ? stem : c->wording;
    for (size_t k = 0; k < d->n_scales; k++)
        if (!strcmp(d->scales[k].label, label)) {
            snprintf(c->scale, sizeof c->scale, "%s", d->scales[k].name);
            return 0;
        }
    if (d->n_scales == DRAFT_MAX_SCALES)
        return -1;
    struct dscale *sc = &d->scales[d->n_scales++];
    snprintf(sc->name, sizeof sc->name, "likert%zu", d->n_scales);
    sc->label = label;
    snprintf(c->scale, sizeof c->scale, "%s", sc->name);
    return 0;
}

/* Numbers that look like Likert codes: whole, from 1 to at most 10, three
   levels or more. */
static int likert_codes(const struct dcol *c)
{
    size_t levels = 0;
    for (size_t k = 0; k < c->n_vals; k++)
        levels += !draft_marker(c, c->vals[k].text);
    return c->all_int && !c->many && c->min >= 1 && c->max <= 10 && levels >= 3;
}

/* Another column of Likert codes whose header has C's stem and a number
   (安全1, 安全2): C is one item of a battery. */
static int battery(struct draft *d, const struct dcol *c)
{
    size_t hl = strlen(c->wording);
    if (!hl || c->wording[hl - 1] < '0' || c->wording[hl - 1] > '9')
        return 0;
    const char *key = header_stem(d, c);
    if (!*key)
        return 0;
    for (size_t i = 0; i < d->n_col; i++) {
        const struct dcol *o = &d->col[i];
        size_t ol = strlen(o->wording);
        if (o != c && ol && o->wording[ol - 1] >= '0' && o->wording[ol - 1] <= '9' &&
            likert_codes(o) && !strcmp(header_stem(d, o), key))
            return 1;
    }
    return 0;
}

/* Header words of a quantity: numbers under them are `numeric` however few. */
static const char *const w_amount[] = {"收入", "支出", "金额", "年限", "年数", "多少", "面积",
                                       "人数", "次数", "时长", "元", "income", "Income", NULL};

/* Short answers, few of them and repeated: a single-choice question. */
static int fits_single(const struct dcol *c)
{
    return categorical(c) && !c->multi && c->total_len / (size_t)c->answered <= 20 &&
           (c->answered < 10 || 2 * c->n_vals <= (size_t)c->answered);
}

int draft_guess(struct draft *d)
{
    for (size_t i = 0; i < d->n_col; i++)
        settle_markers(&d->col[i]);
    if (draft_guess_options(d) < 0)
        return -1;
    /* Roles one column may take: the shortest header with the word whose
       answers fit. */
    int age_taken = 0;
    for (size_t r = 0; r < sizeof once_rules / sizeof *once_rules; r++) {
        const struct once_rule *o = &once_rules[r];
        struct dcol *best = NULL;
        for (size_t i = 0; i < d->n_col; i++) {
            struct dcol *c = &d->col[i];
            if (c->used || has_any(c->wording, w_meta) || !has_any(c->wording, o->words) ||
                !o->fits(c) || part_yes_no(c))
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
        } else if (coded_yes_no(c) && has_any(c->wording, w_part)) {
            c->role = ROLE_PARTICIPATION;
            c->yes12 = 1;
            snprintf(c->note, sizeof c->note,
                     "answers 1 and 2 to a question on taking part: read as 1=是 (yes), 2=否 "
                     "(no), as 问卷星 codes them; check it");
        } else if ((satisfied || trust) &&
                   (stem || (c->all_int && c->min >= 1 && c->max <= 10 && c->n_vals >= 2 &&
                             !c->many))) {
            c->role = trust ? ROLE_TRUST : ROLE_SATISFACTION;
            snprintf(c->note, sizeof c->note, "%s, on %s",
                     stem ? "Likert wordings" : "answers on a numeric scale",
                     trust ? "trust or agreement (信任/同意)" : "satisfaction (满意)");
        } else if (stem || (likert_codes(c) && battery(d, c))) {
            if (name_scale(d, c, stem) < 0) {
                c->role = ROLE_TEXT;
                snprintf(c->note, sizeof c->note, "Likert answers, but too many scales: kept as "
                                                  "text");
                continue;
            }
            c->role = ROLE_LIKERT;
            snprintf(c->note, sizeof c->note, "%s: a likert item, its scale named %s",
                     stem ? "Likert wordings of another scale"
                          : "Likert codes in a numbered battery of questions",
                     c->scale);
        } else if (c->all_num &&
                   (!c->all_int || !fits_single(c) || c->n_vals > 12 ||
                    has_any(c->wording, w_amount) || c->min < -32767 || c->max > 32767)) {
            c->role = ROLE_NUMERIC;
            snprintf(c->note, sizeof c->note,
                     "numbers: numeric, the answers seen run %g..%g (give min and max to reject "
                     "impossible answers)",
                     c->min, c->max);
        } else if (fits_single(c)) {
            c->role = ROLE_SINGLE;
            snprintf(c->note, sizeof c->note,
                     c->all_num ? "a few distinct numbers: a single-choice question, its codes "
                                  "listed (label them)"
                                : "a few distinct short answers: a single-choice question");
        } else {
            c->role = ROLE_TEXT;
            snprintf(c->note, sizeof c->note, "free text: kept, not analysed");
        }
        if (stem && !c->meta &&
            (c->role == ROLE_SATISFACTION || c->role == ROLE_TRUST || c->role == ROLE_LIKERT) &&
            full_scale(d, c, stem)) {
            size_t l = strlen(c->note);
            snprintf(c->note + l, sizeof c->note - l,
                     "; coded by place on the full %d-point scale", c->place);
        }
    }
    return 0;
}
