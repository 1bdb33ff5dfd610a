// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CPU hotplug. A CPU going offline: the inbound ESP of its per-CPU SAs is
 * steered to any CPU at once (RSS decides; none goes to the dead CPU's
 * cpumap queue), and those SAs are deleted with the peer - nothing of ours
 * runs on that CPU to send on them, and the peer's CPUs that used them ask
 * again and get an online CPU of ours. A CPU coming back: on demand, its
 * first packets make the kernel ask for its SA (the out policy still has
 * CPU_ACQUIRE); all at once, its SA is asked for now. Offline CPUs get no
 * binding, fill or acquire meanwhile (ike_cpu_online()), and an SA that
 * was being negotiated for it goes as soon as it is installed (pcpu.c).
 */
#include "child/child_kernel.h"
#include "child/pcpu.h"
#include "state/ike.h"
#include "state/task.h"
#include "daemon.h"

static void cpu_gone(struct ikesa *sa, uint32_t cpu)
{
	for (const struct cfg_child *cfg = sa->conn->children; cfg;
	     cfg = cfg->next)
		while (isa_unqueue_create(sa, cfg, cpu))
			;
	for (struct child_sa *c = sa->children; c; c = c->next) {
		if (c->cpu != cpu || !c->installed)
			continue;
		child_steer_any(sa, c);
		if (c->state != CHILD_INSTALLED && c->state != CHILD_REKEYING)
			continue;
		isa_info(sa, "child %s{%llu}: CPU %u went offline: its ESP "
			 "steered to any CPU, the SA deleted", c->cfg->name,
			 (unsigned long long)c->id, cpu);
		isa_queue_once(sa, X_DELETE_CHILD, c->id);
	}
}

void ike_daemon_cpu(struct ike_daemon *d, uint32_t cpu, bool online)
{
	uint64_t bit = 1ull << (cpu % 64);

	if (cpu >= d->caps.ncpus || ike_cpu_online(d, cpu) == online)
		return;
	msa_info("%sCPU %u is %s", d->name, cpu, online ? "online" : "offline");
	if (online)
		d->cpus_off[cpu / 64] &= ~bit;
	else
		d->cpus_off[cpu / 64] |= bit;
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		if (sa->state != ISA_ESTABLISHED)
			continue;
		if (online)
			pcpu_fill(sa);
		else
			cpu_gone(sa, cpu);
	}
	ike_daemon_tick(d);
}
