/* Sleeps on the monotonic clocks go straight to the kernel, past libfaketime.
 *
 * CI runs the tests under libfaketime with only the wall clock faked
 * (FAKETIME_DONT_FAKE_MONOTONIC=1), so timers, timeouts and lock waits keep real time. Debian's
 * libfaketime 0.9.10 still rewrites an absolute clock_nanosleep() on CLOCK_MONOTONIC as if that
 * clock were faked, and the kernel refuses the negative deadline with EINVAL; Python 3.11's
 * time.sleep() makes exactly that call (github.com/wolfcw/libfaketime/issues/426). Preloaded
 * before libfaketime, this passes every clock but CLOCK_REALTIME to the kernel unchanged and
 * leaves the realtime clock to libfaketime.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_nanosleep_fn)(clockid_t, int, const struct timespec *, struct timespec *);

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *request,
                    struct timespec *remain) {
    if (clock_id != CLOCK_REALTIME && clock_id != CLOCK_REALTIME_ALARM) {
        /* The glibc function returns the error number; the raw system call sets errno. */
        return syscall(SYS_clock_nanosleep, clock_id, flags, request, remain) == 0 ? 0 : errno;
    }
    static clock_nanosleep_fn next;
    if (next == NULL) {
        next = (clock_nanosleep_fn)dlsym(RTLD_NEXT, "clock_nanosleep");
    }
    return next(clock_id, flags, request, remain);
}
