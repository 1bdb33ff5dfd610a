// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE_SA_INIT, responder side (RFC 7296 1.2, 2.6, 2.7):
 *
 *   HDR, SAi1, KEi, Ni, N(NATD)*  -->
 *     <-- HDR, N(COOKIE)                    when too many SAs are half open
 *     <-- HDR, N(INVALID_KE_PAYLOAD)        KEi is not the group we chose
 *     <-- HDR, N(NO_PROPOSAL_CHOSEN)        nothing acceptable
 *     <-- HDR, SAr1, KEr, Nr, N(NATD)*      otherwise
 */
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
#include "cookie.h"
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

/* An unprotected response with one notify, outside any SA. */
static void init_reject(struct ike_daemon *d, const struct ike_msg *m,
			const struct ike_addr *local,
			const struct ike_addr *remote, uint16_t type,
			const void *data, size_t len)
{
	uint8_t mem[512];
	struct ike_buf b;

	ike_peer_log(d, MSA_LOG_INFO, "IKE_SA_INIT from port %u: answering %s",
		     remote->port, ike_notify_name(type));
	/* a COOKIE is no bigger than the request and is what lets real
	 * peers through a flood: never held back */
	if (type != IKE_N_COOKIE &&
	    !ike_budget_take(&d->reply_budget, d->now_ms, IKE_REPLY_PER_S))
		return;
	ike_buf_init(&b, mem, sizeof(mem));
	ike_build_header(&b, m->ispi, 0, IKE_SA_INIT, IKE_FLAG_RESPONSE,
			 m->msgid);
	ike_build_notify_data(&b, type, data, len);
	if (!ike_build_finish(&b))
		ike_send_raw(d, local, remote, b.p, b.len);
}

static bool ip_match(const struct msa_ip *want, const struct msa_ip *have)
{
	if (!want->family)
		return true;
	return want->family == have->family &&
	       !memcmp(want->addr, have->addr, sizeof(want->addr));
}

static const struct cfg_conn *conn_for(const struct ike_daemon *d,
				       const struct ike_addr *local,
				       const struct ike_addr *remote)
{
	for (const struct cfg_conn *c = d->cfg->conns; c; c = c->next)
		if (ip_match(&c->local_addr, &local->ip) &&
		    ip_match(&c->remote_addr, &remote->ip))
			return c;
	return NULL;
}

/* Does the request carry the cookie we would give it (its address is
 * real)? */
static bool cookie_valid(const struct ike_daemon *d, const struct ike_msg *m,
			 const struct ike_addr *remote)
{
	const struct ike_notify *n = ike_msg_notify(m, IKE_N_COOKIE);
	uint8_t want[64];
	size_t len;

	return n && !cookie_make(d, &m->nonce, m->ispi, remote, want, &len) &&
	       n->data.len == len && !memcmp(n->data.p, want, len);
}

/* Answer with a cookie: the peer proves its address first. */
static void cookie_ask(struct ike_daemon *d, const struct ike_msg *m,
		       const struct ike_addr *local,
		       const struct ike_addr *remote)
{
	uint8_t want[64];
	size_t len;

	if (cookie_make(d, &m->nonce, m->ispi, remote, want, &len))
		return;
	d->st.cookies++;
	init_reject(d, m, local, remote, IKE_N_COOKIE, want, len);
}

/* IKE SAs with this peer address: all, half-open (IKE_SA_INIT answered),
 * and the oldest half-open one whose address was never proven. */
static void count_from(const struct ike_daemon *d, const struct ike_addr *remote,
		       uint32_t *all, uint32_t *half, struct ikesa **unproven)
{
	*all = *half = 0;
	*unproven = NULL;
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		if (memcmp(&sa->remote.ip, &remote->ip, sizeof(remote->ip)))
			continue;
		(*all)++;
		if (sa->state != ISA_INIT_R)
			continue;
		(*half)++;
		if (!sa->cookie_verified &&
		    (!*unproven || sa->created_ms <= (*unproven)->created_ms))
			*unproven = sa;
	}
}

/*
 * Room for one more half-open SA of this address? half_open_max and
 * ike_sas_max in all, ike_sas_per_peer and half_open_per_source per
 * address. Past a per-address limit, an address that did not prove itself
 * (no cookie) is asked to; one that did takes the place of the oldest
 * unproven half-open SA of its address (spoofed ones cannot lock a real
 * peer out), or is dropped when there is none.
 */
static bool half_open_room(struct ike_daemon *d, const struct ike_msg *m,
			   const struct ike_addr *local,
			   const struct ike_addr *remote, bool proven)
{
	const struct cfg_global *g = &d->cfg->global;
	struct ikesa *unproven;
	uint32_t all, half;

	if (d->n_half_open >= g->half_open_max || d->n_sas >= g->ike_sas_max) {
		d->st.lim_half_open++;
		ike_peer_log(d, MSA_LOG_WARN, "IKE_SA_INIT dropped: %u IKE SAs, "
			     "%u half open (ike_sas_max, half_open_max)",
			     d->n_sas, d->n_half_open);
		return false;
	}
	count_from(d, remote, &all, &half, &unproven);
	if (all < g->ike_sas_per_peer && half < g->half_open_per_source)
		return true;
	if (!proven) {
		cookie_ask(d, m, local, remote);
		return false;
	}
	if (unproven) {
		isa_set_state(unproven, ISA_DEAD);
		return true;
	}
	d->st.lim_half_open_src++;
	ike_peer_log(d, MSA_LOG_WARN, "IKE_SA_INIT from port %u dropped: %u IKE "
		     "SAs, %u half open with its address (ike_sas_per_peer, "
		     "half_open_per_source)", remote->port, all, half);
	return false;
}

static int init_respond(struct ikesa *sa, const struct prop_choice *ch,
			const struct ike_msg *m)
{
	struct ike_span nonce = { sa->nr, sa->nr_len };
	uint8_t mem[IKE_MSG_MAX], pub[1024];
	struct ike_ke ke = { ch->dh, { pub, ike_dh_public_len(sa->dh) } };
	struct ike_sa reply;
	struct ike_buf b;
	int rc;

	if (ke.data.len > sizeof(pub) ||
	    ike_dh_public(sa->dh, pub, ke.data.len))
		return -EINVAL;
	prop_reply(&reply, ch, IKE_PROTO_IKE, NULL, 0);
	ike_buf_init(&b, mem, sizeof(mem));
	ike_build_header(&b, sa->spi_i, sa->spi_r, IKE_SA_INIT,
			 IKE_FLAG_RESPONSE, 0);
	ike_build_sa(&b, &reply);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, &nonce);
	if (natd_check(m, sa->spi_i, 0, &sa->local, &sa->remote,
		       &sa->nat_local, &sa->nat_remote) == 0)
		natd_add(&b, sa->spi_i, sa->spi_r, &sa->local, &sa->remote,
			 sa->conn->encap);
	vid_add(&b);
	vid_take(sa, m);
	ext_add(sa, &b, m);
	ext_take(sa, m);
	cert_pld_take_hashes(sa, m);
	if (sa->peer_hashes)	/* RFC 7427 4: answer the initiator's */
		cert_pld_add_hashes(&b, sa->conn);
	cert_pld_add_certreq(&b, sa->conn);
	rc = ike_build_finish(&b);
	if (rc)
		return rc;
	sa->init_r = ike_memdup(b.p, b.len);
	sa->resp = ike_memdup(b.p, b.len);
	if (!sa->init_r || !sa->resp)
		return -ENOMEM;
	sa->init_r_len = sa->resp_len = b.len;
	sa->resp_valid = true;
	sa->resp_msgid = 0;
	sa->msgid_in = 1;
	return ike_send_raw(sa->d, &sa->local, &sa->remote, b.p, b.len);
}

/* The SA for this request, once it passed every check. */
static int init_accept(struct ike_daemon *d, const struct cfg_conn *c,
		       const struct prop_choice *ch, const struct ike_msg *m,
		       const uint8_t *buf, size_t len,
		       const struct ike_addr *local,
		       const struct ike_addr *remote, bool proven)
{
	struct ikesa *sa = isa_new(d, c, false);
	int rc;

	if (!sa)
		return -ENOMEM;
	sa->cookie_verified = proven;
	sa->spi_i = m->ispi;
	sa->local = *local;
	sa->remote = *remote;
	sa->init_remote = *remote;
	sa->suite = ch->suite;
	sa->dh_group = ch->dh;
	sa->ni_len = (uint16_t)m->nonce.len;
	memcpy(sa->ni, m->nonce.p, m->nonce.len);
	sa->nr_len = IKE_NONCE_LEN;
	sa->init_i = ike_memdup(buf, len);
	rc = sa->init_i ? 0 : -ENOMEM;
	if (!rc) {
		sa->init_i_len = len;
		rc = ike_crypto_random(sa->nr, sa->nr_len);
	}
	if (!rc)
		rc = ike_dh_new(&sa->dh, ch->dh);
	if (!rc && sa_init_derive(sa, &m->ke.data)) {
		isa_free(sa);
		init_reject(d, m, local, remote, IKE_N_INVALID_SYNTAX, NULL, 0);
		return -EINVAL;
	}
	if (!rc)
		rc = init_respond(sa, ch, m);
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	if (rc) {
		isa_warn(sa, "IKE_SA_INIT failed: %s", strerror(-rc));
		isa_free(sa);
		return rc;
	}
	isa_info(sa, "IKE_SA_INIT answered, %s", sa->nat_local || sa->nat_remote
		 ? "NAT detected" : "no NAT");
	return 0;
}

/*
 * The same attempt again (same SPIi, address and Ni, so the same KE and
 * keys; and octet for octet the request we answered with our cookie in
 * front, or a forged copy answered first could pass for it), now with
 * the cookie we asked for, after we answered a copy of it
 * without one (our load fell below cookie_threshold in between: a
 * retransmission of the first crossed the retry). The initiator takes our
 * answer as the answer to its retry, and its AUTH covers the retry's
 * octets (RFC 7296 2.15): those are the ones to authenticate. A copy
 * without the cookie, after one with it, changes nothing.
 */
static void init_retry_adopt(struct ikesa *sa, const struct ike_msg *m,
			     const uint8_t *buf, size_t len, bool proven)
{
	uint8_t *copy;

	if (!proven || sa->cookie_verified || m->nonce.len != sa->ni_len ||
	    memcmp(m->nonce.p, sa->ni, sa->ni_len) ||
	    !cookie_is_retry(sa, buf, len))
		return;
	copy = ike_memdup(buf, len);
	if (!copy)
		return;
	free(sa->init_i);
	sa->init_i = copy;
	sa->init_i_len = len;
	sa->cookie_verified = true;
	isa_info(sa, "IKE_SA_INIT again, with the cookie: it is the one "
		 "authenticated");
}

static bool init_well_formed(const struct ike_msg *m)
{
	return ike_msg_has(m, IKE_PLD_SA) && ike_msg_has(m, IKE_PLD_KE) &&
	       ike_msg_has(m, IKE_PLD_NONCE) && m->nonce.len >= 16 &&
	       m->nonce.len <= 256 && m->rspi == 0 && m->msgid == 0;
}

void sa_init_request(struct ike_daemon *d, const struct ike_msg *m,
		     const uint8_t *buf, size_t len,
		     const struct ike_addr *local,
		     const struct ike_addr *remote)
{
	struct ikesa *dup = isa_find_init(d, m->ispi, remote);
	const struct cfg_conn *c;
	struct prop_choice ch;
	uint8_t group[2];
	bool proven = cookie_valid(d, m, remote);

	if (dup) {
		if (dup->resp_valid && dup->resp_msgid == 0 &&
		    dup->state == ISA_INIT_R) {
			init_retry_adopt(dup, m, buf, len, proven);
			ike_send_raw(d, local, remote, dup->resp,
				     dup->resp_len);
		}
		return;
	}
	if (!init_well_formed(m))
		return init_reject(d, m, local, remote, IKE_N_INVALID_SYNTAX,
				   NULL, 0);
	if (!proven && d->n_half_open >= d->cfg->global.cookie_threshold)
		return cookie_ask(d, m, local, remote);
	if (!half_open_room(d, m, local, remote, proven))
		return;
	c = conn_for(d, local, remote);
	if (!c || prop_select(&m->sa, c->ike, c->n_ike, IKE_PROTO_IKE, true,
			      &ch))
		return init_reject(d, m, local, remote,
				   IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
	if (ch.dh != m->ke.group) {
		group[0] = (uint8_t)(ch.dh >> 8);
		group[1] = (uint8_t)ch.dh;
		return init_reject(d, m, local, remote,
				   IKE_N_INVALID_KE_PAYLOAD, group, 2);
	}
	init_accept(d, c, &ch, m, buf, len, local, remote, proven);
}
