/* fault.c — an LD_PRELOAD shim that makes canyu's calls fail on purpose, to
 * prove that every failure ends in an error and never in a wrong report
 * (the way SQLite tests itself: fail the 1st, 2nd, ... Nth allocation, one
 * run each, until a run finishes without reaching the fault).  Driven by
 * environment variables, each read once when the program starts:
 *
 *   FAULT_NTH=N         the Nth allocation (malloc, calloc, realloc,
 *                       reallocarray, posix_memalign, aligned_alloc,
 *                       memalign, valloc; strdup and the like allocate
 *                       through malloc) counted from the start of main()
 *                       returns NULL with errno ENOMEM; 0 or unset: none.
 *   FAULT_PERSIST=1     ... and every allocation after it.
 *   FAULT_READ_NTH=N    the Nth read (read, pread, fread) after main()
 *                       starts fails: read and pread return -1 with EIO;
 *                       for fread the stream's descriptor is replaced by
 *                       one open for writing only, so that the real read
 *                       fails (EBADF) and sets the stream's error flag as
 *                       a failing disk would, for good.
 *   FAULT_WRITE_AFTER=K a write that would make any regular file larger
 *                       than K bytes fails, as on a full disk: the limit is
 *                       the kernel's RLIMIT_FSIZE with SIGXFSZ ignored, so it
 *                       holds below stdio, for every file the program writes
 *                       (glibc's stdio writes through an internal write() an
 *                       LD_PRELOAD cannot replace); errno is EFBIG rather
 *                       than ENOSPC, a difference canyu does not look at.
 *   FAULT_LOG=FILE      at exit, one line is appended to FILE:
 *                       "allocs A reads R fired F": the allocations and
 *                       reads counted, and whether a fault was injected.
 *   FAULT_BACKTRACE=1   with FAULT_LOG, the stack of the call that failed
 *                       is written there too (backtrace_symbols_fd: module
 *                       and offset, for addr2line).
 *
 * Counting starts at main(): __libc_start_main is wrapped to arm the
 * counters just before the program's own main runs, so the dynamic loader's
 * and the libraries' constructors do not shift N.  Counters are atomic (the
 * loader reads a large file in two threads).  Test code, not part of canyu.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long alloc_nth, read_nth;
static int persist, want_backtrace, log_fd = -1;
static atomic_int armed;
static atomic_ulong allocs, reads;
static atomic_int fired;
static _Thread_local int inside; /* a call made by the shim itself */

static unsigned long env_ulong(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? strtoul(v, NULL, 10) : 0;
}

static void log_stack(void)
{
    if (!want_backtrace || log_fd < 0)
        return;
    void *frames[64];
    int n = backtrace(frames, 64);
    dprintf(log_fd, "fault at:\n");
    backtrace_symbols_fd(frames, n, log_fd);
}

/* Count one call of the kind COUNTER; 1 if it is to fail. */
static int hit(atomic_ulong *counter, unsigned long nth, int keep_failing)
{
    if (!atomic_load(&armed) || inside)
        return 0;
    unsigned long n = atomic_fetch_add(counter, 1) + 1;
    if (!nth || n < nth || (n > nth && !keep_failing))
        return 0;
    if (!atomic_exchange(&fired, 1)) {
        inside = 1;
        log_stack();
        inside = 0;
    }
    return 1;
}

static int alloc_fails(void)
{
    return hit(&allocs, alloc_nth, persist);
}

void *malloc(size_t n)
{
    if (alloc_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (alloc_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (alloc_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, n);
}

void *reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, n * size);
}

void *memalign(size_t align, size_t n)
{
    if (alloc_fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    void *p = memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t n)
{
    return memalign((size_t)sysconf(_SC_PAGESIZE), n);
}

/* ## Reads */

static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pread64)(int, void *, size_t, off_t);
static size_t (*real_fread)(void *, size_t, size_t, FILE *);

static int read_fails(void)
{
    return hit(&reads, read_nth, 0);
}

ssize_t read(int fd, void *buf, size_t n)
{
    if (read_fails()) {
        errno = EIO;
        return -1;
    }
    return real_read(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    if (read_fails()) {
        errno = EIO;
        return -1;
    }
    return real_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    if (read_fails()) {
        errno = EIO;
        return -1;
    }
    return real_pread64(fd, buf, n, off);
}

size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
    if (read_fails()) {
        int fd = fileno(f);
        int dead = open("/dev/null", O_WRONLY);
        if (fd >= 0 && dead >= 0)
            dup2(dead, fd);
        if (dead >= 0)
            close(dead);
    }
    return real_fread(buf, size, n, f);
}

/* ## Arming at main() */

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int faulty_main(int argc, char **argv, char **envp)
{
    atomic_store(&armed, 1);
    return real_main(argc, argv, envp);
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end);
int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    int (*real)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);
    *(void **)&real = dlsym(RTLD_NEXT, "__libc_start_main"); /* POSIX's way to a function */
    real_main = main;
    return real(faulty_main, argc, argv, init, fini, rtld_fini, stack_end);
}

__attribute__((constructor)) static void fault_init(void)
{
    *(void **)&real_read = dlsym(RTLD_NEXT, "read");
    *(void **)&real_pread = dlsym(RTLD_NEXT, "pread");
    *(void **)&real_pread64 = dlsym(RTLD_NEXT, "pread64");
    *(void **)&real_fread = dlsym(RTLD_NEXT, "fread");
    alloc_nth = env_ulong("FAULT_NTH");
    read_nth = env_ulong("FAULT_READ_NTH");
    persist = env_ulong("FAULT_PERSIST") != 0;
    want_backtrace = env_ulong("FAULT_BACKTRACE") != 0;
    const char *log = getenv("FAULT_LOG");
    if (log && *log)
        log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (want_backtrace) { /* backtrace() loads libgcc on its first call: not at the fault */
        void *frame[1];
        backtrace(frame, 1);
    }
    const char *after = getenv("FAULT_WRITE_AFTER");
    if (after && *after) {
        struct rlimit rl = {.rlim_cur = strtoul(after, NULL, 10), .rlim_max = RLIM_INFINITY};
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
    }
}

__attribute__((destructor)) static void fault_fini(void)
{
    atomic_store(&armed, 0);
    if (log_fd >= 0)
        dprintf(log_fd, "allocs %lu reads %lu fired %d\n", atomic_load(&allocs), atomic_load(&reads),
                atomic_load(&fired));
}
