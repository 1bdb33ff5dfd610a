// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * flush_owned: remove what an earlier run left behind, found by reqid
 * ([MSA_REQID_MIN, MSA_REQID_MAX]) in a dump of the SAs and one of the
 * policies, together with the SAs' steering entries. Foreign SAs and
 * policies stay. Larval SAs of kernel acquires (SPI 0) cannot be deleted by
 * SPI; the kernel drops them itself within its acquire timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include "kernel_priv.h"
#include "log/log.h"

static bool owned(uint32_t reqid)
{
	return reqid >= MSA_REQID_MIN && reqid <= MSA_REQID_MAX;
}

/* A growing array of fixed-size items. */
struct list {
	void *v;
	size_t n, cap, size;
};

static int list_add(struct list *l, const void *item)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		void *v = realloc(l->v, cap * l->size);

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	memcpy((char *)l->v + l->n++ * l->size, item, l->size);
	return 0;
}

static int keep_sa(const struct msa_xsa_info *info, void *arg)
{
	if (info->proto != IPPROTO_ESP || !info->spi || !owned(info->reqid))
		return 0;
	return list_add(arg, info);
}

static int keep_policy(const struct msa_xpol_info *info, void *arg)
{
	for (unsigned int i = 0; i < info->ntmpl; i++)
		if (owned(info->reqid[i]))
			return list_add(arg, info);
	return 0;
}

static int flush_sas(struct msa_kx *kx, size_t *count)
{
	struct list l = { .size = sizeof(struct msa_xsa_info) };
	struct msa_xsa_info *sa;
	int err = msa_xsa_dump(&kx->nl, keep_sa, &l), e;

	for (size_t i = 0; !err && i < l.n; i++) {
		sa = (struct msa_xsa_info *)l.v + i;
		e = msa_xsa_del(&kx->nl, &sa->dst, sa->spi);
		if (e && e != -ENOENT) {
			err = e;
			break;
		}
		msa_kx_unsteer(kx, &sa->dst, sa->spi, sa->dir);
		(*count)++;
	}
	free(l.v);
	return err;
}

static int flush_policies(struct msa_kx *kx, size_t *count)
{
	struct list l = { .size = sizeof(struct msa_xpol_info) };
	struct msa_xpol_info *p;
	int err = msa_xpol_dump(&kx->nl, keep_policy, &l), e;

	for (size_t i = 0; !err && i < l.n; i++) {
		p = (struct msa_xpol_info *)l.v + i;
		e = msa_xpol_del_index(&kx->nl, p->index, p->dir);
		if (e && e != -ENOENT) {
			err = e;
			break;
		}
		(*count)++;
	}
	free(l.v);
	return err;
}

int msa_kx_flush_owned(struct msa_kernel *k)
{
	struct msa_kx *kx = msa_kx(k);
	size_t nsa = 0, npol = 0;
	int err = flush_policies(kx, &npol);
	int err2 = flush_sas(kx, &nsa);

	msa_info("flush: removed %zu policies and %zu SAs with reqids "
		 "0x%08x-0x%08x", npol, nsa, MSA_REQID_MIN, MSA_REQID_MAX);
	return err ? err : err2;
}
