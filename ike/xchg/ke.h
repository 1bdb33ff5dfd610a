/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pieces IKE_SA_INIT, CREATE_CHILD_SA and the IKE rekey share (ke.c). */
#ifndef IKE_XCHG_KE_H
#define IKE_XCHG_KE_H

#include "codec/build.h"
#include "state/sa.h"

/* A malloc'd copy of len octets (a message kept for AUTH). */
uint8_t *ike_memdup(const uint8_t *buf, size_t len);
/* The KE payload of our key. */
int ike_add_ke(struct ike_buf *b, const struct ike_dh_key *dh);
/* The SK protection of both directions from sa->keys. */
int isa_aead_init(struct ikesa *sa);

#endif /* IKE_XCHG_KE_H */
