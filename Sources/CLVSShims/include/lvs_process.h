#ifndef LVS_PROCESS_H
#define LVS_PROCESS_H
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <spawn.h>
#include <sys/signalfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sched.h>

/// The process environment (`environ` is a C global that Swift 6 rejects).
char **lvs_environ(void);

/// The wait-status macros, which Swift cannot import.
int lvs_wifexited(int status);
int lvs_wexitstatus(int status);
int lvs_wifsignaled(int status);
int lvs_wtermsig(int status);

/// SO_PEERCRED of a connected Unix socket: fills uid/gid/pid; returns 0 or -1 with errno set.
int lvs_peer_credentials(int fd, uid_t *uid, gid_t *gid, pid_t *pid);
#endif
