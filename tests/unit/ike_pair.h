/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two multisad cores in one process, A (initiator, 192.0.2.1) and B
 * (responder, 192.0.2.2), each with a recording kernel double, joined by
 * a queue of datagrams the test pumps: it can drop or duplicate the next
 * message, and moves a shared clock.
 *
 *   A (192.0.2.1:500) <--- queue ---> B (192.0.2.2:500)
 */
#ifndef TEST_IKE_PAIR_H
#define TEST_IKE_PAIR_H

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "core/daemon.h"
#include "state/timer.h"
#include "kdouble.h"
#include "log/log.h"
#include "codec/wire.h"

#define PAIR_QMAX 64

struct dgram {
	int to;			/* 0: A, 1: B */
	size_t len;
	struct ike_addr local, remote;	/* as the receiver sees them */
	uint8_t buf[IKE_MSG_MAX];
};

struct pair {
	struct cfg cfg[2];
	struct cfg_conn conn[2];
	struct cfg_child child[2][2];	/* [side][0]: "net", [1]: "web" */
	struct kdouble kd[2];
	struct ike_daemon *d[2];
	struct dgram q[PAIR_QMAX];
	int nq;
	int drop_next, dup_next;	/* applied to the next send */
	bool nat;			/* A is behind a NAT (see pair_nat) */
	int sent[2];			/* messages sent by A, B */
	int keepalives[2];		/* NAT keepalives sent by A, B */
	uint64_t now;
};

static int pair_send(void *ctx, const struct ike_addr *local,
		     const struct ike_addr *remote, const uint8_t *buf,
		     size_t len);

static struct pair *pair_side_ctx[2];

static int pair_keepalive(void *ctx, const struct ike_addr *local,
			  const struct ike_addr *remote)
{
	struct pair *p = *(struct pair **)ctx;

	p->keepalives[ctx == &pair_side_ctx[1]]++;
	return 0;
}

static void pair_addr(struct msa_ip *ip, const char *s)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = AF_INET;
	inet_pton(AF_INET, s, ip->addr);
}

static void pair_ts(struct cfg_ts *t, const char *lo, const char *hi)
{
	memset(t, 0, sizeof(*t));
	t->family = AF_INET;
	inet_pton(AF_INET, lo, t->start);
	inet_pton(AF_INET, hi, t->end);
	t->end_port = 0xffff;
}

static void pair_proposals(struct cfg_conn *c, struct cfg_child *ch)
{
	struct cfg_proposal *p = &c->ike[0];

	c->n_ike = 1;
	p->n_encr = 1;
	p->encr[0].id = IKE_ENCR_AES_GCM_16;
	p->encr[0].bits = 256;
	p->n_prf = 1;
	p->prf[0] = IKE_PRF_HMAC_SHA2_256;
	p->n_dh = 2;
	p->dh[0] = IKE_DH_CURVE25519;
	p->dh[1] = IKE_DH_ECP256;
	for (int i = 0; i < 2; i++) {
		struct cfg_proposal *e = &ch[i].esp[0];

		ch[i].n_esp = 1;
		e->n_encr = 1;
		e->encr[0].id = IKE_ENCR_AES_GCM_16;
		e->encr[0].bits = 128;
	}
}

static void pair_child(struct cfg_child *ch, const char *name, int side,
		       const char *net_a, const char *net_b)
{
	strcpy(ch->name, name);
	ch->n_local_ts = ch->n_remote_ts = 1;
	pair_ts(&ch->local_ts[0], side ? net_b : net_a,
		side ? "10.2.255.255" : "10.1.255.255");
	pair_ts(&ch->remote_ts[0], side ? net_a : net_b,
		side ? "10.1.255.255" : "10.2.255.255");
	ch->mode = MSA_KMODE_TUNNEL;
	ch->replay_window = 32;
	ch->life.rekey_time = 3600;
	ch->life.life_time = 3960;
}

static void pair_cfg(struct pair *p, int side)
{
	struct cfg *c = &p->cfg[side];
	struct cfg_conn *cn = &p->conn[side];

	c->global.port = 500;
	c->global.port_natt = 4500;
	c->global.retransmit_tries = 3;
	c->global.retransmit_timeout_ms = 1000;
	c->global.retransmit_base = 2.0;
	c->global.half_open_max = 100;
	c->global.half_open_per_source = 100;
	c->global.ike_sas_max = 100000;
	c->global.ike_sas_per_peer = 100000;
	c->global.ike_sas_per_id = 100000;
	c->global.cookie_threshold = 100;
	c->global.child_sas_max = 1024;
	c->global.rekeyed_grace_ms = 30000;
	c->global.fragment_size = 1280;
	c->global.fragments_max = 64;
	c->global.fragment_memory = 16 << 20;
	c->conns = cn;
	strcpy(cn->name, "site");
	pair_addr(&cn->local_addr, side ? "192.0.2.2" : "192.0.2.1");
	pair_addr(&cn->remote_addr, side ? "192.0.2.1" : "192.0.2.2");
	cn->local_port = cn->remote_port = 500;
	cn->psk_len = 12;
	memcpy(cn->psk, "test-psk-123", 12);
	cn->life.rekey_time = 14400;
	cn->dpd_delay = 30;
	cn->fragmentation = true;
	cn->children = &p->child[side][0];
	pair_child(&p->child[side][0], "net", side, "10.1.0.0", "10.2.0.0");
	pair_child(&p->child[side][1], "web", side, "10.1.0.0", "10.2.0.0");
	p->child[side][1].local_ts[0].proto = 6;
	p->child[side][1].remote_ts[0].proto = 6;
	p->child[side][0].next = &p->child[side][1];
	pair_proposals(cn, p->child[side]);
}

static inline void pair_init(struct pair *p)
{
	memset(p, 0, sizeof(*p));
	if (!getenv("V"))
		msa_log_set_level(MSA_LOG_ERR);
	else
		msa_log_set_level(MSA_LOG_DEBUG);
	for (int s = 0; s < 2; s++) {
		pair_cfg(p, s);
		kd_init(&p->kd[s], s ? 0xb0000001 : 0xa0000001, 4);
	}
}

/* After the test changed the configs: create the daemons. */
static inline int pair_start(struct pair *p)
{
	for (int s = 0; s < 2; s++) {
		struct ike_io io = { pair_send, pair_keepalive,
				     &pair_side_ctx[s] };
		int rc;

		pair_side_ctx[s] = p;
		cfg_assign_reqids(&p->cfg[s], NULL);
		rc = ike_daemon_new(&p->d[s], &p->cfg[s], &p->kd[s].k, &io);
		if (rc)
			return rc;
		p->d[s]->name = s ? "B: " : "A: ";
		p->d[s]->log_level_fixed = true;
		ike_daemon_set_time(p->d[s], p->now);
	}
	return 0;
}

/*
 * After every step: no state transition was refused as illegal (fsm.c),
 * and no SA's timer sits later in the heap than its next deadline. Either
 * is a bug in the daemon: the test process aborts.
 */
static inline void pair_invariants(struct pair *p)
{
	for (int s = 0; s < 2; s++) {
		if (!p->d[s])
			continue;
		if (p->d[s]->st.bugs || !timer_consistent(p->d[s])) {
			fprintf(stderr, "%sillegal transition or timer heap "
				"out of step\n", p->d[s]->name);
			abort();
		}
	}
}

static inline void pair_free(struct pair *p)
{
	pair_invariants(p);
	ike_daemon_free(p->d[0]);
	ike_daemon_free(p->d[1]);
}

/*
 * A NAT in front of A: what A sends from 192.0.2.1:P reaches B from
 * 198.51.100.1:P+40000; what B sends there reaches A at 192.0.2.1:P.
 */
static void pair_nat(struct dgram *g, int from)
{
	if (!from) {
		pair_addr(&g->remote.ip, "198.51.100.1");
		g->remote.port += 40000;
	} else {
		pair_addr(&g->local.ip, "192.0.2.1");
		g->local.port -= 40000;
	}
}

static int pair_send(void *ctx, const struct ike_addr *local,
		     const struct ike_addr *remote, const uint8_t *buf,
		     size_t len)
{
	struct pair *p = *(struct pair **)ctx;
	int from = ctx == &pair_side_ctx[1];
	int copies = 1;

	p->sent[from]++;
	if (p->drop_next) {
		p->drop_next--;
		return 0;
	}
	if (p->dup_next) {
		p->dup_next--;
		copies = 2;
	}
	for (int i = 0; i < copies && p->nq < PAIR_QMAX; i++) {
		struct dgram *g = &p->q[p->nq++];

		g->to = !from;
		g->len = len < sizeof(g->buf) ? len : sizeof(g->buf);
		memcpy(g->buf, buf, g->len);
		g->local = *remote;
		g->remote = *local;
		if (p->nat)
			pair_nat(g, from);
	}
	return 0;
}

/* Deliver at most max queued messages (and what they cause). */
static inline int pair_pump_n(struct pair *p, int max)
{
	int n = 0;

	while (p->nq && n < max) {
		struct dgram g = p->q[0];

		memmove(p->q, p->q + 1, sizeof(p->q[0]) * (size_t)--p->nq);
		ike_daemon_recv(p->d[g.to], g.buf, g.len, &g.local, &g.remote);
		pair_invariants(p);
		n++;
	}
	return n;
}

/* Deliver queued messages (and what they cause) until none is left. */
static inline int pair_pump(struct pair *p)
{
	return pair_pump_n(p, 1000);
}

/* Move the clock, run both daemons' timers, deliver. */
static inline void pair_advance(struct pair *p, uint64_t ms)
{
	p->now += ms;
	for (int s = 0; s < 2; s++) {
		ike_daemon_set_time(p->d[s], p->now);
		ike_daemon_tick(p->d[s]);
	}
	pair_invariants(p);
	pair_pump(p);
}

/* Run timers in steps of step ms for total ms. */
static inline void pair_run(struct pair *p, uint64_t total, uint64_t step)
{
	for (uint64_t t = 0; t < total; t += step)
		pair_advance(p, step);
}

static inline struct ikesa *pair_sa(struct pair *p, int side)
{
	for (struct ikesa *sa = p->d[side]->sas; sa; sa = sa->next)
		if (sa->state == ISA_ESTABLISHED)
			return sa;
	return NULL;
}

static inline int pair_n_sas(struct pair *p, int side)
{
	int n = 0;

	for (struct ikesa *sa = p->d[side]->sas; sa; sa = sa->next)
		n++;
	return n;
}

#endif /* TEST_IKE_PAIR_H */
