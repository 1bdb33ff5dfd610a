// SPDX-License-Identifier: GPL-2.0-or-later
/* The daemon core: creation, operator actions, kernel events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xchg/xchg.h"

int ike_daemon_new(struct ike_daemon **out, const struct cfg *cfg,
		   struct msa_kernel *k, const struct ike_io *io)
{
	struct ike_daemon *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	d->cfg = cfg;
	d->k = k;
	d->io = *io;
	d->name = "";
	rc = ike_crypto_random(d->cookie_secret, sizeof(d->cookie_secret));
	if (!rc)
		rc = k->ops->probe(k, &d->caps);
	if (rc) {
		free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void ike_daemon_free(struct ike_daemon *d)
{
	if (!d)
		return;
	while (d->sas)
		isa_free(d->sas);
	explicit_bzero(d, sizeof(*d));
	free(d);
}

void ike_daemon_set_time(struct ike_daemon *d, uint64_t now_ms)
{
	d->now_ms = now_ms;
}

/* Is sa the new IKE SA of another's rekey in flight? */
static bool is_rekey_of(const struct ike_daemon *d, const struct ikesa *sa)
{
	for (const struct ikesa *o = d->sas; o; o = o->next)
		if (o->x.kind == X_IKE_REKEY && o->x.new_sa == sa)
			return true;
	return false;
}

struct ikesa *conn_ike_sa(struct ike_daemon *d, const struct cfg_conn *c)
{
	struct ikesa *setup = NULL;

	/* the established one first: during our IKE rekey the new SA (at the
	 * head of the list, still in IKE_SA_INIT) is not the one to use */
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		if (sa->conn != c)
			continue;
		if (sa->state == ISA_ESTABLISHED)
			return sa;
		if (!setup && sa->state < ISA_ESTABLISHED && !is_rekey_of(d, sa))
			setup = sa;
	}
	return setup;
}

static bool child_up(const struct ikesa *sa, const struct cfg_child *cfg)
{
	if (child_fallback_exists(sa, cfg))
		return true;
	if (sa->x.kind == X_CHILD_CREATE && sa->x.child &&
	    sa->x.child->cfg == cfg)
		return true;
	for (const struct task *t = sa->queue; t; t = t->next)
		if (t->kind == X_CHILD_CREATE && t->cfg == cfg &&
		    t->cpu == MSA_KCPU_NONE)
			return true;
	return false;
}

/* Bring up one child (all if cfg is NULL) of conn; creates the IKE SA. */
static int conn_up(struct ike_daemon *d, const struct cfg_conn *conn,
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

		if ((only && c != only) || child_up(sa, c))
			continue;
		isa_queue(sa, &t);
		queued++;
	}
	isa_run_queue(sa);
	return queued || sa->state != ISA_ESTABLISHED ? 0 : -EALREADY;
}

int ike_daemon_up_child(struct ike_daemon *d, const struct cfg_conn *conn,
			const struct cfg_child *cfg)
{
	return conn_up(d, conn, cfg);
}

int ike_daemon_up(struct ike_daemon *d, const char *name)
{
	const struct cfg_conn *c = cfg_conn_find(d->cfg, name);

	if (!c)
		return -ENOENT;
	return conn_up(d, c, NULL);
}

int ike_daemon_down(struct ike_daemon *d, const char *name)
{
	const struct cfg_conn *c = cfg_conn_find(d->cfg, name);
	struct task t = { .kind = X_DELETE_IKE };
	int n = 0;

	if (!c)
		return -ENOENT;
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		if (sa->conn != c || sa->state == ISA_DEAD)
			continue;
		n++;
		if (sa->state == ISA_ESTABLISHED) {
			isa_queue(sa, &t);
			isa_run_queue(sa);
		} else if (sa->state != ISA_DELETING) {
			isa_set_state(sa, ISA_DEAD);
		}
	}
	ike_daemon_reap(d);
	return n ? 0 : -EALREADY;
}

static int child_op(struct ike_daemon *d, uint64_t id, uint8_t kind)
{
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		struct child_sa *c = child_find_id(sa, id);

		if (!c || c->state != CHILD_INSTALLED)
			continue;
		if (sa->state != ISA_ESTABLISHED)
			return -EAGAIN;
		isa_queue_once(sa, kind, id);
		isa_run_queue(sa);
		return 0;
	}
	return -ENOENT;
}

int ike_daemon_child_rekey(struct ike_daemon *d, uint64_t child_id)
{
	return child_op(d, child_id, X_CHILD_REKEY);
}

int ike_daemon_child_delete(struct ike_daemon *d, uint64_t child_id)
{
	return child_op(d, child_id, X_DELETE_CHILD);
}

void ike_daemon_start(struct ike_daemon *d)
{
	for (const struct cfg_conn *c = d->cfg->conns; c; c = c->next)
		for (const struct cfg_child *ch = c->children; ch; ch = ch->next) {
			if (ch->start_action == CFG_START_START)
				conn_up(d, c, ch);
			else if (ch->start_action == CFG_START_TRAP)
				trap_install(d, c, ch);
		}
}

static const struct cfg_child *child_by_reqid(const struct ike_daemon *d,
					      uint32_t reqid,
					      const struct cfg_conn **conn)
{
	uint32_t n = MSA_REQID_MIN;

	for (const struct cfg_conn *c = d->cfg->conns; c; c = c->next)
		for (const struct cfg_child *ch = c->children; ch;
		     ch = ch->next, n++)
			if (n == reqid) {
				*conn = c;
				return ch;
			}
	return NULL;
}

static void kev_acquire(struct ike_daemon *d, const struct msa_kevent *ev)
{
	const struct cfg_conn *conn;
	const struct cfg_child *ch = child_by_reqid(d, ev->reqid, &conn);

	if (!ch) {
		msa_debug("%sacquire for reqid %u: not ours", d->name,
			  ev->reqid);
		return;
	}
	if (ev->cpu != MSA_KCPU_NONE)
		return pcpu_acquire(d, conn, ch, ev->cpu);
	msa_info("%s%s: traffic for child %s, bringing it up", d->name,
		 conn->name, ch->name);
	conn_up(d, conn, ch);
}

static void kev_expire(struct ike_daemon *d, const struct msa_kevent *ev)
{
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		struct child_sa *c = child_find_spi(sa, ev->spi, true);

		if (!c)
			c = child_find_spi(sa, ev->spi, false);
		if (!c || c->state != CHILD_INSTALLED)
			continue;
		struct task t = { .kind = ev->hard ? X_DELETE_CHILD :
					  X_CHILD_REKEY, .child_id = c->id };

		isa_info(sa, "child %s{%llu}: %s expire from the kernel",
			 c->cfg->name, (unsigned long long)c->id,
			 ev->hard ? "hard" : "soft");
		isa_queue(sa, &t);
		isa_run_queue(sa);
		return;
	}
}

void ike_daemon_kevent(struct ike_daemon *d, const struct msa_kevent *ev)
{
	switch (ev->type) {
	case MSA_KEV_ACQUIRE:
		kev_acquire(d, ev);
		break;
	case MSA_KEV_EXPIRE:
		kev_expire(d, ev);
		break;
	case MSA_KEV_RESYNC:
		msa_warn("%skernel events were lost; state is re-read on the "
			 "next expiry", d->name);
		break;
	}
	ike_daemon_reap(d);
}
