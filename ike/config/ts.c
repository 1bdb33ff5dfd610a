// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Traffic selector strings as swanctl writes them:
 *
 *   10.1.0.0/16   2001:db8::/32   10.0.0.1   10.0.0.1-10.0.0.9   dynamic
 *
 * each optionally followed by [proto] or [proto/port] or [proto/from-to],
 * e.g. "10.0.0.0/8[tcp/80]", "dynamic[udp/%any]", "::/0[58]".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config_impl.h"

#define ts_err(e, ...) cfg_seterr((e)->err, (e)->errlen, __VA_ARGS__)

struct ts_errbuf {
	char *err;
	size_t errlen;
};

/* Protocols by name; anything else is given as a number 0-255. */
static const struct cfg_name ts_protos[] = {
	{ "%any", 0 }, { "icmp", 1 }, { "tcp", 6 }, { "udp", 17 },
	{ "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "icmp6", 58 },
	{ "icmpv6", 58 }, { "ipv6-icmp", 58 }, { "sctp", 132 },
	{ "udplite", 136 }, { NULL, 0 },
};

/* A decimal number in [0, max], the whole string. */
static int ts_number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (*end || errno || *out > max)
		return -EINVAL;
	return 0;
}

static int ts_proto(struct ts_errbuf *e, const char *s, struct cfg_ts *ts)
{
	unsigned long v;

	for (const struct cfg_name *n = ts_protos; n->name; n++) {
		if (!strcmp(s, n->name)) {
			ts->proto = n->value;
			return 0;
		}
	}
	if (ts_number(s, 255, &v))
		return ts_err(e, "unknown protocol \"%s\"", s);
	ts->proto = (uint8_t)v;
	return 0;
}

/* "%any", "80" or "1000-2000". */
static int ts_ports(struct ts_errbuf *e, char *s, struct cfg_ts *ts)
{
	char *dash = strchr(s, '-');
	unsigned long lo, hi;

	if (!strcmp(s, "%any"))
		return 0;
	if (dash)
		*dash++ = '\0';
	if (ts_number(s, 65535, &lo) || ts_number(dash ? dash : s, 65535, &hi))
		return ts_err(e, "bad port \"%s%s%s\"", s, dash ? "-" : "",
			      dash ? dash : "");
	if (lo > hi)
		return ts_err(e, "port range %lu-%lu is reversed", lo, hi);
	if (!ts->proto)
		return ts_err(e, "a port needs a protocol (e.g. [tcp/%lu])",
			      lo);
	ts->start_port = (uint16_t)lo;
	ts->end_port = (uint16_t)hi;
	return 0;
}

/* "proto" or "proto/ports", the text inside the brackets. */
static int ts_suffix(struct ts_errbuf *e, char *s, struct cfg_ts *ts)
{
	char *slash = strchr(s, '/');
	int rc;

	if (slash)
		*slash++ = '\0';
	rc = ts_proto(e, s, ts);
	if (!rc && slash)
		rc = ts_ports(e, slash, ts);
	return rc;
}

static int ts_addr(struct ts_errbuf *e, const char *s, uint8_t *family,
		   uint8_t *addr)
{
	struct msa_ip ip;

	if (cfg_addr_parse(s, &ip) || !ip.family)
		return ts_err(e, "bad address \"%s\"", s);
	if (*family && *family != ip.family)
		return ts_err(e, "\"%s\" is of the other address family", s);
	*family = ip.family;
	memcpy(addr, ip.addr, sizeof(ip.addr));
	return 0;
}

static size_t addr_len(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

/* "a-b": the range a to b. */
static int ts_range(struct ts_errbuf *e, char *s, char *dash,
		    struct cfg_ts *ts)
{
	*dash++ = '\0';
	if (ts_addr(e, s, &ts->family, ts->start) ||
	    ts_addr(e, dash, &ts->family, ts->end))
		return -EINVAL;
	if (memcmp(ts->start, ts->end, addr_len(ts->family)) > 0)
		return ts_err(e, "range %s-%s is reversed", s, dash);
	return 0;
}

/* "a/len": start a, end a with the host bits set; a's must be clear. */
static int ts_cidr(struct ts_errbuf *e, char *s, char *slash,
		   struct cfg_ts *ts)
{
	unsigned long len;
	size_t n;

	*slash++ = '\0';
	if (ts_addr(e, s, &ts->family, ts->start))
		return -EINVAL;
	n = addr_len(ts->family);
	if (ts_number(slash, n * 8, &len))
		return ts_err(e, "bad prefix length \"%s\"", slash);
	memcpy(ts->end, ts->start, n);
	for (size_t bit = len; bit < n * 8; bit++) {
		uint8_t m = (uint8_t)(0x80 >> (bit % 8));

		if (ts->start[bit / 8] & m)
			return ts_err(e, "%s/%lu has host bits set", s, len);
		ts->end[bit / 8] |= m;
	}
	return 0;
}

static int ts_address_part(struct ts_errbuf *e, char *s, struct cfg_ts *ts)
{
	char *slash = strchr(s, '/'), *dash = strchr(s, '-');

	if (!strcmp(s, "dynamic")) {
		ts->dynamic = true;
		return 0;
	}
	if (slash)
		return ts_cidr(e, s, slash, ts);
	if (dash)
		return ts_range(e, s, dash, ts);
	if (ts_addr(e, s, &ts->family, ts->start))
		return -EINVAL;
	memcpy(ts->end, ts->start, sizeof(ts->end));
	return 0;
}

int cfg_ts_parse(const char *s, struct cfg_ts *out, char *err, size_t errlen)
{
	struct ts_errbuf e = { err, errlen };
	char buf[128], *bracket;
	size_t n = strlen(s);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->end_port = 65535;
	if (n >= sizeof(buf))
		return ts_err(&e, "too long");
	memcpy(buf, s, n + 1);
	bracket = strchr(buf, '[');
	if (bracket) {
		if (buf[n - 1] != ']' || bracket == &buf[n - 2])
			return ts_err(&e, "expected [proto] or [proto/port] "
				      "at the end");
		buf[n - 1] = '\0';
		*bracket = '\0';
		rc = ts_suffix(&e, bracket + 1, out);
	}
	if (!rc)
		rc = ts_address_part(&e, buf, out);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int cfg_ts_to_set(const struct cfg_ts *in, int n, const struct msa_ip *dyn,
		struct ike_ts_set *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < n && i < IKE_MAX_TS; i++) {
		struct ike_ts *t = &out->ts[out->n_ts];
		uint8_t family = in[i].dynamic ? dyn->family : in[i].family;

		if (!family)
			return -EINVAL;
		t->type = family == AF_INET6 ? IKE_TS_IPV6_ADDR_RANGE :
					       IKE_TS_IPV4_ADDR_RANGE;
		t->ip_proto = in[i].proto;
		t->start_port = in[i].start_port;
		t->end_port = in[i].end_port;
		memcpy(t->start, in[i].dynamic ? dyn->addr : in[i].start, 16);
		memcpy(t->end, in[i].dynamic ? dyn->addr : in[i].end, 16);
		out->n_ts++;
	}
	return out->n_ts ? 0 : -EINVAL;
}
