/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PRF uses of IKE_AUTH (RFC 7296 2.15): MACedID and shared-key AUTH. */
#include <errno.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_impl.h"

int ike_crypto_maced_id(const struct ike_sa_keys *k, enum ike_crypto_dir dir,
			const void *id_body, size_t id_len, void *out,
			size_t out_len)
{
	enum ike_sa_key which = dir == IKE_CRYPTO_I2R ? IKE_SK_PI : IKE_SK_PR;
	struct ike_crypto_iov in = { id_body, id_len };
	struct ike_prf_ctx *prf;
	int err;

	err = ike_prf_new(&prf, k->suite.prf, k->km->data + k->off[which],
			  k->len[which]);
	if (err)
		return err;
	err = ike_prf_compute(prf, &in, 1, out, out_len);
	ike_prf_free(prf);
	return err;
}

int ike_crypto_psk_auth(uint16_t prf_id, const struct ike_secret *psk,
			const struct ike_crypto_iov *octets, size_t n_octets,
			void *out, size_t out_len)
{
	static const char pad[] = "Key Pad for IKEv2";	/* 17 octets, no NUL */
	struct ike_crypto_iov in = { pad, sizeof(pad) - 1 };
	uint8_t inner[EVP_MAX_MD_SIZE];
	struct ike_prf_ctx *prf;
	size_t len;
	int err;

	err = ike_prf_new_secret(&prf, prf_id, psk);
	if (err)
		return err;
	len = ike_prf_len(prf);
	err = ike_prf_compute(prf, &in, 1, inner, len);
	ike_prf_free(prf);
	if (err)
		goto out;
	err = ike_prf_new(&prf, prf_id, inner, len);
	if (err)
		goto out;
	err = ike_prf_compute(prf, octets, n_octets, out, out_len);
	ike_prf_free(prf);
out:
	OPENSSL_cleanse(inner, sizeof(inner));
	return err;
}
