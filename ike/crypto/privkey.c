// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Private keys (pki.h): PEM files, PKCS#8 or traditional, optionally
 * encrypted. The key stays an OpenSSL object (which wipes it when freed);
 * the passphrase is the caller's to wipe.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "pki_impl.h"

enum ike_key_type ike_pkey_type(const EVP_PKEY *pkey)
{
	char group[32];

	if (EVP_PKEY_is_a(pkey, "RSA"))
		return IKE_KEY_RSA;
	if (EVP_PKEY_is_a(pkey, "ED25519"))
		return IKE_KEY_ED25519;
	if (!EVP_PKEY_is_a(pkey, "EC") ||
	    !EVP_PKEY_get_group_name(pkey, group, sizeof(group), NULL))
		return IKE_KEY_NONE;
	if (!strcmp(group, "prime256v1") || !strcmp(group, "P-256"))
		return IKE_KEY_ECDSA_256;
	if (!strcmp(group, "secp384r1") || !strcmp(group, "P-384"))
		return IKE_KEY_ECDSA_384;
	if (!strcmp(group, "secp521r1") || !strcmp(group, "P-521"))
		return IKE_KEY_ECDSA_521;
	return IKE_KEY_NONE;
}

enum ike_key_type ike_x509_key_type(const struct ike_x509 *c)
{
	const EVP_PKEY *pk = X509_get0_pubkey(c->x);

	return pk ? ike_pkey_type(pk) : IKE_KEY_NONE;
}

/* The passphrase callback: refuse to prompt when none is configured. */
static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t n;

	(void)rwflag;
	if (!pass)
		return -1;
	n = strlen(pass);
	if (n > (size_t)size)
		return -1;
	memcpy(buf, pass, n);
	return (int)n;
}

/* A PEM private key from bio (freed here); path names it in why. */
static int key_read(EVP_PKEY **pkey, BIO *bio, const char *path,
		    const char *pass, char *why, size_t why_len)
{
	int err = errno;

	if (!bio) {
		snprintf(why, why_len, "%s: cannot read: %s", path,
			 strerror(err ? err : ENOENT));
		return err == EACCES ? -EACCES : -ENOENT;
	}
	*pkey = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, (void *)(uintptr_t)pass);
	BIO_free(bio);
	if (*pkey)
		return 0;
	ERR_clear_error();
	snprintf(why, why_len, "%s: %s", path, pass ? "cannot decrypt it "
		 "(wrong passphrase?) or no PEM private key in it" :
		 "no PEM private key in it, or it is encrypted and no "
		 "secret (passphrase) is given");
	return -EKEYREJECTED;
}

static int key_take(struct ike_privkey **out, EVP_PKEY *pkey,
		    const char *path, char *why, size_t why_len);

int ike_privkey_load_fd(struct ike_privkey **out, int fd, const char *path,
			const char *pass, char *why, size_t why_len)
{
	EVP_PKEY *pkey = NULL;
	int rc = key_read(&pkey, BIO_new_fd(fd, BIO_NOCLOSE), path, pass, why,
			  why_len);

	*out = NULL;
	return rc ? rc : key_take(out, pkey, path, why, why_len);
}

int ike_privkey_load(struct ike_privkey **out, const char *path,
		     const char *pass, char *why, size_t why_len)
{
	EVP_PKEY *pkey = NULL;
	int rc = key_read(&pkey, BIO_new_file(path, "rb"), path, pass, why,
			  why_len);

	*out = NULL;
	return rc ? rc : key_take(out, pkey, path, why, why_len);
}

/* pkey (ours from here) as an ike_privkey, if we sign with its type. */
static int key_take(struct ike_privkey **out, EVP_PKEY *pkey,
		    const char *path, char *why, size_t why_len)
{
	struct ike_privkey *k;

	if (ike_pkey_type(pkey) == IKE_KEY_NONE) {
		snprintf(why, why_len, "%s: unsupported key type %s (RSA, "
			 "ECDSA P-256/P-384/P-521 and Ed25519 are)", path,
			 EVP_PKEY_get0_type_name(pkey) ?
			 EVP_PKEY_get0_type_name(pkey) : "?");
		EVP_PKEY_free(pkey);
		return -ENOTSUP;
	}
	k = OPENSSL_zalloc(sizeof(*k));
	if (!k) {
		EVP_PKEY_free(pkey);
		return -ENOMEM;
	}
	k->refs = 1;
	k->pkey = pkey;
	k->type = ike_pkey_type(pkey);
	*out = k;
	return 0;
}

struct ike_privkey *ike_privkey_ref(struct ike_privkey *k)
{
	if (k)
		k->refs++;
	return k;
}

void ike_privkey_free(struct ike_privkey *k)
{
	if (!k || --k->refs > 0)
		return;
	EVP_PKEY_free(k->pkey);
	OPENSSL_free(k);
}

enum ike_key_type ike_privkey_type(const struct ike_privkey *k)
{
	return k->type;
}

bool ike_privkey_matches(const struct ike_privkey *k,
			 const struct ike_x509 *c)
{
	const EVP_PKEY *pub = X509_get0_pubkey(c->x);

	return pub && EVP_PKEY_eq(k->pkey, pub) == 1;
}
