// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sizes of the SA maps, chosen when the programs are loaded: from
 * `max-sas N` (attach), or those of the maps pinned already (a second
 * attach, on another interface, shares them), else the default. The
 * programs bound every lookup by the map itself, so no size is compiled
 * into them but the steering slots' mask, which is set with the sizes.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "dp.h"
#include "dp_priv.h"
#include "log/log.h"

static uint32_t pow2_at_least(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

int msa_dp_sizes_for(uint32_t max_sas, struct msa_dp_sizes *out)
{
	uint32_t n = max_sas ? max_sas : MSA_MAX_SAS_DEFAULT;

	if (n < MSA_MAX_SAS_MIN || n > MSA_MAX_SAS_LIMIT) {
		msa_err("max-sas %u: must be %u to %u", n, MSA_MAX_SAS_MIN,
			MSA_MAX_SAS_LIMIT);
		return -ERANGE;
	}
	out->sa_ids = n;
	out->steer = n;
	out->txsa = n;
	out->slots = pow2_at_least(2 * n);	/* most SPIs alone on theirs */
	return 0;
}

uint32_t msa_map_entries(int fd)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.max_entries;
}

static uint32_t pinned_entries(const char *root, const char *name)
{
	char path[PATH_MAX];
	uint32_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	n = msa_map_entries(fd);
	close(fd);
	return n;
}

int msa_dp_sizes_resolve(const char *pin_root, uint32_t max_sas,
			 struct msa_dp_sizes *out)
{
	const char *root = pin_root ? pin_root : MSA_PIN_ROOT_DEFAULT;
	struct msa_dp_sizes want, pinned = {
		.sa_ids = pinned_entries(root, "msa_sa_stats"),
		.steer = pinned_entries(root, "msa_steer"),
		.txsa = pinned_entries(root, "msa_txsa"),
		.slots = pinned_entries(root, "msa_steer_fast"),
	};
	int err = msa_dp_sizes_for(max_sas, &want);

	if (err)
		return err;
	if (!pinned.sa_ids || !pinned.steer || !pinned.txsa || !pinned.slots) {
		*out = want;
		return 0;
	}
	if (max_sas && want.sa_ids != pinned.sa_ids) {
		msa_err("the maps pinned in %s hold %u SAs, not %u: they keep "
			"their size while pinned (to resize: detach every "
			"interface, stop multisad, 'multisactl purge', attach "
			"with max-sas, start multisad)", root, pinned.sa_ids,
			max_sas);
		return -EEXIST;
	}
	*out = pinned;
	return 0;
}

uint64_t msa_dp_sizes_bytes(const struct msa_dp_sizes *sz, int ncpus)
{
	/* a hash entry: key, value and about 48 bytes of the kernel's */
	uint64_t entry = sizeof(struct msa_sa_key) + sizeof(struct msa_sa_val) +
			 48;

	return (uint64_t)sz->sa_ids * sizeof(struct msa_sa_ctrs) *
	       (uint64_t)(ncpus > 0 ? ncpus : 1) +
	       (uint64_t)(sz->steer + sz->txsa) * entry +
	       (uint64_t)sz->slots * sizeof(struct msa_steer_slot);
}
