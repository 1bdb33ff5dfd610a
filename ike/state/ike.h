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
#include "msa_abi.h"

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
	/* Datagrams the kernel dropped at our sockets so far (status,
	 * metrics); may be NULL. */
	uint64_t (*drops)(void *ctx);
};

struct ike_stats {
	uint64_t rx, tx, retransmits, dropped, bad_msgs, ike_up, child_up;
	uint64_t bugs;		/* refused state transitions (fsm.c) */
	/* limits hit (docs/security.md) */
	uint64_t lim_child_sas;	/* a Child SA past child_sas_max */
	uint64_t lim_rekeyed;	/* an old SA deleted after rekeyed_grace */
	uint64_t lim_half_open;	/* IKE_SA_INIT dropped: half_open_max */
	uint64_t lim_half_open_src;	/* ... half_open_per_source */
	uint64_t lim_ike_sas;	/* ... ike_sas_max or ike_sas_per_peer */
	uint64_t lim_ike_sas_id;	/* IKE_AUTH refused: ike_sas_per_id */
	uint64_t lim_log_clients;	/* a `log` stream past the 4th refused */
	uint64_t lim_log_backlog;	/* lines a slow `log` reader lost */
	uint64_t ike_dups;	/* duplicate IKE SAs resolved (sa_dup.h) */
	uint64_t sa_ids_retired;	/* datapath ids of SAs the kernel kept */
	uint64_t child_rekeys, ike_rekeys;	/* done, either end starting */
	uint64_t tsmq_sent, tsmq_recv;	/* TS_MAX_QUEUE (RFC 9611) */
	uint64_t cookies;	/* COOKIE answers sent */
	/* RFC 7383 */
	uint64_t frags_tx, frags_rx;	/* fragments sent, kept */
	uint64_t frag_msgs_rx;		/* messages reassembled */
	uint64_t frags_dropped;		/* duplicates, stale, over a limit */
	uint64_t lim_frags;		/* fragments_max or fragment_memory */
};

/* At most per_sec events a second (log lines, unprotected replies a peer
 * can provoke); the rest counted. */
struct ike_budget {
	uint64_t sec;
	uint32_t used;
	uint64_t suppressed;
};

/* A binary min-heap of IKE SAs by their next deadline (timer.c). */
struct ike_timers {
	struct ikesa **h;
	uint32_t n, cap;
};

struct ike_reload;
struct traffic_row;

struct ike_daemon {
	const struct cfg *cfg;
	struct ike_reload *reload;	/* core/reload.h; NULL: none yet */
	bool log_level_fixed;		/* -v: a reload keeps the log level */
	const char *cfg_path;		/* what a reload reads; NULL: none */
	bool stopping;			/* shutting down: start nothing */
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
	uint64_t frag_bytes;		/* kept by every reassembly (frag.c) */
	uint64_t next_id;
	uint32_t next_sa_id;		/* where the id search goes on */
	uint64_t *sa_ids;		/* caps.sa_ids bits: in use (sa_id.c) */
	uint8_t cookie_secret[32];
	struct ike_stats st;
	struct traffic_row *traffic;	/* totals past SAs (traffic.h) */
	struct ike_budget log_budget;	/* peer-provoked log lines */
	struct ike_budget reply_budget;	/* unprotected error replies */
	const char *name;		/* log prefix, for two in one process */
};

/* A possible CPU of ours that is online (not hot-unplugged). */
static inline bool ike_cpu_online(const struct ike_daemon *d, uint32_t cpu)
{
	return cpu < d->caps.ncpus &&
	       !(d->cpus_off && (d->cpus_off[cpu / 64] >> (cpu % 64) & 1));
}

#define IKE_LOG_PER_S	20	/* peer-provoked log lines a second */
#define IKE_REPLY_PER_S	200	/* unprotected error replies a second */

/* May one more happen this second? */
static inline bool ike_budget_take(struct ike_budget *b, uint64_t now_ms,
				   uint32_t per_sec)
{
	if (now_ms / 1000 != b->sec) {
		b->sec = now_ms / 1000;
		b->used = 0;
	}
	if (b->used < per_sec) {
		b->used++;
		return true;
	}
	b->suppressed++;
	return false;
}

/* A log line a peer provoked: at most IKE_LOG_PER_S a second. */
#define ike_peer_log(d, lvl, fmt, ...) do { \
	if (ike_budget_take(&(d)->log_budget, (d)->now_ms, IKE_LOG_PER_S)) \
		msa_log(lvl, "%s" fmt, (d)->name, ##__VA_ARGS__); \
} while (0)

#endif /* IKE_STATE_IKE_H */
