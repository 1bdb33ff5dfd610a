/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reload (reload.c acts, reload_settle.c finishes; docs/ike.md "Reload").
 * A removed or changed connection's IKE SAs are deleted with the peer;
 * its configuration stays alive until the last of them is gone, then its
 * trap policies go. Changed and added connections start once no old
 * connection has an SA left (at once if none had).
 */
#ifndef IKE_CORE_RELOAD_H
#define IKE_CORE_RELOAD_H

#include "config/config.h"
#include "state/ike.h"

/* A connection of a retired configuration whose SAs are going, and/or a
 * connection of the running one to start once all such SAs are gone. */
struct reload_wait {
	struct reload_wait *next;
	const struct cfg_conn *old;	/* NULL: gone (its traps too) */
	char name[CFG_NAME_MAX];	/* to start then; "": none */
};

/* A configuration replaced by a reload, kept while SAs run under it. */
struct reload_old {
	struct reload_old *next;
	const struct cfg *cfg;
	struct cfg *own;		/* cfg, when ours to free (not the
					 * caller's); else NULL */
};

struct ike_reload {
	struct reload_wait *waits;
	struct reload_old *olds;
	struct cfg *cur;		/* d->cfg when it came from a reload */
};

/* Old connections whose SAs are gone: their traps out; when none is left,
 * the waiting connections start; old configurations no SA uses freed.
 * True if it started anything. */
bool reload_settle(struct ike_daemon *d);
/* Everything of d->reload freed (the daemon is going). */
void reload_free(struct ike_daemon *d);

#endif /* IKE_CORE_RELOAD_H */
