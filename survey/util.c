/* util.c — small building blocks of the loader: error values, an arena for
 * strings that live as long as a survey, a growable buffer, a string-to-int
 * hash map (label lookup, id uniqueness) and text helpers (trimming with the
 * no-break and ideographic spaces, integer parsing without strtod, UTF-8 validation, line
 * counting, platform duration text, invisible characters made visible for
 * messages).
 */
#include "survey/survey_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int survey_error_set(struct survey_error *err, enum survey_status code, const char *file, long line,
                const char *fmt, ...)
{
    if (!err)
        return -1;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->n_more = err->n_omitted = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* A long name or value cut by the buffer must not end inside a character. */
    text_utf8_clip(err->file);
    text_utf8_clip(err->message);
    return -1;
}

int survey_error_add(struct survey_error *err, enum survey_status code, const char *file, long line,
                     const char *fmt, ...)
{
    if (!err)
        return -1;
    char *msg;
    size_t size;
    if (err->code == SURVEY_OK) {
        err->code = code;
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        text_utf8_clip(err->file);
        err->line = line;
        err->n_more = err->n_omitted = 0;
        msg = err->message;
        size = sizeof err->message;
    } else if (err->n_more < SURVEY_ERROR_MORE) {
        struct survey_error_entry *e = &err->more[err->n_more++];
        e->line = line;
        msg = e->message;
        size = sizeof e->message;
    } else {
        err->n_omitted++;
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
    text_utf8_clip(msg);
    return -1;
}

size_t survey_error_count(const struct survey_error *err)
{
    return err->code == SURVEY_OK ? 0 : 1 + err->n_more + err->n_omitted;
}

static const char *const status_text[] = {
    [SURVEY_OK] = "success",
    [SURVEY_ERR_NOMEM] = "out of memory",
    [SURVEY_ERR_IO] = "input/output error",
    [SURVEY_ERR_ENCODING] = "encoding error",
    [SURVEY_ERR_CSV] = "malformed CSV",
    [SURVEY_ERR_CODEBOOK] = "malformed codebook",
    [SURVEY_ERR_HEADER] = "header does not fit the codebook",
    [SURVEY_ERR_BANDS] = "malformed age bands",
    [SURVEY_ERR_MARGINS] = "malformed margins",
    [SURVEY_ERR_EMPTY] = "empty input",
    [SURVEY_ERR_LIMIT] = "size limit exceeded",
};

const char *survey_strerror(enum survey_status code)
{
    if ((size_t)code < sizeof status_text / sizeof status_text[0] && status_text[code])
        return status_text[code];
    return "unknown error";
}

/* ## Arena */

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
};

static char *arena_alloc(struct arena *a, size_t n)
{
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        /* Blocks grow from 256 bytes to 64 KiB: there is an arena for every
           codebook column's labels, most of them a few short words, and a
           codebook may have 40,000 columns. */
        size_t cap = b ? 2 * (sizeof *b + b->cap) : 256;
        cap = (cap > 65536 ? 65536 : cap) - sizeof *b;
        if (cap < n)
            cap = n;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ## Buffer */

int buf_append(struct buf *b, const char *s, size_t len)
{
    if (buf_reserve(b, len) < 0)
        return -1;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int buf_reserve(struct buf *b, size_t room)
{
    if (b->cap - b->len > room)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= room)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ## String map (FNV-1a, linear probing, load factor <= 1/2) */

uint32_t strmap_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int strmap_grow(struct strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    struct strmap_slot *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slot[i].key)
            continue;
        size_t j = m->slot[i].hash & (cap - 1);
        while (slot[j].key)
            j = (j + 1) & (cap - 1);
        slot[j] = m->slot[i];
    }
    free(m->slot);
    m->slot = slot;
    m->cap = cap;
    return 0;
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t len,
                                       uint32_t h)
{
    size_t i = h & (m->cap - 1);
    while (m->slot[i].key) {
        if (m->slot[i].hash == h && m->slot[i].len == len && !memcmp(m->slot[i].key, key, len))
            return &m->slot[i];
        i = (i + 1) & (m->cap - 1);
    }
    return &m->slot[i];
}

int strmap_put(struct strmap *m, const char *key, size_t len, int value, int *old)
{
    if ((m->count + 1) * 2 > m->cap && strmap_grow(m) < 0)
        return -1;
    uint32_t h = strmap_hash(key, len);
    struct strmap_slot *s = strmap_find(m, key, len, h);
    if (s->key) {
        if (old)
            *old = s->value;
        return 1;
    }
    char *k = arena_strndup(&m->keys, key, len);
    if (!k)
        return -1;
    *s = (struct strmap_slot){k, (uint32_t)len, h, value};
    m->count++;
    return 0;
}

int strmap_get(const struct strmap *m, const char *key, size_t len, int *value)
{
    if (!m->cap)
        return 0;
    const struct strmap_slot *s = strmap_find(m, key, len, strmap_hash(key, len));
    if (!s->key)
        return 0;
    *value = s->value;
    return 1;
}

void strmap_free(struct strmap *m)
{
    free(m->slot);
    arena_free(&m->keys);
    memset(m, 0, sizeof *m);
}

/* ## Text */

/* White space at either end: ASCII's, the no-break space U+00A0 (C2 A0)
   and the ideographic space U+3000 (E3 80 80).  Neither C2 nor E3 is ever
   a continuation byte, so a match at the end is a whole character. */
static size_t space_at(const unsigned char *p, size_t n)
{
    if (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f'))
        return 1;
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    return 0;
}

static size_t space_before(const unsigned char *p, size_t n)
{
    if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n' ||
              p[n - 1] == '\v' || p[n - 1] == '\f'))
        return 1;
    if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
        return 2;
    if (n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && p[n - 1] == 0x80)
        return 3;
    return 0;
}

void text_trim(const char **s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t n = *len, k;
    while ((k = space_at(p, n)))
        p += k, n -= k;
    while ((k = space_before(p, n)))
        n -= k;
    *s = (const char *)p;
    *len = n;
}

int text_int(const char *s, size_t len, long *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i == len || len - i > 9)
        return -1;
    long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

int text_double(const char *s, size_t len, double *out)
{
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    /* strtod accepts "inf", "nan" and hex; a survey number is plain decimal. */
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789+-.eE", tmp[i]))
            return -1;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (end != tmp + len || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

size_t text_utf8_valid(const unsigned char *s, size_t len, int *trunc)
{
    size_t i = 0;
    *trunc = 0;
    while (i < len) {
        /* ASCII eight bytes at a time: most of a survey is digits and commas. */
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080u)
                break;
            i += 8;
        }
        if (i == len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, min = 0x10000;
        else
            return i;
        unsigned cp = c & (0x3F >> need);
        size_t k;
        for (k = 1; k <= need; k++) {
            if (i + k >= len) {
                *trunc = 1;
                return i;
            }
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return i;
}

void text_utf8_clip(char *s)
{
    int trunc;
    size_t ok = text_utf8_valid((const unsigned char *)s, strlen(s), &trunc);
    if (trunc)
        s[ok] = '\0';
}

size_t text_utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

long text_count_lines(const char *s, size_t len, int *prev_cr)
{
    long n = 0;
    int cr = *prev_cr;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            if (!cr)
                n++;
            cr = 0;
        } else if (s[i] == '\r') {
            n++;
            cr = 1;
        } else {
            cr = 0;
        }
    }
    *prev_cr = cr;
    return n;
}

/* A clock "a:b" (minutes:seconds) or "a:b:c" (hours:minutes:seconds), as
   spreadsheets show a time taken: the first part any whole number, each
   later one two digits below 60. */
static int clock_parse(const char *s, size_t len, double *seconds)
{
    long part[3];
    int n = 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < len && s[j] >= '0' && s[j] <= '9')
            j++;
        if (n == 3 || j == i || (n > 0 && (j - i != 2 || (s[i] - '0') * 10 + (s[i + 1] - '0') >= 60)) ||
            text_int(s + i, j - i, &part[n]) < 0)
            return -1;
        n++;
        if (j == len)
            break;
        if (s[j] != ':')
            return -1;
        i = j + 1;
    }
    if (n < 2)
        return -1;
    *seconds = n == 2 ? 60.0 * part[0] + part[1] : 3600.0 * part[0] + 60.0 * part[1] + part[2];
    return 0;
}

/* Platform exports write the time taken as "2分3秒", "1小时2分3秒", "123秒",
   "125 秒" or "125s", spreadsheets as a clock "2:05" or "00:02:05"; coded
   exports as plain seconds. */
int survey_duration_parse(const char *s, size_t len, double *seconds)
{
    /* Whole seconds, the usual case, without strtod (the same value). */
    long whole;
    if (len && s[0] != '-' && s[0] != '+' && text_int(s, len, &whole) == 0) {
        *seconds = (double)whole;
        return 0;
    }
    if (text_double(s, len, seconds) == 0)
        return *seconds >= 0 ? 0 : -1;
    if (memchr(s, ':', len))
        return clock_parse(s, len, seconds);
    static const struct {
        const char *unit;
        double factor;
    } units[] = {{"小时", 3600}, {"时", 3600}, {"分钟", 60}, {"分", 60},
                 {"秒钟", 1},    {"秒", 1},    {"s", 1}};
    double total = 0;
    size_t i = 0;
    int parts = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
            j++;
        double v;
        if (j == i || text_double(s + i, j - i, &v) < 0)
            return -1;
        while (j < len && s[j] == ' ') /* "125 秒" */
            j++;
        size_t u;
        for (u = 0; u < sizeof units / sizeof units[0]; u++) {
            size_t ul = strlen(units[u].unit);
            if (len - j >= ul && !memcmp(s + j, units[u].unit, ul)) {
                total += v * units[u].factor;
                i = j + ul;
                break;
            }
        }
        if (u == sizeof units / sizeof units[0])
            return -1;
        parts++;
        while (i < len && s[i] == ' ')
            i++;
    }
    if (!parts)
        return -1;
    *seconds = total;
    return 0;
}

/* A character a reader cannot see, or cannot tell from an ASCII space: a
   control (a tab, a line end), a format character (zero-width space, byte
   order mark, soft hyphen, direction marks), a line or paragraph separator,
   or a space other than U+0020 (no-break, ideographic, en and em spaces). */
static int invisible(utf8proc_int32_t c)
{
    if (c == ' ')
        return 0;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

/* The next piece of S's visible form at I: its bytes (*PIECE, *PL, in ESC
   when escaped) and the bytes of S it stands for. */
static size_t visible_piece(const char *s, size_t len, size_t i, char esc[16], const char **piece,
                            size_t *pl)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (n < 0) {
        *pl = (size_t)snprintf(esc, 16, "<0x%02X>", (unsigned char)s[i]);
        *piece = esc;
        return 1;
    }
    if (invisible(c)) {
        *pl = (size_t)snprintf(esc, 16, "<U+%04X>", (unsigned)c);
        *piece = esc;
    } else {
        *pl = (size_t)n;
        *piece = s + i;
    }
    return (size_t)n;
}

char *survey_visible(char *out, size_t size, const char *s, size_t len)
{
    if (!size)
        return out;
    static const char more[] = "…";
    char esc[16];
    const char *piece;
    size_t pl, total = 0;
    for (size_t i = 0; i < len;) {
        i += visible_piece(s, len, i, esc, &piece, &pl);
        total += pl;
    }
    /* When all of it does not fit, keep room for the ellipsis. */
    size_t room = total < size ? size - 1 : size - 1 >= sizeof more - 1 ? size - sizeof more : 0;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = visible_piece(s, len, i, esc, &piece, &pl);
        if (o + pl > room)
            break;
        memcpy(out + o, piece, pl);
        o += pl;
        i += n;
    }
    if (total >= size && o + sizeof more - 1 < size) {
        memcpy(out + o, more, sizeof more - 1);
        o += sizeof more - 1;
    }
    out[o] = '\0';
    return out;
}
