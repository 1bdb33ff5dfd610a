// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * msa_steer_fast, the array in front of msa_steer: slot = SPI & (slots-1),
 * slots its size (a power of two, dp_sizes.c).
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

static uint32_t slot_of(const struct msa_dp *dp, const struct msa_sa_key *k)
{
	return ntohl(k->spi) & (dp->sz.slots - 1);
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

/* The entries on a slot (slots written before `entries` existed: count). */
static uint32_t entries_of(const struct msa_steer_slot *s)
{
	return s->entries ? s->entries : s->count;
}

int msa_slot_add(struct msa_dp *dp, const struct msa_sa_key *key,
		 const struct msa_sa_val *val)
{
	uint32_t slot = slot_of(dp, key);
	struct msa_steer_slot s;
	int err = slot_rw(dp, slot, &s, 0);

	if (err)
		return err;
	s.entries = entries_of(&s) + 1;
	if (s.entries == 1) {
		s.count = 1;
		s.key = *key;
		s.val = *val;
	} else {
		/* key/val stay: a reader that sees count 1 mid-update still
		 * finds the one entry there before, whole */
		s.count = 2;
	}
	return slot_rw(dp, slot, &s, 1);
}

int msa_slot_update(struct msa_dp *dp, const struct msa_sa_key *key,
		    const struct msa_sa_val *val)
{
	uint32_t slot = slot_of(dp, key);
	struct msa_steer_slot s;
	int err = slot_rw(dp, slot, &s, 0);

	if (err || s.count != 1)
		return err; /* shared slots defer to msa_steer */
	s.val = *val;
	return slot_rw(dp, slot, &s, 1);
}

/* One entry fewer; the last one gone clears the slot. A slot left with
 * one of several keeps deferring to msa_steer (count 2). */
int msa_slot_del(struct msa_dp *dp, const struct msa_sa_key *key)
{
	uint32_t slot = slot_of(dp, key);
	struct msa_steer_slot s;
	int err = slot_rw(dp, slot, &s, 0);

	if (err)
		return err;
	s.entries = entries_of(&s);
	if (s.entries)
		s.entries--;
	if (s.entries == 0)
		memset(&s, 0, sizeof(s));
	return slot_rw(dp, slot, &s, 1);
}
