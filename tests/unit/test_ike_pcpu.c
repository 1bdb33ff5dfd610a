// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 per-resource Child SAs between two daemon cores in one process:
 * the resource manager's choices (CPU binding, caps, TS_MAX_QUEUE, peers
 * without support, fewer CPUs than the peer, no delete/create loops) and
 * what each end installs, through the recording kernel double.
 *
 *   HDR, SK{N(SA_RESOURCE_INFO), SA, Ni, TSi, TSr}  -->
 *                  <--  HDR, SK{N(SA_RESOURCE_INFO), SA, Nr, TSi, TSr}
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

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	for (int s = 0; s < 2; s++) {
		p->child[s][0].next = NULL;	/* "net" only */
		p->child[s][0].per_cpu_sas = CFG_PCPU_YES;
	}
	*state = p;
	return 0;
}

/* Installed children of side s: the fallback count and a CPU bitmap. */
static int n_pcpu(struct pair *p, int s, uint32_t *cpus, int *fallbacks)
{
	int n = 0;

	*cpus = 0;
	*fallbacks = 0;
	for (struct child_sa *c = pair_sa(p, s)->children; c; c = c->next) {
		if (c->state != CHILD_INSTALLED)
			continue;
		if (c->cpu == MSA_KCPU_NONE) {
			(*fallbacks)++;
			continue;
		}
		assert_true(c->per_cpu);
		*cpus |= 1u << c->cpu;
		n++;
	}
	return n;
}

/* Side s has n per-CPU children on the CPUs of mask, and one fallback. */
static void expect_pcpu(struct pair *p, int s, int n, uint32_t mask)
{
	uint32_t cpus;
	int fb;

	assert_int_equal(n_pcpu(p, s, &cpus, &fb), n);
	assert_int_equal(cpus, mask);
	assert_int_equal(fb, 1);
}

static void acquire(struct pair *p, int s, uint32_t cpu)
{
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE, .cpu = cpu,
				 .reqid = MSA_REQID_MIN };

	ike_daemon_kevent(p->d[s], &ev);
	pair_pump(p);
}

/* all-at-once: the fallback, then one SA per CPU; the responder binds each
 * to its least loaded CPU, so all four of its CPUs get one. */
static void test_all_at_once(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	establish(p);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 4);
	assert_int_equal(cpus, 0xf);
	assert_int_equal(fb, 1);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 4);
	assert_int_equal(cpus, 0xf);
	assert_int_equal(sas_agree(p), 10);
	/* the out policy asks the kernel for per-CPU acquires */
	for (int i = 0; i < p->kd[0].n_pol; i++)
		if (p->kd[0].pol[i].dir == MSA_KPOL_OUT)
			assert_true(p->kd[0].pol[i].flags &
				    MSA_KPOL_F_CPU_ACQUIRE);
	/* resource ids are ours, opaque, and never the CPU number alone */
	for (struct child_sa *c = pair_sa(p, 0)->children; c; c = c->next)
		if (c->cpu != MSA_KCPU_NONE) {
			assert_int_equal(c->resid_len, 4);
			assert_int_equal(c->peer_resid_len, 4);
		}
}

/* on demand: a per-CPU ACQUIRE makes that CPU's SA; a second one for the
 * same CPU does nothing; meanwhile the fallback carries the traffic. */
static void test_on_demand(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	establish(p);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 0);
	assert_int_equal(fb, 1);
	acquire(p, 0, 2);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 1);
	assert_int_equal(cpus, 1u << 2);
	acquire(p, 0, 2);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 1);
	acquire(p, 0, 3);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 2);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 2);
	assert_int_equal(sas_agree(p), 6);
	/* the kernel SAs carry the CPU */
	for (int i = 0; i < p->kd[0].n_sa; i++)
		if (p->kd[0].sa[i].cpu != MSA_KCPU_NONE)
			assert_true(p->kd[0].sa[i].cpu == 2 ||
				    p->kd[0].sa[i].cpu == 3);
}

/* One side on demand, the other all at once: they interoperate. B, the
 * responder, fills its CPUs shortly after the fallback is up; A binds
 * those SAs to its own CPUs, so A's acquires then find them there. */
static void test_mixed_modes(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb, sent;

	p->child[1][0].per_cpu_create = CFG_PCPU_ALL;
	establish(p);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 0);
	pair_run(p, 3000, 500);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 4);
	assert_int_equal(cpus, 0xf);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 4);
	assert_int_equal(cpus, 0xf);
	sent = p->sent[0];
	acquire(p, 0, 1);
	assert_int_equal(p->sent[0], sent);
	assert_int_equal(sas_agree(p), 10);
}

/* Both all at once: the responder finds its CPUs covered, adds nothing. */
static void test_both_all(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	p->child[1][0].per_cpu_create = CFG_PCPU_ALL;
	establish(p);
	pair_run(p, 3000, 500);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 4);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 4);
	assert_int_equal(sas_agree(p), 10);
}

/* Past the responder's cap: TS_MAX_QUEUE (never NO_ADDITIONAL_SAS), and
 * the initiator stops asking for that TS pair. */
static void test_ts_max_queue(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb, sent;

	p->child[1][0].per_cpu_max = 2;
	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	establish(p);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 2);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 2);
	assert_true(pair_sa(p, 0)->pcpu_stop != 0);
	/* no more per-CPU acquires asked of the kernel, on either end */
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < p->kd[s].n_pol; i++)
			assert_false(p->kd[s].pol[i].flags &
				     MSA_KPOL_F_CPU_ACQUIRE);
	sent = p->sent[0];
	acquire(p, 0, 3);
	assert_int_equal(p->sent[0], sent);	/* no request */
	assert_int_equal(sas_agree(p), 6);
}

/* A peer that does not answer SA_RESOURCE_INFO gets regular SAs only. */
static void test_peer_without_pcpu(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb, sent;

	p->child[1][0].per_cpu_sas = CFG_PCPU_NO;
	establish(p);
	assert_true(pair_sa(p, 0)->peer_no_pcpu);
	sent = p->sent[0];
	acquire(p, 0, 1);
	assert_int_equal(p->sent[0], sent);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 0);
	assert_int_equal(fb, 1);
}

/* The responder has 2 CPUs, the initiator 4: four additional SAs land two
 * per CPU; every inbound SA is installed, one outbound per CPU. */
static void test_fewer_cpus(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb, out_b = 0;

	p->kd[1].caps.ncpus = 2;
	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	establish(p);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 4);
	assert_int_equal(cpus, 0x3);
	assert_int_equal(kd_count(&p->kd[1], MSA_KDIR_IN), 5);
	for (int i = 0; i < p->kd[1].n_sa; i++)
		out_b += p->kd[1].sa[i].dir == MSA_KDIR_OUT;
	assert_int_equal(out_b, 3);	/* fallback + CPU 0 + CPU 1 */
}

/* The peer deletes a per-CPU SA: it is not re-created by itself, and an
 * acquire right after is rate limited (no delete/create loop). */
static void test_delete_no_loop(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_DELETE_CHILD };
	uint32_t cpus;
	int fb, sent;

	establish(p);
	acquire(p, 0, 1);
	for (struct child_sa *c = pair_sa(p, 1)->children; c; c = c->next)
		if (c->cpu != MSA_KCPU_NONE)
			t.child_id = c->id;
	isa_queue(pair_sa(p, 1), &t);
	ike_daemon_tick(pair_sa(p, 1)->d);
	pair_pump(p);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 0);
	pair_run(p, 5000, 1000);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 0);
	p->now += 10;
	sent = p->sent[0];
	acquire(p, 0, 1);	/* within the gap of the first acquire */
	assert_true(p->sent[0] == sent ||
		    n_pcpu(p, 0, &cpus, &fb) == 1);
}

/* Rekeys keep the CPU binding, of Child SAs and across an IKE rekey. */
static void test_rekey_keeps_cpu(void **state)
{
	struct pair *p = *state;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	p->child[0][0].life.rand_time = 60;
	establish(p);
	pair_run(p, 14500 * 1000, 50 * 1000);	/* 4 child rekeys, 1 IKE */
	assert_int_equal(pair_n_sas(p, 0), 1);
	expect_pcpu(p, 0, 4, 0xf);
	expect_pcpu(p, 1, 4, 0xf);
	assert_int_equal(sas_agree(p), 10);
}

/* Outbound SA's encap source port for the child with this outbound SPI. */
static uint16_t out_port(struct pair *p, int s, const struct child_sa *c)
{
	const struct msa_ksa *k = kd_sa(&p->kd[s], c->spi_out, MSA_KDIR_OUT);

	assert_non_null(k);
	assert_int_equal(k->encap_dport, 4500);
	return k->encap_sport;
}

/* per_cpu_sas = encap on A (UDP encapsulation forced): each outbound
 * per-CPU SA of A leaves from its own ephemeral port, the fallback from the
 * IKE port; every inbound per-CPU SA on both ends takes any source port;
 * B (plain "yes") keeps the IKE port; a rekey keeps A's ports. */
static void test_encap_ports(void **state)
{
	struct pair *p = *state;
	uint16_t ports[8] = { 0 };
	int n = 0;

	p->conn[0].encap = true;
	p->child[0][0].per_cpu_sas = CFG_PCPU_ENCAP;
	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	establish(p);
	assert_int_equal(sas_agree(p), 10);
	for (struct child_sa *c = pair_sa(p, 0)->children; c; c = c->next) {
		uint16_t port = out_port(p, 0, c);

		if (c->cpu == MSA_KCPU_NONE) {
			assert_int_equal(port, 4500);
			continue;
		}
		assert_true(port >= 49152);
		for (int i = 0; i < n; i++)
			assert_int_not_equal(ports[i], port);
		ports[n++] = port;
	}
	assert_int_equal(n, 4);
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < p->kd[s].n_sa; i++) {
			const struct msa_ksa *k = &p->kd[s].sa[i];

			if (k->dir == MSA_KDIR_IN)
				assert_int_equal(k->encap_sport,
						 k->cpu == MSA_KCPU_NONE ?
						 4500 : 0);
			else if (s == 1)
				assert_int_equal(k->encap_sport, 4500);
		}
	/* rekeys (A's and B's) keep each CPU's port */
	p->child[0][0].life.rand_time = 60;
	pair_run(p, 4000 * 1000, 50 * 1000);
	assert_int_equal(sas_agree(p), 10);
	for (struct child_sa *c = pair_sa(p, 0)->children; c; c = c->next) {
		bool known = false;

		assert_true(c->rekey_of || c->cpu == MSA_KCPU_NONE);
		for (int i = 0; i < n; i++)
			known |= out_port(p, 0, c) == ports[i];
		assert_true(c->cpu == MSA_KCPU_NONE || known);
	}
}

/* Start on traffic (trap): the kernel's acquires for CPUs 1-3 come while
 * the IKE SA and the fallback are still being negotiated. They wait and are
 * served once the fallback is up (the kernel would not repeat them while
 * its larval states live), each CPU once. */
static void test_acquires_before_fallback(void **state)
{
	struct pair *p = *state;
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE, .reqid = MSA_REQID_MIN,
				 .cpu = MSA_KCPU_NONE };

	assert_int_equal(pair_start(p), 0);
	ike_daemon_kevent(p->d[0], &ev);	/* the first packet */
	for (uint32_t cpu = 1; cpu < 4; cpu++) {
		ev.cpu = cpu;
		ike_daemon_kevent(p->d[0], &ev);
		ike_daemon_kevent(p->d[0], &ev);	/* repeated: once */
	}
	pair_pump(p);
	assert_int_equal(pair_n_sas(p, 0), 1);
	expect_pcpu(p, 0, 3, 0xe);
	assert_int_equal(sas_agree(p), 8);
	assert_null(pair_sa(p, 0)->pcpu_waits);
}

/* The same on the responder: B's kernel asks for CPUs 2 and 3 while B
 * answers A's IKE_SA_INIT (B's traffic met its trap policy too). B's
 * waits are served after its IKE_AUTH response, as B's own requests;
 * one fallback on each end. */
static void test_responder_acquires_early(void **state)
{
	struct pair *p = *state;
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE, .reqid = MSA_REQID_MIN };
	uint32_t cpus;
	int fb;

	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump_n(p, 1);			/* B: IKE_SA_INIT answered */
	for (uint32_t cpu = 2; cpu < 4; cpu++) {
		ev.cpu = cpu;
		ike_daemon_kevent(p->d[1], &ev);
	}
	pair_pump(p);
	pair_advance(p, 10);
	pair_advance(p, 10);
	assert_int_equal(pair_n_sas(p, 1), 1);
	expect_pcpu(p, 1, 2, 0xc);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 2);
	assert_int_equal(fb, 1);
	assert_int_equal(sas_agree(p), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_demand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ts_max_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_without_pcpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fewer_cpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_no_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rekey_keeps_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encap_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acquires_before_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_responder_acquires_early, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
