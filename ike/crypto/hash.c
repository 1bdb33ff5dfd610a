/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain digests the protocol needs: NAT detection (RFC 7296 2.23). */
#include <errno.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_impl.h"

int ike_crypto_sha1(const struct ike_crypto_iov *in, size_t n_in,
		    uint8_t out[IKE_CRYPTO_SHA1_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;

	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	for (size_t i = 0; ok && i < n_in; i++)
		ok = EVP_DigestUpdate(ctx, in[i].base, in[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
	return ok && len == IKE_CRYPTO_SHA1_LEN ? 0 : -EIO;
}

bool ike_crypto_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}
