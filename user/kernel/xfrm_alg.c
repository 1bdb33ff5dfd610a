// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE transform ids -> the kernel's algorithm names, one table each.
 * The ids are IANA's (IKEv2 Transform Type 1 and 3), spelled out here
 * instead of including ike/ headers: user/ does not depend on ike/.
 * Key material is copied into the message and wiped from our stack copy;
 * it is never logged.
 */
#include <errno.h>
#include <string.h>
#include "xfrm_priv.h"
#include "log/log.h"

struct encr_map {
	uint16_t ike_id;
	const char *name;
	uint16_t icv_bits;	/* AEAD: the ICV; 0: a cipher needing integ */
	uint8_t salt;		/* octets of salt after the key */
};

static const struct encr_map encr_tab[] = {
	{ 12, "cbc(aes)", 0, 0 },		   /* ENCR_AES_CBC, RFC 3602 */
	{ 18, "rfc4106(gcm(aes))", 64, 4 },   /* ENCR_AES_GCM_8, RFC 4106 */
	{ 19, "rfc4106(gcm(aes))", 96, 4 },   /* ENCR_AES_GCM_12 */
	{ 20, "rfc4106(gcm(aes))", 128, 4 },  /* ENCR_AES_GCM_16 */
};

struct integ_map {
	uint16_t ike_id;
	const char *name;
	uint16_t trunc_bits;
	uint16_t key_len;	/* octets (RFC 4868: the hash size) */
};

static const struct integ_map integ_tab[] = {
	{ 12, "hmac(sha256)", 128, 32 },   /* AUTH_HMAC_SHA2_256_128, RFC 4868 */
	{ 13, "hmac(sha384)", 192, 48 },   /* AUTH_HMAC_SHA2_384_192 */
	{ 14, "hmac(sha512)", 256, 64 },   /* AUTH_HMAC_SHA2_512_256 */
};

#define INTEG_NONE 0	/* IKE: no integrity transform (AEAD) */

static const struct encr_map *find_encr(uint16_t id)
{
	for (size_t i = 0; i < sizeof(encr_tab) / sizeof(encr_tab[0]); i++)
		if (encr_tab[i].ike_id == id)
			return &encr_tab[i];
	return NULL;
}

static const struct integ_map *find_integ(uint16_t id)
{
	for (size_t i = 0; i < sizeof(integ_tab) / sizeof(integ_tab[0]); i++)
		if (integ_tab[i].ike_id == id)
			return &integ_tab[i];
	return NULL;
}

static int check_encr(const struct msa_ksa *sa, const struct encr_map *e)
{
	unsigned int want = sa->encr_key_bits / 8 + e->salt;

	if (sa->encr_key_bits != 128 && sa->encr_key_bits != 192 &&
	    sa->encr_key_bits != 256) {
		msa_err("xfrm: SA 0x%08x: AES key size %u bits (want 128, 192 "
			"or 256)", sa->spi, sa->encr_key_bits);
		return -EINVAL;
	}
	if (sa->encr_key_len != want || want > MSA_KEY_MAX) {
		msa_err("xfrm: SA 0x%08x: %s key of %u octets, want %u",
			sa->spi, e->name, sa->encr_key_len, want);
		return -EINVAL;
	}
	return 0;
}

static int put_aead(void *buf, const struct msa_ksa *sa,
		    const struct encr_map *e)
{
	union {
		struct xfrm_algo_aead a;
		uint8_t raw[sizeof(struct xfrm_algo_aead) + MSA_KEY_MAX];
	} u;
	int err;

	memset(&u, 0, sizeof(u));
	strncpy(u.a.alg_name, e->name, sizeof(u.a.alg_name) - 1);
	u.a.alg_key_len = sa->encr_key_len * 8;
	u.a.alg_icv_len = e->icv_bits;
	memcpy(u.a.alg_key, sa->encr_key, sa->encr_key_len);
	err = msa_xnl_put(buf, XFRMA_ALG_AEAD, sizeof(u.a) + sa->encr_key_len, &u);
	explicit_bzero(&u, sizeof(u));
	return err;
}

static int put_crypt(void *buf, const struct msa_ksa *sa,
		     const struct encr_map *e)
{
	union {
		struct xfrm_algo a;
		uint8_t raw[sizeof(struct xfrm_algo) + MSA_KEY_MAX];
	} u;
	int err;

	memset(&u, 0, sizeof(u));
	strncpy(u.a.alg_name, e->name, sizeof(u.a.alg_name) - 1);
	u.a.alg_key_len = sa->encr_key_len * 8;
	memcpy(u.a.alg_key, sa->encr_key, sa->encr_key_len);
	err = msa_xnl_put(buf, XFRMA_ALG_CRYPT, sizeof(u.a) + sa->encr_key_len, &u);
	explicit_bzero(&u, sizeof(u));
	return err;
}

static int put_auth(void *buf, const struct msa_ksa *sa)
{
	const struct integ_map *m = find_integ(sa->integ);
	union {
		struct xfrm_algo_auth a;
		uint8_t raw[sizeof(struct xfrm_algo_auth) + MSA_KEY_MAX];
	} u;
	int err;

	if (!m) {
		msa_err("xfrm: SA 0x%08x: integrity transform %u not supported "
			"(have 12, 13, 14: HMAC-SHA2-256/384/512)", sa->spi, sa->integ);
		return -EINVAL;
	}
	if (sa->integ_key_len != m->key_len) {
		msa_err("xfrm: SA 0x%08x: %s key of %u octets, want %u",
			sa->spi, m->name, sa->integ_key_len, m->key_len);
		return -EINVAL;
	}
	memset(&u, 0, sizeof(u));
	strncpy(u.a.alg_name, m->name, sizeof(u.a.alg_name) - 1);
	u.a.alg_key_len = m->key_len * 8;
	u.a.alg_trunc_len = m->trunc_bits;
	memcpy(u.a.alg_key, sa->integ_key, m->key_len);
	err = msa_xnl_put(buf, XFRMA_ALG_AUTH_TRUNC, sizeof(u.a) + m->key_len, &u);
	explicit_bzero(&u, sizeof(u));
	return err;
}

int msa_xalg_put(void *buf, const struct msa_ksa *sa)
{
	const struct encr_map *e = find_encr(sa->encr);
	int err;

	if (!e) {
		msa_err("xfrm: SA 0x%08x: encryption transform %u not supported "
			"(have 12 AES-CBC, 18/19/20 AES-GCM)", sa->spi, sa->encr);
		return -EINVAL;
	}
	err = check_encr(sa, e);
	if (err)
		return err;
	if (e->icv_bits) {
		if (sa->integ != INTEG_NONE) {
			msa_err("xfrm: SA 0x%08x: AEAD %s with integrity transform "
				"%u (want none)", sa->spi, e->name, sa->integ);
			return -EINVAL;
		}
		return put_aead(buf, sa, e);
	}
	err = put_crypt(buf, sa, e);
	return err ? err : put_auth(buf, sa);
}
