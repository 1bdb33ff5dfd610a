// SPDX-License-Identifier: GPL-2.0-or-later
/* The timer heap of IKE SAs (timer.h): O(log n) per change. */
#include <errno.h>
#include <stdlib.h>

#include "ike.h"
#include "task.h"
#include "frag.h"
#include "timer.h"

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* A deadline t (0: none): ahead of now, or passed and counted as now. */
static uint64_t at(uint64_t next, uint64_t t, uint64_t now, bool past)
{
	if (!t)
		return next;
	if (t <= now)
		return past ? min64(next, now) : next;
	return min64(next, t);
}

static uint64_t children_due(const struct ikesa *sa, uint64_t next, bool past)
{
	uint64_t now = sa->d->now_ms;

	for (const struct child_sa *c = sa->children; c; c = c->next) {
		if (c->state == CHILD_REKEYED)	/* rekeyed_grace */
			next = at(next, c->expire_ms, now, past);
		if (c->state != CHILD_INSTALLED)
			continue;
		next = at(next, c->rekey_ms, now, past);
		next = at(next, c->expire_ms, now, past);
	}
	return next;
}

static uint64_t established_due(const struct ikesa *sa, uint64_t next,
				bool past)
{
	uint64_t now = sa->d->now_ms;

	next = at(next, sa->rekey_ms, now, past);
	next = at(next, sa->dpd_ms, now, past);
	next = at(next, sa->pcpu_fill_ms, now, past);
	if (sa->natt && sa->nat_local)	/* 0: the first one is not set yet */
		next = sa->keepalive_ms ? at(next, sa->keepalive_ms, now, true) :
					  min64(next, now);
	if (sa->queue && sa->x.kind == X_NONE)
		next = now;
	return children_due(sa, next, past);
}

/* The SA's next deadline; UINT64_MAX: none. */
static uint64_t isa_next_due(const struct ikesa *sa, bool past)
{
	uint64_t now = sa->d->now_ms, next = UINT64_MAX;

	if (sa->state == ISA_DEAD)
		return 0;
	if (sa->x.kind != X_NONE && sa->x.req)
		next = at(next, sa->x.resend_ms, now, true);
	if (sa->state == ISA_INIT_R || sa->state == ISA_REKEYED)
		next = at(next, sa->state_ms + IKE_HALF_OPEN_TIMEOUT_MS, now,
			  true);
	if (frag_due(sa) != UINT64_MAX)
		next = at(next, frag_due(sa), now, true);
	if (sa->state == ISA_ESTABLISHED)
		next = established_due(sa, next, past);
	return next;
}

int timer_reserve(struct ike_daemon *d, uint32_t n)
{
	struct ike_timers *t = &d->timers;
	uint32_t cap = t->cap ? t->cap : 64;
	struct ikesa **h;

	if (n <= t->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	h = realloc(t->h, cap * sizeof(*h));
	if (!h)
		return -ENOMEM;
	t->h = h;
	t->cap = cap;
	return 0;
}

void timer_free(struct ike_daemon *d)
{
	free(d->timers.h);
	d->timers.h = NULL;
	d->timers.n = d->timers.cap = 0;
}

static void put(struct ike_timers *t, uint32_t i, struct ikesa *sa)
{
	t->h[i] = sa;
	sa->heap_idx = i + 1;
}

static void sift_up(struct ike_timers *t, uint32_t i)
{
	struct ikesa *sa = t->h[i];

	while (i) {
		uint32_t p = (i - 1) / 2;

		if (t->h[p]->due_ms <= sa->due_ms)
			break;
		put(t, i, t->h[p]);
		i = p;
	}
	put(t, i, sa);
}

static void sift_down(struct ike_timers *t, uint32_t i)
{
	struct ikesa *sa = t->h[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= t->n)
			break;
		if (c + 1 < t->n && t->h[c + 1]->due_ms < t->h[c]->due_ms)
			c++;
		if (sa->due_ms <= t->h[c]->due_ms)
			break;
		put(t, i, t->h[c]);
		i = c;
	}
	put(t, i, sa);
}

void timer_del(struct ikesa *sa)
{
	struct ike_timers *t = &sa->d->timers;
	uint32_t i = sa->heap_idx - 1;

	if (!sa->heap_idx)
		return;
	sa->heap_idx = 0;
	if (i == --t->n)
		return;
	put(t, i, t->h[t->n]);
	sift_down(t, i);
	sift_up(t, t->h[i]->heap_idx - 1);
}

void isa_rearm_at(struct ikesa *sa, bool past)
{
	struct ike_timers *t = &sa->d->timers;
	uint64_t due = isa_next_due(sa, past);

	if (due == UINT64_MAX) {
		timer_del(sa);
		return;
	}
	sa->due_ms = due;
	if (!sa->heap_idx) {
		/* room reserved by isa_new() */
		put(t, t->n++, sa);
	}
	sift_up(t, sa->heap_idx - 1);
	sift_down(t, sa->heap_idx - 1);
}

struct ikesa *timer_pop_due(struct ike_daemon *d)
{
	struct ikesa *sa = d->timers.n ? d->timers.h[0] : NULL;

	if (!sa || sa->due_ms > d->now_ms)
		return NULL;
	timer_del(sa);
	return sa;
}

uint64_t timer_next(const struct ike_daemon *d)
{
	return d->timers.n ? d->timers.h[0]->due_ms : UINT64_MAX;
}

bool timer_consistent(const struct ike_daemon *d)
{
	for (const struct ikesa *sa = d->sas; sa; sa = sa->next) {
		uint64_t due = isa_next_due(sa, false);
		uint64_t key = sa->heap_idx ? sa->due_ms : UINT64_MAX;

		if (key > due) {
			msa_err("%s%s: timer heap key %llu, next deadline %llu",
				d->name, isa_name(sa),
				(unsigned long long)key,
				(unsigned long long)due);
			return false;
		}
	}
	return true;
}
