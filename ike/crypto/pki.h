/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Public-key authentication (RFC 7296 2.15, RFC 7427, RFC 4754, RFC 8420):
 * X.509 certificates, private keys, trust anchors with CRLs, and the
 * signature schemes of the AUTH payload. Part of the crypto layer, as
 * opaque as crypto.h: no OpenSSL type appears here, nothing logs.
 *
 * Functions that can fail for a reason an operator must read take
 * (why, why_len) and write one line there: what failed and for which
 * certificate (its subject), e.g. "CN=b.example: certificate has expired
 * (notAfter 2026-01-01 00:00:00 UTC)".
 *
 *   x509.c     certificates: load, DER, subject, identities, SPKI hash
 *   privkey.c  private keys (PEM, optionally encrypted)
 *   trust.c    trust anchors, CRLs, chain validation
 *   sigalg.c   the RFC 7427 AlgorithmIdentifier table, hash algorithms
 *   sign.c     signing and verifying AUTH data
 */
#ifndef IKE_CRYPTO_PKI_H
#define IKE_CRYPTO_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

/* ---- Certificates -------------------------------------------------------- */

struct ike_x509;

/* A PEM (or DER) file: 0, -ENOENT/-EACCES (cannot read), -EINVAL (no
 * certificate in it). */
int ike_x509_load(struct ike_x509 **out, const char *path, char *why,
		  size_t why_len);
/* From a CERT payload's data (DER). 0 or -EINVAL. */
int ike_x509_from_der(struct ike_x509 **out, const uint8_t *der, size_t len);
/* Another reference to the same certificate. */
struct ike_x509 *ike_x509_ref(struct ike_x509 *c);
void ike_x509_free(struct ike_x509 *c);
/* The DER encoding, as a CERT payload carries it. */
const uint8_t *ike_x509_der(const struct ike_x509 *c, size_t *len);
/* "CN=b.example, O=..." for logs; always NUL-terminated. */
void ike_x509_subject(const struct ike_x509 *c, char *buf, size_t len);
/* The subject DN's DER (an ID_DER_ASN1_DN identity). 0 or -ENOSPC. */
int ike_x509_subject_der(const struct ike_x509 *c, uint8_t *out, size_t cap,
			 size_t *len);
/* Does the certificate hold this IKE identity (wire.h's ID types)?
 * DN: the subject; FQDN, RFC822, IPv4/6: a subjectAltName entry. */
bool ike_x509_has_id(const struct ike_x509 *c, uint8_t id_type,
		     const uint8_t *data, size_t len);
/* 0, or -EKEYEXPIRED (expired or not yet valid) with why set. */
int ike_x509_check_time(const struct ike_x509 *c, char *why, size_t why_len);
/* SHA-1 of the SubjectPublicKeyInfo (a CERTREQ CA entry, RFC 7296 3.7). */
int ike_x509_spki_sha1(const struct ike_x509 *c,
		       uint8_t out[IKE_CRYPTO_SHA1_LEN]);
/* Two DNs (DER) are the same name (OpenSSL's canonical comparison:
 * string types and case of values do not matter). */
bool ike_x509_dn_equal(const uint8_t *a, size_t a_len, const uint8_t *b,
		       size_t b_len);
/* A DN (DER) as one line of text, "O=x, CN=y": 0 or -EINVAL. */
int ike_x509_dn_text(const uint8_t *der, size_t len, char *buf,
		     size_t buf_len);
/* "C=CH, O=x, CN=y" (OpenSSL's one-line forms too) to DER: 0 or -EINVAL. */
int ike_x509_dn_parse(const char *s, uint8_t *out, size_t cap, size_t *len);

/* ---- Private keys -------------------------------------------------------- */

/* The key types we sign and verify with. */
enum ike_key_type {
	IKE_KEY_NONE,
	IKE_KEY_RSA,
	IKE_KEY_ECDSA_256,	/* P-256 */
	IKE_KEY_ECDSA_384,
	IKE_KEY_ECDSA_521,
	IKE_KEY_ED25519,
};

struct ike_privkey;

/* A PEM file, encrypted if pass is not NULL. 0, -ENOENT/-EACCES,
 * -EKEYREJECTED (wrong or missing passphrase, or not a key),
 * -ENOTSUP (a key type of none of the above). */
int ike_privkey_load(struct ike_privkey **out, const char *path,
		     const char *pass, char *why, size_t why_len);
/* The same from an open file (the one whose mode was checked); path only
 * names it in why. */
int ike_privkey_load_fd(struct ike_privkey **out, int fd, const char *path,
			const char *pass, char *why, size_t why_len);
struct ike_privkey *ike_privkey_ref(struct ike_privkey *k);
void ike_privkey_free(struct ike_privkey *k);
enum ike_key_type ike_privkey_type(const struct ike_privkey *k);
/* Is k the private half of the certificate's public key? */
bool ike_privkey_matches(const struct ike_privkey *k,
			 const struct ike_x509 *c);
/* The type of a certificate's public key (IKE_KEY_NONE: unsupported). */
enum ike_key_type ike_x509_key_type(const struct ike_x509 *c);

/* ---- Trust anchors and validation --------------------------------------- */

struct ike_trust;

int ike_trust_new(struct ike_trust **out);
void ike_trust_free(struct ike_trust *t);
/* A trust anchor (takes its own reference). */
int ike_trust_add_ca(struct ike_trust *t, struct ike_x509 *ca);
/* A CRL file (PEM or DER): 0 or -EINVAL with why set. Revocation is
 * checked for every certificate whose issuer has a CRL loaded. */
int ike_trust_add_crl(struct ike_trust *t, const char *path, char *why,
		      size_t why_len);
size_t ike_trust_n_cas(const struct ike_trust *t);
/* CERTREQ's data: the SHA-1 SPKI hash of each anchor, concatenated. */
int ike_trust_certreq(const struct ike_trust *t, uint8_t *out, size_t cap,
		      size_t *len);
/*
 * Chain end -> chain[0..n) (untrusted intermediates, any order) -> an
 * anchor; dates, revocation, and digitalSignature in the end certificate's
 * keyUsage (if it has the extension). 0, or -EACCES with why naming the
 * certificate and the check that failed.
 */
int ike_trust_verify(const struct ike_trust *t, const struct ike_x509 *end,
		     struct ike_x509 *const *chain, size_t n, char *why,
		     size_t why_len);

/* ---- Signature schemes (RFC 7427 3, Appendix A; RFC 8420) ---------------- */

/* The Hash Algorithm Identifiers of SIGNATURE_HASH_ALGORITHMS. */
enum ike_hash_alg {
	IKE_HASH_SHA1 = 1,
	IKE_HASH_SHA2_256 = 2,
	IKE_HASH_SHA2_384 = 3,
	IKE_HASH_SHA2_512 = 4,
	IKE_HASH_IDENTITY = 5,		/* RFC 8420: EdDSA */
};
#define IKE_HASH_BIT(h)	(1u << (h))
/* The hashes we announce and verify with in method 14. */
#define IKE_HASH_OURS	(IKE_HASH_BIT(IKE_HASH_SHA2_256) | \
			 IKE_HASH_BIT(IKE_HASH_SHA2_384) | \
			 IKE_HASH_BIT(IKE_HASH_SHA2_512) | \
			 IKE_HASH_BIT(IKE_HASH_IDENTITY))

enum ike_sig_scheme {
	IKE_SIG_NONE,
	IKE_SIG_RSA_PSS_SHA256,
	IKE_SIG_RSA_PSS_SHA384,
	IKE_SIG_RSA_PSS_SHA512,
	IKE_SIG_RSA_PKCS1_SHA256,	/* sha256WithRSAEncryption */
	IKE_SIG_RSA_PKCS1_SHA384,
	IKE_SIG_RSA_PKCS1_SHA512,
	IKE_SIG_ECDSA_SHA256,		/* ecdsa-with-SHA256, DER r,s */
	IKE_SIG_ECDSA_SHA384,
	IKE_SIG_ECDSA_SHA512,
	IKE_SIG_ED25519,
	/* The classic AUTH methods, no AlgorithmIdentifier: */
	IKE_SIG_RSA_PKCS1_SHA1,		/* method 1 */
	IKE_SIG_ECDSA_256_RAW,		/* method 9: P-256, SHA-256, r|s */
	IKE_SIG_ECDSA_384_RAW,		/* method 10 */
	IKE_SIG_ECDSA_521_RAW,		/* method 11: P-521, SHA-512 */
	IKE_SIG_COUNT,
};

/* The DER AlgorithmIdentifier of a method-14 scheme (NULL for classic). */
const uint8_t *ike_sig_algid(enum ike_sig_scheme s, size_t *len);
/* The scheme whose AlgorithmIdentifier is exactly der, or IKE_SIG_NONE. */
enum ike_sig_scheme ike_sig_from_algid(const uint8_t *der, size_t len);
/* The SIGNATURE_HASH_ALGORITHMS value of a scheme (0: none). */
enum ike_hash_alg ike_sig_hash(enum ike_sig_scheme s);
/* The classic AUTH method of a scheme (0: it is method 14's). */
uint8_t ike_sig_classic_method(enum ike_sig_scheme s);
/* The scheme of a classic method for this key type, or IKE_SIG_NONE. */
enum ike_sig_scheme ike_sig_from_classic(uint8_t method,
					 enum ike_key_type key);
/* Does this scheme go with this key type? */
bool ike_sig_fits_key(enum ike_sig_scheme s, enum ike_key_type key);
/* For method 14 with a key of this type, given the peer's hashes (a mask
 * of IKE_HASH_BIT): the scheme we sign with, or IKE_SIG_NONE. */
enum ike_sig_scheme ike_sig_choose(enum ike_key_type key, uint32_t hashes);
const char *ike_sig_name(enum ike_sig_scheme s);

#define IKE_SIG_MAX	1024	/* signature octets: RSA up to 8192 bits */

/* Signs the octets (pieces concatenated): 0 or -EINVAL/-EIO. */
int ike_sig_sign(const struct ike_privkey *k, enum ike_sig_scheme s,
		 const struct ike_crypto_iov *in, size_t n_in, uint8_t *sig,
		 size_t cap, size_t *sig_len);
/* 0, or -EBADMSG if the signature does not verify. */
int ike_sig_verify(const struct ike_x509 *c, enum ike_sig_scheme s,
		   const struct ike_crypto_iov *in, size_t n_in,
		   const uint8_t *sig, size_t sig_len);

#endif /* IKE_CRYPTO_PKI_H */
