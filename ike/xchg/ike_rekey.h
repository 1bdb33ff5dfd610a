/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CREATE_CHILD_SA rekeying the IKE SA, with collisions (ike_rekey.c). */
#ifndef IKE_XCHG_IKE_REKEY_H
#define IKE_XCHG_IKE_REKEY_H

#include "state/sa.h"

int ike_rekey_i(struct ikesa *sa);
void ike_rekey_r(struct ikesa *sa, const struct ike_msg *m);
void ike_rekey_i_done(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_XCHG_IKE_REKEY_H */
