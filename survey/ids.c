/* ids.c — the set of respondent ids seen so far (a repeated id rejects the
 * later record, in any of the pooled files) and each respondent's line, kept
 * sparsely.
 */
#include "survey/load_internal.h"

#include <stdlib.h>
#include <string.h>

/* ## Ids */

const char *ld_idset_id(const struct idset *ids, size_t k)
{
    return ids->bytes.data + (ids->off ? ids->off[k] : k * (ids->width + 1));
}

size_t ld_idset_row(const struct idset *ids, size_t k)
{
    return ids->row ? ids->row[k] : k;
}

/* Room for one more entry in *A (capacity *CAP), starting it when NULL with
   the values the implicit form stood for: K * STEP for the first COUNT. */
static int idset_grow_array(uint32_t **a, size_t *cap, size_t count, size_t step)
{
    if (*a && count < *cap)
        return 0;
    size_t nc = *cap > count ? *cap : count < 1024 ? 1024 : 2 * count;
    uint32_t *p = realloc(*a, nc * sizeof *p);
    if (!p)
        return -1;
    if (!*a)
        for (size_t k = 0; k < count; k++)
            p[k] = (uint32_t)(k * step);
    *a = p;
    *cap = nc;
    return 0;
}

/* Shorter ids first, then byte order. */
int ld_idset_cmp(const struct idset *ids, size_t k, const char *id, size_t len)
{
    const char *other = ld_idset_id(ids, k);
    size_t olen = strlen(other);
    if (olen != len)
        return olen < len ? -1 : 1;
    return memcmp(other, id, len);
}

static uint64_t *idset_find(const struct idset *ids, const char *id, size_t len, uint32_t hash)
{
    size_t i = hash & (ids->cap - 1);
    while (ids->slot[i]) {
        if ((uint32_t)(ids->slot[i] >> 32) == hash) {
            const char *other = ld_idset_id(ids, (uint32_t)ids->slot[i] - 1);
            if (!memcmp(other, id, len) && other[len] == '\0')
                return &ids->slot[i];
        }
        i = (i + 1) & (ids->cap - 1);
    }
    return &ids->slot[i];
}

/* Make room in the hash table for one more id (all of them when it is new). */
static int idset_grow(struct idset *ids)
{
    if ((ids->count + 1) * 2 <= ids->cap)
        return 0;
    size_t cap = ids->cap ? 2 * ids->cap : 1024;
    while ((ids->count + 1) * 2 > cap)
        cap *= 2;
    uint64_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    if (ids->slot) {
        for (size_t i = 0; i < ids->cap; i++) {
            if (!ids->slot[i])
                continue;
            size_t j = (ids->slot[i] >> 32) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = ids->slot[i];
        }
    } else {
        for (size_t k = 0; k < ids->count; k++) {
            const char *id = ld_idset_id(ids, k);
            uint32_t hash = strmap_hash(id, strlen(id));
            size_t j = hash & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = (uint64_t)hash << 32 | (uint32_t)(k + 1);
        }
    }
    free(ids->slot);
    ids->slot = slot;
    ids->cap = cap;
    return 0;
}

/* Append ID of respondent ROW as the next entry. */
static int idset_append(struct idset *ids, const char *id, size_t len, size_t row)
{
    if (ids->count == 0 && !ids->off)
        ids->width = len;
    if ((ids->off || len != ids->width) &&
        idset_grow_array(&ids->off, &ids->off_cap, ids->count, ids->width + 1) < 0)
        return -1;
    if ((ids->row || row != ids->count) &&
        idset_grow_array(&ids->row, &ids->row_cap, ids->count, 1) < 0)
        return -1;
    if (ids->bytes.len + len + 1 > UINT32_MAX || buf_reserve(&ids->bytes, len + 1) < 0)
        return -1;
    if (ids->off)
        ids->off[ids->count] = (uint32_t)ids->bytes.len;
    if (ids->row)
        ids->row[ids->count] = (uint32_t)row;
    memcpy(ids->bytes.data + ids->bytes.len, id, len);
    ids->bytes.data[ids->bytes.len + len] = '\0';
    ids->bytes.len += len + 1;
    ids->count++;
    return 0;
}

/* While sorted: whether ID is in the list (1, *ROW set). */
static int idset_search(const struct idset *ids, const char *id, size_t len, size_t *row)
{
    size_t lo = 0, hi = ids->count; /* the first entry not before ID */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ld_idset_cmp(ids, mid, id, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == ids->count || ld_idset_cmp(ids, lo, id, len) != 0)
        return 0;
    *row = ld_idset_row(ids, lo);
    return 1;
}

/* Whether ID is in the set (1, *ROW set to its respondent). */
int ld_idset_has(const struct idset *ids, const char *id, size_t len, size_t *row)
{
    if (!ids->unsorted)
        return idset_search(ids, id, len, row);
    const uint64_t *at = idset_find(ids, id, len, strmap_hash(id, len));
    if (!*at)
        return 0;
    *row = ld_idset_row(ids, (uint32_t)*at - 1);
    return 1;
}

/* Add ID for respondent ROW.  Returns 0, 1 with *FIRST (the respondent) set
   when the id was seen before, -1 when out of memory. */
int ld_idset_add(struct idset *ids, const char *id, size_t len, size_t row, size_t *first)
{
    if (!ids->unsorted) {
        if (ids->count == 0 || ld_idset_cmp(ids, ids->count - 1, id, len) < 0)
            return idset_append(ids, id, len, row);
        if (idset_search(ids, id, len, first))
            return 1;
        ids->unsorted = 1; /* out of order: from here on, the table */
    }
    if (idset_grow(ids) < 0)
        return -1;
    uint32_t hash = strmap_hash(id, len);
    uint64_t *at = idset_find(ids, id, len, hash);
    if (*at) {
        *first = ld_idset_row(ids, (uint32_t)*at - 1);
        return 1;
    }
    if (idset_append(ids, id, len, row) < 0)
        return -1;
    *at = (uint64_t)hash << 32 | (uint32_t)ids->count;
    return 0;
}

/* Append every id of B, all after A's last, their respondents shifted by
   SHIFT: the list stays sorted.  In the usual case (ids of one width, one
   per respondent) the bytes are all there is to copy. */
int ld_idset_append_all(struct idset *a, const struct idset *b, size_t shift)
{
    if (!a->off && !b->off && !a->row && !b->row && (a->count == 0 || a->width == b->width) &&
        a->count == shift) {
        if (a->bytes.len + b->bytes.len > UINT32_MAX ||
            buf_append(&a->bytes, b->bytes.data, b->bytes.len) < 0)
            return -1;
        a->width = b->width;
        a->count += b->count;
        return 0;
    }
    for (size_t k = 0; k < b->count; k++) {
        const char *id = ld_idset_id(b, k);
        if (idset_append(a, id, strlen(id), ld_idset_row(b, k) + shift) < 0)
            return -1;
    }
    return 0;
}

/* ## Lines */

int ld_lines_note(struct line_map *m, size_t row, long line)
{
    if (m->count && m->line[m->count - 1] + (row - m->row[m->count - 1]) == (unsigned long)line)
        return 0;
    if (m->count == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        uint32_t *r = realloc(m->row, cap * sizeof *r);
        if (r)
            m->row = r;
        uint32_t *l = r ? realloc(m->line, cap * sizeof *l) : NULL;
        if (!l)
            return -1;
        m->line = l;
        m->cap = cap;
    }
    m->row[m->count] = (uint32_t)row;
    m->line[m->count++] = (uint32_t)line;
    return 0;
}

long ld_line_of(const struct line_map *m, size_t row)
{
    size_t lo = 0, hi = m->count; /* the last point at or before ROW */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->row[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return m->count ? (long)(m->line[lo] + (row - m->row[lo])) : 0;
}

void ld_idset_free(struct idset *ids)
{
    free(ids->slot);
    free(ids->off);
    free(ids->row);
    buf_free(&ids->bytes);
}
