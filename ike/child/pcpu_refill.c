// SPDX-License-Identifier: GPL-2.0-or-later
/* RFC 9611 per-CPU SAs with per_cpu_cpus: looking for a lost one again
 * (pcpu.h). Called from child_remove(); calls only the state layer. */
#include "state/ike.h"
#include "state/timer.h"
#include "pcpu.h"

/*
 * A per-CPU SA of a cfg with per_cpu_cpus went (the peer deleted it, it
 * expired, a rekey failed): no acquire brings it back (the flag is off),
 * so the fill looks again after the acquire gap, the IKE SA's responder a
 * moment later than its initiator so that both do not ask at once. A CPU
 * still covered (a rekey's new SA, the other of a crossing) is skipped.
 */
void pcpu_removed(struct ikesa *sa, const struct child_sa *c)
{
	uint64_t at = sa->d->now_ms + (c->cfg->per_cpu_acquire_ms ?
					c->cfg->per_cpu_acquire_ms :
					PCPU_GAP_DEFAULT_MS);

	if (c->cpu == MSA_KCPU_NONE || !c->cfg->per_cpu_cpus_set ||
	    sa->state != ISA_ESTABLISHED || sa->d->stopping)
		return;
	if (!sa->initiator)
		at += PCPU_FILL_DELAY_MS;
	if (!sa->pcpu_fill_ms || sa->pcpu_fill_ms > at)
		sa->pcpu_fill_ms = at;
	isa_rearm(sa);
}

