// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Incoming messages: parse, find the IKE SA, apply the message-ID window
 * (RFC 7296 2.3: duplicates get the cached response), check and decrypt SK,
 * hand the request or response to its exchange. Whatever is wrong with one
 * message is logged and answered (or dropped) here, never touching other SAs.
 */
#include <errno.h>
#include <string.h>

#include "codec/build.h"
#include "crypto/crypto.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/timer.h"
#include "xchg/auth_xchg.h"
#include "xchg/child_create.h"
#include "xchg/child_rekey.h"
#include "xchg/ike_rekey.h"
#include "xchg/informational.h"
#include "xchg/sa_init.h"
#include "xchg/send.h"
#include "daemon.h"
#include "recv_sk.h"

/* An unprotected error response, SPIs and message ID copied, version 2.0
 * (INVALID_IKE_SPI 2.21.4, INVALID_MAJOR_VERSION and
 * UNSUPPORTED_CRITICAL_PAYLOAD 2.5); at most IKE_REPLY_PER_S a second. */
static void reply_unprotected(struct ike_daemon *d, const struct ike_msg *m,
			      const struct ike_addr *local,
			      const struct ike_addr *remote, uint16_t type,
			      const void *data, size_t len)
{
	uint8_t mem[128];
	struct ike_buf b;

	if (!ike_budget_take(&d->reply_budget, d->now_ms, IKE_REPLY_PER_S))
		return;
	ike_buf_init(&b, mem, sizeof(mem));
	ike_build_header(&b, m->ispi, m->rspi, m->exchange,
			 IKE_FLAG_RESPONSE |
			 ((m->flags & IKE_FLAG_INITIATOR) ? 0 : IKE_FLAG_INITIATOR),
			 m->msgid);
	ike_build_notify_data(&b, type, data, len);
	if (!ike_build_finish(&b))
		ike_send_raw(d, local, remote, b.p, b.len);
}

/*
 * A message the parser refused. A request gets the answer RFC 7296 2.5
 * asks for where one can be sent without an SA: INVALID_MAJOR_VERSION for
 * a higher major version (IKEv1 gets nothing), UNSUPPORTED_CRITICAL_PAYLOAD for an
 * unknown critical payload in IKE_SA_INIT. Everything else is dropped
 * (inside an SA, open_sk's path answers with the keys).
 */
static void recv_malformed(struct ike_daemon *d, const struct ike_msg *m,
			   const struct ike_addr *local,
			   const struct ike_addr *remote)
{
	uint8_t pld = m->error_payload;

	d->st.bad_msgs++;
	ike_peer_log(d, MSA_LOG_INFO, "malformed message from port %u: %s%s",
		     remote->port, m->error_text ? m->error_text : "?",
		     m->error_notify ? "" : " (dropped)");
	if (m->flags & IKE_FLAG_RESPONSE)
		return;
	if (m->error_notify == IKE_N_INVALID_MAJOR_VERSION &&
	    IKE_VERSION_MAJOR(m->version) > 2)	/* not to IKEv1 (2.5) */
		reply_unprotected(d, m, local, remote, m->error_notify, NULL, 0);
	else if (m->error_notify == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD &&
		 m->exchange == IKE_SA_INIT)
		reply_unprotected(d, m, local, remote, m->error_notify, &pld, 1);
}

static void dispatch_request(struct ikesa *sa, const struct ike_msg *m)
{
	switch (m->exchange) {
	case IKE_AUTH:
		if (sa->state == ISA_INIT_R)
			return auth_r(sa, m);
		break;
	case IKE_CREATE_CHILD_SA:
		if (sa->state != ISA_ESTABLISHED)
			break;
		if (ike_msg_notify(m, IKE_N_REKEY_SA))
			return child_rekey_r(sa, m);
		if (m->sa.n_prop && m->sa.prop[0].proto == IKE_PROTO_IKE)
			return ike_rekey_r(sa, m);
		return child_create_r(sa, m);
	case IKE_INFORMATIONAL:
		if (sa->state != ISA_INIT_R)
			return informational_r(sa, m);
		break;
	}
	isa_warn(sa, "unexpected %s request in state %s",
		 ike_exchange_name(m->exchange), isa_state_name(sa->state));
	isa_respond_error(sa, m->exchange, m->msgid, IKE_N_INVALID_SYNTAX,
			  NULL, 0);
}

static void dispatch_response(struct ikesa *sa, const struct ike_msg *m)
{
	switch (sa->x.kind) {
	case X_AUTH:
		return auth_i_done(sa, m);
	case X_CHILD_CREATE:
		return child_create_i_done(sa, m);
	case X_CHILD_REKEY:
		return child_rekey_i_done(sa, m);
	case X_IKE_REKEY:
		return ike_rekey_i_done(sa, m);
	case X_DELETE_CHILD:
	case X_DELETE_IKE:
	case X_DPD:
		return informational_i_done(sa, m);
	}
}

/* A request with a parse error inside SK: the notify RFC 7296 asks for. */
static void request_malformed(struct ikesa *sa, const struct ike_msg *m)
{
	uint8_t pld = m->error_payload;

	isa_warn(sa, "malformed %s request: %s", ike_exchange_name(m->exchange),
		 m->error_text ? m->error_text : "?");
	sa->d->st.bad_msgs++;
	if (m->error_notify)
		isa_respond_error(sa, m->exchange, m->msgid, m->error_notify,
				  m->error_notify ==
				  IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD ? &pld :
				  NULL, m->error_notify ==
				  IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD ? 1 : 0);
}

/* Window checks; true if the message is to be processed. */
static bool window_ok(struct ikesa *sa, const struct ike_msg *m,
		      uint8_t *buf, size_t len)
{
	if (m->flags & IKE_FLAG_RESPONSE)
		return sa->x.kind != X_NONE && sa->x.kind != X_SA_INIT &&
		       m->msgid == sa->x.msgid;
	if (sa->resp_valid && m->msgid == sa->resp_msgid &&
	    m->msgid + 1 == sa->msgid_in) {
		/* a fragmented request: answer its first fragment only
		 * (RFC 7383 2.6.1), not each of them; and only a request
		 * that verifies (the answer may be a train of fragments) */
		if ((m->sk.fragment && m->sk.frag_num != 1) ||
		    recv_sk_verify(sa, m, buf, len))
			return false;
		isa_debug(sa, "duplicate request %u: resending response",
			  m->msgid);
		isa_resend_response(sa);
		return false;
	}
	return m->msgid == sa->msgid_in;
}

/*
 * Authenticated traffic may move the SA: the initiator floated to the
 * NAT-T port (RFC 7296 2.23), or a NAT gave the peer a new port.
 */
static void track_peer(struct ikesa *sa, const struct ike_addr *local,
		       const struct ike_addr *remote)
{
	if (!sa->natt && local->port == sa->d->cfg->global.port_natt) {
		isa_info(sa, "peer floated to port %u", remote->port);
		sa->natt = true;
		sa->local.port = local->port;
		sa->remote = *remote;
	} else if (sa->natt && (remote->port != sa->remote.port ||
				memcmp(&remote->ip, &sa->remote.ip,
				       sizeof(remote->ip)))) {
		isa_info(sa, "peer moved to port %u", remote->port);
		sa->remote = *remote;
	}
}

static void dispatch(struct ikesa *sa, const struct ike_msg *m,
		     const struct ike_addr *local, const struct ike_addr *remote)
{
	track_peer(sa, local, remote);
	if (m->flags & IKE_FLAG_RESPONSE)
		dispatch_response(sa, m);
	else
		dispatch_request(sa, m);
}

/*
 * The peer's CREATE_CHILD_SA while our IKE_AUTH response has not come (we
 * lost it, or have not read it yet): the peer is up and may ask at once.
 * Not answered, and its message ID not taken, so it comes again once our
 * retransmission has us up; an error would make the peer give its child
 * up.
 */
static bool too_early(struct ikesa *sa, const struct ike_msg *m)
{
	if ((m->flags & IKE_FLAG_RESPONSE) || sa->state != ISA_AUTH_I ||
	    m->exchange != IKE_CREATE_CHILD_SA)
		return false;
	isa_info(sa, "CREATE_CHILD_SA before the IKE_AUTH response: not "
		 "answered yet, the peer will send it again");
	return true;
}

static void recv_protected(struct ikesa *sa, struct ike_msg *m, uint8_t *buf,
			   size_t len, const struct ike_addr *local,
			   const struct ike_addr *remote)
{
	bool response = m->flags & IKE_FLAG_RESPONSE;
	uint8_t *whole;
	size_t whole_len;
	int rc;

	if (!window_ok(sa, m, buf, len)) {
		sa->d->st.dropped++;
		return;
	}
	rc = recv_sk_open(sa, m, buf, len, &whole, &whole_len);
	if (rc == -EAGAIN) {	/* a fragment kept: its reassembly's deadline */
		sa->last_heard_ms = sa->d->now_ms;
		isa_rearm(sa);
		return;
	}
	if (rc == -EACCES || (rc && response)) {
		sa->d->st.dropped++;
		recv_sk_free(whole, whole_len);
		return;
	}
	sa->last_heard_ms = sa->d->now_ms;
	if (too_early(sa, m)) {
		recv_sk_free(whole, whole_len);
		return;
	}
	if (!response)
		sa->msgid_in++;
	if (rc)
		request_malformed(sa, m);
	else
		dispatch(sa, m, local, remote);
	recv_sk_free(whole, whole_len);
}

static void recv_one(struct ike_daemon *d, uint8_t *buf, size_t len,
		     const struct ike_addr *local,
		     const struct ike_addr *remote)
{
	struct ike_msg m;
	struct ikesa *sa;
	bool request;

	if (ike_parse(buf, len, &m)) {
		recv_malformed(d, &m, local, remote);
		return;
	}
	request = !(m.flags & IKE_FLAG_RESPONSE);
	if (m.exchange == IKE_SA_INIT) {
		if (request)
			sa_init_request(d, &m, buf, len, local, remote);
		else
			sa_init_response(d, &m, buf, len, remote);
		return;
	}
	sa = isa_find(d, (m.flags & IKE_FLAG_INITIATOR) ? m.rspi : m.ispi);
	if (!sa || (sa->initiator ? sa->spi_r != m.rspi : sa->spi_i != m.ispi)) {
		d->st.dropped++;
		if (request)
			reply_unprotected(d, &m, local, remote,
					  IKE_N_INVALID_IKE_SPI, NULL, 0);
		return;
	}
	recv_protected(sa, &m, buf, len, local, remote);
}

void ike_daemon_recv(struct ike_daemon *d, uint8_t *buf, size_t len,
		     const struct ike_addr *local,
		     const struct ike_addr *remote)
{
	d->st.rx++;
	recv_one(d, buf, len, local, remote);
	ike_daemon_tick(d);
}
