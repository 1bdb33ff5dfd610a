// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ns per packet of the steering XDP program (BPF_PROG_TEST_RUN, repeat),
 * side by side with a bare XDP_PASS program in the same run, interleaved
 * over ROUNDS rounds; prints medians and the ratio (target: <= 1.3).
 * First with the defaults (xdp-meta off), then with xdp-meta on (the
 * metadata write's cost); with INSTALLED counts, once more per count: that many other inbound SAs
 * installed first (maps sized max(default, INSTALLED + 64)), to show the
 * cost does not grow with the maps; "shared slot" is an SA whose SPI
 * shares its steering slot with another (the hash lookup behind it).
 *   xdp_cost [ROUNDS] [REPEAT] [INSTALLED ...]
 */
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "dp/dp.h"
#include "pkt.h"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#include "xdp_pass.skel.h"
#pragma GCC diagnostic pop

static double run_ns(int fd, const struct pkt *p, unsigned int repeat)
{
	unsigned char out[4096];
	struct xdp_md ctx = { .data_end = p->len };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p->b, .data_size_in = p->len,
		    .data_out = out, .data_size_out = sizeof(out),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);

	if (bpf_prog_test_run_opts(fd, &o)) {
		perror("bpf_prog_test_run");
		exit(1);
	}
	return o.duration; /* the kernel's mean ns per run */
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct bench_case {
	const char *name;
	struct pkt_spec s;
};

static const struct bench_case cases[] = {
	{ "ipv4 esp, steered to cpu 1", { .l4 = PKT_ESP, .spi = 0x100, .esp_len = 1400 } },
	{ "ipv4 esp-in-udp, steered", { .l4 = PKT_UDP, .spi = 0x100, .esp_len = 1400 } },
	{ "ipv6 esp, steered", { .v6 = 1, .l4 = PKT_ESP, .spi = 0x200, .esp_len = 1400 } },
	{ "ipv4 esp, unknown spi", { .l4 = PKT_ESP, .spi = 0x999, .esp_len = 1400 } },
	{ "ipv4 esp, shared slot", { .l4 = PKT_ESP, .spi = 0x300, .esp_len = 1400 } },
	{ "ipv4 tcp (not ipsec)", { .l4 = PKT_TCP, .esp_len = 1400 } },
};

static void add(struct msa_dp *dp, uint32_t spi, const char *dst, uint32_t id)
{
	struct msa_sa_key k;
	struct msa_sa_val v = { .sa_id = id, .cpu = 1 };

	if (msa_sa_key_make(&k, spi, dst) || msa_dp_sa_add(dp, MSA_DIR_IN, &k, &v))
		exit(1);
}

/* n other SAs, SPIs spread like the kernel's random ones, none on the
 * slots of the cases' SPIs. */
static void add_others(struct msa_dp *dp, uint32_t n)
{
	uint32_t mask = msa_dp_sizes(dp)->slots - 1, x = 2463534242u;

	for (uint32_t i = 0; i < n; ) {
		x ^= x << 13;	/* xorshift32: no value twice in 2^32 - 1 */
		x ^= x >> 17;
		x ^= x << 5;
		uint32_t spi = x;
		uint32_t slot = spi & mask;

		if (spi < 0x1000 || slot == 0x100 || slot == 0x200 || slot == 0x300 ||
		    slot == 0x999)
			continue;
		struct msa_sa_key k;
		struct msa_sa_val v = { .sa_id = 10 + i, .cpu = 1 };

		if (msa_sa_key_make(&k, spi, "192.0.2.1"))
			exit(1);
		if (msa_dp_sa_add(dp, MSA_DIR_IN, &k, &v))
			continue;	/* the same SPI twice */
		i++;
	}
}

static void run_config(int rounds, unsigned int repeat, uint32_t installed,
		       bool meta, struct xdp_pass_bpf *base, double *a,
		       double *b)
{
	uint32_t max_sas = installed + 64 > MSA_MAX_SAS_DEFAULT ?
			   installed + 64 : MSA_MAX_SAS_DEFAULT;
	struct msa_dp_progs progs;
	struct msa_dp *dp;
	char root[64];

	snprintf(root, sizeof(root), "/sys/fs/bpf/multisa-bench-%d", getpid());
	if (msa_dp_load_opts(root, &(struct msa_load_opts){ .max_sas = max_sas,
			     .xdp_meta = meta }, &progs) ||
	    msa_dp_open(root, &dp))
		exit(1);
	add(dp, 0x100, "192.0.2.1", 1);
	add(dp, 0x200, "2001:db8::1", 2);
	add(dp, 0x300, "192.0.2.1", 3);
	add(dp, 0x300 + msa_dp_sizes(dp)->slots, "192.0.2.1", 4);
	add_others(dp, installed);
	printf("\n%u other SAs installed, maps for %u SAs (%u slots), "
	       "xdp-meta %s\n", installed, max_sas, msa_dp_sizes(dp)->slots,
	       meta ? "on" : "off");
	printf("%-30s %10s %10s %8s\n", "case", "msa_xdp", "xdp_pass", "ratio");
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct pkt p;

		pkt_build(&p, &cases[c].s);
		for (int r = 0; r < rounds; r++) {
			a[r] = run_ns(progs.xdp_fd, &p, repeat);
			b[r] = run_ns(bpf_program__fd(base->progs.msa_xdp_pass), &p, repeat);
		}
		double ma = median(a, rounds), mb = median(b, rounds);
		printf("%-30s %10.1f %10.1f %8.2f\n", cases[c].name, ma, mb, ma / mb);
	}
	msa_dp_close(dp);
	msa_dp_unload(&progs);
	msa_dp_unpin(root);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 15;
	unsigned int repeat = argc > 2 ? atoi(argv[2]) : 200000;
	struct xdp_pass_bpf *base;
	cpu_set_t set;
	double *a = calloc(rounds, sizeof(double)), *b = calloc(rounds, sizeof(double));

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	if (!a || !b || !(base = xdp_pass_bpf__open_and_load()))
		return 1;
	printf("XDP cost per packet, BPF_PROG_TEST_RUN, %d rounds x %u runs, "
	       "medians (ns)\n", rounds, repeat);
	run_config(rounds, repeat, 0, false, base, a, b);
	run_config(rounds, repeat, 0, true, base, a, b);
	for (int i = 3; i < argc; i++)
		run_config(rounds, repeat, (uint32_t)strtoul(argv[i], NULL, 0),
			   false, base, a, b);
	xdp_pass_bpf__destroy(base);
	free(a);
	free(b);
	return 0;
}
