// SPDX-License-Identifier: GPL-2.0-or-later
/* ike/io/: the CPU hotplug uevents and CPU lists, as the kernel writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>

#include <cmocka.h>

#include "io/io_cpu.h"

static void collect(void *ctx, uint32_t cpu)
{
	uint64_t *mask = ctx;

	*mask |= 1ull << cpu;
}

static void test_cpu_list(void **state)
{
	static const struct { const char *s; uint32_t n; uint64_t mask; int rc; }
	cases[] = {
		{ "0-3\n", 8, 0xf, 0 },
		{ "0,2,4-5\n", 8, 0x35, 0 },
		{ "0-7", 4, 0xf, 0 },		/* beyond the possible CPUs */
		{ "1\n", 4, 0x2, 0 },
		{ "3-1", 4, 0, -EINVAL },
		{ "x", 4, 0, -EINVAL },
		{ "0-3;", 4, 0xf, -EINVAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t mask = 0;
		int rc = io_cpu_list(cases[i].s, cases[i].n, collect, &mask);

		assert_int_equal(rc, cases[i].rc);
		if (!rc)
			assert_int_equal(mask, cases[i].mask);
	}
}

/* As `udevadm monitor --kernel --property` shows them. */
static void test_uevent(void **state)
{
	static const char off[] = "offline@/devices/system/cpu/cpu3\0"
		"ACTION=offline\0DEVPATH=/devices/system/cpu/cpu3\0"
		"SUBSYSTEM=cpu\0SEQNUM=2101";
	static const char on[] = "online@/devices/system/cpu/cpu12\0"
		"ACTION=online\0DEVPATH=/devices/system/cpu/cpu12\0"
		"SUBSYSTEM=cpu\0SEQNUM=2102";
	static const char other[] = "online@/devices/system/memory/memory8\0"
		"ACTION=online\0DEVPATH=/devices/system/memory/memory8\0"
		"SUBSYSTEM=memory";
	static const char cache[] = "add@/devices/system/cpu/cpu3/cache\0"
		"ACTION=add\0DEVPATH=/devices/system/cpu/cpu3/cache";
	uint32_t cpu = 99;
	bool online = true;

	assert_true(io_cpu_parse_uevent(off, sizeof(off), &cpu, &online));
	assert_int_equal(cpu, 3);
	assert_false(online);
	assert_true(io_cpu_parse_uevent(on, sizeof(on), &cpu, &online));
	assert_int_equal(cpu, 12);
	assert_true(online);
	assert_false(io_cpu_parse_uevent(other, sizeof(other), &cpu, &online));
	assert_false(io_cpu_parse_uevent(cache, sizeof(cache), &cpu, &online));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_list),
		cmocka_unit_test(test_uevent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
