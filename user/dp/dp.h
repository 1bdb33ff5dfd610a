/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The datapath library: loads and attaches the XDP/TC programs, and reads
 * and writes their pinned maps. Every call returns 0 or -errno and logs what
 * failed and why. libbpf/libxdp types stay behind this header.
 */
#ifndef MSA_DP_H
#define MSA_DP_H

#include <stdbool.h>
#include <stdint.h>
#include "msa_abi.h"

/* ---- loading and attaching (dp_load.c) ---------------------------------- */

enum msa_xdp_mode {
	MSA_XDP_AUTO,    /* native, falling back to generic with a warning */
	MSA_XDP_NATIVE,
	MSA_XDP_GENERIC,
	MSA_XDP_NONE,    /* TC only: TC ingress classifies by SPI itself */
};

struct msa_attach_opts {
	const char *pin_root;    /* NULL: MSA_PIN_ROOT_DEFAULT */
	enum msa_xdp_mode xdp;
	uint32_t cpumap_qsize;   /* 0: default */
	uint32_t max_sas;        /* 0: the pinned maps', else the default */
	bool xdp_meta;           /* XDP writes struct msa_meta for TC */
};

/* ---- sizes of the SA maps (dp_sizes.c) ----------------------------------- */

struct msa_dp_sizes {
	uint32_t sa_ids;	/* msa_sa_stats: ids 1 .. sa_ids-1 */
	uint32_t steer;		/* inbound entries */
	uint32_t txsa;		/* outbound entries */
	uint32_t slots;		/* msa_steer_fast, a power of two */
};

/* The sizes for max_sas SAs (0: the default); -ERANGE (said) outside
 * MSA_MAX_SAS_MIN .. MSA_MAX_SAS_LIMIT. */
int msa_dp_sizes_for(uint32_t max_sas, struct msa_dp_sizes *out);
/* The sizes to load with: the pinned maps' if there are any (-EEXIST,
 * said with the way out, if max_sas asks for others), else those of
 * max_sas. */
int msa_dp_sizes_resolve(const char *pin_root, uint32_t max_sas,
			 struct msa_dp_sizes *out);
/* Bytes the SA maps take on this machine (per-CPU counters dominate). */
uint64_t msa_dp_sizes_bytes(const struct msa_dp_sizes *sz, int ncpus);

int msa_dp_attach(const char *ifname, const struct msa_attach_opts *o);
int msa_dp_detach(const char *ifname); /* the maps stay pinned */
/* Remove the pinned maps (all steering state and counters). */
int msa_dp_unpin(const char *pin_root);

/* Loaded, not attached: for BPF_PROG_TEST_RUN tests and benchmarks. */
struct msa_dp_progs {
	int xdp_fd;
	int tc_in_fd;
	int tc_out_fd;
	void *priv;
};
struct msa_load_opts {
	uint32_t max_sas;	/* 0: the pinned maps', else the default */
	bool xdp_meta;		/* as in msa_attach_opts */
};
int msa_dp_load(const char *pin_root, struct msa_dp_progs *p);
/* The same with options (msa_dp_load: none), for tests and benchmarks. */
int msa_dp_load_opts(const char *pin_root, const struct msa_load_opts *o,
		     struct msa_dp_progs *p);
void msa_dp_unload(struct msa_dp_progs *p);

/* ---- the pinned maps (dp_maps.c) ---------------------------------------- */

enum msa_dir { MSA_DIR_IN, MSA_DIR_OUT };

struct msa_dp;  /* open handles to the pinned maps */

int msa_dp_open(const char *pin_root, struct msa_dp **out);
void msa_dp_close(struct msa_dp *dp);
/* The sizes of the open maps. */
const struct msa_dp_sizes *msa_dp_sizes(const struct msa_dp *dp);
int msa_dp_ncpus(void); /* possible CPUs, or -errno */

/* Add an SA entry (inbound: steering; outbound: egress accounting). Fails
 * with -EEXIST if the key is there; zeroes the SA id's counters. */
int msa_dp_sa_add(struct msa_dp *dp, enum msa_dir dir,
		  const struct msa_sa_key *key, const struct msa_sa_val *val);
/* Replace the value of an existing entry (rekey, CPU move). */
int msa_dp_sa_update(struct msa_dp *dp, enum msa_dir dir,
		     const struct msa_sa_key *key, const struct msa_sa_val *val);
int msa_dp_sa_del(struct msa_dp *dp, enum msa_dir dir,
		  const struct msa_sa_key *key);
int msa_dp_sa_get(struct msa_dp *dp, enum msa_dir dir,
		  const struct msa_sa_key *key, struct msa_sa_val *val);
typedef int (*msa_sa_cb)(const struct msa_sa_key *key,
			 const struct msa_sa_val *val, void *arg);
int msa_dp_sa_foreach(struct msa_dp *dp, enum msa_dir dir, msa_sa_cb cb,
		      void *arg);

int msa_dp_config_get(struct msa_dp *dp, struct msa_config *cfg);
int msa_dp_config_set(struct msa_dp *dp, const struct msa_config *cfg);

/* ---- counters (dp_stats.c) ---------------------------------------------- */

/* Per-CPU values of every counter: out[cpu * MSA_CTR_MAX + ctr]; ncpus
 * entries of MSA_CTR_MAX each. */
int msa_dp_counters_read(struct msa_dp *dp, uint64_t *out, int ncpus);
/* Per-CPU counters of one SA id: out[0 .. ncpus-1]. */
int msa_dp_sa_stats_read(struct msa_dp *dp, uint32_t sa_id,
			 struct msa_sa_ctrs *out, int ncpus);
int msa_dp_counters_reset(struct msa_dp *dp);
const char *msa_ctr_name(enum msa_ctr c);
const char *msa_ctr_help(enum msa_ctr c);

/* ---- addresses and keys (dp_key.c) -------------------------------------- */

/* Build a key from an SPI (host order) and an address string, or NULL /
 * "any" for the SPI-only wildcard. -EINVAL on a bad address. */
int msa_sa_key_make(struct msa_sa_key *key, uint32_t spi, const char *addr);
/* "spi 0x.. dst ADDR" parts, for printing. */
uint32_t msa_sa_key_spi(const struct msa_sa_key *key);
void msa_sa_key_addr(const struct msa_sa_key *key, char *buf, size_t len);
int msa_parse_u32(const char *s, uint32_t *v); /* decimal or 0x hex */

#endif /* MSA_DP_H */
