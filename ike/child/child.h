/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Child SA negotiation pieces shared by IKE_AUTH, CREATE_CHILD_SA and the
 * rekey (child.c): the SA and TS payloads of both roles, the timers.
 */
#ifndef IKE_CHILD_CHILD_H
#define IKE_CHILD_CHILD_H

#include "codec/build.h"
#include "state/sa.h"

/* Initiator: SA (our SPI), [N(USE_TRANSPORT_MODE)], TSi, TSr; sets
 * c->ts_l/ts_r to what was offered. with_dh: offer c->pfs_group. */
int child_add_offer(struct ikesa *sa, struct ike_buf *b, struct child_sa *c,
		    bool with_dh);
/*
 * Responder: the configured child (only that one if only != NULL) whose
 * selectors and ESP proposals match the request; a new child_sa with the
 * peer's SPI and the narrowed selectors. On failure *notify says why
 * (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE, ...).
 */
struct child_sa *child_choose(struct ikesa *sa, const struct ike_msg *m,
			      const struct cfg_child *only, bool with_dh,
			      uint16_t *notify);
/* Responder: SA (our SPI), [N(USE_TRANSPORT_MODE)], TSi, TSr. */
int child_add_reply(struct ikesa *sa, struct ike_buf *b,
		    const struct child_sa *c);
/* Initiator: take the responder's SA, TSi, TSr. */
int child_take_reply(struct ikesa *sa, struct child_sa *c,
		     const struct ike_msg *m, bool with_dh);
/* Set the child's rekey and expiry times from its lifetimes. */
void child_schedule(struct ikesa *sa, struct child_sa *c);

#endif /* IKE_CHILD_CHILD_H */
