// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl status, the human view, shaped like `swanctl --list-sas`: one
 * block per IKE SA (identities, addresses, algorithms, age, rekey time),
 * one block per regular or fallback Child SA (SPIs with counters,
 * selectors as prefixes, times), and under it one row per per-CPU SA of
 * the same child with the set's invariant. Reads the reply of `status`
 * only (docs/ctl.md); what --json prints is the same data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_ike.h"

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "-";
}

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* "45s", "12m03s", "2h05m", "3d04h". */
static const char *dur(long long s, char buf[32])
{
	if (s < 120)
		snprintf(buf, 32, "%llds", s);
	else if (s < 7200)
		snprintf(buf, 32, "%lldm%02llds", s / 60, s % 60);
	else if (s < 172800)
		snprintf(buf, 32, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else
		snprintf(buf, 32, "%lldd%02lldh", s / 86400, s / 3600 % 24);
	return buf;
}

static void print_ts(json_t *c, const char *key, const char *what, FILE *f)
{
	json_t *e;
	size_t i;

	fprintf(f, "    %s", what);
	json_array_foreach(json_object_get(c, key), i, e)
		fprintf(f, "%s%s", i ? ", " : " ", json_string_value(e));
	fputc('\n', f);
}

static void print_steering(json_t *c, const char *key, const char *what,
			   FILE *f)
{
	json_t *a = json_object_get(c, key), *e;
	size_t i;

	if (!json_array_size(a))
		return;
	fprintf(f, "    %s:", what);
	json_array_foreach(a, i, e)
		fprintf(f, " cpu%lld=%lld", num(e, "cpu"),
			num(e, strcmp(key, "steering_in") ? "tx_sent" :
			    "rx_processed"));
	fputc('\n', f);
}

static void print_child(json_t *c, FILE *f)
{
	char a[32], r[32], e[32];
	bool out = !json_is_false(json_object_get(c, "outbound_installed"));

	fprintf(f, "  %s{%lld}: %s %s ago, reqid %lld, %s, ESP %s%s%s%s, %s\n",
		str(c, "name"), num(c, "id"), str(c, "state"),
		dur(num(c, "age_s"), a), num(c, "reqid"), str(c, "mode"),
		str(c, "encr"), strcmp(str(c, "integ"), "none") ? "/" : "",
		strcmp(str(c, "integ"), "none") ? str(c, "integ") : "",
		json_is_true(json_object_get(c, "esn")) ? ", ESN" : "",
		json_is_true(json_object_get(c, "per_cpu")) ? "fallback" :
		"regular");
	fprintf(f, "    in  %s, %lld bytes, %lld packets\n", str(c, "spi_in"),
		num(c, "bytes_in"), num(c, "packets_in"));
	fprintf(f, "    out %s, %lld bytes, %lld packets%s\n",
		str(c, "spi_out"), num(c, "bytes_out"), num(c, "packets_out"),
		out ? "" : " (outbound not installed)");
	print_ts(c, "ts_local", "local ", f);
	print_ts(c, "ts_remote", "remote", f);
	fprintf(f, "    rekeying in %s, expires in %s\n",
		dur(num(c, "rekey_in_s"), r), dur(num(c, "expire_in_s"), e));
	print_steering(c, "steering_in", "inbound processed on", f);
	print_steering(c, "steering_out", "outbound sent from", f);
}

static void print_cpus(const char *what, json_t *a, FILE *f)
{
	json_t *e;
	size_t i;

	if (!json_array_size(a))
		return;
	fprintf(f, "; %s", what);
	json_array_foreach(a, i, e)
		fprintf(f, "%s%lld", i ? "," : " ",
			(long long)json_integer_value(e));
}

/* The set's invariant (ike/ctl/ctl_pcpu.c), one line. */
static void print_set(json_t *sets, const char *name, FILE *f)
{
	json_t *p;
	size_t i;

	json_array_foreach(sets, i, p) {
		if (strcmp(str(p, "child"), name))
			continue;
		fprintf(f, "    per-CPU SAs: %zu/%lld CPUs, %s, %s",
			json_array_size(json_object_get(p, "covered")),
			num(p, "cpus_wanted"),
			json_is_true(json_object_get(p, "complete")) ?
			"complete" : "INCOMPLETE",
			json_is_true(json_object_get(p, "balanced")) ?
			"balanced" : "not balanced");
		print_cpus("duplicates on", json_object_get(p, "duplicates"), f);
		print_cpus("no inbound on", json_object_get(p, "no_inbound"), f);
		fprintf(f, "; fallback carries %.1f%% in, %.1f%% out\n",
			100 * json_number_value(json_object_get(
				p, "fallback_share_in")),
			100 * json_number_value(json_object_get(
				p, "fallback_share_out")));
	}
}

static long long off_cpu(json_t *c)
{
	json_t *a = json_object_get(c, "steering_in"), *e;
	long long n = 0;
	size_t i;

	json_array_foreach(a, i, e)
		n += num(e, "rx_off_cpu");
	return n;
}

static void print_pcpu_row(json_t *c, FILE *f)
{
	char a[32];

	fprintf(f, "      %4lld  {%lld}%*s %-10s %-7s %s  %s  %10lld %10lld "
		"%12lld %12lld %7lld\n", num(c, "cpu"), num(c, "id"),
		(int)(6 - snprintf(NULL, 0, "%lld", num(c, "id"))), "",
		str(c, "state"), dur(num(c, "age_s"), a), str(c, "spi_in"),
		str(c, "spi_out"), num(c, "packets_in"), num(c, "packets_out"),
		num(c, "bytes_in"), num(c, "bytes_out"), off_cpu(c));
}

static int by_cpu(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	long long d = num(x, "cpu") - num(y, "cpu");

	if (!d)
		d = num(x, "id") - num(y, "id");
	return d < 0 ? -1 : d > 0;
}

/* Rows of the per-CPU SAs of child `name`, by CPU. */
static void print_pcpu_rows(json_t *children, const char *name, FILE *f)
{
	json_t **row = calloc(json_array_size(children) + 1, sizeof(*row));
	json_t *c;
	size_t i, n = 0;

	if (!row)
		return;
	json_array_foreach(children, i, c)
		if (json_is_integer(json_object_get(c, "cpu")) &&
		    !strcmp(str(c, "name"), name))
			row[n++] = c;
	qsort(row, n, sizeof(*row), by_cpu);
	if (n)
		fprintf(f, "       cpu  child    state      age     "
			"in          out          pkts in   pkts out"
			"     bytes in    bytes out off-cpu\n");
	for (i = 0; i < n; i++)
		print_pcpu_row(row[i], f);
	free(row);
}

/* Is there a child named name before index upto, per-CPU or not? */
static bool name_seen(json_t *children, size_t upto, const char *name,
		      bool per_cpu)
{
	for (size_t i = 0; i < upto; i++) {
		json_t *c = json_array_get(children, i);

		if (json_is_integer(json_object_get(c, "cpu")) == per_cpu &&
		    !strcmp(str(c, "name"), name))
			return true;
	}
	return false;
}

static void print_children(json_t *sa, FILE *f)
{
	json_t *children = json_object_get(sa, "children"), *c;
	json_t *sets = json_object_get(sa, "per_cpu_sets");
	size_t i;

	json_array_foreach(children, i, c) {
		const char *name = str(c, "name");

		if (json_is_integer(json_object_get(c, "cpu")))
			continue;
		print_child(c, f);
		if (name_seen(children, i, name, false))
			continue;
		print_set(sets, name, f);
		print_pcpu_rows(children, name, f);
	}
	json_array_foreach(children, i, c) {
		const char *name = str(c, "name");

		if (json_is_integer(json_object_get(c, "cpu")) &&
		    !name_seen(children, json_array_size(children), name,
			       false) &&
		    !name_seen(children, i, name, true)) {
			fprintf(f, "  %s: per-CPU SAs without a fallback SA\n",
				name);
			print_set(sets, name, f);
			print_pcpu_rows(children, name, f);
		}
	}
}

static void print_ike(json_t *sa, FILE *f)
{
	char a[32], r[32];

	fprintf(f, "%s[%lld]: %s %s ago, %s%s\n", str(sa, "conn"),
		num(sa, "id"), str(sa, "state"), dur(num(sa, "age_s"), a),
		str(sa, "role"),
		json_is_true(json_object_get(sa, "natt")) ? ", NAT-T" : "");
	fprintf(f, "  local  '%s' @ %s\n", str(sa, "local_id"),
		str(sa, "local"));
	fprintf(f, "  remote '%s' @ %s\n", str(sa, "remote_id"),
		str(sa, "remote"));
	fprintf(f, "  %s/%s/%s, SPIs %s_i %s_r\n", str(sa, "encr"),
		str(sa, "prf"), str(sa, "dh"), str(sa, "spi_i"),
		str(sa, "spi_r"));
	fprintf(f, "  rekeying in %s\n", dur(num(sa, "rekey_in_s"), r));
	print_children(sa, f);
}

void ctl_status_print(json_t *status, FILE *f)
{
	json_t *sas = json_object_get(status, "ike_sas"), *sa;
	size_t i;

	if (!json_array_size(sas))
		fprintf(f, "no IKE SAs\n");
	json_array_foreach(sas, i, sa)
		print_ike(sa, f);
}
