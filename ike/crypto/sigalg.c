// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The signature schemes of AUTH (pki.h): for method 14 (RFC 7427) the
 * AlgorithmIdentifier that precedes the signature, byte for byte as
 * RFC 7427 Appendix A lists them (RSASSA-PSS with SHA-384/512 built the
 * same way as A.4.3's SHA-256; Ed25519 from RFC 8420); for the classic
 * methods 1, 9, 10, 11 (RFC 7296 3.8, RFC 4754) their fixed hash.
 * RSASSA-PSS identifiers encoded otherwise: sigalg_pss.c.
 */
#include <stddef.h>
#include <string.h>

#include "pki_impl.h"

#define OID_RSA		0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01
#define OID_SHA2(n)	0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, \
			0x02, (n)
#define OID_ECDSA(n)	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, (n)

/* sha{256,384,512}WithRSAEncryption (A.1): OID, NULL parameters. */
#define PKCS1(n)	{ 0x30, 0x0d, OID_RSA, (n), 0x05, 0x00 }
/* ecdsa-with-SHA{256,384,512} (A.3): OID only. */
#define ECDSA(n)	{ 0x30, 0x0a, OID_ECDSA(n) }
/* RSASSA-PSS (A.4.3): hash n, MGF1 with hash n, salt = hash length. */
#define PSS(n, salt)	{ 0x30, 0x41, OID_RSA, 0x0a, 0x30, 0x34, \
			  0xa0, 0x0f, 0x30, 0x0d, OID_SHA2(n), 0x05, 0x00, \
			  0xa1, 0x1c, 0x30, 0x1a, OID_RSA, 0x08, \
			  0x30, 0x0d, OID_SHA2(n), 0x05, 0x00, \
			  0xa2, 0x03, 0x02, 0x01, (salt) }

static const uint8_t pss256[] = PSS(0x01, 32), pss384[] = PSS(0x02, 48),
		     pss512[] = PSS(0x03, 64);
static const uint8_t rsa256[] = PKCS1(0x0b), rsa384[] = PKCS1(0x0c),
		     rsa512[] = PKCS1(0x0d);
static const uint8_t ec256[] = ECDSA(0x02), ec384[] = ECDSA(0x03),
		     ec512[] = ECDSA(0x04);
static const uint8_t ed25519[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };

struct sig_alg {
	const char *name;
	const uint8_t *algid;
	size_t algid_len;
	enum ike_hash_alg hash;
	uint8_t classic;		/* AUTH method, or 0 for 14 */
	enum ike_key_type key;		/* IKE_KEY_ECDSA_256: any ECDSA */
};

#define A(x)	x, sizeof(x)
static const struct sig_alg algs[IKE_SIG_COUNT] = {
	[IKE_SIG_RSA_PSS_SHA256] = { "RSASSA-PSS SHA-256", A(pss256),
				     IKE_HASH_SHA2_256, 0, IKE_KEY_RSA },
	[IKE_SIG_RSA_PSS_SHA384] = { "RSASSA-PSS SHA-384", A(pss384),
				     IKE_HASH_SHA2_384, 0, IKE_KEY_RSA },
	[IKE_SIG_RSA_PSS_SHA512] = { "RSASSA-PSS SHA-512", A(pss512),
				     IKE_HASH_SHA2_512, 0, IKE_KEY_RSA },
	[IKE_SIG_RSA_PKCS1_SHA256] = { "RSA PKCS#1 SHA-256", A(rsa256),
				       IKE_HASH_SHA2_256, 0, IKE_KEY_RSA },
	[IKE_SIG_RSA_PKCS1_SHA384] = { "RSA PKCS#1 SHA-384", A(rsa384),
				       IKE_HASH_SHA2_384, 0, IKE_KEY_RSA },
	[IKE_SIG_RSA_PKCS1_SHA512] = { "RSA PKCS#1 SHA-512", A(rsa512),
				       IKE_HASH_SHA2_512, 0, IKE_KEY_RSA },
	[IKE_SIG_ECDSA_SHA256] = { "ECDSA SHA-256", A(ec256),
				   IKE_HASH_SHA2_256, 0, IKE_KEY_ECDSA_256 },
	[IKE_SIG_ECDSA_SHA384] = { "ECDSA SHA-384", A(ec384),
				   IKE_HASH_SHA2_384, 0, IKE_KEY_ECDSA_256 },
	[IKE_SIG_ECDSA_SHA512] = { "ECDSA SHA-512", A(ec512),
				   IKE_HASH_SHA2_512, 0, IKE_KEY_ECDSA_256 },
	[IKE_SIG_ED25519] = { "Ed25519", A(ed25519), IKE_HASH_IDENTITY, 0,
			      IKE_KEY_ED25519 },
	[IKE_SIG_RSA_PKCS1_SHA1] = { "RSA PKCS#1 SHA-1 (method 1)", NULL, 0,
				     IKE_HASH_SHA1, IKE_AUTH_RSA_SIG,
				     IKE_KEY_RSA },
	[IKE_SIG_ECDSA_256_RAW] = { "ECDSA P-256 SHA-256 (method 9)", NULL,
				    0, IKE_HASH_SHA2_256, IKE_AUTH_ECDSA_256,
				    IKE_KEY_ECDSA_256 },
	[IKE_SIG_ECDSA_384_RAW] = { "ECDSA P-384 SHA-384 (method 10)", NULL,
				    0, IKE_HASH_SHA2_384, IKE_AUTH_ECDSA_384,
				    IKE_KEY_ECDSA_384 },
	[IKE_SIG_ECDSA_521_RAW] = { "ECDSA P-521 SHA-512 (method 11)", NULL,
				    0, IKE_HASH_SHA2_512, IKE_AUTH_ECDSA_521,
				    IKE_KEY_ECDSA_521 },
};

static const struct sig_alg *alg(enum ike_sig_scheme s)
{
	return s > IKE_SIG_NONE && s < IKE_SIG_COUNT ? &algs[s] : NULL;
}

const uint8_t *ike_sig_algid(enum ike_sig_scheme s, size_t *len)
{
	const struct sig_alg *a = alg(s);

	*len = a ? a->algid_len : 0;
	return a ? a->algid : NULL;
}

enum ike_sig_scheme ike_sig_from_algid(const uint8_t *der, size_t len)
{
	for (int s = IKE_SIG_NONE + 1; s < IKE_SIG_COUNT; s++)
		if (algs[s].algid && algs[s].algid_len == len &&
		    !memcmp(algs[s].algid, der, len))
			return (enum ike_sig_scheme)s;
	switch (ike_sig_pss_hash(der, len)) {	/* PSS, encoded otherwise */
	case IKE_HASH_SHA2_256: return IKE_SIG_RSA_PSS_SHA256;
	case IKE_HASH_SHA2_384: return IKE_SIG_RSA_PSS_SHA384;
	case IKE_HASH_SHA2_512: return IKE_SIG_RSA_PSS_SHA512;
	default: return IKE_SIG_NONE;
	}
}

enum ike_hash_alg ike_sig_hash(enum ike_sig_scheme s)
{
	return alg(s) ? alg(s)->hash : 0;
}

uint8_t ike_sig_classic_method(enum ike_sig_scheme s)
{
	return alg(s) ? alg(s)->classic : 0;
}

const char *ike_sig_name(enum ike_sig_scheme s)
{
	return alg(s) ? alg(s)->name : "none";
}

static bool is_ecdsa(enum ike_key_type k)
{
	return k == IKE_KEY_ECDSA_256 || k == IKE_KEY_ECDSA_384 ||
	       k == IKE_KEY_ECDSA_521;
}

bool ike_sig_fits_key(enum ike_sig_scheme s, enum ike_key_type key)
{
	const struct sig_alg *a = alg(s);

	if (!a)
		return false;
	if (a->classic || !is_ecdsa(a->key))
		return a->key == key;
	return is_ecdsa(key);
}

enum ike_sig_scheme ike_sig_from_classic(uint8_t method,
					 enum ike_key_type key)
{
	for (int s = IKE_SIG_NONE + 1; s < IKE_SIG_COUNT; s++)
		if (algs[s].classic == method && algs[s].key == key)
			return (enum ike_sig_scheme)s;
	return IKE_SIG_NONE;
}

/* ECDSA: the hash that matches the curve's strength first. */
static const enum ike_sig_scheme ec_order[][3] = {
	{ IKE_SIG_ECDSA_SHA256, IKE_SIG_ECDSA_SHA384, IKE_SIG_ECDSA_SHA512 },
	{ IKE_SIG_ECDSA_SHA384, IKE_SIG_ECDSA_SHA512, IKE_SIG_ECDSA_SHA256 },
	{ IKE_SIG_ECDSA_SHA512, IKE_SIG_ECDSA_SHA384, IKE_SIG_ECDSA_SHA256 },
};
static const enum ike_sig_scheme rsa_order[] = {
	IKE_SIG_RSA_PSS_SHA256, IKE_SIG_RSA_PSS_SHA384, IKE_SIG_RSA_PSS_SHA512,
};

enum ike_sig_scheme ike_sig_choose(enum ike_key_type key, uint32_t hashes)
{
	const enum ike_sig_scheme *order = rsa_order;

	if (key == IKE_KEY_ED25519)
		return hashes & IKE_HASH_BIT(IKE_HASH_IDENTITY) ?
		       IKE_SIG_ED25519 : IKE_SIG_NONE;
	if (is_ecdsa(key))
		order = ec_order[key - IKE_KEY_ECDSA_256];
	else if (key != IKE_KEY_RSA)
		return IKE_SIG_NONE;
	for (int i = 0; i < 3; i++)
		if (hashes & IKE_HASH_BIT(algs[order[i]].hash))
			return order[i];
	return IKE_SIG_NONE;
}
