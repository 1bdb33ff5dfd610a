/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE_SA_INIT extension notifies (ext.c): IKEV2_FRAGMENTATION_SUPPORTED
 * (RFC 7383) and CHILDLESS_IKEV2_SUPPORTED (RFC 6023). The initiator
 * offers what its connection allows; the responder answers with what was
 * offered and it allows too; each end records what both announced.
 */
#ifndef IKE_XCHG_EXT_H
#define IKE_XCHG_EXT_H

#include "codec/build.h"
#include "state/sa.h"

/* Adds our notifies: to a request (req NULL) or in answer to req. */
int ext_add(const struct ikesa *sa, struct ike_buf *b,
	    const struct ike_msg *req);
/* What the peer's IKE_SA_INIT message m announced, and we allow. */
void ext_take(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_XCHG_EXT_H */
