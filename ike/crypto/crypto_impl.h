/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the crypto layer only: the table's OpenSSL names and the layout
 * of the opaque structs the layer's files share. Nothing outside
 * ike/crypto_*.c includes this.
 */
#ifndef IKE_CRYPTO_IMPL_H
#define IKE_CRYPTO_IMPL_H

#include "crypto.h"

/* A transform as the table holds it: what callers see, and OpenSSL's name. */
struct ike_encr_alg {
	struct ike_encr_info info;
	const char *cipher;		/* EVP_CIPHER name */
};

struct ike_prf_alg {
	struct ike_prf_info info;
	const char *digest;		/* HMAC's digest name */
};

struct ike_integ_alg {
	struct ike_integ_info info;
	const char *digest;
};

/* How a group's keys are made and read: the three families we speak. */
enum ike_dh_kind {
	IKE_DH_KIND_MODP,
	IKE_DH_KIND_ECP,
	IKE_DH_KIND_X25519,
};

struct ike_dh_alg {
	struct ike_dh_info info;
	enum ike_dh_kind kind;
	const char *group;		/* OpenSSL group or key type name */
};

const struct ike_encr_alg *ike_crypto_encr_alg(uint16_t id, uint16_t key_bits);
const struct ike_prf_alg *ike_crypto_prf_alg(uint16_t id);
const struct ike_integ_alg *ike_crypto_integ_alg(uint16_t id);
const struct ike_dh_alg *ike_crypto_dh_alg(uint16_t group);

/* Key material: the length, then the bytes. Freed with clear_free. */
struct ike_secret {
	size_t len;
	uint8_t data[];
};

/* An empty secret of len bytes, to fill in place. */
int ike_crypto_secret_alloc(struct ike_secret **out, size_t len);

/* HMAC-<digest>(key, in...) into out, truncated to out_len. */
int ike_crypto_hmac(const char *digest, const void *key, size_t key_len,
		    const struct ike_crypto_iov *in, size_t n_in, void *out,
		    size_t out_len);

/* One IKE SA's keys: a slice of one keymat per SK_x. */
struct ike_sa_keys {
	struct ike_crypto_suite suite;
	struct ike_secret *km;
	size_t off[IKE_SK_COUNT];
	size_t len[IKE_SK_COUNT];
};

/* [off, off + len) lies inside a buffer of size; no overflow. */
static inline bool ike_crypto_in(size_t off, size_t len, size_t size)
{
	return off <= size && len <= size - off;
}

#endif /* IKE_CRYPTO_IMPL_H */
