// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Connections by name, reqids and sameness across a reload. A reqid ties a configured child's
 * kernel policies, SAs and acquires together, so an unchanged child must
 * keep it through a reload, and a new or changed one must not take one
 * that SAs being deleted still carry.
 */
#include <stddef.h>
#include <string.h>

#include "config.h"

struct cfg_conn *cfg_conn_find(const struct cfg *c, const char *name)
{
	for (struct cfg_conn *conn = c ? c->conns : NULL; conn;
	     conn = conn->next)
		if (!strcmp(conn->name, name))
			return conn;
	return NULL;
}

static bool child_same(const struct cfg_child *a, const struct cfg_child *b)
{
	return !memcmp(a, b, offsetof(struct cfg_child, next));
}

bool cfg_conn_same(const struct cfg_conn *a, const struct cfg_conn *b)
{
	const struct cfg_child *x = a->children, *y = b->children;

	if (memcmp(a, b, offsetof(struct cfg_conn, psk_len)) ||
	    memcmp(&a->n_ike, &b->n_ike, offsetof(struct cfg_conn, children) -
		   offsetof(struct cfg_conn, n_ike)))
		return false;
	for (; x && y; x = x->next, y = y->next)
		if (!child_same(x, y))
			return false;
	return !x && !y;
}

void cfg_assign_reqids(struct cfg *c, const struct cfg *prev)
{
	c->reqid_next = prev ? prev->reqid_next : MSA_REQID_MIN;
	for (struct cfg_conn *cn = c->conns; cn; cn = cn->next) {
		const struct cfg_conn *old = prev ? cfg_conn_find(prev, cn->name)
						  : NULL;
		const struct cfg_child *oc = NULL;

		if (old && cfg_conn_same(old, cn))
			oc = old->children;
		for (struct cfg_child *ch = cn->children; ch; ch = ch->next) {
			ch->reqid = oc ? oc->reqid : c->reqid_next++;
			oc = oc ? oc->next : NULL;
		}
	}
}

const struct cfg_child *cfg_child_by_reqid(const struct cfg *c, uint32_t reqid,
					   const struct cfg_conn **conn)
{
	for (const struct cfg_conn *cn = c->conns; cn; cn = cn->next)
		for (const struct cfg_child *x = cn->children; x; x = x->next)
			if (x->reqid == reqid) {
				if (conn)
					*conn = cn;
				return x;
			}
	return NULL;
}
