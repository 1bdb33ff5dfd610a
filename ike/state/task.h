/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Work waiting for the window (RFC 7296 2.3, window 1): a FIFO of tasks
 * per IKE SA. Queueing arms the SA's timer; core/tick.c starts the next
 * task (through its dispatch table) whenever the window is free.
 */
#ifndef IKE_STATE_TASK_H
#define IKE_STATE_TASK_H

#include "sa.h"

void isa_queue(struct ikesa *sa, const struct task *t);
/* The same task queued or in flight? */
bool isa_queued(const struct ikesa *sa, uint8_t kind, uint64_t child_id);
/* Queue unless the same task is queued or in flight. */
void isa_queue_once(struct ikesa *sa, uint8_t kind, uint64_t child_id);
/* The next task, unlinked (the caller frees it), or NULL. */
struct task *isa_dequeue(struct ikesa *sa);
/* Is a CHILD_CREATE of cfg for cpu (MSA_KCPU_NONE: the fallback) queued? */
bool isa_create_queued(const struct ikesa *sa, const struct cfg_child *cfg,
		       uint32_t cpu);
/* Queued per-CPU CHILD_CREATEs of cfg. */
uint32_t isa_pcpu_creates_queued(const struct ikesa *sa,
				 const struct cfg_child *cfg);
/* Take the first queued CHILD_CREATE of cfg (any if NULL) for cpu off the
 * queue, into out (if not NULL): true if there was one. */
bool isa_take_create(struct ikesa *sa, const struct cfg_child *cfg,
		     uint32_t cpu, struct task *out);
/* Take a queued CHILD_CREATE of cfg for cpu off the queue: true if one was. */
bool isa_unqueue_create(struct ikesa *sa, const struct cfg_child *cfg,
			uint32_t cpu);
void isa_queue_free(struct ikesa *sa);

#endif /* IKE_STATE_TASK_H */
