/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IKEv2 crypto layer: the transform table, PRF and prf+ (RFC 7296 2.13),
 * key derivation (2.14, 2.17, 2.18), key exchange groups, and the protection
 * of SK payloads (3.14, RFC 5282).
 *
 * Built over OpenSSL 3 EVP, and opaque: no OpenSSL type appears here. Every
 * key lives in a struct that only this layer allocates, and every free wipes
 * it, on error paths too. Nothing here logs.
 *
 * Errors are 0 or a negative errno:
 *   -ENOTSUP  unknown or unsupported transform id, key length or group
 *   -EINVAL   bad argument: wrong length, bad peer public value, bad layout
 *   -EBADMSG  decryption refused: ICV mismatch or bad padding
 *   -ERANGE   more output asked of prf+ than it can give
 *   -EOVERFLOW an AES-GCM key would repeat an IV
 *   -ENOMEM   allocation failed
 *   -EIO      OpenSSL failed for another reason
 *
 * Functions whose names end in _for_test let tests feed fixed keys in or
 * read derived keys out; the daemon never calls them.
 */
#ifndef IKE_CRYPTO_H
#define IKE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec/wire.h"	/* IANA constants only: no OpenSSL either */

/*
 * Transform ids are wire.h's IANA constants (enum ike_encr, ike_prf,
 * ike_integ, ike_dh); this layer implements ENCR_AES_CBC and
 * ENCR_AES_GCM_16 (128/256), PRF_HMAC_SHA1 and PRF_HMAC_SHA2_256/384/512,
 * INTEG_HMAC_SHA2_256_128/384_192/512_256, DH_MODP2048, DH_ECP256,
 * DH_ECP384 and DH_CURVE25519. Everything else looks up as -ENOTSUP.
 */

/* ---- The transform table ----------------------------------------------- */

struct ike_encr_info {
	uint16_t id;
	uint16_t key_bits;	/* the Key Length attribute */
	const char *name;
	size_t key_len;		/* AES key, bytes */
	size_t salt_len;	/* 4 for GCM (RFC 4106 8.1), else 0 */
	size_t keymat_len;	/* key_len + salt_len: taken from KEYMAT */
	size_t iv_len;		/* 8 for GCM, 16 for CBC */
	size_t block_len;	/* payloads|padding|pad length align to it */
	size_t icv_len;		/* 16 for GCM; 0 for CBC (the INTEG's) */
	bool aead;
};

struct ike_prf_info {
	uint16_t id;
	const char *name;
	size_t out_len;		/* also the length of SK_d, SK_pi, SK_pr */
};

struct ike_integ_info {
	uint16_t id;
	const char *name;
	size_t key_len;		/* SK_ai, SK_ar */
	size_t icv_len;		/* the truncated HMAC */
};

struct ike_dh_info {
	uint16_t group;
	const char *name;
	size_t public_len;	/* the KE payload's Key Exchange Data */
	size_t secret_len;	/* g^ir, left-padded to this length */
};

/* Each returns 0 and points *out at a static entry, or -ENOTSUP. */
int ike_crypto_encr_lookup(uint16_t id, uint16_t key_bits,
			   const struct ike_encr_info **out);
int ike_crypto_prf_lookup(uint16_t id, const struct ike_prf_info **out);
int ike_crypto_integ_lookup(uint16_t id, const struct ike_integ_info **out);
int ike_dh_lookup(uint16_t group, const struct ike_dh_info **out);

/*
 * The transforms an SA negotiated. An IKE SA needs all four; a Child SA
 * (ESP) leaves prf 0. AES-GCM goes with INTEG_NONE, AES-CBC with an INTEG.
 */
struct ike_crypto_suite {
	uint16_t encr;
	uint16_t encr_key_bits;
	uint16_t integ;
	uint16_t prf;
};

int ike_crypto_suite_check(const struct ike_crypto_suite *suite, bool ike_sa);

/* ---- Random bytes ------------------------------------------------------- */

/* Nonces, SPIs, IVs. 0 or -EIO. */
int ike_crypto_random(void *buf, size_t len);

/* ---- Secrets: key material held by the layer ---------------------------- */

/* A byte string of key material: g^ir, SKEYSEED, a pre-shared key. */
struct ike_secret;

int ike_crypto_secret_new(struct ike_secret **out, const void *data,
			  size_t len);
void ike_crypto_secret_free(struct ike_secret *s);
size_t ike_crypto_secret_len(const struct ike_secret *s);
/* Copies the secret out; out_len must be its length. */
int ike_crypto_secret_export_for_test(const struct ike_secret *s, void *out,
				      size_t out_len);

/* ---- PRF and prf+ (RFC 7296 2.13) --------------------------------------- */

/* One input piece; a PRF input is a list of them, concatenated. */
struct ike_crypto_iov {
	const void *base;
	size_t len;
};

/* A keyed PRF. */
struct ike_prf_ctx;

int ike_prf_new(struct ike_prf_ctx **out, uint16_t prf_id, const void *key,
		size_t key_len);
int ike_prf_new_secret(struct ike_prf_ctx **out, uint16_t prf_id,
		       const struct ike_secret *key);
void ike_prf_free(struct ike_prf_ctx *prf);
size_t ike_prf_len(const struct ike_prf_ctx *prf);
/* prf(K, S): out_len must be ike_prf_len(). */
int ike_prf_compute(const struct ike_prf_ctx *prf,
		    const struct ike_crypto_iov *in, size_t n_in, void *out,
		    size_t out_len);
/*
 * prf+(K, S): any out_len up to 255 * ike_prf_len(), else -ERANGE; the
 * seed in at most 8 pieces.
 */
int ike_prf_plus(const struct ike_prf_ctx *prf,
		 const struct ike_crypto_iov *seed, size_t n_seed, void *out,
		 size_t out_len);

/* ---- Digests ------------------------------------------------------------ */

#define IKE_CRYPTO_SHA1_LEN 20

/* SHA-1 of the concatenated pieces: NAT_DETECTION_*_IP data. */
int ike_crypto_sha1(const struct ike_crypto_iov *in, size_t n_in,
		    uint8_t out[IKE_CRYPTO_SHA1_LEN]);

/* Constant-time comparison of MACs. */
bool ike_crypto_equal(const void *a, const void *b, size_t len);

/* ---- Key derivation (RFC 7296 2.14, 2.17, 2.18) -------------------------- */

/* Ni and Nr as they were in the Nonce payloads, without headers. */
struct ike_crypto_nonces {
	const uint8_t *ni;
	size_t ni_len;
	const uint8_t *nr;
	size_t nr_len;
};

#define IKE_CRYPTO_SPI_LEN 8

/* SKEYSEED = prf(Ni | Nr, g^ir) */
int ike_crypto_skeyseed(struct ike_secret **out, uint16_t prf_id,
			const struct ike_secret *gir,
			const struct ike_crypto_nonces *n);

/* SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr of one IKE SA. */
struct ike_sa_keys;

enum ike_sa_key {
	IKE_SK_D,
	IKE_SK_AI,
	IKE_SK_AR,
	IKE_SK_EI,	/* with AES-GCM: key | 4-byte salt */
	IKE_SK_ER,
	IKE_SK_PI,
	IKE_SK_PR,
	IKE_SK_COUNT,
};

/* {SK_d | SK_ai | ... | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) */
int ike_crypto_sa_keys_from_skeyseed(struct ike_sa_keys **out,
				     const struct ike_crypto_suite *suite,
				     const struct ike_secret *skeyseed,
				     const struct ike_crypto_nonces *n,
				     const uint8_t spi_i[IKE_CRYPTO_SPI_LEN],
				     const uint8_t spi_r[IKE_CRYPTO_SPI_LEN]);
/* Both steps, for IKE_SA_INIT. */
int ike_crypto_sa_keys_derive(struct ike_sa_keys **out,
			      const struct ike_crypto_suite *suite,
			      const struct ike_secret *gir,
			      const struct ike_crypto_nonces *n,
			      const uint8_t spi_i[IKE_CRYPTO_SPI_LEN],
			      const uint8_t spi_r[IKE_CRYPTO_SPI_LEN]);
/*
 * SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), with the old SA's PRF;
 * then the new SA's keys with the new suite, nonces and SPIs.
 */
int ike_crypto_skeyseed_rekey(struct ike_secret **out,
			      const struct ike_sa_keys *old,
			      const struct ike_secret *gir_new,
			      const struct ike_crypto_nonces *n);
int ike_crypto_sa_keys_rekey(struct ike_sa_keys **out,
			     const struct ike_sa_keys *old,
			     const struct ike_crypto_suite *suite,
			     const struct ike_secret *gir_new,
			     const struct ike_crypto_nonces *n,
			     const uint8_t spi_i[IKE_CRYPTO_SPI_LEN],
			     const uint8_t spi_r[IKE_CRYPTO_SPI_LEN]);
void ike_crypto_sa_keys_free(struct ike_sa_keys *k);
const struct ike_crypto_suite *
ike_crypto_sa_keys_suite(const struct ike_sa_keys *k);
size_t ike_crypto_sa_keys_len(const struct ike_sa_keys *k,
			      enum ike_sa_key which);
int ike_crypto_sa_keys_export_for_test(const struct ike_sa_keys *k,
				       enum ike_sa_key which, void *out,
				       size_t out_len);

/* The keys of one Child SA pair (ESP), in KEYMAT order (RFC 7296 2.17). */
struct ike_child_keys;

enum ike_child_key {
	IKE_CHILD_ENCR_I,	/* initiator -> responder; GCM: key | salt */
	IKE_CHILD_INTEG_I,	/* empty with AES-GCM */
	IKE_CHILD_ENCR_R,	/* responder -> initiator */
	IKE_CHILD_INTEG_R,
	IKE_CHILD_KEY_COUNT,
};

/*
 * KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); gir_new NULL without PFS.
 * For the Child SA of IKE_AUTH, Ni and Nr are those of IKE_SA_INIT.
 */
int ike_crypto_child_keys_derive(struct ike_child_keys **out,
				 const struct ike_sa_keys *sa,
				 const struct ike_crypto_suite *esp,
				 const struct ike_secret *gir_new,
				 const struct ike_crypto_nonces *n);
void ike_crypto_child_keys_free(struct ike_child_keys *k);
size_t ike_crypto_child_keys_len(const struct ike_child_keys *k,
				 enum ike_child_key which);
/* For the kernel's SA: copies one key out; out_len must be its length. */
int ike_crypto_child_keys_export(const struct ike_child_keys *k,
				 enum ike_child_key which, void *out,
				 size_t out_len);

/* ---- AUTH (RFC 7296 2.15) ------------------------------------------------ */

enum ike_crypto_dir {
	IKE_CRYPTO_I2R,		/* sent by the initiator: SK_ei, SK_ai, SK_pi */
	IKE_CRYPTO_R2I,		/* sent by the responder: SK_er, SK_ar, SK_pr */
};

/* MACedIDFor{I,R} = prf(SK_p{i,r}, ID payload body); out_len = PRF length. */
int ike_crypto_maced_id(const struct ike_sa_keys *k, enum ike_crypto_dir dir,
			const void *id_body, size_t id_len, void *out,
			size_t out_len);
/*
 * Shared key AUTH = prf(prf(key, "Key Pad for IKEv2"), signed octets),
 * signed octets = message | nonce | MACedID, given as pieces.
 */
int ike_crypto_psk_auth(uint16_t prf_id, const struct ike_secret *psk,
			const struct ike_crypto_iov *octets, size_t n_octets,
			void *out, size_t out_len);

/* ---- Key exchange ------------------------------------------------------- */

/* One ephemeral key pair of one group. */
struct ike_dh_key;

/* Generates a fresh key pair. */
int ike_dh_new(struct ike_dh_key **out, uint16_t group);
/*
 * A fixed private key, for known-answer tests: MODP a big-endian exponent,
 * ECP a big-endian scalar of the field's length, Curve25519 32 raw bytes.
 */
int ike_dh_new_private_for_test(struct ike_dh_key **out, uint16_t group,
				const void *priv, size_t priv_len);
void ike_dh_free(struct ike_dh_key *dh);
uint16_t ike_dh_group(const struct ike_dh_key *dh);
size_t ike_dh_public_len(const struct ike_dh_key *dh);
/* The public value as the KE payload carries it; out_len = public_len. */
int ike_dh_public(const struct ike_dh_key *dh, void *out, size_t out_len);
/*
 * g^ir from the peer's KE data. Refuses (-EINVAL) a wrong length, a MODP
 * value outside 1 < y < p-1 or outside the subgroup, an ECP point not on
 * the curve, an X25519 value that gives the all-zero secret.
 */
int ike_dh_compute(const struct ike_dh_key *dh, const void *peer,
		   size_t peer_len, struct ike_secret **gir);

/* ---- SK payload protection (RFC 7296 3.14, RFC 5282) --------------------- */

/* The keys and cipher state of one direction of one SA. */
struct ike_aead;

/*
 * From raw keys: encr_key is the ENCR keymat (with the salt for GCM),
 * integ_key the INTEG key (NULL, 0 for GCM).
 */
int ike_aead_new(struct ike_aead **out, const struct ike_crypto_suite *suite,
		 const void *encr_key, size_t encr_len, const void *integ_key,
		 size_t integ_len);
/* The keys of an IKE SA for messages sent in direction dir. */
int ike_aead_new_sa(struct ike_aead **out, const struct ike_sa_keys *k,
		    enum ike_crypto_dir dir);
void ike_aead_free(struct ike_aead *a);

/*
 * Where the parts of one protected message sit in the caller's buffer.
 * They follow each other with no gap:
 *
 *   aad_off                iv_off      text_off                 icv_off
 *   | IKE header .. SK hdr | IV        | payloads|pad|pad length | ICV |
 *
 * AES-GCM authenticates [aad] as AAD and encrypts [text]; AES-CBC
 * encrypts [text] and MACs [aad .. text]. text_len includes the padding
 * and the Pad Length byte.
 */
struct ike_aead_layout {
	size_t aad_off, aad_len;
	size_t iv_off, iv_len;
	size_t text_off, text_len;
	size_t icv_off, icv_len;
};

/*
 * The layout to build: plain_len bytes of inner payloads after
 * aad_off + aad_len, minimal padding. The message ends at
 * icv_off + icv_len: the builder writes that into the lengths in the
 * header and the SK payload before encrypting.
 */
int ike_aead_layout_encrypt(const struct ike_aead *a, size_t aad_off,
			    size_t aad_len, size_t plain_len,
			    struct ike_aead_layout *l);
/*
 * The layout of a received SK payload whose body (after its generic
 * header) has body_len bytes. -EBADMSG if it cannot hold IV and ICV or
 * the text is not block aligned.
 */
int ike_aead_layout_decrypt(const struct ike_aead *a, size_t aad_off,
			    size_t aad_len, size_t body_len,
			    struct ike_aead_layout *l);
/*
 * Encrypts in place: the first plain_len bytes of [text] are the inner
 * payloads; the rest of [text] gets the padding and Pad Length; [iv] and
 * [icv] are written.
 */
int ike_aead_encrypt(struct ike_aead *a, uint8_t *buf, size_t buf_len,
		     const struct ike_aead_layout *l, size_t plain_len);
/*
 * Checks the ICV (in constant time), then decrypts [text] in place and
 * checks the Pad Length. *plain_len is the inner payloads' length.
 * On -EBADMSG [text] is wiped.
 */
int ike_aead_decrypt(struct ike_aead *a, uint8_t *buf, size_t buf_len,
		     const struct ike_aead_layout *l, size_t *plain_len);

#endif /* IKE_CRYPTO_H */
