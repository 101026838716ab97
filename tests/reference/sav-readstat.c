/* sav-readstat.c — the fixtures of tests/test_sav.c that haven cannot write,
 * written with ReadStat's own writer.  sav-fixtures.R compiles and runs it:
 *
 *     cc -std=c11 -o sav-readstat tests/reference/sav-readstat.c -lreadstat
 *     ./sav-readstat tests/data/sav
 *
 * writes
 *   small.por  SPSS portable.  A portable file holds only the portable
 *              character set (ASCII letters, digits, punctuation), so its
 *              labels are English, and its variable names upper case
 *              (ReadStat's writer requires it).
 *   gbk.sav    an SPSS file in the Chinese code page 936 (GBK), as SPSS
 *              before version 16 writes one: the code page in record 7/3
 *              and no encoding record 7/20.  Its text holds two characters
 *              that GB2312 lacks (镕 and 喆).  ReadStat writes every .sav
 *              as UTF-8 (code page 65001), so the text is converted to GBK
 *              here and the code page patched.
 *   old.dta    a Stata 10 file (format 114, the binary header before
 *              Stata 13's XML-like one): float, byte and long storage, a
 *              tagged missing value .a, a %td date kept as a float, and a
 *              string in Windows-1252 ("caf\xe9"), as Stata before 14 wrote
 *              text in the machine's code page.
 * All carry a fixed timestamp, so the same ReadStat writes the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include <readstat.h>

#include <iconv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMESTAMP 1714521600 /* 2024-05-01 00:00:00 UTC */

static ssize_t write_file(const void *data, size_t len, void *ctx)
{
    return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

struct mem {
    unsigned char *data;
    size_t len, cap;
};

static ssize_t write_mem(const void *data, size_t len, void *ctx)
{
    struct mem *m = ctx;
    if (m->len + len > m->cap) {
        m->cap = 2 * (m->len + len);
        if (!(m->data = realloc(m->data, m->cap)))
            return -1;
    }
    memcpy(m->data + m->len, data, len);
    m->len += len;
    return (ssize_t)len;
}

#define SPSS_DAY 86400.0
/* 2024-05-01 and 2000-02-29 as seconds since 1582-10-14 (SPSS dates). */
#define D20240501 (SPSS_DAY * (141428 + 19844))
#define D20000229 (SPSS_DAY * (141428 + 11016))

static int write_por(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 1;
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_file);
    readstat_writer_set_file_label(w, "canyu test");
    readstat_writer_set_file_timestamp(w, TIMESTAMP);

    readstat_label_set_t *sex = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "sex");
    readstat_label_double_value(sex, 1, "male");
    readstat_label_double_value(sex, 2, "female");
    readstat_label_set_t *sat = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "sat");
    readstat_label_double_value(sat, 9, "dont know");
    readstat_label_double_value(sat, 1, "very unsatisfied");
    readstat_label_double_value(sat, 5, "very satisfied");
    readstat_label_double_value(sat, -2, "skipped");

    readstat_variable_t *v_id = readstat_add_variable(w, "ID", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_format(v_id, "F8.0");
    readstat_variable_t *v_gender = readstat_add_variable(w, "GENDER", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_format(v_gender, "F1.0");
    readstat_variable_set_label(v_gender, "Q1 Your gender");
    readstat_variable_set_label_set(v_gender, sex);
    readstat_variable_t *v_sat = readstat_add_variable(w, "SAT", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_format(v_sat, "F2.0");
    readstat_variable_set_label(v_sat, "Q2 Satisfaction");
    readstat_variable_set_label_set(v_sat, sat);
    readstat_variable_add_missing_double_value(v_sat, -2);
    readstat_variable_add_missing_double_value(v_sat, 9);
    readstat_variable_t *v_score = readstat_add_variable(w, "SCORE", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_format(v_score, "F8.2");
    readstat_variable_t *v_name = readstat_add_variable(w, "NAME", READSTAT_TYPE_STRING, 20);
    readstat_variable_set_format(v_name, "A20");
    readstat_variable_t *v_born = readstat_add_variable(w, "BORN", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_format(v_born, "DATE11");

    if (readstat_begin_writing_por(w, f, 4) != READSTAT_OK)
        return 1;
    static const double id[] = {1, 2, 3, 4}, gender[] = {1, 2, NAN, 2}, satv[] = {5, 9, -2, 1},
                        score[] = {2.5, 3, NAN, -1234567.875}, born[] = {D20240501, NAN, D20000229, 0};
    static const char *const name[] = {"Zhang San", "", "O'Brien, A", "x"};
    for (int i = 0; i < 4; i++) {
        if (readstat_begin_row(w) != READSTAT_OK)
            return 1;
        readstat_insert_double_value(w, v_id, id[i]);
        if (isnan(gender[i]))
            readstat_insert_missing_value(w, v_gender);
        else
            readstat_insert_double_value(w, v_gender, gender[i]);
        readstat_insert_double_value(w, v_sat, satv[i]);
        if (isnan(score[i]))
            readstat_insert_missing_value(w, v_score);
        else
            readstat_insert_double_value(w, v_score, score[i]);
        readstat_insert_string_value(w, v_name, name[i]);
        if (isnan(born[i]))
            readstat_insert_missing_value(w, v_born);
        else
            readstat_insert_double_value(w, v_born, born[i]);
        if (readstat_end_row(w) != READSTAT_OK)
            return 1;
    }
    if (readstat_end_writing(w) != READSTAT_OK)
        return 1;
    readstat_writer_free(w);
    return fclose(f) == 0 ? 0 : 1;
}

/* UTF-8 S in GBK, in one of a few static buffers. */
static const char *gbk(const char *s)
{
    static char out[8][256];
    static int next;
    char *o = out[next++ % 8];
    iconv_t cd = iconv_open("GBK", "UTF-8");
    char *in = (char *)s, *op = o;
    size_t il = strlen(s), ol = sizeof out[0] - 1;
    if (cd == (iconv_t)-1 || iconv(cd, &in, &il, &op, &ol) == (size_t)-1) {
        fprintf(stderr, "sav-readstat: cannot convert %s to GBK\n", s);
        exit(1);
    }
    *op = '\0';
    iconv_close(cd);
    return o;
}

static void put32(unsigned char *p, int32_t v)
{
    memcpy(p, &v, 4); /* the file is in this machine's byte order */
}

/* The offset of the record 7/SUBTYPE in M, or 0. */
static size_t find_record7(const struct mem *m, int32_t subtype)
{
    for (size_t i = 176; i + 16 <= m->len; i++) { /* records need not be aligned */
        int32_t rec, sub;
        memcpy(&rec, m->data + i, 4);
        memcpy(&sub, m->data + i + 4, 4);
        if (rec == 7 && sub == subtype)
            return i;
    }
    return 0;
}

static int write_gbk_sav(const char *path)
{
    struct mem m = {0};
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_mem);
    readstat_writer_set_file_timestamp(w, TIMESTAMP);
    readstat_label_set_t *sex = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "sex");
    readstat_label_double_value(sex, 1, gbk("男"));
    readstat_label_double_value(sex, 2, gbk("女"));
    readstat_variable_t *v_gender = readstat_add_variable(w, "gender", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_format(v_gender, "F1.0");
    readstat_variable_set_label(v_gender, gbk("1、您的性别："));
    readstat_variable_set_label_set(v_gender, sex);
    readstat_variable_t *v_name = readstat_add_variable(w, "name", READSTAT_TYPE_STRING, 12);
    readstat_variable_set_format(v_name, "A12");
    readstat_variable_set_label(v_name, gbk("姓名"));
    if (readstat_begin_writing_sav(w, &m, 3) != READSTAT_OK)
        return 1;
    static const double gender[] = {1, 2, 1};
    static const char *const name[] = {"朱镕基", "王喆", "张三"};
    for (int i = 0; i < 3; i++) {
        if (readstat_begin_row(w) != READSTAT_OK)
            return 1;
        readstat_insert_double_value(w, v_gender, gender[i]);
        readstat_insert_string_value(w, v_name, gbk(name[i]));
        if (readstat_end_row(w) != READSTAT_OK)
            return 1;
    }
    if (readstat_end_writing(w) != READSTAT_OK)
        return 1;
    readstat_writer_free(w);

    /* 7/3, machine integer info: the eighth field is the character code. */
    size_t r3 = find_record7(&m, 3);
    int32_t code = 0;
    if (r3)
        memcpy(&code, m.data + r3 + 16 + 7 * 4, 4);
    if (!r3 || code != 65001 || find_record7(&m, 20)) {
        fprintf(stderr, "sav-readstat: ReadStat wrote no record 7/3 with code page 65001\n");
        return 1;
    }
    put32(m.data + r3 + 16 + 7 * 4, 936);

    FILE *f = fopen(path, "wb");
    if (!f || fwrite(m.data, 1, m.len, f) != m.len || fclose(f) != 0)
        return 1;
    free(m.data);
    return 0;
}

static int write_old_dta(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 1;
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_file);
    readstat_writer_set_file_timestamp(w, TIMESTAMP);
    readstat_writer_set_file_format_version(w, 114);
    readstat_label_set_t *yn = readstat_add_label_set(w, READSTAT_TYPE_INT32, "yn");
    readstat_label_int32_value(yn, 1, "yes");
    readstat_label_int32_value(yn, 0, "no");
    readstat_label_tagged_value(yn, 'a', "refused");
    readstat_variable_t *v_f = readstat_add_variable(w, "f", READSTAT_TYPE_FLOAT, 0);
    readstat_variable_set_format(v_f, "%9.0g");
    readstat_variable_t *v_b = readstat_add_variable(w, "b", READSTAT_TYPE_INT8, 0);
    readstat_variable_set_format(v_b, "%8.0g");
    readstat_variable_set_label_set(v_b, yn);
    readstat_variable_t *v_l = readstat_add_variable(w, "l", READSTAT_TYPE_INT32, 0);
    readstat_variable_set_format(v_l, "%12.0g");
    readstat_variable_t *v_d = readstat_add_variable(w, "d", READSTAT_TYPE_FLOAT, 0);
    readstat_variable_set_format(v_d, "%tdCCYY-NN-DD");
    readstat_variable_t *v_s = readstat_add_variable(w, "s", READSTAT_TYPE_STRING, 8);
    readstat_variable_set_format(v_s, "%8s");
    readstat_variable_set_label(v_s, "caf\xe9 name");
    if (readstat_begin_writing_dta(w, f, 3) != READSTAT_OK)
        return 1;
    static const float fv[] = {0.1f, 2.5f, 3.0f};
    static const int8_t bv[] = {1, 0, 0};
    static const int32_t lv[] = {100000, -7, 0};
    static const float dv[] = {23497, 0, -21914}; /* 2024-05-01, 1960-01-01, 1900-01-01 */
    static const char *const sv[] = {"caf\xe9", "", "x"};
    for (int i = 0; i < 3; i++) {
        if (readstat_begin_row(w) != READSTAT_OK)
            return 1;
        readstat_insert_float_value(w, v_f, fv[i]);
        if (i == 2)
            readstat_insert_tagged_missing_value(w, v_b, 'a');
        else
            readstat_insert_int8_value(w, v_b, bv[i]);
        readstat_insert_int32_value(w, v_l, lv[i]);
        if (i == 1)
            readstat_insert_missing_value(w, v_d);
        else
            readstat_insert_float_value(w, v_d, dv[i]);
        readstat_insert_string_value(w, v_s, sv[i]);
        if (readstat_end_row(w) != READSTAT_OK)
            return 1;
    }
    if (readstat_end_writing(w) != READSTAT_OK)
        return 1;
    readstat_writer_free(w);
    return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sav-readstat DIR\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/small.por", argv[1]);
    if (write_por(path))
        return 1;
    snprintf(path, sizeof path, "%s/gbk.sav", argv[1]);
    if (write_gbk_sav(path))
        return 1;
    snprintf(path, sizeof path, "%s/old.dta", argv[1]);
    return write_old_dta(path);
}
