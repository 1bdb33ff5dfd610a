/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reassembly of fragmented messages (RFC 7383 2.6), one per IKE SA and
 * direction: the request we expect and the response to ours. Only
 * fragments whose ICV verified are handed here, decrypted. Bounded by
 * fragments_max (fragments of one message), 64 KiB per message,
 * fragment_memory for the whole daemon (of which a responder's half-open
 * IKE SA, whose peer is not authenticated yet, may hold fragment_memory /
 * half_open_max, at least IKE_FRAG_HALF_OPEN_MIN)
 * and IKE_FRAG_TIMEOUT_MS.
 */
#ifndef IKE_STATE_FRAG_H
#define IKE_STATE_FRAG_H

#include "sa.h"

#define IKE_FRAG_TIMEOUT_MS	30000	/* an incomplete message is dropped */
#define IKE_FRAG_MSG_MAX	65536	/* octets of one reassembled message */
#define IKE_FRAG_COST		32	/* bookkeeping charged per fragment */
#define IKE_FRAG_HALF_OPEN_MIN	16384	/* a half-open SA's share, at least */

struct frag_asm {
	uint32_t msgid;
	uint16_t total, have;
	uint8_t first_np;		/* from fragment 1 */
	uint64_t expire_ms;
	size_t bytes;			/* the fragments' octets */
	size_t charged;			/* to d->frag_bytes: octets, the part
					 * array, FRAG_COST per fragment */
	struct { uint8_t *p; size_t len; } part[];	/* total of them */
};

enum frag_res {
	FRAG_KEPT,	/* more to come */
	FRAG_DONE,	/* every fragment is in: frag_take() */
	FRAG_DROP,	/* a duplicate, stale or over a limit: dropped */
};

/* One fragment (num of total, RFC 7383 numbering from 1) of message
 * msgid; np is the SKF's Next Payload (the first inner type in
 * fragment 1). */
enum frag_res frag_keep(struct ikesa *sa, bool response, uint32_t msgid,
			uint16_t num, uint16_t total, uint8_t np,
			const uint8_t *plain, size_t len);
/* The reassembled inner payload chain (malloc'd; wipe and free it), its
 * first payload type in *first_np; the reassembly is gone after. */
uint8_t *frag_take(struct ikesa *sa, bool response, size_t *len,
		   uint8_t *first_np);
/* Forget a reassembly (wiped), or both. */
void frag_drop(struct ikesa *sa, bool response);
void frag_drop_all(struct ikesa *sa);
/* Drop what is past IKE_FRAG_TIMEOUT_MS; the next such deadline. */
void frag_expire(struct ikesa *sa);
uint64_t frag_due(const struct ikesa *sa);

#endif /* IKE_STATE_FRAG_H */
