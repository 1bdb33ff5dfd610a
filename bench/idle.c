// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CPU an idle daemon spends holding N IKE SAs (tests/unit/ike_pair.h:
 * two daemon cores in one process). A brings up N IKE SAs with B (PSK,
 * X25519, childless; B keeps one, as INITIAL_CONTACT tells it), then the
 * clock runs for IDLE_S simulated seconds with nothing to do but timers,
 * driven the way multisad's main loop drives the core: call
 * ike_daemon_tick(), sleep what it returns (at most LOOP_CAP_MS, the
 * loop's cap: 1000 before the timer heap, none after). Reported: the
 * process CPU time over the idle period, the wakeups, per SA.
 *
 * Usage: idle [N [IDLE_S [DPD_S]]]   (defaults 10000 60 0; DPD_S 0: off)
 * Built from the same source against an older tree for "before" figures
 * (see BENCHMARKS.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ike_pair.h"
#if __has_include("xchg/sa_init.h")
#include "xchg/sa_init.h"
#else
#include "xchg.h"
#endif

#ifndef LOOP_CAP_MS
#define LOOP_CAP_MS UINT64_MAX
#endif

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bring_up(struct pair *p, int n)
{
	for (int i = 0; i < n; i++) {
		struct ikesa *sa;

		if (sa_init_start(p->d[0], &p->conn[0], &sa))
			return -1;
		pair_pump(p);
		if (sa->state != ISA_ESTABLISHED)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	uint64_t idle_ms = (argc > 2 ? strtoull(argv[2], NULL, 10) : 60) * 1000;
	uint32_t dpd = argc > 3 ? (uint32_t)atoi(argv[3]) : 0;
	struct pair *p = calloc(1, sizeof(*p));
	uint64_t end, wakeups = 0;
	double t0, used;
	int held = 0;

	pair_init(p);
	p->conn[0].dpd_delay = p->conn[1].dpd_delay = dpd;
	p->conn[0].children = p->conn[1].children = NULL;	/* childless */
	if (pair_start(p) || bring_up(p, n)) {
		fprintf(stderr, "idle: bring-up failed\n");
		return 1;
	}
	for (struct ikesa *sa = p->d[0]->sas; sa; sa = sa->next)
		held += sa->state == ISA_ESTABLISHED;
	end = p->now + idle_ms;
	t0 = cpu_s();
	while (p->now < end) {
		uint64_t wait;

		ike_daemon_set_time(p->d[0], p->now);
		wait = ike_daemon_tick(p->d[0]);
		wakeups++;
		pair_pump(p);
		if (wait > LOOP_CAP_MS)
			wait = LOOP_CAP_MS;
		if (wait > end - p->now)
			wait = end - p->now;
		p->now += wait ? wait : 1;
	}
	used = cpu_s() - t0;
	printf("BENCH idle: %d IKE SAs held, %llu s idle, DPD %u s: CPU %.3f ms "
	       "(%.3f us per SA), %llu wakeups\n", held,
	       (unsigned long long)(idle_ms / 1000), dpd, used * 1e3,
	       used * 1e6 / (held ? held : 1), (unsigned long long)wakeups);
	pair_free(p);
	free(p);
	return held == n ? 0 : 1;
}
