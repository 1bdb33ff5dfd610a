// SPDX-License-Identifier: GPL-2.0-or-later
/* The pinned maps: open them, and read and write SA entries and knobs. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "dp.h"
#include "dp_priv.h"
#include "log/log.h"

static int open_pinned(const char *root, const char *name, int *fd)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	*fd = bpf_obj_get(path);
	if (*fd >= 0)
		return 0;
	if (errno == ENOENT)
		msa_err("%s not found: the datapath is not loaded "
			"(run 'multisactl attach IFACE' first)", path);
	else if (errno == EPERM || errno == EACCES)
		msa_err("%s: %s (multisa needs root)", path, strerror(errno));
	else
		msa_err("%s: %s", path, strerror(errno));
	return -errno;
}

/* Pinned after the others came: missing from an earlier version's maps,
 * made then (dp_upgrade.c) rather than taken for no datapath at all. */
static int open_retired(const char *root, int *fd)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/msa_retired", root);
	if (access(path, F_OK) && errno == ENOENT)
		return msa_dp_retired_make(root, fd);
	return open_pinned(root, "msa_retired", fd);
}

static int read_sizes(struct msa_dp *dp)
{
	dp->sz.sa_ids = msa_map_entries(dp->fd[MSA_MAP_SA_STATS]);
	dp->sz.steer = msa_map_entries(dp->fd[MSA_MAP_STEER]);
	dp->sz.txsa = msa_map_entries(dp->fd[MSA_MAP_TXSA]);
	dp->sz.slots = msa_map_entries(dp->fd[MSA_MAP_STEER_FAST]);
	if (!dp->sz.sa_ids || !dp->sz.slots ||
	    (dp->sz.slots & (dp->sz.slots - 1))) {
		msa_err("the pinned maps have unexpected sizes (%u SA ids, %u "
			"slots): 'multisactl purge' and attach again",
			dp->sz.sa_ids, dp->sz.slots);
		return -EINVAL;
	}
	return 0;
}

int msa_dp_open(const char *pin_root, struct msa_dp **out)
{
	struct msa_dp *dp = calloc(1, sizeof(*dp));
	const char *root = pin_root ? pin_root : MSA_PIN_ROOT_DEFAULT;
	int err;

	if (!dp)
		return -ENOMEM;
	for (int i = 0; i < MSA_MAP_NR; i++)
		dp->fd[i] = -1;
	dp->lock_fd = -1;
	dp->ncpus = msa_dp_ncpus();
	err = dp->ncpus < 0 ? dp->ncpus : 0;
	if (!err)
		err = open_pinned(root, "msa_steer", &dp->fd[MSA_MAP_STEER]);
	if (!err)
		err = open_pinned(root, "msa_steer_fast", &dp->fd[MSA_MAP_STEER_FAST]);
	if (!err)
		err = open_pinned(root, "msa_txsa", &dp->fd[MSA_MAP_TXSA]);
	if (!err)
		err = open_pinned(root, "msa_counters", &dp->fd[MSA_MAP_COUNTERS]);
	if (!err)
		err = open_pinned(root, "msa_sa_stats", &dp->fd[MSA_MAP_SA_STATS]);
	if (!err)
		err = open_pinned(root, "msa_config", &dp->fd[MSA_MAP_CONFIG]);
	if (!err)
		err = open_retired(root, &dp->fd[MSA_MAP_RETIRED]);
	if (!err)
		err = read_sizes(dp);
	if (!err) {
		dp->lock_fd = msa_dp_lock_open(root);
		err = dp->lock_fd < 0 ? dp->lock_fd : 0;
	}
	if (err) {
		msa_dp_close(dp);
		return err;
	}
	*out = dp;
	return 0;
}

const struct msa_dp_sizes *msa_dp_sizes(const struct msa_dp *dp)
{
	return &dp->sz;
}

void msa_dp_close(struct msa_dp *dp)
{
	if (!dp)
		return;
	for (int i = 0; i < MSA_MAP_NR; i++)
		if (dp->fd[i] >= 0)
			close(dp->fd[i]);
	if (dp->lock_fd >= 0)
		close(dp->lock_fd);
	free(dp);
}

int msa_dp_ncpus(void)
{
	int n = libbpf_num_possible_cpus();

	if (n < 0)
		msa_err("cannot read the possible CPUs: %s", strerror(-n));
	return n;
}

static int check_val(struct msa_dp *dp, const struct msa_sa_val *val)
{
	if (val->sa_id >= dp->sz.sa_ids) {
		msa_err("SA id %u out of range: the maps hold ids up to %u "
			"(attach's max-sas: see docs/datapath.md, Sizes)",
			val->sa_id,
			dp->sz.sa_ids - 1);
		return -ERANGE;
	}
	if (val->cpu != MSA_CPU_ANY && val->cpu >= (uint32_t)dp->ncpus) {
		msa_err("CPU %u out of range: this machine has %d possible CPUs",
			val->cpu, dp->ncpus);
		return -ERANGE;
	}
	return 0;
}

static int zero_sa_stats(struct msa_dp *dp, uint32_t sa_id)
{
	struct msa_sa_ctrs *z = calloc(dp->ncpus, sizeof(*z));
	int err = 0;

	if (!z)
		return -ENOMEM;
	if (bpf_map_update_elem(dp->fd[MSA_MAP_SA_STATS], &sa_id, z, BPF_ANY))
		err = -errno;
	free(z);
	return err;
}

static const char *dir_name(enum msa_dir dir)
{
	return dir == MSA_DIR_IN ? "inbound" : "outbound";
}

int msa_dp_sa_add(struct msa_dp *dp, enum msa_dir dir,
		  const struct msa_sa_key *key, const struct msa_sa_val *val)
{
	int err = check_val(dp, val);

	if (err)
		return err;
	if (bpf_map_update_elem(msa_dp_sa_fd(dp, dir), key, val, BPF_NOEXIST)) {
		err = -errno;
		if (err == -EEXIST)
			msa_err("%s SA with SPI 0x%08x is already there", dir_name(dir),
				msa_sa_key_spi(key));
		else if (err == -E2BIG)
			msa_err("cannot add %s SA SPI 0x%08x: the %s map is full "
				"(%u entries; the limit is attach's max-sas: see "
				"docs/datapath.md, Sizes)", dir_name(dir),
				msa_sa_key_spi(key), dir_name(dir),
				dir == MSA_DIR_IN ? dp->sz.steer : dp->sz.txsa);
		else
			msa_err("cannot add %s SA SPI 0x%08x: %s", dir_name(dir),
				msa_sa_key_spi(key), strerror(-err));
		return err;
	}
	err = zero_sa_stats(dp, val->sa_id);
	if (!err && dir == MSA_DIR_IN)
		err = msa_slot_add(dp, key, val);
	if (err)
		bpf_map_delete_elem(msa_dp_sa_fd(dp, dir), key);
	return err;
}

/* The steered packets an inbound entry counted stay in the totals when
 * it changes or goes (dp_derive.c). A failure here costs counts, not
 * steering: said, not returned. */
static void keep_counts(struct msa_dp *dp, const struct msa_sa_val *gone,
			const struct msa_sa_val *now)
{
	int err;

	if (now && gone->sa_id == now->sa_id && gone->cpu == now->cpu)
		return;
	err = msa_dp_retire(dp, gone, now);
	if (err)
		msa_warn("steered-packet totals of SA id %u not kept: %s",
			 gone->sa_id, strerror(-err));
}

int msa_dp_sa_update(struct msa_dp *dp, enum msa_dir dir,
		     const struct msa_sa_key *key, const struct msa_sa_val *val)
{
	struct msa_sa_val old;
	int err = check_val(dp, val);

	if (err)
		return err;
	if (bpf_map_lookup_elem(msa_dp_sa_fd(dp, dir), key, &old) ||
	    bpf_map_update_elem(msa_dp_sa_fd(dp, dir), key, val, BPF_EXIST)) {
		err = -errno;
		msa_err("cannot update %s SA SPI 0x%08x: %s", dir_name(dir),
			msa_sa_key_spi(key), strerror(-err));
		return err;
	}
	if (dir == MSA_DIR_OUT)
		return 0;
	keep_counts(dp, &old, val);
	return msa_slot_update(dp, key, val);
}

int msa_dp_sa_del(struct msa_dp *dp, enum msa_dir dir,
		  const struct msa_sa_key *key)
{
	struct msa_sa_val old;
	int fd = msa_dp_sa_fd(dp, dir);

	if (!bpf_map_lookup_elem(fd, key, &old) && !bpf_map_delete_elem(fd, key)) {
		if (dir == MSA_DIR_OUT)
			return 0;
		keep_counts(dp, &old, NULL);
		return msa_slot_del(dp, key);
	}
	if (errno == ENOENT)
		msa_err("no %s SA with SPI 0x%08x", dir_name(dir),
			msa_sa_key_spi(key));
	else
		msa_err("cannot delete %s SA SPI 0x%08x: %s", dir_name(dir),
			msa_sa_key_spi(key), strerror(errno));
	return -errno;
}

int msa_dp_sa_get(struct msa_dp *dp, enum msa_dir dir,
		  const struct msa_sa_key *key, struct msa_sa_val *val)
{
	return bpf_map_lookup_elem(msa_dp_sa_fd(dp, dir), key, val) ? -errno : 0;
}

int msa_dp_config_get(struct msa_dp *dp, struct msa_config *cfg)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(dp->fd[MSA_MAP_CONFIG], &zero, cfg) ? -errno : 0;
}

int msa_dp_config_set(struct msa_dp *dp, const struct msa_config *cfg)
{
	uint32_t zero = 0;

	return bpf_map_update_elem(dp->fd[MSA_MAP_CONFIG], &zero, cfg, BPF_ANY)
		? -errno : 0;
}
