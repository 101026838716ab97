/* width.c — display width, truncation and wrapping of UTF-8 text.
 *
 * Every alignment in the report module rests on report_width.  Character
 * widths come from utf8proc_charwidth (East Asian wide and fullwidth: 2;
 * combining marks and controls: 0).  utf8proc gained an East Asian
 * "ambiguous" property only in version 2.10, later than the Debian library
 * canyu builds against, so the ambiguous characters (box drawing, block
 * elements, "…", "—", Greek, circled digits ...) are listed below: the ranges
 * of class A in Unicode 14's EastAsianWidth.txt, generated with Python's
 * unicodedata.east_asian_width. */
#include "report/report.h"
#include "report/report_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Ranges of East Asian Width class A (ambiguous), sorted. */
static const struct { int32_t lo, hi; } ambiguous[] = {
    {0x00A1, 0x00A1}, {0x00A4, 0x00A4}, {0x00A7, 0x00A8}, {0x00AA, 0x00AA},
    {0x00AD, 0x00AE}, {0x00B0, 0x00B4}, {0x00B6, 0x00BA}, {0x00BC, 0x00BF},
    {0x00C6, 0x00C6}, {0x00D0, 0x00D0}, {0x00D7, 0x00D8}, {0x00DE, 0x00E1},
    {0x00E6, 0x00E6}, {0x00E8, 0x00EA}, {0x00EC, 0x00ED}, {0x00F0, 0x00F0},
    {0x00F2, 0x00F3}, {0x00F7, 0x00FA}, {0x00FC, 0x00FC}, {0x00FE, 0x00FE},
    {0x0101, 0x0101}, {0x0111, 0x0111}, {0x0113, 0x0113}, {0x011B, 0x011B},
    {0x0126, 0x0127}, {0x012B, 0x012B}, {0x0131, 0x0133}, {0x0138, 0x0138},
    {0x013F, 0x0142}, {0x0144, 0x0144}, {0x0148, 0x014B}, {0x014D, 0x014D},
    {0x0152, 0x0153}, {0x0166, 0x0167}, {0x016B, 0x016B}, {0x01CE, 0x01CE},
    {0x01D0, 0x01D0}, {0x01D2, 0x01D2}, {0x01D4, 0x01D4}, {0x01D6, 0x01D6},
    {0x01D8, 0x01D8}, {0x01DA, 0x01DA}, {0x01DC, 0x01DC}, {0x0251, 0x0251},
    {0x0261, 0x0261}, {0x02C4, 0x02C4}, {0x02C7, 0x02C7}, {0x02C9, 0x02CB},
    {0x02CD, 0x02CD}, {0x02D0, 0x02D0}, {0x02D8, 0x02DB}, {0x02DD, 0x02DD},
    {0x02DF, 0x02DF}, {0x0300, 0x036F}, {0x0391, 0x03A1}, {0x03A3, 0x03A9},
    {0x03B1, 0x03C1}, {0x03C3, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F},
    {0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016}, {0x2018, 0x2019},
    {0x201C, 0x201D}, {0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030},
    {0x2032, 0x2033}, {0x2035, 0x2035}, {0x203B, 0x203B}, {0x203E, 0x203E},
    {0x2074, 0x2074}, {0x207F, 0x207F}, {0x2081, 0x2084}, {0x20AC, 0x20AC},
    {0x2103, 0x2103}, {0x2105, 0x2105}, {0x2109, 0x2109}, {0x2113, 0x2113},
    {0x2116, 0x2116}, {0x2121, 0x2122}, {0x2126, 0x2126}, {0x212B, 0x212B},
    {0x2153, 0x2154}, {0x215B, 0x215E}, {0x2160, 0x216B}, {0x2170, 0x2179},
    {0x2189, 0x2189}, {0x2190, 0x2199}, {0x21B8, 0x21B9}, {0x21D2, 0x21D2},
    {0x21D4, 0x21D4}, {0x21E7, 0x21E7}, {0x2200, 0x2200}, {0x2202, 0x2203},
    {0x2207, 0x2208}, {0x220B, 0x220B}, {0x220F, 0x220F}, {0x2211, 0x2211},
    {0x2215, 0x2215}, {0x221A, 0x221A}, {0x221D, 0x2220}, {0x2223, 0x2223},
    {0x2225, 0x2225}, {0x2227, 0x222C}, {0x222E, 0x222E}, {0x2234, 0x2237},
    {0x223C, 0x223D}, {0x2248, 0x2248}, {0x224C, 0x224C}, {0x2252, 0x2252},
    {0x2260, 0x2261}, {0x2264, 0x2267}, {0x226A, 0x226B}, {0x226E, 0x226F},
    {0x2282, 0x2283}, {0x2286, 0x2287}, {0x2295, 0x2295}, {0x2299, 0x2299},
    {0x22A5, 0x22A5}, {0x22BF, 0x22BF}, {0x2312, 0x2312}, {0x2460, 0x24E9},
    {0x24EB, 0x254B}, {0x2550, 0x2573}, {0x2580, 0x258F}, {0x2592, 0x2595},
    {0x25A0, 0x25A1}, {0x25A3, 0x25A9}, {0x25B2, 0x25B3}, {0x25B6, 0x25B7},
    {0x25BC, 0x25BD}, {0x25C0, 0x25C1}, {0x25C6, 0x25C8}, {0x25CB, 0x25CB},
    {0x25CE, 0x25D1}, {0x25E2, 0x25E5}, {0x25EF, 0x25EF}, {0x2605, 0x2606},
    {0x2609, 0x2609}, {0x260E, 0x260F}, {0x261C, 0x261C}, {0x261E, 0x261E},
    {0x2640, 0x2640}, {0x2642, 0x2642}, {0x2660, 0x2661}, {0x2663, 0x2665},
    {0x2667, 0x266A}, {0x266C, 0x266D}, {0x266F, 0x266F}, {0x269E, 0x269F},
    {0x26BF, 0x26BF}, {0x26C6, 0x26CD}, {0x26CF, 0x26D3}, {0x26D5, 0x26E1},
    {0x26E3, 0x26E3}, {0x26E8, 0x26E9}, {0x26EB, 0x26F1}, {0x26F4, 0x26F4},
    {0x26F6, 0x26F9}, {0x26FB, 0x26FC}, {0x26FE, 0x26FF}, {0x273D, 0x273D},
    {0x2776, 0x277F}, {0x2B56, 0x2B59}, {0x3248, 0x324F}, {0xE000, 0xF8FF},
    {0xFE00, 0xFE0F}, {0xFFFD, 0xFFFD}, {0x1F100, 0x1F10A}, {0x1F110, 0x1F12D},
    {0x1F130, 0x1F169}, {0x1F170, 0x1F18D}, {0x1F18F, 0x1F190}, {0x1F19B, 0x1F1AC},
    {0xE0100, 0xE01EF}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD},
};

static int is_ambiguous(int32_t cp)
{
    size_t lo = 0, hi = sizeof ambiguous / sizeof ambiguous[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ambiguous[mid].lo)
            hi = mid;
        else if (cp > ambiguous[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* Decode the character at S (LEN > 0 bytes left): return its length in bytes
   and set *CP (-1 for an invalid byte) and its width *W. */
static size_t next_char(const char *s, size_t len, int ambiwidth, int32_t *cp, int *w)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
    if (k <= 0) {
        *cp = -1;
        *w = 1;
        return 1;
    }
    *cp = c;
    *w = utf8proc_charwidth(c);
    if (*w == 1 && ambiwidth == 2 && is_ambiguous(c))
        *w = 2;
    return (size_t)k;
}

size_t rp_width_n(const char *s, size_t len, int ambiwidth)
{
    size_t width = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int w;
        i += next_char(s + i, len - i, ambiwidth, &cp, &w);
        width += (size_t)w;
    }
    return width;
}

size_t report_width(const char *utf8, int ambiwidth)
{
    return utf8 ? rp_width_n(utf8, strlen(utf8), ambiwidth) : 0;
}

/* Bytes of the longest prefix of the LEN bytes at S that is at most ROOM
   columns wide.  Zero-width characters always join the prefix, so a
   combining mark is never parted from its base. */
static size_t fit(const char *s, size_t len, size_t room, int ambiwidth)
{
    size_t i = 0, used = 0;
    while (i < len) {
        int32_t cp;
        int w;
        size_t k = next_char(s + i, len - i, ambiwidth, &cp, &w);
        if (used + (size_t)w > room)
            break;
        used += (size_t)w;
        i += k;
    }
    return i;
}

char *report_truncate(const char *utf8, size_t width, int ambiwidth, int ascii)
{
    const char *ellipsis = ascii ? "..." : "…";
    size_t len = strlen(utf8), line = strcspn(utf8, "\n");
    size_t ew = report_width(ellipsis, ambiwidth);
    size_t keep, elen = strlen(ellipsis);

    if (line == len && report_width(utf8, ambiwidth) <= width) {
        keep = len;
        elen = 0;
    } else if (width >= ew) {
        keep = fit(utf8, line, width - ew, ambiwidth);
    } else { /* no room for the ellipsis itself */
        keep = fit(utf8, line, width, ambiwidth);
        elen = 0;
    }
    char *r = malloc(keep + elen + 1);
    if (!r)
        return NULL;
    memcpy(r, utf8, keep);
    memcpy(r + keep, ellipsis, elen);
    r[keep + elen] = '\0';
    return r;
}

/* Punctuation that must not begin a line (Chinese typesetting, and ASCII). */
static int closes(int32_t cp)
{
    static const int32_t marks[] = {
        0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, /* fullwidth , . , ; : ? ! ) */
        0x300B, 0x300D, 0x300F, 0x3011, 0x3009, 0x201D, 0x2019, 0xFF05, /* closing brackets, quotes, % */
        ',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (cp == marks[i])
            return 1;
    return 0;
}

/* Whether a line may break between a character PREV (of width PW) and the
   character CP (of width W) that follows it: at a space, or next to a wide
   (CJK) character, as Chinese text breaks between any two characters — but
   never before closing punctuation. */
static int may_break(int32_t prev, int pw, int32_t cp, int w)
{
    return !closes(cp) && (prev == ' ' || cp == ' ' || pw == 2 || w == 2);
}

size_t report_wrap(const char *utf8, size_t width, int ambiwidth, size_t *next)
{
    size_t len = strlen(utf8), i = 0, used = 0;
    size_t brk = 0; /* the last place the line may break, 0 for none */
    int32_t prev = -1, cp = -1;
    int pw = 0, w = 0;

    while (i < len && utf8[i] != '\n') {
        size_t k = next_char(utf8 + i, len - i, ambiwidth, &cp, &w);
        if (w > 0 && used > 0) {
            if (used + (size_t)w > width)
                break;
            if (may_break(prev, pw, cp, w))
                brk = i;
        }
        if (w > 0) {
            prev = cp;
            pw = w;
        }
        used += (size_t)w;
        i += k;
    }

    size_t end = i; /* the line is utf8[0, end) */
    if (i >= len || utf8[i] == '\n') {
        *next = i < len ? i + 1 : len;
    } else {
        if (!may_break(prev, pw, cp, w) && brk > 0)
            end = brk; /* else no place to break: cut the word */
        *next = end;
        while (*next < len && utf8[*next] == ' ')
            (*next)++;
    }
    while (end > 0 && utf8[end - 1] == ' ')
        end--;
    return end;
}

size_t rp_longest_word(const char *s, int ambiwidth)
{
    size_t len = strlen(s), longest = 0, word = 0;
    int32_t prev = -1, cp;
    int pw = 0, w;
    for (size_t i = 0; i < len;) {
        i += next_char(s + i, len - i, ambiwidth, &cp, &w);
        if (w == 0)
            continue;
        if (cp == ' ' || cp == '\n' || may_break(prev, pw, cp, w))
            word = 0;
        if (cp != ' ' && cp != '\n')
            word += (size_t)w;
        longest = word > longest ? word : longest;
        prev = cp;
        pw = w;
    }
    return longest;
}
