// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time-driven work: what happens when an IKE SA's deadline in the timer
 * heap (state/timer.c) comes. Retransmission, IKE and Child SA rekeying
 * and expiry, dead peer detection (RFC 7296 2.4), NAT keepalives, the
 * all-at-once fill, half-open timeouts, freeing DEAD SAs, and starting
 * queued tasks through the one dispatch table of the exchanges. Only the
 * SAs whose deadline came are touched.
 */
#include <stdint.h>
#include <stdlib.h>

#include "child/child_kernel.h"
#include "child/pcpu.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/lifecycle.h"
#include "state/task.h"
#include "state/frag.h"
#include "state/timer.h"
#include "xchg/child_create.h"
#include "xchg/child_rekey.h"
#include "xchg/ike_rekey.h"
#include "xchg/informational.h"
#include "xchg/send.h"
#include "core/daemon.h"
#include "reload.h"
#include "tick.h"

#define IKE_REKEY_RETRY_MS 10000

static int run_ike_rekey(struct ikesa *sa, const struct task *t)
{
	return ike_rekey_i(sa);
}

static int run_delete_ike(struct ikesa *sa, const struct task *t)
{
	return delete_ike_i(sa);
}

static int run_dpd(struct ikesa *sa, const struct task *t)
{
	return dpd_i(sa);
}

/* The one place where queued work enters the exchanges. */
static int (*const task_start[])(struct ikesa *, const struct task *) = {
	[X_CHILD_CREATE] = child_create_i,
	[X_CHILD_REKEY] = child_rekey_i,
	[X_IKE_REKEY] = run_ike_rekey,
	[X_DELETE_CHILD] = delete_child_i,
	[X_DELETE_IKE] = run_delete_ike,
	[X_DPD] = run_dpd,
};

static void run_queue(struct ikesa *sa)
{
	struct task *t;

	while (sa->x.kind == X_NONE && sa->state == ISA_ESTABLISHED &&
	       (t = isa_dequeue(sa))) {
		if (t->kind < sizeof(task_start) / sizeof(task_start[0]) &&
		    task_start[t->kind])
			task_start[t->kind](sa, t);	/* failures logged there */
		free(t);
	}
}

/* Children: rekey when due, delete when expired. */
static void child_timers(struct ikesa *sa)
{
	uint64_t now = sa->d->now_ms;

	for (struct child_sa *c = sa->children; c; c = c->next) {
		if (c->state == CHILD_REKEYED && c->expire_ms &&
		    now >= c->expire_ms && !isa_queued(sa, X_DELETE_CHILD,
							c->id)) {
			isa_info(sa, "child %s{%llu}: rekeyed, but the peer did "
				 "not delete it: deleting it", c->cfg->name,
				 (unsigned long long)c->id);
			sa->d->st.lim_rekeyed++;
			isa_queue_once(sa, X_DELETE_CHILD, c->id);
		}
		if (c->state != CHILD_INSTALLED)
			continue;
		if (c->expire_ms && now >= c->expire_ms)
			isa_queue_once(sa, X_DELETE_CHILD, c->id);
		else if (c->rekey_ms && now >= c->rekey_ms)
			isa_queue_once(sa, X_CHILD_REKEY, c->id);
	}
}

/* NAT keepalives for an IKE SA of ours behind a NAT (RFC 3948 2.3). */
static void keepalive(struct ikesa *sa)
{
	struct ike_daemon *d = sa->d;

	if (!sa->natt || !sa->nat_local)
		return;
	if (sa->keepalive_ms && d->now_ms >= sa->keepalive_ms &&
	    d->io.keepalive)
		d->io.keepalive(d->io.ctx, &sa->local, &sa->remote);
	if (!sa->keepalive_ms || d->now_ms >= sa->keepalive_ms)
		sa->keepalive_ms = d->now_ms + IKE_KEEPALIVE_MS;
}

static void established_timers(struct ikesa *sa)
{
	const struct cfg_conn *c = sa->conn;
	uint64_t now = sa->d->now_ms;

	child_timers(sa);
	if (sa->rekey_ms && now >= sa->rekey_ms) {
		/* queued once; the deadline stays, later, in case it fails */
		isa_queue_once(sa, X_IKE_REKEY, 0);
		sa->rekey_ms = now + IKE_REKEY_RETRY_MS;
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
	keepalive(sa);
}

static void isa_due(struct ikesa *sa)
{
	frag_expire(sa);
	isa_retransmit(sa);
	if (sa->state == ISA_DEAD)
		return;
	if ((sa->state == ISA_INIT_R || sa->state == ISA_REKEYED) &&
	    sa->d->now_ms - sa->state_ms >= IKE_HALF_OPEN_TIMEOUT_MS) {
		isa_info(sa, "no progress for %u s: removing",
			 IKE_HALF_OPEN_TIMEOUT_MS / 1000);
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	if (sa->state == ISA_ESTABLISHED)
		established_timers(sa);
	run_queue(sa);
}

void isa_destroy(struct ikesa *sa)
{
	child_uninstall_all(sa);
	isa_free(sa);
}

uint64_t ike_daemon_tick(struct ike_daemon *d)
{
	struct ikesa *sa;
	uint64_t next;

	do {
		while ((sa = timer_pop_due(d))) {
			if (sa->state != ISA_DEAD)
				isa_due(sa);
			if (sa->state == ISA_DEAD)
				isa_destroy(sa);
			else
				isa_rearm_at(sa, false);
		}
	} while (d->reload && reload_settle(d));
	next = timer_next(d);
	if (next == UINT64_MAX)
		return next;
	return next > d->now_ms ? next - d->now_ms : 0;
}
