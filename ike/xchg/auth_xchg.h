/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE_AUTH with the first Child SA (auth_xchg.c). */
#ifndef IKE_XCHG_AUTH_XCHG_H
#define IKE_XCHG_AUTH_XCHG_H

#include "state/sa.h"

int auth_i_send(struct ikesa *sa);
void auth_r(struct ikesa *sa, const struct ike_msg *m);
void auth_i_done(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_XCHG_AUTH_XCHG_H */
