// SPDX-License-Identifier: GPL-2.0-or-later
/* A CPU list like the kernel's (cpuset(7) "List format", without its
 * stride form): "2-11", "0,2,4-7". For per_cpu_cpus. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int num(const char **p, unsigned long *v)
{
	char *end;

	if (**p < '0' || **p > '9')
		return -EINVAL;
	*v = strtoul(*p, &end, 10);
	*p = end;
	return *v < CFG_CPUS_MAX ? 0 : -ERANGE;
}

int cfg_cpus_parse(const char *s, uint64_t *bits, char *err, size_t errlen)
{
	const char *p = s;
	unsigned long a, b;
	int n = 0;

	memset(bits, 0, CFG_CPUS_MAX / 8);
	while (*p) {
		int rc = num(&p, &a);

		b = a;
		if (!rc && *p == '-') {
			p++;
			rc = num(&p, &b);
		}
		if (rc || b < a || (*p && *p != ',') || (*p == ',' && !p[1])) {
			snprintf(err, errlen, rc == -ERANGE ? "CPUs are 0 to "
				 "%d" : "not a CPU list like \"2-11\" or "
				 "\"0,2,4-7\"", CFG_CPUS_MAX - 1);
			return -EINVAL;
		}
		for (unsigned long c = a; c <= b; c++, n++)
			bits[c / 64] |= 1ull << (c % 64);
		p += *p == ',';
	}
	if (!n) {
		snprintf(err, errlen, "no CPU in the list");
		return -EINVAL;
	}
	return 0;
}
