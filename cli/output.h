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
    int slot;         /* 1 + the temporary's entry in the signal handler's table; 0: none */
    const char *tmp;  /* the temporary's name (in that table) */
};

/* Once, first thing in main(): the signal handlers, and SIGPIPE ignored so
   that a closed pipe is an EPIPE write error seen by cli_output_finish(). */
void cli_output_init(void);

/* Open; prints the error and returns NULL on failure. */
FILE *cli_output_open(struct cli_output *w, const char *path);

/* After a writer returned WROTE (0, or -1 on a write error or out of
   memory): flush, check for write errors (a full disk), fsync and close.
   Returns 0, or -1 after printing which error it was (the temporary file is
   then removed, FILE left as it was).  On standard output, a reader gone
   away (EPIPE) is no error: 0, silently.  A finished file is not in place
   yet: cli_output_commit() puts it there, cli_output_discard() drops it. */
int cli_output_finish(struct cli_output *w, int wrote);

/* Rename a finished output over FILE.  0, or -1 after printing the error. */
int cli_output_commit(struct cli_output *w);

/* Remove the temporary file of an output not committed, if there is one
   (W zeroed, or already committed or removed: nothing to do). */
void cli_output_discard(struct cli_output *w);

/* cli_output_finish(), then cli_output_commit(). */
int cli_output_end(struct cli_output *w, int wrote);

/* Flush standard output written with printf: 0, or -1 after printing the
   error; a reader gone away is no error. */
int cli_stdout_flush(void);

#endif
