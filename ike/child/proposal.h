/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SA payloads: our offer from the configured proposals, the responder's
 * choice among the peer's (RFC 7296 2.7, 3.3), and the check of the one
 * proposal a responder sent back.
 */
#ifndef IKE_PROPOSAL_H
#define IKE_PROPOSAL_H

#include "config/config.h"
#include "crypto/crypto.h"
#include "codec/msg.h"

/* The transforms of one accepted proposal. */
struct prop_choice {
	uint8_t num;			/* the proposal number it had */
	struct ike_crypto_suite suite;
	uint16_t dh;			/* 0: none */
	uint8_t esn;			/* enum ike_esn; ESP only */
	uint8_t spi_size;
	uint8_t spi[IKE_SPI_MAX];	/* the peer's, as sent */
};

/*
 * Our offer: one proposal per configured one, for proto (IKE or ESP),
 * each with our SPI (spi_size octets; 0 in IKE_SA_INIT). with_dh: include
 * the DH transforms (IKE SAs; ESP with PFS).
 */
int prop_offer(struct ike_sa *out, const struct cfg_proposal *ours, int n,
	       uint8_t proto, const uint8_t *spi, uint8_t spi_size,
	       bool with_dh);
/* Choose from the peer's offer: the first of its proposals we accept.
 * -ENOENT if none. */
int prop_select(const struct ike_sa *offer, const struct cfg_proposal *ours,
		int n, uint8_t proto, bool with_dh, struct prop_choice *out);
/* The responder's SA payload must hold exactly one proposal we offered. */
int prop_check_reply(const struct ike_sa *reply,
		     const struct cfg_proposal *ours, int n, uint8_t proto,
		     bool with_dh, struct prop_choice *out);
/* The SA payload answering with choice c and our SPI. */
void prop_reply(struct ike_sa *out, const struct prop_choice *c,
		uint8_t proto, const uint8_t *spi, uint8_t spi_size);
/* The first DH group of our first proposal (the KE we send), or 0. */
uint16_t prop_first_dh(const struct cfg_proposal *ours, int n);
/* Is group among the DH groups of any of our proposals? */
bool prop_has_dh(const struct cfg_proposal *ours, int n, uint16_t group);

#endif /* IKE_PROPOSAL_H */
