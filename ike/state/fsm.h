/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IKE SA and Child SA state machines: one table of legal transitions
 * each. A transition the table does not allow is refused (the state stays),
 * logged as a bug and counted in d->st.bugs, which the tests check is 0.
 */
#ifndef IKE_STATE_FSM_H
#define IKE_STATE_FSM_H

#include "sa.h"

/* 0, or -EPERM for an illegal transition (refused, logged, counted). */
int isa_set_state(struct ikesa *sa, enum isa_state st);
int child_set_state(struct ikesa *sa, struct child_sa *c,
		    enum child_state st);
const char *isa_state_name(uint8_t st);
const char *child_state_name(uint8_t st);
/* Responder-side half-open SA or our handshake in flight. */
static inline bool isa_half_open(uint8_t st)
{
	return st == ISA_INIT_R || st == ISA_INIT_I || st == ISA_AUTH_I;
}

#endif /* IKE_STATE_FSM_H */
