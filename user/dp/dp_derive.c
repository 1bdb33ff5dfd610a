// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verdicts of steered packets, which XDP does not count (one per-CPU
 * cell per packet: the SA's, see msa_abi.h): derived here from the cells
 * of the SAs in msa_steer, plus msa_retired, which keeps what the SAs gone
 * or moved had, so a total never goes back.
 *
 * An SA's cell on CPU c holds xdp_pkts packets XDP saw on c. They were
 * passed there when c is the SA's CPU (xdp_local), redirected when it is
 * another (xdp_redirect; the failed ones are counted apart, in
 * xdp_redirect_err, and taken off), passed to RSS for the fallback SA
 * (xdp_any_cpu). Sums are modulo 2^64: msa_retired may hold a "negative"
 * part (a CPU move, a reset), and what is read is always the total.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "dp.h"
#include "dp_priv.h"

static const enum msa_ctr derived[] = {
	MSA_CTR_XDP_REDIRECT, MSA_CTR_XDP_LOCAL, MSA_CTR_XDP_ANY_CPU,
};
#define NDERIVED (sizeof(derived) / sizeof(*derived))

static enum msa_ctr verdict_of(uint32_t sa_cpu, int cpu)
{
	if (sa_cpu == MSA_CPU_ANY)
		return MSA_CTR_XDP_ANY_CPU;
	return sa_cpu == (uint32_t)cpu ? MSA_CTR_XDP_LOCAL : MSA_CTR_XDP_REDIRECT;
}

/* out[cpu * MSA_CTR_MAX + verdict] += (or -=) the SA's cells. */
static int add_sa(struct msa_dp *dp, const struct msa_sa_val *val,
		  struct msa_sa_ctrs *cells, uint64_t *out, bool neg)
{
	if (val->sa_id >= dp->sz.sa_ids)
		return 0; /* refused by XDP too (xdp_bad_sa_id) */
	if (bpf_map_lookup_elem(dp->fd[MSA_MAP_SA_STATS], &val->sa_id, cells))
		return -errno;
	for (int cpu = 0; cpu < dp->ncpus; cpu++) {
		uint64_t *v = &out[(size_t)cpu * MSA_CTR_MAX +
				   verdict_of(val->cpu, cpu)];

		*v = neg ? *v - cells[cpu].xdp_pkts : *v + cells[cpu].xdp_pkts;
	}
	return 0;
}

struct walk {
	struct msa_dp *dp;
	struct msa_sa_ctrs *cells;
	uint64_t *out;
};

static int walk_one(const struct msa_sa_key *key, const struct msa_sa_val *val,
		    void *arg)
{
	struct walk *w = arg;
	int err = add_sa(w->dp, val, w->cells, w->out, false);

	return err == -ENOENT ? 0 : err;
}

/* out[cpu * MSA_CTR_MAX + c] for the derived c: the live SAs' cells. */
static int live_sum(struct msa_dp *dp, uint64_t *out)
{
	struct walk w = { .dp = dp, .out = out };
	int err;

	w.cells = calloc(dp->ncpus, sizeof(*w.cells));
	if (!w.cells)
		return -ENOMEM;
	err = msa_dp_sa_foreach(dp, MSA_DIR_IN, walk_one, &w);
	free(w.cells);
	return err;
}

/* Add rows[cpu * MSA_CTR_MAX + c] of the derived c to msa_retired. */
static int retired_add(struct msa_dp *dp, const uint64_t *rows)
{
	uint64_t *v = calloc(dp->ncpus, sizeof(*v));
	int err = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; !err && i < NDERIVED; i++) {
		uint32_t c = derived[i];

		if (bpf_map_lookup_elem(dp->fd[MSA_MAP_RETIRED], &c, v)) {
			err = -errno;
			break;
		}
		for (int cpu = 0; cpu < dp->ncpus; cpu++)
			v[cpu] += rows[(size_t)cpu * MSA_CTR_MAX + c];
		if (bpf_map_update_elem(dp->fd[MSA_MAP_RETIRED], &c, v, BPF_ANY))
			err = -errno;
	}
	free(v);
	return err;
}

int msa_dp_derive(struct msa_dp *dp, uint64_t *out)
{
	uint64_t *v = calloc(dp->ncpus, sizeof(*v));
	int err = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; !err && i < NDERIVED; i++) {
		uint32_t c = derived[i];

		if (bpf_map_lookup_elem(dp->fd[MSA_MAP_RETIRED], &c, v))
			err = -errno;
		for (int cpu = 0; !err && cpu < dp->ncpus; cpu++)
			out[(size_t)cpu * MSA_CTR_MAX + c] = v[cpu];
	}
	free(v);
	if (!err)
		err = live_sum(dp, out);
	for (int cpu = 0; !err && cpu < dp->ncpus; cpu++) {
		uint64_t *row = out + (size_t)cpu * MSA_CTR_MAX;

		row[MSA_CTR_XDP_REDIRECT] -= row[MSA_CTR_XDP_REDIRECT_ERR];
	}
	return err;
}

int msa_dp_retire(struct msa_dp *dp, const struct msa_sa_val *gone,
		  const struct msa_sa_val *now)
{
	size_t n = (size_t)dp->ncpus * MSA_CTR_MAX;
	uint64_t *rows = calloc(n, sizeof(*rows));
	struct msa_sa_ctrs *cells = calloc(dp->ncpus, sizeof(*cells));
	int err = rows && cells ? 0 : -ENOMEM;

	if (!err && gone)
		err = add_sa(dp, gone, cells, rows, false);
	if (!err && now)
		err = add_sa(dp, now, cells, rows, true);
	if (!err)
		err = retired_add(dp, rows);
	free(rows);
	free(cells);
	return err;
}

int msa_dp_derive_reset(struct msa_dp *dp)
{
	size_t n = (size_t)dp->ncpus * MSA_CTR_MAX;
	uint64_t *zero = calloc(dp->ncpus, sizeof(*zero));
	uint64_t *rows = calloc(n, sizeof(*rows));
	int err = zero && rows ? 0 : -ENOMEM;

	for (uint32_t c = 0; !err && c < MSA_CTR_MAX; c++)
		if (bpf_map_update_elem(dp->fd[MSA_MAP_RETIRED], &c, zero, BPF_ANY))
			err = -errno;
	if (!err)
		err = live_sum(dp, rows);
	for (size_t i = 0; !err && i < n; i++)
		rows[i] = -rows[i]; /* the live cells, taken off: totals of 0 */
	if (!err)
		err = retired_add(dp, rows);
	free(zero);
	free(rows);
	return err;
}
