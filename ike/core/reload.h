/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reload (reload.c acts, reload_settle.c finishes; docs/ike.md "Reload").
 * A removed or changed connection's IKE SAs are deleted with the peer;
 * its configuration stays alive until the last of them is gone, then its
 * trap policies go and a changed connection's new version starts.
 */
#ifndef IKE_CORE_RELOAD_H
#define IKE_CORE_RELOAD_H

#include "config/config.h"
#include "state/ike.h"

/* A connection of a retired configuration whose SAs are going. */
struct reload_wait {
	struct reload_wait *next;
	const struct cfg_conn *old;
	char name[CFG_NAME_MAX];	/* the new version to start; "": none */
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

/* Waits whose SAs are gone: their traps out, new versions started; old
 * configurations no SA uses freed. True if it started anything. */
bool reload_settle(struct ike_daemon *d);
/* Everything of d->reload freed (the daemon is going). */
void reload_free(struct ike_daemon *d);

#endif /* IKE_CORE_RELOAD_H */
