// Memory: malloc's tuning (mallopt), which Swift's Glibc module does not bring in.
#ifndef LVS_MEMORY_H
#define LVS_MEMORY_H
#include <malloc.h>
#endif
