/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Nonce order for rekey collisions (RFC 7296 2.8.1). */
#ifndef IKE_NONCE_H
#define IKE_NONCE_H

#include <stdint.h>
#include <string.h>

#include "msg.h"

/* <0, 0, >0 as memcmp, a shorter prefix sorting first. */
static inline int nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b,
			    size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	return r ? r : (int)alen - (int)blen;
}

/* Keep the lower of two nonces, truncated to cap octets. */
static inline void nonce_min2(const struct ike_span *x, const struct ike_span *y,
			      uint8_t *out, uint8_t *out_len, size_t cap)
{
	const struct ike_span *m = nonce_cmp(x->p, x->len, y->p, y->len) <= 0 ?
				   x : y;
	size_t len = m->len < cap ? m->len : cap;

	memcpy(out, m->p, len);
	*out_len = (uint8_t)len;
}

#endif /* IKE_NONCE_H */
