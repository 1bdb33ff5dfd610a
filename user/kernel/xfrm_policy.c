// SPDX-License-Identifier: GPL-2.0-or-later
/* XFRM policies: UPDPOLICY with one ESP template, DELPOLICY, dumps. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include "xfrm_priv.h"
#include "log/log.h"

static const char *const pol_dir_name[] = { "in", "out", "fwd" };

static int check_sel(const struct msa_ksel *s, const char *what)
{
	unsigned int max = s->addr.family == AF_INET ? 32 : 128;
	int err = msa_xnl_check_family(&s->addr, what);

	if (!err && s->prefixlen > max) {
		msa_err("%s: prefix length %u (max %u)", what, s->prefixlen, max);
		err = -EINVAL;
	}
	return err;
}

/* The XFRM port mask of k (see struct msa_ksel). */
static uint16_t port_mask(const struct msa_ksel *k)
{
	if (k->port_mask)
		return k->port_mask;
	return k->port ? 0xffff : 0;
}

int msa_xsel_make(struct xfrm_selector *sel, const struct msa_ksel *src,
		  const struct msa_ksel *dst)
{
	int err = check_sel(src, "xfrm: selector source");

	if (!err)
		err = check_sel(dst, "xfrm: selector destination");
	if (err)
		return err;
	if (src->addr.family != dst->addr.family ||
	    (src->proto && dst->proto && src->proto != dst->proto)) {
		msa_err("xfrm: selector: families %u/%u or protocols %u/%u differ",
			src->addr.family, dst->addr.family, src->proto, dst->proto);
		return -EINVAL;
	}
	memset(sel, 0, sizeof(*sel));
	sel->family = src->addr.family;
	msa_xnl_addr(&sel->saddr, &src->addr);
	msa_xnl_addr(&sel->daddr, &dst->addr);
	sel->prefixlen_s = src->prefixlen;
	sel->prefixlen_d = dst->prefixlen;
	sel->proto = dst->proto ? dst->proto : src->proto;
	sel->sport = htons(src->port);
	sel->sport_mask = htons(port_mask(src));
	sel->dport = htons(dst->port);
	sel->dport_mask = htons(port_mask(dst));
	return 0;
}

void msa_xsel_read(const struct xfrm_selector *sel, struct msa_ksel *src,
		   struct msa_ksel *dst)
{
	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	msa_xnl_ip(&src->addr, &sel->saddr, sel->family);
	msa_xnl_ip(&dst->addr, &sel->daddr, sel->family);
	src->prefixlen = sel->prefixlen_s;
	dst->prefixlen = sel->prefixlen_d;
	src->proto = dst->proto = sel->proto;
	src->port = ntohs(sel->sport);
	dst->port = ntohs(sel->dport);
	src->port_mask = ntohs(sel->sport_mask);
	dst->port_mask = ntohs(sel->dport_mask);
}

static void infinite(struct xfrm_lifetime_cfg *l)
{
	l->soft_byte_limit = l->hard_byte_limit = XFRM_INF;
	l->soft_packet_limit = l->hard_packet_limit = XFRM_INF;
}

/* The ESP template: transport mode needs no addresses, tunnel mode does. */
static int put_tmpl(void *buf, const struct msa_kpolicy *p, uint16_t family)
{
	struct xfrm_user_tmpl t;

	memset(&t, 0, sizeof(t));
	if (p->mode == MSA_KMODE_TUNNEL) {
		int err = msa_xnl_check_family(&p->tmpl_src, "xfrm: tunnel source");

		if (!err)
			err = msa_xnl_check_family(&p->tmpl_dst, "xfrm: tunnel destination");
		if (err)
			return err;
		family = p->tmpl_dst.family;
	}
	msa_xnl_addr(&t.id.daddr, &p->tmpl_dst);
	msa_xnl_addr(&t.saddr, &p->tmpl_src);
	t.id.proto = IPPROTO_ESP;
	t.family = family;
	t.reqid = p->reqid;
	t.mode = p->mode == MSA_KMODE_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	t.aalgos = t.ealgos = t.calgos = ~0u;
	return msa_xnl_put(buf, XFRMA_TMPL, sizeof(t), &t);
}

static int check_policy(const struct msa_kpolicy *p)
{
	if (p->dir > MSA_KPOL_FWD || p->mode > MSA_KMODE_TUNNEL ||
	    (p->flags & ~MSA_KPOL_F_CPU_ACQUIRE)) {
		msa_err("xfrm: policy: dir %u, mode %u or flags 0x%x out of range",
			p->dir, p->mode, p->flags);
		return -EINVAL;
	}
	return 0;
}

static void log_policy(struct msa_xnl *nl, const char *op,
		       const struct msa_kpolicy *p, int err)
{
	char s[MSA_XNL_IPSTR], d[MSA_XNL_IPSTR];

	msa_xnl_fail(nl, err, "%s %s/%u -> %s/%u dir %s reqid 0x%x", op,
		     msa_xnl_ipstr(&p->src.addr, s, sizeof(s)), p->src.prefixlen,
		     msa_xnl_ipstr(&p->dst.addr, d, sizeof(d)), p->dst.prefixlen,
		     pol_dir_name[p->dir], p->reqid);
}

int msa_xpol_update(struct msa_xnl *nl, const struct msa_kpolicy *p)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_userpolicy_info *u;
	int err = check_policy(p);

	if (err)
		return err;
	u = msa_xnl_start(nl, buf, XFRM_MSG_UPDPOLICY, NLM_F_CREATE, sizeof(*u));
	err = msa_xsel_make(&u->sel, &p->src, &p->dst);
	if (err)
		return err;
	infinite(&u->lft);
	u->priority = p->priority;
	u->dir = p->dir;
	u->action = XFRM_POLICY_ALLOW;
	u->share = XFRM_SHARE_ANY;
	if (p->flags & MSA_KPOL_F_CPU_ACQUIRE)
		u->flags |= XFRM_POLICY_CPU_ACQUIRE;
	err = put_tmpl(buf, p, u->sel.family);
	if (!err)
		err = msa_xnl_talk(nl, buf, NULL, NULL);
	if (err)
		log_policy(nl, "UPDPOLICY", p, err);
	return err;
}

int msa_xpol_del(struct msa_xnl *nl, const struct msa_kpolicy *p)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_userpolicy_id *id;
	int err = check_policy(p);

	if (err)
		return err;
	id = msa_xnl_start(nl, buf, XFRM_MSG_DELPOLICY, 0, sizeof(*id));
	err = msa_xsel_make(&id->sel, &p->src, &p->dst);
	if (err)
		return err;
	id->dir = p->dir;
	err = msa_xnl_talk(nl, buf, NULL, NULL);
	if (err == -ENOENT)
		return err;
	if (err)
		log_policy(nl, "DELPOLICY", p, err);
	return err;
}

int msa_xpol_del_index(struct msa_xnl *nl, uint32_t index, uint8_t dir)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_userpolicy_id *id;
	int err;

	id = msa_xnl_start(nl, buf, XFRM_MSG_DELPOLICY, 0, sizeof(*id));
	id->index = index;
	id->dir = dir;
	err = msa_xnl_talk(nl, buf, NULL, NULL);
	if (err && err != -ENOENT)
		msa_xnl_fail(nl, err, "DELPOLICY index %u dir %u", index, dir);
	return err;
}

struct dump {
	msa_xpol_cb cb;
	void *arg;
	int err;
};

static void read_tmpls(const struct nlattr *a, struct msa_xpol_info *info)
{
	const struct xfrm_user_tmpl *t;
	size_t n;

	if (!a)
		return;
	t = mnl_attr_get_payload(a);
	n = mnl_attr_get_payload_len(a) / sizeof(*t);
	for (size_t i = 0; i < n && i < MSA_XPOL_TMPL_MAX; i++)
		info->reqid[info->ntmpl++] = t[i].reqid;
}

static int on_dump_policy(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[MSA_XFRMA_MAX + 1];
	const struct xfrm_userpolicy_info *u = mnl_nlmsg_get_payload(nlh);
	struct msa_xpol_info info = { 0 };
	struct dump *d = arg;

	/* after an error, read the dump to its end without calling cb */
	if (d->err || nlh->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    msa_xnl_parse(nlh, sizeof(*u), tb) || u->dir > XFRM_POLICY_FWD)
		return MNL_CB_OK;
	info.index = u->index;
	info.dir = u->dir;
	read_tmpls(tb[XFRMA_TMPL], &info);
	d->err = d->cb(&info, d->arg);
	return MNL_CB_OK;
}

int msa_xpol_dump(struct msa_xnl *nl, msa_xpol_cb cb, void *arg)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct dump d = { .cb = cb, .arg = arg };
	int err;

	msa_xnl_start(nl, buf, XFRM_MSG_GETPOLICY, NLM_F_DUMP, 0);
	err = msa_xnl_talk(nl, buf, on_dump_policy, &d);
	if (err)
		msa_xnl_fail(nl, err, "policy dump");
	return err ? err : d.err;
}
