// SPDX-License-Identifier: GPL-2.0-or-later
/* Kernel events: acquires (a child wanted, or a CPU's SA), expires. */
#include <stdint.h>

#include "child/pcpu.h"
#include "child/pcpu_policy.h"
#include "state/ike.h"
#include "state/task.h"
#include "conn.h"
#include "daemon.h"

/* A per-CPU acquire: the fallback first (the acquire waits for it). */
static void acquire_pcpu(struct ike_daemon *d, const struct cfg_conn *conn,
			 const struct cfg_child *cfg, uint32_t cpu)
{
	struct ikesa *sa = conn_ike_sa(d, conn);

	if (!sa || sa->state != ISA_ESTABLISHED ||
	    !pcpu_fallback_up(sa, cfg)) {
		conn_up(d, conn, cfg);
		sa = conn_ike_sa(d, conn);
	}
	if (sa && cpu < d->caps.ncpus)
		pcpu_acquire(sa, cfg, cpu);
}

static void kev_acquire(struct ike_daemon *d, const struct msa_kevent *ev)
{
	const struct cfg_conn *conn;
	const struct cfg_child *ch = cfg_child_by_reqid(d->cfg, ev->reqid,
						     &conn);

	if (!ch) {
		msa_debug("%sacquire for reqid %u: not ours", d->name,
			  ev->reqid);
		return;
	}
	msa_debug("%s%s: acquire for child %s, CPU %d", d->name, conn->name,
		  ch->name, ev->cpu == MSA_KCPU_NONE ? -1 : (int)ev->cpu);
	if (ev->cpu != MSA_KCPU_NONE)
		return acquire_pcpu(d, conn, ch, ev->cpu);
	msa_info("%s%s: traffic for child %s, bringing it up", d->name,
		 conn->name, ch->name);
	conn_up(d, conn, ch);
}

static void kev_expire(struct ike_daemon *d, const struct msa_kevent *ev)
{
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		struct child_sa *c = child_find_spi(sa, ev->spi, true);

		if (!c)
			c = child_find_spi(sa, ev->spi, false);
		if (!c || c->state != CHILD_INSTALLED)
			continue;
		struct task t = { .kind = ev->hard ? X_DELETE_CHILD :
					  X_CHILD_REKEY, .child_id = c->id };

		isa_info(sa, "child %s{%llu}: %s expire from the kernel",
			 c->cfg->name, (unsigned long long)c->id,
			 ev->hard ? "hard" : "soft");
		isa_queue(sa, &t);
		return;
	}
}

void ike_daemon_kevent(struct ike_daemon *d, const struct msa_kevent *ev)
{
	switch (ev->type) {
	case MSA_KEV_ACQUIRE:
		kev_acquire(d, ev);
		break;
	case MSA_KEV_EXPIRE:
		kev_expire(d, ev);
		break;
	case MSA_KEV_RESYNC:
		msa_warn("%skernel events were lost; state is re-read on the "
			 "next expiry", d->name);
		break;
	}
	ike_daemon_tick(d);
}
