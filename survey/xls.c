/* xls.c — legacy Excel 97–2003 workbooks (.xls), read through FreeXL.
 *
 * Paper forms are still typed into old copies of Excel and WPS that save
 * .xls.  FreeXL reads the BIFF records of such a file (an OLE2 compound
 * document) and gives every cell as a typed value, text already in UTF-8.
 * The sheet is read into records as the xlsx reader does: the first row
 * with a non-empty cell is the header, empty rows are no records, a
 * record's line is its sheet row (1-based), whole numbers are their digits
 * and other numbers the shortest text that reads back the same.  FreeXL
 * opens files by name only, so an .xls cannot come from standard input.
 */
#include "survey/reader.h"
#include "survey/survey_internal.h"

#include <freexl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The OLE2 compound-document signature (also Word's and PowerPoint's: the
   read says so when FreeXL finds no workbook inside). */
static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static int xls_detect(const unsigned char *head, size_t len)
{
    return len >= sizeof ole2 && !memcmp(head, ole2, sizeof ole2);
}

/* X as a cell's text into BUF (32 bytes): digits for a whole number, else
   the shortest %.Ng that reads back as X. */
static const char *number_text(char *buf, double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0) {
        snprintf(buf, 32, "%.0f", x == 0 ? 0 : x);
        return buf;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, 32, "%.*g", p, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

/* The sheet to read: NAME (NULL: the first); -1 with ERR listing the sheets
   when there is no such sheet. */
static int pick_sheet(const void *h, unsigned int n, const char *name, const char *file,
                      char *sheet, size_t size, struct survey_error *err)
{
    for (unsigned int i = 0; i < n; i++) {
        const char *s = NULL;
        if (freexl_get_worksheet_name(h, (unsigned short)i, &s) != FREEXL_OK || !s)
            s = "";
        if (!name || !strcmp(name, s)) {
            snprintf(sheet, size, "%s", s);
            return (int)i;
        }
    }
    char list[400] = "";
    size_t at = 0;
    for (unsigned int i = 0; i < n && at + 1 < sizeof list; i++) {
        const char *s = NULL;
        if (freexl_get_worksheet_name(h, (unsigned short)i, &s) != FREEXL_OK || !s)
            s = "";
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", s);
    }
    text_utf8_clip(list);
    return survey_error_set(err, SURVEY_ERR_IO, file, 0, "no sheet named \"%s\" (sheets: %s)",
                            name ? name : "", list);
}

static int xls_read(const struct rd_input *in, rd_sink sink, void *ctx, struct rd_info *info,
                    struct survey_error *err)
{
    info->format = "xls";
    info->encoding = SURVEY_ENC_UTF8;
    if (!in->path)
        return survey_error_set(err, SURVEY_ERR_IO, in->name, 0,
                                "a legacy Excel .xls workbook is read from a file, not from "
                                "standard input: give its name, or save it as .xlsx");
    const void *h = NULL;
    if (freexl_open(in->path, &h) != FREEXL_OK) {
        freexl_close(h);
        return survey_error_set(err, SURVEY_ERR_IO, in->name, 0,
                                "an OLE2 file that FreeXL cannot read as an Excel 97-2003 "
                                "workbook (a Word file, an encrypted or damaged workbook?): "
                                "open it in Excel or WPS and save it as .xlsx");
    }
    unsigned int n_sheets = 0, rows = 0;
    unsigned short cols = 0;
    int rc = 0, sheet = -1;
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n_sheets) != FREEXL_OK || n_sheets == 0)
        rc = survey_error_set(err, SURVEY_ERR_EMPTY, in->name, 0, "the workbook has no sheet");
    if (rc == 0 && (sheet = pick_sheet(h, n_sheets, in->opts ? in->opts->sheet : NULL, in->name,
                                       info->sheet, sizeof info->sheet, err)) < 0)
        rc = -1;
    if (rc == 0 && (freexl_select_active_worksheet(h, (unsigned short)sheet) != FREEXL_OK ||
                    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK))
        rc = survey_error_set(err, SURVEY_ERR_IO, in->name, 0, "sheet \"%s\" cannot be read",
                              info->sheet);
    /* One row's cells as text: FIELD points into TEXT, rebuilt per row. */
    struct buf text = {0};
    size_t *at = cols ? malloc(cols * sizeof *at) : NULL, *len = cols ? malloc(cols * sizeof *len) : NULL;
    const char **field = cols ? malloc(cols * sizeof *field) : NULL;
    if (rc == 0 && cols && (!at || !len || !field))
        rc = survey_error_set(err, SURVEY_ERR_NOMEM, in->name, 0, "out of memory");
    size_t width = 0; /* the header's width, once read */
    for (unsigned int r = 0; rc == 0 && r < rows; r++) {
        text.len = 0;
        size_t last = 0; /* one past the last non-empty cell */
        for (unsigned short c = 0; rc == 0 && c < cols; c++) {
            FreeXL_CellValue v;
            char num[32];
            const char *s = "";
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
                rc = survey_error_set(err, SURVEY_ERR_IO, in->name, (long)r + 1,
                                      "cell %u of sheet \"%s\" cannot be read", (unsigned)c + 1,
                                      info->sheet);
            else if (v.type == FREEXL_CELL_INT)
                s = number_text(num, v.value.int_value);
            else if (v.type == FREEXL_CELL_DOUBLE)
                s = number_text(num, v.value.double_value);
            else if (v.type != FREEXL_CELL_NULL && v.value.text_value)
                s = v.value.text_value;
            at[c] = text.len;
            len[c] = strlen(s);
            if (rc == 0 && (buf_append(&text, s, len[c]) < 0 || buf_putc(&text, '\0') < 0))
                rc = survey_error_set(err, SURVEY_ERR_NOMEM, in->name, 0, "out of memory");
            if (len[c])
                last = (size_t)c + 1;
        }
        if (rc < 0 || last == 0)
            continue; /* an empty row is no record */
        if (!width)
            width = last;
        size_t n = last > width ? last : width;
        for (size_t c = 0; c < n; c++)
            field[c] = text.data + at[c];
        struct rd_record rec = {n, field, len, (long)r + 1};
        rc = sink(ctx, &rec);
    }
    buf_free(&text);
    free(at);
    free(len);
    free(field);
    freexl_close(h);
    return rc;
}

const struct rd_class rd_xls = {"xls", xls_detect, xls_read, NULL};
