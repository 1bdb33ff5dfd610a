// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SA maps sized at load (max-sas, user/dp/dp_sizes.c), on the real
 * BPF programs through BPF_PROG_TEST_RUN:
 *  - max-sas 1000: 1000 SA ids, 1000 entries each way, 2048 slots; the
 *    programs use the 2048-slot mask (an SPI above it still steers);
 *  - an id past the maps is refused; a full map says E2BIG;
 *  - a second load asking for another size is refused (the pinned maps
 *    keep theirs), one asking for none adopts them;
 *  - many SPIs on few slots, added and deleted in any order, keep
 *    steering right (no slot claims an entry that is gone), and a slot
 *    emptied is empty again: a lone SPI there is back on the fast path.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include "dp/dp.h"
#include "pkt.h"

#define N 1000

static char root[64];
static struct msa_dp_progs progs;
static struct msa_dp *dp;

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/sys/fs/bpf/multisa-sizes-%d", getpid());
	if (msa_dp_load_opts(root, &(struct msa_load_opts){ .max_sas = N, .xdp_meta = true }, &progs) || msa_dp_open(root, &dp))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	msa_dp_close(dp);
	msa_dp_unload(&progs);
	msa_dp_unpin(root);
	return 0;
}

/* The CPU XDP steered the SPI's packet to, or -1 (no metadata: a miss). */
static int steered(uint32_t spi)
{
	struct pkt_spec s = { .l4 = PKT_ESP, .spi = spi, .esp_len = 8 };
	struct xdp_md in = { 0 }, out = { 0 };
	uint8_t buf[2048];
	struct pkt p;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_out = buf,
		    .data_size_out = sizeof(buf), .ctx_in = &in,
		    .ctx_size_in = sizeof(in), .ctx_out = &out,
		    .ctx_size_out = sizeof(out));

	pkt_build(&p, &s);
	in.data_end = p.len;
	o.data_in = p.b;
	o.data_size_in = p.len;
	assert_int_equal(bpf_prog_test_run_opts(progs.xdp_fd, &o), 0);
	if (out.data != sizeof(struct msa_meta))
		return -1;
	return (int)((struct msa_meta *)buf)->cpu;
}

static int add(enum msa_dir dir, uint32_t spi, uint32_t id, uint32_t cpu)
{
	struct msa_sa_key k;
	struct msa_sa_val v = { .sa_id = id, .cpu = cpu };

	assert_int_equal(msa_sa_key_make(&k, spi, NULL), 0);
	return msa_dp_sa_add(dp, dir, &k, &v);
}

static int del(enum msa_dir dir, uint32_t spi)
{
	struct msa_sa_key k;

	assert_int_equal(msa_sa_key_make(&k, spi, NULL), 0);
	return msa_dp_sa_del(dp, dir, &k);
}

static void test_sizes(void **state)
{
	const struct msa_dp_sizes *sz = msa_dp_sizes(dp);

	(void)state;
	assert_int_equal(sz->sa_ids, N);
	assert_int_equal(sz->steer, N);
	assert_int_equal(sz->txsa, N);
	assert_int_equal(sz->slots, 2048);
	assert_int_equal(add(MSA_DIR_IN, 0x12345, N - 1, 1), 0);
	assert_int_equal(steered(0x12345), 1);	/* slot 0x345 of 2048 */
	assert_int_equal(steered(0x345), -1);
	assert_int_equal(add(MSA_DIR_IN, 0x54321, N, 1), -ERANGE);
	assert_int_equal(del(MSA_DIR_IN, 0x12345), 0);
}

static void test_full(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < N; i++)
		assert_int_equal(add(MSA_DIR_OUT, 0x1000 + i, 1 + i % (N - 1),
				     0), 0);
	assert_int_equal(add(MSA_DIR_OUT, 0x9999, 1, 0), -E2BIG);
	for (uint32_t i = 0; i < N; i++)
		assert_int_equal(del(MSA_DIR_OUT, 0x1000 + i), 0);
}

static void test_pinned_keep_size(void **state)
{
	struct msa_dp_sizes sz;

	(void)state;
	assert_int_equal(msa_dp_sizes_resolve(root, 2000, &sz), -EEXIST);
	assert_int_equal(msa_dp_sizes_resolve(root, N, &sz), 0);
	assert_int_equal(msa_dp_sizes_resolve(root, 0, &sz), 0);
	assert_int_equal(sz.sa_ids, N);
	assert_int_equal(sz.slots, 2048);
	assert_int_equal(msa_dp_sizes_for(MSA_MAX_SAS_MIN - 1, &sz), -ERANGE);
	assert_int_equal(msa_dp_sizes_for(0, &sz), 0);
	assert_int_equal(sz.sa_ids, MSA_MAX_SAS_DEFAULT);
}

/* The slot of spi as the programs read it. */
static struct msa_steer_slot slot_of(uint32_t spi)
{
	char path[128];
	struct msa_steer_slot s;
	uint32_t i = spi & (msa_dp_sizes(dp)->slots - 1);
	int fd;

	snprintf(path, sizeof(path), "%s/msa_steer_fast", root);
	fd = bpf_obj_get(path);
	assert_true(fd >= 0);
	assert_int_equal(bpf_map_lookup_elem(fd, &i, &s), 0);
	close(fd);
	return s;
}

/* 4 SPIs on each of 8 slots, deleted in an order unlike the adds: every
 * SPI left steers to its CPU, every one gone misses; the slots end empty
 * and a lone SPI added again is on the fast path (count 1). */
static void test_shared_slots(void **state)
{
	uint32_t spi[32];
	bool live[32];

	(void)state;
	for (int i = 0; i < 32; i++) {
		spi[i] = (uint32_t)(i / 4 + 1) << 10 | (uint32_t)(i % 4);
		assert_int_equal(add(MSA_DIR_IN, spi[i], 1 + i, i % 2), 0);
		live[i] = true;
	}
	for (int round = 0; round < 32; round++) {
		int j = (round * 13 + 5) % 32;

		assert_int_equal(del(MSA_DIR_IN, spi[j]), 0);
		live[j] = false;
		for (int i = 0; i < 32; i++)
			assert_int_equal(steered(spi[i]), live[i] ? i % 2 : -1);
	}
	for (int i = 0; i < 8; i++) {	/* all 8 slots used */
		struct msa_steer_slot s = slot_of(spi[i]);

		assert_int_equal(s.count, 0);
		assert_int_equal(s.entries, 0);
	}
	assert_int_equal(add(MSA_DIR_IN, spi[1], 1, 1), 0);
	assert_int_equal(slot_of(spi[1]).count, 1);
	assert_int_equal(slot_of(spi[1]).entries, 1);
	assert_int_equal(add(MSA_DIR_IN, spi[9], 2, 0), 0);	/* same slot */
	assert_int_equal(slot_of(spi[1]).count, 2);
	assert_int_equal(del(MSA_DIR_IN, spi[9]), 0);
	assert_int_equal(slot_of(spi[1]).count, 2);	/* ask the hash */
	assert_int_equal(slot_of(spi[1]).entries, 1);
	assert_int_equal(steered(spi[1]), 1);
	assert_int_equal(del(MSA_DIR_IN, spi[1]), 0);
	assert_int_equal(slot_of(spi[1]).count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_pinned_keep_size),
		cmocka_unit_test(test_shared_slots),
	};
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	return cmocka_run_group_tests_name("dp_sizes", tests, setup, teardown);
}
