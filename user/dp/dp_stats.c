// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading the per-CPU counters of the pinned maps. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "dp.h"
#include "dp_priv.h"
#include "log/log.h"

#define MSA_CTR_NAME(id, name, help) [MSA_CTR_##id] = name,
#define MSA_CTR_HELP(id, name, help) [MSA_CTR_##id] = help,
static const char *const ctr_names[MSA_CTR_MAX] = { MSA_COUNTERS(MSA_CTR_NAME) };
static const char *const ctr_helps[MSA_CTR_MAX] = { MSA_COUNTERS(MSA_CTR_HELP) };

const char *msa_ctr_name(enum msa_ctr c)
{
	return c < MSA_CTR_MAX ? ctr_names[c] : "?";
}

const char *msa_ctr_help(enum msa_ctr c)
{
	return c < MSA_CTR_MAX ? ctr_helps[c] : "?";
}

static int check_width(struct msa_dp *dp, int ncpus)
{
	if (ncpus != dp->ncpus) {
		msa_err("counter buffer for %d CPUs, the machine has %d",
			ncpus, dp->ncpus);
		return -EINVAL;
	}
	return 0;
}

/* Exactly one of these per packet XDP sees (see msa_abi.h). */
static bool is_xdp_verdict(int c)
{
	return c >= MSA_CTR_XDP_REDIRECT && c <= MSA_CTR_XDP_BAD_SA_ID &&
	       c != MSA_CTR_XDP_META_ERR;
}

static void derive_xdp_rx(uint64_t *out, int ncpus)
{
	for (int cpu = 0; cpu < ncpus; cpu++) {
		uint64_t *row = out + (size_t)cpu * MSA_CTR_MAX;

		row[MSA_CTR_XDP_RX] = 0;
		for (int c = 0; c < MSA_CTR_MAX; c++)
			if (is_xdp_verdict(c))
				row[MSA_CTR_XDP_RX] += row[c];
	}
}

int msa_dp_counters_read(struct msa_dp *dp, uint64_t *out, int ncpus)
{
	uint64_t *v = calloc(dp->ncpus, sizeof(*v));
	int err = check_width(dp, ncpus);

	if (!v)
		return -ENOMEM;
	for (uint32_t c = 0; !err && c < MSA_CTR_MAX; c++) {
		if (bpf_map_lookup_elem(dp->fd[MSA_MAP_COUNTERS], &c, v)) {
			err = -errno;
			break;
		}
		for (int cpu = 0; cpu < ncpus; cpu++)
			out[cpu * MSA_CTR_MAX + c] = v[cpu];
	}
	free(v);
	if (!err)
		err = msa_dp_derive(dp, out);
	if (!err)
		derive_xdp_rx(out, ncpus);
	return err;
}

int msa_dp_sa_stats_read(struct msa_dp *dp, uint32_t sa_id,
			 struct msa_sa_ctrs *out, int ncpus)
{
	int err = check_width(dp, ncpus);

	if (err)
		return err;
	if (sa_id >= dp->sz.sa_ids)
		return -ERANGE;
	return bpf_map_lookup_elem(dp->fd[MSA_MAP_SA_STATS], &sa_id, out)
		? -errno : 0;
}

int msa_dp_counters_reset(struct msa_dp *dp)
{
	uint64_t *z = calloc(dp->ncpus, sizeof(*z));
	int err = 0;

	if (!z)
		return -ENOMEM;
	for (uint32_t c = 0; !err && c < MSA_CTR_MAX; c++)
		if (bpf_map_update_elem(dp->fd[MSA_MAP_COUNTERS], &c, z, BPF_ANY))
			err = -errno;
	free(z);
	return err ? err : msa_dp_derive_reset(dp);
}
