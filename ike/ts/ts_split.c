// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A traffic selector as XFRM selectors. IKE selectors are ranges (RFC 7296
 * 3.13.1): addresses start-end and ports start-end. An XFRM selector is a
 * prefix and a port under a mask. So a range becomes the fewest aligned
 * blocks that cover it exactly: 10.0.0.1-10.0.0.9 is .1/32, .2/31, .4/30,
 * .8/31; ports 1000-2000 are 1000/mask 0xfff8, 1008/0xfff0, ... One XFRM
 * policy per (address block, port block) pair, per side.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "ts.h"

typedef unsigned __int128 u128;

static u128 load(const uint8_t *p, size_t n)
{
	u128 v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static void store(u128 v, uint8_t *p, size_t n)
{
	for (size_t i = n; i-- > 0; v >>= 8)
		p[i] = (uint8_t)v;
}

static u128 ones(int width)
{
	return width == 128 ? ~(u128)0 : ((u128)1 << width) - 1;
}

/* [start, end] in aligned blocks of width-bit values: base and size (log2)
 * of each. The count, or -E2BIG past max. */
static int split(u128 start, u128 end, int width, u128 *base, int *bits,
		 int max)
{
	int n = 0;

	if (start > end)
		return -EINVAL;
	if (start == 0 && end == ones(width)) {	/* everything */
		base[0] = 0;
		bits[0] = width;
		return 1;
	}
	for (u128 cur = start;; n++) {
		int k = 0;
		u128 last;

		if (n == max)
			return -E2BIG;
		/* k + 1 < width: a block of the full width was handled above */
		while (k + 1 < width && !(cur & ones(k + 1)) &&
		       end - cur >= ones(k + 1))
			k++;
		base[n] = cur;
		bits[n] = k;
		last = cur + ones(k);
		if (last >= end)
			return n + 1;
		cur = last + 1;
	}
}

int ts_to_ksels(const struct ike_ts *t, struct msa_ksel *out, int max)
{
	bool v6 = t->type == IKE_TS_IPV6_ADDR_RANGE;
	size_t alen = v6 ? 16 : 4;
	int width = v6 ? 128 : 32;
	u128 abase[TS_SPLIT_MAX], pbase[TS_SPLIT_MAX];
	int abits[TS_SPLIT_MAX], pbits[TS_SPLIT_MAX];
	int na, np;

	if (max > TS_SPLIT_MAX)
		max = TS_SPLIT_MAX;
	na = split(load(t->start, alen), load(t->end, alen), width, abase,
		   abits, max);
	np = split(t->start_port, t->end_port, 16, pbase, pbits, max);
	if (na < 0 || np < 0)
		return na < 0 ? na : np;
	if (na * np > max)
		return -E2BIG;
	for (int i = 0; out && i < na; i++)
		for (int j = 0; j < np; j++) {
			struct msa_ksel *k = &out[i * np + j];

			memset(k, 0, sizeof(*k));
			k->addr.family = v6 ? AF_INET6 : AF_INET;
			store(abase[i], k->addr.addr, alen);
			k->prefixlen = (uint8_t)(width - abits[i]);
			k->proto = t->ip_proto;
			k->port = (uint16_t)pbase[j];
			/* all ports: port 0 mask 0; else the block's mask */
			k->port_mask = pbits[j] == 16 ? 0 :
				       (uint16_t)(0xffff << pbits[j]);
		}
	return na * np;
}
