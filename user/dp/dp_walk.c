// SPDX-License-Identifier: GPL-2.0-or-later
/* Walking the SA entries of one direction (msa_dp_sa_foreach). */
#include <errno.h>
#include <bpf/bpf.h>

#include "dp.h"
#include "dp_priv.h"

int msa_dp_sa_foreach(struct msa_dp *dp, enum msa_dir dir, msa_sa_cb cb,
		      void *arg)
{
	struct msa_sa_key key, next;
	struct msa_sa_val val;
	const void *prev = NULL;
	int fd = msa_dp_sa_fd(dp, dir), err;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &val))
			continue; /* deleted meanwhile */
		err = cb(&key, &val, arg);
		if (err)
			return err;
	}
	return errno == ENOENT ? 0 : -errno;
}
