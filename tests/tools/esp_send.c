// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * esp_send: send crafted ESP packets (any SPI, no real crypto) for datapath
 * tests. Raw IP protocol 50, or ESP-in-UDP from/to port 4500 (RFC 3948).
 *   esp_send DST SPI COUNT [udp] [gap_us]
 * The kernel builds the IP header; we write SPI, sequence number and a
 * 64-byte body. Pin it with taskset to choose the sending CPU.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int make_dst(const char *s, int port, struct sockaddr_storage *ss,
		    socklen_t *len)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		*len = sizeof(*a4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, s, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		*len = sizeof(*a6);
		return AF_INET6;
	}
	return -1;
}

static int open_sock(int af, int udp)
{
	struct sockaddr_storage src = {};
	int fd = socket(af, udp ? SOCK_DGRAM : SOCK_RAW, udp ? 0 : IPPROTO_ESP);

	if (fd < 0 || !udp)
		return fd;
	src.ss_family = af;
	((struct sockaddr_in *)&src)->sin_port = htons(4500); /* same offset in v6 */
	if (bind(fd, (struct sockaddr *)&src, af == AF_INET ? sizeof(struct sockaddr_in)
							    : sizeof(struct sockaddr_in6))) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage dst;
	unsigned char pkt[72];
	unsigned long spi, count, gap;
	socklen_t dlen;
	int af, fd, udp;

	if (argc < 4) {
		fprintf(stderr, "usage: esp_send DST SPI COUNT [udp] [gap_us]\n");
		return 2;
	}
	udp = argc > 4 && !strcmp(argv[4], "udp");
	gap = argc > 5 ? strtoul(argv[5], NULL, 0) : 200;
	spi = strtoul(argv[2], NULL, 0);
	count = strtoul(argv[3], NULL, 0);
	af = make_dst(argv[1], udp ? 4500 : 0, &dst, &dlen);
	fd = af < 0 ? -1 : open_sock(af, udp);
	if (fd < 0) {
		fprintf(stderr, "esp_send: %s: %s\n", argv[1],
			af < 0 ? "not an address" : strerror(errno));
		return 1;
	}
	memset(pkt, 0xab, sizeof(pkt));
	for (unsigned long i = 1; i <= count; i++) {
		uint32_t be_spi = htonl(spi), be_seq = htonl(i);

		memcpy(pkt, &be_spi, 4);
		memcpy(pkt + 4, &be_seq, 4);
		if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&dst, dlen) < 0) {
			fprintf(stderr, "esp_send: sendto: %s\n", strerror(errno));
			return 1;
		}
		if (gap)
			usleep(gap);
	}
	close(fd);
	return 0;
}
