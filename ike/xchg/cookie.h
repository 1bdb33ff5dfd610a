/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The responder's cookies (RFC 7296 2.6), and the retry that carries one. */
#ifndef IKE_XCHG_COOKIE_H
#define IKE_XCHG_COOKIE_H

#include "state/sa.h"

/* The cookie we give the IKE_SA_INIT request with this Ni and SPIi from
 * remote: version | prf(secret, Ni | IPi | port | SPIi). out: 64 octets. */
int cookie_make(const struct ike_daemon *d, const struct ike_span *ni,
		uint64_t spi_i, const struct ike_addr *remote, uint8_t *out,
		size_t *len);

/* The half-open SA sa was made from an IKE_SA_INIT without a cookie: the
 * octets of the same request with our cookie as its first payload, as an
 * initiator retries it (RFC 7296 2.6). Malloc'ed; -errno. */
int cookie_retry_octets(const struct ikesa *sa, uint8_t **out, size_t *len);

/* buf is octet for octet the retry cookie_retry_octets makes. */
bool cookie_is_retry(const struct ikesa *sa, const uint8_t *buf, size_t len);

/*
 * The peer's AUTH did not verify over the IKE_SA_INIT we answered: it may
 * cover its retry with our cookie, which never reached us (lost), while
 * we answered an earlier copy without one (our load fell below
 * cookie_threshold in between). cookie_retry_try puts the retry's octets
 * in sa->init_i (0), or says there is none to try; cookie_retry_done keeps
 * them (the AUTH verified over them) or puts the old ones back.
 */
struct cookie_swap {
	uint8_t *old;
	size_t old_len;
};
int cookie_retry_try(struct ikesa *sa, struct cookie_swap *sw);
void cookie_retry_done(struct ikesa *sa, struct cookie_swap *sw, bool keep);

#endif /* IKE_XCHG_COOKIE_H */
