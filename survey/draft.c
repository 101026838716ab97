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
 *
 * Reading the file and collecting each column's answers is here; the guesses
 * are in draft_guess.c, the rows written in draft_write.c (draft_internal.h).
 */
#include "survey/draft_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A draft reads at most this much input. */
#define DRAFT_MAX_INPUT ((size_t)2 << 30)

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
    (*vals)[*n] = (struct dval){.text = t, .count = 1, .first = *n};
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
        /* A don't-know answer or a skip marker, (跳过) or wjx's -2 and -3,
           does not make a column of numbers one of text; -2 and -3 are
           counted apart (markers only while no other number is negative). */
        char word[64];
        int marker = 0;
        if (len < sizeof word) {
            memcpy(word, s, len);
            word[len] = 0;
            marker = draft_dont_know(word);
            if (!strcmp(word, "-2") || !strcmp(word, "-3")) {
                c->skip_codes |= word[1] == '2' ? 1 : 2;
                marker = 1;
            }
        }
        if (marker) {
            /* not a number of the column's */
        } else if (text_double(s, len, &x) == 0) {
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
    if (rc == 0 && draft_guess(&d) < 0)
        rc = survey_error_set(err, SURVEY_ERR_NOMEM, d.name, 0, "out of memory");
    if (rc == 0) {
        static const char head[] = "column,role,label_zh,label_en,scale,min,max,reverse,missing,"
                                   "values,note\n";
        rc = buf_append(text, head, sizeof head - 1);
        /* A column without a header cannot be named in a codebook: the
           loader ignores it (with a warning), so the draft leaves it out. */
        for (size_t i = 0; i < d.n_col && rc == 0; i++)
            if (*d.col[i].header)
                rc = draft_write_row(text, &d.col[i]);
        if (rc == 0)
            rc = draft_write_scales(text, &d);
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
