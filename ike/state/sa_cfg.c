// SPDX-License-Identifier: GPL-2.0-or-later
/* IKE SAs and the configuration they run under. */
#include "ike.h"
#include "sa_cfg.h"

/* from's child that ch is, as the same child of to; ch if not from's. */
static const struct cfg_child *map(const struct cfg_conn *from,
				   const struct cfg_conn *to,
				   const struct cfg_child *ch)
{
	const struct cfg_child *a = from->children, *b = to->children;

	for (; a && b; a = a->next, b = b->next)
		if (a == ch)
			return b;
	return ch;
}

static void repoint_sa(struct ikesa *sa, const struct cfg_conn *from,
		       const struct cfg_conn *to)
{
	sa->conn = to;
	for (struct child_sa *c = sa->children; c; c = c->next)
		c->cfg = map(from, to, c->cfg);
	for (struct task *t = sa->queue; t; t = t->next)
		if (t->cfg)
			t->cfg = map(from, to, t->cfg);
	for (struct pcpu_wait *w = sa->pcpu_waits; w; w = w->next)
		w->cfg = map(from, to, w->cfg);
}

void isa_repoint(struct ike_daemon *d, const struct cfg_conn *from,
		 const struct cfg_conn *to)
{
	for (struct ikesa *sa = d->sas; sa; sa = sa->next)
		if (sa->conn == from)
			repoint_sa(sa, from, to);
}

bool isa_conn_in_use(const struct ike_daemon *d, const struct cfg_conn *conn)
{
	for (const struct ikesa *sa = d->sas; sa; sa = sa->next)
		if (sa->conn == conn)
			return true;
	return false;
}
