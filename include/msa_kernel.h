/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-side interface: the one way multisad (ike/) changes the kernel.
 * Child SAs, policies and the BPF steering entries go through here, so XFRM
 * and the steering maps cannot drift apart. No <linux/xfrm.h>, no libbpf:
 * only our own types. Every call returns 0 or -errno.
 *
 * Two implementations:
 *   user/kernel_xfrm.c  the real one: XFRM over netlink (libmnl) + pinned maps
 *   tests/unit/kdouble.h  an in-process recording double for unit tests
 *
 * Ownership: every SA and policy multisad installs carries a reqid in
 * [MSA_REQID_MIN, MSA_REQID_MAX]; that is how a restarted daemon finds
 * what an earlier run left behind (flush_owned).
 */
#ifndef MSA_KERNEL_H
#define MSA_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSA_REQID_MIN 0x4d530001u	/* "MS" ... */
#define MSA_REQID_MAX 0x4d53ffffu

#define MSA_KCPU_NONE 0xffffffffu	/* no CPU: a regular / fallback SA */

struct msa_ip {
	uint8_t family;			/* AF_INET or AF_INET6 */
	uint8_t pad[3];
	uint8_t addr[16];		/* IPv4 in the first 4 octets */
};

enum msa_kmode {
	MSA_KMODE_TRANSPORT = 0,
	MSA_KMODE_TUNNEL = 1,
};

/* Values as XFRMA_SA_DIR has them. */
enum msa_kdir {
	MSA_KDIR_IN = 1,
	MSA_KDIR_OUT = 2,
};

/* 0 = no limit. Times in seconds since the SA was added. */
struct msa_klifetime {
	uint64_t soft_bytes, hard_bytes;
	uint64_t soft_packets, hard_packets;
	uint64_t soft_add_s, hard_add_s;
};

#define MSA_KEY_MAX 64

/* One direction of one Child SA. */
struct msa_ksa {
	uint32_t spi;			/* host order */
	uint32_t reqid;
	uint32_t cpu;			/* MSA_KCPU_NONE or a possible CPU */
	uint32_t sa_id;			/* datapath SA id (msa_sa_stats); 0: none */
	struct msa_ip src, dst;		/* outer addresses */
	uint8_t mode;			/* enum msa_kmode */
	uint8_t dir;			/* enum msa_kdir */
	bool esn;
	uint32_t replay_window;		/* packets; 0 with ESN is refused */
	/* Transforms as IKE ids (enum ike_encr, ike_integ) and bits. */
	uint16_t encr, encr_key_bits, integ;
	uint16_t encr_key_len, integ_key_len;	/* octets in the keys below */
	uint8_t encr_key[MSA_KEY_MAX];	/* AES-GCM: key | 4-octet salt */
	uint8_t integ_key[MSA_KEY_MAX];
	struct msa_klifetime life;
	/* UDP encapsulation (RFC 3948) when encap_dport is set; an inbound
	 * SA with encap_sport 0 takes any source port (per-CPU SAs). */
	uint16_t encap_sport, encap_dport;
};

/* A traffic selector as XFRM takes it: prefix, protocol, one port or any. */
struct msa_ksel {
	struct msa_ip addr;
	uint8_t prefixlen;
	uint8_t proto;			/* 0 = any */
	uint16_t port;			/* host order */
	/* ports matched: port_mask 0 means port 0 = any, else exactly port;
	 * otherwise the ports p with (p & port_mask) == port */
	uint16_t port_mask;
};

enum msa_kpol_dir {
	MSA_KPOL_IN = 0,		/* as XFRM_POLICY_IN/OUT/FWD */
	MSA_KPOL_OUT = 1,
	MSA_KPOL_FWD = 2,
};

#define MSA_KPOL_F_CPU_ACQUIRE	0x1	/* kernel: XFRM_POLICY_CPU_ACQUIRE */

struct msa_kpolicy {
	struct msa_ksel src, dst;	/* what the policy matches */
	uint8_t dir;			/* enum msa_kpol_dir */
	uint8_t mode;			/* enum msa_kmode, of the template */
	uint32_t priority;
	uint32_t flags;			/* MSA_KPOL_F_* */
	uint32_t reqid;			/* of the template */
	struct msa_ip tmpl_src, tmpl_dst;	/* tunnel endpoints */
};

/* Byte and packet counts of one SA, from the kernel. */
struct msa_kstats {
	uint64_t bytes, packets;
	uint64_t add_time, use_time;	/* seconds since the epoch; 0: never */
};

enum msa_kev_type {
	MSA_KEV_ACQUIRE,	/* a packet found no SA: negotiate one */
	MSA_KEV_EXPIRE,		/* soft: rekey; hard: the SA is gone */
	MSA_KEV_POLEXPIRE,	/* a policy expired */
	MSA_KEV_RESYNC,		/* events were lost (ENOBUFS): re-read state */
};

struct msa_kevent {
	uint8_t type;			/* enum msa_kev_type */
	bool hard;			/* EXPIRE, POLEXPIRE */
	uint32_t reqid;			/* ACQUIRE: of the template */
	uint32_t cpu;			/* ACQUIRE: MSA_KCPU_NONE or the CPU */
	struct msa_ksel src, dst;	/* ACQUIRE, POLEXPIRE: the selector */
	uint32_t spi;			/* EXPIRE, host order */
	struct msa_ip sa_dst;		/* EXPIRE */
	uint8_t dir;			/* EXPIRE: enum msa_kdir, 0 if unknown */
};

/* What the running kernel can do; filled by probe. */
struct msa_kcaps {
	bool esp;		/* ESP states can be added */
	bool pcpu;		/* per-CPU SAs (XFRMA_SA_PCPU, Linux 6.13+) */
	bool steering;		/* the datapath maps are pinned and open */
	uint32_t sa_ids;	/* steering: datapath SA ids 1 .. sa_ids-1 */
	uint32_t ncpus;		/* possible CPUs */
};

struct msa_kernel;

struct msa_kernel_ops {
	int (*probe)(struct msa_kernel *k, struct msa_kcaps *caps);
	/* A fresh inbound SPI (a larval SA until sa_add); cpu as for the SA. */
	int (*spi_alloc)(struct msa_kernel *k, const struct msa_ip *src,
			 const struct msa_ip *dst, uint32_t reqid, uint32_t cpu,
			 uint32_t *spi);
	/*
	 * Install an SA. Inbound with sa->sa_id: also its steering entry
	 * (SPI -> sa->cpu); outbound with sa->sa_id: its egress accounting
	 * entry. Both halves or neither. The caller wipes the keys after.
	 */
	int (*sa_add)(struct msa_kernel *k, const struct msa_ksa *sa);
	/* Remove an SA and its datapath entry. -ENOENT if it is not there. */
	int (*sa_del)(struct msa_kernel *k, const struct msa_ip *dst,
		      uint32_t spi, uint8_t dir);
	int (*sa_stats)(struct msa_kernel *k, const struct msa_ip *dst,
			uint32_t spi, struct msa_kstats *st);
	/* Steer an inbound SA's ESP to cpu instead (MSA_KCPU_NONE: any CPU,
	 * RSS decides), e.g. off a CPU going offline. 0 when steering is
	 * off; -ENOENT if the SA has no steering entry. */
	int (*steer_cpu)(struct msa_kernel *k, const struct msa_ip *dst,
			 uint32_t spi, uint32_t cpu);
	int (*policy_add)(struct msa_kernel *k, const struct msa_kpolicy *p);
	int (*policy_del)(struct msa_kernel *k, const struct msa_kpolicy *p);
	/* A file descriptor to poll for events, or -1 if there are none. */
	int (*event_fd)(struct msa_kernel *k);
	/* Up to max pending events, without blocking: count, 0, or -errno. */
	int (*event_read)(struct msa_kernel *k, struct msa_kevent *ev, int max);
	/* Remove every SA, policy and steering entry with our reqids. */
	int (*flush_owned)(struct msa_kernel *k);
	/* The fast path's counters (enum msa_ctr), out[cpu * MSA_CTR_MAX +
	 * ctr] for ncpus CPUs; -ENOENT without pinned maps. May be NULL. */
	int (*dp_counters)(struct msa_kernel *k, uint64_t *out, int ncpus);
	void (*close)(struct msa_kernel *k);
};

struct msa_kernel {
	const struct msa_kernel_ops *ops;
	void *priv;
};

/* The real one. pin_root NULL: the default; no pinned maps is not an error
 * (steering off, said once in the log). */
int msa_kernel_open(struct msa_kernel **out, const char *pin_root);

#endif /* MSA_KERNEL_H */
