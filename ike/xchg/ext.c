// SPDX-License-Identifier: GPL-2.0-or-later
/* IKE_SA_INIT extension notifies (ext.h). */
#include "codec/wire.h"
#include "ext.h"

static bool frag_ok(const struct ikesa *sa)
{
	return sa->conn->fragmentation;
}

static bool childless_ok(const struct ikesa *sa)
{
	return sa->conn->childless != CFG_CHILDLESS_NEVER;
}

int ext_add(const struct ikesa *sa, struct ike_buf *b,
	    const struct ike_msg *req)
{
	if (frag_ok(sa) &&
	    (!req || ike_msg_notify(req, IKE_N_FRAGMENTATION_SUPPORTED)))
		ike_build_notify_data(b, IKE_N_FRAGMENTATION_SUPPORTED, NULL, 0);
	if (childless_ok(sa) &&
	    (!req || ike_msg_notify(req, IKE_N_CHILDLESS_IKEV2_SUPPORTED)))
		ike_build_notify_data(b, IKE_N_CHILDLESS_IKEV2_SUPPORTED, NULL,
				      0);
	return b->err;
}

void ext_take(struct ikesa *sa, const struct ike_msg *m)
{
	sa->frag = frag_ok(sa) &&
		   ike_msg_notify(m, IKE_N_FRAGMENTATION_SUPPORTED);
	sa->peer_childless = childless_ok(sa) &&
			     ike_msg_notify(m, IKE_N_CHILDLESS_IKEV2_SUPPORTED);
}
