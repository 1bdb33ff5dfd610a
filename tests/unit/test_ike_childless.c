// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Childless IKE SAs (RFC 6023) between two daemon cores (ike_pair.h):
 *
 *   HDR, SAi1, KEi, Ni, N(CHILDLESS_IKEV2_SUPPORTED)  -->
 *                <--  HDR, SAr1, KEr, Nr, N(CHILDLESS_IKEV2_SUPPORTED)
 *   HDR, SK{IDi, AUTH}  -->  <--  HDR, SK{IDr, AUTH}
 *   then the children, if any, with CREATE_CHILD_SA.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ike_pair_check.h"
#include "state/sa.h"

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	p->child[0][0].next = NULL;	/* one child: "net" */
	p->child[1][0].next = NULL;
	*state = p;
	return 0;
}

/* childless = force: IKE_AUTH carries no child; the child follows in
 * CREATE_CHILD_SA at once. */
static void test_childless_force(void **state)
{
	struct pair *p = *state;

	p->conn[0].childless = CFG_CHILDLESS_FORCE;
	establish(p);
	assert_true(pair_sa(p, 0)->childless);
	assert_true(pair_sa(p, 1)->childless);
	assert_int_equal(p->sent[0], 3);	/* INIT, AUTH, CREATE_CHILD */
	assert_int_equal(sas_agree(p), 2);
}

/* force against a peer that does not announce it: no IKE_AUTH is sent
 * (RFC 6023 forbids it) and the IKE SA fails. */
static void test_childless_force_refused(void **state)
{
	struct pair *p = *state;

	p->conn[0].childless = CFG_CHILDLESS_FORCE;
	p->conn[1].childless = CFG_CHILDLESS_NEVER;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_null(pair_sa(p, 0));
	assert_int_equal(p->sent[0], 1);
	pair_run(p, 40000, 5000);	/* B's half-open SA times out */
	assert_int_equal(pair_n_sas(p, 0) + pair_n_sas(p, 1), 0);
}

/* An `up` of a connection whose children all wait for traffic brings the
 * IKE SA alone; the acquire then brings the child over it. */
static void test_childless_trap_up(void **state)
{
	struct pair *p = *state;
	struct msa_kevent ev = { .type = MSA_KEV_ACQUIRE, .cpu = MSA_KCPU_NONE,
				 .reqid = MSA_REQID_MIN };

	p->child[0][0].start_action = CFG_START_TRAP;
	assert_int_equal(pair_start(p), 0);
	ike_daemon_start(p->d[0]);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_true(pair_sa(p, 0)->childless);
	assert_null(pair_sa(p, 0)->children);
	assert_int_equal(p->kd[0].n_sa, 0);
	assert_int_equal(p->kd[0].n_pol, 3);	/* the trap */
	ike_daemon_kevent(p->d[0], &ev);
	pair_pump(p);
	assert_int_equal(sas_agree(p), 2);
}

/* The same against a peer without RFC 6023: the first child comes in
 * IKE_AUTH, as RFC 7296 requires. */
static void test_trap_up_old_peer(void **state)
{
	struct pair *p = *state;

	p->child[0][0].start_action = CFG_START_TRAP;
	p->conn[1].childless = CFG_CHILDLESS_NEVER;
	assert_int_equal(pair_start(p), 0);
	ike_daemon_start(p->d[0]);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_false(pair_sa(p, 0)->childless);
	assert_int_equal(p->sent[0], 2);
	assert_int_equal(sas_agree(p), 2);
}

/* A responder that did not negotiate childless refuses an IKE_AUTH
 * without a child with INVALID_SYNTAX (here: its configuration changed to
 * forgotten after IKE_SA_INIT, so only its own check stands). */
static void test_childless_not_negotiated(void **state)
{
	struct pair *p = *state;

	p->conn[0].childless = CFG_CHILDLESS_FORCE;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump_n(p, 1);		/* B has the IKE_SA_INIT request */
	p->d[1]->sas->peer_childless = false;
	pair_pump(p);
	assert_null(pair_sa(p, 0));
	assert_null(pair_sa(p, 1));
	assert_int_equal(p->kd[1].n_sa, 0);
	/* A takes the error answer as it is: no INFORMATIONAL of its own
	 * (that is for a responder whose AUTH A refused) */
	assert_int_equal(p->sent[0], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_childless_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_childless_force_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_childless_trap_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trap_up_old_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_childless_not_negotiated, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
