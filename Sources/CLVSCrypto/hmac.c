#include "CLVSCrypto.h"
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

lvs_hmac_sha256 *lvs_hmac_sha256_new(const uint8_t *key, size_t key_length) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *context = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    if (context == NULL) return NULL;
    OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(context, key, key_length, parameters) != 1) {
        EVP_MAC_CTX_free(context);
        return NULL;
    }
    return (lvs_hmac_sha256 *)context;
}

int lvs_hmac_sha256_compute(const lvs_hmac_sha256 *keyed, const uint8_t *message, size_t length, uint8_t out[32]) {
    EVP_MAC_CTX *context = EVP_MAC_CTX_dup((const EVP_MAC_CTX *)keyed);
    if (context == NULL) return 0;
    size_t written = 0;
    int ok = EVP_MAC_update(context, message, length) == 1
        && EVP_MAC_final(context, out, &written, 32) == 1
        && written == 32;
    EVP_MAC_CTX_free(context);
    return ok;
}

void lvs_hmac_sha256_free(lvs_hmac_sha256 *keyed) {
    EVP_MAC_CTX_free((EVP_MAC_CTX *)keyed);
}

int lvs_constant_time_equal(const uint8_t *a, const uint8_t *b, size_t length) {
    return CRYPTO_memcmp(a, b, length) == 0;
}
