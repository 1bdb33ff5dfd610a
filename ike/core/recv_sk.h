/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The protected part of a received message: SK, or SKF fragments
 * (RFC 7383) verified one by one and reassembled (recv_sk.c). */
#ifndef IKE_CORE_RECV_SK_H
#define IKE_CORE_RECV_SK_H

#include "state/sa.h"

/*
 * Verifies and decrypts m's SK payload in buf, or keeps its SKF fragment,
 * and parses the inner payloads into m. 0: m is whole; *whole is the
 * reassembled plaintext m points into (NULL for SK), to be freed with
 * recv_sk_free() after m's last use. -EAGAIN: a fragment kept, more to
 * come. -EACCES: dropped (does not verify, or a fragment refused).
 * -EBADMSG: malformed inside (m->error_* set).
 */
int recv_sk_open(struct ikesa *sa, struct ike_msg *m, uint8_t *buf,
		 size_t len, uint8_t **whole, size_t *whole_len);
void recv_sk_free(uint8_t *whole, size_t len);
/* Only checks (and decrypts in place) m's SK or SKF: 0 if it verifies. */
int recv_sk_verify(struct ikesa *sa, const struct ike_msg *m, uint8_t *buf,
		   size_t len);

#endif /* IKE_CORE_RECV_SK_H */
