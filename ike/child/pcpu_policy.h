/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 9611 per-CPU Child SAs: what the state says (pcpu_policy.c). All
 * counts are per configured child cfg (one TS pair). */
#ifndef IKE_CHILD_PCPU_POLICY_H
#define IKE_CHILD_PCPU_POLICY_H

#include "state/sa.h"

/* Per-CPU SAs for cfg with this peer: configured, kernel, peer. */
bool pcpu_enabled(const struct ikesa *sa, const struct cfg_child *cfg);
/* A CPU that may have per-CPU SAs of cfg: online and in its
 * per_cpu_cpus (all CPUs when that is not set). */
bool pcpu_cpu_usable(const struct ikesa *sa, const struct cfg_child *cfg,
		     uint32_t cpu);
/* The possible CPUs in cfg's per_cpu_cpus (all: caps.ncpus). */
uint32_t pcpu_ncpus(const struct ikesa *sa, const struct cfg_child *cfg);
/* The most per-CPU SAs of cfg (per_cpu_max, default 2 x its CPUs). */
uint32_t pcpu_cap(const struct ikesa *sa, const struct cfg_child *cfg);
/* cfg's bit in sa->pcpu_stop (TS_MAX_QUEUE came). */
uint64_t pcpu_stop_bit(const struct ikesa *sa, const struct cfg_child *cfg);
/* Installed or being rekeyed. */
bool pcpu_live(const struct child_sa *c);
/* cfg has a live fallback (no CPU), me aside. */
bool pcpu_has_fallback(const struct ikesa *sa, const struct child_sa *me,
		       const struct cfg_child *cfg);
/* Per-CPU SAs of cfg on cpu, live, being negotiated or queued, me aside. */
uint32_t pcpu_cpu_load(const struct ikesa *sa, const struct child_sa *me,
		       const struct cfg_child *cfg, uint32_t cpu);
/* A child of cfg on this CPU is live, being negotiated or queued. */
bool pcpu_cpu_covered(const struct ikesa *sa, const struct cfg_child *cfg,
		      uint32_t cpu);
/* cfg's fallback (no CPU) is live. */
bool pcpu_fallback_up(const struct ikesa *sa, const struct cfg_child *cfg);
/* Per-CPU SAs of cfg, live, being negotiated (both ways) or queued. */
uint32_t pcpu_count(const struct ikesa *sa, const struct cfg_child *cfg);
/* More per-CPU SAs of cfg may be asked for: enabled, no TS_MAX_QUEUE
 * from the peer, below the cap. */
bool pcpu_may_create(const struct ikesa *sa, const struct cfg_child *cfg);
/* Per-CPU SAs made all at once after the fallback: per_cpu_create "all",
 * or a per_cpu_cpus list (which cannot go with the kernel's acquires). */
bool pcpu_all_at_once(const struct cfg_child *cfg);
/* Would we answer a per-CPU acquire for cfg now (CPU_ACQUIRE policy)? */
bool pcpu_want_acquires(const struct ikesa *sa, const struct cfg_child *cfg);
/* Skip the outbound SA of c (another of this CPU has one)? */
bool pcpu_skip_out(const struct ikesa *sa, const struct child_sa *c);

#endif /* IKE_CHILD_PCPU_POLICY_H */
