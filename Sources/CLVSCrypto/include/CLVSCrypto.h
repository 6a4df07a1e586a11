// HMAC-SHA256 from the system's OpenSSL libcrypto (Debian: libssl-dev to build, libssl3 to run).
#ifndef LVS_CLVSCRYPTO_H
#define LVS_CLVSCRYPTO_H
#include <stddef.h>
#include <stdint.h>

/// An HMAC-SHA256 state with its key already absorbed (an `EVP_MAC_CTX`).
typedef struct lvs_hmac_sha256 lvs_hmac_sha256;

/// A keyed HMAC-SHA256 state, or NULL if libcrypto could not make one.
lvs_hmac_sha256 *lvs_hmac_sha256_new(const uint8_t *key, size_t key_length);

/// Writes the 32-byte HMAC-SHA256 of `message` to `out`, starting from a copy of the keyed
/// state (so `keyed` is never changed). Returns 1, or 0 on failure.
int lvs_hmac_sha256_compute(const lvs_hmac_sha256 *keyed, const uint8_t *message, size_t length, uint8_t out[32]);

/// Frees a state made by lvs_hmac_sha256_new.
void lvs_hmac_sha256_free(lvs_hmac_sha256 *keyed);

/// Whether the `length` bytes at `a` and `b` are equal, in time that does not depend on where
/// they differ (CRYPTO_memcmp). Returns 1 if equal.
int lvs_constant_time_equal(const uint8_t *a, const uint8_t *b, size_t length);
#endif
