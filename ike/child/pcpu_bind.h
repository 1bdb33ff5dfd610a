/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 9611: the CPU a responder binds an additional SA to, and crossed
 * creations resolved alike on both ends (pcpu_bind.c). */
#ifndef IKE_CHILD_PCPU_BIND_H
#define IKE_CHILD_PCPU_BIND_H

#include "state/sa.h"

/* The CPU of the peer's additional SA c (c->peer_resid taken); may take a
 * queued request of ours off the queue, may mark c crossed. */
uint32_t pcpu_bind(struct ikesa *sa, struct child_sa *c);
/* The peer's fallback request c: if it crossed ours (rule 1), marked. */
void pcpu_bind_fallback(struct ikesa *sa, struct child_sa *c);
/* c was just installed: the redundant SA of a crossing it is part of (both
 * installed), or NULL. Both ends name the same one. */
struct child_sa *pcpu_redundant(const struct ikesa *sa, struct child_sa *c);
/* mine (ours, just installed) if the peer put it on one CPU with an SA of
 * its own that we bound without seeing the crossing: ours to delete. */
struct child_sa *pcpu_one_sided(const struct ikesa *sa, struct child_sa *mine);

#endif /* IKE_CHILD_PCPU_BIND_H */
