/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The payloads of public-key authentication around AUTH:
 *
 *   IKE_SA_INIT  N(SIGNATURE_HASH_ALGORITHMS) both ways (RFC 7427 4),
 *                CERTREQ in the response (RFC 7296 3.7)
 *   IKE_AUTH     CERTREQ in the request, CERT (our end certificate, then
 *                the intermediates) from an end with auth = pubkey
 *
 * CERTREQ names the CAs we trust for the peer's certificate: encoding 4,
 * the SHA-1 hashes of their SubjectPublicKeyInfo, concatenated. We send
 * our certificates whatever the peer's CERTREQ says.
 */
#ifndef IKE_XCHG_CERT_PLD_H
#define IKE_XCHG_CERT_PLD_H

#include "codec/build.h"
#include "state/sa.h"

/* Does the connection authenticate either end with a signature? */
bool cert_pld_wanted(const struct cfg_conn *c);
/* N(SIGNATURE_HASH_ALGORITHMS) with the hashes we verify, if wanted. */
int cert_pld_add_hashes(struct ike_buf *b, const struct cfg_conn *c);
/* The peer's SIGNATURE_HASH_ALGORITHMS into sa->peer_hashes. */
void cert_pld_take_hashes(struct ikesa *sa, const struct ike_msg *m);
/* CERTREQ, if the remote end is authenticated with a certificate. */
int cert_pld_add_certreq(struct ike_buf *b, const struct cfg_conn *c);
/* CERT payloads of our certificates (local auth = pubkey). */
int cert_pld_add_certs(struct ike_buf *b, const struct cfg_conn *c);

#endif /* IKE_XCHG_CERT_PLD_H */
