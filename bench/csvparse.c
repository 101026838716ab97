/* csvparse.c — the floor for any libcsv-based loader: read a file in 256 KiB
 * chunks and hand them to libcsv's csv_parse with callbacks that only count
 * fields and records.  The parser options are canyu's (survey/csv.c): strict
 * quoting, strict end of file, every line end reported.
 *
 *     csvparse FILE     prints "FILE: N records, M fields" (blank lines and
 *                       the "\n" of a "\r\n" are not records)
 *
 * Part of the benchmark (bench/run.sh builds it), not of libcanyu.a.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 256 * 1024 };

struct counts {
    unsigned long long fields;       /* all fields */
    unsigned long long records;      /* records with at least one field */
    unsigned long long record_start; /* fields when the current record began */
};

static void on_field(void *data, size_t len, void *ctx)
{
    struct counts *c = ctx;
    (void)data;
    (void)len;
    c->fields++;
}

static void on_record(int term, void *ctx)
{
    struct counts *c = ctx;
    (void)term;
    /* With CSV_REPALL_NL libcsv reports every line end, also the empty
       "records" of blank lines: count only those that had a field. */
    if (c->fields != c->record_start)
        c->records++;
    c->record_start = c->fields;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csvparse FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "csvparse: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    char *buf = malloc(CHUNK);
    struct csv_parser p;
    if (!buf || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        fprintf(stderr, "csvparse: out of memory\n");
        return 1;
    }
    struct counts c = {0, 0, 0};
    int status = 0;
    size_t n;
    while ((n = fread(buf, 1, CHUNK, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &c) != n) {
            fprintf(stderr, "csvparse: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            status = 1;
            break;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "csvparse: %s: %s\n", argv[1], strerror(errno));
        status = 1;
    }
    if (status == 0 && csv_fini(&p, on_field, on_record, &c) != 0) {
        fprintf(stderr, "csvparse: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
        status = 1;
    }
    csv_free(&p);
    free(buf);
    fclose(f);
    if (status == 0)
        printf("%s: %llu records, %llu fields\n", argv[1], c.records, c.fields);
    return status;
}
