#ifndef LVS_PACKET_H
#define LVS_PACKET_H
// AF_PACKET: sockaddr_ll, ETH_P_ARP and friends are not in Swift's Glibc module.
#include <netpacket/packet.h>
#include <net/ethernet.h>
#include <linux/if_ether.h>
#include <net/if_arp.h>
#include <net/if.h>
#include <sys/ioctl.h>
#endif
