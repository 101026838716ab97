/* run.c — the steps report, validate and compare share between their
 * options and their verdict (see run.h): the codebook, the loading of the
 * input files, the account of rejected records and --strict, and one writer
 * for the results of report and of compare in every format.  The commands
 * differ in what they load into (one survey, or one per wave) and what they
 * compute; everything else is here once, so that both say the same thing
 * the same way.
 */
#include "cli/run.h"

#include "report/compare.h"
#include "report/csv_results.h"
#include "report/document.h"
#include "report/json.h"

#include <stdio.h>
#include <stdlib.h>

/* ## The codebook */

/* With no -c and an SPSS or Stata file, the codebook is a draft from the
   file's own labels (as `canyu codebook FILE` writes it), and canyu says so. */
static struct survey_codebook *draft_codebook(const struct cli_options *o, const char *path,
                                              struct survey_error *err)
{
    char name[300];
    size_t len = 0;
    char *text = survey_codebook_draft_text(path, &o->load, &len, err);
    int rc = text ? 0 : -1;
    struct survey_codebook *cb = NULL;
    if (rc == 0) {
        snprintf(name, sizeof name, "(codebook drafted from %s)", path);
        cb = survey_codebook_parse(text, len, name, err);
    }
    free(text);
    if (cb && !o->quiet)
        cli_error(cli_lang(o) == REPORT_LANG_ZH
                      ? "%s：未给出 -c，编码簿取自文件自带的变量标签和值标签（用 canyu codebook %s "
                        "-o codebook.csv 导出后可编辑）"
                      : "%s: no -c given: the codebook is drafted from the file's own variable "
                        "and value labels (canyu codebook %s -o codebook.csv writes it to edit)",
                  path, path);
    return cb;
}

struct survey_codebook *cli_codebook(const struct cli_options *o, int may_draft)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = o->codebook ? survey_codebook_load(o->codebook, &err)
                                 : may_draft && o->n_files &&
                                         survey_file_self_describing(o->files[0])
                                     ? draft_codebook(o, o->files[0], &err)
                                     : survey_codebook_default(&err);
    if (!cb)
        cli_print_error(&err);
    return cb;
}

/* ## Loading */

int cli_load_survey(const struct cli_options *o, const struct survey_codebook *cb,
                    char *const *files, int n_files, int absent_ok, struct survey **sp)
{
    struct survey_error err = {0};
    struct survey *s = *sp = survey_new(cb);
    if (!s) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    for (int i = 0; i < n_files; i++) {
        struct cli_progress p;
        struct survey_load_opts lo = cli_progress_begin(o, &p, files[i]);
        if (absent_ok)
            lo.absent_columns_ok = 1;
        int rc = survey_load_file(s, files[i], &lo, &err);
        cli_progress_end(&p);
        if (rc < 0) {
            cli_print_error(&err);
            return EXIT_DATA;
        }
    }
    if (survey_finish(s, &o->load) < 0) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    return EXIT_OK;
}

int cli_load(const struct cli_options *o, struct survey_codebook **cbp, struct survey **sp,
             struct cli_output *rejects)
{
    *sp = NULL;
    if (!(*cbp = cli_codebook(o, 1)))
        return EXIT_DATA;
    if (cli_load_survey(o, *cbp, o->files, o->n_files, 0, sp) != EXIT_OK)
        return EXIT_DATA;
    if (o->rejects) {
        FILE *f = cli_output_open(rejects, o->rejects);
        if (!f || cli_output_finish(rejects, survey_write_rejects(*sp, f)) < 0)
            return EXIT_DATA;
    }
    return EXIT_OK;
}

/* ## Rejected records */

int cli_note_rejections(const struct cli_options *o, const struct survey *s)
{
    int zh = cli_lang(o) == REPORT_LANG_ZH;
    for (size_t i = 0; i < s->n_files && !o->quiet; i++) {
        const struct survey_file_info *f = &s->files[i];
        long missing = 0;
        for (size_t k = 0; k < s->n_problems; k++)
            missing += s->problems[k].reason == REASON_LENIENT_MISSING &&
                       s->problems[k].file == f->where;
        if (!f->rows_excluded && !missing)
            continue;
        if (zh)
            cli_error("%s：%ld条记录中有%ld条被拒绝，%ld个值按缺失处理（详见 canyu validate）",
                      f->where, f->rows_read, f->rows_excluded, missing);
        else
            cli_error("%s: %ld of %ld record%s rejected, %ld value%s made missing (see canyu "
                      "validate)",
                      f->where, f->rows_excluded, f->rows_read, f->rows_read == 1 ? "" : "s",
                      missing, missing == 1 ? "" : "s");
    }
    if (s->rows_read > 0 && s->rows_loaded == 0) {
        if (zh)
            cli_error("全部%ld条记录都被拒绝，无法生成报告（详见 canyu validate）", s->rows_read);
        else
            cli_error("every one of the %ld record%s was rejected: no report (see canyu validate)",
                      s->rows_read, s->rows_read == 1 ? "" : "s");
        return EXIT_DATA;
    }
    return EXIT_OK;
}


int cli_strict(const struct cli_options *o, long excluded)
{
    if (!o->strict || !excluded)
        return EXIT_OK;
    cli_error("%ld record%s rejected and --strict given (see 'canyu validate')", excluded,
              excluded == 1 ? "" : "s");
    return EXIT_DATA;
}

/* ## Writing the results */

static int write_json(const struct cli_options *o, const struct cli_results *res, FILE *out)
{
    json_t *root = res->report ? report_json_report(res->report, cli_lang(o), CANYU_VERSION)
                               : report_json_compare(res->compare, cli_lang(o), CANYU_VERSION);
    int rc = !root || cli_json_failed() ? -1
             : o->format == FORMAT_CSV  ? report_csv_results(root, out)
                                        : report_json_write(root, out);
    json_decref(root);
    return rc;
}

static int write_document(const struct cli_options *o, const struct cli_results *res, FILE *out)
{
    struct report_options ro = cli_render_options(o);
    if (cli_csv_bom(&ro, out) < 0)
        return -1;
    return res->report ? report_document_render(res->report, cli_lang(o), &ro, out)
                       : report_compare_render(res->compare, cli_lang(o), &ro, out);
}

int cli_write(const struct cli_options *o, const struct cli_results *res, struct cli_output *w)
{
    FILE *out = cli_output_open(w, o->output);
    if (!out)
        return -1;
    /* JSON, and CSV: the same object as rows. */
    int wrote = o->format == FORMAT_JSON || o->format == FORMAT_CSV ? write_json(o, res, out)
                                                                     : write_document(o, res, out);
    return cli_output_finish(w, wrote);
}
