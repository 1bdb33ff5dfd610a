/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The maps, defined once for every BPF object; pinned by name under the pin
 * root (default /sys/fs/bpf/multisa/) so all programs and multisactl share
 * them, with BTF so `bpftool map dump pinned` prints readable structs.
 */
#ifndef MSA_BPF_MAPS_H
#define MSA_BPF_MAPS_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "msa_abi.h"

/* Inbound SAs: (daddr, SPI) -> (SA id, owning CPU). Written by user/
 * (daemon or multisactl) when an inbound SA is installed, removed when it is
 * deleted. Read by XDP (steering) and TC ingress (classification). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct msa_sa_key);
	__type(value, struct msa_sa_val);
	__uint(max_entries, MSA_MAX_SAS_DEFAULT);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_steer SEC(".maps");

/* The front of msa_steer (see struct msa_steer_slot): SPI low bits ->
 * the one entry there, or "none", or "several: ask msa_steer". Written by
 * user/ with every msa_steer change; read by XDP and TC ingress. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct msa_steer_slot);
	__uint(max_entries, MSA_STEER_SLOTS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_steer_fast SEC(".maps");

/* Outbound SAs: (peer daddr, SPI) -> (SA id, CPU or MSA_CPU_ANY for the
 * fallback). Written by user/ with the outbound SA, read by TC egress. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct msa_sa_key);
	__type(value, struct msa_sa_val);
	__uint(max_entries, MSA_MAX_SAS_DEFAULT);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_txsa SEC(".maps");

/* CPU -> cpumap queue. Sized by user/ to the possible CPUs at load and
 * filled for the online ones at attach; XDP redirects into it. */
struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
	__uint(max_entries, MSA_MAX_CPUS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_cpumap SEC(".maps");

/* enum msa_ctr -> packets, per CPU. Written by every program, read by
 * multisactl stats. Lives as long as the pin. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MSA_CTR_MAX);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_counters SEC(".maps");

/* enum msa_ctr -> packets, per CPU, written by user/ alone: the derived
 * verdicts (see msa_abi.h) of SAs that left msa_steer or changed CPU, so
 * the totals never go back. BPF programs do not touch it. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MSA_CTR_MAX);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_retired SEC(".maps");

/* SA id -> per-CPU packet/byte counters. Slot zeroed by user/ when an SA
 * takes the id; written by every program; read by multisactl stats. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct msa_sa_ctrs);
	__uint(max_entries, MSA_MAX_SAS_DEFAULT);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_sa_stats SEC(".maps");

/* The slot of an SPI in msa_steer_fast: its low bits. Set before load
 * to msa_steer_fast's size - 1 (user/dp/dp_load.c). */
const volatile __u32 msa_slot_mask = MSA_STEER_SLOTS - 1;

/* Runtime knobs (key 0), written by multisactl set, read per packet. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct msa_config);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} msa_config SEC(".maps");

static __always_inline void msa_count(enum msa_ctr id)
{
	__u32 key = id;
	__u64 *v = bpf_map_lookup_elem(&msa_counters, &key);

	if (v)
		*v += 1;
}

static __always_inline struct msa_sa_ctrs *msa_sa_ctrs(__u32 sa_id)
{
	return bpf_map_lookup_elem(&msa_sa_stats, &sa_id);
}

/* Exact (daddr, SPI) first, then the SPI-only wildcard. */
static __always_inline struct msa_sa_val *msa_sa_lookup(void *map,
							struct msa_sa_key *key)
{
	struct msa_sa_val *v = bpf_map_lookup_elem(map, key);
	struct msa_sa_key any = { .spi = key->spi };

	if (v)
		return v;
	return bpf_map_lookup_elem(map, &any);
}

/* The packet's key (pad zero, as built by msa_classify) against an entry:
 * three 8-octet words, or the SPI alone for the SPI-only wildcard. Both
 * are 8-aligned (stack; array value). */
static __always_inline int msa_key_match(const struct msa_sa_key *entry,
					 const struct msa_sa_key *pkt)
{
	const __u64 *e = (const __u64 *)entry, *p = (const __u64 *)pkt;

	if (entry->family == 0) /* the SPI-only wildcard */
		return entry->spi == pkt->spi;
	return e[0] == p[0] && e[1] == p[1] && e[2] == p[2];
}

/* Inbound SA of a packet: the slot array first (one array lookup for most
 * SPIs, hits and misses alike), msa_steer only when SPIs share the slot.
 * Copies the value: an entry may go away while we use it. */
static __always_inline int msa_steer_lookup(struct msa_sa_key *key,
					    struct msa_sa_val *out)
{
	__u32 slot = bpf_ntohl(key->spi) & msa_slot_mask;
	struct msa_steer_slot *s = bpf_map_lookup_elem(&msa_steer_fast, &slot);
	struct msa_sa_val *v;

	if (!s || s->count == 0)
		return 0;
	if (s->count == 1) {
		if (!msa_key_match(&s->key, key))
			return 0;
		*out = s->val;
		return 1;
	}
	v = msa_sa_lookup(&msa_steer, key);
	if (!v)
		return 0;
	*out = *v;
	return 1;
}

#endif /* MSA_BPF_MAPS_H */
