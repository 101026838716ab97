/* test_xlsx_fast.c — the sheet reader's direct path for the common cells
 * (xl_sheet_fast in survey/xlsx_fast.c) where it meets the general XML
 * scanner: inline strings, formulas, references, unusual attributes and
 * spacing next to plain shared-string and number cells, and cells cut by
 * the end of a chunk (read at every chunk size from 1 to 64 bytes, where
 * most cells go to the scanner, and at the default, where most do not).
 * The records and the messages must be the same either way.
 */
#include "survey/reader.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "tests/test_xlsx.h"

static int read_mem(const char *mem, size_t len, size_t chunk, struct got *g, struct survey_error *err)
{
    struct rd_info info;
    return read_input(NULL, mem, len, NULL, chunk, g, &info, err);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static const char WB[] = "<workbook " NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                         "relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                         "</workbook>";
static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" REL(
        "rId1", "worksheet", "worksheets/sheet1.xml") REL("rId2", "sharedStrings", "sharedStrings.xml")
        REL("rId3", "styles", "styles.xml") "</Relationships>";
static const char SST[] = "<sst " NS "><si><t>zero</t></si><si><t>one</t></si><si><t>a&amp;b</t></si></sst>";
/* style 1: a date */
static const char STYLES[] = "<styleSheet " NS "><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                             "</cellXfs></styleSheet>";

/* A workbook whose sheetData is SHEET. */
static char *book(size_t *len, const char *sheet)
{
    size_t n = strlen(sheet) + 256;
    char *s = malloc(n);
    assert_non_null(s);
    /* the declaration first: without it the scanner starts on the first 1 KiB
       (scan_stream() reads that much to tell the encoding), and a small
       sheet is read whole, by the direct path, at every chunk size */
    snprintf(s, n, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet " NS
                   "><sheetData>%s</sheetData></worksheet>", sheet);
    char *z = zip_of(len, "xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS, "xl/worksheets/sheet1.xml", s,
                     "xl/sharedStrings.xml", SST, "xl/styles.xml", STYLES, NULL);
    free(s);
    return z;
}

/* DATA read at the default chunk size into *G (rc returned, *ERR filled),
   and at every chunk size from 1 to 64 bytes: the same records, or the same
   error. */
static int read_all_chunks(const char *data, size_t len, struct got *g, struct survey_error *err)
{
    int rc = read_mem(data, len, 0, g, err);
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        struct got h;
        struct survey_error e2;
        int rc2 = read_mem(data, len, chunk, &h, &e2);
        if (rc2 != rc)
            fail_msg("chunk %zu: rc %d, want %d (%s)", chunk, rc2, rc, rc2 ? e2.message : err->message);
        if (rc == 0) {
            assert_int_equal(h.n, g->n);
            for (size_t i = 0; i < g->n; i++)
                check_rec(&h, i, g->r[i].line, (const char *const *)g->r[i].field, g->r[i].n);
        } else {
            assert_string_equal(e2.message, err->message);
            assert_int_equal(e2.code, err->code);
            assert_int_equal(e2.line, err->line);
        }
        got_free(&h);
    }
    return rc;
}

/* SHEET with a space before the end of every tag with attributes
   ("<c r=\"A1\" >", "<c r=\"A1\" />"): a shape the direct path leaves to
   the general scanner, whole cells included. */
static char *spaced(const char *sheet)
{
    char *out = malloc(2 * strlen(sheet) + 1), *o = out;
    assert_non_null(out);
    for (const char *p = sheet; *p; p++) {
        *o++ = *p;
        if (*p == '"' && (p[1] == '>' || (p[1] == '/' && p[2] == '>')))
            *o++ = ' ';
    }
    *o = '\0';
    return out;
}

/* SHEET read as read_all_chunks() reads it, and read again with every tag
   spaced(), so by the general path throughout: the same records, or the same
   error. */
static int read_both(const char *sheet, struct got *g, struct survey_error *err)
{
    size_t len, len2;
    char *data = book(&len, sheet), *sp = spaced(sheet), *data2 = book(&len2, sp);
    int rc = read_all_chunks(data, len, g, err);
    struct got h;
    struct survey_error e2;
    int rc2 = read_mem(data2, len2, 0, &h, &e2);
    if (rc2 != rc)
        fail_msg("spaced: rc %d, want %d (%s)", rc2, rc, rc2 ? e2.message : err->message);
    if (rc == 0) {
        assert_int_equal(h.n, g->n);
        for (size_t i = 0; i < g->n; i++)
            check_rec(&h, i, g->r[i].line, (const char *const *)g->r[i].field, g->r[i].n);
    } else if (err->code != SURVEY_ERR_IO || err->line != 0) { /* expat's own messages name a column */
        assert_string_equal(e2.message, err->message);
        assert_int_equal(e2.code, err->code);
        assert_int_equal(e2.line, err->line);
    }
    got_free(&h);
    free(data), free(sp), free(data2);
    return rc;
}

/* Plain cells next to every shape the direct path leaves to the scanner. */
static void test_mixed(void **state)
{
    (void)state;
    const char *sheet =
        "<row r=\"1\" spans=\"1:6\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>in</t></is>"
        "</c><c r=\"C1\" s=\"0\" t=\"s\"><v>1</v></c><c r=\"D1\"><f>1+1</f><v>2</v></c><c r=\"E1\" t=\"s\">"
        "<v>2</v></c><c r=\"F1\" t=\"str\"><v>x&lt;y</v></c></row>"
        /* attributes in another order, another attribute, spacing, a prefix */
        "<row r=\"2\"><c t=\"n\" r=\"A2\" s=\"1\"><v>45000</v></c><c r=\"B2\" cm=\"1\"><v>3</v></c>"
        "<c  r=\"C2\"><v>4</v></c><c r=\"D2\" ><v>5</v></c><c r=\"E2\"><v>6</v></c ><c r='F2'><v>7</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"n\"><v>1.50</v></c><c r=\"B3\"/><c r=\"C3\" s=\"1\"/><c r=\"D3\"></c>"
        "<c r=\"E3\"><v></v></c><c r=\"F3\" t=\"b\"><v>1</v></c></row>"
        /* no r: the column after the last */
        "<row><c t=\"s\"><v>1</v></c><c><v> 8 </v></c><c r=\"D4\"><v>9&#x31;</v></c><c><v>10</v></c>"
        "<c t=\"e\"><v>#DIV/0!</v></c></row>"
        "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><r><t>r1</t></r><r><t>r2</t></r></is></c>"
        "<c r=\"B6\" t=\"s\"><v>0</v></c><c r=\"C6\"><v>1</v><extLst/></c><c r=\"D6\"><v>2</v></c></row>"
        /* numbers written again, a shared index and a style with leading zeros, a style past the
           table, a lower-case reference */
        "<row r=\"7\"><c r=\"A7\"><v>0</v></c><c r=\"B7\"><v>-0</v></c><c r=\"C7\"><v>007</v></c>"
        "<c r=\"D7\" t=\"s\"><v>02</v></c><c r=\"E7\" s=\"01\"><v>45000</v></c>"
        "<c r=\"f7\" s=\"9999999999\"><v>2.5</v></c></row>"
        /* references without a row */
        "<row r=\"8\"><c r=\"B\"><v>1</v></c><c><v>-1.25</v></c></row>"
        /* a row written with leading zeros, longer than the word the direct path compares */
        "<row r=\"9\"><c r=\"A0000000009\"><v>5</v></c><c r=\"B0000000009\" t=\"s\"><v>1</v></c>"
        "<c r=\"C9\"><v>6</v></c><c r=\"D0009\"><v>7</v></c></row>";
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(sheet, &g, &err), 0);
    assert_int_equal(g.n, 8);
    CHECK(&g, 0, 1, "zero", "in", "one", "2", "a&b", "x<y");
    CHECK(&g, 1, 2, "2023-03-15", "3", "4", "5", "6", "7");
    CHECK(&g, 2, 3, "1.5", "", "", "", "", "1");
    CHECK(&g, 3, 4, "one", " 8 ", "", "91", "10", "#DIV/0!");
    CHECK(&g, 4, 6, "r1r2", "zero", "1", "2", "", "");
    CHECK(&g, 5, 7, "0", "0", "7", "a&b", "2023-03-15", "2.5");
    CHECK(&g, 6, 8, "", "1", "-1.25", "", "", "");
    CHECK(&g, 7, 9, "5", "one", "6", "7", "", "");
    got_free(&g);
}

/* Many cells of mixed shapes, so that the ends of chunks fall everywhere in
   and between the direct and the general ones. */
static void test_boundaries(void **state)
{
    (void)state;
    size_t cap = 1 << 16, n = 0;
    char *sheet = malloc(cap);
    assert_non_null(sheet);
    for (int r = 1; r <= 40; r++) {
        n += (size_t)snprintf(sheet + n, cap - n, "<row r=\"%d\">", r);
        for (int c = 0; c < 8; c++) {
            char ref[16];
            snprintf(ref, sizeof ref, "%c%d", 'A' + c, r);
            const char *fmt;
            switch ((r * 8 + c) % 7) {
            case 0: fmt = "<c r=\"%s\" t=\"s\"><v>%d</v></c>"; break;
            case 1: fmt = "<c r=\"%s\"><v>%d.25</v></c>"; break;
            case 2: fmt = "<c r=\"%s\" t=\"inlineStr\"><is><t>i%d</t></is></c>"; break;
            case 3: fmt = "<c r=\"%s\"><f>A1</f><v>%d</v></c>"; break;
            case 4: fmt = "<c r=\"%s\" s=\"0\"/><!-- %d -->"; break;
            case 5: fmt = "<c r=\"%s\" t=\"str\"><v>&amp;%d</v></c>"; break;
            default: fmt = "<c r=\"%s\" s=\"0\" t=\"n\"><v>-%d</v></c>"; break;
            }
            n += (size_t)snprintf(sheet + n, cap - n, fmt, ref, (r + c) % 3);
        }
        n += (size_t)snprintf(sheet + n, cap - n, "</row>");
        assert_true(n < cap - 512);
    }
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(sheet, &g, &err), 0);
    assert_int_equal(g.n, 40);
    /* row 1: shapes 8..15 mod 7 = 1 2 3 4 5 6 0 1, values (1 + c) % 3 = 1 2 0 1 2 0 1 2 */
    CHECK(&g, 0, 1, "1.25", "i2", "0", "", "&2", "0", "one", "2.25");
    got_free(&g);
    free(sheet);
}

static void expect_error(const char *sheet, enum survey_status code, long line, const char *message)
{
    struct got g;
    struct survey_error err;
    if (read_both(sheet, &g, &err) == 0)
        fail_msg("read; expected \"%s\"", message);
    if (strstr(err.message, message) == NULL)
        fail_msg("message \"%s\", want \"%s\"", err.message, message);
    assert_int_equal(err.code, code);
    assert_int_equal(err.line, line);
    got_free(&g);
}

/* The cell messages from the direct path are the scanner's, and what is not
   well-formed goes to the scanner (and expat's message). */
static void test_errors(void **state)
{
    (void)state;
    expect_error("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>7</v></c></row>",
                 SURVEY_ERR_IO, 2, "cell B2: shared string 7 does not exist (the workbook has 3)");
    expect_error("<row r=\"3\"><c r=\"A3\" t=\"s\"><v>x</v></c></row>", SURVEY_ERR_IO, 3,
                 "cell A3: the shared string index \"x\" is not a number");
    expect_error("<row r=\"4\"><c r=\"A0\"><v>1</v></c></row>", SURVEY_ERR_IO, 4,
                 "a cell at \"A0\", which is not a cell reference");
    expect_error("<row r=\"5\"><c r=\"XFE5\"/></row>", SURVEY_ERR_LIMIT, 5,
                 "a cell at XFE5, beyond Excel's last column XFD or row 1048576");
    expect_error("<row r=\"5\"><c r=\"A1048577\"><v>1</v></c></row>", SURVEY_ERR_LIMIT, 5,
                 "a cell at A1048577, beyond Excel's last column XFD or row 1048576");
    expect_error("<row r=\"6\"><c r=\"A6\" r=\"B6\"><v>1</v></c></row>", SURVEY_ERR_IO, 0,
                 "duplicate attribute");
    expect_error("<row r=\"7\"><c r=\"A7\"s=\"1\"><v>1</v></c></row>", SURVEY_ERR_IO, 0, "not well-formed");
    expect_error("<row r=\"8\"><c r=\"A8\"><v>1</v></d></row>", SURVEY_ERR_IO, 0, "mismatched tag");
    expect_error("<row r=\"9\"><c r=\"A9\"><v>1</v></c></row><row r=\"9\"><c r=\"A9\"><v>1</v></c></row>",
                 SURVEY_ERR_IO, 9, "row 9 comes after row 9");
}

/* An empty reference is not a cell reference, however the cell is spelled
   (xl_start_cell(): parse_ref("") is -1); the direct path's general loop
   took r="" for no reference at all, the column after the last. */
static void test_empty_ref(void **state)
{
    (void)state;
    expect_error("<row r=\"3\"><c r=\"\"><v>1</v></c></row>", SURVEY_ERR_IO, 3,
                 "a cell at \"\", which is not a cell reference");
    expect_error("<row r=\"3\"><c r=\"\"/></row>", SURVEY_ERR_IO, 3,
                 "a cell at \"\", which is not a cell reference");
    expect_error("<row r=\"3\"><c r=\"\" t=\"s\"><v>0</v></c></row>", SURVEY_ERR_IO, 3,
                 "a cell at \"\", which is not a cell reference");
}

/* A boolean cell without a value is empty: cell_text() compared the value
   buffer with strcmp(), which still held the text of the last cell read by
   the general path (xl_start_cell() and fast_add() only set its length to
   0), so C1 was "0" or "1" depending on which path had read B1. */
static void test_empty_bool(void **state)
{
    (void)state;
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\"><v>0</v></c>"
                               "<c r=\"C1\" t=\"b\"/><c r=\"D1\" t=\"str\"><v>x</v></c></row>",
                               &g, &err),
                     0);
    assert_int_equal(g.n, 1);
    CHECK(&g, 0, 1, "1", "0", "", "x");
    got_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_empty_ref),
        cmocka_unit_test(test_empty_bool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
