/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Traffic totals of every configured child per CPU that outlive its SAs
 * (traffic.c): what an SA carried is added here when it leaves the
 * kernel, so the metrics' counters count every packet since the daemon
 * started and never fall when an SA is rekeyed or deleted. Rows are keyed
 * by reqid (one per configured child, config/reqid.c); index ncpus is the
 * fallback (no CPU). Bounded by the configuration: rows of children no
 * longer configured go with traffic_prune.
 */
#ifndef IKE_STATE_TRAFFIC_H
#define IKE_STATE_TRAFFIC_H

#include <stdbool.h>
#include <stdint.h>

struct ike_daemon;
struct cfg;

enum { TR_PK_IN, TR_PK_OUT, TR_BY_IN, TR_BY_OUT, TR_N };

struct traffic_row {
	struct traffic_row *next;
	uint32_t reqid;
	uint32_t n;			/* CPUs + 1 */
	uint64_t (*gone)[TR_N];		/* of SAs no longer in the kernel */
	uint64_t (*shown)[TR_N];	/* the last totals reported */
};

/* The row of reqid, made if missing (NULL: no memory). */
struct traffic_row *traffic_row(struct ike_daemon *d, uint32_t reqid);
/* An SA of reqid on cpu (MSA_KCPU_NONE: fallback) left the kernel having
 * carried v (TR_* order). */
void traffic_retire(struct ike_daemon *d, uint32_t reqid, uint32_t cpu,
		    const uint64_t v[TR_N]);
/* The total to report for row slot i from the live SAs' sum `live`: gone
 * + live, never below what was reported before (an SA the kernel removed
 * on its own took its count along, or a read failed: the total holds
 * until gone + live passes it again). */
void traffic_total(struct traffic_row *r, uint32_t i,
		   const uint64_t live[TR_N], uint64_t out[TR_N]);
/* Drop the rows of reqids cfg no longer has. */
void traffic_prune(struct ike_daemon *d, const struct cfg *cfg);
void traffic_free(struct ike_daemon *d);

#endif /* IKE_STATE_TRAFFIC_H */
