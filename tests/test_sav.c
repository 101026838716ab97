/* test_sav.c — the SPSS and Stata reader (survey/sav.c, rd_sav): every cell
 * text, the line numbers and the header of each fixture in tests/data/sav
 * (written by tests/reference/sav-fixtures.R), read from a path and from
 * memory alike; the formats and encodings it reports; the metadata describe()
 * gives a drafted codebook; a 问卷星-style .sav against the CSV it was made
 * from; and clean errors on truncated, garbage and mis-encoded input.
 */
#include "survey/reader.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR "tests/data/sav/"

/* ## A sink that keeps every record */

struct rec {
    long line;
    size_t n;
    char **field;
};

struct collect {
    struct rec *rec;
    size_t n;
    long stop_at; /* return -1 at this record (0-based), or -1 never */
};

static int collect_sink(void *ctx, const struct rd_record *r)
{
    struct collect *c = ctx;
    if (c->stop_at >= 0 && (long)c->n == c->stop_at)
        return -1;
    c->rec = realloc(c->rec, (c->n + 1) * sizeof *c->rec);
    assert_non_null(c->rec);
    struct rec *out = &c->rec[c->n++];
    out->line = r->line;
    out->n = r->n;
    out->field = calloc(r->n ? r->n : 1, sizeof *out->field);
    assert_non_null(out->field);
    for (size_t i = 0; i < r->n; i++) {
        assert_int_equal(strlen(r->field[i]), r->len[i]);
        out->field[i] = strdup(r->field[i]);
        assert_non_null(out->field[i]);
    }
    return 0;
}

static void collect_free(struct collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < c->rec[i].n; k++)
            free(c->rec[i].field[k]);
        free(c->rec[i].field);
    }
    free(c->rec);
    c->rec = NULL;
    c->n = 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static const struct survey_load_opts default_opts;

/* Read MEM (LEN bytes) or, when MEM is NULL, PATH. */
static int read_input(const char *path, const char *mem, size_t len, const struct survey_load_opts *o,
                      struct collect *c, struct rd_info *info, struct survey_error *err)
{
    struct rd_input in = {.name = path, .path = mem ? NULL : path, .mem = mem, .size = len,
                          .opts = o ? o : &default_opts};
    memset(c, 0, sizeof *c);
    c->stop_at = -1;
    memset(err, 0, sizeof *err);
    return rd_sav.read(&in, collect_sink, c, info, err);
}

/* Every record of PATH, read from the path and from memory, equals EXPECT
   (N_ROWS rows of N_COLS cells, the header first). */
static void check_cells(const char *path, const char *const *expect, size_t n_rows, size_t n_cols,
                        const char *format, const char *encoding_name)
{
    size_t len;
    char *data = slurp(path, &len);
    for (int from_mem = 0; from_mem < 2; from_mem++) {
        struct collect c;
        struct rd_info info;
        struct survey_error err;
        int rc = read_input(path, from_mem ? data : NULL, len, NULL, &c, &info, &err);
        if (rc != 0)
            fail_msg("%s: %s:%ld: %s", path, err.file, err.line, err.message);
        assert_string_equal(info.format, format);
        assert_int_equal(info.encoding, SURVEY_ENC_UTF8);
        if (encoding_name)
            assert_string_equal(info.encoding_name, encoding_name);
        else
            assert_null(info.encoding_name);
        assert_int_equal(info.bom, 0);
        assert_string_equal(info.sheet, "");
        assert_int_equal(c.n, n_rows);
        for (size_t r = 0; r < n_rows; r++) {
            assert_int_equal(c.rec[r].line, (long)r); /* the header is line 0, case k line k */
            assert_int_equal(c.rec[r].n, n_cols);
            for (size_t k = 0; k < n_cols; k++)
                if (strcmp(c.rec[r].field[k], expect[r * n_cols + k]))
                    fail_msg("%s%s line %zu field %zu: \"%s\", want \"%s\"", path,
                             from_mem ? " (memory)" : "", r, k, c.rec[r].field[k],
                             expect[r * n_cols + k]);
        }
        collect_free(&c);
    }
    free(data);
}

/* ## Cells */

/* small.sav and small.zsav: see sav-fixtures.R for the R values. */
static const char *const SMALL[][13] = {
    {"id", "gender", "sat", "age", "income", "score", "big", "name", "grade", "born", "adate", "when",
     "备注"},
    {"1", "1", "5", "30", "1000", "2.5", "123456789012", "张三", "A", "2024-05-01", "2024-05-01",
     "2024-05-01 10:30:00", "好"},
    {"2", "2", "9", "-9", "99999", "3", "0.3333333333333333", "", "B", "", "", "1970-01-01 00:00:00",
     ""},
    {"3", "2", "-2", "45", "2500.5", "", "-0.5", "李四", "X", "1960-01-01", "1960-01-01", "", "一般般"},
    {"4", "1", "3", "-1", "", "0.1", "100000000000000000000", "Ann \"A\", B", "", "2000-02-29",
     "2000-02-29", "2023-12-31 23:59:59", ""},
    {"5", "", "1", "70", "120000", "-1234567.875", "9007199254740994", "王五┋赵六", "A", "1582-10-14",
     "1582-10-14", "1960-01-01 00:00:01", ""},
    {"6", "2", "4", "-5", "0", "1e-05", "0", "其他〖跳广场舞〗", "B", "1899-12-31", "1899-12-31",
     "2024-02-29 12:00:00", ""},
};

static void test_sav_cells(void **state)
{
    (void)state;
    /* User-missing values (sat 9 and -2, age -9..-1, income 99999 and
       120000, grade "X") are written as they are; system-missing is "";
       "李四 " lost its trailing blank as SPSS pads strings. */
    check_cells(DIR "small.sav", SMALL[0], 7, 13, "sav", "utf-8");
    check_cells(DIR "small.zsav", SMALL[0], 7, 13, "zsav", "utf-8");
}

static void test_dta_cells(void **state)
{
    (void)state;
    /* Stata 14: no user-missing values, gender's .a is "", %td and %tc. */
    static const char *const dta[][11] = {
        {"id", "gender", "sat", "age", "income", "score", "big", "name", "grade", "born", "when"},
        {"1", "1", "5", "30", "1000", "2.5", "123456789012", "张三", "A", "2024-05-01",
         "2024-05-01 10:30:00"},
        {"2", "2", "9", "-9", "99999", "3", "0.3333333333333333", "", "B", "", "1970-01-01 00:00:00"},
        {"3", "2", "-2", "45", "2500.5", "", "-0.5", "李四", "X", "1960-01-01", ""},
        {"4", "1", "3", "-1", "", "0.1", "100000000000000000000", "Ann \"A\", B", "", "2000-02-29",
         "2023-12-31 23:59:59"},
        {"5", "", "1", "70", "120000", "-1234567.875", "9007199254740994", "王五┋赵六", "A",
         "1582-10-14", "1960-01-01 00:00:01"},
        {"6", "2", "4", "-5", "0", "1e-05", "0", "其他〖跳广场舞〗", "B", "1899-12-31",
         "2024-02-29 12:00:00"},
    };
    check_cells(DIR "small.dta", dta[0], 7, 11, "dta", "utf-8");
    /* Stata 10: a float is its shortest float text (0.1, not
       0.10000000149011612), byte and long storage, a tagged .a, a %td date
       stored as a float, Windows-1252 text converted. */
    static const char *const old[][5] = {
        {"f", "b", "l", "d", "s"},
        {"0.1", "1", "100000", "2024-05-01", "café"},
        {"2.5", "0", "-7", "", ""},
        {"3", "", "0", "1900-01-01", "x"},
    };
    check_cells(DIR "old.dta", old[0], 4, 5, "dta", "windows-1252");
}

static void test_por_cells(void **state)
{
    (void)state;
    static const char *const por[][6] = {
        {"ID", "GENDER", "SAT", "SCORE", "NAME", "BORN"},
        {"1", "1", "5", "2.5", "Zhang San", "2024-05-01"},
        {"2", "2", "9", "3", "", ""},
        {"3", "", "-2", "", "O'Brien, A", "2000-02-29"},
        {"4", "2", "1", "-1234567.875", "x", "1582-10-14"},
    };
    /* A portable file has no encoding of its own: NULL, i.e. UTF-8. */
    check_cells(DIR "small.por", por[0], 5, 6, "por", NULL);

    /* The same file with LF line ends instead of CRLF. */
    size_t len;
    char *data = slurp(DIR "small.por", &len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (data[i] != '\r')
            data[n++] = data[i];
    assert_true(n < len);
    assert_non_null(rd_detect((const unsigned char *)data, n));
    struct collect c;
    struct rd_info info;
    struct survey_error err;
    if (read_input("lf.por", data, n, NULL, &c, &info, &err))
        fail_msg("%s", err.message);
    assert_int_equal(c.n, 5);
    assert_string_equal(c.rec[3].field[4], "O'Brien, A");
    assert_string_equal(c.rec[4].field[3], "-1234567.875");
    collect_free(&c);
    free(data);
}

static void test_gbk(void **state)
{
    (void)state;
    /* Code page 936, which ReadStat alone cannot open (glibc's iconv has no
       "ISO-IR-58"); read as GB18030, 镕 and 喆 (not in GB2312) included. */
    static const char *const gbk[][2] = {{"gender", "name"}, {"1", "朱镕基"}, {"2", "王喆"}, {"1", "张三"}};
    check_cells(DIR "gbk.sav", gbk[0], 4, 2, "sav", "gbk");

    /* A wanted encoding overrides the file's: read as UTF-8, its GBK bytes
       are an encoding error, not mojibake. */
    struct survey_load_opts o = {.encoding = SURVEY_ENC_UTF8};
    struct collect c;
    struct rd_info info;
    struct survey_error err;
    assert_int_equal(read_input(DIR "gbk.sav", NULL, 0, &o, &c, &info, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_ENCODING);
    assert_string_equal(err.file, DIR "gbk.sav");
    assert_non_null(strstr(err.message, "utf-8"));
    collect_free(&c);
    /* And GB18030 is what the GBK file is. */
    o.encoding = SURVEY_ENC_GB18030;
    assert_int_equal(read_input(DIR "gbk.sav", NULL, 0, &o, &c, &info, &err), 0);
    assert_string_equal(info.encoding_name, "gb18030");
    assert_string_equal(c.rec[1].field[1], "朱镕基");
    collect_free(&c);
}

/* ## Describe */

static struct rd_meta describe(const char *path, int from_mem)
{
    size_t len = 0;
    char *data = from_mem ? slurp(path, &len) : NULL;
    struct rd_input in = {.name = path, .path = data ? NULL : path, .mem = data, .size = len,
                          .opts = &default_opts};
    struct rd_meta m = {0};
    struct survey_error err = {0};
    if (rd_sav.describe(&in, &m, &err))
        fail_msg("%s: %s", path, err.message);
    free(data);
    return m;
}

static const struct rd_var_meta *meta_var(const struct rd_meta *m, const char *name)
{
    for (size_t i = 0; i < m->n_vars; i++)
        if (!strcmp(m->vars[i].name, name))
            return &m->vars[i];
    fail_msg("no variable %s", name);
    return NULL;
}

/* VALUES: "code=label;code=label" in order, "" for none; MISSING: "a;b". */
static void check_var(const struct rd_meta *m, const char *name, const char *label, int is_numeric,
                      const char *values, const char *missing)
{
    const struct rd_var_meta *v = meta_var(m, name);
    assert_string_equal(v->label, label);
    assert_int_equal(v->is_numeric, is_numeric);
    char got[1024] = "";
    for (size_t k = 0; k < v->n_values; k++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s=%s", k ? ";" : "",
                 v->values[k].code, v->values[k].label);
    if (strcmp(got, values))
        fail_msg("%s values: \"%s\", want \"%s\"", name, got, values);
    got[0] = '\0';
    for (size_t k = 0; k < v->n_missing; k++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? ";" : "", v->missing[k]);
    if (strcmp(got, missing))
        fail_msg("%s missing: \"%s\", want \"%s\"", name, got, missing);
}

static void test_describe_sav(void **state)
{
    (void)state;
    static const char *const files[] = {DIR "small.sav", DIR "small.zsav"};
    for (size_t f = 0; f < 2; f++)
        for (int from_mem = 0; from_mem < 2; from_mem++) {
            struct rd_meta m = describe(files[f], from_mem);
            assert_int_equal(m.n_vars, 13);
            for (size_t i = 0; i < 13; i++)
                assert_string_equal(m.vars[i].name, SMALL[0][i]);
            check_var(&m, "id", "", 1, "", "");
            check_var(&m, "gender", "1、您的性别：", 1, "1=男;2=女", "");
            /* labels in code order, whatever order the file has them in */
            check_var(&m, "sat", "2、您对社区环境卫生是否满意？", 1,
                      "-2=(跳过);1=非常不满意;2=不满意;3=一般;4=满意;5=非常满意;9=说不清", "-2;9");
            /* a small whole range is each of its values */
            check_var(&m, "age", "3、您的年龄：", 1, "-9=拒答", "-9;-8;-7;-6;-5;-4;-3;-2;-1");
            /* an open range stays a range */
            check_var(&m, "income", "月收入", 1, "", "90000..highest");
            check_var(&m, "score", "得分", 1, "", "");
            check_var(&m, "name", "", 0, "", "");
            check_var(&m, "grade", "等级", 0, "A=甲;B=乙", "X");
            /* dates are not numbers: their cells are ISO text */
            check_var(&m, "born", "", 0, "", "");
            check_var(&m, "when", "", 0, "", "");
            check_var(&m, "备注", "", 0, "", "");
            rd_meta_free(&m);
            assert_null(m.vars);
            assert_int_equal(m.n_vars, 0);
        }
}

static void test_describe_others(void **state)
{
    (void)state;
    struct rd_meta m = describe(DIR "small.dta", 1);
    assert_int_equal(m.n_vars, 11);
    check_var(&m, "gender", "1、您的性别：", 1, "1=男;2=女", "");
    check_var(&m, "sat", "2、您对社区环境卫生是否满意？", 1,
              "-2=(跳过);1=非常不满意;2=不满意;3=一般;4=满意;5=非常满意;9=说不清", "");
    check_var(&m, "born", "", 0, "", "");
    check_var(&m, "name", "", 0, "", "");
    rd_meta_free(&m);

    /* The label of .a names no cell: left out. */
    m = describe(DIR "old.dta", 0);
    check_var(&m, "b", "", 1, "0=no;1=yes", "");
    check_var(&m, "s", "café name", 0, "", "");
    check_var(&m, "d", "", 0, "", "");
    rd_meta_free(&m);

    m = describe(DIR "small.por", 0);
    assert_int_equal(m.n_vars, 6);
    check_var(&m, "GENDER", "Q1 Your gender", 1, "1=male;2=female", "");
    check_var(&m, "SAT", "Q2 Satisfaction", 1, "-2=skipped;1=very unsatisfied;5=very satisfied;9=dont know",
              "-2;9");
    check_var(&m, "BORN", "", 0, "", "");
    rd_meta_free(&m);

    m = describe(DIR "gbk.sav", 1);
    check_var(&m, "gender", "1、您的性别：", 1, "1=男;2=女", "");
    check_var(&m, "name", "姓名", 0, "", "");
    rd_meta_free(&m);
}

/* ## A 问卷星-style SPSS download against the CSV it holds */

struct csv_rows {
    struct collect c;
    size_t max;
};

static int csv_row(void *ctx, size_t n, const char *const *field, const size_t *len, long line)
{
    (void)line;
    struct csv_rows *r = ctx;
    if (r->c.n == r->max)
        return 0;
    struct rd_record rec = {.n = n, .field = field, .len = len, .line = (long)r->c.n};
    return collect_sink(&r->c, &rec);
}

static void test_boli(void **state)
{
    (void)state;
    struct survey_error err = {0};
    struct csv_rows csv = {.c = {.stop_at = -1}, .max = 51};
    assert_int_equal(survey_csv_read("samples/boli-2024.csv", SURVEY_ENC_AUTO, "data file", csv_row, &csv, &err), 0);
    assert_int_equal(csv.c.n, 51);

    struct collect c;
    struct rd_info info;
    assert_int_equal(read_input(DIR "boli.sav", NULL, 0, NULL, &c, &info, &err), 0);
    assert_string_equal(info.format, "sav");
    assert_int_equal(c.n, 51);
    for (size_t r = 0; r < 51; r++) {
        assert_int_equal(c.rec[r].line, (long)r);
        assert_int_equal(c.rec[r].n, csv.c.rec[r].n);
        for (size_t k = 0; k < c.rec[r].n; k++)
            if (strcmp(c.rec[r].field[k], csv.c.rec[r].field[k]))
                fail_msg("boli.sav case %zu field %zu: \"%s\", the CSV \"%s\"", r, k, c.rec[r].field[k],
                         csv.c.rec[r].field[k]);
    }
    collect_free(&c);
    collect_free(&csv.c);

    /* describe() gives back the codebook the file was made from. */
    struct survey_codebook *cb = survey_codebook_load("samples/codebook.csv", &err);
    assert_non_null(cb);
    struct rd_meta m = describe(DIR "boli.sav", 1);
    assert_int_equal(m.n_vars, cb->n_cols);
    for (size_t i = 0; i < cb->n_cols; i++) {
        const struct survey_cbcol *col = &cb->cols[i];
        const struct rd_var_meta *v = &m.vars[i];
        assert_string_equal(v->name, col->column);
        assert_string_equal(v->label, col->label_zh);
        int text = col->role == ROLE_ID || col->role == ROLE_TEXT;
        assert_int_equal(v->is_numeric, !text);
        /* the codebook's labels sorted by code */
        assert_int_equal(v->n_values, col->n_values);
        int prev = -1000000;
        for (size_t k = 0; k < v->n_values; k++) {
            int code = atoi(v->values[k].code);
            assert_true(code > prev);
            prev = code;
            const char *want = survey_cbcol_label(col, code);
            assert_non_null(want);
            char code_text[16];
            snprintf(code_text, sizeof code_text, "%d", code);
            assert_string_equal(v->values[k].code, code_text);
            assert_string_equal(v->values[k].label, want);
        }
        /* its numeric missing answers ("9"; "说不清" is no SPSS value) */
        size_t numeric = 0;
        for (size_t k = 0; k < col->n_missing; k++)
            if (col->missing[k][0] >= '0' && col->missing[k][0] <= '9') {
                assert_true(numeric < v->n_missing);
                assert_string_equal(v->missing[numeric], col->missing[k]);
                numeric++;
            }
        assert_int_equal(v->n_missing, numeric);
    }
    rd_meta_free(&m);
    survey_codebook_free(cb);
}

/* ## Detection */

static void test_detect(void **state)
{
    (void)state;
    static const char *const files[] = {"small.sav", "small.zsav", "small.dta", "old.dta",
                                        "small.por", "gbk.sav",    "boli.sav"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, DIR "%s", files[i]);
        size_t len;
        char *data = slurp(path, &len);
        size_t head = len < 512 ? len : 512;
        if (rd_detect((const unsigned char *)data, head) != &rd_sav)
            fail_msg("%s not detected", files[i]);
        free(data);
    }
    size_t len;
    char *csv = slurp("samples/boli-2024.csv", &len);
    assert_null(rd_detect((const unsigned char *)csv, 512));
    free(csv);
    csv = slurp("samples/platform-export.csv", &len);
    assert_null(rd_detect((const unsigned char *)csv, 512));
    free(csv);
    static const char *const text[] = {"", "$FL", "id,name\n1,2\n", "<stata",
                                       "\xEF\xBB\xBFid,gender\n"};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        assert_null(rd_detect((const unsigned char *)text[i], strlen(text[i])));
    /* a ZIP archive is the Excel reader's, not this one's */
    assert_true(rd_detect((const unsigned char *)"PK\3\4", 4) != &rd_sav);
    /* a text file that happens to start with "r" then a control byte is no
       old Stata file unless the file type is 1 */
    assert_null(rd_detect((const unsigned char *)"r\2\0\0", 4));
    assert_non_null(rd_detect((const unsigned char *)"r\2\1\0", 4));
}

/* ## Errors */

/* IN fails cleanly: -1, a status (CODE unless it is SURVEY_OK), a message,
   the input's name. */
static void check_fails(const char *name, const char *mem, size_t len, enum survey_status code)
{
    struct rd_input in = {.name = name, .mem = mem ? mem : "", .size = len, .opts = &default_opts};
    struct collect c = {.stop_at = -1};
    struct rd_info info;
    struct survey_error err = {0};
    if (rd_sav.read(&in, collect_sink, &c, &info, &err) != -1)
        fail_msg("%s (%zu bytes) was read", name, len);
    if (code != SURVEY_OK)
        assert_int_equal(err.code, code);
    assert_true(err.code != SURVEY_OK && err.code != SURVEY_ERR_NOMEM);
    assert_string_equal(err.file, name);
    assert_true(err.message[0] != '\0');
    collect_free(&c);
    struct rd_meta m = {0};
    memset(&err, 0, sizeof err);
    if (rd_sav.describe(&in, &m, &err) == 0)
        rd_meta_free(&m); /* a cut in the data leaves the dictionary whole */
    else
        assert_true(err.message[0] != '\0');
    assert_null(m.vars);
}

static void test_truncated(void **state)
{
    (void)state;
    static const char *const files[] = {"small.sav", "small.zsav", "small.dta", "old.dta",
                                        "small.por", "gbk.sav",    "boli.sav"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[256];
        snprintf(path, sizeof path, DIR "%s", files[f]);
        size_t len;
        char *data = slurp(path, &len);
        struct collect whole;
        struct rd_info info;
        struct survey_error err;
        assert_int_equal(read_input(path, data, len, NULL, &whole, &info, &err), 0);
        /* Every length (boli.sav: every 7th), each in a buffer of its own, so
           that a read past the end is the sanitizers' to see.  A cut in what
           follows the data (padding, an end marker, an old Stata file's
           value labels) may read, with every case; anything else is an
           error. */
        size_t step = len > 10000 ? 7 : 1;
        for (size_t cut = 0; cut < len; cut += step) {
            char *part = malloc(cut ? cut : 1);
            assert_non_null(part);
            memcpy(part, data, cut);
            struct rd_input in = {.name = "cut", .mem = part, .size = cut, .opts = &default_opts};
            struct collect c = {.stop_at = -1};
            memset(&err, 0, sizeof err);
            int rc = rd_sav.read(&in, collect_sink, &c, &info, &err);
            if (rc == 0) {
                if (c.n != whole.n)
                    fail_msg("%s cut to %zu of %zu bytes gave %zu records of %zu", files[f], cut, len,
                             c.n, whole.n);
                for (size_t r = 0; r < c.n; r++)
                    for (size_t k = 0; k < c.rec[r].n; k++)
                        assert_string_equal(c.rec[r].field[k], whole.rec[r].field[k]);
            } else {
                assert_int_equal(rc, -1);
                assert_true(err.message[0] != '\0');
                assert_string_equal(err.file, "cut");
                /* the cases before the cut came through, numbered 1.. */
                for (size_t r = 0; r < c.n; r++)
                    assert_int_equal(c.rec[r].line, (long)r);
                if (c.n)
                    assert_int_equal(err.line, (long)c.n);
            }
            collect_free(&c);
            struct rd_meta m = {0};
            if (rd_sav.describe(&in, &m, &err) == 0)
                rd_meta_free(&m);
            free(part);
        }
        collect_free(&whole);
        free(data);
    }
    /* A cut in the middle of boli.sav's data: the message names the case. */
    size_t len;
    char *data = slurp(DIR "boli.sav", &len);
    struct collect c;
    struct rd_info info;
    struct survey_error err;
    assert_int_equal(read_input("boli.sav", data, len - 300, NULL, &c, &info, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_IO);
    assert_true(err.line >= 40 && err.line <= 50);
    assert_int_equal(c.n, (size_t)err.line);
    assert_non_null(strstr(err.message, "truncated"));
    collect_free(&c);
    free(data);
    data = slurp(DIR "small.dta", &len);
    check_fails("small.dta", data, len - 20, SURVEY_ERR_IO);
    free(data);
}

static void test_garbage(void **state)
{
    (void)state;
    check_fails("empty", "", 0, SURVEY_ERR_IO);
    check_fails("text", "id,gender\n1,2\n", 14, SURVEY_ERR_IO);
    char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)((x = x * 1103515245u + 12345u) >> 16);
    static const char *const magic[] = {"$FL2", "$FL3", "<stata_dta>", "\x72\x02\x01\x00",
                                        "\x73\x01\x01\x00"};
    for (size_t i = 0; i < sizeof magic / sizeof magic[0]; i++) {
        memcpy(junk, magic[i], strlen(magic[i]));
        check_fails(magic[i], junk, sizeof junk, SURVEY_OK); /* damaged, or its text */
    }
    /* a real header with garbage after it */
    size_t len;
    char *data = slurp(DIR "small.sav", &len);
    for (size_t i = 300; i < len; i += 7)
        data[i] = (char)(data[i] ^ 0x5A);
    struct rd_input in = {.name = "bad.sav", .mem = data, .size = len, .opts = &default_opts};
    struct collect c = {.stop_at = -1};
    struct rd_info info;
    struct survey_error err = {0};
    if (rd_sav.read(&in, collect_sink, &c, &info, &err) != 0)
        assert_true(err.message[0] != '\0');
    collect_free(&c);
    free(data);

    /* a file that is not there */
    struct collect c2;
    assert_int_equal(read_input(DIR "no-such.sav", NULL, 0, NULL, &c2, &info, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_IO);
    assert_non_null(strstr(err.message, "cannot open"));
    struct rd_input none = {.name = "none", .path = DIR "no-such.sav", .opts = &default_opts};
    struct rd_meta m = {0};
    assert_int_equal(rd_sav.describe(&none, &m, &err), -1);
    assert_null(m.vars);
}

/* The sink says stop: the reader stops at once and keeps the sink's error. */
static void test_sink_stops(void **state)
{
    (void)state;
    for (long stop = 0; stop < 4; stop++) {
        struct rd_input in = {.name = "s", .path = DIR "small.sav", .opts = &default_opts};
        struct collect c = {.stop_at = stop};
        struct rd_info info;
        struct survey_error err = {.code = SURVEY_ERR_HEADER, .message = "the sink's"};
        assert_int_equal(rd_sav.read(&in, collect_sink, &c, &info, &err), -1);
        assert_int_equal(c.n, (size_t)stop);
        assert_int_equal(err.code, SURVEY_ERR_HEADER);
        assert_string_equal(err.message, "the sink's");
        collect_free(&c);
    }
}

struct progress {
    size_t calls, last, total;
};

static void progress(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    assert_true(done >= p->last && done <= total);
    p->last = done, p->total = total, p->calls++;
}

struct mem {
    char *data;
    size_t len, cap;
};

static ssize_t mem_write(const void *data, size_t len, void *ctx)
{
    struct mem *m = ctx;
    if (m->len + len > m->cap) {
        m->cap = 2 * (m->len + len);
        m->data = realloc(m->data, m->cap);
        assert_non_null(m->data);
    }
    memcpy(m->data + m->len, data, len);
    m->len += len;
    return (ssize_t)len;
}

/* A larger file, written here with ReadStat's writer: 30000 cases, every
   one delivered with its case number, and progress reported as it goes. */
static void test_large(void **state)
{
    (void)state;
    enum { CASES = 30000 };
    struct mem m = {0};
    readstat_writer_t *w = readstat_writer_init();
    assert_non_null(w);
    readstat_set_data_writer(w, mem_write);
    readstat_writer_set_compression(w, READSTAT_COMPRESS_NONE);
    readstat_variable_t *id = readstat_add_variable(w, "id", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_t *half = readstat_add_variable(w, "half", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_t *txt = readstat_add_variable(w, "txt", READSTAT_TYPE_STRING, 8);
    assert_int_equal(readstat_begin_writing_sav(w, &m, CASES), READSTAT_OK);
    for (int i = 1; i <= CASES; i++) {
        char s[16];
        snprintf(s, sizeof s, "r%d", i);
        assert_int_equal(readstat_begin_row(w), READSTAT_OK);
        readstat_insert_double_value(w, id, i);
        readstat_insert_double_value(w, half, i / 2.0);
        readstat_insert_string_value(w, txt, s);
        assert_int_equal(readstat_end_row(w), READSTAT_OK);
    }
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    assert_true(m.len > (512u << 10));

    struct progress pr = {0};
    struct survey_load_opts o = {.progress = progress, .progress_ctx = &pr};
    struct collect c;
    struct rd_info info;
    struct survey_error err;
    if (read_input("large.sav", m.data, m.len, &o, &c, &info, &err))
        fail_msg("%s", err.message);
    assert_int_equal(c.n, CASES + 1);
    for (int i = 1; i <= CASES; i++) {
        char want[32];
        assert_int_equal(c.rec[i].line, i);
        snprintf(want, sizeof want, "%d", i);
        assert_string_equal(c.rec[i].field[0], want);
        snprintf(want, sizeof want, i % 2 ? "%d.5" : "%d", i / 2);
        assert_string_equal(c.rec[i].field[1], want);
        snprintf(want, sizeof want, "r%d", i);
        assert_string_equal(c.rec[i].field[2], want);
    }
    assert_true(pr.calls >= 2);
    assert_int_equal(pr.total, m.len);
    collect_free(&c);
    free(m.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sav_cells),     cmocka_unit_test(test_dta_cells),
        cmocka_unit_test(test_por_cells),     cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_describe_sav),  cmocka_unit_test(test_describe_others),
        cmocka_unit_test(test_boli),          cmocka_unit_test(test_detect),
        cmocka_unit_test(test_truncated),     cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_sink_stops),    cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
