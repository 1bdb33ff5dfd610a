// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * per_cpu_cpus against this machine: the configuration is checked without
 * the machine (--check runs anywhere), so the daemon says, at start and at
 * each reload, which lists name CPUs it does not have.
 */
#include "state/ike.h"
#include "daemon.h"

/* Listed CPUs this machine has (*present) and does not (*absent). */
static void count_listed(const struct cfg_child *ch, uint32_t ncpus,
			 uint32_t *present, uint32_t *absent)
{
	*present = *absent = 0;
	for (uint32_t cpu = 0; cpu < CFG_CPUS_MAX; cpu++)
		if (ch->per_cpu_cpus[cpu / 64] >> (cpu % 64) & 1)
			++*(cpu < ncpus ? present : absent);
}

int ike_daemon_cpus_check(const struct ike_daemon *d, const struct cfg *c)
{
	uint32_t n = d->caps.ncpus, present, absent;
	int none = 0;

	for (const struct cfg_conn *cn = c->conns; cn; cn = cn->next)
		for (const struct cfg_child *ch = cn->children; ch;
		     ch = ch->next) {
			if (!ch->per_cpu_cpus_set)
				continue;
			count_listed(ch, n, &present, &absent);
			if (!present) {
				msa_warn("%s%s/%s: per_cpu_cpus names no CPU "
					 "of this machine (0-%u): no per-CPU "
					 "SAs, all traffic on the fallback",
					 d->name, cn->name, ch->name, n - 1);
				none++;
			} else if (absent) {
				msa_info("%s%s/%s: per_cpu_cpus: %u of its "
					 "CPUs are not on this machine "
					 "(0-%u)", d->name, cn->name,
					 ch->name, absent, n - 1);
			}
		}
	return none;
}
