// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Duplicate IKE SAs: both gateways' trap policies fired at once and each
 * started an IKE SA of the connection. Both ends keep the same one
 * (state/sa_dup.c). What the redundant one was doing moves to the kept
 * one before it goes: its queued and in-flight Child SA creations, the
 * per-CPU acquires waiting on it, and the CPUs its per-CPU SAs cover, so
 * that no CPU is left without an SA when it is deleted.
 */
#include "child/pcpu.h"
#include "state/ike.h"
#include "state/lifecycle.h"
#include "state/sa_dup.h"
#include "state/task.h"
#include "ike_dup.h"

static void want_fallback(struct ikesa *win, const struct cfg_child *cfg)
{
	struct task t = { .kind = X_CHILD_CREATE, .cfg = cfg,
			  .cpu = MSA_KCPU_NONE };

	if (!child_fallback_exists(win, cfg) &&
	    !isa_create_queued(win, cfg, MSA_KCPU_NONE))
		isa_queue(win, &t);
}

static void want(struct ikesa *win, const struct cfg_child *cfg, uint32_t cpu)
{
	if (cpu == MSA_KCPU_NONE)
		want_fallback(win, cfg);
	else
		pcpu_acquire(win, cfg, cpu);
}

static const struct task *first_create(const struct ikesa *sa)
{
	for (const struct task *t = sa->queue; t; t = t->next)
		if (t->kind == X_CHILD_CREATE)
			return t;
	return NULL;
}

static void hand_over(struct ikesa *win, struct ikesa *lose)
{
	for (const struct child_sa *c = lose->children; c; c = c->next)
		if (c->state != CHILD_REKEYED && c->state != CHILD_DELETING)
			want(win, c->cfg, c->cpu);
	if (lose->x.kind == X_CHILD_CREATE && lose->x.child)
		want(win, lose->x.child->cfg, lose->x.cpu);
	for (const struct task *t = lose->queue; t; t = t->next)
		if (t->kind == X_CHILD_CREATE)
			want(win, t->cfg, t->cpu);
	for (const struct pcpu_wait *w = lose->pcpu_waits; w; w = w->next)
		want(win, w->cfg, w->cpu);
	/* moved, not copied: the loser creates nothing more */
	for (const struct task *t; (t = first_create(lose)); )
		isa_take_create(lose, t->cfg, t->cpu, NULL);
	isa_pcpu_waits_free(lose);
}

static void settle(struct ikesa *win, struct ikesa *lose)
{
	struct task t = { .kind = X_DELETE_IKE };
	bool ours = lose->initiator || !lose->peer_multisa;

	lose->d->st.ike_dups++;
	isa_info(lose, "duplicate of %s (both ends started one): %s",
		 isa_name(win), ours ? "deleting it" : "the peer deletes it");
	hand_over(win, lose);
	if (ours)
		isa_queue(lose, &t);
}

void ike_dup_check(struct ikesa *sa)
{
	for (struct ikesa *o = sa->d->sas; o; o = o->next) {
		if (o == sa || !isa_live(o) || !isa_dup_pair(o, sa) ||
		    o->x.kind == X_IKE_REKEY)
			continue;
		if (isa_dup_loses(sa, o)) {
			settle(o, sa);
			return;
		}
		settle(sa, o);
	}
}
