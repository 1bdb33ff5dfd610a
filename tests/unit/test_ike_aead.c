/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SK payload protection through the layer's buffer API.
 *
 * Known answers: McGrew & Viega, "The Galois/Counter Mode of Operation",
 * test cases 2, 4 (AES-128) and 14, 16 (AES-256), with nonce = salt | IV
 * as RFC 5282 builds it. IKE-shaped messages (header + SK header as AAD,
 * CBC + HMAC over header .. ciphertext) were computed with Python's
 * "cryptography" and hmac modules, independently of OpenSSL's EVP API as
 * used here. Then round trips for every transform, and every tampered or
 * badly padded message refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto_vec.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct ike_crypto_suite gcm128 = { IKE_ENCR_AES_GCM_16, 128, 0, 0 };
static const struct ike_crypto_suite gcm256 = { IKE_ENCR_AES_GCM_16, 256, 0, 0 };

static const struct ike_crypto_suite all_suites[] = {
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE, 0 },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, 0 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256, 0 },
};

/* ---- Known answers ---------------------------------------------------- */

/* A GCM context from hex key and salt. */
static struct ike_aead *gcm_new(const struct ike_crypto_suite *s,
				const char *key, const char *salt)
{
	struct vec k = vec_hex(key), n = vec_hex(salt);
	struct ike_aead *a;

	memcpy(k.b + k.len, n.b, n.len);
	assert_int_equal(ike_aead_new(&a, s, k.b, k.len + n.len, NULL, 0), 0);
	return a;
}

/* Test cases 2 and 14: zero key, zero IV (the first counter), no AAD. */
static void gcm_zero_case(const struct ike_crypto_suite *s, const char *key,
			  const char *c_and_t)
{
	struct ike_aead *a = gcm_new(s, key, "00000000");
	struct ike_aead_layout l;
	uint8_t buf[64] = { 0 };

	assert_int_equal(ike_aead_layout_encrypt(a, 0, 0, 15, &l), 0);
	assert_int_equal(l.iv_off, 0);
	assert_int_equal(l.text_len, 16);
	assert_int_equal(l.icv_off + l.icv_len, 8 + 16 + 16);
	assert_int_equal(ike_aead_encrypt(a, buf, sizeof(buf), &l, 15), 0);
	assert_equal_hex(buf, 8, "0000000000000000");
	assert_equal_hex(buf + 8, 32, c_and_t);
	ike_aead_free(a);
}

static void test_gcm_mv_2_14(void **state)
{
	gcm_zero_case(&gcm128, "00000000000000000000000000000000",
		      "0388dace60b6a392f328c2b971b2fe78"
		      "ab6e47d42cec13bdf53a67b21257bddf");
	gcm_zero_case(&gcm256, "00000000000000000000000000000000"
			       "00000000000000000000000000000000",
		      "cea7403d4d606b6e074ec5d3baf39d18"
		      "d0d1c8a799996bf0265b98b5d48ab919");
}

#define MV_AAD "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define MV_P "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d" \
	     "8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"

/*
 * Test cases 4 and 16 decrypted: AAD 20 bytes, IV cafebabe|facedbaddecaf888.
 * P's last byte, 0x39, reads as a Pad Length of 57: 2 bytes of payload.
 */
static void gcm_aad_case(const struct ike_crypto_suite *s, const char *key,
			 const char *c, const char *t)
{
	struct ike_aead *a = gcm_new(s, key, "cafebabe");
	struct vec aad = vec_hex(MV_AAD), iv = vec_hex("facedbaddecaf888");
	struct vec ct = vec_hex(c), tag = vec_hex(t);
	struct ike_aead_layout l;
	uint8_t buf[128];
	size_t plain;

	memcpy(buf, aad.b, 20);
	memcpy(buf + 20, iv.b, 8);
	memcpy(buf + 28, ct.b, 60);
	memcpy(buf + 88, tag.b, 16);
	assert_int_equal(ike_aead_layout_decrypt(a, 0, 20, 84, &l), 0);
	assert_int_equal(l.text_len, 60);
	assert_int_equal(ike_aead_decrypt(a, buf, 104, &l, &plain), 0);
	assert_int_equal(plain, 2);
	assert_equal_hex(buf + 28, 60, MV_P);
	ike_aead_free(a);
}

static void test_gcm_mv_4_16(void **state)
{
	gcm_aad_case(&gcm128, "feffe9928665731c6d6a8f9467308308",
		     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e23"
		     "29aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
		     "5bc94fbc3221a5db94fae95ae7121a47");
	gcm_aad_case(&gcm256, "feffe9928665731c6d6a8f9467308308"
			      "feffe9928665731c6d6a8f9467308308",
		     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd"
		     "2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
		     "76fc6ece0f4e1768cddf8853bb2d551b");
}

/* IKE header (28) | SK generic header (4): the AAD of the vectors below. */
#define IKE_AAD "010203040506070811121314151617182e20230800000001" \
		"0000000029000000"
#define GCM_KEY "000102030405060708090a0b0c0d0e0f"
#define GCM_SALT "a0a1a2a3"

/* Computed: an IKE-shaped AES-GCM-16-128 message, the key's first. */
static void test_gcm_ike_message(void **state)
{
	static const char inner[] = "IDi payload and friends, 37 bytes...";
	struct ike_aead *a = gcm_new(&gcm128, GCM_KEY, GCM_SALT);
	struct vec aad = vec_hex(IKE_AAD);
	struct ike_aead_layout l;
	uint8_t buf[128];

	assert_int_equal(ike_aead_layout_encrypt(a, 0, 32, 36, &l), 0);
	memcpy(buf, aad.b, 32);
	memcpy(buf + l.text_off, inner, 36);
	assert_int_equal(ike_aead_encrypt(a, buf, sizeof(buf), &l, 36), 0);
	assert_memory_equal(buf, aad.b, 32);
	assert_equal_hex(buf + 32, l.icv_off + l.icv_len - 32,
		"0000000000000000c319a7bd37ee4d033ca74e0310a41f800afabc927d04d059"
		"5f8b1b889617f60acad609e9a147259a8d5071013990ea870254a7a9dc");
	ike_aead_free(a);
}

/* Decrypts hex body after IKE_AAD; returns the result and plain length. */
static int open_ike(struct ike_aead *a, const char *body_hex, uint8_t *buf,
		    size_t *plain)
{
	struct vec aad = vec_hex(IKE_AAD), body = vec_hex(body_hex);
	struct ike_aead_layout l;

	memcpy(buf, aad.b, 32);
	memcpy(buf + 32, body.b, body.len);
	assert_int_equal(ike_aead_layout_decrypt(a, 0, 32, body.len, &l), 0);
	return ike_aead_decrypt(a, buf, 32 + body.len, &l, plain);
}

/* Computed: the same 32-byte text with Pad Length 3, then 200. */
static void test_gcm_bad_padding(void **state)
{
	struct ike_aead *a = gcm_new(&gcm128, GCM_KEY, GCM_SALT);
	uint8_t buf[128];
	size_t plain;

	assert_int_equal(open_ike(a,
		"00000000000000074fde9b84bab59953130089cc9dd0e35dbc99734d64a0fa6c"
		"e2e3bff4c11676d215448bb5d591108c9c9872ee106914ae", buf, &plain), 0);
	assert_int_equal(plain, 28);
	assert_memory_equal(buf + 40, "sixteen byte msg", 16);
	assert_int_equal(open_ike(a,
		"00000000000000074fde9b84bab59953130089cc9dd0e35dbc99734d64a0fa6c"
		"e2e3bff4c11676190cb4434ad86566120b197b2d1f394737", buf, &plain),
		-EBADMSG);
	assert_int_equal(plain, 0);
	ike_aead_free(a);
}

/* Computed: AES-CBC-128 + HMAC-SHA2-256-128, Pad Length 11, then 200. */
static void test_cbc_ike_message(void **state)
{
	struct ike_crypto_suite s = all_suites[2];
	struct vec ek = vec_hex("2b7e151628aed2a6abf7158809cf4f3c");
	struct vec ik = vec_hex("00112233445566778899aabbccddeeff"
				"00112233445566778899aabbccddeeff");
	struct ike_aead *a;
	uint8_t buf[128];
	size_t plain;

	assert_int_equal(ike_aead_new(&a, &s, ek.b, ek.len, ik.b, ik.len), 0);
	assert_int_equal(open_ike(a,
		"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff8aa27a2384fc7dcd61e32244fc9c3952"
		"01a559bf69839cdb8cee22cf55630e7f4e2863fb96f4a799211fd46ffa522769",
		buf, &plain), 0);
	assert_int_equal(plain, 20);
	assert_memory_equal(buf + 48, "twenty bytes inner.!", 20);
	assert_int_equal(open_ike(a,
		"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff8aa27a2384fc7dcd61e32244fc9c3952"
		"35dab5f24fc62ee75a547cdc48e4d10debff282093456a59e183637d4995e72c",
		buf, &plain), -EBADMSG);
	ike_aead_free(a);
}

/* ---- Round trips and tampering ------------------------------------------ */

/* A sender and a receiver with the same random keys. */
static void pair_new(const struct ike_crypto_suite *s, struct ike_aead **tx,
		     struct ike_aead **rx)
{
	const struct ike_encr_info *e;
	const struct ike_integ_info *i = NULL;
	uint8_t ek[36], ik[64];
	size_t ilen = 0;

	assert_int_equal(ike_crypto_encr_lookup(s->encr, s->encr_key_bits, &e), 0);
	if (s->integ) {
		assert_int_equal(ike_crypto_integ_lookup(s->integ, &i), 0);
		ilen = i->key_len;
	}
	assert_int_equal(ike_crypto_random(ek, sizeof(ek)), 0);
	assert_int_equal(ike_crypto_random(ik, sizeof(ik)), 0);
	assert_int_equal(ike_aead_new(tx, s, ek, e->keymat_len, ik, ilen), 0);
	assert_int_equal(ike_aead_new(rx, s, ek, e->keymat_len, ik, ilen), 0);
}

/* Builds a message: 28-byte "header" at 4, SK header, plain_len payload. */
static void seal(struct ike_aead *tx, uint8_t *buf, size_t size,
		 size_t plain_len, struct ike_aead_layout *l)
{
	assert_int_equal(ike_aead_layout_encrypt(tx, 4, 32, plain_len, l), 0);
	assert_true(l->icv_off + l->icv_len <= size);
	for (size_t i = 0; i < l->text_off; i++)
		buf[i] = (uint8_t)(0xa0 + i);
	for (size_t i = 0; i < plain_len; i++)
		buf[l->text_off + i] = (uint8_t)i;
	assert_int_equal(ike_aead_encrypt(tx, buf, size, l, plain_len), 0);
}

static void test_round_trips(void **state)
{
	static const size_t lens[] = { 0, 1, 15, 16, 17, 100, 1000 };
	uint8_t buf[1200];

	for (size_t s = 0; s < ARRAY_SIZE(all_suites); s++) {
		const struct ike_crypto_suite *su = &all_suites[s];
		struct ike_aead *tx, *rx;

		pair_new(su, &tx, &rx);
		for (size_t n = 0; n < ARRAY_SIZE(lens); n++) {
			struct ike_aead_layout l, r;
			size_t plain;

			seal(tx, buf, sizeof(buf), lens[n], &l);
			assert_true(l.text_len % (su->integ ? 16 : 1) == 0);
			assert_int_equal(ike_aead_layout_decrypt(rx, 4, 32,
					 l.icv_off + l.icv_len - l.iv_off, &r), 0);
			assert_memory_equal(&l, &r, sizeof(l));
			assert_int_equal(ike_aead_decrypt(rx, buf, sizeof(buf),
							  &r, &plain), 0);
			assert_int_equal(plain, lens[n]);
			for (size_t i = 0; i < plain; i++)
				assert_int_equal(buf[l.text_off + i], (uint8_t)i);
		}
		ike_aead_free(tx);
		ike_aead_free(rx);
	}
}

/* One flipped bit anywhere in header, IV, text or ICV is refused. */
static void test_tampering(void **state)
{
	uint8_t buf[256], copy[256];

	for (size_t s = 0; s < ARRAY_SIZE(all_suites); s++) {
		size_t where[5], plain = 99;
		struct ike_aead_layout l;
		struct ike_aead *tx, *rx;

		pair_new(&all_suites[s], &tx, &rx);
		seal(tx, buf, sizeof(buf), 40, &l);
		memcpy(copy, buf, sizeof(buf));
		where[0] = l.aad_off + 17;		/* the IKE header */
		where[1] = l.aad_off + l.aad_len - 1;	/* the SK header */
		where[2] = l.iv_off;
		where[3] = l.text_off + 5;
		where[4] = l.icv_off + l.icv_len - 1;
		for (size_t w = 0; w < ARRAY_SIZE(where); w++) {
			memcpy(buf, copy, sizeof(buf));
			buf[where[w]] ^= 0x04;
			assert_int_equal(ike_aead_decrypt(rx, buf, sizeof(buf),
							  &l, &plain), -EBADMSG);
			assert_int_equal(plain, 0);
		}
		memcpy(buf, copy, sizeof(buf));
		assert_int_equal(ike_aead_decrypt(rx, buf, sizeof(buf), &l,
						  &plain), 0);
		assert_int_equal(plain, 40);
		ike_aead_free(tx);
		ike_aead_free(rx);
	}
}

/* AES-GCM explicit IVs never repeat under one key: a counter. */
static void test_gcm_iv_counter(void **state)
{
	struct ike_aead *tx, *rx;
	struct ike_aead_layout l;
	uint8_t buf[128];

	pair_new(&gcm256, &tx, &rx);
	for (uint8_t i = 0; i < 3; i++) {
		seal(tx, buf, sizeof(buf), 10, &l);
		assert_int_equal(buf[l.iv_off + 7], i);
		assert_int_equal(buf[l.iv_off], 0);
	}
	ike_aead_free(tx);
	ike_aead_free(rx);
}

/* The two directions of an IKE SA use different keys. */
static void test_sa_directions(void **state)
{
	struct ike_crypto_suite s = {
		IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256,
		IKE_PRF_HMAC_SHA2_512,
	};
	static const uint8_t ni[32] = { 1 }, nr[32] = { 2 }, spi[8] = { 3 };
	struct ike_crypto_nonces n = { ni, 32, nr, 32 };
	struct ike_aead *i2r_tx, *i2r_rx, *r2i;
	struct ike_secret *gir;
	struct ike_sa_keys *k;
	struct ike_aead_layout l;
	uint8_t buf[256], copy[256];
	size_t plain;

	assert_int_equal(ike_crypto_secret_new(&gir, "g^ir", 4), 0);
	assert_int_equal(ike_crypto_sa_keys_derive(&k, &s, gir, &n, spi, spi), 0);
	assert_int_equal(ike_aead_new_sa(&i2r_tx, k, IKE_CRYPTO_I2R), 0);
	assert_int_equal(ike_aead_new_sa(&i2r_rx, k, IKE_CRYPTO_I2R), 0);
	assert_int_equal(ike_aead_new_sa(&r2i, k, IKE_CRYPTO_R2I), 0);
	seal(i2r_tx, buf, sizeof(buf), 50, &l);
	memcpy(copy, buf, sizeof(buf));
	assert_int_equal(ike_aead_decrypt(r2i, buf, sizeof(buf), &l, &plain),
			 -EBADMSG);
	assert_int_equal(ike_aead_decrypt(i2r_rx, copy, sizeof(copy), &l,
					  &plain), 0);
	assert_int_equal(plain, 50);
	ike_aead_free(i2r_tx);
	ike_aead_free(i2r_rx);
	ike_aead_free(r2i);
	ike_crypto_sa_keys_free(k);
	ike_crypto_secret_free(gir);
}

/* ---- Bad layouts and keys ------------------------------------------------- */

static void test_bad_layouts(void **state)
{
	struct ike_aead *tx, *rx;
	struct ike_aead_layout l, bad;
	uint8_t buf[512];
	size_t plain;

	pair_new(&all_suites[2], &tx, &rx);	/* CBC: iv 16, icv 16 */
	assert_int_equal(ike_aead_layout_decrypt(rx, 0, 32, 32, &l), -EBADMSG);
	assert_int_equal(ike_aead_layout_decrypt(rx, 0, 32, 16 + 17 + 16, &l),
			 -EBADMSG);
	assert_int_equal(ike_aead_layout_decrypt(rx, 0, 32, 16 + 16 + 16, &l), 0);
	assert_int_equal(ike_aead_layout_encrypt(tx, 0, 32, 15, &l), 0);
	assert_int_equal(l.text_len, 16);
	assert_int_equal(ike_aead_layout_encrypt(tx, 0, 32, 16, &l), 0);
	assert_int_equal(l.text_len, 32);
	/* The buffer ends before the ICV does. */
	assert_int_equal(ike_aead_encrypt(tx, buf, l.icv_off + l.icv_len - 1,
					  &l, 16), -EINVAL);
	/* Parts not end to end, or not the transform's sizes. */
	bad = l;
	bad.text_off++;
	assert_int_equal(ike_aead_encrypt(tx, buf, sizeof(buf), &bad, 16), -EINVAL);
	bad = l;
	bad.icv_len = 12;
	assert_int_equal(ike_aead_decrypt(rx, buf, sizeof(buf), &bad, &plain),
			 -EINVAL);
	bad = l;
	bad.text_len = 24;
	bad.icv_off = bad.text_off + 24;
	assert_int_equal(ike_aead_encrypt(tx, buf, sizeof(buf), &bad, 16), -EINVAL);
	/* The payloads do not fit the text, or would need > 255 padding. */
	assert_int_equal(ike_aead_encrypt(tx, buf, sizeof(buf), &l, 32), -EINVAL);
	bad = l;
	bad.text_len = 272;
	bad.icv_off = bad.text_off + 272;
	assert_int_equal(ike_aead_encrypt(tx, buf, sizeof(buf), &bad, 16), 0);
	assert_int_equal(ike_aead_encrypt(tx, buf, sizeof(buf), &bad, 0), -EINVAL);
	ike_aead_free(tx);
	ike_aead_free(rx);
}

static void test_bad_keys(void **state)
{
	struct ike_crypto_suite cbc_none = { IKE_ENCR_AES_CBC, 128, 0, 0 };
	struct ike_crypto_suite gcm_integ = { IKE_ENCR_AES_GCM_16, 128,
					      IKE_INTEG_HMAC_SHA2_256_128, 0 };
	struct ike_crypto_suite des = { 3, 0, IKE_INTEG_HMAC_SHA2_256_128, 0 };
	uint8_t key[64] = { 0 };
	struct ike_aead *a;

	assert_int_equal(ike_aead_new(&a, &gcm128, key, 16, NULL, 0), -EINVAL);
	assert_null(a);
	assert_int_equal(ike_aead_new(&a, &gcm128, key, 20, key, 32), -EINVAL);
	assert_int_equal(ike_aead_new(&a, &all_suites[2], key, 16, key, 16),
			 -EINVAL);
	assert_int_equal(ike_aead_new(&a, &cbc_none, key, 16, NULL, 0), -EINVAL);
	assert_int_equal(ike_aead_new(&a, &gcm_integ, key, 20, key, 32), -EINVAL);
	assert_int_equal(ike_aead_new(&a, &des, key, 24, key, 32), -ENOTSUP);
	ike_aead_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcm_mv_2_14),
		cmocka_unit_test(test_gcm_mv_4_16),
		cmocka_unit_test(test_gcm_ike_message),
		cmocka_unit_test(test_gcm_bad_padding),
		cmocka_unit_test(test_cbc_ike_message),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_gcm_iv_counter),
		cmocka_unit_test(test_sa_directions),
		cmocka_unit_test(test_bad_layouts),
		cmocka_unit_test(test_bad_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
