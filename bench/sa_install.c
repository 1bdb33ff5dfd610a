// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time to install N inbound SAs with their steering entries through the
 * kernel-side interface (XFRM over netlink + the pinned maps), and to
 * remove them. Needs a kernel with ESP (the lab guest) and the maps pinned
 * at PIN_ROOT (multisactl attach). Usage: sa_install N PIN_ROOT
 * Prints: "install N: X ms" and "remove N: Y ms".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "msa_kernel.h"

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1e3 + (t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void sa_init(struct msa_ksa *s, uint32_t i)
{
	memset(s, 0, sizeof(*s));
	s->spi = 0x10000 + i;
	s->reqid = MSA_REQID_MIN;
	s->cpu = MSA_KCPU_NONE;
	s->sa_id = 1 + i % 4000;
	s->src.family = s->dst.family = AF_INET;
	memcpy(s->src.addr, (uint8_t[]){ 192, 0, 2, 1 }, 4);
	memcpy(s->dst.addr, (uint8_t[]){ 192, 0, 2, 2 }, 4);
	s->mode = MSA_KMODE_TUNNEL;
	s->dir = MSA_KDIR_IN;
	s->replay_window = 32;
	s->encr = 20;		/* ENCR_AES_GCM_16 */
	s->encr_key_bits = 128;
	s->encr_key_len = 20;
	memset(s->encr_key, 0x5a, s->encr_key_len);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000;
	struct msa_kernel *k;
	struct timespec t0;
	struct msa_ksa s;

	if (argc < 3 || msa_kernel_open(&k, argv[2])) {
		fprintf(stderr, "usage: sa_install N PIN_ROOT (maps pinned)\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint32_t i = 0; i < n; i++) {
		sa_init(&s, i);
		if (k->ops->sa_add(k, &s)) {
			fprintf(stderr, "sa_add %u failed\n", i);
			return 1;
		}
	}
	printf("install %u: %.1f ms\n", n, ms_since(&t0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint32_t i = 0; i < n; i++)
		k->ops->sa_del(k, &s.dst, 0x10000 + i, MSA_KDIR_IN);
	printf("remove %u: %.1f ms\n", n, ms_since(&t0));
	k->ops->close(k);
	return 0;
}
