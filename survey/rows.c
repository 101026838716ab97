/* rows.c — the per-respondent arrays of a survey (one per variable, the
 * weights, the durations): room reserved ahead, growth by doubling, and a
 * check that the machine's memory holds them before Linux would kill the
 * process instead of failing an allocation.
 */
#include "survey/load_internal.h"

#include <unistd.h>

/* Bytes the in-memory survey takes per respondent at most. */
size_t ld_bytes_per_respondent(const struct survey *s)
{
    return s->n_vars * sizeof(int16_t) + 2 * sizeof(double) /* weight, duration */ +
           s->impl->n_numeric * sizeof(double) +
           16 /* an id */;
}

/* Whether N respondents fit in three quarters of the machine's memory:
   beyond that Linux would kill the process instead of failing malloc, and a
   researcher gets no message at all. */
static int fits_in_memory(const struct survey *s, size_t n)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return 1;
    double ram = (double)pages * (double)page;
    return (double)n * (double)ld_bytes_per_respondent(s) <= 0.75 * ram;
}

/* Resize the K-th per-respondent array of S (its variables, then the
   weights and the durations, when the codebook has them) from room for OLD
   respondents to room for CAP.  0, or -1 out of memory (a shrink never is). */
static int resize_row_array(struct survey *s, size_t k, size_t old, size_t cap)
{
    if (k < s->n_vars) {
        int16_t *v = big_resize(s->vars[k].v, old * sizeof *v, cap * sizeof *v);
        if (!v)
            return -1;
        s->vars[k].v = v;
        if (s->vars[k].role == ROLE_NUMERIC) {
            double *d = big_resize(s->vars[k].d, old * sizeof *d, cap * sizeof *d);
            if (!d) { /* all or none */
                s->vars[k].v = big_resize(v, cap * sizeof *v, old * sizeof *v);
                return -1;
            }
            s->vars[k].d = d;
        }
        return 0;
    }
    enum survey_role role = k == s->n_vars ? ROLE_WEIGHT : ROLE_DURATION;
    double **a = role == ROLE_WEIGHT ? &s->weight : &s->duration;
    if (survey_codebook_find_role(s->cb, role) < 0)
        return 0;
    double *d = big_resize(*a, old * sizeof *d, cap * sizeof *d);
    if (!d)
        return -1;
    *a = d;
    return 0;
}

/* Give every per-respondent array room for CAP respondents, all or
   none (see bigmem.c: room nobody writes to costs nothing). */
int ld_reserve_rows(struct survey *s, size_t cap)
{
    struct ld_part *part = &s->impl->part;
    if (cap <= part->cap)
        return 0;
    size_t k, n = s->n_vars + 2;
    for (k = 0; k < n && resize_row_array(s, k, part->cap, cap) == 0; k++)
        ;
    if (k < n) { /* all or none: give back what grew */
        while (k-- > 0)
            resize_row_array(s, k, cap, part->cap);
        return -1;
    }
    part->cap = cap;
    return 0;
}

/* Checked every 64Ki respondents.  Only the survey's own part grows: a
   half's room is fixed while both halves load (split.c). */
int ld_grow_rows(struct survey *s, const struct ld_part *out)
{
    size_t at = out->base + out->n;
    if ((at & 0xFFFF) == 0 && !fits_in_memory(s, at + 0x10000) && !fits_in_memory(s, at + 1))
        return -2;
    if (out->n < out->cap)
        return 0;
    if (out != &s->impl->part)
        return -1;
    return ld_reserve_rows(s, out->cap ? 2 * out->cap : 1024);
}

/* The file respondent ROW came from: files load one after another. */
size_t ld_row_file(const struct survey *s, size_t row)
{
    const size_t *first = s->impl->file_first_row;
    size_t lo = 0, hi = s->n_files; /* the last file starting at or before ROW */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (first[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}
