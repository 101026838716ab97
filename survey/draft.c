/* draft.c — a draft codebook for a data file: one row per column, its role
 * guessed from the header's wording and from the answers, the answers seen
 * listed in a sensible order, and a note on why each guess was made.
 *
 * Writing a codebook by hand for a 60-column export is the hardest step for
 * a new user, so the draft is made to load the file it was drafted from as
 * it is: every answer seen is listed, ranges cover every number seen, and a
 * column whose answers fit no role is kept as text.  The user then edits the
 * guesses.  The file goes through the same readers as the data (CSV, xlsx,
 * SPSS), and an SPSS or Stata file's own variable labels and value labels
 * are used where it has them.
 */
#include "survey/survey.h"
#include "survey/load_internal.h"
#include "survey/survey_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Distinct answers kept per column; a column with more is not categorical. */
#define MAX_DISTINCT 200
/* A draft reads at most this much input. */
#define DRAFT_MAX_INPUT ((size_t)2 << 30)

struct dval {
    char *text;
    long count;
    size_t first; /* order of first appearance */
    long number;  /* the platform's option number it came with (1.男: 1), or 0 */
    int letter;   /* that number was a letter (A.男) */
    int bare;     /* a code alone (2, or a spreadsheet's 2.0): NUMBER is it */
};

/* What a column's answers look like. */
struct dcol {
    char *header;
    const char *wording;  /* what role guesses read: an SPSS variable label, or
                             the header */
    const struct rd_var_meta *meta; /* SPSS/Stata: the variable's metadata */
    long answered;
    size_t total_len;
    struct strmap seen;   /* answer -> index in vals */
    struct dval *vals;
    size_t n_vals, cap;
    int many;             /* more than MAX_DISTINCT distinct answers */
    int all_int, all_num, all_dur;
    double min, max;
    int multi;            /* some answer holds "┋" */
    struct strmap opt;    /* options of a multiple-choice column */
    struct dval *opts;
    size_t n_opts, cap_opts;
    enum survey_role role;
    int brackets;         /* an age asked as brackets: VALS are in age order */
    int used;             /* a role given; the rest are kept as text */
    char note[200];
};

struct draft {
    struct dcol *col;
    size_t n_col;
    int have_header;
    long records;
    struct arena arena;
    struct survey_error *err;
    const char *name;
};

/* The first NEEDLE in the LEN bytes at S, or NULL. */
static const char *find(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(s + i, needle, n))
            return s + i;
    return NULL;
}

static int add_val(struct draft *d, struct strmap *m, struct dval **vals, size_t *n, size_t *cap,
                   const char *s, size_t len)
{
    int at;
    if (strmap_get(m, s, len, &at)) {
        (*vals)[at].count++;
        return 0;
    }
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        struct dval *v = realloc(*vals, c * sizeof *v);
        if (!v)
            return -1;
        *vals = v;
        *cap = c;
    }
    char *t = arena_strndup(&d->arena, s, len);
    if (!t || strmap_put(m, s, len, (int)*n, NULL) < 0)
        return -1;
    (*vals)[*n] = (struct dval){t, 1, *n, 0, 0, 0};
    (*n)++;
    return 0;
}

static int on_header(struct draft *d, const struct rd_record *rec)
{
    d->col = calloc(rec->n ? rec->n : 1, sizeof *d->col);
    if (!d->col)
        return survey_error_set(d->err, SURVEY_ERR_NOMEM, d->name, 0, "out of memory");
    d->n_col = rec->n;
    for (size_t i = 0; i < rec->n; i++) {
        const char *h = rec->field[i];
        size_t hl = rec->len[i];
        if (i == 0 && hl >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
            h += 3, hl -= 3;
        text_trim(&h, &hl);
        struct dcol *c = &d->col[i];
        if (!(c->header = arena_strndup(&d->arena, h, hl)))
            return survey_error_set(d->err, SURVEY_ERR_NOMEM, d->name, 0, "out of memory");
        c->wording = c->header;
        c->all_int = c->all_num = c->all_dur = 1;
        c->min = INFINITY;
        c->max = -INFINITY;
    }
    /* Several columns with one header (wjx's matrix rows 标题) are named
       标题#1, 标题#2, ... as the loader finds them; the header stays their
       wording. */
    struct strmap heads = {0};
    size_t *first = malloc((rec->n ? rec->n : 1) * sizeof *first);
    size_t *count = calloc(rec->n ? rec->n : 1, sizeof *count);
    size_t *next = calloc(rec->n ? rec->n : 1, sizeof *next);
    int rc = first && count && next && rec->n < (size_t)1 << 31 ? 0 : -1;
    for (size_t i = 0; i < rec->n && rc == 0; i++) {
        int f;
        int got = strmap_put(&heads, d->col[i].header, strlen(d->col[i].header), (int)i, &f);
        rc = got < 0 ? -1 : 0;
        first[i] = got == 1 ? (size_t)f : i;
        count[first[i]]++;
    }
    for (size_t i = 0; i < rec->n && rc == 0; i++)
        if (count[first[i]] > 1 &&
            !(d->col[i].header = arena_printf(&d->arena, "%s#%zu", d->col[i].wording,
                                              ++next[first[i]])))
            rc = -1;
    strmap_free(&heads);
    free(first);
    free(count);
    free(next);
    if (rc < 0)
        return survey_error_set(d->err, SURVEY_ERR_NOMEM, d->name, 0, "out of memory");
    d->have_header = 1;
    return 0;
}

static int on_record(void *vd, const struct rd_record *rec)
{
    struct draft *d = vd;
    if (!d->have_header)
        return on_header(d, rec);
    d->records++;
    for (size_t i = 0; i < rec->n && i < d->n_col; i++) {
        struct dcol *c = &d->col[i];
        const char *s = rec->field[i];
        size_t len = rec->len[i];
        text_trim(&s, &len);
        if (!len)
            continue;
        c->answered++;
        c->total_len += len;
        double x;
        long k;
        if (text_double(s, len, &x) == 0) {
            c->min = x < c->min ? x : c->min;
            c->max = x > c->max ? x : c->max;
            c->all_int &= text_int(s, len, &k) == 0;
        } else {
            c->all_num = c->all_int = 0;
        }
        c->all_dur &= survey_duration_parse(s, len, &x) == 0;
        c->multi |= find(s, len, "┋") != NULL;
        /* Every answer split at "┋", in case this is a multiple-choice
           column: its options, including those chosen alone. */
        if (c->n_opts < MAX_DISTINCT) {
            for (const char *p = s, *end = s + len; p < end;) {
                const char *q = find(p, (size_t)(end - p), "┋");
                const char *e = q ? q : end;
                const char *o = p;
                size_t ol = (size_t)(e - p);
                text_trim(&o, &ol);
                /* A fill-in after the option (wjx: 其他〖跳广场舞〗) is not part of it. */
                const char *fill = find(o, ol, "〖");
                if (fill && ol >= strlen("〗") && !memcmp(o + ol - strlen("〗"), "〗", strlen("〗")))
                    ol = (size_t)(fill - o);
                if (ol && add_val(d, &c->opt, &c->opts, &c->n_opts, &c->cap_opts, o, ol) < 0)
                    return survey_error_set(d->err, SURVEY_ERR_NOMEM, d->name, 0,
                                            "out of memory");
                p = q ? q + strlen("┋") : end;
            }
        }
        if (c->many)
            continue;
        if (c->n_vals >= MAX_DISTINCT && !strmap_get(&c->seen, s, len, &(int){0})) {
            c->many = 1;
            continue;
        }
        /* An answer as platforms spell it is listed as its plain label: 2.0 as
           2, 1.男 as 男 (remembering the number, which the draft then uses as
           the code), 其他〖…〗 as 其他. */
        char digits[32];
        long number = 0;
        int letter = 0;
        int bare = 0;
        if (text_double(s, len, &x) == 0 && x == floor(x) && x > 0 && x < 1e9) {
            if (memchr(s, '.', len)) {
                snprintf(digits, sizeof digits, "%.0f", x);
                s = digits;
                len = strlen(digits);
            }
            number = (long)x;
            bare = 1;
        } else {
            len = ld_before_fill_in(s, len);
            size_t prefix = ld_option_number(s, len, &number, &letter);
            /* A numbered age bracket, 1.18-29岁: its label starts with a digit. */
            if (!prefix && (prefix = ld_option_number_digits(s, len, &number)) != 0 &&
                !text_age_bracket(s + prefix, len - prefix, &(double){0}))
                prefix = 0;
            if (!prefix) /* (a label that starts with digits, 18-29岁, has no number) */
                number = 0;
            s += prefix;
            len -= prefix;
            text_trim(&s, &len);
        }
        size_t before = c->n_vals;
        if (add_val(d, &c->seen, &c->vals, &c->n_vals, &c->cap, s, len) < 0)
            return survey_error_set(d->err, SURVEY_ERR_NOMEM, d->name, 0, "out of memory");
        if (c->n_vals > before) {
            c->vals[before].number = number;
            c->vals[before].letter = letter;
            c->vals[before].bare = bare;
        }
    }
    return 0;
}

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

static int likert_rank(const char *s, const char **stem)
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
static int dont_know(const char *s)
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
    int rx = dont_know(x->text) ? 99 : likert_rank(x->text, &s);
    int ry = dont_know(y->text) ? 99 : likert_rank(y->text, &s);
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
        if (dont_know(t))
            continue;
        int r = likert_rank(t, &stem);
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
    if (!dont_know(x->text))
        text_age_bracket(x->text, strlen(x->text), &kx);
    if (!dont_know(y->text))
        text_age_bracket(y->text, strlen(y->text), &ky);
    return kx != ky ? (kx > ky) - (kx < ky) : (x->first > y->first) - (x->first < y->first);
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

static int dont_know(const char *s);

/* Answers that are age brackets, two or more (don't-know answers aside). */
static int fits_brackets(const struct dcol *c)
{
    size_t n = 0;
    if (!categorical(c) || c->multi || c->all_num)
        return 0;
    for (size_t k = 0; k < c->n_vals; k++) {
        double key;
        if (dont_know(c->vals[k].text))
            continue;
        if (!text_age_bracket(c->vals[k].text, strlen(c->vals[k].text), &key))
            return 0;
        n++;
    }
    return n >= 2;
}

static int is_missing_meta(const struct rd_var_meta *m, const char *code);

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
        if (dont_know(t) || is_missing_meta(m, m->values[k].code))
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

static int is_missing_meta(const struct rd_var_meta *m, const char *code)
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
            if (dont_know(t) || is_missing_meta(m, m->values[k].code))
                continue;
            int rank = likert_rank(t, &stem);
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
        if (!dont_know(c->vals[k].text) && likert_rank(c->vals[k].text, &stem) != 4)
            return stem;
    }
    return NULL;
}

static void guess(struct draft *d)
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
        int numbered = 1;
        for (size_t k = 0; k < n; k++)
            numbered &= vals[k].bare || (vals[k].number > 0 && !vals[k].letter);
        for (size_t k = 0; numbered && k < n; k++)
            for (size_t q = k + 1; q < n; q++)
                numbered &= vals[k].bare || vals[q].bare || vals[k].number != vals[q].number;
        long place = 0;
        for (size_t k = 0; k < n; k++)
            if (!vals[k].bare && !numbered)
                vals[k].number = ++place;
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
        if (rc == 0 && numeric) {
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
        if (is_missing_meta(m, code))
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

static int write_row(struct buf *b, struct dcol *c)
{
    if (c->meta && c->meta->n_values &&
        ((c->role == ROLE_AGE && c->brackets) || c->role == ROLE_GENDER || c->role == ROLE_SUBDISTRICT || c->role == ROLE_COMMUNITY ||
         c->role == ROLE_PARTY_MEMBER || c->role == ROLE_BARRIER || c->role == ROLE_SATISFACTION ||
         c->role == ROLE_TRUST || c->role == ROLE_PARTICIPATION)) {
        struct buf v = {0}, missing = {0};
        double lo, hi;
        char los[32] = "", his[32] = "";
        int rc = meta_values(c, &v, &missing, &lo, &hi);
        if ((c->role == ROLE_SATISFACTION || c->role == ROLE_TRUST) && lo <= hi) {
            snprintf(los, sizeof los, "%.0f", lo);
            snprintf(his, sizeof his, "%.0f", hi);
        }
        rc = rc < 0 || put_field(b, c->header, 0) < 0 ||
                     put_field(b, survey_role_name(c->role), 0) < 0 ||
                     put_field(b, c->wording, 0) < 0 || put_field(b, "", 0) < 0 ||
                     put_field(b, "", 0) < 0 || put_field(b, los, 0) < 0 ||
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
    case ROLE_SATISFACTION: case ROLE_TRUST:
        if (c->all_num) {
            snprintf(lo, sizeof lo, "%.0f", c->min < 1 ? c->min : 1);
            snprintf(hi, sizeof hi, "%.0f", c->max > 5 ? c->max : 5);
        } else {
            size_t levels = 0;
            for (size_t k = 0; k < c->n_vals; k++)
                levels += !dont_know(c->vals[k].text);
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
    /* Don't-know answers of a categorical or Likert column are missing. */
    size_t kept = 0;
    for (size_t k = 0; list && k < c->n_vals && rc == 0; k++) {
        if (!numeric_values && dont_know(c->vals[k].text)) {
            if ((missing.len && buf_putc(&missing, ';') < 0) ||
                buf_append(&missing, c->vals[k].text, strlen(c->vals[k].text)) < 0)
                rc = -1;
            continue;
        }
        c->vals[kept++] = c->vals[k];
    }
    if (list)
        c->n_vals = kept;
    /* A skip marker among a multiple-choice column's answers is missing too. */
    kept = 0;
    int opts = c->role == ROLE_ACTIVITIES || c->role == ROLE_MULTI;
    for (size_t k = 0; opts && k < c->n_opts && rc == 0; k++) {
        if (dont_know(c->opts[k].text)) {
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
                 put_field(b, c->wording, 0) < 0 || put_field(b, "", 0) < 0 ||
                 put_field(b, "", 0) < 0 || put_field(b, lo, 0) < 0 || put_field(b, hi, 0) < 0 ||
                 put_field(b, "", 0) < 0 || put_field(b, missing.data ? missing.data : "", 0) < 0
             ? -1
             : 0;
    if (rc == 0) {
        if (opts)
            rc = put_values(b, c->opts, c->n_opts, 0, c->role == ROLE_ACTIVITIES);
        else if (list)
            rc = put_values(b, c->vals, c->n_vals, numeric_values, 0);
        else if (c->role == ROLE_PARTICIPATION && !c->all_num)
            rc = put_field(b, "1=是;0=否", 0);
        else
            rc = put_field(b, "", 0);
    }
    if (rc == 0)
        rc = put_field(b, c->note, 1);
    buf_free(&missing);
    return rc;
}

static void draft_free(struct draft *d)
{
    for (size_t i = 0; d->col && i < d->n_col; i++) {
        strmap_free(&d->col[i].seen);
        strmap_free(&d->col[i].opt);
        free(d->col[i].vals);
        free(d->col[i].opts);
    }
    free(d->col);
    arena_free(&d->arena);
}

/* Read PATH whole into B. */
static int slurp(const char *path, struct buf *b, struct survey_error *err)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return survey_error_set(err, SURVEY_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    int rc = 0;
    size_t n;
    do {
        if (buf_reserve(b, 1 << 16) < 0) {
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
            break;
        }
        n = fread(b->data + b->len, 1, 1 << 16, f);
        b->len += n;
        if (b->len > DRAFT_MAX_INPUT) {
            rc = survey_error_set(err, SURVEY_ERR_LIMIT, path, 0,
                                  "larger than %zu bytes: too large to draft a codebook from",
                                  DRAFT_MAX_INPUT);
            break;
        }
    } while (n > 0);
    if (rc == 0 && ferror(f))
        rc = survey_error_set(err, SURVEY_ERR_IO, path, 0, "read error: %s", strerror(errno));
    if (!is_stdin)
        fclose(f);
    return rc;
}

/* The draft of PATH into TEXT (empty); 0, or -1 with ERR. */
static int draft(const char *path, const struct survey_load_opts *opts, struct buf *text,
                 struct survey_error *err)
{
    static const struct survey_load_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    struct draft d = {.err = err, .name = strcmp(path, "-") ? path : "(stdin)"};
    struct buf data = {0};
    int rc = slurp(path, &data, err);
    const struct rd_class *cls =
        rc == 0 ? rd_detect((const unsigned char *)data.data,
                            data.len < RD_HEAD ? data.len : RD_HEAD)
                : NULL;
    if (rc == 0 && cls) {
        struct rd_input in = {.name = d.name, .mem = data.data ? data.data : "",
                              .size = data.len, .opts = opts};
        struct rd_info info = {0};
        rc = cls->read(&in, on_record, &d, &info, err);
    } else if (rc == 0) {
        struct csv_reader *r = csv_reader_new(d.name, opts->encoding, on_record, &d);
        if (!r)
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, d.name, 0, "out of memory");
        else if ((rc = csv_reader_feed(r, data.data ? data.data : "", data.len, err)) == 0)
            rc = csv_reader_finish(r, err);
        csv_reader_free(r);
    }
    if (rc == 0 && !d.have_header)
        rc = survey_error_set(err, SURVEY_ERR_EMPTY, d.name, 0, "the file is empty: no header line");
    /* SPSS and Stata files say what their columns are. */
    struct rd_meta meta = {0};
    if (rc == 0 && cls && cls->describe) {
        struct rd_input in = {.name = d.name, .mem = data.data ? data.data : "",
                              .size = data.len, .opts = opts};
        rc = cls->describe(&in, &meta, err);
        for (size_t i = 0; rc == 0 && i < d.n_col; i++)
            for (size_t k = 0; k < meta.n_vars; k++)
                if (!strcmp(meta.vars[k].name, d.col[i].header)) {
                    d.col[i].meta = &meta.vars[k];
                    if (meta.vars[k].label && *meta.vars[k].label)
                        d.col[i].wording = meta.vars[k].label;
                    break;
                }
    }
    if (rc == 0) {
        guess(&d);
        static const char head[] = "column,role,label_zh,label_en,scale,min,max,reverse,missing,"
                                   "values,note\n";
        rc = buf_append(text, head, sizeof head - 1);
        /* A column without a header cannot be named in a codebook: the
           loader ignores it (with a warning), so the draft leaves it out. */
        for (size_t i = 0; i < d.n_col && rc == 0; i++)
            if (*d.col[i].header)
                rc = write_row(text, &d.col[i]);
        if (rc < 0)
            survey_error_set(err, SURVEY_ERR_NOMEM, d.name, 0, "out of memory");
    }
    buf_free(&data);
    draft_free(&d);
    rd_meta_free(&meta);
    return rc;
}

char *survey_codebook_draft_text(const char *path, const struct survey_load_opts *opts,
                                 size_t *len, struct survey_error *err)
{
    struct buf text = {0};
    if (draft(path, opts, &text, err) < 0 ||
        (!text.data && buf_reserve(&text, 0) < 0 &&
         survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory"))) {
        buf_free(&text);
        return NULL;
    }
    *len = text.len;
    return text.data;
}
