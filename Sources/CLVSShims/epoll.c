#define _GNU_SOURCE
#include "lvs_epoll.h"
#include <errno.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

int lvs_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int lvs_epoll_control(int epfd, int op, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = { .events = events | EPOLLONESHOT, .data.u64 = token };
    return epoll_ctl(epfd, op, fd, &event);
}

// Whether the kernel lacks epoll_pwait2 (before Linux 5.11): then epoll_wait, in milliseconds.
static int no_pwait2 = 0;

int lvs_epoll_wait(int epfd, uint64_t *tokens, uint32_t *events, int max, const struct timespec *timeout) {
    struct epoll_event ready[256];
    if (max > 256) max = 256;
    if (max < 1) { errno = EINVAL; return -1; }
    int count = -1;
#ifdef SYS_epoll_pwait2
    if (!__atomic_load_n(&no_pwait2, __ATOMIC_RELAXED)) {
        count = (int)syscall(SYS_epoll_pwait2, epfd, ready, max, timeout, NULL, 0);
        if (count < 0 && errno == ENOSYS) __atomic_store_n(&no_pwait2, 1, __ATOMIC_RELAXED);
    }
#else
    no_pwait2 = 1;
#endif
    if (__atomic_load_n(&no_pwait2, __ATOMIC_RELAXED)) {
        int milliseconds = -1;
        if (timeout) {
            long long total = (long long)timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000;
            milliseconds = total > 0x7fffffff ? 0x7fffffff : (int)total;
        }
        count = epoll_wait(epfd, ready, max, milliseconds);
    }
    for (int i = 0; i < count; i++) {
        tokens[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}
