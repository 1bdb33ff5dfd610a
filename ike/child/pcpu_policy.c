// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 per-resource Child SAs: what the state says. A TS pair is one
 * configured child (cfg): its fallback, its per-CPU SAs, the cap and the
 * CPUs' loads are all counted per cfg, whatever the selectors each SA was
 * narrowed to (a packet selector inside the configured one, another flow
 * of the same child: still the same pair). Only reads the IKE SA's state;
 * pcpu_bind.c chooses CPUs, pcpu_msg.c speaks the notifies, pcpu.c acts.
 */
#include "state/ike.h"
#include "state/task.h"
#include "pcpu_policy.h"

bool pcpu_enabled(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return cfg->per_cpu_sas != CFG_PCPU_NO && sa->d->caps.pcpu &&
	       !sa->peer_no_pcpu;
}

bool pcpu_cpu_usable(const struct ikesa *sa, const struct cfg_child *cfg,
		     uint32_t cpu)
{
	return ike_cpu_online(sa->d, cpu) && cfg_cpu_in(cfg, cpu);
}

uint32_t pcpu_ncpus(const struct ikesa *sa, const struct cfg_child *cfg)
{
	uint32_t n = 0;

	if (!cfg->per_cpu_cpus_set)
		return sa->d->caps.ncpus;
	for (uint32_t cpu = 0; cpu < sa->d->caps.ncpus; cpu++)
		n += cfg_cpu_in(cfg, cpu);
	return n;
}

uint32_t pcpu_cap(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return cfg->per_cpu_max ? cfg->per_cpu_max : 2 * pcpu_ncpus(sa, cfg);
}

/* TS_MAX_QUEUE came for cfg: its bit in sa->pcpu_stop (by reqid). */
uint64_t pcpu_stop_bit(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return 1ull << (cfg->reqid % 64);
}

bool pcpu_live(const struct child_sa *c)
{
	return c->state == CHILD_INSTALLED || c->state == CHILD_REKEYING;
}

/* Live or being negotiated (either direction): counts for caps, loads. */
static bool pcpu_held(const struct child_sa *c)
{
	return !c->leaving && (pcpu_live(c) || c->state == CHILD_CREATING);
}

bool pcpu_has_fallback(const struct ikesa *sa, const struct child_sa *me,
		       const struct cfg_child *cfg)
{
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != me && o->cfg == cfg && o->cpu == MSA_KCPU_NONE &&
		    pcpu_live(o))
			return true;
	return false;
}

uint32_t pcpu_cpu_load(const struct ikesa *sa, const struct child_sa *me,
		       const struct cfg_child *cfg, uint32_t cpu)
{
	uint32_t n = 0;

	for (const struct child_sa *o = sa->children; o; o = o->next)
		n += o != me && o->cfg == cfg && o->cpu == cpu && pcpu_held(o);
	return n + isa_create_queued(sa, cfg, cpu);
}

/*
 * Fewer CPUs than the peer (RFC 9611 5): a second SA bound to one of our
 * CPUs is installed inbound only. Not so for the SA being replaced, nor
 * for the other new SA of a rekey collision or of a crossing (one of the
 * two goes soon, and the one that stays must send).
 */
bool pcpu_skip_out(const struct ikesa *sa, const struct child_sa *c)
{
	if (c->cpu == MSA_KCPU_NONE)
		return false;
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != c && o->id != c->rekey_of && o->installed &&
		    !o->out_skipped && !(c->rekey_of &&
					 o->rekey_of == c->rekey_of) &&
		    o->id != c->crossed_with && c->id != o->crossed_with &&
		    o->cpu == c->cpu && o->cfg == c->cfg &&
		    o->state == CHILD_INSTALLED)
			return true;
	return false;
}

bool pcpu_cpu_covered(const struct ikesa *sa, const struct cfg_child *cfg,
		      uint32_t cpu)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu == cpu && pcpu_held(c))
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

uint32_t pcpu_count(const struct ikesa *sa, const struct cfg_child *cfg)
{
	uint32_t n = 0;

	for (const struct child_sa *c = sa->children; c; c = c->next)
		n += c->cfg == cfg && c->cpu != MSA_KCPU_NONE && pcpu_held(c);
	return n + isa_pcpu_creates_queued(sa, cfg);
}

bool pcpu_all_at_once(const struct cfg_child *cfg)
{
	return cfg->per_cpu_create == CFG_PCPU_ALL || cfg->per_cpu_cpus_set;
}

/* Not with per_cpu_cpus: the kernel's per-CPU acquires cannot be limited
 * to some CPUs, and one left unanswered holds a larval state that stalls
 * that CPU's traffic (and the policy's other acquires) until it expires;
 * without them, a CPU with no SA of its own simply uses the fallback. */
bool pcpu_may_create(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return pcpu_enabled(sa, cfg) &&
	       !(sa->pcpu_stop & pcpu_stop_bit(sa, cfg)) &&
	       pcpu_count(sa, cfg) < pcpu_cap(sa, cfg);
}

bool pcpu_want_acquires(const struct ikesa *sa, const struct cfg_child *cfg)
{
	return !cfg->per_cpu_cpus_set && pcpu_may_create(sa, cfg);
}
