// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The signature schemes of AUTH (crypto/sigalg.c, sign.c): the
 * AlgorithmIdentifier blobs of RFC 7427 Appendix A (and RFC 8420's
 * Ed25519) byte for byte as the RFCs print them, their parsing back, the
 * choice of a scheme from the peer's SIGNATURE_HASH_ALGORITHMS, the
 * classic methods, and RFC 8032's Ed25519 test 1 signed by our signer.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/pki.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Hex with spaces, as the RFCs' dumps: into out, returns the length. */
static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned int v;

		if (*s == ' ')
			continue;
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		assert_true(n < cap);
		out[n++] = (uint8_t)v;
		s++;
	}
	return n;
}

struct algid_vec {
	enum ike_sig_scheme s;
	const char *hex;
	int nid;		/* the OID OpenSSL reads from it */
	enum ike_hash_alg hash;
};

static const struct algid_vec vecs[] = {
	/* A.1.2-A.1.4 sha{256,384,512}WithRSAEncryption */
	{ IKE_SIG_RSA_PKCS1_SHA256, "300d 0609 2a86 4886 f70d 0101 0b05 00",
	  NID_sha256WithRSAEncryption, IKE_HASH_SHA2_256 },
	{ IKE_SIG_RSA_PKCS1_SHA384, "300d 0609 2a86 4886 f70d 0101 0c05 00",
	  NID_sha384WithRSAEncryption, IKE_HASH_SHA2_384 },
	{ IKE_SIG_RSA_PKCS1_SHA512, "300d 0609 2a86 4886 f70d 0101 0d05 00",
	  NID_sha512WithRSAEncryption, IKE_HASH_SHA2_512 },
	/* A.3.1-A.3.3 ecdsa-with-sha{256,384,512} */
	{ IKE_SIG_ECDSA_SHA256, "300a 0608 2a86 48ce 3d04 0302",
	  NID_ecdsa_with_SHA256, IKE_HASH_SHA2_256 },
	{ IKE_SIG_ECDSA_SHA384, "300a 0608 2a86 48ce 3d04 0303",
	  NID_ecdsa_with_SHA384, IKE_HASH_SHA2_384 },
	{ IKE_SIG_ECDSA_SHA512, "300a 0608 2a86 48ce 3d04 0304",
	  NID_ecdsa_with_SHA512, IKE_HASH_SHA2_512 },
	/* A.4.3 RSASSA-PSS with SHA-256 (MGF1 SHA-256, salt 32) */
	{ IKE_SIG_RSA_PSS_SHA256, "3041 0609 2a86 4886 f70d 0101 0a30 34a0 "
	  "0f30 0d06 0960 8648 0165 0304 0201 0500 a11c 301a 0609 2a86 "
	  "4886 f70d 0101 0830 0d06 0960 8648 0165 0304 0201 0500 a203 "
	  "0201 20", NID_rsassaPss, IKE_HASH_SHA2_256 },
	/* the same shape with SHA-384 / SHA-512 and their salt lengths */
	{ IKE_SIG_RSA_PSS_SHA384, "3041 0609 2a86 4886 f70d 0101 0a30 34a0 "
	  "0f30 0d06 0960 8648 0165 0304 0202 0500 a11c 301a 0609 2a86 "
	  "4886 f70d 0101 0830 0d06 0960 8648 0165 0304 0202 0500 a203 "
	  "0201 30", NID_rsassaPss, IKE_HASH_SHA2_384 },
	{ IKE_SIG_RSA_PSS_SHA512, "3041 0609 2a86 4886 f70d 0101 0a30 34a0 "
	  "0f30 0d06 0960 8648 0165 0304 0203 0500 a11c 301a 0609 2a86 "
	  "4886 f70d 0101 0830 0d06 0960 8648 0165 0304 0203 0500 a203 "
	  "0201 40", NID_rsassaPss, IKE_HASH_SHA2_512 },
	/* RFC 8420 3: id-Ed25519 */
	{ IKE_SIG_ED25519, "3005 0603 2b65 70", NID_ED25519,
	  IKE_HASH_IDENTITY },
};

static void test_algid_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vecs); i++) {
		const struct algid_vec *v = &vecs[i];
		uint8_t want[128];
		size_t n = unhex(v->hex, want, sizeof(want)), len;
		const uint8_t *got = ike_sig_algid(v->s, &len);
		const unsigned char *p = want;
		X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, (long)n);
		const ASN1_OBJECT *oid;

		print_message("%s\n", ike_sig_name(v->s));
		/* what we send */
		assert_non_null(got);
		assert_int_equal(len, n);
		assert_memory_equal(got, want, n);
		/* what we accept */
		assert_int_equal(ike_sig_from_algid(want, n), v->s);
		assert_int_equal(ike_sig_hash(v->s), v->hash);
		assert_int_equal(ike_sig_classic_method(v->s), 0);
		/* and it is the DER of that algorithm, for OpenSSL too */
		assert_non_null(alg);
		assert_ptr_equal(p, want + n);
		X509_ALGOR_get0(&oid, NULL, NULL, alg);
		assert_int_equal(OBJ_obj2nid(oid), v->nid);
		X509_ALGOR_free(alg);
	}
}

static void test_algid_refused(void **state)
{
	uint8_t v[64];
	size_t n;

	(void)state;
	/* A.1.1 sha1WithRSAEncryption: no SHA-1 in method 14 (RFC 8247) */
	n = unhex("300d 0609 2a86 4886 f70d 0101 0505 00", v, sizeof(v));
	assert_int_equal(ike_sig_from_algid(v, n), IKE_SIG_NONE);
	/* cut short, one octet changed */
	n = unhex("300a 0608 2a86 48ce 3d04 0302", v, sizeof(v));
	assert_int_equal(ike_sig_from_algid(v, n - 1), IKE_SIG_NONE);
	v[n - 1] = 0x05;
	assert_int_equal(ike_sig_from_algid(v, n), IKE_SIG_NONE);
	assert_int_equal(ike_sig_from_algid(v, 0), IKE_SIG_NONE);
	/* classic schemes have no AlgorithmIdentifier */
	assert_null(ike_sig_algid(IKE_SIG_RSA_PKCS1_SHA1, &n));
	assert_int_equal(n, 0);
}

/* RSASSA-PSS encoded otherwise than we do (RFC 4055 allows it). */
static void test_pss_other_encodings(void **state)
{
	static const struct { const char *hex; enum ike_sig_scheme s; } v[] = {
		/* SHA-256 without the NULLs, salt 32 */
		{ "303d 0609 2a86 4886 f70d 0101 0a30 30a0 0d30 0b06 0960 8648 "
		  "0165 0304 0201 a11a 3018 0609 2a86 4886 f70d 0101 0830 0b06 "
		  "0960 8648 0165 0304 0201 a203 0201 20",
		  IKE_SIG_RSA_PSS_SHA256 },
		/* SHA-384, salt 0, trailerField 1 */
		{ "3046 0609 2a86 4886 f70d 0101 0a30 39a0 0f30 0d06 0960 8648 "
		  "0165 0304 0202 0500 a11c 301a 0609 2a86 4886 f70d 0101 0830 "
		  "0d06 0960 8648 0165 0304 0202 0500 a203 0201 00a3 0302 0101",
		  IKE_SIG_RSA_PSS_SHA384 },
		/* SHA-256 with MGF1-SHA-512: refused */
		{ "3041 0609 2a86 4886 f70d 0101 0a30 34a0 0f30 0d06 0960 8648 "
		  "0165 0304 0201 0500 a11c 301a 0609 2a86 4886 f70d 0101 0830 "
		  "0d06 0960 8648 0165 0304 0203 0500 a203 0201 20", IKE_SIG_NONE },
		/* default parameters (SHA-1): refused */
		{ "300b 0609 2a86 4886 f70d 0101 0a", IKE_SIG_NONE },
		/* trailerField 2: refused */
		{ "3046 0609 2a86 4886 f70d 0101 0a30 39a0 0f30 0d06 0960 8648 "
		  "0165 0304 0202 0500 a11c 301a 0609 2a86 4886 f70d 0101 0830 "
		  "0d06 0960 8648 0165 0304 0202 0500 a203 0201 00a3 0302 0102",
		  IKE_SIG_NONE },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint8_t der[128];
		size_t n = unhex(v[i].hex, der, sizeof(der));

		print_message("%zu\n", i);
		assert_int_equal(ike_sig_from_algid(der, n), v[i].s);
	}
}

#define H(x) IKE_HASH_BIT(IKE_HASH_##x)

struct choice {
	enum ike_key_type key;
	uint32_t hashes;
	enum ike_sig_scheme want;
};

static const struct choice choices[] = {
	{ IKE_KEY_RSA, H(SHA2_256) | H(SHA2_384), IKE_SIG_RSA_PSS_SHA256 },
	{ IKE_KEY_RSA, H(SHA2_512), IKE_SIG_RSA_PSS_SHA512 },
	{ IKE_KEY_RSA, H(SHA1), IKE_SIG_NONE },
	{ IKE_KEY_ECDSA_256, H(SHA2_256) | H(SHA2_512), IKE_SIG_ECDSA_SHA256 },
	{ IKE_KEY_ECDSA_384, H(SHA2_256) | H(SHA2_384), IKE_SIG_ECDSA_SHA384 },
	{ IKE_KEY_ECDSA_384, H(SHA2_256), IKE_SIG_ECDSA_SHA256 },
	{ IKE_KEY_ECDSA_521, H(SHA2_256) | H(SHA2_384) | H(SHA2_512),
	  IKE_SIG_ECDSA_SHA512 },
	{ IKE_KEY_ED25519, H(IDENTITY), IKE_SIG_ED25519 },
	{ IKE_KEY_ED25519, H(SHA2_256) | H(SHA2_512), IKE_SIG_NONE },
	{ IKE_KEY_NONE, IKE_HASH_OURS, IKE_SIG_NONE },
};

static void test_choose(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(choices); i++)
		assert_int_equal(ike_sig_choose(choices[i].key,
						choices[i].hashes),
				 choices[i].want);
}

static void test_classic(void **state)
{
	(void)state;
	assert_int_equal(ike_sig_from_classic(IKE_AUTH_RSA_SIG, IKE_KEY_RSA),
			 IKE_SIG_RSA_PKCS1_SHA1);
	assert_int_equal(ike_sig_from_classic(IKE_AUTH_ECDSA_256,
					      IKE_KEY_ECDSA_256),
			 IKE_SIG_ECDSA_256_RAW);
	assert_int_equal(ike_sig_from_classic(IKE_AUTH_ECDSA_384,
					      IKE_KEY_ECDSA_384),
			 IKE_SIG_ECDSA_384_RAW);
	assert_int_equal(ike_sig_from_classic(IKE_AUTH_ECDSA_521,
					      IKE_KEY_ECDSA_521),
			 IKE_SIG_ECDSA_521_RAW);
	/* RFC 4754: the method names the curve */
	assert_int_equal(ike_sig_from_classic(IKE_AUTH_ECDSA_256,
					      IKE_KEY_ECDSA_384), IKE_SIG_NONE);
	assert_int_equal(ike_sig_from_classic(IKE_AUTH_RSA_SIG,
					      IKE_KEY_ED25519), IKE_SIG_NONE);
	assert_int_equal(ike_sig_classic_method(IKE_SIG_ECDSA_521_RAW),
			 IKE_AUTH_ECDSA_521);
	/* method 14 ECDSA fits any curve, classic only its own */
	assert_true(ike_sig_fits_key(IKE_SIG_ECDSA_SHA256, IKE_KEY_ECDSA_521));
	assert_false(ike_sig_fits_key(IKE_SIG_ECDSA_384_RAW,
				      IKE_KEY_ECDSA_256));
	assert_false(ike_sig_fits_key(IKE_SIG_RSA_PSS_SHA256,
				      IKE_KEY_ECDSA_256));
}

/* RFC 8032 7.1, TEST 1: the empty message. */
static void test_ed25519_vector(void **state)
{
	uint8_t seed[32], want[64], sig[IKE_SIG_MAX];
	char path[] = "/tmp/test_ike_pki.XXXXXX", why[256];
	struct ike_privkey *k;
	EVP_PKEY *pkey;
	size_t len;
	FILE *f;
	int fd;

	(void)state;
	unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	      seed, sizeof(seed));
	unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
	      want, sizeof(want));
	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	assert_non_null(pkey);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_int_equal(PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL,
					      NULL), 1);
	fclose(f);
	EVP_PKEY_free(pkey);
	assert_int_equal(ike_privkey_load(&k, path, NULL, why, sizeof(why)),
			 0);
	unlink(path);
	assert_int_equal(ike_privkey_type(k), IKE_KEY_ED25519);
	assert_int_equal(ike_sig_sign(k, IKE_SIG_ED25519, NULL, 0, sig,
				      sizeof(sig), &len), 0);
	assert_int_equal(len, 64);
	assert_memory_equal(sig, want, 64);
	/* a scheme that does not fit the key is refused */
	assert_int_equal(ike_sig_sign(k, IKE_SIG_RSA_PSS_SHA256, NULL, 0, sig,
				      sizeof(sig), &len), -EINVAL);
	ike_privkey_free(k);
}

static void test_dn_parse(void **state)
{
	uint8_t a[255], b[255];
	size_t la, lb;

	(void)state;
	assert_int_equal(ike_x509_dn_parse("C=CH, O=strongSwan, CN=gw", a,
					   sizeof(a), &la), 0);
	assert_int_equal(ike_x509_dn_parse("C=CH,O=strongswan,CN=GW", b,
					   sizeof(b), &lb), 0);
	/* canonical comparison: spaces and case do not matter */
	assert_true(ike_x509_dn_equal(a, la, b, lb));
	assert_int_equal(ike_x509_dn_parse("/C=CH/O=strongSwan/CN=other", b,
					   sizeof(b), &lb), 0);
	assert_false(ike_x509_dn_equal(a, la, b, lb));
	assert_int_not_equal(ike_x509_dn_parse("CN=x, =y", a, sizeof(a),
					       &la), 0);
	assert_int_not_equal(ike_x509_dn_parse("XX=y", a, sizeof(a), &la),
			     0);
	assert_int_not_equal(ike_x509_dn_parse("CN=x", a, 4, &la), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_algid_vectors),
		cmocka_unit_test(test_algid_refused),
		cmocka_unit_test(test_pss_other_encodings),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_classic),
		cmocka_unit_test(test_ed25519_vector),
		cmocka_unit_test(test_dn_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
