// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live SAs' cells summed by verdict (for dp_derive.c): which SA ids
 * are live, and on which CPU, from one walk of msa_steer; then their cells
 * a chunk of 64 ids per bpf() call (BPF_MAP_LOOKUP_BATCH on the per-CPU
 * array), chunks without a live id skipped. A lookup per SA took one call
 * each, on multisad's one thread at every scrape (bench/dp_read).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "dp.h"
#include "dp_priv.h"

#define CHUNK 64	/* ids per call: one word of the live bitmap */

static enum msa_ctr verdict_of(uint32_t sa_cpu, int cpu)
{
	if (sa_cpu == MSA_CPU_ANY)
		return MSA_CTR_XDP_ANY_CPU;
	return sa_cpu == (uint32_t)cpu ? MSA_CTR_XDP_LOCAL : MSA_CTR_XDP_REDIRECT;
}

void msa_cells_add(struct msa_dp *dp, uint32_t sa_cpu,
		   const struct msa_sa_ctrs *cells, uint64_t *out, bool neg)
{
	for (int cpu = 0; cpu < dp->ncpus; cpu++) {
		uint64_t *v = &out[(size_t)cpu * MSA_CTR_MAX +
				   verdict_of(sa_cpu, cpu)];

		*v = neg ? *v - cells[cpu].xdp_pkts : *v + cells[cpu].xdp_pkts;
	}
}

struct live {
	struct msa_dp *dp;
	uint32_t *cpu_of;	/* by SA id */
	uint64_t *bits;		/* a bit per live SA id */
	uint32_t keys[CHUNK];
	struct msa_sa_ctrs *cells;	/* CHUNK x ncpus */
};

/* Two entries of one id share its cell: it counts once. */
static int mark(const struct msa_sa_key *key, const struct msa_sa_val *val,
		void *arg)
{
	struct live *l = arg;

	(void)key;
	if (val->sa_id < l->dp->sz.sa_ids) {
		l->bits[val->sa_id / 64] |= 1ULL << (val->sa_id % 64);
		l->cpu_of[val->sa_id] = val->cpu;
	}
	return 0;
}

/* The cells of ids w * 64 .. w * 64 + 63 (those that exist), added for
 * the live ones. The batch cursor is the key before the first. */
static int sum_chunk(struct live *l, uint32_t w, uint64_t *out)
{
	struct msa_dp *dp = l->dp;
	uint32_t prev = w * CHUNK - 1, next, n = CHUNK;

	if (bpf_map_lookup_batch(dp->fd[MSA_MAP_SA_STATS], w ? &prev : NULL,
				 &next, l->keys, l->cells, &n, NULL) &&
	    errno != ENOENT)
		return -errno;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = l->keys[i];

		if (id / 64 == w && (l->bits[w] >> (id % 64) & 1))
			msa_cells_add(dp, l->cpu_of[id],
				      l->cells + (size_t)i * dp->ncpus, out,
				      false);
	}
	return 0;
}

int msa_cells_live_sum(struct msa_dp *dp, uint64_t *out)
{
	uint32_t words = (dp->sz.sa_ids + 63) / 64;
	struct live *l = calloc(1, sizeof(*l));
	int err = -ENOMEM;

	if (l) {
		l->dp = dp;
		l->cpu_of = calloc(dp->sz.sa_ids, sizeof(*l->cpu_of));
		l->bits = calloc(words, sizeof(*l->bits));
		l->cells = calloc((size_t)CHUNK * dp->ncpus, sizeof(*l->cells));
	}
	if (l && l->cpu_of && l->bits && l->cells)
		err = msa_dp_sa_foreach(dp, MSA_DIR_IN, mark, l);
	for (uint32_t w = 0; !err && w < words; w++)
		if (l->bits[w])
			err = sum_chunk(l, w, out);
	if (l) {
		free(l->cpu_of);
		free(l->bits);
		free(l->cells);
	}
	free(l);
	return err;
}
