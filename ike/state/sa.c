// SPDX-License-Identifier: GPL-2.0-or-later
/* IKE SA and Child SA lifecycle: creation, the state setters, lookup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xchg/xchg.h"

static const char *const isa_states[ISA_STATE_COUNT] = {
	[ISA_INIT_I] = "INIT_I",	   [ISA_INIT_R] = "INIT_R",
	[ISA_AUTH_I] = "AUTH_I",	   [ISA_ESTABLISHED] = "ESTABLISHED",
	[ISA_REKEYED] = "REKEYED",	   [ISA_DELETING] = "DELETING",
	[ISA_DEAD] = "DEAD",
};

static const char *const child_states[CHILD_STATE_COUNT] = {
	[CHILD_CREATING] = "CREATING",	   [CHILD_INSTALLED] = "INSTALLED",
	[CHILD_REKEYING] = "REKEYING",	   [CHILD_REKEYED] = "REKEYED",
	[CHILD_DELETING] = "DELETING",
};

const char *isa_state_name(uint8_t st)
{
	return st < ISA_STATE_COUNT ? isa_states[st] : "?";
}

const char *child_state_name(uint8_t st)
{
	return st < CHILD_STATE_COUNT ? child_states[st] : "?";
}

const char *isa_name(const struct ikesa *sa)
{
	static char buf[CFG_NAME_MAX + 24];

	snprintf(buf, sizeof(buf), "%s[%llu]",
		 sa->conn ? sa->conn->name : "?", (unsigned long long)sa->id);
	return buf;
}

static bool half_open(uint8_t st)
{
	return st == ISA_INIT_R || st == ISA_INIT_I || st == ISA_AUTH_I;
}

void isa_set_state(struct ikesa *sa, enum isa_state st)
{
	if (sa->state == st)
		return;
	isa_debug(sa, "%s -> %s", isa_state_name(sa->state),
		  isa_state_name(st));
	if (half_open(sa->state) && !half_open(st) && sa->d->n_half_open)
		sa->d->n_half_open--;
	if (!half_open(sa->state) && half_open(st))
		sa->d->n_half_open++;
	sa->state = st;
}

uint64_t isa_local_spi(const struct ikesa *sa)
{
	return sa->initiator ? sa->spi_i : sa->spi_r;
}

static unsigned int spi_hash(uint64_t spi)
{
	return (unsigned int)((spi ^ (spi >> 29) ^ (spi >> 47)) & 255);
}

void isa_hash_add(struct ikesa *sa)
{
	unsigned int h = spi_hash(isa_local_spi(sa));

	sa->hnext = sa->d->hash[h];
	sa->d->hash[h] = sa;
}

static void isa_hash_del(struct ikesa *sa)
{
	struct ikesa **pp = &sa->d->hash[spi_hash(isa_local_spi(sa))];

	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == sa) {
			*pp = sa->hnext;
			return;
		}
	}
}

struct ikesa *isa_find(struct ike_daemon *d, uint64_t local_spi)
{
	struct ikesa *sa = d->hash[spi_hash(local_spi)];

	while (sa && isa_local_spi(sa) != local_spi)
		sa = sa->hnext;
	return sa;
}

struct ikesa *isa_find_init(struct ike_daemon *d, uint64_t spi_i,
			    const struct ike_addr *remote)
{
	struct ikesa *sa;

	for (sa = d->sas; sa; sa = sa->next)
		if (!sa->initiator && sa->spi_i == spi_i &&
		    !memcmp(&sa->remote, remote, sizeof(*remote)))
			return sa;
	return NULL;
}

struct ikesa *isa_new(struct ike_daemon *d, const struct cfg_conn *conn,
		      bool initiator)
{
	struct ikesa *sa = calloc(1, sizeof(*sa));
	uint64_t spi = 0;

	if (!sa)
		return NULL;
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
	sa->created_ms = sa->last_heard_ms = d->now_ms;
	sa->state = ISA_DEAD;
	isa_set_state(sa, initiator ? ISA_INIT_I : ISA_INIT_R);
	sa->next = d->sas;
	d->sas = sa;
	isa_hash_add(sa);
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

void isa_free(struct ikesa *sa)
{
	struct ike_daemon *d = sa->d;
	struct ikesa **pp;
	struct task *t;

	while (sa->children)
		child_free(sa, sa->children);
	isa_set_state(sa, ISA_DEAD);
	isa_hash_del(sa);
	for (pp = &d->sas; *pp; pp = &(*pp)->next)
		if (*pp == sa) {
			*pp = sa->next;
			break;
		}
	for (struct ikesa *o = d->sas; o; o = o->next) {
		if (o->x.new_sa == sa)
			o->x.new_sa = NULL;
		if (o->rekeyed_by == sa)
			o->rekeyed_by = NULL;
	}
	while ((t = sa->queue)) {
		sa->queue = t->next;
		free(t);
	}
	if (sa->x.new_sa)
		isa_set_state(sa->x.new_sa, ISA_DEAD);
	isa_drop_keys(sa);
	ike_dh_free(sa->x.dh);
	free(sa->x.req);
	free(sa->resp);
	free(sa->init_i);
	free(sa->init_r);
	free(sa->pcpu_last_ms);
	pcpu_free_waits(sa);
	explicit_bzero(sa, sizeof(*sa));
	free(sa);
}

void isa_queue(struct ikesa *sa, const struct task *t)
{
	struct task *n = malloc(sizeof(*n));

	if (!n) {
		isa_warn(sa, "out of memory queueing a task");
		return;
	}
	*n = *t;
	n->next = NULL;
	*sa->queue_tail = n;
	sa->queue_tail = &n->next;
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

void child_set_state(struct ikesa *sa, struct child_sa *c,
		     enum child_state st)
{
	if (c->state == st)
		return;
	isa_debug(sa, "child %s{%llu} %s -> %s", c->cfg->name,
		  (unsigned long long)c->id, child_state_name(c->state),
		  child_state_name(st));
	c->state = st;
}

void child_free(struct ikesa *sa, struct child_sa *c)
{
	struct child_sa **pp;

	for (pp = &sa->children; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	child_uninstall(sa, c);
	if (sa->x.child == c)
		sa->x.child = NULL;
	if (sa->x.old == c)
		sa->x.old = NULL;
	free(c);
}

struct child_sa *child_find_spi(struct ikesa *sa, uint32_t spi, bool in)
{
	struct child_sa *c;

	for (c = sa->children; c; c = c->next)
		if ((in ? c->spi_in : c->spi_out) == spi)
			return c;
	return NULL;
}

bool child_fallback_exists(const struct ikesa *sa,
			   const struct cfg_child *cfg)
{
	for (const struct child_sa *c = sa->children; c; c = c->next)
		if (c->cfg == cfg && c->cpu == MSA_KCPU_NONE &&
		    c->state != CHILD_REKEYED && c->state != CHILD_DELETING)
			return true;
	return false;
}

struct child_sa *child_find_id(struct ikesa *sa, uint64_t id)
{
	struct child_sa *c;

	for (c = sa->children; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}
