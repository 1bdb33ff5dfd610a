// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 per-resource Child SAs, the decisions: whether a child does
 * per-CPU SAs with this peer, how many it may have (the cap), which CPU a
 * responder binds an additional SA to, whether a CPU is covered, and the
 * SA_RESOURCE_INFO notifies of a request and a response. Only reads the
 * IKE SA's state and writes the child being negotiated; the events that
 * act on these decisions are pcpu.c's.
 *
 *  - initiator: SA_RESOURCE_INFO in each request of a per-CPU child;
 *  - responder: a request with SA_RESOURCE_INFO while the fallback is up
 *    is an additional SA, bound to our CPU with the fewest SAs of that
 *    TS pair; beyond the cap, TS_MAX_QUEUE (never NO_ADDITIONAL_SAS);
 *  - a peer that does not answer with SA_RESOURCE_INFO gets regular SAs;
 *  - resource ids are random octets, never the CPU number; received ones
 *    are only logged.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "crypto/crypto.h"
#include "state/ike.h"
#include "state/task.h"
#include "ts/ts.h"
#include "pcpu_policy.h"

#define PCPU_RESID_LEN 4

bool pcpu_enabled(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return cfg->per_cpu_sas != CFG_PCPU_NO && sa->d->caps.pcpu &&
	       !sa->peer_no_pcpu;
}

uint32_t pcpu_cap(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return cfg->per_cpu_max ? cfg->per_cpu_max : 2 * sa->d->caps.ncpus;
}

/* TS_MAX_QUEUE came for cfg: its bit in sa->pcpu_stop (by reqid). */
uint64_t pcpu_stop_bit(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return 1ull << (cfg_child_reqid(sa->d->cfg, cfg) % 64);
}

/* Live children of cfg with the same selectors as c (c excluded). */
static bool same_pair(const struct child_sa *a, const struct child_sa *b)
{
	return a->cfg == b->cfg && ts_set_equal(&a->ts_l, &b->ts_l) &&
	       ts_set_equal(&a->ts_r, &b->ts_r);
}

bool pcpu_live(const struct child_sa *c)
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

void pcpu_take_peer_resid(struct child_sa *c, const struct ike_notify *n)
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
			if (o != c && (pcpu_live(o) || o->state == CHILD_CREATING) &&
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
		if (o != c && pcpu_live(o) && same_pair(o, c) &&
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
	pcpu_take_peer_resid(c, n);
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

/* A child of cfg on this CPU exists, is being negotiated or is queued. */
bool pcpu_cpu_covered(const struct ikesa *sa, const struct cfg_child *cfg,
			uint32_t cpu)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu == cpu &&
		    c->state != CHILD_REKEYED && c->state != CHILD_DELETING)
			return true;
	return isa_create_queued(sa, cfg, cpu);
}

bool pcpu_fallback_up(const struct ikesa *sa, const struct cfg_child *cfg)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu == MSA_KCPU_NONE && pcpu_live(c))
			return true;
	return false;
}

/* Per-CPU SAs of cfg, live or being made: our own cap holds for the SAs
 * we ask for too. */
uint32_t pcpu_count(const struct ikesa *sa, const struct cfg_child *cfg)
{
	uint32_t n = 0;

	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu != MSA_KCPU_NONE &&
		    (pcpu_live(c) || c->state == CHILD_CREATING))
			n++;
	return n;
}

bool pcpu_want_acquires(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return pcpu_enabled(sa, cfg) && !(sa->pcpu_stop & pcpu_stop_bit(sa, cfg)) &&
	       pcpu_count(sa, cfg) < pcpu_cap(sa, cfg);
}

