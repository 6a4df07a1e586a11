#ifndef LVS_NETNS_H
#define LVS_NETNS_H
// setns() and CLONE_NEWNET need _GNU_SOURCE, which Swift's view of <sched.h> does not have.

/// setns(fd, CLONE_NEWNET): moves the calling thread into the network namespace open at fd.
/// Returns 0, or -1 with errno set.
int lvs_enter_network_namespace(int fd);
#endif
