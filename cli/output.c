/* output.c — atomic output files: a failed write never leaves a truncated
 * report behind, and never exits 0.
 *
 * The temporary file is created beside its destination (rename() is atomic
 * only within one file system), written, flushed with fsync() so that a crash
 * after the rename cannot leave an empty or partial file under the final
 * name, then renamed; the directory is synced too, best effort, so that the
 * rename itself survives a crash.  An existing destination keeps its
 * permission bits: rejected records are personal data, and a file made 0600
 * for that reason must not come back 0644.
 *
 * A signal that ends the program (SIGINT, SIGTERM, SIGHUP) would leave the
 * temporary file behind, holding part of the output.  The handler may only
 * make async-signal-safe calls, so the temporaries' names live in a fixed
 * table that it walks with unlink(), before dying of the same signal with
 * its default action (the shell then sees 128 + the signal's number).
 * Entries change with those signals blocked, so the handler never sees a
 * file that exists but is not listed.
 */
#include "cli/output.h"
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* -o and --rejects: two at most at once; room to spare. */
enum { MAX_TMP = 4, TMP_PATH = 4096 };
static char tmp_path[MAX_TMP][TMP_PATH];
static volatile sig_atomic_t tmp_live[MAX_TMP];
static int tmp_taken[MAX_TMP]; /* reserved by an open output (not seen by the handler) */

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    for (int i = 0; i < MAX_TMP; i++)
        if (tmp_live[i])
            unlink(tmp_path[i]);
    /* SA_RESETHAND restored the default action; the signal is blocked while
       this handler runs, so it is delivered, and kills, when it returns. */
    raise(sig);
}

void cli_output_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaddset(&sa.sa_mask, cleanup_signals[i]);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started canyu (nohup) stays ignored. */
        if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(cleanup_signals[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
}

/* Block (HOW = SIG_BLOCK) or unblock the cleanup signals. */
static void cleanup_signals_mask(int how)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaddset(&set, cleanup_signals[i]);
    pthread_sigmask(how, &set, NULL);
}

/* Remove W's temporary file and its entry. */
static void tmp_remove(struct cli_output *w)
{
    if (!w->slot)
        return;
    cleanup_signals_mask(SIG_BLOCK);
    unlink(w->tmp);
    tmp_live[w->slot - 1] = 0;
    cleanup_signals_mask(SIG_UNBLOCK);
    tmp_taken[w->slot - 1] = 0;
    w->slot = 0;
}

/* The reader of standard output has gone away: ERR is EPIPE, or (errno
   lost) the pipe or socket reports an error. */
static int reader_gone(int err)
{
    if (err == EPIPE)
        return 1;
    struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* Flush F: -1 if it holds no write error, else the error's errno (0 when
   lost).  A failed flush sets errno; an error met earlier, with nothing
   left to flush, left errno as the failed write set it, if nothing has
   changed it since. */
static int flush_error(FILE *f)
{
    int before = errno;
    errno = 0;
    int failed = fflush(f) != 0;
    int e = errno;
    if (!failed && !ferror(f))
        return -1;
    return failed && e ? e : before;
}

static const char *why(int err)
{
    return err ? strerror(err) : "an earlier write failed";
}

FILE *cli_output_open(struct cli_output *w, const char *path)
{
    w->path = path && strcmp(path, "-") ? path : NULL;
    w->direct = 0;
    w->slot = 0;
    w->tmp = NULL;
    if (!w->path) {
        w->f = stdout;
        return w->f;
    }
    /* Only a regular file (or a new one) is replaced by renaming: renaming over
       a device such as /dev/full, or a FIFO, would replace the node itself. */
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            cli_error("%s: is a directory", path);
            return NULL;
        }
        w->direct = 1;
        if (!(w->f = fopen(path, "w")))
            cli_error("%s: cannot write: %s", path, strerror(errno));
        return w->f;
    }
    int slot = 0;
    while (slot < MAX_TMP && tmp_taken[slot])
        slot++;
    if (slot == MAX_TMP || (size_t)snprintf(tmp_path[slot], TMP_PATH, "%s.tmpXXXXXX", path) >= TMP_PATH) {
        cli_error("%s: file name too long", path);
        return NULL;
    }
    cleanup_signals_mask(SIG_BLOCK);
    int fd = mkstemp(tmp_path[slot]);
    int e = errno;
    if (fd >= 0)
        tmp_live[slot] = 1;
    cleanup_signals_mask(SIG_UNBLOCK);
    if (fd < 0) {
        cli_error("%s: cannot write: %s", path, strerror(e));
        return NULL;
    }
    tmp_taken[slot] = 1;
    w->slot = slot + 1;
    w->tmp = tmp_path[slot];
    /* mkstemp makes the file 0600: give it the destination's mode, or the
       usual one for a new file. */
    mode_t mode = st.st_mode & 0777;
    if (!exists) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) != 0 || !(w->f = fdopen(fd, "w"))) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        close(fd);
        tmp_remove(w);
        return NULL;
    }
    return w->f;
}

/* Sync the directory holding PATH, best effort: some file systems refuse. */
static void sync_dir(const char *path)
{
    char dir[TMP_PATH];
    const char *slash = strrchr(path, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == path)
        strcpy(dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        memcpy(dir, path, (size_t)(slash - path)), dir[slash - path] = '\0';
    else
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int cli_output_finish(struct cli_output *w, int wrote)
{
    int e = flush_error(w->f);
    int bad = e >= 0;
    if (!w->path && bad && reader_gone(e))
        return 0;
    if (w->path && !bad && !w->direct && fsync(fileno(w->f)) != 0)
        bad = 1, e = errno;
    if (w->path && fclose(w->f) != 0 && !bad)
        bad = 1, e = errno;
    w->f = NULL;
    if (!bad && wrote >= 0)
        return 0;
    tmp_remove(w);
    if (!bad)
        cli_error("out of memory");
    else if (w->path)
        cli_error("%s: write error: %s", w->path, why(e));
    else
        cli_error("write error on standard output: %s", why(e));
    return -1;
}

int cli_output_commit(struct cli_output *w)
{
    if (!w->slot)
        return 0;
    cleanup_signals_mask(SIG_BLOCK);
    int bad = rename(w->tmp, w->path) != 0;
    int e = errno;
    if (!bad)
        tmp_live[w->slot - 1] = 0;
    cleanup_signals_mask(SIG_UNBLOCK);
    if (bad) {
        tmp_remove(w);
        cli_error("%s: cannot replace: %s", w->path, strerror(e));
        return -1;
    }
    tmp_taken[w->slot - 1] = 0;
    w->slot = 0;
    sync_dir(w->path);
    return 0;
}

void cli_output_discard(struct cli_output *w)
{
    if (w->f && w->path)
        fclose(w->f);
    w->f = NULL;
    tmp_remove(w);
}

int cli_output_end(struct cli_output *w, int wrote)
{
    return cli_output_finish(w, wrote) < 0 ? -1 : cli_output_commit(w);
}

int cli_stdout_flush(void)
{
    struct cli_output w = {.f = stdout};
    return cli_output_finish(&w, 0);
}
