/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * multisad's configuration: one libconfig file shaped like strongSwan's
 * swanctl.conf (connections { NAME { ... children { NAME { ... } } } },
 * secrets { ... }). See docs/config.md for the format and a full example.
 *
 * cfg_load() parses and checks everything up front; on error it returns
 * -EINVAL and writes one line naming the file, line, key and bad value
 * into err. The result is plain data: no libconfig type escapes.
 */
#ifndef IKE_CONFIG_H
#define IKE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec/msg.h"
#include "log/log.h"
#include "msa_kernel.h"

#define CFG_NAME_MAX	64
#define CFG_MAX_XF	8	/* algorithms of one kind in one proposal */
#define CFG_MAX_PROPS	8	/* proposals per list */
#define CFG_MAX_TS	8	/* selectors per side */
#define CFG_CPUS_MAX	1024	/* CPUs a per_cpu_cpus list can name */
#define CFG_ID_MAX	255
#define CFG_PSK_MAX	256
#define CFG_CERTS_MAX	4	/* our end certificate and intermediates */
#define CFG_PATH_MAX	256

/* Public-key credentials: opaque objects of the crypto layer (pki.h). */
struct ike_x509;
struct ike_privkey;
struct ike_trust;

enum cfg_auth { CFG_AUTH_PSK, CFG_AUTH_PUBKEY };

/* One proposal string, e.g. "aes256gcm16-prfsha384-x25519" or
 * "aes128-sha256-modp2048" (IKE), "aes256gcm16-esn-noesn" (ESP). */
struct cfg_proposal {
	uint8_t n_encr, n_integ, n_prf, n_dh, n_esn;
	struct { uint16_t id, bits; } encr[CFG_MAX_XF];	/* enum ike_encr */
	uint16_t integ[CFG_MAX_XF];	/* enum ike_integ */
	uint16_t prf[CFG_MAX_XF];	/* enum ike_prf; IKE only */
	uint16_t dh[CFG_MAX_XF];	/* enum ike_dh; ESP: PFS groups */
	uint8_t esn[2];			/* enum ike_esn; ESP only */
};

/* A traffic selector: an address range (from a CIDR or "a-b"), proto, ports. */
struct cfg_ts {
	uint8_t family;			/* AF_INET, AF_INET6 */
	bool dynamic;			/* "dynamic": the IKE address */
	uint8_t start[16], end[16];
	uint8_t proto;			/* 0 = any */
	uint16_t start_port, end_port;	/* 0-65535 = any */
};

/* Seconds, bytes, packets; 0 = off. */
struct cfg_lifetime {
	uint32_t rekey_time, life_time, rand_time;
	uint64_t rekey_bytes, life_bytes;
	uint64_t rekey_packets, life_packets;
};

enum cfg_start { CFG_START_NONE, CFG_START_START, CFG_START_TRAP };
enum cfg_pcpu { CFG_PCPU_NO, CFG_PCPU_YES, CFG_PCPU_ENCAP };
enum cfg_pcpu_create { CFG_PCPU_ON_DEMAND, CFG_PCPU_ALL };
/* RFC 6023: allow (childless when every child is trap-only and the peer
 * can), force (always; a peer that cannot is refused), never. */
enum cfg_childless { CFG_CHILDLESS_ALLOW, CFG_CHILDLESS_FORCE,
		     CFG_CHILDLESS_NEVER };

struct cfg_child {
	char name[CFG_NAME_MAX];
	uint8_t n_local_ts, n_remote_ts, n_esp;
	struct cfg_ts local_ts[CFG_MAX_TS], remote_ts[CFG_MAX_TS];
	struct cfg_proposal esp[CFG_MAX_PROPS];
	uint8_t mode;			/* enum msa_kmode; default tunnel */
	struct cfg_lifetime life;	/* default: rekey 1h, life 1.1h, rand */
	uint8_t start_action;		/* enum cfg_start; default none */
	uint32_t replay_window;		/* default 32 */
	uint8_t per_cpu_sas;		/* enum cfg_pcpu; default no */
	uint8_t per_cpu_create;		/* enum cfg_pcpu_create; on demand */
	uint32_t per_cpu_max;		/* cap per TS pair; 0: 2 x CPUs */
	uint32_t per_cpu_acquire_ms;	/* min gap between acquires per CPU */
	/* per_cpu_cpus: the CPUs that get per-CPU SAs (and their inbound
	 * steering); the others use the fallback. Not set: every CPU. */
	bool per_cpu_cpus_set;
	uint64_t per_cpu_cpus[CFG_CPUS_MAX / 64];
	struct cfg_child *next;
	uint32_t reqid;			/* of its SAs (cfg_assign_reqids) */
};

struct cfg_id {
	uint8_t type;			/* enum ike_id_type */
	uint16_t len;
	uint8_t data[CFG_ID_MAX];
};

struct cfg_conn {
	char name[CFG_NAME_MAX];
	struct msa_ip local_addr;	/* family 0: any */
	struct msa_ip remote_addr;	/* family 0: any (responder only) */
	uint16_t local_port, remote_port;	/* default 500 */
	struct cfg_id local_id, remote_id;	/* default: the address (with
						 * pubkey: the cert's subject);
						 * remote type 0 = accept any */
	uint8_t local_auth, remote_auth;	/* enum cfg_auth; default psk */
	bool local_classic;	/* may sign with methods 1, 9-11 when the peer
				 * announced no hash (RFC 7427 4); default yes */
	bool remote_classic;	/* accept methods 1, 9-11; default yes */
	uint16_t psk_len;
	uint8_t psk[CFG_PSK_MAX];	/* from the conn's secret or secrets */
	uint8_t n_ike;
	struct cfg_proposal ike[CFG_MAX_PROPS];
	struct cfg_lifetime life;	/* IKE SA: rekey 4h by default */
	uint32_t dpd_delay;		/* seconds; 0: off; default 30 */
	uint32_t dpd_timeout;		/* give up after; default 150 */
	bool encap;			/* force UDP encapsulation */
	uint32_t keyingtries;		/* 0: forever; default 1 */
	bool fragmentation;		/* RFC 7383 offered/accepted; yes */
	uint8_t childless;		/* enum cfg_childless; default allow */
	struct cfg_child *children;
	struct cfg_conn *next;
	/*
	 * Public-key credentials, loaded by cfg_load and freed by cfg_free.
	 * Like the PSK, not compared by cfg_conn_same (they change in place).
	 */
	uint8_t n_certs;
	struct ike_x509 *certs[CFG_CERTS_MAX];	/* ours: end, intermediates */
	struct ike_privkey *key;		/* matches certs[0] */
	struct ike_trust *trust;		/* the peer's CAs and CRLs */
};

struct cfg_global {
	uint16_t port, port_natt;	/* default 500, 4500 */
	uint32_t retransmit_tries;	/* default 5 */
	uint32_t retransmit_timeout_ms;	/* first; default 4000 */
	double retransmit_base;		/* backoff factor; default 1.8 */
	uint32_t half_open_max;		/* refuse beyond; default 1000 */
	uint32_t half_open_per_source;	/* from one IP address; default 5 */
	uint32_t ike_sas_max;		/* IKE SAs in all; default 20000 */
	uint32_t ike_sas_per_peer;	/* with one peer address; default 16 */
	uint32_t ike_sas_per_id;	/* of one conn with one authenticated
					 * peer identity; default 16 */
	uint32_t cookie_threshold;	/* half-open SAs before cookies; 100 */
	char ctl_socket[108];		/* default /run/multisa/multisad.sock */
	char pin_root[108];		/* default MSA_PIN_ROOT_DEFAULT */
	uint8_t log_level;		/* 0 err .. 3 debug; default 2 (info) */
	uint8_t log_levels[MSA_SUB_COUNT];	/* per subsystem (log_levels
						 * group); default log_level */
	uint32_t child_sas_max;		/* Child SAs per IKE SA; default 1024 */
	uint32_t rekeyed_grace_ms;	/* an old SA the peer does not delete
					 * after its rekey: ours; default 30 s */
	bool sandbox;			/* drop rights after start; default on */
	struct msa_ip metrics_ip;	/* metrics_listen; family 0: off */
	uint16_t metrics_port;
	/* RFC 7383: IP datagram size our fragments fit (default 1280), the
	 * fragments of one received message we keep (default 64) and the
	 * reassembly memory of all IKE SAs together (default 16 MiB) */
	uint32_t fragment_size;
	uint32_t fragments_max;
	uint64_t fragment_memory;
	uint64_t udp_rcvbuf;	/* octets per IKE socket; 0: the system's */
	char x509_dir[CFG_PATH_MAX];	/* x509/, x509ca/, x509crl/, private/
					 * below it; default /etc/multisa */
};

struct cfg {
	struct cfg_global global;
	struct cfg_conn *conns;
	uint32_t reqid_next;		/* the next reqid never handed out */
};

int cfg_load(const char *path, struct cfg **out, char *err, size_t errlen);
/* The log levels of g, per subsystem, from now on. */
void cfg_log_apply(const struct cfg_global *g);
/* Wipes the secrets, then frees. */
void cfg_free(struct cfg *c);
/* Frees one connection's public-key credentials (cfg_free does). */
void cfg_conn_pubkey_free(struct cfg_conn *c);
struct cfg_conn *cfg_conn_find(const struct cfg *c, const char *name);
/*
 * Reqids (reqid.c): every SA of one configured child carries its child's.
 * cfg_load numbers the children from MSA_REQID_MIN. On reload, pass the
 * running configuration as prev: a child of an unchanged connection keeps
 * its reqid, every other gets one never used before by this daemon.
 */
void cfg_assign_reqids(struct cfg *c, const struct cfg *prev);
/* conn (may be NULL) gets the child's connection. */
const struct cfg_child *cfg_child_by_reqid(const struct cfg *c, uint32_t reqid,
					   const struct cfg_conn **conn);
/* The same connection but for its secret (which changes in place): the
 * same name, addresses, identities, proposals, times and children. */
bool cfg_conn_same(const struct cfg_conn *a, const struct cfg_conn *b);
/* Our selectors as an IKE selector set; "dynamic" becomes dyn. 0, or
 * -EINVAL if none is left. */
int cfg_ts_to_set(const struct cfg_ts *in, int n, const struct msa_ip *dyn,
		  struct ike_ts_set *out);

/* Parsers the loader uses, exposed for tests: 0 or -EINVAL + err. */
/* "2-11", "0,2,4-7": a bit per CPU in bits (CFG_CPUS_MAX bits). */
int cfg_cpus_parse(const char *s, uint64_t *bits, char *err, size_t errlen);
static inline bool cfg_cpu_in(const struct cfg_child *ch, uint32_t cpu)
{
	return !ch->per_cpu_cpus_set ||
	       (cpu < CFG_CPUS_MAX &&
		(ch->per_cpu_cpus[cpu / 64] >> (cpu % 64) & 1));
}
int cfg_proposal_parse(const char *s, bool ike, struct cfg_proposal *out,
		       char *err, size_t errlen);
int cfg_ts_parse(const char *s, struct cfg_ts *out, char *err, size_t errlen);
/* "90", "30s", "5m", "4h", "1d" -> seconds */
int cfg_time_parse(const char *s, uint32_t *out);
/* "1000", "10k", "5M", "2G" -> count */
int cfg_size_parse(const char *s, uint64_t *out);

#endif /* IKE_CONFIG_H */
