// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE_AUTH's ID and AUTH (RFC 7296 1.2, 2.15), with pre-shared keys here
 * and signatures in auth_sig.c (auth = pubkey):
 *
 *   HDR, SK{IDi, [CERT+,] [CERTREQ,] [IDr,] AUTH, [N(INITIAL_CONTACT),]
 *           [N(USE_TRANSPORT_MODE),] SAi2, TSi, TSr}  -->
 *            <--  HDR, SK{IDr, [CERT+,] AUTH, [N(USE_TRANSPORT_MODE),]
 *                         SAr2, TSi, TSr}
 *
 * PSK: AUTH = prf(prf(PSK, "Key Pad for IKEv2"), <msg> | <nonce> | MACedID).
 * A Child SA that cannot be agreed does not fail the IKE SA (1.2): the
 * responder answers with the notify instead of SAr2/TSi/TSr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "codec/nonce.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/sa_dup.h"
#include "state/task.h"
#include "state/timer.h"
#include "child/child.h"
#include "child/child_kernel.h"
#include "child/pcpu.h"
#include "child/pcpu_encap.h"
#include "child/pcpu_msg.h"
#include "child/pcpu_policy.h"
#include "child/proposal.h"
#include "crypto/pki.h"
#include "auth.h"
#include "auth_sig.h"
#include "auth_xchg.h"
#include "cert_pld.h"
#include "child_create.h"
#include "cookie.h"
#include "child_rekey.h"
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"

/* Our ID payload: the configured one, or our address. */
static void id_ours(const struct ikesa *sa, struct ike_id *id,
		    uint8_t body[4 + CFG_ID_MAX], size_t *body_len)
{
	const struct cfg_id *c = &sa->conn->local_id;
	bool v6 = sa->local.ip.family == AF_INET6;
	size_t len = c->type ? c->len : v6 ? 16 : 4;

	memset(body, 0, 4);
	body[0] = c->type ? c->type : v6 ? IKE_ID_IPV6_ADDR : IKE_ID_IPV4_ADDR;
	memcpy(body + 4, c->type ? c->data : sa->local.ip.addr, len);
	*body_len = 4 + len;
	id->type = body[0];
	id->data.p = body + 4;
	id->data.len = len;
}

static bool id_acceptable(const struct ikesa *sa, const struct ike_id *id)
{
	const struct cfg_id *want = &sa->conn->remote_id;

	if (!want->type)
		return true;
	if (id->type == IKE_ID_DER_ASN1_DN && want->type == id->type)
		return ike_x509_dn_equal(id->data.p, id->data.len, want->data,
					 want->len);
	return id->type == want->type && id->data.len == want->len &&
	       !memcmp(id->data.p, want->data, want->len);
}

/*
 * AUTH of the message sent by the initiator (by_i) or the responder:
 * its IKE_SA_INIT message, the other's nonce, prf(SK_p, ID body).
 */
int auth_compute(const struct ikesa *sa, bool by_i, const uint8_t *id_body,
		 size_t id_len, uint8_t *out, size_t *out_len)
{
	uint8_t maced[64];
	struct ike_crypto_iov oct[3];
	struct ike_secret *psk = NULL;
	int rc;

	if (!sa->conn->psk_len)
		return -EINVAL;
	rc = auth_octets(sa, by_i, id_body, id_len, maced, oct);
	if (!rc)
		rc = ike_crypto_secret_new(&psk, sa->conn->psk,
					   sa->conn->psk_len);
	if (!rc)
		rc = ike_crypto_psk_auth(sa->suite.prf, psk, oct, 3, out,
					 oct[2].len);
	ike_crypto_secret_free(psk);
	explicit_bzero(maced, sizeof(maced));
	*out_len = oct[2].len;
	return rc;
}

int auth_add_ours(struct ikesa *sa, struct ike_buf *b)
{
	const struct cfg_conn *c = sa->conn;
	uint8_t body[4 + CFG_ID_MAX], mac[64];
	struct ike_auth auth = { IKE_AUTH_PSK, { mac, 0 } };
	struct ike_id id;
	size_t len;
	int rc = 0;

	id_ours(sa, &id, body, &len);
	if (c->local_auth == CFG_AUTH_PSK)
		rc = auth_compute(sa, sa->initiator, body, len, mac,
				  &auth.data.len);
	if (rc)
		return rc;
	ike_build_id(b, sa->initiator ? IKE_PLD_IDI : IKE_PLD_IDR, &id);
	if (c->local_auth == CFG_AUTH_PUBKEY)
		cert_pld_add_certs(b, c);
	if (sa->initiator)
		cert_pld_add_certreq(b, c);
	if (c->local_auth == CFG_AUTH_PUBKEY)
		return auth_sig_add(sa, b, body, len);
	return ike_build_auth(b, &auth);
}

static bool psk_ok(const struct ikesa *sa, const struct ike_msg *m,
		   const struct ike_id *id)
{
	uint8_t want[64];
	size_t len;
	bool ok;

	ok = !auth_compute(sa, !sa->initiator, id->body.p, id->body.len, want,
			   &len) && m->auth.data.len == len &&
	     ike_crypto_equal(m->auth.data.p, want, len);
	explicit_bzero(want, sizeof(want));
	return ok;
}

/* The same over the peer's IKE_SA_INIT retry with our cookie (cookie.h). */
static bool psk_ok_over_retry(struct ikesa *sa, const struct ike_msg *m,
			      const struct ike_id *id)
{
	struct cookie_swap sw;
	bool ok;

	if (cookie_retry_try(sa, &sw))
		return false;
	ok = psk_ok(sa, m, id);
	cookie_retry_done(sa, &sw, ok);
	return ok;
}

/* Checks the peer's ID and AUTH payloads. */
int auth_verify_peer(struct ikesa *sa, const struct ike_msg *m)
{
	const struct ike_id *id = sa->initiator ? &m->idr : &m->idi;

	if (!ike_msg_has(m, sa->initiator ? IKE_PLD_IDR : IKE_PLD_IDI) ||
	    !ike_msg_has(m, IKE_PLD_AUTH))
		return -EBADMSG;
	if (!id_acceptable(sa, id)) {
		isa_warn(sa, "peer ID (type %u) is not the configured one",
			 id->type);
		return -EACCES;
	}
	if (sa->conn->remote_auth == CFG_AUTH_PUBKEY) {
		if (auth_sig_verify(sa, m, id))
			return -EACCES;
		return isa_set_peer_id(sa, id->type, id->data.p,
				       id->data.len);
	}
	if (m->auth.method != IKE_AUTH_PSK) {
		isa_warn(sa, "peer uses AUTH method %u, we expect PSK (2)",
			 m->auth.method);
		return -EACCES;
	}
	if (!psk_ok(sa, m, id) && !psk_ok_over_retry(sa, m, id)) {
		isa_warn(sa, "peer AUTH does not verify (wrong PSK?)");
		return -EACCES;
	}
	return isa_set_peer_id(sa, id->type, id->data.p, id->data.len);
}
