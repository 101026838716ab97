/* csv.c — from raw bytes to UTF-8 CSV records with their physical line.
 *
 * Bytes arrive in chunks of any size (down to one byte).  The encoding is
 * decided once: a UTF-8 BOM means UTF-8; otherwise, under AUTO, ASCII passes
 * through undecided until the first non-ASCII byte, and the 4 KiB window that
 * starts there decides: valid UTF-8 means UTF-8, anything else GB18030.  The
 * window is the same whatever the chunk size, so the decision is too.  GB18030
 * is converted with iconv; a sequence cut by a chunk boundary is carried to
 * the next chunk, and one that is invalid, or cut by the end of the file, is
 * an error that names its line.
 *
 * libcsv runs in strict mode with CSV_REPALL_NL so that every line end is
 * reported: a record's first line is the line after the previous record's
 * end plus the blank lines in between, and newlines inside quoted fields are
 * counted as the fields arrive.  A "\r\n" counts as one line end, as does a
 * lone "\r" or "\n".  Fields are copied into one reused buffer: nothing is
 * allocated per cell.
 */
#include "survey/survey_internal.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { DECIDE_WINDOW = 4096, MAX_FIELDS = 1 << 20, MAX_RECORD = 256 << 20 };

struct csv_reader {
    const char *name;
    enum survey_encoding want, enc; /* enc: AUTO while undecided */
    int started, bom;
    iconv_t cd;
    struct buf carry; /* raw bytes not yet consumed */
    struct buf conv;  /* iconv output */
    struct csv_parser p;
    rd_sink fn;
    void *ctx;
    /* the record being assembled */
    struct buf fields;
    size_t *off, *flen;
    const char **fptr;
    size_t nf, capf;
    long line;     /* the line the next record starts on */
    long embedded; /* line ends inside the fields so far */
    int prev_cr;   /* the last line end was a "\r" */
    int stopped;   /* a callback or limit stopped the parse */
    struct survey_error *err;
};

static int grow_fields(struct csv_reader *r)
{
    size_t cap = r->capf ? r->capf * 2 : 64;
    if (cap > MAX_FIELDS) {
        r->stopped = 1;
        return survey_error_set(r->err, SURVEY_ERR_LIMIT, r->name, r->line,
                                "a record has more than %d fields", MAX_FIELDS);
    }
    size_t *off = realloc(r->off, cap * sizeof *off);
    if (off)
        r->off = off;
    size_t *flen = off ? realloc(r->flen, cap * sizeof *flen) : NULL;
    if (flen)
        r->flen = flen;
    const char **fptr = flen ? realloc(r->fptr, cap * sizeof *fptr) : NULL;
    if (fptr)
        r->fptr = fptr;
    if (!fptr) {
        r->stopped = 1;
        return survey_error_set(r->err, SURVEY_ERR_NOMEM, r->name, r->line, "out of memory");
    }
    r->capf = cap;
    return 0;
}

static void on_field(void *data, size_t len, void *vr)
{
    struct csv_reader *r = vr;
    if (r->stopped || (r->nf == r->capf && grow_fields(r) < 0))
        return;
    const char *s = data ? data : "";
    size_t at = r->fields.len;
    if (at + len > MAX_RECORD) {
        r->stopped = 1;
        survey_error_set(r->err, SURVEY_ERR_LIMIT, r->name, r->line,
                    "a record is larger than %d MiB", MAX_RECORD >> 20);
        return;
    }
    if (r->fields.cap - at <= len + 1 && buf_reserve(&r->fields, len + 1) < 0) {
        r->stopped = 1;
        survey_error_set(r->err, SURVEY_ERR_NOMEM, r->name, r->line, "out of memory");
        return;
    }
    size_t nf = r->nf;
    r->off[nf] = at;
    r->flen[nf] = len;
    r->nf = nf + 1;
    r->fields.len = at + len + 1;
    /* The copy and its NUL, after every field of the reader is updated (a
       byte store could alias them).  Only a quoted field can hold a line end;
       most fields are a byte or two, copied and checked in one plain loop. */
    char *to = r->fields.data + at;
    int has_eol = 0;
    if (len < 16) {
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            to[i] = c;
            has_eol |= (c == '\n') | (c == '\r');
        }
    } else {
        memcpy(to, s, len);
        has_eol = memchr(s, '\n', len) || memchr(s, '\r', len);
    }
    to[len] = '\0';
    if (has_eol) {
        int cr = 0;
        r->embedded += text_count_lines(s, len, &cr);
    }
}

static void on_record(int c, void *vr)
{
    struct csv_reader *r = vr;
    if (r->stopped)
        return;
    if (r->nf == 0) {
        /* An empty line (a record of no fields), or the "\n" of a "\r\n"
           that ended the previous line. */
        if (!(c == '\n' && r->prev_cr) && c != -1) {
            struct rd_record rec = {0, r->fptr, r->flen, r->line};
            r->line++;
            if (r->fn(r->ctx, &rec) < 0)
                r->stopped = 1;
        }
        r->prev_cr = c == '\r';
        return;
    }
    for (size_t i = 0; i < r->nf; i++)
        r->fptr[i] = r->fields.data + r->off[i];
    struct rd_record rec = {r->nf, r->fptr, r->flen, r->line};
    if (r->fn(r->ctx, &rec) < 0)
        r->stopped = 1;
    r->line += r->embedded + (c != -1);
    r->prev_cr = c == '\r';
    r->embedded = 0;
    r->nf = 0;
    r->fields.len = 0;
}

struct csv_reader *csv_reader_new(const char *name, enum survey_encoding enc, rd_sink fn,
                                  void *ctx)
{
    struct csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        free(r);
        return NULL;
    }
    r->name = name;
    r->want = enc;
    r->enc = SURVEY_ENC_AUTO;
    r->cd = (iconv_t)-1;
    r->fn = fn;
    r->ctx = ctx;
    r->line = 1;
    return r;
}

void csv_reader_free(struct csv_reader *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    buf_free(&r->carry);
    buf_free(&r->conv);
    buf_free(&r->fields);
    free(r->off);
    free(r->flen);
    free(r->fptr);
    free(r);
}

void csv_reader_resume(struct csv_reader *r, enum survey_encoding enc, long line)
{
    r->started = 1;
    r->enc = enc;
    r->line = line;
}

long csv_reader_line(const struct csv_reader *r)
{
    return r->line;
}

int csv_reader_decided(const struct csv_reader *r)
{
    return r->enc != SURVEY_ENC_AUTO;
}

int csv_reader_at_record_start(const struct csv_reader *r)
{
    /* libcsv's state 0 is "row not begun" (libcsv.c, ROW_NOT_BEGUN). */
    return !r->stopped && r->nf == 0 && r->carry.len == 0 && r->p.pstate == 0 &&
           r->p.entry_pos == 0;
}

enum survey_encoding csv_reader_encoding(const struct csv_reader *r, int *bom)
{
    if (bom)
        *bom = r->bom;
    return r->enc == SURVEY_ENC_AUTO ? SURVEY_ENC_UTF8 : r->enc;
}

/* The physical line the parser has reached: the current record's first line,
   plus the line ends in its finished fields and in the field libcsv holds. */
static long current_line(const struct csv_reader *r)
{
    int cr = 0;
    return r->line + r->embedded +
           (r->p.entry_buf ? text_count_lines((const char *)r->p.entry_buf, r->p.entry_pos, &cr) : 0);
}

/* libcsv grows the buffer of the field being read by a fixed block, 128
   bytes unless told otherwise (csv_set_blk_size; libcsv.c,
   csv_increase_buffer), so a field of n bytes costs n / 128 reallocations,
   each of which may copy the field: quadratic, and under AddressSanitizer,
   whose realloc always copies, a 4 MiB field took over a minute.  The block
   is set here, before each piece of at most PIECE bytes, to the buffer's
   current size: the buffer then doubles, and within one piece a field grows
   by at most PIECE / MIN_BLOCK steps.  Returns what csv_parse() consumed. */
enum { PIECE = 64 << 10, MIN_BLOCK = 4096 };

static size_t parse_pieces(struct csv_reader *r, const char *s, size_t n)
{
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < PIECE ? n - done : PIECE;
        size_t have = csv_get_buffer_size(&r->p);
        csv_set_blk_size(&r->p, have > MIN_BLOCK ? have : MIN_BLOCK);
        size_t got = csv_parse(&r->p, s + done, k, on_field, on_record, r);
        done += got;
        if (got != k || r->stopped)
            break;
    }
    return done;
}

/* Hand decoded UTF-8 to libcsv, dropping a BOM at the very start. */
static int parse_utf8(struct csv_reader *r, const char *s, size_t len)
{
    if (!r->started && len) {
        r->started = 1;
        if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
            r->bom = 1;
            s += 3;
            len -= 3;
        }
    }
    /* A NUL byte is no text: fields are C strings from here on (ids, the
       records --rejects writes back), so it would cut them short silently. */
    const char *nul = memchr(s, '\0', len);
    size_t n = nul ? (size_t)(nul - s) : len;
    size_t done = parse_pieces(r, s, n);
    if (r->stopped)
        return -1;
    if (done != n) {
        if (csv_error(&r->p) == CSV_ENOMEM)
            return survey_error_set(r->err, SURVEY_ERR_NOMEM, r->name, current_line(r), "out of memory");
        return survey_error_set(r->err, SURVEY_ERR_CSV, r->name, current_line(r),
                           "malformed CSV: a quote inside an unquoted field, or text after a "
                           "closing quote (a quote inside a field must be doubled)");
    }
    if (nul)
        return survey_error_set(r->err, SURVEY_ERR_ENCODING, r->name, current_line(r),
                                "a NUL byte: this is not a text file (a spreadsheet, or UTF-16 "
                                "text?); save it as CSV in UTF-8 or GB18030");
    return 0;
}

static int bad_bytes(struct csv_reader *r, const unsigned char *s, size_t avail, int at_end)
{
    char hex[16] = ""; /* "E4 BD A0 E5": up to four bytes */
    for (size_t i = 0; i < avail && i < 4; i++)
        snprintf(hex + (i ? 3 * i - 1 : 0), sizeof hex - 3 * i, "%s%02X", i ? " " : "", s[i]);
    if (at_end)
        return survey_error_set(r->err, SURVEY_ERR_ENCODING, r->name, current_line(r),
                           "the file ends inside a %s character (bytes %s)",
                           r->enc == SURVEY_ENC_UTF8 ? "UTF-8" : "GB18030", hex);
    if (r->enc == SURVEY_ENC_UTF8)
        return survey_error_set(r->err, SURVEY_ERR_ENCODING, r->name, current_line(r),
                           "invalid UTF-8 (bytes %s)%s", hex,
                           r->want == SURVEY_ENC_UTF8 ? "; is the file GB18030? try --encoding gb18030"
                                                      : "");
    return survey_error_set(r->err, SURVEY_ERR_ENCODING, r->name, current_line(r),
                       "invalid GB18030 (bytes %s)", hex);
}

/* The encoding told by the LEN bytes at S, which start with the first
   non-ASCII byte and run to the end of the input or further than the window. */
static enum survey_encoding window_says(const unsigned char *s, size_t len)
{
    /* A sequence cut by the window's end (or the file's) still counts as UTF-8;
       a truncated last character is reported when it is parsed. */
    size_t window = len < DECIDE_WINDOW ? len : DECIDE_WINDOW;
    int trunc;
    size_t ok = text_utf8_valid(s, window, &trunc);
    return ok == window || trunc ? SURVEY_ENC_UTF8 : SURVEY_ENC_GB18030;
}

static int decide(struct csv_reader *r, const unsigned char *s, size_t len, int final,
                  size_t *consumed)
{
    *consumed = 0;
    if (!r->started && !final && len < 3 &&
        (!memcmp(s, "\xEF\xBB\xBF", len) || (len == 1 && (s[0] == 0xFF || s[0] == 0xFE))))
        return 0; /* wait: could still be a byte order mark */
    if (len >= 3 && !r->started && !memcmp(s, "\xEF\xBB\xBF", 3) && r->want != SURVEY_ENC_GB18030) {
        r->enc = SURVEY_ENC_UTF8;
        return 0;
    }
    /* Excel's "Unicode text" export is UTF-16 with a byte order mark. */
    if (!r->started && len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return survey_error_set(r->err, SURVEY_ERR_ENCODING, r->name, 1,
                                "UTF-16 text (Excel's \"Unicode text\"): save the file as "
                                "\"CSV UTF-8\" or plain CSV (GB18030) instead");
    if (r->want != SURVEY_ENC_AUTO) {
        r->enc = r->want;
        return 0;
    }
    size_t i = 0;
    while (i < len && s[i] < 0x80)
        i++;
    if (i == len || (len - i < DECIDE_WINDOW && !final)) {
        /* ASCII is the same in both encodings: pass it on, decide later. */
        *consumed = i;
        return parse_utf8(r, (const char *)s, i);
    }
    r->enc = window_says(s + i, len - i);
    return 0;
}

enum survey_encoding csv_sniff(const unsigned char *head, size_t head_len,
                               const unsigned char *window, size_t window_len,
                               enum survey_encoding want)
{
    if (head_len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) && want != SURVEY_ENC_GB18030)
        return SURVEY_ENC_UTF8;
    if (want != SURVEY_ENC_AUTO)
        return want;
    return window_len ? window_says(window, window_len) : SURVEY_ENC_AUTO;
}

/* Consume as much of S as can be decoded; *CONSUMED says how much. */
static int process(struct csv_reader *r, const char *s, size_t len, int final, size_t *consumed)
{
    const unsigned char *u = (const unsigned char *)s;
    *consumed = 0;
    if (r->enc == SURVEY_ENC_AUTO) {
        if (decide(r, u, len, final, consumed) < 0)
            return -1;
        if (r->enc == SURVEY_ENC_AUTO)
            return 0;
        s += *consumed, u += *consumed, len -= *consumed;
    }
    if (r->enc == SURVEY_ENC_UTF8) {
        int trunc;
        size_t ok = text_utf8_valid(u, len, &trunc);
        if (parse_utf8(r, s, ok) < 0)
            return -1;
        *consumed += ok;
        /* An invalid byte is reported with the three after it: wait for them,
           so that the message is the same whatever the chunks. */
        if (ok == len || (!final && (trunc || len - ok < 4)))
            return 0;
        return bad_bytes(r, u + ok, len - ok, trunc);
    }
    if (r->cd == (iconv_t)-1) {
        r->cd = iconv_open("UTF-8", "GB18030");
        if (r->cd == (iconv_t)-1)
            return survey_error_set(r->err, SURVEY_ERR_ENCODING, r->name, 0,
                               "this system's iconv cannot convert GB18030");
    }
    /* GB18030 takes at least as many bytes as UTF-8 for everything but
       2-byte characters (3 in UTF-8), so twice the input always fits. */
    if (r->conv.cap < 2 * len + 64) {
        char *p = realloc(r->conv.data, 2 * len + 64);
        if (!p)
            return survey_error_set(r->err, SURVEY_ERR_NOMEM, r->name, 0, "out of memory");
        r->conv.data = p;
        r->conv.cap = 2 * len + 64;
    }
    char *in = (char *)s;
    size_t inleft = len;
    while (inleft) {
        char *out = r->conv.data;
        size_t outleft = r->conv.cap;
        size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
        int e = rc == (size_t)-1 ? errno : 0;
        if (parse_utf8(r, r->conv.data, r->conv.cap - outleft) < 0)
            return -1;
        if (e == E2BIG)
            continue;
        if (e == EINVAL) {
            if (final)
                return bad_bytes(r, (const unsigned char *)in, inleft, 1);
            break; /* a character cut by the chunk's end: carry it */
        }
        if (e == EILSEQ && inleft < 4 && !final)
            break; /* as for UTF-8: the bytes shown do not depend on the chunks */
        if (e)
            return bad_bytes(r, (const unsigned char *)in, inleft, 0);
    }
    *consumed += (size_t)(in - s);
    return 0;
}

static int run(struct csv_reader *r, const char *data, size_t len, int final)
{
    const char *s = data;
    size_t n = len;
    if (r->carry.len) {
        if (buf_append(&r->carry, data, len) < 0)
            return survey_error_set(r->err, SURVEY_ERR_NOMEM, r->name, 0, "out of memory");
        s = r->carry.data;
        n = r->carry.len;
    }
    size_t used;
    if (process(r, s, n, final, &used) < 0)
        return -1;
    if (s == r->carry.data) {
        memmove(r->carry.data, r->carry.data + used, n - used);
        r->carry.len = n - used;
    } else if (used < n) {
        if (buf_append(&r->carry, s + used, n - used) < 0)
            return survey_error_set(r->err, SURVEY_ERR_NOMEM, r->name, 0, "out of memory");
    }
    return 0;
}

int csv_reader_feed(struct csv_reader *r, const char *data, size_t len, struct survey_error *err)
{
    r->err = err;
    return len ? run(r, data, len, 0) : 0;
}

int csv_reader_finish(struct csv_reader *r, struct survey_error *err)
{
    r->err = err;
    if (r->carry.len && run(r, "", 0, 1) < 0)
        return -1;
    if (r->carry.len)
        return bad_bytes(r, (const unsigned char *)r->carry.data, r->carry.len, 1);
    long start = r->line;
    if (csv_fini(&r->p, on_field, on_record, r) != 0)
        return survey_error_set(err, SURVEY_ERR_CSV, r->name, start,
                           "unbalanced quote: the quoted field in the record starting here never "
                           "ends");
    return r->stopped ? -1 : 0;
}

int csv_write_record(struct buf *out, const char *const *field, const size_t *len, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i && buf_putc(out, ',') < 0)
            return -1;
        const char *f = field[i];
        size_t fl = len[i];
        int quote = fl && (strpbrk(f, ",\"\r\n") || f[0] == ' ' || f[fl - 1] == ' ');
        if (!quote) {
            if (buf_append(out, f, fl) < 0)
                return -1;
            continue;
        }
        if (buf_putc(out, '"') < 0)
            return -1;
        for (size_t k = 0; k < fl; k++)
            if ((f[k] == '"' && buf_putc(out, '"') < 0) || buf_putc(out, f[k]) < 0)
                return -1;
        if (buf_putc(out, '"') < 0)
            return -1;
    }
    return 0;
}

/* ## Other CSV inputs */

struct record_relay {
    survey_record_fn fn;
    void *ctx;
};

static int relay(void *vr, const struct rd_record *rec)
{
    const struct record_relay *r = vr;
    return r->fn(r->ctx, rec->n, rec->field, rec->len, rec->line);
}

int survey_csv_read(const char *path, enum survey_encoding enc, const char *what,
                    survey_record_fn fn, void *ctx, struct survey_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return survey_error_set(err, SURVEY_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    struct record_relay rr = {fn, ctx};
    struct csv_reader *r = csv_reader_new(path, enc, relay, &rr);
    int rc = r ? 0 : survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
    char chunk[65536];
    size_t n, total = 0;
    /* A regular file tells its size at once; a stream is counted as read. */
    struct stat st;
    int large = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
                (unsigned long long)st.st_size > SURVEY_SMALL_MAX;
    while (rc == 0 && !large && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        large = (total += n) > SURVEY_SMALL_MAX;
        if (!large)
            rc = csv_reader_feed(r, chunk, n, err);
    }
    if (rc == 0 && large)
        rc = survey_error_set(err, SURVEY_ERR_LIMIT, path, 0, "larger than %zu MiB: too large for a %s",
                              SURVEY_SMALL_MAX >> 20, what);
    if (rc == 0 && ferror(f))
        rc = survey_error_set(err, SURVEY_ERR_IO, path, 0, "read error");
    if (rc == 0)
        rc = csv_reader_finish(r, err);
    csv_reader_free(r);
    fclose(f);
    return rc;
}
