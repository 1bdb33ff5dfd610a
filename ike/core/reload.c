// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reload: a new configuration replaces the running one without touching
 * what did not change. Per connection, by name: unchanged (all but its
 * secret, cfg_conn_same) its SAs move to the new copy, reqids and kernel
 * state as they are; removed, its IKE SAs are deleted with the peer;
 * changed, the same, and the new version starts; added, it starts per its
 * start_action. What starts waits until no removed or changed connection
 * has an SA left (their policies, removed by selector, could be the new
 * ones'). What cannot change without a restart (ports, sockets, pin
 * root, sandbox) refuses the whole reload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/sa_cfg.h"
#include "conn.h"
#include "daemon.h"
#include "reload.h"

struct reload_count {
	unsigned same, added, changed, removed;
};

static const char *fixed_changed(const struct cfg_global *a,
				 const struct cfg_global *b)
{
	if (a->port != b->port || a->port_natt != b->port_natt)
		return "port, port_natt";
	if (strcmp(a->ctl_socket, b->ctl_socket))
		return "ctl_socket";
	if (strcmp(a->pin_root, b->pin_root))
		return "pin_root";
	if (a->sandbox != b->sandbox)
		return "sandbox";
	if (a->udp_rcvbuf != b->udp_rcvbuf)
		return "udp_rcvbuf";
	if (memcmp(&a->metrics_ip, &b->metrics_ip, sizeof(a->metrics_ip)) ||
	    a->metrics_port != b->metrics_port)
		return "metrics_listen";
	return NULL;
}

static int wait_add(struct ike_reload *r, const struct cfg_conn *old,
		    const struct cfg_conn *nc)
{
	struct reload_wait *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->old = old;
	if (nc)
		snprintf(w->name, sizeof(w->name), "%s", nc->name);
	w->next = r->waits;
	r->waits = w;
	return 0;
}

/* Earlier waits: a name the new configuration dropped starts nothing. */
static void waits_follow(struct ike_reload *r, const struct cfg *newc)
{
	for (struct reload_wait *w = r->waits; w; w = w->next)
		if (w->name[0] && !cfg_conn_find(newc, w->name))
			w->name[0] = '\0';
}

static int conns_apply(struct ike_daemon *d, const struct cfg *newc,
		       struct reload_count *n)
{
	struct ike_reload *r = d->reload;

	for (const struct cfg_conn *oc = d->cfg->conns; oc; oc = oc->next) {
		const struct cfg_conn *nc = cfg_conn_find(newc, oc->name);

		if (nc && cfg_conn_same(oc, nc)) {
			isa_repoint(d, oc, nc);
			n->same++;
			continue;
		}
		if (wait_add(r, oc, nc))
			return -ENOMEM;
		conn_down(d, oc);
		nc ? n->changed++ : n->removed++;
		msa_info("%s%s: %s: its IKE SAs are deleted", d->name,
			 oc->name, nc ? "changed" : "removed");
	}
	for (const struct cfg_conn *nc = newc->conns; nc; nc = nc->next) {
		if (cfg_conn_find(d->cfg, nc->name))
			continue;
		n->added++;
		if (wait_add(r, NULL, nc))	/* started by reload_settle */
			return -ENOMEM;
	}
	return 0;
}

static int reload_retire(struct ike_daemon *d)
{
	struct ike_reload *r = d->reload;
	struct reload_old *o = calloc(1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	o->cfg = d->cfg;
	o->own = r->cur;
	o->next = r->olds;
	r->olds = o;
	return 0;
}

int ike_daemon_reload(struct ike_daemon *d, struct cfg *newc, char *msg,
		      size_t len)
{
	const char *fixed = fixed_changed(&d->cfg->global, &newc->global);
	struct reload_count n = { 0 };
	int rc;

	if (fixed) {
		snprintf(msg, len, "%s cannot change without a restart: "
			 "nothing reloaded", fixed);
		return -EINVAL;
	}
	if (!d->reload && !(d->reload = calloc(1, sizeof(*d->reload))))
		return -ENOMEM;
	if (reload_retire(d))
		return -ENOMEM;
	cfg_assign_reqids(newc, d->cfg);
	ike_daemon_cpus_check(d, newc);
	waits_follow(d->reload, newc);
	rc = conns_apply(d, newc, &n);
	d->cfg = newc;
	d->reload->cur = newc;
	if (!d->log_level_fixed)
		cfg_log_apply(&newc->global);
	snprintf(msg, len, "reloaded: %u unchanged, %u added, %u changed, "
		 "%u removed", n.same, n.added, n.changed, n.removed);
	msa_info("%s%s", d->name, msg);
	ike_daemon_tick(d);
	return rc;
}

int ike_daemon_reload_file(struct ike_daemon *d, const char *path, char *msg,
			   size_t len)
{
	struct cfg *newc;
	int rc = cfg_load(path, &newc, msg, len);

	if (rc)
		return rc;
	rc = ike_daemon_reload(d, newc, msg, len);
	if (rc && d->cfg != newc)
		cfg_free(newc);
	return rc;
}
