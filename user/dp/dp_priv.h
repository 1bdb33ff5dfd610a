/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internals of the datapath library, shared by its files only. */
#ifndef MSA_DP_PRIV_H
#define MSA_DP_PRIV_H

#include "dp.h"

enum msa_map {
	MSA_MAP_STEER,
	MSA_MAP_STEER_FAST,
	MSA_MAP_TXSA,
	MSA_MAP_COUNTERS,
	MSA_MAP_SA_STATS,
	MSA_MAP_CONFIG,
	MSA_MAP_RETIRED,
	MSA_MAP_NR,
};

struct msa_dp {
	int fd[MSA_MAP_NR];
	int ncpus; /* possible CPUs: the width of per-CPU map values */
	struct msa_dp_sizes sz;	/* of the pinned maps */
	int lock_fd;		/* the pin root, for msa_dp_lock */
	bool lock_warned;	/* the lock failed, said once */
};

/* dp_sizes.c: the max_entries of an open map (0 if unreadable). */
uint32_t msa_map_entries(int fd);

/* The steering (inbound) or txsa (outbound) map of dir. */
static inline int msa_dp_sa_fd(struct msa_dp *dp, enum msa_dir dir)
{
	return dp->fd[dir == MSA_DIR_IN ? MSA_MAP_STEER : MSA_MAP_TXSA];
}

struct msa_sa_key;
struct msa_sa_val;
struct msa_sa_ctrs;
/* dp_live.c: out[cpu * MSA_CTR_MAX + verdict] += (or -=) the xdp_pkts of
 * one SA's cells (cells[0 .. ncpus-1]), as an SA on sa_cpu is counted;
 * and that for every live inbound SA. */
void msa_cells_add(struct msa_dp *dp, uint32_t sa_cpu,
		   const struct msa_sa_ctrs *cells, uint64_t *out, bool neg);
int msa_cells_live_sum(struct msa_dp *dp, uint64_t *out);
/* dp_slots.c: keep msa_steer_fast in step with msa_steer. */
int msa_slot_add(struct msa_dp *dp, const struct msa_sa_key *key,
		 const struct msa_sa_val *val);
int msa_slot_update(struct msa_dp *dp, const struct msa_sa_key *key,
		    const struct msa_sa_val *val);
int msa_slot_del(struct msa_dp *dp, const struct msa_sa_key *key);

/* dp_derive.c: the verdicts XDP does not count (see msa_abi.h). */
/* Set the derived verdicts of out (rows of MSA_CTR_MAX, dp->ncpus of them;
 * xdp_redirect_err read already). */
int msa_dp_derive(struct msa_dp *dp, uint64_t *out);
/* An inbound entry went (now NULL) or changed from gone (never NULL) to
 * now: keep what its cells counted in msa_retired, so the totals stay as
 * they were. */
int msa_dp_retire(struct msa_dp *dp, const struct msa_sa_val *gone,
		  const struct msa_sa_val *now);
/* Derived totals back to 0, the SAs' own cells untouched. */
int msa_dp_derive_reset(struct msa_dp *dp);

/* dp_lock.c: the lock of msa_retired's writers (multisad, multisactl). */
int msa_dp_lock_open(const char *root); /* an fd, or -errno */
/* 0 when held (or when flock cannot work at all: said once, see there),
 * -EBUSY when another writer keeps it too long. */
int msa_dp_lock(struct msa_dp *dp);
void msa_dp_unlock(struct msa_dp *dp);

/* dp_upgrade.c: make and pin msa_retired, missing from maps pinned by an
 * earlier version. */
int msa_dp_retired_make(const char *root, int *fd);

#define MSA_TC_HANDLE 0x4d5341 /* "MSA": our filters, found again by detach */
#define MSA_TC_PRIO   0x4d53
#define MSA_CPUMAP_QSIZE_DEFAULT 2048

#endif
