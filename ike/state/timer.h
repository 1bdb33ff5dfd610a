/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's timers: one binary min-heap of IKE SAs keyed by each SA's
 * next deadline (retransmission, half-open timeout, IKE and Child SA rekey
 * and expiry, DPD, NAT keepalive, the all-at-once fill, queued work, and
 * "now" for a DEAD SA to be freed). An idle daemon sleeps until the heap's
 * top; nothing walks every SA. Whatever changes a deadline calls
 * isa_rearm(); core/tick.c pops what is due and acts.
 */
#ifndef IKE_STATE_TIMER_H
#define IKE_STATE_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "sa.h"

#define IKE_HALF_OPEN_TIMEOUT_MS 30000
#define IKE_KEEPALIVE_MS 20000

/* Room in the heap for one more SA (isa_new calls it): 0 or -ENOMEM. */
int timer_reserve(struct ike_daemon *d, uint32_t n);
void timer_free(struct ike_daemon *d);
/*
 * Put sa in the heap at its next deadline. past: deadlines already
 * passed count as due now (a caller that just set one); without, only
 * those still ahead count (core/tick.c, after acting on the due ones).
 */
void isa_rearm_at(struct ikesa *sa, bool past);
static inline void isa_rearm(struct ikesa *sa)
{
	isa_rearm_at(sa, true);
}
void timer_del(struct ikesa *sa);
/* The SA whose deadline has come (removed from the heap), or NULL. */
struct ikesa *timer_pop_due(struct ike_daemon *d);
/* The earliest deadline, UINT64_MAX if none. */
uint64_t timer_next(const struct ike_daemon *d);
/* Tests: is every SA's heap key no later than its next deadline? */
bool timer_consistent(const struct ike_daemon *d);

#endif /* IKE_STATE_TIMER_H */
