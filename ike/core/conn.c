// SPDX-License-Identifier: GPL-2.0-or-later
/* Configured connections: bringing them up and down, start actions. */
#include <errno.h>
#include <stdlib.h>

#include "child/child_kernel.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/sa_dup.h"
#include "state/task.h"
#include "xchg/sa_init.h"
#include "conn.h"
#include "daemon.h"

/* Is sa the new IKE SA of another's rekey in flight? */
bool conn_rekeying(const struct ike_daemon *d, const struct ikesa *sa)
{
	for (const struct ikesa *o = d->sas; o; o = o->next)
		if (o->x.kind == X_IKE_REKEY && o->x.new_sa == sa)
			return true;
	return false;
}

/*
 * The IKE SA new work of c goes to: the established one (of two
 * duplicates, the one both ends keep: state/sa_dup.h), else one being set
 * up. During our IKE rekey the new SA (still in IKE_SA_INIT) is not it.
 */
struct ikesa *conn_ike_sa(struct ike_daemon *d, const struct cfg_conn *c)
{
	struct ikesa *best = NULL, *setup = NULL;

	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		if (sa->conn != c)
			continue;
		if (isa_live(sa) && (!best || isa_dup_loses(best, sa)))
			best = sa;
		if (!setup && sa->state < ISA_ESTABLISHED && !conn_rekeying(d, sa))
			setup = sa;
	}
	return best ? best : setup;
}

static bool child_up(const struct ikesa *sa, const struct cfg_child *cfg)
{
	if (child_fallback_exists(sa, cfg))
		return true;
	if (sa->x.kind == X_CHILD_CREATE && sa->x.child &&
	    sa->x.child->cfg == cfg)
		return true;
	return isa_create_queued(sa, cfg, MSA_KCPU_NONE);
}

/* Every child waits for traffic: an `up` brings the IKE SA alone
 * (childless where the peer can, RFC 6023), the children follow their
 * acquires. childless = never keeps the old way: all of them at once. */
static bool trap_only(const struct cfg_conn *conn)
{
	if (conn->childless == CFG_CHILDLESS_NEVER)
		return false;
	for (const struct cfg_child *c = conn->children; c; c = c->next)
		if (c->start_action != CFG_START_TRAP)
			return false;
	return conn->children != NULL;
}

int conn_up(struct ike_daemon *d, const struct cfg_conn *conn,
		   const struct cfg_child *only)
{
	struct ikesa *sa = conn_ike_sa(d, conn);
	int queued = 0, rc;

	if (!sa) {
		rc = sa_init_start(d, conn, &sa);
		if (rc)
			return rc;
	}
	for (const struct cfg_child *c = conn->children; c; c = c->next) {
		struct task t = { .kind = X_CHILD_CREATE, .cfg = c,
				  .cpu = MSA_KCPU_NONE };

		if ((only && c != only) || child_up(sa, c) ||
		    (!only && trap_only(conn)))
			continue;
		isa_queue(sa, &t);
		queued++;
	}
	return queued || sa->state != ISA_ESTABLISHED ? 0 : -EALREADY;
}

int conn_sa_down(struct ike_daemon *d, struct ikesa *sa)
{
	if (sa->state == ISA_ESTABLISHED)
		isa_queue_once(sa, X_DELETE_IKE, 0);
	else if (sa->state == ISA_DELETING)
		return -EALREADY;
	else if (conn_rekeying(d, sa))
		return -EALREADY;	/* the new SA of our rekey: the old
					 * one's Delete passes to it */
	else
		isa_set_state(sa, ISA_DEAD);
	return 0;
}

int conn_down(struct ike_daemon *d, const struct cfg_conn *c)
{
	int n = 0;

	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		if (sa->conn != c || sa->state == ISA_DEAD)
			continue;
		n++;
		conn_sa_down(d, sa);
	}
	return n;
}

void conn_start(struct ike_daemon *d, const struct cfg_conn *c)
{
	for (const struct cfg_child *ch = c->children; ch; ch = ch->next) {
		if (ch->start_action == CFG_START_START)
			conn_up(d, c, ch);
		else if (ch->start_action == CFG_START_TRAP)
			trap_install(d, c, ch);
	}
}
