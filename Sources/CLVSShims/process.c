#define _GNU_SOURCE
#include "lvs_process.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
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

pid_t lvs_fork(void) { return fork(); }

void lvs_exit_immediately(int status) { _exit(status); }

ssize_t lvs_send_with_descriptor(int socket, const void *bytes, size_t length, int descriptor) {
    struct iovec iov = {.iov_base = (void *)bytes, .iov_len = length};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1};
    if (descriptor >= 0) {
        memset(&control, 0, sizeof(control));
        message.msg_control = control.buffer;
        message.msg_controllen = sizeof(control.buffer);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(header), &descriptor, sizeof(int));
    }
    ssize_t sent;
    do {
        sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
}

ssize_t lvs_receive_with_descriptor(int socket, void *bytes, size_t capacity, int *descriptor) {
    *descriptor = -1;
    struct iovec iov = {.iov_base = bytes, .iov_len = capacity};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof(control.buffer)};
    ssize_t received;
    do {
        received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    } while (received < 0 && errno == EINTR);
    if (received < 0) return -1;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS && header->cmsg_len >= CMSG_LEN(sizeof(int))) {
            memcpy(descriptor, CMSG_DATA(header), sizeof(int));
        }
    }
    if (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
        if (*descriptor >= 0) close(*descriptor);
        *descriptor = -1;
        errno = EMSGSIZE;
        return -1;
    }
    return received;
}

int lvs_set_process_title(const char *title) {
    // Fields 48-51 of /proc/self/stat: arg_start arg_end env_start env_end (Linux 3.5+).
    FILE *stat = fopen("/proc/self/stat", "re");
    if (!stat) return -1;
    char line[4096];
    size_t length = fread(line, 1, sizeof(line) - 1, stat);
    fclose(stat);
    line[length] = 0;
    char *cursor = strrchr(line, ')');
    if (!cursor) {
        errno = EINVAL;
        return -1;
    }
    cursor += 2;  // past ") ": field 3 begins
    unsigned long fields[4] = {0, 0, 0, 0};
    for (int field = 3; field <= 51 && cursor && *cursor; field++) {
        if (field >= 48) fields[field - 48] = strtoul(cursor, NULL, 10);
        cursor = strchr(cursor, ' ');
        if (cursor) cursor++;
    }
    unsigned long arg_start = fields[0], arg_end = fields[1], env_start = fields[2], env_end = fields[3];
    if (!arg_start || arg_end <= arg_start) {
        errno = EINVAL;
        return -1;
    }
    // The kernel shows a title that runs on into the environment area only when that area follows
    // the arguments at once; the environment strings must then move out of the way.
    unsigned long end = arg_end;
    if (env_start == arg_end && env_end > env_start) {
        size_t count = 0;
        while (environ[count]) count++;
        char **moved = malloc((count + 1) * sizeof(char *));
        if (!moved) return -1;
        for (size_t i = 0; i < count; i++) {
            moved[i] = strdup(environ[i]);
            if (!moved[i]) return -1;
        }
        moved[count] = NULL;
        environ = moved;
        end = env_end;
    }
    size_t capacity = end - arg_start;
    size_t used = strlen(title);
    if (used > capacity - 1) used = capacity - 1;
    memcpy((char *)arg_start, title, used);
    memset((char *)arg_start + used, 0, capacity - used);
    return 0;
}

int lvs_close_from(int first) { return (int)syscall(SYS_close_range, (unsigned)first, ~0U, 0); }
