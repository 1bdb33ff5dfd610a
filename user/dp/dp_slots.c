// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * msa_steer_fast, the array in front of msa_steer: slot = SPI & (SLOTS-1).
 * Every change of an inbound entry goes through here after msa_steer is
 * changed, so a slot never claims fewer entries than msa_steer holds for
 * it. A reader may see a slot mid-update for one packet: at worst that
 * packet goes to the previous owner's CPU; XFRM still decrypts it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "dp.h"
#include "dp_priv.h"
#include "log/log.h"

static uint32_t slot_of(const struct msa_sa_key *k)
{
	return ntohl(k->spi) & (MSA_STEER_SLOTS - 1);
}

static int slot_rw(struct msa_dp *dp, uint32_t slot, struct msa_steer_slot *s,
		   int write)
{
	int fd = dp->fd[MSA_MAP_STEER_FAST];
	int err = write ? bpf_map_update_elem(fd, &slot, s, BPF_ANY)
			: bpf_map_lookup_elem(fd, &slot, s);

	if (err) {
		err = -errno;
		msa_err("steering slot %u: %s", slot, strerror(-err));
	}
	return err;
}

int msa_slot_add(struct msa_dp *dp, const struct msa_sa_key *key,
		 const struct msa_sa_val *val)
{
	uint32_t slot = slot_of(key);
	struct msa_steer_slot s;
	int err = slot_rw(dp, slot, &s, 0);

	if (err)
		return err;
	s.count++;
	if (s.count == 1) {
		s.key = *key;
		s.val = *val;
	} else {
		memset(&s.key, 0, sizeof(s.key));
		memset(&s.val, 0, sizeof(s.val));
	}
	return slot_rw(dp, slot, &s, 1);
}

int msa_slot_update(struct msa_dp *dp, const struct msa_sa_key *key,
		    const struct msa_sa_val *val)
{
	uint32_t slot = slot_of(key);
	struct msa_steer_slot s;
	int err = slot_rw(dp, slot, &s, 0);

	if (err || s.count != 1)
		return err; /* shared slots defer to msa_steer */
	s.val = *val;
	return slot_rw(dp, slot, &s, 1);
}

struct find_ctx {
	uint32_t slot;
	struct msa_steer_slot *s;
};

static int find_in_slot(const struct msa_sa_key *k, const struct msa_sa_val *v,
			void *arg)
{
	struct find_ctx *f = arg;

	if (slot_of(k) != f->slot)
		return 0;
	f->s->key = *k;
	f->s->val = *v;
	return 1; /* found: stop */
}

int msa_slot_del(struct msa_dp *dp, const struct msa_sa_key *key)
{
	uint32_t slot = slot_of(key);
	struct msa_steer_slot s;
	struct find_ctx f = { .slot = slot, .s = &s };
	int err = slot_rw(dp, slot, &s, 0);

	if (err)
		return err;
	if (s.count)
		s.count--;
	if (s.count == 0) {
		memset(&s, 0, sizeof(s));
	} else if (s.count == 1) {
		/* the one entry left: rare (two SPIs shared the slot), O(n) */
		err = msa_dp_sa_foreach(dp, MSA_DIR_IN, find_in_slot, &f);
		if (err < 0)
			return err;
		if (err == 0) /* nothing left after all: out of step */
			memset(&s, 0, sizeof(s));
	}
	return slot_rw(dp, slot, &s, 1);
}
