// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AUTH with signatures (auth_sig.h).
 *
 * Sending: method 14 (RFC 7427) with the first hash of ours that the peer
 * announced in SIGNATURE_HASH_ALGORITHMS (RSASSA-PSS for RSA; for ECDSA
 * the curve's own hash first; Ed25519 needs "Identity", RFC 8420). A peer
 * that announced nothing gets the classic method of the key (1: RSA
 * PKCS#1 v1.5 SHA-1, 9/10/11: ECDSA of the curve, RFC 4754) if
 * local.classic_auth allows it, else method 14 with SHA-256 (RFC 7427 4
 * leaves us that choice).
 *
 * Checking: the peer's first CERT is its end certificate, the others are
 * intermediates; the chain must reach one of remote's trust anchors; its
 * ID must be in that certificate; then the signature. Methods 1, 9-11
 * only if remote.classic_auth allows them.
 *
 *   AUTH data, method 14:  | ASN.1 len (1) | AlgorithmIdentifier | sig |
 */
#include <errno.h>
#include <string.h>

#include "codec/wire.h"
#include "crypto/crypto.h"
#include "crypto/pki.h"
#include "state/ike.h"
#include "auth_sig.h"
#include "cookie.h"

#define ALGID_MAX 128
#define WHY_MAX 512

int auth_octets(const struct ikesa *sa, bool by_i, const uint8_t *id_body,
		size_t id_len, uint8_t maced[64], struct ike_crypto_iov oct[3])
{
	size_t plen = ike_crypto_sa_keys_len(sa->keys, IKE_SK_PI);

	oct[0].base = by_i ? sa->init_i : sa->init_r;
	oct[0].len = by_i ? sa->init_i_len : sa->init_r_len;
	oct[1].base = by_i ? sa->nr : sa->ni;
	oct[1].len = by_i ? sa->nr_len : sa->ni_len;
	oct[2].base = maced;
	oct[2].len = plen <= 64 ? plen : 0;
	if (plen > 64)
		return -EINVAL;
	return ike_crypto_maced_id(sa->keys, by_i ? IKE_CRYPTO_I2R :
				   IKE_CRYPTO_R2I, id_body, id_len, maced,
				   plen);
}

/* The scheme we sign with (see above), or IKE_SIG_NONE. */
static enum ike_sig_scheme sig_choose(const struct ikesa *sa,
				      enum ike_key_type kt)
{
	enum ike_sig_scheme s;

	if (sa->peer_hashes) {
		s = ike_sig_choose(kt, sa->peer_hashes & IKE_HASH_OURS);
		if (s != IKE_SIG_NONE)
			return s;
		/* no hash of the peer's list fits our key: the classic
		 * method, where allowed */
	}
	if (sa->conn->local_classic) {
		s = kt == IKE_KEY_RSA ? IKE_SIG_RSA_PKCS1_SHA1 :
		    kt == IKE_KEY_ECDSA_256 ? IKE_SIG_ECDSA_256_RAW :
		    kt == IKE_KEY_ECDSA_384 ? IKE_SIG_ECDSA_384_RAW :
		    kt == IKE_KEY_ECDSA_521 ? IKE_SIG_ECDSA_521_RAW :
		    IKE_SIG_NONE;
		if (s != IKE_SIG_NONE)
			return s;
	}
	if (sa->peer_hashes)	/* not a hash it did not list (RFC 7427 4) */
		return IKE_SIG_NONE;
	return ike_sig_choose(kt, IKE_HASH_BIT(IKE_HASH_SHA2_256) |
			      IKE_HASH_BIT(IKE_HASH_IDENTITY));
}

int auth_sig_add(struct ikesa *sa, struct ike_buf *b, const uint8_t *id_body,
		 size_t id_len)
{
	uint8_t data[1 + ALGID_MAX + IKE_SIG_MAX];
	const struct cfg_conn *c = sa->conn;
	enum ike_sig_scheme s = c->key ?
		sig_choose(sa, ike_privkey_type(c->key)) : IKE_SIG_NONE;
	struct ike_auth auth = { IKE_AUTH_DIGITAL_SIG, { data, 0 } };
	struct ike_crypto_iov oct[3];
	uint8_t maced[64];
	const uint8_t *algid;
	size_t alen = 0, off = 0, slen;
	int rc;

	if (s == IKE_SIG_NONE) {
		isa_warn(sa, "no signature scheme of our key that the peer "
			 "accepts (its hashes: 0x%x)", sa->peer_hashes);
		return -ENOTSUP;
	}
	algid = ike_sig_algid(s, &alen);
	if (ike_sig_classic_method(s))
		auth.method = ike_sig_classic_method(s);
	else {
		data[off++] = (uint8_t)alen;
		memcpy(data + off, algid, alen);
		off += alen;
	}
	rc = auth_octets(sa, sa->initiator, id_body, id_len, maced, oct);
	if (!rc)
		rc = ike_sig_sign(c->key, s, oct, 3, data + off,
				  sizeof(data) - off, &slen);
	explicit_bzero(maced, sizeof(maced));
	if (rc) {
		isa_warn(sa, "cannot sign AUTH with %s: %s", ike_sig_name(s),
			 strerror(-rc));
		return rc;
	}
	auth.data.len = off + slen;
	isa_info(sa, "authenticating with %s", ike_sig_name(s));
	return ike_build_auth(b, &auth);
}

/* The peer's certificates: *end and the intermediates; -EACCES if none. */
static int peer_certs(struct ikesa *sa, const struct ike_msg *m,
		      struct ike_x509 **end, struct ike_x509 **chain,
		      size_t *n)
{
	*end = NULL;
	*n = 0;
	if (m->cert_dropped)
		isa_warn(sa, "peer sent %u CERT payloads more than the %d we "
			 "read: its chain may not build", m->cert_dropped,
			 IKE_MAX_CERTS);
	for (int i = 0; i < m->n_cert; i++) {
		struct ike_x509 *x;

		if (m->cert[i].encoding != IKE_CERT_X509_SIG)
			continue;
		if (ike_x509_from_der(&x, m->cert[i].data.p,
				      m->cert[i].data.len)) {
			isa_warn(sa, "peer CERT payload %d is no X.509 "
				 "certificate", i + 1);
			continue;
		}
		if (!*end)
			*end = x;
		else
			chain[(*n)++] = x;
	}
	if (*end)
		return 0;
	isa_warn(sa, "peer sent no X.509 certificate (CERT encoding 4)");
	return -EACCES;
}

/* The scheme of the peer's AUTH, and where its signature starts. */
static enum ike_sig_scheme peer_scheme(struct ikesa *sa,
				       const struct ike_auth *a,
				       enum ike_key_type kt, size_t *off)
{
	enum ike_sig_scheme s;

	*off = 0;
	if (a->method == IKE_AUTH_DIGITAL_SIG) {
		if (a->data.len < 1 || a->data.len < 1u + a->data.p[0]) {
			isa_warn(sa, "peer AUTH: AlgorithmIdentifier cut short");
			return IKE_SIG_NONE;
		}
		*off = 1u + a->data.p[0];
		s = ike_sig_from_algid(a->data.p + 1, a->data.p[0]);
		if (s == IKE_SIG_NONE)
			isa_warn(sa, "peer AUTH: unknown signature algorithm "
				 "(AlgorithmIdentifier of %u octets)",
				 a->data.p[0]);
		return s;
	}
	if (!sa->conn->remote_classic) {
		isa_warn(sa, "peer uses AUTH method %u, refused "
			 "(remote.classic_auth = no)", a->method);
		return IKE_SIG_NONE;
	}
	s = ike_sig_from_classic(a->method, kt);
	if (s == IKE_SIG_NONE)
		isa_warn(sa, "peer uses AUTH method %u, which does not fit "
			 "the key of its certificate", a->method);
	return s;
}

/* The signature over the octets of sa->init_i as they are now. */
static int sig_check(const struct ikesa *sa, const struct ike_msg *m,
		     const struct ike_id *id, struct ike_x509 *end,
		     enum ike_sig_scheme s, size_t off)
{
	struct ike_crypto_iov oct[3];
	uint8_t maced[64];
	int rc;

	rc = auth_octets(sa, !sa->initiator, id->body.p, id->body.len, maced,
			 oct);
	if (!rc)
		rc = ike_sig_verify(end, s, oct, 3, m->auth.data.p + off,
				    m->auth.data.len - off);
	explicit_bzero(maced, sizeof(maced));
	return rc;
}

static int peer_check(struct ikesa *sa, const struct ike_msg *m,
		      const struct ike_id *id, struct ike_x509 *end,
		      struct ike_x509 **chain, size_t n)
{
	enum ike_key_type kt = ike_x509_key_type(end);
	char why[WHY_MAX], subj[256];
	struct cookie_swap sw;
	enum ike_sig_scheme s;
	size_t off;
	int rc;

	ike_x509_subject(end, subj, sizeof(subj));
	if (ike_trust_verify(sa->conn->trust, end, chain, n, why,
			     sizeof(why))) {
		isa_warn(sa, "peer certificate %s", why);	/* names it */
		return -EACCES;
	}
	if (!ike_x509_has_id(end, id->type, id->data.p, id->data.len)) {
		isa_warn(sa, "peer certificate %s: does not hold the peer's "
			 "ID (type %u)", subj, id->type);
		return -EACCES;
	}
	s = peer_scheme(sa, &m->auth, kt, &off);
	if (s == IKE_SIG_NONE)
		return -EACCES;
	rc = sig_check(sa, m, id, end, s, off);
	if (rc && !cookie_retry_try(sa, &sw)) {
		rc = sig_check(sa, m, id, end, s, off);
		cookie_retry_done(sa, &sw, rc == 0);
	}
	if (rc) {
		isa_warn(sa, "peer AUTH (%s) does not verify with the key of "
			 "%s", ike_sig_name(s), subj);
		return -EACCES;
	}
	isa_info(sa, "peer authenticated by %s, certificate %s",
		 ike_sig_name(s), subj);
	return 0;
}

int auth_sig_verify(struct ikesa *sa, const struct ike_msg *m,
		    const struct ike_id *id)
{
	struct ike_x509 *end, *chain[IKE_MAX_CERTS];
	size_t n;
	int rc;

	if (m->auth.method == IKE_AUTH_PSK || m->auth.method == IKE_AUTH_NULL) {
		isa_warn(sa, "peer uses AUTH method %u, we expect a signature",
			 m->auth.method);
		return -EACCES;
	}
	rc = peer_certs(sa, m, &end, chain, &n);
	if (!rc)
		rc = peer_check(sa, m, id, end, chain, n);
	ike_x509_free(end);
	for (size_t i = 0; i < n; i++)
		ike_x509_free(chain[i]);
	return rc;
}
