// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NAT detection (RFC 7296 2.23): each side sends SHA-1(SPIi | SPIr | IP |
 * port) of its source and of the destination it sent to; a mismatch means
 * a NAT rewrote that address, and the IKE SA floats to port 4500.
 */
#include <string.h>

#include "natd.h"


static int natd_hash(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *a,
		     uint8_t out[IKE_CRYPTO_SHA1_LEN])
{
	uint8_t spis[16], port[2] = { a->port >> 8, a->port & 0xff };
	size_t alen = a->ip.family == AF_INET6 ? 16 : 4;
	struct ike_crypto_iov in[3] = {
		{ spis, 16 }, { a->ip.addr, alen }, { port, 2 },
	};

	for (int i = 0; i < 8; i++) {
		spis[i] = (uint8_t)(spi_i >> (56 - 8 * i));
		spis[8 + i] = (uint8_t)(spi_r >> (56 - 8 * i));
	}
	return ike_crypto_sha1(in, 3, out);
}

void natd_add(struct ike_buf *b, uint64_t spi_i, uint64_t spi_r,
	      const struct ike_addr *src, const struct ike_addr *dst,
	      bool fake_src)
{
	uint8_t h[IKE_CRYPTO_SHA1_LEN];
	int rc = fake_src ? ike_crypto_random(h, sizeof(h)) :
			    natd_hash(spi_i, spi_r, src, h);

	if (!rc)
		ike_build_notify_data(b, IKE_N_NAT_DETECTION_SOURCE_IP, h,
				      sizeof(h));
	if (!natd_hash(spi_i, spi_r, dst, h))
		ike_build_notify_data(b, IKE_N_NAT_DETECTION_DESTINATION_IP, h,
				      sizeof(h));
}

/* Does any notify of this type carry the hash of a? */
static bool natd_match(const struct ike_msg *m, uint16_t type, uint64_t spi_i,
		       uint64_t spi_r, const struct ike_addr *a)
{
	uint8_t h[IKE_CRYPTO_SHA1_LEN];

	if (natd_hash(spi_i, spi_r, a, h))
		return false;
	for (int i = 0; i < m->n_notify; i++) {
		const struct ike_notify *n = &m->notify[i];

		if (n->type == type && n->data.len == sizeof(h) &&
		    !memcmp(n->data.p, h, sizeof(h)))
			return true;
	}
	return false;
}

int natd_check(const struct ike_msg *m, uint64_t spi_i, uint64_t spi_r,
	       const struct ike_addr *local, const struct ike_addr *remote,
	       bool *nat_local, bool *nat_remote)
{
	if (!ike_msg_notify(m, IKE_N_NAT_DETECTION_SOURCE_IP) ||
	    !ike_msg_notify(m, IKE_N_NAT_DETECTION_DESTINATION_IP))
		return -ENOENT;
	/* The peer's source hash is of its address as it saw it. */
	*nat_remote = !natd_match(m, IKE_N_NAT_DETECTION_SOURCE_IP, spi_i,
				  spi_r, remote);
	*nat_local = !natd_match(m, IKE_N_NAT_DETECTION_DESTINATION_IP, spi_i,
				 spi_r, local);
	return 0;
}
