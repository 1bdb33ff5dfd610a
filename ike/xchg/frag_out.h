/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Our messages in fragments (RFC 7383 2.5): when fragmentation was
 * negotiated and a protected message would not fit fragment_size, its
 * inner payload chain is cut into SKF payloads, each encrypted and
 * authenticated on its own, each in a datagram that fits.
 */
#ifndef IKE_XCHG_FRAG_OUT_H
#define IKE_XCHG_FRAG_OUT_H

#include "send.h"

/* Octets of IKE message one datagram of fragment_size carries to the
 * peer (IP and UDP headers, the non-ESP marker on the NAT-T port off). */
size_t frag_room(const struct ikesa *sa);
/* Would o, sealed whole, be larger than frag_room()? */
bool frag_needed(const struct ikesa *sa, const struct omsg *o);
/* o (opened, inner payloads built, not sealed) as fragments, back to
 * back in one malloc'd buffer: each is a whole IKE message. */
int frag_out(struct ikesa *sa, const struct omsg *o, uint8_t **out,
	     size_t *out_len);

/* One fragment, num of total, carrying octets [off, off + n) of o's
 * inner chain, sealed into b (frag_out's step; the fuzzer's too). */
int frag_seal(struct ikesa *sa, const struct omsg *o, uint16_t num,
	      uint16_t total, size_t off, size_t n, struct ike_buf *b);

#endif /* IKE_XCHG_FRAG_OUT_H */
