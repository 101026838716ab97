/* output.h — write a command's output to standard output or, with -o FILE,
   atomically: into a temporary file beside FILE, flushed to disk and renamed
   over it only when every byte was written, keeping an existing FILE's
   permission bits.  A device or FIFO (/dev/full, a pipe) is written in place.
   SIGINT, SIGTERM and SIGHUP remove the temporary files being written before
   the program dies of the signal; a reader of standard output that went away
   (`canyu report | head -1`) is not an error (cli/ internal). */
#ifndef CANYU_CLI_OUTPUT_H
#define CANYU_CLI_OUTPUT_H

#include <stdio.h>

struct cli_output {
    FILE *f;
    const char *path; /* NULL: standard output */
    int direct;       /* writing in place: PATH is a device or FIFO */
    int slot;         /* the temporary's entry in the signal handler's table, or -1 */
    const char *tmp;  /* the temporary's name (in that table) */
};

/* Once, first thing in main(): the signal handlers, and SIGPIPE ignored so
   that a closed pipe is an EPIPE write error seen by cli_output_close(). */
void cli_output_init(void);

/* Open; prints the error and returns NULL on failure. */
FILE *cli_output_open(struct cli_output *w, const char *path);

/* Flush, check for write errors (a full disk), fsync and rename into place.
   Returns 0, or -1 after printing the error (the temporary file is removed).
   On standard output, a reader gone away (EPIPE) is no error: 0, silently. */
int cli_output_close(struct cli_output *w);

/* The output failed before it was complete (WROTE < 0 from a writer that
   returns -1 on a write error or out of memory): print which it was, remove
   the temporary file, leave FILE as it was, return -1.  A reader of standard
   output gone away returns 0 silently. */
int cli_output_fail(struct cli_output *w);

/* Close W after a writer returned WROTE (0 or -1): cli_output_close() or
   cli_output_fail().  Returns 0, or -1 after printing the error. */
int cli_output_end(struct cli_output *w, int wrote);

/* Flush standard output written with printf: 0, or -1 after printing the
   error; a reader gone away is no error. */
int cli_stdout_flush(void);

#endif
