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

/* cells[0 .. ncpus-1] of one SA id; none (zeroes) for an id out of
 * range, which XDP refuses too (xdp_bad_sa_id). */
static int read_cells(struct msa_dp *dp, uint32_t sa_id,
		      struct msa_sa_ctrs *cells)
{
	if (sa_id >= dp->sz.sa_ids) {
		memset(cells, 0, sizeof(*cells) * dp->ncpus);
		return 0;
	}
	if (bpf_map_lookup_elem(dp->fd[MSA_MAP_SA_STATS], &sa_id, cells))
		return -errno;
	return 0;
}

/* rows[cpu * MSA_CTR_MAX + c] = msa_retired[c], for the derived c. */
static int retired_read(struct msa_dp *dp, uint64_t *rows)
{
	uint64_t *v = calloc(dp->ncpus, sizeof(*v));
	int err = v ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < NDERIVED; i++) {
		uint32_t c = derived[i];

		if (bpf_map_lookup_elem(dp->fd[MSA_MAP_RETIRED], &c, v))
			err = -errno;
		for (int cpu = 0; !err && cpu < dp->ncpus; cpu++)
			rows[(size_t)cpu * MSA_CTR_MAX + c] = v[cpu];
	}
	free(v);
	return err;
}

/* msa_retired[c] = rows[cpu * MSA_CTR_MAX + c], for the derived c (the
 * others are never written). */
static int retired_write(struct msa_dp *dp, const uint64_t *rows)
{
	uint64_t *v = calloc(dp->ncpus, sizeof(*v));
	int err = v ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < NDERIVED; i++) {
		uint32_t c = derived[i];

		for (int cpu = 0; cpu < dp->ncpus; cpu++)
			v[cpu] = rows[(size_t)cpu * MSA_CTR_MAX + c];
		if (bpf_map_update_elem(dp->fd[MSA_MAP_RETIRED], &c, v, BPF_ANY))
			err = -errno;
	}
	free(v);
	return err;
}

/* msa_retired += rows, for the derived counters. */
static int retired_add_locked(struct msa_dp *dp, const uint64_t *rows)
{
	size_t n = (size_t)dp->ncpus * MSA_CTR_MAX;
	uint64_t *cur = calloc(n, sizeof(*cur));
	int err = cur ? retired_read(dp, cur) : -ENOMEM;

	for (size_t i = 0; !err && i < n; i++)
		cur[i] += rows[i];
	if (!err)
		err = retired_write(dp, cur);
	free(cur);
	return err;
}

/* Read, add, write: under the writers' lock (dp_lock.c), or multisad and
 * multisactl would lose each other's additions. */
static int retired_add(struct msa_dp *dp, const uint64_t *rows)
{
	int err = msa_dp_lock(dp);

	if (err)
		return err;
	err = retired_add_locked(dp, rows);
	msa_dp_unlock(dp);
	return err;
}

int msa_dp_derive(struct msa_dp *dp, uint64_t *out)
{
	int err = retired_read(dp, out);

	if (!err)
		err = msa_cells_live_sum(dp, out);
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

	if (!err)
		err = read_cells(dp, gone->sa_id, cells);
	if (!err)
		msa_cells_add(dp, gone->cpu, cells, rows, false);
	/* a CPU move keeps the id: one read, so that what is added as the
	 * old verdict and taken off as the new one are the same packets */
	if (!err && now && now->sa_id != gone->sa_id)
		err = read_cells(dp, now->sa_id, cells);
	if (!err && now)
		msa_cells_add(dp, now->cpu, cells, rows, true);
	if (!err)
		err = retired_add(dp, rows);
	free(rows);
	free(cells);
	return err;
}

/* msa_retired = -rows: one write each. */
static int retired_set_neg(struct msa_dp *dp, uint64_t *rows)
{
	for (size_t i = 0; i < (size_t)dp->ncpus * MSA_CTR_MAX; i++)
		rows[i] = -rows[i];
	return retired_write(dp, rows);
}

/* The live cells first, then msa_retired once: a failed read leaves the
 * totals as they were. Locked throughout: a retire waits for the write
 * rather than being overwritten by it. */
int msa_dp_derive_reset(struct msa_dp *dp)
{
	uint64_t *rows = calloc((size_t)dp->ncpus * MSA_CTR_MAX, sizeof(*rows));
	int err = rows ? msa_dp_lock(dp) : -ENOMEM;

	if (err) {
		free(rows);
		return err;
	}
	err = msa_cells_live_sum(dp, rows);
	if (!err)
		err = retired_set_neg(dp, rows);
	msa_dp_unlock(dp);
	free(rows);
	return err;
}
