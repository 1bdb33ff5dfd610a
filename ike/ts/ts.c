// SPDX-License-Identifier: GPL-2.0-or-later
/* Traffic selectors: config, narrowing, XFRM selectors (RFC 7296 2.9). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ts.h"

static size_t ts_alen(const struct ike_ts *t)
{
	return t->type == IKE_TS_IPV6_ADDR_RANGE ? 16 : 4;
}

static const uint8_t *amax(const uint8_t *a, const uint8_t *b, size_t n)
{
	return memcmp(a, b, n) >= 0 ? a : b;
}

static const uint8_t *amin(const uint8_t *a, const uint8_t *b, size_t n)
{
	return memcmp(a, b, n) <= 0 ? a : b;
}

/* a ∩ b into out; false if empty. */
static bool ts_intersect(const struct ike_ts *a, const struct ike_ts *b,
			 struct ike_ts *out)
{
	size_t n = ts_alen(a);

	if (a->type != b->type)
		return false;
	if (a->ip_proto && b->ip_proto && a->ip_proto != b->ip_proto)
		return false;
	memset(out, 0, sizeof(*out));
	out->type = a->type;
	out->ip_proto = a->ip_proto ? a->ip_proto : b->ip_proto;
	out->start_port = a->start_port > b->start_port ? a->start_port :
							  b->start_port;
	out->end_port = a->end_port < b->end_port ? a->end_port : b->end_port;
	memcpy(out->start, amax(a->start, b->start, n), n);
	memcpy(out->end, amin(a->end, b->end, n), n);
	return out->start_port <= out->end_port &&
	       memcmp(out->start, out->end, n) <= 0;
}

static bool ts_inside(const struct ike_ts *in, const struct ike_ts *out)
{
	size_t n = ts_alen(in);

	return in->type == out->type &&
	       (!out->ip_proto || out->ip_proto == in->ip_proto) &&
	       in->start_port >= out->start_port &&
	       in->end_port <= out->end_port &&
	       memcmp(in->start, out->start, n) >= 0 &&
	       memcmp(in->end, out->end, n) <= 0;
}

void ts_set_reduce(struct ike_ts_set *s)
{
	int n = 0;

	for (int i = 0; i < s->n_ts; i++) {
		bool covered = false;

		/* inside another one; of two equal ones, the later goes */
		for (int j = 0; j < s->n_ts && !covered; j++)
			covered = j != i && ts_inside(&s->ts[i], &s->ts[j]) &&
				  (j < i || !ts_inside(&s->ts[j], &s->ts[i]));
		if (!covered)
			s->ts[n++] = s->ts[i];
	}
	s->n_ts = (uint8_t)n;
}

int ts_narrow(const struct ike_ts_set *peer, const struct ike_ts_set *ours,
	      struct ike_ts_set *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < peer->n_ts; i++)
		for (int j = 0; j < ours->n_ts && out->n_ts < IKE_MAX_TS; j++)
			if (ts_intersect(&peer->ts[i], &ours->ts[j],
					 &out->ts[out->n_ts]) &&
			    ts_to_ksels(&out->ts[out->n_ts], NULL,
					TS_SPLIT_MAX) > 0)
				out->n_ts++;
	ts_set_reduce(out);
	return out->n_ts ? 0 : -ENOENT;
}

bool ts_within(const struct ike_ts_set *got, const struct ike_ts_set *ours)
{
	if (!got->n_ts)
		return false;
	for (int i = 0; i < got->n_ts; i++) {
		bool ok = false;

		for (int j = 0; j < ours->n_ts && !ok; j++)
			ok = ts_inside(&got->ts[i], &ours->ts[j]);
		if (!ok)
			return false;
	}
	return true;
}

bool ts_set_equal(const struct ike_ts_set *a, const struct ike_ts_set *b)
{
	if (a->n_ts != b->n_ts)
		return false;
	for (int i = 0; i < a->n_ts; i++)
		if (memcmp(&a->ts[i], &b->ts[i], sizeof(a->ts[i])))
			return false;
	return true;
}

void ts_format(const struct ike_ts *t, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	int af = t->type == IKE_TS_IPV6_ADDR_RANGE ? AF_INET6 : AF_INET;
	struct msa_ksel k;

	inet_ntop(af, t->start, a, sizeof(a));
	if (ts_to_ksels(t, &k, 1) == 1)
		snprintf(b, sizeof(b), "/%u", k.prefixlen);
	else
		inet_ntop(af, t->end, b + 1, sizeof(b) - 1), b[0] = '-';
	if (t->ip_proto || t->start_port || t->end_port != 0xffff)
		snprintf(buf, len, "%s%s[%u/%u-%u]", a, b, t->ip_proto,
			 t->start_port, t->end_port);
	else
		snprintf(buf, len, "%s%s", a, b);
}
