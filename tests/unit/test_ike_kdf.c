/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PRF, prf+ and key derivation against published vectors.
 *
 * PRF: RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA2) test cases.
 * KDF: the NIST CAVP/ACVP SP 800-135 IKEv2 samples. SHA-1: SKEYSEED,
 * DKM, DKM(Child SA), DKM(Child SA D-H), SKEYSEED(Rekey) as published
 * (also in libreswan's CAVP tests). SHA-256 and SHA-384: SKEYSEED, DKM and
 * SKEYSEED(Rekey) as published (NSS gtests ike-sha256/384 vectors, "from
 * NIST samples"). Values marked "computed" were not found published and
 * come from an independent implementation: Python's hmac module with
 * RFC 7296's prf+ written out, run on the same inputs.
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

/* ---- PRF ----------------------------------------------------------------- */

struct prf_case {
	uint16_t prf;
	const char *key;	/* hex */
	const char *data;	/* text */
	const char *out;
};

#define K_0B "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
#define K_JEFE "4a656665"
#define K_AA131 \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define D_1 "Hi There"
#define D_2 "what do ya want for nothing?"
#define D_6 "Test Using Larger Than Block-Size Key - Hash Key First"
#define D_7 "This is a test using a larger than block-size key and a larger " \
	"than block-size data. The key needs to be hashed before being used " \
	"by the HMAC algorithm."

static const struct prf_case prf_cases[] = {
	/* RFC 2202 section 3, test cases 1 and 2 */
	{ IKE_PRF_HMAC_SHA1, K_0B, D_1,
	  "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ IKE_PRF_HMAC_SHA1, K_JEFE, D_2,
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	/* RFC 4231 section 4, test cases 1, 2, 6, 7 */
	{ IKE_PRF_HMAC_SHA2_256, K_0B, D_1,
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ IKE_PRF_HMAC_SHA2_256, K_JEFE, D_2,
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ IKE_PRF_HMAC_SHA2_256, K_AA131, D_6,
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ IKE_PRF_HMAC_SHA2_256, K_AA131, D_7,
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
	{ IKE_PRF_HMAC_SHA2_384, K_0B, D_1,
	  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	  "faea9ea9076ede7f4af152e8b2fa9cb6" },
	{ IKE_PRF_HMAC_SHA2_384, K_JEFE, D_2,
	  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	  "8e2240ca5e69e2c78b3239ecfab21649" },
	{ IKE_PRF_HMAC_SHA2_384, K_AA131, D_6,
	  "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	  "0c2ef6ab4030fe8296248df163f44952" },
	{ IKE_PRF_HMAC_SHA2_384, K_AA131, D_7,
	  "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	  "a678cc31e799176d3860e6110c46523e" },
	{ IKE_PRF_HMAC_SHA2_512, K_0B, D_1,
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ IKE_PRF_HMAC_SHA2_512, K_JEFE, D_2,
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ IKE_PRF_HMAC_SHA2_512, K_AA131, D_6,
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
	{ IKE_PRF_HMAC_SHA2_512, K_AA131, D_7,
	  "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
};

static void test_prf_vectors(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(prf_cases); i++) {
		const struct prf_case *c = &prf_cases[i];
		struct vec key = vec_hex(c->key);
		struct ike_crypto_iov in = { c->data, strlen(c->data) };
		uint8_t out[64];
		struct ike_prf_ctx *prf;

		assert_int_equal(ike_prf_new(&prf, c->prf, key.b, key.len), 0);
		assert_int_equal(ike_prf_compute(prf, &in, 1, out,
						 ike_prf_len(prf)), 0);
		assert_equal_hex(out, ike_prf_len(prf), c->out);
		ike_prf_free(prf);
	}
}

/* Input in pieces is the same as input in one piece. */
static void test_prf_pieces(void **state)
{
	struct ike_crypto_iov in[] = { { "what do ", 8 }, { "", 0 },
				       { "ya want for nothing?", 20 } };
	uint8_t out[32];
	struct ike_prf_ctx *prf;

	assert_int_equal(ike_prf_new(&prf, IKE_PRF_HMAC_SHA2_256,
				     "Jefe", 4), 0);
	assert_int_equal(ike_prf_compute(prf, in, 3, out, sizeof(out)), 0);
	assert_equal_hex(out, sizeof(out), prf_cases[3].out);
	/* The keyed PRF is reusable. */
	assert_int_equal(ike_prf_compute(prf, in, 3, out, sizeof(out)), 0);
	assert_equal_hex(out, sizeof(out), prf_cases[3].out);
	assert_int_equal(ike_prf_compute(prf, in, 3, out, 20), -EINVAL);
	ike_prf_free(prf);
}

static void test_prf_plus_limits(void **state)
{
	static uint8_t out[255 * 20 + 1];
	struct ike_crypto_iov seed = { "seed", 4 };
	struct ike_prf_ctx *prf;

	assert_int_equal(ike_prf_new(&prf, IKE_PRF_HMAC_SHA1, "k", 1), 0);
	assert_int_equal(ike_prf_plus(prf, &seed, 1, out, 255 * 20), 0);
	assert_int_equal(ike_prf_plus(prf, &seed, 1, out, 255 * 20 + 1),
			 -ERANGE);
	assert_int_equal(ike_prf_plus(prf, &seed, 1, out, 0), 0);
	ike_prf_free(prf);
	assert_int_equal(ike_prf_new(&prf, 8, "k", 1), -ENOTSUP);
	assert_null(prf);
}

/* ---- The IKEv2 KDF --------------------------------------------------------- */

struct kdf_case {
	uint16_t prf;
	const char *gir, *gir_new, *ni, *nr, *spi_i, *spi_r;
	const char *skeyseed;
	const char *dkm;	/* 132 bytes */
	const char *child;	/* prf+(SK_d, Ni | Nr), 132 bytes */
	const char *child_dh;	/* prf+(SK_d, g^ir (new) | Ni | Nr) */
	const char *skeyseed_rekey;
};

static const struct kdf_case kdf_sha1 = {
	.prf = IKE_PRF_HMAC_SHA1,
	.gir = "4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52",
	.gir_new = "863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330",
	.ni = "32b50d5f4a3763f3", .nr = "9206a04b26564cb1",
	.spi_i = "34c9e7c188868785", .spi_r = "3ff77d760d2b2199",
	.skeyseed = "a9a7b222b59f8f48645f28a1db5b5f5d7479cba7",
	.dkm = "a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002"
	       "a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a"
	       "5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd1119"
	       "8af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435"
	       "a7a56cc4",
	.child = "8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c581"
		 "1a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee7181"
		 "4ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf"
		 "285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e66499"
		 "4d234cb4",
	.child_dh = "bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d373016"
		    "28190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c04000"
		    "52f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a"
		    "05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054"
		    "d56fd74c",
	.skeyseed_rekey = "63e81194946ebd05df7df5ebf5d8750056bf1f1d",
};

static const struct kdf_case kdf_sha256 = {
	.prf = IKE_PRF_HMAC_SHA2_256,
	.gir = "0f4d257d7a58fc4545c7d7a88119eee5d5c9690c5b4c989171d3abbfd99d1d29",
	.gir_new = "25f3b12d6f282739256e39bf54eda53b60ffcf379bb7bcc90c27b4c4c578616c",
	.ni = "3f302be1abcb28e1", .nr = "8c332ee006064c9b",
	.spi_i = "40dac39e1e1a8640", .spi_r = "8619a1cf9a6e4c07",
	.skeyseed = "5f00d1bd2c58ec224b1e6b71fa0f19a1faa7a193952c444411b47c1a9d8ba6fe",
	.dkm = "0b137d669b0947d7d026d593f0305ad401ff0c471357d695778a9c7f4b4869ec"
	       "e98aca531188d16041b3bb936d2dbb3b4993a6e768a809160de45d0283f273a6"
	       "cdf6854379e31be72b8d3d1fa990cf9c5b015ca9f918a7df6253c958114a09d4"
	       "e1c19bdcd4db14b29d98db1a74ad405c588662c14a04d0d36aa4ab55e90f8986"
	       "d12d4aad",
	/* computed */
	.child = "7d808e2b44635300e7025f1b640c431b13a9b3b891cd45a15261f4f3c4a7e39b"
		 "3a3c8017ccc2b74610faf52ba3faf6d9e83c859b448217b24dadc82c9887460b"
		 "7bd724236b9885914cc93b39d6c749e92f36b30c9eb6a9f59e396bc7c0ac4878"
		 "512639cc612c5660ddb1a1fed360ac8b9b3f548f13482d0431b38eca293ef976"
		 "81e179fc",
	/* computed */
	.child_dh = "67edd256e64542436173e3ca39ef1fdec3c8240b860df26f84caf5258578ff35"
		    "df40ddc31ea210e0523988b7531c9dc3207e0e98e256214999c7712f73ff044a"
		    "9cf6e3a5e421862b9ba140862f460ea5236527cf8346db9ac23feb6636e21fc7"
		    "a18a94a2e9d4ad95356e278f46ac3fa53a75a058c87293cf38dd863e879f84d0"
		    "e0935da3",
	.skeyseed_rekey = "2d63f6debc92048b4fef3889c4c99ca67d6496e0fac14a2bca9a2d6566ff2398",
};

static const struct kdf_case kdf_sha384 = {
	.prf = IKE_PRF_HMAC_SHA2_384,
	.gir = "d3288cd87565101e88fe3bad918f31939d8dd26ff1071f8b2d7f447524e58d7c",
	.gir_new = "3358f620539473aee8d07e779764c4c6a9aabddc79a28e136b3bac021dbde44a",
	.ni = "fd1b572a8e735591", .nr = "6013b0ef88dacd3d",
	.spi_i = "2116ad07ce61f749", .spi_r = "24880e55f11a65b7",
	.skeyseed = "69fe7a1ac94adaeb711295f5fe004b1a8d6a0b65d05692758ce8ad2f7a45f59d"
		    "7d0b596f51f7dfcf3330061888f6a94f",
	.dkm = "4f904c2025c90c817ea5ff9b662a6fdb445a73b57cdf09eacd379b95e1f03cac"
	       "b04cd6deeda4f952191dd9bc1f7a9502471a648d74dc06d38112de48a42501f6"
	       "b1a3ad55c2099cd9a648e5f17e5bf3e34bf9b5953decb768a34f875fe2b78dca"
	       "0c2fcca81ec1a412006dfaed38fa06882e61f4c148105fb8e231fdb33c4d484c"
	       "001721d4",
	/* computed */
	.child = "06126cc023ac8aabb3ae1ae2d583005a16d39e889efd09d588f2995883261e55"
		 "f44f959072d25ea2f035a64ee8e2341421e7a2d95344282f6ff1f2a9ef236b5e"
		 "c7eae4bb1074ce1f206461209c19dc05a61bbc10a5ec0391bdcd1d25831f8d11"
		 "99af467359a13cb5f9b11187ad97379469f8a1ff3d612b18f165d32e3b5fc644"
		 "0f447321",
	/* computed */
	.child_dh = "e31b1b94e0b2146ae66dfe223ca64ccf0895fb6c8862990b446b80a4a81fd801"
		    "ed5fdbcee6e9455c4d56ee10cd73ea77d8c01f31d4e2fcc9d65765327e13f497"
		    "f631ba09d99b39aff2ffa9082c59334a9eb082f795cde78989b1be547fde560e"
		    "b49d5b262e86ef2e2094eab785008e3038dd7bb0d4ac7dac6f99d9c7945950f2"
		    "1b9f44de",
	.skeyseed_rekey = "e0548c1682e13bce454026b3b1bdf42985b24e4e7408095a7c529de38c3d1fcb"
			  "04c9fe6868042a34c9614c6c99e3fcea",
};

/* All computed: no published SHA-512 IKEv2 KDF vector was found. */
static const struct kdf_case kdf_sha512 = {
	.prf = IKE_PRF_HMAC_SHA2_512,
	.gir = "8d5fe2b3c0a14d6e9f7b2c4a6e8d0f1b3c5a7e9d1f3b5c7a9e0d2f4b6c8a0e1f"
	       "3d5b7c9a1e3f5d7b9c0a2e4f6b8d0c2a",
	.gir_new = "1f2e3d4c5b6a79880716253443526170f0e1d2c3b4a5968778695a4b3c2d1e0f",
	.ni = "6d756c746973612d6e6f6e63652d692d3031323334353637383961626364656630",
	.nr = "6d756c746973612d6e6f6e63652d722d",
	.spi_i = "0123456789abcdef", .spi_r = "fedcba9876543210",
	.skeyseed = "d855c171546af810ff469647f40d8422296460f753517f5711f4843c0e55bc18"
		    "7eb2cb16cf3910664f073a4730f091701c02f1a88e82ee99de37ce584a06fb4e",
	.dkm = "37f1f6e9552d1b6910b2cc9f7f15953f422714bca36a8f86013c7e34df42aff2"
	       "d17663edfb9d21100e533edae56bd14e9f6974d305a583722fb40cc2ea746571"
	       "36260c5124016c570311d095c36bfaf8a8672907f6e697b84418f9e075b6c994"
	       "d365db69c009bb66548f3deeefda8a6162e7f7349c622f44f19d3d3f60b16c72"
	       "339b0fbf",
	.child = "ba62fe7cb060f00c5e1b8a6d47b2b5c848387c60b4c97ca385a70a31dc3fbef3"
		 "1f5ceaba90222eb7ee924fc104e7b9ef3fcdf11e701cbf3ba033df4b7c3a5c3b"
		 "4cf93ab129d2e8317e6259491709eb25b1b9da310880ad9fd31d8167f5031ad6"
		 "a8e824abc45557daac910bc5e208018091d6923f251f33ceaaef4b864fe5fb90"
		 "f217585b",
	.child_dh = "a2efff9dab743af8d36750a419d246a3680a3f4d44bee3a237b87e83d05be80b"
		    "c4926644478c5ff83eae8fc33279803c217d59f40dc6bef27dc523a420ec1a5e"
		    "482cb4d2806c51f12cf4cc877ad429c6198adb9c6cc2fede242e52e8b85d55a5"
		    "9223dac72419d4b93cd300792aa238b5d36c680ccb576d67b73e6865b2dcacdf"
		    "652e75cb",
	.skeyseed_rekey = "e279da585af3111f8e062d9763eeb6d37c9c60766a15742d41944922f93a3675"
			  "a93f9e4861777ab62deb0283e6a40e020c52aca99fc6947d373984b4612ecd08",
};

/* The decoded inputs of one case. */
struct kdf_in {
	struct vec ni, nr, spi_i, spi_r;
	struct ike_crypto_nonces n;
	struct ike_secret *gir, *gir_new;
};

static void kdf_in_load(struct kdf_in *in, const struct kdf_case *c)
{
	struct vec gir = vec_hex(c->gir), gir_new = vec_hex(c->gir_new);

	in->ni = vec_hex(c->ni);
	in->nr = vec_hex(c->nr);
	in->spi_i = vec_hex(c->spi_i);
	in->spi_r = vec_hex(c->spi_r);
	in->n = (struct ike_crypto_nonces){ in->ni.b, in->ni.len,
					    in->nr.b, in->nr.len };
	assert_int_equal(ike_crypto_secret_new(&in->gir, gir.b, gir.len), 0);
	assert_int_equal(ike_crypto_secret_new(&in->gir_new, gir_new.b,
					       gir_new.len), 0);
}

static void kdf_in_free(struct kdf_in *in)
{
	ike_crypto_secret_free(in->gir);
	ike_crypto_secret_free(in->gir_new);
}

/* The IKE SA suite whose key slices are checked against DKM. */
static struct ike_crypto_suite cbc_suite(uint16_t prf)
{
	return (struct ike_crypto_suite){
		.encr = IKE_ENCR_AES_CBC, .encr_key_bits = 128,
		.integ = IKE_INTEG_HMAC_SHA2_256_128, .prf = prf,
	};
}

/* SK_d | SK_ai | ... | SK_pr, concatenated; returns the length. */
static size_t sa_keys_concat(const struct ike_sa_keys *k, uint8_t *out)
{
	size_t total = 0;

	for (int i = 0; i < IKE_SK_COUNT; i++) {
		size_t len = ike_crypto_sa_keys_len(k, i);

		assert_int_equal(ike_crypto_sa_keys_export_for_test(k, i,
				 out + total, len), 0);
		total += len;
	}
	return total;
}

static size_t child_keys_concat(const struct ike_child_keys *k, uint8_t *out)
{
	size_t total = 0;

	for (int i = 0; i < IKE_CHILD_KEY_COUNT; i++) {
		size_t len = ike_crypto_child_keys_len(k, i);

		assert_int_equal(ike_crypto_child_keys_export(k, i,
				 out + total, len), 0);
		total += len;
	}
	return total;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* SKEYSEED, then DKM straight from prf+ (all 132 bytes). */
static void check_skeyseed_dkm(const struct kdf_case *c, struct kdf_in *in)
{
	struct ike_crypto_iov seed[] = {
		{ in->ni.b, in->ni.len }, { in->nr.b, in->nr.len },
		{ in->spi_i.b, 8 }, { in->spi_r.b, 8 },
	};
	struct ike_secret *skeyseed;
	uint8_t sk[64], dkm[132];
	struct ike_prf_ctx *prf;
	size_t len;

	assert_int_equal(ike_crypto_skeyseed(&skeyseed, c->prf, in->gir,
					     &in->n), 0);
	len = ike_crypto_secret_len(skeyseed);
	assert_int_equal(ike_crypto_secret_export_for_test(skeyseed, sk, len), 0);
	assert_equal_hex(sk, len, c->skeyseed);
	assert_int_equal(ike_prf_new(&prf, c->prf, sk, len), 0);
	assert_int_equal(ike_prf_plus(prf, seed, 4, dkm, sizeof(dkm)), 0);
	assert_equal_hex(dkm, sizeof(dkm), c->dkm);
	ike_prf_free(prf);
	ike_crypto_secret_free(skeyseed);
}

/* The SA's seven keys are DKM cut in order; rekey SKEYSEED from SK_d. */
static void check_sa_keys(const struct kdf_case *c, struct kdf_in *in)
{
	struct ike_crypto_suite suite = cbc_suite(c->prf);
	struct ike_sa_keys *k;
	struct ike_secret *rekey;
	uint8_t all[512], sk[64];
	size_t len;

	assert_int_equal(ike_crypto_sa_keys_derive(&k, &suite, in->gir, &in->n,
						   in->spi_i.b, in->spi_r.b), 0);
	len = sa_keys_concat(k, all);
	assert_prefix_hex(all, min_size(len, 132), c->dkm);
	assert_int_equal(ike_crypto_skeyseed_rekey(&rekey, k, in->gir_new,
						   &in->n), 0);
	len = ike_crypto_secret_len(rekey);
	assert_int_equal(ike_crypto_secret_export_for_test(rekey, sk, len), 0);
	assert_equal_hex(sk, len, c->skeyseed_rekey);
	ike_crypto_secret_free(rekey);
	ike_crypto_sa_keys_free(k);
}

/* Child SA KEYMAT without and with PFS, cut for AES-CBC-256 + SHA2-384. */
static void check_child_keys(const struct kdf_case *c, struct kdf_in *in)
{
	struct ike_crypto_suite suite = cbc_suite(c->prf);
	struct ike_crypto_suite esp = {
		.encr = IKE_ENCR_AES_CBC, .encr_key_bits = 256,
		.integ = IKE_INTEG_HMAC_SHA2_384_192,
	};
	struct ike_child_keys *ck;
	struct ike_sa_keys *k;
	uint8_t all[512];
	size_t len;

	assert_int_equal(ike_crypto_sa_keys_derive(&k, &suite, in->gir, &in->n,
						   in->spi_i.b, in->spi_r.b), 0);
	assert_int_equal(ike_crypto_child_keys_derive(&ck, k, &esp, NULL,
						      &in->n), 0);
	len = child_keys_concat(ck, all);
	assert_int_equal(len, 2 * (32 + 48));
	assert_prefix_hex(all, 132, c->child);
	ike_crypto_child_keys_free(ck);
	assert_int_equal(ike_crypto_child_keys_derive(&ck, k, &esp,
						      in->gir_new, &in->n), 0);
	len = child_keys_concat(ck, all);
	assert_prefix_hex(all, 132, c->child_dh);
	ike_crypto_child_keys_free(ck);
	ike_crypto_sa_keys_free(k);
}

static void run_kdf_case(const struct kdf_case *c)
{
	struct kdf_in in;

	kdf_in_load(&in, c);
	check_skeyseed_dkm(c, &in);
	check_sa_keys(c, &in);
	check_child_keys(c, &in);
	kdf_in_free(&in);
}

static void test_kdf_sha1(void **state)
{
	run_kdf_case(&kdf_sha1);
}

static void test_kdf_sha256(void **state)
{
	run_kdf_case(&kdf_sha256);
}

static void test_kdf_sha384(void **state)
{
	run_kdf_case(&kdf_sha384);
}

static void test_kdf_sha512(void **state)
{
	run_kdf_case(&kdf_sha512);
}

/* The IKE SA rekey: new keys from the old SK_d, cut for the new suite. */
static void test_sa_rekey(void **state)
{
	struct ike_crypto_suite gcm = {
		.encr = IKE_ENCR_AES_GCM_16, .encr_key_bits = 256,
		.prf = IKE_PRF_HMAC_SHA2_256,
	};
	struct ike_crypto_suite suite = cbc_suite(kdf_sha1.prf);
	struct ike_sa_keys *old, *neu, *ref;
	struct ike_secret *skeyseed;
	uint8_t a[512], b[512];
	struct kdf_in in;

	kdf_in_load(&in, &kdf_sha1);
	assert_int_equal(ike_crypto_sa_keys_derive(&old, &suite, in.gir, &in.n,
						   in.spi_i.b, in.spi_r.b), 0);
	assert_int_equal(ike_crypto_sa_keys_rekey(&neu, old, &gcm, in.gir_new,
						  &in.n, in.spi_r.b,
						  in.spi_i.b), 0);
	assert_int_equal(ike_crypto_sa_keys_suite(neu)->encr,
			 IKE_ENCR_AES_GCM_16);
	assert_int_equal(ike_crypto_skeyseed_rekey(&skeyseed, old, in.gir_new,
						   &in.n), 0);
	assert_int_equal(ike_crypto_sa_keys_from_skeyseed(&ref, &gcm, skeyseed,
							  &in.n, in.spi_r.b,
							  in.spi_i.b), 0);
	assert_int_equal(sa_keys_concat(neu, a), 32 + 0 + 0 + 36 + 36 + 32 + 32);
	assert_int_equal(sa_keys_concat(ref, b), 32 + 0 + 0 + 36 + 36 + 32 + 32);
	assert_memory_equal(a, b, 168);
	ike_crypto_sa_keys_free(ref);
	ike_crypto_secret_free(skeyseed);
	ike_crypto_sa_keys_free(neu);
	ike_crypto_sa_keys_free(old);
	kdf_in_free(&in);
}

/* ---- Key lengths, the table, bad input --------------------------------- */

/* AES-GCM keys carry the 4-byte salt; there is no integrity key. */
static void test_gcm_key_lengths(void **state)
{
	struct ike_crypto_suite ike = {
		.encr = IKE_ENCR_AES_GCM_16, .encr_key_bits = 128,
		.prf = IKE_PRF_HMAC_SHA2_384,
	};
	struct ike_crypto_suite esp = {
		.encr = IKE_ENCR_AES_GCM_16, .encr_key_bits = 256,
	};
	struct ike_sa_keys *k;
	struct ike_child_keys *ck;
	uint8_t all[512];
	struct kdf_in in;

	kdf_in_load(&in, &kdf_sha384);
	assert_int_equal(ike_crypto_sa_keys_derive(&k, &ike, in.gir, &in.n,
						   in.spi_i.b, in.spi_r.b), 0);
	assert_int_equal(ike_crypto_sa_keys_len(k, IKE_SK_D), 48);
	assert_int_equal(ike_crypto_sa_keys_len(k, IKE_SK_AI), 0);
	assert_int_equal(ike_crypto_sa_keys_len(k, IKE_SK_EI), 20);
	assert_int_equal(ike_crypto_sa_keys_len(k, IKE_SK_PR), 48);
	assert_int_equal(sa_keys_concat(k, all), 48 + 2 * 20 + 2 * 48);
	assert_prefix_hex(all, 132, kdf_sha384.dkm);
	assert_int_equal(ike_crypto_child_keys_derive(&ck, k, &esp, NULL,
						      &in.n), 0);
	assert_int_equal(ike_crypto_child_keys_len(ck, IKE_CHILD_ENCR_I), 36);
	assert_int_equal(ike_crypto_child_keys_len(ck, IKE_CHILD_INTEG_I), 0);
	assert_int_equal(child_keys_concat(ck, all), 72);
	assert_prefix_hex(all, 72, kdf_sha384.child);
	ike_crypto_child_keys_free(ck);
	ike_crypto_sa_keys_free(k);
	kdf_in_free(&in);
}

static void test_lookup(void **state)
{
	const struct ike_encr_info *e;
	const struct ike_prf_info *p;
	const struct ike_integ_info *i;
	const struct ike_dh_info *d;

	assert_int_equal(ike_crypto_encr_lookup(20, 256, &e), 0);
	assert_true(e->aead && e->keymat_len == 36 && e->iv_len == 8);
	assert_int_equal(ike_crypto_encr_lookup(12, 128, &e), 0);
	assert_true(!e->aead && e->block_len == 16 && e->iv_len == 16);
	assert_int_equal(ike_crypto_encr_lookup(12, 192, &e), -ENOTSUP);
	assert_int_equal(ike_crypto_encr_lookup(12, 0, &e), -ENOTSUP);
	assert_int_equal(ike_crypto_encr_lookup(3, 0, &e), -ENOTSUP);
	assert_int_equal(ike_crypto_prf_lookup(7, &p), 0);
	assert_int_equal(p->out_len, 64);
	assert_int_equal(ike_crypto_prf_lookup(4, &p), -ENOTSUP);
	assert_int_equal(ike_crypto_integ_lookup(13, &i), 0);
	assert_true(i->key_len == 48 && i->icv_len == 24);
	assert_int_equal(ike_crypto_integ_lookup(2, &i), -ENOTSUP);
	assert_int_equal(ike_dh_lookup(20, &d), 0);
	assert_true(d->public_len == 96 && d->secret_len == 48);
	assert_int_equal(ike_dh_lookup(2, &d), -ENOTSUP);
}

static void test_suite_check(void **state)
{
	struct ike_crypto_suite s = cbc_suite(IKE_PRF_HMAC_SHA2_256);

	assert_int_equal(ike_crypto_suite_check(&s, true), 0);
	s.integ = IKE_INTEG_NONE;		/* CBC needs an INTEG */
	assert_int_equal(ike_crypto_suite_check(&s, true), -EINVAL);
	s.encr = IKE_ENCR_AES_GCM_16;
	assert_int_equal(ike_crypto_suite_check(&s, true), 0);
	s.integ = IKE_INTEG_HMAC_SHA2_512_256;	/* GCM refuses one */
	assert_int_equal(ike_crypto_suite_check(&s, true), -EINVAL);
	s.integ = 99;
	assert_int_equal(ike_crypto_suite_check(&s, true), -ENOTSUP);
	s.integ = IKE_INTEG_NONE;
	s.prf = 0;
	assert_int_equal(ike_crypto_suite_check(&s, true), -ENOTSUP);
	assert_int_equal(ike_crypto_suite_check(&s, false), 0);
}

static void test_bad_input(void **state)
{
	struct ike_crypto_suite s = cbc_suite(IKE_PRF_HMAC_SHA1);
	struct ike_crypto_nonces empty = { (const uint8_t *)"x", 1, NULL, 0 };
	struct ike_sa_keys *k;
	struct ike_secret *sec;
	uint8_t buf[64];
	struct kdf_in in;

	kdf_in_load(&in, &kdf_sha1);
	assert_int_equal(ike_crypto_sa_keys_derive(&k, &s, in.gir, &empty,
						   in.spi_i.b, in.spi_r.b),
			 -EINVAL);
	assert_null(k);
	s.prf = 3;
	assert_int_equal(ike_crypto_sa_keys_derive(&k, &s, in.gir, &in.n,
						   in.spi_i.b, in.spi_r.b),
			 -ENOTSUP);
	assert_null(k);
	s.prf = IKE_PRF_HMAC_SHA1;
	assert_int_equal(ike_crypto_sa_keys_derive(&k, &s, in.gir, &in.n,
						   in.spi_i.b, in.spi_r.b), 0);
	assert_int_equal(ike_crypto_sa_keys_export_for_test(k, IKE_SK_D, buf,
							    19), -EINVAL);
	assert_int_equal(ike_crypto_sa_keys_export_for_test(k, IKE_SK_COUNT,
							    buf, 20), -EINVAL);
	ike_crypto_sa_keys_free(k);
	assert_int_equal(ike_crypto_secret_new(&sec, buf, 5000), -EINVAL);
	assert_null(sec);
	kdf_in_free(&in);
}

/* ---- AUTH ---------------------------------------------------------------- */

/*
 * Computed: Python hmac, AUTH = prf(prf(psk, "Key Pad for IKEv2"), octets)
 * with PRF HMAC-SHA2-256.
 */
static void test_psk_auth(void **state)
{
	static const char psk_text[] = "multisa test psk";
	struct vec nonce = vec_hex("32b50d5f4a3763f3");
	struct ike_crypto_iov octets[] = {
		{ "message-one", 11 }, { nonce.b, nonce.len }, { "maced-id", 8 },
	};
	struct ike_secret *psk;
	uint8_t out[32];

	assert_int_equal(ike_crypto_secret_new(&psk, psk_text,
					       strlen(psk_text)), 0);
	assert_int_equal(ike_crypto_psk_auth(IKE_PRF_HMAC_SHA2_256, psk,
					     octets, 3, out, sizeof(out)), 0);
	assert_equal_hex(out, sizeof(out),
		"dd057b856b07e3237178b78ac8ef47486b71a09311742538e001a5d91a7190b0");
	ike_crypto_secret_free(psk);
}

/* MACedIDForI = prf(SK_pi, ID'), MACedIDForR with SK_pr. */
static void test_maced_id(void **state)
{
	struct ike_crypto_suite s = cbc_suite(IKE_PRF_HMAC_SHA2_256);
	static const uint8_t id[] = { 2, 0, 0, 0, 'g', 'w', '1' };
	struct ike_crypto_iov in = { id, sizeof(id) };
	uint8_t key[32], want[32], got[32];
	struct ike_sa_keys *k;
	struct ike_prf_ctx *prf;
	struct kdf_in kin;

	kdf_in_load(&kin, &kdf_sha256);
	assert_int_equal(ike_crypto_sa_keys_derive(&k, &s, kin.gir, &kin.n,
						   kin.spi_i.b, kin.spi_r.b), 0);
	for (int dir = IKE_CRYPTO_I2R; dir <= IKE_CRYPTO_R2I; dir++) {
		enum ike_sa_key sk = dir == IKE_CRYPTO_I2R ? IKE_SK_PI : IKE_SK_PR;

		assert_int_equal(ike_crypto_sa_keys_export_for_test(k, sk, key,
								    32), 0);
		assert_int_equal(ike_prf_new(&prf, s.prf, key, 32), 0);
		assert_int_equal(ike_prf_compute(prf, &in, 1, want, 32), 0);
		ike_prf_free(prf);
		assert_int_equal(ike_crypto_maced_id(k, dir, id, sizeof(id),
						     got, 32), 0);
		assert_memory_equal(got, want, 32);
	}
	ike_crypto_sa_keys_free(k);
	kdf_in_free(&kin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prf_vectors),
		cmocka_unit_test(test_prf_pieces),
		cmocka_unit_test(test_prf_plus_limits),
		cmocka_unit_test(test_kdf_sha1),
		cmocka_unit_test(test_kdf_sha256),
		cmocka_unit_test(test_kdf_sha384),
		cmocka_unit_test(test_kdf_sha512),
		cmocka_unit_test(test_sa_rekey),
		cmocka_unit_test(test_gcm_key_lengths),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_suite_check),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_psk_auth),
		cmocka_unit_test(test_maced_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
