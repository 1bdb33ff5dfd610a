// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Walking the SA entries of one direction (msa_dp_sa_foreach), a batch of
 * entries per bpf() call (BPF_MAP_LOOKUP_BATCH, hash buckets whole). One
 * lookup per key took two calls per SA, and a delete during the walk made
 * bpf_map_get_next_key start again from the first key; the batch cursor is
 * a bucket index and goes on. bench/dp_read measures the difference.
 */
#include <errno.h>
#include <stdlib.h>
#include <bpf/bpf.h>

#include "dp.h"
#include "dp_priv.h"

#define WALK_BATCH 256
#define WALK_BATCH_MAX 65536	/* a bucket larger than this: -ENOSPC */

struct walk_buf {
	struct msa_sa_key *keys;
	struct msa_sa_val *vals;
	uint32_t cap;
};

static int buf_grow(struct walk_buf *b, uint32_t cap)
{
	free(b->keys);
	free(b->vals);
	b->keys = calloc(cap, sizeof(*b->keys));
	b->vals = calloc(cap, sizeof(*b->vals));
	b->cap = cap;
	return b->keys && b->vals ? 0 : -ENOMEM;
}

/* One batch: 1 more to come, 0 the last, or -errno. A bucket larger than
 * the buffer (-ENOSPC, nothing read) doubles it and is tried again. */
static int walk_batch(int fd, uint32_t *cursor, bool first,
		      struct walk_buf *b, uint32_t *n)
{
	uint32_t next;

	for (;;) {
		*n = b->cap;
		if (!bpf_map_lookup_batch(fd, first ? NULL : cursor, &next,
					  b->keys, b->vals, n, NULL)) {
			*cursor = next;
			return 1;
		}
		if (errno == ENOENT)
			return 0;
		if (errno != ENOSPC || b->cap >= WALK_BATCH_MAX)
			return -errno;
		if (buf_grow(b, b->cap * 2))
			return -ENOMEM;
	}
}

int msa_dp_sa_foreach(struct msa_dp *dp, enum msa_dir dir, msa_sa_cb cb,
		      void *arg)
{
	struct walk_buf b = { 0 };
	uint32_t cursor = 0, n;
	int fd = msa_dp_sa_fd(dp, dir), more = 1, err = buf_grow(&b, WALK_BATCH);

	for (bool first = true; !err && more > 0; first = false) {
		more = walk_batch(fd, &cursor, first, &b, &n);
		if (more < 0)
			err = more;
		for (uint32_t i = 0; !err && i < n; i++)
			err = cb(&b.keys[i], &b.vals[i], arg);
	}
	free(b.keys);
	free(b.vals);
	return err;
}
