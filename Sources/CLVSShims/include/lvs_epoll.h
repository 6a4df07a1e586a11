#ifndef LVS_EPOLL_H
#define LVS_EPOLL_H
// epoll for lvsd's nanny report sockets: one descriptor in the event loop instead of one per
// nanny. `struct epoll_event` is packed on x86_64, so Swift only sees tokens.
#include <stdint.h>

/// epoll_create1(EPOLL_CLOEXEC): the descriptor, or -1 with errno set.
int lvs_epoll_create(void);

/// epoll_ctl(EPOLL_CTL_ADD) of `fd` for EPOLLIN (level-triggered), carrying `token`. 0, or -1 with errno.
int lvs_epoll_add_readable(int epfd, int fd, uint64_t token);

/// epoll_ctl(EPOLL_CTL_DEL) of `fd`. 0, or -1 with errno.
int lvs_epoll_remove(int epfd, int fd);

/// epoll_wait(epfd, …, max, timeout_ms): stores the tokens of up to `max` ready descriptors in
/// `tokens`; returns how many, or -1 with errno set.
int lvs_epoll_wait_tokens(int epfd, uint64_t *tokens, int max, int timeout_ms);
#endif
