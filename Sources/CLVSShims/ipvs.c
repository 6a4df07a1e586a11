#define _GNU_SOURCE
#include "lvs_ipvs.h"
#include <sys/socket.h>
#include <sys/uio.h>
#include <stdlib.h>
#include <string.h>

int lvs_receive_datagrams(int fd, void *buffer, unsigned slot, unsigned count, unsigned *lengths, int flags) {
    struct mmsghdr messages[count];
    struct iovec vectors[count];
    memset(messages, 0, sizeof(messages));
    for (unsigned i = 0; i < count; i++) {
        vectors[i].iov_base = (char *)buffer + (size_t)i * slot;
        vectors[i].iov_len = slot;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(fd, messages, count, flags | MSG_TRUNC, NULL);
    for (int i = 0; i < n; i++) {
        unsigned length = messages[i].msg_len;
        // With MSG_TRUNC in msg_flags, netlink reports the datagram's real length in msg_len.
        lengths[i] = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) && length <= slot ? slot + 1 : length;
    }
    return n;
}

int lvs_msg_waitforone(void) { return MSG_WAITFORONE; }
