/* json.c — the pieces of canyu's JSON output that describe the input, and
 * the writer.  Keys are the stable ones of DESIGN.md.
 */
#include "report/json.h"

#include <math.h>
#include <string.h>

json_t *report_json_number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

json_t *report_json_input(const struct survey *s)
{
    json_t *in = json_object();
    json_t *files = json_array();
    const char *enc = NULL;
    for (size_t i = 0; i < s->n_files; i++) {
        json_array_append_new(files, json_string(s->files[i].name));
        const char *e = survey_encoding_name(s->files[i].encoding);
        enc = !enc || !strcmp(enc, e) ? e : "mixed";
    }
    json_object_set_new(in, "files", files);
    json_object_set_new(in, "encoding", json_string(enc ? enc : "utf-8"));
    json_object_set_new(in, "rows_read", json_integer(s->rows_read));
    json_object_set_new(in, "rows_loaded", json_integer(s->rows_loaded));
    json_object_set_new(in, "rows_excluded", json_integer(s->rows_excluded));
    json_t *ex = json_array();
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct survey_problem *p = &s->problems[i];
        if (!survey_reason_rejects(p->reason))
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(p->file));
        json_object_set_new(o, "line", json_integer(p->line));
        json_object_set_new(o, "column", json_string(p->column));
        json_object_set_new(o, "value", json_string(p->value));
        json_object_set_new(o, "reason", json_string(survey_reason_key(p->reason)));
        json_object_set_new(o, "detail", json_string(p->detail));
        json_array_append_new(ex, o);
    }
    json_object_set_new(in, "excluded", ex);
    json_object_set_new(in, "warnings", json_integer(s->warnings));
    json_object_set_new(in, "speeders", json_integer(s->speeders));
    json_object_set_new(in, "straight_liners", json_integer(s->straight_liners));
    return in;
}

json_t *report_json_age_bands(const struct survey_bands *b)
{
    json_t *a = json_array();
    for (size_t i = 0; i < b->n; i++)
        json_array_append_new(a, json_string(b->band[i].label));
    return a;
}

int report_json_write(json_t *root, FILE *out)
{
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) < 0)
        return -1;
    return fputc('\n', out) == EOF ? -1 : 0;
}
