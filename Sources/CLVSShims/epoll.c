#include "lvs_epoll.h"
#include <errno.h>
#include <sys/epoll.h>

int lvs_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int lvs_epoll_add_readable(int epfd, int fd, uint64_t token) {
    struct epoll_event event = { .events = EPOLLIN, .data.u64 = token };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

int lvs_epoll_remove(int epfd, int fd) {
    struct epoll_event unused = { 0 };
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &unused);
}

int lvs_epoll_wait_tokens(int epfd, uint64_t *tokens, int max, int timeout_ms) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    if (max < 1) { errno = EINVAL; return -1; }
    int count = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < count; i++) tokens[i] = events[i].data.u64;
    return count;
}
