// SPDX-License-Identifier: GPL-2.0-or-later
/* RFC 9611 per-CPU SAs made all at once (per_cpu_create = "all", or a
 * per_cpu_cpus list): looking for a lost one again (pcpu.h). Called from
 * child_remove(); calls only the state layer and the policy. */
#include "state/ike.h"
#include "state/timer.h"
#include "pcpu.h"
#include "pcpu_policy.h"

/*
 * A per-CPU SA of a cfg made all at once went (the peer deleted it, it
 * expired, a rekey failed, the redundant one of a crossing): no traffic
 * may come to ask for it again (and with per_cpu_cpus no acquire: the
 * flag is off), so the fill looks again after the acquire gap, the IKE
 * SA's responder a moment later than its initiator so that both do not
 * ask at once. A CPU
 * still covered (a rekey's new SA, the other of a crossing) is skipped.
 */
void pcpu_removed(struct ikesa *sa, const struct child_sa *c)
{
	uint64_t at = sa->d->now_ms + (c->cfg->per_cpu_acquire_ms ?
					c->cfg->per_cpu_acquire_ms :
					PCPU_GAP_DEFAULT_MS);

	if (c->cpu == MSA_KCPU_NONE || !pcpu_all_at_once(c->cfg) ||
	    sa->state != ISA_ESTABLISHED || sa->d->stopping)
		return;
	if (!sa->initiator)
		at += PCPU_FILL_DELAY_MS;
	if (!sa->pcpu_fill_ms || sa->pcpu_fill_ms > at)
		sa->pcpu_fill_ms = at;
	isa_rearm(sa);
}

