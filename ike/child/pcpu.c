// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 per-resource Child SAs, the events: a per-CPU acquire from the
 * kernel (rate limited per CPU; kept until the fallback is up), the
 * all-at-once fill after the fallback, the peer's answer or TS_MAX_QUEUE,
 * and a child just installed. They queue CHILD_CREATE tasks (core/ runs
 * them) and keep the CPU_ACQUIRE flag of the policies in step with
 * pcpu_want_acquires() (pcpu_policy.c decides).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/ike.h"
#include "state/task.h"
#include "state/timer.h"
#include "child_kernel.h"
#include "pcpu_bind.h"
#include "pcpu_msg.h"
#include "pcpu.h"
#include "pcpu_policy.h"


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
	pcpu_take_peer_resid(c, n);
	if (sa->peer_multisa)
		pcpu_take_crossed(c, m);
}

void pcpu_refused(struct ikesa *sa, struct child_sa *c, uint16_t err)
{
	if (err != IKE_N_TS_MAX_QUEUE)
		return;
	sa->d->st.tsmq_recv++;
	isa_warn(sa, "child %s: peer sent TS_MAX_QUEUE; no more per-CPU SAs "
		 "for this TS pair", c->cfg->name);
	sa->pcpu_stop |= pcpu_stop_bit(sa, c->cfg);
	child_policies_update(sa, c->cfg);
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

	if (sa->pcpu_stop & pcpu_stop_bit(sa, cfg))
		return;		/* TS_MAX_QUEUE: the peer wants no more */
	for (uint32_t cpu = 0; cpu < sa->d->caps.ncpus; cpu++)
		if (pcpu_cpu_usable(sa, cfg, cpu) &&
		    !pcpu_cpu_covered(sa, cfg, cpu) && n++ < pcpu_cap(sa, cfg))
			pcpu_queue(sa, cfg, cpu);
}

void pcpu_fill(struct ikesa *sa)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cpu == MSA_KCPU_NONE && c->per_cpu && pcpu_live(c) &&
		    pcpu_all_at_once(c->cfg))
			pcpu_fill_cfg(sa, c->cfg);
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

void pcpu_acquire(struct ikesa *sa, const struct cfg_child *cfg, uint32_t cpu)
{
	const char *why = NULL;

	if (sa->state != ISA_ESTABLISHED || !pcpu_fallback_up(sa, cfg)) {
		isa_debug(sa, "child %s: acquire for CPU %u waits for the "
			  "fallback", cfg->name, cpu);
		pcpu_wait(sa, cfg, cpu);
		return;
	}
	if (!cfg_cpu_in(cfg, cpu))
		why = "not in per_cpu_cpus: the fallback serves it";
	else if (!pcpu_may_create(sa, cfg))
		why = "no more per-CPU SAs (cap, TS_MAX_QUEUE or peer)";
	else if (pcpu_cpu_covered(sa, cfg, cpu))
		why = "covered";
	else if (!ike_cpu_online(sa->d, cpu))
		why = "offline";
	else if (rate_limited(sa, cfg, cpu))
		why = "within the acquire gap";
	if (why) {
		isa_debug(sa, "child %s: acquire for CPU %u: %s", cfg->name,
			  cpu, why);
		return;
	}
	isa_info(sa, "child %s: traffic on CPU %u, negotiating its SA",
		 cfg->name, cpu);
	pcpu_queue(sa, cfg, cpu);
}

/* cfg's fallback is installed: queue the waiting acquires of cfg, in the
 * order they came. Only queued: this runs inside the exchange that
 * installed the fallback, maybe before our response to it is sent; the
 * core runs the queue when the event is over. Waits of a fallback that
 * never comes go with the IKE SA (at most 2 x CPUs of them). */
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
		if (pcpu_fallback_up(sa, cfg))
			pcpu_acquire(sa, cfg, w->cpu);
		free(w);
	}
}

/*
 * After a fallback SA is up in all-at-once mode: its initiator asks for
 * one SA per CPU at once; a responder waits a moment first, so that when
 * both ends create all at once the peer's SAs already cover its CPUs.
 */
/* A crossing settled (pcpu_bind.c): the initiator of the redundant SA
 * deletes it; the peer names the same one and waits for our Delete. */
static void settle_crossing(struct ikesa *sa, struct child_sa *c)
{
	struct child_sa *r = pcpu_redundant(sa, c);
	char where[24] = "the fallback";

	if (!r && (r = pcpu_one_sided(sa, c))) {
		/* on the peer's word alone: a peer that keeps saying so would
		 * have us delete and ask again for ever */
		if (sa->one_sided >= 2 * sa->d->caps.ncpus) {
			isa_info(sa, "child %s: the peer claims crossings we did "
				 "not see once too often: {%llu} stays",
				 r->cfg->name, (unsigned long long)r->id);
			return;
		}
		sa->one_sided++;
		r->leaving = true;
		isa_info(sa, "child %s: {%llu} on CPU %u shares a CPU of the "
			 "peer with an SA of its own (a crossing only it saw): "
			 "deleting it", r->cfg->name, (unsigned long long)r->id,
			 r->cpu);
		isa_queue_once(sa, X_DELETE_CHILD, r->id);
		return;
	}
	if (!r)
		return;
	r->leaving = true;	/* both ends know it goes */
	if (!r->initiated)
		return;
	if (r->cpu != MSA_KCPU_NONE)
		snprintf(where, sizeof(where), "CPU %u", r->cpu);
	isa_info(sa, "child %s: {%llu} on %s is redundant (crossed, the lower "
		 "nonce): deleting it", r->cfg->name,
		 (unsigned long long)r->id, where);
	isa_queue_once(sa, X_DELETE_CHILD, r->id);
}

static void pcpu_installed(struct ikesa *sa, struct child_sa *c)
{
	if (c->cpu != MSA_KCPU_NONE && !pcpu_cpu_usable(sa, c->cfg, c->cpu)) {
		/* negotiated while its CPU went offline (cpu.c) */
		isa_info(sa, "child %s{%llu}: its CPU %u is offline: deleting "
			 "it", c->cfg->name, (unsigned long long)c->id, c->cpu);
		child_steer_any(sa, c);
		isa_queue_once(sa, X_DELETE_CHILD, c->id);
		return;
	}
	if (c->cpu == MSA_KCPU_NONE && !c->rekey_of)
		serve_waits(sa, c->cfg);
	settle_crossing(sa, c);
	if (c->cpu != MSA_KCPU_NONE && !c->cfg->per_cpu_cpus_set &&
	    !pcpu_want_acquires(sa, c->cfg))
		child_policies_update(sa, c->cfg);	/* the cap: no more */
	if (c->cpu != MSA_KCPU_NONE || !c->per_cpu || c->rekey_of ||
	    !pcpu_all_at_once(c->cfg))
		return;
	if (c->initiated)
		pcpu_fill_cfg(sa, c->cfg);
	else
		sa->pcpu_fill_ms = sa->d->now_ms + PCPU_FILL_DELAY_MS;
	isa_rearm(sa);
}

int pcpu_install(struct ikesa *sa, struct child_sa *c,
		 const struct ike_secret *gir, const struct ike_span *ni,
		 const struct ike_span *nr)
{
	int rc = child_install(sa, c, gir, ni, nr);

	if (!rc)
		pcpu_installed(sa, c);
	return rc;
}
