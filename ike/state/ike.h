/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's state as every layer reads it: configuration, the kernel
 * side, the clock, the IKE SAs (list, SPI hash, timer heap), counters.
 * Its functions are core/daemon.h's; this header only holds the data.
 */
#ifndef IKE_STATE_IKE_H
#define IKE_STATE_IKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

struct ike_io {
	/* Send one IKE message (without the non-ESP marker) from local to
	 * remote. 0 or -errno; failures are logged by the caller. */
	int (*send)(void *ctx, const struct ike_addr *local,
		    const struct ike_addr *remote, const uint8_t *buf,
		    size_t len);
	/* A NAT keepalive (RFC 3948 2.3) for an IKE SA behind a NAT; may be
	 * NULL. */
	int (*keepalive)(void *ctx, const struct ike_addr *local,
			 const struct ike_addr *remote);
	void *ctx;
};

struct ike_stats {
	uint64_t rx, tx, retransmits, dropped, bad_msgs, ike_up, child_up;
	uint64_t bugs;		/* refused state transitions (fsm.c) */
};

/* A binary min-heap of IKE SAs by their next deadline (timer.c). */
struct ike_timers {
	struct ikesa **h;
	uint32_t n, cap;
};

struct ike_daemon {
	const struct cfg *cfg;
	struct msa_kernel *k;
	struct msa_kcaps caps;
	struct ike_io io;
	uint64_t now_ms;
	struct ikesa *sas;
	struct ikesa *hash[256];
	struct ike_timers timers;
	uint64_t *cpus_off;		/* bit per possible CPU now offline */
	uint32_t n_sas;
	uint32_t n_half_open;
	uint64_t next_id;
	uint32_t next_sa_id;
	uint8_t cookie_secret[32];
	struct ike_stats st;
	const char *name;		/* log prefix, for two in one process */
};

/* A possible CPU of ours that is online (not hot-unplugged). */
static inline bool ike_cpu_online(const struct ike_daemon *d, uint32_t cpu)
{
	return cpu < d->caps.ncpus &&
	       !(d->cpus_off && (d->cpus_off[cpu / 64] >> (cpu % 64) & 1));
}

#endif /* IKE_STATE_IKE_H */
