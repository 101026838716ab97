/* compare.h — yearly waves side by side, with tests of change between
 * consecutive waves.  Part of the analysis/ module: pure computation, no
 * printing; report/compare.h renders the results.
 *
 * The caller loads each input file into its own `struct survey` (all with one
 * codebook, with `absent_columns_ok` set, so that a question a wave did not
 * ask loads as missing) and hands them to stats_compare().  That forms the
 * waves (docs/methods.md, "Change between waves"):
 *
 *   - when the codebook has a `year` column, respondents are grouped by their
 *     year: a file that holds one year is one wave labelled with the year (a
 *     record with a blank year belongs to its file's year), a file that holds
 *     several years gives one wave per year, and files that hold the same
 *     year are pooled into one wave; waves are then in chronological order;
 *   - a file without years (no year column, or every year blank) is a wave of
 *     its own, labelled with the file name without directory and extension;
 *   - when any wave is labelled by a file name, waves keep the order in which
 *     their files were given.
 *
 * It then checks that the files fit together, analyses every wave with
 * stats_analyse() (unweighted: see below) and compares consecutive waves:
 * participation rates (overall, by age group, per activity) and the top-2
 * shares of Likert items by the pooled two-proportion z test
 * (stats_prop_z_test), scale indices and item means by Welch's t test
 * (stats_welch_t_test).  Every difference is the later wave minus the
 * earlier one.
 *
 * "Not asked": a codebook column that a file lacks is reported as not asked
 * in that file's waves, if it is a questionnaire item (role participation,
 * activities, barrier, satisfaction or trust) or a column compare does not
 * use (year, weight, duration, text, ignore).  Its figures in that wave are NAN with
 * `asked` 0, and so is every change to or from that wave.  A scale is not
 * asked in a wave when any of its items was not asked there; participation
 * overall and by age group is not asked when no activity was.
 * Every other mismatch is an error (see stats_compare()).
 *
 * Weights: comparisons of weighted estimates are beyond the methods canyu documents, so every
 * figure here is unweighted, even when the codebook has a weight column
 * (`weights_ignored` says so, for the methods note).
 *
 * Ownership: stats_compare() returns results that own every array and
 * string in them; free with stats_compare_free(), which accepts NULL.  Like
 * struct an_results they are self-contained: the input surveys, their
 * codebook and the bands may be freed first.
 */
#ifndef CANYU_STATS_COMPARE_H
#define CANYU_STATS_COMPARE_H

#include "analysis/analysis.h"
#include "stats/stats.h"
#include "survey/survey.h"

/* ## Results */

/* A codebook column a wave did not ask. */
struct cmp_column {
    char *column, *label_zh, *label_en;
    int is_question;        /* an item of the questionnaire (participation,
                               activities, barrier, satisfaction, trust) rather
                               than a column compare does not use */
};

struct cmp_wave {
    char *label;            /* the year ("2024") or the file name ("boli-2024") */
    int has_year;           /* labelled by YEAR */
    int year;
    char **files;           /* the files it comes from, in the order given */
    size_t n_files;
    double n;               /* respondents loaded */
    struct cmp_column *not_asked; /* in codebook order */
    size_t n_not_asked;
    struct an_results *r;   /* the analysis of its respondents, unweighted */
};

/* A rate in one wave.  Not asked: ASKED 0, N 0, the rest NAN. */
struct cmp_rate {
    int asked;
    double n, participants, rate, ci_low, ci_high;
};

/* One participation rate across the waves: overall, an age group or an
   activity.  CHANGE[i] compares WAVE[i] with WAVE[i + 1]: difference, its
   95% CI (unpooled Wald, cut at -1 and 1 as R's prop.test cuts it), z
   (`statistic`) and p; df is NAN. */
struct cmp_rates {
    const char *column;               /* an activity's variable; else NULL */
    const char *label_zh, *label_en;  /* an activity's labels; an age group's band
                                         label (both); NULL overall */
    struct cmp_rate *wave;            /* n_waves */
    struct stats_diff *change;        /* n_waves - 1 */
};

/* A mean in one wave: a scale index (0-100) or a Likert item.  Not asked:
   ASKED 0, N 0, the rest NAN. */
struct cmp_mean {
    int asked;
    double n, mean, sd, ci_low, ci_high;
    double top2, top2_count; /* items: share and count in the two highest levels */
};

enum cmp_section { CMP_SATISFACTION, CMP_TRUST };

/* A scale index or a Likert item across the waves.  CHANGE[i] compares
   WAVE[i] with WAVE[i + 1] by Welch's t test: difference, 95% CI, t
   (`statistic`), df, p.  Items also have TOP2_CHANGE, the z test of the
   top-2 shares (as for rates). */
struct cmp_means {
    const char *name;                 /* the item's column or the scale's name */
    const char *label_zh, *label_en;  /* an item's labels, a scale's (its name when the
                                         codebook has no `scale` row) */
    enum cmp_section section;
    const char *scale;                /* an item's scale; a scale's own name */
    const char **items;               /* a scale's item columns; NULL for an item */
    size_t k;
    struct cmp_mean *wave;            /* n_waves */
    struct stats_diff *change;        /* n_waves - 1 */
    struct stats_diff *top2_change;   /* n_waves - 1 for items; NULL for scales */
};

struct cmp_results {
    struct an_file *inputs;             /* one per input file, in the order given */
    size_t n_inputs;
    long rows_excluded;                 /* records rejected in all the inputs */
    const char **age_bands;             /* N_BANDS band labels */
    size_t n_bands;
    struct cmp_wave *waves;             /* oldest first */
    size_t n_waves;
    int weights_ignored;   /* the codebook has a weight column; figures are unweighted */
    int activities_differ; /* some activity was not asked in some wave, so "took part
                              in at least one activity" counts different lists */
    struct cmp_rates overall;
    struct cmp_rates *by_age;           /* one per band */
    struct cmp_rates *activities;       /* codebook order */
    size_t n_activities;
    struct cmp_means *scales;           /* satisfaction's, then trust's */
    size_t n_scales;
    struct cmp_means *items;            /* satisfaction's, then trust's */
    size_t n_items;
};

/* ## Comparison */

/* Compare the waves in INPUTS[0..N_INPUTS) (one survey per file, each loaded
   from exactly one file, all with the same codebook; borrowed) with age bands
   BANDS (borrowed).  Returns NULL with ERR filled (code SURVEY_ERR_HEADER,
   the file concerned, line 1 where the header is at fault) when:
     - the inputs hold fewer than two waves;
     - a file is given twice, or the surveys use different codebooks;
     - a file lacks a codebook column that a wave cannot do without (id,
       subdistrict, community, gender, age, party_member);
     - a codebook column is in none of the files;
     - two files of one wave (the same year) differ in the columns they lack;
     - a file holds several years and some of its records have no year;
     - two waves would have the same label (a file named like a year);
   and with SURVEY_ERR_NOMEM when out of memory. */
struct cmp_results *stats_compare(const struct survey *const *inputs, size_t n_inputs,
                                  const struct survey_bands *bands, struct survey_error *err);
void stats_compare_free(struct cmp_results *c);

/* +1 when a change with DIFFERENCE and P_VALUE is a significant rise
   (p < AN_ALPHA), -1 a significant fall, 0 otherwise (NAN
   included). */
int stats_compare_direction(const struct stats_diff *d);

#endif
