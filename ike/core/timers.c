// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time-driven work: retransmission, IKE and Child SA rekeying, expiry,
 * dead peer detection (RFC 7296 2.4), half-open timeouts; and the task
 * queue that waits for the window. Events set deadlines; this file owns
 * what happens when one passes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "xchg/xchg.h"

#define HALF_OPEN_TIMEOUT_MS 30000

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static bool queued(const struct ikesa *sa, uint8_t kind, uint64_t child_id)
{
	for (const struct task *t = sa->queue; t; t = t->next)
		if (t->kind == kind && t->child_id == child_id)
			return true;
	return sa->x.kind == kind && (!child_id || (sa->x.old &&
						    sa->x.old->id == child_id));
}

void isa_queue_once(struct ikesa *sa, uint8_t kind, uint64_t child_id)
{
	struct task t = { .kind = kind, .child_id = child_id };

	if (!queued(sa, kind, child_id))
		isa_queue(sa, &t);
}

/* Children: rekey when due, delete when expired. */
static uint64_t child_timers(struct ikesa *sa)
{
	uint64_t now = sa->d->now_ms, next = UINT64_MAX;

	for (struct child_sa *c = sa->children; c; c = c->next) {
		if (c->state != CHILD_INSTALLED)
			continue;
		if (c->expire_ms && now >= c->expire_ms)
			isa_queue_once(sa, X_DELETE_CHILD, c->id);
		else if (c->rekey_ms && now >= c->rekey_ms)
			isa_queue_once(sa, X_CHILD_REKEY, c->id);
		if (c->rekey_ms > now)
			next = min64(next, c->rekey_ms);
		if (c->expire_ms > now)
			next = min64(next, c->expire_ms);
	}
	return next;
}

static uint64_t established_timers(struct ikesa *sa)
{
	const struct cfg_conn *c = sa->conn;
	uint64_t now = sa->d->now_ms, next = child_timers(sa);

	if (sa->rekey_ms && now >= sa->rekey_ms) {
		isa_queue_once(sa, X_IKE_REKEY, 0);
		sa->rekey_ms = 0;
	}
	if (sa->dpd_ms && now >= sa->dpd_ms) {
		if (now - sa->last_heard_ms >= (uint64_t)c->dpd_delay * 1000)
			isa_queue_once(sa, X_DPD, 0);
		sa->dpd_ms = now + (uint64_t)c->dpd_delay * 1000;
	}
	if (sa->pcpu_fill_ms && now >= sa->pcpu_fill_ms) {
		sa->pcpu_fill_ms = 0;
		pcpu_fill(sa);
	}
	if (sa->pcpu_fill_ms)
		next = min64(next, sa->pcpu_fill_ms);
	if (sa->rekey_ms)
		next = min64(next, sa->rekey_ms);
	if (sa->dpd_ms)
		next = min64(next, sa->dpd_ms);
	return next;
}

uint64_t isa_timers(struct ikesa *sa)
{
	uint64_t now = sa->d->now_ms, next = UINT64_MAX;

	isa_retransmit(sa);
	if (sa->state == ISA_DEAD)
		return next;
	if ((sa->state == ISA_INIT_R || sa->state == ISA_REKEYED) &&
	    now - sa->created_ms >= HALF_OPEN_TIMEOUT_MS) {
		isa_info(sa, "no progress for %u s: removing",
			 HALF_OPEN_TIMEOUT_MS / 1000);
		isa_set_state(sa, ISA_DEAD);
		return next;
	}
	if (sa->state == ISA_ESTABLISHED)
		next = established_timers(sa);
	isa_run_queue(sa);
	if (sa->x.kind != X_NONE)
		next = min64(next, sa->x.resend_ms);
	if (sa->state == ISA_INIT_R)
		next = min64(next, sa->created_ms + HALF_OPEN_TIMEOUT_MS);
	return next;
}

uint64_t ike_daemon_tick(struct ike_daemon *d)
{
	uint64_t next = UINT64_MAX;

	for (struct ikesa *sa = d->sas; sa; sa = sa->next)
		next = min64(next, isa_timers(sa));
	ike_daemon_reap(d);
	return next == UINT64_MAX ? next : next > d->now_ms ?
		next - d->now_ms : 0;
}

static int run_task(struct ikesa *sa, const struct task *t)
{
	switch (t->kind) {
	case X_CHILD_CREATE:
		return child_create_i(sa, t);
	case X_CHILD_REKEY:
		return child_rekey_i(sa, t);
	case X_IKE_REKEY:
		return ike_rekey_i(sa);
	case X_DELETE_CHILD:
		return delete_child_i(sa, t);
	case X_DELETE_IKE:
		return delete_ike_i(sa);
	case X_DPD:
		return dpd_i(sa);
	}
	return -EINVAL;
}

void isa_run_queue(struct ikesa *sa)
{
	struct task *t;

	while (sa->x.kind == X_NONE && sa->state == ISA_ESTABLISHED &&
	       (t = sa->queue)) {
		sa->queue = t->next;
		if (!sa->queue)
			sa->queue_tail = &sa->queue;
		run_task(sa, t);	/* failures are logged there */
		free(t);
	}
}
