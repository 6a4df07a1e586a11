#ifndef LVS_EPOLL_H
#define LVS_EPOLL_H
// epoll for the daemons' event loop. `struct epoll_event` is packed on x86_64, which Swift cannot
// import, so Swift sees the events and tokens as plain arrays.
#include <stdint.h>
#include <time.h>

/// <sys/epoll.h>'s constants, which Swift's Glibc module does not carry.
static const int LVS_EPOLL_CTL_ADD = 1;
static const int LVS_EPOLL_CTL_DEL = 2;
static const int LVS_EPOLL_CTL_MOD = 3;
static const uint32_t LVS_EPOLLIN = 0x001;
static const uint32_t LVS_EPOLLOUT = 0x004;

/// epoll_create1(EPOLL_CLOEXEC): the descriptor, or -1 with errno set.
int lvs_epoll_create(void);

/// epoll_ctl: `op` is EPOLL_CTL_ADD (1), EPOLL_CTL_DEL (2) or EPOLL_CTL_MOD (3); `events` are
/// EPOLLIN/EPOLLOUT bits, armed one-shot (re-armed by a MOD after each event); `token` comes back
/// with the event. 0, or -1 with errno.
int lvs_epoll_control(int epfd, int op, int fd, uint32_t events, uint64_t token);

/// Waits at most `timeout` (NULL: without limit, to the nanosecond with epoll_pwait2, else rounded
/// up to the millisecond) and stores the token and event bits of up to `max` ready descriptors
/// (at most 256). Returns how many, or -1 with errno set.
int lvs_epoll_wait(int epfd, uint64_t *tokens, uint32_t *events, int max, const struct timespec *timeout);
#endif
