/* fuzz_xlsx.c — the Excel reader (rd_xlsx), fed arbitrary bytes as a workbook.
 *
 * Input: byte 0 chooses the options, bytes 1-2 the read-chunk size (as in
 * fuzz_load.c: byte 1 below 0x80 gives 1..128 bytes, else 1..32768 from both
 * bytes; 0xFFFF the default), the rest is the workbook.  Byte 0: bit 0 the
 * rest is a ZIP archive as it is (0), or the parts of one separated by NUL
 * bytes (1) — xl/workbook.xml, its relationships, xl/sharedStrings.xml,
 * xl/styles.xml, xl/worksheets/sheet1.xml and sheet2.xml, _rels/.rels; an
 * empty part is left out — which the target zips uncompressed, so that
 * mutations reach the XML; bits 1-2 the sheet asked for (the first, "Sheet2",
 * "问卷", "none"); bit 3 a sink that stops after the second record.
 *
 * Checked: no crash, leak or undefined behaviour; an error names itself and
 * is never out of memory; a sink's stop is returned at once with the sink's
 * error; every record has 1..16384 NUL-free UTF-8 fields, at least one of
 * them non-empty and at least as many as the header; lines (sheet rows)
 * increase within 1..1048576; at the default chunk size as at the chosen
 * one, the same result, and on success the same records.
 */
#include "fuzz/fuzz.h"
#include "survey/reader.h"
#include "survey/survey_internal.h"

#include <zip.h>

struct count {
    long records, last_line, stop_after;
    size_t width;
    uint64_t hash; /* FNV-1a over every field and line */
    struct survey_error *err;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211u;
    return h;
}

static int count_sink(void *ctx, const struct rd_record *rec)
{
    struct count *c = ctx;
    FUZZ_CHECK(rec->n >= 1 && rec->n <= 16384);
    FUZZ_CHECK(rec->line > c->last_line && rec->line <= 1048576);
    if (!c->records)
        c->width = rec->n;
    FUZZ_CHECK(rec->n >= c->width);
    int nonempty = 0;
    for (size_t i = 0; i < rec->n; i++) {
        int trunc;
        FUZZ_CHECK(strlen(rec->field[i]) == rec->len[i]);
        FUZZ_CHECK(text_utf8_valid((const unsigned char *)rec->field[i], rec->len[i], &trunc) == rec->len[i]);
        nonempty |= rec->len[i] > 0;
        c->hash = fnv(c->hash, rec->field[i], rec->len[i] + 1);
    }
    FUZZ_CHECK(nonempty);
    c->hash = fnv(c->hash, &rec->line, sizeof rec->line);
    c->last_line = rec->line;
    if (++c->records == c->stop_after)
        return survey_error_set(c->err, SURVEY_ERR_HEADER, "sink", rec->line, "stopped");
    return 0;
}

/* The NUL-separated parts of DATA as a ZIP archive in *OUT (malloc'd). */
static size_t zip_parts(const uint8_t *data, size_t size, char **out)
{
    static const char *const names[] = {
        "xl/workbook.xml",          "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml",
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",   "_rels/.rels"};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    FUZZ_CHECK(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    FUZZ_CHECK(za);
    const uint8_t *p = data, *end = data + size;
    int added = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
        const uint8_t *stop = nul ? nul : end;
        if (stop > p) {
            zip_source_t *s = zip_source_buffer(za, p, (zip_uint64_t)(stop - p), 0);
            FUZZ_CHECK(s);
            zip_int64_t idx = zip_file_add(za, names[i], s, 0);
            FUZZ_CHECK(idx >= 0);
            FUZZ_CHECK(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) == 0);
            added = 1;
        }
        if (stop == end)
            break;
        p = stop + 1;
    }
    FUZZ_CHECK(zip_close(za) == 0);
    if (!added) { /* libzip writes no archive without a member */
        zip_source_free(src);
        zip_error_fini(&ze);
        *out = NULL;
        return 0;
    }
    FUZZ_CHECK(zip_source_open(src) == 0);
    FUZZ_CHECK(zip_source_seek(src, 0, SEEK_END) == 0);
    zip_int64_t n = zip_source_tell(src);
    FUZZ_CHECK(n >= 0);
    FUZZ_CHECK(zip_source_seek(src, 0, SEEK_SET) == 0);
    *out = malloc(n ? (size_t)n : 1);
    FUZZ_CHECK(*out);
    FUZZ_CHECK(zip_source_read(src, *out, (zip_uint64_t)n) == n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return (size_t)n;
}

static int run(const char *data, size_t size, const struct survey_load_opts *o, long stop_after,
               struct count *c, struct survey_error *err, struct rd_info *info)
{
    memset(c, 0, sizeof *c);
    c->stop_after = stop_after;
    c->err = err;
    memset(err, 0, sizeof *err);
    struct rd_input in = {.name = "fuzz.xlsx", .mem = data, .size = size, .opts = o};
    int rc = rd_xlsx.read(&in, count_sink, c, info, err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(!strcmp(info->format, "xlsx") && info->encoding == SURVEY_ENC_UTF8);
    FUZZ_CHECK(memchr(info->sheet, '\0', sizeof info->sheet));
    if (rc != 0) {
        FUZZ_CHECK_ERROR(*err);
        FUZZ_CHECK(err->code != SURVEY_ERR_NOMEM);
        if (c->records == stop_after)
            FUZZ_CHECK(!strcmp(err->file, "sink") && !strcmp(err->message, "stopped"));
        else
            FUZZ_CHECK(!strcmp(err->file, "fuzz.xlsx"));
    } else {
        FUZZ_CHECK(c->records != stop_after);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags = 0, b1 = 0xFF, b2 = 0xFF;
    if (size >= 3) {
        flags = data[0], b1 = data[1], b2 = data[2];
        data += 3, size -= 3;
    }
    static const char *const sheets[] = {NULL, "Sheet2", "问卷", "none"};
    struct survey_load_opts o = {
        .sheet = sheets[flags >> 1 & 3],
        .chunk_size = b1 == 0xFF && b2 == 0xFF ? 0
                      : b1 < 0x80              ? b1 + 1
                                               : ((b1 & 0x7F) << 8 | b2) + 1,
    };
    long stop_after = flags & 8 ? 2 : -1;
    char *zipped = NULL;
    const char *bytes = (const char *)data;
    if (flags & 1) {
        size = zip_parts(data, size, &zipped);
        bytes = zipped ? zipped : "";
    }
    struct count c, d;
    struct survey_error err, e2;
    struct rd_info info, i2;
    int rc = run(bytes, size, &o, stop_after, &c, &err, &info);
    o.chunk_size = 0;
    int rc2 = run(bytes, size, &o, stop_after, &d, &e2, &i2);
    /* A damaged member can fail as bad XML or as bad deflate data, whichever
       the chunk size lets show first: only success is compared in full. */
    FUZZ_CHECK(rc == rc2 && !strcmp(info.sheet, i2.sheet));
    FUZZ_CHECK(rc != 0 || (c.records == d.records && c.hash == d.hash));
    free(zipped);
    return 0;
}
