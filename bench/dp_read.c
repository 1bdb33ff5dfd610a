// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What reading the datapath's counters costs with many SAs installed: the
 * read behind every metrics scrape and `multisactl stats`
 * (msa_dp_counters_read: the global counters, and the verdicts derived
 * from every inbound SA's per-CPU cells). Real maps, loaded under a pin
 * root of its own; no packets. Usage: dp_read [ROUNDS [N ...]]
 * Prints, per N installed inbound SAs, the median time of one read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "dp/dp.h"

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double ms_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char root[64];

static void fail(const char *what)
{
	fprintf(stderr, "dp_read: %s\n", what);
	msa_dp_unpin(root);
	exit(1);
}

/* n inbound SAs, ids 1..n, spread over the CPUs (every fifth the
 * fallback), SPIs from a xorshift so they spread like the kernel's (an
 * SPI twice is tried again; a map that refuses more ends the run). */
static void add_sas(struct msa_dp *dp, uint32_t n, int ncpus)
{
	uint32_t x = 2463534242u, tries = 0;

	for (uint32_t i = 0; i < n; ) {
		struct msa_sa_key k;
		struct msa_sa_val v = {
			.sa_id = 1 + i,
			.cpu = i % 5 ? i % (uint32_t)ncpus : MSA_CPU_ANY,
		};

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (msa_sa_key_make(&k, x, "192.0.2.1"))
			fail("key");
		if (!msa_dp_sa_add(dp, MSA_DIR_IN, &k, &v))
			i++;
		else if (++tries > n)
			fail("the map refuses SAs");
	}
}

static void run(int rounds, uint32_t n)
{
	struct msa_dp_progs progs;
	struct msa_dp *dp;
	int ncpus = msa_dp_ncpus();
	uint64_t *out = calloc((size_t)ncpus * MSA_CTR_MAX, sizeof(*out));
	double *t = calloc(rounds, sizeof(*t));

	snprintf(root, sizeof(root), "/sys/fs/bpf/multisa-bench-%d", getpid());
	if (!out || !t ||
	    msa_dp_load_opts(root, &(struct msa_load_opts){ .max_sas = n + 64 },
			     &progs) || msa_dp_open(root, &dp))
		fail("cannot load the datapath (root, BPF)");
	add_sas(dp, n, ncpus);
	for (int r = 0; r < rounds; r++) {
		double t0 = ms_now();

		if (msa_dp_counters_read(dp, out, ncpus))
			fail("counters read");
		t[r] = ms_now() - t0;
	}
	qsort(t, rounds, sizeof(*t), cmp_dbl);
	printf("%8u SAs, %d CPUs: %9.2f ms per read (median of %d)\n", n,
	       ncpus, t[rounds / 2], rounds);
	msa_dp_close(dp);
	msa_dp_unload(&progs);
	msa_dp_unpin(root);
	free(out);
	free(t);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 11;

	if (rounds < 1) {
		fprintf(stderr, "usage: dp_read [ROUNDS >= 1 [N ...]]\n");
		return 2;
	}

	printf("Reading the datapath counters (msa_dp_counters_read)\n");
	if (argc < 3) {
		run(rounds, 1000);
		run(rounds, 65000);
	}
	for (int i = 2; i < argc; i++)
		run(rounds, (uint32_t)strtoul(argv[i], NULL, 0));
	return 0;
}
