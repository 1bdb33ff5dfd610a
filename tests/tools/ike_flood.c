// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A bounded IKE_SA_INIT flood for the limit tests: COUNT well-formed
 * requests (aes256gcm16-prfsha256-x25519, random SPIi, KE and nonce) from
 * SRC to DST:500, each from its own source port, at most SECONDS long.
 * With --echo-cookies it answers every COOKIE the responder sends with the
 * same request carrying it (from the same port), as an attacker that sees
 * its replies does. Prints what it sent and what came back.
 *
 *   ike_flood SRC DST COUNT SECONDS [--echo-cookies]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "codec/build.h"
#include "codec/msg.h"

#define SOCKS 64

struct flood {
	struct sockaddr_in src, dst;
	int fd[SOCKS];
	uint64_t spi[SOCKS];
	uint8_t ke[32], nonce[SOCKS][32];	/* the cookie covers the nonce */
	unsigned long sent, cookies, echoed, other;
};

static size_t build(struct flood *f, int i, const struct ike_span *cookie,
		    uint8_t *out, size_t cap)
{
	struct ike_sa sa = { .n_prop = 1 };
	struct ike_proposal *p = &sa.prop[0];
	struct ike_ke ke = { IKE_DH_CURVE25519, { f->ke, sizeof(f->ke) } };
	struct ike_span nonce = { f->nonce[i], sizeof(f->nonce[i]) };
	struct ike_buf b;

	*p = (struct ike_proposal){ .num = 1, .proto = IKE_PROTO_IKE, .n_xf = 3 };
	p->xf[0] = (struct ike_transform){ .type = IKE_XF_ENCR,
		.id = IKE_ENCR_AES_GCM_16, .key_len = 256 };
	p->xf[1] = (struct ike_transform){ .type = IKE_XF_PRF,
		.id = IKE_PRF_HMAC_SHA2_256 };
	p->xf[2] = (struct ike_transform){ .type = IKE_XF_DH,
		.id = IKE_DH_CURVE25519 };
	ike_buf_init(&b, out, cap);
	ike_build_header(&b, f->spi[i], 0, IKE_SA_INIT, IKE_FLAG_INITIATOR, 0);
	if (cookie)
		ike_build_notify_data(&b, IKE_N_COOKIE, cookie->p, cookie->len);
	ike_build_sa(&b, &sa);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, &nonce);
	return ike_build_finish(&b) ? 0 : b.len;
}

static void send_one(struct flood *f, int i, const struct ike_span *cookie)
{
	uint8_t buf[1024];
	size_t len;

	if (getrandom(f->ke, sizeof(f->ke), 0) < 0)
		return;
	if (!cookie && (getrandom(&f->spi[i], sizeof(f->spi[i]), 0) < 0 ||
			getrandom(f->nonce[i], sizeof(f->nonce[i]), 0) < 0))
		return;
	len = build(f, i, cookie, buf, sizeof(buf));
	if (len && sendto(f->fd[i], buf, len, 0, (struct sockaddr *)&f->dst,
			  sizeof(f->dst)) == (ssize_t)len)
		f->sent++;
}

/* A reply on socket i: a COOKIE is echoed if asked. */
static void take_reply(struct flood *f, int i, bool echo)
{
	uint8_t buf[2048];
	ssize_t n = recv(f->fd[i], buf, sizeof(buf), MSG_DONTWAIT);
	const struct ike_notify *c;
	struct ike_msg m;

	if (n <= 0 || ike_parse(buf, (size_t)n, &m))
		return;
	c = ike_msg_notify(&m, IKE_N_COOKIE);
	if (!c) {
		f->other++;
		return;
	}
	f->cookies++;
	if (echo) {
		send_one(f, i, &c->data);
		f->echoed++;
	}
}

static int open_socks(struct flood *f)
{
	for (int i = 0; i < SOCKS; i++) {
		f->fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (f->fd[i] < 0 || bind(f->fd[i], (struct sockaddr *)&f->src,
					 sizeof(f->src)))
			return -errno;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(struct flood *f, unsigned long count, double secs, bool echo)
{
	struct pollfd pfd[SOCKS];
	double end = now_s() + secs;
	int i = 0;

	for (int k = 0; k < SOCKS; k++)
		pfd[k] = (struct pollfd){ .fd = f->fd[k], .events = POLLIN };
	while (now_s() < end) {
		if (f->sent < count)
			send_one(f, i++ % SOCKS, NULL);
		if (poll(pfd, SOCKS, f->sent < count ? 0 : 50) > 0)
			for (int k = 0; k < SOCKS; k++)
				if (pfd[k].revents & POLLIN)
					take_reply(f, k, echo);
		if (f->sent >= count && !echo)
			break;
	}
}

int main(int argc, char **argv)
{
	struct flood f = { .src = { .sin_family = AF_INET },
			   .dst = { .sin_family = AF_INET,
				    .sin_port = htons(500) } };
	unsigned long count;
	double secs;

	if (argc < 5 || inet_pton(AF_INET, argv[1], &f.src.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[2], &f.dst.sin_addr) != 1) {
		fprintf(stderr, "usage: ike_flood SRC DST COUNT SECONDS "
			"[--echo-cookies]\n");
		return 2;
	}
	count = strtoul(argv[3], NULL, 10);
	secs = atof(argv[4]);
	if (secs <= 0 || secs > 120 || count > 1000000) {
		fprintf(stderr, "ike_flood: at most 1000000 in 120 s\n");
		return 2;
	}
	if (open_socks(&f)) {
		perror("ike_flood: socket");
		return 1;
	}
	run(&f, count, secs, argc > 5 && !strcmp(argv[5], "--echo-cookies"));
	printf("sent %lu, cookies %lu, echoed %lu, other replies %lu\n",
	       f.sent, f.cookies, f.echoed, f.other);
	return 0;
}
