/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks the exchange tests share; include after <cmocka.h>. */
#ifndef TEST_IKE_PAIR_CHECK_H
#define TEST_IKE_PAIR_CHECK_H

#include "ike_pair.h"

/* Every outbound SA of one side is an inbound SA of the other with the
 * same keys and transforms; returns the number of such pairs. */
static inline int sas_agree(struct pair *p)
{
	int pairs = 0;

	for (int s = 0; s < 2; s++)
		for (int i = 0; i < p->kd[s].n_sa; i++) {
			const struct msa_ksa *o = &p->kd[s].sa[i], *in;

			if (o->dir != MSA_KDIR_OUT)
				continue;
			in = kd_sa(&p->kd[!s], o->spi, MSA_KDIR_IN);
			assert_non_null(in);
			assert_int_equal(in->encr, o->encr);
			assert_int_equal(in->encr_key_len, o->encr_key_len);
			assert_memory_equal(in->encr_key, o->encr_key,
					    o->encr_key_len);
			assert_int_equal(in->reqid, o->reqid);
			assert_int_equal(in->cpu == MSA_KCPU_NONE,
					 o->cpu == MSA_KCPU_NONE);
			pairs++;
		}
	return pairs;
}

static inline int teardown(void **state)
{
	struct pair *p = *state;

	pair_free(p);
	free(p);
	return 0;
}

/* A up, messages delivered: both ends have an established IKE SA. */
static inline void establish(struct pair *p)
{
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
}

/*
 * B's load moves around cookie_threshold: B asks A's first IKE_SA_INIT
 * for a cookie, then answers a retransmitted copy of it (changed by an
 * attacker when forge) without one, and A's retry with the cookie comes
 * second; with lose_retry that retry is lost on its way to B. Left with
 * the rest (B's answer to the copy) queued.
 */
static inline void cookie_cross(struct pair *p, bool forge, bool lose_retry)
{
	struct dgram init1;

	p->cfg[1].global.cookie_threshold = 0;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	assert_int_equal(p->nq, 1);
	init1 = p->q[0];			/* A's first IKE_SA_INIT */
	if (forge)
		init1.buf[init1.len - 1] ^= 0x01;
	pair_pump_n(p, 1);			/* B: N(COOKIE) */
	p->cfg[1].global.cookie_threshold = 100; /* B's load went down */
	p->q[p->nq++] = init1;			/* the retransmission */
	pair_pump_n(p, 2);	/* A retries with the cookie; B answers the copy */
	if (!lose_retry)
		return;
	assert_int_equal(p->nq, 2);
	assert_int_equal(p->q[0].to, 1);	/* A's retry: lost */
	p->q[0] = p->q[1];
	p->nq = 1;
}

#endif /* TEST_IKE_PAIR_CHECK_H */
