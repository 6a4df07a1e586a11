#define _GNU_SOURCE
#include "lvs_daemon.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>

int lvs_accept_nonblocking(int fd) {
    return accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
}

int lvs_pipe_cloexec(int fds[2], int nonblocking) {
    return pipe2(fds, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0));
}

int lvs_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int lvs_pidfd_send_signal(int pidfd, int signal) {
#ifdef SYS_pidfd_send_signal
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int lvs_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}

int lvs_become_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

int lvs_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int lvs_posix_spawn_setsid(void) { return POSIX_SPAWN_SETSID; }

int lvs_signal_max(void) { return SIGRTMAX; }

int lvs_signalfd_info_size(void) { return (int)sizeof(struct signalfd_siginfo); }
int lvs_signalfd_info_signal(const void *info) { return (int)((const struct signalfd_siginfo *)info)->ssi_signo; }
int lvs_signalfd_info_pid(const void *info) { return (int)((const struct signalfd_siginfo *)info)->ssi_pid; }
int lvs_signalfd_info_uid(const void *info) { return (int)((const struct signalfd_siginfo *)info)->ssi_uid; }

static int lvs_unix_address(struct sockaddr_un *addr, const char *path) {
    size_t length = strlen(path);
    if (length == 0 || length >= sizeof(addr->sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memset(addr, 0, sizeof(*addr));
    addr->sun_family = AF_UNIX;
    memcpy(addr->sun_path, path, length + 1);
    return 0;
}

int lvs_unix_bind(int fd, const char *path) {
    struct sockaddr_un addr;
    if (lvs_unix_address(&addr, path) != 0) return -1;
    return bind(fd, (struct sockaddr *)&addr, sizeof(addr));
}

int lvs_unix_connect(int fd, const char *path) {
    struct sockaddr_un addr;
    if (lvs_unix_address(&addr, path) != 0) return -1;
    return connect(fd, (struct sockaddr *)&addr, sizeof(addr));
}
