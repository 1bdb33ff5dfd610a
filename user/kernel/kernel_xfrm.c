// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The real msa_kernel: XFRM over netlink plus the pinned steering maps,
 * changed together. sa_add writes the steering entry first and the SA
 * second, and takes the entry back if the SA is refused: both or neither.
 * sa_del removes the SA first and keeps the entry if that fails.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kernel_priv.h"
#include "log/log.h"

/* The SA's CPU goes into the maps as it is: "no CPU" is the same value. */
_Static_assert(MSA_KCPU_NONE == MSA_CPU_ANY, "no-CPU values differ");

/* ---- the ops ------------------------------------------------------------ */

static int spi_alloc(struct msa_kernel *k, const struct msa_ip *src,
		     const struct msa_ip *dst, uint32_t reqid, uint32_t cpu,
		     uint32_t *spi)
{
	return msa_xsa_spi_alloc(&msa_kx(k)->nl, src, dst, reqid, cpu, spi);
}

static int steer_add(struct msa_kx *kx, const struct msa_ksa *sa)
{
	struct msa_sa_key key;
	struct msa_sa_val val = { .sa_id = sa->sa_id, .cpu = sa->cpu };

	msa_kx_key(&key, &sa->dst, sa->spi);
	return msa_dp_sa_add(kx->dp, sa->dir == MSA_KDIR_IN ? MSA_DIR_IN :
			     MSA_DIR_OUT, &key, &val);
}

static int sa_add(struct msa_kernel *k, const struct msa_ksa *sa)
{
	struct msa_kx *kx = msa_kx(k);
	bool steer = sa->sa_id && kx->dp;
	bool larval;
	int err;

	if (sa->sa_id && sa->dir != MSA_KDIR_IN && sa->dir != MSA_KDIR_OUT) {
		msa_err("sa_add: SA 0x%08x has datapath id %u but no direction "
			"(dir %u)", sa->spi, sa->sa_id, sa->dir);
		return -EINVAL;
	}
	if (steer) {
		err = steer_add(kx, sa);
		if (err) {
			msa_err("sa_add: SA 0x%08x: no datapath entry, SA not "
				"installed", sa->spi);
			return err;
		}
	}
	/* an SPI from spi_alloc (maybe of an earlier run) is a larval SA that
	 * only UPDSA completes; NEWSA would find it and say EEXIST */
	larval = msa_xsa_is_larval(&kx->nl, &sa->dst, sa->spi);
	err = msa_xsa_add(&kx->nl, sa, larval);
	if (err && steer)
		msa_kx_unsteer(kx, &sa->dst, sa->spi, sa->dir);
	return err;
}

static int sa_del(struct msa_kernel *k, const struct msa_ip *dst, uint32_t spi,
		  uint8_t dir)
{
	struct msa_kx *kx = msa_kx(k);
	int err = msa_xsa_del(&kx->nl, dst, spi);

	if (err && err != -ENOENT)
		return err;	/* the SA stays, and so does its entry */
	msa_kx_unsteer(kx, dst, spi, dir);
	return err;
}

static int sa_stats(struct msa_kernel *k, const struct msa_ip *dst,
		    uint32_t spi, struct msa_kstats *st)
{
	struct msa_xsa_info info;
	int err = msa_xsa_get(&msa_kx(k)->nl, dst, spi, &info);

	if (!err)
		*st = info.st;
	return err;
}

static int policy_add(struct msa_kernel *k, const struct msa_kpolicy *p)
{
	return msa_xpol_update(&msa_kx(k)->nl, p);
}

static int policy_del(struct msa_kernel *k, const struct msa_kpolicy *p)
{
	return msa_xpol_del(&msa_kx(k)->nl, p);
}

static int event_fd(struct msa_kernel *k)
{
	return msa_xev_fd(&msa_kx(k)->ev);
}

static int event_read(struct msa_kernel *k, struct msa_kevent *ev, int max)
{
	return msa_xev_read(&msa_kx(k)->ev, ev, max);
}

static int dp_counters(struct msa_kernel *k, uint64_t *out, int ncpus)
{
	struct msa_kx *kx = msa_kx(k);

	return kx->dp ? msa_dp_counters_read(kx->dp, out, ncpus) : -ENOENT;
}

static void kx_close(struct msa_kernel *k)
{
	struct msa_kx *kx;

	if (!k)
		return;
	kx = msa_kx(k);
	msa_xev_close(&kx->ev);
	msa_xnl_close(&kx->nl);
	msa_dp_close(kx->dp);
	free(kx);
}

static const struct msa_kernel_ops kx_ops = {
	.probe = msa_kx_probe,
	.spi_alloc = spi_alloc,
	.sa_add = sa_add,
	.sa_del = sa_del,
	.sa_stats = sa_stats,
	.dp_counters = dp_counters,
	.steer_cpu = msa_kx_steer_cpu,
	.policy_add = policy_add,
	.policy_del = policy_del,
	.event_fd = event_fd,
	.event_read = event_read,
	.flush_owned = msa_kx_flush_owned,
	.close = kx_close,
};

/* The maps if they are pinned; their absence only turns steering off. */
static int open_maps(struct msa_kx *kx, const char *pin_root)
{
	const char *root = pin_root ? pin_root : MSA_PIN_ROOT_DEFAULT;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/msa_steer", root);
	if (access(path, F_OK)) {
		msa_info("kernel: no datapath maps under %s: steering off", root);
		return 0;
	}
	return msa_dp_open(root, &kx->dp);
}

int msa_kernel_open(struct msa_kernel **out, const char *pin_root)
{
	struct msa_kx *kx = calloc(1, sizeof(*kx));
	int err;

	if (!kx)
		return -ENOMEM;
	kx->k.ops = &kx_ops;
	kx->k.priv = kx;
	err = msa_xnl_open(&kx->nl, 0);
	if (!err)
		err = msa_xev_open(&kx->ev);
	if (!err)
		err = open_maps(kx, pin_root);
	if (err) {
		kx_close(&kx->k);
		return err;
	}
	*out = &kx->k;
	return 0;
}
