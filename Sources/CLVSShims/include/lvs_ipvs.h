#ifndef LVS_IPVS_H
#define LVS_IPVS_H
// The IPVS client's needs that Swift's Glibc module does not export (they are _GNU_SOURCE-only).
// (Entering a network namespace is lvs_netns.h's.)

/// recvmmsg(2): receives up to `count` datagrams from `fd`, the i-th into `buffer + i * slot`
/// (at most `slot` bytes). `lengths[i]` receives each datagram's full length, which exceeds `slot`
/// when it was truncated. `flags` as for recvmmsg (MSG_WAITFORONE, MSG_DONTWAIT, ...).
/// Returns the number of datagrams received, or -1 with errno set.
int lvs_receive_datagrams(int fd, void *buffer, unsigned slot, unsigned count, unsigned *lengths, int flags);

/// MSG_WAITFORONE.
int lvs_msg_waitforone(void);
#endif
