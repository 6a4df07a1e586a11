// C shims for what Swift cannot import or call directly on Linux. Each concern has its own header;
// this umbrella includes them all. Keep every shim tiny: the logic lives in Swift.
#ifndef LVS_CLVSSHIMS_H
#define LVS_CLVSSHIMS_H
#include "lvs_process.h"
#include "lvs_packet.h"
#include "lvs_netlink.h"
#include "lvs_netns.h"
#include "lvs_ipvs.h"
#include "lvs_daemon.h"
#include "lvs_epoll.h"
#include "lvs_thread.h"
#include "lvs_fuzz.h"
#include "lvs_memory.h"
#include "lvs_inet6.h"
#endif
