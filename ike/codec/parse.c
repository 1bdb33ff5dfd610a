/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 message parser (RFC 7296 sections 2.5, 3).
 *
 * One loop walks the payload chain and checks every generic header three
 * times: at least 4 octets, no longer than what was received, no shorter
 * than its payload type's minimum. Each known payload type then has a pair:
 * ike_v_X() validates every length and value inside the payload without
 * writing anything, ike_s_X() stores it into struct ike_msg and may assume
 * the validation passed. Where each payload may appear, whether it may
 * repeat and its minimum length are stated once, in ike_plds[].
 *
 * No length field is used before it is compared to the octets that remain.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct ike_pctx {
	struct ike_msg *m;
	bool inner;		/* parsing the decrypted SK chain */
	size_t off;		/* offset of the current payload */
};

/* One payload, generic header checked. */
struct ike_pld {
	uint8_t type;
	uint8_t next;		/* the generic header's Next Payload */
	size_t off;		/* of the generic header in its buffer */
	const uint8_t *body;	/* after the generic header */
	size_t len;		/* of body */
};

enum ike_where {
	IKE_ANYWHERE,		/* in the clear or inside SK */
	IKE_IN_SK,		/* only inside SK: carries authenticated data */
	IKE_IN_CLEAR,		/* only in the clear: SK itself, SKF */
};

struct ike_pld_desc {
	uint8_t min_len;	/* generic header included */
	uint8_t where;		/* enum ike_where */
	bool multi;		/* may appear more than once */
	bool last;		/* must be the last payload; ends the chain */
	int (*validate)(struct ike_pctx *c, const struct ike_pld *p);
	void (*store)(struct ike_msg *m, const struct ike_pld *p);
};

static uint16_t ike_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void ike_sat_inc(uint8_t *n)
{
	if (*n < UINT8_MAX)
		(*n)++;
}

static int ike_fail(struct ike_pctx *c, uint16_t notify, const char *text,
		    uint32_t value)
{
	c->m->error_notify = notify;
	c->m->error_text = text;
	c->m->error_value = value;
	c->m->error_offset = c->off;
	return -EBADMSG;
}

static int ike_bad(struct ike_pctx *c, const char *text, uint32_t value)
{
	return ike_fail(c, IKE_N_INVALID_SYNTAX, text, value);
}

/* Payloads whose body is opaque here (VID, CERT, CP, EAP, SK): the table's
 * minimum length is all there is to check. */
static int ike_v_opaque(struct ike_pctx *c, const struct ike_pld *p)
{
	return 0;
}

/* ---- SA: proposals, transforms, attributes ----------------------------- */

/*
 * A proposal or transform substructure at b[off..n): both start with
 * Last Substruc, RESERVED, Length. Returns its length or a negative error.
 */
struct ike_sub_kind {
	size_t min;
	uint8_t more;		/* Last Substruc value: more follow */
	const char *short_text, *len_text, *last_text;
};

static const struct ike_sub_kind ike_sub_proposal = {
	sizeof(struct ike_proposal_hdr), IKE_SUBSTRUCT_PROPOSAL,
	"proposal header truncated, octets left",
	"proposal length out of range",
	"proposal Last Substruc does not match position",
};

static const struct ike_sub_kind ike_sub_transform = {
	sizeof(struct ike_transform_hdr), IKE_SUBSTRUCT_TRANSFORM,
	"transform header truncated, octets left",
	"transform length out of range",
	"transform Last Substruc does not match position",
};

static int ike_v_sub(struct ike_pctx *c, const struct ike_sub_kind *k,
		     const uint8_t *b, size_t n, size_t off)
{
	size_t left = n - off, len;
	bool more;

	if (left < k->min)
		return ike_bad(c, k->short_text, (uint32_t)left);
	len = ike_get16(b + off + 2);
	if (len < k->min || len > left)
		return ike_bad(c, k->len_text, (uint32_t)len);
	more = len < left;
	if (b[off] != (more ? k->more : IKE_SUBSTRUCT_LAST))
		return ike_bad(c, k->last_text, b[off]);
	return (int)len;
}

/* Transform attributes in b[0..n): each one fully inside. */
static int ike_v_attrs(struct ike_pctx *c, const uint8_t *b, size_t n)
{
	size_t off = 0;

	while (off < n) {
		size_t len = sizeof(struct ike_attr_hdr);

		if (n - off < len)
			return ike_bad(c, "attribute truncated, octets left",
				       (uint32_t)(n - off));
		if (!(ike_get16(b + off) & IKE_ATTR_TV))
			len += ike_get16(b + off + 2);
		if (len > n - off)
			return ike_bad(c, "TLV attribute length beyond transform",
				       (uint32_t)len);
		off += len;
	}
	return 0;
}

/* Transforms in b[0..n); their count must be the proposal's. */
static int ike_v_transforms(struct ike_pctx *c, const uint8_t *b, size_t n,
			    unsigned int expect)
{
	unsigned int count = 0;
	size_t off = 0;

	while (off < n) {
		int len = ike_v_sub(c, &ike_sub_transform, b, n, off);

		if (len < 0)
			return len;
		if (ike_v_attrs(c, b + off + sizeof(struct ike_transform_hdr),
				len - sizeof(struct ike_transform_hdr)) < 0)
			return -EBADMSG;
		off += len;
		count++;
	}
	if (count != expect)
		return ike_bad(c, "proposal Num Transforms != transforms present",
			       expect);
	return 0;
}

static int ike_v_proposal(struct ike_pctx *c, const uint8_t *b, size_t len)
{
	struct ike_proposal_hdr h;
	size_t fixed;

	memcpy(&h, b, sizeof(h));
	if (h.spi_size != 0 && h.spi_size != 4 && h.spi_size != 8)
		return ike_bad(c, "proposal SPI Size not 0, 4 or 8", h.spi_size);
	fixed = sizeof(h) + h.spi_size;
	if (fixed > len)
		return ike_bad(c, "proposal SPI beyond proposal length",
			       h.spi_size);
	if (h.num_transforms == 0)
		return ike_bad(c, "proposal Num Transforms is 0", 0);
	return ike_v_transforms(c, b + fixed, len - fixed, h.num_transforms);
}

static int ike_v_sa(struct ike_pctx *c, const struct ike_pld *p)
{
	size_t off = 0;

	while (off < p->len) {
		int len = ike_v_sub(c, &ike_sub_proposal, p->body, p->len, off);

		if (len < 0)
			return len;
		if (ike_v_proposal(c, p->body + off, len) < 0)
			return -EBADMSG;
		off += len;
	}
	return 0;
}

static void ike_s_transform(struct ike_transform *xf, const uint8_t *b,
			    size_t len)
{
	struct ike_transform_hdr h;
	size_t off = sizeof(h);

	memcpy(&h, b, sizeof(h));
	xf->type = h.type;
	xf->id = be16toh(h.id);
	while (off < len) {
		uint16_t type = ike_get16(b + off);
		uint16_t val = ike_get16(b + off + 2);

		if (type == (IKE_ATTR_TV | IKE_ATTR_KEY_LENGTH))
			xf->key_len = val;
		else
			xf->unknown_attr = true;
		off += sizeof(struct ike_attr_hdr);
		if (!(type & IKE_ATTR_TV))
			off += val;
	}
}

static void ike_s_proposal(struct ike_proposal *pr, const uint8_t *b,
			   size_t len)
{
	struct ike_proposal_hdr h;
	size_t off;

	memcpy(&h, b, sizeof(h));
	pr->num = h.num;
	pr->proto = h.proto;
	pr->spi_size = h.spi_size;
	memcpy(pr->spi, b + sizeof(h), h.spi_size);
	for (off = sizeof(h) + h.spi_size; off < len;) {
		size_t xlen = ike_get16(b + off + 2);

		if (pr->n_xf < IKE_MAX_TRANSFORMS)
			ike_s_transform(&pr->xf[pr->n_xf++], b + off, xlen);
		else
			pr->truncated = true;
		off += xlen;
	}
}

static void ike_s_sa(struct ike_msg *m, const struct ike_pld *p)
{
	size_t off = 0;

	while (off < p->len) {
		size_t len = ike_get16(p->body + off + 2);

		if (m->sa.n_prop < IKE_MAX_PROPOSALS)
			ike_s_proposal(&m->sa.prop[m->sa.n_prop++],
				       p->body + off, len);
		else
			ike_sat_inc(&m->sa.prop_dropped);
		off += len;
	}
}

/* ---- KE, ID, CERT, AUTH, Nonce ------------------------------------------ */

static int ike_v_ke(struct ike_pctx *c, const struct ike_pld *p)
{
	if (p->len == sizeof(struct ike_ke_hdr))
		return ike_bad(c, "KE payload without key exchange data",
			       ike_get16(p->body));
	return 0;
}

static void ike_s_ke(struct ike_msg *m, const struct ike_pld *p)
{
	m->ke.group = ike_get16(p->body);
	m->ke.data.p = p->body + sizeof(struct ike_ke_hdr);
	m->ke.data.len = p->len - sizeof(struct ike_ke_hdr);
}

static int ike_v_id(struct ike_pctx *c, const struct ike_pld *p)
{
	size_t dlen = p->len - sizeof(struct ike_id_hdr);
	uint8_t type = p->body[0];

	if ((type == IKE_ID_IPV4_ADDR && dlen != 4) ||
	    (type == IKE_ID_IPV6_ADDR && dlen != 16))
		return ike_bad(c, "ID data length does not match ID Type",
			       (uint32_t)dlen);
	if (dlen == 0)
		return ike_bad(c, "ID payload without identification data",
			       type);
	return 0;
}

static void ike_s_id(struct ike_msg *m, const struct ike_pld *p)
{
	struct ike_id *id = p->type == IKE_PLD_IDI ? &m->idi : &m->idr;

	id->type = p->body[0];
	id->data.p = p->body + sizeof(struct ike_id_hdr);
	id->data.len = p->len - sizeof(struct ike_id_hdr);
	id->body.p = p->body;
	id->body.len = p->len;
}

static void ike_s_cert(struct ike_msg *m, const struct ike_pld *p)
{
	bool req = p->type == IKE_PLD_CERTREQ;
	uint8_t *n = req ? &m->n_certreq : &m->n_cert;
	struct ike_cert *cert = req ? m->certreq : m->cert;

	if (*n >= IKE_MAX_CERTS) {
		if (!req && m->cert_dropped < UINT8_MAX)
			m->cert_dropped++;
		return;
	}
	cert += (*n)++;
	cert->encoding = p->body[0];
	cert->data.p = p->body + sizeof(struct ike_cert_hdr);
	cert->data.len = p->len - sizeof(struct ike_cert_hdr);
}

static int ike_v_auth(struct ike_pctx *c, const struct ike_pld *p)
{
	if (p->len == sizeof(struct ike_auth_hdr))
		return ike_bad(c, "AUTH payload without authentication data",
			       p->body[0]);
	return 0;
}

static void ike_s_auth(struct ike_msg *m, const struct ike_pld *p)
{
	m->auth.method = p->body[0];
	m->auth.data.p = p->body + sizeof(struct ike_auth_hdr);
	m->auth.data.len = p->len - sizeof(struct ike_auth_hdr);
}

static int ike_v_nonce(struct ike_pctx *c, const struct ike_pld *p)
{
	if (p->len < IKE_NONCE_MIN || p->len > IKE_NONCE_MAX)
		return ike_bad(c, "Nonce length not in 16..256",
			       (uint32_t)p->len);
	return 0;
}

static void ike_s_nonce(struct ike_msg *m, const struct ike_pld *p)
{
	m->nonce.p = p->body;
	m->nonce.len = p->len;
}

/* ---- Notify, Delete, Vendor ID ------------------------------------------ */

static int ike_v_notify(struct ike_pctx *c, const struct ike_pld *p)
{
	uint8_t spi_size = p->body[1];

	if (spi_size > p->len - sizeof(struct ike_notify_hdr))
		return ike_bad(c, "Notify SPI Size beyond payload", spi_size);
	return 0;
}

static void ike_s_notify(struct ike_msg *m, const struct ike_pld *p)
{
	struct ike_notify *n;
	size_t fixed = sizeof(struct ike_notify_hdr) + p->body[1];

	if (m->n_notify >= IKE_MAX_NOTIFIES) {
		ike_sat_inc(&m->notify_dropped);
		return;
	}
	n = &m->notify[m->n_notify++];
	n->proto = p->body[0];
	n->type = ike_get16(p->body + 2);
	n->spi.p = p->body + sizeof(struct ike_notify_hdr);
	n->spi.len = p->body[1];
	n->data.p = p->body + fixed;
	n->data.len = p->len - fixed;
}

static int ike_v_delete(struct ike_pctx *c, const struct ike_pld *p)
{
	struct ike_delete_hdr h;
	size_t want;

	memcpy(&h, p->body, sizeof(h));
	if (h.proto == IKE_PROTO_IKE && (h.spi_size != 0 || h.num_spi != 0))
		return ike_bad(c, "Delete of IKE SA with SPI Size or SPIs",
			       h.spi_size);
	if ((h.proto == IKE_PROTO_ESP || h.proto == IKE_PROTO_AH) &&
	    h.spi_size != 4)
		return ike_bad(c, "Delete of ESP/AH with SPI Size not 4",
			       h.spi_size);
	if (h.proto < IKE_PROTO_IKE || h.proto > IKE_PROTO_ESP)
		return ike_bad(c, "Delete Protocol ID unknown", h.proto);
	want = (size_t)be16toh(h.num_spi) * h.spi_size;
	if (want != p->len - sizeof(h))
		return ike_bad(c, "Delete Num of SPIs does not match length",
			       be16toh(h.num_spi));
	return 0;
}

static void ike_s_delete(struct ike_msg *m, const struct ike_pld *p)
{
	struct ike_delete *d;

	if (m->n_delete >= IKE_MAX_DELETES) {
		ike_sat_inc(&m->delete_dropped);
		return;
	}
	d = &m->del[m->n_delete++];
	d->proto = p->body[0];
	d->spi_size = p->body[1];
	d->num_spi = ike_get16(p->body + 2);
	d->spis.p = p->body + sizeof(struct ike_delete_hdr);
	d->spis.len = p->len - sizeof(struct ike_delete_hdr);
}

static void ike_s_vid(struct ike_msg *m, const struct ike_pld *p)
{
	if (m->n_vid >= IKE_MAX_VIDS)
		return;
	m->vid[m->n_vid].p = p->body;
	m->vid[m->n_vid++].len = p->len;
}

/* ---- Traffic selectors --------------------------------------------------- */

/* One selector at b[0..left): returns its length or a negative error. */
static int ike_v_selector(struct ike_pctx *c, const uint8_t *b, size_t left)
{
	size_t len;

	if (left < sizeof(struct ike_ts_hdr))
		return ike_bad(c, "traffic selector truncated, octets left",
			       (uint32_t)left);
	len = ike_get16(b + 2);
	if (len < sizeof(struct ike_ts_hdr) || len > left)
		return ike_bad(c, "Selector Length out of range", (uint32_t)len);
	if ((b[0] == IKE_TS_IPV4_ADDR_RANGE && len != IKE_TS_IPV4_LEN) ||
	    (b[0] == IKE_TS_IPV6_ADDR_RANGE && len != IKE_TS_IPV6_LEN))
		return ike_bad(c, "Selector Length does not match TS Type",
			       (uint32_t)len);
	return (int)len;
}

static int ike_v_ts(struct ike_pctx *c, const struct ike_pld *p)
{
	size_t off = sizeof(struct ike_ts_pld_hdr);
	unsigned int count = 0;

	if (p->body[0] == 0)
		return ike_bad(c, "TS payload Number of TSs is 0", 0);
	while (off < p->len) {
		int len = ike_v_selector(c, p->body + off, p->len - off);

		if (len < 0)
			return len;
		off += len;
		count++;
	}
	if (count != p->body[0])
		return ike_bad(c, "Number of TSs != selectors present",
			       p->body[0]);
	return 0;
}

static void ike_s_selector(struct ike_ts_set *set, const uint8_t *b)
{
	struct ike_ts *ts;
	size_t alen;

	if (b[0] != IKE_TS_IPV4_ADDR_RANGE && b[0] != IKE_TS_IPV6_ADDR_RANGE) {
		ike_sat_inc(&set->ts_unknown);
		return;
	}
	if (set->n_ts >= IKE_MAX_TS) {
		ike_sat_inc(&set->ts_dropped);
		return;
	}
	ts = &set->ts[set->n_ts++];
	alen = b[0] == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
	ts->type = b[0];
	ts->ip_proto = b[1];
	ts->start_port = ike_get16(b + 4);
	ts->end_port = ike_get16(b + 6);
	memcpy(ts->start, b + sizeof(struct ike_ts_hdr), alen);
	memcpy(ts->end, b + sizeof(struct ike_ts_hdr) + alen, alen);
}

static void ike_s_ts(struct ike_msg *m, const struct ike_pld *p)
{
	struct ike_ts_set *set = p->type == IKE_PLD_TSI ? &m->tsi : &m->tsr;
	size_t off = sizeof(struct ike_ts_pld_hdr);

	while (off < p->len) {
		ike_s_selector(set, p->body + off);
		off += ike_get16(p->body + off + 2);
	}
}

/* ---- SK, SKF, CP, EAP ---------------------------------------------------- */

static void ike_s_sk(struct ike_msg *m, const struct ike_pld *p)
{
	m->sk.hdr_off = p->off;
	m->sk.first_np = p->next;
	m->sk.body.p = p->body;
	m->sk.body.len = p->len;
}

static int ike_v_skf(struct ike_pctx *c, const struct ike_pld *p)
{
	uint16_t num = ike_get16(p->body), total = ike_get16(p->body + 2);

	if (num == 0 || num > total)
		return ike_bad(c, "SKF Fragment Number not in 1..Total", num);
	return 0;
}

static void ike_s_skf(struct ike_msg *m, const struct ike_pld *p)
{
	m->sk.hdr_off = p->off;
	m->sk.first_np = p->next;
	m->sk.fragment = true;
	m->sk.frag_num = ike_get16(p->body);
	m->sk.frag_total = ike_get16(p->body + 2);
	m->sk.body.p = p->body + sizeof(struct ike_skf_hdr);
	m->sk.body.len = p->len - sizeof(struct ike_skf_hdr);
}

static void ike_s_cp(struct ike_msg *m, const struct ike_pld *p)
{
	m->cp.cfg_type = p->body[0];
	m->cp.attrs.p = p->body + sizeof(struct ike_cp_hdr);
	m->cp.attrs.len = p->len - sizeof(struct ike_cp_hdr);
}

static void ike_s_eap(struct ike_msg *m, const struct ike_pld *p)
{
	m->eap.p = p->body;
	m->eap.len = p->len;
}

/* ---- The payload table and the chain loop ------------------------------- */

#define G sizeof(struct ike_gen_hdr)

static const struct ike_pld_desc ike_plds[] = {
	[IKE_PLD_SA]      = { G + 8,  IKE_ANYWHERE, false, false, ike_v_sa, ike_s_sa },
	[IKE_PLD_KE]      = { G + 4,  IKE_ANYWHERE, false, false, ike_v_ke, ike_s_ke },
	[IKE_PLD_IDI]     = { G + 4,  IKE_IN_SK,    false, false, ike_v_id, ike_s_id },
	[IKE_PLD_IDR]     = { G + 4,  IKE_IN_SK,    false, false, ike_v_id, ike_s_id },
	[IKE_PLD_CERT]    = { G + 1,  IKE_IN_SK,    true,  false, ike_v_opaque, ike_s_cert },
	[IKE_PLD_CERTREQ] = { G + 1,  IKE_ANYWHERE, true,  false, ike_v_opaque, ike_s_cert },
	[IKE_PLD_AUTH]    = { G + 4,  IKE_IN_SK,    false, false, ike_v_auth, ike_s_auth },
	[IKE_PLD_NONCE]   = { G + 0,  IKE_ANYWHERE, false, false, ike_v_nonce, ike_s_nonce },
	[IKE_PLD_NOTIFY]  = { G + 4,  IKE_ANYWHERE, true,  false, ike_v_notify, ike_s_notify },
	[IKE_PLD_DELETE]  = { G + 4,  IKE_IN_SK,    true,  false, ike_v_delete, ike_s_delete },
	[IKE_PLD_VID]     = { G + 0,  IKE_ANYWHERE, true,  false, ike_v_opaque, ike_s_vid },
	[IKE_PLD_TSI]     = { G + 4,  IKE_IN_SK,    false, false, ike_v_ts, ike_s_ts },
	[IKE_PLD_TSR]     = { G + 4,  IKE_IN_SK,    false, false, ike_v_ts, ike_s_ts },
	[IKE_PLD_SK]      = { G + 0,  IKE_IN_CLEAR, false, true,  ike_v_opaque, ike_s_sk },
	[IKE_PLD_CP]      = { G + 4,  IKE_IN_SK,    false, false, ike_v_opaque, ike_s_cp },
	[IKE_PLD_EAP]     = { G + 4,  IKE_IN_SK,    false, false, ike_v_opaque, ike_s_eap },
	[IKE_PLD_SKF]     = { G + 4,  IKE_IN_CLEAR, false, true,  ike_v_skf, ike_s_skf },
};

#undef G

static const struct ike_pld_desc *ike_pld_lookup(uint8_t type)
{
	if (type >= ARRAY_SIZE(ike_plds) || !ike_plds[type].validate)
		return NULL;
	return &ike_plds[type];
}

/* An unrecognized payload type: skip it, unless it is critical (2.5). */
static int ike_unknown(struct ike_pctx *c, uint8_t type, uint8_t critical)
{
	if (!(critical & IKE_CRITICAL))
		return 0;
	ike_fail(c, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD,
		 "unknown payload type with Critical bit", type);
	c->m->error_payload = type;
	return -EOPNOTSUPP;
}

/* Where it is, whether it repeats: checks against ike_plds[type]. */
static int ike_v_place(struct ike_pctx *c, const struct ike_pld_desc *d,
		       const struct ike_pld *p, size_t rest)
{
	if (d->where == IKE_IN_SK && !c->inner)
		return ike_bad(c, "payload only allowed inside SK", p->type);
	if (d->where == IKE_IN_CLEAR && c->inner)
		return ike_bad(c, "payload not allowed inside SK", p->type);
	if (!d->multi && ike_msg_has(c->m, p->type))
		return ike_bad(c, "duplicate payload", p->type);
	if (d->last && p->len + sizeof(struct ike_gen_hdr) != rest)
		return ike_bad(c, "payload must be the last one", p->type);
	return 0;
}

/*
 * Walk the chain in b[0..n) starting with type np. Stops after SK/SKF.
 * Returns 0 or a negative error with c->m->error_* set.
 */
static int ike_parse_chain(struct ike_pctx *c, uint8_t np, const uint8_t *b,
			   size_t n, size_t base)
{
	size_t off = 0;

	while (np != IKE_PLD_NONE) {
		const struct ike_pld_desc *d = ike_pld_lookup(np);
		struct ike_gen_hdr g;
		struct ike_pld p;
		size_t len;
		int rc;

		c->off = base + off;
		if (n - off < sizeof(g))
			return ike_bad(c, "generic header truncated, type", np);
		memcpy(&g, b + off, sizeof(g));
		len = be16toh(g.length);
		if (len < sizeof(g))
			return ike_bad(c, "Payload Length below 4", (uint32_t)len);
		if (len > n - off)
			return ike_bad(c, "Payload Length beyond message",
				       (uint32_t)len);
		if (d && len < d->min_len)
			return ike_bad(c, "Payload Length below the type's minimum",
				       (uint32_t)len);
		p = (struct ike_pld){ np, g.next_payload, base + off,
				      b + off + sizeof(g), len - sizeof(g) };
		if (!d)
			rc = ike_unknown(c, np, g.critical);
		else if ((rc = ike_v_place(c, d, &p, n - off)) == 0 &&
			 (rc = d->validate(c, &p)) == 0) {
			d->store(c->m, &p);
			c->m->seen |= 1ull << np;
		}
		if (rc < 0)
			return rc;
		if (d && d->last)
			return 0;
		np = g.next_payload;
		off += len;
	}
	if (off != n)
		return ike_bad(c, "octets after the last payload",
			       (uint32_t)(n - off));
	return 0;
}

static int ike_parse_hdr(struct ike_pctx *c, const uint8_t *buf, size_t len)
{
	struct ike_msg *m = c->m;
	struct ike_hdr h;

	if (len < sizeof(h))
		return ike_fail(c, 0, "datagram shorter than IKE header",
				(uint32_t)len);
	memcpy(&h, buf, sizeof(h));
	memcpy(&m->ispi, h.ispi, 8);
	memcpy(&m->rspi, h.rspi, 8);
	m->ispi = be64toh(m->ispi);
	m->rspi = be64toh(m->rspi);
	m->first_np = h.next_payload;
	m->version = h.version;
	m->exchange = h.exchange;
	m->flags = h.flags;
	m->msgid = be32toh(h.msgid);
	m->length = be32toh(h.length);
	if (IKE_VERSION_MAJOR(h.version) != 2) {
		ike_fail(c, IKE_N_INVALID_MAJOR_VERSION, "IKE header major version",
			 h.version);
		return -EPROTONOSUPPORT;
	}
	if (m->length != len)
		return ike_fail(c, 0, "IKE header Length != datagram length",
				m->length);
	return 0;
}

int ike_parse(const uint8_t *buf, size_t len, struct ike_msg *m)
{
	struct ike_pctx c = { .m = m };
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ike_parse_hdr(&c, buf, len);
	if (rc < 0)
		return rc;
	return ike_parse_chain(&c, m->first_np, buf + sizeof(struct ike_hdr),
			       len - sizeof(struct ike_hdr), sizeof(struct ike_hdr));
}

int ike_parse_inner(struct ike_msg *m, uint8_t first_np, const uint8_t *plain,
		    size_t len)
{
	struct ike_pctx c = { .m = m, .inner = true };

	return ike_parse_chain(&c, first_np, plain, len, 0);
}

int ike_sk_unpad(const uint8_t *plain, size_t len, size_t *chain_len)
{
	if (len == 0 || (size_t)plain[len - 1] + 1 > len)
		return -EBADMSG;
	*chain_len = len - plain[len - 1] - 1;
	return 0;
}

const struct ike_notify *ike_msg_notify(const struct ike_msg *m, uint16_t type)
{
	for (unsigned int i = 0; i < m->n_notify; i++)
		if (m->notify[i].type == type)
			return &m->notify[i];
	return NULL;
}

uint16_t ike_msg_error(const struct ike_msg *m)
{
	for (unsigned int i = 0; i < m->n_notify; i++)
		if (m->notify[i].type < IKE_N_STATUS_BASE)
			return m->notify[i].type;
	return 0;
}

uint32_t ike_delete_spi(const struct ike_delete *d, unsigned int i)
{
	const uint8_t *p;

	if (d->spi_size != 4 || i >= d->num_spi || d->spis.len < (i + 1) * 4ul)
		return 0;
	p = d->spis.p + (size_t)i * 4;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
