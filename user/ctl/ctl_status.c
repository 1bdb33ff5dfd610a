// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl status, the human view: one block per IKE SA, one line per
 * Child SA (fallback or per-CPU, SPIs, algorithms, selectors), and below
 * each, its kernel counters and where the fast path steered its packets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_ike.h"

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "-";
}

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

static void print_steering(json_t *c, const char *key, const char *what,
			   FILE *f)
{
	json_t *a = json_object_get(c, key), *e;
	size_t i;

	if (!json_array_size(a))
		return;
	fprintf(f, "      %s:", what);
	json_array_foreach(a, i, e)
		fprintf(f, " cpu%lld=%lld", num(e, "cpu"),
			num(e, strcmp(key, "steering_in") ? "tx_sent" :
			    "rx_processed"));
	fputc('\n', f);
}

static void print_child(json_t *c, FILE *f)
{
	json_t *cpu = json_object_get(c, "cpu");
	char cpus[16] = "fallback";
	char *tl = json_dumps(json_object_get(c, "ts_local"), JSON_COMPACT);
	char *tr = json_dumps(json_object_get(c, "ts_remote"), JSON_COMPACT);

	if (json_is_integer(cpu))
		snprintf(cpus, sizeof(cpus), "cpu %lld",
			 (long long)json_integer_value(cpu));
	fprintf(f, "  %s{%lld}: %s, %s, %s, %s%s\n", str(c, "name"),
		num(c, "id"), str(c, "state"), str(c, "mode"),
		json_is_true(json_object_get(c, "per_cpu")) ? cpus :
		"regular", str(c, "encr"),
		json_is_true(json_object_get(c, "esn")) ? ", ESN" : "");
	fprintf(f, "    SPIs in %s out %s, %s === %s, rekey in %llds\n",
		str(c, "spi_in"), str(c, "spi_out"), tl ? tl : "",
		tr ? tr : "", num(c, "rekey_in_s"));
	fprintf(f, "    in %lld packets %lld bytes, out %lld packets %lld bytes%s\n",
		num(c, "packets_in"), num(c, "bytes_in"),
		num(c, "packets_out"), num(c, "bytes_out"),
		json_is_false(json_object_get(c, "outbound_installed")) ?
		" (outbound not installed)" : "");
	print_steering(c, "steering_in", "inbound processed on", f);
	print_steering(c, "steering_out", "outbound sent from", f);
	free(tl);
	free(tr);
}

static void print_cpus(json_t *a, FILE *f)
{
	json_t *e;
	size_t i;

	if (!json_array_size(a))
		fprintf(f, " none");
	json_array_foreach(a, i, e)
		fprintf(f, "%s%lld", i ? "," : " ",
			(long long)json_integer_value(e));
}

/* One line per per-CPU child: the invariant (ike/ctl/ctl_pcpu.c). */
static void print_pcpu_set(json_t *p, FILE *f)
{
	fprintf(f, "  per-CPU set of %s: %zu/%lld CPUs%s%s; covered:",
		str(p, "child"), json_array_size(json_object_get(p, "covered")),
		num(p, "cpus"),
		json_is_true(json_object_get(p, "complete")) ? ", complete" :
		", INCOMPLETE",
		json_is_true(json_object_get(p, "balanced")) ? ", balanced" :
		", not balanced");
	print_cpus(json_object_get(p, "covered"), f);
	fprintf(f, "; duplicates:");
	print_cpus(json_object_get(p, "duplicates"), f);
	fprintf(f, "; no inbound:");
	print_cpus(json_object_get(p, "no_inbound"), f);
	fprintf(f, "; fallback %.1f%% in, %.1f%% out\n",
		100 * json_number_value(json_object_get(p, "fallback_share_in")),
		100 * json_number_value(json_object_get(p, "fallback_share_out")));
}

void ctl_status_print(json_t *status, FILE *f)
{
	json_t *sas = json_object_get(status, "ike_sas"), *sa, *c;
	size_t i, j;

	if (!json_array_size(sas))
		fprintf(f, "no IKE SAs\n");
	json_array_foreach(sas, i, sa) {
		fprintf(f, "%s[%lld]: %s, %s, %s <-> %s%s\n", str(sa, "conn"),
			num(sa, "id"), str(sa, "state"), str(sa, "role"),
			str(sa, "local"), str(sa, "remote"),
			json_is_true(json_object_get(sa, "natt")) ?
			" (NAT-T)" : "");
		fprintf(f, "  %s/%s/%s, SPIs %s_i %s_r, rekey in %llds\n",
			str(sa, "encr"), str(sa, "prf"), str(sa, "dh"),
			str(sa, "spi_i"), str(sa, "spi_r"),
			num(sa, "rekey_in_s"));
		json_array_foreach(json_object_get(sa, "children"), j, c)
			print_child(c, f);
		json_array_foreach(json_object_get(sa, "per_cpu_sets"), j, c)
			print_pcpu_set(c, f);
	}
}
