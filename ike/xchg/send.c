// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Outgoing messages: protect (SK payload), send, keep the request for
 * retransmission with exponential backoff, cache the last response for
 * duplicate requests (RFC 7296 2.1, 2.2).
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "codec/nonce.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/task.h"
#include "state/timer.h"
#include "child/child.h"
#include "child/child_kernel.h"
#include "child/pcpu.h"
#include "child/pcpu_encap.h"
#include "child/pcpu_msg.h"
#include "child/pcpu_policy.h"
#include "child/proposal.h"
#include "auth.h"
#include "auth_xchg.h"
#include "child_create.h"
#include "child_rekey.h"
#include "frag_out.h"
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"

void omsg_begin(struct ikesa *sa, struct omsg *o, uint8_t exchange,
		bool response, uint32_t msgid)
{
	const struct ike_encr_info *ei = NULL;
	uint8_t flags = 0;

	if (sa->initiator)
		flags |= IKE_FLAG_INITIATOR;
	if (response)
		flags |= IKE_FLAG_RESPONSE;
	ike_buf_init(&o->b, o->mem, sizeof(o->mem));
	ike_build_header(&o->b, sa->spi_i, sa->spi_r, exchange, flags, msgid);
	ike_crypto_encr_lookup(sa->suite.encr, sa->suite.encr_key_bits, &ei);
	ike_build_sk_open(&o->b, ei ? ei->iv_len : 0, &o->sk);
}

int omsg_seal(struct ikesa *sa, struct omsg *o)
{
	const struct ike_encr_info *ei;
	struct ike_aead_layout l;
	size_t plain, icv;
	int rc;

	rc = ike_crypto_encr_lookup(sa->suite.encr, sa->suite.encr_key_bits,
				    &ei);
	if (rc)
		return rc;
	plain = o->b.len - o->sk.plain_off;
	rc = ike_aead_layout_encrypt(sa->aead_out, 0, o->sk.iv_off, plain, &l);
	if (rc)
		return rc;
	icv = l.icv_len;
	ike_build_sk_close(&o->b, &o->sk, ei->block_len, icv);
	rc = ike_build_finish(&o->b);
	if (rc)
		return rc;
	if (l.text_off + l.text_len != o->sk.plain_end)
		return -EINVAL;
	return ike_aead_encrypt(sa->aead_out, o->b.p, o->b.len, &l, plain);
}

int ike_send_raw(struct ike_daemon *d, const struct ike_addr *local,
		 const struct ike_addr *remote, const uint8_t *buf, size_t len)
{
	int rc = d->io.send(d->io.ctx, local, remote, buf, len);

	if (rc)
		msa_warn("%ssend: %s", d->name, strerror(-rc));
	else
		d->st.tx++;
	return rc;
}

/* One message, or the fragments of one back to back: each IKE header's
 * Length says where the next begins. */
static int isa_send(struct ikesa *sa, const uint8_t *buf, size_t len)
{
	size_t off = 0;
	int rc = 0;

	while (off + sizeof(struct ike_hdr) <= len) {
		uint32_t n;

		memcpy(&n, buf + off + offsetof(struct ike_hdr, length), 4);
		n = be32toh(n);
		if (n < sizeof(struct ike_hdr) || n > len - off)
			return -EINVAL;
		rc = ike_send_raw(sa->d, &sa->local, &sa->remote, buf + off, n)
			?: rc;
		off += n;
	}
	return rc;
}

void isa_resend_response(struct ikesa *sa)
{
	if (sa->resp_valid)
		isa_send(sa, sa->resp, sa->resp_len);
}

/* o sealed into *out (malloc'd): whole, or in fragments (RFC 7383). */
static int omsg_pack(struct ikesa *sa, struct omsg *o, uint8_t **out,
		     size_t *out_len)
{
	int rc;

	if (sa->frag && frag_needed(sa, o))
		return frag_out(sa, o, out, out_len);
	rc = omsg_seal(sa, o);
	if (rc)
		return rc;
	*out = ike_memdup(o->b.p, o->b.len);
	*out_len = o->b.len;
	return *out ? 0 : -ENOMEM;
}

static uint64_t resend_delay(const struct ike_daemon *d, uint32_t tries)
{
	const struct cfg_global *g = &d->cfg->global;

	double ms = g->retransmit_timeout_ms;

	while (tries--)
		ms *= g->retransmit_base;
	return (uint64_t)ms;
}

/* Keeps copy (ours from here) as the request in flight, and sends it. */
static int request_own(struct ikesa *sa, uint8_t *copy, size_t len,
		       enum xchg_kind kind)
{
	free(sa->x.req);
	sa->x.req = copy;
	sa->x.req_len = len;
	sa->x.kind = kind;
	sa->x.msgid = sa->msgid_out++;
	sa->x.tries = 0;
	sa->x.resend_ms = sa->d->now_ms + resend_delay(sa->d, 0);
	isa_rearm(sa);
	/* the exchange is ours from here: a failed send (logged) is what the
	 * retransmission is for, not a reason for the caller to undo it */
	isa_send(sa, sa->x.req, sa->x.req_len);
	return 0;
}

int isa_request_keep(struct ikesa *sa, const uint8_t *buf, size_t len,
		     enum xchg_kind kind)
{
	uint8_t *copy = ike_memdup(buf, len);

	return copy ? request_own(sa, copy, len, kind) : -ENOMEM;
}

int isa_request(struct ikesa *sa, struct omsg *o, enum xchg_kind kind)
{
	uint8_t *train;
	size_t len;
	int rc = omsg_pack(sa, o, &train, &len);

	if (rc) {
		isa_warn(sa, "cannot build request: %s", strerror(-rc));
		return rc;
	}
	return request_own(sa, train, len, kind);
}

int isa_respond(struct ikesa *sa, struct omsg *o)
{
	uint8_t *train;
	size_t len;
	int rc = omsg_pack(sa, o, &train, &len);

	if (rc) {
		isa_warn(sa, "cannot build response: %s", strerror(-rc));
		return rc;
	}
	free(sa->resp);
	sa->resp = train;
	sa->resp_len = len;
	sa->resp_valid = true;
	sa->resp_msgid = sa->msgid_in - 1;
	return isa_send(sa, train, len);
}

int isa_respond_error(struct ikesa *sa, uint8_t exchange, uint32_t msgid,
		      uint16_t type, const void *data, size_t len)
{
	struct omsg *o = malloc(sizeof(*o));
	int rc;

	if (!o)
		return -ENOMEM;
	isa_info(sa, "answering %s with %s", ike_exchange_name(exchange),
		 ike_notify_name(type));
	omsg_begin(sa, o, exchange, true, msgid);
	ike_build_notify_data(&o->b, type, data, len);
	rc = isa_respond(sa, o);
	free(o);
	return rc;
}

void isa_retransmit(struct ikesa *sa)
{
	struct ike_daemon *d = sa->d;

	if (sa->x.kind == X_NONE || !sa->x.req || d->now_ms < sa->x.resend_ms)
		return;
	if (++sa->x.tries > d->cfg->global.retransmit_tries) {
		isa_warn(sa, "no response after %u retransmits, peer is dead",
			 sa->x.tries - 1);
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	d->st.retransmits++;
	isa_debug(sa, "retransmit %u of message %u", sa->x.tries,
		  sa->x.msgid);
	sa->x.resend_ms = d->now_ms + resend_delay(d, sa->x.tries);
	isa_rearm(sa);
	isa_send(sa, sa->x.req, sa->x.req_len);
}

void isa_xchg_done(struct ikesa *sa)
{
	free(sa->x.req);
	ike_dh_free(sa->x.dh);
	memset(&sa->x, 0, sizeof(sa->x));
	isa_rearm(sa);
}
