/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 9611: the SA_RESOURCE_INFO notifies of requests and responses
 * (pcpu_msg.c). */
#ifndef IKE_CHILD_PCPU_MSG_H
#define IKE_CHILD_PCPU_MSG_H

#include "codec/build.h"
#include "state/sa.h"

/* Initiator: N(SA_RESOURCE_INFO) when the child wants per-CPU SAs. */
int pcpu_add_request(struct ikesa *sa, struct child_sa *c, struct ike_buf *b);
/*
 * Responder, new child c: the fallback, an additional SA bound to a CPU
 * (pcpu_bind), or refused: 0, or TS_MAX_QUEUE (the cap; or a second SA
 * without SA_RESOURCE_INFO next to the fallback of a per-CPU child).
 */
uint16_t pcpu_take_request(struct ikesa *sa, struct child_sa *c,
			   const struct ike_msg *m);
void pcpu_add_reply(struct ikesa *sa, struct child_sa *c, struct ike_buf *b);
/* Initiator: the peer's MULTISA_CROSSED (it bound c by rule 1). */
void pcpu_take_crossed(struct child_sa *c, const struct ike_msg *m);
/* Keep (for logs and rule 0 of pcpu_bind) the resource id the peer sent. */
void pcpu_take_peer_resid(struct child_sa *c, const struct ike_notify *n);

#endif /* IKE_CHILD_PCPU_MSG_H */
