// SPDX-License-Identifier: GPL-2.0-or-later
/* IKE SAs and Child SAs: names and lookup (by SPI, by id). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"

/* Four buffers in turn: one log line may name two SAs. */
const char *isa_name(const struct ikesa *sa)
{
	static char buf[4][CFG_NAME_MAX + 24];
	static unsigned int n;
	char *b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "%s[%llu]",
		 sa->conn ? sa->conn->name : "?", (unsigned long long)sa->id);
	return b;
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

void isa_hash_del(struct ikesa *sa)
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
