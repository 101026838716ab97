/* suggest.c — "did you mean ...?": the edit distance between two names as a
 * reader sees them, and the nearest of a list of names.  A codebook heading,
 * role or column name typed by hand differs from the intended one by a
 * letter, a letter case, or a full-width colon an input method typed
 * (`：` for `:`); comparing after NFKC case folding (which maps full-width
 * letters, digits and punctuation and the no-break and ideographic spaces to
 * their ASCII forms) makes those differences vanish or count as one edit.
 */
#include "survey/survey_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { STACK_POINTS = 128 };

static int is_space(utf8proc_int32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') ||
           utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* S (LEN bytes) trimmed, NFKC case-folded, with default-ignorable code points
   (zero-width spaces, soft hyphens) dropped and white space trimmed again,
   as code points: into BUF (CAP entries) when it fits, else into a new array
   (*HEAP, to be freed).  Returns the count, or -1 when out of memory.  Bytes
   that are not UTF-8 are compared as themselves, one code point each. */
static long fold(const char *s, size_t len, utf8proc_int32_t *buf, size_t cap,
                 utf8proc_int32_t **heap)
{
    *heap = NULL;
    text_trim(&s, &len);
    const utf8proc_option_t opts =
        UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STABLE;
    utf8proc_int32_t *out = buf;
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, out,
                                            (utf8proc_ssize_t)cap, opts);
    if (n > (utf8proc_ssize_t)cap) {
        if (!(*heap = malloc((size_t)n * sizeof **heap)))
            return -1;
        out = *heap;
        n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, out, n, opts);
    }
    if (n < 0) {
        /* Not UTF-8: byte by byte. */
        free(*heap);
        *heap = NULL;
        out = buf;
        if (len > cap) {
            if (!(*heap = malloc(len * sizeof **heap)))
                return -1;
            out = *heap;
        }
        for (size_t i = 0; i < len; i++)
            out[i] = (unsigned char)s[i];
        return (long)len;
    }
    n = utf8proc_normalize_utf32(out, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (n < 0)
        return 0;
    utf8proc_ssize_t a = 0;
    while (a < n && is_space(out[a]))
        a++;
    while (n > a && is_space(out[n - 1]))
        n--;
    if (a)
        memmove(out, out + a, (size_t)(n - a) * sizeof *out);
    return (long)(n - a);
}

/* The optimal string alignment distance: Levenshtein's (insertions,
   deletions and substitutions of one code point each cost 1) with the
   transposition of two adjacent code points also costing 1, as typing slips
   do ("yaer" for "year").  The dynamic programme of Wagner and Fischer ("The
   string-to-string correction problem", JACM 21, 1974) with Damerau's
   transposition (CACM 7, 1964), over three rows of NB + 1 entries in ROW. */
static size_t osa(const utf8proc_int32_t *a, size_t na, const utf8proc_int32_t *b, size_t nb,
                  size_t *row)
{
    size_t *two = row, *one = row + nb + 1, *cur = row + 2 * (nb + 1);
    for (size_t j = 0; j <= nb; j++)
        one[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t best = one[j - 1] + (a[i - 1] != b[j - 1]);
            if (one[j] + 1 < best)
                best = one[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                two[j - 2] + 1 < best)
                best = two[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = two;
        two = one;
        one = cur;
        cur = t;
    }
    return one[nb];
}

/* The distance and the longer folded length (for survey_nearest). */
static size_t distance(const char *a, const char *b, size_t *longer)
{
    utf8proc_int32_t sa[STACK_POINTS], sb[STACK_POINTS], *ha = NULL, *hb = NULL;
    size_t srow[3 * (STACK_POINTS + 1)], *row = srow;
    size_t d = SIZE_MAX;
    long na = fold(a, strlen(a), sa, STACK_POINTS, &ha);
    long nb = na < 0 ? -1 : fold(b, strlen(b), sb, STACK_POINTS, &hb);
    if (nb >= 0) {
        const utf8proc_int32_t *pa = ha ? ha : sa, *pb = hb ? hb : sb;
        *longer = (size_t)(na > nb ? na : nb);
        if ((size_t)nb > STACK_POINTS)
            row = malloc(3 * ((size_t)nb + 1) * sizeof *row);
        if (row)
            d = osa(pa, (size_t)na, pb, (size_t)nb, row);
        if (row != srow)
            free(row);
    }
    free(ha);
    free(hb);
    return d;
}

size_t survey_edit_distance(const char *a, const char *b)
{
    size_t longer;
    return distance(a, b, &longer);
}

int survey_nearest(const char *s, const char *const *cand, size_t n)
{
    int best = -1;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t longer = 0;
        size_t d = distance(s, cand[i], &longer);
        size_t limit = longer / 3 > 1 ? longer / 3 : 1;
        if (d <= limit && d < best_d) {
            best = (int)i;
            best_d = d;
        }
    }
    return best;
}
