// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Child SA negotiation pieces shared by IKE_AUTH, CREATE_CHILD_SA and the
 * rekey: the SA/TS payloads of both roles (RFC 7296 2.9, 2.17). Installing
 * into the kernel is in child_kernel.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "state/ike.h"
#include "state/lifecycle.h"
#include "state/timer.h"
#include "ts/ts.h"
#include "child.h"
#include "proposal.h"

static int our_ts(const struct ikesa *sa, const struct cfg_child *cfg,
		  struct ike_ts_set *l, struct ike_ts_set *r)
{
	int rc = cfg_ts_to_set(cfg->local_ts, cfg->n_local_ts, &sa->local.ip, l);

	if (!rc)
		rc = cfg_ts_to_set(cfg->remote_ts, cfg->n_remote_ts,
				 &sa->remote.ip, r);
	return rc;
}

int child_add_offer(struct ikesa *sa, struct ike_buf *b, struct child_sa *c,
		    bool with_dh)
{
	const struct cfg_child *cfg = c->cfg;
	uint32_t spi = htonl(c->spi_in);
	struct ike_sa offer;
	int rc;

	c->initiated = true;
	rc = prop_offer(&offer, cfg->esp, cfg->n_esp, IKE_PROTO_ESP,
			(const uint8_t *)&spi, 4, with_dh);
	if (!rc)
		rc = our_ts(sa, cfg, &c->ts_l, &c->ts_r);
	if (rc)
		return rc;
	ike_build_sa(b, &offer);
	if (cfg->mode == MSA_KMODE_TRANSPORT)
		ike_build_notify_data(b, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	ike_build_ts(b, IKE_PLD_TSI, &c->ts_l);
	return ike_build_ts(b, IKE_PLD_TSR, &c->ts_r);
}

/* Fill c from the chosen proposal. */
static void child_take_choice(struct child_sa *c, const struct prop_choice *ch)
{
	c->suite = ch->suite;
	c->esn = ch->esn == IKE_ESN_YES;
	c->pfs_group = ch->dh;
	c->proposal_num = ch->num;
	memcpy(&c->spi_out, ch->spi, 4);
	c->spi_out = ntohl(c->spi_out);
}

/* Does cfg accept the request? Fills ch, l (ours, narrowed), r. */
static uint16_t child_match(struct ikesa *sa, const struct cfg_child *cfg,
			    const struct ike_msg *m, bool with_dh,
			    struct prop_choice *ch, struct ike_ts_set *l,
			    struct ike_ts_set *r)
{
	struct ike_ts_set ol, or;

	if (our_ts(sa, cfg, &ol, &or) || ts_narrow(&m->tsr, &ol, l) ||
	    ts_narrow(&m->tsi, &or, r)) {
		isa_debug(sa, "child %s: selectors do not match (%u/%u offered)",
			  cfg->name, m->tsi.n_ts, m->tsr.n_ts);
		return IKE_N_TS_UNACCEPTABLE;
	}
	if (prop_select(&m->sa, cfg->esp, cfg->n_esp, IKE_PROTO_ESP, with_dh,
			ch) || ch->spi_size != 4)
		return IKE_N_NO_PROPOSAL_CHOSEN;
	return 0;
}

/*
 * The configured child to answer with: first one whose selectors take the
 * request as it is, else the first that narrows it (2.9).
 */
static const struct cfg_child *
child_pick(struct ikesa *sa, const struct ike_msg *m,
	   const struct cfg_child *only, bool with_dh, struct prop_choice *ch,
	   struct ike_ts_set *l, struct ike_ts_set *r, uint16_t *notify)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct cfg_child *cfg = only ? only : sa->conn->children;

		for (; cfg; cfg = only ? NULL : cfg->next) {
			uint16_t n = child_match(sa, cfg, m, with_dh, ch, l, r);
			struct ike_ts_set ol, or;

			if (n == IKE_N_NO_PROPOSAL_CHOSEN)
				*notify = n;
			if (n || our_ts(sa, cfg, &ol, &or))
				continue;
			if (pass || (ts_set_equal(&ol, &m->tsr) &&
				     ts_set_equal(&or, &m->tsi)))
				return cfg;
		}
	}
	return NULL;
}

struct child_sa *child_choose(struct ikesa *sa, const struct ike_msg *m,
			      const struct cfg_child *only, bool with_dh,
			      uint16_t *notify)
{
	const struct cfg_child *cfg;
	struct ike_ts_set l, r;
	struct prop_choice ch;
	struct child_sa *c;

	*notify = IKE_N_TS_UNACCEPTABLE;
	if (!ike_msg_has(m, IKE_PLD_SA) || !ike_msg_has(m, IKE_PLD_TSI) ||
	    !ike_msg_has(m, IKE_PLD_TSR)) {
		*notify = IKE_N_INVALID_SYNTAX;
		return NULL;
	}
	cfg = child_pick(sa, m, only, with_dh, &ch, &l, &r, notify);
	if (!cfg)
		return NULL;
	c = child_new(sa, cfg);
	if (!c) {
		*notify = IKE_N_TEMPORARY_FAILURE;
		return NULL;
	}
	*notify = 0;
	child_take_choice(c, &ch);
	c->ts_l = l;
	c->ts_r = r;
	c->mode = cfg->mode == MSA_KMODE_TRANSPORT &&
		  ike_msg_notify(m, IKE_N_USE_TRANSPORT_MODE) ?
		  MSA_KMODE_TRANSPORT : MSA_KMODE_TUNNEL;
	return c;
}

int child_add_reply(struct ikesa *sa, struct ike_buf *b,
		    const struct child_sa *c)
{
	struct prop_choice ch = {
		.num = c->proposal_num, .suite = c->suite,
		.dh = c->pfs_group, .esn = c->esn,
	};
	uint32_t spi = htonl(c->spi_in);
	struct ike_sa reply;

	prop_reply(&reply, &ch, IKE_PROTO_ESP, (const uint8_t *)&spi, 4);
	ike_build_sa(b, &reply);
	if (c->mode == MSA_KMODE_TRANSPORT)
		ike_build_notify_data(b, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	ike_build_ts(b, IKE_PLD_TSI, &c->ts_r);
	return ike_build_ts(b, IKE_PLD_TSR, &c->ts_l);
}

int child_take_reply(struct ikesa *sa, struct child_sa *c,
		     const struct ike_msg *m, bool with_dh)
{
	const struct cfg_child *cfg = c->cfg;
	struct prop_choice ch;
	bool transport = ike_msg_notify(m, IKE_N_USE_TRANSPORT_MODE);

	if (!ike_msg_has(m, IKE_PLD_SA) || !ike_msg_has(m, IKE_PLD_TSI) ||
	    !ike_msg_has(m, IKE_PLD_TSR))
		return -EBADMSG;
	if (prop_check_reply(&m->sa, cfg->esp, cfg->n_esp, IKE_PROTO_ESP,
			     with_dh, &ch) || ch.spi_size != 4 ||
	    ch.dh != (with_dh ? c->pfs_group : 0))
		return -ENOENT;
	if (!ts_within(&m->tsi, &c->ts_l) || !ts_within(&m->tsr, &c->ts_r))
		return -ERANGE;
	if (transport != (cfg->mode == MSA_KMODE_TRANSPORT))
		return -EPROTO;
	child_take_choice(c, &ch);
	c->ts_l = m->tsi;
	c->ts_r = m->tsr;
	ts_set_reduce(&c->ts_l);	/* a packet selector inside the rest */
	ts_set_reduce(&c->ts_r);
	c->mode = cfg->mode;
	return 0;
}

void child_schedule(struct ikesa *sa, struct child_sa *c)
{
	const struct cfg_lifetime *l = &c->cfg->life;
	uint64_t now = sa->d->now_ms, jitter = 0;
	uint32_t r = 0;

	if (l->rand_time && !ike_crypto_random(&r, sizeof(r)))
		jitter = (uint64_t)r % ((uint64_t)l->rand_time * 1000);
	if (jitter > (uint64_t)l->rekey_time * 500)	/* at most half */
		jitter = (uint64_t)l->rekey_time * 500;
	c->rekey_ms = l->rekey_time ?
		now + (uint64_t)l->rekey_time * 1000 - jitter : 0;
	c->expire_ms = l->life_time ? now + (uint64_t)l->life_time * 1000 : 0;
	isa_rearm(sa);
}
