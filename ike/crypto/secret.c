/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Secrets: byte strings of key material, wiped when freed. */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto_impl.h"

/* Nothing the layer handles comes near this; a bigger ask is a bug. */
#define IKE_SECRET_MAX 4096

int ike_crypto_secret_alloc(struct ike_secret **out, size_t len)
{
	struct ike_secret *s;

	*out = NULL;
	if (len > IKE_SECRET_MAX)
		return -EINVAL;
	s = OPENSSL_zalloc(sizeof(*s) + len);
	if (!s)
		return -ENOMEM;
	s->len = len;
	*out = s;
	return 0;
}

int ike_crypto_secret_new(struct ike_secret **out, const void *data, size_t len)
{
	int err = ike_crypto_secret_alloc(out, len);

	if (err)
		return err;
	if (len)
		memcpy((*out)->data, data, len);
	return 0;
}

void ike_crypto_secret_free(struct ike_secret *s)
{
	if (s)
		OPENSSL_clear_free(s, sizeof(*s) + s->len);
}

size_t ike_crypto_secret_len(const struct ike_secret *s)
{
	return s->len;
}

int ike_crypto_secret_export_for_test(const struct ike_secret *s, void *out,
				      size_t out_len)
{
	if (out_len != s->len)
		return -EINVAL;
	memcpy(out, s->data, out_len);
	return 0;
}
