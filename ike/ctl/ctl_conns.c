// SPDX-License-Identifier: GPL-2.0-or-later
/* {"cmd":"conns"}: the configured connections (`multisactl list-conns`),
 * each child with its start action, per-CPU mode, selectors, and how many
 * of its SAs are installed now. */
#include <arpa/inet.h>

#include "ctl_server.h"

static const char *const start_names[] = { "none", "start", "trap" };
static const char *const pcpu_names[] = { "no", "yes", "encap" };

static json_t *addr_str(const struct msa_ip *ip)
{
	char buf[64];

	if (!ip->family)
		return json_string("%any");
	inet_ntop(ip->family, ip->addr, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *ts_of(const struct cfg_ts *ts, int n, const struct msa_ip *dyn)
{
	struct ike_ts_set set;

	if (cfg_ts_to_set(ts, n, dyn, &set))
		return json_array();
	return ctl_ts_json(&set);
}

static json_int_t installed(const struct ike_daemon *d,
			    const struct cfg_child *cfg)
{
	json_int_t n = 0;

	for (const struct ikesa *sa = d->sas; sa; sa = sa->next)
		for (const struct child_sa *c = sa->children; c; c = c->next)
			n += c->cfg == cfg && c->installed;
	return n;
}

static json_t *child_json(const struct ike_daemon *d,
			  const struct cfg_conn *cn, const struct cfg_child *ch)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", ch->name,
			      "start_action", start_names[ch->start_action % 3],
			      "per_cpu_sas", pcpu_names[ch->per_cpu_sas % 3],
			      "mode", ch->mode == MSA_KMODE_TUNNEL ? "tunnel" :
			      "transport", "installed", installed(d, ch));

	json_object_set_new(o, "local_ts", ts_of(ch->local_ts, ch->n_local_ts,
						 &cn->local_addr));
	json_object_set_new(o, "remote_ts", ts_of(ch->remote_ts,
						  ch->n_remote_ts,
						  &cn->remote_addr));
	return o;
}

static json_t *conn_json(const struct ike_daemon *d, const struct cfg_conn *cn)
{
	json_int_t up = 0;
	json_t *children = json_array(), *o;

	for (const struct ikesa *sa = d->sas; sa; sa = sa->next)
		up += sa->conn == cn && sa->state == ISA_ESTABLISHED;
	for (const struct cfg_child *ch = cn->children; ch; ch = ch->next)
		json_array_append_new(children, child_json(d, cn, ch));
	o = json_pack("{s:s, s:o, s:o, s:I, s:o}", "name", cn->name,
		      "local_addrs", addr_str(&cn->local_addr),
		      "remote_addrs", addr_str(&cn->remote_addr),
		      "ike_sas", up, "children", children);
	return o;
}

json_t *ctl_conns_json(struct ike_daemon *d)
{
	json_t *conns = json_array();

	for (const struct cfg_conn *cn = d->cfg->conns; cn; cn = cn->next)
		json_array_append_new(conns, conn_json(d, cn));
	return json_pack("{s:b, s:o}", "ok", 1, "conns", conns);
}
