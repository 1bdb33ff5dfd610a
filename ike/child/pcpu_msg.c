// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 9611 notifies: SA_RESOURCE_INFO in each request of a per-CPU child
 * (empty for the fallback, a random resource id for an additional SA,
 * never the CPU number), the responder's answer, TS_MAX_QUEUE past the cap
 * (never NO_ADDITIONAL_SAS). Received resource ids are kept for logs and
 * to keep one peer resource on one CPU.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "crypto/crypto.h"
#include "state/ike.h"
#include "pcpu_bind.h"
#include "pcpu_msg.h"
#include "pcpu_policy.h"

#define PCPU_RESID_LEN 4

int pcpu_add_request(struct ikesa *sa, struct child_sa *c, struct ike_buf *b)
{
	if (!pcpu_enabled(sa, c->cfg))
		return 0;
	if (c->cpu == MSA_KCPU_NONE)
		return ike_build_notify_data(b, IKE_N_SA_RESOURCE_INFO, NULL, 0);
	if (!c->resid_len) {
		c->resid_len = PCPU_RESID_LEN;
		if (ike_crypto_random(c->resid, c->resid_len))
			return -EIO;
	}
	return ike_build_notify_data(b, IKE_N_SA_RESOURCE_INFO, c->resid,
				     c->resid_len);
}

void pcpu_take_peer_resid(struct child_sa *c, const struct ike_notify *n)
{
	c->peer_resid_len = (uint8_t)(n->data.len < IKE_RESID_MAX ?
				      n->data.len : IKE_RESID_MAX);
	memcpy(c->peer_resid, n->data.p, c->peer_resid_len);
}

/* A request without SA_RESOURCE_INFO: the peer's fallback if there is
 * none (and then it does not do RFC 9611), else refused: a per-CPU child
 * has one fallback, ever. */
static uint16_t take_plain(struct ikesa *sa, struct child_sa *c)
{
	if (!pcpu_has_fallback(sa, c, c->cfg)) {
		sa->peer_no_pcpu = true;
		return 0;
	}
	isa_info(sa, "child %s: a second SA without SA_RESOURCE_INFO next to "
		 "the fallback: TS_MAX_QUEUE", c->cfg->name);
	sa->d->st.tsmq_sent++;
	return IKE_N_TS_MAX_QUEUE;
}

static bool any_usable(const struct ikesa *sa, const struct cfg_child *cfg)
{
	for (uint32_t cpu = 0; cpu < sa->d->caps.ncpus; cpu++)
		if (pcpu_cpu_usable(sa, cfg, cpu))
			return true;
	return false;
}

uint16_t pcpu_take_request(struct ikesa *sa, struct child_sa *c,
			   const struct ike_msg *m)
{
	const struct ike_notify *n = ike_msg_notify(m, IKE_N_SA_RESOURCE_INFO);
	uint32_t total;

	if (!pcpu_enabled(sa, c->cfg))
		return 0;
	if (!n)
		return take_plain(sa, c);
	c->per_cpu = true;
	pcpu_take_peer_resid(c, n);
	if (!pcpu_has_fallback(sa, c, c->cfg)) {
		pcpu_bind_fallback(sa, c);	/* this one is the fallback */
		return 0;
	}
	total = pcpu_count(sa, c->cfg);
	if (total >= pcpu_cap(sa, c->cfg)) {
		isa_info(sa, "child %s: %u per-CPU SAs, the cap: TS_MAX_QUEUE",
			 c->cfg->name, total);
		sa->d->st.tsmq_sent++;
		return IKE_N_TS_MAX_QUEUE;
	}
	if (!any_usable(sa, c->cfg)) {	/* for now: hotplug may bring one */
		isa_info(sa, "child %s: no CPU of per_cpu_cpus online: "
			 "TEMPORARY_FAILURE", c->cfg->name);
		return IKE_N_TEMPORARY_FAILURE;
	}
	c->cpu = pcpu_bind(sa, c);
	c->resid_len = PCPU_RESID_LEN;
	if (ike_crypto_random(c->resid, c->resid_len))
		return IKE_N_TEMPORARY_FAILURE;
	return 0;
}

/* Tell a multisad peer which request of ours its SA crossed (rule 1):
 * our inbound SPI of that request, which the peer knows as its outbound. */
static void add_crossed(struct ikesa *sa, const struct child_sa *c,
			struct ike_buf *b)
{
	const struct child_sa *mine = child_find_id(sa, c->crossed_with);
	uint32_t spi;

	if (!mine || !mine->spi_in)
		return;
	spi = htonl(mine->spi_in);
	ike_build_notify_data(b, IKE_N_MULTISA_CROSSED, &spi, sizeof(spi));
}

void pcpu_add_reply(struct ikesa *sa, struct child_sa *c, struct ike_buf *b)
{
	if (!c->per_cpu)
		return;
	ike_build_notify_data(b, IKE_N_SA_RESOURCE_INFO, c->resid,
			      c->resid_len);
	if (c->crossed_with && sa->peer_multisa)
		add_crossed(sa, c, b);
}

void pcpu_take_crossed(struct child_sa *c, const struct ike_msg *m)
{
	const struct ike_notify *n = ike_msg_notify(m, IKE_N_MULTISA_CROSSED);
	uint32_t spi;

	if (!n || n->data.len != sizeof(spi))
		return;
	memcpy(&spi, n->data.p, sizeof(spi));
	c->peer_crossed_spi = ntohl(spi);
}
