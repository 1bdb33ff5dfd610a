// SPDX-License-Identifier: GPL-2.0-or-later
/* IKE_AUTH, both roles, with the first Child SA (RFC 7296 1.2). */
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "codec/nonce.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/sa_dup.h"
#include "state/lifecycle.h"
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
#include "ike_dup.h"
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"

static void isa_established(struct ikesa *sa)
{
	const struct cfg_conn *c = sa->conn;
	uint64_t now = sa->d->now_ms;

	isa_set_state(sa, ISA_ESTABLISHED);
	sa->rekey_ms = c->life.rekey_time ?
		now + (uint64_t)c->life.rekey_time * 1000 : 0;
	sa->dpd_ms = c->dpd_delay ? now + (uint64_t)c->dpd_delay * 1000 : 0;
	isa_rearm(sa);
	sa->d->st.ike_up++;
	isa_info(sa, "IKE SA established (%s%s)", sa->initiator ?
		 "initiator" : "responder", sa->childless ? ", childless" : "");
}

/*
 * INITIAL_CONTACT asserts that this is the only IKE SA with the peer
 * (RFC 7296 2.4): not when another with its address exists in any state
 * (of any connection: the peer may see two of ours as one), such as the
 * one the peer is starting with us at this moment, which the peer would
 * otherwise remove.
 */
static bool first_contact(const struct ikesa *sa)
{
	for (const struct ikesa *o = sa->d->sas; o; o = o->next)
		if (o != sa && o->state != ISA_DEAD &&
		    !memcmp(&o->remote.ip, &sa->remote.ip, sizeof(o->remote.ip)))
			return false;
	return true;
}

/*
 * The child of our IKE_AUTH, or none (RFC 6023, only to a peer that
 * announced it): none with childless = force; none when nothing is queued
 * (an `up` of trap-only children); else the first queued, or, to a peer
 * without childless support, the connection's first child.
 */
static bool auth_i_child_task(struct ikesa *sa, struct task *t)
{
	const struct cfg_conn *c = sa->conn;

	if (c->childless == CFG_CHILDLESS_FORCE)
		return false;
	if (isa_take_create(sa, NULL, MSA_KCPU_NONE, t))
		return true;
	if (sa->peer_childless || !c->children)
		return false;
	*t = (struct task){ .kind = X_CHILD_CREATE, .cfg = c->children,
			    .cpu = MSA_KCPU_NONE };
	return true;
}

int auth_i_send(struct ikesa *sa)
{
	struct omsg *o;
	struct child_sa *c = NULL;
	struct task t;
	int rc;

	if (sa->conn->childless == CFG_CHILDLESS_FORCE && !sa->peer_childless) {
		isa_warn(sa, "the peer does not support childless IKE SAs "
			 "(RFC 6023), and childless = force");
		return -EPROTONOSUPPORT;
	}
	o = malloc(sizeof(*o));
	if (!o)
		return -ENOMEM;
	omsg_begin_request(sa, o, IKE_AUTH);
	rc = auth_add_ours(sa, &o->b);
	if (first_contact(sa))
		ike_build_notify_data(&o->b, IKE_N_INITIAL_CONTACT, NULL, 0);
	if (!rc && auth_i_child_task(sa, &t)) {
		c = child_new(sa, t.cfg);
		rc = c ? child_alloc_spi(sa, c) : -ENOMEM;
		if (!rc)
			rc = child_add_offer(sa, &o->b, c, false);
		if (!rc)
			rc = pcpu_add_request(sa, c, &o->b);
	}
	if (!rc)
		rc = isa_request(sa, o, X_AUTH);
	free(o);
	if (rc)
		return rc;
	sa->x.child = c;
	sa->childless = !c;
	isa_set_state(sa, ISA_AUTH_I);
	return 0;
}

/* INITIAL_CONTACT: the peer (its authenticated identity) forgot every
 * IKE SA with us older than this one (not one that came up meanwhile). */
static void initial_contact(struct ikesa *sa)
{
	for (struct ikesa *o = sa->d->sas; o; o = o->next)
		if (o != sa && o->state == ISA_ESTABLISHED &&
		    o->created_ms < sa->created_ms && isa_same_id(o, sa)) {
			isa_info(o, "peer sent INITIAL_CONTACT: removing");
			isa_set_state(o, ISA_DEAD);
		}
}

/* Responder: the Child SA part of the response. */
static void auth_r_child(struct ikesa *sa, const struct ike_msg *m,
			 struct ike_buf *b)
{
	struct ike_span ni = { sa->ni, sa->ni_len }, nr = { sa->nr, sa->nr_len };
	uint16_t notify = 0;
	struct child_sa *c;

	if (!ike_msg_has(m, IKE_PLD_SA))
		return;		/* childless (RFC 6023): auth_r checked it */
	c = child_choose(sa, m, NULL, false, &notify);
	if (c)
		pcpu_take_request(sa, c, m);	/* the first: the fallback */
	if (c && (child_alloc_spi(sa, c) || pcpu_install(sa, c, NULL, &ni,
							   &nr))) {
		child_remove(sa, c);
		c = NULL;
		notify = IKE_N_TEMPORARY_FAILURE;
	}
	if (c) {
		child_add_reply(sa, b, c);
		pcpu_add_reply(sa, c, b);
	} else
		ike_build_notify_data(b, notify, NULL, 0);
}

/* ike_sas_per_id: the peer's identity holds as many IKE SAs as allowed. */
static bool too_many_per_id(struct ikesa *sa)
{
	uint32_t n = isa_count_peer_id(sa->d, sa);

	if (n < sa->d->cfg->global.ike_sas_per_id)
		return false;
	sa->d->st.lim_ike_sas_id++;
	ike_peer_log(sa->d, MSA_LOG_WARN, "%s: refused: the peer's identity "
		     "holds %u IKE SAs (ike_sas_per_id)", isa_name(sa), n);
	return true;
}

void auth_r(struct ikesa *sa, const struct ike_msg *m)
{
	struct omsg *o;
	int rc = auth_verify_peer(sa, m);

	if (rc) {
		isa_respond_error(sa, IKE_AUTH, m->msgid, rc == -EBADMSG ?
				  IKE_N_INVALID_SYNTAX :
				  IKE_N_AUTHENTICATION_FAILED, NULL, 0);
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	if (!ike_msg_has(m, IKE_PLD_SA) && !sa->peer_childless) {
		isa_warn(sa, "IKE_AUTH without a Child SA, but childless IKE "
			 "SAs (RFC 6023) were not negotiated");
		isa_respond_error(sa, IKE_AUTH, m->msgid, IKE_N_INVALID_SYNTAX,
				  NULL, 0);
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	sa->childless = !ike_msg_has(m, IKE_PLD_SA);
	if (ike_msg_notify(m, IKE_N_INITIAL_CONTACT))
		initial_contact(sa);
	if (too_many_per_id(sa)) {
		isa_respond_error(sa, IKE_AUTH, m->msgid,
				  IKE_N_AUTHENTICATION_FAILED, NULL, 0);
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	o = malloc(sizeof(*o));
	if (!o) {
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	omsg_begin(sa, o, IKE_AUTH, true, m->msgid);
	if (auth_add_ours(sa, &o->b)) {
		free(o);
		isa_respond_error(sa, IKE_AUTH, m->msgid,
				  IKE_N_AUTHENTICATION_FAILED, NULL, 0);
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	isa_established(sa);
	auth_r_child(sa, m, &o->b);
	isa_respond(sa, o);
	free(o);
	ike_dup_check(sa);
}

static void auth_i_child(struct ikesa *sa, const struct ike_msg *m)
{
	struct ike_span ni = { sa->ni, sa->ni_len }, nr = { sa->nr, sa->nr_len };
	struct child_sa *c = sa->x.child;
	uint16_t err = ike_msg_error(m);
	int rc;

	if (!c)
		return;
	sa->x.child = NULL;
	if (err) {
		isa_warn(sa, "child %s refused: %s", c->cfg->name,
			 ike_notify_name(err));
		child_remove(sa, c);
		return;
	}
	rc = child_take_reply(sa, c, m, false);
	if (!rc)
		pcpu_take_reply(sa, c, m);
	if (!rc)
		rc = pcpu_install(sa, c, NULL, &ni, &nr);
	if (rc) {
		isa_warn(sa, "child %s not agreed (%d)", c->cfg->name, rc);
		child_remove(sa, c);
	}
}

void auth_i_done(struct ikesa *sa, const struct ike_msg *m)
{
	const struct ike_notify *n = ike_msg_notify(m,
					IKE_N_AUTHENTICATION_FAILED);
	int rc;

	if (n) {
		isa_warn(sa, "IKE_AUTH failed: peer refused our AUTH");
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	rc = auth_verify_peer(sa, m);
	if (rc == -EACCES) {	/* its AUTH refused: say so (2.21.2) */
		isa_warn(sa, "IKE_AUTH failed: telling the peer");
		isa_xchg_done(sa);
		auth_failed_i(sa);
	} else if (rc) {	/* an error answer: nothing was set up */
		isa_warn(sa, "IKE_AUTH failed: the peer answered %s",
			 ike_msg_error(m) ? ike_notify_name(ike_msg_error(m))
					  : "without its ID and AUTH");
	}
	if (rc) {
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	isa_established(sa);
	auth_i_child(sa, m);
	isa_xchg_done(sa);
	ike_dup_check(sa);
}
