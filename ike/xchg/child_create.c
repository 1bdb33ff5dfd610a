// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CREATE_CHILD_SA for a Child SA (RFC 7296 1.3.1), new or a rekey (1.3.3):
 *
 *   HDR, SK{[N(REKEY_SA),] SA, Ni, [KEi,] [N(USE_TRANSPORT_MODE),]
 *           TSi, TSr}  -->
 *                      <--  HDR, SK{SA, Nr, [KEr,] TSi, TSr}
 *
 * The rekey's own rules (which SA dies, collisions) are in child_rekey.c.
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

int child_xchg_request(struct ikesa *sa, struct child_sa *c,
		       struct child_sa *old, enum xchg_kind kind)
{
	struct ike_span nonce = { sa->x.nonce, IKE_NONCE_LEN };
	struct omsg *o = malloc(sizeof(*o));
	struct ike_dh_key *dh = NULL;
	int rc;

	if (!o)
		return -ENOMEM;
	c->pfs_group = prop_first_dh(c->cfg->esp, c->cfg->n_esp);
	rc = ike_crypto_random(sa->x.nonce, IKE_NONCE_LEN);
	if (!rc && c->pfs_group)
		rc = ike_dh_new(&dh, c->pfs_group);
	if (!rc && !c->spi_in)
		rc = child_alloc_spi(sa, c);
	omsg_begin_request(sa, o, IKE_CREATE_CHILD_SA);
	if (!rc && old) {
		uint32_t spi = htonl(old->spi_in);
		struct ike_notify n = { IKE_PROTO_ESP, IKE_N_REKEY_SA,
					{ (uint8_t *)&spi, 4 }, { NULL, 0 } };

		ike_build_notify(&o->b, &n);
	}
	if (!rc)
		rc = child_add_offer(sa, &o->b, c, c->pfs_group != 0);
	ike_build_nonce(&o->b, &nonce);
	if (!rc && dh)
		rc = ike_add_ke(&o->b, dh);
	if (!rc)
		rc = pcpu_add_request(sa, c, &o->b);
	if (!rc)
		rc = isa_request(sa, o, kind);
	free(o);
	if (rc) {
		ike_dh_free(dh);
		return rc;
	}
	sa->x.dh = dh;
	sa->x.child = c;
	sa->x.old = old;
	return 0;
}

int child_create_i(struct ikesa *sa, const struct task *t)
{
	struct child_sa *c;
	int rc;

	/* queued before the IKE SA was up, and its IKE_AUTH (ours or the
	 * peer's) brought this child already */
	if (t->cpu == MSA_KCPU_NONE && child_fallback_exists(sa, t->cfg)) {
		isa_debug(sa, "child %s: already up", t->cfg->name);
		return 0;
	}
	/* a per-CPU one: the peer's SA may have covered the CPU meanwhile,
	 * or the cap been reached */
	if (t->cpu != MSA_KCPU_NONE &&
	    (!pcpu_cpu_usable(sa, t->cfg, t->cpu) ||
	     pcpu_cpu_covered(sa, t->cfg, t->cpu) ||
	     pcpu_count(sa, t->cfg) >= pcpu_cap(sa, t->cfg))) {
		isa_debug(sa, "child %s: CPU %u offline, covered or at the "
			  "cap: not asked", t->cfg->name, t->cpu);
		return 0;
	}
	c = child_new(sa, t->cfg);
	if (!c)
		return -ENOMEM;
	c->cpu = t->cpu;
	rc = child_xchg_request(sa, c, NULL, X_CHILD_CREATE);
	if (rc) {
		isa_warn(sa, "cannot start child %s: %s", t->cfg->name,
			 strerror(-rc));
		child_remove(sa, c);
	}
	return rc;
}

/* g^ir of a PFS exchange: from our key and the peer's KE. */
static int child_gir(struct ike_dh_key *dh, const struct ike_msg *m,
		     struct ike_secret **gir)
{
	*gir = NULL;
	if (!dh)
		return ike_msg_has(m, IKE_PLD_KE) ? -EPROTO : 0;
	if (!ike_msg_has(m, IKE_PLD_KE) || m->ke.group != ike_dh_group(dh))
		return -EPROTO;
	return ike_dh_compute(dh, m->ke.data.p, m->ke.data.len, gir);
}

/* Responder: choose, derive, install; the reply or the error notify. */
static uint16_t child_respond_build(struct ikesa *sa, const struct ike_msg *m,
				    struct child_sa *c, struct omsg *o)
{
	struct ike_span ni = m->nonce, nr = { sa->x.nonce, IKE_NONCE_LEN };
	uint8_t nonce[IKE_NONCE_LEN];
	struct ike_dh_key *dh = NULL;
	struct ike_secret *gir = NULL;
	uint16_t err = 0;

	nr.p = nonce;
	if (ike_crypto_random(nonce, sizeof(nonce)) ||
	    (c->pfs_group && ike_dh_new(&dh, c->pfs_group)))
		return IKE_N_TEMPORARY_FAILURE;
	if (child_gir(dh, m, &gir))
		err = IKE_N_INVALID_SYNTAX;
	if (!err && (child_alloc_spi(sa, c) ||
		     pcpu_install(sa, c, gir, &ni, &nr)))
		err = IKE_N_TEMPORARY_FAILURE;
	ike_crypto_secret_free(gir);
	if (!err) {
		child_add_reply(sa, &o->b, c);
		ike_build_nonce(&o->b, &nr);
		if (dh)
			ike_add_ke(&o->b, dh);
		pcpu_add_reply(sa, c, &o->b);
	}
	ike_dh_free(dh);
	return err;
}

/* Is the peer's KE group the one we chose? If not, INVALID_KE_PAYLOAD. */
static bool child_ke_ok(struct ikesa *sa, const struct ike_msg *m,
			const struct child_sa *c)
{
	uint8_t g[2] = { (uint8_t)(c->pfs_group >> 8), (uint8_t)c->pfs_group };

	if (!c->pfs_group || (ike_msg_has(m, IKE_PLD_KE) &&
			      m->ke.group == c->pfs_group))
		return true;
	isa_respond_error(sa, IKE_CREATE_CHILD_SA, m->msgid,
			  IKE_N_INVALID_KE_PAYLOAD, g, 2);
	return false;
}

/* child_sas_max: every Child SA of the IKE SA counts, old ones waiting for
 * their Delete too (a peer that rekeys without deleting meets it); a rekey
 * may go one over, its old SA goes soon. */
static bool children_full(struct ikesa *sa, bool rekey)
{
	uint32_t n = 0, max = sa->d->cfg->global.child_sas_max + rekey;

	for (const struct child_sa *c = sa->children; c; c = c->next)
		n++;
	if (n < max)
		return false;
	if (sa->d->st.lim_child_sas++ % 100 == 0)
		isa_warn(sa, "%u Child SAs, the limit (child_sas_max): "
			 "NO_ADDITIONAL_SAS", n);
	return true;
}

struct child_sa *child_xchg_respond(struct ikesa *sa, const struct ike_msg *m,
				    const struct cfg_child *only,
				    struct child_sa *old)
{
	struct child_sa *c;
	struct omsg *o;
	uint16_t err = 0;

	if (!ike_msg_has(m, IKE_PLD_NONCE) || m->nonce.len < 16) {
		isa_respond_error(sa, m->exchange, m->msgid,
				  IKE_N_INVALID_SYNTAX, NULL, 0);
		return NULL;
	}
	if (children_full(sa, old != NULL)) {
		isa_respond_error(sa, m->exchange, m->msgid,
				  IKE_N_NO_ADDITIONAL_SAS, NULL, 0);
		return NULL;
	}
	c = child_choose(sa, m, only, true, &err);
	if (c && !child_ke_ok(sa, m, c)) {
		child_remove(sa, c);
		return NULL;
	}
	if (c && old)		/* a rekey keeps the binding (RFC 9611) */
		pcpu_keep_binding(c, old);
	if (c && !old)
		err = pcpu_take_request(sa, c, m);
	o = malloc(sizeof(*o));
	if (!err && !o)
		err = IKE_N_TEMPORARY_FAILURE;
	if (!err) {
		omsg_begin(sa, o, IKE_CREATE_CHILD_SA, true, m->msgid);
		err = child_respond_build(sa, m, c, o);
	}
	if (!err)
		isa_respond(sa, o);
	free(o);
	if (err) {
		if (c)
			child_remove(sa, c);
		isa_respond_error(sa, m->exchange, m->msgid, err, NULL, 0);
		return NULL;
	}
	return c;
}

void child_create_r(struct ikesa *sa, const struct ike_msg *m)
{
	child_xchg_respond(sa, m, NULL, NULL);
}

int child_xchg_done(struct ikesa *sa, const struct ike_msg *m,
		    struct child_sa *c)
{
	struct ike_span ni = { sa->x.nonce, IKE_NONCE_LEN }, nr = m->nonce;
	struct ike_secret *gir = NULL;
	uint16_t err = ike_msg_error(m);
	int rc;

	if (err) {
		isa_warn(sa, "child %s refused: %s", c->cfg->name,
			 ike_notify_name(err));
		pcpu_refused(sa, c, err);
		return -EPERM;
	}
	rc = ike_msg_has(m, IKE_PLD_NONCE) && m->nonce.len >= 16 ? 0 :
								   -EBADMSG;
	if (!rc)
		rc = child_take_reply(sa, c, m, c->pfs_group != 0);
	if (!rc)
		rc = child_gir(sa->x.dh, m, &gir);
	if (!rc)
		pcpu_take_reply(sa, c, m);
	if (!rc)
		rc = pcpu_install(sa, c, gir, &ni, &nr);
	ike_crypto_secret_free(gir);
	if (rc)
		isa_warn(sa, "child %s not agreed: %s", c->cfg->name,
			 strerror(-rc));
	return rc;
}

void child_create_i_done(struct ikesa *sa, const struct ike_msg *m)
{
	struct child_sa *c = sa->x.child;

	sa->x.child = NULL;
	if (c && child_xchg_done(sa, m, c))
		child_remove(sa, c);
	isa_xchg_done(sa);
}
