// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the datapath tests share: the real programs loaded under a pin root
 * of their own, seven SAs in the maps, and one packet at a time through
 * BPF_PROG_TEST_RUN with the counters read before and after. The tests pin
 * themselves to CPU 0, so "local" is CPU 0 and "remote" CPU 1.
 */
#ifndef TEST_DP_ENV_H
#define TEST_DP_ENV_H

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include "dp/dp.h"
#include "log/log.h"
#include "pkt.h"

#define SA_V4_REMOTE 1 /* SPI 0x100 to 192.0.2.1 -> CPU 1 */
#define SA_V6_REMOTE 2 /* SPI 0x200 to 2001:db8::1 -> CPU 1 */
#define SA_ANY_LOCAL 3 /* SPI 0x300, any destination -> CPU 0 */
#define SA_FALLBACK  4 /* SPI 0x400 to 192.0.2.1 -> no CPU */
#define SA_TX_OWN    5 /* outbound SPI 0x500 to 192.0.2.1 -> CPU 0 */
#define SA_TX_OTHER  6 /* outbound SPI 0x600 to 192.0.2.1 -> CPU 1 */
#define SA_TX_FALLBK 7 /* outbound SPI 0x700 to 192.0.2.1 -> no CPU */
#define NO_SA  (-1)
#define NO_META (-2)

struct env {
	char root[64];
	struct msa_dp_progs progs;
	struct msa_dp *dp;
	int ncpus;
	uint64_t *before, *after;
};
static struct env E;


static inline void add_sa(enum msa_dir dir, uint32_t spi, const char *dst,
		   uint32_t sa_id, uint32_t cpu)
{
	struct msa_sa_key k;
	struct msa_sa_val v = { .sa_id = sa_id, .cpu = cpu };

	assert_int_equal(msa_sa_key_make(&k, spi, dst), 0);
	assert_int_equal(msa_dp_sa_add(E.dp, dir, &k, &v), 0);
}

static inline int setup(void **state)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -1;
	snprintf(E.root, sizeof(E.root), "/sys/fs/bpf/multisa-test-%d", getpid());
	if (msa_dp_load_opts(E.root, &(struct msa_load_opts){ .xdp_meta = true }, &E.progs) || msa_dp_open(E.root, &E.dp))
		return -1;
	E.ncpus = msa_dp_ncpus();
	if (E.ncpus < 2) {
		fprintf(stderr, "these fixtures need 2 CPUs, have %d\n", E.ncpus);
		return -1;
	}
	E.before = calloc(E.ncpus * MSA_CTR_MAX, sizeof(uint64_t));
	E.after = calloc(E.ncpus * MSA_CTR_MAX, sizeof(uint64_t));
	add_sa(MSA_DIR_IN, 0x100, "192.0.2.1", SA_V4_REMOTE, 1);
	add_sa(MSA_DIR_IN, 0x200, "2001:db8::1", SA_V6_REMOTE, 1);
	add_sa(MSA_DIR_IN, 0x300, NULL, SA_ANY_LOCAL, 0);
	add_sa(MSA_DIR_IN, 0x400, "192.0.2.1", SA_FALLBACK, MSA_CPU_ANY);
	add_sa(MSA_DIR_OUT, 0x500, "192.0.2.1", SA_TX_OWN, 0);
	add_sa(MSA_DIR_OUT, 0x600, "192.0.2.1", SA_TX_OTHER, 1);
	add_sa(MSA_DIR_OUT, 0x700, "192.0.2.1", SA_TX_FALLBK, MSA_CPU_ANY);
	(void)state;
	return 0;
}

static inline int teardown(void **state)
{
	msa_dp_close(E.dp);
	msa_dp_unload(&E.progs);
	msa_dp_unpin(E.root);
	free(E.before);
	free(E.after);
	(void)state;
	return 0;
}

static inline void set_drop_unknown(int on)
{
	struct msa_config cfg = { .flags = on ? MSA_CFG_DROP_UNKNOWN_SPI : 0 };

	assert_int_equal(msa_dp_config_set(E.dp, &cfg), 0);
}

static inline uint64_t ctr_delta(enum msa_ctr c)
{
	return E.after[c] - E.before[c]; /* CPU 0's row */
}

static inline struct msa_sa_ctrs sa_cpu0(int sa_id)
{
	struct msa_sa_ctrs *v = calloc(E.ncpus, sizeof(*v)), r;

	assert_int_equal(msa_dp_sa_stats_read(E.dp, sa_id, v, E.ncpus), 0);
	r = v[0];
	free(v);
	return r;
}

/* Run one packet through a program; returns retval, fills the metadata
 * XDP wrote (if any). */
static inline int run_prog(int fd, const struct pkt *p, struct msa_meta *meta,
		    int *has_meta)
{
	uint8_t out[2048];
	struct xdp_md ctx_in = { .data_end = p->len }, ctx_out = {};
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p->b,
		    .data_size_in = p->len, .data_out = out,
		    .data_size_out = sizeof(out));

	if (fd == E.progs.xdp_fd) {
		o.ctx_in = &ctx_in;
		o.ctx_size_in = sizeof(ctx_in);
		o.ctx_out = &ctx_out;
		o.ctx_size_out = sizeof(ctx_out);
	}
	assert_int_equal(msa_dp_counters_read(E.dp, E.before, E.ncpus), 0);
	assert_int_equal(bpf_prog_test_run_opts(fd, &o), 0);
	assert_int_equal(msa_dp_counters_read(E.dp, E.after, E.ncpus), 0);
	*has_meta = fd == E.progs.xdp_fd && ctx_out.data == sizeof(*meta);
	if (*has_meta)
		memcpy(meta, out, sizeof(*meta));
	return (int)o.retval;
}

#endif /* TEST_DP_ENV_H */
