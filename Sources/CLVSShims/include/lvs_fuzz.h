// libFuzzer's driver, for lvs-fuzz when it is built with -sanitize=fuzzer (scripts/fuzz). SwiftPM
// gives every executable a main of its own, so libFuzzer's main is never linked; the program's
// main calls this instead. Only declared: nothing else references it.
#ifndef LVS_FUZZ_H
#define LVS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line in `argc`/`argv`, calling `callback` once per input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
