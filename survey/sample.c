/* sample.c — synthetic Boli County surveys.
 *
 * `canyu sample` needs data that looks like the survey the Boli County party
 * school (勃利县委党校课题组) describes, so that every part of canyu can be shown
 * and tested without real respondents: participation dominated by older
 * residents, the middle-aged short of time, the young rarely involved and
 * poorly informed, low trust between residents but higher trust in
 * institutions, weak digital services and emergency management, and
 * party-building ("四联") and volunteer activities tied to party membership.
 *
 * Each respondent is drawn completely first (struct respondent), from one
 * GSL Mersenne Twister stream seeded with the caller's seed, and only then
 * formatted, either with the default codebook's columns and codes or as an
 * online survey platform's text export.  Formatting never draws, and every
 * respondent consumes the same number of draws whatever its answers, so the
 * two styles describe the same people, and the first K respondents of a
 * larger sample are the K respondents of a smaller one with the same seed.
 * The year only shifts a few parameters (online participation and digital
 * satisfaction rise a little each year), so waves differ modestly and
 * deterministically.
 *
 * The model, on the latent level: an engagement factor E raises every
 * participation item; a satisfaction factor S (correlated with E) drives the
 * seven service items, and two trust factors (interpersonal, institutional,
 * both correlated with E and S) drive the trust items.  Answers are the
 * rounded latent responses, clamped to 1..5.  The reverse-worded item
 * trust_selfish is generated as trust and written reversed (6 − answer), as
 * a respondent would answer it.
 */
#include "survey/survey.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

/* ## The questionnaire, described once */

enum { N_COMMUNITIES = 11, N_SUBDISTRICTS = 5, N_ACTIVITIES = 6, N_BARRIERS = 6, N_SAT = 7,
       N_TRUST = 6, N_AGE_BANDS = 6, N_SOURCES = 3 };

/* A Likert cell that holds no level. */
enum { LIKERT_UNSURE = 9, LIKERT_BLANK = 0 };

static const char *const subdistricts[N_SUBDISTRICTS] = {"新华街道", "新起街道", "元明街道",
                                                         "城西街道", "铁西街道"};

/* Communities in codebook order, their subdistrict (1-based), their share of
   the sample (relative weights: community sizes are uneven) and a shift of
   the latent satisfaction (some communities are served better). */
static const struct community_def {
    const char *name;
    int subdistrict;
    double weight;
    double satisfaction_shift;
} communities[N_COMMUNITIES] = {
    {"长安社区", 1, 14.0, 0.15},  {"南城社区", 1, 9.5, -0.10}, {"太平社区", 2, 12.0, 0.05},
    {"顺天社区", 2, 8.0, -0.25},  {"康华社区", 3, 11.0, 0.10}, {"镇安社区", 3, 7.0, -0.15},
    {"花园社区", 4, 13.0, 0.25},  {"学府社区", 4, 10.0, 0.10}, {"友谊社区", 4, 8.5, 0.00},
    {"金叶社区", 5, 9.0, -0.05},  {"新北社区", 5, 7.5, -0.20},
};

/* Age bands of the sample (skewed old: most respondents are 60+) and their
   shares.  Within a band ages are uniform, except that the open band thins
   out towards 90. */
static const struct age_band_def {
    int lo, hi;
    double share;
} age_bands[N_AGE_BANDS] = {
    {18, 29, 0.08}, {30, 39, 0.10}, {40, 49, 0.13}, {50, 59, 0.18}, {60, 69, 0.28}, {70, 90, 0.23},
};

/* Participation items.  The log-odds of taking part are
       intercept + age_slope·(age − 50)/10 + party·member + ENGAGEMENT·E
       + (35–59: middle_aged) + (under 35: young) + year_slope·(year − 2023).
   Party-building and volunteering are the items most tied to membership;
   online consultation is the one item that falls with age. */
static const struct activity_def {
    const char *column;
    const char *platform_text; /* the option as a platform prints it */
    double intercept, age_slope, party, middle_aged, young, year_slope;
} activities[N_ACTIVITIES] = {
    {"act_council", "居民议事会或协商会", -1.55, 0.30, 0.90, -0.80, -1.20, 0.00},
    {"act_volunteer", "志愿服务", -1.15, 0.25, 1.50, -0.80, -1.10, 0.05},
    {"act_party", "党建“四联”活动", -2.40, 0.30, 2.40, -0.60, -1.20, 0.00},
    {"act_culture", "文体活动", -0.75, 0.35, 0.40, -0.90, -1.10, 0.00},
    {"act_environment", "环境整治", -1.10, 0.25, 0.50, -0.80, -1.20, 0.00},
    {"act_online", "线上议事(社区微信群)", -2.05, -0.15, 0.60, -0.30, 0.00, 0.25},
};
#define ENGAGEMENT 0.8

static const char *const barriers[N_BARRIERS] = {"没有时间", "不了解活动信息", "不感兴趣",
                                                 "身体原因", "觉得参与没有用", "其他"};

/* The main barrier of those with at most one activity, by life stage:
   under 35, 35–59, 60 and over. */
static const double barrier_shares[3][N_BARRIERS] = {
    {0.18, 0.36, 0.30, 0.02, 0.09, 0.05},
    {0.56, 0.14, 0.12, 0.04, 0.10, 0.04},
    {0.10, 0.20, 0.15, 0.35, 0.12, 0.08},
};

/* Likert items: the mean latent answer, its loading on the item's factor,
   a slope per decade of age above 50 and per survey year after 2023. */
struct likert_def {
    const char *column;
    const char *platform_text;
    double mean, loading, age_slope, year_slope;
    int reverse; /* written reversed: the codebook marks it reverse-worded */
};

static const struct likert_def sat_items[N_SAT] = {
    {"sat_environment", "环境卫生", 3.75, 0.60, 0.05, 0.00, 0},
    {"sat_security", "社会治安", 3.85, 0.60, 0.05, 0.00, 0},
    {"sat_culture", "文化体育活动", 3.60, 0.60, 0.08, 0.00, 0},
    {"sat_eldercare", "养老助老服务", 3.35, 0.60, -0.04, 0.02, 0},
    {"sat_party", "党建服务", 3.80, 0.60, 0.08, 0.00, 0},
    {"sat_digital", "信息化(智慧社区)服务", 2.55, 0.60, -0.08, 0.15, 0},
    {"sat_emergency", "应急管理", 2.70, 0.60, 0.00, 0.04, 0},
};

/* The first three trust items load on interpersonal trust, the last three on
   institutional trust. */
static const struct likert_def trust_items[N_TRUST] = {
    {"trust_neighbors", "大多数邻居是可以信任的", 2.60, 0.80, 0.05, 0.00, 0},
    {"trust_help", "遇到困难时邻居会帮忙", 2.85, 0.80, 0.05, 0.00, 0},
    {"trust_selfish", "小区里的人大多只顾自己", 2.45, 0.80, 0.03, 0.00, 1},
    {"trust_committee", "信任社区居委会", 3.55, 0.75, 0.06, 0.02, 0},
    {"trust_subdistrict", "信任街道办事处", 3.35, 0.75, 0.06, 0.02, 0},
    {"trust_party", "信任社区党组织", 3.65, 0.75, 0.08, 0.02, 0},
};
#define LIKERT_NOISE_SD 0.75
#define SHARE_UNSURE 0.03  /* "说不清" / 9 per Likert item */
#define SHARE_BLANK 0.003  /* a blank cell per Likert item */
#define SHARE_SKIP_ACTIVITIES 0.01
#define SHARE_SPEEDERS 0.02
#define SHARE_COMMENTS 0.12
#define MEDIAN_DURATION 360.0

static const char *const sat_levels[5] = {"非常不满意", "不满意", "一般", "满意", "非常满意"};
static const char *const agree_levels[5] = {"非常不同意", "不同意", "一般", "同意", "非常同意"};

/* Free-text comments.  Some hold ASCII and full-width commas, ASCII and
   curly quotes and an embedded newline, which a CSV writer must quote. */
static const char *const comments[] = {
    "无",
    "没有",
    "希望多组织一些适合年轻人的活动，时间最好安排在周末",
    "社区微信群消息太多, 重要通知容易被刷掉",
    "建议建一个\"智慧社区\"平台，在网上就能办事",
    "应急演练太少了。\n去年停水的时候不知道该找谁",
    "楼道卫生比以前好多了，点赞！",
    "物业和居委会互相推诿，希望把职责划分清楚",
    "老年人不会用手机，线上服务也要照顾老人",
    "志愿服务很有意义,希望多宣传,让更多人知道",
    "上班时间开会，我们上班族参加不了",
    "邻居之间基本不认识，“远亲不如近邻”已经不成立了",
    "希望社区多听听居民的意见，不要\"走过场\"",
    "小区停车难，晚上车停得乱",
    "社区干部很辛苦，\n但是事情太多，顾不过来",
    "建议增加老年食堂和日间照料",
    "活动通知能不能提前几天发？",
    "路灯坏了很久没人修, 反映过两次",
    "党员志愿者帮了我们很多，谢谢",
    "希望多开展防灾、急救方面的培训",
};
#define N_COMMENTS (sizeof comments / sizeof comments[0])

static const char *const sources[N_SOURCES] = {"微信", "手机提交", "链接"};
static const double source_shares[N_SOURCES] = {0.70, 0.25, 0.05};

/* The default codebook's columns, in its order (samples/codebook.csv). */
static const char *const coded_header_head[] = {"id",  "year",        "subdistrict", "community",
                                                "gender", "age", "party_member"};

/* The platform export's headers.  Likert and activity headers are built
   from the tables above. */
#define P_ID "序号"
#define P_SUBMITTED "提交答卷时间"
#define P_DURATION "所用时间"
#define P_SOURCE "来源"
#define P_IP "来自IP"
#define P_SUBDISTRICT "1、您所在的街道:"
#define P_COMMUNITY "2、您所在的社区:"
#define P_GENDER "3、您的性别:"
#define P_AGE "4、您的年龄(周岁):"
#define P_PARTY "5、您是否为中共党员:"
#define P_ACTIVITIES "6、过去一年您参加过以下哪些社区活动?(多选)"
#define P_BARRIER "7、您没有参加或很少参加社区活动的主要原因是:"
#define P_SAT_PREFIX "8、您对以下社区服务的满意度—"
#define P_TRUST_PREFIX "9、您是否同意以下说法—"
#define P_COMMENT "10、您对社区治理有什么意见和建议?"
#define P_NONE "以上都没有"
#define P_SKIPPED "(跳过)"
#define P_UNSURE "说不清"
#define P_OPTION_SEP "┋"

/* ## One respondent */

struct respondent {
    long index; /* 1-based */
    int community, subdistrict, gender, age, party_member;
    int answered_activities; /* 0: skipped the question, every item missing */
    int activity[N_ACTIVITIES];
    int barrier;  /* 0 when not asked, else 1..N_BARRIERS */
    int sat[N_SAT], trust[N_TRUST]; /* raw answers 1..5, LIKERT_UNSURE or LIKERT_BLANK */
    long duration; /* seconds */
    int comment;   /* index into comments[], or -1 */
    int day, hour, minute, second; /* submitted in June of the survey year */
    int source;
    int ip[4];
};

struct generator {
    gsl_rng *rng;
    int year;
    gsl_ran_discrete_t *community, *age_band, *barrier[3], *source;
};

static void generator_free(struct generator *g)
{
    gsl_ran_discrete_free(g->community);
    gsl_ran_discrete_free(g->age_band);
    for (int i = 0; i < 3; i++)
        gsl_ran_discrete_free(g->barrier[i]);
    gsl_ran_discrete_free(g->source);
    gsl_rng_free(g->rng);
}

static int generator_init(struct generator *g, unsigned long seed, int year)
{
    double community_weights[N_COMMUNITIES], band_shares[N_AGE_BANDS];
    memset(g, 0, sizeof *g);
    g->year = year;
    for (int i = 0; i < N_COMMUNITIES; i++)
        community_weights[i] = communities[i].weight;
    for (int i = 0; i < N_AGE_BANDS; i++)
        band_shares[i] = age_bands[i].share;
    g->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (g->rng)
        gsl_rng_set(g->rng, seed);
    g->community = gsl_ran_discrete_preproc(N_COMMUNITIES, community_weights);
    g->age_band = gsl_ran_discrete_preproc(N_AGE_BANDS, band_shares);
    for (int i = 0; i < 3; i++)
        g->barrier[i] = gsl_ran_discrete_preproc(N_BARRIERS, barrier_shares[i]);
    g->source = gsl_ran_discrete_preproc(N_SOURCES, source_shares);
    if (!g->rng || !g->community || !g->age_band || !g->barrier[0] || !g->barrier[1] ||
        !g->barrier[2] || !g->source) {
        generator_free(g);
        return -1;
    }
    return 0;
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static int clamp_level(double latent)
{
    long level = lround(latent);
    return level < 1 ? 1 : level > 5 ? 5 : (int)level;
}

/* Years after 2023, bounded so that a distant year does not push the
   parameters out of a plausible range. */
static double years_since_2023(int year)
{
    int d = year - 2023;
    return d < -3 ? -3.0 : d > 3 ? 3.0 : (double)d;
}

/* Draw one Likert answer: the latent answer is rounded and clamped, unless
   the respondent straight-lines (STRAIGHT is then the raw answer), or the
   cell is "说不清" or blank.  Two draws whatever the outcome. */
static int draw_likert(struct generator *g, const struct likert_def *item, double factor,
                       double shift, double decades, int straight)
{
    double noise = gsl_ran_gaussian(g->rng, LIKERT_NOISE_SD);
    double u_missing = gsl_rng_uniform(g->rng);
    double latent = item->mean + shift + item->loading * factor + item->age_slope * decades +
                    item->year_slope * years_since_2023(g->year) + noise;
    int answer = clamp_level(latent);
    if (straight) /* the same raw answer everywhere, reverse-worded items included */
        return straight;
    if (u_missing < SHARE_UNSURE)
        return LIKERT_UNSURE;
    if (u_missing < SHARE_UNSURE + SHARE_BLANK)
        return LIKERT_BLANK;
    return item->reverse ? 6 - answer : answer;
}

static void draw_respondent(struct generator *g, long index, struct respondent *r)
{
    gsl_rng *rng = g->rng;
    memset(r, 0, sizeof *r);
    r->index = index;

    r->community = (int)gsl_ran_discrete(rng, g->community) + 1;
    r->subdistrict = communities[r->community - 1].subdistrict;

    const struct age_band_def *band = &age_bands[gsl_ran_discrete(rng, g->age_band)];
    double u_age = gsl_rng_uniform(rng);
    if (band->hi >= 90) /* the open band thins out towards 90 */
        u_age = pow(u_age, 1.6);
    r->age = band->lo + (int)(u_age * (band->hi - band->lo + 1));
    if (r->age > band->hi)
        r->age = band->hi;
    double decades = (r->age - 50) / 10.0;
    int young = r->age < 35, middle_aged = r->age >= 35 && r->age < 60;

    r->gender = gsl_ran_bernoulli(rng, r->age >= 60 ? 0.56 : 0.51) ? 2 : 1;
    double p_party = 0.06 + 0.26 * (r->age - 18) / 72.0 + (r->gender == 1 ? 0.04 : 0.0);
    r->party_member = (int)gsl_ran_bernoulli(rng, p_party);

    /* Latent factors: engagement, satisfaction, interpersonal and
       institutional trust. */
    double engagement = gsl_ran_gaussian(rng, 1.0);
    double satisfaction = 0.35 * engagement + 0.937 * gsl_ran_gaussian(rng, 1.0);
    double shared_trust = gsl_ran_gaussian(rng, 1.0);
    double trust_inter = 0.30 * engagement + 0.20 * satisfaction + 0.45 * shared_trust +
                         0.80 * gsl_ran_gaussian(rng, 1.0);
    double trust_inst = 0.25 * engagement + 0.35 * satisfaction + 0.45 * shared_trust +
                        0.75 * gsl_ran_gaussian(rng, 1.0) + 0.35 * r->party_member;

    r->answered_activities = !gsl_ran_bernoulli(rng, SHARE_SKIP_ACTIVITIES);
    int intensity = 0;
    for (int k = 0; k < N_ACTIVITIES; k++) {
        const struct activity_def *a = &activities[k];
        double eta = a->intercept + a->age_slope * decades + a->party * r->party_member +
                     ENGAGEMENT * engagement + (middle_aged ? a->middle_aged : 0.0) +
                     (young ? a->young : 0.0) + a->year_slope * years_since_2023(g->year);
        r->activity[k] = (int)gsl_ran_bernoulli(rng, logistic(eta));
        intensity += r->activity[k];
    }

    int stage = young ? 0 : middle_aged ? 1 : 2;
    int barrier = (int)gsl_ran_discrete(rng, g->barrier[stage]) + 1;
    r->barrier = r->answered_activities && intensity <= 1 ? barrier : 0;

    /* Speeders rush; half of them also straight-line the Likert grid, as do a
       few careful-looking respondents. */
    int speeder = (int)gsl_ran_bernoulli(rng, SHARE_SPEEDERS);
    double u_straight = gsl_rng_uniform(rng);
    int straight_answer = 4;
    double u_level = gsl_rng_uniform(rng);
    if (u_level < 0.35)
        straight_answer = 3;
    else if (u_level > 0.85)
        straight_answer = 5;
    int straight = (speeder ? u_straight < 0.5 : u_straight < 0.003) ? straight_answer : 0;

    double community_shift = communities[r->community - 1].satisfaction_shift;
    for (int k = 0; k < N_SAT; k++)
        r->sat[k] = draw_likert(g, &sat_items[k], satisfaction, community_shift, decades, straight);
    for (int k = 0; k < N_TRUST; k++)
        r->trust[k] = draw_likert(g, &trust_items[k], k < 3 ? trust_inter : trust_inst,
                                  0.4 * community_shift, decades, straight);

    double fast = 40.0 + 75.0 * gsl_rng_uniform(rng);
    double careful = gsl_ran_lognormal(rng, log(MEDIAN_DURATION), 0.40);
    r->duration = lround(speeder ? fast : careful);
    if (r->duration < 1)
        r->duration = 1;

    int has_comment = (int)gsl_ran_bernoulli(rng, SHARE_COMMENTS);
    int comment = (int)gsl_rng_uniform_int(rng, N_COMMENTS);
    r->comment = has_comment ? comment : -1;

    r->day = 1 + (int)gsl_rng_uniform_int(rng, 30);
    r->hour = 7 + (int)gsl_rng_uniform_int(rng, 16);
    r->minute = (int)gsl_rng_uniform_int(rng, 60);
    r->second = (int)gsl_rng_uniform_int(rng, 60);
    r->source = (int)gsl_ran_discrete(rng, g->source);
    r->ip[0] = 1 + (int)gsl_rng_uniform_int(rng, 3) + 110; /* 111..113 */
    for (int k = 1; k < 4; k++)
        r->ip[k] = (int)gsl_rng_uniform_int(rng, 254) + 1;
}

/* ## CSV output */

/* One record's fields, copied into a buffer, then written quoted as
   needed.  A field that does not fit is an internal error (the longest
   record is well under the buffer). */
struct record {
    char buf[8192];
    size_t used;
    size_t offset[64];
    int n;
    int overflow;
};

static void record_reset(struct record *rec)
{
    rec->used = 0;
    rec->n = 0;
    rec->overflow = 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void record_add(struct record *rec, const char *fmt, ...)
{
    va_list ap;
    size_t room = sizeof rec->buf - rec->used;
    if (rec->overflow || rec->n == (int)(sizeof rec->offset / sizeof rec->offset[0])) {
        rec->overflow = 1;
        return;
    }
    va_start(ap, fmt);
    int len = vsnprintf(rec->buf + rec->used, room, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= room) {
        rec->overflow = 1;
        return;
    }
    rec->offset[rec->n++] = rec->used;
    rec->used += (size_t)len + 1;
}

static void record_add_text(struct record *rec, const char *text)
{
    record_add(rec, "%s", text);
}

/* RFC 4180: a field holding a comma, a quote or a line break is quoted, with
   its quotes doubled. */
static int write_field(FILE *out, const char *field)
{
    if (!strpbrk(field, ",\"\r\n"))
        return fputs(field, out) == EOF ? -1 : 0;
    if (putc('"', out) == EOF)
        return -1;
    for (const char *p = field; *p; p++) {
        if (*p == '"' && putc('"', out) == EOF)
            return -1;
        if (putc(*p, out) == EOF)
            return -1;
    }
    return putc('"', out) == EOF ? -1 : 0;
}

static int record_write(const struct record *rec, FILE *out)
{
    if (rec->overflow)
        return -1;
    for (int i = 0; i < rec->n; i++) {
        if (i > 0 && putc(',', out) == EOF)
            return -1;
        if (write_field(out, rec->buf + rec->offset[i]) < 0)
            return -1;
    }
    if (putc('\n', out) == EOF || ferror(out))
        return -1;
    return 0;
}

/* ## The two styles */

static void coded_header(struct record *rec)
{
    for (size_t i = 0; i < sizeof coded_header_head / sizeof coded_header_head[0]; i++)
        record_add_text(rec, coded_header_head[i]);
    for (int k = 0; k < N_ACTIVITIES; k++)
        record_add_text(rec, activities[k].column);
    record_add_text(rec, "barrier");
    for (int k = 0; k < N_SAT; k++)
        record_add_text(rec, sat_items[k].column);
    for (int k = 0; k < N_TRUST; k++)
        record_add_text(rec, trust_items[k].column);
    record_add_text(rec, "duration");
    record_add_text(rec, "comment");
}

static void coded_likert(struct record *rec, int answer)
{
    if (answer == LIKERT_BLANK)
        record_add_text(rec, "");
    else
        record_add(rec, "%d", answer);
}

static void coded_record(struct record *rec, const struct respondent *r, int year)
{
    record_add(rec, "%d-%04ld", year, r->index);
    record_add(rec, "%d", year);
    record_add(rec, "%d", r->subdistrict);
    record_add(rec, "%d", r->community);
    record_add(rec, "%d", r->gender);
    record_add(rec, "%d", r->age);
    record_add(rec, "%d", r->party_member);
    for (int k = 0; k < N_ACTIVITIES; k++)
        record_add(rec, "%d", r->answered_activities ? r->activity[k] : 9);
    if (r->barrier)
        record_add(rec, "%d", r->barrier);
    else
        record_add_text(rec, "");
    for (int k = 0; k < N_SAT; k++)
        coded_likert(rec, r->sat[k]);
    for (int k = 0; k < N_TRUST; k++)
        coded_likert(rec, r->trust[k]);
    record_add(rec, "%ld", r->duration);
    record_add_text(rec, r->comment >= 0 ? comments[r->comment] : "");
}

static void platform_header(struct record *rec)
{
    record_add_text(rec, P_ID);
    record_add_text(rec, P_SUBMITTED);
    record_add_text(rec, P_DURATION);
    record_add_text(rec, P_SOURCE);
    record_add_text(rec, P_IP);
    record_add_text(rec, P_SUBDISTRICT);
    record_add_text(rec, P_COMMUNITY);
    record_add_text(rec, P_GENDER);
    record_add_text(rec, P_AGE);
    record_add_text(rec, P_PARTY);
    record_add_text(rec, P_ACTIVITIES);
    record_add_text(rec, P_BARRIER);
    for (int k = 0; k < N_SAT; k++)
        record_add(rec, "%s%s", P_SAT_PREFIX, sat_items[k].platform_text);
    for (int k = 0; k < N_TRUST; k++)
        record_add(rec, "%s%s", P_TRUST_PREFIX, trust_items[k].platform_text);
    record_add_text(rec, P_COMMENT);
}

static void platform_likert(struct record *rec, int answer, const char *const levels[5])
{
    if (answer == LIKERT_BLANK)
        record_add_text(rec, "");
    else if (answer == LIKERT_UNSURE)
        record_add_text(rec, P_UNSURE);
    else
        record_add_text(rec, levels[answer - 1]);
}

static void platform_record(struct record *rec, const struct respondent *r, int year)
{
    char chosen[512];
    size_t used = 0;

    record_add(rec, "%ld", r->index);
    record_add(rec, "%d/6/%d %d:%02d:%02d", year, r->day, r->hour, r->minute, r->second);
    if (r->duration >= 60)
        record_add(rec, "%ld分%ld秒", r->duration / 60, r->duration % 60);
    else
        record_add(rec, "%ld秒", r->duration);
    record_add_text(rec, sources[r->source]);
    record_add(rec, "%d.%d.%d.%d(黑龙江-七台河)", r->ip[0], r->ip[1], r->ip[2], r->ip[3]);
    record_add_text(rec, subdistricts[r->subdistrict - 1]);
    record_add_text(rec, communities[r->community - 1].name);
    record_add_text(rec, r->gender == 1 ? "男" : "女");
    record_add(rec, "%d", r->age);
    record_add_text(rec, r->party_member ? "是" : "否");

    chosen[0] = '\0';
    if (r->answered_activities) {
        for (int k = 0; k < N_ACTIVITIES; k++) {
            if (!r->activity[k])
                continue;
            int len = snprintf(chosen + used, sizeof chosen - used, "%s%s",
                               used ? P_OPTION_SEP : "", activities[k].platform_text);
            if (len > 0 && (size_t)len < sizeof chosen - used)
                used += (size_t)len;
        }
        if (!used)
            snprintf(chosen, sizeof chosen, "%s", P_NONE);
    }
    record_add_text(rec, chosen);

    record_add_text(rec, r->barrier ? barriers[r->barrier - 1] : P_SKIPPED);
    for (int k = 0; k < N_SAT; k++)
        platform_likert(rec, r->sat[k], sat_levels);
    for (int k = 0; k < N_TRUST; k++)
        platform_likert(rec, r->trust[k], agree_levels);
    record_add_text(rec, r->comment >= 0 ? comments[r->comment] : "");
}

int survey_sample_write(FILE *out, const struct survey_sample_opts *opts)
{
    struct survey_sample_opts defaults = {1200, 1, 2024, SAMPLE_CODED};
    struct generator g;
    struct record rec;
    struct respondent r;
    int status = 0;

    if (!opts)
        opts = &defaults;
    if (!out || opts->respondents < 0)
        return -1;
    if (generator_init(&g, opts->seed, opts->year) < 0)
        return -1;

    record_reset(&rec);
    if (opts->style == SAMPLE_PLATFORM)
        platform_header(&rec);
    else
        coded_header(&rec);
    status = record_write(&rec, out);

    for (long i = 1; status == 0 && i <= opts->respondents; i++) {
        draw_respondent(&g, i, &r);
        record_reset(&rec);
        if (opts->style == SAMPLE_PLATFORM)
            platform_record(&rec, &r, opts->year);
        else
            coded_record(&rec, &r, opts->year);
        status = record_write(&rec, out);
    }
    generator_free(&g);
    if (status == 0 && (fflush(out) == EOF || ferror(out)))
        status = -1;
    return status;
}
