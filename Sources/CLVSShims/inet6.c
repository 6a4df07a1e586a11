#define _GNU_SOURCE
#include "lvs_inet6.h"
#include <string.h>
#include <sys/socket.h>

ssize_t lvs_receive_inet6(int fd, uint8_t *buffer, size_t length, struct sockaddr_in6 *source,
                          struct in6_addr *destination, int *hop_limit) {
    struct iovec vector = {.iov_base = buffer, .iov_len = length};
    char control[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
    struct msghdr message = {
        .msg_name = source,
        .msg_namelen = sizeof(*source),
        .msg_iov = &vector,
        .msg_iovlen = 1,
        .msg_control = control,
        .msg_controllen = sizeof(control),
    };
    memset(destination, 0, sizeof(*destination));
    *hop_limit = -1;
    ssize_t received = recvmsg(fd, &message, MSG_DONTWAIT);
    if (received < 0) return received;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c != NULL; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != IPPROTO_IPV6) continue;
        if (c->cmsg_type == IPV6_HOPLIMIT && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            memcpy(hop_limit, CMSG_DATA(c), sizeof(int));
        } else if (c->cmsg_type == IPV6_PKTINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
            struct in6_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof(info));
            *destination = info.ipi6_addr;
        }
    }
    return received;
}
