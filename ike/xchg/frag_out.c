// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fragmenting our messages (frag_out.h). Every fragment repeats the IKE
 * header (same SPIs, exchange, flags and message id, its own Length); the
 * first carries the inner chain's first payload type, the others 0.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "codec/build.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/ike.h"
#include "frag_out.h"

#define SKF_FIXED	(sizeof(struct ike_hdr) + 4 + sizeof(struct ike_skf_hdr))

size_t frag_room(const struct ikesa *sa)
{
	const struct cfg_global *g = &sa->d->cfg->global;
	size_t ip = sa->remote.ip.family == AF_INET6 ? 40 : 20;
	size_t marker = sa->local.port == g->port_natt ? 4 : 0;

	return g->fragment_size - ip - 8 - marker;
}

bool frag_needed(const struct ikesa *sa, const struct omsg *o)
{
	struct ike_aead_layout l;

	if (ike_aead_layout_encrypt(sa->aead_out, 0, o->sk.iv_off,
				    o->b.len - o->sk.plain_off, &l))
		return false;
	return l.icv_off + l.icv_len > frag_room(sa);
}

/* Inner-chain octets one fragment carries. */
static size_t chunk_len(const struct ikesa *sa,
			const struct ike_encr_info *ei)
{
	struct ike_aead_layout l;
	size_t room = frag_room(sa), fixed = SKF_FIXED + ei->iv_len, space;

	if (ike_aead_layout_encrypt(sa->aead_out, 0, fixed, 0, &l) ||
	    room < fixed + l.icv_len + ei->block_len + 16)
		return 0;
	space = room - fixed - l.icv_len;
	return space / ei->block_len * ei->block_len - 1;
}

/* What omsg_begin() wrote into o's header, and SK's first inner type. */
struct frag_hdr {
	uint8_t exchange, flags, first_np;
	uint32_t msgid;
};

static void hdr_from(struct frag_hdr *h, const struct omsg *o)
{
	const struct ike_hdr *m = (const void *)o->b.p;
	uint32_t msgid;

	memcpy(&msgid, &m->msgid, sizeof(msgid));
	h->exchange = m->exchange;
	h->flags = m->flags;
	h->msgid = be32toh(msgid);
	h->first_np = o->b.p[o->sk.hdr_off];
}

static uint32_t hdr_msgid(const struct omsg *o)
{
	struct frag_hdr h;

	hdr_from(&h, o);
	return h.msgid;
}

int frag_seal(struct ikesa *sa, const struct omsg *o, uint16_t num,
	      uint16_t total, size_t off, size_t n, struct ike_buf *b)
{
	const struct ike_encr_info *ei;
	struct ike_sk_region r;
	struct ike_aead_layout l;
	struct frag_hdr h;
	int rc = ike_crypto_encr_lookup(sa->suite.encr, sa->suite.encr_key_bits,
					&ei);

	if (rc || off + n > o->b.len - o->sk.plain_off)
		return rc ? rc : -EINVAL;
	hdr_from(&h, o);
	ike_build_header(b, sa->spi_i, sa->spi_r, h.exchange, h.flags, h.msgid);
	ike_build_skf_open(b, num, total, num == 1 ? h.first_np : 0,
			   ei->iv_len, &r);
	ike_build_bytes(b, o->b.p + o->sk.plain_off + off, n);
	rc = ike_aead_layout_encrypt(sa->aead_out, 0, r.iv_off, n, &l);
	if (!rc)
		rc = ike_build_sk_close(b, &r, ei->block_len, l.icv_len);
	if (!rc)
		rc = ike_build_finish(b);
	if (!rc && l.text_off + l.text_len != r.plain_end)
		rc = -EINVAL;
	return rc ? rc : ike_aead_encrypt(sa->aead_out, b->p, b->len, &l, n);
}

int frag_out(struct ikesa *sa, const struct omsg *o, uint8_t **out,
	     size_t *out_len)
{
	size_t n = o->b.len - o->sk.plain_off, room = frag_room(sa), chunk;
	const struct ike_encr_info *ei;
	uint8_t *train;
	size_t off = 0, total;
	int rc = ike_crypto_encr_lookup(sa->suite.encr, sa->suite.encr_key_bits,
					&ei);

	chunk = rc ? 0 : chunk_len(sa, ei);
	total = chunk ? (n + chunk - 1) / chunk : 0;
	if (!total || total > 65535)
		return -EMSGSIZE;
	train = malloc(total * room);
	if (!train)
		return -ENOMEM;
	for (size_t i = 0; i < total && !rc; i++) {
		size_t take = n - i * chunk < chunk ? n - i * chunk : chunk;
		struct ike_buf b;

		ike_buf_init(&b, train + off, room);
		rc = frag_seal(sa, o, i + 1, total, i * chunk, take, &b);
		off += b.len;
	}
	if (rc) {
		free(train);
		return rc;
	}
	if (total > 64)
		isa_warn(sa, "message %u in %zu fragments: peers often keep 64 "
			 "at most (fragment_size %u)", hdr_msgid(o), total,
			 sa->d->cfg->global.fragment_size);
	sa->d->st.frags_tx += total;
	*out = train;
	*out_len = off;
	return 0;
}
