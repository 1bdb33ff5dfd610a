/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Duplicate IKE SAs of one connection (docs/ike.md). */
#ifndef IKE_XCHG_IKE_DUP_H
#define IKE_XCHG_IKE_DUP_H

#include "state/sa.h"

/* sa was just established: if another live IKE SA of its connection with
 * the same peer exists, the rule of state/sa_dup.h picks the one to keep;
 * the other's work moves to it, and the other's initiator deletes it (we
 * do also when the peer does not share the rule). */
void ike_dup_check(struct ikesa *sa);

#endif /* IKE_XCHG_IKE_DUP_H */
