// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE over UDP (RFC 7296 2.11, RFC 3948): wildcard sockets on the IKE port
 * and the NAT-T port, IPv4 and IPv6, with packet info so that replies leave
 * from the address the request came to. On the NAT-T port, IKE messages
 * carry a 4-octet zero non-ESP marker, keepalives (one 0xff octet) are
 * ignored, and the socket is UDP_ENCAP_ESPINUDP so that the kernel takes
 * ESP-in-UDP off it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sock_diag.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io_udp.h"
#include "log/log.h"

#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

/*
 * A burst of peers (a hub rebooted, 1,000 gateways starting at once) sends
 * faster than one thread reads; what the buffer does not hold is dropped
 * and waits a retransmission (4 s, then more). SO_RCVBUFFORCE passes
 * net.core.rmem_max with CAP_NET_ADMIN in the initial user namespace
 * (multisad opens its sockets before the sandbox; in a container it may
 * lack it); without it, SO_RCVBUF gets what rmem_max allows, and that is
 * said. want is at most 512 MiB (config.c): the kernel doubles it in an
 * int.
 */
static void sock_rcvbuf(int fd, uint32_t want, uint16_t port)
{
	int v = (int)want, got = 0;
	socklen_t len = sizeof(got);

	if (!want)
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	/* the kernel reports twice what it was given (its bookkeeping) */
	if (!getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) &&
	    (uint32_t)got / 2 < want)
		msa_warn("UDP port %u: receive buffer %d octets, not the %u of "
			 "udp_rcvbuf (net.core.rmem_max caps it without "
			 "CAP_NET_ADMIN in the initial user namespace)", port,
			 got / 2, want);
}

static int sock_open(int family, uint16_t port, bool natt, uint32_t rcvbuf)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, encap = UDP_ENCAP_ESPINUDP;
	struct sockaddr_storage ss = { 0 };
	socklen_t len;

	if (fd < 0)
		return -errno;
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		len = sizeof(*s4);
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		len = sizeof(*s6);
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
			   sizeof(one));
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sock_rcvbuf(fd, rcvbuf, port);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 ||
	    (natt && setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap,
				sizeof(encap)) < 0)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int io_udp_open(struct io_udp *u, uint16_t port, uint16_t port_natt,
		uint32_t rcvbuf)
{
	static const int fams[2] = { AF_INET, AF_INET6 };
	int opened = 0;

	u->port = port;
	u->port_natt = port_natt;
	u->drops = 0;
	memset(u->drops_seen, 0, sizeof(u->drops_seen));
	for (int f = 0; f < 2; f++)
		for (int n = 0; n < 2; n++) {
			int fd = sock_open(fams[f], n ? port_natt : port, n,
					   rcvbuf);

			u->fd[f][n] = fd;
			if (fd >= 0) {
				opened++;
				continue;
			}
			msa_log(fams[f] == AF_INET ? MSA_LOG_ERR : MSA_LOG_WARN,
				"UDP port %u (%s): %s", n ? port_natt : port,
				fams[f] == AF_INET ? "IPv4" : "IPv6",
				strerror(-fd));
		}
	return u->fd[0][0] >= 0 && u->fd[0][1] >= 0 ? 0 : -EADDRINUSE;
}

void io_udp_close(struct io_udp *u)
{
	for (int f = 0; f < 2; f++)
		for (int n = 0; n < 2; n++)
			if (u->fd[f][n] >= 0)
				close(u->fd[f][n]);
}

static void to_sockaddr(const struct ike_addr *a, struct sockaddr_storage *ss,
			socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->ip.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(a->port);
		memcpy(&s6->sin6_addr, a->ip.addr, 16);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(a->port);
		memcpy(&s4->sin_addr, a->ip.addr, 4);
		*len = sizeof(*s4);
	}
}

/* The source address as a control message. */
static size_t put_pktinfo(const struct ike_addr *local, uint8_t *cbuf,
			  size_t cap)
{
	struct msghdr mh = { .msg_control = cbuf, .msg_controllen = cap };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	memset(cbuf, 0, cap);
	if (local->ip.family == AF_INET6) {
		struct in6_pktinfo pi = { 0 };

		memcpy(&pi.ipi6_addr, local->ip.addr, 16);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		return CMSG_SPACE(sizeof(pi));
	}
	if (local->ip.family != AF_INET)
		return 0;
	struct in_pktinfo pi = { 0 };

	memcpy(&pi.ipi_spec_dst, local->ip.addr, 4);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	return CMSG_SPACE(sizeof(pi));
}

int io_udp_send(void *ctx, const struct ike_addr *local,
		const struct ike_addr *remote, const uint8_t *buf, size_t len)
{
	struct io_udp *u = ctx;
	bool natt = local->port == u->port_natt;
	int fd = u->fd[remote->ip.family == AF_INET6][natt];
	static const uint8_t marker[4];
	struct sockaddr_storage ss;
	uint8_t cbuf[64];
	struct iovec iov[2] = { { (void *)(uintptr_t)marker, 4 },
				{ (void *)(uintptr_t)buf, len } };
	struct msghdr mh = { .msg_name = &ss, .msg_iov = natt ? iov : iov + 1,
			     .msg_iovlen = natt ? 2 : 1, .msg_control = cbuf };

	if (fd < 0)
		return -EAFNOSUPPORT;
	to_sockaddr(remote, &ss, &mh.msg_namelen);
	mh.msg_controllen = put_pktinfo(local, cbuf, sizeof(cbuf));
	if (!mh.msg_controllen)
		mh.msg_control = NULL;
	return sendmsg(fd, &mh, 0) < 0 ? -errno : 0;
}

/* Where the datagram came from and went to. */
static void take_addrs(struct msghdr *mh, const struct sockaddr_storage *ss,
		       uint16_t port, struct ike_addr *local,
		       struct ike_addr *remote)
{
	memset(local, 0, sizeof(*local));
	memset(remote, 0, sizeof(*remote));
	local->port = port;
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		remote->ip.family = AF_INET6;
		memcpy(remote->ip.addr, &s6->sin6_addr, 16);
		remote->port = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		remote->ip.family = AF_INET;
		memcpy(remote->ip.addr, &s4->sin_addr, 4);
		remote->port = ntohs(s4->sin_port);
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->ip.family = AF_INET;
			memcpy(local->ip.addr, &pi.ipi_addr, 4);
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
			   c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->ip.family = AF_INET6;
			memcpy(local->ip.addr, &pi.ipi6_addr, 16);
		}
	}
}

/* The kernel's count is 32 bits and wraps: the difference since the last
 * read is added. */
uint64_t io_udp_drops(void *ctx)
{
	struct io_udp *u = ctx;

	for (int f = 0; f < 2; f++)
		for (int k = 0; k < 2; k++) {
			uint32_t mi[SK_MEMINFO_VARS];
			socklen_t len = sizeof(mi);

			if (u->fd[f][k] < 0 ||
			    getsockopt(u->fd[f][k], SOL_SOCKET, SO_MEMINFO, mi,
				       &len) || len <= SK_MEMINFO_DROPS * 4)
				continue;
			u->drops += (uint32_t)(mi[SK_MEMINFO_DROPS] -
					       u->drops_seen[f][k]);
			u->drops_seen[f][k] = mi[SK_MEMINFO_DROPS];
		}
	return u->drops;
}

int io_udp_recv(struct io_udp *u, int fd, uint8_t *buf, size_t cap,
		size_t *len, struct ike_addr *local, struct ike_addr *remote)
{
	bool natt = fd == u->fd[0][1] || fd == u->fd[1][1];
	struct sockaddr_storage ss;
	uint8_t cbuf[128];
	struct iovec iov = { buf, cap };
	struct msghdr mh = { .msg_name = &ss, .msg_namelen = sizeof(ss),
			     .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return -errno;
	take_addrs(&mh, &ss, natt ? u->port_natt : u->port, local, remote);
	if (natt) {
		/* keepalive (RFC 3948 2.3), or not IKE */
		if (n < 4 || buf[0] || buf[1] || buf[2] || buf[3])
			return IO_UDP_SKIPPED;
		memmove(buf, buf + 4, (size_t)n - 4);
		n -= 4;
	}
	*len = (size_t)n;
	return 0;
}

int io_udp_keepalive(void *ctx, const struct ike_addr *local,
		     const struct ike_addr *remote)
{
	struct io_udp *u = ctx;
	int fd = u->fd[remote->ip.family == AF_INET6][1];
	static const uint8_t ka = 0xff;
	struct sockaddr_storage ss;
	socklen_t len;

	to_sockaddr(remote, &ss, &len);
	(void)local;
	return sendto(fd, &ka, 1, 0, (struct sockaddr *)&ss, len) < 0 ?
		-errno : 0;
}
