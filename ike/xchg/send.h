/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Outgoing messages (send.c): protect (SK, or SKF fragments: frag_out.h),
 * send, keep our request for retransmission, cache our last response for
 * duplicates (RFC 7296 2.1).
 */
#ifndef IKE_XCHG_SEND_H
#define IKE_XCHG_SEND_H

#include "codec/build.h"
#include "state/sa.h"

/* A protected message being built: header and SK opened by omsg_begin(). */
struct omsg {
	struct ike_buf b;
	struct ike_sk_region sk;
	uint8_t mem[IKE_MSG_MAX];
};

void omsg_begin(struct ikesa *sa, struct omsg *o, uint8_t exchange,
		bool response, uint32_t msgid);
/* A request: msgid is sa->msgid_out. */
static inline void omsg_begin_request(struct ikesa *sa, struct omsg *o,
				      uint8_t exchange)
{
	omsg_begin(sa, o, exchange, false, sa->msgid_out);
}
/* Pads, reserves the ICV, sets the lengths and encrypts in place (what
 * isa_request and isa_respond do before sending; the state-machine fuzzer
 * seals its own messages with it). */
int omsg_seal(struct ikesa *sa, struct omsg *o);
/* Our request: seals, sends, and keeps it in sa->x for retransmission,
 * with x.kind = kind and x.msgid the next message id. */
int isa_request(struct ikesa *sa, struct omsg *o, enum xchg_kind kind);
/* Keeps a built request (IKE_SA_INIT: unprotected) in sa->x and sends;
 * 0 once it is kept, even if this send failed (it is retransmitted). */
int isa_request_keep(struct ikesa *sa, const uint8_t *buf, size_t len,
		     enum xchg_kind kind);
/* Our response to request msgid: seals, sends, caches for duplicates. */
int isa_respond(struct ikesa *sa, struct omsg *o);
/* Our last response again (all its fragments): the request came twice. */
void isa_resend_response(struct ikesa *sa);
/* A protected response carrying one error notify. */
int isa_respond_error(struct ikesa *sa, uint8_t exchange, uint32_t msgid,
		      uint16_t type, const void *data, size_t len);
/* An unprotected message (IKE_SA_INIT, or an error outside any SA). */
int ike_send_raw(struct ike_daemon *d, const struct ike_addr *local,
		 const struct ike_addr *remote, const uint8_t *buf, size_t len);
/* Retransmit sa->x's request if due; DEAD after the configured tries. */
void isa_retransmit(struct ikesa *sa);
/* The exchange is over: free the kept request, open the window (the core
 * starts the next queued task). */
void isa_xchg_done(struct ikesa *sa);

#endif /* IKE_XCHG_SEND_H */
