/* fuzz_codebook.c — the codebook parser, fed arbitrary bytes as a codebook.
 *
 * A codebook that parses must be usable: the target writes a data file with
 * its columns (each header quoted) and a few records built from its own
 * labels, codes and missing answers, loads it, and analyses it.
 *
 * Checked: no crash, leak or undefined behaviour; an error names itself and,
 * for a malformed codebook, its line; a parsed codebook has a column, no
 * empty or repeated column names, min <= max where a range is set, unique
 * codes and labels; the data built from it loads with
 * rows_read = rows_loaded + rows_excluded + blank and analyses.
 */
#include "fuzz/fuzz.h"

static struct survey_bands bands;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    struct survey_error err = {0};
    FUZZ_CHECK(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err) == 0);
    return 0;
}

static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Record R's answer for column C: cycling through a label, a code, a blank,
   a declared missing answer and a number from the range. */
static void put_answer(FILE *f, const struct survey_cbcol *c, int r)
{
    char num[32];
    switch (r % 5) {
    case 0:
        if (c->n_values) {
            put_quoted(f, c->values[(size_t)r % c->n_values].text);
            return;
        }
        break;
    case 1:
        if (c->n_values) {
            fprintf(f, "%d", c->values[(size_t)r % c->n_values].code);
            return;
        }
        break;
    case 2: /* blank, quoted so that a one-column record is not an empty line */
        fputs("\"\"", f);
        return;
    case 3:
        if (c->n_missing) {
            put_quoted(f, c->missing[0]);
            return;
        }
        break;
    }
    if (c->role == ROLE_ID) {
        fprintf(f, "r%d", r);
        return;
    }
    snprintf(num, sizeof num, "%d", c->has_range ? c->min + r % (c->max - c->min + 1) : r);
    fputs(num, f);
}

static void check_codebook(const struct survey_codebook *cb)
{
    FUZZ_CHECK(cb->n_cols > 0);
    for (size_t i = 0; i < cb->n_cols; i++) {
        const struct survey_cbcol *c = &cb->cols[i];
        FUZZ_CHECK(c->column && *c->column && c->label_zh && c->label_en);
        FUZZ_CHECK((unsigned)c->role < ROLE_COUNT);
        FUZZ_CHECK(!c->has_range || c->min <= c->max);
        FUZZ_CHECK(c->line >= 2);
        for (size_t k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(cb->cols[k].column, c->column) != 0);
        /* Labels (not the aliases of a recoded participation item) are
           unique, in either language; yes is code 1. */
        for (size_t a = 0; a < c->n_values; a++) {
            FUZZ_CHECK(c->values[a].text && c->values[a].text_en);
            FUZZ_CHECK(!c->values[a].alias || c->role == ROLE_PARTICIPATION);
            for (size_t b = 0; b < a; b++)
                FUZZ_CHECK(c->values[a].alias || c->values[b].alias ||
                           (c->values[a].code != c->values[b].code &&
                            strcmp(c->values[a].text, c->values[b].text) != 0));
        }
        if (c->role == ROLE_PARTICIPATION)
            FUZZ_CHECK(survey_cbcol_label(c, 1) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse((const char *)data, size, "fuzz-codebook.csv", &err);
    if (!cb) {
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(err.code != SURVEY_ERR_NOMEM);
        FUZZ_CHECK(err.code != SURVEY_ERR_CODEBOOK || err.line >= 0);
        return 0;
    }
    check_codebook(cb);
    /* A data file with the codebook's columns and six records. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f);
    for (size_t i = 0; i < cb->n_cols; i++) {
        if (i)
            fputc(',', f);
        put_quoted(f, cb->cols[i].column);
    }
    fputc('\n', f);
    for (int r = 0; r < 6; r++) {
        for (size_t i = 0; i < cb->n_cols; i++) {
            if (i)
                fputc(',', f);
            put_answer(f, &cb->cols[i], r + (int)i);
        }
        fputc('\n', f);
    }
    FUZZ_CHECK(fclose(f) == 0);
    struct survey *s = survey_new(cb);
    FUZZ_CHECK(s);
    int rc = survey_load_mem(s, "built.csv", buf, len, NULL, &err);
    if (rc != 0) {
        FUZZ_CHECK_ERROR(err);
        /* Headers are trimmed when matched: a column name with surrounding
           white space inside its quotes cannot arise (the codebook trims it
           too), so the only error left is a header one. */
        fprintf(stderr, "built data: %s:%ld: %s\n", err.file, err.line, err.message);
        FUZZ_CHECK(err.code == SURVEY_ERR_HEADER);
    }
    fuzz_check_accounting(s);
    FUZZ_CHECK(survey_finish(s, NULL) == 0);
    if (rc == 0) {
        FUZZ_CHECK(s->rows_read == 6);
        struct an_results *r = stats_analyse(s, &bands, NULL, &err);
        FUZZ_CHECK(r);
        stats_results_free(r);
    }
    survey_free(s);
    free(buf);
    survey_codebook_free(cb);
    return 0;
}
