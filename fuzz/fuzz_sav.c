/* fuzz_sav.c — the SPSS and Stata reader (rd_sav), fed arbitrary bytes as a
 * file in memory.
 *
 * Input: byte 0 chooses the options, the rest is the file.  Byte 0: bits 0-1
 * the wanted encoding (auto, utf-8, gb18030, auto), bit 2 a sink that stops
 * at the record numbered by bits 3-7.
 *
 * Checked: no crash, leak or undefined behaviour; read and describe return 0
 * or -1, and an error names itself and the input; an input rd_detect does not
 * take is refused; every record has the header's number of fields, each
 * valid UTF-8 of the length given, on lines 0, 1, 2, ...; a sink that stops
 * stops the reader at once; describe's variables have names, labels, codes
 * and missing values that are valid UTF-8, and are the header's when both
 * succeed.
 */
#include "fuzz/fuzz.h"
#include "survey/reader.h"
#include "survey/survey_internal.h"

struct seen {
    size_t n_fields, records;
    long stop_at;
    int stopped;
    char **header;
};

static void check_text(const char *s, size_t len)
{
    int trunc;
    FUZZ_CHECK(s && strlen(s) == len);
    FUZZ_CHECK(text_utf8_valid((const unsigned char *)s, len, &trunc) == len);
}

static int sink(void *ctx, const struct rd_record *r)
{
    struct seen *s = ctx;
    FUZZ_CHECK(r->line == (long)s->records);
    if (s->records == 0) {
        s->n_fields = r->n;
        FUZZ_CHECK(r->n > 0);
        s->header = calloc(r->n, sizeof *s->header);
        FUZZ_CHECK(s->header);
        for (size_t i = 0; i < r->n; i++)
            FUZZ_CHECK((s->header[i] = strdup(r->field[i])));
    }
    FUZZ_CHECK(r->n == s->n_fields);
    for (size_t i = 0; i < r->n; i++)
        check_text(r->field[i], r->len[i]);
    if ((long)s->records == s->stop_at) {
        s->stopped = 1;
        return -1;
    }
    s->records++;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags = 0;
    if (size >= 1)
        flags = data[0], data++, size--;
    static const enum survey_encoding enc[] = {SURVEY_ENC_AUTO, SURVEY_ENC_UTF8, SURVEY_ENC_GB18030,
                                               SURVEY_ENC_AUTO};
    struct survey_load_opts o = {.encoding = enc[flags & 3]};
    /* A copy of its own, so that a read past the end is ASan's to see. */
    char *file = malloc(size ? size : 1);
    FUZZ_CHECK(file);
    memcpy(file, data, size);
    struct rd_input in = {.name = "fuzz.sav", .mem = file, .size = size, .opts = &o};
    int detected = rd_detect((const unsigned char *)file, size) == &rd_sav;

    struct seen s = {.stop_at = flags & 4 ? (long)(flags >> 3) : -1};
    struct rd_info info;
    struct survey_error err = {0};
    int rc = rd_sav.read(&in, sink, &s, &info, &err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        FUZZ_CHECK(detected);
        FUZZ_CHECK(s.records >= 1);
        FUZZ_CHECK(!strcmp(info.format, "sav") || !strcmp(info.format, "zsav") ||
                   !strcmp(info.format, "por") || !strcmp(info.format, "dta"));
        FUZZ_CHECK(info.encoding == SURVEY_ENC_UTF8);
        FUZZ_CHECK(s.stop_at < 0 || (long)s.records <= s.stop_at);
    } else if (s.stopped) {
        /* the sink stopped it: nothing came after, and no error was written */
        FUZZ_CHECK(err.code == SURVEY_OK);
    } else {
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(!strcmp(err.file, "fuzz.sav"));
    }

    struct rd_meta m = {0};
    memset(&err, 0, sizeof err);
    int drc = rd_sav.describe(&in, &m, &err);
    FUZZ_CHECK(drc == 0 || drc == -1);
    if (drc == 0) {
        FUZZ_CHECK(detected);
        FUZZ_CHECK(m.n_vars > 0 && m.vars);
        for (size_t i = 0; i < m.n_vars; i++) {
            const struct rd_var_meta *v = &m.vars[i];
            check_text(v->name, strlen(v->name));
            check_text(v->label, strlen(v->label));
            for (size_t k = 0; k < v->n_values; k++) {
                check_text(v->values[k].code, strlen(v->values[k].code));
                check_text(v->values[k].label, strlen(v->values[k].label));
                FUZZ_CHECK(k == 0 || strcmp(v->values[k].code, v->values[k - 1].code));
            }
            for (size_t k = 0; k < v->n_missing; k++)
                check_text(v->missing[k], strlen(v->missing[k]));
        }
        if (rc == 0 && s.stop_at < 0) {
            FUZZ_CHECK(m.n_vars == s.n_fields);
            for (size_t i = 0; i < m.n_vars; i++)
                FUZZ_CHECK(!strcmp(m.vars[i].name, s.header[i]));
        }
        rd_meta_free(&m);
    } else {
        FUZZ_CHECK_ERROR(err);
        FUZZ_CHECK(!m.vars && !m.n_vars);
    }
    if (s.header)
        for (size_t i = 0; i < s.n_fields; i++)
            free(s.header[i]);
    free(s.header);
    free(file);
    return 0;
}
