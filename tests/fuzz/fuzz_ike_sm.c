/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the IKE state machine: both daemon cores in one
 * process (tests/unit/ike_pair.h, the recording kernel double), an IKE SA
 * established between them with the real crypto, then a program read from
 * the input. Its messages are sealed with the established SA's real keys,
 * so they reach past decryption and authentication into the exchanges,
 * notify handling, narrowing and the RFC 9611 logic.
 *
 * Input: one mode octet (bit 0 per-CPU SAs, 1 all at once, 2 PFS,
 * 3 a NAT before A, 4 transport mode, 5 fragments of at most 160 octets),
 * then operations, each an octet:
 *   0 deliver one queued datagram      1 drop the next    2 duplicate it
 *   3 advance the clock (1 ms to ~70 min, both sides' timers; lifetimes
 *     are short here, so rekeys, expiry and the IKE rekey happen)
 *   4/5 inject a protected message A->B / B->A: exchange, flags, message
 *       ID choice (the peer's next, the peer's in flight, any), then
 *       payloads (type, critical, length, body) until a 0; with flag
 *       bit 1 set, sent as SKF fragments whose numbers, totals and cuts
 *       come from the input (RFC 7383)
 *   6 an operator or kernel event: rekey/delete a child, up/down, an
 *     acquire, a soft or hard expire, a CPU going offline or online
 * Randomness (SPIs, nonces) is OpenSSL's: an input is not replayed
 * exactly; what it finds is kept as an artifact and reproduces mostly.
 * After each input the daemons are freed; an illegal state transition or
 * a timer heap out of step aborts (ike_pair.h), as do the sanitizers.
 */
#include <stdlib.h>
#include <string.h>

#include "ike_pair.h"
#include "state/fsm.h"
#include "state/task.h"
#include "xchg/frag_out.h"
#include "xchg/send.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t take(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static void modes(struct pair *p, uint8_t m)
{
	for (int s = 0; s < 2; s++) {
		struct cfg_child *c = &p->child[s][0];

		if (m & 1)
			c->per_cpu_sas = CFG_PCPU_YES;
		if (m & 2)
			c->per_cpu_create = CFG_PCPU_ALL;
		if (m & 4)
			c->esp[0].dh[c->esp[0].n_dh++] = IKE_DH_CURVE25519;
		if (m & 16)
			c->mode = MSA_KMODE_TRANSPORT;
		c->per_cpu_acquire_ms = 1;
		/* short lives: rekeys, expiry and the IKE rekey happen */
		c->life.rekey_time = 60;
		c->life.life_time = 90;
		p->conn[s].life.rekey_time = 300;
		p->cfg[s].global.rekeyed_grace_ms = 5000;
	}
	p->nat = m & 8;
	if (m & 32)
		for (int s = 0; s < 2; s++)
			p->cfg[s].global.fragment_size = 160;
	if (p->nat)
		memset(&p->conn[1].remote_addr, 0,
		       sizeof(p->conn[1].remote_addr));
}

/* Payloads from the input, raw, until a type 0 or the input ends. */
static void payloads(struct in *in, struct ike_buf *b)
{
	uint8_t body[512];

	for (int i = 0; i < 16; i++) {
		uint8_t type = take(in), crit, len;

		if (!type)
			return;
		crit = take(in) & 1 ? IKE_CRITICAL : 0;
		len = take(in);
		for (int k = 0; k < len; k++)
			body[k] = take(in);
		ike_build_raw(b, type, crit, body, len);
	}
}

/* o's inner chain as up to 8 fragments: number, total and length of
 * each from the input (a cut past the end is shortened). */
static void fragments(struct ikesa *sa, const struct omsg *o, struct in *in)
{
	size_t n = o->b.len - o->sk.plain_off, off = 0;
	uint8_t mem[1024];

	for (int i = 0, k = take(in) % 8 + 1; i < k; i++) {
		uint16_t num = take(in) % 10, total = take(in) % 10;
		size_t len = take(in);
		struct ike_buf b;

		if (off + len > n)
			len = n - off;
		ike_buf_init(&b, mem, sizeof(mem));
		if (!frag_seal(sa, o, num, total, off, len, &b))
			ike_send_raw(sa->d, &sa->local, &sa->remote, b.p, b.len);
		off += len;
	}
}

/* A protected message from side s's IKE SA, sealed with its keys. */
static void inject(struct pair *p, int s, struct in *in)
{
	struct ikesa *sa = pair_sa(p, s), *peer = pair_sa(p, !s);
	uint8_t exch = (uint8_t)(IKE_AUTH + take(in) % 4), fl = take(in);
	uint32_t msgid = 0;
	struct omsg *o;

	if (!sa)
		return;
	switch (take(in) % 3) {	/* a message ID the peer takes, or not */
	case 0: msgid = peer ? peer->msgid_in : 0; break;
	case 1: msgid = peer ? peer->x.msgid : 0; break;	/* a response */
	default: msgid = take(in); break;
	}
	o = malloc(sizeof(*o));
	if (!o)
		return;
	omsg_begin(sa, o, exch, fl & 1, msgid);
	payloads(in, &o->b);
	if (fl & 2)
		fragments(sa, o, in);
	else if (!omsg_seal(sa, o))
		ike_send_raw(sa->d, &sa->local, &sa->remote, o->b.p, o->b.len);
	free(o);
}

static void event(struct pair *p, struct in *in)
{
	uint8_t what = take(in), arg = take(in);
	int s = what & 1;
	struct ikesa *sa = pair_sa(p, s);
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE,
				 .reqid = MSA_REQID_MIN + (arg & 1),
				 .cpu = arg % 5 == 4 ? MSA_KCPU_NONE : arg % 5 };

	if (sa && sa->children && (what >> 1) % 7 == 5) {	/* expires */
		ev.type = MSA_KEV_EXPIRE;
		ev.hard = arg & 1;
		ev.spi = sa->children->spi_in;
	}
	switch ((what >> 1) % 7) {
	case 0:
	case 5: ike_daemon_kevent(p->d[s], &ev); break;
	case 6: ike_daemon_cpu(p->d[s], arg % 4, arg & 4); break;
	case 1: ike_daemon_up(p->d[s], "site"); break;
	case 2: ike_daemon_down(p->d[s], "site"); break;
	case 3:
	case 4:
		if (sa && sa->children)
			((what >> 1) % 5 == 3 ? ike_daemon_child_rekey :
			 ike_daemon_child_delete)(p->d[s], sa->children->id);
		break;
	}
}

static void run(struct pair *p, struct in *in)
{
	for (int ops = 0; in->n && ops < 64; ops++) {
		switch (take(in) % 7) {
		case 0: pair_pump_n(p, 1); break;
		case 1: p->drop_next = 1; break;
		case 2: p->dup_next = 1; break;
		case 3: {	/* 1 ms .. ~70 min, exponentially */
			uint8_t t = take(in);

			pair_advance(p, (1ull << (t % 23)) + t);
			break;
		}
		case 4: inject(p, 0, in); break;
		case 5: inject(p, 1, in); break;
		case 6: event(p, in); break;
		}
		pair_invariants(p);
	}
	pair_pump(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pair p;
	struct in in = { data, size };

	pair_init(&p);
	modes(&p, take(&in));
	if (pair_start(&p))
		abort();
	ike_daemon_up(p.d[0], "site");
	pair_pump(&p);
	run(&p, &in);
	pair_free(&p);
	return 0;
}
