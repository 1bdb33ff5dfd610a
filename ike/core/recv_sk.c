// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SK and SKF (RFC 7383 2.6): every fragment carries its own ICV and is
 * verified before it is kept; the associated data of an SKF covers its
 * Fragment Number and Total Fragments. Once all are in, the inner chain
 * is parsed as if it came in one SK payload.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/frag.h"
#include "state/ike.h"
#include "recv_sk.h"

/* Verify and decrypt in place: the inner chain is buf[*off, *off + *n). */
static int sk_decrypt(struct ikesa *sa, const struct ike_msg *m, uint8_t *buf,
		      size_t len, size_t *off, size_t *n)
{
	size_t aad = m->sk.hdr_off + 4 +
		     (m->sk.fragment ? sizeof(struct ike_skf_hdr) : 0);
	struct ike_aead_layout l;
	int rc;

	if (!sa->aead_in)
		return -EACCES;
	rc = ike_aead_layout_decrypt(sa->aead_in, 0, aad, m->sk.body.len, &l);
	if (!rc)
		rc = ike_aead_decrypt(sa->aead_in, buf, len, &l, n);
	if (rc) {
		isa_warn(sa, "message %u%s does not decrypt: dropped",
			 m->msgid, m->sk.fragment ? " (a fragment)" : "");
		return -EACCES;
	}
	*off = l.text_off;
	return 0;
}

static int fragment(struct ikesa *sa, struct ike_msg *m, const uint8_t *plain,
		    size_t n, uint8_t **whole, size_t *whole_len)
{
	bool response = m->flags & IKE_FLAG_RESPONSE;
	uint8_t np;

	switch (frag_keep(sa, response, m->msgid, m->sk.frag_num,
			  m->sk.frag_total, m->sk.first_np, plain, n)) {
	case FRAG_KEPT:
		return -EAGAIN;
	case FRAG_DROP:
		return -EACCES;
	case FRAG_DONE:
		break;
	}
	*whole = frag_take(sa, response, whole_len, &np);
	if (!*whole)
		return -EACCES;
	isa_debug(sa, "message %u reassembled from %u fragments (%zu octets)",
		  m->msgid, m->sk.frag_total, *whole_len);
	return ike_parse_inner(m, np, *whole, *whole_len);
}

int recv_sk_open(struct ikesa *sa, struct ike_msg *m, uint8_t *buf,
		 size_t len, uint8_t **whole, size_t *whole_len)
{
	size_t off, n;
	int rc;

	*whole = NULL;
	*whole_len = 0;
	if (!ike_msg_has(m, m->sk.fragment ? IKE_PLD_SKF : IKE_PLD_SK))
		return -EBADMSG;
	if (m->sk.fragment && !sa->frag) {
		ike_peer_log(sa->d, MSA_LOG_INFO, "%s: fragment of message %u "
			     "dropped: fragmentation was not negotiated",
			     isa_name(sa), m->msgid);
		sa->d->st.frags_dropped++;
		return -EACCES;
	}
	rc = sk_decrypt(sa, m, buf, len, &off, &n);
	if (rc)
		return rc;
	if (m->sk.fragment)
		return fragment(sa, m, buf + off, n, whole, whole_len);
	return ike_parse_inner(m, m->sk.first_np, buf + off, n);
}

int recv_sk_verify(struct ikesa *sa, const struct ike_msg *m, uint8_t *buf,
		   size_t len)
{
	size_t off, n;

	if (!ike_msg_has(m, m->sk.fragment ? IKE_PLD_SKF : IKE_PLD_SK))
		return -EBADMSG;
	return sk_decrypt(sa, m, buf, len, &off, &n);
}

void recv_sk_free(uint8_t *whole, size_t len)
{
	if (whole)
		explicit_bzero(whole, len);
	free(whole);
}
