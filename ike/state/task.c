// SPDX-License-Identifier: GPL-2.0-or-later
/* The task queue of an IKE SA (task.h). */
#include <stdlib.h>

#include "ike.h"
#include "task.h"
#include "timer.h"

void isa_queue(struct ikesa *sa, const struct task *t)
{
	struct task *n = malloc(sizeof(*n));

	if (!n) {
		isa_warn(sa, "out of memory queueing a task");
		return;
	}
	*n = *t;
	n->next = NULL;
	*sa->queue_tail = n;
	sa->queue_tail = &n->next;
	isa_rearm(sa);
}

bool isa_queued(const struct ikesa *sa, uint8_t kind, uint64_t child_id)
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

	if (!isa_queued(sa, kind, child_id))
		isa_queue(sa, &t);
}

struct task *isa_dequeue(struct ikesa *sa)
{
	struct task *t = sa->queue;

	if (!t)
		return NULL;
	sa->queue = t->next;
	if (!sa->queue)
		sa->queue_tail = &sa->queue;
	return t;
}

bool isa_create_queued(const struct ikesa *sa, const struct cfg_child *cfg,
		       uint32_t cpu)
{
	for (const struct task *t = sa->queue; t; t = t->next)
		if (t->kind == X_CHILD_CREATE && t->cfg == cfg && t->cpu == cpu)
			return true;
	return false;
}

uint32_t isa_pcpu_creates_queued(const struct ikesa *sa,
				 const struct cfg_child *cfg)
{
	uint32_t n = 0;

	for (const struct task *t = sa->queue; t; t = t->next)
		n += t->kind == X_CHILD_CREATE && t->cfg == cfg &&
		     t->cpu != MSA_KCPU_NONE;
	return n;
}

bool isa_take_create(struct ikesa *sa, const struct cfg_child *cfg,
		     uint32_t cpu, struct task *out)
{
	struct task **pp, *t;

	for (pp = &sa->queue; (t = *pp); pp = &t->next) {
		if (t->kind != X_CHILD_CREATE || (cfg && t->cfg != cfg) ||
		    t->cpu != cpu)
			continue;
		*pp = t->next;
		if (sa->queue_tail == &t->next)
			sa->queue_tail = pp;
		if (out)
			*out = *t;
		free(t);
		return true;
	}
	return false;
}

bool isa_unqueue_create(struct ikesa *sa, const struct cfg_child *cfg,
			uint32_t cpu)
{
	return isa_take_create(sa, cfg, cpu, NULL);
}

void isa_queue_free(struct ikesa *sa)
{
	struct task *t;

	while ((t = isa_dequeue(sa)))
		free(t);
}
