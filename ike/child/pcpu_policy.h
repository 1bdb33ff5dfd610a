/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 9611 per-CPU Child SAs: the decisions (pcpu_policy.c). */
#ifndef IKE_CHILD_PCPU_POLICY_H
#define IKE_CHILD_PCPU_POLICY_H

#include "codec/build.h"
#include "state/sa.h"

/* Per-CPU SAs for cfg with this peer: configured, kernel, peer. */
bool pcpu_enabled(const struct ikesa *sa, const struct cfg_child *cfg);
/* The most per-CPU SAs of cfg (per_cpu_max, default 2 x CPUs). */
uint32_t pcpu_cap(const struct ikesa *sa, const struct cfg_child *cfg);
/* cfg's bit in sa->pcpu_stop (TS_MAX_QUEUE came). */
uint64_t pcpu_stop_bit(const struct ikesa *sa, const struct cfg_child *cfg);
/* Installed or being rekeyed. */
bool pcpu_live(const struct child_sa *c);
/* A child of cfg on this CPU exists, is being negotiated or is queued. */
bool pcpu_cpu_covered(const struct ikesa *sa, const struct cfg_child *cfg,
		      uint32_t cpu);
/* cfg's fallback (no CPU) is live. */
bool pcpu_fallback_up(const struct ikesa *sa, const struct cfg_child *cfg);
/* Per-CPU SAs of cfg, live or being made. */
uint32_t pcpu_count(const struct ikesa *sa, const struct cfg_child *cfg);
/* Would we answer a per-CPU acquire for cfg now (CPU_ACQUIRE policy)? */
bool pcpu_want_acquires(const struct ikesa *sa, const struct cfg_child *cfg);
/* Skip the outbound SA of c (another of this CPU has one)? */
bool pcpu_skip_out(const struct ikesa *sa, const struct child_sa *c);

/* Initiator: N(SA_RESOURCE_INFO) when the child wants per-CPU SAs. */
int pcpu_add_request(struct ikesa *sa, struct child_sa *c, struct ike_buf *b);
/* Responder, new child: per-CPU or not, and its CPU; 0 or TS_MAX_QUEUE. */
uint16_t pcpu_take_request(struct ikesa *sa, struct child_sa *c,
			   const struct ike_msg *m);
void pcpu_add_reply(struct ikesa *sa, struct child_sa *c, struct ike_buf *b);
/* Keep (for logs) the resource id the peer sent. */
void pcpu_take_peer_resid(struct child_sa *c, const struct ike_notify *n);

#endif /* IKE_CHILD_PCPU_POLICY_H */
