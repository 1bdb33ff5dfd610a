// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XFRM events: a socket on the ACQUIRE and EXPIRE multicast groups, read
 * without blocking. ACQUIRE (with or without XFRMA_SA_PCPU), EXPIRE (soft,
 * hard) and POLEXPIRE become struct msa_kevent; a receive buffer overrun
 * (ENOBUFS: the kernel dropped events) becomes MSA_KEV_RESYNC.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include "xfrm_priv.h"
#include "log/log.h"

#define EV_RCVBUF (1 << 20)	/* room for bursts of acquires */

int msa_xev_open(struct msa_xev *ev)
{
	unsigned int groups = (1u << (XFRMNLGRP_ACQUIRE - 1)) |
			      (1u << (XFRMNLGRP_EXPIRE - 1));
	int fd, size = EV_RCVBUF, err;

	memset(ev, 0, sizeof(*ev));
	err = msa_xnl_open(&ev->nl, groups);
	if (err)
		return err;
	fd = mnl_socket_get_fd(ev->nl.sk);
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		err = -errno;
		msa_err("xfrm events: cannot make the socket non-blocking: %s",
			strerror(errno));
		msa_xnl_close(&ev->nl);
		return err;
	}
	/* beyond rmem_max needs CAP_NET_ADMIN; the plain size is the fallback */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

void msa_xev_close(struct msa_xev *ev)
{
	msa_xnl_close(&ev->nl);
}

int msa_xev_fd(const struct msa_xev *ev)
{
	return ev->nl.sk ? mnl_socket_get_fd(ev->nl.sk) : -1;
}

static uint32_t get_cpu(const struct nlattr **tb)
{
	const struct nlattr *a = tb[XFRMA_SA_PCPU];

	if (a && !mnl_attr_validate(a, MNL_TYPE_U32))
		return mnl_attr_get_u32(a);
	return MSA_KCPU_NONE;
}

static uint32_t first_reqid(const struct nlattr **tb)
{
	const struct nlattr *a = tb[XFRMA_TMPL];

	if (!a || mnl_attr_get_payload_len(a) < sizeof(struct xfrm_user_tmpl))
		return 0;
	return ((const struct xfrm_user_tmpl *)mnl_attr_get_payload(a))->reqid;
}

static int decode_acquire(const struct nlmsghdr *nlh, struct msa_kevent *ev)
{
	const struct nlattr *tb[MSA_XFRMA_MAX + 1];
	const struct xfrm_user_acquire *a = mnl_nlmsg_get_payload(nlh);

	if (msa_xnl_parse(nlh, sizeof(*a), tb))
		return -EBADMSG;
	ev->type = MSA_KEV_ACQUIRE;
	ev->reqid = first_reqid(tb);
	ev->cpu = get_cpu(tb);
	msa_xsel_read(&a->sel, &ev->src, &ev->dst);
	return 1;
}

static int decode_expire(const struct nlmsghdr *nlh, struct msa_kevent *ev)
{
	const struct nlattr *tb[MSA_XFRMA_MAX + 1];
	const struct xfrm_user_expire *x = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *dir;

	if (msa_xnl_parse(nlh, sizeof(*x), tb))
		return -EBADMSG;
	ev->type = MSA_KEV_EXPIRE;
	ev->hard = x->hard;
	ev->spi = ntohl(x->state.id.spi);
	ev->reqid = x->state.reqid;
	ev->cpu = get_cpu(tb);
	msa_xnl_ip(&ev->sa_dst, &x->state.id.daddr, x->state.family);
	dir = tb[XFRMA_SA_DIR];
	if (dir && !mnl_attr_validate(dir, MNL_TYPE_U8))
		ev->dir = mnl_attr_get_u8(dir);
	return 1;
}

static int decode_polexpire(const struct nlmsghdr *nlh, struct msa_kevent *ev)
{
	const struct nlattr *tb[MSA_XFRMA_MAX + 1];
	const struct xfrm_user_polexpire *x = mnl_nlmsg_get_payload(nlh);

	if (msa_xnl_parse(nlh, sizeof(*x), tb))
		return -EBADMSG;
	ev->type = MSA_KEV_POLEXPIRE;
	ev->hard = x->hard;
	ev->reqid = first_reqid(tb);
	msa_xsel_read(&x->pol.sel, &ev->src, &ev->dst);
	return 1;
}

int msa_xev_decode(const struct nlmsghdr *nlh, struct msa_kevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->cpu = MSA_KCPU_NONE;
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_ACQUIRE:
		return decode_acquire(nlh, ev);
	case XFRM_MSG_EXPIRE:
		return decode_expire(nlh, ev);
	case XFRM_MSG_POLEXPIRE:
		return decode_polexpire(nlh, ev);
	default:
		return 0;
	}
}

static void push(struct msa_xev *ev, const struct msa_kevent *e)
{
	if (ev->len == MSA_XEV_QUEUE) {
		msa_warn("xfrm events: queue full, event type %u dropped", e->type);
		return;
	}
	ev->q[(ev->head + ev->len++) % MSA_XEV_QUEUE] = *e;
}

static int on_event(const struct nlmsghdr *nlh, void *arg)
{
	struct msa_kevent e;
	int r = msa_xev_decode(nlh, &e);

	if (r > 0)
		push(arg, &e);
	else if (r < 0)
		msa_warn("xfrm events: truncated message type %u (%u octets)",
			 nlh->nlmsg_type, nlh->nlmsg_len);
	return MNL_CB_OK;
}

/* One datagram into the queue: 1, 0 if there was none, or -errno. */
static int fill(struct msa_xev *ev)
{
	char buf[MSA_XNL_RECV_MAX];
	ssize_t n = recv(msa_xev_fd(ev), buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && errno == ENOBUFS) {
		struct msa_kevent e = { .type = MSA_KEV_RESYNC, .cpu = MSA_KCPU_NONE };

		msa_warn("xfrm events: the kernel dropped events (ENOBUFS): resync");
		push(ev, &e);
		return 1;
	}
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ?
		       0 : -errno;
	/* seq and portid 0: multicast, no request to match */
	if (mnl_cb_run(buf, n, 0, 0, on_event, ev) < 0)
		msa_warn("xfrm events: bad datagram of %zd octets", n);
	return 1;
}

int msa_xev_read(struct msa_xev *ev, struct msa_kevent *out, int max)
{
	int n = 0, r;

	while (n < max) {
		if (ev->len) {
			out[n++] = ev->q[ev->head];
			ev->head = (ev->head + 1) % MSA_XEV_QUEUE;
			ev->len--;
			continue;
		}
		r = fill(ev);
		if (r < 0) {
			msa_err("xfrm events: receive: %s", strerror(-r));
			return n ? n : r;
		}
		if (!r)
			break;
	}
	return n;
}
