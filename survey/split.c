/* split.c — a large CSV file read in two halves at once, by two threads,
 * with the result always the one a single reader would make.
 */
#include "survey/load_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ## Two halves at once
 *
 * A large file is cut in two at a line end outside any quoted field, and a
 * second thread loads the second half while the first loads the first.  The
 * cut is exact: in well-formed CSV a quote opens or closes a quoted field, or
 * is half of a doubled quote, so a line end is outside quotes exactly when an
 * even number of quotes precedes it.  Malformed CSV stops the first half at
 * the same record as it would stop the whole file.
 *
 * Counting the line ends before the cut gives the second half its first line
 * and a bound on the first half's respondents: the second thread writes its
 * respondents into the survey's own arrays right after that bound, so that
 * nothing is copied (when no record of the first half was rejected or blank,
 * they are already in place; else they move down).  Its ids, lines,
 * problems and counts go into a part of its own (struct ld_part), appended
 * to the survey's at the end.  Whenever the
 * halves might not add up to what one reader would have made -- the first
 * half not ending where the second begins, an error in the second half, an
 * id in both halves -- the second half is dropped and the first half's
 * reader goes on through it alone, so the result is always the one-thread
 * result.
 */
enum { SPLIT_MIN = 8 << 20 }; /* smaller files: one thread */

/* What find_cut learns of the bytes before the cut. */
struct cut {
    size_t at;        /* just after the first line end at or after the middle
                         with an even number of quotes before it; 0: none */
    size_t high;      /* the first non-ASCII byte, or the size if none before AT */
    long lines;       /* line ends before AT ("\r\n" counts once) */
    long outside;     /* of which outside quoted fields: records and blank lines */
};

/* Whether any byte of the 8 in W is C. */
static int has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (0x0101010101010101u * c);
    return ((x - 0x0101010101010101u) & ~x & 0x8080808080808080u) != 0;
}

static void find_cut(const struct source *src, size_t mid, struct cut *c, struct survey_error *err)
{
    enum { BLOCK = 1 << 20 };
    memset(c, 0, sizeof *c);
    c->high = src->size;
    char *buf = src->mem ? NULL : malloc(BLOCK);
    if (!src->mem && !buf)
        return;
    size_t quotes = 0;
    int prev_cr = 0;
    for (size_t off = 0; off < src->size && !c->at;) {
        size_t want = src->size - off < BLOCK ? src->size - off : BLOCK;
        const char *b = src->mem ? src->mem + off : buf;
        long n = src->mem ? (long)want : ld_read_at(src, off, buf, want, err);
        if (n <= 0)
            break;
        const unsigned char *u = (const unsigned char *)b;
        for (size_t i = 0; i < (size_t)n; i++) {
            /* Most of a survey is digits and commas: skip eight at a time. */
            while ((size_t)n - i >= 8) {
                uint64_t w;
                memcpy(&w, u + i, 8);
                if (has_byte(w, '"') || has_byte(w, '\n') || has_byte(w, '\r') ||
                    (c->high == src->size && (w & 0x8080808080808080u)))
                    break;
                i += 8;
                prev_cr = 0;
            }
            if (i == (size_t)n)
                break;
            unsigned char ch = u[i];
            if (ch >= 0x80 && c->high == src->size)
                c->high = off + i;
            if (ch == '"') {
                quotes++;
            } else if (ch == '\r' || (ch == '\n' && !prev_cr)) {
                c->lines++;
                c->outside += quotes % 2 == 0;
            }
            prev_cr = ch == '\r';
            if (ch == '\n' && quotes % 2 == 0 && off + i >= mid) {
                c->at = off + i + 1;
                break;
            }
        }
        off += (size_t)n;
    }
    free(buf);
    if (c->at >= src->size)
        c->at = 0;
    if (c->high >= c->at)
        c->high = src->size;
}

/* The second half.  Its thread finds the cut (after MID) while the first
   thread reads up to MID, then tells it through CUT and the condition. */
struct half {
    struct ld_part part;  /* the second half's respondents, ids, lines, problems */
    struct arena arena;   /* its problems' strings */
    struct file_ctx fc;   /* its sink: the survey read only, PART written */
    struct csv_reader *r;
    const struct source *src;
    size_t mid;
    size_t first_row; /* the whole survey's respondents before this file */
    size_t cap;       /* its arrays' room, fixed while the halves load */
    size_t row;       /* where the second half's respondents go */
    long line;        /* the line the second half starts on */
    pthread_mutex_t lock;
    pthread_cond_t found;
    int cut_known; /* under LOCK */
    size_t cut;    /* 0: no cut, one thread reads everything */
    _Atomic int stop;
    struct survey_error err;
    int rc;
};

static void tell_cut(struct half *h, size_t cut)
{
    pthread_mutex_lock(&h->lock);
    h->cut = cut;
    h->cut_known = 1;
    pthread_cond_signal(&h->found);
    pthread_mutex_unlock(&h->lock);
}

static size_t wait_cut(struct half *h)
{
    pthread_mutex_lock(&h->lock);
    while (!h->cut_known)
        pthread_cond_wait(&h->found, &h->lock);
    size_t cut = h->cut;
    pthread_mutex_unlock(&h->lock);
    return cut;
}

/* The encoding one reader of the whole file would decide, as far as it
   concerns bytes after CUT: a byte order mark or a choice decides at the
   start, else the window at the first non-ASCII byte HIGH if it comes before
   the cut; else the second half decides for itself (AUTO). */
static enum survey_encoding half_encoding(const struct half *h, size_t high, size_t cut)
{
    unsigned char head[3], window[4096];
    long nh = ld_read_at(h->src, 0, (char *)head, sizeof head, NULL);
    long nw = high < cut ? ld_read_at(h->src, high, (char *)window, sizeof window, NULL) : 0;
    return csv_sniff(head, nh > 0 ? (size_t)nh : 0, window, nw > 0 ? (size_t)nw : 0,
                     h->fc.opts->encoding);
}

static void *load_half(void *vh)
{
    struct half *h = vh;
    struct cut c;
    find_cut(h->src, h->mid, &c, &h->err);
    /* Room for the most respondents the second half can hold after the most
       the first can (its records, less the header), or one thread. */
    h->row = h->first_row + (size_t)(c.outside > 0 ? c.outside - 1 : 0);
    if (c.at && h->row + (h->src->size - c.at) / h->fc.n_fields + 2 > h->cap)
        c.at = 0;
    h->line = c.lines + 1;
    if (c.at) {
        h->part.base = h->row;
        h->part.cap = h->cap - h->row;
        csv_reader_resume(h->r, half_encoding(h, c.high, c.at), h->line);
    }
    tell_cut(h, c.at);
    if (!c.at)
        return NULL;
    h->rc = ld_feed(h->src, c.at, h->src->size, h->r, &h->stop, 0, &h->err);
    if (h->rc == 0)
        h->rc = csv_reader_finish(h->r, &h->err);
    return NULL;
}

/* Append the second half H to FC's file, the first half having loaded up
   to respondent FC->out->n.  0, 1 when the halves do not fit together (an id
   in both), -1 out of memory. */
static int append_half(struct file_ctx *fc, struct half *h)
{
    struct survey *s = fc->s;
    struct ld_part *a = &s->impl->part;
    const struct ld_part *b = &h->part;
    struct idset *ia = &a->ids;
    const struct idset *ib = &b->ids;
    size_t n1 = a->n, n2 = b->n, row;
    int in_order =
        !ia->unsorted && !ib->unsorted &&
        (ia->count == 0 || ib->count == 0 ||
         ld_idset_cmp(ia, ia->count - 1, ld_idset_id(ib, 0), strlen(ld_idset_id(ib, 0))) < 0);
    for (size_t k = 0; k < ib->count && !in_order; k++)
        if (ld_idset_has(ia, ld_idset_id(ib, k), strlen(ld_idset_id(ib, k)), &row))
            return 1;
    if (in_order) {
        if (ld_idset_append_all(ia, ib, n1) < 0)
            return -1;
    } else {
        for (size_t k = 0; k < ib->count; k++) {
            const char *id = ld_idset_id(ib, k);
            if (ld_idset_add(ia, id, strlen(id), ld_idset_row(ib, k) + n1, &row) != 0)
                return -1; /* a repeat was ruled out above */
        }
    }
    if (b->base > n1) { /* records of the first half were rejected or blank */
        for (size_t j = 0; j < s->n_vars; j++) {
            memmove(s->vars[j].v + n1, s->vars[j].v + b->base, n2 * sizeof *s->vars[j].v);
            if (s->vars[j].d)
                memmove(s->vars[j].d + n1, s->vars[j].d + b->base, n2 * sizeof *s->vars[j].d);
        }
        if (s->weight)
            memmove(s->weight + n1, s->weight + b->base, n2 * sizeof *s->weight);
        if (s->duration)
            memmove(s->duration + n1, s->duration + b->base, n2 * sizeof *s->duration);
    }
    for (size_t k = 0; k < b->n_straight; k++)
        if (ld_note_straight(a, b->straight[k] + n1) < 0)
            return -1;
    for (size_t k = 0; k < b->lines.count; k++)
        if (ld_lines_note(&a->lines, b->lines.row[k] + n1, b->lines.line[k]) < 0)
            return -1;
    a->n += n2;
    for (size_t k = 0; k < b->n_problems; k++) {
        const struct survey_problem *p = &b->problems[k];
        if (ld_add_problem(s, a, p->reason, fc->file, p->line, p->column, p->value,
                           strlen(p->value), p->detail, p->record) < 0)
            return -1;
    }
    fc->count.read += h->fc.count.read;
    fc->count.loaded += h->fc.count.loaded;
    fc->count.excluded += h->fc.count.excluded;
    fc->count.blank += h->fc.count.blank;
    fc->count.warnings += h->fc.count.warnings;
    return 0;
}

/* Load SRC into R's survey in two halves when it pays (see above); else, or
   for whatever the halves leave, in one.  *LATE_ENC gets the second half's
   encoding when only it decided one (the first half was all ASCII). */
int ld_feed_halves(struct file_ctx *fc, struct csv_reader *r, const struct source *src,
                       enum survey_encoding *late_enc, struct survey_error *err)
{
    struct survey *s = fc->s;
    const struct survey_load_opts *opts = fc->opts;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    /* Categories found in the data are numbered as they come: one reader. */
    int two = !s->impl->n_dyn && (opts->threads >= 2 ||
                                  (opts->threads == 0 && cpus >= 2 && src->size >= SPLIT_MIN));
    size_t pos = 0;
    /* The header first: the second half needs the first half's column plan. */
    while (two && !fc->have_header && pos < src->size) {
        size_t n = src->size - pos < src->chunk ? src->size - pos : src->chunk;
        if (ld_feed(src, pos, pos + n, r, NULL, 1, err) < 0)
            return -1;
        pos += n;
    }
    if (!two || !fc->have_header || pos == src->size)
        return ld_feed(src, pos, src->size, r, NULL, 1, err);

    struct half h = {.src = src, .mid = pos + (src->size - pos) / 2,
                     .first_row = s->impl->file_first_row[fc->file],
                     .cap = s->impl->part.cap};
    h.part.arena = &h.arena;
    h.fc = (struct file_ctx){.s = s, .out = &h.part, .file = fc->file, .opts = opts,
                             .err = &h.err, .have_header = 1, .n_fields = fc->n_fields,
                             .colof = fc->colof, .plan = fc->plan};
    int ok = (h.fc.row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *h.fc.row)) != NULL &&
             (h.fc.drow = malloc((s->n_vars ? s->n_vars : 1) * sizeof *h.fc.drow)) != NULL &&
         (h.r = csv_reader_new(s->files[fc->file].name, opts->encoding, ld_record, &h.fc)) != NULL;
    pthread_t thread;
    int started = ok && pthread_mutex_init(&h.lock, NULL) == 0;
    if (started && pthread_cond_init(&h.found, NULL) != 0) {
        pthread_mutex_destroy(&h.lock);
        started = 0;
    }
    if (started && pthread_create(&thread, NULL, load_half, &h) != 0) {
        pthread_cond_destroy(&h.found);
        pthread_mutex_destroy(&h.lock);
        started = 0;
    }
    /* Up to the middle while the other thread finds the cut, which is never
       before the middle; then up to the cut.  The first half's respondents
       stay below the second's (see load_half), so the arrays never grow. */
    size_t cut = 0;
    int rc = 0;
    if (started) {
        rc = ld_feed(src, pos, h.mid, r, NULL, 1, err);
        cut = wait_cut(&h);
        pos = h.mid;
        if (rc == 0 && cut) {
            rc = ld_feed(src, pos, cut, r, NULL, 1, err);
            pos = cut;
        }
        if (rc < 0)
            h.stop = 1;
        pthread_join(thread, NULL);
        pthread_cond_destroy(&h.found);
        pthread_mutex_destroy(&h.lock);
    }
    if (cut && rc == 0 && h.rc == 0 && csv_reader_at_record_start(r) &&
        csv_reader_line(r) == h.line && fc->out->n <= h.row) {
        if (!csv_reader_decided(r) && csv_reader_decided(h.r))
            *late_enc = csv_reader_encoding(h.r, NULL);
        int m = append_half(fc, &h);
        if (m < 0)
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0, "out of memory");
        if (m == 0) {
            s->files[fc->file].halves = 2;
            pos = src->size;
        }
    }
    csv_reader_free(h.r);
    free(h.fc.row);
    free(h.fc.drow);
    buf_free(&h.fc.scratch);
    ld_part_free(&h.part);
    arena_free(&h.arena);
    if (rc < 0)
        return rc;
    return ld_feed(src, pos, src->size, r, NULL, 1, err); /* one reader for what is left */
}
