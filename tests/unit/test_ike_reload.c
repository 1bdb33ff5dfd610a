// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reload (ike/core/reload.c) with the in-process pair: B reloads while A's
 * tunnel is up. An unchanged connection keeps its SAs, SPIs, reqids and
 * kernel state; a changed one is re-established; a removed one is deleted
 * with the peer and its traps leave the kernel; an added one starts; a
 * setting that needs a restart refuses the whole reload.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ike_pair_check.h"
#include "state/task.h"

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	p->child[0][0].next = NULL;	/* "net" only */
	p->child[1][0].next = NULL;
	*state = p;
	return 0;
}

/* A heap copy of side s's configuration, as cfg_load would return it. */
static struct cfg *cfg_copy(struct pair *p, int s)
{
	struct cfg *c = calloc(1, sizeof(*c));
	struct cfg_conn **cp = &c->conns;

	assert_non_null(c);
	c->global = p->cfg[s].global;
	for (const struct cfg_conn *o = p->cfg[s].conns; o; o = o->next) {
		struct cfg_conn *n = calloc(1, sizeof(*n));
		struct cfg_child **chp = &n->children;

		assert_non_null(n);
		*n = *o;
		n->next = NULL;
		n->children = NULL;
		for (const struct cfg_child *oc = o->children; oc; oc = oc->next) {
			struct cfg_child *nc = calloc(1, sizeof(*nc));

			assert_non_null(nc);
			*nc = *oc;
			nc->next = NULL;
			nc->reqid = 0;
			*chp = nc;
			chp = &nc->next;
		}
		*cp = n;
		cp = &n->next;
	}
	return c;
}

/* Every outbound SA of either side is an inbound SA of the other (reqids
 * are each side's own: a reload may change one side's). */
static int crossed(struct pair *p)
{
	int n = 0;

	for (int s = 0; s < 2; s++)
		for (int i = 0; i < p->kd[s].n_sa; i++)
			if (p->kd[s].sa[i].dir == MSA_KDIR_OUT) {
				assert_non_null(kd_sa(&p->kd[!s],
						      p->kd[s].sa[i].spi,
						      MSA_KDIR_IN));
				n++;
			}
	assert_int_equal(p->kd[0].n_sa + p->kd[1].n_sa, 2 * n);
	return n;
}

static int reload(struct pair *p, int s, struct cfg *c)
{
	char msg[256];
	int rc = ike_daemon_reload(p->d[s], c, msg, sizeof(msg));

	print_message("reload: %s\n", msg);
	pair_pump(p);
	return rc;
}

/* The SPIs of side s's kernel SAs, sorted, as a fingerprint. */
static uint64_t kernel_print(struct pair *p, int s)
{
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < p->kd[s].n_sa; i++)
		h ^= (uint64_t)p->kd[s].sa[i].spi * 1099511628211ull +
		     p->kd[s].sa[i].reqid;
	return h + (uint64_t)p->kd[s].n_pol;
}

/* Unchanged: nothing happens on the wire or in the kernel, and the SAs
 * rekey, expire and serve acquires under the new copy. */
static void test_unchanged(void **state)
{
	struct pair *p = *state;
	struct ikesa *sa;
	uint64_t before;
	int sent, adds, dels;

	establish(p);
	sa = pair_sa(p, 1);
	before = kernel_print(p, 1);
	sent = p->sent[1];
	adds = p->kd[1].adds;
	dels = p->kd[1].dels;
	memcpy(p->conn[1].psk, "a-new-secret", 12);	/* secrets change in place */
	assert_int_equal(reload(p, 1, cfg_copy(p, 1)), 0);
	assert_ptr_equal(pair_sa(p, 1), sa);
	assert_ptr_equal(sa->conn, p->d[1]->cfg->conns);
	assert_ptr_equal(sa->children->cfg, p->d[1]->cfg->conns->children);
	assert_int_equal(sa->children->reqid, p->d[1]->cfg->conns->children->reqid);
	assert_int_equal(kernel_print(p, 1), before);
	assert_int_equal(p->sent[1], sent);
	assert_int_equal(p->kd[1].adds, adds);
	assert_int_equal(p->kd[1].dels, dels);
	/* still working: a child rekey under the new configuration */
	pair_run(p, 3700 * 1000, 100 * 1000);
	assert_int_equal(sas_agree(p), 2);
	assert_int_equal(pair_n_sas(p, 1), 1);
}

/* Changed (DPD delay): the IKE SA is deleted with the peer, a new one
 * comes up under the new version (start_action = start). */
static void test_changed(void **state)
{
	struct pair *p = *state;
	struct cfg *c;
	uint64_t spi;

	p->child[0][0].start_action = p->child[1][0].start_action =
		CFG_START_START;
	establish(p);
	spi = pair_sa(p, 0)->spi_i;
	c = cfg_copy(p, 0);
	c->conns->dpd_delay = 10;
	assert_int_equal(reload(p, 0, c), 0);
	pair_run(p, 2000, 500);
	assert_int_equal(pair_n_sas(p, 0), 1);
	assert_int_equal(pair_n_sas(p, 1), 1);
	assert_true(pair_sa(p, 0)->spi_i != spi);
	assert_ptr_equal(pair_sa(p, 0)->conn, c->conns);
	assert_int_equal(crossed(p), 2);
	/* a new reqid: acquires of the old one are not ours any more */
	assert_true(c->conns->children->reqid != MSA_REQID_MIN);
	assert_int_equal(p->kd[0].sa[0].reqid, c->conns->children->reqid);
}

/* Removed: deleted with the peer; its trap policies leave the kernel. */
static void test_removed(void **state)
{
	struct pair *p = *state;
	struct cfg *c;

	p->child[0][0].start_action = CFG_START_TRAP;
	/* `up` of trap-only children: with them, not childless (RFC 6023) */
	p->conn[0].childless = CFG_CHILDLESS_NEVER;
	assert_int_equal(pair_start(p), 0);
	ike_daemon_start(p->d[0]);
	assert_int_equal(p->kd[0].n_pol, 3);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(sas_agree(p), 2);
	c = calloc(1, sizeof(*c));	/* no connection left */
	c->global = p->cfg[0].global;
	assert_int_equal(reload(p, 0, c), 0);
	pair_run(p, 2000, 500);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
	assert_int_equal(p->kd[0].n_sa + p->kd[1].n_sa, 0);
	assert_int_equal(p->kd[0].n_pol, 0);
}

/* Added (start): comes up; the running one is untouched. */
static void test_added(void **state)
{
	struct pair *p = *state;
	struct cfg *ca, *cb;
	struct ikesa *sa;

	establish(p);
	sa = pair_sa(p, 0);
	ca = cfg_copy(p, 0);
	cb = cfg_copy(p, 1);
	/* a second connection "lab": same peers, its own selectors */
	for (int s = 0; s < 2; s++) {
		struct cfg *c = s ? cb : ca;
		struct cfg_conn *n = calloc(1, sizeof(*n));
		struct cfg_child *ch = calloc(1, sizeof(*ch));

		*n = *c->conns;
		*ch = *c->conns->children;
		strcpy(n->name, "lab");
		strcpy(ch->name, "lab");
		/* A's side from its second address: B tells them apart */
		pair_addr(s ? &n->remote_addr : &n->local_addr, "192.0.2.11");
		ch->local_ts[0].start[1] = ch->remote_ts[0].start[1] = 9;
		ch->local_ts[0].end[1] = ch->remote_ts[0].end[1] = 9;
		ch->start_action = s ? CFG_START_NONE : CFG_START_START;
		ch->next = NULL;
		ch->reqid = 0;
		n->children = ch;
		n->next = NULL;
		c->conns->next = n;
	}
	assert_int_equal(reload(p, 1, cb), 0);
	assert_int_equal(reload(p, 0, ca), 0);
	pair_run(p, 2000, 500);
	assert_int_equal(pair_n_sas(p, 0), 2);
	assert_ptr_equal(sa->conn, ca->conns);
	assert_int_equal(crossed(p), 4);
}

/* A setting that needs a restart: refused, nothing changed. */
static void test_fixed_setting(void **state)
{
	struct pair *p = *state;
	struct cfg *c;
	char msg[256];

	establish(p);
	c = cfg_copy(p, 1);
	c->global.port = 501;
	c->conns->dpd_delay = 5;
	assert_int_equal(ike_daemon_reload(p->d[1], c, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "port, port_natt cannot change without a "
			       "restart"));
	assert_ptr_equal(p->d[1]->cfg, &p->cfg[1]);
	assert_ptr_equal(pair_sa(p, 1)->conn, &p->conn[1]);
	cfg_free(c);
	c = cfg_copy(p, 1);
	c->global.udp_rcvbuf = 1 << 20;
	assert_int_equal(ike_daemon_reload(p->d[1], c, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "udp_rcvbuf cannot change without a "
			       "restart"));
	cfg_free(c);
	pair_run(p, 2000, 500);
	assert_int_equal(sas_agree(p), 2);
}

/* Reloads in a row while a changed connection's old SAs are still being
 * deleted: the newest version starts once, nothing is freed under an SA. */
static void test_reload_twice(void **state)
{
	struct pair *p = *state;
	struct cfg *c1, *c2;

	p->child[0][0].start_action = CFG_START_START;
	establish(p);
	c1 = cfg_copy(p, 0);
	c1->conns->dpd_delay = 10;
	c2 = cfg_copy(p, 0);
	c2->conns->dpd_delay = 20;
	p->drop_next = 1;		/* A's Delete is lost: the old SA lingers */
	assert_int_equal(reload(p, 0, c1), 0);
	assert_int_equal(reload(p, 0, c2), 0);
	pair_run(p, 60000, 500);
	assert_int_equal(pair_n_sas(p, 0), 1);
	assert_ptr_equal(pair_sa(p, 0)->conn, c2->conns);
	assert_int_equal(p->d[0]->st.ike_up, 2);
}

/* A trapped connection renamed: the old one's traps leave by selector
 * once its SAs are gone, and only then the new one traps the same
 * selectors: they stay. */
static void test_renamed(void **state)
{
	struct pair *p = *state;
	struct cfg *c;

	p->child[0][0].start_action = CFG_START_TRAP;
	/* `up` of trap-only children: with them, not childless (RFC 6023) */
	p->conn[0].childless = CFG_CHILDLESS_NEVER;
	assert_int_equal(pair_start(p), 0);
	ike_daemon_start(p->d[0]);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	assert_int_equal(crossed(p), 2);
	c = cfg_copy(p, 0);
	strcpy(c->conns->name, "site2");
	assert_int_equal(reload(p, 0, c), 0);
	pair_run(p, 2000, 500);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(p->kd[0].n_pol, 3);	/* site2's traps */
	assert_int_equal(p->kd[0].pol[0].reqid, c->conns->children->reqid);
	assert_int_equal(ike_daemon_up(p->d[0], "site2"), 0);
	pair_pump(p);
	assert_int_equal(crossed(p), 2);
}

/* A Delete queued while an IKE rekey is in flight goes to the successor:
 * a reload's removal (or `down`) is not lost to the rekey. */
static void test_delete_during_rekey(void **state)
{
	struct pair *p = *state;
	struct task t = { .kind = X_IKE_REKEY };
	struct cfg *c;

	establish(p);
	isa_queue(pair_sa(p, 0), &t);
	ike_daemon_tick(p->d[0]);		/* the rekey request goes out */
	c = calloc(1, sizeof(*c));
	c->global = p->cfg[0].global;
	assert_int_equal(reload(p, 0, c), 0);	/* site removed meanwhile */
	pair_run(p, 5000, 500);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
	assert_int_equal(p->kd[0].n_sa + p->kd[1].n_sa, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_added, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_during_rekey, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
