/* doc.c — the document model: sections of blocks, built first and rendered
 * afterwards by one backend per format.
 *
 * Building before rendering is what lets a report be whole or an error: a
 * block that could not be built marks the document failed, and nothing is
 * written for a failed document.  It also lets backends that need the whole
 * document (a table of contents, one worksheet per section) see it all.
 * The text, Markdown and CSV backends render block by block in order, here;
 * other formats are a file each, listed in the table at the end.
 */
#include "report/report.h"
#include "report/report_internal.h"

#include <stdlib.h>
#include <string.h>

struct report_doc *report_doc_new(const char *title, const char *lang)
{
    struct report_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    int failed = 0;
    d->title = rp_strdup(title ? title : "", &failed);
    d->lang = rp_strdup(lang ? lang : "en", &failed);
    if (failed) {
        report_doc_free(d);
        return NULL;
    }
    return d;
}

static void block_free(struct report_block *b)
{
    free(b->text);
    for (size_t i = 0; i < b->n_items; i++)
        free(b->items[i]);
    free(b->items);
    report_table_free(b->table);
    report_bars_free(b->bars);
    report_likert_free(b->likert);
    report_trend_free(b->trend);
}

void report_doc_free(struct report_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_blocks; i++)
        block_free(&d->blocks[i]);
    for (size_t i = 0; i < d->n_sections; i++) {
        free(d->sections[i].key);
        free(d->sections[i].title);
    }
    free(d->blocks);
    free(d->sections);
    free(d->title);
    free(d->lang);
    free(d);
}

int report_doc_section(struct report_doc *d, const char *key)
{
    struct report_section *s = rp_grow(d->sections, &d->cap_sections, d->n_sections, sizeof *s);
    if (!s)
        return d->failed = 1, -1;
    d->sections = s;
    int failed = 0;
    char *k = rp_strdup(key ? key : "", &failed);
    if (failed)
        return d->failed = 1, -1;
    s[d->n_sections++] = (struct report_section){k, NULL};
    return 0;
}

/* Append B (whose contents the document now owns, also on failure). */
static int add_block(struct report_doc *d, struct report_block b)
{
    if (!d->n_sections && report_doc_section(d, "") < 0) {
        block_free(&b);
        return -1;
    }
    struct report_block *blocks = rp_grow(d->blocks, &d->cap_blocks, d->n_blocks, sizeof *blocks);
    if (!blocks) {
        block_free(&b);
        return d->failed = 1, -1;
    }
    d->blocks = blocks;
    b.section = d->n_sections - 1;
    blocks[d->n_blocks++] = b;
    return 0;
}

int report_doc_heading(struct report_doc *d, const char *title, int level)
{
    int failed = 0;
    struct report_block b = {.kind = REPORT_BLOCK_HEADING, .level = level,
                             .text = rp_strdup(title ? title : "", &failed)};
    if (failed || add_block(d, b) < 0)
        return d->failed = 1, -1;
    struct report_section *s = &d->sections[d->n_sections - 1];
    if (level <= 1 && !s->title && !(s->title = rp_strdup(title ? title : "", &failed)))
        return d->failed = 1, -1;
    return 0;
}

int report_doc_list(struct report_doc *d, const char *const *items, size_t n)
{
    struct report_block b = {.kind = REPORT_BLOCK_LIST};
    if (n && !(b.items = calloc(n, sizeof *b.items)))
        return d->failed = 1, -1;
    int failed = 0;
    for (; b.n_items < n && !failed; b.n_items++)
        b.items[b.n_items] = rp_strdup(items[b.n_items] ? items[b.n_items] : "", &failed);
    if (failed) {
        block_free(&b);
        return d->failed = 1, -1;
    }
    return add_block(d, b);
}

/* Take OBJ into a block of KIND; INCOMPLETE is its latched failure. */
#define ADD_OBJECT(d, field, kind_, obj)                                                   \
    do {                                                                                   \
        if (!(obj) || (obj)->failed) {                                                     \
            struct report_block gone = {.field = (obj)};                                   \
            block_free(&gone);                                                             \
            return (d)->failed = 1, -1;                                                    \
        }                                                                                  \
        return add_block((d), (struct report_block){.kind = (kind_), .field = (obj)});     \
    } while (0)

int report_doc_table(struct report_doc *d, struct report_table *t)
{
    ADD_OBJECT(d, table, REPORT_BLOCK_TABLE, t);
}

int report_doc_bars(struct report_doc *d, struct report_bars *b)
{
    ADD_OBJECT(d, bars, REPORT_BLOCK_BARS, b);
}

int report_doc_likert(struct report_doc *d, struct report_likert *l)
{
    ADD_OBJECT(d, likert, REPORT_BLOCK_LIKERT, l);
}

int report_doc_trend(struct report_doc *d, struct report_trend *t)
{
    ADD_OBJECT(d, trend, REPORT_BLOCK_TREND, t);
}

/* ## Text, Markdown and CSV: block after block */

static int render_block(const struct report_block *b, const struct report_options *o, FILE *out)
{
    switch (b->kind) {
    case REPORT_BLOCK_HEADING:
        return report_heading_render(b->text, b->level, o, out);
    case REPORT_BLOCK_LIST:
        return report_list_render((const char *const *)b->items, b->n_items, o, out);
    case REPORT_BLOCK_TABLE:
        return report_table_render(b->table, o, out);
    case REPORT_BLOCK_BARS:
        return report_bars_render(b->bars, o, out);
    case REPORT_BLOCK_LIKERT:
        return report_likert_render(b->likert, o, out);
    case REPORT_BLOCK_TREND:
        return report_trend_render(b->trend, o, out);
    }
    return -1;
}

static int render_stream(const struct report_doc *d, const struct report_options *o, FILE *out)
{
    if (o->format == REPORT_FORMAT_CSV && report_csv_header(out) < 0)
        return -1;
    struct report_options so = *o;
    for (size_t i = 0; i < d->n_blocks; i++) {
        so.section = d->sections[d->blocks[i].section].key;
        if (render_block(&d->blocks[i], &so, out) < 0)
            return -1;
    }
    return 0;
}

/* One renderer per format. */
static int (*const backends[])(const struct report_doc *, const struct report_options *,
                               FILE *) = {
    [REPORT_FORMAT_TEXT] = render_stream,
    [REPORT_FORMAT_MARKDOWN] = render_stream,
    [REPORT_FORMAT_CSV] = render_stream,
    [REPORT_FORMAT_HTML] = rp_html_render,
    [REPORT_FORMAT_XLSX] = rp_xlsx_render,
};

int report_doc_render(const struct report_doc *d, const struct report_options *o, FILE *out)
{
    if (!d || d->failed || (size_t)o->format >= sizeof backends / sizeof backends[0] ||
        !backends[o->format])
        return -1;
    if (backends[o->format](d, o, out) < 0)
        return -1;
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
