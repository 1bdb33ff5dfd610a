// SPDX-License-Identifier: GPL-2.0-or-later
/* The daemon core: creation, the clock, operator actions on Child SAs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "state/ike.h"
#include "state/sa_id.h"
#include "state/task.h"
#include "state/timer.h"
#include "state/traffic.h"
#include "daemon.h"
#include "reload.h"
#include "tick.h"

int ike_daemon_new(struct ike_daemon **out, const struct cfg *cfg,
		   struct msa_kernel *k, const struct ike_io *io)
{
	struct ike_daemon *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	d->cfg = cfg;
	d->k = k;
	d->io = *io;
	d->name = "";
	rc = ike_crypto_random(d->cookie_secret, sizeof(d->cookie_secret));
	if (!rc)
		rc = k->ops->probe(k, &d->caps);
	if (!rc) {
		d->cpus_off = calloc((d->caps.ncpus + 63) / 64 + 1,
				     sizeof(uint64_t));
		rc = d->cpus_off ? 0 : -ENOMEM;
	}
	if (!rc)
		rc = sa_ids_init(d);
	if (rc) {
		free(d->cpus_off);
		free(d);
		return rc;
	}
	ike_daemon_cpus_check(d, cfg);
	*out = d;
	return 0;
}

void ike_daemon_free(struct ike_daemon *d)
{
	if (!d)
		return;
	while (d->sas)
		isa_destroy(d->sas);
	reload_free(d);
	timer_free(d);
	traffic_free(d);
	free(d->cpus_off);
	free(d->sa_ids);
	explicit_bzero(d, sizeof(*d));
	free(d);
}

void ike_daemon_set_time(struct ike_daemon *d, uint64_t now_ms)
{
	d->now_ms = now_ms;
}

static int child_op(struct ike_daemon *d, uint64_t id, uint8_t kind)
{
	for (struct ikesa *sa = d->sas; sa; sa = sa->next) {
		struct child_sa *c = child_find_id(sa, id);

		if (!c || c->state != CHILD_INSTALLED)
			continue;
		if (sa->state != ISA_ESTABLISHED)
			return -EAGAIN;
		isa_queue_once(sa, kind, id);
		ike_daemon_tick(d);
		return 0;
	}
	return -ENOENT;
}

int ike_daemon_child_rekey(struct ike_daemon *d, uint64_t child_id)
{
	return child_op(d, child_id, X_CHILD_REKEY);
}

int ike_daemon_child_delete(struct ike_daemon *d, uint64_t child_id)
{
	return child_op(d, child_id, X_DELETE_CHILD);
}

