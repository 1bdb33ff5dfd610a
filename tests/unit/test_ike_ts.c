// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE selector ranges as XFRM selectors (ike/ts_split.c): hand vectors for
 * the blocks, and an exhaustive check that the blocks of port ranges (and
 * of IPv4 ranges within a /22) cover exactly the range, disjointly.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts/ts.h"

static struct ike_ts ts4(const char *lo, const char *hi, uint16_t p0,
			 uint16_t p1)
{
	struct ike_ts t = { .type = IKE_TS_IPV4_ADDR_RANGE, .start_port = p0,
			    .end_port = p1, .ip_proto = 6 };

	inet_pton(AF_INET, lo, t.start);
	inet_pton(AF_INET, hi, t.end);
	return t;
}

static void expect_block(const struct msa_ksel *k, const char *addr,
			 unsigned plen)
{
	char got[INET6_ADDRSTRLEN];

	inet_ntop(k->addr.family, k->addr.addr, got, sizeof(got));
	assert_string_equal(got, addr);
	assert_int_equal(k->prefixlen, plen);
}

/* 10.0.0.1-10.0.0.9: .1/32, .2/31, .4/30, .8/31 */
static void test_addr_range(void **state)
{
	struct ike_ts t = ts4("10.0.0.1", "10.0.0.9", 0, 0xffff);
	struct msa_ksel k[TS_SPLIT_MAX];

	(void)state;
	assert_int_equal(ts_to_ksels(&t, k, TS_SPLIT_MAX), 4);
	expect_block(&k[0], "10.0.0.1", 32);
	expect_block(&k[1], "10.0.0.2", 31);
	expect_block(&k[2], "10.0.0.4", 30);
	expect_block(&k[3], "10.0.0.8", 31);
	assert_int_equal(k[0].port_mask, 0);	/* all ports: any */
	assert_int_equal(k[0].port, 0);
	assert_int_equal(k[0].proto, 6);
}

static void test_prefixes(void **state)
{
	struct ike_ts t = ts4("10.1.0.0", "10.1.255.255", 443, 443);
	struct ike_ts all = ts4("0.0.0.0", "255.255.255.255", 0, 0xffff);
	struct ike_ts v6 = { .type = IKE_TS_IPV6_ADDR_RANGE, .end_port = 0xffff };
	struct msa_ksel k[TS_SPLIT_MAX];

	(void)state;
	assert_int_equal(ts_to_ksels(&t, k, TS_SPLIT_MAX), 1);
	expect_block(&k[0], "10.1.0.0", 16);
	assert_int_equal(k[0].port, 443);
	assert_int_equal(k[0].port_mask, 0xffff);
	assert_int_equal(ts_to_ksels(&all, k, TS_SPLIT_MAX), 1);
	expect_block(&k[0], "0.0.0.0", 0);
	memset(v6.end, 0xff, 16);		/* ::/0 */
	assert_int_equal(ts_to_ksels(&v6, k, TS_SPLIT_MAX), 1);
	expect_block(&k[0], "::", 0);
	inet_pton(AF_INET6, "2001:db8::", v6.start);
	inet_pton(AF_INET6, "2001:db8::ffff:ffff:ffff:ffff", v6.end);
	assert_int_equal(ts_to_ksels(&v6, k, TS_SPLIT_MAX), 1);
	expect_block(&k[0], "2001:db8::", 64);
	inet_pton(AF_INET6, "2001:db8::1", v6.start);
	inet_pton(AF_INET6, "2001:db8::2", v6.end);
	assert_int_equal(ts_to_ksels(&v6, k, TS_SPLIT_MAX), 2);
	expect_block(&k[0], "2001:db8::1", 128);
	expect_block(&k[1], "2001:db8::2", 128);
}

/* Too many blocks, an empty range, and counting without out. */
static void test_limits(void **state)
{
	struct ike_ts t = ts4("0.0.0.1", "255.255.255.254", 1, 65534);
	struct ike_ts empty = ts4("10.0.0.9", "10.0.0.1", 0, 0xffff);
	struct ike_ts ports = ts4("10.0.0.0", "10.0.0.0", 1000, 2000);

	(void)state;
	assert_int_equal(ts_to_ksels(&t, NULL, TS_SPLIT_MAX), -E2BIG);
	assert_int_equal(ts_to_ksels(&empty, NULL, TS_SPLIT_MAX), -EINVAL);
	/* 1000-1007, -1023, -1535, -1791, -1919, -1983, -1999, 2000 */
	assert_int_equal(ts_to_ksels(&ports, NULL, TS_SPLIT_MAX), 8);
	assert_int_equal(ts_to_ksels(&ports, NULL, 7), -E2BIG);
}

/* Narrowing drops an intersection XFRM could not hold: a peer's
 * 0.0.0.1-255.255.255.254[tcp/1-65534] against our 0.0.0.0/0 leaves
 * nothing (TS_UNACCEPTABLE); next to a plain /24 only the /24 stays. */
static void test_narrow_drops_unholdable(void **state)
{
	struct ike_ts_set peer = { .n_ts = 1 }, ours = { .n_ts = 1 }, out;

	(void)state;
	peer.ts[0] = ts4("0.0.0.1", "255.255.255.254", 1, 65534);
	ours.ts[0] = ts4("0.0.0.0", "255.255.255.255", 0, 0xffff);
	ours.ts[0].ip_proto = 0;
	assert_int_equal(ts_narrow(&peer, &ours, &out), -ENOENT);
	peer.ts[1] = ts4("10.9.9.0", "10.9.9.255", 0, 0xffff);
	peer.n_ts = 2;
	assert_int_equal(ts_narrow(&peer, &ours, &out), 0);
	assert_int_equal(out.n_ts, 1);
	assert_int_equal(out.ts[0].start[2], 9);
}

/*
 * Reduction: a selector inside another of the list goes (a packet
 * selector put first, as strongSwan does), one of two equal ones goes
 * (the later), selectors that only overlap both stay, the order is kept.
 */
static void test_reduce(void **state)
{
	struct ike_ts_set s = { .n_ts = 5 }, peer = { .n_ts = 2 };
	struct ike_ts_set ours = { .n_ts = 1 }, out;

	(void)state;
	s.ts[0] = ts4("10.1.0.1", "10.1.0.1", 2048, 2048);	/* packet */
	s.ts[1] = ts4("10.1.0.0", "10.1.255.255", 0, 0xffff);
	s.ts[2] = ts4("10.2.0.0", "10.2.0.255", 0, 0xffff);
	s.ts[3] = ts4("10.1.0.0", "10.1.255.255", 0, 0xffff);	/* = [1] */
	s.ts[4] = ts4("10.2.0.128", "10.3.0.0", 0, 0xffff);	/* overlaps */
	ts_set_reduce(&s);
	assert_int_equal(s.n_ts, 3);
	assert_int_equal(s.ts[0].start[1], 1);
	assert_int_equal(s.ts[0].end[1], 1);
	assert_int_equal(s.ts[1].start[1], 2);
	assert_int_equal(s.ts[2].start[3], 128);
	/* any protocol covers a protocol; not the other way round */
	s.n_ts = 2;
	s.ts[0] = ts4("10.1.0.0", "10.1.255.255", 0, 0xffff);
	s.ts[1] = s.ts[0];
	s.ts[1].ip_proto = 0;
	ts_set_reduce(&s);
	assert_int_equal(s.n_ts, 1);
	assert_int_equal(s.ts[0].ip_proto, 0);
	/* narrowing reduces: the packet selector inside the range goes */
	peer.ts[0] = ts4("10.1.0.1", "10.1.0.1", 0, 0xffff);
	peer.ts[0].ip_proto = 1;
	peer.ts[1] = ts4("10.1.0.0", "10.1.255.255", 0, 0xffff);
	peer.ts[1].ip_proto = 0;
	ours.ts[0] = peer.ts[1];
	assert_int_equal(ts_narrow(&peer, &ours, &out), 0);
	assert_int_equal(out.n_ts, 1);
	assert_int_equal(out.ts[0].ip_proto, 0);
	assert_int_equal(out.ts[0].end[2], 255);
}

/* Is v covered by exactly one of the n port blocks? */
static int port_hits(const struct msa_ksel *k, int n, uint32_t v)
{
	int hits = 0;

	for (int i = 0; i < n; i++) {
		uint16_t m = k[i].port_mask ? k[i].port_mask :
			     k[i].port ? 0xffff : 0;

		hits += ((v & m) == k[i].port);
	}
	return hits;
}

/* Every port range with ends on a coarse grid: exact, disjoint cover. */
static void test_port_cover(void **state)
{
	struct msa_ksel k[TS_SPLIT_MAX];

	(void)state;
	for (uint32_t lo = 0; lo < 65536; lo += 4093)
		for (uint32_t hi = lo; hi < 65536; hi += 6151) {
			struct ike_ts t = ts4("10.0.0.0", "10.0.0.0",
					      (uint16_t)lo, (uint16_t)hi);
			int n = ts_to_ksels(&t, k, TS_SPLIT_MAX);

			assert_true(n > 0 && n <= 30);
			for (uint32_t v = 0; v < 65536; v += 7)
				assert_int_equal(port_hits(k, n, v),
						 v >= lo && v <= hi);
			assert_int_equal(port_hits(k, n, lo), 1);
			assert_int_equal(port_hits(k, n, hi), 1);
		}
}

/* Every IPv4 range within 10.0.0.0/22 (ends on a grid): exact cover. */
static void test_addr_cover(void **state)
{
	struct msa_ksel k[TS_SPLIT_MAX];

	(void)state;
	for (uint32_t lo = 0; lo < 1024; lo += 13)
		for (uint32_t hi = lo; hi < 1024; hi += 29) {
			char a[16], b[16];
			struct ike_ts t;
			int n;

			snprintf(a, sizeof(a), "10.0.%u.%u", lo >> 8, lo & 255);
			snprintf(b, sizeof(b), "10.0.%u.%u", hi >> 8, hi & 255);
			t = ts4(a, b, 0, 0xffff);
			n = ts_to_ksels(&t, k, TS_SPLIT_MAX);
			assert_true(n > 0 && n <= 18);
			for (uint32_t v = 0; v < 1024; v++) {
				int hits = 0;

				for (int i = 0; i < n; i++) {
					uint32_t base = (uint32_t)k[i].addr.addr[2] << 8 |
							k[i].addr.addr[3];
					uint32_t size = 1u << (32 - k[i].prefixlen);

					hits += v >= base && v < base + size;
				}
				assert_int_equal(hits, v >= lo && v <= hi);
			}
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_range),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_narrow_drops_unholdable),
		cmocka_unit_test(test_reduce),
		cmocka_unit_test(test_port_cover),
		cmocka_unit_test(test_addr_cover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
