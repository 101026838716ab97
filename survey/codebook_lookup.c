/* codebook_lookup.c — the `scale` rows that label a scale, and the public
 * look-ups of a parsed codebook: a scale's label, a column's place, the
 * column of a role, a code's label and the code of a label.
 */
#include "survey/survey.h"
#include "survey/codebook_internal.h"
#include "survey/survey_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A `scale` row, `services,scale,服务满意度,Satisfaction with services,,,,,,`:
   the labels of the scale named in `column`; it takes no other field. */
int cb_scale_row(struct parse_ctx *c, const struct rd_record *rec, const char *name)
{
    struct codebook_box *box = c->box;
    struct survey_codebook *cb = &box->cb;
    long line = rec->line;
    if (!*name) {
        cb_problem(c, line, "a scale row needs the scale's name in \"column\"");
        return c->oom ? -1 : 0;
    }
    for (size_t k = 0; k < cb->n_scales; k++)
        if (!strcmp(cb->scales[k].name, name)) {
            cb_problem(c, line, "scale \"%s\" is already labelled on line %ld", cb_vis(c, name),
                       cb->scales[k].line);
            return c->oom ? -1 : 0;
        }
    static const enum field others[] = {F_SCALE, F_MIN, F_MAX, F_REVERSE, F_MISSING, F_VALUES};
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
        const char *s = cb_get(c, rec, others[k]);
        size_t len = strlen(s);
        text_trim(&s, &len);
        if (len)
            cb_problem(c, line, "scale \"%s\": a scale row takes only its labels, not \"%s\"",
                       cb_vis(c, name), cb_field_names[others[k]]);
    }
    struct survey_scale_label *v = realloc(cb->scales, (cb->n_scales + 1) * sizeof *v);
    if (!v)
        return cb_nomem(c);
    cb->scales = v;
    struct survey_scale_label *sl = &v[cb->n_scales];
    if (!(sl->label_zh = cb_field(c, rec, F_LABEL_ZH)) ||
        !(sl->label_en = cb_field(c, rec, F_LABEL_EN)))
        return -1;
    sl->name = (char *)name;
    sl->line = line;
    if (!*sl->label_zh)
        sl->label_zh = *sl->label_en ? sl->label_en : sl->name;
    if (!*sl->label_en)
        sl->label_en = sl->label_zh;
    cb->n_scales++;
    return c->oom ? -1 : 0;
}

const char *survey_scale_label(const struct survey_codebook *cb, const char *name, int en)
{
    for (size_t k = 0; cb && name && k < cb->n_scales; k++)
        if (!strcmp(cb->scales[k].name, name))
            return en ? cb->scales[k].label_en : cb->scales[k].label_zh;
    return name;
}

const char *survey_cbcol_place(const struct survey_codebook *cb, const struct survey_cbcol *col,
                               char *buf, size_t size)
{
    if (cb->builtin)
        snprintf(buf, size, "line %ld of the built-in codebook", col->line);
    else
        snprintf(buf, size, "%s:%ld", cb->file, col->line);
    text_utf8_clip(buf);
    return buf;
}

int survey_codebook_find_role(const struct survey_codebook *cb, enum survey_role role)
{
    for (size_t i = 0; i < cb->n_cols; i++)
        if (cb->cols[i].role == role)
            return (int)i;
    return -1;
}

static const struct survey_label *label_of(const struct survey_cbcol *col, int code)
{
    for (size_t i = 0; i < col->n_values; i++)
        if (col->values[i].code == code && !col->values[i].alias)
            return &col->values[i];
    return NULL;
}

const char *survey_cbcol_label(const struct survey_cbcol *col, int code)
{
    const struct survey_label *l = label_of(col, code);
    return l ? l->text : NULL;
}

const char *survey_cbcol_label_en(const struct survey_cbcol *col, int code)
{
    const struct survey_label *l = label_of(col, code);
    return !l ? NULL : *l->text_en ? l->text_en : l->text;
}

int survey_cbcol_code(const struct survey_cbcol *col, const char *s, size_t len, int *code)
{
    for (size_t i = 0; i < col->n_values; i++) {
        const struct survey_label *l = &col->values[i];
        if ((strlen(l->text) == len && !memcmp(l->text, s, len)) ||
            (*l->text_en && strlen(l->text_en) == len && !memcmp(l->text_en, s, len))) {
            *code = l->code;
            return 1;
        }
    }
    return 0;
}
