/* xlsx.c — the reader for Excel workbooks (.xlsx, Office Open XML).
 *
 * An .xlsx file is a ZIP archive of XML parts (ECMA-376 Part 1 describes the
 * SpreadsheetML parts, Part 2 the packaging).  libzip opens the archive and
 * inflates one member at a time in chunks; expat parses each chunk as it
 * arrives, so a sheet is never held whole: only the row being read is.  The
 * shared string table is held in memory (one buffer of NUL-terminated
 * strings), and so is the list of cell formats, which says which number
 * cells are dates.
 *
 * The parts are read in the order they depend on each other: the package's
 * relationships (_rels/.rels) name the workbook part (xl/workbook.xml when
 * they do not); the workbook lists the sheets in tab order and the date
 * system; its relationships map each sheet to its part and name the shared
 * strings and the styles; then the chosen sheet.  Without opts->sheet that is
 * the first sheet in tab order that is not hidden.
 *
 * Records: the first row with a non-empty cell is the header, and its last
 * non-empty cell fixes the record width N.  Each later row with a non-empty
 * cell is a record of N fields, or more when it has non-empty cells right of
 * the header's last one (the sink then rejects it for its field count, as it
 * would a CSV line with extra fields); absent cells are "".  Rows without a
 * non-empty cell, whether absent from the file or present with empty or only
 * formatted cells, are skipped rather than delivered as blank records: a
 * writer keeps an empty row in the file or not according to its formatting,
 * not to anything a respondent did.  A record's line is its sheet row.
 * Hidden rows and columns are read like the others (a filter hides rows, it
 * does not remove respondents); a merged range holds its value in its first
 * cell only, as the file does.
 *
 * Cell text (reader.h): numbers as the shortest text that reads back the same
 * double, whole numbers as digits; number cells whose format is a date or a
 * time as ISO 8601 text; strings with their _xHHHH_ escapes decoded.
 */
#include "survey/reader.h"
#include "survey/survey_internal.h"

#include <expat.h>
#include <zip.h>

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Excel's limits ("Excel specifications and limits": 1,048,576 rows by
   16,384 columns, the last being XFD). */
enum { MAX_ROWS = 1048576, MAX_COLS = 16384 };
enum { DEFAULT_CHUNK = 256 << 10, MAX_CHUNK = 4 << 20 };
#define MAX_MEMBER ((zip_uint64_t)4 << 30) /* inflated bytes of one part */
#define MAX_ROW_TEXT ((size_t)256 << 20)   /* the text of one row */

/* What a number cell's format makes of it. */
enum fmt_kind {
    FMT_NUMBER,
    FMT_DATE,     /* a date: YYYY-MM-DD (with the time when it has one) */
    FMT_DATETIME, /* YYYY-MM-DD HH:MM:SS */
    FMT_TIME,     /* a time of day: HH:MM:SS (a date and time when over a day) */
    FMT_ELAPSED,  /* [h]:mm:ss, a duration: total hours:MM:SS */
};

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_ISODATE };

struct rel {
    const char *id, *type, *target;
    int external;
};

struct sheet {
    const char *name, *rid;
    int hidden;
};

struct custom_fmt {
    unsigned long id;
    enum fmt_kind kind;
};

struct cell {
    long col;
    size_t off, len;
};

struct xlsx {
    const struct rd_input *in;
    const struct survey_load_opts *opts; /* in->opts, or the defaults */
    const char *name;                    /* the input, in messages */
    struct survey_error *err;
    rd_sink sink;
    void *ctx;
    zip_t *za;
    size_t chunk;
    struct arena strs; /* part names, sheet names, relationship fields */
    XML_Parser p;      /* the parser at work, or NULL */
    const char *member;
    int failed; /* ERR is filled, by this file or by the sink */

    /* relationships of the part just read */
    struct rel *rels;
    size_t n_rels, cap_rels;

    /* workbook */
    struct sheet *sheets;
    size_t n_sheets, cap_sheets;
    int in_sheets, date1904;
    int seen_root, is_workbook; /* the main part's root element is <workbook> */

    /* styles: the number format of each cell format (xf), then its kind */
    int in_numfmts, in_cellxfs;
    struct custom_fmt *fmts;
    size_t n_fmts, cap_fmts;
    unsigned long *xf_fmt;
    unsigned char *xf_kind;
    size_t n_xfs, cap_xfs;

    /* shared strings: string I starts at sst.data + sst_off[I] */
    struct buf sst;
    size_t *sst_off;
    size_t n_sst, cap_sst;
    int in_si;

    /* rich text, in shared and inline strings: <t> outside <rPh> */
    int in_t, rph;
    struct buf raw;

    /* the sheet */
    int in_data, in_row, in_c, in_v, in_is, have_is;
    long row_attr, row_ref, prev_row; /* row_ref: the row named by its first cell */
    long col, last_col;
    enum cell_type type;
    unsigned long style;
    struct buf val, tmp;
    struct buf row_text;
    struct cell *cells;
    size_t n_cells, cap_cells;
    long max_col;
    size_t width; /* the header's; 0 until the header */
    const char **field;
    size_t *flen;
    size_t cap_field;
    zip_uint64_t done, total; /* progress through the sheet's part */
};

static int fail(struct xlsx *x, enum survey_status code, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Fill ERR (unless it is filled already) and stop the parser at work.  Expat
   may still call a handler or two for the chunk it was parsing: every
   handler returns at once when X has failed. */
static int fail(struct xlsx *x, enum survey_status code, long line, const char *fmt, ...)
{
    if (!x->failed) {
        char msg[sizeof x->err->message];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        survey_error_set(x->err, code, x->name, line, "%s", msg);
        x->failed = 1;
    }
    if (x->p)
        XML_StopParser(x->p, XML_FALSE);
    return -1;
}

static int nomem(struct xlsx *x)
{
    return fail(x, SURVEY_ERR_NOMEM, 0, "out of memory reading %s", x->member ? x->member : "the workbook");
}

/* Make room in *P (of *CAP elements of SIZE bytes) for NEED; 0 or -1. */
static int grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return -1;
        n *= 2;
    }
    void *q = realloc(*(void **)p, n * size);
    if (!q)
        return -1;
    *(void **)p = q;
    *cap = n;
    return 0;
}

/* Part and attribute names without their namespace prefix: writers differ
   ("c", "x:c"), the meaning does not. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static int is(const char *name, const char *want)
{
    return strcmp(local(name), want) == 0;
}

static const char *attr(const XML_Char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (is(atts[i], want))
            return atts[i + 1];
    return NULL;
}

/* A whole unsigned decimal number no greater than MAX; 0 or -1. */
static int parse_uint(const char *s, size_t len, unsigned long max, unsigned long *out)
{
    if (len == 0)
        return -1;
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (max - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb || !ca)
            return ca - cb;
    }
}

/* "C" for column 3, "XFD" for 16384. */
static const char *col_name(long col, char out[8])
{
    char tmp[8];
    int n = 0;
    while (col > 0 && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return out;
}

/* ## Reading one part */

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    struct xlsx *x = ud;
    /* The packaging rules forbid document type declarations in a part
       (ECMA-376 Part 2, M1.17); refusing them also refuses entity bombs. */
    fail(x, SURVEY_ERR_IO, 0, "%s: a document type declaration, which an Excel workbook never has",
         x->member);
}

struct handlers {
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
};

/* The index of the member NAME (the case of a part name does not matter,
   ECMA-376 Part 2, 6.2.2.3), or -1. */
static zip_int64_t locate(const struct xlsx *x, const char *name)
{
    return zip_name_locate(x->za, name, ZIP_FL_NOCASE);
}

/* Parse the member at INDEX, named NAME, with H; TRACK: report progress. */
static int parse_member(struct xlsx *x, zip_int64_t index, const char *name, const struct handlers *h,
                        int track)
{
    x->member = name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->za, (zip_uint64_t)index, 0, &st) == 0 && st.valid & ZIP_STAT_SIZE &&
        st.size > MAX_MEMBER)
        return fail(x, SURVEY_ERR_LIMIT, 0, "%s: %llu bytes uncompressed, more than the 4 GiB canyu reads",
                    name, (unsigned long long)st.size);
    x->total = st.valid & ZIP_STAT_SIZE ? st.size : 0;
    x->done = 0;
    zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)index, 0);
    if (!zf)
        return fail(x, SURVEY_ERR_IO, 0, "%s: %s", name, zip_strerror(x->za));
    x->p = XML_ParserCreate(NULL);
    if (!x->p) {
        zip_fclose(zf);
        return nomem(x);
    }
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, h->start, h->end);
    XML_SetCharacterDataHandler(x->p, h->text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    /* A small part needs no large buffer (one byte more reads its end). */
    size_t chunk = x->total && x->total < x->chunk ? (size_t)x->total + 1 : x->chunk;
    int rc = 0;
    for (;;) {
        void *b = XML_GetBuffer(x->p, (int)chunk);
        if (!b) {
            rc = nomem(x);
            break;
        }
        zip_int64_t n = zip_fread(zf, b, chunk);
        if (n < 0) {
            rc = fail(x, SURVEY_ERR_IO, 0, "%s: %s (is the file damaged?)", name, zip_file_strerror(zf));
            break;
        }
        x->done += (zip_uint64_t)n;
        if (x->done > MAX_MEMBER) {
            rc = fail(x, SURVEY_ERR_LIMIT, 0, "%s: more than the 4 GiB uncompressed canyu reads", name);
            break;
        }
        if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK) {
            if (!x->failed)
                fail(x, SURVEY_ERR_IO, 0, "%s: %s at line %lu", name, XML_ErrorString(XML_GetErrorCode(x->p)),
                     (unsigned long)XML_GetCurrentLineNumber(x->p));
            rc = -1;
            break;
        }
        if (x->failed) {
            rc = -1;
            break;
        }
        if (track && x->opts->progress)
            x->opts->progress(x->opts->progress_ctx, (size_t)x->done, (size_t)x->total);
        if (n == 0)
            break;
    }
    XML_ParserFree(x->p);
    x->p = NULL;
    if (zip_fclose(zf) != 0 && rc == 0)
        rc = fail(x, SURVEY_ERR_IO, 0, "%s: damaged in the archive", name);
    return rc;
}

/* ## Relationships (.rels parts) */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (!is(name, "Relationship"))
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target)
        return;
    if (grow(&x->rels, &x->cap_rels, x->n_rels + 1, sizeof *x->rels) < 0) {
        nomem(x);
        return;
    }
    struct rel *r = &x->rels[x->n_rels];
    r->id = arena_strndup(&x->strs, id, strlen(id));
    r->type = arena_strndup(&x->strs, type, strlen(type));
    r->target = arena_strndup(&x->strs, target, strlen(target));
    r->external = mode && strcmp(mode, "External") == 0;
    if (!r->id || !r->type || !r->target) {
        nomem(x);
        return;
    }
    x->n_rels++;
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void XMLCALL ignore_text(void *ud, const XML_Char *s, int len)
{
    (void)ud, (void)s, (void)len;
}

/* The relationships of the part PART (its _rels/NAME.rels), into x->rels; a
   part without any has none. */
static int read_rels(struct xlsx *x, const char *part)
{
    x->n_rels = 0;
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    char *path = arena_printf(&x->strs, "%.*s_rels/%s.rels", (int)dir, part, part + dir);
    if (!path)
        return nomem(x);
    zip_int64_t i = locate(x, path);
    if (i < 0)
        return 0;
    static const struct handlers h = {rels_start, ignore_end, ignore_text};
    return parse_member(x, i, path, &h, 0);
}

/* The part a relationship of BASE targets: TARGET relative to BASE's folder,
   or from the package root when it starts with '/'; "." and ".." resolved. */
static const char *resolve(struct xlsx *x, const char *base, const char *target)
{
    const char *slash = strrchr(base, '/');
    size_t dir = slash && target[0] != '/' ? (size_t)(slash - base) + 1 : 0;
    size_t tlen = strlen(target);
    char *joined = malloc(dir + tlen + 1);
    char *out = malloc(dir + tlen + 1);
    if (!joined || !out) {
        free(joined);
        free(out);
        nomem(x);
        return NULL;
    }
    memcpy(joined, base, dir);
    memcpy(joined + dir, target, tlen + 1);
    size_t n = 0;
    for (char *seg = joined; seg;) {
        char *next = strchr(seg, '/');
        if (next)
            *next++ = '\0';
        if (strcmp(seg, "..") == 0) {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
        } else if (seg[0] && strcmp(seg, ".") != 0) {
            if (n > 0)
                out[n++] = '/';
            size_t k = strlen(seg);
            memcpy(out + n, seg, k);
            n += k;
        }
        seg = next;
    }
    const char *r = arena_strndup(&x->strs, out, n);
    free(joined);
    free(out);
    if (!r)
        nomem(x);
    return r;
}

/* The internal relationship whose type ends in "/SUFFIX" ("/styles"), or
   with id ID when ID is not NULL. */
static const struct rel *find_rel(const struct xlsx *x, const char *suffix, const char *id)
{
    for (size_t i = 0; i < x->n_rels; i++) {
        const struct rel *r = &x->rels[i];
        if (!r->external && (id ? strcmp(r->id, id) == 0 : ends_with(r->type, suffix)))
            return r;
    }
    return NULL;
}

/* ## The workbook: sheets in tab order, the date system */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (!x->seen_root) {
        x->seen_root = 1;
        x->is_workbook = strcmp(n, "workbook") == 0;
    }
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(n, "sheets") == 0) {
        x->in_sheets = 1;
    } else if (x->in_sheets && strcmp(n, "sheet") == 0) {
        const char *sname = attr(atts, "name"), *rid = attr(atts, "id"), *state = attr(atts, "state");
        if (!sname || !rid)
            return;
        if (grow(&x->sheets, &x->cap_sheets, x->n_sheets + 1, sizeof *x->sheets) < 0) {
            nomem(x);
            return;
        }
        struct sheet *s = &x->sheets[x->n_sheets];
        s->name = arena_strndup(&x->strs, sname, strlen(sname));
        s->rid = arena_strndup(&x->strs, rid, strlen(rid));
        s->hidden = state && strcmp(state, "visible") != 0;
        if (!s->name || !s->rid) {
            nomem(x);
            return;
        }
        x->n_sheets++;
    }
}

static void XMLCALL wb_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (is(name, "sheets"))
        x->in_sheets = 0;
}

/* ## Styles: which cell formats are dates */

/* The built-in number formats that are dates or times (ECMA-376 Part 1,
   18.8.30, numFmt; 27-36 and 50-58 are the East Asian ones, which zh-CN
   Excel and WPS write without defining them). */
static enum fmt_kind builtin_kind(unsigned long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 ||
        id == 58)
        return FMT_DATE;
    if (id == 22)
        return FMT_DATETIME;
    if ((id >= 18 && id <= 21) || id == 45 || id == 47 || (id >= 32 && id <= 35) || id == 55 || id == 56)
        return FMT_TIME;
    if (id == 46)
        return FMT_ELAPSED;
    return FMT_NUMBER;
}

/* What a format code shows a number as: a date when it has y, d, or m
   without h or s (then m is a month); a time when it has h or s; text in
   quotes, escaped characters (\x, _x, *x) and [brackets] do not count,
   except the elapsed-time brackets [h], [mm], [ss]. */
static enum fmt_kind code_kind(const char *code)
{
    if (ascii_casecmp(code, "General") == 0)
        return FMT_NUMBER;
    int y = 0, d = 0, m = 0, h = 0, s = 0, elapsed = 0;
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
            break;
        case '\\':
        case '_':
        case '*':
            if (p[1])
                p++;
            break;
        case '[': {
            const char *q = p + 1;
            int only_hms = 1;
            while (*q && *q != ']') {
                if (!strchr("hHmMsS", *q))
                    only_hms = 0;
                q++;
            }
            if (only_hms && q > p + 1) {
                elapsed = 1;
                h |= strchr("hH", p[1]) != NULL;
                s |= strchr("sS", p[1]) != NULL;
                m |= strchr("mM", p[1]) != NULL;
            }
            p = *q ? q : q - 1;
            break;
        }
        case 'y':
        case 'Y': y = 1; break;
        case 'd':
        case 'D': d = 1; break;
        case 'm':
        case 'M': m = 1; break;
        case 'h':
        case 'H': h = 1; break;
        case 's':
        case 'S': s = 1; break;
        default: break;
        }
    }
    int date = y || d || (m && !h && !s), time = h || s;
    if (date && time)
        return FMT_DATETIME;
    if (date)
        return FMT_DATE;
    if (time)
        return elapsed ? FMT_ELAPSED : FMT_TIME;
    return FMT_NUMBER;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (strcmp(n, "numFmts") == 0) {
        x->in_numfmts = 1;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = 1;
    } else if (x->in_numfmts && strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        unsigned long v;
        if (!id || !code || parse_uint(id, strlen(id), 0xFFFFFFFFul, &v) < 0)
            return;
        if (grow(&x->fmts, &x->cap_fmts, x->n_fmts + 1, sizeof *x->fmts) < 0) {
            nomem(x);
            return;
        }
        x->fmts[x->n_fmts++] = (struct custom_fmt){v, code_kind(code)};
    } else if (x->in_cellxfs && strcmp(n, "xf") == 0) {
        const char *id = attr(atts, "numFmtId");
        unsigned long v;
        if (!id || parse_uint(id, strlen(id), 0xFFFFFFFFul, &v) < 0)
            v = 0;
        if (grow(&x->xf_fmt, &x->cap_xfs, x->n_xfs + 1, sizeof *x->xf_fmt) < 0) {
            nomem(x);
            return;
        }
        x->xf_fmt[x->n_xfs++] = v;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (strcmp(n, "numFmts") == 0)
        x->in_numfmts = 0;
    else if (strcmp(n, "cellXfs") == 0)
        x->in_cellxfs = 0;
}

/* The kind of each cell format, from its number format: a custom one (the
   last definition of an id wins) or a built-in one. */
static int resolve_styles(struct xlsx *x)
{
    if (!x->n_xfs)
        return 0;
    x->xf_kind = malloc(x->n_xfs);
    if (!x->xf_kind)
        return nomem(x);
    for (size_t i = 0; i < x->n_xfs; i++) {
        enum fmt_kind k = builtin_kind(x->xf_fmt[i]);
        for (size_t j = x->n_fmts; j-- > 0;)
            if (x->fmts[j].id == x->xf_fmt[i]) {
                k = x->fmts[j].kind;
                break;
            }
        x->xf_kind[i] = (unsigned char)k;
    }
    return 0;
}

/* ## Strings */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(s[i]);
        if (d < 0)
            return 0;
        v = v << 4 | (unsigned)d;
    }
    *out = v;
    return 1;
}

static int put_utf8(struct buf *out, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    return buf_append(out, b, n);
}

/* Append S to OUT with its escapes decoded: a string writes a character XML
   cannot hold (a control character) as _xHHHH_, the UTF-16 code unit in hex,
   and a literal "_x" followed by four hex digits as _x005F_x... (ECMA-376
   Part 1, 22.9.2.19, ST_Xstring).  U+0000 and unpaired surrogates are left
   as written: no cell text holds a NUL. */
static int decode_append(struct buf *out, const char *s, size_t len)
{
    size_t start = 0, i = 0;
    while (i < len) {
        const char *u = memchr(s + i, '_', len - i);
        if (!u)
            break;
        i = (size_t)(u - s);
        unsigned cu, lo;
        if (len - i >= 7 && s[i + 1] == 'x' && hex4(s + i + 2, &cu) && s[i + 6] == '_') {
            unsigned cp = cu;
            size_t used = 7;
            if (cu >= 0xD800 && cu <= 0xDBFF) {
                if (len - i >= 14 && s[i + 7] == '_' && s[i + 8] == 'x' && hex4(s + i + 9, &lo) &&
                    s[i + 13] == '_' && lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00), used = 14;
                else
                    cp = 0;
            } else if (cu >= 0xDC00 && cu <= 0xDFFF) {
                cp = 0;
            }
            if (cp) {
                if (buf_append(out, s + start, i - start) < 0 || put_utf8(out, cp) < 0)
                    return -1;
                i += used;
                start = i;
                continue;
            }
        }
        i++;
    }
    return buf_append(out, s + start, len - start);
}

/* Text of a <t> that is not in a phonetic run (<rPh>): a shared or inline
   string's text is its runs' <t> put together. */
static int text_start(struct xlsx *x, const char *n)
{
    if (strcmp(n, "rPh") == 0)
        x->rph++;
    else if (strcmp(n, "t") == 0 && !x->rph)
        x->in_t = 1;
    else
        return 0;
    return 1;
}

static void text_end(struct xlsx *x, const char *n)
{
    if (strcmp(n, "rPh") == 0 && x->rph > 0)
        x->rph--;
    else if (strcmp(n, "t") == 0)
        x->in_t = 0;
}

static void text_add(struct xlsx *x, struct buf *b, const char *s, int len)
{
    if (b->len + (size_t)len > MAX_ROW_TEXT) {
        fail(x, SURVEY_ERR_LIMIT, 0, "%s: a string of more than 256 MiB", x->member);
        return;
    }
    if (buf_append(b, s, (size_t)len) < 0)
        nomem(x);
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        x->in_si = 1;
        x->raw.len = 0;
        x->rph = 0;
        x->in_t = 0;
    } else if (x->in_si) {
        text_start(x, n);
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (!x->in_si)
        return;
    if (strcmp(n, "si") != 0) {
        text_end(x, n);
        return;
    }
    x->in_si = 0;
    if (grow(&x->sst_off, &x->cap_sst, x->n_sst + 1, sizeof *x->sst_off) < 0) {
        nomem(x);
        return;
    }
    x->sst_off[x->n_sst++] = x->sst.len;
    if (decode_append(&x->sst, x->raw.data ? x->raw.data : "", x->raw.len) < 0 || buf_putc(&x->sst, '\0') < 0)
        nomem(x);
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (x->in_si && x->in_t && !x->rph)
        text_add(x, &x->raw, s, len);
}

/* ## Cell text */

/* The shortest text that reads back as V: digits for a whole number below
   2^53 (every such integer is a double), else "%.15g", "%.16g" or "%.17g",
   whichever first reads back the same (15 digits always do when the number
   has a 15-digit form, C11 5.2.4.2.2 DBL_DIG; 17 always do). */
static size_t number_text(double v, char *out, size_t cap)
{
    if (v == 0)
        return (size_t)snprintf(out, cap, "0");
    if (floor(v) == v && fabs(v) < 9007199254740992.0)
        return (size_t)snprintf(out, cap, "%.0f", v);
    for (int p = 15; p <= 17; p++) {
        snprintf(out, cap, "%.*g", p, v);
        if (strtod(out, NULL) == v)
            break;
    }
    return strlen(out);
}

/* Whether S is already what number_text() would write for it, which most
   number cells are ("3", "2.5"): a nonzero decimal of at most 15 significant
   digits (then no shorter text reads back the same, DBL_DIG again), with no
   exponent, leading zero, trailing fractional zero or plus sign, and at
   least 1e-4 (below, "%g" writes an exponent). */
static int is_shortest(const char *s, size_t len)
{
    size_t i = len && s[0] == '-', digits = 0, lead = 0;
    if (i == len || s[i] < '0' || s[i] > '9')
        return 0;
    if (s[i] == '0') { /* "0.xxx" */
        if (i + 1 == len || s[i + 1] != '.')
            return 0;
        i++;
        for (size_t k = i + 1; k < len && s[k] == '0'; k++)
            lead++;
        if (lead > 3)
            return 0;
    }
    int dot = 0;
    for (; i < len; i++) {
        if (s[i] == '.' && !dot && i + 1 < len)
            dot = 1;
        else if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else
            return 0;
    }
    return digits - lead <= 15 && !(dot && s[len - 1] == '0') && digits > lead;
}

/* A day count since 1970-01-01 as a proleptic Gregorian date (the
   civil_from_days algorithm of H. Hinnant, "chrono-Compatible Low-Level Date
   Algorithms"). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A serial date V as ISO 8601 text, or 0 when V is outside 0..9999-12-31.
   The 1900 date system counts 1900-01-01 as day 1 and, as Lotus 1-2-3 did,
   has a 1900-02-29 (day 60); from day 61 on, day N is 1899-12-30 plus N.
   The 1904 system counts 1904-01-01 as day 0 (ECMA-376 Part 1, 18.17.4). */
static size_t date_text(double v, enum fmt_kind kind, int date1904, char *out, size_t cap)
{
    if (!(v >= 0) || v >= (date1904 ? 2957004.0 : 2958466.0))
        return 0;
    long long secs = llround(v * 86400.0);
    long long days = secs / 86400;
    int sod = (int)(secs % 86400);
    int hh = sod / 3600, mi = sod / 60 % 60, ss = sod % 60;
    if (kind == FMT_ELAPSED || (kind == FMT_TIME && days == 0))
        return (size_t)snprintf(out, cap, "%02lld:%02d:%02d", secs / 3600, mi, ss);
    int y, m, d;
    if (date1904)
        civil_from_days(days + 1462 - 25569, &y, &m, &d);
    else if (days == 60)
        y = 1900, m = 2, d = 29;
    else
        civil_from_days(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
    if (kind == FMT_DATE && sod == 0)
        return (size_t)snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return (size_t)snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mi, ss);
}

/* The row of the cell being read: its row's r, else its first cell's, else
   the row after the last. */
static long cell_row(const struct xlsx *x)
{
    return x->row_attr ? x->row_attr : x->row_ref ? x->row_ref : x->prev_row + 1;
}

/* The cell reference of the cell being read ("C7"), for messages. */
static const char *cell_ref(const struct xlsx *x, char out[24])
{
    char c[8];
    snprintf(out, 24, "%s%ld", col_name(x->col, c), cell_row(x));
    return out;
}

/* The text of the cell just read, into x->tmp. */
static int cell_text(struct xlsx *x)
{
    struct buf *t = &x->tmp;
    t->len = 0;
    const char *v = x->val.data ? x->val.data : "";
    size_t vlen = x->val.len;
    char ref[24], num[64];
    if (x->have_is)
        return decode_append(t, x->raw.data ? x->raw.data : "", x->raw.len) < 0 ? nomem(x) : 0;
    switch (x->type) {
    case CT_SHARED: {
        if (!vlen)
            return 0;
        unsigned long i;
        if (parse_uint(v, vlen, ULONG_MAX, &i) < 0)
            return fail(x, SURVEY_ERR_IO, cell_row(x),
                        "cell %s: the shared string index \"%.40s\" is not a number", cell_ref(x, ref), v);
        if (i >= x->n_sst)
            return fail(x, SURVEY_ERR_IO, cell_row(x),
                        "cell %s: shared string %lu does not exist (the workbook has %zu)", cell_ref(x, ref),
                        i, x->n_sst);
        size_t end = i + 1 < x->n_sst ? x->sst_off[i + 1] - 1 : x->sst.len - 1;
        return buf_append(t, x->sst.data + x->sst_off[i], end - x->sst_off[i]) < 0 ? nomem(x) : 0;
    }
    case CT_INLINE:
    case CT_STR: return decode_append(t, v, vlen) < 0 ? nomem(x) : 0;
    case CT_BOOL:
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            v = "1", vlen = 1;
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            v = "0", vlen = 1;
        break;
    case CT_ERROR: break;
    case CT_ISODATE: {
        /* "2024-05-01T10:30:00.000Z" as "2024-05-01 10:30:00" */
        size_t n = vlen;
        if (n && v[n - 1] == 'Z')
            n--;
        const char *dot = memchr(v, '.', n);
        if (dot && memchr(v, ':', n))
            n = (size_t)(dot - v);
        if (buf_append(t, v, n) < 0)
            return nomem(x);
        char *tee = memchr(t->data, 'T', t->len);
        if (tee)
            *tee = ' ';
        return 0;
    }
    case CT_NUMBER: {
        enum fmt_kind k =
            x->style < x->n_xfs && x->xf_kind ? (enum fmt_kind)x->xf_kind[x->style] : FMT_NUMBER;
        if (k == FMT_NUMBER && is_shortest(v, vlen))
            break;
        double d;
        if (text_double(v, vlen, &d) < 0)
            break; /* not a number after all: its text as written */
        size_t n = k != FMT_NUMBER ? date_text(d, k, x->date1904, num, sizeof num) : 0;
        if (!n)
            n = number_text(d, num, sizeof num);
        v = num, vlen = n;
        break;
    }
    }
    return buf_append(t, v, vlen) < 0 ? nomem(x) : 0;
}

/* ## The sheet */

/* A cell reference "C7": its column and row (0 when it has no digits).
   0, -1 when malformed, -2 beyond column XFD or row 1048576. */
static int parse_ref(const char *r, long *col, long *row)
{
    const char *p = r;
    long c = 0, n = 0;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        if (c > MAX_COLS)
            return -2;
    }
    if (p == r)
        return -1;
    if (*p) {
        for (; *p >= '0' && *p <= '9'; p++) {
            n = n * 10 + (*p - '0');
            if (n > MAX_ROWS)
                return -2;
        }
        if (*p || n == 0)
            return -1;
    }
    *col = c, *row = n;
    return 0;
}

static void start_row(struct xlsx *x, const XML_Char **atts)
{
    x->in_row = 1;
    x->row_attr = x->row_ref = 0;
    x->last_col = x->max_col = 0;
    x->n_cells = 0;
    x->row_text.len = 0;
    const char *r = attr(atts, "r");
    unsigned long v;
    if (!r)
        return;
    if (parse_uint(r, strlen(r), ULONG_MAX, &v) < 0 || v == 0)
        fail(x, SURVEY_ERR_IO, 0, "%s: a row numbered \"%.40s\"", x->member, r);
    else if (v > MAX_ROWS)
        fail(x, SURVEY_ERR_LIMIT, 0, "%s: row %lu, beyond Excel's last row 1048576", x->member, v);
    else
        x->row_attr = (long)v;
}

static void start_cell(struct xlsx *x, const XML_Char **atts)
{
    x->in_c = 1;
    x->in_v = x->in_is = x->have_is = x->in_t = x->rph = 0;
    x->val.len = x->raw.len = 0;
    const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
    long col = x->last_col + 1, row = 0;
    if (r) {
        int rc = parse_ref(r, &col, &row);
        if (rc == -1) {
            fail(x, SURVEY_ERR_IO, cell_row(x), "%s: a cell at \"%.40s\", which is not a cell reference",
                 x->member, r);
            return;
        }
        if (rc == -2) {
            fail(x, SURVEY_ERR_LIMIT, cell_row(x),
                 "%s: a cell at %.40s, beyond Excel's last column XFD or row 1048576", x->member, r);
            return;
        }
    }
    if (col > MAX_COLS) {
        fail(x, SURVEY_ERR_LIMIT, cell_row(x), "%s: a row with cells beyond Excel's last column XFD",
             x->member);
        return;
    }
    if (row && !x->row_ref)
        x->row_ref = row;
    x->col = x->last_col = col;
    static const struct {
        const char *name;
        enum cell_type type;
    } types[] = {{"n", CT_NUMBER}, {"s", CT_SHARED}, {"inlineStr", CT_INLINE}, {"str", CT_STR},
                 {"b", CT_BOOL},   {"e", CT_ERROR},  {"d", CT_ISODATE}};
    x->type = CT_NUMBER;
    for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(t, types[i].name) == 0)
            x->type = types[i].type;
    unsigned long style;
    x->style = s && parse_uint(s, strlen(s), ULONG_MAX, &style) == 0 ? style : 0;
}

static void end_cell(struct xlsx *x)
{
    x->in_c = 0;
    if (cell_text(x) < 0 || !x->tmp.len)
        return;
    if (x->row_text.len + x->tmp.len + 1 > MAX_ROW_TEXT) {
        fail(x, SURVEY_ERR_LIMIT, cell_row(x), "%s: a row of more than 256 MiB of text", x->member);
        return;
    }
    if (grow(&x->cells, &x->cap_cells, x->n_cells + 1, sizeof *x->cells) < 0) {
        nomem(x);
        return;
    }
    x->cells[x->n_cells++] = (struct cell){x->col, x->row_text.len, x->tmp.len};
    if (buf_append(&x->row_text, x->tmp.data, x->tmp.len) < 0 || buf_putc(&x->row_text, '\0') < 0) {
        nomem(x);
        return;
    }
    if (x->col > x->max_col)
        x->max_col = x->col;
}

static void end_row(struct xlsx *x)
{
    x->in_row = 0;
    long row = cell_row(x);
    if (row > MAX_ROWS) {
        fail(x, SURVEY_ERR_LIMIT, 0, "%s: a row after row 1048576, Excel's last", x->member);
        return;
    }
    if (row <= x->prev_row) {
        fail(x, SURVEY_ERR_IO, row, "%s: row %ld comes after row %ld (rows must be in order)", x->member, row,
             x->prev_row);
        return;
    }
    x->prev_row = row;
    if (!x->n_cells)
        return;
    if (!x->width)
        x->width = (size_t)x->max_col;
    size_t n = (size_t)x->max_col > x->width ? (size_t)x->max_col : x->width;
    if (n > x->cap_field) {
        const char **f = realloc(x->field, n * sizeof *f);
        if (!f) {
            nomem(x);
            return;
        }
        x->field = f;
        size_t *l = realloc(x->flen, n * sizeof *l);
        if (!l) {
            nomem(x);
            return;
        }
        x->flen = l;
        x->cap_field = n;
    }
    for (size_t i = 0; i < n; i++)
        x->field[i] = "", x->flen[i] = 0;
    for (size_t i = 0; i < x->n_cells; i++) {
        const struct cell *c = &x->cells[i];
        x->field[c->col - 1] = x->row_text.data + c->off;
        x->flen[c->col - 1] = c->len;
    }
    struct rd_record rec = {n, x->field, x->flen, row};
    if (x->sink(x->ctx, &rec) != 0) {
        x->failed = 1; /* the sink filled ERR */
        XML_StopParser(x->p, XML_FALSE);
    }
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (!x->in_data) {
        x->in_data = strcmp(n, "sheetData") == 0;
    } else if (!x->in_row) {
        if (strcmp(n, "row") == 0)
            start_row(x, atts);
    } else if (!x->in_c) {
        if (strcmp(n, "c") == 0)
            start_cell(x, atts);
    } else if (x->in_is) {
        text_start(x, n);
    } else if (strcmp(n, "v") == 0) {
        x->in_v = 1;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = x->have_is = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = local(name);
    if (!x->in_data)
        return;
    if (x->in_c) {
        if (strcmp(n, "c") == 0)
            end_cell(x);
        else if (strcmp(n, "is") == 0)
            x->in_is = 0;
        else if (x->in_is)
            text_end(x, n);
        else if (strcmp(n, "v") == 0)
            x->in_v = 0;
    } else if (x->in_row) {
        if (strcmp(n, "row") == 0)
            end_row(x);
    } else if (strcmp(n, "sheetData") == 0) {
        x->in_data = 0;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (!x->in_c)
        return;
    if (x->in_is) {
        if (x->in_t && !x->rph)
            text_add(x, &x->raw, s, len);
    } else if (x->in_v) {
        text_add(x, &x->val, s, len);
    }
}

/* ## Opening the workbook */

static int open_archive(struct xlsx *x)
{
    zip_error_t ze;
    int code = 0;
    if (x->in->path) {
        x->za = zip_open(x->in->path, ZIP_RDONLY, &code);
        zip_error_init_with_code(&ze, code);
    } else {
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(x->in->mem, x->in->size, 0, &ze);
        if (src) {
            x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
            if (!x->za)
                zip_source_free(src);
        }
        code = zip_error_code_zip(&ze);
    }
    if (x->za) {
        zip_error_fini(&ze);
        return 0;
    }
    int rc;
    if (code == ZIP_ER_MEMORY)
        rc = nomem(x);
    else if (code == ZIP_ER_NOZIP)
        rc = fail(x, SURVEY_ERR_IO, 0, "not a ZIP archive, as an Excel workbook is (is the file truncated?)");
    else if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT)
        rc = fail(x, SURVEY_ERR_IO, 0, "cannot read the file: %s", zip_error_strerror(&ze));
    else
        rc = fail(x, SURVEY_ERR_IO, 0, "a damaged ZIP archive (%s): is the file truncated?",
                  zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

/* The error for a ZIP archive that holds no workbook, saying what it holds
   when that is clear. */
static int not_a_workbook(struct xlsx *x)
{
    static const struct {
        const char *member, *what;
    } others[] = {
        {"xl/workbook.bin", "a binary Excel workbook (.xlsb), not an .xlsx one: save it as .xlsx"},
        {"content.xml", "an OpenDocument file (.ods), not an Excel workbook: save it as .xlsx"},
        {"word/document.xml", "a Word document, not an Excel workbook"},
        {"ppt/presentation.xml", "a PowerPoint presentation, not an Excel workbook"},
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (locate(x, others[i].member) >= 0)
            return fail(x, SURVEY_ERR_IO, 0, "%s", others[i].what);
    return fail(x, SURVEY_ERR_IO, 0, "a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml)");
}

/* The workbook part's name, from the package relationships, or NULL (ERR
   filled) when the archive holds no workbook. */
static const char *find_workbook(struct xlsx *x)
{
    if (read_rels(x, "") < 0)
        return NULL;
    const struct rel *r = find_rel(x, "/officeDocument", NULL);
    const char *part = r ? resolve(x, "", r->target) : "xl/workbook.xml";
    if (!part)
        return NULL;
    if (locate(x, part) >= 0)
        return part;
    if (locate(x, "xl/workbook.xml") >= 0)
        return "xl/workbook.xml";
    not_a_workbook(x);
    return NULL;
}

/* The sheet to read: opts->sheet by name (exactly, else ignoring ASCII
   case, as Excel does), or the first that is not hidden. */
static const struct sheet *choose_sheet(struct xlsx *x)
{
    if (!x->n_sheets) {
        fail(x, SURVEY_ERR_IO, 0, "the workbook lists no sheet");
        return NULL;
    }
    const char *want = x->opts->sheet;
    if (!want) {
        for (size_t i = 0; i < x->n_sheets; i++)
            if (!x->sheets[i].hidden)
                return &x->sheets[i];
        return &x->sheets[0];
    }
    for (size_t i = 0; i < x->n_sheets; i++)
        if (strcmp(x->sheets[i].name, want) == 0)
            return &x->sheets[i];
    for (size_t i = 0; i < x->n_sheets; i++)
        if (ascii_casecmp(x->sheets[i].name, want) == 0)
            return &x->sheets[i];
    struct buf list = {0};
    for (size_t i = 0; i < x->n_sheets && list.len < sizeof x->err->message; i++)
        if ((i && buf_append(&list, ", ", 2) < 0) ||
            buf_append(&list, x->sheets[i].name, strlen(x->sheets[i].name)) < 0) {
            buf_free(&list);
            nomem(x);
            return NULL;
        }
    fail(x, SURVEY_ERR_IO, 0, "no sheet named \"%s\" (sheets: %s)", want, list.data);
    buf_free(&list);
    return NULL;
}

/* Parse the part that relationship type SUFFIX of the workbook names, or
   FALLBACK, if the archive has it. */
static int read_optional(struct xlsx *x, const char *workbook, const char *suffix, const char *fallback,
                         const struct handlers *h)
{
    const struct rel *r = find_rel(x, suffix, NULL);
    const char *part = r ? resolve(x, workbook, r->target) : fallback;
    if (!part)
        return -1;
    zip_int64_t i = locate(x, part);
    if (i < 0 && r)
        i = locate(x, part = fallback);
    return i < 0 ? 0 : parse_member(x, i, part, h, 0);
}

static int read_workbook(struct xlsx *x, struct rd_info *info)
{
    const char *wb = find_workbook(x);
    if (!wb)
        return -1;
    static const struct handlers wbh = {wb_start, wb_end, ignore_text};
    if (parse_member(x, locate(x, wb), wb, &wbh, 0) < 0)
        return -1;
    if (!x->is_workbook) /* a Word document's main part, say */
        return not_a_workbook(x);
    if (read_rels(x, wb) < 0)
        return -1;
    const struct sheet *s = choose_sheet(x);
    if (!s)
        return -1;
    const struct rel *r = find_rel(x, NULL, s->rid);
    if (!r)
        return fail(x, SURVEY_ERR_IO, 0, "sheet \"%s\" has no part in the workbook (no relationship %s)",
                    s->name, s->rid);
    if (!ends_with(r->type, "/worksheet"))
        return fail(x, SURVEY_ERR_IO, 0, "sheet \"%s\" is %s, not a worksheet", s->name,
                    ends_with(r->type, "/chartsheet") ? "a chart" : "not made of cells");
    const char *part = resolve(x, wb, r->target);
    if (!part)
        return -1;
    zip_int64_t si = locate(x, part);
    if (si < 0)
        return fail(x, SURVEY_ERR_IO, 0, "sheet \"%s\": its part %s is missing from the archive", s->name,
                    part);
    size_t keep = text_utf8_prefix(s->name, strlen(s->name), sizeof info->sheet - 1);
    memcpy(info->sheet, s->name, keep);
    info->sheet[keep] = '\0';

    static const struct handlers sth = {styles_start, styles_end, ignore_text};
    static const struct handlers ssh = {sst_start, sst_end, sst_text};
    if (read_optional(x, wb, "/styles", "xl/styles.xml", &sth) < 0 || resolve_styles(x) < 0 ||
        read_optional(x, wb, "/sharedStrings", "xl/sharedStrings.xml", &ssh) < 0)
        return -1;
    static const struct handlers shh = {sheet_start, sheet_end, sheet_text};
    return parse_member(x, si, part, &shh, 1);
}

static void xlsx_free(struct xlsx *x)
{
    if (x->za)
        zip_discard(x->za);
    arena_free(&x->strs);
    free(x->rels);
    free(x->sheets);
    free(x->fmts);
    free(x->xf_fmt);
    free(x->xf_kind);
    buf_free(&x->sst);
    free(x->sst_off);
    buf_free(&x->raw);
    buf_free(&x->val);
    buf_free(&x->tmp);
    buf_free(&x->row_text);
    free(x->cells);
    free(x->field);
    free(x->flen);
}

static int xlsx_detect(const unsigned char *head, size_t len)
{
    return len >= 4 && memcmp(head, "PK\3\4", 4) == 0;
}

static int xlsx_read(const struct rd_input *in, rd_sink sink, void *ctx, struct rd_info *info,
                     struct survey_error *err)
{
    struct xlsx x = {.in = in, .err = err, .sink = sink, .ctx = ctx};
    x.name = in->name ? in->name : in->path ? in->path : "";
    static const struct survey_load_opts defaults = {0};
    x.opts = in->opts ? in->opts : &defaults;
    size_t chunk = x.opts->chunk_size ? x.opts->chunk_size : DEFAULT_CHUNK;
    x.chunk = chunk > MAX_CHUNK ? MAX_CHUNK : chunk;
    info->format = "xlsx";
    info->encoding = SURVEY_ENC_UTF8;
    info->encoding_name = NULL;
    info->bom = 0;
    info->sheet[0] = '\0';
    int rc = open_archive(&x);
    if (rc == 0)
        rc = read_workbook(&x, info);
    xlsx_free(&x);
    return rc;
}

const struct rd_class rd_xlsx = {"xlsx", xlsx_detect, xlsx_read, NULL};
