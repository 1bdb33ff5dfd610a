/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the crypto layer only: the opaque structs of pki.h. */
#ifndef IKE_CRYPTO_PKI_IMPL_H
#define IKE_CRYPTO_PKI_IMPL_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "pki.h"

struct ike_x509 {
	int refs;
	X509 *x;
	uint8_t *der;		/* i2d of x, for CERT payloads */
	size_t der_len;
};

struct ike_privkey {
	int refs;
	EVP_PKEY *pkey;
	enum ike_key_type type;
};

/* sigalg_pss.c: the hash of an RSASSA-PSS AlgorithmIdentifier in any
 * encoding whose hash and MGF1 hash are one SHA-2, else 0. */
enum ike_hash_alg ike_sig_pss_hash(const uint8_t *der, size_t len);
/* The type of a key we can use, or IKE_KEY_NONE. */
enum ike_key_type ike_pkey_type(const EVP_PKEY *pkey);
/* "subject: " of x into why (the start of every certificate message). */
void ike_x509_why(X509 *x, char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* IKE_CRYPTO_PKI_IMPL_H */
