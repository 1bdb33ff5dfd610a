// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rekeying a Child SA (RFC 7296 1.3.3, 2.8), make-before-break:
 *
 *   HDR, SK{N(REKEY_SA, old SPI), SA, Ni, [KEi,] TSi, TSr}  -->
 *                                  <--  HDR, SK{SA, Nr, [KEr,] TSi, TSr}
 *   then the initiator deletes the old SA (INFORMATIONAL, Delete).
 *
 * The new SA is installed before the old one goes; a per-CPU SA keeps its
 * CPU (RFC 9611). Simultaneous rekeys of one SA (2.8.1): both complete;
 * the new SA made by the exchange with the lowest of the four nonces is
 * redundant and its initiator deletes it; the other side deletes the old.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "codec/nonce.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/fsm.h"
#include "state/ike.h"
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
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"

#define REKEY_RETRY_MS 2000

int child_rekey_i(struct ikesa *sa, const struct task *t)
{
	struct child_sa *old = child_find_id(sa, t->child_id), *c;
	int rc;

	if (!old || old->state != CHILD_INSTALLED)
		return -ENOENT;
	c = child_new(sa, old->cfg);
	if (!c)
		return -ENOMEM;
	pcpu_keep_binding(c, old);
	child_set_state(sa, old, CHILD_REKEYING);
	rc = child_xchg_request(sa, c, old, X_CHILD_REKEY);
	if (rc) {
		isa_warn(sa, "cannot rekey child %s{%llu}: %s; again in %u s",
			 old->cfg->name, (unsigned long long)old->id,
			 strerror(-rc), REKEY_RETRY_MS / 1000);
		child_set_state(sa, old, CHILD_INSTALLED);
		old->rekey_ms = sa->d->now_ms + REKEY_RETRY_MS;
		isa_rearm(sa);
		child_remove(sa, c);
	}
	return rc;
}

static void queue_delete(struct ikesa *sa, struct child_sa *c)
{
	struct task t = { .kind = X_DELETE_CHILD, .child_id = c->id };

	isa_queue(sa, &t);
}

void child_rekey_r(struct ikesa *sa, const struct ike_msg *m)
{
	const struct ike_notify *n = ike_msg_notify(m, IKE_N_REKEY_SA);
	struct child_sa *old = NULL, *c;
	uint32_t spi;

	if (n && n->proto == IKE_PROTO_ESP && n->spi.len == 4) {
		memcpy(&spi, n->spi.p, 4);
		old = child_find_spi(sa, ntohl(spi), false);
	}
	if (!old || old->state == CHILD_REKEYED) {
		isa_respond_error(sa, m->exchange, m->msgid,
				  IKE_N_CHILD_SA_NOT_FOUND, NULL, 0);
		return;
	}
	if (old->state == CHILD_DELETING) {
		isa_respond_error(sa, m->exchange, m->msgid,
				  IKE_N_TEMPORARY_FAILURE, NULL, 0);
		return;
	}
	c = child_xchg_respond(sa, m, old->cfg, old);
	if (!c)
		return;
	c->rekey_of = old->id;
	sa->d->st.child_rekeys++;
	if (old->state == CHILD_INSTALLED) {	/* else: our rekey collides */
		child_set_state(sa, old, CHILD_REKEYED);
		/* the peer deletes it; if it does not, we do (a bound) */
		old->expire_ms = sa->d->now_ms +
				 sa->d->cfg->global.rekeyed_grace_ms;
		isa_rearm(sa);
	}
	isa_info(sa, "child %s{%llu} rekeyed by the peer as {%llu}",
		 old->cfg->name, (unsigned long long)old->id,
		 (unsigned long long)c->id);
}

/* The peer's new SA for the same old one, if its rekey crossed ours. */
static struct child_sa *collision(struct ikesa *sa, const struct child_sa *old,
				  const struct child_sa *ours)
{
	for (struct child_sa *c = sa->children; c; c = c->next)
		if (c != ours && c->rekey_of == old->id && !c->initiated &&
		    c->installed)
			return c;
	return NULL;
}

static void rekey_settle(struct ikesa *sa, struct child_sa *old,
			 struct child_sa *c)
{
	struct child_sa *peer = collision(sa, old, c);

	if (!peer)
		sa->d->st.child_rekeys++;	/* a collision counted once */
	child_set_state(sa, old, CHILD_REKEYED);
	if (!peer) {
		queue_delete(sa, old);
		return;
	}
	if (nonce_cmp(c->nonce_min, c->nonce_min_len, peer->nonce_min,
		      peer->nonce_min_len) < 0) {
		isa_info(sa, "rekey collision on {%llu}: ours is redundant",
			 (unsigned long long)old->id);
		child_set_state(sa, c, CHILD_REKEYED);
		queue_delete(sa, c);
	} else {
		isa_info(sa, "rekey collision on {%llu}: ours wins",
			 (unsigned long long)old->id);
		queue_delete(sa, old);
	}
}

void child_rekey_i_done(struct ikesa *sa, const struct ike_msg *m)
{
	struct child_sa *c = sa->x.child, *old = sa->x.old;
	uint16_t err = ike_msg_error(m);

	sa->x.child = sa->x.old = NULL;
	if (!c || !old) {	/* freed meanwhile (peer's Delete) */
		if (c)
			child_remove(sa, c);
		return isa_xchg_done(sa);
	}
	if (err == IKE_N_CHILD_SA_NOT_FOUND) {
		isa_info(sa, "peer no longer has child {%llu}: removing it",
			 (unsigned long long)old->id);
		child_remove(sa, c);
		child_remove(sa, old);
	} else if (child_xchg_done(sa, m, c)) {
		child_remove(sa, c);
		child_set_state(sa, old, CHILD_INSTALLED);
		old->rekey_ms = sa->d->now_ms + REKEY_RETRY_MS;
		isa_rearm(sa);
	} else {
		rekey_settle(sa, old, c);
	}
	isa_xchg_done(sa);
}
