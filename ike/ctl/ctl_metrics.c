// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Metrics for Prometheus (`multisactl metrics`, and HTTP when
 * global.metrics_listen is set), in two formats from one writer: the
 * Prometheus text format 0.0.4 (promtool, every scraper) and OpenMetrics
 * 1.0 (what Prometheus asks for first): there a counter family is named
 * without its _total and the text ends in "# EOF". Names follow
 * Prometheus' conventions (multisa_ prefix, counters end in _total, units
 * in the name); labels conn, child, cpu ("none": the fallback SA),
 * direction, state, limit, counter. Traffic is counted per configured
 * child and CPU, summed over its IKE SAs, so the series stay bounded by
 * the configuration; it includes what SAs gone since carried
 * (state/traffic.h), so it never falls. docs/ctl.md lists them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/fsm.h"
#include "state/traffic.h"
#include "ctl_server.h"
#include "msa_abi.h"

struct child_row {		/* one configured child, per CPU + fallback */
	const struct cfg_conn *conn;
	const struct cfg_child *cfg;
	uint32_t n;		/* CPUs + 1: [ncpus] is the fallback */
	uint64_t *sas;
	uint64_t (*live)[TR_N];	/* the SAs installed now; then the totals */
};

static bool om;			/* this text is OpenMetrics */

/* A family's metadata; OpenMetrics names a counter family without the
 * _total its samples carry. */
static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	size_t n = strlen(name);

	if (om && !strcmp(type, "counter") && n > 6 &&
	    !strcmp(name + n - 6, "_total"))
		n -= 6;
	fprintf(f, "# HELP %.*s %s\n# TYPE %.*s %s\n", (int)n, name, help,
		(int)n, name, type);
}

static void counter(FILE *f, const char *name, const char *help, uint64_t v)
{
	family(f, name, "counter", help);
	fprintf(f, "%s %llu\n", name, (unsigned long long)v);
}

static void daemon_counters(FILE *f, const struct ike_daemon *d)
{
	const struct ike_stats *s = &d->st;

	counter(f, "multisa_ike_messages_received_total",
		"IKE messages received", s->rx);
	counter(f, "multisa_ike_messages_sent_total", "IKE messages sent",
		s->tx);
	counter(f, "multisa_ike_retransmits_total",
		"IKE requests sent again", s->retransmits);
	counter(f, "multisa_ike_socket_drops_total",
		"IKE datagrams the kernel dropped at multisad's sockets (full "
		"buffer: udp_rcvbuf; memory, checksum, filter)",
		d->io.drops ? d->io.drops(d->io.ctx) : 0);
	counter(f, "multisa_ike_messages_dropped_total",
		"IKE messages dropped (unknown SPI, limits)", s->dropped);
	counter(f, "multisa_ike_messages_malformed_total",
		"IKE messages that did not parse or verify", s->bad_msgs);
	counter(f, "multisa_ike_sas_established_total",
		"IKE SAs established (IKE_AUTH)", s->ike_up);
	counter(f, "multisa_child_sas_installed_total",
		"Child SAs installed in the kernel", s->child_up);
	counter(f, "multisa_ike_cookies_sent_total", "COOKIE answers sent",
		s->cookies);
	counter(f, "multisa_ike_duplicates_resolved_total",
		"duplicate IKE SAs resolved (both ends started one)",
		s->ike_dups);
	family(f, "multisa_rekeys_total", "counter", "rekeys done");
	fprintf(f, "multisa_rekeys_total{kind=\"ike\"} %llu\n"
		"multisa_rekeys_total{kind=\"child\"} %llu\n",
		(unsigned long long)s->ike_rekeys,
		(unsigned long long)s->child_rekeys);
	family(f, "multisa_ike_fragments_total", "counter",
	       "IKE fragments (RFC 7383) sent, received and kept, dropped");
	fprintf(f, "multisa_ike_fragments_total{event=\"sent\"} %llu\n"
		"multisa_ike_fragments_total{event=\"received\"} %llu\n"
		"multisa_ike_fragments_total{event=\"dropped\"} %llu\n",
		(unsigned long long)s->frags_tx,
		(unsigned long long)s->frags_rx,
		(unsigned long long)s->frags_dropped);
	family(f, "multisa_ts_max_queue_total", "counter",
		"TS_MAX_QUEUE notifies (RFC 9611)");
	fprintf(f, "multisa_ts_max_queue_total{direction=\"sent\"} %llu\n"
		"multisa_ts_max_queue_total{direction=\"received\"} %llu\n",
		(unsigned long long)s->tsmq_sent,
		(unsigned long long)s->tsmq_recv);
}

static void limits(FILE *f, const struct ike_daemon *d)
{
	const struct ike_stats *s = &d->st;
	const struct { const char *name; uint64_t v; } l[] = {
		{ "half_open_max", s->lim_half_open },
		{ "half_open_per_source", s->lim_half_open_src },
		{ "ike_sas", s->lim_ike_sas },
		{ "ike_sas_per_id", s->lim_ike_sas_id },
		{ "log_clients", s->lim_log_clients },
		{ "log_backlog", s->lim_log_backlog },
		{ "child_sas_max", s->lim_child_sas },
		{ "rekeyed_grace", s->lim_rekeyed },
		{ "fragments", s->lim_frags },
		{ "log_lines", d->log_budget.suppressed },
		{ "unprotected_replies", d->reply_budget.suppressed },
	};

	family(f, "multisa_limits_hit_total", "counter",
	       "times a limit of docs/security.md refused or dropped something");
	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		fprintf(f, "multisa_limits_hit_total{limit=\"%s\"} %llu\n",
			l[i].name, (unsigned long long)l[i].v);
}

static void ike_states(FILE *f, const struct ike_daemon *d)
{
	uint32_t n[ISA_STATE_COUNT] = { 0 };

	for (const struct ikesa *sa = d->sas; sa; sa = sa->next)
		if (sa->state < ISA_STATE_COUNT)
			n[sa->state]++;
	family(f, "multisa_ike_sas", "gauge", "IKE SAs by state");
	for (int st = 0; st < ISA_STATE_COUNT; st++)
		fprintf(f, "multisa_ike_sas{state=\"%s\"} %u\n",
			isa_state_name((uint8_t)st), n[st]);
	family(f, "multisa_ike_half_open_sas", "gauge",
	       "half-open IKE SAs (responder)");
	fprintf(f, "multisa_ike_half_open_sas %u\n", d->n_half_open);
}

static struct child_row *rows_new(const struct ike_daemon *d, size_t *nrows)
{
	uint32_t n = d->caps.ncpus + 1;
	struct child_row *r;
	size_t k = 0;

	for (const struct cfg_conn *cn = d->cfg->conns; cn; cn = cn->next)
		for (const struct cfg_child *ch = cn->children; ch; ch = ch->next)
			k++;
	r = calloc(k ? k : 1, sizeof(*r));
	if (!r)
		return NULL;
	k = 0;
	for (const struct cfg_conn *cn = d->cfg->conns; cn; cn = cn->next)
		for (const struct cfg_child *ch = cn->children; ch; ch = ch->next) {
			struct child_row *w = &r[k++];

			*w = (struct child_row){ cn, ch, n, calloc(n, 8),
				calloc(n, sizeof(*w->live)) };
		}
	*nrows = k;
	return r;
}

static void rows_free(struct child_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].sas);
		free(r[i].live);
	}
	free(r);
}

static void row_add(struct ike_daemon *d, struct child_row *w,
		    const struct ikesa *sa, const struct child_sa *c)
{
	uint32_t i = c->cpu == MSA_KCPU_NONE ? w->n - 1 : c->cpu;
	struct msa_kstats in = { 0 }, out = { 0 };

	if (i >= w->n || !w->sas || !w->live)
		return;
	d->k->ops->sa_stats(d->k, &sa->local.ip, c->spi_in, &in);
	if (!c->out_skipped)
		d->k->ops->sa_stats(d->k, &sa->remote.ip, c->spi_out, &out);
	w->sas[i]++;
	w->live[i][TR_PK_IN] += in.packets;
	w->live[i][TR_PK_OUT] += out.packets;
	w->live[i][TR_BY_IN] += in.bytes;
	w->live[i][TR_BY_OUT] += out.bytes;
}

/* The live sums become totals: plus what SAs gone since carried. */
static void rows_total(struct ike_daemon *d, struct child_row *r, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		struct traffic_row *t = traffic_row(d, r[k].cfg->reqid);

		for (uint32_t i = 0; t && r[k].live && i < r[k].n && i < t->n;
		     i++)
			traffic_total(t, i, r[k].live[i], r[k].live[i]);
	}
}

static void rows_fill(struct ike_daemon *d, struct child_row *r, size_t n)
{
	for (const struct ikesa *sa = d->sas; sa; sa = sa->next)
		for (const struct child_sa *c = sa->children; c; c = c->next) {
			if (!c->installed)
				continue;
			for (size_t k = 0; k < n; k++)
				if (r[k].cfg == c->cfg) {
					row_add(d, &r[k], sa, c);
					break;
				}
		}
}

static void row_label(char *buf, size_t len, const struct child_row *w,
		      uint32_t i)
{
	char cpu[16];

	if (i == w->n - 1)
		snprintf(cpu, sizeof(cpu), "none");
	else
		snprintf(cpu, sizeof(cpu), "%u", i);
	snprintf(buf, len, "conn=\"%s\",child=\"%s\",cpu=\"%s\"",
		 w->conn->name, w->cfg->name, cpu);
}

/* One traffic family, in and out per child and CPU: packets or bytes. */
static void traffic(FILE *f, const char *name, const char *help,
		    const struct child_row *r, size_t n, bool bytes)
{
	int in = bytes ? TR_BY_IN : TR_PK_IN, out = bytes ? TR_BY_OUT :
		 TR_PK_OUT;
	char l[256];

	family(f, name, "counter", help);
	for (size_t k = 0; k < n; k++)
		for (uint32_t i = 0; r[k].live && i < r[k].n; i++) {
			row_label(l, sizeof(l), &r[k], i);
			fprintf(f, "%s{%s,direction=\"in\"} %llu\n"
				"%s{%s,direction=\"out\"} %llu\n",
				name, l, (unsigned long long)r[k].live[i][in],
				name, l, (unsigned long long)r[k].live[i][out]);
		}
}

static void rows_print(FILE *f, const struct child_row *r, size_t n)
{
	char l[256];

	family(f, "multisa_child_sas", "gauge", "installed Child SAs of a "
	       "configured child on a CPU (cpu none: its fallback SA)");
	for (size_t k = 0; k < n; k++)
		for (uint32_t i = 0; r[k].sas && i < r[k].n; i++) {
			row_label(l, sizeof(l), &r[k], i);
			fprintf(f, "multisa_child_sas{%s} %llu\n", l,
				(unsigned long long)r[k].sas[i]);
		}
	traffic(f, "multisa_child_sa_packets_total", "ESP packets of a "
		"child's SAs on a CPU since multisad started (the kernel SAs' "
		"counters, with those of SAs gone since)", r, n, false);
	traffic(f, "multisa_child_sa_bytes_total", "bytes of a child's SAs "
		"on a CPU since multisad started", r, n, true);
}

/* The fallback's share of a child's packets (per-CPU health: near 0 once
 * every CPU has its SA). */
static void fallback_share(FILE *f, const struct child_row *r, size_t n)
{
	family(f, "multisa_child_fallback_share", "gauge", "share of a "
	       "per-CPU child's packets carried by its fallback SA since "
	       "multisad started (0 to 1)");
	for (size_t k = 0; k < n; k++) {
		uint64_t all = 0, fb;

		if (!r[k].live || r[k].cfg->per_cpu_sas == CFG_PCPU_NO)
			continue;	/* no per-CPU SAs: all on "the fallback" */
		for (uint32_t i = 0; i < r[k].n; i++)
			all += r[k].live[i][TR_PK_IN] + r[k].live[i][TR_PK_OUT];
		fb = r[k].live[r[k].n - 1][TR_PK_IN] +
		     r[k].live[r[k].n - 1][TR_PK_OUT];
		fprintf(f, "multisa_child_fallback_share{conn=\"%s\",child=\"%s\"} "
			"%.6f\n", r[k].conn->name, r[k].cfg->name,
			all ? (double)fb / (double)all : 0.0);
	}
}

#define DP_NAME(id, name, help) name,
static const char *const dp_names[] = { MSA_COUNTERS(DP_NAME) };
#undef DP_NAME

/* The fast path's verdict counters per CPU (docs/operations.md), when
 * its maps are pinned. Each counts its own event: they do not add up. */
static void datapath(FILE *f, struct ike_daemon *d)
{
	int ncpus = (int)d->caps.ncpus;
	uint64_t *v;

	if (!d->k->ops->dp_counters || ncpus <= 0)
		return;
	v = calloc((size_t)ncpus * MSA_CTR_MAX, sizeof(*v));
	if (!v || d->k->ops->dp_counters(d->k, v, ncpus)) {
		free(v);
		return;
	}
	family(f, "multisa_datapath_packets_total", "counter", "packets the "
	       "XDP and TC programs counted, per counter and CPU "
	       "(docs/operations.md; counters overlap: do not sum them)");
	for (int c = 0; c < MSA_CTR_MAX; c++)
		for (int cpu = 0; cpu < ncpus; cpu++)
			fprintf(f, "multisa_datapath_packets_total{counter=\"%s\","
				"cpu=\"%d\"} %llu\n", dp_names[c], cpu,
				(unsigned long long)v[cpu * MSA_CTR_MAX + c]);
	free(v);
}

char *ctl_metrics_text(struct ike_daemon *d, bool openmetrics, size_t *len)
{
	struct child_row *r;
	size_t nrows = 0, sz = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &sz);

	if (!f)
		return NULL;
	om = openmetrics;
	ike_states(f, d);
	daemon_counters(f, d);
	limits(f, d);
	r = rows_new(d, &nrows);
	if (r) {
		rows_fill(d, r, nrows);
		rows_total(d, r, nrows);
		rows_print(f, r, nrows);
		fallback_share(f, r, nrows);
		rows_free(r, nrows);
	}
	datapath(f, d);
	if (om)
		fputs("# EOF\n", f);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	if (len)
		*len = sz;
	return buf;
}
