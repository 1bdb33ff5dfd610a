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
#include "child/pcpu_policy.h"
#include "ctl/ctl_server.h"

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
	/* the peer deletes one (the redundant SA of a crossing only it saw,
	 * say): all at once means without traffic too, so the fill brings it
	 * back after the acquire gap */
	for (struct child_sa *c = pair_sa(p, 1)->children; c; c = c->next)
		if (c->cpu == 2) {
			assert_int_equal(ike_daemon_child_delete(p->d[1], c->id), 0);
			break;
		}
	pair_pump(p);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 3);
	pair_advance(p, 3000);
	pair_advance(p, 3000);
	expect_pcpu(p, 0, 4, 0xf);
	expect_pcpu(p, 1, 4, 0xf);
	assert_int_equal(sas_agree(p), 10);
}

static void cpus_only(struct cfg_child *ch, const char *list)
{
	char why[64];

	assert_int_equal(cfg_cpus_parse(list, ch->per_cpu_cpus, why,
					sizeof(why)), 0);
	ch->per_cpu_cpus_set = true;
}

/* per_cpu_cpus naming CPUs this machine (4 CPUs) lacks: the daemon says
 * so at start and at a reload; with none of its CPUs present, the child
 * gets no per-CPU SA, only its fallback. */
static void test_cpu_set_absent(void **state)
{
	struct pair *p = *state;

	cpus_only(&p->child[0][0], "6-7");
	cpus_only(&p->child[1][0], "2,9");
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_cpus_check(p->d[0], &p->cfg[0]), 1);
	assert_int_equal(ike_daemon_cpus_check(p->d[1], &p->cfg[1]), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_run(p, 5000, 500);
	expect_pcpu(p, 0, 0, 0);
	assert_int_equal(sas_agree(p), 2);
}

/* per_cpu_cpus on both ends (CPUs 1 and 3 of 4), on demand configured:
 * the list makes it all at once, SAs for those two alone, without the
 * kernel's per-CPU acquires (an unanswered one would stall its CPU); the
 * responder binds into its set; a stray acquire on CPU 0 is left to the
 * fallback; the set counts as complete. */
static void test_cpu_set(void **state)
{
	struct pair *p = *state;
	json_t *sets;

	cpus_only(&p->child[0][0], "1,3");
	cpus_only(&p->child[1][0], "1,3");
	establish(p);
	expect_pcpu(p, 0, 2, 0xa);
	expect_pcpu(p, 1, 2, 0xa);
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < p->kd[s].n_pol; i++)
			assert_false(p->kd[s].pol[i].flags &
				     MSA_KPOL_F_CPU_ACQUIRE);
	acquire(p, 0, 0);
	expect_pcpu(p, 0, 2, 0xa);
	acquire(p, 0, 3);		/* covered already */
	expect_pcpu(p, 0, 2, 0xa);
	sets = ctl_pcpu_json(p->d[0], pair_sa(p, 0));
	assert_true(json_is_true(json_object_get(json_array_get(sets, 0),
						 "complete")));
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(sets, 0), "cpus_wanted")), 2);
	json_decref(sets);
	assert_int_equal(sas_agree(p), 6);
	/* the peer deletes CPU 1's SA: no acquire will come, the fill
	 * brings it back after the gap (once, not from both ends) */
	for (struct child_sa *c = pair_sa(p, 1)->children; c; c = c->next)
		if (c->cpu == 1) {
			assert_int_equal(ike_daemon_child_delete(p->d[1], c->id), 0);
			break;
		}
	pair_pump(p);
	expect_pcpu(p, 0, 1, 0x8);
	pair_advance(p, 3000);
	expect_pcpu(p, 0, 2, 0xa);
	expect_pcpu(p, 1, 2, 0xa);
	assert_int_equal(sas_agree(p), 6);
}

/* Only the responder limits its CPUs (to CPU 2): every SA the initiator
 * asks for lands on CPU 2 there, up to its cap of 2 x 1, then
 * TS_MAX_QUEUE; the initiator keeps the ones it got. */
static void test_cpu_set_responder(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	cpus_only(&p->child[1][0], "2");
	establish(p);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 2);
	assert_int_equal(cpus, 1u << 2);
	assert_int_equal(fb, 1);
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 2);
	assert_true(p->d[1]->st.tsmq_sent >= 1);
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

/* An acquire of side s for cpu, nothing delivered yet. */
static void acquire_nopump(struct pair *p, int s, uint32_t cpu)
{
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE, .cpu = cpu,
				 .reqid = MSA_REQID_MIN };

	ike_daemon_kevent(p->d[s], &ev);
}

/* Outbound SAs of side s bound to cpu in its kernel. */
static int out_on_cpu(struct pair *p, int s, uint32_t cpu)
{
	int n = 0;

	for (int i = 0; i < p->kd[s].n_sa; i++)
		n += p->kd[s].sa[i].dir == MSA_KDIR_OUT &&
		     p->kd[s].sa[i].cpu == cpu;
	return n;
}

/* What `multisactl status` says of side s's set: complete, no duplicates. */
/* The types of docs/ctl.md's schema (tests/schema/), on installed SAs:
 * SPIs "0x" and 8 or 16 hex digits, CPUs an integer or null. */
static void expect_spi(const json_t *v, size_t digits)
{
	const char *str = json_string_value(v);

	assert_non_null(str);
	assert_int_equal(strlen(str), 2 + digits);
	assert_true(str[0] == '0' && str[1] == 'x');
	assert_int_equal(strspn(str + 2, "0123456789abcdef"), digits);
}

static void expect_status_types(struct pair *p, int s)
{
	json_t *st = ctl_status_json(p->d[s]), *sa, *c;
	size_t i, j, n = 0;

	json_array_foreach(json_object_get(st, "ike_sas"), i, sa) {
		expect_spi(json_object_get(sa, "spi_i"), 16);
		expect_spi(json_object_get(sa, "spi_r"), 16);
		json_array_foreach(json_object_get(sa, "children"), j, c) {
			json_t *cpu = json_object_get(c, "cpu");

			expect_spi(json_object_get(c, "spi_in"), 8);
			expect_spi(json_object_get(c, "spi_out"), 8);
			assert_true(json_is_null(cpu) ||
				    (json_is_integer(cpu) && json_integer_value(cpu) >= 0));
			assert_true(json_is_integer(json_object_get(c, "packets_in")));
			n++;
		}
	}
	assert_true(n >= 5);
	json_decref(st);
}

static void expect_status_set(struct pair *p, int s)
{
	json_t *sets = ctl_pcpu_json(p->d[s], pair_sa(p, s)), *set;

	assert_int_equal(json_array_size(sets), 1);
	set = json_array_get(sets, 0);
	assert_true(json_is_true(json_object_get(set, "complete")));
	assert_int_equal(json_array_size(json_object_get(set, "covered")), 4);
	assert_int_equal(json_array_size(json_object_get(set, "duplicates")), 0);
	json_decref(sets);
	expect_status_types(p, s);
}

/*
 * The invariant of a converged per-CPU set, on both ends: one fallback,
 * exactly one per-CPU SA pair on each of the 4 CPUs (in and out), the
 * kernels agreeing SA for SA.
 */
static void expect_converged(struct pair *p)
{
	pair_run(p, 3000, 500);	/* the deletes of redundant SAs */
	for (int s = 0; s < 2; s++) {
		expect_pcpu(p, s, 4, 0xf);
		for (uint32_t cpu = 0; cpu < 4; cpu++)
			assert_int_equal(out_on_cpu(p, s, cpu), 1);
		assert_int_equal(kd_count(&p->kd[s], MSA_KDIR_IN), 5);
		expect_status_set(p, s);
	}
	assert_int_equal(sas_agree(p), 10);
}

/* Both ends' kernels ask for every CPU at once (the demo's pattern:
 * pings from every CPU of both gateways). order: the CPUs of A's
 * acquires; B asks in order[3 - i] when rev; step: messages delivered
 * between the acquires of one round (0: none until all are in). */
static void both_acquire(struct pair *p, const uint32_t order[4], bool rev,
			 int step)
{
	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	assert_true(pair_sa(p, 0)->peer_multisa && pair_sa(p, 1)->peer_multisa);
	for (int i = 0; i < 4; i++) {
		acquire_nopump(p, 0, order[i]);
		acquire_nopump(p, 1, order[rev ? 3 - i : i]);
		if (step)
			pair_pump_n(p, step);
	}
	pair_pump(p);
	expect_converged(p);
}

static void test_both_acquire_at_once(void **state)
{
	static const uint32_t order[4] = { 0, 1, 2, 3 };

	both_acquire(*state, order, false, 0);
}

static void test_both_acquire_reversed(void **state)
{
	static const uint32_t order[4] = { 0, 1, 2, 3 };

	both_acquire(*state, order, true, 0);
}

static void test_both_acquire_staggered(void **state)
{
	static const uint32_t order[4] = { 3, 1, 0, 2 };

	both_acquire(*state, order, false, 1);
}

static void test_both_acquire_staggered2(void **state)
{
	static const uint32_t order[4] = { 2, 3, 0, 1 };

	both_acquire(*state, order, true, 2);
}

/* Every interleaving of one acquire per side per CPU with 0-3 messages
 * delivered in between, in fresh pairs: always one pair per CPU. */
static void test_both_acquire_sweep(void **state)
{
	static const uint32_t orders[3][4] = {
		{ 0, 1, 2, 3 }, { 3, 2, 1, 0 }, { 1, 3, 0, 2 },
	};

	(void)state;
	for (int o = 0; o < 3; o++)
		for (int step = 0; step < 4; step++)
			for (int rev = 0; rev < 2; rev++) {
				struct pair *p = calloc(1, sizeof(*p));

				setup((void **)&p);
				both_acquire(p, orders[o], rev, step);
				pair_free(p);
				free(p);
			}
}

/*
 * Both gateways' trap policies fire at once (the bench's round 5): each
 * starts an IKE SA of the connection, two come up. Both ends keep the
 * same one and the other goes with its children; the per-CPU acquires
 * that waited on, or were served by, the redundant one end on the kept
 * one. step: messages delivered between the two ends' acquires; pcpu:
 * per-CPU acquires of both ends too, before anything is delivered.
 */
/*
 * The two IKE_SA_INITs crossed; then B's IKE_AUTH reaches A only after A
 * has its own IKE SA: had B sent INITIAL_CONTACT (it knows of A's SA
 * being set up), A would drop its IKE SA without a word.
 */
static void late_auth(struct pair *p)
{
	struct dgram g;

	pair_pump_n(p, 5);	/* both IKE_SA_INITs and answers, A's AUTH */
	assert_int_equal(p->nq, 2);	/* B's AUTH to A, B's answer to A */
	assert_int_equal(p->q[0].to, 0);
	g = p->q[0];		/* A gets its answer first */
	p->q[0] = p->q[1];
	p->q[1] = g;
}

static void both_trap(struct pair *p, int step, bool pcpu)
{
	struct msa_kevent trap = { .type = MSA_KEV_ACQUIRE,
				   .cpu = MSA_KCPU_NONE,
				   .reqid = MSA_REQID_MIN };
	struct ikesa *a, *b;

	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	assert_int_equal(pair_start(p), 0);
	ike_daemon_kevent(p->d[0], &trap);
	pair_pump_n(p, step > 0 ? step : 0);
	ike_daemon_kevent(p->d[1], &trap);
	for (uint32_t cpu = 0; pcpu && cpu < 4; cpu++) {
		acquire_nopump(p, 0, cpu);
		acquire_nopump(p, 1, 3 - cpu);
	}
	if (step < 0)
		late_auth(p);
	pair_pump(p);
	pair_run(p, 3000, 500);
	for (uint32_t cpu = 0; !pcpu && cpu < 4; cpu++) {
		acquire_nopump(p, 0, cpu);
		acquire_nopump(p, 1, cpu);
	}
	pair_pump(p);
	assert_int_equal(pair_n_sas(p, 0), 1);
	assert_int_equal(pair_n_sas(p, 1), 1);
	a = pair_sa(p, 0);
	b = pair_sa(p, 1);
	assert_true(a->spi_i == b->spi_i && a->spi_r == b->spi_r);
	expect_converged(p);
}

static void test_both_trap_at_once(void **state)
{
	(void)state;
	for (int step = -1; step < 4; step++)
		for (int pcpu = 0; pcpu < 2; pcpu++) {
			struct pair *p = calloc(1, sizeof(*p));

			setup((void **)&p);
			both_trap(p, step, pcpu);
			assert_true(p->d[0]->st.ike_dups + p->d[1]->st.ike_dups
				    >= (step > 0 ? 0u : 1u));
			pair_free(p);
			free(p);
		}
}

/*
 * A strongSwan-like peer (no Vendor ID of ours: the crossing rule is not
 * shared) acquiring with us at once: nothing is deleted, and every CPU of
 * ours still has its SA for each direction.
 */
static void test_both_acquire_foreign_peer(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	pair_sa(p, 0)->peer_multisa = pair_sa(p, 1)->peer_multisa = false;
	for (uint32_t cpu = 0; cpu < 4; cpu++) {
		acquire_nopump(p, 0, cpu);
		acquire_nopump(p, 1, cpu);
	}
	pair_pump(p);
	pair_run(p, 3000, 500);
	for (int s = 0; s < 2; s++) {
		assert_true(n_pcpu(p, s, &cpus, &fb) >= 4);
		assert_int_equal(cpus, 0xf);
		assert_int_equal(fb, 1);
		for (uint32_t cpu = 0; cpu < 4; cpu++)
			assert_true(out_on_cpu(p, s, cpu) >= 1);
	}
	assert_true(sas_agree(p) >= 10);
}

/*
 * Narrowing with a packet selector (as strongSwan sends it: the packet
 * first, then the configured range): the packet selector inside the range
 * is dropped, three policies, and a per-CPU request of another flow (a
 * sub-range) of the same child is an additional SA bound to a CPU, never
 * a second fallback.
 */
static void test_narrowing_packet_selector(void **state)
{
	struct pair *p = *state;
	struct cfg_child *a = &p->child[0][0];
	struct cfg_ts range = a->local_ts[0];
	struct child_sa *c;
	uint32_t cpus;
	int fb;

	pair_ts(&a->local_ts[0], "10.1.0.1", "10.1.0.1");
	a->local_ts[0].proto = 1;
	a->local_ts[1] = range;
	a->n_local_ts = 2;
	establish(p);
	c = pair_sa(p, 1)->children;
	assert_int_equal(c->ts_r.n_ts, 1);
	assert_int_equal(p->kd[1].n_pol, 3);
	/* another flow: only a sub-range of the child's selectors */
	pair_ts(&a->local_ts[0], "10.1.5.0", "10.1.5.255");
	a->n_local_ts = 1;
	acquire(p, 0, 1);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 1);
	assert_int_equal(fb, 1);
	expect_pcpu(p, 0, 1, 1u << 1);
	assert_int_equal(sas_agree(p), 4);
}

/* A second request without SA_RESOURCE_INFO next to a per-CPU child's
 * fallback: TS_MAX_QUEUE, never a second fallback. */
static void test_no_second_fallback(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_CHILD_CREATE, .cpu = MSA_KCPU_NONE };
	uint32_t cpus;
	int fb;

	establish(p);
	pair_sa(p, 0)->peer_no_pcpu = true;	/* A: no SA_RESOURCE_INFO */
	t.cfg = &p->child[0][0];
	isa_queue(pair_sa(p, 0), &t);
	pair_sa(p, 0)->children->cpu = 0;	/* A forgets its fallback */
	ike_daemon_tick(p->d[0]);
	pair_pump(p);
	pair_sa(p, 0)->children->cpu = MSA_KCPU_NONE;
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 0);
	assert_int_equal(fb, 1);
}

/* The cap counts SAs being negotiated in both directions: B's cap is 2,
 * both ends ask for two CPUs at once; B never holds more than 2. */
static void test_cap_counts_in_flight(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	p->child[1][0].per_cpu_max = 2;
	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	acquire_nopump(p, 0, 0);
	acquire_nopump(p, 0, 1);
	acquire_nopump(p, 1, 2);
	acquire_nopump(p, 1, 3);
	while (pair_pump_n(p, 1))
		assert_true(pcpu_count(pair_sa(p, 1), &p->child[1][0]) <= 2);
	pair_run(p, 3000, 500);
	assert_true(n_pcpu(p, 1, &cpus, &fb) <= 2);
	assert_int_equal(fb, 1);
	assert_true(pcpu_count(pair_sa(p, 1), &p->child[1][0]) <= 2);
}

/* The inbound SA of side s's per-CPU child on cpu, or NULL. */
static struct child_sa *on_cpu(struct pair *p, int s, uint32_t cpu)
{
	for (struct child_sa *c = pair_sa(p, s)->children; c; c = c->next)
		if (c->cpu == cpu && c->state == CHILD_INSTALLED)
			return c;
	return NULL;
}

/*
 * CPU 3 of A goes offline: its SA's inbound ESP is steered to any CPU at
 * once and the SA is deleted with B; while offline, no acquire, fill or
 * binding puts an SA on it (B's new request lands elsewhere); back online
 * (all at once), A asks for its SA again.
 */
static void test_cpu_offline_online(void **state)
{
	struct pair *p = *state;
	struct child_sa *c;
	uint32_t cpus;
	int fb, sent;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	expect_pcpu(p, 0, 4, 0xf);
	c = on_cpu(p, 0, 3);
	ike_daemon_cpu(p->d[0], 3, false);
	assert_int_equal(kd_steered_to(&p->kd[0], c->spi_in), MSA_KCPU_NONE);
	pair_pump(p);
	expect_pcpu(p, 0, 3, 0x7);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 3);
	assert_int_equal(sas_agree(p), 8);
	sent = p->sent[0];
	acquire(p, 0, 3);			/* cannot come; ignored */
	assert_int_equal(p->sent[0], sent);
	for (uint32_t cpu = 0; cpu < 4; cpu++)	/* B asks for what it lost */
		acquire(p, 1, cpu);
	assert_null(on_cpu(p, 0, 3));
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 4);
	ike_daemon_cpu(p->d[0], 3, true);
	pair_pump(p);
	assert_non_null(on_cpu(p, 0, 3));
	assert_true(sas_agree(p) >= 10);
}

/*
 * A crossing only one end sees (A's request lost once, B's request lands
 * on A while A's retransmission is pending; B gets A's request after its
 * own is done): A binds B's SA to its CPU 0 by rule 1 and says so
 * (MULTISA_CROSSED); when A's request reaches B at last, B knows it for
 * the one A crossed and joins it to the CPU of its own. The crossing is
 * then seen from both ends after all, and the redundant pair goes: one
 * pair, on A's CPU 0 and B's CPU 1, the CPUs that asked. In fresh pairs
 * (nonces differ, so either pair may be the redundant one).
 */
static void test_crossing_one_sided(void **state)
{
	(void)state;
	for (int i = 0; i < 20; i++) {
		struct pair *p = calloc(1, sizeof(*p));
		uint32_t ca, cb;
		int fa, fb;

		setup((void **)&p);
		p->child[0][0].per_cpu_acquire_ms = 1;
		p->child[1][0].per_cpu_acquire_ms = 1;
		establish(p);
		p->drop_next = 1;
		acquire_nopump(p, 0, 0);
		acquire_nopump(p, 1, 1);
		pair_pump(p);
		pair_run(p, 6000, 500);
		assert_int_equal(n_pcpu(p, 0, &ca, &fa), 1);
		assert_int_equal(ca, 1u << 0);
		assert_int_equal(n_pcpu(p, 1, &cb, &fb), 1);
		assert_int_equal(cb, 1u << 1);
		assert_int_equal(sas_agree(p), 4);
		pair_free(p);
		free(p);
	}
}

/*
 * One request of ours in flight is crossed by one request of the peer at
 * most (the lab's 200 tunnels under load): B's request for its CPU 2 is
 * slow to reach A, and meanwhile two of A's requests reach B, one after
 * the other. The first crossed it (rule 1: CPU 2); the second must not
 * cross it again, but take a CPU with nothing (rule 3), or B would hold
 * three SAs on CPU 2 and none on CPU 0.
 */
static void test_crossing_once(void **state)
{
	struct pair *p = *state;
	struct dgram held;
	uint32_t cb;
	int fb;

	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	acquire_nopump(p, 1, 2);		/* B's request, held back */
	assert_int_equal(p->nq, 1);
	held = p->q[0];
	p->nq = 0;
	acquire_nopump(p, 0, 0);
	acquire_nopump(p, 0, 1);
	pair_pump(p);				/* both of A's, answered */
	n_pcpu(p, 1, &cb, &fb);
	assert_int_equal(cb, (1u << 2) | (1u << 0));
	p->q[p->nq++] = held;
	pair_pump(p);
	pair_run(p, 3000, 500);
	/* B said its request crossed A's first: when it reaches A at last,
	 * A joins it to that CPU and the redundant pair goes */
	expect_pcpu(p, 1, 2, (1u << 2) | (1u << 0));
	expect_pcpu(p, 0, 2, (1u << 0) | (1u << 1));
	sas_agree(p);		/* every outbound SA has its inbound peer */
}

/* Move the clock and run timers without delivering anything. */
static void tick_nopump(struct pair *p, uint64_t ms)
{
	p->now += ms;
	for (int s = 0; s < 2; s++) {
		ike_daemon_set_time(p->d[s], p->now);
		ike_daemon_tick(p->d[s]);
	}
}

/*
 * Both ends all-at-once, A's per-CPU requests slow (under load, each
 * message 0.45 s on its way): B's fill waits until A's requests stop
 * coming, then finds every CPU covered and asks for nothing. (With a fixed
 * 2 s, B's requests crossed A's in the middle of its set.)
 */
static void test_fill_waits_for_peer(void **state)
{
	struct pair *p = *state;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	p->child[1][0].per_cpu_create = CFG_PCPU_ALL;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	for (int i = 0; i < 14; i++) {
		tick_nopump(p, 450);
		pair_pump_n(p, 1);
	}
	pair_pump(p);
	pair_run(p, 6000, 500);
	expect_pcpu(p, 0, 4, 0xf);
	expect_pcpu(p, 1, 4, 0xf);
	for (struct child_sa *c = pair_sa(p, 1)->children; c; c = c->next)
		assert_false(c->initiated && c->cpu != MSA_KCPU_NONE);
	sas_agree(p);
}

/*
 * Both ends all-at-once, and B's IKE_AUTH response reaches A late (the
 * lab's 200 tunnels): B's fill fires first and queues a request for each
 * CPU; A's requests then come. B withdraws what it queued and waits for
 * A's to stop: one pair per CPU at the end, no extra pair on any CPU.
 */
static void fill_before_peer_up(struct pair *p, uint64_t hold, uint64_t tick,
				int per_tick)
{
	struct dgram held;

	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	p->child[1][0].per_cpu_create = CFG_PCPU_ALL;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump_n(p, 3);		/* SA_INIT both ways, A's IKE_AUTH */
	assert_int_equal(p->nq, 1);
	held = p->q[0];			/* B's IKE_AUTH response, late */
	p->nq = 0;
	tick_nopump(p, hold);		/* B's fill: a request in flight */
	p->q[p->nq++] = held;
	for (int i = 0; i < 60; i++) {
		tick_nopump(p, tick);
		pair_pump_n(p, per_tick);
	}
	pair_pump(p);
	pair_run(p, 10000, 500);
	expect_pcpu(p, 0, 4, 0xf);
	expect_pcpu(p, 1, 4, 0xf);
	sas_agree(p);
}

static void test_fill_before_peer_up(void **state)
{
	static const uint64_t holds[] = { 2100, 3000 };
	static const uint64_t ticks[] = { 150, 300, 450, 600, 900 };

	(void)state;
	for (int h = 0; h < 2; h++)
		for (int t = 0; t < 5; t++)
			for (int n = 1; n <= 2; n++) {
				struct pair *p = calloc(1, sizeof(*p));

				setup((void **)&p);
				fill_before_peer_up(p, holds[h], ticks[t], n);
				pair_free(p);
				free(p);
			}
}

/*
 * A's request was answered, but the answer was lost; A resent it, and
 * B's own request reaches A before the answer to the resent one. A sees a
 * crossing and puts B's SA on its CPU 0 next to its own; B, which had
 * answered before asking, saw none. A's word (MULTISA_CROSSED) tells B,
 * and B deletes its SA (one of two on A's CPU 0); its next acquire gets
 * one on A's CPU 1. No CPU of either end holds two at the end.
 */
static void expect_no_double(struct pair *p, int s, int n)
{
	uint32_t cpus;
	int fb;

	assert_int_equal(n_pcpu(p, s, &cpus, &fb), n);
	assert_int_equal(__builtin_popcount(cpus), n);
}

static void test_resent_request_no_crossing(void **state)
{
	struct pair *p = *state;
	struct dgram q;
	uint32_t ca;
	int fa;

	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	acquire_nopump(p, 0, 0);		/* A's request for its CPU 0 */
	pair_pump_n(p, 1);			/* B answers it ... */
	assert_int_equal(p->nq, 1);
	p->nq = 0;				/* ... and the answer is lost */
	tick_nopump(p, 1100);			/* A resends */
	assert_int_equal(p->nq, 1);
	q = p->q[0];
	p->nq = 0;
	acquire_nopump(p, 1, 1);		/* B asks for its CPU 1 */
	assert_int_equal(p->nq, 1);
	p->q[p->nq++] = q;			/* B's request first, then A's */
	pair_pump(p);
	pair_run(p, 3000, 500);
	expect_no_double(p, 0, 1);
	expect_no_double(p, 1, 1);
	acquire(p, 1, 1);			/* B's CPU 1 asks again */
	pair_run(p, 3000, 500);
	assert_int_equal(n_pcpu(p, 0, &ca, &fa), 2);
	assert_int_equal(ca, 0x3);
	expect_no_double(p, 1, 2);
	sas_agree(p);
}

/*
 * Two losses (the review's case): A's Ra is answered, the answer lost; B's
 * Rb reaches A while A resends Ra, and A crosses them (its answer to Rb
 * is late); Ra completes; A's Rc reaches B while Rb is still on its way
 * and B crosses those. Each end saw a different crossing: only the end
 * whose SA the peer put next to one it had bound without any crossing
 * deletes (B's Rb, on A's word), never both ends one each.
 */
static void test_double_one_sided(void **state)
{
	struct pair *p = *state;
	struct dgram ra;

	p->child[0][0].per_cpu_acquire_ms = p->child[1][0].per_cpu_acquire_ms = 1;
	establish(p);
	acquire_nopump(p, 0, 0);		/* Ra */
	pair_pump_n(p, 1);			/* B answers ... */
	assert_int_equal(p->nq, 1);
	p->nq = 0;				/* ... lost */
	tick_nopump(p, 1100);			/* A resends Ra */
	assert_int_equal(p->nq, 1);
	ra = p->q[0];
	p->nq = 0;
	acquire_nopump(p, 1, 1);		/* Rb */
	pair_pump_n(p, 1);			/* A crosses Rb with Ra */
	assert_int_equal(p->nq, 1);
	p->nq = 0;				/* A's answer to Rb: late */
	p->q[p->nq++] = ra;
	pair_pump(p);				/* Ra done at A */
	acquire_nopump(p, 0, 2);		/* Rc */
	pair_pump(p);				/* Rc crosses Rb at B */
	pair_run(p, 6000, 500);			/* B resends Rb, ... */
	expect_no_double(p, 0, 2);
	expect_no_double(p, 1, 2);
	sas_agree(p);
}

/*
 * B's CREATE_CHILD_SA reaches A before B's IKE_AUTH response (lost here):
 * A leaves it unanswered, its retransmission brings A up, B's own
 * retransmission then gets its child. (A used to answer INVALID_SYNTAX,
 * and B gave that CPU's SA up.)
 */
static void test_child_before_auth_response(void **state)
{
	struct pair *p = *state;
	uint32_t cb;
	int fb;

	p->child[1][0].per_cpu_acquire_ms = 1;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump_n(p, 3);		/* SA_INIT both ways, A's IKE_AUTH */
	assert_int_equal(p->nq, 1);	/* B's IKE_AUTH response: lost */
	assert_int_equal(p->q[0].to, 0);
	p->nq = 0;
	acquire(p, 1, 1);		/* B asks at once; A is in AUTH_I */
	assert_int_equal(p->d[0]->sas->state, ISA_AUTH_I);
	pair_run(p, 4000, 250);
	assert_non_null(pair_sa(p, 0));
	assert_int_equal(n_pcpu(p, 1, &cb, &fb), 1);
	assert_int_equal(cb, 1u << 1);
	assert_int_equal(n_pcpu(p, 0, &cb, &fb), 1);
	sas_agree(p);
}

/* CPU 3 goes offline while A's request for it is in flight: the SA, once
 * installed, is steered to any CPU and deleted. */
static void test_offline_in_flight(void **state)
{
	struct pair *p = *state;
	uint32_t cpus;
	int fb;

	p->child[0][0].per_cpu_acquire_ms = 1;
	establish(p);
	acquire_nopump(p, 0, 3);
	ike_daemon_cpu(p->d[0], 3, false);
	pair_pump(p);
	pair_run(p, 3000, 500);
	assert_null(on_cpu(p, 0, 3));
	assert_int_equal(n_pcpu(p, 0, &cpus, &fb), 0);
	assert_int_equal(n_pcpu(p, 1, &cpus, &fb), 0);
	assert_int_equal(sas_agree(p), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_set_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_set_responder, setup, teardown),
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
		cmocka_unit_test_setup_teardown(test_both_acquire_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_acquire_reversed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_acquire_staggered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_acquire_staggered2, setup, teardown),
		cmocka_unit_test(test_both_acquire_sweep),
		cmocka_unit_test_setup_teardown(test_both_acquire_foreign_peer, setup, teardown),
		cmocka_unit_test(test_both_trap_at_once),
		cmocka_unit_test_setup_teardown(test_narrowing_packet_selector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_second_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_counts_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_offline_online, setup, teardown),
		cmocka_unit_test(test_crossing_one_sided),
		cmocka_unit_test_setup_teardown(test_crossing_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_waits_for_peer, setup, teardown),
		cmocka_unit_test(test_fill_before_peer_up),
		cmocka_unit_test_setup_teardown(test_resent_request_no_crossing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_one_sided, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_before_auth_response, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offline_in_flight, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
