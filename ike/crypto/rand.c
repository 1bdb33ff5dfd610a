/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Random bytes from OpenSSL's DRBG: nonces, SPIs, IVs. */
#include <errno.h>
#include <limits.h>

#include <openssl/rand.h>

#include "crypto_impl.h"

int ike_crypto_random(void *buf, size_t len)
{
	if (len > INT_MAX)
		return -EINVAL;
	if (RAND_bytes(buf, (int)len) != 1)
		return -EIO;
	return 0;
}
