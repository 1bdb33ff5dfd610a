/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XFRM requests and events, one file each, behind msa_kernel_ops
 * (kernel_xfrm.c). All take our own types (msa_kernel.h) and return 0 or
 * -errno; failures are logged with the value that was refused and the
 * kernel's own message when it gave one.
 */
#ifndef MSA_XFRM_PRIV_H
#define MSA_XFRM_PRIV_H

#include "xfrm_nl.h"

/* ---- transforms (xfrm_alg.c) -------------------------------------------- */

/* XFRMA_ALG_AEAD, or XFRMA_ALG_CRYPT + XFRMA_ALG_AUTH_TRUNC, for the IKE
 * transform ids and keys of sa. -EINVAL (logged) for ids we do not map or
 * key lengths that do not fit them; -EMSGSIZE if buf is full. */
int msa_xalg_put(void *buf, const struct msa_ksa *sa);

/* ---- SAs (xfrm_sa.c) ---------------------------------------------------- */

/* What a GETSA answer or a dump entry says about one SA. */
struct msa_xsa_info {
	struct msa_ip dst;
	uint32_t spi;		/* host order; 0 for an acquire's larval SA */
	uint32_t reqid;
	uint32_t cpu;		/* MSA_KCPU_NONE if the SA has none */
	uint8_t proto;		/* IPPROTO_ESP, ... */
	uint8_t dir;		/* enum msa_kdir, 0 if none */
	bool larval;		/* no algorithms: from ALLOCSPI, or an acquire */
	struct msa_kstats st;
};

/* ALLOCSPI: a larval inbound SA (dir in; with cpu unless MSA_KCPU_NONE). */
int msa_xsa_spi_alloc(struct msa_xnl *nl, const struct msa_ip *src,
		      const struct msa_ip *dst, uint32_t reqid, uint32_t cpu,
		      uint32_t *spi);
/* NEWSA, or UPDSA to complete a larval SA from msa_xsa_spi_alloc. */
int msa_xsa_add(struct msa_xnl *nl, const struct msa_ksa *sa, bool update);
/* DELSA of an ESP SA; -ENOENT if the kernel has none. */
int msa_xsa_del(struct msa_xnl *nl, const struct msa_ip *dst, uint32_t spi);
/* GETSA of an ESP SA; -ENOENT if the kernel has none. */
int msa_xsa_get(struct msa_xnl *nl, const struct msa_ip *dst, uint32_t spi,
		struct msa_xsa_info *info);
/* Is (dst, spi) a larval SA (ALLOCSPI) that UPDSA must complete? Asked
 * quietly: no SA is a plain "no". */
bool msa_xsa_is_larval(struct msa_xnl *nl, const struct msa_ip *dst,
		       uint32_t spi);
/* Every SA in the kernel (GETSA dump); cb returning non-zero stops. */
typedef int (*msa_xsa_cb)(const struct msa_xsa_info *info, void *arg);
int msa_xsa_dump(struct msa_xnl *nl, msa_xsa_cb cb, void *arg);

/* ---- policies (xfrm_policy.c) ------------------------------------------- */

/* UPDPOLICY: adds the policy or replaces the one with its selector and dir. */
int msa_xpol_update(struct msa_xnl *nl, const struct msa_kpolicy *p);
/* DELPOLICY by selector and dir; -ENOENT if the kernel has none. */
int msa_xpol_del(struct msa_xnl *nl, const struct msa_kpolicy *p);

#define MSA_XPOL_TMPL_MAX 6	/* XFRM_MAX_DEPTH */
struct msa_xpol_info {
	uint32_t index;
	uint8_t dir;		/* enum msa_kpol_dir; socket policies skipped */
	uint8_t ntmpl;
	uint32_t reqid[MSA_XPOL_TMPL_MAX];
};
typedef int (*msa_xpol_cb)(const struct msa_xpol_info *info, void *arg);
int msa_xpol_dump(struct msa_xnl *nl, msa_xpol_cb cb, void *arg);
int msa_xpol_del_index(struct msa_xnl *nl, uint32_t index, uint8_t dir);

/* Selectors: ours <-> the kernel's. */
int msa_xsel_make(struct xfrm_selector *sel, const struct msa_ksel *src,
		  const struct msa_ksel *dst);
void msa_xsel_read(const struct xfrm_selector *sel, struct msa_ksel *src,
		   struct msa_ksel *dst);

/* ---- events (xfrm_event.c) ---------------------------------------------- */

#define MSA_XEV_QUEUE 64
struct msa_xev {
	struct msa_xnl nl;	/* bound to XFRMNLGRP_ACQUIRE and _EXPIRE */
	struct msa_kevent q[MSA_XEV_QUEUE];
	unsigned int head, len;
};

int msa_xev_open(struct msa_xev *ev);
void msa_xev_close(struct msa_xev *ev);
int msa_xev_fd(const struct msa_xev *ev);
/* Up to max events without blocking: count, 0 if none, or -errno. */
int msa_xev_read(struct msa_xev *ev, struct msa_kevent *out, int max);
/* One netlink message -> one event: 1, 0 if it is not an event we report,
 * -EBADMSG if it is truncated. */
int msa_xev_decode(const struct nlmsghdr *nlh, struct msa_kevent *ev);

#endif /* MSA_XFRM_PRIV_H */
