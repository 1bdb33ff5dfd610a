// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 5 says a responder binds an additional SA to its CPU with the
 * fewest SAs of the TS pair. Alone, that rule lets simultaneous creations
 * cross CPUs (each end's request lands on the other's least loaded CPU
 * while its own is in flight) and ties pile up on CPU 0. The responder's
 * choice here, in order:
 *
 *  -. the peer said it crossed a request of ours with this one (rule 1
 *     below, seen from the other end): the CPU of ours;
 *  0. the peer's resource already has a live SA with us: the same CPU
 *     (the peer sends one resource's traffic on one SA; the SA it will not
 *     use must not be what covers one of our CPUs);
 *  1. with a multisad peer (its Vendor ID), the CPU of our own request in
 *     flight: the two exchanges crossed on the wire. Each end binds the
 *     other's SA to its own in-flight CPU, so both SAs join the same two
 *     CPUs; when both are installed, the one whose exchange had the lower
 *     nonce is redundant (as RFC 7296 2.8.1 settles crossed rekeys) and its
 *     initiator deletes it. Both ends compute the same SA. Each end tells
 *     the other it applied the rule (MULTISA_CROSSED in its response, with
 *     the SPI of its own request); a crossing only one end saw (a lost or
 *     late message) deletes nothing, unless the peer's word tells the
 *     other end when the late request comes (rule "-" above). A request crossed once is not
 *     crossed again: under load, a second request of the peer can come
 *     while ours is still in flight, and it goes by rules 2-3. This
 *     comes before rule 2: both ends see a crossing, but not the same
 *     queues;
 *  2. a CPU we were about to ask an SA for (a queued CHILD_CREATE): that
 *     CPU, and our request is dropped - the peer's SA covers it;
 *  3. the least loaded CPU, counting live SAs, SAs being negotiated in
 *     both directions and queued requests; the lowest of equals.
 *
 * A peer that does not follow rule 1 (strongSwan) never gets it: its
 * crossings land by rules 2-3 on a CPU that has nothing yet, and nothing is
 * deleted. See docs/ike.md.
 */
#include <string.h>

#include "codec/nonce.h"
#include "state/ike.h"
#include "state/task.h"
#include "state/timer.h"
#include "pcpu.h"
#include "pcpu_bind.h"
#include "pcpu_policy.h"

/* Rule 0: a live per-CPU SA of the same peer resource. */
static const struct child_sa *same_resource(const struct ikesa *sa,
					    const struct child_sa *c)
{
	if (!c->peer_resid_len)
		return NULL;
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != c && o->cfg == c->cfg && o->cpu != MSA_KCPU_NONE &&
		    pcpu_live(o) && pcpu_cpu_usable(sa, c->cfg, o->cpu) &&
		    o->peer_resid_len == c->peer_resid_len &&
		    !memcmp(o->peer_resid, c->peer_resid, c->peer_resid_len))
			return o;
	return NULL;
}

/* Rule 2: the first CPU with a queued request of ours and nothing else. */
static bool take_queued(struct ikesa *sa, const struct child_sa *c,
			uint32_t *cpu)
{
	for (const struct task *t = sa->queue; t; t = t->next) {
		uint32_t x = t->cpu;

		if (t->kind != X_CHILD_CREATE || t->cfg != c->cfg ||
		    x == MSA_KCPU_NONE || !pcpu_cpu_usable(sa, c->cfg, x) ||
		    pcpu_cpu_load(sa, c, c->cfg, x) != 1)
			continue;
		isa_unqueue_create(sa, c->cfg, x);	/* frees t */
		*cpu = x;
		return true;
	}
	return false;
}

/* A request of ours already crossed by one of the peer's: a second can
 * not be its crossing (the peer sees one at most, with its own request in
 * flight), so rule 1 is not for it. */
static bool crossed_already(const struct ikesa *sa, const struct child_sa *o,
			    const struct child_sa *c)
{
	for (const struct child_sa *x = sa->children; x; x = x->next)
		if (x != c && x->crossed_with == o->id)
			return true;
	return false;
}

/* Rule 1: our own request of the same child (per-CPU, or the fallback:
 * cpu), in flight, not crossed yet. */
static const struct child_sa *in_flight(const struct ikesa *sa,
					const struct child_sa *c, bool pcpu)
{
	const struct child_sa *o = sa->x.child;

	if (!sa->peer_multisa || sa->x.kind != X_CHILD_CREATE || !o ||
	    o->cfg != c->cfg || (o->cpu != MSA_KCPU_NONE) != pcpu ||
	    (pcpu && !pcpu_cpu_usable(sa, c->cfg, o->cpu)) ||
	    crossed_already(sa, o, c))
		return NULL;
	return o;
}

/*
 * Rule 1 from the peer's side: it said (MULTISA_CROSSED in its answer to a
 * request of ours) that it bound ours to the CPU of a request of its own,
 * and this is that request, reaching us only now (held back, lost, or left
 * unanswered while we were not up yet). It joins the CPU of ours, and the
 * pair is a crossing both ends saw: the redundant one goes.
 */
static const struct child_sa *peer_crossed(const struct ikesa *sa,
					   const struct child_sa *c)
{
	if (!sa->peer_multisa || !c->spi_out)
		return NULL;
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != c && o->cfg == c->cfg && o->initiated &&
		    o->cpu != MSA_KCPU_NONE &&
		    o->peer_crossed_spi == c->spi_out &&
		    pcpu_cpu_usable(sa, c->cfg, o->cpu) &&
		    !crossed_already(sa, o, c))
			return o;
	return NULL;
}

/* Rule 3, among the usable CPUs (the caller made sure there is one). */
static uint32_t least_loaded(const struct ikesa *sa, const struct child_sa *c)
{
	uint32_t n = sa->d->caps.ncpus ? sa->d->caps.ncpus : 1;
	uint32_t best = 0, best_load = UINT32_MAX;

	for (uint32_t cpu = 0; cpu < n; cpu++) {
		uint32_t load = pcpu_cpu_load(sa, c, c->cfg, cpu);

		if (load < best_load && pcpu_cpu_usable(sa, c->cfg, cpu)) {
			best = cpu;
			best_load = load;
		}
	}
	return best;
}

/* Our fill (all-at-once responder, per_cpu_cpus refill) waits while the
 * peer is still creating: each of its requests moves it PCPU_FILL_DELAY_MS
 * on, so under load (the peer's requests seconds apart) ours do not start
 * in the middle of its set and cross it. */
static void postpone_fill(struct ikesa *sa)
{
	uint64_t at = sa->d->now_ms + PCPU_FILL_DELAY_MS;

	if (sa->pcpu_fill_ms && sa->pcpu_fill_ms < at) {
		sa->pcpu_fill_ms = at;
		isa_rearm(sa);
	}
}

uint32_t pcpu_bind(struct ikesa *sa, struct child_sa *c)
{
	const struct child_sa *o;
	uint32_t cpu;

	postpone_fill(sa);
	o = peer_crossed(sa, c);
	if (o) {
		c->crossed_with = o->id;
		isa_info(sa, "child %s: the peer crossed our request for CPU "
			 "%u with this one: same CPU, the redundant one goes",
			 c->cfg->name, o->cpu);
		return o->cpu;
	}
	o = same_resource(sa, c);
	if (o) {
		isa_debug(sa, "child %s: the peer's resource has {%llu}: same "
			  "CPU", c->cfg->name, (unsigned long long)o->id);
		return o->cpu;
	}
	o = in_flight(sa, c, true);
	if (o) {
		c->crossed_with = o->id;
		isa_info(sa, "child %s: crossed our request for CPU %u: same "
			 "CPU, the redundant one goes", c->cfg->name, o->cpu);
		return o->cpu;
	}
	if (take_queued(sa, c, &cpu)) {
		isa_debug(sa, "child %s: the peer's SA takes our queued CPU %u",
			  c->cfg->name, cpu);
		return cpu;
	}
	return least_loaded(sa, c);
}

void pcpu_bind_fallback(struct ikesa *sa, struct child_sa *c)
{
	const struct child_sa *o = in_flight(sa, c, false);

	if (o) {
		c->crossed_with = o->id;
		isa_info(sa, "child %s: crossed our request for the fallback: "
			 "the redundant one goes", c->cfg->name);
	}
}

/*
 * A crossing both ends applied rule 1 to: we bound theirs to the CPU of
 * mine, and the peer said (MULTISA_CROSSED, with the SPI of theirs) that it
 * bound mine to the CPU of theirs. A crossing one end alone saw (a lost or
 * late message) is no crossing: both SAs stay.
 */
static bool mutual(const struct child_sa *mine, const struct child_sa *theirs)
{
	return theirs->crossed_with == mine->id && mine->peer_crossed_spi &&
	       mine->peer_crossed_spi == theirs->spi_out;
}

struct child_sa *pcpu_redundant(const struct ikesa *sa, struct child_sa *c)
{
	for (struct child_sa *o = sa->children; o; o = o->next) {
		if (o == c || !(mutual(c, o) || mutual(o, c)))
			continue;
		if (o->state != CHILD_INSTALLED ||
		    c->state != CHILD_INSTALLED || o->cpu != c->cpu)
			return NULL;
		return nonce_cmp(o->nonce_min, o->nonce_min_len, c->nonce_min,
				 c->nonce_min_len) < 0 ? o : c;
	}
	return NULL;
}

/*
 * The peer says (MULTISA_CROSSED in its answer to mine) that it put mine
 * on the CPU of a request of its own, theirs, which we had bound without
 * seeing a crossing (we answered it before we asked: its answer was lost
 * on the way back, and the peer resent it while ours was on its way).
 * The peer has both on one CPU and, not seeing our word, keeps both; one
 * of its CPUs may have none. We delete mine: the peer's CPU then has one,
 * and its next request for the other CPU finds one of ours free.
 */
struct child_sa *pcpu_one_sided(const struct ikesa *sa, struct child_sa *mine)
{
	if (!mine->initiated || !mine->peer_crossed_spi ||
	    mine->cpu == MSA_KCPU_NONE || mine->state != CHILD_INSTALLED)
		return NULL;
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != mine && o->cfg == mine->cfg && !o->initiated &&
		    o->spi_out == mine->peer_crossed_spi &&
		    !o->crossed_with &&
		    o->state == CHILD_INSTALLED && o->cpu != MSA_KCPU_NONE)
			return mine;
	return NULL;
}
