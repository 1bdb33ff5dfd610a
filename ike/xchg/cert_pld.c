// SPDX-License-Identifier: GPL-2.0-or-later
/* SIGNATURE_HASH_ALGORITHMS, CERTREQ and CERT payloads (cert_pld.h). */
#include <string.h>

#include "codec/wire.h"
#include "crypto/pki.h"
#include "state/ike.h"
#include "cert_pld.h"

#define CERTREQ_MAX	64	/* CAs named in one CERTREQ */

bool cert_pld_wanted(const struct cfg_conn *c)
{
	return c->local_auth == CFG_AUTH_PUBKEY ||
	       c->remote_auth == CFG_AUTH_PUBKEY;
}

int cert_pld_add_hashes(struct ike_buf *b, const struct cfg_conn *c)
{
	static const uint8_t ours[] = {
		0, IKE_HASH_SHA2_256, 0, IKE_HASH_SHA2_384,
		0, IKE_HASH_SHA2_512, 0, IKE_HASH_IDENTITY,
	};

	if (!cert_pld_wanted(c))
		return 0;
	return ike_build_notify_data(b, IKE_N_SIGNATURE_HASH_ALGORITHMS, ours,
				     sizeof(ours));
}

void cert_pld_take_hashes(struct ikesa *sa, const struct ike_msg *m)
{
	const struct ike_notify *n =
		ike_msg_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS);

	sa->peer_hashes = 0;
	for (size_t i = 0; n && i + 1 < n->data.len; i += 2) {
		uint16_t h = (uint16_t)(n->data.p[i] << 8 | n->data.p[i + 1]);

		if (h < 32)
			sa->peer_hashes |= IKE_HASH_BIT(h);
	}
}

int cert_pld_add_certreq(struct ike_buf *b, const struct cfg_conn *c)
{
	uint8_t hashes[CERTREQ_MAX * IKE_CRYPTO_SHA1_LEN];
	struct ike_cert req = { IKE_CERT_X509_SIG, { hashes, 0 } };

	if (c->remote_auth != CFG_AUTH_PUBKEY || !c->trust ||
	    ike_trust_certreq(c->trust, hashes, sizeof(hashes),
			      &req.data.len) || !req.data.len)
		return 0;
	return ike_build_cert(b, IKE_PLD_CERTREQ, &req);
}

int cert_pld_add_certs(struct ike_buf *b, const struct cfg_conn *c)
{
	int rc = 0;

	for (int i = 0; !rc && i < c->n_certs; i++) {
		struct ike_cert cert = { IKE_CERT_X509_SIG, { NULL, 0 } };

		cert.data.p = ike_x509_der(c->certs[i], &cert.data.len);
		rc = ike_build_cert(b, IKE_PLD_CERT, &cert);
	}
	return rc;
}
