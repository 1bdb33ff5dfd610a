/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SK payload protection, in place on the caller's buffer:
 *   AES-GCM-16 (RFC 5282): nonce = 4-byte salt | 8-byte explicit IV, the
 *     explicit IV a per-key counter; AAD = IKE header .. SK generic header;
 *     16-byte ICV.
 *   AES-CBC + HMAC-SHA2 (RFC 7296 3.14, RFC 4868): random 16-byte IV;
 *     ICV = truncated HMAC over IKE header .. last ciphertext byte, checked
 *     before anything is decrypted.
 * Both: inner payloads | padding | Pad Length, aligned to the block size.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_impl.h"

/* No IKE message comes near: keeps every offset sum far from overflow. */
#define AEAD_PART_MAX (1u << 20)
#define AEAD_KEY_MAX 32
#define AEAD_SALT_MAX 4
#define AEAD_INTEG_MAX 64

struct ike_aead {
	const struct ike_encr_alg *encr;
	const struct ike_integ_alg *integ;	/* NULL with AES-GCM */
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx;
	uint64_t iv_seq;	/* AES-GCM: the next explicit IV */
	uint8_t key[AEAD_KEY_MAX];
	uint8_t salt[AEAD_SALT_MAX];
	uint8_t integ_key[AEAD_INTEG_MAX];
};

static int aead_keys(struct ike_aead *a, const uint8_t *encr_key,
		     size_t encr_len, const uint8_t *integ_key,
		     size_t integ_len)
{
	const struct ike_encr_info *e = &a->encr->info;
	size_t want_integ = a->integ ? a->integ->info.key_len : 0;

	if (encr_len != e->keymat_len || integ_len != want_integ)
		return -EINVAL;
	memcpy(a->key, encr_key, e->key_len);
	memcpy(a->salt, encr_key + e->key_len, e->salt_len);
	if (integ_len)
		memcpy(a->integ_key, integ_key, integ_len);
	return 0;
}

int ike_aead_new(struct ike_aead **out, const struct ike_crypto_suite *suite,
		 const void *encr_key, size_t encr_len, const void *integ_key,
		 size_t integ_len)
{
	struct ike_aead *a;
	int err;

	*out = NULL;
	err = ike_crypto_suite_check(suite, false);
	if (err)
		return err;
	a = OPENSSL_zalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->encr = ike_crypto_encr_alg(suite->encr, suite->encr_key_bits);
	a->integ = ike_crypto_integ_alg(suite->integ);
	err = aead_keys(a, encr_key, encr_len, integ_key, integ_len);
	if (err)
		goto fail;
	err = -EIO;
	a->cipher = EVP_CIPHER_fetch(NULL, a->encr->cipher, NULL);
	a->ctx = EVP_CIPHER_CTX_new();
	if (!a->cipher || !a->ctx)
		goto fail;
	*out = a;
	return 0;
fail:
	ike_aead_free(a);
	return err;
}

int ike_aead_new_sa(struct ike_aead **out, const struct ike_sa_keys *k,
		    enum ike_crypto_dir dir)
{
	enum ike_sa_key e = dir == IKE_CRYPTO_I2R ? IKE_SK_EI : IKE_SK_ER;
	enum ike_sa_key i = dir == IKE_CRYPTO_I2R ? IKE_SK_AI : IKE_SK_AR;

	return ike_aead_new(out, &k->suite, k->km->data + k->off[e], k->len[e],
			    k->km->data + k->off[i], k->len[i]);
}

void ike_aead_free(struct ike_aead *a)
{
	if (!a)
		return;
	EVP_CIPHER_CTX_free(a->ctx);
	EVP_CIPHER_free(a->cipher);
	OPENSSL_clear_free(a, sizeof(*a));
}

static size_t aead_icv_len(const struct ike_aead *a)
{
	return a->integ ? a->integ->info.icv_len : a->encr->info.icv_len;
}

/* Places IV, text and ICV after [aad_off, aad_off + aad_len). */
static void layout_fill(const struct ike_aead *a, size_t aad_off,
			size_t aad_len, size_t text_len,
			struct ike_aead_layout *l)
{
	l->aad_off = aad_off;
	l->aad_len = aad_len;
	l->iv_off = aad_off + aad_len;
	l->iv_len = a->encr->info.iv_len;
	l->text_off = l->iv_off + l->iv_len;
	l->text_len = text_len;
	l->icv_off = l->text_off + text_len;
	l->icv_len = aead_icv_len(a);
}

int ike_aead_layout_encrypt(const struct ike_aead *a, size_t aad_off,
			    size_t aad_len, size_t plain_len,
			    struct ike_aead_layout *l)
{
	size_t block = a->encr->info.block_len;
	size_t text = plain_len + 1;		/* the Pad Length byte */

	if (aad_off > AEAD_PART_MAX || aad_len > AEAD_PART_MAX ||
	    plain_len > AEAD_PART_MAX)
		return -EINVAL;
	text = (text + block - 1) / block * block;
	layout_fill(a, aad_off, aad_len, text, l);
	return 0;
}

int ike_aead_layout_decrypt(const struct ike_aead *a, size_t aad_off,
			    size_t aad_len, size_t body_len,
			    struct ike_aead_layout *l)
{
	size_t fixed = a->encr->info.iv_len + aead_icv_len(a);

	if (aad_off > AEAD_PART_MAX || aad_len > AEAD_PART_MAX ||
	    body_len > AEAD_PART_MAX)
		return -EINVAL;
	if (body_len <= fixed ||
	    (body_len - fixed) % a->encr->info.block_len)
		return -EBADMSG;
	layout_fill(a, aad_off, aad_len, body_len - fixed, l);
	return 0;
}

/* The layout is one this transform can have, inside buf_len. */
static int layout_check(const struct ike_aead *a, size_t buf_len,
			const struct ike_aead_layout *l)
{
	struct ike_aead_layout want;

	if (l->aad_off > AEAD_PART_MAX || l->aad_len > AEAD_PART_MAX ||
	    l->text_len > AEAD_PART_MAX || l->text_len == 0 ||
	    l->text_len % a->encr->info.block_len)
		return -EINVAL;
	layout_fill(a, l->aad_off, l->aad_len, l->text_len, &want);
	if (memcmp(&want, l, sizeof(want)) ||
	    !ike_crypto_in(l->aad_off, l->icv_off + l->icv_len - l->aad_off,
			   buf_len))
		return -EINVAL;
	return 0;
}

/* The AES-GCM nonce: salt | explicit IV. */
static void gcm_nonce(const struct ike_aead *a, const uint8_t *iv,
		      uint8_t nonce[12])
{
	memcpy(nonce, a->salt, 4);
	memcpy(nonce + 4, iv, 8);
}

static int gcm_seal(struct ike_aead *a, uint8_t *buf,
		    const struct ike_aead_layout *l)
{
	uint8_t nonce[12], *text = buf + l->text_off;
	uint64_t seq = a->iv_seq;
	int n, err = 0;

	if (seq == UINT64_MAX)
		return -EOVERFLOW;
	a->iv_seq++;
	for (int i = 7; i >= 0; i--, seq >>= 8)
		buf[l->iv_off + i] = (uint8_t)seq;
	gcm_nonce(a, buf + l->iv_off, nonce);
	if (!EVP_EncryptInit_ex2(a->ctx, a->cipher, a->key, nonce, NULL) ||
	    (l->aad_len && !EVP_EncryptUpdate(a->ctx, NULL, &n,
					      buf + l->aad_off,
					      (int)l->aad_len)) ||
	    !EVP_EncryptUpdate(a->ctx, text, &n, text, (int)l->text_len) ||
	    !EVP_EncryptFinal_ex(a->ctx, text + n, &n) ||
	    !EVP_CIPHER_CTX_ctrl(a->ctx, EVP_CTRL_AEAD_GET_TAG,
				 (int)l->icv_len, buf + l->icv_off))
		err = -EIO;
	OPENSSL_cleanse(nonce, sizeof(nonce));	/* holds the salt */
	return err;
}

/* -EBADMSG when the tag does not match. */
static int gcm_open(struct ike_aead *a, uint8_t *buf,
		    const struct ike_aead_layout *l)
{
	uint8_t nonce[12], *text = buf + l->text_off;
	int n, err = 0;

	gcm_nonce(a, buf + l->iv_off, nonce);
	if (!EVP_DecryptInit_ex2(a->ctx, a->cipher, a->key, nonce, NULL) ||
	    (l->aad_len && !EVP_DecryptUpdate(a->ctx, NULL, &n,
					      buf + l->aad_off,
					      (int)l->aad_len)) ||
	    !EVP_DecryptUpdate(a->ctx, text, &n, text, (int)l->text_len) ||
	    !EVP_CIPHER_CTX_ctrl(a->ctx, EVP_CTRL_AEAD_SET_TAG,
				 (int)l->icv_len, buf + l->icv_off))
		err = -EIO;
	else if (EVP_DecryptFinal_ex(a->ctx, text + n, &n) <= 0)
		err = -EBADMSG;
	OPENSSL_cleanse(nonce, sizeof(nonce));
	return err;
}

/* HMAC over IKE header .. end of ciphertext, truncated to the ICV. */
static int cbc_icv(const struct ike_aead *a, const uint8_t *buf,
		   const struct ike_aead_layout *l, uint8_t *icv)
{
	struct ike_crypto_iov in = {
		buf + l->aad_off, l->icv_off - l->aad_off,
	};

	return ike_crypto_hmac(a->integ->digest, a->integ_key,
			       a->integ->info.key_len, &in, 1, icv,
			       l->icv_len);
}

/* Runs AES-CBC over [text] in place, without OpenSSL's padding. */
static int cbc_run(struct ike_aead *a, uint8_t *buf,
		   const struct ike_aead_layout *l, int enc)
{
	uint8_t *text = buf + l->text_off;
	int n;

	if (!EVP_CipherInit_ex2(a->ctx, a->cipher, a->key, buf + l->iv_off,
				enc, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(a->ctx, 0) ||
	    !EVP_CipherUpdate(a->ctx, text, &n, text, (int)l->text_len) ||
	    !EVP_CipherFinal_ex(a->ctx, text + n, &n))
		return -EIO;
	return 0;
}

static int cbc_seal(struct ike_aead *a, uint8_t *buf,
		    const struct ike_aead_layout *l)
{
	int err = ike_crypto_random(buf + l->iv_off, l->iv_len);

	if (!err)
		err = cbc_run(a, buf, l, 1);
	if (!err)
		err = cbc_icv(a, buf, l, buf + l->icv_off);
	return err;
}

/* The ICV first, in constant time; nothing is decrypted if it fails. */
static int cbc_open(struct ike_aead *a, uint8_t *buf,
		    const struct ike_aead_layout *l)
{
	uint8_t icv[AEAD_INTEG_MAX];
	int err = cbc_icv(a, buf, l, icv);

	if (!err && CRYPTO_memcmp(icv, buf + l->icv_off, l->icv_len))
		err = -EBADMSG;
	if (!err)
		err = cbc_run(a, buf, l, 0);
	OPENSSL_cleanse(icv, sizeof(icv));
	return err;
}

int ike_aead_encrypt(struct ike_aead *a, uint8_t *buf, size_t buf_len,
		     const struct ike_aead_layout *l, size_t plain_len)
{
	size_t pad;
	int err = layout_check(a, buf_len, l);

	if (err)
		return err;
	if (plain_len >= l->text_len || l->text_len - plain_len - 1 > 255)
		return -EINVAL;
	pad = l->text_len - plain_len - 1;
	memset(buf + l->text_off + plain_len, 0, pad);
	buf[l->text_off + l->text_len - 1] = (uint8_t)pad;
	return a->encr->info.aead ? gcm_seal(a, buf, l) : cbc_seal(a, buf, l);
}

int ike_aead_decrypt(struct ike_aead *a, uint8_t *buf, size_t buf_len,
		     const struct ike_aead_layout *l, size_t *plain_len)
{
	uint8_t pad;
	int err = layout_check(a, buf_len, l);

	*plain_len = 0;
	if (err)
		return err;
	err = a->encr->info.aead ? gcm_open(a, buf, l) : cbc_open(a, buf, l);
	if (!err) {
		pad = buf[l->text_off + l->text_len - 1];
		if ((size_t)pad + 1 > l->text_len)
			err = -EBADMSG;
	}
	if (err) {
		/* Plaintext that failed its checks is never handed out. */
		OPENSSL_cleanse(buf + l->text_off, l->text_len);
		return err;
	}
	*plain_len = l->text_len - pad - 1;
	return 0;
}
