#ifndef LVS_NETLINK_H
#define LVS_NETLINK_H
// sockaddr_nl and the netlink constants are not in Swift's Glibc module.
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#endif
