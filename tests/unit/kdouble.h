/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An in-process recording double of struct msa_kernel, for the exchange
 * tests: it keeps the SAs and policies it was given (keys included, so a
 * test can compare both ends), hands out SPIs from a per-instance base,
 * and tracks the fewest SAs ever installed (make-before-break checks).
 */
#ifndef TEST_KDOUBLE_H
#define TEST_KDOUBLE_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msa_kernel.h"

#define KD_MAX 256

struct kdouble {
	struct msa_kernel k;
	struct msa_kcaps caps;
	uint32_t next_spi;
	int n_sa, n_pol, n_larval;
	struct msa_ksa sa[KD_MAX];
	struct msa_kpolicy pol[KD_MAX];
	uint32_t larval[KD_MAX];
	int adds, dels, fail_next_add, fail_next_del;
	/* steer_cpu calls: an inbound SPI's steering CPU, if it was moved */
	struct { uint32_t spi, cpu; } moved[KD_MAX];
	int n_moved;
};

static struct kdouble *kd_of(struct msa_kernel *k)
{
	return (struct kdouble *)k->priv;
}

static int kd_probe(struct msa_kernel *k, struct msa_kcaps *caps)
{
	*caps = kd_of(k)->caps;
	return 0;
}

static int kd_spi_alloc(struct msa_kernel *k, const struct msa_ip *src,
			const struct msa_ip *dst, uint32_t reqid, uint32_t cpu,
			uint32_t *spi)
{
	struct kdouble *d = kd_of(k);

	if (d->n_larval >= KD_MAX)
		return -ENOSPC;
	*spi = d->next_spi++;
	d->larval[d->n_larval++] = *spi;
	return 0;
}

static int kd_find(struct kdouble *d, uint32_t spi, uint8_t dir)
{
	for (int i = 0; i < d->n_sa; i++)
		if (d->sa[i].spi == spi && d->sa[i].dir == dir)
			return i;
	return -1;
}

static void kd_larval_drop(struct kdouble *d, uint32_t spi)
{
	for (int i = 0; i < d->n_larval; i++)
		if (d->larval[i] == spi) {
			d->larval[i] = d->larval[--d->n_larval];
			return;
		}
}

static int kd_sa_add(struct msa_kernel *k, const struct msa_ksa *sa)
{
	struct kdouble *d = kd_of(k);

	if (d->fail_next_add) {
		d->fail_next_add = 0;
		return -EIO;
	}
	if (kd_find(d, sa->spi, sa->dir) >= 0)
		return -EEXIST;
	if (d->n_sa >= KD_MAX)
		return -ENOSPC;
	if (sa->dir == MSA_KDIR_IN)
		kd_larval_drop(d, sa->spi);
	d->sa[d->n_sa++] = *sa;
	d->adds++;
	return 0;
}

static int kd_sa_del(struct msa_kernel *k, const struct msa_ip *dst,
		     uint32_t spi, uint8_t dir)
{
	struct kdouble *d = kd_of(k);
	int i = kd_find(d, spi, dir);

	if (d->fail_next_del && i >= 0) {	/* the SA stays */
		d->fail_next_del = 0;
		return -EIO;
	}
	kd_larval_drop(d, spi);
	if (i < 0)
		return -ENOENT;
	d->sa[i] = d->sa[--d->n_sa];
	d->dels++;
	return 0;
}

static int kd_sa_stats(struct msa_kernel *k, const struct msa_ip *dst,
		       uint32_t spi, struct msa_kstats *st)
{
	memset(st, 0, sizeof(*st));
	return 0;
}

static int kd_pol_find(struct kdouble *d, const struct msa_kpolicy *p)
{
	for (int i = 0; i < d->n_pol; i++)
		if (d->pol[i].dir == p->dir &&
		    !memcmp(&d->pol[i].src, &p->src, sizeof(p->src)) &&
		    !memcmp(&d->pol[i].dst, &p->dst, sizeof(p->dst)))
			return i;
	return -1;
}

static int kd_policy_add(struct msa_kernel *k, const struct msa_kpolicy *p)
{
	struct kdouble *d = kd_of(k);
	int i = kd_pol_find(d, p);

	if (i >= 0) {
		d->pol[i] = *p;
		return 0;
	}
	if (d->n_pol >= KD_MAX)
		return -ENOSPC;
	d->pol[d->n_pol++] = *p;
	return 0;
}

static int kd_policy_del(struct msa_kernel *k, const struct msa_kpolicy *p)
{
	struct kdouble *d = kd_of(k);
	int i = kd_pol_find(d, p);

	if (i < 0)
		return -ENOENT;
	d->pol[i] = d->pol[--d->n_pol];
	return 0;
}

static int kd_event_fd(struct msa_kernel *k)
{
	return -1;
}

static int kd_event_read(struct msa_kernel *k, struct msa_kevent *ev, int max)
{
	return 0;
}

static int kd_flush(struct msa_kernel *k)
{
	struct kdouble *d = kd_of(k);

	d->n_sa = d->n_pol = d->n_larval = 0;
	return 0;
}

static int kd_steer_cpu(struct msa_kernel *k, const struct msa_ip *dst,
			uint32_t spi, uint32_t cpu)
{
	struct kdouble *d = kd_of(k);
	int i;

	if (kd_find(d, spi, MSA_KDIR_IN) < 0)
		return -ENOENT;
	for (i = 0; i < d->n_moved && d->moved[i].spi != spi; i++)
		;
	if (i == KD_MAX)
		return -ENOSPC;
	d->moved[i].spi = spi;
	d->moved[i].cpu = cpu;
	if (i == d->n_moved)
		d->n_moved++;
	return 0;
}

static void kd_close(struct msa_kernel *k)
{
}

static const struct msa_kernel_ops kd_ops = {
	.probe = kd_probe, .spi_alloc = kd_spi_alloc, .sa_add = kd_sa_add,
	.sa_del = kd_sa_del, .sa_stats = kd_sa_stats, .steer_cpu = kd_steer_cpu,
	.policy_add = kd_policy_add, .policy_del = kd_policy_del,
	.event_fd = kd_event_fd, .event_read = kd_event_read,
	.flush_owned = kd_flush, .close = kd_close,
};

static inline void kd_init(struct kdouble *d, uint32_t spi_base,
			   uint32_t ncpus)
{
	memset(d, 0, sizeof(*d));
	d->k.ops = &kd_ops;
	d->k.priv = d;
	d->next_spi = spi_base;
	d->caps.esp = true;
	d->caps.pcpu = true;
	d->caps.ncpus = ncpus;
	d->caps.sa_ids = 4096;	/* what the maps held before max-sas */
}

/* The SA with this SPI and direction, or NULL. */
static inline const struct msa_ksa *kd_sa(struct kdouble *d, uint32_t spi,
					  uint8_t dir)
{
	int i = kd_find(d, spi, dir);

	return i < 0 ? NULL : &d->sa[i];
}

/* Where an inbound SA's ESP is steered: its CPU, unless it was moved. */
static inline uint32_t kd_steered_to(struct kdouble *d, uint32_t spi)
{
	const struct msa_ksa *sa = kd_sa(d, spi, MSA_KDIR_IN);

	for (int i = 0; i < d->n_moved; i++)
		if (d->moved[i].spi == spi)
			return d->moved[i].cpu;
	return sa ? sa->cpu : MSA_KCPU_NONE;
}

static inline int kd_count(const struct kdouble *d, uint8_t dir)
{
	int n = 0;

	for (int i = 0; i < d->n_sa; i++)
		n += d->sa[i].dir == dir;
	return n;
}

#endif /* TEST_KDOUBLE_H */
