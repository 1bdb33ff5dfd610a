/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Duplicate IKE SAs: when both gateways start an IKE SA of one connection
 * at the same moment, two come up. Both ends pick the same one to keep by
 * a rule they compute alike from the nonces, as RFC 7296 2.8.1 resolves
 * crossed rekeys (docs/ike.md, "Duplicate IKE SAs").
 */
#ifndef IKE_STATE_SA_DUP_H
#define IKE_STATE_SA_DUP_H

#include "sa.h"

/* Established, and no Delete of it queued or in flight. */
bool isa_live(const struct ikesa *sa);
/* The same connection with the same authenticated peer identity. */
bool isa_same_id(const struct ikesa *a, const struct ikesa *b);
/* ... and the same peer address. */
bool isa_same_peer(const struct ikesa *a, const struct ikesa *b);
/* Duplicates: the same peer, and one started by each end (the race). Two
 * that one end started on purpose (two connections the peer cannot tell
 * apart, a reauthentication) are not. */
bool isa_dup_pair(const struct ikesa *a, const struct ikesa *b);
/* Of two duplicates, is a the one to delete? The one whose lower nonce is
 * the lowest of the four loses; both ends know all four. */
bool isa_dup_loses(const struct ikesa *a, const struct ikesa *b);
/* The peer's authenticated identity, kept for the two checks above and
 * the per-identity limit (a copy; replaces an older one). */
int isa_set_peer_id(struct ikesa *sa, uint8_t type, const uint8_t *id,
		    size_t len);
/* Established IKE SAs of skip's connection and peer identity, but skip. */
uint32_t isa_count_peer_id(const struct ike_daemon *d,
			   const struct ikesa *skip);

#endif /* IKE_STATE_SA_DUP_H */
