#define _GNU_SOURCE
#include "lvs_netns.h"
#include <sched.h>

int lvs_enter_network_namespace(int fd) { return setns(fd, CLONE_NEWNET); }
