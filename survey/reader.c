/* reader.c — the table of input formats, and what their readers share.
 * A format is chosen by its content (magic bytes), never by the file's name:
 * platforms and users rename files freely. */
#include "survey/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Formats with a signature, tried in order; text (CSV) is the fallback. */
static const struct rd_class *const classes[] = {
    &rd_xlsx,
    &rd_xls,
    &rd_sav,
    NULL,
};

const struct rd_class *rd_detect(const unsigned char *head, size_t len)
{
    for (size_t i = 0; classes[i]; i++)
        if (classes[i]->detect(head, len))
            return classes[i];
    return NULL;
}

int survey_file_self_describing(const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : NULL;
    if (!f)
        return 0;
    unsigned char head[RD_HEAD];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    const struct rd_class *c = rd_detect(head, n);
    return c && c->describe;
}

void rd_meta_free(struct rd_meta *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_vars; i++) {
        struct rd_var_meta *v = &m->vars[i];
        free(v->name);
        free(v->label);
        for (size_t k = 0; k < v->n_values; k++) {
            free(v->values[k].code);
            free(v->values[k].label);
        }
        free(v->values);
        for (size_t k = 0; k < v->n_missing; k++)
            free(v->missing[k]);
        free(v->missing);
    }
    free(m->vars);
    m->vars = NULL;
    m->n_vars = 0;
}
