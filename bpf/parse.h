/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packet parsing shared by XDP and TC: Ethernet (one 802.1Q/802.1ad tag),
 * IPv4, IPv6 (a bounded number of extension headers), ESP (protocol 50) and
 * ESP-in-UDP (RFC 3948). A cursor walks the headers; every step checks
 * data_end before it reads. The result is a class, and for ESP the SA key.
 */
#ifndef MSA_BPF_PARSE_H
#define MSA_BPF_PARSE_H

#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include "msa_abi.h"

#define ETH_P_IP_     0x0800
#define ETH_P_IPV6_   0x86DD
#define ETH_P_8021Q_  0x8100
#define ETH_P_8021AD_ 0x88A8
#define IPPROTO_HOPOPTS_  0
#define IPPROTO_UDP_      17
#define IPPROTO_ROUTING_  43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ESP_      50
#define IPPROTO_AH_       51
#define IPPROTO_DSTOPTS_  60
#define IP_MF_OFFSET_     0x3fff /* More Fragments + fragment offset */
#define AF_INET_          2
#define AF_INET6_         10

enum msa_class {
	MSA_PKT_ESP,       /* ESP or ESP-in-UDP: key filled */
	MSA_PKT_NOT_ESP,   /* anything else: not ours */
	MSA_PKT_IKE,       /* UDP 4500 with the zero non-ESP marker */
	MSA_PKT_KEEPALIVE, /* UDP 4500, one byte 0xff */
	MSA_PKT_FRAGMENT,  /* IPv4 or IPv6 fragment */
	MSA_PKT_UNPARSED,  /* truncated or malformed */
};

struct msa_cursor {
	void *pos;
	void *end;
};

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

/* Ethernet and at most one VLAN tag; returns the L3 ethertype or -1. */
static __always_inline int msa_parse_eth(struct msa_cursor *c)
{
	struct ethhdr *eth = c->pos;
	struct vlan_hdr_ *vlan;
	__u16 proto;

	if ((void *)(eth + 1) > c->end)
		return -1;
	proto = bpf_ntohs(eth->h_proto);
	c->pos = eth + 1;
	if (proto != ETH_P_8021Q_ && proto != ETH_P_8021AD_)
		return proto;
	vlan = c->pos;
	if ((void *)(vlan + 1) > c->end)
		return -1;
	c->pos = vlan + 1;
	return bpf_ntohs(vlan->proto);
}

/* IPv4: returns the next protocol, or a negative class. */
static __always_inline int msa_parse_ip4(struct msa_cursor *c,
					 struct msa_sa_key *key)
{
	struct iphdr *ip = c->pos;
	__u32 hlen;

	if ((void *)(ip + 1) > c->end)
		return -MSA_PKT_UNPARSED;
	hlen = ip->ihl * 4;
	if (ip->version != 4 || hlen < sizeof(*ip))
		return -MSA_PKT_UNPARSED;
	if (c->pos + hlen > c->end)
		return -MSA_PKT_UNPARSED;
	if (ip->frag_off & bpf_htons(IP_MF_OFFSET_))
		return -MSA_PKT_FRAGMENT;
	key->family = AF_INET_;
	/* one 8-octet store: XDP compares the key in 8-octet words, and a
	 * load that spans two narrower stores cannot be forwarded (a stall
	 * of ~10 cycles per word); the other 8 octets stay the zero of the
	 * key's initialiser */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	*(__u64 *)key->daddr = ip->daddr;
#else
	__builtin_memcpy(key->daddr, &ip->daddr, 4);
#endif
	c->pos += hlen;
	return ip->protocol;
}

/* One IPv6 extension header; returns its length, or 0 if nh is not one
 * we skip. */
static __always_inline int msa_ip6_ext_len(struct msa_cursor *c, __u8 nh,
					   __u8 *next)
{
	__u8 *h = c->pos;

	if (nh != IPPROTO_HOPOPTS_ && nh != IPPROTO_ROUTING_ &&
	    nh != IPPROTO_DSTOPTS_ && nh != IPPROTO_AH_)
		return 0;
	if ((void *)(h + 2) > c->end)
		return -1;
	*next = h[0];
	if (nh == IPPROTO_AH_)
		return (h[1] + 2) * 4; /* RFC 4302: in 4-octet units, minus 2 */
	return (h[1] + 1) * 8;        /* RFC 8200: in 8-octet units, minus 1 */
}

/* IPv6 and up to MSA_MAX_V6_EXTHDR extension headers. */
static __always_inline int msa_parse_ip6(struct msa_cursor *c,
					 struct msa_sa_key *key)
{
	struct ipv6hdr *ip6 = c->pos;
	__u8 nh, next = 0;
	int i, len;

	if ((void *)(ip6 + 1) > c->end || ip6->version != 6)
		return -MSA_PKT_UNPARSED;
	key->family = AF_INET6_;
	__builtin_memcpy(key->daddr, &ip6->daddr, 16);
	nh = ip6->nexthdr;
	c->pos = ip6 + 1;
#pragma unroll
	for (i = 0; i < MSA_MAX_V6_EXTHDR; i++) {
		if (nh == IPPROTO_FRAGMENT_)
			return -MSA_PKT_FRAGMENT;
		len = msa_ip6_ext_len(c, nh, &next);
		if (len < 0)
			return -MSA_PKT_UNPARSED;
		if (len == 0)
			return nh;
		c->pos += len;
		nh = next;
	}
	if (nh == IPPROTO_FRAGMENT_)
		return -MSA_PKT_FRAGMENT;
	if (msa_ip6_ext_len(c, nh, &next) != 0)
		return -MSA_PKT_UNPARSED; /* more extension headers than we walk */
	return nh;
}

/* SPI, family and pad (zero) as one 8-octet store (see msa_parse_ip4). */
static __always_inline void msa_key_word0(struct msa_sa_key *key, __u32 spi)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	*(__u64 *)key = (__u64)spi | (__u64)key->family << 32;
#else
	key->spi = spi;
#endif
}

/* ESP header: the SPI, with room for the sequence number behind it. */
static __always_inline int msa_parse_esp(struct msa_cursor *c,
					 struct msa_sa_key *key)
{
	__u32 *esp = c->pos;

	if ((void *)(esp + 2) > c->end)
		return MSA_PKT_UNPARSED;
	if (esp[0] == 0)
		return MSA_PKT_UNPARSED; /* SPI 0 is reserved (RFC 4303) */
	msa_key_word0(key, esp[0]);
	return MSA_PKT_ESP;
}

/*
 * UDP: ESP-in-UDP when the NAT-T port matches (destination port; on egress
 * the source port too). RFC 3948: four zero octets = IKE, one octet 0xff =
 * keepalive, anything else starts with the SPI. Lengths come from the UDP
 * header, so Ethernet padding is not mistaken for payload.
 */
static __always_inline int msa_parse_udp(struct msa_cursor *c,
					 struct msa_sa_key *key, int egress)
{
	struct udphdr *udp = c->pos;
	__u16 ulen;
	__u8 *pl;

	if ((void *)(udp + 1) > c->end)
		return MSA_PKT_UNPARSED;
	if (udp->dest != bpf_htons(MSA_NATT_PORT) &&
	    !(egress && udp->source == bpf_htons(MSA_NATT_PORT)))
		return MSA_PKT_NOT_ESP;
	ulen = bpf_ntohs(udp->len);
	pl = (void *)(udp + 1);
	if (ulen < sizeof(*udp) + 1 || (void *)(pl + 1) > c->end)
		return MSA_PKT_UNPARSED;
	if (ulen == sizeof(*udp) + 1 && pl[0] == 0xff)
		return MSA_PKT_KEEPALIVE;
	if (ulen < sizeof(*udp) + 4 || (void *)(pl + 4) > c->end)
		return MSA_PKT_UNPARSED;
	if (*(__u32 *)pl == 0)
		return MSA_PKT_IKE;
	if (ulen < sizeof(*udp) + 8)
		return MSA_PKT_UNPARSED;
	c->pos = pl;
	return msa_parse_esp(c, key);
}

/* The whole walk: class of the packet in [data, end), key for ESP. */
static __always_inline int msa_classify(void *data, void *end,
					struct msa_sa_key *key, int egress)
{
	struct msa_cursor c = { .pos = data, .end = end };
	int proto, l3 = msa_parse_eth(&c);

	if (l3 == ETH_P_IP_)
		proto = msa_parse_ip4(&c, key);
	else if (l3 == ETH_P_IPV6_)
		proto = msa_parse_ip6(&c, key);
	else
		return l3 < 0 ? MSA_PKT_UNPARSED : MSA_PKT_NOT_ESP;
	if (proto < 0)
		return -proto;
	if (proto == IPPROTO_ESP_)
		return msa_parse_esp(&c, key);
	if (proto == IPPROTO_UDP_)
		return msa_parse_udp(&c, key, egress);
	return MSA_PKT_NOT_ESP;
}

#endif /* MSA_BPF_PARSE_H */
