// SPDX-License-Identifier: GPL-2.0-or-later
/* Datapath SA ids: a bitmap, searched from the last id handed out, so that
 * an id freed is not reused at once (its counters were just read). */
#include "ike.h"
#include "sa_id.h"

static bool used(const struct ike_daemon *d, uint32_t id)
{
	return d->sa_ids[id / 64] >> (id % 64) & 1;
}

uint32_t sa_id_take(struct ike_daemon *d)
{
	for (uint32_t n = 1; n < MSA_MAX_SA; n++) {
		uint32_t id = (d->next_sa_id + n) % MSA_MAX_SA;

		if (id && !used(d, id)) {
			d->sa_ids[id / 64] |= 1ull << (id % 64);
			d->next_sa_id = id;
			return id;
		}
	}
	return 0;
}

void sa_id_put(struct ike_daemon *d, uint32_t id)
{
	if (id && id < MSA_MAX_SA)
		d->sa_ids[id / 64] &= ~(1ull << (id % 64));
}
