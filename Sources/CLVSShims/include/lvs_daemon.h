#ifndef LVS_DAEMON_H
#define LVS_DAEMON_H
// Process-level calls that Swift's Glibc module does not expose or cannot call (variadic prctl,
// GNU-only accept4/pipe2, the pidfd syscalls, glibc's closefrom spawn action).
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <time.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

/// accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK).
int lvs_accept_nonblocking(int fd);

/// pipe2(fds, O_CLOEXEC) and pipe2(fds, O_CLOEXEC | O_NONBLOCK).
int lvs_pipe_cloexec(int fds[2], int nonblocking);

/// pidfd_open(2) (Linux 5.3); -1 with errno set on failure.
int lvs_pidfd_open(pid_t pid);

/// pidfd_send_signal(2) (Linux 5.1) without siginfo; -1 with errno set on failure.
int lvs_pidfd_send_signal(int pidfd, int signal);

/// prctl(PR_SET_PDEATHSIG, signal).
int lvs_set_parent_death_signal(int signal);

/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants are re-parented to this process.
int lvs_become_child_subreaper(void);

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): close every fd >= from in the child.
int lvs_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int from);

/// POSIX_SPAWN_SETSID (a GNU extension flag).
int lvs_posix_spawn_setsid(void);

/// SIGRTMAX (a function call in glibc, not a constant).
int lvs_signal_max(void);

/// The size of `struct signalfd_siginfo`, and its fields we use.
int lvs_signalfd_info_size(void);
int lvs_signalfd_info_signal(const void *info);
int lvs_signalfd_info_pid(const void *info);
int lvs_signalfd_info_uid(const void *info);

/// Binds or connects `fd` to the Unix socket `path`; -1 with errno = ENAMETOOLONG when the path
/// does not fit in sun_path.
int lvs_unix_bind(int fd, const char *path);
int lvs_unix_connect(int fd, const char *path);
#endif
