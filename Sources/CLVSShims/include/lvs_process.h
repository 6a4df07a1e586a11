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

/// SOCK_SEQPACKET, which Swift's Glibc module does not import.
static const int lvs_sock_seqpacket = SOCK_SEQPACKET;

/// fork(2) (Swift does not import it). Only for a process with a single thread.
pid_t lvs_fork(void);

/// _exit(2): ends a forked copy without running the parent's exit handlers or flushing its buffers.
void lvs_exit_immediately(int status) __attribute__((noreturn));

/// Sends `length` bytes as one message on a Unix socket, with `descriptor` attached (SCM_RIGHTS)
/// unless it is -1. Returns the bytes sent, or -1 with errno set.
ssize_t lvs_send_with_descriptor(int socket, const void *bytes, size_t length, int descriptor);

/// Receives one message of at most `capacity` bytes from a Unix socket, and the descriptor
/// attached to it (close-on-exec) into `*descriptor`, or -1 if none. Returns the bytes received
/// (0 at end of stream), or -1 with errno set. A truncated message is an error (EMSGSIZE).
ssize_t lvs_receive_with_descriptor(int socket, void *bytes, size_t capacity, int *descriptor);

/// Shows `title` as this process's command line in ps (/proc/PID/cmdline), the way setproctitle
/// does: the environment strings are copied elsewhere first, then the title is written over the
/// argument and environment area (cut to fit). Returns 0, or -1 with errno set.
int lvs_set_process_title(const char *title);

/// close_range(first, ~0U, 0): closes every descriptor from `first` up. Returns 0 or -1.
int lvs_close_from(int first);
#endif
