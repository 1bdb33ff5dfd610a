// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl stats: per-SA per-CPU counters (which CPU XDP saw each SA's
 * packets on, which CPU processed them, which CPU sent on each outbound
 * SA), then the verdict and drop counters. Human tables or --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <unistd.h>
#include "ctl.h"
#include "ctl_ike.h"
#include "dp/dp.h"
#include "log/log.h"

struct stats_ctx {
	struct ctl *c;
	struct msa_dp *dp;
	int ncpus;
	enum msa_dir dir;
	struct msa_sa_ctrs *pc;  /* ncpus entries */
	json_t *sas;             /* --json: array of SAs */
	uint32_t n[2];           /* entries per direction */
};

static json_t *sa_cpu_json(int cpu, const struct msa_sa_ctrs *s)
{
	return json_pack("{s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "cpu", cpu,
		"xdp_pkts", (json_int_t)s->xdp_pkts, "xdp_bytes", (json_int_t)s->xdp_bytes,
		"rx_pkts", (json_int_t)s->rx_pkts, "rx_bytes", (json_int_t)s->rx_bytes,
		"rx_off_cpu", (json_int_t)s->rx_off_cpu,
		"tx_pkts", (json_int_t)s->tx_pkts, "tx_bytes", (json_int_t)s->tx_bytes,
		"tx_off_cpu", (json_int_t)s->tx_off_cpu);
}

static bool sa_cpu_zero(const struct msa_sa_ctrs *s)
{
	static const struct msa_sa_ctrs zero;

	return !memcmp(s, &zero, sizeof(zero));
}

static void sa_print_human(struct stats_ctx *x, const char *addr,
			   const struct msa_sa_key *k, const struct msa_sa_val *v)
{
	printf("SA %u  %s  spi 0x%08x  dst %s  cpu ", v->sa_id,
	       x->dir == MSA_DIR_IN ? "in " : "out", msa_sa_key_spi(k), addr);
	if (v->cpu == MSA_CPU_ANY)
		printf("any (fallback)\n");
	else
		printf("%u\n", v->cpu);
	printf("    %4s %12s %12s %12s %14s %12s %12s %14s\n", "cpu", "xdp_pkts",
	       "rx_pkts", "rx_off_cpu", "rx_bytes", "tx_pkts", "tx_off_cpu",
	       "tx_bytes");
	for (int cpu = 0; cpu < x->ncpus; cpu++) {
		const struct msa_sa_ctrs *s = &x->pc[cpu];

		if (sa_cpu_zero(s))
			continue;
		printf("    %4d %12llu %12llu %12llu %14llu %12llu %12llu %14llu\n",
		       cpu, (unsigned long long)s->xdp_pkts,
		       (unsigned long long)s->rx_pkts,
		       (unsigned long long)s->rx_off_cpu,
		       (unsigned long long)s->rx_bytes,
		       (unsigned long long)s->tx_pkts,
		       (unsigned long long)s->tx_off_cpu,
		       (unsigned long long)s->tx_bytes);
	}
}

static int sa_stats(const struct msa_sa_key *k, const struct msa_sa_val *v,
		    void *arg)
{
	struct stats_ctx *x = arg;
	char addr[64], spi[16];
	json_t *o, *pcs;
	int err = msa_dp_sa_stats_read(x->dp, v->sa_id, x->pc, x->ncpus);

	if (err)
		return err;
	x->n[x->dir]++;
	msa_sa_key_addr(k, addr, sizeof(addr));
	if (!x->sas) {
		sa_print_human(x, addr, k, v);
		return 0;
	}
	pcs = json_array();
	for (int cpu = 0; cpu < x->ncpus; cpu++)
		json_array_append_new(pcs, sa_cpu_json(cpu, &x->pc[cpu]));
	snprintf(spi, sizeof(spi), "0x%08x", msa_sa_key_spi(k));
	o = json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)v->sa_id,
		      "dir", x->dir == MSA_DIR_IN ? "in" : "out",
		      "spi", spi, "dst", addr, "per_cpu", pcs);
	json_object_set_new(o, "cpu", v->cpu == MSA_CPU_ANY ? json_null()
							    : json_integer(v->cpu));
	json_array_append_new(x->sas, o);
	return 0;
}

static void counters_human(const uint64_t *v, int ncpus)
{
	printf("\n%-20s %12s", "counter", "total");
	for (int cpu = 0; cpu < ncpus && cpu < 16; cpu++)
		printf(" %10s%-2d", "cpu", cpu);
	printf("  meaning\n");
	for (int c = 0; c < MSA_CTR_MAX; c++) {
		uint64_t tot = 0;

		for (int cpu = 0; cpu < ncpus; cpu++)
			tot += v[cpu * MSA_CTR_MAX + c];
		printf("%-20s %12llu", msa_ctr_name(c), (unsigned long long)tot);
		for (int cpu = 0; cpu < ncpus && cpu < 16; cpu++)
			printf(" %12llu", (unsigned long long)v[cpu * MSA_CTR_MAX + c]);
		printf("  %s\n", msa_ctr_help(c));
	}
}

static json_t *counters_json(const uint64_t *v, int ncpus)
{
	json_t *o = json_object();

	for (int c = 0; c < MSA_CTR_MAX; c++) {
		json_t *pc = json_array();
		uint64_t tot = 0;

		for (int cpu = 0; cpu < ncpus; cpu++) {
			tot += v[cpu * MSA_CTR_MAX + c];
			json_array_append_new(pc, json_integer(v[cpu * MSA_CTR_MAX + c]));
		}
		json_object_set_new(o, msa_ctr_name(c),
				    json_pack("{s:I,s:o}", "total", (json_int_t)tot,
					      "per_cpu", pc));
	}
	return o;
}

/* multisad's own counters ("stats" of its status: IKE messages, limits
 * hit), when it runs; NULL when it does not. */
static json_t *daemon_stats(const struct ctl *c)
{
	json_t *rep = NULL, *st;

	if (access(ctl_socket_path(c), F_OK) ||
	    ctl_request(c, json_pack("{s:s}", "cmd", "status"), &rep))
		return NULL;
	st = json_incref(json_object_get(rep, "stats"));
	json_decref(rep);
	return st;
}

static void daemon_human(json_t *st)
{
	const char *k;
	json_t *v, *lim = json_object_get(st, "limits_hit");

	printf("\nmultisad:");
	json_object_foreach(st, k, v)
		if (json_is_integer(v))
			printf(" %s %lld", k, (long long)json_integer_value(v));
	printf("\nmultisad limits hit:");
	json_object_foreach(lim, k, v)
		printf(" %s %lld", k, (long long)json_integer_value(v));
	putchar('\n');
}

/* How full the SA maps are, against the sizes attach gave them. */
static json_t *maps_json(const struct stats_ctx *x)
{
	const struct msa_dp_sizes *sz = msa_dp_sizes(x->dp);

	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "max_sas",
			 (json_int_t)sz->sa_ids, "inbound_entries",
			 (json_int_t)x->n[MSA_DIR_IN], "outbound_entries",
			 (json_int_t)x->n[MSA_DIR_OUT], "steering_slots",
			 (json_int_t)sz->slots, "bytes", (json_int_t)
			 msa_dp_sizes_bytes(sz, x->ncpus));
}

static void maps_human(const struct stats_ctx *x)
{
	const struct msa_dp_sizes *sz = msa_dp_sizes(x->dp);

	printf("\nmaps: %u of %u inbound and %u of %u outbound SA entries, "
	       "SA ids up to %u, %u steering slots; %llu KiB (attach's "
	       "max-sas sets them)\n", x->n[MSA_DIR_IN], sz->steer,
	       x->n[MSA_DIR_OUT], sz->txsa, sz->sa_ids - 1, sz->slots,
	       (unsigned long long)(msa_dp_sizes_bytes(sz, x->ncpus) >> 10));
}

static int print_all(struct stats_ctx *x)
{
	uint64_t *v = calloc((size_t)x->ncpus * MSA_CTR_MAX, sizeof(*v));
	int err = v ? 0 : -1;

	for (int d = MSA_DIR_IN; !err && d <= MSA_DIR_OUT; d++) {
		x->dir = (enum msa_dir)d;
		err = msa_dp_sa_foreach(x->dp, x->dir, sa_stats, x);
	}
	if (!err)
		err = msa_dp_counters_read(x->dp, v, x->ncpus);
	if (!err && x->sas) {
		json_t *root = json_pack("{s:i,s:O,s:o,s:o}", "ncpus", x->ncpus,
					 "sas", x->sas, "counters",
					 counters_json(v, x->ncpus), "maps",
					 maps_json(x));
		json_t *st = daemon_stats(x->c);

		if (st)
			json_object_set_new(root, "daemon", st);
		json_dumpf(root, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else if (!err) {
		json_t *st = daemon_stats(x->c);

		counters_human(v, x->ncpus);
		maps_human(x);
		if (st)
			daemon_human(st);
		json_decref(st);
	}
	free(v);
	return err;
}

/* No datapath (said on stderr): multisad's counters alone, if it runs. */
static int daemon_only(const struct ctl *c)
{
	json_t *st = daemon_stats(c);

	if (!st)
		return 1;
	if (c->json) {
		json_t *root = json_pack("{s:o}", "daemon", st);

		json_dumpf(root, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		daemon_human(st);
		json_decref(st);
	}
	return 0;
}

int ctl_stats(struct ctl *c, int argc, char **argv)
{
	struct stats_ctx x = { .c = c };
	int err;

	if (argc > 1 || (argc == 1 && strcmp(argv[0], "reset")))
		return ctl_usage_error("usage: stats [reset]");
	if (msa_dp_open(c->pin_root, &x.dp))
		return argc ? 1 : daemon_only(c);
	x.ncpus = msa_dp_ncpus();
	x.pc = calloc(x.ncpus, sizeof(*x.pc));
	x.sas = c->json ? json_array() : NULL;
	if (argc == 1)
		err = msa_dp_counters_reset(x.dp);
	else
		err = x.pc ? print_all(&x) : -1;
	if (err)
		msa_err("stats: %s", strerror(err < 0 ? -err : err));
	json_decref(x.sas);
	free(x.pc);
	msa_dp_close(x.dp);
	return err ? 1 : 0;
}
