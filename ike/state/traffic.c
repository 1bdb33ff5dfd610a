// SPDX-License-Identifier: GPL-2.0-or-later
/* Traffic totals that outlive SAs (traffic.h). */
#include <stdlib.h>

#include "config/config.h"
#include "ike.h"
#include "traffic.h"

struct traffic_row *traffic_row(struct ike_daemon *d, uint32_t reqid)
{
	struct traffic_row *r;

	for (r = d->traffic; r; r = r->next)
		if (r->reqid == reqid)
			return r;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->reqid = reqid;
	r->n = d->caps.ncpus + 1;
	r->gone = calloc(r->n, sizeof(*r->gone));
	r->shown = calloc(r->n, sizeof(*r->shown));
	if (!r->gone || !r->shown) {
		free(r->gone);
		free(r->shown);
		free(r);
		return NULL;
	}
	r->next = d->traffic;
	d->traffic = r;
	return r;
}

void traffic_retire(struct ike_daemon *d, uint32_t reqid, uint32_t cpu,
		    const uint64_t v[TR_N])
{
	struct traffic_row *r = traffic_row(d, reqid);
	uint32_t i;

	if (!r)
		return;
	i = cpu < r->n - 1 ? cpu : r->n - 1;
	for (int k = 0; k < TR_N; k++)
		r->gone[i][k] += v[k];
}

void traffic_total(struct traffic_row *r, uint32_t i,
		   const uint64_t live[TR_N], uint64_t out[TR_N])
{
	for (int k = 0; k < TR_N; k++) {
		uint64_t t = r->gone[i][k] + live[k];

		if (t < r->shown[i][k])		/* held until passed again */
			t = r->shown[i][k];
		out[k] = r->shown[i][k] = t;
	}
}

static void row_free(struct traffic_row *r)
{
	free(r->gone);
	free(r->shown);
	free(r);
}

void traffic_prune(struct ike_daemon *d, const struct cfg *cfg)
{
	struct traffic_row **p = &d->traffic;

	while (*p) {
		struct traffic_row *r = *p;

		if (cfg_child_by_reqid(cfg, r->reqid, NULL)) {
			p = &r->next;
			continue;
		}
		*p = r->next;
		row_free(r);
	}
}

void traffic_free(struct ike_daemon *d)
{
	while (d->traffic) {
		struct traffic_row *r = d->traffic;

		d->traffic = r->next;
		row_free(r);
	}
}
