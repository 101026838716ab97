/* anyload.c — the benchmark's measure of loading alone: what `canyu report`
 * does before its statistics (read the codebook, load and check every record,
 * the data-quality checks), then nothing.  `canyu validate` analyses too (it
 * refuses what report would refuse), so it is no longer loading only; this
 * program is, and the report's time less its time is what the statistics and
 * the rendering cost.  Linked against build/libcanyu.a by bench/run.sh.
 *
 *     anyload CODEBOOK FILE
 *
 * Prints the number of respondents loaded.  Exit 0, or 1 on any error.
 */
#include "survey/survey.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: anyload CODEBOOK FILE\n");
        return 1;
    }
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_load(argv[1], &err);
    struct survey *s = cb ? survey_new(cb) : NULL;
    struct survey_load_opts opts = {0};
    int rc = s && survey_load_file(s, argv[2], &opts, &err) == 0 && survey_finish(s, &opts) == 0;
    if (rc)
        printf("%zu respondents loaded\n", s->n);
    else
        fprintf(stderr, "anyload: %s\n", err.message[0] ? err.message : "out of memory");
    survey_free(s);
    survey_codebook_free(cb);
    return rc ? 0 : 1;
}
