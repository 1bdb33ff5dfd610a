// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What an authenticated but hostile peer can make the responder hold:
 * N CREATE_CHILD_SA requests for the same child (no SA_RESOURCE_INFO, the
 * same selectors), sent as fast as they are answered, in one process
 * (tests/unit/ike_pair.h; the kernel double stands for XFRM). Reported:
 * the responder's Child SAs and kernel SAs after, how many requests it
 * refused (child_sas_max), and its resident memory before and after.
 *
 *   hostile [N [CHILD_SAS_MAX]]     (defaults 10000 100)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_pair.h"
#include "state/lifecycle.h"
#include "xchg/child_create.h"

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	struct pair *p = calloc(1, sizeof(*p));
	struct ikesa *a;
	long rss0;
	int held = 0;

	pair_init(p);
	p->child[0][0].next = p->child[1][0].next = NULL;
	p->cfg[1].global.child_sas_max = argc > 2 ? (uint32_t)atoi(argv[2]) :
						    100;
	if (pair_start(p) || ike_daemon_up(p->d[0], "site"))
		return 1;
	pair_pump(p);
	a = pair_sa(p, 0);
	rss0 = rss_kb();
	for (int i = 0; i < n && a; i++) {
		struct child_sa *c = child_new(a, &p->child[0][0]);

		if (!c || child_xchg_request(a, c, NULL, X_CHILD_CREATE))
			return 1;
		pair_pump(p);
		a = pair_sa(p, 0);
	}
	for (struct child_sa *c = pair_sa(p, 1)->children; c; c = c->next)
		held++;
	printf("BENCH hostile: %d CREATE_CHILD_SA requests; responder holds %d "
	       "Child SAs, %d kernel SAs; %llu refused (child_sas_max %u); "
	       "RSS %ld kB -> %ld kB\n", n, held, p->kd[1].n_sa,
	       (unsigned long long)p->d[1]->st.lim_child_sas,
	       p->cfg[1].global.child_sas_max, rss0, rss_kb());
	n = held <= (int)p->cfg[1].global.child_sas_max ? 0 : 1;
	pair_free(p);
	free(p);
	return n;
}
