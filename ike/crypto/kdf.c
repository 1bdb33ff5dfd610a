/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key derivation (RFC 7296 2.14, 2.17, 2.18): SKEYSEED, the seven keys of
 * an IKE SA, SKEYSEED on rekey, and the KEYMAT of a Child SA. Each key set
 * is one prf+ output held as a secret, cut into slices by the lengths the
 * negotiated transforms ask for.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto_impl.h"

/* RFC 7296 3.9 caps a nonce at 256 octets. */
#define NONCE_MAX 256

struct ike_child_keys {
	struct ike_crypto_suite suite;
	struct ike_secret *km;
	size_t off[IKE_CHILD_KEY_COUNT];
	size_t len[IKE_CHILD_KEY_COUNT];
};

/* Lays n slices of the given lengths end to end; returns the total. */
static size_t lay_slices(size_t *off, const size_t *len, size_t n)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		off[i] = total;
		total += len[i];
	}
	return total;
}

static int export_slice(const struct ike_secret *km, size_t off, size_t len,
			void *out, size_t out_len)
{
	if (out_len != len)
		return -EINVAL;
	memcpy(out, km->data + off, len);
	return 0;
}

static bool nonces_ok(const struct ike_crypto_nonces *n)
{
	return n->ni_len && n->ni_len <= NONCE_MAX &&
	       n->nr_len && n->nr_len <= NONCE_MAX;
}

/* A new secret of len bytes = prf+(key, seed...). */
static int prf_plus_secret(struct ike_secret **out, uint16_t prf_id,
			   const void *key, size_t key_len,
			   const struct ike_crypto_iov *seed, size_t n_seed,
			   size_t len)
{
	struct ike_prf_ctx *prf;
	int err;

	*out = NULL;
	err = ike_prf_new(&prf, prf_id, key, key_len);
	if (err)
		return err;
	err = ike_crypto_secret_alloc(out, len);
	if (!err)
		err = ike_prf_plus(prf, seed, n_seed, (*out)->data, len);
	if (err) {
		ike_crypto_secret_free(*out);
		*out = NULL;
	}
	ike_prf_free(prf);
	return err;
}

/* A new secret = prf(key, in...). */
static int prf_secret(struct ike_secret **out, uint16_t prf_id,
		      const void *key, size_t key_len,
		      const struct ike_crypto_iov *in, size_t n_in)
{
	struct ike_prf_ctx *prf;
	int err;

	*out = NULL;
	err = ike_prf_new(&prf, prf_id, key, key_len);
	if (err)
		return err;
	err = ike_crypto_secret_alloc(out, ike_prf_len(prf));
	if (!err)
		err = ike_prf_compute(prf, in, n_in, (*out)->data, (*out)->len);
	if (err) {
		ike_crypto_secret_free(*out);
		*out = NULL;
	}
	ike_prf_free(prf);
	return err;
}

int ike_crypto_skeyseed(struct ike_secret **out, uint16_t prf_id,
			const struct ike_secret *gir,
			const struct ike_crypto_nonces *n)
{
	struct ike_crypto_iov in = { gir->data, gir->len };
	uint8_t key[2 * NONCE_MAX];

	*out = NULL;
	if (!nonces_ok(n))
		return -EINVAL;
	memcpy(key, n->ni, n->ni_len);
	memcpy(key + n->ni_len, n->nr, n->nr_len);
	return prf_secret(out, prf_id, key, n->ni_len + n->nr_len, &in, 1);
}

/* SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr: their lengths. */
static int sa_key_lens(const struct ike_crypto_suite *s,
		       size_t len[IKE_SK_COUNT])
{
	const struct ike_integ_alg *integ = ike_crypto_integ_alg(s->integ);
	int err = ike_crypto_suite_check(s, true);

	if (err)
		return err;
	len[IKE_SK_D] = ike_crypto_prf_alg(s->prf)->info.out_len;
	len[IKE_SK_PI] = len[IKE_SK_PR] = len[IKE_SK_D];
	len[IKE_SK_AI] = len[IKE_SK_AR] = integ ? integ->info.key_len : 0;
	len[IKE_SK_EI] = len[IKE_SK_ER] =
		ike_crypto_encr_alg(s->encr, s->encr_key_bits)->info.keymat_len;
	return 0;
}

int ike_crypto_sa_keys_from_skeyseed(struct ike_sa_keys **out,
				     const struct ike_crypto_suite *suite,
				     const struct ike_secret *skeyseed,
				     const struct ike_crypto_nonces *n,
				     const uint8_t spi_i[IKE_CRYPTO_SPI_LEN],
				     const uint8_t spi_r[IKE_CRYPTO_SPI_LEN])
{
	struct ike_crypto_iov seed[] = {
		{ n->ni, n->ni_len }, { n->nr, n->nr_len },
		{ spi_i, IKE_CRYPTO_SPI_LEN }, { spi_r, IKE_CRYPTO_SPI_LEN },
	};
	struct ike_sa_keys *k;
	size_t total;
	int err;

	*out = NULL;
	if (!nonces_ok(n))
		return -EINVAL;
	k = OPENSSL_zalloc(sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->suite = *suite;
	err = sa_key_lens(suite, k->len);
	if (err)
		goto fail;
	total = lay_slices(k->off, k->len, IKE_SK_COUNT);
	err = prf_plus_secret(&k->km, suite->prf, skeyseed->data,
			      skeyseed->len, seed, 4, total);
	if (err)
		goto fail;
	*out = k;
	return 0;
fail:
	ike_crypto_sa_keys_free(k);
	return err;
}

int ike_crypto_sa_keys_derive(struct ike_sa_keys **out,
			      const struct ike_crypto_suite *suite,
			      const struct ike_secret *gir,
			      const struct ike_crypto_nonces *n,
			      const uint8_t spi_i[IKE_CRYPTO_SPI_LEN],
			      const uint8_t spi_r[IKE_CRYPTO_SPI_LEN])
{
	struct ike_secret *skeyseed;
	int err;

	*out = NULL;
	err = ike_crypto_skeyseed(&skeyseed, suite->prf, gir, n);
	if (err)
		return err;
	err = ike_crypto_sa_keys_from_skeyseed(out, suite, skeyseed, n,
					       spi_i, spi_r);
	ike_crypto_secret_free(skeyseed);
	return err;
}

int ike_crypto_skeyseed_rekey(struct ike_secret **out,
			      const struct ike_sa_keys *old,
			      const struct ike_secret *gir_new,
			      const struct ike_crypto_nonces *n)
{
	struct ike_crypto_iov in[] = {
		{ gir_new->data, gir_new->len },
		{ n->ni, n->ni_len }, { n->nr, n->nr_len },
	};

	*out = NULL;
	if (!nonces_ok(n))
		return -EINVAL;
	return prf_secret(out, old->suite.prf,
			  old->km->data + old->off[IKE_SK_D],
			  old->len[IKE_SK_D], in, 3);
}

int ike_crypto_sa_keys_rekey(struct ike_sa_keys **out,
			     const struct ike_sa_keys *old,
			     const struct ike_crypto_suite *suite,
			     const struct ike_secret *gir_new,
			     const struct ike_crypto_nonces *n,
			     const uint8_t spi_i[IKE_CRYPTO_SPI_LEN],
			     const uint8_t spi_r[IKE_CRYPTO_SPI_LEN])
{
	struct ike_secret *skeyseed;
	int err;

	*out = NULL;
	err = ike_crypto_skeyseed_rekey(&skeyseed, old, gir_new, n);
	if (err)
		return err;
	err = ike_crypto_sa_keys_from_skeyseed(out, suite, skeyseed, n,
					       spi_i, spi_r);
	ike_crypto_secret_free(skeyseed);
	return err;
}

void ike_crypto_sa_keys_free(struct ike_sa_keys *k)
{
	if (!k)
		return;
	ike_crypto_secret_free(k->km);
	OPENSSL_clear_free(k, sizeof(*k));
}

const struct ike_crypto_suite *
ike_crypto_sa_keys_suite(const struct ike_sa_keys *k)
{
	return &k->suite;
}

size_t ike_crypto_sa_keys_len(const struct ike_sa_keys *k,
			      enum ike_sa_key which)
{
	return (unsigned)which < IKE_SK_COUNT ? k->len[which] : 0;
}

int ike_crypto_sa_keys_export_for_test(const struct ike_sa_keys *k,
				       enum ike_sa_key which, void *out,
				       size_t out_len)
{
	if ((unsigned)which >= IKE_SK_COUNT)
		return -EINVAL;
	return export_slice(k->km, k->off[which], k->len[which], out, out_len);
}

/* Encryption key first, then integrity key; I->R before R->I. */
static int child_key_lens(const struct ike_crypto_suite *s,
			  size_t len[IKE_CHILD_KEY_COUNT])
{
	const struct ike_integ_alg *integ = ike_crypto_integ_alg(s->integ);
	int err = ike_crypto_suite_check(s, false);

	if (err)
		return err;
	len[IKE_CHILD_ENCR_I] = len[IKE_CHILD_ENCR_R] =
		ike_crypto_encr_alg(s->encr, s->encr_key_bits)->info.keymat_len;
	len[IKE_CHILD_INTEG_I] = len[IKE_CHILD_INTEG_R] =
		integ ? integ->info.key_len : 0;
	return 0;
}

int ike_crypto_child_keys_derive(struct ike_child_keys **out,
				 const struct ike_sa_keys *sa,
				 const struct ike_crypto_suite *esp,
				 const struct ike_secret *gir_new,
				 const struct ike_crypto_nonces *n)
{
	struct ike_crypto_iov seed[] = {
		{ gir_new ? gir_new->data : NULL, gir_new ? gir_new->len : 0 },
		{ n->ni, n->ni_len }, { n->nr, n->nr_len },
	};
	struct ike_child_keys *k;
	size_t total;
	int err;

	*out = NULL;
	if (!nonces_ok(n))
		return -EINVAL;
	k = OPENSSL_zalloc(sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->suite = *esp;
	err = child_key_lens(esp, k->len);
	if (err)
		goto fail;
	total = lay_slices(k->off, k->len, IKE_CHILD_KEY_COUNT);
	err = prf_plus_secret(&k->km, sa->suite.prf,
			      sa->km->data + sa->off[IKE_SK_D],
			      sa->len[IKE_SK_D], seed, 3, total);
	if (err)
		goto fail;
	*out = k;
	return 0;
fail:
	ike_crypto_child_keys_free(k);
	return err;
}

void ike_crypto_child_keys_free(struct ike_child_keys *k)
{
	if (!k)
		return;
	ike_crypto_secret_free(k->km);
	OPENSSL_clear_free(k, sizeof(*k));
}

size_t ike_crypto_child_keys_len(const struct ike_child_keys *k,
				 enum ike_child_key which)
{
	return (unsigned)which < IKE_CHILD_KEY_COUNT ? k->len[which] : 0;
}

int ike_crypto_child_keys_export(const struct ike_child_keys *k,
				 enum ike_child_key which, void *out,
				 size_t out_len)
{
	if ((unsigned)which >= IKE_CHILD_KEY_COUNT)
		return -EINVAL;
	return export_slice(k->km, k->off[which], k->len[which], out, out_len);
}
