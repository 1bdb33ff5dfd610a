// SPDX-License-Identifier: GPL-2.0-or-later
/* The end of a reload: what waited for removed or changed connections'
 * SAs to go (reload.h). */
#include <stdlib.h>
#include <string.h>

#include "child/child_kernel.h"
#include "state/sa_cfg.h"
#include "state/traffic.h"
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
		if (w->old && cfg_has_conn(c, w->old))
			return true;
	return false;
}

/* The trap policies of a connection whose SAs are all gone. */
static void untrap(struct ike_daemon *d, const struct cfg_conn *old)
{
	for (const struct cfg_child *ch = old->children; ch; ch = ch->next)
		if (ch->start_action == CFG_START_TRAP)
			trap_uninstall(d, old, ch);
}

/* Was name started by an earlier wait of this batch? */
static bool started_before(const struct reload_wait *from,
			   const struct reload_wait *me)
{
	for (const struct reload_wait *w = from; w != me; w = w->next)
		if (!strcmp(w->name, me->name))
			return true;
	return false;
}

/*
 * Once no old connection has an SA left, the new versions and the added
 * connections start, all together: their policies may have the selectors
 * of an old one, whose removal (by selector) would take them along.
 */
static bool start_all(struct ike_daemon *d)
{
	struct ike_reload *r = d->reload;
	bool started = false;

	for (struct reload_wait *w = r->waits; w; w = w->next) {
		const struct cfg_conn *nc = w->name[0] && !d->stopping ?
			cfg_conn_find(d->cfg, w->name) : NULL;

		if (!nc || started_before(r->waits, w))
			continue;
		msa_info("%s%s: the old connections' SAs are gone: starting",
			 d->name, nc->name);
		conn_start(d, nc);
		started = true;
	}
	while (r->waits) {
		struct reload_wait *w = r->waits;

		r->waits = w->next;
		free(w);
	}
	return started;
}

bool reload_settle(struct ike_daemon *d)
{
	struct ike_reload *r = d->reload;
	struct reload_old **op = &r->olds, *o;
	bool waiting = false, started = false, freed = false;

	for (struct reload_wait *w = r->waits; w; w = w->next) {
		if (w->old && isa_conn_in_use(d, w->old))
			waiting = true;
		else if (w->old) {
			untrap(d, w->old);
			w->old = NULL;
		}
	}
	if (!waiting && r->waits)
		started = start_all(d);
	while ((o = *op)) {
		if (cfg_in_use(d, o->cfg)) {
			op = &o->next;
			continue;
		}
		*op = o->next;
		cfg_free(o->own);
		free(o);
		freed = true;
	}
	if (freed && !r->olds)	/* the last older config just went */
		traffic_prune(d, d->cfg);
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
