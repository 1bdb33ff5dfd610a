/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AUTH by signature (RFC 7296 2.15, RFC 7427): our AUTH payload signed
 * with the connection's private key, and the peer's checked: its CERT
 * chain against the trust anchors and CRLs, its ID against the
 * certificate, its signature over the signed octets.
 */
#ifndef IKE_XCHG_AUTH_SIG_H
#define IKE_XCHG_AUTH_SIG_H

#include "codec/build.h"
#include "crypto/crypto.h"
#include "state/sa.h"

/*
 * The signed octets of the message sent by the initiator (by_i) or the
 * responder: its IKE_SA_INIT message | the other's nonce | prf(SK_p,
 * ID body), as three pieces; maced (64 octets) holds the third.
 */
int auth_octets(const struct ikesa *sa, bool by_i, const uint8_t *id_body,
		size_t id_len, uint8_t maced[64],
		struct ike_crypto_iov oct[3]);
/* Our AUTH payload, signed (method 14, or a classic one, see auth_sig.c). */
int auth_sig_add(struct ikesa *sa, struct ike_buf *b, const uint8_t *id_body,
		 size_t id_len);
/* The peer's CERT, ID and AUTH: 0 or -EACCES (logged with the reason). */
int auth_sig_verify(struct ikesa *sa, const struct ike_msg *m,
		    const struct ike_id *id);

#endif /* IKE_XCHG_AUTH_SIG_H */
