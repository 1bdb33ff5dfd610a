// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE SAs and Child SAs in memory: creation (a fresh SPI, the heap room,
 * the half-open count) and freeing (keys wiped, queue, waits, pointers of
 * other SAs to it). The kernel state of a child is child/'s.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "fsm.h"
#include "ike.h"
#include "frag.h"
#include "lifecycle.h"
#include "task.h"
#include "timer.h"

struct ikesa *isa_new(struct ike_daemon *d, const struct cfg_conn *conn,
		      bool initiator)
{
	struct ikesa *sa = calloc(1, sizeof(*sa));
	uint64_t spi = 0;

	if (!sa || timer_reserve(d, d->n_sas + 1)) {
		free(sa);
		return NULL;
	}
	while (!spi || isa_find(d, spi))
		if (ike_crypto_random(&spi, sizeof(spi))) {
			free(sa);
			return NULL;
		}
	sa->d = d;
	sa->conn = conn;
	sa->initiator = initiator;
	if (initiator)
		sa->spi_i = spi;
	else
		sa->spi_r = spi;
	sa->id = ++d->next_id;
	sa->queue_tail = &sa->queue;
	sa->created_ms = sa->state_ms = sa->last_heard_ms = d->now_ms;
	sa->state = initiator ? ISA_INIT_I : ISA_INIT_R;
	d->n_half_open++;
	d->n_sas++;
	sa->next = d->sas;
	d->sas = sa;
	isa_hash_add(sa);
	isa_rearm(sa);
	return sa;
}

void isa_drop_keys(struct ikesa *sa)
{
	ike_dh_free(sa->dh);
	ike_crypto_sa_keys_free(sa->keys);
	ike_aead_free(sa->aead_out);
	ike_aead_free(sa->aead_in);
	sa->dh = NULL;
	sa->keys = NULL;
	sa->aead_out = sa->aead_in = NULL;
}

void isa_pcpu_waits_free(struct ikesa *sa)
{
	for (struct pcpu_wait *w = sa->pcpu_waits, *n; w; w = n) {
		n = w->next;
		free(w);
	}
	sa->pcpu_waits = NULL;
}

/* Other SAs' pointers to sa (an IKE rekey's new SA or successor). */
static void isa_unref(struct ikesa *sa)
{
	for (struct ikesa *o = sa->d->sas; o; o = o->next) {
		if (o->x.new_sa == sa)
			o->x.new_sa = NULL;
		if (o->rekeyed_by == sa)
			o->rekeyed_by = NULL;
	}
}

void isa_free(struct ikesa *sa)
{
	struct ike_daemon *d = sa->d;
	struct ikesa **pp;

	while (sa->children)
		child_free(sa, sa->children);
	if (isa_half_open(sa->state) && d->n_half_open)
		d->n_half_open--;
	timer_del(sa);
	isa_hash_del(sa);
	for (pp = &d->sas; *pp; pp = &(*pp)->next)
		if (*pp == sa) {
			*pp = sa->next;
			break;
		}
	d->n_sas--;
	isa_unref(sa);
	isa_queue_free(sa);
	if (sa->x.new_sa)
		isa_set_state(sa->x.new_sa, ISA_DEAD);
	isa_drop_keys(sa);
	frag_drop_all(sa);
	ike_dh_free(sa->x.dh);
	free(sa->x.req);
	free(sa->resp);
	free(sa->init_i);
	free(sa->init_r);
	free(sa->pcpu_last_ms);
	free(sa->peer_id);
	isa_pcpu_waits_free(sa);
	explicit_bzero(sa, sizeof(*sa));
	free(sa);
}

struct child_sa *child_new(struct ikesa *sa, const struct cfg_child *cfg)
{
	struct child_sa *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->cfg = cfg;
	c->cpu = MSA_KCPU_NONE;
	c->mode = cfg->mode;
	c->id = ++sa->d->next_id;
	c->created_ms = sa->d->now_ms;
	c->next = sa->children;
	sa->children = c;
	return c;
}

void child_free(struct ikesa *sa, struct child_sa *c)
{
	struct child_sa **pp;

	for (pp = &sa->children; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (sa->x.child == c)
		sa->x.child = NULL;
	if (sa->x.old == c)
		sa->x.old = NULL;
	free(c);
}
