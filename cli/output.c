/* output.c — atomic output files: a failed write never leaves a truncated
 * report behind, and never exits 0.
 */
#include "cli/output.h"
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *cli_output_open(struct cli_output *w, const char *path)
{
    w->path = path && strcmp(path, "-") ? path : NULL;
    w->direct = 0;
    if (!w->path) {
        w->f = stdout;
        return w->f;
    }
    /* Only a regular file (or a new one) is replaced by renaming: renaming over
       a device such as /dev/full, or a FIFO, would replace the node itself. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            cli_error("%s: is a directory", path);
            return NULL;
        }
        w->direct = 1;
        if (!(w->f = fopen(path, "w")))
            cli_error("%s: cannot write: %s", path, strerror(errno));
        return w->f;
    }
    if ((size_t)snprintf(w->tmp, sizeof w->tmp, "%s.tmpXXXXXX", path) >= sizeof w->tmp) {
        cli_error("%s: file name too long", path);
        return NULL;
    }
    int fd = mkstemp(w->tmp);
    if (fd >= 0) { /* mkstemp makes the file 0600; give it the usual mode */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (fd < 0 || !(w->f = fdopen(fd, "w"))) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(w->tmp);
        }
        return NULL;
    }
    return w->f;
}

int cli_output_close(struct cli_output *w)
{
    int bad = fflush(w->f) != 0 || ferror(w->f);
    int e = errno;
    if (!w->path) {
        if (bad)
            cli_error("write error on standard output: %s", strerror(e));
        return bad ? -1 : 0;
    }
    if (fclose(w->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (w->direct) {
        if (bad)
            cli_error("%s: write error: %s", w->path, strerror(e));
        return bad ? -1 : 0;
    }
    if (!bad && rename(w->tmp, w->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(w->tmp);
        cli_error("%s: write error: %s", w->path, strerror(e));
        return -1;
    }
    return 0;
}
