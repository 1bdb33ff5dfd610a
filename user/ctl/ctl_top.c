// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl top: a live per-CPU view of the tunnel. Every interval it asks
 * multisad for its Child SAs, reads the fast path's per-SA per-CPU
 * counters, and prints rates: for each Child SA (fallback or per-CPU), the
 * ESP packets per second processed on each CPU (inbound) and sent from each
 * CPU (outbound). With --json: one JSON object per sample and line.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl_ike.h"

#define TOP_MAX_CPUS 64

struct sample {
	json_t *st;			/* status with steering */
	struct timespec at;
};

static volatile sig_atomic_t top_stop;

static void on_sigint(int sig)
{
	top_stop = 1;
}

static int take(struct ctl *c, struct msa_dp *dp, struct sample *s)
{
	json_t *rep;

	if (ctl_request(c, json_pack("{s:s}", "cmd", "status"), &rep))
		return -1;
	ctl_status_add_steering(dp, rep);
	clock_gettime(CLOCK_MONOTONIC, &s->at);
	s->st = rep;
	return 0;
}

/* The per-CPU counter of a child (by id) in a sample's steering array. */
static long long ctr(json_t *st, json_int_t id, const char *arr,
		     const char *field, int cpu)
{
	json_t *sa, *c, *e;
	size_t i, j, k;

	json_array_foreach(json_object_get(st, "ike_sas"), i, sa)
		json_array_foreach(json_object_get(sa, "children"), j, c) {
			if (json_integer_value(json_object_get(c, "id")) != id)
				continue;
			json_array_foreach(json_object_get(c, arr), k, e)
				if (json_integer_value(json_object_get(e, "cpu")) == cpu)
					return json_integer_value(json_object_get(e, field));
		}
	return 0;
}

static json_t *rates(json_t *prev, json_t *cur, double dt, int ncpus)
{
	json_t *out = json_array(), *sa, *c;
	size_t i, j;

	json_array_foreach(json_object_get(cur, "ike_sas"), i, sa)
		json_array_foreach(json_object_get(sa, "children"), j, c) {
			json_int_t id = json_integer_value(json_object_get(c, "id"));
			json_t *in = json_array(), *o = json_array();

			for (int cpu = 0; cpu < ncpus; cpu++) {
				long long di = ctr(cur, id, "steering_in", "rx_processed", cpu) -
					       ctr(prev, id, "steering_in", "rx_processed", cpu);
				long long dout = ctr(cur, id, "steering_out", "tx_sent", cpu) -
						 ctr(prev, id, "steering_out", "tx_sent", cpu);

				json_array_append_new(in, json_real(di > 0 ? di / dt : 0));
				json_array_append_new(o, json_real(dout > 0 ? dout / dt : 0));
			}
			json_array_append_new(out, json_pack("{s:s, s:I, s:O, s:o, s:o}",
				"child", json_string_value(json_object_get(c, "name")),
				"id", id, "cpu", json_object_get(c, "cpu"),
				"in_pps", in, "out_pps", o));
		}
	return out;
}

static void print_rates(json_t *r, int ncpus, double dt)
{
	json_t *e;
	size_t i;

	printf("\033[H\033[2J");
	printf("multisactl top: ESP packets/s per CPU, every %.1f s (Ctrl-C quits)\n\n",
	       dt);
	printf("%-14s %-8s %-4s", "child", "SA", "dir");
	for (int cpu = 0; cpu < ncpus; cpu++)
		printf(" %8s%-2d", "cpu", cpu);
	putchar('\n');
	json_array_foreach(r, i, e) {
		json_t *cpu = json_object_get(e, "cpu");
		char sa[16] = "fallback";

		if (json_is_integer(cpu))
			snprintf(sa, sizeof(sa), "cpu %lld",
				 (long long)json_integer_value(cpu));
		for (int d = 0; d < 2; d++) {
			json_t *v = json_object_get(e, d ? "out_pps" : "in_pps");

			printf("%-14s %-8s %-4s", d ? "" :
			       json_string_value(json_object_get(e, "child")),
			       d ? "" : sa, d ? "out" : "in");
			for (int c = 0; c < ncpus; c++)
				printf(" %10.0f", json_real_value(json_array_get(v, c)));
			putchar('\n');
		}
	}
	fflush(stdout);
}

static int top_args(int argc, char **argv, double *interval, long *count)
{
	for (int i = 0; i < argc; i++) {
		if (i + 1 < argc && !strcmp(argv[i], "-i"))
			*interval = atof(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "-n"))
			*count = atol(argv[++i]);
		else
			return ctl_usage_error("top [-i SECONDS] [-n COUNT]");
	}
	if (*interval < 0.1)
		return ctl_usage_error("top: -i must be at least 0.1");
	return 0;
}

int ctl_top(struct ctl *c, int argc, char **argv)
{
	double interval = 1.0;
	long count = 0;
	int ncpus = msa_dp_ncpus(), rc = top_args(argc, argv, &interval, &count);
	struct sample prev, cur;
	struct msa_dp *dp;

	if (rc)
		return rc;
	if (ncpus > TOP_MAX_CPUS)
		ncpus = TOP_MAX_CPUS;
	if (msa_dp_open(c->pin_root, &dp)) {
		fprintf(stderr, "multisactl: top needs the fast path's maps "
			"(multisactl attach IFACE)\n");
		return 1;
	}
	signal(SIGINT, on_sigint);
	rc = take(c, dp, &prev) ? 1 : 0;
	for (long n = 0; !rc && !top_stop && (!count || n < count); n++) {
		double dt;
		json_t *r;

		usleep((useconds_t)(interval * 1e6));
		if (take(c, dp, &cur)) {
			rc = 1;
			break;
		}
		dt = (double)(cur.at.tv_sec - prev.at.tv_sec) +
		     (cur.at.tv_nsec - prev.at.tv_nsec) / 1e9;
		r = rates(prev.st, cur.st, dt, ncpus);
		if (c->json)
			json_dumpf(r, stdout, JSON_COMPACT), putchar('\n'), fflush(stdout);
		else
			print_rates(r, ncpus, dt);
		json_decref(r);
		json_decref(prev.st);
		prev = cur;
	}
	json_decref(prev.st);
	msa_dp_close(dp);
	return rc;
}
