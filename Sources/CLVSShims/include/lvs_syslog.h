#ifndef LVS_SYSLOG_H
#define LVS_SYSLOG_H
#include <syslog.h>

/// openlog() keeps the pointer it is given; this copies the ident and keeps the copy for the life of
/// the process (the previous copy is freed on re-open).
void lvs_openlog(const char *ident, int option, int facility);

/// syslog(priority, "%s", message): the message is never used as a format.
void lvs_syslog(int priority, const char *message);
#endif
