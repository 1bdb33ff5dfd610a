// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RSASSA-PSS AlgorithmIdentifiers (RFC 4055 3.1) that differ from ours
 * in encoding only: hash AlgorithmIdentifiers without their NULL, another
 * salt length, an explicit trailerField of 1. We accept them when the
 * hash and the MGF1 hash are one SHA-2 (the verifier recovers the salt,
 * whatever its length); everything else is refused.
 */
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "pki_impl.h"

static enum ike_hash_alg hash_of(const X509_ALGOR *a)
{
	const ASN1_OBJECT *oid;

	if (!a)
		return 0;
	X509_ALGOR_get0(&oid, NULL, NULL, a);
	switch (OBJ_obj2nid(oid)) {
	case NID_sha256: return IKE_HASH_SHA2_256;
	case NID_sha384: return IKE_HASH_SHA2_384;
	case NID_sha512: return IKE_HASH_SHA2_512;
	default: return 0;
	}
}

/* The hash of MGF1's parameter, or 0. */
static enum ike_hash_alg mgf1_hash(const X509_ALGOR *mgf)
{
	const ASN1_OBJECT *oid;
	const void *pval;
	int ptype;
	X509_ALGOR *h;
	enum ike_hash_alg r;

	if (!mgf)
		return 0;	/* the default, MGF1 with SHA-1 */
	X509_ALGOR_get0(&oid, &ptype, &pval, mgf);
	if (OBJ_obj2nid(oid) != NID_mgf1 || ptype != V_ASN1_SEQUENCE)
		return 0;
	h = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR),
				      mgf->parameter);
	r = hash_of(h);
	X509_ALGOR_free(h);
	return r;
}

enum ike_hash_alg ike_sig_pss_hash(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, (long)len);
	const ASN1_OBJECT *oid;
	RSA_PSS_PARAMS *pss = NULL;
	enum ike_hash_alg h = 0;
	int ptype = V_ASN1_UNDEF;
	const void *pval;

	if (alg && p == der + len) {
		X509_ALGOR_get0(&oid, &ptype, &pval, alg);
		if (OBJ_obj2nid(oid) == NID_rsassaPss &&
		    ptype == V_ASN1_SEQUENCE)
			pss = ASN1_TYPE_unpack_sequence(
				ASN1_ITEM_rptr(RSA_PSS_PARAMS), alg->parameter);
	}
	if (pss && (!pss->trailerField ||
		    ASN1_INTEGER_get(pss->trailerField) == 1)) {
		h = hash_of(pss->hashAlgorithm);
		if (h != mgf1_hash(pss->maskGenAlgorithm))
			h = 0;
	}
	RSA_PSS_PARAMS_free(pss);
	X509_ALGOR_free(alg);
	return h;
}
