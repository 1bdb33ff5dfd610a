/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Configured connections brought up (conn.c). */
#ifndef IKE_CORE_CONN_H
#define IKE_CORE_CONN_H

#include "state/sa.h"

/* Is sa the new IKE SA of another's IKE rekey in flight? */
bool conn_rekeying(const struct ike_daemon *d, const struct ikesa *sa);
/* conn's live IKE SA (established or being set up), or NULL. */
struct ikesa *conn_ike_sa(struct ike_daemon *d, const struct cfg_conn *c);
/* Bring up one child (all if only is NULL) of conn, creating the IKE SA if
 * needed: 0, -EALREADY (all up), or -errno. */
int conn_up(struct ike_daemon *d, const struct cfg_conn *conn,
	    const struct cfg_child *only);
/* One IKE SA: deleted with the peer if established, dropped if half
 * open; -EALREADY if its Delete is in flight or it is the new SA of our
 * IKE rekey (the old one's Delete passes to it). */
int conn_sa_down(struct ike_daemon *d, struct ikesa *sa);
/* Delete conn's IKE SAs with the peer (half-open ones dropped): the
 * number it had. */
int conn_down(struct ike_daemon *d, const struct cfg_conn *conn);
/* Its start actions: start initiates, trap installs trap policies. */
void conn_start(struct ike_daemon *d, const struct cfg_conn *conn);

#endif /* IKE_CORE_CONN_H */
