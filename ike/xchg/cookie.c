// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The responder's cookies (RFC 7296 2.6), and what a retry with one looks
 * like: the initiator sends its request again with N(COOKIE) first and
 * the rest unchanged (same SPIi, Ni, KE). cookie.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>
#include "codec/build.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/ike.h"
#include "cookie.h"

#define COOKIE_VERSION 1

/* The source port too, so one echoing source cannot use one cookie from
 * many ports. */
int cookie_make(const struct ike_daemon *d, const struct ike_span *ni,
		uint64_t spi_i, const struct ike_addr *remote, uint8_t *out,
		size_t *len)
{
	struct ike_prf_ctx *prf;
	uint8_t spi[8], port[2] = { (uint8_t)(remote->port >> 8),
				    (uint8_t)remote->port };
	struct ike_crypto_iov in[4] = {
		{ ni->p, ni->len },
		{ remote->ip.addr, sizeof(remote->ip.addr) },
		{ port, sizeof(port) },
		{ spi, sizeof(spi) },
	};
	int rc;

	for (int i = 0; i < 8; i++)
		spi[i] = (uint8_t)(spi_i >> (56 - 8 * i));
	rc = ike_prf_new(&prf, IKE_PRF_HMAC_SHA2_256, d->cookie_secret,
			 sizeof(d->cookie_secret));
	if (rc)
		return rc;
	out[0] = COOKIE_VERSION;
	rc = ike_prf_compute(prf, in, 4, out + 1, ike_prf_len(prf));
	*len = 1 + ike_prf_len(prf);
	ike_prf_free(prf);
	return rc;
}

int cookie_retry_octets(const struct ikesa *sa, uint8_t **out, size_t *len)
{
	struct ike_span ni = { sa->ni, sa->ni_len };
	const struct ike_hdr *h = (const void *)sa->init_i;
	uint8_t cookie[64], *m;
	struct ike_buf b;
	size_t clen, cap;
	int rc;

	if (!sa->init_i || sa->init_i_len < sizeof(*h) || sa->cookie_verified)
		return -ENOENT;
	rc = cookie_make(sa->d, &ni, sa->spi_i, &sa->init_remote, cookie,
			 &clen);
	if (rc)
		return rc;
	cap = sa->init_i_len + sizeof(struct ike_gen_hdr) + 4 + clen;
	m = malloc(cap);
	if (!m)
		return -ENOMEM;
	ike_buf_init(&b, m, cap);
	ike_build_header(&b, sa->spi_i, 0, h->exchange, h->flags,
			 be32toh(h->msgid));
	ike_build_notify_data(&b, IKE_N_COOKIE, cookie, clen);
	ike_build_chain(&b, h->next_payload, sa->init_i + sizeof(*h),
			sa->init_i_len - sizeof(*h));
	rc = ike_build_finish(&b);
	if (rc) {
		free(m);
		return rc;
	}
	/* the peer's minor version too, which the codec does not write (a
	 * receiver ignores it, RFC 7296 3.1; the peer's AUTH covers it) */
	m[offsetof(struct ike_hdr, version)] = h->version;
	*out = m;
	*len = b.len;
	return 0;
}

bool cookie_is_retry(const struct ikesa *sa, const uint8_t *buf, size_t len)
{
	uint8_t *want;
	size_t wlen;
	bool same;

	if (cookie_retry_octets(sa, &want, &wlen))
		return false;
	same = wlen == len && !memcmp(want, buf, len);
	free(want);
	return same;
}

int cookie_retry_try(struct ikesa *sa, struct cookie_swap *sw)
{
	uint8_t *m;
	size_t len;
	int rc;

	if (sa->initiator)
		return -ENOENT;
	rc = cookie_retry_octets(sa, &m, &len);
	if (rc)
		return rc;
	sw->old = sa->init_i;
	sw->old_len = sa->init_i_len;
	sa->init_i = m;
	sa->init_i_len = len;
	return 0;
}

void cookie_retry_done(struct ikesa *sa, struct cookie_swap *sw, bool keep)
{
	if (keep) {
		free(sw->old);
		sa->cookie_verified = true;
		isa_info(sa, "the peer's AUTH covers its IKE_SA_INIT retry with "
			 "our cookie, lost on the way: that one is authenticated");
		return;
	}
	free(sa->init_i);
	sa->init_i = sw->old;
	sa->init_i_len = sw->old_len;
}
