/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CREATE_CHILD_SA rekeying a Child SA, with collisions (child_rekey.c). */
#ifndef IKE_XCHG_CHILD_REKEY_H
#define IKE_XCHG_CHILD_REKEY_H

#include "state/sa.h"

int child_rekey_i(struct ikesa *sa, const struct task *t);
void child_rekey_r(struct ikesa *sa, const struct ike_msg *m);
void child_rekey_i_done(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_XCHG_CHILD_REKEY_H */
