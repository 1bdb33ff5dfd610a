/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE_SA_INIT (RFC 7296 1.2): initiator (sa_init.c), responder (sa_init_r.c). */
#ifndef IKE_XCHG_SA_INIT_H
#define IKE_XCHG_SA_INIT_H

#include "state/sa.h"

/* A new IKE SA of conn, its IKE_SA_INIT request sent. */
int sa_init_start(struct ike_daemon *d, const struct cfg_conn *conn,
		  struct ikesa **out);
void sa_init_request(struct ike_daemon *d, const struct ike_msg *m,
		     const uint8_t *buf, size_t len,
		     const struct ike_addr *local,
		     const struct ike_addr *remote);
void sa_init_response(struct ike_daemon *d, const struct ike_msg *m,
		      const uint8_t *buf, size_t len,
		      const struct ike_addr *remote);
/* SKEYSEED and the SK_x from our DH key and the peer's KE data. */
int sa_init_derive(struct ikesa *sa, const struct ike_span *peer_ke);

#endif /* IKE_XCHG_SA_INIT_H */
