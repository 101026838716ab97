/* fuzz.h — what the libFuzzer targets in fuzz/ share: a check that aborts
 * with a message (libFuzzer reports it as a crash and saves the input), the
 * codebooks the loader is fuzzed with, and a small fixed survey that the
 * margins and age-band targets analyse.
 *
 * Each target is built with clang -fsanitize=fuzzer,address,undefined against
 * the same library sources as the program (`make fuzz`).  Nothing here is part
 * of the library.
 */
#ifndef CANYU_FUZZ_H
#define CANYU_FUZZ_H

#include "analysis/analysis.h"
#include "survey/survey.h"

#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* What canyu's main() does first: GSL reports errors as return codes
   instead of aborting. */
static inline void fuzz_init(void)
{
    gsl_set_error_handler_off();
}

/* A broken invariant: say which and abort, so libFuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* An error value must say what went wrong. */
#define FUZZ_CHECK_ERROR(err)                                                                \
    do {                                                                                     \
        FUZZ_CHECK((err).code != SURVEY_OK);                                                 \
        FUZZ_CHECK((err).message[0] != '\0');                                                \
        FUZZ_CHECK(memchr((err).message, '\0', sizeof (err).message) != NULL);               \
    } while (0)

/* samples/platform-codebook.csv, compiled in by `make fuzz` (scripts/embed.sh). */
extern const char *const fuzz_platform_codebook_csv;
extern const unsigned long fuzz_platform_codebook_csv_len;

/* The accounting rule of docs/codebook.md, for the survey and for each file, and the
   rejected records listed one per excluded row. */
static inline void fuzz_check_accounting(const struct survey *s)
{
    FUZZ_CHECK(s->rows_read == s->rows_loaded + s->rows_excluded + s->blank);
    FUZZ_CHECK((long)s->n == s->rows_loaded);
    FUZZ_CHECK(s->blank >= 0);
    long read = 0, loaded = 0, excluded = 0, blank = 0;
    for (size_t i = 0; i < s->n_files; i++) {
        const struct survey_file_info *f = &s->files[i];
        FUZZ_CHECK(f->rows_read == f->rows_loaded + f->rows_excluded + f->blank);
        read += f->rows_read, loaded += f->rows_loaded, excluded += f->rows_excluded;
        blank += f->blank;
    }
    FUZZ_CHECK(read == s->rows_read && loaded == s->rows_loaded && excluded == s->rows_excluded);
    FUZZ_CHECK(blank == s->blank);
    long rejects = 0;
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct survey_problem *p = &s->problems[i];
        FUZZ_CHECK(p->file && p->column && p->value && p->detail && p->record);
        FUZZ_CHECK(p->line >= 1);
        rejects += survey_reason_rejects(p->reason);
    }
    FUZZ_CHECK(rejects == s->rows_excluded);
}

/* A synthetic survey of N respondents with the built-in codebook, loaded
   once per process (the codebook must outlive it: both are kept). */
static inline struct survey *fuzz_fixed_survey(long n)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_default(&err);
    FUZZ_CHECK(cb);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f);
    struct survey_sample_opts o = {.respondents = n, .seed = 7, .year = 2024};
    FUZZ_CHECK(survey_sample_write(f, &o) == 0);
    FUZZ_CHECK(fclose(f) == 0);
    struct survey *s = survey_new(cb);
    FUZZ_CHECK(s);
    FUZZ_CHECK(survey_load_mem(s, "fixed.csv", buf, len, NULL, &err) == 0);
    FUZZ_CHECK(survey_finish(s, NULL) == 0);
    free(buf);
    return s;
}

#endif
