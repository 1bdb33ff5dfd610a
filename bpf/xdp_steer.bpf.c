/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XDP on the outer interface: steer inbound ESP to the CPU that owns its SA.
 * Looks (daddr, SPI) up in msa_steer; on a hit writes struct msa_meta in
 * front of the packet and redirects it through msa_cpumap to the owning CPU
 * (or passes it when it is already there). Everything else passes, except
 * unknown SPIs when the drop knob is on. Every verdict is counted.
 */
#include "maps.h"
#include "parse.h"

char LICENSE[] SEC("license") = "GPL";

/* Write struct msa_meta for TC (attach's xdp-meta on). Off by default:
 * the helper call is the largest cost of the program (BENCHMARKS.md), and
 * TC ingress classifies by SPI itself without it, on the packet's target
 * CPU rather than the receiving one. Set before load; the verifier drops
 * the dead branch. */
const volatile __u32 msa_xdp_meta = 0;

static __always_inline int pass_class(int cls)
{
	static const enum msa_ctr ctr_of[] = {
		[MSA_PKT_NOT_ESP]   = MSA_CTR_XDP_NOT_ESP,
		[MSA_PKT_IKE]       = MSA_CTR_XDP_IKE,
		[MSA_PKT_KEEPALIVE] = MSA_CTR_XDP_KEEPALIVE,
		[MSA_PKT_FRAGMENT]  = MSA_CTR_XDP_FRAGMENT,
		[MSA_PKT_UNPARSED]  = MSA_CTR_XDP_UNPARSED,
	};

	if (cls > MSA_PKT_ESP && cls <= MSA_PKT_UNPARSED)
		msa_count(ctr_of[cls]);
	return XDP_PASS;
}

static __always_inline int unknown_spi(void)
{
	__u32 zero = 0;
	struct msa_config *cfg = bpf_map_lookup_elem(&msa_config, &zero);

	if (cfg && (cfg->flags & MSA_CFG_DROP_UNKNOWN_SPI)) {
		msa_count(MSA_CTR_XDP_DROP_UNKNOWN);
		return XDP_DROP;
	}
	msa_count(MSA_CTR_XDP_UNKNOWN_SPI);
	return XDP_PASS;
}

/* data_meta for TC on the target CPU; the packet pointers are stale after. */
static __always_inline void write_meta(struct xdp_md *ctx,
				       const struct msa_sa_val *sa, __u32 cpu)
{
	struct msa_meta *meta;
	void *data;

	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta))) {
		msa_count(MSA_CTR_XDP_META_ERR);
		return;
	}
	meta = (void *)(long)ctx->data_meta;
	data = (void *)(long)ctx->data;
	if ((void *)(meta + 1) > data) {
		msa_count(MSA_CTR_XDP_META_ERR);
		return;
	}
	meta->magic = MSA_META_MAGIC;
	meta->sa_id = sa->sa_id;
	meta->cpu = sa->cpu;
	meta->rx_cpu = cpu;
}

/*
 * One per-CPU cell per steered packet: the SA's. Its verdict needs no
 * counter of its own, user/ derives it from the cell (dp_stats.c): on the
 * owner's CPU a pass (xdp_local), on another a redirect, for the fallback
 * SA a pass to RSS (xdp_any_cpu). Only a failed redirect, which should not
 * happen, counts a second cell.
 */
static __always_inline int steer(struct xdp_md *ctx, const struct msa_sa_val *sa,
				 __u64 bytes)
{
	struct msa_sa_ctrs *st = msa_sa_ctrs(sa->sa_id);
	__u32 cpu;
	long ret;

	if (!st) {
		msa_count(MSA_CTR_XDP_BAD_SA_ID);
		return XDP_PASS;
	}
	st->xdp_pkts += 1;
	st->xdp_bytes += bytes;
	cpu = bpf_get_smp_processor_id();
	if (msa_xdp_meta)
		write_meta(ctx, sa, cpu);
	if (sa->cpu == MSA_CPU_ANY || sa->cpu == cpu)
		return XDP_PASS;
	ret = bpf_redirect_map(&msa_cpumap, sa->cpu, XDP_PASS);
	if (ret != XDP_REDIRECT)
		msa_count(MSA_CTR_XDP_REDIRECT_ERR);
	return ret;
}

SEC("xdp")
int msa_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct msa_sa_key key = {};
	struct msa_sa_val sa;
	int cls;

	/* no per-packet "seen" counter: every packet gets exactly one verdict,
	 * counted or derived, and user/ derives xdp_rx as their sum */
	cls = msa_classify(data, end, &key, 0);
	if (cls != MSA_PKT_ESP)
		return pass_class(cls);
	if (!msa_steer_lookup(&key, &sa))
		return unknown_spi();
	return steer(ctx, &sa, end - data);
}
