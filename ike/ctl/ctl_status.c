// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's state as JSON for `multisactl status`: IKE SAs, their Child
 * SAs (SPIs, CPU, algorithms, selectors, lifetimes, kernel counters).
 * Never any key material.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include <jansson.h>

#include "ctl_server.h"
#include "crypto/pki.h"
#include "ts/ts.h"
#include "state/fsm.h"
#include "state/ike.h"

static json_t *addr_json(const struct ike_addr *a)
{
	char ip[INET6_ADDRSTRLEN] = "?", buf[INET6_ADDRSTRLEN + 8];

	inet_ntop(a->ip.family == AF_INET6 ? AF_INET6 : AF_INET, a->ip.addr,
		  ip, sizeof(ip));
	snprintf(buf, sizeof(buf), a->ip.family == AF_INET6 ? "[%s]:%u" :
		 "%s:%u", ip, a->port);
	return json_string(buf);
}

static json_t *hex_json(const uint8_t *p, size_t len, uint64_t v)
{
	char buf[64] = "";

	if (p) {
		for (size_t i = 0; i < len && i < 31; i++)
			snprintf(buf + 2 * i, 3, "%02x", p[i]);
	} else {
		snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	}
	return json_string(buf);
}

static const char *encr_name(uint16_t id, uint16_t bits)
{
	const struct ike_encr_info *e;

	return ike_crypto_encr_lookup(id, bits, &e) ? "?" : e->name;
}

static const char *integ_name(uint16_t id)
{
	const struct ike_integ_info *i;

	if (!id)
		return NULL;
	return ike_crypto_integ_lookup(id, &i) ? "?" : i->name;
}

json_t *ctl_ts_json(const struct ike_ts_set *set)
{
	json_t *a = json_array();
	char buf[128];

	for (int i = 0; i < set->n_ts; i++) {
		ts_format(&set->ts[i], buf, sizeof(buf));
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static json_int_t secs_until(uint64_t now, uint64_t when)
{
	return when > now ? (json_int_t)((when - now) / 1000) : 0;
}

static void child_counters(struct ike_daemon *d, const struct ikesa *sa,
			   const struct child_sa *c, json_t *o)
{
	struct msa_kstats in = { 0 }, out = { 0 };

	if (!c->installed)
		return;
	d->k->ops->sa_stats(d->k, &sa->local.ip, c->spi_in, &in);
	if (!c->out_skipped)
		d->k->ops->sa_stats(d->k, &sa->remote.ip, c->spi_out, &out);
	json_object_set_new(o, "bytes_in", json_integer((json_int_t)in.bytes));
	json_object_set_new(o, "packets_in",
			    json_integer((json_int_t)in.packets));
	json_object_set_new(o, "bytes_out",
			    json_integer((json_int_t)out.bytes));
	json_object_set_new(o, "packets_out",
			    json_integer((json_int_t)out.packets));
}

static json_t *child_json(struct ike_daemon *d, const struct ikesa *sa,
			  const struct child_sa *c)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:b}",
			      "name", c->cfg->name, "id", (json_int_t)c->id,
			      "state", child_state_name(c->state),
			      "mode", c->mode == MSA_KMODE_TUNNEL ? "tunnel" :
			      "transport",
			      "encr", encr_name(c->suite.encr,
						c->suite.encr_key_bits),
			      "integ", integ_name(c->suite.integ) ?
			      integ_name(c->suite.integ) : "none",
			      "esn", c->esn, "per_cpu", c->per_cpu);
	char spi[16];

	snprintf(spi, sizeof(spi), "0x%08x", c->spi_in);
	json_object_set_new(o, "spi_in", json_string(spi));
	snprintf(spi, sizeof(spi), "0x%08x", c->spi_out);
	json_object_set_new(o, "spi_out", json_string(spi));
	json_object_set_new(o, "cpu", c->cpu == MSA_KCPU_NONE ? json_null() :
			    json_integer(c->cpu));
	json_object_set_new(o, "rekey_of", c->rekey_of ?
			    json_integer((json_int_t)c->rekey_of) : json_null());
	if (c->encap_sport_out)
		json_object_set_new(o, "encap_sport_out",
				    json_integer(c->encap_sport_out));
	json_object_set_new(o, "outbound_installed",
			    json_boolean(c->installed && !c->out_skipped));
	json_object_set_new(o, "peer_resource_id",
			    hex_json(c->peer_resid, c->peer_resid_len, 0));
	json_object_set_new(o, "sa_id_in", json_integer(c->sa_id_in));
	json_object_set_new(o, "sa_id_out", json_integer(c->sa_id_out));
	json_object_set_new(o, "ts_local", ctl_ts_json(&c->ts_l));
	json_object_set_new(o, "ts_remote", ctl_ts_json(&c->ts_r));
	json_object_set_new(o, "reqid", json_integer(c->reqid));
	json_object_set_new(o, "age_s", json_integer((json_int_t)
				    ((d->now_ms - c->created_ms) / 1000)));
	json_object_set_new(o, "rekey_in_s", json_integer(
				    secs_until(d->now_ms, c->rekey_ms)));
	json_object_set_new(o, "expire_in_s", json_integer(
				    secs_until(d->now_ms, c->expire_ms)));
	child_counters(d, sa, c, o);
	return o;
}

static json_t *id_json(uint8_t type, const uint8_t *d, size_t n)
{
	char buf[256];

	if (!type)
		return json_null();
	if (type != IKE_ID_DER_ASN1_DN ||
	    ike_x509_dn_text(d, n, buf, sizeof(buf)))
		ike_id_format(type, d, n, buf, sizeof(buf));
	return json_string(buf);
}

static void ids_json(const struct ikesa *sa, json_t *o)
{
	const struct cfg_id *l = &sa->conn->local_id;
	bool v6 = sa->local.ip.family == AF_INET6;

	json_object_set_new(o, "local_id", l->type ?
			    id_json(l->type, l->data, l->len) :
			    id_json(v6 ? IKE_ID_IPV6_ADDR : IKE_ID_IPV4_ADDR,
				    sa->local.ip.addr, v6 ? 16 : 4));
	json_object_set_new(o, "remote_id", id_json(sa->peer_id_type,
						    sa->peer_id,
						    sa->peer_id_len));
}

static json_t *ike_json(struct ike_daemon *d, const struct ikesa *sa)
{
	const struct ike_prf_info *prf = NULL;
	const struct ike_dh_info *dh = NULL;
	json_t *o, *children = json_array();

	ike_crypto_prf_lookup(sa->suite.prf, &prf);
	ike_dh_lookup(sa->dh_group, &dh);
	o = json_pack("{s:s, s:I, s:s, s:s, s:b}", "conn", sa->conn->name,
		      "id", (json_int_t)sa->id, "state",
		      isa_state_name(sa->state), "role", sa->initiator ?
		      "initiator" : "responder", "natt", sa->natt);
	json_object_set_new(o, "local", addr_json(&sa->local));
	json_object_set_new(o, "remote", addr_json(&sa->remote));
	ids_json(sa, o);
	json_object_set_new(o, "spi_i", hex_json(NULL, 0, sa->spi_i));
	json_object_set_new(o, "spi_r", hex_json(NULL, 0, sa->spi_r));
	json_object_set_new(o, "encr", json_string(
				    encr_name(sa->suite.encr,
					      sa->suite.encr_key_bits)));
	json_object_set_new(o, "prf", json_string(prf ? prf->name : "?"));
	json_object_set_new(o, "dh", json_string(dh ? dh->name : "?"));
	json_object_set_new(o, "age_s", json_integer((json_int_t)
				    ((d->now_ms - sa->created_ms) / 1000)));
	json_object_set_new(o, "rekey_in_s", json_integer(
				    secs_until(d->now_ms, sa->rekey_ms)));
	for (const struct child_sa *c = sa->children; c; c = c->next)
		json_array_append_new(children, child_json(d, sa, c));
	json_object_set_new(o, "children", children);
	json_object_set_new(o, "per_cpu_sets", ctl_pcpu_json(d, sa));
	return o;
}

/* RFC 7383: fragments sent, kept, dropped; messages reassembled. */
static json_t *frags_json(const struct ike_daemon *d)
{
	const struct ike_stats *s = &d->st;

	return json_pack("{s:I, s:I, s:I, s:I, s:I}",
			 "sent", (json_int_t)s->frags_tx,
			 "received", (json_int_t)s->frags_rx,
			 "reassembled", (json_int_t)s->frag_msgs_rx,
			 "dropped", (json_int_t)s->frags_dropped,
			 "reassembly_bytes", (json_int_t)d->frag_bytes);
}

static json_t *stats_json(const struct ike_daemon *d)
{
	const struct ike_stats *s = &d->st;
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
			 "s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
			 "s:I, s:I}}",
			 "rx", (json_int_t)s->rx, "tx", (json_int_t)s->tx,
			 "retransmits", (json_int_t)s->retransmits,
			 "dropped", (json_int_t)s->dropped,
			 "bad_msgs", (json_int_t)s->bad_msgs,
			 "ike_up", (json_int_t)s->ike_up,
			 "ike_duplicates", (json_int_t)s->ike_dups,
			 "sa_ids_retired", (json_int_t)s->sa_ids_retired,
			 "child_up", (json_int_t)s->child_up,
			 "cookies", (json_int_t)s->cookies,
			 "bugs", (json_int_t)s->bugs,
			 "half_open", (json_int_t)d->n_half_open,
			 "limits_hit",
			 "half_open_max", (json_int_t)s->lim_half_open,
			 "half_open_per_source",
			 (json_int_t)s->lim_half_open_src,
			 "ike_sas", (json_int_t)s->lim_ike_sas,
			 "ike_sas_per_id", (json_int_t)s->lim_ike_sas_id,
			 "log_clients", (json_int_t)s->lim_log_clients,
			 "log_backlog", (json_int_t)s->lim_log_backlog,
			 "child_sas_max", (json_int_t)s->lim_child_sas,
			 "rekeyed_grace", (json_int_t)s->lim_rekeyed,
			 "log_lines_suppressed",
			 (json_int_t)d->log_budget.suppressed,
			 "replies_suppressed",
			 (json_int_t)d->reply_budget.suppressed);

	json_object_set_new(o, "fragments", frags_json(d));
	json_object_set_new(o, "socket_drops", json_integer((json_int_t)
			    (d->io.drops ? d->io.drops(d->io.ctx) : 0)));
	json_object_set_new(json_object_get(o, "limits_hit"), "fragments",
			    json_integer((json_int_t)s->lim_frags));
	return o;
}

json_t *ctl_status_json(struct ike_daemon *d)
{
	json_t *sas = json_array();

	for (const struct ikesa *sa = d->sas; sa; sa = sa->next)
		json_array_append_new(sas, ike_json(d, sa));
	return json_pack("{s:o, s:o, s:{s:b, s:b, s:b, s:i}}", "ike_sas", sas,
			 "stats", stats_json(d), "kernel", "esp", d->caps.esp,
			 "per_cpu", d->caps.pcpu, "steering", d->caps.steering,
			 "ncpus", (int)d->caps.ncpus);
}
