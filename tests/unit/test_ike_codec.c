/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 codec tests: parse.c and build.c against each other and against
 * hand-written byte vectors.
 *
 *   roundtrip/...  every payload type: build -> parse -> compare with ref
 *   bad/..., ok/... malformed messages, each with the notify the RFC wants
 *   truncated_...  a valid message cut at every octet
 * (The hand-written IKE_SA_INIT vector is in test_ike_vector.c.)
 *
 * `test_ike_codec --write-corpus DIR` writes the fuzzer's seed messages.
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

#define ISPI 0x1a2b3c4d5e6f7081ull
#define RSPI 0x8877665544332211ull

/* ---- the reference message every round trip compares against ------------ */

static uint8_t ke_data[64], nonce_data[32], auth_data[32], cert_data[100];
static uint8_t certreq_data[20], vid_data[16], cookie_data[16];
static const uint8_t idi_data[] = "west.example.net";
static const uint8_t idr_data[] = { 192, 0, 2, 1 };
static const uint8_t rekey_spi[] = { 0xc0, 0xff, 0xee, 0x02 };
static const uint8_t resource_id[] = { 'r', '1' };
static const uint8_t del_spis[] = { 0, 0, 0, 1, 0xc0, 0xff, 0xee, 2, 0xff, 0xff, 0xff, 0xff };
static const uint8_t cp_attrs[] = { 0x00, 0x01, 0x00, 0x00 };
static const uint8_t eap_data[] = { 0x02, 0x01, 0x00, 0x05, 0x01 };

static struct ike_msg ref;

static void ref_sa(struct ike_sa *sa)
{
	static const struct ike_proposal p1 = {
		.num = 1, .proto = IKE_PROTO_IKE, .n_xf = 5, .xf = {
			{ .type = IKE_XF_ENCR, .id = IKE_ENCR_AES_CBC, .key_len = 256 },
			{ .type = IKE_XF_PRF, .id = IKE_PRF_HMAC_SHA2_256 },
			{ .type = IKE_XF_INTEG, .id = IKE_INTEG_HMAC_SHA2_256_128 },
			{ .type = IKE_XF_DH, .id = IKE_DH_ECP256 },
			{ .type = IKE_XF_DH, .id = IKE_DH_CURVE25519 },
		} };
	static const struct ike_proposal p2 = {
		.num = 2, .proto = IKE_PROTO_ESP, .spi_size = 4,
		.spi = { 0xc0, 0xff, 0xee, 0x01 }, .n_xf = 3, .xf = {
			{ .type = IKE_XF_ENCR, .id = IKE_ENCR_AES_GCM_16, .key_len = 128 },
			{ .type = IKE_XF_ESN, .id = IKE_ESN_NO },
			{ .type = IKE_XF_ESN, .id = IKE_ESN_YES },
		} };

	sa->n_prop = 2;
	sa->prop[0] = p1;
	sa->prop[1] = p2;
}

static void ref_ts(struct ike_ts_set *tsi, struct ike_ts_set *tsr)
{
	static const struct ike_ts v4 = {
		IKE_TS_IPV4_ADDR_RANGE, 0, 0, 65535,
		{ 10, 0, 0, 0 }, { 10, 0, 0, 255 } };
	static const struct ike_ts v6 = {
		IKE_TS_IPV6_ADDR_RANGE, 6, 443, 443,
		{ 0x20, 0x01, 0x0d, 0xb8 },
		{ 0x20, 0x01, 0x0d, 0xb8, [14] = 0xff, [15] = 0xff } };
	static const struct ike_ts v4r = {
		IKE_TS_IPV4_ADDR_RANGE, 17, 500, 4500,
		{ 192, 168, 1, 0 }, { 192, 168, 1, 255 } };

	tsi->n_ts = 2;
	tsi->ts[0] = v4;
	tsi->ts[1] = v6;
	tsr->n_ts = 1;
	tsr->ts[0] = v4r;
}

#define SPAN(a) ((struct ike_span){ (a), sizeof(a) })

static void ref_init(void)
{
	for (unsigned int i = 0; i < sizeof(cert_data); i++) {
		cert_data[i] = (uint8_t)(0x30 + i);
		if (i < sizeof(ke_data))
			ke_data[i] = (uint8_t)(0x40 + i);
		if (i < 32)
			nonce_data[i] = (uint8_t)(0xa0 + i), auth_data[i] = (uint8_t)i;
		if (i < 20)
			certreq_data[i] = (uint8_t)(0x70 + i);
		if (i < 16)
			vid_data[i] = (uint8_t)(0x90 + i), cookie_data[i] = (uint8_t)(0xc0 + i);
	}
	ref_sa(&ref.sa);
	ref_ts(&ref.tsi, &ref.tsr);
	ref.ke = (struct ike_ke){ IKE_DH_ECP256, SPAN(ke_data) };
	ref.nonce = SPAN(nonce_data);
	ref.idi = (struct ike_id){ .type = IKE_ID_FQDN,
				   .data = { idi_data, sizeof(idi_data) - 1 } };
	ref.idr = (struct ike_id){ .type = IKE_ID_IPV4_ADDR, .data = SPAN(idr_data) };
	ref.auth = (struct ike_auth){ IKE_AUTH_PSK, SPAN(auth_data) };
	ref.n_cert = ref.n_certreq = 1;
	ref.cert[0] = (struct ike_cert){ IKE_CERT_X509_SIG, SPAN(cert_data) };
	ref.certreq[0] = (struct ike_cert){ IKE_CERT_X509_SIG, SPAN(certreq_data) };
	ref.n_notify = 3;
	ref.notify[0] = (struct ike_notify){ .type = IKE_N_SA_RESOURCE_INFO,
					     .data = SPAN(resource_id) };
	ref.notify[1] = (struct ike_notify){ IKE_PROTO_ESP, IKE_N_REKEY_SA,
					     SPAN(rekey_spi), { NULL, 0 } };
	ref.notify[2] = (struct ike_notify){ .type = IKE_N_COOKIE,
					     .data = SPAN(cookie_data) };
	ref.n_delete = 2;
	ref.del[0] = (struct ike_delete){ IKE_PROTO_ESP, 4, 3, SPAN(del_spis) };
	ref.del[1] = (struct ike_delete){ IKE_PROTO_IKE, 0, 0, { NULL, 0 } };
	ref.n_vid = 1;
	ref.vid[0] = SPAN(vid_data);
	ref.cp = (struct ike_cp){ 1, SPAN(cp_attrs) };
	ref.eap = (struct ike_span)SPAN(eap_data);
}

/* ---- helpers ------------------------------------------------------------ */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void span_eq(struct ike_span a, struct ike_span b)
{
	assert_int_equal(a.len, b.len);
	if (a.len)
		assert_memory_equal(a.p, b.p, a.len);
}

/*
 * Parse as the daemon will: the clear chain, then, if there is an SK
 * payload, its body with iv_len octets of IV and icv_len of ICV around a
 * plaintext "encrypted" with the identity function.
 */
static int parse_full(const uint8_t *buf, size_t len, struct ike_msg *m,
		      size_t iv_len, size_t icv_len)
{
	const struct ike_span *body = &m->sk.body;
	size_t chain;
	int rc;

	rc = ike_parse(buf, len, m);
	if (rc < 0 || !ike_msg_has(m, IKE_PLD_SK))
		return rc;
	assert_true(body->len >= iv_len + icv_len);
	rc = ike_sk_unpad(body->p + iv_len, body->len - iv_len - icv_len, &chain);
	assert_int_equal(rc, 0);
	return ike_parse_inner(m, m->sk.first_np, body->p + iv_len, chain);
}

/* ---- payload builders and comparators, one pair per payload type -------- */

static int b_sa(struct ike_buf *b) { return ike_build_sa(b, &ref.sa); }
static int b_ke(struct ike_buf *b) { return ike_build_ke(b, &ref.ke); }
static int b_nonce(struct ike_buf *b) { return ike_build_nonce(b, &ref.nonce); }
static int b_idi(struct ike_buf *b) { return ike_build_id(b, IKE_PLD_IDI, &ref.idi); }
static int b_idr(struct ike_buf *b) { return ike_build_id(b, IKE_PLD_IDR, &ref.idr); }
static int b_auth(struct ike_buf *b) { return ike_build_auth(b, &ref.auth); }
static int b_tsi(struct ike_buf *b) { return ike_build_ts(b, IKE_PLD_TSI, &ref.tsi); }
static int b_tsr(struct ike_buf *b) { return ike_build_ts(b, IKE_PLD_TSR, &ref.tsr); }
static int b_vid(struct ike_buf *b) { return ike_build_vid(b, &ref.vid[0]); }
static int b_cp(struct ike_buf *b) { return ike_build_cp(b, &ref.cp); }
static int b_eap(struct ike_buf *b) { return ike_build_eap(b, &ref.eap); }

static int b_cert(struct ike_buf *b)
{
	return ike_build_cert(b, IKE_PLD_CERT, &ref.cert[0]);
}

static int b_certreq(struct ike_buf *b)
{
	return ike_build_cert(b, IKE_PLD_CERTREQ, &ref.certreq[0]);
}

static int b_notify(struct ike_buf *b)
{
	for (unsigned int i = 0; i < ref.n_notify; i++)
		ike_build_notify(b, &ref.notify[i]);
	return b->err;
}

static int b_delete(struct ike_buf *b)
{
	for (unsigned int i = 0; i < ref.n_delete; i++)
		ike_build_delete(b, &ref.del[i]);
	return b->err;
}

static void c_sa(const struct ike_msg *m)
{
	assert_int_equal(m->sa.n_prop, ref.sa.n_prop);
	for (unsigned int i = 0; i < ref.sa.n_prop; i++) {
		const struct ike_proposal *a = &ref.sa.prop[i], *p = &m->sa.prop[i];

		assert_int_equal(p->num, a->num);
		assert_int_equal(p->proto, a->proto);
		assert_int_equal(p->spi_size, a->spi_size);
		assert_memory_equal(p->spi, a->spi, a->spi_size);
		assert_false(p->truncated);
		assert_int_equal(p->n_xf, a->n_xf);
		for (unsigned int j = 0; j < a->n_xf; j++) {
			assert_int_equal(p->xf[j].type, a->xf[j].type);
			assert_int_equal(p->xf[j].id, a->xf[j].id);
			assert_int_equal(p->xf[j].key_len, a->xf[j].key_len);
			assert_false(p->xf[j].unknown_attr);
		}
	}
}

static void c_ke(const struct ike_msg *m)
{
	assert_int_equal(m->ke.group, ref.ke.group);
	span_eq(m->ke.data, ref.ke.data);
}

static void c_nonce(const struct ike_msg *m) { span_eq(m->nonce, ref.nonce); }

static void c_id(const struct ike_id *id, const struct ike_id *want)
{
	assert_int_equal(id->type, want->type);
	span_eq(id->data, want->data);
	/* body: what AUTH covers, ID Type + RESERVED + data */
	assert_int_equal(id->body.len, 4 + want->data.len);
	assert_int_equal(id->body.p[0], want->type);
	assert_ptr_equal(id->body.p + 4, id->data.p);
}

static void c_idi(const struct ike_msg *m) { c_id(&m->idi, &ref.idi); }
static void c_idr(const struct ike_msg *m) { c_id(&m->idr, &ref.idr); }

static void c_cert(const struct ike_msg *m)
{
	assert_int_equal(m->n_cert, 1);
	assert_int_equal(m->cert[0].encoding, ref.cert[0].encoding);
	span_eq(m->cert[0].data, ref.cert[0].data);
}

static void c_certreq(const struct ike_msg *m)
{
	assert_int_equal(m->n_certreq, 1);
	assert_int_equal(m->certreq[0].encoding, ref.certreq[0].encoding);
	span_eq(m->certreq[0].data, ref.certreq[0].data);
}

static void c_auth(const struct ike_msg *m)
{
	assert_int_equal(m->auth.method, ref.auth.method);
	span_eq(m->auth.data, ref.auth.data);
}

static void c_notify(const struct ike_msg *m)
{
	assert_int_equal(m->n_notify, ref.n_notify);
	for (unsigned int i = 0; i < ref.n_notify; i++) {
		assert_int_equal(m->notify[i].proto, ref.notify[i].proto);
		assert_int_equal(m->notify[i].type, ref.notify[i].type);
		span_eq(m->notify[i].spi, ref.notify[i].spi);
		span_eq(m->notify[i].data, ref.notify[i].data);
	}
	assert_ptr_equal(ike_msg_notify(m, IKE_N_COOKIE), &m->notify[2]);
	assert_null(ike_msg_notify(m, IKE_N_INITIAL_CONTACT));
}

static void c_delete(const struct ike_msg *m)
{
	assert_int_equal(m->n_delete, ref.n_delete);
	for (unsigned int i = 0; i < ref.n_delete; i++) {
		assert_int_equal(m->del[i].proto, ref.del[i].proto);
		assert_int_equal(m->del[i].spi_size, ref.del[i].spi_size);
		assert_int_equal(m->del[i].num_spi, ref.del[i].num_spi);
		span_eq(m->del[i].spis, ref.del[i].spis);
	}
	assert_int_equal(ike_delete_spi(&m->del[0], 0), 1);
	assert_int_equal(ike_delete_spi(&m->del[0], 1), 0xc0ffee02);
	assert_int_equal(ike_delete_spi(&m->del[0], 2), 0xffffffff);
	assert_int_equal(ike_delete_spi(&m->del[0], 3), 0);
}

static void c_ts(const struct ike_ts_set *s, const struct ike_ts_set *want)
{
	assert_int_equal(s->n_ts, want->n_ts);
	assert_int_equal(s->ts_dropped + s->ts_unknown, 0);
	for (unsigned int i = 0; i < want->n_ts; i++)
		assert_memory_equal(&s->ts[i], &want->ts[i], sizeof(s->ts[i]));
}

static void c_tsi(const struct ike_msg *m) { c_ts(&m->tsi, &ref.tsi); }
static void c_tsr(const struct ike_msg *m) { c_ts(&m->tsr, &ref.tsr); }

static void c_vid(const struct ike_msg *m)
{
	assert_int_equal(m->n_vid, 1);
	span_eq(m->vid[0], ref.vid[0]);
}

static void c_cp(const struct ike_msg *m)
{
	assert_int_equal(m->cp.cfg_type, ref.cp.cfg_type);
	span_eq(m->cp.attrs, ref.cp.attrs);
}

static void c_eap(const struct ike_msg *m) { span_eq(m->eap, ref.eap); }

/* ---- round trips ----------------------------------------------------------- */

struct rt_case {
	const char *name;
	uint8_t type;		/* must be present after parsing */
	bool in_sk;		/* build inside SK */
	int (*build)(struct ike_buf *b);
	void (*check)(const struct ike_msg *m);
};

static struct rt_case rt_cases[] = {
	{ "roundtrip/SA",      IKE_PLD_SA,      false, b_sa,      c_sa },
	{ "roundtrip/SA_in_SK", IKE_PLD_SA,     true,  b_sa,      c_sa },
	{ "roundtrip/KE",      IKE_PLD_KE,      false, b_ke,      c_ke },
	{ "roundtrip/Nonce",   IKE_PLD_NONCE,   false, b_nonce,   c_nonce },
	{ "roundtrip/IDi",     IKE_PLD_IDI,     true,  b_idi,     c_idi },
	{ "roundtrip/IDr",     IKE_PLD_IDR,     true,  b_idr,     c_idr },
	{ "roundtrip/CERT",    IKE_PLD_CERT,    true,  b_cert,    c_cert },
	{ "roundtrip/CERTREQ", IKE_PLD_CERTREQ, false, b_certreq, c_certreq },
	{ "roundtrip/AUTH",    IKE_PLD_AUTH,    true,  b_auth,    c_auth },
	{ "roundtrip/Notify",  IKE_PLD_NOTIFY,  false, b_notify,  c_notify },
	{ "roundtrip/Notify_in_SK", IKE_PLD_NOTIFY, true, b_notify, c_notify },
	{ "roundtrip/Delete",  IKE_PLD_DELETE,  true,  b_delete,  c_delete },
	{ "roundtrip/VID",     IKE_PLD_VID,     false, b_vid,     c_vid },
	{ "roundtrip/TSi",     IKE_PLD_TSI,     true,  b_tsi,     c_tsi },
	{ "roundtrip/TSr",     IKE_PLD_TSR,     true,  b_tsr,     c_tsr },
	{ "roundtrip/CP",      IKE_PLD_CP,      true,  b_cp,      c_cp },
	{ "roundtrip/EAP",     IKE_PLD_EAP,     true,  b_eap,     c_eap },
};

/* Header, then the case's payloads, in SK (16-octet IV and ICV) if asked. */
static size_t rt_build(const struct rt_case *c, uint8_t *buf, size_t cap)
{
	struct ike_sk_region sk;
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, RSPI, IKE_AUTH, IKE_FLAG_INITIATOR, 1);
	if (c->in_sk)
		ike_build_sk_open(&b, 16, &sk);
	c->build(&b);
	if (c->in_sk) {
		ike_build_sk_close(&b, &sk, 16, 16);
		assert_int_equal((sk.plain_end - sk.plain_off) % 16, 0);
		assert_int_equal(sk.icv_off + 16, b.len);
	}
	assert_int_equal(ike_build_finish(&b), 0);
	return b.len;
}

static void test_roundtrip(void **state)
{
	const struct rt_case *c = *state;
	uint8_t buf[BUFSZ];
	struct ike_msg m;
	size_t len = rt_build(c, buf, sizeof(buf));

	assert_int_equal(parse_full(buf, len, &m, 16, 16), 0);
	assert_int_equal(m.ispi, ISPI);
	assert_int_equal(m.rspi, RSPI);
	assert_int_equal(m.exchange, IKE_AUTH);
	assert_int_equal(m.flags, IKE_FLAG_INITIATOR);
	assert_int_equal(m.msgid, 1);
	assert_int_equal(m.length, len);
	assert_true(ike_msg_has(&m, c->type));
	assert_int_equal(ike_msg_has(&m, IKE_PLD_SK), c->in_sk);
	c->check(&m);
}

/* Every payload at once: the clear ones, then SK with the rest. */
static size_t build_kitchen_sink(uint8_t *buf, size_t cap, size_t iv,
				 size_t block, size_t icv)
{
	int (*const clear[])(struct ike_buf *) = { b_sa, b_ke, b_nonce,
		b_certreq, b_vid };
	int (*const inner[])(struct ike_buf *) = { b_idi, b_cert, b_idr,
		b_auth, b_cp, b_eap, b_notify, b_tsi, b_tsr, b_delete };
	struct ike_sk_region sk;
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, RSPI, IKE_AUTH, IKE_FLAG_RESPONSE, 7);
	for (unsigned int i = 0; i < ARRAY_SIZE(clear); i++)
		clear[i](&b);
	ike_build_sk_open(&b, iv, &sk);
	for (unsigned int i = 0; i < ARRAY_SIZE(inner); i++)
		inner[i](&b);
	ike_build_sk_close(&b, &sk, block, icv);
	assert_int_equal(ike_build_finish(&b), 0);
	return b.len;
}

/* The same, returning the builder's error for a buffer of cap octets. */
static int build_kitchen_sink_cap(uint8_t *buf, size_t cap)
{
	int (*const clear[])(struct ike_buf *) = { b_sa, b_ke, b_nonce,
		b_certreq, b_vid };
	int (*const inner[])(struct ike_buf *) = { b_idi, b_cert, b_idr,
		b_auth, b_cp, b_eap, b_notify, b_tsi, b_tsr, b_delete };
	struct ike_sk_region sk;
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, RSPI, IKE_AUTH, IKE_FLAG_RESPONSE, 7);
	for (unsigned int i = 0; i < ARRAY_SIZE(clear); i++)
		clear[i](&b);
	ike_build_sk_open(&b, 16, &sk);
	for (unsigned int i = 0; i < ARRAY_SIZE(inner); i++)
		inner[i](&b);
	ike_build_sk_close(&b, &sk, 16, 16);
	assert_true(b.len <= cap);
	return ike_build_finish(&b);
}

static void test_roundtrip_all(void **state)
{
	void (*const check[])(const struct ike_msg *) = { c_sa, c_ke, c_nonce,
		c_idi, c_idr, c_cert, c_certreq, c_auth, c_notify, c_delete,
		c_tsi, c_tsr, c_vid, c_cp, c_eap };
	uint8_t buf[BUFSZ];
	struct ike_msg m;
	size_t len = build_kitchen_sink(buf, sizeof(buf), 8, 8, 12);

	assert_int_equal(parse_full(buf, len, &m, 8, 12), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(check); i++)
		check[i](&m);
	assert_int_equal(m.sk.first_np, IKE_PLD_IDI);
	assert_int_equal(m.sk.hdr_off + 4 + m.sk.body.len, len);
}

/* The builder never writes past cap: every cap below the size fails. */
static void test_build_overflow(void **state)
{
	uint8_t full[BUFSZ], buf[BUFSZ];
	size_t len = build_kitchen_sink(full, sizeof(full), 16, 16, 16);

	for (size_t cap = 0; cap <= len; cap++) {
		memset(buf, 0xee, sizeof(buf));
		assert_int_equal(build_kitchen_sink_cap(buf, cap),
				 cap < len ? -ENOBUFS : 0);
		for (size_t i = cap; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0xee);
	}
	assert_memory_equal(buf, full, len);
}

/* Misuse: payload after SK is closed, bad TS type, header not first. */
static void test_build_misuse(void **state)
{
	uint8_t buf[BUFSZ];
	struct ike_sk_region sk;
	struct ike_buf b;
	struct ike_ts_set bad = { .n_ts = 1, .ts = { { .type = 9 } } };

	ike_buf_init(&b, buf, sizeof(buf));
	ike_build_header(&b, ISPI, 0, IKE_INFORMATIONAL, 0, 2);
	ike_build_sk_open(&b, 16, &sk);
	ike_build_sk_close(&b, &sk, 16, 16);
	assert_int_equal(b_nonce(&b), -EINVAL);

	ike_buf_init(&b, buf, sizeof(buf));
	ike_build_header(&b, ISPI, 0, IKE_INFORMATIONAL, 0, 2);
	assert_int_equal(ike_build_ts(&b, IKE_PLD_TSI, &bad), -EINVAL);

	ike_buf_init(&b, buf, sizeof(buf));
	b_nonce(&b);
	assert_int_equal(b.first_np, IKE_PLD_NONCE);
	assert_int_equal(ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0), -EINVAL);
}

/* An empty SK (a liveness check) parses; block 16 pads to one block. */
static void test_empty_sk(void **state)
{
	uint8_t buf[BUFSZ];
	struct ike_sk_region sk;
	struct ike_buf b;
	struct ike_msg m;

	ike_buf_init(&b, buf, sizeof(buf));
	ike_build_header(&b, ISPI, RSPI, IKE_INFORMATIONAL, IKE_FLAG_INITIATOR, 9);
	ike_build_sk_open(&b, 16, &sk);
	ike_build_sk_close(&b, &sk, 16, 16);
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(sk.plain_end - sk.plain_off, 16);
	assert_int_equal(buf[sk.plain_end - 1], 15);
	assert_int_equal(parse_full(buf, b.len, &m, 16, 16), 0);
	assert_int_equal(m.sk.first_np, IKE_PLD_NONE);
	assert_int_equal(m.seen, 1ull << IKE_PLD_SK);
}

/* ---- malformed messages ------------------------------------------------------ */

/*
 * The base for the clear-chain cases, with its layout:
 *   0 header | 28 SA: 32 proposal, 40 ENCR(+attr at 48), 52 PRF, 60 INTEG,
 *   68 DH | 76 KE (64 octets) | 148 Nonce (32) | 184 N(NAT_D src) | 212
 */
enum { O_SA = 28, O_PROP = 32, O_XF1 = 40, O_ATTR = 48, O_KE = 76,
       O_NONCE = 148, O_N = 184, O_END = 212 };

static const uint8_t natd[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
				  11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };

static void init_req_payloads(struct ike_buf *b)
{
	struct ike_sa sa = { .n_prop = 1 };

	sa.prop[0] = ref.sa.prop[0];
	sa.prop[0].n_xf = 4;
	ike_build_sa(b, &sa);
	b_ke(b);
	b_nonce(b);
	ike_build_notify_data(b, IKE_N_NAT_DETECTION_SOURCE_IP, natd, sizeof(natd));
}

static size_t init_req(uint8_t *buf, size_t cap)
{
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	init_req_payloads(&b);
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(b.len, O_END);
	return b.len;
}

/* Header, optional clear payloads, SK around inner payloads (no IV/ICV). */
static size_t sk_msg(uint8_t *buf, size_t cap, void (*clear)(struct ike_buf *),
		     void (*inner)(struct ike_buf *), size_t *plain_off)
{
	struct ike_sk_region sk;
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, RSPI, IKE_CREATE_CHILD_SA, 0, 3);
	if (clear)
		clear(&b);
	ike_build_sk_open(&b, 0, &sk);
	inner(&b);
	ike_build_sk_close(&b, &sk, 1, 0);
	assert_int_equal(ike_build_finish(&b), 0);
	if (plain_off)
		*plain_off = sk.plain_off;
	return b.len;
}

/* Re-fit the IKE header length after growing or shrinking a message. */
static size_t set_len(uint8_t *buf, size_t len)
{
	put32(buf + 24, (uint32_t)len);
	return len;
}

static size_t bad_short_hdr(uint8_t *buf, size_t cap)
{
	init_req(buf, cap);
	return 27;
}

static size_t ok_init_req(uint8_t *buf, size_t cap)
{
	return init_req(buf, cap);
}

static size_t bad_hdr_len_gt(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put32(buf + 24, (uint32_t)len + 4);
	return len;
}

static size_t bad_hdr_len_lt(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put32(buf + 24, (uint32_t)len - 28);
	return len;
}

static size_t bad_version3(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[17] = 0x30;
	return len;
}

static size_t bad_version1(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[17] = 0x10;
	return len;
}

static size_t ok_minor_version(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[17] = 0x21;	/* minor versions are ignored */
	return len;
}

static size_t bad_gen_len_3(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_NONCE + 2, 3);
	return len;
}

static size_t bad_gen_len_beyond(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_N + 2, 29);
	return len;
}

static size_t bad_gen_len_huge(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_SA + 2, 0xffff);
	return len;
}

static size_t bad_gen_len_below_min(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	/* KE claims 6 octets (minimum 8); a 6-octet payload follows it */
	put16(buf + O_KE + 2, 6);
	return len;
}

static size_t bad_chain_past_end(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_N] = IKE_PLD_NOTIFY;	/* a next payload that is not there */
	return len;
}

static size_t bad_trailing(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	memset(buf + len, 0, 4);
	return set_len(buf, len + 4);
}

static size_t bad_chain_ends_early(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_NONCE] = IKE_PLD_NONE;	/* Notify left over */
	return len;
}

static void p_unknown_critical(struct ike_buf *b)
{
	ike_build_raw(b, 200, IKE_CRITICAL, "xyz", 3);
}

static void p_unknown_skip(struct ike_buf *b)
{
	ike_build_raw(b, 200, 0x7f, "xyz", 3);	/* reserved bits ignored */
	b_nonce(b);
	ike_build_raw(b, IKE_PLD_GSPM, 0, NULL, 0);
}

static size_t with_clear(uint8_t *buf, size_t cap, void (*fn)(struct ike_buf *))
{
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	init_req_payloads(&b);
	fn(&b);
	assert_int_equal(ike_build_finish(&b), 0);
	return b.len;
}

static size_t bad_unknown_critical(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_unknown_critical);
}

static size_t bad_unknown_critical_sk(uint8_t *buf, size_t cap)
{
	return sk_msg(buf, cap, NULL, p_unknown_critical, NULL);
}

static size_t ok_unknown_skipped(uint8_t *buf, size_t cap)
{
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	p_unknown_skip(&b);
	assert_int_equal(ike_build_finish(&b), 0);
	return b.len;
}

static size_t ok_unknown_skipped_sk(uint8_t *buf, size_t cap)
{
	return sk_msg(buf, cap, NULL, p_unknown_skip, NULL);
}

static void p_sa(struct ike_buf *b) { b_sa(b); }
static void p_nonce(struct ike_buf *b) { b_nonce(b); }
static void p_ke(struct ike_buf *b) { b_ke(b); }
static void p_idi(struct ike_buf *b) { b_idi(b); }
static void p_auth(struct ike_buf *b) { b_auth(b); }
static void p_tsi(struct ike_buf *b) { b_tsi(b); }
static void p_delete(struct ike_buf *b) { b_delete(b); }
static void p_idi_twice(struct ike_buf *b) { b_idi(b); b_auth(b); b_idi(b); }
static void p_notify_twice(struct ike_buf *b) { b_notify(b); b_notify(b); }

static size_t bad_dup_sa(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_sa);
}

static size_t bad_dup_nonce(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_nonce);
}

static size_t bad_dup_idi_sk(uint8_t *buf, size_t cap)
{
	return sk_msg(buf, cap, NULL, p_idi_twice, NULL);
}

static size_t bad_dup_ke_across_sk(uint8_t *buf, size_t cap)
{
	return sk_msg(buf, cap, p_ke, p_ke, NULL);
}

static size_t ok_notify_repeats(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_notify_twice);
}

static size_t bad_idi_clear(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_idi);
}

static size_t bad_auth_clear(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_auth);
}

static size_t bad_tsi_clear(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_tsi);
}

static size_t bad_delete_clear(uint8_t *buf, size_t cap)
{
	return with_clear(buf, cap, p_delete);
}

static void p_sk_in_sk(struct ike_buf *b)
{
	ike_build_raw(b, IKE_PLD_SK, 0, "\0\0\0\0", 4);
}

static size_t bad_sk_in_sk(uint8_t *buf, size_t cap)
{
	return sk_msg(buf, cap, NULL, p_sk_in_sk, NULL);
}

static size_t bad_sk_not_last(uint8_t *buf, size_t cap)
{
	size_t len = sk_msg(buf, cap, p_nonce, p_idi, NULL);

	memset(buf + len, 0, 8);	/* 8 octets after SK */
	return set_len(buf, len + 8);
}

static size_t bad_xf_count_high(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_PROP + 7] = 5;	/* 4 present */
	return len;
}

static size_t bad_xf_count_low(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_PROP + 7] = 3;
	return len;
}

static size_t bad_prop_last_more(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_PROP] = IKE_SUBSTRUCT_PROPOSAL;	/* "more follow", none do */
	return len;
}

static size_t bad_xf_last_early(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_XF1] = IKE_SUBSTRUCT_LAST;	/* 3 more follow */
	return len;
}

static size_t bad_prop_len_beyond(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_PROP + 2, 45);	/* SA body is 44 */
	return len;
}

static size_t bad_prop_len_short(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_PROP + 2, 7);
	return len;
}

static size_t bad_xf_len_beyond(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_XF1 + 2, 0x100);
	return len;
}

static size_t bad_attr_tlv_len(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	put16(buf + O_ATTR, IKE_ATTR_KEY_LENGTH);	/* now TLV, length 256 */
	return len;
}

static size_t bad_prop_spi_size(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_PROP + 6] = 5;
	return len;
}

static size_t bad_prop_spi_beyond(uint8_t *buf, size_t cap)
{
	size_t len;
	struct ike_buf b;
	static const uint8_t body[] = {
		0, 0, 0, 12, 1, IKE_PROTO_ESP, 8, 1,	/* SPI 8 > 4 left */
		0, 0, 0, 0,
	};

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	ike_build_raw(&b, IKE_PLD_SA, 0, body, sizeof(body));
	ike_build_finish(&b);
	len = b.len;
	return len;
}

static size_t bad_sa_empty(uint8_t *buf, size_t cap)
{
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	ike_build_raw(&b, IKE_PLD_SA, 0, NULL, 0);
	ike_build_finish(&b);
	return b.len;
}

static size_t bad_nonce_short(uint8_t *buf, size_t cap)
{
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	ike_build_raw(&b, IKE_PLD_NONCE, 0, nonce_data, 15);
	ike_build_finish(&b);
	return b.len;
}

static size_t bad_nonce_long(uint8_t *buf, size_t cap)
{
	static uint8_t big[257];
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	ike_build_raw(&b, IKE_PLD_NONCE, 0, big, sizeof(big));
	ike_build_finish(&b);
	return b.len;
}

static size_t bad_ke_no_data(uint8_t *buf, size_t cap)
{
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	ike_build_raw(&b, IKE_PLD_KE, 0, "\0\x13\0\0", 4);
	ike_build_finish(&b);
	return b.len;
}

static size_t bad_notify_spi(uint8_t *buf, size_t cap)
{
	size_t len = init_req(buf, cap);

	buf[O_N + 5] = 21;	/* SPI Size 21, 20 octets left */
	return len;
}

/* Inner-chain patches: offsets from the start of the plaintext. */
static size_t inner_patch(uint8_t *buf, size_t cap,
			  void (*inner)(struct ike_buf *), size_t at, int v16)
{
	size_t off, len = sk_msg(buf, cap, NULL, inner, &off);

	put16(buf + off + at, (uint16_t)v16);
	return len;
}

static size_t bad_ts_count(uint8_t *buf, size_t cap)
{
	size_t off, len = sk_msg(buf, cap, NULL, p_tsi, &off);

	buf[off + 4] = 3;	/* 2 present */
	return len;
}

static size_t bad_ts_count_zero(uint8_t *buf, size_t cap)
{
	size_t off, len = sk_msg(buf, cap, NULL, p_tsi, &off);

	buf[off + 4] = 0;
	return len;
}

static size_t bad_ts_sel_len(uint8_t *buf, size_t cap)
{
	/* first selector (IPv4) claims 40 octets */
	return inner_patch(buf, cap, p_tsi, 8 + 2, 40);
}

static size_t bad_ts_sel_beyond(uint8_t *buf, size_t cap)
{
	/* second selector (IPv6, the last) claims 41 */
	return inner_patch(buf, cap, p_tsi, 8 + 16 + 2, 41);
}

static size_t bad_delete_count(uint8_t *buf, size_t cap)
{
	return inner_patch(buf, cap, p_delete, 6, 4);	/* 3 SPIs present */
}

static size_t bad_delete_ike_spi(uint8_t *buf, size_t cap)
{
	size_t off, len = sk_msg(buf, cap, NULL, p_delete, &off);

	buf[off + 4] = IKE_PROTO_IKE;	/* IKE with SPI Size 4 */
	return len;
}

static void p_idr_v4_long(struct ike_buf *b)
{
	struct ike_id id = { .type = IKE_ID_IPV4_ADDR, .data = { idi_data, 5 } };

	ike_build_id(b, IKE_PLD_IDR, &id);
}

static size_t bad_id_v4_len(uint8_t *buf, size_t cap)
{
	return sk_msg(buf, cap, NULL, p_idr_v4_long, NULL);
}

static size_t bad_inner_gen_len(uint8_t *buf, size_t cap)
{
	return inner_patch(buf, cap, p_idi_twice, 2, 0x1000);
}

static size_t skf_msg(uint8_t *buf, size_t cap, uint16_t num, uint16_t total)
{
	struct ike_sk_region sk;
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, RSPI, IKE_AUTH, 0, 1);
	ike_build_skf_open(&b, num, total, IKE_PLD_IDI, 16, &sk);
	ike_build_bytes(&b, "abcdefgh", 8);
	ike_build_sk_close(&b, &sk, 16, 16);
	ike_build_finish(&b);
	return b.len;
}

static size_t bad_skf_zero(uint8_t *buf, size_t cap)
{
	return skf_msg(buf, cap, 0, 2);
}

static size_t bad_skf_over(uint8_t *buf, size_t cap)
{
	return skf_msg(buf, cap, 3, 2);
}

struct bad_case {
	const char *name;
	size_t (*make)(uint8_t *buf, size_t cap);
	int rc;
	uint16_t notify;	/* error_notify expected; 0: drop */
};

#define SYNTAX -EBADMSG, IKE_N_INVALID_SYNTAX
#define DROP -EBADMSG, 0

static struct bad_case bad_cases[] = {
	{ "bad/header_truncated",          bad_short_hdr, DROP },
	{ "bad/header_length_gt_received", bad_hdr_len_gt, DROP },
	{ "bad/header_length_lt_received", bad_hdr_len_lt, DROP },
	{ "ok/header_length_exact",        ok_init_req, 0, 0 },
	{ "bad/version_3",                 bad_version3, -EPROTONOSUPPORT,
	  IKE_N_INVALID_MAJOR_VERSION },
	{ "bad/version_1",                 bad_version1, -EPROTONOSUPPORT,
	  IKE_N_INVALID_MAJOR_VERSION },
	{ "ok/minor_version_ignored",      ok_minor_version, 0, 0 },
	{ "bad/payload_length_3",          bad_gen_len_3, SYNTAX },
	{ "bad/payload_length_beyond_msg", bad_gen_len_beyond, SYNTAX },
	{ "bad/payload_length_0xffff",     bad_gen_len_huge, SYNTAX },
	{ "bad/payload_length_below_min",  bad_gen_len_below_min, SYNTAX },
	{ "bad/next_payload_past_end",     bad_chain_past_end, SYNTAX },
	{ "bad/octets_after_last_payload", bad_trailing, SYNTAX },
	{ "bad/chain_ends_early",          bad_chain_ends_early, SYNTAX },
	{ "bad/unknown_critical",          bad_unknown_critical, -EOPNOTSUPP,
	  IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD },
	{ "bad/unknown_critical_in_sk",    bad_unknown_critical_sk, -EOPNOTSUPP,
	  IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD },
	{ "ok/unknown_noncritical_skipped", ok_unknown_skipped, 0, 0 },
	{ "ok/unknown_noncritical_in_sk",  ok_unknown_skipped_sk, 0, 0 },
	{ "bad/duplicate_sa",              bad_dup_sa, SYNTAX },
	{ "bad/duplicate_nonce",           bad_dup_nonce, SYNTAX },
	{ "bad/duplicate_idi_in_sk",       bad_dup_idi_sk, SYNTAX },
	{ "bad/duplicate_ke_across_sk",    bad_dup_ke_across_sk, SYNTAX },
	{ "ok/notify_repeats",             ok_notify_repeats, 0, 0 },
	{ "bad/idi_outside_sk",            bad_idi_clear, SYNTAX },
	{ "bad/auth_outside_sk",           bad_auth_clear, SYNTAX },
	{ "bad/tsi_outside_sk",            bad_tsi_clear, SYNTAX },
	{ "bad/delete_outside_sk",         bad_delete_clear, SYNTAX },
	{ "bad/sk_inside_sk",              bad_sk_in_sk, SYNTAX },
	{ "bad/sk_not_last",               bad_sk_not_last, SYNTAX },
	{ "bad/num_transforms_high",       bad_xf_count_high, SYNTAX },
	{ "bad/num_transforms_low",        bad_xf_count_low, SYNTAX },
	{ "bad/proposal_last_says_more",   bad_prop_last_more, SYNTAX },
	{ "bad/transform_last_too_early",  bad_xf_last_early, SYNTAX },
	{ "bad/proposal_length_beyond_sa", bad_prop_len_beyond, SYNTAX },
	{ "bad/proposal_length_short",     bad_prop_len_short, SYNTAX },
	{ "bad/transform_length_beyond",   bad_xf_len_beyond, SYNTAX },
	{ "bad/attribute_tlv_length",      bad_attr_tlv_len, SYNTAX },
	{ "bad/proposal_spi_size_5",       bad_prop_spi_size, SYNTAX },
	{ "bad/proposal_spi_beyond",       bad_prop_spi_beyond, SYNTAX },
	{ "bad/sa_without_proposals",      bad_sa_empty, SYNTAX },
	{ "bad/nonce_15",                  bad_nonce_short, SYNTAX },
	{ "bad/nonce_257",                 bad_nonce_long, SYNTAX },
	{ "bad/ke_without_data",           bad_ke_no_data, SYNTAX },
	{ "bad/notify_spi_size_beyond",    bad_notify_spi, SYNTAX },
	{ "bad/ts_count_high",             bad_ts_count, SYNTAX },
	{ "bad/ts_count_zero",             bad_ts_count_zero, SYNTAX },
	{ "bad/ts_selector_length_type",   bad_ts_sel_len, SYNTAX },
	{ "bad/ts_selector_length_beyond", bad_ts_sel_beyond, SYNTAX },
	{ "bad/delete_num_spis",           bad_delete_count, SYNTAX },
	{ "bad/delete_ike_with_spi",       bad_delete_ike_spi, SYNTAX },
	{ "bad/id_ipv4_length",            bad_id_v4_len, SYNTAX },
	{ "bad/inner_payload_length",      bad_inner_gen_len, SYNTAX },
	{ "bad/skf_fragment_0",            bad_skf_zero, SYNTAX },
	{ "bad/skf_fragment_over_total",   bad_skf_over, SYNTAX },
};

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	uint8_t buf[BUFSZ];
	struct ike_msg m;
	size_t len = c->make(buf, sizeof(buf));
	int rc = parse_full(buf, len, &m, 0, 0);

	if (rc)
		print_message("%s: rc %d notify %s: %s (%u) at offset %zu\n", c->name,
			      rc, ike_notify_name(m.error_notify),
			      m.error_text, m.error_value, m.error_offset);
	assert_int_equal(rc, c->rc);
	if (rc == 0)
		return;
	assert_int_equal(m.error_notify, c->notify);
	assert_non_null(m.error_text);
	if (c->notify == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD)
		assert_int_equal(m.error_payload, 200);
}

/* Spot checks of what the ok/ cases above parsed. */
static void test_unknown_skipped(void **state)
{
	uint8_t buf[BUFSZ];
	struct ike_msg m;
	size_t len = ok_unknown_skipped(buf, sizeof(buf));

	assert_int_equal(parse_full(buf, len, &m, 0, 0), 0);
	assert_int_equal(m.seen, 1ull << IKE_PLD_NONCE);
	c_nonce(&m);
}

/* ---- truncation --------------------------------------------------------------- */

/*
 * Cut at every octet: as received (dropped: the header Length does not
 * match), and with the header Length re-fitted (INVALID_SYNTAX: some
 * payload header or length always points past the cut).
 */
static void truncate_all(const uint8_t *orig, size_t len)
{
	uint8_t buf[BUFSZ];
	struct ike_msg m;

	for (size_t cut = 0; cut < len; cut++) {
		memcpy(buf, orig, cut);
		assert_int_equal(ike_parse(buf, cut, &m), -EBADMSG);
		assert_int_equal(m.error_notify, 0);
		if (cut < sizeof(struct ike_hdr))
			continue;
		set_len(buf, cut);
		assert_int_equal(ike_parse(buf, cut, &m), -EBADMSG);
		assert_int_equal(m.error_notify, IKE_N_INVALID_SYNTAX);
	}
}

static void test_truncated_init(void **state)
{
	uint8_t buf[BUFSZ];
	size_t len = init_req(buf, sizeof(buf));

	truncate_all(buf, len);
}

static void test_truncated_kitchen_sink(void **state)
{
	uint8_t buf[BUFSZ];
	size_t len = build_kitchen_sink(buf, sizeof(buf), 16, 16, 16);

	truncate_all(buf, len);
}

/* The decrypted chain cut at every octet: always INVALID_SYNTAX. */
static void test_truncated_inner(void **state)
{
	uint8_t buf[BUFSZ];
	struct ike_msg m;
	size_t chain, len = build_kitchen_sink(buf, sizeof(buf), 0, 1, 0);

	assert_int_equal(ike_parse(buf, len, &m), 0);
	assert_int_equal(ike_sk_unpad(m.sk.body.p, m.sk.body.len, &chain), 0);
	assert_int_equal(chain, m.sk.body.len - 1);
	for (size_t cut = 0; cut < chain; cut++) {
		struct ike_msg inner = { 0 };

		assert_int_equal(ike_parse_inner(&inner, m.sk.first_np,
						 m.sk.body.p, cut), -EBADMSG);
		assert_int_equal(inner.error_notify, IKE_N_INVALID_SYNTAX);
	}
}

static void test_sk_unpad(void **state)
{
	static const struct { uint8_t in[4]; size_t len; int rc; size_t chain; } t[] = {
		{ { 0 }, 0, -EBADMSG, 0 },
		{ { 0 }, 1, 0, 0 },
		{ { 9, 0 }, 2, 0, 1 },
		{ { 9, 1 }, 2, 0, 0 },
		{ { 9, 2 }, 2, -EBADMSG, 0 },
		{ { 9, 0, 0, 3 }, 4, 0, 0 },
		{ { 9, 0, 0, 255 }, 4, -EBADMSG, 0 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		size_t chain = 99;

		assert_int_equal(ike_sk_unpad(t[i].in, t[i].len, &chain), t[i].rc);
		if (t[i].rc == 0)
			assert_int_equal(chain, t[i].chain);
	}
}

/*
 * RFC 7383 2.5: an Encrypted Fragment payload, byte for byte (before
 * encryption: IV, padding and ICV still zero). The IKE header names SKF
 * (53) as the first payload; the SKF's Next Payload is the inner chain's
 * first type in fragment 1; Fragment Number and Total Fragments follow the
 * generic header; padding and its length as in SK.
 */
static void test_skf_layout(void **state)
{
	static const uint8_t want[] = {
		/* IKE header after the SPIs: SKF, 2.0, IKE_AUTH, flags 0,
		 * message ID 1, length 84 */
		0x35, 0x20, 0x23, 0x00, 0, 0, 0, 1, 0, 0, 0, 84,
		/* SKF: Next Payload IDi, not critical, length 56 */
		0x23, 0x00, 0x00, 56,
		/* Fragment Number 1, Total Fragments 2 */
		0x00, 0x01, 0x00, 0x02,
		/* IV (16) */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		/* "abcdefgh", 7 octets of padding, Pad Length 7 */
		'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0, 0, 0, 0, 0, 0, 0, 7,
		/* ICV (16) */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint8_t buf[256];
	size_t len = skf_msg(buf, sizeof(buf), 1, 2);
	struct ike_msg m;

	(void)state;
	assert_int_equal(len, 16 + sizeof(want));
	assert_memory_equal(buf + 16, want, sizeof(want));
	assert_int_equal(ike_parse(buf, len, &m), 0);
	assert_true(m.sk.fragment);
	assert_int_equal(m.sk.first_np, IKE_PLD_IDI);
	assert_int_equal(m.sk.frag_num, 1);
	assert_int_equal(m.sk.frag_total, 2);
	assert_int_equal(m.sk.hdr_off, 28);
	assert_int_equal(m.sk.body.len, 56 - 8);
	/* the last fragment parses alike */
	len = skf_msg(buf, sizeof(buf), 2, 2);
	assert_int_equal(ike_parse(buf, len, &m), 0);
	assert_int_equal(m.sk.frag_num, 2);
}

/* ---- a chain of encoded payloads spliced after new ones --------------------- */

static size_t chain_msg(uint8_t *buf, size_t cap, bool cookie)
{
	struct ike_span ni = { (const uint8_t *)"0123456789abcdef", 16 };
	struct ike_buf b;

	ike_buf_init(&b, buf, cap);
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	if (cookie)
		ike_build_notify_data(&b, IKE_N_COOKIE, "cookie!!", 8);
	ike_build_nonce(&b, &ni);
	ike_build_notify_data(&b, IKE_N_FRAGMENTATION_SUPPORTED, NULL, 0);
	ike_build_finish(&b);
	return b.len;
}

/* What a responder does with a request it asked a cookie for: the same
 * octets as the initiator's retry built payload by payload. */
static void test_build_chain(void **state)
{
	uint8_t plain[256], want[256], got[256];
	size_t plen = chain_msg(plain, sizeof(plain), false);
	size_t wlen = chain_msg(want, sizeof(want), true);
	struct ike_buf b;
	struct ike_msg m;

	(void)state;
	ike_buf_init(&b, got, sizeof(got));
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	ike_build_notify_data(&b, IKE_N_COOKIE, "cookie!!", 8);
	ike_build_chain(&b, plain[16], plain + 28, plen - 28);
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(b.len, wlen);
	assert_memory_equal(got, want, wlen);
	assert_int_equal(ike_parse(got, b.len, &m), 0);
	assert_non_null(ike_msg_notify(&m, IKE_N_COOKIE));
	/* the chain is closed: nothing may follow it */
	assert_int_equal(ike_build_nonce(&b, &(struct ike_span){ got, 16 }),
			 -EINVAL);
}

/* ---- bounded arrays: what does not fit is counted, not stored --------------- */

static void test_overflow_counted(void **state)
{
	uint8_t buf[16384];
	struct ike_proposal big = { .num = 1, .proto = IKE_PROTO_IKE, .n_xf = 1 };
	struct ike_sa sa = { .n_prop = 1 };
	struct ike_buf b;
	struct ike_msg m;

	ike_buf_init(&b, buf, sizeof(buf));
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	sa.prop[0] = big;
	ike_build_sa(&b, &sa);
	for (int i = 0; i < IKE_MAX_NOTIFIES + 3; i++)
		ike_build_notify_data(&b, IKE_N_COOKIE, NULL, 0);
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(ike_parse(buf, b.len, &m), 0);
	assert_int_equal(m.n_notify, IKE_MAX_NOTIFIES);
	assert_int_equal(m.notify_dropped, 3);
	assert_int_equal(m.sa.prop[0].n_xf, 1);
	assert_int_equal(m.sa.prop[0].xf[0].type, 0);
}

/* A proposal with more transforms than fit: stored ones kept, marked. */
static void test_proposal_truncated(void **state)
{
	enum { NXF = IKE_MAX_TRANSFORMS + 2, PLEN = 8 + NXF * 8 };
	uint8_t body[PLEN] = { 0, 0, PLEN >> 8, PLEN & 0xff, 1, IKE_PROTO_IKE, 0, NXF };
	uint8_t buf[BUFSZ];
	struct ike_buf b;
	struct ike_msg m;

	for (int i = 0; i < NXF; i++) {
		uint8_t *x = body + 8 + i * 8;

		x[0] = i + 1 < NXF ? IKE_SUBSTRUCT_TRANSFORM : IKE_SUBSTRUCT_LAST;
		x[3] = 8;
		x[4] = IKE_XF_DH;
		x[7] = (uint8_t)i;
	}
	ike_buf_init(&b, buf, sizeof(buf));
	ike_build_header(&b, ISPI, 0, IKE_SA_INIT, 0, 0);
	ike_build_raw(&b, IKE_PLD_SA, 0, body, sizeof(body));
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(ike_parse(buf, b.len, &m), 0);
	assert_int_equal(m.sa.n_prop, 1);
	assert_true(m.sa.prop[0].truncated);
	assert_int_equal(m.sa.prop[0].n_xf, IKE_MAX_TRANSFORMS);
	assert_int_equal(m.sa.prop[0].xf[IKE_MAX_TRANSFORMS - 1].id,
			 IKE_MAX_TRANSFORMS - 1);
}

/* ---- seed corpus for tests/fuzz/fuzz_ike_parse ------------------------------ */

static void write_file(const char *dir, const char *name, const uint8_t *p,
		       size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

/* The decrypted chain alone, as the harness's second use of an input
 * takes it: first payload type, then the chain. */
static int write_inner_seed(const char *dir)
{
	uint8_t buf[BUFSZ], seed[BUFSZ];
	struct ike_msg m;
	size_t chain, len = build_kitchen_sink(buf, sizeof(buf), 0, 1, 0);

	if (ike_parse(buf, len, &m) < 0 ||
	    ike_sk_unpad(m.sk.body.p, m.sk.body.len, &chain) < 0)
		return 1;
	seed[0] = m.sk.first_np;
	memcpy(seed + 1, m.sk.body.p, chain);
	write_file(dir, "inner_chain", seed, chain + 1);
	return 0;
}

/* SK seeds carry no IV or ICV, so the fuzzer's identity "decryption"
 * reaches the inner chain. */
static int write_corpus(const char *dir)
{
	uint8_t buf[BUFSZ];
	size_t len;

	ref_init();
	len = init_req(buf, sizeof(buf));
	write_file(dir, "sa_init_built", buf, len);
	len = build_kitchen_sink(buf, sizeof(buf), 0, 1, 0);
	write_file(dir, "auth_all_payloads", buf, len);
	len = sk_msg(buf, sizeof(buf), p_sa, p_tsi, NULL);
	write_file(dir, "create_child", buf, len);
	len = sk_msg(buf, sizeof(buf), NULL, p_delete, NULL);
	write_file(dir, "informational_delete", buf, len);
	len = skf_msg(buf, sizeof(buf), 1, 2);
	write_file(dir, "skf_fragment", buf, len);
	return write_inner_seed(dir);
}

int main(int argc, char **argv)
{
	struct CMUnitTest rt[ARRAY_SIZE(rt_cases)];
	struct CMUnitTest bad[ARRAY_SIZE(bad_cases)];
	const struct CMUnitTest misc[] = {
		cmocka_unit_test(test_roundtrip_all),
		cmocka_unit_test(test_build_overflow),
		cmocka_unit_test(test_build_misuse),
		cmocka_unit_test(test_empty_sk),
		cmocka_unit_test(test_unknown_skipped),
		cmocka_unit_test(test_truncated_init),
		cmocka_unit_test(test_truncated_kitchen_sink),
		cmocka_unit_test(test_truncated_inner),
		cmocka_unit_test(test_sk_unpad),
		cmocka_unit_test(test_skf_layout),
		cmocka_unit_test(test_build_chain),
		cmocka_unit_test(test_overflow_counted),
		cmocka_unit_test(test_proposal_truncated),
	};
	int fails = 0;

	if (argc == 3 && !strcmp(argv[1], "--write-corpus"))
		return write_corpus(argv[2]);
	ref_init();
	for (unsigned int i = 0; i < ARRAY_SIZE(rt_cases); i++)
		rt[i] = (struct CMUnitTest){ rt_cases[i].name, test_roundtrip,
			NULL, NULL, (void *)&rt_cases[i] };
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_cases); i++)
		bad[i] = (struct CMUnitTest){ bad_cases[i].name, test_bad,
			NULL, NULL, (void *)&bad_cases[i] };
	fails += cmocka_run_group_tests_name("ike_codec_roundtrip", rt, NULL, NULL);
	fails += cmocka_run_group_tests_name("ike_codec_malformed", bad, NULL, NULL);
	fails += cmocka_run_group_tests_name("ike_codec", misc, NULL, NULL);
	return fails ? 1 : 0;
}
