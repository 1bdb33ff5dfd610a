// SPDX-License-Identifier: GPL-2.0-or-later
/* XFRM SAs: ALLOCSPI, NEWSA/UPDSA, DELSA, GETSA (one, or a dump). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/udp.h>
#include "xfrm_priv.h"
#include "log/log.h"

#define SPI_MIN 0x00000100u	/* 1-255 are reserved (RFC 4303) */
#define SPI_MAX 0xffffffffu
#define LEGACY_WINDOW_MAX 32	/* xfrm_usersa_info.replay_window: 32 bits */

static const char *dir_name(uint8_t dir)
{
	return dir == MSA_KDIR_IN ? "in" : dir == MSA_KDIR_OUT ? "out" : "-";
}

static uint64_t limit(uint64_t v)
{
	return v ? v : XFRM_INF;
}

static void fill_lifetime(struct xfrm_lifetime_cfg *l,
			  const struct msa_klifetime *life)
{
	l->soft_byte_limit = limit(life->soft_bytes);
	l->hard_byte_limit = limit(life->hard_bytes);
	l->soft_packet_limit = limit(life->soft_packets);
	l->hard_packet_limit = limit(life->hard_packets);
	l->soft_add_expires_seconds = life->soft_add_s;
	l->hard_add_expires_seconds = life->hard_add_s;
}

/*
 * The replay window the kernel gets: none on a dir-out SA (the kernel
 * refuses one there, verify_sa_dir()), else the caller's. ESN needs one
 * except on dir-out SAs.
 */
static int replay_window(const struct msa_ksa *sa, uint32_t *win)
{
	*win = sa->dir == MSA_KDIR_OUT ? 0 : sa->replay_window;
	if (sa->esn && !*win && sa->dir != MSA_KDIR_OUT) {
		msa_err("xfrm: SA 0x%08x: ESN with replay window 0 (dir %s)",
			sa->spi, dir_name(sa->dir));
		return -EINVAL;
	}
	if (*win > XFRMA_REPLAY_ESN_MAX) {
		msa_err("xfrm: SA 0x%08x: replay window %u (max %u)", sa->spi,
			*win, XFRMA_REPLAY_ESN_MAX);
		return -EINVAL;
	}
	return 0;
}

/* XFRMA_REPLAY_ESN_VAL: for ESN, and for windows the legacy field cannot
 * hold (the kernel then keeps a bitmap without ESN). */
static int put_replay_esn(void *buf, uint32_t win)
{
	uint32_t raw[(sizeof(struct xfrm_replay_state_esn) +
		      XFRMA_REPLAY_ESN_MAX / 8) / sizeof(uint32_t)] = { 0 };
	struct xfrm_replay_state_esn *rs = (struct xfrm_replay_state_esn *)raw;

	rs->bmp_len = (win + 31) / 32;
	rs->replay_window = win;
	return msa_xnl_put(buf, XFRMA_REPLAY_ESN_VAL,
			   sizeof(*rs) + rs->bmp_len * sizeof(uint32_t), rs);
}

#define MSA_MAPPING_MAXAGE_S 60

static int put_encap(void *buf, const struct msa_ksa *sa)
{
	struct xfrm_encap_tmpl t;

	if (!sa->encap_dport) {
		if (!sa->encap_sport)
			return 0;
		msa_err("xfrm: SA 0x%08x: UDP encapsulation needs a "
			"destination port (sport %u)", sa->spi, sa->encap_sport);
		return -EINVAL;
	}
	if (!sa->encap_sport && sa->dir != MSA_KDIR_IN) {
		msa_err("xfrm: SA 0x%08x: an outbound UDP-encapsulated SA needs "
			"a source port", sa->spi);
		return -EINVAL;
	}
	memset(&t, 0, sizeof(t));
	t.encap_type = UDP_ENCAP_ESPINUDP;
	t.encap_sport = htons(sa->encap_sport);
	t.encap_dport = htons(sa->encap_dport);
	if (msa_xnl_put(buf, XFRMA_ENCAP, sizeof(t), &t))
		return -EMSGSIZE;
	if (sa->dir != MSA_KDIR_IN)
		return 0;
	/* A packet from another address or port than encap_sport makes the
	 * kernel send a MAPPING message; for a per-CPU SA that takes any
	 * port (sport 0) that is every packet. We do not use them (NAT
	 * changes come through IKE): at most one per SA and minute. */
	return msa_xnl_put_u32(buf, XFRMA_MTIMER_THRESH, MSA_MAPPING_MAXAGE_S);
}

static int check_sa(const struct msa_ksa *sa)
{
	int err = msa_xnl_check_family(&sa->src, "xfrm: SA source");

	if (!err)
		err = msa_xnl_check_family(&sa->dst, "xfrm: SA destination");
	if (err)
		return err;
	if (sa->src.family != sa->dst.family) {
		msa_err("xfrm: SA 0x%08x: source and destination families "
			"differ (%u, %u)", sa->spi, sa->src.family, sa->dst.family);
		return -EINVAL;
	}
	if (sa->mode > MSA_KMODE_TUNNEL || sa->dir > MSA_KDIR_OUT) {
		msa_err("xfrm: SA 0x%08x: mode %u / dir %u out of range",
			sa->spi, sa->mode, sa->dir);
		return -EINVAL;
	}
	if (sa->cpu != MSA_KCPU_NONE && !sa->dir) {
		msa_err("xfrm: SA 0x%08x: CPU %u without a direction (the kernel "
			"needs one on a per-CPU SA)", sa->spi, sa->cpu);
		return -EINVAL;
	}
	return 0;
}

static int fill_info(struct xfrm_usersa_info *p, const struct msa_ksa *sa,
		     uint32_t win)
{
	msa_xnl_addr(&p->id.daddr, &sa->dst);
	msa_xnl_addr(&p->saddr, &sa->src);
	p->id.spi = htonl(sa->spi);
	p->id.proto = IPPROTO_ESP;
	p->family = sa->src.family;
	p->mode = sa->mode == MSA_KMODE_TUNNEL ? XFRM_MODE_TUNNEL :
						 XFRM_MODE_TRANSPORT;
	p->reqid = sa->reqid;
	fill_lifetime(&p->lft, &sa->life);
	if (sa->esn)
		p->flags |= XFRM_STATE_ESN;
	/* tunnel mode: the inner packets may be of either family */
	if (sa->mode == MSA_KMODE_TUNNEL)
		p->flags |= XFRM_STATE_AF_UNSPEC;
	if (!sa->esn && win <= LEGACY_WINDOW_MAX)
		p->replay_window = (uint8_t)win;
	return 0;
}

static int put_attrs(void *buf, const struct msa_ksa *sa, uint32_t win)
{
	int err = msa_xalg_put(buf, sa);

	if (!err && (sa->esn || win > LEGACY_WINDOW_MAX))
		err = put_replay_esn(buf, win);
	if (!err)
		err = put_encap(buf, sa);
	if (!err && sa->dir)
		err = msa_xnl_put_u8(buf, XFRMA_SA_DIR, sa->dir);
	if (!err && sa->cpu != MSA_KCPU_NONE)
		err = msa_xnl_put_u32(buf, XFRMA_SA_PCPU, sa->cpu);
	return err;
}

int msa_xsa_add(struct msa_xnl *nl, const struct msa_ksa *sa, bool update)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_usersa_info *p;
	char a[MSA_XNL_IPSTR];
	uint32_t win;
	int err = check_sa(sa);

	if (!err)
		err = replay_window(sa, &win);
	if (err)
		return err;
	p = msa_xnl_start(nl, buf, update ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA,
			  update ? 0 : NLM_F_CREATE | NLM_F_EXCL, sizeof(*p));
	fill_info(p, sa, win);
	err = put_attrs(buf, sa, win);
	if (!err)
		err = msa_xnl_talk(nl, buf, NULL, NULL);
	explicit_bzero(buf, sizeof(buf));
	if (err)
		msa_xnl_fail(nl, err, "%s SA 0x%08x dst %s dir %s cpu %d reqid 0x%x",
			     update ? "UPDSA" : "NEWSA", sa->spi,
			     msa_xnl_ipstr(&sa->dst, a, sizeof(a)), dir_name(sa->dir),
			     (int)sa->cpu, sa->reqid);
	return err;
}

static void fill_id(struct xfrm_usersa_id *id, const struct msa_ip *dst,
		    uint32_t spi)
{
	msa_xnl_addr(&id->daddr, dst);
	id->spi = htonl(spi);
	id->family = dst->family;
	id->proto = IPPROTO_ESP;
}

int msa_xsa_del(struct msa_xnl *nl, const struct msa_ip *dst, uint32_t spi)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_usersa_id *id;
	char a[MSA_XNL_IPSTR];
	int err = msa_xnl_check_family(dst, "xfrm: DELSA destination");

	if (err)
		return err;
	id = msa_xnl_start(nl, buf, XFRM_MSG_DELSA, 0, sizeof(*id));
	fill_id(id, dst, spi);
	err = msa_xnl_talk(nl, buf, NULL, NULL);
	if (err == -ESRCH)
		return -ENOENT;
	if (err)
		msa_xnl_fail(nl, err, "DELSA 0x%08x dst %s", spi,
			     msa_xnl_ipstr(dst, a, sizeof(a)));
	return err;
}

/* A NEWSA message (GETSA answer, dump entry, ALLOCSPI answer) -> info. */
static int read_sa(const struct nlmsghdr *nlh, struct msa_xsa_info *info)
{
	const struct nlattr *tb[MSA_XFRMA_MAX + 1];
	const struct xfrm_usersa_info *p = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    msa_xnl_parse(nlh, sizeof(*p), tb))
		return -EBADMSG;
	memset(info, 0, sizeof(*info));
	msa_xnl_ip(&info->dst, &p->id.daddr, p->family);
	info->spi = ntohl(p->id.spi);
	info->reqid = p->reqid;
	info->proto = p->id.proto;
	info->st.bytes = p->curlft.bytes;
	info->st.packets = p->curlft.packets;
	info->st.add_time = p->curlft.add_time;
	info->st.use_time = p->curlft.use_time;
	info->cpu = MSA_KCPU_NONE;
	if (tb[XFRMA_SA_PCPU] && !mnl_attr_validate(tb[XFRMA_SA_PCPU], MNL_TYPE_U32))
		info->cpu = mnl_attr_get_u32(tb[XFRMA_SA_PCPU]);
	if (tb[XFRMA_SA_DIR] && !mnl_attr_validate(tb[XFRMA_SA_DIR], MNL_TYPE_U8))
		info->dir = mnl_attr_get_u8(tb[XFRMA_SA_DIR]);
	info->larval = !tb[XFRMA_ALG_AEAD] && !tb[XFRMA_ALG_CRYPT] &&
		       !tb[XFRMA_ALG_AUTH] && !tb[XFRMA_ALG_AUTH_TRUNC];
	return 0;
}

/* One answer: info->proto stays 0 unless an SA was read. The answer is read
 * to its end whatever it holds, so the socket stays in step. */
static int on_one_sa(const struct nlmsghdr *nlh, void *arg)
{
	struct msa_xsa_info *info = arg;

	if (!info->proto && read_sa(nlh, info))
		info->proto = 0;
	return MNL_CB_OK;
}

int msa_xsa_get(struct msa_xnl *nl, const struct msa_ip *dst, uint32_t spi,
		struct msa_xsa_info *info)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_usersa_id *id;
	char a[MSA_XNL_IPSTR];
	int err = msa_xnl_check_family(dst, "xfrm: GETSA destination");

	if (err)
		return err;
	id = msa_xnl_start(nl, buf, XFRM_MSG_GETSA, 0, sizeof(*id));
	fill_id(id, dst, spi);
	memset(info, 0, sizeof(*info));
	err = msa_xnl_talk(nl, buf, on_one_sa, info);
	if (err == -ESRCH)
		return -ENOENT;
	if (!err && !info->proto)
		err = -EBADMSG;
	if (err)
		msa_xnl_fail(nl, err, "GETSA 0x%08x dst %s", spi,
			     msa_xnl_ipstr(dst, a, sizeof(a)));
	return err;
}

bool msa_xsa_is_larval(struct msa_xnl *nl, const struct msa_ip *dst,
		       uint32_t spi)
{
	struct msa_xsa_info info;
	bool quiet = nl->quiet;
	int err;

	nl->quiet = true;
	err = msa_xsa_get(nl, dst, spi, &info);
	nl->quiet = quiet;
	return !err && info.larval;
}

int msa_xsa_spi_alloc(struct msa_xnl *nl, const struct msa_ip *src,
		      const struct msa_ip *dst, uint32_t reqid, uint32_t cpu,
		      uint32_t *spi)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct xfrm_userspi_info *u;
	struct msa_xsa_info info;
	char a[MSA_XNL_IPSTR];
	int err = msa_xnl_check_family(src, "xfrm: ALLOCSPI source");

	if (!err)
		err = msa_xnl_check_family(dst, "xfrm: ALLOCSPI destination");
	if (err)
		return err;
	u = msa_xnl_start(nl, buf, XFRM_MSG_ALLOCSPI, 0, sizeof(*u));
	msa_xnl_addr(&u->info.id.daddr, dst);
	msa_xnl_addr(&u->info.saddr, src);
	u->info.id.proto = IPPROTO_ESP;
	u->info.family = dst->family;
	u->info.reqid = reqid;
	u->min = SPI_MIN;
	u->max = SPI_MAX;
	/* the SA this SPI is for is inbound; UPDSA must find the same dir */
	err = msa_xnl_put_u8(buf, XFRMA_SA_DIR, MSA_KDIR_IN);
	if (!err && cpu != MSA_KCPU_NONE)
		err = msa_xnl_put_u32(buf, XFRMA_SA_PCPU, cpu);
	memset(&info, 0, sizeof(info));
	if (!err)
		err = msa_xnl_talk(nl, buf, on_one_sa, &info);
	if (!err && !info.proto)
		err = -EBADMSG;
	if (err) {
		msa_xnl_fail(nl, err, "ALLOCSPI dst %s reqid 0x%x cpu %d",
			     msa_xnl_ipstr(dst, a, sizeof(a)), reqid, (int)cpu);
		return err;
	}
	*spi = info.spi;
	return 0;
}

struct dump {
	msa_xsa_cb cb;
	void *arg;
	int err;
};

static int on_dump_sa(const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	struct msa_xsa_info info;

	/* after an error, read the dump to its end without calling cb */
	if (d->err || read_sa(nlh, &info))
		return MNL_CB_OK;
	d->err = d->cb(&info, d->arg);
	return MNL_CB_OK;
}

int msa_xsa_dump(struct msa_xnl *nl, msa_xsa_cb cb, void *arg)
{
	uint8_t buf[MSA_XNL_MSG_MAX];
	struct dump d = { .cb = cb, .arg = arg };
	int err;

	msa_xnl_start(nl, buf, XFRM_MSG_GETSA, NLM_F_DUMP, 0);
	err = msa_xnl_talk(nl, buf, on_dump_sa, &d);
	if (err)
		msa_xnl_fail(nl, err, "SA dump");
	return err ? err : d.err;
}
