/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the IKEv2 parser (and, through a round trip, the
 * builder). Each input is used twice:
 *
 *   1. as a datagram: ike_parse(); if it carries SK, its body is taken as
 *      already-decrypted plaintext (the seeds have no IV and no ICV), the
 *      padding stripped, and ike_parse_inner() runs on it;
 *   2. as a bare inner chain: first octet = first payload type.
 *
 * Whatever parses is rebuilt with build.c and parsed again; the two parses
 * must agree, or the harness aborts.
 *
 * Seeds: tests/fuzz/corpus/ike_parse/, written by
 * `build/tests/test_ike_codec --write-corpus tests/fuzz/corpus/ike_parse`.
 */
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "codec/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static uint8_t rebuilt[1 << 17];

static void fuzz_build_ts(struct ike_buf *b, uint8_t type,
			  const struct ike_ts_set *set)
{
	if (set->n_ts)
		ike_build_ts(b, type, set);
}

/* Every payload stored in m, except SK/SKF, as one headerless chain. */
static void fuzz_build_all(struct ike_buf *b, const struct ike_msg *m)
{
	unsigned int i;

	if (ike_msg_has(m, IKE_PLD_SA))
		ike_build_sa(b, &m->sa);
	if (ike_msg_has(m, IKE_PLD_KE))
		ike_build_ke(b, &m->ke);
	if (ike_msg_has(m, IKE_PLD_NONCE))
		ike_build_nonce(b, &m->nonce);
	if (ike_msg_has(m, IKE_PLD_IDI))
		ike_build_id(b, IKE_PLD_IDI, &m->idi);
	if (ike_msg_has(m, IKE_PLD_IDR))
		ike_build_id(b, IKE_PLD_IDR, &m->idr);
	if (ike_msg_has(m, IKE_PLD_AUTH))
		ike_build_auth(b, &m->auth);
	if (ike_msg_has(m, IKE_PLD_CP))
		ike_build_cp(b, &m->cp);
	if (ike_msg_has(m, IKE_PLD_EAP))
		ike_build_eap(b, &m->eap);
	fuzz_build_ts(b, IKE_PLD_TSI, &m->tsi);
	fuzz_build_ts(b, IKE_PLD_TSR, &m->tsr);
	for (i = 0; i < m->n_notify; i++)
		ike_build_notify(b, &m->notify[i]);
	for (i = 0; i < m->n_delete; i++)
		ike_build_delete(b, &m->del[i]);
	for (i = 0; i < m->n_vid; i++)
		ike_build_vid(b, &m->vid[i]);
	for (i = 0; i < m->n_cert; i++)
		ike_build_cert(b, IKE_PLD_CERT, &m->cert[i]);
	for (i = 0; i < m->n_certreq; i++)
		ike_build_cert(b, IKE_PLD_CERTREQ, &m->certreq[i]);
}

static void span_eq(struct ike_span a, struct ike_span b)
{
	CHECK(a.len == b.len);
	CHECK(a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static void sa_eq(const struct ike_sa *a, const struct ike_sa *b)
{
	CHECK(a->n_prop == b->n_prop);
	for (unsigned int i = 0; i < a->n_prop; i++) {
		const struct ike_proposal *p = &a->prop[i], *q = &b->prop[i];

		CHECK(p->num == q->num && p->proto == q->proto);
		CHECK(p->spi_size == q->spi_size && p->n_xf == q->n_xf);
		CHECK(memcmp(p->spi, q->spi, p->spi_size) == 0);
		for (unsigned int j = 0; j < p->n_xf; j++)
			CHECK(p->xf[j].type == q->xf[j].type &&
			      p->xf[j].id == q->xf[j].id &&
			      p->xf[j].key_len == q->xf[j].key_len);
	}
}

static void notify_eq(const struct ike_msg *a, const struct ike_msg *b)
{
	CHECK(a->n_notify == b->n_notify);
	for (unsigned int i = 0; i < a->n_notify; i++) {
		CHECK(a->notify[i].type == b->notify[i].type);
		CHECK(a->notify[i].proto == b->notify[i].proto);
		span_eq(a->notify[i].spi, b->notify[i].spi);
		span_eq(a->notify[i].data, b->notify[i].data);
	}
	CHECK(a->n_delete == b->n_delete);
	for (unsigned int i = 0; i < a->n_delete; i++) {
		CHECK(a->del[i].proto == b->del[i].proto);
		CHECK(a->del[i].num_spi == b->del[i].num_spi);
		span_eq(a->del[i].spis, b->del[i].spis);
	}
}

static void fuzz_compare(const struct ike_msg *a, const struct ike_msg *b)
{
	uint64_t sk = 1ull << IKE_PLD_SK | 1ull << IKE_PLD_SKF;
	uint64_t ts = 1ull << IKE_PLD_TSI | 1ull << IKE_PLD_TSR;

	CHECK((a->seen & ~sk & ~ts) == (b->seen & ~ts));
	sa_eq(&a->sa, &b->sa);
	CHECK(a->ke.group == b->ke.group);
	span_eq(a->ke.data, b->ke.data);
	span_eq(a->nonce, b->nonce);
	CHECK(a->idi.type == b->idi.type && a->idr.type == b->idr.type);
	/* not body: it keeps the RESERVED octets as received, for AUTH */
	span_eq(a->idi.data, b->idi.data);
	span_eq(a->idr.data, b->idr.data);
	CHECK(a->auth.method == b->auth.method);
	span_eq(a->auth.data, b->auth.data);
	CHECK(a->tsi.n_ts == b->tsi.n_ts && a->tsr.n_ts == b->tsr.n_ts);
	CHECK(!memcmp(a->tsi.ts, b->tsi.ts, sizeof(a->tsi.ts[0]) * a->tsi.n_ts));
	CHECK(!memcmp(a->tsr.ts, b->tsr.ts, sizeof(a->tsr.ts[0]) * a->tsr.n_ts));
	notify_eq(a, b);
	CHECK(a->n_vid == b->n_vid && a->n_cert == b->n_cert &&
	      a->n_certreq == b->n_certreq);
	span_eq(a->eap, b->eap);
	span_eq(a->cp.attrs, b->cp.attrs);
}

/* A successfully parsed message, rebuilt and parsed again, must agree. */
static void fuzz_roundtrip(const struct ike_msg *m)
{
	static struct ike_msg again;
	struct ike_buf b;

	ike_buf_init(&b, rebuilt, sizeof(rebuilt));
	fuzz_build_all(&b, m);
	CHECK(b.err == 0);
	memset(&again, 0, sizeof(again));
	CHECK(ike_parse_inner(&again, b.len ? b.first_np : 0, rebuilt,
			      b.len) == 0);
	fuzz_compare(m, &again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ike_msg m;
	size_t chain;

	if (ike_parse(data, size, &m) == 0) {
		if (ike_msg_has(&m, IKE_PLD_SK) &&
		    ike_sk_unpad(m.sk.body.p, m.sk.body.len, &chain) == 0 &&
		    ike_parse_inner(&m, m.sk.first_np, m.sk.body.p, chain) == 0)
			fuzz_roundtrip(&m);
		else if (!ike_msg_has(&m, IKE_PLD_SK))
			fuzz_roundtrip(&m);
	}
	if (size > 0) {
		memset(&m, 0, sizeof(m));
		if (ike_parse_inner(&m, data[0], data + 1, size - 1) == 0)
			fuzz_roundtrip(&m);
	}
	return 0;
}
