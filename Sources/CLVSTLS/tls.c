#include "CLVSTLS.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* Writes OpenSSL's reason for the oldest queued error (or `fallback`) and clears the queue. */
static void describe_error(const char *fallback, char *error, size_t error_size) {
    unsigned long code = ERR_get_error();
    const char *reason = code != 0 ? ERR_reason_error_string(code) : NULL;
    if (reason != NULL) {
        snprintf(error, error_size, "%s", reason);
    } else if (code != 0) {
        snprintf(error, error_size, "%s (OpenSSL error %lx)", fallback, code);
    } else {
        snprintf(error, error_size, "%s", fallback);
    }
    ERR_clear_error();
}

lvs_tls_context *lvs_tls_context_new(int verify, const char *ca_file, char *error, size_t error_size) {
    ERR_clear_error();
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (context == NULL) {
        describe_error("SSL_CTX_new failed", error, error_size);
        return NULL;
    }
    /* Many HTTPS servers close after the body without close_notify: treat that as an end of
       stream (a body cut short is caught by its Content-Length or chunk framing). */
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    /* A write retried after WANT_WRITE may come from a re-sliced Swift buffer. */
    SSL_CTX_set_mode(context, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (verify) {
        int loaded = ca_file != NULL ? SSL_CTX_load_verify_locations(context, ca_file, NULL)
                                     : SSL_CTX_set_default_verify_paths(context);
        if (loaded != 1) {
            describe_error("cannot load the trusted certificates", error, error_size);
            SSL_CTX_free(context);
            return NULL;
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    } else {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, NULL);
    }
    return (lvs_tls_context *)context;
}

void lvs_tls_context_free(lvs_tls_context *context) { SSL_CTX_free((SSL_CTX *)context); }

lvs_tls_session *lvs_tls_session_new(
    lvs_tls_context *context, int fd, const char *server_name, const char *ip_address, char *error,
    size_t error_size) {
    ERR_clear_error();
    SSL *ssl = SSL_new((SSL_CTX *)context);
    if (ssl == NULL) {
        describe_error("SSL_new failed", error, error_size);
        return NULL;
    }
    int ok = SSL_set_fd(ssl, fd) == 1;
    if (ok && server_name != NULL) {
        ok = SSL_set_tlsext_host_name(ssl, server_name) == 1 && SSL_set1_host(ssl, server_name) == 1;
    } else if (ok && ip_address != NULL) {
        ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), ip_address) == 1;
    }
    if (!ok) {
        describe_error("cannot set up the session", error, error_size);
        SSL_free(ssl);
        return NULL;
    }
    SSL_set_connect_state(ssl);
    return (lvs_tls_session *)ssl;
}

/* Maps the outcome of an SSL_* call that returned `result`. */
static enum lvs_tls_status step_status(SSL *ssl, int result, int saved, char *error, size_t error_size) {
    int code = SSL_get_error(ssl, result);
    switch (code) {
    case SSL_ERROR_NONE: return LVS_TLS_DONE;
    case SSL_ERROR_WANT_READ: return LVS_TLS_WANT_READ;
    case SSL_ERROR_WANT_WRITE: return LVS_TLS_WANT_WRITE;
    case SSL_ERROR_ZERO_RETURN: return LVS_TLS_CLOSED;
    case SSL_ERROR_SYSCALL: {
        if (ERR_peek_error() != 0) {
            describe_error("system error", error, error_size);
        } else if (saved != 0) {
            snprintf(error, error_size, "%s", strerror(saved));
        } else {
            snprintf(error, error_size, "connection closed by the server");
        }
        ERR_clear_error();
        return LVS_TLS_FAILED;
    }
    default: describe_error("TLS error", error, error_size); return LVS_TLS_FAILED;
    }
}

enum lvs_tls_status lvs_tls_handshake(lvs_tls_session *session, char *error, size_t error_size) {
    ERR_clear_error();
    errno = 0;
    SSL *ssl = (SSL *)session;
    int result = SSL_do_handshake(ssl);
    return step_status(ssl, result, errno, error, error_size);
}

int lvs_tls_verify_failure(const lvs_tls_session *session, char *error, size_t error_size) {
    long result = SSL_get_verify_result((const SSL *)session);
    if (result == X509_V_OK) return 0;
    snprintf(error, error_size, "%s", X509_verify_cert_error_string(result));
    return 1;
}

enum lvs_tls_status lvs_tls_read(
    lvs_tls_session *session, uint8_t *buffer, size_t length, size_t *count, char *error, size_t error_size) {
    ERR_clear_error();
    errno = 0;
    SSL *ssl = (SSL *)session;
    size_t read = 0;
    int result = SSL_read_ex(ssl, buffer, length, &read);
    *count = read;
    if (result == 1) return LVS_TLS_DONE;
    return step_status(ssl, result, errno, error, error_size);
}

enum lvs_tls_status lvs_tls_write(
    lvs_tls_session *session, const uint8_t *bytes, size_t length, size_t *count, char *error,
    size_t error_size) {
    ERR_clear_error();
    errno = 0;
    SSL *ssl = (SSL *)session;
    size_t written = 0;
    int result = SSL_write_ex(ssl, bytes, length, &written);
    *count = written;
    if (result == 1) return LVS_TLS_DONE;
    return step_status(ssl, result, errno, error, error_size);
}

void lvs_tls_shutdown(lvs_tls_session *session) {
    SSL_shutdown((SSL *)session);
    ERR_clear_error();
}

void lvs_tls_session_free(lvs_tls_session *session) { SSL_free((SSL *)session); }

lvs_md5 *lvs_md5_new(void) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == NULL) return NULL;
    if (EVP_DigestInit_ex(context, EVP_md5(), NULL) != 1) {
        EVP_MD_CTX_free(context);
        return NULL;
    }
    return (lvs_md5 *)context;
}

int lvs_md5_update(lvs_md5 *md5, const uint8_t *bytes, size_t length) {
    return EVP_DigestUpdate((EVP_MD_CTX *)md5, bytes, length) == 1;
}

int lvs_md5_final(lvs_md5 *md5, uint8_t out[16]) {
    unsigned int written = 0;
    return EVP_DigestFinal_ex((EVP_MD_CTX *)md5, out, &written) == 1 && written == 16;
}

void lvs_md5_free(lvs_md5 *md5) { EVP_MD_CTX_free((EVP_MD_CTX *)md5); }
