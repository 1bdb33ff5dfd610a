/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PRF and prf+ (RFC 7296 2.13) over EVP_MAC HMAC, and the HMAC the
 * AES-CBC integrity transforms share.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_impl.h"

/* prf+ concatenates T(n-1), the seed pieces and a counter. */
#define PRF_SEED_MAX 8

struct ike_prf_ctx {
	const struct ike_prf_alg *alg;
	EVP_MAC_CTX *keyed;	/* keyed and never finalised: uses dup it */
};

/* A new HMAC context keyed with key; NULL on any failure. */
static EVP_MAC_CTX *hmac_keyed(const char *digest, const void *key,
			       size_t key_len)
{
	static const unsigned char empty[1];
	char name[32];
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;

	snprintf(name, sizeof(name), "%s", digest);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     name, 0);
	params[1] = OSSL_PARAM_construct_end();
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return NULL;
	ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (!ctx)
		return NULL;
	if (!EVP_MAC_init(ctx, key_len ? key : empty, key_len, params)) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Feeds in... to a keyed context and writes out_len bytes of the MAC. */
static int hmac_finish(EVP_MAC_CTX *ctx, const struct ike_crypto_iov *in,
		       size_t n_in, void *out, size_t out_len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t md_len = 0;
	int err = -EIO;

	for (size_t i = 0; i < n_in; i++)
		if (in[i].len && !EVP_MAC_update(ctx, in[i].base, in[i].len))
			goto out;
	if (!EVP_MAC_final(ctx, md, &md_len, sizeof(md)))
		goto out;
	if (out_len > md_len) {
		err = -EINVAL;
		goto out;
	}
	memcpy(out, md, out_len);
	err = 0;
out:
	OPENSSL_cleanse(md, sizeof(md));
	return err;
}

int ike_crypto_hmac(const char *digest, const void *key, size_t key_len,
		    const struct ike_crypto_iov *in, size_t n_in, void *out,
		    size_t out_len)
{
	EVP_MAC_CTX *ctx = hmac_keyed(digest, key, key_len);
	int err;

	if (!ctx)
		return -EIO;
	err = hmac_finish(ctx, in, n_in, out, out_len);
	EVP_MAC_CTX_free(ctx);
	return err;
}

int ike_prf_new(struct ike_prf_ctx **out, uint16_t prf_id, const void *key,
		size_t key_len)
{
	const struct ike_prf_alg *alg = ike_crypto_prf_alg(prf_id);
	struct ike_prf_ctx *prf;

	*out = NULL;
	if (!alg)
		return -ENOTSUP;
	prf = OPENSSL_zalloc(sizeof(*prf));
	if (!prf)
		return -ENOMEM;
	prf->alg = alg;
	prf->keyed = hmac_keyed(alg->digest, key, key_len);
	if (!prf->keyed) {
		OPENSSL_free(prf);
		return -EIO;
	}
	*out = prf;
	return 0;
}

int ike_prf_new_secret(struct ike_prf_ctx **out, uint16_t prf_id,
		       const struct ike_secret *key)
{
	return ike_prf_new(out, prf_id, key->data, key->len);
}

/* EVP_MAC_CTX_free wipes the HMAC key state it holds. */
void ike_prf_free(struct ike_prf_ctx *prf)
{
	if (!prf)
		return;
	EVP_MAC_CTX_free(prf->keyed);
	OPENSSL_free(prf);
}

size_t ike_prf_len(const struct ike_prf_ctx *prf)
{
	return prf->alg->info.out_len;
}

int ike_prf_compute(const struct ike_prf_ctx *prf,
		    const struct ike_crypto_iov *in, size_t n_in, void *out,
		    size_t out_len)
{
	EVP_MAC_CTX *ctx;
	int err;

	if (out_len != prf->alg->info.out_len)
		return -EINVAL;
	ctx = EVP_MAC_CTX_dup(prf->keyed);
	if (!ctx)
		return -ENOMEM;
	err = hmac_finish(ctx, in, n_in, out, out_len);
	EVP_MAC_CTX_free(ctx);
	return err;
}

/*
 * prf+ (K,S) = T1 | T2 | T3 | ...
 *   T1 = prf (K, S | 0x01),  Tn = prf (K, Tn-1 | S | n),  n <= 255.
 */
int ike_prf_plus(const struct ike_prf_ctx *prf,
		 const struct ike_crypto_iov *seed, size_t n_seed, void *out,
		 size_t out_len)
{
	size_t plen = prf->alg->info.out_len, done = 0;
	struct ike_crypto_iov in[PRF_SEED_MAX + 2];
	uint8_t t[EVP_MAX_MD_SIZE], n = 1;
	int err = 0;

	if (out_len > 255 * plen)
		return -ERANGE;
	if (n_seed > PRF_SEED_MAX)
		return -EINVAL;
	in[0] = (struct ike_crypto_iov){ t, 0 };	/* no T0 */
	memcpy(&in[1], seed, n_seed * sizeof(*seed));
	in[n_seed + 1] = (struct ike_crypto_iov){ &n, 1 };
	while (done < out_len) {
		size_t take = out_len - done < plen ? out_len - done : plen;

		err = ike_prf_compute(prf, in, n_seed + 2, t, plen);
		if (err)
			break;
		memcpy((uint8_t *)out + done, t, take);
		done += take;
		in[0].len = plen;
		n++;
	}
	OPENSSL_cleanse(t, sizeof(t));
	if (err)
		OPENSSL_cleanse(out, out_len);
	return err;
}
