// SPDX-License-Identifier: GPL-2.0-or-later
/* Datapath SA ids: a bitmap, searched from the last id handed out, so that
 * an id freed is not reused at once (its counters were just read). Full
 * words are skipped whole: a search costs at most sa_ids / 64 steps. */
#include <errno.h>
#include <stdlib.h>

#include "ike.h"
#include "sa_id.h"

int sa_ids_init(struct ike_daemon *d)
{
	if (!d->caps.sa_ids)
		return 0;
	d->sa_ids = calloc((d->caps.sa_ids + 63) / 64, sizeof(uint64_t));
	return d->sa_ids ? 0 : -ENOMEM;
}

static bool used(const struct ike_daemon *d, uint32_t id)
{
	return d->sa_ids[id / 64] >> (id % 64) & 1;
}

uint32_t sa_id_take(struct ike_daemon *d)
{
	uint32_t n = d->caps.sa_ids, id = d->next_sa_id;

	if (!d->sa_ids)
		return 0;
	for (uint32_t seen = 0; seen < n; ) {
		id = (id + 1) % n;
		if (id % 64 == 0 && d->sa_ids[id / 64] == UINT64_MAX &&
		    id + 64 <= n) {
			id += 63;	/* a full word: on to the next */
			seen += 64;
			continue;
		}
		seen++;
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
	if (d->sa_ids && id && id < d->caps.sa_ids)
		d->sa_ids[id / 64] &= ~(1ull << (id % 64));
}
