// SPDX-License-Identifier: GPL-2.0-or-later
/* Operator actions on connections (the control socket's up and down, the
 * start actions at start), each ending with a tick. */
#include <errno.h>

#include "conn.h"
#include "daemon.h"

int ike_daemon_up(struct ike_daemon *d, const char *name)
{
	const struct cfg_conn *c = cfg_conn_find(d->cfg, name);

	int rc;

	if (!c)
		return -ENOENT;
	rc = conn_up(d, c, NULL);
	ike_daemon_tick(d);
	return rc;
}

int ike_daemon_down(struct ike_daemon *d, const char *name)
{
	const struct cfg_conn *c = cfg_conn_find(d->cfg, name);
	int n;

	if (!c)
		return -ENOENT;
	n = conn_down(d, c);
	ike_daemon_tick(d);
	return n ? 0 : -EALREADY;
}

void ike_daemon_start(struct ike_daemon *d)
{
	for (const struct cfg_conn *c = d->cfg->conns; c; c = c->next)
		conn_start(d, c);
	ike_daemon_tick(d);
}

int ike_daemon_ike_delete(struct ike_daemon *d, uint64_t id)
{
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		int rc;

		if (sa->id != id || sa->state == ISA_DEAD)
			continue;
		rc = conn_sa_down(d, sa);
		ike_daemon_tick(d);
		return rc;
	}
	return -ENOENT;
}
