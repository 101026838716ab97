/* reader.h — the readers behind survey_load_file(): one per input format.
 * Only survey/ sources include this file.
 *
 * A reader turns one input (a file, or bytes in memory) into records: the
 * header first, then one record per respondent, each a row of UTF-8 fields
 * with the line that locates it — the physical line for CSV, the sheet row
 * for xlsx (the header is usually row 1), the case number for SPSS and Stata
 * (the header of variable names is line 0).  Every reader feeds the same
 * record sink in load.c, which applies the codebook and the loading rules, so
 * every format is loaded, counted and rejected alike.
 *
 * Readers push records (the sink is called for each) rather than being
 * pulled: libcsv, expat and ReadStat are all push parsers, and a pull
 * interface would have to buffer their output or invert their control.
 *
 * Cells are text, as a CSV file would hold them: a number cell that holds a
 * whole number is that number's digits ("2", never "2.0"), other numbers the
 * shortest text that reads back as the same double ("%.17g" shortened), a
 * date ISO 8601 ("2024-05-01", "2024-05-01 10:30:00"), a boolean 1 or 0, a
 * formula its cached value, an empty or absent cell "".  Every record of a
 * file has the same number of fields as its header, except for CSV, where an
 * empty line is a record of no fields (a final line end starts no record),
 * and for an xlsx row with non-empty cells right of the header's last (then
 * as many fields as reach its last non-empty cell): a wrong field count is
 * the sink's to reject.
 *
 * Adding a format is one file that defines a `struct rd_class` and one row
 * in the table in reader.c.
 */
#ifndef CANYU_SURVEY_READER_H
#define CANYU_SURVEY_READER_H

#include "survey/survey.h"

#include <stddef.h>

/* One record: N fields, each NUL-terminated UTF-8 (untrimmed), borrowed until
   the sink returns. */
struct rd_record {
    size_t n;
    const char *const *field;
    const size_t *len;
    long line;
};

/* Called for each record, header first.  Return 0 to go on, or -1 to stop
   (the sink has filled the error); the reader then returns -1 at once. */
typedef int (*rd_sink)(void *ctx, const struct rd_record *rec);

/* What to read.  Exactly one of PATH and MEM is set.  NAME is used in
   messages; OPTS (never NULL) carries the wanted encoding (CSV), the sheet
   (xlsx: opts->sheet, NULL for the first sheet in tab order) and the chunk
   size. */
struct rd_input {
    const char *name;
    const char *path;
    const char *mem;
    size_t size;
    const struct survey_load_opts *opts;
};

/* What a reader tells of the file it read. */
struct rd_info {
    const char *format;            /* the class's name: "csv", "xlsx", "sav", ... */
    enum survey_encoding encoding; /* CSV: as detected; others: UTF8 */
    const char *encoding_name;     /* SPSS/Stata: the file's own ("windows-1252"),
                                      NULL otherwise (then survey_encoding_name()) */
    int bom;
    char sheet[128];               /* xlsx: the sheet read; "" otherwise */
};

/* Variable metadata that some formats carry (SPSS, Stata): what a drafted
   codebook takes from the file rather than guessing. */
struct rd_value_label {
    char *code;  /* the value as the reader writes it in a cell ("1", "A") */
    char *label;
};

struct rd_var_meta {
    char *name;                    /* as in the header record */
    char *label;                   /* the variable label, or "" */
    struct rd_value_label *values; /* in code order */
    size_t n_values;
    char **missing;                /* user-missing values, as cell text */
    size_t n_missing;
    int is_numeric;
};

struct rd_meta {
    struct rd_var_meta *vars;
    size_t n_vars;
};

void rd_meta_free(struct rd_meta *m);

/* How many first bytes a format is told by (at most). */
#define RD_HEAD 512

struct rd_class {
    const char *name;
    /* Nonzero when HEAD, the first LEN bytes of the input (LEN is the whole
       input when it is shorter than 512 bytes, else at least 512), is this
       format. */
    int (*detect)(const unsigned char *head, size_t len);
    /* Read every record into SINK and fill INFO.  Returns 0, or -1 with ERR
       filled (ERR's file the input's NAME, its line where one applies). */
    int (*read)(const struct rd_input *in, rd_sink sink, void *ctx, struct rd_info *info,
                struct survey_error *err);
    /* Fill META (zeroed by the caller) with the file's variable metadata, or
       NULL for formats that carry none.  0, or -1 with ERR filled. */
    int (*describe)(const struct rd_input *in, struct rd_meta *meta, struct survey_error *err);
};

extern const struct rd_class rd_xlsx, rd_xls, rd_sav;

/* The class for an input whose first LEN bytes are HEAD (see detect): the
   first in reader.c's table whose detect accepts it, or NULL for text, which
   load.c reads as CSV (in two halves at once when it is large). */
const struct rd_class *rd_detect(const unsigned char *head, size_t len);

/* ## Small CSV inputs (codebooks, margins files) */

/* The most bytes canyu reads of a codebook or a margins file: an endless
   stream (`-c /dev/zero`) or a data file given by mistake is an error. */
#define SURVEY_SMALL_MAX ((size_t)64 << 20)

/* Called for each record of a file read by survey_csv_read(): N fields, each
   NUL-terminated UTF-8 (untrimmed; N is 0 for an empty line), and the
   physical line the record starts on.  Return 0 to go on, -1 to stop (after filling the error yourself). */
typedef int (*survey_record_fn)(void *ctx, size_t n, const char *const *field, const size_t *len,
                                long line);

/* Read PATH as CSV in encoding ENC (AUTO: a BOM or UTF-8, else GB18030) with
   the loader's decoder and strict quoting, header included: for small inputs
   such as raking margins.  WHAT names the kind of file in the message when
   PATH holds more than SURVEY_SMALL_MAX bytes ("margins file").  Returns 0,
   or -1 with ERR filled. */
int survey_csv_read(const char *path, enum survey_encoding enc, const char *what,
                    survey_record_fn fn, void *ctx, struct survey_error *err);

#endif
