// A non-blocking TLS client on an already-connected socket, and incremental MD5, from the
// system's OpenSSL (Debian: libssl-dev to build, libssl3 to run). Only what nanny's HTTPS and
// TLS-handshake checks need.
#ifndef LVS_CLVSTLS_H
#define LVS_CLVSTLS_H
#include <stddef.h>
#include <stdint.h>

/// What a TLS step reports.
enum lvs_tls_status {
    /// The step is done (handshake complete, bytes read or written, shutdown sent).
    LVS_TLS_DONE = 0,
    /// Call again once the socket is readable.
    LVS_TLS_WANT_READ = 1,
    /// Call again once the socket is writable.
    LVS_TLS_WANT_WRITE = 2,
    /// The peer closed the TLS session cleanly (close_notify) or the connection ended.
    LVS_TLS_CLOSED = 3,
    /// It failed; the error text says why.
    LVS_TLS_FAILED = -1,
};

/// A client context (an `SSL_CTX`): protocol settings, verify mode and trust store.
typedef struct lvs_tls_context lvs_tls_context;

/// A client session on one connected socket (an `SSL`).
typedef struct lvs_tls_session lvs_tls_session;

/// A client context. `verify` non-zero: the server's chain must verify against `ca_file`
/// (PEM), or the system's default store when `ca_file` is NULL. On failure returns NULL and
/// writes the reason to `error`.
lvs_tls_context *lvs_tls_context_new(int verify, const char *ca_file, char *error, size_t error_size);

/// Frees a context made by lvs_tls_context_new (sessions keep their own reference).
void lvs_tls_context_free(lvs_tls_context *context);

/// A session on the connected, non-blocking socket `fd` (not taken over: the caller closes it).
/// `server_name`: sent as SNI and, when verifying, the name the certificate must carry; when
/// NULL, the certificate must carry `ip_address` instead. On failure returns NULL and writes the
/// reason to `error`.
lvs_tls_session *lvs_tls_session_new(
    lvs_tls_context *context, int fd, const char *server_name, const char *ip_address, char *error,
    size_t error_size);

/// One step of the handshake.
enum lvs_tls_status lvs_tls_handshake(lvs_tls_session *session, char *error, size_t error_size);

/// Whether the failure of the last step was the certificate's verification; when it was, writes
/// OpenSSL's verify error text (`certificate has expired`) to `error` and returns 1.
int lvs_tls_verify_failure(const lvs_tls_session *session, char *error, size_t error_size);

/// Reads up to `length` bytes into `buffer`; on LVS_TLS_DONE `*count` says how many (at least 1).
enum lvs_tls_status lvs_tls_read(
    lvs_tls_session *session, uint8_t *buffer, size_t length, size_t *count, char *error, size_t error_size);

/// Writes up to `length` bytes; on LVS_TLS_DONE `*count` says how many.
enum lvs_tls_status lvs_tls_write(
    lvs_tls_session *session, const uint8_t *bytes, size_t length, size_t *count, char *error,
    size_t error_size);

/// Sends close_notify without waiting for the peer's (the socket is closed next).
void lvs_tls_shutdown(lvs_tls_session *session);

/// Frees a session made by lvs_tls_session_new.
void lvs_tls_session_free(lvs_tls_session *session);

/// An incremental MD5 digest (an `EVP_MD_CTX`).
typedef struct lvs_md5 lvs_md5;

/// A fresh MD5 state, or NULL if libcrypto could not make one.
lvs_md5 *lvs_md5_new(void);

/// Adds `length` bytes. Returns 1, or 0 on failure.
int lvs_md5_update(lvs_md5 *md5, const uint8_t *bytes, size_t length);

/// Writes the 16-byte digest to `out`; the state cannot be updated afterwards. Returns 1, or 0.
int lvs_md5_final(lvs_md5 *md5, uint8_t out[16]);

/// Frees a state made by lvs_md5_new.
void lvs_md5_free(lvs_md5 *md5);
#endif
