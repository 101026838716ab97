/* survey_internal.h — helpers shared by the survey/ sources only.  Other
 * modules and cli/ never include this file.
 *
 * Memory: an arena hands out strings that live as long as the arena (problems,
 * interned ids, labels); a strmap maps byte strings to ints with open
 * addressing, keys kept in its own arena; a csv reader turns a byte stream in
 * any supported encoding into UTF-8 records with the physical line each
 * starts on, reusing one field buffer (no allocation per cell).
 */
#ifndef CANYU_SURVEY_INTERNAL_H
#define CANYU_SURVEY_INTERNAL_H

#include "survey/reader.h"
#include "survey/survey.h"

#include <stdarg.h>
#include <stdint.h>

/* ## Arena: many small strings, freed at once */

struct arena_block;
struct arena {
    struct arena_block *head;
};

/* Copy LEN bytes of S plus a NUL; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void arena_free(struct arena *a);

/* ## Growable byte buffer */

struct buf {
    char *data;
    size_t len, cap;
};
/* Append; 0 or -1 when out of memory.  DATA stays NUL-terminated. */
int buf_append(struct buf *b, const char *s, size_t len);
int buf_putc(struct buf *b, char c);
/* Make room for ROOM more bytes (and a NUL) without changing LEN. */
int buf_reserve(struct buf *b, size_t room);
void buf_free(struct buf *b);

/* ## Large arrays (bigmem.c)
 *
 * Mappings of their own, aligned for huge pages, growing without a copy.
 * OLD and SIZE are in bytes; big_resize(NULL, 0, n) allocates, and the
 * memory is zeroed until written.  NULL when out of memory (P stays valid).
 */
void *big_resize(void *p, size_t old, size_t size);
void big_free(void *p, size_t size);

/* ## String map: bytes -> int */

struct strmap_slot {
    const char *key; /* NULL = empty */
    uint32_t len;
    uint32_t hash;
    int value;
};
struct strmap {
    struct strmap_slot *slot;
    size_t cap, count; /* cap is a power of two */
    struct arena keys;
};
uint32_t strmap_hash(const char *s, size_t len);
/* Insert or replace; returns 0, 1 if KEY was already present (its value is
   left unchanged and written to *OLD when OLD is not NULL), -1 out of memory. */
int strmap_put(struct strmap *m, const char *key, size_t len, int value, int *old);
/* 1 and *VALUE filled when present, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t len, int *value);
void strmap_free(struct strmap *m);

/* ## Text helpers */

/* Trim ASCII white space, U+00A0 (no-break space) and U+3000 (ideographic
   space) from both ends. */
void text_trim(const char **s, size_t *len);
/* Parse a whole decimal integer ("-3", "+12"); 0 on success. */
int text_int(const char *s, size_t len, long *out);
/* Parse a whole finite decimal number; 0 on success. */
int text_double(const char *s, size_t len, double *out);
/* Length of a valid UTF-8 prefix of S; *TRUNC set when what follows is an
   incomplete (not invalid) sequence at the very end. */
size_t text_utf8_valid(const unsigned char *s, size_t len, int *trunc);
/* Cut the NUL-terminated S before an incomplete UTF-8 sequence at its end
   (left by snprintf truncating a message). */
void text_utf8_clip(char *s);
/* The length of the longest prefix of S (LEN bytes of UTF-8) that is at most
   MAX bytes and does not end inside a character. */
size_t text_utf8_prefix(const char *s, size_t len, size_t max);
/* Count physical lines ended in S: "\n", "\r\n" and a lone "\r" each count
   once.  *PREV_CR carries a trailing "\r" across calls. */
long text_count_lines(const char *s, size_t len, int *prev_cr);

/* S (LEN bytes of UTF-8) for a message, with every character a reader cannot
   see or cannot tell from a space shown as its code point: controls (a tab is
   <U+0009>), format characters (zero-width space <U+200B>, byte order mark
   <U+FEFF>), line and paragraph separators, and every space but U+0020
   (no-break space <U+00A0>, ideographic space <U+3000>); a byte that is not
   UTF-8 as <0xNN>.  Written to OUT (SIZE bytes, NUL-terminated; cut at a
   whole character, ending in "…", when it does not fit).  Returns OUT. */
char *survey_visible(char *out, size_t size, const char *s, size_t len);

/* Whether the LEN bytes at S are an age bracket as questionnaires write
   one: "18-29岁", "18～29周岁", "30至39岁", "18-29", "60岁以上", "60岁及以上",
   "60+", "18岁以下", "18岁及以下" (bands.c).  *KEY then orders brackets by
   age, a "below" bracket first. */
int text_age_bracket(const char *s, size_t len, double *key);

/* ## Suggestions (suggest.c) */

/* The edit distance between the NUL-terminated UTF-8 strings A and B in code
   points: insertions, deletions, substitutions and transpositions of two
   neighbours each cost 1 (the optimal string alignment distance, Levenshtein's
   with Damerau's transposition), compared as a reader sees them: each trimmed (ASCII white
   space, U+3000), NFKC case-folded (full-width letters, digits and
   punctuation become ASCII: `：` and `:` are equal, as are `Ｒole` and
   `role`), default-ignorable code points (zero-width spaces) dropped and
   spaces trimmed again.  SIZE_MAX when out of memory. */
size_t survey_edit_distance(const char *a, const char *b);

/* The index of the candidate among CAND[0..N) nearest to S by
   survey_edit_distance, the first of equals; -1 when none is near enough to
   suggest (more than a third of the longer name differs, and more than one
   code point).  Exact matches are the caller's business: distance 0 counts
   as near. */
int survey_nearest(const char *s, const char *const *cand, size_t n);

/* ## CSV reader: bytes in any supported encoding -> UTF-8 records */

/* Records are reader.h's struct rd_record: the CSV reader is one reader. */

struct csv_reader;

/* A reader for the stream NAME (used in messages).  ENC may be AUTO. */
struct csv_reader *csv_reader_new(const char *name, enum survey_encoding enc, rd_sink fn,
                                  void *ctx);
/* Feed LEN raw bytes; the callback runs for each completed record.  Returns 0,
   or -1 with ERR filled (invalid bytes, malformed CSV, callback stop). */
int csv_reader_feed(struct csv_reader *r, const char *data, size_t len, struct survey_error *err);
/* End of input: flush the last record.  0 or -1 with ERR. */
int csv_reader_finish(struct csv_reader *r, struct survey_error *err);
/* The encoding in use (decided by the first non-ASCII bytes under AUTO; UTF-8
   while all bytes so far were ASCII) and whether a BOM was seen. */
enum survey_encoding csv_reader_encoding(const struct csv_reader *r, int *bom);
void csv_reader_free(struct csv_reader *r);

/* For a reader that starts in the middle of a file (split.c, two threads), on
   line LINE: no byte order mark is looked for, and ENC is the encoding the
   whole file's start decided (AUTO: not decided yet, all ASCII so far). */
void csv_reader_resume(struct csv_reader *r, enum survey_encoding enc, long line);
/* The line the next record starts on. */
long csv_reader_line(const struct csv_reader *r);
/* Whether the encoding is decided (a non-ASCII byte, a BOM or a choice). */
int csv_reader_decided(const struct csv_reader *r);
/* Whether all input so far ended whole records (nothing pending). */
int csv_reader_at_record_start(const struct csv_reader *r);
/* The encoding a reader asked for WANT decides for an input whose first
   HEAD_LEN (up to 3) bytes are HEAD and whose first non-ASCII byte starts
   WINDOW, WINDOW_LEN bytes that reach 4 KiB further or to the input's end
   (WINDOW_LEN 0: no such byte is known).  AUTO when undecided. */
enum survey_encoding csv_sniff(const unsigned char *head, size_t head_len,
                               const unsigned char *window, size_t window_len,
                               enum survey_encoding want);

/* Write FIELDS as one CSV record (RFC 4180 quoting where needed), no line end. */
int csv_write_record(struct buf *out, const char *const *field, const size_t *len, size_t n);

/* ## Loading helpers shared by load.c and codebook.c */

/* Parse a time taken into seconds: "123", "123秒", "123 秒", "123s", "2分3秒",
   "1小时2分", "5分钟", a clock "2:03" (minutes:seconds) or "01:02:03"
   (hours:minutes:seconds); 0 on success. */
int survey_duration_parse(const char *s, size_t len, double *seconds);

#endif
