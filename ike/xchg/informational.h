/* SPDX-License-Identifier: GPL-2.0-or-later */
/* INFORMATIONAL: Delete of Child SAs and the IKE SA, DPD (informational.c). */
#ifndef IKE_XCHG_INFORMATIONAL_H
#define IKE_XCHG_INFORMATIONAL_H

#include "state/sa.h"

int delete_child_i(struct ikesa *sa, const struct task *t);
int delete_ike_i(struct ikesa *sa);
int dpd_i(struct ikesa *sa);
/* N(AUTHENTICATION_FAILED) to the responder whose AUTH we refused. */
int auth_failed_i(struct ikesa *sa);
void informational_r(struct ikesa *sa, const struct ike_msg *m);
void informational_i_done(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_XCHG_INFORMATIONAL_H */
