// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Maps an earlier version did not pin. Its maps stay pinned across an
 * upgrade (they hold the steering state), so the new tools find them
 * without msa_retired: made and pinned here, as bpf/maps.h defines it,
 * so that a later attach reuses it (libbpf checks type, sizes, flags).
 * Empty, it only means the totals start from the SAs in place now.
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

/* Another process pinned it first: theirs, so both use one map. */
static int get_theirs(const char *path, int *fd)
{
	*fd = bpf_obj_get(path);
	if (*fd >= 0)
		return 0;
	msa_err("%s: %s", path, strerror(errno));
	return -errno;
}

int msa_dp_retired_make(const char *root, int *fd)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/msa_retired", root);
	*fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "msa_retired",
			     sizeof(uint32_t), sizeof(uint64_t), MSA_CTR_MAX,
			     NULL);
	if (*fd < 0) {
		err = -errno;
		msa_err("cannot make %s (maps pinned by an earlier multisa): %s",
			path, strerror(-err));
		return err;
	}
	if (!bpf_obj_pin(*fd, path)) {
		msa_info("%s made: the maps were pinned by an earlier multisa; "
			 "steered-packet totals count from the SAs in place",
			 path);
		return 0;
	}
	err = -errno;
	close(*fd);
	if (err == -EEXIST)
		return get_theirs(path, fd);
	msa_err("cannot pin %s: %s", path, strerror(-err));
	return err;
}
