/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 9611 per-CPU Child SAs: the events (pcpu.c). */
#ifndef IKE_CHILD_PCPU_H
#define IKE_CHILD_PCPU_H

#include "state/sa.h"

/* A per-CPU acquire of cfg for cpu on sa: queues its SA if wanted now,
 * keeps it until cfg's fallback is up (at most 2 x CPUs kept). */
void pcpu_acquire(struct ikesa *sa, const struct cfg_child *cfg, uint32_t cpu);
/* Initiator: the responder's answer (SA_RESOURCE_INFO or not). */
void pcpu_take_reply(struct ikesa *sa, struct child_sa *c,
		     const struct ike_msg *m);
/* Initiator: the request for c was refused with err (TS_MAX_QUEUE). */
void pcpu_refused(struct ikesa *sa, struct child_sa *c, uint16_t err);
/* All-at-once: queue the per-CPU SAs missing for each fallback. */
void pcpu_fill(struct ikesa *sa);
#define PCPU_GAP_DEFAULT_MS 1000	/* per_cpu_acquire_gap 0 */
#define PCPU_FILL_DELAY_MS 2000		/* a responder's fill waits */

/* pcpu_refill.c: a per-CPU child c is being removed: with per_cpu_cpus,
 * look for its CPU again after the acquire gap (no kernel acquire will). */
void pcpu_removed(struct ikesa *sa, const struct child_sa *c);
/* child_install(), then what an installed child means for the others:
 * waiting acquires served, all-at-once fill, CPU_ACQUIRE off at the cap. */
int pcpu_install(struct ikesa *sa, struct child_sa *c,
		 const struct ike_secret *gir, const struct ike_span *ni,
		 const struct ike_span *nr);

#endif /* IKE_CHILD_PCPU_H */
