// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 per-resource Child SAs, one per CPU. The first Child SA of a
 * configured child is the fallback (no CPU); additional ones, with the same
 * selectors, are bound to a CPU each. The resource manager decides:
 *  - initiator: SA_RESOURCE_INFO in each request of a per-CPU child; a
 *    per-CPU ACQUIRE asks for that CPU's SA (rate limited per CPU);
 *  - responder: a request with SA_RESOURCE_INFO while the fallback is up
 *    is an additional SA, bound to our CPU with the fewest SAs of that
 *    TS pair; beyond the cap, TS_MAX_QUEUE (never NO_ADDITIONAL_SAS);
 *  - a peer that does not answer with SA_RESOURCE_INFO gets regular SAs;
 *  - resource ids are random octets, never the CPU number; received ones
 *    are only logged.
 */
#include <stdlib.h>
#include <string.h>

#include "ts/ts.h"
#include "xchg/xchg.h"

#define PCPU_RESID_LEN 4
#define PCPU_GAP_DEFAULT_MS 1000
#define PCPU_FILL_DELAY_MS 2000

static bool pcpu_enabled(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return cfg->per_cpu_sas != CFG_PCPU_NO && sa->d->caps.pcpu &&
	       !sa->peer_no_pcpu;
}

static uint32_t pcpu_cap(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return cfg->per_cpu_max ? cfg->per_cpu_max : 2 * sa->d->caps.ncpus;
}

/* TS_MAX_QUEUE came for cfg: its bit in sa->pcpu_stop (by reqid). */
static uint64_t stop_bit(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return 1ull << (child_reqid(sa->d, cfg) % 64);
}

/* Live children of cfg with the same selectors as c (c excluded). */
static bool same_pair(const struct child_sa *a, const struct child_sa *b)
{
	return a->cfg == b->cfg && ts_set_equal(&a->ts_l, &b->ts_l) &&
	       ts_set_equal(&a->ts_r, &b->ts_r);
}

static bool live(const struct child_sa *c)
{
	return c->state == CHILD_INSTALLED || c->state == CHILD_REKEYING;
}

int pcpu_add_request(struct ikesa *sa, struct child_sa *c, struct ike_buf *b)
{
	if (!pcpu_enabled(sa, c->cfg))
		return 0;
	if (c->cpu == MSA_KCPU_NONE)
		return ike_build_notify_data(b, IKE_N_SA_RESOURCE_INFO, NULL, 0);
	if (!c->resid_len) {
		c->resid_len = PCPU_RESID_LEN;
		if (ike_crypto_random(c->resid, c->resid_len))
			return -EIO;
	}
	return ike_build_notify_data(b, IKE_N_SA_RESOURCE_INFO, c->resid,
				     c->resid_len);
}

static void take_peer_resid(struct child_sa *c, const struct ike_notify *n)
{
	c->peer_resid_len = (uint8_t)(n->data.len < IKE_RESID_MAX ?
				      n->data.len : IKE_RESID_MAX);
	memcpy(c->peer_resid, n->data.p, c->peer_resid_len);
}

/*
 * Our CPU with the fewest SAs of c's TS pair (RFC 9611 5), counting those
 * still being negotiated: when both ends ask for a CPU's SA at once (each
 * kernel's per-CPU acquire), the peer's lands on another CPU, and no CPU
 * ends up with two while another has none.
 */
static uint32_t least_loaded_cpu(const struct ikesa *sa,
				 const struct child_sa *c, uint32_t *total)
{
	uint32_t n = sa->d->caps.ncpus ? sa->d->caps.ncpus : 1;
	uint32_t best = 0, best_count = UINT32_MAX;

	*total = 0;
	for (uint32_t cpu = 0; cpu < n; cpu++) {
		uint32_t count = 0;

		for (const struct child_sa *o = sa->children; o; o = o->next)
			if (o != c && (live(o) || o->state == CHILD_CREATING) &&
			    same_pair(o, c) && o->cpu == cpu)
				count++;
		*total += count;
		if (count < best_count) {
			best = cpu;
			best_count = count;
		}
	}
	return best;
}

static bool has_fallback(const struct ikesa *sa, const struct child_sa *c)
{
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != c && live(o) && same_pair(o, c) &&
		    o->cpu == MSA_KCPU_NONE)
			return true;
	return false;
}

uint16_t pcpu_take_request(struct ikesa *sa, struct child_sa *c,
			   const struct ike_msg *m)
{
	const struct ike_notify *n = ike_msg_notify(m, IKE_N_SA_RESOURCE_INFO);
	uint32_t total;

	if (!pcpu_enabled(sa, c->cfg))
		return 0;
	if (!n) {
		if (!has_fallback(sa, c))	/* the peer does not do RFC 9611 */
			sa->peer_no_pcpu = true;
		return 0;
	}
	c->per_cpu = true;
	take_peer_resid(c, n);
	if (!has_fallback(sa, c))
		return 0;	/* this one is the fallback */
	c->cpu = least_loaded_cpu(sa, c, &total);
	if (total >= pcpu_cap(sa, c->cfg)) {
		isa_info(sa, "child %s: %u per-CPU SAs, the cap: TS_MAX_QUEUE",
			 c->cfg->name, total);
		return IKE_N_TS_MAX_QUEUE;
	}
	c->resid_len = PCPU_RESID_LEN;
	ike_crypto_random(c->resid, c->resid_len);
	return 0;
}

void pcpu_add_reply(struct ikesa *sa, struct child_sa *c, struct ike_buf *b)
{
	if (c->per_cpu)
		ike_build_notify_data(b, IKE_N_SA_RESOURCE_INFO, c->resid,
				      c->resid_len);
}

void pcpu_take_reply(struct ikesa *sa, struct child_sa *c,
		     const struct ike_msg *m)
{
	const struct ike_notify *n = ike_msg_notify(m, IKE_N_SA_RESOURCE_INFO);

	if (!pcpu_enabled(sa, c->cfg))
		return;
	if (!n) {
		isa_info(sa, "child %s: peer does not do per-CPU SAs (RFC 9611);"
			 " regular Child SAs only", c->cfg->name);
		sa->peer_no_pcpu = true;
		child_policies_update(sa, c->cfg);
		return;
	}
	c->per_cpu = true;
	take_peer_resid(c, n);
}

void pcpu_refused(struct ikesa *sa, struct child_sa *c, uint16_t err)
{
	if (err != IKE_N_TS_MAX_QUEUE)
		return;
	isa_warn(sa, "child %s: peer sent TS_MAX_QUEUE; no more per-CPU SAs "
		 "for this TS pair", c->cfg->name);
	sa->pcpu_stop |= stop_bit(sa, c->cfg);
	child_policies_update(sa, c->cfg);
}

/*
 * Fewer CPUs than the peer (RFC 9611 5): a second SA bound to one of our
 * CPUs is installed inbound only. Not so for the SA being replaced, nor
 * for the other new SA of a rekey collision (one of the two goes soon).
 */
bool pcpu_skip_out(const struct ikesa *sa, const struct child_sa *c)
{
	if (c->cpu == MSA_KCPU_NONE)
		return false;
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != c && o->id != c->rekey_of && o->installed &&
		    !o->out_skipped && !(c->rekey_of &&
					 o->rekey_of == c->rekey_of) &&
		    o->cpu == c->cpu && same_pair(o, c) &&
		    o->state == CHILD_INSTALLED)
			return true;
	return false;
}

static void serve_waits(struct ikesa *sa, const struct cfg_child *cfg);

/* A child of cfg on this CPU exists, is being negotiated or is queued. */
static bool cpu_covered(const struct ikesa *sa, const struct cfg_child *cfg,
			uint32_t cpu)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu == cpu &&
		    c->state != CHILD_REKEYED && c->state != CHILD_DELETING)
			return true;
	for (const struct task *t = sa->queue; t; t = t->next)
		if (t->kind == X_CHILD_CREATE && t->cfg == cfg && t->cpu == cpu)
			return true;
	return false;
}

static bool fallback_up(const struct ikesa *sa, const struct cfg_child *cfg)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu == MSA_KCPU_NONE && live(c))
			return true;
	return false;
}

/* Per-CPU SAs of cfg, live or being made: our own cap holds for the SAs
 * we ask for too. */
static uint32_t pcpu_count(const struct ikesa *sa, const struct cfg_child *cfg)
{
	uint32_t n = 0;

	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu != MSA_KCPU_NONE &&
		    (live(c) || c->state == CHILD_CREATING))
			n++;
	return n;
}

static void pcpu_queue(struct ikesa *sa, const struct cfg_child *cfg,
		       uint32_t cpu)
{
	struct task t = { .kind = X_CHILD_CREATE, .cfg = cfg, .cpu = cpu };

	isa_queue(sa, &t);
}

/* all-at-once: ask for every CPU of ours without an SA of cfg. */
static void pcpu_fill_cfg(struct ikesa *sa, const struct cfg_child *cfg)
{
	uint32_t n = pcpu_count(sa, cfg);

	for (uint32_t cpu = 0; cpu < sa->d->caps.ncpus; cpu++)
		if (!cpu_covered(sa, cfg, cpu) && n++ < pcpu_cap(sa, cfg))
			pcpu_queue(sa, cfg, cpu);
}

void pcpu_fill(struct ikesa *sa)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cpu == MSA_KCPU_NONE && c->per_cpu && live(c) &&
		    c->cfg->per_cpu_create == CFG_PCPU_ALL)
			pcpu_fill_cfg(sa, c->cfg);
	isa_run_queue(sa);
}

/*
 * After a fallback SA is up in all-at-once mode: its initiator asks for
 * one SA per CPU at once; a responder waits a moment first, so that when
 * both ends create all at once the peer's SAs already cover its CPUs.
 */
void pcpu_installed(struct ikesa *sa, struct child_sa *c)
{
	if (c->cpu == MSA_KCPU_NONE && !c->rekey_of)
		serve_waits(sa, c->cfg);
	if (c->cpu != MSA_KCPU_NONE && !pcpu_want_acquires(sa, c->cfg))
		child_policies_update(sa, c->cfg);	/* the cap: no more */
	if (c->cpu != MSA_KCPU_NONE || !c->per_cpu || c->rekey_of ||
	    c->cfg->per_cpu_create != CFG_PCPU_ALL)
		return;
	if (c->initiated)
		pcpu_fill_cfg(sa, c->cfg);
	else
		sa->pcpu_fill_ms = sa->d->now_ms + PCPU_FILL_DELAY_MS;
}

/* Too soon after the last acquire on this CPU? Records this one. */
static bool rate_limited(struct ikesa *sa, const struct cfg_child *cfg,
			 uint32_t cpu)
{
	uint64_t gap = cfg->per_cpu_acquire_ms ? cfg->per_cpu_acquire_ms :
						 PCPU_GAP_DEFAULT_MS;
	uint64_t now = sa->d->now_ms;

	if (!sa->pcpu_last_ms) {
		sa->pcpu_last_ms = calloc(sa->d->caps.ncpus, sizeof(uint64_t));
		if (!sa->pcpu_last_ms)
			return true;
	}
	if (sa->pcpu_last_ms[cpu] && now - sa->pcpu_last_ms[cpu] < gap)
		return true;
	sa->pcpu_last_ms[cpu] = now ? now : 1;
	return false;
}

/* An acquire that came before cfg's fallback SA was up: kept on the IKE SA
 * and served once the fallback is installed. The kernel holds a larval
 * state for that CPU meanwhile (xfrm_acq_expires, 30 s by default) and
 * sends no new acquire, so dropping this one would leave the CPU without
 * an SA, its packets dropped, until the larval state expires. */
static void pcpu_wait(struct ikesa *sa, const struct cfg_child *cfg,
		      uint32_t cpu)
{
	struct pcpu_wait *w;
	uint32_t n = 0;

	for (w = sa->pcpu_waits; w; w = w->next, n++)
		if (w->cfg == cfg && w->cpu == cpu)
			return;
	if (n >= 2 * sa->d->caps.ncpus)
		return;
	w = malloc(sizeof(*w));
	if (!w)
		return;
	*w = (struct pcpu_wait){ sa->pcpu_waits, cfg, cpu };
	sa->pcpu_waits = w;
}

/* Queue cfg's SA for cpu on sa if it is wanted now; run the queue if
 * run (not while an exchange of ours may still be unanswered). */
static void acquire_on(struct ikesa *sa, const struct cfg_child *cfg,
		       uint32_t cpu, bool run)
{
	if (sa->state != ISA_ESTABLISHED || !fallback_up(sa, cfg)) {
		pcpu_wait(sa, cfg, cpu);
		return;
	}
	if (!pcpu_want_acquires(sa, cfg) || cpu_covered(sa, cfg, cpu) ||
	    rate_limited(sa, cfg, cpu))
		return;
	isa_info(sa, "child %s: traffic on CPU %u, negotiating its SA",
		 cfg->name, cpu);
	pcpu_queue(sa, cfg, cpu);
	if (run)
		isa_run_queue(sa);
}

void pcpu_acquire(struct ike_daemon *d, const struct cfg_conn *conn,
		  const struct cfg_child *cfg, uint32_t cpu)
{
	struct ikesa *sa = conn_ike_sa(d, conn);

	if (!sa || sa->state != ISA_ESTABLISHED || !fallback_up(sa, cfg)) {
		ike_daemon_up_child(d, conn, cfg);	/* the fallback first */
		sa = conn_ike_sa(d, conn);
	}
	if (sa && cpu < d->caps.ncpus)
		acquire_on(sa, cfg, cpu, true);
}

/* cfg's fallback is installed: queue the waiting acquires of cfg, in the
 * order they came. Only queued: this runs inside the exchange that
 * installed the fallback, maybe before our response to it is sent; the
 * daemon's next tick runs the queue. Waits of a fallback that never comes
 * go with the IKE SA (at most 2 x CPUs of them). */
static void serve_waits(struct ikesa *sa, const struct cfg_child *cfg)
{
	struct pcpu_wait **pp = &sa->pcpu_waits, *w, *mine = NULL;

	while ((w = *pp)) {
		if (w->cfg != cfg) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		w->next = mine;	/* the list is newest first: reverse it */
		mine = w;
	}
	while ((w = mine)) {
		mine = w->next;
		if (fallback_up(sa, cfg))
			acquire_on(sa, cfg, w->cpu, false);
		free(w);
	}
}

void pcpu_free_waits(struct ikesa *sa)
{
	for (struct pcpu_wait *w = sa->pcpu_waits, *n; w; w = n) {
		n = w->next;
		free(w);
	}
	sa->pcpu_waits = NULL;
}

bool pcpu_want_acquires(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return pcpu_enabled(sa, cfg) && !(sa->pcpu_stop & stop_bit(sa, cfg)) &&
	       pcpu_count(sa, cfg) < pcpu_cap(sa, cfg);
}
