// SPDX-License-Identifier: GPL-2.0-or-later
/* The steering entries of an SA: their key, their CPU, their removal. */
#include <arpa/inet.h>
#include <string.h>

#include "kernel_priv.h"

void msa_kx_key(struct msa_sa_key *key, const struct msa_ip *dst, uint32_t spi)
{
	memset(key, 0, sizeof(*key));
	key->spi = htonl(spi);
	key->family = dst->family;
	memcpy(key->daddr, dst->addr, dst->family == AF_INET ? 4 : 16);
}

void msa_kx_unsteer(struct msa_kx *kx, const struct msa_ip *dst, uint32_t spi,
		    uint8_t dir)
{
	struct msa_sa_key key;
	struct msa_sa_val val;

	if (!kx->dp)
		return;
	msa_kx_key(&key, dst, spi);
	if (dir != MSA_KDIR_OUT && !msa_dp_sa_get(kx->dp, MSA_DIR_IN, &key, &val))
		msa_dp_sa_del(kx->dp, MSA_DIR_IN, &key);
	if (dir != MSA_KDIR_IN && !msa_dp_sa_get(kx->dp, MSA_DIR_OUT, &key, &val))
		msa_dp_sa_del(kx->dp, MSA_DIR_OUT, &key);
}

int msa_kx_steer_cpu(struct msa_kernel *k, const struct msa_ip *dst,
		     uint32_t spi, uint32_t cpu)
{
	struct msa_kx *kx = msa_kx(k);
	struct msa_sa_key key;
	struct msa_sa_val val;
	int err;

	if (!kx->dp)
		return 0;
	msa_kx_key(&key, dst, spi);
	err = msa_dp_sa_get(kx->dp, MSA_DIR_IN, &key, &val);
	if (err)
		return err;
	val.cpu = cpu;
	return msa_dp_sa_update(kx->dp, MSA_DIR_IN, &key, &val);
}
