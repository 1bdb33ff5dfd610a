/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 message builder (see build.h). Every write goes through
 * ike_put(), which refuses to pass cap and makes the error sticky.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "build.h"

#define IKE_NP_UNSET	((size_t)-1)	/* no header: record b->first_np */
#define IKE_NP_CLOSED	((size_t)-2)	/* after SK: nothing may follow */

void ike_buf_init(struct ike_buf *b, uint8_t *mem, size_t cap)
{
	*b = (struct ike_buf){ .p = mem, .cap = cap, .np_off = IKE_NP_UNSET };
}

static void ike_set_err(struct ike_buf *b, int err)
{
	if (!b->err)
		b->err = err;
}

/* Reserve n octets; NULL (and the sticky error) if they do not fit. */
static uint8_t *ike_put(struct ike_buf *b, size_t n)
{
	uint8_t *p;

	if (b->err)
		return NULL;
	if (n > b->cap - b->len) {
		ike_set_err(b, -ENOBUFS);
		return NULL;
	}
	p = b->p + b->len;
	b->len += n;
	return p;
}

static void ike_put_mem(struct ike_buf *b, const void *src, size_t n)
{
	uint8_t *p = ike_put(b, n);

	if (p && n)
		memcpy(p, src, n);
}

static void ike_put_zero(struct ike_buf *b, size_t n)
{
	uint8_t *p = ike_put(b, n);

	if (p)
		memset(p, 0, n);
}

static void ike_put8(struct ike_buf *b, uint8_t v)
{
	ike_put_mem(b, &v, 1);
}

/* Write a 16-bit length at off, already inside the buffer. */
static void ike_patch16(struct ike_buf *b, size_t off, size_t v)
{
	if (b->err)
		return;
	if (v > UINT16_MAX) {
		ike_set_err(b, -EMSGSIZE);
		return;
	}
	b->p[off] = (uint8_t)(v >> 8);
	b->p[off + 1] = (uint8_t)v;
}

/* Chain a payload of this type in and write its generic header. */
static size_t ike_pld_begin(struct ike_buf *b, uint8_t type, uint8_t critical)
{
	struct ike_gen_hdr g = { .critical = critical };
	size_t off = b->len;

	if (b->np_off == IKE_NP_CLOSED)
		ike_set_err(b, -EINVAL);
	if (b->err)
		return off;
	if (b->np_off == IKE_NP_UNSET)
		b->first_np = type;
	else
		b->p[b->np_off] = type;
	ike_put_mem(b, &g, sizeof(g));
	b->np_off = off + offsetof(struct ike_gen_hdr, next_payload);
	return off;
}

static int ike_pld_end(struct ike_buf *b, size_t off)
{
	ike_patch16(b, off + offsetof(struct ike_gen_hdr, length), b->len - off);
	return b->err;
}

int ike_build_raw(struct ike_buf *b, uint8_t type, uint8_t critical,
		  const void *body, size_t len)
{
	size_t off = ike_pld_begin(b, type, critical);

	ike_put_mem(b, body, len);
	return ike_pld_end(b, off);
}

int ike_build_bytes(struct ike_buf *b, const void *data, size_t len)
{
	ike_put_mem(b, data, len);
	return b->err;
}

int ike_build_chain(struct ike_buf *b, uint8_t first_np, const void *data,
		    size_t len)
{
	if (b->np_off == IKE_NP_CLOSED)
		ike_set_err(b, -EINVAL);
	if (b->err)
		return b->err;
	if (b->np_off == IKE_NP_UNSET)
		b->first_np = first_np;
	else
		b->p[b->np_off] = first_np;
	b->np_off = IKE_NP_CLOSED;
	ike_put_mem(b, data, len);
	return b->err;
}

int ike_build_header(struct ike_buf *b, uint64_t ispi, uint64_t rspi,
		     uint8_t exchange, uint8_t flags, uint32_t msgid)
{
	struct ike_hdr h = {
		.version = IKE_VERSION,
		.exchange = exchange,
		.flags = flags,
		.msgid = htobe32(msgid),
	};
	uint64_t i = htobe64(ispi), r = htobe64(rspi);

	memcpy(h.ispi, &i, sizeof(h.ispi));
	memcpy(h.rspi, &r, sizeof(h.rspi));
	if (b->len != 0)
		ike_set_err(b, -EINVAL);
	ike_put_mem(b, &h, sizeof(h));
	b->np_off = offsetof(struct ike_hdr, next_payload);
	return b->err;
}

int ike_build_finish(struct ike_buf *b)
{
	uint32_t len = htobe32((uint32_t)b->len);

	if (!b->err && b->len < sizeof(struct ike_hdr))
		ike_set_err(b, -EINVAL);
	if (!b->err)
		memcpy(b->p + offsetof(struct ike_hdr, length), &len, 4);
	return b->err;
}

/* ---- SA ----------------------------------------------------------------- */

static void ike_put_transform(struct ike_buf *b, const struct ike_transform *xf,
			      bool last)
{
	struct ike_transform_hdr h = {
		.last = last ? IKE_SUBSTRUCT_LAST : IKE_SUBSTRUCT_TRANSFORM,
		.length = htobe16(sizeof(h) + (xf->key_len ? 4 : 0)),
		.type = xf->type,
		.id = htobe16(xf->id),
	};
	struct ike_attr_hdr a = {
		.type = htobe16(IKE_ATTR_TV | IKE_ATTR_KEY_LENGTH),
		.len_or_value = htobe16(xf->key_len),
	};

	ike_put_mem(b, &h, sizeof(h));
	if (xf->key_len)
		ike_put_mem(b, &a, sizeof(a));
}

static void ike_put_proposal(struct ike_buf *b, const struct ike_proposal *pr,
			     bool last)
{
	struct ike_proposal_hdr h = {
		.last = last ? IKE_SUBSTRUCT_LAST : IKE_SUBSTRUCT_PROPOSAL,
		.num = pr->num,
		.proto = pr->proto,
		.spi_size = pr->spi_size,
		.num_transforms = pr->n_xf,
	};
	size_t off = b->len;

	if (pr->spi_size > IKE_SPI_MAX || pr->n_xf > IKE_MAX_TRANSFORMS)
		ike_set_err(b, -EINVAL);
	ike_put_mem(b, &h, sizeof(h));
	ike_put_mem(b, pr->spi, pr->spi_size);
	for (unsigned int i = 0; i < pr->n_xf && !b->err; i++)
		ike_put_transform(b, &pr->xf[i], i + 1 == pr->n_xf);
	ike_patch16(b, off + offsetof(struct ike_proposal_hdr, length),
		    b->len - off);
}

int ike_build_sa(struct ike_buf *b, const struct ike_sa *sa)
{
	size_t off = ike_pld_begin(b, IKE_PLD_SA, 0);

	if (sa->n_prop > IKE_MAX_PROPOSALS)
		ike_set_err(b, -EINVAL);
	for (unsigned int i = 0; i < sa->n_prop && !b->err; i++)
		ike_put_proposal(b, &sa->prop[i], i + 1 == sa->n_prop);
	return ike_pld_end(b, off);
}

/* ---- KE, Nonce, ID, CERT, AUTH -------------------------------------------- */

/* A payload made of a 4-octet fixed part and variable data. */
static int ike_build_fixed(struct ike_buf *b, uint8_t type, const void *fixed,
			   size_t flen, const struct ike_span *data)
{
	size_t off = ike_pld_begin(b, type, 0);

	ike_put_mem(b, fixed, flen);
	ike_put_mem(b, data->p, data->len);
	return ike_pld_end(b, off);
}

int ike_build_ke(struct ike_buf *b, const struct ike_ke *ke)
{
	struct ike_ke_hdr h = { .group = htobe16(ke->group) };

	return ike_build_fixed(b, IKE_PLD_KE, &h, sizeof(h), &ke->data);
}

int ike_build_nonce(struct ike_buf *b, const struct ike_span *nonce)
{
	return ike_build_fixed(b, IKE_PLD_NONCE, NULL, 0, nonce);
}

int ike_build_id(struct ike_buf *b, uint8_t type, const struct ike_id *id)
{
	struct ike_id_hdr h = { .type = id->type };

	if (type != IKE_PLD_IDI && type != IKE_PLD_IDR)
		ike_set_err(b, -EINVAL);
	return ike_build_fixed(b, type, &h, sizeof(h), &id->data);
}

int ike_build_cert(struct ike_buf *b, uint8_t type, const struct ike_cert *c)
{
	struct ike_cert_hdr h = { .encoding = c->encoding };

	if (type != IKE_PLD_CERT && type != IKE_PLD_CERTREQ)
		ike_set_err(b, -EINVAL);
	return ike_build_fixed(b, type, &h, sizeof(h), &c->data);
}

int ike_build_auth(struct ike_buf *b, const struct ike_auth *auth)
{
	struct ike_auth_hdr h = { .method = auth->method };

	return ike_build_fixed(b, IKE_PLD_AUTH, &h, sizeof(h), &auth->data);
}

int ike_build_vid(struct ike_buf *b, const struct ike_span *vid)
{
	return ike_build_fixed(b, IKE_PLD_VID, NULL, 0, vid);
}

int ike_build_cp(struct ike_buf *b, const struct ike_cp *cp)
{
	struct ike_cp_hdr h = { .cfg_type = cp->cfg_type };

	return ike_build_fixed(b, IKE_PLD_CP, &h, sizeof(h), &cp->attrs);
}

int ike_build_eap(struct ike_buf *b, const struct ike_span *eap)
{
	return ike_build_fixed(b, IKE_PLD_EAP, NULL, 0, eap);
}

/* ---- Notify, Delete, TS --------------------------------------------------- */

int ike_build_notify(struct ike_buf *b, const struct ike_notify *n)
{
	struct ike_notify_hdr h = {
		.proto = n->proto,
		.spi_size = (uint8_t)n->spi.len,
		.type = htobe16(n->type),
	};
	size_t off = ike_pld_begin(b, IKE_PLD_NOTIFY, 0);

	if (n->spi.len > UINT8_MAX)
		ike_set_err(b, -EINVAL);
	ike_put_mem(b, &h, sizeof(h));
	ike_put_mem(b, n->spi.p, n->spi.len);
	ike_put_mem(b, n->data.p, n->data.len);
	return ike_pld_end(b, off);
}

int ike_build_notify_data(struct ike_buf *b, uint16_t type,
			  const void *data, size_t len)
{
	struct ike_notify n = { .type = type, .data = { data, len } };

	return ike_build_notify(b, &n);
}

int ike_build_delete(struct ike_buf *b, const struct ike_delete *d)
{
	struct ike_delete_hdr h = {
		.proto = d->proto,
		.spi_size = d->spi_size,
		.num_spi = htobe16(d->num_spi),
	};

	if (d->spis.len != (size_t)d->num_spi * d->spi_size)
		ike_set_err(b, -EINVAL);
	return ike_build_fixed(b, IKE_PLD_DELETE, &h, sizeof(h), &d->spis);
}

static void ike_put_selector(struct ike_buf *b, const struct ike_ts *ts)
{
	size_t alen = ts->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
	struct ike_ts_hdr h = {
		.type = ts->type,
		.ip_proto = ts->ip_proto,
		.length = htobe16(sizeof(h) + 2 * alen),
		.start_port = htobe16(ts->start_port),
		.end_port = htobe16(ts->end_port),
	};

	if (ts->type != IKE_TS_IPV4_ADDR_RANGE &&
	    ts->type != IKE_TS_IPV6_ADDR_RANGE)
		ike_set_err(b, -EINVAL);
	ike_put_mem(b, &h, sizeof(h));
	ike_put_mem(b, ts->start, alen);
	ike_put_mem(b, ts->end, alen);
}

int ike_build_ts(struct ike_buf *b, uint8_t type, const struct ike_ts_set *set)
{
	struct ike_ts_pld_hdr h = { .num_ts = set->n_ts };
	size_t off = ike_pld_begin(b, type, 0);

	if ((type != IKE_PLD_TSI && type != IKE_PLD_TSR) ||
	    set->n_ts > IKE_MAX_TS)
		ike_set_err(b, -EINVAL);
	ike_put_mem(b, &h, sizeof(h));
	for (unsigned int i = 0; i < set->n_ts && !b->err; i++)
		ike_put_selector(b, &set->ts[i]);
	return ike_pld_end(b, off);
}

/* ---- SK, SKF -------------------------------------------------------------- */

int ike_build_sk_open(struct ike_buf *b, size_t iv_len,
		      struct ike_sk_region *r)
{
	*r = (struct ike_sk_region){ .hdr_off = ike_pld_begin(b, IKE_PLD_SK, 0) };
	r->iv_off = b->len;
	ike_put_zero(b, iv_len);
	r->plain_off = b->len;
	return b->err;	/* b->np_off is SK's: the first inner payload fills it */
}

int ike_build_skf_open(struct ike_buf *b, uint16_t frag_num, uint16_t total,
		       uint8_t first_np, size_t iv_len,
		       struct ike_sk_region *r)
{
	struct ike_skf_hdr h = { htobe16(frag_num), htobe16(total) };

	*r = (struct ike_sk_region){ .hdr_off = ike_pld_begin(b, IKE_PLD_SKF, 0) };
	if (!b->err)
		b->p[b->np_off] = first_np;
	b->np_off = IKE_NP_CLOSED;	/* the inner chain is raw octets here */
	ike_put_mem(b, &h, sizeof(h));
	r->iv_off = b->len;
	ike_put_zero(b, iv_len);
	r->plain_off = b->len;
	return b->err;
}

int ike_build_sk_close(struct ike_buf *b, struct ike_sk_region *r,
		       size_t block, size_t icv_len)
{
	size_t pad;

	if (block == 0 || block > 256 || b->len < r->plain_off)
		ike_set_err(b, -EINVAL);
	if (b->err)
		return b->err;
	pad = (block - (b->len - r->plain_off + 1) % block) % block;
	ike_put_zero(b, pad);
	ike_put8(b, (uint8_t)pad);
	r->plain_end = b->len;
	r->icv_off = b->len;
	ike_put_zero(b, icv_len);
	b->np_off = IKE_NP_CLOSED;
	return ike_pld_end(b, r->hdr_off);
}
