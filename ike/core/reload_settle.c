// SPDX-License-Identifier: GPL-2.0-or-later
/* The end of a reload: what waited for removed or changed connections'
 * SAs to go. */
#include <stdlib.h>
#include <string.h>

#include "child/child_kernel.h"
#include "state/sa_cfg.h"
#include "conn.h"
#include "reload.h"

static bool cfg_has_conn(const struct cfg *c, const struct cfg_conn *conn)
{
	for (const struct cfg_conn *x = c->conns; x; x = x->next)
		if (x == conn)
			return true;
	return false;
}

static bool cfg_in_use(const struct ike_daemon *d, const struct cfg *c)
{
	for (const struct cfg_conn *x = c->conns; x; x = x->next)
		if (isa_conn_in_use(d, x))
			return true;
	for (const struct reload_wait *w = d->reload->waits; w; w = w->next)
		if (cfg_has_conn(c, w->old))
			return true;
	return false;
}

/* Another wait still going for the same name starts it, later. */
static bool name_waits(const struct ike_reload *r, const struct reload_wait *me)
{
	for (const struct reload_wait *w = r->waits; w; w = w->next)
		if (w != me && !strcmp(w->name, me->name))
			return true;
	return false;
}

static bool wait_done(struct ike_daemon *d, struct reload_wait *w)
{
	const struct cfg_conn *nc;

	for (const struct cfg_child *ch = w->old->children; ch; ch = ch->next)
		if (ch->start_action == CFG_START_TRAP)
			trap_uninstall(d, w->old, ch);
	if (!w->name[0] || name_waits(d->reload, w))
		return false;
	nc = cfg_conn_find(d->cfg, w->name);
	if (!nc)
		return false;
	msa_info("%s%s: its old version is gone: starting the new one",
		 d->name, nc->name);
	conn_start(d, nc);
	return true;
}

bool reload_settle(struct ike_daemon *d)
{
	struct ike_reload *r = d->reload;
	struct reload_wait **wp = &r->waits, *w;
	struct reload_old **op = &r->olds, *o;
	bool started = false;

	while ((w = *wp)) {
		if (isa_conn_in_use(d, w->old)) {
			wp = &w->next;
			continue;
		}
		*wp = w->next;
		started |= wait_done(d, w);
		free(w);
	}
	while ((o = *op)) {
		if (cfg_in_use(d, o->cfg)) {
			op = &o->next;
			continue;
		}
		*op = o->next;
		cfg_free(o->own);
		free(o);
	}
	return started;
}

void reload_free(struct ike_daemon *d)
{
	struct ike_reload *r = d->reload;

	if (!r)
		return;
	while (r->waits) {
		struct reload_wait *w = r->waits;

		r->waits = w->next;
		free(w);
	}
	while (r->olds) {
		struct reload_old *o = r->olds;

		r->olds = o->next;
		cfg_free(o->own);
		free(o);
	}
	cfg_free(r->cur);
	free(r);
	d->reload = NULL;
}
