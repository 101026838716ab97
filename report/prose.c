/* prose.c — what the report (document.c) and the comparison (compare.c)
 * share: a writer that adds blocks to a document and keeps the first
 * failure, sentences built with printf formats, and the p-value phrase.
 */
#include "report/report_internal.h"

#include <stdarg.h>
#include <stdlib.h>

void rp_put_table(struct rp_writer *w, struct report_table *t)
{
    if (w->rc < 0)
        report_table_free(t);
    else if (report_doc_table(w->doc, t) < 0)
        w->rc = -1;
}

void rp_put_bars(struct rp_writer *w, struct report_bars *b)
{
    if (w->rc < 0)
        report_bars_free(b);
    else if (report_doc_bars(w->doc, b) < 0)
        w->rc = -1;
}

void rp_put_likert(struct rp_writer *w, struct report_likert *l)
{
    if (w->rc < 0)
        report_likert_free(l);
    else if (report_doc_likert(w->doc, l) < 0)
        w->rc = -1;
}

void rp_put_trend(struct rp_writer *w, struct report_trend *t)
{
    if (w->rc < 0)
        report_trend_free(t);
    else if (report_doc_trend(w->doc, t) < 0)
        w->rc = -1;
}

void rp_heading(struct rp_writer *w, const char *title)
{
    if (w->rc == 0 &&
        (report_doc_section(w->doc, w->key) < 0 || report_doc_heading(w->doc, title, 1) < 0))
        w->rc = -1;
}

void rp_sentences(struct rp_writer *w, const char *const *s, size_t n)
{
    if (w->rc == 0 && report_doc_list(w->doc, s, n) < 0)
        w->rc = -1;
}

char *rp_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

void rp_list_add(struct rp_list *l, char *s)
{
    if (!s || l->oom) {
        free(s);
        l->oom = 1;
        return;
    }
    if (l->n == l->cap) {
        long cap = l->cap ? 2 * l->cap : 8;
        char **p = realloc(l->s, (size_t)cap * sizeof *p);
        if (!p) {
            free(s);
            l->oom = 1;
            return;
        }
        l->s = p;
        l->cap = cap;
    }
    l->s[l->n++] = s;
}

void rp_list_free(char **s, long n)
{
    for (long i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

char *rp_p_phrase(char *buf, size_t size, double p)
{
    char num[REPORT_NUMBER_SIZE];
    report_number_format(num, sizeof num, p, REPORT_CELL_PVALUE, 1);
    if (num[0] == '<')
        snprintf(buf, size, "p < %s", num + 1);
    else
        snprintf(buf, size, "p = %s", num);
    return buf;
}

void rp_text_open(struct rp_text *t)
{
    t->s = NULL;
    t->len = 0;
    t->f = open_memstream(&t->s, &t->len);
}

char *rp_text_close(struct rp_text *t)
{
    if (!t->f || fclose(t->f) != 0) {
        free(t->s);
        return NULL;
    }
    return t->s;
}

const char *rp_num(char *buf, double v, enum report_cell_class cls, int plain)
{
    return report_number_format(buf, REPORT_NUMBER_SIZE, v, cls, plain);
}
