// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE fragmentation (RFC 7383) between two daemon cores (ike_pair.h):
 * IKE_AUTH cut into many SKF fragments, lost, reordered and duplicated
 * fragments, the reassembly rules and limits, and the byte layout of a
 * fragment on the wire.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ike_pair_check.h"
#include "codec/msg.h"
#include "state/frag.h"
#include "state/sa.h"

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	p->child[0][0].next = NULL;	/* one child: "net" */
	p->child[1][0].next = NULL;
	for (int s = 0; s < 2; s++)
		p->cfg[s].global.fragment_size = 160;
	*state = p;
	return 0;
}

/* Start A and deliver IKE_SA_INIT both ways: the queue then holds A's
 * IKE_AUTH request, in fragments. */
static int to_auth(struct pair *p)
{
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump_n(p, 2);
	return p->nq;
}

/* Every queued datagram is an SKF fragment of IKE_AUTH, in order, each at
 * most fragment_size - 28 octets (IPv4 and UDP headers). */
static void check_layout(struct pair *p, int n)
{
	for (int i = 0; i < n; i++) {
		struct ike_msg m;

		assert_int_equal(ike_parse(p->q[i].buf, p->q[i].len, &m), 0);
		assert_int_equal(m.exchange, IKE_AUTH);
		assert_true(m.sk.fragment);
		assert_int_equal(m.sk.frag_num, i + 1);
		assert_int_equal(m.sk.frag_total, n);
		assert_true(p->q[i].len <= 160 - 28);
		/* only the first names the inner chain's first payload */
		assert_int_equal(m.sk.first_np, i ? 0 : IKE_PLD_IDI);
	}
}

/* IKE_SA_INIT: N(FRAGMENTATION_SUPPORTED) both ways; IKE_AUTH request and
 * response both in SKF fragments; the SAs agree. */
static void test_frag_auth(void **state)
{
	struct pair *p = *state;
	int n = to_auth(p);

	assert_true(n >= 3);
	check_layout(p, n);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
	assert_true(pair_sa(p, 0)->frag && pair_sa(p, 1)->frag);
	assert_int_equal(p->d[0]->st.frags_tx, n);
	assert_int_equal(p->d[1]->st.frag_msgs_rx, 1);
	assert_true(p->d[1]->st.frags_tx >= 2);
	assert_int_equal(p->d[0]->st.frag_msgs_rx, 1);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->d[0]->frag_bytes + p->d[1]->frag_bytes, 0);
}

/* A lost fragment: nothing completes until A retransmits all of them. */
static void test_frag_lost(void **state)
{
	struct pair *p = *state;
	int n = to_auth(p);

	memmove(&p->q[1], &p->q[2], sizeof(p->q[0]) * (size_t)(n - 2));
	p->nq--;
	pair_pump(p);
	assert_null(pair_sa(p, 1));
	assert_non_null(p->d[1]->sas->frag_in[0]);
	pair_run(p, 1500, 500);
	assert_non_null(pair_sa(p, 0));
	assert_int_equal(p->d[0]->st.retransmits, 1);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(p->d[1]->frag_bytes, 0);
}

/* Fragments in reverse order reassemble all the same. */
static void test_frag_reordered(void **state)
{
	struct pair *p = *state;
	int n = to_auth(p);

	for (int i = 0; i < n / 2; i++) {
		struct dgram t = p->q[i];

		p->q[i] = p->q[n - 1 - i];
		p->q[n - 1 - i] = t;
	}
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_int_equal(sas_agree(p), 2);
}

/*
 * The response is lost: A sends all its fragments again; B answers the
 * retransmitted request once, on its first fragment (RFC 7383 2.6.1), with
 * all the fragments of its cached response.
 */
static void test_frag_retransmit(void **state)
{
	struct pair *p = *state;
	int n = to_auth(p);

	pair_pump_n(p, n - 1);
	p->drop_next = 1000;
	pair_pump_n(p, 1);
	p->drop_next = 0;
	assert_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
	pair_advance(p, 1100);
	assert_non_null(pair_sa(p, 0));
	assert_int_equal(p->sent[1], 1 + 2 * (int)p->d[1]->st.frags_tx);
	assert_int_equal(sas_agree(p), 2);
}

/* Over fragments_max: B keeps none and no IKE SA comes up. */
static void test_frag_max(void **state)
{
	struct pair *p = *state;

	p->cfg[1].global.fragments_max = 2;
	to_auth(p);
	pair_pump(p);
	assert_null(pair_sa(p, 1));
	assert_true(p->d[1]->st.lim_frags >= 3);
	assert_int_equal(p->d[1]->frag_bytes, 0);
}

/* Without fragmentation at B, A sends IKE_AUTH whole. */
static void test_frag_not_negotiated(void **state)
{
	struct pair *p = *state;

	p->conn[1].fragmentation = false;
	assert_int_equal(to_auth(p), 1);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_false(pair_sa(p, 0)->frag);
	assert_int_equal(p->d[0]->st.frags_tx, 0);
	assert_int_equal(sas_agree(p), 2);
}

static const uint8_t part[100];
#define PART sizeof(((struct frag_asm *)0)->part[0])	/* per fragment slot */

/* RFC 7383 2.6.2 on an established SA: duplicates dropped, a larger total
 * restarts, a smaller one is dropped, the memory bound, the timeout. */
static void test_frag_rules(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;
	uint8_t np;
	size_t len;

	establish(p);
	sa = pair_sa(p, 1);
	assert_int_equal(frag_keep(sa, false, 7, 1, 3, 35, part, 100), FRAG_KEPT);
	assert_int_equal(frag_keep(sa, false, 7, 2, 3, 0, part, 100), FRAG_KEPT);
	assert_int_equal(frag_keep(sa, false, 7, 2, 3, 0, part, 100), FRAG_DROP);
	assert_int_equal(frag_keep(sa, false, 7, 4, 3, 0, part, 100), FRAG_DROP);
	/* the octets, a bookkeeping cost per fragment, the part array */
	assert_int_equal(p->d[1]->frag_bytes, 200 + 2 * IKE_FRAG_COST +
			 3 * sizeof(sa->frag_in[0]->part[0]));
	assert_int_equal(frag_keep(sa, false, 7, 2, 4, 0, part, 100), FRAG_KEPT);
	assert_int_equal(sa->frag_in[0]->have, 1);	/* restarted */
	assert_int_equal(frag_keep(sa, false, 7, 3, 3, 0, part, 100), FRAG_DROP);
	assert_int_equal(frag_keep(sa, false, 7, 1, 4, 35, part, 100), FRAG_KEPT);
	assert_int_equal(frag_keep(sa, false, 7, 3, 4, 0, part, 100), FRAG_KEPT);
	assert_int_equal(frag_keep(sa, false, 7, 4, 4, 0, part, 50), FRAG_DONE);
	uint8_t *w = frag_take(sa, false, &len, &np);
	assert_non_null(w);
	assert_int_equal(len, 350);
	assert_int_equal(np, 35);
	free(w);
	assert_int_equal(p->d[1]->frag_bytes, 0);
	/* the daemon-wide memory bound */
	p->cfg[1].global.fragment_memory = 200;
	assert_int_equal(frag_keep(sa, true, 9, 1, 2, 35, part, 100), FRAG_KEPT);
	assert_int_equal(frag_keep(sa, false, 8, 1, 2, 35, part, 100), FRAG_DROP);
	assert_true(p->d[1]->st.lim_frags >= 1);
	/* an incomplete message goes after the timeout */
	pair_run(p, IKE_FRAG_TIMEOUT_MS + 1000, 1000);
	assert_null(sa->frag_in[1]);
	assert_int_equal(p->d[1]->frag_bytes, 0);
	assert_non_null(pair_sa(p, 1));
}

/* The reassembly's deadline is in the timer heap at once: with DPD off
 * and a fragmented CREATE_CHILD_SA in flight the heap stays in step
 * (pair_invariants aborts otherwise), and a lost fragment's leftovers go
 * after 30 s, not at the next rekey. */
static void test_frag_deadline(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;
	int n;

	p->conn[0].dpd_delay = p->conn[1].dpd_delay = 0;
	p->child[0][0].next = &p->child[0][1];	/* "web" after "net" */
	p->child[1][0].next = &p->child[1][1];
	n = to_auth(p);
	pair_pump_n(p, n + 1);		/* IKE_AUTH, then B's response */
	while (p->nq && p->q[0].to == 0)
		pair_pump_n(p, 1);
	assert_non_null(pair_sa(p, 1));
	/* A's CREATE_CHILD_SA in fragments: B gets all but the last */
	assert_true(p->nq >= 2);
	pair_pump_n(p, p->nq - 1);
	p->nq = 0;
	p->drop_next = 1000;
	sa = pair_sa(p, 1);
	assert_non_null(sa->frag_in[0]);
	pair_advance(p, IKE_FRAG_TIMEOUT_MS + 1000);
	assert_null(sa->frag_in[0]);
	assert_int_equal(p->d[1]->frag_bytes, 0);
}

/* A responder's half-open SA (its peer not authenticated yet) holds at
 * most fragment_memory / half_open_max, and at least 16 KiB: here the
 * floor, since 16 MiB / 100000 is less. */
static void test_frag_half_open_share(void **state)
{
	static const uint8_t big[300];
	struct pair *p = *state;
	struct ikesa *sa;
	int kept = 0;

	p->cfg[1].global.half_open_max = 100000;
	to_auth(p);
	sa = p->d[1]->sas;
	assert_int_equal(sa->state, ISA_INIT_R);
	p->nq = 0;
	for (int i = 1; i <= 64; i++) {
		if (frag_keep(sa, false, 1, i, 64, 35, big, sizeof(big)) !=
		    FRAG_KEPT)
			break;
		kept++;
	}
	print_message("kept %d fragments of 300 octets\n", kept);
	assert_int_equal(kept, (IKE_FRAG_HALF_OPEN_MIN - 64 * PART) /
			 (300 + IKE_FRAG_COST));
	assert_true(p->d[1]->st.lim_frags >= 1);
	assert_true(p->d[1]->frag_bytes <= IKE_FRAG_HALF_OPEN_MIN);
}

/* Near fragment_memory, a restart (a larger Total Fragments) frees the
 * reassembly it replaces before it is weighed. */
static void test_frag_restart_at_limit(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;
	size_t held;

	establish(p);
	sa = pair_sa(p, 1);
	assert_int_equal(frag_keep(sa, false, 7, 1, 3, 35, part, 100), FRAG_KEPT);
	assert_int_equal(frag_keep(sa, false, 7, 2, 3, 0, part, 100), FRAG_KEPT);
	held = p->d[1]->frag_bytes;
	/* room for the new train's first fragment only once the old goes */
	p->cfg[1].global.fragment_memory = 100 + IKE_FRAG_COST + 4 * PART + 8;
	assert_true(held + 100 + IKE_FRAG_COST > p->cfg[1].global.fragment_memory);
	assert_int_equal(frag_keep(sa, false, 7, 1, 4, 35, part, 100), FRAG_KEPT);
	assert_int_equal(sa->frag_in[0]->total, 4);
	assert_int_equal(sa->frag_in[0]->have, 1);
	assert_int_equal(p->d[1]->frag_bytes, 100 + IKE_FRAG_COST + 4 * PART);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frag_auth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_reordered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_not_negotiated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_half_open_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_restart_at_limit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
