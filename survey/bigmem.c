/* bigmem.c — respondent-length arrays in their own mappings.
 *
 * A million respondents fill some sixty arrays of a few megabytes each.  Memory
 * touched for the first time costs a page fault per 4 KiB page, and on a
 * virtual machine a fault costs microseconds: touching 100 MB took 0.29 s on
 * the development machine, against 0.02 s with 2 MiB pages.  So an array of
 * 2 MiB or more gets a mapping aligned to 2 MiB and marked for transparent
 * huge pages (where the kernel offers them; elsewhere the mark is ignored).
 * A mapping is reserved, not committed: pages nobody touches cost nothing, so
 * a generous capacity is free.  Growing moves the pages with mremap instead of
 * copying them where Linux allows.
 */
#define _GNU_SOURCE
#include "survey/survey_internal.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { HUGE_PAGE = 2 << 20 };

static size_t page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

/* A fresh mapping of SIZE bytes (a multiple of the page size), aligned to a
   huge page when it can hold one. */
static char *map_aligned(size_t size)
{
    size_t page = page_size();
    size_t align = size >= HUGE_PAGE ? HUGE_PAGE : page;
    size_t span = size + align - page;
    char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char *q = (char *)round_up((uintptr_t)p, align);
    if (q > p)
        munmap(p, (size_t)(q - p));
    if (p + span > q + size)
        munmap(q + size, (size_t)(p + span - (q + size)));
#ifdef MADV_HUGEPAGE
    if (size >= HUGE_PAGE)
        madvise(q, size, MADV_HUGEPAGE); /* a hint: failure changes nothing */
#endif
    return q;
}

void *big_resize(void *p, size_t old, size_t size)
{
    size_t page = page_size();
    size = round_up(size ? size : 1, page);
    old = p ? round_up(old ? old : 1, page) : 0;
    if (p && size == old)
        return p;
    if (p && size < old) {
        munmap((char *)p + size, old - size);
        return p;
    }
    char *q = map_aligned(size);
    if (!q)
        return NULL;
    if (p) {
#ifdef MREMAP_FIXED
        if (mremap(p, old, old, MREMAP_MAYMOVE | MREMAP_FIXED, q) == q)
            return q;
#endif
        memcpy(q, p, old);
        munmap(p, old);
    }
    return q;
}

void big_free(void *p, size_t size)
{
    if (p)
        munmap(p, round_up(size ? size : 1, page_size()));
}
