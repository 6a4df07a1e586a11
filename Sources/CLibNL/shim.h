// libnl-3, libnl-genl-3 and libnl-route-3 (Debian: libnl-3-dev libnl-genl-3-dev libnl-route-3-dev),
// plus the kernel's IPVS generic-netlink definitions.
#ifndef LVS_CLIBNL_SHIM_H
#define LVS_CLIBNL_SHIM_H
#include <netlink/netlink.h>
#include <netlink/errno.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <linux/ip_vs.h>
#endif
