// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Child SAs into and out of the kernel, through struct msa_kernel only:
 * SPIs, the two SAs of a pair (with their datapath ids), and the policies
 * of a configured child, which live while any SA of it is installed.
 */
#include <errno.h>
#include <string.h>

#include "codec/nonce.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/traffic.h"
#include "state/sa_id.h"
#include "state/lifecycle.h"
#include "ts/ts.h"
#include "child.h"
#include "child_kernel.h"
#include "pcpu.h"
#include "pcpu_encap.h"
#include "pcpu_policy.h"
#include "msa_abi.h"

int child_alloc_spi(struct ikesa *sa, struct child_sa *c)
{
	struct msa_kernel *k = sa->d->k;
	int rc;

	c->reqid = c->cfg->reqid;
	rc = k->ops->spi_alloc(k, &sa->remote.ip, &sa->local.ip, c->reqid,
			       c->cpu, &c->spi_in);
	if (rc)
		isa_warn(sa, "cannot allocate an SPI: %s", strerror(-rc));
	return rc;
}

/* A datapath id for one SA of c; 0 (no steering, no counters) when the
 * maps are not there or every id is in use (said, once per event). */
static uint32_t sa_id_next(struct ikesa *sa, const struct child_sa *c)
{
	uint32_t id;

	if (!sa->d->caps.steering)
		return 0;
	id = sa_id_take(sa->d);
	if (!id)
		isa_warn(sa, "child %s: all %u datapath SA ids in use: this SA "
			 "gets no steering entry or counters (the maps' size "
			 "is attach's max-sas)", c->cfg->name,
			 sa->d->caps.sa_ids - 1);
	return id;
}

static void sa_ids_put(struct ikesa *sa, struct child_sa *c)
{
	sa_id_put(sa->d, c->sa_id_in);
	sa_id_put(sa->d, c->sa_id_out);
	c->sa_id_in = c->sa_id_out = 0;
}

/* After sa_del returned rc: an id whose SA may still be in the kernel (and
 * its steering and counter slots in the maps) is never handed out again,
 * so no two SAs share a slot; the id is lost until the daemon restarts. */
static void sa_id_release(struct ikesa *sa, uint32_t *id, int rc)
{
	if (rc && rc != -ENOENT && *id) {
		isa_warn(sa, "the kernel did not remove an SA (%s): its "
			 "datapath id %u is retired", strerror(-rc), *id);
		sa->d->st.sa_ids_retired++;
	} else
		sa_id_put(sa->d, *id);
	*id = 0;
}

/* UDP encapsulation when a NAT is in the way (or forced), not merely
 * because IKE moved to 4500 (strongSwan always floats). Inbound per-CPU SAs
 * take any source port: the peer may pick one per SA (pcpu_encap.c). */
static void ksa_encap(const struct ikesa *sa, struct child_sa *c,
		      struct msa_ksa *k, bool in)
{
	uint16_t own;

	if (!sa->natt || !(sa->nat_local || sa->nat_remote || sa->conn->encap))
		return;
	if (in) {
		k->encap_sport = c->cpu == MSA_KCPU_NONE ? sa->remote.port : 0;
		k->encap_dport = sa->local.port;
		return;
	}
	own = pcpu_encap_sport(sa, c);
	k->encap_sport = own ? own : sa->local.port;
	k->encap_dport = sa->remote.port;
}

static void ksa_common(const struct ikesa *sa, struct child_sa *c,
		       struct msa_ksa *k, bool in)
{
	const struct cfg_lifetime *l = &c->cfg->life;

	memset(k, 0, sizeof(*k));
	k->reqid = c->reqid;
	k->cpu = c->cpu;
	k->mode = c->mode;
	k->dir = in ? MSA_KDIR_IN : MSA_KDIR_OUT;
	k->esn = c->esn;
	k->replay_window = in ? c->cfg->replay_window : 0;
	k->encr = c->suite.encr;
	k->encr_key_bits = c->suite.encr_key_bits;
	k->integ = c->suite.integ;
	k->src = in ? sa->remote.ip : sa->local.ip;
	k->dst = in ? sa->local.ip : sa->remote.ip;
	k->life.soft_bytes = l->rekey_bytes;
	k->life.hard_bytes = l->life_bytes;
	k->life.soft_packets = l->rekey_packets;
	k->life.hard_packets = l->life_packets;
	k->life.hard_add_s = l->life_time;
	ksa_encap(sa, c, k, in);
}

/* The keys of one direction: the exchange initiator's are _I. */
static int ksa_keys(const struct ike_child_keys *keys, struct msa_ksa *k,
		    bool from_initiator)
{
	enum ike_child_key e = from_initiator ? IKE_CHILD_ENCR_I :
						IKE_CHILD_ENCR_R;
	enum ike_child_key i = from_initiator ? IKE_CHILD_INTEG_I :
						IKE_CHILD_INTEG_R;
	size_t el = ike_crypto_child_keys_len(keys, e);
	size_t il = ike_crypto_child_keys_len(keys, i);
	int rc;

	if (el > MSA_KEY_MAX || il > MSA_KEY_MAX)
		return -EINVAL;
	k->encr_key_len = (uint16_t)el;
	k->integ_key_len = (uint16_t)il;
	rc = ike_crypto_child_keys_export(keys, e, k->encr_key, el);
	if (!rc && il)
		rc = ike_crypto_child_keys_export(keys, i, k->integ_key, il);
	return rc;
}

static int child_install_pair(struct ikesa *sa, struct child_sa *c,
			      const struct ike_child_keys *keys)
{
	struct msa_kernel *k = sa->d->k;
	struct msa_ksa ks;
	int rc;

	ksa_common(sa, c, &ks, true);
	ks.spi = c->spi_in;
	ks.sa_id = c->sa_id_in = sa_id_next(sa, c);
	rc = ksa_keys(keys, &ks, !c->initiated);
	if (!rc)
		rc = k->ops->sa_add(k, &ks);
	explicit_bzero(&ks, sizeof(ks));
	if (rc) {
		sa_ids_put(sa, c);
		return rc;
	}
	c->out_skipped = pcpu_skip_out(sa, c);
	if (c->out_skipped) {
		isa_info(sa, "child %s: CPU %u has an outbound SA; this one is "
			 "installed inbound only", c->cfg->name, c->cpu);
		return 0;
	}
	ksa_common(sa, c, &ks, false);
	ks.spi = c->spi_out;
	ks.sa_id = c->sa_id_out = sa_id_next(sa, c);
	rc = ksa_keys(keys, &ks, c->initiated);
	if (!rc)
		rc = k->ops->sa_add(k, &ks);
	explicit_bzero(&ks, sizeof(ks));
	if (rc) {
		sa_id_put(sa->d, c->sa_id_out);
		c->sa_id_out = 0;
		sa_id_release(sa, &c->sa_id_in, k->ops->sa_del(k, &sa->local.ip,
							   c->spi_in,
							   MSA_KDIR_IN));
	}
	return rc;
}

/* What c's SAs carried, into the totals that outlive them (traffic.h). */
static void pair_retire(struct ikesa *sa, const struct child_sa *c)
{
	struct msa_kernel *k = sa->d->k;
	struct msa_kstats in = { 0 }, out = { 0 };

	k->ops->sa_stats(k, &sa->local.ip, c->spi_in, &in);
	if (!c->out_skipped)
		k->ops->sa_stats(k, &sa->remote.ip, c->spi_out, &out);
	traffic_retire(sa->d, c->reqid, c->cpu, (const uint64_t[TR_N]){
		[TR_PK_IN] = in.packets, [TR_PK_OUT] = out.packets,
		[TR_BY_IN] = in.bytes, [TR_BY_OUT] = out.bytes });
}

/* Both SAs of c (and their datapath ids) out of the kernel. */
static void pair_del(struct ikesa *sa, struct child_sa *c)
{
	struct msa_kernel *k = sa->d->k;
	int rc;

	pair_retire(sa, c);
	rc = k->ops->sa_del(k, &sa->local.ip, c->spi_in, MSA_KDIR_IN);
	sa_id_release(sa, &c->sa_id_in, rc);
	rc = c->out_skipped ? 0 : k->ops->sa_del(k, &sa->remote.ip, c->spi_out,
						  MSA_KDIR_OUT);
	sa_id_release(sa, &c->sa_id_out, rc);
}

/* Is another installed child of this configuration anywhere? */
static bool reqid_in_use(const struct ike_daemon *d, const struct child_sa *me)
{
	for (const struct ikesa *s = d->sas; s; s = s->next)
		for (const struct child_sa *c = s->children; c; c = c->next)
			if (c != me && c->installed && c->reqid == me->reqid)
				return true;
	return false;
}

static void pol_fill(const struct ike_daemon *d, const struct ike_addr *local,
		     const struct ike_addr *remote, const struct child_sa *c,
		     struct msa_kpolicy *p, uint8_t dir, bool cpu_acq)
{
	bool out = dir == MSA_KPOL_OUT;

	p->dir = dir;
	p->mode = c->mode;
	p->reqid = c->reqid;
	p->priority = 0x1000;
	p->tmpl_src = out ? local->ip : remote->ip;
	p->tmpl_dst = out ? remote->ip : local->ip;
	if (out && cpu_acq)
		p->flags |= MSA_KPOL_F_CPU_ACQUIRE;
}

/* The three policies (out, in, fwd) of one (local, remote) XFRM pair. */
static int policy_dirs(struct ike_daemon *d, const struct ike_addr *local,
		       const struct ike_addr *remote, const struct child_sa *c,
		       const struct msa_ksel *l, const struct msa_ksel *r,
		       bool add, bool cpu_acq)
{
	static const uint8_t dirs[] = { MSA_KPOL_OUT, MSA_KPOL_IN, MSA_KPOL_FWD };
	struct msa_kernel *k = d->k;

	for (size_t n = 0; n < sizeof(dirs); n++) {
		struct msa_kpolicy p = { 0 };
		bool out = dirs[n] == MSA_KPOL_OUT;
		int rc = 0;

		pol_fill(d, local, remote, c, &p, dirs[n], cpu_acq);
		p.src = out ? *l : *r;
		p.dst = out ? *r : *l;
		if (add)
			rc = k->ops->policy_add(k, &p);
		else
			k->ops->policy_del(k, &p);
		if (rc)
			return rc;
	}
	return 0;
}

/* Our selector ts as XFRM selectors; logs why not. */
static int ksels(const struct ike_daemon *d, const struct child_sa *c,
		 const struct ike_ts *ts, struct msa_ksel *out)
{
	int n = ts_to_ksels(ts, out, TS_SPLIT_MAX);
	char buf[128];

	if (n < 0) {
		ts_format(ts, buf, sizeof(buf));
		if (n == -E2BIG)
			msa_warn("%schild %s: selector %s needs more than %d "
				 "XFRM selectors (prefix and port blocks): not "
				 "installed", d->name, c->cfg->name, buf,
				 TS_SPLIT_MAX);
		else
			msa_warn("%schild %s: selector %s is empty: not "
				 "installed", d->name, c->cfg->name, buf);
	}
	return n;
}

/*
 * Policies for every (local, remote) selector pair of the same family; a
 * range becomes the aligned blocks that cover it (ts_split.c), so one
 * pair may take several policies per direction.
 */
static int child_policies(struct ike_daemon *d, const struct ike_addr *local,
			  const struct ike_addr *remote,
			  const struct child_sa *c, bool add, bool cpu_acq)
{
	struct msa_ksel l[TS_SPLIT_MAX], r[TS_SPLIT_MAX];
	int rc = 0;

	for (int i = 0; i < c->ts_l.n_ts; i++) {
		int nl = ksels(d, c, &c->ts_l.ts[i], l);

		if (nl < 0 && add)
			return nl;
		for (int j = 0; nl > 0 && j < c->ts_r.n_ts; j++) {
			int nr = ksels(d, c, &c->ts_r.ts[j], r);

			if (nr < 0 || nl * nr > TS_PAIRS_MAX) {
				if (nr > 0)
					msa_warn("%schild %s: %d x %d XFRM "
						 "selectors for one pair, more "
						 "than %d: not installed",
						 d->name, c->cfg->name, nl, nr,
						 TS_PAIRS_MAX);
				if (add)
					return nr < 0 ? nr : -E2BIG;
				continue;
			}
			if (l[0].addr.family != r[0].addr.family)
				continue;
			for (int a = 0; a < nl && !rc; a++)
				for (int b = 0; b < nr && !rc; b++)
					rc = policy_dirs(d, local, remote, c,
							 &l[a], &r[b], add,
							 cpu_acq);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* The policies of a trapped child, in (add) or out. */
static int trap_policies(struct ike_daemon *d, const struct cfg_conn *conn,
			 const struct cfg_child *cfg, bool add)
{
	struct ike_addr local = { conn->local_addr, 0 };
	struct ike_addr remote = { conn->remote_addr, 0 };
	struct child_sa c = { .cfg = cfg, .mode = cfg->mode };
	int rc;

	c.reqid = cfg->reqid;
	rc = cfg_ts_to_set(cfg->local_ts, cfg->n_local_ts, &local.ip, &c.ts_l);
	if (!rc)
		rc = cfg_ts_to_set(cfg->remote_ts, cfg->n_remote_ts, &remote.ip,
				 &c.ts_r);
	if (!rc)
		rc = child_policies(d, &local, &remote, &c, add,
				    cfg->per_cpu_sas != CFG_PCPU_NO &&
				    !cfg->per_cpu_cpus_set && d->caps.pcpu);
	return rc;
}

/* start_action = trap: the policies alone; traffic makes an ACQUIRE. */
int trap_install(struct ike_daemon *d, const struct cfg_conn *conn,
		 const struct cfg_child *cfg)
{
	int rc = trap_policies(d, conn, cfg, true);

	if (rc)
		msa_warn("%s%s: cannot trap child %s: %s", d->name, conn->name,
			 cfg->name, strerror(-rc));
	else
		msa_info("%s%s: child %s trapped (reqid %u)", d->name,
			 conn->name, cfg->name, cfg->reqid);
	return rc;
}

void trap_uninstall(struct ike_daemon *d, const struct cfg_conn *conn,
		    const struct cfg_child *cfg)
{
	int rc = trap_policies(d, conn, cfg, false);

	if (rc && rc != -ENOENT)
		msa_warn("%s%s: cannot remove the trap of child %s: %s",
			 d->name, conn->name, cfg->name, strerror(-rc));
	else
		msa_info("%s%s: child %s untrapped", d->name, conn->name,
			 cfg->name);
}

int child_install(struct ikesa *sa, struct child_sa *c,
		  const struct ike_secret *gir, const struct ike_span *ni,
		  const struct ike_span *nr)
{
	struct ike_crypto_nonces n = { ni->p, ni->len, nr->p, nr->len };
	struct ike_child_keys *keys = NULL;
	int rc;

	nonce_min2(ni, nr, c->nonce_min, &c->nonce_min_len,
		   sizeof(c->nonce_min));
	if (!c->reqid)
		c->reqid = c->cfg->reqid;
	rc = ike_crypto_child_keys_derive(&keys, sa->keys, &c->suite, gir, &n);
	if (!rc)
		rc = child_install_pair(sa, c, keys);
	ike_crypto_child_keys_free(keys);
	if (!rc && !reqid_in_use(sa->d, c)) {
		rc = child_policies(sa->d, &sa->local, &sa->remote, c, true,
				    pcpu_want_acquires(sa, c->cfg));
		if (rc) {	/* none of it stays: policies, SAs, ids */
			child_policies(sa->d, &sa->local, &sa->remote, c,
				       false, false);
			pair_del(sa, c);
		}
	}
	if (rc) {
		isa_warn(sa, "cannot install child %s: %s", c->cfg->name,
			 strerror(-rc));
		return rc;
	}
	c->installed = true;
	child_set_state(sa, c, CHILD_INSTALLED);
	child_schedule(sa, c);
	sa->d->st.child_up++;
	isa_info(sa, "child %s{%llu} installed: SPIs in %08x out %08x%s",
		 c->cfg->name, (unsigned long long)c->id, c->spi_in,
		 c->spi_out, c->cpu == MSA_KCPU_NONE ? "" : " (per-CPU)");
	return 0;
}

void child_uninstall(struct ikesa *sa, struct child_sa *c)
{
	struct msa_kernel *k = sa->d->k;

	if (!c->installed) {
		if (c->spi_in)	/* the larval SA of ALLOCSPI */
			k->ops->sa_del(k, &sa->local.ip, c->spi_in, MSA_KDIR_IN);
		return;
	}
	pair_del(sa, c);
	c->installed = false;
	if (!reqid_in_use(sa->d, c) && c->cfg->start_action != CFG_START_TRAP)
		child_policies(sa->d, &sa->local, &sa->remote, c, false,
			       false);
	isa_info(sa, "child %s{%llu} removed: SPIs in %08x out %08x",
		 c->cfg->name, (unsigned long long)c->id, c->spi_in,
		 c->spi_out);
}

void child_remove(struct ikesa *sa, struct child_sa *c)
{
	child_uninstall(sa, c);
	pcpu_removed(sa, c);
	child_free(sa, c);
}

void child_steer_any(struct ikesa *sa, struct child_sa *c)
{
	struct msa_kernel *k = sa->d->k;

	if (c->installed)
		k->ops->steer_cpu(k, &sa->local.ip, c->spi_in, MSA_KCPU_NONE);
}

void child_uninstall_all(struct ikesa *sa)
{
	for (struct child_sa *c = sa->children; c; c = c->next)
		child_uninstall(sa, c);
}

/*
 * The out policy asks for per-CPU acquires only while we would answer
 * them: once the cap is reached, TS_MAX_QUEUE came, or the peer does not
 * do RFC 9611, the flag goes (a pending acquire holds a CPU's packets
 * back instead of letting them use the fallback SA).
 */
void child_policies_update(struct ikesa *sa, const struct cfg_child *cfg)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->installed) {
			child_policies(sa->d, &sa->local, &sa->remote, c, true,
				       pcpu_want_acquires(sa, cfg));
			return;
		}
}
