#include "lvs_syslog.h"
#include <stdlib.h>
#include <string.h>

static char *lvs_syslog_ident = NULL;

void lvs_openlog(const char *ident, int option, int facility) {
    char *copy = strdup(ident ? ident : "");
    openlog(copy, option, facility);
    free(lvs_syslog_ident);
    lvs_syslog_ident = copy;
}

void lvs_syslog(int priority, const char *message) {
    syslog(priority, "%s", message);
}
