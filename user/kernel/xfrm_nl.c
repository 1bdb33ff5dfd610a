// SPDX-License-Identifier: GPL-2.0-or-later
/* XFRM netlink transport: socket, bounded requests, answers, extended acks. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/netlink.h>
#include "xfrm_nl.h"
#include "log/log.h"

int msa_xnl_open(struct msa_xnl *nl, unsigned int groups)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(NETLINK_XFRM);
	if (!nl->sk) {
		msa_err("xfrm: cannot open a NETLINK_XFRM socket: %s", strerror(errno));
		return -errno;
	}
	if (mnl_socket_bind(nl->sk, groups, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		msa_err("xfrm: cannot bind the netlink socket (groups 0x%x): %s",
			groups, strerror(errno));
		msa_xnl_close(nl);
		return err;
	}
	/* Error messages from the kernel; acks without the request echoed
	 * back (it may hold keys). Both are best effort (Linux 4.12+). */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

void msa_xnl_close(struct msa_xnl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

void *msa_xnl_start(struct msa_xnl *nl, void *buf, uint16_t type,
		    uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	/* an ack ends every answer but a dump's (NLMSG_DONE does) */
	if ((flags & NLM_F_DUMP) != NLM_F_DUMP)
		flags |= NLM_F_ACK;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return mnl_nlmsg_put_extra_header(nlh, hdrlen);
}

/* The NLMSGERR_ATTR_MSG behind an error message, copied into out. */
static void ext_ack(const struct nlmsghdr *nlh, char *out, size_t len)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (off >= mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(out, len, "%s", mnl_attr_get_str(a));
			return;
		}
	}
}

struct talk {
	struct msa_xnl *nl;
	mnl_cb_t cb;
	void *arg;
	int err;
};

static int on_error(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		t->err = -EBADMSG;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;	/* the ack */
	t->err = e->error < 0 ? e->error : -e->error;
	ext_ack(nlh, t->nl->ext, sizeof(t->nl->ext));
	errno = -t->err;
	return MNL_CB_ERROR;
}

/* libmnl 1.0.4 calls no default for a type that has a slot in the control
 * array, so NLMSG_DONE needs its own entry or a dump never ends. */
static int on_done(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_STOP;
}

static int on_data(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	return t->cb ? t->cb(nlh, t->arg) : MNL_CB_OK;
}

static int receive(struct talk *t, uint32_t seq)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = on_error, [NLMSG_DONE] = on_done,
	};
	char rbuf[MSA_XNL_RECV_MAX];
	ssize_t n;
	int ret;

	do {
		n = mnl_socket_recvfrom(t->nl->sk, rbuf, sizeof(rbuf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(rbuf, n, seq, t->nl->portid, on_data, t,
				  (mnl_cb_t *)ctl, NLMSG_MIN_TYPE);
		explicit_bzero(rbuf, n);
	} while (ret > MNL_CB_STOP);
	if (ret == MNL_CB_ERROR)
		return t->err ? t->err : -errno;
	return 0;
}

int msa_xnl_talk(struct msa_xnl *nl, void *buf, mnl_cb_t cb, void *arg)
{
	struct nlmsghdr *nlh = buf;
	struct talk t = { .nl = nl, .cb = cb, .arg = arg };
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;

	nl->ext[0] = '\0';
	n = mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len);
	explicit_bzero(buf, nlh->nlmsg_len);
	if (n < 0)
		return -errno;
	return receive(&t, seq);
}

void msa_xnl_fail(const struct msa_xnl *nl, int err, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	msa_log(nl->quiet ? MSA_LOG_DEBUG : MSA_LOG_ERR, "xfrm: %s: %s%s%s%s",
		what, strerror(-err), nl->ext[0] ? " (kernel: " : "", nl->ext,
		nl->ext[0] ? ")" : "");
}

int msa_xnl_put(void *buf, uint16_t type, size_t len, const void *data)
{
	return mnl_attr_put_check(buf, MSA_XNL_MSG_MAX, type, len, data) ?
	       0 : -EMSGSIZE;
}

int msa_xnl_put_u8(void *buf, uint16_t type, uint8_t v)
{
	return msa_xnl_put(buf, type, sizeof(v), &v);
}

int msa_xnl_put_u32(void *buf, uint16_t type, uint32_t v)
{
	return msa_xnl_put(buf, type, sizeof(v), &v);
}

static int keep_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= MSA_XFRMA_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

int msa_xnl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct nlattr **tb)
{
	memset(tb, 0, (MSA_XFRMA_MAX + 1) * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < hdrlen)
		return -EBADMSG;
	return mnl_attr_parse(nlh, hdrlen, keep_attr, tb) < 0 ? -EBADMSG : 0;
}

void msa_xnl_addr(xfrm_address_t *x, const struct msa_ip *ip)
{
	memset(x, 0, sizeof(*x));
	if (ip->family == AF_INET)
		memcpy(&x->a4, ip->addr, 4);
	else if (ip->family == AF_INET6)
		memcpy(x->a6, ip->addr, 16);
}

void msa_xnl_ip(struct msa_ip *ip, const xfrm_address_t *x, uint16_t family)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = (uint8_t)family;
	if (family == AF_INET)
		memcpy(ip->addr, &x->a4, 4);
	else if (family == AF_INET6)
		memcpy(ip->addr, x->a6, 16);
}

const char *msa_xnl_ipstr(const struct msa_ip *ip, char *buf, size_t len)
{
	if ((ip->family != AF_INET && ip->family != AF_INET6) ||
	    !inet_ntop(ip->family, ip->addr, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

int msa_xnl_check_family(const struct msa_ip *ip, const char *what)
{
	if (ip->family == AF_INET || ip->family == AF_INET6)
		return 0;
	msa_err("%s: address family %u is neither AF_INET nor AF_INET6",
		what, ip->family);
	return -EINVAL;
}
