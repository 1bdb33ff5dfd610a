// SPDX-License-Identifier: GPL-2.0-or-later
/* SA keys: (SPI, destination address) as the maps store them. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "dp.h"
#include "log/log.h"

int msa_parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || x > UINT32_MAX)
		return -EINVAL;
	*v = (uint32_t)x;
	return 0;
}

int msa_sa_key_make(struct msa_sa_key *key, uint32_t spi, const char *addr)
{
	memset(key, 0, sizeof(*key));
	key->spi = htonl(spi);
	if (!addr || !strcmp(addr, "any"))
		return 0;
	if (inet_pton(AF_INET, addr, key->daddr) == 1) {
		key->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, addr, key->daddr) == 1) {
		key->family = AF_INET6;
		return 0;
	}
	msa_err("'%s' is not an IPv4 or IPv6 address", addr);
	return -EINVAL;
}

uint32_t msa_sa_key_spi(const struct msa_sa_key *key)
{
	return ntohl(key->spi);
}

void msa_sa_key_addr(const struct msa_sa_key *key, char *buf, size_t len)
{
	if (key->family == AF_INET || key->family == AF_INET6)
		inet_ntop(key->family, key->daddr, buf, len);
	else
		snprintf(buf, len, "any");
}
