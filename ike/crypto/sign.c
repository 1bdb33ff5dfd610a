// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signing and verifying AUTH's signed octets (pki.h) with EVP_DigestSign:
 * RSASSA-PSS (we sign with salt = hash length and MGF1 with the same hash;
 * we verify any salt length, as sigalg_pss.c accepts any), RSA PKCS#1
 * v1.5, ECDSA (DER in method 14; r|s of the curve's size in RFC 4754's
 * methods 9-11) and Ed25519 (one-shot, no pre-hash).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "pki_impl.h"

static const char *digest_name(enum ike_hash_alg h)
{
	switch (h) {
	case IKE_HASH_SHA1: return "SHA1";
	case IKE_HASH_SHA2_256: return "SHA256";
	case IKE_HASH_SHA2_384: return "SHA384";
	case IKE_HASH_SHA2_512: return "SHA512";
	default: return NULL;
	}
}

static bool is_pss(enum ike_sig_scheme s)
{
	return s == IKE_SIG_RSA_PSS_SHA256 || s == IKE_SIG_RSA_PSS_SHA384 ||
	       s == IKE_SIG_RSA_PSS_SHA512;
}

static bool is_raw_ecdsa(enum ike_sig_scheme s)
{
	return s == IKE_SIG_ECDSA_256_RAW || s == IKE_SIG_ECDSA_384_RAW ||
	       s == IKE_SIG_ECDSA_521_RAW;
}

/* Octets of r and of s in methods 9, 10, 11. */
static size_t raw_half(enum ike_sig_scheme s)
{
	return s == IKE_SIG_ECDSA_256_RAW ? 32 :
	       s == IKE_SIG_ECDSA_384_RAW ? 48 : 66;
}

/* The pieces in one buffer: Ed25519 signs in one shot. */
static uint8_t *flatten(const struct ike_crypto_iov *in, size_t n,
			size_t *len)
{
	size_t total = 0, off = 0;
	uint8_t *buf;

	for (size_t i = 0; i < n; i++)
		total += in[i].len;
	buf = malloc(total ? total : 1);
	for (size_t i = 0; buf && i < n; i++) {
		memcpy(buf + off, in[i].base, in[i].len);
		off += in[i].len;
	}
	*len = total;
	return buf;
}

static EVP_MD_CTX *md_ctx(EVP_PKEY *pkey, enum ike_sig_scheme s, bool sign)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const char *md = s == IKE_SIG_ED25519 ? NULL :
			 digest_name(ike_sig_hash(s));
	EVP_PKEY_CTX *pctx = NULL;
	int ok;

	if (!ctx)
		return NULL;
	ok = sign ? EVP_DigestSignInit_ex(ctx, &pctx, md, NULL, NULL, pkey,
					  NULL) :
		    EVP_DigestVerifyInit_ex(ctx, &pctx, md, NULL, NULL, pkey,
					    NULL);
	if (ok == 1 && is_pss(s))
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING)
		     == 1 && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, sign ?
				RSA_PSS_SALTLEN_DIGEST : RSA_PSS_SALTLEN_AUTO)
		     == 1 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, md, NULL) == 1;
	else if (ok == 1 && ike_pkey_type(pkey) == IKE_KEY_RSA)
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
	if (ok != 1) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* DER ECDSA-Sig-Value -> r|s, each half octets. */
static int der_to_raw(const uint8_t *der, size_t len, size_t half,
		      uint8_t *out, size_t cap, size_t *out_len)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	int rc = -EIO;

	if (sig && 2 * half <= cap) {
		ECDSA_SIG_get0(sig, &r, &s);
		if (BN_bn2binpad(r, out, (int)half) == (int)half &&
		    BN_bn2binpad(s, out + half, (int)half) == (int)half) {
			*out_len = 2 * half;
			rc = 0;
		}
	}
	ECDSA_SIG_free(sig);
	return rc;
}

/* r|s -> DER; *der freed by the caller with OPENSSL_free. */
static int raw_to_der(const uint8_t *raw, size_t len, unsigned char **der,
		      size_t *der_len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)(len / 2), NULL);
	BIGNUM *s = BN_bin2bn(raw + len / 2, (int)(len / 2), NULL);
	int n = -1;

	if (sig && r && s && ECDSA_SIG_set0(sig, r, s)) {
		r = s = NULL;
		n = i2d_ECDSA_SIG(sig, der);
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		return -EBADMSG;
	*der_len = (size_t)n;
	return 0;
}

int ike_sig_sign(const struct ike_privkey *k, enum ike_sig_scheme s,
		 const struct ike_crypto_iov *in, size_t n_in, uint8_t *sig,
		 size_t cap, size_t *sig_len)
{
	uint8_t tmp[IKE_SIG_MAX];
	size_t len, tlen = sizeof(tmp);
	uint8_t *msg;
	EVP_MD_CTX *ctx;
	int rc = -EIO;

	if (!ike_sig_fits_key(s, k->type))
		return -EINVAL;
	msg = flatten(in, n_in, &len);
	ctx = msg ? md_ctx(k->pkey, s, true) : NULL;
	if (ctx && EVP_DigestSign(ctx, tmp, &tlen, msg, len) == 1)
		rc = 0;
	if (!rc && is_raw_ecdsa(s))
		rc = der_to_raw(tmp, tlen, raw_half(s), sig, cap, sig_len);
	else if (!rc && tlen > cap)
		rc = -ENOSPC;
	else if (!rc) {
		memcpy(sig, tmp, tlen);
		*sig_len = tlen;
	}
	EVP_MD_CTX_free(ctx);
	free(msg);
	ERR_clear_error();
	return rc;
}

int ike_sig_verify(const struct ike_x509 *c, enum ike_sig_scheme s,
		   const struct ike_crypto_iov *in, size_t n_in,
		   const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY *pub = X509_get0_pubkey(c->x);
	unsigned char *der = NULL;
	size_t len;
	uint8_t *msg;
	EVP_MD_CTX *ctx;
	int rc = 0;

	if (!pub || !ike_sig_fits_key(s, ike_pkey_type(pub)))
		return -EINVAL;
	if (is_raw_ecdsa(s)) {
		if (sig_len != 2 * raw_half(s))
			return -EBADMSG;
		rc = raw_to_der(sig, sig_len, &der, &sig_len);
		sig = der;
	}
	msg = rc ? NULL : flatten(in, n_in, &len);
	ctx = msg ? md_ctx(pub, s, false) : NULL;
	rc = ctx && EVP_DigestVerify(ctx, sig, sig_len, msg, len) == 1 ?
	     0 : -EBADMSG;
	EVP_MD_CTX_free(ctx);
	free(msg);
	OPENSSL_free(der);
	ERR_clear_error();
	return rc;
}
