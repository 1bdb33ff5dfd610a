// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKEv2 codec against a hand-written byte vector: an IKE_SA_INIT request
 * written out octet by octet, parsed, checked field by field and rebuilt;
 * and the names the logs print.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "codec/build.h"
#include "codec/msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUFSZ 4096

/* ---- a hand-written IKE_SA_INIT request, octet by octet ------------------- */

/*
 * As a strongSwan-like initiator sends it: two proposals (AES-CBC-256 /
 * SHA2-256 / ECP-256 + Curve25519, and AES-GCM-16-256 / PRF-SHA2-384 /
 * Curve25519), KE Curve25519, a 32-octet nonce, NAT detection, IKEv2
 * fragmentation and RFC 7427 signature hashes.
 */
static const uint8_t sa_init_req[] = {
	/* IKE header */
	0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81,	/* SPIi */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* SPIr */
	0x21, 0x20, 0x22, 0x08,		/* np SA, 2.0, IKE_SA_INIT, I */
	0x00, 0x00, 0x00, 0x00,		/* Message ID 0 */
	0x00, 0x00, 0x01, 0x12,		/* Length 274 */
	/* SA, 92 */
	0x22, 0x00, 0x00, 0x5c,
	/*   proposal 1, 52: more follow, #1 IKE, no SPI, 5 transforms */
	0x02, 0x00, 0x00, 0x34, 0x01, 0x01, 0x00, 0x05,
	0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x0c,	/* ENCR AES-CBC */
	0x80, 0x0e, 0x01, 0x00,				/*   key 256 */
	0x03, 0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x0c,	/* INTEG SHA2-256-128 */
	0x03, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x05,	/* PRF SHA2-256 */
	0x03, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x13,	/* DH ECP-256 */
	0x00, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x1f,	/* DH Curve25519 */
	/*   proposal 2, 36: last, #2 IKE, no SPI, 3 transforms */
	0x00, 0x00, 0x00, 0x24, 0x02, 0x01, 0x00, 0x03,
	0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x14,	/* ENCR AES-GCM-16 */
	0x80, 0x0e, 0x01, 0x00,				/*   key 256 */
	0x03, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x06,	/* PRF SHA2-384 */
	0x00, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x1f,	/* DH Curve25519 */
	/* KE, 40: group 31 */
	0x28, 0x00, 0x00, 0x28, 0x00, 0x1f, 0x00, 0x00,
	0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54,
	0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a,
	0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4,
	0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a,
	/* Nonce, 36 */
	0x29, 0x00, 0x00, 0x24,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	/* Notify NAT_DETECTION_SOURCE_IP, 28 */
	0x29, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x04,
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
	0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4,
	/* Notify NAT_DETECTION_DESTINATION_IP, 28 */
	0x29, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x05,
	0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
	0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4,
	/* Notify IKEV2_FRAGMENTATION_SUPPORTED, 8 */
	0x29, 0x00, 0x00, 0x08, 0x00, 0x00, 0x40, 0x2e,
	/* Notify SIGNATURE_HASH_ALGORITHMS, 14: SHA2-256, -384, -512 */
	0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x40, 0x2f,
	0x00, 0x02, 0x00, 0x03, 0x00, 0x04,
};

static void expect_xf(const struct ike_transform *xf, uint8_t type,
		      uint16_t id, uint16_t key_len)
{
	assert_int_equal(xf->type, type);
	assert_int_equal(xf->id, id);
	assert_int_equal(xf->key_len, key_len);
	assert_false(xf->unknown_attr);
}

static void vector_sa(const struct ike_sa *sa)
{
	const struct ike_proposal *p = &sa->prop[0];

	assert_int_equal(sa->n_prop, 2);
	assert_int_equal(p->num, 1);
	assert_int_equal(p->proto, IKE_PROTO_IKE);
	assert_int_equal(p->spi_size, 0);
	assert_int_equal(p->n_xf, 5);
	expect_xf(&p->xf[0], IKE_XF_ENCR, IKE_ENCR_AES_CBC, 256);
	expect_xf(&p->xf[1], IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0);
	expect_xf(&p->xf[2], IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0);
	expect_xf(&p->xf[3], IKE_XF_DH, IKE_DH_ECP256, 0);
	expect_xf(&p->xf[4], IKE_XF_DH, IKE_DH_CURVE25519, 0);
	p = &sa->prop[1];
	assert_int_equal(p->num, 2);
	assert_int_equal(p->n_xf, 3);
	expect_xf(&p->xf[0], IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256);
	expect_xf(&p->xf[1], IKE_XF_PRF, IKE_PRF_HMAC_SHA2_384, 0);
	expect_xf(&p->xf[2], IKE_XF_DH, IKE_DH_CURVE25519, 0);
}

static void test_vector_sa_init(void **state)
{
	struct ike_msg m;

	assert_int_equal(sizeof(sa_init_req), 274);
	assert_int_equal(ike_parse(sa_init_req, sizeof(sa_init_req), &m), 0);
	assert_int_equal(m.ispi, 0x1a2b3c4d5e6f7081ull);
	assert_int_equal(m.rspi, 0);
	assert_int_equal(m.first_np, IKE_PLD_SA);
	assert_int_equal(m.version, IKE_VERSION);
	assert_int_equal(m.exchange, IKE_SA_INIT);
	assert_int_equal(m.flags, IKE_FLAG_INITIATOR);
	assert_int_equal(m.msgid, 0);
	assert_int_equal(m.length, 274);
	assert_int_equal(m.seen, 1ull << IKE_PLD_SA | 1ull << IKE_PLD_KE |
			 1ull << IKE_PLD_NONCE | 1ull << IKE_PLD_NOTIFY);
	vector_sa(&m.sa);

	assert_int_equal(m.ke.group, IKE_DH_CURVE25519);
	assert_int_equal(m.ke.data.len, 32);
	assert_ptr_equal(m.ke.data.p, sa_init_req + 28 + 92 + 8);
	assert_int_equal(m.ke.data.p[0], 0x85);
	assert_int_equal(m.nonce.len, 32);
	assert_int_equal(m.nonce.p[31], 0x1f);

	assert_int_equal(m.n_notify, 4);
	assert_int_equal(m.notify[0].type, IKE_N_NAT_DETECTION_SOURCE_IP);
	assert_int_equal(m.notify[0].data.len, 20);
	assert_int_equal(m.notify[0].data.p[0], 0xa1);
	assert_int_equal(m.notify[1].type, IKE_N_NAT_DETECTION_DESTINATION_IP);
	assert_int_equal(m.notify[1].data.p[19], 0xd4);
	assert_int_equal(m.notify[2].type, IKE_N_FRAGMENTATION_SUPPORTED);
	assert_int_equal(m.notify[2].data.len, 0);
	assert_int_equal(m.notify[3].type, IKE_N_SIGNATURE_HASH_ALGORITHMS);
	assert_int_equal(m.notify[3].data.len, 6);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(m.notify[i].proto, 0);
		assert_int_equal(m.notify[i].spi.len, 0);
	}
}

/* Re-building the vector from what was parsed gives the same octets. */
static void test_vector_rebuild(void **state)
{
	uint8_t buf[BUFSZ];
	struct ike_buf b;
	struct ike_msg m;

	assert_int_equal(ike_parse(sa_init_req, sizeof(sa_init_req), &m), 0);
	ike_buf_init(&b, buf, sizeof(buf));
	ike_build_header(&b, m.ispi, m.rspi, m.exchange, m.flags, m.msgid);
	ike_build_sa(&b, &m.sa);
	ike_build_ke(&b, &m.ke);
	ike_build_nonce(&b, &m.nonce);
	for (unsigned int i = 0; i < m.n_notify; i++)
		ike_build_notify(&b, &m.notify[i]);
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(b.len, sizeof(sa_init_req));
	assert_memory_equal(buf, sa_init_req, sizeof(sa_init_req));
}

static void test_names(void **state)
{
	const struct { const char *got, *want; } t[] = {
		{ ike_payload_name(IKE_PLD_SK), "SK" },
		{ ike_payload_name(IKE_PLD_TSR), "TSr" },
		{ ike_payload_name(200), "UNKNOWN" },
		{ ike_exchange_name(IKE_CREATE_CHILD_SA), "CREATE_CHILD_SA" },
		{ ike_exchange_name(0), "UNKNOWN" },
		{ ike_notify_name(IKE_N_SA_RESOURCE_INFO), "SA_RESOURCE_INFO" },
		{ ike_notify_name(IKE_N_TS_MAX_QUEUE), "TS_MAX_QUEUE" },
		{ ike_notify_name(IKE_N_INVALID_SYNTAX), "INVALID_SYNTAX" },
		{ ike_notify_name(IKE_N_COOKIE), "COOKIE" },
		{ ike_notify_name(16445), "UNKNOWN" },
		{ ike_notify_name(65535), "UNKNOWN" },
		{ ike_notify_name(100), "UNKNOWN" },
		{ ike_proto_name(IKE_PROTO_ESP), "ESP" },
		{ ike_transform_type_name(IKE_XF_DH), "KE" },
		{ ike_transform_name(IKE_XF_ENCR, IKE_ENCR_AES_GCM_16), "AES_GCM_16" },
		{ ike_transform_name(IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_512_256),
		  "HMAC_SHA2_512_256" },
		{ ike_transform_name(IKE_XF_DH, IKE_DH_CURVE25519), "CURVE25519" },
		{ ike_transform_name(IKE_XF_ESN, 1), "ESN" },
		{ ike_transform_name(9, 1), "UNKNOWN" },
		{ ike_transform_name(IKE_XF_PRF, 0xffff), "UNKNOWN" },
		{ ike_id_type_name(IKE_ID_FQDN), "ID_FQDN" },
		{ ike_auth_method_name(IKE_AUTH_PSK), "SHARED_KEY_MIC" },
		{ ike_ts_type_name(IKE_TS_IPV6_ADDR_RANGE), "TS_IPV6_ADDR_RANGE" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++)
		assert_string_equal(t[i].got, t[i].want);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vector_sa_init),
		cmocka_unit_test(test_vector_rebuild),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("ike_vector", tests, NULL, NULL);
}
