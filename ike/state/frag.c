// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reassembly of fragmented messages (frag.h). RFC 7383 2.6.2: a fragment
 * with a larger Total Fragments than the ones kept restarts the
 * reassembly (the sender fragmented again, smaller); one with a smaller
 * total is dropped; duplicates are dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "frag.h"
#include "ike.h"

void frag_drop(struct ikesa *sa, bool response)
{
	struct frag_asm *a = sa->frag_in[response];

	if (!a)
		return;
	for (uint16_t i = 0; i < a->total; i++) {
		if (a->part[i].p)
			explicit_bzero(a->part[i].p, a->part[i].len);
		free(a->part[i].p);
	}
	sa->d->frag_bytes -= a->charged;
	free(a);
	sa->frag_in[response] = NULL;
}

void frag_drop_all(struct ikesa *sa)
{
	frag_drop(sa, false);
	frag_drop(sa, true);
}

static struct frag_asm *asm_new(struct ikesa *sa, bool response,
				uint32_t msgid, uint16_t total)
{
	struct frag_asm *a = calloc(1, sizeof(*a) + total * sizeof(a->part[0]));

	if (!a)
		return NULL;
	a->msgid = msgid;
	a->total = total;
	a->expire_ms = sa->d->now_ms + IKE_FRAG_TIMEOUT_MS;
	a->charged = total * sizeof(a->part[0]);
	sa->d->frag_bytes += a->charged;
	sa->frag_in[response] = a;
	return a;
}

static enum frag_res refuse(struct ikesa *sa, bool limit, const char *why,
			    uint32_t msgid, uint16_t num)
{
	struct ike_daemon *d = sa->d;

	d->st.frags_dropped++;
	if (limit)
		d->st.lim_frags++;
	ike_peer_log(d, limit ? MSA_LOG_WARN : MSA_LOG_DEBUG,
		     "%s: fragment %u of message %u dropped: %s", isa_name(sa),
		     num, msgid, why);
	return FRAG_DROP;
}

/* The reassembly this fragment belongs to, made or restarted. */
static struct frag_asm *asm_for(struct ikesa *sa, bool response,
				uint32_t msgid, uint16_t total)
{
	struct frag_asm *a = sa->frag_in[response];

	if (a && (a->msgid != msgid || a->total < total)) {
		frag_drop(sa, response);
		a = NULL;
	}
	return a ? a : asm_new(sa, response, msgid, total);
}

/*
 * What one more fragment of len octets may cost, or why not. old is the
 * reassembly the fragment joins, or the one it replaces (another message,
 * or a larger total: RFC 7383 2.6.2), whose charge then goes.
 */
static const char *over_budget(const struct ikesa *sa,
			       const struct frag_asm *old, uint32_t msgid,
			       size_t len, uint16_t total)
{
	const struct cfg_global *g = &sa->d->cfg->global;
	bool joins = old && old->msgid == msgid && old->total == total;
	size_t cost = len + IKE_FRAG_COST +
		      (joins ? 0 : total * sizeof(old->part[0]));
	size_t held = joins ? old->charged : 0;
	size_t freed = old && !joins ? old->charged : 0;
	uint64_t share = g->fragment_memory /
			 (g->half_open_max ? g->half_open_max : 1);

	if (share < IKE_FRAG_HALF_OPEN_MIN)
		share = IKE_FRAG_HALF_OPEN_MIN;
	if (sa->d->frag_bytes - freed + cost > g->fragment_memory)
		return "fragment_memory is full";
	if (sa->state == ISA_INIT_R && held + cost > share)
		return "a half-open IKE SA's share of fragment_memory "
		       "(fragment_memory / half_open_max, at least 16 KiB) "
		       "is used up";
	return NULL;
}

enum frag_res frag_keep(struct ikesa *sa, bool response, uint32_t msgid,
			uint16_t num, uint16_t total, uint8_t np,
			const uint8_t *plain, size_t len)
{
	const struct cfg_global *g = &sa->d->cfg->global;
	struct frag_asm *a = sa->frag_in[response];
	const char *why;

	if (!num || num > total)
		return refuse(sa, false, "number not in 1..total", msgid, num);
	if (!len)
		return refuse(sa, false, "empty", msgid, num);
	if (total > g->fragments_max)
		return refuse(sa, true, "more than fragments_max", msgid, num);
	if (a && a->msgid == msgid && total < a->total)
		return refuse(sa, false, "smaller Total Fragments", msgid, num);
	why = over_budget(sa, a, msgid, len, total);
	if (why)
		return refuse(sa, true, why, msgid, num);
	a = asm_for(sa, response, msgid, total);
	if (!a)
		return refuse(sa, true, "out of memory", msgid, num);
	if (a->part[num - 1].p)
		return refuse(sa, false, "duplicate", msgid, num);
	if (a->bytes + len > IKE_FRAG_MSG_MAX) {
		frag_drop(sa, response);
		return refuse(sa, true, "message over 64 KiB", msgid, num);
	}
	a->part[num - 1].p = malloc(len);
	if (!a->part[num - 1].p)
		return refuse(sa, true, "out of memory", msgid, num);
	memcpy(a->part[num - 1].p, plain, len);
	a->part[num - 1].len = len;
	a->bytes += len;
	a->charged += len + IKE_FRAG_COST;
	sa->d->frag_bytes += len + IKE_FRAG_COST;
	sa->d->st.frags_rx++;
	if (num == 1)
		a->first_np = np;
	return ++a->have == a->total ? FRAG_DONE : FRAG_KEPT;
}

uint8_t *frag_take(struct ikesa *sa, bool response, size_t *len,
		   uint8_t *first_np)
{
	struct frag_asm *a = sa->frag_in[response];
	uint8_t *out;
	size_t off = 0;

	if (!a || a->have != a->total)
		return NULL;
	out = malloc(a->bytes ? a->bytes : 1);
	if (out) {
		for (uint16_t i = 0; i < a->total; i++) {
			memcpy(out + off, a->part[i].p, a->part[i].len);
			off += a->part[i].len;
		}
		*len = off;
		*first_np = a->first_np;
		sa->d->st.frag_msgs_rx++;
	}
	frag_drop(sa, response);
	return out;
}

void frag_expire(struct ikesa *sa)
{
	for (int r = 0; r < 2; r++)
		if (sa->frag_in[r] && sa->d->now_ms >= sa->frag_in[r]->expire_ms) {
			isa_debug(sa, "message %u: fragments incomplete after "
				  "%u s, dropped", sa->frag_in[r]->msgid,
				  IKE_FRAG_TIMEOUT_MS / 1000);
			sa->d->st.frags_dropped += sa->frag_in[r]->have;
			frag_drop(sa, r);
		}
}

uint64_t frag_due(const struct ikesa *sa)
{
	uint64_t due = UINT64_MAX;

	for (int r = 0; r < 2; r++)
		if (sa->frag_in[r] && sa->frag_in[r]->expire_ms < due)
			due = sa->frag_in[r]->expire_ms;
	return due;
}
