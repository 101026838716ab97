/* source.c — the bytes of one input, from memory, from a regular file read
 * at offsets (pread: two threads may read it at once) or from a stream read
 * in order, fed to a CSV reader chunk by chunk with progress told.
 */
#include "survey/load_internal.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void progress_add(struct progress *p, size_t n, int tell)
{
    if (!p)
        return;
    size_t done = atomic_fetch_add(&p->done, n) + n;
    if (tell && p->opts->progress)
        p->opts->progress(p->opts->progress_ctx, done, p->total);
}

/* At most N bytes at offset OFF into BUF; the count, or -1 with ERR set. */
long ld_read_at(const struct source *src, size_t off, char *buf, size_t n,
                    struct survey_error *err)
{
    if (src->mem) {
        if (off >= src->size)
            return 0;
        size_t k = src->size - off < n ? src->size - off : n;
        memcpy(buf, src->mem + off, k);
        return (long)k;
    }
    for (;;) {
        ssize_t k = pread(src->fd, buf, n, (off_t)off);
        if (k >= 0)
            return (long)k;
        if (errno != EINTR)
            return survey_error_set(err, SURVEY_ERR_IO, src->name, 0, "read error: %s",
                                    strerror(errno));
    }
}

/* Feed bytes [FROM, TO) to R (TO is ignored for a stream, read to its end).
   STOP, when set by another thread, ends the feeding early (returns 0).
   TELL: this thread reports progress. */
int ld_feed(const struct source *src, size_t from, size_t to, struct csv_reader *r,
                _Atomic int *stop, int tell, struct survey_error *err)
{
    if (src->mem) {
        for (size_t off = from; off < to && !(stop && *stop); off += src->chunk) {
            size_t n = to - off < src->chunk ? to - off : src->chunk;
            if (csv_reader_feed(r, src->mem + off, n, err) < 0)
                return -1;
            progress_add(src->progress, n, tell);
        }
        return 0;
    }
    char *buf = malloc(src->chunk);
    if (!buf)
        return survey_error_set(err, SURVEY_ERR_NOMEM, src->name, 0, "out of memory");
    int rc = 0;
    if (src->fd < 0) {
        size_t n;
        if (src->head_len) {
            rc = csv_reader_feed(r, src->head, src->head_len, err);
            progress_add(src->progress, src->head_len, tell);
        }
        while (rc == 0 && (n = fread(buf, 1, src->chunk, src->stream)) > 0) {
            rc = csv_reader_feed(r, buf, n, err);
            progress_add(src->progress, n, tell);
        }
        if (rc == 0 && ferror(src->stream))
            rc = survey_error_set(err, SURVEY_ERR_IO, src->name, 0, "read error: %s",
                                  strerror(errno));
    } else {
        for (size_t off = from; rc == 0 && off < to && !(stop && *stop);) {
            long n = ld_read_at(src, off, buf, to - off < src->chunk ? to - off : src->chunk, err);
            if (n <= 0) { /* an error, or the file shrank: read what is there */
                rc = n < 0 ? -1 : 0;
                break;
            }
            rc = csv_reader_feed(r, buf, (size_t)n, err);
            progress_add(src->progress, (size_t)n, tell);
            off += (size_t)n;
        }
    }
    free(buf);
    return rc;
}
