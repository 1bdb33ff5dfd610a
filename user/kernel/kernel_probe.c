// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the running kernel can do, found by trying it on a throwaway SA
 * (127.0.0.1 -> 127.0.0.1, reqid 0: never one of ours), removed after:
 *   pcpu  ALLOCSPI with XFRMA_SA_PCPU 0, and GETSA shows the CPU back.
 *         Kernels before 6.13 ignore the unknown attribute, so acceptance
 *         alone proves nothing: the echo does.
 *   esp   completing that larval SA as an AES-GCM ESP SA (UPDSA) works.
 *         Without ESP in the kernel this fails ("Requested type not found").
 * steering: the pinned maps were there at open. ncpus: possible CPUs.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include "kernel_priv.h"
#include "log/log.h"

static void loopback(struct msa_ip *ip)
{
	static const uint8_t lo[4] = { 127, 0, 0, 1 };

	memset(ip, 0, sizeof(*ip));
	ip->family = AF_INET;
	memcpy(ip->addr, lo, sizeof(lo));
}

static bool probe_pcpu(struct msa_xnl *nl, const struct msa_ip *lo,
		       uint32_t spi)
{
	struct msa_xsa_info info;

	return !msa_xsa_get(nl, lo, spi, &info) && info.cpu == 0;
}

static bool probe_esp(struct msa_xnl *nl, const struct msa_ip *lo,
		      uint32_t spi, bool pcpu)
{
	struct msa_ksa sa = {
		.spi = spi,
		.cpu = pcpu ? 0 : MSA_KCPU_NONE,
		.src = *lo,
		.dst = *lo,
		.mode = MSA_KMODE_TRANSPORT,
		.dir = MSA_KDIR_IN,
		.replay_window = 32,
		.encr = 20,		/* ENCR_AES_GCM_16; the key is zeros */
		.encr_key_bits = 128,
		.encr_key_len = 16 + 4,
	};

	return !msa_xsa_add(nl, &sa, true);
}

int msa_kx_probe(struct msa_kernel *k, struct msa_kcaps *caps)
{
	struct msa_kx *kx = msa_kx(k);
	struct msa_ip lo;
	uint32_t spi;
	int n = msa_dp_ncpus();

	memset(caps, 0, sizeof(*caps));
	caps->ncpus = n > 0 ? (uint32_t)n : 1;
	caps->steering = kx->dp != NULL;
	caps->sa_ids = kx->dp ? msa_dp_sizes(kx->dp)->sa_ids : 0;
	loopback(&lo);
	kx->nl.quiet = true;
	if (!msa_xsa_spi_alloc(&kx->nl, &lo, &lo, 0, 0, &spi)) {
		caps->pcpu = probe_pcpu(&kx->nl, &lo, spi);
		caps->esp = probe_esp(&kx->nl, &lo, spi, caps->pcpu);
		msa_xsa_del(&kx->nl, &lo, spi);
	} else {
		msa_warn("probe: ALLOCSPI failed: is XFRM (xfrm_user) available?");
	}
	kx->nl.quiet = false;
	msa_debug("probe: esp %s, per-CPU SAs %s, steering %s, %u CPUs",
		 caps->esp ? "yes" : "no", caps->pcpu ? "yes" : "no",
		 caps->steering ? "yes" : "no", caps->ncpus);
	return 0;
}
