// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * per_cpu_sas = encap: each outbound per-CPU SA that is UDP encapsulated
 * leaves from its own source port (destination still the peer's NAT-T
 * port), so the peer's NIC can spread the SAs over its queues by RSS when it
 * cannot hash on the SPI. The port is ours alone: it is not negotiated, so
 * every inbound per-CPU SA with UDP encapsulation accepts any source port
 * (0), whatever our own setting, as a peer may use this too. strongSwan's
 * per_cpu_sas = encap behaves the same, and the two interoperate.
 *
 * A rekey keeps the port (pcpu_keep_binding), so an SA's flow stays on the
 * same queue of the peer across rekeys.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "state/ike.h"
#include "pcpu_encap.h"

#define EPHEMERAL_MIN 49152u
#define EPHEMERAL_N   (65536u - EPHEMERAL_MIN)

static bool port_taken(const struct ikesa *sa, const struct child_sa *me,
		       uint16_t port)
{
	for (const struct child_sa *o = sa->children; o; o = o->next)
		if (o != me && o->encap_sport_out == port)
			return true;
	return false;
}

/* A random ephemeral port no other child of this IKE SA uses, if it can. */
static uint16_t pick_port(const struct ikesa *sa, const struct child_sa *c)
{
	uint16_t port = 0;

	for (int tries = 0; tries < 16; tries++) {
		uint32_t r = 0;

		if (ike_crypto_random(&r, sizeof(r)))
			return 0;
		port = (uint16_t)(EPHEMERAL_MIN + r % EPHEMERAL_N);
		if (!port_taken(sa, c, port))
			break;
	}
	return port;
}

/* The source port for c's outbound SA, given that it is UDP encapsulated:
 * 0 means the IKE port. */
uint16_t pcpu_encap_sport(const struct ikesa *sa, struct child_sa *c)
{
	if (c->cpu == MSA_KCPU_NONE || c->cfg->per_cpu_sas != CFG_PCPU_ENCAP)
		return 0;
	if (!c->encap_sport_out)
		c->encap_sport_out = pick_port(sa, c);
	return c->encap_sport_out;
}

/* A rekey keeps what binds an SA to its resource (RFC 9611): the CPU, our
 * resource id and the encap source port. */
void pcpu_keep_binding(struct child_sa *c, const struct child_sa *old)
{
	c->cpu = old->cpu;
	c->per_cpu = old->per_cpu;
	c->rekey_of = old->id;
	c->resid_len = old->resid_len;
	memcpy(c->resid, old->resid, sizeof(c->resid));
	c->encap_sport_out = old->encap_sport_out;
}
