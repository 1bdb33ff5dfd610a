/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internals of the real msa_kernel (kernel_*.c files only). */
#ifndef MSA_KERNEL_PRIV_H
#define MSA_KERNEL_PRIV_H

#include "msa_kernel.h"
#include "dp/dp.h"
#include "xfrm_priv.h"

struct msa_kx {
	struct msa_kernel k;
	struct msa_xnl nl;		/* requests */
	struct msa_xev ev;		/* ACQUIRE/EXPIRE events */
	struct msa_dp *dp;		/* the pinned maps; NULL: steering off */
};

static inline struct msa_kx *msa_kx(struct msa_kernel *k)
{
	return k->priv;
}

/* (spi, dst) as the steering maps key it. */
void msa_kx_key(struct msa_sa_key *key, const struct msa_ip *dst, uint32_t spi);
/* Delete the steering entries of (dst, spi) that exist: dir 0 = both maps. */
int msa_kx_steer_cpu(struct msa_kernel *k, const struct msa_ip *dst,
		     uint32_t spi, uint32_t cpu);
void msa_kx_unsteer(struct msa_kx *kx, const struct msa_ip *dst, uint32_t spi,
		    uint8_t dir);

int msa_kx_probe(struct msa_kernel *k, struct msa_kcaps *caps);	/* kernel_probe.c */
int msa_kx_flush_owned(struct msa_kernel *k);			/* kernel_flush.c */

#endif /* MSA_KERNEL_PRIV_H */
