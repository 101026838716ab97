/* xlsx_xml.c — the XML of one part of a workbook, parsed as libzip inflates
 * it, and handed to the part's handlers (the expat callback types of
 * xlsx_internal.h: a start tag with its attributes, an end tag, text).
 *
 * A sheet of 100,000 respondents is over 100 MB of XML, more than ten times
 * the bytes of the same data as CSV, and expat spends most of the reading
 * time on it.  Workbook parts are UTF-8 XML without a document type (the
 * packaging rules forbid one, ECMA-376 Part 2, M1.17) and without entities
 * but the five predefined ones and character references, so this file scans
 * them itself, in place in the inflated chunk: names and values are
 * NUL-terminated where they lie, references and line ends decoded over
 * their own bytes.  It checks what makes XML well-formed — tags nested and
 * matched, one root element, attributes quoted, whitespace between them and
 * none repeated, references known and of allowed characters, UTF-8 valid and
 * without the control characters XML excludes, no "]]>" in text, nothing
 * but whitespace, comments and processing instructions outside the root,
 * the XML declaration only at the start — and when a part is not, it is
 * parsed again by expat with no handler but the document-type refusal, so
 * that the message is expat's, with its line ("not well-formed (invalid
 * token) at line 3").  A part that declares an encoding other than UTF-8,
 * or starts as UTF-16, is parsed by expat throughout, as it always was.
 *
 * Text is handed over as it is scanned; a tag, a comment or a CDATA section
 * cut by the end of a chunk is kept for the next one, so the memory held is
 * a chunk and the longest tag, whatever the size of the part.
 *
 * A large part (more than two chunks) is inflated by a second thread, a few
 * chunks ahead of the scan: inflating is a fifth of the work.  When the
 * thread cannot be had, the scan inflates as it goes.
 */
#include "survey/xlsx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest tag, comment or CDATA section kept across chunks. */
#define MAX_TOKEN ((size_t)256 << 20)
/* Text is handed over up to this many bytes before the end of a chunk, so
   that a reference, a UTF-8 character or a CR LF is never cut. */
enum { TEXT_TAIL = 32 };

enum { IN_PROLOG, IN_ROOT, IN_EPILOG };

/* Where an attribute's name and value lie in the buffer. */
struct apos {
    size_t n0, n1, v0, v1;
    int decode; /* the value holds a reference or a line end */
};

struct xs {
    unsigned char *b;
    size_t len, cap;
    size_t decl_at; /* where an XML declaration may stand: 0, or 3 after a BOM */
    int state;
    /* open elements: their names, NUL-terminated, at the offsets of stack */
    struct buf names;
    size_t *stack;
    size_t depth, cap_stack;
    struct apos *ap;
    size_t cap_ap;
    const char **atts;
    size_t cap_atts;
    const char *bad; /* not well-formed: what was found */
};

#define NEED ((size_t)-1) /* a token goes on past the buffer */
#define BAD ((size_t)-2)  /* not well-formed (s->bad says how) */

static size_t bad(struct xs *s, const char *why)
{
    s->bad = why;
    return BAD;
}

/* Byte classes: NAME0 may start a name, NAME continue one (a byte of a
   UTF-8 character counts as both; utf8_char() checks it), SPACE is XML
   whitespace, PLAIN is text that needs no look (printable ASCII but < & >). */
enum { NAME0 = 1, NAME = 2, SPACE = 4, PLAIN = 8 };
static const unsigned char cls[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 4, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    12, 8, 8, 8, 8, 8, 0, 8, 8, 8, 8, 8, 8, 10, 10, 8,
    10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 11, 8, 0, 8, 0, 8,
    8, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11,
    11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 8, 8, 8, 8, 11,
    8, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11,
    11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 8, 8, 8, 8, 8,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

static int is_space(unsigned c)
{
    return cls[c] & SPACE;
}

static int name_start(unsigned c)
{
    return cls[c] & NAME0;
}

/* Whether the N bytes at A and B are the same (names are short: no call). */
static int same(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (a[k] != b[k])
            return 0;
    return 1;
}

/* The length of the UTF-8 character at P (N bytes on), when it is one XML
   allows (no surrogate, U+FFFE or U+FFFF, no overlong form); 0 when not;
   NEED when N is too short to tell. */
static size_t utf8_char(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t want = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (!want)
        return 0;
    if (n < want) {
        for (size_t k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return 0;
        return NEED;
    }
    for (size_t k = 1; k < want; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if (want == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
                      (c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)))
        return 0;
    if (want == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)))
        return 0;
    return want;
}

static size_t put_cp(unsigned char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12), o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | cp >> 18), o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The reference at B[I] ('&'), ending before LIM, decoded to B[*O] (never
   past I: a reference is longer than what it stands for).  The index after
   it, or BAD. */
static size_t reference(struct xs *s, unsigned char *b, size_t i, size_t lim, size_t *o)
{
    size_t room = lim - i - 1 < TEXT_TAIL ? lim - i - 1 : TEXT_TAIL;
    const unsigned char *semi = memchr(b + i + 1, ';', room);
    if (!semi)
        return bad(s, "an unterminated reference");
    const char *r = (const char *)b + i + 1;
    size_t n = (size_t)(semi - (b + i + 1));
    unsigned cp = 0;
    if (n >= 2 && r[0] == '#') {
        int hex = r[1] == 'x';
        size_t k = hex ? 2 : 1;
        if (k == n)
            return bad(s, "an empty character reference");
        for (; k < n; k++) {
            int d = r[k] >= '0' && r[k] <= '9'                  ? r[k] - '0'
                    : hex && (r[k] | 0x20) >= 'a' && (r[k] | 0x20) <= 'f' ? (r[k] | 0x20) - 'a' + 10
                                                                          : -1;
            if (d < 0)
                return bad(s, "a malformed character reference");
            cp = cp * (hex ? 16u : 10u) + (unsigned)d;
            if (cp > 0x10FFFF)
                return bad(s, "a character reference beyond Unicode");
        }
        if (!(cp == 9 || cp == 10 || cp == 13 || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
              cp >= 0x10000))
            return bad(s, "a reference to a character XML does not allow");
    } else if (n == 2 && r[0] == 'l' && r[1] == 't') {
        cp = '<';
    } else if (n == 2 && r[0] == 'g' && r[1] == 't') {
        cp = '>';
    } else if (n == 3 && memcmp(r, "amp", 3) == 0) {
        cp = '&';
    } else if (n == 4 && memcmp(r, "quot", 4) == 0) {
        cp = '"';
    } else if (n == 4 && memcmp(r, "apos", 4) == 0) {
        cp = '\'';
    } else {
        return bad(s, "an undefined entity");
    }
    *o += put_cp(b + *o, cp);
    return (size_t)(semi - b) + 1;
}

/* Text from B[I] to the next '<' (or to TEXT_TAIL bytes before the end of
   the buffer, unless EOF), decoded in place and handed over.  The index
   after it, or BAD. */
static size_t text(struct xlsx *x, struct xs *s, const struct handlers *h, size_t i, int eof)
{
    unsigned char *b = s->b;
    size_t len = s->len, start = i, o = i;
    size_t lim = eof ? len : len - TEXT_TAIL; /* the caller made sure len > TEXT_TAIL */
    unsigned p1 = 0, p2 = 0;                  /* the two bytes before, for "]]>" */
    while (i < lim) {
        unsigned c = b[i];
        if (cls[c] & PLAIN) {
            b[o++] = (unsigned char)c;
            p2 = p1, p1 = c, i++;
            continue;
        }
        if (c == '<')
            break;
        if (c == '>') {
            if (p1 == ']' && p2 == ']')
                return bad(s, "\"]]>\" in text");
            b[o++] = (unsigned char)c;
            p2 = p1, p1 = c, i++;
            continue;
        }
        p1 = p2 = 0;
        if (c == '&') {
            i = reference(s, b, i, len, &o);
            if (i == BAD)
                return BAD;
        } else if (c == '\r') {
            b[o++] = '\n';
            i += i + 1 < len && b[i + 1] == '\n' ? 2 : 1;
        } else if (c == '\t' || c == '\n') {
            b[o++] = (unsigned char)c;
            i++;
        } else if (c < 0x20) {
            return bad(s, "a control character");
        } else {
            size_t n = utf8_char(b + i, len - i);
            if (n == 0 || n == NEED)
                return bad(s, "invalid UTF-8");
            memmove(b + o, b + i, n);
            o += n, i += n;
        }
    }
    if (o > start) {
        if (s->state == IN_ROOT) {
            h->text(x, (const char *)b + start, (int)(o - start));
        } else {
            for (size_t k = start; k < o; k++)
                if (!is_space(b[k]))
                    return bad(s, "text outside the root element");
        }
    }
    return i;
}

/* A name at B[I]: the index after it, NEED or BAD. */
static inline size_t name_at(struct xs *s, size_t i)
{
    const unsigned char *b = s->b;
    size_t len = s->len;
    if (i == len)
        return NEED;
    if (!name_start(b[i]))
        return bad(s, "a malformed name");
    while (i < len) {
        unsigned c = b[i];
        if (c < 0x80) {
            if (!(cls[c] & NAME))
                return i;
            i++;
        } else {
            size_t n = utf8_char(b + i, len - i);
            if (n == NEED)
                return NEED;
            if (!n)
                return bad(s, "invalid UTF-8 in a name");
            i += n;
        }
    }
    return NEED;
}

static inline size_t skip_space(const struct xs *s, size_t i)
{
    while (i < s->len && is_space(s->b[i]))
        i++;
    return i;
}

/* An end tag at B[I] ("</"). */
static size_t end_tag(struct xlsx *x, struct xs *s, const struct handlers *h, size_t i)
{
    size_t ne = name_at(s, i + 2);
    if (ne == NEED || ne == BAD)
        return ne;
    size_t j = skip_space(s, ne);
    if (j == s->len)
        return NEED;
    if (s->b[j] != '>')
        return bad(s, "a malformed end tag");
    if (!s->depth)
        return bad(s, "an end tag without a start tag");
    size_t off = s->stack[s->depth - 1], n = ne - (i + 2);
    if (s->names.len - off - 1 != n || !same((const unsigned char *)s->names.data + off, s->b + i + 2, n))
        return bad(s, "a mismatched tag");
    s->b[ne] = '\0';
    h->end(x, (const char *)s->b + i + 2);
    s->names.len = s->stack[--s->depth];
    if (!s->depth)
        s->state = IN_EPILOG;
    return j + 1;
}

/* An attribute value from B[V0] to B[V1] (its quote): whether it needs
   decoding, or BAD. */
static size_t check_value(struct xs *s, size_t v0, size_t v1, int *decode)
{
    const unsigned char *b = s->b;
    *decode = 0;
    for (size_t k = v0; k < v1;) {
        unsigned c = b[k];
        if (cls[c] & PLAIN || c == '>') {
            k++;
        } else if (c == '<') {
            return bad(s, "'<' in an attribute value");
        } else if (c == '&' || c == '\t' || c == '\n' || c == '\r') {
            *decode = 1;
            k++;
        } else if (c < 0x20) {
            return bad(s, "a control character in an attribute value");
        } else {
            size_t n = utf8_char(b + k, v1 - k);
            if (n == 0 || n == NEED)
                return bad(s, "invalid UTF-8 in an attribute value");
            k += n;
        }
    }
    return 0;
}

/* Decode the value at A in place (references; each line end or tab a space)
   and terminate it; 0 or BAD. */
static size_t decode_value(struct xs *s, const struct apos *a)
{
    unsigned char *b = s->b;
    size_t o = a->v0;
    for (size_t k = a->v0; k < a->v1;) {
        unsigned c = b[k];
        if (c == '&') {
            k = reference(s, b, k, a->v1, &o);
            if (k == BAD)
                return BAD;
        } else if (c == '\r') {
            b[o++] = ' ';
            k += k + 1 < a->v1 && b[k + 1] == '\n' ? 2 : 1;
        } else {
            b[o++] = c == '\t' || c == '\n' ? ' ' : (unsigned char)c;
            k++;
        }
    }
    b[o] = '\0';
    return 0;
}

/* A start tag at B[I] ('<' and a name). */
static size_t start_tag(struct xlsx *x, struct xs *s, const struct handlers *h, size_t i)
{
    unsigned char *b = s->b;
    size_t len = s->len, ns = i + 1;
    size_t ne = name_at(s, ns);
    if (ne == NEED || ne == BAD)
        return ne;
    size_t j = ne, na = 0;
    int empty;
    for (;;) {
        size_t sp = j;
        j = skip_space(s, j);
        if (j == len)
            return NEED;
        if (b[j] == '>') {
            empty = 0, j++;
            break;
        }
        if (b[j] == '/') {
            if (j + 1 == len)
                return NEED;
            if (b[j + 1] != '>')
                return bad(s, "a malformed tag");
            empty = 1, j += 2;
            break;
        }
        if (j == sp)
            return bad(s, "no space before an attribute");
        size_t a0 = j, a1 = name_at(s, j);
        if (a1 == NEED || a1 == BAD)
            return a1;
        j = skip_space(s, a1);
        if (j == len)
            return NEED;
        if (b[j] != '=')
            return bad(s, "an attribute without a value");
        j = skip_space(s, j + 1);
        if (j == len)
            return NEED;
        unsigned char q = b[j];
        if (q != '"' && q != '\'')
            return bad(s, "an unquoted attribute value");
        size_t v0 = j + 1, v1 = v0;
        while (v1 < len && b[v1] != q) /* values are short: no call */
            v1++;
        if (v1 == len)
            return NEED;
        int decode;
        if (check_value(s, v0, v1, &decode) == BAD)
            return BAD;
        for (size_t k = 0; k < na; k++)
            if (s->ap[k].n1 - s->ap[k].n0 == a1 - a0 && same(b + s->ap[k].n0, b + a0, a1 - a0))
                return bad(s, "a repeated attribute");
        if (na == s->cap_ap && xl_grow(&s->ap, &s->cap_ap, na + 1, sizeof *s->ap) < 0) {
            xl_nomem(x);
            return BAD;
        }
        s->ap[na++] = (struct apos){a0, a1, v0, v1, decode};
        j = v1 + 1;
    }
    if (s->state == IN_EPILOG)
        return bad(s, "a second root element");
    s->state = IN_ROOT;
    if (2 * na + 1 > s->cap_atts && xl_grow(&s->atts, &s->cap_atts, 2 * na + 1, sizeof *s->atts) < 0) {
        xl_nomem(x);
        return BAD;
    }
    /* Terminate in place: what follows a name or a value is consumed. */
    b[ne] = '\0';
    for (size_t k = 0; k < na; k++) {
        const struct apos *a = &s->ap[k];
        b[a->n1] = '\0';
        if (a->decode) {
            if (decode_value(s, a) == BAD)
                return BAD;
        } else {
            b[a->v1] = '\0';
        }
        s->atts[2 * k] = (const char *)b + a->n0;
        s->atts[2 * k + 1] = (const char *)b + a->v0;
    }
    s->atts[2 * na] = NULL;
    const char *name = (const char *)b + ns;
    if (!empty) {
        size_t n = ne - ns;
        if ((s->depth == s->cap_stack && xl_grow(&s->stack, &s->cap_stack, s->depth + 1, sizeof *s->stack) < 0) ||
            (s->names.cap - s->names.len <= n + 1 && buf_reserve(&s->names, n + 1) < 0)) {
            xl_nomem(x);
            return BAD;
        }
        s->stack[s->depth++] = s->names.len;
        char *dst = s->names.data + s->names.len;
        for (size_t k = 0; k <= n; k++) /* names are short: no call */
            dst[k] = name[k];
        s->names.len += n + 1;
    }
    h->start(x, name, s->atts);
    if (empty && !x->failed) {
        h->end(x, name);
        if (!s->depth)
            s->state = IN_EPILOG;
    }
    return j;
}

/* Text of a CDATA section from B[I] to B[END] ("]]>"): checked, line ends
   normalized, handed over. */
static size_t cdata(struct xlsx *x, struct xs *s, const struct handlers *h, size_t i, size_t end)
{
    unsigned char *b = s->b;
    size_t o = i;
    for (size_t k = i; k < end;) {
        unsigned c = b[k];
        if (c == '\r') {
            b[o++] = '\n';
            k += k + 1 < end && b[k + 1] == '\n' ? 2 : 1;
        } else if (c < 0x20 && c != '\t' && c != '\n') {
            return bad(s, "a control character");
        } else if (c >= 0x80) {
            size_t n = utf8_char(b + k, end - k);
            if (n == 0 || n == NEED)
                return bad(s, "invalid UTF-8");
            memmove(b + o, b + k, n);
            o += n, k += n;
        } else {
            b[o++] = (unsigned char)c;
            k++;
        }
    }
    if (o > i)
        h->text(x, (const char *)b + i, (int)(o - i));
    return end + 3;
}

/* The first WHAT in B from FROM to LEN, or NULL. */
static const unsigned char *find(const unsigned char *b, size_t from, size_t len, const char *what)
{
    size_t n = strlen(what);
    while (from + n <= len) {
        const unsigned char *c = memchr(b + from, what[0], len - from - n + 1);
        if (!c)
            return NULL;
        if (memcmp(c, what, n) == 0)
            return c;
        from = (size_t)(c - b) + 1;
    }
    return NULL;
}

/* Markup at B[I] ('<'): a tag, a comment, a CDATA section, a processing
   instruction.  The index after it, NEED or BAD. */
static size_t markup(struct xlsx *x, struct xs *s, const struct handlers *h, size_t i, int eof)
{
    const unsigned char *b = s->b;
    size_t len = s->len;
    if (len - i < 2)
        return NEED;
    if (b[i + 1] == '/')
        return end_tag(x, s, h, i);
    if (b[i + 1] == '?') {
        const unsigned char *e = find(b, i + 2, len, "?>");
        if (!e)
            return NEED;
        size_t n = (size_t)(e - b) - (i + 2);
        if (n >= 3 && (b[i + 2] | 0x20) == 'x' && (b[i + 3] | 0x20) == 'm' && (b[i + 4] | 0x20) == 'l' &&
            (n == 3 || is_space(b[i + 5])) && i != s->decl_at)
            return bad(s, "an XML declaration not at the start");
        return (size_t)(e - b) + 2;
    }
    if (b[i + 1] != '!')
        return start_tag(x, s, h, i);
    if (len - i < 9 && !eof)
        return NEED;
    if (len - i >= 4 && memcmp(b + i, "<!--", 4) == 0) {
        const unsigned char *e = find(b, i + 4, len, "--");
        if (!e || (size_t)(e - b) + 2 >= len)
            return NEED;
        if (e[2] != '>')
            return bad(s, "\"--\" in a comment");
        return (size_t)(e - b) + 3;
    }
    if (len - i >= 9 && memcmp(b + i, "<![CDATA[", 9) == 0) {
        if (s->state != IN_ROOT)
            return bad(s, "a CDATA section outside the root element");
        const unsigned char *e = find(b, i + 9, len, "]]>");
        if (!e)
            return NEED;
        return cdata(x, s, h, i + 9, (size_t)(e - b));
    }
    if (len - i >= 9 && memcmp(b + i, "<!DOCTYPE", 9) == 0) {
        /* The packaging rules forbid document type declarations in a part
           (ECMA-376 Part 2, M1.17); refusing them also refuses entity bombs. */
        xl_fail(x, SURVEY_ERR_IO, 0, "%s: a document type declaration, which an Excel workbook never has",
                x->member);
        return BAD;
    }
    return bad(s, "a malformed declaration");
}

/* Scan S's buffer from its start: the bytes consumed (the rest is an
   unfinished token); s->bad or x->failed set when it stopped. */
static size_t scan(struct xlsx *x, struct xs *s, const struct handlers *h, int eof)
{
    size_t i = 0;
    while (i < s->len && !x->failed) {
        size_t k;
        if (s->b[i] != '<') {
            if (!eof && s->len - i <= TEXT_TAIL)
                break;
            k = text(x, s, h, i, eof);
        } else if (h->start == xl_sheet_start && i + 1 < s->len && s->b[i + 1] == 'c' &&
                   (k = xl_sheet_fast(x, s->b, i, s->len)) != 0) {
            /* a common cell, read directly (xlsx_sheet.c) */
        } else {
            k = markup(x, s, h, i, eof);
        }
        if (k == BAD)
            return i;
        if (k == NEED)
            break;
        if (k == i) /* text stopped short of the buffer's tail */
            break;
        i = k;
    }
    return i;
}

/* ## Expat: parts in another encoding, and the message for a malformed part */

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    struct xlsx *x = ud;
    xl_fail(x, SURVEY_ERR_IO, 0, "%s: a document type declaration, which an Excel workbook never has",
            x->member);
}

static void XMLCALL no_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)ud, (void)name, (void)atts;
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int len)
{
    (void)ud, (void)s, (void)len;
}

/* Parse the rest of ZF with expat and H, after the FIRST N bytes already
   read (EOF: they are all). */
static int expat_stream(struct xlsx *x, zip_file_t *zf, const struct handlers *h, int track, const char *first,
                        size_t n, int eof)
{
    const char *name = x->member;
    x->p = XML_ParserCreate(NULL);
    if (!x->p)
        return xl_nomem(x);
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, h->start, h->end);
    XML_SetCharacterDataHandler(x->p, h->text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    size_t chunk = x->total && x->total < x->chunk ? (size_t)x->total + 1 : x->chunk;
    int rc = 0;
    for (int pass = 0;; pass++) {
        zip_int64_t got;
        enum XML_Status st;
        if (pass == 0) {
            got = (zip_int64_t)n;
            st = XML_Parse(x->p, first, (int)n, eof);
        } else {
            void *b = XML_GetBuffer(x->p, (int)chunk);
            if (!b) {
                rc = xl_nomem(x);
                break;
            }
            got = zf ? zip_fread(zf, b, chunk) : 0;
            if (got < 0) {
                rc = xl_fail(x, SURVEY_ERR_IO, 0, "%s: %s (is the file damaged?)", name, zip_file_strerror(zf));
                break;
            }
            x->done += (zip_uint64_t)got;
            if (x->done > MAX_MEMBER) {
                rc = xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: more than the 4 GiB uncompressed canyu reads", name);
                break;
            }
            eof = got == 0;
            st = XML_ParseBuffer(x->p, (int)got, eof);
        }
        if (st != XML_STATUS_OK) {
            if (!x->failed)
                xl_fail(x, SURVEY_ERR_IO, 0, "%s: %s at line %lu", name, XML_ErrorString(XML_GetErrorCode(x->p)),
                        (unsigned long)XML_GetCurrentLineNumber(x->p));
            rc = -1;
            break;
        }
        if (x->failed) {
            rc = -1;
            break;
        }
        if (track && x->opts->progress && pass > 0)
            x->opts->progress(x->opts->progress_ctx, (size_t)x->done, (size_t)x->total);
        if (eof)
            break;
    }
    XML_ParserFree(x->p);
    x->p = NULL;
    return rc;
}

/* The member at INDEX is not well-formed (the scanner found WHY): expat's
   message for it, or the scanner's should expat accept it. */
static int malformed(struct xlsx *x, zip_int64_t index, const char *why)
{
    zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)index, 0);
    if (!zf)
        return xl_fail(x, SURVEY_ERR_IO, 0, "%s: %s", x->member, zip_strerror(x->za));
    static const struct handlers none = {no_start, no_end, no_text};
    x->done = 0;
    int rc = expat_stream(x, zf, &none, 0, "", 0, 0);
    zip_fclose(zf);
    if (rc == 0)
        rc = xl_fail(x, SURVEY_ERR_IO, 0, "%s: not well-formed XML (%s)", x->member, why);
    return rc;
}

/* Whether the part starting with B (N bytes, all of it when EOF) must go to
   expat: UTF-16, or an encoding declared other than UTF-8. */
static int needs_expat(const unsigned char *b, size_t n)
{
    if (n >= 2 && (b[0] == 0xFE || b[0] == 0xFF || b[0] == 0 || b[1] == 0))
        return 1;
    if (n < 6 || memcmp(b, "<?xml", 5) != 0 || !is_space(b[5]))
        return 0;
    const unsigned char *e = find(b, 5, n, "?>");
    const unsigned char *enc = e ? find(b, 0, (size_t)(e - b), "encoding") : NULL;
    if (!enc)
        return 0;
    const unsigned char *q = enc + 8;
    while (q < e && (is_space(*q) || *q == '='))
        q++;
    if (q == e || (*q != '"' && *q != '\''))
        return 0;
    const unsigned char *v = q + 1, *v1 = memchr(v, *q, (size_t)(e - v));
    if (!v1)
        return 0;
    size_t len = (size_t)(v1 - v);
    static const char utf8[] = "utf-8";
    if (len != 5)
        return 1;
    for (size_t k = 0; k < 5; k++)
        if ((v[k] | 0x20) != utf8[k])
            return 1;
    return 0;
}

static void xs_free(struct xs *s)
{
    free(s->b);
    buf_free(&s->names);
    free(s->stack);
    free(s->ap);
    free(s->atts);
}

/* Read more of ZF (through AHEAD when it runs) into S's buffer: the bytes
   read (0 at the end), or -1. */
static zip_int64_t fill(struct xlsx *x, struct xs *s, zip_file_t *zf, struct ahead *ahead, size_t chunk)
{
    if (s->cap - s->len < chunk) {
        if (s->len > MAX_TOKEN)
            return xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: a tag, comment or CDATA section of more than 256 MiB",
                           x->member);
        size_t cap = s->cap ? s->cap : chunk;
        while (cap - s->len < chunk)
            cap *= 2;
        unsigned char *b = realloc(s->b, cap + 1);
        if (!b)
            return xl_nomem(x);
        s->b = b, s->cap = cap;
    }
    zip_int64_t n = ahead->running ? xl_ahead_take(ahead, s->b + s->len) : zip_fread(zf, s->b + s->len, chunk);
    if (n < 0)
        return xl_fail(x, SURVEY_ERR_IO, 0, "%s: %s (is the file damaged?)", x->member, zip_file_strerror(zf));
    x->done += (zip_uint64_t)n;
    if (x->done > MAX_MEMBER)
        return xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: more than the 4 GiB uncompressed canyu reads", x->member);
    s->len += (size_t)n;
    return n;
}

static int scan_stream(struct xlsx *x, zip_int64_t index, zip_file_t *zf, const struct handlers *h, int track)
{
    size_t chunk = x->total && x->total < x->chunk ? (size_t)x->total + 1 : x->chunk;
    struct xs s = {0};
    struct ahead ahead = {0};
    int rc = 0, eof = 0;
    /* The start, to tell the encoding: the declaration, or 1 KiB. */
    while (!eof && s.len < 1024 && !(s.len > 2 && find(s.b, 0, s.len, "?>"))) {
        zip_int64_t n = fill(x, &s, zf, &ahead, chunk);
        if (n < 0) {
            xs_free(&s);
            return -1;
        }
        eof = n == 0;
    }
    if (needs_expat(s.b, s.len)) {
        rc = expat_stream(x, zf, h, track, (const char *)s.b, s.len, eof);
        xs_free(&s);
        return rc;
    }
    if (!eof && chunk >= MIN_AHEAD_CHUNK && x->total > 2 * (zip_uint64_t)chunk)
        xl_ahead_start(&ahead, zf, chunk); /* or not: then fill() inflates */
    if (s.len >= 3 && memcmp(s.b, "\xEF\xBB\xBF", 3) == 0) {
        memmove(s.b, s.b + 3, s.len - 3);
        s.len -= 3;
    }
    for (;;) {
        size_t used = scan(x, &s, h, eof);
        if (x->failed) {
            rc = -1;
            break;
        }
        if (s.bad) {
            xl_ahead_end(&ahead); /* one reader of the archive at a time */
            rc = malformed(x, index, s.bad);
            break;
        }
        memmove(s.b, s.b + used, s.len - used);
        s.len -= used;
        if (used)
            s.decl_at = (size_t)-1;
        if (track && x->opts->progress)
            x->opts->progress(x->opts->progress_ctx, (size_t)x->done, (size_t)x->total);
        if (eof) {
            xl_ahead_end(&ahead);
            if (s.len || s.state != IN_EPILOG)
                rc = malformed(x, index, s.len ? "an unfinished tag" : "no root element, or one left open");
            break;
        }
        zip_int64_t n = fill(x, &s, zf, &ahead, chunk);
        if (n < 0) {
            rc = -1;
            break;
        }
        eof = n == 0;
    }
    xl_ahead_end(&ahead);
    xs_free(&s);
    return rc;
}

int xl_parse_member(struct xlsx *x, zip_int64_t index, const char *name, const struct handlers *h, int track)
{
    x->member = name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->za, (zip_uint64_t)index, 0, &st) == 0 && st.valid & ZIP_STAT_SIZE &&
        st.size > MAX_MEMBER)
        return xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: %llu bytes uncompressed, more than the 4 GiB canyu reads",
                       name, (unsigned long long)st.size);
    x->total = st.valid & ZIP_STAT_SIZE ? st.size : 0;
    x->done = 0;
    zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)index, 0);
    if (!zf)
        return xl_fail(x, SURVEY_ERR_IO, 0, "%s: %s", name, zip_strerror(x->za));
    int rc = scan_stream(x, index, zf, h, track);
    if (zip_fclose(zf) != 0 && rc == 0)
        rc = xl_fail(x, SURVEY_ERR_IO, 0, "%s: damaged in the archive", name);
    return rc;
}
