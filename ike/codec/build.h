/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 message builder: the mirror of parse.c, from the same structs in
 * msg.h, onto a bounded buffer. A write that does not fit sets a sticky
 * error and every later call is a no-op, so a caller may build a whole
 * message and check once, at ike_build_finish().
 *
 * Next Payload fields are chained for the caller: each payload added fills
 * the previous one's (or the IKE header's, or SK's) Next Payload octet.
 *
 * Encrypted messages, with the crypto layer doing the crypto:
 *
 *	ike_build_header(b, ...);
 *	ike_build_sk_open(b, iv_len, &sk);	 generic header, IV space
 *	ike_build_id(b, ...); ...		 the inner payloads, in clear
 *	ike_build_sk_close(b, &sk, block, icv);	 padding, Pad Length, ICV space
 *	ike_build_finish(b);			 IKE header Length
 *	then: write the IV at sk.iv_off, encrypt [sk.plain_off, sk.plain_end)
 *	in place, authenticate [0, sk.icv_off) (AEAD: associated data is
 *	[0, sk.plain_off - iv_len), i.e. IKE header + SK generic header), and
 *	write the ICV at sk.icv_off.
 */
#ifndef IKE_BUILD_H
#define IKE_BUILD_H

#include "msg.h"

struct ike_buf {
	uint8_t *p;
	size_t len, cap;
	int err;		/* sticky: 0, -ENOBUFS, -EMSGSIZE or -EINVAL */
	size_t np_off;		/* Next Payload octet the next payload fills */
	uint8_t first_np;	/* chain built without header: its first type */
};

/* Offsets in the buffer of the parts of an SK (or SKF) payload. */
struct ike_sk_region {
	size_t hdr_off;		/* SK generic header */
	size_t iv_off;		/* IV, iv_len octets */
	size_t plain_off;	/* first inner payload */
	size_t plain_end;	/* after padding and Pad Length */
	size_t icv_off;		/* ICV, up to the end of the message */
};

void ike_buf_init(struct ike_buf *b, uint8_t *mem, size_t cap);

int ike_build_header(struct ike_buf *b, uint64_t ispi, uint64_t rspi,
		     uint8_t exchange, uint8_t flags, uint32_t msgid);
/* Sets the IKE header Length. Returns 0 or the sticky error. */
int ike_build_finish(struct ike_buf *b);

int ike_build_sa(struct ike_buf *b, const struct ike_sa *sa);
int ike_build_ke(struct ike_buf *b, const struct ike_ke *ke);
int ike_build_nonce(struct ike_buf *b, const struct ike_span *nonce);
/* type: IKE_PLD_IDI or IKE_PLD_IDR. id->body is ignored. */
int ike_build_id(struct ike_buf *b, uint8_t type, const struct ike_id *id);
/* type: IKE_PLD_CERT or IKE_PLD_CERTREQ. */
int ike_build_cert(struct ike_buf *b, uint8_t type, const struct ike_cert *c);
int ike_build_auth(struct ike_buf *b, const struct ike_auth *auth);
int ike_build_notify(struct ike_buf *b, const struct ike_notify *n);
/* A notify with no SPI, about the IKE SA or none. */
int ike_build_notify_data(struct ike_buf *b, uint16_t type,
			  const void *data, size_t len);
int ike_build_delete(struct ike_buf *b, const struct ike_delete *d);
/* type: IKE_PLD_TSI or IKE_PLD_TSR. */
int ike_build_ts(struct ike_buf *b, uint8_t type, const struct ike_ts_set *set);
int ike_build_vid(struct ike_buf *b, const struct ike_span *vid);
int ike_build_cp(struct ike_buf *b, const struct ike_cp *cp);
int ike_build_eap(struct ike_buf *b, const struct ike_span *eap);
/* Any payload from its body, e.g. an unknown type in tests. */
int ike_build_raw(struct ike_buf *b, uint8_t type, uint8_t critical,
		  const void *body, size_t len);

int ike_build_sk_open(struct ike_buf *b, size_t iv_len,
		      struct ike_sk_region *r);
/*
 * Pads the plaintext to a multiple of block (1 for AEAD without block
 * alignment; at most 256), then reserves icv_len octets. No payload may
 * follow.
 */
int ike_build_sk_close(struct ike_buf *b, struct ike_sk_region *r,
		       size_t block, size_t icv_len);

/*
 * SKF (RFC 7383): first_np is the inner chain's first type in fragment 1,
 * 0 in the others. Append the fragment's share of the inner chain with
 * ike_build_bytes(), then ike_build_sk_close().
 */
int ike_build_skf_open(struct ike_buf *b, uint16_t frag_num, uint16_t total,
		       uint8_t first_np, size_t iv_len,
		       struct ike_sk_region *r);
int ike_build_bytes(struct ike_buf *b, const void *data, size_t len);
/*
 * A chain of payloads already encoded (e.g. the rest of a peer's message),
 * whose first payload is of type first_np: fills the previous Next Payload
 * and closes the chain (its last payload's Next Payload is in data).
 */
int ike_build_chain(struct ike_buf *b, uint8_t first_np, const void *data,
		    size_t len);

#endif /* IKE_BUILD_H */
