// Threads: naming the calling thread (pthread_setname_np needs _GNU_SOURCE, which Swift's Glibc
// module does not define).
#ifndef LVS_THREAD_H
#define LVS_THREAD_H

/// Names the calling thread (at most 15 bytes are kept); returns 0 or an errno value.
int lvs_thread_set_name(const char *name);

#endif
