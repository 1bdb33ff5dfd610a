// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rekeying the IKE SA (RFC 7296 1.3.2, 2.18):
 *
 *   HDR, SK{SA(IKE, new SPIi), Ni, KEi}  -->
 *                             <--  HDR, SK{SA(IKE, new SPIr), Nr, KEr}
 *   SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
 *
 * The Child SAs move to the new IKE SA, whose initiator is the rekey's
 * initiator; the rekey's initiator then deletes the old IKE SA. Crossed
 * rekeys (2.8.1): the new SA of the exchange with the lowest nonce is
 * redundant, and its initiator deletes it.
 */
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
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"

/* New keys for nsa from the old SA's SK_d and the new exchange. */
static int rekey_derive(struct ikesa *old, struct ikesa *nsa,
			const struct ike_dh_key *dh, const struct ike_span *ke)
{
	struct ike_crypto_nonces n = { nsa->ni, nsa->ni_len, nsa->nr,
				       nsa->nr_len };
	struct ike_secret *gir = NULL;
	uint8_t spi_i[8], spi_r[8];
	int rc;

	ike_put_be64(spi_i, nsa->spi_i);
	ike_put_be64(spi_r, nsa->spi_r);
	rc = ike_dh_compute(dh, ke->p, ke->len, &gir);
	if (!rc)
		rc = ike_crypto_sa_keys_rekey(&nsa->keys, old->keys,
					      &nsa->suite, gir, &n, spi_i,
					      spi_r);
	ike_crypto_secret_free(gir);
	if (!rc)
		rc = isa_aead_init(nsa);
	return rc;
}

/* The children move to the new SA, except those the old SA's own exchange
 * in flight holds (a Delete, a creation): that exchange ends on the old SA,
 * and frees them there. */
static void move_children(struct ikesa *nsa, struct ikesa *old)
{
	struct child_sa **pp = &old->children, *c;

	while ((c = *pp)) {
		if (c == old->x.child || c == old->x.old) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		c->next = nsa->children;
		nsa->children = c;
	}
}

/* The new SA takes over the old one's endpoints, children and work. */
static void adopt(struct ikesa *nsa, struct ikesa *old)
{
	struct task *t;

	nsa->local = old->local;
	nsa->remote = old->remote;
	nsa->natt = old->natt;
	nsa->nat_local = old->nat_local;
	nsa->nat_remote = old->nat_remote;
	nsa->peer_no_pcpu = old->peer_no_pcpu;
	nsa->pcpu_stop = old->pcpu_stop;
	nsa->peer_multisa = old->peer_multisa;
	/* what IKE_SA_INIT negotiated holds for the new SA (RFC 7383 2.3,
	 * RFC 7427 4) */
	nsa->frag = old->frag;
	nsa->peer_childless = old->peer_childless;
	nsa->peer_hashes = old->peer_hashes;
	if (old->peer_id_len && !nsa->peer_id_len)
		isa_set_peer_id(nsa, old->peer_id_type, old->peer_id,
				old->peer_id_len);
	move_children(nsa, old);
	nsa->pcpu_waits = old->pcpu_waits;
	old->pcpu_waits = NULL;
	while ((t = old->queue)) {
		old->queue = t->next;
		/* a Delete queued (down, reload, a duplicate) is for the
		 * successor too */
		if (t->kind != X_IKE_REKEY && t->kind != X_DPD)
			isa_queue(nsa, t);
		free(t);
	}
	old->queue_tail = &old->queue;
	isa_set_state(nsa, ISA_ESTABLISHED);
	nsa->rekey_ms = nsa->conn->life.rekey_time ? nsa->d->now_ms +
		(uint64_t)nsa->conn->life.rekey_time * 1000 : 0;
	nsa->dpd_ms = nsa->conn->dpd_delay ? nsa->d->now_ms +
		(uint64_t)nsa->conn->dpd_delay * 1000 : 0;
	isa_rearm(nsa);
	isa_rearm(old);
	nsa->d->st.ike_rekeys++;
	isa_info(old, "IKE SA rekeyed: now %s", isa_name(nsa));
}

int ike_rekey_i(struct ikesa *sa)
{
	struct ikesa *nsa = isa_new(sa->d, sa->conn, true);
	const struct cfg_conn *c = sa->conn;
	struct omsg *o = malloc(sizeof(*o));
	struct ike_span nonce;
	uint8_t spi[8];
	struct ike_sa offer;
	int rc = nsa && o ? 0 : -ENOMEM;

	if (!rc) {
		nsa->ni_len = IKE_NONCE_LEN;
		rc = ike_crypto_random(nsa->ni, nsa->ni_len);
	}
	if (!rc)
		rc = ike_dh_new(&sa->x.dh, sa->dh_group);
	if (!rc) {
		ike_put_be64(spi, nsa->spi_i);
		nonce = (struct ike_span){ nsa->ni, nsa->ni_len };
		omsg_begin_request(sa, o, IKE_CREATE_CHILD_SA);
		rc = prop_offer(&offer, c->ike, c->n_ike, IKE_PROTO_IKE, spi, 8,
				true);
		ike_build_sa(&o->b, &offer);
		ike_build_nonce(&o->b, &nonce);
		if (!rc)
			rc = ike_add_ke(&o->b, sa->x.dh);
	}
	if (!rc)
		rc = isa_request(sa, o, X_IKE_REKEY);
	free(o);
	if (rc) {
		isa_warn(sa, "cannot rekey the IKE SA: %s", strerror(-rc));
		if (nsa)
			isa_set_state(nsa, ISA_DEAD);
		return rc;
	}
	sa->x.new_sa = nsa;
	return 0;
}

static uint16_t rekey_r_build(struct ikesa *sa, struct ikesa *nsa,
			      const struct ike_msg *m,
			      const struct prop_choice *ch, struct omsg *o)
{
	struct ike_dh_key *dh = NULL;
	struct ike_span nr = { nsa->nr, IKE_NONCE_LEN };
	uint8_t spi[8];
	struct ike_sa reply;
	int rc;

	nsa->spi_i = ike_get_be64(ch->spi);
	nsa->suite = ch->suite;
	nsa->dh_group = ch->dh;
	nsa->ni_len = (uint16_t)m->nonce.len;
	memcpy(nsa->ni, m->nonce.p, m->nonce.len);
	nsa->nr_len = IKE_NONCE_LEN;
	rc = ike_crypto_random(nsa->nr, nsa->nr_len);
	if (!rc)
		rc = ike_dh_new(&dh, ch->dh);
	if (!rc)
		rc = rekey_derive(sa, nsa, dh, &m->ke.data);
	if (!rc) {
		ike_put_be64(spi, nsa->spi_r);
		prop_reply(&reply, ch, IKE_PROTO_IKE, spi, 8);
		omsg_begin(sa, o, IKE_CREATE_CHILD_SA, true, m->msgid);
		ike_build_sa(&o->b, &reply);
		ike_build_nonce(&o->b, &nr);
		rc = ike_add_ke(&o->b, dh);
	}
	ike_dh_free(dh);
	return rc ? IKE_N_NO_PROPOSAL_CHOSEN : 0;
}

void ike_rekey_r(struct ikesa *sa, const struct ike_msg *m)
{
	const struct cfg_conn *c = sa->conn;
	struct prop_choice ch;
	struct ikesa *nsa;
	struct omsg *o;
	uint16_t err;

	if (!ike_msg_has(m, IKE_PLD_NONCE) || !ike_msg_has(m, IKE_PLD_KE) ||
	    m->nonce.len < 16 || m->nonce.len > 256)
		return (void)isa_respond_error(sa, m->exchange, m->msgid,
					       IKE_N_INVALID_SYNTAX, NULL, 0);
	if (prop_select(&m->sa, c->ike, c->n_ike, IKE_PROTO_IKE, true, &ch) ||
	    ch.spi_size != 8)
		return (void)isa_respond_error(sa, m->exchange, m->msgid,
					       IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
	if (ch.dh != m->ke.group) {
		uint8_t g[2] = { (uint8_t)(ch.dh >> 8), (uint8_t)ch.dh };

		return (void)isa_respond_error(sa, m->exchange, m->msgid,
					       IKE_N_INVALID_KE_PAYLOAD, g, 2);
	}
	nsa = isa_new(sa->d, c, false);
	o = malloc(sizeof(*o));
	err = nsa && o ? rekey_r_build(sa, nsa, m, &ch, o) :
			 IKE_N_TEMPORARY_FAILURE;
	if (err) {
		if (nsa)
			isa_set_state(nsa, ISA_DEAD);
		isa_respond_error(sa, m->exchange, m->msgid, err, NULL, 0);
	} else {
		isa_respond(sa, o);
		sa->rekeyed_by = nsa;
		if (sa->x.kind == X_IKE_REKEY) {	/* crossed: settle later */
			isa_set_state(nsa, ISA_REKEYED);
		} else {
			adopt(nsa, sa);
			isa_set_state(sa, ISA_REKEYED);
		}
	}
	free(o);
}

static void queue_delete_ike(struct ikesa *sa)
{
	struct task t = { .kind = X_DELETE_IKE };

	isa_queue(sa, &t);
}

/* Crossed rekeys: which new SA survives (2.8.1)? */
static void rekey_settle(struct ikesa *sa, struct ikesa *ours)
{
	struct ikesa *theirs = sa->rekeyed_by;
	struct ike_span oi = { ours->ni, ours->ni_len },
			or = { ours->nr, ours->nr_len },
			ti = { theirs->ni, theirs->ni_len },
			tr = { theirs->nr, theirs->nr_len };
	uint8_t om[64], tm[64], ol, tl;

	nonce_min2(&oi, &or, om, &ol, sizeof(om));
	nonce_min2(&ti, &tr, tm, &tl, sizeof(tm));
	if (nonce_cmp(om, ol, tm, tl) < 0) {
		isa_info(sa, "IKE rekey collision: ours is redundant");
		adopt(theirs, sa);
		isa_set_state(sa, ISA_REKEYED);
		isa_set_state(ours, ISA_ESTABLISHED);
		queue_delete_ike(ours);
	} else {
		isa_info(sa, "IKE rekey collision: ours wins");
		adopt(ours, sa);
		isa_set_state(sa, ISA_ESTABLISHED);	/* to send its Delete */
		queue_delete_ike(sa);
	}
}

void ike_rekey_i_done(struct ikesa *sa, const struct ike_msg *m)
{
	struct ikesa *nsa = sa->x.new_sa;
	const struct cfg_conn *c = sa->conn;
	struct prop_choice ch;
	int rc = -EBADMSG;

	sa->x.new_sa = NULL;
	if (nsa && ike_msg_has(m, IKE_PLD_NONCE) &&
	    ike_msg_has(m, IKE_PLD_KE) && m->nonce.len >= 16 &&
	    m->nonce.len <= 256 &&
	    !prop_check_reply(&m->sa, c->ike, c->n_ike, IKE_PROTO_IKE, true,
			      &ch) && ch.spi_size == 8 && ch.dh == sa->dh_group) {
		nsa->spi_r = ike_get_be64(ch.spi);
		nsa->suite = ch.suite;
		nsa->dh_group = ch.dh;
		nsa->nr_len = (uint16_t)m->nonce.len;
		memcpy(nsa->nr, m->nonce.p, m->nonce.len);
		rc = rekey_derive(sa, nsa, sa->x.dh, &m->ke.data);
	}
	if (rc) {
		isa_warn(sa, "IKE rekey failed (%s); retrying later",
			 ike_notify_name(ike_msg_error(m)));
		if (nsa)
			isa_set_state(nsa, ISA_DEAD);
		sa->rekey_ms = sa->d->now_ms + 10000;
	} else if (sa->rekeyed_by) {
		rekey_settle(sa, nsa);
	} else {
		adopt(nsa, sa);
		queue_delete_ike(sa);
	}
	isa_xchg_done(sa);
}
