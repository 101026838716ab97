/* output.h — write a command's output to standard output or, with -o FILE,
   atomically: into a temporary file beside FILE, renamed over it only when
   every byte was written.  A device or FIFO (/dev/full, a pipe) is written in
   place (cli/ internal). */
#ifndef CANYU_CLI_OUTPUT_H
#define CANYU_CLI_OUTPUT_H

#include <stdio.h>

struct cli_output {
    FILE *f;
    const char *path; /* NULL: standard output */
    int direct;       /* writing in place: PATH is a device or FIFO */
    char tmp[4096];
};

/* Open; prints the error and returns NULL on failure. */
FILE *cli_output_open(struct cli_output *w, const char *path);
/* Flush, check for write errors (a full disk), rename into place.  Returns 0,
   or -1 after printing the error (the temporary file is removed). */
int cli_output_close(struct cli_output *w);

#endif
