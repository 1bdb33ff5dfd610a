/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE SA and Child SA state: what multisad keeps between messages, and
 * their lifecycle in memory (sa.c). Nothing here talks to the kernel or
 * the network: the layers above do (child/, xchg/, core/).
 *
 * An IKE SA has one explicit state (enum isa_state) changed only through
 * isa_set_state() (fsm.c), which refuses what its table does not allow. At
 * most one exchange of ours is in flight (window size 1, RFC 7296 2.3):
 * sa->x. Work waiting for the window sits in sa->queue (task.c); the SA's
 * next deadline sits in the daemon's timer heap (timer.c). Child SAs hang
 * off their IKE SA; many children may share one configuration and one
 * pair of traffic selectors (RFC 9611), each with its own SPIs, keys and
 * CPU.
 */
#ifndef IKE_SA_H
#define IKE_SA_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "crypto/crypto.h"
#include "codec/msg.h"
#include "log/log.h"
#include "msa_kernel.h"

#define IKE_NONCE_LEN	32
#define IKE_MSG_MAX	16384	/* our messages (more goes in fragments, RFC 7383);
				 * received ones up to 64 KiB */
#define IKE_NATT_PORT	4500	/* RFC 3948 */
#define IKE_RESID_MAX	8	/* resource id octets we send (RFC 9611) */

struct ike_daemon;

#define isa_log(lvl, sa, fmt, ...) \
	msa_log(lvl, "%s%s: " fmt, (sa)->d->name, isa_name(sa), ##__VA_ARGS__)
#define isa_info(sa, ...)  isa_log(MSA_LOG_INFO, sa, __VA_ARGS__)
#define isa_warn(sa, ...)  isa_log(MSA_LOG_WARN, sa, __VA_ARGS__)
#define isa_debug(sa, ...) isa_log(MSA_LOG_DEBUG, sa, __VA_ARGS__)

/* A UDP endpoint. */
struct ike_addr {
	struct msa_ip ip;
	uint16_t port;		/* host order */
};

enum isa_state {
	ISA_INIT_I,		/* initiator: IKE_SA_INIT sent */
	ISA_INIT_R,		/* responder: IKE_SA_INIT answered */
	ISA_AUTH_I,		/* initiator: IKE_AUTH sent */
	ISA_ESTABLISHED,
	ISA_REKEYED,		/* replaced by a new IKE SA, to be deleted */
	ISA_DELETING,		/* our Delete is in flight */
	ISA_DEAD,		/* gone: freed at the end of this event */
	ISA_STATE_COUNT,
};

enum child_state {
	CHILD_CREATING,		/* negotiating; not in the kernel yet */
	CHILD_INSTALLED,	/* in the kernel, carrying traffic */
	CHILD_REKEYING,		/* a rekey of it is in flight */
	CHILD_REKEYED,		/* replaced; its Delete is pending */
	CHILD_DELETING,		/* our Delete is in flight */
	CHILD_STATE_COUNT,
};

/* A per-CPU acquire waiting for its child's fallback SA (pcpu.c). */
struct pcpu_wait {
	struct pcpu_wait *next;
	const struct cfg_child *cfg;
	uint32_t cpu;
};

struct child_sa {
	struct child_sa *next;
	const struct cfg_child *cfg;
	uint8_t state;		/* enum child_state */
	uint32_t reqid;		/* shared by all children of one cfg_child */
	uint32_t spi_in, spi_out;	/* host order; spi_in is ours */
	uint32_t sa_id_in, sa_id_out;	/* datapath ids; 0: none */
	uint32_t cpu;		/* MSA_KCPU_NONE: regular or fallback SA */
	bool per_cpu;		/* RFC 9611 agreed for this child */
	bool installed;
	bool out_skipped;	/* per-CPU: this CPU has an outbound SA already */
	uint16_t encap_sport_out;	/* per_cpu_sas = encap; 0: IKE port */
	uint8_t mode;		/* enum msa_kmode */
	bool esn;
	struct ike_crypto_suite suite;	/* ESP: prf 0 */
	uint8_t proposal_num;	/* responder: the peer's proposal chosen */
	uint16_t pfs_group;	/* 0: none */
	bool initiated;		/* we initiated the exchange creating it */
	struct ike_ts_set ts_l, ts_r;	/* as agreed: local, remote side */
	uint8_t resid_len, peer_resid_len;
	uint8_t resid[IKE_RESID_MAX], peer_resid[IKE_RESID_MAX];
	uint64_t created_ms, rekey_ms, expire_ms;	/* daemon clock */
	uint64_t id;		/* unique per daemon, for the control socket */
	uint64_t rekey_of;	/* id of the child this one replaces */
	/* Responder, per-CPU: bound to the CPU of our own request (this id)
	 * that crossed it on the wire (pcpu_bind.c). */
	uint64_t crossed_with;
	bool leaving;		/* its Delete is decided (a crossing's redundant
				 * SA): no longer counts on its CPU */
	/* Initiator, per-CPU: the peer bound this SA to the CPU of its own
	 * request with this SPI (ours: its spi_out), which crossed it; 0: no */
	uint32_t peer_crossed_spi;
	/* The lowest nonce of the exchange that made it (collisions, 2.8.1). */
	uint8_t nonce_min_len;
	uint8_t nonce_min[64];
};

enum xchg_kind {
	X_NONE,
	X_SA_INIT,
	X_AUTH,
	X_CHILD_CREATE,
	X_CHILD_REKEY,
	X_IKE_REKEY,
	X_DELETE_CHILD,
	X_DELETE_IKE,
	X_DPD,
};

/* The exchange we initiated and await the response of. */
struct xchg {
	uint8_t kind;		/* enum xchg_kind */
	uint32_t msgid;
	struct child_sa *child;	/* CHILD_CREATE, CHILD_REKEY: the new one */
	struct child_sa *old;	/* CHILD_REKEY, DELETE_CHILD: the old one */
	struct ikesa *new_sa;	/* IKE_REKEY: the new IKE SA */
	struct ike_dh_key *dh;	/* PFS or IKE rekey */
	uint8_t nonce[IKE_NONCE_LEN];
	uint32_t cpu;		/* CHILD_CREATE per-CPU: the CPU wanted */
	/* the request, for retransmission */
	uint8_t *req;
	size_t req_len;
	uint32_t tries;
	uint64_t resend_ms;
};

/* Work waiting for the window. */
struct task {
	struct task *next;
	uint8_t kind;		/* enum xchg_kind */
	const struct cfg_child *cfg;	/* CHILD_CREATE */
	uint64_t child_id;	/* CHILD_REKEY, DELETE_CHILD */
	uint32_t cpu;		/* CHILD_CREATE */
};

struct frag_asm;

struct ikesa {
	struct ikesa *next;		/* the daemon's list */
	struct ikesa *hnext;		/* hash chain by our SPI */
	struct ike_daemon *d;
	const struct cfg_conn *conn;
	uint8_t state;			/* enum isa_state */
	bool initiator;			/* original initiator of this IKE SA */
	uint64_t spi_i, spi_r;
	uint64_t id;			/* unique per daemon */
	struct ike_addr local, remote;
	bool nat_local, nat_remote;	/* behind a NAT, this end / the peer */
	bool natt;			/* floated to port 4500 */

	struct ike_crypto_suite suite;
	uint16_t dh_group;
	struct ike_dh_key *dh;		/* until the keys are derived */
	struct ike_sa_keys *keys;
	struct ike_aead *aead_out, *aead_in;
	uint8_t ni[IKE_NONCE_LEN * 8], nr[IKE_NONCE_LEN * 8];
	uint16_t ni_len, nr_len;
	uint8_t *init_i, *init_r;	/* IKE_SA_INIT messages, for AUTH */
	size_t init_i_len, init_r_len;
	uint8_t cookie[64];
	uint8_t cookie_len;
	uint16_t one_sided;		/* per-CPU SAs deleted on the peer's
					 * word alone (pcpu.c), bounded */
	struct ike_addr init_remote;	/* responder: whence its IKE_SA_INIT
					 * came (NAT-T may move remote) */
	bool cookie_verified;		/* responder: its IKE_SA_INIT had our
					 * cookie (the address is real) */
	uint8_t *peer_id;		/* its authenticated ID data (sa_dup.c) */
	uint16_t peer_id_len;
	uint8_t peer_id_type;

	uint32_t msgid_out;		/* next request we send */
	uint32_t msgid_in;		/* next request we expect */
	struct xchg x;			/* x.kind X_NONE: window free */
	struct task *queue, **queue_tail;
	uint8_t *resp;			/* our last response, for duplicates */
	size_t resp_len;
	uint32_t resp_msgid;
	bool resp_valid;

	struct child_sa *children;
	uint64_t created_ms, rekey_ms, expire_ms;
	uint64_t state_ms;		/* when it entered its state */
	uint64_t last_heard_ms, dpd_ms;
	struct ikesa *rekeyed_by;	/* ISA_REKEYED: the successor */
	uint32_t tries;			/* keyingtries used */
	/* IKE_SA_INIT extensions both ends announced (xchg/ext.c) */
	bool frag;			/* RFC 7383: we send fragments */
	bool peer_childless;		/* RFC 6023 */
	bool childless;			/* this IKE SA came up without a child */
	struct frag_asm *frag_in[2];	/* reassembly: [0] request, [1] response */
	/* RFC 9611 (pcpu.c) */
	bool peer_no_pcpu;		/* the peer did not answer SA_RESOURCE_INFO */
	bool peer_multisa;		/* its Vendor ID: resolves crossings alike */
	uint32_t peer_hashes;		/* its SIGNATURE_HASH_ALGORITHMS (RFC
					 * 7427 4): bit per hash id; 0: none */
	uint64_t pcpu_stop;		/* TS_MAX_QUEUE seen: bit per reqid % 64 */
	uint64_t *pcpu_last_ms;		/* last acquire per CPU */
	struct pcpu_wait *pcpu_waits;	/* acquires before the fallback */
	uint64_t pcpu_fill_ms;		/* responder, all-at-once: when */
	uint64_t keepalive_ms;		/* next NAT keepalive (behind a NAT) */
	/* the daemon's timer heap (timer.c) */
	uint64_t due_ms;		/* this SA's key in the heap */
	uint32_t heap_idx;		/* 1 + its index; 0: not in the heap */
};

/* ---- sa.c: names and lookup ------------------------------------------------ */

uint64_t isa_local_spi(const struct ikesa *sa);
/* The SPI hash of the daemon (by our SPI). */
void isa_hash_add(struct ikesa *sa);
void isa_hash_del(struct ikesa *sa);
struct ikesa *isa_find(struct ike_daemon *d, uint64_t local_spi);
/* A half-open responder SA made by this IKE_SA_INIT request (duplicate). */
struct ikesa *isa_find_init(struct ike_daemon *d, uint64_t spi_i,
			    const struct ike_addr *remote);
/* Log prefix: "conn[id]" (static; four calls in one log line are fine). */
const char *isa_name(const struct ikesa *sa);
struct child_sa *child_find_spi(struct ikesa *sa, uint32_t spi, bool in);
struct child_sa *child_find_id(struct ikesa *sa, uint64_t id);
/* A child of cfg without a CPU (regular or fallback), made or being made. */
bool child_fallback_exists(const struct ikesa *sa,
			   const struct cfg_child *cfg);

#endif /* IKE_SA_H */
