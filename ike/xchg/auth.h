/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE_AUTH's ID and AUTH payloads, PSK (RFC 7296 2.15). */
#ifndef IKE_AUTH_H
#define IKE_AUTH_H

#include "codec/build.h"
#include "state/sa.h"

int auth_compute(const struct ikesa *sa, bool by_i, const uint8_t *id_body,
		 size_t id_len, uint8_t *out, size_t *out_len);
/* Our ID and AUTH payloads. */
int auth_add_ours(struct ikesa *sa, struct ike_buf *b);
/* 0, -EBADMSG (payloads missing) or -EACCES (ID or AUTH refused). */
int auth_verify_peer(struct ikesa *sa, const struct ike_msg *m);

#endif /* IKE_AUTH_H */
