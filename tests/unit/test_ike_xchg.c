// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKEv2 exchanges between two daemon cores in one process (ike_pair.h),
 * each step annotated in RFC 7296 notation. The kernel side is the
 * recording double: the checks compare what each end installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ike_pair_check.h"
#include "state/sa.h"
#include "state/fsm.h"
#include "state/task.h"
#include "xchg/cookie.h"
#include "xchg/informational.h"
#include "xchg/sa_init.h"
#include "xchg/send.h"

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	*state = p;
	return 0;
}

/* Only the first child ("net") starts with up. */
static void only_net(struct pair *p)
{
	p->child[0][0].next = NULL;
	p->child[1][0].next = NULL;
}

/*
 * HDR, SAi1, KEi, Ni, N(NATD_S), N(NATD_D)  -->
 *                   <--  HDR, SAr1, KEr, Nr, N(NATD_S), N(NATD_D)
 * HDR, SK{IDi, AUTH, N(INITIAL_CONTACT), SAi2, TSi, TSr}  -->
 *                   <--  HDR, SK{IDr, AUTH, SAr2, TSi, TSr}
 */
static void test_setup(void **state)
{
	struct pair *p = *state;

	only_net(p);
	establish(p);
	assert_int_equal(p->sent[0], 2);
	assert_int_equal(p->sent[1], 2);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->kd[0].n_pol, 3);	/* out, in, fwd */
	assert_int_equal(p->kd[1].n_pol, 3);
	assert_int_equal(p->kd[0].n_larval, 0);
	assert_false(pair_sa(p, 0)->natt);
}

/* up with two children: the second comes with CREATE_CHILD_SA:
 * HDR, SK{SA, Ni, TSi, TSr}  -->  <--  HDR, SK{SA, Nr, TSi, TSr} */
static void test_child_create(void **state)
{
	struct pair *p = *state;

	establish(p);
	assert_int_equal(sas_agree(p), 4);
	assert_int_equal(p->sent[0], 3);
	/* "web" has proto 6 selectors */
	assert_int_equal(p->kd[0].n_pol, 6);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), -EALREADY);
}

/* With PFS (ESP proposal with a group): KE in CREATE_CHILD_SA. */
static void test_child_create_pfs(void **state)
{
	struct pair *p = *state;

	for (int s = 0; s < 2; s++) {
		p->child[s][1].esp[0].n_dh = 1;
		p->child[s][1].esp[0].dh[0] = IKE_DH_ECP256;
	}
	establish(p);
	assert_int_equal(sas_agree(p), 4);
	for (struct child_sa *c = pair_sa(p, 0)->children; c; c = c->next)
		if (!strcmp(c->cfg->name, "web"))
			assert_int_equal(c->pfs_group, IKE_DH_ECP256);
}

static struct child_sa *child_named(struct ikesa *sa, const char *name)
{
	for (struct child_sa *c = sa->children; c; c = c->next)
		if (!strcmp(c->cfg->name, name) && c->state == CHILD_INSTALLED)
			return c;
	return NULL;
}

/*
 * Child rekey when rekey_time passes:
 * HDR, SK{N(REKEY_SA), SA, Ni, TSi, TSr}  -->  <--  HDR, SK{SA, Nr, TSi, TSr}
 * HDR, SK{D(ESP, old)}  -->  <--  HDR, SK{D(ESP, old)}
 */
static void test_child_rekey(void **state)
{
	struct pair *p = *state;
	uint32_t old_in;

	only_net(p);
	establish(p);
	old_in = child_named(pair_sa(p, 0), "net")->spi_in;
	pair_run(p, 3700 * 1000, 10 * 1000);
	assert_int_equal(sas_agree(p), 2);
	assert_null(kd_sa(&p->kd[0], old_in, MSA_KDIR_IN));
	assert_int_not_equal(child_named(pair_sa(p, 0), "net")->spi_in,
			     old_in);
	assert_int_equal(p->kd[0].n_pol, 3);
	/* make before break: never fewer than one pair during the swap */
	assert_true(p->kd[0].adds >= 4);
}

/* Both ends rekey the same Child SA at once (RFC 7296 2.8.1): one new pair
 * survives, the redundant one and the old one are deleted. */
static void test_child_rekey_collision(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_CHILD_REKEY };

	only_net(p);
	establish(p);
	for (int s = 0; s < 2; s++) {
		struct ikesa *sa = pair_sa(p, s);

		t.child_id = child_named(sa, "net")->id;
		isa_queue(sa, &t);
		ike_daemon_tick(sa->d);
	}
	pair_pump(p);
	pair_run(p, 5000, 1000);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->kd[0].n_sa, 2);
	assert_int_equal(p->kd[1].n_sa, 2);
}

/*
 * IKE SA rekey:
 * HDR, SK{SA(IKE, SPIi'), Ni, KEi}  -->  <--  HDR, SK{SA(IKE, SPIr'), Nr, KEr}
 * HDR(old), SK{D(IKE)}  -->  <--  HDR(old), SK{}
 * The children carry on under the new IKE SA.
 */
static void test_ike_rekey(void **state)
{
	struct pair *p = *state;
	uint64_t old_spi;

	only_net(p);
	establish(p);
	old_spi = pair_sa(p, 0)->spi_i;
	pair_run(p, 14500 * 1000, 100 * 1000);
	assert_int_equal(pair_n_sas(p, 0), 1);
	assert_int_equal(pair_n_sas(p, 1), 1);
	assert_int_not_equal(pair_sa(p, 0)->spi_i, old_spi);
	assert_non_null(child_named(pair_sa(p, 0), "net"));
	assert_int_equal(sas_agree(p), 2);
	/* the peer's identity goes with it (limits, INITIAL_CONTACT) */
	for (int s = 0; s < 2; s++) {
		assert_int_equal(pair_sa(p, s)->peer_id_len, 4);
		assert_memory_equal(pair_sa(p, s)->peer_id,
				    s ? "\xc0\x00\x02\x01" : "\xc0\x00\x02\x02", 4);
	}
	/* and the new IKE SA works: a child rekey through it */
	pair_run(p, 3000 * 1000, 100 * 1000);
	assert_int_equal(sas_agree(p), 2);
	assert_non_null(child_named(pair_sa(p, 1), "net"));
}

/* Both ends rekey the IKE SA at once: one new IKE SA survives. */
static void test_ike_rekey_collision(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_IKE_REKEY };

	only_net(p);
	establish(p);
	for (int s = 0; s < 2; s++) {
		isa_queue(pair_sa(p, s), &t);
		ike_daemon_tick(pair_sa(p, s)->d);
	}
	pair_pump(p);
	pair_run(p, 5000, 1000);
	assert_int_equal(pair_n_sas(p, 0), 1);
	assert_int_equal(pair_n_sas(p, 1), 1);
	assert_int_equal(pair_sa(p, 0)->spi_i, pair_sa(p, 1)->spi_i);
	assert_int_equal(pair_sa(p, 0)->spi_r, pair_sa(p, 1)->spi_r);
	assert_int_equal(sas_agree(p), 2);
	/* DPD through the survivor works */
	pair_run(p, 120 * 1000, 10 * 1000);
	assert_int_equal(pair_n_sas(p, 0), 1);
}

/* down: HDR, SK{D(IKE)}  -->  <--  HDR, SK{}; nothing left in either kernel. */
static void test_delete_ike(void **state)
{
	struct pair *p = *state;

	establish(p);
	assert_int_equal(ike_daemon_down(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
	for (int s = 0; s < 2; s++) {
		assert_int_equal(p->kd[s].n_sa, 0);
		assert_int_equal(p->kd[s].n_pol, 0);
		assert_int_equal(p->kd[s].n_larval, 0);
	}
}

/* HDR, SK{D(ESP, spi)}  -->  <--  HDR, SK{D(ESP, spi')} */
static void test_delete_child(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_DELETE_CHILD };
	struct ikesa *sa;

	establish(p);
	sa = pair_sa(p, 1);	/* the responder deletes */
	t.child_id = child_named(sa, "web")->id;
	isa_queue(sa, &t);
	ike_daemon_tick(sa->d);
	pair_pump(p);
	assert_int_equal(sas_agree(p), 2);
	assert_null(child_named(pair_sa(p, 0), "web"));
	assert_int_equal(p->kd[0].n_pol, 3);
}

/* The peer goes silent: liveness checks are retransmitted, then the
 * IKE SA and its children are removed. */
static void test_dpd_timeout(void **state)
{
	struct pair *p = *state;

	establish(p);
	p->drop_next = 1000;	/* everything from now on is lost */
	pair_run(p, 120 * 1000, 1000);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(p->kd[0].n_sa, 0);
	assert_int_equal(p->kd[0].n_pol, 0);
	assert_true(p->d[0]->st.retransmits >= 3);
}

/* The IKE_SA_INIT request is lost: retransmitted after the timeout. */
static void test_lost_request(void **state)
{
	struct pair *p = *state;

	only_net(p);
	assert_int_equal(pair_start(p), 0);
	p->drop_next = 1;
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_null(pair_sa(p, 0));
	pair_run(p, 1500, 500);
	assert_non_null(pair_sa(p, 0));
	assert_int_equal(p->d[0]->st.retransmits, 1);
	assert_int_equal(sas_agree(p), 2);
}

/* A duplicated IKE_AUTH request is answered from the cached response and
 * the duplicate response is ignored. */
static void test_duplicate_request(void **state)
{
	struct pair *p = *state;

	only_net(p);
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	p->dup_next = 2;	/* IKE_SA_INIT request and IKE_AUTH request */
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
	assert_int_equal(pair_n_sas(p, 1), 1);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->kd[1].adds, 2);
}

/* The responder only takes ECP-256: INVALID_KE_PAYLOAD, retry:
 * HDR, SAi1, KEi(25519), Ni  -->  <--  HDR, N(INVALID_KE_PAYLOAD, 19)
 * HDR, SAi1, KEi(19), Ni     -->  <--  HDR, SAr1, KEr, Nr */
static void test_invalid_ke(void **state)
{
	struct pair *p = *state;

	only_net(p);
	p->conn[1].ike[0].n_dh = 1;
	p->conn[1].ike[0].dh[0] = IKE_DH_ECP256;
	establish(p);
	assert_int_equal(pair_sa(p, 0)->dh_group, IKE_DH_ECP256);
	assert_int_equal(p->sent[0], 3);
}

/* Under load the responder asks for a cookie (RFC 7296 2.6):
 * HDR, SAi1, KEi, Ni  -->  <--  HDR, N(COOKIE)
 * HDR, N(COOKIE), SAi1, KEi, Ni  -->  <--  HDR, SAr1, KEr, Nr */
static void test_cookie(void **state)
{
	struct pair *p = *state;

	only_net(p);
	p->cfg[1].global.cookie_threshold = 0;
	establish(p);
	assert_int_equal(p->sent[0], 3);
	assert_int_equal(sas_agree(p), 2);
}

/*
 * The responder's load moves around the cookie threshold (the lab's 200
 * tunnels): it asks A's first IKE_SA_INIT for a cookie, then accepts A's
 * retransmission of that same request (no cookie), and A's retry with the
 * cookie comes after. A takes the answer to the first as the answer to the
 * retry, and its AUTH covers the retry's octets: B must authenticate that
 * request, not the one it answered first. (B used to answer "AUTH does not
 * verify".)
 */
static void test_cookie_retry_crosses_retransmit(void **state)
{
	struct pair *p = *state;

	only_net(p);
	cookie_cross(p, false, false);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
	assert_int_equal(sas_agree(p), 2);
}

/* The same, but the retry with the cookie never reaches B (lost): B
 * checks A's AUTH over the retry A must have sent (its request with our
 * cookie first), and both come up. */
static void test_cookie_retry_lost(void **state)
{
	struct pair *p = *state;

	only_net(p);
	cookie_cross(p, false, true);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
	assert_int_equal(sas_agree(p), 2);
}

/* The lost retry behind a NAT: A's address and port change on the way
 * (NAT-T floats to 4500 by IKE_AUTH), the cookie was made for the ones
 * the IKE_SA_INIT came from. */
static void test_cookie_retry_lost_nat(void **state)
{
	struct pair *p = *state;

	only_net(p);
	p->nat = true;
	memset(&p->conn[1].remote_addr, 0, sizeof(p->conn[1].remote_addr));
	cookie_cross(p, false, true);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
	assert_int_equal(sas_agree(p), 2);
}

/* The copy B answered first was not A's (an attacker on the path changed
 * its last octet while B took no cookies): A's genuine retry with the
 * cookie must not pass for it, and A's AUTH, over what A sent, fails (RFC
 * 7296 2.15: that is what the AUTH is for). */
static void test_cookie_retry_forged(void **state)
{
	struct pair *p = *state;

	only_net(p);
	cookie_cross(p, true, false);
	pair_pump(p);
	assert_null(pair_sa(p, 0));
	assert_null(pair_sa(p, 1));
	assert_int_equal(p->kd[0].n_sa + p->kd[1].n_sa, 0);
}

/* A peer's IKE_SA_INIT with a minor version other than 0 (RFC 7296 says
 * to ignore it): the retry we expect keeps its header's version octet, as
 * the peer's AUTH covers it. */
static void test_cookie_retry_minor_version(void **state)
{
	struct pair *p = *state;
	struct dgram retry;
	struct ikesa *sa;
	uint8_t *m;
	size_t len;

	only_net(p);
	cookie_cross(p, false, false);
	assert_int_equal(p->q[0].to, 1);	/* A's retry, not yet at B */
	retry = p->q[0];
	sa = p->d[1]->sas;		/* half-open, from the copy: no cookie */
	assert_non_null(sa);
	assert_null(sa->next);
	sa->init_i[offsetof(struct ike_hdr, version)] = 0x21;
	retry.buf[offsetof(struct ike_hdr, version)] = 0x21;
	assert_int_equal(cookie_retry_octets(sa, &m, &len), 0);
	assert_int_equal(len, retry.len);
	assert_memory_equal(m, retry.buf, len);
	assert_true(cookie_is_retry(sa, retry.buf, retry.len));
	free(m);
}

/* Wrong PSK: AUTHENTICATION_FAILED, nothing installed anywhere. */
static void test_bad_psk(void **state)
{
	struct pair *p = *state;

	p->conn[1].psk[0] ^= 1;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
	assert_int_equal(p->kd[0].n_sa + p->kd[1].n_sa, 0);
	assert_int_equal(p->kd[0].n_larval + p->kd[1].n_larval, 0);
}

/*
 * ike_sas_per_id: one identity (FQDN "a.example") from three addresses;
 * B holds two of its IKE SAs and answers the third AUTHENTICATION_FAILED.
 */
static void test_ike_sas_per_id(void **state)
{
	static const char *from[3] = { "192.0.2.1", "192.0.2.11", "192.0.2.21" };
	struct pair *p = *state;
	struct ikesa *sa;

	p->conn[0].local_id.type = p->conn[1].remote_id.type = IKE_ID_FQDN;
	p->conn[0].local_id.len = p->conn[1].remote_id.len = 9;
	memcpy(p->conn[0].local_id.data, "a.example", 9);
	memcpy(p->conn[1].remote_id.data, "a.example", 9);
	memset(&p->conn[1].remote_addr, 0, sizeof(p->conn[1].remote_addr));
	p->cfg[1].global.ike_sas_per_id = 2;
	assert_int_equal(pair_start(p), 0);
	for (int i = 0; i < 3; i++) {
		pair_addr(&p->conn[0].local_addr, from[i]);
		assert_int_equal(sa_init_start(p->d[0], &p->conn[0], &sa), 0);
	}
	pair_pump(p);
	assert_int_equal(p->d[1]->st.lim_ike_sas_id, 1);
	assert_int_equal(p->d[1]->st.ike_up, 2);
	assert_int_equal(p->d[0]->st.ike_up, 2);
	/* two IKE SAs A started on purpose are no duplicates: both stay */
	pair_run(p, 3000, 500);
	assert_int_equal(p->d[0]->st.ike_dups + p->d[1]->st.ike_dups, 0);
	assert_int_equal(pair_n_sas(p, 0), 2);
	assert_int_equal(pair_n_sas(p, 1), 2);
}

/* No common proposal: NO_PROPOSAL_CHOSEN in IKE_SA_INIT. */
static void test_no_proposal(void **state)
{
	struct pair *p = *state;

	p->conn[1].ike[0].prf[0] = IKE_PRF_HMAC_SHA2_512;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
}

/* The responder narrows 10.2.0.0/16 to its 10.2.7.0/24 (RFC 7296 2.9). */
static void test_ts_narrowing(void **state)
{
	struct pair *p = *state;
	struct child_sa *c;

	only_net(p);
	pair_ts(&p->child[1][0].local_ts[0], "10.2.7.0", "10.2.7.255");
	establish(p);
	c = child_named(pair_sa(p, 0), "net");
	assert_non_null(c);
	assert_int_equal(c->ts_r.ts[0].start[2], 7);
	assert_int_equal(c->ts_r.ts[0].end[2], 7);
	assert_int_equal(sas_agree(p), 2);
}

/* Disjoint selectors: the IKE SA comes up, the child gets TS_UNACCEPTABLE. */
static void test_ts_unacceptable(void **state)
{
	struct pair *p = *state;

	only_net(p);
	pair_ts(&p->child[1][0].local_ts[0], "10.9.0.0", "10.9.255.255");
	establish(p);
	assert_int_equal(sas_agree(p), 0);
	assert_int_equal(p->kd[0].n_larval + p->kd[1].n_larval, 0);
}

/* Transport mode: USE_TRANSPORT_MODE both ways. */
static void test_transport_mode(void **state)
{
	struct pair *p = *state;

	only_net(p);
	p->child[0][0].mode = p->child[1][0].mode = MSA_KMODE_TRANSPORT;
	establish(p);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->kd[1].sa[0].mode, MSA_KMODE_TRANSPORT);
}

/* A forged message (bad ICV) is dropped; the SA goes on working. */
static void test_forged_dropped(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;

	only_net(p);
	establish(p);
	sa = pair_sa(p, 0);
	assert_int_equal(dpd_i(sa), 0);
	assert_int_equal(p->nq, 1);
	p->q[0].buf[p->q[0].len - 1] ^= 0x55;	/* flip an ICV bit */
	pair_pump(p);
	assert_int_equal(p->d[1]->st.dropped, 1);
	pair_run(p, 1500, 500);			/* the retransmit gets through */
	assert_int_equal(sa->x.kind, X_NONE);
	assert_int_equal(sas_agree(p), 2);
}

/* A behind a NAT (RFC 7296 2.23): the NAT_DETECTION hashes disagree, both
 * float to port 4500, the Child SAs get UDP encapsulation (RFC 3948), and
 * a rekey works across the NAT. B's configured peer is %any. */
static void test_nat(void **state)
{
	struct pair *p = *state;
	struct ikesa *a, *b;

	only_net(p);
	p->nat = true;
	memset(&p->conn[1].remote_addr, 0, sizeof(p->conn[1].remote_addr));
	establish(p);
	a = pair_sa(p, 0);
	b = pair_sa(p, 1);
	assert_true(a->natt && a->nat_local && !a->nat_remote);
	assert_true(b->natt && b->nat_remote && !b->nat_local);
	assert_int_equal(a->local.port, 4500);
	assert_int_equal(a->remote.port, 4500);
	assert_int_equal(b->remote.port, 44500);
	assert_int_equal(sas_agree(p), 2);
	for (int i = 0; i < p->kd[1].n_sa; i++) {
		const struct msa_ksa *k = &p->kd[1].sa[i];

		assert_int_equal(k->dir == MSA_KDIR_IN ? k->encap_sport :
				 k->encap_dport, 44500);
	}
	/* NAT keepalives from the end behind the NAT only, every 20 s */
	pair_run(p, 60 * 1000, 10 * 1000);
	assert_in_range(p->keepalives[0], 2, 3);
	assert_int_equal(p->keepalives[1], 0);
	pair_run(p, 3700 * 1000, 10 * 1000);
	assert_int_equal(sas_agree(p), 2);
	assert_non_null(pair_sa(p, 1));
}

/* The transition tables refuse what they do not list: the state stays, the
 * bug is logged and counted. */
static void test_illegal_transition(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;
	struct child_sa *c;

	only_net(p);
	establish(p);
	sa = pair_sa(p, 0);
	c = child_named(sa, "net");
	assert_int_equal(isa_set_state(sa, ISA_INIT_I), -EPERM);
	assert_int_equal(sa->state, ISA_ESTABLISHED);
	assert_int_equal(child_set_state(sa, c, CHILD_CREATING), -EPERM);
	assert_int_equal(c->state, CHILD_INSTALLED);
	assert_int_equal(p->d[0]->st.bugs, 2);
	assert_int_equal(isa_set_state(sa, ISA_DELETING), 0);
	assert_int_equal(isa_set_state(sa, ISA_ESTABLISHED), -EPERM);
	assert_int_equal(isa_set_state(sa, ISA_DEAD), 0);
	assert_int_equal(isa_set_state(sa, ISA_DELETING), -EPERM);
	p->d[0]->st.bugs = 0;	/* provoked: not a bug of the daemon */
}

/*
 * The timer heap: the core sleeps until the next deadline of any SA, and
 * only the SA whose deadline came is touched. DPD 30 s on A, off on B;
 * children rekey at 3600 s: B's next deadline is its child's rekey.
 */
static void test_timer_wait(void **state)
{
	struct pair *p = *state;
	uint64_t wait;

	only_net(p);
	p->conn[1].dpd_delay = 0;
	establish(p);
	wait = ike_daemon_tick(p->d[0]);
	assert_in_range(wait, 29000, 30000);
	wait = ike_daemon_tick(p->d[1]);
	assert_in_range(wait, 3599000, 3600000);
	pair_advance(p, wait);	/* exactly at B's child rekey */
	assert_true(child_named(pair_sa(p, 1), "net")->rekey_of != 0);
	assert_true(timer_consistent(p->d[0]) && timer_consistent(p->d[1]));
}

/* A request with an unknown critical payload inside SK (RFC 7296 2.5):
 * UNSUPPORTED_CRITICAL_PAYLOAD back, the IKE SA goes on. */
static void test_unsupported_critical(void **state)
{
	struct pair *p = *state;
	struct ikesa *a;
	struct omsg *o = malloc(sizeof(*o));
	static const uint8_t body[4] = { 1, 2, 3, 4 };

	only_net(p);
	establish(p);
	a = pair_sa(p, 0);
	omsg_begin_request(a, o, IKE_INFORMATIONAL);
	ike_build_raw(&o->b, 200, IKE_CRITICAL, body, sizeof(body));
	assert_int_equal(isa_request(a, o, X_DPD), 0);
	free(o);
	pair_pump(p);
	assert_int_equal(p->d[1]->st.bad_msgs, 1);
	assert_int_equal(a->x.kind, X_NONE);	/* the response came */
	assert_int_equal(dpd_i(a), 0);
	pair_pump(p);
	assert_int_equal(a->x.kind, X_NONE);
	assert_int_equal(sas_agree(p), 2);
}

/* start_action = trap: the policies are in the kernel before any SA; the
 * kernel's ACQUIRE (traffic) brings the IKE SA and the child up. */
static void test_trap(void **state)
{
	struct pair *p = *state;
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE, .cpu = MSA_KCPU_NONE,
				 .reqid = MSA_REQID_MIN };

	only_net(p);
	p->child[0][0].start_action = CFG_START_TRAP;
	assert_int_equal(pair_start(p), 0);
	ike_daemon_start(p->d[0]);
	assert_int_equal(p->kd[0].n_pol, 3);
	assert_int_equal(p->sent[0], 0);
	ike_daemon_kevent(p->d[0], &ev);
	pair_pump(p);
	assert_int_equal(sas_agree(p), 2);
	/* the trap stays when the tunnel goes */
	assert_int_equal(ike_daemon_down(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(p->kd[0].n_sa, 0);
	assert_int_equal(p->kd[0].n_pol, 3);
	assert_int_equal(p->kd[1].n_pol, 0);
}

/* Operator actions on one child (multisactl rekey/delete ID): the rekey
 * swaps the pair, the delete removes it on both ends; unknown ids and
 * children no longer installed are -ENOENT. */
static void test_operator_child(void **state)
{
	struct pair *p = *state;
	struct child_sa *c;
	uint64_t id;
	uint32_t old_in;

	only_net(p);
	establish(p);
	c = child_named(pair_sa(p, 0), "net");
	id = c->id;
	old_in = c->spi_in;
	assert_int_equal(ike_daemon_child_rekey(p->d[0], 999), -ENOENT);
	assert_int_equal(ike_daemon_child_rekey(p->d[0], id), 0);
	pair_pump(p);
	pair_run(p, 3000, 500);
	assert_int_equal(sas_agree(p), 2);
	assert_null(kd_sa(&p->kd[0], old_in, MSA_KDIR_IN));
	assert_int_equal(ike_daemon_child_delete(p->d[0], id), -ENOENT);
	c = child_named(pair_sa(p, 0), "net");
	assert_int_equal(ike_daemon_child_delete(p->d[0], c->id), 0);
	pair_pump(p);
	pair_run(p, 3000, 500);
	assert_int_equal(p->kd[0].n_sa, 0);
	assert_int_equal(p->kd[1].n_sa, 0);
	assert_non_null(pair_sa(p, 0));
}

/* A selector that is a range, not a prefix: A's "net" is 10.1.0.1-10.1.0.9
 * on its side. Both kernels get its 4 aligned blocks (.1/32, .2/31, .4/30,
 * .8/31) against B's /16, one policy per block and direction. */
static void test_range_selector(void **state)
{
	struct pair *p = *state;
	int blocks = 0;

	only_net(p);
	pair_ts(&p->child[0][0].local_ts[0], "10.1.0.1", "10.1.0.9");
	establish(p);
	assert_int_equal(sas_agree(p), 2);
	for (int s = 0; s < 2; s++)
		assert_int_equal(p->kd[s].n_pol, 12);
	for (int i = 0; i < p->kd[0].n_pol; i++) {
		const struct msa_kpolicy *k = &p->kd[0].pol[i];

		if (k->dir != MSA_KPOL_OUT)
			continue;
		blocks++;
		assert_int_equal(k->dst.prefixlen, 16);
		assert_true(k->src.prefixlen >= 30);
	}
	assert_int_equal(blocks, 4);
	assert_int_equal(ike_daemon_down(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(p->kd[0].n_pol, 0);
	assert_int_equal(p->kd[1].n_pol, 0);
}

/* Datapath SA ids never shared: "net" keeps its ids while "web" is
 * rekeyed 2,100 times (4,200 ids handed out, past the 4,095 there are). */
static void test_sa_ids_unique(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_CHILD_REKEY };
	struct child_sa *net, *web;
	uint32_t in, out;

	p->kd[0].caps.steering = p->kd[1].caps.steering = true;
	p->child[0][0].life.rekey_time = p->child[1][0].life.rekey_time = 0;
	establish(p);
	net = child_named(pair_sa(p, 0), "net");
	in = net->sa_id_in;
	out = net->sa_id_out;
	assert_true(in && out && in != out);
	for (int i = 0; i < 2100; i++) {
		web = child_named(pair_sa(p, 0), "web");
		assert_non_null(web);
		assert_true(web->sa_id_in != in && web->sa_id_in != out);
		assert_true(web->sa_id_out != in && web->sa_id_out != out);
		t.child_id = web->id;
		isa_queue(pair_sa(p, 0), &t);
		ike_daemon_tick(p->d[0]);
		pair_pump(p);
	}
	assert_int_equal(child_named(pair_sa(p, 0), "net")->sa_id_in, in);
	assert_int_equal(sas_agree(p), 4);
}

/* The kernel fails to remove an SA: its datapath id (steering and counter
 * slots it may still hold) is never given to another SA. */
static void test_sa_id_retired(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_CHILD_REKEY };
	uint32_t kept;

	p->kd[0].caps.steering = p->kd[1].caps.steering = true;
	establish(p);
	kept = child_named(pair_sa(p, 0), "web")->sa_id_in;
	p->kd[0].fail_next_del = 1;
	for (int i = 0; i < 2100; i++) {
		struct child_sa *web = child_named(pair_sa(p, 0), "web");

		assert_true(!i || (web->sa_id_in != kept &&
				   web->sa_id_out != kept));
		t.child_id = web->id;
		isa_queue(pair_sa(p, 0), &t);
		ike_daemon_tick(p->d[0]);
		pair_pump(p);
	}
	assert_int_equal(p->d[0]->st.sa_ids_retired, 1);
}

/* A peer that rekeys but never deletes the old SA (its Deletes lost):
 * after rekeyed_grace the responder deletes it itself, once. */
static void test_rekeyed_grace(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_CHILD_REKEY };

	only_net(p);
	p->cfg[1].global.rekeyed_grace_ms = 2000;
	establish(p);
	t.child_id = child_named(pair_sa(p, 0), "net")->id;
	isa_queue(pair_sa(p, 0), &t);
	ike_daemon_tick(p->d[0]);
	pair_pump_n(p, 1);		/* B answers, marks the old REKEYED */
	p->drop_next = 1;
	pair_pump_n(p, 1);		/* A's Delete of the old: lost */
	pair_advance(p, 900);
	p->drop_next = 1;
	pair_advance(p, 200);		/* its first retransmission: lost */
	assert_int_equal(pair_n_sas(p, 1), 1);
	assert_int_equal(p->d[1]->st.lim_rekeyed, 0);
	pair_advance(p, 1000);		/* B's grace is over */
	assert_int_equal(p->d[1]->st.lim_rekeyed, 1);
	pair_run(p, 8000, 1000);
	assert_int_equal(p->d[1]->st.lim_rekeyed, 1);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->kd[1].n_sa, 2);
}

/* child_sas_max on the responder: past it, NO_ADDITIONAL_SAS; the IKE SA
 * goes on. */
static void test_child_sas_max(void **state)
{
	struct pair *p = *state;
	int n = 0;

	p->cfg[1].global.child_sas_max = 1;
	establish(p);		/* "net" in IKE_AUTH; "web" refused */
	for (struct child_sa *c = pair_sa(p, 1)->children; c; c = c->next)
		n++;
	assert_int_equal(n, 1);
	assert_int_equal(p->d[1]->st.lim_child_sas, 1);
	assert_null(child_named(pair_sa(p, 0), "web"));
	assert_non_null(pair_sa(p, 0));
	assert_int_equal(sas_agree(p), 2);
}

/* B's one reply to a datagram handed to it from A's address: its notify
 * (0: no reply), header checks on the way. */
static uint16_t b_answer(struct pair *p, uint8_t *buf, size_t len)
{
	struct ike_addr local = { .port = 500 }, remote = { .port = 500 };
	struct ike_msg m;

	pair_addr(&local.ip, "192.0.2.2");
	pair_addr(&remote.ip, "192.0.2.1");
	p->nq = 0;
	ike_daemon_recv(p->d[1], buf, len, &local, &remote);
	if (!p->nq)
		return 0;
	assert_int_equal(ike_parse(p->q[0].buf, p->q[0].len, &m), 0);
	assert_int_equal(m.version, 0x20);
	assert_true(m.flags & IKE_FLAG_RESPONSE);
	assert_int_equal(m.ispi, 0x1122334455667788ull);
	p->nq = 0;
	return m.n_notify ? m.notify[0].type : 0xffff;
}

/* RFC 7296 2.5 without an SA: a major version 3 request gets
 * INVALID_MAJOR_VERSION (version 2.0 in the reply header); an unknown
 * critical payload in IKE_SA_INIT gets UNSUPPORTED_CRITICAL_PAYLOAD naming
 * its type; a response of either is dropped. */
static void test_unprotected_errors(void **state)
{
	struct pair *p = *state;
	uint8_t mem[256], body[4] = { 1, 2, 3, 4 };
	struct ike_buf b;

	assert_int_equal(pair_start(p), 0);
	ike_buf_init(&b, mem, sizeof(mem));
	ike_build_header(&b, 0x1122334455667788ull, 0, IKE_SA_INIT,
			 IKE_FLAG_INITIATOR, 0);
	ike_build_raw(&b, 200, IKE_CRITICAL, body, sizeof(body));
	assert_int_equal(ike_build_finish(&b), 0);
	assert_int_equal(b_answer(p, b.p, b.len),
			 IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	mem[17] = 0x30;			/* version 3.0 */
	assert_int_equal(b_answer(p, b.p, b.len), IKE_N_INVALID_MAJOR_VERSION);
	mem[19] |= IKE_FLAG_RESPONSE;	/* a response: nothing back */
	assert_int_equal(b_answer(p, b.p, b.len), 0);
	mem[17] = 0x20;
	assert_int_equal(b_answer(p, b.p, b.len), 0);
	assert_int_equal(p->d[1]->st.bad_msgs, 4);
}

/*
 * Half-open SAs made in a peer's name without proving the address (no
 * cookie: spoofed, or the peer's own lost attempts) cannot lock it out:
 * past half_open_per_source the peer is asked for a cookie, and with it
 * takes the place of the oldest unproven one.
 */
static void test_half_open_per_source(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;

	only_net(p);
	p->cfg[1].global.half_open_per_source = 2;
	assert_int_equal(pair_start(p), 0);
	for (int i = 0; i < 2; i++) {	/* two answered, answers lost */
		assert_int_equal(sa_init_start(p->d[0], &p->conn[0], &sa), 0);
		pair_pump_n(p, 1);
		p->nq = 0;
	}
	assert_int_equal(p->d[1]->n_half_open, 2);
	assert_int_equal(sa_init_start(p->d[0], &p->conn[0], &sa), 0);
	pair_pump(p);			/* COOKIE, again with it, IKE_AUTH */
	assert_int_equal(sa->state, ISA_ESTABLISHED);
	assert_true(p->d[1]->st.cookies >= 1);
	assert_int_equal(p->d[1]->n_half_open, 1);
	assert_non_null(pair_sa(p, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_create_pfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_collision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_operator_child, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_selector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey_collision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_ike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_child, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dpd_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_ke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_retry_crosses_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_retry_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_retry_lost_nat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_retry_forged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_retry_minor_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_psk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_sas_per_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_proposal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ts_narrowing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ts_unacceptable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsupported_critical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_illegal_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sa_ids_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sa_id_retired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rekeyed_grace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_sas_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unprotected_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_half_open_per_source, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
