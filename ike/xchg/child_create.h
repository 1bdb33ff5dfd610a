/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CREATE_CHILD_SA for a new Child SA (child_create.c); its pieces are
 * shared with the Child SA rekey. */
#ifndef IKE_XCHG_CHILD_CREATE_H
#define IKE_XCHG_CHILD_CREATE_H

#include "state/sa.h"

int child_create_i(struct ikesa *sa, const struct task *t);
void child_create_r(struct ikesa *sa, const struct ike_msg *m);
void child_create_i_done(struct ikesa *sa, const struct ike_msg *m);

/* The request for c (replacing old on a rekey, else NULL). */
int child_xchg_request(struct ikesa *sa, struct child_sa *c,
		       struct child_sa *old, enum xchg_kind kind);
/* Responder: choose, answer and install; the new child or NULL. */
struct child_sa *child_xchg_respond(struct ikesa *sa, const struct ike_msg *m,
				    const struct cfg_child *only,
				    struct child_sa *old);
/* Initiator: take the response and install c. */
int child_xchg_done(struct ikesa *sa, const struct ike_msg *m,
		    struct child_sa *c);

#endif /* IKE_XCHG_CHILD_CREATE_H */
