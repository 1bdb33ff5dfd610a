// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Trust anchors, CRLs and chain validation (pki.h), over X509_STORE and
 * X509_verify_cert.
 *
 * Revocation: CRLs are read from files only (no network fetch). OpenSSL
 * checks every certificate of the chain against a CRL of its issuer
 * (X509_V_FLAG_CRL_CHECK | _CHECK_ALL); an issuer without a CRL is
 * accepted (the "unable to get CRL" error is forgiven in the callback),
 * so a CRL is enforced exactly where one is configured. A CRL that is
 * present but expired or badly signed fails the chain.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "pki_impl.h"

#define TRUST_CAS_MAX 64

struct ike_trust {
	X509_STORE *store;
	size_t n_cas;
	struct ike_x509 *cas[TRUST_CAS_MAX];
};

int ike_trust_new(struct ike_trust **out)
{
	struct ike_trust *t = OPENSSL_zalloc(sizeof(*t));

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->store = X509_STORE_new();
	if (!t->store) {
		OPENSSL_free(t);
		return -ENOMEM;
	}
	*out = t;
	return 0;
}

void ike_trust_free(struct ike_trust *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cas; i++)
		ike_x509_free(t->cas[i]);
	X509_STORE_free(t->store);
	OPENSSL_free(t);
}

int ike_trust_add_ca(struct ike_trust *t, struct ike_x509 *ca)
{
	if (t->n_cas >= TRUST_CAS_MAX)
		return -ENOSPC;
	if (!X509_STORE_add_cert(t->store, ca->x))
		return -EINVAL;
	t->cas[t->n_cas++] = ike_x509_ref(ca);
	return 0;
}

size_t ike_trust_n_cas(const struct ike_trust *t)
{
	return t->n_cas;
}

int ike_trust_add_crl(struct ike_trust *t, const char *path, char *why,
		      size_t why_len)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509_CRL *crl;

	if (!bio) {
		snprintf(why, why_len, "%s: cannot read: %s", path,
			 strerror(errno));
		return -EINVAL;
	}
	crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL);
	if (!crl && BIO_reset(bio) == 0)
		crl = d2i_X509_CRL_bio(bio, NULL);
	BIO_free(bio);
	ERR_clear_error();
	if (!crl) {
		snprintf(why, why_len, "%s: no CRL in it (not PEM or DER)",
			 path);
		return -EINVAL;
	}
	if (!X509_STORE_add_crl(t->store, crl)) {
		X509_CRL_free(crl);
		snprintf(why, why_len, "%s: cannot add the CRL", path);
		return -EINVAL;
	}
	X509_CRL_free(crl);
	X509_STORE_set_flags(t->store, X509_V_FLAG_CRL_CHECK |
			     X509_V_FLAG_CRL_CHECK_ALL);
	return 0;
}

int ike_trust_certreq(const struct ike_trust *t, uint8_t *out, size_t cap,
		      size_t *len)
{
	*len = 0;
	for (size_t i = 0; i < t->n_cas; i++) {
		if (*len + IKE_CRYPTO_SHA1_LEN > cap)
			return -ENOSPC;
		if (ike_x509_spki_sha1(t->cas[i], out + *len))
			return -EINVAL;
		*len += IKE_CRYPTO_SHA1_LEN;
	}
	return 0;
}

/* A missing CRL is no failure: CRLs are checked where configured. */
static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
	if (!ok && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_UNABLE_TO_GET_CRL)
		return 1;
	return ok;
}

static void verify_why(X509_STORE_CTX *ctx, X509 *end, char *why,
		       size_t why_len)
{
	int err = X509_STORE_CTX_get_error(ctx);
	X509 *bad = X509_STORE_CTX_get_current_cert(ctx);
	const ASN1_TIME *t = NULL;
	char when[64] = "";

	if (!bad)
		bad = end;
	if (err == X509_V_ERR_CERT_HAS_EXPIRED)
		t = X509_get0_notAfter(bad);
	else if (err == X509_V_ERR_CERT_NOT_YET_VALID)
		t = X509_get0_notBefore(bad);
	if (t) {
		struct tm tm;
		char d[32] = "?";

		if (ASN1_TIME_to_tm(t, &tm))
			strftime(d, sizeof(d), "%Y-%m-%d %H:%M:%S UTC", &tm);
		snprintf(when, sizeof(when), " (%s %s)",
			 err == X509_V_ERR_CERT_HAS_EXPIRED ? "notAfter" :
			 "notBefore", d);
	}
	ike_x509_why(bad, why, why_len, "%s%s",
		     X509_verify_cert_error_string(err), when);
}

static int key_usage_ok(X509 *x, char *why, size_t why_len)
{
	if (!(X509_get_extension_flags(x) & EXFLAG_KUSAGE) ||
	    (X509_get_key_usage(x) & KU_DIGITAL_SIGNATURE))
		return 0;
	ike_x509_why(x, why, why_len, "keyUsage lacks digitalSignature");
	return -EACCES;
}

int ike_trust_verify(const struct ike_trust *t, const struct ike_x509 *end,
		     struct ike_x509 *const *chain, size_t n, char *why,
		     size_t why_len)
{
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int rc = untrusted && ctx ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < n; i++)
		if (!sk_X509_push(untrusted, chain[i]->x))
			rc = -ENOMEM;
	if (!rc && !X509_STORE_CTX_init(ctx, t->store, end->x, untrusted))
		rc = -ENOMEM;
	if (!rc) {
		X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
		if (X509_verify_cert(ctx) != 1) {
			verify_why(ctx, end->x, why, why_len);
			rc = -EACCES;
		}
	}
	if (!rc)
		rc = key_usage_ok(end->x, why, why_len);
	X509_STORE_CTX_free(ctx);
	sk_X509_free(untrusted);
	ERR_clear_error();
	return rc;
}
