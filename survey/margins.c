/* margins.c — population margins for raking: a CSV file of
 * variable,category,share read like the data (BOM, GB18030, quoted
 * categories, CRLF), with the line of every margin kept for messages. */
#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A margins file lists a few categories of a few variables: more margins
   than this is not one. */
enum { MARGINS_MAX = 65536 };

/* One record of a margins file: "variable,category,share", the header
   skipped, blank records ignored. */
struct margins_ctx {
    struct survey_margins *out;
    size_t cap;
    struct survey_error *err;
};

static char *trimmed(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static int margins_record(void *vc, size_t n, const char *const *field, const size_t *len,
                          long line)
{
    struct margins_ctx *c = vc;
    struct survey_margins *out = c->out;
    int blank = 1;
    for (size_t i = 0; i < n && blank; i++)
        for (size_t k = 0; k < len[i] && blank; k++)
            blank = field[i][k] == ' ' || field[i][k] == '\t';
    if (blank)
        return 0;
    if (n != 3)
        return survey_error_set(c->err, SURVEY_ERR_MARGINS, out->file, line,
                                "expected three fields: variable,category,share");
    if (out->n == MARGINS_MAX)
        return survey_error_set(c->err, SURVEY_ERR_LIMIT, out->file, line,
                                "more than %d margins: too many for a margins file", MARGINS_MAX);
    char *var = trimmed(field[0], len[0]), *cat = trimmed(field[1], len[1]);
    char *share_text = trimmed(field[2], len[2]);
    int rc = 0;
    if (!var || !cat || !share_text) {
        rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, out->file, 0, "out of memory");
    } else if (line == 1 && !strcmp(var, "variable")) {
        free(var), free(cat), free(share_text);
        return 0; /* the header */
    }
    char *end = NULL;
    double share = 0;
    if (rc == 0) {
        errno = 0;
        share = strtod(share_text, &end);
        if (end == share_text || *end || errno || !(share >= 0 && share <= 1))
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, out->file, line,
                                  "share \"%s\" is not a number between 0 and 1", share_text);
    }
    if (rc == 0 && out->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        struct survey_margin *m = realloc(out->m, cap * sizeof *m);
        if (!m)
            rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, out->file, 0, "out of memory");
        else {
            out->m = m;
            c->cap = cap;
        }
    }
    free(share_text);
    if (rc < 0) {
        free(var);
        free(cat);
        return rc;
    }
    out->m[out->n++] = (struct survey_margin){var, cat, share, line};
    return 0;
}

int survey_margins_load(const char *path, struct survey_margins *out, struct survey_error *err)
{
    memset(out, 0, sizeof *out);
    out->file = strdup(path);
    if (!out->file)
        return survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
    struct margins_ctx c = {out, 0, err};
    /* The loader's reader: a BOM, GB18030 as Excel saves it on Chinese
       Windows, quoted categories and CRLF are all read as in the data. */
    int rc = survey_csv_read(path, SURVEY_ENC_AUTO, "margins file", margins_record, &c, err);
    if (rc < 0 && err && err->code != SURVEY_ERR_MARGINS && err->code != SURVEY_ERR_NOMEM &&
        err->code != SURVEY_ERR_IO && err->code != SURVEY_ERR_LIMIT)
        err->code = SURVEY_ERR_MARGINS;
    if (rc == 0 && out->n == 0)
        rc = survey_error_set(err, SURVEY_ERR_MARGINS, path, 0, "no margins in the file");
    /* Each variable's shares must sum to 1: the first variable, in the order
       they first appear, whose shares do not is named. */
    struct strmap vars = {0}; /* variable -> its first margin */
    double *sum = rc == 0 ? calloc(out->n, sizeof *sum) : NULL;
    if (rc == 0 && !sum)
        rc = survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
    for (size_t i = 0; i < out->n && rc == 0; i++) {
        const char *v = out->m[i].variable;
        int first = (int)i;
        if (strmap_put(&vars, v, strlen(v), (int)i, &first) < 0)
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
        else
            sum[first] += out->m[i].share;
    }
    for (size_t i = 0; i < out->n && rc == 0; i++) {
        int first;
        const char *v = out->m[i].variable;
        if (strmap_get(&vars, v, strlen(v), &first) && (size_t)first == i &&
            fabs(sum[i] - 1) > 1e-6)
            rc = survey_error_set(err, SURVEY_ERR_MARGINS, path, out->m[i].line,
                                  "the shares of %s sum to %.6g, not 1", v, sum[i]);
    }
    strmap_free(&vars);
    free(sum);
    if (rc < 0)
        survey_margins_free(out);
    return rc;
}

void survey_margins_free(struct survey_margins *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->m[i].variable);
        free(m->m[i].category);
    }
    free(m->m);
    free(m->file);
    memset(m, 0, sizeof *m);
}
