// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The responder's cookies (RFC 7296 2.6), and what a retry with one looks
 * like: the initiator sends its request again with N(COOKIE) first and
 * the rest unchanged (same SPIi, Ni, KE). cookie.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/ike.h"
#include "cookie.h"

#define COOKIE_VERSION 1
#define HDR_LEN 28	/* IKE header */
#define N_FIXED 8	/* generic payload header, protocol, SPI size, type */

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

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int cookie_retry_octets(const struct ikesa *sa, uint8_t **out, size_t *len)
{
	struct ike_span ni = { sa->ni, sa->ni_len };
	uint8_t cookie[64], *m;
	size_t clen, nlen, total;
	int rc;

	if (!sa->init_i || sa->init_i_len < HDR_LEN || sa->cookie_verified)
		return -ENOENT;
	rc = cookie_make(sa->d, &ni, sa->spi_i, &sa->init_remote, cookie,
			 &clen);
	if (rc)
		return rc;
	nlen = N_FIXED + clen;
	total = sa->init_i_len + nlen;
	m = malloc(total);
	if (!m)
		return -ENOMEM;
	memcpy(m, sa->init_i, HDR_LEN);
	m[16] = IKE_PLD_NOTIFY;		/* the first payload now */
	m[24] = (uint8_t)(total >> 24);
	m[25] = (uint8_t)(total >> 16);
	m[26] = (uint8_t)(total >> 8);
	m[27] = (uint8_t)total;
	m[HDR_LEN] = sa->init_i[16];	/* then what came first before */
	m[HDR_LEN + 1] = 0;
	put16(m + HDR_LEN + 2, nlen);
	m[HDR_LEN + 4] = 0;		/* protocol: none */
	m[HDR_LEN + 5] = 0;		/* SPI size */
	put16(m + HDR_LEN + 6, IKE_N_COOKIE);
	memcpy(m + HDR_LEN + N_FIXED, cookie, clen);
	memcpy(m + HDR_LEN + nlen, sa->init_i + HDR_LEN,
	       sa->init_i_len - HDR_LEN);
	*out = m;
	*len = total;
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
