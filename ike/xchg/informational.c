// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * INFORMATIONAL (RFC 7296 1.4, 1.5, 2.4): deleting Child SAs and the IKE
 * SA, and liveness checks.
 *
 *   HDR, SK{D(ESP, our inbound SPIs)}  -->  <--  HDR, SK{D(ESP, theirs)}
 *   HDR, SK{D(IKE)}                    -->  <--  HDR, SK{}
 *   HDR, SK{}                          -->  <--  HDR, SK{}        (DPD)
 *
 * Simultaneous deletes of one Child SA: each side just deletes, and leaves
 * the SA out of its response (1.4.1).
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

static int info_request(struct ikesa *sa, const struct ike_delete *del,
			enum xchg_kind kind)
{
	struct omsg *o = malloc(sizeof(*o));
	int rc;

	if (!o)
		return -ENOMEM;
	omsg_begin_request(sa, o, IKE_INFORMATIONAL);
	if (del)
		ike_build_delete(&o->b, del);
	rc = isa_request(sa, o, kind);
	free(o);
	return rc;
}

int delete_child_i(struct ikesa *sa, const struct task *t)
{
	struct child_sa *c = child_find_id(sa, t->child_id);
	uint32_t spi;
	struct ike_delete del = { IKE_PROTO_ESP, 4, 1,
				  { (const uint8_t *)&spi, 4 } };
	int rc;

	if (!c || c->state == CHILD_DELETING)
		return -ENOENT;
	spi = htonl(c->spi_in);
	child_set_state(sa, c, CHILD_DELETING);
	rc = info_request(sa, &del, X_DELETE_CHILD);
	if (rc)
		child_remove(sa, c);
	else
		sa->x.old = c;
	return rc;
}

int delete_ike_i(struct ikesa *sa)
{
	struct ike_delete del = { IKE_PROTO_IKE, 0, 0, { NULL, 0 } };
	int rc = info_request(sa, &del, X_DELETE_IKE);

	isa_set_state(sa, rc ? ISA_DEAD : ISA_DELETING);
	isa_info(sa, "deleting the IKE SA");
	return rc;
}

/*
 * RFC 7296 2.21.2: the initiator that refuses the responder's AUTH says so
 * in an INFORMATIONAL of its own (the responder already counts the IKE SA
 * as up), sent once: the IKE SA goes right after.
 */
int auth_failed_i(struct ikesa *sa)
{
	struct omsg *o = malloc(sizeof(*o));
	int rc;

	if (!o)
		return -ENOMEM;
	omsg_begin_request(sa, o, IKE_INFORMATIONAL);
	ike_build_notify_data(&o->b, IKE_N_AUTHENTICATION_FAILED, NULL, 0);
	rc = isa_request(sa, o, X_DELETE_IKE);
	free(o);
	return rc;
}

int dpd_i(struct ikesa *sa)
{
	isa_debug(sa, "liveness check");
	return info_request(sa, NULL, X_DPD);
}

/* Deletes the children the peer named; their inbound SPIs go in *back. */
static void delete_children(struct ikesa *sa, const struct ike_delete *d,
			    uint32_t *back, uint16_t *n_back)
{
	for (unsigned int i = 0; i < d->num_spi; i++) {
		struct child_sa *c = child_find_spi(sa, ike_delete_spi(d, i),
						    false);

		if (!c) {
			isa_debug(sa, "Delete for unknown SPI %08x",
				  ike_delete_spi(d, i));
			continue;
		}
		isa_info(sa, "peer deletes child %s{%llu}", c->cfg->name,
			 (unsigned long long)c->id);
		if (c->state != CHILD_DELETING && *n_back < 64)
			back[(*n_back)++] = htonl(c->spi_in);
		child_remove(sa, c);
	}
}

void informational_r(struct ikesa *sa, const struct ike_msg *m)
{
	uint32_t back[64];
	uint16_t n_back = 0;
	struct ike_delete del = { IKE_PROTO_ESP, 4, 0,
				  { (const uint8_t *)back, 0 } };
	struct omsg *o = malloc(sizeof(*o));
	bool ike_gone = false;

	if (ike_msg_notify(m, IKE_N_AUTHENTICATION_FAILED)) {
		isa_warn(sa, "the peer refused our authentication "
			 "(AUTHENTICATION_FAILED)");
		ike_gone = true;
	}
	for (int i = 0; i < m->n_delete; i++) {
		if (m->del[i].proto == IKE_PROTO_IKE)
			ike_gone = true;
		else if (m->del[i].proto == IKE_PROTO_ESP &&
			 m->del[i].spi_size == 4)
			delete_children(sa, &m->del[i], back, &n_back);
	}
	if (!o)
		return;
	omsg_begin(sa, o, IKE_INFORMATIONAL, true, m->msgid);
	if (n_back && !ike_gone) {
		del.num_spi = n_back;
		del.spis.len = 4u * n_back;
		ike_build_delete(&o->b, &del);
	}
	isa_respond(sa, o);
	free(o);
	if (ike_gone) {
		isa_info(sa, "peer deleted the IKE SA");
		isa_set_state(sa, ISA_DEAD);
	}
}

void informational_i_done(struct ikesa *sa, const struct ike_msg *m)
{
	switch (sa->x.kind) {
	case X_DELETE_CHILD:
		if (sa->x.old)
			child_remove(sa, sa->x.old);
		break;
	case X_DELETE_IKE:
		isa_set_state(sa, ISA_DEAD);
		return;
	case X_DPD:
		isa_debug(sa, "peer is alive");
		break;
	}
	isa_xchg_done(sa);
}
