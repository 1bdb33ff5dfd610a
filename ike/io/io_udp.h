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
	uint32_t drops[2][2];	/* the kernel's count of datagrams it dropped
				 * at each (SO_RXQ_OVFL), as last told */
};

/* Datagrams the kernel dropped at our full sockets, as far as the
 * datagrams read since told (each carries the count at its arrival). */
uint64_t io_udp_drops(const struct io_udp *u);

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
