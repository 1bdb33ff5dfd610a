/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the exchange files share: building and sending protected messages
 * (send.c), and the handlers each exchange file provides, _i for the
 * initiator of the exchange (building the request, taking the response),
 * _r for the responder. Internal to the daemon core.
 */
#ifndef IKE_XCHG_H
#define IKE_XCHG_H

#include <errno.h>
#include <string.h>

#include "codec/build.h"
#include "core/daemon.h"
#include "log/log.h"
#include "state/sa.h"

#define isa_log(lvl, sa, fmt, ...) \
	msa_log(lvl, "%s%s: " fmt, (sa)->d->name, isa_name(sa), ##__VA_ARGS__)
#define isa_info(sa, ...)  isa_log(MSA_LOG_INFO, sa, __VA_ARGS__)
#define isa_warn(sa, ...)  isa_log(MSA_LOG_WARN, sa, __VA_ARGS__)
#define isa_debug(sa, ...) isa_log(MSA_LOG_DEBUG, sa, __VA_ARGS__)

/* ---- send.c: outgoing messages ------------------------------------------ */

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
/* Our request: seals, sends, and keeps it in sa->x for retransmission,
 * with x.kind = kind and x.msgid the next message id. */
int isa_request(struct ikesa *sa, struct omsg *o, enum xchg_kind kind);
/* Keeps a built request (IKE_SA_INIT: unprotected) in sa->x and sends. */
int isa_request_keep(struct ikesa *sa, const uint8_t *buf, size_t len,
		     enum xchg_kind kind);
/* Our response to request msgid: seals, sends, caches for duplicates. */
int isa_respond(struct ikesa *sa, struct omsg *o);
/* A protected response carrying one error notify. */
int isa_respond_error(struct ikesa *sa, uint8_t exchange, uint32_t msgid,
		      uint16_t type, const void *data, size_t len);
/* An unprotected message (IKE_SA_INIT, or an error outside any SA). */
int ike_send_raw(struct ike_daemon *d, const struct ike_addr *local,
		 const struct ike_addr *remote, const uint8_t *buf, size_t len);
/* Retransmit sa->x's request if due; give up after the configured tries. */
void isa_retransmit(struct ikesa *sa);
/* The exchange is over: free the kept request, open the window, start
 * the next queued task. */
void isa_xchg_done(struct ikesa *sa);
/* Start the next queued task if the window is free. */
void isa_run_queue(struct ikesa *sa);

/* daemon.c: bring up one configured child (and its IKE SA if needed). */
/* daemon.c: conn's live IKE SA (established or being set up), or NULL. */
struct ikesa *conn_ike_sa(struct ike_daemon *d, const struct cfg_conn *c);
int ike_daemon_up_child(struct ike_daemon *d, const struct cfg_conn *conn,
			const struct cfg_child *cfg);
/* recv.c: free the SAs an event left ISA_DEAD. */
void ike_daemon_reap(struct ike_daemon *d);
/* timers.c: the next deadline of one SA, UINT64_MAX if none. */
uint64_t isa_timers(struct ikesa *sa);

/* ---- shared pieces (ke.c) ------------------------------------------------- */

/* The KE payload of our key. */
/* ke.c: a malloc'd copy of len octets (a message kept for AUTH). */
uint8_t *ike_memdup(const uint8_t *buf, size_t len);
int ike_add_ke(struct ike_buf *b, const struct ike_dh_key *dh);
/* The SK protection of both directions from sa->keys. */
int isa_aead_init(struct ikesa *sa);

static inline void ike_put_be64(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (56 - 8 * i));
}

static inline uint64_t ike_get_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* ---- the exchanges -------------------------------------------------------- */

/* sa_init.c */
int sa_init_start(struct ike_daemon *d, const struct cfg_conn *conn,
		  struct ikesa **out);
void sa_init_request(struct ike_daemon *d, const struct ike_msg *m,
		     const uint8_t *buf, size_t len,
		     const struct ike_addr *local,
		     const struct ike_addr *remote);
void sa_init_response(struct ike_daemon *d, const struct ike_msg *m,
		      const uint8_t *buf, size_t len,
		      const struct ike_addr *remote);
int sa_init_derive(struct ikesa *sa, const struct ike_span *peer_ke);

/* auth.c */
int auth_i_send(struct ikesa *sa);
void auth_r(struct ikesa *sa, const struct ike_msg *m);
void auth_i_done(struct ikesa *sa, const struct ike_msg *m);

/* child_create.c */
int child_create_i(struct ikesa *sa, const struct task *t);
void child_create_r(struct ikesa *sa, const struct ike_msg *m);
void child_create_i_done(struct ikesa *sa, const struct ike_msg *m);

/* child_rekey.c */
int child_rekey_i(struct ikesa *sa, const struct task *t);
void child_rekey_r(struct ikesa *sa, const struct ike_msg *m);
void child_rekey_i_done(struct ikesa *sa, const struct ike_msg *m);

/* ike_rekey.c */
int ike_rekey_i(struct ikesa *sa);
void ike_rekey_r(struct ikesa *sa, const struct ike_msg *m);
void ike_rekey_i_done(struct ikesa *sa, const struct ike_msg *m);

/* informational.c */
int delete_child_i(struct ikesa *sa, const struct task *t);
int delete_ike_i(struct ikesa *sa);
int dpd_i(struct ikesa *sa);
void informational_r(struct ikesa *sa, const struct ike_msg *m);
void informational_i_done(struct ikesa *sa, const struct ike_msg *m);

/* ---- shared Child SA work (child.c) ---------------------------------------- */

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
int child_install(struct ikesa *sa, struct child_sa *c,
		  const struct ike_secret *gir, const struct ike_span *ni,
		  const struct ike_span *nr);
void child_uninstall(struct ikesa *sa, struct child_sa *c);
/* child_kernel.c: the reqid of every SA of cfg (MSA_REQID_MIN + index). */
uint32_t child_reqid(const struct ike_daemon *d, const struct cfg_child *cfg);
int child_alloc_spi(struct ikesa *sa, struct child_sa *c);
int trap_install(struct ike_daemon *d, const struct cfg_conn *conn,
		 const struct cfg_child *cfg);
/* pcpu.c: a per-CPU acquire for this child and CPU (RFC 9611). */
void pcpu_acquire(struct ike_daemon *d, const struct cfg_conn *conn,
		  const struct cfg_child *cfg, uint32_t cpu);
/* Initiator: N(SA_RESOURCE_INFO) when the child wants per-CPU SAs. */
int pcpu_add_request(struct ikesa *sa, struct child_sa *c, struct ike_buf *b);
/* Responder, new child: per-CPU or not, and its CPU; 0 or TS_MAX_QUEUE. */
uint16_t pcpu_take_request(struct ikesa *sa, struct child_sa *c,
			   const struct ike_msg *m);
void pcpu_add_reply(struct ikesa *sa, struct child_sa *c, struct ike_buf *b);
void pcpu_take_reply(struct ikesa *sa, struct child_sa *c,
		     const struct ike_msg *m);
void pcpu_refused(struct ikesa *sa, struct child_sa *c, uint16_t err);
/* After a child is installed: all-at-once mode queues the per-CPU ones. */
void pcpu_installed(struct ikesa *sa, struct child_sa *c);
/* Would we answer a per-CPU acquire for cfg now (CPU_ACQUIRE policy)? */
bool pcpu_want_acquires(const struct ikesa *sa, const struct cfg_child *cfg);
/* Re-add cfg's policies, with CPU_ACQUIRE as pcpu_want_acquires() says. */
void child_policies_update(struct ikesa *sa, const struct cfg_child *cfg);
/* All-at-once: queue the per-CPU SAs missing for each fallback. */
void pcpu_fill(struct ikesa *sa);
/* Free the acquires waiting for a fallback SA. */
void pcpu_free_waits(struct ikesa *sa);
/* Skip the outbound SA of c (another of this CPU has one)? */
bool pcpu_skip_out(const struct ikesa *sa, const struct child_sa *c);
/* timers.c: queue a task unless the same one is queued or running. */
void isa_queue_once(struct ikesa *sa, uint8_t kind, uint64_t child_id);
/* pcpu_encap.c: the source port of c's encapsulated outbound SA; 0: the
 * IKE port. */
uint16_t pcpu_encap_sport(const struct ikesa *sa, struct child_sa *c);
/* A rekey's new child takes the old one's CPU, resource id and port. */
void pcpu_keep_binding(struct child_sa *c, const struct child_sa *old);
/* child_create.c: the Child SA exchange, shared with the rekey. */
int child_xchg_request(struct ikesa *sa, struct child_sa *c,
		       struct child_sa *old, enum xchg_kind kind);
struct child_sa *child_xchg_respond(struct ikesa *sa, const struct ike_msg *m,
				    const struct cfg_child *only,
				    struct child_sa *old);
int child_xchg_done(struct ikesa *sa, const struct ike_msg *m,
		    struct child_sa *c);
/* Set the child's rekey and expiry times from its lifetimes. */
void child_schedule(struct ikesa *sa, struct child_sa *c);

#endif /* IKE_XCHG_H */
