// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * X.509 certificates (pki.h): loaded from PEM or DER files or from CERT
 * payloads, with their DER kept for sending; subject, identities
 * (RFC 7296 3.5 types against the subject and subjectAltName), dates,
 * and the SPKI hash that CERTREQ names CAs by (3.7).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "pki_impl.h"

static int x509_wrap(struct ike_x509 **out, X509 *x)
{
	struct ike_x509 *c = OPENSSL_zalloc(sizeof(*c));
	unsigned char *der = NULL;
	int n;

	if (!c) {
		X509_free(x);
		return -ENOMEM;
	}
	c->refs = 1;
	c->x = x;
	n = i2d_X509(x, &der);
	if (n <= 0) {
		ike_x509_free(c);
		return -EINVAL;
	}
	c->der = der;
	c->der_len = (size_t)n;
	*out = c;
	return 0;
}

int ike_x509_load(struct ike_x509 **out, const char *path, char *why,
		  size_t why_len)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509 *x = NULL;
	int err = errno;

	*out = NULL;
	if (!bio) {
		snprintf(why, why_len, "%s: cannot read: %s", path,
			 strerror(err ? err : ENOENT));
		return err == EACCES ? -EACCES : -ENOENT;
	}
	x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (!x && BIO_reset(bio) == 0)
		x = d2i_X509_bio(bio, NULL);
	BIO_free(bio);
	if (!x) {
		snprintf(why, why_len, "%s: no certificate in it (not PEM or "
			 "DER X.509)", path);
		return -EINVAL;
	}
	return x509_wrap(out, x);
}

int ike_x509_from_der(struct ike_x509 **out, const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);

	*out = NULL;
	if (!x || p != der + len) {
		X509_free(x);
		return -EINVAL;
	}
	return x509_wrap(out, x);
}

struct ike_x509 *ike_x509_ref(struct ike_x509 *c)
{
	if (c)
		c->refs++;
	return c;
}

void ike_x509_free(struct ike_x509 *c)
{
	if (!c || --c->refs > 0)
		return;
	X509_free(c->x);
	OPENSSL_free(c->der);
	OPENSSL_free(c);
}

const uint8_t *ike_x509_der(const struct ike_x509 *c, size_t *len)
{
	*len = c->der_len;
	return c->der;
}

static void name_line(const X509_NAME *n, char *buf, size_t len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	int got = 0;

	if (bio && X509_NAME_print_ex(bio, n, 0, XN_FLAG_ONELINE &
				      ~XN_FLAG_SPC_EQ) >= 0)
		got = BIO_read(bio, buf, (int)len - 1);
	buf[got > 0 ? got : 0] = '\0';
	BIO_free(bio);
}

void ike_x509_subject(const struct ike_x509 *c, char *buf, size_t len)
{
	name_line(X509_get_subject_name(c->x), buf, len);
}

void ike_x509_why(X509 *x, char *why, size_t why_len, const char *fmt, ...)
{
	char subj[256];
	size_t n;
	va_list ap;

	name_line(X509_get_subject_name(x), subj, sizeof(subj));
	snprintf(why, why_len, "%s: ", subj);
	n = strlen(why);
	va_start(ap, fmt);
	vsnprintf(why + n, why_len - n, fmt, ap);
	va_end(ap);
}

int ike_x509_subject_der(const struct ike_x509 *c, uint8_t *out, size_t cap,
			 size_t *len)
{
	const unsigned char *der;
	size_t n;

	if (!X509_NAME_get0_der(X509_get_subject_name(c->x), &der, &n))
		return -EINVAL;
	if (n > cap)
		return -ENOSPC;
	memcpy(out, der, n);
	*len = n;
	return 0;
}

bool ike_x509_dn_equal(const uint8_t *a, size_t a_len, const uint8_t *b,
		       size_t b_len)
{
	const unsigned char *pa = a, *pb = b;
	X509_NAME *na = d2i_X509_NAME(NULL, &pa, (long)a_len);
	X509_NAME *nb = d2i_X509_NAME(NULL, &pb, (long)b_len);
	bool eq = na && nb && pa == a + a_len && pb == b + b_len &&
		  X509_NAME_cmp(na, nb) == 0;

	X509_NAME_free(na);
	X509_NAME_free(nb);
	return eq;
}

int ike_x509_dn_text(const uint8_t *der, size_t len, char *buf,
		     size_t buf_len)
{
	const unsigned char *p = der;
	X509_NAME *n = d2i_X509_NAME(NULL, &p, (long)len);
	int rc = n && p == der + len && buf_len ? 0 : -EINVAL;

	if (!rc)
		name_line(n, buf, buf_len);
	X509_NAME_free(n);
	return rc;
}

static bool san_has(const GENERAL_NAME *g, int want, const uint8_t *data,
		    size_t len)
{
	const ASN1_STRING *s;
	int type;

	s = GENERAL_NAME_get0_value(g, &type);
	if (type != want || !s || (size_t)ASN1_STRING_length(s) != len)
		return false;
	if (want == GEN_IPADD)
		return !memcmp(ASN1_STRING_get0_data(s), data, len);
	return !OPENSSL_strncasecmp((const char *)ASN1_STRING_get0_data(s),
				    (const char *)data, len);
}

bool ike_x509_has_id(const struct ike_x509 *c, uint8_t id_type,
		     const uint8_t *data, size_t len)
{
	GENERAL_NAMES *sans;
	const uint8_t *subj;
	size_t subj_len;
	bool found = false;
	int want;

	switch (id_type) {
	case IKE_ID_DER_ASN1_DN:
		return X509_NAME_get0_der(X509_get_subject_name(c->x), &subj,
					  &subj_len) &&
		       ike_x509_dn_equal(subj, subj_len, data, len);
	case IKE_ID_FQDN: want = GEN_DNS; break;
	case IKE_ID_RFC822_ADDR: want = GEN_EMAIL; break;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR: want = GEN_IPADD; break;
	default: return false;
	}
	sans = X509_get_ext_d2i(c->x, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; !found && i < sk_GENERAL_NAME_num(sans); i++)
		found = san_has(sk_GENERAL_NAME_value(sans, i), want, data,
				len);
	GENERAL_NAMES_free(sans);
	return found;
}

static void time_text(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;

	if (!ASN1_TIME_to_tm(t, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "?");
}

int ike_x509_check_time(const struct ike_x509 *c, char *why, size_t why_len)
{
	const ASN1_TIME *nb = X509_get0_notBefore(c->x);
	const ASN1_TIME *na = X509_get0_notAfter(c->x);
	char when[40];

	if (X509_cmp_current_time(na) <= 0) {
		time_text(na, when, sizeof(when));
		ike_x509_why(c->x, why, why_len, "certificate has expired "
			     "(notAfter %s)", when);
		return -EKEYEXPIRED;
	}
	if (X509_cmp_current_time(nb) >= 0) {
		time_text(nb, when, sizeof(when));
		ike_x509_why(c->x, why, why_len, "certificate is not yet "
			     "valid (notBefore %s)", when);
		return -EKEYEXPIRED;
	}
	return 0;
}

int ike_x509_spki_sha1(const struct ike_x509 *c,
		       uint8_t out[IKE_CRYPTO_SHA1_LEN])
{
	unsigned char *der = NULL;
	struct ike_crypto_iov in;
	int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c->x), &der);
	int rc;

	if (n <= 0)
		return -EINVAL;
	in.base = der;
	in.len = (size_t)n;
	rc = ike_crypto_sha1(&in, 1, out);
	OPENSSL_free(der);
	return rc;
}

/* One "KEY=value" of a DN string into n. */
static int dn_rdn(X509_NAME *n, char *rdn)
{
	char *eq = strchr(rdn, '='), *v;

	while (*rdn == ' ')
		rdn++;
	if (!eq || eq == rdn)
		return -EINVAL;
	*eq = '\0';
	for (v = eq - 1; v > rdn && *v == ' '; v--)
		*v = '\0';
	v = eq + 1;
	while (*v == ' ')
		v++;
	if (!*v || !X509_NAME_add_entry_by_txt(n, rdn, MBSTRING_UTF8,
					       (const unsigned char *)v, -1,
					       -1, 0))
		return -EINVAL;
	return 0;
}

int ike_x509_dn_parse(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	X509_NAME *n = X509_NAME_new();
	char buf[512], *save = NULL, *rdn;
	const char *seps = *s == '/' ? "/" : ",";
	unsigned char *der = NULL;
	int rc = n && strlen(s) < sizeof(buf) ? 0 : -EINVAL;
	int dl;

	if (!rc)
		strcpy(buf, s);
	for (rdn = rc ? NULL : strtok_r(buf, seps, &save); rdn && !rc;
	     rdn = strtok_r(NULL, seps, &save))
		rc = dn_rdn(n, rdn);
	dl = rc || !X509_NAME_entry_count(n) ? -1 : i2d_X509_NAME(n, &der);
	if (dl <= 0 || (size_t)dl > cap)
		rc = -EINVAL;
	else {
		memcpy(out, der, (size_t)dl);
		*len = (size_t)dl;
	}
	OPENSSL_free(der);
	X509_NAME_free(n);
	return rc;
}
