/* sav.c — SPSS (.sav, .zsav, .por) and Stata (.dta) files, read through
 * ReadStat.
 *
 * ReadStat parses; this file gives it input (a file descriptor or bytes in
 * memory, through its I/O hooks), turns what its callbacks deliver into the
 * records every reader writes (the variable names, then one record per case,
 * every cell as text) and collects the metadata a drafted codebook takes from
 * the file: variable labels, value labels, user-missing values.
 *
 * Cells.  A number is written as reader.h says, whatever its print format
 * (F8.2 or %9.0g do not matter): a whole number as its digits, any other as
 * the shortest text that reads back as the same double (a Stata float: the
 * same float).  SPSS date formats (DATE, ADATE, EDATE, JDATE, SDATE, QYR,
 * MOYR, WKYR) give "YYYY-MM-DD" and DATETIME "YYYY-MM-DD HH:MM:SS" (seconds
 * since 1582-10-14); Stata %td gives the date (days since 1960-01-01) and %tc
 * the date and time (milliseconds since 1960-01-01 00:00); a fraction of a
 * second is kept to the millisecond ("12:00:00.5").  Other formats (TIME,
 * DTIME, WKDAY, MONTH; Stata %tC, %tw, %tm, %tq, %th, %ty) are plain
 * numbers.  System-missing values and Stata's missing values (., .a to .z)
 * are "".  SPSS user-missing values are written as the values they are: the
 * codebook's missing list makes them missing.  Strings are UTF-8 (ReadStat
 * converts from the file's encoding), trailing blanks removed as SPSS pads
 * them.
 *
 * Encodings.  An SPSS file names its own; a Stata file from version 14 on is
 * UTF-8, older ones are read as Windows-1252 as ReadStat does.  A file that
 * declares a Chinese GB2312 or GBK code page is read as GB18030, their
 * superset, so that a character outside GB2312 does not stop it.  A wanted
 * encoding other than auto (opts->encoding) overrides whatever the file says.
 */
#include "survey/sav_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const kind_name[] = {
    [KIND_SAV] = "sav", [KIND_ZSAV] = "zsav", [KIND_POR] = "por", [KIND_DTA] = "dta"};
const char *const sav_kind_title[] = {
    [KIND_SAV] = "SPSS", [KIND_ZSAV] = "SPSS", [KIND_POR] = "SPSS portable", [KIND_DTA] = "Stata"};

/* ## Detection */

/* A portable file starts with 200 bytes of title, a 256-byte table that maps
   the portable character set to the file's bytes, then "SPSSPORT" written
   through that table, all in lines of at most 80 characters that a line
   break pads with spaces.  The signature is checked as ReadStat reads it:
   on the line-joined text, each letter translated by the table (positions of
   the portable character set: digits from 64, capitals from 74). */
#define POR_SIG_END 464

static int por_signature(const unsigned char *h, size_t n)
{
    int c[POR_SIG_END];
    size_t k = 0, col = 0;
    for (size_t i = 0; i < n && k < POR_SIG_END; i++) {
        if (h[i] == '\r' || h[i] == '\n') {
            if (h[i] == '\r' && i + 1 < n && h[i + 1] == '\n')
                i++;
            while (col < 80 && k < POR_SIG_END)
                c[k++] = -1, col++;
            col = 0;
            continue;
        }
        if (col == 80)
            return 0;
        c[k++] = h[i];
        col++;
    }
    if (k < POR_SIG_END)
        return 0;
    const int *table = c + 200;
    int space = table[126] >= 0 ? table[126] : ' ';
    for (size_t i = 0; i < POR_SIG_END; i++)
        if (c[i] < 0)
            c[i] = space;
    static const char sig[] = "SPSSPORT";
    /* S, P, O, R, T must be five different bytes, or any run would match. */
    static const int pos[] = {74 + 'S' - 'A', 74 + 'P' - 'A', 74 + 'O' - 'A', 74 + 'R' - 'A',
                              74 + 'T' - 'A'};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = i + 1; j < 5; j++)
            if (table[pos[i]] == table[pos[j]])
                return 0;
    for (size_t i = 0; i < 8; i++)
        if (c[456 + i] != table[74 + sig[i] - 'A'])
            return 0;
    return 1;
}

static enum kind sniff(const unsigned char *h, size_t n)
{
    if (n >= 4 && !memcmp(h, "$FL2", 4))
        return KIND_SAV;
    if (n >= 4 && !memcmp(h, "$FL3", 4))
        return KIND_ZSAV;
    /* Stata 13 and later (formats 117-119) are XML-like; formats 104-115
       open with the format number, the byte order (1 HILO, 2 LOHI) and the
       file type 1. */
    if (n >= 11 && !memcmp(h, "<stata_dta>", 11))
        return KIND_DTA;
    if (n >= 4 && h[0] >= 104 && h[0] <= 115 && (h[1] == 1 || h[1] == 2) && h[2] == 1)
        return KIND_DTA;
    if (por_signature(h, n))
        return KIND_POR;
    return KIND_NONE;
}

static int sav_detect(const unsigned char *head, size_t len)
{
    return sniff(head, len) != KIND_NONE;
}

/* ## Input: ReadStat's I/O hooks over a file descriptor or a buffer */

struct io {
    const struct rd_input *in;
    int fd;
    int open_errno, read_errno;
    int64_t pos, size;
    size_t reported; /* progress: the position last reported */
};

static int io_open(const char *path, void *ctx)
{
    (void)path; /* the input is in->path or in->mem, not ReadStat's copy */
    struct io *io = ctx;
    io->pos = 0;
    io->reported = 0;
    if (io->in->mem) {
        io->size = (int64_t)io->in->size;
        return 0;
    }
    io->fd = open(io->in->path, O_RDONLY | O_CLOEXEC);
    if (io->fd < 0) {
        io->open_errno = errno;
        return -1;
    }
    off_t end = lseek(io->fd, 0, SEEK_END);
    if (end < 0 || lseek(io->fd, 0, SEEK_SET) != 0) {
        io->open_errno = errno;
        close(io->fd);
        io->fd = -1;
        return -1;
    }
    io->size = end;
    return io->fd;
}

static int io_close(void *ctx)
{
    struct io *io = ctx;
    int rc = 0;
    if (io->fd >= 0)
        rc = close(io->fd);
    io->fd = -1;
    return rc;
}

static readstat_off_t io_seek(readstat_off_t offset, readstat_io_flags_t whence, void *ctx)
{
    struct io *io = ctx;
    int64_t base = whence == READSTAT_SEEK_SET ? 0 : whence == READSTAT_SEEK_CUR ? io->pos : io->size;
    if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
        return -1;
    int64_t to = base + offset;
    if (!io->in->mem) {
        off_t r = lseek(io->fd, (off_t)to, SEEK_SET);
        if (r < 0)
            return -1;
    }
    io->pos = to;
    return (readstat_off_t)to;
}

static ssize_t io_read(void *buf, size_t n, void *ctx)
{
    struct io *io = ctx;
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    if (io->in->mem) {
        size_t left = io->pos < io->size ? (size_t)(io->size - io->pos) : 0;
        if (n > left)
            n = left;
        if (n)
            memcpy(buf, io->in->mem + io->pos, n);
        io->pos += (int64_t)n;
        return (ssize_t)n;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(io->fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            io->read_errno = errno;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    io->pos += (int64_t)got;
    return (ssize_t)got;
}

/* ReadStat calls this as it goes: the caller's progress callback, every
   256 KiB or so. */
static readstat_error_t io_update(long file_size, readstat_progress_handler handler, void *user_ctx,
                                  void *ctx)
{
    (void)file_size, (void)handler, (void)user_ctx;
    struct io *io = ctx;
    const struct survey_load_opts *o = io->in->opts;
    size_t pos = io->pos > 0 ? (size_t)io->pos : 0;
    if (o && o->progress && pos - io->reported >= (256u << 10)) {
        io->reported = pos;
        o->progress(o->progress_ctx, pos, (size_t)io->size);
    }
    return READSTAT_OK;
}

/* The first bytes of the input, for the format. */
static int read_head(const struct rd_input *in, unsigned char *head, size_t cap, size_t *len,
                     struct survey_error *err)
{
    if (in->mem) {
        *len = in->size < cap ? in->size : cap;
        if (*len)
            memcpy(head, in->mem, *len);
        return 0;
    }
    struct io io = {.in = in, .fd = -1};
    if (io_open(in->path, &io) < 0)
        return survey_error_set(err, SURVEY_ERR_IO, in->name, 0, "cannot open: %s",
                                strerror(io.open_errno));
    ssize_t r = io_read(head, cap, &io);
    io_close(&io);
    if (r < 0)
        return survey_error_set(err, SURVEY_ERR_IO, in->name, 0, "cannot read: %s",
                                strerror(io.read_errno));
    *len = (size_t)r;
    return 0;
}

/* ## Encoding names */

/* rd_info.encoding_name must outlive the read: names are kept here, lower
   case, for the life of the program (a few distinct names at most). */
static const char *intern_encoding(const char *name)
{
    static char names[16][48];
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    char low[48];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof low; n++) {
        char c = name[n];
        low[n] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    low[n] = '\0';
    /* ReadStat names code page 936 by its ISO registration. */
    if (!strcmp(low, "iso-ir-58"))
        strcpy(low, "gb2312");
    const char *out = "unknown";
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!names[i][0])
            memcpy(names[i], low, n + 1);
        if (!strcmp(names[i], low)) {
            out = names[i];
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return out;
}

/* Whether NAME is GB2312 or GBK under one of its names: read as GB18030. */
static int is_gb(const char *name)
{
    static const char *const gb[] = {"GB2312",  "ISO-IR-58",   "EUC-CN", "GBK",     "CP936",
                                     "MS936",   "WINDOWS-936", "CSGB2312", "CHINESE", "GB_2312-80"};
    for (size_t i = 0; i < sizeof gb / sizeof gb[0]; i++)
        if (!strcasecmp(name, gb[i]))
            return 1;
    return 0;
}

int sav_fail(struct parse *p, enum survey_status code, long line, const char *fmt, ...)
{
    char msg[sizeof p->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->failed = 1;
    survey_error_set(p->err, code, p->in->name, line, "%s", msg);
    return READSTAT_HANDLER_ABORT;
}

int sav_nomem(struct parse *p)
{
    return sav_fail(p, SURVEY_ERR_NOMEM, 0, "out of memory reading the %s file", sav_kind_title[p->kind]);
}

static char *dup_text(const char *s)
{
    return strdup(s ? s : "");
}

/* Whether S is valid UTF-8; if not, P fails naming WHAT. */
int sav_utf8_ok(struct parse *p, const char *s, size_t n, long line, const char *what,
                   const char *name)
{
    int trunc;
    if (text_utf8_valid((const unsigned char *)s, n, &trunc) == n)
        return 1;
    sav_fail(p, SURVEY_ERR_ENCODING, line, "%s of %s is not valid text in the file's encoding (%s)",
         what, name, p->encoding ? p->encoding : "undeclared");
    return 0;
}

static void free_missing(char **m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i]);
    free(m);
}

static void parse_free(struct parse *p)
{
    for (size_t i = 0; i < p->n_vars; i++) {
        free(p->vars[i].name);
        free(p->vars[i].label);
        free(p->vars[i].labels);
        free_missing(p->vars[i].missing, p->vars[i].n_missing);
    }
    free(p->vars);
    for (size_t i = 0; i < p->n_sets; i++) {
        for (size_t k = 0; k < p->sets[i].n; k++) {
            free(p->sets[i].v[k].str);
            free(p->sets[i].v[k].label);
        }
        free(p->sets[i].v);
        free(p->sets[i].name);
    }
    free(p->sets);
    buf_free(&p->text);
    free(p->off);
    free(p->len);
    free(p->field);
}

static int on_metadata(readstat_metadata_t *m, void *ctx)
{
    struct parse *p = ctx;
    const char *enc = readstat_get_file_encoding(m);
    p->encoding = enc ? intern_encoding(enc) : NULL;
    p->row_count = readstat_get_row_count(m);
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *ctx)
{
    struct parse *p = ctx;
    snprintf(p->rs_message, sizeof p->rs_message, "%s", msg);
    /* ReadStat's messages may quote raw bytes of the file. */
    int trunc;
    size_t ok = text_utf8_valid((const unsigned char *)p->rs_message, strlen(p->rs_message), &trunc);
    p->rs_message[ok] = '\0';
    while (ok && (p->rs_message[ok - 1] == '\n' || p->rs_message[ok - 1] == ' '))
        p->rs_message[--ok] = '\0';
}


static int on_variable(int index, readstat_variable_t *rv, const char *val_labels, void *ctx)
{
    struct parse *p = ctx;
    if (p->header_sent || index < 0 || (size_t)index != p->n_vars)
        return sav_fail(p, SURVEY_ERR_IO, 0, "malformed %s file: variable %d out of order",
                    sav_kind_title[p->kind], index + 1);
    if (p->n_vars == p->cap_vars) {
        size_t cap = p->cap_vars ? 2 * p->cap_vars : 16;
        struct var *grown = realloc(p->vars, cap * sizeof *grown);
        if (!grown)
            return sav_nomem(p);
        p->vars = grown, p->cap_vars = cap;
    }
    struct var *v = &p->vars[p->n_vars];
    memset(v, 0, sizeof *v);
    const char *name = readstat_variable_get_name(rv);
    const char *label = readstat_variable_get_label(rv);
    const char *format = readstat_variable_get_format(rv);
    v->name = dup_text(name);
    v->label = dup_text(label);
    /* ReadStat hands a Stata file's label-set name straight from its fixed
       field, unterminated when the field is full: read no more than it. */
    v->labels = val_labels ? strndup(val_labels, p->labels_max) : NULL;
    p->n_vars++;
    if (!v->name || !v->label || (val_labels && !v->labels))
        return sav_nomem(p);
    char which[32];
    snprintf(which, sizeof which, "variable %d", index + 1);
    if (!sav_utf8_ok(p, v->name, strlen(v->name), 0, "the name", which) ||
        !sav_utf8_ok(p, v->label, strlen(v->label), 0, "the label", v->name))
        return READSTAT_HANDLER_ABORT;
    if (readstat_variable_get_type_class(rv) == READSTAT_TYPE_CLASS_STRING)
        v->cell = CELL_TEXT;
    else if (p->kind == KIND_DTA)
        v->cell = sav_stata_cell_kind(format ? format : "");
    else
        v->cell = sav_spss_cell_kind(format ? format : "");
    if (p->describing && sav_collect_missing(p, v, rv))
        return p->failed ? READSTAT_HANDLER_ABORT : sav_nomem(p);
    return READSTAT_HANDLER_OK;
}

static int send_header(struct parse *p)
{
    p->header_sent = 1;
    if (!p->n_vars)
        return sav_fail(p, SURVEY_ERR_EMPTY, 0, "the %s file has no variables", sav_kind_title[p->kind]);
    p->off = malloc(p->n_vars * sizeof *p->off);
    p->len = malloc(p->n_vars * sizeof *p->len);
    p->field = malloc(p->n_vars * sizeof *p->field);
    if (!p->off || !p->len || !p->field)
        return sav_nomem(p);
    for (size_t i = 0; i < p->n_vars; i++) {
        p->field[i] = p->vars[i].name;
        p->len[i] = strlen(p->vars[i].name);
        p->off[i] = SIZE_MAX;
    }
    struct rd_record rec = {.n = p->n_vars, .field = p->field, .len = p->len, .line = 0};
    if (p->sink(p->sink_ctx, &rec) != 0) {
        p->failed = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

/* Deliver the case being assembled. */
static int flush_case(struct parse *p)
{
    if (p->obs < 0)
        return READSTAT_HANDLER_OK;
    for (size_t i = 0; i < p->n_vars; i++) {
        if (p->off[i] == SIZE_MAX) {
            p->field[i] = "";
            p->len[i] = 0;
        } else {
            p->field[i] = p->text.data + p->off[i];
        }
    }
    struct rd_record rec = {.n = p->n_vars, .field = p->field, .len = p->len, .line = p->obs + 1};
    p->cases++;
    p->obs = -1;
    p->text.len = 0;
    for (size_t i = 0; i < p->n_vars; i++)
        p->off[i] = SIZE_MAX;
    if (p->sink(p->sink_ctx, &rec) != 0) {
        p->failed = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static int on_value(int obs_index, readstat_variable_t *rv, readstat_value_t value, void *ctx)
{
    struct parse *p = ctx;
    if (!p->header_sent && send_header(p) != READSTAT_HANDLER_OK)
        return READSTAT_HANDLER_ABORT;
    int idx = readstat_variable_get_index(rv);
    if (idx < 0 || (size_t)idx >= p->n_vars || obs_index < 0)
        return sav_fail(p, SURVEY_ERR_IO, (long)p->cases + 1, "malformed %s file: a value of no variable",
                    sav_kind_title[p->kind]);
    if (obs_index != p->obs) {
        if (flush_case(p) != READSTAT_HANDLER_OK)
            return READSTAT_HANDLER_ABORT;
        p->obs = obs_index;
    }
    const struct var *v = &p->vars[idx];
    const char *s;
    size_t n;
    char num[48];
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        s = readstat_string_value(value);
        if (!s)
            s = "";
        n = strlen(s);
        if (!sav_utf8_ok(p, s, n, (long)obs_index + 1, "a value", v->name))
            return READSTAT_HANDLER_ABORT;
    } else {
        n = sav_number_cell(num, v->cell, value);
        s = num;
    }
    p->off[idx] = p->text.len;
    if (buf_append(&p->text, s, n) || buf_putc(&p->text, '\0'))
        return sav_nomem(p);
    p->len[idx] = n;
    /* The last variable completes the case: deliver it now, so that an
       error in the next names the next. */
    if ((size_t)idx + 1 == p->n_vars)
        return flush_case(p);
    return READSTAT_HANDLER_OK;
}

static readstat_error_t run_parser(readstat_parser_t *rs, enum kind kind, const char *path, void *ctx)
{
    switch (kind) {
    case KIND_SAV:
    case KIND_ZSAV:
        return readstat_parse_sav(rs, path, ctx);
    case KIND_POR:
        return readstat_parse_por(rs, path, ctx);
    case KIND_DTA:
        return readstat_parse_dta(rs, path, ctx);
    default:
        return READSTAT_ERROR_PARSE;
    }
}

static readstat_parser_t *new_parser(struct io *io)
{
    readstat_parser_t *rs = readstat_parser_init();
    if (!rs)
        return NULL;
    if (readstat_set_open_handler(rs, io_open) || readstat_set_close_handler(rs, io_close) ||
        readstat_set_seek_handler(rs, io_seek) || readstat_set_read_handler(rs, io_read) ||
        readstat_set_update_handler(rs, io_update) || readstat_set_io_ctx(rs, io)) {
        readstat_parser_free(rs);
        return NULL;
    }
    return rs;
}

/* ## The encoding an SPSS file declares
 *
 * ReadStat names code page 936 (simplified Chinese, as SPSS before version
 * 16 writes it) "ISO-IR-58", a name glibc's iconv does not know, and fails
 * before any callback.  So the dictionary is walked here first, as the
 * PSPP documentation of the system file format describes it: a 176-byte
 * header, then records 2 (variable), 3 and 4 (value labels), 6 (documents)
 * and 7 (extensions: subtype 3 holds the code page, 20 the encoding's
 * name) up to record 999.  Only lengths are read; a malformed dictionary
 * ends the walk and is left to ReadStat to report.
 */
struct declared {
    char name[48]; /* record 7/20, "" when absent */
    int32_t code;  /* record 7/3's character code, 0 when absent */
};

static int walk_i32(struct io *io, int swap, int32_t *v)
{
    unsigned char b[4];
    if (io_read(b, 4, io) != 4)
        return -1;
    if (swap) {
        unsigned char t = b[0];
        b[0] = b[3], b[3] = t, t = b[1], b[1] = b[2], b[2] = t;
    }
    memcpy(v, b, 4);
    return 0;
}

static int walk_skip(struct io *io, int64_t n)
{
    if (n < 0 || n > INT64_MAX / 2)
        return -1;
    return io_seek((readstat_off_t)n, READSTAT_SEEK_CUR, io) < 0 || io->pos > io->size ? -1 : 0;
}

static void walk_dictionary(struct io *io, struct declared *d)
{
    int32_t layout, rec, n, len;
    int swap = 0;
    if (walk_skip(io, 64) || walk_i32(io, 0, &layout))
        return;
    if (layout != 2 && layout != 3) {
        swap = 1;
        if (io_seek(64, READSTAT_SEEK_SET, io) != 64 || walk_i32(io, 1, &layout) ||
            (layout != 2 && layout != 3))
            return;
    }
    if (io_seek(176, READSTAT_SEEK_SET, io) != 176)
        return;
    while (walk_i32(io, swap, &rec) == 0) {
        switch (rec) {
        case 2: { /* type, has label, missing count, print, write, name[8] */
            int32_t f[3];
            if (walk_i32(io, swap, &f[0]) || walk_i32(io, swap, &f[1]) || walk_i32(io, swap, &f[2]) ||
                walk_skip(io, 16))
                return;
            if (f[1] && (walk_i32(io, swap, &len) || walk_skip(io, ((int64_t)len + 3) / 4 * 4)))
                return;
            if (walk_skip(io, 8 * (int64_t)(f[2] < 0 ? -(int64_t)f[2] : f[2])))
                return;
            break;
        }
        case 3: /* count, then each: an 8-byte value, a length byte, the label
                   padded so that length and label fill a multiple of 8 */
            if (walk_i32(io, swap, &n) || n < 0)
                return;
            for (int32_t i = 0; i < n; i++) {
                unsigned char l;
                if (walk_skip(io, 8) || io_read(&l, 1, io) != 1 || walk_skip(io, (l + 8) / 8 * 8 - 1))
                    return;
            }
            break;
        case 4: /* the variables the labels apply to */
            if (walk_i32(io, swap, &n) || walk_skip(io, 4 * (int64_t)n))
                return;
            break;
        case 6: /* documents: lines of 80 bytes */
            if (walk_i32(io, swap, &n) || walk_skip(io, 80 * (int64_t)n))
                return;
            break;
        case 7: {
            int32_t sub, size;
            if (walk_i32(io, swap, &sub) || walk_i32(io, swap, &size) || walk_i32(io, swap, &n) ||
                size < 0 || n < 0)
                return;
            int64_t bytes = (int64_t)size * n;
            if (sub == 3 && size == 4 && n >= 8) {
                int32_t f[8];
                for (int i = 0; i < 8; i++)
                    if (walk_i32(io, swap, &f[i]))
                        return;
                d->code = f[7];
                bytes -= 32;
            } else if (sub == 20 && size == 1 && n > 0 && (size_t)n < sizeof d->name) {
                if (io_read(d->name, (size_t)n, io) != n)
                    return;
                d->name[n] = '\0';
                bytes = 0;
            }
            if (walk_skip(io, bytes))
                return;
            break;
        }
        default: /* 999, the end of the dictionary, or not a dictionary */
            return;
        }
    }
}

/* What to read the input as instead of what ReadStat would, or NULL; and
   the name to report for the file's own encoding (*SHOWN), or NULL for
   ReadStat's. */
static const char *sav_encoding(const struct rd_input *in, const char **shown)
{
    struct io io = {.in = in, .fd = -1};
    struct declared d = {{0}, 0};
    *shown = NULL;
    if (io_open(in->path, &io) < 0)
        return NULL;
    walk_dictionary(&io, &d);
    io_close(&io);
    for (size_t i = 0; d.name[i]; i++)
        if ((unsigned char)d.name[i] < 0x20 || (unsigned char)d.name[i] >= 0x7F)
            return NULL; /* not a name: ReadStat will say */
    if (d.name[0]) {
        if (!is_gb(d.name))
            return NULL;
        *shown = intern_encoding(d.name);
        return "GB18030";
    }
    if (d.code == 936 || d.code == 20936) {
        *shown = intern_encoding(d.code == 936 ? "GBK" : "GB2312");
        return "GB18030";
    }
    return NULL;
}

/* ReadStat's error RC as ours. */
static int rs_fail(struct parse *p, readstat_error_t rc, const struct io *io)
{
    const char *what = readstat_error_message(rc);
    char detail[300] = "";
    if (p->rs_message[0])
        snprintf(detail, sizeof detail, " (%s)", p->rs_message);
    long line = p->header_sent ? p->cases + 1 : 0;
    switch (rc) {
    case READSTAT_ERROR_OPEN:
        return survey_error_set(p->err, SURVEY_ERR_IO, p->in->name, 0, "cannot open: %s",
                                strerror(io->open_errno ? io->open_errno : EIO));
    case READSTAT_ERROR_MALLOC:
        return survey_error_set(p->err, SURVEY_ERR_NOMEM, p->in->name, line,
                                "out of memory reading the %s file", sav_kind_title[p->kind]);
    case READSTAT_ERROR_UNSUPPORTED_CHARSET:
    case READSTAT_ERROR_CONVERT:
    case READSTAT_ERROR_CONVERT_BAD_STRING:
    case READSTAT_ERROR_CONVERT_SHORT_STRING:
    case READSTAT_ERROR_CONVERT_LONG_STRING:
        return survey_error_set(p->err, SURVEY_ERR_ENCODING, p->in->name, line,
                                "the %s file's text cannot be read as %s: %s%s", sav_kind_title[p->kind],
                                p->encoding ? p->encoding : "its encoding", what ? what : "error", detail);
    default:
        if (io->read_errno)
            return survey_error_set(p->err, SURVEY_ERR_IO, p->in->name, line, "cannot read: %s",
                                    strerror(io->read_errno));
        return survey_error_set(p->err, SURVEY_ERR_IO, p->in->name, line,
                                "not a readable %s file (truncated or damaged?): %s%s",
                                sav_kind_title[p->kind], what ? what : "error", detail);
    }
}

/* A Stata file's format (104-119), or 0: the first byte of formats 104-115,
   the release of the XML-like header of 117 on ("<stata_dta><header>
   <release>118</release>"). */
static int dta_format(const unsigned char *head, size_t len)
{
    static const char open[] = "<stata_dta><header><release>";
    size_t n = sizeof open - 1;
    if (len >= 1 && head[0] >= 104 && head[0] <= 115)
        return head[0];
    if (len < n + 3 || memcmp(head, open, n))
        return 0;
    int v = 0;
    for (size_t i = n; i < n + 3; i++) {
        if (head[i] < '0' || head[i] > '9')
            return 0;
        v = v * 10 + (head[i] - '0');
    }
    return v;
}

/* Whether the input ends as an XML-like Stata file must: ReadStat stops
   quietly when one is cut inside its value labels, which come last. */
static int dta_complete(const struct rd_input *in)
{
    static const char end[] = "</stata_dta>";
    size_t n = sizeof end - 1;
    unsigned char tail[sizeof end - 1];
    if (in->mem)
        return in->size >= n && !memcmp(in->mem + in->size - n, end, n);
    struct io io = {.in = in, .fd = -1};
    if (io_open(in->path, &io) < 0)
        return 0;
    int ok = io.size >= (int64_t)n && io_seek(-(readstat_off_t)n, READSTAT_SEEK_END, &io) >= 0 &&
             io_read(tail, n, &io) == (ssize_t)n && !memcmp(tail, end, n);
    io_close(&io);
    return ok;
}

/* One parse of IN: records to SINK when it is set, else the metadata. */
static int parse_input(const struct rd_input *in, struct parse *p, struct rd_info *info)
{
    unsigned char head[512];
    size_t head_len = 0;
    if (read_head(in, head, sizeof head, &head_len, p->err))
        return -1;
    p->kind = sniff(head, head_len);
    if (p->kind == KIND_NONE)
        return survey_error_set(p->err, SURVEY_ERR_IO, in->name, 0,
                                "not an SPSS (.sav, .zsav, .por) or Stata (.dta) file");
    if (p->kind == KIND_DTA && head[0] == '<' && !dta_complete(in))
        return survey_error_set(p->err, SURVEY_ERR_IO, in->name, 0,
                                "not a readable Stata file (truncated or damaged?): it does not end "
                                "in </stata_dta>");
    /* Stata's label-set name fields: 9 bytes before format 110, 33 before
       118, then 129; ReadStat names SPSS sets itself ("labels0"). */
    int dta = p->kind == KIND_DTA ? dta_format(head, head_len) : 0;
    p->labels_max = !dta ? 256 : dta < 110 ? 9 : dta < 118 ? 33 : 129;
    const char *force = NULL, *shown = NULL;
    enum survey_encoding want = in->opts ? in->opts->encoding : SURVEY_ENC_AUTO;
    if (want == SURVEY_ENC_GB18030)
        force = "GB18030";
    else if (want == SURVEY_ENC_UTF8)
        force = "UTF-8";
    else if (p->kind == KIND_SAV || p->kind == KIND_ZSAV)
        force = sav_encoding(in, &shown);
    if (force)
        p->encoding = shown ? shown : intern_encoding(force);

    struct io io = {.in = in, .fd = -1};
    readstat_parser_t *rs = new_parser(&io);
    if (!rs)
        return survey_error_set(p->err, SURVEY_ERR_NOMEM, in->name, 0, "out of memory");
    p->obs = -1;
    p->row_count = -1;
    readstat_set_metadata_handler(rs, on_metadata);
    readstat_set_variable_handler(rs, on_variable);
    readstat_set_error_handler(rs, on_error);
    if (p->describing)
        readstat_set_value_label_handler(rs, sav_on_value_label);
    else
        readstat_set_value_handler(rs, on_value);
    if (force)
        readstat_set_file_character_encoding(rs, force);
    readstat_set_handler_character_encoding(rs, "UTF-8");
    readstat_error_t rc = run_parser(rs, p->kind, in->name, p);
    readstat_parser_free(rs);
    io_close(&io);

    if (p->failed)
        return -1;
    if (rc != READSTAT_OK)
        return rs_fail(p, rc, &io);
    if (force)
        p->encoding = shown ? shown : intern_encoding(force);
    else if (!p->encoding && p->kind == KIND_DTA)
        /* Stata files declare none.  ReadStat reads formats 118 and later
           (Stata 14 on) as UTF-8, older ones as Windows-1252. */
        p->encoding = intern_encoding(dta_format(head, head_len) >= 118 ? "UTF-8" : "WINDOWS-1252");
    if (!p->describing) {
        if (!p->header_sent && send_header(p) != READSTAT_HANDLER_OK)
            return -1;
        if (flush_case(p) != READSTAT_HANDLER_OK)
            return -1;
        if (p->row_count >= 0 && p->cases != p->row_count)
            return survey_error_set(p->err, SURVEY_ERR_IO, in->name, p->cases + 1,
                                    "the %s file holds %ld cases where its header says %ld "
                                    "(truncated?)",
                                    sav_kind_title[p->kind], p->cases, p->row_count);
    }
    if (info) {
        memset(info, 0, sizeof *info);
        info->format = kind_name[p->kind];
        info->encoding = SURVEY_ENC_UTF8;
        info->encoding_name = p->encoding;
    }
    return 0;
}

static int sav_read(const struct rd_input *in, rd_sink sink, void *ctx, struct rd_info *info,
                    struct survey_error *err)
{
    struct parse p = {.in = in, .err = err, .sink = sink, .sink_ctx = ctx};
    int rc = parse_input(in, &p, info);
    parse_free(&p);
    return rc;
}

static int sav_describe(const struct rd_input *in, struct rd_meta *meta, struct survey_error *err)
{
    struct parse p = {.in = in, .err = err, .describing = 1};
    int rc = parse_input(in, &p, NULL);
    if (rc == 0 && p.n_vars) {
        meta->vars = calloc(p.n_vars, sizeof *meta->vars);
        if (!meta->vars) {
            rc = survey_error_set(err, SURVEY_ERR_NOMEM, in->name, 0, "out of memory");
        } else {
            meta->n_vars = p.n_vars;
            for (size_t i = 0; i < p.n_vars && rc == 0; i++)
                if (sav_describe_var(&p, &p.vars[i], &meta->vars[i]))
                    rc = survey_error_set(err, SURVEY_ERR_NOMEM, in->name, 0, "out of memory");
            if (rc)
                rd_meta_free(meta);
        }
    } else if (rc == 0) {
        rc = survey_error_set(err, SURVEY_ERR_EMPTY, in->name, 0, "the %s file has no variables",
                              sav_kind_title[p.kind]);
    }
    parse_free(&p);
    return rc;
}

const struct rd_class rd_sav = {
    .name = "sav",
    .detect = sav_detect,
    .read = sav_read,
    .describe = sav_describe,
};

