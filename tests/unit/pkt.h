/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small packet builder for BPF fixtures: Ethernet, one VLAN tag, IPv4 or
 * IPv6 with extension headers, UDP, ESP. Lengths are filled in from what
 * follows, so a fixture states only what makes it different.
 */
#ifndef MSA_TEST_PKT_H
#define MSA_TEST_PKT_H

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PKT_ESP   50
#define PKT_UDP   17
#define PKT_TCP   6
#define PKT_V6_FRAG 44

struct pkt_spec {
	uint16_t vlan;          /* VLAN id, 0 = untagged */
	int v6;                 /* IPv6 instead of IPv4 */
	uint8_t ext[6];         /* IPv6 extension header types, in order */
	int n_ext;
	uint16_t frag_off;      /* IPv4 flags+offset field (host order) */
	uint8_t l4;             /* PKT_ESP, PKT_UDP or another protocol */
	uint16_t sport, dport;  /* UDP */
	const uint8_t *raw;     /* UDP payload instead of ESP, if set */
	size_t raw_len;
	uint32_t spi;           /* ESP SPI (host order) */
	const char *dst;        /* destination address; NULL: default */
	size_t esp_len;         /* ESP payload after SPI+seq */
};

struct pkt {
	uint8_t b[4096];
	size_t len;
};

static inline uint8_t *pkt_put(struct pkt *p, size_t n)
{
	uint8_t *at = p->b + p->len;

	if (p->len + n > sizeof(p->b))
		abort(); /* a fixture bigger than the builder: fix the fixture */
	memset(at, 0, n);
	p->len += n;
	return at;
}

static inline void pkt_put16(uint8_t *at, uint16_t v)
{
	v = htons(v);
	memcpy(at, &v, 2);
}

static inline size_t pkt_l4_len(const struct pkt_spec *s)
{
	size_t body = s->raw ? s->raw_len : 8 + s->esp_len;

	return s->l4 == PKT_UDP ? 8 + body : s->l4 == PKT_ESP ? body : 20;
}

static inline void pkt_eth(struct pkt *p, const struct pkt_spec *s)
{
	uint8_t *e = pkt_put(p, 14), *tag;
	uint16_t l3 = s->v6 ? 0x86dd : 0x0800;

	memcpy(e, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	if (!s->vlan) {
		pkt_put16(e + 12, l3);
		return;
	}
	pkt_put16(e + 12, 0x8100);
	tag = pkt_put(p, 4);
	pkt_put16(tag, s->vlan);
	pkt_put16(tag + 2, l3);
}

static inline void pkt_ip4(struct pkt *p, const struct pkt_spec *s)
{
	uint8_t *ip = pkt_put(p, 20);

	ip[0] = 0x45;
	pkt_put16(ip + 2, (uint16_t)(20 + pkt_l4_len(s)));
	pkt_put16(ip + 6, s->frag_off);
	ip[8] = 64;
	ip[9] = s->l4;
	inet_pton(AF_INET, "192.0.2.2", ip + 12);
	inet_pton(AF_INET, s->dst ? s->dst : "192.0.2.1", ip + 16);
}

static inline void pkt_ip6(struct pkt *p, const struct pkt_spec *s)
{
	uint8_t *ip = pkt_put(p, 40), *h;
	size_t ext_len = 0;

	for (int i = 0; i < s->n_ext; i++)
		ext_len += 8;
	ip[0] = 0x60;
	pkt_put16(ip + 4, (uint16_t)(ext_len + pkt_l4_len(s)));
	ip[6] = s->n_ext ? s->ext[0] : s->l4;
	ip[7] = 64;
	inet_pton(AF_INET6, "2001:db8::2", ip + 8);
	inet_pton(AF_INET6, s->dst ? s->dst : "2001:db8::1", ip + 24);
	for (int i = 0; i < s->n_ext; i++) {
		/* 8 octets each: length field 0 both for the generic
		 * (len + 1) * 8 and for AH's (len + 2) * 4 */
		h = pkt_put(p, 8);
		h[0] = i + 1 < s->n_ext ? s->ext[i + 1] : s->l4;
	}
}

static inline void pkt_l4(struct pkt *p, const struct pkt_spec *s)
{
	uint8_t *u, *esp;

	if (s->l4 != PKT_UDP && s->l4 != PKT_ESP) {
		pkt_put(p, 20); /* an opaque 20-byte L4 header (TCP-sized) */
		return;
	}
	if (s->l4 == PKT_UDP) {
		u = pkt_put(p, 8);
		pkt_put16(u, s->sport ? s->sport : 4500);
		pkt_put16(u + 2, s->dport ? s->dport : 4500);
		pkt_put16(u + 4, (uint16_t)pkt_l4_len(s));
	}
	if (s->raw) {
		memcpy(pkt_put(p, s->raw_len), s->raw, s->raw_len);
		return;
	}
	esp = pkt_put(p, 8 + s->esp_len);
	esp[0] = s->spi >> 24; esp[1] = s->spi >> 16;
	esp[2] = s->spi >> 8;  esp[3] = s->spi;
	esp[7] = 1; /* sequence number 1 */
	memset(esp + 8, 0xab, s->esp_len);
}

static inline void pkt_build(struct pkt *p, const struct pkt_spec *s)
{
	p->len = 0;
	pkt_eth(p, s);
	if (s->v6)
		pkt_ip6(p, s);
	else
		pkt_ip4(p, s);
	pkt_l4(p, s);
}

#endif
