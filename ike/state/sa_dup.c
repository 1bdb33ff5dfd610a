// SPDX-License-Identifier: GPL-2.0-or-later
/* Duplicate IKE SAs of one connection: which one both ends keep. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec/nonce.h"
#include "ike.h"
#include "sa_dup.h"
#include "task.h"

bool isa_live(const struct ikesa *sa)
{
	return sa->state == ISA_ESTABLISHED &&
	       !isa_queued(sa, X_DELETE_IKE, 0);
}

bool isa_same_id(const struct ikesa *a, const struct ikesa *b)
{
	return a->conn == b->conn && a->peer_id_type == b->peer_id_type &&
	       a->peer_id_len == b->peer_id_len &&
	       (!a->peer_id_len || !memcmp(a->peer_id, b->peer_id,
					   a->peer_id_len));
}

bool isa_same_peer(const struct ikesa *a, const struct ikesa *b)
{
	return isa_same_id(a, b) &&
	       !memcmp(&a->remote.ip, &b->remote.ip, sizeof(a->remote.ip));
}

bool isa_dup_pair(const struct ikesa *a, const struct ikesa *b)
{
	return a->initiator != b->initiator && isa_same_peer(a, b);
}

static void lower_nonce(const struct ikesa *sa, uint8_t *out, uint8_t *len)
{
	struct ike_span ni = { sa->ni, sa->ni_len }, nr = { sa->nr, sa->nr_len };

	nonce_min2(&ni, &nr, out, len, 255);
}

bool isa_dup_loses(const struct ikesa *a, const struct ikesa *b)
{
	uint8_t am[255], bm[255], al, bl;
	int r;

	lower_nonce(a, am, &al);
	lower_nonce(b, bm, &bl);
	r = nonce_cmp(am, al, bm, bl);
	if (r)
		return r < 0;
	/* equal nonces: only a broken peer; the lower initiator SPI loses */
	return a->spi_i < b->spi_i;
}

int isa_set_peer_id(struct ikesa *sa, uint8_t type, const uint8_t *id,
		    size_t len)
{
	uint8_t *copy = NULL;

	if (len > UINT16_MAX)
		return -EINVAL;
	if (len && !(copy = malloc(len)))
		return -ENOMEM;
	if (len)
		memcpy(copy, id, len);
	free(sa->peer_id);
	sa->peer_id = copy;
	sa->peer_id_len = (uint16_t)len;
	sa->peer_id_type = type;
	return 0;
}

uint32_t isa_count_peer_id(const struct ike_daemon *d,
			   const struct ikesa *skip)
{
	uint32_t n = 0;

	for (const struct ikesa *o = d->sas; o; o = o->next)
		if (o != skip && o->state == ISA_ESTABLISHED &&
		    isa_same_id(o, skip))
			n++;
	return n;
}
