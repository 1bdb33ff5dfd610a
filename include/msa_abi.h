/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one ABI shared by the BPF programs (bpf/) and userspace (user/):
 * map keys and values, the XDP -> TC metadata, counter ids.
 * Fixed-width types, explicit padding, sizes checked at compile time.
 * Never re-declare any of this elsewhere.
 */
#ifndef MSA_ABI_H
#define MSA_ABI_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define MSA_PIN_ROOT_DEFAULT "/sys/fs/bpf/multisa"

/*
 * Sizes of the maps. The SA maps are sized when the programs are loaded
 * (`multisactl attach ... max-sas N`, docs/datapath.md): N SA ids (the
 * per-CPU counters), N inbound and N outbound entries, and the front array
 * of steering slots the power of two >= 2N. These are the objects' defaults
 * (libbpf wants one) and the bounds of N; userspace reads the real sizes
 * from the pinned maps.
 */
#define MSA_MAX_SAS_DEFAULT 131072    /* 1,000 tunnels x 64 CPUs, in + out */
#define MSA_MAX_SAS_MIN     64
#define MSA_MAX_SAS_LIMIT   (1u << 22)
#define MSA_MAX_CPUS      1024   /* cpumap size cap */
#define MSA_CPU_ANY       0xffffffffu /* "not bound to a CPU": the fallback SA */

#define MSA_NATT_PORT     4500   /* RFC 3948 UDP encapsulation */
#define MSA_MAX_V6_EXTHDR 4      /* IPv6 extension headers skipped at most */

/*
 * Key of msa_steer (inbound) and msa_txsa (outbound): an SA as the kernel
 * identifies it, (destination address, SPI). family 0 with a zero address is
 * the wildcard "this SPI, any destination", looked up after an exact miss.
 */
struct msa_sa_key {
	__u32 spi;       /* network byte order, as on the wire */
	__u8  family;    /* AF_INET (2), AF_INET6 (10), or 0 = any */
	__u8  pad[3];
	__u8  daddr[16]; /* IPv4 in the first 4 bytes, the rest zero */
} __attribute__((aligned(8))); /* XDP compares it in 8-octet words; pad 0 */

/* Value of msa_steer and msa_txsa. */
struct msa_sa_val {
	__u32 sa_id;     /* index into msa_sa_stats, below its max_entries */
	__u32 cpu;       /* owning CPU, or MSA_CPU_ANY for the fallback SA */
};

/*
 * Written by XDP in front of the packet (data_meta), read by TC ingress on
 * the CPU the packet was redirected to. The magic tells our metadata from
 * none (or someone else's).
 */
#define MSA_META_MAGIC 0x6d534131u /* "mSA1" */
struct msa_meta {
	__u32 magic;
	__u32 sa_id;
	__u32 cpu;       /* the CPU XDP steered to */
	__u32 rx_cpu;    /* the CPU XDP ran on */
};

/*
 * Value of msa_steer_fast, an array indexed by the low bits of the SPI (host
 * order) that fronts msa_steer. count tells the programs what to do: 0, no
 * SA has such an SPI (a miss without a hash lookup); 1, key/val are the
 * one entry there; 2 or more, look in msa_steer. entries is the number of
 * msa_steer entries on the slot, kept by user/ alone: after a delete leaves
 * one of two, count stays 2 (ask msa_steer) rather than searching the map
 * for the one left, so no change costs more than the slot.
 */
#define MSA_STEER_SLOTS 262144 /* the default: a power of two >= 2 x max-sas */
struct msa_steer_slot {
	struct msa_sa_key key;
	struct msa_sa_val val;
	__u32 count;
	__u32 entries;
};

/* Value of msa_sa_stats (per-CPU array indexed by SA id). */
struct msa_sa_ctrs {
	__u64 xdp_pkts;      /* seen and steered by XDP on this CPU */
	__u64 xdp_bytes;
	__u64 rx_pkts;       /* processed by TC ingress on this CPU */
	__u64 rx_bytes;
	__u64 rx_off_cpu;    /* of rx_pkts: this CPU is not the SA's owner */
	__u64 tx_pkts;       /* sent through TC egress on this CPU */
	__u64 tx_bytes;
	__u64 tx_off_cpu;    /* of tx_pkts: SA bound to another CPU */
};

/* Value of msa_config (array, one entry, key 0): runtime knobs. */
#define MSA_CFG_DROP_UNKNOWN_SPI (1u << 0)
struct msa_config {
	__u32 flags;
	__u32 pad;
};

/*
 * Every verdict and every drop reason has a counter (msa_counters, a per-CPU
 * array indexed by enum msa_ctr). One list; the enum and the names derive
 * from it. XDP gives each packet exactly one verdict (XDP_REDIRECT ..
 * XDP_BAD_SA_ID, all but XDP_META_ERR, which comes on top). BPF does not
 * write XDP_RX, nor the verdicts of steered packets (XDP_REDIRECT,
 * XDP_LOCAL, XDP_ANY_CPU): a steered packet counts in its SA's cell of
 * msa_sa_stats only, and user/ derives those from the cells of the SAs
 * in msa_steer (an SA's cell on its own CPU: local; on another: redirect,
 * minus XDP_REDIRECT_ERR; the fallback's: any CPU), plus msa_retired for
 * the SAs gone, and XDP_RX as the sum. Keep the verdicts together in this
 * order.
 */
#define MSA_COUNTERS(X)                                                       \
	X(XDP_RX,            "xdp_rx",            "packets seen by XDP")          \
	X(XDP_REDIRECT,      "xdp_redirect",      "ESP redirected to owning CPU") \
	X(XDP_LOCAL,         "xdp_local",         "ESP already on owning CPU")    \
	X(XDP_NOT_ESP,       "xdp_not_esp",       "passed: not ESP")              \
	X(XDP_IKE,           "xdp_ike",           "passed: IKE on 4500")          \
	X(XDP_KEEPALIVE,     "xdp_keepalive",     "passed: NAT keepalive")        \
	X(XDP_FRAGMENT,      "xdp_fragment",      "passed: IP fragment")          \
	X(XDP_UNPARSED,      "xdp_unparsed",      "passed: truncated/malformed")  \
	X(XDP_UNKNOWN_SPI,   "xdp_unknown_spi",   "passed: SPI not steered")      \
	X(XDP_ANY_CPU,       "xdp_any_cpu",       "passed: SA has no CPU")        \
	X(XDP_DROP_UNKNOWN,  "xdp_drop_unknown",  "dropped: unknown SPI (knob)")  \
	X(XDP_REDIRECT_ERR,  "xdp_redirect_err",  "passed: cpumap entry missing") \
	X(XDP_META_ERR,      "xdp_meta_err",      "no room for metadata")         \
	X(XDP_BAD_SA_ID,     "xdp_bad_sa_id",     "steering entry SA id too big") \
	X(TC_IN_ESP,         "tc_in_esp",         "ESP seen by TC ingress")       \
	X(TC_IN_META,        "tc_in_meta",        "of which carried XDP metadata")\
	X(TC_IN_CLASSIFIED,  "tc_in_classified",  "of which TC classified by SPI")\
	X(TC_IN_ON_CPU,      "tc_in_on_cpu",      "processed on the owning CPU")  \
	X(TC_IN_OFF_CPU,     "tc_in_off_cpu",     "processed on another CPU")     \
	X(TC_IN_UNKNOWN_SPI, "tc_in_unknown_spi", "ESP with an unknown SPI")      \
	X(TC_OUT_ESP,        "tc_out_esp",        "ESP seen by TC egress")        \
	X(TC_OUT_OWN_SA,     "tc_out_own_sa",     "sent on this CPU's own SA")    \
	X(TC_OUT_FALLBACK,   "tc_out_fallback",   "sent on the fallback SA")      \
	X(TC_OUT_OTHER_CPU,  "tc_out_other_cpu",  "sent on another CPU's SA")     \
	X(TC_OUT_UNKNOWN_SPI,"tc_out_unknown_spi","ESP with an unknown SPI")

#define MSA_CTR_ENUM(id, name, help) MSA_CTR_##id,
enum msa_ctr {
	MSA_COUNTERS(MSA_CTR_ENUM)
	MSA_CTR_MAX
};
#undef MSA_CTR_ENUM

_Static_assert(sizeof(struct msa_sa_key) == 24, "msa_sa_key layout");
_Static_assert(sizeof(struct msa_sa_val) == 8, "msa_sa_val layout");
_Static_assert(sizeof(struct msa_steer_slot) == 40, "msa_steer_slot layout");
_Static_assert((MSA_STEER_SLOTS & (MSA_STEER_SLOTS - 1)) == 0, "slots: power of 2");
_Static_assert(sizeof(struct msa_meta) == 16, "msa_meta layout");
_Static_assert(sizeof(struct msa_meta) % 4 == 0, "data_meta needs 4-byte units");
_Static_assert(sizeof(struct msa_sa_ctrs) == 64, "msa_sa_ctrs layout");
_Static_assert(sizeof(struct msa_config) == 8, "msa_config layout");

#endif /* MSA_ABI_H */
