/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XFRM netlink, the transport: a NETLINK_XFRM socket, bounded message
 * building, one request/answer exchange with the kernel's extended ack, and
 * address conversions between struct msa_ip and xfrm_address_t.
 * Used by the xfrm_*.c files only; nothing here leaves user/.
 */
#ifndef MSA_XFRM_NL_H
#define MSA_XFRM_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include "msa_xfrm_compat.h"
#include "msa_kernel.h"

/* Big enough for any request we build (an SA with keys and a 4096-bit
 * replay bitmap is about 1 KiB) and for one datagram of a dump. */
#define MSA_XNL_MSG_MAX 4096
#define MSA_XNL_RECV_MAX 32768
#define MSA_XNL_EXT_MAX 160

struct msa_xnl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	/* the kernel's NLMSGERR_ATTR_MSG of the last failed request, or "" */
	char ext[MSA_XNL_EXT_MAX];
	/* refusals are expected (probing): msa_xnl_fail logs them as debug */
	bool quiet;
};

/* A socket for requests (groups 0), or one subscribed to the multicast
 * groups in the bitmask (1 << (XFRMNLGRP_x - 1)). */
int msa_xnl_open(struct msa_xnl *nl, unsigned int groups);
void msa_xnl_close(struct msa_xnl *nl);

/* A request in buf (MSA_XNL_MSG_MAX octets): the header and a fixed part of
 * hdrlen octets, zeroed; returns that fixed part. */
void *msa_xnl_start(struct msa_xnl *nl, void *buf, uint16_t type,
		    uint16_t flags, size_t hdrlen);

/*
 * Send the request in buf and read the answer: each data message goes to cb
 * (may be NULL), then the ack or NLMSG_DONE ends it. 0 or -errno (the
 * kernel's error; its message is in nl->ext). The request and everything
 * received are wiped after use: SA requests and dumps carry keys.
 */
int msa_xnl_talk(struct msa_xnl *nl, void *buf, mnl_cb_t cb, void *arg);

/* Log a failed request: "xfrm: WHAT: strerror(-err) (kernel: MSG)", as an
 * error, or as debug while nl->quiet. */
void msa_xnl_fail(const struct msa_xnl *nl, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Attributes with a bound check: -EMSGSIZE when buf is full. */
int msa_xnl_put(void *buf, uint16_t type, size_t len, const void *data);
int msa_xnl_put_u8(void *buf, uint16_t type, uint8_t v);
int msa_xnl_put_u32(void *buf, uint16_t type, uint32_t v);

/* Attributes of a message after a fixed part of hdrlen octets, indexed by
 * type up to MSA_XFRMA_MAX (later or short ones are left NULL). */
int msa_xnl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct nlattr **tb);

/* struct msa_ip <-> xfrm_address_t; family 0 gives the zero address. */
void msa_xnl_addr(xfrm_address_t *x, const struct msa_ip *ip);
void msa_xnl_ip(struct msa_ip *ip, const xfrm_address_t *x, uint16_t family);
/* For log lines: the address, or "?" for a bad family. */
const char *msa_xnl_ipstr(const struct msa_ip *ip, char *buf, size_t len);
/* 0 or -EINVAL (logged with what) unless family is AF_INET or AF_INET6. */
int msa_xnl_check_family(const struct msa_ip *ip, const char *what);

#define MSA_XNL_IPSTR 48	/* buffer for msa_xnl_ipstr */

#endif /* MSA_XFRM_NL_H */
