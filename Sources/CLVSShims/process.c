#define _GNU_SOURCE
#include "lvs_process.h"
#include <unistd.h>

extern char **environ;

char **lvs_environ(void) { return environ; }

int lvs_wifexited(int status) { return WIFEXITED(status); }
int lvs_wexitstatus(int status) { return WEXITSTATUS(status); }
int lvs_wifsignaled(int status) { return WIFSIGNALED(status); }
int lvs_wtermsig(int status) { return WTERMSIG(status); }

int lvs_peer_credentials(int fd, uid_t *uid, gid_t *gid, pid_t *pid) {
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
    *uid = cred.uid;
    *gid = cred.gid;
    *pid = cred.pid;
    return 0;
}
