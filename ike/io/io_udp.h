/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE's UDP sockets: port 500 and 4500 (non-ESP marker), IPv4 and IPv6. */
#ifndef IKE_IO_UDP_H
#define IKE_IO_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "state/sa.h"

struct io_udp {
	int fd[2][2];		/* [IPv4, IPv6][IKE port, NAT-T port] */
	uint16_t port, port_natt;
	uint32_t drops_seen[2][2];	/* each socket's 32-bit drop count */
	uint64_t drops;		/* their sum, across wraps */
};

/* Datagrams the kernel dropped at our sockets since they were opened (a
 * full buffer mostly; also memory pressure, bad checksums, filters), read
 * now from the kernel (SO_MEMINFO). For struct ike_io's drops. */
uint64_t io_udp_drops(void *ctx);

/* IPv4 sockets are required, IPv6 ones are opened if possible. Each
 * gets a receive buffer of rcvbuf octets (0: the system's default). */
int io_udp_open(struct io_udp *u, uint16_t port, uint16_t port_natt,
		uint32_t rcvbuf);
void io_udp_close(struct io_udp *u);
/* The ike_io send callback; ctx is the struct io_udp. */
int io_udp_send(void *ctx, const struct ike_addr *local,
		const struct ike_addr *remote, const uint8_t *buf, size_t len);
/* One datagram from fd, marker removed: 0. IO_UDP_SKIPPED: a datagram that
 * was not IKE (a NAT keepalive) was read; -EAGAIN: the socket is drained;
 * another -errno: a receive error. */
#define IO_UDP_SKIPPED 1
int io_udp_recv(struct io_udp *u, int fd, uint8_t *buf, size_t cap,
		size_t *len, struct ike_addr *local, struct ike_addr *remote);
/* The ike_io keepalive callback (RFC 3948 2.3, from the NAT-T port); ctx
 * is the struct io_udp. */
int io_udp_keepalive(void *ctx, const struct ike_addr *local,
		     const struct ike_addr *remote);

#endif /* IKE_IO_UDP_H */
