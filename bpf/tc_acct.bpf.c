/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TC on the outer interface, both directions, accounting only (every
 * verdict is TC_ACT_OK: the packet always goes on).
 * Ingress: which CPU really processes each inbound SA, from the XDP
 * metadata, or by classifying the SPI itself where XDP is not attached.
 * Egress: which CPU sends on which outbound SA: its own per-CPU SA, the
 * fallback SA, or (should not happen) another CPU's SA.
 */
#include "maps.h"
#include "parse.h"

char LICENSE[] SEC("license") = "GPL";

#define TC_ACT_OK_ 0
#define MSA_PULL_LEN 128 /* enough for Ethernet+VLAN+IPv6+exthdrs+UDP+ESP */

/* The XDP metadata, if XDP left ours in front of the packet. */
static __always_inline int read_meta(struct __sk_buff *skb, struct msa_sa_val *sa)
{
	struct msa_meta *meta = (void *)(long)skb->data_meta;
	void *data = (void *)(long)skb->data;

	if ((void *)(meta + 1) > data || meta->magic != MSA_META_MAGIC)
		return -1;
	sa->sa_id = meta->sa_id;
	sa->cpu = meta->cpu;
	return 0;
}

/* Classify the ESP packet by SPI; 1 = ESP found in map, 0 = not ESP,
 * -1 = ESP with an unknown SPI. */
static __always_inline int classify(struct __sk_buff *skb, struct msa_sa_val *sa,
				    int egress)
{
	struct msa_sa_key key = {};
	struct msa_sa_val *v;
	__u32 len = skb->len < MSA_PULL_LEN ? skb->len : MSA_PULL_LEN;

	/* Headers in the linear part; a no-op when they are there already.
	 * (Unconditional: comparing data_end first makes clang reuse a
	 * modified ctx pointer after the call, which the verifier refuses.) */
	bpf_skb_pull_data(skb, len);
	if (msa_classify((void *)(long)skb->data, (void *)(long)skb->data_end,
			 &key, egress) != MSA_PKT_ESP)
		return 0;
	if (!egress)
		return msa_steer_lookup(&key, sa) ? 1 : -1;
	v = msa_sa_lookup(&msa_txsa, &key);
	if (!v)
		return -1;
	*sa = *v;
	return 1;
}

SEC("tc")
int msa_tc_in(struct __sk_buff *skb)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct msa_sa_val sa;
	struct msa_sa_ctrs *st;
	int r;

	if (read_meta(skb, &sa) == 0) {
		msa_count(MSA_CTR_TC_IN_ESP);
		msa_count(MSA_CTR_TC_IN_META);
	} else {
		r = classify(skb, &sa, 0);
		if (r == 0)
			return TC_ACT_OK_;
		msa_count(MSA_CTR_TC_IN_ESP);
		if (r < 0) {
			msa_count(MSA_CTR_TC_IN_UNKNOWN_SPI);
			return TC_ACT_OK_;
		}
		msa_count(MSA_CTR_TC_IN_CLASSIFIED);
	}
	st = msa_sa_ctrs(sa.sa_id);
	if (!st)
		return TC_ACT_OK_;
	st->rx_pkts += 1;
	st->rx_bytes += skb->len;
	if (sa.cpu == MSA_CPU_ANY || sa.cpu == cpu) {
		msa_count(MSA_CTR_TC_IN_ON_CPU);
	} else {
		st->rx_off_cpu += 1;
		msa_count(MSA_CTR_TC_IN_OFF_CPU);
	}
	return TC_ACT_OK_;
}

SEC("tc")
int msa_tc_out(struct __sk_buff *skb)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct msa_sa_val sa;
	struct msa_sa_ctrs *st;
	int r = classify(skb, &sa, 1);

	if (r == 0)
		return TC_ACT_OK_;
	msa_count(MSA_CTR_TC_OUT_ESP);
	if (r < 0) {
		msa_count(MSA_CTR_TC_OUT_UNKNOWN_SPI);
		return TC_ACT_OK_;
	}
	st = msa_sa_ctrs(sa.sa_id);
	if (!st)
		return TC_ACT_OK_;
	st->tx_pkts += 1;
	st->tx_bytes += skb->len;
	if (sa.cpu == MSA_CPU_ANY) {
		msa_count(MSA_CTR_TC_OUT_FALLBACK);
	} else if (sa.cpu == cpu) {
		msa_count(MSA_CTR_TC_OUT_OWN_SA);
	} else {
		st->tx_off_cpu += 1;
		msa_count(MSA_CTR_TC_OUT_OTHER_CPU);
	}
	return TC_ACT_OK_;
}
