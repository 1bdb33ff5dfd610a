// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-CPU set of each configured child of an IKE SA, as the operator
 * checks it (`multisactl status`, key "per_cpu_sets"): which of our CPUs
 * have a per-CPU SA pair, which have more than one (with an outbound SA
 * each: "duplicates"; an extra inbound-only SA is the peer's second SA for
 * one of its resources, kept on the same CPU), which of them have
 * received nothing on any of their inbound SAs, and the fallback's share
 * of the packets (counted since each SA was installed). "complete": every
 * online CPU covered (or as many as the cap allows); "balanced": complete, no
 * duplicates, every covered CPU received traffic.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ctl_server.h"
#include "state/ike.h"

#define CPUS_MAX 1024

struct pcpu_tally {
	uint32_t n[CPUS_MAX];		/* per-CPU SAs installed */
	uint32_t full[CPUS_MAX];	/* ... with their outbound SA */
	uint64_t in[CPUS_MAX];		/* their inbound packets */
	uint64_t fb_in, fb_out, all_in, all_out;
	bool has_pcpu;
};

static void tally_child(struct ike_daemon *d, const struct ikesa *sa,
			const struct child_sa *c, struct pcpu_tally *t)
{
	struct msa_kstats in = { 0 }, out = { 0 };

	if (c->state != CHILD_INSTALLED && c->state != CHILD_REKEYING)
		return;
	d->k->ops->sa_stats(d->k, &sa->local.ip, c->spi_in, &in);
	if (!c->out_skipped)
		d->k->ops->sa_stats(d->k, &sa->remote.ip, c->spi_out, &out);
	t->all_in += in.packets;
	t->all_out += out.packets;
	if (c->cpu == MSA_KCPU_NONE) {
		t->fb_in += in.packets;
		t->fb_out += out.packets;
	} else if (c->cpu < CPUS_MAX) {
		t->has_pcpu |= c->per_cpu;
		t->n[c->cpu]++;
		t->full[c->cpu] += !c->out_skipped;
		t->in[c->cpu] += in.packets;
	}
}

static double share(uint64_t part, uint64_t all)
{
	return all ? (double)part / (double)all : 0.0;
}

static json_t *set_json(const struct ikesa *sa, const struct cfg_child *cfg,
			const struct pcpu_tally *t)
{
	uint32_t ncpus = sa->d->caps.ncpus < CPUS_MAX ? sa->d->caps.ncpus :
							CPUS_MAX;
	uint32_t online = 0, in_set = 0, want, covered = 0;
	json_t *cov = json_array(), *dup = json_array(), *quiet = json_array();
	json_t *in_only = json_array();
	bool balanced;

	for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
		online += ike_cpu_online(sa->d, cpu);
		in_set += ike_cpu_online(sa->d, cpu) && cfg_cpu_in(cfg, cpu);
	}
	want = cfg->per_cpu_max && cfg->per_cpu_max < in_set ?
	       cfg->per_cpu_max : in_set;
	for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
		if (!t->n[cpu] || !ike_cpu_online(sa->d, cpu) ||
		    !cfg_cpu_in(cfg, cpu))
			continue;
		covered++;
		json_array_append_new(cov, json_integer(cpu));
		if (t->full[cpu] > 1)
			json_array_append_new(dup, json_integer(cpu));
		if (t->n[cpu] > t->full[cpu])
			json_array_append_new(in_only, json_integer(cpu));
		if (!t->in[cpu])
			json_array_append_new(quiet, json_integer(cpu));
	}
	balanced = covered >= want && !json_array_size(dup) &&
		   !json_array_size(quiet);
	return json_pack("{s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:b, s:b, "
			 "s:f, s:f}", "child", cfg->name, "cpus", (int)ncpus,
			 "cpus_online", (int)online, "cpus_wanted", (int)want,
			 "covered", cov, "duplicates", dup,
			 "extra_inbound_only", in_only,
			 "no_inbound", quiet, "complete", covered >= want,
			 "balanced", balanced,
			 "fallback_share_in", share(t->fb_in, t->all_in),
			 "fallback_share_out", share(t->fb_out, t->all_out));
}

json_t *ctl_pcpu_json(struct ike_daemon *d, const struct ikesa *sa)
{
	json_t *sets = json_array();
	struct pcpu_tally *t = calloc(1, sizeof(*t));

	if (!t)
		return sets;
	for (const struct cfg_child *cfg = sa->conn->children; cfg;
	     cfg = cfg->next) {
		if (cfg->per_cpu_sas == CFG_PCPU_NO)
			continue;
		memset(t, 0, sizeof(*t));
		for (const struct child_sa *c = sa->children; c; c = c->next)
			if (c->cfg == cfg)
				tally_child(d, sa, c, t);
		if (t->has_pcpu)
			json_array_append_new(sets, set_json(sa, cfg, t));
	}
	free(t);
	return sets;
}
