/* test_xlsx.c — the Excel reader (survey/xlsx.c) behind the reader interface:
 * every cell of workbooks written by three writers (openxlsx, committed in
 * tests/data/xlsx; libxlsxwriter, with shared and with inline strings,
 * written here at test time; and parts written by hand, zipped here with
 * libzip), the sheet rows as lines, sheet selection, and the errors: an
 * unknown sheet, a ZIP that is not a workbook, a truncated file, malformed
 * XML, sizes beyond Excel's.  Each workbook is read at several chunk sizes,
 * which must not change a thing.
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
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "tests/test_xlsx.h"


/* Two readings deliver the same records. */
static void assert_same(const struct got *a, const struct got *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        check_rec(b, i, a->r[i].line, (const char *const *)a->r[i].field, a->r[i].n);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            cap = cap ? 2 * cap : 65536;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t n = fread(buf + *len, 1, cap - *len, f);
        if (!n)
            break;
        *len += n;
    }
    fclose(f);
    return buf;
}

/* Read PATH from the file and from memory at chunk sizes 1, 7, 4096 and the
   default: the same records each time, into *G. */
static void read_every_way(const char *path, const char *sheet, struct got *g, struct rd_info *info)
{
    struct survey_error err;
    int rc = read_input(path, NULL, 0, sheet, 0, g, info, &err);
    if (rc != 0)
        fail_msg("%s: %s", path, err.message);
    size_t len;
    char *data = slurp(path, &len);
    static const size_t chunks[] = {1, 7, 4096, 0};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        struct got h;
        struct rd_info hi;
        assert_int_equal(read_input(NULL, data, len, sheet, chunks[c], &h, &hi, &err), 0);
        assert_same(g, &h);
        assert_string_equal(hi.sheet, info->sheet);
        got_free(&h);
    }
    free(data);
}

/* ## openxlsx: shared strings, numbers, dates, booleans, gaps */

static void test_openxlsx(void **state)
{
    (void)state;
    struct got g;
    struct rd_info info;
    read_every_way("tests/data/xlsx/openxlsx.xlsx", NULL, &g, &info);
    assert_string_equal(info.format, "xlsx");
    assert_int_equal(info.encoding, SURVEY_ENC_UTF8);
    assert_null(info.encoding_name);
    assert_string_equal(info.sheet, "问卷");
    assert_int_equal(g.n, 5);
    /* column D has no cell at all; row 5 only formatted empty cells */
    CHECK(&g, 0, 1, "序号", "1、您的性别：", "年龄", "", "6、您参加过哪些活动?(多选)", "填写日期", "提交时间",
          "是否党员", "得分");
    CHECK(&g, 1, 2, "1", "男", "2", "", "志愿服务┋文体、娱乐活动", "2024-05-01", "2024-06-07 07:25:44", "1",
          "-3");
    CHECK(&g, 2, 3, "2", "女", "2.5", "", "(跳过)", "2023-12-31", "2024-06-16 23:59:59", "0", "0");
    CHECK(&g, 3, 4, "3", "", "1e-07", "", "", "1999-02-28", "", "", "100");
    CHECK(&g, 4, 6, "4", "女", "123456789012", "", "其他〖跳广场舞〗", "", "2024-01-01 00:00:00", "1", "0.1");
    got_free(&g);
}

static void test_sheet_by_name(void **state)
{
    (void)state;
    struct got g;
    struct rd_info info;
    /* the header in row 3 (rows 1-2 absent), column A empty */
    read_every_way("tests/data/xlsx/openxlsx.xlsx", "Sheet2", &g, &info);
    assert_string_equal(info.sheet, "Sheet2");
    assert_int_equal(g.n, 2);
    CHECK(&g, 0, 3, "", "id", "备注");
    CHECK(&g, 1, 4, "", "a-1", "第二页");
    got_free(&g);

    /* Excel's sheet names ignore case */
    struct survey_error err;
    assert_int_equal(read_input("tests/data/xlsx/openxlsx.xlsx", NULL, 0, "sHEET2", 0, &g, &info, &err), 0);
    assert_string_equal(info.sheet, "Sheet2");
    assert_int_equal(g.n, 2);
    got_free(&g);
    assert_int_equal(read_input("tests/data/xlsx/openxlsx.xlsx", NULL, 0, "问卷", 0, &g, &info, &err), 0);
    assert_int_equal(g.n, 5);
    got_free(&g);

    assert_int_equal(read_input("tests/data/xlsx/openxlsx.xlsx", NULL, 0, "Sheet3", 0, &g, &info, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_IO);
    assert_string_equal(err.file, "in.xlsx");
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "no sheet named \"Sheet3\" (sheets: 问卷, Sheet2)");
    assert_int_equal(g.n, 0);
    got_free(&g);
}

/* ## libxlsxwriter: shared strings, and inline strings (constant_memory) */

static void write_lxw(const char *path, int inline_strings)
{
    lxw_workbook_options o = {.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    assert_non_null(wb);
    lxw_worksheet *hidden = workbook_add_worksheet(wb, "hidden");
    worksheet_write_string(hidden, 0, 0, "not this one", NULL);
    worksheet_hide(hidden);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
    worksheet_activate(ws); /* the active sheet cannot be hidden */
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *cn = workbook_add_format(wb);
    format_set_num_format(cn, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format *dt = workbook_add_format(wb);
    format_set_num_format(dt, "yyyy-mm-dd hh:mm");
    lxw_format *hms = workbook_add_format(wb);
    format_set_num_format(hms, "[h]:mm:ss");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "[Red]#,##0.00\"元\"");

    worksheet_write_string(ws, 0, 0, "编号", NULL);
    worksheet_write_string(ws, 0, 1, "1、您的性别：", NULL);
    worksheet_write_string(ws, 0, 2, "时间", NULL);
    worksheet_write_string(ws, 0, 3, "用时", NULL);
    worksheet_write_string(ws, 0, 4, "金额", NULL);

    worksheet_write_number(ws, 1, 0, 2.0, NULL);
    lxw_rich_string_tuple a = {bold, "富"}, b = {NULL, "文本"};
    lxw_rich_string_tuple *rich[] = {&a, &b, NULL};
    worksheet_write_rich_string(ws, 1, 1, rich, NULL);
    lxw_datetime when = {2024, 5, 1, 10, 30, 0};
    worksheet_write_datetime(ws, 1, 2, &when, cn); /* a date format, a time of day */
    worksheet_write_number(ws, 1, 3, 125.0 / 86400, hms);
    worksheet_write_number(ws, 1, 4, 1234.5, money);

    worksheet_write_formula_num(ws, 2, 0, "=1+2", NULL, 3);
    worksheet_write_formula_str(ws, 2, 1, "=\"女\"", NULL, "女");
    lxw_datetime day = {2024, 2, 29, 0, 0, 0};
    worksheet_write_datetime(ws, 2, 2, &day, dt);
    worksheet_write_number(ws, 2, 3, 1 + 1.0 / 24, hms);
    worksheet_write_number(ws, 2, 4, -0.25, money);

    worksheet_write_blank(ws, 3, 0, bold); /* a formatted empty row: skipped */

    worksheet_write_boolean(ws, 4, 0, 0, NULL);
    worksheet_write_string(ws, 4, 1, " 男 ", NULL); /* untrimmed */
    worksheet_write_string(ws, 4, 6, "右边", NULL); /* beyond the header: a longer record */
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_libxlsxwriter(void **state)
{
    (void)state;
    for (int inl = 0; inl <= 1; inl++) {
        char path[] = "/tmp/canyu-test-xlsx-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        write_lxw(path, inl);
        struct got g;
        struct rd_info info;
        read_every_way(path, NULL, &g, &info);
        assert_string_equal(info.sheet, "数据"); /* the first sheet not hidden */
        assert_int_equal(g.n, 4);
        CHECK(&g, 0, 1, "编号", "1、您的性别：", "时间", "用时", "金额");
        CHECK(&g, 1, 2, "2", "富文本", "2024-05-01 10:30:00", "00:02:05", "1234.5");
        CHECK(&g, 2, 3, "3", "女", "2024-02-29 00:00:00", "25:00:00", "-0.25");
        CHECK(&g, 3, 5, "0", " 男 ", "", "", "", "", "右边");
        got_free(&g);

        struct survey_error err;
        assert_int_equal(read_input(path, NULL, 0, "hidden", 0, &g, &info, &err), 0);
        assert_int_equal(g.n, 1);
        CHECK(&g, 0, 1, "not this one");
        got_free(&g);
        unlink(path);
    }
}

/* ## Hand-written parts */


#define NS                                                                                                   \
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                                   \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS(body)                                                                                           \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" body            \
    "</Relationships>"

static const char WB_ONE[] =
    "<workbook " NS "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char WB_RELS[] = RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml") REL(
    "rId2", "sharedStrings", "sharedStrings.xml") REL("rId3", "styles", "styles.xml"));

/* A workbook of one sheet S with SHEET's sheetData, the shared strings SST
   and the cell formats STYLES (each may be NULL: the part is absent). */
static char *mini(size_t *len, const char *sheet, const char *sst, const char *styles)
{
    static char s[8192], t[8192], u[8192];
    snprintf(s, sizeof s, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>", sheet);
    snprintf(t, sizeof t, "<sst " NS ">%s</sst>", sst ? sst : "");
    snprintf(u, sizeof u, "<styleSheet " NS ">%s</styleSheet>", styles ? styles : "");
    if (sst && styles)
        return zip_of(len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                      "xl/worksheets/sheet1.xml", s, "xl/sharedStrings.xml", t, "xl/styles.xml", u, NULL);
    if (sst)
        return zip_of(len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                      "xl/worksheets/sheet1.xml", s, "xl/sharedStrings.xml", t, NULL);
    if (styles)
        return zip_of(len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                      "xl/worksheets/sheet1.xml", s, "xl/styles.xml", u, NULL);
    return zip_of(len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml", s, NULL);
}

/* Read DATA at chunk sizes 1 and the default (the same records), into *G. */
static int read_both(const char *data, size_t len, struct got *g, struct survey_error *err)
{
    struct rd_info info;
    int rc = read_input(NULL, data, len, NULL, 0, g, &info, err);
    struct got h;
    struct survey_error e2;
    assert_int_equal(read_input(NULL, data, len, NULL, 1, &h, &info, &e2), rc);
    if (rc == 0)
        assert_same(g, &h);
    else
        assert_string_equal(e2.message, err->message);
    got_free(&h);
    return rc;
}

static void test_inline_and_positions(void **state)
{
    (void)state;
    size_t len;
    /* rows and cells without r follow the previous one; rows 3-4 are absent;
       a phonetic run is not text; _xHHHH_ escapes are characters */
    char *data = mini(
        &len,
        "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>c</t></is></c></row>"
        "<row><c t=\"inlineStr\"><is><r><t>东</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">京 </t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>とう</t></rPh></is></c><c/>"
        "<c t=\"inlineStr\"><is><t>x_x000D__x000A_y _x005F_x0041_ _xD83D__xDE00_ _x0000_</t></is></c></row>"
        "<row r=\"5\"><c r=\"B5\" t=\"str\"><f>A1</f><v>公式</v></c><c r=\"A5\" t=\"e\"><v>#N/A</v></c></row>"
        "<row r=\"6\"><c r=\"C6\" t=\"b\"><v>1</v></c><c r=\"E6\" s=\"0\"/></row>"
        "<row r=\"7\"><c r=\"A7\" t=\"d\"><v>2024-05-01T10:30:00.000Z</v></c><c r=\"B7\"><f>1/0</f></c></row>"
        "<row r=\"8\"><c r=\"A8\"><v>12.50</v></c><c r=\"B8\"><v>1E+20</v></c><c "
        "r=\"C8\"><v>0.1e1</v></c></row>"
        /* numbers as other writers may write them: the shortest text again */
        "<row><c><v>0.0001</v></c><c><v>0.00001</v></c><c><v>-0</v></c><c><v>007</v></c><c><v>.5</v></c>"
        "<c><v>1234567890123456</v></c><c><v>0.1000000000000000055511151231257827</v></c><c><v>-0.50</v></c>"
        "<c><v>123456789.123456</v></c><c><v>0.30000000000000004</v></c><c><v>1e400</v></c></row>",
        NULL, NULL);
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(data, len, &g, &err), 0);
    assert_int_equal(g.n, 7);
    CHECK(&g, 0, 1, "a", "", "c");
    CHECK(&g, 1, 2, "东京 ", "", "x\r\ny _x0041_ \xF0\x9F\x98\x80 _x0000_");
    CHECK(&g, 2, 5, "#N/A", "公式", "");
    CHECK(&g, 3, 6, "", "", "1");
    CHECK(&g, 4, 7, "2024-05-01 10:30:00", "", "");
    CHECK(&g, 5, 8, "12.5", "1e+20", "1");
    CHECK(&g, 6, 9, "0.0001", "1e-05", "0", "7", "0.5", "1234567890123456", "0.1", "-0.5", "123456789.123456",
          "0.30000000000000004", "1e400");
    got_free(&g);
    free(data);
}

/* Dates: the date systems, the 1900 leap-year bug, built-in and custom formats. */
static void test_dates(void **state)
{
    (void)state;
    const char *styles =
        "<numFmts count=\"4\">"
        "<numFmt numFmtId=\"164\" formatCode=\"0.0&quot;d&quot;\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy\"/>"
        "<numFmt numFmtId=\"167\" formatCode=\"General\"/></numFmts>"
        "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"20\"/>"
        "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
        "<xf numFmtId=\"31\"/><xf numFmtId=\"46\"/></cellXfs>";
    const char *sheet =
        "<row r=\"1\"><c t=\"inlineStr\"><is><t>d</t></is></c></row>"
        "<row r=\"2\"><c s=\"1\"><v>59</v></c><c s=\"1\"><v>60</v></c><c s=\"1\"><v>61</v></c>"
        "<c s=\"1\"><v>1</v></c><c s=\"1\"><v>45413.5</v></c><c s=\"1\"><v>-1</v></c></row>"
        "<row r=\"3\"><c s=\"2\"><v>45413</v></c><c s=\"3\"><v>0.5</v></c><c s=\"3\"><v>45413.75</v></c>"
        "<c s=\"4\"><v>45413</v></c><c s=\"5\"><v>45413</v></c><c s=\"6\"><v>45413</v></c></row>"
        "<row r=\"4\"><c s=\"7\"><v>45413</v></c><c s=\"8\"><v>45413</v></c><c s=\"9\"><v>1.5</v></c>"
        "<c s=\"99\"><v>45413</v></c><c s=\"1\" t=\"s\"><v>0</v></c><c s=\"1\"><v>2958466</v></c></row>";
    size_t len;
    char *data = mini(&len, sheet, "<si><t>45413</t></si>", styles);
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(data, len, &g, &err), 0);
    assert_int_equal(g.n, 4);
    CHECK(&g, 1, 2, "1900-02-28", "1900-02-29", "1900-03-01", "1900-01-01", "2024-05-01 12:00:00", "-1");
    CHECK(&g, 2, 3, "2024-05-01 00:00:00", "12:00:00", "2024-05-01 18:00:00", "45413", "2024-05-01",
          "2024-05-01");
    CHECK(&g, 3, 4, "45413", "2024-05-01", "36:00:00", "45413", "45413", "2958466");
    got_free(&g);
    free(data);

    /* the 1904 date system counts from 1904-01-01 */
    static const char wb1904[] =
        "<workbook " NS "><workbookPr date1904=\"1\"/>"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    char st[4096];
    snprintf(st, sizeof st, "<styleSheet " NS ">%s</styleSheet>", styles);
    data = zip_of(&len, "xl/workbook.xml", wb1904, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml",
                  "<worksheet " NS "><sheetData><row><c s=\"1\"><v>0</v></c><c s=\"1\"><v>43951</v></c></row>"
                  "</sheetData></worksheet>",
                  "xl/styles.xml", st, NULL);
    assert_int_equal(read_both(data, len, &g, &err), 0);
    CHECK(&g, 0, 1, "1904-01-01", "2024-05-01");
    got_free(&g);
    free(data);
}

/* Rows, columns and parts as other writers lay them out: namespace
   prefixes, no package relationships, an absolute target, strings in a
   sheet whose shared string table is absent. */
static void test_layouts(void **state)
{
    (void)state;
    size_t len;
    char *data = zip_of(
        &len, "xl/workbook.xml",
        "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets>"
        "<x:sheet name=\"One\" sheetId=\"1\" r:id=\"rId7\"/><x:sheet name=\"Chart\" sheetId=\"2\" "
        "r:id=\"rId8\"/>"
        "<x:sheet name=\"Lost\" sheetId=\"3\" r:id=\"rId9\"/><x:sheet name=\"Gone\" sheetId=\"4\" "
        "r:id=\"rId10\"/>"
        "</x:sheets></x:workbook>",
        "xl/_rels/workbook.xml.rels",
        RELS(REL("rId7", "worksheet", "/xl/sheets/../worksheets/./one.xml") REL(
            "rId8", "chartsheet", "chartsheets/c.xml") REL("rId10", "worksheet", "worksheets/none.xml")
                 REL("rId2", "sharedStrings", "strings.xml")),
        "xl/worksheets/one.xml",
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
        "<x:row r=\"2\"><x:c r=\"b2\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
        "<x:row r=\"4\"><x:c r=\"B4\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"A4\"><x:v>7</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>",
        "xl/strings.xml",
        "<x:sst "
        "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:si><x:t>零</x:t></x:si>"
        "<x:si><x:r><x:t>一</x:t></x:r></x:si></x:sst>",
        NULL);
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(data, len, &g, &err), 0);
    assert_int_equal(g.n, 2);
    CHECK(&g, 0, 2, "", "一");
    CHECK(&g, 1, 4, "7", "零");
    got_free(&g);

    struct rd_info info;
    assert_int_equal(read_input(NULL, data, len, "Chart", 0, &g, &info, &err), -1);
    assert_string_equal(err.message, "sheet \"Chart\" is a chart, not a worksheet");
    got_free(&g);
    assert_int_equal(read_input(NULL, data, len, "Lost", 0, &g, &info, &err), -1);
    assert_string_equal(err.message, "sheet \"Lost\" has no part in the workbook (no relationship rId9)");
    got_free(&g);
    assert_int_equal(read_input(NULL, data, len, "Gone", 0, &g, &info, &err), -1);
    assert_string_equal(err.message,
                        "sheet \"Gone\": its part xl/worksheets/none.xml is missing from the archive");
    got_free(&g);
    free(data);
}

/* ## LibreOffice: the platform export saved as .xlsx, against the CSV */

static int collect_csv(void *ctx, size_t n, const char *const *field, const size_t *len, long line)
{
    struct rd_record rec = {n, field, len, line};
    return collect(ctx, &rec);
}

/* TEXT with each CRLF as LF (LibreOffice keeps a line break in a cell as LF). */
static void lf(char *text)
{
    char *o = text;
    for (const char *p = text; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *o++ = *p;
    *o = '\0';
}

static void test_libreoffice(void **state)
{
    (void)state;
    struct got x, c = {.stop_after = -1};
    struct rd_info info;
    read_every_way("tests/data/xlsx/libreoffice-platform.xlsx", NULL, &x, &info);
    assert_string_equal(info.sheet, "libreoffice-platform");
    struct survey_error err = {0};
    assert_int_equal(survey_csv_read("samples/platform-export.csv", SURVEY_ENC_AUTO, "data file", collect_csv,
                                     &c, &err),
                     0);
    assert_int_equal(x.n, 201);
    assert_true(c.n > x.n);
    size_t width = c.r[0].n, crlf = 0;
    for (size_t i = 0; i < x.n; i++) {
        const struct rec *a = &c.r[i], *b = &x.r[i];
        assert_int_equal(b->line, (long)i + 1); /* a row per record, the header in row 1 */
        assert_int_equal(b->n, width);
        for (size_t k = 0; k < width; k++) {
            if (k >= a->n) { /* a short CSV record: its missing fields are empty cells */
                assert_string_equal(b->field[k], "");
                continue;
            }
            crlf += strstr(a->field[k], "\r\n") != NULL;
            lf(a->field[k]);
            if (strcmp(a->field[k], b->field[k]) != 0)
                fail_msg("record %zu field %zu: xlsx \"%s\", csv \"%s\"", i, k + 1, b->field[k], a->field[k]);
        }
    }
    assert_int_equal(crlf, 1); /* record 84 */
    got_free(&x);
    got_free(&c);
}

/* ## Errors */

static void expect_error(const char *data, size_t len, enum survey_status code, long line,
                         const char *message)
{
    struct got g;
    struct survey_error err;
    if (read_both(data, len, &g, &err) == 0)
        fail_msg("read; expected \"%s\"", message);
    if (strcmp(err.message, message) != 0)
        fail_msg("message \"%s\", want \"%s\"", err.message, message);
    assert_int_equal(err.code, code);
    assert_int_equal(err.line, line);
    assert_string_equal(err.file, "in.xlsx");
    got_free(&g);
}

static void expect_sheet_error(const char *sheet, enum survey_status code, long line, const char *message)
{
    size_t len;
    char *data = mini(&len, sheet, "<si><t>s</t></si>", NULL);
    expect_error(data, len, code, line, message);
    free(data);
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    size_t len;
    char *data = zip_of(&len, "hello.txt", "hello", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0,
                 "a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml)");
    free(data);
    data = zip_of(&len, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>",
                  NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0,
                 "an OpenDocument file (.ods), not an Excel workbook: save it as .xlsx");
    free(data);
    data = zip_of(&len, "_rels/.rels", RELS(REL("rId1", "officeDocument", "word/document.xml")),
                  "word/document.xml", "<w:document xmlns:w=\"w\"><w:body/></w:document>", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0, "a Word document, not an Excel workbook");
    free(data);
    data = zip_of(&len, "xl/workbook.xml", "<workbook " NS "><sheets/></workbook>", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0, "the workbook lists no sheet");
    free(data);

    static const char text[] = "id,gender\n1,男\n";
    expect_error(text, sizeof text - 1, SURVEY_ERR_IO, 0,
                 "not a ZIP archive, as an Excel workbook is (is the file truncated?)");

    /* the openxlsx workbook cut short: its central directory is gone */
    char *whole = slurp("tests/data/xlsx/openxlsx.xlsx", &len);
    expect_error(whole, len / 2, SURVEY_ERR_IO, 0,
                 "not a ZIP archive, as an Excel workbook is (is the file truncated?)");
    free(whole);

    struct got g;
    struct rd_info info;
    struct survey_error err;
    assert_int_equal(read_input("tests/data/xlsx/no-such.xlsx", NULL, 0, NULL, 0, &g, &info, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_IO);
    assert_non_null(strstr(err.message, "cannot read the file"));
    got_free(&g);
}

static void test_malformed(void **state)
{
    (void)state;
    size_t len;
    char *data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                        "xl/worksheets/sheet1.xml",
                        "<?xml version=\"1.0\"?>\n<worksheet " NS ">\n<sheetData><row><c><v>1</v></c></row><<"
                        "</sheetData></worksheet>",
                        NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0,
                 "xl/worksheets/sheet1.xml: not well-formed (invalid token) at line 3");
    free(data);
    data = zip_of(&len, "xl/workbook.xml", "<workbook><sheets>", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0, "xl/workbook.xml: no element found at line 1");
    free(data);
    data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml", "<worksheet><sheetData></sheetData></worksheet>",
                  "xl/sharedStrings.xml",
                  "<!DOCTYPE sst [<!ENTITY a \"aaaa\">]><sst><si><t>&a;</t></si></sst>", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0,
                 "xl/sharedStrings.xml: a document type declaration, which an Excel workbook never has");
    free(data);

    expect_sheet_error(
        "<row r=\"1\"><c t=\"s\"><v>0</v></c></row><row r=\"7\"><c r=\"C7\" t=\"s\"><v>1</v></c></row>",
        SURVEY_ERR_IO, 7, "cell C7: shared string 1 does not exist (the workbook has 1)");
    expect_sheet_error("<row r=\"2\"><c t=\"s\"><v>x</v></c></row>", SURVEY_ERR_IO, 2,
                       "cell A2: the shared string index \"x\" is not a number");
    expect_sheet_error("<row r=\"3\"><c t=\"s\"><v>0</v></c></row><row r=\"2\"><c t=\"s\"><v>0</v></c></row>",
                       SURVEY_ERR_IO, 2,
                       "xl/worksheets/sheet1.xml: row 2 comes after row 3 (rows must be in order)");
    expect_sheet_error("<row r=\"0\"/>", SURVEY_ERR_IO, 0, "xl/worksheets/sheet1.xml: a row numbered \"0\"");
    expect_sheet_error("<row r=\"1\"><c r=\"1A\"/></row>", SURVEY_ERR_IO, 1,
                       "xl/worksheets/sheet1.xml: a cell at \"1A\", which is not a cell reference");
}

/* The XML of a part as xlsx_xml.c scans it: references, CDATA, comments,
   processing instructions, line ends, quotes, prefixes and empty tags, each
   as expat would give it; a part in another encoding (parsed by expat); and a
   malformed part, with expat's message. */
static void test_xml_syntax(void **state)
{
    (void)state;
    size_t len;
    char *data = mini(
        &len,
        "<!-- a comment -->\r\n<?pi data?>"
        "<row r = '1'><c t=\"inlineStr\"><is><t>a&amp;b &lt;&gt; &quot;&apos; &#20013;&#x6587;</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t><![CDATA[<x> & ]]></t></is></c>"
        "<x:c r=\"C1\" t=\"inlineStr\" xmlns:x=\"u\"><x:is><x:t>1\r\n2\r3</x:t></x:is></x:c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>2<!-- in a value -->5</v></c><c r=\"B2\" t=\"s\"><v>0</v></c>"
        "<c r=\"C2\" t=\"n\"/><c r=\"D2\"/></row>",
        "<si><t>s&#x9;t</t></si>", NULL);
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(data, len, &g, &err), 0);
    assert_int_equal(g.n, 2);
    CHECK(&g, 0, 1, "a&b <> \"' 中文", "<x> & ", "1\n2\n3");
    CHECK(&g, 1, 2, "25", "s\tt", "");
    got_free(&g);
    free(data);

    /* a part declared in ISO-8859-1 */
    data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml",
                  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData><row>"
                  "<c t=\"inlineStr\"><is><t>caf\xe9</t></is></c></row></sheetData></worksheet>",
                  NULL);
    assert_int_equal(read_both(data, len, &g, &err), 0);
    CHECK(&g, 0, 1, "café");
    got_free(&g);
    free(data);

    /* a UTF-8 BOM and a declaration of UTF-8 */
    data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml",
                  "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<worksheet><sheetData>"
                  "<row><c t=\"inlineStr\"><is><t>é</t></is></c></row></sheetData></worksheet>\n",
                  NULL);
    assert_int_equal(read_both(data, len, &g, &err), 0);
    CHECK(&g, 0, 1, "é");
    got_free(&g);
    free(data);

    static const struct {
        const char *sheet, *message;
    } bad[] = {
        {"<row><c><v>1</c></v></row>", "mismatched tag at line 1"},
        {"<row><c><v>&nbsp;</v></c></row>", "undefined entity at line 1"},
        {"<row r=\"1\" r=\"2\"/>", "duplicate attribute at line 1"},
        {"<row><c><v>\xff</v></c></row>", "not well-formed (invalid token) at line 1"},
        {"<row><c><v>&#0;</v></c></row>", "reference to invalid character number at line 1"},
        {"<row><c r=A1/></row>", "not well-formed (invalid token) at line 1"},
        {"<row><c><v>]]></v></c></row>", "not well-formed (invalid token) at line 1"},
        {"<row/><?xml version=\"1.0\"?>", "XML or text declaration not at start of entity at line 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[256];
        snprintf(want, sizeof want, "xl/worksheets/sheet1.xml: %s", bad[i].message);
        expect_sheet_error(bad[i].sheet, SURVEY_ERR_IO, 0, want);
    }
    data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>junk", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0, "xl/worksheets/sheet1.xml: junk after document element at line 1");
    free(data);
    data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml", "<worksheet><sheetData>", NULL);
    expect_error(data, len, SURVEY_ERR_IO, 0, "xl/worksheets/sheet1.xml: no element found at line 1");
    free(data);
}

static void test_limits(void **state)
{
    (void)state;
    expect_sheet_error(
        "<row r=\"1\"><c r=\"XFE1\" t=\"s\"><v>0</v></c></row>", SURVEY_ERR_LIMIT, 1,
        "xl/worksheets/sheet1.xml: a cell at XFE1, beyond Excel's last column XFD or row 1048576");
    expect_sheet_error("<row r=\"1048577\"/>", SURVEY_ERR_LIMIT, 0,
                       "xl/worksheets/sheet1.xml: row 1048577, beyond Excel's last row 1048576");
    expect_sheet_error("<row r=\"1048576\"/><row/>", SURVEY_ERR_LIMIT, 0,
                       "xl/worksheets/sheet1.xml: a row after row 1048576, Excel's last");

    /* XFD itself, and the last row, are fine */
    size_t len;
    char *data = mini(&len, "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"s\"><v>0</v></c></row>",
                      "<si><t>s</t></si>", NULL);
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(data, len, &g, &err), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.r[0].line, 1048576);
    assert_int_equal(g.r[0].n, 16384);
    assert_string_equal(g.r[0].field[16383], "s");
    got_free(&g);
    free(data);

    /* 16385 cells without a reference run past XFD */
    char *row = malloc(16385 * 4 + 64);
    assert_non_null(row);
    char *end = row + sprintf(row, "<worksheet><sheetData><row>");
    for (int i = 0; i < 16385; i++)
        end += sprintf(end, "<c/>");
    sprintf(end, "</row></sheetData></worksheet>");
    data = zip_of(&len, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS,
                  "xl/worksheets/sheet1.xml", row, NULL);
    free(row);
    expect_error(data, len, SURVEY_ERR_LIMIT, 1,
                 "xl/worksheets/sheet1.xml: a row with cells beyond Excel's last column XFD");
    free(data);
}

/* A member whose deflated data is damaged: an error naming it. */
static void test_damaged_member(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp("tests/data/xlsx/openxlsx.xlsx", &len);
    static const char name[] = "xl/worksheets/sheet1.xml";
    char *hdr = NULL;
    for (size_t i = 0; i + 30 + sizeof name - 1 <= len; i++)
        if (!memcmp(data + i, "PK\3\4", 4) && !memcmp(data + i + 30, name, sizeof name - 1)) {
            hdr = data + i;
            break;
        }
    assert_non_null(hdr);
    unsigned char *h = (unsigned char *)hdr;
    size_t name_len = h[26] | h[27] << 8, extra = h[28] | h[29] << 8;
    char *body = hdr + 30 + name_len + extra;
    for (int k = 0; k < 8; k++)
        body[20 + k] ^= 0x5A;
    struct got g;
    struct survey_error err;
    assert_int_equal(read_both(data, len, &g, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_IO);
    if (strncmp(err.message, "xl/worksheets/sheet1.xml: ", 26) != 0)
        fail_msg("message \"%s\" does not name the part", err.message);
    got_free(&g);
    free(data);
}

struct progress {
    size_t calls, done, total;
};

static void on_progress(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    assert_true(done >= p->done);
    assert_true(done <= total);
    p->calls++, p->done = done, p->total = total;
}

/* Progress through the sheet's part, up to its whole size. */
static void test_progress(void **state)
{
    (void)state;
    struct progress p = {0};
    struct survey_load_opts o = {.chunk_size = 1000, .progress = on_progress, .progress_ctx = &p};
    struct rd_input in = {.name = "in.xlsx", .path = "tests/data/xlsx/libreoffice-platform.xlsx", .opts = &o};
    struct got g = {.stop_after = -1};
    struct rd_info info;
    struct survey_error err = {0};
    assert_int_equal(rd_xlsx.read(&in, collect, &g, &info, &err), 0);
    assert_true(p.calls > 100);
    assert_true(p.total > 100000);
    assert_int_equal(p.done, p.total);
    got_free(&g);
}

/* The sink stops: the reader returns at once with the sink's error. */
static void test_sink_stops(void **state)
{
    (void)state;
    struct got g;
    struct survey_error err = {0};
    struct survey_load_opts o = {0};
    struct rd_input in = {.name = "in.xlsx", .path = "tests/data/xlsx/openxlsx.xlsx", .opts = &o};
    memset(&g, 0, sizeof g);
    g.stop_after = 2;
    g.err = &err;
    struct rd_info info;
    assert_int_equal(rd_xlsx.read(&in, collect, &g, &info, &err), -1);
    assert_int_equal(g.n, 2);
    assert_int_equal(err.code, SURVEY_ERR_HEADER);
    assert_string_equal(err.file, "sink");
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, "stopped by the sink");
    got_free(&g);
}

static void test_detect(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp("tests/data/xlsx/openxlsx.xlsx", &len);
    assert_true(rd_xlsx.detect((const unsigned char *)data, len > 512 ? 512 : len));
    assert_ptr_equal(rd_detect((const unsigned char *)data, len > 512 ? 512 : len), &rd_xlsx);
    free(data);
    assert_false(rd_xlsx.detect((const unsigned char *)"PK\3", 3));
    assert_false(rd_xlsx.detect((const unsigned char *)"id,a\n", 5));
    assert_null(rd_detect((const unsigned char *)"id,a\n", 5));
    assert_string_equal(rd_xlsx.name, "xlsx");
    assert_null(rd_xlsx.describe);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openxlsx),       cmocka_unit_test(test_sheet_by_name),
        cmocka_unit_test(test_libxlsxwriter),  cmocka_unit_test(test_inline_and_positions),
        cmocka_unit_test(test_dates),          cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_not_a_workbook), cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),         cmocka_unit_test(test_sink_stops),
        cmocka_unit_test(test_detect),         cmocka_unit_test(test_libreoffice),
        cmocka_unit_test(test_damaged_member), cmocka_unit_test(test_progress),
        cmocka_unit_test(test_xml_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
