/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key exchange: known answers from RFC 5903 section 8 (ECP-256, ECP-384;
 * wire public value x | y, shared secret x) and RFC 7748 section 6.1
 * (X25519 Alice and Bob); MODP-2048 from fixed exponents chosen so that
 * g^ir has a leading zero byte (reference computed with Python's pow()),
 * round trips for every group, and the peer values that must be refused.
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

struct dh_kat {
	uint16_t group;
	const char *i, *gi;	/* initiator's private key and public value */
	const char *r, *gr;	/* responder's */
	const char *gir;
};

static const struct dh_kat dh_kats[] = {
	{	/* RFC 5903 8.1, 256-bit Random ECP Group */
		IKE_DH_ECP256,
		"C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
		"DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
		"5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
		"C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
		"D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
		"56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
		"D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE",
	},
	{	/* RFC 5903 8.2, 384-bit Random ECP Group */
		IKE_DH_ECP384,
		"099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
		"E35B538041E649EE3FAEF896783AB194",
		"667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6"
		"DE3AC808ACB4BDB4C88732AEE95F41AA"
		"9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
		"EB9FCFF3C2C947DAE69B4C634573A81C",
		"41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942"
		"E0308312916B8ED2960E4BD55A7448FC",
		"E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
		"0D1AC43A0336DEF96FDA41D0774A3571"
		"DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
		"F83FA40142209DFF5EAAD96DB9E6386C",
		"11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
		"D603135569B9E9D09CF5D4A270F59746",
	},
	{	/* RFC 7748 6.1: Alice is i, Bob is r */
		IKE_DH_CURVE25519,
		"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
		"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
		"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
		"de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
		"4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
	},
	{	/* MODP-2048, computed: g^ir begins with 0x00 (left padding) */
		IKE_DH_MODP2048,
		"8195e9709f5576d9637ea41deea655e0d85a3aa1e6d44f4a4ff8bac63b0d3aa7",
		"191106a3bfde8ce049688a99a03f99b97df45a12d72cda5b8bb3f4830fb9ddc6"
		"cdce8c7c0f8fc1a774edaa57f5baf77bd9103019df726e686e39272a97562483"
		"8783d2838a26216ee66193fb218cdb0092bdbb1932749083fb666943672132b1"
		"853f37260da10ec7d8fced4b7b22f37da671f0d1f9492a3e57d945ab39000680"
		"3802fd46c4a7890f90ba32290e9501ed445ed5eea99390fa64a336c953a08059"
		"f84227a8b1d02ad4aff351da64903b101962fc9b0c90311040fb9d76d71b5add"
		"77d48500b33366b4071ce7796d5269c86b36332e3b8e48d4303d88f3338eb5e3"
		"ab75e39581c5b0fc0b05be8b0866538fcc9e15822ec7671f609467312cb75492",
		"0c0daa41575a5f1d305878ebcf39fa0bb2ecdf3ed363444b19e6a058e6bc8ffd",
		"4eb04d64f934ebf189b91f29c24458da8c19295a6418abd6d5269d6d786b9f15"
		"93444ed7fcc3ce3405882da42185aa53fae5b51168d588ac0b4c7c57007c4a3e"
		"ed07e5de3efaf391eb25f93634cc8c8a2e778510984fb601d6b0de2abad3622e"
		"62d070c6ab129e5ae58a615729f8017b844a0567ffa6acd159bcb6839b147ed7"
		"0cdbfe71a645993f35dfa68d742763203addb43902270cbb58aae24124d3eb34"
		"9af9f8d9645363684ccbf1d44a27d8f051ea2436e3275e9aef1a6d8a7aed94ed"
		"6950b611dcfdfe1302d89f4b2bedd6dc8af4bbc657fbab741c1a3a8e355202cd"
		"80065e0f4e831c56c6ba2072e0f0dfc221755c88a8de458c249947d5ccd64ba9",
		"00a42cadc86a5d70cc99584c4d9ba986d38611676291f763dfa212b4075ebfd5"
		"400b82be67247733251f5e5541c4aa6e03b1334d144a581fd68e8b3b5df9b82e"
		"c29df58c9c9e35e560979ac07890cdf05f2e0ef4542dc79a894acab769418fa8"
		"d8ec15967ab55afe2a32daabae21df86085e64cfb4924c5111064d3022f8cd5e"
		"77d43581dbaf6c65fc6c8fbdfc115757f207594c67f5fcec52c7c187434df0ef"
		"c743f2810fe220371a19e5effb55b0c7a0af2529faa68a2f611266031bbc346a"
		"400a7ad2a45811ed669b377897580638cad2431f5471d61b0b5af9912e77c3b8"
		"e98872b0b7b3e98d9cfe5478fb51f3d846c51bf19a8e2943f7a0fbef51584646",
	},
};

/* RFC 3526 section 3, the 2048-bit MODP group's prime. */
#define MODP_2048_P \
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" \
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" \
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" \
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" \
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" \
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" \
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" \
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF"

/* dh's public value equals hex. */
static void assert_public(const struct ike_dh_key *dh, const char *hex)
{
	uint8_t pub[256];
	size_t len = ike_dh_public_len(dh);

	assert_int_equal(ike_dh_public(dh, pub, len), 0);
	assert_equal_hex(pub, len, hex);
}

/* dh with the peer's public value hex gives g^ir hex. */
static void assert_shared(const struct ike_dh_key *dh, const char *peer_hex,
			  const char *gir_hex)
{
	struct vec peer = vec_hex(peer_hex);
	struct ike_secret *gir;
	uint8_t out[256];
	size_t len;

	assert_int_equal(ike_dh_compute(dh, peer.b, peer.len, &gir), 0);
	len = ike_crypto_secret_len(gir);
	assert_int_equal(ike_crypto_secret_export_for_test(gir, out, len), 0);
	assert_equal_hex(out, len, gir_hex);
	ike_crypto_secret_free(gir);
}

static void run_kat(const struct dh_kat *k)
{
	struct vec i = vec_hex(k->i), r = vec_hex(k->r);
	struct ike_dh_key *dhi, *dhr;

	assert_int_equal(ike_dh_new_private_for_test(&dhi, k->group, i.b,
						     i.len), 0);
	assert_int_equal(ike_dh_new_private_for_test(&dhr, k->group, r.b,
						     r.len), 0);
	assert_int_equal(ike_dh_group(dhi), k->group);
	assert_public(dhi, k->gi);
	assert_public(dhr, k->gr);
	assert_shared(dhi, k->gr, k->gir);
	assert_shared(dhr, k->gi, k->gir);
	ike_dh_free(dhi);
	ike_dh_free(dhr);
}

static void test_ecp256_rfc5903(void **state)
{
	run_kat(&dh_kats[0]);
}

static void test_ecp384_rfc5903(void **state)
{
	run_kat(&dh_kats[1]);
}

static void test_x25519_rfc7748(void **state)
{
	run_kat(&dh_kats[2]);
}

static void test_modp2048_padded(void **state)
{
	run_kat(&dh_kats[3]);
}

/* Two fresh key pairs of every group agree, at the table's lengths. */
static void test_round_trip(void **state)
{
	static const uint16_t groups[] = {
		IKE_DH_MODP2048, IKE_DH_ECP256,
		IKE_DH_ECP384, IKE_DH_CURVE25519,
	};

	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		const struct ike_dh_info *info;
		uint8_t pa[256], pb[256], sa[256], sb[256];
		struct ike_secret *ga, *gb;
		struct ike_dh_key *a, *b;
		size_t n;

		assert_int_equal(ike_dh_lookup(groups[g], &info), 0);
		assert_int_equal(ike_dh_new(&a, groups[g]), 0);
		assert_int_equal(ike_dh_new(&b, groups[g]), 0);
		n = ike_dh_public_len(a);
		assert_int_equal(n, info->public_len);
		assert_int_equal(ike_dh_public(a, pa, n), 0);
		assert_int_equal(ike_dh_public(b, pb, n), 0);
		assert_memory_not_equal(pa, pb, n);
		assert_int_equal(ike_dh_compute(a, pb, n, &ga), 0);
		assert_int_equal(ike_dh_compute(b, pa, n, &gb), 0);
		assert_int_equal(ike_crypto_secret_len(ga), info->secret_len);
		assert_int_equal(ike_crypto_secret_export_for_test(ga, sa,
				 info->secret_len), 0);
		assert_int_equal(ike_crypto_secret_export_for_test(gb, sb,
				 info->secret_len), 0);
		assert_memory_equal(sa, sb, info->secret_len);
		ike_crypto_secret_free(ga);
		ike_crypto_secret_free(gb);
		ike_dh_free(a);
		ike_dh_free(b);
	}
}

/* Every peer value must be refused with -EINVAL and no secret. */
static void assert_refused(const struct ike_dh_key *dh, const uint8_t *peer,
			   size_t len)
{
	struct ike_secret *gir = (struct ike_secret *)&gir;	/* to see it cleared */

	assert_int_equal(ike_dh_compute(dh, peer, len, &gir), -EINVAL);
	assert_null(gir);
}

/* A 256-byte big-endian MODP value from a small integer. */
static void modp_small(uint8_t out[256], uint8_t v)
{
	memset(out, 0, 256);
	out[255] = v;
}

static void test_modp_refuses(void **state)
{
	struct vec p = vec_hex(MODP_2048_P);
	uint8_t y[257];
	struct ike_dh_key *dh;

	assert_int_equal(ike_dh_new(&dh, IKE_DH_MODP2048), 0);
	assert_int_equal(ike_dh_public(dh, y, 256), 0);
	assert_refused(dh, y, 255);			/* short */
	assert_refused(dh, y, 257);			/* long */
	modp_small(y, 0);
	assert_refused(dh, y, 256);			/* 0 */
	modp_small(y, 1);
	assert_refused(dh, y, 256);			/* 1 */
	memcpy(y, p.b, 256);
	assert_refused(dh, y, 256);			/* p */
	y[255]--;
	assert_refused(dh, y, 256);			/* p - 1 */
	memset(y, 0xff, 256);
	assert_refused(dh, y, 256);			/* > p */
	modp_small(y, 11);	/* a quadratic non-residue: not in the subgroup */
	assert_refused(dh, y, 256);
	modp_small(y, 2);	/* g itself is fine */
	{
		struct ike_secret *gir;

		assert_int_equal(ike_dh_compute(dh, y, 256, &gir), 0);
		ike_crypto_secret_free(gir);
	}
	ike_dh_free(dh);
}

static void test_ecp_refuses(void **state)
{
	struct vec gi = vec_hex(dh_kats[0].gi);
	struct vec gi384 = vec_hex(dh_kats[1].gi);
	uint8_t zero[96] = { 0 }, ff[96];
	struct ike_dh_key *dh;

	memset(ff, 0xff, sizeof(ff));
	assert_int_equal(ike_dh_new(&dh, IKE_DH_ECP256), 0);
	assert_refused(dh, gi.b, 63);			/* short */
	assert_refused(dh, gi.b, 65);			/* long */
	assert_refused(dh, gi384.b, 96);		/* the other curve's */
	gi.b[63] ^= 1;
	assert_refused(dh, gi.b, 64);			/* off the curve */
	assert_refused(dh, zero, 64);			/* (0, 0) */
	assert_refused(dh, ff, 64);			/* coordinates >= p */
	ike_dh_free(dh);
	assert_int_equal(ike_dh_new(&dh, IKE_DH_ECP384), 0);
	gi384.b[10] ^= 0x80;
	assert_refused(dh, gi384.b, 96);
	assert_refused(dh, zero, 96);
	ike_dh_free(dh);
}

/* Points of small order give the all-zero secret (RFC 7748 6.1, 8031 2). */
static const char *const x25519_low_order[] = {
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};

static void test_x25519_refuses(void **state)
{
	struct vec bob = vec_hex(dh_kats[2].gr);
	struct ike_dh_key *dh;

	assert_int_equal(ike_dh_new(&dh, IKE_DH_CURVE25519), 0);
	assert_refused(dh, bob.b, 31);
	assert_refused(dh, bob.b, 33);
	for (size_t i = 0; i < ARRAY_SIZE(x25519_low_order); i++) {
		struct vec v = vec_hex(x25519_low_order[i]);

		assert_refused(dh, v.b, v.len);
	}
	ike_dh_free(dh);
}

static void test_bad_arguments(void **state)
{
	struct vec i = vec_hex(dh_kats[0].i);
	uint8_t pub[64];
	struct ike_dh_key *dh;

	assert_int_equal(ike_dh_new(&dh, 2), -ENOTSUP);
	assert_null(dh);
	assert_int_equal(ike_dh_new(&dh, 21), -ENOTSUP);
	assert_int_equal(ike_dh_new_private_for_test(&dh, 19, i.b, 33),
			 -EINVAL);
	assert_int_equal(ike_dh_new_private_for_test(&dh, 19, i.b, 31),
			 -EINVAL);
	assert_int_equal(ike_dh_new_private_for_test(&dh, 31, i.b, 31),
			 -EINVAL);
	memset(pub, 0xff, 32);		/* a scalar >= the order */
	assert_int_equal(ike_dh_new_private_for_test(&dh, 19, pub, 32),
			 -EINVAL);
	assert_null(dh);
	assert_int_equal(ike_dh_new(&dh, IKE_DH_ECP256), 0);
	assert_int_equal(ike_dh_public(dh, pub, 65), -EINVAL);
	assert_int_equal(ike_dh_public(dh, pub, 63), -EINVAL);
	ike_dh_free(dh);
	ike_dh_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecp256_rfc5903),
		cmocka_unit_test(test_ecp384_rfc5903),
		cmocka_unit_test(test_x25519_rfc7748),
		cmocka_unit_test(test_modp2048_padded),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_modp_refuses),
		cmocka_unit_test(test_ecp_refuses),
		cmocka_unit_test(test_x25519_refuses),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
