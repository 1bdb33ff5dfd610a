// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE_SA_INIT (RFC 7296 1.2), both roles:
 *
 *   HDR, [N(COOKIE),] SAi1, KEi, Ni, N(NATD_S), N(NATD_D)  -->
 *                        <--  HDR, SAr1, KEr, Nr, N(NATD_S), N(NATD_D)
 *
 * with the detours of 1.2/2.6/2.7: the responder may ask for a COOKIE
 * (under load) or for another group (INVALID_KE_PAYLOAD); the initiator
 * retries once per detour. The messages are kept for AUTH (2.15).
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
#include "cert_pld.h"
#include "child_create.h"
#include "child_rekey.h"
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"
#include "ext.h"
#include "vid.h"

#define INIT_RETRIES_MAX 3	/* COOKIE / INVALID_KE detours */

int sa_init_derive(struct ikesa *sa, const struct ike_span *peer_ke)
{
	struct ike_crypto_nonces n = { sa->ni, sa->ni_len, sa->nr, sa->nr_len };
	struct ike_secret *gir = NULL;
	uint8_t spi_i[8], spi_r[8];
	int rc;

	ike_put_be64(spi_i, sa->spi_i);
	ike_put_be64(spi_r, sa->spi_r);
	rc = ike_dh_compute(sa->dh, peer_ke->p, peer_ke->len, &gir);
	if (!rc)
		rc = ike_crypto_sa_keys_derive(&sa->keys, &sa->suite, gir, &n,
					       spi_i, spi_r);
	ike_crypto_secret_free(gir);
	if (!rc)
		rc = isa_aead_init(sa);
	return rc;
}

/* Builds and sends (or resends, after a detour) our request. */
static int sa_init_send(struct ikesa *sa)
{
	const struct cfg_conn *c = sa->conn;
	struct ike_span nonce = { sa->ni, sa->ni_len };
	uint8_t mem[IKE_MSG_MAX];
	struct ike_buf b;
	struct ike_sa offer;
	int rc;

	ike_buf_init(&b, mem, sizeof(mem));
	ike_build_header(&b, sa->spi_i, 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	if (sa->cookie_len)
		ike_build_notify_data(&b, IKE_N_COOKIE, sa->cookie,
				      sa->cookie_len);
	rc = prop_offer(&offer, c->ike, c->n_ike, IKE_PROTO_IKE, NULL, 0, true);
	if (!rc)
		rc = ike_build_sa(&b, &offer);
	if (!rc)
		rc = ike_add_ke(&b, sa->dh);
	ike_build_nonce(&b, &nonce);
	natd_add(&b, sa->spi_i, 0, &sa->local, &sa->remote,
		 sa->conn->encap);
	if (!rc)
		rc = vid_add(&b);
	if (!rc)
		rc = ext_add(sa, &b, NULL);
	if (!rc)
		rc = cert_pld_add_hashes(&b, c);
	if (!rc)
		rc = ike_build_finish(&b);
	if (rc) {
		isa_warn(sa, "cannot build IKE_SA_INIT: %s", strerror(-rc));
		return rc;
	}
	free(sa->init_i);
	sa->init_i = ike_memdup(b.p, b.len);
	if (!sa->init_i)
		return -ENOMEM;
	sa->init_i_len = b.len;
	sa->msgid_out = 0;
	return isa_request_keep(sa, b.p, b.len, X_SA_INIT);
}

static void addr_from_cfg(struct ike_addr *a, const struct msa_ip *ip,
			  uint16_t port)
{
	a->ip = *ip;
	a->port = port;
}

int sa_init_start(struct ike_daemon *d, const struct cfg_conn *conn,
		  struct ikesa **out)
{
	struct ikesa *sa;
	int rc;

	if (!conn->remote_addr.family) {
		msa_warn("%s%s: cannot initiate: remote_addrs is %%any",
			 d->name, conn->name);
		return -EDESTADDRREQ;
	}
	sa = isa_new(d, conn, true);
	if (!sa)
		return -ENOMEM;
	addr_from_cfg(&sa->local, &conn->local_addr, conn->local_port);
	addr_from_cfg(&sa->remote, &conn->remote_addr, conn->remote_port);
	sa->ni_len = IKE_NONCE_LEN;
	rc = ike_crypto_random(sa->ni, sa->ni_len);
	if (!rc)
		rc = ike_dh_new(&sa->dh, prop_first_dh(conn->ike, conn->n_ike));
	if (!rc)
		rc = sa_init_send(sa);
	if (rc) {
		isa_warn(sa, "cannot initiate: %s", strerror(-rc));
		isa_free(sa);
		return rc;
	}
	isa_info(sa, "initiating IKE_SA to port %u", sa->remote.port);
	*out = sa;
	return 0;
}

/* N(COOKIE) or N(INVALID_KE_PAYLOAD): retry; true if handled. */
static bool init_detour(struct ikesa *sa, const struct ike_msg *m)
{
	const struct ike_notify *n;
	uint16_t group;

	if (++sa->tries > INIT_RETRIES_MAX)
		return false;
	n = ike_msg_notify(m, IKE_N_COOKIE);
	if (n && n->data.len >= 1 && n->data.len <= sizeof(sa->cookie)) {
		isa_info(sa, "responder asks for a cookie, retrying");
		sa->cookie_len = (uint8_t)n->data.len;
		memcpy(sa->cookie, n->data.p, n->data.len);
		return sa_init_send(sa) == 0;
	}
	n = ike_msg_notify(m, IKE_N_INVALID_KE_PAYLOAD);
	if (!n || n->data.len != 2)
		return false;
	group = (uint16_t)(n->data.p[0] << 8 | n->data.p[1]);
	if (group == ike_dh_group(sa->dh) ||
	    !prop_has_dh(sa->conn->ike, sa->conn->n_ike, group)) {
		isa_warn(sa, "responder wants DH group %u, not ours", group);
		return false;
	}
	isa_info(sa, "responder wants DH group %u, retrying", group);
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	return !ike_dh_new(&sa->dh, group) && !sa_init_send(sa);
}

/* Take SAr1, KEr, Nr; float to 4500 if a NAT is there. */
static int init_take(struct ikesa *sa, const struct ike_msg *m,
		     const uint8_t *buf, size_t len)
{
	const struct cfg_conn *c = sa->conn;
	struct prop_choice ch;

	if (!ike_msg_has(m, IKE_PLD_SA) || !ike_msg_has(m, IKE_PLD_KE) ||
	    !ike_msg_has(m, IKE_PLD_NONCE) || m->rspi == 0 ||
	    m->nonce.len < 16 || m->nonce.len > 256)
		return -EBADMSG;
	if (prop_check_reply(&m->sa, c->ike, c->n_ike, IKE_PROTO_IKE, true,
			     &ch) || ch.dh != ike_dh_group(sa->dh) ||
	    m->ke.group != ch.dh)
		return -ENOENT;
	sa->spi_r = m->rspi;
	sa->suite = ch.suite;
	sa->dh_group = ch.dh;
	sa->nr_len = (uint16_t)m->nonce.len;
	memcpy(sa->nr, m->nonce.p, m->nonce.len);
	sa->init_r = ike_memdup(buf, len);
	if (!sa->init_r)
		return -ENOMEM;
	sa->init_r_len = len;
	natd_check(m, sa->spi_i, sa->spi_r, &sa->local, &sa->remote,
		   &sa->nat_local, &sa->nat_remote);
	vid_take(sa, m);
	ext_take(sa, m);
	cert_pld_take_hashes(sa, m);
	return sa_init_derive(sa, &m->ke.data);
}

static void init_float(struct ikesa *sa)
{
	if (!sa->nat_local && !sa->nat_remote && !sa->conn->encap)
		return;
	isa_info(sa, "%s, floating to port %u", sa->nat_local ?
		 "this end is behind a NAT" : sa->nat_remote ?
		 "the peer is behind a NAT" : "UDP encapsulation forced",
		 sa->d->cfg->global.port_natt);
	sa->natt = true;
	sa->local.port = sa->d->cfg->global.port_natt;
	sa->remote.port = IKE_NATT_PORT;
}

void sa_init_response(struct ike_daemon *d, const struct ike_msg *m,
		      const uint8_t *buf, size_t len,
		      const struct ike_addr *remote)
{
	struct ikesa *sa = isa_find(d, m->ispi);
	uint16_t err;
	int rc;

	if (!sa || !sa->initiator || sa->state != ISA_INIT_I ||
	    sa->x.kind != X_SA_INIT || m->msgid != 0)
		return;
	err = ike_msg_error(m);
	if ((err || ike_msg_notify(m, IKE_N_COOKIE)) && init_detour(sa, m))
		return;
	if (err) {
		isa_warn(sa, "IKE_SA_INIT refused: %s", ike_notify_name(err));
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	rc = init_take(sa, m, buf, len);
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	if (rc) {
		isa_warn(sa, "bad IKE_SA_INIT response: %s", rc == -ENOENT ?
			 "proposal we did not offer" : strerror(-rc));
		isa_set_state(sa, ISA_DEAD);
		return;
	}
	init_float(sa);
	free(sa->x.req);
	memset(&sa->x, 0, sizeof(sa->x));
	if (auth_i_send(sa))
		isa_set_state(sa, ISA_DEAD);
}
