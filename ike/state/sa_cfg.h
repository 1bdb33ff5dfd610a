/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE SAs and the configuration they run under (sa_cfg.c): on reload an
 * unchanged connection's SAs move to the new copy of it. */
#ifndef IKE_STATE_SA_CFG_H
#define IKE_STATE_SA_CFG_H

#include "sa.h"

/* Every SA of conn from, its children, queued work and waiting acquires,
 * now refer to to (cfg_conn_same(from, to): the children match by order). */
void isa_repoint(struct ike_daemon *d, const struct cfg_conn *from,
		 const struct cfg_conn *to);
/* Does any IKE SA run under conn? */
bool isa_conn_in_use(const struct ike_daemon *d, const struct cfg_conn *conn);

#endif /* IKE_STATE_SA_CFG_H */
