// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The legal transitions of IKE SAs and Child SAs, as iked checks them:
 * one row per state, a bit per state it may go to. Everything else is a
 * bug in the caller: refused, logged and counted.
 */
#include <errno.h>

#include "fsm.h"
#include "ike.h"
#include "timer.h"

#define TO(s) (1u << (s))

static const char *const isa_states[ISA_STATE_COUNT] = {
	[ISA_INIT_I] = "INIT_I",	   [ISA_INIT_R] = "INIT_R",
	[ISA_AUTH_I] = "AUTH_I",	   [ISA_ESTABLISHED] = "ESTABLISHED",
	[ISA_REKEYED] = "REKEYED",	   [ISA_DELETING] = "DELETING",
	[ISA_DEAD] = "DEAD",
};

/*
 * INIT_I/INIT_R go straight to ESTABLISHED or REKEYED when they are the
 * new SA of an IKE rekey (RFC 7296 2.18: no IKE_AUTH); a REKEYED SA whose
 * rekey lost a collision (2.8.2) is ESTABLISHED again until its Delete.
 */
static const uint32_t isa_next[ISA_STATE_COUNT] = {
	[ISA_INIT_I] = TO(ISA_AUTH_I) | TO(ISA_ESTABLISHED) | TO(ISA_REKEYED) |
		       TO(ISA_DEAD),
	[ISA_INIT_R] = TO(ISA_ESTABLISHED) | TO(ISA_REKEYED) | TO(ISA_DEAD),
	[ISA_AUTH_I] = TO(ISA_ESTABLISHED) | TO(ISA_DEAD),
	[ISA_ESTABLISHED] = TO(ISA_REKEYED) | TO(ISA_DELETING) | TO(ISA_DEAD),
	[ISA_REKEYED] = TO(ISA_ESTABLISHED) | TO(ISA_DELETING) | TO(ISA_DEAD),
	[ISA_DELETING] = TO(ISA_DEAD),
	[ISA_DEAD] = 0,
};

static const char *const child_states[CHILD_STATE_COUNT] = {
	[CHILD_CREATING] = "CREATING",	   [CHILD_INSTALLED] = "INSTALLED",
	[CHILD_REKEYING] = "REKEYING",	   [CHILD_REKEYED] = "REKEYED",
	[CHILD_DELETING] = "DELETING",
};

/* A child that is REKEYED or DELETING only waits to be freed. */
static const uint32_t child_next[CHILD_STATE_COUNT] = {
	[CHILD_CREATING] = TO(CHILD_INSTALLED),
	[CHILD_INSTALLED] = TO(CHILD_REKEYING) | TO(CHILD_REKEYED) |
			    TO(CHILD_DELETING),
	[CHILD_REKEYING] = TO(CHILD_INSTALLED) | TO(CHILD_REKEYED) |
			   TO(CHILD_DELETING),
	[CHILD_REKEYED] = TO(CHILD_DELETING),
	[CHILD_DELETING] = 0,
};

const char *isa_state_name(uint8_t st)
{
	return st < ISA_STATE_COUNT ? isa_states[st] : "?";
}

const char *child_state_name(uint8_t st)
{
	return st < CHILD_STATE_COUNT ? child_states[st] : "?";
}

int isa_set_state(struct ikesa *sa, enum isa_state st)
{
	struct ike_daemon *d = sa->d;

	if (sa->state == st)
		return 0;
	if (st >= ISA_STATE_COUNT || !(isa_next[sa->state] & TO(st))) {
		d->st.bugs++;
		msa_err("%s%s: BUG: illegal IKE SA transition %s -> %s "
			"refused", d->name, isa_name(sa),
			isa_state_name(sa->state), isa_state_name(st));
		return -EPERM;
	}
	isa_debug(sa, "%s -> %s", isa_state_name(sa->state),
		  isa_state_name(st));
	if (isa_half_open(sa->state) && !isa_half_open(st) && d->n_half_open)
		d->n_half_open--;
	sa->state = st;
	sa->state_ms = d->now_ms;
	isa_rearm(sa);
	return 0;
}

int child_set_state(struct ikesa *sa, struct child_sa *c,
		    enum child_state st)
{
	if (c->state == st)
		return 0;
	if (st >= CHILD_STATE_COUNT || !(child_next[c->state] & TO(st))) {
		sa->d->st.bugs++;
		msa_err("%s%s: BUG: illegal Child SA transition %s -> %s of "
			"child %s{%llu} refused", sa->d->name, isa_name(sa),
			child_state_name(c->state), child_state_name(st),
			c->cfg->name, (unsigned long long)c->id);
		return -EPERM;
	}
	isa_debug(sa, "child %s{%llu} %s -> %s", c->cfg->name,
		  (unsigned long long)c->id, child_state_name(c->state),
		  child_state_name(st));
	c->state = st;
	isa_rearm(sa);
	return 0;
}
