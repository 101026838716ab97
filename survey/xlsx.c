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
#include "survey/xlsx_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fill ERR (unless it is filled already) and stop the parser at work.  Expat
   may still call a handler or two for the chunk it was parsing: every
   handler returns at once when X has failed. */
int xl_fail(struct xlsx *x, enum survey_status code, long line, const char *fmt, ...)
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

int xl_nomem(struct xlsx *x)
{
    return xl_fail(x, SURVEY_ERR_NOMEM, 0, "out of memory reading %s", x->member ? x->member : "the workbook");
}

/* Make room in *P (of *CAP elements of SIZE bytes) for NEED; 0 or -1. */
int xl_grow(void *p, size_t *cap, size_t need, size_t size)
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
int xl_is(const char *name, const char *want)
{
    return strcmp(xl_local(name), want) == 0;
}

const char *xl_attr(const XML_Char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (xl_is(atts[i], want))
            return atts[i + 1];
    return NULL;
}

/* A whole unsigned decimal number no greater than MAX; 0 or -1. */
int xl_parse_uint(const char *s, size_t len, unsigned long max, unsigned long *out)
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
const char *xl_col_name(long col, char out[8])
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

/* The index of the member NAME (the case of a part name does not matter,
   ECMA-376 Part 2, 6.2.2.3), or -1. */
static zip_int64_t locate(const struct xlsx *x, const char *name)
{
    return zip_name_locate(x->za, name, ZIP_FL_NOCASE);
}

/* ## Relationships (.rels parts) */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (!xl_is(name, "Relationship"))
        return;
    const char *id = xl_attr(atts, "Id"), *type = xl_attr(atts, "Type"), *target = xl_attr(atts, "Target");
    const char *mode = xl_attr(atts, "TargetMode");
    if (!id || !type || !target)
        return;
    if (xl_grow(&x->rels, &x->cap_rels, x->n_rels + 1, sizeof *x->rels) < 0) {
        xl_nomem(x);
        return;
    }
    struct rel *r = &x->rels[x->n_rels];
    r->id = arena_strndup(&x->strs, id, strlen(id));
    r->type = arena_strndup(&x->strs, type, strlen(type));
    r->target = arena_strndup(&x->strs, target, strlen(target));
    r->external = mode && strcmp(mode, "External") == 0;
    if (!r->id || !r->type || !r->target) {
        xl_nomem(x);
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
        return xl_nomem(x);
    zip_int64_t i = locate(x, path);
    if (i < 0)
        return 0;
    static const struct handlers h = {rels_start, ignore_end, ignore_text};
    return xl_parse_member(x, i, path, &h, 0);
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
        xl_nomem(x);
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
        xl_nomem(x);
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
    const char *n = xl_local(name);
    if (!x->seen_root) {
        x->seen_root = 1;
        x->is_workbook = strcmp(n, "workbook") == 0;
    }
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = xl_attr(atts, "date1904");
        x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(n, "sheets") == 0) {
        x->in_sheets = 1;
    } else if (x->in_sheets && strcmp(n, "sheet") == 0) {
        const char *sname = xl_attr(atts, "name"), *rid = xl_attr(atts, "id"), *state = xl_attr(atts, "state");
        if (!sname || !rid)
            return;
        if (xl_grow(&x->sheets, &x->cap_sheets, x->n_sheets + 1, sizeof *x->sheets) < 0) {
            xl_nomem(x);
            return;
        }
        struct sheet *s = &x->sheets[x->n_sheets];
        s->name = arena_strndup(&x->strs, sname, strlen(sname));
        s->rid = arena_strndup(&x->strs, rid, strlen(rid));
        s->hidden = state && strcmp(state, "visible") != 0;
        if (!s->name || !s->rid) {
            xl_nomem(x);
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
    if (xl_is(name, "sheets"))
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
    const char *n = xl_local(name);
    if (strcmp(n, "numFmts") == 0) {
        x->in_numfmts = 1;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = 1;
    } else if (x->in_numfmts && strcmp(n, "numFmt") == 0) {
        const char *id = xl_attr(atts, "numFmtId"), *code = xl_attr(atts, "formatCode");
        unsigned long v;
        if (!id || !code || xl_parse_uint(id, strlen(id), 0xFFFFFFFFul, &v) < 0)
            return;
        if (xl_grow(&x->fmts, &x->cap_fmts, x->n_fmts + 1, sizeof *x->fmts) < 0) {
            xl_nomem(x);
            return;
        }
        x->fmts[x->n_fmts++] = (struct custom_fmt){v, code_kind(code)};
    } else if (x->in_cellxfs && strcmp(n, "xf") == 0) {
        const char *id = xl_attr(atts, "numFmtId");
        unsigned long v;
        if (!id || xl_parse_uint(id, strlen(id), 0xFFFFFFFFul, &v) < 0)
            v = 0;
        if (xl_grow(&x->xf_fmt, &x->cap_xfs, x->n_xfs + 1, sizeof *x->xf_fmt) < 0) {
            xl_nomem(x);
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
    const char *n = xl_local(name);
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
        return xl_nomem(x);
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
        rc = xl_nomem(x);
    else if (code == ZIP_ER_NOZIP)
        rc = xl_fail(x, SURVEY_ERR_IO, 0, "not a ZIP archive, as an Excel workbook is (is the file truncated?)");
    else if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT)
        rc = xl_fail(x, SURVEY_ERR_IO, 0, "cannot read the file: %s", zip_error_strerror(&ze));
    else
        rc = xl_fail(x, SURVEY_ERR_IO, 0, "a damaged ZIP archive (%s): is the file truncated?",
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
            return xl_fail(x, SURVEY_ERR_IO, 0, "%s", others[i].what);
    return xl_fail(x, SURVEY_ERR_IO, 0, "a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml)");
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
        xl_fail(x, SURVEY_ERR_IO, 0, "the workbook lists no sheet");
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
            xl_nomem(x);
            return NULL;
        }
    xl_fail(x, SURVEY_ERR_IO, 0, "no sheet named \"%s\" (sheets: %s)", want, list.data);
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
    return i < 0 ? 0 : xl_parse_member(x, i, part, h, 0);
}

static int read_workbook(struct xlsx *x, struct rd_info *info)
{
    const char *wb = find_workbook(x);
    if (!wb)
        return -1;
    static const struct handlers wbh = {wb_start, wb_end, ignore_text};
    if (xl_parse_member(x, locate(x, wb), wb, &wbh, 0) < 0)
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
        return xl_fail(x, SURVEY_ERR_IO, 0, "sheet \"%s\" has no part in the workbook (no relationship %s)",
                    s->name, s->rid);
    if (!ends_with(r->type, "/worksheet"))
        return xl_fail(x, SURVEY_ERR_IO, 0, "sheet \"%s\" is %s, not a worksheet", s->name,
                    ends_with(r->type, "/chartsheet") ? "a chart" : "not made of cells");
    const char *part = resolve(x, wb, r->target);
    if (!part)
        return -1;
    zip_int64_t si = locate(x, part);
    if (si < 0)
        return xl_fail(x, SURVEY_ERR_IO, 0, "sheet \"%s\": its part %s is missing from the archive", s->name,
                    part);
    size_t keep = text_utf8_prefix(s->name, strlen(s->name), sizeof info->sheet - 1);
    memcpy(info->sheet, s->name, keep);
    info->sheet[keep] = '\0';

    static const struct handlers sth = {styles_start, styles_end, ignore_text};
    static const struct handlers ssh = {xl_sst_start, xl_sst_end, xl_sst_text};
    if (read_optional(x, wb, "/styles", "xl/styles.xml", &sth) < 0 || resolve_styles(x) < 0 ||
        read_optional(x, wb, "/sharedStrings", "xl/sharedStrings.xml", &ssh) < 0)
        return -1;
    static const struct handlers shh = {xl_sheet_start, xl_sheet_end, xl_sheet_text};
    return xl_parse_member(x, si, part, &shh, 1);
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
