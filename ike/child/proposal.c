// SPDX-License-Identifier: GPL-2.0-or-later
/* SA payloads: offer, select, check (RFC 7296 2.7, 3.3). */
#include <errno.h>
#include <string.h>

#include "proposal.h"

static void add_xf(struct ike_proposal *p, uint8_t type, uint16_t id,
		   uint16_t key_len)
{
	struct ike_transform *x;

	if (p->n_xf >= IKE_MAX_TRANSFORMS)
		return;
	x = &p->xf[p->n_xf++];
	memset(x, 0, sizeof(*x));
	x->type = type;
	x->id = id;
	x->key_len = key_len;
}

static void offer_one(struct ike_proposal *p, const struct cfg_proposal *c,
		      uint8_t proto, bool with_dh)
{
	int i;

	for (i = 0; i < c->n_encr; i++)
		add_xf(p, IKE_XF_ENCR, c->encr[i].id, c->encr[i].bits);
	if (proto == IKE_PROTO_IKE)
		for (i = 0; i < c->n_prf; i++)
			add_xf(p, IKE_XF_PRF, c->prf[i], 0);
	for (i = 0; i < c->n_integ; i++)
		add_xf(p, IKE_XF_INTEG, c->integ[i], 0);
	if (with_dh)
		for (i = 0; i < c->n_dh; i++)
			add_xf(p, IKE_XF_DH, c->dh[i], 0);
	if (proto != IKE_PROTO_IKE) {
		for (i = 0; i < c->n_esn; i++)
			add_xf(p, IKE_XF_ESN, c->esn[i], 0);
		if (!c->n_esn)
			add_xf(p, IKE_XF_ESN, IKE_ESN_NO, 0);
	}
}

int prop_offer(struct ike_sa *out, const struct cfg_proposal *ours, int n,
	       uint8_t proto, const uint8_t *spi, uint8_t spi_size,
	       bool with_dh)
{
	int i;

	memset(out, 0, sizeof(*out));
	if (n > IKE_MAX_PROPOSALS || spi_size > IKE_SPI_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		struct ike_proposal *p = &out->prop[i];

		p->num = (uint8_t)(i + 1);
		p->proto = proto;
		p->spi_size = spi_size;
		if (spi_size)
			memcpy(p->spi, spi, spi_size);
		offer_one(p, &ours[i], proto, with_dh);
	}
	out->n_prop = (uint8_t)n;
	return n ? 0 : -EINVAL;
}

/* The first transform of type in p that ours also lists; -1 if none. */
static int pick(const struct ike_proposal *p, uint8_t type,
		const struct cfg_proposal *c, uint16_t *id, uint16_t *bits)
{
	for (int i = 0; i < p->n_xf; i++) {
		const struct ike_transform *x = &p->xf[i];

		if (x->type != type || x->unknown_attr)
			continue;
		for (int j = 0; j < CFG_MAX_XF; j++) {
			bool hit = false;

			switch (type) {
			case IKE_XF_ENCR:
				hit = j < c->n_encr && c->encr[j].id == x->id &&
				      c->encr[j].bits == x->key_len;
				break;
			case IKE_XF_PRF:
				hit = j < c->n_prf && c->prf[j] == x->id;
				break;
			case IKE_XF_INTEG:
				hit = j < c->n_integ && c->integ[j] == x->id;
				break;
			case IKE_XF_DH:
				hit = j < c->n_dh && c->dh[j] == x->id;
				break;
			case IKE_XF_ESN:
				hit = (j < c->n_esn && c->esn[j] == x->id) ||
				      (!c->n_esn && j == 0 && x->id == 0);
				break;
			}
			if (hit) {
				*id = x->id;
				if (bits)
					*bits = x->key_len;
				return 0;
			}
		}
	}
	return -1;
}

static bool has_type(const struct ike_proposal *p, uint8_t type)
{
	for (int i = 0; i < p->n_xf; i++)
		if (p->xf[i].type == type)
			return true;
	return false;
}

/* Does proposal p, against our c, give a complete choice? */
static bool match_one(const struct ike_proposal *p,
		      const struct cfg_proposal *c, uint8_t proto,
		      bool with_dh, struct prop_choice *ch)
{
	uint16_t v = 0;

	memset(ch, 0, sizeof(*ch));
	if (p->proto != proto || p->truncated)
		return false;
	if (pick(p, IKE_XF_ENCR, c, &ch->suite.encr, &ch->suite.encr_key_bits))
		return false;
	if (proto == IKE_PROTO_IKE && pick(p, IKE_XF_PRF, c, &ch->suite.prf,
					   NULL))
		return false;
	if (c->n_integ && pick(p, IKE_XF_INTEG, c, &ch->suite.integ, NULL))
		return false;
	/* IKE_AUTH's Child SA takes no KE: its DH transforms are ignored. */
	if (with_dh && (c->n_dh || has_type(p, IKE_XF_DH)) &&
	    pick(p, IKE_XF_DH, c, &ch->dh, NULL))
		return false;
	if (proto != IKE_PROTO_IKE && pick(p, IKE_XF_ESN, c, &v, NULL))
		return false;
	ch->esn = (uint8_t)v;
	if (ike_crypto_suite_check(&ch->suite, proto == IKE_PROTO_IKE))
		return false;
	ch->num = p->num;
	ch->spi_size = p->spi_size;
	memcpy(ch->spi, p->spi, sizeof(ch->spi));
	return true;
}

int prop_select(const struct ike_sa *offer, const struct cfg_proposal *ours,
		int n, uint8_t proto, bool with_dh, struct prop_choice *out)
{
	for (int i = 0; i < offer->n_prop; i++)
		for (int j = 0; j < n; j++)
			if (match_one(&offer->prop[i], &ours[j], proto, with_dh,
				      out))
				return 0;
	return -ENOENT;
}

int prop_check_reply(const struct ike_sa *reply,
		     const struct cfg_proposal *ours, int n, uint8_t proto,
		     bool with_dh, struct prop_choice *out)
{
	if (reply->n_prop != 1)
		return -EBADMSG;
	return prop_select(reply, ours, n, proto, with_dh, out);
}

void prop_reply(struct ike_sa *out, const struct prop_choice *c,
		uint8_t proto, const uint8_t *spi, uint8_t spi_size)
{
	struct ike_proposal *p = &out->prop[0];

	memset(out, 0, sizeof(*out));
	out->n_prop = 1;
	p->num = c->num;
	p->proto = proto;
	p->spi_size = spi_size;
	if (spi_size)
		memcpy(p->spi, spi, spi_size);
	add_xf(p, IKE_XF_ENCR, c->suite.encr, c->suite.encr_key_bits);
	if (proto == IKE_PROTO_IKE)
		add_xf(p, IKE_XF_PRF, c->suite.prf, 0);
	if (c->suite.integ)
		add_xf(p, IKE_XF_INTEG, c->suite.integ, 0);
	if (c->dh)
		add_xf(p, IKE_XF_DH, c->dh, 0);
	if (proto != IKE_PROTO_IKE)
		add_xf(p, IKE_XF_ESN, c->esn, 0);
}

uint16_t prop_first_dh(const struct cfg_proposal *ours, int n)
{
	for (int i = 0; i < n; i++)
		if (ours[i].n_dh)
			return ours[i].dh[0];
	return 0;
}

bool prop_has_dh(const struct cfg_proposal *ours, int n, uint16_t group)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < ours[i].n_dh; j++)
			if (ours[i].dh[j] == group)
				return true;
	return false;
}
