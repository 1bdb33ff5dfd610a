// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl status: where the fast path steered each Child SA's packets,
 * from the pinned per-CPU counters, added to the daemon's reply. The text
 * view is ctl_status_text.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_ike.h"

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static json_t *steer_cpus(struct msa_dp *dp, uint32_t sa_id, int ncpus)
{
	struct msa_sa_ctrs *pc = calloc((size_t)ncpus, sizeof(*pc));
	json_t *a = json_array();

	if (pc && !msa_dp_sa_stats_read(dp, sa_id, pc, ncpus))
		for (int cpu = 0; cpu < ncpus; cpu++)
			if (pc[cpu].xdp_pkts || pc[cpu].rx_pkts ||
			    pc[cpu].tx_pkts)
				json_array_append_new(a, json_pack(
					"{s:i, s:I, s:I, s:I, s:I}", "cpu", cpu,
					"xdp_steered", (json_int_t)pc[cpu].xdp_pkts,
					"rx_processed", (json_int_t)pc[cpu].rx_pkts,
					"rx_off_cpu", (json_int_t)pc[cpu].rx_off_cpu,
					"tx_sent", (json_int_t)pc[cpu].tx_pkts));
	free(pc);
	return a;
}

void ctl_status_add_steering(struct msa_dp *dp, json_t *status)
{
	int ncpus = msa_dp_ncpus();
	size_t i, j;
	json_t *sa, *c;

	if (ncpus <= 0)
		return;
	json_array_foreach(json_object_get(status, "ike_sas"), i, sa)
		json_array_foreach(json_object_get(sa, "children"), j, c) {
			json_int_t in = num(c, "sa_id_in"), out = num(c, "sa_id_out");

			if (in)
				json_object_set_new(c, "steering_in",
						    steer_cpus(dp, (uint32_t)in, ncpus));
			if (out)
				json_object_set_new(c, "steering_out",
						    steer_cpus(dp, (uint32_t)out, ncpus));
		}
}
