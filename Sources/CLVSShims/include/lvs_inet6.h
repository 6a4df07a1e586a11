#ifndef LVS_INET6_H
#define LVS_INET6_H
// recvmsg's ancillary data (CMSG_* are macros Swift cannot call): an IPv6 raw socket does not
// hand over the IPv6 header, so the hop limit and the destination come as IPV6_HOPLIMIT and
// IPV6_PKTINFO control messages (IPV6_RECVHOPLIMIT and IPV6_RECVPKTINFO set on the socket).
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Receives one datagram (MSG_DONTWAIT) into buffer; fills source, destination (all zero when the
/// kernel gave none) and hop_limit (-1 when none). Returns its length, or -1 with errno set.
ssize_t lvs_receive_inet6(int fd, uint8_t *buffer, size_t length, struct sockaddr_in6 *source,
                          struct in6_addr *destination, int *hop_limit);
#endif
