/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Traffic selectors as sets of address/port ranges: narrowing (RFC 7296
 * 2.9), comparison, and the translation to XFRM selectors (prefixes and
 * port blocks). The configuration's selectors become these through
 * cfg_ts_to_set() (config/config.h).
 */
#ifndef IKE_TS_H
#define IKE_TS_H

#include "codec/msg.h"
#include "msa_kernel.h"

/*
 * Responder: the intersection of the peer's selectors with ours (each
 * pair that overlaps gives one, unless XFRM would need more than
 * TS_SPLIT_MAX selectors for it), reduced (ts_set_reduce). -ENOENT if
 * nothing is left.
 */
int ts_narrow(const struct ike_ts_set *peer, const struct ike_ts_set *ours,
	      struct ike_ts_set *out);
/* Drop every selector that another one of the set contains (RFC 7296
 * 2.9: the first may be the triggering packet's, inside the rest); of two
 * equal ones the first stays. The order of the rest is kept. */
void ts_set_reduce(struct ike_ts_set *s);
/* Initiator: is every selector the responder returned inside ours? */
bool ts_within(const struct ike_ts_set *got, const struct ike_ts_set *ours);
bool ts_set_equal(const struct ike_ts_set *a, const struct ike_ts_set *b);
/* ts_split.c: the XFRM selectors that cover t exactly (aligned address
 * and port blocks), at most max (<= TS_SPLIT_MAX) of them; out may be NULL
 * to count. The count, -E2BIG if more are needed, -EINVAL if empty. */
#define TS_SPLIT_MAX 64
/* and at most this many (local, remote) XFRM pairs per selector pair */
#define TS_PAIRS_MAX 256
int ts_to_ksels(const struct ike_ts *t, struct msa_ksel *out, int max);
/* "10.0.0.0/24[17/500]" style, for logs. */
void ts_format(const struct ike_ts *t, char *buf, size_t len);

#endif /* IKE_TS_H */
