/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The transform table: every IKEv2 transform id the layer implements, in
 * one place, with its lengths and the OpenSSL algorithm behind it.
 */
#include <errno.h>

#include "crypto_impl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct ike_encr_alg encr_algs[] = {
	{ { IKE_ENCR_AES_CBC, 128, "AES-CBC-128",
	    16, 0, 16, 16, 16, 0, false }, "AES-128-CBC" },
	{ { IKE_ENCR_AES_CBC, 256, "AES-CBC-256",
	    32, 0, 32, 16, 16, 0, false }, "AES-256-CBC" },
	/* RFC 5282: 8-byte explicit IV; no block alignment; 16-byte ICV. */
	{ { IKE_ENCR_AES_GCM_16, 128, "AES-GCM-16-128",
	    16, 4, 20, 8, 1, 16, true }, "AES-128-GCM" },
	{ { IKE_ENCR_AES_GCM_16, 256, "AES-GCM-16-256",
	    32, 4, 36, 8, 1, 16, true }, "AES-256-GCM" },
};

static const struct ike_prf_alg prf_algs[] = {
	{ { IKE_PRF_HMAC_SHA1, "HMAC-SHA1", 20 }, "SHA1" },
	{ { IKE_PRF_HMAC_SHA2_256, "HMAC-SHA2-256", 32 }, "SHA256" },
	{ { IKE_PRF_HMAC_SHA2_384, "HMAC-SHA2-384", 48 }, "SHA384" },
	{ { IKE_PRF_HMAC_SHA2_512, "HMAC-SHA2-512", 64 }, "SHA512" },
};

/* RFC 4868: the key is the digest's length, the ICV half of it. */
static const struct ike_integ_alg integ_algs[] = {
	{ { IKE_INTEG_HMAC_SHA2_256_128, "HMAC-SHA2-256-128", 32, 16 },
	  "SHA256" },
	{ { IKE_INTEG_HMAC_SHA2_384_192, "HMAC-SHA2-384-192", 48, 24 },
	  "SHA384" },
	{ { IKE_INTEG_HMAC_SHA2_512_256, "HMAC-SHA2-512-256", 64, 32 },
	  "SHA512" },
};

/* RFC 5903: ECP public value x | y, secret x. RFC 8031: 32 and 32. */
static const struct ike_dh_alg dh_algs[] = {
	{ { IKE_DH_MODP2048, "MODP-2048", 256, 256 },
	  IKE_DH_KIND_MODP, "modp_2048" },
	{ { IKE_DH_ECP256, "ECP-256", 64, 32 },
	  IKE_DH_KIND_ECP, "P-256" },
	{ { IKE_DH_ECP384, "ECP-384", 96, 48 },
	  IKE_DH_KIND_ECP, "P-384" },
	{ { IKE_DH_CURVE25519, "Curve25519", 32, 32 },
	  IKE_DH_KIND_X25519, "X25519" },
};

const struct ike_encr_alg *ike_crypto_encr_alg(uint16_t id, uint16_t key_bits)
{
	for (size_t i = 0; i < ARRAY_SIZE(encr_algs); i++)
		if (encr_algs[i].info.id == id &&
		    encr_algs[i].info.key_bits == key_bits)
			return &encr_algs[i];
	return NULL;
}

const struct ike_prf_alg *ike_crypto_prf_alg(uint16_t id)
{
	for (size_t i = 0; i < ARRAY_SIZE(prf_algs); i++)
		if (prf_algs[i].info.id == id)
			return &prf_algs[i];
	return NULL;
}

const struct ike_integ_alg *ike_crypto_integ_alg(uint16_t id)
{
	for (size_t i = 0; i < ARRAY_SIZE(integ_algs); i++)
		if (integ_algs[i].info.id == id)
			return &integ_algs[i];
	return NULL;
}

const struct ike_dh_alg *ike_crypto_dh_alg(uint16_t group)
{
	for (size_t i = 0; i < ARRAY_SIZE(dh_algs); i++)
		if (dh_algs[i].info.group == group)
			return &dh_algs[i];
	return NULL;
}

int ike_crypto_encr_lookup(uint16_t id, uint16_t key_bits,
			   const struct ike_encr_info **out)
{
	const struct ike_encr_alg *alg = ike_crypto_encr_alg(id, key_bits);

	if (!alg)
		return -ENOTSUP;
	*out = &alg->info;
	return 0;
}

int ike_crypto_prf_lookup(uint16_t id, const struct ike_prf_info **out)
{
	const struct ike_prf_alg *alg = ike_crypto_prf_alg(id);

	if (!alg)
		return -ENOTSUP;
	*out = &alg->info;
	return 0;
}

int ike_crypto_integ_lookup(uint16_t id, const struct ike_integ_info **out)
{
	const struct ike_integ_alg *alg = ike_crypto_integ_alg(id);

	if (!alg)
		return -ENOTSUP;
	*out = &alg->info;
	return 0;
}

int ike_dh_lookup(uint16_t group, const struct ike_dh_info **out)
{
	const struct ike_dh_alg *alg = ike_crypto_dh_alg(group);

	if (!alg)
		return -ENOTSUP;
	*out = &alg->info;
	return 0;
}

/*
 * -ENOTSUP for an id we lack, -EINVAL for a combination that makes no
 * sense: an AEAD with an INTEG, a plain cipher without one, an IKE SA
 * without a PRF.
 */
int ike_crypto_suite_check(const struct ike_crypto_suite *suite, bool ike_sa)
{
	const struct ike_encr_alg *encr;

	encr = ike_crypto_encr_alg(suite->encr, suite->encr_key_bits);
	if (!encr)
		return -ENOTSUP;
	if (suite->integ != IKE_INTEG_NONE &&
	    !ike_crypto_integ_alg(suite->integ))
		return -ENOTSUP;
	if (encr->info.aead != (suite->integ == IKE_INTEG_NONE))
		return -EINVAL;
	if (ike_sa && !ike_crypto_prf_alg(suite->prf))
		return -ENOTSUP;
	return 0;
}
