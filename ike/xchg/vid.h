/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Our Vendor ID (RFC 7296 3.12) in IKE_SA_INIT, both roles: a peer that
 * sends it resolves crossed per-CPU creations as we do (pcpu_bind.c).
 * Others ignore it.
 */
#ifndef IKE_XCHG_VID_H
#define IKE_XCHG_VID_H

#include "codec/build.h"
#include "state/sa.h"

int vid_add(struct ike_buf *b);
/* Did the peer's IKE_SA_INIT carry our Vendor ID? Sets sa->peer_multisa. */
void vid_take(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_XCHG_VID_H */
