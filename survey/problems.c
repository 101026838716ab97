/* problems.c — the reasons a record is rejected or flagged, the list of
 * problems a survey keeps, and the --rejects file: every rejected record with
 * its file, line and reason.
 */
#include "survey/load_internal.h"

#include <stdlib.h>
#include <string.h>

static const struct reason_def {
    const char *key, *text;
    int rejects;
} reasons[REASON_COUNT] = {
    [REASON_FIELD_COUNT] = {"field_count", "wrong number of fields", 1},
    [REASON_INVALID_VALUE] = {"invalid_value", "invalid value", 1},
    [REASON_OUT_OF_RANGE] = {"out_of_range", "value out of range", 1},
    [REASON_DUPLICATE_ID] = {"duplicate_id", "repeated id", 1},
    [REASON_LENIENT_MISSING] = {"invalid_made_missing", "invalid value made missing", 0},
    [REASON_SPEEDER] = {"speeder", "answered much faster than the rest", 0},
    [REASON_STRAIGHT_LINER] = {"straight_liner", "same answer to every Likert item", 0},
    [REASON_UNKNOWN_COLUMN] = {"unknown_column", "column not in the codebook, ignored", 0},
};

int survey_reason_rejects(enum survey_reason r)
{
    return (unsigned)r < REASON_COUNT && reasons[r].rejects;
}
const char *survey_reason_text(enum survey_reason r)
{
    return (unsigned)r < REASON_COUNT ? reasons[r].text : "unknown";
}
const char *survey_reason_key(enum survey_reason r)
{
    return (unsigned)r < REASON_COUNT ? reasons[r].key : "unknown";
}

/* ## Problems */

int ld_add_problem(const struct survey *s, struct ld_part *out, enum survey_reason reason,
                   size_t file, long line, const char *column, const char *value, size_t vlen,
                   const char *detail, const char *record)
{
    if (out->n_problems == out->problems_cap) {
        size_t cap = out->problems_cap ? 2 * out->problems_cap : 64;
        struct survey_problem *p = realloc(out->problems, cap * sizeof *p);
        if (!p)
            return -1;
        out->problems = p;
        out->problems_cap = cap;
    }
    struct arena *a = out->arena;
    struct survey_problem *p = &out->problems[out->n_problems];
    p->reason = reason;
    p->file = s->files[file].where;
    p->line = line;
    p->column = arena_strndup(a, column ? column : "", column ? strlen(column) : 0);
    p->value = arena_strndup(a, value ? value : "", value ? vlen : 0);
    p->detail = arena_strndup(a, detail ? detail : "", detail ? strlen(detail) : 0);
    p->record = arena_strndup(a, record ? record : "", record ? strlen(record) : 0);
    if (!p->column || !p->value || !p->detail || !p->record)
        return -1;
    out->n_problems++;
    return 0;
}

int ld_reject(struct file_ctx *fc, const struct rd_record *rec, enum survey_reason reason,
              const char *column, const char *value, size_t vlen, const char *detail)
{
    const struct survey *s = fc->s;
    fc->scratch.len = 0;
    if (csv_write_record(&fc->scratch, rec->field, rec->len, rec->n) < 0 ||
        ld_add_problem(s, fc->out, reason, fc->file, rec->line, column, value, vlen, detail,
                       fc->scratch.data ? fc->scratch.data : "") < 0)
        return survey_error_set(fc->err, SURVEY_ERR_NOMEM, s->files[fc->file].where, 0,
                                "out of memory");
    fc->count.excluded++;
    return 0;
}

/* ## Rejected records */

int survey_write_rejects(const struct survey *s, FILE *out)
{
    const struct survey_impl *im = s->impl;
    const char *header = NULL;
    for (size_t i = 0; i < s->n_files && !header; i++)
        header = im->file_header[i];
    fprintf(out, "canyu_file,canyu_line,canyu_reason,%s\n", header ? header : "");
    struct buf b = {0}, reason = {0};
    int rc = 0;
    for (size_t i = 0; i < s->n_problems && rc == 0; i++) {
        const struct survey_problem *p = &s->problems[i];
        if (!survey_reason_rejects(p->reason))
            continue;
        /* The value in full: a fixed buffer would cut a long one, perhaps
           inside a character. */
        reason.len = 0;
        if (*p->column &&
            (buf_append(&reason, "column \"", 8) < 0 ||
             buf_append(&reason, p->column, strlen(p->column)) < 0 ||
             buf_append(&reason, "\": value \"", 10) < 0 ||
             buf_append(&reason, p->value, strlen(p->value)) < 0 ||
             buf_append(&reason, "\": ", 3) < 0)) {
            rc = -1;
            break;
        }
        if (buf_append(&reason, p->detail, strlen(p->detail)) < 0) {
            rc = -1;
            break;
        }
        char line[24];
        snprintf(line, sizeof line, "%ld", p->line);
        const char *f[3] = {p->file, line, reason.data};
        size_t l[3] = {strlen(p->file), strlen(line), reason.len};
        b.len = 0;
        if (csv_write_record(&b, f, l, 3) < 0) {
            rc = -1;
            break;
        }
        if (fprintf(out, "%s,%s\n", b.data, p->record) < 0)
            rc = -1;
    }
    buf_free(&b);
    buf_free(&reason);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
